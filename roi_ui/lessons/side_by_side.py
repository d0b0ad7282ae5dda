"""Lesson 5, side by side: RoI Pooling and RoI Align on one box, their difference, and the box slid sideways.

Every number comes from ``roi_core`` traces (``RoIPoolTrace``, ``RoIAlignTrace``),
their ``MethodComparison`` and the ``ShiftSweep``; the figures are plot-kit specs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from roi_core import LessonSettings, MethodComparison, Rect, RoIAlignTrace, RoIPoolTrace, ShiftSweep

from ..plot import kit, marks, theme
from ..plot.theme import TYPE
from ..plot.window import CellWindow
from ..session.params import MAX_SHIFT
from ..session.view import View
from ..words.conventions import (
    ALIGN_COLOUR,
    QUANTIZATION,
    ROI_ALIGN,
    ROI_POOLING,
    TRUE_BOX,
    TRUE_BOX_COLOUR,
    align_short,
    pooling_colour,
    pooling_title,
)
from ..words.notes import quantization_notes
from ..words.numbers import cells, count, num, px, signed
from ..words.palette import BLACK, GREY, ORANGE, SKY_BLUE, WHITE

SHIFTS = tuple(range(-MAX_SHIFT, MAX_SHIFT + 1))  # whole pixels; a plain tuple, so a cache key
VALUE_RANGE = (0.0, 1.0)  # feature values: the slides' 0.1-1.0, an image's cell averages 0-1
DIFFERENCE = "Align − Pool"
NARROW_OUTPUT = 4  # an output grid at most this many bins wide has room for one more decimal
GRID_WIDTH, GRID_GAP = 0.3, 0.05  # the three output grids, as shares of the figure's width
WINDOW_MARGIN = 1  # cells shown around what either method read
TOUCHED_INSET = 0.12  # RoI Align's outlines sit inside the cell, clear of RoI Pooling's shading
SWEEP_PANEL_HEIGHT = 170  # px per row of the sweep's panels
PANEL_GAP_X = 0.22  # gap between panels, as a share of a panel's width
PANEL_GAP_Y = 0.45
VALUE_PAD = 0.06
GRID_VALUES = (0.0, 0.5, 1.0)
TICK_GAP = 0.04  # shift labels sit this far (in value units) under the bottom panels
DIFFERENCE_CAPTION = (
    f"Right, {DIFFERENCE}: {ORANGE.name} where {ROI_ALIGN} gives more than {ROI_POOLING}, {SKY_BLUE.name} where "
    f"it gives less, {WHITE.name} where they agree."
)


# --- words -------------------------------------------------------------------------------------------


def slider_label(stride: int) -> str:
    """The shift slider's label: what one pixel is worth on the map."""
    return f"Shift the box horizontally (pixels; at stride {stride}, 1 px = 1/{stride} of a cell)"


def shifts_text(shifts: tuple[int, ...]) -> str:
    """A list of shifts in pixels, signed: "-44, -12, +20, +52 px" ("none" when empty)."""
    return ", ".join(signed(s, 0) for s in shifts) + " px" if shifts else "none"


def box_sentence(box: Rect, shift: int, pool: RoIPoolTrace, align: RoIAlignTrace) -> str:
    """Where the shifted box lies, in pixels and cells, and how each method places it on the map."""
    quantized = pool.quantized
    projected = quantized.projected
    return (
        f"Box x from **{px(box.x1)}** to **{px(box.x2)}** (shift {signed(shift, 0)} px) → "
        f"**{cells(projected.x1, 4)}** to **{cells(projected.x2, 4)}** on the map. "
        f"{ROI_POOLING}, {QUANTIZATION[quantized.convention].label}, snaps it to whole cells, "
        f"**{num(quantized.cells.x1)}** to **{cells(quantized.cells.x2)}**; {ROI_ALIGN} samples from "
        f"{cells(align.roi.x1, 4)} to {cells(align.roi.x2, 4)} in the map frame, unrounded."
    )


def pool_notes(pool: RoIPoolTrace) -> list[str]:
    """What RoI Pooling's first quantization had to guard against for this box, one sentence each."""
    return [f"{ROI_POOLING}: {note}." for note in quantization_notes(pool.quantized)]


def output_decimals(map_decimals: int, columns: int) -> int:
    """Decimals of printed output values: the map's decimals plus 2 on a narrow grid, plus 1 on a wider one.

    RoI Align interpolates, so its outputs (and the difference) carry more
    digits than the map's values; both methods print alike to compare them.
    """
    return map_decimals + (2 if columns <= NARROW_OUTPUT else 1)


def output_text_size(columns: int) -> int:
    """Font size of printed output values: smaller as the grid gets more bins per row."""
    if columns <= NARROW_OUTPUT:
        return TYPE.large_cell
    return TYPE.body if columns == NARROW_OUTPUT + 1 else TYPE.cell


def reading_metrics(comparison: MethodComparison, sweep: ShiftSweep, decimals: int) -> list[tuple[str, str, str]]:
    """(label, value, help) of the largest gap here and of how many values each method's bins took."""
    gap_row, gap_col = comparison.largest_gap_bin
    first, last = int(sweep.shifts[0]), int(sweep.shifts[-1])
    shifts = len(sweep.shifts)
    pool_low, pool_high = sweep.distinct_range("pool")
    align_low, align_high = sweep.distinct_range("align")
    return [
        (
            f"Largest |{DIFFERENCE}| here",
            num(comparison.largest_gap, decimals),
            f"At output bin (row {gap_row}, col {gap_col}); feature values have no unit.",
        ),
        (
            f"{ROI_POOLING}: values per bin over {shifts} shifts",
            f"{pool_low} to {pool_high}",
            f"How many different values one output bin took while the box slid from {signed(first, 0)} "
            f"to {signed(last, 0)} px.",
        ),
        (
            f"{ROI_ALIGN}: values per bin over {shifts} shifts",
            f"{align_low} to {align_high}",
            "Values equal to 6 decimals count as one.",
        ),
    ]


def reading(sweep: ShiftSweep) -> str:
    """The sweep in words: where RoI Pooling's bins moved and its output changed, how often RoI Align's did."""
    first, last = signed(int(sweep.shifts[0]), 0), signed(int(sweep.shifts[-1]), 0)
    steps = sweep.step_count
    return (
        f"**Reading.** Over the {steps} one-pixel steps from {first} to {last} px, "
        f"{ROI_POOLING}'s bins moved at **{len(sweep.pool_bin_shifts)}** of them "
        f"({shifts_text(sweep.pool_bin_shifts)}: where a quantized edge crosses a cell boundary) and its output "
        f"changed at {len(sweep.pool_change_shifts)} ({shifts_text(sweep.pool_change_shifts)}); in between it stays "
        f"frozen. {ROI_ALIGN}'s output changed at **{len(sweep.align_change_shifts)} of {steps}** steps: it follows "
        "every pixel of the box."
    )


def sweep_caption(settings: LessonSettings, shift: int) -> str:
    """Under the sweep's title: what each line is."""
    return (
        f"One plot per output bin. {pooling_title(settings)}: a staircase. {ROI_ALIGN}, {align_short(settings)}: "
        f"a continuous curve. Dashed {BLACK.name}: the current shift ({signed(shift, 0)} px). Dotted: a shift "
        f"where {ROI_POOLING}'s bins moved (a quantized edge crossed a cell boundary)."
    )


def cells_read_legend(settings: LessonSettings, pool: RoIPoolTrace, comparison: MethodComparison) -> str:
    """The cells-read map's marks in words, with their counts and colours."""
    bin_h, bin_w = pool.bin_size
    return (
        f"- **Shaded {pooling_colour(settings).name}**: the {count(len(comparison.pool_read), 'cell')} "
        f"{ROI_POOLING}'s bins read with {QUANTIZATION[settings.quantization].label}: bins of {num(bin_w)} x "
        f"{num(bin_h)} cells, w x h.\n"
        f"- **{ALIGN_COLOUR.name.capitalize()} outlines**: the {count(len(comparison.align_touched), 'cell')} "
        f"{ROI_ALIGN}'s sampling points ({ALIGN_COLOUR.name} dots) mix with a nonzero bilinear weight.\n"
        f"- **{TRUE_BOX_COLOUR.name.capitalize()}**: {TRUE_BOX}, projected onto the map and not rounded."
    )


def cells_read_counts(comparison: MethodComparison) -> str:
    """How many cells both methods read, and how many only one of them."""
    return (
        f"Read by both: **{len(comparison.read_by_both)}** cells. "
        f"Only {ROI_POOLING}: **{len(comparison.pool_only)}** cells no sample touched. "
        f"Only {ROI_ALIGN}: **{len(comparison.align_only)}** cells {ROI_POOLING} never read."
    )


# --- the three output grids ----------------------------------------------------------------------------


def outputs_figure(
    pool: RoIPoolTrace, align: RoIAlignTrace, comparison: MethodComparison, view: View, height: int = 340
) -> dict:
    """Three output grids, values printed: RoI Pooling, RoI Align (colours over the feature values' 0 to 1)
    and Align − Pool (a diverging scale centred on 0), each titled with its conventions."""
    rows, cols = pool.output.shape
    decimals = output_decimals(view.decimals, cols)
    reach = max(float(np.abs(comparison.difference).max()), 1e-9)
    panels = (
        (pool.output, ROI_POOLING, QUANTIZATION[view.settings.quantization].label, dict(zrange=VALUE_RANGE)),
        (align.output, ROI_ALIGN, align_short(view.settings), dict(zrange=VALUE_RANGE)),
        (
            comparison.difference,
            DIFFERENCE,
            "per output bin",
            dict(colorscale=theme.DIFFERENCE_SCALE, zrange=(-reach, reach), sign=True),
        ),
    )
    window = CellWindow.whole(cols, rows)
    data, layout = [], kit.layout(height) | dict(margin=dict(l=30, r=10, t=70, b=30), annotations=[])
    for index, (values, name, conventions, style) in enumerate(panels):
        suffix = str(index + 1) if index else ""
        start = index * (GRID_WIDTH + GRID_GAP)
        data.append(
            kit.value_grid(
                values,
                decimals,
                kind=f"{name} bin",
                text_size=output_text_size(cols),
                name=name,
                xaxis=f"x{suffix}",
                yaxis=f"y{suffix}",
                **style,
            )
        )
        layout |= _panel_axes(window, suffix, (start, start + GRID_WIDTH))
        layout["annotations"].append(_panel_title(name, conventions, start + GRID_WIDTH / 2))
    return kit.figure(data, layout)


def _panel_axes(window: CellWindow, suffix: str, domain: tuple[float, float]) -> dict:
    """One output grid's pair of axes (numbered bins, square cells) in its share of the figure's width."""
    axes = kit.map_layout(window, 0, numbered=True)
    return {
        f"xaxis{suffix}": axes["xaxis"]
        | dict(domain=list(domain), anchor=f"y{suffix}", side="bottom", showgrid=False, fixedrange=True),
        f"yaxis{suffix}": axes["yaxis"]
        | dict(anchor=f"x{suffix}", scaleanchor=f"x{suffix}", showgrid=False, fixedrange=True),
    }


def _panel_title(method: str, conventions: str, x: float) -> dict:
    """A grid's title over it: the method in bold, its conventions under it."""
    return dict(
        text=f"<b>{method}</b><br>{conventions}",
        x=x,
        y=1,
        xref="paper",
        yref="paper",
        xanchor="center",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=TYPE.body, color=BLACK.hex),
    )


# --- the cells each method read ----------------------------------------------------------------------


def cells_read_figure(
    view: View, pool: RoIPoolTrace, align: RoIAlignTrace, comparison: MethodComparison, height: int = 520
) -> dict:
    """The map around the box: cells RoI Pooling read (shaded), cells RoI Align's samples touched
    (outlined), the sampling points and the true box; a legend says which is which."""
    projected = pool.quantized.projected
    rows, cols = view.feature_map.shape
    read = kit.cell_rects(comparison.pool_read + comparison.align_touched)
    window = CellWindow.around([*read, projected], WINDOW_MARGIN, cols, rows)
    layout = kit.map_layout(window, height) | dict(
        margin=dict(l=30, r=10, t=30, b=10),  # room for the cell-edge ticks
        shapes=[kit.outline(projected, TRUE_BOX_COLOUR)],
        showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", font=dict(size=TYPE.body)),
    )
    pool_read = len(comparison.pool_read)
    touched = len(comparison.align_touched)
    return kit.figure(
        [
            kit.value_grid(view.feature_map, view.decimals, window),
            kit.lines(
                kit.rect_path(kit.cell_rects(comparison.pool_read)),
                "rgba(0,0,0,0)",
                0,
                fill=pooling_colour(view.settings).rgba(0.4),
                name=f"{ROI_POOLING} read ({count(pool_read, 'cell')}, shaded)",
            ),
            kit.lines(
                kit.rect_path(kit.cell_rects(comparison.align_touched), TOUCHED_INSET),
                ALIGN_COLOUR,
                3,
                name=f"{ROI_ALIGN}'s samples touched ({count(touched, 'cell')}, outlined)",
            ),
            marks.sample_points(align, ALIGN_COLOUR, name=f"{ROI_ALIGN}'s sampling points"),
            kit.legend_entry(f"{TRUE_BOX} (projected, not rounded)", TRUE_BOX_COLOUR),
        ],
        layout,
    )


# --- every output bin against the shift --------------------------------------------------------------


def sweep_figure(sweep: ShiftSweep, current_shift: int) -> dict:
    """One small panel per output bin: its value against the shift, RoI Pooling as steps, RoI Align as
    a curve, dotted lines where RoI Pooling's bins moved and a dashed line at ``current_shift``.

    All panels share one pair of hidden axes, each panel offset to its place in the h x w grid,
    so the figure holds a handful of traces whatever the output size.
    """
    panels = _Panels(sweep)
    pool_colour = QUANTIZATION[sweep.quantization].colour
    hidden = dict(visible=False, fixedrange=True)
    layout = kit.layout(SWEEP_PANEL_HEIGHT * panels.rows + 80) | dict(
        xaxis=dict(hidden, range=panels.x_range),
        yaxis=dict(hidden, range=panels.y_range),
        showlegend=True,
        margin=dict(l=40, r=30, t=10, b=10),
        legend=dict(orientation="h", x=0, y=1, yanchor="bottom", font=dict(size=TYPE.body)),
    )
    return kit.figure(
        [
            kit.lines(kit.segments_path(panels.frames()), GREY.rgba(0.3), 1),
            panels.curve(
                sweep.pool, f"{ROI_POOLING} ({QUANTIZATION[sweep.quantization].short})", pool_colour.hex, "hv"
            ),
            panels.curve(sweep.align, ROI_ALIGN, ALIGN_COLOUR.hex, "linear"),
            kit.lines(
                kit.segments_path(panels.verticals(sweep.pool_bin_shifts)),
                pool_colour,
                1.5,
                "dot",
                name=f"{ROI_POOLING}'s bins moved",
            ),
            kit.lines(kit.segments_path(panels.verticals((current_shift,))), BLACK, 2.5, "dash", name="current shift"),
            panels.labels(),
        ],
        layout,
    )


class _Panels:
    """Where each output bin's panel sits on the shared axes: x = shift + x offset, y = value + y offset."""

    def __init__(self, sweep: ShiftSweep):
        self.sweep = sweep
        self.rows, self.cols = sweep.pool.shape[1:]
        self.first, self.last = int(sweep.shifts[0]), int(sweep.shifts[-1])
        width = self.last - self.first
        self.step_x = width * (1 + PANEL_GAP_X)
        self.low, self.high = VALUE_RANGE[0] - VALUE_PAD, VALUE_RANGE[1] + VALUE_PAD
        self.step_y = (self.high - self.low) * (1 + PANEL_GAP_Y)
        self.x_range = [self.first, self.first + self.step_x * (self.cols - 1) + width]
        # room under the bottom row for the shift labels (Plotly culls text below the y range)
        self.y_range = [self.low - self.step_y * 0.2, self.low + self.step_y * (self.rows - 1) + self.step_y * 0.8]

    def _each(self) -> Iterator[tuple[int, int, float, float]]:
        """(row, col, x offset, y offset) of every panel; row 0 on top."""
        for row in range(self.rows):
            for col in range(self.cols):
                yield row, col, col * self.step_x, (self.rows - 1 - row) * self.step_y

    def curve(self, outputs: np.ndarray, name: str, colour: str, shape: str) -> dict:
        """Every panel's (shift, value) line as one trace, panels separated by gaps."""
        xs, ys, data = [], [], []
        shifts = self.sweep.shifts.astype(float)
        for row, col, dx, dy in self._each():
            values = outputs[:, row, col]
            xs += [shifts + dx, [np.nan]]
            ys += [values + dy, [np.nan]]
            data += [np.column_stack([shifts, values]), [[np.nan, np.nan]]]
        x, y, custom = (np.concatenate(part).astype(np.float32) for part in (xs, ys, data))  # half the payload
        return dict(
            type="scatter",
            x=x,
            y=y,
            customdata=custom,
            mode="lines",
            name=name,
            line=dict(color=colour, width=3, shape=shape),
            connectgaps=False,
            hovertemplate=f"{name}<br>shift %{{customdata[0]:+d}} px: %{{customdata[1]:.4f}}<extra></extra>",
        )

    def frames(self) -> Iterator[tuple[tuple, tuple]]:
        """Segments of each panel's frame and of its value grid lines (0, 0.5, 1)."""
        for _, _, dx, dy in self._each():
            left, right = self.first + dx, self.last + dx
            bottom, top = dy + self.low, dy + self.high
            yield (left, right, right, left, left), (bottom, bottom, top, top, bottom)
            for value in GRID_VALUES:
                yield (left, right), (dy + value, dy + value)

    def verticals(self, shifts: Iterable[int]) -> Iterator[tuple[tuple, tuple]]:
        """Segments of a vertical line at each shift, in every panel."""
        for _, _, dx, dy in self._each():
            for shift in shifts:
                yield (shift + dx, shift + dx), (dy + self.low, dy + self.high)

    def labels(self) -> dict:
        """Panel titles, value ticks left of the first column, shift ticks under the bottom row."""
        labels = []  # (x, y, text, text position)
        ticks = np.linspace(self.first, self.last, 5 if self.cols <= 4 else 3).round().astype(int)
        for row, col, dx, dy in self._each():
            labels.append((self.first + dx, dy + self.high, f"<b>bin ({row}, {col})</b>", "top right"))
            if col == 0:
                labels += [(self.first + dx, dy + value, f"{num(value)} ", "middle left") for value in GRID_VALUES]
            if row == self.rows - 1:
                labels += [
                    (tick + dx, dy + self.low - TICK_GAP, signed(tick, 0) if tick else "0 px", "bottom center")
                    for tick in ticks
                ]
        xs, ys, texts, positions = zip(*labels, strict=True)
        return dict(
            type="scatter",
            x=xs,
            y=ys,
            text=texts,
            mode="text",
            textposition=positions,
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
            textfont=dict(size=TYPE.small, color=BLACK.hex),
        )
