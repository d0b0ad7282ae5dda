"""Lesson 4's pure functions: the chosen sample moved into range, the slides' formulas, the tables, the figures."""

from __future__ import annotations

import json
import re

import pytest

from roi_core import LESSON_PRESET, Rect, lesson_feature_map, map_geometry, trace_roi_align
from roi_ui.lessons import align as lesson
from roi_ui.lessons import align_figures as figures
from roi_ui.plot import kit, legible
from roi_ui.plot.theme import PRESENTER_SCALE
from roi_ui.session.params import PARAMS, defaults

FEATURE_MAP = lesson_feature_map()
GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect.from_xywh(*LESSON_PRESET.box)


def trace(box: Rect = BOX, output_size: int = 3, aligned: bool = True, **conventions):
    return trace_roi_align(FEATURE_MAP, box, GEOMETRY, output_size, aligned=aligned, **conventions)


def values(**changes) -> dict:
    return defaults() | changes


def s2():
    return trace().bin(0, 0).samples[1]


def test_the_preset_pick_is_s2_of_the_first_bin():
    chosen, notices = lesson.pick(trace(), values())
    assert (chosen.row, chosen.col, chosen.sample, chosen.count) == (0, 0, 2, 4)
    assert notices == [] and chosen.in_range("sample") and chosen.in_range("bin_row")


def test_pick_moves_values_into_range_and_says_so():
    chosen, notices = lesson.pick(trace(), values(bin_row=6, sample=7))
    assert (chosen.row, chosen.col, chosen.sample) == (2, 0, 4)
    assert chosen.moved == {"bin_row", "sample"} and chosen.in_range("bin_col")
    assert notices == [
        "Bin (row 6, col 0) does not exist in a 3 x 3 output: showing bin (row 2, col 0).",
        "Sampling point S7 does not exist: bin (row 2, col 0) has 4 sampling points. Showing S4.",
    ]


def test_pick_counts_one_sampling_point_in_the_singular():
    chosen, notices = lesson.pick(trace(sampling_ratio=1), values(sample=3))
    assert chosen.sample == 1 and chosen.count == 1
    assert notices == ["Sampling point S3 does not exist: bin (row 0, col 0) has 1 sampling point. Showing S1."]


def test_pick_leaves_the_values_alone():
    stored = values(bin_col=5)
    lesson.pick(trace(), stored)
    assert stored["bin_col"] == 5


def test_bin_size_latex_of_the_preset():
    latex = lesson.bin_size_latex(trace())
    assert r"\frac{7.188}{3} = 2.396" in latex and r"\frac{5.625}{3} = 1.875" in latex


def test_s2_as_the_slides_write_it():
    horizontal, vertical = lesson.slides_latex(s2(), decimals=1)
    assert horizontal == (
        r"\begin{aligned}&0.8 \cdot (11.5 - 10.97)\\ &+ 0.7 \cdot (10.97 - 10.5) = 0.753\\[4pt]"
        r"&0.2 \cdot (11.5 - 10.97)\\ &+ 0.4 \cdot (10.97 - 10.5) = 0.294\end{aligned}"
    )
    assert vertical == r"\begin{aligned}&0.753 \cdot (7.5 - 7.19)\\ &+ 0.294 \cdot (7.19 - 6.5) = 0.436\end{aligned}"


def test_s2_exact_and_where_it_lies():
    _, vertical = lesson.exact_latex(s2(), decimals=1)
    assert vertical.endswith(r"= 0.4377\end{aligned}")
    position = lesson.position_latex(trace(), trace().bin(0, 0), s2())
    assert r"x &= 9.375 + 2.3958 \cdot \tfrac{2}{3} = 10.9722" in position
    assert r"y &= 6.5625 + 1.875 \cdot \tfrac{1}{3} = 7.1875" in position
    assert r"y = 6.5 & 0.8 & 0.7" in lesson.neighbours_latex(s2(), decimals=1)


def test_comparison_rows_of_s2():
    assert lesson.comparison_rows(s2()) == [
        {"": "x (cells)", "as the slides round": "10.97", "exact": "10.9722"},
        {"": "y (cells)", "as the slides round": "7.19", "exact": "7.1875"},
        {"": "top row", "as the slides round": "0.753", "exact": "0.7528"},
        {"": "bottom row", "as the slides round": "0.294", "exact": "0.2944"},
        {"": "S2 (value)", "as the slides round": "0.436", "exact": "0.4377"},
    ]


def test_the_slides_round_half_away_from_zero():
    centred = trace(Rect.from_xywh(300, 210, 160, 180), sample_layout="centered").bin(0, 0).samples[1]
    assert centred.read_x == 10.625
    assert lesson.comparison_rows(centred)[0]["as the slides round"] == "10.63"  # round() would give 10.62


def test_samples_table_and_pooling_of_the_first_bin():
    first = trace().bin(0, 0)
    rows = {row["sample"]: row for row in lesson.samples_table(first, "max")}
    assert rows["S1"]["slides: x, y"] == "10.17, 7.19" and rows["S1"]["max pooling"] == "◀ max: kept"
    assert rows["S2"]["max pooling"] == "discarded"
    assert lesson.pooling_latex(first, "max") == (
        r"\begin{aligned}&\max(0.4875,\ 0.4377,\ 0.3312,\\ &\quad 0.2814)\\ &= 0.4875\quad (S_{1})\end{aligned}"
    )
    average = trace(pooling="avg").bin(0, 0)
    assert lesson.pooling_latex(average, "avg") == (
        r"\begin{aligned}&\tfrac{1}{4}\,(0.4875 + 0.4377 + 0.3312 +\\ &\quad 0.2814)\\ &= 0.3844\end{aligned}"
    )
    assert {row["average pooling"] for row in lesson.samples_table(average, "avg")} == {"averaged"}


def test_aligned_words_give_both_corners_and_both_first_bins():
    words = lesson.aligned_words(trace(), trace(aligned=False), LESSON_PRESET)
    assert "**(9.375, 6.563) cells**" in words and "**(9.875, 7.063) cells**" in words
    assert "**0.4875** with aligned=True and **0.3585** with aligned=False" in words


def test_border_words_only_when_a_sample_is_clamped():
    assert lesson.border_note(s2()) is None and lesson.border_summary(trace(), "tag") is None
    corner = trace(Rect.from_xywh(700, 470, 100, 106), aligned=False)
    note = lesson.border_note(corner.bin(2, 2).samples[3])
    assert "S4 lies at (25.1528, 18.1319) cells" in note and "clamps it to (24.5, 17.5)" in note
    assert "20 of 36 sampling points" in lesson.border_summary(corner, "tag")


def map_figure(t=None, chosen=None, close_up: bool = True, step: int = lesson.STEP_WORKED) -> dict:
    t = t or trace()
    return figures.map_figure(FEATURE_MAP, t, chosen or lesson.pick(t, values())[0], 1, step, close_up)


def test_map_figure_draws_every_sampling_point_clickable():
    figure = map_figure()
    assert figure["data"][0]["type"] == "heatmap"
    (markers,) = [d for d in figure["data"] if isinstance(d.get("customdata"), list) and len(d["customdata"]) == 36]
    assert markers["customdata"][1] == (0, 0, 2, pytest.approx(0.4377, abs=1e-4))
    assert markers["marker"]["symbol"][:4] == ["circle", "circle-open", "circle-open", "circle-open"]
    (star,) = [d for d in figure["data"] if d.get("marker", {}).get("symbol") == "star"]
    assert (star["x"], star["y"]) == ([pytest.approx(10.9722, abs=1e-4)], [7.1875])


def test_map_figure_close_up_and_whole_map():
    close_up = map_figure()["layout"]
    assert close_up["xaxis"]["range"] == [8, 18] and close_up["yaxis"]["range"] == [14, 5]
    assert close_up["annotations"][0] == {"visible": False}  # no clamp arrow: S2 reads where it lies
    assert map_figure(close_up=False)["layout"]["xaxis"]["range"] == [0, 25]


def test_map_figure_points_a_clamped_sample_to_where_it_reads():
    corner = trace(Rect.from_xywh(700, 470, 100, 106), aligned=False)
    chosen, _ = lesson.pick(corner, values(bin_row=2, bin_col=2, sample=4))
    arrow, _ = map_figure(corner, chosen)["layout"]["annotations"]
    assert (arrow["x"], arrow["y"], arrow["visible"]) == (24.5, 17.5, True)


def corners(outline: dict) -> tuple:
    """(left, top, right, bottom) of a closed rectangle drawn as a line trace."""
    xs, ys = [x for x in outline["x"] if x is not None], [y for y in outline["y"] if y is not None]
    return min(xs), min(ys), max(xs), max(ys)


def test_output_figure_outlines_the_chosen_bin_under_its_value():
    chosen, _ = lesson.pick(trace(), values(bin_row=1, bin_col=2))
    output = figures.output_figure(trace(), chosen)
    _, box, cell, targets = output["data"]
    assert corners(box) == (0, 0, 3, 3)
    assert targets["customdata"][5][:2] == [1, 2] and targets["marker"]["opacity"] == 0  # a click chooses a bin
    assert corners(cell) == pytest.approx((2.04, 1.04, 2.96, 1.96))  # just inside bin (row 1, col 2)
    assert "shapes" not in output["layout"]  # lines drawn as shapes would strike through the values
    assert legible.values_on_top(output)["data"][-1]["uid"].startswith(legible.VALUES_UID)


def test_aligned_sketch_shows_both_corners_in_its_legend():
    sketch = figures.aligned_sketch(trace(aligned=False), trace())
    boxes = [d for d in sketch["data"] if d.get("mode") == "lines"]
    assert [(corners(b)[0], b["line"]["dash"]) for b in boxes] == [(9.375, "solid"), (9.875, "dash")]
    assert [d["name"] for d in sketch["data"] if d.get("showlegend", True)] == [
        "cell centres (c + 0.5)",
        "aligned=True: corner (9.375, 6.563)",
        "aligned=False: corner (9.875, 7.063)",
    ]
    assert sketch["layout"]["xaxis"]["range"] == [8, 13]
    assert "annotations" not in sketch["layout"] and "shapes" not in sketch["layout"]  # nothing on the cells


def test_the_sketchs_first_ticks_leave_its_corner_free():
    layout = figures.aligned_sketch(trace(aligned=False), trace())["layout"]
    (x0, x1), (y1, y0) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    assert layout["xaxis"]["tickvals"] == list(range(x0 + 1, x1 + 1))
    assert layout["yaxis"]["tickvals"] == list(range(y0 + 1, y1 + 1))


def sampled(t=None, step: int = lesson.STEP_WORKED, **changes) -> dict:
    t = t or trace()
    return figures.step_map(FEATURE_MAP, t, lesson.pick(t, values(**changes))[0], 1, step)


def test_sample_mix_writes_the_value_and_the_four_neighbours_weights():
    assert lesson.sample_mix(s2(), 1) == (
        "<b>S2 = 0.4377</b> = sum of value × weight:<br>0.8 × 0.1649 + 0.7 × 0.1476<br>+ 0.2 × 0.3628 + 0.4 × 0.3247"
    )
    beyond = trace(Rect.from_xywh(770, 550, 100, 100), output_size=1, sampling_ratio=1, aligned=False)
    assert lesson.sample_mix(beyond.bin(0, 0).samples[0], 1) == (
        "<b>S1 = 0</b>: more than one cell<br>outside the map, it reads nothing"
    )


@pytest.mark.parametrize("sample", [1, 3])
def test_one_frame_per_sampling_point_holds_exactly_that_samples_figure(sample):
    t = trace()
    figure = sampled(t, bin_row=1, bin_col=2, sample=sample)
    assert [f["name"] for f in figure["frames"]] == ["S1", "S2", "S3", "S4"]
    (slider,) = figure["layout"]["sliders"]
    assert slider["active"] == sample - 1 and slider["currentvalue"]["prefix"] == "Sampling point "
    moved = [*figures.NEIGHBOUR_TRACES, figures.STAR_TRACE]
    for number, shown in enumerate(figure["frames"], start=1):
        state = map_figure(t, lesson.pick(t, values(bin_row=1, bin_col=2, sample=number))[0])
        assert shown["traces"] == moved
        assert shown["data"] == [state["data"][index] for index in moved]
        assert shown["layout"] == {"annotations": state["layout"]["annotations"]}
    active = figure["frames"][sample - 1]
    assert active["data"] == [figure["data"][index] for index in moved]


def test_the_frames_hold_the_traces_samples():
    t = trace()
    figure = sampled(t, bin_row=1, bin_col=2)
    for shown, sample in zip(figure["frames"], t.bin(1, 2).samples, strict=True):
        star = shown["data"][-1]
        rings = shown["data"][len(figures.NEIGHBOUR_TRACES) - 1]
        assert (star["x"], star["y"]) == ([sample.x], [sample.y])
        assert star["customdata"] == [(1, 2, int(sample.label[1:]), sample.value)]
        assert rings["customdata"] == [(cell.value, cell.weight) for cell in sample.neighbours]
        assert shown["layout"]["annotations"][-1]["text"] == lesson.sample_mix(sample, 1)


def test_the_clamp_arrow_follows_the_sampling_point():
    corner = trace(Rect.from_xywh(700, 470, 100, 106), aligned=False)
    figure = sampled(corner, bin_row=2, bin_col=2, sample=4)
    arrows = [f["layout"]["annotations"][0] for f in figure["frames"]]
    shown = [lesson.is_clamped(sample) for sample in corner.bin(2, 2).samples]
    assert [arrow["visible"] for arrow in arrows] == shown and shown[3]
    assert (arrows[3]["x"], arrows[3]["y"]) == (24.5, 17.5)


@pytest.mark.parametrize(("conventions", "frames"), [({"sampling_ratio": 1}, 1), ({"sampling_ratio": 3}, 9)])
def test_a_frame_per_sampling_point_up_to_nine(conventions, frames):
    assert len(sampled(trace(**conventions))["frames"]) == frames


def test_no_frames_when_the_bin_has_more_than_nine_points():
    figure = sampled(trace(output_size=1, sampling_ratio=0))
    assert "frames" not in figure and "sliders" not in figure["layout"]


def test_the_frames_send_only_what_moves():
    nine = trace(sampling_ratio=3)
    figure = figures.step_map(FEATURE_MAP, nine, lesson.pick(nine, values())[0], 1, lesson.STEP_WORKED, close_up=False)
    assert len(figure["frames"]) == 9
    assert len(json.dumps(figure["frames"])) < 30_000


# The steps


def test_the_steps_and_the_url_parameter_agree():
    assert lesson.STEPS == 5 and PARAMS["align_step"].default == lesson.STEP_BINS
    assert [PARAMS["align_step"].parse(str(step)) for step in range(1, lesson.STEPS + 1)] == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError):
        PARAMS["align_step"].parse(str(lesson.STEPS + 1))
    assert lesson.step_heading(2) == "Step 2 of 5 · Put sampling points in every bin"
    assert lesson.MAP_STEPS == (1, 2, 3) and lesson.PICKED_STEPS == (2, 3, 4)


def points_drawn(figure: dict) -> list[int]:
    """How many points each trace over the map's cells draws (None gaps left out)."""
    return [len([x for x in trace["x"] if x is not None]) for trace in figure["data"][1:]]


def test_step_1_draws_the_box_and_its_bins_only():
    figure = map_figure(step=lesson.STEP_BINS)
    assert points_drawn(figure) == [16, 5]  # the bins' edges (4 vertical, 4 horizontal lines), the box
    assert corners(figure["data"][2]) == (9.375, 6.5625, 16.5625, 12.1875)  # the box; no chosen bin yet
    assert figure["layout"]["annotations"] == [kit.headline(lesson.bins_headline(trace()))]
    assert lesson.bins_headline(trace()) == (
        "<b>3 x 3 bins of 2.396 x 1.875 cells</b><br>the box: 7.188 x 5.625 cells, unrounded<br>"
        "its top-left (x, y) = (9.375, 6.563)"
    )


def test_step_2_draws_every_sampling_point_and_the_chosen_one_without_its_neighbours():
    figure = map_figure(step=lesson.STEP_SAMPLES)
    assert points_drawn(figure) == [5, 16, 5, 36, 1]  # the chosen bin's tint, edges, box, every point, the star
    assert corners(figure["data"][1]) == pytest.approx((9.375, 6.5625, 11.7708, 8.4375), abs=1e-4)  # bin (0, 0)
    assert figure["data"][1]["fill"] == "toself"
    (headline,) = figure["layout"]["annotations"]
    assert headline["text"] == (
        "<b>S2 of bin (row 0, col 0)</b>, the star<br>at (x, y) = (10.9722, 7.1875) cells<br>"
        "2 x 2 points per bin, 36 in the box"
    )


def test_step_3_adds_the_chosen_samples_four_neighbours():
    figure = map_figure(step=lesson.STEP_WORKED)
    assert points_drawn(figure)[3:] == [20, 8, 4, 36, 1]  # 4 squares, 4 lines, 4 centres; then as step 2
    assert figure["data"][figures.STAR_TRACE]["marker"]["symbol"] == "star"


def test_every_map_step_keeps_the_axes():
    layouts = [map_figure(step=step)["layout"] for step in lesson.MAP_STEPS]
    assert all(layout["xaxis"] == layouts[0]["xaxis"] and layout["yaxis"] == layouts[0]["yaxis"] for layout in layouts)


@pytest.mark.parametrize("step", [lesson.STEP_BINS, lesson.STEP_SAMPLES])
def test_frames_only_at_step_3(step):
    figure = sampled(step=step)
    assert "frames" not in figure and "sliders" not in figure["layout"]
    assert figure["layout"] == map_figure(step=step)["layout"]


def test_the_map_caption_follows_the_step():
    captions = [lesson.map_caption(step) for step in lesson.MAP_STEPS]
    assert "Circles" not in captions[0] and "**Click a sampling point** to choose it" in captions[1]
    assert "outlined in orange, dotted lines to their centres: the four cells it mixes" in captions[2]
    assert "slider" in captions[2]


def test_sampling_words_name_the_conventions():
    words = lesson.sampling_words(trace())
    assert "**2 x 2 grid of sampling points**" in words
    assert "- how many: 2 x 2: four points per bin (the slides)" in words
    assert "- where: spaced: at (i + 1)/(n + 1) of the bin: 1/3, 2/3 (the slides)" in words
    adaptive = lesson.sampling_words(trace(sampling_ratio=0, sample_layout="centered"))
    assert "**2 x 3 grid of sampling points**" in adaptive and "adaptive" in adaptive and "centred" in adaptive


def test_samples_heading_and_pooling_words_of_step_4():
    chosen, _ = lesson.pick(trace(), values(bin_row=1, bin_col=2))
    heading = lesson.samples_heading(chosen, trace().bin(1, 2), "tag")
    assert heading == "**Bin (row 1, col 2): its 4 sampling points** (cells, map frame · tag)"
    assert "the filled circles on the map of steps 2 and 3" in lesson.pooling_words(trace())
    assert "filled circles" not in lesson.pooling_words(trace(pooling="avg"))


@pytest.mark.parametrize(
    "box", [Rect.from_xywh(300, 210, 230, 180), Rect.from_xywh(17, 45, 301, 97), Rect.from_xywh(611, 3, 150, 555)]
)
@pytest.mark.parametrize("layout", ["spaced", "centered"])
def test_the_printed_position_terms_add_up_to_the_printed_result(box, layout):
    traced = trace(box, 3, sample_layout=layout)
    for align_bin in traced.bins:
        for sample in align_bin.samples:
            for line in lesson.position_latex(traced, align_bin, sample).split(r"\\"):
                start, size, n, d, at = (float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", line.split("&=")[1]))
                assert start + size * n / d == pytest.approx(at, abs=1.5e-4), line


# Never drawn over the numbers; readable on a projector and on a phone


@pytest.mark.parametrize("sampling_ratio", [2, 3])
@pytest.mark.parametrize("step", lesson.MAP_STEPS)
def test_the_map_prints_its_values_above_everything_it_draws(step, sampling_ratio):
    shown = legible.values_on_top(sampled(trace(sampling_ratio=sampling_ratio), step=step))
    labels = shown["data"][-1]
    assert labels["uid"].startswith(legible.VALUES_UID) and "0.8" in labels["text"]  # last: above every trace
    assert all(trace.get("mode") != "text" and "text" not in trace.get("mode", "") for trace in shown["data"][:-1])
    assert "shapes" not in shown["layout"]  # a shape is drawn above the values
    for annotation in shown["layout"]["annotations"]:  # the headline, in the margin; the clamp arrow, if any
        assert annotation.get("xref") == "paper" or annotation.get("visible") is False
    for frame in shown.get("frames", []):
        assert max(frame["traces"]) < len(shown["data"]) - 1  # a frame never moves a trace above the values


def test_sampling_points_and_the_star_are_small():
    figure = map_figure(trace(sampling_ratio=3), step=lesson.STEP_WORKED)
    sizes = [
        d["marker"]["size"] for d in figure["data"] if d.get("mode") == "markers" and d["marker"].get("opacity") != 0
    ]
    assert sizes == [figures.SAMPLE_SIZE, figures.STAR_SIZE] and max(sizes) <= 15


def visible_lines(text: str) -> list[str]:
    """A Plotly text's lines without markup."""
    return [re.sub(r"<[^>]+>", "", line) for line in text.split("<br>")]


@pytest.mark.parametrize("step", lesson.MAP_STEPS)
@pytest.mark.parametrize("decimals", [1, 2])
def test_the_headline_fits_a_phone(step, decimals):
    t = trace()
    figure = figures.map_figure(FEATURE_MAP, t, lesson.pick(t, values())[0], decimals, step)
    (headline,) = [a for a in figure["layout"]["annotations"] if a.get("xref") == "paper"]
    lines = visible_lines(headline["text"])
    assert len(lines) <= figures.HEADLINE_LINES
    assert max(len(line) for line in lines) <= 40  # 14 px type: about 300 px, what a 390 px phone leaves


def latex_lines(latex: str) -> list[str]:
    """A formula's lines, roughly as many characters as it shows (commands and braces left out)."""
    lines = re.split(r"\\\\(?:\[\w+\])?", latex)
    return [re.sub(r"\\(?:begin|end)\{\w+\}|\\[a-zA-Z]+|\\.|[{}&]", "", line).strip() for line in lines]


@pytest.mark.parametrize("sampling_ratio", [2, 3])
def test_the_formulas_are_narrow_enough_for_a_phone(sampling_ratio):
    t = trace(sampling_ratio=sampling_ratio)
    for align_bin in t.bins:
        formulas = [lesson.pooling_latex(align_bin, "max"), lesson.pooling_latex(align_bin, "avg")]
        for sample in align_bin.samples:
            formulas += [*lesson.slides_latex(sample, 1), *lesson.exact_latex(sample, 2)]
            formulas.append(lesson.position_latex(t, align_bin, sample))
        for formula in formulas:
            assert max(len(line) for line in latex_lines(formula)) <= 36, formula


def test_latex_lines_measures_what_a_formula_shows():
    assert latex_lines(r"\begin{aligned}&0.8 \cdot (1)\\ &+ 2\end{aligned}") == ["0.8  (1)", "+ 2"]


@pytest.mark.parametrize("step", lesson.MAP_STEPS)
def test_the_presenter_map_fits_the_screen_with_its_values_printed(step):
    t = trace()
    figure = figures.step_map(FEATURE_MAP, t, lesson.pick(t, values())[0], 1, step, presenting=True)
    assert figure["layout"]["height"] <= 510  # under the top bar, title and step bar (195 px): one 720 px screen
    fit = legible.fit(legible.values_on_top(kit.with_text_scale(figure, PRESENTER_SCALE)))
    assert fit.min_width is not None and fit.min_width <= 700  # 18 px values print in the map's column


@pytest.mark.parametrize("out", [3, 7])
def test_the_output_prints_its_values_on_a_projector(out):
    t = trace(output_size=out)
    output = figures.output_figure(t, lesson.pick(t, values())[0])
    fit = legible.fit(legible.values_on_top(kit.with_text_scale(output, PRESENTER_SCALE)))
    assert fit.min_width is not None and fit.min_width <= 600  # half of a 1280 px screen


def test_a_projector_gets_each_interpolation_step_on_one_line():
    narrow, wide = lesson.slides_latex(s2(), 1), lesson.slides_latex(s2(), 1, narrow=False)
    assert [len(latex_lines(formula)) for formula in narrow] == [4, 2]
    assert [len(latex_lines(formula)) for formula in wide] == [2, 1]
    assert wide[1] == r"\begin{aligned}&0.753 \cdot (7.5 - 7.19) + 0.294 \cdot (7.19 - 6.5) = 0.436\end{aligned}"
    assert len(latex_lines(lesson.exact_latex(s2(), 1, narrow=False)[0])) == 2


def test_a_sample_outside_the_map_is_written_narrow_too():
    beyond = trace(Rect.from_xywh(770, 550, 100, 100), output_size=1, sampling_ratio=1, aligned=False)
    horizontal, vertical = lesson.slides_latex(beyond.bin(0, 0).samples[0], 1)
    assert latex_lines(horizontal) == ["nothing to read: more than", "one cell outside the map"]
    assert vertical == "S_{1} = 0"


def test_the_sampling_points_play_in_the_browser():
    figure = sampled(trace())
    (menu,) = figure["layout"]["updatemenus"]
    play, pause = menu["buttons"]
    assert (play["label"], pause["label"]) == ("▶", "❚❚") and play["args"][0] is None  # every frame, in order
    assert play["args"][1]["frame"]["duration"] > 0 and play["args"][1]["fromcurrent"]
    assert figure["layout"]["sliders"][0]["x"] > 0  # the slider leaves the buttons their room
