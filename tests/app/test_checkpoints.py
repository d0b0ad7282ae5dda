"""Checkpoints on the pages: commit an answer, then the reveal; presenter mode reveals to the room; a new box asks
again; the progress line counts; every page that teaches one shows its checkpoints."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import Rect, lesson_feature_map, map_geometry, trace_roi_align
from roi_ui.lessons import checkpoints
from roi_ui.plot.marks import ANSWER, ANSWER_INSET
from roi_ui.session.predict import ANSWERS
from tests.app.helpers import figure, page_app

PAGES = {  # page file: its checkpoints' keys
    "1_Image_to_feature_map.py": ("cells-columns", "cells-count"),
    "2_Quantization_error.py": ("quantized-box", "bin-size", "dropped-cells", "round-vs-floor", "bins-overlap"),
    "3_RoI_Pooling.py": ("pool-argmax", "output-size"),
    "4_RoI_Align.py": (
        "sample-position",
        "bilinear-value",
        "spatial-scale",
        "aligned",
        "adaptive-ratio",
        "max-or-average",
    ),
    "5_Side_by_side.py": ("one-pixel",),
    "6_Channels.py": ("box-format",),
    "8_Feature_pyramid.py": ("fpn-level",),
    "9_Method_zoo.py": ("onnx-max",),
}


def check_button(at, index: int = 0):
    return [button for button in at.button if button.label == "Check"][index]


def reveal_texts(at) -> list[str]:
    return [element.value for element in (*at.success, *at.warning, *at.info) if "Right" in element.value
            or "Not quite" in element.value or element.value.startswith("Answer")]  # fmt: skip


@pytest.mark.parametrize(("page", "keys"), PAGES.items())
def test_every_page_asks_its_checkpoints(page, keys):
    at = page_app(page).run()
    assert not at.exception
    asked = [key for key in keys if any(radio.key == f"predict_{key}_answer" for radio in at.radio)
             or any(number.key == f"predict_{key}_answer" for number in at.number_input)]  # fmt: skip
    assert asked == list(keys)
    assert any(f"of {checkpoints.TOTAL}" in caption.value for caption in at.caption)
    assert sum(len(keys) for keys in PAGES.values()) == checkpoints.TOTAL


def test_a_right_answer_then_a_wrong_one_get_their_reveals():
    at = page_app("3_RoI_Pooling.py").run()
    radio = at.radio(key="predict_pool-argmax_answer")
    right = next(c for c in checkpoints.pooling(_pool_trace()) if c.key == "pool-argmax").answer
    radio.set_value(right)
    check_button(at).click().run()
    assert reveal_texts(at) == [f"Right: {right}"]
    assert any("stands for the whole bin" in md.value for md in at.markdown)
    assert any(f"1 of {checkpoints.TOTAL}" in caption.value for caption in at.caption)

    next(b for b in at.button if b.label == "Ask me again").click().run()
    wrong = next(option for option in at.radio(key="predict_pool-argmax_answer").options if option != right)
    at.radio(key="predict_pool-argmax_answer").set_value(wrong)
    check_button(at).click().run()
    assert reveal_texts(at) == [f"Not quite: you said {wrong}; it is {right}."]


def test_a_number_counts_at_its_decimals_and_a_new_box_asks_again():
    at = page_app("1_Image_to_feature_map.py").run()
    at.number_input(key="predict_cells-count_answer").set_value(56)
    check_button(at, 1).click().run()
    assert reveal_texts(at) == ["Right: 56"]
    at.number_input(key="ctl_w").set_value(300).run()  # a wider box: 10 columns, a new answer, the question again
    assert not reveal_texts(at) and at.number_input(key="predict_cells-count_answer").value is None
    assert at.session_state[ANSWERS]["cells-count"][0] == 56  # what was committed, for the numbers then


def test_presenter_mode_reveals_to_the_room():
    at = page_app("6_Channels.py", present="1", slide="9").run()
    assert not at.exception and not [r for r in at.radio if r.key and r.key.startswith("predict_")]
    next(b for b in at.button if b.label == "Reveal").click().run()
    (revealed,) = reveal_texts(at)
    assert revealed.startswith("Answer: [[0, 300, 210, 530, 390]]")


def _pool_trace():
    from roi_core import LESSON_PRESET, lesson_feature_map, map_geometry, trace_roi_pool

    geometry = map_geometry(LESSON_PRESET.image_width, LESSON_PRESET.image_height, LESSON_PRESET.stride)
    return trace_roi_pool(lesson_feature_map(), LESSON_PRESET.box_rect, geometry, 3, LESSON_PRESET.quantization)


@pytest.mark.parametrize(
    ("page", "step", "last"), [("3_RoI_Pooling.py", "step", "5"), ("4_RoI_Align.py", "align_step", "5")]
)
def test_a_projector_asks_at_the_last_step_only(page, step, last):
    reveals = [
        [b for b in page_app(page, present="1", **{step: shown}).run().button if b.label == "Reveal"]
        for shown in ("1", last)
    ]
    assert not reveals[0] and reveals[1]


def answer_marks(spec: dict) -> list[dict]:
    """A figure's traces marking revealed answers (``marks.answer``)."""
    return [trace for trace in spec["data"] if trace.get("name") == ANSWER]


def outline_bounds(trace: dict) -> tuple[float, float, float, float]:
    xs, ys = [x for x in trace["x"] if x is not None], [y for y in trace["y"] if y is not None]
    return min(xs), min(ys), max(xs), max(ys)


def test_a_reveal_marks_the_answer_in_the_figure():
    """Page 3: the winning cell of bin (0, 0), (row 6, col 9), outlined on the map once the answer is committed (not
    before); page 1: the touched block, on the map in cells and on the image in pixels."""
    at = page_app("3_RoI_Pooling.py", step="4").run()
    assert not answer_marks(figure(at, "pool_map"))
    at.radio(key="predict_pool-argmax_answer").set_value("(6, 10)")
    check_button(at).click().run()
    (outline,) = answer_marks(figure(at, "pool_map"))
    assert outline_bounds(outline) == pytest.approx(
        (9 + ANSWER_INSET, 6 + ANSWER_INSET, 10 - ANSWER_INSET, 7 - ANSWER_INSET)
    )

    at = page_app("1_Image_to_feature_map.py").run()
    at.number_input(key="predict_cells-count_answer").set_value(3)
    check_button(at, 1).click().run()
    (on_map,) = answer_marks(figure(at, "map_cells"))
    (on_image,) = answer_marks(figure(at, "image_cells"))
    block = (9, 6, 17, 13)  # columns 9-16, rows 6-12: 8 x 7 = 56 cells
    inside = np.add(block, (ANSWER_INSET, ANSWER_INSET, -ANSWER_INSET, -ANSWER_INSET))
    assert outline_bounds(on_map) == pytest.approx(inside)
    assert outline_bounds(on_image) == pytest.approx(inside * 32)


def test_a_revealed_sampling_point_is_marked_with_its_four_cells():
    """Page 4: S1 of bin (0, 0) at (10.174, 7.188) and its four nearest cells, rows 6-7, columns 9-10."""
    at = page_app("4_RoI_Align.py", align_step="3").run()
    assert not answer_marks(figure(at, "align_map"))
    at.number_input(key="predict_bilinear-value_answer").set_value(0.44)
    check_button(at, 1).click().run()
    cells, point = answer_marks(figure(at, "align_map"))
    assert outline_bounds(cells) == pytest.approx(
        (9 + ANSWER_INSET, 6 + ANSWER_INSET, 11 - ANSWER_INSET, 8 - ANSWER_INSET)
    )
    assert (*point["x"], *point["y"]) == pytest.approx((9.375 + 2.3958333 / 3, 6.5625 + 1.875 / 3))


def test_page_2_marks_the_dropped_cells_on_the_selected_conventions_figures_only():
    at = page_app("2_Quantization_error.py").run()
    at.number_input(key="predict_dropped-cells_answer").set_value(17)
    check_button(at, 2).click().run()
    (floor,) = answer_marks(figure(at, "boxes_on_map_floor"))
    assert len([x for x in floor["x"] if x is None]) == 17  # one outline per dropped cell
    assert not answer_marks(figure(at, "boxes_on_map_round"))  # round reads them all: nothing to mark there


def test_pages_8_and_9_mark_their_answers():
    """Page 8: the box on its level's close-up (P3 for 230 x 180 px, stride 8), in pixels; page 9: the box as one
    bin on ONNX RoiAlign's map and its largest sample."""
    at = page_app("8_Feature_pyramid.py").run()
    assert not answer_marks(figure(at, "pyramid_p3"))
    at.radio(key="predict_fpn-level_answer").set_value("P4")
    check_button(at).click().run()
    (outline,) = answer_marks(figure(at, "pyramid_p3"))
    inset = ANSWER_INSET * 8
    assert outline_bounds(outline) == pytest.approx((300 + inset, 210 + inset, 530 - inset, 390 - inset))
    assert not answer_marks(figure(at, "pyramid_p4"))

    at = page_app("9_Method_zoo.py").run()
    at.radio(key="predict_onnx-max_answer").set_value("equal")
    check_button(at).click().run()
    outline, largest = answer_marks(figure(at, "zoo_onnx_roi_align"))
    assert outline_bounds(outline) == pytest.approx((300 / 32 + ANSWER_INSET, 210 / 32 + ANSWER_INSET,
                                                 530 / 32 - ANSWER_INSET, 390 / 32 - ANSWER_INSET))  # fmt: skip
    box, geometry = Rect.from_xywh(300, 210, 230, 180), map_geometry(800, 576, 32)
    trace = trace_roi_align(lesson_feature_map(), box, geometry, 1, 2, True, "max", "centered")
    winner = trace.bins[0].samples[trace.bins[0].winner]
    assert (*largest["x"], *largest["y"]) == pytest.approx((winner.x, winner.y))
    assert not answer_marks(figure(at, "zoo_roi_align"))
