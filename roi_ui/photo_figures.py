"""Figures of "Your own image": the photo with both methods' boxes, its own feature map, what each method sees.

Everything drawn comes from a ``roi_core.BothMethods`` result; this module only
turns it into pixels and shapes. Payloads stay small: the photo is a cached,
downscaled JPEG; a big feature map is sent as a window of cells around the box.
"""

from __future__ import annotations

import base64
import io
import math

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from roi_core import BothMethods, Rect

from . import figures, theme
from .images import LoadedImage

MAP_WINDOW_CELLS = 2_500  # a map with more cells is shown as a window of at most this many around the box
MIN_WINDOW = (24, 16)  # cols, rows: context around a small box
WINDOW_MARGIN = 2  # cells around the box
MIN_GRID_CELLS_PX = 10  # draw the cell grid on the photo only when cells are at least this tall on screen
MAX_GRID_COLS = 40  # draw the grid on the map picture only up to this many columns (else it hides the colours)
SEEN_SIZE = 220  # pixels per side of the "what each method sees" pictures
PADDING_FILL = "rgba(127, 127, 127, 0.55)"
NEW_SELECTION = dict(line=dict(color=theme.BLACK, width=2, dash="dot"))


def map_window(result: BothMethods) -> Rect:
    """The block of cells (whole numbers) to show: the whole map if small, else a window around the boxes.

    The window keeps ``WINDOW_MARGIN`` cells around both methods' boxes and at
    least ``MIN_WINDOW``; past ``MAP_WINDOW_CELLS`` it shrinks around their
    top-left corner, where the quantization error starts.
    """
    cols, rows = result.geometry.map_width, result.geometry.map_height
    if cols * rows <= MAP_WINDOW_CELLS:
        return Rect(0, 0, cols, rows)
    boxes = (result.quantized.cells, result.quantized.projected, result.grid.roi)
    focus = Rect(min(b.x1 for b in boxes), min(b.y1 for b in boxes), max(b.x2 for b in boxes), max(b.y2 for b in boxes))
    left, top = math.floor(focus.x1) - WINDOW_MARGIN, math.floor(focus.y1) - WINDOW_MARGIN
    need_w = max(math.ceil(focus.x2) + WINDOW_MARGIN - left, MIN_WINDOW[0])
    need_h = max(math.ceil(focus.y2) + WINDOW_MARGIN - top, MIN_WINDOW[1])
    shrink = min(1.0, math.sqrt(MAP_WINDOW_CELLS / (need_w * need_h)))
    width, height = min(cols, max(1, int(need_w * shrink))), min(rows, max(1, int(need_h * shrink)))
    if shrink == 1.0:  # centre the box in the window
        left -= (width - (math.ceil(focus.x2) + WINDOW_MARGIN - left)) // 2
        top -= (height - (math.ceil(focus.y2) + WINDOW_MARGIN - top)) // 2
    left, top = min(max(left, 0), cols - width), min(max(top, 0), rows - height)
    return Rect(left, top, left + width, top + height)


def photo_figure(image: LoadedImage, uri: str, result: BothMethods, window: Rect, fig_height: int = 580) -> go.Figure:
    """The photo in original pixels (a downscaled JPEG), padding, the cell grid, both methods' boxes.

    True box blue, RoI Pooling's quantized box vermillion (floor) or purple
    (round) with the lost and added pixels filled, RoI Align's bins green.
    Dragging draws a box selection (``dragmode="select"``).
    """
    display_w, display_h = _uri_size(uri)
    dx, dy = image.width / display_w, image.height / display_h
    fig = go.Figure(go.Image(source=uri, x0=dx / 2, y0=dy / 2, dx=dx, dy=dy,
                             hovertemplate="x %{x:.0f} px, y %{y:.0f} px<extra></extra>"))
    whole = Rect(0, 0, image.width, image.height)
    for padding in whole.minus(Rect.from_xywh(*image.picture)):
        figures.rect_shape(fig, padding, theme.BLACK, dash="dot", width=1, fill=PADDING_FILL, label="padding")
    stride = result.geometry.stride
    window_px = window.scaled(stride)
    if stride * fig_height / image.height >= MIN_GRID_CELLS_PX:
        figures.grid_lines(fig, window_px.width, window_px.height, stride, origin=(window_px.x1, window_px.y1))
    windowed = window != Rect(0, 0, result.geometry.map_width, result.geometry.map_height)
    if windowed:
        figures.rect_shape(fig, window_px, theme.GREY, dash="dash", width=2)
    quantized = result.quantized
    figures.fill_rects(fig, quantized.lost, theme.LOST_FILL)
    figures.fill_rects(fig, quantized.added, theme.ADDED_FILL)
    _align_bins(fig, result, stride)
    figures.rect_shape(fig, quantized.pixels, theme.QUANTIZATION_COLOURS[quantized.convention], dash="dash")
    figures.rect_shape(fig, result.settings.box_rect, theme.BLUE)
    figures.base_layout(fig, fig_height)
    return _finish(fig, quantized.convention, (0, image.width, 0, image.height), fills=True, windowed=windowed,
                   dragmode="select", newselection=NEW_SELECTION, hovermode="closest")


def map_figure(maps: np.ndarray, result: BothMethods, window: Rect, fig_height: int = 440) -> go.Figure:
    """The image's own feature map as a picture (each cell its mean colour), with both boxes in cells.

    Only the cells of ``window`` are drawn; hover gives each cell's row, column,
    red, green, blue and luminance means (0-1).
    """
    c0, r0, c1, r1 = (int(v) for v in (window.x1, window.y1, window.x2, window.y2))
    part = maps[:, r0:r1, c0:c1]
    rows, cols = np.mgrid[r0:r1, c0:c1]
    custom = np.concatenate([part.transpose(1, 2, 0), rows[..., None], cols[..., None]], axis=2)
    fig = go.Figure(go.Image(
        z=to_uint8(part[:3].transpose(1, 2, 0)), x0=c0 + 0.5, y0=r0 + 0.5, dx=1, dy=1,
        customdata=custom.astype(np.float32),
        hovertemplate="cell row %{customdata[4]:.0f}, col %{customdata[5]:.0f} (centre %{x}, %{y})<br>"
        "red %{customdata[0]:.3f}, green %{customdata[1]:.3f}, blue %{customdata[2]:.3f}<br>"
        "luminance %{customdata[3]:.3f}<extra></extra>",
    ))
    if c1 - c0 <= MAX_GRID_COLS:
        figures.grid_lines(fig, c1 - c0, r1 - r0, 1, colour="rgba(255,255,255,0.35)", origin=(c0, r0))
    quantized = result.quantized
    _align_bins(fig, result, 1)
    figures.rect_shape(fig, quantized.cells, theme.QUANTIZATION_COLOURS[quantized.convention], dash="dash")
    figures.rect_shape(fig, quantized.projected, theme.BLUE)
    figures.base_layout(fig, fig_height)
    return _finish(fig, quantized.convention, (c0, c1, r0, r1), fills=False)


def output_figure(values: np.ndarray, title: str, fig_height: int = 300) -> go.Figure:
    """One method's n x n output (one channel) with its values printed in the bins."""
    rows, cols = values.shape
    grid = figures.value_grid(values, decimals=3, hover_unit=" (0-1)", kind="output bin")
    fig = figures.map_axes(go.Figure(grid), cols, rows)
    figures.base_layout(fig, fig_height, title)
    return fig.update_layout(xaxis_showticklabels=False, yaxis_showticklabels=False, margin_t=70)


def to_uint8(values: np.ndarray) -> np.ndarray:
    """Values in 0-1 as display pixels 0-255."""
    return np.clip(np.rint(np.asarray(values) * 255.0), 0, 255).astype(np.uint8)


def seen_picture(output: np.ndarray, size: int = SEEN_SIZE) -> np.ndarray:
    """A method's (C, n, n) output, channels red, green, blue first, as a size x size picture (nearest)."""
    rgb = Image.fromarray(to_uint8(output[:3].transpose(1, 2, 0)))
    return np.asarray(rgb.resize((size, size), Image.Resampling.NEAREST))


def true_crop(rgb: np.ndarray, box: Rect, size: int = SEEN_SIZE) -> np.ndarray:
    """The box's pixels stretched to size x size, as the fixed n x n output stretches any box."""
    crop = rgb[int(box.y1):int(box.y2), int(box.x1):int(box.x2)]
    step = max(1, min(crop.shape[:2]) // (2 * size))  # skip pixels of a huge crop before filtering
    picture = Image.fromarray(np.ascontiguousarray(crop[::step, ::step]))
    return np.asarray(picture.resize((size, size), Image.Resampling.LANCZOS))


def _uri_size(uri: str) -> tuple[int, int]:
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as picture:
        return picture.size


def _align_bins(fig: go.Figure, result: BothMethods, scale: float) -> None:
    """RoI Align's bins as one trace of green lines, in pixels (scale = stride) or cells (scale = 1)."""
    grid = result.grid
    xs, ys = [], []
    for x in grid.x_edges:
        xs += [x * scale, x * scale, None]
        ys += [grid.y_edges[0] * scale, grid.y_edges[-1] * scale, None]
    for y in grid.y_edges:
        xs += [grid.x_edges[0] * scale, grid.x_edges[-1] * scale, None]
        ys += [y * scale, y * scale, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=theme.GREEN, width=2), hoverinfo="skip",
                             showlegend=False))


def _finish(fig: go.Figure, convention: str, extent: tuple[float, float, float, float], fills: bool,
            windowed: bool = False, **layout) -> go.Figure:
    """Axes over ``extent`` (x0, x1, y0, y1; y down, square units), a legend naming each colour, ``layout``.

    The legend's entries are traces with no points; it sits under the figure.
    ``fills`` adds the lost and added areas, ``windowed`` the map window's outline.
    """
    x0, x1, y0, y1 = extent
    fig.update_traces(showlegend=False, selector=dict(type="scatter"))  # the grid drawn so far: no entry
    entries = [("true box (no rounding)", theme.BLUE, "solid"),
               (f"RoI Pool box ({convention})", theme.QUANTIZATION_COLOURS[convention], "dash"),
               ("RoI Align bins", theme.GREEN, "solid")] + [("map window (below)", theme.GREY, "dash")] * windowed
    legend = [go.Scatter(x=[None], y=[None], mode="lines", name=name, line=dict(color=colour, width=3, dash=dash))
              for name, colour, dash in entries]
    if fills:
        legend += [go.Scatter(x=[None], y=[None], mode="markers", name=name,
                              marker=dict(color=colour, size=16, symbol="square"))
                   for name, colour in (("lost: object left out", theme.LOST_FILL),
                                        ("added: background", theme.ADDED_FILL))]
    fig.add_traces(legend)
    axis = dict(showgrid=False, zeroline=False, constrain="domain")
    return fig.update_layout(
        xaxis=dict(range=[x0, x1], side="top", **axis),
        yaxis=dict(range=[y1, y0], scaleanchor="x", scaleratio=1, **axis),
        showlegend=True, margin_b=70,
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0, font=dict(size=theme.FONT_SIZE - 1)),
        hoverlabel=dict(font_size=theme.FONT_SIZE),
        **layout,
    )
