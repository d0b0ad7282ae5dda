"""The handout: an A4 PNG whose cells carry their values' colours, a PDF whose words and numbers are real text, and
a CSV that reads back to the grids' values exactly; on the lesson's own numbers and on bad input."""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pytest
import segno
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from roi_core import LESSON_PRESET, Rect, lesson_feature_map, roi_align
from roi_ui.images import handout as ho
from roi_ui.images import handout_document, handout_drawing
from roi_ui.images.handout import Grid, Handout

BOX = Rect.from_xywh(300, 210, 230, 180).scaled(1 / 32)  # (9.375, 6.5625)-(16.5625, 12.1875) cells
LINK = "http://127.0.0.1:8501/RoI_Align?x=300&y=210&w=230&h=180&stride=32&out=3&step=3"
BLUE, VERMILLION = "#0072B2", "#D55E00"


def lesson_handout(*grids: Grid) -> Handout:
    """The slides' example as the RoI Align page would hand it out (the preset's 3 x 3 output)."""
    fm = lesson_feature_map()
    output = roi_align(fm[None, None], np.array([[0, 300, 210, 530, 390]]), 3, 1 / 32, **LESSON_PRESET.align_options)
    grids = grids or (
        Grid(
            "Feature map (25 × 18 cells)",
            fm,
            2,
            (("RoI ÷ 32, in cells", BOX, BLUE), ("RoI Pooling's floored box", Rect(9, 6, 16, 11), VERMILLION)),
            ((9.375 + 1.198, 6.5625 + 0.9375), (12.0, 8.0)),
        ),
        Grid("RoI Align output (3 × 3, max of 2 × 2 samples)", output[0, 0], 3),
    )
    return Handout(
        title="RoI Align, step 3 of 5: bilinear interpolation",
        subtitle="RoI Lab · the slides' example · 800 × 576 image, stride 32",
        settings=(
            ("box (x, y, w, h)", "(300, 210, 230, 180) px, top-left corner and size"),
            ("spatial_scale", "1/32 = 0.03125"),
            ("output", "3 × 3 bins"),
            ("sampling_ratio", "2 (2 × 2 points per bin, spaced)"),
            ("aligned", "True (−0.5 shift to cell centres)"),
        ),
        formulas=(
            "x1 = 300 / 32 = 9.375 cells, y1 = 210 / 32 = 6.563 cells",
            "bin width = (16.563 − 9.375) / 3 = 2.396 ≥ 1 cell",
            "f(S2) = (1 − 0.97)·0.753 + 0.97·0.294 → 0.436; θ = 0°",
        ),
        grids=grids,
        numbers=(("S2", "(10.97, 7.19)"), ("bilinear value at S2", "0.436")),
        link=LINK,
    )


def expected_colour(value: float, low: float, high: float) -> tuple[int, int, int]:
    """The scale written out again: white to #0072B2 at 45 % over white, linear in the value."""
    share = 0.45 * (value - low) / (high - low)
    return tuple(round(255 + (channel - 255) * share) for channel in (0x00, 0x72, 0xB2))


def fill_of(page: Image.Image, left: int, top: int, cell: int) -> tuple[int, int, int]:
    """The commonest colour inside a cell (its value is printed over its centre, its border is grey)."""
    inside = np.asarray(page.crop((left + 2, top + 2, left + cell - 2, top + cell - 2))).reshape(-1, 3)
    return Counter(map(tuple, inside.tolist())).most_common(1)[0][0]


def pdf_text(pdf: bytes) -> tuple[str, list[str]]:
    """All the PDF's text and the URIs of its link annotations."""
    reader = PdfReader(io.BytesIO(pdf))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    return "\n".join(page.extract_text() for page in reader.pages), uris


@pytest.fixture(scope="module")
def lesson():
    handout = lesson_handout()
    return handout, *handout_drawing.render_page(handout)


def test_the_png_is_one_a4_page_at_200_dpi():
    image = Image.open(io.BytesIO(handout_drawing.handout_png(lesson_handout())))
    assert image.format == "PNG" and image.size == (1654, 2339) and image.mode == "RGB"
    assert image.size[1] / image.size[0] == pytest.approx(297 / 210, rel=1e-3)
    assert [round(d) for d in image.info["dpi"]] == [200, 200]
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_the_scale_runs_from_white_to_blue_at_45_percent():
    assert ho.scale_colour(0.1, 0.1, 1.0) == (255, 255, 255)
    assert ho.scale_colour(1.0, 0.1, 1.0) == (140, 192, 220)  # 255 - (255 - (0, 114, 178)) x 0.45, rounded
    assert ho.scale_colour(0.55, 0.1, 1.0) == expected_colour(0.55, 0.1, 1.0)
    assert ho.scale_colour(float("nan"), 0, 1) == ho.scale_colour(float("inf"), 0, 1) == (197, 197, 197)  # grey
    assert ho.scale_colour(3.0, 3.0, 3.0) == (255, 255, 255)  # a flat grid


def test_every_cell_of_the_lesson_map_has_its_values_colour(lesson):
    handout, page, layout = lesson
    left, top, cell = layout.grids[0]
    assert cell >= 40  # the slides' map stays legible on the page
    fm = lesson_feature_map()
    for (r, c), value in np.ndenumerate(fm):
        colour = fill_of(page, left + c * cell, top + r * cell, cell)
        assert colour == expected_colour(value, fm.min(), fm.max()), (r, c, value, colour)
    output = handout.grids[1].values
    left, top, cell = layout.grids[1]
    for (r, c), value in np.ndenumerate(output):
        colour = fill_of(page, left + c * cell, top + r * cell, cell)
        assert colour == expected_colour(value, output.min(), output.max())


def test_the_rects_are_outlined_in_their_colours_along_their_edges(lesson):
    _, page, layout = lesson
    left, top, cell = layout.grids[0]
    pixels = np.asarray(page)
    for rect, colour in ((BOX, (0x00, 0x72, 0xB2)), (Rect(9, 6, 16, 11), (0xD5, 0x5E, 0x00))):
        x1, x2 = (round(left + x * cell) for x in (rect.x1, rect.x2))
        y1, y2 = (round(top + y * cell) for y in (rect.y1, rect.y2))
        inside = [pixels[y1 + 1, x1:x2], pixels[y2 - 1, x1:x2], pixels[y1:y2, x1 + 1], pixels[y1:y2, x2 - 1]]
        edge = np.concatenate(inside)
        assert np.all(edge == colour, axis=1).mean() > 0.6  # values printed over an edge hide some of it
        outside = np.concatenate([pixels[y1 - 6, x1:x2], pixels[y1:y2, x1 - 6]])
        assert np.all(outside == colour, axis=1).mean() < 0.1, rect


def test_a_point_is_a_dark_dot_where_it_lies():
    grid = Grid("Sampling points", np.full((4, 4), 0.5), 1, points=((1.0, 1.0), (3.0, 2.0)))
    page, layout = handout_drawing.render_page(lesson_handout(grid))
    left, top, cell = layout.grids[0]
    for x, y in grid.points:
        assert page.getpixel((round(left + x * cell), round(top + y * cell))) == (0, 0, 0)


def test_the_qr_code_on_the_page_is_segnos_code_of_the_link(lesson):
    _, page, layout = lesson
    x, y, scale = layout.qr
    matrix = segno.make(LINK, error="m").matrix
    grey = page.convert("L")
    for i, row in enumerate(matrix):
        for j, dark in enumerate(row):
            centre = (
                x + (handout_drawing.QR_BORDER + j + 0.5) * scale,
                y + (handout_drawing.QR_BORDER + i + 0.5) * scale,
            )
            assert (grey.getpixel(centre) < 128) == bool(dark), (i, j)
    assert len(matrix) * scale >= 250  # large enough for a phone at arm's length (about 32 mm at 200 dpi)


def test_the_pdf_holds_every_word_and_number_as_text_and_the_link_as_a_link():
    handout = lesson_handout()
    pdf = handout_document.handout_pdf(handout)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4 portrait, in points
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.1)
    text, uris = pdf_text(pdf)
    assert handout.title in text and handout.subtitle in text
    for name, value in handout.settings + handout.numbers:
        assert name in text and value in text
    for formula in handout.formulas:
        assert formula in text
    tokens = Counter(text.split())
    for grid in handout.grids:
        assert grid.title in text
        printed = Counter(t for row in ho.cell_texts(grid.values, grid.decimals) for t in row)
        assert all(tokens[value] >= count for value, count in printed.items()), printed - tokens
    assert LINK in text.replace("\n", "")
    assert uris and set(uris) == {LINK}


def test_printed_values_round_half_away_from_zero():
    grid = Grid("Halves", [[0.285, -0.125, 2.5], [-2.5, 1e-12, 6.5625]], 2)
    assert ho.cell_texts(grid.values, 2) == [["0.29", "-0.13", "2.50"], ["-2.50", "0.00", "6.56"]]
    assert ho.cell_texts(grid.values, 0) == [["0", "0", "3"], ["-3", "0", "7"]]
    text, _ = pdf_text(handout_document.handout_pdf(lesson_handout(grid)))
    assert {"0.29", "-0.13", "2.50", "-2.50", "6.56"} <= set(text.split())


def test_the_csv_reads_back_to_the_values_exactly():
    handout = lesson_handout()
    odd = Grid("Odd values, NaN, -0 and tiny", [[np.nan, -0.0, 1e-300], [1 / 3, -np.inf, 2**0.5]], 3)
    empty = Grid("Empty", np.zeros((0, 4)), 2)
    grids = (*handout.grids, odd, empty)
    blocks = ho.grids_csv(grids).decode("utf-8").rstrip("\n").split("\n\n")
    assert len(blocks) == len(grids)
    for block, grid in zip(blocks, grids):
        header, *rows = block.split("\n")
        assert header == f"# {grid.title}"
        values = np.loadtxt(io.StringIO("\n".join(rows)), delimiter=",", ndmin=2) if rows else np.zeros((0, 4))
        assert values.shape == grid.values.shape
        assert np.array_equal(values, grid.values, equal_nan=True)
        assert np.array_equal(np.signbit(values), np.signbit(grid.values))


def test_an_empty_grid_is_named_not_drawn():
    handout = lesson_handout(Grid("Nothing read", np.zeros((0, 0)), 2), Grid("Something", [[1.0]], 1))
    _, layout = handout_drawing.render_page(handout)
    assert layout.grids[0] is None and layout.grids[1] is not None
    text, _ = pdf_text(handout_document.handout_pdf(handout))
    assert "Nothing read" in text and "no values: the grid is empty" in text
    assert ho.grids_csv(handout.grids).decode() == "# Nothing read\n\n# Something\n1\n"


def test_nan_is_printed_nan_on_grey():
    values = np.array([[0.2, np.nan], [0.8, 0.5]])
    page, layout = handout_drawing.render_page(lesson_handout(Grid("With a hole", values, 2)))
    left, top, cell = layout.grids[0]
    assert fill_of(page, left + cell, top, cell) == (197, 197, 197)
    assert fill_of(page, left, top + cell, cell) == expected_colour(0.8, 0.2, 0.8)  # the scale ignores NaN
    text, _ = pdf_text(handout_document.handout_pdf(lesson_handout(Grid("With a hole", values, 2))))
    assert {"NaN", "0.20", "0.80", "0.50"} <= set(text.split())


def test_a_huge_grid_is_cropped_around_its_rects_and_the_crop_is_named():
    values = np.arange(300 * 500, dtype=float).reshape(300, 500) / 1000
    box = Rect(200.5, 100.25, 210.0, 112.75)
    grid = Grid("A 500 × 300 map", values, 1, (("box", box, BLUE),))
    window = ho.grid_window(grid)
    assert (window.row0, window.row1, window.col0, window.col1) == (98, 115, 198, 212)  # the box's cells ± 2
    assert window.note == "cropped: rows 98–114 of 300, columns 198–211 of 500 (numbered from 0)"
    page, layout = handout_drawing.render_page(lesson_handout(grid))
    left, top, cell = layout.grids[0]
    assert fill_of(page, left, top, cell) == (255, 255, 255)  # the scale spans the window: its minimum is white
    assert fill_of(page, left + 13 * cell, top + 16 * cell, cell) == expected_colour(1, 0, 1)  # its maximum
    text, _ = pdf_text(handout_document.handout_pdf(lesson_handout(grid)))
    assert window.note in text.replace("\n", " ")
    assert "49.2" in text.split() and "0.0" not in text.split()  # cell (98, 198) is printed, (0, 0) is not
    wide = ho.grid_window(Grid("No rects", np.zeros((10, 90)), 1))
    assert (wide.row0, wide.row1, wide.col0, wide.col1) == (0, 10, 0, 40)
    long = ho.grid_window(Grid("Long rect", np.zeros((100, 100)), 1, (("all", Rect(0, 0, 100, 100), BLUE),)))
    assert long.row1 - long.row0 == long.col1 - long.col0 == ho.MAX_CELLS


def test_a_grid_must_be_2d():
    with pytest.raises(ValueError, match="2-D"):
        Grid("A line", [1.0, 2.0], 1)
    grid = Grid("Read-only", [[1.0]], 1)
    assert not grid.values.flags.writeable


def test_the_shipped_font_writes_every_character_and_its_licence_is_beside_it(lesson):
    handout = lesson[0]
    font = TTFont(ho.FONT_PATH)
    glyphs = font.getBestCmap()
    words = [handout.title, handout.subtitle, *handout.formulas, *sum(handout.settings + handout.numbers, ())]
    missing = {ch for text in words for ch in text if ord(ch) not in glyphs}
    assert not missing
    licence = (ho.FONT_PATH.parent / "LICENSE-DejaVu.txt").read_text()
    assert "Bitstream Vera" in licence and "DejaVu changes are in public domain" in licence
