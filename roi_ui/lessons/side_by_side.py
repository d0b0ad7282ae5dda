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
from ..words import readers
from ..words.conventions import (
    ALIGN_COLOUR,
    POOLING,
    QUANTIZATION,
    ROI_ALIGN,
    ROI_POOLING,
    SETTINGS_PLACE,
    TRUE_BOX,
    TRUE_BOX_COLOUR,
    align_short,
    pooling_colour,
    pooling_title,
)
from ..words.notes import quantization_notes
from ..words.numbers import cells, count, fixed_grid, num, px, signed
from ..words.palette import BLACK, GREY, ORANGE, SKY_BLUE, WHITE

SHIFTS = tuple(range(-MAX_SHIFT, MAX_SHIFT + 1))  # whole pixels; a plain tuple, so a cache key
VALUE_RANGE = (0.0, 1.0)  # feature values: the slides' 0.1-1.0, an image's cell averages 0-1
DIFFERENCE = "Align − Pool"
NARROW_OUTPUT = 4  # an output grid at most this many bins wide has room for one more decimal
GRID_WIDTH, GRID_GAP = 0.3, 0.05  # the three output grids, as shares of the figure's width
WINDOW_MARGIN = 1  # cells shown around what either method read
TOUCHED_INSET = 0.12  # RoI Align's outlines sit inside the cell, clear of RoI Pooling's shading
SWEEP_PANEL_HEIGHT = 170  # px per row of the sweep's panels
PRESENTER_PANEL_HEIGHT = 120  # px per row of the sweep's panels in presenter mode (one 1280 x 720 screen)
SWEEP_PAD = 40  # px under the sweep's panels: the shift labels
GRIDS_HEIGHT, GRIDS_TOP = 260, 40  # px of the output grids, and above them for their titles
CELLS_READ_HEIGHTS = (520, 440)  # px of the cells-read map: normal mode, presenter mode (one 1280 x 720 screen)
SAMPLE_SIZE = 6  # px: RoI Align's sampling points on the cells-read map, small beside the printed values
SWEEP_GAP = 80  # px between the grids and the sweep's panels: the grids' bin numbers and the legend
SHIFT_PREFIX = "Shift: "
BUTTONS_SHARE = 0.17  # of the plot's width, left of the chart's slider: play and pause beside "Shift: +20 px"
# what a frame changes in each grid ("type" too: a frame's trace without one reads as a scatter)
PANEL_GAP_X = 0.22  # gap between panels, as a share of a panel's width
PANEL_GAP_Y = 0.45
VALUE_PAD = 0.06
GRID_VALUES = (0.0, 0.5, 1.0)
TICK_GAP = 0.04  # shift labels sit this far (in value units) under the bottom panels
SHIFT_TICKS = 3  # shift labels under each bottom panel: first, 0 and last (more would meet on a phone)
DIFFERENCE_CAPTION = (
    f"Right, {DIFFERENCE}: {ORANGE.name} where {ROI_ALIGN} gives more than {ROI_POOLING}, {SKY_BLUE.name} where "
    f"it gives less, {WHITE.name} where they agree."
)


# --- words -------------------------------------------------------------------------------------------


def unlike_pooling(settings: LessonSettings) -> str | None:
    """A warning when the two methods do not pool alike (RoI Pooling always takes the maximum), else None."""
    if settings.pooling == "max":
        return None
    return (
        f"Not like with like: {ROI_POOLING} takes the maximum of each bin, while {ROI_ALIGN} here takes the "
        f"{POOLING[settings.pooling].long}. Their difference then mixes two effects, the quantization and max against "
        f"{POOLING[settings.pooling].short}: choose {POOLING['max'].label} pooling in {SETTINGS_PLACE} to see the "
        "quantization alone."
    )


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
        f"Box x from **{px(box.x1)}** to **{px(box.x2)}** (shift {shift_name(shift)}) → "
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
    """Under the outputs and the sweep: what each line is, and which slider moves what."""
    return (
        f"One plot per output bin. {pooling_title(settings)}: a staircase. {ROI_ALIGN}, {align_short(settings)}: "
        f"a continuous curve. Dashed {BLACK.name}: the shift on the chart's own slider, which starts at the "
        f"page's shift ({shift_name(shift)}) and plays every shift in the browser; the slider above sets the page's "
        f"shift. Dotted: a shift where {ROI_POOLING}'s bins moved (a quantized edge crossed a cell boundary)."
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


def shift_name(shift: int) -> str:
    """A shift as the chart's frames and slider name it, signed: "+12 px", "0 px", "-3 px"."""
    return f"{signed(shift, 0)} px"


def output_grids(sweep: ShiftSweep, index: int, view: View, compact: bool = False) -> list[dict]:
    """The three output grids at the sweep's ``index``-th shift, values printed alike: RoI Pooling and RoI Align
    (colours over the feature values' 0 to 1) and Align − Pool (a diverging scale centred on 0 reaching the
    largest gap), on the axes x/y, x2/y2 and x3/y3; ``compact`` (presenter mode, whose type is larger): the
    smallest value size. Every value is the sweep's (``ShiftSweep.pool``, ``.align``)."""
    pool, align = sweep.pool[index], sweep.align[index]
    difference = align - pool
    cols = pool.shape[1]
    reach = max(float(np.abs(difference).max()), 1e-9)
    styles = (
        (pool, ROI_POOLING, dict(zrange=VALUE_RANGE)),
        (align, ROI_ALIGN, dict(zrange=VALUE_RANGE)),
        (difference, DIFFERENCE, dict(colorscale=theme.DIFFERENCE_SCALE, zrange=(-reach, reach), sign=True)),
    )
    return [
        kit.value_grid(
            values,
            output_decimals(view.decimals, cols),
            kind=f"{name} bin",
            text_size=TYPE.cell if compact else output_text_size(cols),
            name=name,
            xaxis=f"x{kit.axis_suffix(position)}",
            yaxis=f"y{kit.axis_suffix(position)}",
            **style,
        )
        for position, (values, name, style) in enumerate(styles)
    ]


GRID_TITLES = (ROI_POOLING, ROI_ALIGN, DIFFERENCE)  # over the output grids: short, so they never meet on a phone
CLICK_BIN = "click: what it read, on the map of the cells read"


def grids_words(settings: LessonSettings) -> str:
    """Over the output grids: which conventions each method uses (the grids' titles name only the methods)."""
    return (
        f"Left, **{ROI_POOLING}** ({QUANTIZATION[settings.quantization].label}); middle, **{ROI_ALIGN}** "
        f"({align_short(settings)}); right, **{DIFFERENCE}** per output bin. Output bins are (row, col), from 0."
    )


def _grids_layout(cols: int, rows: int, bottom: float) -> dict:
    """The output grids' axes side by side above ``bottom`` (a share of the plot's height), titled."""
    window = CellWindow.whole(cols, rows)
    layout: dict = dict(annotations=[])
    for position, name in enumerate(GRID_TITLES):
        start = position * (GRID_WIDTH + GRID_GAP)
        layout |= _panel_axes(window, kit.axis_suffix(position), (start, start + GRID_WIDTH), (bottom, 1))
        layout["annotations"].append(_panel_title(name, start + GRID_WIDTH / 2))
    return layout


def _panel_axes(window: CellWindow, suffix: str, domain: tuple[float, float], height: tuple[float, float]) -> dict:
    """One output grid's pair of axes (numbered bins, square cells) in its share of the figure's width and
    height."""
    axes = kit.map_layout(window, 0, numbered=True)
    return {
        f"xaxis{suffix}": axes["xaxis"]
        | dict(
            domain=list(domain),
            anchor=f"y{suffix}",
            side="bottom",
            showgrid=False,
            fixedrange=True,
            constraintoward="center",  # under its centred title
        ),
        f"yaxis{suffix}": axes["yaxis"]
        | dict(domain=list(height), anchor=f"x{suffix}", scaleanchor=f"x{suffix}", showgrid=False, fixedrange=True),
    }


def _panel_title(method: str, x: float) -> dict:
    """A grid's title over it: the method in bold."""
    return dict(
        text=f"<b>{method}</b>",
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
    view: View,
    pool: RoIPoolTrace,
    align: RoIAlignTrace,
    comparison: MethodComparison,
    height: int = 520,
    chosen: tuple[int, int] = (0, 0),
) -> dict:
    """The map around the box: cells RoI Pooling read (shaded), cells RoI Align's samples touched
    (outlined), the sampling points (small) and the true box, all drawn under the printed values; a legend says
    which is which. What the ``chosen`` output bin read with each method is outlined in black
    (``marks.pool_bin_reads``, ``marks.align_bin_reads``); a click on a cell chooses a bin that reads it."""
    projected = pool.quantized.projected
    rows, cols = view.feature_map.shape
    read = kit.cell_rects(comparison.pool_read + comparison.align_touched)
    window = CellWindow.around([*read, projected], WINDOW_MARGIN, cols, rows)
    layout = (
        kit.map_layout(window, height)
        | kit.CLICK_CELLS
        | dict(
            margin=dict(l=30, r=10, t=30, b=10),  # room for the cell-edge ticks
            showlegend=True,
            legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", font=dict(size=TYPE.body)),
        )
    )
    grid, *targets = kit.clickable(
        kit.value_grid(view.feature_map, view.decimals, window, notes=readers.both_readers(pool, align))
    )
    pool_read = len(comparison.pool_read)
    touched = len(comparison.align_touched)
    return kit.figure(
        [
            grid,
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
            marks.sample_points(align, ALIGN_COLOUR, SAMPLE_SIZE, name=f"{ROI_ALIGN}'s sampling points"),
            kit.lines(kit.rect_path([projected]), TRUE_BOX_COLOUR, 3, name=f"{TRUE_BOX} (projected, not rounded)"),
            marks.pool_bin_reads(pool.bin(*chosen)),
            *marks.align_bin_reads(align.bin(*chosen)),
            *targets,
        ],
        layout,
    )


# --- the outputs and every output bin against the shift, with a frame per shift ------------------------


GRIDS, SWEEP = "grids", "sweep"  # the two parts of the shift figure


def shift_figure(
    sweep: ShiftSweep,
    shift: int,
    view: View,
    parts: tuple[str, ...] = (GRIDS, SWEEP),
    chosen: tuple[int, int] = (0, 0),
) -> dict:
    """The three output grids at ``shift`` over one small panel per output bin (its value against the shift:
    RoI Pooling as steps, RoI Align as a curve, dotted where RoI Pooling's bins moved, dashed at the shift
    shown), with one frame per shift of the sweep and a slider (and play button) that starts at ``shift``.
    ``parts`` draws the grids or the panels alone (presenter mode shows them one screen each). The ``chosen``
    output bin is outlined on the grids, and a click on a bin of either method's grid chooses it.

    A frame changes only the grids' values and printed text (and the difference's colour range) and the
    dashed line, so the browser moves between shifts without the server; every number is the sweep's. The
    panels share one pair of hidden axes (x4/y4), each offset to its place in the h x w grid, so the figure
    holds a handful of traces whatever the output size.
    """
    panels = _Panels(sweep)
    index = sweep.index(shift)
    data = output_grids(sweep, index, view, view.presenting) if GRIDS in parts else []
    if SWEEP in parts:
        sweep_traces = [
            kit.lines(kit.segments_path(panels.frames()), GREY.rgba(0.3), 1),
            panels.curve(
                sweep.pool, f"{ROI_POOLING} ({QUANTIZATION[sweep.quantization].short})", panels.pool_colour.hex, "hv"
            ),
            panels.curve(sweep.align, ROI_ALIGN, ALIGN_COLOUR.hex, "linear"),
            panels.moved(),
            panels.labels(),
            panels.marker(shift),  # last: the frames' trace index of the dashed line
        ]
        data += [trace | dict(xaxis="x4", yaxis="y4") for trace in sweep_traces]
    frames = _shift_frames(sweep, view, panels, GRIDS in parts, len(data) - 1 if SWEEP in parts else None)
    if GRIDS in parts:  # after the traces the frames change: the chosen bin, and the click targets
        data += _chosen_and_targets(data[:2], chosen)
    figure = kit.with_frames(
        kit.figure(data, _shift_layout(panels, view.presenting, parts) | kit.CLICK_CELLS),
        frames,
        prefix=SHIFT_PREFIX,
        active=index,
        play=True,
        buttons_share=BUTTONS_SHARE,
    )
    figure["layout"]["sliders"][0]["currentvalue"] |= dict(xanchor="right")  # clear of the play buttons
    return figure


def _chosen_and_targets(grids: list[dict], chosen: tuple[int, int]) -> list[dict]:
    """On RoI Pooling's and RoI Align's output grids: the chosen bin outlined, and each bin's click target (its
    hover names the bin; the frames change the values, which the grid prints)."""
    traces = []
    for position, grid in enumerate(grids):
        method = GRID_TITLES[position]
        hover = f"{method} bin (row %{{customdata[0]}}, col %{{customdata[1]}})<br><i>{CLICK_BIN}</i><extra></extra>"
        traces.append(kit.on_axes(kit.chosen_cell(*chosen), position))
        traces += kit.clickable(grid, hover)[1:]
    return traces


def _shift_layout(panels: _Panels, compact: bool, parts: tuple[str, ...]) -> dict:
    """The output grids' axes on top, titled; the legend and the sweep's hidden axes (x4/y4) under them (either
    alone, as ``parts`` says); ``compact`` (presenter mode): lower panels."""
    sweep_height = (PRESENTER_PANEL_HEIGHT if compact else SWEEP_PANEL_HEIGHT) * panels.rows + SWEEP_PAD
    grids_height = GRIDS_HEIGHT if GRIDS in parts else 0
    if SWEEP not in parts:
        sweep_height = 0
    plot_height = grids_height + (SWEEP_GAP if grids_height and sweep_height else 0) + sweep_height
    sweep_top = sweep_height / plot_height
    hidden = dict(visible=False, fixedrange=True)
    layout = kit.layout(plot_height + GRIDS_TOP + 10) | dict(margin=dict(l=40, r=30, t=GRIDS_TOP, b=10))
    if sweep_height:
        layout |= dict(
            showlegend=True,
            legend=dict(orientation="h", x=0, y=sweep_top, yanchor="bottom", font=dict(size=TYPE.body)),
            xaxis4=dict(hidden, range=panels.x_range, anchor="y4"),
            yaxis4=dict(hidden, range=panels.y_range, anchor="x4", domain=[0, sweep_top]),
        )
    if grids_height:
        layout |= _grids_layout(panels.cols, panels.rows, 1 - grids_height / plot_height)
    return layout


def _shift_frames(sweep: ShiftSweep, view: View, panels: _Panels, grids: bool, marker: int | None) -> list[dict]:
    """One frame per shift of the sweep: the three grids' values and printed text (the difference's colour range
    too; when the figure has ``grids``) and the dashed line's x (trace ``marker``, None without the panels),
    exactly as ``output_grids`` and ``_Panels.marker`` draw that shift. Every shift's text is written in one call
    per grid."""
    decimals = output_decimals(view.decimals, sweep.pool.shape[2])
    difference = sweep.align - sweep.pool
    reach = np.maximum(np.abs(difference).max(axis=(1, 2)), 1e-9)
    values = (sweep.pool, sweep.align, difference) if grids else ()
    texts = [fixed_grid(grid, decimals, sign=grid is difference) for grid in values]
    at_zero = panels.marker(0)["x"]  # the dashed line at shift 0; at shift s it is s further right
    frames = []
    for index, shift in enumerate(sweep.shifts.tolist()):
        changes = {
            position: dict(type="heatmap", z=grid[index], text=text[index])
            for position, (grid, text) in enumerate(zip(values, texts, strict=True))
        }
        if grids:
            changes[2].update(zmin=-reach[index], zmax=reach[index])
        if marker is not None:
            changes[marker] = dict(type="scatter", x=[None if x is None else x + shift for x in at_zero])
        frames.append(kit.frame(shift_name(shift), changes))
    return frames


def _tick_position(shift: int, first: int, last: int) -> str:
    """Where a shift label sits against its tick: the first and last inside their panel (clear of the next
    panel's labels on a phone), the others centred."""
    if shift == first:
        return "bottom right"
    return "bottom left" if shift == last else "bottom center"


class _Panels:
    """Where each output bin's panel sits on the shared axes: x = shift + x offset, y = value + y offset."""

    def __init__(self, sweep: ShiftSweep):
        self.sweep = sweep
        self.pool_colour = QUANTIZATION[sweep.quantization].colour
        self.rows, self.cols = sweep.pool.shape[1:]
        self.first, self.last = int(sweep.shifts[0]), int(sweep.shifts[-1])
        width = self.last - self.first
        self.step_x = round(width * (1 + PANEL_GAP_X))  # whole: the dashed line's x stays a short list
        self.low, self.high = VALUE_RANGE[0] - VALUE_PAD, VALUE_RANGE[1] + VALUE_PAD
        self.step_y = (self.high - self.low) * (1 + PANEL_GAP_Y)
        self.x_range = [self.first, self.first + self.step_x * (self.cols - 1) + width]
        # room under the bottom row for the shift labels (Plotly culls text below the y range)
        self.y_range = [self.low - self.step_y * 0.2, self.low + self.step_y * (self.rows - 1) + self.step_y * 0.95]

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

    def moved(self) -> dict:
        """Dotted lines where RoI Pooling's bins moved, in every panel."""
        return kit.lines(
            kit.segments_path(self.verticals(self.sweep.pool_bin_shifts)),
            self.pool_colour,
            1.5,
            "dot",
            name=f"{ROI_POOLING}'s bins moved",
        )

    def marker(self, shift: int) -> dict:
        """The dashed line at ``shift``, in every panel."""
        return kit.lines(kit.segments_path(self.verticals((shift,))), BLACK, 2.5, "dash", name="current shift")

    def labels(self) -> dict:
        """Panel titles, value ticks left of the first column, shift ticks under the bottom row."""
        labels = []  # (x, y, text, text position)
        ticks = np.linspace(self.first, self.last, SHIFT_TICKS).round().astype(int)
        for row, col, dx, dy in self._each():
            labels.append((self.first + dx, dy + self.high, f"<b>bin ({row}, {col})</b>", "top right"))
            if col == 0:
                labels += [(self.first + dx, dy + value, f"{num(value)} ", "middle left") for value in GRID_VALUES]
            if row == self.rows - 1:
                labels += [
                    (
                        tick + dx,
                        dy + self.low - TICK_GAP,
                        signed(tick, 0) if tick else "0 px",
                        _tick_position(tick, self.first, self.last),
                    )
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
