"""Page 6's torchvision call: valid Python that names only torchvision's arguments, and (where torch is importable)
gives exactly roi_core's outputs for torchvision's conventions; the choices torchvision lacks are named."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from roi_core import LESSON_PRESET, cell_means
from roi_ui.images.store import scene
from roi_ui.lessons import channels as lesson
from roi_ui.session.params import defaults
from roi_ui.session.view import build_view

TORCHVISION = dict(quant="round", layout="centered", pool="avg", aligned=False, sr=0, out=7, x=120, w=400)


def pooled_view(**changes):
    image = scene()
    return build_view(defaults() | changes, image, lambda stride: cell_means(image.rgb, stride))


@pytest.fixture(autouse=True)
def no_session_cache(uncached_image_traces):
    """The page's numbers computed directly (no Streamlit session cache)."""


def test_the_listing_is_python_with_torchvisions_arguments_only():
    view = pooled_view()
    listing = lesson.torchvision_listing(view.settings, lesson.pool_channels(view))
    calls = [node for node in ast.walk(ast.parse(listing)) if isinstance(node, ast.Call)]
    keywords = {k.arg for call in calls for k in call.keywords}
    assert keywords <= {"output_size", "spatial_scale", "sampling_ratio", "aligned", "dtype"}
    assert "spatial_scale=1 / 32" in listing and "[[0, 300, 210, 530, 390]]" in listing


def test_the_choices_torchvision_lacks_are_named():
    assert len(lesson.torchvision_lacks(LESSON_PRESET)) == 3  # floor, spaced, max: the slides' conventions
    assert lesson.torchvision_lacks(pooled_view(**TORCHVISION).settings) == []


def test_the_listing_runs_and_equals_roi_core_with_torchvisions_conventions():
    pytest.importorskip("torch")
    pytest.importorskip("torchvision")
    view = pooled_view(**TORCHVISION)
    result = lesson.pool_channels(view)
    names = {"maps": np.ascontiguousarray(result.maps, dtype=np.float64)}
    exec(lesson.torchvision_listing(view.settings, result), names)
    np.testing.assert_allclose(names["pooled"].numpy(), result.pooled, atol=1e-12)
    np.testing.assert_allclose(names["aligned"].numpy(), result.aligned, atol=1e-12)
