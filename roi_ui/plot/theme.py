"""The fills, colour scales and type scale every figure uses (the named colours: ``roi_ui.words.palette``).

Type sizes are one scale, in CSS pixels, that ``roi_ui.plot.kit.with_text_scale``
can enlarge (presenter mode).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..words.palette import ORANGE, SKY_BLUE, VERMILLION, YELLOW

LOST_FILL = VERMILLION.rgba(0.45)  # part of the object left out
ADDED_FILL = YELLOW.rgba(0.55)  # part of the neighbour brought in
WINNER_FILL = YELLOW.rgba(0.9)  # the cell holding a bin's maximum
CHOSEN_FILL = "rgba(0,0,0,0.13)"  # the cells a chosen output bin read (linked views): a tint, values stay legible
HALO = "0 0 2px white, 0 0 2px white, 0 0 3px white"  # a white glow around text drawn over lines and fills
GRID_LINE = "rgba(255,255,255,0.7)"  # the stride grid over an image

# Light cells so black values and coloured outlines stay readable on a projector.
CELL_SCALE = [[0.0, "#f7fbff"], [0.5, "#c6dbef"], [1.0, "#6baed6"]]
# Sky blue to white to orange: a difference, centred on 0.
DIFFERENCE_SCALE = [[0.0, SKY_BLUE.hex], [0.5, "#ffffff"], [1.0, ORANGE.hex]]
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"


@dataclass(frozen=True)
class TypeScale:
    """Font sizes (CSS px) of figure text: body (axes, legends, labels), cell values, titles. Nothing is smaller
    than 14 px (readable at a desk); presenter mode enlarges every size by ``PRESENTER_SCALE`` (18 px and more)."""

    body: int = 16
    cell: int = 14
    title: int = 18
    small: int = 14

    @property
    def large_cell(self) -> int:
        """Cell values of a small output grid (few, large cells)."""
        return self.title


TYPE = TypeScale()
PRESENTER_SCALE = 18 / 14  # the smallest figure text, 14 px, becomes 18 px on a projector
