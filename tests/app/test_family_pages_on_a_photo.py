"""Pages 8 and 9 on an uploaded photo: the pyramid's levels and the zoo's methods follow the upload's size."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.app.helpers import array, figure, page_text
from tests.app.test_your_image import new_page, upload


def photo(width: int = 1200, height: int = 900) -> bytes:
    rng = np.random.default_rng(4)
    pixels = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("page", ["pages/8_Feature_pyramid.py", "pages/9_Method_zoo.py"])
def test_the_page_works_on_an_uploaded_photo(page):
    at = upload(new_page(image="upload"), "photo.png", photo(), "image/png")
    assert not at.exception
    at.switch_page(page).run()
    assert not at.exception
    if "Feature" in page:
        rows = at.dataframe[0].value.to_dict("records")
        assert [row["level"] for row in rows] == ["P3", "P2 (clamped)", "P3", "P4", "P5"]
        assert len(at.get("image")) == 4
        assert figure(at, "pyramid_photo")["layout"]["images"][0]["sizex"] == 1200  # the upload, not the scene
    else:
        assert (
            "max |Δ| from RoI Align" in page_text(at) and len(at.get("plotly_chart")) == 20
        )  # 9 maps, 9 outputs, a step
        values = array(figure(at, "zoo_roi_align")["data"][0]["z"])  # the photo's cell means, not the slides' tenths
        assert not np.allclose(values * 10, np.round(values * 10))
