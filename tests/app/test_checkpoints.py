"""Checkpoints on the pages: commit an answer, then the reveal; presenter mode reveals to the room; a new box asks
again; the progress line counts; every page that teaches one shows its checkpoints."""

from __future__ import annotations

import pytest

from roi_ui.lessons import checkpoints
from roi_ui.session.predict import ANSWERS
from tests.app.helpers import page_app

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
