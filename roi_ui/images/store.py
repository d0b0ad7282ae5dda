"""The image every page draws on: the built-in scene or the session's upload, and what is made from it.

The scene is read once per process (``lru_cache``: it is the same for everyone
and immutable). Everything made from an image (its cell means, the JPEG sent
to the browser) is cached per browser session (``scope="session"``), keyed by
the image's content hash: an upload is never reachable from another session.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import streamlit as st
from PIL import Image
from streamlit import runtime

from roi_core import cell_means
from roi_core.textbooks import TEXTBOOK_EXAMPLES, textbook_example

ROOT = Path(__file__).resolve().parents[2]
SCENE_PATH = ROOT / "assets" / "scene_800x576.png"
DISPLAY_MAX_SIDE = 1000
JPEG_QUALITY = 82


@dataclass(frozen=True)
class LoadedImage:
    """A decoded RGB image: ``rgb`` is (H, W, 3) uint8, read-only; ``name`` is plain text.

    ``picture`` is the (x, y, w, h) pixel area holding the picture itself; outside
    it is padding added to fit a target size (the whole image when not fitted).
    """

    name: str
    rgb: np.ndarray
    digest: str
    picture: tuple[int, int, int, int]

    @property
    def width(self) -> int:
        return self.rgb.shape[1]

    @property
    def height(self) -> int:
        return self.rgb.shape[0]

    @property
    def is_scene(self) -> bool:
        """Whether this is the built-in scene (whose stride-32 map is the slides' table)."""
        return self.digest == scene().digest


def loaded(
    name: str, rgb: np.ndarray, picture: tuple[int, int, int, int] | None = None, digest: str | None = None
) -> LoadedImage:
    """Wrap an RGB array, freezing it; ``digest`` names its content (hashed from the pixels if not given)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    rgb.flags.writeable = False
    digest = digest or hashlib.sha256(rgb.data).hexdigest()[:32] + str(rgb.shape)
    return LoadedImage(name, rgb, digest, picture or (0, 0, rgb.shape[1], rgb.shape[0]))


@lru_cache(maxsize=1)
def scene() -> LoadedImage:
    """The built-in 800 x 576 scene: a child inside the lesson box, the father beside it."""
    with Image.open(SCENE_PATH) as image:
        return loaded("built-in scene (800 x 576)", np.asarray(image.convert("RGB")))


TEXTBOOK_DIGEST = "textbook:"  # an example image's digest: this and its key (no upload's digest starts so)


@lru_cache(maxsize=len(TEXTBOOK_EXAMPLES))
def example_image(key: str) -> LoadedImage:
    """A textbook example's image (``roi_core.textbooks``), drawn from its own map: each cell a stride x stride
    block, darker for a larger value (scaled to the map's largest when above 1), white where the source prints
    nothing. Only its map is the source's; the picture just lets every page draw the image and its grid."""
    example = textbook_example(key)
    values = np.clip(example.feature_map / max(1.0, float(example.feature_map.max())), 0.0, 1.0)
    shade = np.repeat(np.repeat(255 - 150 * values, example.stride, axis=0), example.stride, axis=1)
    rgb = np.stack([shade, shade + 0.4 * (255 - shade), np.full_like(shade, 255)], axis=-1).astype(np.uint8)
    name = f"{example.key}: the source's map as a picture ({rgb.shape[1]} x {rgb.shape[0]})"
    return loaded(name, rgb, digest=TEXTBOOK_DIGEST + key)


def example_key(image: LoadedImage) -> str | None:
    """The textbook example ``image`` was drawn for (``example_image``), or None."""
    return image.digest.removeprefix(TEXTBOOK_DIGEST) if image.digest.startswith(TEXTBOOK_DIGEST) else None


@lru_cache(maxsize=4)
def scene_resized(width: int, height: int) -> LoadedImage:
    """The built-in scene resized (stretched) to width x height, e.g. the slides' 224 x 224."""
    with Image.open(SCENE_PATH) as image:
        small = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    return loaded(f"built-in scene resized to {width} x {height}", np.asarray(small))


@dataclass(frozen=True)
class DisplayImage:
    """The picture the browser shows for an image: where to fetch it, and its size in pixels."""

    url: str
    width: int
    height: int


def display_image(image: LoadedImage, max_side: int = DISPLAY_MAX_SIDE) -> DisplayImage:
    """The image as a JPEG of at most ``max_side`` pixels per side, served by Streamlit's media file manager.

    A figure then carries a short URL instead of the picture itself: a rerun
    that moves the box sends a few bytes, and the browser fetches (and caches)
    the picture once. Without a Streamlit runtime (pure tests), a data URI.
    """
    data, width, height = _display_jpeg(image.digest, image.rgb, max_side)
    if runtime.exists():
        url = runtime.get_instance().media_file_mgr.add(data, "image/jpeg", f"roi-lab-display-{max_side}")
    else:
        url = "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")
    return DisplayImage(url, width, height)


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def _display_jpeg(digest: str, _rgb: np.ndarray, max_side: int) -> tuple[bytes, int, int]:
    """The JPEG bytes of the image downscaled to at most ``max_side`` pixels per side, and their size."""
    image = Image.fromarray(_rgb)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue(), image.width, image.height


@st.cache_data(scope="session", max_entries=16, show_spinner=False)
def feature_maps(digest: str, _rgb: np.ndarray, stride: int) -> np.ndarray:
    """The image's own feature map at ``stride``: (4, rows, cols) red, green, blue, luminance (``cell_means``)."""
    return cell_means(_rgb, stride)
