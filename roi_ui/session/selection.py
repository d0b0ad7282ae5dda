"""Choices made on a figure: a box dragged on an image, a point clicked on a map (``on_select`` callbacks).

Streamlit keeps a chart's last selection under its key; the callbacks read it
and write the values (``roi_ui.session.state``), so the new box or point shows
in the very run the selection triggers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from roi_core import RoIAlignTrace, RoIPoolTrace, clamp_box

from ..plot import kit
from . import state
from .upload import current_image

NO_TOOLBAR = {"displayModeBar": False, "scrollZoom": False, "doubleClick": False}


def dragged_box(selection: Mapping[str, Any] | None, scale: int = 1) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) in whole pixels of the latest box in a chart selection, or None; the chart's axes count
    ``scale`` pixels a unit (1: an image in pixels; the stride: a map in cells).

    Plotly gives the corners in drag order: they are sorted, scaled, then rounded.
    """
    boxes = ((selection or {}).get("selection") or {}).get("box") or []
    if not boxes or len(boxes[-1].get("x", ())) != 2 or len(boxes[-1].get("y", ())) != 2:
        return None
    (left, right), (top, bottom) = (sorted(round(float(v) * scale) for v in boxes[-1][axis]) for axis in "xy")
    return left, top, right - left, bottom - top


def clicked_point(selection: Mapping[str, Any] | None, size: int) -> tuple[int, ...] | None:
    """The first ``size`` customdata values (whole numbers) of the first clicked point that has them as numbers,
    or None."""
    points = ((selection or {}).get("selection") or {}).get("points") or []
    picked = [
        point["customdata"][:size]
        for point in points
        if len(point.get("customdata") or ()) >= size
        and all(isinstance(value, int | float) for value in point["customdata"][:size])
    ]
    return tuple(int(value) for value in picked[0]) if picked else None


def box_drag(chart_key: str, scale: int = 1) -> dict[str, Any]:
    """``st.plotly_chart`` arguments that make a drag on a chart set the box (clamped to the image): an image
    chart in pixels, or a map chart in cells with ``scale`` the stride. The figure's layout needs
    ``kit.DRAW_BOX``."""

    def apply() -> None:
        box = dragged_box(st.session_state.get(chart_key), scale)
        if box is not None:
            st.session_state[_drag_key(chart_key)] = box
            image = current_image()
            state.set_values(**dict(zip("xywh", clamp_box(box, image.width, image.height)[0])))

    return dict(key=chart_key, on_select=apply, selection_mode=("box",), config=NO_TOOLBAR)


def drawn(
    spec: dict, drawing: bool, chart_key: str, scale: int = 1, clicks: dict[str, Any] | None = None
) -> tuple[dict, dict[str, Any]]:
    """A figure spec and its ``chart`` arguments keyed ``chart_key``: when ``drawing``, a drag on it draws the box
    (``kit.DRAW_BOX`` and ``box_drag`` with ``scale``); otherwise a click does what ``clicks`` says (the arguments
    of ``point_click`` or ``bin_click``), or nothing."""
    if not drawing:
        return spec, clicks or dict(key=chart_key)
    return spec | dict(layout=spec["layout"] | kit.DRAW_BOX), box_drag(chart_key, scale)


def follow_drawn_box(drawn_with: Mapping[str, Any]) -> None:
    """In a fragment: run the whole page again when the box (fitted to the image, as a view fits it) differs from
    the one the page was ``drawn_with`` (its last full run's view values): a box drawn on the fragment's map
    reruns only the fragment, whose sidebar and other sections would still show the old box."""
    values, image = state.values(), current_image()
    box = clamp_box(tuple(values[name] for name in "xywh"), image.width, image.height)[0]
    if tuple(box) != tuple(drawn_with[name] for name in "xywh"):
        st.rerun(scope="app")


def last_drag(chart_key: str) -> tuple[int, int, int, int] | None:
    """The box last dragged on chart ``chart_key`` as drawn, before ``box_drag`` fitted it to the image (or None).

    The chart forgets its selection once the box it draws moves, so a page
    compares this with the view's box to say whether the drag was fitted.
    """
    return st.session_state.get(_drag_key(chart_key))


def _drag_key(chart_key: str) -> str:
    return f"{chart_key}_dragged"


def point_click(chart_key: str, names: tuple[str, ...], config: dict) -> dict[str, Any]:
    """``st.plotly_chart`` arguments that make a click on a point set the parameters ``names`` from its customdata."""

    def apply() -> None:
        point = clicked_point(st.session_state.get(chart_key), len(names))
        if point is not None:
            state.set_values(**dict(zip(names, point)))

    return dict(key=chart_key, on_select=apply, selection_mode=("points",), config=config)


def chosen_bin(values: Mapping[str, Any], output_size: tuple[int, int]) -> tuple[int, int]:
    """The output bin chosen (``bin_row``, ``bin_col``), moved into an output of ``output_size`` (rows, cols)."""
    rows, cols = output_size
    return min(values["bin_row"], rows - 1), min(values["bin_col"], cols - 1)


def bin_click(chart_key: str, readers: Mapping[tuple[int, int], tuple[tuple, ...]] | None = None) -> dict[str, Any]:
    """``st.plotly_chart`` arguments that make a click on a cell (customdata: row, col first) choose an output bin:
    the cell itself on an output grid (``readers`` None), else the first bin ``readers`` names for a map cell
    (``RoIPoolTrace.readers``, ``RoIAlignTrace.readers``: (bin row, bin col, …)); a cell no bin reads changes
    nothing."""

    def apply() -> None:
        cell = clicked_point(st.session_state.get(chart_key), 2)
        bins = (cell,) if readers is None or cell is None else readers.get(cell)
        if cell is not None and bins:
            state.set_values(bin_row=bins[0][0], bin_col=bins[0][1])

    return dict(key=chart_key, on_select=apply, selection_mode=("points",), config=kit.CHART_CONFIG)


def cell_bins(pool: RoIPoolTrace, align: RoIAlignTrace) -> dict[tuple[int, int], tuple[tuple, ...]]:
    """The output bins that read each map cell, RoI Pooling's where it reads it (else RoI Align's sampling points'):
    what a click on a cell of a map showing both methods chooses (``bin_click``)."""
    return {**align.readers(), **pool.readers()}
