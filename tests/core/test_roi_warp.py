"""RoI Warp as MNC's Caffe layer computes it (``ROIWarpingForward`` in caffe-mnc's roi_warping_layer.cu): hand-worked
cases derived from that kernel, its relation to roi_align, properties and argument checks. The layer has no CPU
version and no published test vectors, so there is no live comparison."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.align import roi_align
from roi_core.roi_warp import roi_warp

RAMP = (10.0 * np.arange(6)[:, None] + np.arange(8)[None, :])[None, None]  # value = 10 * y + x on 6 x 8 points


def rng_map(seed: int, shape=(1, 1, 6, 8)) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape)


# --- hand-worked cases from the kernel ------------------------------------------------------------------------


def test_one_sample_at_each_bins_top_left_corner():
    """Box (1, 2)-(7, 6), 2 x 3 output: bins 2 x 2, samples at y = 2, 4 and x = 1, 3, 5 (never the far corner)."""
    out = roi_warp(RAMP, np.array([[0, 1, 2, 7, 6]]), (2, 3))
    np.testing.assert_array_equal(out[0, 0], [[21, 23, 25], [41, 43, 45]])


def test_fractional_bins_interpolate_between_points():
    """Box (1, 1)-(4, 4), 2 x 2 output: bins of 1.5, samples at 1 and 2.5 on each axis."""
    features = rng_map(3)
    f = features[0, 0]
    out = roi_warp(features, np.array([[0, 1, 1, 4, 4]]), 2)[0, 0]
    expected = [
        [f[1, 1], (f[1, 2] + f[1, 3]) / 2],
        [(f[2, 1] + f[3, 1]) / 2, (f[2, 2] + f[2, 3] + f[3, 2] + f[3, 3]) / 4],
    ]
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-15)


def test_no_pooling_a_spike_between_samples_is_never_read():
    features = np.zeros((1, 1, 6, 8))
    features[0, 0, 1, 1] = 100.0  # samples of box (0, 0)-(4, 4) at 2 x 2 fall on 0 and 2 only
    assert np.all(roi_warp(features, np.array([[0, 0, 0, 4, 4]]), 2) == 0.0)
    features[0, 0, 2, 2] = 7.0
    assert roi_warp(features, np.array([[0, 0, 0, 4, 4]]), 2)[0, 0, 1, 1] == 7.0


def test_corners_are_rounded_half_away_from_zero_after_scaling():
    """spatial_scale 0.5: x1 = 3 -> 1.5 -> 2, x1 = 5 -> 2.5 -> 3, y1 = 2.9 -> 1.45 -> 1, y2 = 9 -> 4.5 -> 5."""
    scaled = roi_warp(RAMP, np.array([[0, 3, 2.9, 13, 9], [0, 5, 2.9, 13, 9]]), (2, 2), spatial_scale=0.5)
    direct = roi_warp(RAMP, np.array([[0, 2, 1, 7, 5], [0, 3, 1, 7, 5]]), (2, 2))
    np.testing.assert_array_equal(scaled, direct)
    np.testing.assert_array_equal(direct[0, 0], [[12, 14.5], [32, 34.5]])  # x = 2, 4.5; y = 1, 3
    # C's round is exact: the largest double below 0.5 rounds to 0 (floor(x + 0.5) would give 1)
    np.testing.assert_array_equal(roi_warp(RAMP, np.array([[0, 0.49999999999999994, 0, 4, 1]]), (1, 2))[0, 0], [[0, 2]])


def test_border_window_is_minus_half_to_size_minus_half():
    """Along x (W = 8): box x in [-1, 1] at 4 bins samples -1 (nothing), -0.5 and 0 (column 0), 0.5; box x in
    [7, 9] samples 7, 7.5 (last column alone) and 8, 8.5 (nothing). torchvision's rule would read -1 and 8."""
    row = RAMP[0, 0, 2]  # 20, 21, ..., 27
    left = roi_warp(RAMP, np.array([[0, -1, 2, 1, 3]]), (1, 4))[0, 0, 0]
    right = roi_warp(RAMP, np.array([[0, 7, 2, 9, 3]]), (1, 4))[0, 0, 0]
    np.testing.assert_array_equal(left, [0, row[0], row[0], (row[0] + row[1]) / 2])
    np.testing.assert_array_equal(right, [row[7], row[7], 0, 0])
    below = roi_warp(RAMP, np.array([[0, 1, 5, 2, 7]]), (4, 1))[0, 0, :, 0]  # y = 5, 5.5, 6, 6.5 on H = 6
    np.testing.assert_array_equal(below, [51, 51, 0, 0])


def test_degenerate_boxes_sample_their_first_corner():
    """Width 0, or x2 < x1 after rounding: max(x2 - x1, 0) = 0, so every column samples x1."""
    out = roi_warp(RAMP, np.array([[0, 3, 1, 3, 5], [0, 5, 1, 2, 5]]), (2, 3))
    np.testing.assert_array_equal(out[0, 0], [[13, 13, 13], [33, 33, 33]])
    np.testing.assert_array_equal(out[1, 0], [[15, 15, 15], [35, 35, 35]])


def test_values_not_above_minus_flt_max_give_zero():
    """The kernel's max over one sample starts at -FLT_MAX: -inf and NaN samples come out as 0."""
    features = RAMP.copy()
    features[0, 0, 0, 0], features[0, 0, 0, 2] = -np.inf, np.nan
    out = roi_warp(features, np.array([[0, 0, 0, 6, 1]]), (1, 3))  # samples x = 0, 2, 4
    np.testing.assert_array_equal(out[0, 0, 0], [0, 0, 4])


# --- relation to roi_align and properties ---------------------------------------------------------------------

integer_box = st.tuples(st.integers(0, 6), st.integers(0, 4), st.integers(1, 7), st.integers(1, 5)).map(
    lambda t: (t[0], t[1], min(t[0] + t[2], 7), min(t[1] + t[3], 5))
)


@settings(max_examples=60, deadline=None)
@given(box=integer_box, pooled=st.tuples(st.integers(1, 5), st.integers(1, 5)), seed=st.integers(0, 2**16))
def test_inside_the_map_it_is_roi_align_with_one_sample_moved_half_a_bin(box, pooled, seed):
    """With corners on map points, one centred sample per bin of the box moved back half a bin is MNC's corner
    sample; inside the map both kernels interpolate alike."""
    features = rng_map(seed, (1, 2, 6, 8))
    x1, y1, x2, y2 = box
    half_w, half_h = (x2 - x1) / pooled[1] / 2, (y2 - y1) / pooled[0] / 2
    shifted = np.array([[0, x1 - half_w, y1 - half_h, x2 - half_w, y2 - half_h]])
    expected = roi_align(features, shifted, pooled, 1.0, 1, False)
    np.testing.assert_allclose(roi_warp(features, np.array([[0, *box]]), pooled), expected, rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    box=st.tuples(*[st.floats(-20, 20)] * 4),
    pooled=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    value=st.floats(-9, 9).filter(lambda v: v != 0),
    scale=st.sampled_from([1.0, 0.5, 0.25]),
)
def test_constant_map_gives_the_constant_where_the_sample_is_inside_else_zero(box, pooled, value, scale):
    out = roi_warp(np.full((1, 1, 6, 8), value), np.array([[0, *box]]), pooled, scale)[0, 0]
    x1, y1, x2, y2 = (np.sign(c * scale) * np.floor(abs(c * scale) + 0.5) for c in box)
    xs = x1 + np.arange(pooled[1]) * max(x2 - x1, 0) / pooled[1]
    ys = y1 + np.arange(pooled[0]) * max(y2 - y1, 0) / pooled[0]
    inside = ((ys >= -0.5) & (ys <= 5.5))[:, None] & ((xs >= -0.5) & (xs <= 7.5))[None, :]
    np.testing.assert_allclose(out, np.where(inside, value, 0.0), rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    box=st.tuples(*[st.floats(0, 20)] * 4),
    pooled=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    shift=st.tuples(st.integers(0, 4), st.integers(0, 4)),
    seed=st.integers(0, 2**16),
)
def test_bounded_by_the_map_and_zero_and_equivariant_to_integer_shifts(box, pooled, shift, seed):
    """Boxes at x, y >= 0 (rounding commutes with an integer shift there, and no sample needs the left clamp)."""
    features = rng_map(seed, (1, 2, 6, 8))
    out = roi_warp(features, np.array([[0, *box]]), pooled)
    assert np.all(out >= min(features.min(), 0) - 1e-12) and np.all(out <= max(features.max(), 0) + 1e-12)
    dy, dx = shift  # the map moved down-right by (dy, dx); the padding is never read
    padded = np.pad(features, ((0, 0), (0, 0), (dy, 0), (dx, 0)), constant_values=1e6)
    moved = np.array([[0, box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy]])
    np.testing.assert_allclose(roi_warp(padded, moved, pooled), out, rtol=0, atol=1e-12)


# --- conventions and validation -------------------------------------------------------------------------------


def test_box_forms_scale_dtype_and_empty():
    features = rng_map(4, (2, 3, 6, 8))
    rows = np.array([[1, 0.5, 1.0, 5.0, 4.5], [0, 2.0, 0.0, 6.0, 3.0], [1, 1.0, 1.0, 3.0, 5.0]])
    as_rows = roi_warp(features, rows, (3, 2))
    np.testing.assert_array_equal(roi_warp(features, [rows[1:2, 1:], rows[[0, 2], 1:]], (3, 2)), as_rows[[1, 0, 2]])
    doubled = rows * np.array([1, 2, 2, 2, 2])
    np.testing.assert_array_equal(roi_warp(features, doubled, (3, 2), spatial_scale=0.5), as_rows)
    assert roi_warp(features, np.zeros((0, 5)), (3, 2)).shape == (0, 3, 3, 2)
    in_float32 = roi_warp(features.astype(np.float32), rows, (3, 2))
    assert in_float32.dtype == np.float32
    np.testing.assert_allclose(in_float32, as_rows, rtol=0, atol=1e-6)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((np.zeros((5, 5)), np.zeros((1, 5)), 2, 1.0), "input must be 4-D"),
        ((np.zeros((1, 1, 5, 5), dtype=np.int32), np.zeros((1, 5)), 2, 1.0), "input must be a floating array"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((2, 6)), 2, 1.0), "boxes must have shape"),
        ((np.zeros((1, 1, 5, 5)), [np.zeros((1, 5))], 2, 1.0), r"boxes\[0\] must have shape"),
        ((np.zeros((1, 1, 5, 5)), np.array([[-1, 0, 0, 2, 2]]), 2, 1.0), "boxes batch index"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), (2, 0), 1.0), "output_size"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2.0, 1.0), "output_size"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, 0.0), "spatial_scale"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, float("inf")), "spatial_scale"),
    ],
)
def test_invalid_arguments_raise_value_error_naming_them(arguments, message):
    with pytest.raises(ValueError, match=message):
        roi_warp(*arguments)
