"""Hypothesis properties of the batch functions and the traces.

Maps are small (at most 8 x 8, one or two images of one or two channels) and
boxes few, so each property stays fast. Box corners are drawn on a grid of
1/8 cell and the spatial scales are powers of two, so scaling and shifting
are exact in floating point.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from roi_core import (
    Rect,
    map_geometry,
    roi_align,
    roi_pool,
    trace_roi_align,
    trace_roi_pool,
)

SCALES = (1.0, 0.5, 0.25)
EIGHTH = 0.125

ratios = st.sampled_from((-1, 0, 1, 2, 3))
poolings = st.sampled_from(("avg", "max"))
layouts = st.sampled_from(("centered", "spaced"))
quantizations = st.sampled_from(("round", "floor"))
output_sizes = st.tuples(st.integers(1, 4), st.integers(1, 4))


def random_map(seed: int, shape) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape)


@st.composite
def map_shapes(draw, min_side=1, max_side=8):
    return (
        draw(st.integers(1, 2)),
        draw(st.integers(1, 2)),
        draw(st.integers(min_side, max_side)),
        draw(st.integers(min_side, max_side)),
    )


@st.composite
def free_boxes(draw, batch: int, height: int, width: int, scale: float, margin: int = 3, count=(1, 4)):
    """(K, 5) boxes in pixels whose corners (in cells) lie up to ``margin`` cells off the map.

    Corners are multiples of 1/8 cell, or for some boxes of 1/2 cell (half-integers are where
    rounding conventions differ).
    """
    rows = []
    for _ in range(draw(st.integers(*count))):
        per_cell = draw(st.sampled_from((8, 2)))
        corners = [
            draw(st.integers(-margin * per_cell, (size + margin) * per_cell)) / per_cell for size in (width, height) * 2
        ]
        rows.append([draw(st.integers(0, batch - 1)), *(c / scale for c in corners)])
    return np.array(rows, dtype=np.float64)


@st.composite
def inner_axis(draw, size: int, low: float, high: float, aligned: bool):
    """(x1, x2) in cells for one axis such that every sample lies in [low, size - 1 + high] (sample frame).

    Returns the corners in cells, the sample-frame start and the effective extent (after
    aligned=False forces it to at least one cell).
    """
    top = int((size - 1 + high - low) * 8)  # room in eighths
    minimum = 1 if aligned else 8  # the forced extent of aligned=False must fit
    start = draw(st.integers(0, top - minimum)) * EIGHTH + low
    extent = draw(st.integers(1, int((size - 1 + high - start) * 8))) * EIGHTH
    offset = 0.5 if aligned else 0.0
    return (start + offset, start + offset + extent), start, (extent if aligned else max(extent, 1.0))


def reference_samples(start: float, extent: float, pooled: int, ratio: int, layout: str) -> list[list[float]]:
    """Sample positions (sample frame) of each bin along one axis, written from the definition."""
    grid = ratio if ratio > 0 else max(math.ceil(extent / pooled), 0)
    bin_size = extent / pooled
    fractions = (
        [(i + 0.5) / grid for i in range(grid)] if layout == "centered" else [(i + 1) / (grid + 1) for i in range(grid)]
    )
    return [[start + (p + f) * bin_size for f in fractions] for p in range(pooled)]


# --- constant maps ------------------------------------------------------------------


@given(
    data=st.data(),
    shape=map_shapes(),
    out=output_sizes,
    scale=st.sampled_from(SCALES),
    ratio=ratios,
    aligned=st.booleans(),
    pooling=poolings,
    layout=layouts,
    seed=st.integers(0, 2**32 - 1),
)
def test_align_of_a_constant_map_is_that_constant(data, shape, out, scale, ratio, aligned, pooling, layout, seed):
    n, c, h, w = shape
    constants = random_map(seed, (n, c)) * 10
    features = np.broadcast_to(constants[:, :, None, None], shape).copy()
    boxes = []
    for _ in range(data.draw(st.integers(1, 3))):
        # every sample in [-1, size]: torchvision's rules read the constant there (clamped at the borders)
        (x1, x2), _, _ = data.draw(inner_axis(w, -1.0, 1.0, aligned))
        (y1, y2), _, _ = data.draw(inner_axis(h, -1.0, 1.0, aligned))
        boxes.append([data.draw(st.integers(0, n - 1)), x1 / scale, y1 / scale, x2 / scale, y2 / scale])
    boxes = np.array(boxes)
    result = roi_align(features, boxes, out, scale, ratio, aligned, pooling=pooling, sample_layout=layout)
    expected = np.broadcast_to(constants[boxes[:, 0].astype(int), :, None, None], result.shape)
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-12)


def _round_half_away(value: float) -> int:
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _cells_read(x1: float, x2: float, pooled: int, quantization: str) -> tuple[int, int]:
    """[first, stop) cells the bins of one axis span, from the two conventions' definitions."""
    if quantization == "round":
        start, end = _round_half_away(x1), _round_half_away(x2)
        return start, start + max(end - start + 1, 1)
    origin = math.floor(x1)
    step = max(max(math.floor(x2 - x1), 1) // pooled, 1)
    return origin, origin + pooled * step


@given(
    data=st.data(),
    shape=map_shapes(),
    out=output_sizes,
    scale=st.sampled_from(SCALES),
    quantization=quantizations,
    seed=st.integers(0, 2**32 - 1),
)
def test_pool_of_a_constant_map_is_that_constant_or_0(data, shape, out, scale, quantization, seed):
    n, c, h, w = shape
    constants = random_map(seed, (n, c)) * 10 + 20  # never 0
    features = np.broadcast_to(constants[:, :, None, None], shape).copy()
    boxes = data.draw(free_boxes(n, h, w, scale, margin=1))
    result = roi_pool(features, boxes, out, scale, quantization=quantization)
    wanted = constants[boxes[:, 0].astype(int), :, None, None]
    assert np.all((result == wanted) | (result == 0))
    for k, (_, x1, y1, x2, y2) in enumerate(boxes):
        cols = _cells_read(x1 * scale, x2 * scale, out[1], quantization)
        rows = _cells_read(y1 * scale, y2 * scale, out[0], quantization)
        if cols[0] >= 0 and cols[1] <= w and rows[0] >= 0 and rows[1] <= h:  # every bin on the map
            np.testing.assert_array_equal(result[k], np.broadcast_to(wanted[k], result[k].shape))


# --- affine maps ----------------------------------------------------------------------


@given(
    data=st.data(),
    shape=map_shapes(min_side=2),
    out=output_sizes,
    scale=st.sampled_from(SCALES),
    ratio=ratios,
    aligned=st.booleans(),
    pooling=poolings,
    layout=layouts,
    seed=st.integers(0, 2**32 - 1),
)
def test_align_reproduces_an_affine_map(data, shape, out, scale, ratio, aligned, pooling, layout, seed):
    """Bilinear interpolation is exact on a + b*x + c*y wherever samples are interior."""
    n, c, h, w = shape
    a, b, d = random_map(seed, (3, n, c)) * 5
    rows, cols = np.arange(h)[:, None], np.arange(w)[None, :]
    features = a[:, :, None, None] + b[:, :, None, None] * cols + d[:, :, None, None] * rows
    boxes, expected = [], []
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, n - 1))
        (x1, x2), start_x, extent_x = data.draw(inner_axis(w, 0.0, 0.0, aligned))
        (y1, y2), start_y, extent_y = data.draw(inner_axis(h, 0.0, 0.0, aligned))
        boxes.append([index, x1 / scale, y1 / scale, x2 / scale, y2 / scale])
        xs = reference_samples(start_x, extent_x, out[1], ratio, layout)
        ys = reference_samples(start_y, extent_y, out[0], ratio, layout)
        bins = np.empty((c, *out))
        for i, y_bin in enumerate(ys):
            for j, x_bin in enumerate(xs):
                for k in range(c):
                    bx, dy = b[index, k], d[index, k]
                    if pooling == "avg":
                        value = a[index, k] + bx * np.mean(x_bin) + dy * np.mean(y_bin)
                    else:
                        value = a[index, k] + max(bx * x for x in x_bin) + max(dy * y for y in y_bin)
                    bins[k, i, j] = value
        expected.append(bins)
    result = roi_align(features, np.array(boxes), out, scale, ratio, aligned, pooling=pooling, sample_layout=layout)
    np.testing.assert_allclose(result, np.array(expected), rtol=0, atol=1e-9)


# --- roi_pool reads map values ------------------------------------------------------------


@given(
    data=st.data(),
    shape=map_shapes(),
    out=output_sizes,
    scale=st.sampled_from(SCALES),
    quantization=quantizations,
    seed=st.integers(0, 2**32 - 1),
)
def test_pool_outputs_are_map_values_or_0(data, shape, out, scale, quantization, seed):
    n, c, h, w = shape
    features = random_map(seed, shape)
    boxes = data.draw(free_boxes(n, h, w, scale))
    result = roi_pool(features, boxes, out, scale, quantization=quantization)
    for k, index in enumerate(boxes[:, 0].astype(int)):
        for channel in range(c):
            allowed = np.append(features[index, channel].ravel(), 0.0)
            assert np.all(np.isin(result[k, channel], allowed))


# --- avg and max ----------------------------------------------------------------------------


@given(
    data=st.data(),
    shape=map_shapes(),
    out=output_sizes,
    scale=st.sampled_from(SCALES),
    ratio=ratios,
    aligned=st.booleans(),
    layout=layouts,
    seed=st.integers(0, 2**32 - 1),
)
def test_avg_is_at_most_max(data, shape, out, scale, ratio, aligned, layout, seed):
    n, _, h, w = shape
    features = random_map(seed, shape)
    boxes = data.draw(free_boxes(n, h, w, scale))
    avg = roi_align(features, boxes, out, scale, ratio, aligned, pooling="avg", sample_layout=layout)
    best = roi_align(features, boxes, out, scale, ratio, aligned, pooling="max", sample_layout=layout)
    assert np.all(avg <= best + 1e-12)
    if ratio == 1:  # one sample per bin: its average is its maximum
        np.testing.assert_allclose(avg, best, rtol=0, atol=1e-12)


# --- shifting box and map together ------------------------------------------------------------


@st.composite
def framed_map(draw):
    """A random map with a frame of zeros, and where to embed it in a larger zero map."""
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    inner_h, inner_w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    features = np.zeros((n, c, inner_h + 2, inner_w + 2))
    features[:, :, 1:-1, 1:-1] = random_map(draw(st.integers(0, 2**32 - 1)), (n, c, inner_h, inner_w))
    offset = (draw(st.integers(0, 3)), draw(st.integers(0, 3)))  # (rows, cols)
    bigger = np.zeros((n, c, inner_h + 2 + offset[0] + 2, inner_w + 2 + offset[1] + 2))
    bigger[:, :, offset[0] : offset[0] + inner_h + 2, offset[1] : offset[1] + inner_w + 2] = features
    return features, bigger, offset


def shifted(boxes: np.ndarray, offset, stride: int) -> np.ndarray:
    moved = boxes.copy()
    moved[:, [1, 3]] += offset[1] * stride
    moved[:, [2, 4]] += offset[0] * stride
    return moved


@given(
    data=st.data(),
    maps=framed_map(),
    out=output_sizes,
    stride=st.sampled_from((1, 2, 4)),
    ratio=ratios,
    aligned=st.booleans(),
    pooling=poolings,
    layout=layouts,
)
def test_align_is_shift_invariant(data, maps, out, stride, ratio, aligned, pooling, layout):
    # the zero frame makes the border rules (clamping, reading 0 past the edge) agree with the zero padding
    features, bigger, offset = maps
    n, _, h, w = features.shape
    boxes = data.draw(free_boxes(n, h, w, 1 / stride))
    options = {
        "spatial_scale": 1 / stride,
        "sampling_ratio": ratio,
        "aligned": aligned,
        "pooling": pooling,
        "sample_layout": layout,
    }
    np.testing.assert_allclose(
        roi_align(bigger, shifted(boxes, offset, stride), out, **options),
        roi_align(features, boxes, out, **options),
        rtol=0,
        atol=1e-9,
    )


@given(
    data=st.data(), maps=framed_map(), out=output_sizes, stride=st.sampled_from((1, 2, 4)), quantization=quantizations
)
def test_pool_is_shift_invariant(data, maps, out, stride, quantization):
    features, bigger, offset = maps
    n, _, h, w = features.shape
    boxes = data.draw(free_boxes(n, h, w, 1 / stride))
    if quantization == "round":
        # rounding half away from zero is not shift invariant across 0 (-0.5 -> -1 but 1.5 -> 2)
        boxes[:, 1:] = np.abs(boxes[:, 1:])
    np.testing.assert_array_equal(
        roi_pool(bigger, shifted(boxes, offset, stride), out, 1 / stride, quantization=quantization),
        roi_pool(features, boxes, out, 1 / stride, quantization=quantization),
    )


# --- traces agree with the batch functions ------------------------------------------------------


@st.composite
def traced_case(draw):
    h, w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    stride = draw(st.sampled_from((1, 2, 4, 32)))
    features = random_map(draw(st.integers(0, 2**32 - 1)), (h, w))
    ((_, x1, y1, x2, y2),) = draw(free_boxes(1, h, w, 1 / stride, count=(1, 1)))
    return features, Rect(x1, y1, x2, y2), map_geometry(w * stride, h * stride, stride)


@given(case=traced_case(), out=output_sizes, ratio=ratios, aligned=st.booleans(), pooling=poolings, layout=layouts)
def test_align_trace_matches_batch(case, out, ratio, aligned, pooling, layout):
    features, box, geometry = case
    trace = trace_roi_align(features, box, geometry, out, ratio, aligned, pooling, layout)
    batch = roi_align(
        features[None, None],
        np.array([[0, box.x1, box.y1, box.x2, box.y2]]),
        out,
        geometry.spatial_scale,
        ratio,
        aligned,
        pooling=pooling,
        sample_layout=layout,
    )[0, 0]
    np.testing.assert_array_equal(trace.output, batch)
    assert len(trace.bins) == out[0] * out[1]
    for b in trace.bins:
        values = [s.value for s in b.samples]
        assert len(b.samples) == trace.grid[0] * trace.grid[1]
        for s in b.samples:  # each sample recomputed from its neighbours and weights
            assert abs(s.value - sum(n.value * n.weight for n in s.neighbours)) <= 1e-12
            assert all(n.value == features[n.row, n.col] for n in s.neighbours)
            assert min(b.x_edges) - 1e-9 <= s.x <= max(b.x_edges) + 1e-9  # edges swap for negative sizes
            assert min(b.y_edges) - 1e-9 <= s.y <= max(b.y_edges) + 1e-9
            if s.inside:
                assert abs(sum(n.weight for n in s.neighbours) - 1) <= 1e-12
            else:
                assert s.value == 0 and all(n.weight == 0 for n in s.neighbours)
        if not values:
            assert b.value == 0
        elif pooling == "max":
            assert b.value == max(values) == b.samples[b.winner].value
        else:
            assert abs(b.value - np.mean(values)) <= 1e-12
        assert abs(b.value - batch[b.row, b.col]) <= 1e-12


@given(case=traced_case(), out=output_sizes, quantization=quantizations)
def test_pool_trace_matches_batch(case, out, quantization):
    features, box, geometry = case
    trace = trace_roi_pool(features, box, geometry, out, quantization)
    batch = roi_pool(
        features[None, None],
        np.array([[0, box.x1, box.y1, box.x2, box.y2]]),
        out,
        geometry.spatial_scale,
        quantization=quantization,
    )[0, 0]
    np.testing.assert_array_equal(trace.output, batch)
    for b in trace.bins:
        np.testing.assert_array_equal(b.values, features[b.rows[0] : b.rows[1], b.cols[0] : b.cols[1]])
        if b.empty:
            assert b.values.size == 0 and b.value == 0
        else:
            assert b.value == b.values.max() == features[b.argmax]
        assert b.value == batch[b.row, b.col]
    read = {(r, c) for b in trace.bins for r in range(*b.rows) for c in range(*b.cols)}
    assert set(trace.read_cells) == read
    assert not read & set(trace.dropped_cells)
