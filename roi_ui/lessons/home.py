"""The home page: the detector pipeline (Fast / Faster R-CNN) as one diagram, the RoI step marked.

The diagram comes in two arrangements: ``WIDE`` (left to right, for a desk or a projector) and ``NARROW`` (top to
bottom in two columns, for a phone). The page draws both and ``SWITCH_CSS`` shows the one that fits the width of
their container (a CSS container query: the browser decides).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..plot import kit
from ..plot.theme import TYPE
from ..words import palette
from ..words.conventions import ALIGN_COLOUR, ROI_ALIGN, ROI_POOLING

# (lines of the label, highlighted): short lines, so that six boxes fit side by side in 800 px
STAGES = (
    (("Image", "800 x 576"), False),
    (("CNN backbone", "stride 32"), False),
    (("Feature map", "25 x 18 x C"), False),
    (("Region", "proposals", "boxes in px"), False),
    ((ROI_POOLING, f"or {ROI_ALIGN}", "any box →", "3 x 3 x C"), True),
    (("Fully", "connected", "layers"), False),
    (("Class scores",), False),
    (("Box", "regression"), False),
)
ARROWS = ((0, 1), (1, 2), (0, 3), (2, 4), (3, 4), (4, 5), (5, 6), (5, 7))
WIDE_KEY, NARROW_KEY, BOTH_KEY = "pipeline_wide", "pipeline_narrow", "pipeline"
NARROW_BELOW = 780  # px: a container narrower than this shows the top-to-bottom diagram


@dataclass(frozen=True)
class Arrangement:
    """Where each stage's box sits (its centre, in figure units), how large the boxes are, and whether arrows to a
    box further right leave from the side (``across``) or always from the bottom."""

    centres: tuple[tuple[float, float], ...]
    half_width: float
    half_height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    height: int
    across: bool


WIDE = Arrangement(
    centres=((0, 0), (1, 0), (2, 0), (1, 1), (3, 0.5), (4, 0.5), (5, 0), (5, 1)),
    half_width=0.45,
    half_height=0.42,
    x_range=(-0.5, 5.5),
    y_range=(-0.5, 1.5),
    height=320,
    across=True,
)
NARROW = Arrangement(
    centres=((0.5, 0), (0.5, 1), (0.5, 2), (1.5, 1), (1.0, 3), (1.0, 4), (0.5, 5), (1.5, 5)),
    half_width=0.45,
    half_height=0.42,
    x_range=(0, 2),
    y_range=(-0.5, 5.5),
    height=660,
    across=False,
)
SWITCH_CSS = (
    f".st-key-{BOTH_KEY} {{ container-type: inline-size; }}"
    f".st-key-{NARROW_KEY} {{ display: none; }}"
    f"@container (max-width: {NARROW_BELOW}px) {{"
    f" .st-key-{WIDE_KEY} {{ display: none; }} .st-key-{NARROW_KEY} {{ display: block; }} }}"
)
ALT_TEXT = (
    "The detector's pipeline: the image goes through the CNN backbone (stride 32) into the feature map; region "
    f"proposals give boxes in pixels; {ROI_POOLING} or {ROI_ALIGN} turns each box on the feature map into a "
    "3 x 3 x C grid, which fully connected layers turn into class scores and a box regression."
)


def _arrow(start: tuple[float, float], end: tuple[float, float], shape: Arrangement) -> dict:
    """An arrow between two boxes: side to side when the second is further right (``across``), else bottom to top."""
    (x0, y0), (x1, y1) = start, end
    if shape.across and x1 > x0 + shape.half_width:
        return kit.arrow((x0 + shape.half_width, y0), (x1 - shape.half_width, y1), palette.GREY, head=3, size=1.2)
    return kit.arrow((x0, y0 + shape.half_height), (x1, y1 - shape.half_height), palette.GREY, head=3, size=1.2)


def _box(label: tuple[str, ...], centre: tuple[float, float], highlighted: bool, shape: Arrangement):
    """A stage's box (a layout shape) and its label (an annotation inside it); the RoI step green and bold."""
    x, y = centre
    colour = ALIGN_COLOUR if highlighted else palette.BLUE
    box = dict(
        type="rect",
        x0=x - shape.half_width,
        x1=x + shape.half_width,
        y0=y - shape.half_height,
        y1=y + shape.half_height,
        line=dict(color=colour.hex, width=4 if highlighted else 2),
        fillcolor=colour.rgba(0.15 if highlighted else 0.06),
    )
    text = "<br>".join(f"<b>{line}</b>" if highlighted else line for line in label)
    return box, dict(x=x, y=y, text=text, showarrow=False, font=dict(size=TYPE.body - 1, color=palette.BLACK.hex))


def pipeline_figure(shape: Arrangement = WIDE) -> dict:
    """Boxes and arrows from the image to class scores and box regression, laid out as ``shape``; the RoI step in
    green."""
    annotations = [_arrow(shape.centres[start], shape.centres[end], shape) for start, end in ARROWS]
    shapes = []
    for (label, highlighted), centre in zip(STAGES, shape.centres, strict=True):
        box, text = _box(label, centre, highlighted, shape)
        shapes.append(box)
        annotations.append(text)
    return kit.figure(
        [],
        kit.layout(
            shape.height,
            annotations=annotations,
            shapes=shapes,
            xaxis=dict(visible=False, range=list(shape.x_range), fixedrange=True),
            yaxis=dict(visible=False, range=[shape.y_range[1], shape.y_range[0]], fixedrange=True),
        ),
    )
