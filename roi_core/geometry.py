"""Image and feature-map geometry: rectangles, map size, cells a box touches."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle [x1, x2) x [y1, y2), in pixels or in cells."""

    x1: float
    y1: float
    x2: float
    y2: float

    @classmethod
    def from_xywh(cls, x, y, w, h) -> Rect:
        """The rectangle with top-left corner (x, y), width w and height h."""
        return cls(x, y, x + w, y + h)

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    @property
    def area(self) -> float:
        return max(self.width, 0) * max(self.height, 0)

    def scaled(self, factor: float) -> Rect:
        """Every coordinate multiplied by factor (pixels to cells: 1 / stride)."""
        return Rect(self.x1 * factor, self.y1 * factor, self.x2 * factor, self.y2 * factor)

    def intersection(self, other: Rect) -> Rect | None:
        """The overlap of the two rectangles, or None when they share no area."""
        overlap = Rect(max(self.x1, other.x1), max(self.y1, other.y1), min(self.x2, other.x2), min(self.y2, other.y2))
        return overlap if overlap.width > 0 and overlap.height > 0 else None

    def minus(self, other: Rect) -> tuple[Rect, ...]:
        """This rectangle less ``other``, as at most four disjoint rectangles.

        A full-width band above and below the overlap, then the parts left and
        right of it.
        """
        overlap = self.intersection(other)
        if overlap is None:
            return (self,) if self.area > 0 else ()
        pieces = (
            Rect(self.x1, self.y1, self.x2, overlap.y1),
            Rect(self.x1, overlap.y2, self.x2, self.y2),
            Rect(self.x1, overlap.y1, overlap.x1, overlap.y2),
            Rect(overlap.x2, overlap.y1, self.x2, overlap.y2),
        )
        return tuple(piece for piece in pieces if piece.area > 0)

    def iou(self, other: Rect) -> float:
        """Intersection over union of the two areas (0 when both are empty)."""
        overlap = self.intersection(other)
        shared = overlap.area if overlap else 0.0
        union = self.area + other.area - shared
        return shared / union if union > 0 else 0.0

    def shifted(self, dx: float, dy: float = 0) -> Rect:
        """The same rectangle moved by (dx, dy), in its own units (right and down are positive)."""
        return Rect(self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy)


@dataclass(frozen=True)
class MapGeometry:
    """How an image of ``image_width`` x ``image_height`` pixels maps to feature-map cells.

    Convention "ceil": a padded stride-2 network (ResNet, VGG with padding) halves
    a size rounding up at each of its poolings, so the map has
    ``ceil(size / stride)`` cells and the last row or column may stand for a
    partial patch (``missing_x`` / ``missing_y`` pixels short of a full one).
    """

    image_width: int
    image_height: int
    stride: int
    map_width: int
    map_height: int

    @property
    def missing_x(self) -> int:
        return self.map_width * self.stride - self.image_width

    @property
    def missing_y(self) -> int:
        return self.map_height * self.stride - self.image_height

    @property
    def spatial_scale(self) -> float:
        return 1.0 / self.stride

    @property
    def pixel_extent(self) -> Rect:
        """The pixels the cells stand for: the image plus any partial last cell."""
        return Rect(0, 0, self.map_width * self.stride, self.map_height * self.stride)

    @property
    def exact_size(self) -> tuple[float, float]:
        """Image width and height divided by the stride, before rounding up: 800 x 576 / 64 = (12.5, 9.0)."""
        return self.image_width / self.stride, self.image_height / self.stride

    def cell_spans(self) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
        """Pixel ranges [start, stop) of every column and of every row.

        A full cell spans ``stride`` pixels; a partial last cell (ceil convention)
        stops at the image's edge.
        """

        def spans(cells: int, size: int) -> tuple[tuple[int, int], ...]:
            return tuple((i * self.stride, min((i + 1) * self.stride, size)) for i in range(cells))

        return spans(self.map_width, self.image_width), spans(self.map_height, self.image_height)


def check_stride(stride) -> int:
    """Return stride as a positive int, or raise ValueError naming it."""
    if isinstance(stride, bool) or not isinstance(stride, numbers.Integral) or stride < 1:
        raise ValueError(f"stride must be a positive whole number of pixels, got {stride!r}")
    return int(stride)


def map_geometry(image_width: int, image_height: int, stride: int) -> MapGeometry:
    """Feature-map size of an image: ``ceil(size / stride)`` cells per axis.

    800 x 576 at stride 32 gives 25 x 18; 224 x 224 gives 7 x 7.
    """
    stride = check_stride(stride)
    for name, size in (("image_width", image_width), ("image_height", image_height)):
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
            raise ValueError(f"{name} must be a positive whole number of pixels, got {size!r}")
    return MapGeometry(
        int(image_width), int(image_height), stride, math.ceil(image_width / stride), math.ceil(image_height / stride)
    )


@dataclass(frozen=True)
class CellsTouched:
    """The feature-map cells whose patches overlap a box: columns and rows [start, stop)."""

    col_start: int
    col_stop: int
    row_start: int
    row_stop: int

    @property
    def count(self) -> int:
        return max(self.col_stop - self.col_start, 0) * max(self.row_stop - self.row_start, 0)

    @property
    def cells(self) -> tuple[tuple[int, int], ...]:
        """(row, col) of every touched cell, row by row."""
        return tuple(
            (row, col) for row in range(self.row_start, self.row_stop) for col in range(self.col_start, self.col_stop)
        )

    @property
    def n_cols(self) -> int:
        return max(self.col_stop - self.col_start, 0)

    @property
    def n_rows(self) -> int:
        return max(self.row_stop - self.row_start, 0)


def cells_touched(box: Rect, geometry: MapGeometry) -> CellsTouched:
    """Cells whose stride x stride patch shares area with ``box`` (pixels), within the map.

    Columns ``floor(x1 / stride)`` to ``ceil(x2 / stride)`` (exclusive), rows alike.
    """
    s = geometry.stride
    return CellsTouched(
        col_start=min(max(math.floor(box.x1 / s), 0), geometry.map_width),
        col_stop=min(max(math.ceil(box.x2 / s), 0), geometry.map_width),
        row_start=min(max(math.floor(box.y1 / s), 0), geometry.map_height),
        row_stop=min(max(math.ceil(box.y2 / s), 0), geometry.map_height),
    )


MIN_BOX_SIZE = 4


def clamp_box(box: tuple[int, int, int, int], image_width: int, image_height: int, min_size: int = MIN_BOX_SIZE):
    """Return ``(box, changed)``: (x, y, w, h) moved and cut to lie inside the image.

    The box keeps at least ``min_size`` pixels per side (less only when the image
    itself is smaller); ``changed`` says whether anything had to move.
    """
    x, y, w, h = (int(v) for v in box)
    side_w, side_h = min(min_size, image_width), min(min_size, image_height)
    x = min(max(x, 0), image_width - side_w)
    y = min(max(y, 0), image_height - side_h)
    w = min(max(w, side_w), image_width - x)
    h = min(max(h, side_h), image_height - y)
    clamped = (x, y, w, h)
    return clamped, clamped != tuple(int(v) for v in box)


def resize_box(box: Rect, from_size: tuple[int, int], to_size: tuple[int, int]) -> Rect:
    """The box on an image stretched from ``from_size`` to ``to_size`` (width, height) pixels.

    x scales by to_width / from_width, y by to_height / from_height (no rounding):
    the lesson box (300, 210, 230, 180) on 800 x 576 becomes (84, 81.67, 64.4, 70)
    on 224 x 224.
    """
    fx, fy = to_size[0] / from_size[0], to_size[1] / from_size[1]
    return Rect(box.x1 * fx, box.y1 * fy, box.x2 * fx, box.y2 * fy)
