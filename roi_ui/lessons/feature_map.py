"""Lesson 1, image → feature map: the image under its stride grid, the cells a box touches, the map beside it.

Every number comes from ``roi_core`` (``MapGeometry``, ``CellsTouched``); the
figures are plot-kit specs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roi_core import CHANNEL_NAMES, MapGeometry, Rect, cells_touched, map_geometry, resize_box
from roi_core.geometry import CellsTouched

from ..images.store import LoadedImage, display_image, feature_maps, scene_resized
from ..plot import kit, theme
from ..plot.window import CellWindow
from ..session.view import View, image_values_source
from ..words import palette
from ..words.conventions import SETTINGS_PLACE, TRUE_BOX_COLOUR
from ..words.numbers import num

DEMO_SIZE = 224  # the slides' first example: 224 x 224 → 7 x 7
TOUCHED_FILL = palette.ORANGE.rgba(0.30)
NO_PIXELS_FILL = palette.GREY.rgba(0.35)  # part of a partial cell past the image's edge
# The page's image choice. The words never depend on the image: a radio whose labels change under a stored
# choice loses it (Streamlit matches the choice by its label).
DEMO_LABELS = {"800": "the current image", "224": f"the scene at {DEMO_SIZE} x {DEMO_SIZE} (the slides' first example)"}
WIDE_MAP_COLUMNS = 10  # a wider map has no room for printed values
SLIDES_224_NOTE = (
    "The slides count 10 values for the boy in their 224 x 224 example: their box is drawn by hand around the "
    "boy and not given in pixels, so the count differs from the cells this stretched box touches."
)
MAX_OBJECT_SPAN = 14  # cells per side of the close-up that still leave each printed value room in its cell
# Figure heights (px): a section of the page fits a 1280 x 720 projector under the top bar in presenter mode.
HEIGHTS = {False: dict(cells=340, close_up=440), True: dict(cells=270, close_up=360)}
FIGURE_WIDTH = 390  # px: the image and the map side by side beside the sidebar at 1280 px (normal mode)
PIXEL_TICK_STEPS = (50, 100, 200, 500, 1000, 2000, 5000)
MAX_PIXEL_TICKS = 5  # labels of 3 digits side by side in a half-width column


@dataclass(frozen=True)
class Shown:
    """What the page shows: the current image, or the scene at the slides' 224 x 224 with the box stretched."""

    image: LoadedImage
    geometry: MapGeometry
    feature_map: np.ndarray
    value_source: str
    decimals: int
    box: Rect
    box_note: str

    @property
    def touched(self) -> CellsTouched:
        return cells_touched(self.box, self.geometry)


def shown(view: View) -> Shown:
    """The image, map and box the page shows, for the view's ``demo`` choice."""
    stride = view.settings.stride
    if view.values["demo"] != "224":
        box = view.settings.box_rect
        return Shown(
            view.image,
            view.geometry,
            view.feature_map,
            view.feature_source,
            view.decimals,
            box,
            f"The box: x {num(box.x1)}–{num(box.x2)} px, y {num(box.y1)}–{num(box.y2)} px.",
        )
    image = scene_resized(DEMO_SIZE, DEMO_SIZE)
    feature_map = feature_maps(image.digest, image.rgb, stride)[CHANNEL_NAMES.index("luminance")]
    box = resize_box(view.settings.box_rect, (view.image.width, view.image.height), (image.width, image.height))
    note = (
        f"The box ({', '.join(num(v, 2) for v in view.settings.box)}) px of the "
        f"{view.image.width} x {view.image.height} image, stretched with it to "
        f"{image.width} x {image.height}: x {num(box.x1, 2)}–{num(box.x2, 2)} px, "
        f"y {num(box.y1, 2)}–{num(box.y2, 2)} px. {SLIDES_224_NOTE}"
    )
    return Shown(
        image,
        map_geometry(image.width, image.height, stride),
        feature_map,
        image_values_source("luminance", stride),
        2,
        box,
        note,
    )


def intro(stride: int) -> str:
    """What the stride means, for the chosen stride (the slides' network: 5 poolings, stride 32); a stride no stack
    of 2x poolings gives (a textbook's 10 or 1) is named as its source's own."""
    poolings = stride.bit_length() - 1
    if stride < 2 or stride != 2**poolings:
        return (
            f"This example's **stride is {stride}**, its source's own: each value of the feature map stands for a "
            f"**{stride} x {stride} pixel patch** of the image (a CNN backbone's stride is a power of two, one 2 per "
            "pooling layer; the source picked its numbers to be worked by hand). Hover a cell of the image to see "
            "its patch and its value."
        )
    depth = "as in the slides' network" if stride == 32 else "the slides' network has 5 of them, stride 32"
    return (
        f"A CNN backbone halves the image at each of its pooling layers. After {poolings} of them ({depth}) the "
        f"**stride is {stride}**: each value of the feature map stands for a **{stride} x {stride} pixel patch** of "
        f"the image; the stride slider in {SETTINGS_PLACE} tries other depths. Hover a cell of the image to see its "
        "patch and its value."
    )


def headline(s: Shown) -> str:
    """ "800 x 576 px / 32 = 25 x 18 cells · 56 of them represent the object"."""
    g = s.geometry
    rounded_up = g.missing_x or g.missing_y
    return (
        f"{s.image.width} x {s.image.height} px / {g.stride} {'→' if rounded_up else '='} {g.map_width} x "
        f"{g.map_height} cells · {s.touched.count} of them represent the object"
    )


def image_alt(s: Shown) -> str:
    """The image figure's text alternative."""
    return (
        f"The {s.image.width} x {s.image.height} px image cut into {s.geometry.stride} x {s.geometry.stride} px "
        f"patches; the object's box outlined and the {s.touched.count} patches it touches shaded."
    )


def map_alt(s: Shown) -> str:
    """The map figure's text alternative."""
    g = s.geometry
    return (
        f"The {g.map_width} x {g.map_height} feature map, one value per patch; the {s.touched.count} cells the "
        "object's box touches outlined and shaded. Hover or tap a cell for its value."
    )


def touched_rect(touched: CellsTouched) -> Rect:
    """The block of touched cells, in cells."""
    return Rect(touched.col_start, touched.row_start, touched.col_stop, touched.row_stop)


def figure_height(figure: str, presenting: bool) -> int:
    """The height of the page's ``figure`` ("cells": the image and the map; "close_up": the object's values)."""
    return HEIGHTS[presenting][figure]


def pixel_ticks(view: Rect) -> dict:
    """Tick settings of an image's axes: a round step in pixels, and no y tick at the top edge (its label would
    meet the x axis's first label in the top-left corner)."""
    span = max(view.width, view.height)
    step = next((s for s in PIXEL_TICK_STEPS if span / s <= MAX_PIXEL_TICKS), PIXEL_TICK_STEPS[-1])
    first_row = (int(view.y1) // step + 1) * step
    return dict(
        xaxis=dict(tickmode="linear", tick0=0, dtick=step),
        yaxis=dict(tickmode="array", tickvals=list(range(first_row, int(view.y2) + 1, step))),
    )


def image_with_cells(s: Shown, fig_height: int = HEIGHTS[False]["cells"]) -> dict:
    """The image, its stride grid, the touched cells (orange) and the box (blue); hover names each cell.

    The axes span the cells' whole pixel extent: the part of a partial last cell
    past the image's edge is shaded grey (no pixels there). A map of more than
    ``kit.MAX_CELLS_AS_BRICKS`` cells has no hover layer here (the map beside it
    gives each value).
    """
    g, touched = s.geometry, s.touched
    extent = g.pixel_extent
    layout = kit.image_layout(
        display_image(s.image).url,
        s.image.width,
        s.image.height,
        fig_height,
        view=extent,
        hovermode="closest",
        hoverdistance=-1,
    )
    shapes = [
        kit.outline(r, NO_PIXELS_FILL, width=0, fill=NO_PIXELS_FILL)
        for r in extent.minus(Rect(0, 0, s.image.width, s.image.height))
    ]
    if touched.count:
        shapes.append(
            kit.outline(touched_rect(touched).scaled(g.stride), palette.ORANGE, dash="dash", fill=TOUCHED_FILL)
        )
    shapes.append(kit.outline(s.box, TRUE_BOX_COLOUR))
    layout["shapes"] = shapes
    for axis, ticks in pixel_ticks(extent).items():
        layout[axis] = layout[axis] | ticks
    grid = kit.lines(kit.grid_path(extent.x2, extent.y2, g.stride), theme.GRID_LINE, width=1)
    hover = [_hover_layer(g, s.feature_map, s.value_source)] if s.feature_map.size <= kit.MAX_CELLS_AS_BRICKS else []
    return kit.figure([grid, *hover], layout)


def _hover_layer(geometry: MapGeometry, feature_map: np.ndarray, value_source: str) -> dict:
    """Invisible markers at the cell centres whose hover gives the cell, its pixels and its value."""
    col_spans, row_spans = (np.array(spans) for spans in geometry.cell_spans())
    rows, cols = np.meshgrid(np.arange(len(row_spans)), np.arange(len(col_spans)), indexing="ij")
    data = np.stack(
        [rows, cols, *col_spans[cols].transpose(2, 0, 1), *row_spans[rows].transpose(2, 0, 1), feature_map], axis=-1
    ).reshape(-1, 7)
    return dict(
        type="scatter",
        x=col_spans[cols].mean(axis=-1).ravel(),
        y=row_spans[rows].mean(axis=-1).ravel(),
        mode="markers",
        marker=dict(opacity=0, size=8),
        customdata=data,
        hovertemplate="cell (row %{customdata[0]}, col %{customdata[1]})<br>"
        "pixels x %{customdata[2]}–%{customdata[3]}, y %{customdata[4]}–%{customdata[5]}<br>"
        f"value %{{customdata[6]:.2f}} ({value_source})<extra></extra>",
    )


def map_with_cells(s: Shown, fig_height: int = HEIGHTS[False]["cells"]) -> dict:
    """The whole feature map, the touched cells outlined (orange).

    Values are printed while the map is at most ``WIDE_MAP_COLUMNS`` wide (a
    wider one has no room: ``object_values`` shows them); hover shows every value.
    """
    rows, cols = s.feature_map.shape
    window = CellWindow.whole(cols, rows)
    grid = kit.value_grid(s.feature_map, s.decimals, show_text=cols <= WIDE_MAP_COLUMNS)
    layout = kit.map_layout(window, fig_height)
    step = kit.tick_step(2 * window.span)  # half as many ticks as a close-up: the map shares the width
    for axis in ("xaxis", "yaxis"):
        layout[axis]["dtick"] = step
    return _with_touched(grid, layout, s.touched)


def object_window(s: Shown) -> CellWindow:
    """The touched cells and one cell around them."""
    rows, cols = s.feature_map.shape
    return CellWindow.around([touched_rect(s.touched)], 1, cols, rows)


def object_values_printed(s: Shown) -> bool:
    """Whether the close-up has room to print its values (a fine stride touches hundreds of cells)."""
    window = object_window(s)
    return window.span <= MAX_OBJECT_SPAN


def object_values(s: Shown, fig_height: int = HEIGHTS[False]["close_up"]) -> dict:
    """A close-up of the touched cells and one cell around them, every value printed while they fit (else on
    hover)."""
    window = object_window(s)
    grid = kit.value_grid(s.feature_map, s.decimals, window, show_text=object_values_printed(s))
    return _with_touched(grid, kit.map_layout(window, fig_height), s.touched)


def object_values_title(s: Shown) -> str:
    """The close-up's title: how many values, and whether they are printed or on hover."""
    where = "and one cell around them" if object_values_printed(s) else "too many to print here: hover a cell"
    return f"**The object's {s.touched.count} values** ({where})"


def touched_outline(touched: CellsTouched) -> dict:
    """The touched cells on the map: an orange outline and tint, as a line trace (the printed values are drawn above
    it; a layout shape would cover them)."""
    return kit.lines(kit.rect_path([touched_rect(touched)]), palette.ORANGE, 4, fill=TOUCHED_FILL)


def _with_touched(grid: dict, layout: dict, touched: CellsTouched) -> dict:
    """The map figure, the touched cells outlined and shaded under the values."""
    return kit.figure([grid, touched_outline(touched)] if touched.count else [grid], layout)


def legend(s: Shown) -> str:
    """The figures' legend in words."""
    return (
        f"**Legend.** {TRUE_BOX_COLOUR.name.capitalize()} solid outline: the object's box (pixels). "
        f"{palette.ORANGE.name.capitalize()} outline, shaded: the {s.touched.count} cells the box touches, on "
        f"the image and on the map. White lines: the {s.geometry.stride} px grid of patches, one value each."
    )


def size_latex(geometry: MapGeometry) -> str:
    """The map size as divisions: 800 / 32 = 25 and 576 / 32 = 18 (with the ceil when not whole)."""
    exact_w, exact_h = geometry.exact_size
    parts = (
        _division(geometry.image_width, geometry.stride, exact_w, geometry.map_width, geometry.missing_x),
        _division(geometry.image_height, geometry.stride, exact_h, geometry.map_height, geometry.missing_y),
    )
    return r"\begin{aligned} \text{columns: }& " + parts[0] + r" \\ \text{rows: }& " + parts[1] + r" \end{aligned}"


def _division(size: int, stride: int, exact: float, cells: int, missing: int) -> str:
    formula = rf"\tfrac{{{size}\,\text{{px}}}}{{{stride}\,\text{{px}}}} = {num(exact, 4)}"
    if missing:
        formula += rf" \;\rightarrow\; \lceil {num(exact, 4)} \rceil = {cells}"
    return formula


def partial_cell_notes(geometry: MapGeometry) -> list[str]:
    """A sentence for each axis whose size is not a multiple of the stride (its last cell is partial)."""
    exact_w, exact_h = geometry.exact_size
    axes = (
        ("width", geometry.image_width, exact_w, geometry.map_width, "column", geometry.missing_x),
        ("height", geometry.image_height, exact_h, geometry.map_height, "row", geometry.missing_y),
    )
    return [
        f"The {name} {size} px is not a multiple of the stride {geometry.stride} px: {size} / {geometry.stride} = "
        f"{num(exact, 4)}, rounded up to {cells} {unit}s. The last {unit} stands for a partial patch, "
        f"{missing} px short of a full {geometry.stride} px (shaded grey past the image's edge)."
        for name, size, exact, cells, unit, missing in axes
        if missing
    ]


def object_words(s: Shown) -> str:
    """How many cells represent the object, and why the border cells matter."""
    t, stride = s.touched, s.geometry.stride
    return (
        f"**The object.** {t.count} values = **{t.n_cols} columns x {t.n_rows} rows** of cells: every cell whose "
        f"{stride} x {stride} px patch shares at least one pixel with the box. The cells on the border hold part "
        "object, part background: RoI Pooling must decide what to do with them (next lesson)."
    )
