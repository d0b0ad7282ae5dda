"""Feature pyramids (FPN: Lin et al., CVPR 2017): which level a box is pooled from, and RoI Align over the
levels, with torchvision's names and semantics (``torchvision.ops.poolers.LevelMapper``, ``MultiScaleRoIAlign``).

A box of w x h image pixels goes to level ``k = floor(k0 + log2(sqrt(w h) / 224) + eps)``, clamped to the
pyramid's levels: a 224 x 224 box (an ImageNet image) to the canonical level k0 = 4 (P4, stride 16), a box half
as large to P3, twice as large to P5. A level's stride is 2^k, so every box is pooled from the map on which it
spans about the same number of cells: the 7 x 7 output then neither repeats a few cells nor skips many.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import validation as check
from .align import roi_align
from .arrays import frozen
from .geometry import Rect
from .image_features import cell_means

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


@dataclass(frozen=True)
class LevelChoice:
    """How FPN picks the level of one box (torchvision's ``LevelMapper``, worked out): ``side`` = sqrt(w h) in
    pixels, ``exact`` = canonical_level + log2(side / canonical_scale), ``floored`` = floor(exact + eps), ``level``
    that clamped to [k_min, k_max] (from ``fpn_levels``), whose stride is 2^level."""

    box: Rect
    side: float
    exact: float
    floored: int
    level: int
    k_min: int
    k_max: int
    canonical_scale: float = CANONICAL_SCALE
    canonical_level: int = CANONICAL_LEVEL

    @property
    def stride(self) -> int:
        """The level's stride in pixels, 2^level."""
        return 2**self.level

    @property
    def clamped(self) -> bool:
        """Whether the box's own level lies outside the pyramid (a tiny or a huge box)."""
        return self.floored != self.level


def level_choice(
    box: Rect, k_min: int = 2, k_max: int = 5, canonical_scale=CANONICAL_SCALE, canonical_level=CANONICAL_LEVEL
) -> LevelChoice:
    """The level FPN pools ``box`` (image pixels) from, among P``k_min`` to P``k_max``, with each step of the rule;
    the level itself is ``fpn_levels``'."""
    corners = np.array([[box.x1, box.y1, box.x2, box.y2]], dtype=np.float64)
    index = int(fpn_levels(corners, k_min, k_max, canonical_scale, canonical_level)[0])
    side = float(np.sqrt(box.width * box.height))
    exact = canonical_level + float(np.log2(side / canonical_scale)) if side > 0 else -np.inf
    floored = int(np.floor(exact + LEVEL_EPS)) if np.isfinite(exact) else k_min - 1
    return LevelChoice(box, side, exact, floored, k_min + index, k_min, k_max, canonical_scale, canonical_level)


def pooled_at_strides(
    rgb: np.ndarray, box: Rect, strides: Sequence[int], output_size, sampling_ratio: int = 2, aligned: bool = True
) -> tuple[tuple[int, np.ndarray], ...]:
    """RoI Align (average, torchvision's) of ``box`` on the image's cell means at each of ``strides`` (a pyramid
    level's map made from the image itself): ((stride, (C, h, w) read-only), ...). Computed on a crop around the
    box aligned to the largest stride, whose cells are exactly the whole image's."""
    height, width = rgb.shape[:2]
    step = max(strides)
    x0, y0 = (max(int(np.floor(v / step)) - 1, 0) * step for v in (box.x1, box.y1))
    x1 = min((int(np.ceil(box.x2 / step)) + 1) * step, width)
    y1 = min((int(np.ceil(box.y2 / step)) + 1) * step, height)
    crop = rgb[y0:y1, x0:x1]
    row = np.array([[0, box.x1 - x0, box.y1 - y0, box.x2 - x0, box.y2 - y0]])
    return tuple(
        (
            stride,
            frozen(roi_align(cell_means(crop, stride)[None], row, output_size, 1 / stride, sampling_ratio, aligned)[0]),
        )
        for stride in strides
    )
