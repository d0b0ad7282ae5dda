"""Traces of three zoo methods on one box and one 2-D map, called as ``method_zoo`` calls them: PrRoI Pooling's
exact bin integrals, TensorFlow's crop_and_resize grid and detectron2's rotated RoI Align grid.

All coordinates are in the lesson's *map frame*: cell (row r, col c) spans x in [c, c + 1), y in [r, r + 1), centre
(c + 0.5, r + 0.5). The three libraries put cell centres at whole numbers, so each trace adds ``CENTRE_OFFSET``.
Every ``output`` (and each PrRoI bin's ``value``) comes from the batch function, never recomputed here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import validation as check
from .align_rotated import roi_align_rotated, rotated_sample_points
from .align_trace import Neighbour
from .arrays import check_map, frozen, roi_rows
from .crop_resize import crop_and_resize, sample_positions
from .geometry import MapGeometry, Rect
from .prroi import prroi_pool
from .sampling import CENTRE_OFFSET, axis_weights

Point = tuple[float, float]


@dataclass(frozen=True)
class PrRoIPiece:
    """The part of a bin inside one patch, the square between the centres of cells (row, col), (row, col + 1),
    (row + 1, col) and (row + 1, col + 1), where PrRoI reads the map as their bilinear interpolation.

    ``rect`` (map frame) and its ``area``; ``corners`` the four values top-left, top-right, bottom-left,
    bottom-right (0 for a cell off the map); ``integral`` the exact integral of the patch over the piece."""

    row: int
    col: int
    rect: Rect
    area: float
    corners: tuple[float, float, float, float]
    integral: float


@dataclass(frozen=True)
class PrRoIBin:
    """One output bin: ``rect`` (map frame), ``area`` (the batch's divisor), the ``pieces`` that tile it (row by
    row, none for a zero-area bin), ``integral`` their sum and ``value`` the batch output: integral / area, or 0."""

    row: int
    col: int
    rect: Rect
    area: float
    pieces: tuple[PrRoIPiece, ...]
    integral: float
    value: float


@dataclass(frozen=True)
class PrRoITrace:
    """Precise RoI Pooling of one box: ``box`` in the map frame (pixels x spatial_scale + 0.5: PrRoI takes no
    half-cell offset in its own frame), ``bin_size`` (h, w) in cells, the bins row-major, ``output`` from
    ``prroi_pool``."""

    box: Rect
    output_size: tuple[int, int]
    bin_size: tuple[float, float]
    bins: tuple[PrRoIBin, ...]
    output: np.ndarray

    def bin(self, row: int, col: int) -> PrRoIBin:
        """The bin at output position (row, col)."""
        return self.bins[row * self.output_size[1] + col]


def trace_prroi_pool(feature_map, box: Rect, geometry: MapGeometry, output_size) -> PrRoITrace:
    """Trace PrRoI Pooling of ``box`` (image pixels) on a 2-D ``feature_map`` at ``geometry``'s spatial scale.

    Each bin [start + p b, start + (p + 1) b] (b = max(size, 0) / bins, as the kernel cuts it) is split at the
    cell centres into pieces; each piece's integral is the closed form sum of corner value x (integral of its hat
    along x) x (integral of its hat along y), with integral over [u0, u1] of (1 - u) and of u.
    """
    feature_map = check_map(feature_map, geometry)
    pooled = check.check_output_size(output_size)
    rows = roi_rows(box)
    output = prroi_pool(feature_map[None, None], rows, pooled, geometry.spatial_scale)[0, 0]
    x1, y1, x2, y2 = (float(v) for v in rows[0, 1:] * geometry.spatial_scale)
    bin_h, bin_w = max(y2 - y1, 0.0) / pooled[0], max(x2 - x1, 0.0) / pooled[1]
    ys = [_axis_pieces(y1 + bin_h * p, bin_h) for p in range(pooled[0])]
    xs = [_axis_pieces(x1 + bin_w * q, bin_w) for q in range(pooled[1])]
    bins = tuple(
        _prroi_bin(feature_map, p, q, ys[p], xs[q], bin_h * bin_w, float(output[p, q]))
        for p in range(pooled[0])
        for q in range(pooled[1])
    )
    return PrRoITrace(_map_rect(x1, y1, x2, y2), pooled, (bin_h, bin_w), bins, frozen(output))


def _map_rect(left: float, top: float, right: float, bottom: float) -> Rect:
    """A rectangle given in a frame with cell centres at whole numbers, moved into the map frame."""
    return Rect(left + CENTRE_OFFSET, top + CENTRE_OFFSET, right + CENTRE_OFFSET, bottom + CENTRE_OFFSET)


def _axis_pieces(low: float, length: float):
    """One bin along one axis (PrRoI's frame): (low, high, pieces), each piece (cell, start, stop) inside the
    patch [cell, cell + 1], of positive length."""
    high = low + length
    cells = range(math.floor(low), math.ceil(high))
    return low, high, tuple((c, max(low, c), min(high, c + 1)) for c in cells if min(high, c + 1) > max(low, c))


def _hat_integrals(cell: int, start: float, stop: float) -> tuple[float, float]:
    """Integrals over [u0, u1] (offsets in the patch) of the near point's weight 1 - u and the far point's u."""
    u0, u1 = start - cell, stop - cell
    far = (u1 * u1 - u0 * u0) / 2
    return (u1 - u0) - far, far


def _prroi_bin(feature_map, row, col, y_axis, x_axis, area, value) -> PrRoIBin:
    (top, bottom, y_pieces), (left, right, x_pieces) = y_axis, x_axis
    pieces = tuple(_prroi_piece(feature_map, y_piece, x_piece) for y_piece in y_pieces for x_piece in x_pieces)
    integral = sum(piece.integral for piece in pieces)
    return PrRoIBin(row, col, _map_rect(left, top, right, bottom), area, pieces, integral, value)


def _prroi_piece(feature_map, y_piece, x_piece) -> PrRoIPiece:
    (r, top, bottom), (c, left, right) = y_piece, x_piece
    height, width = feature_map.shape
    corners = tuple(
        float(feature_map[r + dr, c + dc]) if 0 <= r + dr < height and 0 <= c + dc < width else 0.0
        for dr in (0, 1)
        for dc in (0, 1)
    )
    wy, wx = _hat_integrals(r, top, bottom), _hat_integrals(c, left, right)
    integral = sum(corners[2 * dr + dc] * wy[dr] * wx[dc] for dr in (0, 1) for dc in (0, 1))
    return PrRoIPiece(r, c, _map_rect(left, top, right, bottom), (right - left) * (bottom - top), corners, integral)


@dataclass(frozen=True)
class CropSample:
    """The one sample of output cell (row, col): (x, y) in the map frame, ``inside`` the map's outer cell centres,
    its ``neighbours`` (top-left, top-right, bottom-left, bottom-right cells with bilinear weights; none outside) and
    ``value``, their weighted sum or the extrapolation value 0 outside."""

    row: int
    col: int
    x: float
    y: float
    inside: bool
    neighbours: tuple[Neighbour, ...]
    value: float


@dataclass(frozen=True)
class CropGridTrace:
    """TensorFlow's crop_and_resize of one box: ``normalised`` [y1, x1, y2, x2] (box / image size, as the zoo passes
    it; TensorFlow rounds it to float32), ``scale`` (H - 1, W - 1) of the H x W map, the sample positions per axis
    in TensorFlow's frame (``ys``, ``xs``: cell centres at whole numbers) and the map frame (``map_ys``,
    ``map_xs``), the samples row-major and ``output`` from ``crop_and_resize`` (as float64)."""

    normalised: tuple[float, float, float, float]
    scale: tuple[int, int]
    ys: tuple[float, ...]
    xs: tuple[float, ...]
    map_ys: tuple[float, ...]
    map_xs: tuple[float, ...]
    output_size: tuple[int, int]
    samples: tuple[CropSample, ...]
    output: np.ndarray

    def sample(self, row: int, col: int) -> CropSample:
        """The sample of output cell (row, col)."""
        return self.samples[row * self.output_size[1] + col]


def trace_crop_and_resize(feature_map, box: Rect, geometry: MapGeometry, output_size) -> CropGridTrace:
    """Trace ``crop_and_resize`` of ``box`` (image pixels) on a 2-D ``feature_map`` as the zoo calls it.

    Sample i along y sits at y1 (H - 1) + i (y2 - y1)(H - 1) / (crop - 1) (a crop of 1: 0.5 (y1 + y2)(H - 1)), in
    TensorFlow's float32; along x alike. A sample outside [0, H - 1] x [0, W - 1] reads nothing and gives 0.
    """
    feature_map = check_map(feature_map, geometry)
    pooled = check.check_output_size(output_size)
    height, width = feature_map.shape
    image_h, image_w = geometry.image_height, geometry.image_width
    normalised = np.array([[box.y1 / image_h, box.x1 / image_w, box.y2 / image_h, box.x2 / image_w]])
    output = crop_and_resize(feature_map[None, :, :, None], normalised, np.array([0]), pooled)[0, :, :, 0]
    ys = sample_positions(normalised[:, 0], normalised[:, 2], height, pooled[0])[0].astype(np.float64)
    xs = sample_positions(normalised[:, 1], normalised[:, 3], width, pooled[1])[0].astype(np.float64)
    y_axis, x_axis = _crop_axis(ys, height), _crop_axis(xs, width)
    samples = tuple(
        _crop_sample(feature_map, i, j, y_axis[i], x_axis[j]) for i in range(pooled[0]) for j in range(pooled[1])
    )
    return CropGridTrace(
        normalised=tuple(normalised[0].tolist()),
        scale=(height - 1, width - 1),
        ys=tuple(ys.tolist()),
        xs=tuple(xs.tolist()),
        map_ys=tuple((ys + CENTRE_OFFSET).tolist()),
        map_xs=tuple((xs + CENTRE_OFFSET).tolist()),
        output_size=pooled,
        samples=samples,
        output=frozen(output.astype(np.float64)),
    )


def _crop_axis(positions: np.ndarray, size: int) -> list[tuple]:
    """Per sample along one axis: (position, inside, low, high, w_low, w_high). Inside [0, size - 1],
    ``axis_weights`` gives TensorFlow's weights (floor and ceil; a whole position weighs 1 on its own cell)."""
    inside = (positions >= 0) & (positions <= size - 1)
    low, high, w_low, w_high = axis_weights(positions, size)
    return list(zip(positions.tolist(), inside.tolist(), low.tolist(), high.tolist(), w_low.tolist(), w_high.tolist()))


def _crop_sample(feature_map, row, col, y_axis, x_axis) -> CropSample:
    y, y_inside, top, bottom, wy_top, wy_bottom = y_axis
    x, x_inside, left, right, wx_left, wx_right = x_axis
    x, y = x + CENTRE_OFFSET, y + CENTRE_OFFSET
    if not (y_inside and x_inside):
        return CropSample(row, col, x, y, False, (), 0.0)
    corners = ((top, left, wy_top * wx_left), (top, right, wy_top * wx_right))
    corners += ((bottom, left, wy_bottom * wx_left), (bottom, right, wy_bottom * wx_right))
    neighbours = tuple(Neighbour(r, c, float(feature_map[r, c]), w) for r, c, w in corners)
    return CropSample(row, col, x, y, True, neighbours, sum(n.value * n.weight for n in neighbours))


@dataclass(frozen=True)
class RotatedBin:
    """One output bin of the turned box: its ``corners`` (map frame; the turned bin's top-left, top-right,
    bottom-right, bottom-left, a polygon) and its ``samples`` (x, y) from ``rotated_sample_points``."""

    row: int
    col: int
    corners: tuple[Point, Point, Point, Point]
    samples: tuple[Point, ...]


@dataclass(frozen=True)
class RotatedTrace:
    """detectron2's rotated RoI Align of one box: ``centre`` (map frame), ``size`` (width, height) in cells,
    ``angle`` (degrees, counter-clockwise on screen) with its ``cos`` and ``sin``, the turned box's ``corners`` (as
    a bin's), ``grid`` samples per bin (h, w), the bins row-major and ``output`` from ``roi_align_rotated``."""

    centre: Point
    size: tuple[float, float]
    angle: float
    cos: float
    sin: float
    corners: tuple[Point, Point, Point, Point]
    sampling_ratio: int
    grid: tuple[int, int]
    output_size: tuple[int, int]
    bins: tuple[RotatedBin, ...]
    output: np.ndarray

    def bin(self, row: int, col: int) -> RotatedBin:
        """The bin at output position (row, col)."""
        return self.bins[row * self.output_size[1] + col]


def trace_roi_align_rotated(
    feature_map, box: Rect, geometry: MapGeometry, output_size, angle: float, sampling_ratio: int
) -> RotatedTrace:
    """Trace rotated RoI Align of ``box`` (image pixels) turned by ``angle`` degrees about its centre, as the zoo
    calls it (roi = centre, width, height, angle). A local offset (u along the width, v along the height) from the
    centre lands at x = cx + u cos + v sin, y = cy - u sin + v cos: at 90 degrees the width runs upward.
    """
    feature_map = check_map(feature_map, geometry)
    pooled = check.check_output_size(output_size)
    ratio = check.check_sampling_ratio(sampling_ratio)
    scale = check.check_float32_scale(geometry.spatial_scale)
    roi = ((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, box.width, box.height, float(angle))
    rows = np.array([[0.0, *roi]])
    output = roi_align_rotated(feature_map[None, None], rows, pooled, geometry.spatial_scale, ratio)[0, 0]
    points = rotated_sample_points(roi, pooled, geometry.spatial_scale, ratio)
    cx, cy, width, height = (value * scale for value in roi[:4])
    theta = roi[4] * math.pi / 180.0
    cos, sin = math.cos(theta), math.sin(theta)

    def corners(u0: float, v0: float, u1: float, v1: float) -> tuple[Point, Point, Point, Point]:
        turned = ((u0, v0), (u1, v0), (u1, v1), (u0, v1))
        return tuple((cx + u * cos + v * sin, cy - u * sin + v * cos) for u, v in turned)

    us = [-width / 2 + j * width / pooled[1] for j in range(pooled[1] + 1)]
    vs = [-height / 2 + i * height / pooled[0] for i in range(pooled[0] + 1)]
    per_bin = points.reshape(*pooled, -1, 2).tolist()
    bins = tuple(
        RotatedBin(i, j, corners(us[j], vs[i], us[j + 1], vs[i + 1]), tuple(map(tuple, per_bin[i][j])))
        for i in range(pooled[0])
        for j in range(pooled[1])
    )
    return RotatedTrace(
        centre=(cx, cy),
        size=(width, height),
        angle=roi[4],
        cos=cos,
        sin=sin,
        corners=corners(us[0], vs[0], us[-1], vs[-1]),
        sampling_ratio=ratio,
        grid=(int(points.shape[2]), int(points.shape[3])),
        output_size=pooled,
        bins=bins,
        output=frozen(output),
    )
