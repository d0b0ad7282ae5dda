"""The plot kit: every figure is a plain spec, ``{"data": [...], "layout": {...}}``, built here.

Map figures use the map frame (cell c spans [c, c + 1), y grows downwards);
image figures use pixels. Lines, outlines and grids are single scatter traces
with gaps (``None``) rather than many shapes. Nothing here computes lesson
numbers: values come from ``roi_core`` traces, printed with ``roi_ui.words``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from roi_core import Rect

from ..words.numbers import fixed_grid
from ..words.palette import BLACK, Colour
from . import theme
from .theme import TYPE
from .window import CellWindow

MAX_CELLS_WITH_TEXT = 900  # more printed values than this are unreadable and slow
MAX_CELLS_AS_BRICKS = 2_500  # a denser grid is drawn as one picture: no gaps, no per-cell hover data
NO_NOTE = "read by no bin"  # a map cell's hover line when no output bin reads it
CHART_CONFIG = {"displayModeBar": False}  # st.plotly_chart's config: no toolbar over the lesson
# A layout in which a drag draws a box selection (``session.selection.box_drag`` turns it into the RoI), dotted
DRAW_BOX = dict(dragmode="select", newselection=dict(line=dict(color=BLACK.hex, width=2, dash="dot")))

CHOSEN_CELL_EDGE, CHOSEN_CELL_INSET = 5, 0.04  # px, and a share of the cell: a chosen output bin's outline

Path = tuple[list, list]  # x and y coordinates, pieces separated by None

# Streamlit's theme turns Plotly's ``automargin`` on for every axis: Plotly then draws a figure twice, once to
# measure its tick labels and once with margins that fit them (half of a figure's drawing time). Figures with
# fixed margins turn it off and keep this much room left of the plot for the y tick labels ("6000" px).
FIXED_MARGINS = dict(automargin=False)
TICK_LABELS_WIDTH = 45
TICK_LABELS_HEIGHT = 30  # room above the plot for the x tick labels of a map or an image (their axis is on top)


def css(colour: Colour | str) -> str:
    """A palette colour as CSS; a CSS colour string as it is."""
    return colour.hex if isinstance(colour, Colour) else colour


def arrow(
    start: tuple[float, float],
    end: tuple[float, float],
    colour: Colour | str,
    width: float = 2,
    head: int = 2,
    size: float = 1.0,
) -> dict:
    """An arrow from ``start`` to ``end`` (data coordinates), as a layout annotation without text."""
    return dict(
        x=end[0],
        y=end[1],
        ax=start[0],
        ay=start[1],
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=head,
        arrowsize=size,
        arrowwidth=width,
        arrowcolor=css(colour),
    )


def figure(data: Iterable[dict], layout: dict) -> dict:
    """A figure spec from traces and a layout (an empty trace when there are none: Plotly wants data)."""
    return {"data": list(data) or [dict(type="scatter", x=[], y=[], hoverinfo="skip")], "layout": layout}


def layout(height: int, title: str | None = None, **extra) -> dict:
    """The layout every figure starts from: large type, small margins, no legend, no drag."""
    return (
        dict(
            height=height,
            margin=dict(l=10, r=10, t=40 if title else 10, b=10),
            title=dict(text=title, font=dict(size=TYPE.title)) if title else None,
            font=dict(size=TYPE.body, family=theme.FONT_FAMILY, color=BLACK.hex),
            plot_bgcolor="white",
            showlegend=False,
            dragmode=False,
            hoverlabel=dict(font_size=TYPE.body, bgcolor="white", font_color=BLACK.hex),
        )
        | extra
    )


def map_layout(
    window: CellWindow,
    height: int,
    *,
    numbered: bool = False,
    grid_colour: str | None = None,
    title: str | None = None,
    **extra,
) -> dict:
    """A map-frame layout showing ``window``: square cells, y down, axes fixed to the window.

    Ticks mark cell edges (every cell, or every 5th on a wide window), or with
    ``numbered`` each cell's 0-based index at its centre (output grids).
    """
    axes = {}
    for name, start, stop, reverse in (
        ("xaxis", window.col0, window.col1, False),
        ("yaxis", window.row0, window.row1, True),
    ):
        axis = dict(
            range=[stop, start] if reverse else [start, stop],
            showgrid=bool(grid_colour),
            zeroline=False,
            constrain="domain",
            constraintoward="top" if reverse else "left",
        )
        if numbered:
            axis.update(
                tickmode="array",
                tickvals=list(np.arange(start, stop) + 0.5),
                ticktext=[str(i) for i in range(start, stop)],
            )
        else:
            axis.update(tickmode="linear", tick0=0, dtick=tick_step(window.span))
        if grid_colour:
            axis.update(gridcolor=grid_colour)
        axes[name] = axis
    axes["xaxis"]["side"] = "top"
    axes["yaxis"].update(scaleanchor="x", scaleratio=1)
    return layout(height, title) | _ticks_outside(axes, title) | extra


def _ticks_outside(axes: dict, title: str | None) -> dict:
    """The axes with fixed margins (``FIXED_MARGINS``) and the margins that hold their tick labels: left, top."""
    fixed = {name: axis | FIXED_MARGINS for name, axis in axes.items()}
    top = TICK_LABELS_HEIGHT + (40 if title else 0)
    return fixed | dict(margin=dict(l=TICK_LABELS_WIDTH, r=10, t=top, b=10))


def tick_step(span: int) -> int:
    """Cells between axis ticks: every cell on a close-up, fewer on a wide map (about 15 ticks at most)."""
    return next(step for step in (1, 2, 5, 10, 20, 50, 100) if span <= 15 * step)


def image_layout(uri: str, width: int, height: int, fig_height: int, view: Rect | None = None, **extra) -> dict:
    """An image at pixel coordinates (y down, square pixels) under the data, showing ``view`` (pixels)."""
    view = view or Rect(0, 0, width, height)
    axes = dict(
        xaxis=dict(
            range=[view.x1, view.x2],
            showgrid=False,
            zeroline=False,
            side="top",
            constrain="domain",
            constraintoward="left",
        ),
        yaxis=dict(
            range=[view.y2, view.y1],
            scaleanchor="x",
            scaleratio=1,
            showgrid=False,
            zeroline=False,
            constrain="domain",
            constraintoward="top",
        ),
    )
    return layout(fig_height) | dict(images=[picture(uri, width, height)]) | _ticks_outside(axes, None) | extra


def value_grid(
    values: np.ndarray,
    decimals: int,
    window: CellWindow | None = None,
    *,
    kind: str = "cell",
    colorscale=theme.CELL_SCALE,
    zrange: tuple[float, float] | None = None,
    sign: bool = False,
    text_size: int | None = None,
    show_text: bool = True,
    notes: Mapping[tuple[int, int], str] | None = None,
    printed: np.ndarray | None = None,
    **extra,
) -> dict:
    """A map or output as a heatmap of cells with their values printed inside (only where ``printed``, a boolean
    array of the values' shape, is true, when given: the cells a source leaves blank, a gradient's zeros).

    Cell (r, c) is drawn over [c, c + 1) x [r, r + 1). Only the cells inside
    ``window`` are sent (the whole array by default). Colours span the whole
    array's range (or ``zrange``), so a window is coloured like the full map.
    Values are printed with ``decimals`` (half away from zero) while the drawn
    part has at most ``MAX_CELLS_WITH_TEXT`` cells; hover names each ``kind``
    by its 0-based (row, col) and shows its value to 4 decimals, then the cell's line of ``notes`` (keyed by
    (row, col): which bins read it; ``NO_NOTE`` for a cell without one). A grid of more
    than ``MAX_CELLS_AS_BRICKS`` cells (a large photo's map) is sent as float32
    without gaps, which Plotly paints as one picture, and its hover gives each
    cell's centre instead of its index.
    """
    height, width = values.shape
    window = window or CellWindow.whole(width, height)
    rows, cols = window.rows, window.cols
    row_index, col_index = np.arange(height)[rows], np.arange(width)[cols]
    shown = values[rows, cols]
    low, high = zrange or (float(values.min()), float(values.max()))
    text = show_text and shown.size <= MAX_CELLS_WITH_TEXT
    value = f"value %{{z:{'+' if sign else ''}.4f}}<extra></extra>"
    grid = dict(
        type="heatmap",
        x=col_index + 0.5,
        y=row_index + 0.5,
        zmin=low,
        zmax=high,
        colorscale=colorscale,
        showscale=False,
        text=_printed_text(fixed_grid(shown, decimals, sign), printed, rows, cols) if text else None,
        texttemplate="%{text}" if text else None,
        textfont=dict(size=text_size or TYPE.cell, color=BLACK.hex),
    )
    if shown.size > MAX_CELLS_AS_BRICKS:
        grid.update(z=shown.astype(np.float32), hovertemplate=f"{kind} centred at (%{{x}}, %{{y}})<br>{value}")
    else:
        where = f"{kind} (row %{{customdata[0]}}, col %{{customdata[1]}})"
        if notes is None:
            grid.update(
                customdata=np.dstack(np.meshgrid(row_index, col_index, indexing="ij")),
                hovertemplate=f"{where}<br>{value}",
            )
        else:
            cells = [
                [[row, col, notes.get((row, col), NO_NOTE)] for col in col_index.tolist()] for row in row_index.tolist()
            ]
            grid.update(customdata=cells, hovertemplate=f"{where}<br>%{{customdata[2]}}<br>{value}")
        grid.update(z=shown, xgap=1, ygap=1)
    return grid | extra


def _printed_text(texts: list, printed: np.ndarray | None, rows: slice, cols: slice) -> list:
    """The cells' texts, blank where ``printed`` (the whole array's mask; None: every cell) is false."""
    if printed is None:
        return texts
    flags = np.asarray(printed)[rows, cols]
    return [[text if flag else "" for text, flag in zip(row, line)] for row, line in zip(texts, flags)]


def clickable(grid: dict, hover: str | None = None) -> list[dict]:
    """``grid`` (a ``value_grid`` with per-cell hover) and an invisible marker on each of its cells carrying the
    same hover and customdata, (row, col) first: Plotly reports no click on a heatmap, but a click on a marker
    selects it (``roi_ui.session.selection``). The heatmap's own hover and data are left to the markers (one label
    shows; the data is sent once);
    the figure's layout needs ``CLICK_CELLS``. ``hover`` (a template of the cell's row and column,
    ``customdata[0]`` and ``[1]``) replaces the grid's for a grid whose values frames change. A grid sent as a
    picture (no per-cell data) stays as it is."""
    if "customdata" not in grid:
        return [grid]
    rows, cols = np.meshgrid(grid["y"], grid["x"], indexing="ij")
    cells = np.asarray(grid["customdata"], dtype=object).reshape(rows.size, -1)
    if hover is None:  # the cell's value after its own data
        hover = grid["hovertemplate"].replace("%{z", f"%{{customdata[{cells.shape[1]}]")
        cells = np.hstack([cells, np.asarray(grid["z"], dtype=float).reshape(-1, 1)])
    markers = dict(
        type="scatter",
        x=cols.ravel(),
        y=rows.ravel(),
        mode="markers",
        marker=dict(size=10, opacity=0, symbol="square"),
        customdata=cells.tolist(),
        hovertemplate=hover,
        showlegend=False,
    )
    for axes in ("xaxis", "yaxis"):
        if axes in grid:
            markers[axes] = grid[axes]
    shown = {key: value for key, value in grid.items() if key not in ("customdata", "hovertemplate")}
    return [shown | dict(hoverinfo="skip"), markers]


def chosen_cell(row: int, col: int, colour: Colour | str = BLACK) -> dict:
    """An output grid's chosen bin (row, col) outlined in bold just inside its edges (a line trace under the
    printed value)."""
    return lines(rect_path([Rect(col, row, col + 1, row + 1)], inset=CHOSEN_CELL_INSET), colour, CHOSEN_CELL_EDGE)


# The layout of a figure with ``clickable`` cells: the pointer is always over its nearest cell centre's marker.
CLICK_CELLS = dict(hovermode="closest", hoverdistance=-1)


def output_grid(values: np.ndarray, decimals: int, chosen: tuple[int, int] | None, height: int) -> dict:
    """An output (h, w) as a value grid, bins numbered, the ``chosen`` bin (row, col) outlined; a click on a bin
    chooses it (``clickable``)."""
    rows, cols = values.shape
    grid, *targets = clickable(value_grid(values, decimals, kind="output bin"))
    marks = [] if chosen is None else [chosen_cell(*chosen)]
    layout = map_layout(CellWindow.whole(cols, rows), height, numbered=True) | CLICK_CELLS
    return figure([grid, *marks, *targets], layout)


def rect_path(rects: Iterable[Rect], inset: float = 0.0) -> Path:
    """Closed outlines of rectangles, ``inset`` inside their edges, as one path."""
    xs, ys = [], []
    for r in rects:
        left, right, top, bottom = r.x1 + inset, r.x2 - inset, r.y1 + inset, r.y2 - inset
        xs += [left, right, right, left, left, None]
        ys += [top, top, bottom, bottom, top, None]
    return xs, ys


def cell_rects(cells: Iterable[tuple[int, int]]) -> list[Rect]:
    """The unit squares of map cells given as (row, col)."""
    return [Rect(col, row, col + 1, row + 1) for row, col in cells]


def segments_path(segments: Iterable[tuple[Iterable[float], Iterable[float]]]) -> Path:
    """Polylines [(xs, ys), ...] as one path."""
    xs, ys = [], []
    for seg_x, seg_y in segments:
        xs += [*seg_x, None]
        ys += [*seg_y, None]
    return xs, ys


def grid_path(width: float, height: float, step: float, origin: tuple[float, float] = (0, 0)) -> Path:
    """Lines every ``step`` units over a ``width`` x ``height`` area from ``origin``."""
    left, top = origin
    verticals = (((x, x), (top, top + height)) for x in np.arange(left, left + width + step / 2, step))
    horizontals = (((left, left + width), (y, y)) for y in np.arange(top, top + height + step / 2, step))
    return segments_path([*verticals, *horizontals])


def lines(
    path: Path,
    colour: Colour | str,
    width: float = 2,
    dash: str = "solid",
    *,
    name: str | None = None,
    fill: str | None = None,
    pattern: dict | None = None,
    hover: str | None = None,
) -> dict:
    """A path as one scatter trace of lines; ``fill`` fills each closed piece, ``pattern`` hatches it.

    ``name`` puts it in the legend; ``hover`` is the text shown over its fills.
    """
    colour = css(colour)
    xs, ys = path
    trace = dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color=colour, width=width, dash=dash),
        name=name,
        showlegend=name is not None,
        hoverinfo="skip",
    )
    if fill or pattern:
        trace.update(fill="toself", fillcolor=fill or "rgba(0,0,0,0)")
        if pattern:
            trace["fillpattern"] = pattern
    if hover:
        trace.update(hoveron="fills", hoverinfo="text", text=hover)
    return trace


def dots(points, colour: Colour | str, size: float, what: str = "sample") -> dict:
    """Points (x, y) in the map frame as white-rimmed dots, one marker trace; hover names ``what`` each one is and
    where, in cells."""
    xy = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return dict(
        type="scatter",
        x=xy[:, 0].tolist(),
        y=xy[:, 1].tolist(),
        mode="markers",
        marker=dict(size=size, color=css(colour), line=dict(color="white", width=1)),
        hovertemplate=f"{what} at (%{{x:.3f}}, %{{y:.3f}}) cells<extra></extra>",
        showlegend=False,
    )


def outline(
    rect: Rect,
    colour: Colour | str,
    width: float = 3,
    dash: str = "solid",
    fill: str | None = None,
    label: str | None = None,
) -> dict:
    """A rectangle as a layout shape (a few boxes per figure: the true box, a quantized box); its ``label`` in
    the colour's ink (a shade readable as text)."""
    ink = colour.ink if isinstance(colour, Colour) else css(colour)
    colour = css(colour)
    return dict(
        type="rect",
        x0=rect.x1,
        y0=rect.y1,
        x1=rect.x2,
        y1=rect.y2,
        line=dict(color=colour, width=width, dash=dash),
        fillcolor=fill or "rgba(0,0,0,0)",
        label=dict(text=label, textposition="top left", font=dict(color=ink, size=TYPE.body)) if label else None,
    )


def legend_entry(name: str, colour: Colour | str, dash: str = "solid", symbol: str | None = None) -> dict:
    """A legend line (or marker, with ``symbol``) for something drawn without a legend of its own."""
    colour = css(colour)
    if symbol:
        return dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            marker=dict(color=colour, size=16, symbol=symbol),
        )
    return dict(
        type="scatter", x=[None], y=[None], mode="lines", name=name, line=dict(color=colour, width=3, dash=dash)
    )


def with_text_scale(spec: dict, factor: float) -> dict:
    """A copy of a figure spec with every font size multiplied by ``factor`` (presenter mode)."""

    def scaled(node, in_font: bool = False):
        if isinstance(node, dict):
            return {
                key: (
                    round(value * factor)
                    if in_font and key == "size" and isinstance(value, (int, float))
                    else scaled(value, key in ("font", "textfont") or key.endswith("font"))
                )
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [scaled(item, in_font) for item in node]
        return node

    return scaled(spec)


def frame(name: str, traces: dict[int, dict], layout: dict | None = None) -> dict:
    """One precomputed state of a figure: new properties for the traces at the given indices (and the layout)."""
    spec = dict(name=name, data=list(traces.values()), traces=list(traces))
    if layout:
        spec["layout"] = layout
    return spec


SYMBOL_PLAY_LABELS = ("▶", "❚❚")  # play and pause as symbols only: they fit beside a slider on a phone


def with_frames(
    spec: dict,
    frames: list[dict],
    *,
    prefix: str,
    active: int = 0,
    play: bool = False,
    frame_ms: int = 120,
    buttons_share: float = 0.12,
    labels: list[str] | None = None,
    show_value: bool = True,
    play_labels: tuple[str, str] = ("▶ Play", "❚❚"),
) -> dict:
    """``spec`` with Plotly frames and a slider under it (``play``: and a play/pause button) that move between them
    in the browser, with no round trip to the server. ``active`` is the frame the slider starts on (the figure's
    own state); ``prefix`` names the slider's value ("Shift: "), written above it unless ``show_value`` is off (a
    headline names the frame); ``labels`` are the slider's tick labels (the frames' names by default);
    ``play_labels`` the play and pause buttons'; ``buttons_share`` is the part of the plot's width left to the
    buttons (more on a narrow figure)."""
    immediate = dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))
    names = [f["name"] for f in frames]
    steps = [
        dict(method="animate", label=label, args=[[name], immediate])
        for name, label in zip(names, labels or names, strict=True)
    ]
    layout = spec["layout"]
    layout["sliders"] = [
        dict(
            active=active,
            steps=steps,
            x=buttons_share if play else 0,
            len=1 - buttons_share if play else 1,
            y=0,
            yanchor="top",
            pad=dict(t=40),
            currentvalue=dict(prefix=prefix, visible=show_value, font=dict(size=TYPE.body)),
            font=dict(size=TYPE.small),
        )
    ]
    if play:
        playing = dict(
            mode="immediate", frame=dict(duration=frame_ms, redraw=True), transition=dict(duration=0), fromcurrent=True
        )
        layout["updatemenus"] = [
            dict(
                type="buttons",
                direction="left",
                x=0,
                y=0,
                yanchor="top",
                xanchor="left",
                pad=dict(t=45),
                showactive=False,
                font=dict(size=TYPE.small),
                buttons=[
                    dict(label=play_labels[0], method="animate", args=[None, playing]),
                    dict(label=play_labels[1], method="animate", args=[[None], immediate]),
                ],
            )
        ]
    layout["margin"] = layout.get("margin", {}) | dict(b=110)
    layout["height"] = layout["height"] + 100
    spec["frames"] = frames
    return spec


HEADLINE_LINE, HEADLINE_SHIFT = 20, 28  # px per line of a headline; px between the plot's top and it (tick labels)


def headline(text: str) -> dict:
    """``text`` above a map figure's top tick labels, left-aligned: a layout annotation, so frames can change it.
    The figure's top margin must hold it (``headline_margin``)."""
    return dict(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="left",
        yanchor="bottom",
        yshift=HEADLINE_SHIFT,
        align="left",
        showarrow=False,
        font=dict(size=TYPE.small, color=BLACK.hex),
    )


def headline_margin(lines: int) -> int:
    """The top margin (px) that holds a headline of ``lines`` lines above a map figure's top tick labels."""
    return HEADLINE_SHIFT + lines * HEADLINE_LINE + 6


def shown_if(shown: bool, items: list[dict]) -> list[dict]:
    """Layout shapes or annotations that frames show or hide: ``items`` marked visible, or as many hidden
    placeholders. Plotly merges a frame's shapes and annotations into the figure's item by item (a shorter list
    leaves the rest drawn), so every frame lists the same items in the same places."""
    return [item | dict(visible=True) for item in items] if shown else [dict(visible=False) for _ in items]


def picture(uri: str, width: int, height: int) -> dict:
    """An image (a URL or a data URI) as a layout image under the data, stretched over ``width`` x ``height``
    pixels from (0, 0), y down. Plotly's image traces take only data URIs: a picture served by URL is a layout
    image."""
    return dict(source=uri, xref="x", yref="y", x=0, y=0, sizex=width, sizey=height, sizing="stretch", layer="below")


def bold(text: str, colour: Colour | str = BLACK) -> str:
    """``text`` in bold and in ``colour``, in Plotly's text markup (a subplot's title)."""
    return f'<b><span style="color:{css(colour)}">{text}</span></b>'


def axis_suffix(index: int) -> str:
    """Plotly's suffix of the ``index``-th subplot's axes (0-based): "", "2", "3" (x/y, x2/y2, x3/y3)."""
    return str(index + 1) if index else ""


def on_axes(trace: dict, index: int) -> dict:
    """A copy of ``trace`` drawn on the ``index``-th subplot's axes."""
    suffix = axis_suffix(index)
    return trace | dict(xaxis=f"x{suffix}", yaxis=f"y{suffix}")


def on_refs(item: dict, index: int) -> dict:
    """A copy of a layout shape or image placed in the ``index``-th subplot's data coordinates."""
    suffix = axis_suffix(index)
    return item | dict(xref=f"x{suffix}", yref=f"y{suffix}")


def subplots(layout: dict, titles: list[str], gap: float = 0.06, *, centred: bool = False) -> dict:
    """A one-plot ``layout`` (``map_layout``, ``image_layout``) as ``len(titles)`` subplots side by side.

    Each subplot has its own copy of the axes (x/y, x2/y2, ...): the same
    ranges, so every subplot shows the same window at the same zoom, and
    square units (each y axis scaled to its own x axis). ``gap`` is the share
    of the width between subplots. The layout's images are repeated on every
    subplot; its shapes stay on the first (place others with ``on_refs``).
    Each title sits over its subplot above the top tick labels (``headline``),
    left-aligned, or with ``centred`` centred over a subplot kept in the middle
    of its share (a title wider than its subplot then reaches into the gaps);
    the top margin grows to hold the longest. The margins are fixed (``FIXED_MARGINS``).
    """
    count = len(titles)
    width = (1 - gap * (count - 1)) / count
    result = {key: value for key, value in layout.items() if key not in ("xaxis", "yaxis")}
    placed = dict(constraintoward="center") if centred else {}
    for index in range(count):
        suffix, start = axis_suffix(index), index * (width + gap)
        domain = dict(domain=[start, start + width], anchor=f"y{suffix}")
        result[f"xaxis{suffix}"] = layout["xaxis"] | placed | domain | FIXED_MARGINS
        result[f"yaxis{suffix}"] = layout["yaxis"] | dict(anchor=f"x{suffix}", scaleanchor=f"x{suffix}") | FIXED_MARGINS
    if layout.get("images"):
        result["images"] = [on_refs(image, index) for index in range(count) for image in layout["images"]]
    font = dict(size=TYPE.body, color=BLACK.hex)
    anchor = dict(xanchor="center", align="center") if centred else {}
    result["annotations"] = [
        *layout.get("annotations", []),
        *(
            headline(title) | anchor | dict(x=index * (width + gap) + (width / 2 if centred else 0), font=font)
            for index, title in enumerate(titles)
        ),
    ]
    margin = layout["margin"]
    result["margin"] = margin | dict(
        t=max(margin["t"], headline_margin(_lines(titles))), l=max(margin["l"], TICK_LABELS_WIDTH)
    )
    return result


def _lines(titles: list[str]) -> int:
    """The most lines any of ``titles`` has."""
    return max(title.count("<br>") + 1 for title in titles)


def subplots_height(shown: Rect, width: int, titles: list[str], bounds: tuple[int, int] = (220, 640)) -> int:
    """The height (px) of a ``subplots`` figure whose subplots, ``width`` px wide, show ``shown`` (any units) with
    square units and nothing left under it: the plot, the titles above the tick labels and the bottom margin,
    within ``bounds``."""
    plot = round(width * shown.height / shown.width)
    return min(max(plot + headline_margin(_lines(titles)) + 10, bounds[0]), bounds[1])
