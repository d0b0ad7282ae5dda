"""Both methods on one box of an image's own multi-channel feature map, one batch call each.

The page "Your own image" pools a (C, rows, cols) map made from a photo (red,
green, blue, luminance). ``both_methods`` runs ``roi_pool`` once and
``roi_align`` once on all channels, and returns what the page draws: RoI
Pooling's quantized box and RoI Align's unquantized box with its bin edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .align import roi_align
from .arrays import frozen, roi_rows
from .geometry import MapGeometry, Rect, map_geometry
from .lesson import LessonSettings
from .pool import roi_pool
from .quantization import QuantizedBox, quantize_box
from .sampling import CENTRE_OFFSET, roi_start_and_size


@dataclass(frozen=True)
class AlignGrid:
    """RoI Align's box and bin edges in the map frame (cell c spans [c, c + 1)).

    ``x_edges`` has output-width + 1 values from ``roi.x1`` to ``roi.x2``,
    ``y_edges`` likewise; nothing is rounded.
    """

    roi: Rect
    x_edges: tuple[float, ...]
    y_edges: tuple[float, ...]


def align_grid(box: Rect, geometry: MapGeometry, output_size: int, aligned: bool = True) -> AlignGrid:
    """RoI Align's unquantized box and its ``output_size`` x ``output_size`` bin edges, map frame.

    Same convention as ``trace_roi_align``: with ``aligned=True`` the corners are
    the pixel corners / stride (the lesson box gives (9.375, 6.5625)-(16.5625,
    12.1875), bins 2.396 x 1.875 cells); with ``aligned=False`` (torchvision's
    default) they sit half a cell further right and down, at least one cell wide.
    """
    start_x, start_y, width, height = roi_start_and_size(roi_rows(box)[:, 1:], geometry.spatial_scale, aligned)
    x0, y0 = float(start_x[0]) + CENTRE_OFFSET, float(start_y[0]) + CENTRE_OFFSET
    steps = np.arange(output_size + 1) / output_size
    return AlignGrid(
        roi=Rect(x0, y0, x0 + float(width[0]), y0 + float(height[0])),
        x_edges=tuple(float(v) for v in x0 + steps * width[0]),
        y_edges=tuple(float(v) for v in y0 + steps * height[0]),
    )


@dataclass(frozen=True)
class BothMethods:
    """RoI Pooling and RoI Align of one box on a (C, rows, cols) map.

    ``pool_output`` and ``align_output`` are (C, n, n), channel by channel;
    ``quantized`` is RoI Pooling's first quantization, ``grid`` RoI Align's bins.
    """

    settings: LessonSettings
    geometry: MapGeometry
    quantized: QuantizedBox
    grid: AlignGrid
    pool_output: np.ndarray
    align_output: np.ndarray

    @property
    def align_box_px(self) -> Rect:
        """RoI Align's box back in image pixels: the true box, or half a cell right and down without aligned."""
        return self.grid.roi.scaled(self.geometry.stride)

    @property
    def align_iou(self) -> float:
        """IoU of RoI Align's box (in pixels) with the true box: 1 when aligned."""
        return self.settings.box_rect.iou(self.align_box_px)


def both_methods(maps: np.ndarray, settings: LessonSettings) -> BothMethods:
    """Pool ``settings.box`` from ``maps`` (C, rows, cols) with both methods and ``settings``' conventions.

    One ``roi_pool`` call (quantization ``settings.quantization``) and one
    ``roi_align`` call (sampling ratio, layout, pooling and ``aligned`` from
    ``settings``), both with ``spatial_scale = 1 / stride``.
    """
    maps = np.asarray(maps, dtype=np.float64)
    geometry = map_geometry(settings.image_width, settings.image_height, settings.stride)
    expected = (geometry.map_height, geometry.map_width)
    if maps.ndim != 3 or maps.shape[1:] != expected:
        raise ValueError(f"maps must have shape (C, {expected[0]}, {expected[1]}) for this image, got {maps.shape}")
    box = settings.box_rect
    rois = roi_rows(box)
    size, scale = settings.output_size, geometry.spatial_scale
    pooled = roi_pool(maps[None], rois, size, scale, quantization=settings.quantization)[0]
    aligned = roi_align(maps[None], rois, size, scale, **settings.align_options)[0]
    return BothMethods(
        settings=settings,
        geometry=geometry,
        quantized=quantize_box(box, geometry, settings.quantization),
        grid=align_grid(box, geometry, size, settings.aligned),
        pool_output=frozen(pooled),
        align_output=frozen(aligned),
    )
