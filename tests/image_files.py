"""Image files for the upload tests, generated with Pillow (none is committed).

``GOOD_FILES`` holds one file per accepted format and mode, each of a 120 x 90
picture; ``BAD_FILES`` one file per kind of rejection, with a fragment of the
message it must produce.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

SIZE = (120, 90)


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    """``image`` saved in format ``fmt`` (Pillow's name), as bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def picture(mode: str = "RGB", size: tuple[int, int] = SIZE) -> Image.Image:
    """A test picture: a horizontal gradient with a bright square at the top left."""
    width, height = size
    ramp = np.tile(np.linspace(0, 255, width).astype(np.uint8), (height, 1))
    rgb = np.stack([ramp, 255 - ramp, np.full_like(ramp, 90)], axis=2)
    rgb[: height // 3, : width // 4] = 250
    return Image.fromarray(rgb).convert(mode)


def two_frames(fmt: str) -> bytes:
    """A red frame then a blue one, in an animated GIF or a two-page TIFF."""
    red, blue = Image.new("RGB", SIZE, (255, 0, 0)), Image.new("RGB", SIZE, (0, 0, 255))
    return encoded(red, fmt, save_all=True, append_images=[blue])


def exif_rotated_jpeg(orientation: int = 6) -> bytes:
    """The 120 x 90 picture as a JPEG whose EXIF says: rotate to display (6: 90 degrees clockwise)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encoded(picture(), "JPEG", exif=exif.tobytes())


def _first_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


GOOD_FILES = {
    "png": lambda: encoded(picture(), "PNG"),
    "jpeg": lambda: encoded(picture(), "JPEG", quality=90),
    "webp": lambda: encoded(picture(), "WEBP"),
    "bmp": lambda: encoded(picture(), "BMP"),
    "gif": lambda: encoded(picture("P"), "GIF"),
    "tiff": lambda: encoded(picture(), "TIFF"),
    "rgba png": lambda: encoded(picture("RGBA"), "PNG"),
    "palette png": lambda: encoded(picture("P"), "PNG"),
    "grey png": lambda: encoded(picture("L"), "PNG"),
    "grey alpha png": lambda: encoded(picture("LA"), "PNG"),
    "16-bit png": lambda: encoded(picture("L").convert("I").convert("I;16"), "PNG"),
    "cmyk jpeg": lambda: encoded(picture("CMYK"), "JPEG"),
    "cmyk tiff": lambda: encoded(picture("CMYK"), "TIFF"),
}

BAD_FILES = {
    "empty": (lambda: b"", "empty"),
    "text": (lambda: b"just some words\n" * 20, "not an image we can read"),
    "html": (lambda: b"<!doctype html><html><body><script>alert(1)</script></body></html>", "not an image we can read"),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "not an image we can read"),
    "svg": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="90" height="90"><rect width="9" height="9"/></svg>',
        "not an image we can read",
    ),
    "truncated jpeg": (lambda: _first_half(encoded(picture(), "JPEG")), "truncated or corrupt"),
    "truncated png": (lambda: _first_half(encoded(picture(), "PNG")), "truncated or corrupt"),
    # 48 megapixels in a PNG of a few kilobytes: refused from the header alone.
    "bomb": (lambda: encoded(Image.new("L", (8000, 6000)), "PNG"), "more than 40 megapixels"),
    "too long": (lambda: encoded(picture(size=(2000, 40)), "PNG"), "more than 20 times longer than wide"),
    "tiny": (lambda: encoded(picture(size=(10, 10)), "PNG"), "smaller than one 32 x 32"),
    "too big": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(21 * 2**20), "the limit is 20 MB"),
}
