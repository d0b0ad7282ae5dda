"""Lesson 6: max pooling is applied channel by channel: one box, three channels, three different winners."""

import numpy as np
import streamlit as st

from roi_core import CHANNEL_NAMES, roi_align, roi_pool, trace_roi_pool
from roi_ui import images, text, theme
from roi_ui.channel_figures import channel_map_figure, stacked_outputs_figure, winners_figure
from roi_ui.figures import CHART_CONFIG
from roi_ui.page import setup_page

CHANNELS = CHANNEL_NAMES[:3]  # red, green, blue
DECIMALS = 2

view = setup_page("Channels", ("stride", "out", "quant", "align"), feature_values=False)
settings, geometry = view.settings, view.geometry
box = settings.box_rect
out = settings.output_size
maps = images.feature_maps(view.image.digest, view.image.rgb, settings.stride)[: len(CHANNELS)]
features = maps[None]  # (N, C, H, W) = (1, 3, rows, cols)
boxes = np.array([[0, box.x1, box.y1, box.x2, box.y2]])  # (K, 5): batch index, x1, y1, x2, y2 in pixels
pooled = roi_pool(features, boxes, out, geometry.spatial_scale, quantization=settings.quantization)
aligned = roi_align(features, boxes, out, geometry.spatial_scale, settings.sampling_ratio, settings.aligned,
                    pooling=settings.pooling, sample_layout=settings.sample_layout)
traces = {name: trace_roi_pool(channel, box, geometry, out, settings.quantization)
          for name, channel in zip(CHANNELS, maps)}
quant_name = text.quantization_name(settings.quantization)
align_name = text.align_conventions(settings)


def call_listing() -> str:
    """The two batch calls as Python, with the shapes they were given and returned."""
    x1, y1, x2, y2 = (text.num(v) for v in (box.x1, box.y1, box.x2, box.y2))
    scale = f"1/{geometry.stride}"
    return (
        "# features: N, C, H, W\n"
        f"features.shape  # {features.shape}\n"
        "# boxes: index, x1, y1, x2, y2 (px)\n"
        f"boxes = [[0, {x1}, {y1}, {x2}, {y2}]]\n\n"
        f"roi_pool(features, boxes, {out}, {scale},\n"
        f'    quantization="{settings.quantization}").shape\n'
        f"# K, C, h, w = {pooled.shape}\n\n"
        f"roi_align(features, boxes, {out}, {scale},\n"
        f"    sampling_ratio={settings.sampling_ratio}, aligned={settings.aligned},\n"
        f'    pooling="{settings.pooling}",\n'
        f'    sample_layout="{settings.sample_layout}").shape\n'
        f"# K, C, h, w = {aligned.shape}"
    )


def winner_table() -> list[dict]:
    """Per bin, the cell each channel's maximum comes from and its value."""
    return [
        {"bin (row, col)": f"({first.row}, {first.col})"}
        | {name: (f"{traces[name].bins[index].value:.{DECIMALS}f} at {traces[name].bins[index].argmax}"
                  if not traces[name].bins[index].empty else "empty: 0") for name in CHANNELS}
        for index, first in enumerate(traces[CHANNELS[0]].bins)
    ]


st.title("6 · Channels: pooling per channel")
st.markdown(
    "A real feature map has **C channels** (512 in VGG16's last layer). RoI Pooling and RoI Align use the "
    "**same box and the same bins** on every channel, but each channel takes **its own maximum**: the value "
    "kept for a bin in one channel can come from a different cell than in the next channel. "
    f"Here C = {len(CHANNELS)}: the image's own red, green and blue, averaged over each "
    f"{geometry.stride} x {geometry.stride} px cell (values 0–1)."
)
st.markdown("### Same bins, each channel its own maximum")
for index, (column, name) in enumerate(zip(st.columns(len(CHANNELS), gap="small"), CHANNELS)):
    column.markdown(f"**Channel {index}: {name}**")
    column.plotly_chart(channel_map_figure(name, maps[index], traces[name], DECIMALS, height=280),
                        key=f"channel_map_{name}", config=CHART_CONFIG)
st.caption(f"Values: the image's {', '.join(CHANNELS)} averaged over each {geometry.stride} x {geometry.stride} px "
           f"cell (0–1). RoI Pooling, {quant_name}. Shown: the cells of the quantized box, framed, "
           "and its bins. Yellow with a bold outline: the cell holding each bin's maximum in that channel.")

left, right = st.columns([1, 1], gap="medium")
with left:
    st.markdown("**Where each channel's maximum comes from**")
    st.plotly_chart(winners_figure(traces, geometry.map_height, geometry.map_width, height=340),
                    key="channel_winners", config=CHART_CONFIG)
    st.caption("One marker per channel in each bin, on the cell holding that channel's maximum: R (circle) red, "
               "G (square) green, B (diamond) blue. On a tie (a flat patch of colour) the first cell in reading "
               "order wins, so channels can agree there.")
with right:
    st.markdown("**Each channel's maximum per bin:** value at cell (row, col)")
    st.dataframe(winner_table(), hide_index=True, width="stretch")

st.markdown(f"### Stacked output (K, C, h, w) = {pooled.shape}: one {out} x {out} grid per channel")
rows = {f"<b>RoI Pooling</b><br>{settings.quantization}": (theme.QUANTIZATION_COLOURS[settings.quantization],
                                                          pooled[0]),
        f"<b>RoI Align</b><br>{settings.pooling}": (theme.GREEN, aligned[0])}
st.plotly_chart(stacked_outputs_figure(rows, CHANNELS, DECIMALS, height=340), key="channel_outputs",
                config=CHART_CONFIG)
st.caption(f"RoI Pooling: {quant_name}. RoI Align: {align_name}. The grid of channel c is output[0, c].")
left, right = st.columns([1, 1], gap="medium")
with left:
    st.markdown("**One call each, for all channels at once** (torchvision's shapes)")
    st.code(call_listing(), language="python", wrap_lines=True)
with right:
    st.markdown(
        f"**K = {pooled.shape[0]}** box, **C = {pooled.shape[1]}** channels, **h x w = {pooled.shape[2]} x "
        f"{pooled.shape[3]}** bins. The channels are never mixed: channel c of the output is channel c of the map, "
        "pooled on its own. The detector's head then flattens each box's C x h x w values into one vector for "
        "its fully connected layers (the same length for every box, whatever its size)."
    )
