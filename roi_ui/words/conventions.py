"""The one vocabulary: every convention's value, short and long name, source and colour.

Controls, URL parameters, titles, legends and captions all read it, so a
convention is spelled once. The values are ``roi_core``'s choices.
"""

from __future__ import annotations

from dataclasses import dataclass

from roi_core import LessonSettings
from roi_core.validation import POOLINGS, QUANTIZATIONS, SAMPLE_LAYOUTS

from .palette import BLUE, BLUISH_GREEN, REDDISH_PURPLE, VERMILLION, Colour

ROI_POOLING = "RoI Pooling"
ROI_ALIGN = "RoI Align"
TRUE_BOX = "the true box"
TRUE_BOX_COLOUR = BLUE
ALIGN_COLOUR = BLUISH_GREEN
SETTINGS_PLACE = "the settings (the sidebar; in presenter mode, 'Box and settings' at the top)"
ZERO_BASED = (
    "Rows and columns are counted from 0, as in code; the slides' tables count them from 1, "
    "so the slides' row 7 is row 6 here."
)


@dataclass(frozen=True)
class Convention:
    """One choice of one setting: ``short`` name, what it does (``detail``), where it comes from."""

    value: object
    short: str
    detail: str
    source: str = ""
    colour: Colour | None = None

    @property
    def label(self) -> str:
        """The short name and its source: "floor (the slides)"."""
        return f"{self.short} ({self.source})" if self.source else self.short

    @property
    def long(self) -> str:
        """Name, meaning and source: "floor: X, Y, W, H and the bin size rounded down (the slides)"."""
        return f"{self.short}: {self.detail}" + (f" ({self.source})" if self.source else "")


@dataclass(frozen=True)
class Setting:
    """A setting the learner chooses: its URL parameter, its title, its conventions in display order."""

    param: str
    title: str
    conventions: tuple[Convention, ...]

    @property
    def values(self) -> tuple:
        return tuple(c.value for c in self.conventions)

    def __getitem__(self, value) -> Convention:
        for convention in self.conventions:
            if convention.value == value:
                return convention
        raise KeyError(value)

    def labels(self) -> dict:
        """Value → label, for a radio's ``format_func``."""
        return {c.value: c.label for c in self.conventions}


def _ordered(core_values: tuple, conventions: tuple[Convention, ...]) -> tuple[Convention, ...]:
    """Check the conventions are exactly ``roi_core``'s choices (in the order given here)."""
    assert sorted(map(str, core_values)) == sorted(str(c.value) for c in conventions), core_values
    return conventions


QUANTIZATION = Setting(
    "quant",
    "RoI Pooling quantization",
    _ordered(
        QUANTIZATIONS,
        (
            Convention(
                "floor",
                "floor",
                "X, Y, W, H and the bin size rounded down; leftover cells dropped",
                "the slides",
                VERMILLION,
            ),
            Convention(
                "round",
                "round",
                "corners rounded half away from zero, end cell included",
                "torchvision roi_pool",
                REDDISH_PURPLE,
            ),
        ),
    ),
)
SAMPLING = Setting(
    "sr",
    "Sampling points per bin",
    (
        Convention(0, "adaptive", "ceil(bin size) points per axis", "torchvision sampling_ratio=0"),
        Convention(1, "1 x 1", "one point per bin"),
        Convention(2, "2 x 2", "four points per bin", "the slides"),
        Convention(3, "3 x 3", "nine points per bin"),
    ),
)
LAYOUT = Setting(
    "layout",
    "Sampling point layout",
    _ordered(
        SAMPLE_LAYOUTS,
        (
            Convention("spaced", "spaced", "at (i + 1)/(n + 1) of the bin: 1/3, 2/3", "the slides"),
            Convention("centered", "centred", "at (i + 0.5)/n of the bin: 1/4, 3/4", "torchvision"),
        ),
    ),
)
POOLING = Setting(
    "pool",
    "Pooling of a bin's sampling points",
    _ordered(
        POOLINGS,
        (
            Convention("max", "max", "the largest sampling point", "the slides, mmcv"),
            Convention("avg", "average", "the mean of the sampling points", "torchvision"),
        ),
    ),
)
ALIGNED = Setting(
    "aligned",
    "aligned",
    (
        Convention(True, "aligned=True", "pixel corners / stride, cell centres at c + 0.5", "the slides, Detectron2"),
        Convention(False, "aligned=False", "the box is read half a cell right and down", "torchvision's default"),
    ),
)
VALUES = Setting(
    "values",
    "Feature values",
    (
        Convention("slides", "the source's table", "the slides' 25 x 18 values (a textbook's own on its example)"),
        Convention("image", "the image (cell averages)", "the image averaged over each cell"),
    ),
)
IMAGE = Setting(
    "image",
    "Image",
    (
        Convention("scene", "built-in scene", "the lesson's 800 x 576 illustration"),
        Convention("upload", "my own image", "a photo uploaded in this browser session"),
        Convention("book", "the textbook example", "page 11's source: its own map as a picture, at its stride"),
    ),
)
TEXTBOOK_TABLES = {  # each textbook example's map (roi_core.textbooks), named where its values are shown
    "d2l-rcnn": "d2l.ai's 4 x 4 map (Dive into Deep Learning, §14.8)",
    "erdem-roi": (
        "the RoI Align posts' 16 x 16 table (Kemal Erdem, 2020; printed in rows 6–10, columns 9–15, 0 elsewhere)"
    ),
    "deepsense-roi-pooling": "deepsense.ai's 8 x 8 map (Tomasz Grel, 2017)",
    "slides-224": "the slides' 7 x 7 map (they print no values: every cell 0)",
}
CHANNEL = Setting(
    "channel",
    "Channel of the image",
    tuple(Convention(name, name, f"the image's {name}") for name in ("luminance", "red", "green", "blue")),
)


def pooling_title(settings: LessonSettings) -> str:
    """RoI Pooling with its convention: "RoI Pooling, floor (the slides)"."""
    return f"{ROI_POOLING}, {QUANTIZATION[settings.quantization].label}"


def pooling_colour(settings: LessonSettings) -> Colour:
    """RoI Pooling's colour, that of its quantization."""
    return QUANTIZATION[settings.quantization].colour


def align_short(settings: LessonSettings) -> str:
    """RoI Align's conventions in a few words: "2 x 2 spaced · max · aligned=True"."""
    return (
        f"{SAMPLING[settings.sampling_ratio].short} {LAYOUT[settings.sample_layout].short} · "
        f"{POOLING[settings.pooling].short} · {ALIGNED[settings.aligned].short}"
    )


def align_conventions(settings: LessonSettings) -> str:
    """RoI Align's conventions in one line, each with its meaning and source."""
    return "; ".join(
        setting[value].long
        for setting, value in (
            (SAMPLING, settings.sampling_ratio),
            (LAYOUT, settings.sample_layout),
            (POOLING, settings.pooling),
            (ALIGNED, settings.aligned),
        )
    )
