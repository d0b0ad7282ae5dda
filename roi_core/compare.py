"""RoI Pool beside RoI Align on the same box: how their outputs differ, which cells each read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .align_trace import RoIAlignTrace
from .arrays import frozen
from .pool_trace import RoIPoolTrace

Cell = tuple[int, int]


@dataclass(frozen=True)
class MethodComparison:
    """Two traces of one box compared.

    ``difference`` is RoI Align's output minus RoI Pool's, bin by bin (h, w);
    ``pool_read`` the map cells RoI Pool's bins cover; ``align_touched`` the map
    cells RoI Align's samples mix with a nonzero bilinear weight. Cells are
    (row, col), sorted.
    """

    difference: np.ndarray
    pool_read: tuple[Cell, ...]
    align_touched: tuple[Cell, ...]

    @property
    def largest_gap_bin(self) -> Cell:
        """The output bin (row, col) where |Align - Pool| is largest (the first on ties)."""
        row, col = np.unravel_index(np.argmax(np.abs(self.difference)), self.difference.shape)
        return int(row), int(col)

    @property
    def largest_gap(self) -> float:
        """The largest |Align - Pool| over the output bins."""
        return float(np.abs(self.difference[self.largest_gap_bin]))

    @property
    def read_by_both(self) -> tuple[Cell, ...]:
        return tuple(sorted(set(self.pool_read) & set(self.align_touched)))

    @property
    def pool_only(self) -> tuple[Cell, ...]:
        """Cells RoI Pool read that no RoI Align sample touched."""
        return tuple(sorted(set(self.pool_read) - set(self.align_touched)))

    @property
    def align_only(self) -> tuple[Cell, ...]:
        """Cells RoI Align's samples touched that RoI Pool never read."""
        return tuple(sorted(set(self.align_touched) - set(self.pool_read)))


def align_touched_cells(trace: RoIAlignTrace) -> tuple[Cell, ...]:
    """Map cells (row, col) that some sampling point of ``trace`` mixes with a nonzero weight."""
    return tuple(
        sorted(
            {
                (neighbour.row, neighbour.col)
                for bin_ in trace.bins
                for sample in bin_.samples
                for neighbour in sample.neighbours
                if neighbour.weight > 0
            }
        )
    )


def compare_methods(pool: RoIPoolTrace, align: RoIAlignTrace) -> MethodComparison:
    """Compare the traces of one box: output difference (Align - Pool) and the cells each read."""
    if pool.output_size != align.output_size:
        raise ValueError(f"the traces have different output sizes: {pool.output_size} and {align.output_size}")
    return MethodComparison(
        difference=frozen(align.output - pool.output),
        pool_read=pool.read_cells,
        align_touched=align_touched_cells(align),
    )
