"""Backward passes of RoI Align and RoI Pooling: the gradient with respect to the input map.

Both follow torchvision's backward kernels (``roi_align_backward_kernel_impl`` and
``roi_pool_backward_kernel_impl`` in ``torchvision/csrc/ops/cpu``), so with the
forward's defaults they equal torch autograd through ``torchvision.ops``:

* RoI Align, average pooling: each bin's gradient goes to the four neighbours of
  every sampling point with the point's bilinear weights, divided by the bin's
  sample count, with the forward's border rules. The forward is linear, per RoI
  ``Wy @ F @ Wx.T``, so this is its adjoint ``Wy.T @ G @ Wx``, built from the same
  matrices as ``roi_align``.
* RoI Align, max pooling (the lesson's, as mmcv's max mode): each bin's gradient
  goes to the four neighbours of its largest sample, with that sample's weights.
* RoI Pooling: each bin's gradient goes to its largest cell; an empty bin sends none.

Ties go to the first sample or cell in row-major order (y, then x), as a forward
loop with a strict ``>`` keeps. Gradients of RoIs on one image add up.
"""

from __future__ import annotations

import numpy as np

from . import validation as check
from .align import MAX_SAMPLES_PER_CHUNK, ROIS_PER_CHUNK, _axis_matrices, _interpolate
from .crops import chunks_by_extent, crop_matrix, gather_crops, used_span
from .pool import LOWEST_FLOAT32, _padded_ranges, bin_ranges
from .sampling import axis_weights, grid_sizes, roi_start_and_size, sample_coordinates

MAX_VALUES_PER_CHUNK = 1 << 24  # values of the per-chunk windows (avg) or bin blocks (roi_pool)


def roi_align_backward(
    grad_output,
    boxes,
    input_shape,
    output_size,
    spatial_scale=1.0,
    sampling_ratio=-1,
    aligned=False,
    *,
    pooling="avg",
    sample_layout="centered",
    input=None,
) -> np.ndarray:
    """Gradient (N, C, H, W) of ``roi_align`` with respect to its input, given ``grad_output`` (K, C, h, w).

    The arguments are ``roi_align``'s, with ``input_shape`` for the map. With
    ``pooling="avg"`` (and the defaults) this is torchvision's RoI Align backward
    kernel; ``pooling="max"`` needs the forward's ``input`` to find each bin's
    largest sample, and sends the bin's gradient to that sample's four neighbours.
    """
    shape = _check_shape(input_shape)
    rois = check.check_boxes(boxes, shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)
    ratio = check.check_sampling_ratio(sampling_ratio)
    aligned = check.check_aligned(aligned)
    pooling = check.check_choice("pooling", pooling, check.POOLINGS)
    layout = check.check_choice("sample_layout", sample_layout, check.SAMPLE_LAYOUTS)
    grad = check.check_grad_output(grad_output, (len(rois), shape[1], pooled_h, pooled_w))
    if input is None and pooling == "max":
        raise ValueError("input is required with pooling='max' (the forward's map, to find each bin's argmax)")
    features = None if input is None else check.check_input(input)
    if features is not None and features.shape != shape:
        raise ValueError(f"input must have shape input_shape {shape}, got {features.shape}")

    result = np.zeros(shape, dtype=grad.dtype)
    if len(rois) == 0:
        return result
    start_x, start_y, roi_w, roi_h = roi_start_and_size(rois[:, 1:], scale, aligned)
    rows = _axis_matrices(start_y, roi_h, pooled_h, shape[2], ratio, layout, pooling)
    cols = _axis_matrices(start_x, roi_w, pooled_w, shape[3], ratio, layout, pooling)
    batch_index = rois[:, 0].astype(np.int64)
    if pooling == "avg":
        _spread_bins(result, grad, batch_index, rows.matrix, cols.matrix)
    else:
        y_axis = _axis_neighbours(start_y, roi_h, pooled_h, shape[2], ratio, layout)
        x_axis = _axis_neighbours(start_x, roi_w, pooled_w, shape[3], ratio, layout)
        _spread_argmax_samples(result, grad, features, batch_index, (rows, cols), (y_axis, x_axis))
    return result


def roi_pool_backward(grad_output, input, boxes, output_size, spatial_scale=1.0, *, quantization="round") -> np.ndarray:
    """Gradient (N, C, H, W) of ``roi_pool`` with respect to ``input``, given ``grad_output`` (K, C, h, w).

    torchvision's RoI Pool backward kernel: each bin's gradient goes to the cell
    the forward picked, the first largest in row-major order of the bin (strict
    ``>``, starting from ``-FLT_MAX``); an empty bin sends nothing. ``quantization``
    is ``roi_pool``'s (``"round"`` is torchvision's).
    """
    features = check.check_input(input)
    rois = check.check_boxes(boxes, features.shape[0])
    pooled_h, pooled_w = check.check_output_size(output_size)
    scale = check.check_spatial_scale(spatial_scale)
    quantization = check.check_choice("quantization", quantization, check.QUANTIZATIONS)
    grad = check.check_grad_output(grad_output, (len(rois), features.shape[1], pooled_h, pooled_w))

    channels, height, width = features.shape[1:]
    result = np.zeros(features.shape, dtype=grad.dtype)
    if len(rois) == 0:
        return result
    row_start, row_stop, col_start, col_stop = bin_ranges(rois[:, 1:], scale, (pooled_h, pooled_w), quantization)
    rows = np.clip(row_start, 0, height), np.clip(row_stop, 0, height)
    cols = np.clip(col_start, 0, width), np.clip(col_stop, 0, width)
    batch_index = rois[:, 0].astype(np.int64)
    longest = max(int((rows[1] - rows[0]).max()), 1) * max(int((cols[1] - cols[0]).max()), 1)
    per_chunk = max(1, min(ROIS_PER_CHUNK, MAX_VALUES_PER_CHUNK // (channels * pooled_h * pooled_w * longest)))
    extent_h, extent_w = rows[1][:, -1] - rows[0][:, 0], cols[1][:, -1] - cols[0][:, 0]
    for chunk in chunks_by_extent(batch_index, extent_h, extent_w, per_chunk):
        image = batch_index[chunk[0]]
        row_range, col_range = (rows[0][chunk], rows[1][chunk]), (cols[0][chunk], cols[1][chunk])
        cell_row, cell_col, found = _bin_argmax(features[image], row_range, col_range)
        values = np.where(found, grad[chunk].transpose(1, 0, 2, 3), 0)
        _add_at_cells(result[image], np.arange(channels)[:, None, None, None], cell_row, cell_col, values)
    return result


def _bin_argmax(image_chw, rows, cols):
    """Each bin's largest cell, per channel: (row, col, found) arrays (C, k, h, w).

    ``rows`` and ``cols`` are the bins' clipped (start, stop) arrays (k, h) and
    (k, w). Scanned as torchvision's loop does: row-major, strict ``>`` from
    ``-FLT_MAX``, so the first of equal cells wins and ``found`` is False for an
    empty bin (or one holding nothing above ``-FLT_MAX``).
    """
    height, width = image_chw.shape[1:]
    row_index = _padded_ranges(*rows, height)  # (k, h, Lh)
    col_index = _padded_ranges(*cols, width)  # (k, w, Lw)
    # (C, k, h, w, Lh, Lw); padding repeats a cell after its first visit, which keeps the first maximum first
    block = image_chw[:, row_index[:, :, None, :, None], col_index[:, None, :, None, :]]
    scores = np.where(block > LOWEST_FLOAT32, block, -np.inf).reshape(*block.shape[:4], -1)
    best = scores.argmax(axis=-1)
    found = np.take_along_axis(scores, best[..., None], axis=-1)[..., 0] > -np.inf
    empty = (rows[1] <= rows[0])[:, :, None] | (cols[1] <= cols[0])[:, None, :]
    best_row, best_col = np.divmod(best, col_index.shape[2])
    roi = np.arange(len(row_index))[:, None, None]
    cell_row = row_index[roi, np.arange(row_index.shape[1])[:, None], best_row]
    cell_col = col_index[roi, np.arange(col_index.shape[1])[None, :], best_col]
    return cell_row, cell_col, found & ~empty


def _spread_bins(result, grad, batch_index, rows, cols) -> None:
    """Add ``Wy.T @ G @ Wx`` of every RoI to its image in ``result`` (avg pooling's adjoint).

    ``rows`` (K, h, H) and ``cols`` (K, w, W) are the forward's averaging
    interpolation matrices; each RoI's product is formed on the window of cells it
    reaches, then added into the map.
    """
    channels, height, width = result.shape[1:]
    row_first, row_length = used_span(rows)
    col_first, col_length = used_span(cols)
    per_roi = channels * int(row_length.max()) * int(col_length.max())
    per_chunk = max(1, min(ROIS_PER_CHUNK, MAX_VALUES_PER_CHUNK // per_roi))
    for chunk in chunks_by_extent(batch_index, row_length, col_length, per_chunk):
        crop_h, crop_w = int(row_length[chunk].max()), int(col_length[chunk].max())
        row_matrix = crop_matrix(rows[chunk], row_first[chunk], crop_h).astype(grad.dtype)
        col_matrix = crop_matrix(cols[chunk], col_first[chunk], crop_w).astype(grad.dtype)
        along_x = np.matmul(grad[chunk], col_matrix[:, None])  # (k, C, h, crop_w)
        windows = np.matmul(row_matrix.transpose(0, 2, 1)[:, None], along_x)  # (k, C, crop_h, crop_w)
        # padding past the map's edge has zero weight: clamping its index adds zeros
        cell_row = np.minimum(row_first[chunk][:, None] + np.arange(crop_h), height - 1)
        cell_col = np.minimum(col_first[chunk][:, None] + np.arange(crop_w), width - 1)
        target = (slice(None), cell_row[:, :, None], cell_col[:, None, :])
        np.add.at(result[batch_index[chunk[0]]], target, windows.transpose(1, 0, 2, 3))


def _axis_neighbours(start, extent, pooled, size, ratio, layout):
    """Each sample's two neighbouring cells and weights on one axis, (K, pooled, G) each: ``axis_weights``."""
    coords, _ = sample_coordinates(start, extent / pooled, pooled, grid_sizes(extent, pooled, ratio), layout)
    return axis_weights(coords, size)


def _spread_argmax_samples(result, grad, features, batch_index, matrices, neighbours) -> None:
    """Add each bin's gradient at the four neighbours of its largest sample (max pooling).

    The samples are recomputed exactly as ``roi_align`` computes them (same
    matrices, same crops), so the argmax is the forward's; ties go to the first
    sample of the bin's grid, row-major. A bin with no sample sends nothing.
    """
    rows, cols = matrices
    (y_low, y_high, wy_low, wy_high), (x_low, x_high, wx_low, wx_high) = neighbours
    channels = features.shape[1]
    (pooled_h, grid_h), (pooled_w, grid_w) = rows.mask.shape[1:], cols.mask.shape[1:]
    channels_last = np.ascontiguousarray(features.transpose(0, 2, 3, 1))
    row_first, row_length = used_span(rows.matrix)
    col_first, col_length = used_span(cols.matrix)
    per_roi = rows.matrix.shape[1] * cols.matrix.shape[1] * channels
    if per_roi == 0:  # no RoI has a sample: every bin is 0 and sends nothing
        return
    if per_roi > MAX_SAMPLES_PER_CHUNK:
        raise ValueError(
            f"sampling_ratio: {per_roi} sample values per RoI exceed {MAX_SAMPLES_PER_CHUNK}; "
            "pass a smaller fixed sampling_ratio"
        )
    per_chunk = max(1, min(ROIS_PER_CHUNK, MAX_SAMPLES_PER_CHUNK // per_roi))
    bin_y, bin_x = np.arange(pooled_h)[:, None], np.arange(pooled_w)[None, :]
    for chunk in chunks_by_extent(batch_index, row_length, col_length, per_chunk):
        crop_h, crop_w = int(row_length[chunk].max()), int(col_length[chunk].max())
        image = batch_index[chunk[0]]
        crops = gather_crops(channels_last[image], row_first[chunk], col_first[chunk], crop_h, crop_w)
        row_matrix = crop_matrix(rows.matrix[chunk], row_first[chunk], crop_h).astype(features.dtype)
        col_matrix = crop_matrix(cols.matrix[chunk], col_first[chunk], crop_w).astype(features.dtype)
        samples = _interpolate(crops, row_matrix, col_matrix)  # (k, C, h * Gh, w * Gw)
        samples = samples.reshape(len(chunk), channels, pooled_h, grid_h, pooled_w, grid_w).transpose(0, 1, 2, 4, 3, 5)
        valid = rows.mask[chunk][:, None, :, None, :, None] & cols.mask[chunk][:, None, None, :, None, :]
        scores = np.where(valid, samples, -np.inf).reshape(*samples.shape[:4], -1)  # (k, C, h, w, Gh * Gw)
        best = scores.argmax(axis=-1)
        found = np.take_along_axis(scores, best[..., None], axis=-1)[..., 0] > -np.inf
        values = np.where(found, grad[chunk], 0)
        sample_y, sample_x = np.divmod(best, grid_w)
        roi = chunk[:, None, None, None]
        picked_y = [a[roi, bin_y, sample_y] for a in (y_low, y_high, wy_low, wy_high)]
        picked_x = [a[roi, bin_x, sample_x] for a in (x_low, x_high, wx_low, wx_high)]
        channel = np.arange(channels)[None, :, None, None]
        neighbours = [
            (cell_y, cell_x, values * (weight_y * weight_x))
            for cell_y, weight_y in zip(picked_y[:2], picked_y[2:])
            for cell_x, weight_x in zip(picked_x[:2], picked_x[2:])
        ]
        _add_at_cells(result[image], channel, *(np.stack(part) for part in zip(*neighbours)))


def _add_at_cells(image_chw: np.ndarray, channel, row, col, values) -> None:
    """``image_chw[channel, row, col] += values``, repeated cells adding up (the index arrays broadcast)."""
    _, height, width = image_chw.shape
    index = (channel * height + row) * width + col
    index, values = np.broadcast_arrays(index, values)
    spread = np.bincount(index.ravel(), values.ravel(), minlength=image_chw.size)
    image_chw += spread.reshape(image_chw.shape).astype(image_chw.dtype)


def _check_shape(input_shape) -> tuple[int, int, int, int]:
    """Return input_shape as 4 positive ints (N, C, H, W), or raise ValueError naming it."""
    try:
        values = tuple(input_shape)
    except TypeError:
        values = ()
    if len(values) != 4 or not all(check.is_whole_number(v) and v > 0 for v in values):
        raise ValueError(f"input_shape must be 4 positive ints (N, C, H, W), got {input_shape!r}")
    return tuple(int(v) for v in values)
