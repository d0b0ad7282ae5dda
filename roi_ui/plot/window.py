"""Which cells of a map a figure shows: a window of whole cells around what matters."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from roi_core import Rect


@dataclass(frozen=True)
class CellWindow:
    """Columns [col0, col1) and rows [row0, row1) of a map, in whole cells (the map frame).

    A window may reach past the map (to show a box or a sampling point outside
    it); ``rows`` and ``cols`` are the slices of map cells inside it.
    """

    col0: int
    col1: int
    row0: int
    row1: int
    map_cols: int
    map_rows: int

    @classmethod
    def whole(cls, map_cols: int, map_rows: int) -> CellWindow:
        """The whole map."""
        return cls(0, map_cols, 0, map_rows, map_cols, map_rows)

    @classmethod
    def around(cls, rects: Iterable[Rect], margin: int, map_cols: int, map_rows: int) -> CellWindow:
        """The cells covering ``rects`` (in cells) and ``margin`` cells more on each side.

        The margin stops at the map's edge; the rectangles themselves are always
        shown, even where they reach past it.
        """
        rects = list(rects)
        left = math.floor(min(r.x1 for r in rects))
        top = math.floor(min(r.y1 for r in rects))
        right = math.ceil(max(r.x2 for r in rects))
        bottom = math.ceil(max(r.y2 for r in rects))
        return cls(
            min(max(left - margin, 0), left),
            max(min(right + margin, map_cols), right),
            min(max(top - margin, 0), top),
            max(min(bottom + margin, map_rows), bottom),
            map_cols,
            map_rows,
        )

    @property
    def rect(self) -> Rect:
        """The window as a rectangle in cells."""
        return Rect(self.col0, self.row0, self.col1, self.row1)

    @property
    def rows(self) -> slice:
        """The map rows inside the window."""
        return slice(max(self.row0, 0), max(min(self.row1, self.map_rows), 0))

    @property
    def cols(self) -> slice:
        """The map columns inside the window."""
        return slice(max(self.col0, 0), max(min(self.col1, self.map_cols), 0))

    @property
    def is_whole_map(self) -> bool:
        return (self.col0, self.col1, self.row0, self.row1) == (0, self.map_cols, 0, self.map_rows)

    @property
    def span(self) -> int:
        """The larger of the window's width and height, in cells."""
        return max(self.col1 - self.col0, self.row1 - self.row0)
