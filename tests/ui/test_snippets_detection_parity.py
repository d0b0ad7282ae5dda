"""The take-home's detectron2 and mmcv scripts run against the real libraries, where they are installed.

Neither installs from a package registry with torch 2.14 (docs/testing.md says how to build each): this module is
skipped, test by test, where ``detectron2.layers`` or ``mmcv.ops`` does not import. Where they do, each script runs
as printed on the lesson's map and on the textbooks' boxes and gives the page's numbers: detectron2's ``ROIAlign``
(torchvision's kernel, ``aligned=True`` by default) for every view with torchvision's conventions, mmcv's
``RoIAlign`` (its own CPU kernel) for centred samples averaged or max-pooled. mmcv's ``RoIPool`` has no CPU kernel:
the script says so and its RoI Pooling is checked to refuse. Run it with::

    .venv-torch/bin/python -m pytest tests/ui/test_snippets_detection_parity.py -q
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from roi_core import LESSON_PRESET, lesson_feature_map

torch = pytest.importorskip("torch")

from tests.ui.test_snippets import (  # noqa: E402
    LESSON_BOXES,
    TEXTBOOK_BOXES,
    TORCHVISION,
    assert_page_numbers,
    float32_scale_tolerance,
    run_with_map,
)


@pytest.fixture(scope="module")
def detectron2_layers():
    return pytest.importorskip("detectron2.layers")


@pytest.fixture(scope="module")
def mmcv_ops():
    return pytest.importorskip("mmcv.ops")


@pytest.mark.parametrize("box", LESSON_BOXES[:2])
@pytest.mark.parametrize("ratio", [-1, 0, 1, 2, 3])
@pytest.mark.parametrize("aligned", [True, False])
def test_the_detectron2_script_gives_the_pages_numbers(detectron2_layers, tmp_path, aligned, ratio, box):
    settings = replace(LESSON_PRESET, box=box, aligned=aligned, sampling_ratio=ratio, **TORCHVISION)
    snippet, names = run_with_map("detectron2", settings, lesson_feature_map(), tmp_path)
    assert snippet.reproduces
    assert_page_numbers(names, lesson_feature_map(), settings, 1e-12)


@pytest.mark.parametrize(("example", "index"), TEXTBOOK_BOXES, ids=lambda v: getattr(v, "key", str(v)))
def test_the_detectron2_script_computes_each_textbook_box(detectron2_layers, tmp_path, example, index):
    settings = replace(example.box_settings(index), sample_layout="centered", pooling="avg", quantization="round")
    snippet, names = run_with_map("detectron2", settings, example.feature_map, tmp_path)
    assert snippet.reproduces
    assert_page_numbers(names, example.feature_map, settings, 1e-12)


@pytest.mark.parametrize("ratio", [-1, 1, 2, 3])
@pytest.mark.parametrize("pooling", ["avg", "max"])
@pytest.mark.parametrize("aligned", [True, False])
def test_the_mmcv_script_gives_the_pages_roi_align(mmcv_ops, tmp_path, aligned, pooling, ratio):
    """mmcv's own CPU kernel, both pool modes: its max is the largest interpolated sample (roi_core's max)."""
    settings = replace(LESSON_PRESET, aligned=aligned, pooling=pooling, sampling_ratio=ratio, sample_layout="centered")
    snippet, names = run_with_map("mmcv", settings, lesson_feature_map(), tmp_path)
    assert "pooled" not in names and not snippet.reproduces  # RoI Pooling left to CUDA, as the script says
    assert_page_numbers(names, lesson_feature_map(), settings, 1e-12, pooled=False)


@pytest.mark.parametrize(("example", "index"), TEXTBOOK_BOXES, ids=lambda v: getattr(v, "key", str(v)))
def test_the_mmcv_script_computes_each_textbook_boxs_roi_align(mmcv_ops, tmp_path, example, index):
    settings = replace(example.box_settings(index), sample_layout="centered")
    _, names = run_with_map("mmcv", settings, example.feature_map, tmp_path)
    tolerance = float32_scale_tolerance(example.feature_map, settings)  # mmcv's kernel takes a float spatial_scale
    assert_page_numbers(names, example.feature_map, settings, tolerance, pooled=False)


def test_mmcvs_roi_pool_has_no_cpu_kernel_as_the_script_says(mmcv_ops):
    features = torch.from_numpy(np.array(lesson_feature_map())[None, None])
    rois = torch.tensor([[0.0, 300.0, 210.0, 530.0, 390.0]], dtype=features.dtype)
    with pytest.raises(RuntimeError, match="cpu"):
        mmcv_ops.RoIPool(3, 1 / 32)(features, rois)
    assert np.isfinite(mmcv_ops.RoIAlign(3, 1 / 32, 2)(features, rois).numpy()).all()  # the same call on RoI Align
