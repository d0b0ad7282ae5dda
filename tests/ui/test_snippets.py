"""roi_ui.words.snippets, "this view as code": every script is Python that loads the CSV ``csv_text`` writes; the
ONNX Runtime script, run, gives roi_core's numbers (``onnx_roi_align`` for ONNX's max mode); each snippet names what
its library lacks for the view, and ``reproduces`` agrees with what a run gives.

Convention checked here: every script leaves RoI Align's output in ``aligned`` and RoI Pooling's in ``pooled`` (all
but TensorFlow's, which has none), each a NumPy array (h, w). The torchvision and TensorFlow scripts are run in
``test_snippets_parity.py`` (optional: torch, tensorflow).
"""

from __future__ import annotations

import ast
import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from roi_core import (
    LESSON_PRESET,
    LessonSettings,
    both_methods,
    clamp_box,
    lesson_feature_map,
    onnx_roi_align,
    roi_align,
    roi_pool,
    roi_rows,
)
from roi_core.textbooks import D2L, TEXTBOOK_EXAMPLES
from roi_ui.words import snippets as code

LIBRARIES = ("torchvision", "ONNX Runtime", "TensorFlow", "detectron2", "mmcv")
TORCHVISION = dict(quantization="round", sample_layout="centered", pooling="avg")  # torchvision's own conventions
STRIDES = (8, 16, 32, 64)
TEXTBOOK_BOXES = [(e, i) for e in TEXTBOOK_EXAMPLES for i in range(len(e.boxes))]  # page 11's, each box a view


def by_library(settings: LessonSettings, csv_name: str = code.CSV_NAME) -> dict[str, code.Snippet]:
    return {snippet.library: snippet for snippet in code.snippets(settings, csv_name)}


def run_script(snippet: code.Snippet) -> dict:
    """The names a script leaves after running (its CSV already written where it looks)."""
    names = {"__name__": "__main__"}
    exec(compile(snippet.code, f"<{snippet.library} snippet>", "exec"), names)
    return names


def run_with_map(library: str, settings: LessonSettings, feature_map: np.ndarray, directory: Path) -> tuple:
    """(snippet, names it left) for ``library``'s script reading ``feature_map`` from a CSV in ``directory``."""
    path = directory / "map.csv"
    path.write_text(code.csv_text(feature_map))
    snippet = by_library(settings, str(path))[library]
    return snippet, run_script(snippet)


def page_numbers(feature_map: np.ndarray, settings: LessonSettings) -> tuple[np.ndarray, np.ndarray]:
    """The page's RoI Pooling and RoI Align outputs (h, w) for the view, as the pages compute them."""
    both = both_methods(feature_map[None], settings)
    return both.pool_output[0], both.align_output[0]


def assigned_names(snippet: code.Snippet) -> set[str]:
    """The names the script assigns (at any depth)."""
    nodes = ast.walk(ast.parse(snippet.code))
    return {t.id for node in nodes if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}


def calls(snippet: code.Snippet, function: str) -> list[ast.Call]:
    """Every call of ``function`` as the script spells it ("np.loadtxt", "roi_align")."""
    nodes = ast.walk(ast.parse(snippet.code))
    return [node for node in nodes if isinstance(node, ast.Call) and ast.unparse(node.func) == function]


def keyword(call: ast.Call, name: str):
    """The literal value of keyword argument ``name`` of ``call``."""
    return next(ast.literal_eval(k.value) for k in call.keywords if k.arg == name)


def comments(snippet: code.Snippet) -> str:
    """The script's comments as one line of text."""
    return " ".join(line.split("# ", 1)[1] for line in snippet.code.splitlines() if "# " in line)


@st.composite
def views(draw, **fixed) -> tuple[LessonSettings, int]:
    """A view the app can show (the box clamped into the image as the app does) and a seed for its map."""
    stride = draw(st.sampled_from(STRIDES))
    width, height = draw(st.integers(4, 320)), draw(st.integers(4, 320))
    box = tuple(draw(st.integers(0, 330)) for _ in range(2)) + tuple(draw(st.integers(1, 330)) for _ in range(2))
    values = dict(
        image_width=width,
        image_height=height,
        stride=stride,
        box=clamp_box(box, width, height)[0],
        output_size=draw(st.integers(1, 7)),
        quantization=draw(st.sampled_from(("floor", "round"))),
        sampling_ratio=draw(st.sampled_from((-1, 0, 1, 2, 3))),
        sample_layout=draw(st.sampled_from(("spaced", "centered"))),
        pooling=draw(st.sampled_from(("max", "avg"))),
        aligned=draw(st.booleans()),
    )
    return LessonSettings(**(values | fixed)), draw(st.integers(0, 2**32 - 1))


def random_map(settings: LessonSettings, seed: int) -> np.ndarray:
    rows, cols = -(-settings.image_height // settings.stride), -(-settings.image_width // settings.stride)
    return np.random.default_rng(seed).standard_normal((rows, cols))


# ----------------------------------------------------------------------------- every snippet


def test_the_libraries_come_in_order():
    assert tuple(s.library for s in code.snippets(LESSON_PRESET)) == LIBRARIES


@given(views())
def test_every_snippet_is_a_script_that_loads_the_csv_and_prints_its_outputs(view):
    settings, _ = view
    for snippet in code.snippets(settings, "maps/my map.csv"):
        loads = calls(snippet, "np.loadtxt")
        assert [ast.literal_eval(c.args[0]) for c in loads] == ["maps/my map.csv"], snippet.library
        assert "np.set_printoptions(precision=4)" in snippet.code
        outputs = {"aligned"} if snippet.library == "TensorFlow" else {"aligned", "pooled"}
        assert outputs <= assigned_names(snippet), snippet.library
        assert snippet.code.count("print(") == len(outputs), snippet.library
        x, y, w, h = settings.box
        assert f"box = [{x}, {y}, {x + w}, {y + h}]" in snippet.code
        assert f"spatial_scale = 1 / {settings.stride}" in snippet.code


def test_the_default_csv_name():
    assert all("np.loadtxt('roi_lab_feature_map.csv'" in s.code for s in code.snippets(LESSON_PRESET))


# ----------------------------------------------------------------------------- csv_text


@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=2, max_dims=2, max_side=6),
        elements=st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True),
    )
)
def test_csv_text_reads_back_bit_for_bit(feature_map):
    back = np.loadtxt(io.StringIO(code.csv_text(feature_map)), delimiter=",", ndmin=2)
    assert back.shape == feature_map.shape
    assert back.tobytes() == feature_map.tobytes()  # -0.0 and the last bit included


def test_csv_text_is_numpy_savetxt_format():
    assert code.csv_text([[0.1, 2.0], [-3.5, 1e-300]]) == "0.10000000000000001,2\n-3.5,1e-300\n"
    with pytest.raises(ValueError, match="2-D"):
        code.csv_text([1.0, 2.0])


# ----------------------------------------------------------------------------- what each library lacks


def test_what_each_library_lacks_for_the_slides_view():
    lacks = {name: s.lacks for name, s in by_library(LESSON_PRESET).items()}
    for library in ("torchvision", "detectron2", "ONNX Runtime"):
        floor, spaced, maximum = lacks[library]
        assert floor.startswith("RoI Pooling's floor (the slides) quantization") and "always rounds" in floor
        assert spaced.startswith("spaced (the slides) sampling points") and "1/4, 3/4" in spaced
        assert maximum.startswith("max (the slides, mmcv) pooling")
    assert "mean of the sampling points" in lacks["torchvision"][2]
    assert "weighted corner terms" in lacks["ONNX Runtime"][2]
    assert lacks["TensorFlow"] == ("RoI Pooling (floor (the slides)): TensorFlow has no RoI Pooling op",)
    pool, spaced = lacks["mmcv"]  # mmcv's RoIAlign has the lesson's max pooling
    assert "`RoIPool` does not round" in pool and "CUDA only" in pool and spaced.startswith("spaced")
    assert not any(s.reproduces for s in code.snippets(LESSON_PRESET) if s.library != "TensorFlow")


@pytest.mark.parametrize("aligned", [True, False])
@pytest.mark.parametrize("ratio", [-1, 0, 1, 2, 3])
def test_nothing_lacks_with_torchvisions_conventions(aligned, ratio):
    settings = replace(LESSON_PRESET, aligned=aligned, sampling_ratio=ratio, **TORCHVISION)
    snippets = by_library(settings)
    for library in ("torchvision", "ONNX Runtime", "detectron2"):
        assert snippets[library].lacks == () and snippets[library].reproduces, library
    assert snippets["mmcv"].lacks == (snippets["mmcv"].lacks[0],)  # its RoIPool only


def test_max_pooling_is_named_for_onnx_whenever_the_view_pools_by_max():
    for settings in (LESSON_PRESET, replace(LESSON_PRESET, **TORCHVISION | dict(pooling="max"))):
        onnx = by_library(settings)["ONNX Runtime"]
        assert any("weighted corner terms" in line for line in onnx.lacks) and not onnx.reproduces
        assert not any(line.startswith("max") for line in by_library(settings)["mmcv"].lacks)


@given(views())
def test_reproduces_follows_what_is_lacked(view):
    settings, _ = view
    snippets = by_library(settings)
    for library in ("torchvision", "ONNX Runtime", "detectron2"):
        assert snippets[library].reproduces == (not snippets[library].lacks), library
    assert len(snippets["torchvision"].lacks) == len(snippets["detectron2"].lacks)
    assert snippets["TensorFlow"].reproduces and len(snippets["TensorFlow"].lacks) == 1
    assert not snippets["mmcv"].reproduces
    assert len(snippets["mmcv"].lacks) == 1 + (settings.sample_layout == "spaced")


# ----------------------------------------------------------------------------- arguments and defaults


@pytest.mark.parametrize("aligned", [True, False])
@pytest.mark.parametrize("pooling", ["avg", "max"])
def test_detectron2_and_mmcv_name_their_aligned_defaults_and_pass_the_views(aligned, pooling):
    settings = replace(LESSON_PRESET, aligned=aligned, pooling=pooling, sampling_ratio=-1)
    snippets = by_library(settings)
    for library, module in (("detectron2", "ROIAlign"), ("mmcv", "RoIAlign")):
        snippet = snippets[library]
        assert "default is aligned=True (torchvision's is False)" in comments(snippet), library
        (call,) = calls(snippet, module)
        assert keyword(call, "aligned") is aligned
        assert [ast.unparse(a) for a in call.args[1:3]] == ["spatial_scale", "sampling_ratio"]
    assert keyword(calls(snippets["mmcv"], "RoIAlign")[0], "pool_mode") == pooling
    assert "from detectron2.layers import ROIAlign" in snippets["detectron2"].code
    assert "from mmcv.ops import RoIAlign, RoIPool" in snippets["mmcv"].code
    assert "sampling_ratio = 0  #" in snippets["mmcv"].code  # the view's -1 (adaptive) written as 0


@pytest.mark.parametrize("aligned", [True, False])
def test_the_torchvision_call_names_torchvisions_arguments(aligned):
    snippet = by_library(replace(LESSON_PRESET, aligned=aligned))["torchvision"]
    (align,) = calls(snippet, "roi_align")
    (pool,) = calls(snippet, "roi_pool")
    assert {k.arg for k in align.keywords} == {"output_size", "spatial_scale", "sampling_ratio", "aligned"}
    assert {k.arg for k in pool.keywords} == {"output_size", "spatial_scale"}
    assert keyword(align, "aligned") is aligned
    assert "from torchvision.ops import roi_align, roi_pool" in snippet.code


@pytest.mark.parametrize("aligned", [True, False])
def test_the_onnx_model_is_opset_16_with_the_views_attributes(aligned):
    snippet = by_library(replace(LESSON_PRESET, aligned=aligned, sampling_ratio=-1))["ONNX Runtime"]
    pool, align = calls(snippet, "helper.make_node")
    assert ast.literal_eval(pool.args[0]) == "MaxRoiPool" and ast.literal_eval(align.args[0]) == "RoiAlign"
    node = align
    assert keyword(node, "coordinate_transformation_mode") == ("half_pixel" if aligned else "output_half_pixel")
    assert keyword(node, "mode") == LESSON_PRESET.pooling
    assert 'helper.make_opsetid("", 16)' in snippet.code
    assert "sampling_ratio = 0  #" in snippet.code  # ONNX refuses -1


# ----------------------------------------------------------------------------- the ONNX Runtime script, run


def onnx_expected(feature_map: np.ndarray, settings: LessonSettings) -> tuple[np.ndarray, np.ndarray]:
    """What ONNX Runtime computes for the view: torchvision's roi_pool (in float32) and RoI Align with centred
    samples, averaged (roi_core.roi_align) or by ONNX's max (roi_core.onnx_roi_align)."""
    rows, scale, size = roi_rows(settings.box_rect), 1 / settings.stride, settings.output_size
    features = feature_map[None, None]
    pooled = roi_pool(features, rows, size, scale, quantization="round")[0, 0].astype(np.float32)
    if settings.pooling == "avg":
        aligned = roi_align(features, rows, size, scale, max(settings.sampling_ratio, 0), settings.aligned)
    else:
        aligned = onnx_roi_align(
            features,
            rows[:, 1:],
            [0],
            mode="max",
            output_height=size,
            output_width=size,
            sampling_ratio=max(settings.sampling_ratio, 0),
            spatial_scale=scale,
            coordinate_transformation_mode="half_pixel" if settings.aligned else "output_half_pixel",
        )
    return pooled, aligned[0, 0]


def float32_scale_tolerance(feature_map: np.ndarray, settings: LessonSettings) -> float:
    """How close a library that holds ``spatial_scale`` in float32 (ONNX's RoiAlign attribute, mmcv's kernels) comes
    to float64 RoI Align: exactly at the lesson's strides (powers of two: 1/stride is a float32), to float32's
    precision of the map's values at another stride (d2l.ai's 10)."""
    if float(np.float32(1 / settings.stride)) == 1 / settings.stride:
        return 1e-12
    return 1e-6 * max(1.0, float(np.abs(feature_map).max()))


def check_onnx_run(feature_map: np.ndarray, settings: LessonSettings, directory: Path) -> None:
    pytest.importorskip("onnxruntime")
    snippet, names = run_with_map("ONNX Runtime", settings, feature_map, directory)
    pooled, aligned = onnx_expected(feature_map, settings)
    size = (settings.output_size, settings.output_size)
    assert names["pooled"].shape == names["aligned"].shape == size
    assert names["pooled"].dtype == np.float32 and names["aligned"].dtype == np.float64
    np.testing.assert_array_equal(names["pooled"], pooled)  # the max of float32 values: exact
    atol = float32_scale_tolerance(feature_map, settings)  # RoiAlign's spatial_scale is a float32 attribute
    np.testing.assert_allclose(names["aligned"], aligned, rtol=0, atol=atol)
    if snippet.reproduces:  # then they are the page's numbers
        page_pool, page_align = page_numbers(feature_map, settings)
        np.testing.assert_array_equal(names["pooled"], page_pool.astype(np.float32))
        np.testing.assert_allclose(names["aligned"], page_align, rtol=0, atol=atol)


@pytest.mark.parametrize("layout", ["centered", "spaced"])
@pytest.mark.parametrize("ratio", [0, -1, 1, 2, 3])
@pytest.mark.parametrize("pooling", ["avg", "max"])
@pytest.mark.parametrize("aligned", [True, False])
@pytest.mark.parametrize("quantization", ["round", "floor"])
def test_the_onnx_script_gives_onnx_runtimes_numbers_on_the_lesson_map(
    tmp_path, quantization, aligned, pooling, ratio, layout
):
    settings = replace(
        LESSON_PRESET,
        quantization=quantization,
        aligned=aligned,
        pooling=pooling,
        sampling_ratio=ratio,
        sample_layout=layout,
    )
    check_onnx_run(lesson_feature_map(), settings, tmp_path)


@hypothesis_settings(max_examples=30)
@given(views())
def test_the_onnx_script_gives_onnx_runtimes_numbers_on_any_view(tmp_path_factory, view):
    settings, seed = view
    check_onnx_run(random_map(settings, seed), settings, tmp_path_factory.mktemp("onnx"))


@pytest.mark.parametrize(("example", "index"), TEXTBOOK_BOXES, ids=lambda v: getattr(v, "key", str(v)))
def test_the_onnx_script_computes_each_textbook_box_as_page_11_takes_it_home(tmp_path, example, index):
    """Page 11's take-home code for a source's box (``box_settings``): ONNX Runtime's numbers on the source's map;
    for d2l.ai's two boxes (torchvision's convention throughout) the book's printed outputs, exactly."""
    settings = example.box_settings(index)
    check_onnx_run(example.feature_map, settings, tmp_path)
    if example is D2L:
        snippet, names = run_with_map("ONNX Runtime", settings, example.feature_map, tmp_path)
        assert snippet.reproduces
        np.testing.assert_array_equal(names["pooled"], example.expected["pool_output"][index])


def test_the_onnx_script_runs_as_printed_for_the_slides_view(tmp_path, monkeypatch, capsys):
    """The default CSV name, in the folder it runs from; the slides' numbers differ (their conventions are not
    ONNX's), and the outputs are printed with 4 decimals."""
    pytest.importorskip("onnxruntime")
    (tmp_path / code.CSV_NAME).write_text(code.csv_text(lesson_feature_map()))
    monkeypatch.chdir(tmp_path)
    snippet = by_library(LESSON_PRESET)["ONNX Runtime"]
    names = run_script(snippet)
    page_pool, page_align = page_numbers(lesson_feature_map(), LESSON_PRESET)
    assert not np.allclose(names["pooled"], page_pool) and not np.allclose(names["aligned"], page_align)
    printed = capsys.readouterr().out
    assert printed.startswith("RoI Pooling:\n[[") and "\nRoI Align:\n[[" in printed
    assert f"{names['aligned'][0, 0]:.4f}" in printed


# --- shared with the parity modules (test_snippets_parity.py, test_snippets_tensorflow_parity.py) ---


LESSON_BOXES = (  # the slides' box, and boxes at the map's edges of the 800 x 576 image (25 x 18 cells)
    LESSON_PRESET.box,
    (0, 0, 100, 60),
    (700, 500, 100, 76),
    (796, 572, 4, 4),  # in the last cell: aligned=False widens it to one cell, past the map
)


def assert_page_numbers(names: dict, feature_map, settings, tolerance: float, pooled: bool = True) -> None:
    page_pool, page_align = page_numbers(feature_map, settings)
    np.testing.assert_allclose(names["aligned"], page_align, rtol=0, atol=tolerance)
    if pooled:
        np.testing.assert_allclose(names["pooled"], page_pool, rtol=0, atol=tolerance)
