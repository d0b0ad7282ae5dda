"""Lesson 9: the method zoo: every RoI operator a practitioner meets, on the same box, equal to its library."""

import streamlit as st

from roi_ui.lessons import checkpoints
from roi_ui.lessons import zoo as lesson
from roi_ui.lessons import zoo_steps as steps
from roi_ui.session import controls, predict, registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import beside, chart_panels, next_link, setup_page, title
from roi_ui.session.presenter import deck
from roi_ui.session.selection import bin_click, chosen_bin
from roi_ui.words.numbers import markdown_list

PAGE = registry.lesson(9)
view = setup_page(PAGE, ("stride", "out", "align"))
entries = traces.zoo(view, lesson.options(view))
asked = checkpoints.onnx_max(view, traces.one_bin_maxima(view, checkpoints.onnx_max_ratio(view)))
zrange = lesson.value_range(entries)

title(f"{PAGE.number} · The method zoo", lesson.intro())
sections = deck(PAGE)

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
    one_map = lesson.one_map(entries)
    chart_panels(lesson.method_panels(view, one_map, zrange, not view.presenting, asked), lesson.PANEL_WIDTH)
    if not view.presenting:
        st.caption(lesson.READS_CAPTION)

if sections.section(1):
    if view.presenting:  # the outputs, on the screen after the maps
        chart_panels(lesson.output_panels(lesson.one_map(entries), zrange), lesson.PANEL_WIDTH)
    st.markdown(lesson.ONNX_WORDS)

if sections.section(2):
    st.markdown(lesson.PS_WORDS)
    score_maps = lesson.score_map_methods(entries)
    chart_panels(lesson.method_panels(view, score_maps, zrange, True, asked), lesson.PANEL_WIDTH)

if sections.section(3):
    controls.radio("zoo_step", "Method", steps.METHODS, view, horizontal=True)
    method = view.values["zoo_step"]
    trace = traces.zoo_step(view, method, lesson.options(view))
    chosen = chosen_bin(view.values, trace.output.shape)
    if not view.presenting:
        st.markdown(steps.intro(method))
    drawing, words = beside(steps.FIGURE_WIDTH)
    chart(drawing, steps.figure(view, trace, chosen), key="zoo_step_map", alt=steps.alt(method, chosen))
    lines, note = steps.worked(trace, chosen)
    with words:
        chart(st, steps.output_figure(trace, chosen), **bin_click("zoo_step_output"))
        st.caption(steps.CHOOSE_BIN)
        for line in lines:
            st.latex(line)
    st.caption(note)
    if not view.presenting:
        st.markdown(markdown_list(steps.rows(trace, chosen)))

if sections.section(4):
    st.html(lesson.CONVENTIONS_HTML)  # the app's own constant table: it scrolls inside itself on a phone
if sections.at_end:
    predict.ask(asked, checkpoints.TOTAL)
next_link(PAGE, view)
