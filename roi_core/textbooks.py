"""Worked examples from textbooks and blog posts, with their own numbers, reproduced by roi_core.

Learners arrive with an example from somewhere else. Each ``TextbookExample`` holds one source's inputs (its
feature map, image size, stride, boxes, output size and the roi_core conventions that match it) and the numbers it
prints (``expected``); ``reproduce`` computes the same named numbers with roi_core's own functions: the batch
``roi_pool`` and ``roi_align`` for every pooled value, and the traces built on them (``trace_roi_pool``,
``trace_roi_align``, ``quantize_box``) for the intermediate numbers (boxes, bins, sampling points). Nothing here
re-implements a pooling step.

Where a source's printed number is not what its own inputs give, ``differences`` names it and says why;
``mismatches`` lists the printed numbers that ``reproduce`` does not match at the source's printed precision, so the
two can be checked against each other.

Conventions of the entries, shared by every key of ``expected``:

* every value is a tuple with one item per box, in ``boxes`` order;
* cells are (row, col) unless a key says ``(col, row)`` (as the RoI Align post writes "11x6": column 11, row 6);
* coordinates are in the lesson's map frame: cell (row r, col c) covers x in [c, c + 1), y in [r, r + 1), centre
  (c + 0.5, r + 0.5), as ``trace_roi_align`` reports them;
* ``decimals`` gives the printed precision of a key: a value agrees when it lies within half a unit of the last
  printed place (0.495014 agrees with "0.50", 0.1470 does not agree with "0.14"); keys without it must be equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from .align import roi_align
from .align_trace import RoIAlignTrace, trace_roi_align
from .arrays import frozen, roi_rows
from .geometry import MapGeometry, Rect, cells_touched, map_geometry
from .lesson import LESSON_PRESET, SLIDE_EXAMPLES, LessonSettings
from .pool import roi_pool
from .pool_trace import RoIPoolTrace, trace_roi_pool
from .quantization import quantize_box

TORCHVISION_ALIGN: Mapping[str, object] = MappingProxyType(
    dict(sampling_ratio=0, aligned=False, pooling="avg", sample_layout="centered")
)  # torchvision.ops.roi_align's defaults as roi_align's keyword arguments (its -1 and 0 both mean adaptive)
ROUNDED_POINT_DECIMALS = 2  # posts work their sampling points out to 2 decimals and interpolate there


@dataclass(frozen=True, eq=False)
class TextbookExample:
    """One source's worked example: its inputs, the roi_core conventions that match it, and its printed numbers.

    ``feature_map`` is the source's single-channel map, (rows, cols), read-only; only the block
    ``printed_cells`` = (row_start, col_start, row_stop, col_stop) holds values the source prints, every other cell
    is 0.0 (the source leaves it blank, and no reproduced number reads it). ``image_size`` is (width, height) in
    pixels and ``stride`` the pixels per cell (``spatial_scale = 1 / stride``); ``boxes`` are (x1, y1, x2, y2) in
    image pixels, torchvision's format. ``pool_options`` and ``align_options`` are the keyword arguments of
    ``roi_pool`` and ``roi_align`` that reproduce the source (None: the source shows no such step).
    ``source_bins`` are bins the source draws itself, (x1, y1, x2, y2) in pixels, row by row, when no roi_core
    convention makes the same ones: each is pooled alone to 1 x 1 with ``pool_options``.

    ``expected`` maps a name to the source's printed numbers, ``decimals`` gives the printed precision of a name
    (absent: exact), ``differences`` maps an item path (``"align_output[0][0][2]"``) whose printed number is not
    what the source's own inputs give to the reason. Compared by identity (it holds an array).
    """

    key: str
    source: str
    url: str
    citation: str
    feature_map: np.ndarray
    image_size: tuple[int, int]
    stride: int
    boxes: tuple[tuple[float, float, float, float], ...]
    output_size: tuple[int, int]
    pool_options: Mapping[str, object] | None
    align_options: Mapping[str, object] | None
    expected: Mapping[str, object]
    decimals: Mapping[str, int]
    differences: Mapping[str, str]
    notes: str
    printed_cells: tuple[int, int, int, int]
    source_bins: tuple[tuple[float, float, float, float], ...] | None = None

    @property
    def spatial_scale(self) -> float:
        """roi_core's (and torchvision's) ``spatial_scale``: 1 / stride."""
        return 1.0 / self.stride

    @property
    def geometry(self) -> MapGeometry:
        return map_geometry(self.image_size[0], self.image_size[1], self.stride)

    @property
    def rects(self) -> tuple[Rect, ...]:
        """``boxes`` as roi_core rectangles (image pixels)."""
        return tuple(Rect(*box) for box in self.boxes)

    @property
    def rois(self) -> np.ndarray:
        """``boxes`` as the (K, 5) RoI rows ``roi_pool`` and ``roi_align`` take."""
        return roi_rows(self.rects)

    def box_settings(self, index: int) -> LessonSettings:
        """Box ``index`` of this example as one lesson view: its image size, stride, box (x, y, w, h in whole
        pixels), output size and the conventions of ``pool_options`` and ``align_options``; where the source shows
        no RoI Align, torchvision's defaults (``TORCHVISION_ALIGN``: adaptive sampling, centred samples averaged,
        ``aligned=False``), which every library's RoI Align runs. ValueError for a box off whole pixels or a
        non-square output, which a lesson view cannot hold."""
        rect = self.rects[index]
        corners = (rect.x1, rect.y1, rect.x2, rect.y2)
        if any(value != round(value) for value in corners) or self.output_size[0] != self.output_size[1]:
            raise ValueError(f"{self.key}'s box {index} or output {self.output_size} does not fit a lesson view")
        x1, y1, x2, y2 = (round(value) for value in corners)
        align = TORCHVISION_ALIGN if self.align_options is None else self.align_options
        return LessonSettings(
            image_width=self.image_size[0],
            image_height=self.image_size[1],
            stride=self.stride,
            box=(x1, y1, x2 - x1, y2 - y1),
            output_size=self.output_size[0],
            quantization=(self.pool_options or {}).get("quantization", LESSON_PRESET.quantization),
            **align,
        )

    @property
    def methods(self) -> tuple[str, ...]:
        """The roi_core functions this example runs: ``roi_pool``, ``roi_align`` or both."""
        return tuple(
            name
            for name, options in (("roi_pool", self.pool_options), ("roi_align", self.align_options))
            if options is not None
        )


# --- reproduce -----------------------------------------------------------------------------------------------------


def reproduce(example: TextbookExample) -> dict[str, object]:
    """Compute every number ``example`` names, with roi_core; values are tuples with one item per box.

    RoI Pooling (``pool_options``): ``pool_output`` (roi_pool), ``projected_box`` (x, y, w, h in cells),
    ``quantized_box`` (X, Y, W, H), ``quantized_region`` (row_start, row_stop, col_start, col_stop: the slice of the
    map the quantized box covers), ``cells`` (W, H), ``pool_bin_size`` (h, w), ``pool_bin_width``,
    ``pool_dropped_rows`` / ``pool_dropped_columns`` (rows / columns of the quantized box that no bin reads) and
    their counts, and with ``source_bins`` ``section_output`` (each source bin max-pooled alone). RoI Align
    (``align_options``): ``align_output`` (roi_align), ``align_bin_size`` (h, w), ``align_sample_points`` and
    ``align_sample_values`` per bin and sample (trace_roi_align, map frame), ``align_first_bin_points``,
    ``align_first_bin_values``, ``align_first_bin_neighbours`` (centres of each point's four cells),
    ``align_first_bin_max``, ``align_cells_without_points`` (col, row), the top-right point of the first bin's cell
    and the point-free cells it reads (``align_top_right_point_cell``, ``align_top_right_point_reads_pointless``),
    ``align_sample_values_at_rounded_points`` (roi_align's interpolation at every point rounded to
    ``ROUNDED_POINT_DECIMALS``, as hand-worked posts do); when ``expected`` prints the first bin's points,
    ``align_first_bin_values_at_printed_points`` evaluates roi_align's interpolation at those printed coordinates.
    """
    out: dict[str, object] = {}
    if example.pool_options is not None:
        out.update(_pool_numbers(example))
    if example.align_options is not None:
        out.update(_align_numbers(example))
    return out


def _pool_numbers(example: TextbookExample) -> dict[str, object]:
    options = dict(example.pool_options or {})
    convention = str(options.get("quantization", "round"))
    features = example.feature_map[None, None]
    pooled = roi_pool(features, example.rois, example.output_size, example.spatial_scale, **options)[:, 0]
    geometry = example.geometry
    quantized = [quantize_box(rect, geometry, convention) for rect in example.rects]
    traces = [
        trace_roi_pool(example.feature_map, rect, geometry, example.output_size, convention) for rect in example.rects
    ]
    out: dict[str, object] = {
        "pool_output": _nested(pooled),
        "projected_box": tuple(
            (q.projected.x1, q.projected.y1, q.projected.width, q.projected.height) for q in quantized
        ),
        "quantized_box": tuple((q.X, q.Y, q.W, q.H) for q in quantized),
        "quantized_region": tuple(
            (int(q.cells.y1), int(q.cells.y2), int(q.cells.x1), int(q.cells.x2)) for q in quantized
        ),
        "cells": tuple((q.W, q.H) for q in quantized),
        "pool_bin_size": tuple(tuple(_whole(v) for v in trace.bin_size) for trace in traces),
        "pool_bin_width": tuple(_whole(trace.bin_size[1]) for trace in traces),
        "pool_dropped_rows": tuple(_dropped(trace, axis=0) for trace in traces),
        "pool_dropped_columns": tuple(_dropped(trace, axis=1) for trace in traces),
    }
    out["pool_dropped_row_count"] = tuple(len(rows) for rows in out["pool_dropped_rows"])
    out["pool_dropped_column_count"] = tuple(len(cols) for cols in out["pool_dropped_columns"])
    if example.source_bins is not None:
        rows = roi_rows([Rect(*b) for b in example.source_bins])
        sections = roi_pool(features, rows, (1, 1), example.spatial_scale, **options)[:, 0, 0, 0]
        out["section_output"] = (_nested(sections.reshape(example.output_size)),)
    out["region_corners"] = tuple(((q.cells.x1, q.cells.y1), (q.cells.x2, q.cells.y2)) for q in quantized)
    return out


def _dropped(trace: RoIPoolTrace, axis: int) -> tuple[int, ...]:
    """Rows (axis 0) or columns (axis 1) of the quantized box, on the map, that no bin of ``trace`` reads."""
    cells = trace.quantized.cells
    lo, hi = (cells.y1, cells.y2) if axis == 0 else (cells.x1, cells.x2)
    size = trace.quantized.geometry.map_height if axis == 0 else trace.quantized.geometry.map_width
    read = {cell[axis] for cell in trace.read_cells}
    return tuple(i for i in range(max(int(lo), 0), min(int(hi), size)) if i not in read)


def _align_numbers(example: TextbookExample) -> dict[str, object]:
    options = dict(example.align_options or {})
    features = example.feature_map[None, None]
    ratio = int(options.pop("sampling_ratio", -1))
    aligned = bool(options.pop("aligned", False))
    pooled = roi_align(features, example.rois, example.output_size, example.spatial_scale, ratio, aligned, **options)
    geometry = example.geometry
    traces = [
        trace_roi_align(example.feature_map, rect, geometry, example.output_size, ratio, aligned, **options)
        for rect in example.rects
    ]
    out: dict[str, object] = {
        "align_output": _nested(pooled[:, 0]),
        "align_bin_size": tuple(trace.bin_size for trace in traces),
        "align_sample_points": tuple(_per_bin(trace, lambda s: (s.x, s.y)) for trace in traces),
        "align_sample_values": tuple(_per_bin(trace, lambda s: s.value) for trace in traces),
        "align_first_bin_points": tuple(tuple((s.x, s.y) for s in trace.bins[0].samples) for trace in traces),
        "align_first_bin_values": tuple(tuple(s.value for s in trace.bins[0].samples) for trace in traces),
        "align_first_bin_neighbours": tuple(
            tuple(tuple(n.centre for n in s.neighbours) for s in trace.bins[0].samples) for trace in traces
        ),
        "align_first_bin_max": tuple(trace.bins[0].value for trace in traces),
    }
    pointless = tuple(_cells_without_points(trace) for trace in traces)
    out["align_cells_without_points"] = pointless
    out["align_top_right_point_cell"] = tuple(_point_cell(trace.bins[0].samples[1]) for trace in traces)
    out["align_top_right_point_reads_pointless"] = tuple(
        tuple(sorted((col, row) for row, col in trace.bins[0].samples[1].cells if (col, row) in free))
        for trace, free in zip(traces, pointless)
    )
    points = np.round(np.array(out["align_sample_points"], dtype=np.float64), ROUNDED_POINT_DECIMALS)
    values = [values_at(example.feature_map, example.stride, p.reshape(-1, 2)) for p in points]
    out["align_sample_values_at_rounded_points"] = tuple(
        _nested(np.array(v).reshape(p.shape[:-1])) for v, p in zip(values, points)
    )
    printed = example.expected.get("align_first_bin_points")
    if printed is not None:
        out["align_first_bin_values_at_printed_points"] = tuple(
            values_at(example.feature_map, example.stride, points) for points in printed
        )
    return out


def _per_bin(trace: RoIAlignTrace, item) -> tuple:
    rows, cols = trace.output_size
    return tuple(tuple(tuple(item(s) for s in trace.bin(r, c).samples) for c in range(cols)) for r in range(rows))


def _point_cell(sample) -> tuple[int, int]:
    """(col, row) of the map cell a sampling point lies in (map frame)."""
    return int(np.floor(sample.x)), int(np.floor(sample.y))


def _cells_without_points(trace: RoIAlignTrace) -> tuple[tuple[int, int], ...]:
    """(col, row) of every map cell the box overlaps that holds no sampling point, column by column."""
    touched = cells_touched(trace.box, trace.geometry)
    holding = {_point_cell(s) for b in trace.bins for s in b.samples}
    return tuple(
        (col, row)
        for col in range(touched.col_start, touched.col_stop)
        for row in range(touched.row_start, touched.row_stop)
        if (col, row) not in holding
    )


def values_at(feature_map: np.ndarray, stride: int, points: Sequence[tuple[float, float]]) -> tuple[float, ...]:
    """roi_align's bilinear value of ``feature_map`` at each map-frame point (x, y), cell centres at c + 0.5.

    Each point is one RoI Align bin of one sample: a one-cell box centred on the point, ``aligned=True`` (whose
    sample frame is the map frame less half a cell), output 1 x 1, ``sampling_ratio=1`` (the sample at the bin's
    centre). So a printed, rounded point is evaluated exactly as roi_align evaluates any sample.
    """
    feature_map = np.asarray(feature_map, dtype=np.float64)
    half = stride / 2
    rows = np.array(
        [[0.0, x * stride - half, y * stride - half, x * stride + half, y * stride + half] for x, y in points]
    )
    values = roi_align(feature_map[None, None], rows.reshape(-1, 5), 1, 1.0 / stride, 1, True)
    return tuple(float(v) for v in values[:, 0, 0, 0])


# --- comparing -----------------------------------------------------------------------------------------------------


def agrees(value, printed, decimals: int | None) -> bool:
    """Whether ``value`` prints as ``printed``: equal when ``decimals`` is None, else within half a unit of the
    last printed place (rounding half up or half away, as a person rounds)."""
    if decimals is None:
        return value == printed
    return abs(float(value) - float(printed)) <= 0.5 * 10.0 ** (-decimals) + 1e-12


def mismatches(example: TextbookExample, reproduced: Mapping[str, object] | None = None) -> dict[str, tuple]:
    """Every printed item of ``example.expected`` that ``reproduced`` (default: ``reproduce(example)``) does not
    match at its printed precision: item path → (printed, reproduced). A missing name or a shape that differs is a
    mismatch of the whole name."""
    reproduced = reproduce(example) if reproduced is None else reproduced
    found: dict[str, tuple] = {}
    for name, printed in example.expected.items():
        if name not in reproduced:
            found[name] = (printed, None)
            continue
        _walk(name, printed, reproduced[name], example.decimals.get(name), found)
    return found


def _walk(path: str, printed, value, decimals, found: dict) -> None:
    if isinstance(printed, tuple | list):
        if not isinstance(value, tuple | list) or len(value) != len(printed):
            found[path] = (printed, value)
            return
        for index, (p, v) in enumerate(zip(printed, value)):
            _walk(f"{path}[{index}]", p, v, decimals, found)
    elif not agrees(value, printed, decimals):
        found[path] = (printed, value)


def _nested(array: np.ndarray):
    """An array as nested tuples of Python floats."""
    if array.ndim == 0:
        return float(array)
    return tuple(_nested(item) for item in array)


def _whole(value: float):
    """A whole number as int (cells), anything else as it is."""
    return int(value) if float(value).is_integer() else float(value)


def _frozen_map(shape: tuple[int, int], block, origin: tuple[int, int] = (0, 0)) -> np.ndarray:
    """A read-only (rows, cols) float64 map of zeros with ``block`` written at ``origin`` (row, col)."""
    values = np.zeros(shape, dtype=np.float64)
    block = np.asarray(block, dtype=np.float64)
    values[origin[0] : origin[0] + block.shape[0], origin[1] : origin[1] + block.shape[1]] = block
    return frozen(values)


def _read_only(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


# --- 1. Dive into Deep Learning ------------------------------------------------------------------------------------

D2L = TextbookExample(
    key="d2l-rcnn",
    source="Dive into Deep Learning (Zhang, Lipton, Li, Smola), §14.8 Region-based CNNs (R-CNNs)",
    url="https://d2l.ai/chapter_computer-vision/rcnn.html",
    citation=(
        "The PyTorch tab: X = torch.arange(16.).reshape(1, 1, 4, 4); rois = torch.Tensor([[0, 0, 0, 20, 20], "
        "[0, 0, 10, 30, 30]]) on a 40 x 40 image; torchvision.ops.roi_pool(X, rois, output_size=(2, 2), "
        "spatial_scale=0.1). The text marks the regions as X[:, :, 0:3, 0:3] and X[:, :, 1:4, 0:4]; the printed "
        "output, tensor([[[[5., 6.], [9., 10.]]], [[[9., 11.], [13., 15.]]]]), is the executed notebook's "
        "(d2l-ai/d2l-pytorch-colab, chapter_computer-vision/rcnn.ipynb, run 2023-08-18), also quoted in the "
        "section's discussion thread (discuss.d2l.ai/t/1409)."
    ),
    feature_map=_frozen_map((4, 4), np.arange(16).reshape(4, 4)),
    image_size=(40, 40),
    stride=10,
    boxes=((0.0, 0.0, 20.0, 20.0), (0.0, 10.0, 30.0, 30.0)),
    output_size=(2, 2),
    pool_options=_read_only({"quantization": "round"}),
    align_options=None,
    expected=_read_only(
        {
            "quantized_region": ((0, 3, 0, 3), (1, 4, 0, 4)),
            "pool_output": (((5.0, 6.0), (9.0, 10.0)), ((9.0, 11.0), (13.0, 15.0))),
        }
    ),
    decimals=_read_only({}),
    differences=_read_only({}),
    notes=(
        "torchvision's convention (quantization='round'): corners rounded, end cell included, bins "
        "[floor(i*size/n), ceil((i+1)*size/n)), which overlap when size/n is not whole. The book's figure splits "
        "the first 3 x 3 region into {0, 1, 4, 5}, {2, 6}, {8, 9}, {10}; torchvision's bins are {0, 1, 4, 5}, "
        "{1, 2, 5, 6}, {4, 5, 8, 9}, {5, 6, 9, 10}: other cells, the same maxima 5, 6, 9, 10. The first column of "
        "each RoI row is the batch index for torchvision (the book calls it the object class; it is 0 here)."
    ),
    printed_cells=(0, 0, 4, 4),
)


# --- 2. Kemal Erdem's RoI Pooling / RoI Align posts ----------------------------------------------------------------

# The 5 x 7 block of the 16 x 16 map the posts print (rows 6-10, cols 9-15); the rest of the map is blank there.
_ERDEM_BLOCK = (
    (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8),
    (1.0, 0.7, 0.2, 0.6, 0.1, 0.9, 0.4),
    (0.9, 0.8, 0.7, 0.3, 0.5, 0.2, 0.5),
    (0.2, 0.5, 1.0, 0.7, 0.1, 0.1, 0.8),
    (0.6, 0.3, 0.1, 0.8, 0.5, 0.4, 0.3),
)

_ERDEM_POINTS_REASON = (
    "the post interpolates at its coordinates rounded to 2 decimals (9.94, 6.50); roi_align there gives the printed "
    "value (align_first_bin_values_at_printed_points: 0.1444, 0.2139)"
)
_ERDEM_SLIP = (
    "{printed}: a slip of the post's hand arithmetic; roi_align at the point rounded to 2 decimals gives {rounded} "
    "on the post's own map"
)

ERDEM = TextbookExample(
    key="erdem-roi",
    source=(
        "Kemal Erdem, Understanding Region of Interest (RoI Pooling) and Part 2 (RoI Align and RoI Warp), 2020 "
        "(erdem.pl; also on Towards Data Science)"
    ),
    url="https://erdem.pl/2020/02/understanding-region-of-interest-part-2-ro-i-align/",
    citation=(
        "Part 1, https://erdem.pl/2020/02/understanding-region-of-interest-ro-i-pooling/: 512 x 512 image, VGG16, "
        "16 x 16 map (scale 32); the RoI 145 x 200 (h x w) with its top left at (192 x 296) (y, x): 200/32 = 6.25, "
        "145/32 = ~4.53, 296/32 = 9.25, 192/32 = 6; quantized 9.25 → 9, 4.53 → 4, a 4 x 6 RoI; 3 x 3 pooling with "
        "1 x 2 bins (4/3 = 1 x 6/3 = 2), the bottom row lost; max pooling gives the figure's 3 x 3 output. Part 2: "
        "bins 1.51 high x 2.08 wide; 4 points per bin at 1/3 and 2/3 (first: 9.94, 6.50; bottom left 9.94, 7.01; "
        "the figure labels 10.64, 6.50 and 10.64, 7.01); first point 0.14 from (9.50, 6.50), (10.50, 6.50), "
        "(9.50, 7.50), (10.50, 7.50); MAX(0.14, 0.21, 0.51, 0.43) = 0.51; the cells 11x6 ... 15x10 (col x row) hold "
        "no point, the top-right point in 10x6 still reads 11x6 and 11x7. The map values, the 36 point values and "
        "the 3 x 3 RoIAlign output are printed in the posts' figures (roi-align-with-data.png, roi-align.gif, "
        "roi-align-full.png, ROI-pooling.gif in the author's repository burnpiro/erdem.pl)."
    ),
    feature_map=_frozen_map((16, 16), _ERDEM_BLOCK, origin=(6, 9)),
    image_size=(512, 512),
    stride=32,
    boxes=((296.0, 192.0, 496.0, 337.0),),
    output_size=(3, 3),
    pool_options=_read_only({"quantization": "floor"}),
    align_options=_read_only({"sampling_ratio": 2, "aligned": True, "pooling": "max", "sample_layout": "spaced"}),
    expected=_read_only(
        {
            # Part 1: RoI Pooling
            "projected_box": ((9.25, 6.0, 6.25, 4.53),),
            "quantized_box": ((9, 6, 6, 4),),
            "pool_bin_size": ((1, 2),),
            "pool_dropped_rows": ((9,),),
            "pool_output": (((0.2, 0.4, 0.6), (1.0, 0.6, 0.9), (0.9, 0.7, 0.5)),),
            # Part 2: RoI Align
            "align_bin_size": ((1.51, 2.08),),
            "align_first_bin_points": (((9.94, 6.50), (10.64, 6.50), (9.94, 7.01), (10.64, 7.01)),),
            "align_first_bin_neighbours": (
                (
                    ((9.5, 6.5), (10.5, 6.5), (9.5, 7.5), (10.5, 7.5)),
                    ((10.5, 6.5), (11.5, 6.5), (10.5, 7.5), (11.5, 7.5)),
                    ((9.5, 6.5), (10.5, 6.5), (9.5, 7.5), (10.5, 7.5)),
                    ((10.5, 6.5), (11.5, 6.5), (10.5, 7.5), (11.5, 7.5)),
                ),
            ),
            "align_first_bin_values": ((0.14, 0.21, 0.51, 0.43),),
            "align_first_bin_values_at_printed_points": ((0.14, 0.21, 0.51, 0.43),),
            "align_first_bin_max": (0.51,),
            "align_sample_values_at_rounded_points": (
                (
                    ((0.14, 0.21, 0.51, 0.43), (0.35, 0.42, 0.38, 0.46), (0.56, 0.66, 0.57, 0.71)),
                    ((0.86, 0.71, 0.85, 0.78), (0.45, 0.42, 0.50, 0.34), (0.45, 0.52, 0.32, 0.34)),
                    ((0.33, 0.56, 0.38, 0.36), (0.83, 0.58, 0.64, 0.66), (0.11, 0.24, 0.28, 0.30)),
                ),
            ),
            "align_output": (((0.51, 0.46, 0.71), (0.86, 0.50, 0.52), (0.56, 0.83, 0.30)),),
            "align_cells_without_points": (tuple((col, row) for col in (11, 13, 15) for row in range(6, 11)),),
            "align_top_right_point_cell": ((10, 6),),
            "align_top_right_point_reads_pointless": (((11, 6), (11, 7)),),
        }
    ),
    decimals=_read_only(
        {
            "projected_box": 2,
            "align_bin_size": 2,
            "align_first_bin_points": 2,
            "align_first_bin_values": 2,
            "align_first_bin_values_at_printed_points": 2,
            "align_first_bin_max": 2,
            "align_sample_values_at_rounded_points": 2,
            "align_output": 2,
        }
    ),
    differences=_read_only(
        {
            "align_first_bin_values[0][0]": "0.14: exact 0.1470 at (9.9444, 6.5035); " + _ERDEM_POINTS_REASON,
            "align_first_bin_values[0][1]": "0.21: exact 0.2153 at (10.6389, 6.5035); " + _ERDEM_POINTS_REASON,
            "align_sample_values_at_rounded_points[0][0][2][3]": _ERDEM_SLIP.format(printed="0.71", rounded="0.7043"),
            "align_sample_values_at_rounded_points[0][1][1][3]": _ERDEM_SLIP.format(printed="0.34", rounded="0.3485"),
            "align_sample_values_at_rounded_points[0][1][2][1]": _ERDEM_SLIP.format(printed="0.52", rounded="0.5145"),
            "align_sample_values_at_rounded_points[0][1][2][2]": _ERDEM_SLIP.format(printed="0.32", rounded="0.3127"),
            "align_sample_values_at_rounded_points[0][1][2][3]": _ERDEM_SLIP.format(printed="0.34", rounded="0.2935"),
            "align_sample_values_at_rounded_points[0][2][0][2]": _ERDEM_SLIP.format(printed="0.38", rounded="0.4041"),
            "align_sample_values_at_rounded_points[0][2][0][3]": _ERDEM_SLIP.format(printed="0.36", rounded="0.4121"),
            "align_sample_values_at_rounded_points[0][2][1][1]": _ERDEM_SLIP.format(printed="0.58", rounded="0.5713"),
            "align_sample_values_at_rounded_points[0][2][2][1]": _ERDEM_SLIP.format(printed="0.24", rounded="0.3180"),
            "align_sample_values_at_rounded_points[0][2][2][3]": _ERDEM_SLIP.format(printed="0.30", rounded="0.3446"),
            "align_output[0][0][2]": "0.71: exact 0.7048, the bin's bottom-right point, where the post slips",
            "align_output[0][1][2]": "0.52: exact 0.5131, the bin's top-right point, where the post slips",
            "align_output[0][2][2]": (
                "0.30: exact 0.3432, the bin's bottom-right point; the post's points read 0.24 and 0.30 where its own "
                "map gives 0.32 and 0.34, so its maximum is 0.30"
            ),
        }
    ),
    notes=(
        "Box (296, 192)-(496, 337) px: the posts give its top left as (192 x 296) and its size as 145 x 200, height "
        "first. RoI Pooling is the lesson's floor convention (quantization='floor'): X, Y, W, H = 9, 6, 6, 4, bins "
        "floor(4/3) = 1 row by floor(6/3) = 2 columns, row 9 never read; its 3 x 3 output is reproduced exactly. "
        "RoI Align is the lesson's convention: aligned=True (box corners = pixels / 32, cell centres at c + 0.5, "
        "the posts' (9.50, 6.50)), sample_layout='spaced' (1/3 and 2/3 of the bin), sampling_ratio=2, "
        "pooling='max'. aligned=False (torchvision's default) puts the first point at (10.44, 7.00) and gives 0.72, "
        "not 0.51, for the first bin. The bin sizes, the first bin's points and neighbours, the point-free cells "
        "and 6 of the 9 outputs agree at the printed 2 decimals. The post works its points out to 2 decimals and "
        "interpolates there: its first two values (0.14, 0.21) agree only at those rounded points, and 26 of its 36 "
        "point values agree with roi_align at the rounded points; the other 10, and through them 3 outputs, are slips "
        "of its hand arithmetic (see differences). The text's '(9.44, 6.50)' for the first point is a typo for 9.94 "
        "(its neighbours 9.50 and 10.50 say so). The map's row 10 (the RoI's partial last row) is cut by the box's "
        "edge in every figure: its values were read from the visible top 8 pixel rows of each digit, which match "
        "the same digits printed elsewhere in the figure pixel for pixel (0.6, 0.3, 0.1, 0.8, 0.5, 0.4, 0.3; the "
        "0.1 under a bin line matches best). Part 1's figure leaves the "
        "RoI's 4th row (map row 9) blank; Part 2 prints it. Cells outside rows 6-10, cols 9-15 are blank in the "
        "posts and 0 here; nothing reproduced reads them."
    ),
    printed_cells=(6, 9, 11, 16),
)


# --- 3. deepsense.ai's RoI pooling post ----------------------------------------------------------------------------

_DEEPSENSE_MAP = (
    (0.88, 0.44, 0.14, 0.16, 0.37, 0.77, 0.96, 0.27),
    (0.19, 0.45, 0.57, 0.16, 0.63, 0.29, 0.71, 0.70),
    (0.66, 0.26, 0.82, 0.64, 0.54, 0.73, 0.59, 0.26),
    (0.85, 0.34, 0.76, 0.84, 0.29, 0.75, 0.62, 0.25),
    (0.32, 0.74, 0.21, 0.39, 0.34, 0.03, 0.33, 0.48),
    (0.20, 0.14, 0.16, 0.13, 0.73, 0.65, 0.96, 0.32),
    (0.19, 0.69, 0.09, 0.86, 0.88, 0.07, 0.01, 0.48),
    (0.83, 0.24, 0.97, 0.04, 0.24, 0.35, 0.50, 0.91),
)

DEEPSENSE = TextbookExample(
    key="deepsense-roi-pooling",
    source="Tomasz Grel, Region of interest pooling explained, deepsense.ai (formerly deepsense.io) blog, 2017",
    url="https://deepsense.ai/region-of-interest-pooling-explained/",
    citation=(
        "One 8 x 8 feature map, one region of interest, a 2 x 2 output; the region proposal's (top left, bottom "
        "right) corners (0, 3), (7, 8), divided at int((7 + 0)/2) = 3 and int((3 + 8)/2) = 5 (as the section's "
        "d2l discussion thread, discuss.d2l.ai/t/1409, quotes the post). The map values, the sections and the "
        "output 0.85, 0.84 / 0.97, 0.96 are printed in the post's animation, the same file as "
        "roi_pooling_animation.gif in deepsense-ai/roi-pooling (frames: input, region proposal, pooling sections, "
        "max values in sections, output)."
    ),
    feature_map=_frozen_map((8, 8), _DEEPSENSE_MAP),
    image_size=(8, 8),
    stride=1,
    boxes=((0.0, 3.0, 7.0, 8.0),),
    output_size=(2, 2),
    pool_options=_read_only({"quantization": "floor"}),
    align_options=None,
    expected=_read_only(
        {
            "region_corners": (((0, 3), (7, 8)),),
            "section_output": (((0.85, 0.84), (0.97, 0.96)),),
        }
    ),
    decimals=_read_only({}),
    differences=_read_only({}),
    notes=(
        "The region is given in feature-map cells (stride 1, no image): x 0-7, y 3-8, end excluded, 7 x 5 cells. "
        "Its sections split each side at int((start + end)/2): columns [0, 3) and [3, 7), rows [3, 5) and [5, 8); "
        "they do not overlap and the last one takes the remainder. That is neither of roi_core's conventions, so "
        "the example carries the post's sections (source_bins) and max-pools each alone with roi_pool. One "
        "roi_pool call does not give the post's output: torchvision's convention (quantization='round', box "
        "(0, 3, 6, 7) with its end cell included) makes bins rows [3, 6) / [5, 8) and columns [0, 4) / [3, 7), "
        "which overlap, and gives 0.85, 0.96 / 0.97, 0.96; the lesson's floor convention makes bins 3 columns by "
        "2 rows, drops column 6 and row 7, and gives 0.85, 0.84 / 0.69, 0.88. The post's own TensorFlow kernel "
        "(deepsense-ai/roi-pooling) computes bins the torchvision way, not as its animation draws them. The map "
        "values are printed to 2 decimals and used as printed."
    ),
    printed_cells=(0, 0, 8, 8),
    source_bins=((0.0, 3.0, 3.0, 5.0), (3.0, 3.0, 7.0, 5.0), (0.0, 5.0, 3.0, 8.0), (3.0, 5.0, 7.0, 8.0)),
)


# --- 4. The lecture slides' 224 x 224 / 7 x 7 examples, by reference ------------------------------------------------


def _slides_224() -> TextbookExample:
    """The slides' two 7 x 7 examples (``lesson.SLIDE_EXAMPLES``) as one entry: they print only the object's size in
    cells, the bin widths and what is dropped, no map values, so the map is blank and no pooled value is compared."""
    first = SLIDE_EXAMPLES[0]
    if any(
        (e.image_size, e.stride, e.output_size) != (first.image_size, first.stride, first.output_size)
        for e in SLIDE_EXAMPLES
    ):
        raise ValueError("the slides' 7 x 7 examples no longer share one image size, stride and output size")
    size = first.image_size // first.stride
    rects = [Rect.from_xywh(*e.box) for e in SLIDE_EXAMPLES]
    boxes = tuple((float(r.x1), float(r.y1), float(r.x2), float(r.y2)) for r in rects)
    return TextbookExample(
        key="slides-224",
        source="The lecture slides: 224 x 224 image, stride 32, 7 x 7 map, 2 x 2 output (lesson.SLIDE_EXAMPLES)",
        url="",
        citation="; ".join(f"{e.name}: {e.lesson}" for e in SLIDE_EXAMPLES),
        feature_map=_frozen_map((size, size), np.zeros((0, 0))),
        image_size=(first.image_size, first.image_size),
        stride=first.stride,
        boxes=boxes,
        output_size=(first.output_size, first.output_size),
        pool_options=_read_only({"quantization": "floor"}),
        align_options=None,
        expected=_read_only(
            {
                "cells": tuple(e.cells for e in SLIDE_EXAMPLES),
                "pool_bin_width": (1, 1),
                "pool_dropped_column_count": (1, 0),
            }
        ),
        decimals=_read_only({}),
        differences=_read_only({}),
        notes=(
            "By reference to roi_core.lesson.SLIDE_EXAMPLES (boxes x, y, w, h there; the boxes are the lesson's own, "
            "chosen so that floor quantization gives the slides' W x H). The slides print no map values: the map is "
            "all 0 and only geometry is compared (3/2 floors to 1, one column dropped; 2/2 and 4/2 divide evenly)."
        ),
        printed_cells=(0, 0, 0, 0),
    )


SLIDES_224 = _slides_224()

TEXTBOOK_EXAMPLES: tuple[TextbookExample, ...] = (D2L, ERDEM, DEEPSENSE, SLIDES_224)


def textbook_example(key: str) -> TextbookExample:
    """The entry of ``TEXTBOOK_EXAMPLES`` with this ``key``, or KeyError naming the keys there are."""
    for example in TEXTBOOK_EXAMPLES:
        if example.key == key:
            return example
    raise KeyError(f"no textbook example {key!r}; there are {', '.join(e.key for e in TEXTBOOK_EXAMPLES)}")
