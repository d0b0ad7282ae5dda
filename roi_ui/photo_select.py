"""Drag a box on the photo: a Plotly box selection becomes the lesson's box.

Streamlit keeps the chart's last selection under its key. The page calls
``apply_box_selection`` first, before the sidebar is drawn, so the new box shows
in the same run; a selection is applied once only, so an old one never
overrides numbers typed later.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from roi_core import clamp_box

from . import state
from .params import MAX_IMAGE_SIDE

CHART_KEY = "photo"
APPLIED = "photo_applied_selection"
EXTENT = "photo_extent"


def selected_box(selection) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) in whole pixels of the latest box in a chart selection state, or None.

    Plotly gives the corners in drag order: they are sorted, then rounded.
    """
    boxes = ((selection or {}).get("selection") or {}).get("box") or []
    if not boxes or len(boxes[-1].get("x", ())) != 2 or len(boxes[-1].get("y", ())) != 2:
        return None
    (left, right), (top, bottom) = (sorted(round(float(v)) for v in boxes[-1][axis]) for axis in "xy")
    return left, top, right - left, bottom - top


def apply_box_selection() -> tuple[int, int, int, int] | None:
    """Move the lesson box to a new box selection, clamped to the image; return the box if clamping moved it.

    Call at the top of the page. The image size is the one the box was drawn on
    (remembered by ``photo_chart``).
    """
    box = selected_box(st.session_state.get(CHART_KEY))
    if box is None:
        st.session_state.pop(APPLIED, None)
        return None
    if box == st.session_state.get(APPLIED):
        return None
    st.session_state[APPLIED] = box
    width, height = st.session_state.get(EXTENT, (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    clamped, changed = clamp_box(box, width, height)
    for name, value in zip("xywh", clamped):
        state.set_value(name, value)
    return clamped if changed else None


def show_clamp_notice(clamped: tuple[int, int, int, int] | None) -> None:
    """Say that the dragged box had to be cut to the image or grown to the minimum size."""
    if clamped:
        x, y, w, h = clamped
        st.info(f"The dragged box was fitted to the image and to the minimum size: x={x}, y={y}, w={w}, h={h} "
                "pixels.", icon="ℹ️")


def photo_chart(fig: go.Figure, width: int, height: int) -> None:
    """Draw the photo so that dragging on it selects a box (and remember the image size for clamping)."""
    st.session_state[EXTENT] = (width, height)
    st.plotly_chart(fig, key=CHART_KEY, on_select="rerun", selection_mode=("box",),
                    config={"displayModeBar": False, "scrollZoom": False, "doubleClick": False})
