"""RoI Pooling (max) on a batch, with torchvision's names, shapes and semantics.

Two quantization conventions:

* ``"round"`` is ``torchvision.ops.roi_pool``: corners rounded half away from zero
  (C's ``round``), the end cell included, bin ``i`` covering
  ``[floor(i * size / n), ceil((i + 1) * size / n))`` cells, clipped to the map;
  an empty bin gives 0.
* ``"floor"`` is the lesson's (the slides' "floor approximation"): X, Y, W, H are
  the floors of ``x * scale, y * scale, w * scale, h * scale``, and the bin size is
  ``floor(W / n)``: bins never overlap and the cells they do not reach are
  dropped. A W that floors to 0, or a bin size that floors to 0 (W < n), is raised
  to 1 cell, so the bins then reach past the box (``floor_guard`` reports it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import validation as check
from .crops import chunks_by_extent
from .rounding import round_half_away

ROIS_PER_CHUNK = 8  # small chunks keep each chunk's crops in the CPU cache
LOWEST_FLOAT32 = -np.finfo(np.float32).max


def roi_pool(input, boxes, output_size, spatial_scale=1.0, *, quantization="round") -> np.ndarray:
    """RoI max pooling of ``input`` (N, C, H, W) over ``boxes``; returns (K, C, h, w).

    ``quantization="round"`` equals ``torchvision.ops.roi_pool`` exactly;
    ``"floor"`` is the lesson's double floor quantization (see the module doc).
    """
    features = check.check_input(input)
    rois = check.check_boxes(boxes, features.shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)
    quantization = check.check_choice("quantization", quantization, check.QUANTIZATIONS)

    count, channels, height, width = len(rois), *features.shape[1:]
    output = np.zeros((count, channels, pooled_h, pooled_w), dtype=features.dtype)
    if count == 0:
        return output
    row_start, row_stop, col_start, col_stop = bin_ranges(rois[:, 1:], scale, (pooled_h, pooled_w), quantization)
    row_start, row_stop = np.clip(row_start, 0, height), np.clip(row_stop, 0, height)
    col_start, col_stop = np.clip(col_start, 0, width), np.clip(col_stop, 0, width)
    channels_last = np.ascontiguousarray(features.transpose(0, 2, 3, 1))
    batch_index = rois[:, 0].astype(np.int64)
    span = (col_start.min(axis=1), col_stop.max(axis=1))
    for chunk in chunks_by_extent(batch_index, row_stop[:, 0] - row_start[:, 0], span[1] - span[0], ROIS_PER_CHUNK):
        output[chunk] = _max_over_bins(
            channels_last[batch_index[chunk[0]]],
            (row_start[chunk], row_stop[chunk]),
            (col_start[chunk], col_stop[chunk]),
            (span[0][chunk], span[1][chunk]),
        )
    return output


def bin_ranges(boxes_xyxy: np.ndarray, spatial_scale: float, output_size, quantization: str):
    """Unclipped cell ranges of every bin: (row_start, row_stop, col_start, col_stop).

    Each is an int array (K, h) or (K, w); a bin covers ``[start, stop)``.
    """
    pooled_h, pooled_w = output_size
    x1, y1, x2, y2 = boxes_xyxy.T
    if quantization == "round":
        cols = _round_bins(_corner(x1 * spatial_scale), _corner(x2 * spatial_scale), pooled_w)
        rows = _round_bins(_corner(y1 * spatial_scale), _corner(y2 * spatial_scale), pooled_h)
    else:
        cols = _floor_bins(x1 * spatial_scale, (x2 - x1) * spatial_scale, pooled_w)
        rows = _floor_bins(y1 * spatial_scale, (y2 - y1) * spatial_scale, pooled_h)
    return rows[0], rows[1], cols[0], cols[1]


@dataclass(frozen=True)
class FloorGuard:
    """The floor convention on one axis: ``size = floor(extent)`` cells, ``bin_size = floor(size / bins)``.

    Each is raised to at least one cell; ``size_raised`` and ``bin_raised`` say
    when that guard applied (a raised bin size makes the bins reach past the
    quantized box). The words are the UI's.
    """

    extent: float
    bins: int
    size: int
    bin_size: int
    size_raised: bool
    bin_raised: bool

    @property
    def applied(self) -> bool:
        """Whether either guard changed a floored value."""
        return self.size_raised or self.bin_raised


def floor_guard(extent_cells: float, pooled: int) -> FloorGuard:
    """The lesson's floor quantization of one axis of ``extent_cells`` cells into ``pooled`` bins."""
    floored = int(np.floor(extent_cells))
    size = max(floored, 1)
    return FloorGuard(float(extent_cells), int(pooled), size, max(size // pooled, 1), floored < 1, size // pooled < 1)


def _corner(values: np.ndarray) -> np.ndarray:
    """A scaled corner rounded as torchvision's C ``round`` does, as a cell index."""
    return round_half_away(values).astype(np.int64)


def _round_bins(start: np.ndarray, end: np.ndarray, pooled: int):
    size = np.maximum(end - start + 1, 1).astype(np.float64)
    bin_size = size[:, None] / pooled
    index = np.arange(pooled, dtype=np.float64)[None, :]
    first = np.floor(index * bin_size).astype(np.int64) + start[:, None]
    stop = np.ceil((index + 1) * bin_size).astype(np.int64) + start[:, None]
    return first, stop


def _floor_bins(start_cells: np.ndarray, extent_cells: np.ndarray, pooled: int):
    origin = np.floor(start_cells).astype(np.int64)
    size = np.maximum(np.floor(extent_cells).astype(np.int64), 1)
    step = np.maximum(size // pooled, 1)
    first = origin[:, None] + np.arange(pooled)[None, :] * step[:, None]
    return first, first + step[:, None]


def _max_over_bins(image_hwc: np.ndarray, rows, cols, span) -> np.ndarray:
    """Max of each clipped bin of each RoI, per channel: (k, C, h, w). Empty bins give 0.

    ``rows`` and ``cols`` are each bin's (start, stop) arrays (k, h) and (k, w);
    ``span`` the columns each RoI reaches. Separable: first the max over each
    bin's rows for every column in the span, then over each bin's columns. Ranges
    of unequal length are padded by repeating their last index, which leaves a
    maximum unchanged.
    """
    height, width = image_hwc.shape[:2]
    count, pooled_h = rows[0].shape
    pooled_w = cols[0].shape[1]
    row_index = _padded_ranges(*rows, height)
    span_index = _padded_ranges(span[0][:, None], span[1][:, None], width)[:, 0]
    block = image_hwc[row_index.reshape(count, -1)[:, :, None], span_index[:, None, :]]
    by_row = block.reshape(count, pooled_h, row_index.shape[2], *block.shape[2:]).max(axis=2)
    local = np.clip(_padded_ranges(*cols, width) - span[0][:, None, None], 0, span_index.shape[1] - 1)
    by_col = by_row[np.arange(count)[:, None], :, local.reshape(count, -1)]
    best = by_col.reshape(count, pooled_w, local.shape[2], pooled_h, -1).max(axis=2).transpose(0, 3, 2, 1)
    empty = (rows[1] <= rows[0])[:, :, None] | (cols[1] <= cols[0])[:, None, :]
    return np.where(empty[:, None], 0, np.maximum(best, LOWEST_FLOAT32))


def _padded_ranges(start: np.ndarray, stop: np.ndarray, size: int) -> np.ndarray:
    """Indices of ranges [start, stop) as (..., L), padded by repeating the last one."""
    length = max(int((stop - start).max(initial=1)), 1)
    index = start[..., None] + np.arange(length)
    return np.clip(np.minimum(index, stop[..., None] - 1), 0, size - 1)
