"""Lesson 9, step by step: one method of the zoo whose steps differ from RoI Align's, on one output bin: PrRoI
Pooling's exact integral (the bin cut into the patches between four cell centres), crop_and_resize's grid (one
sample per output cell, corner to corner), rotated RoI Align's turned grid.

Every number is a ``roi_core.zoo_traces`` trace's, whose outputs are the batch functions'; coordinates are in
the map frame (cell c spans [c, c + 1), its centre at c + 0.5), as on every other page.
"""

from __future__ import annotations

from roi_core import CropGridTrace, PrRoITrace, Rect, RotatedTrace

from ..plot import kit
from ..plot.window import CellWindow
from ..session.view import View
from ..words.conventions import TRUE_BOX_COLOUR
from ..words.numbers import num
from ..words.palette import BLACK, GREY, VERMILLION

METHODS = {
    "prroi_pool": "PrRoI Pooling: the bin's exact integral",
    "crop_and_resize": "crop_and_resize: one sample per output cell",
    "roi_align_rotated": "Rotated RoI Align: the turned grid",
}
FIGURE_HEIGHTS = (420, 330)  # px: normal mode, presenter mode
FIGURE_WIDTH = 560  # px; the output and the words beside it, or under it on a narrow screen
OUTPUT_HEIGHT = 220
OUTPUT_DECIMALS = 2  # the zoo's outputs differ in the second decimal
CHOOSE_BIN = "Click (or tap) a bin of the output to follow it on the map."
MARGIN = 1  # cells around what the figure shows
BIN_FILL = VERMILLION.rgba(0.2)
POINT_SIZE, CHOSEN_POINT_SIZE = 8, 16
Trace = PrRoITrace | CropGridTrace | RotatedTrace


def intro(method: str) -> str:
    """What the step-by-step section shows for ``method``."""
    return {
        "prroi_pool": "PrRoI Pooling reads the map as a continuous surface: between four cell centres it is "
        "bilinear, so its integral over any part of that patch has a closed form. A bin is cut into its pieces of "
        "patches; their integrals, summed and divided by the bin's area, give the bin's exact average: no samples, "
        "no `sampling_ratio`.",
        "crop_and_resize": "TensorFlow takes the box normalised by the image size, [y1, x1, y2, x2], and puts one "
        "sample per output cell, the first on the box's top-left corner and the last on its bottom-right, "
        "spaced (H − 1) · (y2 − y1) / (n − 1) map cells apart: a resize, not a pooling.",
        "roi_align_rotated": "detectron2 lays RoI Align's grid out around the box's centre, then turns every "
        "sample by the angle (counter-clockwise on screen): the bins are parallelograms of the turned box.",
    }[method]


def figure(view: View, trace: Trace, chosen: tuple[int, int]) -> dict:
    """The map around the box with the method's steps drawn for output bin ``chosen`` (row, col)."""
    rows, cols = view.feature_map.shape
    if isinstance(trace, PrRoITrace):
        shapes, parts = _integral_marks(trace, chosen)
    elif isinstance(trace, CropGridTrace):
        shapes, parts = _grid_marks(trace, chosen)
    else:
        shapes, parts = _turned_marks(trace, chosen)
    window = CellWindow.around(parts, MARGIN, cols, rows)
    # The turned grid's lines cross every cell: its values are on hover there, printed elsewhere.
    grid = kit.value_grid(view.feature_map, view.decimals, window, show_text=not isinstance(trace, RotatedTrace))
    return kit.figure([grid, *shapes], kit.map_layout(window, FIGURE_HEIGHTS[view.presenting]))


def output_figure(trace: Trace, chosen: tuple[int, int]) -> dict:
    """The method's output as a value grid, the ``chosen`` bin outlined; a click on a bin chooses it."""
    return kit.output_grid(trace.output, OUTPUT_DECIMALS, chosen, OUTPUT_HEIGHT)


def _integral_marks(trace: PrRoITrace, chosen) -> tuple[list[dict], list[Rect]]:
    """PrRoI: the chosen bin filled, its pieces outlined (hover: the patch and the piece's integral)."""
    bin_ = trace.bin(*chosen)
    marks = [kit.lines(kit.rect_path([b.rect for b in trace.bins]), GREY, 1), _box(trace.box)]
    marks.append(kit.lines(kit.rect_path([bin_.rect]), VERMILLION, 3, fill=BIN_FILL))
    for piece in bin_.pieces:
        hover = f"{_patch(piece.row, piece.col)}: area {num(piece.area, 4)}, integral {num(piece.integral, 4)}"
        marks.append(kit.lines(kit.rect_path([piece.rect], inset=0.02), BLACK, 1.5, "dot", fill=BIN_FILL, hover=hover))
    return marks, [trace.box, bin_.rect]


def _grid_marks(trace: CropGridTrace, chosen) -> tuple[list[dict], list[Rect]]:
    """crop_and_resize: every sample (dots), the chosen output cell's ringed, its four cells outlined."""
    sample = trace.sample(*chosen)
    everywhere = [(s.x, s.y) for s in trace.samples]
    marks = [kit.dots(everywhere, BLACK, POINT_SIZE)]
    cells = [Rect(n.col, n.row, n.col + 1, n.row + 1) for n in sample.neighbours if n.weight > 0]
    if cells:
        marks.append(kit.lines(kit.rect_path(cells, inset=0.05), VERMILLION, 3, "dash"))
    marks.append(_ring(sample.x, sample.y))
    xs, ys = [x for x, _ in everywhere], [y for _, y in everywhere]
    return marks, [Rect(min(xs), min(ys), max(xs) + 1e-9, max(ys) + 1e-9), *cells]


def _turned_marks(trace: RotatedTrace, chosen) -> tuple[list[dict], list[Rect]]:
    """Rotated RoI Align: the turned box and its bins, the chosen bin filled with its samples."""
    bin_ = trace.bin(*chosen)
    marks = [_polygon(b.corners, GREY, 1) for b in trace.bins]
    marks.append(_polygon(trace.corners, TRUE_BOX_COLOUR, 3))
    marks.append(_polygon(bin_.corners, VERMILLION, 3, BIN_FILL))
    others = [point for b in trace.bins if b is not bin_ for point in b.samples]
    marks.append(kit.dots(others, GREY, POINT_SIZE - 2))
    marks.append(kit.dots(bin_.samples, BLACK, POINT_SIZE))
    xs, ys = [x for x, _ in trace.corners], [y for _, y in trace.corners]
    return marks, [Rect(min(xs), min(ys), max(xs), max(ys))]


def _box(rect: Rect) -> dict:
    return kit.lines(kit.rect_path([rect]), TRUE_BOX_COLOUR, 3)


def _polygon(corners, colour, width: float, fill: str | None = None) -> dict:
    """A closed four-cornered outline."""
    xs, ys = zip(*corners, corners[0], strict=True)
    return kit.lines((list(xs), list(ys)), colour, width, fill=fill)


def _ring(x: float, y: float) -> dict:
    """The chosen sample, ringed."""
    ring = dict(symbol="circle-open", size=CHOSEN_POINT_SIZE, color=VERMILLION.hex, line=dict(width=3))
    return dict(type="scatter", x=[x], y=[y], mode="markers", marker=ring, hoverinfo="skip", showlegend=False)


def _patch(row: int, col: int) -> str:
    """A patch between four cell centres, named by its cells."""
    return f"patch between cells ({row}, {col}) and ({row + 1}, {col + 1})"


def worked(trace: Trace, chosen: tuple[int, int]) -> tuple[tuple[str, ...], str]:
    """The chosen bin's arithmetic: short LaTeX lines (one equation each, to fit a phone) and the words under them
    naming the convention."""
    if isinstance(trace, PrRoITrace):
        b = trace.bin(*chosen)
        lines = (
            rf"\text{{bin }}({b.row}, {b.col}):\; x \in [{num(b.rect.x1)}, {num(b.rect.x2)}],\; "
            rf"y \in [{num(b.rect.y1)}, {num(b.rect.y2)}]",
            rf"S = {num(b.rect.width)} \times {num(b.rect.height)} = {num(b.area, 4)}",
            rf"\textstyle\iint_{{\text{{bin}}}} f = \sum_{{{len(b.pieces)} \text{{ pieces}}}} = {num(b.integral, 4)}",
            rf"\text{{value}} = \frac{{{num(b.integral, 4)}}}{{{num(b.area, 4)}}} = {num(b.value, 4)}",
        )
        words = (
            "In cells of the map frame (cell c spans [c, c + 1)): PrRoI's own frame has no half-cell offset "
            "(x · scale), its map values sit at the cell centres, 0 outside the map. Each piece's integral is exact "
            "(the bilinear patch in closed form); the value is `prroi_pool`'s."
        )
        return lines, words
    if isinstance(trace, CropGridTrace):
        s = trace.sample(*chosen)
        y1, x1, y2, x2 = trace.normalised
        height, width = trace.scale
        lines = (
            *_crop_axis("y", s.row, (y1, y2), height, trace.ys),
            *_crop_axis("x", s.col, (x1, x2), width, trace.xs),
            rf"\text{{value}} = \textstyle\sum w \cdot v = {num(s.value, 4)}",
        )
        words = (
            f"TensorFlow's frame (cell centres at whole numbers; the map frame adds 0.5: the sample is at "
            f"({num(s.x)}, {num(s.y)}) cells). [y1, x1, y2, x2] is the box divided by the image's size (float32); "
            "a point outside the map takes `extrapolation_value` (0). The value is `crop_and_resize`'s (float32)."
        )
        return lines, words
    b = trace.bin(*chosen)
    (cx, cy), (w, h) = trace.centre, trace.size
    lines = (
        r"x = c_x + u \cos\theta + v \sin\theta",
        r"y = c_y - u \sin\theta + v \cos\theta",
        rf"c = ({num(cx)}, {num(cy)}),\; \theta = {num(trace.angle, 0)}^\circ",
        rf"w \times h = {num(w)} \times {num(h)}",
    )
    words = (
        f"In cells of the map frame; detectron2's sample frame takes the centre minus half a cell (as "
        f"`aligned=True`). u runs along the box's width, v along its height. Bin ({b.row}, {b.col}) holds "
        f"{len(b.samples)} samples ({trace.grid[0]} x {trace.grid[1]}); each is bilinearly interpolated and the bin "
        f"averages them: {num(float(trace.output[b.row, b.col]), 4)}, `ROIAlignRotated`'s."
    )
    return lines, words


def _crop_axis(name: str, index: int, corners: tuple[float, float], span: int, positions: tuple[float, ...]) -> tuple:
    """One axis of crop_and_resize's grid as two short LaTeX lines: the step between the trace's sample
    ``positions``, then sample ``index`` from the normalised ``corners`` on a map ``span`` = size - 1 wide (a crop
    of one takes the centre)."""
    start, end = (num(corner, 4) for corner in corners)
    n, position = len(positions), positions[index]
    if n == 1:
        return (rf"{name}_0 = \tfrac{{1}}{{2}}({start} + {end}) \cdot {span} = {num(position)}",)
    step = positions[1] - positions[0]
    return (
        rf"\Delta {name} = \frac{{({end} - {start}) \cdot {span}}}{{{n - 1}}} = {num(step)}",
        rf"{name}_{{{index}}} = {start} \cdot {span} + {index} \, \Delta {name} = {num(position)}",
    )


def rows(trace: Trace, chosen: tuple[int, int]) -> list[dict[str, str]]:
    """The chosen bin's pieces (PrRoI), neighbour cells (crop_and_resize) or samples (rotated) as table rows."""
    if isinstance(trace, PrRoITrace):
        return [
            {
                "patch between cells": f"({p.row}, {p.col}) – ({p.row + 1}, {p.col + 1})",
                "piece x": f"{num(p.rect.x1)} – {num(p.rect.x2)}",
                "piece y": f"{num(p.rect.y1)} – {num(p.rect.y2)} cells",
                "area": num(p.area, 4),
                "corner values": ", ".join(num(v, 3) for v in p.corners),
                "integral": num(p.integral, 4),
            }
            for p in trace.bin(*chosen).pieces
        ]
    if isinstance(trace, CropGridTrace):
        return [
            {"cell": f"({n.row}, {n.col})", "value": num(n.value, 4), "weight": num(n.weight, 4)}
            for n in trace.sample(*chosen).neighbours
        ]
    return [
        {"sample": str(index + 1), "x": num(x), "y": f"{num(y)} cells"}
        for index, (x, y) in enumerate(trace.bin(*chosen).samples)
    ]


def alt(method: str, chosen: tuple[int, int]) -> str:
    """The figure's text alternative."""
    return f"{METHODS[method]}, drawn on the map for output bin {chosen}"
