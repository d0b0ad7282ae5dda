"""Pictures made from numbers: a map's or an output's values (0-1) as display pixels, an output enlarged to a
picture a learner can see (what a method hands to the detector), a box's own pixels stretched the same way."""

from __future__ import annotations

import numpy as np
from PIL import Image

from roi_core import Rect


def to_uint8(values: np.ndarray) -> np.ndarray:
    """Values in 0-1 as display pixels 0-255."""
    return np.clip(np.rint(np.asarray(values) * 255.0), 0, 255).astype(np.uint8)


def output_picture(output: np.ndarray, size: int) -> np.ndarray:
    """An output (C, h, w), channels red, green, blue first, as a size x size picture (nearest: each bin a
    block)."""
    rgb = Image.fromarray(to_uint8(output[:3].transpose(1, 2, 0)))
    return np.asarray(rgb.resize((size, size), Image.Resampling.NEAREST))


def box_picture(rgb: np.ndarray, box: Rect, size: int) -> np.ndarray:
    """The box's pixels stretched to size x size, as the fixed n x n output stretches any box (bilinear, which
    Pillow antialiases when shrinking: a preview, at half the cost of Lanczos on every rerun)."""
    crop = rgb[int(box.y1) : int(box.y2), int(box.x1) : int(box.x2)]
    step = max(1, min(crop.shape[:2]) // (2 * size))  # skip pixels of a huge crop before filtering
    picture = Image.fromarray(np.ascontiguousarray(crop[::step, ::step]))
    return np.asarray(picture.resize((size, size), Image.Resampling.BILINEAR))
