"""Every number of the lesson's worked example, through roi_core's public API.

The numbers are those of ``roi_core/data/README.md`` (the slides' worked
example): an 800 x 576 image, stride 32, the box x, y = 300, 210 and
w, h = 230, 180 pixels, a 3 x 3 output. Expected values are written out or
computed here by hand from the rectangles, never taken from roi_core itself.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

import roi_core
from roi_core import (
    LESSON_PRESET,
    SLIDE_EXAMPLES,
    Rect,
    cells_touched,
    lesson_feature_map,
    map_geometry,
    quantize_box,
    roi_align,
    roi_pool,
    slides_arithmetic,
    trace_roi_align,
    trace_roi_pool,
)

STRIDE = 32
BOX = Rect(300, 210, 530, 390)  # x, y = 300, 210; w, h = 230, 180

# The slides' 25 x 18 table (RoI-Align slides), row by row; the three cells the
# slides hide (row 5, cols 8-10) are the README's reconstruction 0.7, 0.2, 0.4.
SLIDE_TABLE = (
    "0.2 0.1 0.8 0.3 0.5 0.5 0.9 0.7 0.7 0.2 0.1 0.3 0.8 0.8 0.5 0.4 0.4 0.2 0.1 0.1 0.7 0.3 0.6 0.5 0.1",
    "0.5 0.3 0.6 0.8 0.1 0.2 0.1 0.2 0.1 0.9 1.0 0.8 0.9 0.1 0.9 0.7 0.3 0.3 1.0 0.2 0.6 1.0 0.7 0.3 0.2",
    "0.4 0.5 0.7 0.2 0.4 0.9 0.3 1.0 0.2 0.2 0.4 0.2 0.2 0.3 0.4 0.6 0.2 0.5 0.4 0.1 0.3 0.1 0.9 0.3 0.5",
    "0.5 0.1 0.2 0.9 0.8 0.7 0.2 0.1 0.8 0.3 0.5 0.5 0.9 0.7 0.7 0.2 0.1 0.3 0.6 0.5 0.9 0.7 0.7 0.2 0.1",
    "0.3 0.2 0.5 0.6 0.2 0.4 0.5 0.3 0.6 0.8 0.1 0.2 0.1 0.2 0.1 0.9 1.0 1.0 0.7 0.3 0.1 0.2 0.1 0.9 1.0",
    "0.4 0.2 0.3 0.4 0.6 0.2 0.4 0.5 0.7 0.2 0.4 0.9 0.3 1.0 0.2 0.2 0.4 0.1 0.9 0.3 0.3 1.0 0.2 0.2 0.4",
    "0.2 0.1 0.1 0.7 0.3 0.6 0.5 0.1 0.2 0.9 0.8 0.7 0.4 0.5 0.5 0.3 0.1 0.7 0.7 0.2 0.2 0.1 0.8 0.3 0.5",
    "0.3 1.0 0.2 0.6 1.0 0.7 0.3 0.2 0.5 0.6 0.2 0.4 0.4 0.2 1.0 0.9 0.8 0.2 0.1 0.9 0.5 0.3 0.6 0.8 0.1",
    "0.5 0.4 0.1 0.3 0.1 0.9 0.3 0.5 0.7 0.4 0.3 0.2 0.5 0.8 0.8 0.1 0.4 1.0 0.2 0.2 0.4 0.5 0.7 0.2 0.4",
    "0.9 0.7 0.7 0.2 0.1 0.3 0.8 0.8 0.5 0.4 0.4 0.2 0.1 0.1 0.7 0.3 0.6 0.1 0.8 0.3 0.5 0.1 0.2 0.9 0.8",
    "0.1 0.2 0.1 0.9 1.0 0.8 0.9 0.1 0.9 0.7 0.3 0.3 1.0 0.2 0.8 1.0 0.7 0.3 0.6 0.8 0.3 0.2 0.5 0.6 0.2",
    "0.3 1.0 0.2 0.2 0.4 0.2 0.2 0.3 0.4 0.6 0.2 0.5 0.4 0.1 0.3 0.1 0.9 0.5 0.7 0.2 0.3 0.5 0.7 0.4 0.3",
    "0.4 0.5 0.5 0.3 0.1 0.9 0.9 0.7 0.7 0.2 0.1 0.3 0.8 0.8 0.5 0.4 0.4 0.1 0.2 0.9 0.8 0.8 0.5 0.4 0.4",
    "0.4 0.2 1.0 0.9 0.8 0.6 0.1 0.2 0.1 0.9 1.0 0.8 0.9 0.1 0.9 0.7 0.3 0.2 0.5 0.6 0.9 0.1 0.9 0.7 0.3",
    "0.5 0.8 0.8 0.1 0.4 0.4 0.3 1.0 0.2 0.2 0.4 0.2 0.2 0.3 0.4 0.6 0.2 0.5 0.7 0.4 0.2 0.3 0.4 0.6 0.2",
    "0.1 0.1 0.7 0.3 0.6 0.4 0.3 0.6 0.9 0.7 0.7 0.2 0.1 0.3 0.8 0.8 0.5 0.4 0.4 0.2 0.1 0.1 0.7 0.3 0.6",
    "1.0 0.2 0.6 1.0 0.7 0.7 1.0 0.7 0.1 0.2 0.1 0.9 1.0 0.8 0.9 0.1 0.9 0.7 0.3 0.3 1.0 0.2 0.6 1.0 0.7",
    "0.4 0.1 0.3 0.1 0.9 0.6 0.1 0.9 0.3 1.0 0.2 0.2 0.4 0.2 0.2 0.3 0.4 0.6 0.2 0.5 0.4 0.1 0.3 0.1 0.9",
)


def half_up(value: float, places: int) -> float:
    """Round as the slides do (6.5625 -> 6.563), not Python's half-to-even."""
    return float(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def bilinear(fm: np.ndarray, x: float, y: float) -> float:
    """Reference bilinear read at map-frame (x, y) for an interior point: cell centres at c + 0.5."""
    u, v = x - 0.5, y - 0.5
    c, r = math.floor(u), math.floor(v)
    fx, fy = u - c, v - r
    top = fm[r, c] * (1 - fx) + fm[r, c + 1] * fx
    bottom = fm[r + 1, c] * (1 - fx) + fm[r + 1, c + 1] * fx
    return top * (1 - fy) + bottom * fy


@pytest.fixture(scope="module")
def fm():
    return lesson_feature_map()


@pytest.fixture(scope="module")
def geometry():
    return map_geometry(800, 576, STRIDE)


@pytest.fixture(scope="module")
def align_trace(fm, geometry):
    return trace_roi_align(fm, BOX, geometry, 3)  # the lesson's defaults: 2x2 spaced, aligned, max


@pytest.fixture(scope="module")
def first_bin(align_trace):
    return align_trace.bin(0, 0)


def sample(first_bin, label):
    (found,) = [s for s in first_bin.samples if s.label == label]
    return found


# --- image and map geometry ---------------------------------------------------


def test_preset_is_the_lesson_example():
    assert LESSON_PRESET.image_width == 800 and LESSON_PRESET.image_height == 576
    assert LESSON_PRESET.stride == 32
    assert LESSON_PRESET.box == (300, 210, 230, 180)
    assert LESSON_PRESET.box_rect == BOX
    assert LESSON_PRESET.output_size == 3
    assert LESSON_PRESET.quantization == "floor"
    assert LESSON_PRESET.sampling_ratio == 2
    assert LESSON_PRESET.sample_layout == "spaced"
    assert LESSON_PRESET.pooling == "max"
    assert LESSON_PRESET.aligned is True


def test_800x576_at_stride_32_is_25x18(geometry):
    assert (geometry.map_width, geometry.map_height) == (25, 18)
    assert (geometry.missing_x, geometry.missing_y) == (0, 0)
    assert geometry.spatial_scale == 1 / 32
    assert geometry.pixel_extent == Rect(0, 0, 800, 576)


def test_224_at_stride_32_is_7x7():
    g = map_geometry(224, 224, 32)
    assert (g.map_width, g.map_height) == (7, 7)
    assert (g.missing_x, g.missing_y) == (0, 0)


def test_map_size_rounds_up_for_a_partial_patch():
    g = map_geometry(801, 575, 32)  # 25.03 and 17.97 cells
    assert (g.map_width, g.map_height) == (26, 18)
    assert (g.missing_x, g.missing_y) == (26 * 32 - 801, 18 * 32 - 575)


def test_projected_box(geometry):
    q = quantize_box(BOX, geometry, "floor")
    p = q.projected
    assert (p.x1, p.y1, p.x2, p.y2) == (9.375, 6.5625, 16.5625, 12.1875)  # exact: dyadic fractions
    assert (p.width, p.height) == (7.1875, 5.625)
    # the slides' 3-decimal forms
    assert [half_up(v, 3) for v in (p.y1, p.x2, p.y2, p.width)] == [6.563, 16.563, 12.188, 7.188]
    assert half_up(p.x1, 3) == 9.375


def test_cells_touched_by_the_lesson_box(geometry):
    touched = cells_touched(BOX, geometry)
    # columns floor(300/32) = 9 .. ceil(530/32) = 17, rows floor(210/32) = 6 .. ceil(390/32) = 13
    assert (touched.col_start, touched.col_stop, touched.row_start, touched.row_stop) == (9, 17, 6, 13)
    assert touched.count == 8 * 7
    assert touched.cells[0] == (6, 9) and touched.cells[-1] == (12, 16)
    assert len(set(touched.cells)) == 56


def test_cells_touched_is_clipped_to_the_map(geometry):
    touched = cells_touched(Rect(-100, 500, 900, 700), geometry)
    assert (touched.col_start, touched.col_stop, touched.row_start, touched.row_stop) == (0, 25, 15, 18)
    assert touched.count == 25 * 3
    outside = cells_touched(Rect(900, 600, 1000, 700), geometry)
    assert outside.count == 0 and outside.cells == ()


# --- RoI Pooling: the slides' floor quantization ------------------------------


def test_floor_quantization(geometry):
    q = quantize_box(BOX, geometry, "floor")
    assert (q.X, q.Y, q.W, q.H) == (9, 6, 7, 5)
    assert q.cells == Rect(9, 6, 16, 11)
    assert q.pixels == Rect(288, 192, 512, 352)
    assert q.origin_shift_px == (-12.0, -18.0)  # 288 - 300, 192 - 210
    assert q.size_change_px == (-6.0, -20.0)  # 224 - 230, 160 - 180
    assert q.origin_shift_cells == (-0.375, -0.5625)
    assert q.size_change_cells == (-0.1875, -0.625)


def test_floor_lost_added_and_iou(geometry):
    q = quantize_box(BOX, geometry, "floor")
    true_area = 230 * 180
    quantized_area = (512 - 288) * (352 - 192)
    shared = (512 - 300) * (352 - 210)  # intersection [300, 512) x [210, 352)
    assert q.lost_area == true_area - shared == 11296
    assert q.added_area == quantized_area - shared == 5736
    assert q.iou == pytest.approx(shared / (true_area + quantized_area - shared), abs=1e-12)
    assert q.iou == pytest.approx(30104 / 47136, abs=1e-12)
    # the pieces: lost ones inside the true box and outside the quantized one, and vice versa
    for piece in q.lost:
        assert piece.intersection(BOX).area == piece.area and piece.intersection(q.pixels) is None
    for piece in q.added:
        assert piece.intersection(q.pixels).area == piece.area and piece.intersection(BOX) is None
    # the crop loses the band below y = 352 and the strip right of x = 512
    assert set(q.lost) == {Rect(300, 352, 530, 390), Rect(512, 210, 530, 352)}
    assert set(q.added) == {Rect(288, 192, 512, 210), Rect(288, 210, 300, 352)}


def test_round_quantization_is_torchvisions(geometry):
    q = quantize_box(BOX, geometry, "round")
    # round(9.375) = 9, round(6.5625) = 7, round(16.5625) = 17, round(12.1875) = 12, end cell included
    assert (q.X, q.Y, q.W, q.H) == (9, 7, 9, 6)
    assert q.cells == Rect(9, 7, 18, 13)
    assert q.pixels == Rect(288, 224, 576, 416)
    assert q.origin_shift_px == (-12.0, 14.0)
    assert q.size_change_px == (58.0, 12.0)
    true_area, quantized_area = 230 * 180, 288 * 192
    shared = (530 - 300) * (390 - 224)  # intersection [300, 530) x [224, 390)
    assert q.lost_area == true_area - shared == 3220
    assert q.added_area == quantized_area - shared == 17116
    assert q.iou == pytest.approx(shared / (true_area + quantized_area - shared), abs=1e-12)


def test_floor_pool_trace_bins_and_dropped_cells(fm, geometry):
    t = trace_roi_pool(fm, BOX, geometry, 3, quantization="floor")
    assert t.output_size == (3, 3)
    assert t.bin_size == (1.0, 2.0)  # (h, w): grid width 7/3 -> 2, grid height 5/3 -> 1
    for b in t.bins:
        assert b.rows == (6 + b.row, 7 + b.row)
        assert b.cols == (9 + 2 * b.col, 11 + 2 * b.col)
        assert b.value == fm[b.rows[0] : b.rows[1], b.cols[0] : b.cols[1]].max()
    read = {(r, c) for r in range(6, 9) for c in range(9, 15)}
    quantized = {(r, c) for r in range(6, 11) for c in range(9, 16)}
    assert set(t.read_cells) == read
    assert set(t.dropped_cells) == quantized - read
    assert len(t.dropped_cells) == 7 * 5 - 3 * 6 == 17
    # column 15 (rows 6-8) and rows 9-10 are what the 2 x 1 bins do not reach
    assert {(r, 15) for r in range(6, 9)} <= set(t.dropped_cells)
    assert {(r, c) for r in (9, 10) for c in range(9, 16)} <= set(t.dropped_cells)


def test_floor_pool_output(fm, geometry):
    expected = np.array([[0.9, 0.7, 0.5], [0.6, 0.4, 1.0], [0.4, 0.5, 0.8]])  # read off the slides' table
    t = trace_roi_pool(fm, BOX, geometry, 3, quantization="floor")
    np.testing.assert_array_equal(t.output, expected)
    batch = roi_pool(fm[None, None], np.array([[0, 300, 210, 530, 390]]), 3, 1 / 32, quantization="floor")
    np.testing.assert_array_equal(batch[0, 0], expected)
    assert not t.output.flags.writeable


def test_round_pool_trace(fm, geometry):
    t = trace_roi_pool(fm, BOX, geometry, 3, quantization="round")
    assert t.bin_size == (2.0, 3.0)  # H / 3, W / 3
    assert t.dropped_cells == ()
    expected = np.array([[0.6, 1.0, 1.0], [0.7, 1.0, 1.0], [0.6, 0.8, 0.9]])  # torchvision.ops.roi_pool
    np.testing.assert_array_equal(t.output, expected)
    batch = roi_pool(fm[None, None], np.array([[0, 300, 210, 530, 390]]), 3, 1 / 32)
    np.testing.assert_array_equal(batch[0, 0], expected)
    for b in t.bins:
        assert b.rows == (7 + 2 * b.row, 9 + 2 * b.row) and b.cols == (9 + 3 * b.col, 12 + 3 * b.col)
        assert b.value == b.values.max() == t.output[b.row, b.col]


# --- RoI Align ----------------------------------------------------------------


def test_align_bin_size_and_grid(align_trace):
    bin_h, bin_w = align_trace.bin_size
    assert half_up(bin_w, 3) == 2.396 and bin_w == pytest.approx(7.1875 / 3, abs=1e-15)
    assert bin_h == 1.875
    assert align_trace.grid == (2, 2)
    assert align_trace.roi == Rect(9.375, 6.5625, 16.5625, 12.1875)  # aligned: unquantized projection
    assert align_trace.output_size == (3, 3) and len(align_trace.bins) == 9


def test_align_not_aligned_roi_sits_half_a_cell_further(fm, geometry):
    t = trace_roi_align(fm, BOX, geometry, 3, aligned=False)
    assert t.roi == Rect(9.875, 7.0625, 17.0625, 12.6875)


def test_first_bin_edges_and_sample_coordinates(first_bin):
    assert first_bin.x_edges == pytest.approx((9.375, 9.375 + 7.1875 / 3), abs=1e-12)
    assert first_bin.y_edges == pytest.approx((6.5625, 8.4375), abs=1e-12)
    assert [s.label for s in first_bin.samples] == ["S1", "S2", "S3", "S4"]
    left, right = 9.375 + 7.1875 / 9, 9.375 + 2 * 7.1875 / 9  # 1/3 and 2/3 of the 2.396-wide bin
    upper, lower = 6.5625 + 1.875 / 3, 6.5625 + 2 * 1.875 / 3  # 7.1875 and 7.8125
    expected = {"S1": (left, upper), "S2": (right, upper), "S3": (left, lower), "S4": (right, lower)}
    for s in first_bin.samples:
        assert (s.x, s.y) == pytest.approx(expected[s.label], abs=1e-12)
        assert (s.read_x, s.read_y) == pytest.approx(expected[s.label], abs=1e-12)  # interior: no clamping
        assert s.inside
    s2, s3 = sample(first_bin, "S2"), sample(first_bin, "S3")
    assert (round(s2.x, 3), s2.y) == (10.972, 7.1875)
    assert (round(s3.x, 3), s3.y) == (10.174, 7.8125)


@pytest.mark.parametrize(
    "label, cells, values",
    [
        # (row, col) of top-left, top-right, bottom-left, bottom-right; FM(c + 0.5, r + 0.5)
        ("S2", [(6, 10), (6, 11), (7, 10), (7, 11)], [0.8, 0.7, 0.2, 0.4]),
        ("S3", [(7, 9), (7, 10), (8, 9), (8, 10)], [0.6, 0.2, 0.4, 0.3]),
        ("S4", [(7, 10), (7, 11), (8, 10), (8, 11)], [0.2, 0.4, 0.3, 0.2]),
        ("S1", [(6, 9), (6, 10), (7, 9), (7, 10)], [0.9, 0.8, 0.6, 0.2]),
    ],
)
def test_sample_neighbours(first_bin, label, cells, values):
    s = sample(first_bin, label)
    assert [(n.row, n.col) for n in s.neighbours] == cells
    assert [n.value for n in s.neighbours] == values
    assert [n.centre for n in s.neighbours] == [(c + 0.5, r + 0.5) for r, c in cells]
    # the weights are the bilinear ones of the exact coordinates
    fx, fy = s.x - (cells[0][1] + 0.5), s.y - (cells[0][0] + 0.5)
    assert s.weight_x == pytest.approx((1 - fx, fx), abs=1e-12)
    assert s.weight_y == pytest.approx((1 - fy, fy), abs=1e-12)
    expected_weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy]
    assert [n.weight for n in s.neighbours] == pytest.approx(expected_weights, abs=1e-12)


@pytest.mark.parametrize(
    "label, x, y, top, bottom, value",
    [
        ("S2", 10.97, 7.19, 0.753, 0.294, 0.436),
        ("S3", 10.17, 7.81, 0.332, 0.333, 0.332),
        ("S4", 10.97, 7.81, 0.294, 0.253, 0.281),
    ],
)
def test_slides_arithmetic_reproduces_the_slides(first_bin, label, x, y, top, bottom, value):
    arithmetic = slides_arithmetic(sample(first_bin, label))
    assert (arithmetic.x, arithmetic.y) == (x, y)
    assert (arithmetic.top, arithmetic.bottom, arithmetic.value) == (top, bottom, value)


@pytest.mark.parametrize(
    "label, top, bottom, value",
    [
        # slides' rounded results: the exact ones are within 5e-4 of them
        ("S2", 0.753, 0.294, None),
        ("S4", 0.294, 0.253, 0.281),
    ],
)
def test_exact_values_close_to_the_slides(first_bin, label, top, bottom, value):
    s = sample(first_bin, label)
    assert s.top == pytest.approx(top, abs=5e-4)
    assert s.bottom == pytest.approx(bottom, abs=5e-4)
    if value is not None:
        assert s.value == pytest.approx(value, abs=5e-4)


def test_exact_s2_is_0_4377_not_0_436(first_bin):
    s2 = sample(first_bin, "S2")
    assert s2.value == pytest.approx(0.4377, abs=1e-4)
    assert abs(s2.value - 0.436) > 1e-3  # the slides' 2-decimal coordinates cost a unit in the 3rd decimal


def test_exact_s3_differs_from_the_slides_in_the_third_decimal(first_bin):
    # x = 10.1736 rather than 10.17 moves S3's upper interpolation from 0.332 to 0.3306:
    # 0.6 * (10.5 - 10.1736) + 0.2 * (10.1736 - 9.5) = 0.33056
    s3 = sample(first_bin, "S3")
    assert s3.top == pytest.approx(0.33056, abs=1e-5)
    assert s3.bottom == pytest.approx(0.33264, abs=1e-5)
    assert s3.value == pytest.approx(0.33121, abs=1e-5)
    assert abs(s3.value - 0.332) < 1e-3


def test_sample_values_are_bilinear_reads(fm, first_bin):
    for s in first_bin.samples:
        assert s.value == pytest.approx(bilinear(fm, s.x, s.y), abs=1e-12)
        assert s.value == pytest.approx(sum(n.value * n.weight for n in s.neighbours), abs=1e-12)
        top, bottom = (n.value for n in s.neighbours[:2]), (n.value for n in s.neighbours[2:])
        assert s.top == pytest.approx(np.dot(list(top), s.weight_x), abs=1e-12)
        assert s.bottom == pytest.approx(np.dot(list(bottom), s.weight_x), abs=1e-12)


def test_first_bin_value_is_the_max_and_its_winner(first_bin):
    values = [s.value for s in first_bin.samples]
    assert first_bin.value == max(values)
    assert first_bin.samples[first_bin.winner].value == first_bin.value
    # S1 (not worked on the slides) wins: 0.8326 * 0.3125 + 0.3306 * 0.6875 = 0.4875
    assert first_bin.samples[first_bin.winner].label == "S1"
    assert first_bin.value == pytest.approx(0.48746, abs=1e-5)


def test_avg_pooling_bin_has_no_winner(fm, geometry):
    t = trace_roi_align(fm, BOX, geometry, 3, pooling="avg")
    b = t.bin(0, 0)
    assert b.winner is None
    assert b.value == pytest.approx(np.mean([s.value for s in b.samples]), abs=1e-12)


def reference_align_output(fm: np.ndarray) -> np.ndarray:
    """The lesson's 3 x 3 RoI Align by hand: 2 x 2 samples at 1/3, 2/3 of each bin, max."""
    x0, y0, bin_w, bin_h = 9.375, 6.5625, 7.1875 / 3, 5.625 / 3
    out = np.empty((3, 3))
    for row in range(3):
        for col in range(3):
            out[row, col] = max(
                bilinear(fm, x0 + (col + i / 3) * bin_w, y0 + (row + j / 3) * bin_h) for i in (1, 2) for j in (1, 2)
            )
    return out


def test_align_output_equals_batch_and_hand_computation(fm, align_trace):
    expected = reference_align_output(fm)
    np.testing.assert_allclose(align_trace.output, expected, rtol=0, atol=1e-12)
    batch = roi_align(
        fm[None, None], np.array([[0, 300, 210, 530, 390]]), 3, 1 / 32, 2, True, pooling="max", sample_layout="spaced"
    )
    assert batch.shape == (1, 1, 3, 3)
    np.testing.assert_allclose(batch[0, 0], expected, rtol=0, atol=1e-12)
    for b in align_trace.bins:
        assert b.value == pytest.approx(align_trace.output[b.row, b.col], abs=1e-12)
        assert len(b.samples) == 4
    assert not align_trace.output.flags.writeable


def test_3x3_sampling_variant_has_nine_points(fm, geometry):
    t = trace_roi_align(fm, BOX, geometry, 3, sampling_ratio=3)
    b = t.bin(0, 0)
    assert t.grid == (3, 3) and len(b.samples) == 9
    xs = sorted({round(s.x, 12) for s in b.samples})
    assert xs == pytest.approx([9.375 + k / 4 * 7.1875 / 3 for k in (1, 2, 3)], abs=1e-12)  # (i + 1) / (n + 1)


# --- the feature map ----------------------------------------------------------


def test_feature_map_is_the_slides_table(fm):
    assert fm.shape == (18, 25)
    assert not fm.flags.writeable
    with pytest.raises(ValueError):
        fm[0, 0] = 1.0
    expected = np.array([[float(v) for v in row.split()] for row in SLIDE_TABLE])
    np.testing.assert_array_equal(fm, expected)
    assert fm.min() == 0.1 and fm.max() == 1.0


def test_feature_map_reconstruction_notes(fm):
    np.testing.assert_array_equal(fm[5, 8:11], [0.7, 0.2, 0.4])  # hidden on the slides
    # the pattern they complete: around them, slide row 6 (cols 7-17) repeats slide row 3 (cols 1-11)
    np.testing.assert_array_equal(fm[5, 6:17], fm[2, 0:11])
    assert fm[10, 14] == 0.8  # the RoI-Align slides' value (the RoI-Pooling slide shows 0.6)
    # the slides' named cells: FM(10.5, 6.5) = 0.8, FM(11.5, 6.5) = 0.7, ...
    assert (fm[6, 10], fm[6, 11], fm[7, 10], fm[7, 11]) == (0.8, 0.7, 0.2, 0.4)


def test_feature_map_is_cached_and_exported():
    first = lesson_feature_map()
    assert lesson_feature_map() is first  # cached, hence read-only
    assert roi_core.lesson_feature_map is lesson_feature_map


# --- the slides' 7 x 7 examples -----------------------------------------------


def test_slide_examples_floor_to_their_sizes():
    assert [ex.cells for ex in SLIDE_EXAMPLES] == [(3, 6), (2, 4)]
    for ex in SLIDE_EXAMPLES:
        g = map_geometry(ex.image_size, ex.image_size, ex.stride)
        assert (g.map_width, g.map_height) == (7, 7) and ex.output_size == 2
        q = quantize_box(Rect.from_xywh(*ex.box), g, "floor")
        assert ex.cells == (q.W, q.H)
        # by hand: floor(w / 32), floor(h / 32)
        assert (ex.box[2] // 32, ex.box[3] // 32) == (q.W, q.H)


def test_slide_example_w3_drops_one_column():
    ex = SLIDE_EXAMPLES[0]
    g = map_geometry(224, 224, 32)
    box = Rect.from_xywh(*ex.box)
    t = trace_roi_pool(np.arange(49.0).reshape(7, 7), box, g, ex.output_size, quantization="floor")
    q = t.quantized
    assert t.bin_size == (3.0, 1.0)  # (h, w): 6/2 = 3, 3/2 -> 1
    last_col = q.X + q.W - 1
    assert set(t.dropped_cells) == {(r, last_col) for r in range(q.Y, q.Y + q.H)}
    assert len(t.dropped_cells) == q.H == 6


def test_slide_example_w2_drops_nothing_but_is_misaligned():
    ex = SLIDE_EXAMPLES[1]
    g = map_geometry(224, 224, 32)
    box = Rect.from_xywh(*ex.box)
    t = trace_roi_pool(np.arange(49.0).reshape(7, 7), box, g, ex.output_size, quantization="floor")
    assert t.bin_size == (2.0, 1.0)  # 4/2 and 2/2: no bin error
    assert t.dropped_cells == ()
    assert len(t.read_cells) == 2 * 4
    q = t.quantized
    assert q.iou < 1
    # by hand: (80, 40, 72, 136) floors to cells x 2..4, y 1..5 -> pixels [64, 128) x [32, 160)
    assert q.pixels == Rect(64, 32, 128, 160)
    shared = (128 - 80) * (160 - 40)
    assert q.iou == pytest.approx(shared / (72 * 136 + 64 * 128 - shared), abs=1e-12)
