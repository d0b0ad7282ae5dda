"""Lesson 9, the method zoo: the view's box through every RoI operator a practitioner meets, what each one reads
drawn on the map, their outputs side by side, and their conventions in one table.

Every number is ``roi_core.method_zoo``'s (each method by its batch function, equal to its reference library);
figures are plot-kit specs; the table's facts name their source.
"""

from __future__ import annotations

from html import escape

import numpy as np

from roi_core import Rect, ZooEntry, ZooOptions

from ..plot import kit, legible
from ..plot.theme import TYPE
from ..plot.window import CellWindow
from ..session import predict
from ..session.page import Panel
from ..session.predict import Checkpoint
from ..session.view import View
from ..words.conventions import TRUE_BOX_COLOUR
from ..words.numbers import num
from ..words.palette import BLACK, BLUE, VERMILLION

TITLES = {  # method key: its name and the library it equals
    "roi_align": ("RoI Align", "torchvision, aligned=True, average"),
    "roi_pool": ("RoI Pooling", "torchvision, round, max"),
    "onnx_roi_align": ("ONNX RoiAlign", "ONNX Runtime"),
    "crop_and_resize": ("crop_and_resize", "TensorFlow"),
    "prroi_pool": ("PrRoI Pooling", "Jiang et al. 2018, authors' kernel"),
    "roi_warp": ("RoI Warp", "MNC, Dai et al. 2016"),
    "roi_align_rotated": ("Rotated RoI Align", "detectron2"),
    "ps_roi_align": ("PS RoI Align", "torchvision, R-FCN"),
    "ps_roi_pool": ("PS RoI Pooling", "torchvision, R-FCN"),
}
ONNX_MODES = {"avg": "avg (mean of the samples)", "max": "max (of the weighted corner terms)"}
ONNX_COORDINATES = {
    "half_pixel": "half_pixel (opset 16's default: corners − 0.5)",
    "output_half_pixel": "output_half_pixel (opset 10's: no offset, size ≥ 1)",
}
ANGLES = tuple(range(-90, 91, 15))
PANEL_WIDTH = 250  # px per method's map
PANEL_HEIGHTS = (230, 140)  # px of a method's map: normal mode, presenter mode (two rows on one 720 px screen)
OUTPUT_HEIGHTS = (200, 170)  # px of a method's output grid: under its map; presenter mode, on the next screen
OUTPUT_DECIMALS = 2
POINT_SIZE = 7
MIN_TICK_STEP = 3  # cells between a small map's tick labels: level, apart
AREA_FILL = VERMILLION.rgba(0.25)
READS_CAPTION = (
    f"Each map: the feature values around your box (colours; hover for a cell's value), {TRUE_BOX_COLOUR.name} the "
    f"true box, {BLACK.name} dots the points a method samples, {VERMILLION.name} areas what it pools or integrates "
    "whole (RoI Pooling's cells, PrRoI Pooling's bins). Under each map, the method's output, on one colour scale "
    "for all."
)
PS_WORDS = (
    "**Position-sensitive pooling** (R-FCN, Dai et al. 2016; `torchvision.ops.ps_roi_align`, `ps_roi_pool`) takes "
    "h · w score maps per output channel and pools bin (i, j) from its own map only, number i · w + j: the map "
    "trained to fire on that part of the object (its top-left, its centre, ...). The figures number each bin "
    f"with its map ({BLUE.name} dotted bins). Here every score map is your map, so PS RoI Align gives RoI Align's "
    "numbers (aligned, averaged) and PS RoI Pooling *averages* the cells RoI Pooling would max-pool (never the "
    "map's last row or column: torchvision's CPU kernel)."
)
POSITION_SENSITIVE = ("ps_roi_align", "ps_roi_pool")
CONVENTIONS = (  # one row per method: what a practitioner must know, each fact from its library's kernel
    ("RoI Pooling", "torchvision.ops.roi_pool", "x · scale", "corners rounded, end cell included",
     "every cell of the bin", "max", "0", "none: piecewise constant"),
    ("RoI Align", "torchvision.ops.roi_align", "x · scale − 0.5 (aligned=True)", "none",
     "sampling_ratio² or ceil(bin)² points, centred", "average", "0", "not computed"),
    ("ONNX RoiAlign", "ONNX Runtime (opset 16)", "half_pixel: x · scale − 0.5; output_half_pixel: x · scale, size ≥ 1",
     "none", "sampling_ratio², or adaptive with 0 (−1 is rejected)", "avg, or max of the weighted corner terms", "0",
     "inference only"),
    ("crop_and_resize", "tf.image.crop_and_resize", "[y1, x1, y2, x2] / image size, × (H − 1)", "none (nearest: round)",
     "one point per output cell, on the corners", "none: a resize", "extrapolation_value", "yes"),
    ("PrRoI Pooling", "PreciseRoIPooling", "x · scale, no offset", "none", "the exact integral",
     "average (integral / area)", "0", "yes, continuous in the corners"),
    ("RoI Warp", "MNC (caffe)", "round(x · scale)", "corners rounded", "one point at each bin's top-left corner",
     "none (MNC max-pools after)", "0", "piecewise constant (rounded corners)"),
    ("Rotated RoI Align", "detectron2 ROIAlignRotated", "centre · scale − 0.5, angle counter-clockwise",
     "none", "ceil(bin)² points on the turned grid", "average", "0", "not computed"),
    ("PS RoI Align", "torchvision.ops.ps_roi_align", "x · scale − 0.5", "none", "as RoI Align",
     "average, bin (i, j) from its own channel", "NaN (0 / 0)", "not computed"),
    ("PS RoI Pooling", "torchvision.ops.ps_roi_pool", "x · scale", "corners rounded", "every cell (not the map's last "
     "row and column)", "average, bin (i, j) from its own channel", "0", "none"),
    ("MultiScaleRoIAlign", "torchvision.ops", "x / 2^k on level k (page 8)", "none", "as RoI Align (aligned=False)",
     "average", "0", "not computed"),
)  # fmt: skip
CONVENTION_COLUMNS = (
    "method", "library", "coordinates", "rounding", "sampling", "pooling", "empty bin", "gradient for the box",
)  # fmt: skip


def options(view: View) -> ZooOptions:
    """The zoo's switches from the view: ONNX's modes, the angle, the sampling ratio (the view's RoI Align's)."""
    values = view.values
    return ZooOptions(values["onnx_mode"], values["onnx_coord"], float(values["angle"]), view.settings.sampling_ratio)


def intro() -> str:
    """What the page shows."""
    return (
        "RoI Pooling and RoI Align have a family. Exporting to ONNX, reading TensorFlow, detectron2 or a paper, "
        "you meet operators that look alike and give different numbers for the same box. Here each one pools "
        "**your box on the same map**; every number equals its library's."
    )


def reads_figure(view: View, entry: ZooEntry) -> dict:
    """The map around the box with what ``entry``'s method reads: sampled points, pooled or integrated areas."""
    box = view.settings.box_rect.scaled(view.geometry.spatial_scale)
    rows, cols = view.feature_map.shape
    parts = [box, *entry.areas]
    if len(entry.points):
        (x1, y1), (x2, y2) = entry.points.min(axis=0), entry.points.max(axis=0)
        parts.append(Rect(x1, y1, max(x2, x1 + 1e-9), max(y2, y1 + 1e-9)))
    window = CellWindow.around(parts, 1, cols, rows)
    grid = kit.value_grid(view.feature_map, view.decimals, window, show_text=False)
    data = [grid]
    if entry.areas:
        data.append(kit.lines(kit.rect_path(entry.areas, inset=0.03), VERMILLION, 1.5, fill=AREA_FILL))
    data.append(kit.lines(kit.rect_path([box]), TRUE_BOX_COLOUR, 3))
    if entry.score_maps:
        data += score_map_labels(entry)
    if len(entry.points):
        data.append(kit.dots(entry.points, BLACK, POINT_SIZE))
    layout = kit.map_layout(window, PANEL_HEIGHTS[view.presenting])
    for axis in ("xaxis", "yaxis"):
        layout[axis] |= dict(dtick=max(kit.tick_step(window.span), MIN_TICK_STEP), tickangle=0)
    return kit.figure(data, layout)


def score_map_labels(entry: ZooEntry) -> list[dict]:
    """A position-sensitive method's bins outlined, each numbered with the score map it reads (R-FCN's i · w + j),
    the number at the bin's centre."""
    rects = [rect for rect, _ in entry.score_maps if rect.area > 0]
    centres = [((r.x1 + r.x2) / 2, (r.y1 + r.y2) / 2, index) for r, index in entry.score_maps if r.area > 0]
    return [
        kit.lines(kit.rect_path(rects, inset=0.06), BLUE, 1.5, "dot"),
        dict(
            type="scatter",
            x=[x for x, _, _ in centres],
            y=[y for _, y, _ in centres],
            text=[f"#{index}" for _, _, index in centres],
            mode="text",
            textfont=dict(size=TYPE.small, color=BLACK.hex, shadow=legible.HALO),
            hovertemplate="this bin reads score map %{text}<extra></extra>",
        ),
    ]


def method_panels(
    view: View, methods: list[ZooEntry], zrange: tuple[float, float], outputs: bool, asked: list[Checkpoint]
) -> list[Panel]:
    """Each method's heading and map (ONNX's with the revealed answer of ``asked`` marked), with its output under
    it when ``outputs``."""
    result = []
    for entry in methods:
        reads = reads_figure(view, entry)
        if entry.key == "onnx_roi_align":  # where the ONNX checkpoint's answer lies, once revealed
            reads = predict.marked(reads, asked)
        charts = [(reads, f"zoo_{entry.key}", reads_alt(entry))]
        if outputs:
            charts.append((output_figure(entry, zrange, view.presenting), f"zoo_output_{entry.key}", None))
        result.append(Panel(panel_heading(entry, short=view.presenting), tuple(charts)))
    return result


def output_panels(methods: list[ZooEntry], zrange: tuple[float, float]) -> list[Panel]:
    """Presenter mode's screen of outputs: each method's name over its output grid."""
    return [
        Panel(
            panel_heading(entry, short=True), ((output_figure(entry, zrange, True), f"zoo_output_{entry.key}", None),)
        )
        for entry in methods
    ]


def panel_heading(entry: ZooEntry, short: bool = False) -> str:
    """Above a method's map: its name, library and how far it is from RoI Align; ``short`` (presenter mode): the
    name alone (the table names the libraries)."""
    name, library = TITLES[entry.key]
    if short:
        return f"**{name}**"
    gap = "the reference" if entry.key == "roi_align" else f"max |Δ| from RoI Align: {num(entry.difference, 3)}"
    return f"**{name}** · {library}  \n{gap}"


def reads_alt(entry: ZooEntry) -> str:
    """A method's map's text alternative."""
    name, _ = TITLES[entry.key]
    maps = f", each bin from its own score map ({len(entry.score_maps)})" if entry.score_maps else ""
    return f"What {name} reads of your box: {len(entry.points)} sampled points, {len(entry.areas)} pooled areas{maps}"


def one_map(entries: tuple[ZooEntry, ...]) -> list[ZooEntry]:
    """The methods that pool one map (every one but the position-sensitive ones), RoI Align first."""
    return [entry for entry in entries if entry.key not in POSITION_SENSITIVE]


def score_map_methods(entries: tuple[ZooEntry, ...]) -> list[ZooEntry]:
    """The position-sensitive methods (a score map per bin)."""
    return [entry for entry in entries if entry.key in POSITION_SENSITIVE]


def value_range(entries: tuple[ZooEntry, ...]) -> tuple[float, float]:
    """One colour range for every method's output (their finite values), so a colour means one value in all."""
    values = np.concatenate([e.output.ravel() for e in entries])
    finite = values[np.isfinite(values)]
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)


def output_figure(
    entry: ZooEntry, zrange: tuple[float, float], presenting: bool = False, decimals: int = OUTPUT_DECIMALS
) -> dict:
    """A method's output as a small value grid (bins numbered), on the zoo's common colour range."""
    size = entry.output.shape[0]
    window = CellWindow.whole(size, size)
    grid = kit.value_grid(entry.output, decimals, kind=f"{TITLES[entry.key][0]} bin", zrange=zrange)
    return kit.figure([grid], kit.map_layout(window, OUTPUT_HEIGHTS[presenting], numbered=True))


def _conventions_html() -> str:
    """The conventions table as HTML (the app's own constant words, escaped), in a region that scrolls sideways on
    its own, focusable so that a keyboard scrolls it too: built once, sent as a few kB, no dataframe a rerun."""
    head = "".join(f"<th scope='col'>{escape(name)}</th>" for name in CONVENTION_COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in CONVENTIONS)
    return (
        "<div class='roi-table' role='region' tabindex='0' aria-label='The conventions, one row per method'>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


CONVENTIONS_HTML = _conventions_html()


ONNX_WORDS = (
    "**ONNX RoiAlign's quirks** (exporting a torchvision model): opset 16 added `coordinate_transformation_mode`; "
    "`half_pixel` is torchvision's `aligned=True`, `output_half_pixel` is `aligned=False` (opset 10's only "
    "behaviour). ONNX Runtime rejects `sampling_ratio=-1`: its adaptive grid is `sampling_ratio=0`. Its `max` mode "
    "is not the max of the interpolated samples: it keeps, for each sample, the largest of its four weighted corner "
    "terms (w·v), then the largest over the bin, a smaller number than the samples' max."
)
