"""Precise RoI Pooling (Jiang et al., ECCV 2018) against its authors' vectors, dense numerical integration, an
independent piece-by-piece reference, hand-worked cases and properties.

The authors' vectors: ``tensorflow/tests/test_binaries/2_2_0.5`` of github.com/vacancy/PreciseRoIPooling, made with
their PyTorch module (CUDA kernel, float32). Only the map windows the two boxes read (and their neighbours, for the
coordinate gradient) are copied here; the rest of the 4 x 2 x 24 x 32 map is never read.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.align import roi_align
from roi_core.pool import roi_pool
from roi_core.prroi import prroi_pool

AUTHORS_ROIS = np.array([[0, 0, 0, 4, 4], [1, 14, 14, 18, 18]], dtype=np.float32)  # spatial_scale 0.5, 2 x 2 bins
AUTHORS_WINDOW_0 = np.array(  # features[0, :, 0:4, 0:4]
    [
        [
            [0.90815866, 0.82365865, 0.76242816, 0.7658324],
            [0.9457004, 0.049143195, 0.83864325, 0.2118209],
            [0.7265427, 0.12377876, 0.76220345, 0.6895337],
            [0.6761711, 0.71885103, 0.8896323, 0.5109207],
        ],
        [
            [0.17665678, 0.44874895, 0.01069957, 0.34588766],
            [0.70308536, 0.99793184, 0.76553005, 0.8436976],
            [0.32019085, 0.34451187, 0.3602705, 0.40708],
            [0.8121654, 0.98353255, 0.5955728, 0.6928414],
        ],
    ],
    dtype=np.float32,
)
AUTHORS_WINDOW_1 = np.array(  # features[1, :, 6:11, 6:11]
    [
        [
            [0.54256105, 0.91093016, 0.25026214, 0.8894966, 0.78036374],
            [0.83399594, 0.6681565, 0.047453165, 0.7352806, 0.76102734],
            [0.32482702, 0.1385926, 0.7676422, 0.91744345, 0.19042093],
            [0.7258746, 0.9681536, 0.5932475, 0.88400584, 0.042476237],
            [0.92958945, 0.4392717, 0.097827196, 0.6420651, 0.7652475],
        ],
        [
            [0.33563364, 0.27845943, 0.78026193, 0.030542016, 0.40160406],
            [0.3618251, 0.21510732, 0.0763852, 0.7407716, 0.11080998],
            [0.3201632, 0.3626898, 0.4811585, 0.27452898, 0.58001786],
            [0.7013696, 0.020819068, 0.04253316, 0.578051, 0.8681684],
            [0.97480917, 0.28923804, 0.923116, 0.9009256, 0.5037457],
        ],
    ],
    dtype=np.float32,
)
AUTHORS_OUTPUTS = np.array(
    [
        [[[0.6816652, 0.6184683], [0.46129125, 0.44344217]], [[0.58160573, 0.5557276], [0.59142995, 0.617061]]],
        [[[0.40546113, 0.61695486], [0.61690897, 0.79058474]], [[0.2838352, 0.39321107], [0.22680013, 0.3440679]]],
    ],
    dtype=np.float32,
)
# d(sum of both boxes' outputs) / d(box coordinates), from the authors' coordinate backward kernel
AUTHORS_BOX_GRADIENT = np.array(
    [[0.0, -0.21960735, 0.036983207, 0.13831428, -0.3612256], [0.0, 0.20075569, 0.2677078, 0.41105747, 0.011191703]]
)


def authors_features() -> np.ndarray:
    """The authors' 4 x 2 x 24 x 32 map where the boxes read it; seeded noise elsewhere (never read)."""
    features = np.random.default_rng(0).random((4, 2, 24, 32)).astype(np.float32)
    features[0, :, 0:4, 0:4] = AUTHORS_WINDOW_0
    features[1, :, 6:11, 6:11] = AUTHORS_WINDOW_1
    return features


def bilinear(image: np.ndarray, y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The continuous map: bilinear interpolation of image's integer points, zero at points outside it."""
    height, width = image.shape
    total = np.zeros(np.broadcast(y, x).shape)
    for row in (np.floor(y), np.floor(y) + 1):
        for col in (np.floor(x), np.floor(x) + 1):
            inside = (row >= 0) & (row < height) & (col >= 0) & (col < width)
            value = image[np.clip(row, 0, height - 1).astype(int), np.clip(col, 0, width - 1).astype(int)]
            total = total + np.where(inside, value, 0.0) * (1 - np.abs(y - row)) * (1 - np.abs(x - col))
    return total


def bin_edges(box: np.ndarray, pooled: tuple[int, int], scale: float):
    """Each bin's (y0, y1) and (x0, x1) edges for one (batch, x1, y1, x2, y2) row, as the paper places them."""
    x1, y1, x2, y2 = box[1:] * scale
    ys = y1 + np.arange(pooled[0] + 1) * max(y2 - y1, 0) / pooled[0]
    xs = x1 + np.arange(pooled[1] + 1) * max(x2 - x1, 0) / pooled[1]
    return list(pairwise(ys)), list(pairwise(xs))


def midpoint_rule(image: np.ndarray, box: np.ndarray, pooled, scale: float, points: int) -> np.ndarray:
    """Each bin's average of the continuous map by the midpoint rule on points x points samples."""
    rows, cols = bin_edges(box, pooled, scale)
    out = np.zeros(pooled)
    offsets = (np.arange(points) + 0.5) / points
    for i, (y0, y1) in enumerate(rows):
        for j, (x0, x1) in enumerate(cols):
            y = (y0 + offsets * (y1 - y0))[:, None]
            x = (x0 + offsets * (x1 - x0))[None, :]
            out[i, j] = bilinear(image, y, x).mean() if (y1 > y0 and x1 > x0) else 0.0
    return out


def piecewise_exact(image: np.ndarray, box: np.ndarray, pooled, scale: float) -> np.ndarray:
    """Each bin's exact average, cell piece by cell piece: a bilinear patch's integral over a rectangle inside one
    unit cell is the rectangle's area times the patch's value at the rectangle's centre."""
    rows, cols = bin_edges(box, pooled, scale)
    out = np.zeros(pooled)
    for i, (y0, y1) in enumerate(rows):
        for j, (x0, x1) in enumerate(cols):
            area = (y1 - y0) * (x1 - x0)
            if area == 0:
                continue
            total = 0.0
            for r in range(int(np.floor(y0)), int(np.ceil(y1))):
                for c in range(int(np.floor(x0)), int(np.ceil(x1))):
                    top, bottom, left, right = max(y0, r), min(y1, r + 1), max(x0, c), min(x1, c + 1)
                    if bottom > top and right > left:
                        centre = bilinear(image, np.array((top + bottom) / 2), np.array((left + right) / 2))
                        total += (bottom - top) * (right - left) * float(centre)
            out[i, j] = total / area
    return out


# --- the authors' vectors --------------------------------------------------------------------------------------


def test_equals_the_authors_outputs():
    features = authors_features()
    np.testing.assert_allclose(
        prroi_pool(features.astype(np.float64), AUTHORS_ROIS, 2, 0.5), AUTHORS_OUTPUTS, atol=1e-7
    )
    in_float32 = prroi_pool(features, AUTHORS_ROIS, (2, 2), spatial_scale=0.5)
    assert in_float32.dtype == np.float32
    np.testing.assert_allclose(in_float32, AUTHORS_OUTPUTS, rtol=0, atol=2e-7)


def test_box_gradient_matches_the_authors_coordinate_backward():
    """Central differences of our output, summed, against the authors' analytic d(output) / d(box)."""
    features, step = authors_features().astype(np.float64), 1e-6
    gradient = np.zeros((2, 5))
    for k in range(2):
        for j in range(1, 5):
            moved = np.stack([AUTHORS_ROIS.astype(np.float64)] * 2)
            moved[0, k, j] += step
            moved[1, k, j] -= step
            plus, minus = (prroi_pool(features, rois, 2, 0.5)[k].sum() for rois in moved)
            gradient[k, j] = (plus - minus) / (2 * step)
    np.testing.assert_allclose(gradient, AUTHORS_BOX_GRADIENT, rtol=0, atol=1e-6)


# --- numerical integration ------------------------------------------------------------------------------------


def test_midpoint_rule_converges_to_it():
    """Boxes inside, across the edge, and past the map: the midpoint error shrinks ~16x per 4x finer grid."""
    rng = np.random.default_rng(11)
    features = rng.normal(size=(1, 1, 7, 9))
    boxes = np.array([[0, 0.3, 0.7, 7.6, 5.2], [0, -1.8, -0.6, 3.3, 2.9], [0, 5.5, 3.25, 10.4, 7.9], [0, 2, 1, 3, 2]])
    exact = prroi_pool(features, boxes, (2, 3), 1.0)
    errors = [
        max(
            np.abs(midpoint_rule(features[0, 0], box, (2, 3), 1.0, n) - exact[k, 0]).max()
            for k, box in enumerate(boxes)
        )
        for n in (16, 64, 256)
    ]
    assert errors[1] < errors[0] / 8 and errors[2] < errors[1] / 8, errors
    assert errors[2] < 1e-5, errors


def test_roi_align_average_converges_to_it_inside_the_map():
    """RoI Align's average of n x n samples per bin is the midpoint rule: it tends to PrRoI Pooling as n grows."""
    features = np.random.default_rng(5).normal(size=(1, 2, 8, 8))
    boxes = np.array([[0, 0.5, 1.25, 6.5, 6.75], [0, 2.2, 0.1, 4.9, 3.3]])
    exact = prroi_pool(features, boxes, 3)
    errors = [np.abs(roi_align(features, boxes, 3, 1.0, n, False) - exact).max() for n in (2, 8, 32)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-3, errors


@settings(max_examples=40, deadline=None)
@given(
    corner=st.tuples(st.floats(-4, 8), st.floats(-4, 6)),
    size=st.tuples(st.one_of(st.just(0.0), st.floats(1e-3, 7), st.floats(-1, -1e-3)), st.floats(1e-3, 6)),
    pooled=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    scale=st.sampled_from([1.0, 0.5, 0.25]),
    seed=st.integers(0, 2**16),
)
def test_equals_an_independent_piece_by_piece_integral(corner, size, pooled, scale, seed):
    """Any box (inside, across the edge, past the map, empty or inverted) against the scalar reference. A thin bin
    loses digits to the rounding of its edges (an error of an ulp of the coordinate over the bin's width)."""
    features = np.random.default_rng(seed).normal(size=(1, 1, 6, 8))
    x1, y1 = corner[0] / scale, corner[1] / scale
    box = np.array([0, x1, y1, x1 + size[0] / scale, y1 + size[1] / scale])
    expected = piecewise_exact(features[0, 0], box, pooled, scale)
    thinnest = min(max(s, 0) / n for s, n in zip(size, pooled[::-1])) or 1.0
    tolerance = 1e-12 + 1e-14 / thinnest
    np.testing.assert_allclose(prroi_pool(features, box[None], pooled, scale)[0, 0], expected, rtol=0, atol=tolerance)


# --- hand-worked cases ----------------------------------------------------------------------------------------


def test_unit_bins_average_their_four_corners():
    """The authors' own test: bins one cell wide are 2 x 2 average pooling with stride 1 (corners at integers)."""
    features = np.random.default_rng(2).random((1, 3, 6, 8))
    out = prroi_pool(features, np.array([[0, 4.0, 2.0, 12.0, 8.0]]), (3, 4), spatial_scale=0.5)
    f = features[0]
    expected = (f[:, 1:4, 2:6] + f[:, 1:4, 3:7] + f[:, 2:5, 2:6] + f[:, 2:5, 3:7]) / 4
    np.testing.assert_allclose(out[0], expected, rtol=0, atol=1e-14)


def test_linear_ramp_gives_its_value_at_each_bin_centre():
    """Bilinear interpolation reproduces a linear map inside the map; the average of a linear function is its value
    at the centre. No half-pixel offset: the centre of bin (i, j) is (x1 + (j + 1/2) bw, y1 + (i + 1/2) bh)."""
    y, x = np.mgrid[0:6, 0:9].astype(np.float64)
    features = (2.0 + 0.5 * x - 3.0 * y)[None, None]
    out = prroi_pool(features, np.array([[0, 1.2, 0.4, 7.9, 4.6]]), (3, 2))
    centre_x = 1.2 + (np.arange(2) + 0.5) * (7.9 - 1.2) / 2
    centre_y = 0.4 + (np.arange(3) + 0.5) * (4.6 - 0.4) / 3
    np.testing.assert_allclose(out[0, 0], 2.0 + 0.5 * centre_x[None, :] - 3.0 * centre_y[:, None], rtol=0, atol=1e-13)


def test_a_bin_half_outside_the_map_averages_in_the_zero_ring():
    """Constant c on a 5 x 5 map: along x the map is c on [0, 4], falls linearly to 0 on [-1, 0], is 0 before.
    Over [-1, 1] the average is (c / 2 + c) / 2 = 3c / 4; over [-2, 0] it is (0 + c / 2) / 2 = c / 4."""
    features = np.full((1, 1, 5, 5), 2.0)
    boxes = np.array([[0, -1, 1, 1, 3], [0, -2, 1, 0, 3], [0, 3, 3, 5, 5], [0, -5, 1, -1, 3]], dtype=np.float64)
    out = prroi_pool(features, boxes, 1)[:, 0, 0, 0]
    # the third box: x and y over [3, 5], each 3/4 of c: 2 * (3/4)^2; the fourth lies wholly past the zero ring
    np.testing.assert_allclose(out, [1.5, 0.5, 2.0 * 0.75**2, 0.0], rtol=0, atol=1e-15)


def test_zero_area_bins_give_zero():
    features = np.random.default_rng(1).random((1, 1, 5, 5)) + 1.0
    boxes = np.array([[0, 1, 1, 1, 4], [0, 1, 1, 4, 1], [0, 3, 3, 1, 4], [0, 1, 3, 4, 1]], dtype=np.float64)
    assert np.all(prroi_pool(features, boxes, 2) == 0.0)


def test_no_half_pixel_offset_and_corners_are_not_rounded():
    """Moving a box by 0.3 on a ramp of slope 1 moves every output by exactly 0.3 (RoI Pooling would round it away)."""
    features = np.arange(8, dtype=np.float64)[None, None, None, :].repeat(4, axis=2)
    box = np.array([[0, 1.0, 0.5, 5.0, 2.5]])
    moved = box + np.array([0, 0.3, 0, 0.3, 0])
    np.testing.assert_allclose(prroi_pool(features, moved, 2) - prroi_pool(features, box, 2), 0.3, atol=1e-14)
    np.testing.assert_allclose(prroi_pool(features, box, (1, 2))[0, 0, 0], [2.0, 4.0], atol=1e-14)


def test_a_tiny_move_changes_roi_pool_by_a_jump_but_prroi_pool_by_a_tiny_amount():
    features = 7.0 - np.arange(8, dtype=np.float64)[None, None, None, :].repeat(4, axis=2)  # the max is a bin's left
    before = np.array([[0, 2.5 - 1e-9, 0.0, 6.0, 3.0]])
    after = np.array([[0, 2.5 + 1e-9, 0.0, 6.0, 3.0]])
    jump = roi_pool(features, after, (1, 2)) - roi_pool(features, before, (1, 2))
    assert np.abs(jump).max() == 1.0  # x1 rounds to 3 after the move, to 2 before: the first bin's max 5 -> 4
    assert np.abs(prroi_pool(features, after, (1, 2)) - prroi_pool(features, before, (1, 2))).max() < 1e-8


# --- properties -----------------------------------------------------------------------------------------------

inside_box = st.tuples(st.floats(0, 6), st.floats(0, 4), st.floats(0.01, 1), st.floats(0.01, 1)).map(
    lambda t: (t[0], t[1], t[0] + t[2] * (7 - t[0]), t[1] + t[3] * (5 - t[1]))
)


@settings(max_examples=60, deadline=None)
@given(box=inside_box, value=st.floats(-50, 50), pooled=st.integers(1, 4))
def test_constant_map_gives_the_constant_inside_the_map(box, value, pooled):
    """Inside [0, W - 1] x [0, H - 1] the interpolated map is the constant everywhere, so is its average."""
    features = np.full((1, 2, 6, 8), value)
    out = prroi_pool(features, np.array([[0, *box]]), pooled)
    np.testing.assert_allclose(out, value, rtol=1e-12, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(box=inside_box, pooled=st.tuples(st.integers(1, 4), st.integers(1, 4)), seed=st.integers(0, 2**16))
def test_bounded_by_the_maps_range_inside_the_map(box, pooled, seed):
    features = np.random.default_rng(seed).normal(size=(1, 3, 6, 8))
    out = prroi_pool(features, np.array([[0, *box]]), pooled)
    low, high = features.min(axis=(2, 3))[0], features.max(axis=(2, 3))[0]
    assert np.all(out[0] >= low[:, None, None] - 1e-12) and np.all(out[0] <= high[:, None, None] + 1e-12)


@settings(max_examples=60, deadline=None)
@given(
    corner=st.tuples(st.floats(-3, 8), st.floats(-3, 6)),
    size=st.tuples(st.floats(1, 6), st.floats(1, 6)),
    move=st.tuples(*[st.floats(-1, 1)] * 4),
    seed=st.integers(0, 2**16),
)
def test_continuous_in_the_box_corners(corner, size, move, seed):
    """A move of at most 1e-7 per corner changes each bin by at most a few times 1e-7 max|F| / bin size."""
    features = np.random.default_rng(seed).uniform(-1, 1, size=(1, 1, 6, 8))
    box = np.array([[0, corner[0], corner[1], corner[0] + size[0], corner[1] + size[1]]])
    moved = box + np.array([0, *move]) * 1e-7
    change = np.abs(prroi_pool(features, moved, 2) - prroi_pool(features, box, 2)).max()
    assert change <= 8 * 1e-7 / (min(size) / 2) + 1e-12


# --- conventions and validation -------------------------------------------------------------------------------


def test_box_forms_scale_dtype_and_empty():
    features = np.random.default_rng(4).random((2, 2, 6, 7))
    rows = np.array([[1, 0.5, 1.0, 5.0, 4.5], [0, 2.0, 0.0, 6.0, 3.0], [1, 1.0, 1.0, 3.0, 5.0]])
    as_rows = prroi_pool(features, rows, (2, 3))
    as_list = prroi_pool(features, [rows[1:2, 1:], rows[[0, 2], 1:]], (2, 3))
    np.testing.assert_array_equal(as_list, as_rows[[1, 0, 2]])
    doubled = rows * np.array([1, 2, 2, 2, 2])
    np.testing.assert_allclose(prroi_pool(features, doubled, (2, 3), spatial_scale=0.5), as_rows, atol=1e-15)
    assert prroi_pool(features, np.zeros((0, 5)), (2, 3)).shape == (0, 2, 2, 3)
    assert prroi_pool(features.astype(np.float32), rows, 1).dtype == np.float32


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((np.zeros((2, 5, 5)), np.zeros((1, 5)), 2, 1.0), "input must be 4-D"),
        ((np.zeros((1, 1, 5, 5), dtype=int), np.zeros((1, 5)), 2, 1.0), "input must be a floating array"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 4)), 2, 1.0), "boxes must have shape"),
        ((np.zeros((1, 1, 5, 5)), np.array([[1, 0, 0, 2, 2]]), 2, 1.0), "boxes batch index"),
        ((np.zeros((1, 1, 5, 5)), np.array([[0, 0, np.nan, 2, 2]]), 2, 1.0), "boxes must hold finite"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 0, 1.0), "output_size"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), (2, 2, 2), 1.0), "output_size"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, -0.5), "spatial_scale"),
        ((np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, "1"), "spatial_scale"),
    ],
)
def test_invalid_arguments_raise_value_error_naming_them(arguments, message):
    with pytest.raises(ValueError, match=message):
        prroi_pool(*arguments)
