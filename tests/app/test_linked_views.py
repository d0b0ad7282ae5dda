"""Linked views: pointing at a map cell names the output bins it feeds (RoI Pooling's bins, RoI Align's sampling
points), on the map figures of pages 3, 4 and 5."""

from __future__ import annotations

import numpy as np
import pytest

from roi_ui.plot.kit import CHOSEN_CELL_EDGE
from roi_ui.plot.marks import CHOSEN_EDGE, CHOSEN_INSET
from tests.app.helpers import click, figure, page_app, page_text, run_page


@pytest.mark.parametrize(
    ("page", "chart", "note"),
    [
        ("3_RoI_Pooling.py", "pool_map", "RoI Pooling: bin (0, 0)"),
        ("4_RoI_Align.py", "align_map", "RoI Align: S1 of bin (0, 0)"),
        ("5_Side_by_side.py", "side_cells", "RoI Pooling: bin (0, 0)<br>RoI Align: S1 of bin (0, 0)"),
    ],
)
def test_pointing_at_a_map_cell_names_the_output_bins_it_feeds(page, chart, note):
    spec = figure(page_app(page).run(), chart)
    (grid,) = [trace for trace in spec["data"] if trace.get("type") == "heatmap"]
    targets = [trace for trace in spec["data"] if trace.get("customdata") and trace is not grid]
    if grid.get("hoverinfo") == "skip":  # a clickable map: its cells' markers carry the hover
        (grid,) = [trace for trace in targets if len(trace["customdata"]) == len(grid["z"]) * len(grid["z"][0])]
        cells = {(row, col): text for row, col, text, _ in grid["customdata"]}
    else:
        cells = {(row, col): text for line in grid["customdata"] for row, col, text in line}
    assert cells[6, 9] == note  # the box's top-left cell (the slides' row 7, column 10)
    assert "%{customdata[2]}" in grid["hovertemplate"]
    assert any(text == "read by no bin" for text in cells.values())


def inside(cells: tuple[int, int, int, int]) -> tuple[float, ...]:
    """(x1, y1, x2, y2) of a block of cells moved ``CHOSEN_INSET`` inside its edges (where its frame is drawn)."""
    return tuple(np.add(cells, (CHOSEN_INSET, CHOSEN_INSET, -CHOSEN_INSET, -CHOSEN_INSET)))


def chosen_outline(spec: dict) -> tuple[float, float, float, float]:
    """(x1, y1, x2, y2) of the bold frame of the chosen bin's cells on a map (its fill is the tint)."""
    (outline,) = [
        t for t in spec["data"] if t.get("line", {}).get("width") == CHOSEN_EDGE and t.get("fill") == "toself"
    ]
    xs, ys = [x for x in outline["x"] if x is not None], [y for y in outline["y"] if y is not None]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize(("bin_", "cells"), [((1, 2), (13, 7, 15, 8)), ((2, 0), (9, 8, 11, 9))])
def test_clicking_an_output_bin_outlines_the_cells_it_read(bin_, cells):
    """Page 3, step 5: a click on output bin (row, col) outlines its cells (x1, y1, x2, y2 in cells) on the map and
    says what it read; the slides' bins (floor, 2 x 1 cells): rows 6|7|8, columns 9-10|11-12|13-14."""
    at = click(run_page("3_RoI_Pooling.py", step="5"), "pool_output", [*bin_, 0.5])
    assert chosen_outline(figure(at, "pool_map")) == pytest.approx(inside(cells))
    assert f"RoI Pooling bin {bin_} read" in page_text(at)
    output = figure(at, "pool_output")
    assert [t for t in output["data"] if t.get("line", {}).get("width") == CHOSEN_CELL_EDGE]  # outlined there too


def test_clicking_a_map_cell_chooses_the_bin_that_reads_it():
    at = click(run_page("3_RoI_Pooling.py", step="3"), "pool_map", [8, 14, "RoI Pooling: bin (2, 2)", 0.5])
    assert chosen_outline(figure(at, "pool_map")) == pytest.approx(inside((13, 8, 15, 9)))
    assert "RoI Pooling bin (2, 2) read row 8, columns 13–14 (2 cells)" in page_text(at)
    unread = click(at, "pool_map", [9, 15, "read by no bin", 0.1])  # a dropped cell: nothing changes
    assert "RoI Pooling bin (2, 2) read" in page_text(unread)


def test_page_4_clicking_an_output_bin_shows_its_points_and_the_cells_they_mix():
    """Step 4: a click on output bin (1, 2) outlines that bin on the map, rings its 4 sampling points, outlines
    the cells they mix (dotted), lists its samples, and outlines the bin on the output."""
    at = click(run_page("4_RoI_Align.py", align_step="4"), "align_output", [1, 2, 0.5])
    spec = figure(at, "align_map")
    area = [t for t in spec["data"] if t.get("line", {}).get("dash") == "dash" and t["line"]["width"] == CHOSEN_EDGE]
    xs = [x for x in area[0]["x"] if x is not None]
    assert min(xs) == pytest.approx(9.375 + 2 * 7.1875 / 3) and max(xs) == pytest.approx(16.5625)
    (rings,) = [t for t in spec["data"] if t.get("marker", {}).get("size") == 13]
    assert len(rings["x"]) == 4 and all(min(xs) < x < max(xs) for x in rings["x"])
    assert "RoI Align bin (1, 2):<br>4 sampling points mixing" in spec["layout"]["annotations"][0]["text"]
    assert "**Bin (row 1, col 2): its 4 sampling points**" in page_text(at)


def test_page_5_clicking_a_bin_of_the_outputs_outlines_what_each_method_read():
    at = click(run_page("5_Side_by_side.py"), "side_shift", [2, 0])
    assert chosen_outline(figure(at, "side_cells")) == pytest.approx(inside((9, 8, 11, 9)))
    assert "RoI Pooling bin (2, 0) read row 8, columns 9–10 (2 cells)" in page_text(at)
    assert "RoI Align bin (2, 0): 4 sampling points mixing" in page_text(at)
    moved = click(at, "side_cells", [6, 12, "RoI Pooling: bin (0, 1)<br>RoI Align: S2 of bin (0, 1)", 0.5])
    assert "RoI Pooling bin (0, 1) read row 6, columns 11–12" in page_text(moved)


def test_page_7_clicking_an_output_bin_outlines_what_it_read_on_the_photo_and_the_map():
    """The built-in scene with the slides' box: bin (1, 2) read cells 13-14 of row 7 (RoI Pooling, floor), drawn in
    cells on the map and in pixels (x 32) on the photo; the map's cells read name their bins and choose on click."""
    at = click(run_page("7_Your_image.py"), "photo_outputs", [1, 2, 0.5])
    assert chosen_outline(figure(at, "photo_map")) == pytest.approx(inside((13, 7, 15, 8)))
    assert chosen_outline(figure(at, "photo")) == pytest.approx(np.multiply(inside((13, 7, 15, 8)), 32))
    assert "RoI Pooling bin (1, 2) read row 7, columns 13–14 (2 cells)" in page_text(at)
    (targets,) = [
        t for t in figure(at, "photo_map")["data"] if t.get("text") and t.get("marker", {}).get("opacity") == 0
    ]
    named = dict(zip(map(tuple, targets["customdata"]), targets["text"], strict=True))
    assert named[6, 9].startswith("RoI Pooling: bin (0, 0)<br>RoI Align: S1 of bin (0, 0)")
    moved = click(at, "photo_map", [8, 13])
    assert "RoI Pooling bin (2, 2) read row 8" in page_text(moved)
