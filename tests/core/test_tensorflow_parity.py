"""roi_core.crop_resize against tf.image.crop_and_resize, live, on fixed random cases.

Run under a Python with TensorFlow (skipped otherwise), e.g. a separate virtualenv
with requirements-dev.txt and tensorflow-cpu installed::

    .venv-tf/bin/python -m pytest tests/core/test_tensorflow_parity.py -q -s

Cases come from a seeded NumPy generator (not hypothesis) so their number is
fixed; ``-s`` prints the counts and the worst difference. The two agree bit for
bit: both compute in float32 in the same order.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
tf = pytest.importorskip("tensorflow")

from roi_core.crop_resize import crop_and_resize  # noqa: E402

CASES = 600
METHODS = ("bilinear", "nearest")
DTYPES = (np.float32, np.uint8, np.float64)
KINDS = ("inside", "partly-outside", "wholly-outside", "flipped", "grid", "point")


def random_axis(rng, kind: str) -> tuple[float, float]:
    """(start, end) of one axis in normalised coordinates for a box of the given kind."""
    if kind == "inside":
        a, b = np.sort(rng.uniform(0, 1, 2))
    elif kind == "partly-outside":
        a = rng.uniform(-0.6, 0.9)
        b = a + rng.uniform(0.1, 1.2)
    elif kind == "wholly-outside":
        length = rng.uniform(0.05, 0.8)
        a = rng.uniform(1.01, 1.5) if rng.random() < 0.5 else rng.uniform(-1.5, -0.01) - length
        b = a + length
    elif kind == "flipped":
        b, a = np.sort(rng.uniform(-0.2, 1.2, 2))
    elif kind == "grid":
        # fractions k / d: samples land on pixel centres and exact halves (nearest's ties)
        a, b = rng.integers(-2, 9, 2) / rng.integers(1, 9)
    elif kind == "point":
        a = b = rng.uniform(-0.1, 1.1)
    else:
        raise AssertionError(kind)
    return float(a), float(b)


def random_case(rng, case: int):
    n, c = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    h, w = (int(v) for v in (rng.integers(1, 13, 2) if rng.random() < 0.8 else rng.integers(13, 300, 2)))
    dtype = DTYPES[case % len(DTYPES)]
    values = rng.standard_normal((n, h, w, c)) * 50
    image = np.clip(values + 128, 0, 255).astype(np.uint8) if dtype == np.uint8 else values.astype(dtype)
    kinds = [KINDS[i] for i in rng.integers(0, len(KINDS), int(rng.integers(1, 6)))]
    boxes = []
    for kind in kinds:
        (y1, y2), (x1, x2) = random_axis(rng, kind), random_axis(rng, kind)
        boxes.append([y1, x1, y2, x2])
    box_dtype = np.float64 if rng.random() < 0.3 else np.float32  # both are cast to float32
    indices = rng.integers(0, n, len(boxes)).astype(np.int32)
    crop = (int(rng.integers(1, 8)), int(rng.integers(1, 8)))
    fill = float(rng.choice([0.0, -1.0, rng.uniform(-10, 10)]))
    return image, np.array(boxes, dtype=box_dtype), indices, crop, fill, kinds


def test_crop_and_resize_matches_tensorflow_bit_for_bit(record_property):
    rng = np.random.default_rng(20240901)
    worst, boxes_compared, values_compared = 0.0, 0, 0
    seen = set()
    for case in range(CASES):
        image, boxes, indices, crop, fill, kinds = random_case(rng, case)
        method = METHODS[(case // len(DTYPES)) % len(METHODS)]
        ours = crop_and_resize(image, boxes, indices, crop, method, fill)
        expected = tf.image.crop_and_resize(image, boxes, indices, crop, method, fill).numpy()
        assert ours.dtype == expected.dtype == np.float32 and ours.shape == expected.shape
        difference = float(np.max(np.abs(ours - expected), initial=0.0))
        assert np.array_equal(ours, expected), (
            f"case {case}: {method} {image.dtype} image {image.shape} boxes={boxes.tolist()} kinds={kinds} "
            f"indices={indices.tolist()} crop={crop} fill={fill}: differs by {difference}"
        )
        worst = max(worst, difference)
        boxes_compared += len(boxes)
        values_compared += ours.size
        seen.update((method, np.dtype(image.dtype).name, kind, crop[0]) for kind in kinds)
    summary = (
        f"crop_and_resize: {CASES} cases, {boxes_compared} boxes, {values_compared} values, "
        f"worst |ours - tensorflow| = {worst:.3g}"
    )
    print("\n" + summary)
    record_property("tensorflow_parity", summary)
    dtypes = {np.dtype(d).name for d in DTYPES}
    assert {(m, d, k) for m, d, k, _ in seen} == {(m, d, k) for m in METHODS for d in dtypes for k in KINDS}
    assert {size for *_, size in seen} == set(range(1, 8))


def test_a_detection_sized_batch_matches_tensorflow():
    rng = np.random.default_rng(7)
    image = rng.standard_normal((2, 64, 96, 16)).astype(np.float32)
    corners = np.sort(rng.uniform(-0.1, 1.1, (100, 2, 2)), axis=1)
    boxes = corners.reshape(100, 4).astype(np.float32)  # rows [y1, x1, y2, x2], y1 <= y2, x1 <= x2
    indices = rng.integers(0, 2, 100).astype(np.int32)
    for method in METHODS:
        expected = tf.image.crop_and_resize(image, boxes, indices, (14, 14), method).numpy()
        np.testing.assert_array_equal(crop_and_resize(image, boxes, indices, (14, 14), method), expected)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param(dict(crop_size=(0, 2)), id="zero-crop"),
        pytest.param(dict(crop_size=(2, -3)), id="negative-crop"),
        pytest.param(dict(box_indices=np.array([1], dtype=np.int32)), id="index-past-batch"),
        pytest.param(dict(box_indices=np.array([-1], dtype=np.int32)), id="negative-index"),
        pytest.param(dict(method="area"), id="method"),
        pytest.param(dict(boxes=np.array([[0, 0, 1, np.inf]], dtype=np.float32)), id="inf-box"),
        pytest.param(dict(image=np.zeros((1, 0, 3, 1), dtype=np.float32)), id="empty-image"),
    ],
)
def test_both_reject_the_same_bad_arguments(changes):
    arguments = dict(
        image=np.ones((1, 3, 3, 1), np.float32),
        boxes=np.array([[0, 0, 1, 1]], np.float32),
        box_indices=np.array([0], np.int32),
        crop_size=(2, 2),
        method="bilinear",
    )
    arguments.update(changes)
    with pytest.raises(ValueError):
        crop_and_resize(**arguments)
    with pytest.raises((tf.errors.InvalidArgumentError, tf.errors.OutOfRangeError, ValueError)):
        tf.image.crop_and_resize(**arguments)
