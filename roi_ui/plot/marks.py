"""Marks: the parts of ``roi_core`` traces that several lessons draw the same way, as plot-kit traces.

RoI Pooling's bins, dropped cells and winning cells; the areas a quantized box
loses and adds; RoI Align's bin edges and sampling points. Colours are passed
in (the vocabulary names them); every coordinate comes from the trace.
"""

from __future__ import annotations

from collections.abc import Iterable

from roi_core import AlignBin, PoolBin, QuantizedBox, Rect, RoIAlignTrace, RoIPoolTrace

from ..words.numbers import px2
from ..words.palette import BLACK, GREY, WHITE, Colour
from . import kit, theme

# Patterns as well as colours (colour is never the only encoding), sparse and light: the values printed over these
# areas (with a white halo, ``roi_ui.plot.legible``) stay readable; the fill is a tint.
LOST_PATTERN = dict(shape="/", fgcolor=BLACK.hex, fgopacity=0.3, size=12, solidity=0.15)
ADDED_PATTERN = dict(shape=".", fgcolor=BLACK.hex, fgopacity=0.35, size=10, solidity=0.2)
DROPPED_PATTERN = dict(shape="/", fgcolor=GREY.hex, fgopacity=0.6, bgcolor="rgba(0,0,0,0)", size=14, solidity=0.1)
ANSWER = "checkpoint answer"  # the legend's name for a revealed answer's marks
ANSWER_EDGE, ANSWER_INSET, ANSWER_POINT = 4, 0.05, 18  # px, share of a cell, px: a revealed answer's marks
CHOSEN_EDGE = 6  # px: the chosen bin's outline, the boldest line of a figure
CHOSEN_INSET = 0.16  # of a cell: the chosen bin's outline inside its cells, clear of the bins' and maxima's edges


def pool_bins(trace: RoIPoolTrace, colour: Colour, width: float = 2) -> dict:
    """Every non-empty RoI Pooling bin outlined (one trace)."""
    rects = [b.rect for b in trace.bins if not b.empty]
    return kit.lines(kit.rect_path(rects), colour, width)


def dropped_cells(trace: RoIPoolTrace) -> dict:
    """The cells of the quantized box that no bin reads, hatched grey (one trace)."""
    return kit.lines(
        kit.rect_path(kit.cell_rects(trace.dropped_cells)),
        "rgba(0,0,0,0)",
        0,
        fill="rgba(0,0,0,0.08)",
        pattern=DROPPED_PATTERN,
        name=None,
    )


def winner_cells(trace: RoIPoolTrace, colour: Colour = BLACK) -> list[dict]:
    """Each bin's maximum cell filled and outlined in bold (its value stays printed on top, ``roi_ui.plot.legible``),
    with a hover that names the bin."""
    winners = [b for b in trace.bins if not b.empty]
    return [
        kit.lines(kit.rect_path(kit.cell_rects(b.argmax for b in winners)), colour, 4, fill=theme.WINNER_FILL),
        dict(
            type="scatter",
            x=[b.argmax[1] + 0.5 for b in winners],
            y=[b.argmax[0] + 0.5 for b in winners],
            mode="markers",
            marker=dict(size=24, opacity=0, color=colour.hex),
            showlegend=False,
            customdata=[(b.row, b.col, b.argmax[0], b.argmax[1]) for b in winners],
            hovertemplate="max of bin (row %{customdata[0]}, col %{customdata[1]})<br>"
            "cell (row %{customdata[2]}, col %{customdata[3]})<extra></extra>",
        ),
    ]


def lost_and_added(quantized: QuantizedBox, scale: float) -> list[dict]:
    """The areas the quantized box leaves out (hatched) and brings in (dotted); ``scale``: pixels → figure units."""
    return [
        kit.lines(
            kit.rect_path(r.scaled(scale) for r in rects),
            "rgba(0,0,0,0)",
            0,
            fill=fill,
            pattern=pattern | dict(bgcolor=fill),
            hover=f"{words} ({px2(area)})",
        )
        for rects, area, fill, pattern, words in (
            (quantized.lost, quantized.lost_area, theme.LOST_FILL, LOST_PATTERN, "lost: part of the object left out"),
            (
                quantized.added,
                quantized.added_area,
                theme.ADDED_FILL,
                ADDED_PATTERN,
                "added: part of the neighbour brought in",
            ),
        )
    ]


def align_bin_edges(
    x_edges, y_edges, colour: Colour, scale: float = 1.0, width: float = 2, dash: str = "solid"
) -> dict:
    """RoI Align's bin edges (map frame, times ``scale``: 1 for cells, the stride for pixels) as one trace."""
    xs, ys = [x * scale for x in x_edges], [y * scale for y in y_edges]
    verticals = (((x, x), (ys[0], ys[-1])) for x in xs)
    horizontals = (((xs[0], xs[-1]), (y, y)) for y in ys)
    return kit.lines(kit.segments_path([*verticals, *horizontals]), colour, width, dash)


def sample_points(trace: RoIAlignTrace, colour: Colour, size: float = 9, name: str | None = None) -> dict:
    """Every sampling point that reads the map, as one marker trace (hover: its bin, label and value)."""
    samples = [(b, s) for b in trace.bins for s in b.samples if s.inside]
    return dict(
        type="scatter",
        x=[s.x for _, s in samples],
        y=[s.y for _, s in samples],
        mode="markers",
        name=name,
        showlegend=name is not None,
        marker=dict(color=colour.hex, size=size, line=dict(color="white", width=1.5)),
        customdata=[(b.row, b.col, s.label, s.value) for b, s in samples],
        hovertemplate="bin (row %{customdata[0]}, col %{customdata[1]}), %{customdata[2]}<br>"
        "x, y = %{x:.4f}, %{y:.4f} cells<br>value %{customdata[3]:.4f}<extra></extra>",
    )


def pool_bin_reads(bin_: PoolBin, colour: Colour = BLACK, scale: float = 1.0) -> dict:
    """The cells one RoI Pooling bin reads (the linked view of a chosen output bin): their block framed bold inside
    its edges (a winner cell's outline is on them), tinted; ``scale``: cells → figure
    units (1 for a map, the stride for an image)."""
    rects = [bin_.rect.scaled(scale)] if bin_.cells else []
    path = kit.rect_path(rects, inset=CHOSEN_INSET * scale)
    return kit.lines(path, colour, CHOSEN_EDGE, fill=theme.CHOSEN_FILL)


def align_bin_reads(bin_: AlignBin, colour: Colour = BLACK, scale: float = 1.0) -> list[dict]:
    """What one RoI Align bin reads (the linked view of a chosen output bin): the bin outlined bold and dashed, the
    cells its sampling points mix outlined dotted and tinted, the points as large ringed markers; ``scale`` as
    above."""
    area = Rect(bin_.x_edges[0], bin_.y_edges[0], bin_.x_edges[1], bin_.y_edges[1]).scaled(scale)
    cells = [rect.scaled(scale) for rect in kit.cell_rects(bin_.cells)]
    return [
        kit.lines(kit.rect_path(cells, inset=CHOSEN_INSET * scale), colour, 3, "dot", fill=theme.CHOSEN_FILL),
        kit.lines(kit.rect_path([area]), colour, CHOSEN_EDGE, "dash"),
        dict(
            type="scatter",
            x=[s.x * scale for s in bin_.samples],
            y=[s.y * scale for s in bin_.samples],
            mode="markers",
            marker=dict(color=WHITE.hex, size=13, line=dict(color=colour.hex, width=3)),
            showlegend=False,
            hoverinfo="skip",
        ),
    ]


def answer(rects: Iterable[Rect], points: Iterable[tuple[float, float]], scale: float = 1.0) -> list[dict]:
    """Where a revealed checkpoint's answer lies (``roi_ui.session.predict.marked``): cells or boxes outlined in a
    thick dash-dot line, points as large open diamonds, named "checkpoint answer" in a legend; ``scale``: cells →
    figure units. Neither takes the pointer (the figure's own hover and clicks stay as they are)."""
    rects, points = [rect.scaled(scale) for rect in rects], [(x * scale, y * scale) for x, y in points]
    traces = []
    if rects:
        outline = kit.lines(kit.rect_path(rects, inset=ANSWER_INSET * scale), BLACK, ANSWER_EDGE, "dashdot")
        traces.append(outline | dict(name=ANSWER, showlegend=True))
    if points:
        traces.append(
            dict(
                type="scatter",
                x=[x for x, _ in points],
                y=[y for _, y in points],
                mode="markers",
                marker=dict(symbol="diamond-open", size=ANSWER_POINT, color=BLACK.hex, line=dict(width=3)),
                name=ANSWER,
                showlegend=not rects,
                hoverinfo="skip",
            )
        )
    return traces
