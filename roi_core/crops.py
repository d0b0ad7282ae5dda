"""Per-RoI crops of a channels-last feature map, batched with padding.

Batch kernels work on each RoI's own window of the map rather than on the whole
map: RoIs of one image are grouped, similar sizes together, and each group's
windows are gathered into one padded array (k, h, w, C).
"""

from __future__ import annotations

import numpy as np


def chunks_by_extent(batch_index: np.ndarray, extent_h: np.ndarray, extent_w: np.ndarray, per_chunk: int):
    """Yield index arrays of at most ``per_chunk`` RoIs of one image, similar sizes together."""
    order = np.lexsort((extent_w, extent_h, batch_index))
    sorted_batch = batch_index[order]
    for image in np.unique(sorted_batch):
        members = order[sorted_batch == image]
        for begin in range(0, len(members), per_chunk):
            yield members[begin : begin + per_chunk]


def gather_crops(image_hwc: np.ndarray, row0: np.ndarray, col0: np.ndarray, height: int, width: int) -> np.ndarray:
    """Windows ``image[row0 : row0 + height, col0 : col0 + width]`` as (k, height, width, C).

    Indices past the map's edge repeat its last row or column: callers give such
    padding zero weight or never read it.
    """
    rows = np.minimum(row0[:, None] + np.arange(height), image_hwc.shape[0] - 1)
    cols = np.minimum(col0[:, None] + np.arange(width), image_hwc.shape[1] - 1)
    return image_hwc[rows[:, :, None], cols[:, None, :]]


def used_span(matrix: np.ndarray):
    """First index and length of the nonzero columns of each RoI's (S, size) matrix.

    ``matrix`` is (K, S, size); a RoI with no nonzero weight gets (0, 1).
    """
    used = np.any(matrix != 0, axis=1)
    any_used = used.any(axis=1)
    first = np.where(any_used, np.argmax(used, axis=1), 0)
    last = np.where(any_used, used.shape[1] - 1 - np.argmax(used[:, ::-1], axis=1), 0)
    return first, last - first + 1


def crop_matrix(matrix: np.ndarray, first: np.ndarray, length: int) -> np.ndarray:
    """Columns ``first : first + length`` of each RoI's (S, size) matrix; zeros past the edge."""
    size = matrix.shape[2]
    index = first[:, None] + np.arange(length)
    cropped = np.take_along_axis(matrix, np.minimum(index, size - 1)[:, None, :], axis=2)
    return np.where((index < size)[:, None, :], cropped, 0.0)
