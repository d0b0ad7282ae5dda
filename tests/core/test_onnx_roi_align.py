"""``roi_core.onnx_align.onnx_roi_align`` against the ONNX ``RoiAlign`` operator (opset 16) as ONNX Runtime's CPU
kernel and ONNX's reference evaluator compute it, on seeded random cases; plus hand-worked cases, the places where
those two disagree, hypothesis properties and argument checks.

The comparisons are skipped where onnx or onnxruntime is not installed; the rest runs everywhere. Run with ``-s``
to see the worst differences measured.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.align import roi_align
from roi_core.lesson import lesson_feature_map
from roi_core.onnx_align import onnx_roi_align

OPSET = 16
IR_VERSION = 10  # onnx 1.23 writes IR 12 by default for opset 16; pin one every onnxruntime here reads
SCALES = (1.0, 0.5, 0.25, 1 / 16, 0.1, 1 / 3, 2.0)
ROIS_PER_MODEL = 16
TOLERANCE = {np.float32: 1e-5, np.float64: 1e-12}


# ----------------------------------------------------------------------------- ONNX models and runners


def roi_align_model(dtype, **attributes):
    """A one-node ONNX model: Y = RoiAlign(X, rois, batch_indices) with the given attributes."""
    pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    element = TensorProto.FLOAT if dtype == np.float32 else TensorProto.DOUBLE
    node = helper.make_node("RoiAlign", ["X", "rois", "batch_indices"], ["Y"], **attributes)
    graph = helper.make_graph(
        [node],
        "roi_align",
        [
            helper.make_tensor_value_info("X", element, [None, None, None, None]),
            helper.make_tensor_value_info("rois", element, [None, 4]),
            helper.make_tensor_value_info("batch_indices", TensorProto.INT64, [None]),
        ],
        [helper.make_tensor_value_info("Y", element, [None, None, None, None])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)


def feeds(X, rois, batch_indices):
    return {"X": X, "rois": rois.astype(X.dtype), "batch_indices": np.asarray(batch_indices, dtype=np.int64)}


def run_onnxruntime(X, rois, batch_indices, **attributes):
    ort = pytest.importorskip("onnxruntime")
    options = ort.SessionOptions()
    options.log_severity_level = 3  # its max mode warns about a fix it shipped long ago
    model = roi_align_model(X.dtype.type, **attributes).SerializeToString()
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    return session.run(None, feeds(X, rois, batch_indices))[0]


def run_reference(X, rois, batch_indices, **attributes):
    pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    evaluator = ReferenceEvaluator(roi_align_model(X.dtype.type, **attributes))
    return evaluator.run(None, feeds(X, rois, batch_indices))[0]


# ----------------------------------------------------------------------------- random cases

BOX_KINDS = ("inside", "partly outside", "wholly outside", "reversed")


def random_boxes(rng, count: int, height: int, width: int, scale: float):
    """(count, 4) boxes [x1, y1, x2, y2] in image pixels, cycling through BOX_KINDS; corners (in cells) are
    continuous, integers or half-integers. Reversed boxes are reversed on both axes (one axis alone can make
    ONNX Runtime fail; see test_one_axis_reversed_box)."""
    size = np.array([width, height], dtype=np.float64)
    boxes = []
    for index in range(count):
        kind = BOX_KINDS[index % len(BOX_KINDS)]
        a, b = rng.uniform(0, size), rng.uniform(0, size)
        if kind == "partly outside":
            a = rng.uniform(-3, 0, 2) if index % 2 else size + rng.uniform(0, 3, 2)
        elif kind == "wholly outside":
            side = -1.0 if index % 2 else 1.0
            a = np.where(side < 0, -rng.uniform(1.5, 4, 2), size + rng.uniform(1.5, 4, 2))
            b = a + side * rng.uniform(0, 2, 2)
        low, high = np.minimum(a, b), np.maximum(a, b)
        corners = np.concatenate([high, low]) if kind == "reversed" else np.concatenate([low, high])
        rounding = (index // len(BOX_KINDS)) % 3
        if rounding == 1:
            corners = np.round(corners)
        elif rounding == 2:
            corners = np.round(corners * 2) / 2
        boxes.append(corners / scale)
    return np.array(boxes)


def random_cases(seed: int, dtype, repeats: int):
    """Every (mode, coordinate mode, sampling ratio 0..4) ``repeats`` times, each on a random map, output size,
    spatial scale and ROIS_PER_MODEL random boxes: yields (X, rois, batch_indices, attributes)."""
    rng = np.random.default_rng(seed)
    combinations = itertools.product(("avg", "max"), ("half_pixel", "output_half_pixel"), range(5))
    for mode, coordinates, ratio in list(combinations) * repeats:
        batch, channels, height, width = rng.integers(1, 4), rng.integers(1, 3), *rng.integers(1, 10, 2)
        X = rng.standard_normal((batch, channels, height, width)).astype(dtype)
        scale = float(rng.choice(SCALES))
        rois = random_boxes(rng, ROIS_PER_MODEL, height, width, scale).astype(dtype)
        attributes = dict(
            mode=mode,
            output_height=int(rng.integers(1, 5)),
            output_width=int(rng.integers(1, 5)),
            sampling_ratio=ratio,
            spatial_scale=scale,
            coordinate_transformation_mode=coordinates,
        )
        yield X, rois, rng.integers(0, batch, ROIS_PER_MODEL), attributes


@pytest.mark.parametrize(("dtype", "repeats"), [(np.float32, 2), (np.float64, 1)])
def test_random_cases_match_onnxruntime_and_the_reference_evaluator(dtype, repeats):
    pytest.importorskip("onnxruntime")
    worst = {"onnxruntime": 0.0, "reference": 0.0}
    cases = 0
    for X, rois, batch_indices, attributes in random_cases(20261129 + repeats, dtype, repeats):
        ours = onnx_roi_align(X, rois, batch_indices, **attributes)
        assert ours.dtype == X.dtype
        assert ours.shape == (len(rois), X.shape[1], attributes["output_height"], attributes["output_width"])
        for name, run in (("onnxruntime", run_onnxruntime), ("reference", run_reference)):
            theirs = run(X, rois, batch_indices, **attributes)
            per_roi = np.abs(ours - theirs).reshape(len(rois), -1).max(axis=1)
            assert per_roi.max() <= TOLERANCE[dtype], (
                f"{name}: {attributes} map {X.shape}: box {rois[per_roi.argmax()].tolist()} "
                f"(image {batch_indices[per_roi.argmax()]}) differs by {per_roi.max()}"
            )
            worst[name] = max(worst[name], float(per_roi.max()))
        cases += len(rois)
    print(f"\n{np.dtype(dtype).name}: {cases} RoIs, worst |ours - theirs|: {worst}")
    assert cases >= 300


def test_float32_geometry_puts_the_adaptive_ceil_where_onnxruntime_does():
    """spatial_scale 0.1 is 0.100000001 in float32; a 30-pixel box is 3.0000000447 cells in float64 but 3.0 in
    float32, so the adaptive grid is ceil(3.0000000447) = 4 samples in float64 and 3 in float32.

    On the ramp x^2 (cells 0..5) the 3 samples at 0.5, 1.5, 2.5 interpolate to 0.5, 2.5, 6.5 (mean 19/6);
    the 4 at 0.375, 1.125, 1.875, 2.625 to 0.375, 1.375, 3.625, 7.125 (mean 3.125).
    """
    ramp = (np.arange(6.0) ** 2).reshape(1, 1, 1, 6)
    rois = np.array([[0.0, 0.0, 30.0, 10.0]])
    options = dict(spatial_scale=0.1, coordinate_transformation_mode="output_half_pixel")
    single = onnx_roi_align(ramp.astype(np.float32), rois, [0], **options)
    double = onnx_roi_align(ramp, rois, [0], **options)
    assert single.dtype == np.float32 and single[0, 0, 0, 0] == pytest.approx(19 / 6, abs=1e-6)
    assert double[0, 0, 0, 0] == pytest.approx(3.125, abs=1e-6)
    pytest.importorskip("onnxruntime")
    assert np.array_equal(single, run_onnxruntime(ramp.astype(np.float32), rois, [0], **options))
    np.testing.assert_allclose(double, run_onnxruntime(ramp, rois, [0], **options), atol=1e-12)


# ----------------------------------------------------------------------------- where the two references differ


def test_one_axis_reversed_box():
    """half_pixel, sampling_ratio 0, x reversed by 2 bins and y not: ceil(-2 / 1) * ceil(2 / 1) < 0 samples.
    ONNX Runtime fails, the reference evaluator returns 0; we follow ONNX Runtime with a ValueError."""
    X = np.arange(25, dtype=np.float32).reshape(1, 1, 5, 5)
    rois = np.array([[3.0, 1.0, 1.0, 3.0]])
    with pytest.raises(ValueError, match="rois"):
        onnx_roi_align(X, rois, [0])
    pytest.importorskip("onnxruntime")
    with pytest.raises(Exception, match=r"(?i)overflow"):
        run_onnxruntime(X, rois, [0])
    assert np.array_equal(run_reference(X, rois, [0]), np.zeros((1, 1, 1, 1)))
    both_reversed = np.array([[3.0, 3.0, 1.0, 1.0]])  # (-2) * (-2) samples: no failure, no sample, 0
    assert np.array_equal(onnx_roi_align(X, both_reversed, [0]), np.zeros((1, 1, 1, 1)))
    assert np.array_equal(run_onnxruntime(X, both_reversed, [0]), np.zeros((1, 1, 1, 1)))


def test_negative_sampling_ratio():
    """ONNX Runtime refuses sampling_ratio -1 when it builds the session; the reference treats it as adaptive."""
    X = np.random.default_rng(7).standard_normal((1, 2, 6, 7))
    rois = np.array([[0.6, 1.1, 5.2, 4.9], [1.0, 1.0, 3.0, 6.0]])
    with pytest.raises(ValueError, match="sampling_ratio"):
        onnx_roi_align(X, rois, [0, 0], sampling_ratio=-1)
    pytest.importorskip("onnxruntime")
    with pytest.raises(Exception, match=r"(?i)sampling ratio"):
        run_onnxruntime(X, rois, [0, 0], sampling_ratio=-1)
    adaptive = onnx_roi_align(X, rois, [0, 0], output_height=2, output_width=2, sampling_ratio=0)
    np.testing.assert_allclose(
        run_reference(X, rois, [0, 0], output_height=2, output_width=2, sampling_ratio=-1), adaptive, atol=1e-12
    )


def test_upper_case_coordinate_mode():
    """ONNX Runtime reads "HALF_PIXEL" as output_half_pixel (anything but "half_pixel" is), the reference as
    half_pixel (it lower-cases). We accept only the two exact names."""
    X = np.arange(1, 26, dtype=np.float32).reshape(1, 1, 5, 5)
    rois = np.array([[0.6, 1.1, 3.2, 2.9]])
    with pytest.raises(ValueError, match="coordinate_transformation_mode"):
        onnx_roi_align(X, rois, [0], coordinate_transformation_mode="HALF_PIXEL")
    half = onnx_roi_align(X, rois, [0], output_height=2, output_width=2)
    output_half = onnx_roi_align(
        X, rois, [0], output_height=2, output_width=2, coordinate_transformation_mode="output_half_pixel"
    )
    assert not np.allclose(half, output_half)
    pytest.importorskip("onnxruntime")
    upper = dict(output_height=2, output_width=2, coordinate_transformation_mode="HALF_PIXEL")
    np.testing.assert_allclose(run_onnxruntime(X, rois, [0], **upper), output_half, atol=1e-5)
    np.testing.assert_allclose(run_reference(X, rois, [0], **upper), half, atol=1e-5)


def test_batch_index_out_of_range():
    """ONNX Runtime refuses batch index -1; the reference reads past the start of the flattened batch."""
    X = np.arange(1, 26, dtype=np.float32).reshape(1, 1, 5, 5)
    rois = np.array([[0.6, 1.1, 3.2, 2.9]])
    with pytest.raises(ValueError, match="batch_indices"):
        onnx_roi_align(X, rois, [-1])
    pytest.importorskip("onnxruntime")
    with pytest.raises(Exception, match="out of range"):
        run_onnxruntime(X, rois, [-1])
    assert np.isfinite(run_reference(X, rois, [-1])).all()


# ----------------------------------------------------------------------------- hand-worked cases


def test_constant_map_one_bin():
    """A 1 x 1 output of a constant 8 over a box inside the map: avg gives 8. max gives 8 times the largest
    bilinear weight of any sample: with one sample at (1.5, 1.5) (half_pixel box [1, 1, 3, 3]: 0.5 + 2 / 2),
    each weight is 1/4, so 2 (torchvision-style max would say 8)."""
    X = np.full((1, 1, 4, 4), 8.0)
    rois = np.array([[1.0, 1.0, 3.0, 3.0]])
    assert onnx_roi_align(X, rois, [0])[0, 0, 0, 0] == pytest.approx(8.0, abs=1e-12)
    assert onnx_roi_align(X, rois, [0], mode="max", sampling_ratio=1)[0, 0, 0, 0] == pytest.approx(2.0, abs=1e-12)
    assert roi_align(X, np.array([[0.0, 1, 1, 3, 3]]), 1, sampling_ratio=1, aligned=True, pooling="max")[
        0, 0, 0, 0
    ] == pytest.approx(8.0)


def test_max_mode_counts_zero_weight_corners():
    """A sample on a cell centre has weights (1, 0, 0, 0): max mode keeps max(v, 0, 0, 0). On a map of -3, box
    [1, 1, 2, 2] (half_pixel: one sample at (1, 1)) gives 0 in max mode and -3 in avg mode."""
    X = np.full((1, 1, 4, 4), -3.0)
    rois = np.array([[1.0, 1.0, 2.0, 2.0]])
    assert onnx_roi_align(X, rois, [0], mode="max")[0, 0, 0, 0] == 0.0
    assert onnx_roi_align(X, rois, [0])[0, 0, 0, 0] == pytest.approx(-3.0, abs=1e-12)
    pytest.importorskip("onnxruntime")
    assert run_onnxruntime(X, rois, [0], mode="max")[0, 0, 0, 0] == 0.0


def test_lesson_map_centre_sample():
    """The lesson's 18 x 25 map, its preset box (x, y, w, h) = (300, 210, 230, 180) pixels at stride 32, one
    sample per bin: the 1 x 1 output reads the box centre (415 / 32, 300 / 32) = (12.96875, 9.375) cells, i.e.
    (12.46875, 8.875) from cell centres (half_pixel): rows 8, 9 with weights 1/8, 7/8 and columns 12, 13 with
    17/32, 15/32."""
    fm = lesson_feature_map()
    X = fm[None, None]
    rois = np.array([[300.0, 210.0, 530.0, 390.0]])
    options = dict(spatial_scale=1 / 32, sampling_ratio=1)
    terms = np.array([1 / 8 * 17 / 32 * fm[8, 12], 1 / 8 * 15 / 32 * fm[8, 13], 7 / 8 * 17 / 32 * fm[9, 12]])
    terms = np.append(terms, 7 / 8 * 15 / 32 * fm[9, 13])
    assert onnx_roi_align(X, rois, [0], **options)[0, 0, 0, 0] == pytest.approx(terms.sum(), abs=1e-12)
    assert onnx_roi_align(X, rois, [0], mode="max", **options)[0, 0, 0, 0] == pytest.approx(terms.max(), abs=1e-12)


@pytest.mark.parametrize("coordinates", ["half_pixel", "output_half_pixel"])
@pytest.mark.parametrize("ratio", [0, 2])
def test_avg_mode_on_the_lesson_map_is_roi_align(coordinates, ratio):
    """avg mode is torchvision's roi_align: half_pixel is aligned=True, output_half_pixel aligned=False."""
    fm = lesson_feature_map()
    X = np.stack([fm, fm[::-1], -fm])[:, None].repeat(2, axis=1)
    rng = np.random.default_rng(3)
    rois = random_boxes(rng, 24, 18, 25, 1 / 32)
    rois[3::4] = rois[3::4][:, [2, 3, 0, 1]]  # un-reverse: a reversed box under aligned=True has no torchvision twin
    batch = rng.integers(0, 3, len(rois))
    ours = onnx_roi_align(
        X, rois, batch, output_height=3, output_width=2, sampling_ratio=ratio, spatial_scale=1 / 32,
        coordinate_transformation_mode=coordinates,
    )  # fmt: skip
    boxes = np.column_stack([batch, rois])
    theirs = roi_align(X, boxes, (3, 2), 1 / 32, ratio, aligned=coordinates == "half_pixel")
    np.testing.assert_allclose(ours, theirs, atol=1e-12)


def test_empty_rois_and_dtype():
    X = np.zeros((2, 3, 4, 5), dtype=np.float32)
    out = onnx_roi_align(X, np.zeros((0, 4)), np.zeros(0, dtype=np.int64), output_height=2, output_width=3)
    assert out.shape == (0, 3, 2, 3) and out.dtype == np.float32
    assert onnx_roi_align(X, [[0, 0, 1, 1]], [1], mode="AVG").shape == (1, 3, 1, 1)  # mode is lower-cased


# ----------------------------------------------------------------------------- hypothesis properties

EIGHTH = 0.125


@st.composite
def maps_and_boxes(draw, inside: bool):
    """A seeded (N, C, H, W) map, 1 to 4 boxes with corners on a 1/8-cell grid and a power-of-two scale; with
    ``inside`` every sample of every box lies on the map (corners in [0, size], ordered, at least 1/8 apart)."""
    batch, channels = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    scale = draw(st.sampled_from((1.0, 0.5, 0.25)))
    coordinates = draw(st.sampled_from(("half_pixel", "output_half_pixel")))
    rois = []
    for _ in range(draw(st.integers(1, 4))):
        corners = []
        for size in (width, height):
            if inside:
                floor = 8 if coordinates == "output_half_pixel" else 1  # the forced one-cell size must fit
                first = draw(st.integers(0, size * 8 - floor))
                corners.append((first, draw(st.integers(first + floor, size * 8))))
            else:
                corners.append(tuple(sorted(draw(st.lists(st.integers(-24, size * 8 + 24), min_size=2, max_size=2)))))
        (x1, x2), (y1, y2) = corners
        rois.append([x1 * EIGHTH / scale, y1 * EIGHTH / scale, x2 * EIGHTH / scale, y2 * EIGHTH / scale])
    options = dict(
        output_height=draw(st.integers(1, 3)),
        output_width=draw(st.integers(1, 3)),
        sampling_ratio=draw(st.integers(0, 3)),
        spatial_scale=scale,
        coordinate_transformation_mode=coordinates,
    )
    seed = draw(st.integers(0, 2**32 - 1))
    X = np.random.default_rng(seed).uniform(-2.0, 2.0, (batch, channels, height, width))
    batch_indices = draw(st.lists(st.integers(0, batch - 1), min_size=len(rois), max_size=len(rois)))
    return X, np.array(rois), np.array(batch_indices), options


@settings(max_examples=60, deadline=None)
@given(maps_and_boxes(inside=True), st.floats(-5, 5))
def test_constant_map_gives_the_constant_in_avg_mode(case, value):
    X, rois, batch_indices, options = case
    out = onnx_roi_align(np.full_like(X, value), rois, batch_indices, **options)
    np.testing.assert_allclose(out, value, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(maps_and_boxes(inside=True))
def test_avg_mode_inside_the_map_is_bounded_by_the_map(case):
    X, rois, batch_indices, options = case
    out = onnx_roi_align(X, rois, batch_indices, **options)
    low, high = X[batch_indices].min(axis=(2, 3)), X[batch_indices].max(axis=(2, 3))
    assert np.all(out >= low[:, :, None, None] - 1e-12) and np.all(out <= high[:, :, None, None] + 1e-12)


@settings(max_examples=60, deadline=None)
@given(maps_and_boxes(inside=False), st.sampled_from(("avg", "max")))
def test_any_box_is_bounded_by_the_map_and_zero(case, mode):
    """Samples off the map count 0, and in max mode zero-weight corners count 0: both modes lie in
    [min(map, 0), max(map, 0)]."""
    X, rois, batch_indices, options = case
    out = onnx_roi_align(X, rois, batch_indices, mode=mode, **options)
    low, high = np.minimum(X.min(), 0.0), np.maximum(X.max(), 0.0)
    assert np.all(out >= low - 1e-12) and np.all(out <= high + 1e-12)


@settings(max_examples=60, deadline=None)
@given(maps_and_boxes(inside=False))
def test_max_mode_of_a_nonnegative_map_is_within_a_quarter_of_torchvision_style_max(case):
    """On a map >= 0, a sample's largest weighted corner w_i v_i is at most its interpolated value sum w_i v_i,
    and at least a quarter of it: ONNX's max lies between 1/4 of and the max over interpolated samples
    (roi_align(pooling="max"), same samples: aligned=True is half_pixel)."""
    X, rois, batch_indices, options = case
    X = np.abs(X)
    ours = onnx_roi_align(X, rois, batch_indices, mode="max", **options)
    boxes = np.column_stack([batch_indices, rois])
    aligned = options["coordinate_transformation_mode"] == "half_pixel"
    size = (options["output_height"], options["output_width"])
    ratio, scale = options["sampling_ratio"], options["spatial_scale"]
    interpolated = roi_align(X, boxes, size, scale, ratio, aligned=aligned, pooling="max")
    assert np.all(ours <= interpolated + 1e-12)
    assert np.all(ours >= interpolated / 4 - 1e-12)


# ----------------------------------------------------------------------------- argument checks

X_OK = np.zeros((2, 1, 4, 4))
ROIS_OK = np.array([[0.0, 0.0, 2.0, 2.0]])


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        (dict(mode="mean"), "mode"),
        (dict(mode=None), "mode"),
        (dict(coordinate_transformation_mode="align_corners"), "coordinate_transformation_mode"),
        (dict(sampling_ratio=-1), "sampling_ratio"),
        (dict(sampling_ratio=1.5), "sampling_ratio"),
        (dict(output_height=0), "output_height"),
        (dict(output_width=2.0), "output_width"),
        (dict(spatial_scale=0.0), "spatial_scale"),
        (dict(spatial_scale=-0.5), "spatial_scale"),
        (dict(spatial_scale=1e300), "spatial_scale"),
        (dict(rois=np.array([[0.0, 0.0, 1e5, 1e5]])), "sampling_ratio"),  # 10^10 adaptive samples
        (dict(X=np.zeros((1, 4, 4))), "X"),
        (dict(X=np.zeros((1, 1, 4, 4), dtype=np.int64)), "X"),
        (dict(X=np.zeros((1, 1, 0, 4))), "X"),
        (dict(rois=np.zeros((1, 5))), "rois"),
        (dict(rois=np.array([[0.0, np.nan, 1.0, 1.0]])), "rois"),
        (dict(rois=[["a", "b", "c", "d"]]), "rois"),
        (dict(batch_indices=[0, 0]), "batch_indices"),
        (dict(batch_indices=[[0]]), "batch_indices"),
        (dict(batch_indices=[0.0]), "batch_indices"),
        (dict(batch_indices=[2]), "batch_indices"),
        (dict(batch_indices=[-1]), "batch_indices"),
    ],
)
def test_invalid_arguments_raise_naming_the_argument(changes, argument):
    arguments = dict(X=X_OK, rois=ROIS_OK, batch_indices=[0])
    arguments.update(changes)
    with pytest.raises(ValueError, match=argument):
        onnx_roi_align(**arguments)
