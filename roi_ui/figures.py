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
CHART_CONFIG = {"displayModeBar": False}  # st.plotly_chart's config: no toolbar over the lesson


def base_layout(fig: go.Figure, height: int, title: str | None = None) -> go.Figure:
    """Common layout: large type, no wasted margins, no Plotly logo clutter."""
    fig.update_layout(**layout_spec(height, title))
    return fig


def map_axes(fig: go.Figure, cols: int, rows: int, tick_step: int = 1) -> go.Figure:
    """Axes of a map figure: x from 0 to cols, y from 0 (top) to rows, cells square."""
    axes = map_axes_spec(cols, rows, tick_step)
    fig.update_xaxes(**axes["xaxis"])
    fig.update_yaxes(**axes["yaxis"])
    return fig


def value_grid(feature_map: np.ndarray, decimals: int = 1, rows: slice | None = None, cols: slice | None = None,
               hover_unit: str = "", kind: str = "cell") -> go.Heatmap:
    """The feature map as a heatmap of cells with their values printed inside.

    Cell (r, c) is drawn over [c, c + 1) x [r, r + 1). Only the cells in ``rows``
    x ``cols`` are sent (the whole map by default): a zoomed figure then carries
    a few dozen values, not hundreds. Colours span the whole map's range, so a
    window is coloured like the full map. Values are printed while the drawn part
    has at most ``MAX_CELLS_WITH_TEXT`` cells; hover names each ``kind`` (a map
    cell, an output bin) by its 0-based (row, col) and always shows its value.
    """
    height, width = feature_map.shape
    rows, cols = rows or slice(0, height), cols or slice(0, width)
    row_index, col_index = np.arange(height)[rows], np.arange(width)[cols]
    values = feature_map[rows, cols]
    return go.Heatmap(
        z=values,
        x=col_index + 0.5,
        y=row_index + 0.5,
        customdata=np.dstack(np.meshgrid(row_index, col_index, indexing="ij")),
        zmin=float(feature_map.min()),
        zmax=float(feature_map.max()),
        colorscale=theme.CELL_SCALE,
        showscale=False,
        xgap=1,
        ygap=1,
        texttemplate=f"%{{z:.{decimals}f}}" if values.size <= MAX_CELLS_WITH_TEXT else None,
        textfont=dict(size=theme.CELL_FONT_SIZE, color=theme.BLACK),
        hovertemplate=f"{kind} row %{{customdata[0]}}, col %{{customdata[1]}}<br>value %{{z:.4f}}{hover_unit}"
        "<extra></extra>",
    )


def rect_shape(fig: go.Figure, rect: Rect, colour: str, dash: str = "solid", width: float = 3,
               fill: str | None = None, label: str | None = None) -> go.Figure:
    """Outline (and optionally fill) a rectangle given in the figure's own units."""
    fig.add_shape(rect_spec(rect, colour, dash, width, fill, label))
    return fig


def fill_rects(fig: go.Figure, rects, fill: str) -> go.Figure:
    """Fill each rectangle, without an outline (areas lost or added)."""
    for rect in rects:
        fig.add_shape(type="rect", x0=rect.x1, y0=rect.y1, x1=rect.x2, y1=rect.y2,
                      line=dict(width=0), fillcolor=fill, layer="above")
    return fig


def image_figure(data_uri: str, width: int, height: int, stride: int | None = None, fig_height: int = 520) -> go.Figure:
    """The image at pixel coordinates (y down), with grid lines every ``stride`` pixels."""
    fig = go.Figure(layout=image_spec(data_uri, width, height))
    if stride:
        grid_lines(fig, width, height, stride)
    return base_layout(fig, fig_height)


def grid_lines(fig: go.Figure, width: float, height: float, step: float, colour: str = "rgba(255,255,255,0.7)",
               origin: tuple[float, float] = (0, 0)) -> None:
    """Thin lines every ``step`` units over a width x height area from ``origin`` (one trace, not many shapes)."""
    fig.add_trace(grid_trace(width, height, step, colour, origin))


# Specs: plain dicts and traces for building a figure in one call,
# ``go.Figure(traces, layout_spec(...) | {...})``. Each ``update_layout``,
# ``add_shape`` or ``update_xaxes`` on an existing figure goes through Plotly's
# change machinery (milliseconds each); a layout given to the constructor is
# validated once, several times faster for a figure with a few shapes.


def layout_spec(height: int, title: str | None = None) -> dict:
    """``base_layout``'s settings as a dict."""
    return dict(
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        title=dict(text=title, font=dict(size=theme.FONT_SIZE + 2)) if title else None,
        font=dict(size=theme.FONT_SIZE, family=theme.FONT_FAMILY),
        plot_bgcolor="white",
        showlegend=False,
        dragmode=False,
    )


def rect_spec(rect: Rect, colour: str, dash: str = "solid", width: float = 3, fill: str | None = None,
              label: str | None = None) -> dict:
    """``rect_shape``'s rectangle as a layout shape dict (in the figure's own units)."""
    return dict(
        type="rect",
        x0=rect.x1, y0=rect.y1, x1=rect.x2, y1=rect.y2,
        line=dict(color=colour, width=width, dash=dash),
        fillcolor=fill or "rgba(0,0,0,0)",
        label=dict(text=label, textposition="top left", font=dict(color=colour, size=theme.FONT_SIZE))
        if label else None,
    )


def map_axes_spec(cols: int, rows: int, tick_step: int = 1) -> dict:
    """``map_axes`` as layout keys: {"xaxis": ..., "yaxis": ...}."""
    ticks = dict(tickmode="linear", tick0=0, dtick=tick_step, showgrid=False, zeroline=False)
    return dict(xaxis=dict(range=[0, cols], side="top", **ticks),
                yaxis=dict(range=[rows, 0], scaleanchor="x", scaleratio=1, **ticks))


def image_spec(data_uri: str, width: int, height: int) -> dict:
    """``image_figure`` as layout keys: the image below the data at pixel coordinates (y down), square pixels."""
    return dict(
        images=[dict(source=data_uri, xref="x", yref="y", x=0, y=0, sizex=width, sizey=height, sizing="stretch",
                     layer="below")],
        xaxis=dict(range=[0, width], showgrid=False, zeroline=False, side="top"),
        yaxis=dict(range=[height, 0], scaleanchor="x", scaleratio=1, showgrid=False, zeroline=False),
    )


def grid_trace(width: float, height: float, step: float, colour: str = "rgba(255,255,255,0.7)",
               origin: tuple[float, float] = (0, 0)) -> go.Scatter:
    """``grid_lines``' lines as one trace."""
    left, top = origin
    xs, ys = [], []
    for x in np.arange(left, left + width + step / 2, step):
        xs += [x, x, None]
        ys += [top, top + height, None]
    for y in np.arange(top, top + height + step / 2, step):
        xs += [left, left + width, None]
        ys += [y, y, None]
    return go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=1), hoverinfo="skip")


def keep_ranges(layout: dict) -> dict:
    """Square units within the axes' given ranges: the plot area shrinks (toward the top left), no range widens.

    Also large, black-on-white hover labels. Changes and returns ``layout``.
    """
    layout["xaxis"].update(constrain="domain", constraintoward="left")
    layout["yaxis"].update(constrain="domain", constraintoward="top")
    layout["hoverlabel"] = dict(font_size=theme.FONT_SIZE, bgcolor="white", font_color=theme.BLACK)
    return layout
