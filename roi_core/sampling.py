"""RoI Align's sampling geometry and bilinear weights, shared by batch and trace.

Coordinates here are in torchvision's *sample frame*: feature-map cell ``c`` has
its centre at ``c`` (so a value at ``x`` mixes cells ``floor(x)`` and
``floor(x) + 1``). The lesson's *map frame*, where cell ``c`` covers ``[c, c + 1)``
and has its centre at ``c + 0.5`` (the slides' FM(10.5, 6.5)), is the sample frame
plus ``CENTRE_OFFSET``.
"""

from __future__ import annotations

import numpy as np

CENTRE_OFFSET = 0.5


def roi_start_and_size(boxes_xyxy: np.ndarray, spatial_scale: float, aligned: bool):
    """Return (start_x, start_y, width, height) of each box in the sample frame.

    torchvision's convention: scale the corners, subtract half a cell when
    ``aligned`` (so the box edges fall where the image's pixel edges fall), and
    without ``aligned`` force width and height to at least one cell.
    """
    offset = CENTRE_OFFSET if aligned else 0.0
    scaled = boxes_xyxy * spatial_scale - offset
    start_x, start_y, end_x, end_y = scaled.T
    width, height = end_x - start_x, end_y - start_y
    if not aligned:
        width, height = np.maximum(width, 1.0), np.maximum(height, 1.0)
    return start_x, start_y, width, height


def grid_sizes(roi_extent: np.ndarray, pooled: int, sampling_ratio: int) -> np.ndarray:
    """Sampling points per bin along one axis, for each RoI.

    ``sampling_ratio > 0`` fixes it; otherwise it is adaptive,
    ``ceil(roi_extent / pooled)`` as torchvision does. Values below 0 become 0
    (a bin with no sample pools to 0).
    """
    if sampling_ratio > 0:
        return np.full(roi_extent.shape, sampling_ratio, dtype=np.int64)
    return np.maximum(np.ceil(roi_extent / pooled), 0).astype(np.int64)


def sample_coordinates(start, bin_size, pooled: int, grid, layout: str):
    """Sample-point coordinates along one axis: arrays (K, pooled, G) and a mask.

    ``G`` is the largest grid in ``grid``; points past a RoI's own grid are masked
    out. Layout ``"centered"`` puts point i of n at ``(i + 0.5) / n`` of the bin
    (torchvision); ``"spaced"`` at ``(i + 1) / (n + 1)`` (the slides: 1/3 and 2/3).
    The expression follows torchvision's order of operations,
    ``start + p * bin + (i + 0.5) * bin / n``, so borders round the same way.
    """
    width = int(grid.max(initial=0))
    index = np.arange(width, dtype=np.float64)
    n = grid[:, None, None].astype(np.float64)
    if layout == "centered":
        numerator, denominator = index + 0.5, n
    else:
        numerator, denominator = index + 1.0, n + 1.0
    bin_size = bin_size[:, None, None]
    bins = np.arange(pooled, dtype=np.float64)[None, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        coords = start[:, None, None] + bins * bin_size + numerator * bin_size / denominator
    mask = np.broadcast_to(index < n, coords.shape)
    return np.where(mask, coords, 0.0), mask


def axis_weights(coords: np.ndarray, size: int):
    """Bilinear weights along one axis with torchvision's border rules.

    Returns ``(low, high, w_low, w_high)``: the two neighbouring cells and their
    weights. A coordinate below -1 or above ``size`` reads nothing (weights 0);
    one in [-1, 0] is clamped to 0; one at or past the last cell centre reads the
    last cell alone.
    """
    inside = (coords >= -1.0) & (coords <= size)
    clamped = np.maximum(coords, 0.0)
    low = np.floor(clamped).astype(np.int64)
    at_end = low >= size - 1
    low = np.where(at_end, size - 1, low)
    high = np.where(at_end, size - 1, low + 1)
    clamped = np.where(at_end, low, clamped)
    frac = clamped - low
    return low, high, np.where(inside, 1.0 - frac, 0.0), np.where(inside, frac, 0.0)


def sample_fraction(index: int, count: int, layout: str) -> tuple[int, int]:
    """Where sample ``index`` (0-based) of ``count`` sits in its bin, as a reduced fraction.

    Returns (numerator, denominator) of the offset from the bin's start in bin
    widths: ``"spaced"`` (the slides) puts point i at (i + 1) / (n + 1), so 1/3 and
    2/3 for n = 2; ``"centered"`` (torchvision) at (i + 0.5) / n = (2i + 1) / (2n),
    so 1/4 and 3/4. The same offsets ``sample_coordinates`` uses.
    """
    if layout == "centered":
        numerator, denominator = 2 * index + 1, 2 * count
    else:
        numerator, denominator = index + 1, count + 1
    common = int(np.gcd(numerator, denominator))
    return numerator // common, denominator // common
