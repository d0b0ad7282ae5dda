"""The colours, each with the name the captions use: the Okabe-Ito palette, safe for every common
colour-vision deficiency."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colour:
    """A colour and its name in words ("vermillion")."""

    name: str
    hex: str

    def rgba(self, alpha: float) -> str:
        """This colour see-through, as a CSS ``rgba()``."""
        red, green, blue = (int(self.hex[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({red}, {green}, {blue}, {alpha})"


BLUE = Colour("blue", "#0072B2")
VERMILLION = Colour("vermillion", "#D55E00")
REDDISH_PURPLE = Colour("reddish purple", "#CC79A7")
BLUISH_GREEN = Colour("green", "#009E73")
ORANGE = Colour("orange", "#E69F00")
SKY_BLUE = Colour("sky blue", "#56B4E9")
YELLOW = Colour("yellow", "#F0E442")
BLACK = Colour("black", "#000000")
GREY = Colour("grey", "#7F7F7F")
WHITE = Colour("white", "#FFFFFF")
