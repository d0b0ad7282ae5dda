"""Lesson 4: RoI Align step by step on the slides' map: unrounded bins, sampling points, bilinear interpolation,
pooling, what `aligned` changes. In presenter mode each step fits one 1280 x 720 screen: the map's legend, the
worked example's details and the border rules fold into expanders."""

import streamlit as st

from roi_ui.lessons import align as lesson
from roi_ui.lessons import align_figures as figures
from roi_ui.lessons import checkpoints
from roi_ui.plot.kit import CHART_CONFIG
from roi_ui.session import controls, predict, registry, state
from roi_ui.session.charts import chart
from roi_ui.session.page import beside, next_link, setup_page, title, wrapping_row
from roi_ui.session.selection import bin_click, drawn, follow_drawn_box, point_click
from roi_ui.session.traces import align_trace
from roi_ui.words.conventions import ZERO_BASED

WHOLE_MAP_KEY = "align_whole_map"  # the page-local toggle between the close-up and the whole map
MAP_KEY = "align_map"  # the map chart (steps 1 to 3), whose clicks choose a sampling point
SKETCH_HEIGHT = {False: 360, True: 265}  # px, by presenter mode: room for the legend and words on 720 px

PAGE = registry.lesson(4)
view = setup_page(PAGE, ("stride", "out", "align"))
decimals, geometry, presenting = view.decimals, view.geometry, view.presenting
trace = align_trace(view)
conventions = lesson.tag(view.settings, trace)
notes = f"Conventions: {conventions}. Values: {view.feature_source}. {lesson.COORDINATES} {ZERO_BASED}"

title(f"{PAGE.label}: sample, never round", lesson.intro())
if not presenting:
    st.caption(notes)
pooled = {pooling: align_trace(view, pooling=pooling) for pooling in ("max", "avg")}
asked = checkpoints.align(view, trace, align_trace(view, sampling_ratio=-1))
asked += checkpoints.max_or_average(pooled["max"], pooled["avg"])


@st.fragment
def walkthrough() -> None:
    """The step buttons, the step's chart and words: a step, a picker or a click reruns only this part. The map
    marks the answers of the page's checkpoints once revealed."""
    follow_drawn_box(view.values)
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
        if presenting:  # the map is height-bound: the words get the larger share
            left, right = st.columns([2, 3], gap="medium")
        else:  # the words beside the map, or under it on a narrow screen
            left, right = beside(figures.map_width(close_up=not st.session_state.get(WHOLE_MAP_KEY, False)))
        with left:
            map_chart = st.empty()
            whole_map = not presenting and controls.whole_map_toggle(geometry, key=WHOLE_MAP_KEY)
            drawing = not presenting and controls.draw_toggle("align_draw")  # on: a drag draws; off: a click picks
            spec = figures.step_map(view.feature_map, trace, pick, decimals, step, not whole_map, presenting)
            spec = predict.marked(spec, asked)
            spec, arguments = drawn(spec, drawing, MAP_KEY, geometry.stride)
            if not drawing:
                arguments = point_click(MAP_KEY, ("bin_row", "bin_col", "sample"), CHART_CONFIG)
            chart(map_chart, spec, **arguments)
            if not presenting:
                st.caption(lesson.map_caption(step))
        if step == lesson.STEP_BINS:
            right.markdown(lesson.box_words(trace))
            right.latex(lesson.bin_size_latex(trace))
        elif step == lesson.STEP_SAMPLES:
            rows, cols = trace.output_size
            row_box, col_box, sample_box = right.columns(3)
            controls.picker(row_box, "Bin row", range(rows), pick.row, "bin_row", pick.in_range("bin_row"))
            controls.picker(col_box, "Bin column", range(cols), pick.col, "bin_col", pick.in_range("bin_col"))
            samples = range(1, pick.count + 1)
            sample_in_range = pick.in_range("sample")
            controls.picker(sample_box, "Sample", samples, pick.sample - 1, "sample", sample_in_range, "S{}".format)
            right.markdown(lesson.sample_heading(sample, pick))
            right.markdown(lesson.sampling_words(trace))
        else:
            # Presenter mode: the slides' formulas beside the map, the rest folded; else all of it, formulas below.
            right.markdown(lesson.sample_heading(sample, pick))
            if presenting:
                formulas = right.container()
                place = comparison = right.expander("Where it lies, its four nearest cells, the exact numbers")
            else:
                place = right
                st.markdown(f"#### Bilinear interpolation of {sample.label}: horizontal first, then vertical")
                formulas, comparison = st.columns([1.25, 1], gap="medium")
            place.markdown(
                f"**Where it lies** (x, y in cells, map frame · {conventions}): the bin's start plus a fraction"
            )
            place.latex(lesson.position_latex(trace, chosen_bin, sample))
            place.markdown(f"**Its four nearest cell centres** ({lesson.NEIGHBOURS_COLOUR.name} on the map)")
            place.latex(lesson.neighbours_latex(sample, decimals))
            note = lesson.border_note(sample)
            if note:
                place.info(note, icon="ℹ️")
            horizontal, vertical = lesson.slides_latex(sample, decimals, narrow=not presenting)
            formulas.markdown(
                f"**Horizontal**, top row then bottom row, *as the slides round* ({lesson.slides_rounding()}):"
            )
            formulas.latex(horizontal)
            formulas.markdown(f"**Vertical**, between the two rows → **{sample.label}**:")
            formulas.latex(vertical)
            exact = (
                comparison.container() if presenting else comparison.expander("The same arithmetic with exact numbers")
            )
            for formula in lesson.exact_latex(sample, decimals, narrow=not presenting):
                exact.latex(formula)
            comparison.markdown(f"**As the slides round vs exact** (what `roi_align` returns; {conventions})")
            comparison.table(lesson.comparison_rows(sample), hide_index=True)
        if presenting:
            right.expander("What the map shows").caption(lesson.map_caption(step))

    elif step == lesson.STEP_POOL:
        # Presenter mode: what pooling keeps under the output, the bin's samples in a large table beside them.
        # Beside the output, what its chosen bin read on the map (a click on either chooses), under it where the
        # screen is narrow; a projector has no room for the map.
        if presenting:
            left, right = st.columns(2, gap="medium")
        else:
            left, right = wrapping_row(figures.OUTPUT_WIDTH, figures.map_width(close_up=True))
        left.markdown(lesson.output_heading(trace))
        chart(left, figures.output_figure(trace, pick), **bin_click("align_output"))
        if not presenting:
            spec = predict.marked(figures.step_map(view.feature_map, trace, pick, decimals, step), asked)
            chart(right, spec, **point_click(MAP_KEY, ("bin_row", "bin_col", "sample"), CHART_CONFIG))
            right.caption(lesson.linked_caption())
        left.markdown(lesson.pooling_words(trace))
        samples = right if presenting else st.container()
        samples.markdown(lesson.samples_heading(pick, chosen_bin, conventions))
        samples.latex(lesson.pooling_latex(chosen_bin, trace.pooling))
        rows = lesson.samples_table(chosen_bin, trace.pooling, compact=presenting)
        if presenting:
            samples.table(rows, hide_index=True)
        else:
            samples.dataframe(rows, hide_index=True, width="stretch")

    elif step == lesson.STEP_ALIGNED:
        # Presenter mode: the map's border folded under the words.
        other = align_trace(view, aligned=not view.settings.aligned)
        left, right = st.columns([1.2, 1], gap="medium")
        chart(left, figures.aligned_sketch(trace, other, SKETCH_HEIGHT[presenting]), key="align_sketch")
        left.caption(lesson.sketch_caption())
        right.markdown(lesson.aligned_words(trace, other, view.settings))
        right.caption("Switch it with the 'aligned' toggle in the settings.")
        if presenting:
            border = right.expander("At the map's border")
        else:
            border = st.container()
            border.markdown("#### At the map's border")
        border.markdown(lesson.BORDER_RULE)
        summary = lesson.border_summary(trace, conventions)
        if summary:
            border.info(summary, icon="ℹ️")
        else:
            border.caption(f"No sampling point of this box is affected ({conventions}).")


walkthrough()
if presenting:
    st.caption(notes)
if not presenting or state.values()["align_step"] == lesson.STEPS:  # a projector: at the last step
    predict.ask(asked, checkpoints.TOTAL)
next_link(PAGE, view)
