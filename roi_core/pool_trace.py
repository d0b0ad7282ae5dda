"""Trace of RoI Pooling on one 2-D map and one box: every step the lesson shows."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from . import validation as check
from .arrays import check_map, frozen, grouped, roi_rows
from .geometry import MapGeometry, Rect
from .pool import FloorGuard, bin_ranges, floor_guard, roi_pool
from .quantization import QuantizedBox, quantize_box


@dataclass(frozen=True)
class PoolBin:
    """One output bin: the map cells it covers (clipped to the map) and their maximum.

    ``rows`` and ``cols`` are [start, stop) cell ranges; ``argmax`` is the (row, col)
    map cell holding the maximum (first in row-major order, as torchvision), or
    None for an empty bin, whose value is 0.
    """

    row: int
    col: int
    rows: tuple[int, int]
    cols: tuple[int, int]
    values: np.ndarray
    argmax: tuple[int, int] | None
    value: float

    @property
    def empty(self) -> bool:
        return self.argmax is None

    @property
    def rect(self) -> Rect:
        """The block of map cells this bin reads, in the map frame (x: columns, y: rows)."""
        return Rect(self.cols[0], self.rows[0], self.cols[1], self.rows[1])

    @property
    def cells(self) -> tuple[tuple[int, int], ...]:
        """The map cells (row, col) this bin reads (max-pools), row by row; none for an empty bin."""
        return tuple(itertools.product(range(*self.rows), range(*self.cols)))


@dataclass(frozen=True)
class RoIPoolTrace:
    """RoI Pooling of one box, step by step.

    ``quantized`` is the first quantization (the box to whole cells);
    ``bin_size`` the second, in cells (floor: whole cells; round: the fractional
    size whose floor/ceil edges make the bins); ``dropped_cells`` are the cells
    inside the quantized box (on the map) that no bin reads; ``bin_guards`` the
    floor convention's (height, width) bin sizes and guards (None for round); ``output`` comes
    from the batch function ``roi_pool`` on the same input.
    """

    quantized: QuantizedBox
    output_size: tuple[int, int]
    bin_size: tuple[float, float]
    bins: tuple[PoolBin, ...]
    read_cells: tuple[tuple[int, int], ...]
    dropped_cells: tuple[tuple[int, int], ...]
    bin_guards: tuple[FloorGuard, FloorGuard] | None
    output: np.ndarray
    reader_cells: Mapping[tuple[int, int], tuple[tuple[int, int], ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """``readers``, worked out when the trace is made (traces are cached and shared: nothing is set on them
        later)."""
        object.__setattr__(self, "reader_cells", grouped((cell, (b.row, b.col)) for b in self.bins for cell in b.cells))

    def readers(self) -> Mapping[tuple[int, int], tuple[tuple[int, int], ...]]:
        """Each map cell (row, col) that a bin reads, with the output bins (row, col) that read it, in bin order
        (with torchvision's round convention neighbouring bins can share a cell); read-only, worked out once."""
        return self.reader_cells

    def bin(self, row: int, col: int) -> PoolBin:
        """The bin at output position (row, col)."""
        return self.bins[row * self.output_size[1] + col]


def trace_roi_pool(
    feature_map: np.ndarray, box: Rect, geometry: MapGeometry, output_size, quantization: str = "floor"
) -> RoIPoolTrace:
    """Trace RoI max pooling of ``box`` (image pixels) on a 2-D ``feature_map``.

    Same conventions as ``roi_pool`` with ``spatial_scale = 1 / stride``:
    ``"floor"`` is the slides' double floor, ``"round"`` is torchvision's.
    """
    feature_map = check_map(feature_map, geometry)
    pooled = check.check_output_size(output_size)
    quantization = check.check_choice("quantization", quantization, check.QUANTIZATIONS)
    quantized = quantize_box(box, geometry, quantization)
    rows = roi_rows(box)
    row_start, row_stop, col_start, col_stop = (
        np.clip(edges[0], 0, size)
        for edges, size in zip(
            bin_ranges(rows[:, 1:], geometry.spatial_scale, pooled, quantization),
            (geometry.map_height,) * 2 + (geometry.map_width,) * 2,
        )
    )
    bins = tuple(
        _pool_bin(feature_map, row, col, (row_start[row], row_stop[row]), (col_start[col], col_stop[col]))
        for row in range(pooled[0])
        for col in range(pooled[1])
    )
    read = {(r, c) for b in bins for r in range(*b.rows) for c in range(*b.cols)}
    box_cells = quantized.pixels.scaled(geometry.spatial_scale)
    inside = [
        (r, c) for r in range(int(box_cells.y1), int(box_cells.y2)) for c in range(int(box_cells.x1), int(box_cells.x2))
    ]
    output = roi_pool(feature_map[None, None], rows, pooled, geometry.spatial_scale, quantization=quantization)[0, 0]
    guards = None
    if quantization == "floor":
        guards = (floor_guard(quantized.projected.height, pooled[0]), floor_guard(quantized.projected.width, pooled[1]))
    return RoIPoolTrace(
        quantized=quantized,
        output_size=pooled,
        bin_size=_bin_size(quantized, pooled, guards),
        bins=bins,
        read_cells=tuple(sorted(read)),
        dropped_cells=tuple(cell for cell in inside if cell not in read),
        bin_guards=guards,
        output=frozen(output),
    )


def _pool_bin(feature_map, row, col, rows, cols) -> PoolBin:
    rows, cols = (int(rows[0]), int(rows[1])), (int(cols[0]), int(cols[1]))
    values = feature_map[rows[0] : rows[1], cols[0] : cols[1]]
    if values.size == 0:
        return PoolBin(row, col, rows, cols, frozen(values), None, 0.0)
    r, c = np.unravel_index(np.argmax(values), values.shape)
    return PoolBin(row, col, rows, cols, frozen(values), (rows[0] + int(r), cols[0] + int(c)), float(values[r, c]))


def _bin_size(quantized: QuantizedBox, pooled, guards) -> tuple[float, float]:
    if guards is not None:
        return float(guards[0].bin_size), float(guards[1].bin_size)
    return quantized.H / pooled[0], quantized.W / pooled[1]
