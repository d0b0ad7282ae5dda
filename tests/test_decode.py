"""``roi_ui.images.decode``: every accepted format and mode, every rejection, the fit padding, EXIF."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from roi_ui.images.decode import FITS, MAX_PIXELS, PADDING_RGB, UploadRejected, decode_image
from tests.image_files import BAD_FILES, GOOD_FILES, SIZE, encoded, exif_rotated_jpeg, picture, two_frames


@pytest.mark.parametrize("kind", list(GOOD_FILES))
def test_every_format_and_mode_becomes_8_bit_rgb(kind):
    rgb, area = decode_image(GOOD_FILES[kind]())
    assert rgb.shape == (SIZE[1], SIZE[0], 3) and rgb.dtype == np.uint8
    assert area == (0, 0, *SIZE)


@pytest.mark.parametrize("kind", ["png", "bmp", "tiff", "webp"])
def test_lossless_formats_keep_the_pixels(kind):
    data = encoded(picture(), "WEBP", lossless=True) if kind == "webp" else GOOD_FILES[kind]()
    rgb, _ = decode_image(data)
    np.testing.assert_array_equal(rgb, np.asarray(picture()))


def test_transparency_is_laid_over_white():
    rgba = np.zeros((40, 40, 4), dtype=np.uint8)
    rgba[:, :20] = (255, 0, 0, 255)  # opaque red on the left, fully transparent on the right
    rgb, _ = decode_image(encoded(Image.fromarray(rgba, "RGBA"), "PNG"))
    assert tuple(rgb[5, 5]) == (255, 0, 0) and tuple(rgb[5, 35]) == (255, 255, 255)


def test_16_bit_grey_is_stretched_to_its_own_range():
    values = np.tile(np.linspace(1000, 3000, 64).astype(np.uint16), (40, 1))
    rgb, _ = decode_image(encoded(Image.fromarray(values), "PNG"))  # 16-bit grey (mode I;16)
    assert rgb[0, 0].tolist() == [0, 0, 0] and rgb[0, -1].tolist() == [255, 255, 255]


@pytest.mark.parametrize("fmt", ["GIF", "TIFF"])
def test_the_first_frame_or_page_is_decoded(fmt):
    rgb, _ = decode_image(two_frames(fmt))
    red, _green, blue = (int(v) for v in rgb[45, 60])
    assert red > 200 and blue < 60


@pytest.mark.parametrize("orientation, size", [(1, (120, 90)), (3, (120, 90)), (6, (90, 120)), (8, (90, 120))])
def test_exif_orientation_is_applied(orientation, size):
    rgb, area = decode_image(exif_rotated_jpeg(orientation))
    assert (rgb.shape[1], rgb.shape[0]) == size
    assert area == (0, 0, *size)


def test_exif_rotation_turns_the_picture():
    rgb, _ = decode_image(exif_rotated_jpeg(6))  # 90 degrees clockwise: the bright top-left corner goes top-right
    assert rgb[5, -5].mean() > 240 and rgb[5, 5].mean() < 200


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_each_bad_file_is_rejected_with_its_reason(kind):
    make, message = BAD_FILES[kind]
    with pytest.raises(UploadRejected, match=message):
        decode_image(make())


def test_a_picture_just_over_the_pixel_limit_is_rejected_from_its_header():
    data = encoded(Image.new("L", (MAX_PIXELS // 4000 + 1, 4000)), "PNG")
    with pytest.raises(UploadRejected, match="40 megapixels"):
        decode_image(data)


def test_an_unknown_fit_is_rejected():
    with pytest.raises(UploadRejected, match="Unknown size option"):
        decode_image(GOOD_FILES["png"](), fit="1x1")


@pytest.mark.parametrize("fit", [name for name, target in FITS.items() if target])
def test_fit_scales_inside_the_target_and_pads_with_grey(fit):
    target_w, target_h = FITS[fit]
    rgb, (x, y, w, h) = decode_image(GOOD_FILES["png"](), fit=fit)
    assert rgb.shape == (target_h, target_w, 3)
    assert (w == target_w or h == target_h) and w <= target_w and h <= target_h
    assert abs(w / h - SIZE[0] / SIZE[1]) < 0.02  # aspect kept
    assert (x, y) == ((target_w - w) // 2, (target_h - h) // 2)  # centred
    padding = np.ones(rgb.shape[:2], dtype=bool)
    padding[y : y + h, x : x + w] = False
    assert padding.any() and (rgb[padding] == PADDING_RGB).all()


def test_fit_800x576_of_a_4_by_3_picture_leaves_bands_left_and_right():
    _, area = decode_image(GOOD_FILES["png"](), fit="800x576")
    assert area == (16, 0, 768, 576)


def test_fit_of_a_large_jpeg_decodes_at_reduced_scale_to_the_same_size():
    big = encoded(picture(size=(4000, 3000)), "JPEG")
    rgb, area = decode_image(big, fit="224x224")
    assert rgb.shape == (224, 224, 3) and area == (0, 28, 224, 168)
