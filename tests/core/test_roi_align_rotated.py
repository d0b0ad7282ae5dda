"""Rotated RoI Align (detectron2's ROIAlignRotated, CPU kernel) without detectron2: a loop-by-loop transcription of
the kernel as the oracle, roi_align(aligned=True) at angle 0, exact quarter turns of the map, hand-worked samples on
a linear ramp, properties, and the argument checks. The live comparison runs only where detectron2 is importable."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from roi_core import align_rotated
from roi_core.align import roi_align
from roi_core.align_rotated import roi_align_rotated, rotated_sample_points

RATIOS = (-1, 0, 1, 2, 3)
SCALES = (1.0, 0.5, 0.25, 0.125)  # exact in float32, so detectron2's float spatial_scale changes nothing


def ramp(height: int = 8, width: int = 8) -> np.ndarray:
    """One image, one channel: F[y, x] = 10 y + x, which bilinear interpolation reproduces exactly inside the map."""
    return (10.0 * np.arange(height)[:, None] + np.arange(width)[None, :])[None, None]


def kernel_reference(features, rois, pooled, scale, ratio) -> np.ndarray:
    """ROIAlignRotated_cpu.cpp's forward loops, one sample at a time, in plain Python."""
    scale = float(np.float32(scale))
    count, channels = len(rois), features.shape[1]
    output = np.zeros((count, channels, *pooled))
    for n, (batch, cx, cy, w, h, angle) in enumerate(np.asarray(rois, dtype=np.float64)):
        centre_x, centre_y, roi_w, roi_h = cx * scale - 0.5, cy * scale - 0.5, w * scale, h * scale
        theta = angle * math.pi / 180.0
        cos, sin = math.cos(theta), math.sin(theta)
        bin_h, bin_w = roi_h / pooled[0], roi_w / pooled[1]
        grid_h = ratio if ratio > 0 else math.ceil(roi_h / pooled[0])
        grid_w = ratio if ratio > 0 else math.ceil(roi_w / pooled[1])
        for ph in range(pooled[0]):
            for pw in range(pooled[1]):
                total = np.zeros(channels)
                for iy in range(grid_h):
                    yy = -roi_h / 2.0 + ph * bin_h + (iy + 0.5) * bin_h / grid_h
                    for ix in range(grid_w):
                        xx = -roi_w / 2.0 + pw * bin_w + (ix + 0.5) * bin_w / grid_w
                        y, x = yy * cos - xx * sin + centre_y, yy * sin + xx * cos + centre_x
                        total += bilinear(features[int(batch)], y, x)
                output[n, :, ph, pw] = total / max(grid_h * grid_w, 1)
    return output


def bilinear(image: np.ndarray, y: float, x: float) -> np.ndarray:
    """The kernel's bilinear read of image (C, H, W) at (y, x): zero off [-1, H] x [-1, W], clamped at the edges."""
    _, height, width = image.shape
    if y < -1.0 or y > height or x < -1.0 or x > width:
        return np.zeros(image.shape[0])
    y, x = max(y, 0.0), max(x, 0.0)
    y_low, x_low = int(y), int(x)
    if y_low >= height - 1:
        y_low = y_high = height - 1
        y = float(y_low)
    else:
        y_high = y_low + 1
    if x_low >= width - 1:
        x_low = x_high = width - 1
        x = float(x_low)
    else:
        x_high = x_low + 1
    ly, lx = y - y_low, x - x_low
    hy, hx = 1.0 - ly, 1.0 - lx
    return (
        hy * hx * image[:, y_low, x_low]
        + hy * lx * image[:, y_low, x_high]
        + ly * hx * image[:, y_high, x_low]
        + ly * lx * image[:, y_high, x_high]
    )


def random_case(rng, angle=None, max_rois=4, max_channels=3):
    """A random map (N, C, H, W) and rois reaching past its edges, sizes 0 to 12 cells, some exactly 0."""
    n, channels = int(rng.integers(1, 3)), int(rng.integers(1, max_channels + 1))
    height, width = (int(v) for v in rng.integers(1, 13, 2))
    scale = float(rng.choice(SCALES))
    count = int(rng.integers(1, max_rois + 1))
    centres = rng.uniform(-2, 1, (count, 2)) + rng.uniform(0, 1, (count, 2)) * [width + 2, height + 2]
    sizes = rng.uniform(0, 12, (count, 2)) * (rng.random((count, 2)) > 0.1)
    angles = rng.uniform(-360, 360, count) if angle is None else np.full(count, float(angle))
    rois = np.column_stack([rng.integers(0, n, count), centres / scale, sizes / scale, angles])
    pooled = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    return rng.standard_normal((n, channels, height, width)), rois, pooled, scale, int(rng.choice(RATIOS))


def axis_aligned(rois: np.ndarray) -> np.ndarray:
    """The (K, 5) boxes [batch, x1, y1, x2, y2] of rotated rows at angle 0."""
    _, cx, cy, w, h, _ = rois.T
    return np.column_stack([rois[:, 0], cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])


def test_matches_a_transcription_of_the_kernel_on_random_rotated_cases():
    rng = np.random.default_rng(20260607)
    for _ in range(150):
        features, rois, pooled, scale, ratio = random_case(rng)
        expected = kernel_reference(features, rois, pooled, scale, ratio)
        np.testing.assert_allclose(roi_align_rotated(features, rois, pooled, scale, ratio), expected, atol=1e-12)


@pytest.mark.parametrize("ratio", RATIOS)
def test_angle_zero_is_roi_align_aligned(ratio):
    rng = np.random.default_rng(1000 + ratio)
    for _ in range(80):
        features, rois, pooled, scale, _ = random_case(rng, angle=0.0, max_rois=6)
        ours = roi_align_rotated(features, rois, pooled, scale, ratio)
        expected = roi_align(features, axis_aligned(rois), pooled, scale, ratio, aligned=True)
        np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-12)


def quarter_turn(features, rois, scale, keep_bins):
    """Turn the map a quarter counter-clockwise as np.rot90 does, G[i, j] = F[j, W - 1 - i], and the rois with it.

    A point (x, y) of F (map frame) is (y, W - x) in G, so the centre moves there and a local offset (u, v) turns
    into one the kernel reaches by adding 90 degrees to the angle. ``keep_bins``: same size, angle + 90, the same
    output. Otherwise width and height swap at the same angle: the kernel's (u', v') = (v, -u), the output turned
    as the map (np.rot90 over its bins).
    """
    turned = np.rot90(features, axes=(2, 3))
    width = features.shape[3] / scale
    rows = rois.copy()
    rows[:, 1], rows[:, 2] = rois[:, 2], width - rois[:, 1]
    if keep_bins:
        rows[:, 5] = rois[:, 5] + 90.0
    else:
        rows[:, 3], rows[:, 4] = rois[:, 4], rois[:, 3]
    return turned, rows


@pytest.mark.parametrize("turns", [1, 2, 3])
@pytest.mark.parametrize("keep_bins", [False, True])
def test_quarter_turns_of_the_map(turns, keep_bins):
    rng = np.random.default_rng(300 + turns + 10 * keep_bins)
    for _ in range(60):
        features, rois, pooled, scale, ratio = random_case(rng)
        expected = roi_align_rotated(features, rois, pooled, scale, ratio)
        for _ in range(turns):
            features, rois = quarter_turn(features, rois, scale, keep_bins)
            if not keep_bins:
                pooled = pooled[::-1]
                expected = np.rot90(expected, axes=(2, 3))
        np.testing.assert_allclose(roi_align_rotated(features, rois, pooled, scale, ratio), expected, atol=1e-12)


def test_quarter_turn_counter_clockwise_is_plus_ninety_degrees():
    """The wrong direction fails: the map turned counter-clockwise pairs with angle + 90, not - 90."""
    features = np.random.default_rng(5).standard_normal((1, 1, 9, 9))
    rois = np.array([[0, 4.2, 3.9, 6.0, 2.0, 20.0]])
    turned, plus = quarter_turn(features, rois, 1.0, keep_bins=True)
    minus = plus.copy()
    minus[:, 5] = rois[:, 5] - 90.0
    expected = roi_align_rotated(features, rois, (1, 3), 1.0, 2)
    np.testing.assert_allclose(roi_align_rotated(turned, plus, (1, 3), 1.0, 2), expected, atol=1e-12)
    assert not np.allclose(roi_align_rotated(turned, minus, (1, 3), 1.0, 2), expected, atol=1e-3)


@pytest.mark.parametrize(
    ("angle", "expected"),
    [
        (0.0, [37.5, 39.5]),  # samples at (2.5, 3.5) and (4.5, 3.5) in the kernel's frame
        (90.0, [48.5, 28.5]),  # width runs upward: the first bin below the centre, the second above
        (30.0, [43.5 - math.sqrt(3) / 2, 33.5 + math.sqrt(3) / 2]),  # (3.5 -+ cos 30, 3.5 +- sin 30)
        (-90.0, [28.5, 48.5]),
    ],
)
def test_single_samples_on_a_ramp(angle, expected):
    """A 4 x 2 box at (4, 4), two bins, one sample each: u = -1 and +1, v = 0 about the kernel's centre (3.5, 3.5);
    x = 3.5 + u cos t, y = 3.5 - u sin t, read from F = 10 y + x."""
    output = roi_align_rotated(ramp(), [[0, 4.0, 4.0, 4.0, 2.0, angle]], (1, 2), 1.0, 1)
    np.testing.assert_allclose(output[0, 0, 0], expected, rtol=0, atol=1e-12)


def test_samples_off_the_map_count_in_the_average():
    """A 2 x 2 box centred on the kernel's x = -1, two samples per axis: x = -1.5 (off the map, reads 0) and -0.5
    (clamped to column 0), y = 3 and 4: (30 + 40 + 0 + 0) / 4."""
    output = roi_align_rotated(ramp(), [[0, -0.5, 4.0, 2.0, 2.0, 0.0]], 1, 1.0, 2)
    assert output[0, 0, 0, 0] == pytest.approx(17.5, abs=1e-12)


@pytest.mark.parametrize(
    ("cy", "expected"),
    [(8.0, 73.5), (8.6, 0.0), (-0.4, 3.5), (-0.6, 0.0)],  # kernel y 7.5: last row; 8.1: off; -0.9: row 0; -1.1: off
)
def test_border_rules(cy, expected):
    output = roi_align_rotated(ramp(), [[0, 4.0, cy, 0.0, 0.0, 33.0]], 1, 1.0, 1)
    assert output[0, 0, 0, 0] == pytest.approx(expected, abs=1e-12)


def test_a_box_of_zero_size_gives_zero_when_adaptive_and_its_centre_when_fixed():
    """Adaptive: ceil(0 / bins) = 0 samples, sum 0 over max(0, 1). Fixed: every sample at the centre (3.5, 3.5).
    No minimum size of one cell is forced."""
    rois = [[0, 4.0, 4.0, 0.0, 0.0, 37.0]]
    assert roi_align_rotated(ramp(), rois, 2, 1.0, -1).tolist() == [[[[0.0, 0.0], [0.0, 0.0]]]]
    np.testing.assert_allclose(roi_align_rotated(ramp(), rois, 2, 1.0, 2), 38.5, rtol=0, atol=1e-12)


def test_sample_points_in_the_map_frame():
    """A 5 x 2 box at (4, 3), 1 x 2 bins, adaptive: grid ceil(2 / 1) = 2 rows by ceil(5 / 2) = 3 columns; at angle 0
    the map frame's points are the box's own: x = 4 - 2.5 + pw 2.5 + (ix + 0.5) 2.5 / 3, y = 3 - 1 + iy + 0.5."""
    points = rotated_sample_points([4.0, 3.0, 5.0, 2.0, 0.0], (1, 2))
    assert points.shape == (1, 2, 2, 3, 2)
    xs = 1.5 + np.arange(2)[:, None] * 2.5 + (np.arange(3)[None, :] + 0.5) * 2.5 / 3
    np.testing.assert_allclose(points[0, :, 0, :, 0], xs, atol=1e-12)
    np.testing.assert_allclose(points[0, 0, :, 0, 1], [2.5, 3.5], atol=1e-12)
    turned = rotated_sample_points([4.0, 4.0, 4.0, 2.0, 90.0], (1, 2), 1.0, 1)
    np.testing.assert_allclose(turned.reshape(2, 2), [[4.0, 5.0], [4.0, 3.0]], atol=1e-12)


def test_sample_points_are_where_the_batch_function_reads():
    """On the ramp, each bin is the mean of 10 y + x over its sample points (kernel frame: map frame - 0.5)."""
    roi = [4.1, 3.7, 3.3, 2.6, 128.0]
    points = rotated_sample_points(roi, (2, 3), 1.0, 2) - 0.5
    expected = (10 * points[..., 1] + points[..., 0]).mean(axis=(2, 3))
    np.testing.assert_allclose(roi_align_rotated(ramp(), [[0, *roi]], (2, 3), 1.0, 2)[0, 0], expected, atol=1e-12)


def test_spatial_scale_is_rounded_to_float32_as_detectron2_receives_it():
    rng = np.random.default_rng(11)
    features, rois, pooled, _, ratio = random_case(rng, max_rois=6)
    scaled = rois.copy()
    scaled[:, 1:5] *= float(np.float32(0.1))
    ours = roi_align_rotated(features, rois, pooled, 0.1, ratio)
    np.testing.assert_array_equal(ours, roi_align_rotated(features, scaled, pooled, 1.0, ratio))


def test_chunked_batches_equal_one_roi_at_a_time(monkeypatch):
    rng = np.random.default_rng(17)
    features = rng.standard_normal((2, 4, 11, 13))
    rois = np.column_stack([rng.integers(0, 2, 40), rng.uniform(-2, 15, (40, 2)), rng.uniform(0, 9, (40, 2))])
    rois = np.column_stack([rois, rng.uniform(-180, 180, 40)])
    whole = roi_align_rotated(features, rois, (3, 2), 0.5, -1)
    monkeypatch.setattr(align_rotated, "MAX_VALUES_PER_CHUNK", 2000)
    np.testing.assert_array_equal(roi_align_rotated(features, rois, (3, 2), 0.5, -1), whole)
    singles = np.concatenate([roi_align_rotated(features, rois[i : i + 1], (3, 2), 0.5, -1) for i in range(40)])
    np.testing.assert_array_equal(singles, whole)


def test_dtypes_and_empty_rois():
    features = np.random.default_rng(2).standard_normal((1, 3, 6, 7))
    rois = [[0, 3.0, 3.0, 4.0, 2.0, 45.0]]
    for dtype in (np.float16, np.float32):
        output = roi_align_rotated(features.astype(dtype), rois, 2)
        assert output.dtype == dtype
        np.testing.assert_allclose(output, roi_align_rotated(features, rois, 2), atol=3e-3)
    assert roi_align_rotated(features, np.zeros((0, 6)), (2, 3)).shape == (0, 3, 2, 3)


def fitting_roi(draw, height: int, width: int):
    """A rotated box (cx, cy, w, h, angle) whose four corners lie inside the map [0, W] x [0, H]."""
    angle = draw(st.floats(-720, 720))
    w, h = draw(st.floats(0.01, width)), draw(st.floats(0.01, height))
    t = math.radians(angle)
    half_x = (abs(w * math.cos(t)) + abs(h * math.sin(t))) / 2
    half_y = (abs(w * math.sin(t)) + abs(h * math.cos(t))) / 2
    assume(half_x <= width / 2 and half_y <= height / 2)
    cx = half_x + draw(st.floats(0, 1)) * (width - 2 * half_x)
    cy = half_y + draw(st.floats(0, 1)) * (height - 2 * half_y)
    return [cx, cy, w, h, angle]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), value=st.floats(-1e3, 1e3), ratio=st.sampled_from(RATIOS))
def test_constant_map_gives_the_constant_inside_the_map(data, value, ratio):
    height, width = data.draw(st.integers(1, 10)), data.draw(st.integers(1, 10))
    roi = fitting_roi(data.draw, height, width)
    output = roi_align_rotated(np.full((1, 2, height, width), value), [[0, *roi]], (2, 3), 1.0, ratio)
    np.testing.assert_allclose(output, value, rtol=1e-12, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_bounded_by_the_map_and_zero(seed, data):
    """Samples are convex combinations of map values, or 0 off the map; inside the map 0 does not enter."""
    features, rois, pooled, scale, ratio = random_case(np.random.default_rng(seed))
    output = roi_align_rotated(features, rois, pooled, scale, ratio)
    assert output.min() >= min(features.min(), 0.0) - 1e-12
    assert output.max() <= max(features.max(), 0.0) + 1e-12
    height, width = features.shape[2:]
    roi = fitting_roi(data.draw, height, width)
    inside = roi_align_rotated(features[:1], [[0, *roi]], pooled, 1.0, ratio)
    assert inside.min() >= features[0].min() - 1e-12 and inside.max() <= features[0].max() + 1e-12


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), turns=st.integers(-3, 3))
def test_whole_turns_of_the_angle_change_nothing(seed, turns):
    features, rois, pooled, scale, ratio = random_case(np.random.default_rng(seed))
    turned = rois.copy()
    turned[:, 5] += 360.0 * turns
    expected = roi_align_rotated(features, rois, pooled, scale, ratio)
    np.testing.assert_allclose(roi_align_rotated(features, turned, pooled, scale, ratio), expected, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    roi=st.tuples(st.floats(-50, 50), st.floats(-50, 50), st.floats(0, 20), st.floats(0, 20), st.floats(-360, 360)),
    pooled=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    ratio=st.sampled_from(RATIOS),
)
def test_sample_points_are_centred_on_the_box(roi, pooled, ratio):
    """The grid is symmetric about the box's centre, so the points' mean is (cx, cy) (when there are points)."""
    points = rotated_sample_points(list(roi), pooled, 1.0, ratio)
    assume(points.size > 0)
    np.testing.assert_allclose(points.reshape(-1, 2).mean(axis=0), roi[:2], atol=1e-9)


FEATURES = np.zeros((2, 1, 4, 4))
GOOD_ROIS = [[0, 2.0, 2.0, 2.0, 2.0, 10.0]]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"input": np.zeros((1, 4, 4))}, "input"),
        ({"input": np.zeros((1, 1, 4, 4), dtype=np.int64)}, "input"),
        ({"rois": [[0, 2.0, 2.0, 2.0, 2.0]]}, "rois"),
        ({"rois": [0, 2.0, 2.0, 2.0, 2.0, 0.0]}, "rois"),
        ({"rois": [["a", 2.0, 2.0, 2.0, 2.0, 0.0]]}, "rois"),
        ({"rois": [[0, np.nan, 2.0, 2.0, 2.0, 0.0]]}, "rois"),
        ({"rois": [[0, 2.0, 2.0, 2.0, 2.0, np.inf]]}, "rois"),
        ({"rois": [[0, 2.0, 2.0, -0.5, 2.0, 0.0]]}, "rois"),
        ({"rois": [[2, 2.0, 2.0, 2.0, 2.0, 0.0]]}, "rois"),
        ({"rois": [[-1, 2.0, 2.0, 2.0, 2.0, 0.0]]}, "rois"),
        ({"output_size": 0}, "output_size"),
        ({"output_size": (2, 2, 2)}, "output_size"),
        ({"spatial_scale": 0.0}, "spatial_scale"),
        ({"spatial_scale": 1e300}, "spatial_scale"),
        ({"spatial_scale": 1e-50}, "spatial_scale"),
        ({"sampling_ratio": 1.5}, "sampling_ratio"),
    ],
)
def test_invalid_arguments_name_the_argument(kwargs, name):
    arguments = {"input": FEATURES, "rois": GOOD_ROIS, "output_size": 2, "spatial_scale": 1.0, "sampling_ratio": -1}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=name):
        roi_align_rotated(**arguments)


def test_batch_index_is_truncated_like_the_kernels_int_cast():
    features = np.random.default_rng(3).standard_normal((2, 1, 5, 5))
    truncated = roi_align_rotated(features, [[1.9, 2.0, 2.0, 3.0, 2.0, 15.0]], 2)
    np.testing.assert_array_equal(truncated, roi_align_rotated(features, [[1, 2.0, 2.0, 3.0, 2.0, 15.0]], 2))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"roi": [0, 2.0, 2.0, 2.0, 2.0, 0.0]}, "roi"),
        ({"roi": [2.0, 2.0, -1.0, 2.0, 0.0]}, "roi"),
        ({"roi": [2.0, 2.0, 1.0, np.nan, 0.0]}, "roi"),
        ({"output_size": -1}, "output_size"),
        ({"spatial_scale": -1.0}, "spatial_scale"),
        ({"sampling_ratio": "2"}, "sampling_ratio"),
    ],
)
def test_sample_points_invalid_arguments(kwargs, name):
    arguments = {"roi": [2.0, 2.0, 2.0, 2.0, 0.0], "output_size": 2, "spatial_scale": 1.0, "sampling_ratio": -1}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=name):
        rotated_sample_points(**arguments)


def test_matches_detectron2_when_importable():
    """Live parity with detectron2's ROIAlignRotated (CPU); skipped where detectron2 is not installed."""
    pytest.importorskip("detectron2")
    torch = pytest.importorskip("torch")
    from detectron2.layers import ROIAlignRotated

    rng = np.random.default_rng(20260608)
    worst = 0.0
    for _ in range(300):
        features, rois, pooled, scale, ratio = random_case(rng, max_rois=6)
        module = ROIAlignRotated(pooled, scale, ratio)
        theirs = module(torch.from_numpy(features), torch.from_numpy(rois)).numpy()
        ours = roi_align_rotated(features, rois, pooled, scale, ratio)
        worst = max(worst, float(np.abs(ours - theirs).max()))
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
    print(f"\ndetectron2 ROIAlignRotated parity, 300 cases: worst |difference| {worst:.3g}")
