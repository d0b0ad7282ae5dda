"""The view's traces, computed by ``roi_core`` and cached per browser session.

Cache keys are plain values (``View.key``: image digest, feature source,
settings; a box; a flag). ``st.cache_data`` hands each caller its own copy of
an immutable trace, and ``scope="session"`` keeps anything made from an upload
in the session that uploaded it.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from roi_core import (
    MapGeometry,
    Rect,
    RoIAlignTrace,
    RoIPoolTrace,
    ShiftSweep,
    shift_sweep,
    trace_roi_align,
    trace_roi_pool,
)

from .view import View, ViewKey

CACHE = dict(scope="session", max_entries=32, show_spinner=False)


def pool_trace(view: View, box: Rect | None = None, quantization: str | None = None) -> RoIPoolTrace:
    """RoI Pooling of ``box`` (the view's box by default) with the view's (or the given) quantization."""
    return _pool(
        view.key,
        box or view.settings.box_rect,
        quantization or view.settings.quantization,
        view.feature_map,
        view.geometry,
    )


def align_trace(view: View, box: Rect | None = None, aligned: bool | None = None) -> RoIAlignTrace:
    """RoI Align of ``box`` (the view's box by default) with the view's conventions, ``aligned`` as given."""
    return _align(
        view.key,
        box or view.settings.box_rect,
        view.settings.aligned if aligned is None else aligned,
        view.feature_map,
        view.geometry,
    )


def sweep(view: View, shifts: tuple[int, ...]) -> ShiftSweep:
    """Both methods on the view's box moved right by each of ``shifts`` pixels."""
    return _sweep(view.key, shifts, view.feature_map, view.geometry)


@st.cache_data(**CACHE)
def _pool(key: ViewKey, box: Rect, quantization: str, _feature_map: np.ndarray, _geometry: MapGeometry) -> RoIPoolTrace:
    settings = key[2]
    return trace_roi_pool(_feature_map, box, _geometry, settings.output_size, quantization)


@st.cache_data(**CACHE)
def _align(key: ViewKey, box: Rect, aligned: bool, _feature_map: np.ndarray, _geometry: MapGeometry) -> RoIAlignTrace:
    settings = key[2]
    return trace_roi_align(
        _feature_map,
        box,
        _geometry,
        settings.output_size,
        settings.sampling_ratio,
        aligned,
        settings.pooling,
        settings.sample_layout,
    )


@st.cache_data(**CACHE)
def _sweep(key: ViewKey, shifts: tuple[int, ...], _feature_map: np.ndarray, _geometry: MapGeometry) -> ShiftSweep:
    settings = key[2]
    return shift_sweep(
        _feature_map,
        settings.box_rect,
        _geometry,
        settings.output_size,
        shifts,
        quantization=settings.quantization,
        sampling_ratio=settings.sampling_ratio,
        sample_layout=settings.sample_layout,
        pooling=settings.pooling,
        aligned=settings.aligned,
    )
