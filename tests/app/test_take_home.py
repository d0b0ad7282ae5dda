"""Every lesson page ends with the view to take home: handout (PDF, PNG), CSV and the view as code in each library;
the handout holds the view's numbers (the slides' on the preset), the code tabs are roi_ui.words.snippets'."""

from __future__ import annotations

import pytest

from roi_core import LESSON_PRESET
from roi_ui.session.registry import LESSONS
from roi_ui.words.snippets import snippets
from tests.app.helpers import page_app


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
