"""One frozen view: everything a page draws, derived from the parameter values and the image.

Pure (no Streamlit): ``build_view`` clamps the box with ``roi_core.clamp_box``
(the one clamp rule), picks the feature values and names their source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from roi_core import CHANNEL_NAMES, LessonSettings, MapGeometry, clamp_box, lesson_feature_map, map_geometry
from roi_core.textbooks import textbook_example

from ..images.store import LoadedImage, example_image
from ..words.conventions import POSTS_EXAMPLE

ViewKey = tuple[str, str, LessonSettings]  # image digest, feature source, settings: what a trace depends on


@dataclass(frozen=True)
class View:
    """Everything a page needs to draw.

    ``values`` are the parameter values (read-only, the box clamped);
    ``settings`` the image size, the box and every convention; ``feature_map``
    is 2-D (rows, cols): the slides' table when it applies (the built-in scene
    at stride 32), else the chosen channel of the image's own cell averages;
    ``feature_source`` says which, in words; ``notices`` are the URL parameters
    that were rejected.
    """

    values: Mapping[str, Any]
    image: LoadedImage
    settings: LessonSettings
    geometry: MapGeometry
    feature_map: np.ndarray
    feature_source: str
    box_clamped: bool
    slides_apply: bool
    notices: tuple[str, ...] = ()

    @property
    def from_table(self) -> bool:
        """Whether the feature values are a source's table (the slides' 25 x 18, the posts' 16 x 16), printed
        in tenths as the sources print them."""
        return self.slides_apply and self.values["values"] == "slides"

    @property
    def from_slides(self) -> bool:
        """Whether the feature values are the slides' 25 x 18 table."""
        return self.feature_map is lesson_feature_map()

    @property
    def presenting(self) -> bool:
        """Whether the page is shown in presenter mode (``roi_ui.session.presenter``): the intros left out."""
        return bool(self.values["present"])

    @property
    def decimals(self) -> int:
        """Decimals to print feature values with: 1 as the slides print them, 2 for image averages."""
        return 1 if self.from_table else 2

    @property
    def key(self) -> ViewKey:
        """Plain values that determine every trace of this view (a cache key)."""
        return self.image.digest, self.feature_source, self.settings


def image_values_source(channel: str, stride: int) -> str:
    """The words for an image's own feature values."""
    return f"the image's {channel} averaged over each {stride} x {stride} cell (0-1)"


def source_table(image: LoadedImage) -> tuple[np.ndarray | None, str]:
    """The table of feature values an image comes with, and its words: the slides' 25 x 18 for the built-in scene,
    the RoI Align posts' 16 x 16 for their example; none for an upload."""
    if image.is_scene:
        return lesson_feature_map(), "the slides' 25 x 18 table"
    if image.digest == example_image(POSTS_EXAMPLE).digest:
        return textbook_example(POSTS_EXAMPLE).feature_map, "the RoI Align posts' 16 x 16 table (Kemal Erdem, 2020)"
    return None, ""


def build_view(
    values: Mapping[str, Any], image: LoadedImage, maps_at: Callable[[int], np.ndarray], notices: tuple[str, ...] = ()
) -> View:
    """Derive the view from parameter values and the image; ``maps_at(stride)`` gives the image's (4, rows, cols)
    cell means (red, green, blue, luminance)."""
    box, clamped = clamp_box((values["x"], values["y"], values["w"], values["h"]), image.width, image.height)
    values = MappingProxyType(dict(values) | dict(zip("xywh", box)))
    settings = LessonSettings(
        image_width=image.width,
        image_height=image.height,
        stride=values["stride"],
        box=box,
        output_size=values["out"],
        quantization=values["quant"],
        sampling_ratio=values["sr"],
        sample_layout=values["layout"],
        pooling=values["pool"],
        aligned=values["aligned"],
    )
    geometry = map_geometry(image.width, image.height, settings.stride)
    table, table_source = source_table(image)
    slides_apply = table is not None and table.shape == (geometry.map_height, geometry.map_width)
    if values["values"] == "slides" and slides_apply:
        feature_map, source = table, table_source
    else:
        channel = values["channel"]
        feature_map = maps_at(settings.stride)[CHANNEL_NAMES.index(channel)]
        source = image_values_source(channel, settings.stride)
    return View(values, image, settings, geometry, feature_map, source, clamped, slides_apply, notices)
