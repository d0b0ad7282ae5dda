"""Lesson 2's pure functions: the zoom window, both boxes and the lost/added areas, the formulas, the slides' 7 x 7."""

from __future__ import annotations

import pytest

from roi_core import LESSON_PRESET, Rect, lesson_feature_map, map_geometry, trace_roi_pool
from roi_ui.images.store import DisplayImage, scene
from roi_ui.lessons import quantization as lesson
from roi_ui.words.conventions import QUANTIZATION, TRUE_BOX_COLOUR
from roi_ui.words.numbers import fixed

FEATURE_MAP = lesson_feature_map()
GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect.from_xywh(*LESSON_PRESET.box)


def trace(quantization: str = "floor", box: Rect = BOX, output_size: int = 3):
    return trace_roi_pool(FEATURE_MAP, box, GEOMETRY, output_size, quantization)


def both(box: Rect = BOX):
    return tuple(trace(c, box).quantized for c in lesson.CONVENTIONS)


def fills(figure: dict) -> list[dict]:
    return [d for d in figure["data"] if d.get("fill") == "toself"]


def subplot(figure: dict, index: int) -> dict:
    """The traces, shapes, images and axes of one subplot of a side-by-side figure, as a one-plot figure."""
    suffix = str(index + 1) if index else ""
    x, y = f"x{suffix}", f"y{suffix}"
    layout = figure["layout"]
    return {
        "data": [d for d in figure["data"] if (d["xaxis"], d["yaxis"]) == (x, y)],
        "layout": {
            "xaxis": layout[f"xaxis{suffix}"],
            "yaxis": layout[f"yaxis{suffix}"],
            "shapes": [s for s in layout["shapes"] if (s["xref"], s["yref"]) == (x, y)],
            "images": [i for i in layout.get("images", []) if (i["xref"], i["yref"]) == (x, y)],
        },
    }


def test_the_zoom_window_holds_the_true_box_and_both_quantized_boxes_and_one_cell_more():
    window = lesson.zoom_window(both())
    # true box 9.375..16.5625 x 6.5625..12.1875; floor 9..16 x 6..11; round 9..18 x 7..13
    assert window.rect == Rect(8, 5, 19, 14)


def test_the_map_figure_draws_values_both_boxes_and_the_lost_and_added_areas():
    both_figure = lesson.on_map(FEATURE_MAP, both(), lesson.zoom_window(both()), 1)
    figure = subplot(both_figure, 0)  # floor
    assert figure["data"][0]["type"] == "heatmap"
    assert [d["text"].split(":")[0] for d in fills(figure)] == ["lost", "added"]
    assert all(d["fillpattern"]["shape"] for d in fills(figure))  # a pattern as well as a colour
    true_box, quantized = figure["layout"]["shapes"]
    assert (true_box["x0"], true_box["y0"], true_box["line"]["color"]) == (9.375, 6.5625, TRUE_BOX_COLOUR.hex)
    assert (quantized["x0"], quantized["x1"]) == (9, 16)
    assert quantized["line"] == dict(color=QUANTIZATION["floor"].colour.hex, width=4, dash="dash")


def test_the_image_figure_is_zoomed_to_the_window_in_pixels(monkeypatch):
    monkeypatch.setattr(lesson, "display_image", lambda image: DisplayImage("/media/scene.jpg", 800, 576))
    figure = subplot(lesson.on_image(scene(), both(), lesson.zoom_window(both())), 1)  # round
    layout = figure["layout"]
    assert layout["xaxis"]["range"] == [8 * 32, 19 * 32] and layout["yaxis"]["range"] == [14 * 32, 5 * 32]
    assert layout["images"][0]["source"] == "/media/scene.jpg"
    assert layout["shapes"][1]["line"]["color"] == QUANTIZATION["round"].colour.hex
    assert {d["text"].split(":")[0] for d in fills(figure)} == {"lost", "added"}


def test_the_titles_name_the_convention_and_mark_the_selected_one():
    assert lesson.convention_title("floor", "floor") == "floor (the slides) · selected"
    assert lesson.convention_title("round", "floor") == "round (torchvision roi_pool)"


def test_the_projection_and_both_quantizations_are_written_out_with_the_slides_numbers():
    floor, round_ = both()
    projection = lesson.projection_latex(floor)
    assert r"\tfrac{300}{32} = 9.375" in projection and r"\tfrac{210 + 180}{32} = 12.188" in projection
    assert "**(9.375, 6.563)** to **(16.563, 12.188)**" in lesson.projection_words(floor)
    assert r"W &= \lfloor 7.188 \rfloor = 7" in lesson.quantization_latex(floor)
    assert r"W &= 17 - 9 + 1 = 9" in lesson.quantization_latex(round_)


def test_the_numbers_table_gives_shifts_in_cells_and_px_and_areas_in_px2():
    table = lesson.numbers_table(both()[0])
    assert "**X=9, Y=6, W=7, H=5** (cells)" in table
    assert "(-0.375, -0.5625) cells = (-12, -18) px" in table
    assert "| 11,296 px² | 5,736 px² | 0.639 |" in table


def test_the_second_quantization_counts_the_cells_no_bin_reads():
    assert "into 3 x 3 bins of 2 x 1 cells (width x height): no bin reads 17 cells of the box" in (
        lesson.second_quantization_text(trace("floor"))
    )
    assert lesson.second_quantization_text(trace("floor", output_size=1)).endswith("every cell of the box is read.")


def test_guard_notes_say_when_a_side_floors_to_zero_cells():
    assert lesson.guard_notes(trace()) == []
    (note,) = lesson.guard_notes(trace("floor", Rect.from_xywh(0, 0, 1, 576), 1))
    assert note.startswith("Note: width: the box spans 0.031 cells, which floors to 0") and note.endswith(".")


def test_the_legend_names_every_colour_from_the_vocabulary():
    legend = lesson.legend()
    for colour in (TRUE_BOX_COLOUR, QUANTIZATION["floor"].colour, QUANTIZATION["round"].colour):
        assert colour.name in legend.lower()
    assert "RoI Pooling lesson" in legend


def test_the_slide_examples_are_computed_once_from_the_scene_read_only():
    first = lesson.slide_case(0)
    assert lesson.slide_case(0) is first and lesson.slide_cases()[0] is first
    assert first.feature_map.shape == (7, 7) and not first.feature_map.flags.writeable
    assert first.example.cells == (first.trace.quantized.W, first.trace.quantized.H)
    assert r"w_\text{bin} &= \lfloor 3 / 2 \rfloor = 1" in lesson.bin_latex(first.trace)
    assert lesson.slides_heading(first) == (
        "The slides' 7 x 7 examples: a 224 x 224 image pooled to 2 x 2 (floor, as the slides)"
    )


@pytest.mark.parametrize("index", [0, 1])
def test_a_slide_figure_draws_the_whole_map_the_boxes_the_bins_and_the_dropped_cells(index):
    case = lesson.slide_case(index)
    figure = lesson.slide_figure(case)
    heatmap, dropped, bins = figure["data"]
    assert heatmap["type"] == "heatmap" and heatmap["text"][0][0] == fixed(case.feature_map[0, 0], 2)
    assert dropped["fillpattern"]["shape"] == "/"
    assert bins["x"].count(None) == 4  # 2 x 2 bins
    assert figure["layout"]["xaxis"]["range"] == [0, 7]
    dropped_cells = dropped["x"].count(None)
    assert dropped_cells == len(case.trace.dropped_cells) == (6 if index == 0 else 0)


@pytest.mark.parametrize("which", ["image", "map"])
def test_both_conventions_are_one_figure_of_two_subplots_at_the_same_zoom(which, monkeypatch):
    monkeypatch.setattr(lesson, "display_image", lambda image: DisplayImage("/media/scene.jpg", 800, 576))
    window = lesson.zoom_window(both())
    if which == "image":
        figure = lesson.on_image(scene(), both(), window)
    else:
        figure = lesson.on_map(FEATURE_MAP, both(), window, 1)
    layout = figure["layout"]
    assert layout["xaxis"]["range"] == layout["xaxis2"]["range"]
    assert layout["yaxis"]["range"] == layout["yaxis2"]["range"]
    assert (layout["yaxis"]["scaleanchor"], layout["yaxis2"]["scaleanchor"]) == ("x", "x2")  # square cells
    assert layout["xaxis"]["domain"][1] < layout["xaxis2"]["domain"][0]  # side by side, apart
    titles = [a["text"] for a in layout["annotations"]]
    assert len(titles) == 2 and "floor (the slides)" in titles[0] and "round (torchvision roi_pool)" in titles[1]
    assert QUANTIZATION["round"].colour.hex in titles[1]  # in the colour of its dashed box
    for index, convention in enumerate(lesson.CONVENTIONS):
        part = subplot(figure, index)
        assert len(fills(part)) == 2 and len(part["layout"]["shapes"]) == 2
        assert part["layout"]["shapes"][1]["line"]["color"] == QUANTIZATION[convention].colour.hex
    assert len(layout.get("images", [])) == (2 if which == "image" else 0)  # the picture under each subplot
