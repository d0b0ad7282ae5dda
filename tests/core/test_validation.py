"""Argument checks: every bad argument raises ValueError naming it; the accepted edge forms work."""

from __future__ import annotations

import re

import numpy as np
import pytest

from roi_core import (
    Rect,
    check_stride,
    lesson_feature_map,
    map_geometry,
    quantize_box,
    roi_align,
    roi_pool,
    trace_roi_align,
    trace_roi_pool,
)

MAP = np.arange(2 * 3 * 6 * 7, dtype=np.float64).reshape(2, 3, 6, 7)
BOXES = np.array([[0, 0.5, 1.0, 5.0, 4.5], [1, 2.0, 0.0, 6.5, 5.0]])

BATCH_FUNCTIONS = [pytest.param(roi_align, id="roi_align"), pytest.param(roi_pool, id="roi_pool")]


def raises_naming(name, function, *args, **kwargs):
    """Call function and check it raises a ValueError whose message names ``name``."""
    with pytest.raises(ValueError) as info:
        function(*args, **kwargs)
    assert name in str(info.value), f"{name!r} not in {str(info.value)!r}"
    return str(info.value)


# --- input ----------------------------------------------------------------------


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(np.zeros((3, 6, 7)), id="3-D"),
        pytest.param(np.zeros((1, 1, 1, 6, 7)), id="5-D"),
        pytest.param(np.zeros((6, 7)), id="2-D"),
        pytest.param(np.zeros((1, 1, 6, 7), dtype=np.int64), id="int"),
        pytest.param(np.zeros((1, 1, 6, 7), dtype=bool), id="bool"),
        pytest.param(np.zeros((1, 1, 6, 7), dtype=np.complex128), id="complex"),
    ],
)
def test_input_must_be_4d_floating(function, bad):
    raises_naming("input", function, bad, BOXES[:1], 2)


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_floating_inputs_are_accepted_and_keep_their_dtype(function, dtype):
    out = function(MAP.astype(dtype), BOXES, 2)
    assert out.shape == (2, 3, 2, 2) and out.dtype == dtype


# --- boxes ----------------------------------------------------------------------


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(np.zeros((2, 4)), id="(K,4)-array"),
        pytest.param(np.zeros((2, 6)), id="(K,6)-array"),
        pytest.param(np.zeros(5), id="1-D"),
        pytest.param(np.zeros((1, 2, 5)), id="3-D"),
        pytest.param([np.zeros((1, 5))], id="list-with-(K,5)"),
        pytest.param([np.zeros((1, 4)), np.zeros((2, 5))], id="list-with-second-(K,5)"),
        pytest.param([np.zeros(4)], id="list-with-1-D"),
        pytest.param("boxes", id="string"),
    ],
)
def test_boxes_shape(function, bad):
    raises_naming("boxes", function, MAP, bad, 2)


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize("bad_value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("column", [0, 1, 2, 3, 4])
def test_boxes_must_be_finite(function, bad_value, column):
    boxes = BOXES.copy()
    boxes[1, column] = bad_value
    message = raises_naming("boxes", function, MAP, boxes, 2)
    assert "finite" in message


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
def test_list_boxes_must_be_finite(function):
    raises_naming("boxes", function, MAP, [np.array([[0.0, np.nan, 1.0, 1.0]])], 2)


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize("index", [-1.0, 2.0, 2.5, 7.0])
def test_batch_index_outside_range(function, index):
    boxes = BOXES.copy()
    boxes[0, 0] = index
    raises_naming("batch index", function, MAP, boxes, 2)


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
def test_batch_index_from_a_list_of_three_images_for_two(function):
    raises_naming("batch index", function, MAP, [np.zeros((0, 4)), np.zeros((0, 4)), np.ones((1, 4))], 2)


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
def test_batch_index_truncates_toward_zero(function):
    # -0.5 truncates to 0 and 1.99 to 1, as torchvision's C++ cast does
    boxes = BOXES.copy()
    boxes[:, 0] = [-0.5, 1.99]
    np.testing.assert_array_equal(function(MAP, boxes, 2), function(MAP, BOXES, 2))


# --- output_size, spatial_scale, sampling_ratio -----------------------------------


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize(
    "bad",
    [0, -1, -3, (2,), (2, 0), (0, 2), (2, -1), (2, 2, 2), 2.5, (2.0, 2), (2, 2.5), True, "2", None],
    ids=repr,
)
def test_output_size(function, bad):
    raises_naming("output_size", function, MAP, BOXES, bad)


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize("good, shape", [(3, (3, 3)), ((2, 5), (2, 5)), (np.int64(4), (4, 4)), ([1, 2], (1, 2))])
def test_output_size_forms(function, good, shape):
    assert function(MAP, BOXES, good).shape == (2, 3, *shape)


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize("bad", [0, 0.0, -0.5, -1, np.inf, -np.inf, np.nan, "1", None, True], ids=repr)
def test_spatial_scale(function, bad):
    raises_naming("spatial_scale", function, MAP, BOXES, 2, bad)


@pytest.mark.parametrize("bad", [2.5, 2.0, "2", None, True], ids=repr)
def test_sampling_ratio(bad):
    raises_naming("sampling_ratio", roi_align, MAP, BOXES, 2, 1.0, bad)


def test_sampling_ratio_too_large_for_memory_is_named():
    raises_naming("sampling_ratio", roi_align, MAP[:1, :1], BOXES[:1], 10, 1.0, 1000, pooling="max")


# --- choices and aligned ------------------------------------------------------------


@pytest.mark.parametrize("bad", ["mean", "MAX", "", None])
def test_pooling(bad):
    message = raises_naming("pooling", roi_align, MAP, BOXES, 2, pooling=bad)
    assert "'avg'" in message and "'max'" in message


@pytest.mark.parametrize("bad", ["uniform", "Centered", None])
def test_sample_layout(bad):
    message = raises_naming("sample_layout", roi_align, MAP, BOXES, 2, sample_layout=bad)
    assert "'centered'" in message and "'spaced'" in message


@pytest.mark.parametrize("bad", ["ceil", "Round", None])
def test_quantization(bad):
    message = raises_naming("quantization", roi_pool, MAP, BOXES, 2, quantization=bad)
    assert "'round'" in message and "'floor'" in message


@pytest.mark.parametrize("bad", [1, 0, "True", None, 1.0, np.int64(1)], ids=repr)
def test_aligned_must_be_a_bool(bad):
    raises_naming("aligned", roi_align, MAP, BOXES, 2, 1.0, -1, bad)


def test_numpy_bool_aligned_is_accepted():
    np.testing.assert_array_equal(
        roi_align(MAP, BOXES, 2, 1.0, 2, np.bool_(True)), roi_align(MAP, BOXES, 2, 1.0, 2, True)
    )


# --- geometry -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, -32, 2.5, True, "32", None], ids=repr)
def test_map_geometry_stride(bad):
    raises_naming("stride", map_geometry, 800, 576, bad)
    raises_naming("stride", check_stride, bad)


@pytest.mark.parametrize(
    "name, args",
    [
        ("image_width", (0, 576)),
        ("image_height", (800, -1)),
        ("image_width", (800.5, 576)),
        ("image_height", (800, True)),
    ],
)
def test_map_geometry_image_size(name, args):
    raises_naming(name, map_geometry, *args, 32)


def test_quantize_box_convention():
    raises_naming("convention", quantize_box, Rect(0, 0, 64, 64), map_geometry(224, 224, 32), "ceil")


# --- traces -----------------------------------------------------------------------------

GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect(300, 210, 530, 390)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("output_size", {"output_size": 0}),
        ("sampling_ratio", {"sampling_ratio": 1.5}),
        ("aligned", {"aligned": 1}),
        ("pooling", {"pooling": "min"}),
        ("sample_layout", {"sample_layout": "grid"}),
    ],
)
def test_trace_roi_align_arguments(name, kwargs):
    arguments = {"output_size": 3, **kwargs}
    raises_naming(name, trace_roi_align, lesson_feature_map(), BOX, GEOMETRY, **arguments)


def test_trace_feature_map_shape():
    wrong = np.zeros((25, 18))
    raises_naming("feature_map", trace_roi_align, wrong, BOX, GEOMETRY, 3)
    raises_naming("feature_map", trace_roi_pool, wrong, BOX, GEOMETRY, 3)


def test_trace_roi_pool_output_size():
    raises_naming("output_size", trace_roi_pool, lesson_feature_map(), BOX, GEOMETRY, (3,))


def test_trace_roi_pool_quantization():
    raises_naming("quantization", trace_roi_pool, lesson_feature_map(), BOX, GEOMETRY, 3, quantization="ceil")


# --- accepted edge forms -------------------------------------------------------------------


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
@pytest.mark.parametrize("output_size, shape", [(2, (2, 2)), ((3, 1), (3, 1))])
@pytest.mark.parametrize(
    "empty", [np.zeros((0, 5)), [], [np.zeros((0, 4)), np.zeros((0, 4))]], ids=["(0,5)", "[]", "two-empty"]
)
def test_no_boxes(function, output_size, shape, empty):
    out = function(MAP.astype(np.float32), empty, output_size)
    assert out.shape == (0, 3, *shape) and out.dtype == np.float32


@pytest.mark.parametrize("function", BATCH_FUNCTIONS)
def test_list_of_arrays_equals_the_k5_form(function):
    per_image = [np.array([[0.5, 1.0, 5.0, 4.5], [1.0, 1.0, 2.0, 3.0]]), np.array([[2.0, 0.0, 6.5, 5.0]])]
    rows = np.array([[0, 0.5, 1.0, 5.0, 4.5], [0, 1.0, 1.0, 2.0, 3.0], [1, 2.0, 0.0, 6.5, 5.0]])
    from_list = function(MAP, per_image, (2, 3), 0.5)
    from_rows = function(MAP, rows, (2, 3), 0.5)
    assert from_list.shape == (3, 3, 2, 3)
    np.testing.assert_array_equal(from_list, from_rows)
    # a tuple and list-of-lists entries work too, and an empty image in the middle shifts nothing
    with_empty = function(MAP, (per_image[0].tolist(), np.zeros((0, 4))), (2, 3), 0.5)
    np.testing.assert_array_equal(with_empty, from_rows[:2])


def test_messages_say_what_was_expected():
    message = raises_naming("output_size", roi_align, MAP, BOXES, 0)
    assert re.search(r"positive", message)
    message = raises_naming("boxes", roi_align, MAP, np.zeros((2, 4)), 2)
    assert "(K, 5)" in message and "(2, 4)" in message
