"""Lesson 2: snapping the box to whole cells shifts and crops it (floor vs round)."""

import streamlit as st

from roi_ui.lessons import quantization as lesson
from roi_ui.session import registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page
from roi_ui.words.conventions import ROI_POOLING
from roi_ui.words.numbers import num

PAGE = registry.lesson(2)
view = setup_page(PAGE, ("stride", "out", "quant"))
pools = {convention: traces.pool_trace(view, quantization=convention) for convention in lesson.CONVENTIONS}
quantized = {convention: trace.quantized for convention, trace in pools.items()}
boxes = tuple(quantized.values())
window = lesson.zoom_window(boxes)

st.title(f"{PAGE.number} · Quantization error")
st.markdown(
    f"{ROI_POOLING} takes the maximum over **whole cells** of the feature map, so it first snaps the box to the "
    "cell grid. Snapping **shifts** the box's origin and **crops** (or stretches) its width and height: part of "
    "the object is left out, part of its neighbour comes in."
)

st.subheader(f"Step 1 · Divide the box by the stride ({view.geometry.stride} px)")
formula, meaning = st.columns([3, 2], gap="large", vertical_alignment="center")
formula.latex(lesson.projection_latex(quantized["floor"]))
meaning.markdown(lesson.projection_words(quantized["floor"]))

st.subheader("Step 2 · Snap it to whole cells: two conventions")
chart(st, lesson.on_image(view.image, boxes, window), key="boxes_on_image")
for column, (convention, q) in zip(st.columns(2, gap="large"), quantized.items()):
    column.markdown(f"#### {lesson.convention_title(convention, view.settings.quantization)}")
    column.latex(lesson.quantization_latex(q))
    column.caption(lesson.NOTATION[convention])
    column.markdown(lesson.numbers_table(q))
chart(st, lesson.on_map(view.feature_map, boxes, window, view.decimals), key="boxes_on_map")
for column, convention in zip(st.columns(2, gap="large"), quantized):
    column.caption(lesson.second_quantization_text(pools[convention]))
    for note in lesson.guard_notes(pools[convention]):
        column.caption(note)
st.markdown(lesson.legend())

st.divider()
cases = lesson.slide_cases()
st.subheader(lesson.slides_heading(cases[0]))
st.markdown(lesson.slides_intro(cases[0]))
for column, case in zip(st.columns(len(cases), gap="large"), cases):
    column.markdown(f"#### Object {case.example.name}")
    column.latex(lesson.bin_latex(case.trace))
    column.markdown(case.example.lesson)
    column.metric("IoU of the quantized box with the ground-truth box", num(case.trace.quantized.iou))
    chart(column, lesson.slide_figure(case), key=f"slide_example_{case.example.name}")
next_link(PAGE)
