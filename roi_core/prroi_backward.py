"""The backward pass of Precise RoI Pooling: gradients with respect to the map and to the box corners.

Jiang, Luo, Mao, Xiao and Jiang, "Acquisition of Localization Confidence for
Accurate Object Detection" (ECCV 2018); reference kernels ``PrRoIPoolingDataBackward``
and ``PrRoIPoolingCoorBackward`` in github.com/vacancy/PreciseRoIPooling
(``src/prroi_pooling_gpu_impl.cu``). The convention is the forward's
(``roi_core.prroi``): the map is the bilinear interpolation of its values at the
integer points (x, y) = (column, row), zero at every integer point outside it, no
half-pixel offset, corners times ``spatial_scale`` unrounded.

The map gradient. The forward is linear in the map and separable, output[k, c] =
Wy[k] @ F[b_k, c] @ Wx[k].T, so the gradient is its adjoint: Wy[k].T @ G[k, c] @ Wx[k],
summed over the boxes of each image.

The box gradient. A bin [x1b, x2b] x [y1b, y2b] of area S = (x2b - x1b)(y2b - y1b)
has average A = I / S, I the integral of the map over it. The integrand is
continuous and the edges are integration limits, so (Leibniz)

    dA/dx2b = (L(x2b) / (y2b - y1b) - A) / (x2b - x1b),
    dA/dx1b = (A - L(x1b) / (y2b - y1b)) / (x2b - x1b),

L(x) the line integral of the map along the bin's vertical segment at x: the mean
of the map along an edge minus the bin's mean, over the bin's width; the same for
y1b, y2b with rows and columns swapped. The interpolated map is separable too, so
L(x) / (y2b - y1b) is Wy[k] @ F @ p(x), p(x) the vector of the map points' hat
functions at x (the bilinear weights, zero outside the map): the line integral is
exact, as the kernel's piecewise-linear integral between integer rows is.

The bin edges move linearly with the corners: x1b = x1 + j (x2 - x1) / w and
x2b = x1b + (x2 - x1) / w for bin column j of w, so dx1b/dx1 = 1 - j / w,
dx1b/dx2 = j / w, dx2b/dx1 = 1 - (j + 1) / w, dx2b/dx2 = (j + 1) / w; the corners
in image pixels add the factor ``spatial_scale``. Each bin's terms, weighted by the
output gradient, are summed over bins and channels. A bin of zero area (x2 <= x1 or
y2 <= y1) gives 0 in the forward and nothing to either gradient, as in the kernel
(which returns early for it); the batch index column gets 0.

Both gradients come from one pass over the boxes, each on its own window of the
map (as the forward reads it), in float64: the box terms need only the products
Wy @ F and F @ Wx.T contracted with the output gradient, then dotted with the
bin-average and edge weights of each axis.
"""

from __future__ import annotations

import numpy as np

from . import validation as check
from .crops import chunks_by_extent, crop_matrix, gather_crops, used_span
from .prroi import ROIS_PER_CHUNK, bin_average_weights


def prroi_pool_backward(grad_output, input, boxes, output_size, spatial_scale=1.0) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of Precise RoI Pooling: returns (grad_input (N, C, H, W), grad_boxes (K, 5)).

    ``grad_output`` (K, C, h, w) is the gradient with respect to
    ``prroi_pool(input, boxes, output_size, spatial_scale)``, whose arguments follow.
    ``grad_input`` has the input's dtype. ``grad_boxes`` (float64) has the (K, 5)
    row layout (batch_index, x1, y1, x2, y2) whichever form ``boxes`` takes (a list
    of (K_i, 4) arrays gives its rows in order): column 0 is 0, columns 1-4 the
    gradient with respect to the corners in image pixels (``spatial_scale``
    included), as the authors' ``PrRoIPoolingCoorBackward`` computes it. Zero-area
    bins contribute nothing. Computed in float64.
    """
    features = check.check_input(input)
    rois = check.check_boxes(boxes, features.shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)
    grad = check.check_grad_output(grad_output, (len(rois), features.shape[1], pooled_h, pooled_w)).astype(np.float64)

    height, width = features.shape[2:]
    x1, y1, x2, y2 = (rois[:, 1:] * scale).T
    row_weights = (bin_average_weights(y1, y2, pooled_h, height), *_edge_weights(y1, y2, pooled_h, height))
    col_weights = (bin_average_weights(x1, x2, pooled_w, width), *_edge_weights(x1, x2, pooled_w, width))
    grad_input, along_rows, along_cols = _backward_sums(
        grad, features, rois[:, 0].astype(np.int64), row_weights, col_weights
    )

    bin_h = np.maximum(y2 - y1, 0.0) / pooled_h
    bin_w = np.maximum(x2 - x1, 0.0) / pooled_w
    positive = (bin_h > 0) & (bin_w > 0)
    grad_boxes = np.zeros((len(rois), 5))
    grad_boxes[:, [1, 3]] = _corner_gradient(*along_cols, bin_w, positive) * scale
    grad_boxes[:, [2, 4]] = _corner_gradient(*along_rows, bin_h, positive) * scale
    return np.ascontiguousarray(grad_input, dtype=features.dtype), grad_boxes


def _edge_weights(start: np.ndarray, end: np.ndarray, pooled: int, size: int):
    """The hat functions of the map points at each bin's two edges along one axis: two (K, pooled, size) arrays.

    The edges are placed as the kernel places them: low = start + p * b, high = low + b,
    b = max(end - start, 0) / pooled. Row p dotted with the map's values along this
    axis is their linear interpolation (zero past the map) at that edge.
    """
    bin_size = np.maximum(end - start, 0.0) / pooled
    low = start[:, None] + bin_size[:, None] * np.arange(pooled)
    return _hat_weights(low, size), _hat_weights(low + bin_size[:, None], size)


def _hat_weights(position: np.ndarray, size: int) -> np.ndarray:
    """(K, P, size): max(0, 1 - |position - q|) for each map point q in [0, size), the linear interpolation weights."""
    base = np.floor(position).ravel()
    fraction = position.ravel() - base
    matrix = np.zeros((position.size, size))
    line = np.arange(position.size)
    for point, weight in ((base, 1.0 - fraction), (base + 1, fraction)):
        used = (point >= 0) & (point < size) & (weight != 0)
        matrix[line[used], point[used].astype(np.int64)] = weight[used]
    return matrix.reshape(*position.shape, size)


def _backward_sums(grad, features, batch_index, row_weights, col_weights):
    """One pass over the boxes, a chunk of one image at a time, each box on its own window of the map.

    ``row_weights`` holds three (K, h, H) matrices (bin averages, low edges, high
    edges) and ``col_weights`` three (K, w, W). Returns grad_input (N, C, H, W),
    the sum over boxes of rows[k].T @ grad[k, c] @ cols[k]; and ``along_rows`` (3, K, h)
    and ``along_cols`` (3, K, w): for each of the three matrices M of the axis, the
    sum over channels and the other axis of grad * (M @ F @ cols.T), resp. grad *
    (rows @ F @ M.T) -- with M the bin averages that is grad * output.
    """
    count, channels = grad.shape[:2]
    pooled_h, pooled_w = grad.shape[2:]
    grad_hwc = np.zeros((features.shape[0], *features.shape[2:], channels))
    along_rows, along_cols = np.zeros((3, count, pooled_h)), np.zeros((3, count, pooled_w))
    if count == 0:
        return grad_hwc.transpose(0, 3, 1, 2), along_rows, along_cols
    channels_last = np.ascontiguousarray(features.transpose(0, 2, 3, 1))
    row_first, row_length = used_span(np.concatenate(row_weights, axis=1))
    col_first, col_length = used_span(np.concatenate(col_weights, axis=1))
    for chunk in chunks_by_extent(batch_index, row_length, col_length, ROIS_PER_CHUNK):
        k, crop_h, crop_w = len(chunk), int(row_length[chunk].max()), int(col_length[chunk].max())
        image = channels_last[batch_index[chunk[0]]]
        crops = gather_crops(image, row_first[chunk], col_first[chunk], crop_h, crop_w).astype(np.float64)
        rows = [crop_matrix(matrix[chunk], row_first[chunk], crop_h) for matrix in row_weights]  # (k, h, crop_h)
        cols = [crop_matrix(matrix[chunk], col_first[chunk], crop_w) for matrix in col_weights]  # (k, w, crop_w)
        g = grad[chunk].transpose(0, 2, 3, 1)  # (k, h, w, C)

        # along x: sum over i, c of g[i, j, c] (rows @ F)[i, q, c] for each bin column j and map column q
        along_y = np.matmul(rows[0], crops.reshape(k, crop_h, crop_w * channels)).reshape(k, pooled_h, crop_w, channels)
        by_col = np.matmul(
            g.transpose(0, 2, 1, 3).reshape(k, pooled_w, pooled_h * channels),
            along_y.transpose(0, 1, 3, 2).reshape(k, pooled_h * channels, crop_w),
        )  # (k, w, crop_w)
        along_cols[:, chunk] = [np.sum(by_col * matrix, axis=2) for matrix in cols]

        # along y: sum over j, c of g[i, j, c] (F @ cols.T)[r, j, c] for each bin row i and map row r
        along_x = np.matmul(cols[0][:, None], crops)  # (k, crop_h, w, C)
        by_row = np.matmul(
            g.reshape(k, pooled_h, pooled_w * channels),
            along_x.reshape(k, crop_h, pooled_w * channels).transpose(0, 2, 1),
        )  # (k, h, crop_h)
        along_rows[:, chunk] = [np.sum(by_row * matrix, axis=2) for matrix in rows]

        # the map gradient: rows.T @ g @ cols, added into each box's window
        spread = np.matmul(rows[0].transpose(0, 2, 1), g.reshape(k, pooled_h, pooled_w * channels))
        spread = np.matmul(cols[0].transpose(0, 2, 1)[:, None], spread.reshape(k, crop_h, pooled_w, channels))
        at_rows = np.minimum(row_first[chunk, None] + np.arange(crop_h), image.shape[0] - 1)  # past the edge: weight 0
        at_cols = np.minimum(col_first[chunk, None] + np.arange(crop_w), image.shape[1] - 1)
        np.add.at(grad_hwc[batch_index[chunk[0]]], (at_rows[:, :, None], at_cols[:, None, :]), spread)
    return grad_hwc.transpose(0, 3, 1, 2), along_rows, along_cols


def _corner_gradient(mean, low_edge, high_edge, bin_size, positive) -> np.ndarray:
    """(K, 2): d/d(start) and d/d(end) of sum(G * output) along one axis, in feature-map units.

    ``mean``, ``low_edge`` and ``high_edge`` are (K, pooled): per bin along the axis,
    the sum over channels and the other axis of G * A, of G * (the map's mean along
    the bin's low edge) and of G * (its mean along the high edge); ``bin_size`` and
    ``positive`` (K,). Boxes whose bins have zero area get 0.
    """
    pooled = mean.shape[1]
    width = np.where(positive, bin_size, 1.0)[:, None]
    d_low = np.where(positive[:, None], (mean - low_edge) / width, 0.0)
    d_high = np.where(positive[:, None], (high_edge - mean) / width, 0.0)
    low_share = np.arange(pooled) / pooled  # d(low edge)/d(end); 1 - it is d(low edge)/d(start)
    high_share = (np.arange(pooled) + 1.0) / pooled
    d_start = d_low @ (1.0 - low_share) + d_high @ (1.0 - high_share)
    d_end = d_low @ low_share + d_high @ high_share
    return np.column_stack([d_start, d_end])
