"""``roi_ui.plot``: figure specs, value grids printed by the one formatter, paths as single traces, cell windows."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from roi_core import Rect, lesson_feature_map
from roi_ui.plot import kit
from roi_ui.plot.window import CellWindow
from roi_ui.words.palette import BLUE


def test_a_spec_is_a_valid_plotly_figure():
    window = CellWindow.whole(25, 18)
    spec = kit.figure([kit.value_grid(lesson_feature_map(), 1)], kit.map_layout(window, 400))
    figure = go.Figure(spec)  # Plotly validates every property
    assert figure.layout.yaxis.range == (18, 0)  # y grows downwards
    assert figure.layout.yaxis.scaleanchor == "x"  # square cells


def test_value_grid_prints_the_windows_values_half_away_from_zero():
    values = np.array([[0.125, 0.2], [0.3, 0.45]])
    grid = kit.value_grid(values, 2, CellWindow(1, 2, 0, 2, 2, 2))
    assert grid["text"] == [["0.20"], ["0.45"]]
    assert list(grid["x"]) == [1.5]  # cell c is drawn over [c, c + 1)
    assert (grid["zmin"], grid["zmax"]) == (0.125, 0.45)  # colours span the whole array
    assert kit.value_grid(values, 2, show_text=False)["text"] is None


def test_many_rectangles_are_one_trace_with_gaps():
    xs, ys = kit.rect_path([Rect(0, 0, 1, 1), Rect(2, 2, 3, 4)])
    assert xs.count(None) == 2 and len(xs) == 12
    trace = kit.lines((xs, ys), BLUE, 3, "dash")
    assert trace["line"] == dict(color=BLUE.hex, width=3, dash="dash") and not trace["showlegend"]
    assert kit.cell_rects([(6, 10)]) == [Rect(10, 6, 11, 7)]


def test_grid_path_draws_every_line_once():
    xs, _ = kit.grid_path(64, 32, 32)
    assert xs.count(None) == 3 + 2  # 3 verticals (0, 32, 64), 2 horizontals (0, 32)


def test_text_scale_enlarges_every_font_and_nothing_else():
    spec = kit.figure([kit.value_grid(np.ones((2, 2)), 1)], kit.layout(300, title="t"))
    big = kit.with_text_scale(spec, 1.5)
    assert big["data"][0]["textfont"]["size"] == round(spec["data"][0]["textfont"]["size"] * 1.5)
    assert big["layout"]["font"]["size"] == round(spec["layout"]["font"]["size"] * 1.5)
    assert big["layout"]["height"] == 300


def test_window_around_a_box_keeps_the_box_and_stops_the_margin_at_the_map_edge():
    window = CellWindow.around([Rect(9.375, 6.5625, 16.5625, 12.1875)], 3, 25, 18)
    assert (window.col0, window.col1, window.row0, window.row1) == (6, 20, 3, 16)
    edge = CellWindow.around([Rect(23.5, 16.5, 25.6, 18.2)], 3, 25, 18)
    assert (edge.col1, edge.row1) == (26, 19)  # the box reaches past the map: still shown
    assert (edge.cols, edge.rows) == (slice(20, 25), slice(13, 18))  # only map cells are drawn
    assert CellWindow.whole(25, 18).is_whole_map


def test_subplots_copy_the_axes_side_by_side_each_square_and_titled():
    window = CellWindow.whole(4, 3)
    one = kit.image_layout("/media/a.jpg", 128, 96, 300, view=Rect(0, 0, 128, 96))
    layout = kit.subplots(one, ["left", "right<br>two lines"], gap=0.1)
    assert layout["xaxis"]["domain"] == [0, 0.45] and layout["xaxis2"]["domain"] == [0.55, 1.0]
    assert layout["xaxis2"]["range"] == layout["xaxis"]["range"] == [0, 128]  # same zoom
    assert (layout["yaxis2"]["anchor"], layout["yaxis2"]["scaleanchor"], layout["xaxis2"]["anchor"]) == (
        "x2",
        "x2",
        "y2",
    )
    assert [(image["xref"], image["yref"]) for image in layout["images"]] == [("x", "y"), ("x2", "y2")]
    titles = layout["annotations"]
    assert [(t["text"], t["x"], t["xanchor"]) for t in titles] == [
        ("left", 0, "left"),
        ("right<br>two lines", 0.55, "left"),
    ]
    assert layout["margin"]["t"] == kit.headline_margin(2)
    centred = kit.subplots(kit.map_layout(window, 300), ["a", "b"], gap=0.1, centred=True)
    assert [(t["x"], t["xanchor"]) for t in centred["annotations"]] == [(0.225, "center"), (0.775, "center")]
    assert centred["xaxis2"]["constraintoward"] == "center"
    go.Figure(kit.figure([kit.on_axes(kit.value_grid(np.ones((3, 4)), 1), 1)], centred))  # a valid figure
    assert kit.on_axes({"type": "scatter"}, 2) == {"type": "scatter", "xaxis": "x3", "yaxis": "y3"}
    assert kit.on_refs({"type": "rect"}, 0) == {"type": "rect", "xref": "x", "yref": "y"}
    assert kit.bold("floor", BLUE) == f'<b><span style="color:{BLUE.hex}">floor</span></b>'


def test_subplots_height_fits_the_shown_area_in_square_units_within_bounds():
    assert kit.subplots_height(Rect(0, 0, 4, 3), 240, ["t"]) == 180 + kit.headline_margin(1) + 10
    assert kit.subplots_height(Rect(0, 0, 1, 10), 200, ["t"]) == 640  # a tall area: the largest height
    assert kit.subplots_height(Rect(0, 0, 10, 1), 200, ["t"], bounds=(100, 400)) == 100


def test_a_value_grid_prints_only_where_asked_and_dots_name_their_points():
    values = np.array([[0.0, 0.25], [0.5, 0.0]])
    grid = kit.value_grid(values, 2, printed=values != 0)
    assert [list(row) for row in grid["text"]] == [["", "0.25"], ["0.50", ""]]
    assert [list(row) for row in kit.value_grid(values, 2)["text"]] == [["0.00", "0.25"], ["0.50", "0.00"]]
    dots = kit.dots(np.array([[1.5, 2.0], [3.0, 4.25]]), "#000000", 7, what="corner")
    assert (dots["x"], dots["y"]) == ([1.5, 3.0], [2.0, 4.25]) and dots["hovertemplate"].startswith("corner at (")
