"""Figures of the RoI Align lesson: the map with bins and sampling points, the output, ``aligned``.

Every figure draws a ``RoIAlignTrace`` as it is, in the map frame (cell c spans
[c, c + 1), its centre at c + 0.5); the sampling points carry
``customdata = (bin row, bin col, sample number, value)`` so a click can choose one.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from roi_core import Rect, RoIAlignTrace
from roi_core.align_trace import SamplePoint
from roi_core.sampling import CENTRE_OFFSET

from . import theme
from .align_explain import is_clamped
from .figures import base_layout, map_axes, rect_shape, value_grid
from .pooling_figures import output_figure
from .text import pair

CHOSEN_BIN_FILL = "rgba(0, 158, 115, 0.22)"
LABEL_BACKGROUND = "rgba(255,255,255,0.85)"
SAMPLE_SIZE = 11
CLOSE_UP_MARGIN = 1  # cells shown around the box in the close-up
MAX_LABELS = 16  # sampling points labelled S1, S2, ... in the chosen bin
SKETCH_CELLS = (6, 4)  # columns and rows of the aligned sketch
MAX_TEXT_SPAN = 30  # cells across beyond which values are not printed (too small to read)
WHOLE_MAP_WIDTH = 640  # nominal pixels across the whole map (its height follows)


def align_map_figure(feature_map: np.ndarray, trace: RoIAlignTrace, row: int, col: int, sample: int,
                     decimals: int = 1, close_up: bool = True, width: int = 540) -> go.Figure:
    """The map with the box, its bins, every sampling point, and the chosen sample's four neighbours.

    Sampling points are green circles, filled when their value reaches the output
    (the bin's max, or every sample when averaging); the chosen one is a black star,
    its four neighbour cells are outlined in orange with rings on their centres.
    """
    rows, cols = feature_map.shape
    (x1, x2), (y1, y2) = _close_up(trace.roi, cols, rows) if close_up else ((0, cols), (0, rows))
    fig = go.Figure(_cells(feature_map, (x1, x2), (y1, y2), decimals))
    step = 1 if max(x2 - x1, y2 - y1) <= MAX_TEXT_SPAN else 5
    map_axes(fig, cols, rows, tick_step=step)
    fig.update_xaxes(range=[x1, x2])
    fig.update_yaxes(range=[y2, y1])
    chosen_bin = trace.bin(row, col)
    rect_shape(fig, Rect(chosen_bin.x_edges[0], chosen_bin.y_edges[0], chosen_bin.x_edges[1], chosen_bin.y_edges[1]),
               theme.GREEN, width=1, fill=CHOSEN_BIN_FILL)
    _bin_lines(fig, trace)
    rect_shape(fig, trace.roi, theme.GREEN, width=4)
    if chosen_bin.samples:
        _neighbours(fig, chosen_bin.samples[sample - 1])
    _sample_markers(fig, trace)
    if chosen_bin.samples:
        _sample_labels(fig, chosen_bin.samples[:MAX_LABELS], row, col)
        _chosen_marker(fig, chosen_bin.samples[sample - 1], row, col, sample)
    return _fit(fig, x2 - x1, y2 - y1, width if close_up else WHOLE_MAP_WIDTH)


def output_grid_figure(trace: RoIAlignTrace, row: int, col: int, height: int = 300) -> go.Figure:
    """The pooled output as an annotated grid, the chosen bin outlined."""
    fig = output_figure(trace.output, theme.GREEN, decimals=3, height=height)
    rect_shape(fig, Rect(col, row, col + 1, row + 1), theme.BLACK, width=5)
    fig.update_xaxes(constrain="domain")
    fig.update_yaxes(constrain="domain")
    return fig


def aligned_sketch(current: RoIAlignTrace, other: RoIAlignTrace, height: int = 360) -> go.Figure:
    """The box's top-left corner with aligned=True and aligned=False, over a few cells and their centres.

    Cells are outlined, their centres (c + 0.5) marked; the box and the first
    bin's sampling points are drawn for both settings (True: green, solid; False:
    sky blue, dashed).
    """
    on, off = (current, other) if current.aligned else (other, current)
    x0, y0 = np.floor(on.roi.x1) - 2, np.floor(on.roi.y1) - 1
    x_cells, y_cells = np.arange(x0, x0 + SKETCH_CELLS[0]), np.arange(y0, y0 + SKETCH_CELLS[1])
    fig = go.Figure()
    grid = dict(tickmode="linear", dtick=1, showgrid=True, gridcolor=theme.GREY, zeroline=False, constrain="domain")
    fig.update_xaxes(range=[x0, x0 + SKETCH_CELLS[0]], side="top", **grid)
    fig.update_yaxes(range=[y0 + SKETCH_CELLS[1], y0], scaleanchor="x", scaleratio=1, **grid)
    centres_x, centres_y = np.meshgrid(x_cells + CENTRE_OFFSET, y_cells + CENTRE_OFFSET)
    fig.add_trace(go.Scatter(x=centres_x.ravel(), y=centres_y.ravel(), mode="markers",
                             marker=dict(size=7, color=theme.BLACK), hovertemplate="cell centre (%{x}, %{y})"
                             "<extra></extra>"))
    fig.add_annotation(x=x0 + CENTRE_OFFSET, y=y0 + CENTRE_OFFSET, text="cell centre<br>c + 0.5", showarrow=False,
                       yshift=-24, font=dict(size=theme.CELL_FONT_SIZE), bgcolor=LABEL_BACKGROUND)
    for variant, colour, dash, symbol, shift in ((on, theme.GREEN, "solid", "circle", (60, -45)),
                                               (off, theme.SKY, "dash", "circle-open", (-40, 100))):
        rect_shape(fig, variant.roi, colour, dash=dash, width=4)
        first = variant.bins[0].samples
        fig.add_trace(go.Scatter(x=[s.x for s in first], y=[s.y for s in first], mode="markers",
                                 marker=dict(size=SAMPLE_SIZE, color=colour, symbol=symbol, line=dict(width=2)),
                                 hovertemplate="%{x:.4f}, %{y:.4f} cells<extra></extra>"))
        name = "aligned=True" if variant.aligned else "aligned=False"
        fig.add_annotation(x=variant.roi.x1, y=variant.roi.y1,
                           text=f"<b>{name}</b> {pair(variant.roi.x1, variant.roi.y1)}",
                           showarrow=True, arrowcolor=colour, arrowwidth=2, ax=shift[0], ay=shift[1],
                           font=dict(color=colour, size=theme.FONT_SIZE), bgcolor=LABEL_BACKGROUND)
    return base_layout(fig, height)


def _bin_lines(fig: go.Figure, trace: RoIAlignTrace) -> None:
    """Inner bin edges as dotted lines (one trace)."""
    cols = trace.output_size[1]
    roi, xs, ys = trace.roi, [], []
    for align_bin in trace.bins[1:cols]:
        xs += [align_bin.x_edges[0], align_bin.x_edges[0], None]
        ys += [roi.y1, roi.y2, None]
    for align_bin in trace.bins[cols::cols]:
        xs += [roi.x1, roi.x2, None]
        ys += [align_bin.y_edges[0], align_bin.y_edges[0], None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=theme.GREEN, width=2, dash="dot"),
                             hoverinfo="skip"))


def _sample_markers(fig: go.Figure, trace: RoIAlignTrace) -> None:
    """Every sampling point as one clickable trace; filled when its value reaches the output."""
    xs, ys, data, symbols = [], [], [], []
    for align_bin in trace.bins:
        for index, sample in enumerate(align_bin.samples):
            xs.append(sample.x)
            ys.append(sample.y)
            data.append((align_bin.row, align_bin.col, index + 1, sample.value))
            kept = trace.pooling != "max" or index == align_bin.winner
            symbols.append("circle" if kept else "circle-open")
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", customdata=data,
        marker=dict(size=SAMPLE_SIZE, color=theme.GREEN, symbol=symbols, line=dict(width=2, color=theme.GREEN)),
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
        hovertemplate="bin (row %{customdata[0]}, col %{customdata[1]}), S%{customdata[2]}<br>"
        "x, y = %{x:.4f}, %{y:.4f} cells<br>value %{customdata[3]:.4f}<br><i>click to work it out</i><extra></extra>",
    ))


def _neighbours(fig: go.Figure, sample: SamplePoint) -> None:
    """The four cells the sample mixes: orange outlines, rings on their centres, lines to the sample."""
    xs, ys, to_x, to_y = [], [], [], []
    for cell in sample.neighbours:
        xs += [cell.col, cell.col + 1, cell.col + 1, cell.col, cell.col, None]
        ys += [cell.row, cell.row, cell.row + 1, cell.row + 1, cell.row, None]
        to_x += [sample.read_x, cell.centre[0], None]
        to_y += [sample.read_y, cell.centre[1], None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=theme.ORANGE, width=4), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=to_x, y=to_y, mode="lines", line=dict(color=theme.ORANGE, width=2, dash="dot"),
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=[cell.centre[0] for cell in sample.neighbours], y=[cell.centre[1] for cell in sample.neighbours],
        mode="markers", marker=dict(size=30, symbol="circle-open", color=theme.ORANGE, line=dict(width=3)),
        customdata=[(cell.value, cell.weight) for cell in sample.neighbours],
        hovertemplate="centre (%{x}, %{y}): value %{customdata[0]}<br>weight %{customdata[1]:.4f}<extra></extra>",
    ))
    if is_clamped(sample):
        fig.add_annotation(x=sample.read_x, y=sample.read_y, ax=sample.x, ay=sample.y, xref="x", yref="y",
                           axref="x", ayref="y", text="", showarrow=True, arrowhead=2, arrowwidth=2,
                           arrowcolor=theme.BLACK)


def _chosen_marker(fig: go.Figure, sample: SamplePoint, row: int, col: int, number: int) -> None:
    """The chosen sample: a black star."""
    fig.add_trace(go.Scatter(
        x=[sample.x], y=[sample.y], mode="markers", customdata=[(row, col, number, sample.value)],
        marker=dict(size=22, symbol="star", color=theme.BLACK, line=dict(width=1.5, color="white")),
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
        hovertemplate=f"{sample.label}: x, y = %{{x:.4f}}, %{{y:.4f}} cells<br>value %{{customdata[3]:.4f}}"
        "<extra></extra>",
    ))


def _sample_labels(fig: go.Figure, samples, row: int, col: int) -> None:
    """S1, S2, ... next to the chosen bin's sampling points, on the side away from the nearest printed value.

    The labels sit on invisible markers as large as the star, carrying the samples' customdata, so a click on a
    label chooses its sample too.
    """
    fig.add_trace(go.Scatter(
        x=[sample.x for sample in samples], y=[sample.y for sample in samples], mode="markers+text",
        marker=dict(size=22, opacity=0), hoverinfo="skip",
        customdata=[(row, col, index + 1, sample.value) for index, sample in enumerate(samples)],
        text=[f"<b>{sample.label}</b>" for sample in samples],
        textposition=["top center" if sample.y % 1 < CENTRE_OFFSET else "bottom center" for sample in samples],
        textfont=dict(size=theme.CELL_FONT_SIZE, color=theme.BLACK),
        selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
    ))


def _close_up(box: Rect, cols: int, rows: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The x and y ranges showing the box and a margin of whole cells (the margin stops at the map's edge, the box
    does not)."""
    x1 = min(max(np.floor(box.x1) - CLOSE_UP_MARGIN, 0), np.floor(box.x1))
    y1 = min(max(np.floor(box.y1) - CLOSE_UP_MARGIN, 0), np.floor(box.y1))
    x2 = max(min(np.ceil(box.x2) + CLOSE_UP_MARGIN, cols), np.ceil(box.x2))
    y2 = max(min(np.ceil(box.y2) + CLOSE_UP_MARGIN, rows), np.ceil(box.y2))
    return (float(x1), float(x2)), (float(y1), float(y2))


def _cells(feature_map: np.ndarray, x_range, y_range, decimals: int) -> go.Heatmap:
    """The value grid of the cells inside the shown ranges only (a small payload); values printed if they fit."""
    rows, cols = feature_map.shape
    c1, c2 = int(max(x_range[0], 0)), int(min(x_range[1], cols))
    r1, r2 = int(max(y_range[0], 0)), int(min(y_range[1], rows))
    heatmap = value_grid(feature_map, decimals, slice(r1, r2), slice(c1, c2))
    if max(c2 - c1, r2 - r1) > MAX_TEXT_SPAN:
        heatmap.update(texttemplate=None)
    return heatmap


def _fit(fig: go.Figure, x_span: float, y_span: float, width: int) -> go.Figure:
    """Square cells without blank bands: the height follows the shown area's aspect at about ``width`` pixels."""
    fig.update_xaxes(constrain="domain")
    fig.update_yaxes(constrain="domain", constraintoward="top")
    return base_layout(fig, int(min(max(width * y_span / x_span, 300), 640)) + 40)
