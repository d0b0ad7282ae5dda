"""Smoke test: the home page loads in a real browser without errors."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    assert_no_exception,
    collect_errors,
    save_screenshot,
    wait_for_app,
)


def test_home_page_loads(page: Page, app_url: str) -> None:
    errors = collect_errors(page)  # before navigation
    page.goto(app_url + "/")
    wait_for_app(page)

    save_screenshot(page, "home")  # before the asserts, so a failure is pictured too
    expect(page.get_by_role("heading", name="RoI Lab").first).to_be_visible()
    assert_no_exception(page)
    errors.assert_none()
