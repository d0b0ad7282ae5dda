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
LOST_COLOUR, ADDED_COLOUR, DROPPED_COLOUR = palette.VERMILLION, palette.YELLOW, palette.GREY
# Tints (the values stay readable through them) and an edge style each: colour is never the only code.
LOST = dict(fill=LOST_COLOUR.rgba(0.28), edge=LOST_COLOUR, dash="dot", words="lost: part of the object left out")
ADDED = dict(
    fill=ADDED_COLOUR.rgba(0.45), edge=palette.GREY, dash="dashdot", words="added: part of the neighbour brought in"
)
DROPPED_FILL = DROPPED_COLOUR.rgba(0.3)
PLOT_WIDTH = 330  # px: the width a convention's figure is sized for (a column of a 1280 px screen, a phone)
# px: presenter mode keeps a section on one 1280 x 720 screen; the image (no printed values) can be smaller
MAX_HEIGHT = {(False, True): 420, (True, True): 360, (False, False): 420, (True, False): 290}
MIN_CELL = {False: 26, True: 36}  # px: the height a cell needs for its printed value (presenter type is larger)
SLIDE_HEIGHT = {False: 380, True: 360}
# The side-by-side parts of the page (a key each): their columns stack when the part is narrower than
# ``STACK_BELOW`` px (a browser zoomed in beside the sidebar), as Streamlit stacks them on a phone.
SIDE_BY_SIDE = ("snap_on_image", "snap_on_map", "snap_numbers", "slide_examples")
STACK_BELOW = 640
STACK_CSS = "".join(
    f".st-key-{key} {{ container-type: inline-size; }}"
    f"@container (max-width: {STACK_BELOW}px) {{"
    f' .st-key-{key} [data-testid="stHorizontalBlock"] {{ flex-direction: column; }}'
    f' .st-key-{key} [data-testid="stColumn"] {{ width: 100% !important; flex: 1 1 auto !important; }} }}'
    for key in SIDE_BY_SIDE
)


def zoom_window(quantized: tuple[QuantizedBox, ...], margin: int = 1) -> CellWindow:
    """The cells around the true box (projected onto the map) and every quantized box, ``margin`` more each side."""
    geometry = quantized[0].geometry
    rects = [quantized[0].projected, *(q.cells for q in quantized)]
    return CellWindow.around(rects, margin, geometry.map_width, geometry.map_height)


def _boxes(q: QuantizedBox, scale: float) -> list[dict]:
    """The true box (solid) and the quantized box (dashed, the convention's colour) as line traces, drawn under the
    printed values; ``scale``: pixels → figure units."""
    return [
        kit.lines(kit.rect_path([q.true_box.scaled(scale)]), TRUE_BOX_COLOUR, 3),
        kit.lines(kit.rect_path([q.pixels.scaled(scale)]), QUANTIZATION[q.convention].colour, 4, "dash"),
    ]


def _tinted(rects: list[Rect], style: dict, hover: str) -> dict:
    """Rectangles tinted with ``style``'s fill and edged in its colour and dash (one trace), with a hover."""
    return kit.lines(kit.rect_path(rects), style["edge"], 2, style["dash"], fill=style["fill"], hover=hover)


def lost_and_added(q: QuantizedBox, scale: float) -> list[dict]:
    """The areas the quantized box leaves out (vermillion tint, dotted edge) and brings in (yellow tint, dash-dot
    edge); ``scale``: pixels → figure units. Tints, not hatching: the values under them stay readable."""
    return [
        _tinted([r.scaled(scale) for r in rects], style, f"{style['words']} ({px2(area)})")
        for rects, area, style in ((q.lost, q.lost_area, LOST), (q.added, q.added_area, ADDED))
    ]


def figure_height(window: CellWindow, presenting: bool, values: bool = True) -> int:
    """The height of a convention's figure: ``window`` in square cells ``PLOT_WIDTH`` px wide, at most
    ``MAX_HEIGHT``, and (``values``: the map) tall enough for each cell to hold its printed value."""
    rect = window.rect
    plot = round(PLOT_WIDTH * rect.height / rect.width)
    if values:
        plot = max(plot, MIN_CELL[presenting] * rect.height)
    return min(plot + kit.TICK_LABELS_HEIGHT + 10, MAX_HEIGHT[presenting, values])


def _one(layout: dict, q: QuantizedBox, scale: float, under: list[dict]) -> dict:
    """One convention's figure: the ``under`` traces, its lost and added areas, then its two boxes."""
    return kit.figure([*under, *lost_and_added(q, scale), *_boxes(q, scale)], layout)


def image_alt(q: QuantizedBox) -> str:
    """The text alternative of ``on_image`` for the convention of ``q``."""
    return (
        f"The image around the box with its {q.geometry.stride} px grid: the true box, the box snapped to whole "
        f"cells by {QUANTIZATION[q.convention].label}, the part of the object it leaves out and the background it "
        "brings in."
    )


def on_image(image: LoadedImage, q: QuantizedBox, window: CellWindow, fig_height: int) -> dict:
    """The image zoomed to ``window``: its stride grid, the true box, the convention's quantized box and the lost
    and added areas (pixels)."""
    stride, extent = q.geometry.stride, q.geometry.pixel_extent
    layout = kit.image_layout(
        display_image(image).url, image.width, image.height, fig_height, view=window.rect.scaled(stride)
    )
    grid = kit.lines(kit.grid_path(extent.x2, extent.y2, stride), theme.GRID_LINE, width=1)
    return _one(layout, q, 1.0, [grid])


def on_map(feature_map: np.ndarray, q: QuantizedBox, window: CellWindow, decimals: int, fig_height: int) -> dict:
    """The map's values in ``window``: the true box, the convention's quantized box and the lost and added areas,
    in cells, every value printed above them."""
    grid = kit.value_grid(feature_map, decimals, window)
    layout = kit.map_layout(window, fig_height)
    layout["xaxis"]["dtick"] = kit.tick_step(2 * window.span)  # room for two-digit labels in a narrow column
    return _one(layout, q, q.geometry.spatial_scale, [grid])


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
        f"Light {LOST_COLOUR.name} tint, dotted edge: **lost**, the part of the object the quantized box leaves out. "
        f"Light {ADDED_COLOUR.name} tint, dash-dot {ADDED['edge'].name} edge: **added**, the part of the neighbour "
        "(background, the father) it brings in."
    )


def table_note() -> str:
    """What the signs in the numbers tables mean, and what "selected" means."""
    return (
        'Negative shifts move the box left or up; negative size changes crop it. "selected": the convention '
        f"chosen in the settings, used by the {ROI_POOLING} lesson."
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
        f"cells. Thin {palette.BLACK.name} lines: the bins. {DROPPED_COLOUR.name.capitalize()} tint, dotted edge: "
        "cells no bin reads. "
        f"Values: the {g.image_width} x {g.image_height} scene's luminance per {g.stride} x {g.stride} cell."
    )


def slide_figure(case: SlideCase, fig_height: int = SLIDE_HEIGHT[False]) -> dict:
    """A 7 x 7 map with the output bins, the dropped cells (grey tint, dotted edge), the true box and the
    floor-quantized box, every value printed above them."""
    q, trace = case.trace.quantized, case.trace
    rows, cols = case.feature_map.shape
    dropped = kit.lines(
        kit.rect_path(kit.cell_rects(trace.dropped_cells)),
        DROPPED_COLOUR,
        1,
        "dot",
        fill=DROPPED_FILL,
        hover="a cell no bin reads",
    )
    data = [
        kit.value_grid(case.feature_map, SLIDE_DECIMALS),
        dropped,
        marks.pool_bins(trace, palette.BLACK),
        *_boxes(q, q.geometry.spatial_scale),
    ]
    return kit.figure(data, kit.map_layout(CellWindow.whole(cols, rows), fig_height))


def iou_words(trace: RoIPoolTrace) -> str:
    """The IoU of the quantized box with the ground-truth box, in words."""
    return f"IoU of the quantized box with the ground-truth box: **{num(trace.quantized.iou)}**"


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
