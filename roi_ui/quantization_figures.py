"""Figures and formulas of the 'Quantization error' lesson.

The true box and the quantized box (``roi_core.QuantizedBox``) on the image and
on the feature map, with the area lost (part of the object left out) and the
area added (part of the neighbour brought in); and the slides' 7 x 7 examples
(``roi_core.RoIPoolTrace``). Every number comes from ``roi_core``. Figures are
built in one call from specs (``roi_ui.figures``), which is fast; the slides'
examples never change and are built once.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from roi_core import (CHANNEL_NAMES, SLIDE_EXAMPLES, QuantizedBox, Rect, RoIPoolTrace, cell_means, cells_touched,
                      map_geometry, trace_roi_pool)

from . import figures, text, theme
from .feature_map_figures import indexed_value_grid, touched_rect
from .images import LoadedImage, display_uri, scene_resized

LOST_PATTERN = "/"  # hatching as well as colour: never colour alone
ADDED_PATTERN = "."
DROPPED_FILL = "rgba(127, 127, 127, 0.45)"
CONVENTION_TITLES = {"floor": "floor — the slides", "round": "round — torchvision roi_pool"}
CONVENTION_NOTES = {
    "floor": "⌊ ⌋: round down. X, Y, W and H are each floored.",
    "round": "⌊ ⌉: round half away from zero. Both corners are rounded and the end cell is included, hence + 1.",
}


def zoom_window(quantized: tuple[QuantizedBox, ...], margin_cells: int = 1) -> Rect:
    """Cells around the true box and every quantized box, ``margin_cells`` more on each side, within the map."""
    geometry = quantized[0].geometry
    rects = [touched_rect(cells_touched(quantized[0].true_box, geometry)), *(q.cells for q in quantized)]
    return Rect(
        max(min(r.x1 for r in rects) - margin_cells, 0),
        max(min(r.y1 for r in rects) - margin_cells, 0),
        min(max(r.x2 for r in rects) + margin_cells, geometry.map_width),
        min(max(r.y2 for r in rects) + margin_cells, geometry.map_height),
    )


def on_image(image: LoadedImage, q: QuantizedBox, window: Rect, fig_height: int = 360) -> go.Figure:
    """The image (zoomed to ``window``, in cells) with the stride grid, both boxes and the lost/added areas."""
    stride = q.geometry.stride
    view = window.scaled(stride)
    layout = figures.layout_spec(fig_height) | figures.image_spec(display_uri(image.digest, image.rgb),
                                                                  image.width, image.height)
    layout["xaxis"]["range"] = [view.x1, view.x2]
    layout["yaxis"]["range"] = [view.y2, view.y1]
    layout["shapes"] = _box_shapes(q, scale=1.0)
    extent = q.geometry.pixel_extent
    traces = [figures.grid_trace(extent.x2, extent.y2, stride), *_area_traces(q, scale=1.0)]
    return go.Figure(traces, figures.keep_ranges(layout))


def on_map(feature_map: np.ndarray, q: QuantizedBox, window: Rect, decimals: int = 1,
           fig_height: int = 360) -> go.Figure:
    """The feature map's values (zoomed to ``window``) with both boxes and the lost/added areas, in cells."""
    rows, cols = feature_map.shape
    layout = figures.layout_spec(fig_height) | figures.map_axes_spec(cols, rows)
    layout["xaxis"]["range"] = [window.x1, window.x2]
    layout["yaxis"]["range"] = [window.y2, window.y1]
    layout["shapes"] = _box_shapes(q, scale=q.geometry.spatial_scale)
    traces = [indexed_value_grid(feature_map, decimals, window), *_area_traces(q, q.geometry.spatial_scale)]
    return go.Figure(traces, figures.keep_ranges(layout))


def _area_traces(q: QuantizedBox, scale: float) -> tuple[go.Scatter, go.Scatter]:
    """Lost (hatched) and added (dotted) areas; ``scale`` maps pixels to the figure's units."""
    return (
        area_trace([r.scaled(scale) for r in q.lost], theme.LOST_FILL, LOST_PATTERN,
                   f"lost: part of the object left out ({text.num(q.lost_area)} px²)"),
        area_trace([r.scaled(scale) for r in q.added], theme.ADDED_FILL, ADDED_PATTERN,
                   f"added: part of the neighbour brought in ({text.num(q.added_area)} px²)"),
    )


def _box_shapes(q: QuantizedBox, scale: float) -> list[dict]:
    """The true box (blue, solid) and the quantized box (the convention's colour, dashed)."""
    return [
        figures.rect_spec(q.true_box.scaled(scale), theme.BLUE, width=3),
        figures.rect_spec(q.pixels.scaled(scale), theme.QUANTIZATION_COLOURS[q.convention], dash="dash", width=4),
    ]


def area_trace(rects, fill: str, pattern: str, label: str) -> go.Scatter:
    """Filled, patterned rectangles as one trace; hover names the area."""
    xs, ys = [], []
    for r in rects:
        xs += [r.x1, r.x2, r.x2, r.x1, r.x1, None]
        ys += [r.y1, r.y1, r.y2, r.y2, r.y1, None]
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, line=dict(width=0),
                      fillpattern=dict(shape=pattern, fgcolor=theme.BLACK, fgopacity=0.55, bgcolor=fill, size=8),
                      hoveron="fills", hoverinfo="text", text=label, name=label)


def projection_latex(q: QuantizedBox) -> str:
    """The box's corners and size divided by the stride, written out with the slides' numbers."""
    box, p, s = q.true_box, q.projected, q.geometry.stride
    n = text.num
    return (
        r"\begin{aligned}"
        rf"x_1 &= \tfrac{{{n(box.x1)}}}{{{s}}} = {n(p.x1)} & y_1 &= \tfrac{{{n(box.y1)}}}{{{s}}} = {n(p.y1)} \\"
        rf"x_2 &= \tfrac{{{n(box.x1)} + {n(box.width)}}}{{{s}}} = {n(p.x2)} & "
        rf"y_2 &= \tfrac{{{n(box.y1)} + {n(box.height)}}}{{{s}}} = {n(p.y2)} \\"
        rf"w &= \tfrac{{{n(box.width)}}}{{{s}}} = {n(p.width)} & h &= \tfrac{{{n(box.height)}}}{{{s}}} = {n(p.height)}"
        r"\end{aligned}"
    )


def quantization_latex(q: QuantizedBox) -> str:
    """X, Y, W, H of the quantized box as the convention computes them.

    floor: the floor of each; round: corners rounded (written with the brackets
    of the nearest integer), the end cell included.
    """
    p, n = q.projected, text.num
    if q.convention == "floor":
        return (
            r"\begin{aligned}"
            rf"X &= \lfloor {n(p.x1)} \rfloor = {q.X} & Y &= \lfloor {n(p.y1)} \rfloor = {q.Y} \\"
            rf"W &= \lfloor {n(p.width)} \rfloor = {q.W} & H &= \lfloor {n(p.height)} \rfloor = {q.H}"
            r"\end{aligned}"
        )
    last_col, last_row = q.last_cell
    return (
        r"\begin{aligned}"
        rf"X &= \lfloor {n(p.x1)} \rceil = {q.X} & Y &= \lfloor {n(p.y1)} \rceil = {q.Y} \\"
        rf"x_2 &= \lfloor {n(p.x2)} \rceil = {last_col} & y_2 &= \lfloor {n(p.y2)} \rceil = {last_row} \\"
        rf"W &= {last_col} - {q.X} + 1 = {q.W} & H &= {last_row} - {q.Y} + 1 = {q.H}"
        r"\end{aligned}"
    )


def numbers_table(q: QuantizedBox) -> str:
    """A Markdown table of the quantized box, its shift and crop (cells and pixels), lost and added areas, IoU."""
    dx, dy = q.origin_shift_cells
    dw, dh = q.size_change_cells
    px_x, px_y = q.origin_shift_px
    px_w, px_h = q.size_change_px
    return "\n".join((
        f"**X={q.X}, Y={q.Y}, W={q.W}, H={q.H}** (cells)",
        "",
        f"- **Origin shift** (x, y): {text.pair(dx, dy, 4)} cells = {text.pair(px_x, px_y, 1)} px",
        f"- **Size change** (w, h): {text.pair(dw, dh, 4)} cells = {text.pair(px_w, px_h, 1)} px",
        "",
        "| lost | added | IoU |",
        "|---|---|---|",
        f"| {text.num(q.lost_area)} px² | {text.num(q.added_area)} px² | {text.num(q.iou)} |",
    ))


def second_quantization_text(trace: RoIPoolTrace) -> str:
    """One sentence on the bins that come next: their size in cells and the cells no bin reads."""
    rows, cols = trace.output_size
    bin_h, bin_w = trace.bin_size
    q = trace.quantized
    sentence = (f"Next, RoI Pooling cuts these {q.W} x {q.H} cells into {cols} x {rows} bins of "
                f"{text.num(bin_w)} x {text.num(bin_h)} cells (width x height)")
    if trace.dropped_cells:
        return sentence + f": {len(trace.dropped_cells)} cells of the box are read by no bin (second quantization)."
    return sentence + ": every cell of the box is read."


@st.cache_resource(max_entries=len(SLIDE_EXAMPLES), show_spinner=False)
def slide_example_view(index: int) -> tuple[RoIPoolTrace, go.Figure]:
    """The slides' 7 x 7 example ``SLIDE_EXAMPLES[index]``, computed once: its floor trace and its figure.

    The map is the luminance of the scene resized to the example's image size,
    averaged per cell; the output is the example's (2 x 2).
    """
    example = SLIDE_EXAMPLES[index]
    image = scene_resized(example.image_size, example.image_size)
    feature_map = cell_means(image.rgb, example.stride)[CHANNEL_NAMES.index("luminance")]
    geometry = map_geometry(image.width, image.height, example.stride)
    trace = trace_roi_pool(feature_map, Rect.from_xywh(*example.box), geometry, example.output_size, "floor")
    return trace, slide_example(feature_map, trace)


def slide_example(feature_map: np.ndarray, trace: RoIPoolTrace, fig_height: int = 420) -> go.Figure:
    """A 7 x 7 map with the true box, the floor-quantized box, the output bins and the dropped cells."""
    rows, cols = feature_map.shape
    q = trace.quantized
    dropped = [Rect(c, r, c + 1, r + 1) for r, c in trace.dropped_cells]
    layout = figures.layout_spec(fig_height) | figures.map_axes_spec(cols, rows)
    layout["shapes"] = [
        *(figures.rect_spec(Rect(b.cols[0], b.rows[0], b.cols[1], b.rows[1]), theme.BLACK, dash="dot", width=2)
          for b in trace.bins),
        figures.rect_spec(q.projected, theme.BLUE, width=3),
        figures.rect_spec(q.pixels.scaled(q.geometry.spatial_scale), theme.VERMILLION, dash="dash", width=4),
    ]
    traces = [indexed_value_grid(feature_map, 2),
              area_trace(dropped, DROPPED_FILL, "x", "dropped: read by no bin")]
    return go.Figure(traces, figures.keep_ranges(layout))


def bin_latex(trace: RoIPoolTrace) -> str:
    """The floor convention's two quantizations of one box: its size in cells, then the bin size."""
    q, n = trace.quantized, text.num
    rows, cols = trace.output_size
    bin_h, bin_w = trace.bin_size
    return (
        r"\begin{aligned}"
        rf"W &= \lfloor {n(q.projected.width)} \rfloor = {q.W} & "
        rf"H &= \lfloor {n(q.projected.height)} \rfloor = {q.H} \\"
        rf"w_\text{{bin}} &= \lfloor {q.W} / {cols} \rfloor = {n(bin_w)} & "
        rf"h_\text{{bin}} &= \lfloor {q.H} / {rows} \rfloor = {n(bin_h)}"
        r"\end{aligned}"
    )
