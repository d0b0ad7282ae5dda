"""What every page does first: configure, read the state, draw the sidebar, build the view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from roi_core import LessonSettings, MapGeometry, clamp_box, lesson_feature_map, map_geometry

from . import controls, state
from .image_choice import chosen_image
from .images import LoadedImage, feature_maps, scene
from .params import PARAMS

CHANNELS = ("red", "green", "blue", "luminance")


@dataclass(frozen=True)
class View:
    """Everything a page needs to draw, derived from the state.

    ``settings`` holds the image size, the (clamped) box and every convention;
    ``feature_map`` is 2-D (rows, cols): the slides' table when it applies (the
    built-in scene at stride 32), else the chosen channel of the image's own cell
    averages; ``feature_source`` says which, in words.
    """

    values: dict[str, Any]
    image: LoadedImage
    settings: LessonSettings
    geometry: MapGeometry
    feature_map: np.ndarray
    feature_source: str
    box_clamped: bool

    @property
    def from_slides(self) -> bool:
        """Whether the feature values are the slides' 25 x 18 table."""
        return self.feature_map is lesson_feature_map()

    @property
    def decimals(self) -> int:
        """Decimals to print feature values with: 1 as the slides print them, 2 for image averages."""
        return 1 if self.from_slides else 2


def setup_page(title: str, groups: tuple[str, ...] = ("stride", "out", "quant", "align"),
               feature_values: bool = True) -> View:
    """Configure the page, draw the shared sidebar (preset, box, ``groups``) and return the view.

    ``feature_values=False`` leaves out the "Feature values" choice (for a page that
    always uses the image's own cell averages).
    """
    st.set_page_config(page_title=f"RoI Lab · {title}", page_icon="🔲", layout="wide")
    values = state.values()
    with st.sidebar:
        image = chosen_image()
        st.button("Lesson preset", type="primary", on_click=state.reset_to_preset, width="stretch",
                  help="Back to the slides' example: box (300, 210, 230, 180), stride 32, 3 x 3 output, "
                  "floor quantization, 2 x 2 spaced samples, max pooling, aligned.")
        controls.box_inputs(image.width, image.height)
        for group in groups:
            controls.CONTROL_GROUPS[group]()
    view = build_view(values, image)
    with st.sidebar:
        if feature_values:
            controls.values_input(slides_available=_slides_apply(image, view.geometry))
        st.caption("The address bar holds this whole view: copy the link to share it.")
    state.sync_url()
    show_notices(view)
    return view


def setup_home() -> None:
    """Configure the home page and keep the URL state (the home page has no controls)."""
    st.set_page_config(page_title="RoI Lab", page_icon="🔲", layout="wide")
    state.sync_url()
    show_url_notices()


def build_view(values: dict[str, Any], image: LoadedImage) -> View:
    """Derive the view from parameter values: clamp the box, pick the feature values."""
    box, clamped = clamp_box((values["x"], values["y"], values["w"], values["h"]), image.width, image.height)
    values.update(zip("xywh", box))
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
    if values["values"] == "slides" and _slides_apply(image, geometry):
        return View(values, image, settings, geometry, lesson_feature_map(), "the slides' 25 x 18 table", clamped)
    channel = values["channel"]
    maps = feature_maps(image.digest, image.rgb, settings.stride)
    source = f"the image's {channel} averaged over each {settings.stride} x {settings.stride} cell (0-1)"
    return View(values, image, settings, geometry, maps[CHANNELS.index(channel)], source, clamped)


def _slides_apply(image: LoadedImage, geometry: MapGeometry) -> bool:
    return image.digest == scene().digest and (geometry.map_width, geometry.map_height) == (25, 18)


def show_url_notices() -> None:
    """List the rejected URL parameters as plain text (never Markdown: they are user input)."""
    notices = state.url_notices()
    if notices:
        st.warning("Some link parameters were not valid; the lesson's values are used instead:", icon="⚠️")
        st.code("\n".join(notices), language=None)


def show_notices(view: View) -> None:
    """Say which URL parameters were replaced and whether the box was moved."""
    show_url_notices()
    if view.box_clamped:
        x, y, w, h = view.settings.box
        st.info(f"The box was moved or cut to fit inside the {view.image.width} x {view.image.height} image: "
                f"now x={x}, y={y}, w={w}, h={h} pixels.", icon="ℹ️")


__all__ = ["PARAMS", "View", "build_view", "setup_home", "setup_page"]
