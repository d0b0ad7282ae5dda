"""State flows one way: drawing a page writes nothing; a callback writes the values, the widgets and the URL."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from streamlit.runtime.caching.cache_utils import CachedFunc

import roi_ui
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


def test_every_cache_is_scoped_to_its_session():
    """Nothing derived from one session's upload is reachable from another: every Streamlit cache of ``roi_ui``
    keeps its entries per session, and the pages and ``app.py`` have no cache of their own."""
    modules = [importlib.import_module(info.name) for info in pkgutil.walk_packages(roi_ui.__path__, "roi_ui.")]
    caches = {
        f"{value.__module__}.{value.__name__}": value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, CachedFunc)
    }
    expected = {"roi_ui.session.traces._pool", "roi_ui.session.traces._sweep", "roi_ui.images.store.feature_maps"}
    assert expected <= set(caches)
    assert [name for name, cache in caches.items() if cache._info.scope != "session"] == []
    scripts = [*ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]
    assert scripts and not [str(path) for path in scripts if "st.cache_" in path.read_text()]


def test_the_lesson_preset_restores_the_whole_slides_example():
    at = page_app("3_RoI_Pooling.py", x="320", stride="16", image="upload", values="image", quant="round").run()
    next(button for button in at.button if button.label == "Lesson preset").click().run()
    assert not at.exception
    assert not dict(at.query_params)  # the preset: nothing differs from it, so the link is bare
    assert any("the slides' 25 x 18 table" in caption.value for caption in at.caption)


@pytest.mark.parametrize(
    ("page", "widget", "shown", "param"),
    [
        ("3_RoI_Pooling.py", "ctl_x", 170, "x"),
        ("5_Side_by_side.py", "ctl_shift", 7, "shift"),
        ("2_Quantization_error.py", "ctl_quant", "round", "quant"),
    ],
)
def test_a_change_sent_to_a_new_session_is_committed(page, widget, shown, param):
    """A browser that reconnected to a new server process sends the student's change to a session that never drew
    the widget (Streamlit then calls no callback): the page commits it and draws the view from it."""
    at = page_app(page, **QUERY)
    at.session_state[widget] = shown  # what the browser's widget holds, unknown to the URL
    at.run()
    assert not at.exception
    assert at.session_state[VALUES][param] == shown and at.query_params[param] == str(shown)
    assert {name: at.query_params[name] for name in QUERY if name != param} == {
        name: value for name, value in QUERY.items() if name != param
    }  # the rest of the view kept


def test_a_new_sessions_first_run_without_a_change_commits_nothing():
    at = page_app("5_Side_by_side.py", **QUERY)
    at.session_state["ctl_shift"] = 0  # the browser shows what the URL says
    at.run()
    assert not at.exception and VALUES not in at.session_state
