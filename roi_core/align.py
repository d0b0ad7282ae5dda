"""RoI Align on a batch, with torchvision's names, shapes and semantics.

Vectorised over RoIs, channels and sampling points: bilinear interpolation is
separable, so each RoI's samples are ``Wy @ F @ Wx.T`` with sparse-in-effect
interpolation matrices ``Wy`` (rows: sample y's, columns: map rows) and ``Wx``.
Average pooling folds the mean into those matrices; max pooling keeps every
sample and reduces afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import validation as check
from .crops import chunks_by_extent, crop_matrix, gather_crops, used_span
from .sampling import axis_weights, grid_sizes, roi_start_and_size, sample_coordinates

ROIS_PER_CHUNK = 8  # small chunks keep each chunk's crops in the CPU cache
MAX_SAMPLES_PER_CHUNK = 1 << 26


def roi_align(
    input,
    boxes,
    output_size,
    spatial_scale=1.0,
    sampling_ratio=-1,
    aligned=False,
    *,
    pooling="avg",
    sample_layout="centered",
) -> np.ndarray:
    """RoI Align of ``input`` (N, C, H, W) over ``boxes``; returns (K, C, h, w).

    With the defaults this is ``torchvision.ops.roi_align``: box corners scaled by
    ``spatial_scale`` (minus half a cell when ``aligned``), never rounded; each of
    the h x w bins sampled on a ``sampling_ratio`` x ``sampling_ratio`` grid
    (adaptive ``ceil(roi_size / bins)`` when ``sampling_ratio <= 0``), each sample
    bilinearly interpolated with torchvision's border rules, and the bin's samples
    averaged. ``pooling="max"`` takes their maximum instead (the lesson's choice,
    as mmcv's max mode; a bin with no sample gives 0). ``sample_layout="spaced"``
    puts the n points per axis at (i + 1)/(n + 1) of the bin (the slides: 1/3 and
    2/3) instead of torchvision's centred (i + 0.5)/n.
    """
    features = check.check_input(input)
    rois = check.check_boxes(boxes, features.shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)
    ratio = check.check_sampling_ratio(sampling_ratio)
    aligned = check.check_aligned(aligned)
    pooling = check.check_choice("pooling", pooling, check.POOLINGS)
    layout = check.check_choice("sample_layout", sample_layout, check.SAMPLE_LAYOUTS)

    count, channels, height, width = len(rois), features.shape[1], features.shape[2], features.shape[3]
    output = np.zeros((count, channels, pooled_h, pooled_w), dtype=features.dtype)
    if count == 0:
        return output
    start_x, start_y, roi_w, roi_h = roi_start_and_size(rois[:, 1:], scale, aligned)
    rows = _axis_matrices(start_y, roi_h, pooled_h, height, ratio, layout, pooling)
    cols = _axis_matrices(start_x, roi_w, pooled_w, width, ratio, layout, pooling)
    channels_last = np.ascontiguousarray(features.transpose(0, 2, 3, 1))
    batch_index = rois[:, 0].astype(np.int64)
    row_first, row_length = used_span(rows.matrix)
    col_first, col_length = used_span(cols.matrix)
    per_roi = rows.matrix.shape[1] * cols.matrix.shape[1] * channels
    if per_roi > MAX_SAMPLES_PER_CHUNK:
        raise ValueError(
            f"sampling_ratio: {per_roi} sample values per RoI exceed {MAX_SAMPLES_PER_CHUNK}; "
            "pass a smaller fixed sampling_ratio"
        )
    per_chunk = max(1, min(ROIS_PER_CHUNK, MAX_SAMPLES_PER_CHUNK // max(per_roi, 1)))
    for chunk in chunks_by_extent(batch_index, row_length, col_length, per_chunk):
        crop_h, crop_w = int(row_length[chunk].max()), int(col_length[chunk].max())
        crops = gather_crops(channels_last[batch_index[chunk[0]]], row_first[chunk], col_first[chunk], crop_h, crop_w)
        row_matrix = crop_matrix(rows.matrix[chunk], row_first[chunk], crop_h).astype(features.dtype)
        col_matrix = crop_matrix(cols.matrix[chunk], col_first[chunk], crop_w).astype(features.dtype)
        output[chunk] = _reduce_bins(_interpolate(crops, row_matrix, col_matrix), rows, cols, chunk, pooling)
    return output


@dataclass(frozen=True)
class _AxisMatrices:
    """Interpolation matrices of one axis for every RoI (K, S, size), and their sample masks."""

    matrix: np.ndarray
    mask: np.ndarray
    grid: np.ndarray


def _axis_matrices(start, extent, pooled, size, ratio, layout, pooling) -> _AxisMatrices:
    """Build (K, S, size) matrices: S = pooled bins (avg) or pooled x grid samples (max)."""
    grid = grid_sizes(extent, pooled, ratio)
    coords, mask = sample_coordinates(start, extent / pooled, pooled, grid, layout)
    low, high, w_low, w_high = axis_weights(coords, size)
    w_low, w_high = np.where(mask, w_low, 0.0), np.where(mask, w_high, 0.0)
    count, _, points = coords.shape
    if pooling == "avg":
        mean = 1.0 / np.maximum(grid, 1)[:, None, None]
        w_low, w_high = w_low * mean, w_high * mean
        row = np.arange(count * pooled).reshape(count, pooled, 1).repeat(points, axis=2)
        rows_per_roi = pooled
    else:
        row = np.arange(count * pooled * points).reshape(coords.shape)
        rows_per_roi = pooled * points
    index = np.concatenate([(row * size + low).ravel(), (row * size + high).ravel()])
    weights = np.concatenate([w_low.ravel(), w_high.ravel()])
    matrix = np.bincount(index, weights, minlength=count * rows_per_roi * size)
    return _AxisMatrices(matrix.reshape(count, rows_per_roi, size), mask, grid)


def _interpolate(crops: np.ndarray, row_matrix: np.ndarray, col_matrix: np.ndarray) -> np.ndarray:
    """Samples (k, C, Sy, Sx) = row_matrix @ crop @ col_matrix.T for each RoI and channel."""
    count, crop_h, crop_w, channels = crops.shape
    along_y = np.matmul(row_matrix, crops.reshape(count, crop_h, crop_w * channels))
    along_y = along_y.reshape(count, row_matrix.shape[1], crop_w, channels)
    samples = np.matmul(col_matrix[:, None], along_y)
    return samples.transpose(0, 3, 1, 2)


def _reduce_bins(samples, rows: _AxisMatrices, cols: _AxisMatrices, chunk, pooling) -> np.ndarray:
    """Bins from samples: already averaged (avg), or the max over each bin's samples."""
    if pooling == "avg":
        return samples
    count, channels = samples.shape[:2]
    pooled_h, grid_h = rows.mask.shape[1:]
    pooled_w, grid_w = cols.mask.shape[1:]
    samples = samples.reshape(count, channels, pooled_h, grid_h, pooled_w, grid_w)
    valid = rows.mask[chunk][:, None, :, :, None, None] & cols.mask[chunk][:, None, None, None, :, :]
    best = np.where(valid, samples, -np.inf).max(axis=(3, 5), initial=-np.inf)
    return np.where(np.isfinite(best), best, 0.0)
