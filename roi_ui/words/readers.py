"""Which output bins read a map cell, in words: the line a map cell's hover adds (``kit.value_grid``'s notes), so
that pointing at a cell says which bins of the output it feeds; and the other way, what a chosen output bin read."""

from __future__ import annotations

from itertools import groupby

from roi_core import AlignBin, PoolBin, RoIAlignTrace, RoIPoolTrace

from .conventions import ROI_ALIGN, ROI_POOLING
from .numbers import count, num
from .palette import BLACK

Notes = dict[tuple[int, int], str]
CHOOSE_BIN = "Click (or tap) a cell of the map or a bin of the output to choose another bin."


def pool_readers(trace: RoIPoolTrace) -> Notes:
    """Each map cell a RoI Pooling bin reads: "RoI Pooling: bin (0, 1)" (or "bins (0, 1), (0, 2)")."""
    return {
        cell: f"{ROI_POOLING}: bin{'s' if len(bins) > 1 else ''} " + ", ".join(f"({r}, {c})" for r, c in bins)
        for cell, bins in trace.readers().items()
    }


def align_readers(trace: RoIAlignTrace) -> Notes:
    """Each map cell a RoI Align sampling point mixes: "RoI Align: S1, S2 of bin (0, 0); S1 of bin (0, 1)"."""
    notes = {}
    for cell, points in trace.readers().items():
        per_bin = groupby(points, key=lambda point: point[:2])
        notes[cell] = f"{ROI_ALIGN}: " + "; ".join(
            f"{', '.join(point[2] for point in samples)} of bin ({r}, {c})" for (r, c), samples in per_bin
        )
    return notes


def both_readers(pool: RoIPoolTrace, align: RoIAlignTrace) -> Notes:
    """Both methods' lines for each cell either reads, RoI Pooling's first; "not read by RoI ..." where one does
    not read it."""
    pooled, aligned = pool_readers(pool), align_readers(align)
    return {
        cell: "<br>".join(
            (pooled.get(cell, f"{ROI_POOLING}: no bin"), aligned.get(cell, f"{ROI_ALIGN}: no sampling point"))
        )
        for cell in {**pooled, **aligned}
    }


def pool_bin_read(bin_: PoolBin, decimals: int) -> str:
    """What a chosen RoI Pooling bin read: "RoI Pooling bin (0, 1) read row 6, columns 11–12 (2 cells): max 0.7 at
    cell (row, col) = (6, 11)"; an empty bin read nothing and gives 0."""
    where = f"{ROI_POOLING} bin ({bin_.row}, {bin_.col})"
    if bin_.empty:
        return f"{where} covers no cell of the map: it gives 0"
    return (
        f"{where} read {span('row', bin_.rows)}, {span('column', bin_.cols)} ({count(len(bin_.cells), 'cell')}): "
        f"max {num(bin_.value, decimals)} at cell (row, col) = {bin_.argmax}"
    )


def span(name: str, cells: tuple[int, int], through: str = "–") -> str:
    """ "row 6" or "rows 6–7" (``through`` between the first and the last): a [start, stop) range of rows or
    columns."""
    start, stop = cells
    return f"{name} {start}" if stop - start == 1 else f"{name}s {start}{through}{stop - 1}"


def align_bin_read(bin_: AlignBin, pooling: str, decimals: int, after_colon: str = " ") -> str:
    """What a chosen RoI Align bin read: "RoI Align bin (0, 1): 4 sampling points mixing 6 cells, max 0.81"
    (``after_colon``: "<br>" breaks a figure's headline there)."""
    return (
        f"{ROI_ALIGN} bin ({bin_.row}, {bin_.col}):{after_colon}{count(len(bin_.samples), 'sampling point')} mixing "
        f"{count(len(bin_.cells), 'cell')}, {pooling} {num(bin_.value, decimals)}"
    )


def both_bins_read(pool_bin: PoolBin, align_bin: AlignBin, pooling: str, decimals: int) -> str:
    """The linked view of a map showing both methods, as a Markdown list: what the chosen output bin read with each
    (its marks named: ``roi_ui.plot.marks.pool_bin_reads``, ``align_bin_reads``), then how to choose another."""
    return (
        f"- **Framed {BLACK.name}, tinted**: {pool_bin_read(pool_bin, decimals)}.\n"
        f"- **{BLACK.name.capitalize()} rings, dashed bin, dotted cells**: "
        f"{align_bin_read(align_bin, pooling, decimals)}."
        f"\n\n{CHOOSE_BIN}"
    )
