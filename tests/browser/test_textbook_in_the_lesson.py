"""A textbook's example in a real browser: page 11's button opens d2l.ai's second box on page 3 (the book's map, its
stride of 10, its torchvision convention), whose last step shows the book's printed output, 9, 11 / 13, 15."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from roi_ui.lessons.textbooks import BOX_TITLE, OPEN_WORDS
from tests.browser.helpers import assert_no_exception, collect_errors, wait_for_app

OUTPUT_VALUES = """() => {
    const plot = document.querySelector(".st-key-pool_output .js-plotly-plot");
    const z = plot.data[0].z;
    return Array.from(z, row => Array.from(row));
}"""


def test_page_11_opens_d2ls_second_box_on_page_3_with_the_books_output(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/Textbook_examples?book=d2l-rcnn")
    wait_for_app(page)
    page.get_by_role("radiogroup", name=BOX_TITLE).get_by_text("box 2").click()
    expect(page).to_have_url(re.compile(r"book_box=2"), timeout=30_000)
    page.get_by_role("button", name=OPEN_WORDS).click()  # after the box's click: the session has its own values
    expect(page).to_have_url(re.compile(r"/RoI_Pooling\?"), timeout=30_000)
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["image"] == ["book"] and query["book_box"] == ["2"] and query["y"] == ["10"]
    expect(page.get_by_text("Stride: 10 pixels per cell, the source's own")).to_be_visible(timeout=30_000)
    page.goto(f"{page.url}&step=5")  # the last step: the pooled output
    wait_for_app(page)
    page.wait_for_selector(".st-key-pool_output .js-plotly-plot", timeout=30_000)
    values = page.evaluate(OUTPUT_VALUES)
    assert values == [[9, 11], [13, 15]]  # the book's printed output for its second box
    assert_no_exception(page)
    errors.assert_none()
