"""The "view as code" scripts of roi_ui.words.snippets run against torch and torchvision, where installed.

* torch and torchvision: the torchvision script gives the page's numbers, to 1e-12, for every view with
  torchvision's conventions (round, centred, average; either ``aligned``, any sampling ratio), and torchvision's own
  conventions otherwise. The detectron2 and mmcv scripts run against stand-ins of ``detectron2.layers.ROIAlign`` (as
  detectron2 defines it: torchvision's ``roi_align`` with ``aligned=True`` by default) and ``mmcv.ops`` (its
  signatures, computed by roi_core, no CPU ``RoIPool``): they check the scripts' calls with torch alone; the real
  libraries, where built, in ``test_snippets_detection_parity.py``.

Skipped (once, the whole module) where torch is not importable; the TensorFlow script's comparison is
``test_snippets_tensorflow_parity.py``. Run it with::

    .venv-torch/bin/python -m pytest tests/ui/test_snippets_parity.py -q
"""

from __future__ import annotations

import sys
import types
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given

from roi_core import LESSON_PRESET, lesson_feature_map, roi_align, roi_pool, roi_rows
from roi_core.textbooks import D2L

torch = pytest.importorskip("torch")
torchvision = pytest.importorskip("torchvision")

from tests.ui.test_snippets import (  # noqa: E402
    LESSON_BOXES,
    TORCHVISION,
    assert_page_numbers,
    page_numbers,
    random_map,
    run_with_map,
    views,
)


def torchvision_views():
    for aligned in (True, False):
        for ratio in (-1, 0, 1, 2, 3):
            for box in LESSON_BOXES[:2]:
                yield replace(LESSON_PRESET, box=box, aligned=aligned, sampling_ratio=ratio, **TORCHVISION)


# ----------------------------------------------------------------------------- torchvision


@pytest.fixture(scope="module")
def torchvision_ops():
    return torchvision.ops


@pytest.mark.parametrize("settings", list(torchvision_views()), ids=str)
def test_the_torchvision_script_gives_the_pages_numbers(torchvision_ops, tmp_path, settings):
    snippet, names = run_with_map("torchvision", settings, lesson_feature_map(), tmp_path)
    assert snippet.reproduces
    assert names["pooled"].shape == names["aligned"].shape == (settings.output_size,) * 2
    assert_page_numbers(names, lesson_feature_map(), settings, 1e-12)


@given(views(**TORCHVISION))
def test_the_torchvision_script_gives_the_pages_numbers_on_any_view(torchvision_ops, tmp_path_factory, view):
    settings, seed = view
    feature_map = random_map(settings, seed)
    snippet, names = run_with_map("torchvision", settings, feature_map, tmp_path_factory.mktemp("torchvision"))
    assert snippet.reproduces
    assert_page_numbers(names, feature_map, settings, 1e-12)


def test_the_torchvision_script_computes_torchvisions_conventions_for_the_slides_view(torchvision_ops, tmp_path):
    settings, feature_map = LESSON_PRESET, lesson_feature_map()
    snippet, names = run_with_map("torchvision", settings, feature_map, tmp_path)
    rows, scale = roi_rows(settings.box_rect), 1 / settings.stride
    pooled = roi_pool(feature_map[None, None], rows, 3, scale, quantization="round")[0, 0]
    aligned = roi_align(feature_map[None, None], rows, 3, scale, 2, True)[0, 0]  # centred, averaged
    np.testing.assert_allclose(names["pooled"], pooled, rtol=0, atol=1e-12)
    np.testing.assert_allclose(names["aligned"], aligned, rtol=0, atol=1e-12)
    assert not snippet.reproduces and not np.allclose(aligned, page_numbers(feature_map, settings)[1])


@pytest.mark.parametrize("index", [0, 1])
def test_the_torchvision_script_gives_d2ls_printed_output(torchvision_ops, tmp_path, index):
    """Page 11's take-home code for d2l.ai's boxes is the book's own call: it prints the book's output."""
    settings = D2L.box_settings(index)
    snippet, names = run_with_map("torchvision", settings, D2L.feature_map, tmp_path)
    assert snippet.reproduces
    np.testing.assert_array_equal(names["pooled"], D2L.expected["pool_output"][index])
    assert_page_numbers(names, D2L.feature_map, settings, 1e-12)


# ----------------------------------------------------------------------------- detectron2 and mmcv stand-ins


@pytest.fixture
def detectron2_stand_in(torchvision_ops, monkeypatch):
    """``detectron2.layers.ROIAlign`` as detectron2 defines it: a module calling torchvision's ``roi_align``
    (boxes cast to the features' dtype), ``aligned=True`` by default."""
    import torch

    class ROIAlign(torch.nn.Module):
        def __init__(self, output_size, spatial_scale, sampling_ratio, aligned=True):
            super().__init__()
            self.arguments = (output_size, spatial_scale, sampling_ratio, aligned)

        def forward(self, input, rois):
            assert rois.dim() == 2 and rois.size(1) == 5
            return torchvision_ops.roi_align(input, rois.to(dtype=input.dtype), *self.arguments)

    layers = types.ModuleType("detectron2.layers")
    layers.ROIAlign = ROIAlign
    package = types.ModuleType("detectron2")
    package.layers = layers
    monkeypatch.setitem(sys.modules, "detectron2", package)
    monkeypatch.setitem(sys.modules, "detectron2.layers", layers)


@pytest.fixture
def mmcv_stand_in(torchvision_ops, monkeypatch):
    """``mmcv.ops``' RoIAlign and RoIPool signatures; RoIAlign computed by roi_core (mmcv's max mode is the largest
    interpolated sample, roi_core's ``pooling="max"``), RoIPool refusing CPU tensors as mmcv (no CPU kernel)."""
    import torch

    class RoIAlign(torch.nn.Module):
        def __init__(self, output_size, spatial_scale=1.0, sampling_ratio=0, pool_mode="avg", aligned=True):
            super().__init__()
            self.arguments = (output_size, spatial_scale, sampling_ratio, aligned)
            self.pool_mode = pool_mode

        def forward(self, input, rois):
            assert rois.size(1) == 5 and rois.dtype == input.dtype
            out = roi_align(input.numpy(), rois.numpy(), *self.arguments, pooling=self.pool_mode)
            return torch.from_numpy(out)

    class RoIPool(torch.nn.Module):
        def __init__(self, output_size, spatial_scale=1.0):
            super().__init__()

        def forward(self, input, rois):
            raise AssertionError("mmcv's RoIPool has no CPU kernel")

    ops = types.ModuleType("mmcv.ops")
    ops.RoIAlign, ops.RoIPool = RoIAlign, RoIPool
    package = types.ModuleType("mmcv")
    package.ops = ops
    monkeypatch.setitem(sys.modules, "mmcv", package)
    monkeypatch.setitem(sys.modules, "mmcv.ops", ops)


@pytest.mark.parametrize("aligned", [True, False])
def test_the_detectron2_script_gives_the_pages_numbers(detectron2_stand_in, tmp_path, aligned):
    settings = replace(LESSON_PRESET, aligned=aligned, sampling_ratio=0, **TORCHVISION)
    snippet, names = run_with_map("detectron2", settings, lesson_feature_map(), tmp_path)
    assert snippet.reproduces
    assert_page_numbers(names, lesson_feature_map(), settings, 1e-12)


@pytest.mark.parametrize("pooling", ["avg", "max"])
@pytest.mark.parametrize("aligned", [True, False])
def test_the_mmcv_script_passes_the_views_roi_align_and_leaves_roi_pool_to_cuda(
    mmcv_stand_in, tmp_path, aligned, pooling
):
    settings = replace(LESSON_PRESET, aligned=aligned, pooling=pooling, sample_layout="centered")
    snippet, names = run_with_map("mmcv", settings, lesson_feature_map(), tmp_path)
    assert "pooled" not in names and not snippet.reproduces  # no CUDA here; mmcv's RoIPool is neither convention
    assert_page_numbers(names, lesson_feature_map(), settings, 1e-12, pooled=False)
