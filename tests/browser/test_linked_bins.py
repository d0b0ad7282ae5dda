"""Linked views in the browser: a click on an output bin chooses it (the URL says which), and the map beside it
outlines what that bin read: RoI Pooling's cells (pages 3 and 5), RoI Align's sampling points and their cells
(page 4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from roi_ui.plot.marks import CHOSEN_EDGE, CHOSEN_INSET
from tests.browser.helpers import assert_no_exception, collect_errors, wait_for_app

# page and its query, the output chart, the map chart, the (x1, x2) in cells the chosen bin's bold outline spans
CASES = [
    ("RoI_Pooling?step=5", "pool_output", "pool_map", (13 + CHOSEN_INSET, 15 - CHOSEN_INSET)),  # bin (1, 2): 13-14
    ("RoI_Align?align_step=4", "align_output", "align_map", (14.1667, 16.5625)),  # bin (1, 2) of 9.375-16.5625
    ("Side_by_side", "side_shift", "side_cells", (13 + CHOSEN_INSET, 15 - CHOSEN_INSET)),  # RoI Pooling's grid
]
# The first line of the chosen bin's width on a chart (RoI Pooling's frame of cells, or RoI Align's bin): its x span
OUTLINE_X = """key => {
    const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
    const bold = (plot?.data || []).filter(t => t.line && t.line.width === WIDTH);
    if (bold.length === 0) return null;
    const xs = bold[0].x.filter(x => x !== null);
    return [Math.min(...xs), Math.max(...xs)];
}""".replace("WIDTH", str(CHOSEN_EDGE))


def click_cell(page: Page, chart_key: str, row: int, col: int, size: int) -> None:
    """Click the centre of cell (row, col) of a ``size`` x ``size`` output grid (its plot area is square)."""
    area = page.locator(f".st-key-{chart_key} .nsewdrag").first
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    assert box, "the output is not on the page"
    page.mouse.click(box["x"] + (col + 0.5) / size * box["width"], box["y"] + (row + 0.5) / size * box["height"])


@pytest.mark.parametrize(("path", "output", "map_key", "span"), CASES, ids=["pooling", "align", "side_by_side"])
def test_clicking_an_output_bin_outlines_what_it_read(page: Page, app_url: str, path, output, map_key, span) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    page.wait_for_selector(f".st-key-{output} .nsewdrag", timeout=30_000)
    first = page.evaluate(OUTLINE_X, map_key)
    click_cell(page, output, 1, 2, 3)
    page.wait_for_function("() => location.search.includes('bin_row=1') && location.search.includes('bin_col=2')")
    wait_for_app(page)
    page.wait_for_function(f"() => ({OUTLINE_X})('{map_key}') !== null")
    moved = page.evaluate(OUTLINE_X, map_key)
    assert moved == pytest.approx(span, abs=1e-3) and moved != first
    assert_no_exception(page)
    errors.assert_none()


def cell_centre(page: Page, chart_key: str, row: int, col: int) -> tuple[float, float]:
    """Where on the page the centre of map cell (row, col) of a chart is (its axes' ranges, its plot area)."""
    area = page.locator(f".st-key-{chart_key} .nsewdrag").first
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    assert box, "the map is not on the page"
    (x0, x1), (y0, y1) = page.evaluate(
        "key => { const l = document.querySelector(`.st-key-${key} .js-plotly-plot`)._fullLayout;"
        " return [l.xaxis.range, l.yaxis.range]; }",
        chart_key,
    )
    return (
        box["x"] + (col + 0.5 - x0) / (x1 - x0) * box["width"],
        box["y"] + (1 - (row + 0.5 - y0) / (y1 - y0)) * box["height"],  # a y range runs from the bottom up
    )


def test_pointing_at_a_map_cell_names_its_bins_and_a_click_chooses_one(page: Page, app_url: str) -> None:
    """Page 3, step 3: the hover over cell (8, 14) names RoI Pooling's bin (2, 2); a click on it chooses that bin."""
    errors = collect_errors(page)
    page.goto(f"{app_url}/RoI_Pooling?step=3")
    wait_for_app(page)
    page.wait_for_selector(".st-key-pool_map .nsewdrag", timeout=30_000)
    page.mouse.move(*cell_centre(page, "pool_map", 8, 14))
    label = page.locator(".st-key-pool_map .hoverlayer .hovertext")
    label.first.wait_for(timeout=10_000)
    assert (
        "cell (row 8, col 14)" in label.first.text_content() and "RoI Pooling: bin (2, 2)" in label.first.text_content()
    )
    page.mouse.click(*cell_centre(page, "pool_map", 8, 14))
    page.wait_for_function("() => location.search.includes('bin_row=2') && location.search.includes('bin_col=2')")
    wait_for_app(page)
    page.wait_for_function(f"() => ({OUTLINE_X})('pool_map')?.[0] > 13")
    assert page.evaluate(OUTLINE_X, "pool_map") == pytest.approx((13 + CHOSEN_INSET, 15 - CHOSEN_INSET), abs=1e-3)
    assert_no_exception(page)
    errors.assert_none()
