"""Which output bins read a map cell, in words: the line a map cell's hover adds (``kit.value_grid``'s notes), so
that pointing at a cell says which bins of the output it feeds."""

from __future__ import annotations

from itertools import groupby

from roi_core import RoIAlignTrace, RoIPoolTrace

from .conventions import ROI_ALIGN, ROI_POOLING

Notes = dict[tuple[int, int], str]


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
