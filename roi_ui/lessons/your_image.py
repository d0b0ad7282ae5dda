"""Lesson 7, your image: a photo with both methods' boxes, its own feature map, and what each method sees.

Everything drawn comes from a ``roi_core.BothMethods`` result (both methods on
the image's red, green, blue and luminance cell means); figures are plot-kit
specs. Payloads stay small: the photo is a cached, downscaled JPEG; a big
feature map is sent as a window of cells around the box.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from roi_core import CHANNEL_NAMES, AlignBin, BothMethods, LessonSettings, PoolBin, Rect, clamp_box

from ..images.pictures import to_uint8
from ..images.store import DisplayImage, LoadedImage
from ..plot import kit, marks, theme
from ..plot.theme import TYPE
from ..plot.window import CellWindow
from ..words.conventions import (
    ALIGN_COLOUR,
    ALIGNED,
    LAYOUT,
    POOLING,
    QUANTIZATION,
    ROI_ALIGN,
    ROI_POOLING,
    SAMPLING,
    SETTINGS_PLACE,
    TRUE_BOX,
    TRUE_BOX_COLOUR,
    pooling_colour,
)
from ..words.numbers import num, px, px2
from ..words.palette import BLACK, GREY, WHITE

MAP_WINDOW_CELLS = 2_500  # a map with more cells is shown as a window of at most this many around the box
MIN_WINDOW = (24, 16)  # cols, rows: context around a small box
WINDOW_MARGIN = 2  # cells around the box
MIN_GRID_CELLS_PX = 10  # draw the cell grid on the photo only when cells are at least this tall on screen
MAX_GRID_COLS = 40  # draw the grid on the map picture only up to this many columns (else it hides the colours)
SEEN_SIZE = 220  # pixels per side of the "what each method sees" pictures
SEEN_SIZES = (SEEN_SIZE, 170)  # px per side as shown: normal mode, presenter mode (three beside the numbers)
OUTPUT_DECIMALS = 3  # the outputs' luminance (0-1): three decimals tell neighbouring bins apart
OUTPUT_WIDTH, OUTPUT_GAP = 240, 0.12  # px per output grid on a 1280 px wide screen; share of the width between
OUTPUT_RIGHT = 30  # px right of the output grids
TICK_STANDOFF = 8  # px between the axes and their tick labels: the x and y labels at the corner stay apart
PHOTO_HEIGHTS = (580, 440)  # px of the photo figure: normal mode, presenter mode (one 1280 x 720 screen)
MAP_HEIGHTS = (440, 420)  # px of the feature-map figure: normal mode, presenter mode
METRIC_WIDTH = 250  # px per area metric: they wrap onto as many rows as the width needs, never cut
LUMINANCE = CHANNEL_NAMES.index("luminance")  # the channel whose output values are printed
PHOTO_DISPLAY_SIDE = 720  # pixels per side of the JPEG sent to the browser
PADDING_FILL = GREY.rgba(0.55)
MAX_NOTED_CELLS = 400  # cells read: past this (a box of much of a large photo) the map names no bins (payload)
MIN_TARGET, TARGET_SHARE = 8, 0.8  # px: a map cell's click target, at least, and its share of the cell's height
MAP_GRID_LINE = WHITE.rgba(0.35)
SEEN_WORDS = (
    f"Every box, whatever its size, becomes the same n x n grid. **{ROI_POOLING}** reads only the whole cells of "
    f"its rounded box, and its bins may skip some; **{ROI_ALIGN}** samples the exact box. "
    f"{POOLING['max'].short.capitalize()} pooling takes red, green and blue separately, so its colours can mix."
)
CROP_CAPTION = "Your box's pixels, stretched to a square"
NO_UPLOAD = (
    f"No photo uploaded in this browser session yet: choose **my own image** in {SETTINGS_PLACE}. Until then, this "
    "page shows the built-in scene."
)


# --- which cells the map shows ---------------------------------------------------------------------------


def map_window(result: BothMethods) -> CellWindow:
    """The cells to show: the whole map if small, else a window around both methods' boxes.

    The window keeps ``WINDOW_MARGIN`` cells around the boxes (RoI Pooling's
    quantized box, the projected true box, RoI Align's box) and at least
    ``MIN_WINDOW``, centred on them; past ``MAP_WINDOW_CELLS`` it shrinks around
    their top-left corner, where the quantization error starts. It always lies
    on the map.
    """
    cols, rows = result.geometry.map_width, result.geometry.map_height
    if cols * rows <= MAP_WINDOW_CELLS:
        return CellWindow.whole(cols, rows)
    quantized = result.quantized
    focus = CellWindow.around((quantized.cells, quantized.projected, result.grid.roi), 0, cols, rows)
    need = (
        max(focus.col1 + WINDOW_MARGIN - (focus.col0 - WINDOW_MARGIN), MIN_WINDOW[0]),
        max(focus.row1 + WINDOW_MARGIN - (focus.row0 - WINDOW_MARGIN), MIN_WINDOW[1]),
    )
    shrink = min(1.0, math.sqrt(MAP_WINDOW_CELLS / (need[0] * need[1])))
    col0, col1 = _window_span(focus.col0, focus.col1, need[0], shrink, cols)
    row0, row1 = _window_span(focus.row0, focus.row1, need[1], shrink, rows)
    return CellWindow(col0, col1, row0, row1, cols, rows)


def _window_span(start: int, stop: int, need: int, shrink: float, size: int) -> tuple[int, int]:
    """One axis of the map window: ``need`` cells (times ``shrink``) from ``WINDOW_MARGIN`` before ``start``,
    centred on [start, stop) when not shrunk, moved onto the map's ``size`` cells."""
    length = min(size, max(1, int(need * shrink)))
    first = start - WINDOW_MARGIN
    if shrink == 1.0:
        first -= (length - (stop + WINDOW_MARGIN - first)) // 2
    first = min(max(first, 0), size - length)
    return first, first + length


# --- the photo and the map -----------------------------------------------------------------------------


PHOTO_ALT = (
    "Your image with the region of interest: the true box, RoI Pooling's box snapped to whole cells and RoI "
    "Align's bins; drag on the image to draw a new box."
)
MAP_ALT = "The feature map made from your image, each cell its patch's mean colour, with the same boxes in cells."


Chosen = tuple[PoolBin, AlignBin]  # the chosen output bin, as each method read it (the linked views)


def chosen_marks(chosen: Chosen | None, scale: float) -> list[dict]:
    """What the chosen output bin read with each method (``marks.pool_bin_reads``, ``marks.align_bin_reads``) in
    figure units (``scale``: 1 on the map, the stride on the photo); nothing without a chosen bin."""
    if chosen is None:
        return []
    pool_bin, align_bin = chosen
    return [marks.pool_bin_reads(pool_bin, scale=scale), *marks.align_bin_reads(align_bin, scale=scale)]


def photo_figure(
    image: LoadedImage,
    shown: DisplayImage,
    result: BothMethods,
    window: CellWindow,
    fig_height: int = 580,
    chosen: Chosen | None = None,
) -> dict:
    """The photo in original pixels (a downscaled JPEG, stretched: a layout image, as Plotly shows a picture
    served by URL), padding, the cell grid, both methods' boxes.

    True box blue, RoI Pooling's quantized box in its quantization's colour
    with the lost and added pixels filled, RoI Align's bins green, what the
    ``chosen`` output bin read in black. Dragging draws a box selection
    (``dragmode="select"``).
    """
    stride, settings, quantized = result.geometry.stride, result.settings, result.quantized
    window_px = window.rect.scaled(stride)
    data = []
    if stride * fig_height / image.height >= MIN_GRID_CELLS_PX:
        path = kit.grid_path(window_px.width, window_px.height, stride, origin=(window_px.x1, window_px.y1))
        data.append(kit.lines(path, theme.GRID_LINE, width=1))
    data += marks.lost_and_added(quantized, 1.0)
    data.append(marks.align_bin_edges(result.grid.x_edges, result.grid.y_edges, ALIGN_COLOUR, stride))
    data += chosen_marks(chosen, stride)
    shapes = [
        kit.outline(padding, BLACK, width=1, dash="dot", fill=PADDING_FILL, label="padding")
        for padding in Rect(0, 0, image.width, image.height).minus(Rect.from_xywh(*image.picture))
    ]
    if not window.is_whole_map:
        shapes.append(kit.outline(window_px, GREY, width=2, dash="dash"))
    shapes += [
        kit.outline(quantized.pixels, pooling_colour(settings), dash="dash"),
        kit.outline(settings.box_rect, TRUE_BOX_COLOUR),
    ]
    layout = _layout(fig_height, Rect(0, 0, image.width, image.height)) | dict(
        images=[kit.picture(shown.url, image.width, image.height)],
        shapes=shapes,
        hovermode="closest",
        **kit.DRAW_BOX,
    )
    return kit.figure(data + _legend(settings, fills=True, windowed=not window.is_whole_map), layout)


def map_figure(
    maps: np.ndarray,
    result: BothMethods,
    window: CellWindow,
    fig_height: int = 440,
    chosen: Chosen | None = None,
    notes: Mapping[tuple[int, int], str] | None = None,
) -> dict:
    """The image's own feature map as a picture (each cell its mean colour), with both boxes in cells and what the
    ``chosen`` output bin read.

    Only the cells of ``window`` are drawn; hover gives each cell's row, column,
    red, green, blue and luminance means (0-1); over a cell with a line of
    ``notes`` (which bins read it; up to ``MAX_NOTED_CELLS`` of them) an
    invisible marker gives that line instead, and a click on it chooses its
    bin (``kit.CLICK_CELLS`` is not set: away from those cells the picture's
    own hover shows).
    """
    part = maps[:, window.rows, window.cols]
    rows, cols = np.mgrid[window.rows, window.cols]
    custom = np.concatenate([part.transpose(1, 2, 0), rows[..., None], cols[..., None]], axis=2)
    picture = dict(
        type="image",
        z=to_uint8(part[:3].transpose(1, 2, 0)),
        x0=window.col0 + 0.5,
        y0=window.row0 + 0.5,
        dx=1,
        dy=1,
        customdata=custom.astype(np.float32),
        hovertemplate="cell row %{customdata[4]:.0f}, col %{customdata[5]:.0f} (centre %{x}, %{y})<br>"
        "red %{customdata[0]:.3f}, green %{customdata[1]:.3f}, blue %{customdata[2]:.3f}<br>"
        "luminance %{customdata[3]:.3f}<extra></extra>",
    )
    data = [picture]
    width, height = window.col1 - window.col0, window.row1 - window.row0
    if width <= MAX_GRID_COLS:
        data.append(kit.lines(kit.grid_path(width, height, 1, (window.col0, window.row0)), MAP_GRID_LINE, 1))
    data.append(marks.align_bin_edges(result.grid.x_edges, result.grid.y_edges, ALIGN_COLOUR))
    data += chosen_marks(chosen, 1)
    if notes and len(notes) <= MAX_NOTED_CELLS:
        data.append(_read_cells(notes, window, max(fig_height / (window.row1 - window.row0), MIN_TARGET)))
    shapes = [
        kit.outline(result.quantized.cells, pooling_colour(result.settings), dash="dash"),
        kit.outline(result.quantized.projected, TRUE_BOX_COLOUR),
    ]
    layout = _layout(fig_height, window.rect) | dict(shapes=shapes)
    return kit.figure(data + _legend(result.settings, fills=False, windowed=False), layout)


def _read_cells(notes: Mapping[tuple[int, int], str], window: CellWindow, size: float) -> dict:
    """An invisible marker (``size`` px) on each cell of ``window`` that has a line of ``notes``: its hover names
    the cell and the bins that read it; its customdata (row, col) lets a click choose the bin."""
    cells = [(row, col) for row, col in notes if window.row0 <= row < window.row1 and window.col0 <= col < window.col1]
    return dict(
        type="scatter",
        x=[col + 0.5 for _, col in cells],
        y=[row + 0.5 for row, _ in cells],
        mode="markers",
        marker=dict(size=size * TARGET_SHARE, opacity=0, symbol="square"),
        customdata=[list(cell) for cell in cells],
        text=[notes[cell] for cell in cells],
        hovertemplate="cell (row %{customdata[0]}, col %{customdata[1]})<br>%{text}<extra></extra>",
        showlegend=False,
    )


def _layout(fig_height: int, extent: Rect) -> dict:
    """A figure over ``extent`` (y down, square units), a legend under it; fixed margins (``kit.FIXED_MARGINS``)."""
    axis = dict(showgrid=False, zeroline=False, constrain="domain", ticklabelstandoff=TICK_STANDOFF) | kit.FIXED_MARGINS
    return kit.layout(fig_height) | dict(
        xaxis=dict(range=[extent.x1, extent.x2], side="top", **axis),
        yaxis=dict(range=[extent.y2, extent.y1], scaleanchor="x", scaleratio=1, constraintoward="top", **axis),
        showlegend=True,
        margin=dict(l=kit.TICK_LABELS_WIDTH + TICK_STANDOFF, r=10, t=30 + TICK_STANDOFF, b=70),  # ticks, legend
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0, font=dict(size=TYPE.small)),
    )


def _legend(settings: LessonSettings, fills: bool, windowed: bool) -> list[dict]:
    """Legend entries naming each colour; ``fills`` adds the lost and added areas, ``windowed`` the map window."""
    entries = [
        kit.legend_entry(f"{TRUE_BOX} (no rounding)", TRUE_BOX_COLOUR),
        kit.legend_entry(
            f"{ROI_POOLING} box ({QUANTIZATION[settings.quantization].short})", pooling_colour(settings), "dash"
        ),
        kit.legend_entry(f"{ROI_ALIGN} bins", ALIGN_COLOUR),
    ]
    if windowed:
        entries.append(kit.legend_entry("map window (below)", GREY, "dash"))
    if fills:
        entries += [
            kit.legend_entry("lost: object left out", theme.LOST_FILL, symbol="square"),
            kit.legend_entry("added: background", theme.ADDED_FILL, symbol="square"),
        ]
    return entries


# --- what each method sees -----------------------------------------------------------------------------


def outputs_figure(result: BothMethods, chosen: tuple[int, int] = (0, 0)) -> dict:
    """Both methods' n x n outputs of the luminance (0-1) side by side, one subplot each titled by its method
    (short, so the titles never meet on a phone: ``outputs_words`` names the conventions), values printed in the
    bins; one colour range for both, so a colour means the same value in each. The ``chosen`` bin is outlined on
    both; a click on a bin chooses it."""
    outputs = (result.pool_output[LUMINANCE], result.align_output[LUMINANCE])
    titles = [f"<b>{ROI_POOLING}</b>", f"<b>{ROI_ALIGN}</b>"]
    rows, cols = outputs[0].shape
    window = CellWindow.whole(cols, rows)
    height = kit.subplots_height(window.rect, OUTPUT_WIDTH, titles)
    layout = kit.subplots(kit.map_layout(window, height, numbered=True), titles, gap=OUTPUT_GAP, centred=True)
    layout["margin"] |= dict(r=OUTPUT_RIGHT)
    zrange = (float(min(o.min() for o in outputs)), float(max(o.max() for o in outputs)))
    data = []
    for index, values in enumerate(outputs):
        grid = kit.value_grid(values, OUTPUT_DECIMALS, kind="output bin", zrange=zrange)
        grid, target = kit.clickable(kit.on_axes(grid, index))
        data += [grid, kit.on_axes(kit.chosen_cell(*chosen), index), target]
    return kit.figure(data, layout | kit.CLICK_CELLS)


def outputs_words(settings: LessonSettings) -> str:
    """Under the outputs: what the numbers are and each method's conventions (left, right)."""
    return (
        f"Numbers: the luminance (0-1) of each output bin, (row, col) from 0. Left, {pool_title(settings)}. "
        f"Right, {align_title(settings)}."
    )


# --- words ---------------------------------------------------------------------------------------------


def drag_notice(dragged: tuple[int, int, int, int] | None, box: tuple[int, ...], image: LoadedImage) -> str | None:
    """The notice when the box shown is a dragged box fitted to the image (``roi_core.clamp_box``), else None.

    ``dragged`` is the box last dragged on the photo, in whole pixels, as drawn;
    the selection's callback fitted it, so here it is only recognised.
    """
    if dragged is None:
        return None
    fitted, changed = clamp_box(dragged, image.width, image.height)
    if not changed or tuple(fitted) != tuple(box):
        return None
    x, y, w, h = fitted
    return f"The dragged box was fitted to the image and to the minimum size: x={x}, y={y}, w={w}, h={h} pixels."


def area_metrics(result: BothMethods) -> list[tuple[str, str, str]]:
    """(label, value, help) of each area (px²) and overlap the page shows as a metric."""
    quantized, box, stride = result.quantized, result.settings.box_rect, result.geometry.stride
    short = QUANTIZATION[quantized.convention].short
    return [
        ("True box", px2(box.area), f"{px(box.width, 0)} x {px(box.height, 0)}, never rounded."),
        (
            f"{ROI_POOLING} box ({short})",
            px2(quantized.pixels.area),
            f"{quantized.W} x {quantized.H} whole cells of {stride} x {stride} pixels.",
        ),
        ("Lost: object left out", px2(quantized.lost_area), f"Pixels of {TRUE_BOX} outside {ROI_POOLING}'s box."),
        ("Added: background", px2(quantized.added_area), f"Pixels in {ROI_POOLING}'s box outside {TRUE_BOX}."),
        (
            f"IoU, {ROI_POOLING} ({short})",
            num(quantized.iou, 3),
            f"Overlap of {ROI_POOLING}'s box with {TRUE_BOX} (1 = same box).",
        ),
        (f"IoU, {ROI_ALIGN}", num(result.align_iou, 3), align_iou_help()),
    ]


def align_iou_help() -> str:
    """What RoI Align's IoU means: its box (the outer edges of its bins) against the true box."""
    return (
        f"Overlap of {ROI_ALIGN}'s box (the outer edges of its bins, back in pixels) with {TRUE_BOX}. "
        f"{ROI_ALIGN} never rounds: with {ALIGNED[True].short} its box is {TRUE_BOX}, so the IoU is 1; "
        f"with {ALIGNED[False].short} it is read half a cell right and down, so the IoU drops below 1."
    )


class _Axis(NamedTuple):
    """One axis of the first quantization: the corner and size names, the box in pixels and cells, the result."""

    corner: str
    size: str
    start: float
    length: float
    end: float
    start_cells: float
    length_cells: float
    corner_cells: int
    size_cells: int
    last_cell: int
    raised: bool


def quantization_formulas(result: BothMethods) -> list[str]:
    """LaTeX of RoI Pooling's first quantization with this box's numbers: X, W, then Y, H.

    floor (the slides): each value divided by the stride and rounded down, a
    size raised to 1 cell when it floors to 0; round (torchvision roi_pool):
    the corners rounded, the size from the last cell included.
    """
    quantized, box = result.quantized, result.settings.box_rect
    projected, (last_col, last_row) = quantized.projected, quantized.last_cell
    height_guard, width_guard = quantized.size_guards or (None, None)
    axes = (
        _Axis(
            "X",
            "W",
            box.x1,
            box.width,
            box.x2,
            projected.x1,
            projected.width,
            quantized.X,
            quantized.W,
            last_col,
            bool(width_guard and width_guard.size_raised),
        ),
        _Axis(
            "Y",
            "H",
            box.y1,
            box.height,
            box.y2,
            projected.y1,
            projected.height,
            quantized.Y,
            quantized.H,
            last_row,
            bool(height_guard and height_guard.size_raised),
        ),
    )
    lines = _floor_lines if quantized.convention == "floor" else _round_lines
    return [line for axis in axes for line in lines(axis, result.geometry.stride)]


def _floor_lines(a: _Axis, stride: int) -> tuple[str, str]:
    """The floor convention on one axis: corner and size rounded down (a size of 0 raised to 1)."""
    corner = rf"{a.corner} = \lfloor {num(a.start)} / {stride} \rfloor = \lfloor {num(a.start_cells)} \rfloor"
    size_px = rf"\lfloor {num(a.length)} / {stride} \rfloor"
    size_cells = rf"\lfloor {num(a.length_cells)} \rfloor"
    if a.raised:
        size = rf"{a.size} = \max(1, {size_px}) = \max(1, {size_cells}) = \max(1, 0)"
    else:
        size = rf"{a.size} = {size_px} = {size_cells}"
    return f"{corner} = {a.corner_cells}", f"{size} = {a.size_cells}"


def _round_lines(a: _Axis, stride: int) -> tuple[str, str]:
    """torchvision's roi_pool on one axis: both corners rounded, the size counts cells up to the last one."""
    return (
        rf"{a.corner} = \operatorname{{round}}({num(a.start)} / {stride}) = "
        rf"\operatorname{{round}}({num(a.start_cells)}) = {a.corner_cells}",
        rf"{a.size} = \operatorname{{round}}({num(a.end)} / {stride}) - {a.corner} + 1 = "
        rf"{a.last_cell} - {a.corner_cells} + 1 = {a.size_cells}",
    )


def shift_sentence(result: BothMethods) -> str:
    """How RoI Pooling's box moved and changed size, in cells and pixels (its quantization named)."""
    quantized = result.quantized
    (dx, dy), (dxp, dyp) = quantized.origin_shift_cells, quantized.origin_shift_px
    (dw, dh), (dwp, dhp) = quantized.size_change_cells, quantized.size_change_px
    moves = [
        _moved(cells, pixels, words)
        for cells, pixels, words in ((dx, dxp, ("right", "left")), (dy, dyp, ("down", "up")))
        if cells != 0
    ]
    corner = f"moves the box's corner {' and '.join(moves)}" if moves else "keeps the box's corner in place"
    return (
        f"{ROI_POOLING} with {QUANTIZATION[quantized.convention].label} {corner}, and changes its width by "
        f"{num(dw)} cells ({px(dwp)}) and its height by {num(dh)} cells ({px(dhp)}). {ROI_ALIGN} keeps every fraction."
    )


def _moved(cells: float, pixels: float, words: tuple[str, str]) -> str:
    """ "0.375 cells (12 px) left": a move along one axis, its direction in words."""
    return f"{num(abs(cells))} cells ({px(abs(pixels))}) {words[0] if cells > 0 else words[1]}"


def photo_caption(result: BothMethods) -> str:
    """Under the photo: its size, the stride and the map they give, and how to set the box."""
    settings, geometry = result.settings, result.geometry
    return (
        f"Image {settings.image_width} x {settings.image_height} pixels, stride {settings.stride}: a "
        f"{geometry.map_width} x {geometry.map_height}-cell feature map. Drag on the image to draw a new box; "
        f"the box's numbers in {SETTINGS_PLACE} set it exactly."
    )


def map_caption(result: BothMethods, window: CellWindow) -> str:
    """Under the feature map: what a cell is, and which part of the map is shown."""
    geometry, stride = result.geometry, result.geometry.stride
    shown = (
        "The whole map is shown."
        if window.is_whole_map
        else f"The map has {geometry.map_width} x {geometry.map_height} cells, too many to send: shown are cells "
        f"{window.col0}-{window.col1 - 1} across and {window.row0}-{window.row1 - 1} down, around "
        "the box or its top-left part (dashed on the image)."
    )
    return (
        f"Each cell is the mean colour of its {stride} x {stride} pixels: hover a cell for its red, green, blue "
        f"and luminance (0-1). {shown}"
    )


def align_words(settings: LessonSettings) -> str:
    """How RoI Align places its bins on the map (colours named)."""
    n = settings.output_size
    return (
        f"**{ROI_ALIGN}** keeps the box exactly ({TRUE_BOX_COLOUR.name}, in cells) and splits it into "
        f"{n} x {n} equal bins ({ALIGN_COLOUR.name})."
    )


def pool_title(settings: LessonSettings) -> str:
    """RoI Pooling's output named with its conventions."""
    quantization = QUANTIZATION[settings.quantization]
    return f"{ROI_POOLING}: {quantization.short} quantization ({quantization.source}) · {POOLING['max'].short} per bin"


def align_title(settings: LessonSettings) -> str:
    """RoI Align's output named with its conventions, short."""
    return (
        f"{ROI_ALIGN}: {SAMPLING[settings.sampling_ratio].short} {LAYOUT[settings.sample_layout].short} samples · "
        f"{POOLING[settings.pooling].short} per bin · {ALIGNED[settings.aligned].short}"
    )


def seen_captions(settings: LessonSettings) -> tuple[str, str]:
    """Captions of the pictures of what RoI Pooling and RoI Align hand on (their conventions named)."""
    return (
        f"What {ROI_POOLING} sees ({QUANTIZATION[settings.quantization].short}, {POOLING['max'].short})",
        f"What {ROI_ALIGN} sees ({POOLING[settings.pooling].short})",
    )


def seen_alts(settings: LessonSettings) -> tuple[str, str, str]:
    """Text alternatives of the three pictures of what each method sees: the box itself, then RoI Pooling's and
    RoI Align's n x n outputs as colours."""
    n = settings.output_size
    return (
        "The pixels inside your box, stretched to a square picture.",
        f"{ROI_POOLING}'s {n} x {n} output shown as a picture: one block of colour per output bin "
        f"({QUANTIZATION[settings.quantization].short} quantization, {POOLING['max'].short} of each colour).",
        f"{ROI_ALIGN}'s {n} x {n} output shown as a picture: one block of colour per output bin "
        f"({POOLING[settings.pooling].short} of the sampling points of each colour).",
    )
