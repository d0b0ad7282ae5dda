"""The home page: what the lesson teaches, the detector pipeline, links into every page."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

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
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    labels = [annotation.get("text", "") for annotation in figure["layout"]["annotations"]]
    assert any("<b>RoI Pooling / RoI Align" in label for label in labels)  # the RoI step, highlighted
    for stage in (
        "CNN backbone",
        "Feature map",
        "Region proposals",
        "Fully connected",
        "Class scores",
        "Box regression",
    ):
        assert any(stage in label for label in labels), stage


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
