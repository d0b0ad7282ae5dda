"""Lesson 5's outputs-and-sweep chart in a real browser: its own slider moves between the precomputed shifts with
no server rerun, and what it then shows is roi_core's RoI Pooling and RoI Align of the box moved by that shift."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page

from roi_core import LESSON_PRESET, lesson_feature_map, map_geometry, shift_sweep
from roi_ui.words.numbers import fixed_grid
from tests.browser.helpers import APP_STATE_ATTR, assert_no_exception, collect_errors, save_screenshot, wait_for_app

DECIMALS = 3  # the slides' one-decimal table, a 3 x 3 output: printed with 3 decimals
POOL_AT_ZERO = [["0.900", "0.700", "0.500"], ["0.600", "0.400", "1.000"], ["0.400", "0.500", "0.800"]]
CHART = "Array.from(document.querySelectorAll('.js-plotly-plot')).find(gd => (gd.layout.sliders || []).length)"
SHOWN = f"""() => {{
    const gd = {CHART};
    const grids = gd.data.filter(t => t.type === 'heatmap');
    const marker = gd.data.find(t => t.name === 'current shift');
    const label = Array.from(gd.querySelectorAll('.slider-container text')).map(t => t.textContent)
        .find(t => t.startsWith('Shift: '));
    const labels = gd.data.filter(t => String((t.textfont || {{}}).family || '').startsWith('cell-values'));
    const drawn = Array.from(gd.querySelectorAll('text')).filter(t => (t.getAttribute('style') || '')
        .includes('cell-values')).map(t => t.textContent);
    return {{names: grids.map(t => t.name), text: grids.map(t => t.text), marker: marker.x[0], label,
             active: gd.layout.sliders[0].active, printed: labels.map(t => Array.from(t.text)), drawn}};
}}"""
RECORD_RERUNS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    window.__scriptStates = [];
    new MutationObserver(() => window.__scriptStates.push(app.getAttribute('data-test-script-state')))
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
ANIMATE = f"""(name) => Plotly.animate({CHART}, [name],
    {{mode: 'immediate', frame: {{duration: 0, redraw: true}}, transition: {{duration: 0}}}})"""


def expected_text(shift: int) -> list[list[list[str]]]:
    """roi_core's RoI Pooling, RoI Align and Align − Pool of the preset box moved by ``shift`` px on the slides'
    map, printed as the grids print them."""
    sweep = shift_sweep(
        lesson_feature_map(),
        LESSON_PRESET.box_rect,
        map_geometry(LESSON_PRESET.image_width, LESSON_PRESET.image_height, LESSON_PRESET.stride),
        LESSON_PRESET.output_size,
        [shift],
    )
    pool, align = sweep.pool[0], sweep.align[0]
    return [fixed_grid(pool, DECIMALS), fixed_grid(align, DECIMALS), fixed_grid(align - pool, DECIMALS, sign=True)]


def flat(grids: list[list[list[str]]]) -> list[list[str]]:
    """Each grid's printed values in reading order, as its value-label trace holds them."""
    return [[value for row in grid for value in row] for grid in grids]


def assert_printed(shown: dict, shift: int) -> None:
    """The value labels over the grids (their traces and the texts drawn on the page) are roi_core's outputs for
    ``shift``, as the grids' own text."""
    expected = flat(expected_text(shift))
    assert shown["printed"] == expected
    assert shown["drawn"] == [value for grid in expected for value in grid]


def click_slider_step(page: Page, step: int) -> None:
    """Click the chart's slider where its ``step``-th tick is, as a user would."""
    rail = page.locator(".slider-rail-touch-rect")
    rail.scroll_into_view_if_needed()
    tick = page.locator(".slider-tick-rect").nth(step).bounding_box()
    box = rail.bounding_box()
    assert tick and box
    page.mouse.click(tick["x"] + tick["width"] / 2, box["y"] + box["height"] / 2)


def shown_at(page: Page, shift: int, name: str) -> dict:
    """What the chart shows once its dashed line is at ``shift`` and its slider reads ``name`` (the slider's label
    and the frame are drawn one after the other)."""
    page.wait_for_function(
        f"([shift, label]) => {{ const shown = ({SHOWN})(); return shown.marker === shift && shown.label === label; }}",
        arg=[shift, f"Shift: {name}"],
        timeout=30_000,  # a busy 2-core machine can take seconds to draw 65 frames' worth of a click
    )
    return page.evaluate(SHOWN)


def test_the_charts_slider_shows_roi_cores_outputs_without_a_rerun(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/Side_by_side")
    wait_for_app(page)
    page.wait_for_selector(".slider-rail-touch-rect", timeout=30_000)
    opening = page.evaluate(SHOWN)
    assert opening["names"] == ["RoI Pooling", "RoI Align", "Align − Pool"]
    assert opening["active"] == 32 and opening["label"] == "Shift: 0 px"  # the page's shift
    assert opening["text"] == expected_text(0) and opening["text"][0] == POOL_AT_ZERO
    assert_printed(opening, 0)
    url = page.url
    page.evaluate(RECORD_RERUNS)

    click_slider_step(page, 32 + 20)
    shown = shown_at(page, 20, "+20 px")
    assert shown["active"] == 52 and shown["text"] == expected_text(20)
    assert shown["text"][0] != POOL_AT_ZERO  # 320 / 32 = 10: RoI Pooling's bins moved one cell
    assert_printed(shown, 20)
    save_screenshot(page, "side_by_side_shift_frames")

    page.evaluate(ANIMATE, "-27 px")  # what the slider and the play button call
    shown = shown_at(page, -27, "-27 px")
    assert shown["text"] == expected_text(-27)
    assert_printed(shown, -27)

    page.wait_for_timeout(500)  # a rerun, had one been asked for, would have started by now
    assert page.evaluate("() => window.__scriptStates") == []
    assert page.get_attribute("[data-testid='stApp']", APP_STATE_ATTR) == "notRunning"
    assert page.url == url and parse_qs(urlparse(url).query).get("shift", ["0"]) == ["0"]
    assert_no_exception(page)
    errors.assert_none()
