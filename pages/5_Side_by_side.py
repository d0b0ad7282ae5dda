"""Lesson 5: RoI Pool and RoI Align on the same box, and what a one-pixel shift does to each."""

from __future__ import annotations

import streamlit as st

from roi_core import (
    LessonSettings,
    MethodComparison,
    Rect,
    RoIAlignTrace,
    RoIPoolTrace,
    ShiftSweep,
    compare_methods,
    map_geometry,
    shift_sweep,
    trace_roi_align,
    trace_roi_pool,
)
from roi_ui import comparison_figures as figures
from roi_ui import state, text
from roi_ui.figures import CHART_CONFIG
from roi_ui.page import View, setup_page
from roi_ui.params import MAX_SHIFT

SHIFTS = range(-MAX_SHIFT, MAX_SHIFT + 1)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_sweep(settings: LessonSettings, source: str, _feature_map):
    """The shift sweep of ``settings``' box, keyed by the settings and the values' source (not the shift)."""
    return shift_sweep(
        _feature_map, settings.box_rect, map_geometry(settings.image_width, settings.image_height, settings.stride),
        settings.output_size, SHIFTS, quantization=settings.quantization, sampling_ratio=settings.sampling_ratio,
        sample_layout=settings.sample_layout, pooling=settings.pooling, aligned=settings.aligned,
    )


def shifts_text(shifts: tuple[int, ...]) -> str:
    """A list of shifts such as "-44, -12, +20, +52 px"."""
    return ", ".join(f"{s:+d}" if s else "0" for s in shifts) + " px" if shifts else "none"


@st.fragment
def at_shift(view: View) -> None:
    """The slider and everything that follows the shift: moving it reruns only this part, not the sidebar."""
    settings, stride = view.settings, view.settings.stride
    st.slider(f"Shift the box horizontally (pixels; at stride {stride}, 1 px = 1/{stride} of a cell)",
              min_value=-MAX_SHIFT, max_value=MAX_SHIFT, step=1, format="%+d px",
              key=state.prepare_widget("shift"), on_change=state.commit_widget, args=("shift",))
    shift = state.values()["shift"]
    box = settings.box_rect.shifted(shift)
    pool = trace_roi_pool(view.feature_map, box, view.geometry, settings.output_size, settings.quantization)
    align = trace_roi_align(view.feature_map, box, view.geometry, settings.output_size, settings.sampling_ratio,
                            settings.aligned, settings.pooling, settings.sample_layout)
    comparison = compare_methods(pool, align)
    sweep = cached_sweep(settings, f"{view.image.digest}: {view.feature_source}", view.feature_map)
    show_box(box, shift, pool, align, settings.quantization)
    show_outputs(pool, align, comparison, settings)
    show_reading(comparison, sweep)
    show_sweep(sweep, shift, settings)
    show_cells_read(view, pool, align, comparison)


def show_box(box: Rect, shift: int, pool: RoIPoolTrace, align: RoIAlignTrace, quantization: str) -> None:
    """Where the shifted box lies, in pixels and cells, as each method sees it."""
    projected = pool.quantized.projected
    st.markdown(
        f"Box x from **{text.px(box.x1)}** to **{text.px(box.x2)}** (shift {shift:+d} px) → "
        f"**{text.cells(projected.x1, 4)}** to **{text.cells(projected.x2, 4)}** on the map. "
        f"RoI Pool ({quantization}) snaps it to whole cells, **{text.num(pool.quantized.cells.x1)}** to "
        f"**{text.cells(pool.quantized.cells.x2)}**; RoI Align samples from {text.cells(align.roi.x1, 4)} to "
        f"{text.cells(align.roi.x2, 4)} in the map frame, unrounded."
    )
    for note in dict.fromkeys(pool.quantized.notes):  # each note once (width and height may say the same)
        st.caption(f"RoI Pool: {note}.")


def show_outputs(pool: RoIPoolTrace, align: RoIAlignTrace, comparison: MethodComparison,
                 settings: LessonSettings) -> None:
    """Both outputs and their difference, side by side."""
    st.plotly_chart(figures.outputs_figure(pool, align, comparison, settings), key="side_outputs", config=CHART_CONFIG)
    st.caption("Right, Align − Pool: orange where RoI Align gives more than RoI Pool, blue where it gives less, "
               "white where they agree.")


def show_reading(comparison: MethodComparison, sweep: ShiftSweep) -> None:
    """The result in numbers: the largest gap, and how often each method changed over the sweep."""
    gap_row, gap_col = comparison.largest_gap_bin
    pool_low, pool_high = sweep.distinct_range("pool")
    align_low, align_high = sweep.distinct_range("align")
    first, last = int(sweep.shifts[0]), int(sweep.shifts[-1])
    gap_metric, pool_metric, align_metric = st.columns(3)
    gap_metric.metric("Largest |Align − Pool| here", text.num(comparison.largest_gap),
                      help=f"At output bin (row {gap_row}, col {gap_col}); feature values have no unit.")
    pool_metric.metric(f"RoI Pool: values per bin over {len(sweep.shifts)} shifts", f"{pool_low} to {pool_high}",
                       help=f"How many different values one output bin took while the box slid from {first:+d} "
                       f"to {last:+d} px.")
    align_metric.metric(f"RoI Align: values per bin over {len(sweep.shifts)} shifts",
                        f"{align_low} to {align_high}", help="Values equal to 6 decimals count as one.")
    st.markdown(
        f"**Reading.** Over the {sweep.step_count} one-pixel steps from {first:+d} to {last:+d} px, "
        f"RoI Pool's bins moved at **{len(sweep.pool_bin_shifts)}** of them ({shifts_text(sweep.pool_bin_shifts)}: "
        f"where a quantized edge crosses a cell boundary) and its output changed at "
        f"{len(sweep.pool_change_shifts)} ({shifts_text(sweep.pool_change_shifts)}); in between it stays frozen. "
        f"RoI Align's output changed at **{len(sweep.align_change_shifts)} of {sweep.step_count}** steps: it "
        "follows every pixel of the box."
    )


def show_sweep(sweep: ShiftSweep, shift: int, settings: LessonSettings) -> None:
    """Every output bin against the shift, the current shift marked."""
    st.subheader("Every output bin against the shift")
    st.caption(f"One plot per output bin. {figures.pool_title(settings.quantization)}: a staircase. "
               f"{figures.align_title(settings)}: a continuous curve. Dashed black: the current shift "
               f"({shift:+d} px). Dotted: a shift where RoI Pool's bins moved (a quantized edge crossed a cell "
               "boundary).")
    st.plotly_chart(figures.sweep_figure(sweep, shift), key="side_sweep", config=CHART_CONFIG)


def show_cells_read(view: View, pool: RoIPoolTrace, align: RoIAlignTrace, comparison: MethodComparison) -> None:
    """The map with the cells each method read, and the counts in words."""
    st.subheader("Which cells each method read")
    map_col, words_col = st.columns([3, 2])
    map_col.plotly_chart(figures.cells_read_figure(view.feature_map, pool, align, comparison),
                         key="side_cells", config=CHART_CONFIG)
    with words_col:
        st.markdown(
            f"- **Shaded**: the {len(comparison.pool_read)} cells RoI Pool's bins read "
            f"({view.settings.quantization} quantization; bins of {text.num(pool.bin_size[1])} x "
            f"{text.num(pool.bin_size[0])} cells, w x h).\n"
            f"- **Green outlines**: the {len(comparison.align_touched)} cells RoI Align's sampling points "
            "(green dots) mix with a nonzero bilinear weight.\n"
            "- **Blue**: the true box, projected onto the map and not rounded."
        )
        st.markdown(
            f"Read by both: **{len(comparison.read_by_both)}** cells. "
            f"Only RoI Pool: **{len(comparison.pool_only)}** cells no sample touched. "
            f"Only RoI Align: **{len(comparison.align_only)}** cells RoI Pool never read."
        )
        st.caption(f"Feature values: {view.feature_source}.")


view = setup_page("Side by side", ("stride", "out", "quant", "align"))
st.title("RoI Pool and RoI Align, side by side")
st.markdown("The same box on the same map, pooled both ways. Slide the box sideways **one pixel at a time**: "
            "RoI Pool only notices when a quantized edge crosses a cell boundary; RoI Align follows every pixel.")
at_shift(view)
