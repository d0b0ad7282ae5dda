"""The take-home's TensorFlow script (roi_ui.words.snippets) run against TensorFlow, where installed: it gives the
page's RoI Align, to 1e-5 (float32), for every view: either layout, average or max, any sampling ratio, boxes at
the map's edges. Skipped (once, the whole module) where TensorFlow is not importable. Run it with::

    .venv-tf/bin/python -m pytest tests/ui/test_snippets_tensorflow_parity.py -q
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up notices
tensorflow = pytest.importorskip("tensorflow")

from roi_core import LESSON_PRESET, lesson_feature_map  # noqa: E402
from tests.ui.test_snippets import (  # noqa: E402
    LESSON_BOXES,
    TEXTBOOK_BOXES,
    assert_page_numbers,
    random_map,
    run_with_map,
    views,
)


def tensorflow_views():
    for box in LESSON_BOXES:
        for aligned in (True, False):
            for ratio in (-1, 0, 1, 2, 3):
                for layout in ("spaced", "centered"):
                    for pooling in ("max", "avg"):
                        yield replace(
                            LESSON_PRESET,
                            box=box,
                            aligned=aligned,
                            sampling_ratio=ratio,
                            sample_layout=layout,
                            pooling=pooling,
                        )


@pytest.mark.parametrize("settings", list(tensorflow_views()), ids=str)
def test_the_tensorflow_script_gives_the_pages_roi_align(tmp_path, settings):
    snippet, names = run_with_map("TensorFlow", settings, lesson_feature_map(), tmp_path)
    assert snippet.reproduces and "pooled" not in names
    assert names["aligned"].dtype == np.float32 and names["aligned"].shape == (settings.output_size,) * 2
    assert_page_numbers(names, lesson_feature_map(), settings, 1e-5, pooled=False)


@given(views())
def test_the_tensorflow_script_gives_the_pages_roi_align_on_any_view(tmp_path_factory, view):
    settings, seed = view
    feature_map = random_map(settings, seed)
    _, names = run_with_map("TensorFlow", settings, feature_map, tmp_path_factory.mktemp("tensorflow"))
    assert_page_numbers(names, feature_map, settings, 1e-5, pooled=False)


@pytest.mark.parametrize(("example", "index"), TEXTBOOK_BOXES, ids=lambda v: getattr(v, "key", str(v)))
def test_the_tensorflow_script_computes_each_textbook_box_as_page_11_takes_it_home(tmp_path, example, index):
    """Page 11's take-home for a source's box: the source's stride (10, 1) and map (d2l.ai's 0..15: float32 to a
    few units of 1e-6 of its largest value)."""
    settings = example.box_settings(index)
    _, names = run_with_map("TensorFlow", settings, example.feature_map, tmp_path)
    tolerance = 1e-5 * max(1.0, float(np.abs(example.feature_map).max()))
    assert_page_numbers(names, example.feature_map, settings, tolerance, pooled=False)
