"""Lesson 10: the backward pass: where one output bin's gradient goes on the map, for each method."""

import streamlit as st

from roi_ui.images.store import display_image
from roi_ui.lessons import gradients as lesson
from roi_ui.plot import kit
from roi_ui.session import controls, registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import beside, chart_panels, next_link, setup_page, title
from roi_ui.session.presenter import deck
from roi_ui.session.selection import bin_click, chosen_bin

PAGE = registry.lesson(10)
view = setup_page(PAGE, ())
align = traces.align_trace(view)
picked = chosen_bin(view.values, align.output.shape)
chosen = None if view.values["grad_bins"] == "all" else picked
grads = traces.gradients(view, chosen)

title(f"{PAGE.number} · Gradients: where the learning signal goes", lesson.intro())
sections = deck(PAGE)

if sections.section(0):
    output, words = beside(lesson.OUTPUT_WIDTH)
    with output:
        controls.radio("grad_bins", "Gradient of", lesson.BIN_CHOICES, view, horizontal=True)
        spec = kit.output_grid(align.output, view.decimals, chosen, lesson.OUTPUT_HEIGHT)
        chart(st, spec, alt=lesson.OUTPUT_ALT, **bin_click("grad_output"))
    words.markdown(lesson.chosen_words(chosen))
    words.caption(lesson.CHOOSE_BIN)
    shown = None if view.presenting else display_image(view.image)  # a projector shows the maps alone
    chart_panels(lesson.map_panels(view, grads, shown), lesson.PANEL_WIDTH)
    st.markdown(lesson.box_words(grads))

if sections.section(1):
    for note in lesson.NOTES:
        st.markdown(note)
next_link(PAGE, view)
