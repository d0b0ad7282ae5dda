"""Lesson 6: max pooling is applied channel by channel: one box, three channels, three different winners."""

import pyarrow as pa
import streamlit as st

from roi_ui.lessons import channels as lesson
from roi_ui.lessons import checkpoints
from roi_ui.session import controls, predict, registry
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page, title, wrapping_row
from roi_ui.session.presenter import deck
from roi_ui.session.selection import drawn

PAGE = registry.lesson(6)
view = setup_page(PAGE, ("stride", "out", "quant", "align"), feature_values=False)
settings, stride, out = view.settings, view.settings.stride, view.settings.output_size
result = lesson.pool_channels(view)

title(
    f"{PAGE.number} · Channels: pooling per channel",
    "A real feature map has **C channels** (512 in VGG16's last layer). RoI Pooling and RoI Align use the "
    "**same box and the same bins** on every channel, but each channel takes **its own maximum**: the value "
    "kept for a bin in one channel can come from a different cell than in the next channel. "
    f"Here C = {len(lesson.CHANNELS)}: the image's own red, green and blue, averaged over each "
    f"{stride} x {stride} px cell (values 0–1).",
)
sections = deck(PAGE)

if sections.section(0):
    count = len(lesson.CHANNELS)  # side by side on a projector; on a desk, each as wide as its values need
    drawing = not view.presenting and controls.draw_toggle("channel_draw", "maps")
    places = st.columns(count, gap="small") if view.presenting else wrapping_row(*[lesson.MAP_WIDTHS[False]] * count)
    for column, channel in zip(places, lesson.CHANNELS, strict=True):
        spec = lesson.channel_map(result.maps, result.traces, channel, view.presenting)
        spec, arguments = drawn(spec, drawing, f"channel_map_{channel}", stride)
        chart(column, spec, **arguments)
    st.caption(lesson.maps_caption(settings))

if sections.section(1):
    left, right = st.columns([1, 1], gap="medium")
    with left:
        chart(st, lesson.winners_figure(result.traces), key="channel_winners", alt=lesson.WINNERS_ALT)
        st.caption(
            f"One marker per channel in each bin, on the cell holding that channel's maximum: {lesson.marker_words()}. "
            "On a tie (a flat patch of colour) the first cell in reading order wins, so channels can agree there."
        )
    with right:
        st.markdown("**Each channel's maximum per bin:** value at cell (row, col)")
        st.dataframe(pa.table(lesson.winner_table(result.traces)), hide_index=True, width="stretch")

if sections.section(2):
    st.markdown(f"**Stacked output (K, C, h, w) = {result.pooled.shape}**: one {out} x {out} grid per channel")
    outputs = lesson.stacked_outputs(lesson.output_rows(settings, result), lesson.OUTPUTS_HEIGHTS[view.presenting])
    chart(st, outputs, key="channel_outputs")
    st.caption(lesson.outputs_caption(settings))
    st.markdown(lesson.shape_words(result))

if sections.section(3):
    ours, theirs = st.columns([1, 1], gap="medium")
    with ours:
        st.markdown(
            "**One call each, for all channels at once**: `roi_core`, torchvision's names and shapes plus the "
            "lesson's options"
        )
        st.code(lesson.call_listing(settings, result), language="python", wrap_lines=True)
    with theirs:
        st.markdown("**The same in torchvision** (runnable: `maps` is the image's channels, (C, H, W))")
        st.code(lesson.torchvision_listing(settings, result), language="python", wrap_lines=True)
        lacks = lesson.torchvision_lacks(settings)
        if lacks:
            st.markdown("torchvision has no option for this view's " + "; ".join(lacks) + ": its outputs differ here.")
        else:
            st.caption("These are torchvision's own conventions: its outputs equal the ones above.")
if sections.at_end:
    predict.ask(checkpoints.box_format(view), checkpoints.TOTAL)
next_link(PAGE, view)
