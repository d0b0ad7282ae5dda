"""Page 10, gradients: the three maps are roi_core.gradient_maps', a click on the output chooses the bin, "every
bin" sums them, PrRoI's box gradient is written and drawn."""

from __future__ import annotations

import numpy as np

from roi_core import LESSON_PRESET, gradient_maps, lesson_feature_map, map_geometry
from tests.app.helpers import array, click, figure, page_app, page_text

PAGE = "10_Gradients.py"
GEOMETRY = map_geometry(800, 576, 32)


def shown_gradient(at, method: str) -> np.ndarray:
    """The gradient values a method's figure draws, as (row, col) → value for its window."""
    grid = figure(at, f"grad_{method}")["data"][0]
    return array(grid["z"])


def test_the_maps_are_roi_cores_and_a_click_chooses_the_bin():
    at = page_app(PAGE).run()
    assert not at.exception
    expected = gradient_maps(lesson_feature_map(), LESSON_PRESET, GEOMETRY, (0, 0))
    for method in ("pool", "align", "prroi"):
        assert np.isclose(shown_gradient(at, method).sum(), getattr(expected, method).sum())
    text = page_text(at)
    assert "1 cell receives a gradient" in text and "4 cells receive a gradient" in text
    assert f"d/dy1 = {expected.prroi_box[1]:+.4f}" in text
    assert figure(at, "grad_prroi")["layout"]["annotations"]  # the box edges' arrows
    tint = figure(at, "grad_image_pool")["data"][0]  # the same gradient over the image, in pixels
    assert np.isclose(array(tint["z"]).sum(), 1.0) and min(tint["x"]) % 32 == 16

    click(at, "grad_output", [2, 1])
    assert (at.query_params["bin_row"], at.query_params["bin_col"]) == ("2", "1")
    chosen = gradient_maps(lesson_feature_map(), LESSON_PRESET, GEOMETRY, (2, 1))
    assert np.isclose(shown_gradient(at, "align").max(), chosen.align.max())
    assert "output bin (2, 1)" in page_text(at)


def test_every_bin_sums_the_gradients():
    at = page_app(PAGE, grad_bins="all").run()
    assert np.isclose(shown_gradient(at, "pool").sum(), 9) and "every output bin" in page_text(at)


def test_presenter_mode_shows_the_maps_then_the_notes():
    at = page_app(PAGE, present="1").run()
    assert not at.exception and len(at.get("plotly_chart")) == 4
    at = page_app(PAGE, present="1", slide="2").run()
    assert not at.exception and not at.get("plotly_chart") and "atomic adds" in page_text(at)
