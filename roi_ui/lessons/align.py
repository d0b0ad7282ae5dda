"""Lesson 4, RoI Align step by step on the slides' map: bins, sampling points, one point worked out, pooling,
what ``aligned`` changes. The chosen sample, the words, formulas and tables of each step.

Every number comes from a ``RoIAlignTrace`` or from ``slides_arithmetic`` (the
slides' hand rounding, half away from zero); these functions only write them,
with ``roi_ui.words``. The lesson's figures: ``align_figures``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from roi_core import (
    AlignBin,
    LessonSettings,
    Neighbour,
    RoIAlignTrace,
    SamplePoint,
    sample_fraction,
    slides_arithmetic,
)

from ..session.params import MAX_SAMPLES
from ..words import palette
from ..words.conventions import (
    ALIGN_COLOUR,
    ALIGNED,
    LAYOUT,
    POOLING,
    ROI_ALIGN,
    ROI_POOLING,
    SAMPLING,
    align_short,
)
from ..words.numbers import count, fixed, num, pair

STEP_TITLES = (
    "Divide the box into bins, without rounding",
    "Put sampling points in every bin",
    "One sampling point, worked out",
    "Pool each bin's samples into one value",
    "What `aligned` changes, and the map's border",
)
STEPS = len(STEP_TITLES)  # the URL parameter align_step takes 1 to STEPS
STEP_BINS, STEP_SAMPLES, STEP_WORKED, STEP_POOL, STEP_ALIGNED = range(1, STEPS + 1)
MAP_STEPS = (STEP_BINS, STEP_SAMPLES, STEP_WORKED)  # the steps that draw the map
PICKED_STEPS = (STEP_SAMPLES, STEP_WORKED, STEP_POOL)  # the steps that show the chosen bin and sample
EXACT = 4  # decimals of the exact (unrounded) values
SLIDES_COORDINATE, SLIDES_RESULT = 2, 3  # decimals the slides round coordinates and results to
ALIGNED_STYLE = {True: (ALIGN_COLOUR, "solid"), False: (palette.SKY_BLUE, "dash")}  # the sketch: colour, dash
NEIGHBOURS_COLOUR = palette.ORANGE  # the four cells a sampling point mixes
COORDINATES = (
    "Points are written (x, y) in cells of the map frame, x to the right and y down; cells and bins are written "
    "(row, col), counted from 0."
)
TERMS_PER_LINE = 2  # value × weight terms per line of the map's headline (narrow enough for a phone)
VALUES_PER_LINE = 3  # samples' values per line of the pooling formula (narrow enough for a phone)


@dataclass(frozen=True)
class Pick:
    """The bin (row, col) and sampling point (1-based, as the labels S1, S2, ...) worked out.

    ``count`` is how many sampling points of the bin can be chosen; ``moved``
    names the parameters whose values were moved into range (not written back).
    """

    row: int
    col: int
    sample: int
    count: int
    moved: frozenset[str] = frozenset()

    def in_range(self, name: str) -> bool:
        """Whether parameter ``name`` is shown as it is stored."""
        return name not in self.moved


def sample_count(trace: RoIAlignTrace, row: int, col: int) -> int:
    """How many sampling points of bin (row, col) can be chosen (a link names at most ``MAX_SAMPLES``)."""
    return min(len(trace.bin(row, col).samples), MAX_SAMPLES)


def pick(trace: RoIAlignTrace, values: Mapping[str, Any]) -> tuple[Pick, list[str]]:
    """The chosen bin and sample (``bin_row``, ``bin_col``, ``sample``) moved into the trace's range, and a notice
    for each value moved. Nothing is written: the stored values come back when they exist again."""
    rows, cols = trace.output_size
    row, col = min(values["bin_row"], rows - 1), min(values["bin_col"], cols - 1)
    choices = sample_count(trace, row, col)
    sample = min(values["sample"], choices)
    moved = frozenset(
        name for name, value in (("bin_row", row), ("bin_col", col), ("sample", sample)) if values[name] != value
    )
    notices = []
    if moved & {"bin_row", "bin_col"}:
        notices.append(
            f"Bin (row {values['bin_row']}, col {values['bin_col']}) does not exist in a {rows} x {cols} output: "
            f"showing bin (row {row}, col {col})."
        )
    if "sample" in moved:
        notices.append(
            f"Sampling point S{values['sample']} does not exist: bin (row {row}, col {col}) has "
            f"{count(choices, 'sampling point')}. Showing S{sample}."
        )
    return Pick(row, col, sample, choices, moved), notices


def tag(settings: LessonSettings, trace: RoIAlignTrace) -> str:
    """RoI Align's conventions in a few words (``align_short``), with the sampling grid when it is adaptive."""
    words = align_short(settings)
    if settings.sampling_ratio == 0:
        rows, cols = trace.grid
        words += f" ({rows} x {cols} per bin)"
    return words


def intro() -> str:
    """What RoI Align does, next to RoI Pooling, and how to step through it."""
    return (
        f"{ROI_POOLING} rounded the box twice (lesson 3). **{ROI_ALIGN} rounds nothing**: it divides the box into "
        "equal bins of fractional size, puts a few **sampling points** in each bin, reads each point by **bilinear "
        "interpolation** of the four nearest cell centres, and pools each bin's points "
        f"({POOLING['max'].short} on the slides, {POOLING['avg'].short} in torchvision). "
        "Step with the buttons or the ← → keys."
    )


def step_heading(step: int) -> str:
    """ "Step 2 of 5 · Put sampling points in every bin"."""
    return f"Step {step} of {STEPS} · {STEP_TITLES[step - 1]}"


def box_words(trace: RoIAlignTrace) -> str:
    """The unquantized box on the map, in cells."""
    roi = trace.roi
    return (
        f"**The box on the map:** {pair(roi.x1, roi.y1)} → {pair(roi.x2, roi.y2)} cells, "
        f"**{num(roi.width)} x {num(roi.height)} cells** (map frame, {ALIGNED[trace.aligned].short}). "
        "Nothing is rounded: the corners stay inside their cells."
    )


def bin_size_latex(trace: RoIAlignTrace) -> str:
    """Bin width and height as the box's size over the output size, in cells."""
    (bin_h, bin_w), (rows, cols) = trace.bin_size, trace.output_size
    return (
        rf"\begin{{aligned}}\text{{bin width}} &= \frac{{{num(trace.roi.width)}}}{{{cols}}} = {num(bin_w)}"
        rf"\ \text{{cells}}\\ \text{{bin height}} &= \frac{{{num(trace.roi.height)}}}{{{rows}}} = {num(bin_h)}"
        rf"\ \text{{cells}}\end{{aligned}}"
    )


def bins_headline(trace: RoIAlignTrace) -> str:
    """The map's headline at step 1 (three short lines): how many bins of which size, from a box of which size and
    where (cells)."""
    (bin_h, bin_w), (rows, cols), roi = trace.bin_size, trace.output_size, trace.roi
    return (
        f"<b>{rows} x {cols} bins of {num(bin_w)} x {num(bin_h)} cells</b><br>"
        f"the box: {num(roi.width)} x {num(roi.height)} cells, unrounded<br>"
        f"its top-left (x, y) = {pair(roi.x1, roi.y1)}"
    )


def sample_place(trace: RoIAlignTrace, sample: SamplePoint, chosen: Pick) -> str:
    """The map's headline at step 2 (three short lines): where the chosen sample lies, and how many sampling points
    there are."""
    rows, cols = trace.grid
    total = sum(len(align_bin.samples) for align_bin in trace.bins)
    return (
        f"<b>{sample.label} of bin (row {chosen.row}, col {chosen.col})</b>, the star<br>"
        f"at (x, y) = {pair(sample.x, sample.y, EXACT)} cells<br>"
        f"{rows} x {cols} points per bin, {total} in the box"
    )


def map_caption(step: int) -> str:
    """The map's legend in words at ``step`` (1 to 3)."""
    box = f"{ALIGN_COLOUR.name.capitalize()}: the box (solid) and its bins (dotted)."
    points = (
        "Small circles: sampling points, filled when their value reaches the output; a bin's points are S1, S2, ... "
        "left to right, then top to bottom. Tinted: the chosen bin. Star: the chosen sample"
    )
    captions = {
        STEP_BINS: f"{box} The bin edges fall inside cells: nothing is snapped to the grid.",
        STEP_SAMPLES: f"{box} {points}. **Click a sampling point** to choose it.",
        STEP_WORKED: f"{box} {points}; outlined in {NEIGHBOURS_COLOUR.name}, dotted lines to their centres: the "
        "four cells it mixes. Move the slider to see the bin's other points mixed; **click a sampling point** to "
        "work it out.",
    }
    return captions[step]


def sampling_words(trace: RoIAlignTrace) -> str:
    """Step 2: how many sampling points each bin gets and where they sit in it (sampling and layout conventions)."""
    rows, cols = trace.grid
    return (
        f"Every bin gets the same **{rows} x {cols} grid of sampling points**, placed by fractions of the bin, "
        "so a point lies anywhere between cell centres:\n"
        f"- how many: {SAMPLING[trace.sampling_ratio].long}\n"
        f"- where: {LAYOUT[trace.sample_layout].long}\n\n"
        "Choose a point here or **click it on the map**; the next steps work it out and pool its bin."
    )


def sample_mix(sample: SamplePoint, decimals: int) -> str:
    """The map's headline for a sampling point: its value, then its four neighbours' values (``decimals``, as the
    map prints them) times their bilinear weights (top-left, top-right, bottom-left, bottom-right), two terms a
    line."""
    value = f"<b>{sample.label} = {num(sample.value, EXACT)}</b>"
    if not sample.inside:
        return f"{value}: more than one cell<br>outside the map, it reads nothing"
    terms = [f"{num(cell.value, decimals)} × {num(cell.weight, EXACT)}" for cell in sample.neighbours]
    lines = [" + ".join(terms[i : i + TERMS_PER_LINE]) for i in range(0, len(terms), TERMS_PER_LINE)]
    return f"{value} = sum of value × weight:<br>" + "<br>+ ".join(lines)


def sample_heading(sample: SamplePoint, chosen: Pick) -> str:
    """The worked example's title: "#### S2 of bin (row 0, col 0)"."""
    return f"#### {sample.label} of bin (row {chosen.row}, col {chosen.col})"


def sample_name(sample: SamplePoint) -> str:
    """S2 as LaTeX: S_{2}."""
    return rf"S_{{{sample.label[1:]}}}"


def position_latex(trace: RoIAlignTrace, align_bin: AlignBin, sample: SamplePoint) -> str:
    """Where the sample lies: the bin's start plus a fraction of the bin (the slides' X = 9.375 + 2.39 · 2/3), to 4
    decimals (the slides' own rounding is in ``comparison_rows``)."""
    (bin_h, bin_w), (grid_h, grid_w) = trace.bin_size, trace.grid
    lines = (
        _position("x", align_bin.x_edges[0], bin_w, sample_fraction(sample.ix, grid_w, trace.sample_layout), sample.x),
        _position("y", align_bin.y_edges[0], bin_h, sample_fraction(sample.iy, grid_h, trace.sample_layout), sample.y),
    )
    return r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"


def _position(axis: str, start: float, size: float, fraction: tuple[int, int], at: float) -> str:
    """``x &= start + size · n/d = at`` (one line of ``position_latex``), every term to the same decimals, so the
    printed terms add up to the printed result."""
    numerator, denominator = fraction
    terms = rf"{num(start, EXACT)} + {num(size, EXACT)} \cdot \tfrac{{{numerator}}}{{{denominator}}}"
    return rf"{axis} &= {terms} = {num(at, EXACT)}"


def neighbours_latex(sample: SamplePoint, decimals: int) -> str:
    """The four cells the sample mixes, laid out as on the map: FM(x, y) at each cell centre."""
    top_left, top_right, bottom_left, bottom_right = sample.neighbours
    xs = rf"x = {num(top_left.centre[0])} & x = {num(top_right.centre[0])}"
    rows = (
        rf"y = {num(top_left.centre[1])} & {num(top_left.value, decimals)} & {num(top_right.value, decimals)}",
        rf"y = {num(bottom_left.centre[1])} & {num(bottom_left.value, decimals)} & "
        rf"{num(bottom_right.value, decimals)}",
    )
    return r"\begin{array}{r|cc} FM(x, y) & " + xs + r" \\ \hline " + r" \\ ".join(rows) + r"\end{array}"


def slides_rounding() -> str:
    """How the slides round their hand arithmetic, in words."""
    return f"x, y to {SLIDES_COORDINATE} decimals, results to {SLIDES_RESULT}"


def slides_latex(sample: SamplePoint, decimals: int, narrow: bool = True) -> tuple[str, str]:
    """The interpolation as the slides round it (x, y to 2 decimals, each result to 3): horizontal, vertical;
    ``narrow`` breaks each step over two lines (a phone), else one line each (a projector's wide column)."""
    arithmetic = slides_arithmetic(sample)
    results = (arithmetic.top, arithmetic.bottom, arithmetic.value)
    rounding = (SLIDES_COORDINATE, SLIDES_RESULT)
    return _bilinear(sample, (arithmetic.x, arithmetic.y), results, rounding, decimals, _break(narrow))


def exact_latex(sample: SamplePoint, decimals: int, narrow: bool = True) -> tuple[str, str]:
    """The interpolation with unrounded coordinates and results (what roi_align computes): horizontal, vertical;
    ``narrow`` as for ``slides_latex``."""
    results = (sample.top, sample.bottom, sample.value)
    return _bilinear(sample, (sample.read_x, sample.read_y), results, (EXACT, EXACT), decimals, _break(narrow))


def _break(narrow: bool) -> str:
    """Between the two halves of a formula's step: a new aligned line when ``narrow``, else a space."""
    return r"\\ &" if narrow else " "


def _bilinear(
    sample: SamplePoint,
    at: tuple[float, float],
    results: tuple[float, float, float],
    rounding: tuple[int, int],
    decimals: int,
    line_break: str,
) -> tuple[str, str]:
    """Horizontal along the top and bottom rows, then vertical, numbers plugged in, each step's halves joined by
    ``line_break``.

    ``rounding`` is (decimals of the coordinates, decimals of the results);
    ``decimals`` those of the feature values.
    """
    if not sample.inside:
        nothing = rf"&\text{{nothing to read: more than}}{line_break}\text{{one cell outside the map}}"
        return _aligned(nothing), rf"{sample_name(sample)} = 0"
    top_left, top_right, bottom_left, bottom_right = sample.neighbours
    top, bottom, value = (num(result, rounding[1]) for result in results)
    at_x, at_y = (num(coordinate, rounding[0]) for coordinate in at)
    horizontal = (
        _lerp(_column(top_left, decimals), _column(top_right, decimals), at_x, top, "column", line_break),
        _lerp(_column(bottom_left, decimals), _column(bottom_right, decimals), at_x, bottom, "column", line_break),
    )
    vertical = _lerp((top, top_left.centre[1]), (bottom, bottom_left.centre[1]), at_y, value, "row", line_break)
    return _aligned(r"\\[4pt]".join(horizontal)), _aligned(vertical)


def _aligned(lines: str) -> str:
    """LaTeX lines (``&`` marks where they align) as one aligned block."""
    return r"\begin{aligned}" + lines + r"\end{aligned}"


def _column(cell: Neighbour, decimals: int) -> tuple[str, float]:
    """A neighbour cell's value (as the map prints it) and the x of its centre: one end of a horizontal step."""
    return num(cell.value, decimals), cell.centre[0]


def _lerp(first: tuple[str, float], second: tuple[str, float], at: str, result: str, axis: str, line_break: str) -> str:
    """``v1 · (p2 − at) + v2 · (at − p1) = result`` as the slides write it, ``line_break`` before the ``+`` (a new
    line aligned at ``&``, narrow enough for a phone, or a space); one term when both are the same cell.

    ``axis`` names what the two neighbours are ("column" or "row"), for the one-term case.
    """
    (value_1, position_1), (value_2, position_2) = first, second
    if position_1 == position_2:
        return rf"&{value_1} \quad \text{{(beyond the last centre:}}{line_break}\text{{this {axis} only)}}"
    second_half = rf"+ {value_2} \cdot ({at} - {num(position_1)}) = {result}"
    return rf"&{value_1} \cdot ({num(position_2)} - {at}){line_break}{second_half}"


def comparison_rows(sample: SamplePoint) -> list[dict[str, str]]:
    """The slides' rounded numbers next to the exact ones: x, y, the two rows, the sample's value."""
    arithmetic = slides_arithmetic(sample)
    steps = (
        ("x (cells)", arithmetic.x, sample.read_x, SLIDES_COORDINATE),
        ("y (cells)", arithmetic.y, sample.read_y, SLIDES_COORDINATE),
        ("top row", arithmetic.top, sample.top, SLIDES_RESULT),
        ("bottom row", arithmetic.bottom, sample.bottom, SLIDES_RESULT),
        (f"{sample.label} (value)", arithmetic.value, sample.value, SLIDES_RESULT),
    )
    return [
        {"": name, "as the slides round": fixed(rounded, decimals), "exact": num(exact, EXACT)}
        for name, rounded, exact, decimals in steps
    ]


def is_clamped(sample: SamplePoint) -> bool:
    """Whether the sample reads somewhere else than where it lies (torchvision's border clamp)."""
    return not (
        math.isclose(sample.read_x, sample.x, abs_tol=1e-9) and math.isclose(sample.read_y, sample.y, abs_tol=1e-9)
    )


def border_note(sample: SamplePoint) -> str | None:
    """What torchvision's border rules did to this sample, if anything."""
    where = f"{sample.label} lies at {pair(sample.x, sample.y, EXACT)} cells"
    if not sample.inside:
        return f"{where}, more than one cell beyond the outer cell centres: it reads nothing and counts as 0."
    if is_clamped(sample):
        return (
            f"{where}, beyond the outer cell centres: torchvision clamps it to "
            f"{pair(sample.read_x, sample.read_y, EXACT)}, the nearest point between centres, so only the border "
            "cells are mixed."
        )
    return None


BORDER_RULE = (
    "torchvision reads a point that lies between the outer cell centres and the map's edge at the nearest centre "
    "(the border cells alone), and a point more than one cell outside the map as 0."
)


def border_summary(trace: RoIAlignTrace, conventions: str) -> str | None:
    """How many of the trace's sampling points were clamped or read nothing, if any."""
    samples = [sample for align_bin in trace.bins for sample in align_bin.samples]
    outside = sum(not sample.inside for sample in samples)
    clamped = sum(sample.inside and is_clamped(sample) for sample in samples)
    if not outside and not clamped:
        return None
    return (
        f"At the map's border ({conventions}): {clamped} of {len(samples)} sampling points lie beyond the outer "
        f"cell centres and are clamped to them; {outside} lie more than one cell outside and read 0."
    )


POSITION_COLUMNS = ("x, y (cells)", "slides: x, y")  # what a compact table of samples leaves out


def samples_table(align_bin: AlignBin, pooling: str, compact: bool = False) -> list[dict[str, str]]:
    """One row per sampling point of the bin: where it is (x, y), its value exact and as the slides round, its
    role; ``compact`` leaves out where it is (``POSITION_COLUMNS``: steps 2 and 3 showed it), for a projector."""
    rows = []
    for index, sample in enumerate(align_bin.samples):
        arithmetic = slides_arithmetic(sample)
        row = {
            "sample": sample.label,
            "x, y (cells)": pair(sample.x, sample.y, EXACT),
            "value": num(sample.value, EXACT),
            "slides: x, y": f"{fixed(arithmetic.x, SLIDES_COORDINATE)}, {fixed(arithmetic.y, SLIDES_COORDINATE)}",
            "slides: value": fixed(arithmetic.value, SLIDES_RESULT),
            f"{POOLING[pooling].short} pooling": _role(index, align_bin, pooling),
        }
        rows.append({name: text for name, text in row.items() if not (compact and name in POSITION_COLUMNS)})
    return rows


def _role(index: int, align_bin: AlignBin, pooling: str) -> str:
    """What pooling does with sample ``index`` of the bin: kept, discarded or averaged."""
    if pooling != "max":
        return "averaged"
    return "◀ max: kept" if index == align_bin.winner else "discarded"


def pooling_latex(align_bin: AlignBin, pooling: str, shown: int = 9) -> str:
    """The bin's value: the max (or the mean) of its samples' exact values, the first ``shown`` written out,
    ``VALUES_PER_LINE`` values a line (narrow enough for a phone), the result on a line of its own."""
    values = [num(sample.value, EXACT) for sample in align_bin.samples]
    listed = values[:shown] + ([r"\ldots"] if len(values) > shown else [])
    result = num(align_bin.value, EXACT)
    if pooling == "max":
        which = rf"\quad ({sample_name(align_bin.samples[align_bin.winner])})" if align_bin.winner is not None else ""
        opening, separator, line_end, closing = r"\max(", r",\ ", ",", rf"&= {result}{which}"
    else:
        opening, separator, line_end, closing = rf"\tfrac{{1}}{{{len(values)}}}\,(", " + ", " +", f"&= {result}"
    chunks = [listed[i : i + VALUES_PER_LINE] for i in range(0, len(listed), VALUES_PER_LINE)]
    body = (line_end + r"\\ &\quad ").join(separator.join(chunk) for chunk in chunks)
    return _aligned(rf"&{opening}{body})\\ {closing}")


def samples_heading(chosen: Pick, align_bin: AlignBin, conventions: str) -> str:
    """The title of the chosen bin's table of sampling points."""
    return (
        f"**Bin (row {chosen.row}, col {chosen.col}): its {count(len(align_bin.samples), 'sampling point')}** "
        f"(cells, map frame · {conventions})"
    )


def pooling_words(trace: RoIAlignTrace) -> str:
    """What each bin keeps of its samples, under the trace's pooling, and why the output's size is fixed."""
    convention = POOLING[trace.pooling]
    kept = "the **largest**" if trace.pooling == "max" else "the **mean**"
    shown = (
        f": the filled circles on the map of steps {STEP_SAMPLES} and {STEP_WORKED}" if trace.pooling == "max" else ""
    )
    return (
        f"Each bin keeps {kept} of its samples ({convention.short} pooling, {convention.source}){shown}.\n\n"
        "Repeat for every bin: the output always has the same size, whatever the box, and no coordinate was "
        "rounded on the way."
    )


def linked_caption() -> str:
    """Under the map beside the output (step 4): what it shows, and how to choose another bin."""
    return (
        "The chosen output bin on the map: its area dashed, its sampling points ringed, the cells they mix dotted. "
        "Click (or tap) a bin of the output, or a sampling point of the map, to choose another."
    )


def output_heading(trace: RoIAlignTrace) -> str:
    """The output grid's title."""
    rows, cols = trace.output_size
    return f"**Output {rows} x {cols}**, the chosen bin outlined ({POOLING[trace.pooling].short} per bin)"


def aligned_legend(current: RoIAlignTrace, other: RoIAlignTrace) -> tuple[str, tuple[str, str]]:
    """The ``aligned`` sketch's legend: the cell centres' entry, then the box's with aligned=True and with
    aligned=False, each naming the box's top-left corner (x, y) in cells."""
    on, off = (current, other) if current.aligned else (other, current)
    return "cell centres (c + 0.5)", tuple(
        f"{ALIGNED[trace.aligned].short}: corner {pair(trace.roi.x1, trace.roi.y1)}" for trace in (on, off)
    )


def aligned_words(current: RoIAlignTrace, other: RoIAlignTrace, settings: LessonSettings) -> str:
    """What ``aligned`` changes, with the numbers of both traces."""
    on, off = (current, other) if current.aligned else (other, current)
    x, y, _, _ = settings.box
    stride = settings.stride
    return (
        f"**{ALIGNED[True].short}** ({ALIGNED[True].source}): the box's corner {x}/{stride}, {y}/{stride} px "
        f"lands at **{pair(on.roi.x1, on.roi.y1)} cells**, exactly where the pixels are, because the cell "
        "centres sit at c + 0.5.\n\n"
        f"**{ALIGNED[False].short}** ({ALIGNED[False].source}, the original Mask R-CNN): the same numbers are read "
        "as if the cell centres sat on whole numbers. They don't, so the box is read **half a cell to the right and "
        f"half a cell down**, from **{pair(off.roi.x1, off.roi.y1)} cells**, and every sampling point moves with "
        "it.\n\n"
        f"Bin (0, 0) gives **{num(on.bins[0].value, EXACT)}** with {ALIGNED[True].short} and "
        f"**{num(off.bins[0].value, EXACT)}** with {ALIGNED[False].short} ({POOLING[on.pooling].short} pooling)."
    )


def sketch_caption() -> str:
    """The ``aligned`` sketch's legend in words."""
    on_colour, off_colour = ALIGNED_STYLE[True][0], ALIGNED_STYLE[False][0]
    return (
        "Grey lines: cell edges (whole numbers). Black dots: cell centres (c + 0.5). "
        f"{on_colour.name.capitalize()}, solid, filled circles: the box and the first bin's samples with "
        f"{ALIGNED[True].short}; {off_colour.name}, dashed, open circles: with {ALIGNED[False].short}. "
        "Corners are (x, y) in cells."
    )
