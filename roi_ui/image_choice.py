"""The sidebar's image choice: the built-in scene or the learner's own upload.

The upload lives in this session's memory only (never on disk, never in a
cache another session can reach). A bad file gets a clear message and the
previous image stays.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from . import state
from .decode import EXTENSIONS, FITS, MAX_BYTES, MAX_PIXELS, UploadRejected, decode_image
from .images import LoadedImage, loaded, scene

CURRENT_UPLOAD = "roi_current_upload"
FIT_LABELS = {"keep": "keep its size", "800x576": "fit to 800 x 576", "224x224": "fit to 224 x 224"}
SOURCE_LABELS = {"scene": "built-in scene", "upload": "my own image"}


@st.cache_resource(scope="session", max_entries=2, show_spinner="Decoding the image…")
def _decode(digest: str, fit: str, _data: bytes, name: str) -> LoadedImage:
    rgb, picture = decode_image(_data, fit)
    return loaded(name, rgb, picture, digest=f"{digest}-{fit}")


def chosen_image() -> LoadedImage:
    """Draw the image controls (inside the sidebar) and return the image every page uses."""
    st.radio("Image", options=list(SOURCE_LABELS), format_func=SOURCE_LABELS.get, horizontal=True,
             key=state.prepare_widget("image"), on_change=state.commit_widget, args=("image",))
    if state.values()["image"] != "upload":
        return scene()
    upload = st.file_uploader(
        f"Your image ({', '.join(e.upper() for e in EXTENSIONS[:6])}; up to {MAX_BYTES // 2**20} MB, "
        f"{MAX_PIXELS // 1_000_000} megapixels)",
        key="upload_file",
        max_upload_size=MAX_BYTES // 2**20,
        help="Kept in this browser session's memory only: never saved, never shared.",
    )
    fit = st.radio("Size", options=list(FITS), format_func=FIT_LABELS.get, key="upload_fit", horizontal=True)
    if upload is not None:
        _try_upload(upload.name, upload.getvalue(), fit)
    current = st.session_state.get(CURRENT_UPLOAD)
    if current is None:
        st.info("No image uploaded yet (a shared link cannot carry one): showing the built-in scene.")
        return scene()
    st.caption("Showing:")
    st.text(current.name)
    return current


def _try_upload(name: str, data: bytes, fit: str) -> None:
    """Decode a new upload into the session, or explain why not and keep the previous image."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        st.session_state[CURRENT_UPLOAD] = _decode(digest, fit, data, name)
    except UploadRejected as error:
        st.error(f"This file was not used. {error}", icon="🚫")
        st.text(f"File: {name}")
        if st.session_state.get(CURRENT_UPLOAD) is not None:
            st.caption("The previous image stays.")
