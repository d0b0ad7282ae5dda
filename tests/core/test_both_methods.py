"""``both_methods`` and ``align_grid``: both methods on a multi-channel map made from an image."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from roi_core import (
    LESSON_PRESET,
    Rect,
    align_grid,
    both_methods,
    cell_means,
    lesson_feature_map,
    map_geometry,
    trace_roi_align,
    trace_roi_pool,
)

GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect(300, 210, 530, 390)


def test_align_grid_of_the_lesson_box_is_the_slides_box_and_bins():
    grid = align_grid(BOX, GEOMETRY, 3, aligned=True)
    assert grid.roi == Rect(9.375, 6.5625, 16.5625, 12.1875)
    assert grid.x_edges[1] - grid.x_edges[0] == pytest.approx(7.1875 / 3)  # the slides' 2.396 ("2.39")
    assert grid.y_edges[1] - grid.y_edges[0] == pytest.approx(1.875)
    assert (grid.x_edges[0], grid.x_edges[-1]) == (9.375, 16.5625)
    assert (grid.y_edges[0], grid.y_edges[-1]) == (6.5625, 12.1875)


def test_align_grid_without_aligned_sits_half_a_cell_further_and_is_at_least_one_cell():
    grid = align_grid(BOX, GEOMETRY, 3, aligned=False)
    assert grid.roi == Rect(9.875, 7.0625, 17.0625, 12.6875)
    tiny = align_grid(Rect(300, 210, 310, 215), GEOMETRY, 2, aligned=False)
    assert tiny.roi.width == 1.0 and tiny.roi.height == 1.0


@pytest.mark.parametrize("aligned", [True, False])
@pytest.mark.parametrize("size", [1, 3, 7])
def test_align_grid_matches_the_trace_bin_edges(aligned, size):
    grid = align_grid(BOX, GEOMETRY, size, aligned)
    trace = trace_roi_align(lesson_feature_map(), BOX, GEOMETRY, size, 1, aligned)
    assert grid.roi == trace.roi
    assert grid.x_edges[:-1] == pytest.approx([trace.bin(0, c).x_edges[0] for c in range(size)])
    assert grid.y_edges[1:] == pytest.approx([trace.bin(r, 0).y_edges[1] for r in range(size)])


def _lesson_settings(**changes):
    return dataclasses.replace(LESSON_PRESET, **changes)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"quantization": "round", "pooling": "avg", "sample_layout": "centered", "sampling_ratio": 0},
        {"aligned": False, "output_size": 5, "sampling_ratio": 3},
    ],
)
def test_each_channel_equals_the_single_channel_traces(changes):
    settings = _lesson_settings(**changes)
    rng = np.random.default_rng(7)
    maps = np.stack([lesson_feature_map(), rng.random((18, 25)), rng.random((18, 25))])
    result = both_methods(maps, settings)
    for channel, values in enumerate(maps):
        pool = trace_roi_pool(values, BOX, GEOMETRY, settings.output_size, settings.quantization)
        align = trace_roi_align(
            values,
            BOX,
            GEOMETRY,
            settings.output_size,
            settings.sampling_ratio,
            settings.aligned,
            settings.pooling,
            settings.sample_layout,
        )
        np.testing.assert_allclose(result.pool_output[channel], pool.output)
        np.testing.assert_allclose(result.align_output[channel], align.output)
    assert result.quantized.convention == settings.quantization


def test_lesson_numbers_on_the_slides_map():
    result = both_methods(lesson_feature_map()[None], LESSON_PRESET)
    assert (result.quantized.X, result.quantized.Y, result.quantized.W, result.quantized.H) == (9, 6, 7, 5)
    assert result.pool_output.shape == result.align_output.shape == (1, 3, 3)
    assert not result.pool_output.flags.writeable


def test_image_maps_of_a_photo_sized_image():
    rgb = np.zeros((600, 900, 3), dtype=np.uint8)
    rgb[:, 450:] = 255  # right half white
    settings = _lesson_settings(image_width=900, image_height=600, box=(400, 100, 100, 300), output_size=2)
    result = both_methods(cell_means(rgb, 32), settings)
    assert result.pool_output.shape == (4, 2, 2)
    # The left bins lie over black, the right ones over white, in every channel.
    assert np.all(result.align_output[:, :, 0] < 0.5) and np.all(result.align_output[:, :, 1] > 0.5)


def test_maps_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match="maps must have shape"):
        both_methods(np.zeros((4, 10, 10)), LESSON_PRESET)


def test_align_box_is_the_true_box_only_when_aligned():
    maps = lesson_feature_map()[None]
    aligned = both_methods(maps, LESSON_PRESET)
    assert aligned.align_box_px == BOX and aligned.align_iou == 1.0
    shifted = both_methods(maps, _lesson_settings(aligned=False))
    assert shifted.align_box_px == Rect(316, 226, 546, 406)  # half a 32-pixel cell right and down
    assert shifted.align_iou == pytest.approx((214 * 164) / (2 * 230 * 180 - 214 * 164))


@pytest.mark.parametrize("stride", [8, 32])
def test_cell_means_are_the_plain_means_of_each_patch(stride):
    rng = np.random.default_rng(3)
    rgb = rng.integers(0, 256, size=(70, 101, 3), dtype=np.uint8)  # partial last row and column
    maps = cell_means(rgb, stride)
    for row, col in [(0, 0), (1, 2), (maps.shape[1] - 1, maps.shape[2] - 1)]:
        patch = rgb[row * stride : (row + 1) * stride, col * stride : (col + 1) * stride].reshape(-1, 3) / 255.0
        np.testing.assert_allclose(maps[:3, row, col], patch.mean(axis=0))
        np.testing.assert_allclose(maps[3, row, col], patch.mean(axis=0) @ [0.299, 0.587, 0.114])
