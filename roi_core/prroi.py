"""Precise RoI Pooling (PrRoI Pooling) on a batch, as its authors' CUDA kernel computes it.

Jiang, Luo, Mao, Xiao and Jiang, "Acquisition of Localization Confidence for
Accurate Object Detection" (ECCV 2018); reference implementation
github.com/vacancy/PreciseRoIPooling (``src/prroi_pooling_gpu_impl.cu``).

The feature map is read as a continuous function: the bilinear interpolation of
the values at the integer points (x, y) = (column, row), zero at every integer
point outside the map, with no half-pixel offset (the box corners, times
``spatial_scale``, are used as they are). Each of the h x w bins of a box gets the
exact integral of that function over the bin divided by the bin's area: its exact
average. A bin of zero area (a box with x2 <= x1 or y2 <= y1) gives 0.

How it differs from its neighbours:

* RoI Pooling rounds the corners and takes a maximum, so its output jumps when a
  corner crosses a rounding boundary and has no gradient with respect to the box.
* RoI Align averages a fixed number of bilinear samples per bin: a midpoint rule.
  PrRoI Pooling takes the limit of that rule, the exact integral, with no
  ``sampling_ratio`` to choose.

Because the integrand is continuous and the bin edges enter only as integration
limits, the output is a continuously differentiable function of the box corners
(by Leibniz's rule, d/dx2 of the average is the mean of the map along the bin's
right edge minus the average, over the bin width): the authors back-propagate
into the box coordinates, which the IoU-Net uses to refine boxes.

The kernel splits each bin into its pieces of unit cells [c, c + 1] x [r, r + 1]
and integrates each cell's bilinear patch in closed form. That patch integral is
a product of an x factor and a y factor, so the whole bin integral factorises:
``Wy @ F @ Wx.T`` with one (h, H) and one (w, W) weight matrix per box. Along an
axis, a piece [c + u0, c + u1] (0 <= u0 <= u1 <= 1) of cell c gives point c the
weight (u1 - u0)(1 - m) and point c + 1 the weight (u1 - u0) m, m = (u0 + u1) / 2:
the midpoint rule is exact for a linear function. Pieces past the map's ring of
zeros, outside [-1, size], contribute nothing and are skipped.
"""

from __future__ import annotations

import numpy as np

from . import validation as check
from .crops import chunks_by_extent, crop_matrix, gather_crops, used_span

ROIS_PER_CHUNK = 8  # small chunks keep each chunk's crops in the CPU cache


def prroi_pool(input, boxes, output_size, spatial_scale=1.0) -> np.ndarray:
    """Precise RoI Pooling of ``input`` (N, C, H, W) over ``boxes``; returns (K, C, h, w).

    The authors' ``prroi_pool2d(features, rois, h, w, spatial_scale)`` (Jiang et al.,
    ECCV 2018): each bin's exact average of the bilinearly interpolated map (zero
    outside it), with corners ``x * spatial_scale`` unrounded and no half-pixel
    offset; a zero-area bin gives 0. ``boxes`` as torchvision takes them: (K, 5)
    rows (batch_index, x1, y1, x2, y2) or a list of (K_i, 4) arrays.
    """
    features = check.check_input(input)
    rois = check.check_boxes(boxes, features.shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)

    x1, y1, x2, y2 = (rois[:, 1:] * scale).T
    rows = bin_average_weights(y1, y2, pooled_h, features.shape[2])
    cols = bin_average_weights(x1, x2, pooled_w, features.shape[3])
    return _apply_separable(features, rois[:, 0].astype(np.int64), rows, cols)


def bin_average_weights(start: np.ndarray, end: np.ndarray, pooled: int, size: int) -> np.ndarray:
    """Weights (K, pooled, size): each bin's average of the hat function of each map point, along one axis.

    Bin p of a box spans [start + p * b, start + p * b + b], b = max(end - start, 0) / pooled,
    as the kernel computes it. Row p dotted with the map's values along this axis is
    the bin's exact average of their linear interpolation (zero past the map); a bin
    of zero width has a zero row.
    """
    count = len(start)
    bin_size = np.maximum(end - start, 0.0) / pooled
    low = start[:, None] + bin_size[:, None] * np.arange(pooled)
    cell, length, middle = _cell_pieces(np.clip(low, -1.0, size), np.clip(low + bin_size[:, None], -1.0, size))
    width = np.where(bin_size > 0, bin_size, 1.0)[:, None, None]  # a zero-width bin has no piece of length > 0
    row = np.arange(count * pooled).reshape(count, pooled, 1)
    matrix = np.zeros(count * pooled * size)
    for point, weight in ((cell, length * (1.0 - middle)), (cell + 1, length * middle)):
        used = (point >= 0) & (point < size) & (weight != 0)
        index = (row * size + point)[used]
        matrix += np.bincount(index, (weight / width)[used], minlength=matrix.size)
    return matrix.reshape(count, pooled, size)


def _cell_pieces(low: np.ndarray, high: np.ndarray):
    """Split each interval [low, high] (arrays (K, P)) into its pieces of unit cells [c, c + 1].

    Returns (cell, length, middle), each (K, P, M): the cell c of each piece, its
    length and its midpoint's offset in the cell; missing pieces have length 0.
    """
    first = np.floor(low)
    pieces = np.maximum(np.ceil(high) - first, 1.0)
    cell = first[..., None] + np.arange(int(pieces.max(initial=1)))
    begin = np.maximum(low[..., None], cell) - cell
    end = np.minimum(high[..., None], cell + 1.0) - cell
    length = np.maximum(end - begin, 0.0)
    return cell.astype(np.int64), length, np.where(length > 0, 0.5 * (begin + end), 0.0)


def _apply_separable(features: np.ndarray, batch_index: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Output (K, C, h, w) = ``rows[k] @ features[batch_index[k], c] @ cols[k].T`` for each box and channel.

    ``rows`` is (K, h, H) and ``cols`` (K, w, W). Each box reads only the window of
    its image where its weights are nonzero; the result has the input's dtype.
    """
    count, channels = len(batch_index), features.shape[1]
    output = np.zeros((count, channels, rows.shape[1], cols.shape[1]), dtype=features.dtype)
    if count == 0:
        return output
    channels_last = np.ascontiguousarray(features.transpose(0, 2, 3, 1))
    row_first, row_length = used_span(rows)
    col_first, col_length = used_span(cols)
    for chunk in chunks_by_extent(batch_index, row_length, col_length, ROIS_PER_CHUNK):
        crop_h, crop_w = int(row_length[chunk].max()), int(col_length[chunk].max())
        crops = gather_crops(channels_last[batch_index[chunk[0]]], row_first[chunk], col_first[chunk], crop_h, crop_w)
        row_matrix = crop_matrix(rows[chunk], row_first[chunk], crop_h).astype(features.dtype)
        col_matrix = crop_matrix(cols[chunk], col_first[chunk], crop_w).astype(features.dtype)
        along_y = np.matmul(row_matrix, crops.reshape(len(chunk), crop_h, crop_w * channels))
        along_y = along_y.reshape(len(chunk), row_matrix.shape[1], crop_w, channels)
        output[chunk] = np.matmul(col_matrix[:, None], along_y).transpose(0, 3, 1, 2)
    return output
