"""What every page does: configure, read the values, build the one view, draw the sidebar and the notices."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from roi_core import LESSON_PRESET

from ..images.store import feature_maps
from ..words.conventions import ALIGNED, LAYOUT, POOLING, QUANTIZATION, SAMPLING
from . import controls, presenter, state, style
from .charts import chart
from .registry import HOME, PAGES, LessonPage, next_page
from .takeaway import Numbers, take_home
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
    """Configure ``page``, build the view, draw the settings (preset, box, ``groups``) and the notices.

    The settings are in the sidebar, or in presenter mode in a pop-over of the
    top bar (``roi_ui.session.presenter``). ``feature_values=False`` leaves out
    the "Feature values" choice (for a page that always uses the image's own
    cell averages).
    """
    configure(page)
    image = current_image()
    view = build_view(
        state.values(), image, lambda stride: feature_maps(image.digest, image.rgb, stride), state.url_notices()
    )

    def settings() -> None:
        image_controls()
        preset = st.button(
            "Lesson preset", type="primary", on_click=state.reset_to_preset, width="stretch", help=PRESET_HELP
        )
        state.adopt(preset, state.reset_to_preset)
        controls.box_inputs(view)
        for group in groups:
            controls.CONTROL_GROUPS[group](view)
        if feature_values:
            controls.values_input(view)
        st.caption("The address bar holds this whole view: copy the link to share it.")

    if presenter.presenting():
        presenter.bar(page, settings)
    else:
        with st.sidebar:
            navigation()
            presenter.switch_button()
            settings()
    show_notices(view)
    return view


def configure(page: LessonPage) -> None:
    """The browser tab's title, the wide layout and the app's CSS (presenter mode's too); once per server process,
    the start-up objects frozen out of the garbage collector's reach (``freeze_start_up_objects``)."""
    freeze_start_up_objects()
    title = "RoI Lab" if page == HOME else f"RoI Lab · {page.title}"
    st.set_page_config(page_title=title, page_icon="🔲", layout="wide")
    style.apply(presenter.presenting())


@functools.cache
def freeze_start_up_objects() -> None:
    """Once per process, at the first run: the objects alive then (the modules of Streamlit, Plotly, NumPy and
    this app) leave the garbage collector's generations (``gc.freeze``), so that a full collection during a rerun
    walks only what reruns made: measured, the worst reruns on page 5 went from about 100 ms of server CPU to 35."""
    gc.collect()
    gc.freeze()


def setup_home() -> None:
    """Configure the home page: navigation (presenter mode: its bar) and any notice about the link."""
    configure(HOME)
    if presenter.presenting():
        presenter.bar(HOME)
    else:
        with st.sidebar:
            navigation()
            presenter.switch_button()
    show_url_notices(state.url_notices())


def navigation() -> None:
    """Links to every page (the registry's order), carrying the view along; the current one is highlighted."""
    query = state.query()
    for page in PAGES:
        st.page_link(page.file, label=page.label, query_params=query)


def page_links(pages: tuple[LessonPage, ...]) -> None:
    """One link per page with its one-line summary; links keep the current view."""
    query = state.query()
    for page in pages:
        left, right = st.columns([1, 3])
        left.page_link(page.file, label=page.label, query_params=query)
        right.markdown(page.summary)


def wrapping_row(*widths: int | str) -> list:
    """Containers side by side, ``widths`` px wide ("stretch": the rest of the row), that wrap onto the next line
    where the screen is too narrow for them (a zoomed browser, a phone), unlike columns, which only narrow."""
    row = st.container(horizontal=True, gap="medium")
    return [row.container(width=width) for width in widths]


def panels(items: Sequence, width: int) -> list[tuple[Any, Any]]:
    """Each of ``items`` with a container ``width`` px wide of its own, in a row that wraps (``wrapping_row``)."""
    return list(zip(wrapping_row(*[width] * len(items)), items, strict=True))


@dataclass(frozen=True)
class Panel:
    """A heading (Markdown, the app's own words) over charts, each (spec, key, alt text or None)."""

    heading: str
    charts: tuple[tuple[dict, str, str | None], ...]


def chart_panels(items: Sequence[Panel], width: int) -> None:
    """Each panel in a container ``width`` px wide of its own, in a row that wraps: its heading, then its
    charts one under another."""
    for place, panel in panels(items, width):
        place.markdown(panel.heading)
        for spec, key, alt in panel.charts:
            chart(place, spec, key=key, alt=alt)


def beside(figure_width: int) -> tuple:
    """A figure ``figure_width`` px wide and the words beside it, or under it where the screen is too narrow for
    both: wide formulas never get squeezed into a narrow column."""
    figure, words = wrapping_row(figure_width, "stretch")
    return figure, words


def title(text: str, intro: str | None = None) -> None:
    """The page's title and its intro (Markdown); in presenter mode the title only (the teacher says the rest)."""
    st.title(text)
    if intro and not presenter.presenting():
        st.markdown(intro)


def next_link(page: LessonPage, view: View | None = None, numbers: Callable[[], Numbers] = tuple) -> None:
    """At the bottom of a page: the ``view`` to take home (``takeaway``, with ``numbers()`` in its handout; not on a
    projector; none without a view), then a link to the next page (none after the last)."""
    if view is not None and not view.presenting:
        take_home(view, page, numbers)
    following = next_page(page)
    if following is not None:
        st.divider()
        st.page_link(following.file, label=f"Next: {following.label} →", query_params=state.query())


def open_page_button(label: str, target: LessonPage, on_click: Callable[..., None], *, key: str, **kwargs) -> None:
    """A button that runs the callback ``on_click(**kwargs)`` (it sets the values to show) and then opens
    ``target`` with them in its URL. (A link cannot: once a session has values, a link's query does not replace
    them.)"""
    if st.button(label, key=key, on_click=on_click, kwargs=kwargs, icon=":material/arrow_forward:"):
        if state.callbacks_missed():  # a new session that missed the callback
            on_click(**kwargs)
        st.switch_page(target.file, query_params=state.query())


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
