"""Lesson 3: RoI Pooling step by step on the slides' map: project, quantize, bins, max, output."""

import streamlit as st

from roi_ui.lessons import pooling as lesson
from roi_ui.session import controls, registry, state
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page
from roi_ui.session.params import POOL_STEPS
from roi_ui.session.traces import pool_trace

PAGE = registry.lesson(3)
view = setup_page(PAGE, ("stride", "out", "quant"))
trace = pool_trace(view)
geometry = view.geometry

st.title(f"{PAGE.label}, step by step")
st.markdown(lesson.intro(view.settings, trace))
warning = lesson.guard_warning(trace)
if warning:
    st.warning(warning, icon="⚠️")


@st.fragment
def stepper(view, trace) -> None:
    """The step buttons, the map and the step's words: a step change reruns only this part."""
    step = state.values()["step"]
    controls.step_buttons("step", step, POOL_STEPS, lesson.step_heading(step), key="step")

    left, right = st.columns([3, 2], gap="medium")
    with left:
        map_chart = st.empty()
        whole_map = controls.whole_map_toggle(geometry, key="pool_whole_map")
        window = lesson.map_window(trace, whole_map)
        chart(map_chart, lesson.stepped_figure(view.feature_map, trace, step, view.decimals, window), key="pool_map")
        st.caption(lesson.step_legend(step, trace))
        st.caption(lesson.values_caption(view.feature_source, view.from_slides))
    with right:
        if step in lesson.WORKED:
            worked = lesson.WORKED[step](trace)
            st.markdown(worked.words)
            st.latex(worked.latex)
            st.markdown(worked.result)
        elif step == 4:
            st.markdown(lesson.MAX_WORDS)
            rows = lesson.max_rows(trace, view.decimals)
            st.dataframe(rows, hide_index=True, width="stretch", height=lesson.table_height(len(rows)))
            st.caption(lesson.MAX_CAPTION)
        else:
            chart(st, lesson.output_figure(trace, view.decimals), key="pool_output")
            st.markdown(lesson.output_words(trace))


stepper(view, trace)
next_link(PAGE)
