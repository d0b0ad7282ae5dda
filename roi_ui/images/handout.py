"""The current worked example as a handout a teacher prints or shares: one A4 page as a PNG (Pillow), a PDF whose
words and numbers are real, extractable text (fpdf2), and the grids' values as CSV.

Both drawings write in DejaVu Sans, shipped as ``assets/fonts/DejaVuSans.ttf`` with its licence beside it: Pillow's
bundled default font (Aileron) has no ×, −, ≥, θ or →, fpdf2's core fonts are Latin-1 only, and neither library
ships a TrueType file. Numbers are written by ``roi_ui.words.numbers`` (half away from zero). No Streamlit here: a
page hands these bytes to its download buttons.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import segno
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image, ImageDraw, ImageFont

from roi_core import Rect

from ..words.numbers import fixed_grid
from ..words.palette import BLUE, GREY
from .qr import QR_BORDER, qr_png

FONT_PATH = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "DejaVuSans.ttf"
PAGE = (1654, 2339)  # A4 portrait at 200 dpi, in PNG pixels
MARGIN = 100  # px around the PNG page
MAX_CELLS = 40  # a grid with more rows (or columns) is cropped to its rects' window (+CROP_PAD cells)
CROP_PAD = 2
SCALE_SHARE = 0.45  # the darkest fill: 45 % of the palette's blue over white
INK, MUTED, CELL_LINE = (0, 0, 0), (85, 85, 85), (200, 200, 200)  # MUTED has 7.5:1 contrast on white
GUTTER, LABELS = 56, 28  # px for row numbers left of a grid, column numbers above it


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


@lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), max(int(size), 6))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` px: broken between words, a word too long (a URL) between letters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if font.getlength(trial) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            line = ""
            for letter in word:
                if line and font.getlength(line + letter) > width:
                    lines.append(line)
                    line = ""
                line += letter
        lines.append(line)
    return lines


def _write(draw, x: int, y: int, text: str, size: int, width: int, fill=INK, stroke: int = 0) -> int:
    """Draw ``text`` wrapped to ``width`` px from (x, y); returns the y below it. ``draw=None`` only measures."""
    font = _font(size)
    for line in _wrap(text, font, width):
        if draw is not None:
            draw.text((x, y), line, font=font, fill=fill, stroke_width=stroke, stroke_fill=fill)
        y += round(size * 1.3)
    return y


def _legend(draw, grid: Grid, left: int, y: int, right: int) -> int:
    """The rects' legend from (left, y), a swatch outlined in each rect's colour then its label, wrapped at
    ``right``; returns the y below it. ``draw=None`` only measures."""
    x = left
    for label, _, colour in grid.rects:
        span = 40 + _font(22).getlength(label)
        if x + span > right and x > left:
            x, y = left, y + 36
        if draw is not None:
            draw.rectangle((x, y + 2, x + 26, y + 28), outline=colour, width=4)
            draw.text((x + 36, y + 15), label, font=_font(22), fill=INK, anchor="lm")
        x += span + 28
    return y + (36 if grid.rects else 0)


def _grid_height(grid: Grid, cell: int, width: int, titled: bool = True) -> int:
    """The height in px ``_draw_grid`` takes for ``grid`` with ``cell`` px cells in ``width`` px."""
    return _draw_grid(None, grid, 0, 0, cell, width, titled)[1]


def _cells(draw, grid: Grid, window: Window, left: int, top: int, cell: int) -> None:
    """The window's cells from (left, top), ``cell`` px each: filled on the window's own scale (its finite minimum
    to maximum), numbered, rects outlined, points as dots, then the values on top with a white halo."""
    block = grid.values[window.row0 : window.row1, window.col0 : window.col1]
    finite = block[np.isfinite(block)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    texts, (rows, cols) = cell_texts(block, grid.decimals), block.shape
    widest = max(_font(100).getlength(text) for row in texts for text in row) or 1
    value_size = round(min(0.36 * cell, 0.84 * cell * 100 / widest, 28))  # under 7 px, values are left to the PDF
    value_font = _font(value_size)
    label_font, step = _font(round(min(18, 0.6 * cell + 4))), 1 if cell >= 26 else 5
    for r, c in np.ndindex(rows, cols):
        box = (left + c * cell, top + r * cell, left + (c + 1) * cell, top + (r + 1) * cell)
        draw.rectangle(box, fill=scale_colour(block[r, c], low, high), outline=CELL_LINE)
    for r in range(0, rows, step):
        draw.text((left - 8, top + (r + 0.5) * cell), str(window.row0 + r), font=label_font, fill=MUTED, anchor="rm")
    for c in range(0, cols, step):
        draw.text((left + (c + 0.5) * cell, top - 6), str(window.col0 + c), font=label_font, fill=MUTED, anchor="md")
    for _, rect, colour in grid.rects:
        x1, x2 = (left + max(min(v - window.col0, cols), 0) * cell for v in (rect.x1, rect.x2))
        y1, y2 = (top + max(min(v - window.row0, rows), 0) * cell for v in (rect.y1, rect.y2))
        if x2 > x1 and y2 > y1:
            draw.rectangle((x1, y1, x2, y2), outline=colour, width=max(3, cell // 12))
    radius = max(4, cell // 9)
    for px, py in grid.points:
        if window.col0 <= px <= window.col1 and window.row0 <= py <= window.row1:
            cx, cy = left + (px - window.col0) * cell, top + (py - window.row0) * cell
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=INK, outline="white", width=2)
    for r, c in np.ndindex(rows, cols) if value_size >= 7 else ():
        centre = (left + (c + 0.5) * cell, top + (r + 0.5) * cell)
        draw.text(centre, texts[r][c], font=value_font, fill=INK, anchor="mm", stroke_width=1, stroke_fill="white")


def _draw_grid(draw, grid: Grid, x: int, y: int, cell: int, width: int, titled: bool = True):
    """``grid`` drawn from (x, y): its title and crop note (unless not ``titled``), its cells (``_cells``), its
    legend. Returns (left, top, cell) of the first drawn cell (None for an empty grid) and the y below the drawing;
    ``draw=None`` only measures."""
    window = grid_window(grid)
    y = _write(draw, x, y, grid.title, 30, width) if titled else y
    y = _write(draw, x, y, window.note, 22, width, MUTED) if window.note and titled else y
    if not grid.values.size:
        return None, y + 24
    left, top = x + GUTTER, y + LABELS
    if draw is not None:
        _cells(draw, grid, window, left, top, cell)
    return (left, top, cell), _legend(draw, grid, left, top + (window.row1 - window.row0) * cell + 14, x + width) + 24


def render_page(handout: Handout) -> tuple[Image.Image, Layout]:
    """The handout as one A4 page (PAGE px, 200 dpi, white): title, subtitle, settings and numbers side by side,
    formulas, every grid (cells as large as the page allows, 4 to 96 px), the link with its QR code at the foot."""
    page = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(page)
    width, x = PAGE[0] - 2 * MARGIN, MARGIN
    y = _write(draw, x, MARGIN, handout.title, 52, width, stroke=1) + 4
    y = _write(draw, x, y, handout.subtitle, 28, width, MUTED) + 20
    half, ends = (width - 40) // 2, [y]
    for column, (heading, pairs) in enumerate((("Settings", handout.settings), ("Numbers", handout.numbers))):
        if pairs:
            line = _write(draw, x + column * (half + 40), y, heading, 30, half, stroke=1)
            for name, value in pairs:
                line = _write(draw, x + column * (half + 40), line, f"{name}: {value}", 24, half)
            ends.append(line)
    y = max(ends) + 16
    if handout.formulas:
        y = _write(draw, x, y, "Formulas", 30, width, stroke=1)
        for formula in handout.formulas:
            y = _write(draw, x, y, formula, 24, width)
        y += 16
    qr_at, foot = None, PAGE[1] - MARGIN
    if handout.link:
        scale = max(2, 300 // segno.make(handout.link, error="m").symbol_size(border=QR_BORDER)[0])
        qr = Image.open(io.BytesIO(qr_png(handout.link, scale))).convert("RGB")
        qr_at = (PAGE[0] - MARGIN - qr.width, foot - qr.height, scale)
        page.paste(qr, qr_at[:2])
        words = width - qr.width - 40
        below = _write(draw, x, foot - qr.height + 8, "Open this view (or scan the code):", 26, words, stroke=1)
        _write(draw, x, below, handout.link, 22, words, MUTED)
        foot -= qr.height + 24
    cells = _cell_sizes(handout.grids, width, foot - y)
    placed = []
    for grid, cell in zip(handout.grids, cells):
        where, y = _draw_grid(draw, grid, x, y, cell, width)
        placed.append(where)
    return page, Layout(tuple(placed), qr_at)


def _cell_sizes(grids, width: int, height: int) -> list[int]:
    """Each grid's cell size in px: one size for all (the largest that fits ``height``), less where a grid's
    columns need less to fit ``width``; at most 96 px, at least 4 px."""
    windows = [grid_window(grid) for grid in grids]
    caps = [int(min(96, (width - GUTTER) / max(w.col1 - w.col0, 1))) for w in windows]
    rows = [(w.row1 - w.row0) if g.values.size else 0 for g, w in zip(grids, windows)]
    fixed = sum(_grid_height(grid, 0, width) for grid in grids)
    for size in range(96, 4, -1):
        cells = [max(min(size, cap), 4) for cap in caps]
        if fixed + sum(n * cell for n, cell in zip(rows, cells)) <= height:
            return cells
    return [4] * len(grids)


def handout_png(handout: Handout) -> bytes:
    """The handout as one A4-portrait PNG, 1654 x 2339 px at 200 dpi, drawn by ``render_page``."""
    buffer = io.BytesIO()
    render_page(handout)[0].save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def grid_png(grid: Grid) -> bytes:
    """One grid drawn alone (no title) as a PNG at 200 dpi, 40 to 96 px per cell (fewer columns, larger cells):
    the picture the PDF embeds."""
    window = grid_window(grid)
    cell = min(96, max(40, 1300 // max(window.col1 - window.col0, 1)))
    width = GUTTER + max((window.col1 - window.col0) * cell, 640 if grid.rects else 0) + 20
    image = Image.new("RGB", (width, _grid_height(grid, cell, width - 20, titled=False) + 20), "white")
    _draw_grid(ImageDraw.Draw(image), grid, 10, 10, cell, width - 20, titled=False)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def _pdf_lines(pdf: FPDF, lines, size: float, colour=INK, heading: str = "") -> None:
    """``lines`` as wrapped text of ``size`` pt, under a 13 pt ``heading`` when given."""
    for text, points, ink in ([(heading, 13, INK)] if heading else []) + [(line, size, colour) for line in lines]:
        pdf.set_font("DejaVu", size=points)
        pdf.set_text_color(*ink)
        pdf.multi_cell(0, points * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _pdf_table(pdf: FPDF, rows, widths, size: float = 10, align: str = "LEFT", headings: bool = False) -> None:
    """``rows`` of text as a ruled table, columns ``widths`` mm; a first row of muted headings when ``headings``."""
    pdf.set_font("DejaVu", size=size)
    pdf.set_text_color(*INK)
    style = FontFace(emphasis=None, color=MUTED)
    with pdf.table(
        col_widths=widths, width=sum(widths), align="LEFT", text_align=align, line_height=size * 0.45,
        first_row_as_headings=headings, headings_style=style, padding=0.6,
    ) as table:  # fmt: skip
        for row in rows:
            table.row(row)
    pdf.ln(3)


def _pdf_grid(pdf: FPDF, grid: Grid) -> None:
    """A grid: its title, crop note, its picture (``grid_png``, at most 180 x 140 mm), then its drawn values as a
    text table, in chunks of as many columns as fit the page, with row and column numbers."""
    window = grid_window(grid)
    _pdf_lines(pdf, [window.note] if window.note else [], 9, MUTED, heading=grid.title)
    if not grid.values.size:
        return
    picture = grid_png(grid)
    pixels = Image.open(io.BytesIO(picture)).size
    width = min(180, pixels[0] * 25.4 / 200, 140 * pixels[0] / pixels[1])
    pdf.image(io.BytesIO(picture), w=width, alt_text=grid.title)
    pdf.ln(2)
    block = grid.values[window.row0 : window.row1, window.col0 : window.col1]
    texts = cell_texts(block, grid.decimals)
    pdf.set_font("DejaVu", size=7)
    words = [*(text for row in texts for text in row), str(window.row1), str(window.col1)]
    column = max(pdf.get_string_width(text) for text in words) + 1.4
    per = max(1, int(180 // column) - 1)
    for start in range(0, block.shape[1], per):
        heads = ["", *(str(window.col0 + c) for c in range(start, min(start + per, block.shape[1])))]
        rows = [[str(window.row0 + r), *texts[r][start : start + per]] for r in range(block.shape[0])]
        _pdf_table(pdf, [heads, *rows], [column] * len(heads), size=7, align="RIGHT", headings=True)


def handout_pdf(handout: Handout) -> bytes:
    """The handout as an A4 PDF (mm, 15 mm margins, as many pages as it takes), every word and number real text
    in DejaVu Sans: title, subtitle, the settings table, the formulas, the numbers table, each grid as its picture
    and its values as a text table, the link as a clickable link with its QR code."""
    pdf = FPDF(format="A4")
    pdf.set_title(handout.title)
    pdf.set_creator("RoI Lab")
    pdf.add_font("DejaVu", fname=FONT_PATH)
    pdf.set_margins(15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _pdf_lines(pdf, [handout.title], 18)
    _pdf_lines(pdf, [handout.subtitle], 11, MUTED)
    for heading, pairs in (("Settings", handout.settings), ("Numbers", handout.numbers)):
        if pairs:
            _pdf_lines(pdf, [], 10, heading=heading)
            _pdf_table(pdf, [list(pair) for pair in pairs], [60, 120])
    if handout.formulas:
        _pdf_lines(pdf, handout.formulas, 10, heading="Formulas")
    for grid in handout.grids:
        _pdf_grid(pdf, grid)
    if handout.link:
        if pdf.will_page_break(60):
            pdf.add_page()
        _pdf_lines(pdf, [], 10, heading="Open this view (or scan the code)")
        pdf.set_text_color(*(int(BLUE.ink[i : i + 2], 16) for i in (1, 3, 5)))
        pdf.set_font("DejaVu", size=10)
        pdf.set_font_size(max(7, min(10, 10 * 178 / pdf.get_string_width(handout.link))))
        pdf.write(5, handout.link, link=handout.link)
        pdf.ln(7)
        pdf.image(io.BytesIO(qr_png(handout.link, 10)), w=35, alt_text="QR code of the link")
    return bytes(pdf.output())


def grids_csv(grids) -> bytes:
    """Every grid's values as UTF-8 CSV at full precision (``%.17g``, NaN as nan): a line ``# <title>``, then its
    rows comma-separated (none for an empty grid), a blank line between grids."""
    blocks = []
    for grid in grids:
        rows = (",".join(f"{value:.17g}" for value in row) for row in grid.values) if grid.values.size else ()
        blocks.append("\n".join([f"# {' '.join(grid.title.splitlines())}", *rows]))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
