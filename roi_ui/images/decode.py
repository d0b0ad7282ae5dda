"""Turn uploaded bytes into a safe RGB array, or a message saying why not.

Pure Pillow and NumPy (no Streamlit), so every rule is testable: formats are
whitelisted, the pixel count is checked from the header before any decoding,
EXIF orientation is applied, every mode becomes 8-bit RGB (alpha over white),
and any failure becomes an ``UploadRejected`` with a sentence for the learner.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, ImageOps

FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")
EXTENSIONS = ("png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff")
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_ASPECT = 20.0
MIN_SIDE = 32
FITS = {"keep": None, "800x576": (800, 576), "224x224": (224, 224)}
PADDING_RGB = (128, 128, 128)


class UploadRejected(ValueError):
    """An upload that cannot become the lesson's image; ``str(error)`` is the learner-facing reason."""


def decode_image(data: bytes, fit: str = "keep") -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Decode ``data`` to an (H, W, 3) uint8 array, fitted as asked; also the picture's area.

    ``fit`` is ``"keep"`` (original size) or a target such as ``"800x576"``: the
    picture is scaled to fit inside it, aspect kept, and padded with grey; the
    returned (x, y, w, h) is where the picture itself lies (the rest is padding).
    Raises ``UploadRejected`` for empty, oversized, unknown, corrupt, bomb-sized,
    absurdly proportioned or tiny images.
    """
    if not data:
        raise UploadRejected("The file is empty (0 bytes).")
    if len(data) > MAX_BYTES:
        raise UploadRejected(f"The file is {len(data) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB.")
    if fit not in FITS:
        raise UploadRejected(f"Unknown size option; choose one of {', '.join(FITS)}.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                _check_header(image.size)
                rgb = _to_rgb(image, FITS[fit])
        except UploadRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadRejected(_too_many_pixels()) from None
        except Image.UnidentifiedImageError:
            raise UploadRejected(
                "This is not an image we can read: upload a PNG, JPEG, WebP, BMP, GIF or TIFF file."
            ) from None
        except Exception:
            raise UploadRejected("The image data is truncated or corrupt and could not be decoded.") from None
    return _fit(rgb, FITS[fit])


def _check_header(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise UploadRejected(_too_many_pixels(width, height))
    if min(width, height) < MIN_SIDE:
        raise UploadRejected(
            f"The image is {width} x {height} pixels: smaller than one {MIN_SIDE} x {MIN_SIDE} feature-map cell."
        )
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise UploadRejected(
            f"The image is {width} x {height} pixels: more than {MAX_ASPECT:g} times longer than wide."
        )


def _too_many_pixels(width: int | None = None, height: int | None = None) -> str:
    size = f" ({width} x {height})" if width else ""
    return f"The image{size} has more than {MAX_PIXELS // 1_000_000} megapixels, the limit."


def _to_rgb(image: Image.Image, target: tuple[int, int] | None) -> np.ndarray:
    """First frame/page, EXIF orientation applied, any mode to 8-bit RGB (alpha over white)."""
    image.seek(0)
    if target and image.format == "JPEG":
        image.draft("RGB", target)  # decode a JPEG at a reduced scale when it will be shrunk anyway
    image = ImageOps.exif_transpose(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return _high_depth_to_rgb(np.asarray(image))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(background, rgba).convert("RGB"))
    return np.asarray(image.convert("RGB"))


def _high_depth_to_rgb(values: np.ndarray) -> np.ndarray:
    """Stretch a 16-bit or float grey image to 0-255 by its own range, as grey RGB."""
    values = values.astype(np.float64)
    low, high = float(values.min()), float(values.max())
    scaled = np.zeros_like(values) if high == low else (values - low) / (high - low) * 255.0
    grey = np.round(scaled).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)


def _fit(rgb: np.ndarray, target: tuple[int, int] | None):
    height, width = rgb.shape[:2]
    if target is None:
        return rgb, (0, 0, width, height)
    target_w, target_h = target
    scale = min(target_w / width, target_h / height)
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    resized = Image.fromarray(rgb).resize((new_w, new_h), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", target, PADDING_RGB)
    left, top = (target_w - new_w) // 2, (target_h - new_h) // 2
    canvas.paste(resized, (left, top))
    return np.asarray(canvas), (left, top, new_w, new_h)
