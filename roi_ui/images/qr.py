"""The address students type, as a QR code a phone's camera reads off the projector (``segno``, a maintained
QR encoder with no dependencies)."""

from __future__ import annotations

import io
from functools import lru_cache

import segno

QR_SCALE = 10  # px per module: a version-2 code (25 modules) is about 290 px, readable from the back row
QR_BORDER = 2  # modules of white around the code (the standard asks for 4; 2 reads well on a white page)


@lru_cache(maxsize=4)
def qr_png(url: str, scale: int = QR_SCALE) -> bytes:
    """A PNG of a QR code holding ``url`` (error correction level M: a smudged projector still reads), ``scale`` px
    per module."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=QR_BORDER)
    return buffer.getvalue()
