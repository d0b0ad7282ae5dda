"""How every number is written: one rounding rule (half away from zero), units named.

The slides round by hand, half away from zero: 6.5625 → 6.563 (Python's own
formatting would give 6.562). Every number on screen goes through ``num`` or
``fixed``, the figures' printed cell values included.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np


def _rounded(value: float, decimals: int) -> str:
    """``value`` rounded half away from zero to ``decimals`` places, as a plain decimal string."""
    exponent = Decimal(1).scaleb(-decimals)
    text = f"{Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP):f}"
    return text.lstrip("-") if float(text) == 0 else text


def fixed(value: float, decimals: int) -> str:
    """Exactly ``decimals`` decimals, as the map prints its values: 1.0, 0.20, 6.563."""
    if not math.isfinite(value):
        return str(float(value))
    return _rounded(value, decimals)


def num(value: float, decimals: int = 3) -> str:
    """Up to ``decimals`` decimals, trailing zeros dropped: 9.375, 6.563, 7, 2160."""
    text = fixed(value, decimals)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def signed(value: float, decimals: int = 3) -> str:
    """``num`` with its sign always written: +0.12, −0.3, 0."""
    text = num(value, decimals)
    return text if text == "0" or text.startswith("-") else "+" + text


def fixed_grid(values: np.ndarray, decimals: int, sign: bool = False) -> list[list[str]]:
    """A 2-D array's values as ``fixed`` strings (``sign``: with a + on positive values), for a figure's text."""

    def write(value: float) -> str:
        text = fixed(value, decimals)
        return "+" + text if sign and value > 0 and text.strip("0.") else text

    return [[write(float(v)) for v in row] for row in np.asarray(values)]


def pair(a: float, b: float, decimals: int = 3) -> str:
    """A coordinate pair such as (9.375, 6.563)."""
    return f"({num(a, decimals)}, {num(b, decimals)})"


def px(value: float, decimals: int = 1) -> str:
    """A length or coordinate in image pixels: 12.5 px."""
    return f"{num(value, decimals)} px"


def px2(area: float) -> str:
    """An area in square image pixels, whole, with thousands separators: 41,400 px²."""
    return f"{int(num(area, 0)):,} px²"


def cells(value: float, decimals: int = 3) -> str:
    """A length or coordinate in feature-map cells: 7.188 cells."""
    return f"{num(value, decimals)} cells"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 cell', '2 cells', '0 cells'."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
