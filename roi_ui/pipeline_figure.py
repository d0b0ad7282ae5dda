"""The detector pipeline (Fast / Faster R-CNN) as one diagram, the RoI step marked."""

from __future__ import annotations

import plotly.graph_objects as go

from . import theme
from .figures import base_layout

# (label, x centre, y centre, highlighted)
STAGES = (
    ("Image<br>800 x 576", 0.6, 1.0, False),
    ("CNN backbone<br>5 poolings: stride 32", 2.3, 1.0, False),
    ("Feature map<br>25 x 18 x C", 4.0, 1.0, False),
    ("Region proposals<br>boxes in pixels", 2.3, 2.3, False),
    ("RoI Pooling / RoI Align<br>any box → 3 x 3 x C", 5.9, 1.65, True),
    ("Fully connected<br>layers", 7.7, 1.65, False),
    ("Class scores", 9.4, 1.1, False),
    ("Box regression", 9.4, 2.2, False),
)
ARROWS = ((0, 1), (1, 2), (0, 3), (2, 4), (3, 4), (4, 5), (5, 6), (5, 7))
HALF_WIDTH, HALF_HEIGHT = 0.78, 0.36


def pipeline_figure() -> go.Figure:
    """Boxes and arrows from the image to class scores and box regression; the RoI step in green."""
    fig = go.Figure()
    for start, end in ARROWS:
        _, x0, y0, _ = STAGES[start]
        _, x1, y1, _ = STAGES[end]
        fig.add_annotation(x=x1 - HALF_WIDTH if x1 > x0 + HALF_WIDTH else x1,
                           y=y1 if x1 > x0 + HALF_WIDTH else y1 - HALF_HEIGHT,
                           ax=x0 + HALF_WIDTH if x1 > x0 + HALF_WIDTH else x0,
                           ay=y0 if x1 > x0 + HALF_WIDTH else y0 + HALF_HEIGHT,
                           xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
                           arrowhead=3, arrowsize=1.2, arrowwidth=2, arrowcolor=theme.GREY)
    for label, x, y, highlighted in STAGES:
        colour = theme.GREEN if highlighted else theme.BLUE
        fig.add_shape(type="rect", x0=x - HALF_WIDTH, x1=x + HALF_WIDTH, y0=y - HALF_HEIGHT, y1=y + HALF_HEIGHT,
                      line=dict(color=colour, width=4 if highlighted else 2),
                      fillcolor="rgba(0,158,115,0.15)" if highlighted else "rgba(0,114,178,0.06)")
        fig.add_annotation(x=x, y=y, text=f"<b>{label}</b>" if highlighted else label, showarrow=False,
                           font=dict(size=theme.FONT_SIZE - 1, color=theme.BLACK))
    fig.update_xaxes(visible=False, range=[-0.3, 10.3])
    fig.update_yaxes(visible=False, range=[2.8, 0.5])
    return base_layout(fig, height=300)
