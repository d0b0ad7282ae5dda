"""Lesson 2: snapping the box to whole cells shifts and crops it (floor vs round)."""

import streamlit as st

from roi_core import SLIDE_EXAMPLES, quantize_box, trace_roi_pool
from roi_ui import quantization_figures as qf
from roi_ui import text
from roi_ui.figures import CHART_CONFIG
from roi_ui.page import setup_page

CONVENTIONS = ("floor", "round")

view = setup_page("Quantization error", ("stride", "out", "quant"))
box, geometry, settings = view.settings.box_rect, view.geometry, view.settings
quantized = {convention: quantize_box(box, geometry, convention) for convention in CONVENTIONS}
projected = quantized["floor"].projected
window = qf.zoom_window(tuple(quantized.values()))
decimals = view.decimals

st.title("2 · Quantization error")
st.markdown(
    "RoI Pooling takes the maximum over **whole cells** of the feature map, so it first snaps the box to the "
    "cell grid. Snapping **shifts** the box's origin and **crops** (or stretches) its width and height: part of "
    "the object is left out, part of its neighbour comes in."
)

st.subheader(f"Step 1 · Divide the box by the stride ({geometry.stride} px)")
formula, meaning = st.columns([3, 2], gap="large", vertical_alignment="center")
formula.latex(qf.projection_latex(quantized["floor"]))
meaning.markdown(f"In cells the box runs from **{text.pair(projected.x1, projected.y1)}** to "
                 f"**{text.pair(projected.x2, projected.y2)}**: its edges fall inside cells, not on their borders. "
                 "RoI Pooling cannot read a fraction of a cell.")

st.subheader("Step 2 · Snap it to whole cells: two conventions")
pools = {c: trace_roi_pool(view.feature_map, box, geometry, settings.output_size, c) for c in CONVENTIONS}
for column, (convention, q) in zip(st.columns(2, gap="large"), quantized.items()):
    chosen = " · selected" if convention == settings.quantization else ""
    column.markdown(f"#### {qf.CONVENTION_TITLES[convention]}{chosen}")
    column.plotly_chart(qf.on_image(view.image, q, window), key=f"image_{convention}", config=CHART_CONFIG)
for column, (convention, q) in zip(st.columns(2, gap="large"), quantized.items()):
    column.latex(qf.quantization_latex(q))
    column.caption(qf.CONVENTION_NOTES[convention])
    column.markdown(qf.numbers_table(q))
for column, (convention, q) in zip(st.columns(2, gap="large"), quantized.items()):
    column.plotly_chart(qf.on_map(view.feature_map, q, window, decimals), key=f"map_{convention}",
                        config=CHART_CONFIG)
    column.caption(qf.second_quantization_text(pools[convention]))
    for note in pools[convention].notes:
        column.caption(f"Note: {note}.")

st.markdown(
    "**Legend.** Blue solid outline: the true box. Dashed outline: the quantized box (vermillion: floor, "
    "reddish purple: round). Hatched ///, orange-red: **lost**, the part of the object the quantized box leaves "
    "out. Dotted, yellow: **added**, the part of the neighbour (background, the father) it brings in. "
    "Negative shifts move the box left or up; negative size changes crop it. \"selected\": the convention "
    "chosen in the sidebar, used by the RoI Pooling lesson."
)

st.divider()
examples = [qf.slide_example_view(index) for index in range(len(SLIDE_EXAMPLES))]
small = examples[0][0].quantized.geometry
bins = examples[0][0].output_size
size, image_size = f"{small.map_width} x {small.map_height}", f"{small.image_width} x {small.image_height}"
st.subheader(f"The slides' {size} examples: a {image_size} image pooled to {bins[1]} x {bins[0]} (floor, as the "
             "slides)")
st.markdown(
    f"The object's box on the {size} map, split into {bins[1]} x {bins[0]} bins of whole cells. Dotted black: the "
    f"bins. Grey crosses: cells no bin reads. Values: the {image_size} scene's luminance per {small.stride} x "
    f"{small.stride} cell."
)
for column, example, (trace, figure) in zip(st.columns(2, gap="large"), SLIDE_EXAMPLES, examples):
    column.markdown(f"#### Object {example.name}")
    column.latex(qf.bin_latex(trace))
    column.markdown(example.lesson)
    column.metric("IoU of the quantized box with the ground-truth box", text.num(trace.quantized.iou))
    column.plotly_chart(figure, key=f"slide_example_{example.name}", config=CHART_CONFIG)
