"""The lesson's checkpoints: every right answer is roi_core's value for the view, for two different boxes (the
slides' and another at stride 16 with torchvision's conventions), and every choice holds its answer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from roi_core import (
    cells_touched,
    level_choice,
    one_bin_max,
    onnx_roi_align,
    roi_align,
    roi_pool,
    roi_rows,
    shift_sweep,
    trace_roi_align,
    trace_roi_pool,
)
from roi_ui.images.store import scene
from roi_ui.lessons import checkpoints
from roi_ui.session.params import defaults
from roi_ui.session.predict import Checkpoint
from roi_ui.session.view import build_view

VIEWS = {
    "slides": {},
    "other": dict(x=120, y=64, w=301, h=222, stride=16, out=2, quant="round", layout="centered", pool="avg"),
}


def view_of(name: str):
    """The built-in scene's view (the slides' table at stride 32, the image's cell means otherwise)."""
    return build_view(
        defaults() | VIEWS[name],
        scene(),
        lambda stride: np.random.default_rng(stride).random((4, math.ceil(576 / stride), math.ceil(800 / stride))),
    )


def traces(view, **align_options):
    s = view.settings
    pool = trace_roi_pool(view.feature_map, s.box_rect, view.geometry, s.output_size, s.quantization)
    align = trace_roi_align(
        view.feature_map, s.box_rect, view.geometry, s.output_size, **(s.align_options | align_options)
    )
    return pool, align


def by_key(checks: list[Checkpoint]) -> dict[str, Checkpoint]:
    return {check.key: check for check in checks}


def every(view) -> dict[str, Checkpoint]:
    pool, align = traces(view)
    adaptive = traces(view, sampling_ratio=-1)[1]
    sweep = shift_sweep(
        view.feature_map,
        view.settings.box_rect,
        view.geometry,
        view.settings.output_size,
        (0, 1),
        quantization=view.settings.quantization,
        **view.settings.align_options,
    )
    s = view.settings
    floor, round_ = (
        trace_roi_pool(view.feature_map, s.box_rect, view.geometry, s.output_size, quantization)
        for quantization in ("floor", "round")
    )
    return by_key(
        checkpoints.feature_map(view)
        + checkpoints.quantization(view, pool)
        + checkpoints.conventions(floor, round_)
        + checkpoints.pooling(pool)
        + checkpoints.output_size(view)
        + checkpoints.align(view, align, adaptive)
        + checkpoints.max_or_average(traces(view, pooling="max")[1], traces(view, pooling="avg")[1])
        + checkpoints.side_by_side(sweep, 0)
        + checkpoints.box_format(view)
        + checkpoints.pyramid(level_choice(s.box_rect))
        + onnx_checkpoint(view)
    )


def onnx_checkpoint(view) -> list:
    """Page 9's ONNX checkpoint with its numbers (``roi_core.one_bin_max``, as page 9 takes them from its cache)."""
    numbers = one_bin_max(view.feature_map, view.settings.box_rect, view.geometry, checkpoints.onnx_max_ratio(view))
    return checkpoints.onnx_max(view, numbers)


@pytest.mark.parametrize("name", VIEWS)
def test_the_lesson_holds_its_total_of_checkpoints_each_choice_holding_its_answer(name):
    found = every(view_of(name))
    assert len(found) == checkpoints.TOTAL
    for check in found.values():
        assert not check.options or (check.answer in check.options and len(set(check.options)) >= 2), check.key
        assert check.is_right(check.answer) and not check.is_right(None)


def test_the_slides_numbers():
    found = every(view_of("slides"))
    assert found["cells-count"].answer == 8 * 7  # columns 9..16, rows 6..12
    assert found["cells-columns"].answer == "columns 9 to 16"
    assert found["quantized-box"].answer == "X=9, Y=6, W=7, H=5"
    assert found["bin-size"].answer == "2 x 1 cells"  # 7/3 -> 2, 5/3 -> 1
    assert found["dropped-cells"].answer == 7 * 5 - 6 * 3
    assert found["sample-position"].answer == "1/3 of the bin's width"
    assert found["spatial-scale"].answer == "1/32 = 0.03125"


@pytest.mark.parametrize("name", VIEWS)
def test_the_answers_are_roi_cores(name):
    view = view_of(name)
    s, found = view.settings, every(view)
    touched = cells_touched(s.box_rect, view.geometry)
    rows, cols = touched.row_stop - touched.row_start, touched.col_stop - touched.col_start
    assert found["cells-count"].answer == rows * cols
    pool, align = traces(view)
    q = pool.quantized
    assert found["quantized-box"].answer == f"X={q.X}, Y={q.Y}, W={q.W}, H={q.H}"
    assert found["dropped-cells"].answer == len(pool.dropped_cells)
    # the argmax: the map cell of bin (0, 0) holding roi_pool's output value
    first = pool.bins[0]
    rows, cols = slice(*first.rows), slice(*first.cols)
    output = roi_pool(view.feature_map[None, None], roi_rows(s.box_rect), s.output_size, 1 / s.stride,
                      quantization=s.quantization)[0, 0, 0, 0]  # fmt: skip
    r, c = np.argwhere(view.feature_map[rows, cols] == output)[0]
    assert found["pool-argmax"].answer == f"({first.rows[0] + r}, {first.cols[0] + c})"
    # a sample's bilinear value: roi_align with one sample per bin (of the first sample's layout) is not it;
    # the trace's value, checked against the four weights
    sample = align.bins[0].samples[0]
    assert found["bilinear-value"].answer == pytest.approx(
        sum(n.weight * view.feature_map[n.row, n.col] for n in sample.neighbours), abs=1e-12
    )
    grid_h = math.ceil(align.roi.height / s.output_size)
    grid_w = math.ceil(align.roi.width / s.output_size)
    assert found["adaptive-ratio"].answer == grid_h * grid_w
    assert found["box-format"].answer.startswith(
        "[[0, " + ", ".join(f"{v:g}" for v in roi_rows(s.box_rect)[0, 1:]) + "]]"
    )


@pytest.mark.parametrize("name", VIEWS)
def test_the_one_pixel_answer_follows_roi_align_and_roi_pool(name):
    view = view_of(name)
    s = view.settings
    rows = np.repeat(roi_rows(s.box_rect), 2, axis=0)
    rows[1, [1, 3]] += 1
    maps = view.feature_map[None, None]
    pooled = roi_pool(maps, rows, s.output_size, 1 / s.stride, quantization=s.quantization)
    aligned = roi_align(maps, rows, s.output_size, 1 / s.stride, s.sampling_ratio, s.aligned, pooling=s.pooling,
                        sample_layout=s.sample_layout)  # fmt: skip
    pool_word = "changes" if (pooled[0] != pooled[1]).any() else "stays"
    align_word = "changes" if (aligned[0] != aligned[1]).any() else "stays"
    assert every(view)["one-pixel"].answer == f"RoI Pooling {pool_word}, RoI Align {align_word}"


@pytest.mark.parametrize("name", VIEWS)
def test_conventions_max_and_size_answers_follow_roi_core(name):
    view = view_of(name)
    s, found = view.settings, every(view)
    floor, round_ = (
        trace_roi_pool(view.feature_map, s.box_rect, view.geometry, s.output_size, quantization)
        for quantization in ("floor", "round")
    )
    same = set(floor.read_cells) == set(round_.read_cells)
    assert found["round-vs-floor"].answer == ("the same cells" if same else "different cells")
    cells = [(r, c) for b in round_.bins for r in range(*b.rows) for c in range(*b.cols)]
    shares = len(cells) > len(set(cells))
    assert found["bins-overlap"].answer.startswith("yes" if shares else "no")
    samples = [sample.value for sample in traces(view)[1].bins[0].samples]
    larger = max(samples) > np.mean(samples) + 1e-12
    assert found["max-or-average"].answer == ("max is larger" if larger else "they are equal")
    assert found["output-size"].answer == f"{s.output_size} x {s.output_size} for both"


def test_numbers_count_at_their_decimals():
    check = Checkpoint(key="k", question="q", answer=0.456, why="w", decimals=2)
    assert check.is_right(0.46) and check.is_right(0.455) and not check.is_right(0.45)
    assert check.shown(0.456) == "0.46"


@pytest.mark.parametrize("name", VIEWS)
def test_the_fpn_level_is_level_choices(name):
    view = view_of(name)
    choice = level_choice(view.settings.box_rect)
    (checkpoint,) = checkpoints.pyramid(choice)
    assert checkpoint.answer == f"P{choice.level}" and checkpoint.answer in checkpoint.options
    assert checkpoint.answer == ("P3" if name == "slides" else "P4")  # sqrt(230 * 180) = 203; sqrt(301 * 222) = 258


@pytest.mark.parametrize("name", VIEWS)
def test_onnx_max_mode_is_below_the_samples_max(name):
    view = view_of(name)
    (checkpoint,) = onnx_checkpoint(view)
    row = roi_rows(view.settings.box_rect)
    samples = roi_align(view.feature_map[None, None], row, 1, 1 / view.settings.stride, 2, True, pooling="max")
    onnx = onnx_roi_align(view.feature_map[None, None], row[:, 1:], np.array([0]), mode="max", sampling_ratio=2,
                          spatial_scale=1 / view.settings.stride)  # fmt: skip
    assert float(onnx.max()) < float(samples.max()) and checkpoint.answer == "smaller"
