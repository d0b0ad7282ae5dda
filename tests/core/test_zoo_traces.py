"""Traces of three zoo methods: PrRoI's pieces integrate to its batch output, TensorFlow's crop grid samples give
crop_and_resize's output, detectron2's turned grid holds its samples; hand-worked numbers and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core import Rect, lesson_feature_map, map_geometry, prroi_pool, roi_align, roi_align_rotated
from roi_core.crop_resize import crop_and_resize
from roi_core.zoo import ZooOptions, method_zoo
from roi_core.zoo_traces import trace_crop_and_resize, trace_prroi_pool, trace_roi_align_rotated

GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect.from_xywh(300, 210, 230, 180)
MAP = lesson_feature_map()


@st.composite
def maps_and_boxes(draw, positive: bool = False):
    """A geometry, a random map of its size and a box in image pixels, partly or wholly off the image (or of zero
    or negative size unless ``positive``)."""
    stride = draw(st.sampled_from([1, 2, 4, 8]))
    width, height = draw(st.integers(4, 48)), draw(st.integers(4, 48))
    geometry = map_geometry(width, height, stride)
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    feature_map = rng.normal(size=(geometry.map_height, geometry.map_width))
    # to a thousandth of a pixel: a denormal extent (1e-160) underflows a bin's area, integral / area loses digits
    xs = st.floats(-0.5 * width, 1.5 * width).map(lambda v: round(v, 3))
    ys = st.floats(-0.5 * height, 1.5 * height).map(lambda v: round(v, 3))
    x1, y1 = draw(xs), draw(ys)
    if positive:
        box = Rect(x1, y1, x1 + draw(st.floats(1, width)), y1 + draw(st.floats(1, height)))
    else:
        box = Rect(x1, y1, draw(xs), draw(ys))
    return feature_map, box, geometry


# ----------------------------------------------------------------------------- PrRoI Pooling


def test_prroi_one_patch_by_hand():
    feature_map, geometry = np.array([[1.0, 2.0], [3.0, 4.0]]), map_geometry(2, 2, 1)
    trace = trace_prroi_pool(feature_map, Rect(0, 0, 1, 1), geometry, 1)
    assert trace.box == Rect(0.5, 0.5, 1.5, 1.5)  # value (0, 0) sits at PrRoI's (0, 0): the map frame's centre
    (piece,) = trace.bin(0, 0).pieces
    assert (piece.row, piece.col, piece.corners, piece.area) == (0, 0, (1.0, 2.0, 3.0, 4.0), 1.0)
    assert piece.integral == pytest.approx(2.5) and trace.bin(0, 0).value == pytest.approx(2.5)

    corner = trace_prroi_pool(feature_map, Rect(-1, -1, 0, 0), geometry, 1).bin(0, 0)
    (piece,) = corner.pieces  # the patch above-left of the map: only its bottom-right corner is on the map
    assert (piece.row, piece.col, piece.corners) == (-1, -1, (0.0, 0.0, 0.0, 1.0))
    assert piece.integral == pytest.approx(0.25) and corner.value == pytest.approx(0.25)  # integral of u v

    split = trace_prroi_pool(feature_map, Rect(0.5, 0, 1.5, 1), geometry, 1).bin(0, 0)
    assert [(p.col, p.rect, p.corners) for p in split.pieces] == [
        (0, Rect(1.0, 0.5, 1.5, 1.5), (1.0, 2.0, 3.0, 4.0)),
        (1, Rect(1.5, 0.5, 2.0, 1.5), (2.0, 0.0, 4.0, 0.0)),  # past the last column: zeros
    ]
    assert [p.integral for p in split.pieces] == pytest.approx([1.375, 1.125])  # 0.5 x 2.75, 0.5 x 2.25
    assert split.value == pytest.approx(2.5)


def test_prroi_on_a_linear_map_is_the_value_at_the_bin_centre():
    rows, cols = np.mgrid[0 : GEOMETRY.map_height, 0 : GEOMETRY.map_width]
    linear = 0.3 + 0.07 * cols - 0.11 * rows  # PrRoI's frame: value (r, c) at (x, y) = (c, r)
    trace = trace_prroi_pool(linear, BOX, GEOMETRY, 4)
    for b in trace.bins:
        x, y = (b.rect.x1 + b.rect.x2) / 2 - 0.5, (b.rect.y1 + b.rect.y2) / 2 - 0.5
        assert b.value == pytest.approx(0.3 + 0.07 * x - 0.11 * y, abs=1e-12)
        assert b.integral / b.area == pytest.approx(b.value, abs=1e-12)
    assert trace.bin(0, 0).value == pytest.approx(0.3 + 0.07 * (300 / 32 + 230 / 256) - 0.11 * (210 / 32 + 180 / 256))


def test_prroi_bins_are_the_zoos_and_the_output_is_the_batch_functions():
    trace = trace_prroi_pool(MAP, BOX, GEOMETRY, 3)
    assert trace.box.x1 == pytest.approx(300 / 32 + 0.5) and trace.box.y2 == pytest.approx(390 / 32 + 0.5)
    zoo = {e.key: e for e in method_zoo(MAP, BOX, GEOMETRY, 3)}["prroi_pool"]
    for b, area in zip(trace.bins, zoo.areas):
        assert (b.rect.x1, b.rect.y1, b.rect.x2, b.rect.y2) == pytest.approx((area.x1, area.y1, area.x2, area.y2))
    np.testing.assert_array_equal(trace.output, zoo.output)
    assert trace.bin(1, 2).value == trace.output[1, 2] and not trace.output.flags.writeable
    assert trace.bin(0, 0).value == pytest.approx(trace.bin(0, 0).integral / trace.bin(0, 0).area, abs=1e-12)


def test_prroi_zero_area_bins_have_no_pieces_and_give_0():
    for box in (Rect(320, 200, 320, 300), Rect(320, 300, 400, 200)):  # zero width; y2 < y1
        trace = trace_prroi_pool(MAP, box, GEOMETRY, 2)
        assert all(b.area == 0 and b.pieces == () and b.integral == 0 and b.value == 0 for b in trace.bins)


@settings(max_examples=80)
@given(maps_and_boxes(), st.integers(1, 4))
def test_prroi_pieces_tile_each_bin_and_integrate_to_its_value(case, output_size):
    feature_map, box, geometry = case
    trace = trace_prroi_pool(feature_map, box, geometry, output_size)
    rows = np.array([[0.0, box.x1, box.y1, box.x2, box.y2]])
    np.testing.assert_array_equal(
        trace.output, prroi_pool(feature_map[None, None], rows, output_size, 1 / geometry.stride)[0, 0]
    )
    for b in trace.bins:
        assert b.value == trace.output[b.row, b.col]
        if b.area == 0:
            assert b.value == 0 and sum(p.area for p in b.pieces) == 0
            continue
        assert b.integral / b.area == pytest.approx(b.value, rel=1e-12, abs=1e-12)
        assert sum(p.area for p in b.pieces) == pytest.approx(b.area, rel=1e-12)
        for p in b.pieces:
            r = p.rect
            assert b.rect.x1 <= r.x1 <= r.x2 <= b.rect.x2 and b.rect.y1 <= r.y1 <= r.y2 <= b.rect.y2
            assert p.col + 0.5 <= r.x1 and r.x2 <= p.col + 1.5 and p.row + 0.5 <= r.y1 and r.y2 <= p.row + 1.5


# ----------------------------------------------------------------------------- crop_and_resize

SMALL = map_geometry(100, 60, 20)  # a map of 5 columns, 3 rows
LINEAR = 10.0 * np.arange(3)[:, None] + np.arange(5)[None, :]  # value 10 r + c


def test_crop_grid_by_hand():
    trace = trace_crop_and_resize(LINEAR, Rect(20, 12, 80, 48), SMALL, 3)
    assert trace.normalised == pytest.approx((0.2, 0.2, 0.8, 0.8)) and trace.scale == (2, 4)
    assert trace.ys == pytest.approx((0.4, 1.0, 1.6)) and trace.xs == pytest.approx((0.8, 2.0, 3.2))  # 0.2 x 2 + i 0.6
    assert trace.map_ys == pytest.approx((0.9, 1.5, 2.1)) and trace.map_xs == pytest.approx((1.3, 2.5, 3.7))
    first = trace.sample(0, 0)
    assert (first.x, first.y, first.inside) == (pytest.approx(1.3), pytest.approx(0.9), True)
    assert [(n.row, n.col) for n in first.neighbours] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [n.weight for n in first.neighbours] == pytest.approx([0.6 * 0.2, 0.6 * 0.8, 0.4 * 0.2, 0.4 * 0.8], abs=1e-6)
    assert first.value == pytest.approx(4.8, abs=1e-5)  # 0.48 x 1 + 0.08 x 10 + 0.32 x 11
    expected = 10 * np.array([0.4, 1.0, 1.6])[:, None] + np.array([0.8, 2.0, 3.2])[None, :]
    np.testing.assert_allclose(trace.output, expected, atol=1e-5)
    assert trace.output.dtype == np.float64 and not trace.output.flags.writeable

    centre = trace_crop_and_resize(LINEAR, Rect(20, 12, 80, 48), SMALL, 1)
    assert centre.ys == pytest.approx((1.0,)) and centre.xs == pytest.approx((2.0,))  # 0.5 (0.2 + 0.8) (H - 1)
    assert centre.sample(0, 0).value == pytest.approx(12.0) and centre.output[0, 0] == pytest.approx(12.0)


def test_crop_samples_off_the_map_take_0():
    trace = trace_crop_and_resize(LINEAR, Rect(20, 12, 80, 90), SMALL, 3)  # y2 = 1.5 of the image: ys 0.4, 1.7, 3.0
    assert trace.ys == pytest.approx((0.4, 1.7, 3.0))
    assert [s.inside for s in trace.samples] == [True] * 6 + [False] * 3
    assert all(s.value == 0 and s.neighbours == () and trace.output[s.row, s.col] == 0 for s in trace.samples[6:])
    assert trace.sample(1, 1).value == pytest.approx(19.0, abs=1e-5)


def test_crop_trace_output_is_the_zoos():
    trace = trace_crop_and_resize(MAP, BOX, GEOMETRY, 3)
    zoo = {e.key: e for e in method_zoo(MAP, BOX, GEOMETRY, 3)}["crop_and_resize"]
    np.testing.assert_array_equal(trace.output, zoo.output)
    np.testing.assert_allclose([(s.x, s.y) for s in trace.samples], zoo.points, atol=1e-12)


@settings(max_examples=80)
@given(maps_and_boxes(), st.integers(1, 4))
def test_crop_samples_give_the_batch_output(case, output_size):
    feature_map, box, geometry = case
    trace = trace_crop_and_resize(feature_map, box, geometry, output_size)
    normalised = np.array(trace.normalised)[None]
    batch = crop_and_resize(feature_map[None, :, :, None], normalised, [0], (output_size,) * 2)[0, :, :, 0]
    np.testing.assert_array_equal(trace.output, batch)
    height, width = feature_map.shape
    for s in trace.samples:
        assert s.value == pytest.approx(trace.output[s.row, s.col], rel=1e-5, abs=1e-5)
        y, x = trace.ys[s.row], trace.xs[s.col]  # TensorFlow's frame: inside [0, H - 1] x [0, W - 1]
        assert s.inside == (0 <= y <= height - 1 and 0 <= x <= width - 1)
        assert (s.x, s.y) == (trace.map_xs[s.col], trace.map_ys[s.row])
        if s.inside:  # the weights sum to 1 and their weighted cell centres are the sample point
            assert sum(n.weight for n in s.neighbours) == pytest.approx(1.0)
            assert sum(n.weight * (n.col + 0.5) for n in s.neighbours) == pytest.approx(s.x)
            assert sum(n.weight * (n.row + 0.5) for n in s.neighbours) == pytest.approx(s.y)


# ----------------------------------------------------------------------------- rotated RoI Align


def test_rotated_at_angle_0_is_the_axis_aligned_box():
    trace = trace_roi_align_rotated(MAP, BOX, GEOMETRY, 3, 0.0, 2)
    x1, y1, x2, y2 = 300 / 32, 210 / 32, 530 / 32, 390 / 32
    np.testing.assert_allclose(trace.corners, ((x1, y1), (x2, y1), (x2, y2), (x1, y2)), atol=1e-12)
    assert (trace.cos, trace.sin, trace.grid) == (1.0, 0.0, (2, 2))
    assert trace.centre == pytest.approx((415 / 32, 300 / 32)) and trace.size == pytest.approx((230 / 32, 180 / 32))
    w, h = (x2 - x1) / 3, (y2 - y1) / 3
    corners = ((x1 + 2 * w, y1 + h), (x2, y1 + h), (x2, y1 + 2 * h), (x1 + 2 * w, y1 + 2 * h))
    np.testing.assert_allclose(trace.bin(1, 2).corners, corners, atol=1e-12)
    reference = roi_align(MAP[None, None], np.array([[0, 300.0, 210.0, 530.0, 390.0]]), 3, 1 / 32, 2, True)[0, 0]
    np.testing.assert_allclose(trace.output, reference, atol=1e-12)


def test_rotated_at_90_degrees_the_width_runs_upward():
    trace = trace_roi_align_rotated(MAP, BOX, GEOMETRY, 3, 90.0, 2)
    (ax, ay), (bx, by), (cx, cy), _ = trace.corners
    width, height = 230 / 32, 180 / 32
    assert (bx - ax, by - ay) == pytest.approx((0.0, -width), abs=1e-12)  # top-left to top-right: up the screen
    assert (cx - bx, cy - by) == pytest.approx((height, 0.0), abs=1e-12)  # then along the height: to the right
    assert trace.corners[0] == pytest.approx((415 / 32 - height / 2, 300 / 32 + width / 2))


def test_rotated_trace_is_the_zoos_and_the_batch_functions():
    trace = trace_roi_align_rotated(MAP, BOX, GEOMETRY, 3, 30.0, 2)
    zoo = {e.key: e for e in method_zoo(MAP, BOX, GEOMETRY, 3, ZooOptions(angle=30.0))}["roi_align_rotated"]
    np.testing.assert_array_equal(trace.output, zoo.output)
    np.testing.assert_array_equal([p for b in trace.bins for p in b.samples], zoo.points)
    assert (trace.cos, trace.sin) == pytest.approx((math.sqrt(3) / 2, 0.5)) and not trace.output.flags.writeable


def _inside_convex(point, polygon, tolerance=1e-9) -> bool:
    """Whether ``point`` lies in the convex ``polygon`` (its corners in order, either way round)."""
    crosses = [
        (b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0])
        for a, b in zip(polygon, polygon[1:] + polygon[:1])
    ]
    return all(c >= -tolerance for c in crosses) or all(c <= tolerance for c in crosses)


@settings(max_examples=80)
@given(maps_and_boxes(positive=True), st.integers(1, 4), st.floats(-360, 360), st.integers(-1, 3))
def test_rotated_samples_lie_in_their_bins_and_the_output_is_the_batch_functions(case, output_size, angle, ratio):
    feature_map, box, geometry = case
    trace = trace_roi_align_rotated(feature_map, box, geometry, output_size, angle, ratio)
    roi = [0.0, (box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, box.width, box.height, angle]
    batch = roi_align_rotated(feature_map[None, None], np.array([roi]), output_size, 1 / geometry.stride, ratio)
    np.testing.assert_array_equal(trace.output, batch[0, 0])
    assert math.hypot(trace.cos, trace.sin) == pytest.approx(1.0)
    last = output_size - 1  # the outer bins' outer corners are the box's
    outer = [trace.bin(0, 0).corners[0], trace.bin(0, last).corners[1]]
    outer += [trace.bin(last, last).corners[2], trace.bin(last, 0).corners[3]]
    np.testing.assert_allclose(outer, trace.corners, atol=1e-9)
    for b in trace.bins:
        assert len(b.samples) == trace.grid[0] * trace.grid[1]
        assert all(_inside_convex(p, b.corners) for p in b.samples)
    points = np.array([p for b in trace.bins for p in b.samples]).reshape(-1, 2)
    if len(points):
        np.testing.assert_allclose(points.mean(axis=0), trace.centre, atol=1e-9)
