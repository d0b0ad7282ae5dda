"""Rotated RoI Align on a batch, with detectron2's names, shapes and semantics.

``roi_align_rotated`` is detectron2's ``ROIAlignRotated`` (its CPU kernel,
``ROIAlignRotated_cpu.cpp``, from Caffe2's rotated RoI Align; boxes as in
Ma et al., "Arbitrary-Oriented Scene Text Detection via Rotation Proposals", 2018).

Convention. A RoI row is ``[batch_index, cx, cy, w, h, angle]``: the box's centre
and size in image pixels (multiplied by ``spatial_scale``) and its angle in
degrees. Positive angles turn the box *counter-clockwise as seen on screen*
(x to the right, y down): a local offset ``(u, v)`` from the centre (u along the
box's width, v along its height) lands at ``x = cx + u cos t + v sin t``,
``y = cy - u sin t + v cos t``. So at 90 degrees the box's width runs upward.

The rest is RoI Align with ``aligned=True``: the centre is scaled and moved half a
cell (``cx * scale - 0.5``) into the sample frame, where cell ``c`` is centred at
``c``; the size is scaled but never rounded nor raised to one cell (a negative
size is an error); each of the h x w bins holds a ``sampling_ratio`` squared grid
(adaptive ``ceil(size / bins)`` per axis when ``sampling_ratio <= 0``) of samples
at ``(i + 0.5) / n`` of the bin, rotated about the centre, each bilinearly
interpolated with RoI Align's border rules; the bin's sum is divided by
``max(grid_h * grid_w, 1)``, samples off the map counting as zeros (a bin without
samples gives 0). At angle 0 it equals ``roi_align(..., aligned=True)`` on the box
``(cx - w/2, cy - h/2, cx + w/2, cy + h/2)``.

detectron2's CPU entry point takes ``spatial_scale`` as a C ``float``: it is
rounded to float32 here too (1/4, 1/16, ... are exact). Coordinates are computed
in float64; float16 maps are pooled in float32 and returned as float16, as
detectron2's module does.
"""

from __future__ import annotations

import numpy as np

from . import validation as check
from .sampling import CENTRE_OFFSET, axis_weights, grid_sizes, sample_coordinates

MAX_VALUES_PER_CHUNK = 1 << 22  # gathered corner values (per channel) held at once
MAX_VALUES_PER_ROI = 1 << 26


def roi_align_rotated(input, rois, output_size, spatial_scale=1.0, sampling_ratio=-1) -> np.ndarray:
    """Rotated RoI Align of ``input`` (N, C, H, W) over ``rois`` (K, 6); returns (K, C, h, w).

    Equals detectron2's ``ROIAlignRotated(output_size, spatial_scale, sampling_ratio)(input, rois)``
    (CPU kernel): rows ``[batch_index, cx, cy, w, h, angle_degrees]``, angle counter-clockwise on screen,
    centre minus half a cell, adaptive ``ceil(size / bins)`` samples per axis when ``sampling_ratio <= 0``,
    each bin's bilinear samples summed and divided by ``max(grid_h * grid_w, 1)``. See the module doc.
    """
    features = check.check_input(input)
    table = _check_rois(rois, features.shape[0])
    pooled = check.check_output_size(output_size)
    scale = check.check_float32_scale(spatial_scale)
    ratio = check.check_sampling_ratio(sampling_ratio)

    count, channels, height, width = len(table), *features.shape[1:]
    output = np.zeros((count, channels, *pooled), dtype=features.dtype)
    if count == 0 or features.size == 0:
        return output
    frames = _frames(table[:, 1:], scale)
    grids = grid_sizes(frames[3], pooled[0], ratio) * grid_sizes(frames[2], pooled[1], ratio)
    values = grids * pooled[0] * pooled[1] * 4 * channels
    if values.max() > MAX_VALUES_PER_ROI:
        raise ValueError(
            f"sampling_ratio: {int(values.max())} sampled values per RoI exceed {MAX_VALUES_PER_ROI}; "
            "pass a smaller fixed sampling_ratio"
        )
    work = np.result_type(features.dtype, np.float32)
    flat = np.ascontiguousarray(features.transpose(0, 2, 3, 1), dtype=work).reshape(-1, channels)
    base = table[:, 0].astype(np.int64) * (height * width)
    for chunk in _chunks(values):
        x, y, mask, divisor = _samples([part[chunk] for part in frames], pooled, ratio)
        sums = _bin_sums(flat, base[chunk], (x, y, mask), (height, width), work)
        pooled_values = sums / divisor[:, None, None].astype(work)
        output[chunk] = pooled_values.reshape(len(chunk), *pooled, channels).transpose(0, 3, 1, 2)
    return output


def rotated_sample_points(roi, output_size, spatial_scale=1.0, sampling_ratio=-1) -> np.ndarray:
    """Where ``roi_align_rotated`` samples one RoI ``(cx, cy, w, h, angle_degrees)``, for drawing.

    Returns (out_h, out_w, grid_h, grid_w, 2) coordinates (x, y) in the map frame, where
    cell ``c`` spans ``[c, c + 1)``: detectron2's sample-frame points plus half a cell.
    ``grid_h`` and ``grid_w`` follow ``sampling_ratio`` as in the batch function (0 for
    an adaptive grid over a box of zero size).
    """
    row = _check_roi(roi)
    pooled = check.check_output_size(output_size)
    scale = check.check_float32_scale(spatial_scale)
    ratio = check.check_sampling_ratio(sampling_ratio)
    x, y, _, _ = _samples(_frames(row[None], scale), pooled, ratio)
    return np.stack([x[0], y[0]], axis=-1) + CENTRE_OFFSET


def _frames(rows: np.ndarray, scale: float):
    """Per RoI, in the sample frame: (cx, cy, w, h, cos, sin), from rows (cx, cy, w, h, angle)."""
    cx, cy = rows[:, 0] * scale - CENTRE_OFFSET, rows[:, 1] * scale - CENTRE_OFFSET
    theta = rows[:, 4] * np.pi / 180.0
    return cx, cy, rows[:, 2] * scale, rows[:, 3] * scale, np.cos(theta), np.sin(theta)


def _samples(frames, pooled, ratio: int):
    """Rotated sample points (x, y), each (k, h, w, G_h, G_w), their mask, and each RoI's divisor.

    Points are laid out as in RoI Align about the origin, from ``-size / 2``, then turned
    and moved to the centre: ``y = v cos - u sin + cy``, ``x = v sin + u cos + cx``.
    """
    cx, cy, width, height, cos, sin = (np.asarray(part, dtype=np.float64) for part in frames)
    grid_h, grid_w = grid_sizes(height, pooled[0], ratio), grid_sizes(width, pooled[1], ratio)
    v, mask_v = sample_coordinates(-height / 2.0, height / pooled[0], pooled[0], grid_h, "centered")
    u, mask_u = sample_coordinates(-width / 2.0, width / pooled[1], pooled[1], grid_w, "centered")
    v, u = v[:, :, None, :, None], u[:, None, :, None, :]
    cos, sin = cos[:, None, None, None, None], sin[:, None, None, None, None]
    y = v * cos - u * sin + cy[:, None, None, None, None]
    x = v * sin + u * cos + cx[:, None, None, None, None]
    mask = mask_v[:, :, None, :, None] & mask_u[:, None, :, None, :]
    return x, y, mask, np.maximum(grid_h * grid_w, 1)


def _bin_sums(flat: np.ndarray, base: np.ndarray, points, shape, work) -> np.ndarray:
    """Each bin's sum of bilinear samples, (k, h * w, C), from the channels-last map ``flat`` (N*H*W, C)."""
    x, y, mask = points
    height, width = shape
    y_low, y_high, wy_low, wy_high = axis_weights(y, height)
    x_low, x_high, wx_low, wx_high = axis_weights(x, width)
    wy_low, wy_high = np.where(mask, wy_low, 0.0), np.where(mask, wy_high, 0.0)
    rows = (y_low * width, y_low * width, y_high * width, y_high * width)
    cols = (x_low, x_high, x_low, x_high)
    weights = (wy_low * wx_low, wy_low * wx_high, wy_high * wx_low, wy_high * wx_high)
    count, bins = x.shape[0], x.shape[1] * x.shape[2]
    index = np.stack([r + c for r, c in zip(rows, cols)], axis=-1).reshape(count, bins, -1)
    index = index + base[:, None, None]
    weight = np.stack(weights, axis=-1).reshape(count, bins, 1, -1).astype(work)
    return np.matmul(weight, flat[index])[:, :, 0, :]


def _chunks(values: np.ndarray):
    """Yield index arrays of RoIs, similar sizes together, each within ``MAX_VALUES_PER_CHUNK`` once padded."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    begin = 0
    while begin < len(order):
        padded = np.arange(1, len(order) - begin + 1) * ordered[begin:]
        end = begin + max(1, int(np.searchsorted(padded, MAX_VALUES_PER_CHUNK, side="right")))
        yield order[begin:end]
        begin = end


def _check_rois(rois, batch_size: int) -> np.ndarray:
    """Return rois as a float64 (K, 6) array, batch indices truncated toward zero as detectron2's int cast."""
    table = check.check_rows("rois", rois, 6, "(batch_index, cx, cy, w, h, angle)")
    _check_size("rois", table[:, 1:])
    table[:, 0] = np.trunc(table[:, 0])
    outside = (table[:, 0] < 0) | (table[:, 0] >= batch_size)
    if np.any(outside):
        raise ValueError(f"rois batch index must lie in [0, {batch_size}), got {table[np.argmax(outside), 0]:g}")
    return table


def _check_roi(roi) -> np.ndarray:
    """Return one roi (cx, cy, w, h, angle) as a float64 (5,) array."""
    row = np.asarray(roi)
    if row.shape != (5,):
        raise ValueError(f"roi must hold 5 numbers (cx, cy, w, h, angle), got shape {row.shape}")
    table = check.check_rows("roi", row[None], 5, "(cx, cy, w, h, angle)")
    _check_size("roi", table)
    return table[0]


def _check_size(name: str, rows: np.ndarray) -> None:
    """Raise unless rows (cx, cy, w, h, angle) have w, h >= 0 (detectron2 asserts it)."""
    if np.any(rows[:, 2:4] < 0):
        raise ValueError(f"{name} width and height must be non-negative, got {rows[np.argmin(rows[:, 2:4].min(1))]}")
