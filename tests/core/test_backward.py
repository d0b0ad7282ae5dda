"""The backward passes in roi_core.backward: adjoint identity, directional derivatives and hand-worked gradients.

NumPy only (torch autograd parity is in test_backward_torch_parity.py). Avg RoI Align
is linear, so its backward must be its adjoint: <G, A x> = <A^T G, x>. Max pooling
is piecewise linear; on maps drawn from a continuous distribution (no ties) the
gradient must give the derivative along any direction.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_core import roi_align, roi_pool
from roi_core.backward import roi_align_backward, roi_pool_backward

SCALES = (1.0, 0.5, 0.25)
STEP = 1e-7  # central differences of a piecewise-linear function: exact but for rounding

ratios = st.sampled_from((-1, 0, 1, 2, 3))
layouts = st.sampled_from(("centered", "spaced"))
output_sizes = st.tuples(st.integers(1, 4), st.integers(1, 4))
seeds = st.integers(0, 2**32 - 1)


@st.composite
def map_shapes(draw):
    return draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 7)), draw(st.integers(1, 7))


@st.composite
def corners(draw, size: int, margin: int = 3):
    """(start, end) in cells on an eighth-cell grid, up to ``margin`` cells off the map; some of zero size."""
    a = draw(st.integers(-margin * 8, (size + margin) * 8)) / 8
    if draw(st.integers(0, 4)) == 0:
        return a, a
    b = draw(st.integers(-margin * 8, (size + margin) * 8)) / 8
    return min(a, b), max(a, b)


@st.composite
def boxes_on(draw, shape, scale: float):
    """(K, 5) boxes in pixels on a map of ``shape``: inside, partly or wholly outside, zero-size."""
    batch, _, height, width = shape
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        (x1, x2), (y1, y2) = draw(corners(width)), draw(corners(height))
        rows.append([draw(st.integers(0, batch - 1)), x1 / scale, y1 / scale, x2 / scale, y2 / scale])
    return np.array(rows)


def directional_derivative(function, features: np.ndarray, direction: np.ndarray) -> float:
    return (function(features + STEP * direction) - function(features - STEP * direction)) / (2 * STEP)


def assert_directional_derivatives(backward, loss, features, rng) -> None:
    """``backward`` (the gradient of ``loss`` at ``features``) gives loss's derivative along 3 random directions."""
    for direction in rng.standard_normal((3, *features.shape)):
        expected = directional_derivative(loss, features, direction)
        np.testing.assert_allclose(np.vdot(backward, direction), expected, rtol=1e-6, atol=1e-6)


# Hypothesis' draws shared by the tests below: RoI Align's options, or RoI Pooling's quantization, on random maps.
align_cases = given(
    data=st.data(),
    shape=map_shapes(),
    out=output_sizes,
    scale=st.sampled_from(SCALES),
    ratio=ratios,
    aligned=st.booleans(),
    layout=layouts,
    seed=seeds,
)
pool_cases = given(
    data=st.data(),
    shape=map_shapes(),
    out=output_sizes,
    scale=st.sampled_from(SCALES),
    quantization=st.sampled_from(("round", "floor")),
    seed=seeds,
)


def random_case(data, shape, out, scale, seed):
    """A generator, boxes drawn on ``shape``, a tie-free normal map and a normal grad_output for them."""
    rng = np.random.default_rng(seed)
    boxes = data.draw(boxes_on(shape, scale))
    return rng, boxes, rng.standard_normal(shape), rng.standard_normal((len(boxes), shape[1], *out))


# --- RoI Align, average: the adjoint of the forward ------------------------------------------


@align_cases
def test_avg_align_backward_is_the_adjoint(data, shape, out, scale, ratio, aligned, layout, seed):
    _, boxes, features, grad_output = random_case(data, shape, out, scale, seed)
    forward = roi_align(features, boxes, out, scale, ratio, aligned, sample_layout=layout)
    backward = roi_align_backward(grad_output, boxes, shape, out, scale, ratio, aligned, sample_layout=layout)
    assert backward.shape == shape and backward.dtype == np.float64
    np.testing.assert_allclose(np.vdot(grad_output, forward), np.vdot(backward, features), rtol=1e-10, atol=1e-10)


@given(shape=map_shapes(), data=st.data(), ratio=ratios, aligned=st.booleans(), seed=seeds)
def test_avg_align_backward_mass_is_grad_output_times_inside_weight(shape, data, ratio, aligned, seed):
    """On a map of ones each bin reads the weight of its samples that land on the map; the gradient's mass agrees."""
    boxes = data.draw(boxes_on(shape, 1.0))
    grad_output = np.random.default_rng(seed).standard_normal((len(boxes), shape[1], 2, 2))
    weight_on_map = roi_align(np.ones(shape), boxes, 2, 1.0, ratio, aligned)
    backward = roi_align_backward(grad_output, boxes, shape, 2, 1.0, ratio, aligned)
    np.testing.assert_allclose(backward.sum(), np.sum(grad_output * weight_on_map), rtol=1e-10, atol=1e-10)


# --- RoI Align, max and RoI Pool: directional derivatives on tie-free maps ---------------------


@align_cases
def test_max_align_backward_gives_directional_derivatives(data, shape, out, scale, ratio, aligned, layout, seed):
    rng, boxes, features, grad_output = random_case(data, shape, out, scale, seed)
    options = dict(pooling="max", sample_layout=layout)
    backward = roi_align_backward(grad_output, boxes, shape, out, scale, ratio, aligned, input=features, **options)
    assert backward.shape == shape

    def loss(x):
        return np.vdot(grad_output, roi_align(x, boxes, out, scale, ratio, aligned, **options))

    assert_directional_derivatives(backward, loss, features, rng)


@pool_cases
def test_pool_backward_gives_directional_derivatives(data, shape, out, scale, quantization, seed):
    rng, boxes, features, grad_output = random_case(data, shape, out, scale, seed)
    backward = roi_pool_backward(grad_output, features, boxes, out, scale, quantization=quantization)

    def loss(x):
        return np.vdot(grad_output, roi_pool(x, boxes, out, scale, quantization=quantization))

    assert_directional_derivatives(backward, loss, features, rng)


@pool_cases
def test_pool_backward_lands_on_argmax_cells_with_the_bins_mass(data, shape, out, scale, quantization, seed):
    rng = np.random.default_rng(seed)
    boxes = data.draw(boxes_on(shape, scale))
    features = rng.standard_normal(shape)
    grad_output = rng.uniform(0.5, 1.5, (len(boxes), shape[1], *out))  # positive: no cancellation hides a cell
    backward = roi_pool_backward(grad_output, features, boxes, out, scale, quantization=quantization)
    pooled = roi_pool(features, boxes, out, scale, quantization=quantization)
    non_empty = roi_pool(np.ones(shape), boxes, out, scale, quantization=quantization) == 1.0
    argmax_cells = np.zeros(shape, dtype=bool)
    for k, image in enumerate(boxes[:, 0].astype(int)):
        for channel in range(shape[1]):
            # a tie-free map: the bin's maximum is one cell's value, and no other cell's
            argmax_cells[image, channel] |= np.isin(features[image, channel], pooled[k, channel][non_empty[k, channel]])
    assert np.all((backward != 0) == argmax_cells)
    for channel in range(shape[1]):
        expected = np.sum(grad_output[:, channel] * non_empty[:, channel])
        np.testing.assert_allclose(backward[:, channel].sum(), expected, rtol=1e-12, atol=1e-12)


# --- hand-worked cases -----------------------------------------------------------------------------


def test_avg_align_backward_one_bin_four_samples():
    """Box (0, 0)-(2, 2), one bin, 2 x 2 samples at 0.5 and 1.5: each spreads 1/4 to four cells, over 4 samples."""
    backward = roi_align_backward(np.full((1, 1, 1, 1), 2.0), np.array([[0, 0, 0, 2, 2]]), (1, 1, 4, 4), 1, 1.0, 2)
    expected = np.zeros((4, 4))
    expected[:3, :3] = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16 * 2.0
    np.testing.assert_allclose(backward[0, 0], expected, rtol=0, atol=1e-15)


def test_avg_align_backward_border_rules():
    """A sample at y = -1 reads row 0 (clamped), one past the last centre the last column alone; y < -1 reads none."""
    grad = np.full((1, 1, 1, 1), 3.0)
    clamped = roi_align_backward(grad, np.array([[0, 2.5, -1.5, 4.5, -0.5]]), (1, 1, 4, 4), 1, 1.0, 1)
    expected = np.zeros((4, 4))
    expected[0, 3] = 3.0
    np.testing.assert_array_equal(clamped[0, 0], expected)
    outside = roi_align_backward(grad, np.array([[0, 2.5, -2.5, 4.5, -1.5]]), (1, 1, 4, 4), 1, 1.0, 1)
    np.testing.assert_array_equal(outside, 0.0)


def test_max_align_backward_ties_go_to_the_first_sample_row_major():
    """Samples at 1 and 3 read cells exactly: on a constant map all four tie, and (1, 1) comes first."""
    boxes = np.array([[0, 0, 0, 4, 4]])
    grad = np.full((1, 1, 1, 1), 5.0)
    flat = np.full((1, 1, 4, 4), 7.0)
    backward = roi_align_backward(grad, boxes, flat.shape, 1, 1.0, 2, pooling="max", input=flat)
    expected = np.zeros((4, 4))
    expected[1, 1] = 5.0
    np.testing.assert_array_equal(backward[0, 0], expected)
    peaked = flat.copy()
    peaked[0, 0, [1, 3], [3, 1]] = 8.0  # samples (y=1, x=3) and (y=3, x=1) tie above the rest: row-major, (1, 3)
    backward = roi_align_backward(grad, boxes, flat.shape, 1, 1.0, 2, pooling="max", input=peaked)
    expected = np.zeros((4, 4))
    expected[1, 3] = 5.0
    np.testing.assert_array_equal(backward[0, 0], expected)


def test_max_align_backward_spreads_with_the_argmax_samples_weights():
    """Box (0, 0.75)-(1, 1.75), one sample at x = 0.5, y = 1.25: weights (0.75, 0.25) on rows, (0.5, 0.5) on columns."""
    features = np.arange(16.0).reshape(1, 1, 4, 4)
    boxes = np.array([[0, 0.0, 0.75, 1.0, 1.75]])
    backward = roi_align_backward(np.ones((1, 1, 1, 1)), boxes, (1, 1, 4, 4), 1, 1.0, 1, pooling="max", input=features)
    expected = np.zeros((4, 4))
    expected[1:3, 0:2] = np.outer([0.75, 0.25], [0.5, 0.5])
    np.testing.assert_array_equal(backward[0, 0], expected)


def test_pool_backward_hand_worked():
    """A 4 x 4 map, box (0, 0)-(3, 3), 2 x 2 bins of 2 x 2 cells; two copies of the box add up."""
    ramp = np.arange(16.0).reshape(1, 1, 4, 4)
    boxes = np.array([[0, 0, 0, 3, 3], [0, 0, 0, 3, 3]])
    grad = np.stack([np.arange(1.0, 5.0).reshape(1, 2, 2), np.ones((1, 2, 2))])
    backward = roi_pool_backward(grad, ramp, boxes, 2)
    expected = np.zeros((4, 4))
    expected[[1, 1, 3, 3], [1, 3, 1, 3]] = [2, 3, 4, 5]  # each bin's bottom-right cell is its largest
    np.testing.assert_array_equal(backward[0, 0], expected)
    backward = roi_pool_backward(grad, np.zeros_like(ramp), boxes, 2)  # ties: the first cell of each bin
    expected = np.zeros((4, 4))
    expected[[0, 0, 2, 2], [0, 2, 0, 2]] = [2, 3, 4, 5]
    np.testing.assert_array_equal(backward[0, 0], expected)
    anti_diagonal = np.tile(np.array([[0.0, 1.0], [1.0, 0.0]]), (2, 2))[None, None]
    backward = roi_pool_backward(grad, anti_diagonal, boxes, 2)  # (0, 1) before (1, 0): row-major
    expected = np.zeros((4, 4))
    expected[[0, 0, 2, 2], [1, 3, 1, 3]] = [2, 3, 4, 5]
    np.testing.assert_array_equal(backward[0, 0], expected)


def test_pool_backward_empty_bins_send_nothing():
    features = np.random.default_rng(0).standard_normal((1, 2, 4, 4))
    boxes = np.array([[0, 6, 6, 9, 9], [0, -5, 0, -2, 3]])  # wholly outside: every bin clipped to nothing
    assert not roi_pool(features, boxes, 2).any()
    np.testing.assert_array_equal(roi_pool_backward(np.ones((2, 2, 2, 2)), features, boxes, 2), 0.0)


def test_list_boxes_no_boxes_and_dtype():
    rng = np.random.default_rng(1)
    features = rng.standard_normal((2, 3, 5, 6)).astype(np.float32)
    per_image = [np.array([[0.5, 1.0, 4.0, 3.5]]), np.zeros((0, 4))]
    as_rows = np.array([[0, 0.5, 1.0, 4.0, 3.5]])
    grad = rng.standard_normal((1, 3, 2, 2)).astype(np.float32)
    for backward in (
        lambda b: roi_align_backward(grad, b, features.shape, 2),
        lambda b: roi_align_backward(grad, b, features.shape, 2, pooling="max", input=features),
        lambda b: roi_pool_backward(grad, features, b, 2),
    ):
        from_list, from_rows = backward(per_image), backward(as_rows)
        assert from_list.dtype == np.float32 and from_list.shape == features.shape
        np.testing.assert_array_equal(from_list, from_rows)
    empty = roi_align_backward(np.zeros((0, 3, 2, 2)), np.zeros((0, 5)), features.shape, 2)
    assert empty.shape == features.shape and not empty.any()
    assert not roi_pool_backward(np.zeros((0, 3, 2, 2)), features, np.zeros((0, 5)), 2).any()


# --- validation ---------------------------------------------------------------------------------


BOX = np.array([[0, 0, 0, 3, 3]])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: roi_align_backward(np.ones((1, 1, 2, 3)), BOX, (1, 1, 4, 4), 2), "grad_output"),
        (lambda: roi_align_backward(np.ones((2, 1, 2, 2)), BOX, (1, 1, 4, 4), 2), "grad_output"),
        (lambda: roi_align_backward(np.ones((1, 2, 2, 2)), BOX, (1, 1, 4, 4), 2), "grad_output"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2), dtype=int), BOX, (1, 1, 4, 4), 2), "grad_output"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 4, 4), 2), "input_shape"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 1, 0, 4), 2), "input_shape"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, 4, 2), "input_shape"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 1, 4, 4), 2, pooling="max"), "input"),
        (
            lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 1, 4, 4), 2, input=np.ones((1, 1, 4, 5))),
            "input",
        ),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 1, 4, 4), 2, pooling="sum"), "pooling"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), [[1, 0, 0, 3, 3]], (1, 1, 4, 4), 2), "boxes"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 1, 4, 4), 0), "output_size"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 1, 4, 4), 2, 0.0), "spatial_scale"),
        (lambda: roi_align_backward(np.ones((1, 1, 2, 2)), BOX, (1, 1, 4, 4), 2, 1.0, 1.5), "sampling_ratio"),
        (lambda: roi_pool_backward(np.ones((1, 1, 2, 2)), np.ones((1, 1, 4, 4)), BOX, 3), "grad_output"),
        (lambda: roi_pool_backward(np.ones((1, 1, 2, 2)), np.ones((1, 4, 4)), BOX, 2), "input"),
        (
            lambda: roi_pool_backward(np.ones((1, 1, 2, 2)), np.ones((1, 1, 4, 4)), BOX, 2, quantization="ceil"),
            "quantization",
        ),
    ],
)
def test_invalid_arguments_raise_naming_them(call, name):
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        call()
