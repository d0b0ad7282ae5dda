"""Lesson 6, channels: one box pooled on each channel of a small multi-channel map.

The map is the image's own red, green and blue averaged per cell (C = 3). The
batch functions ``roi_pool`` and ``roi_align`` pool all channels in one call;
each channel's ``RoIPoolTrace`` shows where its maxima come from. The three
channel maps (a figure each, side by side or on a phone one under the other)
and the winners figure show the same cells, the quantized box, so the winning
cells can be compared. Figures
are plot-kit specs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roi_core import CHANNEL_NAMES, LessonSettings, Rect, RoIPoolTrace, roi_rows

from ..plot import kit, marks
from ..plot.theme import TYPE
from ..plot.window import CellWindow
from ..session.traces import both, channel_pool_traces, image_maps
from ..session.view import View
from ..words import palette
from ..words.conventions import (
    ALIGN_COLOUR,
    LAYOUT,
    POOLING,
    QUANTIZATION,
    ROI_ALIGN,
    ROI_POOLING,
    align_conventions,
    pooling_title,
)
from ..words.numbers import fixed, num
from ..words.palette import BLACK

CHANNELS = CHANNEL_NAMES[:3]  # red, green, blue
DECIMALS = 2  # the channels are the image's own averages (0-1), printed as every image value is


@dataclass(frozen=True)
class ChannelStyle:
    """How a channel is drawn: its colour (named by the palette) and a marker symbol."""

    colour: palette.Colour
    symbol: str

    @property
    def scale(self) -> list:
        """A light colour scale from white to the channel's colour, so black values stay readable."""
        return [[0.0, palette.WHITE.hex], [1.0, self.colour.rgba(0.5)]]


STYLES = {
    "red": ChannelStyle(palette.VERMILLION, "circle"),
    "green": ChannelStyle(palette.BLUISH_GREEN, "square"),
    "blue": ChannelStyle(palette.BLUE, "diamond"),
}
MARKER_OFFSETS = ((0.27, 0.3), (0.73, 0.3), (0.5, 0.72))  # (x, y) inside a cell of each channel's marker
GRID_COLOUR = "#dddddd"
COLUMN_GAP, ROW_GAP = 1.0, 1.0  # cells between the output grids
LABEL_SPACE = 1.3  # room left of the grids for the row labels, in output widths
OUTPUTS_HEIGHTS = (340, 460)  # px of the stacked outputs: normal mode, presenter mode (18 px values fit their bins)
MAP_WIDTHS = (340, 420)  # px a channel map is drawn for (its height follows): normal mode, presenter mode
MAPS_HEIGHTS = (200, 480)  # px: the channel maps' smallest and largest height
TICK_STANDOFF = 8  # px between a map's axes and their tick labels
TICK_STEP = 2  # cells between a channel map's tick labels, at least


@dataclass(frozen=True)
class ChannelPooling:
    """One box pooled on C channels: the maps (C, rows, cols), torchvision's RoI rows (K, 5), both
    methods' outputs (K, C, h, w) and each channel's RoI Pooling trace."""

    maps: np.ndarray
    boxes: np.ndarray
    pooled: np.ndarray
    aligned: np.ndarray
    traces: dict[str, RoIPoolTrace]

    @property
    def features_shape(self) -> tuple[int, ...]:
        """The batch's (N, C, H, W)."""
        return (1, *self.maps.shape)


def pool_channels(view: View) -> ChannelPooling:
    """The view's box on the image's red, green and blue maps: ``roi_pool`` and ``roi_align`` (the view's
    conventions) over all channels at once (``both_methods``), and one RoI Pooling trace per channel."""
    count = len(CHANNELS)
    outputs = both(view, count)  # one roi_pool and one roi_align call over all channels
    per_channel = dict(zip(CHANNELS, channel_pool_traces(view, count), strict=True))
    box_rows = roi_rows(view.settings.box_rect)
    return ChannelPooling(
        image_maps(view, count), box_rows, outputs.pool_output[None], outputs.align_output[None], per_channel
    )


def _frame(trace: RoIPoolTrace) -> tuple[CellWindow, dict, dict]:
    """The quantized box's cells (every cell a bin can read) and the map cell nearest its corner as the window,
    its outline and its bins (the convention's colour). The nearest cell keeps a value in view when the box
    lies past the map's edge (round quantization of a box in the image's last pixels)."""
    q = trace.quantized
    cols, rows = q.geometry.map_width, q.geometry.map_height
    colour = QUANTIZATION[q.convention].colour
    col, row = min(max(q.X, 0), cols - 1), min(max(q.Y, 0), rows - 1)
    window = CellWindow.around([q.cells, Rect(col, row, col + 1, row + 1)], 0, cols, rows)
    return window, kit.outline(q.cells, colour, width=4), marks.pool_bins(trace, colour)


def channel_title(index: int, channel: str) -> str:
    """A channel's title, "Channel 0: red", bold and black (the channels' colours are too light for text: the
    name says which channel, the cells' tint shows it)."""
    return kit.bold(f"Channel {index}: {channel}")


def channel_map(maps: np.ndarray, traces: dict[str, RoIPoolTrace], channel: str, presenting: bool = False) -> dict:
    """One channel's values in the quantized box (a figure per channel, so a phone shows each one full width; the
    same cells at the same zoom in each): the box framed, its RoI Pooling bins and each bin's winning cell in that
    channel. ``presenting``: tall enough for presenter mode's larger values."""
    index = CHANNELS.index(channel)
    trace = traces[channel]
    window, frame, bins = _frame(trace)
    title = channel_title(index, channel)
    height = kit.subplots_height(window.rect, MAP_WIDTHS[presenting], [title], bounds=MAPS_HEIGHTS)
    layout = _spaced_ticks(kit.subplots(kit.map_layout(window, height), [title]))
    layout["xaxis"]["side"] = "bottom"  # the column ticks under the map, clear of the title at any type size
    layout["margin"] |= dict(b=kit.TICK_LABELS_HEIGHT + TICK_STANDOFF, r=20)  # the last column tick whole
    layout["shapes"] = [frame]
    grid = kit.value_grid(maps[index], DECIMALS, window, colorscale=STYLES[channel].scale, name=channel)
    return kit.figure([grid, bins, *marks.winner_cells(trace)], layout)


def _spaced_ticks(layout: dict) -> dict:
    """A map layout whose tick labels stand off the axes (the x and y labels at the corner stay apart) and mark
    every ``TICK_STEP``-th cell edge at most (two-digit labels side by side on a narrow chart)."""
    for name in ("xaxis", "yaxis"):
        axis = layout[name]
        axis.update(ticklabelstandoff=TICK_STANDOFF, dtick=max(axis.get("dtick", 1), TICK_STEP))
    layout["margin"] |= dict(l=layout["margin"]["l"] + TICK_STANDOFF, t=layout["margin"]["t"] + TICK_STANDOFF)
    return layout


def _winner_markers(channel: str, trace: RoIPoolTrace, offset: tuple[float, float]) -> dict:
    """One marker per bin on the cell holding ``channel``'s maximum of that bin: the channel's colour and its own
    symbol (no letter: three letters in a small cell would meet)."""
    style, (dx, dy) = STYLES[channel], offset
    winners = [b for b in trace.bins if not b.empty]
    return dict(
        type="scatter",
        x=[b.argmax[1] + dx for b in winners],
        y=[b.argmax[0] + dy for b in winners],
        mode="markers",
        name=channel,
        marker=dict(symbol=style.symbol, size=16, color=style.colour.hex, line=dict(color="white", width=1)),
        showlegend=False,
        customdata=[(b.row, b.col, b.argmax[0], b.argmax[1], b.value) for b in winners],
        hovertemplate=f"{channel}: max of bin (row %{{customdata[0]}}, col %{{customdata[1]}}) = "
        "%{customdata[4]:.4f}<br>at cell (row %{customdata[2]}, col %{customdata[3]})<extra></extra>",
    )


WINNERS_ALT = (
    "The box's bins on the map with, in each bin, one marker per channel (red, green, blue) on the cell that "
    "holds that channel's maximum."
)


def winners_figure(traces: dict[str, RoIPoolTrace], height: int = 340) -> dict:
    """The box's bins with, in each bin, one marker per channel on the cell holding that channel's maximum
    (fixed margins, ``kit.FIXED_MARGINS``, room for the tick labels left and on top)."""
    window, frame, bins = _frame(next(iter(traces.values())))
    markers = [_winner_markers(name, trace, offset) for offset, (name, trace) in zip(MARKER_OFFSETS, traces.items())]
    layout = kit.map_layout(window, height, grid_colour=GRID_COLOUR)
    layout["xaxis"] |= kit.FIXED_MARGINS
    layout["yaxis"] |= kit.FIXED_MARGINS
    layout["margin"] |= dict(l=kit.TICK_LABELS_WIDTH, t=kit.HEADLINE_SHIFT)
    layout = _spaced_ticks(layout)
    layout["shapes"] = [frame]
    return kit.figure([bins, *markers], layout)


def marker_words() -> str:
    """The winners figure's markers in words: "red: vermillion circle, ..."."""
    return ", ".join(f"{name}: {s.colour.name} {s.symbol}" for name, s in STYLES.items())


def winner_table(traces: dict[str, RoIPoolTrace]) -> dict[str, list[str]]:
    """Per bin, each channel's maximum and the cell (row, col) it comes from ("empty: 0" for an empty bin), as
    columns (the bin, then one per channel): an Arrow table as it is, which a dataframe shows without pandas."""
    first = next(iter(traces.values()))
    return {"bin (row, col)": [f"({b.row}, {b.col})" for b in first.bins]} | {
        name: [_winner_cell(pool_bin) for pool_bin in trace.bins] for name, trace in traces.items()
    }


def _winner_cell(pool_bin) -> str:
    """One channel's maximum of one bin and the cell holding it, as the table writes it."""
    if pool_bin.empty:
        return "empty: 0"
    row, col = pool_bin.argmax
    return f"{fixed(pool_bin.value, DECIMALS)} at ({row}, {col})"


@dataclass(frozen=True)
class OutputRow:
    """One method's outputs for one box, (C, h, w), drawn as a row of C grids framed in its colour."""

    method: str
    convention: str
    colour: palette.Colour
    output: np.ndarray


def output_rows(settings: LessonSettings, result: ChannelPooling) -> list[OutputRow]:
    """RoI Pooling's and RoI Align's rows, each named with its convention (quantization; pooling)."""
    return [
        OutputRow(
            ROI_POOLING,
            QUANTIZATION[settings.quantization].short,
            QUANTIZATION[settings.quantization].colour,
            result.pooled[0],
        ),
        OutputRow(ROI_ALIGN, POOLING[settings.pooling].short, ALIGN_COLOUR, result.aligned[0]),
    ]


def _output_grid(row: OutputRow, index: int, left: float, top: float) -> dict:
    """Channel ``index`` of a method's output as a value grid placed at (left, top), named "<method>, <convention>:
    <channel>"."""
    channel = CHANNELS[index]
    out_h, out_w = row.output[index].shape
    return kit.value_grid(
        row.output[index],
        DECIMALS,
        colorscale=STYLES[channel].scale,
        x=np.arange(out_w) + left + 0.5,
        y=np.arange(out_h) + top + 0.5,
        name=f"{row.method}, {row.convention}: {channel}",
        hovertemplate=f"{row.method}, {channel} (channel {index})<br>value %{{z:.4f}}<extra></extra>",
    )


def stacked_outputs(rows: list[OutputRow], height: int = 340) -> dict:
    """Outputs (C, h, w) of each method, one row per method, the C grids of a row side by side."""
    data, shapes, annotations = [], [], []
    _, out_h, out_w = rows[0].output.shape
    for row_index, row in enumerate(rows):
        top = row_index * (out_h + ROW_GAP)
        annotations.append(_label(-0.3, top + out_h / 2, f"<b>{row.method}</b><br>{row.convention}"))
        for index, channel in enumerate(CHANNELS):
            left = index * (out_w + COLUMN_GAP)
            data.append(_output_grid(row, index, left, top))
            shapes.append(kit.outline(Rect(left, top, left + out_w, top + out_h), row.colour, width=3))
            if row_index == 0:
                label = _label(left + out_w / 2, -0.15, f"<b>{index}: {channel}</b>")
                annotations.append(label | dict(xanchor="center", yanchor="bottom"))
    right, bottom = shapes[-1]["x1"], shapes[-1]["y1"]
    layout = kit.layout(height) | dict(
        xaxis=dict(visible=False, range=[-LABEL_SPACE * out_w, right + 0.2]),
        yaxis=dict(visible=False, range=[bottom + 0.2, -1], scaleanchor="x"),
        shapes=shapes,
        annotations=annotations,
    )
    return kit.figure(data, layout)


def _label(x: float, y: float, text: str) -> dict:
    """A black text annotation at (x, y), right-aligned (the channels' and methods' colours are too light for
    text: their frames and tints carry them)."""
    return dict(x=x, y=y, text=text, showarrow=False, xanchor="right", font=dict(color=BLACK.hex, size=TYPE.body))


def call_listing(settings: LessonSettings, result: ChannelPooling) -> str:
    """The two batch calls as Python, with the shapes they were given and returned."""
    x1, y1, x2, y2 = (num(v) for v in result.boxes[0, 1:])
    scale, out = f"1/{settings.stride}", settings.output_size
    return (
        "# features: N, C, H, W\n"
        f"features.shape  # {result.features_shape}\n"
        "# boxes: index, x1, y1, x2, y2 (px)\n"
        f"boxes = [[0, {x1}, {y1}, {x2}, {y2}]]\n\n"
        f"roi_pool(features, boxes, {out}, {scale},\n"
        f'    quantization="{settings.quantization}").shape\n'
        f"# K, C, h, w = {result.pooled.shape}\n\n"
        f"roi_align(features, boxes, {out}, {scale},\n"
        f"    sampling_ratio={settings.sampling_ratio}, aligned={settings.aligned},\n"
        f'    pooling="{settings.pooling}",\n'
        f'    sample_layout="{settings.sample_layout}").shape\n'
        f"# K, C, h, w = {result.aligned.shape}"
    )


def torchvision_listing(settings: LessonSettings, result: ChannelPooling) -> str:
    """The same two calls through ``torchvision.ops``, runnable as printed with torch and torchvision (``maps`` is
    the (C, H, W) array of the image's channels): torchvision's own arguments only."""
    x1, y1, x2, y2 = (num(v) for v in result.boxes[0, 1:])
    scale, out = f"1 / {settings.stride}", settings.output_size
    return (
        "import torch\n"
        "from torchvision.ops import roi_align, roi_pool\n\n"
        "features = torch.from_numpy(maps).unsqueeze(0)  # (N, C, H, W)\n"
        "# boxes: (K, 5) rows of batch index, x1, y1, x2, y2 in pixels\n"
        f"boxes = torch.tensor([[0, {x1}, {y1}, {x2}, {y2}]], dtype=features.dtype)\n\n"
        f"pooled = roi_pool(features, boxes, output_size={out}, spatial_scale={scale})\n"
        f"aligned = roi_align(features, boxes, output_size={out}, spatial_scale={scale},\n"
        f"                    sampling_ratio={settings.sampling_ratio}, aligned={settings.aligned})"
    )


def torchvision_lacks(settings: LessonSettings) -> list[str]:
    """The view's choices that torchvision does not have (its call above then computes something else), in words."""
    lacks = []
    if settings.quantization != "round":
        lacks.append(
            f"{ROI_POOLING}'s {QUANTIZATION[settings.quantization].label}: `roi_pool` always rounds "
            f"({QUANTIZATION['round'].detail})"
        )
    if settings.sample_layout != "centered":
        lacks.append(
            f"{LAYOUT[settings.sample_layout].label} sampling points: `roi_align` places them "
            f"{LAYOUT['centered'].detail}"
        )
    if settings.pooling != "avg":
        lacks.append(
            f"{POOLING[settings.pooling].label} pooling of the sampling points: `roi_align` takes "
            f"{POOLING['avg'].detail}"
        )
    return lacks


def maps_caption(settings: LessonSettings) -> str:
    """What the three channel maps show: the values' source, the convention, the frame and the winners."""
    stride = settings.stride
    return (
        f"Values: the image's {', '.join(CHANNELS)} averaged over each {stride} x {stride} px cell (0–1). "
        f"{pooling_title(settings)}. Shown: the cells of the quantized box, "
        f"framed, and its bins. {palette.YELLOW.name.capitalize()} with a bold outline: the cell holding each "
        "bin's maximum in that channel."
    )


def shape_words(result: ChannelPooling) -> str:
    """K, C, h and w of the output, and what the detector's head does with them."""
    k, c, h, w = result.pooled.shape
    return (
        f"**K = {k}** box, **C = {c}** channels, **h x w = {h} x {w}** bins. The channels are never mixed: channel "
        "c of the output is channel c of the map, pooled on its own. The detector's head then flattens each box's "
        "C x h x w values into one vector for its fully connected layers (the same length for every box, whatever "
        "its size)."
    )


def outputs_caption(settings: LessonSettings) -> str:
    """Both methods' conventions under the stacked outputs, each with its meaning and source."""
    return (
        f"{ROI_POOLING}: {QUANTIZATION[settings.quantization].long}. {ROI_ALIGN}: {align_conventions(settings)}. "
        "The grid of channel c is output[0, c]."
    )
