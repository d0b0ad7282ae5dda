"""Checks for the example scene drawn by ``assets/make_scene.py``.

``assets/`` is not a package, so the script is imported by file path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT = ASSETS / "make_scene.py"
PNG = ASSETS / "scene_800x576.png"

# The lesson's box and the regions read by the quantized RoI Pooling variants
# (stride 32), as [x0, x1) x [y0, y1).
BOX = (300, 530, 210, 390)
FLOOR_QUANTIZED = (288, 512, 192, 352)
ROUNDED = (288, 576, 224, 416)
EDGE_BAND = 6  # "near an edge" = within this many pixels inside the box


def _load_module():
    spec = importlib.util.spec_from_file_location("make_scene", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scene_mod():
    return _load_module()


@pytest.fixture(scope="module")
def scene(scene_mod):
    return scene_mod.draw_scene()


@pytest.fixture(scope="module")
def pixels(scene):
    return np.asarray(scene)


def _mask(pixels: np.ndarray, colours) -> np.ndarray:
    """Boolean H x W mask of pixels exactly equal to one of ``colours``."""
    out = np.zeros(pixels.shape[:2], dtype=bool)
    for c in colours:
        out |= np.all(pixels == np.asarray(c, dtype=pixels.dtype), axis=-1)
    return out


def _any_in(mask: np.ndarray, x0: int, x1: int, y0: int, y1: int) -> bool:
    return bool(mask[y0:y1, x0:x1].any())


def test_size_and_mode(scene, scene_mod):
    assert scene.size == (800, 576) == (scene_mod.WIDTH, scene_mod.HEIGHT)
    assert scene.mode == "RGB"
    assert (scene_mod.BOX_X, scene_mod.BOX_Y, scene_mod.BOX_W, scene_mod.BOX_H) == (300, 210, 230, 180)


def test_committed_png_matches_script(scene):
    assert PNG.is_file(), "run: .venv/bin/python assets/make_scene.py"
    with Image.open(PNG) as stored:
        assert stored.size == scene.size
        assert stored.mode == "RGB"
        assert stored.tobytes() == scene.tobytes(), (
            "assets/scene_800x576.png is stale: run .venv/bin/python assets/make_scene.py"
        )
    assert PNG.stat().st_size < 150_000


def test_drawing_is_deterministic(scene_mod, scene):
    again = scene_mod.draw_scene()
    assert again.tobytes() == scene.tobytes()

    def encode(img):
        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=True)
        return hashlib.sha256(buf.getvalue()).hexdigest()

    assert encode(again) == encode(scene)


def test_palettes_are_distinct(scene_mod):
    child = set(scene_mod.CHILD_COLOURS)
    adult = set(scene_mod.ADULT_COLOURS)
    assert len(child) == len(scene_mod.CHILD_COLOURS)
    assert len(adult) == len(scene_mod.ADULT_COLOURS)
    assert not child & adult


def test_child_touches_all_four_box_edges(pixels, scene_mod):
    child = _mask(pixels, scene_mod.CHILD_COLOURS)
    x0, x1, y0, y1 = BOX
    b = EDGE_BAND
    assert _any_in(child, x0, x0 + b, y0, y1), "left edge"
    assert _any_in(child, x1 - b, x1, y0, y1), "right edge"
    assert _any_in(child, x0, x1, y0, y0 + b), "top edge"
    assert _any_in(child, x0, x1, y1 - b, y1), "bottom edge"


def test_child_stays_inside_box(pixels, scene_mod):
    child = _mask(pixels, scene_mod.CHILD_COLOURS)
    x0, x1, y0, y1 = BOX
    outside = child.copy()
    outside[y0:y1, x0:x1] = False
    assert not outside.any()


def test_adult_overlaps_right_edge_of_box(pixels, scene_mod):
    adult = _mask(pixels, scene_mod.ADULT_COLOURS)
    _, x1, y0, y1 = BOX
    assert _any_in(adult, 505, x1, y0, y1), "adult inside the box"
    assert _any_in(adult, x1, 800, 0, 576), "adult outside the box"
    ys, xs = np.nonzero(adult)
    assert 500 <= xs.min() <= 510 and 630 <= xs.max() <= 645
    assert 115 <= ys.min() <= 125 and 465 <= ys.max() <= 475


def test_quantized_regions_show_the_lesson(pixels, scene_mod):
    child = _mask(pixels, scene_mod.CHILD_COLOURS)
    adult = _mask(pixels, scene_mod.ADULT_COLOURS)
    x0, x1, y0, y1 = BOX
    # Floor quantization cuts off the child's right side and legs.
    _fx0, fx1, _fy0, fy1 = FLOOR_QUANTIZED
    assert _any_in(child, fx1, x1, y0, y1), "right side lost by floor"
    assert _any_in(child, x0, x1, fy1, y1), "legs lost by floor"
    # Rounding drops the top of the head and brings in part of the father.
    _rx0, rx1, ry0, ry1 = ROUNDED
    assert _any_in(child, x0, x1, y0, ry0), "head top lost by rounding"
    assert adult[ry0:ry1, x1:rx1].sum() > 1000, "father brought in by rounding"
