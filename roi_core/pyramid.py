"""Feature pyramids (FPN: Lin et al., CVPR 2017): which level a box is pooled from, and RoI Align over the
levels, with torchvision's names and semantics (``torchvision.ops.poolers.LevelMapper``, ``MultiScaleRoIAlign``).

A box of w x h image pixels goes to level ``k = floor(k0 + log2(sqrt(w h) / 224) + eps)``, clamped to the
pyramid's levels: a 224 x 224 box (an ImageNet image) to the canonical level k0 = 4 (P4, stride 16), a box half
as large to P3, twice as large to P5. A level's stride is 2^k, so every box is pooled from the map on which it
spans about the same number of cells: the 7 x 7 output then neither repeats a few cells nor skips many.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from . import validation as check
from .align import roi_align

CANONICAL_SCALE, CANONICAL_LEVEL, LEVEL_EPS = 224, 4, 1e-6


def fpn_levels(
    boxes, k_min: int, k_max: int, canonical_scale=CANONICAL_SCALE, canonical_level=CANONICAL_LEVEL, eps=LEVEL_EPS
) -> np.ndarray:
    """The pyramid level index (0 for level ``k_min``) each box (K, 4) [x1, y1, x2, y2] in image pixels is pooled
    from: ``clamp(floor(canonical_level + log2(sqrt(area) / canonical_scale) + eps), k_min, k_max) - k_min``, as
    torchvision's ``LevelMapper`` returns it (computed in the boxes' floating dtype, as torch does)."""
    rows = np.asarray(boxes)
    if rows.ndim != 2 or rows.shape[1] != 4:
        raise ValueError(f"boxes must have shape (K, 4) rows (x1, y1, x2, y2), got {rows.shape}")
    if not np.issubdtype(rows.dtype, np.floating):
        rows = rows.astype(np.float64)
    if int(k_min) != k_min or int(k_max) != k_max or k_min > k_max:
        raise ValueError(f"k_min and k_max must be whole numbers with k_min <= k_max, got {k_min} and {k_max}")
    side = np.sqrt((rows[:, 2] - rows[:, 0]) * (rows[:, 3] - rows[:, 1]))
    dtype = rows.dtype.type
    level = np.floor(dtype(canonical_level) + np.log2(side / dtype(canonical_scale)) + dtype(eps))
    return (np.clip(level, k_min, k_max).astype(np.int64) - int(k_min)).astype(np.int64)


def level_scales(features: Sequence[np.ndarray], image_shapes: Sequence[tuple[int, int]]) -> list[float]:
    """Each level's spatial scale (1 / stride), inferred as torchvision does: the level's height over the largest
    image height, rounded to a power of 2 (``2 ** round(log2(ratio))``, halves to even)."""
    tallest = max(int(shape[0]) for shape in image_shapes)
    return [float(2.0 ** np.round(np.log2(np.float32(feature.shape[-2] / tallest)))) for feature in features]


def multiscale_roi_align(
    features: Mapping[str, np.ndarray],
    boxes: Sequence,
    image_shapes: Sequence[tuple[int, int]],
    featmap_names: Sequence[str],
    output_size,
    sampling_ratio: int,
    canonical_scale=CANONICAL_SCALE,
    canonical_level=CANONICAL_LEVEL,
) -> np.ndarray:
    """RoI Align over a feature pyramid, equal to ``torchvision.ops.MultiScaleRoIAlign(featmap_names,
    output_size, sampling_ratio, canonical_scale=..., canonical_level=...)(features, boxes, image_shapes)``:
    ``features`` maps names to (N, C, H_l, W_l) arrays (only ``featmap_names`` are used, finest first),
    ``boxes`` is a list of (K_i, 4) arrays in image pixels (one per image), ``image_shapes`` their (height,
    width). Each box is pooled (``roi_align``, aligned=False) from the level ``fpn_levels`` picks, at that
    level's ``level_scales``; returns (K, C, h, w) in the boxes' order."""
    missing = [name for name in featmap_names if name not in features]
    if not featmap_names or missing:
        raise ValueError(f"featmap_names must name levels of features, got {list(featmap_names)} ({missing} missing)")
    if len(boxes) != len(image_shapes):
        raise ValueError(f"image_shapes must give one (height, width) per image: {len(image_shapes)} for {len(boxes)}")
    levels = [check.check_input(features[name]) for name in featmap_names]
    rois = check.check_boxes(list(boxes), levels[0].shape[0])
    pooled = check.check_output_size(output_size)
    scales = level_scales(levels, image_shapes)
    if len(levels) == 1:
        return roi_align(levels[0], rois, pooled, scales[0], sampling_ratio)
    k_min, k_max = (int(-np.log2(np.float32(scale))) for scale in (scales[0], scales[-1]))
    given = np.concatenate([np.asarray(part) for part in boxes])  # in their own dtype, as torch computes levels
    chosen = fpn_levels(given, k_min, k_max, canonical_scale, canonical_level)
    output = np.zeros((len(rois), levels[0].shape[1], *pooled), dtype=levels[0].dtype)
    for index, (level, scale) in enumerate(zip(levels, scales)):
        picked = np.flatnonzero(chosen == index)
        if picked.size:
            output[picked] = roi_align(level, rois[picked], pooled, scale, sampling_ratio)
    return output
