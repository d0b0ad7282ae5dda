"""The ONNX ``RoiAlign`` operator (opset 16 and later), computed as ONNX Runtime's CPU kernel computes it.

ONNX's RoiAlign and ``torchvision.ops.roi_align`` share one algorithm (Mask R-CNN's, from Caffe2): each box is
cut into ``output_height x output_width`` bins, each bin is sampled on a small grid, every sample is bilinearly
interpolated from its four neighbouring cells, and the bin keeps a summary of its samples. What a learner should
watch for are the conventions:

* **Inputs.** ONNX takes ``rois`` (num_rois, 4) as ``[x1, y1, x2, y2]`` and a separate ``batch_indices``
  (num_rois,) vector, where torchvision takes (K, 5) rows ``[batch_index, x1, y1, x2, y2]``.
* **Coordinates.** ``coordinate_transformation_mode="half_pixel"`` (the default since opset 16) is torchvision's
  ``aligned=True``: corners scaled by ``spatial_scale`` then shifted by half a cell, no minimum size.
  ``"output_half_pixel"`` is ``aligned=False`` (and all that opset 10 had): no shift, and a box's width and
  height are forced to at least one cell. ``spatial_scale`` is a float32 attribute in an ONNX model, so it is
  rounded to float32 here too (0.1 becomes 0.100000001...), also for float64 inputs.
* **Samples per bin.** ``sampling_ratio=0`` is adaptive, ``ceil(roi size / output size)`` per axis, where
  torchvision spells it ``-1`` (any value <= 0). ONNX Runtime refuses a negative ``sampling_ratio``; so does
  this function. Points sit at ``(i + 0.5) / n`` of their bin, as in torchvision.
* **Bilinear interpolation and borders**, as torchvision: a sample outside ``[-1, H] x [-1, W]`` (in cell-centre
  coordinates) contributes 0; one in ``[-1, 0]`` is clamped to 0; one at or past the last cell centre reads the
  last cell. ``"avg"`` divides the sum of a bin's samples by their number (a bin with no sample gives 0).
* **Max mode differs.** ``mode="max"`` does *not* take the largest interpolated sample (as mmcv and this
  project's ``roi_align(pooling="max")`` do). For each sample ONNX Runtime takes the largest of its four
  *weighted corner terms* ``w1*v1, w2*v2, w3*v3, w4*v4`` (weights summing to 1), then the largest over the bin's
  samples. A sample halfway between two cells of value 8 thus counts as 4, not 8; a sample on a cell centre
  counts as ``max(v, 0)``, because its three zero-weight corners contribute 0 terms. ONNX's reference
  implementation does the same.

Arithmetic follows ONNX Runtime's order and precision: box geometry, sample positions, the adaptive grid size
(a ``ceil``) and the bilinear weights are computed in the input's floating type (float32 inputs in float32),
so a ``ceil`` near an integer lands where ONNX Runtime's does; "avg" sums in float64 before rounding back.
float16 inputs (which ONNX Runtime's CPU kernel does not take) are computed in float32.

Where ONNX Runtime (1.30) and ONNX's reference evaluator (``onnx.reference``, 1.23) disagree, this follows ONNX
Runtime:

* ``half_pixel`` with ``sampling_ratio=0`` and a box reversed by at least one bin along exactly one axis
  (``ceil(size / output size) <= -1`` there, > 0 on the other): ONNX Runtime fails (a negative sample count
  overflows its buffer size), the reference returns zeros. Here: ``ValueError`` naming ``rois``. When both
  axes' counts are negative (or either is 0) there is no sample, and all three give zeros.
* A negative ``sampling_ratio``: ONNX Runtime refuses it, the reference treats it as adaptive. Here: ``ValueError``.
* ``coordinate_transformation_mode``: ONNX Runtime compares with ``"half_pixel"`` case-sensitively and treats
  *any* other string as ``"output_half_pixel"``; the reference lower-cases it first ("HALF_PIXEL" is half_pixel
  there, output_half_pixel in ONNX Runtime). Here only the two exact names are accepted. ``mode`` is
  lower-cased by both ("AVG" works), and here.
* A batch index outside ``[0, N)``: ONNX Runtime refuses it, the reference reads another image (-1) or fails.
  Here: ``ValueError``.

References: ONNX operator ``RoiAlign`` (opset 16); ONNX Runtime ``core/providers/cpu/object_detection/roialign``;
``onnx/reference/ops/op_roi_align.py``; He, Gkioxari, Dollar and Girshick, "Mask R-CNN", ICCV 2017.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import validation as check
from .sampling import axis_weights

MODES = ("avg", "max")
COORDINATE_MODES = ("half_pixel", "output_half_pixel")
MAX_TERMS_PER_CHUNK = 1 << 20  # sample values (RoIs x bins x samples x channels) gathered at once
MAX_SAMPLES_PER_ROI = 1 << 24  # bins x samples of one RoI: beyond this one channel alone needs gigabytes
ROIS_PER_WINDOW = 4096  # RoIs considered when sizing one chunk


def onnx_roi_align(
    X,
    rois,
    batch_indices,
    *,
    mode="avg",
    output_height=1,
    output_width=1,
    sampling_ratio=0,
    spatial_scale=1.0,
    coordinate_transformation_mode="half_pixel",
) -> np.ndarray:
    """ONNX ``RoiAlign`` (opset 16+) of ``X`` (N, C, H, W) over ``rois`` (num_rois, 4) ``[x1, y1, x2, y2]`` of
    images ``batch_indices`` (num_rois,); returns (num_rois, C, output_height, output_width) in X's dtype.

    Equals ONNX Runtime's CPU kernel: ``"half_pixel"`` corners are scaled and shifted by half a cell,
    ``"output_half_pixel"`` ones only scaled, with sizes forced to at least 1; ``sampling_ratio`` points per bin
    axis (0: adaptive ``ceil(roi size / output size)``); ``"avg"`` averages the bilinear samples, ``"max"`` keeps
    the largest weighted corner term ``w_i * v_i`` of any sample (see the module docstring).
    """
    features = check.check_input(X, "X")
    if features.shape[2] < 1 or features.shape[3] < 1:
        raise ValueError(f"X must have a height and width of at least 1, got shape {features.shape}")
    boxes = check.check_rows("rois", rois, 4, "[x1, y1, x2, y2]")
    batch = check.check_indices("batch_indices", batch_indices, len(boxes), features.shape[0])
    mode = check.check_choice("mode", mode.lower() if isinstance(mode, str) else mode, MODES)
    coordinates = check.check_choice("coordinate_transformation_mode", coordinate_transformation_mode, COORDINATE_MODES)
    pooled = (_check_positive_int("output_height", output_height), _check_positive_int("output_width", output_width))
    ratio = _check_sampling_ratio(sampling_ratio)
    dtype = np.result_type(features.dtype, np.float32)
    rows, cols = _roi_axes(boxes.astype(dtype), check.check_float32_scale(spatial_scale), coordinates, pooled, ratio)
    _check_grids(rows.grid, cols.grid, pooled)

    count, channels = len(boxes), features.shape[1]
    output = np.zeros((count, channels, *pooled), dtype=features.dtype)
    channels_last = np.ascontiguousarray(features.transpose(0, 2, 3, 1), dtype=dtype)
    for chunk, channel in _chunks(rows.grid, cols.grid, pooled, channels):
        y = _axis_samples(rows, chunk, pooled[0], features.shape[2])
        x = _axis_samples(cols, chunk, pooled[1], features.shape[3])
        terms = _corner_terms(channels_last[..., channel], batch[chunk], y, x)
        pool = _average if mode == "avg" else _maximum
        output[chunk, channel] = pool(terms, y, x).astype(features.dtype)
    return output


@dataclass(frozen=True)
class _RoIAxis:
    """One axis of every RoI (K,): first edge, bin size (in the compute dtype) and samples per bin (may be < 0)."""

    start: np.ndarray
    bin_size: np.ndarray
    grid: np.ndarray


@dataclass(frozen=True)
class _Samples:
    """One axis of a chunk's samples (k, bins, G): the two cells read, their weights (0 outside), a padding mask."""

    low: np.ndarray
    high: np.ndarray
    w_low: np.ndarray
    w_high: np.ndarray
    mask: np.ndarray


def _roi_axes(boxes: np.ndarray, spatial_scale: float, coordinates: str, pooled, ratio: int):
    """(rows, cols) geometry, in ONNX Runtime's order of operations and in ``boxes``' dtype."""
    dtype, half_pixel = boxes.dtype.type, coordinates == "half_pixel"
    scaled = boxes * dtype(spatial_scale) - dtype(0.5 if half_pixel else 0.0)
    axes = []
    for first, last, bins in ((1, 3, pooled[0]), (0, 2, pooled[1])):
        size = scaled[:, last] - scaled[:, first]
        if not half_pixel:
            size = np.maximum(size, dtype(1.0))  # malformed boxes become one cell wide
        per_bin = size / dtype(bins)
        grid = np.full(len(size), ratio, np.int64) if ratio > 0 else np.ceil(per_bin).astype(np.int64)
        axes.append(_RoIAxis(scaled[:, first], per_bin, grid))
    return axes[0], axes[1]


def _axis_samples(axis: _RoIAxis, chunk: np.ndarray, pooled: int, size: int) -> _Samples:
    """Sample coordinates ``start + p * bin + (i + 0.5) * bin / n`` of the chunk's RoIs and their bilinear weights."""
    dtype = axis.start.dtype.type
    grid = np.maximum(axis.grid[chunk], 0)
    index = np.arange(int(grid.max(initial=0)))
    mask = np.broadcast_to(index < grid[:, None, None], (len(chunk), pooled, len(index)))
    start, bin_size = axis.start[chunk][:, None, None], axis.bin_size[chunk][:, None, None]
    bins = np.arange(pooled, dtype=dtype)[None, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        coords = (
            start + bins * bin_size + (index.astype(dtype) + dtype(0.5)) * bin_size / grid[:, None, None].astype(dtype)
        )
    low, high, w_low, w_high = axis_weights(np.where(mask, coords, dtype(0)), size)
    w_low, w_high = (np.where(mask, w, 0.0).astype(dtype) for w in (w_low, w_high))
    return _Samples(low, high, w_low, w_high, mask)


def _corner_terms(channels_last: np.ndarray, batch: np.ndarray, y: _Samples, x: _Samples) -> list[np.ndarray]:
    """The four weighted corner terms ``w_i * v_i`` of every sample, each (k, h, Gy, w, Gx, C) in the compute dtype.

    ``w_i`` is ``hy * hx`` rounded once, then multiplied by the cell's value, as ONNX Runtime does.
    """
    image = batch[:, None, None, None, None]
    terms = []
    for row, row_weight in ((y.low, y.w_low), (y.high, y.w_high)):
        for col, col_weight in ((x.low, x.w_low), (x.high, x.w_high)):
            weight = row_weight[:, :, :, None, None] * col_weight[:, None, None, :, :]
            values = channels_last[image, row[:, :, :, None, None], col[:, None, None, :, :]]
            terms.append(weight[..., None] * values)
    return terms


def _average(terms, y: _Samples, x: _Samples) -> np.ndarray:
    """Bins (k, C, h, w): each sample's ``((t1 + t2) + t3) + t4``, summed in float64 and divided by the count."""
    per_sample = ((terms[0] + terms[1]) + terms[2]) + terms[3]
    total = per_sample.sum(axis=(2, 4), dtype=np.float64)
    count = np.maximum(y.mask[:, 0].sum(axis=1) * x.mask[:, 0].sum(axis=1), 1)
    return (total / count[:, None, None, None]).transpose(0, 3, 1, 2)


def _maximum(terms, y: _Samples, x: _Samples) -> np.ndarray:
    """Bins (k, C, h, w): the largest corner term of any of the bin's samples; 0 for a bin without samples."""
    per_sample = np.maximum(np.maximum(np.maximum(terms[0], terms[1]), terms[2]), terms[3])
    valid = y.mask[:, :, :, None, None, None] & x.mask[:, None, None, :, :, None]
    best = np.where(valid, per_sample, -np.inf).max(axis=(2, 4), initial=-np.inf)
    has_samples = (y.mask[:, 0].any(axis=1) & x.mask[:, 0].any(axis=1))[:, None, None, None]
    return np.where(has_samples, best, 0.0).transpose(0, 3, 1, 2)


def _chunks(grid_h: np.ndarray, grid_w: np.ndarray, pooled, channels: int):
    """Yield (RoI indices, channel slice) pieces of at most about ``MAX_TERMS_PER_CHUNK`` sample values.

    RoIs are sorted by their sample grids, so a piece pads its RoIs' grids to similar sizes.
    """
    grid_h, grid_w = np.maximum(grid_h, 0), np.maximum(grid_w, 0)
    order = np.lexsort((grid_w, grid_h))
    per_roi = max(int((grid_h * grid_w).max(initial=1)), 1) * pooled[0] * pooled[1]
    channel_step = max(1, min(channels, MAX_TERMS_PER_CHUNK // per_roi))
    begin = 0
    while begin < len(order):
        tail = order[begin : begin + ROIS_PER_WINDOW]
        padded = np.maximum.accumulate(np.maximum(grid_h[tail], 1)) * np.maximum.accumulate(np.maximum(grid_w[tail], 1))
        terms = np.arange(1, len(tail) + 1) * padded * pooled[0] * pooled[1] * channel_step
        size = max(1, int(np.count_nonzero(terms <= MAX_TERMS_PER_CHUNK)))
        for first in range(0, max(channels, 1), channel_step):
            yield tail[:size], slice(first, first + channel_step)
        begin += size


def _check_positive_int(name: str, value) -> int:
    if not (check.is_whole_number(value) and value > 0):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _check_sampling_ratio(sampling_ratio) -> int:
    """sampling_ratio as an int >= 0 (0: adaptive); ONNX Runtime refuses negative ratios."""
    ratio = check.check_sampling_ratio(sampling_ratio)
    if ratio < 0:
        raise ValueError(f"sampling_ratio must be >= 0 (0 for adaptive), got {sampling_ratio!r}")
    return ratio


def _check_grids(grid_h: np.ndarray, grid_w: np.ndarray, pooled) -> None:
    """ONNX Runtime fails when one axis' adaptive sample count is negative and the other's positive; a RoI with
    more than ``MAX_SAMPLES_PER_ROI`` samples is refused (ONNX Runtime would take minutes over it)."""
    samples = np.maximum(grid_h, 0) * np.maximum(grid_w, 0) * pooled[0] * pooled[1]
    if samples.max(initial=0) > MAX_SAMPLES_PER_ROI:
        raise ValueError(
            f"sampling_ratio: box {int(np.argmax(samples))} needs {int(samples.max())} samples, more than "
            f"{MAX_SAMPLES_PER_ROI}; pass a smaller fixed sampling_ratio"
        )
    wrong = grid_h * grid_w < 0
    if np.any(wrong):
        raise ValueError(
            f"rois: box {int(np.argmax(wrong))} is reversed by at least one bin along one axis only; with "
            "half_pixel and sampling_ratio=0 its sample count is negative and ONNX Runtime fails"
        )
