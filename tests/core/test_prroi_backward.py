"""The backward pass of Precise RoI Pooling (Jiang et al., ECCV 2018): against its authors' vectors, the adjoint of
the forward, central finite differences, an independent bin-by-bin transcription of the coordinate kernel,
hand-worked cases and properties.

The authors' vectors: ``tensorflow/tests/test_binaries/2_2_0.5`` of github.com/vacancy/PreciseRoIPooling (their
PyTorch module, CUDA kernel, float32): the coordinate gradient is ``AUTHORS_BOX_GRADIENT`` of ``test_prroi_pool``;
their map gradient (``gradients0.npy``) is zero but for the two windows written out below.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.prroi import prroi_pool
from roi_core.prroi_backward import prroi_pool_backward
from tests.core.test_prroi_pool import (
    AUTHORS_BOX_GRADIENT,
    AUTHORS_ROIS,
    authors_features,
    bilinear,
    bin_edges,
    inside_box,
    piecewise_exact,
)

TENT = np.outer([1, 2, 1], [1, 2, 1]) / 4  # each of 2 x 2 unit bins averages its 4 corners: the points' total weight


def loss(features, boxes, grad, pooled, scale) -> float:
    """sum(grad * output): its gradient is what the backward returns for that ``grad``."""
    return float(np.sum(grad * prroi_pool(features, boxes, pooled, scale)))


def central_differences(features, boxes, grad, pooled, scale, step) -> np.ndarray:
    """d loss / d(each corner of each box) by central differences; column 0 stays 0."""
    gradient = np.zeros(boxes.shape)
    for k in range(len(boxes)):
        for j in range(1, 5):
            plus, minus = boxes.copy(), boxes.copy()
            plus[k, j] += step
            minus[k, j] -= step
            gradient[k, j] = (
                loss(features, plus, grad, pooled, scale) - loss(features, minus, grad, pooled, scale)
            ) / (2 * step)
    return gradient


def line_mean(image, fixed, start, end, vertical: bool) -> float:
    """Mean of the continuous map along a segment: x = fixed, y over [start, end] (vertical), or the transpose.
    Between integer rows (columns) the map is linear along the segment, so each piece is its length times its
    midpoint's value."""
    total = 0.0
    for cell in range(int(np.floor(start)), int(np.ceil(end))):
        low, high = max(start, cell), min(end, cell + 1)
        if high > low:
            middle = np.array((low + high) / 2)
            value = bilinear(image, middle, np.array(fixed)) if vertical else bilinear(image, np.array(fixed), middle)
            total += (high - low) * float(value)
    return total / (end - start)


def coordinate_kernel_reference(image, box, grad, pooled, scale) -> np.ndarray:
    """One box, one channel, bin by bin as ``PrRoIPoolingCoorBackward`` goes: each bin's d(average)/d(edge) is the
    map's mean along that edge minus the bin's average, over the bin's size (with the sign of the edge), times the
    edge's share of each corner. Returns the (5,) row; zero-area bins are skipped."""
    rows, cols = bin_edges(box, pooled, scale)
    average = piecewise_exact(image, box, pooled, scale)
    h, w = pooled
    row = np.zeros(5)
    for i, (y0, y1) in enumerate(rows):
        for j, (x0, x1) in enumerate(cols):
            if not (y1 > y0 and x1 > x0):
                continue
            a = average[i, j]
            d_x0 = (a - line_mean(image, x0, y0, y1, vertical=True)) / (x1 - x0)
            d_x1 = (line_mean(image, x1, y0, y1, vertical=True) - a) / (x1 - x0)
            d_y0 = (a - line_mean(image, y0, x0, x1, vertical=False)) / (y1 - y0)
            d_y1 = (line_mean(image, y1, x0, x1, vertical=False) - a) / (y1 - y0)
            row[1] += grad[i, j] * (d_x0 * (1 - j / w) + d_x1 * (1 - (j + 1) / w))
            row[3] += grad[i, j] * (d_x0 * j / w + d_x1 * (j + 1) / w)
            row[2] += grad[i, j] * (d_y0 * (1 - i / h) + d_y1 * (1 - (i + 1) / h))
            row[4] += grad[i, j] * (d_y0 * i / h + d_y1 * (i + 1) / h)
    return row * scale


# --- the authors' vectors --------------------------------------------------------------------------------------


def test_equals_the_authors_coordinate_gradient():
    """Their float32 kernel's d(sum of outputs)/d(rois), to its float32 rounding."""
    features = authors_features()
    _, grad_boxes = prroi_pool_backward(np.ones((2, 2, 2, 2)), features.astype(np.float64), AUTHORS_ROIS, 2, 0.5)
    np.testing.assert_allclose(grad_boxes, AUTHORS_BOX_GRADIENT, rtol=0, atol=1e-7)
    _, in_float32 = prroi_pool_backward(np.ones((2, 2, 2, 2), np.float32), features, AUTHORS_ROIS, (2, 2), 0.5)
    np.testing.assert_allclose(in_float32, AUTHORS_BOX_GRADIENT, rtol=0, atol=1e-7)


def test_equals_the_authors_map_gradient():
    """Boxes (0, 0, 4, 4) and (14, 14, 18, 18) at scale 0.5: 2 x 2 unit bins from (0, 0) and from (7, 7). Their
    gradients0.npy is this tent in both channels at those corners and zero elsewhere."""
    features = authors_features()
    grad_input, _ = prroi_pool_backward(np.ones((2, 2, 2, 2), np.float32), features, AUTHORS_ROIS, 2, 0.5)
    expected = np.zeros(features.shape)
    expected[0, :, 0:3, 0:3] = TENT
    expected[1, :, 7:10, 7:10] = TENT
    assert grad_input.dtype == np.float32
    np.testing.assert_array_equal(grad_input, expected)


# --- the map gradient: the forward's adjoint ------------------------------------------------------------------

any_box = st.tuples(
    st.floats(-4, 9),
    st.floats(-4, 7),
    st.one_of(st.just(0.0), st.floats(-2, -1e-3), st.floats(1e-3, 8)),
    st.floats(0, 7),
).map(lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@settings(max_examples=60, deadline=None)
@given(
    boxes=st.lists(st.tuples(st.integers(0, 1), any_box), min_size=1, max_size=5),
    pooled=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    scale=st.sampled_from([1.0, 0.5, 2.0]),
    shape=st.tuples(st.integers(1, 7), st.integers(1, 8)),
    seed=st.integers(0, 2**16),
)
def test_map_gradient_is_the_adjoint_of_the_forward(boxes, pooled, scale, shape, seed):
    """<g, prroi_pool(x)> = <grad_input, x> for random maps and g; boxes inside, across the edge, past the map,
    empty or inverted, several per image."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(2, 2, *shape))
    rois = np.array([[b, *(np.array(box) / scale)] for b, box in boxes])
    grad = rng.normal(size=(len(rois), 2, *pooled))
    grad_input, _ = prroi_pool_backward(grad, features, rois, pooled, scale)
    forward = np.sum(grad * prroi_pool(features, rois, pooled, scale))
    np.testing.assert_allclose(np.sum(grad_input * features), forward, rtol=1e-12, atol=1e-12)


def test_map_gradient_equals_the_forwards_jacobian_transposed():
    """Every entry: the forward of each unit map e_m, dotted with g, is grad_input[m]."""
    rng = np.random.default_rng(3)
    shape = (2, 2, 4, 5)
    rois = np.array([[0, -1.3, 0.4, 3.2, 2.9], [1, 0.5, -2.0, 6.5, 5.5], [1, 2.0, 1.0, 2.7, 1.2], [0, 1, 1, 1, 3]])
    grad = rng.normal(size=(4, 2, 2, 3))
    grad_input, _ = prroi_pool_backward(grad, np.zeros(shape), rois, (2, 3))
    expected = np.zeros(shape)
    for index in np.ndindex(shape):
        unit = np.zeros(shape)
        unit[index] = 1.0
        expected[index] = np.sum(grad * prroi_pool(unit, rois, (2, 3)))
    assert np.abs(expected).max() > 0.1
    np.testing.assert_allclose(grad_input, expected, rtol=0, atol=1e-14)


# --- the box gradient -----------------------------------------------------------------------------------------

sized_box = st.tuples(st.floats(-3, 8), st.floats(-3, 6), st.floats(1, 7), st.floats(1, 6)).map(
    lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])
)


@settings(max_examples=40, deadline=None)
@given(
    boxes=st.lists(st.tuples(st.integers(0, 1), sized_box), min_size=1, max_size=3),
    pooled=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    scale=st.sampled_from([1.0, 0.5, 0.25]),
    seed=st.integers(0, 2**16),
)
def test_box_gradient_equals_central_differences(boxes, pooled, scale, seed):
    """Boxes of at least one map cell, inside and across the map's edge. The output is continuously differentiable
    in the corners where bins have positive area, but its derivative has kinks where an edge crosses an integer:
    off them the differences agree to ~1e-9, on them (hypothesis likes whole numbers) to a few 1e-6."""
    rng = np.random.default_rng(seed)
    features = rng.uniform(-1, 1, size=(2, 2, 6, 8))
    rois = np.array([[b, *(np.array(box) / scale)] for b, box in boxes])
    grad = rng.normal(size=(len(rois), 2, *pooled))
    _, grad_boxes = prroi_pool_backward(grad, features, rois, pooled, scale)
    numeric = central_differences(features, rois, grad, pooled, scale, step=1e-6)
    assert np.all(grad_boxes[:, 0] == 0)
    np.testing.assert_allclose(grad_boxes, numeric, rtol=1e-5, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    corner=st.tuples(st.floats(-4, 8), st.floats(-4, 6)),
    size=st.tuples(st.one_of(st.just(0.0), st.floats(-1, -1e-3), st.floats(1e-2, 7)), st.floats(1e-2, 6)),
    pooled=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    scale=st.sampled_from([1.0, 0.5, 0.25]),
    seed=st.integers(0, 2**16),
)
def test_box_gradient_equals_a_bin_by_bin_transcription_of_the_kernel(corner, size, pooled, scale, seed):
    """Any box (inside, across the edge, past the map, empty or inverted) against the scalar reference. Each bin's
    term is a difference of means over the bin's size, and each mean already carries an ulp of the coordinates over
    the bin's size: thin bins lose digits as 1 / size^2 (measured: at most ~1.4e-15 / size^2)."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(1, 1, 6, 8))
    grad = rng.normal(size=(1, 1, *pooled))
    x1, y1 = corner[0] / scale, corner[1] / scale
    box = np.array([0, x1, y1, x1 + size[0] / scale, y1 + size[1] / scale])
    expected = coordinate_kernel_reference(features[0, 0], box, grad[0, 0], pooled, scale)
    _, grad_boxes = prroi_pool_backward(grad, features, box[None], pooled, scale)
    thinnest = min(max(s, 0) / n for s, n in zip(size, pooled[::-1])) or 1.0
    np.testing.assert_allclose(grad_boxes[0], expected, rtol=0, atol=1e-13 / thinnest**2)


def test_linear_map_hand_worked():
    """f = 2 + x/2 - 3y inside a 6 x 9 map: each bin's average is f at its centre, x1 + (j + 1/2)(x2 - x1)/w, so
    d/dx1 = (1/2)(1 - (j + 1/2)/w), d/dx2 = (1/2)(j + 1/2)/w, and -3 times the same in i/h for y1, y2. Bin (1, 0)
    of 3 x 2: d/dx1 = 0.5 * 3/4, d/dx2 = 0.5 * 1/4, d/dy1 = d/dy2 = -3 * 1/2."""
    y, x = np.mgrid[0:6, 0:9].astype(np.float64)
    features = (2.0 + 0.5 * x - 3.0 * y)[None, None]
    grad = np.zeros((1, 1, 3, 2))
    grad[0, 0, 1, 0] = 1.0
    box = np.array([[0, 1.2, 0.4, 7.9, 4.6]])
    _, grad_boxes = prroi_pool_backward(grad, features, box, (3, 2))
    np.testing.assert_allclose(grad_boxes[0], [0, 0.375, -1.5, 0.125, -1.5], rtol=0, atol=1e-13)
    # the same box in image pixels at spatial_scale 0.25: each corner moves 4 times as far, the gradient is a quarter
    _, scaled = prroi_pool_backward(grad, features, box * np.array([1, 4, 4, 4, 4]), (3, 2), 0.25)
    np.testing.assert_allclose(scaled[0], [0, 0.375 / 4, -1.5 / 4, 0.125 / 4, -1.5 / 4], rtol=0, atol=1e-13)


@settings(max_examples=60, deadline=None)
@given(
    box=inside_box,
    slopes=st.tuples(st.floats(-5, 5), st.floats(-5, 5)),
    pooled=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    seed=st.integers(0, 2**16),
)
def test_linear_map_gives_its_slopes_times_the_bin_centres_shares(box, slopes, pooled, seed):
    """f = a x + b y + c (a second channel: -b x + a y) inside the map: the centre of bin (i, j) is
    x1 + (j + 1/2)(x2 - x1)/w, y1 + (i + 1/2)(y2 - y1)/h, so d/dx1 = sum g a (1 - (j + 1/2)/w), d/dx2 = sum g a
    (j + 1/2)/w, and the same with b and i/h for y1, y2. Thin bins lose digits as 1 / size^2 (see above)."""
    a, b = slopes
    y, x = np.mgrid[0:6, 0:8].astype(np.float64)
    features = np.stack([a * x + b * y + 1.5, -b * x + a * y - 2.0])[None]
    grad = np.random.default_rng(seed).normal(size=(1, 2, *pooled))
    _, grad_boxes = prroi_pool_backward(grad, features, np.array([[0, *box]]), pooled)
    h, w = pooled
    share_x, share_y = (np.arange(w) + 0.5) / w, (np.arange(h) + 0.5) / h
    slope_x, slope_y = np.array([a, -b]), np.array([b, a])
    g_x, g_y = np.einsum("cij,c->j", grad[0], slope_x), np.einsum("cij,c->i", grad[0], slope_y)
    expected = [0, g_x @ (1 - share_x), g_y @ (1 - share_y), g_x @ share_x, g_y @ share_y]
    thinnest = min((box[2] - box[0]) / w, (box[3] - box[1]) / h)
    np.testing.assert_allclose(grad_boxes[0], expected, rtol=0, atol=1e-13 * (1 + abs(a) + abs(b)) / thinnest**2)


@settings(max_examples=60, deadline=None)
@given(box=inside_box, value=st.floats(-50, 50), pooled=st.tuples(st.integers(1, 4), st.integers(1, 4)))
def test_constant_map_gives_no_box_gradient_inside_the_map(box, value, pooled):
    """Inside [0, W - 1] x [0, H - 1] the map is the constant on every edge and bin: moving a corner changes nothing.
    The map gradient of a box inside sums to the sum of g (each bin's weights sum to 1)."""
    features = np.full((1, 2, 6, 8), value)
    grad = np.random.default_rng(0).normal(size=(1, 2, *pooled))
    grad_input, grad_boxes = prroi_pool_backward(grad, features, np.array([[0, *box]]), pooled)
    thinnest = min((box[2] - box[0]) / pooled[1], (box[3] - box[1]) / pooled[0])
    np.testing.assert_allclose(grad_boxes, 0.0, rtol=0, atol=1e-13 * (1 + abs(value)) / thinnest**2)
    np.testing.assert_allclose(grad_input.sum(), grad.sum(), rtol=1e-12, atol=1e-12)


def test_constant_map_across_the_edge_hand_worked():
    """Constant 2 on a 5 x 5 map, box [-0.5, 1.5] x [1, 3], one bin. Along x the map is 2 (1 + x) on [-1, 0] and 2
    after: integral 2 (1/2 - 1/8) + 2 x 1.5 = 3.75 over width 2, average A = 1.875. d/dx1 = (A - f(-0.5)) / 2 =
    (1.875 - 1) / 2 = 0.4375, d/dx2 = (f(1.5) - A) / 2 = 0.0625; along y the map is 2 times the x profile, whose
    mean is A on both horizontal edges: d/dy1 = d/dy2 = 0."""
    features = np.full((1, 1, 5, 5), 2.0)
    box = np.array([[0, -0.5, 1.0, 1.5, 3.0]])
    np.testing.assert_allclose(prroi_pool(features, box, 1)[0, 0, 0, 0], 1.875, rtol=0, atol=1e-15)
    _, grad_boxes = prroi_pool_backward(np.ones((1, 1, 1, 1)), features, box, 1)
    np.testing.assert_allclose(grad_boxes[0], [0, 0.4375, 0, 0.0625, 0], rtol=0, atol=1e-15)


def test_zero_area_bins_give_no_gradient():
    """Boxes with x2 <= x1 or y2 <= y1 give 0 in the forward, so nothing to either gradient; a box wholly past the
    map's ring of zeros has positive area but reads only zeros."""
    features = np.random.default_rng(1).random((1, 2, 5, 5)) + 1.0
    rois = np.array([[0, 1, 1, 1, 4], [0, 1, 1, 4, 1], [0, 3, 3, 1, 4], [0, 1, 3, 4, 1], [0, 6.5, 1, 9, 3]])
    grad = np.ones((5, 2, 2, 2))
    grad_input, grad_boxes = prroi_pool_backward(grad, features, rois, 2)
    assert np.all(grad_input == 0) and np.all(grad_boxes == 0)
    # one box of them with positive area gets both gradients, the others still none
    grad_input, grad_boxes = prroi_pool_backward(grad[:2], features, np.array([rois[0], [0, 1, 1, 3.5, 4]]), 2)
    assert np.all(grad_boxes[0] == 0) and np.all(grad_boxes[1, 1:] != 0) and grad_input.sum() > 0


# --- conventions and validation -------------------------------------------------------------------------------


def test_box_forms_scale_dtype_and_empty():
    rng = np.random.default_rng(4)
    features = rng.random((2, 2, 6, 7))
    rows = np.array([[1, 0.5, 1.0, 5.0, 4.5], [0, 2.0, 0.0, 6.0, 3.0], [1, 1.0, 1.0, 3.0, 5.0]])
    grad = rng.normal(size=(3, 2, 2, 3))
    as_rows = prroi_pool_backward(grad, features, rows, (2, 3))
    as_list = prroi_pool_backward(grad[[1, 0, 2]], features, [rows[1:2, 1:], rows[[0, 2], 1:]], (2, 3))
    np.testing.assert_allclose(as_list[0], as_rows[0], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(as_list[1], as_rows[1][[1, 0, 2]])
    doubled = rows * np.array([1, 2, 2, 2, 2])
    halved = prroi_pool_backward(grad, features, doubled, (2, 3), spatial_scale=0.5)
    np.testing.assert_allclose(halved[0], as_rows[0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(halved[1], as_rows[1] * 0.5, rtol=0, atol=1e-14)
    empty = prroi_pool_backward(np.zeros((0, 2, 2, 3)), features, np.zeros((0, 5)), (2, 3))
    assert empty[0].shape == features.shape and not empty[0].any() and empty[1].shape == (0, 5)
    in_float32 = prroi_pool_backward(grad.astype(np.float32), features.astype(np.float32), rows, (2, 3))
    assert in_float32[0].dtype == np.float32 and in_float32[1].dtype == np.float64


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((np.zeros((1, 1, 2)), np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, 1.0), "grad_output must be 4-D"),
        (
            (np.zeros((1, 1, 2, 2), int), np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, 1.0),
            "grad_output must be a float",
        ),
        ((np.zeros((1, 1, 2, 3)), np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, 1.0), "grad_output must have the out"),
        ((np.zeros((2, 1, 2, 2)), np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, 1.0), "grad_output must have the out"),
        ((np.zeros((1, 2, 2, 2)), np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, 1.0), "grad_output must have the out"),
        ((np.zeros((1, 1, 2, 2)), np.zeros((1, 5, 5)), np.zeros((1, 5)), 2, 1.0), "input must be 4-D"),
        ((np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 5, 5)), np.zeros((1, 4)), 2, 1.0), "boxes must have shape"),
        ((np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 5, 5)), np.array([[1, 0, 0, 2, 2]]), 2, 1.0), "boxes batch index"),
        ((np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 0, 1.0), "output_size"),
        ((np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 5, 5)), np.zeros((1, 5)), 2, 0.0), "spatial_scale"),
    ],
)
def test_invalid_arguments_raise_value_error_naming_them(arguments, message):
    with pytest.raises(ValueError, match=message):
        prroi_pool_backward(*arguments)
