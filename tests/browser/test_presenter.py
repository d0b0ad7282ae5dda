"""Presenter mode in a real browser: ← → step through a page's sections; keyboard focus is visible everywhere."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.helpers import wait_for_app

FOCUSED_OUTLINE = """() => {
    const element = document.activeElement;
    const box = element.closest('label') || element;
    const styles = [getComputedStyle(element), getComputedStyle(box)];
    return {tag: element.tagName, label: (element.getAttribute('aria-label') || element.textContent || '').slice(0, 30),
            outline: Math.max(...styles.map(s => s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth)))};
}"""


def chart_keys(page: Page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('[class*=\"st-key-\"] .js-plotly-plot'))"
        ".map(c => c.closest('[class*=\"st-key-\"]').className.match(/st-key-(\\S+)/)[1])"
    )


def test_arrow_keys_step_through_a_pages_sections(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/Image_to_feature_map?present=1")
    wait_for_app(page)
    assert "map_cells" in chart_keys(page) and "object_values" not in chart_keys(page)
    page.locator("body").press("ArrowRight")
    page.wait_for_url("**slide=2**")
    wait_for_app(page)
    page.wait_for_selector(".st-key-object_values .js-plotly-plot")
    assert "map_cells" not in chart_keys(page)
    page.locator("body").press("ArrowLeft")
    page.wait_for_url(lambda url: "slide=" not in url and "present=1" in url)  # slide 1: the preset, left out


def test_every_control_reached_with_tab_shows_its_focus(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/RoI_Align")
    wait_for_app(page)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_OUTLINE)
        if focused["tag"] == "BODY":
            break
        seen.append(focused)
    kinds = {item["tag"] for item in seen}
    assert {"A", "BUTTON", "INPUT"} <= kinds, kinds  # links, buttons and fields (radios, toggles, numbers)
    unseen = [item for item in seen if item["outline"] < 2]
    assert not unseen, f"controls without a visible focus outline: {unseen}"
