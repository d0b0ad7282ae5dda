"""Lesson 2, quantization error: the box snapped to whole cells (floor vs round), what it loses and adds.

The true box and each convention's quantized box (``roi_core.QuantizedBox``) on
the image and on the map (one figure each, a subplot per convention), with the
area lost (part of the object left out) and the area added (part of the
neighbour brought in); then the slides' 7 x 7 examples
(``roi_core.RoIPoolTrace``). Every number comes from ``roi_core``; the figures
are plot-kit specs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from roi_core import (
    CHANNEL_NAMES,
    SLIDE_EXAMPLES,
    QuantizedBox,
    Rect,
    RoIPoolTrace,
    cell_means,
    map_geometry,
    trace_roi_pool,
)
from roi_core.lesson import SlideExample

from ..images.store import LoadedImage, display_image, scene_resized
from ..plot import kit, marks, theme
from ..plot.window import CellWindow
from ..words import palette
from ..words.conventions import QUANTIZATION, ROI_POOLING, TRUE_BOX_COLOUR
from ..words.notes import pooling_notes
from ..words.numbers import count, num, pair, px2

CONVENTIONS = QUANTIZATION.values  # ("floor", "round"): the page shows both side by side
NOTATION = {
    "floor": "⌊ ⌋: round down. X, Y, W and H are each floored.",
    "round": "⌊ ⌉: round half away from zero. Both corners are rounded and the end cell is included, hence + 1.",
}
SLIDE_DECIMALS = 2  # the examples' values are luminance averages (0-1)
LOST_COLOUR, ADDED_COLOUR = palette.VERMILLION, palette.YELLOW  # the hues of theme.LOST_FILL and theme.ADDED_FILL
SUBPLOT_WIDTH = 360  # px per subplot of a side-by-side figure on a 1280 px wide screen


def zoom_window(quantized: tuple[QuantizedBox, ...], margin: int = 1) -> CellWindow:
    """The cells around the true box (projected onto the map) and every quantized box, ``margin`` more each side."""
    geometry = quantized[0].geometry
    rects = [quantized[0].projected, *(q.cells for q in quantized)]
    return CellWindow.around(rects, margin, geometry.map_width, geometry.map_height)


def _boxes(q: QuantizedBox, scale: float) -> list[dict]:
    """The true box (solid) and the quantized box (dashed, the convention's colour); ``scale``: pixels → units."""
    return [
        kit.outline(q.true_box.scaled(scale), TRUE_BOX_COLOUR, width=3),
        kit.outline(q.pixels.scaled(scale), QUANTIZATION[q.convention].colour, dash="dash", width=4),
    ]


def subplot_title(convention: str) -> str:
    """A subplot's title: the convention's name and source, bold, in its colour (the dashed box's)."""
    return kit.bold(QUANTIZATION[convention].label, QUANTIZATION[convention].colour)


def _titles(quantized: tuple[QuantizedBox, ...]) -> list[str]:
    """The subplots' titles, one per convention."""
    return [subplot_title(q.convention) for q in quantized]


def _height(window: CellWindow, quantized: tuple[QuantizedBox, ...]) -> int:
    """The side-by-side figures' height: ``window`` in square cells across subplots ``SUBPLOT_WIDTH`` wide."""
    return kit.subplots_height(window.rect, SUBPLOT_WIDTH, _titles(quantized))


def _side_by_side(one: dict, quantized: tuple[QuantizedBox, ...], scale: float, shared: list[dict]) -> dict:
    """One subplot per convention on copies of the axes of ``one`` (same window, same zoom): the ``shared``
    traces, that convention's boxes and its lost and added areas; ``scale``: pixels → figure units."""
    layout = kit.subplots(one, _titles(quantized))
    layout["shapes"] = [kit.on_refs(box, index) for index, q in enumerate(quantized) for box in _boxes(q, scale)]
    data = [
        kit.on_axes(trace, index)
        for index, q in enumerate(quantized)
        for trace in (*shared, *marks.lost_and_added(q, scale))
    ]
    return kit.figure(data, layout)


def on_image(image: LoadedImage, quantized: tuple[QuantizedBox, ...], window: CellWindow) -> dict:
    """The image zoomed to ``window`` once per convention, side by side: its stride grid, the true box, that
    convention's quantized box and the lost and added areas (pixels)."""
    geometry = quantized[0].geometry
    stride, extent = geometry.stride, geometry.pixel_extent
    one = kit.image_layout(
        display_image(image).url,
        image.width,
        image.height,
        _height(window, quantized),
        view=window.rect.scaled(stride),
    )
    grid = kit.lines(kit.grid_path(extent.x2, extent.y2, stride), theme.GRID_LINE, width=1)
    return _side_by_side(one, quantized, 1.0, [grid])


def on_map(feature_map: np.ndarray, quantized: tuple[QuantizedBox, ...], window: CellWindow, decimals: int) -> dict:
    """The map's values in ``window`` once per convention, side by side: the true box, that convention's
    quantized box and the lost and added areas, in cells."""
    one = kit.map_layout(window, _height(window, quantized))
    grid = kit.value_grid(feature_map, decimals, window)
    return _side_by_side(one, quantized, quantized[0].geometry.spatial_scale, [grid])


def convention_title(convention: str, selected: str) -> str:
    """A column's title: the convention's name and source, "· selected" for the sidebar's choice."""
    return QUANTIZATION[convention].label + (" · selected" if convention == selected else "")


def projection_latex(q: QuantizedBox) -> str:
    """The box's corners and size divided by the stride, written out with the slides' numbers."""
    box, p, s = q.true_box, q.projected, q.geometry.stride
    return (
        r"\begin{aligned}"
        rf"x_1 &= \tfrac{{{num(box.x1)}}}{{{s}}} = {num(p.x1)} & y_1 &= \tfrac{{{num(box.y1)}}}{{{s}}} = {num(p.y1)} \\"
        rf"x_2 &= \tfrac{{{num(box.x1)} + {num(box.width)}}}{{{s}}} = {num(p.x2)} & "
        rf"y_2 &= \tfrac{{{num(box.y1)} + {num(box.height)}}}{{{s}}} = {num(p.y2)} \\"
        rf"w &= \tfrac{{{num(box.width)}}}{{{s}}} = {num(p.width)} & "
        rf"h &= \tfrac{{{num(box.height)}}}{{{s}}} = {num(p.height)}"
        r"\end{aligned}"
    )


def projection_words(q: QuantizedBox) -> str:
    """Where the projected box's corners fall, in cells, and why that is a problem."""
    p = q.projected
    return (
        f"In cells the box runs from **{pair(p.x1, p.y1)}** to **{pair(p.x2, p.y2)}**: its edges fall inside "
        f"cells, not on their borders. {ROI_POOLING} cannot read a fraction of a cell."
    )


def quantization_latex(q: QuantizedBox) -> str:
    """X, Y, W, H of the quantized box as its convention computes them.

    floor: the floor of each; round: the corners rounded half away from zero
    (written with the brackets ⌊ ⌉), the end cell included.
    """
    p = q.projected
    if q.convention == "floor":
        return (
            r"\begin{aligned}"
            rf"X &= \lfloor {num(p.x1)} \rfloor = {q.X} & Y &= \lfloor {num(p.y1)} \rfloor = {q.Y} \\"
            rf"W &= \lfloor {num(p.width)} \rfloor = {q.W} & H &= \lfloor {num(p.height)} \rfloor = {q.H}"
            r"\end{aligned}"
        )
    last_col, last_row = q.last_cell
    return (
        r"\begin{aligned}"
        rf"X &= \lfloor {num(p.x1)} \rceil = {q.X} & Y &= \lfloor {num(p.y1)} \rceil = {q.Y} \\"
        rf"x_2 &= \lfloor {num(p.x2)} \rceil = {last_col} & y_2 &= \lfloor {num(p.y2)} \rceil = {last_row} \\"
        rf"W &= {last_col} - {q.X} + 1 = {q.W} & H &= {last_row} - {q.Y} + 1 = {q.H}"
        r"\end{aligned}"
    )


def numbers_table(q: QuantizedBox) -> str:
    """Markdown: the quantized box, its origin shift and size change (cells and px), lost and added px², IoU."""
    return "\n".join(
        (
            f"**X={q.X}, Y={q.Y}, W={q.W}, H={q.H}** (cells)",
            "",
            f"- **Origin shift** (x, y): {pair(*q.origin_shift_cells, 4)} cells = {pair(*q.origin_shift_px, 1)} px",
            f"- **Size change** (w, h): {pair(*q.size_change_cells, 4)} cells = {pair(*q.size_change_px, 1)} px",
            "",
            "| lost | added | IoU |",
            "|---|---|---|",
            f"| {px2(q.lost_area)} | {px2(q.added_area)} | {num(q.iou)} |",
        )
    )


def second_quantization_text(trace: RoIPoolTrace) -> str:
    """One sentence on the bins that come next: their size in cells and the cells no bin reads."""
    rows, cols = trace.output_size
    bin_h, bin_w = trace.bin_size
    q = trace.quantized
    sentence = (
        f"Next, {ROI_POOLING} cuts these {q.W} x {q.H} cells into {cols} x {rows} bins of "
        f"{num(bin_w)} x {num(bin_h)} cells (width x height)"
    )
    if trace.dropped_cells:
        dropped = count(len(trace.dropped_cells), "cell")
        return f"{sentence}: no bin reads {dropped} of the box (second quantization)."
    return f"{sentence}: every cell of the box is read."


def guard_notes(trace: RoIPoolTrace) -> list[str]:
    """What the convention had to guard against for this box (a side floored to 0, a box off the map), as captions."""
    return [f"Note: {note}." for note in pooling_notes(trace)]


def legend() -> str:
    """The legend of the image's and the map's figures in words, colours named from the palette and the vocabulary."""
    floor, round_ = (QUANTIZATION[c] for c in CONVENTIONS)
    return (
        f"**Legend.** {TRUE_BOX_COLOUR.name.capitalize()} solid outline: the true box. Dashed outline: the "
        f"quantized box ({floor.colour.name}: {floor.short}, {round_.colour.name}: {round_.short}). "
        f"Hatched ///, light {LOST_COLOUR.name}: **lost**, the part of the object the quantized box leaves out. "
        f"Dotted, {ADDED_COLOUR.name}: **added**, the part of the neighbour (background, the father) it brings in. "
        'Negative shifts move the box left or up; negative size changes crop it. "selected": the convention '
        f"chosen in the sidebar, used by the {ROI_POOLING} lesson."
    )


@dataclass(frozen=True)
class SlideCase:
    """One of the slides' 7 x 7 examples worked out: its map (read-only) and its floor trace."""

    example: SlideExample
    feature_map: np.ndarray
    trace: RoIPoolTrace


@lru_cache(maxsize=len(SLIDE_EXAMPLES))
def slide_case(index: int) -> SlideCase:
    """``SLIDE_EXAMPLES[index]`` under floor (the slides), computed once per process.

    The map is the luminance of the built-in scene resized to the example's
    image size, averaged per cell (never an upload); the output is the
    example's (2 x 2).
    """
    example = SLIDE_EXAMPLES[index]
    image = scene_resized(example.image_size, example.image_size)
    feature_map = cell_means(image.rgb, example.stride)[CHANNEL_NAMES.index("luminance")]
    feature_map.flags.writeable = False
    geometry = map_geometry(image.width, image.height, example.stride)
    trace = trace_roi_pool(feature_map, Rect.from_xywh(*example.box), geometry, example.output_size, "floor")
    return SlideCase(example, feature_map, trace)


def slide_cases() -> list[SlideCase]:
    """Every slide example, in the slides' order."""
    return [slide_case(index) for index in range(len(SLIDE_EXAMPLES))]


def slides_heading(case: SlideCase) -> str:
    """ "The slides' 7 x 7 examples: a 224 x 224 image pooled to 2 x 2 (floor, as the slides)"."""
    g, (rows, cols) = case.trace.quantized.geometry, case.trace.output_size
    return (
        f"The slides' {g.map_width} x {g.map_height} examples: a {g.image_width} x {g.image_height} image pooled to "
        f"{cols} x {rows} ({QUANTIZATION['floor'].short}, as {QUANTIZATION['floor'].source})"
    )


def slides_intro(case: SlideCase) -> str:
    """What the examples' figures show, colours named."""
    g, (rows, cols) = case.trace.quantized.geometry, case.trace.output_size
    return (
        f"The object's box on the {g.map_width} x {g.map_height} map, split into {cols} x {rows} bins of whole "
        f"cells. Thin {palette.BLACK.name} lines: the bins. Hatched {palette.GREY.name}: cells no bin reads. "
        f"Values: the {g.image_width} x {g.image_height} scene's luminance per {g.stride} x {g.stride} cell."
    )


def slide_figure(case: SlideCase, fig_height: int = 420) -> dict:
    """A 7 x 7 map with the true box, the floor-quantized box, the output bins and the dropped cells."""
    q, trace = case.trace.quantized, case.trace
    rows, cols = case.feature_map.shape
    window = CellWindow.whole(cols, rows)
    layout = kit.map_layout(window, fig_height)
    layout["shapes"] = _boxes(q, q.geometry.spatial_scale)
    data = [
        kit.value_grid(case.feature_map, SLIDE_DECIMALS),
        marks.dropped_cells(trace),
        marks.pool_bins(trace, palette.BLACK),
    ]
    return kit.figure(data, layout)


def bin_latex(trace: RoIPoolTrace) -> str:
    """The floor convention's two quantizations of one box: its size in cells, then the bin size."""
    q = trace.quantized
    rows, cols = trace.output_size
    bin_h, bin_w = trace.bin_size
    return (
        r"\begin{aligned}"
        rf"W &= \lfloor {num(q.projected.width)} \rfloor = {q.W} & "
        rf"H &= \lfloor {num(q.projected.height)} \rfloor = {q.H} \\"
        rf"w_\text{{bin}} &= \lfloor {q.W} / {cols} \rfloor = {num(bin_w)} & "
        rf"h_\text{{bin}} &= \lfloor {q.H} / {rows} \rfloor = {num(bin_h)}"
        r"\end{aligned}"
    )
