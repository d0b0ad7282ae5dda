"""Plotly building blocks shared by the pages: the value grid, the image, boxes.

Figures draw traces from ``roi_core``; nothing here computes lesson numbers.
Map figures use the map frame (cell c spans [c, c + 1), y grows downwards);
image figures use pixels.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from roi_core import Rect

from . import theme

MAX_CELLS_WITH_TEXT = 900


def base_layout(fig: go.Figure, height: int, title: str | None = None) -> go.Figure:
    """Common layout: large type, no wasted margins, no Plotly logo clutter."""
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        title=dict(text=title, font=dict(size=theme.FONT_SIZE + 2)) if title else None,
        font=dict(size=theme.FONT_SIZE, family=theme.FONT_FAMILY),
        plot_bgcolor="white",
        showlegend=False,
        dragmode=False,
    )
    return fig


def map_axes(fig: go.Figure, cols: int, rows: int, tick_step: int = 1) -> go.Figure:
    """Axes of a map figure: x from 0 to cols, y from 0 (top) to rows, cells square."""
    ticks = dict(tickmode="linear", tick0=0, dtick=tick_step, showgrid=False, zeroline=False)
    fig.update_xaxes(range=[0, cols], side="top", **ticks)
    fig.update_yaxes(range=[rows, 0], scaleanchor="x", scaleratio=1, **ticks)
    return fig


def value_grid(values: np.ndarray, decimals: int = 1, hover_unit: str = "") -> go.Heatmap:
    """The feature map as a heatmap of cells with their values printed inside.

    Cell (r, c) is drawn over [c, c + 1) x [r, r + 1). Values are printed while
    the map has at most ``MAX_CELLS_WITH_TEXT`` cells; hover always shows them.
    """
    rows, cols = values.shape
    show_text = values.size <= MAX_CELLS_WITH_TEXT
    return go.Heatmap(
        z=values,
        x=np.arange(cols) + 0.5,
        y=np.arange(rows) + 0.5,
        colorscale=theme.CELL_SCALE,
        showscale=False,
        xgap=1,
        ygap=1,
        texttemplate=f"%{{z:.{decimals}f}}" if show_text else None,
        textfont=dict(size=theme.CELL_FONT_SIZE, color=theme.BLACK),
        hovertemplate=f"cell row %{{y:.0f}}, col %{{x:.0f}} (centre %{{x}}, %{{y}})<br>value %{{z:.4f}}{hover_unit}"
        "<extra></extra>",
    )


def rect_shape(fig: go.Figure, rect: Rect, colour: str, dash: str = "solid", width: float = 3,
               fill: str | None = None, label: str | None = None) -> go.Figure:
    """Outline (and optionally fill) a rectangle given in the figure's own units."""
    fig.add_shape(
        type="rect",
        x0=rect.x1, y0=rect.y1, x1=rect.x2, y1=rect.y2,
        line=dict(color=colour, width=width, dash=dash),
        fillcolor=fill or "rgba(0,0,0,0)",
        label=dict(text=label, textposition="top left", font=dict(color=colour, size=theme.FONT_SIZE))
        if label else None,
    )
    return fig


def fill_rects(fig: go.Figure, rects, fill: str) -> go.Figure:
    """Fill each rectangle, without an outline (areas lost or added)."""
    for rect in rects:
        fig.add_shape(type="rect", x0=rect.x1, y0=rect.y1, x1=rect.x2, y1=rect.y2,
                      line=dict(width=0), fillcolor=fill, layer="above")
    return fig


def image_figure(data_uri: str, width: int, height: int, stride: int | None = None, fig_height: int = 520) -> go.Figure:
    """The image at pixel coordinates (y down), with grid lines every ``stride`` pixels."""
    fig = go.Figure()
    fig.add_layout_image(dict(source=data_uri, xref="x", yref="y", x=0, y=0, sizex=width, sizey=height,
                              sizing="stretch", layer="below"))
    fig.update_xaxes(range=[0, width], showgrid=False, zeroline=False, side="top")
    fig.update_yaxes(range=[height, 0], scaleanchor="x", scaleratio=1, showgrid=False, zeroline=False)
    if stride:
        grid_lines(fig, width, height, stride)
    return base_layout(fig, fig_height)


def grid_lines(fig: go.Figure, width: float, height: float, step: float, colour: str = "rgba(255,255,255,0.7)") -> None:
    """Thin lines every ``step`` units over a width x height area (one trace, not many shapes)."""
    xs, ys = [], []
    for x in np.arange(0, width + step / 2, step):
        xs += [x, x, None]
        ys += [0, height, None]
    for y in np.arange(0, height + step / 2, step):
        xs += [0, width, None]
        ys += [y, y, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=1), hoverinfo="skip"))
