"""The take-home handout of a view: the slides' numbers in the PDF's text, the A4 PNG, the map back from the CSV."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from roi_core import lesson_feature_map, trace_roi_align, trace_roi_pool
from roi_core.textbooks import textbook_example
from roi_ui.images.handout import grids_csv
from roi_ui.images.handout_document import handout_pdf
from roi_ui.images.handout_drawing import handout_png, render_page
from roi_ui.lessons import textbooks
from roi_ui.session import takeaway
from roi_ui.session.registry import lesson
from tests.ui.test_trace_cache import VIEW


@pytest.fixture
def preset_handout():
    settings = VIEW.settings
    pool = trace_roi_pool(VIEW.feature_map, settings.box_rect, VIEW.geometry, 3, settings.quantization)
    align = trace_roi_align(VIEW.feature_map, settings.box_rect, VIEW.geometry, 3, **settings.align_options)
    return takeaway.handout(VIEW, lesson(3), pool, align, "http://localhost:8501/RoI_Pooling?x=300")


def test_the_handout_holds_the_slides_numbers(preset_handout):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handout_pdf(preset_handout))).pages)
    for number in ("(9.375, 6.563)", "(16.563, 12.188)", "X = 9, Y = 6, W = 7, H = 5", "2 x 1 cells",
                   "2.396 cells x 1.875 cells", "http://localhost:8501/RoI_Pooling?x=300"):  # fmt: skip
        assert number in text
    assert Image.open(io.BytesIO(handout_png(preset_handout))).size == (1654, 2339)
    grids = io.StringIO(grids_csv(preset_handout.grids).decode())
    first = np.loadtxt([line for line in grids.read().split("\n\n")[0].splitlines() if not line.startswith("#")],
                       delimiter=",")  # fmt: skip
    np.testing.assert_array_equal(first, lesson_feature_map())


def test_the_outputs_stand_beside_the_map_with_larger_cells(preset_handout):
    """On paper the map keeps the page's width to itself; the outputs, in a column beside it, get cells twice as
    large (their four decimals read)."""
    the_map, pooled, aligned = render_page(preset_handout)[1].grids  # (left, top, cell) of each grid's first cell
    assert pooled[0] > the_map[0] + 25 * the_map[2] and pooled[1] == the_map[1]  # beside the map, level with it
    assert aligned[0] == pooled[0] and aligned[1] > pooled[1]  # under the other output
    assert pooled[2] == 2 * the_map[2] and the_map[2] >= 36


def test_a_textbook_examples_handout_holds_the_sources_numbers():
    """Page 11's handout of d2l.ai's second box: the book's map, its box and convention, its printed output
    (9, 11 / 13, 15) as computed, and every number the book prints with roi_core's verdict."""
    book = textbook_example("d2l-rcnn")
    view = textbooks.example_view(book, 2, VIEW)
    settings = view.settings
    pool = trace_roi_pool(view.feature_map, settings.box_rect, view.geometry, 2, settings.quantization)
    align = trace_roi_align(view.feature_map, settings.box_rect, view.geometry, 2, **settings.align_options)
    handout = takeaway.handout(view, lesson(11), pool, align, "http://localhost:8501/Textbook_examples?book=d2l-rcnn",
                               textbooks.handout_numbers(book))  # fmt: skip
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handout_pdf(handout))).pages)
    for words in ("d2l.ai's 4 x 4 map", "box (x, y, w, h) 0, 10, 30, 20 px", "stride 10 (spatial_scale = 1/10)",
                  "round (torchvision roi_pool)", "pool output roi_core agrees",
                  "quantized region roi_core agrees: ((0, 3, 0, 3), (1, 4, 0, 4))"):  # fmt: skip
        assert words in text
    np.testing.assert_array_equal(handout.grids[1].values, [[9, 11], [13, 15]])  # the book's printed output
    np.testing.assert_array_equal(handout.grids[0].values, book.feature_map)


def test_a_source_that_slips_is_told_in_a_line_of_the_handout():
    numbers = dict(textbooks.handout_numbers(textbook_example("erdem-roi")))
    assert numbers["align output"] == "roi_core differs at 3 (why: page 11's table)"
    assert numbers["quantized box"] == "roi_core agrees: (9, 6, 6, 4)"
    assert numbers["pool output"] == "roi_core agrees"  # too long to repeat: page 11's table has it
    assert all(len(line) <= 60 for line in numbers.values())
