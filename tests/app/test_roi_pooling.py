"""AppTest checks of the 'RoI Pooling' page (lesson 3): the slides' numbers, step by step."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from roi_ui.plot.legible import VALUES_FONT
from tests.app.helpers import array, figure, page_text, run_page

PAGE = "3_RoI_Pooling.py"
SLIDES_OUTPUT = [[0.9, 0.7, 0.5], [0.6, 0.4, 1.0], [0.4, 0.5, 0.8]]


def step_title(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### Step"))


def map_traces(at, kind: str) -> list[dict]:
    return [trace for trace in figure(at, "pool_map")["data"] if trace["type"] == kind]


def is_values(trace: dict) -> bool:
    """Whether a trace is the map's value labels (their font family names them: ``roi_ui.plot.legible``)."""
    return str((trace.get("textfont") or {}).get("family", "")).startswith(VALUES_FONT)


def points(value) -> list[float]:
    """A coordinate array of a trace: a list, or a typed array (1-D ones have no ``shape``)."""
    if isinstance(value, dict) and "shape" not in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return array(value).tolist()


def printed(map_figure: dict) -> dict[tuple[float, float], str]:
    """The values printed on the map (its value-label trace), by cell centre (x, y)."""
    labels = next(t for t in map_figure["data"] if is_values(t))
    return dict(zip(zip(points(labels["x"]), points(labels["y"])), labels["text"], strict=True))


def winner_cells(traces: list[dict]) -> list[tuple[float, float]]:
    """The cell centres (x, y) of the bins' maxima: the trace whose hover names each bin's maximum."""
    hover = next(t for t in traces if "max of bin" in str(t.get("hovertemplate", "")))
    return list(zip(points(hover["x"]), points(hover["y"])))


def test_step_1_projects_the_box_to_the_slides_corners():
    shown = page_text(run_page(PAGE, step="1"))
    for number in ("9.375", "6.563", "16.563", "12.188"):
        assert number in shown
    assert "6.562" not in shown  # the slides round half up
    assert r"\tfrac{300 + 230}{32} = 16.563" in shown


def test_step_2_floors_the_box_to_the_slides_cells():
    at = run_page(PAGE, step="2")
    assert "X=9, Y=6, W=7, H=5 cells" in page_text(at)
    assert r"W &= \left\lfloor 7.188 \right\rfloor = 7" in page_text(at)


def test_step_3_bins_floor_to_2_by_1_and_drop_17_cells():
    at = run_page(PAGE, step="3")
    shown = page_text(at)
    assert "7/3 → 2 cells wide, 5/3 → 1 cell high" in shown
    assert "17 cells" in shown
    hatched = next(t for t in map_traces(at, "scatter") if t.get("fillpattern"))
    corners = [x for x in hatched["x"] if x is not None]
    assert len(corners) == 17 * 5  # one closed square per dropped cell


def test_step_4_marks_each_bins_maximum_cell():
    map_figure = figure(run_page(PAGE, step="4"), "pool_map")
    cells, values = winner_cells(map_figure["data"]), printed(map_figure)
    assert sorted(values[cell] for cell in cells) == sorted(f"{v:.1f}" for row in SLIDES_OUTPUT for v in row)
    assert cells[0] == (9.5, 6.5) and values[cells[0]] == "0.9"  # bin (0, 0): 0.9 at row 6, col 9
    assert is_values(map_figure["data"][-1])  # the values are drawn last, over every box edge and mark
    assert not map_figure["layout"].get("shapes")


def test_step_5_shows_the_slides_output():
    at = run_page(PAGE, step="5")
    output = array(figure(at, "pool_output")["data"][0]["z"])
    np.testing.assert_allclose(output, SLIDES_OUTPUT)


def test_the_map_keeps_its_axes_from_step_to_step():
    layouts = [figure(run_page(PAGE, step=str(step)), "pool_map")["layout"] for step in (1, 5)]
    assert layouts[0]["xaxis"]["range"] == layouts[1]["xaxis"]["range"]
    assert layouts[0]["yaxis"]["range"] == layouts[1]["yaxis"]["range"]


def test_next_and_previous_move_the_step_and_the_url():
    at = run_page(PAGE)
    assert at.button(key="step_prev").disabled
    at.button(key="step_next").click().run()
    assert step_title(at).startswith("### Step 2 of 5")
    assert at.query_params["step"] == "2"
    at.button(key="step_next").click().run()
    at.button(key="step_prev").click().run()
    assert step_title(at).startswith("### Step 2 of 5")
    assert "X=9, Y=6, W=7, H=5" in page_text(at)


def test_last_step_disables_next():
    at = run_page(PAGE, step="5")
    assert at.button(key="step_next").disabled
    assert not at.button(key="step_prev").disabled


def test_a_bad_step_in_the_url_shows_the_notice_and_step_1():
    at = run_page(PAGE, step="9")
    assert any("not valid" in w.value for w in at.warning)
    assert "step='9'" in "\n".join(c.value for c in at.code)
    assert step_title(at).startswith("### Step 1 of 5")


@pytest.mark.parametrize("widget", [False, True], ids=["url", "radio"])
def test_round_quantizes_like_torchvision(widget):
    at = run_page(PAGE, step="2", **({} if widget else {"quant": "round"}))
    if widget:
        at.radio(key="ctl_quant").set_value("round").run()
        assert at.query_params["quant"] == "round" and at.query_params["step"] == "2"
    shown = page_text(at)
    assert "X=9, Y=7, W=9, H=6 cells" in shown
    assert r"x_{end} &= \mathrm{round}(16.563) = 17" in shown


def test_output_7_on_height_5_shows_the_bin_size_guard():
    at = run_page(PAGE, step="3", out="7")
    notice = "\n".join(w.value for w in at.warning)
    assert "5 cells / 7 bins floors to 0" in notice
    assert r"\max\left(1" in page_text(at)
    assert not run_page(PAGE, step="3").warning


STEP_FRAMES = ["1 · Project", "2 · Quantize", "3 · Divide", "4 · Maximum", "5 · Output"]


def frame(map_figure: dict, name: str) -> dict:
    (found,) = [f for f in map_figure["frames"] if f["name"] == name]
    return found


@pytest.mark.parametrize("step", [1, 4])
def test_the_map_has_a_frame_per_step_and_starts_at_the_urls_step(step):
    map_figure = figure(run_page(PAGE, step=str(step)), "pool_map")
    assert [f["name"] for f in map_figure["frames"]] == STEP_FRAMES
    (slider,) = map_figure["layout"]["sliders"]
    assert slider["active"] == step - 1 and slider["currentvalue"]["prefix"] == "Step "
    active = map_figure["frames"][step - 1]
    layers = len(active["data"])
    assert active["data"] == map_figure["data"][1 : layers + 1]  # what the server draws is the active frame
    targets, printed_values = map_figure["data"][layers + 1 :]  # then the cells' click targets, and the values
    assert targets["marker"]["opacity"] == 0 and is_values(printed_values)
    assert active["layout"]["annotations"] == map_figure["layout"]["annotations"]


def test_next_moves_the_slider_with_the_step():
    at = run_page(PAGE, step="2")
    at.button(key="step_next").click().run()
    assert figure(at, "pool_map")["layout"]["sliders"][0]["active"] == 2


def test_the_frames_hold_the_slides_numbers_from_step_1():
    map_figure = figure(run_page(PAGE, step="1"), "pool_map")
    hatched = next(t for t in frame(map_figure, "3 · Divide")["data"] if t.get("fillpattern"))
    assert len([x for x in hatched["x"] if x is not None]) == 17 * 5
    values = printed(map_figure)
    for name in STEP_FRAMES[3:]:
        cells = winner_cells(frame(map_figure, name)["data"])
        assert sorted(values[cell] for cell in cells) == sorted(f"{v:.1f}" for row in SLIDES_OUTPUT for v in row)
    (headline,) = frame(map_figure, "2 · Quantize")["layout"]["annotations"]
    assert "its origin (x, y): (9, 6)" in headline["text"]


def test_cells_are_named_in_one_order_and_counted_from_zero():
    quantize = run_page(PAGE, step="2")
    text = page_text(quantize)
    assert "corners at x, y = (9, 6) → (16, 11) in cells: rows 6 to 10, columns 9 to 15" in text
    assert "counted from 0" in text and "slides' row 7 is row 6 here" in text


def test_presenter_mode_shows_the_map_without_slider_or_intro_on_one_screen():
    at = run_page(PAGE, step="2", present="1")
    map_figure = figure(at, "pool_map")
    assert "sliders" not in map_figure["layout"] and not map_figure["layout"]["annotations"]
    assert map_figure["layout"]["height"] <= 480
    assert map_figure["data"][0]["textfont"]["size"] >= 18  # enlarged for a projector
    shown = page_text(at)
    assert "Step with the buttons" not in shown  # the intro: the teacher says it
    assert "Vermillion: the quantized box" in shown  # the legend the headline holds in normal mode
    assert "X=9, Y=6, W=7, H=5 cells" in shown
    assert not at.toggle  # no whole-map toggle under the map
    normal = run_page(PAGE, step="2")
    assert "Step with the buttons" in page_text(normal) and normal.toggle
