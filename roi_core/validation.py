"""Argument checks shared by the batch functions.

Every check raises ``ValueError`` naming the argument and what was expected, so a
caller (or a page) can show the message as it is.
"""

from __future__ import annotations

import numbers

import numpy as np

POOLINGS = ("avg", "max")
SAMPLE_LAYOUTS = ("centered", "spaced")
QUANTIZATIONS = ("round", "floor")


def check_input(input, name: str = "input") -> np.ndarray:
    """Return ``input`` as a 4-D floating array (N, C, H, W), or raise ValueError naming it ``name``."""
    array = np.asarray(input)
    if array.ndim != 4:
        raise ValueError(f"{name} must be 4-D (N, C, H, W), got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.floating):
        raise ValueError(f"{name} must be a floating array (float16/32/64), got dtype {array.dtype}")
    return array


def check_grad_output(grad_output, shape: tuple[int, int, int, int]) -> np.ndarray:
    """Return ``grad_output`` as a floating array of the forward's output ``shape`` (K, C, h, w), or raise
    ValueError naming it."""
    grad = check_input(grad_output, "grad_output")
    if grad.shape != tuple(shape):
        raise ValueError(f"grad_output must have the output's shape (K, C, h, w) = {tuple(shape)}, got {grad.shape}")
    return grad


def check_rows(name: str, rows, columns: int, layout: str, dtype=np.float64) -> np.ndarray:
    """Return ``rows`` as a new finite (K, ``columns``) array of ``dtype`` (each row ``layout``, e.g. "[x1, y1, x2,
    y2]"), or raise ValueError naming ``name``. Values too large for ``dtype`` count as not finite."""
    try:
        with np.errstate(over="ignore"):
            table = np.array(rows, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numeric, got {type(rows).__name__}") from error
    if table.ndim != 2 or table.shape[1] != columns:
        raise ValueError(f"{name} must have shape (K, {columns}) rows {layout}, got shape {table.shape}")
    if not np.all(np.isfinite(table)):
        raise ValueError(f"{name} must hold finite coordinates (no NaN or inf, as {np.dtype(dtype).name})")
    return table


def check_indices(name: str, indices, count: int, batch_size: int) -> np.ndarray:
    """Return ``indices`` (one image index per box) as an int64 (``count``,) array of values in [0,
    ``batch_size``), or raise ValueError naming ``name``."""
    index = np.asarray(indices)
    if index.shape != (count,):
        raise ValueError(f"{name} must have shape ({count},), one per box, got shape {index.shape}")
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if not np.issubdtype(index.dtype, np.integer):
        raise ValueError(f"{name} must be integers, got dtype {index.dtype}")
    outside = (index < 0) | (index >= batch_size)
    if np.any(outside):
        raise ValueError(f"{name} must lie in [0, {batch_size}), got {int(index[np.argmax(outside)])}")
    return index.astype(np.int64)


def check_float32_scale(spatial_scale) -> float:
    """``spatial_scale`` checked, then rounded to float32 as a C ``float`` argument or an ONNX attribute holds it
    (0.1 becomes 0.10000000149...); positive and finite after rounding, or ValueError."""
    with np.errstate(over="ignore"):
        scale = float(np.float32(check_spatial_scale(spatial_scale)))
    if not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"spatial_scale must be a positive finite float32 number, got {spatial_scale!r}")
    return scale


def check_boxes(boxes, batch_size: int) -> np.ndarray:
    """Return boxes as a float64 (K, 5) array of (batch_index, x1, y1, x2, y2).

    Accepts torchvision's two forms: a (K, 5) array, or a list of (K_i, 4) arrays,
    one per image (the list index becomes the batch index). Batch indices are
    truncated toward zero, as torchvision's C++ cast does, and must then lie in
    [0, batch_size).
    """
    if isinstance(boxes, (list, tuple)):
        parts = []
        for index, part in enumerate(boxes):
            part = np.asarray(part, dtype=np.float64)
            if part.ndim != 2 or part.shape[1] != 4:
                raise ValueError(f"boxes[{index}] must have shape (K_i, 4), got {part.shape}")
            parts.append(np.column_stack([np.full(len(part), float(index)), part]))
        rows = np.concatenate(parts) if parts else np.zeros((0, 5))
    else:
        try:
            rows = np.asarray(boxes, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise ValueError(f"boxes must be numeric, got {type(boxes).__name__}") from error
        if rows.ndim != 2 or rows.shape[1] != 5:
            raise ValueError(
                f"boxes must have shape (K, 5) rows (batch_index, x1, y1, x2, y2) "
                f"or be a list of (K_i, 4) arrays, got shape {rows.shape}"
            )
    if not np.all(np.isfinite(rows)):
        raise ValueError("boxes must hold finite coordinates (no NaN or inf)")
    rows = rows.copy()
    rows[:, 0] = np.trunc(rows[:, 0])
    outside = (rows[:, 0] < 0) | (rows[:, 0] >= batch_size)
    if np.any(outside):
        bad = rows[np.argmax(outside), 0]
        raise ValueError(f"boxes batch index must lie in [0, {batch_size}), got {bad:g}")
    return rows


def check_output_size(output_size) -> tuple[int, int]:
    """Return output_size as (height, width) of positive ints; an int means square."""
    values = (
        (output_size, output_size)
        if is_whole_number(output_size)
        else tuple(np.atleast_1d(np.asarray(output_size, dtype=object)))
    )
    if len(values) != 2 or not all(is_whole_number(v) and v > 0 for v in values):
        raise ValueError(f"output_size must be a positive int or a pair (h, w) of them, got {output_size!r}")
    return int(values[0]), int(values[1])


def check_spatial_scale(spatial_scale) -> float:
    """Return spatial_scale as a positive finite float."""
    if isinstance(spatial_scale, bool) or not isinstance(spatial_scale, numbers.Real):
        raise ValueError(f"spatial_scale must be a positive number, got {spatial_scale!r}")
    if not (np.isfinite(spatial_scale) and spatial_scale > 0):
        raise ValueError(f"spatial_scale must be a positive finite number, got {spatial_scale!r}")
    return float(spatial_scale)


def check_sampling_ratio(sampling_ratio) -> int:
    """Return sampling_ratio as an int (> 0: fixed points per bin axis; <= 0: adaptive)."""
    if not is_whole_number(sampling_ratio):
        raise ValueError(f"sampling_ratio must be an integer (<= 0 for adaptive), got {sampling_ratio!r}")
    return int(sampling_ratio)


def check_choice(name: str, value, choices: tuple[str, ...]) -> str:
    """Return value if it is one of choices, else raise ValueError listing them."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_aligned(aligned) -> bool:
    """Return aligned as a bool; only True and False are accepted."""
    if not isinstance(aligned, (bool, np.bool_)):
        raise ValueError(f"aligned must be True or False, got {aligned!r}")
    return bool(aligned)


def is_whole_number(value) -> bool:
    """Whether ``value`` is an integer (Python's or NumPy's), not a bool."""
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))
