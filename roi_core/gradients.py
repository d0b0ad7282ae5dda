"""Where the gradient goes: one box's backward pass through RoI Pooling, RoI Align and PrRoI Pooling on one 2-D map,
for one output bin or all of them, from the batch backward functions.

A detector learns through these: the loss's gradient with respect to an output bin is sent back to the feature map
cells that bin read. RoI Pooling sends it whole to one cell (the bin's maximum); RoI Align spreads it over the four
neighbours of every sampling point with the bilinear weights (or of the largest sample only, with max pooling);
PrRoI Pooling spreads it over every cell the bin's integral touches, and also moves the box (its output is
continuous in the corners). ``grad_output`` is 1 at the chosen bin (or at every bin) and 0 elsewhere, so each map
below is the output's sensitivity to each cell: d(output[bin]) / d(cell), summed over the chosen bins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .arrays import check_map, frozen, roi_rows
from .backward import roi_align_backward, roi_pool_backward
from .geometry import MapGeometry, Rect
from .lesson import LessonSettings
from .prroi_backward import prroi_pool_backward


@dataclass(frozen=True)
class GradientMaps:
    """The gradient each method sends to the map (rows, cols) for the ``chosen`` output bin (row, col), or every bin
    when None: ``pool`` (RoI Pooling, the view's quantization), ``align`` (RoI Align, the view's conventions),
    ``prroi`` (PrRoI Pooling); ``prroi_box`` d(sum of the chosen outputs) / d(x1, y1, x2, y2), in image pixels
    (RoI Pooling's and RoI Align's are 0: torchvision computes none)."""

    chosen: tuple[int, int] | None
    pool: np.ndarray
    align: np.ndarray
    prroi: np.ndarray
    prroi_box: tuple[float, float, float, float]
    receiving_cells: Mapping[str, tuple[tuple[int, int, float], ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Every method's receiving cells, worked out once when made (a read-only mapping: the maps are cached and
        shared, so nothing is set on them later)."""
        found = {}
        for method in ("pool", "align", "prroi"):
            grad = getattr(self, method)
            rows, cols = np.nonzero(grad)
            cells = sorted(zip(rows.tolist(), cols.tolist(), grad[rows, cols].tolist()), key=lambda c: -abs(c[2]))
            found[method] = tuple(cells)
        object.__setattr__(self, "receiving_cells", MappingProxyType(found))

    def receiving(self, method: str) -> tuple[tuple[int, int, float], ...]:
        """The cells (row, col, gradient) of ``method``'s map ("pool", "align" or "prroi") that receive a gradient,
        largest first."""
        return self.receiving_cells[method]


def gradient_maps(
    feature_map: np.ndarray, settings: LessonSettings, geometry: MapGeometry, chosen: tuple[int, int] | None
) -> GradientMaps:
    """The gradient maps of the view's box (``settings.box``, image pixels) on ``feature_map`` for output bin
    ``chosen`` (or all bins): ``roi_pool_backward`` with the view's quantization, ``roi_align_backward`` with its
    sampling ratio, layout, pooling and ``aligned``, ``prroi_pool_backward`` (no half-pixel offset)."""
    features = check_map(feature_map, geometry)[None, None]
    box: Rect = settings.box_rect
    row, size, scale = roi_rows(box), settings.output_size, geometry.spatial_scale
    grad = np.zeros((1, 1, size, size))
    if chosen is None:
        grad[:] = 1.0
    else:
        grad[0, 0, chosen[0], chosen[1]] = 1.0
    pool = roi_pool_backward(grad, features, row, size, scale, quantization=settings.quantization)
    align = roi_align_backward(grad, row, features.shape, size, scale, input=features, **settings.align_options)
    prroi, box_grad = prroi_pool_backward(grad, features, row, size, scale)
    return GradientMaps(
        chosen,
        frozen(pool[0, 0]),
        frozen(align[0, 0]),
        frozen(prroi[0, 0]),
        tuple(float(v) for v in box_grad[0, 1:]),
    )
