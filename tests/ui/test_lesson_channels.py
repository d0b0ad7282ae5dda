"""Lesson 6's pure functions: all channels pooled at once, each channel's winners, the stacked outputs, the words."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import LESSON_PRESET, Rect, cell_means, map_geometry, roi_rows, trace_roi_pool
from roi_ui.images.store import scene
from roi_ui.lessons import channels as lesson
from roi_ui.session.params import defaults
from roi_ui.session.view import build_view
from roi_ui.words.conventions import ALIGN_COLOUR, QUANTIZATION

SCENE_MAPS = cell_means(scene().rgb, 32)


def view(**changes):
    values = defaults() | changes
    image = scene()
    return build_view(values, image, lambda stride: cell_means(image.rgb, stride))


@pytest.fixture
def channels(monkeypatch):
    """Lesson 6 with the image's cell means computed directly (no Streamlit session cache)."""
    monkeypatch.setattr(lesson, "feature_maps", lambda digest, rgb, stride: cell_means(rgb, stride))
    return lesson


def test_one_call_pools_every_channel_and_each_channel_is_pooled_on_its_own(channels):
    v = view()
    result = channels.pool_channels(v)
    np.testing.assert_array_equal(result.boxes, roi_rows(LESSON_PRESET.box_rect))
    assert result.features_shape == (1, 3, 18, 25)
    assert result.pooled.shape == result.aligned.shape == (1, 3, 3, 3)
    assert list(result.traces) == ["red", "green", "blue"]
    for index, trace in enumerate(result.traces.values()):
        np.testing.assert_allclose(result.pooled[0, index], trace.output)


def test_the_call_listing_shows_our_calls_and_their_shapes(channels):
    v = view(quant="round", pool="avg", out=5)
    listing = channels.call_listing(v.settings, channels.pool_channels(v))
    assert "features.shape  # (1, 3, 18, 25)" in listing
    assert "boxes = [[0, 300, 210, 530, 390]]" in listing
    assert 'roi_pool(features, boxes, 5, 1/32,\n    quantization="round")' in listing
    assert 'pooling="avg"' in listing and listing.count("# K, C, h, w = (1, 3, 5, 5)") == 2


def test_a_channel_map_shows_the_quantized_box_its_bins_and_winners_in_the_channels_colours():
    trace = trace_roi_pool(SCENE_MAPS[0], LESSON_PRESET.box_rect, map_geometry(800, 576, 32), 3)
    figure = lesson.channel_map("red", SCENE_MAPS[0], trace)
    grid, bins, winners, _ = figure["data"]
    assert grid["colorscale"][-1][1] == lesson.STYLES["red"].colour.rgba(0.5)
    assert figure["layout"]["xaxis"]["range"] == [9, 16] and figure["layout"]["yaxis"]["range"] == [11, 6]
    (frame,) = figure["layout"]["shapes"]
    assert frame["line"]["color"] == bins["line"]["color"] == QUANTIZATION["floor"].colour.hex
    assert winners["x"].count(None) == 9  # one winning cell per bin


def test_the_winners_figure_puts_one_lettered_marker_per_channel_and_bin(channels):
    result = channels.pool_channels(view())
    figure = channels.winners_figure(result.traces)
    markers = [d for d in figure["data"] if d.get("mode") == "markers+text"]
    assert [m["text"][0] for m in markers] == ["R", "G", "B"]
    assert [m["marker"]["color"] for m in markers] == [s.colour.hex for s in lesson.STYLES.values()]
    assert (1, 0, 7, 10) in [tuple(row[:4]) for row in markers[2]["customdata"]]  # blue's bin (1, 0) winner


def test_the_winner_table_writes_each_channels_value_and_cell(channels):
    rows = channels.winner_table(channels.pool_channels(view()).traces)
    assert len(rows) == 9 and list(rows[0]) == ["bin (row, col)", "red", "green", "blue"]
    assert rows[0]["bin (row, col)"] == "(0, 0)"
    assert rows[0]["red"].endswith(" at (6, 9)") and rows[0]["red"].split(" ")[0].count(".") == 1


def test_an_empty_bin_reads_as_zero():
    trace = trace_roi_pool(SCENE_MAPS[0], Rect.from_xywh(799, 575, 1, 1), map_geometry(800, 576, 32), 2, "round")
    rows = lesson.winner_table({"red": trace})
    assert "empty: 0" in [row["red"] for row in rows]


def test_the_stacked_outputs_name_each_grid_by_method_convention_and_channel(channels):
    v = view(pool="avg")
    rows = channels.output_rows(v.settings, channels.pool_channels(v))
    assert [(r.method, r.convention, r.colour) for r in rows] == [
        ("RoI Pooling", "floor", QUANTIZATION["floor"].colour),
        ("RoI Align", "average", ALIGN_COLOUR),
    ]
    figure = channels.stacked_outputs(rows)
    names = [d["name"] for d in figure["data"]]
    assert names[:3] == ["RoI Pooling, floor: red", "RoI Pooling, floor: green", "RoI Pooling, floor: blue"]
    assert names[3:] == ["RoI Align, average: red", "RoI Align, average: green", "RoI Align, average: blue"]
    assert len(figure["layout"]["shapes"]) == 6
    assert figure["data"][4]["x"].tolist() == [4.5, 5.5, 6.5] and figure["data"][4]["y"].tolist() == [4.5, 5.5, 6.5]


def test_the_captions_name_the_conventions_and_colours_from_the_vocabulary():
    settings = view().settings
    assert "RoI Pooling, floor (the slides)." in lesson.maps_caption(settings)
    assert "Yellow with a bold outline" in lesson.maps_caption(settings)
    assert lesson.outputs_caption(settings).startswith("RoI Pooling: floor: X, Y, W, H")
    assert lesson.marker_words() == "R (vermillion circle): red, G (green square): green, B (blue diamond): blue"
    pooled = np.zeros((1, 3, 2, 4))
    result = lesson.ChannelPooling(SCENE_MAPS[:3], roi_rows(LESSON_PRESET.box_rect), pooled, pooled, {})
    assert "**K = 1** box, **C = 3** channels, **h x w = 2 x 4** bins" in lesson.shape_words(result)
