"""The home page: the detector pipeline (Fast / Faster R-CNN) as one diagram, the RoI step marked."""

from __future__ import annotations

from ..plot import kit
from ..plot.theme import TYPE
from ..words import palette
from ..words.conventions import ALIGN_COLOUR, ROI_ALIGN, ROI_POOLING

# (label, x centre, y centre, highlighted)
STAGES = (
    ("Image<br>800 x 576", 0.6, 1.0, False),
    ("CNN backbone<br>5 poolings: stride 32", 2.3, 1.0, False),
    ("Feature map<br>25 x 18 x C", 4.0, 1.0, False),
    ("Region proposals<br>boxes in pixels", 2.3, 2.3, False),
    (f"{ROI_POOLING} / {ROI_ALIGN}<br>any box → 3 x 3 x C", 5.9, 1.65, True),
    ("Fully connected<br>layers", 7.7, 1.65, False),
    ("Class scores", 9.4, 1.1, False),
    ("Box regression", 9.4, 2.2, False),
)
ARROWS = ((0, 1), (1, 2), (0, 3), (2, 4), (3, 4), (4, 5), (5, 6), (5, 7))
HALF_WIDTH, HALF_HEIGHT = 0.78, 0.36


def pipeline_figure() -> dict:
    """Boxes and arrows from the image to class scores and box regression; the RoI step in green."""
    annotations, shapes = [], []
    for start, end in ARROWS:
        _, x0, y0, _ = STAGES[start]
        _, x1, y1, _ = STAGES[end]
        sideways = x1 > x0 + HALF_WIDTH
        start = (x0 + HALF_WIDTH, y0) if sideways else (x0, y0 + HALF_HEIGHT)
        end = (x1 - HALF_WIDTH, y1) if sideways else (x1, y1 - HALF_HEIGHT)
        annotations.append(kit.arrow(start, end, palette.GREY, head=3, size=1.2))
    for label, x, y, highlighted in STAGES:
        colour = ALIGN_COLOUR if highlighted else palette.BLUE
        shapes.append(
            dict(
                type="rect",
                x0=x - HALF_WIDTH,
                x1=x + HALF_WIDTH,
                y0=y - HALF_HEIGHT,
                y1=y + HALF_HEIGHT,
                line=dict(color=colour.hex, width=4 if highlighted else 2),
                fillcolor=colour.rgba(0.15 if highlighted else 0.06),
            )
        )
        annotations.append(
            dict(
                x=x,
                y=y,
                text=f"<b>{label}</b>" if highlighted else label,
                showarrow=False,
                font=dict(size=TYPE.body - 1, color=palette.BLACK.hex),
            )
        )
    return kit.figure(
        [],
        kit.layout(
            300,
            annotations=annotations,
            shapes=shapes,
            xaxis=dict(visible=False, range=[-0.3, 10.3]),
            yaxis=dict(visible=False, range=[2.8, 0.5]),
        ),
    )
