"""Every chart a page sends is a valid Plotly figure: the plot kit's specs skip Plotly's validation on the server
(``roi_ui.session.charts``), so it is checked here, on every page, with the preset and with other settings."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import pytest

from roi_ui.session.registry import LESSONS
from tests.app.helpers import run_page

SETTINGS = {
    "preset": {},
    "torchvision": dict(quant="round", layout="centered", pool="avg", aligned="0", sr="0", out="7"),
}


@pytest.mark.parametrize("query", SETTINGS.values(), ids=SETTINGS.keys())
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda page: page.url_path)
def test_every_chart_validates_against_plotlys_schema(lesson, query):
    at = run_page(Path(lesson.file).name, **query)
    charts = at.get("plotly_chart")
    assert charts
    for element in charts:
        go.Figure(json.loads(element.proto.spec))  # raises ValueError on any invalid property
        assert len(element.proto.alt) > 40, element.proto.id  # a text alternative that says what the chart shows
