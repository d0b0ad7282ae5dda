"""Presenter mode (``present=1`` in the URL, one click from any page): for a projector at 1280 x 720.

The sidebar is gone; a bar at the top holds the links to the previous and next pages, the page's settings in a
pop-over and the way out. Pages with steps (3 and 4) show one step at a time as always; the other pages show one
section at a time (``Deck``), stepped with the same buttons and the ← → keys. Body text is 20 px and figure text
18 px and more (``roi_ui.session.style``, ``roi_ui.session.charts``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ..images.qr import qr_png
from . import controls, state
from .registry import PAGES, LessonPage

ADDRESS_VARIABLE = "ROI_LAB_ADDRESS"  # set by scripts/run_app.sh and scripts/serve_class.sh when serving a room
_URL = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]{1,100}/?")


def class_address() -> str | None:
    """The address students type (``ROI_LAB_ADDRESS``, a plain http(s) URL of a host and port), or None when the
    app serves this computer only."""
    address = os.environ.get(ADDRESS_VARIABLE, "").strip()
    return address if _URL.fullmatch(address) else None


def invitation() -> None:
    """In presenter mode, when the app serves a room: the address students type, as text and as a QR code."""
    address = class_address()
    if not (presenting() and address):
        return
    words, code = st.columns([3, 1], vertical_alignment="center")
    words.markdown("**Students: open this address** on a laptop or a phone on the same network, or scan the code:")
    words.code(address, language=None)
    code.image(qr_png(address), width=220, output_format="PNG", alt=f"QR code of the address {address}")


def presenting() -> bool:
    """Whether the page is shown in presenter mode."""
    return bool(state.values()["present"])


def switch_button(where=st) -> None:
    """The button into presenter mode, or out of it."""
    on = presenting()
    switch = dict(present=not on, slide=1)
    clicked = where.button(
        "Leave presenter mode" if on else "Presenter mode",
        key="present_switch",
        icon=":material/close_fullscreen:" if on else ":material/slideshow:",
        on_click=state.set_values,
        kwargs=switch,
        help=None if on else "For a projector: large type, no sidebar, one figure per screen, ← → to step.",
    )
    state.adopt(clicked, state.set_values, **switch)


def bar(page: LessonPage, settings: Callable[[], None] | None = None) -> None:
    """Presenter mode's top bar: previous page, the page's settings (``settings`` draws them), leave, next page."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    query = state.query()
    if page.number > 0:
        before = PAGES[page.number - 1]
        row.page_link(before.file, label=f"← {before.label}", query_params=query)
    if settings is not None:
        with row.popover("Box and settings", icon=":material/tune:"):
            settings()
    switch_button(row)
    if page.number + 1 < len(PAGES):
        after = PAGES[page.number + 1]
        row.page_link(after.file, label=f"{after.label} →", query_params=query)


@dataclass(frozen=True)
class Deck:
    """A page's sections: all of them one after the other, or in presenter mode only the one at index ``shown``."""

    titles: tuple[str, ...]
    shown: int | None = None

    def section(self, index: int) -> bool:
        """Whether to draw section ``index`` now; in normal mode its title is written first as a subheading."""
        if self.shown is None:
            st.subheader(self.titles[index])
            return True
        return index == self.shown

    @property
    def at_end(self) -> bool:
        """Whether the last section is drawn now (always in normal mode): where a page's checkpoints go."""
        return self.shown is None or self.shown == len(self.titles) - 1


def deck(page: LessonPage) -> Deck:
    """The page's sections (``page.sections``); in presenter mode, Previous/Next buttons (← → keys) and the
    shown section's title."""
    titles = page.sections
    if not presenting():
        return Deck(titles)
    slide = min(state.values()["slide"], len(titles))
    heading = f"{titles[slide - 1]} ({slide} of {len(titles)})"
    controls.step_buttons("slide", slide, len(titles), heading, key="slide")
    return Deck(titles, slide - 1)
