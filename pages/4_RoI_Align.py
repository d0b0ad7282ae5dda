"""Lesson 4: RoI Align on the slides' map: unrounded bins, sampling points, bilinear interpolation, pooling."""

import streamlit as st

from roi_ui.lessons import align as lesson
from roi_ui.lessons import align_figures as figures
from roi_ui.plot.kit import CHART_CONFIG
from roi_ui.session import registry, state
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page
from roi_ui.session.selection import point_click
from roi_ui.session.traces import align_trace

MAP_KEY = "align_map"  # the map chart, whose clicks choose a sampling point

PAGE = registry.lesson(4)
view = setup_page(PAGE, ("stride", "out", "align"))
decimals = view.decimals
trace = align_trace(view)
other = align_trace(view, aligned=not view.settings.aligned)
pick, notices = lesson.pick(trace, view.values)
chosen_bin = trace.bin(pick.row, pick.col)
sample = chosen_bin.samples[pick.sample - 1]
conventions = lesson.tag(view.settings, trace)

st.title(f"{PAGE.number} · {PAGE.title}: sample, never round")
st.markdown(lesson.intro())
st.caption(f"Conventions: {conventions}. Values: {view.feature_source}.")
for notice in notices:
    st.warning(notice, icon="⚠️")

st.subheader("1 · Divide the box into bins, without rounding")
left, right = st.columns([1.3, 1], gap="medium", vertical_alignment="center")
left.markdown(lesson.box_words(trace))
right.latex(lesson.bin_size_latex(trace))

st.subheader("2 · Sample every bin, interpolate every sample")
left, right = st.columns([1.6, 1], gap="medium")
with left:
    whole_map = st.toggle("Show the whole map", key="align_whole_map")
    chart(
        st,
        figures.sampled_figure(view.feature_map, trace, pick, decimals, close_up=not whole_map),
        **point_click(MAP_KEY, ("bin_row", "bin_col", "sample"), CHART_CONFIG),
    )
    st.caption(lesson.map_caption())
with right:
    rows, cols = trace.output_size
    row_box, col_box, sample_box = st.columns(3)
    row_box.selectbox(
        "Bin row", options=range(rows), index=pick.row, **state.bound_picker("bin_row", pick.in_range("bin_row"), rows)
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
    st.caption(f"Coordinates in cells, map frame · {conventions}")
    st.markdown("**Where it lies:** the bin's start plus a fraction of the bin")
    st.latex(lesson.position_latex(trace, chosen_bin, sample))
    st.markdown(f"**Its four nearest cell centres** ({lesson.NEIGHBOURS_COLOUR.name} on the map)")
    st.latex(lesson.neighbours_latex(sample, decimals))
    note = lesson.border_note(sample)
    if note:
        st.info(note, icon="ℹ️")

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

st.subheader("3 · Pool each bin's samples into one value")
st.markdown(
    f"**Bin (row {pick.row}, col {pick.col}): its {len(chosen_bin.samples)} sampling points** "
    f"(cells, map frame · {conventions})"
)
st.dataframe(lesson.samples_table(chosen_bin, trace.pooling), hide_index=True, width="stretch")
st.latex(lesson.pooling_latex(chosen_bin, trace.pooling))
left, right = st.columns([1.2, 1], gap="medium")
left.markdown(lesson.pooling_words(trace))
with right:
    st.markdown(lesson.output_heading(trace))
    chart(st, figures.output_figure(trace, pick), key="align_output")

st.subheader("4 · What `aligned` changes")
left, right = st.columns([1.2, 1], gap="medium")
with left:
    chart(st, figures.aligned_sketch(trace, other), key="align_sketch")
    st.caption(lesson.sketch_caption())
with right:
    st.markdown(lesson.aligned_words(trace, other, view.settings))
    st.caption("Switch it with the 'aligned' toggle in the sidebar.")

st.subheader("At the map's border")
st.markdown(lesson.BORDER_RULE)
summary = lesson.border_summary(trace, conventions)
if summary:
    st.info(summary, icon="ℹ️")
else:
    st.caption(f"No sampling point of this box is affected ({conventions}).")
next_link(PAGE)
