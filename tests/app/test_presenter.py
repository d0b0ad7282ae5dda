"""Presenter mode: no sidebar, a bar of links and settings, one section at a time, larger type."""

from __future__ import annotations

import pytest

from roi_ui.plot.theme import PRESENTER_SCALE, TYPE
from roi_ui.session.registry import lesson
from tests.app.helpers import figure, run_page

PAGE_1 = "1_Image_to_feature_map.py"


def drawn(at, key: str) -> bool:
    return any(chart.proto.id.endswith(f"-{key}") for chart in at.get("plotly_chart"))


def styles(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


@pytest.mark.parametrize(
    ("slide", "shown", "hidden"), [("1", "map_cells", "object_values"), ("2", "object_values", "map_cells")]
)
def test_presenter_mode_shows_one_section_at_a_time(slide, shown, hidden):
    at = run_page(PAGE_1, present="1", slide=slide)
    assert drawn(at, shown) and not drawn(at, hidden)
    titles = lesson(1).sections
    assert any(f"{titles[int(slide) - 1]} ({slide} of {len(titles)})" in md.value for md in at.markdown)
    assert not at.sidebar.get("button")  # the settings are in the top bar's pop-over


def test_normal_mode_shows_every_section_under_its_title():
    at = run_page(PAGE_1)
    assert [sub.value for sub in at.subheader] == list(lesson(1).sections)
    assert any(button.label == "Presenter mode" for button in at.sidebar.button)


def test_presenter_mode_enlarges_body_and_figure_text():
    normal, presenting = run_page(PAGE_1, slide="2"), run_page(PAGE_1, present="1", slide="2")
    assert "font-size: 20px" in styles(presenting) and "font-size: 20px" not in styles(normal)
    sizes = [figure(at, "object_values")["layout"]["font"]["size"] for at in (normal, presenting)]
    assert sizes == [TYPE.body, round(TYPE.body * PRESENTER_SCALE)]


def test_the_presenter_button_switches_the_mode_and_back():
    at = run_page(PAGE_1)
    next(button for button in at.sidebar.button if button.label == "Presenter mode").click().run()
    assert at.query_params["present"] == "1"
    next(button for button in at.button if button.label == "Leave presenter mode").click().run()
    assert at.query_params["present"] == "0"
    assert at.sidebar.get("page_link")
