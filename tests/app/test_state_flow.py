"""State flows one way: drawing a page writes nothing; a callback writes the values, the widgets and the URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from roi_ui.session.registry import LESSONS
from roi_ui.session.state import VALUES
from tests.app.helpers import page_app

ROOT = Path(__file__).resolve().parents[2]
QUERY = {"x": "320", "stride": "16", "out": "4"}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda page: page.url_path)
def test_drawing_a_page_writes_no_state_and_leaves_the_url_alone(lesson):
    at = page_app(Path(lesson.file).name, **QUERY).run()
    assert not at.exception
    assert VALUES not in at.session_state  # the values are read from the URL, not stored
    assert {name: at.query_params[name] for name in QUERY} == QUERY
    assert set(at.query_params.keys()) == set(QUERY)  # nothing added while drawing


def test_a_widget_change_writes_values_widgets_and_url_in_its_callback():
    at = page_app("3_RoI_Pooling.py", **QUERY).run()
    at.number_input(key="ctl_x").set_value(321).run()
    assert not at.exception
    assert at.session_state[VALUES]["x"] == 321 and at.session_state[VALUES]["stride"] == 16
    assert at.query_params["x"] == "321" and at.query_params["out"] == "4"
    at.button(key="step_next").click().run()
    assert at.query_params["step"] == "2" and at.query_params["x"] == "321"


def test_no_cross_session_resource_cache_anywhere():
    sources = [*ROOT.joinpath("roi_ui").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]
    assert sources
    assert not [str(path) for path in sources if "cache_resource" in path.read_text()]


def test_the_lesson_preset_restores_the_whole_slides_example():
    at = page_app("3_RoI_Pooling.py", x="320", stride="16", image="upload", values="image", quant="round").run()
    next(button for button in at.button if button.label == "Lesson preset").click().run()
    assert not at.exception
    assert not dict(at.query_params)  # the preset: nothing differs from it, so the link is bare
    assert any("the slides' 25 x 18 table" in caption.value for caption in at.caption)
