"""Lesson 5: RoI Pooling and RoI Align on the same box, and what a one-pixel shift does to each."""

import streamlit as st

from roi_core import compare_methods
from roi_ui.lessons import checkpoints
from roi_ui.lessons import side_by_side as lesson
from roi_ui.session import controls, predict, registry, state, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page, title
from roi_ui.session.params import MAX_SHIFT
from roi_ui.session.presenter import Deck, deck
from roi_ui.session.selection import bin_click, cell_bins, chosen_bin, drawn, follow_drawn_box
from roi_ui.session.view import View
from roi_ui.words import readers
from roi_ui.words.conventions import ROI_ALIGN, ROI_POOLING, ZERO_BASED


@st.fragment
def at_shift(view: View, sections: Deck) -> None:
    """The slider and everything that follows the shift: moving it reruns only this part, not the sidebar.

    The fragment reruns alone, so the shift is read from the values (``view`` is that of the last full run).
    The outputs-and-sweep chart also holds every shift as a frame: its own slider moves in the browser, this
    one sets the exact shift (and the URL) for the sections that follow it. ``sections`` (made outside, where
    presenter mode's step buttons are) says which parts to draw.
    """
    follow_drawn_box(view.values)
    values = state.values()
    shift = values["shift"]
    box = view.settings.box_rect.shifted(shift)
    pool, align = traces.pool_trace(view, box=box), traces.align_trace(view, box=box)
    chosen = chosen_bin(values, pool.output_size)
    sweep = traces.sweep(view, lesson.SHIFTS)

    if sections.section(0):
        controls.shift_slider(lesson.slider_label(view.settings.stride), shift, MAX_SHIFT)
        if view.presenting:  # a projector shows the grids and the panels one screen each
            chart(st, lesson.shift_figure(sweep, shift, view, (lesson.GRIDS,), chosen), **bin_click("side_grids"))
            st.markdown(lesson.grids_words(view.settings))
            st.caption(lesson.DIFFERENCE_CAPTION)
        else:
            st.markdown(lesson.box_sentence(box, shift, pool, align))
            for note in lesson.pool_notes(pool):
                st.caption(note)

    if sections.section(1):
        if view.presenting:
            chart(st, lesson.shift_figure(sweep, shift, view, (lesson.SWEEP,)), key="side_sweep")
        else:
            st.markdown(lesson.grids_words(view.settings))
            chart(st, lesson.shift_figure(sweep, shift, view, chosen=chosen), **bin_click("side_shift"))
            st.caption(lesson.DIFFERENCE_CAPTION)
        st.caption(lesson.sweep_caption(view.settings, shift))

    comparison = compare_methods(pool, align)
    if sections.section(2):
        if view.presenting:
            st.markdown(lesson.box_sentence(box, shift, pool, align))
        decimals = lesson.output_decimals(view.decimals, pool.output.shape[1])
        for column, (label, value, help_text) in zip(
            st.columns(3), lesson.reading_metrics(comparison, sweep, decimals), strict=True
        ):
            column.metric(label, value, help=help_text)
        st.markdown(lesson.reading(sweep))
        predict.ask(checkpoints.side_by_side(sweep, shift), checkpoints.TOTAL)

    if sections.section(3):
        map_column, words_column = st.columns([3, 2])
        height = lesson.CELLS_READ_HEIGHTS[view.presenting]
        figure = lesson.cells_read_figure(view, pool, align, comparison, height, chosen)
        with map_column:
            drawing = not view.presenting and controls.draw_toggle("side_draw")
        clicks = bin_click("side_cells", cell_bins(pool, align))
        figure, arguments = drawn(figure, drawing, "side_cells", view.settings.stride, clicks)
        chart(map_column, figure, **arguments)
        with words_column:
            st.markdown(lesson.cells_read_legend(view.settings, pool, comparison))
            decimals = lesson.output_decimals(view.decimals, pool.output.shape[1])  # as the output grids print
            st.markdown(readers.both_bins_read(pool.bin(*chosen), align.bin(*chosen), align.pooling, decimals))
            st.markdown(lesson.cells_read_counts(comparison))
            st.caption(f"Feature values: {view.feature_source}. {ZERO_BASED}")


PAGE = registry.lesson(5)
view = setup_page(PAGE)
title(
    f"{PAGE.number} · {ROI_POOLING} and {ROI_ALIGN}, side by side",
    "The same box on the same map, pooled both ways. Slide the box sideways **one pixel at a time**: "
    f"{ROI_POOLING} only notices when a quantized edge crosses a cell boundary; {ROI_ALIGN} follows every pixel.",
)
unlike = lesson.unlike_pooling(view.settings)
if unlike:
    st.warning(unlike, icon="⚖️")
at_shift(view, deck(PAGE))
next_link(PAGE, view)
