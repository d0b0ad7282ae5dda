"""No traceback ever reaches a student: every page under extreme but valid settings and tiny uploads."""

from __future__ import annotations

from pathlib import Path

import pytest

from roi_ui.session.registry import LESSONS
from tests.app.helpers import page_app
from tests.image_files import encoded, picture

PAGES = [Path(page.file).name for page in LESSONS]

EXTREMES = {
    "corner box, coarse map, 7x7, adaptive": dict(
        x="799",
        y="575",
        w="800",
        h="576",
        stride="64",
        out="7",
        sr="0",
        quant="round",
        aligned="0",
        bin_row="6",
        bin_col="6",
        sample="81",
    ),
    "thin box, fine map, image values": dict(
        x="0",
        y="0",
        w="1",
        h="576",
        stride="8",
        out="5",
        sr="3",
        pool="avg",
        layout="centered",
        values="image",
        channel="red",
        step="5",
        shift="-64",
    ),
    "224 demo, 1x1 output": dict(demo="224", out="1", sr="1", x="10", y="560", w="4", h="4", shift="64", step="3"),
}


@pytest.mark.parametrize("query", EXTREMES.values(), ids=EXTREMES.keys())
@pytest.mark.parametrize("page", PAGES, ids=lambda name: Path(name).stem)
def test_page_survives_extreme_settings(page: str, query: dict) -> None:
    app = page_app(page, timeout=60, **query).run()
    assert not app.exception


@pytest.mark.parametrize("size", [(32, 32), (640, 32)], ids=["one cell", "one row of cells"])
@pytest.mark.parametrize("page", PAGES, ids=lambda name: Path(name).stem)
def test_page_survives_the_smallest_uploads(page: str, size: tuple[int, int]) -> None:
    app = page_app(page, timeout=60).run()
    app.radio(key="ctl_image").set_value("upload").run()
    app.file_uploader[0].set_value(("tiny.png", encoded(picture(size=size), "PNG"), "image/png")).run()
    assert not app.exception
    assert any(text.value == "tiny.png" for text in app.sidebar.text)
