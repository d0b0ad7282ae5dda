"""AppTest checks of the 'RoI Align' page (lesson 4): the slides' bins, sampling points and interpolation, step by
step (the URL parameter align_step: 1 bins, 2 sampling points, 3 one point worked out, 4 pooling, 5 aligned)."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest

from tests.app.helpers import click, figure, page_app, page_text, run_page
from tests.app.test_chart_specs import SETTINGS
from tests.app.test_robustness import EXTREMES

PAGE = "4_RoI_Align.py"
MAP_KEY = "align_map"
BINS, SAMPLES, WORKED, POOLED, ALIGNED = "1", "2", "3", "4", "5"  # the steps, as the URL gives them
CHARTS = {
    BINS: [MAP_KEY],
    SAMPLES: [MAP_KEY],
    WORKED: [MAP_KEY],
    POOLED: ["align_output", MAP_KEY],  # the output, and beside it what its chosen bin read
    ALIGNED: ["align_sketch"],
}


def step_title(at) -> str:
    """The step's heading, e.g. '### Step 2 of 5 · Put sampling points in every bin'."""
    return next(m.value for m in at.markdown if m.value.startswith("### Step "))


def next_step(at):
    """Click 'Next' (as the → key does)."""
    at.button(key="align_step_next").click().run()
    assert not at.exception
    return at


def previous_step(at):
    """Click 'Previous' (as the ← key does)."""
    at.button(key="align_step_prev").click().run()
    assert not at.exception
    return at


def heading(at) -> str:
    """The worked example's title, e.g. '#### S2 of bin (row 0, col 0)'."""
    return next(m.value for m in at.markdown if m.value.startswith("#### S") and " of bin " in m.value)


def flat(latex: str) -> str:
    """A formula written over several aligned lines as one line: the line breaks (and the indent after them)
    become spaces, the alignment marks and environments go."""
    latex = re.sub(r"\\(?:begin|end)\{aligned\}|&", "", latex)
    return re.sub(r" +", " ", re.sub(r"\\\\(?:\[\w+\])?\s*(?:\\quad\s*)?", " ", latex))


def test_flat_joins_the_lines_of_a_formula():
    assert flat(r"\begin{aligned}&a\\ &+ b = c\\[4pt]&\max(d,\\ &\quad e)\end{aligned}") == r"a + b = c \max(d, e)"


def shown(at) -> str:
    """Every text of the page, its formulas on one line each (``flat``)."""
    return flat(page_text(at))


def slides_formulas(at) -> str:
    """The LaTeX of the slides' interpolation (horizontal lines, then vertical), each on one line."""
    return "\n".join(flat(latex.value) for latex in at.latex if r"\cdot (" in latex.value)


def sample_rows(at) -> list[dict]:
    """The table of the chosen bin's sampling points."""
    return at.dataframe[0].value.to_dict("records")


def click_sample(at, row: int, col: int, sample: int):
    """Simulate a click on a sampling point of the map."""
    return click(at, MAP_KEY, [row, col, sample, 0.5])


def test_preset_bin_size_written_out():
    at = run_page(PAGE)
    shown = page_text(at)
    assert r"\frac{7.188}{3} = 2.396" in shown
    assert r"\frac{5.625}{3} = 1.875" in shown


def test_preset_works_out_s2_as_the_slides():
    at = run_page(PAGE, align_step=WORKED)
    assert heading(at) == "#### S2 of bin (row 0, col 0)"
    formulas = slides_formulas(at)
    assert r"0.8 \cdot (11.5 - 10.97) + 0.7 \cdot (10.97 - 10.5) = 0.753" in formulas
    assert r"0.2 \cdot (11.5 - 10.97) + 0.4 \cdot (10.97 - 10.5) = 0.294" in formulas
    assert r"0.753 \cdot (7.5 - 7.19) + 0.294 \cdot (7.19 - 6.5) = 0.436" in formulas
    assert r"9.375 + 2.3958 \cdot \tfrac{2}{3} = 10.9722" in page_text(at)
    assert r"6.5625 + 1.875 \cdot \tfrac{1}{3} = 7.1875" in page_text(at)


def test_preset_shows_the_exact_value_next_to_the_slides_rounding():
    at = run_page(PAGE, align_step=WORKED)
    comparison = at.table[0].value.to_dict("records")
    assert {"": "S2 (value)", "as the slides round": "0.436", "exact": "0.4377"} in comparison
    assert {"": "x (cells)", "as the slides round": "10.97", "exact": "10.9722"} in comparison
    assert "= 0.4377" in page_text(at)


def test_preset_table_of_the_first_bin_and_its_max():
    at = run_page(PAGE, align_step=POOLED)
    rows = {row["sample"]: row for row in sample_rows(at)}
    assert rows["S1"]["slides: x, y"] == "10.17, 7.19" and rows["S1"]["slides: value"] == "0.487"
    assert rows["S2"]["slides: x, y"] == "10.97, 7.19" and rows["S2"]["value"] == "0.4377"
    assert rows["S3"]["slides: x, y"] == "10.17, 7.81" and rows["S3"]["slides: value"] == "0.332"
    assert rows["S4"]["slides: x, y"] == "10.97, 7.81" and rows["S4"]["slides: value"] == "0.281"
    assert rows["S1"]["max pooling"].startswith("◀ max")
    assert r"\max(0.4875,\ 0.4377,\ 0.3312, 0.2814) = 0.4875\quad (S_{1})" in shown(at)


def test_preset_map_draws_every_sampling_point_clickable():
    fig = figure(run_page(PAGE, align_step=SAMPLES), MAP_KEY)
    samples = [trace for trace in fig["data"] if trace.get("customdata") and len(trace["customdata"]) == 36]
    assert len(samples) == 1  # 3 x 3 bins x 2 x 2 samples, one trace
    assert [int(v) for v in samples[0]["customdata"][1][:3]] == [0, 0, 2]


def test_choosing_s3_changes_the_worked_interpolation():
    at = run_page(PAGE, align_step=SAMPLES)
    at.selectbox(key="ctl_sample").set_value(3).run()
    next_step(at)
    assert heading(at) == "#### S3 of bin (row 0, col 0)"
    formulas = slides_formulas(at)
    assert r"0.6 \cdot (10.5 - 10.17) + 0.2 \cdot (10.17 - 9.5) = 0.332" in formulas
    assert r"0.332 \cdot (8.5 - 7.81) + 0.333 \cdot (7.81 - 7.5) = 0.332" in formulas
    assert at.query_params["sample"] == "3"


def test_s4_as_the_slides():
    formulas = slides_formulas(run_page(PAGE, sample="4", align_step=WORKED))
    assert r"0.294 \cdot (8.5 - 7.81) + 0.253 \cdot (7.81 - 7.5) = 0.281" in formulas


def test_choosing_another_bin_changes_the_worked_interpolation():
    at = run_page(PAGE, align_step=WORKED)
    before = slides_formulas(at)
    previous_step(at).selectbox(key="ctl_bin_col").set_value(1).run()
    next_step(at)
    assert heading(at) == "#### S2 of bin (row 0, col 1)"
    assert slides_formulas(at) != before


def test_centred_layout_moves_the_samples():
    at = run_page(PAGE, align_step=WORKED)
    at.radio(key="ctl_layout").set_value("centered").run()
    assert r"\tfrac{3}{4}" in page_text(at)
    assert "10.97" not in slides_formulas(at)
    rows = {row["sample"]: row for row in sample_rows(next_step(at))}
    assert rows["S2"]["slides: x, y"] == "11.17, 7.03"


def test_average_pooling_changes_the_bin_value():
    at = run_page(PAGE, align_step=POOLED)
    at.radio(key="ctl_pool").set_value("avg").run()
    written = shown(at)
    assert r"\tfrac{1}{4}\,(0.4875 + 0.4377 + 0.3312 + 0.2814) = 0.3844" in written
    assert r"\max(" not in written
    assert {row["average pooling"] for row in sample_rows(at)} == {"averaged"}


def test_aligned_false_shifts_the_box_half_a_cell():
    assert "(9.875, 7.063) → (17.063, 12.688) cells" in page_text(run_page(PAGE, aligned="0"))
    shown = page_text(run_page(PAGE, aligned="0", align_step=ALIGNED))
    assert "**0.4875** with aligned=True and **0.3585** with aligned=False" in shown


def test_url_round_trip_shows_that_bins_sample():
    at = run_page(PAGE, bin_row="1", bin_col="2", sample="3", align_step=SAMPLES)
    assert heading(at) == "#### S3 of bin (row 1, col 2)"
    assert (at.query_params["bin_row"], at.query_params["bin_col"], at.query_params["sample"]) == ("1", "2", "3")
    assert not at.warning


def test_bad_sample_in_url_shows_the_notice():
    at = run_page(PAGE, sample="99", align_step=WORKED)
    assert at.warning
    assert "sample='99'" in page_text(at)
    assert heading(at) == "#### S2 of bin (row 0, col 0)"


def test_sample_beyond_the_grid_falls_back_with_a_notice():
    at = run_page(PAGE, sample="7", bin_row="6", align_step=SAMPLES)
    assert heading(at) == "#### S4 of bin (row 2, col 0)"
    notices = " ".join(w.value for w in at.warning)
    assert "S7 does not exist" in notices and "3 x 3 output" in notices
    assert at.query_params["sample"] == "7"  # moved into range while drawing, never written back


def test_a_moved_sample_comes_back_with_its_picker():
    at = run_page(PAGE, align_step=SAMPLES)
    at.selectbox(key="ctl_sample").set_value(4).run()
    at.radio(key="ctl_sr").set_value(1).run()
    assert heading(at) == "#### S1 of bin (row 0, col 0)"
    assert "S4 does not exist" in " ".join(w.value for w in at.warning)
    at.radio(key="ctl_sr").set_value(2).run()
    assert heading(at) == "#### S4 of bin (row 0, col 0)" and not at.warning
    assert at.selectbox(key="ctl_sample").value == 4


def test_clicking_a_sampling_point_selects_it():
    at = click_sample(run_page(PAGE, align_step=SAMPLES), 1, 2, 3)
    assert heading(at) == "#### S3 of bin (row 1, col 2)"
    assert (at.query_params["bin_row"], at.query_params["bin_col"], at.query_params["sample"]) == ("1", "2", "3")
    assert at.selectbox(key="ctl_sample").value == 3


def test_a_click_after_a_picker_change_still_applies():
    at = run_page(PAGE, align_step=SAMPLES)
    at.selectbox(key="ctl_bin_row").set_value(2).run()
    at = click_sample(at, 0, 1, 4)
    assert heading(at) == "#### S4 of bin (row 0, col 1)"


def test_border_clamp_is_explained_when_it_happens():
    corner = dict(x="700", y="470", w="100", h="106", aligned="0", bin_row="2", bin_col="2", sample="4")
    at = run_page(PAGE, **corner, align_step=WORKED)
    notes = " ".join(info.value for info in at.info)
    assert "S4 lies at (25.1528, 18.1319) cells" in notes and "clamps it to (24.5, 17.5)" in notes
    border = run_page(PAGE, **corner, align_step=ALIGNED)  # the summary of the whole box is step 5's
    assert "20 of 36 sampling points" in " ".join(info.value for info in border.info)
    assert r"0.9 \quad \text{(beyond the last centre:} \text{this column only)}" in shown(at)
    for step in (WORKED, ALIGNED):
        assert not [info for info in run_page(PAGE, align_step=step).info if "clamps" in info.value]


def test_close_up_sends_only_the_cells_around_the_box():
    at = run_page(PAGE)
    close_up = figure(at, MAP_KEY)
    at.toggle(key="align_whole_map").set_value(True).run()
    whole = figure(at, MAP_KEY)
    assert close_up["layout"]["xaxis"]["range"] == [8, 18] and close_up["layout"]["yaxis"]["range"] == [14, 5]
    assert whole["layout"]["xaxis"]["range"] == [0, 25]


MOVED = [4, 5, 6, 8]  # the chosen sample's neighbours (outlines, lines, centres) and the star


def test_the_map_has_a_frame_per_sampling_point_starting_at_the_urls_sample():
    map_figure = figure(run_page(PAGE, sample="3", align_step=WORKED), MAP_KEY)
    assert [f["name"] for f in map_figure["frames"]] == ["S1", "S2", "S3", "S4"]
    (slider,) = map_figure["layout"]["sliders"]
    assert slider["active"] == 2 and slider["currentvalue"]["prefix"] == "Sampling point "
    active = map_figure["frames"][2]
    assert active["traces"] == MOVED
    assert active["data"] == [map_figure["data"][index] for index in MOVED]  # what the server draws: S3
    assert active["layout"]["annotations"] == map_figure["layout"]["annotations"]


def test_the_picker_and_a_click_move_the_slider():
    at = run_page(PAGE, align_step=SAMPLES)
    at.selectbox(key="ctl_sample").set_value(4).run()
    next_step(at)
    assert figure(at, MAP_KEY)["layout"]["sliders"][0]["active"] == 3
    at = click_sample(at, 1, 2, 1)
    assert figure(at, MAP_KEY)["layout"]["sliders"][0]["active"] == 0


def test_the_frames_hold_the_slides_numbers():
    map_figure = figure(run_page(PAGE, align_step=WORKED), MAP_KEY)
    s1, s2 = map_figure["frames"][:2]
    assert s1["layout"]["annotations"][-1]["text"].startswith("<b>S1 = 0.4875</b>")
    assert s2["layout"]["annotations"][-1]["text"].endswith(
        "0.8 × 0.1649 + 0.7 × 0.1476<br>+ 0.2 × 0.3628 + 0.4 × 0.3247"
    )
    rings = s2["data"][2]
    assert [value for value, _ in rings["customdata"]] == [0.8, 0.7, 0.2, 0.4]
    assert (rings["x"], rings["y"]) == ([10.5, 11.5, 10.5, 11.5], [6.5, 6.5, 7.5, 7.5])


def test_a_bin_of_more_than_nine_points_has_no_frames():
    map_figure = figure(run_page(PAGE, sr="0", out="1", align_step=WORKED), MAP_KEY)
    assert "frames" not in map_figure and "sliders" not in map_figure["layout"]


# The steps


@pytest.mark.parametrize(("step", "keys"), CHARTS.items())
def test_the_charts_of_each_step(step, keys):
    at = run_page(PAGE, align_step=step)
    assert [chart.proto.id.rsplit("-", 1)[-1] for chart in at.get("plotly_chart")] == keys
    assert step_title(at).startswith(f"### Step {step} of 5 · ")


def test_step_1_is_the_default_and_draws_the_bins_without_sampling_points():
    at = run_page(PAGE)
    assert step_title(at) == "### Step 1 of 5 · Divide the box into bins, without rounding"
    drawn = figure(at, MAP_KEY)
    assert [trace["type"] for trace in drawn["data"]] == ["heatmap", "scatter", "scatter", "scatter"]
    assert drawn["data"][-1]["mode"] == "text"  # the cells, the bins' edges, the box; the values above them
    assert "0.8" in drawn["data"][-1]["text"]
    assert drawn["layout"]["annotations"][-1]["text"].startswith("<b>3 x 3 bins of 2.396 x 1.875 cells</b>")
    assert "frames" not in drawn


def test_next_and_previous_move_the_step_and_the_url():
    at = run_page(PAGE)
    assert at.button(key="align_step_prev").disabled
    next_step(at)
    assert step_title(at).startswith("### Step 2 of 5") and at.query_params["align_step"] == "2"
    previous_step(next_step(at))
    assert step_title(at).startswith("### Step 2 of 5") and at.query_params["align_step"] == "2"


def test_last_step_disables_next():
    at = run_page(PAGE, align_step=ALIGNED)
    assert at.button(key="align_step_next").disabled and not at.button(key="align_step_prev").disabled


def test_a_bad_step_in_the_url_shows_the_notice_and_step_1():
    at = run_page(PAGE, align_step="9")
    assert "align_step='9'" in "\n".join(code.value for code in at.code)
    assert step_title(at).startswith("### Step 1 of 5")


def test_a_sidebar_change_keeps_the_step():
    at = run_page(PAGE, align_step=POOLED)
    at.number_input(key="ctl_x").set_value(301).run()
    assert step_title(at).startswith("### Step 4 of 5") and at.query_params["align_step"] == "4"


def test_a_moved_choice_is_noticed_where_the_choice_is_shown():
    for step in "12345":
        warned = bool(run_page(PAGE, sample="7", bin_row="6", align_step=step).warning)
        assert warned == (step in (SAMPLES, WORKED, POOLED)), step


@pytest.mark.parametrize("step", CHARTS)
@pytest.mark.parametrize("query", SETTINGS.values(), ids=SETTINGS.keys())
def test_every_steps_chart_validates_against_plotlys_schema(query, step):
    for element in run_page(PAGE, **query, align_step=step).get("plotly_chart"):
        go.Figure(json.loads(element.proto.spec))  # raises ValueError on any invalid property


@pytest.mark.parametrize("step", CHARTS)
@pytest.mark.parametrize("query", EXTREMES.values(), ids=EXTREMES.keys())
def test_every_step_survives_extreme_settings(query, step):
    assert not page_app(PAGE, timeout=60, **query, align_step=step).run().exception


def test_a_click_on_step_3_shows_in_the_pickers_of_step_2():
    at = click_sample(run_page(PAGE, align_step=WORKED), 1, 2, 1)
    assert heading(at) == "#### S1 of bin (row 1, col 2)"
    previous_step(at)
    assert [at.selectbox(key=f"ctl_{name}").value for name in ("bin_row", "bin_col", "sample")] == [1, 2, 1]
    assert not at.warning


# Presenter mode (present=1): each step on one 1280 x 720 screen, its numbers kept


def test_the_coordinate_order_is_named_in_both_modes():
    for present in ("0", "1"):
        captions = " ".join(caption.value for caption in run_page(PAGE, present=present).caption)
        assert "Points are written (x, y)" in captions and "(row, col), counted from 0" in captions, present


def test_presenter_mode_leaves_out_the_intro_and_the_whole_map_toggle():
    at = run_page(PAGE, present="1")
    assert "RoI Align rounds nothing" not in page_text(at)
    assert "RoI Align rounds nothing" in page_text(run_page(PAGE))
    assert not [toggle for toggle in at.toggle if toggle.key == "align_whole_map"]
    assert figure(at, MAP_KEY)["layout"]["height"] <= 510


def test_presenter_mode_works_out_s2_beside_the_map():
    at = run_page(PAGE, present="1", align_step=WORKED)
    formulas = slides_formulas(at)
    assert r"0.8 \cdot (11.5 - 10.97) + 0.7 \cdot (10.97 - 10.5) = 0.753" in formulas
    assert r"0.753 \cdot (7.5 - 7.19) + 0.294 \cdot (7.19 - 6.5) = 0.436" in formulas
    comparison = at.table[0].value.to_dict("records")
    assert {"": "S2 (value)", "as the slides round": "0.436", "exact": "0.4377"} in comparison
    assert [expander.label for expander in at.expander] == [
        "Where it lies, its four nearest cells, the exact numbers",
        "What the map shows",
    ]
    assert not [m for m in at.markdown if m.value.startswith("#### Bilinear interpolation")]


def test_presenter_mode_pools_with_a_large_table():
    at = run_page(PAGE, present="1", align_step=POOLED)
    assert not at.dataframe
    rows = {row["sample"]: row for row in at.table[0].value.to_dict("records")}
    assert list(rows["S1"]) == ["sample", "value", "slides: value", "max pooling"]
    assert rows["S1"]["slides: value"] == "0.487" and rows["S1"]["max pooling"].startswith("◀ max")
    assert rows["S2"]["value"] == "0.4377"


def test_presenter_mode_folds_the_border_rules():
    at = run_page(PAGE, present="1", align_step=ALIGNED)
    assert [expander.label for expander in at.expander] == ["At the map's border"]
    assert "**0.4875** with aligned=True and **0.3585** with aligned=False" in page_text(at)
