"""AppTest checks of the 'Channels' page (lesson 6): one box pooled channel by channel."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PIL import Image

from roi_core import LESSON_PRESET, cell_means, map_geometry, trace_roi_align, trace_roi_pool
from roi_ui.images.store import SCENE_PATH
from tests.app.helpers import array, figure, page_text, run_page

PAGE = "6_Channels.py"
CHANNELS = ("red", "green", "blue")


def scene_channels(stride: int = 32) -> np.ndarray:
    """The built-in scene's red, green and blue cell averages, computed here from the picture file."""
    with Image.open(SCENE_PATH) as image:
        return cell_means(np.asarray(image.convert("RGB")), stride)[:3]


def outputs(at, method: str) -> list[np.ndarray]:
    """The output grids of one method ("RoI Pooling" or "RoI Align"), red, green, blue."""
    traces = {t["name"]: t for t in figure(at, "channel_outputs")["data"] if method in t.get("name", "")}
    assert len(traces) == 3
    return [array(next(t for name, t in traces.items() if name.endswith(channel))["z"]) for channel in CHANNELS]


@pytest.fixture(scope="module")
def preset():
    return run_page(PAGE)


def test_the_stacked_output_shape_is_written_out(preset):
    shown = page_text(preset)
    assert "Stacked output (K, C, h, w) = (1, 3, 3, 3)" in shown
    assert "features.shape  # (1, 3, 18, 25)" in shown
    assert shown.count("# K, C, h, w = (1, 3, 3, 3)") == 2  # roi_pool and roi_align


def test_each_channel_has_its_own_output_and_they_differ(preset):
    for method in ("RoI Pooling", "RoI Align"):
        grids = outputs(preset, method)
        assert [g.shape for g in grids] == [(3, 3)] * 3
        for first, second in itertools.combinations(grids, 2):
            assert not np.allclose(first, second)


def test_outputs_are_each_channel_pooled_on_its_own(preset):
    maps, geometry, box = scene_channels(), map_geometry(800, 576, 32), LESSON_PRESET.box_rect
    for channel, pooled, aligned in zip(maps, outputs(preset, "RoI Pooling"), outputs(preset, "RoI Align")):
        np.testing.assert_allclose(pooled, trace_roi_pool(channel, box, geometry, 3, "floor").output)
        np.testing.assert_allclose(aligned, trace_roi_align(channel, box, geometry, 3).output)


def test_the_winning_cells_differ_between_channels(preset):
    markers = [t for t in figure(preset, "channel_winners")["data"] if t.get("mode") == "markers"]
    assert [t["name"] for t in markers] == ["red", "green", "blue"]
    cells = [[tuple(row[:4]) for row in array(t["customdata"]).tolist()] for t in markers]
    assert len(set(map(tuple, cells))) == 3  # not the same winners in every bin
    assert (1, 0, 7, 10) in cells[2] and (1, 0, 7, 9) in cells[0]  # bin (1, 0): blue wins one cell right


def test_changing_the_pooling_changes_the_align_outputs_only(preset):
    at = run_page(PAGE)
    before_align, before_pool = outputs(at, "RoI Align"), outputs(at, "RoI Pooling")
    at.radio(key="ctl_pool").set_value("avg").run()
    assert not at.exception
    assert at.query_params["pool"] == "avg"
    for before, after in zip(before_align, outputs(at, "RoI Align")):
        assert not np.allclose(before, after)
    for before, after in zip(before_pool, outputs(at, "RoI Pooling")):
        np.testing.assert_allclose(before, after)
    assert 'pooling="avg"' in page_text(at)


def test_round_quantization_and_output_size_come_from_the_url():
    at = run_page(PAGE, quant="round", out="5")
    assert "Stacked output (K, C, h, w) = (1, 3, 5, 5)" in page_text(at)
    assert 'quantization="round"' in page_text(at)
    geometry, box = map_geometry(800, 576, 32), LESSON_PRESET.box_rect
    expected = trace_roi_pool(scene_channels()[1], box, geometry, 5, "round").output
    np.testing.assert_allclose(outputs(at, "RoI Pooling")[1], expected)


def test_the_feature_values_choice_is_not_offered(preset):
    assert "ctl_values" not in [radio.key for radio in preset.radio]
