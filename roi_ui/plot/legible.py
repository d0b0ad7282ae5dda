"""Figure text that stays legible: cell values above the lines drawn over their cells, each with a white halo, and
printed only where they fit (otherwise on hover or tap).

A heatmap draws its printed values in its own layer, under every line, marker and fill drawn after it: a box edge
then strikes through a row of values. ``values_on_top`` moves each heatmap's printed values into a text trace of
their own, placed above the lines and fills that follow the heatmap and below the next text trace (a text trace
marks what a figure writes on purpose over its cells, such as a bin's maximum in bold).

``fit`` says from which chart width (CSS px) a figure's values fit in their cells: the cell size follows the
chart's width while the figure's height is fixed, so the browser decides (a CSS container query on the chart).
``describe`` writes a figure's own words (titles, headlines, legend entries, the size of its grids of values) as
the short text alternative a screen reader announces for the chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .theme import FONT_FAMILY, HALO

VALUES_UID = "values"  # uid prefix of the value-label traces
# The value labels' font family starts with a name no font has (the browser uses the next one): the one mark of
# theirs that reaches the page (plotly.js writes it into each text's style), so CSS can find them.
VALUES_FONT = "cell-values"
CHAR_WIDTH = 0.56  # average width of a digit, point or sign, in ems of the figure's sans-serif font
TEXT_PADDING = 4  # px left free around a value inside its cell
LINE_HEIGHT = 1.15  # a value's height, in ems
NARROWEST_CHART = 240  # px: a chart in one of three columns beside the sidebar at 1280 px is about 260 px wide
_MARKUP = re.compile(r"<[^>]+>")


def values_on_top(spec: dict) -> dict:
    """A copy of a figure spec whose heatmaps' printed values are text traces of their own (``VALUES_UID`` and
    the heatmap's index as uid), each inserted before the first text trace after its heatmap (else at the end),
    with a white halo. Frames that change a heatmap's text change its label trace too (trace indices renumbered).
    The heatmaps keep their ``text`` (hover and tests read it) but no longer draw it."""
    data = spec["data"]
    printed = [i for i, trace in enumerate(data) if _prints_values(trace)]
    if not printed:
        return spec
    labels = {i: _label_trace(data[i], i) for i in printed}
    order: list[tuple[str, int]] = []  # ("trace", old index) or ("label", heatmap index), in drawing order
    waiting: list[int] = []
    for index, trace in enumerate(data):
        if waiting and "text" in str(trace.get("mode", "")):
            order += [("label", i) for i in waiting]
            waiting = []
        order.append(("trace", index))
        if index in labels:
            waiting.append(index)
    order += [("label", i) for i in waiting]
    new_index = {entry: position for position, entry in enumerate(order)}
    new_data = [
        {key: value for key, value in data[i].items() if key != "texttemplate"} if kind == "trace" else labels[i]
        for kind, i in order
    ]
    result = spec | dict(data=new_data)
    if "frames" in spec:
        result["frames"] = [_renumbered(frame, data, new_index) for frame in spec["frames"]]
    return result


def _prints_values(trace: dict) -> bool:
    """Whether a trace is a heatmap that prints its cells' values."""
    return trace.get("type") == "heatmap" and trace.get("text") is not None and bool(trace.get("texttemplate"))


def _label_trace(heatmap: dict, index: int) -> dict:
    """The printed values of a heatmap as a text trace on the heatmap's axes."""
    font = heatmap.get("textfont") or {}
    return _label_update(heatmap) | dict(
        mode="text",
        uid=f"{VALUES_UID}{index}",
        textfont=font | dict(shadow=HALO, family=f"{VALUES_FONT}, {font.get('family', FONT_FAMILY)}"),
        hoverinfo="skip",
        showlegend=False,
        xaxis=heatmap.get("xaxis"),
        yaxis=heatmap.get("yaxis"),
    )


def _label_update(heatmap: dict) -> dict:
    """A heatmap's (or a heatmap frame's) text as a text trace's: the text row by row, and the cell centres when
    the heatmap gives them."""
    update = dict(type="scatter", text=_flat(heatmap["text"]))
    if "x" in heatmap and "y" in heatmap:
        xs, ys = np.meshgrid(np.asarray(heatmap["x"]), np.asarray(heatmap["y"]))
        update.update(x=xs.ravel(), y=ys.ravel())
    return update


def _flat(text) -> list:
    """A heatmap's text (rows of strings, as nested lists or an array) row by row in one list."""
    if isinstance(text, np.ndarray):
        return text.ravel().tolist()
    return [item for row in text for item in row] if text and isinstance(text[0], list | tuple) else list(text)


def _renumbered(frame: dict, data: list[dict], new_index: dict) -> dict:
    """A frame with its trace indices in the new order, plus a label-trace update for each heatmap whose text
    it changes."""
    traces, updates = [], []
    for old, update in zip(frame["traces"], frame["data"], strict=True):
        traces.append(new_index[("trace", old)])
        updates.append({k: v for k, v in update.items() if k != "texttemplate"} if "texttemplate" in update else update)
        if ("label", old) in new_index and "text" in update:
            traces.append(new_index[("label", old)])
            updates.append(_label_update(update))
    return frame | dict(traces=traces, data=updates)


@dataclass(frozen=True)
class Fit:
    """From which chart width the value labels ``uids`` fit in their cells: ``min_width`` CSS px, 0 when they
    always fit, None when they never do (the figure is too short for them)."""

    uids: tuple[str, ...]
    min_width: float | None


def fit(spec: dict) -> Fit:
    """The chart width (CSS px) below which some value label of a ``values_on_top`` figure would not fit in its
    cell: square cells (``scaleanchor``) shrink with the width, or with the fixed height, whichever is tighter;
    the labels are as wide as their longest text."""
    layout = spec["layout"]
    margin = {"l": 80, "r": 80, "t": 100, "b": 80} | (layout.get("margin") or {})
    plot_height = layout.get("height", 450) - margin["t"] - margin["b"]
    widths, uids = [], []
    for trace in spec["data"]:
        if not str(trace.get("uid", "")).startswith(VALUES_UID):
            continue
        uids.append(trace["uid"])
        xaxis, yaxis = _axis(layout, trace.get("xaxis"), "x"), _axis(layout, trace.get("yaxis"), "y")
        size = (trace.get("textfont") or {}).get("size") or (layout.get("font") or {}).get("size", 12)
        longest = max((len(_MARKUP.sub("", str(text))) for text in trace["text"]), default=0)
        need_width = longest * CHAR_WIDTH * size + TEXT_PADDING
        need_height = LINE_HEIGHT * size + TEXT_PADDING / 2
        cells_x, cells_y = _span(xaxis), _span(yaxis)
        y_share = _share(yaxis)
        cell_height = plot_height * y_share / cells_y
        if yaxis.get("scaleanchor") and cell_height < need_width:
            return Fit(tuple(uids), None)  # the height alone makes the cells too small
        if cell_height < need_height:
            return Fit(tuple(uids), None)
        widths.append(need_width * cells_x / _share(xaxis) + margin["l"] + margin["r"])
    return Fit(tuple(uids), max(widths, default=0))


def _axis(layout: dict, ref: str | None, letter: str) -> dict:
    """The layout's axis named by a trace's reference ("x", "x2", None for the first)."""
    suffix = (ref or letter)[1:]
    return layout.get(f"{letter}axis{suffix}") or {}


def _span(axis: dict) -> float:
    """How many data units (cells) an axis shows."""
    low, high = axis.get("range") or (0, 1)
    return abs(high - low) or 1


def _share(axis: dict) -> float:
    """The share of the plot area an axis's domain takes."""
    start, stop = axis.get("domain") or (0, 1)
    return stop - start


def hide_rules(fit_: Fit, chart_key: str) -> str:
    """CSS that hides the value labels of the chart keyed ``chart_key`` while it is narrower than they need
    (hover or tap then shows a cell's value), or always when they never fit; none when they fit from
    ``NARROWEST_CHART`` px (every chart is at least that wide: one rule less to send)."""
    if not fit_.uids or (fit_.min_width is not None and fit_.min_width <= NARROWEST_CHART):
        return ""
    hide = f'.st-key-{chart_key} text[style*="{VALUES_FONT}"] {{ display: none; }}'
    if fit_.min_width is None:
        return hide
    return f"@container (max-width: {fit_.min_width:.0f}px) {{ {hide} }}"


def describe(spec: dict) -> str:
    """A short text alternative for a figure, from its own words: its title and headlines (layout annotations),
    its subplots' count, its legend entries and, for each grid of printed values, its size."""
    layout = spec["layout"]
    title = (layout.get("title") or {}).get("text")
    texts = [title] + [item.get("text") for item in layout.get("annotations", []) if item.get("visible", True)]
    words = [_plain(text) for text in texts if text and _plain(text)]
    grids = [trace["z"] for trace in spec["data"] if trace.get("type") == "heatmap" and trace.get("text") is not None]
    sizes = [f"{len(z)} x {len(z[0]) if len(z) else 0}" for z in map(np.asarray, grids)]
    if sizes:
        words.append("Grids of values (rows x columns): " + ", ".join(sizes) + "; hover or tap a cell for its value")
    legend = [trace["name"] for trace in spec["data"] if trace.get("showlegend", True) and trace.get("name")]
    if legend:
        words.append("Legend: " + "; ".join(_plain(name) for name in legend))
    return ". ".join(words) or "Figure"


def _plain(text: str) -> str:
    """Plotly's text markup as plain words (tags dropped, line breaks as spaces)."""
    return " ".join(_MARKUP.sub(" ", str(text).replace("<br>", "; ")).split()).replace(" ;", ";")
