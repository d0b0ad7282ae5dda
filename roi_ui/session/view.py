"""One frozen view: everything a page draws, derived from the parameter values and the image.

Pure (no Streamlit): ``build_view`` clamps the box with ``roi_core.clamp_box``
(the one clamp rule), picks the feature values and names their source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

from roi_core import CHANNEL_NAMES, LessonSettings, MapGeometry, clamp_box, lesson_feature_map, map_geometry
from roi_core.textbooks import textbook_example

from ..images.store import LoadedImage, example_key
from ..words.conventions import TEXTBOOK_TABLES

IMAGE_DECIMALS = 2  # an image's cell averages are printed to hundredths
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
    def book(self) -> str | None:
        """The textbook example (``roi_core.textbooks`` key) whose picture this view shows, or None."""
        return example_key(self.image)

    @property
    def presenting(self) -> bool:
        """Whether the page is shown in presenter mode (``roi_ui.session.presenter``): the intros left out."""
        return bool(self.values["present"])

    @cached_property
    def decimals(self) -> int:
        """Decimals to print feature values with: a source's table as its source prints it (the slides and the
        posts in tenths, d2l.ai in whole numbers, deepsense.ai in hundredths), 2 for image averages."""
        return printed_decimals(self.feature_map) if self.from_table else IMAGE_DECIMALS

    @property
    def key(self) -> ViewKey:
        """Plain values that determine every trace of this view (a cache key)."""
        return self.image.digest, self.feature_source, self.settings


def printed_decimals(table: np.ndarray) -> int:
    """The fewest decimals, up to ``IMAGE_DECIMALS``, that write every value of ``table`` exactly (a source's
    table is printed at its own precision)."""
    for decimals in range(IMAGE_DECIMALS):
        if np.array_equal(np.round(table, decimals), table):
            return decimals
    return IMAGE_DECIMALS


def image_values_source(channel: str, stride: int) -> str:
    """The words for an image's own feature values."""
    return f"the image's {channel} averaged over each {stride} x {stride} cell (0-1)"


def source_table(image: LoadedImage) -> tuple[np.ndarray | None, str]:
    """The table of feature values an image comes with, and its words: the slides' 25 x 18 for the built-in scene,
    a textbook example's own map for its picture (``example_image``); none for an upload."""
    if image.is_scene:
        return lesson_feature_map(), "the slides' 25 x 18 table"
    key = example_key(image)
    if key is not None:
        return textbook_example(key).feature_map, TEXTBOOK_TABLES[key]
    return None, ""


def build_view(
    values: Mapping[str, Any], image: LoadedImage, maps_at: Callable[[int], np.ndarray], notices: tuple[str, ...] = ()
) -> View:
    """Derive the view from parameter values and the image; ``maps_at(stride)`` gives the image's (4, rows, cols)
    cell means (red, green, blue, luminance). A textbook example's picture is always seen at its source's stride
    (d2l.ai's 10, deepsense.ai's 1), whatever ``values["stride"]`` says."""
    box, clamped = clamp_box((values["x"], values["y"], values["w"], values["h"]), image.width, image.height)
    book = example_key(image)
    stride = textbook_example(book).stride if book else values["stride"]  # a textbook's picture: its own stride
    values = MappingProxyType(dict(values) | dict(zip("xywh", box)) | {"stride": stride})
    settings = LessonSettings(
        image_width=image.width,
        image_height=image.height,
        stride=stride,
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
