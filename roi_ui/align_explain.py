"""Words, formulas and tables of the RoI Align page, written from a ``RoIAlignTrace``.

Every number comes from the trace or from ``slides_arithmetic``; these functions
only format them (LaTeX for ``st.latex``, plain rows for a table).
"""

from __future__ import annotations

import math

from roi_core import RoIAlignTrace, SamplePoint, slides_arithmetic
from roi_core.align_trace import AlignBin
from roi_core.sampling import sample_fraction

from .text import num, pair

EXACT = 4  # decimals of the exact (unrounded) values
LAYOUT_WORDS = {"spaced": "spaced: (i+1)/(n+1), the slides", "centered": "centred: (i+0.5)/n, torchvision"}


def pooling_name(pooling: str) -> str:
    """max or average, in words."""
    return "max" if pooling == "max" else "average"


def tag(trace: RoIAlignTrace) -> str:
    """The conventions every number of the page depends on, in a few words."""
    aligned = "aligned=True" if trace.aligned else "aligned=False"
    rows, cols = trace.grid
    return (f"{aligned} · {rows} x {cols} samples per bin, {LAYOUT_WORDS[trace.sample_layout]} · "
            f"{pooling_name(trace.pooling)} per bin")


def box_words(trace: RoIAlignTrace) -> str:
    """The unquantized box on the map, in cells."""
    roi, aligned = trace.roi, "aligned=True" if trace.aligned else "aligned=False"
    return (f"**The box on the map:** {pair(roi.x1, roi.y1)} → {pair(roi.x2, roi.y2)} cells, "
            f"**{num(roi.width)} x {num(roi.height)} cells** (map frame, {aligned}). Nothing is rounded: "
            "the corners stay inside their cells.")


def bin_size_latex(trace: RoIAlignTrace) -> str:
    """Bin width and height as the box's size over the output size, in cells."""
    (bin_h, bin_w), (rows, cols) = trace.bin_size, trace.output_size
    return (rf"\begin{{aligned}}\text{{bin width}} &= \frac{{{num(trace.roi.width)}}}{{{cols}}} = {num(bin_w)}"
            rf"\ \text{{cells}}\\ \text{{bin height}} &= \frac{{{num(trace.roi.height)}}}{{{rows}}} = {num(bin_h)}"
            rf"\ \text{{cells}}\end{{aligned}}")


def sample_name(sample: SamplePoint) -> str:
    """S2 as LaTeX: S_{2}."""
    return rf"S_{{{sample.label[1:]}}}"


def position_latex(trace: RoIAlignTrace, align_bin: AlignBin, sample: SamplePoint) -> str:
    """Where the sample lies: the bin's start plus a fraction of the bin (the slides' X = 9.375 + 2.39 · 2/3)."""
    (bin_h, bin_w), (grid_h, grid_w) = trace.bin_size, trace.grid
    fx = sample_fraction(sample.ix, grid_w, trace.sample_layout)
    fy = sample_fraction(sample.iy, grid_h, trace.sample_layout)
    x = rf"x &= {num(align_bin.x_edges[0])} + {num(bin_w)} \cdot \tfrac{{{fx[0]}}}{{{fx[1]}}} = {num(sample.x, EXACT)}"
    y = rf"y &= {num(align_bin.y_edges[0])} + {num(bin_h)} \cdot \tfrac{{{fy[0]}}}{{{fy[1]}}} = {num(sample.y, EXACT)}"
    lines = (x, y)
    return r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"


def neighbours_latex(sample: SamplePoint) -> str:
    """The four cells the sample mixes, laid out as on the map: FM(x, y) at each cell centre."""
    top_left, top_right, bottom_left, bottom_right = sample.neighbours
    xs = rf"x = {num(top_left.centre[0])} & x = {num(top_right.centre[0])}"
    rows = (rf"y = {num(top_left.centre[1])} & {num(top_left.value)} & {num(top_right.value)}",
            rf"y = {num(bottom_left.centre[1])} & {num(bottom_left.value)} & {num(bottom_right.value)}")
    return (r"\begin{array}{r|cc} FM(x, y) & " + xs + r" \\ \hline " + r" \\ ".join(rows)
            + r"\end{array}")


def slides_latex(sample: SamplePoint) -> tuple[str, str]:
    """The interpolation as the slides round it (x, y to 2 decimals, each result to 3): horizontal, vertical."""
    arithmetic = slides_arithmetic(sample)
    return _bilinear(sample, arithmetic.x, arithmetic.y, (arithmetic.top, arithmetic.bottom, arithmetic.value), 2, 3)


def exact_latex(sample: SamplePoint) -> tuple[str, str]:
    """The interpolation with unrounded coordinates and results (what roi_align computes): horizontal, vertical."""
    return _bilinear(sample, sample.read_x, sample.read_y, (sample.top, sample.bottom, sample.value), EXACT, EXACT)


def comparison_rows(sample: SamplePoint) -> list[dict[str, str]]:
    """The slides' rounded numbers next to the exact ones: x, y, the two rows, the sample's value."""
    arithmetic = slides_arithmetic(sample)
    steps = (("x (cells)", arithmetic.x, sample.read_x, 2), ("y (cells)", arithmetic.y, sample.read_y, 2),
             ("top row", arithmetic.top, sample.top, 3), ("bottom row", arithmetic.bottom, sample.bottom, 3),
             (f"{sample.label} (value)", arithmetic.value, sample.value, 3))
    return [{"": name, "as the slides round": f"{rounded:.{decimals}f}", "exact": num(exact, EXACT)}
            for name, rounded, exact, decimals in steps]


def _bilinear(sample: SamplePoint, x: float, y: float, results, coord_decimals: int, decimals: int) -> tuple[str, str]:
    """Horizontal along the top and bottom rows (two lines), then vertical (one line), numbers plugged in."""
    top_left, top_right, bottom_left, bottom_right = sample.neighbours
    top, bottom, value = (num(result, decimals) for result in results)
    at_x, at_y = num(x, coord_decimals), num(y, coord_decimals)
    if not sample.inside:
        return r"\text{nothing to read: more than one cell outside the map}", rf"{sample_name(sample)} = 0"
    horizontal = (_lerp((num(top_left.value), top_left.centre[0]), (num(top_right.value), top_right.centre[0]), at_x,
                        top, "column"),
                  _lerp((num(bottom_left.value), bottom_left.centre[0]),
                        (num(bottom_right.value), bottom_right.centre[0]), at_x, bottom, "column"))
    vertical = _lerp((top, top_left.centre[1]), (bottom, bottom_left.centre[1]), at_y, value, "row")
    return r"\begin{gathered}" + r"\\".join(horizontal) + r"\end{gathered}", vertical


def _lerp(first: tuple[str, float], second: tuple[str, float], at: str, result: str, axis: str) -> str:
    """``v1 · (p2 − at) + v2 · (at − p1) = result`` as the slides write it; one term when both are the same cell.

    ``axis`` names what the two neighbours are ("column" or "row"), for the one-term case.
    """
    (value_1, position_1), (value_2, position_2) = first, second
    if position_1 == position_2:
        return rf"{value_1} \quad \text{{(beyond the last centre: this {axis} only)}}"
    return rf"{value_1} \cdot ({num(position_2)} - {at}) + {value_2} \cdot ({at} - {num(position_1)}) = {result}"


def is_clamped(sample: SamplePoint) -> bool:
    """Whether the sample reads somewhere else than where it lies (torchvision's border clamp)."""
    return not (math.isclose(sample.read_x, sample.x, abs_tol=1e-9)
                and math.isclose(sample.read_y, sample.y, abs_tol=1e-9))


def border_note(sample: SamplePoint) -> str | None:
    """Say what torchvision's border rules did to this sample, if anything."""
    if not sample.inside:
        return (f"{sample.label} lies at {pair(sample.x, sample.y, EXACT)} cells, more than one cell beyond the outer "
                "cell centres: it reads nothing and counts as 0.")
    if is_clamped(sample):
        return (f"{sample.label} lies at {pair(sample.x, sample.y, EXACT)} cells, beyond the outer cell centres: "
                f"torchvision clamps it to {pair(sample.read_x, sample.read_y, EXACT)}, the nearest point between "
                "centres, so only the border cells are mixed.")
    return None


def border_summary(trace: RoIAlignTrace) -> str | None:
    """How many of the trace's sampling points were clamped or read nothing, if any."""
    samples = [sample for align_bin in trace.bins for sample in align_bin.samples]
    outside = sum(not sample.inside for sample in samples)
    clamped = sum(sample.inside and is_clamped(sample) for sample in samples)
    if not outside and not clamped:
        return None
    return (f"At the map's border ({tag(trace)}): {clamped} of {len(samples)} sampling points lie beyond the outer "
            f"cell centres and are clamped to them; {outside} lie more than one cell outside and read 0.")


def samples_table(align_bin: AlignBin, pooling: str) -> list[dict[str, str]]:
    """One row per sampling point of the bin: where it is, its value exact and as the slides round, the winner."""
    rows = []
    for index, sample in enumerate(align_bin.samples):
        arithmetic = slides_arithmetic(sample)
        if pooling == "max":
            role = "◀ max: kept" if index == align_bin.winner else "discarded"
        else:
            role = "averaged"
        rows.append({
            "sample": sample.label,
            "x, y (cells)": pair(sample.x, sample.y, EXACT),
            "value": num(sample.value, EXACT),
            "slides: x, y": f"{arithmetic.x:.2f}, {arithmetic.y:.2f}",
            "slides: value": num(arithmetic.value),
            f"{pooling_name(pooling)} pooling": role,
        })
    return rows


def pooling_latex(align_bin: AlignBin, pooling: str, shown: int = 9) -> str:
    """The bin's value: the max (or the mean) of its samples' exact values."""
    values = [num(sample.value, EXACT) for sample in align_bin.samples]
    more = r"\ldots" if len(values) > shown else None
    result = num(align_bin.value, EXACT)
    if pooling == "max":
        listed = ",\\ ".join(values[:shown] + ([more] if more else []))
        which = rf"\quad ({sample_name(align_bin.samples[align_bin.winner])})" if align_bin.winner is not None else ""
        return rf"\max({listed}) = {result}{which}"
    listed = " + ".join(values[:shown] + ([more] if more else []))
    return rf"\tfrac{{1}}{{{len(values)}}}\,({listed}) = {result}"


def aligned_words(current: RoIAlignTrace, other: RoIAlignTrace, stride: int, box) -> str:
    """What ``aligned`` changes, with the numbers of both traces."""
    on, off = (current, other) if current.aligned else (other, current)
    x, y = box[0], box[1]
    return (
        f"**aligned=True** (the lesson, Detectron2): the box's corner {x}/{stride}, {y}/{stride} px lands at "
        f"**{pair(on.roi.x1, on.roi.y1)} cells**, exactly where the pixels are, because the cell centres sit at "
        "c + 0.5.\n\n"
        f"**aligned=False** (torchvision's default, the original Mask R-CNN): the same numbers are read as if the "
        "cell centres sat on whole numbers. They don't, so the box is read **half a cell to the right and half a "
        f"cell down**, from **{pair(off.roi.x1, off.roi.y1)} cells**, and every sampling point moves with it.\n\n"
        f"Bin (0, 0) gives **{num(on.bins[0].value, EXACT)}** with aligned=True and "
        f"**{num(off.bins[0].value, EXACT)}** with aligned=False ({pooling_name(on.pooling)} pooling)."
    )
