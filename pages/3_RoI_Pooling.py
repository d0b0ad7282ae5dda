"""Lesson 3: RoI Pooling step by step on the slides' map: project, quantize, bins, max, output."""

import streamlit as st

from roi_core import trace_roi_pool
from roi_ui import state, text, theme
from roi_ui.figures import CHART_CONFIG
from roi_ui.page import setup_page
from roi_ui.params import POOL_STEPS
from roi_ui.pooling_figures import STEP_TITLES, WINDOW_MARGIN, output_figure, pooling_step_figure

view = setup_page("RoI Pooling", ("stride", "out", "quant"))
settings, geometry = view.settings, view.geometry
trace = trace_roi_pool(view.feature_map, settings.box_rect, geometry, settings.output_size, settings.quantization)
quantized = trace.quantized
step = view.values["step"]
floor = settings.quantization == "floor"
from_slides, decimals = view.from_slides, view.decimals
out_h, out_w = trace.output_size
colour_name = "vermillion" if floor else "pink"


def cell_value(value: float) -> str:
    """A feature value as the map prints it (the slides' one decimal: 1.0, not 1)."""
    return f"{value:.{decimals}f}"


def count(number: float, noun: str) -> str:
    """'1 cell', '2 cells'."""
    return f"{text.num(number)} {noun}{'' if number == 1 else 's'}"


def fraction(numerator, denominator) -> str:
    """A small LaTeX fraction."""
    return rf"\tfrac{{{numerator}}}{{{denominator}}}"


def at_least_one(expression: str) -> str:
    """The floor of a LaTeX expression; written max(1, floor) when a floor guard applied (see the notes)."""
    floored = rf"\left\lfloor {expression} \right\rfloor"
    return rf"\max\left(1, {floored}\right)" if trace.notes else floored


def equations(*rows: str) -> None:
    """Formulas with their numbers plugged in, one per line, aligned on "&"."""
    st.latex(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}")


def step_navigation() -> None:
    """Previous / Next buttons (← / → keys) around the step's title."""
    left, middle, right = st.columns([1, 5, 1], vertical_alignment="center")
    left.button("Previous", key="step_prev", disabled=step <= 1, on_click=state.set_value,
                args=("step", step - 1), shortcut="Left", width="stretch", help="Previous step (shortcut: ← key)")
    middle.markdown(f"### Step {step} of {POOL_STEPS} · {STEP_TITLES[step - 1]}")
    right.button("Next", key="step_next", disabled=step >= POOL_STEPS, on_click=state.set_value,
                 args=("step", step + 1), shortcut="Right", width="stretch", help="Next step (shortcut: → key)")


def explain_projection() -> None:
    """Step 1: divide the pixel box by the stride."""
    x, y, w, h = settings.box
    s, box = geometry.stride, quantized.projected
    st.markdown(
        f"The detector proposes the box in **image pixels**: x, y = {x}, {y} and w, h = {w}, {h}. "
        f"The backbone shrank the image {s} times (each cell stands for {s} x {s} px), so dividing every "
        f"coordinate by the stride puts the box on the {geometry.map_width} x {geometry.map_height} map. "
        "The corners land **inside** cells, not on cell borders: nothing is rounded yet."
    )
    equations(rf"x_1 &= {fraction(x, s)} = {text.num(box.x1)}", rf"y_1 &= {fraction(y, s)} = {text.num(box.y1)}",
              rf"x_2 &= {fraction(f'{x} + {w}', s)} = {text.num(box.x2)}",
              rf"y_2 &= {fraction(f'{y} + {h}', s)} = {text.num(box.y2)}")
    st.markdown(f"**Box on the map:** {text.pair(box.x1, box.y1)} → {text.pair(box.x2, box.y2)} cells, "
                f"{text.num(box.width)} x {text.num(box.height)} cells.")


def explain_quantization() -> None:
    """Step 2: the first quantization, the box snapped to whole cells."""
    box, cells = quantized.projected, quantized.cells
    (dx, dy), (dw, dh) = quantized.origin_shift_cells, quantized.size_change_cells
    (dx_px, dy_px), (dw_px, dh_px) = quantized.origin_shift_px, quantized.size_change_px
    st.markdown(
        "RoI Pooling can only read **whole cells**, so it snaps the box to the grid: the **first quantization** "
        f"({text.quantization_name(quantized.convention)}). The snapped box brings in background (yellow) and "
        "leaves out part of the object (orange-red)."
    )
    if floor:
        equations(rf"X &= \lfloor {text.num(box.x1)} \rfloor = {quantized.X}",
                  rf"Y &= \lfloor {text.num(box.y1)} \rfloor = {quantized.Y}",
                  rf"W &= {at_least_one(text.num(box.width))} = {quantized.W}",
                  rf"H &= {at_least_one(text.num(box.height))} = {quantized.H}")
    else:
        last_col, last_row = quantized.last_cell
        equations(rf"X &= \mathrm{{round}}({text.num(box.x1)}) = {quantized.X}",
                  rf"x_{{end}} &= \mathrm{{round}}({text.num(box.x2)}) = {last_col}",
                  rf"W &= {last_col} - {quantized.X} + 1 = {quantized.W}",
                  rf"Y &= \mathrm{{round}}({text.num(box.y1)}) = {quantized.Y}",
                  rf"y_{{end}} &= \mathrm{{round}}({text.num(box.y2)}) = {last_row}",
                  rf"H &= {last_row} - {quantized.Y} + 1 = {quantized.H}")
        st.markdown("torchvision rounds both corners and **includes** the end cell.")
    st.markdown(
        f"**Quantized box: X={quantized.X}, Y={quantized.Y}, W={quantized.W}, H={quantized.H} cells** "
        f"(cells {text.pair(cells.x1, cells.y1, 0)} → {text.pair(cells.x2, cells.y2, 0)}).\n"
        f"- origin shift: {text.pair(dx, dy)} cells = {text.pair(dx_px, dy_px, 1)} px\n"
        f"- size change: {text.pair(dw, dh)} cells = {text.pair(dw_px, dh_px, 1)} px\n"
        f"- object lost: {text.num(quantized.lost_area, 0)} px², background added: "
        f"{text.num(quantized.added_area, 0)} px², IoU with the true box {text.num(quantized.iou, 3)}"
    )


def explain_bins() -> None:
    """Step 3: the second quantization, the box divided into bins."""
    bin_h, bin_w = trace.bin_size
    dropped = len(trace.dropped_cells)
    if floor:
        st.markdown(
            f"The {quantized.W} x {quantized.H} cells must become **{out_w} x {out_h} bins**, whatever the box's size. "
            "The division is floored too (the **second quantization**): every bin gets the same whole number of "
            "cells, and the cells left over at the right and bottom are never read (hatched)."
        )
        equations(rf"\text{{bin width}} &= {at_least_one(fraction(quantized.W, out_w))} = {text.num(bin_w)}",
                  rf"\text{{bin height}} &= {at_least_one(fraction(quantized.H, out_h))} = {text.num(bin_h)}")
        st.markdown(f"**{quantized.W}/{out_w} → {count(bin_w, 'cell')} wide, "
                    f"{quantized.H}/{out_h} → {count(bin_h, 'cell')} high.**")
    else:
        st.markdown(
            f"The {quantized.W} x {quantized.H} cells must become **{out_w} x {out_h} bins**. torchvision keeps the "
            "fractional bin size and gives bin i the cells from ⌊i · size⌋ to ⌈(i + 1) · size⌉: "
            "bins may overlap, but no cell of the quantized box is left out."
        )
        equations(rf"\text{{bin width}} &= {fraction(quantized.W, out_w)} = {text.num(bin_w)}",
                  rf"\text{{bin height}} &= {fraction(quantized.H, out_h)} = {text.num(bin_h)}")
    columns = ", ".join(f"[{b.cols[0]}, {b.cols[1]})" for b in trace.bins[:out_w])
    rows = ", ".join(f"[{b.rows[0]}, {b.rows[1]})" for b in trace.bins[::out_w])
    st.markdown(f"- bin columns (cells, end excluded): {columns}\n- bin rows (cells, end excluded): {rows}")
    st.markdown(f"**{count(dropped, 'cell')}** of the quantized box {'is' if dropped == 1 else 'are'} "
                "never read by any bin.")


def explain_max() -> None:
    """Step 4: max pooling inside each bin."""
    st.markdown(
        "Each bin keeps only its **largest value** (max pooling); the yellow cell with the bold outline is the "
        "one it comes from. Every other value of the bin is discarded. On a tie the first cell in reading order wins, "
        "as in torchvision."
    )
    st.dataframe(
        [{"bin": f"({b.row}, {b.col})", "values read": ", ".join(cell_value(v) for v in b.values.flat),
          "max": cell_value(b.value) if not b.empty else "0 (empty)",
          "at cell": str(b.argmax) if not b.empty else "—"} for b in trace.bins],
        hide_index=True, width="stretch", height=min(38 + 35 * len(trace.bins), 360),
    )
    st.caption("bin (row, col) of the output; cell (row, col) of the feature map.")


def explain_output() -> None:
    """Step 5: the pooled output."""
    st.plotly_chart(output_figure(trace.output, theme.QUANTIZATION_COLOURS[settings.quantization], decimals),
                    key="pool_output", config=CHART_CONFIG)
    st.markdown(
        f"**Output: {out_h} x {out_w} values** (per channel), whatever the size of the box: this is what the "
        f"classifier sees. It was read from a box moved by {text.pair(*quantized.origin_shift_px, 1)} px and "
        f"resized by {text.pair(*quantized.size_change_px, 1)} px, with {len(trace.dropped_cells)} of its cells "
        "never read. RoI Align (lesson 4) keeps the box as it is."
    )


EXPLANATIONS = (explain_projection, explain_quantization, explain_bins, explain_max, explain_output)
LEGENDS = (
    "Blue outline: the box projected onto the map (cells), corners written.",
    f"Blue dashed: the true box. {colour_name.capitalize()}: the quantized box. Yellow: background brought in. "
    "Orange-red: object left out. Arrow: the origin's shift.",
    f"Blue dashed: the true box. {colour_name.capitalize()} lines: the quantized box and its bins. "
    "Hatched grey: cells no bin reads.",
    "Yellow, bold black outline: the cell holding each bin's maximum. Hatched grey: cells no bin reads.",
    "Yellow, bold black outline: the cell holding each bin's maximum; these values are the output.",
)

st.title("3 · RoI Pooling, step by step")
st.markdown(
    f"The box ({', '.join(str(v) for v in settings.box)}) px pooled to **{out_h} x {out_w}**, "
    f"**{text.quantization_name(settings.quantization)}**. Step with the buttons or the ← → keys."
)
if trace.notes:
    st.warning(f"**The {text.quantization_name(settings.quantization)} convention needed a guard here:**\n"
               + "\n".join(f"- {note}" for note in trace.notes), icon="⚠️")
step_navigation()
left, right = st.columns([3, 2], gap="medium")
with left:
    map_chart = st.empty()
    whole_map = st.toggle(f"Whole {geometry.map_width} x {geometry.map_height} map", key="pool_whole_map",
                          help="Off: the box and a few cells around it, larger. On: the whole feature map.")
    step_figure = pooling_step_figure(view.feature_map, trace, step, decimals,
                                      margin=None if whole_map else WINDOW_MARGIN)
    map_chart.plotly_chart(step_figure, key="pool_map", config=CHART_CONFIG)
    st.caption(LEGENDS[step - 1])
    st.caption(f"Values: {view.feature_source}."
               + (" Cell row 10, col 14 holds 0.8, as on the RoI Align slides (the RoI Pooling slide shows 0.6)."
                  if from_slides else ""))
with right:
    EXPLANATIONS[step - 1]()
