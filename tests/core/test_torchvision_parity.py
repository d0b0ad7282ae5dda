"""roi_core against torchvision.ops, live, on fixed random cases.

Run under a Python with torch and torchvision (skipped otherwise; docs/testing.md says how to make one)::

    .venv-torch/bin/python -m pytest tests/core/test_torchvision_parity.py -q -s

Cases come from a seeded NumPy generator (not hypothesis) so their number is
fixed; ``-s`` prints the counts and the worst difference.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torchvision = pytest.importorskip("torchvision")

from torchvision.ops import roi_align as tv_roi_align
from torchvision.ops import roi_pool as tv_roi_pool

from roi_core import roi_align, roi_pool

CASES = 1200  # at least 1,000 random cases a function
SCALES = (1.0, 0.5, 0.25, 1 / 3, 1 / 32)
RATIOS = (1, 2, 3, 0, -1)
KINDS = (
    "inside",
    "partly-outside",
    "wholly-outside",
    "integer-cells",
    "half-cells",
    "integer-pixels",
    "half-pixels",
    "zero-size",
    "negative-size",
)


def random_axis(rng, kind: str, size: int) -> tuple[float, float]:
    """(start, end) of one axis in cells for a box of the given kind."""
    if kind == "inside":
        a, b = np.sort(rng.uniform(0, size, 2))
    elif kind == "partly-outside":
        a = rng.uniform(-0.5 * size - 2, size + 1)
        b = a + rng.uniform(0.1, 1.5 * size + 3)
    elif kind == "wholly-outside":
        length = rng.uniform(0.1, size + 2)
        a = rng.uniform(size + 1.01, size + 4) if rng.random() < 0.5 else rng.uniform(-4, -1.01) - length
        b = a + length
    elif kind == "integer-cells":
        a, b = np.sort(rng.integers(-2, size + 3, 2)).astype(float)
    elif kind == "half-cells":
        a, b = np.sort(rng.integers(-3, size + 3, 2)) + 0.5
    elif kind == "zero-size":
        a = b = rng.uniform(-1, size + 1) if rng.random() < 0.5 else float(rng.integers(0, size + 1))
    elif kind == "negative-size":
        b, a = np.sort(rng.uniform(-1, size + 1, 2))
    else:
        raise AssertionError(kind)
    return float(a), float(b)


def random_box(rng, kind: str, height: int, width: int, scale: float) -> list[float]:
    """Box corners in pixels (x1, y1, x2, y2)."""
    if kind in ("integer-pixels", "half-pixels"):
        # exact integers / halves in image pixels (the cells are then fractions, e.g. 37 / 32)
        step = 1.0 if kind == "integer-pixels" else 0.5
        corners = []
        for size in (width, height):
            lo, hi = np.sort(rng.integers(int(-2 / scale / step), int((size + 2) / scale / step) + 1, 2))
            corners.append((lo * step, hi * step))
        (x1, x2), (y1, y2) = corners
        return [x1, y1, x2, y2]
    (x1, x2), (y1, y2) = random_axis(rng, kind, width), random_axis(rng, kind, height)
    if kind in ("zero-size", "negative-size") and rng.random() < 0.5:
        # only one axis degenerate, the other a normal extent
        y1, y2 = random_axis(rng, "inside", height)
    return [x1 / scale, y1 / scale, x2 / scale, y2 / scale]


def random_case(rng):
    n, c = int(rng.integers(1, 3)), int(rng.integers(1, 4))
    h, w = int(rng.integers(1, 11)), int(rng.integers(1, 11))
    scale = SCALES[rng.integers(len(SCALES))]
    features = rng.standard_normal((n, c, h, w))
    kinds = [KINDS[i] for i in rng.integers(0, len(KINDS), int(rng.integers(1, 6)))]
    boxes = np.array([[rng.integers(0, n), *random_box(rng, kind, h, w, scale)] for kind in kinds])
    output_size = int(rng.integers(1, 6)) if rng.random() < 0.5 else (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
    return features, boxes, kinds, output_size, scale


class Tally:
    """Cases compared with a reference (``against``) and skipped, the boxes' kinds and options covered, the worst
    difference."""

    def __init__(self, against: str = "torchvision"):
        self.against = against
        self.compared = self.skipped = self.boxes = 0
        self.worst = 0.0
        self.kinds: dict[str, int] = {}
        self.options: set = set()

    def add(self, difference: float, kinds, option) -> None:
        """One compared case: its worst difference, its boxes' kinds, its options."""
        self.compared += 1
        self.boxes += len(kinds)
        self.worst = max(self.worst, difference)
        for kind in kinds:
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
        self.options.add(option)

    def check_coverage(self, options, cases: int, per_kind: int) -> None:
        """Every case run, few skipped, every kind of box ``per_kind`` times at least, every option covered."""
        assert self.compared + self.skipped == cases
        assert self.skipped < 0.1 * cases
        assert set(self.kinds) == set(KINDS) and min(self.kinds.values()) >= per_kind
        assert self.options == options

    def summary(self, name: str) -> str:
        total = self.compared + self.skipped
        return (
            f"{name}: {total} cases, {self.compared} compared ({self.boxes} boxes), {self.skipped} skipped "
            f"(torchvision raised), worst |ours - {self.against}| = {self.worst:.3g}"
        )


def _torch(array):
    return torch.from_numpy(np.ascontiguousarray(array))


def test_roi_align_matches_torchvision(record_property):
    rng = np.random.default_rng(20240611)
    tally = Tally()
    for case in range(CASES):
        features, boxes, kinds, output_size, scale = random_case(rng)
        ratio = RATIOS[case % len(RATIOS)]
        aligned = bool(rng.integers(0, 2))
        ours = roi_align(features, boxes, output_size, scale, ratio, aligned)
        try:
            expected = tv_roi_align(_torch(features), _torch(boxes), output_size, scale, ratio, aligned).numpy()
        except (RuntimeError, ValueError):
            # torchvision 0.29 raises "cannot create std::vector larger than max_size()" for an
            # aligned box with one negative side under adaptive sampling (a negative grid size);
            # roi_core samples nothing there and gives 0
            tally.skipped += 1
            assert np.all(np.isfinite(ours))
            continue
        assert ours.shape == expected.shape and ours.dtype == np.float64
        difference = float(np.max(np.abs(ours - expected), initial=0.0))
        assert difference <= 1e-6, (
            f"case {case}: boxes={boxes.tolist()} kinds={kinds} output_size={output_size} scale={scale} "
            f"sampling_ratio={ratio} aligned={aligned} map={features.shape}: differs by {difference}"
        )
        tally.add(difference, kinds, (ratio, aligned, scale))
    print("\n" + tally.summary("roi_align (float64, avg, centered)"))
    record_property("roi_align_parity", tally.summary("roi_align"))
    tally.check_coverage({(r, a, s) for r in RATIOS for a in (False, True) for s in SCALES}, CASES, 100)


def test_roi_pool_matches_torchvision_exactly(record_property):
    rng = np.random.default_rng(20240612)
    tally = Tally()
    for case in range(CASES):
        features, boxes, kinds, output_size, scale = random_case(rng)
        ours = roi_pool(features, boxes, output_size, scale)
        try:
            expected = tv_roi_pool(_torch(features), _torch(boxes), output_size, scale).numpy()
        except (RuntimeError, ValueError):
            tally.skipped += 1
            assert np.all(np.isfinite(ours))
            continue
        assert ours.shape == expected.shape and ours.dtype == np.float64
        mismatch = ours != expected
        assert not mismatch.any(), (
            f"case {case}: boxes={boxes.tolist()} kinds={kinds} output_size={output_size} scale={scale} "
            f"map={features.shape}: {int(mismatch.sum())} values differ"
        )
        tally.add(0.0, kinds, scale)  # equal bit for bit
    print("\n" + tally.summary("roi_pool (float64, round)"))
    record_property("roi_pool_parity", tally.summary("roi_pool"))
    tally.check_coverage(set(SCALES), CASES, 100)


def detection_workload(count: int = 64, seed: int = 0):
    """A 1 x 256 x 50 x 68 float32 map and boxes in pixels of the 2176 x 1600 image (stride 32)."""
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((1, 256, 50, 68), dtype=np.float32)
    centres = rng.uniform((0, 0), (68 * 32, 50 * 32), (count, 2))
    sizes = rng.uniform(32, 800, (count, 2))
    boxes = np.column_stack([np.zeros(count), centres - sizes / 2, centres + sizes / 2]).astype(np.float32)
    return features, boxes


@pytest.mark.parametrize("aligned", [False, True])
@pytest.mark.parametrize("ratio", [2, 0])
def test_detection_sized_float32_align(aligned, ratio):
    features, boxes = detection_workload()
    expected = tv_roi_align(_torch(features), _torch(boxes), 7, 1 / 32, ratio, aligned).numpy()
    ours = roi_align(features, boxes, 7, 1 / 32, ratio, aligned)
    assert ours.dtype == np.float32 and ours.shape == (64, 256, 7, 7)
    difference = float(np.max(np.abs(ours - expected)))
    print(
        f"\nfloat32 detection workload, roi_align sampling_ratio={ratio} aligned={aligned}: "
        f"worst |diff| = {difference:.3g}"
    )
    assert difference <= 1e-4


def test_detection_sized_float32_pool():
    features, boxes = detection_workload()
    expected = tv_roi_pool(_torch(features), _torch(boxes), 7, 1 / 32).numpy()
    ours = roi_pool(features, boxes, 7, 1 / 32)
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(ours, expected)


def test_list_of_boxes_and_no_boxes_match_torchvision():
    rng = np.random.default_rng(7)
    features = rng.standard_normal((2, 3, 6, 7))
    per_image = [rng.uniform(-1, 8, (3, 4)), rng.uniform(-1, 8, (0, 4))]
    per_image = [np.column_stack([np.minimum(b[:, :2], b[:, 2:]), np.maximum(b[:, :2], b[:, 2:])]) for b in per_image]
    expected = tv_roi_align(_torch(features), [_torch(b) for b in per_image], (2, 3), 1.0, 2, True).numpy()
    np.testing.assert_allclose(roi_align(features, per_image, (2, 3), 1.0, 2, True), expected, rtol=0, atol=1e-12)
    expected = tv_roi_pool(_torch(features), [_torch(b) for b in per_image], (2, 3), 1.0).numpy()
    np.testing.assert_array_equal(roi_pool(features, per_image, (2, 3), 1.0), expected)
    empty = np.zeros((0, 5))
    assert tv_roi_align(_torch(features), _torch(empty), 2).shape == roi_align(features, empty, 2).shape == (0, 3, 2, 2)
