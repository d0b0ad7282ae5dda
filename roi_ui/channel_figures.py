"""Figures of the channels lesson: one box pooled on each channel of a small multi-channel map.

Each channel is drawn from its own ``RoIPoolTrace``; the map figures share one
frame, the quantized box, so the winning cells can be compared.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from roi_core import Rect, RoIPoolTrace

from . import theme
from .figures import keep_ranges, layout_spec
from .pooling_figures import bin_outlines, grid_spec, map_figure, outline, window_grid, winner_cells

GRID_COLOUR = "#dddddd"
# Per channel: its colour (Okabe-Ito, colour-blind safe), a letter, a marker and a light cell scale.
CHANNEL_STYLES = {
    "red": (theme.VERMILLION, "R", "circle", [[0.0, "#fff5f0"], [1.0, "#f4a582"]]),
    "green": (theme.GREEN, "G", "square", [[0.0, "#f7fcf5"], [1.0, "#8fd1b5"]]),
    "blue": (theme.BLUE, "B", "diamond", [[0.0, "#f7fbff"], [1.0, "#92c5de"]]),
}
MARKER_OFFSETS = ((0.27, 0.3), (0.73, 0.3), (0.5, 0.72))  # (x, y) in a cell of each channel's marker
COLUMN_GAP, ROW_GAP = 1.0, 1.0  # cells between the output grids
LABEL_SPACE = 1.3  # room left of the grids for the row labels, in output widths


def channel_map_figure(channel: str, feature_map, trace: RoIPoolTrace, decimals: int = 2,
                       height: int = 380) -> go.Figure:
    """One channel's values around the box, its RoI Pooling bins and each bin's winning cell."""
    rows, cols = feature_map.shape
    window = quantized_window(trace, cols, rows)
    grid = window_grid(feature_map, window, decimals)
    grid["colorscale"] = CHANNEL_STYLES[channel][3]
    return map_figure([grid, bin_outlines(trace, _colour(trace))] + winner_cells(trace, decimals), window, height,
                      [_frame(trace)])


def winners_figure(traces: dict[str, RoIPoolTrace], rows: int, cols: int, height: int = 380) -> go.Figure:
    """The box's bins with, in each bin, one marker per channel on the cell holding that channel's maximum."""
    first = next(iter(traces.values()))
    data = [bin_outlines(first, _colour(first))]
    for (dx, dy), (channel, trace) in zip(MARKER_OFFSETS, traces.items()):
        colour, letter, symbol, _ = CHANNEL_STYLES[channel]
        winners = [b for b in trace.bins if not b.empty]
        data.append(dict(
            type="scatter", x=[b.argmax[1] + dx for b in winners], y=[b.argmax[0] + dy for b in winners],
            mode="markers+text", text=[letter] * len(winners),
            marker=dict(symbol=symbol, size=17, color=colour, line=dict(color="white", width=1)),
            textfont=dict(color="white", size=theme.CELL_FONT_SIZE - 2),
            customdata=[(b.row, b.col, b.argmax[0], b.argmax[1], b.value) for b in winners],
            hovertemplate=f"{channel}: max of bin (%{{customdata[0]}}, %{{customdata[1]}}) = %{{customdata[4]:.4f}}"
            "<br>at cell row %{customdata[2]}, col %{customdata[3]}<extra></extra>",
        ))
    return map_figure(data, quantized_window(first, cols, rows), height, [_frame(first)], grid_colour=GRID_COLOUR)


def _colour(trace: RoIPoolTrace) -> str:
    return theme.QUANTIZATION_COLOURS[trace.quantized.convention]


def quantized_window(trace: RoIPoolTrace, cols: int, rows: int):
    """Axis ranges (x, y) of the quantized box's cells, within the map: every cell a bin can read."""
    cells = trace.quantized.cells
    return (max(int(cells.x1), 0), min(int(cells.x2), cols)), (max(int(cells.y1), 0), min(int(cells.y2), rows))


def _frame(trace: RoIPoolTrace) -> dict:
    """The quantized box, outlined in the convention's colour."""
    return outline(trace.quantized.cells, _colour(trace), width=4)


def stacked_outputs_figure(rows: dict, channels: tuple[str, ...], decimals: int = 2, height: int = 300) -> go.Figure:
    """Outputs (C, h, w) of each method, one row per method, the C grids of a row side by side.

    ``rows`` maps a row's label (plain text or Plotly's ``<br>``/``<b>`` markup) to (its colour, its
    output for one box, shape (C, h, w)).
    """
    data, shapes, annotations = [], [], []
    for row_index, (label, (colour, output)) in enumerate(rows.items()):
        _, out_h, out_w = output.shape
        top = row_index * (out_h + ROW_GAP)
        annotations.append(dict(x=-0.3, y=top + out_h / 2, text=label, showarrow=False, xanchor="right",
                                font=dict(color=colour, size=theme.FONT_SIZE)))
        for index, channel in enumerate(channels):
            left = index * (out_w + COLUMN_GAP)
            grid = grid_spec(output[index], decimals, x=np.arange(out_w) + left + 0.5,
                             y=np.arange(out_h) + top + 0.5, name=f"{label} {channel}",
                             colorscale=CHANNEL_STYLES[channel][3],
                             hovertemplate=f"{label}, {channel} (channel {index})<br>value %{{z:.4f}}<extra></extra>")
            data.append(grid)
            shapes.append(outline(Rect(left, top, left + out_w, top + out_h), colour, width=3))
            if row_index == 0:
                annotations.append(dict(x=left + out_w / 2, y=-0.15, yanchor="bottom", showarrow=False,
                                        text=f"<b>{index}: {channel}</b>",
                                        font=dict(color=CHANNEL_STYLES[channel][0], size=theme.FONT_SIZE)))
    label_space = LABEL_SPACE * out_w
    layout = layout_spec(height) | dict(
        xaxis=dict(visible=False, range=[-label_space, shapes[-1]["x1"] + 0.2]),
        yaxis=dict(visible=False, range=[shapes[-1]["y1"] + 0.2, -1], scaleanchor="x"),
        shapes=shapes, annotations=annotations,
    )
    return go.Figure(data=data, layout=keep_ranges(layout))
