"""Shared helpers for the AppTest page tests: run a page with URL parameters, read what it shows."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TEXT_ELEMENTS = ("markdown", "latex", "caption", "info", "warning", "text", "code")


def page_app(file_name: str, timeout: float = 30, **query: str) -> AppTest:
    """An AppTest of ``pages/<file_name>`` (entered through app.py, as a browser would) with URL query parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for name, value in query.items():
        at.query_params[name] = value
    return at.switch_page(f"pages/{file_name}")


def run_page(file_name: str, **query: str) -> AppTest:
    """Run ``pages/<file_name>`` with the given URL query parameters; fail on an exception."""
    at = page_app(file_name, **query).run()
    assert not at.exception
    return at


def run_page_home(**query: str) -> AppTest:
    """Run the home page (app.py) with the given URL query parameters; fail on an exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def page_text(at: AppTest) -> str:
    """Every text element's value, one per line."""
    return "\n".join(str(element.value) for kind in TEXT_ELEMENTS for element in at.get(kind))


def figures(at: AppTest) -> list[dict]:
    """The Plotly figures of the page, as JSON, in page order."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def array(value) -> np.ndarray:
    """A Plotly figure array: plain JSON (its nulls, the JSON writer's NaN, read back as NaN) or Plotly's typed
    {dtype, bdata, shape}."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return flat.reshape(tuple(int(n) for n in str(value["shape"]).split(","))) if "shape" in value else flat
    plain = np.asarray(value)
    return np.asarray(value, dtype=np.float64) if plain.dtype == object else plain


def figure(at: AppTest, key: str) -> dict:
    """The Plotly figure drawn with ``st.plotly_chart(..., key=key)``, as JSON."""
    charts = [chart for chart in at.get("plotly_chart") if chart.proto.id.endswith(f"-{key}")]
    assert len(charts) == 1, f"expected one chart keyed {key!r}, found {len(charts)}"
    return json.loads(charts[0].proto.spec)


def click(at: AppTest, key: str, customdata: list) -> AppTest:
    """Simulate a click on a point of the chart keyed ``key`` carrying ``customdata``: the chart's selection as the
    browser sends it; fail on an exception."""
    (chart,) = [chart for chart in at.get("plotly_chart") if chart.proto.id.endswith(f"-{key}")]
    point = dict(curve_number=1, point_number=0, point_index=0, x=0, y=0, customdata=customdata)
    selection = {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=chart.proto.id, string_value=json.dumps(selection)))
    at._run(states)
    assert not at.exception
    return at
