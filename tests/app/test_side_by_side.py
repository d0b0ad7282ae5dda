"""AppTest checks of the 'Side by side' page (lesson 5): RoI Pooling and RoI Align on one box, and the shift."""

from __future__ import annotations

import re

import numpy as np
import pytest

from roi_core import LESSON_PRESET, lesson_feature_map, map_geometry, trace_roi_align, trace_roi_pool
from roi_ui.plot.legible import VALUES_FONT
from roi_ui.session import traces
from roi_ui.words.numbers import fixed_grid
from tests.app.helpers import array, figure, page_text, run_page

PAGE = "5_Side_by_side.py"
CHART = "side_shift"  # the output grids and the sweep, one chart with a frame per shift

# The slides' worked example (roi_core/data/README.md), written out by hand.
POOL_FLOOR = [[0.9, 0.7, 0.5], [0.6, 0.4, 1.0], [0.4, 0.5, 0.8]]
ALIGN_FIRST = 0.4875  # first bin: max of the 2 x 2 spaced samples (S2 = 0.4377 on the slides, S1 = 0.4875)


def heatmap(at, name: str) -> dict:
    """The output grid named "RoI Pooling", "RoI Align" or "Align − Pool"."""
    (trace,) = [t for t in figure(at, CHART)["data"] if t["type"] == "heatmap" and t["name"] == name]
    return trace


def is_value_labels(trace: dict) -> bool:
    """Whether a trace is a grid's printed values (``roi_ui.plot.legible``: its font family marks it)."""
    return str((trace.get("textfont") or {}).get("family", "")).startswith(VALUES_FONT)


def printed(at, name: str) -> list[str]:
    """The values printed over the output grid ``name``: its value-label trace, in the grids' order."""
    data = figure(at, CHART)["data"]
    grids = [t["name"] for t in data if t["type"] == "heatmap"]
    labels = [t for t in data if is_value_labels(t)]
    return labels[grids.index(name)]["text"]


def sweep_traces(at) -> list[dict]:
    """The sweep's lines (the chart's scatter traces but the grids' printed values; the grids are its heatmaps)."""
    return [t for t in figure(at, CHART)["data"] if t["type"] == "scatter" and not is_value_labels(t)]


def frame_updates(chart: dict, frame: dict) -> dict[str, dict]:
    """What a frame changes, by the name of the trace it changes (value labels: "<grid name> values")."""
    data = chart["data"]
    grids = [t["name"] for t in data if t["type"] == "heatmap"]
    labels = [i for i, t in enumerate(data) if is_value_labels(t)]
    names = {i: f"{grids[labels.index(i)]} values" if i in labels else data[i].get("name") for i in frame["traces"]}
    return {names[i]: update for i, update in zip(frame["traces"], frame["data"], strict=True)}


def z(at, name: str) -> np.ndarray:
    return array(heatmap(at, name)["z"])


def titles(at) -> str:
    return " | ".join(a["text"] for a in figure(at, CHART)["layout"]["annotations"])


@pytest.fixture(scope="module")
def preset():
    return run_page(PAGE)


def test_preset_shows_both_outputs_with_their_conventions(preset):
    np.testing.assert_allclose(z(preset, "RoI Pooling"), POOL_FLOOR)
    align = z(preset, "RoI Align")
    assert align.shape == (3, 3)
    assert align[0, 0] == pytest.approx(ALIGN_FIRST, abs=5e-5)
    assert f"{align[0, 0]:.3f}" == "0.487"
    pool = heatmap(preset, "RoI Pooling")
    assert pool["text"][0][0] == "0.900" and "texttemplate" not in pool  # printed by a label trace, on top
    assert printed(preset, "RoI Pooling") == [f"{value:.3f}" for row in POOL_FLOOR for value in row]
    assert titles(preset) == "<b>RoI Pooling</b> | <b>RoI Align</b> | <b>Align − Pool</b>"  # short: fit a phone
    shown = page_text(preset)
    assert "**RoI Pooling** (floor (the slides))" in shown
    assert "**RoI Align** (2 x 2 spaced · max · aligned=True)" in shown


def test_difference_is_align_minus_pool(preset):
    difference = z(preset, "Align − Pool")
    np.testing.assert_allclose(difference, z(preset, "RoI Align") - np.array(POOL_FLOOR), atol=1e-12)
    gap = np.abs(difference).max()
    trace = heatmap(preset, "Align − Pool")
    assert (trace["zmin"], trace["zmax"]) == pytest.approx((-gap, gap))  # diverging scale centred on 0
    labels = printed(preset, "Align − Pool")  # signed, 3 decimals
    assert labels == [text for row in trace["text"] for text in row]
    assert all(re.fullmatch(r"[+-]\d\.\d{3}", text) for text in labels), labels
    assert f"{gap:.3f}" == "0.415"  # bin (1, 2): 0.585 - 1.0
    assert any(m.value == "0.415" for m in preset.metric)


def test_reading_lists_where_the_floor_bins_move(preset):
    shown = page_text(preset)
    # floor(W) = 7 for every shift, so the bins move when floor((300 + s) / 32) changes:
    # 300 + s = 256, 288, 320, 352
    assert "moved at **2** of them (-12, +20 px" in shown
    assert "64 of 64" in shown  # RoI Align changes at every one-pixel step
    assert "9.375 cells" in shown and "16.5625 cells" in shown


def test_cells_read_map_marks_both_methods(preset):
    traces = figure(preset, "side_cells")["data"]
    names = [t.get("name") or "" for t in traces]
    assert any("RoI Pooling read (18 cells" in n for n in names)  # 2 x 1 bins over 3 x 3: 6 columns x 3 rows
    assert any("RoI Align's samples touched" in n for n in names)
    points = next(t for t in traces if t.get("name") == "RoI Align's sampling points")
    assert len(array(points["x"])) == 9 * 4


def test_sweep_has_a_line_for_every_output_bin(preset):
    traces = sweep_traces(preset)
    for name in ("RoI Pooling (floor)", "RoI Align"):
        (curve,) = [t for t in traces if t.get("name") == name]
        data = array(curve["customdata"])
        segments = np.isnan(data[:, 0])
        assert segments.sum() == 9  # one stretch per output bin, each ended by a gap
        assert len(data) == 9 * (65 + 1)
        np.testing.assert_array_equal(data[:65, 0], np.arange(-32, 33))
    pool = array(next(t for t in traces if t.get("name") == "RoI Pooling (floor)")["customdata"])
    assert pool[32, 1] == pytest.approx(0.9)  # bin (0, 0) at shift 0
    assert (pool[32 - 12 + 1 : 32 + 20, 1] == pool[32, 1]).all()  # flat from -11 to +19 px
    (marker,) = [t for t in traces if t.get("name") == "current shift"]
    assert marker["x"][0] == 0


def test_shift_slider_moves_the_box_and_changes_align():
    at = run_page(PAGE)
    before = z(at, "RoI Align")
    at.slider(key="ctl_shift").set_value(5).run()
    assert not at.exception
    after = z(at, "RoI Align")
    assert not np.allclose(before, after)
    np.testing.assert_allclose(z(at, "RoI Pooling"), POOL_FLOOR)  # 305 / 32 still floors to 9
    assert at.query_params["shift"] == "5"
    assert "305 px" in page_text(at)
    marker = next(t for t in sweep_traces(at) if t.get("name") == "current shift")
    assert marker["x"][0] == 5


def test_shift_from_the_url_round_trips():
    at = run_page(PAGE, shift="12")
    assert at.slider(key="ctl_shift").value == 12
    assert at.query_params["shift"] == "12"
    shown = page_text(at)
    assert "312 px" in shown and "542 px" in shown and "9.75 cells" in shown
    assert z(at, "RoI Align")[0, 0] != pytest.approx(ALIGN_FIRST, abs=1e-3)
    np.testing.assert_allclose(z(at, "RoI Pooling"), POOL_FLOOR)


def test_a_shift_past_the_bins_moves_pool():
    at = run_page(PAGE, shift="20")  # 320 / 32 = 10: X moves from 9 to 10
    assert not np.allclose(z(at, "RoI Pooling"), POOL_FLOOR)


def test_bad_shift_shows_the_notice():
    at = run_page(PAGE, shift="1000")
    assert at.warning
    assert any("shift" in code.value and "1000" in code.value for code in at.code)
    assert at.slider(key="ctl_shift").value == 0
    np.testing.assert_allclose(z(at, "RoI Pooling"), POOL_FLOOR)


def test_round_and_other_align_conventions_are_named():
    at = run_page(PAGE, quant="round", layout="centered", pool="avg", aligned="0", out="2")
    shown = page_text(at)
    assert "round (torchvision roi_pool)" in shown
    assert "2 x 2 centred · average · aligned=False" in shown
    assert z(at, "RoI Pooling").shape == (2, 2)
    traces = sweep_traces(at)
    (curve,) = [t for t in traces if t.get("name") == "RoI Pooling (round)"]
    assert np.isnan(array(curve["customdata"])[:, 0]).sum() == 4


def test_moving_the_shift_reuses_the_cached_sweep(monkeypatch):
    calls = []
    real = traces.shift_sweep

    def counting_sweep(*args, **kwargs):
        calls.append(args[3:])
        return real(*args, **kwargs)

    monkeypatch.setattr(traces, "shift_sweep", counting_sweep)  # the name the session's cached sweep calls
    at = run_page(PAGE, out="4", layout="centered", sr="3")  # settings no other test uses: computed once
    assert len(calls) == 1
    for shift in (7, -30):
        at.slider(key="ctl_shift").set_value(shift).run()
        assert not at.exception
    assert len(calls) == 1  # only the marker moved
    at.radio(key="ctl_quant").set_value("round").run()
    assert len(calls) == 2  # a new convention is a new sweep


def shifted_outputs(shift: int, output_size: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """roi_core's RoI Pooling (floor) and RoI Align (2 x 2 spaced, max, aligned) of the preset box moved by
    ``shift`` px, on the slides' map: the values the page's chart must hold for that shift."""
    box = LESSON_PRESET.box_rect.shifted(shift)
    geometry = map_geometry(LESSON_PRESET.image_width, LESSON_PRESET.image_height, LESSON_PRESET.stride)
    pool = trace_roi_pool(lesson_feature_map(), box, geometry, output_size, "floor")
    align = trace_roi_align(lesson_feature_map(), box, geometry, output_size, 2, True, "max", "spaced")
    return pool.output, align.output


def test_the_chart_holds_one_frame_per_shift_with_roi_cores_values(preset):
    chart = figure(preset, CHART)
    frames = chart["frames"]
    assert [frame["name"] for frame in frames] == [f"{s:+d} px" if s else "0 px" for s in range(-32, 33)]
    slider = chart["layout"]["sliders"][0]
    assert slider["active"] == 32 and slider["currentvalue"]["prefix"] == "Shift: "  # the server's shift, 0
    assert [step["label"] for step in slider["steps"]] == [frame["name"] for frame in frames]
    for shift, frame in zip(range(-32, 33), frames, strict=True):
        pool, align = shifted_outputs(shift)
        grids = frame_updates(chart, frame)
        np.testing.assert_array_equal(array(grids["RoI Pooling"]["z"]), pool)
        np.testing.assert_array_equal(array(grids["RoI Align"]["z"]), align)
        np.testing.assert_array_equal(array(grids["Align − Pool"]["z"]), align - pool)
        texts = (fixed_grid(pool, 3), fixed_grid(align, 3), fixed_grid(align - pool, 3, sign=True))
        for name, text in zip(("RoI Pooling", "RoI Align", "Align − Pool"), texts, strict=True):
            assert grids[name]["text"] == text
            assert grids[f"{name} values"]["text"] == [value for row in text for value in row]  # what is printed
    opening = frame_updates(chart, frames[32])
    for name in ("RoI Pooling", "RoI Align", "Align − Pool"):
        assert opening[name]["text"] == heatmap(preset, name)["text"]
        assert opening[f"{name} values"]["text"] == printed(preset, name)


def test_the_chart_opens_at_the_urls_shift():
    at = run_page(PAGE, shift="20")
    chart = figure(at, CHART)
    assert chart["layout"]["sliders"][0]["active"] == 32 + 20
    pool, align = shifted_outputs(20)
    np.testing.assert_array_equal(z(at, "RoI Pooling"), pool)
    np.testing.assert_array_equal(z(at, "RoI Align"), align)
    frame = chart["frames"][32 + 20]
    assert frame["name"] == "+20 px"
    updates = frame_updates(chart, frame)
    assert updates["RoI Pooling"]["text"] == heatmap(at, "RoI Pooling")["text"]
    assert updates["RoI Pooling values"]["text"] == printed(at, "RoI Pooling")
    assert updates["current shift"]["x"] == next(t for t in sweep_traces(at) if t.get("name") == "current shift")["x"]


def test_frames_send_only_what_changes_and_the_page_stays_small(preset):
    chart = figure(preset, CHART)
    changed = ["RoI Pooling", "RoI Pooling values", "RoI Align", "RoI Align values", "Align − Pool"]
    changed += ["Align − Pool values", "current shift"]
    assert all(sorted(frame_updates(chart, frame)) == sorted(changed) for frame in chart["frames"])
    assert sum(len(element.proto.spec) for element in preset.get("plotly_chart")) <= 300_000


def test_an_unlike_comparison_is_named_and_a_like_one_is_not():
    averaged = run_page(PAGE, pool="avg")
    assert any("Not like with like" in w.value and "max (the slides, mmcv)" in w.value for w in averaged.warning)
    assert not any("Not like with like" in w.value for w in run_page(PAGE).warning)
