"""roi_core's position-sensitive and pyramid operators against torchvision.ops, live, on fixed random cases:
``ps_roi_align``, ``ps_roi_pool``, the FPN ``LevelMapper`` and ``MultiScaleRoIAlign``.

Run under a Python with torch and torchvision (skipped otherwise; docs/testing.md says how to make one)::

    .venv-torch/bin/python -m pytest tests/core/test_torchvision_family_parity.py -q -s
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torchvision = pytest.importorskip("torchvision")

from torchvision.ops import MultiScaleRoIAlign
from torchvision.ops import ps_roi_align as tv_ps_roi_align
from torchvision.ops import ps_roi_pool as tv_ps_roi_pool
from torchvision.ops.poolers import LevelMapper

from roi_core.position_sensitive import ps_roi_align, ps_roi_pool
from roi_core.pyramid import fpn_levels, multiscale_roi_align
from tests.core.test_torchvision_parity import RATIOS, _torch, random_case

CASES = 600


def position_sensitive_case(rng):
    """A random case whose map has C_out x h x w channels (C_out 1 to 2)."""
    _, boxes, kinds, output_size, scale = random_case(rng)
    pooled_h, pooled_w = (output_size, output_size) if isinstance(output_size, int) else output_size
    n = int(boxes[:, 0].max()) + 1
    features = rng.standard_normal((n, int(rng.integers(1, 3)) * pooled_h * pooled_w, *rng.integers(1, 11, 2)))
    return features, boxes, kinds, output_size, scale


@pytest.mark.parametrize("name", ["ps_roi_align", "ps_roi_pool"])
def test_position_sensitive_pooling_matches_torchvision(name):
    rng = np.random.default_rng(20261129 + len(name))
    ours_fn, theirs_fn = (ps_roi_align, tv_ps_roi_align) if name == "ps_roi_align" else (ps_roi_pool, tv_ps_roi_pool)
    compared = skipped = 0
    worst = 0.0
    for case in range(CASES):
        features, boxes, kinds, output_size, scale = position_sensitive_case(rng)
        extra = (RATIOS[case % len(RATIOS)],) if name == "ps_roi_align" else ()
        try:
            expected = theirs_fn(_torch(features), _torch(boxes), output_size, scale, *extra).numpy()
        except (RuntimeError, ValueError):
            skipped += 1
            continue
        ours = ours_fn(features, boxes, output_size, scale, *extra)
        assert ours.shape == expected.shape
        finite = np.isfinite(expected)
        difference = float(np.max(np.abs(ours - expected)[finite], initial=0.0))
        assert difference <= 1e-9 and np.array_equal(finite, np.isfinite(ours)), (
            f"case {case}: boxes={boxes.tolist()} kinds={kinds} output_size={output_size} scale={scale} "
            f"{extra} map={features.shape}: differs by {difference}"
        )
        compared += 1
        worst = max(worst, difference)
    print(f"\n{name}: {compared} cases compared, {skipped} skipped (torchvision raised), worst |diff| = {worst:.3g}")
    assert compared >= 0.9 * CASES


def test_fpn_levels_match_torchvisions_level_mapper():
    rng = np.random.default_rng(7)
    sides = np.exp(rng.uniform(np.log(4), np.log(2000), (4000, 2)))
    corners = rng.uniform(0, 500, (4000, 2))
    boxes = np.column_stack([corners, corners + sides]).astype(np.float32)
    boxes[:40, 2:] = boxes[:40, :2] + 224 * 2.0 ** rng.integers(-3, 4, (40, 1))  # exactly on the boundaries
    for k_min, k_max in ((2, 5), (3, 6), (2, 2)):
        expected = LevelMapper(k_min, k_max)([_torch(boxes)]).numpy()
        assert np.array_equal(fpn_levels(boxes, k_min, k_max), expected)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("ratio", [2, 0])
def test_multiscale_roi_align_matches_torchvision(ratio, dtype):
    """Two images, P2-P5 (strides 4-32), 120 boxes of 8 to 700 px: every box on torchvision's level, every value
    torchvision's (float32: to its rounding, as test_detection_sized_float32_align)."""
    rng = np.random.default_rng(11 + ratio)
    image_shapes = [(800, 1216), (768, 1024)]
    names = ["p2", "p3", "p4", "p5"]
    features = {
        name: rng.standard_normal((2, 3, -(-800 // stride), -(-1216 // stride))).astype(dtype)
        for name, stride in zip(names, (4, 8, 16, 32))
    }
    features["pool"] = rng.standard_normal((2, 3, 13, 19)).astype(dtype)  # not among featmap_names: unused
    boxes = []
    for height, width in image_shapes:
        sides = np.exp(rng.uniform(np.log(8), np.log(700), (60, 2)))
        corners = rng.uniform(0, (width - 8, height - 8), (60, 2))
        boxes.append(np.column_stack([corners, corners + sides]).astype(dtype))
    pooler = MultiScaleRoIAlign(names, 7, ratio)
    expected = pooler({k: _torch(v) for k, v in features.items()}, [_torch(b) for b in boxes], image_shapes)
    ours = multiscale_roi_align(features, boxes, image_shapes, names, 7, ratio)
    difference = float(np.max(np.abs(ours - expected.numpy())))
    print(f"\nMultiScaleRoIAlign ({np.dtype(dtype).name}, sampling_ratio={ratio}): worst |diff| = {difference:.3g}")
    assert ours.shape == (120, 3, 7, 7) and ours.dtype == dtype
    assert difference <= (1e-12 if dtype == np.float64 else 1e-4)
