"""Your own image in a real browser: upload through the file input, drag a box, see the outputs change."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.helpers import assert_no_exception, collect_errors, drag_across, save_screenshot, wait_for_app
from tests.browser.test_pages import chart_signature, wait_for_chart_change
from tests.image_files import encoded, picture

PHOTO = {"name": "my photo.png", "mimeType": "image/png", "buffer": encoded(picture(size=(640, 480)), "PNG")}


def drag_on_photo(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag a box on the photo chart, corners given as fractions of its plot area."""
    drag_across(page, page.locator(".stPlotlyChart").first.locator(".nsewdrag").first, start, end)


def upload_photo(page: Page, url: str) -> None:
    """Open ``url`` with the upload chosen, upload PHOTO through the sidebar's file input, wait until it is shown."""
    page.goto(f"{url}?image=upload")
    wait_for_app(page)
    page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", files=[PHOTO])
    page.locator("[data-testid='stSidebar'] [data-testid='stText']", has_text="my photo.png").wait_for()
    wait_for_app(page)


def test_upload_then_drag_a_box_changes_the_outputs(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    upload_photo(page, f"{app_url}/Your_image")
    x_field = page.locator("[data-testid='stSidebar'] input[aria-label='x']")
    before_box, before = x_field.input_value(), chart_signature(page)

    drag_on_photo(page, (0.15, 0.2), (0.45, 0.6))
    wait_for_chart_change(page, before)
    page.wait_for_function(
        "(old) => document.querySelector(\"[data-testid='stSidebar'] input[aria-label='x']\").value !== old",
        arg=before_box,
        timeout=30_000,
    )
    after_box = x_field.input_value()
    assert 0 <= int(after_box) < 640 and after_box != before_box
    assert "x=" + after_box in page.url
    save_screenshot(page, "Your_image_dragged")
    assert_no_exception(page)
    errors.assert_none()


def test_an_upload_on_the_first_page_then_a_change_keeps_the_page_working(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    upload_photo(page, f"{app_url}/Image_to_feature_map")
    x_field = page.locator("[data-testid='stSidebar'] input[aria-label='x']")
    x_field.fill("100")
    x_field.press("Enter")
    page.wait_for_url("**x=100**", timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text("640 x 480 px / 32 = 20 x 15 cells").count() == 1
    assert "demo=800" in page.url or "demo=" not in page.url
    assert_no_exception(page)
    errors.assert_none()
