"""AppTest checks of the 'Quantization error' page (lesson 2)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from roi_ui.lessons import quantization as lesson
from tests.app import helpers
from tests.app.helpers import figure, run_page

PAGE = "2_Quantization_error.py"

# The slides' worked example (roi_core/data/README.md), written out by hand.
PROJECTED = ("9.375", "6.563", "16.563", "12.188", "7.188", "5.625")
FLOOR = "X=9, Y=6, W=7, H=5"
ROUND = "X=9, Y=7, W=9, H=6"


def page_text(at: AppTest) -> str:
    """Every text element and every metric's value."""
    return helpers.page_text(at) + "\n" + "\n".join(str(m.value) for m in at.metric)


def latex(at: AppTest) -> str:
    return "\n".join(e.value for e in at.latex)


@pytest.fixture(scope="module")
def preset() -> AppTest:
    return run_page(PAGE)


def test_preset_projection_written_out(preset):
    formulas = latex(preset)
    for number in PROJECTED:
        assert number in formulas
    assert r"\tfrac{300}{32} = 9.375" in formulas
    assert r"\tfrac{300 + 230}{32} = 16.563" in formulas


def test_preset_both_conventions(preset):
    shown = page_text(preset)
    assert FLOOR in shown and ROUND in shown
    assert r"\lfloor 9.375 \rfloor = 9" in shown and r"\lfloor 7.188 \rfloor = 7" in shown
    assert r"\lfloor 6.563 \rceil = 7" in shown  # round: 6.5625 rounds up


def test_preset_shift_and_crop_in_cells_and_pixels(preset):
    shown = page_text(preset)
    assert "(-0.375, -0.5625) cells = (-12, -18) px" in shown
    assert "(-0.1875, -0.625) cells = (-6, -20) px" in shown
    assert "(-0.375, 0.4375) cells = (-12, 14) px" in shown  # round moves the origin down


def test_preset_lost_and_added_areas_and_iou(preset):
    shown = page_text(preset)
    # floor keeps 288..512 x 192..352: loses 230*38 + 18*142 px of the box, adds 224*18 + 12*142.
    assert "| 11,296 px² | 5,736 px² | 0.639 |" in shown
    assert "| 3,220 px² | 17,116 px² | 0.652 |" in shown


def test_lost_and_added_areas_drawn_on_the_image(preset):
    for convention in ("floor", "round"):
        image = figure(preset, f"boxes_on_image_{convention}")  # one figure per convention
        fills = [t for t in image["data"] if t.get("fill") == "toself"]
        assert {t["text"].split(":")[0] for t in fills} == {"lost", "added"}
        assert {t["line"]["dash"] for t in fills} == {"dot", "dashdot"}  # an edge style as well as a colour


def block_ids(node) -> list[str]:
    """The ids of every block under ``node`` (a keyed container's id ends with its key)."""
    ids = []
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ == "Block":
            ids.append(child.proto.id)
        ids += block_ids(child)
    return ids


def test_the_side_by_side_parts_are_keyed_for_stacking(preset):
    """``lesson.STACK_CSS`` finds each side-by-side part by its key."""
    ids = block_ids(preset._tree)
    for key in ("snap_on_image", "snap_on_map", "snap_numbers", "slide_examples"):
        assert key in lesson.SIDE_BY_SIDE and any(block.endswith(f"-{key}") for block in ids), key


def test_each_convention_keeps_its_pieces_in_one_column(preset):
    """On a phone the columns stack: each convention's figure, formulas and notes must be in its own column."""
    for index, convention in enumerate(("floor", "round")):
        column = preset.columns[2 + index]  # step 1 holds the first two columns
        heading = column.markdown[0].value
        assert convention in heading
        (chart,) = column.get("plotly_chart")
        assert chart.proto.id.endswith(f"-boxes_on_image_{convention}")
        (formula,) = column.latex
        assert ("rceil" in formula.value) == (convention == "round")
        assert any(convention in caption.value or "round" in caption.value for caption in column.caption)


def test_slide_examples(preset):
    shown = page_text(preset)
    assert r"w_\text{bin} &= \lfloor 3 / 2 \rfloor = 1" in shown  # the width error
    assert r"w_\text{bin} &= \lfloor 2 / 2 \rfloor = 1" in shown
    assert r"h_\text{bin} &= \lfloor 4 / 2 \rfloor = 2" in shown  # divides evenly
    ious = [float(v) for v in re.findall(r"ground-truth box: \*\*([0-9.]+)\*\*", shown)]
    assert len(ious) == 2 and all(0 < iou < 1 for iou in ious)  # "no quantization error, BUT" not aligned


def test_changing_the_box_x_changes_the_numbers():
    at = run_page(PAGE)
    at.number_input(key="ctl_x").set_value(320).run()
    assert not at.exception
    shown = page_text(at)
    assert r"\tfrac{320}{32} = 10" in shown
    assert "X=10, Y=6, W=7, H=5" in shown and "X=10, Y=7, W=8, H=6" in shown
    assert FLOOR not in shown
    assert at.query_params["x"] == "320"


def test_url_round_trip():
    at = run_page(PAGE, x="320", quant="round")
    shown = page_text(at)
    assert "X=10, Y=6, W=7, H=5" in shown and "X=10, Y=7, W=8, H=6" in shown
    assert "round (torchvision roi_pool) · selected" in shown
    assert at.radio(key="ctl_quant").value == "round"
    assert at.query_params["x"] == "320" and at.query_params["quant"] == "round"


def test_output_size_changes_the_second_quantization():
    at = run_page(PAGE, out="2")
    assert "into 2 x 2 bins of 3 x 2 cells" in page_text(at)  # floor: 7 // 2 = 3, 5 // 2 = 2


def test_bad_stride_shows_the_notice():
    at = run_page(PAGE, stride="0")
    assert at.warning
    assert FLOOR in page_text(at)  # the preset's stride is used instead


@pytest.mark.parametrize(
    ("slide", "charts"),
    [
        ("1", []),
        ("2", ["boxes_on_image_floor", "boxes_on_image_round"]),
        ("3", ["boxes_on_map_floor", "boxes_on_map_round"]),
        ("4", []),
        ("5", ["slide_example_0", "slide_example_1"]),
    ],
)
def test_presenter_mode_shows_one_section_at_a_time_in_a_screen(slide, charts):
    at = run_page(PAGE, present="1", slide=slide)
    assert not at.exception
    assert [chart.proto.id.rsplit("-", 1)[-1] for chart in at.get("plotly_chart")] == charts
    assert all(figure(at, key)["layout"]["height"] <= 360 for key in charts)
    assert "takes the maximum over **whole cells**" not in page_text(at)  # no intro on a projector
    if slide == "4":
        assert "| 11,296 px² | 5,736 px² | 0.639 |" in page_text(at)
