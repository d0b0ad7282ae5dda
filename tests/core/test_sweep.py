"""The shift sweep (RoI Pool's staircase, RoI Align's curve) and the side-by-side comparison.

The lesson box x, y = 300, 210, w, h = 230, 180 px on the slides' 25 x 18 map,
stride 32, 3 x 3 output. Expected shifts are worked out here from the pixel
arithmetic, not taken from roi_core.
"""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import (
    Rect,
    align_touched_cells,
    compare_methods,
    distinct_values_per_cell,
    lesson_feature_map,
    map_geometry,
    shift_sweep,
    trace_roi_align,
    trace_roi_pool,
)

STRIDE = 32
BOX = Rect(300, 210, 530, 390)
SHIFTS = np.arange(-64, 65)
FM = lesson_feature_map()
GEOMETRY = map_geometry(800, 576, STRIDE)


@pytest.fixture(scope="module")
def sweep():
    return shift_sweep(FM, BOX, GEOMETRY, 3, SHIFTS)  # the lesson's conventions


def test_rect_shifted_moves_both_corners():
    assert BOX.shifted(12) == Rect(312, 210, 542, 390)
    assert BOX.shifted(-5, 3) == Rect(295, 213, 525, 393)
    assert BOX.shifted(7).width == BOX.width


def test_sweep_shapes_and_conventions(sweep):
    assert sweep.shifts.tolist() == list(range(-64, 65))
    assert sweep.pool.shape == sweep.align.shape == (129, 3, 3)
    assert (sweep.quantization, sweep.sampling_ratio, sweep.sample_layout, sweep.pooling, sweep.aligned) == (
        "floor",
        2,
        "spaced",
        "max",
        True,
    )
    assert sweep.stride == STRIDE
    assert not sweep.pool.flags.writeable and not sweep.align.flags.writeable


def test_sweep_at_zero_is_the_lesson_outputs(sweep):
    zero = sweep.index(0)
    assert sweep.pool[zero].tolist() == [[0.9, 0.7, 0.5], [0.6, 0.4, 1.0], [0.4, 0.5, 0.8]]
    assert sweep.align[zero, 0, 0] == pytest.approx(0.48745660, abs=1e-7)


LESSON = dict(quantization="floor", sampling_ratio=2, aligned=True, pooling="max", sample_layout="spaced")
TORCHVISION = dict(quantization="round", sampling_ratio=0, aligned=False, pooling="avg", sample_layout="centered")


@pytest.mark.parametrize("conventions", [LESSON, TORCHVISION], ids=["lesson", "torchvision"])
@pytest.mark.parametrize("shift", [-64, -45, -44, -13, 0, 12, 20, 37, 64])
def test_sweep_equals_the_traces_of_the_shifted_box(conventions, shift):
    sweep = shift_sweep(FM, BOX, GEOMETRY, 3, [shift - 1, shift], **conventions)
    align_conventions = {k: v for k, v in conventions.items() if k != "quantization"}
    pool = trace_roi_pool(FM, BOX.shifted(shift), GEOMETRY, 3, conventions["quantization"])
    align = trace_roi_align(FM, BOX.shifted(shift), GEOMETRY, 3, **align_conventions)
    np.testing.assert_array_equal(sweep.pool[1], pool.output)
    np.testing.assert_allclose(sweep.align[1], align.output, atol=1e-12)


def test_floor_bins_move_only_where_x_crosses_a_cell_boundary(sweep):
    # floor(W) = floor(230 / 32) = 7 whatever the shift, so the bins move exactly when
    # floor((300 + s) / 32) changes: 300 + s = 256, 288, 320, 352 -> s = -44, -12, 20, 52
    assert sweep.pool_bin_shifts == (-44, -12, 20, 52)
    # the output can only change where the bins moved, and is constant in between
    assert set(sweep.pool_change_shifts) <= set(sweep.pool_bin_shifts)
    assert len(sweep.pool_change_shifts) >= 3
    for start, stop in zip((-64, -44, -12, 20, 52), (-45, -13, 19, 51, 64)):
        block = sweep.pool[sweep.index(start) : sweep.index(stop) + 1]
        assert (block == block[0]).all()


def test_round_bins_move_where_a_rounded_corner_changes():
    sweep = shift_sweep(FM, BOX, GEOMETRY, 3, SHIFTS, quantization="round")
    # round(x / 32) steps where x / 32 reaches k + 0.5 (x = 32k + 16; halves go up):
    # x1 = 300 + s = 240, 272, 304, 336 (s = -60, -28, 4, 36);
    # x2 = 530 + s = 496, 528, 560, 592 (s = -34, -2, 30, 62)
    assert sweep.pool_bin_shifts == (-60, -34, -28, -2, 4, 30, 36, 62)


def test_align_changes_at_every_pixel(sweep):
    assert sweep.align_change_shifts == tuple(range(-63, 65))
    # a curve may come back to a value it had, so "almost one value per shift"
    assert sweep.distinct("align").min() >= 120 and sweep.distinct_range("align")[1] == 129


def test_distinct_counts(sweep):
    # five bin positions, so at most five values per cell; RoI Align: one per shift
    low, high = sweep.distinct_range("pool")
    assert 1 <= low < high <= 5
    assert sweep.distinct("pool").shape == (3, 3)
    assert sweep.step_count == 128
    with pytest.raises(ValueError, match="method"):
        sweep.distinct("both")
    outputs = np.array([[[0.1]], [[0.1 + 1e-12]], [[0.2]], [[0.1]]])
    assert distinct_values_per_cell(outputs).tolist() == [[2]]


def test_sweep_on_a_constant_map_is_flat():
    flat = np.full((18, 25), 0.5)
    sweep = shift_sweep(flat, BOX, GEOMETRY, 3, SHIFTS)
    assert sweep.align_change_shifts == () and sweep.pool_change_shifts == ()
    assert sweep.distinct_range("pool") == sweep.distinct_range("align") == (1, 1)


def test_sweep_rejects_bad_shifts():
    for bad in ([], [0.5, 1.5], [[1, 2]]):
        with pytest.raises(ValueError, match="shifts"):
            shift_sweep(FM, BOX, GEOMETRY, 3, bad)
    with pytest.raises(ValueError, match="not in the sweep"):
        shift_sweep(FM, BOX, GEOMETRY, 3, [0, 1]).index(5)


def test_comparison_of_the_lesson_box():
    pool = trace_roi_pool(FM, BOX, GEOMETRY, 3, "floor")
    align = trace_roi_align(FM, BOX, GEOMETRY, 3)
    comparison = compare_methods(pool, align)
    np.testing.assert_allclose(comparison.difference, align.output - pool.output)
    assert comparison.difference[0, 0] == pytest.approx(0.48745660 - 0.9, abs=1e-7)
    row, col = comparison.largest_gap_bin
    assert comparison.largest_gap == pytest.approx(abs(align.output[row, col] - pool.output[row, col]))
    assert comparison.largest_gap == pytest.approx(np.abs(align.output - pool.output).max())
    # floor: X, Y, W, H = 9, 6, 7, 5 and 2 x 1 bins read columns 9-14 and rows 6-8
    assert comparison.pool_read == tuple((r, c) for r in range(6, 9) for c in range(9, 15))
    # the first sample S1 (10.17, 7.19) mixes the cells centred at 9.5/10.5 and 6.5/7.5
    assert {(6, 9), (6, 10), (7, 9), (7, 10)} <= set(comparison.align_touched)
    # RoI Align reaches the rows and columns RoI Pool's floors dropped (rows 9-11, cols 15-16)
    assert (11, 16) in comparison.align_only and (9, 15) in comparison.align_only
    both = set(comparison.read_by_both)
    assert both | set(comparison.pool_only) == set(comparison.pool_read)
    assert both | set(comparison.align_only) == set(comparison.align_touched)


def test_touched_cells_leave_out_zero_weights():
    # a box whose samples fall exactly on cell centres: x = 0.5 + k cells, aligned -> weights 1 and 0
    align = trace_roi_align(FM, Rect(32, 32, 128, 128), GEOMETRY, 1, sampling_ratio=1, sample_layout="centered")
    (sample,) = align.bins[0].samples
    assert (sample.x, sample.y) == (2.5, 2.5)
    assert align_touched_cells(align) == ((2, 2),)


def test_compare_needs_the_same_output_size():
    with pytest.raises(ValueError, match="output sizes"):
        compare_methods(trace_roi_pool(FM, BOX, GEOMETRY, 2), trace_roi_align(FM, BOX, GEOMETRY, 3))
