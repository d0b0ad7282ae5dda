"""The view's traces, computed by ``roi_core`` and cached per browser session.

Cache keys are plain values (``View.key``: image digest, feature source,
settings; a box; a flag; shifts), hashed by their ``repr`` (a tuple's or a
frozen dataclass's names every value; Streamlit's own hashing walks them
object by object, a millisecond a rerun). ``st.cache_resource`` hands every caller the same trace without
copying it, which is safe because traces are immutable all the way down (frozen
dataclasses, tuples, read-only arrays: ``tests/ui/test_trace_cache.py``), and
``scope="session"`` gives every browser session caches of its own, so nothing
made from one user's upload is ever reachable from another session
(``tests/app/test_state_flow.py`` checks every cache's scope).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from roi_core import (
    CHANNEL_NAMES,
    BothMethods,
    CropGridTrace,
    GradientMaps,
    LessonSettings,
    MapGeometry,
    PrRoITrace,
    Rect,
    RoIAlignTrace,
    RoIPoolTrace,
    RotatedTrace,
    ShiftSweep,
    ZooEntry,
    ZooOptions,
    both_methods,
    gradient_maps,
    method_zoo,
    one_bin_max,
    pooled_at_strides,
    shift_sweep,
    trace_crop_and_resize,
    trace_prroi_pool,
    trace_roi_align,
    trace_roi_align_rotated,
    trace_roi_pool,
)

from ..images.store import feature_maps
from .view import View, ViewKey

LUMINANCE = "luminance"  # the image channel page 7's outputs print
KEY_BY_REPR = {tuple: repr, LessonSettings: repr, Rect: repr, ZooOptions: repr}
CACHE = dict(scope="session", max_entries=32, show_spinner=False, hash_funcs=KEY_BY_REPR)


def pool_trace(view: View, box: Rect | None = None, quantization: str | None = None) -> RoIPoolTrace:
    """RoI Pooling of ``box`` (the view's box by default) with the view's (or the given) quantization."""
    return _pool(
        view.key,
        box or view.settings.box_rect,
        quantization or view.settings.quantization,
        view.feature_map,
        view.geometry,
    )


def align_trace(view: View, box: Rect | None = None, **conventions) -> RoIAlignTrace:
    """RoI Align of ``box`` (the view's box by default) with the view's conventions, those given in
    ``conventions`` (``aligned``, ``pooling``, ``sampling_ratio``, ``sample_layout``) instead."""
    options = view.settings.align_options | conventions
    return _align(
        view.key, box or view.settings.box_rect, tuple(sorted(options.items())), view.feature_map, view.geometry
    )


def luminance_traces(view: View) -> tuple[RoIPoolTrace, RoIAlignTrace]:
    """RoI Pooling and RoI Align of the view's box, with its conventions, traced on the image's luminance cell means
    (the values page 7 prints): which cells each output bin read, and its value there."""
    key, luminance = (*view.key, LUMINANCE), image_maps(view)[CHANNEL_NAMES.index(LUMINANCE)]
    box, options = view.settings.box_rect, tuple(sorted(view.settings.align_options.items()))
    return (
        _pool(key, box, view.settings.quantization, luminance, view.geometry),
        _align(key, box, options, luminance, view.geometry),
    )


def pyramid_pooled(
    view: View, strides: tuple[int, ...], output_size: int, sampling_ratio: int
) -> tuple[tuple[int, np.ndarray], ...]:
    """The view's box pooled by RoI Align (torchvision's, aligned) on the image's cell means at each of ``strides``
    (a pyramid's levels) to ``output_size``: ((stride, (C, h, w)), ...), read-only."""
    return _at_strides(view.key, strides, output_size, sampling_ratio, view.image.rgb)


def zoo(view: View, options: ZooOptions) -> tuple[ZooEntry, ...]:
    """The view's box through every method of the zoo (``roi_core.method_zoo``) with ``options``."""
    return _zoo(view.key, options, view.feature_map, view.geometry)


def zoo_step(view: View, method: str, options: ZooOptions) -> PrRoITrace | CropGridTrace | RotatedTrace:
    """One zoo method's steps on the view's box (``roi_core.zoo_traces``): ``method`` "prroi_pool" (each bin's
    integral), "crop_and_resize" (the crop grid) or "roi_align_rotated" (the turned grid, ``options.angle``)."""
    return _zoo_step(view.key, method, options, view.feature_map, view.geometry)


def one_bin_maxima(view: View, sampling_ratio: int) -> tuple[float, float]:
    """The view's whole box as one bin by max (``roi_core.one_bin_max``): ONNX Runtime's, the samples'."""
    return _one_bin_maxima(view.key, sampling_ratio, view.feature_map, view.geometry)


def gradients(view: View, chosen: tuple[int, int] | None) -> GradientMaps:
    """The view's box's gradient maps (``roi_core.gradient_maps``) for output bin ``chosen`` (None: every bin)."""
    return _gradients(view.key, chosen, view.feature_map, view.geometry)


def sweep(view: View, shifts: tuple[int, ...]) -> ShiftSweep:
    """Both methods on the view's box moved right by each of ``shifts`` pixels."""
    return _sweep(view.key, shifts, view.feature_map, view.geometry)


def image_maps(view: View, channels: int | None = None) -> np.ndarray:
    """The image's cell-mean maps at the view's stride (red, green, blue, luminance; the first ``channels``)."""
    return feature_maps(view.image.digest, view.image.rgb, view.settings.stride)[:channels]


def both(view: View, channels: int | None = None) -> BothMethods:
    """RoI Pooling and RoI Align of the view's box, with its conventions, over the image's cell-mean maps (all,
    or the first ``channels``): one call each (``roi_core.both_methods``)."""
    return _both(view.key, channels, image_maps(view, channels))


def channel_pool_traces(view: View, channels: int) -> tuple[RoIPoolTrace, ...]:
    """RoI Pooling of the view's box traced on each of the image's first ``channels`` cell-mean maps."""
    return _channel_pools(view.key, channels, image_maps(view, channels), view.geometry)


@st.cache_resource(**CACHE)
def _both(key: ViewKey, channels: int | None, _maps: np.ndarray) -> BothMethods:
    return both_methods(_maps, key[2])


@st.cache_resource(**CACHE)
def _channel_pools(key: ViewKey, channels: int, _maps: np.ndarray, _geometry: MapGeometry) -> tuple[RoIPoolTrace, ...]:
    settings = key[2]
    return tuple(
        trace_roi_pool(channel, settings.box_rect, _geometry, settings.output_size, settings.quantization)
        for channel in _maps
    )


@st.cache_resource(**CACHE)
def _at_strides(
    key: ViewKey, strides: tuple[int, ...], output_size: int, sampling_ratio: int, _rgb: np.ndarray
) -> tuple:
    return pooled_at_strides(_rgb, key[2].box_rect, strides, output_size, sampling_ratio, aligned=True)


@st.cache_resource(**CACHE)
def _zoo(key: ViewKey, options: ZooOptions, _feature_map: np.ndarray, _geometry: MapGeometry) -> tuple[ZooEntry, ...]:
    return method_zoo(_feature_map, key[2].box_rect, _geometry, key[2].output_size, options)


@st.cache_resource(**CACHE)
def _zoo_step(key: ViewKey, method: str, options: ZooOptions, _feature_map: np.ndarray, _geometry: MapGeometry):
    box, size = key[2].box_rect, key[2].output_size
    if method == "prroi_pool":
        return trace_prroi_pool(_feature_map, box, _geometry, size)
    if method == "crop_and_resize":
        return trace_crop_and_resize(_feature_map, box, _geometry, size)
    return trace_roi_align_rotated(_feature_map, box, _geometry, size, options.angle, options.sampling_ratio)


@st.cache_resource(**CACHE)
def _one_bin_maxima(key: ViewKey, sampling_ratio: int, _feature_map: np.ndarray, _geometry: MapGeometry):
    return one_bin_max(_feature_map, key[2].box_rect, _geometry, sampling_ratio)


@st.cache_resource(**CACHE)
def _gradients(key: ViewKey, chosen: tuple[int, int] | None, _feature_map: np.ndarray, _geometry: MapGeometry):
    return gradient_maps(_feature_map, key[2], _geometry, chosen)


@st.cache_resource(**CACHE)
def _pool(key: ViewKey, box: Rect, quantization: str, _feature_map: np.ndarray, _geometry: MapGeometry) -> RoIPoolTrace:
    settings = key[2]
    return trace_roi_pool(_feature_map, box, _geometry, settings.output_size, quantization)


@st.cache_resource(**CACHE)
def _align(key: ViewKey, box: Rect, options: tuple, _feature_map: np.ndarray, _geometry: MapGeometry) -> RoIAlignTrace:
    return trace_roi_align(_feature_map, box, _geometry, key[2].output_size, **dict(options))


@st.cache_resource(**CACHE)
def _sweep(key: ViewKey, shifts: tuple[int, ...], _feature_map: np.ndarray, _geometry: MapGeometry) -> ShiftSweep:
    settings = key[2]
    return shift_sweep(
        _feature_map,
        settings.box_rect,
        _geometry,
        settings.output_size,
        shifts,
        quantization=settings.quantization,
        **settings.align_options,
    )
