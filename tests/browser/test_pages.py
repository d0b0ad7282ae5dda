"""Every page in a real browser: loads cleanly, reacts to a control, restores from a link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from roi_ui.session.registry import LESSONS
from tests.browser.helpers import assert_no_exception, collect_errors, save_screenshot, wait_for_app

LESSON_PAGES = tuple(page.url_path for page in LESSONS)

CHART_SIGNATURE = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
    d => JSON.stringify([d.data, (d.layout || {}).shapes, (d.layout || {}).annotations])).join('|')"""


def chart_signature(page: Page) -> str:
    """What every Plotly chart on the page currently draws (data, shapes, annotations)."""
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    return page.evaluate(CHART_SIGNATURE)


def wait_for_chart_change(page: Page, before: str) -> str:
    """Wait until the charts draw something else than ``before``; return the new signature."""
    page.wait_for_function(f"(before) => ({CHART_SIGNATURE})() !== before", arg=before, timeout=30_000)
    wait_for_app(page)
    return chart_signature(page)


def set_box_x(page: Page, value: int) -> None:
    """Type a new box x into the sidebar's number input and commit it."""
    field = page.locator("[data-testid='stSidebar'] input[aria-label='x']")
    field.fill(str(value))
    field.press("Enter")


@pytest.mark.parametrize("name", ("", *LESSON_PAGES))
def test_page_loads_cleanly(page: Page, app_url: str, name: str) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/{name}")
    wait_for_app(page)
    chart_signature(page)
    save_screenshot(page, name or "home")
    assert_no_exception(page)
    errors.assert_none()


def choose_deepsense(page: Page) -> None:
    """Page 11's control: the textbook example shown (its box is the source's, not the sidebar's)."""
    page.get_by_text("deepsense.ai").first.click()


# page: (the control changed, what the URL then holds); every other page: the sidebar's box x
CONTROLS = {"Textbook_examples": (choose_deepsense, "book=deepsense")}


@pytest.mark.parametrize("name", LESSON_PAGES)
def test_control_change_updates_chart_and_link_restores_it(page: Page, app_url: str, name: str) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/{name}")
    wait_for_app(page)
    before = chart_signature(page)

    change, in_url = CONTROLS.get(name, (lambda p: set_box_x(p, 320), "x=320"))
    change(page)
    page.wait_for_url(f"**{in_url}**", timeout=30_000)
    after = wait_for_chart_change(page, before)
    assert after != before
    link = page.url

    fresh = page.context.new_page()
    fresh.goto(link)
    wait_for_app(fresh)
    if name not in CONTROLS:
        assert fresh.locator("[data-testid='stSidebar'] input[aria-label='x']").input_value() == "320"
    assert chart_signature(fresh) == after
    assert_no_exception(page)
    errors.assert_none()


def test_bad_link_parameter_shows_a_notice(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/RoI_Pooling?stride=0&x=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    wait_for_app(page)
    notice = page.locator("[data-testid='stAlert']").first
    assert "not valid" in notice.inner_text()
    assert "stride='0'" in page.locator("[data-testid='stCode']").first.inner_text()
    assert page.locator("script:has-text('alert(1)')").count() == 0
    assert_no_exception(page)


def test_sidebar_and_next_links_carry_the_view_to_the_next_page(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/{LESSON_PAGES[0]}")
    wait_for_app(page)
    set_box_x(page, 320)
    page.wait_for_url("**x=320**", timeout=30_000)
    wait_for_app(page)
    page.get_by_role("link", name=f"Next: {LESSONS[1].label}").click()
    page.wait_for_url(f"**/{LESSONS[1].url_path}?**x=320**", timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stSidebar'] input[aria-label='x']").input_value() == "320"
    page.locator("[data-testid='stSidebar']").get_by_role("link", name=LESSONS[3].label).click()
    page.wait_for_url(f"**/{LESSONS[3].url_path}?**x=320**", timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stSidebar'] input[aria-label='x']").input_value() == "320"
    assert_no_exception(page)
    errors.assert_none()
