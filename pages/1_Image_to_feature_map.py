"""Lesson 1: how an image becomes a feature map, and which values stand for the object."""

import streamlit as st

from roi_ui.lessons import checkpoints
from roi_ui.lessons import feature_map as lesson
from roi_ui.session import controls, predict, registry
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page, title, wrapping_row
from roi_ui.session.presenter import deck
from roi_ui.session.selection import drawn
from roi_ui.words.conventions import ZERO_BASED

PAGE = registry.lesson(1)
view = setup_page(PAGE, ("stride",))
stride = view.settings.stride
cells_height, close_up_height = (lesson.figure_height(name, view.presenting) for name in ("cells", "close_up"))

title(f"{PAGE.number} · From image to feature map", lesson.intro(stride))
controls.radio("demo", "Image", lesson.DEMO_LABELS, view, horizontal=True)
shown = lesson.shown(view)
sections = deck(PAGE)
asked = checkpoints.feature_map(view)
answers = asked if shown.image is view.image else []  # the 224 px demo is another image: nothing to mark on it

if sections.section(0):
    st.markdown(f"**{lesson.headline(shown)}**")
    # a drag draws the box on the view's own image (the 224 px demo shows a copy of the box, stretched)
    drawing = not view.presenting and shown.image is view.image and controls.draw_toggle("cells_draw", "image")
    # Side by side; at 150 % zoom or on a phone one under the other, each at the width its figure is made for.
    top_left, top_right = st.columns(2, gap="medium") if view.presenting else wrapping_row(*[lesson.FIGURE_WIDTH] * 2)
    with top_left:
        st.markdown(f"**The image**, cut into {stride} x {stride} px patches")
        figure = predict.marked(lesson.image_with_cells(shown, cells_height), answers, stride)
        figure, arguments = drawn(figure, drawing, "image_cells")
        chart(st, figure, alt=lesson.image_alt(shown), **arguments)
    with top_right:
        st.markdown(
            f"**The feature map**: {shown.geometry.map_width} x {shown.geometry.map_height} values, one per patch"
        )
        figure = predict.marked(lesson.map_with_cells(shown, cells_height), answers)
        chart(st, figure, key="map_cells", alt=lesson.map_alt(shown))
    st.markdown(lesson.legend(shown))
    for note in lesson.partial_cell_notes(shown.geometry):
        st.info(note, icon="✂️")

if sections.section(1):
    # Side by side on a projector (one screen); one under the other otherwise, so the close-up gets the width.
    bottom_left, bottom_right = (
        st.columns([2, 3], gap="medium") if view.presenting else (st.container(), st.container())
    )
    with bottom_left:
        st.markdown(lesson.object_values_title(shown))
        chart(st, lesson.object_values(shown, close_up_height), key="object_values")
    with bottom_right:
        st.markdown(
            f"**Map size.** One value per {stride} x {stride} px patch, rounded up where a size is not a "
            "multiple of the stride:"
        )
        st.latex(lesson.size_latex(shown.geometry))
        st.markdown(lesson.object_words(shown))
        st.caption(shown.box_note)
        st.caption(f"Values: {shown.value_source}. {ZERO_BASED}")
if sections.at_end:
    predict.ask(asked, checkpoints.TOTAL)
next_link(PAGE, view)
