"""The current worked example as a handout a teacher prints or shares: what it holds (``Handout``: settings,
formulas, numbers, the grids with their boxes, the link), the window a large grid is cut to, its colour scale, and
the grids' values as CSV. ``handout_drawing`` draws it as one A4 PNG page (Pillow), ``handout_document`` as a PDF
whose words and numbers are real, extractable text (fpdf2).

Both write in DejaVu Sans, shipped as ``assets/fonts/DejaVuSans.ttf`` with its licence beside it: Pillow's bundled
default font (Aileron) has no ×, −, ≥, θ or →, fpdf2's core fonts are Latin-1 only, and neither library ships a
TrueType file. Numbers are written by ``roi_ui.words.numbers`` (half away from zero). No Streamlit here: a page
hands these bytes to its download buttons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from roi_core import Rect

from ..words.numbers import fixed_grid
from ..words.palette import BLUE, GREY

FONT_PATH = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "DejaVuSans.ttf"
MAX_CELLS = 40  # a grid with more rows (or columns) is cropped to its rects' window (+CROP_PAD cells)
CROP_PAD = 2
SCALE_SHARE = 0.45  # the darkest fill: 45 % of the palette's blue over white
INK, MUTED = (0, 0, 0), (85, 85, 85)  # MUTED has 7.5:1 contrast on white


@dataclass(frozen=True, eq=False)
class Grid:
    """A 2-D grid of values (a map, a bin's reads, an output), with rectangles and points on it in cells: cell (r, c)
    spans x in [c, c+1), y in [r, r+1). ``rects``: (label, rectangle, CSS hex colour); ``points``: (x, y)."""

    title: str
    values: np.ndarray
    decimals: int
    rects: tuple[tuple[str, Rect, str], ...] = ()
    points: tuple[tuple[float, float], ...] = ()

    def __post_init__(self):
        values = np.array(self.values, dtype=np.float64)
        if values.ndim != 2:
            raise ValueError(f"a grid's values are 2-D, not of shape {values.shape}")
        values.flags.writeable = False
        object.__setattr__(self, "values", values)


@dataclass(frozen=True, eq=False)
class Handout:
    """One worked example: ``settings`` as (name, value with its convention), ``formulas`` as plain Unicode lines,
    ``numbers`` as (what, value), ``link`` the URL reproducing the view."""

    title: str
    subtitle: str
    settings: tuple[tuple[str, str], ...]
    formulas: tuple[str, ...]
    grids: tuple[Grid, ...]
    numbers: tuple[tuple[str, str], ...]
    link: str


@dataclass(frozen=True)
class Window:
    """The cells of a grid that are drawn, rows [row0, row1) and columns [col0, col1), and the words naming a crop
    or an empty grid ("" when the whole grid is drawn)."""

    row0: int
    row1: int
    col0: int
    col1: int
    note: str


@dataclass(frozen=True)
class Layout:
    """Where things landed on the PNG page, in pixels: for each grid, the top-left corner of its first drawn cell
    and the cell size (None for an empty grid); the QR code's top-left corner (its white border included) and px per
    module (None without a link)."""

    grids: tuple[tuple[int, int, int] | None, ...]
    qr: tuple[int, int, int] | None


def grid_window(grid: Grid) -> Window:
    """The window drawn of ``grid``: all of it, or along each side longer than MAX_CELLS the cells its rects cover
    plus CROP_PAD (at most MAX_CELLS, the first ones when there is no rect there), named in the note."""
    rows, cols = grid.values.shape
    spans = []
    for n, lows, highs in (
        (rows, [r.y1 for _, r, _ in grid.rects], [r.y2 for _, r, _ in grid.rects]),
        (cols, [r.x1 for _, r, _ in grid.rects], [r.x2 for _, r, _ in grid.rects]),
    ):
        if n <= MAX_CELLS:
            spans.append((0, n))
            continue
        low = max(math.floor(min(lows, default=0)) - CROP_PAD, 0)
        high = min(math.ceil(max(highs, default=0)) + CROP_PAD, n)
        if high <= low or not grid.rects:
            low, high = 0, MAX_CELLS
        if high - low > MAX_CELLS:
            low = min(max((low + high) // 2 - MAX_CELLS // 2, 0), n - MAX_CELLS)
            high = low + MAX_CELLS
        spans.append((low, high))
    (row0, row1), (col0, col1) = spans
    note = "" if grid.values.size else "no values: the grid is empty"
    if (row1 - row0, col1 - col0) != (rows, cols):
        note = f"cropped: rows {row0}–{row1 - 1} of {rows}, columns {col0}–{col1 - 1} of {cols} (numbered from 0)"
    return Window(row0, row1, col0, col1, note)


def scale_colour(value: float, low: float, high: float) -> tuple[int, int, int]:
    """The fill of a cell holding ``value`` (sRGB, 0-255): white at ``low`` to 45 % of blue over white at ``high``,
    linearly; grey at 45 % for NaN and ±inf; white when ``low == high``."""
    end = BLUE if math.isfinite(value) else GREY
    share = SCALE_SHARE if not math.isfinite(value) else 0.0
    if math.isfinite(value) and high > low:
        share = SCALE_SHARE * min(max((value - low) / (high - low), 0.0), 1.0)
    return tuple(round(255 + (int(end.hex[i : i + 2], 16) - 255) * share) for i in (1, 3, 5))


def cell_texts(values: np.ndarray, decimals: int) -> list[list[str]]:
    """Each value as printed: ``decimals`` decimals, half away from zero; NaN as "NaN", ±inf as "inf", "-inf"."""
    texts = fixed_grid(values, decimals)
    return [["NaN" if text == "nan" else text for text in row] for row in texts]


def grids_csv(grids) -> bytes:
    """Every grid's values as UTF-8 CSV at full precision (``%.17g``, NaN as nan): a line ``# <title>``, then its
    rows comma-separated (none for an empty grid), a blank line between grids."""
    blocks = []
    for grid in grids:
        rows = (",".join(f"{value:.17g}" for value in row) for row in grid.values) if grid.values.size else ()
        blocks.append("\n".join([f"# {' '.join(grid.title.splitlines())}", *rows]))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
