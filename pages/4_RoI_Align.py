"""Lesson 4: RoI Align step by step on the slides' map: unrounded bins, sampling points, bilinear interpolation,
pooling, what `aligned` changes."""

import streamlit as st

from roi_ui.lessons import align as lesson
from roi_ui.lessons import align_figures as figures
from roi_ui.plot.kit import CHART_CONFIG
from roi_ui.session import controls, registry, state
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page
from roi_ui.session.selection import point_click
from roi_ui.session.traces import align_trace
from roi_ui.words.conventions import ZERO_BASED

MAP_KEY = "align_map"  # the map chart (steps 1 to 3), whose clicks choose a sampling point

PAGE = registry.lesson(4)
view = setup_page(PAGE, ("stride", "out", "align"))
decimals, geometry = view.decimals, view.geometry
trace = align_trace(view)
conventions = lesson.tag(view.settings, trace)

st.title(f"{PAGE.label}: sample, never round")
st.markdown(lesson.intro())
st.caption(f"Conventions: {conventions}. Values: {view.feature_source}. {ZERO_BASED}")


@st.fragment
def walkthrough() -> None:
    """The step buttons, the step's chart and words: a step, a picker or a click reruns only this part."""
    values = state.values()
    step = values["align_step"]
    pick, notices = lesson.pick(trace, values)
    chosen_bin = trace.bin(pick.row, pick.col)
    sample = chosen_bin.samples[pick.sample - 1]
    controls.step_buttons("align_step", step, lesson.STEPS, lesson.step_heading(step), key="align_step")
    if step in lesson.PICKED_STEPS:
        for notice in notices:
            st.warning(notice, icon="⚠️")

    if step in lesson.MAP_STEPS:
        left, right = st.columns([3, 2], gap="medium")
        with left:
            map_chart = st.empty()
            whole_map = controls.whole_map_toggle(geometry, key="align_whole_map")
            spec = figures.step_map(view.feature_map, trace, pick, decimals, step, close_up=not whole_map)
            chart(map_chart, spec, **point_click(MAP_KEY, ("bin_row", "bin_col", "sample"), CHART_CONFIG))
            st.caption(lesson.map_caption(step))
        with right:
            if step == lesson.STEP_BINS:
                st.markdown(lesson.box_words(trace))
                st.latex(lesson.bin_size_latex(trace))
            elif step == lesson.STEP_SAMPLES:
                rows, cols = trace.output_size
                row_box, col_box, sample_box = st.columns(3)
                row_box.selectbox(
                    "Bin row",
                    options=range(rows),
                    index=pick.row,
                    **state.bound_picker("bin_row", pick.in_range("bin_row"), rows),
                )
                col_box.selectbox(
                    "Bin column",
                    options=range(cols),
                    index=pick.col,
                    **state.bound_picker("bin_col", pick.in_range("bin_col"), cols),
                )
                sample_box.selectbox(
                    "Sample",
                    options=range(1, pick.count + 1),
                    index=pick.sample - 1,
                    format_func=lambda number: f"S{number}",
                    **state.bound_picker("sample", pick.in_range("sample"), pick.count),
                )
                st.markdown(lesson.sample_heading(sample, pick))
                st.markdown(lesson.sampling_words(trace))
            else:
                st.markdown(lesson.sample_heading(sample, pick))
                st.caption(f"Coordinates in cells, map frame · {conventions}")
                st.markdown("**Where it lies:** the bin's start plus a fraction of the bin")
                st.latex(lesson.position_latex(trace, chosen_bin, sample))
                st.markdown(f"**Its four nearest cell centres** ({lesson.NEIGHBOURS_COLOUR.name} on the map)")
                st.latex(lesson.neighbours_latex(sample, decimals))
                note = lesson.border_note(sample)
                if note:
                    st.info(note, icon="ℹ️")

    if step == lesson.STEP_WORKED:
        horizontal, vertical = lesson.slides_latex(sample, decimals)
        st.markdown(f"#### Bilinear interpolation of {sample.label}: horizontal first, then vertical")
        formulas, comparison = st.columns([1.25, 1], gap="medium")
        with formulas:
            st.markdown(f"**Horizontal**, top row then bottom row, *as the slides round* ({lesson.slides_rounding()}):")
            st.latex(horizontal)
            st.markdown(f"**Vertical**, between the two rows → **{sample.label}**:")
            st.latex(vertical)
            with st.expander("The same arithmetic with exact numbers"):
                for formula in lesson.exact_latex(sample, decimals):
                    st.latex(formula)
        with comparison:
            st.markdown(f"**As the slides round vs exact** (what `roi_align` returns; {conventions})")
            st.table(lesson.comparison_rows(sample), hide_index=True)
    elif step == lesson.STEP_POOL:
        left, right = st.columns(2, gap="medium")
        with left:
            st.markdown(lesson.output_heading(trace))
            chart(st, figures.output_figure(trace, pick), key="align_output")
        right.markdown(lesson.pooling_words(trace))
        st.markdown(lesson.samples_heading(pick, chosen_bin, conventions))
        st.latex(lesson.pooling_latex(chosen_bin, trace.pooling))
        st.dataframe(lesson.samples_table(chosen_bin, trace.pooling), hide_index=True, width="stretch")
    elif step == lesson.STEP_ALIGNED:
        other = align_trace(view, aligned=not view.settings.aligned)
        left, right = st.columns([1.2, 1], gap="medium")
        with left:
            chart(st, figures.aligned_sketch(trace, other), key="align_sketch")
            st.caption(lesson.sketch_caption())
        with right:
            st.markdown(lesson.aligned_words(trace, other, view.settings))
            st.caption("Switch it with the 'aligned' toggle in the sidebar.")
        st.markdown("#### At the map's border")
        st.markdown(lesson.BORDER_RULE)
        summary = lesson.border_summary(trace, conventions)
        if summary:
            st.info(summary, icon="ℹ️")
        else:
            st.caption(f"No sampling point of this box is affected ({conventions}).")


walkthrough()
next_link(PAGE)
