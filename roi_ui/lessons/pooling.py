"""Lesson 3, RoI Pooling step by step: project the box, quantize it, cut it into bins, keep each bin's maximum.

Every number comes from ``roi_core``'s ``RoIPoolTrace``. The map figure keeps
the same axes at every step and adds one layer per step, so a learner sees what
changes; the words of each step are strings, LaTeX and table rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roi_core import LessonSettings, PoolBin, QuantizedBox, Rect, RoIPoolTrace

from ..plot import kit, marks
from ..plot.theme import TYPE
from ..plot.window import CellWindow
from ..session import registry
from ..session.params import POOL_STEPS
from ..words import readers
from ..words.conventions import QUANTIZATION, ROI_ALIGN, ROI_POOLING, TRUE_BOX_COLOUR, ZERO_BASED, pooling_title
from ..words.notes import guarded, pooling_notes
from ..words.numbers import count, fixed, num, pair, px2
from ..words.palette import BLACK, GREY, VERMILLION, WHITE, YELLOW, Colour

STEP_TITLES = (
    "Project the box onto the map",
    "Quantize the box to whole cells",
    "Divide the box into bins",
    "Take the maximum of each bin",
    "The pooled output",
)
STEP_NAMES = ("Project", "Quantize", "Divide", "Maximum", "Output")  # the short names of the steps (frame names)
STEP_BINS = 3  # the first step with bins: from it the chosen output bin's cells are outlined
PLAY_MS = 1500  # how long the play button shows each step
BUTTONS_SHARE = 0.3  # of the map's width, left of the slider: the play and pause buttons (one symbol each)
SLIDER_LABEL_ROOM = 20  # px right of the map: half the last step's number
HEADLINE_LINES = 4  # above the map at most: the step, its short legend in up to three lines
WINDOW_MARGIN = 3  # cells shown around the boxes when the figure is not the whole map
PRESENTER_WINDOW_MARGIN = 2  # fewer cells around the boxes on a projector: larger cells in 720 px of height
MAP_WIDTH = 520  # px: the map's width in normal mode (the words wrap under it on a narrow screen)
PRESENTER_MAP_HEIGHT = 480  # px: the map under the top bar, the title and the step bar of a 1280 x 720 screen
MAP_HEIGHTS = (240, 640)  # px: the least and the most a map figure's height may be
MAP_BOTTOM = 10  # px under the map (the slider adds its own room)
PRESENTER_TOP = 40  # px above the map in presenter mode: the top tick labels, enlarged
X_LABEL_STEP = 2  # a column number every 2 cells (a tick every cell): numbers stay level and apart on a phone
QUANTIZED_EDGE, TRUE_EDGE = 4, 3  # px: the quantized box's edges, the true box's
CORNER_SIZE = 8  # px: the projected box's corner dots, small enough to leave the cell's value readable
ARROW_SIZE = 12  # px: the head of the arrow from the projected origin to the quantized one
OUTPUT_HEIGHT, PRESENTER_OUTPUT_HEIGHT = 300, 240
LARGE_OUTPUT_TEXT = 4  # outputs up to 4 x 4 print their values in the large cell size
TABLE_ROW_HEIGHT, TABLE_HEADER_HEIGHT, TABLE_MAX_HEIGHT = 35, 38, 360

MAX_WORDS = (
    f"Each bin keeps only its **largest value** (max pooling); the {YELLOW.name} cell with the bold outline is "
    "the one it comes from. Every other value of the bin is discarded. On a tie the first cell in reading order "
    "wins, as in torchvision."
)
MAX_CAPTION = "bin (row, col) of the output; cell (row, col) of the feature map."
SLIDES_CELL_NOTE = " Cell row 10, col 14 holds 0.8, as on the RoI Align slides (the RoI Pooling slide shows 0.6)."


@dataclass(frozen=True)
class Worked:
    """One step worked out: what happens (``words``), the formulas with the numbers in (``latex``), the result."""

    words: str
    latex: str
    result: str


def quantization_colour(trace: RoIPoolTrace) -> Colour:
    """The colour of the trace's quantization convention (vermillion for floor, reddish purple for round)."""
    return QUANTIZATION[trace.quantized.convention].colour


# The figures


def map_window(trace: RoIPoolTrace, whole: bool = False, margin: int = WINDOW_MARGIN) -> CellWindow:
    """The cells the step figure shows: the whole map, or both boxes and ``margin`` cells around them.

    The window is the same at every step, so the figure's axes do not move.
    """
    quantized = trace.quantized
    cols, rows = quantized.geometry.map_width, quantized.geometry.map_height
    if whole:
        return CellWindow.whole(cols, rows)
    return CellWindow.around([quantized.projected, quantized.cells], margin, cols, rows)


def map_height(window: CellWindow) -> int:
    """The step figure's height (px, the slider left out) in normal mode: square cells that fill ``MAP_WIDTH`` px,
    the headline above them, within ``MAP_HEIGHTS`` (a narrower screen leaves some room under the map)."""
    plot_width = MAP_WIDTH - kit.TICK_LABELS_WIDTH - SLIDER_LABEL_ROOM
    plot = plot_width * (window.row1 - window.row0) / (window.col1 - window.col0)
    height = round(plot) + kit.headline_margin(HEADLINE_LINES) + MAP_BOTTOM
    return min(max(height, MAP_HEIGHTS[0]), MAP_HEIGHTS[1])


def step_figure(
    feature_map: np.ndarray,
    trace: RoIPoolTrace,
    step: int,
    decimals: int,
    window: CellWindow,
    height: int | None = None,
    *,
    presenting: bool = False,
    chosen: PoolBin | None = None,
) -> dict:
    """The feature map inside ``window`` with the layers of steps 1 to ``step`` drawn under its values
    (``step_layers``, the ``chosen`` bin's cells from step 3), the step and its short legend written above it; in
    presenter mode without the headline (the step bar above the figure names the step) and
    ``PRESENTER_MAP_HEIGHT`` px high. Its cells are clickable (``kit.clickable``): a click chooses the bin that
    reads the cell."""
    layers = step_layers(trace, step, chosen)
    height = height or (PRESENTER_MAP_HEIGHT if presenting else map_height(window))
    annotations = [] if presenting else [kit.headline(headline(step, trace))]
    layout = kit.map_layout(window, height, annotations=annotations)
    layout["margin"] |= dict(
        t=PRESENTER_TOP if presenting else kit.headline_margin(HEADLINE_LINES), r=SLIDER_LABEL_ROOM, b=MAP_BOTTOM
    )
    layout["xaxis"] |= dict(tickangle=0, ticklabelstep=X_LABEL_STEP)
    layout |= kit.CLICK_CELLS
    grid, *targets = kit.clickable(kit.value_grid(feature_map, decimals, window, notes=readers.pool_readers(trace)))
    return kit.figure([grid, *layers, *targets], layout)


def stepped_figure(
    feature_map: np.ndarray,
    trace: RoIPoolTrace,
    step: int,
    decimals: int,
    window: CellWindow,
    height: int | None = None,
    chosen: PoolBin | None = None,
) -> dict:
    """``step_figure`` at ``step`` (with the ``chosen`` bin) with one frame per step, a slider (numbered 1 to 5)
    starting at ``step`` and play and pause buttons: the browser moves between the steps without asking the server
    (the headline says which step is shown)."""
    frames = [step_frame(trace, number, chosen) for number in range(1, POOL_STEPS + 1)]
    spec = step_figure(feature_map, trace, step, decimals, window, height, chosen=chosen)
    return kit.with_frames(
        spec,
        frames,
        prefix="Step ",
        active=step - 1,
        play=True,
        frame_ms=PLAY_MS,
        buttons_share=BUTTONS_SHARE,
        labels=[str(number) for number in range(1, POOL_STEPS + 1)],
        show_value=False,  # the headline names the step: no label to collide with
        play_labels=kit.SYMBOL_PLAY_LABELS,
    )


def map_figure(
    feature_map: np.ndarray,
    trace: RoIPoolTrace,
    step: int,
    decimals: int,
    window: CellWindow,
    presenting: bool,
    chosen: PoolBin | None = None,
) -> dict:
    """The page's map with the ``chosen`` bin's cells: ``stepped_figure`` (frames, slider, headline), or in
    presenter mode ``step_figure`` alone, which fits under the step bar of a 1280 x 720 screen (the ← → keys
    step)."""
    if presenting:
        return step_figure(feature_map, trace, step, decimals, window, presenting=True, chosen=chosen)
    return stepped_figure(feature_map, trace, step, decimals, window, chosen=chosen)


def window_margin(presenting: bool) -> int:
    """The cells shown around the boxes: fewer on a projector, so the cells are large enough for their values."""
    return PRESENTER_WINDOW_MARGIN if presenting else WINDOW_MARGIN


def output_height(presenting: bool) -> int:
    """The output figure's height: lower in presenter mode, beside the words on one screen."""
    return PRESENTER_OUTPUT_HEIGHT if presenting else OUTPUT_HEIGHT


def step_frame(trace: RoIPoolTrace, step: int, chosen: PoolBin | None = None) -> dict:
    """The frame of ``step``: every layer trace (the map itself never changes) and the headline."""
    layers = step_layers(trace, step, chosen)
    layout = dict(annotations=[kit.headline(headline(step, trace))])
    return kit.frame(frame_name(step), dict(enumerate(layers, start=1)), layout)


def frame_name(step: int) -> str:
    """ "2 · Quantize": the step's number and short name (the frame's name)."""
    return f"{step} · {STEP_NAMES[step - 1]}"


def step_layers(trace: RoIPoolTrace, step: int, chosen: PoolBin | None = None) -> tuple[dict, ...]:
    """The layers of steps 1 to ``step``, one trace each at every step (empty where the step does not draw it),
    so frames address the same trace indices whatever the step. All are traces, drawn under the map's values
    (``roi_ui.plot.legible``): no box edge, arrow or mark covers a number.

    1: the true box in map units, its corners as small dots; 2: the quantized box, the areas lost and added, an
    arrow for the origin's shift; 3 on: the bins and the cells no bin reads (hatched); 4 on: each bin's maximum
    cell (filled, bold outline); 3 on, the cells the ``chosen`` output bin reads (``marks.pool_bin_reads``). The
    true box is solid at step 1, dashed after.
    """
    quantized, colour = trace.quantized, quantization_colour(trace)
    return (
        *([_corner_markers(quantized.projected)] if step == 1 else _nothing()),
        *(marks.lost_and_added(quantized, quantized.geometry.spatial_scale) if step == 2 else _nothing(2)),
        *([marks.dropped_cells(trace), marks.pool_bins(trace, colour)] if step >= 3 else _nothing(2)),
        *(marks.winner_cells(trace) if step >= 4 else _nothing(2)),
        marks.pool_bin_reads(chosen) if chosen is not None and step >= STEP_BINS else _nothing()[0],
        _box_edges(quantized.cells, colour, QUANTIZED_EDGE) if step >= 2 else _nothing()[0],
        _box_edges(quantized.projected, TRUE_BOX_COLOUR, TRUE_EDGE, "dash" if step >= 2 else "solid"),
        _origin_arrow(quantized) if step == 2 else _nothing()[0],
    )


def headline(step: int, trace: RoIPoolTrace) -> str:
    """The step figure's headline: the step in bold, then a short legend in up to three lines (colours named from the
    vocabulary, and the numbers the step finds: the corners, the quantized origin), short enough for a phone."""
    q = trace.quantized
    quantized, box = quantization_colour(trace).name, q.projected
    winners = f"{YELLOW.name}, bold outline"
    legends = (
        (
            f"{TRUE_BOX_COLOUR.name} solid: the box on the map",
            f"corners (x, y): {pair(box.x1, box.y1)}",
            f"and {pair(box.x2, box.y2)}",
        ),
        (
            f"{quantized}: the quantized box",
            f"its origin (x, y): {pair(q.cells.x1, q.cells.y1, 0)}",
            "hatched: lost · dotted: added",
        ),
        (f"{quantized}: the bins", f"hatched {GREY.name}: cells no bin reads"),
        (f"{winners}:", "each bin's maximum"),
        (f"{winners}: the maxima,", "these values are the output"),
    )
    return f"<b>Step {step} of {POOL_STEPS} · {STEP_NAMES[step - 1]}</b><br>" + "<br>".join(legends[step - 1])


def _nothing(count: int = 1) -> tuple[dict, ...]:
    """``count`` empty traces: layers a step does not draw."""
    return tuple(dict(type="scatter", x=[], y=[], hoverinfo="skip") for _ in range(count))


def output_figure(
    trace: RoIPoolTrace, decimals: int, height: int = OUTPUT_HEIGHT, chosen: PoolBin | None = None
) -> dict:
    """The pooled output (one channel) as a value grid, rows and columns numbered, framed in the convention's colour
    (a line trace under the values), the ``chosen`` bin outlined in bold; a click on a bin chooses it
    (``kit.clickable``)."""
    rows, cols = trace.output.shape
    window = CellWindow.whole(cols, rows)
    text_size = TYPE.large_cell if max(rows, cols) <= LARGE_OUTPUT_TEXT else TYPE.cell
    grid, *targets = kit.clickable(kit.value_grid(trace.output, decimals, kind="output bin", text_size=text_size))
    lines = [_box_edges(window.rect, quantization_colour(trace), QUANTIZED_EDGE)]
    if chosen is not None:
        lines.append(kit.chosen_cell(chosen.row, chosen.col))
    return kit.figure([grid, *lines, *targets], kit.map_layout(window, height, numbered=True) | kit.CLICK_CELLS)


def _box_edges(box: Rect, colour: Colour, width: float, dash: str = "solid") -> dict:
    """A box's edges as a line trace (drawn under the values, where a layout shape would strike through them)."""
    return kit.lines(kit.rect_path([box]), colour, width, dash)


def _corner_markers(box: Rect) -> dict:
    """The projected box's top-left and bottom-right corners as small dots (the headline writes them)."""
    return dict(
        type="scatter",
        x=[box.x1, box.x2],
        y=[box.y1, box.y2],
        mode="markers",
        hoverinfo="skip",
        marker=dict(size=CORNER_SIZE, color=TRUE_BOX_COLOUR.hex, line=dict(color=WHITE.hex, width=1.5)),
    )


def _origin_arrow(quantized: QuantizedBox) -> dict:
    """An arrow from the projected top-left corner to the quantized one: a line trace whose last point is an
    arrow head pointing along it (under the values, unlike a layout annotation's arrow)."""
    start, end = quantized.projected, quantized.cells
    return dict(
        type="scatter",
        x=[start.x1, end.x1],
        y=[start.y1, end.y1],
        mode="lines+markers",
        hoverinfo="skip",
        line=dict(color=BLACK.hex, width=2.5),
        marker=dict(symbol="arrow", angleref="previous", size=[0, ARROW_SIZE], color=BLACK.hex),
    )


# The words


def intro(settings: LessonSettings, trace: RoIPoolTrace) -> str:
    """The page's first line: which box, pooled to which size, under which convention."""
    out_h, out_w = trace.output_size
    return (
        f"The box ({', '.join(num(v) for v in settings.box)}) px pooled to **{out_h} x {out_w}** with "
        f"**{pooling_title(settings)}**. Step with the buttons or the ← → keys."
    )


def guard_warning(trace: RoIPoolTrace) -> str | None:
    """The floor guards (and map edges) this box ran into, as a Markdown list; None when there were none."""
    notes = pooling_notes(trace)
    if not notes:
        return None
    label = QUANTIZATION[trace.quantized.convention].label
    return f"**The {label} convention needed a guard here:**\n" + "\n".join(f"- {note}" for note in notes)


def step_heading(step: int) -> str:
    """ "Step 2 of 5 · Quantize the box to whole cells"."""
    return f"Step {step} of {POOL_STEPS} · {STEP_TITLES[step - 1]}"


def step_legend(step: int, trace: RoIPoolTrace) -> str:
    """What the step figure's colours and marks mean at ``step`` (colours named from the vocabulary)."""
    true_box = f"{TRUE_BOX_COLOUR.name.capitalize()} dashed: the true box."
    quantized = quantization_colour(trace).name.capitalize()
    winners = f"{YELLOW.name.capitalize()}, bold {BLACK.name} outline: the cell holding each bin's maximum"
    dropped = f"Hatched {GREY.name}: cells no bin reads."
    legends = (
        f"{TRUE_BOX_COLOUR.name.capitalize()} solid outline: the box projected onto the map (cells); dots: its "
        "corners.",
        f"{true_box} {quantized}: the quantized box. Dotted {YELLOW.name}: background brought in. "
        f"Hatched {VERMILLION.name}: object left out. Arrow: the origin's shift.",
        f"{true_box} {quantized} lines: the quantized box and its bins. {dropped}",
        f"{winners}. {dropped}",
        f"{winners}; these values are the output.",
    )
    return legends[step - 1]


def values_caption(feature_source: str, from_slides: bool) -> str:
    """Where the map's values come from (and the slides' one inconsistent cell, when they are the slides')."""
    return f"Values: {feature_source}." + (SLIDES_CELL_NOTE + " " + ZERO_BASED if from_slides else "")


def fraction(numerator: object, denominator: object) -> str:
    """A small LaTeX fraction."""
    return rf"\tfrac{{{numerator}}}{{{denominator}}}"


def floored(expression: str, guard: bool) -> str:
    """The floor of a LaTeX expression, written max(1, ⌊…⌋) when a floor guard applied (``guard``)."""
    floor = rf"\left\lfloor {expression} \right\rfloor"
    return rf"\max\left(1, {floor}\right)" if guard else floor


def equations(*rows: str) -> str:
    """Formulas with their numbers plugged in, one per line, aligned on "&"."""
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def corners_words(box) -> str:
    """Where the projected box's four coordinates land: inside cells, on cell borders, or some of each."""
    on_borders = sum(float(v).is_integer() for v in (box.x1, box.y1, box.x2, box.y2))
    if on_borders == 0:
        return "The corners land **inside** cells, not on cell borders: nothing is rounded yet."
    if on_borders == 4:
        return "Every coordinate lands **on a cell border** here: rounding it will change nothing."
    return (
        f"{on_borders} of the 4 coordinates land on cell borders, the others **inside** cells: nothing is rounded yet."
    )


def projection(trace: RoIPoolTrace) -> Worked:
    """Step 1: the pixel box divided by the stride, nothing rounded."""
    quantized = trace.quantized
    geometry, box, true_box = quantized.geometry, quantized.projected, quantized.true_box
    s = geometry.stride
    x, y, w, h = (num(v) for v in (true_box.x1, true_box.y1, true_box.width, true_box.height))
    words = (
        f"The detector proposes the box in **image pixels**: x, y = {x}, {y} and w, h = {w}, {h}. "
        f"The backbone shrank the image {s} times (each cell stands for {s} x {s} px), so dividing every "
        f"coordinate by the stride puts the box on the {geometry.map_width} x {geometry.map_height} map. "
        + corners_words(box)
    )
    latex = equations(
        rf"x_1 &= {fraction(x, s)} = {num(box.x1)}",
        rf"y_1 &= {fraction(y, s)} = {num(box.y1)}",
        rf"x_2 &= {fraction(f'{x} + {w}', s)} = {num(box.x2)}",
        rf"y_2 &= {fraction(f'{y} + {h}', s)} = {num(box.y2)}",
    )
    result = (
        f"**Box on the map:** {pair(box.x1, box.y1)} → {pair(box.x2, box.y2)} cells, "
        f"{num(box.width)} x {num(box.height)} cells."
    )
    return Worked(words, latex, result)


def quantization_latex(trace: RoIPoolTrace) -> str:
    """The first quantization's formulas: floor (the slides) floors X, Y, W, H; round (torchvision) rounds
    both corners and counts the end cell in."""
    q, box = trace.quantized, trace.quantized.projected
    if q.convention == "floor":
        guard = guarded(trace.bin_guards)
        return equations(
            rf"X &= \lfloor {num(box.x1)} \rfloor = {q.X}",
            rf"Y &= \lfloor {num(box.y1)} \rfloor = {q.Y}",
            rf"W &= {floored(num(box.width), guard)} = {q.W}",
            rf"H &= {floored(num(box.height), guard)} = {q.H}",
        )
    last_col, last_row = q.last_cell
    return equations(
        rf"X &= \mathrm{{round}}({num(box.x1)}) = {q.X}",
        rf"x_{{end}} &= \mathrm{{round}}({num(box.x2)}) = {last_col}",
        rf"W &= {last_col} - {q.X} + 1 = {q.W}",
        rf"Y &= \mathrm{{round}}({num(box.y1)}) = {q.Y}",
        rf"y_{{end}} &= \mathrm{{round}}({num(box.y2)}) = {last_row}",
        rf"H &= {last_row} - {q.Y} + 1 = {q.H}",
    )


def quantization(trace: RoIPoolTrace) -> Worked:
    """Step 2: the first quantization, the box snapped to whole cells, and what it moved, lost and added."""
    q = trace.quantized
    cells = q.cells
    (dx, dy), (dw, dh) = q.origin_shift_cells, q.size_change_cells
    (dx_px, dy_px), (dw_px, dh_px) = q.origin_shift_px, q.size_change_px
    words = (
        f"{ROI_POOLING} can only read **whole cells**, so it snaps the box to the grid: the **first quantization** "
        f"({QUANTIZATION[q.convention].label}). The snapped box brings in background ({YELLOW.name}, dotted) and "
        f"leaves out part of the object ({VERMILLION.name}, hatched)."
    )
    end_cell = "" if q.convention == "floor" else "torchvision rounds both corners and **includes** the end cell.\n\n"
    result = (
        f"{end_cell}**Quantized box: X={q.X}, Y={q.Y}, W={q.W}, H={q.H} cells** "
        f"(corners at x, y = {pair(cells.x1, cells.y1, 0)} → {pair(cells.x2, cells.y2, 0)} in cells: rows "
        f"{int(cells.y1)} to {int(cells.y2) - 1}, columns {int(cells.x1)} to {int(cells.x2) - 1}).\n"
        f"- origin shift: {pair(dx, dy)} cells = {pair(dx_px, dy_px, 1)} px\n"
        f"- size change: {pair(dw, dh)} cells = {pair(dw_px, dh_px, 1)} px\n"
        f"- object lost: {px2(q.lost_area)}, background added: {px2(q.added_area)}, "
        f"IoU with the true box {num(q.iou, 3)}"
    )
    return Worked(words, quantization_latex(trace), result)


def bins(trace: RoIPoolTrace) -> Worked:
    """Step 3: the second quantization, the box cut into bins (floor: whole cells, leftovers dropped; round:
    fractional bins with floor/ceil edges)."""
    q, (out_h, out_w) = trace.quantized, trace.output_size
    bin_h, bin_w = trace.bin_size
    if q.convention == "floor":
        guard, (height, width) = guarded(trace.bin_guards), trace.bin_guards
        words = (
            f"The {q.W} x {q.H} cells must become **{out_w} x {out_h} bins**, whatever the box's size. "
            "The division is floored too (the **second quantization**): every bin gets the same whole number of "
            "cells, and the cells left over at the right and bottom are never read (hatched)."
        )
        latex = equations(
            rf"\text{{bin width}} &= {floored(fraction(q.W, out_w), guard)} = {num(bin_w)}",
            rf"\text{{bin height}} &= {floored(fraction(q.H, out_h), guard)} = {num(bin_h)}",
        )
        sizes = (
            f"**{q.W}/{out_w} → {count(width.bin_size, 'cell')} wide, "
            f"{q.H}/{out_h} → {count(height.bin_size, 'cell')} high.**\n\n"
        )
    else:
        words = (
            f"The {q.W} x {q.H} cells must become **{out_w} x {out_h} bins**. torchvision keeps the fractional "
            "bin size and gives bin i the cells from ⌊i · size⌋ to ⌈(i + 1) · size⌉: bins may overlap, but no "
            "cell of the quantized box is left out."
        )
        latex = equations(
            rf"\text{{bin width}} &= {fraction(q.W, out_w)} = {num(bin_w)}",
            rf"\text{{bin height}} &= {fraction(q.H, out_h)} = {num(bin_h)}",
        )
        sizes = ""
    return Worked(words, latex, sizes + bin_ranges(trace))


def bin_ranges(trace: RoIPoolTrace) -> str:
    """The bins' cell ranges per column and per row, and how many cells of the box no bin reads."""
    out_w = trace.output_size[1]
    columns = ", ".join(f"[{b.cols[0]}, {b.cols[1]})" for b in trace.bins[:out_w])
    rows = ", ".join(f"[{b.rows[0]}, {b.rows[1]})" for b in trace.bins[::out_w])
    dropped = len(trace.dropped_cells)
    return (
        f"- bin columns (cells, end excluded): {columns}\n- bin rows (cells, end excluded): {rows}\n\n"
        f"**{count(dropped, 'cell')}** of the quantized box {'is' if dropped == 1 else 'are'} never read by any bin."
    )


WORKED = {1: projection, 2: quantization, 3: bins}  # the steps explained as words, formulas and a result


def max_rows(trace: RoIPoolTrace, decimals: int) -> list[dict[str, str]]:
    """Step 4's table: per bin, the values it reads, its maximum and the cell holding it (values to ``decimals``)."""
    return [
        {
            "bin": f"({b.row}, {b.col})",
            "values read": ", ".join(fixed(v, decimals) for v in b.values.flat),
            "max": "0 (empty)" if b.empty else fixed(b.value, decimals),
            "at cell": "—" if b.empty else f"({b.argmax[0]}, {b.argmax[1]})",
        }
        for b in trace.bins
    ]


def table_height(rows: int) -> int:
    """The height (CSS px) that shows a table of ``rows`` rows whole, up to ``TABLE_MAX_HEIGHT``."""
    return min(TABLE_HEADER_HEIGHT + TABLE_ROW_HEIGHT * rows, TABLE_MAX_HEIGHT)


def chosen_caption(chosen: PoolBin, decimals: int) -> str:
    """Under the map from step 3 (the linked view): what the chosen output bin read, and how to choose another."""
    return f"**Framed {BLACK.name}, tinted:** {readers.pool_bin_read(chosen, decimals)}. {readers.CHOOSE_BIN}"


def output_words(trace: RoIPoolTrace) -> str:
    """Step 5: the output's size, and the quantizations it was read through."""
    q, (out_h, out_w) = trace.quantized, trace.output_size
    return (
        f"**Output: {out_h} x {out_w} values** (per channel), whatever the size of the box: this is what the "
        f"classifier sees. It was read from a box moved by {pair(*q.origin_shift_px, 1)} px and resized by "
        f"{pair(*q.size_change_px, 1)} px, with {len(trace.dropped_cells)} of its cells never read. "
        f"{ROI_ALIGN} (lesson {registry.lesson(4).number}) keeps the box as it is."
    )
