"""AppTest checks of the 'Image to feature map' page (lesson 1)."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import array, figure, page_text, run_page

PAGE = "1_Image_to_feature_map.py"


def hover_layer(at: AppTest) -> tuple[dict, np.ndarray]:
    """The image figure's invisible hover trace and its customdata (one row per cell)."""
    trace = next(t for t in figure(at, "image_cells")["data"] if t.get("customdata") is not None)
    return trace, array(trace["customdata"])


@pytest.fixture(scope="module")
def preset() -> AppTest:
    return run_page(PAGE)


def test_preset_shows_the_slides_map_size_and_object_cells(preset):
    shown = page_text(preset)
    assert "800 x 576 px / 32 = 25 x 18 cells" in shown
    assert "56 of them represent the object" in shown
    assert "8 columns x 7 rows" in shown
    assert not preset.info  # 800 and 576 are multiples of 32: no partial cell


def test_hover_names_each_cell_its_patch_and_value(preset):
    layer, data = hover_layer(preset)
    assert data.shape == (25 * 18, 7)
    row, col, x0, x1, y0, y1, value = data[6 * 25 + 10]
    assert (row, col, x0, x1, y0, y1) == (6, 10, 320, 352, 192, 224)
    assert value == pytest.approx(0.8)  # the slides' FM(10.5, 6.5) = 0.8
    assert "pixels x" in layer["hovertemplate"]


def charts_side_by_side(at: AppTest) -> set[str]:
    """The keys of the charts drawn inside a column or a horizontal (wrapping) row."""
    blocks = [*at.columns, *(block for block in _blocks(at.main) if block.proto.flex_container.direction == 2)]
    return {chart.proto.id.rsplit("-", 1)[-1] for block in blocks for chart in block.get("plotly_chart")}


def _blocks(node):
    """Every block under ``node``."""
    children = getattr(node, "children", None) or {}
    for child in children.values() if isinstance(children, dict) else children:
        if type(child).__name__ == "Block" and child.proto.HasField("flex_container"):
            yield child
        yield from _blocks(child)


def test_touched_cells_outlined_on_the_map_under_the_values(preset):
    for key in ("map_cells", "object_values"):
        spec = figure(preset, key)
        assert not spec["layout"].get("shapes")  # a layout shape would be drawn over the printed values
        (outline,) = [t for t in spec["data"] if t.get("fill") == "toself"]
        xs, ys = [v for v in outline["x"] if v is not None], [v for v in outline["y"] if v is not None]
        assert (min(xs), min(ys), max(xs), max(ys)) == (9, 6, 17, 13)
        labels = [t for t in spec["data"] if str(t.get("uid", "")).startswith("values")]
        if labels:  # the value labels come after the outline: drawn above it
            assert spec["data"].index(labels[0]) > spec["data"].index(outline)


def test_the_image_has_no_tick_label_in_the_top_left_corner(preset):
    layout = figure(preset, "image_cells")["layout"]
    assert layout["xaxis"]["tick0"] == 0 and layout["xaxis"]["dtick"] == 200
    assert layout["yaxis"]["tickvals"] == [200, 400]  # no y label at 0 to meet the x axis's 0


def test_the_whole_map_has_a_tick_every_5_cells(preset):
    layout = figure(preset, "map_cells")["layout"]
    assert layout["xaxis"]["dtick"] == layout["yaxis"]["dtick"] == 5
    assert figure(preset, "object_values")["layout"]["xaxis"]["dtick"] == 1  # the close-up names every cell


def test_presenter_mode_keeps_each_section_on_one_screen():
    at = run_page(PAGE, present="1", slide="1")
    assert figure(at, "image_cells")["layout"]["height"] <= 280 and figure(at, "map_cells")["layout"]["height"] <= 280
    assert "A CNN backbone halves the image" not in page_text(at)  # no intro on a projector
    at = run_page(PAGE, present="1", slide="2")
    assert figure(at, "object_values")["layout"]["height"] <= 360
    assert "object_values" in charts_side_by_side(at)  # the close-up beside the words


def test_the_close_up_has_the_whole_width_outside_presenter_mode(preset):
    assert "object_values" not in charts_side_by_side(preset)  # not squeezed into a column
    assert "image_cells" in charts_side_by_side(preset)


def test_demo_224_gives_a_7_by_7_map():
    at = run_page(PAGE, demo="224")
    shown = page_text(at)
    assert "224 x 224 px / 32 = 7 x 7 cells" in shown
    assert "25 x 18" not in shown
    assert hover_layer(at)[1].shape == (49, 7)
    assert at.query_params["demo"] == "224"


def test_switching_the_demo_radio():
    at = run_page(PAGE)
    at.radio(key="ctl_demo").set_value("224").run()
    assert "= 7 x 7 cells" in page_text(at)
    assert at.query_params["demo"] == "224"


def test_stride_16_doubles_the_map():
    at = run_page(PAGE)
    at.select_slider(key="ctl_stride").set_value(16).run()
    assert not at.exception
    shown = page_text(at)
    assert "800 x 576 px / 16 = 50 x 36 cells" in shown
    assert at.query_params["stride"] == "16"


def test_stride_64_explains_the_partial_last_column():
    at = run_page(PAGE, stride="64")
    shown = page_text(at)
    assert "800 x 576 px / 64 → 13 x 9 cells" in shown
    assert "800 / 64 = 12.5" in shown and "32 px short" in shown
    assert len(at.info) == 1  # 576 / 64 = 9: only the width is partial


def test_changing_the_box_changes_the_count():
    at = run_page(PAGE)
    at.number_input(key="ctl_w").set_value(200).run()
    assert "49 of them represent the object" in page_text(at)  # columns 9-15: 7 x 7


def test_bad_parameter_shows_the_notice():
    at = run_page(PAGE, stride="0")
    assert at.warning
    assert "25 x 18" in page_text(at)


def test_the_page_says_rows_and_columns_are_counted_from_zero(preset):
    assert "counted from 0" in page_text(preset)


def test_the_intro_follows_the_stride():
    assert "After 5 of them (as in the slides' network) the **stride is 32**" in page_text(run_page(PAGE))
    assert "After 3 of them" in page_text(run_page(PAGE, stride="8")) and "8 x 8 pixel patch" in page_text(
        run_page(PAGE, stride="8")
    )
    d2l = page_text(run_page(PAGE, image="book", book="d2l-rcnn"))  # 10: no stack of 2x poolings gives it
    assert "This example's **stride is 10**, its source's own" in d2l and "After 3 of them" not in d2l


def test_the_close_up_prints_its_values_only_while_they_fit():
    coarse, fine = run_page(PAGE), run_page(PAGE, stride="8")
    assert figure(coarse, "object_values")["data"][0].get("text")
    assert not figure(fine, "object_values")["data"][0].get("text")
    assert "too many to print here: hover a cell" in page_text(fine)


def test_the_224_example_is_explained_against_the_slides_count():
    demo = page_text(run_page(PAGE, demo="224"))
    assert "The slides count 10 values for the boy" in demo and "9 of them represent the object" in demo
    assert "The slides count 10 values" not in page_text(run_page(PAGE))
