"""Lesson 1: how an image becomes a feature map, and which values stand for the object."""

import streamlit as st

from roi_ui.lessons import feature_map as lesson
from roi_ui.session import controls, registry
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page
from roi_ui.words.conventions import ZERO_BASED

PAGE = registry.lesson(1)
view = setup_page(PAGE, ("stride",))
stride = view.settings.stride

st.title(f"{PAGE.number} · From image to feature map")
st.markdown(lesson.intro(stride))
controls.radio("demo", "Image", lesson.DEMO_LABELS, view, horizontal=True)
shown = lesson.shown(view)

st.markdown(f"### {lesson.headline(shown)}")
top_left, top_right = st.columns(2, gap="medium")
with top_left:
    st.markdown(f"**The image**, cut into {stride} x {stride} px patches")
    chart(st, lesson.image_with_cells(shown), key="image_cells")
with top_right:
    st.markdown(f"**The feature map**: {shown.geometry.map_width} x {shown.geometry.map_height} values, one per patch")
    chart(st, lesson.map_with_cells(shown), key="map_cells")
st.markdown(lesson.legend(shown))
for note in lesson.partial_cell_notes(shown.geometry):
    st.info(note, icon="✂️")

bottom_left, bottom_right = st.columns([2, 3], gap="medium")
with bottom_left:
    st.markdown(lesson.object_values_title(shown))
    chart(st, lesson.object_values(shown), key="object_values")
with bottom_right:
    st.markdown(
        f"**Map size.** One value per {stride} x {stride} px patch, rounded up where a size is not a "
        "multiple of the stride:"
    )
    st.latex(lesson.size_latex(shown.geometry))
    st.markdown(lesson.object_words(shown))
    st.caption(shown.box_note)
    st.caption(f"Values: {shown.value_source}. {ZERO_BASED}")
next_link(PAGE)
