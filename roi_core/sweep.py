"""Both methods on one box slid sideways pixel by pixel: RoI Pool's staircase, RoI Align's curve.

One vectorised call of ``roi_pool`` and one of ``roi_align`` over all the shifted
boxes at once, so a whole sweep costs about as much as a handful of traces.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import validation as check
from .align import roi_align
from .arrays import check_map, frozen, roi_rows
from .geometry import MapGeometry, Rect
from .pool import bin_ranges, roi_pool

SAME_VALUE_DECIMALS = 6  # outputs equal to 6 decimals count as one value (float noise aside)


@dataclass(frozen=True)
class ShiftSweep:
    """RoI Pool and RoI Align outputs of one box moved horizontally by each shift.

    ``shifts`` (K,) are whole pixels added to the box's x1 and x2; ``pool`` and
    ``align`` are (K, h, w) outputs; ``pool_bins_moved`` (K,) says whether any of
    RoI Pool's bins covers other cells than at the previous shift (False for the
    first). The conventions are those of ``roi_pool`` (``quantization``) and
    ``roi_align`` (``sampling_ratio``, ``sample_layout``, ``pooling``, ``aligned``).
    """

    shifts: np.ndarray
    pool: np.ndarray
    align: np.ndarray
    pool_bins_moved: np.ndarray
    stride: int
    quantization: str
    sampling_ratio: int
    sample_layout: str
    pooling: str
    aligned: bool

    def index(self, shift: int) -> int:
        """Position of ``shift`` in ``shifts``; ValueError if the sweep does not hold it."""
        found = np.flatnonzero(self.shifts == shift)
        if found.size == 0:
            raise ValueError(f"shift {shift!r} px is not in the sweep ({self.shifts[0]} to {self.shifts[-1]} px)")
        return int(found[0])

    @property
    def pool_bin_shifts(self) -> tuple[int, ...]:
        """Shifts at which a quantized bin edge crossed a cell boundary (the bins moved)."""
        return tuple(int(s) for s in self.shifts[self.pool_bins_moved])

    @property
    def pool_change_shifts(self) -> tuple[int, ...]:
        """Shifts at which RoI Pool's output differs from the one a pixel before."""
        return _change_shifts(self.shifts, self.pool)

    @property
    def align_change_shifts(self) -> tuple[int, ...]:
        """Shifts at which RoI Align's output differs from the one a pixel before."""
        return _change_shifts(self.shifts, self.align)

    @property
    def step_count(self) -> int:
        """How many one-shift steps the sweep makes (K - 1)."""
        return int(self.shifts.size - 1)

    def distinct(self, method: str) -> np.ndarray:
        """How many different values each output cell of ``method`` ("pool" or "align") took: (h, w)."""
        return distinct_values_per_cell(self._outputs(method))

    def distinct_range(self, method: str) -> tuple[int, int]:
        """The fewest and the most different values an output cell of ``method`` took."""
        counts = self.distinct(method)
        return int(counts.min()), int(counts.max())

    def _outputs(self, method: str) -> np.ndarray:
        return {"pool": self.pool, "align": self.align}[check.check_choice("method", method, ("pool", "align"))]


def shift_sweep(
    feature_map: np.ndarray,
    box: Rect,
    geometry: MapGeometry,
    output_size,
    shifts,
    *,
    quantization: str = "floor",
    sampling_ratio: int = 2,
    sample_layout: str = "spaced",
    pooling: str = "max",
    aligned: bool = True,
) -> ShiftSweep:
    """Pool and align ``box`` (image pixels) moved right by each of ``shifts`` (whole pixels).

    Builds the (K, 5) boxes ``(0, x1 + s, y1, x2 + s, y2)`` and calls ``roi_pool``
    and ``roi_align`` once each with ``spatial_scale = 1 / stride``; the defaults
    are the lesson's conventions (floor; 2 x 2 spaced samples, max, aligned), as
    in ``trace_roi_pool`` and ``trace_roi_align``, whose outputs the sweep repeats.
    """
    feature_map = check_map(feature_map, geometry)
    pooled = check.check_output_size(output_size)
    shifts = np.asarray(shifts)
    if shifts.ndim != 1 or shifts.size == 0 or not np.issubdtype(shifts.dtype, np.integer):
        raise ValueError(f"shifts must be a non-empty 1-D sequence of whole pixels, got {shifts!r}")
    boxes = np.repeat(roi_rows(box), shifts.size, axis=0)
    boxes[:, [1, 3]] += shifts[:, None]
    scale = geometry.spatial_scale
    features = feature_map[None, None]
    pool = roi_pool(features, boxes, pooled, scale, quantization=quantization)[:, 0]
    align = roi_align(
        features, boxes, pooled, scale, sampling_ratio, aligned, pooling=pooling, sample_layout=sample_layout
    )[:, 0]
    ranges = np.concatenate(bin_ranges(boxes[:, 1:], scale, pooled, quantization), axis=1)
    moved = np.concatenate([[False], np.any(ranges[1:] != ranges[:-1], axis=1)])
    return ShiftSweep(
        shifts=frozen(shifts.astype(np.int64)),
        pool=frozen(pool),
        align=frozen(align),
        pool_bins_moved=frozen(moved),
        stride=geometry.stride,
        quantization=quantization,
        sampling_ratio=sampling_ratio,
        sample_layout=sample_layout,
        pooling=pooling,
        aligned=aligned,
    )


def distinct_values_per_cell(outputs: np.ndarray) -> np.ndarray:
    """Different values each cell of (K, h, w) outputs takes, equal to 6 decimals counting as one."""
    rounded = np.round(np.asarray(outputs, dtype=np.float64), SAME_VALUE_DECIMALS)
    ordered = np.sort(rounded, axis=0)
    return 1 + np.count_nonzero(ordered[1:] != ordered[:-1], axis=0)


def _change_shifts(shifts: np.ndarray, outputs: np.ndarray) -> tuple[int, ...]:
    rounded = np.round(outputs, SAME_VALUE_DECIMALS)
    changed = np.any(rounded[1:] != rounded[:-1], axis=(1, 2))
    return tuple(int(s) for s in shifts[1:][changed])
