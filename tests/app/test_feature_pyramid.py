"""Page 8, the feature pyramid: the level of the preset box (P3) and of the examples (P2-P5), the rule worked out,
a dragged box changing the level, every level's close-up, and the box pooled at every level."""

from __future__ import annotations

import numpy as np

from roi_core import Rect, level_choice
from tests.app.helpers import figure, page_app, page_text, run_page

PAGE = "8_Feature_pyramid.py"


def table(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def test_the_preset_box_goes_to_p3_and_the_examples_to_every_level():
    at = run_page(PAGE)
    rows = table(at)
    assert [row["level"] for row in rows] == ["P3", "P2 (clamped)", "P3", "P4", "P5"]
    assert rows[0]["√(w h)"] == "203.5" and rows[0]["cells (w x h)"] == "28.8 x 22.5"
    assert r"\lfloor 3.861 \rfloor = 3" in page_text(at)
    assert "Your box goes to **P3**, the map of stride **8**" in page_text(at)
    photo = figure(at, "pyramid_photo")
    labels = [shape["label"]["text"] for shape in photo["layout"]["shapes"]]
    assert labels == ["P3 · your box", "P2", "P3", "P4", "P5"]


def test_a_larger_box_moves_to_a_coarser_level():
    at = run_page(PAGE, w="500", h="360")  # sqrt(500 * 360) = 424.3: 4 + log2(1.894) = 4.92, P4
    assert table(at)[0]["level"] == "P4" and level_choice(Rect.from_xywh(300, 210, 500, 360)).level == 4
    assert "**P4** · stride 16 · **FPN's pick**" in page_text(at)


def test_every_level_has_its_close_up_and_its_pooled_picture():
    at = run_page(PAGE)
    for level, stride in zip((2, 3, 4, 5), (4, 8, 16, 32)):
        close_up = figure(at, f"pyramid_p{level}")
        xs = [x for x in close_up["data"][0]["x"] if x is not None]
        assert np.allclose(np.diff(sorted(set(xs)))[:3], stride)  # the level's grid of cells
    captions = [image.caption for element in at.get("image") for image in element.proto.imgs]
    assert captions[1] == "P3 (FPN's pick): a bin covers 4.11 x 3.21 cells"
    assert captions[0].startswith("P2: a bin covers 8.21 x 6.43")


def test_presenter_mode_shows_one_section_a_screen():
    at = page_app(PAGE, present="1").run()
    assert not at.exception and not at.dataframe and figure(at, "pyramid_photo")
    at = page_app(PAGE, present="1", slide="3").run()
    assert not at.exception and len(at.get("image")) == 4
