"""The method zoo on the slides' box: every method's output is its batch function's, the reference row is RoI Align
(torchvision's, aligned), and what each one reads sits where its convention says."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import (
    Rect,
    lesson_feature_map,
    map_geometry,
    one_bin_max,
    onnx_roi_align,
    prroi_pool,
    roi_align,
    roi_align_rotated,
    roi_rows,
    trace_roi_align,
)
from roi_core.zoo import ZooOptions, method_zoo

GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect.from_xywh(300, 210, 230, 180)
MAP = lesson_feature_map()


def zoo(**options) -> dict:
    return {entry.key: entry for entry in method_zoo(MAP, BOX, GEOMETRY, 3, ZooOptions(**options))}


def test_every_method_once_roi_align_first_and_its_own_reference():
    entries = method_zoo(MAP, BOX, GEOMETRY, 3)
    keys = [e.key for e in entries]
    assert keys[0] == "roi_align" and len(set(keys)) == len(keys) == 9
    assert entries[0].difference == 0 and all(e.output.shape == (3, 3) for e in entries)
    assert all(not e.output.flags.writeable and not e.points.flags.writeable for e in entries)


def test_onnx_half_pixel_avg_is_roi_align_and_its_max_mode_is_not():
    assert zoo()["onnx_roi_align"].difference < 1e-12
    assert zoo(onnx_mode="max")["onnx_roi_align"].difference > 0.05  # the max of weighted corner terms
    shifted = zoo(onnx_coordinates="output_half_pixel")["onnx_roi_align"]
    assert shifted.difference > 0 and shifted.points[0] == pytest.approx(zoo()["roi_align"].points[0] + 0.5)


def test_the_rotated_box_at_angle_0_is_roi_align_and_turns_with_the_angle():
    assert zoo()["roi_align_rotated"].difference < 1e-12
    turned = zoo(angle=30.0)["roi_align_rotated"]
    rows = np.array([[0, 415.0, 300.0, 230.0, 180.0, 30.0]])
    np.testing.assert_array_equal(turned.output, roi_align_rotated(MAP[None, None], rows, 3, 1 / 32, 2)[0, 0])
    centre = np.array([415 / 32, 300 / 32])
    np.testing.assert_allclose(turned.points.mean(axis=0), centre, atol=1e-9)  # samples turn about the centre


def test_what_each_method_reads():
    entries = zoo()
    assert len(entries["roi_align"].points) == 3 * 3 * 2 * 2 and not entries["roi_align"].areas
    assert len(entries["crop_and_resize"].points) == 9 and len(entries["roi_warp"].points) == 9
    bins = entries["prroi_pool"].areas
    assert len(bins) == 9 and bins[0].x1 == pytest.approx(300 / 32 + 0.5)  # no half-cell offset: the map frame's + 0.5
    expected = prroi_pool(MAP[None, None], np.array([[0, *[300, 210, 530, 390]]], dtype=float), 3, 1 / 32)[0, 0]
    np.testing.assert_array_equal(entries["prroi_pool"].output, expected)
    pooled = entries["roi_pool"].areas
    assert (pooled[0].x1, pooled[0].y1) == (9, 7)  # round(9.375) = 9, round(6.5625) = 7: torchvision's roi_pool
    reference = roi_align(MAP[None, None], np.array([[0, 300.0, 210.0, 530.0, 390.0]]), 3, 1 / 32, 2, True)[0, 0]
    np.testing.assert_array_equal(entries["roi_align"].output, reference)


def test_roi_align_points_are_the_traces_sampling_points():
    trace = trace_roi_align(MAP, BOX, GEOMETRY, 3, 2, aligned=True, pooling="avg", sample_layout="centered")
    expected = sorted((s.x, s.y) for b in trace.bins for s in b.samples)
    np.testing.assert_allclose(sorted(map(tuple, zoo()["roi_align"].points)), expected, atol=1e-12)
    adaptive = method_zoo(MAP, BOX, GEOMETRY, 3, ZooOptions(sampling_ratio=0))[0]
    assert len(adaptive.points) == 9 * 3 * 2  # ceil(7.19 / 3) = 3 columns, ceil(5.63 / 3) = 2 rows a bin


def test_position_sensitive_bins_read_their_own_score_map():
    entries = zoo()
    ps_align, ps_pool = entries["ps_roi_align"], entries["ps_roi_pool"]
    assert [index for _, index in ps_align.score_maps] == list(range(9))  # bin (i, j) reads map 3 i + j
    assert ps_align.difference < 1e-12  # every score map the same map: RoI Align's average, aligned
    assert ps_align.score_maps[0][0] == Rect(300 / 32, 210 / 32, 300 / 32 + 230 / 96, 210 / 32 + 180 / 96)
    first, _ = ps_pool.score_maps[0]
    assert (first.x1, first.y1, first.x2, first.y2) == (9, 7, 12, 9)  # round(9.375)=9 .. round(16.56)=17: 8 cells
    assert ps_pool.output[0, 0] == pytest.approx(MAP[7:9, 9:12].mean())  # the average of the bin's cells


def test_one_bin_max_is_onnx_runtimes_max_and_the_samples_max_of_the_whole_box():
    """ONNX's max keeps each sample's largest weighted corner term: on a map of positive values it is below the max
    of the interpolated samples (page 9's checkpoint)."""
    onnx, samples = one_bin_max(MAP, BOX, GEOMETRY, 2)
    features, row = MAP[None, None], roi_rows([BOX])
    assert samples == float(roi_align(features, row, 1, 1 / 32, 2, True, pooling="max")[0, 0, 0, 0])
    expected = onnx_roi_align(features, row[:, 1:], np.array([0]), mode="max", sampling_ratio=2, spatial_scale=1 / 32)
    assert onnx == float(expected[0, 0, 0, 0]) and 0 < onnx < samples
