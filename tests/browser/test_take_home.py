"""Taking the view home in a real browser: the handout PDF, built only when its button is clicked, downloads and
holds the view's numbers and the link back to it; the scripts' map downloads as the CSV the code tabs load."""

from __future__ import annotations

import io

import numpy as np
from playwright.sync_api import Page
from pypdf import PdfReader

from roi_core import lesson_feature_map
from tests.browser.helpers import assert_no_exception, collect_errors, wait_for_app


def download(page: Page, label: str) -> bytes:
    """Click the download button labelled ``label`` and return the file's bytes."""
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name=label).click()
    path = started.value.path()
    assert path is not None, "the download did not finish"
    return path.read_bytes()


def test_the_handout_and_the_map_download(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    page.goto(f"{app_url}/RoI_Align?w=240")
    wait_for_app(page)
    page.get_by_text("Take this view home: handout, data, code").click()  # the toggle
    page.get_by_role("button", name="Handout (PDF)").wait_for(timeout=30_000)
    pdf = PdfReader(io.BytesIO(download(page, "Handout (PDF)")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "300, 210, 240, 180 px" in text and "(9.375, 6.563) – (16.875, 12.188) cells" in text
    assert any("RoI_Align?" in a["/A"]["/URI"] and "w=240" in a["/A"]["/URI"]
               for p in pdf.pages for a in (r.get_object() for r in p.get("/Annots", [])))  # fmt: skip
    csv = download(page, "The map for the scripts (roi_lab_feature_map.csv)")
    np.testing.assert_array_equal(np.loadtxt(io.StringIO(csv.decode()), delimiter=","), lesson_feature_map())
    assert_no_exception(page)
    errors.assert_none()
