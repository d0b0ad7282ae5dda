"""Every page links to the next one at its bottom, and the sidebar lists every page, from the page registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from roi_ui.session.registry import LESSONS, PAGES, next_page
from tests.app.helpers import page_text, run_page


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda page: page.url_path)
def test_each_page_links_the_next_and_the_sidebar_lists_every_page(lesson):
    at = run_page(Path(lesson.file).name, x="320")
    links = at.get("page_link")
    sidebar = [link.proto for link in links if link.proto.label in {page.label for page in PAGES}]
    assert [link.label for link in sidebar] == [page.label for page in PAGES]
    assert not any(link.disabled for link in sidebar)  # the current page too: disabled text fails AA contrast
    following = next_page(lesson)
    nexts = [link.proto for link in links if link.proto.label.startswith("Next: ")]
    if following is None:
        assert not nexts
    else:
        assert [link.label for link in nexts] == [f"Next: {following.label} →"]
        assert nexts[0].page.strip("/") == following.url_path
    assert all("x=320" in link.proto.query_string for link in links)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda page: page.url_path)
def test_presenter_mode_has_no_sidebar_and_a_bar_to_the_neighbours(lesson):
    at = run_page(Path(lesson.file).name, present="1", slide="2")
    assert not at.sidebar.children or not any(at.sidebar.get("page_link"))
    labels = [link.proto.label for link in at.get("page_link")]
    before, after = PAGES[lesson.number - 1], next_page(lesson)
    assert f"← {before.label}" in labels
    assert (after is None) or f"{after.label} →" in labels
    assert any(button.label == "Leave presenter mode" for button in at.button)
    queries = [link.proto.query_string for link in at.get("page_link")]
    assert all("present=1" in query and "slide=" not in query for query in queries)  # each page starts at slide 1


@pytest.mark.parametrize(
    "file_name", ["1_Image_to_feature_map.py", "3_RoI_Pooling.py", "4_RoI_Align.py", "5_Side_by_side.py"]
)
def test_pages_that_name_cells_say_they_are_counted_from_zero(file_name):
    assert "Rows and columns are counted from 0" in page_text(run_page(file_name))
