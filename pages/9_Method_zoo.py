"""Lesson 9: the method zoo: every RoI operator a practitioner meets, on the same box, equal to its library."""

import streamlit as st

from roi_ui.lessons import checkpoints
from roi_ui.lessons import zoo as lesson
from roi_ui.session import controls, predict, registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, panels, setup_page, title
from roi_ui.session.presenter import deck

PAGE = registry.lesson(9)
view = setup_page(PAGE, ("stride", "out", "align"))
entries = traces.zoo(view, lesson.options(view))

title(f"{PAGE.number} · The method zoo", lesson.intro())
sections = deck(PAGE)


zrange = lesson.value_range(entries)
if sections.section(0):
    # On a projector the switches fold away and each method's output waits for the next screen.
    switches = st.expander("Switches: ONNX RoiAlign, the rotated box") if view.presenting else st.container()
    onnx_mode, onnx_coordinates, angle = switches.columns(3)
    with onnx_mode:
        controls.radio("onnx_mode", "ONNX RoiAlign: mode", lesson.ONNX_MODES, view)
    with onnx_coordinates:
        controls.radio("onnx_coord", "ONNX RoiAlign: coordinate_transformation_mode", lesson.ONNX_COORDINATES, view)
    with angle:
        controls.slider("angle", "Rotated RoI Align: angle (degrees)", lesson.ANGLES, "{}°".format, view)

    for place, entry in panels(entries, lesson.PANEL_WIDTH):
        place.markdown(lesson.panel_heading(entry, short=view.presenting))
        chart(place, lesson.reads_figure(view, entry), key=f"zoo_{entry.key}", alt=lesson.reads_alt(entry))
        if not view.presenting:
            chart(place, lesson.output_figure(entry, zrange), key=f"zoo_output_{entry.key}")
    if not view.presenting:
        st.caption(lesson.READS_CAPTION)

if sections.section(1):
    if view.presenting:  # the outputs, on the screen after the maps
        for place, entry in panels(entries, lesson.PANEL_WIDTH):
            place.markdown(lesson.panel_heading(entry, short=True))
            chart(place, lesson.output_figure(entry, zrange, presenting=True), key=f"zoo_output_{entry.key}")
    st.markdown(lesson.ONNX_WORDS)

if sections.section(2):
    st.dataframe(lesson.convention_rows(), hide_index=True)
if sections.at_end:
    predict.ask(checkpoints.onnx_max(view), checkpoints.TOTAL)
next_link(PAGE)
