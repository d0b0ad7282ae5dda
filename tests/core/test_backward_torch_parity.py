"""roi_core.backward against torch autograd through torchvision.ops, live, on fixed random cases.

Run under a Python with torch and torchvision (skipped otherwise; docs/testing.md says how to make one)::

    .venv-torch/bin/python -m pytest tests/core/test_backward_torch_parity.py -q -s

The cases are test_torchvision_parity.py's seeded generator (inside, partly and
wholly outside, integer and half-integer corners, zero and negative size, five
spatial scales); ``-s`` prints the counts and the worst difference.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torchvision = pytest.importorskip("torchvision")

from torchvision.ops import roi_align as tv_roi_align  # noqa: E402
from torchvision.ops import roi_pool as tv_roi_pool  # noqa: E402

from roi_core.backward import roi_align_backward, roi_pool_backward  # noqa: E402
from tests.core.test_torchvision_parity import (  # noqa: E402
    RATIOS,
    SCALES,
    Tally,
    detection_workload,
    random_case,
)

CASES = 600
TOLERANCE = 1e-9


def autograd(operator, features: np.ndarray, boxes: np.ndarray, arguments, rng) -> tuple[np.ndarray, np.ndarray]:
    """A random grad_output for ``operator(features, boxes, *arguments)`` and torch autograd's gradient of
    <grad_output, operator(x, boxes, *arguments)> at ``features``."""
    x = torch.from_numpy(features.copy()).requires_grad_(True)
    output = operator(x, torch.from_numpy(boxes), *arguments)
    grad_output = rng.standard_normal(tuple(output.shape)).astype(features.dtype)
    output.backward(torch.from_numpy(grad_output))
    return grad_output, x.grad.numpy()


def test_roi_align_backward_matches_torch_autograd():
    rng = np.random.default_rng(20250301)
    tally = Tally(against="torch autograd")
    for case in range(CASES):
        features, boxes, kinds, output_size, scale = random_case(rng)
        ratio = RATIOS[case % len(RATIOS)]
        aligned = bool(rng.integers(0, 2))
        try:
            arguments = (output_size, scale, ratio, aligned)
            grad_output, expected = autograd(tv_roi_align, features, boxes, arguments, rng)
        except (RuntimeError, ValueError):
            # torchvision raises for an aligned box with a negative side under adaptive sampling
            # (test_torchvision_parity.py says more); roi_core samples nothing there
            tally.skipped += 1
            continue
        ours = roi_align_backward(grad_output, boxes, features.shape, output_size, scale, ratio, aligned)
        assert ours.shape == expected.shape and ours.dtype == np.float64
        difference = float(np.max(np.abs(ours - expected), initial=0.0))
        assert difference <= TOLERANCE, (
            f"case {case}: boxes={boxes.tolist()} kinds={kinds} output_size={output_size} scale={scale} "
            f"sampling_ratio={ratio} aligned={aligned} map={features.shape}: differs by {difference}"
        )
        tally.add(difference, kinds, (ratio, aligned, scale))
    print("\n" + tally.summary("roi_align_backward (float64, avg, centered)"))
    tally.check_coverage({(r, a, s) for r in RATIOS for a in (False, True) for s in SCALES}, CASES, 50)


def test_roi_pool_backward_matches_torch_autograd():
    rng = np.random.default_rng(20250302)
    tally = Tally(against="torch autograd")
    for case in range(CASES):
        features, boxes, kinds, output_size, scale = random_case(rng)
        try:
            grad_output, expected = autograd(tv_roi_pool, features, boxes, (output_size, scale), rng)
        except (RuntimeError, ValueError):
            tally.skipped += 1
            continue
        ours = roi_pool_backward(grad_output, features, boxes, output_size, scale)
        assert ours.shape == expected.shape and ours.dtype == np.float64
        assert np.array_equal(ours != 0, expected != 0), f"case {case}: the gradient lands on other cells"
        difference = float(np.max(np.abs(ours - expected), initial=0.0))
        assert difference <= TOLERANCE, (
            f"case {case}: boxes={boxes.tolist()} kinds={kinds} output_size={output_size} scale={scale} "
            f"map={features.shape}: differs by {difference}"
        )
        tally.add(difference, kinds, scale)
    print("\n" + tally.summary("roi_pool_backward (float64, round)"))
    tally.check_coverage(set(SCALES), CASES, 50)


@pytest.mark.parametrize("aligned", [False, True])
def test_detection_sized_float32_backward(aligned):
    """64 boxes on a 256-channel 50 x 68 map in float32: both backward passes close to torch's."""
    features, boxes = detection_workload()
    rng = np.random.default_rng(3)
    grad_output, expected = autograd(tv_roi_align, features, boxes, (7, 1 / 32, 2, aligned), rng)
    ours = roi_align_backward(grad_output, boxes, features.shape, 7, 1 / 32, 2, aligned)
    assert ours.dtype == np.float32
    align_difference = float(np.max(np.abs(ours - expected)))
    grad_output, expected = autograd(tv_roi_pool, features, boxes, (7, 1 / 32), rng)
    ours = roi_pool_backward(grad_output, features, boxes, 7, 1 / 32)
    pool_difference = float(np.max(np.abs(ours - expected)))
    print(
        f"\nfloat32 detection workload, aligned={aligned}: worst |diff| roi_align_backward = {align_difference:.3g}, "
        f"roi_pool_backward = {pool_difference:.3g}"
    )
    assert align_difference <= 1e-4 and pool_difference <= 1e-4
