"""AppTest of page 7, "Your own image": uploads, the dragged box, both methods on real pixels.

Every image is generated with Pillow (tests/image_files.py; none is committed). A box drag is
simulated by sending the chart's selection state, as the browser does.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.app.helpers import figures, run_page
from tests.image_files import BAD_FILES, GOOD_FILES, encoded, exif_rotated_jpeg, picture, two_frames

PAGE = "7_Your_image.py"
CURRENT_UPLOAD = "roi_current_upload"
PAYLOAD_LIMIT = 300_000  # bytes of figure JSON per rerun


def new_page(**params) -> AppTest:
    return run_page(PAGE, **params)


def upload(at: AppTest, name: str, data: bytes, mime: str = "application/octet-stream") -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, data, mime))
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def shown_size(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Image "))


def box_params(at: AppTest) -> tuple[str, ...]:
    return tuple(str(at.query_params[name]) for name in "xywh")


def select(at: AppTest, xs, ys) -> AppTest:
    """Drag a box on the photo as the browser reports it: the chart's selection arrives as its widget state.

    AppTest has no element for a Plotly chart, so the selection is added to the widget states of the next
    run by hand (AppTest's private ``_tree`` and ``_run``); the chart's ``on_select`` callback then runs,
    as in the browser. Later runs keep the selection as the chart's value without calling it again.
    """
    (chart,) = [chart for chart in at.get("plotly_chart") if chart.proto.id.endswith("-photo")]
    states = at._tree.get_widget_states()
    dragged = states.widgets.add()
    dragged.id = chart.proto.id
    dragged.string_value = json.dumps(
        {"selection": {"points": [], "box": [{"xref": "x", "yref": "y", "x": xs, "y": ys}], "lasso": []}}
    )
    return at._run(states)


# --- the built-in scene ------------------------------------------------------------------------------


def test_scene_renders_the_lesson_numbers():
    at = new_page()
    assert not at.exception
    shown = metrics(at)
    assert shown["True box"] == "41,400 px²"  # 230 x 180
    assert shown["RoI Pooling box (floor)"] == "35,840 px²"  # 7 x 5 cells of 32 x 32
    assert shown["IoU, RoI Align"] == "1"
    formulas = " ".join(latex.value for latex in at.latex)
    assert r"\lfloor 9.375 \rfloor = 9" in formulas and r"\lfloor 7.188 \rfloor = 7" in formulas
    photo, feature_map, outputs = figures(at)
    titles = [title["text"] for title in outputs["layout"]["annotations"]]  # the output subplots' titles: short
    assert titles == ["<b>RoI Pooling</b>", "<b>RoI Align</b>"]
    pool, align = next(c.value for c in at.caption if c.value.startswith("Numbers: the luminance")).split("Right, ")
    picture = photo["layout"]["images"][0]  # a layout image: Plotly's image traces take only data URIs
    assert picture["source"].endswith(".jpg")  # served as a media file, not inlined
    assert photo["layout"]["dragmode"] == "select"
    assert feature_map["data"][0]["type"] == "image"
    assert "floor quantization" in pool
    assert "2 x 2 spaced samples" in align


def test_every_picture_says_what_it_shows():
    at = new_page()
    pictures = [image for element in at.get("image") for image in element.proto.imgs]
    assert len(pictures) == 3
    alts = [picture.alt for picture in pictures]
    assert alts[0] == "The pixels inside your box, stretched to a square picture."
    assert alts[1].startswith("RoI Pooling's 3 x 3 output shown as a picture") and "floor quantization" in alts[1]
    assert alts[2].startswith("RoI Align's 3 x 3 output shown as a picture") and "max of the sampling" in alts[2]


def test_round_convention_changes_the_box_and_the_formula():
    at = new_page(quant="round")
    assert not at.exception
    assert "RoI Pooling box (round)" in metrics(at)
    formulas = " ".join(latex.value for latex in at.latex)
    assert r"\operatorname{round}(9.375) = 9" in formulas
    outputs = next(c.value for c in at.caption if c.value.startswith("Numbers: the luminance"))
    assert "Left, RoI Pooling: round quantization" in outputs  # RoI Pooling's output, left


def test_url_box_round_trips_and_changes_the_areas():
    at = new_page(x="100", y="50", w="400", h="350", stride="16")
    assert not at.exception
    assert box_params(at) == ("100", "50", "400", "350")
    assert at.query_params["stride"] == "16"
    assert metrics(at)["True box"] == "140,000 px²"


def test_a_link_to_an_upload_without_one_says_so_and_shows_the_scene():
    at = new_page(image="upload")
    assert not at.exception
    assert any("No image uploaded yet" in info.value for info in at.sidebar.info)
    assert any("No photo uploaded in this browser session yet" in info.value for info in at.main.info)
    assert shown_size(at).startswith("Image 800 x 576 pixels")


# --- box selection on the chart ------------------------------------------------------------------------


def test_dragging_a_box_moves_the_box_in_drag_order():
    at = select(new_page(), [500, 100], [400, 50])
    assert not at.exception
    assert box_params(at) == ("100", "50", "400", "350")
    assert metrics(at)["True box"] == "140,000 px²"


def test_an_old_selection_never_overrides_typed_numbers():
    at = select(new_page(), [500, 100], [400, 50])
    at.number_input(key="ctl_x").set_value(120)
    at.run()
    assert box_params(at)[0] == "120"
    at.run()
    assert box_params(at)[0] == "120"


def test_a_box_dragged_past_the_image_is_clamped_with_a_notice():
    at = select(new_page(), [700.4, 950.2], [100.2, 101.9])
    assert not at.exception
    assert box_params(at) == ("700", "100", "100", "4")  # cut at x = 800, grown to the 4-pixel minimum height
    assert any("fitted to the image" in info.value for info in at.info)


# --- uploads ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(GOOD_FILES))
def test_every_format_and_mode_uploads(kind):
    at = upload(new_page(image="upload"), f"{kind}.img", GOOD_FILES[kind]())
    assert not at.exception
    assert not at.error
    assert shown_size(at).startswith("Image 120 x 90 pixels")
    assert at.session_state[CURRENT_UPLOAD].rgb.shape == (90, 120, 3)
    assert not any("No photo uploaded" in info.value for info in at.main.info)


@pytest.mark.parametrize("fmt", ["GIF", "TIFF"])
def test_the_first_frame_or_page_is_used(fmt):
    at = upload(new_page(image="upload"), f"two.{fmt.lower()}", two_frames(fmt))
    assert not at.exception
    red, _, blue = at.session_state[CURRENT_UPLOAD].rgb[45, 60]
    assert red > 200 and blue < 60


def test_exif_orientation_is_applied():
    at = upload(new_page(image="upload"), "turned.jpg", exif_rotated_jpeg(6))
    assert not at.exception
    assert shown_size(at).startswith("Image 90 x 120 pixels")


def test_fit_800x576_pads_around_the_picture():
    at = new_page(image="upload")
    at.radio(key="upload_fit").set_value("800x576")
    at = upload(at, "small.png", encoded(picture(), "PNG"))
    assert not at.exception
    image = at.session_state[CURRENT_UPLOAD]
    assert (image.width, image.height) == (800, 576)
    assert image.picture[2] < 800  # 120 x 90 scaled to 768 x 576, grey bands left and right
    labels = [shape.get("label", {}).get("text") for shape in figures(at)[0]["layout"]["shapes"]]
    assert labels.count("padding") == 2


def test_a_file_name_with_markup_is_plain_text_only():
    name = "**bold** <b>x</b>.png"
    at = upload(new_page(image="upload"), name, encoded(picture(), "PNG"))
    assert not at.exception
    assert any(name in text.value for text in at.text)
    rendered = [element.value for element in (*at.markdown, *at.caption, *at.info, *at.error)]
    assert not any("bold" in value for value in rendered)


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_explained_and_the_previous_image_stays(kind):
    make, message = BAD_FILES[kind]
    data = make()
    at = upload(new_page(image="upload"), "good.png", encoded(picture(), "PNG"))
    assert shown_size(at).startswith("Image 120 x 90 pixels")
    at = upload(at, f"{kind}.png", data)
    assert not at.exception
    assert any(message in error.value for error in at.error), [error.value for error in at.error]
    assert shown_size(at).startswith("Image 120 x 90 pixels")
    assert at.session_state[CURRENT_UPLOAD].name == "good.png"


# --- a real-sized photo ----------------------------------------------------------------------------------


def photo_24mp() -> bytes:
    """A 6000 x 4000 JPEG with gradients, shapes and texture (a photo's worst case for JPEG size)."""
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:4000, 0:6000].astype(np.float32)
    rgb = np.stack([90 + 80 * yy / 4000, 140 + 60 * xx / 6000, 230 - 60 * yy / 4000], axis=2)
    rgb[2000:3000, 2000:3500] = (170, 60, 40)
    rgb += rng.normal(0, 6, (4000, 6000, 1)).astype(np.float32)
    return encoded(Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)), "JPEG", quality=90)


def test_a_24_megapixel_photo_stays_within_the_payload():
    at = upload(new_page(image="upload"), "photo.jpg", photo_24mp(), "image/jpeg")
    assert not at.exception
    assert shown_size(at).startswith("Image 6000 x 4000 pixels")
    for box in ((0, 0, 6000, 4000), (2100, 1900, 1500, 1200)):
        for name, value in zip("xywh", box):
            at.number_input(key=f"ctl_{name}").set_value(value)
        at.run()
        sizes = [len(chart.proto.spec) for chart in at.get("plotly_chart")]
        assert sum(sizes) <= PAYLOAD_LIMIT, sizes
    map_caption = next(c.value for c in at.caption if c.value.startswith("Each cell"))
    assert "188 x 125 cells, too many to send" in map_caption
