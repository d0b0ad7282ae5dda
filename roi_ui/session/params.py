"""The app's whole state as named, typed parameters that round-trip through a URL.

Pure Python (no Streamlit): each parameter parses a URL string into a value or
says why it cannot, and formats a value back. ``roi_ui.state`` binds them to
Streamlit's session and query parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from roi_core import LESSON_PRESET
from roi_core.textbooks import TEXTBOOK_EXAMPLES, TextbookExample

from ..words.conventions import ALIGNED, CHANNEL, IMAGE, LAYOUT, POOLING, QUANTIZATION, SAMPLING, VALUES

STRIDES = (8, 16, 32, 64)
OUTPUT_SIZES = tuple(range(1, 8))
MAX_IMAGE_SIDE = 30_000  # an upload may be 40 MP at 20:1, about 28,000 px long
MAX_SHIFT = 32  # px either way: one cell at the largest stride (64), so every quantized edge crosses a cell boundary
POOL_STEPS = 5
MAX_RAW_SHOWN = 40
MAX_SAMPLES = 81  # sampling points per bin a link can name (9 x 9)
MAX_SLIDES = 9  # sections a page shows one at a time in presenter mode
TEXTBOOKS = tuple(example.key for example in TEXTBOOK_EXAMPLES)
BOOK_BOXES = tuple(range(1, max(len(example.boxes) for example in TEXTBOOK_EXAMPLES) + 1))
ZOO_STEPS = ("prroi_pool", "crop_and_resize", "roi_align_rotated")  # the zoo's methods with a step-by-step trace


@dataclass(frozen=True)
class Param:
    """One URL parameter: its default, a parser (str -> value, raising ValueError), a formatter."""

    name: str
    default: Any
    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not re.fullmatch(r"-?\d{1,9}", text.strip()) or not low <= int(text) <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return int(text)

    return parse


def _one_of(choices) -> Callable[[str], Any]:
    def parse(text: str):
        for choice in choices:
            if text.strip().lower() == str(choice).lower():
                return choice
        raise ValueError("must be one of " + ", ".join(str(c) for c in choices))

    return parse


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be 1 or 0")


def _format_flag(value: bool) -> str:
    return "1" if value else "0"


x, y, w, h = LESSON_PRESET.box
PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("x", x, _integer(0, MAX_IMAGE_SIDE)),
        Param("y", y, _integer(0, MAX_IMAGE_SIDE)),
        Param("w", w, _integer(1, MAX_IMAGE_SIDE)),
        Param("h", h, _integer(1, MAX_IMAGE_SIDE)),
        Param("stride", LESSON_PRESET.stride, _one_of(STRIDES)),
        Param("out", LESSON_PRESET.output_size, _one_of(OUTPUT_SIZES)),
        *(
            Param(setting.param, getattr(LESSON_PRESET, field), _one_of(setting.values))
            for setting, field in (
                (QUANTIZATION, "quantization"),
                (SAMPLING, "sampling_ratio"),
                (LAYOUT, "sample_layout"),
                (POOLING, "pooling"),
            )
        ),
        Param(ALIGNED.param, LESSON_PRESET.aligned, _flag, _format_flag),
        *(Param(setting.param, setting.values[0], _one_of(setting.values)) for setting in (VALUES, CHANNEL)),
        Param("demo", "800", _one_of(("800", "224"))),
        Param("step", 1, _one_of(tuple(range(1, POOL_STEPS + 1)))),
        Param("align_step", 1, _one_of((1, 2, 3, 4, 5))),  # lesson 4's steps (roi_ui.lessons.align.STEP_TITLES)
        Param("bin_row", 0, _integer(0, max(OUTPUT_SIZES) - 1)),
        Param("bin_col", 0, _integer(0, max(OUTPUT_SIZES) - 1)),
        Param("sample", 2, _integer(1, MAX_SAMPLES)),  # S2: the slides' worked example
        Param("shift", 0, _integer(-MAX_SHIFT, MAX_SHIFT)),
        Param(IMAGE.param, IMAGE.values[0], _one_of(IMAGE.values)),
        Param("onnx_mode", "avg", _one_of(("avg", "max"))),  # the method zoo's ONNX RoiAlign (roi_core.zoo)
        Param("onnx_coord", "half_pixel", _one_of(("half_pixel", "output_half_pixel"))),
        Param("angle", 0, _integer(-180, 180)),  # the zoo's rotated box, degrees counter-clockwise
        Param("zoo_step", "prroi_pool", _one_of(ZOO_STEPS)),  # the zoo's method shown step by step
        Param("grad_bins", "one", _one_of(("one", "all"))),  # the gradients page: the chosen bin's, or every bin's
        Param("book", TEXTBOOKS[0], _one_of(TEXTBOOKS)),  # the textbook example shown (roi_core.textbooks)
        Param("book_box", 1, _one_of(BOOK_BOXES)),  # its box (1 = the first) on page 11 and in the take-home
        Param("present", False, _flag, _format_flag),  # presenter mode (roi_ui.session.presenter)
        Param("slide", 1, _integer(1, MAX_SLIDES)),  # presenter mode: the section shown on a page without steps
    )
}


# Values links written by earlier versions hold, and what they meant: the image choice "posts" showed the RoI Align
# posts' example, now the textbook example with that source (shared links and printed handouts' QR codes).
FORMER_VALUES: dict[tuple[str, str], dict[str, Any]] = {("image", "posts"): dict(image="book", book="erdem-roi")}


def textbook_values(book: TextbookExample, box_number: int) -> dict[str, Any]:
    """The parameter values that open box ``box_number`` (1 = the first; the last when there are fewer) of a
    textbook example on the lesson's pages: its picture and map, that box, its output size and conventions
    (``TextbookExample.box_settings``). No stride: a textbook's picture always has its own (``build_view``)."""
    number = min(box_number, len(book.boxes))
    s = book.box_settings(number - 1)
    return dict(zip("xywh", s.box)) | dict(
        image="book", book=book.key, book_box=number, values="slides", out=s.output_size, quant=s.quantization,
        sr=s.sampling_ratio, layout=s.sample_layout, pool=s.pooling, aligned=s.aligned,
    )  # fmt: skip


def defaults() -> dict[str, Any]:
    """Every parameter at its lesson-preset value."""
    return {name: param.default for name, param in PARAMS.items()}


def parse_query(query: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Values from URL query parameters, and a notice line for each one rejected.

    Unknown names are ignored; a rejected value keeps the preset's. Notice lines
    quote the raw text (cut to a few dozen characters): show them as plain text.
    A value older links wrote (``FORMER_VALUES``) gives the values it meant then.
    """
    values, notices, former = defaults(), [], {}
    for name, raw in query.items():
        param = PARAMS.get(name)
        if param is None:
            continue
        if (name, str(raw)) in FORMER_VALUES:
            former |= FORMER_VALUES[name, str(raw)]
            continue
        try:
            values[name] = param.parse(str(raw))
        except (ValueError, TypeError) as error:
            shown = str(raw) if len(str(raw)) <= MAX_RAW_SHOWN else str(raw)[:MAX_RAW_SHOWN] + "…"
            notices.append(f"{name}={shown!r}: {error}; using {param.format(param.default)}")
    return values | former, notices


def to_query(values: dict[str, Any]) -> dict[str, str]:
    """URL query parameters for ``values``: those that differ from the lesson preset (``parse_query`` gives the
    others their preset value), so a link says only what was changed ("?x=320&stride=16"), and costs less to
    write into every page link."""
    return {name: param.format(values[name]) for name, param in PARAMS.items() if values[name] != param.default}
