"""Small array helpers shared by the traces: a read-only copy, a checked 2-D map, RoI rows."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from types import MappingProxyType

import numpy as np

from .geometry import MapGeometry, Rect


def frozen(array) -> np.ndarray:
    """A read-only copy of ``array`` (traces are immutable, so are their arrays)."""
    array = np.array(array)
    array.flags.writeable = False
    return array


def check_map(feature_map, geometry: MapGeometry) -> np.ndarray:
    """``feature_map`` as a float64 (rows, cols) array of ``geometry``'s size, or ValueError naming it."""
    feature_map = np.asarray(feature_map, dtype=np.float64)
    expected = (geometry.map_height, geometry.map_width)
    if feature_map.shape != expected:
        raise ValueError(f"feature_map must have shape {expected} (rows, cols) for this image, got {feature_map.shape}")
    return feature_map


def roi_rows(boxes: Rect | list[Rect] | tuple[Rect, ...], batch_index: int = 0) -> np.ndarray:
    """Boxes in image pixels as torchvision's (K, 5) RoI rows ``[batch_index, x1, y1, x2, y2]`` (float64).

    The rows are what ``roi_pool`` and ``roi_align`` take with ``spatial_scale = 1 / stride``;
    ``rows[:, 1:]`` are the (K, 4) corners.
    """
    boxes = [boxes] if isinstance(boxes, Rect) else list(boxes)
    return np.array([[float(batch_index), b.x1, b.y1, b.x2, b.y2] for b in boxes], dtype=np.float64).reshape(-1, 5)


def grouped(pairs: Iterable[tuple[Hashable, object]]) -> Mapping:
    """A read-only mapping from each key of ``pairs`` (key, item) to the tuple of its items, in their order."""
    groups: dict = {}
    for key, item in pairs:
        groups.setdefault(key, []).append(item)
    return MappingProxyType({key: tuple(items) for key, items in groups.items()})
