"""``roi_ui.session.view.build_view``: one clamp rule, the feature values' source, a read-only view."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import clamp_box, lesson_feature_map
from roi_core.textbooks import textbook_example
from roi_ui.images.store import example_image, loaded, scene
from roi_ui.session.params import defaults
from roi_ui.session.view import build_view, printed_decimals
from roi_ui.words.conventions import TEXTBOOK_TABLES


def maps_at(image):
    def maps(stride: int) -> np.ndarray:
        rows, cols = -(-image.height // stride), -(-image.width // stride)
        return np.stack([np.full((rows, cols), value) for value in (0.1, 0.2, 0.3, 0.4)])

    return maps


def test_the_preset_on_the_scene_uses_the_slides_table():
    view = build_view(defaults(), scene(), maps_at(scene()))
    assert view.from_slides and view.slides_apply and view.decimals == 1
    assert view.feature_map is lesson_feature_map()
    assert view.settings.box == (300, 210, 230, 180) and not view.box_clamped
    assert view.key == (scene().digest, "the slides' 25 x 18 table", view.settings)


def test_the_posts_example_uses_the_posts_table_at_its_own_stride_whatever_the_url_says():
    image = example_image("erdem-roi")
    view = build_view(defaults() | {"x": 296, "y": 192, "w": 200, "h": 145}, image, maps_at(image))
    assert view.from_table and not view.from_slides and view.decimals == 1  # its tenths, not the slides' notes
    assert view.feature_map is textbook_example("erdem-roi").feature_map and (image.width, image.height) == (512, 512)
    assert "the RoI Align posts' 16 x 16 table" in view.feature_source and view.book == "erdem-roi"
    other = build_view(defaults() | {"stride": 16}, image, maps_at(image))
    assert other.slides_apply and other.settings.stride == other.values["stride"] == 32
    d2l = example_image("d2l-rcnn")
    assert build_view(defaults(), d2l, maps_at(d2l)).settings.stride == 10
    assert build_view(defaults() | {"stride": 16}, scene(), maps_at(scene())).book is None


def test_other_strides_and_images_use_the_images_own_channel():
    view = build_view(defaults() | {"stride": 16, "channel": "green"}, scene(), maps_at(scene()))
    assert not view.slides_apply and view.decimals == 2
    assert float(view.feature_map[0, 0]) == 0.2  # green
    assert "green averaged over each 16 x 16 cell" in view.feature_source


def test_the_box_is_clamped_by_roi_cores_rule_and_the_values_are_read_only():
    small = loaded("small", np.zeros((100, 120, 3), np.uint8))
    values = defaults()
    view = build_view(values, small, maps_at(small))
    expected, changed = clamp_box((300, 210, 230, 180), 120, 100)
    assert view.settings.box == expected and view.box_clamped and changed
    assert tuple(view.values[name] for name in "xywh") == expected
    assert values["x"] == 300  # the caller's values are not changed
    with pytest.raises(TypeError):
        view.values["x"] = 1


@pytest.mark.parametrize("key", ["d2l-rcnn", "erdem-roi", "deepsense-roi-pooling", "slides-224"])
def test_each_textbook_picture_comes_with_its_sources_map_printed_as_the_source_prints_it(key):
    book, image = textbook_example(key), example_image(key)
    x1, y1, x2, y2 = (int(v) for v in book.boxes[0])
    values = defaults() | {"x": x1, "y": y1, "w": x2 - x1, "h": y2 - y1, "stride": book.stride}
    view = build_view(values, image, maps_at(image))
    assert view.from_table and view.feature_map is book.feature_map
    decimals = {"d2l-rcnn": 0, "erdem-roi": 1, "deepsense-roi-pooling": 2, "slides-224": 0}[key]
    assert view.decimals == decimals  # 0, 1, 2, ... 15; tenths; hundredths (0.88, 0.44, ...); all 0
    assert view.feature_source == TEXTBOOK_TABLES[key]


def test_an_upload_of_a_textbook_pictures_pixels_gets_no_table():
    image = example_image("d2l-rcnn")
    upload = loaded("my upload", np.asarray(image.rgb))
    view = build_view(defaults() | {"stride": 10, "w": 20, "h": 20, "x": 0, "y": 0}, upload, maps_at(upload))
    assert not view.slides_apply and view.decimals == 2 and "averaged" in view.feature_source


def test_printed_decimals_are_the_fewest_that_write_every_value():
    assert printed_decimals(np.array([[1.0, 2.0]])) == 0
    assert printed_decimals(np.array([[0.1, 2.0]])) == 1
    assert printed_decimals(np.array([[0.12, 0.5]])) == 2
    assert printed_decimals(np.array([[0.123]])) == 2  # an image's precision at most
