"""Lesson 9: the method zoo: every RoI operator a practitioner meets, on the same box, equal to its library."""

import streamlit as st

from roi_ui.lessons import zoo as lesson
from roi_ui.session import controls, registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page, title, wrapping_row
from roi_ui.session.presenter import deck

PAGE = registry.lesson(9)
view = setup_page(PAGE, ("stride", "out", "align"))
entries = traces.zoo(view, lesson.options(view))

title(f"{PAGE.number} · The method zoo", lesson.intro())
sections = deck(PAGE)

if sections.section(0):
    onnx_mode, onnx_coordinates, angle = st.columns(3)
    with onnx_mode:
        controls.radio("onnx_mode", "ONNX RoiAlign: mode", lesson.ONNX_MODES, view)
    with onnx_coordinates:
        controls.radio("onnx_coord", "ONNX RoiAlign: coordinate_transformation_mode", lesson.ONNX_COORDINATES, view)
    with angle:
        controls.slider("angle", "Rotated RoI Align: angle (degrees)", lesson.ANGLES, "{}°".format, view)
    zrange = lesson.value_range(entries)
    for place, entry in zip(wrapping_row(*[lesson.PANEL_WIDTH] * len(entries)), entries, strict=True):
        place.markdown(lesson.panel_heading(entry))
        chart(place, lesson.reads_figure(view, entry), key=f"zoo_{entry.key}", alt=lesson.reads_alt(entry))
        chart(place, lesson.output_figure(entry, zrange), key=f"zoo_output_{entry.key}")
    st.caption(lesson.READS_CAPTION)

if sections.section(1):
    st.markdown(lesson.ONNX_WORDS)

if sections.section(2):
    st.dataframe(lesson.convention_rows(), hide_index=True)
next_link(PAGE)
