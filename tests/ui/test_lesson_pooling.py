"""Lesson 3's pure functions: the step figure's layers, the formulas for floor and round, the table rows."""

from __future__ import annotations

import json

import numpy as np
import pytest

from roi_core import LESSON_PRESET, Rect, lesson_feature_map, map_geometry, trace_roi_pool
from roi_ui.lessons import pooling as lesson
from roi_ui.plot import kit, legible
from roi_ui.plot.marks import CHOSEN_EDGE, CHOSEN_INSET
from roi_ui.plot.theme import PRESENTER_SCALE
from roi_ui.session.params import POOL_STEPS
from roi_ui.words.conventions import QUANTIZATION
from roi_ui.words.numbers import fixed

SLIDES_OUTPUT = [[0.9, 0.7, 0.5], [0.6, 0.4, 1.0], [0.4, 0.5, 0.8]]
FEATURE_MAP = lesson_feature_map()
GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect.from_xywh(*LESSON_PRESET.box)


def trace(quantization: str = "floor", output_size: int = 3, box: Rect = BOX):
    return trace_roi_pool(FEATURE_MAP, box, GEOMETRY, output_size, quantization)


def step_figure(step: int, t=None, whole: bool = False) -> dict:
    t = t or trace()
    return lesson.step_figure(FEATURE_MAP, t, step, 1, lesson.map_window(t, whole))


def hatched(figure: dict) -> list[dict]:
    return [d for d in figure["data"] if d.get("fillpattern")]


def drawn(figure: dict) -> list[dict]:
    """The traces that draw something (the map, and the layers with points; not the cells' invisible click
    targets)."""
    return [
        d for d in figure["data"] if d["type"] == "heatmap" or (len(d["x"]) and d.get("marker", {}).get("opacity") != 0)
    ]


def visible(items: list[dict]) -> list[dict]:
    return [item for item in items if item.get("visible", True)]


def marks(figure: dict) -> list[dict]:
    """The visible annotations on the map (the headline above it left out)."""
    return [a for a in visible(figure["layout"]["annotations"]) if a.get("xref") != "paper"]


def text_traces(figure: dict) -> list[dict]:
    return [d for d in figure["data"] if d.get("mode") == "text"]


def headline_text(figure: dict) -> str:
    (headline,) = [a for a in figure["layout"]["annotations"] if a.get("xref") == "paper"]
    return headline["text"]


def bounds(trace: dict) -> tuple[float, float, float, float]:
    """The (x1, y1, x2, y2) a line trace's points span."""
    xs, ys = [x for x in trace["x"] if x is not None], [y for y in trace["y"] if y is not None]
    return min(xs), min(ys), max(xs), max(ys)


def printed(figure: dict) -> dict[tuple[float, float], str]:
    """The values the page prints on the map, by cell centre (x, y): the label trace ``chart`` makes."""
    (labels,) = [d for d in legible.values_on_top(figure)["data"] if str(d.get("uid", "")).startswith("values")]
    return {(float(x), float(y)): text for x, y, text in zip(labels["x"], labels["y"], labels["text"], strict=True)}


LAYER_NAMES = "corners lost added dropped bins winners winner_hover chosen quantized true_box arrow targets"
LAYERS = {name: index for index, name in enumerate(LAYER_NAMES.split(), start=1)}  # trace indices (0: the map)


def test_every_step_has_a_title():
    assert len(lesson.STEP_TITLES) == POOL_STEPS
    assert lesson.step_heading(2) == "Step 2 of 5 · Quantize the box to whole cells"


def test_step_1_draws_the_projected_box_and_its_corners_only():
    figure = step_figure(1)
    assert [d["type"] for d in drawn(figure)] == ["heatmap", "scatter", "scatter"]
    markers = figure["data"][LAYERS["corners"]]
    assert markers["x"] == [9.375, 16.5625] and markers["y"] == [6.5625, 12.1875]
    assert markers["marker"]["size"] <= 8  # small: the cell's value stays readable
    assert not marks(figure)  # the corners are written in the headline, not over the cells
    assert headline_text(figure).endswith("corners (x, y): (9.375, 6.563)<br>and (16.563, 12.188)")
    box = figure["data"][LAYERS["true_box"]]
    assert (bounds(box), box["line"]["dash"]) == ((9.375, 6.5625, 16.5625, 12.1875), "solid")


@pytest.mark.parametrize("step", range(1, POOL_STEPS + 1))
def test_nothing_is_drawn_over_the_values(step):
    """Box edges, bins, marks and the arrow are traces drawn before the value labels; no layout shape, and no
    annotation but the headline above the map, can strike through a number."""
    figure = stepped(step)
    assert not figure["layout"].get("shapes")
    assert all(a.get("xref") == "paper" for a in figure["layout"]["annotations"])
    assert all("text" not in str(d.get("mode", "")) for d in figure["data"][1:])
    on_top = legible.values_on_top(figure)["data"]
    assert on_top[-1]["uid"] == "values0" and len(on_top) == len(figure["data"]) + 1  # the values come last
    for shown in figure["frames"]:
        assert set(shown["layout"]) == {"annotations"} and len(shown["layout"]["annotations"]) == 1


def test_step_2_adds_the_quantized_box_the_areas_and_the_origin_shift():
    figure = step_figure(2)
    assert len(hatched(figure)) == 2  # lost and added
    quantized, true_box = figure["data"][LAYERS["quantized"]], figure["data"][LAYERS["true_box"]]
    assert bounds(quantized) == (9, 6, 16, 11)
    assert quantized["line"]["color"] == QUANTIZATION["floor"].colour.hex
    assert true_box["line"]["dash"] == "dash"
    arrow = figure["data"][LAYERS["arrow"]]
    assert (arrow["x"], arrow["y"]) == ([9.375, 9], [6.5625, 6])  # from the projected origin to the quantized one
    assert arrow["marker"]["symbol"] == "arrow"
    assert not marks(figure)
    assert "its origin (x, y): (9, 6)" in headline_text(figure)


def test_step_3_adds_the_bins_and_hatches_the_17_dropped_cells():
    figure = step_figure(3)
    (dropped,) = hatched(figure)
    assert len([x for x in dropped["x"] if x is not None]) == 17 * 5
    assert not marks(figure)
    assert not text_traces(figure)
    assert not figure["data"][LAYERS["arrow"]]["x"]


@pytest.mark.parametrize("step", [4, 5])
def test_steps_4_and_5_mark_each_bins_maximum_where_its_value_is_printed(step):
    figure = step_figure(step)
    winners = figure["data"][LAYERS["winner_hover"]]
    values = printed(figure)
    shown = sorted(values[(x, y)] for x, y in zip(winners["x"], winners["y"], strict=True))
    assert shown == sorted(f"{v:.1f}" for row in SLIDES_OUTPUT for v in row)
    assert values[(9.5, 6.5)] == "0.9"  # bin (0, 0): 0.9 at row 6, col 9


def test_the_window_is_the_same_at_every_step_and_can_be_the_whole_map():
    ranges = {
        (tuple(f["layout"]["xaxis"]["range"]), tuple(f["layout"]["yaxis"]["range"]))
        for f in (step_figure(step) for step in range(1, POOL_STEPS + 1))
    }
    assert ranges == {((6, 20), (16, 3))}  # the boxes (cols 9-17, rows 6-13) and 3 cells around them
    whole = step_figure(1, whole=True)["layout"]
    assert (whole["xaxis"]["range"], whole["yaxis"]["range"]) == ([0, 25], [18, 0])


def test_output_figure_is_the_slides_output_framed_in_the_conventions_colour():
    figure = lesson.output_figure(trace(), 1)
    np.testing.assert_allclose(figure["data"][0]["z"], SLIDES_OUTPUT)
    _, frame, targets = figure["data"]
    assert targets["customdata"][0][:2] == [0, 0]  # a click on a bin chooses it
    assert (bounds(frame), frame["line"]["color"]) == ((0, 0, 3, 3), QUANTIZATION["floor"].colour.hex)
    assert not figure["layout"].get("shapes")
    assert figure["layout"]["xaxis"]["ticktext"] == ["0", "1", "2"]


def test_the_projection_says_where_the_corners_land():
    assert "land **inside** cells" in lesson.corners_words(Rect(9.375, 6.5625, 16.5625, 12.1875))  # the slides'
    assert "Every coordinate lands **on a cell border**" in lesson.corners_words(Rect(0, 1, 3, 3))  # d2l.ai's box 2
    assert lesson.corners_words(Rect(0, 1.5, 3, 3)).startswith("3 of the 4 coordinates land on cell borders")


def test_projection_writes_the_slides_divisions():
    worked = lesson.projection(trace())
    assert r"x_2 &= \tfrac{300 + 230}{32} = 16.563" in worked.latex
    assert "6.562" not in worked.latex
    assert "(9.375, 6.563) → (16.563, 12.188) cells" in worked.result


def test_floor_quantization_floors_x_y_w_h():
    worked = lesson.quantization(trace())
    assert r"W &= \left\lfloor 7.188 \right\rfloor = 7" in worked.latex
    assert r"\max" not in worked.latex
    assert "X=9, Y=6, W=7, H=5 cells" in worked.result
    assert "11,296 px²" in worked.result


def test_round_quantization_rounds_both_corners_and_counts_the_end_cell():
    worked = lesson.quantization(trace("round"))
    assert r"x_{end} &= \mathrm{round}(16.563) = 17" in worked.latex
    assert r"W &= 17 - 9 + 1 = 9" in worked.latex
    assert worked.result.startswith("torchvision rounds both corners")
    assert "X=9, Y=7, W=9, H=6 cells" in worked.result


def test_floor_bins_are_whole_cells_and_leave_17_cells_unread():
    worked = lesson.bins(trace())
    assert r"\text{bin width} &= \left\lfloor \tfrac{7}{3} \right\rfloor = 2" in worked.latex
    assert "7/3 → 2 cells wide, 5/3 → 1 cell high" in worked.result
    assert "[9, 11), [11, 13), [13, 15)" in worked.result
    assert "**17 cells** of the quantized box are never read" in worked.result


def test_round_bins_keep_the_fractional_size():
    worked = lesson.bins(trace("round", output_size=4))
    assert r"\text{bin width} &= \tfrac{9}{4} = 2.25" in worked.latex
    assert "**0 cells**" in worked.result


def test_a_floor_guard_writes_max_1_and_warns():
    guarded = trace(output_size=7)
    assert r"\max\left(1, \left\lfloor \tfrac{5}{7} \right\rfloor\right)" in lesson.bins(guarded).latex
    assert r"H &= \max\left(1" in lesson.quantization(guarded).latex
    assert "5 cells / 7 bins floors to 0" in lesson.guard_warning(guarded)
    assert lesson.guard_warning(trace()) is None


def test_max_rows_print_values_with_the_views_decimals():
    rows = lesson.max_rows(trace(), 2)
    assert len(rows) == 9
    assert rows[0] == {"bin": "(0, 0)", "values read": "0.90, 0.80", "max": "0.90", "at cell": "(6, 9)"}


def test_an_empty_bin_has_a_zero_maximum_and_no_cell():
    corner = trace(box=Rect.from_xywh(780, 560, 20, 16))  # 1 x 1 cell at the corner: 2 of 3 bins past the map
    rows = lesson.max_rows(corner, 1)
    empty = [row for row, b in zip(rows, corner.bins) if b.empty]
    assert empty and all(row["max"] == "0 (empty)" and row["at cell"] == "—" for row in empty)


def test_legends_name_the_conventions_colour():
    assert "Vermillion: the quantized box" in lesson.step_legend(2, trace())
    assert "Reddish purple lines" in lesson.step_legend(3, trace("round"))


def test_table_height_grows_with_the_rows_up_to_a_limit():
    assert lesson.table_height(1) < lesson.table_height(9) <= lesson.TABLE_MAX_HEIGHT == lesson.table_height(49)


def stepped(step: int, t=None, whole: bool = False) -> dict:
    t = t or trace()
    return lesson.stepped_figure(FEATURE_MAP, t, step, 1, lesson.map_window(t, whole))


def frame(figure: dict, name: str) -> dict:
    (found,) = [f for f in figure["frames"] if f["name"] == name]
    return found


def test_every_step_draws_the_same_traces_shapes_and_annotations_in_the_same_places():
    sizes = {
        (len(f["data"]), len(f["layout"].get("shapes", [])), len(f["layout"]["annotations"]))
        for f in (step_figure(step) for step in range(1, POOL_STEPS + 1))
    }
    assert sizes == {(13, 0, 1)}  # the map, 11 layers (boxes and arrow too), click targets; no shape; the headline


@pytest.mark.parametrize("step", range(1, POOL_STEPS + 1))
def test_one_frame_per_step_holds_exactly_that_steps_figure(step):
    figure = stepped(step)
    assert [f["name"] for f in figure["frames"]] == [
        "1 · Project",
        "2 · Quantize",
        "3 · Divide",
        "4 · Maximum",
        "5 · Output",
    ]
    (slider,) = figure["layout"]["sliders"]
    assert slider["active"] == step - 1 and slider["currentvalue"]["prefix"] == "Step "
    assert [s["args"][0] for s in slider["steps"]] == [[f["name"]] for f in figure["frames"]]
    assert [s["label"] for s in slider["steps"]] == ["1", "2", "3", "4", "5"]  # short: they fit on a phone
    assert slider["currentvalue"]["visible"] is False  # the headline names the step
    assert [b["label"] for b in figure["layout"]["updatemenus"][0]["buttons"]] == ["▶", "❚❚"]
    for number, shown in enumerate(figure["frames"], start=1):
        state = step_figure(number)
        assert shown["traces"] == list(range(1, 12))  # every layer; the map (0) and targets (12) never change
        assert shown["data"] == state["data"][1:12]
        assert shown["layout"] == {"annotations": state["layout"]["annotations"]}
    active = figure["frames"][step - 1]
    assert active["data"] == figure["data"][1:12]
    assert active["layout"]["annotations"] == figure["layout"]["annotations"]


def test_the_frames_hold_the_traces_values():
    t = trace(output_size=4)
    figure = stepped(1, t)
    corners = frame(figure, "1 · Project")["data"][0]
    projected = t.quantized.projected
    assert (corners["x"], corners["y"]) == ([projected.x1, projected.x2], [projected.y1, projected.y2])
    dropped = frame(figure, "3 · Divide")["data"][3]
    assert len([x for x in dropped["x"] if x is not None]) == 5 * len(t.dropped_cells)
    values = printed(figure)
    for name in ("4 · Maximum", "5 · Output"):
        hover = frame(figure, name)["data"][LAYERS["winner_hover"] - 1]
        winners = [b for b in t.bins if not b.empty]
        assert list(zip(hover["y"], hover["x"])) == [(b.argmax[0] + 0.5, b.argmax[1] + 0.5) for b in winners]
        assert [values[(x, y)] for x, y in zip(hover["x"], hover["y"])] == [fixed(b.value, 1) for b in winners]
    quantized_box = frame(figure, "2 · Quantize")["data"][LAYERS["quantized"] - 1]
    cells = t.quantized.cells
    assert bounds(quantized_box) == (cells.x1, cells.y1, cells.x2, cells.y2)
    assert not frame(figure, "1 · Project")["data"][LAYERS["quantized"] - 1]["x"]
    assert "origin (x, y): (9, 6)" in frame(figure, "2 · Quantize")["layout"]["annotations"][0]["text"]


def test_the_headline_names_the_step_and_the_conventions_colour():
    assert headline_text(step_figure(2)) == (
        "<b>Step 2 of 5 · Quantize</b><br>vermillion: the quantized box<br>its origin (x, y): (9, 6)<br>"
        "hatched: lost · dotted: added"
    )
    assert "reddish purple: the bins" in lesson.headline(3, trace("round"))


@pytest.mark.parametrize("step", range(1, POOL_STEPS + 1))
def test_the_headline_is_short_enough_for_a_phone(step):
    """At most ``HEADLINE_LINES`` lines (the top margin's room), none wider than a 390 px phone's map (about 40
    characters of 14 px text), whatever the convention and output size."""
    lines = lesson.headline(step, trace("round", output_size=7)).replace("<b>", "").replace("</b>", "").split("<br>")
    assert len(lines) <= lesson.HEADLINE_LINES
    assert max(len(line) for line in lines) <= 40


def test_the_values_fit_their_cells_at_the_maps_width():
    """In normal mode the map's values are printed at ``MAP_WIDTH`` (square cells, 14 px text)."""
    fit = legible.fit(legible.values_on_top(stepped(1)))
    assert fit.min_width is not None and fit.min_width <= lesson.MAP_WIDTH


def test_presenter_mode_fits_one_screen_with_18_px_values():
    """No headline, slider or frames; fewer cells around the boxes; the values, enlarged to 18 px and more, fit
    their cells in half of a 1280 px screen, and the figure in 480 px of height."""
    t = trace()
    window = lesson.map_window(t, margin=lesson.window_margin(True))
    figure = lesson.map_figure(FEATURE_MAP, t, 1, 1, window, presenting=True)
    assert not figure["layout"]["annotations"] and "sliders" not in figure["layout"] and "frames" not in figure
    assert figure["layout"]["height"] <= 480
    scaled = kit.with_text_scale(figure, PRESENTER_SCALE)
    assert scaled["data"][0]["textfont"]["size"] >= 18
    fit = legible.fit(legible.values_on_top(scaled))
    assert fit.min_width is not None and fit.min_width <= 600
    assert lesson.map_figure(FEATURE_MAP, t, 1, 1, window, presenting=False)["frames"]


def test_the_frames_stay_small_on_the_whole_map():
    figure = stepped(1, trace(output_size=7), whole=True)
    assert len(json.dumps(figure, default=lambda array: array.tolist())) < 100_000


@pytest.mark.parametrize("quantization", ["floor", "round"])
def test_the_chosen_bins_cells_are_outlined_from_step_3(quantization):
    t = trace(quantization)
    chosen = t.bin(1, 2)
    figure = lesson.step_figure(FEATURE_MAP, t, 3, 1, lesson.map_window(t), chosen=chosen)
    outline = figure["data"][LAYERS["chosen"]]
    inset = CHOSEN_INSET
    (r0, r1), (c0, c1) = chosen.rows, chosen.cols
    assert bounds(outline) == pytest.approx((c0 + inset, r0 + inset, c1 - inset, r1 - inset))
    assert outline["line"]["width"] == CHOSEN_EDGE and set(chosen.cells) >= {chosen.argmax}
    before = lesson.step_figure(FEATURE_MAP, t, 2, 1, lesson.map_window(t), chosen=chosen)
    assert not before["data"][LAYERS["chosen"]]["x"]  # no bins yet at step 2


def test_a_click_on_a_map_cell_carries_the_cell_and_the_same_hover_as_the_grid():
    figure = step_figure(3)
    targets, grid = figure["data"][LAYERS["targets"]], figure["data"][0]
    assert grid["hoverinfo"] == "skip" and figure["layout"]["hoverdistance"] == -1
    by_cell = {tuple(c[:2]): c for c in targets["customdata"]}
    assert by_cell[6, 9][2] == "RoI Pooling: bin (0, 0)" and by_cell[6, 9][3] == pytest.approx(FEATURE_MAP[6, 9])
    assert "%{customdata[3]:.4f}" in targets["hovertemplate"]
