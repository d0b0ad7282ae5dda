"""Figures of the side-by-side page: both outputs, their difference, the cells read, the shift sweep.

Every figure draws a ``roi_core`` trace, comparison or sweep; nothing here
computes a lesson number (only axis windows and colour ranges).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from roi_core import LessonSettings, MethodComparison, RoIAlignTrace, RoIPoolTrace, ShiftSweep

from . import theme
from .controls import QUANTIZATION_LABELS
from .figures import layout_spec, map_axes_spec, rect_spec, value_grid

VALUE_RANGE = (0.0, 1.0)  # feature values: the slides' 0.1-1.0, an image's cell averages 0-1
# Okabe-Ito sky blue to white to orange: safe for every common colour-vision deficiency, light
# enough for black values on top.
DIFFERENCE_SCALE = [[0.0, theme.SKY], [0.5, "#ffffff"], [1.0, theme.ORANGE]]
GRID_WIDTH, GRID_GAP = 0.3, 0.05  # the three output grids, as shares of the figure's width
WINDOW_MARGIN = 1  # cells shown around what either method read
TOUCHED_INSET = 0.12  # RoI Align's outlines sit inside the cell, clear of RoI Pool's shading
SWEEP_PANEL_HEIGHT = 170  # px per row of the sweep's panels
PANEL_GAP_X = 0.22  # gap between panels, as a share of a panel's width
PANEL_GAP_Y = 0.45
VALUE_PAD = 0.06
GRID_VALUES = (0.0, 0.5, 1.0)
TICK_GAP = 0.04  # shift labels sit this far (in value units) under the bottom panels


def pool_title(quantization: str) -> str:
    """RoI Pool's title with its convention, e.g. "RoI Pool — floor (the slides)"."""
    return f"RoI Pool — {QUANTIZATION_LABELS[quantization]}"


def align_title(settings: LessonSettings) -> str:
    """RoI Align's title with its conventions, e.g. "RoI Align — 2x2 spaced, max, aligned"."""
    grid = "adaptive grid," if settings.sampling_ratio <= 0 else f"{settings.sampling_ratio}x{settings.sampling_ratio}"
    layout = "spaced" if settings.sample_layout == "spaced" else "centred"
    aligned = "aligned" if settings.aligned else "not aligned"
    return f"RoI Align — {grid} {layout}, {settings.pooling}, {aligned}"


def outputs_figure(pool: RoIPoolTrace, align: RoIAlignTrace, comparison: MethodComparison,
                   settings: LessonSettings, height: int = 340) -> go.Figure:
    """Three output grids in one figure, values printed: RoI Pool, RoI Align (colours over the
    feature values' 0 to 1) and Align − Pool (a diverging scale centred on 0)."""
    decimals, size = _printed(pool.output.shape)
    reach = max(float(np.abs(comparison.difference).max()), 1e-9)
    grids = [
        (pool.output, "RoI Pool", pool_title(settings.quantization), theme.CELL_SCALE, VALUE_RANGE, ""),
        (align.output, "RoI Align", align_title(settings), theme.CELL_SCALE, VALUE_RANGE, ""),
        (comparison.difference, "Align − Pool", "Align − Pool — per output bin", DIFFERENCE_SCALE,
         (-reach, reach), "+"),
    ]
    rows, cols = pool.output.shape
    layout = layout_spec(height) | dict(margin=dict(l=10, r=10, t=70, b=10), annotations=[])
    traces = []
    fixed = dict(tickmode="array", showgrid=False, zeroline=False, fixedrange=True)
    for index, (values, name, title, scale, (low, high), sign) in enumerate(grids):
        suffix = "" if index == 0 else str(index + 1)
        traces.append(go.Heatmap(
            z=values, x=np.arange(cols) + 0.5, y=np.arange(rows) + 0.5, xaxis=f"x{suffix}", yaxis=f"y{suffix}",
            name=name, colorscale=scale, zmin=low, zmax=high, showscale=False, xgap=1, ygap=1,
            texttemplate=f"%{{z:{sign}.{decimals}f}}", textfont=dict(size=size, color=theme.BLACK),
            hovertemplate=f"{name}: %{{z:{sign}.4f}}<extra></extra>",
        ))
        start = index * (GRID_WIDTH + GRID_GAP)
        layout[f"xaxis{suffix}"] = dict(fixed, domain=[start, start + GRID_WIDTH], range=[0, cols], constrain="domain",
                                        anchor=f"y{suffix}", tickvals=np.arange(cols) + 0.5,
                                        ticktext=[str(c) for c in range(cols)])
        layout[f"yaxis{suffix}"] = dict(fixed, range=[rows, 0], scaleanchor=f"x{suffix}", constrain="domain",
                                        anchor=f"x{suffix}", tickvals=np.arange(rows) + 0.5,
                                        ticktext=[str(r) for r in range(rows)])
        layout["annotations"].append(dict(text=_two_lines(title), x=start + GRID_WIDTH / 2, y=1, xref="paper",
                                          yref="paper", xanchor="center", yanchor="bottom", showarrow=False,
                                          font=dict(size=theme.FONT_SIZE + 1, color=theme.BLACK)))
    return go.Figure(traces, layout)


def _two_lines(title: str) -> str:
    """A "Method — conventions" title as the method in bold over its conventions."""
    method, _, conventions = title.partition(" — ")
    return f"<b>{method}</b><br>{conventions}"


def _printed(shape: tuple[int, int]) -> tuple[int, int]:
    """Decimals and font size (px) of the values printed in an output grid: fewer and smaller when
    the grid has many bins per row, so each value fits its cell in a third of the page."""
    if shape[1] <= 4:
        return 3, theme.FONT_SIZE + 2
    return 2, theme.FONT_SIZE if shape[1] == 5 else theme.CELL_FONT_SIZE - 1


def cells_read_figure(feature_map: np.ndarray, pool: RoIPoolTrace, align: RoIAlignTrace,
                      comparison: MethodComparison, height: int = 520) -> go.Figure:
    """The map around the box: cells RoI Pool read (shaded), cells RoI Align's samples touched
    (outlined), the sampling points and the true box; a legend says which is which."""
    pool_colour = theme.QUANTIZATION_COLOURS[pool.quantized.convention]
    samples = [sample for bin_ in align.bins for sample in bin_.samples if sample.inside]
    rows, cols = _window(comparison.pool_read + comparison.align_touched, pool.quantized.projected, feature_map.shape)
    grid = value_grid(feature_map, 1, rows, cols)  # only the cells in view: fewer labels to draw
    axes = map_axes_spec(feature_map.shape[1], feature_map.shape[0])
    axes["xaxis"].update(range=[cols.start, cols.stop], constrain="domain")
    axes["yaxis"].update(range=[rows.stop, rows.start], constrain="domain")
    layout = layout_spec(height) | axes | dict(
        shapes=[rect_spec(pool.quantized.projected, theme.BLUE)],
        showlegend=True, legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", font=dict(size=theme.FONT_SIZE)),
    )
    return go.Figure([
        grid,
        _cell_squares(comparison.pool_read, 0.0, fill=_translucent(pool_colour),
                      name=f"RoI Pool read ({len(comparison.pool_read)} cells, shaded)"),
        _cell_squares(comparison.align_touched, TOUCHED_INSET, line=theme.GREEN,
                      name=f"RoI Align's samples touched ({len(comparison.align_touched)} cells, outlined)"),
        go.Scatter(
            x=[s.x for s in samples], y=[s.y for s in samples], mode="markers", name="RoI Align's sampling points",
            marker=dict(color=theme.GREEN, size=9, line=dict(color="white", width=1.5)),
            hovertemplate="sampling point (%{x:.2f}, %{y:.2f})<extra></extra>",
        ),
        go.Scatter(x=[None], y=[None], mode="lines", name="true box (projected, unquantized)",
                   line=dict(color=theme.BLUE, width=3)),
    ], layout)


def _cell_squares(cells, inset: float, name: str, fill: str | None = None, line: str | None = None) -> go.Scatter:
    """One trace of squares over map cells (row, col), inset from the cell edges, shaded or outlined."""
    xs, ys = [], []
    for row, col in cells:
        left, right, top, bottom = col + inset, col + 1 - inset, row + inset, row + 1 - inset
        xs += [left, right, right, left, left, None]
        ys += [top, top, bottom, bottom, top, None]
    return go.Scatter(
        x=xs, y=ys, mode="lines", name=name, hoverinfo="skip",
        fill="toself" if fill else None, fillcolor=fill,
        line=dict(color=line or "rgba(0,0,0,0)", width=3 if line else 0),
    )


def _translucent(hex_colour: str, alpha: float = 0.4) -> str:
    """A "#RRGGBB" colour as a see-through rgba() fill."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _window(cells, box, shape: tuple[int, int]) -> tuple[slice, slice]:
    """The rows and columns of the map that show the cells listed and the box, with a margin (at least
    one cell, within the map)."""
    rows, cols = shape
    col_values = [c for _, c in cells] + [box.x1, box.x2 - 1]
    row_values = [r for r, _ in cells] + [box.y1, box.y2 - 1]
    right = min(int(max(col_values)) + 1 + WINDOW_MARGIN, cols)
    bottom = min(int(max(row_values)) + 1 + WINDOW_MARGIN, rows)
    left = min(max(int(min(col_values)) - WINDOW_MARGIN, 0), right - 1)
    top = min(max(int(min(row_values)) - WINDOW_MARGIN, 0), bottom - 1)
    return slice(top, bottom), slice(left, right)


def sweep_figure(sweep: ShiftSweep, current_shift: int) -> go.Figure:
    """One small panel per output bin: its value against the shift, RoI Pool as steps, RoI Align as
    a curve, dotted lines where RoI Pool's bins moved and a dashed line at ``current_shift``.

    All panels share one pair of hidden axes, each panel offset to its place in the h x w grid,
    so the figure holds a handful of traces whatever the output size.
    """
    panels = _Panels(sweep)
    pool_colour = theme.QUANTIZATION_COLOURS[sweep.quantization]
    hidden = dict(visible=False, fixedrange=True)
    return go.Figure([
        panels.lines(panels.frames(), "#d9d9d9", 1),
        panels.curve(sweep.pool, f"RoI Pool ({sweep.quantization})", pool_colour, "hv"),
        panels.curve(sweep.align, "RoI Align", theme.GREEN, "linear"),
        panels.lines(panels.verticals(sweep.pool_bin_shifts), pool_colour, 1.5, "dot", name="RoI Pool's bins moved"),
        panels.lines(panels.verticals((current_shift,)), theme.BLACK, 2.5, "dash", name="current shift"),
        panels.labels(),
    ], layout_spec(SWEEP_PANEL_HEIGHT * panels.rows + 80) | dict(
        xaxis=dict(hidden, range=panels.x_range), yaxis=dict(hidden, range=panels.y_range),
        showlegend=True, margin=dict(l=40, r=30, t=10, b=10),
        legend=dict(orientation="h", x=0, y=1, yanchor="bottom", font=dict(size=theme.FONT_SIZE)),
    ))


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

    def offset(self, row: int, col: int) -> tuple[float, float]:
        """What to add to (shift, value) to draw in panel (row, col); row 0 on top."""
        return col * self.step_x, (self.rows - 1 - row) * self.step_y

    def _each(self):
        return ((row, col, *self.offset(row, col)) for row in range(self.rows) for col in range(self.cols))

    def curve(self, outputs: np.ndarray, name: str, colour: str, shape: str) -> go.Scatter:
        """Every panel's (shift, value) line as one trace, panels separated by gaps."""
        xs, ys, data = [], [], []
        shifts = self.sweep.shifts.astype(float)
        for row, col, dx, dy in self._each():
            values = outputs[:, row, col]
            xs += [shifts + dx, [np.nan]]
            ys += [values + dy, [np.nan]]
            data += [np.column_stack([shifts, values]), [[np.nan, np.nan]]]
        compact = [np.concatenate(part).astype(np.float32) for part in (xs, ys, data)]  # half the payload
        return go.Scatter(
            x=compact[0], y=compact[1], customdata=compact[2], mode="lines", name=name,
            line=dict(color=colour, width=3, shape=shape), connectgaps=False,
            hovertemplate=f"{name}<br>shift %{{customdata[0]:+d}} px: %{{customdata[1]:.4f}}<extra></extra>",
        )

    def frames(self):
        """Segments of each panel's frame and of its value grid lines (0, 0.5, 1)."""
        for _, _, dx, dy in self._each():
            left, right = self.first + dx, self.last + dx
            yield (left, right, right, left, left), tuple(dy + v for v in (self.low, self.low, self.high, self.high,
                                                                            self.low))
            for value in GRID_VALUES:
                yield (left, right), (dy + value, dy + value)

    def verticals(self, shifts):
        """Segments of a vertical line at each shift, in every panel."""
        for _, _, dx, dy in self._each():
            for shift in shifts:
                yield (shift + dx, shift + dx), (dy + self.low, dy + self.high)

    @staticmethod
    def lines(segments, colour: str, width: float, dash: str = "solid", name: str | None = None) -> go.Scatter:
        """Line segments [(xs, ys), ...] as one trace; in the legend when named."""
        xs, ys = [], []
        for seg_x, seg_y in segments:
            xs += [*seg_x, None]
            ys += [*seg_y, None]
        return go.Scatter(x=xs, y=ys, mode="lines", name=name, showlegend=name is not None,
                          line=dict(color=colour, width=width, dash=dash), hoverinfo="skip")

    def labels(self) -> go.Scatter:
        """Panel titles, value ticks left of the first column, shift ticks under the bottom row."""
        labels = []  # (x, y, text, text position)
        ticks = np.linspace(self.first, self.last, 5 if self.cols <= 4 else 3).round().astype(int)
        for row, col, dx, dy in self._each():
            labels.append((self.first + dx, dy + self.high, f"<b>bin ({row}, {col})</b>", "top right"))
            if col == 0:
                labels += [(self.first + dx, dy + value, f"{value:g} ", "middle left") for value in GRID_VALUES]
            if row == self.rows - 1:
                labels += [(tick + dx, dy + self.low - TICK_GAP, f"{tick:+d}" if tick else "0 px", "bottom center")
                           for tick in ticks]
        xs, ys, texts, positions = zip(*labels)
        return go.Scatter(x=xs, y=ys, text=texts, mode="text", textposition=positions, showlegend=False,
                          hoverinfo="skip", cliponaxis=False,
                          textfont=dict(size=theme.FONT_SIZE - 2, color=theme.BLACK))
