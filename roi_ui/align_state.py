"""State of the RoI Align page: cached traces and figures, and which bin and sampling point are worked out.

Traces and figures are cached per ``ViewKey`` (image digest, feature source,
settings), plain values that determine the trace, so a rerun that only changes the
chosen sample rebuilds one figure.

The chosen bin (``bin_row``, ``bin_col``) and sampling point (``sample``, 1-based
as the labels S1, S2, ...) are URL parameters; they are set by the pickers or by
a click on a sampling point of the map, and moved into range when the output
size or the grid shrinks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from roi_core import LessonSettings, MapGeometry, RoIAlignTrace, trace_roi_align

from . import state
from .align_figures import align_map_figure, aligned_sketch, output_grid_figure
from .params import MAX_SAMPLES

MAP_KEY = "align_map"  # the map chart, whose clicks choose a sampling point


@dataclass(frozen=True)
class Pick:
    """The bin (row, col) and the sampling point (1-based) the page works out."""

    row: int
    col: int
    sample: int


ViewKey = tuple[str, str, LessonSettings]  # image digest, feature source, settings: what a trace depends on


@st.cache_resource(max_entries=32, show_spinner=False)
def align_trace(key: ViewKey, aligned: bool, _feature_map: np.ndarray, _geometry: MapGeometry) -> RoIAlignTrace:
    """RoI Align traced with the view's conventions and ``aligned``."""
    settings = key[2]
    return trace_roi_align(_feature_map, settings.box_rect, _geometry, settings.output_size, settings.sampling_ratio,
                           aligned, settings.pooling, settings.sample_layout)


@st.cache_resource(max_entries=64, show_spinner=False)
def map_figure(key: ViewKey, pick: Pick, decimals: int, close_up: bool, _feature_map: np.ndarray,
               _trace: RoIAlignTrace) -> go.Figure:
    """The map with the box, bins, sampling points and the chosen sample (``align_map_figure``)."""
    return align_map_figure(_feature_map, _trace, pick.row, pick.col, pick.sample, decimals, close_up)


@st.cache_resource(max_entries=64, show_spinner=False)
def output_figure(key: ViewKey, row: int, col: int, _trace: RoIAlignTrace) -> go.Figure:
    """The output grid with bin (row, col) outlined (``output_grid_figure``)."""
    return output_grid_figure(_trace, row, col)


@st.cache_resource(max_entries=32, show_spinner=False)
def sketch_figure(key: ViewKey, _trace: RoIAlignTrace, _other: RoIAlignTrace) -> go.Figure:
    """The aligned=True / aligned=False sketch (``aligned_sketch``)."""
    return aligned_sketch(_trace, _other)


def sample_count(trace: RoIAlignTrace, row: int, col: int) -> int:
    """How many sampling points of bin (row, col) can be chosen (a link names at most ``MAX_SAMPLES``)."""
    return min(len(trace.bin(row, col).samples), MAX_SAMPLES)


def current_pick(trace: RoIAlignTrace) -> tuple[Pick, list[str]]:
    """The chosen bin and sample, moved into the trace's range; a notice for each value moved.

    A moved value is written back to the state (and the URL), so the notice shows once.
    """
    values = state.values()
    rows, cols = trace.output_size
    row, col = min(values["bin_row"], rows - 1), min(values["bin_col"], cols - 1)
    count = sample_count(trace, row, col)
    sample = min(values["sample"], max(count, 1))
    notices = []
    if row != values["bin_row"] or col != values["bin_col"]:
        notices.append(f"Bin (row {values['bin_row']}, col {values['bin_col']}) does not exist in a {rows} x {cols} "
                       f"output: showing bin (row {row}, col {col}).")
    if sample != values["sample"]:
        notices.append(f"Sampling point S{values['sample']} does not exist: bin (row {row}, col {col}) has "
                       f"{count} sampling points. Showing S{sample}.")
    for name, value in (("bin_row", row), ("bin_col", col), ("sample", sample)):
        if values[name] != value:
            state.set_value(name, value)
    return Pick(row, col, sample), notices


def choose_clicked_sample() -> None:
    """on_select callback of the map (key ``MAP_KEY``): the clicked point's customdata (row, col, S) is chosen."""
    points = st.session_state[MAP_KEY]["selection"]["points"]
    picked = [point["customdata"] for point in points if len(point.get("customdata") or ()) >= 3]
    if not picked:
        return
    row, col, sample = (int(value) for value in picked[0][:3])
    st.session_state[state.URL_NOTICES] = []
    for name, value in (("bin_row", row), ("bin_col", col), ("sample", sample)):
        state.set_value(name, value)
