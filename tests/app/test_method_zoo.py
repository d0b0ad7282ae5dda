"""Page 9, the method zoo: every method's map and output from roi_core.method_zoo, ONNX's switches and the angle
in the URL changing what they should, and the conventions table."""

from __future__ import annotations

import re

import numpy as np
import pytest

from roi_core import (
    Rect,
    ZooOptions,
    lesson_feature_map,
    map_geometry,
    method_zoo,
    trace_crop_and_resize,
    trace_prroi_pool,
    trace_roi_align_rotated,
)
from tests.app.helpers import array, click, figure, page_app, page_text, run_page

PAGE = "9_Method_zoo.py"
KEYS = ("roi_align", "roi_pool", "onnx_roi_align", "crop_and_resize", "prroi_pool", "roi_warp", "roi_align_rotated")


def step_table(at) -> list[str]:
    """The step-by-step section's list of the chosen bin's pieces, cells or samples: one item each."""
    (items,) = [m.value for m in at.markdown if m.value.startswith("- **")]
    return items.splitlines()


def expected(**options) -> dict:
    entries = method_zoo(
        lesson_feature_map(), Rect.from_xywh(300, 210, 230, 180), map_geometry(800, 576, 32), 3, ZooOptions(**options)
    )
    return {entry.key: entry for entry in entries}


def test_every_method_shows_what_roi_core_computes():
    at = run_page(PAGE)
    reference = expected()
    for key in KEYS:
        grid = figure(at, f"zoo_output_{key}")["data"][0]
        np.testing.assert_allclose(array(grid["z"]), reference[key].output, rtol=0, atol=1e-12)
    assert "max |Δ| from RoI Align: 0.647" in page_text(at)  # RoI Pooling, round, max
    points = figure(at, "zoo_roi_align")["data"][-1]
    assert len(array(points["x"])) == 36  # 3 x 3 bins of 2 x 2 samples


def test_onnx_switches_and_the_angle_come_from_the_url():
    at = run_page(PAGE, onnx_mode="max", onnx_coord="output_half_pixel", angle="45")
    reference = expected(onnx_mode="max", onnx_coordinates="output_half_pixel", angle=45.0)
    for key in ("onnx_roi_align", "roi_align_rotated"):
        grid = figure(at, f"zoo_output_{key}")["data"][0]
        np.testing.assert_allclose(array(grid["z"]), reference[key].output, rtol=0, atol=1e-12)
    assert at.radio(key="ctl_onnx_mode").value == "max" and at.select_slider(key="ctl_angle").value == 45


def test_the_conventions_table_has_a_row_per_method():
    at = run_page(PAGE)
    (table,) = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<div class='roi-table'")]
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    methods = [re.findall(r"<td>(.*?)</td>", row)[0] for row in rows[1:]]
    assert methods[:3] == ["RoI Pooling", "RoI Align", "ONNX RoiAlign"] and len(methods) == 10
    assert "−1 is rejected" in rows[3] and "<th scope='col'>gradient for the box</th>" in rows[0]


def test_an_absurd_angle_falls_back_with_a_notice():
    at = run_page(PAGE, angle="720")
    assert "angle='720': must be a whole number from -180 to 180; using 0" in at.code[0].value
    assert at.select_slider(key="ctl_angle").value == 0


def test_presenter_mode_shows_the_maps_then_the_outputs():
    at = page_app(PAGE, present="1").run()
    keys = [chart.proto.id.rsplit("-", 1)[-1] for chart in at.get("plotly_chart")]
    assert not at.exception and keys == [f"zoo_{key}" for key in KEYS]
    at = page_app(PAGE, present="1", slide="2").run()
    keys = [chart.proto.id.rsplit("-", 1)[-1] for chart in at.get("plotly_chart")]
    assert not at.exception and keys == [f"zoo_output_{key}" for key in KEYS]


def test_position_sensitive_bins_are_numbered_with_their_score_maps():
    at = run_page(PAGE)
    reference = expected()
    for key in ("ps_roi_align", "ps_roi_pool"):
        grid = figure(at, f"zoo_output_{key}")["data"][0]
        np.testing.assert_allclose(array(grid["z"]), reference[key].output, rtol=0, atol=1e-12)
        labels = next(trace for trace in figure(at, f"zoo_{key}")["data"] if trace.get("mode") == "text")
        assert list(labels["text"]) == [f"#{index}" for index in range(9)]  # bin (i, j) reads map 3 i + j
    gaps = re.findall(r"max \|Δ\| from RoI Align: ([\d.]+)", page_text(at))
    assert gaps[-2:] == ["0", "0.122"]  # PS RoI Align on equal score maps is RoI Align; PS RoI Pooling averages
    at = page_app(PAGE, present="1", slide="3").run()
    keys = [chart.proto.id.rsplit("-", 1)[-1] for chart in at.get("plotly_chart")]
    assert not at.exception and keys == ["zoo_ps_roi_align", "zoo_output_ps_roi_align", "zoo_ps_roi_pool",
                                         "zoo_output_ps_roi_pool"]  # fmt: skip


def test_step_by_step_shows_the_traces_numbers_and_a_click_follows_a_bin():
    box, geometry = Rect.from_xywh(300, 210, 230, 180), map_geometry(800, 576, 32)
    at = page_app(PAGE, zoo_step="prroi_pool").run()
    prroi = trace_prroi_pool(lesson_feature_map(), box, geometry, 3)
    first = prroi.bin(0, 0)
    assert r"\frac{" + f"{first.integral:.4f}" + "}{" + f"{first.area:.4f}" + "} = " + f"{first.value:.4f}" in (
        at.latex[-1].value
    )
    assert len(step_table(at)) == len(first.pieces) == 9  # the bin's pieces of patches, one row each
    click(at, "zoo_step_output", [1, 2])
    assert (at.query_params["bin_row"], at.query_params["bin_col"]) == ("1", "2")
    chosen = prroi.bin(1, 2)
    assert f"= {chosen.area:.4f}" in at.latex[-3].value and len(step_table(at)) == len(chosen.pieces)
    pieces = [t for t in figure(at, "zoo_step_map")["data"] if t.get("hoveron") == "fills"]
    assert len(pieces) == len(chosen.pieces)

    at = page_app(PAGE, zoo_step="crop_and_resize", bin_row="2", bin_col="0").run()
    crop = trace_crop_and_resize(lesson_feature_map(), box, geometry, 3).sample(2, 0)
    assert f"= {crop.value:.4f}".rstrip("0") + "\n" in at.latex[-1].value
    (ring,) = [t for t in figure(at, "zoo_step_map")["data"] if t.get("marker", {}).get("symbol") == "circle-open"]
    assert (*ring["x"], *ring["y"]) == pytest.approx((crop.x, crop.y))

    at = page_app(PAGE, zoo_step="roi_align_rotated", angle="30").run()
    rotated = trace_roi_align_rotated(lesson_feature_map(), box, geometry, 3, 30.0, 2)
    samples = [t for t in figure(at, "zoo_step_map")["data"] if t.get("mode") == "markers"][-1]
    np.testing.assert_allclose(np.transpose([samples["x"], samples["y"]]), rotated.bin(0, 0).samples, atol=1e-9)
    assert r"\theta = 30^\circ" in at.latex[-2].value
