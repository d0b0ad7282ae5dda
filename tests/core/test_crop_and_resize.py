"""crop_and_resize: hand-worked cases from TensorFlow's CropAndResize kernel and docs, properties, validation.

The kernel's rules: a normalised ``y`` maps to ``y * (H - 1)``; sample ``i`` of a
crop of height ``h > 1`` sits at ``y1 * (H - 1) + i * (y2 - y1) * (H - 1) / (h - 1)``
(float32), a crop of height 1 at ``0.5 * (y1 + y2) * (H - 1)``; a sample outside
``[0, H - 1]`` takes ``extrapolation_value``; bilinear mixes the floor and ceil
neighbours (along x, then along y); nearest takes ``roundf`` (halves away from zero).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.crop_resize import crop_and_resize, sample_positions
from roi_core.rounding import round_half_away

RNG = np.random.default_rng(20240901)
IMAGE = RNG.integers(0, 256, (2, 4, 5, 3)).astype(np.float32)
METHODS = ("bilinear", "nearest")


def kernel_reference(image, boxes, box_indices, crop_size, method="bilinear", extrapolation_value=0.0):
    """A literal per-sample transcription of the kernel's loops in float32 scalars (the slow oracle)."""
    image, boxes = np.asarray(image), np.asarray(boxes, dtype=np.float32)
    f32, fill = np.float32, np.float32(extrapolation_value)
    height, width, depth = image.shape[1:]
    crop_h, crop_w = crop_size
    out = np.empty((len(boxes), crop_h, crop_w, depth), dtype=np.float32)

    def positions(a, b, size, count):
        if count == 1:
            return [f32(0.5 * float(a + b) * (size - 1))]  # the kernel's double arithmetic
        scale = f32(f32((b - a) * f32(size - 1)) / f32(count - 1))
        return [f32(f32(a * f32(size - 1)) + f32(f32(i) * scale)) for i in range(count)]

    for k, (y1, x1, y2, x2) in enumerate(boxes):
        pixels = image[box_indices[k]].astype(np.float32)
        for i, y in enumerate(positions(y1, y2, height, crop_h)):
            for j, x in enumerate(positions(x1, x2, width, crop_w)):
                if not (0 <= y <= height - 1 and 0 <= x <= width - 1):
                    out[k, i, j] = fill
                elif method == "nearest":
                    out[k, i, j] = pixels[math.floor(float(y) + 0.5), math.floor(float(x) + 0.5)]
                else:
                    top, bottom, left, right = math.floor(y), math.ceil(y), math.floor(x), math.ceil(x)
                    y_lerp, x_lerp = f32(y - f32(top)), f32(x - f32(left))
                    upper = pixels[top, left] + (pixels[top, right] - pixels[top, left]) * x_lerp
                    lower = pixels[bottom, left] + (pixels[bottom, right] - pixels[bottom, left]) * x_lerp
                    out[k, i, j] = upper + (lower - upper) * y_lerp
    return out


# --- hand-worked cases ------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_identity_box_with_crop_size_equal_to_the_image_returns_the_image(method):
    out = crop_and_resize(IMAGE, [[0, 0, 1, 1], [0, 0, 1, 1]], [0, 1], (4, 5), method)
    assert out.dtype == np.float32 and out.shape == (2, 4, 5, 3)
    np.testing.assert_array_equal(out, IMAGE)


def test_one_by_one_crop_takes_the_centre():
    odd = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)
    # centre 0.5 * (0 + 1) * (3 - 1) = 1: pixel (1, 1) exactly, both methods
    for method in METHODS:
        assert crop_and_resize(odd, [[0, 0, 1, 1]], [0], (1, 1), method).item() == 4.0
    # a 6 x 6 image: centre 2.5 on both axes
    even = np.arange(36, dtype=np.float32).reshape(1, 6, 6, 1)
    bilinear = crop_and_resize(even, [[0, 0, 1, 1]], [0], (1, 1)).item()
    assert bilinear == (14 + 15 + 20 + 21) / 4  # pixels (2, 2), (2, 3), (3, 2), (3, 3)
    # roundf(2.5) = 3 (half away from zero; round-half-even would give 2)
    assert crop_and_resize(even, [[0, 0, 1, 1]], [0], (1, 1), "nearest").item() == even[0, 3, 3, 0]


def test_one_sample_along_one_axis_only():
    # crop (1, 5) of the whole image: the centre row 1.5 of a 4-row image, every column
    out = crop_and_resize(IMAGE, [[0, 0, 1, 1]], [0], (1, 5))
    np.testing.assert_array_equal(out[0, 0], (IMAGE[0, 1] + IMAGE[0, 2]) / 2)


@pytest.mark.parametrize("method", METHODS)
def test_flipped_boxes_flip_the_crop(method):
    out = crop_and_resize(IMAGE, [[1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 0]], [1, 1, 1], (4, 5), method)
    np.testing.assert_array_equal(out[0], IMAGE[1, ::-1, ::-1])
    np.testing.assert_array_equal(out[1], IMAGE[1, ::-1])
    np.testing.assert_array_equal(out[2], IMAGE[1, :, ::-1])


@pytest.mark.parametrize("method", METHODS)
def test_samples_outside_the_image_take_the_extrapolation_value(method):
    image = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1) + 1
    # y from -1 to 1 on 3 rows, 3 samples: scale (1 - -1) * 2 / 2 = 2, rows -2, 0, 2
    out = crop_and_resize(image, [[-1, 0, 1, 1]], [0], (3, 3), method, extrapolation_value=-7.5)
    np.testing.assert_array_equal(out[0, :, :, 0], [[-7.5] * 3, [1, 2, 3], [7, 8, 9]])
    # x from 0 to 2: columns 0, 2, 4; the last is past W - 1 = 2
    out = crop_and_resize(image, [[0, 0, 1, 2]], [0], (3, 3), method)
    np.testing.assert_array_equal(out[0, :, :, 0], [[1, 3, 0], [4, 6, 0], [7, 9, 0]])
    # a box wholly outside, and a 1 x 1 crop whose centre is outside
    assert np.all(crop_and_resize(image, [[1.1, 0, 2, 1]], [0], (2, 2), method, 3.0) == 3.0)
    assert crop_and_resize(image, [[0, 0.6, 1, 1.6]], [0], (1, 1), method, 5.0).item() == 5.0


def test_the_border_itself_is_inside():
    image = np.arange(4, dtype=np.float32).reshape(1, 1, 4, 1)
    # centre 0.5 * (1 + 1) * 3 = 3 = W - 1: inside (the kernel tests in_x > W - 1)
    assert crop_and_resize(image, [[0, 1, 0, 1]], [0], (1, 1), "bilinear", 9.0).item() == 3.0


def test_nearest_and_bilinear_on_a_ramp():
    ramp = np.array([0, 10, 20, 30], dtype=np.float32).reshape(1, 1, 4, 1)
    # 7 samples from x = 0 to 3: 0, 0.5, ..., 3
    bilinear = crop_and_resize(ramp, [[0, 0, 1, 1]], [0], (1, 7))[0, 0, :, 0]
    nearest = crop_and_resize(ramp, [[0, 0, 1, 1]], [0], (1, 7), "nearest")[0, 0, :, 0]
    np.testing.assert_array_equal(bilinear, [0, 5, 10, 15, 20, 25, 30])
    np.testing.assert_array_equal(nearest, [0, 10, 10, 20, 20, 30, 30])  # 0.5 -> 1, 1.5 -> 2, 2.5 -> 3


def test_nearest_rounds_a_value_just_below_one_half_down():
    # x1 = x2 = the float32 just below 0.5 on a 2-wide image: centre 0.49999997, roundf gives 0
    # (floor(x + 0.5) in float32 would give 1: 0.49999997 + 0.5 rounds to 1.0)
    below_half = np.nextafter(np.float32(0.5), np.float32(0))
    image = np.array([1, 2], dtype=np.float32).reshape(1, 1, 2, 1)
    assert crop_and_resize(image, [[0, below_half, 0, below_half]], [0], (1, 1), "nearest").item() == 1.0
    assert round_half_away(np.array([below_half, 0.5, 1.5, 2.5], dtype=np.float32)).tolist() == [0, 1, 2, 3]


def test_positions_follow_the_kernel_in_float32():
    # scale = (0.7 - 0.1) * 9 / 4 in float32; position i = 0.1 * 9 + i * scale, all float32
    f32 = np.float32
    scale = f32(f32(f32(0.7) - f32(0.1)) * f32(9)) / f32(4)
    expected = [f32(f32(0.1) * f32(9)) + f32(i) * scale for i in range(5)]
    positions = sample_positions([0.1], [0.7], 10, 5)
    assert positions.dtype == np.float32
    np.testing.assert_array_equal(positions[0], expected)
    assert sample_positions([0.25], [0.5], 5, 1)[0, 0] == f32(1.5)


def test_a_one_sample_crop_adds_its_corners_in_float32():
    # the kernel's centre is 0.5 * (y1 + y2) * (H - 1) with y1 + y2 a float32 sum:
    # float32(0.01) + float32(0.04) = 0.049999997, so the centre on 11 rows is 0.24999999, not 0.25
    ramp = (np.arange(11, dtype=np.float32) * 4).reshape(1, 11, 1, 1)
    assert sample_positions([0.01], [0.04], 11, 1)[0, 0] == np.nextafter(np.float32(0.25), np.float32(0))
    assert crop_and_resize(ramp, [[0.01, 0, 0.04, 0]], [0], (1, 1)).item() == np.float32(0.99999994)


def test_image_values_are_read_as_float32():
    # 1 + 2**-30 is not a float32: the kernel casts every pixel to float before mixing
    image = np.full((1, 2, 2, 1), 1 + 2.0**-30)
    out = crop_and_resize(image, [[0.3, 0.3, 0.6, 0.6]], [0], (2, 2))
    assert out.dtype == np.float32 and np.all(out == 1.0)
    assert crop_and_resize(IMAGE.astype(np.uint8), [[0, 0, 1, 1]], [0], (4, 5)).dtype == np.float32


def test_box_indices_choose_the_image_and_no_boxes_give_an_empty_batch():
    out = crop_and_resize(IMAGE, [[0, 0, 1, 1], [0, 0, 1, 1]], [1, 0], (4, 5))
    np.testing.assert_array_equal(out, IMAGE[::-1])
    empty = crop_and_resize(IMAGE, np.zeros((0, 4)), np.zeros(0, dtype=np.int32), (2, 3))
    assert empty.shape == (0, 2, 3, 3) and empty.dtype == np.float32


# --- properties -------------------------------------------------------------------

sizes = st.integers(1, 9)
unit = st.floats(0, 1, allow_nan=False, width=32)
anywhere = st.floats(-1, 2, allow_nan=False, width=32)


@st.composite
def cases(draw, corner=anywhere, integer_pixels=False):
    n, h, w, c = draw(sizes.map(lambda v: 1 + v % 3)), draw(sizes), draw(sizes), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    image = rng.integers(0, 256, (n, h, w, c)) if integer_pixels else rng.standard_normal((n, h, w, c)) * 10
    k = draw(st.integers(1, 4))
    boxes = [[draw(corner) for _ in range(4)] for _ in range(k)]
    indices = [draw(st.integers(0, n - 1)) for _ in range(k)]
    crop = (draw(st.integers(1, 7)), draw(st.integers(1, 7)))
    return image.astype(np.float32), np.array(boxes, dtype=np.float32), np.array(indices), crop


@settings(max_examples=60, deadline=None)
@given(case=cases(), method=st.sampled_from(METHODS), fill=st.floats(-9, 9, width=32))
def test_matches_a_literal_transcription_of_the_kernel(case, method, fill):
    image, boxes, indices, crop = case
    expected = kernel_reference(image, boxes, indices, crop, method, fill)
    np.testing.assert_array_equal(crop_and_resize(image, boxes, indices, crop, method, fill), expected)


def sampled_inside(boxes: np.ndarray, size: tuple[int, int], crop: tuple[int, int]) -> np.ndarray:
    """(K, crop_h, crop_w): whether each sample's position lies in [0, H - 1] x [0, W - 1]."""
    in_y = sample_positions(boxes[:, 0], boxes[:, 2], size[0], crop[0])
    in_x = sample_positions(boxes[:, 1], boxes[:, 3], size[1], crop[1])
    rows = (in_y >= 0) & (in_y <= size[0] - 1)
    cols = (in_x >= 0) & (in_x <= size[1] - 1)
    return rows[:, :, None] & cols[:, None, :]


@settings(max_examples=40, deadline=None)
@given(case=cases(corner=unit, integer_pixels=True), method=st.sampled_from(METHODS))
def test_boxes_inside_the_image_stay_within_its_range(case, method):
    """Every sample inside the image is within the image's range; a corner at 0 or 1 can land a float32 hair
    outside (TensorFlow too), where the sample is the extrapolation value."""
    image, boxes, indices, crop = case
    out = crop_and_resize(image, boxes, indices, crop, method, extrapolation_value=-1e6)
    low = image.min(axis=(1, 2), keepdims=True)[indices]
    high = image.max(axis=(1, 2), keepdims=True)[indices]
    inside = sampled_inside(boxes, image.shape[1:3], crop)[..., None]
    assert np.all(np.where(inside, out >= low - 1e-4, out == -1e6))
    assert np.all(np.where(inside, out <= high + 1e-4, True))


@settings(max_examples=40, deadline=None)
@given(case=cases(corner=unit), slope=st.tuples(st.integers(-5, 5), st.integers(-5, 5), st.integers(-20, 20)))
def test_bilinear_reproduces_a_linear_ramp(case, slope):
    _, boxes, _, crop = case
    a, b, c = slope
    height, width = 6, 8
    ys, xs = np.mgrid[0:height, 0:width]
    ramp = (a * ys + b * xs + c).astype(np.float32)[None, :, :, None]
    out = crop_and_resize(ramp, boxes, np.zeros(len(boxes), dtype=int), crop)[..., 0]
    in_y = sample_positions(boxes[:, 0], boxes[:, 2], height, crop[0]).astype(np.float64)
    in_x = sample_positions(boxes[:, 1], boxes[:, 3], width, crop[1]).astype(np.float64)
    expected = a * in_y[:, :, None] + b * in_x[:, None, :] + c
    inside = sampled_inside(boxes, (height, width), crop)
    np.testing.assert_allclose(np.where(inside, out, 0.0), np.where(inside, expected, 0.0), rtol=0, atol=1e-4)
    assert np.all(np.where(inside, True, out == 0.0))  # outside: the extrapolation value


@settings(max_examples=40, deadline=None)
@given(case=cases())
def test_nearest_returns_pixels_of_the_chosen_image_or_the_fill(case):
    image, boxes, indices, crop = case
    out = crop_and_resize(image, boxes, indices, crop, "nearest", extrapolation_value=np.nan)
    for k, index in enumerate(indices):
        values = out[k][~np.isnan(out[k])]
        assert np.isin(values, image[index]).all()


@settings(max_examples=40, deadline=None)
@given(case=cases(), method=st.sampled_from(METHODS))
def test_each_box_is_cropped_independently_of_the_others(case, method):
    image, boxes, indices, crop = case
    together = crop_and_resize(image, boxes, indices, crop, method)
    for k, index in enumerate(indices):
        alone = crop_and_resize(image[index : index + 1], boxes[k : k + 1], [0], crop, method)
        np.testing.assert_array_equal(together[k : k + 1], alone)
    # channels are independent too: permuting them permutes the output
    order = np.arange(image.shape[3])[::-1]
    np.testing.assert_array_equal(
        crop_and_resize(image[..., order], boxes, indices, crop, method), together[..., order]
    )


@settings(max_examples=40, deadline=None)
@given(case=cases(corner=unit))
def test_swapping_y1_and_y2_flips_a_bilinear_crop_up_down(case):
    """Where both crops sample inside the image (a corner at 0 or 1 can land a float32 hair outside one way and not
    the other, as in TensorFlow), the flipped box's crop is the crop upside down."""
    image, boxes, indices, crop = case
    flipped = boxes[:, [2, 1, 0, 3]]
    out, out_flipped = (crop_and_resize(image, b, indices, crop) for b in (boxes, flipped))
    size = image.shape[1:3]
    both = sampled_inside(boxes, size, crop)[:, ::-1] & sampled_inside(flipped, size, crop)
    both = both[..., None]
    np.testing.assert_allclose(np.where(both, out_flipped, 0), np.where(both, out[:, ::-1], 0), rtol=0, atol=1e-3)


# --- validation -------------------------------------------------------------------

GOOD = dict(image=IMAGE, boxes=[[0, 0, 1, 1]], box_indices=[0], crop_size=(2, 2))


def raises_naming(name, **changes):
    arguments = {**GOOD, **changes}
    with pytest.raises(ValueError) as info:
        crop_and_resize(**arguments)
    assert name in str(info.value), f"{name!r} not in {str(info.value)!r}"


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(np.zeros((4, 5, 3)), id="3-D"),
        pytest.param(np.zeros((1, 1, 4, 5, 3)), id="5-D"),
        pytest.param(np.zeros((1, 0, 5, 3)), id="zero-height"),
        pytest.param(np.zeros((1, 4, 0, 3)), id="zero-width"),
        pytest.param(np.zeros((1, 4, 5, 3), dtype=bool), id="bool"),
        pytest.param(np.zeros((1, 4, 5, 3), dtype=complex), id="complex"),
        pytest.param(np.full((1, 4, 5, 3), "a"), id="str"),
    ],
)
def test_bad_images(image):
    raises_naming("image", image=image)


@pytest.mark.parametrize(
    "boxes",
    [
        pytest.param([0, 0, 1, 1], id="1-D"),
        pytest.param([[0, 0, 0, 1, 1]], id="5-columns"),
        pytest.param([[0, 0, 1, np.nan]], id="nan"),
        pytest.param([[0, 0, 1, np.inf]], id="inf"),
        pytest.param([[0, 0, 1, 1e300]], id="float32-overflow"),
        pytest.param([["a", 0, 1, 1]], id="text"),
    ],
)
def test_bad_boxes(boxes):
    raises_naming("boxes", boxes=boxes)


@pytest.mark.parametrize(
    "box_indices",
    [
        pytest.param([2], id="past-the-batch"),
        pytest.param([-1], id="negative"),
        pytest.param([0, 0], id="too-many"),
        pytest.param(0, id="scalar"),
        pytest.param([0.0], id="float"),
        pytest.param([True], id="bool"),
    ],
)
def test_bad_box_indices(box_indices):
    raises_naming("box_indices", box_indices=box_indices)


@pytest.mark.parametrize(
    "crop_size",
    [(0, 2), (2, -1), 2, (2,), (2, 2, 2), (2.0, 2), (True, 2), "22", None],
    ids=["zero", "negative", "int", "one", "three", "float", "bool", "text", "none"],
)
def test_bad_crop_sizes(crop_size):
    raises_naming("crop_size", crop_size=crop_size)


@pytest.mark.parametrize("method", ["area", "BILINEAR", "bicubic", None])
def test_bad_methods(method):
    raises_naming("method", method=method)


@pytest.mark.parametrize("value", ["0", None, True, [0.0], 1j])
def test_bad_extrapolation_values(value):
    raises_naming("extrapolation_value", extrapolation_value=value)


def test_accepted_forms():
    # numpy integer crop sizes, int32 indices, float64 boxes (cast to float32), integer fill
    out = crop_and_resize(
        IMAGE.astype(np.uint8),
        np.array([[0, 0, 1, 1.0]]),
        np.array([1], dtype=np.int32),
        np.array([4, 5]),
        extrapolation_value=3,
    )
    np.testing.assert_array_equal(out[0], IMAGE[1])
