"""The colours, each with the name the captions use: the Okabe-Ito palette, safe for every common
colour-vision deficiency."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colour:
    """A colour and its name in words ("vermillion")."""

    name: str
    hex: str

    @property
    def ink(self) -> str:
        """This colour as text on white: itself when it has WCAG AA's 4.5:1 contrast there, else the lightest
        darker shade of it that has (vermillion #D55E00 is 3.9:1 on white; its ink is #C25600)."""
        channels = [int(self.hex[i : i + 2], 16) for i in (1, 3, 5)]
        for step in range(101):
            shade = [round(c * (1 - step / 100)) for c in channels]
            if _contrast_on_white(shade) >= 4.5:
                return "#" + "".join(f"{c:02X}" for c in shade)
        return "#000000"

    def rgba(self, alpha: float) -> str:
        """This colour see-through, as a CSS ``rgba()``."""
        red, green, blue = (int(self.hex[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({red}, {green}, {blue}, {alpha})"


def _contrast_on_white(rgb: list[int]) -> float:
    """WCAG's contrast ratio of an sRGB colour (0-255 channels) with white."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)


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
