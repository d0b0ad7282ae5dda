"""The lesson's checkpoints (``roi_ui.session.predict``): one builder per page, each question's answer and
explanation taken from ``roi_core``'s traces of the current view, so they follow the box, the stride and the
conventions.

The wrong options of a choice are the mistakes practitioners make (a rounded box, a bin size kept fractional,
``spatial_scale=32``, torchvision's 1/4 for the slides' 1/3), written with the view's own numbers.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np

from roi_core import (
    CENTRE_OFFSET,
    LevelChoice,
    Rect,
    RoIAlignTrace,
    RoIPoolTrace,
    ShiftSweep,
    cells_touched,
    roi_pool,
    roi_rows,
    sample_fraction,
    trace_roi_align,
)

from ..plot import kit
from ..session.predict import Checkpoint, committed
from ..session.view import View
from ..words.numbers import cells, num
from ..words.readers import span

TOTAL = 19  # checkpoints in the whole lesson (the progress line's "of")
CHOICES = 4  # the most options a "which cell" question offers
OWN_QUANTIZATION = ("quantized-box", "bin-size", "dropped-cells")  # page 2's questions on the selected convention


def _options(answer: str, *others: str) -> tuple[str, ...]:
    """The answer and the wrong options, the wrong ones that happen to equal it left out, in a fixed order."""
    return tuple(sorted({answer, *others}))


def _cell_list(cells_: tuple[tuple[int, int], ...], shown: int = 6) -> str:
    """ " (r, c), (r, c), …" for the first ``shown`` cells (nothing for none)."""
    if not cells_:
        return ""
    return " (" + ", ".join(f"({r}, {c})" for r, c in cells_[:shown]) + (", …" if len(cells_) > shown else "") + ")"


def _cells(cells_) -> tuple[Rect, ...]:
    """Map cells (row, col) as the unit squares an answer's marks outline."""
    return tuple(kit.cell_rects(cells_))


def _order(value: float, other: float) -> str:
    """ "equal" (to 1e-12), "larger" or "smaller": ``value`` against ``other``."""
    if np.isclose(value, other, rtol=0, atol=1e-12):
        return "equal"
    return "larger" if value > other else "smaller"


def _box_words(view: View) -> str:
    x, y, w, h = view.settings.box
    return f"x, y = {x}, {y} and w, h = {w}, {h} px"


# --- page 1: from image to feature map ---------------------------------------------------------------------


def feature_map(view: View) -> list[Checkpoint]:
    """Which map cells the box touches, and how many."""
    touched = cells_touched(view.settings.box_rect, view.geometry)
    stride, (x1, x2) = view.settings.stride, (view.settings.box_rect.x1, view.settings.box_rect.x2)
    block = (Rect(touched.col_start, touched.row_start, touched.col_stop, touched.row_stop),)
    columns = f"columns {touched.col_start} to {touched.col_stop - 1}"
    return [
        Checkpoint(
            key="cells-columns",
            question=f"The box {_box_words(view)}, stride {stride}: which map columns does it touch (0-based)?",
            answer=columns,
            options=_options(
                columns,
                f"columns {touched.col_start} to {touched.col_stop}",
                f"columns {touched.col_start + 1} to {touched.col_stop - 1}",
                f"columns {round(x1 / stride)} to {round(x2 / stride)}",
            ),
            why=(
                f"A column c covers pixels {stride}c to {stride}(c + 1). The box runs from x = {x1:g} to {x2:g}: "
                f"floor({x1:g} / {stride}) = {touched.col_start} to ceil({x2:g} / {stride}) − 1 = "
                f"{touched.col_stop - 1}."
            ),
            rects=block,
        ),
        Checkpoint(
            key="cells-count",
            question="How many map cells does the box touch (share some area with), rows × columns?",
            answer=float(touched.count),
            why=(
                f"{touched.row_stop - touched.row_start} rows ({touched.row_start} to {touched.row_stop - 1}) × "
                f"{touched.col_stop - touched.col_start} columns ({touched.col_start} to {touched.col_stop - 1}) = "
                f"**{touched.count}** cells, each standing for a {stride} x {stride} px patch."
            ),
            rects=block,
        ),
    ]


# --- page 2: the quantization error ------------------------------------------------------------------------


def quantization(view: View, trace: RoIPoolTrace) -> list[Checkpoint]:
    """The quantized box, the bin size, the cells the second quantization drops."""
    box = trace.quantized
    projected = box.projected
    answer = f"X={box.X}, Y={box.Y}, W={box.W}, H={box.H}"
    rounded = (
        f"X={round(projected.x1)}, Y={round(projected.y1)}, W={round(projected.width)}, H={round(projected.height)}"
    )
    exact = f"X={num(projected.x1)}, Y={num(projected.y1)}, W={num(projected.width)}, H={num(projected.height)}"
    out_h, out_w = trace.output_size
    bin_h, bin_w = trace.bin_size
    bin_answer = f"{num(bin_w)} x {num(bin_h)} cells"
    return [
        Checkpoint(
            key="quantized-box",
            question=(
                f"The box projects to ({num(projected.x1)}, {num(projected.y1)}) – ({num(projected.x2)}, "
                f"{num(projected.y2)}) cells. With the {box.convention} convention, what box does RoI Pooling keep?"
            ),
            answer=answer,
            options=_options(answer, rounded, exact),
            why=(
                f"{box.convention.capitalize()} quantization keeps whole cells: **{answer}** "
                f"(the slides floor X, Y, W and H; torchvision's roi_pool rounds the corners)."
            ),
            rects=(box.cells,),
        ),
        Checkpoint(
            key="bin-size",
            question=f"That box cut into {out_w} x {out_h} bins: how large is each bin (width x height)?",
            answer=bin_answer,
            options=_options(
                bin_answer,
                f"{num(box.W / out_w)} x {num(box.H / out_h)} cells",
                f"{num(-(-box.W // out_w))} x {num(-(-box.H // out_h))} cells",
            ),
            why=(
                f"W / {out_w} = {box.W} / {out_w} and H / {out_h} = {box.H} / {out_h}, "
                + (
                    f"floored to whole cells: **{bin_answer}** (the second quantization)."
                    if box.convention == "floor"
                    else f"kept fractional, each bin's edges then floored and ceiled: **{bin_answer}**."
                )
            ),
            rects=(trace.bins[0].rect,),
        ),
        Checkpoint(
            key="dropped-cells",
            question="How many cells inside the quantized box does no bin read (the second quantization's loss)?",
            answer=float(len(trace.dropped_cells)),
            why=(
                f"The bins cover {out_h} x {out_w} blocks of whole cells from the box's corner; the box's other "
                f"cells are never read: **{len(trace.dropped_cells)}** here{_cell_list(trace.dropped_cells)}."
            ),
            rects=_cells(trace.dropped_cells),
        ),
    ]


def conventions(floor: RoIPoolTrace, round_: RoIPoolTrace) -> list[Checkpoint]:
    """Round vs floor: which cells each reads, and whether round's bins overlap."""
    only_round = sorted(set(round_.read_cells) - set(floor.read_cells))
    only_floor = sorted(set(floor.read_cells) - set(round_.read_cells))
    same = not only_round and not only_floor
    answer = "the same cells" if same else "different cells"
    shared = _shared_cells(round_)
    overlap = "yes: neighbouring bins share cells" if shared else "no: every cell is in one bin at most"
    return [
        Checkpoint(
            key="round-vs-floor",
            question="torchvision's roi_pool rounds the box's corners where the slides floor X, Y, W and H. For this "
            "box, do both read the same map cells?",
            answer=answer,
            options=("the same cells", "different cells"),
            why=(
                f"Floor reads {len(floor.read_cells)} cells, round {len(round_.read_cells)}"
                + (
                    "; the very same ones here."
                    if same
                    else f"; only round reads {len(only_round)}{_cell_list(tuple(only_round))}, only floor "
                    f"{len(only_floor)}{_cell_list(tuple(only_floor))}."
                )
            ),
            rects=_cells(only_round + only_floor),
        ),
        Checkpoint(
            key="bins-overlap",
            question="With round, each bin's edges are the floor and the ceiling of fractional positions. Do any two "
            "bins of this box read the same cell?",
            answer=overlap,
            options=(
                "yes: neighbouring bins share cells",
                "no: every cell is in one bin at most",
            ),
            why=(
                f"Round's bins are {num(round_.bin_size[1])} x {num(round_.bin_size[0])} cells; where an edge falls "
                "inside a cell, the bin before it ends at its ceiling and the next starts at its floor, so both read "
                f"that cell: **{len(shared)}** shared cells here{_cell_list(tuple(shared))}."
            ),
            rects=_cells(shared),
        ),
    ]


def on_convention(asked: list[Checkpoint], convention: str, selected: str) -> list[Checkpoint]:
    """Page 2's checkpoints whose answers belong on ``convention``'s figures: the selected convention's own
    questions (its box, bin size, dropped cells) on its figures only, round vs floor on both, the cells round's
    bins share on round's."""
    return [
        c
        for c in asked
        if c.key == "round-vs-floor"
        or (c.key == "bins-overlap" and convention == "round")
        or (c.key in OWN_QUANTIZATION and convention == selected)
    ]


def _shared_cells(trace: RoIPoolTrace) -> list[tuple[int, int]]:
    """The map cells that two or more of ``trace``'s bins read."""
    counts: dict[tuple[int, int], int] = {}
    for bin_ in trace.bins:
        for row in range(*bin_.rows):
            for col in range(*bin_.cols):
                counts[row, col] = counts.get((row, col), 0) + 1
    return sorted(cell for cell, count in counts.items() if count > 1)


# --- page 3: RoI Pooling -----------------------------------------------------------------------------------


def pooling(trace: RoIPoolTrace) -> list[Checkpoint]:
    """Which cell wins a bin."""
    first = trace.bins[0]
    if first.argmax is None or first.values.size < 2:
        return []
    # the answer among the bin's cells holding its largest values (four at most), in reading order
    largest = np.argsort(-first.values, axis=None, kind="stable")[:CHOICES]
    cells_ = sorted({first.argmax} | {_offset(first, index) for index in largest.tolist()})
    options = tuple(f"({r}, {c})" for r, c in cells_)
    answer = f"({first.argmax[0]}, {first.argmax[1]})"
    return [
        Checkpoint(
            key="pool-argmax",
            question=f"Bin (0, 0) covers map {span('row', first.rows, ' to ')} and "
            f"{span('column', first.cols, ' to ')}. Which cell (row, col) wins its max?",
            answer=answer,
            options=options,
            why=(
                f"The largest value in the bin is {num(first.value)}, at cell **{answer}** (the first one in "
                "reading order when several tie, as torchvision takes it): that one value stands for the whole bin."
            ),
            rects=_cells([first.argmax]),
        )
    ]


def output_size(view: View) -> list[Checkpoint]:
    """A tiny box and the whole image: the same output size."""
    s = view.settings
    stride = s.stride
    tiny = Rect.from_xywh(s.box[0], s.box[1], stride + 8, stride + 8)
    whole = Rect(0, 0, s.image_width, s.image_height)
    shapes = roi_pool(view.feature_map[None, None], roi_rows([tiny, whole]), s.output_size, 1 / stride).shape[-2:]
    answer = f"{shapes[0]} x {shapes[1]} for both"
    cells_wide = int(np.ceil(s.image_width / stride)), int(np.ceil(s.image_height / stride))
    return [
        Checkpoint(
            key="output-size",
            question=f"With output_size={s.output_size}, what does RoI Pooling give for a {stride + 8} x {stride + 8}"
            f" px box, and for a box over the whole {s.image_width} x {s.image_height} image?",
            answer=answer,
            options=_options(
                answer,
                f"1 x 1 and {cells_wide[1]} x {cells_wide[0]}",
                f"{shapes[0]} x {shapes[1]} and {cells_wide[1]} x {cells_wide[0]}",
            ),
            why=(
                f"Always {s.output_size} x {s.output_size}: the box is cut into that many bins whatever its size "
                "(a tiny box's bins repeat cells, a large one's bins cover many), which is the point of the layer: "
                "a fixed-size input for the detector's head."
            ),
        )
    ]


def _offset(bin_, flat_index: int) -> tuple[int, int]:
    """The map cell (row, col) of the ``flat_index``-th value of a RoI Pooling bin."""
    row, col = divmod(flat_index, bin_.cols[1] - bin_.cols[0])
    return bin_.rows[0] + row, bin_.cols[0] + col


# --- page 4: RoI Align -------------------------------------------------------------------------------------


def align(view: View, trace: RoIAlignTrace, adaptive: RoIAlignTrace) -> list[Checkpoint]:
    """Where a sampling point lies, its bilinear value, spatial_scale, aligned, the adaptive sampling ratio."""
    first = trace.bins[0]
    checkpoints = []
    if first.samples and trace.grid[1] > 1:  # one point a bin sits in the middle in every layout
        count = trace.grid[1]
        numerator, denominator = sample_fraction(0, count, trace.sample_layout)
        answer = f"{numerator}/{denominator} of the bin's width"
        other = "centered" if trace.sample_layout == "spaced" else "spaced"
        other_n, other_d = sample_fraction(0, count, other)
        checkpoints.append(
            Checkpoint(
                key="sample-position",
                question=f"With {count} sampling points across a bin ({trace.sample_layout} layout), where does the "
                "first one lie, from the bin's left edge?",
                answer=answer,
                options=_options(answer, f"{other_n}/{other_d} of the bin's width", "1/2 of the bin's width"),
                why=(
                    f"The slides space n points at (i + 1) / (n + 1): 1/3 and 2/3 for n = 2; torchvision centres "
                    f"them at (i + 0.5) / n: 1/4 and 3/4. This view uses the {trace.sample_layout} layout: "
                    f"**{answer}**."
                ),
                points=((first.samples[0].x, first.samples[0].y),),
            )
        )
    if first.samples:
        sample = first.samples[0]
        corners = ", ".join(f"({n.row}, {n.col})" for n in sample.neighbours)
        checkpoints.append(
            Checkpoint(
                key="bilinear-value",
                question=f"Sample {sample.label} of bin (0, 0) sits at ({num(sample.x)}, {num(sample.y)}) "
                "cells. What is its bilinear value, to 2 decimals?",
                answer=float(sample.value),
                decimals=2,
                why=(
                    f"It mixes the four nearest cell centres {corners} with weights "
                    f"{', '.join(num(n.weight) for n in sample.neighbours)}: "
                    f"{' + '.join(f'{num(n.weight)} × {num(n.value)}' for n in sample.neighbours)} = "
                    f"**{num(sample.value, 4)}**."
                ),
                rects=_cells([(n.row, n.col) for n in sample.neighbours]),
                points=((sample.x, sample.y),),
            )
        )
    stride = view.settings.stride
    scale = Fraction(1, stride)
    checkpoints.append(
        Checkpoint(
            key="spatial-scale",
            question=f"torchvision.ops.roi_align on this stride-{stride} map, boxes in image pixels: what "
            "spatial_scale do you pass?",
            answer=f"1/{stride} = {float(scale):g}",
            options=_options(f"1/{stride} = {float(scale):g}", f"{stride}", "1"),
            why=(
                f"spatial_scale multiplies the box's pixel coordinates into map cells: x = {view.settings.box[0]} px "
                f"becomes {cells(view.settings.box[0] / stride)}. Passing {stride} would put the box "
                f"{stride * stride} times too far: off the map, and the output all zeros."
            ),
        )
    )
    shifted = trace.roi.x1 - CENTRE_OFFSET
    checkpoints.append(
        Checkpoint(
            key="aligned",
            question="What does aligned=True change for this box?",
            answer="moves it half a cell up and left",
            options=("moves it half a cell up and left", "rounds it to whole cells", "nothing, for boxes in pixels"),
            why=(
                f"With aligned=True the box's corners in cells are shifted by −0.5 (pixel corners to cell centres): "
                f"x1 = {num(view.settings.box[0] / stride)} − 0.5 = {cells(view.settings.box[0] / stride - 0.5)}. "
                f"Nothing is rounded; this view {'uses it' if trace.aligned else 'does not'} "
                f"(its x1 in the map frame is {cells(shifted)})."
            ),
            points=((trace.roi.x1, trace.roi.y1),),
        )
    )
    grid_h, grid_w = adaptive.grid
    checkpoints.append(
        Checkpoint(
            key="adaptive-ratio",
            question=f"torchvision's default sampling_ratio=-1 is adaptive. For this box's {num(adaptive.bin_size[1])}"
            f" x {num(adaptive.bin_size[0])}-cell bins, how many sampling points per bin?",
            answer=float(grid_h * grid_w),
            why=(
                f"ceil(bin height) × ceil(bin width) = ceil({num(adaptive.bin_size[0])}) × "
                f"ceil({num(adaptive.bin_size[1])}) = {grid_h} × {grid_w} = **{grid_h * grid_w}** points per bin; "
                "a larger box gets more."
            ),
            points=tuple((sample.x, sample.y) for sample in adaptive.bins[0].samples),
        )
    )
    return checkpoints


# --- page 5: side by side ------------------------------------------------------------------------------------


def side_by_side(sweep: ShiftSweep, shift: int) -> list[Checkpoint]:
    """After a one-pixel shift: does RoI Pooling's output change? RoI Align's?"""
    if shift + 1 not in sweep.shifts:
        return []
    here, there = sweep.index(shift), sweep.index(shift + 1)
    pool_moves = bool((sweep.pool[here] != sweep.pool[there]).any())
    align_moves = bool((sweep.align[here] != sweep.align[there]).any())
    answer = f"RoI Pooling {'changes' if pool_moves else 'stays'}, RoI Align {'changes' if align_moves else 'stays'}"
    options = tuple(f"RoI Pooling {p}, RoI Align {a}" for p in ("changes", "stays") for a in ("changes", "stays"))
    return [
        Checkpoint(
            key="one-pixel",
            question="Move the box one pixel to the right: which outputs change?",
            answer=answer,
            options=options,
            why=(
                f"**{answer}.** RoI Pooling changes only when a quantized edge crosses a cell boundary"
                + (" (this pixel crosses one)" if pool_moves else "")
                + "; RoI Align's samples move with every pixel, and so do its bilinear values."
            ),
        )
    ]


def max_or_average(with_max: RoIAlignTrace, with_average: RoIAlignTrace) -> list[Checkpoint]:
    """Max vs average over a bin's samples."""
    top, mean = with_max.bins[0].value, with_average.bins[0].value
    if not with_max.bins[0].samples:
        return []
    answer = {"equal": "they are equal", "larger": "max is larger", "smaller": "average is larger"}[_order(top, mean)]
    values = ", ".join(num(sample.value) for sample in with_max.bins[0].samples)
    return [
        Checkpoint(
            key="max-or-average",
            question=f"Bin (0, 0)'s samples are {values}. Which is larger: their max (the slides) or their "
            "average (torchvision's roi_align)?",
            answer=answer,
            options=("max is larger", "average is larger", "they are equal"),
            why=(
                f"Max {num(top, 4)}, average {num(mean, 4)}: a maximum is never below the mean, equal only when "
                "every sample is. torchvision has no max option, so its output differs from the slides' wherever a "
                "bin's samples differ."
            ),
            points=tuple((sample.x, sample.y) for sample in with_max.bins[0].samples),
        )
    ]


# --- page 6: one channel at a time ------------------------------------------------------------------------


def box_format(view: View) -> list[Checkpoint]:
    """The boxes torchvision expects."""
    row = roi_rows(view.settings.box_rect)[0]
    rows = "[[" + ", ".join(f"{value:g}" for value in row) + "]]"
    x, y, w, h = view.settings.box
    return [
        Checkpoint(
            key="box-format",
            question="One image, this box: what do you pass as boxes to torchvision.ops.roi_align?",
            answer=f"{rows}: (K, 5) rows, batch index first, then x1, y1, x2, y2",
            options=(
                f"{rows}: (K, 5) rows, batch index first, then x1, y1, x2, y2",
                f"[[{x}, {y}, {w}, {h}]]: x, y, w, h",
                f"[[{y}, {x}, {y + h}, {x + w}]]: y1, x1, y2, x2",
            ),
            why=(
                f"torchvision takes a (K, 5) tensor of [batch index, x1, y1, x2, y2] (or a list of (K_i, 4) "
                f"tensors, one per image): here {rows}. Width and height in place of x2, y2 give a box that ends at "
                f"({w}, {h}), and [y1, x1, ...] (TensorFlow's order) swaps the axes: no error, wrong numbers."
            ),
        )
    ]


# --- page 8: the feature pyramid ------------------------------------------------------------------------------


def pyramid(choice: LevelChoice) -> list[Checkpoint]:
    """Which pyramid level FPN pools the learner's box from."""
    w, h = choice.box.width, choice.box.height
    answer = f"P{choice.level}"
    return [
        Checkpoint(
            key="fpn-level",
            rects=(choice.box.scaled(1 / choice.stride),),  # the box in the cells of its level (that close-up)
            question=f"Your box is {num(w, 0)} x {num(h, 0)} px. From which level, P2 (stride 4) to P5 (stride 32), "
            "does Mask R-CNN's FPN pool it?",
            answer=answer,
            options=tuple(f"P{k}" for k in range(choice.k_min, choice.k_max + 1)),
            why=(
                f"√({num(w, 0)} · {num(h, 0)}) = {num(choice.side, 1)} px; {choice.canonical_level} + "
                f"log2({num(choice.side, 1)} / {choice.canonical_scale}) = {num(choice.exact, 3)}, floored: "
                f"{choice.floored}" + (f", clamped to {choice.level}" if choice.clamped else "") + f": **{answer}**."
            ),
        )
    ]


# --- page 9: the method zoo ---------------------------------------------------------------------------------


def onnx_max_ratio(view: View) -> int:
    """The ONNX checkpoint's samples per side: the view's sampling ratio, 2 where it is adaptive."""
    return max(view.settings.sampling_ratio, 0) or 2


def onnx_max(view: View, numbers: tuple[float, float]) -> list[Checkpoint]:
    """ONNX Runtime's max mode against the max of the interpolated samples, the whole box as one bin (``numbers``:
    ``roi_core.one_bin_max`` at ``onnx_max_ratio``); the answer, once revealed, marks the box and its largest
    sample (traced only then)."""
    box = view.settings.box_rect
    scale, ratio = view.geometry.spatial_scale, onnx_max_ratio(view)
    onnx, samples_max = numbers
    answer = _order(onnx, samples_max)
    asked = Checkpoint(
        key="onnx-max",
        rects=(box.scaled(scale),),  # aligned: the map frame's box is the scaled box
        question=f"The whole box as one bin, {ratio} x {ratio} samples: is ONNX Runtime's RoiAlign with "
        "mode='max' smaller than, equal to or larger than the max of the interpolated samples?",
        answer=answer,
        options=("smaller", "equal", "larger"),
        why=(
            f"Max of the samples {num(samples_max, 4)}; ONNX Runtime {num(onnx, 4)}: it keeps, for each sample, "
            "the largest of its four weighted corner terms w · v (each at most the sample's value on a map of "
            f"positive values), then the largest over the bin. **{answer.capitalize()}**."
        ),
    )
    if committed(asked)[0]:
        one_bin = trace_roi_align(view.feature_map, box, view.geometry, 1, ratio, True, "max", "centered").bins[0]
        largest = one_bin.samples[one_bin.winner or 0]
        asked = replace(asked, points=((largest.x, largest.y),))
    return [asked]
