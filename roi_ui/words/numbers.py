"""How every number is written: one rounding rule (half away from zero), units named.

The slides round by hand, half away from zero: 6.5625 → 6.563 (Python's own
formatting would give 6.562). Every number on screen goes through
``fixed_grid`` (whole arrays: the figures' printed values), ``fixed`` or
``num`` (one number), which apply one rule with the same float operations:
the value times 10^decimals, first rounded to 9 places to remove binary noise
(0.285 x 100 is 28.499999999999996 in binary, 28.5 as the learner reads it),
then rounded half away from zero.
"""

from __future__ import annotations

import math

import numpy as np


def fixed_grid(values, decimals: int, sign: bool = False) -> list:
    """Every value of an array with exactly ``decimals`` decimals (``sign``: a + on positive values), as nested
    lists of the array's shape (a figure's printed text). The same rule as ``fixed``, on the whole array at once."""
    values = np.asarray(values, dtype=np.float64)
    if not values.size:
        return values.tolist()  # an empty window: nothing to write
    units = np.floor(np.rint(np.abs(values) * 10.0**decimals * 1e9) / 1e9 + 0.5)
    finite = np.isfinite(units)
    whole, part = np.divmod(np.where(finite, units, 0).astype(np.int64), 10**decimals)
    marks = np.where((values < 0) & (units > 0), "-", np.where(sign & (values > 0) & (units > 0), "+", ""))
    texts = np.strings.add(marks, whole.astype(str))
    if decimals:
        texts = np.strings.add(np.strings.add(texts, "."), np.strings.zfill(part.astype(str), decimals))
    if not finite.all():  # nan or inf as NumPy writes them (writing every float as text is slow)
        texts = np.where(finite, texts, values.astype(str))
    return texts.tolist()


def fixed(value: float, decimals: int) -> str:
    """Exactly ``decimals`` decimals, as the map prints its values: 1.0, 0.20, 6.563."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    units = math.floor(round(abs(value) * 10.0**decimals * 1e9) / 1e9 + 0.5)
    whole, part = divmod(units, 10**decimals)
    mark = "-" if value < 0 and units else ""
    return f"{mark}{whole}.{part:0{decimals}d}" if decimals else f"{mark}{whole}"


def num(value: float, decimals: int = 3) -> str:
    """Up to ``decimals`` decimals, trailing zeros dropped: 9.375, 6.563, 7, 2160."""
    text = fixed(value, decimals)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def signed(value: float, decimals: int = 3) -> str:
    """``num`` with its sign always written: +0.12, -0.3, 0."""
    text = num(value, decimals)
    return text if text == "0" or text.startswith("-") else "+" + text


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


def markdown_list(rows: list[dict[str, str]]) -> str:
    """``rows`` (one dict a row, the app's own words and numbers) as a Markdown list, one item a row: its first
    value in bold, then each other column as "name value". It wraps on a phone, where a wide table would scroll
    the page sideways, and is cheaper to send than a dataframe."""
    items = []
    for row in rows:
        (first, *others) = row.items()
        rest = ", ".join(f"{name} {value}" for name, value in others)
        items.append(f"- **{first[0]} {first[1]}**: {rest}")
    return "\n".join(items)
