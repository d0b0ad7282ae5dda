"""Lesson 6's pure functions: all channels pooled at once, each channel's winners, the stacked outputs, the words."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import LESSON_PRESET, Rect, cell_means, map_geometry, roi_rows, trace_roi_pool
from roi_ui.images.store import scene
from roi_ui.lessons import channels as lesson
from roi_ui.plot import kit, legible
from roi_ui.plot.theme import PRESENTER_SCALE
from roi_ui.session.params import defaults
from roi_ui.session.view import build_view
from roi_ui.words.conventions import ALIGN_COLOUR, QUANTIZATION

SCENE_MAPS = cell_means(scene().rgb, 32)


def view(**changes):
    values = defaults() | changes
    image = scene()
    return build_view(values, image, lambda stride: cell_means(image.rgb, stride))


@pytest.fixture
def channels(uncached_image_traces):
    """Lesson 6 with the image's cell means and traces computed directly (no Streamlit session cache)."""
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


def scene_traces() -> dict:
    """Each channel's RoI Pooling trace of the preset box on the scene."""
    geometry = map_geometry(800, 576, 32)
    return {
        name: trace_roi_pool(channel, LESSON_PRESET.box_rect, geometry, 3)
        for name, channel in zip(lesson.CHANNELS, SCENE_MAPS)
    }


def test_a_channel_map_shows_the_quantized_box_its_bins_and_winners_in_the_channels_colours():
    figure = lesson.channel_map(SCENE_MAPS, scene_traces(), "red")
    grid, bins, winners, _ = figure["data"]
    assert grid["colorscale"][-1][1] == lesson.STYLES["red"].colour.rgba(0.5)
    assert figure["layout"]["xaxis"]["range"] == [9, 16] and figure["layout"]["yaxis"]["range"] == [11, 6]
    (frame,) = figure["layout"]["shapes"]
    assert frame["line"]["color"] == bins["line"]["color"] == QUANTIZATION["floor"].colour.hex
    assert winners["x"].count(None) == 9  # one winning cell per bin


def test_the_winners_figure_puts_one_marker_per_channel_and_bin_its_own_symbol(channels):
    result = channels.pool_channels(view())
    figure = channels.winners_figure(result.traces)
    markers = [d for d in figure["data"] if d.get("mode") == "markers"]
    assert [m["name"] for m in markers] == ["red", "green", "blue"]
    assert [m["marker"]["symbol"] for m in markers] == ["circle", "square", "diamond"]  # not colour alone
    assert not [d for d in figure["data"] if "text" in d.get("mode", "")]  # no letters to collide in a small cell
    layout = figure["layout"]
    assert layout["xaxis"]["ticklabelstandoff"] == layout["yaxis"]["ticklabelstandoff"] > 0  # corner labels apart
    assert [m["marker"]["color"] for m in markers] == [s.colour.hex for s in lesson.STYLES.values()]
    assert (1, 0, 7, 10) in [tuple(row[:4]) for row in markers[2]["customdata"]]  # blue's bin (1, 0) winner


def test_the_winner_table_writes_each_channels_value_and_cell(channels):
    table = channels.winner_table(channels.pool_channels(view()).traces)  # columns
    rows = [dict(zip(table, values)) for values in zip(*table.values())]
    assert len(rows) == 9 and list(rows[0]) == ["bin (row, col)", "red", "green", "blue"]
    assert rows[0]["bin (row, col)"] == "(0, 0)"
    assert rows[0]["red"].endswith(" at (6, 9)") and rows[0]["red"].split(" ")[0].count(".") == 1


def test_an_empty_bin_reads_as_zero():
    trace = trace_roi_pool(SCENE_MAPS[0], Rect.from_xywh(799, 575, 1, 1), map_geometry(800, 576, 32), 2, "round")
    table = lesson.winner_table({"red": trace})
    assert "empty: 0" in table["red"]


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
    labels = figure["layout"]["annotations"]  # methods left of their rows, channels over their columns
    assert [label["text"] for label in labels][:2] == ["<b>RoI Pooling</b><br>floor", "<b>0: red</b>"]
    assert {label["font"]["color"] for label in labels} == {"#000000"}  # the light colours fail 4.5:1 as text


def test_the_captions_name_the_conventions_and_colours_from_the_vocabulary():
    settings = view().settings
    assert "RoI Pooling, floor (the slides)." in lesson.maps_caption(settings)
    assert "Yellow with a bold outline" in lesson.maps_caption(settings)
    assert lesson.outputs_caption(settings).startswith("RoI Pooling: floor: X, Y, W, H")
    assert lesson.marker_words() == "red: vermillion circle, green: green square, blue: blue diamond"
    pooled = np.zeros((1, 3, 2, 4))
    result = lesson.ChannelPooling(SCENE_MAPS[:3], roi_rows(LESSON_PRESET.box_rect), pooled, pooled, {})
    assert "**K = 1** box, **C = 3** channels, **h x w = 2 x 4** bins" in lesson.shape_words(result)


def test_the_three_channel_maps_are_three_figures_at_the_same_zoom():
    traces = scene_traces()  # a figure each: side by side, or one under the other on a phone
    for index, (name, trace) in enumerate(traces.items()):
        figure = lesson.channel_map(SCENE_MAPS, traces, name)
        layout = figure["layout"]
        assert layout["xaxis"]["range"] == [9, 16] and layout["yaxis"]["scaleanchor"] == "x"  # square cells
        assert layout["xaxis"]["dtick"] == layout["yaxis"]["dtick"] == lesson.TICK_STEP  # labels apart
        (title,) = [a["text"] for a in layout["annotations"]]
        grid, _, winners, _ = figure["data"]
        assert grid["colorscale"][-1][1] == lesson.STYLES[name].colour.rgba(0.5)
        assert winners["x"].count(None) == len([b for b in trace.bins if not b.empty])
        assert f"Channel {index}: {name}" in title and "#000000" in title  # black: the channel colours are too light
        assert layout["xaxis"]["side"] == "bottom"  # the column ticks clear of the title


def test_a_box_past_the_maps_edge_still_shows_the_nearest_cell():
    maps = cell_means(scene().rgb, 64)[:3]  # 13 x 9 cells
    box, geometry = Rect.from_xywh(799, 575, 1, 1), map_geometry(800, 576, 64)
    traces = {name: trace_roi_pool(channel, box, geometry, 7, "round") for name, channel in zip(lesson.CHANNELS, maps)}
    assert traces["red"].quantized.Y == 9  # the row under the map's last one
    figures = [lesson.channel_map(maps, traces, name) for name in lesson.CHANNELS]
    grids = [d for figure in figures for d in figure["data"] if d["type"] == "heatmap"]
    assert len(grids) == 3 and all(grid["z"].size for grid in grids)  # the nearest map cell, with its value
    assert figures[0]["layout"]["yaxis"]["range"] == [10, 8]


def shown_from(figure: dict, presenting: bool) -> legible.Fit:
    """From which chart width a figure's values are printed, as ``session.charts.chart`` draws it."""
    return legible.fit(legible.values_on_top(kit.with_text_scale(figure, PRESENTER_SCALE) if presenting else figure))


@pytest.mark.parametrize("presenting", [False, True])
def test_the_values_are_printed_on_a_projector_and_on_a_phone(channels, presenting):
    traces = scene_traces()  # 7 x 5 cells, values "0.67": 2 decimals
    # px of a channel map: a third of 1280 px in presenter mode, the whole width of a phone (at 1280 px with the
    # sidebar a third is 263 px: the values show on hover there)
    width = 393 if presenting else 358
    fit = shown_from(lesson.channel_map(SCENE_MAPS, traces, "red", presenting), presenting)
    assert fit.min_width is not None and fit.min_width <= width
    v = view()
    rows = channels.output_rows(v.settings, channels.pool_channels(v))
    fit = shown_from(channels.stacked_outputs(rows, lesson.OUTPUTS_HEIGHTS[presenting]), presenting)
    assert fit.min_width is not None and fit.min_width <= 850  # the stacked outputs, at 150 % zoom too
