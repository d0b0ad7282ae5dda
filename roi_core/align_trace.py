"""Trace of RoI Align on one 2-D map and one box: every step the lesson shows.

All coordinates in a trace are in the *map frame*: cell (row r, col c) covers
x in [c, c + 1), y in [r, r + 1) and has its centre at (c + 0.5, r + 0.5), as the
slides' FM(10.5, 6.5). With ``aligned=True`` a box's map-frame corners are its
pixel corners / stride; with ``aligned=False`` (torchvision's default) they sit
half a cell further right and down, because cell centres are then taken at whole
numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from . import validation as check
from .align import roi_align
from .arrays import check_map, frozen, grouped, roi_rows
from .geometry import MapGeometry, Rect
from .sampling import CENTRE_OFFSET, axis_weights, grid_sizes, roi_start_and_size, sample_coordinates


@dataclass(frozen=True)
class Neighbour:
    """One of the four cells a sampling point mixes: its index, centre, value, weight."""

    row: int
    col: int
    value: float
    weight: float

    @property
    def centre(self) -> tuple[float, float]:
        return self.col + CENTRE_OFFSET, self.row + CENTRE_OFFSET


@dataclass(frozen=True)
class SamplePoint:
    """A sampling point and its bilinear interpolation, horizontal then vertical.

    ``x, y`` are where the point lies; ``read_x, read_y`` where it reads after
    torchvision's border rules (clamped to the outer cell centres). The
    neighbours are top-left, top-right, bottom-left, bottom-right. ``top`` and
    ``bottom`` are the horizontal interpolations along the upper and lower rows
    with weights ``weight_x = (left, right)``; ``value`` the vertical one with
    ``weight_y = (top, bottom)``. A point more than one cell outside the map
    reads nothing: all weights and its value are 0.
    """

    label: str
    iy: int
    ix: int
    x: float
    y: float
    read_x: float
    read_y: float
    inside: bool
    neighbours: tuple[Neighbour, Neighbour, Neighbour, Neighbour]
    weight_x: tuple[float, float]
    weight_y: tuple[float, float]
    top: float
    bottom: float
    value: float

    @property
    def cells(self) -> tuple[tuple[int, int], ...]:
        """The map cells (row, col) this point mixes with a weight above 0, each once (a clamped point's
        neighbours coincide)."""
        return tuple(dict.fromkeys((n.row, n.col) for n in self.neighbours if n.weight > 0))


@dataclass(frozen=True)
class AlignBin:
    """One output bin: its edges (map frame), its sampling points and pooled value.

    ``winner`` is the index of the sample with the largest value (max pooling;
    the first one on ties), or None for average pooling or a bin with no sample.
    """

    row: int
    col: int
    x_edges: tuple[float, float]
    y_edges: tuple[float, float]
    samples: tuple[SamplePoint, ...]
    value: float
    winner: int | None

    @property
    def cells(self) -> tuple[tuple[int, int], ...]:
        """The map cells (row, col) its sampling points mix with a weight above 0, each once, in sample order."""
        return tuple(dict.fromkeys(cell for sample in self.samples for cell in sample.cells))


@dataclass(frozen=True)
class RoIAlignTrace:
    """RoI Align of one box, step by step; ``output`` comes from the batch ``roi_align``.

    ``roi`` is the unquantized box in the map frame; ``bin_size`` (h, w) and
    ``grid`` (sampling points per bin, per axis) as torchvision computes them.
    """

    box: Rect
    geometry: MapGeometry
    aligned: bool
    roi: Rect
    bin_size: tuple[float, float]
    grid: tuple[int, int]
    sampling_ratio: int
    sample_layout: str
    pooling: str
    output_size: tuple[int, int]
    bins: tuple[AlignBin, ...]
    output: np.ndarray
    reader_cells: Mapping[tuple[int, int], tuple[tuple[int, int, str], ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """``readers``, worked out when the trace is made (traces are cached and shared: nothing is set on them
        later)."""
        object.__setattr__(
            self,
            "reader_cells",
            grouped((cell, (b.row, b.col, s.label)) for b in self.bins for s in b.samples for cell in s.cells),
        )

    def readers(self) -> Mapping[tuple[int, int], tuple[tuple[int, int, str], ...]]:
        """Each map cell (row, col) that a sampling point mixes with a weight above 0, with the points that do:
        (bin row, bin col, sample label), in bin and sample order; read-only, worked out once."""
        return self.reader_cells

    def bin(self, row: int, col: int) -> AlignBin:
        """The bin at output position (row, col)."""
        return self.bins[row * self.output_size[1] + col]

    @property
    def x_edges(self) -> tuple[float, ...]:
        """Every bin's left edge and the last bin's right edge (map frame): output width + 1 values."""
        cols = self.output_size[1]
        return (*tuple(b.x_edges[0] for b in self.bins[:cols]), self.bins[cols - 1].x_edges[1])

    @property
    def y_edges(self) -> tuple[float, ...]:
        """Every bin's top edge and the last bin's bottom edge (map frame): output height + 1 values."""
        cols = self.output_size[1]
        return (*tuple(b.y_edges[0] for b in self.bins[::cols]), self.bins[-1].y_edges[1])


def trace_roi_align(
    feature_map: np.ndarray,
    box: Rect,
    geometry: MapGeometry,
    output_size,
    sampling_ratio: int = 2,
    aligned: bool = True,
    pooling: str = "max",
    sample_layout: str = "spaced",
) -> RoIAlignTrace:
    """Trace RoI Align of ``box`` (image pixels) on a 2-D ``feature_map``.

    Same conventions as ``roi_align`` with ``spatial_scale = 1 / stride``; the
    defaults are the lesson's (2 x 2 spaced samples, aligned, max pooling).
    """
    feature_map = check_map(feature_map, geometry)
    pooled = check.check_output_size(output_size)
    ratio = check.check_sampling_ratio(sampling_ratio)
    aligned = check.check_aligned(aligned)
    pooling = check.check_choice("pooling", pooling, check.POOLINGS)
    layout = check.check_choice("sample_layout", sample_layout, check.SAMPLE_LAYOUTS)
    rows = roi_rows(box)
    start_x, start_y, width, height = roi_start_and_size(rows[:, 1:], geometry.spatial_scale, aligned)
    grid_h, grid_w = grid_sizes(height, pooled[0], ratio), grid_sizes(width, pooled[1], ratio)
    ys, y_mask = sample_coordinates(start_y, height / pooled[0], pooled[0], grid_h, layout)
    xs, x_mask = sample_coordinates(start_x, width / pooled[1], pooled[1], grid_w, layout)
    bin_h, bin_w = float(height[0] / pooled[0]), float(width[0] / pooled[1])
    x0, y0 = float(start_x[0]) + CENTRE_OFFSET, float(start_y[0]) + CENTRE_OFFSET
    y_axes = _axis_samples(ys[0], y_mask[0], feature_map.shape[0])
    x_axes = _axis_samples(xs[0], x_mask[0], feature_map.shape[1])
    bins = tuple(
        _align_bin(
            feature_map,
            row,
            col,
            (x0 + col * bin_w, x0 + (col + 1) * bin_w),
            (y0 + row * bin_h, y0 + (row + 1) * bin_h),
            y_axes[row],
            x_axes[col],
            pooling,
        )
        for row in range(pooled[0])
        for col in range(pooled[1])
    )
    output = roi_align(
        feature_map[None, None],
        rows,
        pooled,
        geometry.spatial_scale,
        ratio,
        aligned,
        pooling=pooling,
        sample_layout=layout,
    )[0, 0]
    return RoIAlignTrace(
        box=box,
        geometry=geometry,
        aligned=aligned,
        roi=Rect(x0, y0, x0 + float(width[0]), y0 + float(height[0])),
        bin_size=(bin_h, bin_w),
        grid=(int(grid_h[0]), int(grid_w[0])),
        sampling_ratio=ratio,
        sample_layout=layout,
        pooling=pooling,
        output_size=pooled,
        bins=bins,
        output=frozen(output),
    )


def _axis_samples(coords: np.ndarray, mask: np.ndarray, size: int) -> list[list[tuple[float, int, int, float, float]]]:
    """Per bin along one axis, its sample coordinates with their two cells and weights: ``(coordinate, low, high,
    w_low, w_high)`` from one ``axis_weights`` call over every bin's samples (the trace's samples are a handful;
    NumPy per sample would cost more than the rest of the trace)."""
    low, high, w_low, w_high = axis_weights(coords, size)
    columns = (coords.tolist(), low.tolist(), high.tolist(), w_low.tolist(), w_high.tolist(), mask.tolist())
    per_bin = zip(*columns, strict=True)
    return [[sample[:5] for sample in zip(*samples, strict=True) if sample[5]] for samples in per_bin]


def _align_bin(feature_map, row, col, x_edges, y_edges, ys, xs, pooling) -> AlignBin:
    samples = tuple(
        _sample(feature_map, f"S{iy * len(xs) + ix + 1}", iy, ix, y_axis, x_axis)
        for iy, y_axis in enumerate(ys)
        for ix, x_axis in enumerate(xs)
    )
    values = [sample.value for sample in samples]
    if not samples:
        value, winner = 0.0, None
    elif pooling == "max":
        winner = int(np.argmax(values))
        value = values[winner]
    else:
        value, winner = float(np.sum(values) / len(values)), None
    return AlignBin(row, col, x_edges, y_edges, samples, value, winner)


def _sample(feature_map, label, iy, ix, y_axis, x_axis) -> SamplePoint:
    y, y_low, y_high, wy_low, wy_high = y_axis
    x, x_low, x_high, wx_low, wx_high = x_axis
    corners = (
        (y_low, x_low, wy_low * wx_low),
        (y_low, x_high, wy_low * wx_high),
        (y_high, x_low, wy_high * wx_low),
        (y_high, x_high, wy_high * wx_high),
    )
    neighbours = tuple(Neighbour(r, c, float(feature_map[r, c]), w) for r, c, w in corners)
    top = wx_low * neighbours[0].value + wx_high * neighbours[1].value
    bottom = wx_low * neighbours[2].value + wx_high * neighbours[3].value
    inside = (wx_low + wx_high) > 0 and (wy_low + wy_high) > 0
    return SamplePoint(
        label=label,
        iy=iy,
        ix=ix,
        x=float(x) + CENTRE_OFFSET,
        y=float(y) + CENTRE_OFFSET,
        read_x=x_low + wx_high + CENTRE_OFFSET,
        read_y=y_low + wy_high + CENTRE_OFFSET,
        inside=inside,
        neighbours=neighbours,
        weight_x=(wx_low, wx_high),
        weight_y=(wy_low, wy_high),
        top=top,
        bottom=bottom,
        value=wy_low * top + wy_high * bottom,
    )


@dataclass(frozen=True)
class SlidesArithmetic:
    """The slides' hand arithmetic for one sample: x, y rounded to 2 decimals, results to 3."""

    x: float
    y: float
    top: float
    bottom: float
    value: float


def slides_arithmetic(sample: SamplePoint) -> SlidesArithmetic:
    """Redo a sample's interpolation as the slides write it, rounding as they round.

    ``top = FM(left) * (x_right - x) + FM(right) * (x - x_left)`` with x rounded to
    2 decimals, each result rounded to 3 decimals, then the same vertically: for
    the lesson's S2, x = 10.97, y = 7.19, top 0.753, bottom 0.294, value 0.436
    (exactly 0.4377). Rounding is half away from zero, as by hand (and as the
    app prints numbers): 6.5625 → 6.563.
    """
    x, y = _round_half_away(sample.read_x, 2), _round_half_away(sample.read_y, 2)
    top_left, top_right, bottom_left, bottom_right = sample.neighbours
    top = _round_half_away(_lerp(top_left, top_right, x, axis=0), 3)
    bottom = _round_half_away(_lerp(bottom_left, bottom_right, x, axis=0), 3)
    upper, lower = top_left.centre[1], bottom_left.centre[1]
    value = top if upper == lower else top * (lower - y) + bottom * (y - upper)
    return SlidesArithmetic(x, y, top, bottom, _round_half_away(value, 3) if sample.inside else 0.0)


def _round_half_away(value: float, decimals: int) -> float:
    """``value`` rounded half away from zero to ``decimals`` places (Python's ``round`` rounds half to even and
    works on the binary value: round(6.5625, 3) == 6.562)."""
    exponent = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP))


def _lerp(first: Neighbour, second: Neighbour, position: float, axis: int) -> float:
    start, stop = first.centre[axis], second.centre[axis]
    if start == stop:
        return first.value
    return first.value * (stop - position) + second.value * (position - start)
