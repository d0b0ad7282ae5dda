"""Lesson 2: snapping the box to whole cells shifts and crops it (floor vs round)."""

import streamlit as st

from roi_ui.lessons import checkpoints
from roi_ui.lessons import quantization as lesson
from roi_ui.session import controls, predict, registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page, title
from roi_ui.session.presenter import deck
from roi_ui.session.selection import drawn
from roi_ui.words.conventions import ROI_POOLING

PAGE = registry.lesson(2)
view = setup_page(PAGE, ("stride", "out", "quant"))
pools = {convention: traces.pool_trace(view, quantization=convention) for convention in lesson.CONVENTIONS}
quantized = {convention: trace.quantized for convention, trace in pools.items()}
window = lesson.zoom_window(tuple(quantized.values()))
height = lesson.figure_height(window, view.presenting)
image_height = lesson.figure_height(window, view.presenting, values=False)

title(
    f"{PAGE.number} · Quantization error",
    f"{ROI_POOLING} takes the maximum over **whole cells** of the feature map, so it first snaps the box to the "
    "cell grid. Snapping **shifts** the box's origin and **crops** (or stretches) its width and height: part of "
    "the object is left out, part of its neighbour comes in.",
)
# Steps 2 to 4: one column per convention, its heading first. On a phone the columns stack: each convention's
# pieces stay together.
headings = {
    convention: f"#### {lesson.convention_title(convention, view.settings.quantization)}" for convention in quantized
}
sections = deck(PAGE)
asked = checkpoints.quantization(view, pools[view.settings.quantization])
asked += checkpoints.conventions(pools["floor"], pools["round"])
st.html(f"<style>{lesson.STACK_CSS}</style>")

if sections.section(0):
    formula, meaning = st.columns([3, 2], gap="large", vertical_alignment="center")
    formula.latex(lesson.projection_latex(quantized["floor"]))
    meaning.markdown(lesson.projection_words(quantized["floor"]))

if sections.section(1):
    drawing = not view.presenting and controls.draw_toggle("snap_draw", "images")
    part = st.container(key="snap_on_image")
    for column, (convention, q) in zip(part.columns(2, gap="large"), quantized.items(), strict=True):
        column.markdown(headings[convention])
        answers = checkpoints.on_convention(asked, convention, view.settings.quantization)
        figure = predict.marked(lesson.on_image(view.image, q, window, image_height), answers, view.settings.stride)
        figure, arguments = drawn(figure, drawing, f"boxes_on_image_{convention}")
        chart(column, figure, alt=lesson.image_alt(q), **arguments)
        column.latex(lesson.quantization_latex(q))
        column.caption(lesson.NOTATION[convention])
    st.markdown(lesson.legend())

if sections.section(2):
    part = st.container(key="snap_on_map")
    for column, (convention, q) in zip(part.columns(2, gap="large"), quantized.items(), strict=True):
        column.markdown(headings[convention])
        answers = checkpoints.on_convention(asked, convention, view.settings.quantization)
        figure = predict.marked(lesson.on_map(view.feature_map, q, window, view.decimals, height), answers)
        chart(column, figure, key=f"boxes_on_map_{convention}")
        column.caption(lesson.second_quantization_text(pools[convention]))
        for note in lesson.guard_notes(pools[convention]):
            column.caption(note)

if sections.section(3):
    part = st.container(key="snap_numbers")
    for column, (convention, q) in zip(part.columns(2, gap="large"), quantized.items(), strict=True):
        column.markdown(headings[convention])
        column.markdown(lesson.numbers_table(q))
    st.markdown(lesson.table_note())

if sections.section(4):
    cases = lesson.slide_cases()
    if not view.presenting:  # on a projector the teacher says it: the section stays on one screen
        st.markdown(f"**{lesson.slides_heading(cases[0])}**. {lesson.slides_intro(cases[0])}")
    slide_height = lesson.SLIDE_HEIGHT[view.presenting]
    part = st.container(key="slide_examples")
    for index, (column, case) in enumerate(zip(part.columns(len(cases), gap="large"), cases, strict=True)):
        name = f"Object {case.example.name}"
        if not view.presenting:
            column.markdown(f"#### {name}")
        chart(column, lesson.slide_figure(case, slide_height), key=f"slide_example_{index}")
        column.latex(lesson.bin_latex(case.trace))
        lead = f"**{name}.** " if view.presenting else ""  # on a projector the heading joins the words
        column.markdown(f"{lead}{case.example.lesson} {lesson.iou_words(case.trace)}.")
if sections.at_end:
    predict.ask(asked, checkpoints.TOTAL)
next_link(PAGE, view)
