"""The box drawn by dragging on each lesson page's image or map (its "Draw the box" toggle on), as on page 7: the
sidebar's x, y, w, h and the URL follow the drag; a map's drag is in cells, turned into pixels by the stride."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import assert_no_exception, collect_errors, drag_across, wait_for_app

CASES = [  # page, toggle label, chart key
    ("Image_to_feature_map", "Draw the box on the image", "image_cells"),
    ("Quantization_error", "Draw the box on the images", "boxes_on_image_floor"),
    ("RoI_Pooling", "Draw the box on the map", "pool_map"),
    ("RoI_Align", "Draw the box on the map", "align_map"),
    ("Side_by_side", "Draw the box on the map", "side_cells"),
    ("Channels", "Draw the box on the maps", "channel_map_red"),
]
X_FIELD = "[data-testid='stSidebar'] input[aria-label='x']"


@pytest.mark.parametrize(("name", "toggle", "chart_key"), CASES, ids=[case[0] for case in CASES])
def test_a_drag_on_the_figure_draws_the_box(page: Page, app_url: str, name: str, toggle: str, chart_key: str) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/{name}")
    wait_for_app(page)
    page.get_by_text(toggle, exact=True).click()
    page.wait_for_selector(f".st-key-{chart_key} .select-outline, .st-key-{chart_key} .nsewdrag", timeout=30_000)
    wait_for_app(page)
    page.wait_for_function(
        f"() => document.querySelector('.st-key-{chart_key} .js-plotly-plot')?.layout?.dragmode === 'select'",
        timeout=30_000,
    )
    before = page.locator(X_FIELD).input_value()
    drag_across(page, page.locator(f".st-key-{chart_key} .nsewdrag").first, (0.15, 0.2), (0.55, 0.7))
    page.wait_for_function(
        "([field, old]) => document.querySelector(field).value !== old", arg=[X_FIELD, before], timeout=30_000
    )
    wait_for_app(page)
    x = page.locator(X_FIELD).input_value()
    assert x != before and f"x={x}" in page.url
    assert_no_exception(page)
    errors.assert_none()
