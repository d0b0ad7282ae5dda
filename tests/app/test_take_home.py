"""Every lesson page ends with the view to take home: handout (PDF, PNG), CSV and the view as code in each library;
the handout holds the view's numbers (the slides' on the preset), the code tabs are roi_ui.words.snippets'. Page 11's
take-home is the chosen source's example, one of its boxes at a time."""

from __future__ import annotations

import pytest

from roi_core import LESSON_PRESET
from roi_core.textbooks import textbook_example
from roi_ui.lessons import textbooks
from roi_ui.session.registry import LESSONS
from roi_ui.words.snippets import snippets
from tests.app.helpers import page_app

TEXTBOOKS = "11_Textbook_examples.py"


@pytest.mark.parametrize("page", [p for p in LESSONS if p.number != 11], ids=lambda page: page.url_path)
def test_every_lesson_page_offers_the_handout_the_data_and_the_code(page):
    at = page_app(page.file.removeprefix("pages/")).run()
    assert not at.exception and not at.get("download_button")  # nothing built until asked for
    at.toggle(key="take_home").set_value(True).run()
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Handout (PDF)", "Handout (PNG)", "Map and outputs (CSV)", "The map for the scripts "
                      "(roi_lab_feature_map.csv)"]  # fmt: skip
    codes = [element.value for element in at.code]
    assert [s.code.strip() for s in snippets(LESSON_PRESET)] == [code.strip() for code in codes[-5:]]


@pytest.mark.parametrize(("book", "box"), [("d2l-rcnn", 1), ("d2l-rcnn", 2), ("erdem-roi", 1), ("slides-224", 2)])
def test_page_11_takes_home_the_sources_own_example(book, box):
    """Page 11's take-home is the source's example, box by box: its map for the scripts, and the code that
    computes that box with the source's conventions (``TextbookExample.box_settings``)."""
    example = textbook_example(book)
    at = page_app(TEXTBOOKS, book=book, book_box=box).run()
    radios = [radio for radio in at.radio if radio.label == textbooks.BOX_TITLE]
    assert len(radios) == (len(example.boxes) > 1)  # a choice only where the source has several boxes
    at.toggle(key="take_home").set_value(True).run()
    assert not at.exception
    assert len(at.get("download_button")) == 4
    shown = example.box_settings(min(box, len(example.boxes)) - 1)
    assert [s.code.strip() for s in snippets(shown)] == [element.value.strip() for element in at.code[-5:]]
    assert f"Box (x, y, w, h) = {shown.box} px, image {shown.image_width} x {shown.image_height}" in at.code[-5].value


def test_page_11s_box_choice_changes_the_code():
    at = page_app(TEXTBOOKS, book="d2l-rcnn").run()
    at.toggle(key="take_home").set_value(True).run()
    assert "Box (x, y, w, h) = (0, 0, 20, 20) px" in at.code[-5].value
    next(radio for radio in at.radio if radio.label == textbooks.BOX_TITLE).set_value(2).run()
    assert not at.exception and "Box (x, y, w, h) = (0, 10, 30, 20) px" in at.code[-5].value


def test_page_11_on_a_projector_has_no_take_home_but_still_its_box_for_the_lesson():
    at = page_app(TEXTBOOKS, book="d2l-rcnn", present="1").run()
    assert not at.exception and [radio for radio in at.radio if radio.label == textbooks.BOX_TITLE]
    assert not at.get("toggle")  # no take-home on a projector
