"""Position-sensitive RoI Align and RoI Pooling (R-FCN: Dai, Li, He and Sun, NeurIPS 2016), with torchvision's
names, shapes and semantics (``torchvision.ops.ps_roi_align``, ``ps_roi_pool``).

The input holds ``C_out x h x w`` channels, one group of ``h x w`` score maps per output channel: output bin
(i, j) of output channel c reads only input channel ``(c * h + i) * w + j``. Each bin is thus pooled from the
map that was trained to respond to *that part* of an object (its top-left, its centre, ...), which is what makes
the pooled scores position-sensitive. Both average over the bin:

* ``ps_roi_align``: RoI Align with ``aligned=True`` (corners scaled, minus half a cell, never rounded), the
  sampling grid of ``roi_align``, the bin's samples averaged; where adaptive sampling gives a bin no sample
  along an axis (a box of zero size, or less, on that axis) torchvision divides 0 by 0: NaN, here too;
* ``ps_roi_pool``: the corners rounded (half away from zero) to cells, the box at least one cell, bin i of n
  covering ``[floor(i * size / n), ceil((i + 1) * size / n))`` cells from the rounded start, and the *average*
  of its cells (an empty bin gives 0), where ``roi_pool`` takes the maximum. torchvision's CPU kernel clips the
  bins' edges to ``H - 1`` and ``W - 1`` (where ``roi_pool`` clips to ``H`` and ``W``): its map's last row and
  last column are never read. This module does the same, so its numbers are torchvision's.
"""

from __future__ import annotations

import numpy as np

from . import validation as check
from .align import roi_align
from .rounding import round_half_away
from .sampling import roi_start_and_size


def ps_roi_align(input, boxes, output_size, spatial_scale=1.0, sampling_ratio=-1) -> np.ndarray:
    """Position-sensitive RoI Align of ``input`` (N, C_out * h * w, H, W) over ``boxes`` ((K, 5) rows
    [batch index, x1, y1, x2, y2], or a list of (K_i, 4) arrays); returns (K, C_out, h, w), equal to
    ``torchvision.ops.ps_roi_align`` (aligned corners, adaptive ``ceil(roi size / bins)`` samples per axis when
    ``sampling_ratio <= 0``, samples averaged)."""
    features = check.check_input(input)
    pooled = check.check_output_size(output_size)
    channels_out = _channels_out(features.shape[1], pooled)
    rois = check.check_boxes(boxes, features.shape[0])
    every = roi_align(features, rois, pooled, spatial_scale, sampling_ratio, aligned=True)
    _, _, width, height = roi_start_and_size(rois[:, 1:], check.check_spatial_scale(spatial_scale), aligned=True)
    samples = _grid(height, pooled[0], sampling_ratio) * _grid(width, pooled[1], sampling_ratio)
    own = _own_channel(every, channels_out)
    own[samples == 0] = np.nan  # torchvision's 0 / 0
    return own


def ps_roi_pool(input, boxes, output_size, spatial_scale=1.0) -> np.ndarray:
    """Position-sensitive RoI Pooling of ``input`` (N, C_out * h * w, H, W) over ``boxes``; returns
    (K, C_out, h, w), equal to ``torchvision.ops.ps_roi_pool``: each bin's rounded cells (see the module doc)
    averaged in its own channel."""
    features = check.check_input(input)
    rois = check.check_boxes(boxes, features.shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)
    channels_out = _channels_out(features.shape[1], (pooled_h, pooled_w))
    height, width = features.shape[2:]
    row_start, row_stop = rounded_bins(rois[:, 2], rois[:, 4], scale, pooled_h, height)
    col_start, col_stop = rounded_bins(rois[:, 1], rois[:, 3], scale, pooled_w, width)
    sums = _summed_area(features)  # (N, C, H + 1, W + 1)
    batch = rois[:, 0].astype(np.int64)[:, None, None, None]
    channel = channel_index(channels_out, pooled_h, pooled_w)[None]
    r0, r1 = row_start[:, None, :, None], row_stop[:, None, :, None]
    c0, c1 = col_start[:, None, None, :], col_stop[:, None, None, :]
    total = sums[batch, channel, r1, c1] - sums[batch, channel, r0, c1] - sums[batch, channel, r1, c0]
    total = total + sums[batch, channel, r0, c0]
    area = (r1 - r0) * (c1 - c0)
    average = np.where(area > 0, total / np.maximum(area, 1), 0.0)
    return average.astype(features.dtype)


def _grid(extent: np.ndarray, pooled: int, sampling_ratio: int) -> np.ndarray:
    """Samples per bin along one axis as torchvision's kernel counts them (K,): the ratio, or ``ceil(extent /
    pooled)`` as an int, which is 0 or negative for a box of zero or negative size."""
    if sampling_ratio > 0:
        return np.full(extent.shape, sampling_ratio, dtype=np.int64)
    return np.ceil(extent / pooled).astype(np.int64)


def _channels_out(channels: int, pooled: tuple[int, int]) -> int:
    """The output channels C_out of an input of ``channels`` = C_out x h x w, or ValueError."""
    bins = pooled[0] * pooled[1]
    if channels % bins:
        raise ValueError(
            f"input: its {channels} channels must be a multiple of output_size's {pooled[0]} x {pooled[1]} = {bins} "
            "bins (one score map per output channel and bin)"
        )
    return channels // bins


def channel_index(channels_out: int, pooled_h: int, pooled_w: int) -> np.ndarray:
    """(C_out, h, w): the input channel (score map) each output channel's bin (i, j) reads, ``(c * h + i) * w + j``
    (R-FCN's, torchvision's)."""
    return np.arange(channels_out * pooled_h * pooled_w).reshape(channels_out, pooled_h, pooled_w)


def _own_channel(every: np.ndarray, channels_out: int) -> np.ndarray:
    """From bins computed on every input channel (K, C, h, w), each output bin's own channel: (K, C_out, h, w)."""
    pooled_h, pooled_w = every.shape[2:]
    channel = channel_index(channels_out, pooled_h, pooled_w)
    return every[:, channel, np.arange(pooled_h)[:, None], np.arange(pooled_w)[None, :]]


def rounded_bins(start, end, scale: float, pooled: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell ranges [start, stop) of each RoI's bins along one axis (K, pooled), as ``ps_roi_pool`` reads them:
    corners (image pixels, times ``scale``) rounded half away from zero, the size at least one cell, bins
    floor/ceil of fractional edges from the rounded start, clipped to [0, size - 1] (torchvision's CPU kernel)."""
    first, last = (round_half_away(corner * scale).astype(np.int64) for corner in (start, end))
    extent = np.maximum(last - first, 1).astype(np.float64)[:, None] / pooled
    index = np.arange(pooled, dtype=np.float64)[None, :]
    begin = np.floor(index * extent).astype(np.int64) + first[:, None]
    stop = np.ceil((index + 1) * extent).astype(np.int64) + first[:, None]
    return np.clip(begin, 0, size - 1), np.clip(stop, 0, size - 1)


def _summed_area(features: np.ndarray) -> np.ndarray:
    """Summed-area tables (N, C, H + 1, W + 1) in float64: entry [r, c] is the sum of the cells above and left."""
    sums = np.zeros((*features.shape[:2], features.shape[2] + 1, features.shape[3] + 1))
    sums[:, :, 1:, 1:] = features.astype(np.float64).cumsum(axis=2).cumsum(axis=3)
    return sums
