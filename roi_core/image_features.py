"""A feature map made from an image itself: each cell's average colour.

A stand-in for a CNN's features that a learner can read: cell (r, c) holds the
mean of the image's pixels in its stride x stride patch, so the grid *is* the
picture at feature-map resolution.
"""

from __future__ import annotations

import numpy as np

from .geometry import map_geometry

CHANNEL_NAMES = ("red", "green", "blue", "luminance")
LUMINANCE_WEIGHTS = np.array([0.299, 0.587, 0.114])  # ITU-R BT.601, as Pillow's "L" mode


def cell_means(rgb: np.ndarray, stride: int) -> np.ndarray:
    """Average-pool an (H, W, 3) uint8 image over stride x stride cells: (4, rows, cols).

    Channels are red, green, blue (0-1) and their BT.601 luminance. The map has
    ``ceil(size / stride)`` cells per axis (``map_geometry``'s convention); a
    partial last cell averages only the pixels it has.
    """
    rgb = np.asarray(rgb)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"rgb must be an (H, W, 3) image, got shape {rgb.shape}")
    height, width = rgb.shape[:2]
    geometry = map_geometry(width, height, stride)
    rows, cols, s = geometry.map_height, geometry.map_width, geometry.stride
    padded = np.zeros((rows * s, cols * s, 3), dtype=rgb.dtype)
    padded[:height, :width] = rgb
    exact = np.uint64 if np.issubdtype(rgb.dtype, np.integer) else np.float64  # rows first: fast, contiguous
    sums = (
        padded.reshape(rows, s, cols * s * 3)
        .sum(axis=1, dtype=exact)
        .reshape(rows, cols, s, 3)
        .sum(axis=2, dtype=np.float64)
    )
    counts = np.outer(_cell_sizes(height, s, rows), _cell_sizes(width, s, cols))
    colour = sums / counts[:, :, None] / _full_scale(rgb.dtype)
    luminance = colour @ LUMINANCE_WEIGHTS
    return np.concatenate([colour.transpose(2, 0, 1), luminance[None]], axis=0)


def _cell_sizes(length: int, stride: int, cells: int) -> np.ndarray:
    return np.minimum(stride, length - stride * np.arange(cells))


def _full_scale(dtype) -> float:
    return float(np.iinfo(dtype).max) if np.issubdtype(dtype, np.integer) else 1.0
