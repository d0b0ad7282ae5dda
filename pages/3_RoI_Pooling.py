"""Lesson 3: RoI Pooling step by step on the slides' map: project, quantize, bins, max, output."""

import streamlit as st

from roi_ui.lessons import checkpoints
from roi_ui.lessons import pooling as lesson
from roi_ui.session import controls, predict, registry, state
from roi_ui.session.charts import chart
from roi_ui.session.page import beside, next_link, setup_page, title
from roi_ui.session.params import POOL_STEPS
from roi_ui.session.selection import bin_click, chosen_bin, drawn, follow_drawn_box
from roi_ui.session.traces import pool_trace

PAGE = registry.lesson(3)
view = setup_page(PAGE, ("stride", "out", "quant"))
trace = pool_trace(view)
geometry = view.geometry

title(f"{PAGE.label}, step by step", lesson.intro(view.settings, trace))
warning = lesson.guard_warning(trace)
if warning:
    st.warning(warning, icon="⚠️")


asked = checkpoints.pooling(trace) + checkpoints.output_size(view)


@st.fragment
def stepper(view, trace, asked) -> None:
    """The step buttons, the map and the step's words: a step change reruns only this part.

    The map at the step (frames and slider; in presenter mode the step alone, no slider: the keys step) and
    beside it the step worked out: formulas and result, the maxima's table, or the output. In presenter mode the
    map's legend heads the words and the explanations are left to the teacher. The map marks the answers of the
    page's checkpoints (``asked``) once revealed.
    """
    follow_drawn_box(view.values)
    values = state.values()
    step = values["step"]
    chosen = trace.bin(*chosen_bin(values, trace.output_size))
    controls.step_buttons("step", step, POOL_STEPS, lesson.step_heading(step), key="step")
    if view.presenting:  # one screen: the map and the step's formulas side by side
        left, right = st.columns(2, gap="medium")
    else:
        left, right = beside(lesson.MAP_WIDTH)
    with left:
        map_chart = st.empty()
        whole_map = not view.presenting and controls.whole_map_toggle(geometry, key="pool_whole_map")
        drawing = not view.presenting and controls.draw_toggle("pool_draw")
        window = lesson.map_window(trace, whole_map, lesson.window_margin(view.presenting))
        spec = lesson.map_figure(view.feature_map, trace, step, view.decimals, window, view.presenting, chosen)
        spec = predict.marked(spec, asked)
        spec, arguments = drawn(spec, drawing, "pool_map", geometry.stride, bin_click("pool_map", trace.readers()))
        chart(map_chart, spec, **arguments)
        if step >= lesson.STEP_BINS:
            st.caption(lesson.chosen_caption(chosen, view.decimals))
        if not view.presenting:
            st.caption(lesson.step_legend(step, trace))
            st.caption(lesson.values_caption(view.feature_source, view.from_slides))
    with right:
        if view.presenting:
            st.markdown(lesson.step_legend(step, trace))
        if step in lesson.WORKED:
            worked = lesson.WORKED[step](trace)
            if not view.presenting:
                st.markdown(worked.words)
            st.latex(worked.latex)
            st.markdown(worked.result)
        elif step == 4:
            if not view.presenting:
                st.markdown(lesson.MAX_WORDS)
            rows = lesson.max_rows(trace, view.decimals)
            st.dataframe(rows, hide_index=True, width="stretch", height=lesson.table_height(len(rows)))
            st.caption(lesson.MAX_CAPTION)
        else:
            output = lesson.output_figure(trace, view.decimals, lesson.output_height(view.presenting), chosen)
            chart(st, output, **bin_click("pool_output"))
            st.markdown(lesson.output_words(trace))


stepper(view, trace, asked)
if not view.presenting or state.values()["step"] == POOL_STEPS:  # a projector: at the last step
    predict.ask(asked, checkpoints.TOTAL)
next_link(PAGE, view)
