"""Lesson 11, the textbooks' own examples: d2l.ai's 4 x 4 map, the RoI Align blog posts' 16 x 16 map, deepsense.ai's
8 x 8 animation and the slides' 224 x 224 image, each with its source named, its map and boxes drawn, and every
number it prints beside the number roi_core computes (``roi_core.textbooks``).
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import NamedTuple

import numpy as np

from roi_core import Rect
from roi_core.textbooks import TEXTBOOK_EXAMPLES, TextbookExample, mismatches, reproduce, textbook_example

from ..images.store import example_image, feature_maps
from ..plot import kit
from ..plot.window import CellWindow
from ..session.params import textbook_values
from ..session.view import View, build_view, printed_decimals
from ..words.conventions import TRUE_BOX_COLOUR
from ..words.palette import VERMILLION

BOOKS = {example.key: example.source for example in TEXTBOOK_EXAMPLES}
MAP_HEIGHT = 420
HANDOUT_VALUE_CHARS = 40
SHOWN_ITEMS = 8  # a number with more items than this is cut in the table (its hover-free cell stays readable)


OPEN_WORDS = "Open this example in the lesson: pages 1 to 10 on the source's map, this box and its conventions"
BOX_TITLE = "Box (for the lesson's pages and the take-home)"


def example(key: str) -> TextbookExample:
    """The example keyed ``key`` (``roi_core.textbooks``)."""
    return textbook_example(key)


def source_words(book: TextbookExample) -> str:
    """The source named and linked (Markdown, the app's own words: the stored texts are ours)."""
    return f"**Source:** [{book.source}]({book.url})"


def box_labels(book: TextbookExample) -> dict[int, str]:
    """The source's boxes, numbered from 1, each with its corners in image pixels."""
    return {n: f"box {n}: ({x1:g}, {y1:g}) – ({x2:g}, {y2:g}) px" for n, (x1, y1, x2, y2) in enumerate(book.boxes, 1)}


def example_view(book: TextbookExample, box_number: int, page_view: View) -> View:
    """The source's example as a lesson view, for the take-home: what the lesson's pages show of it
    (``params.textbook_values``), box ``box_number`` (1 = the first; the last when there are fewer); presenter mode
    and the rest as on ``page_view``."""
    image = example_image(book.key)
    values = dict(page_view.values) | textbook_values(book, box_number)
    return build_view(values, image, partial(feature_maps, image.digest, image.rgb))


def handout_numbers(book: TextbookExample) -> tuple[tuple[str, str], ...]:
    """Each number the source prints, for the handout, in a line: whether roi_core's agrees, with the source's
    value when it is short (at most ``HANDOUT_VALUE_CHARS`` characters), and how many differ where some do (page 11's
    table says why)."""
    lines = []
    for row in compared(book):
        if row.differing:
            line = f"roi_core differs at {row.differing} (why: page 11's table)"
        else:
            line = f"roi_core agrees: {row.printed}" if len(row.printed) <= HANDOUT_VALUE_CHARS else "roi_core agrees"
        lines.append((row.number, line))
    return tuple(lines)


NOTES_TITLE = "How its numbers are reproduced: the conventions, what the source leaves out, where it slips"


def map_figure(book: TextbookExample) -> dict:
    """The source's feature map, its values printed as the source prints them (blank cells: it prints none), each
    box (projected on the map) and the source's own bins where it draws them."""
    rows, cols = book.feature_map.shape
    scale = book.spatial_scale
    boxes = [rect.scaled(scale) for rect in book.rects]
    r0, c0, r1, c1 = book.printed_cells
    window = CellWindow.around([*boxes, Rect(c0, r0, c1, r1)], 1, cols, rows)  # what the source prints and draws
    printed = np.zeros(book.feature_map.shape, dtype=bool)
    printed[r0:r1, c0:c1] = True  # the cells the source leaves blank stay blank
    grid = kit.value_grid(book.feature_map, printed_decimals(book.feature_map), window, printed=printed)
    data = [grid, kit.lines(kit.rect_path(boxes), TRUE_BOX_COLOUR, 3, name="the box (projected)")]
    if book.source_bins:
        bins = [Rect(*b).scaled(scale) for b in book.source_bins]
        data.append(kit.lines(kit.rect_path(bins, inset=0.08), VERMILLION, 2, "dash", name="the source's bins"))
    return kit.figure(data, kit.map_layout(window, MAP_HEIGHT, numbered=True))


class Compared(NamedTuple):
    """One number the source prints, beside roi_core's: its name (words), both values as text at the source's
    precision, how many of its items differ and why (the source's own inputs give another number)."""

    number: str
    printed: str
    computed: str
    differing: int
    reasons: str


@lru_cache(maxsize=len(TEXTBOOK_EXAMPLES))
def compared(book: TextbookExample) -> tuple[Compared, ...]:
    """Every number the source prints, beside roi_core's (``reproduce``, ``mismatches``): worked out once per
    source (its data are constants; nothing here comes from a learner)."""
    computed = reproduce(book)
    differing = mismatches(book, computed)  # from the same numbers: reproduced once
    rows = []
    for name, printed in book.expected.items():
        wrong = [path for path in differing if path == name or path.startswith(f"{name}[")]
        reasons = dict.fromkeys(book.differences.get(path, "") for path in wrong)
        value = computed.get(name)
        if len(book.boxes) == 1:  # one box: its numbers, not a tuple of one
            printed, value = printed[0], value[0]
        shown = (_shown(printed, None), _shown(value, book.decimals.get(name)))
        rows.append(Compared(name.replace("_", " "), *shown, len(wrong), " ".join(r for r in reasons if r)))
    return tuple(rows)


def comparison_rows(book: TextbookExample) -> list[dict[str, str]]:
    """One row per number the source prints: the source's value, roi_core's at the same precision, and whether
    they agree (where not, the reason the source's own inputs give another number)."""
    return [
        {
            "number": row.number,
            "the source prints": row.printed,
            "roi_core computes": row.computed,
            "agree": f"differs at {row.differing}: {row.reasons}" if row.differing else "equal",
        }
        for row in compared(book)
    ]


def _shown(value, decimals: int | None) -> str:
    """A nested number as text, floats at ``decimals`` (as printed) or as they are, at most ``SHOWN_ITEMS`` items
    a level."""
    if isinstance(value, tuple | list):
        items = [_shown(v, decimals) for v in value[:SHOWN_ITEMS]]
        more = ", …" if len(value) > SHOWN_ITEMS else ""
        return "(" + ", ".join(items) + more + ")"
    if isinstance(value, float) and decimals is not None:
        return f"{value:.{decimals}f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def intro() -> str:
    """What the page shows."""
    return (
        "You may have met RoI Pooling and RoI Align in a book or a blog post first. Here are their own examples, "
        "with their own numbers: each number the source prints, beside the number roi_core computes from the "
        "source's map and box, and the conventions that make them agree. Where a source's hand arithmetic slips, "
        "the table says where."
    )
