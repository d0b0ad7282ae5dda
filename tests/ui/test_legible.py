"""Cell values drawn above the lines with a halo, and shown only while they fit (roi_ui.plot.legible)."""

from __future__ import annotations

import numpy as np
import pytest

from roi_ui.plot import kit, legible
from roi_ui.plot.window import CellWindow
from roi_ui.words.palette import BLUE


def map_figure(values: np.ndarray, height: int = 500, *after: dict) -> dict:
    rows, cols = values.shape
    return kit.figure([kit.value_grid(values, 1), *after], kit.map_layout(CellWindow.whole(cols, rows), height))


def text_trace(text: str) -> dict:
    return dict(type="scatter", mode="text", x=[0.5], y=[0.5], text=[text])


def test_values_become_a_text_trace_above_the_lines_and_below_the_next_text():
    values = np.array([[0.25, 0.5], [0.75, 1.0]])
    box = kit.lines(kit.rect_path([kit.cell_rects([(0, 0)])[0]]), BLUE)
    spec = legible.values_on_top(map_figure(values, 500, box, text_trace("S1")))
    kinds = [trace.get("uid") or trace.get("mode") or trace["type"] for trace in spec["data"]]
    assert kinds == ["heatmap", "lines", "values0", "text"]
    heatmap, labels = spec["data"][0], spec["data"][2]
    assert "texttemplate" not in heatmap and heatmap["text"] == [["0.3", "0.5"], ["0.8", "1.0"]]  # hover keeps it
    assert labels["text"] == ["0.3", "0.5", "0.8", "1.0"]  # row by row, as the heatmap draws them
    assert list(labels["x"]) == [0.5, 1.5, 0.5, 1.5] and list(labels["y"]) == [0.5, 0.5, 1.5, 1.5]
    assert labels["textfont"]["family"].startswith(legible.VALUES_FONT) and labels["textfont"]["shadow"]
    assert labels["hoverinfo"] == "skip"


def test_a_figure_without_printed_values_is_left_as_it_is():
    spec = map_figure(np.zeros((2, 2)))
    spec["data"][0]["texttemplate"] = None
    assert legible.values_on_top(spec) is spec


def test_frames_follow_the_new_order_and_update_the_labels_with_the_heatmaps_text():
    values = np.array([[0.1, 0.2]])
    spec = map_figure(values, 300, text_trace("a"), dict(type="scatter", mode="lines", x=[0, 1], y=[0, 1]))
    spec["frames"] = [kit.frame("f", {0: dict(type="heatmap", z=values * 2, text=[["0.2", "0.4"]]), 2: dict(x=[1])})]
    moved = legible.values_on_top(spec)
    frame = moved["frames"][0]
    assert [trace.get("uid") or trace.get("mode") or trace["type"] for trace in moved["data"]] == [
        "heatmap",
        "values0",
        "text",
        "lines",
    ]
    assert frame["traces"] == [0, 1, 3]
    assert frame["data"][1]["text"] == ["0.2", "0.4"] and frame["data"][2] == dict(x=[1])


def test_values_fit_from_a_width_that_grows_with_the_columns_and_never_in_a_short_figure():
    wide, narrow = (legible.fit(legible.values_on_top(map_figure(np.zeros((4, n)), 600))) for n in (20, 10))
    assert wide.uids == ("values0",) and 0 < narrow.min_width < wide.min_width
    # 20 columns of "0.0" at 14 px need about 20 x (3 x 0.56 x 14 + 4) px plus the margins
    assert wide.min_width == pytest.approx(20 * (3 * legible.CHAR_WIDTH * 14 + legible.TEXT_PADDING) + 55, abs=1)
    assert legible.fit(legible.values_on_top(map_figure(np.zeros((40, 4)), 300))).min_width is None


def test_hide_rules_hide_this_charts_values_below_their_width_or_always():
    rules = legible.hide_rules(legible.Fit(("values0",), 512.4), "pool_map")
    assert rules == ('@container (max-width: 512px) { .st-key-pool_map text[style*="cell-values"] { display: none; } }')
    assert legible.hide_rules(legible.Fit(("values0",), None), "m").startswith(".st-key-m text")
    assert legible.hide_rules(legible.Fit((), 500), "m") == "" and legible.hide_rules(legible.Fit(("v",), 0), "m") == ""
    assert legible.hide_rules(legible.Fit(("v",), legible.NARROWEST_CHART), "m") == ""  # fits in any chart


def test_describe_says_what_a_figure_shows_in_its_own_words():
    spec = map_figure(np.zeros((3, 4)))
    spec["layout"]["annotations"] = [kit.headline("Step 1 of 5<br><b>the box</b>"), dict(text="hidden", visible=False)]
    spec["data"].append(kit.legend_entry("the true box", BLUE))
    assert legible.describe(spec) == (
        "Step 1 of 5; the box. Grids of values (rows x columns): 3 x 4; hover or tap a cell for its value. "
        "Legend: the true box"
    )
    assert legible.describe(kit.figure([], kit.layout(100))) == "Figure"
