"""Figures of the RoI Pooling lesson: the map, step by step, and the pooled output.

Every figure draws a ``RoIPoolTrace`` as it is; the map figure keeps the same
axes at every step and adds one layer per step, so a learner sees what changes.
Figures are assembled in one ``go.Figure(data, layout)`` call from plain parts
(trace, shape and annotation dicts; see the specs in ``roi_ui.figures``).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from roi_core import Rect, RoIPoolTrace

from . import theme
from .figures import keep_ranges, layout_spec, map_axes_spec, rect_spec, value_grid
from .text import pair

STEP_TITLES = (
    "Project the box onto the map",
    "Quantize the box to whole cells",
    "Divide the box into bins",
    "Take the maximum of each bin",
    "The pooled output",
)
WINDOW_MARGIN = 3
LABEL_BACKGROUND = "rgba(255,255,255,0.85)"
DROPPED_HATCH = dict(shape="/", fgcolor=theme.GREY, bgcolor="rgba(0,0,0,0)", size=10, solidity=0.15)
WINNER_FILL = "rgba(240, 228, 66, 0.9)"  # theme.YELLOW


def pooling_step_figure(feature_map: np.ndarray, trace: RoIPoolTrace, step: int, decimals: int = 1,
                        height: int = 600, margin: int | None = WINDOW_MARGIN) -> go.Figure:
    """The feature map with the layers of steps 1 to ``step`` drawn over it.

    The axes frame the box and ``margin`` cells around it (the same frame at
    every step), or the whole map when ``margin`` is None.

    1: the true box in map units, its corners written; 2: the quantized box, the
    areas lost and added, the origin shift; 3: the bins and the dropped cells
    (hatched); 4 and 5: each bin's maximum cell (filled, bold outline).
    """
    rows, cols = feature_map.shape
    window = ((0, cols), (0, rows)) if margin is None else box_window(trace, cols, rows, margin)
    quantized = trace.quantized
    colour = theme.QUANTIZATION_COLOURS[quantized.convention]
    data, shapes, annotations = [window_grid(feature_map, window, decimals)], [], []
    if step == 2:
        scale = quantized.geometry.spatial_scale
        shapes += [filled(rect.scaled(scale), theme.LOST_FILL) for rect in quantized.lost]
        shapes += [filled(rect.scaled(scale), theme.ADDED_FILL) for rect in quantized.added]
        annotations += _origin_shift_arrow(quantized.projected, quantized.cells, colour)
    if step >= 3:
        data += [dropped_cells(trace.dropped_cells), bin_outlines(trace, colour)]
    if step >= 2:
        shapes.append(outline(quantized.cells, colour, width=4))
    shapes.append(outline(quantized.projected, theme.BLUE, dash="dash" if step >= 2 else "solid"))
    if step == 1:
        data.append(_corner_markers(quantized.projected))
        annotations += _corner_labels(quantized.projected)
    if step >= 4:
        data += winner_cells(trace, decimals)
    return map_figure(data, window, height, shapes, annotations)


def output_figure(output: np.ndarray, colour: str, decimals: int = 1, height: int = 300) -> go.Figure:
    """A pooled output (h, w) as a value grid, rows and columns numbered, framed in the method's colour."""
    rows, cols = output.shape
    grid = value_grid(output, decimals, kind="output bin").to_plotly_json()
    size = theme.FONT_SIZE + 2 if max(rows, cols) <= 4 else theme.CELL_FONT_SIZE
    grid["textfont"] = grid["textfont"] | dict(size=size)
    return map_figure([grid], ((0, cols), (0, rows)), height, [outline(Rect(0, 0, cols, rows), colour, width=4)],
                      numbered=True)


def map_figure(data: list, window, height: int, shapes=(), annotations=(), numbered: bool = False,
               grid_colour: str | None = None) -> go.Figure:
    """Assemble a map-frame figure: cells square, y down, axes fixed to ``window`` ((x0, x1), (y0, y1)).

    Ticks mark cell edges (map coordinates), or with ``numbered`` each cell's
    index at its centre (output grids); ``grid_colour`` draws the cell grid.
    """
    (x0, x1), (y0, y1) = window
    layout = layout_spec(height) | map_axes_spec(x1, y1, tick_step=1 if x1 - x0 <= 30 else 5)
    layout["xaxis"].update(range=[x0, x1], **_numbered_ticks(x0, x1) if numbered else {})
    layout["yaxis"].update(range=[y1, y0], **_numbered_ticks(y0, y1) if numbered else {})
    if grid_colour:
        for axis in ("xaxis", "yaxis"):
            layout[axis].update(showgrid=True, gridcolor=grid_colour)
    layout.update(shapes=list(shapes), annotations=list(annotations))
    return go.Figure(data=data, layout=keep_ranges(layout))


def window_grid(feature_map: np.ndarray, window, decimals: int) -> dict:
    """The value grid of the map's cells inside ``window``, placed at their map coordinates.

    Only the window's cells are sent, so a large map stays light and its values
    can be printed.
    """
    (x0, x1), (y0, y1) = window
    return value_grid(feature_map, decimals, slice(y0, y1), slice(x0, x1)).to_plotly_json()


def grid_spec(values: np.ndarray, decimals: int, **changes) -> dict:
    """``value_grid``'s heatmap as a trace dict, with ``changes`` (top-level keys) applied."""
    return dict(value_grid(values, decimals=decimals).to_plotly_json(), **changes)


def box_window(trace: RoIPoolTrace, cols: int, rows: int, margin: int = WINDOW_MARGIN):
    """Axis ranges (x, y) framing the true and quantized boxes plus ``margin`` cells, within the map."""
    boxes = (trace.quantized.projected, trace.quantized.cells)
    x0 = max(int(np.floor(min(b.x1 for b in boxes))) - margin, 0)
    y0 = max(int(np.floor(min(b.y1 for b in boxes))) - margin, 0)
    x1 = min(int(np.ceil(max(b.x2 for b in boxes))) + margin, cols)
    y1 = min(int(np.ceil(max(b.y2 for b in boxes))) + margin, rows)
    return (x0, x1), (y0, y1)


def outline(rect: Rect, colour: str, dash: str = "solid", width: float = 3) -> dict:
    """A rectangle's outline, as a layout shape."""
    return rect_spec(rect, colour, dash, width)


def filled(rect: Rect, fill: str) -> dict:
    """A filled rectangle without outline (an area lost or added), as a layout shape."""
    return rect_spec(rect, fill, width=0, fill=fill)


def dropped_cells(cells) -> dict:
    """The cells no bin reads, hatched (one trace for all of them)."""
    xs, ys = _cell_squares(cells)
    return dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillpattern=DROPPED_HATCH,
                fillcolor="rgba(0,0,0,0.08)", line=dict(width=0), hoverinfo="skip")


def bin_outlines(trace: RoIPoolTrace, colour: str) -> dict:
    """Every non-empty bin's outline (one trace for all of them)."""
    xs, ys = [], []
    for pool_bin in trace.bins:
        if not pool_bin.empty:
            (r0, r1), (c0, c1) = pool_bin.rows, pool_bin.cols
            xs += [c0, c1, c1, c0, c0, None]
            ys += [r0, r0, r1, r1, r0, None]
    return dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color=colour, width=2), hoverinfo="skip")


def winner_cells(trace: RoIPoolTrace, decimals: int = 1, colour: str = theme.BLACK) -> list[dict]:
    """Each bin's maximum cell filled and outlined in bold, its value written in bold on top."""
    winners = [pool_bin for pool_bin in trace.bins if not pool_bin.empty]
    xs, ys = _cell_squares([pool_bin.argmax for pool_bin in winners])
    return [
        dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=WINNER_FILL,
             line=dict(color=colour, width=4), hoverinfo="skip"),
        dict(type="scatter", x=[b.argmax[1] + 0.5 for b in winners], y=[b.argmax[0] + 0.5 for b in winners],
             mode="text", text=[f"<b>{b.value:.{decimals}f}</b>" for b in winners],
             textfont=dict(size=theme.CELL_FONT_SIZE, color=colour),
             customdata=[(b.row, b.col, b.argmax[0], b.argmax[1]) for b in winners],
             hovertemplate="max of bin (%{customdata[0]}, %{customdata[1]})<br>"
             "cell row %{customdata[2]}, col %{customdata[3]}<extra></extra>"),
    ]


def _numbered_ticks(start: int, stop: int) -> dict:
    return dict(tickmode="array", tickvals=np.arange(start, stop) + 0.5, ticktext=[str(i) for i in range(start, stop)])


def _cell_squares(cells) -> tuple[list, list]:
    """Outline coordinates of unit squares at (row, col) cells, separated by gaps."""
    xs, ys = [], []
    for row, col in cells:
        xs += [col, col + 1, col + 1, col, col, None]
        ys += [row, row, row + 1, row + 1, row, None]
    return xs, ys


def _corner_markers(box: Rect) -> dict:
    return dict(type="scatter", x=[box.x1, box.x2], y=[box.y1, box.y2], mode="markers", hoverinfo="skip",
                marker=dict(size=11, color=theme.BLUE, line=dict(color="white", width=2)))


def _corner_labels(box: Rect) -> list[dict]:
    return [
        dict(x=x, y=y, text=f"<b>{pair(x, y)}</b>", showarrow=False, xanchor=anchor_x, yanchor=anchor_y,
             yshift=shift_y, bgcolor=LABEL_BACKGROUND, font=dict(color=theme.BLUE, size=theme.FONT_SIZE))
        for x, y, anchor_x, anchor_y, shift_y in ((box.x1, box.y1, "right", "bottom", -4),
                                                  (box.x2, box.y2, "left", "top", 4))
    ]


def _origin_shift_arrow(projected: Rect, cells: Rect, colour: str) -> list[dict]:
    return [
        dict(x=cells.x1, y=cells.y1, ax=projected.x1, ay=projected.y1, xref="x", yref="y", axref="x", ayref="y",
             text="", showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=2.5, arrowcolor=theme.BLACK),
        dict(x=cells.x1, y=cells.y1, text=f"<b>origin {pair(cells.x1, cells.y1, 0)}</b>", showarrow=False,
             xanchor="right", yanchor="bottom", yshift=-2, xshift=-2, bgcolor=LABEL_BACKGROUND,
             font=dict(color=colour, size=theme.FONT_SIZE)),
    ]
