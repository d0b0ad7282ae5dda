"""How numbers are written on screen: every number with its unit, every result with its convention."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from roi_core import LessonSettings


def num(value: float, decimals: int = 3) -> str:
    """A number with up to ``decimals`` decimals, trailing zeros dropped (9.375, 6.563, 7, 2160).

    Halves round away from zero, as the slides do by hand: 6.5625 → 6.563 (Python's
    own formatting would give 6.562).
    """
    if not math.isfinite(value):
        return str(float(value))
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cells(value: float, decimals: int = 3) -> str:
    """A length or coordinate in feature-map cells."""
    return f"{num(value, decimals)} cells"


def px(value: float, decimals: int = 1) -> str:
    """A length or coordinate in image pixels."""
    return f"{num(value, decimals)} px"


def pair(a: float, b: float, decimals: int = 3) -> str:
    """A coordinate pair such as (9.375, 6.563)."""
    return f"({num(a, decimals)}, {num(b, decimals)})"


def quantization_name(convention: str) -> str:
    """RoI Pooling's convention in words."""
    return {"floor": "floor (the slides)", "round": "round half away from zero, end cell included (torchvision)"}[
        convention
    ]


def align_conventions(settings: LessonSettings) -> str:
    """RoI Align's conventions in one line: samples, layout, pooling, aligned."""
    grid = "adaptive" if settings.sampling_ratio <= 0 else f"{settings.sampling_ratio} x {settings.sampling_ratio}"
    layout = "spaced at (i+1)/(n+1)" if settings.sample_layout == "spaced" else "centred at (i+0.5)/n"
    pooling = "max" if settings.pooling == "max" else "average"
    aligned = "aligned=True (cell centres at .5)" if settings.aligned else "aligned=False (half-cell offset)"
    return f"{grid} samples per bin, {layout}, {pooling} per bin, {aligned}"
