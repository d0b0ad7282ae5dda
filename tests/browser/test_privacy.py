"""Two students at once: each sees only their own upload, its feature map and its numbers.

Two browser contexts (two students, two Streamlit sessions on one server)
upload different photos at the same time; a third opens the app afterwards.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from playwright.sync_api import Browser, Page

from roi_core import CHANNEL_NAMES, cell_means
from roi_ui.words.numbers import fixed
from tests.browser.helpers import assert_no_exception, wait_for_app
from tests.image_files import encoded

COLOURS = {"alpha.png": (200, 30, 30), "beta.png": (20, 40, 220)}
SIZE = (320, 256)  # width, height: a 10 x 8 map at stride 32
MAP_TEXT = """() => {
    const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
    const heat = charts.flatMap(c => c.data).find(t => t.type === 'heatmap');
    return heat && heat.text ? heat.text.flat() : null;
}"""


def photo(name: str) -> dict:
    """A one-colour PNG named ``name``."""
    return {"name": name, "mimeType": "image/png", "buffer": encoded(Image.new("RGB", SIZE, COLOURS[name]), "PNG")}


def luminance(name: str) -> float:
    """The luminance cell mean roi_core computes for the one-colour photo ``name``."""
    rgb = np.full((SIZE[1], SIZE[0], 3), COLOURS[name], dtype=np.uint8)
    return float(cell_means(rgb, 32)[CHANNEL_NAMES.index("luminance")][0, 0])


def upload(page: Page, app_url: str, name: str) -> None:
    page.goto(f"{app_url}/Image_to_feature_map?image=upload")
    wait_for_app(page)
    page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", files=[photo(name)])
    page.locator("[data-testid='stSidebar'] [data-testid='stText']", has_text=name).wait_for()
    wait_for_app(page)


def sidebar_text(page: Page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def test_two_sessions_never_see_each_others_upload(browser: Browser, app_url: str) -> None:
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    alpha, beta, late = (context.new_page() for context in contexts)
    try:
        upload(alpha, app_url, "alpha.png")
        upload(beta, app_url, "beta.png")
        for page, mine, other in ((alpha, "alpha.png", "beta.png"), (beta, "beta.png", "alpha.png")):
            assert mine in sidebar_text(page) and other not in sidebar_text(page)
            printed = set(page.evaluate(MAP_TEXT))  # the 10 x 8 map's values, as printed
            assert printed == {fixed(luminance(mine), 2)} != {fixed(luminance(other), 2)}
            assert_no_exception(page)

        late.goto(f"{app_url}/Image_to_feature_map?image=upload")
        wait_for_app(late)
        assert "No image uploaded yet" in sidebar_text(late)
        for name in COLOURS:
            assert name not in sidebar_text(late)
    finally:
        for context in contexts:
            context.close()
