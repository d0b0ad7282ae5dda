"""Lesson 5's pure functions: the three output grids, the cells read, the sweep's panels and the words."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import compare_methods, shift_sweep, trace_roi_align, trace_roi_pool
from roi_ui.images.store import scene
from roi_ui.lessons import side_by_side as lesson
from roi_ui.plot import kit, legible
from roi_ui.plot.marks import CHOSEN_EDGE, CHOSEN_INSET
from roi_ui.plot.theme import TYPE
from roi_ui.session.params import defaults
from roi_ui.session.selection import cell_bins
from roi_ui.session.view import build_view
from roi_ui.words import readers
from roi_ui.words.conventions import ROI_ALIGN, ROI_POOLING
from roi_ui.words.numbers import fixed_grid

POOL_FLOOR = [[0.9, 0.7, 0.5], [0.6, 0.4, 1.0], [0.4, 0.5, 0.8]]


def view_of(**changes):
    """The scene's view (the slides' table at stride 32) with ``changes`` to the preset's values."""
    return build_view(defaults() | changes, scene(), lambda stride: np.full((4, 576 // stride, 800 // stride), 0.5))


def traces_of(view, shift: int = 0):
    """RoI Pooling and RoI Align of the view's box moved right by ``shift`` pixels, and their comparison."""
    s = view.settings
    box = s.box_rect.shifted(shift)
    pool = trace_roi_pool(view.feature_map, box, view.geometry, s.output_size, s.quantization)
    align = trace_roi_align(view.feature_map, box, view.geometry, s.output_size, **s.align_options)
    return pool, align, compare_methods(pool, align)


def sweep_of(view, shifts=lesson.SHIFTS):
    s = view.settings
    return shift_sweep(
        view.feature_map,
        s.box_rect,
        view.geometry,
        s.output_size,
        shifts,
        quantization=s.quantization,
        **s.align_options,
    )


@pytest.fixture(scope="module")
def preset():
    view = view_of()
    return view, *traces_of(view)


def test_shifts_are_a_plain_tuple_centred_on_zero():
    assert isinstance(lesson.SHIFTS, tuple) and lesson.SHIFTS[0] == -32 and lesson.SHIFTS[-1] == 32
    assert lesson.shifts_text((-44, -12, 0, 20)) == "-44, -12, 0, +20 px"
    assert lesson.shifts_text(()) == "none"


def test_output_decimals_follow_the_views_decimals_and_the_grid_width():
    assert lesson.output_decimals(1, 3) == 3  # the slides' table, a 3 x 3 output: 0.487
    assert lesson.output_decimals(1, 7) == 2
    assert lesson.output_decimals(2, 4) == 4  # an image's averages
    assert lesson.output_text_size(3) > lesson.output_text_size(5) > lesson.output_text_size(7)


def heatmaps(figure: dict) -> dict[str, dict]:
    """The shift figure's output grids by name (its heatmaps; its scatter traces are the sweep's)."""
    return {trace["name"]: trace for trace in figure["data"] if trace["type"] == "heatmap"}


def sweep_lines(figure: dict) -> dict[str | None, dict]:
    """The shift figure's sweep traces by name (on the panels' axes x4)."""
    return {trace.get("name"): trace for trace in figure["data"] if trace.get("xaxis") == "x4"}


def test_shift_figure_opens_on_three_titled_grids_printed_alike(preset):
    view, _, align, comparison = preset
    figure = lesson.shift_figure(sweep_of(view), 0, view)
    grids = heatmaps(figure)
    assert list(grids) == [ROI_POOLING, ROI_ALIGN, lesson.DIFFERENCE]
    assert [trace["type"] for trace in figure["data"][:3]] == ["heatmap"] * 3  # the frames' trace indices 0-2
    np.testing.assert_allclose(grids[ROI_POOLING]["z"], POOL_FLOOR)
    np.testing.assert_array_equal(grids[ROI_ALIGN]["z"], align.output)
    assert grids[ROI_POOLING]["text"][1] == ["0.600", "0.400", "1.000"]
    assert grids[ROI_ALIGN]["text"][0][0] == "0.487"  # 0.487457 (the slides write S1 = 0.4875)
    difference = grids[lesson.DIFFERENCE]
    assert difference["text"][1][2] == "-0.415" and difference["text"][0][2].startswith("+")
    assert difference["zmin"] == -difference["zmax"] == pytest.approx(-comparison.largest_gap)
    assert [(t["xaxis"], t["yaxis"]) for t in grids.values()] == [("x", "y"), ("x2", "y2"), ("x3", "y3")]
    assert figure["layout"]["yaxis3"]["scaleanchor"] == "x3"
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert titles == ["<b>RoI Pooling</b>", "<b>RoI Align</b>", "<b>Align − Pool</b>"]  # short: side by side on a phone
    words = lesson.grids_words(view.settings)  # the conventions, in words over the chart
    assert (
        "**RoI Pooling** (floor (the slides))" in words and "**RoI Align** (2 x 2 spaced · max · aligned=True)" in words
    )
    assert "(row, col), from 0" in words


def test_the_shift_figure_keeps_its_labels_apart_on_a_phone_and_fits_a_projector(preset):
    view = preset[0]
    figure = lesson.shift_figure(sweep_of(view), 0, view)
    labels = next(t for t in figure["data"] if t.get("mode") == "text")
    shift_labels = [text for text in labels["text"] if text.endswith(("2", "px"))]
    assert shift_labels == ["-32", "0 px", "+32"] * 3  # three per bottom panel: first, 0, last
    slider = figure["layout"]["sliders"][0]
    assert slider["currentvalue"]["xanchor"] == "right"  # "Shift: 0 px" at the slider's far end, clear of Play


def test_presenter_mode_shows_the_grids_and_the_panels_one_screen_each(preset):
    view, presenting = preset[0], view_of(present=True)
    sweep = sweep_of(view)
    whole = lesson.shift_figure(sweep, 0, view)
    grids = lesson.shift_figure(sweep, 0, presenting, (lesson.GRIDS,))
    panels = lesson.shift_figure(sweep, 0, presenting, (lesson.SWEEP,))
    assert [t["type"] for t in grids["data"][:3]] == ["heatmap"] * 3
    assert "heatmap" not in [t["type"] for t in grids["data"][3:]]  # the chosen bin, the click targets
    assert "heatmap" not in [t["type"] for t in panels["data"]] and panels["data"][-1]["name"] == "current shift"
    assert max(grids["layout"]["height"], panels["layout"]["height"]) <= 560 < whole["layout"]["height"]
    for figure, changed in ((grids, [0, 1, 2]), (panels, [len(panels["data"]) - 1])):
        assert len(figure["frames"]) == len(sweep.shifts) and figure["frames"][32]["traces"] == changed
    np.testing.assert_array_equal(grids["frames"][52]["data"][0]["z"], whole["frames"][52]["data"][0]["z"])
    assert grids["data"][0]["textfont"]["size"] == TYPE.cell  # x 18/14 on a projector: 18 px, fits its cell


def test_grids_sit_above_the_sweep(preset):
    layout = lesson.shift_figure(sweep_of(preset[0]), 0, preset[0])["layout"]
    grids_bottom = layout["yaxis"]["domain"][0]
    assert layout["yaxis2"]["domain"] == layout["yaxis3"]["domain"] == [grids_bottom, 1]
    assert layout["yaxis4"]["domain"] == [0, layout["legend"]["y"]] and layout["legend"]["y"] < grids_bottom
    assert layout["xaxis4"]["visible"] is False


def test_image_values_print_with_more_decimals():
    view = view_of(values="image")
    grids = lesson.output_grids(sweep_of(view), 32, view)
    assert all(len(text.split(".")[1]) == 4 for text in grids[0]["text"][0])


@pytest.mark.parametrize(
    "changes", [{}, dict(quant="round", layout="centered", pool="avg", aligned=False, sr=0, out=7)]
)
def test_the_sweep_at_each_shift_is_the_traces_of_the_shifted_box(changes):
    view = view_of(**changes)
    sweep = sweep_of(view)
    for index, shift in enumerate(lesson.SHIFTS):
        pool, align, _ = traces_of(view, shift)
        np.testing.assert_array_equal(sweep.pool[index], pool.output)
        np.testing.assert_array_equal(sweep.align[index], align.output)


def test_one_frame_per_shift_holds_that_shifts_values(preset):
    view = preset[0]
    sweep = sweep_of(view)
    figure = lesson.shift_figure(sweep, 12, view)
    frames = figure["frames"]
    assert [frame["name"] for frame in frames] == [lesson.shift_name(s) for s in lesson.SHIFTS]
    assert (frames[0]["name"], frames[32]["name"], frames[44]["name"]) == ("-32 px", "0 px", "+12 px")
    marker = next(i for i, t in enumerate(figure["data"]) if t.get("name") == "current shift")
    for index, frame in enumerate(frames):
        assert frame["traces"] == [0, 1, 2, marker]  # the grids and the dashed line, nothing else
        pool, align, difference, line = frame["data"]
        assert set(pool) == set(align) == {"type", "z", "text"} and set(line) == {"type", "x"}
        assert set(difference) == {"type", "z", "text", "zmin", "zmax"}
        np.testing.assert_array_equal(pool["z"], sweep.pool[index])
        np.testing.assert_array_equal(align["z"], sweep.align[index])
        np.testing.assert_array_equal(difference["z"], sweep.align[index] - sweep.pool[index])
        assert difference["zmax"] == -difference["zmin"] == pytest.approx(np.abs(difference["z"]).max())
        assert align["text"] == fixed_grid(sweep.align[index], 3)
        assert difference["text"] == fixed_grid(difference["z"], 3, sign=True)
        assert line["x"][:2] == [lesson.SHIFTS[index]] * 2
    # the frame at the figure's own shift is the figure: the slider starts there
    slider = figure["layout"]["sliders"][0]
    assert slider["active"] == 44 and slider["currentvalue"]["prefix"] == "Shift: "
    assert [step["label"] for step in slider["steps"]] == [frame["name"] for frame in frames]
    assert figure["layout"]["updatemenus"][0]["buttons"][0]["label"] == "▶ Play"
    for position, key in ((0, "z"), (1, "z"), (2, "z"), (0, "text"), (1, "text"), (2, "text")):
        np.testing.assert_array_equal(frames[44]["data"][position][key], figure["data"][position][key])
    assert frames[44]["data"][3]["x"] == figure["data"][marker]["x"]


def test_frames_at_a_shift_past_the_bins_show_the_moved_pool(preset):
    view = preset[0]
    frame = lesson.shift_figure(sweep_of(view), 0, view)["frames"][32 + 20]
    pool, align, _ = traces_of(view, 20)  # 320 / 32 = 10: RoI Pooling's bins moved one cell right
    assert frame["data"][0]["text"] == fixed_grid(pool.output, 3) != fixed_grid(np.array(POOL_FLOOR), 3)
    assert frame["data"][1]["text"] == fixed_grid(align.output, 3)


def test_box_sentence_gives_pixels_cells_and_both_placements(preset):
    view, pool, align, _ = preset
    sentence = lesson.box_sentence(view.settings.box_rect, 0, pool, align)
    assert "**300 px** to **530 px** (shift 0 px)" in sentence
    assert "**9.375 cells** to **16.5625 cells**" in sentence
    assert "RoI Pooling, floor (the slides), snaps it to whole cells, **9** to **16 cells**" in sentence
    view12 = view_of(shift=12)
    pool12, align12, _ = traces_of(view12, 12)
    assert "**312 px**" in lesson.box_sentence(view12.settings.box_rect.shifted(12), 12, pool12, align12)


def test_pool_notes_name_their_axis_once():
    view = view_of(w="20", h="20")  # 20 / 32 floors to 0 on both axes
    pool, _, _ = traces_of(view)
    notes = lesson.pool_notes(pool)
    assert len(notes) == 2 and notes[0].startswith("RoI Pooling: height") and notes[1].startswith("RoI Pooling: width")


def test_reading_metrics_and_sentence(preset):
    view, _, _, comparison = preset
    sweep = sweep_of(view)
    (gap, pool, align) = lesson.reading_metrics(comparison, sweep, 3)
    assert gap[1] == "0.415" and "(row 1, col 2)" in gap[2]
    assert pool[0] == "RoI Pooling: values per bin over 65 shifts"
    assert "from -32 to +32 px" in pool[2]
    assert align[0].startswith("RoI Align")
    reading = lesson.reading(sweep)
    assert "moved at **2** of them (-12, +20 px" in reading
    assert "**64 of 64** steps" in reading


def test_sweep_panels_have_one_stretch_per_bin_and_mark_the_shift(preset):
    view = preset[0]
    figure = lesson.shift_figure(sweep_of(view), 7, view)
    traces = sweep_lines(figure)
    assert {trace["xaxis"] for trace in traces.values()} == {"x4"}
    pool = traces["RoI Pooling (floor)"]
    assert np.isnan(pool["customdata"][:, 0]).sum() == 9 and len(pool["customdata"]) == 9 * 66
    assert pool["line"]["shape"] == "hv" and traces[ROI_ALIGN]["line"]["shape"] == "linear"
    current = traces["current shift"]
    assert current["x"][:2] == [7, 7] and current["line"]["dash"] == "dash"
    moved = traces["RoI Pooling's bins moved"]
    assert moved["x"].count(None) == 2 * 9  # two shifts, in each of the nine panels
    labels = next(t for t in figure["data"] if t.get("mode") == "text")
    assert "<b>bin (2, 2)</b>" in labels["text"] and "+32" in labels["text"] and "0.5 " in labels["text"]


def test_cells_read_figure_shows_both_methods_around_the_box(preset):
    view, pool, align, comparison = preset
    figure = lesson.cells_read_figure(view, pool, align, comparison)
    names = [trace.get("name") or "" for trace in figure["data"]]
    assert "RoI Pooling read (18 cells, shaded)" in names
    assert "RoI Align's samples touched (56 cells, outlined)" in names
    points = next(t for t in figure["data"] if t.get("name") == "RoI Align's sampling points")
    assert len(points["x"]) == 36
    assert "shapes" not in figure["layout"]  # a shape would be drawn over the printed values
    box = next(t for t in figure["data"] if t.get("name") == "the true box (projected, not rounded)")
    assert (min(x for x in box["x"] if x is not None), min(y for y in box["y"] if y is not None)) == (9.375, 6.5625)
    assert points["marker"]["size"] == lesson.SAMPLE_SIZE < 9
    drawn = legible.values_on_top(figure)["data"]
    assert str(drawn[-1]["uid"]).startswith(legible.VALUES_UID)  # the values on top of every line and point
    assert figure["layout"]["xaxis"]["range"] == [8, 18]  # one cell around what either method read
    assert figure["data"][0]["text"][0][0] == "0.7"  # the map's own decimals


def test_cells_read_words_count_each_set(preset):
    view, pool, _, comparison = preset
    legend = lesson.cells_read_legend(view.settings, pool, comparison)
    assert "**Shaded vermillion**: the 18 cells RoI Pooling's bins read" in legend
    assert "bins of 2 x 1 cells, w x h" in legend
    assert "**Green outlines**: the 56 cells" in legend
    counts = lesson.cells_read_counts(comparison)
    assert f"Read by both: **{len(comparison.read_by_both)}** cells" in counts


def test_captions_name_the_conventions():
    view = view_of(quant="round", layout="centered", pool="avg", aligned=False)
    caption = lesson.sweep_caption(view.settings, -3)
    assert "RoI Pooling, round (torchvision roi_pool): a staircase" in caption
    assert "2 x 2 centred · average · aligned=False" in caption and "(-3 px)" in caption
    assert lesson.shift_name(12) == "+12 px" and lesson.shift_name(0) == "0 px" and lesson.shift_name(-3) == "-3 px"
    assert "1/32 of a cell" in lesson.slider_label(32)


def test_the_chosen_bin_is_outlined_on_both_grids_and_each_bin_is_a_click_target(preset):
    view = preset[0]
    figure = lesson.shift_figure(sweep_of(view), 0, view, chosen=(1, 2))
    outlines = [t for t in figure["data"] if t.get("line", {}).get("width") == kit.CHOSEN_CELL_EDGE]
    assert [(t["xaxis"], min(x for x in t["x"] if x is not None)) for t in outlines] == [("x", 2.04), ("x2", 2.04)]
    targets = [t for t in figure["data"] if t.get("marker", {}).get("opacity") == 0]
    assert [t["xaxis"] for t in targets] == ["x", "x2"] and targets[1]["customdata"][5] == [1, 2]
    assert targets[1]["hovertemplate"].startswith("RoI Align bin (row %{customdata[0]}, col %{customdata[1]})")
    assert max(max(frame["traces"]) for frame in figure["frames"]) < figure["data"].index(outlines[0])


def test_the_cells_read_map_outlines_what_the_chosen_bin_read_with_each_method(preset):
    view, pool, align, comparison = preset
    figure = lesson.cells_read_figure(view, pool, align, comparison, chosen=(2, 1))
    bold = [t for t in figure["data"] if t.get("line", {}).get("width") == CHOSEN_EDGE]
    pool_cells, align_area = ([x for x in t["x"] if x is not None] for t in bold)
    (r0, _), (c0, c1) = pool.bin(2, 1).rows, pool.bin(2, 1).cols
    assert (min(pool_cells), max(pool_cells)) == pytest.approx((c0 + CHOSEN_INSET, c1 - CHOSEN_INSET))
    assert (min(align_area), max(align_area)) == pytest.approx(align.bin(2, 1).x_edges)
    assert cell_bins(pool, align)[(r0, c0)][0] == (2, 1)
    assert "RoI Pooling bin (2, 1) read" in readers.both_bins_read(pool.bin(2, 1), align.bin(2, 1), "max", 2)
