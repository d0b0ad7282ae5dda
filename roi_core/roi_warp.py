"""RoI Warp (MNC) on a batch, as MNC's own Caffe layer computes it.

Dai, He and Sun, "Instance-aware Semantic Segmentation via Multi-task Network
Cascades" (CVPR 2016): the RoI warping layer "crops a feature map region and
warps it into a target size by interpolation". Reference implementation: the
forward kernel ``ROIWarpingForward`` of ``src/caffe/layers/roi_warping_layer.cu``
in github.com/daijifeng001/caffe-mnc (the Caffe fork MNC builds; the layer has
no CPU version). That kernel does, per box:

* **Corners rounded.** ``x1, y1, x2, y2`` times ``spatial_scale`` are rounded
  half away from zero (C's ``round``), as Fast R-CNN's RoI pooling does, so the
  box starts on an integer point; the batch index is truncated to an int.
* **Grid.** Width ``max(x2 - x1, 0)`` (no "+ 1", unlike RoI pooling), split into
  ``w`` bins of ``width / w``; the same for the height. Output (i, j) is a single
  bilinear sample at ``(x1 + j * bin_w, y1 + i * bin_h)``: the *top-left corner*
  of bin (i, j), not its centre. The samples start on the box's first corner and
  stop one bin short of its far corner; a box of width 0 (or x2 < x1) samples its
  first corner in every column.
* **No pooling.** One sample per output cell. The kernel keeps a "max" over that
  one value with initial ``-FLT_MAX`` (a leftover of RoI pooling's code): a
  sample it does not read, or whose value is not above ``-FLT_MAX`` (-inf, NaN),
  gives 0. MNC's networks add a separate 2 x 2 max pooling where they want one
  (a 28 x 28 warp pooled to 14 x 14).
* **Borders.** Map values sit at integer points, no half-pixel offset. A sample
  with y < -0.5 or y > H - 0.5 (or x < -0.5 or x > W - 0.5) reads nothing: 0.
  Otherwise a coordinate below 0 is clamped to 0, and one at or past the last
  row (column) reads that row alone: torchvision's rule with its [-1, H] window
  narrowed to [-0.5, H - 0.5].

The layer's backward kernels size the box as ``x2 - x1 + 1`` where the forward
uses ``x2 - x1``; this module computes the forward only, so it follows the
forward. Because the corners are rounded, the output is piecewise constant in
the box coordinates, although the paper motivates the layer by its gradient with
respect to the box (MNC's backward kernel supplies one from the interpolation).
"""

from __future__ import annotations

import numpy as np

from . import validation as check
from .rounding import round_half_away
from .sampling import axis_weights

LOWEST_FLOAT32 = -np.finfo(np.float32).max  # the kernel's initial maximum, -FLT_MAX


def roi_warp(input, boxes, output_size, spatial_scale=1.0) -> np.ndarray:
    """RoI Warp of ``input`` (N, C, H, W) over ``boxes``; returns (K, C, h, w).

    MNC's ``ROIWarping`` layer (Dai, He and Sun, CVPR 2016), forward pass: corners
    ``round(x * spatial_scale)``; output (i, j) one bilinear sample at the top-left
    corner of bin (i, j) of the rounded box, zero when it falls outside
    [-0.5, H - 0.5] x [-0.5, W - 0.5]; no pooling. ``boxes`` as torchvision takes
    them: (K, 5) rows (batch_index, x1, y1, x2, y2) or a list of (K_i, 4) arrays.
    """
    features = check.check_input(input)
    rois = check.check_boxes(boxes, features.shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)

    x1, y1, x2, y2 = round_half_away(rois[:, 1:] * scale).T
    rows = sample_neighbours(y1, y2, pooled_h, features.shape[2])
    cols = sample_neighbours(x1, x2, pooled_w, features.shape[3])
    return _interpolate(features, rois[:, 0].astype(np.int64), rows, cols)


def sample_neighbours(start: np.ndarray, end: np.ndarray, pooled: int, size: int):
    """MNC's sample points along one axis and their bilinear neighbours, each an array (K, pooled).

    Sample p of a box sits at ``start + p * max(end - start, 0) / pooled`` (``start``
    and ``end`` already rounded). Returns ``(low, high, w_low, w_high, inside)``:
    the two neighbouring points, their weights, and whether the sample lies in
    [-0.5, size - 0.5], the only samples the kernel reads.
    """
    bin_size = np.maximum(end - start, 0.0) / pooled
    coords = start[:, None] + np.arange(pooled) * bin_size[:, None]
    low, high, w_low, w_high = axis_weights(np.clip(coords, -2.0, size + 1.0), size)  # far points: no int overflow
    return low, high, w_low, w_high, (coords >= -0.5) & (coords <= size - 0.5)


def _interpolate(features: np.ndarray, batch_index: np.ndarray, rows, cols) -> np.ndarray:
    """Each box's samples (K, C, h, w): the kernel's four-term bilinear sum, 0 where unread or not above -FLT_MAX."""
    row_low, row_high, row_w_low, row_w_high, row_inside = (a[:, :, None] for a in rows)
    col_low, col_high, col_w_low, col_w_high, col_inside = (a[:, None, :] for a in cols)
    row_w_low, row_w_high, col_w_low, col_w_high = (  # the kernel's Dtype arithmetic: weights in the map's dtype
        w.astype(features.dtype) for w in (row_w_low, row_w_high, col_w_low, col_w_high)
    )
    image = batch_index[:, None, None]
    channels_last = np.ascontiguousarray(features.transpose(0, 2, 3, 1))

    def at(row, col):  # (K, h, w, C) values of the points (row, col) of each box's image
        return channels_last[image, row, col]

    total = (row_w_low * col_w_low)[..., None] * at(row_low, col_low)
    total = total + (row_w_low * col_w_high)[..., None] * at(row_low, col_high)
    total = total + (row_w_high * col_w_low)[..., None] * at(row_high, col_low)
    total = total + (row_w_high * col_w_high)[..., None] * at(row_high, col_high)
    read = (row_inside & col_inside)[..., None] & (total > LOWEST_FLOAT32)
    return np.ascontiguousarray(np.where(read, total, 0).transpose(0, 3, 1, 2))
