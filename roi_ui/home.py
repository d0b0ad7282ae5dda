"""The home page's links into the lesson, carrying the current view along."""

from __future__ import annotations

import streamlit as st

from . import state
from .params import to_query

LESSON_PAGES = (
    ("pages/1_Image_to_feature_map.py", "1 · Image → feature map", "800 x 576 becomes 25 x 18: which cells hold the object?"),
    ("pages/2_Quantization_error.py", "2 · Quantization error", "Origin shift and crop: what is lost, what is added."),
    ("pages/3_RoI_Pooling.py", "3 · RoI Pooling", "Quantize twice, max per bin: step by step on the slides' map."),
    ("pages/4_RoI_Align.py", "4 · RoI Align", "No rounding: sampling points and bilinear interpolation, worked out."),
    ("pages/5_Side_by_side.py", "5 · Side by side", "Both outputs, their difference, and a sub-pixel shift."),
    ("pages/6_Channels.py", "6 · Channels", "Pooling is done channel by channel."),
    ("pages/7_Your_image.py", "7 · Your image", "Upload a photo, drag a box: both methods on real pixels."),
)


def lesson_links(pages) -> None:
    """One link per lesson page with its one-line summary; links keep the current view."""
    query = to_query(state.values())
    for path, label, summary in pages:
        left, right = st.columns([1, 3])
        left.page_link(path, label=label, query_params=query)
        right.markdown(summary)
