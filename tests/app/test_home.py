"""The home page: what the lesson teaches, the detector pipeline, links into every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from roi_ui.lessons import home
from tests.app import helpers

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(path.stem.split("_", 1)[1] for path in (ROOT / "pages").glob("*.py"))  # URL names


def run_home(**query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in query.items():
        app.query_params[name] = value
    return app.run()


def test_home_renders_the_pipeline_with_the_roi_step_marked():
    app = run_home()
    assert not app.exception
    charts = app.get("plotly_chart")
    assert [chart.proto.id.rsplit("-", 1)[-1] for chart in charts] == ["pipeline_wide", "pipeline_narrow"]
    for chart in charts:  # left to right for a wide screen, top to bottom for a phone
        labels = [annotation.get("text", "") for annotation in json.loads(chart.proto.spec)["layout"]["annotations"]]
        assert any("<b>RoI Pooling</b><br><b>or RoI Align</b>" in label for label in labels)  # the RoI step
        for stage in ("CNN backbone", "Feature map", "Region", "Fully", "Class scores", "Box"):
            assert any(stage in label for label in labels), stage


def test_the_pipeline_shows_one_arrangement_for_the_width_and_has_a_text_alternative():
    css = home.SWITCH_CSS
    assert f".st-key-{home.NARROW_KEY} {{ display: none; }}" in css  # wide by default
    assert (
        f"@container (max-width: {home.NARROW_BELOW}px)" in css
        and f".st-key-{home.WIDE_KEY} {{ display: none; }}" in css
    )
    assert home.ALT_TEXT in helpers.page_text(run_home())


@pytest.mark.parametrize("arrangement", [home.WIDE, home.NARROW])
def test_no_label_line_is_wider_than_its_box(arrangement):
    """Each line of a label fits its box at the smallest width the arrangement is shown at (a phone for NARROW,
    ``NARROW_BELOW`` px for WIDE), in the presenter's type at 1280 px for WIDE."""
    span = arrangement.x_range[1] - arrangement.x_range[0]
    for width, size in ((home.NARROW_BELOW, 15), (1230, 19)) if arrangement is home.WIDE else ((358, 15),):
        box_px = 2 * arrangement.half_width * (width - 20) / span
        for label, _ in home.STAGES:
            longest = max(len(line) for line in label)
            assert longest * 0.56 * size + 8 <= box_px, (label, width)


def test_home_links_every_lesson_page_and_keeps_the_view():
    app = run_home(x="320")
    links = [
        link
        for link in app.get("page_link")
        if not link.proto.disabled and "·" in link.proto.label and not link.proto.label.startswith("Start")
    ]
    links = links[len(links) // 2 :]  # the sidebar's navigation first, then the page's own links
    targets = sorted(link.proto.page.strip("/") for link in links)
    assert targets == PAGES
    assert all("x=320" in link.proto.query_string for link in links)


def test_home_reports_a_bad_link_parameter():
    app = run_home(out="99")
    assert not app.exception
    assert app.warning and "not valid" in app.warning[0].value
    assert "out='99'" in app.code[0].value


def test_home_has_a_start_button_into_the_first_page():
    app = run_home(x="320")
    starts = [link.proto for link in app.get("page_link") if link.proto.label.startswith("Start the lesson")]
    assert len(starts) == 1 and starts[0].page.strip("/") == "Image_to_feature_map"
    assert "x=320" in starts[0].query_string
