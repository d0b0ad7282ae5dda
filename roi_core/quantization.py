"""RoI Pooling's first quantization: the box snapped to whole feature-map cells."""

from __future__ import annotations

from dataclasses import dataclass

from . import validation as check
from .arrays import roi_rows
from .geometry import MapGeometry, Rect
from .pool import FloorGuard, bin_ranges, floor_guard


@dataclass(frozen=True)
class QuantizedBox:
    """A box in image pixels, projected onto the map and quantized to whole cells.

    ``convention`` is ``"floor"`` (the lesson's: X, Y, W, H floored) or
    ``"round"`` (torchvision's roi_pool: corners rounded half away from zero, end
    cell included). ``cells`` is the quantized box in cell units, ``pixels`` the
    same in pixels (clipped to the map's pixel extent); ``lost`` are the parts of
    the true box left out, ``added`` the parts brought in. ``size_guards`` are the
    floor convention's (height, width) guards (None for round); ``outside_map``: the
    quantized box lies off the map (pooling reads nothing); ``cut_by_map``: it
    reaches past the map and only its part on the map is read.
    """

    convention: str
    geometry: MapGeometry
    true_box: Rect
    projected: Rect
    cells: Rect
    pixels: Rect
    lost: tuple[Rect, ...]
    added: tuple[Rect, ...]
    size_guards: tuple[FloorGuard, FloorGuard] | None
    outside_map: bool
    cut_by_map: bool

    @property
    def X(self) -> int:
        return int(self.cells.x1)

    @property
    def Y(self) -> int:
        return int(self.cells.y1)

    @property
    def W(self) -> int:
        return int(self.cells.width)

    @property
    def H(self) -> int:
        return int(self.cells.height)

    @property
    def origin_shift_cells(self) -> tuple[float, float]:
        """Quantized minus projected top-left corner, in cells (negative: moved left/up)."""
        return self.cells.x1 - self.projected.x1, self.cells.y1 - self.projected.y1

    @property
    def size_change_cells(self) -> tuple[float, float]:
        """Quantized minus projected width and height, in cells (negative: cropped)."""
        return self.cells.width - self.projected.width, self.cells.height - self.projected.height

    @property
    def origin_shift_px(self) -> tuple[float, float]:
        dx, dy = self.origin_shift_cells
        return dx * self.geometry.stride, dy * self.geometry.stride

    @property
    def size_change_px(self) -> tuple[float, float]:
        dw, dh = self.size_change_cells
        return dw * self.geometry.stride, dh * self.geometry.stride

    @property
    def lost_area(self) -> float:
        return sum(rect.area for rect in self.lost)

    @property
    def added_area(self) -> float:
        return sum(rect.area for rect in self.added)

    @property
    def iou(self) -> float:
        return self.true_box.iou(self.pixels)

    @property
    def last_cell(self) -> tuple[int, int]:
        """(col, row) of the last cell inside the quantized box (round: the rounded end corner)."""
        return int(self.cells.x2) - 1, int(self.cells.y2) - 1


def quantize_box(box: Rect, geometry: MapGeometry, convention: str = "floor") -> QuantizedBox:
    """Project ``box`` (pixels) by ``1 / stride`` and quantize it under ``convention``.

    floor (the slides): X = floor(x1 / s), Y = floor(y1 / s), W = floor(w / s),
    H = floor(h / s), each size at least 1 cell. round (torchvision's roi_pool):
    x1, x2 rounded half away from zero, cells x1 .. x2 inclusive, so W = x2 - x1 + 1.
    The lesson box (300, 210, 230, 180) at stride 32 projects to
    (9.375, 6.5625)-(16.5625, 12.1875) and floors to X=9, Y=6, W=7, H=5.
    """
    convention = check.check_choice("convention", convention, check.QUANTIZATIONS)
    scale = geometry.spatial_scale
    projected = box.scaled(scale)
    row_start, row_stop, col_start, col_stop = bin_ranges(roi_rows(box)[:, 1:], scale, (1, 1), convention)
    guards = None
    if convention == "floor":
        guards = (floor_guard(projected.height, 1), floor_guard(projected.width, 1))
    cells = Rect(int(col_start[0, 0]), int(row_start[0, 0]), int(col_stop[0, 0]), int(row_stop[0, 0]))
    on_map = cells.scaled(geometry.stride).intersection(geometry.pixel_extent)
    pixels = on_map or Rect(0, 0, 0, 0)
    return QuantizedBox(
        convention=convention,
        geometry=geometry,
        true_box=box,
        projected=projected,
        cells=cells,
        pixels=pixels,
        lost=box.minus(pixels),
        added=pixels.minus(box),
        size_guards=guards,
        outside_map=on_map is None,
        cut_by_map=on_map is not None and on_map != cells.scaled(geometry.stride),
    )
