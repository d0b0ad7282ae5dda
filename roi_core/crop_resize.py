"""Crop and resize on a batch, with TensorFlow's names, shapes and semantics.

``tf.image.crop_and_resize`` is the RoI operator of TensorFlow's detectors. It
looks like RoI Align, but a learner should notice five differences:

* **Normalised corners.** A box is ``[y1, x1, y2, x2]`` in fractions of the
  image (rows first), not pixels scaled by a ``spatial_scale``. A fraction ``y``
  maps to the pixel coordinate ``y * (H - 1)``: 0 is the centre of the first
  row, 1 the centre of the last. ``y1 > y2`` is allowed and flips the crop.
* **Corner-aligned sampling.** The ``crop_height`` samples run from the box's
  first edge to its last, both included (``align_corners``): sample ``i`` is at
  ``y1 * (H - 1) + i * (y2 - y1) * (H - 1) / (crop_height - 1)``. A crop of one
  sample takes the box's centre. RoI Align instead splits the box into bins and
  samples inside each bin, never on the box edge.
* **One sample per output cell.** Each output value is one interpolated point;
  there is no grid of samples per bin.
* **No pooling.** Nothing is averaged or maximised, so a large box shrunk to a
  small crop skips pixels (it aliases) where RoI Align would average them.
* **An extrapolation value.** A sample outside ``[0, H - 1] x [0, W - 1]`` takes
  ``extrapolation_value`` instead of torchvision's clamping and zero rules.

Like TensorFlow's CPU kernel, every step is float32: the image values are cast
to float32 and the result is float32 whatever the image's dtype. The layout is
channels last, (N, H, W, C).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import validation as check
from .rounding import round_half_away

METHODS = ("bilinear", "nearest")


def crop_and_resize(image, boxes, box_indices, crop_size, method="bilinear", extrapolation_value=0.0) -> np.ndarray:
    """Crops of ``image`` (N, H, W, C) resized to ``crop_size``; returns float32 (K, crop_h, crop_w, C).

    This is ``tf.image.crop_and_resize`` (TensorFlow's CropAndResize CPU kernel):
    box ``k`` is ``boxes[k] = [y1, x1, y2, x2]`` in normalised coordinates on image
    ``box_indices[k]``; each output cell is one sample at the corner-aligned
    positions of ``sample_positions``, read bilinearly (between the floor and
    ceil neighbours) or from the nearest pixel (C's ``roundf``: halves away from
    zero). Samples outside the image take ``extrapolation_value``. Boxes are
    cast to float32 as TensorFlow's op requires.
    """
    pixels = _check_image(image)
    corners = check.check_rows("boxes", boxes, 4, "[y1, x1, y2, x2]", np.float32)
    batch = check.check_indices("box_indices", box_indices, len(corners), pixels.shape[0])
    crop_h, crop_w = _check_crop_size(crop_size)
    method = check.check_choice("method", method, METHODS)
    fill = _check_extrapolation_value(extrapolation_value)

    height, width = pixels.shape[1:3]
    y1, x1, y2, x2 = corners.T
    in_y = sample_positions(y1, y2, height, crop_h)
    in_x = sample_positions(x1, x2, width, crop_w)
    rows_inside, cols_inside = _inside(in_y, height), _inside(in_x, width)
    in_y, in_x = np.where(rows_inside, in_y, 0), np.where(cols_inside, in_x, 0)
    if method == "bilinear":
        values = _bilinear(pixels, batch, in_y, in_x)
    else:
        values = _gather(pixels, batch, _nearest(in_y), _nearest(in_x))
    inside = rows_inside[:, :, None, None] & cols_inside[:, None, :, None]
    return np.where(inside, values, fill).astype(np.float32, copy=False)


def sample_positions(start, end, size: int, count: int) -> np.ndarray:
    """Pixel coordinates of ``count`` corner-aligned samples from ``start`` to ``end``: float32 (K, count).

    TensorFlow's crop_and_resize convention, in its float32 arithmetic:
    ``start * (size - 1) + i * scale`` with ``scale = (end - start) * (size - 1) / (count - 1)``;
    for ``count == 1`` the centre ``0.5 * (start + end) * (size - 1)``, which the
    kernel evaluates in double before storing it as float32. ``start`` and
    ``end`` are normalised coordinates, arrays (K,).
    """
    start, end = np.asarray(start, dtype=np.float32), np.asarray(end, dtype=np.float32)
    last = np.float32(size - 1)
    with np.errstate(over="ignore", invalid="ignore"):
        if count == 1:
            centre = 0.5 * (start + end).astype(np.float64) * float(size - 1)
            return centre.astype(np.float32)[:, None]
        scale = (end - start) * last / np.float32(count - 1)
        steps = np.arange(count, dtype=np.float32)
        return start[:, None] * last + steps[None, :] * scale[:, None]


def _nearest(positions: np.ndarray) -> np.ndarray:
    """The pixel nearest each position, as C's ``roundf`` picks it (halves up: positions here are >= 0)."""
    return round_half_away(positions).astype(np.int64)


def _inside(positions: np.ndarray, size: int) -> np.ndarray:
    """Samples inside [0, size - 1]; NaN (from overflowing boxes) counts as outside."""
    return (positions >= 0) & (positions <= np.float32(size - 1))


def _bilinear(pixels: np.ndarray, batch: np.ndarray, in_y: np.ndarray, in_x: np.ndarray) -> np.ndarray:
    """Bilinear samples (K, h, w, C) in the kernel's float32 order: along x, then along y."""
    top, left = np.floor(in_y), np.floor(in_x)
    y_lerp = (in_y - top)[:, :, None, None]
    x_lerp = (in_x - left)[:, None, :, None]
    top, bottom = top.astype(np.int64), np.ceil(in_y).astype(np.int64)
    left, right = left.astype(np.int64), np.ceil(in_x).astype(np.int64)
    upper = _lerp(_gather(pixels, batch, top, left), _gather(pixels, batch, top, right), x_lerp)
    lower = _lerp(_gather(pixels, batch, bottom, left), _gather(pixels, batch, bottom, right), x_lerp)
    return _lerp(upper, lower, y_lerp)


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``a + (b - a) * t`` with every step rounded to float32."""
    return a + (b - a) * t


def _gather(pixels: np.ndarray, batch: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Pixels (K, h, w, C) at rows (K, h) x cols (K, w) of each box's image, cast to float32."""
    return pixels[batch[:, None, None], rows[:, :, None], cols[:, None, :]].astype(np.float32)


def _check_image(image) -> np.ndarray:
    """Return ``image`` as a 4-D real array (N, H, W, C) with H, W > 0."""
    array = np.asarray(image)
    if array.ndim != 4:
        raise ValueError(f"image must be 4-D (N, H, W, C), got shape {array.shape}")
    kind = array.dtype.kind
    if kind not in "iuf":
        raise ValueError(f"image must be an integer or floating array, got dtype {array.dtype}")
    if array.shape[1] < 1 or array.shape[2] < 1:
        raise ValueError(f"image height and width must be positive, got shape {array.shape}")
    return array


def _check_crop_size(crop_size) -> tuple[int, int]:
    """Return crop_size as (crop_height, crop_width) of positive ints."""
    values = tuple(np.atleast_1d(np.asarray(crop_size, dtype=object))) if not np.isscalar(crop_size) else ()
    if len(values) != 2 or not all(_is_positive_int(value) for value in values):
        raise ValueError(f"crop_size must be a pair (crop_height, crop_width) of positive ints, got {crop_size!r}")
    return int(values[0]), int(values[1])


def _is_positive_int(value) -> bool:
    integral = isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))
    return integral and value > 0


def _check_extrapolation_value(value) -> np.float32:
    """Return extrapolation_value as float32 (TensorFlow's attribute type)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise ValueError(f"extrapolation_value must be a real number, got {value!r}")
    return np.float32(value)
