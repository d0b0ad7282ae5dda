"""Lesson 4: RoI Align on the slides' map: unrounded bins, sampling points, bilinear interpolation, pooling."""

import streamlit as st

from roi_ui import align_explain as explain
from roi_ui import state
from roi_ui.align_state import (
    MAP_KEY,
    align_trace,
    choose_clicked_sample,
    current_pick,
    map_figure,
    output_figure,
    sample_count,
    sketch_figure,
)
from roi_ui.figures import CHART_CONFIG
from roi_ui.page import setup_page

view = setup_page("RoI Align", ("stride", "out", "align"))
settings = view.settings
key = (view.image.digest, view.feature_source, settings)
trace = align_trace(key, settings.aligned, view.feature_map, view.geometry)
other = align_trace(key, not settings.aligned, view.feature_map, view.geometry)
pick, notices = current_pick(trace)
chosen_bin = trace.bin(pick.row, pick.col)
sample = chosen_bin.samples[pick.sample - 1]
decimals = view.decimals
conventions = explain.tag(trace)


def pickers() -> None:
    """Bin row, bin column and sampling point, bound to the URL parameters."""
    rows, cols = trace.output_size
    row_box, col_box, sample_box = st.columns(3)
    row_box.selectbox("Bin row", options=range(rows), key=state.prepare_widget("bin_row"),
                      on_change=state.commit_widget, args=("bin_row",))
    col_box.selectbox("Bin column", options=range(cols), key=state.prepare_widget("bin_col"),
                      on_change=state.commit_widget, args=("bin_col",))
    sample_box.selectbox("Sample", options=range(1, sample_count(trace, pick.row, pick.col) + 1),
                         format_func=lambda number: f"S{number}", key=state.prepare_widget("sample"),
                         on_change=state.commit_widget, args=("sample",))


def where_it_lies() -> None:
    """The chosen sample: its bin, its position in the bin, its four neighbour cells, any border rule."""
    st.markdown(f"#### {sample.label} of bin (row {pick.row}, col {pick.col})")
    st.caption(f"Coordinates in cells, map frame · {conventions}")
    st.markdown("**Where it lies:** the bin's start plus a fraction of the bin")
    st.latex(explain.position_latex(trace, chosen_bin, sample))
    st.markdown("**Its four nearest cell centres** (orange on the map)")
    st.latex(explain.neighbours_latex(sample))
    note = explain.border_note(sample)
    if note:
        st.info(note, icon="ℹ️")


def interpolation() -> None:
    """The bilinear interpolation written out as the slides do, and the slides' rounding next to the exact values."""
    horizontal, vertical = explain.slides_latex(sample)
    st.markdown(f"#### Bilinear interpolation of {sample.label}: horizontal first, then vertical")
    formulas, comparison = st.columns([1.25, 1], gap="medium")
    with formulas:
        st.markdown("**Horizontal**, top row then bottom row, *as the slides round* (x, y to 2 decimals, "
                    "results to 3):")
        st.latex(horizontal)
        st.markdown(f"**Vertical**, between the two rows → **{sample.label}**:")
        st.latex(vertical)
        with st.expander("The same arithmetic with exact numbers"):
            for formula in explain.exact_latex(sample):
                st.latex(formula)
    with comparison:
        st.markdown(f"**As the slides round vs exact** (what `roi_align` returns; {conventions})")
        st.table(explain.comparison_rows(sample), hide_index=True)


st.title("4 · RoI Align: sample, never round")
st.markdown(
    "RoI Pooling rounded the box twice (lesson 3). **RoI Align rounds nothing**: it divides the box into equal bins "
    "of fractional size, puts a few **sampling points** in each bin, reads each point by **bilinear interpolation** "
    "of the four nearest cell centres, and pools each bin's points (max on the slides, average in torchvision)."
)
st.caption(f"Conventions: {conventions}. Values: {view.feature_source}.")
for notice in notices:
    st.warning(notice, icon="⚠️")

st.subheader("1 · Divide the box into bins, without rounding")
left, right = st.columns([1.3, 1], gap="medium", vertical_alignment="center")
left.markdown(explain.box_words(trace))
right.latex(explain.bin_size_latex(trace))

st.subheader("2 · Sample every bin, interpolate every sample")
left, right = st.columns([1.6, 1], gap="medium")
with left:
    whole_map = st.toggle("Show the whole map", key="align_whole_map")
    st.plotly_chart(map_figure(key, pick, decimals, not whole_map, view.feature_map, trace), key=MAP_KEY,
                    on_select=choose_clicked_sample, selection_mode=("points",), config=CHART_CONFIG)
    st.caption("Green: the box and its bins (dotted). Circles: sampling points, filled when their value reaches the "
               "output. Shaded: the chosen bin. Star: the chosen sample, orange: the four cells it mixes. "
               "**Click a sampling point** to work it out.")
with right:
    pickers()
    where_it_lies()
interpolation()

st.subheader("3 · Pool each bin's samples into one value")
st.markdown(f"**Bin (row {pick.row}, col {pick.col}): its {len(chosen_bin.samples)} sampling points** "
            f"(cells, map frame · {conventions})")
st.dataframe(explain.samples_table(chosen_bin, trace.pooling), hide_index=True, width="stretch")
st.latex(explain.pooling_latex(chosen_bin, trace.pooling))
left, right = st.columns([1.2, 1], gap="medium")
with left:
    st.markdown("Each bin keeps " + ("the **largest** of its samples (max pooling, as the slides): the filled "
                                     "circles on the map." if trace.pooling == "max" else
                                     "the **mean** of its samples (average pooling, torchvision)."))
    st.markdown("Repeat for every bin: the output always has the same size, whatever the box, and no coordinate "
                "was rounded on the way.")
with right:
    rows, cols = trace.output_size
    st.markdown(f"**Output {rows} x {cols}**, the chosen bin outlined ({explain.pooling_name(trace.pooling)} per bin)")
    st.plotly_chart(output_figure(key, pick.row, pick.col, trace), key="align_output", config=CHART_CONFIG)

st.subheader("4 · What `aligned` changes")
left, right = st.columns([1.2, 1], gap="medium")
with left:
    st.plotly_chart(sketch_figure(key, trace, other), key="align_sketch", config=CHART_CONFIG)
    st.caption("Lines: cell edges (whole numbers). Dots: cell centres (c + 0.5). Green, solid: the box and the first "
               "bin's samples with aligned=True; sky blue, dashed: with aligned=False.")
with right:
    st.markdown(explain.aligned_words(trace, other, settings.stride, settings.box))
    st.caption("Switch it with the 'aligned' toggle in the sidebar.")

summary = explain.border_summary(trace)
st.subheader("At the map's border")
st.markdown(
    "torchvision reads a point that lies between the outer cell centres and the map's edge at the nearest centre "
    "(the border cells alone), and a point more than one cell outside the map as 0."
)
if summary:
    st.info(summary, icon="ℹ️")
else:
    st.caption(f"No sampling point of this box is affected ({conventions}).")
