"""The image choice: the built-in scene or the learner's own upload, decoded in a callback.

The upload lives in this session's memory only (``st.session_state``: never on
disk, never in a cache another session can reach). A bad file gets a clear
message and the previous image stays. When the image changes, the box is
clamped to it (``roi_core.clamp_box``) in the same callback.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from roi_core import clamp_box
from roi_core.textbooks import textbook_example

from ..images.decode import EXTENSIONS, FITS, MAX_BYTES, MAX_PIXELS, UploadRejected, decode_image
from ..images.store import LoadedImage, example_image, loaded, scene
from ..words.conventions import IMAGE
from . import state
from .params import textbook_values

CURRENT_UPLOAD = "roi_current_upload"
UPLOAD_ERROR = "roi_upload_error"
FILE_KEY = "upload_file"
FIT_KEY = "upload_fit"
FIT_LABELS = {"keep": "keep its size", "800x576": "fit to 800 x 576", "224x224": "fit to 224 x 224"}


def current_image() -> LoadedImage:
    """The image every page uses: the session's upload when chosen and present, the textbook example's picture
    (page 11's source) when chosen, else the built-in scene."""
    chosen, upload = state.values()["image"], st.session_state.get(CURRENT_UPLOAD)
    if chosen == "book":
        return example_image(state.values()["book"])
    return upload if chosen == "upload" and upload is not None else scene()


def image_controls() -> None:
    """Draw the image choice (inside the sidebar): scene or upload, the uploader, the fit, any message."""
    labels = IMAGE.labels()
    chosen = st.radio(
        IMAGE.title,
        options=list(labels),
        format_func=labels.get,
        horizontal=True,
        index=list(labels).index(state.values()["image"]),
        key=state.widget_key("image"),
        on_change=_image_chosen,
    )
    state.adopt(chosen != state.values()["image"], _image_chosen)
    if state.values()["image"] != "upload":
        return
    upload = st.file_uploader(
        f"Your image ({', '.join(e.upper() for e in EXTENSIONS[:6])}; up to {MAX_BYTES // 2**20} MB, "
        f"{MAX_PIXELS // 1_000_000} megapixels)",
        key=FILE_KEY,
        max_upload_size=MAX_BYTES // 2**20,
        on_change=_accept_upload,
        help="Kept in this browser session's memory only: never saved, never shared.",
    )
    unseen = upload is not None and not (st.session_state.get(CURRENT_UPLOAD) or st.session_state.get(UPLOAD_ERROR))
    state.adopt(unseen, _accept_upload)  # a file its callback never saw: neither taken nor refused
    st.radio(
        "Size", options=list(FITS), format_func=FIT_LABELS.get, key=FIT_KEY, horizontal=True, on_change=_accept_upload
    )
    error = st.session_state.get(UPLOAD_ERROR)
    current = st.session_state.get(CURRENT_UPLOAD)
    if error:
        message, name = error
        st.error(f"This file was not used. {message}", icon="🚫")
        st.text(f"File: {name}")
        if current is not None:
            st.caption("The previous image stays.")
    if current is None:
        st.info(
            "No image uploaded yet: showing the built-in scene. A shared link cannot carry a photo, and a photo "
            "uploaded before the connection was lost (a server restarted) must be uploaded again."
        )
        return
    st.caption("Showing:")
    st.text(current.name)


def _image_chosen() -> None:
    """``on_change`` of the image radio: commit it; for the textbook example take its box and conventions, else
    clamp the box to the image now shown."""
    textbook_chosen("image")
    _clamp_box_to(current_image())


def textbook_chosen(name: str) -> None:
    """``on_change`` of the image radio and of page 11's source and box: commit widget ``name``; while the lesson
    shows the textbook example, open the chosen source's chosen box with its conventions."""
    state.commit_widget(name)
    values = state.values()
    if values["image"] == "book":
        open_textbook(values["book"], values["book_box"])


def open_textbook(book: str, box_number: int) -> None:
    """Callback: show box ``box_number`` of textbook example ``book`` on the lesson's pages (its picture at its own
    stride, the box, its conventions: ``params.textbook_values``)."""
    state.set_values(**textbook_values(textbook_example(book), box_number))


def _accept_upload() -> None:
    """``on_change`` of the uploader and the fit: decode the file into the session, or keep the previous image."""
    upload = st.session_state.get(FILE_KEY)
    if upload is None:
        return
    data, fit = upload.getvalue(), st.session_state.get(FIT_KEY, "keep")
    try:
        rgb, picture = decode_image(data, fit)
    except UploadRejected as error:
        st.session_state[UPLOAD_ERROR] = (str(error), upload.name)
        return
    digest = f"{hashlib.sha256(data).hexdigest()}-{fit}"
    st.session_state[CURRENT_UPLOAD] = loaded(upload.name, rgb, picture, digest=digest)
    st.session_state[UPLOAD_ERROR] = None
    _clamp_box_to(current_image())


def _clamp_box_to(image: LoadedImage) -> None:
    """Move and cut the box to fit ``image`` (the one clamp rule: ``roi_core.clamp_box``)."""
    values = state.values()
    box, changed = clamp_box(tuple(values[name] for name in "xywh"), image.width, image.height)
    if changed:
        state.set_values(**dict(zip("xywh", box)))
