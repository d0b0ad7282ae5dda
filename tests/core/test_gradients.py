"""One box's gradient maps on the slides' map: RoI Pooling's whole gradient on the bin's maximum, RoI Align's on the
four cells around the bin's largest sample (max) or every sample (average), PrRoI's spread and its box gradient."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from roi_core import (
    LESSON_PRESET,
    gradient_maps,
    lesson_feature_map,
    map_geometry,
    prroi_pool,
    roi_rows,
    trace_roi_align,
    trace_roi_pool,
)

GEOMETRY = map_geometry(800, 576, 32)
MAP = lesson_feature_map()


def test_one_bin_goes_to_its_maximum_its_largest_samples_cells_and_prroi_s_integral():
    grads = gradient_maps(MAP, LESSON_PRESET, GEOMETRY, (0, 0))
    pool = trace_roi_pool(MAP, LESSON_PRESET.box_rect, GEOMETRY, 3, "floor").bin(0, 0)
    assert grads.receiving("pool") == ((*pool.argmax, 1.0),)  # the slides' bin (0, 0): max 0.9 at cell (6, 9)
    align = trace_roi_align(MAP, LESSON_PRESET.box_rect, GEOMETRY, 3, **LESSON_PRESET.align_options).bin(0, 0)
    largest = align.samples[align.winner]
    expected = {(n.row, n.col): n.weight for n in largest.neighbours}
    assert {(r, c): v for r, c, v in grads.receiving("align")} == pytest.approx(expected)  # its bilinear weights
    assert grads.prroi.sum() == pytest.approx(1.0) and len(grads.receiving("prroi")) == 16
    assert not grads.pool.flags.writeable and not grads.prroi.flags.writeable  # cached read-only


def test_every_bin_sums_to_the_bins_count_and_average_pooling_spreads_over_every_sample():
    settings = dataclasses.replace(LESSON_PRESET, pooling="avg", sample_layout="centered")
    grads = gradient_maps(MAP, settings, GEOMETRY, None)
    assert (grads.pool.sum(), grads.align.sum(), grads.prroi.sum()) == pytest.approx((9, 9, 9))
    one = gradient_maps(MAP, settings, GEOMETRY, (1, 1))
    assert len(one.receiving("align")) > 4  # 2 x 2 samples, each to its four cells


def test_prroi_box_gradient_is_the_finite_difference_of_its_output():
    grads = gradient_maps(MAP, LESSON_PRESET, GEOMETRY, (1, 2))
    row, step = roi_rows(LESSON_PRESET.box_rect), 1e-4
    for corner in range(4):
        up, down = row.copy(), row.copy()
        up[0, 1 + corner] += step
        down[0, 1 + corner] -= step
        value = [prroi_pool(MAP[None, None], r, 3, 1 / 32)[0, 0, 1, 2] for r in (up, down)]
        assert grads.prroi_box[corner] == pytest.approx((value[0] - value[1]) / (2 * step), abs=1e-7)
    assert np.any(np.abs(grads.prroi_box) > 1e-4)
