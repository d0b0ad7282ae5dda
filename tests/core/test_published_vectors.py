"""Published and hand-checked vectors for roi_align and roi_pool.

* Detectron2's ROIAlign test (``tests/layers/test_roi_align.py``): a 5 x 5 ramp,
  box [1, 1, 3, 3], 4 x 4 output.
* Border cases written as literal arrays, each obtained once from
  ``torchvision.ops`` 0.29.1 (float64, CPU) and checked by hand where noted;
  test_torchvision_parity.py compares against torchvision live.
"""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import lesson_feature_map, roi_align, roi_pool

RAMP = np.arange(25, dtype=np.float64).reshape(1, 1, 5, 5)  # value = 5 * row + col

DETECTRON2_UNALIGNED = np.array([[7.5, 8, 8.5, 9], [10, 10.5, 11, 11.5], [12.5, 13, 13.5, 14], [15, 15.5, 16, 16.5]])


def box(*corners, batch=0):
    return np.array([[batch, *corners]], dtype=np.float64)


def test_detectron2_unaligned():
    out = roi_align(RAMP, box(1, 1, 3, 3), (4, 4), spatial_scale=1.0, sampling_ratio=0, aligned=False)
    assert out.shape == (1, 1, 4, 4) and out.dtype == np.float64
    np.testing.assert_allclose(out[0, 0], DETECTRON2_UNALIGNED, rtol=0, atol=1e-12)


def test_detectron2_aligned_is_shifted_by_half_a_pixel():
    out = roi_align(RAMP, box(1, 1, 3, 3), (4, 4), spatial_scale=1.0, sampling_ratio=0, aligned=True)
    # half a pixel up and left on a ramp of slope 1 (x) and 5 (y): 0.5 + 2.5 = 3
    np.testing.assert_allclose(out[0, 0], DETECTRON2_UNALIGNED - 3.0, rtol=0, atol=1e-12)
    assert out[0, 0, 0, 0] == pytest.approx(4.5, abs=1e-12)


def test_detectron2_vector_in_float32():
    out = roi_align(RAMP.astype(np.float32), box(1, 1, 3, 3), 4, 1.0, 0, False)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out[0, 0], DETECTRON2_UNALIGNED, rtol=0, atol=1e-5)


# --- roi_align border cases (torchvision 0.29.1) ---------------------------------

ALIGN_CASES = [
    pytest.param(
        # starts two pixels left of the map and ends 1.5 below it; by hand, the bottom
        # row's samples (y = 5.625, 6.375) lie more than one cell past the last centre: 0
        box(-2.0, 3.0, 2.0, 6.5),
        2,
        2,
        False,
        [[9.296875, 19.59375], [0.0, 0.0]],
        id="partly-outside-left-bottom",
    ),
    pytest.param(box(-2.0, 3.0, 2.0, 6.5), 2, 2, True, [[8.4375, 17.375], [5.0, 10.25]], id="partly-outside-aligned"),
    pytest.param(
        # samples x = 5.0625, 5.6875 of the right bins lie past x = 5 (one cell beyond the last centre): 0
        box(3.5, 3.5, 6.0, 6.0),
        2,
        2,
        False,
        [[23.4375, 0.0], [0.0, 0.0]],
        id="past-right-bottom-edge",
    ),
    pytest.param(box(3.5, 3.5, 6.0, 6.0), 2, 2, True, [[21.75, 11.0625], [11.8125, 6.0]], id="past-edge-aligned"),
    pytest.param(box(10.0, 10.0, 12.0, 12.0), 2, 2, False, [[0.0, 0.0], [0.0, 0.0]], id="wholly-outside"),
    # one sample per bin at the box centre: exactly one cell past the last centre (x = 5 on a
    # 5-wide map) still reads the last cell, a hair further reads nothing; x = -1 reads column 0
    pytest.param(box(4.0, 2.0, 6.0, 4.0), 1, 1, False, [[19.0]], id="sample-at-x=size-reads-last-cell"),
    pytest.param(box(4.0, 2.0, 6.0000001, 4.0), 1, 1, False, [[0.0]], id="sample-past-x=size-reads-0"),
    pytest.param(box(-2.0, 2.0, 0.0, 4.0), 1, 1, False, [[15.0]], id="sample-at-x=-1-reads-column-0"),
    pytest.param(box(-2.0000001, 2.0, 0.0, 4.0), 1, 1, False, [[0.0]], id="sample-before-x=-1-reads-0"),
    pytest.param(box(4.0, 4.0, 6.0, 6.0), 1, 1, False, [[24.0]], id="sample-at-the-far-corner"),
    pytest.param(
        # aligned=False forces the 0 x 0 box at (2, 2) to 1 x 1 cell: bins of 0.5, one sample each
        # at 2.25 / 2.75: by hand 5 * 2.25 + 2.25 = 13.5
        box(2.0, 2.0, 2.0, 2.0),
        2,
        -1,
        False,
        [[13.5, 14.0], [16.0, 16.5]],
        id="zero-size-forced-to-1x1",
    ),
    pytest.param(box(2.0, 2.0, 2.0, 2.0), 2, -1, True, [[0.0, 0.0], [0.0, 0.0]], id="zero-size-aligned-adaptive-empty"),
    pytest.param(box(3.0, 3.0, 1.0, 2.0), 2, -1, True, [[0.0, 0.0], [0.0, 0.0]], id="negative-size-adaptive"),
    pytest.param(box(3.0, 3.0, 1.0, 2.0), 2, 2, True, [[13.25, 12.25], [10.75, 9.75]], id="negative-size-fixed-ratio"),
    pytest.param(box(3.0, 3.0, 1.0, 2.0), 2, 2, False, [[19.5, 20.0], [22.0, 22.5]], id="negative-size-forced-to-1x1"),
]


@pytest.mark.parametrize("boxes, output_size, sampling_ratio, aligned, expected", ALIGN_CASES)
def test_align_border_cases(boxes, output_size, sampling_ratio, aligned, expected):
    out = roi_align(RAMP, boxes, output_size, 1.0, sampling_ratio, aligned)
    np.testing.assert_allclose(out[0, 0], expected, rtol=0, atol=1e-12)


def test_align_spatial_scale_and_rectangular_output():
    # box (2, 2)-(8, 6) at scale 0.5 is (1, 1)-(4, 3) in cells, minus 0.5 aligned: (0.5, 0.5)-(3.5, 2.5);
    # 1 x 1-cell bins sampled once each at their centres 1, 2, 3 (x) and 1, 2 (y): the ramp itself
    out = roi_align(RAMP, box(2.0, 2.0, 8.0, 6.0), (2, 3), 0.5, -1, True)
    np.testing.assert_allclose(out[0, 0], [[6.0, 7.0, 8.0], [11.0, 12.0, 13.0]], rtol=0, atol=1e-12)


def test_align_lesson_map_torchvision_defaults():
    fm = lesson_feature_map()[None, None]
    boxes = box(300, 210, 530, 390)
    aligned = [
        [0.45222981770833326, 0.43157552083333345, 0.6619547526041665],
        [0.3333496093749999, 0.35332845052083356, 0.5482788085937498],
        [0.3824666341145832, 0.4292439778645836, 0.5464029947916669],
    ]
    unaligned = [
        [0.2911458333333332, 0.5977864583333334, 0.595052083333333],
        [0.3219360351562499, 0.43924560546875, 0.6273803710937499],
        [0.3118855794270832, 0.4584757486979165, 0.5092936197916669],
    ]
    np.testing.assert_allclose(roi_align(fm, boxes, 3, 1 / 32, 2, True)[0, 0], aligned, rtol=0, atol=1e-12)
    np.testing.assert_allclose(roi_align(fm, boxes, 3, 1 / 32, 2, False)[0, 0], unaligned, rtol=0, atol=1e-12)


# --- roi_pool border cases (torchvision 0.29.1) ----------------------------------

POOL_CASES = [
    pytest.param(
        # cells 3..8 in 3 bins of 2: the first reads cells 3-4 (max 24), the others lie past the map: 0
        box(3.0, 3.0, 8.0, 8.0),
        3,
        1.0,
        [[24.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
        id="empty-bins-give-0",
    ),
    pytest.param(box(6.0, 6.0, 9.0, 9.0), 2, 1.0, [[0.0, 0.0], [0.0, 0.0]], id="wholly-outside"),
    pytest.param(
        # 0.5 -> 1 and 2.5 -> 3 (half away from zero): cells 1..3, max 18. Banker's rounding
        # (0.5 -> 0, 2.5 -> 2) would give cells 0..2 and 12.
        box(0.5, 0.5, 2.5, 2.5),
        1,
        1.0,
        [[18.0]],
        id="half-away-from-zero-1x1",
    ),
    pytest.param(
        box(0.5, 0.5, 2.5, 2.5),
        3,
        1.0,
        [[6.0, 7.0, 8.0], [11.0, 12.0, 13.0], [16.0, 17.0, 18.0]],
        id="half-away-from-zero-3x3",
    ),
    pytest.param(
        # -0.5 -> -1 and 1.5 -> 2: cells -1..2 in bins of 2, the first clipped to cell 0.
        # Banker's (-0.5 -> 0) would give [[6, 8], [16, 18]].
        box(-0.5, -0.5, 1.5, 1.5),
        2,
        1.0,
        [[0.0, 2.0], [10.0, 12.0]],
        id="negative-half",
    ),
    pytest.param(
        # y: 0.5 -> 1, 2.5 -> 3 (banker's: 0 and 2 would give [[8, 9], [13, 14]])
        box(1.5, 0.5, 3.5, 2.5),
        2,
        1.0,
        [[13.0, 14.0], [18.0, 19.0]],
        id="half-integers-x-and-y",
    ),
    pytest.param(
        # zero-size box: one cell (round(2.2) = 2) read by every bin
        box(2.2, 2.2, 2.2, 2.2),
        2,
        1.0,
        [[12.0, 12.0], [12.0, 12.0]],
        id="zero-size-box",
    ),
    pytest.param(box(3.0, 3.0, 1.0, 1.0), 2, 1.0, [[18.0, 18.0], [18.0, 18.0]], id="negative-size-box-is-1-cell"),
    pytest.param(
        # scale 0.5: cells 2 (1.5 -> 2) .. 5 (4.5 -> 5) in x, 1 (0.5 -> 1) .. 5 in y; clipped at 4
        box(3.0, 1.0, 9.0, 9.0),
        (2, 3),
        0.5,
        [[18.0, 19.0, 19.0], [23.0, 24.0, 24.0]],
        id="scale-half-clipped",
    ),
]


@pytest.mark.parametrize("boxes, output_size, spatial_scale, expected", POOL_CASES)
def test_pool_border_cases(boxes, output_size, spatial_scale, expected):
    out = roi_pool(RAMP, boxes, output_size, spatial_scale)
    np.testing.assert_array_equal(out[0, 0], expected)


def test_pool_lesson_map_torchvision():
    out = roi_pool(lesson_feature_map()[None, None], box(300, 210, 530, 390), 3, 1 / 32)
    np.testing.assert_array_equal(out[0, 0], [[0.6, 1.0, 1.0], [0.7, 1.0, 1.0], [0.6, 0.8, 0.9]])


def test_batch_index_selects_the_image():
    two = np.stack([RAMP[0], 100 + RAMP[0]])
    boxes = np.array([[1, 1, 1, 3, 3], [0, 1, 1, 3, 3], [1.9, 1, 1, 3, 3]])  # 1.9 truncates to 1, as torchvision
    out = roi_align(two, boxes, 4, 1.0, 0, False)
    np.testing.assert_allclose(out[0, 0], DETECTRON2_UNALIGNED + 100, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out[1, 0], DETECTRON2_UNALIGNED, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out[2, 0], DETECTRON2_UNALIGNED + 100, rtol=0, atol=1e-12)
    pooled = roi_pool(two, boxes, 1)
    np.testing.assert_array_equal(pooled[:, 0, 0, 0], [118.0, 18.0, 118.0])
