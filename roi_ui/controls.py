"""Sidebar controls, each bound to one state parameter (``roi_ui.state``)."""

from __future__ import annotations

import streamlit as st

from . import state
from .params import OUTPUT_SIZES, SAMPLING_RATIOS, STRIDES

QUANTIZATION_LABELS = {"floor": "floor (the slides)", "round": "round (torchvision roi_pool)"}
SAMPLING_LABELS = {0: "adaptive (torchvision: ceil(bin size))", 1: "1 x 1", 2: "2 x 2 (the slides)", 3: "3 x 3"}
LAYOUT_LABELS = {"spaced": "spaced: 1/3, 2/3 (the slides)", "centered": "centred: 1/4, 3/4 (torchvision)"}
POOLING_LABELS = {"max": "max (the slides, mmcv)", "avg": "average (torchvision)"}
VALUE_LABELS = {"slides": "the slides' table", "image": "the image (cell averages)"}


def box_inputs(image_width: int, image_height: int) -> None:
    """x, y, w, h of the RoI in image pixels, bounded by the image."""
    st.markdown("**Region of interest** (image pixels)")
    left, right = st.columns(2)
    limits = {"x": (0, image_width - 1), "y": (0, image_height - 1), "w": (1, image_width), "h": (1, image_height)}
    for column, names in ((left, ("x", "w")), (right, ("y", "h"))):
        for name in names:
            low, high = limits[name]
            st.session_state[state.widget_key(name)] = min(max(state.values()[name], low), high)
            column.number_input(name, min_value=low, max_value=high, step=1, key=state.widget_key(name),
                                on_change=state.commit_widget, args=(name,))


def stride_input() -> None:
    """The backbone's stride: 2 to the number of 2x poolings."""
    st.select_slider("Stride (pixels per cell)", options=STRIDES, key=state.prepare_widget("stride"),
                     format_func=lambda s: f"{s} ({s.bit_length() - 1} poolings)",
                     on_change=state.commit_widget, args=("stride",))


def output_size_input() -> None:
    """Output bins per side, for both methods."""
    st.select_slider("Output size (bins per side)", options=OUTPUT_SIZES, key=state.prepare_widget("out"),
                     format_func=lambda n: f"{n} x {n}", on_change=state.commit_widget, args=("out",))


def choice(name: str, label: str, labels: dict, horizontal: bool = False) -> None:
    """A radio for a parameter with a few named choices."""
    st.radio(label, options=list(labels), format_func=labels.get, key=state.prepare_widget(name),
             horizontal=horizontal, on_change=state.commit_widget, args=(name,))


def quantization_input() -> None:
    """RoI Pooling's convention."""
    choice("quant", "RoI Pooling quantization", QUANTIZATION_LABELS)


def align_inputs() -> None:
    """RoI Align's sampling points, their layout, the pooling and ``aligned``."""
    st.radio("Sampling points per bin", options=list(SAMPLING_RATIOS), format_func=SAMPLING_LABELS.get,
             key=state.prepare_widget("sr"), on_change=state.commit_widget, args=("sr",))
    choice("layout", "Sample layout", LAYOUT_LABELS)
    choice("pool", "Pooling of a bin's samples", POOLING_LABELS)
    st.toggle("aligned (box shifted by half a cell: cell centres at .5)", key=state.prepare_widget("aligned"),
              on_change=state.commit_widget, args=("aligned",))


def values_input(slides_available: bool) -> None:
    """Where the feature values come from, and which channel of the image to show."""
    choice("values", "Feature values", VALUE_LABELS)
    if state.values()["values"] == "image" or not slides_available:
        choice("channel", "Channel of the image", {c: c for c in ("luminance", "red", "green", "blue")},
               horizontal=True)


CONTROL_GROUPS = {
    "stride": stride_input,
    "out": output_size_input,
    "quant": quantization_input,
    "align": align_inputs,
}
