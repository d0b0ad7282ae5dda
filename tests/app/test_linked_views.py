"""Linked views: pointing at a map cell names the output bins it feeds (RoI Pooling's bins, RoI Align's sampling
points), on the map figures of pages 3, 4 and 5."""

from __future__ import annotations

import pytest

from tests.app.helpers import figure, page_app


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
    cells = {(row, col): text for line in grid["customdata"] for row, col, text in line}
    assert cells[6, 9] == note  # the box's top-left cell (the slides' row 7, column 10)
    assert "%{customdata[2]}" in grid["hovertemplate"]
    assert any(text == "read by no bin" for text in cells.values())
