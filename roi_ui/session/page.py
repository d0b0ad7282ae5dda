"""What every page does: configure, read the values, build the one view, draw the sidebar and the notices."""

from __future__ import annotations

import streamlit as st

from roi_core import LESSON_PRESET

from ..images.store import feature_maps
from ..words.conventions import ALIGNED, LAYOUT, POOLING, QUANTIZATION, SAMPLING
from . import controls, state
from .registry import HOME, PAGES, LessonPage, next_page
from .upload import current_image, image_controls
from .view import View, build_view

PRESET_HELP = (
    f"Back to the slides' example: box {LESSON_PRESET.box}, stride {LESSON_PRESET.stride}, "
    f"{LESSON_PRESET.output_size} x {LESSON_PRESET.output_size} output, {QUANTIZATION['floor'].label}, "
    f"{SAMPLING[2].short} {LAYOUT['spaced'].short} sampling points, {POOLING['max'].short} pooling, "
    f"{ALIGNED[True].short}, on the built-in scene with the slides' table (an uploaded photo stays: choose "
    "'my own image' to see it again)."
)


def setup_page(
    page: LessonPage, groups: tuple[str, ...] = ("stride", "out", "quant", "align"), feature_values: bool = True
) -> View:
    """Configure ``page``, build the view, draw the sidebar (preset, box, ``groups``) and the notices.

    ``feature_values=False`` leaves out the "Feature values" choice (for a page
    that always uses the image's own cell averages).
    """
    st.set_page_config(page_title=f"RoI Lab · {page.title}", page_icon="🔲", layout="wide")
    image = current_image()
    view = build_view(
        state.values(), image, lambda stride: feature_maps(image.digest, image.rgb, stride), state.url_notices()
    )
    with st.sidebar:
        navigation(page)
        image_controls()
        st.button("Lesson preset", type="primary", on_click=state.reset_to_preset, width="stretch", help=PRESET_HELP)
        controls.box_inputs(view)
        for group in groups:
            controls.CONTROL_GROUPS[group](view)
        if feature_values:
            controls.values_input(view)
        st.caption("The address bar holds this whole view: copy the link to share it.")
    show_notices(view)
    return view


def setup_home() -> None:
    """Configure the home page: navigation and any notice about the link."""
    st.set_page_config(page_title="RoI Lab", page_icon="🔲", layout="wide")
    with st.sidebar:
        navigation(HOME)
    show_url_notices(state.url_notices())


def navigation(current: LessonPage) -> None:
    """Links to every page (the registry's order), carrying the view along."""
    query = state.query()
    for page in PAGES:
        st.page_link(page.file, label=page.label, query_params=query, disabled=page == current)


def page_links(pages: tuple[LessonPage, ...]) -> None:
    """One link per page with its one-line summary; links keep the current view."""
    query = state.query()
    for page in pages:
        left, right = st.columns([1, 3])
        left.page_link(page.file, label=page.label, query_params=query)
        right.markdown(page.summary)


def next_link(page: LessonPage) -> None:
    """At the bottom of a page: a link to the next one (none after the last)."""
    following = next_page(page)
    if following is not None:
        st.divider()
        st.page_link(following.file, label=f"Next: {following.label} →", query_params=state.query())


def show_url_notices(notices: tuple[str, ...]) -> None:
    """List the rejected URL parameters as plain text (never Markdown: they are user input)."""
    if notices:
        st.warning("Some link parameters were not valid; the lesson's values are used instead:", icon="⚠️")
        st.code("\n".join(notices), language=None)


def show_notices(view: View) -> None:
    """Say which URL parameters were replaced and whether the box was moved."""
    show_url_notices(view.notices)
    if view.box_clamped:
        x, y, w, h = view.settings.box
        st.info(
            f"The box was moved or cut to fit inside the {view.image.width} x {view.image.height} image: "
            f"now x={x}, y={y}, w={w}, h={h} pixels.",
            icon="ℹ️",
        )
