"""Page 11: each textbook example names its source, draws its map and boxes, and puts every number the source
prints beside roi_core's (d2l.ai's roi_pool output equal; the blog post's three slipped RoI Align bins named); each
opens, box by box, on the lesson's pages 1 to 10, at its own stride, with its own numbers."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core.textbooks import TEXTBOOK_EXAMPLES, reproduce
from roi_ui.lessons.align import STEP_POOL
from roi_ui.session.params import parse_query
from roi_ui.session.registry import LESSONS
from roi_ui.session.state import VALUES, widget_key
from roi_ui.words.conventions import TEXTBOOK_TABLES
from tests.app.helpers import array, figure, page_app, page_text

PAGE = "11_Textbook_examples.py"


@pytest.mark.parametrize("book", TEXTBOOK_EXAMPLES, ids=lambda book: book.key)
def test_each_source_is_named_drawn_and_compared(book):
    at = page_app(PAGE, book=book.key).run()
    assert not at.exception
    assert book.source in page_text(at) and book.url in page_text(at)
    grid = figure(at, "book_map")["data"][0]
    rows, cols = (np.asarray(array(grid[axis]) - 0.5, dtype=int) for axis in ("y", "x"))
    np.testing.assert_array_equal(array(grid["z"]), book.feature_map[np.ix_(rows, cols)])
    r0, c0, r1, c1 = book.printed_cells  # every cell the source prints is drawn
    assert rows[0] <= r0 and rows[-1] >= r1 - 1 and cols[0] <= c0 and cols[-1] >= c1 - 1
    rows = at.dataframe[0].value.to_dict("records")
    assert [row["number"] for row in rows] == [name.replace("_", " ") for name in book.expected]
    assert all(row["agree"] == "equal" for row in rows) == (not book.differences)


def test_the_sources_own_numbers_on_screen():
    rows = {row["number"]: row for row in page_app(PAGE, book="d2l-rcnn").run().dataframe[0].value.to_dict("records")}
    assert rows["pool output"]["the source prints"] == "(((5, 6), (9, 10)), ((9, 11), (13, 15)))"
    assert rows["pool output"]["roi_core computes"] == rows["pool output"]["the source prints"]
    at = page_app(PAGE, book="erdem-roi").run()
    rows = {row["number"]: row for row in at.dataframe[0].value.to_dict("records")}
    assert rows["pool output"]["roi_core computes"] == "((0.2, 0.4, 0.6), (1, 0.6, 0.9), (0.9, 0.7, 0.5))"
    assert rows["align output"]["agree"].startswith("differs at 3")
    assert rows["quantized box"]["agree"] == "equal"


def test_the_posts_example_opens_in_the_lesson_with_the_posts_numbers():
    """Page 11's button opens Kemal Erdem's example on the lesson's pages: page 3 draws the post's RoI Pooling output
    (the floor convention), page 4 its RoI Align output where the post's arithmetic holds (6 of 9 bins)."""
    query = opened("erdem-roi", 1).query_params
    assert query["image"] == "book" and query["book"] == "erdem-roi"
    assert (query["x"], query["y"], query["w"], query["h"]) == ("296", "192", "200", "145")

    pooled = array(figure(page_app("3_RoI_Pooling.py", step="5", **query).run(), "pool_output")["data"][0]["z"])
    np.testing.assert_allclose(pooled, [[0.2, 0.4, 0.6], [1.0, 0.6, 0.9], [0.9, 0.7, 0.5]])
    at = page_app("4_RoI_Align.py", align_step=str(STEP_POOL), **query).run()
    assert not at.exception and "the RoI Align posts' 16 x 16 table" in page_text(at)
    aligned = array(figure(at, "align_output")["data"][0]["z"])
    printed = np.array([[0.51, 0.46, 0.71], [0.86, 0.50, 0.52], [0.56, 0.83, 0.30]])
    agree = np.abs(aligned - printed) <= 0.005 + 1e-12
    assert agree.sum() == 6 and not agree[0, 2] and not agree[1, 2] and not agree[2, 2]  # the post's three slips


LESSON_PAGES = [page.file.removeprefix("pages/") for page in LESSONS if page.number <= 10]
BOXES = [(book, number) for book in TEXTBOOK_EXAMPLES for number in range(1, len(book.boxes) + 1)]


def opened(book: str, number: int, **query: str):
    """Page 11 with ``book``'s box ``number`` chosen, after a click on "Open this example in the lesson": the
    lesson's page 3, its URL holding the example (``query_params``)."""
    at = page_app(PAGE, book=book, book_box=str(number), **query).run()
    at.button(key="open_book").click().run()
    assert not at.exception and at.title[0].value.startswith("3 ·")
    return at


@pytest.mark.parametrize(("book", "number"), BOXES, ids=lambda v: getattr(v, "key", str(v)))
def test_every_box_of_every_source_opens_in_the_lesson_with_its_own_rois_pooling(book, number):
    """Page 11's button for the chosen box: page 3 pools that box of the source's map at the source's stride with its
    convention (d2l.ai's two boxes: the book's printed outputs), and no lesson page fails on it."""
    query = opened(book.key, number).query_params
    values, notices = parse_query(query)
    assert values["image"] == "book" and values["book"] == book.key and "stride" not in query and not notices
    at = page_app("3_RoI_Pooling.py", step="5", **query).run()
    assert not at.exception
    pooled = array(figure(at, "pool_output")["data"][0]["z"])
    np.testing.assert_array_equal(pooled, reproduce(book)["pool_output"][number - 1])
    if book.key == "d2l-rcnn":
        np.testing.assert_array_equal(pooled, book.expected["pool_output"][number - 1])
    assert f"Stride: {book.stride} pixels per cell, the source's own" in page_text(at)
    assert TEXTBOOK_TABLES[book.key] in page_text(at)  # the feature values named


@pytest.mark.parametrize("page", LESSON_PAGES)
@pytest.mark.parametrize("book", ["d2l-rcnn", "deepsense-roi-pooling"])
def test_the_small_sources_run_on_every_lesson_page(page, book):
    """d2l.ai's 40 x 40 picture at stride 10 (4 x 4 cells) and deepsense.ai's 8 x 8 at stride 1: every page."""
    at = page_app(page, **opened(book, 1).query_params).run()  # the link a student shares
    assert not at.exception and not at.error


def test_choosing_the_textbook_example_opens_page_11s_source_with_its_box():
    at = page_app("3_RoI_Pooling.py", book="d2l-rcnn", book_box="2").run()
    at.radio(key=widget_key("image")).set_value("book").run()
    assert not at.exception
    assert {name: at.session_state[VALUES][name] for name in ("x", "y", "w", "h", "quant", "out")} == dict(
        x=0, y=10, w=30, h=20, quant="round", out=2
    )
    assert at.session_state[VALUES]["stride"] == 32  # the URL's stride stays; the picture's own (10) is used
    assert "Stride: 10 pixels per cell" in page_text(at)


def test_page_11s_source_chosen_while_the_lesson_shows_a_textbook_opens_that_source():
    at = page_app(PAGE, **opened("d2l-rcnn", 1).query_params).run()
    at.radio(key=widget_key("book")).set_value("erdem-roi").run()
    assert not at.exception
    values = at.session_state[VALUES]
    assert (values["image"], values["x"], values["y"], values["w"], values["h"]) == ("book", 296, 192, 200, 145)
    assert (values["quant"], values["layout"], values["pool"]) == ("floor", "spaced", "max")


def test_the_button_opens_the_example_after_other_changes_in_the_same_session():
    """Once a session has values of its own (a box moved on page 11), opening the example still shows it: the
    button sets the values, then switches page (a link's query would not replace them)."""
    at = page_app(PAGE, book="d2l-rcnn").run()
    at.radio(key=widget_key("book_box")).set_value(2).run()  # the session now holds its values
    at.button(key="open_book").click().run()
    assert not at.exception and at.title[0].value.startswith("3 ·")
    values = at.session_state[VALUES]
    assert (values["image"], values["book"], values["x"], values["y"], values["w"], values["h"]) == (
        "book",
        "d2l-rcnn",
        0,
        10,
        30,
        20,
    )
    assert "Stride: 10 pixels per cell" in page_text(at)


def test_a_link_made_when_the_image_was_called_posts_still_opens_the_posts_example():
    query = dict(image="posts", x="296", y="192", w="200", h="145", quant="floor", step="5")  # an earlier handout's
    at = page_app("3_RoI_Pooling.py", **query).run()
    assert not at.exception and not at.warning
    pooled = array(figure(at, "pool_output")["data"][0]["z"])
    np.testing.assert_allclose(pooled, [[0.2, 0.4, 0.6], [1.0, 0.6, 0.9], [0.9, 0.7, 0.5]])
