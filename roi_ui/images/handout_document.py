"""The handout (``roi_ui.images.handout``) as an A4 PDF with fpdf2: every word and number real, extractable text in
DejaVu Sans, each grid as its picture (``handout_drawing.grid_png``) and its values as a text table, the link
clickable beside its QR code."""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from ..words.palette import BLUE
from .handout import FONT_PATH, INK, MUTED, Grid, Handout, cell_texts, grid_window
from .handout_drawing import grid_png
from .qr import qr_png


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
