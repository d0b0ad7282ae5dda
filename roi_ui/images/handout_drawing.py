"""The handout (``roi_ui.images.handout``) drawn as one A4-portrait PNG page with Pillow, 1654 x 2339 px at 200
dpi: title, settings, numbers, formulas, each grid as a table of coloured cells with its boxes, the link and its QR
code; and one grid alone, the picture the PDF embeds."""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

from .handout import FONT_PATH, INK, MUTED, Grid, Handout, Layout, Window, cell_texts, grid_window, scale_colour
from .qr import QR_BORDER, qr_png

PAGE = (1654, 2339)  # A4 portrait at 200 dpi, in PNG pixels
MARGIN = 100  # px around the PNG page
CELL_LINE = (200, 200, 200)
GUTTER, LABELS = 56, 28  # px for row numbers left of a grid, column numbers above it
SMALL_GRID = 8  # columns: a grid this narrow (an output) gets cells twice the map's
SIDE_GAP = 40  # px between the map and the grids beside it


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
    for grid, cell, (dx, dy) in zip(handout.grids, cells, _places(handout.grids, cells, width)[0]):
        placed.append(_draw_grid(draw, grid, x + dx, y + dy, cell, _grid_width(grid, cell, width))[0])
    return page, Layout(tuple(placed), qr_at)


def _cell_sizes(grids, width: int, height: int) -> list[int]:
    """Each grid's cell size in px: the largest size whose layout (``_places``) fits ``width`` x ``height``, twice
    it for a small grid (at most ``SMALL_GRID`` columns: an output, whose values have more digits), less where a
    grid's columns need less to fit ``width``; at most 96 px, at least 4 px."""
    windows = [grid_window(grid) for grid in grids]
    caps = [int(min(96, (width - GUTTER) / max(w.col1 - w.col0, 1))) for w in windows]
    small = [w.col1 - w.col0 <= SMALL_GRID for w in windows]
    for size in range(96, 4, -1):
        cells = [max(min(2 * size if s else size, cap), 4) for cap, s in zip(caps, small)]
        if _places(grids, cells, width)[1] <= height:
            return cells
    return [4] * len(grids)


def _grid_width(grid: Grid, cell: int, width: int) -> int:
    """The px a grid takes across: its row numbers and cells, at most ``width`` (a legend wraps inside)."""
    window = grid_window(grid)
    return min(width, GUTTER + (window.col1 - window.col0) * cell + 10)


def _places(grids, cells, width: int) -> tuple[list[tuple[int, int]], int]:
    """Where each grid goes, (dx, dy) px from the grids' top-left, and the height they take: the first grid (the
    map) on the left and the others one under another beside it when they fit ``width``, else all one under
    another."""
    widths = [_grid_width(g, c, width) for g, c in zip(grids, cells)]
    heights = [_grid_height(g, c, w) for g, c, w in zip(grids, cells, widths)]
    beside = len(grids) > 1 and widths[0] + SIDE_GAP + max(widths[1:]) <= width
    left, top = (widths[0] + SIDE_GAP, 0) if beside else (0, heights[0])
    places = [(0, 0)]
    for height in heights[1:]:
        places.append((left, top))
        top += height
    return places, max(heights[0], top) if beside else top


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
