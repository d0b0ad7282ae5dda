"""Lesson 2's pure functions: the zoom window, both boxes and the lost/added areas, the formulas, the slides' 7 x 7."""

from __future__ import annotations

import pytest

from roi_core import LESSON_PRESET, Rect, lesson_feature_map, map_geometry, trace_roi_pool
from roi_ui.images.store import DisplayImage, scene
from roi_ui.lessons import quantization as lesson
from roi_ui.words.conventions import QUANTIZATION, TRUE_BOX_COLOUR
from roi_ui.words.numbers import fixed, num

FEATURE_MAP = lesson_feature_map()
GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect.from_xywh(*LESSON_PRESET.box)


def trace(quantization: str = "floor", box: Rect = BOX, output_size: int = 3):
    return trace_roi_pool(FEATURE_MAP, box, GEOMETRY, output_size, quantization)


def both(box: Rect = BOX):
    return tuple(trace(c, box).quantized for c in lesson.CONVENTIONS)


def fills(figure: dict) -> list[dict]:
    return [d for d in figure["data"] if d.get("fill") == "toself"]


def lines_of(figure: dict, colour: str) -> list[dict]:
    """The line traces (no fill) drawn in ``colour``."""
    return [
        d for d in figure["data"] if d.get("mode") == "lines" and not d.get("fill") and d["line"]["color"] == colour
    ]


def corners(trace: dict) -> tuple[float, float, float, float]:
    """x1, y1, x2, y2 of the one rectangle a line trace outlines."""
    xs, ys = [v for v in trace["x"] if v is not None], [v for v in trace["y"] if v is not None]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_zoom_window_holds_the_true_box_and_both_quantized_boxes_and_one_cell_more():
    window = lesson.zoom_window(both())
    # true box 9.375..16.5625 x 6.5625..12.1875; floor 9..16 x 6..11; round 9..18 x 7..13
    assert window.rect == Rect(8, 5, 19, 14)


def test_the_map_figure_draws_values_both_boxes_and_the_lost_and_added_areas():
    floor = both()[0]
    figure = lesson.on_map(FEATURE_MAP, floor, lesson.zoom_window(both()), 1, 340)
    assert figure["data"][0]["type"] == "heatmap"
    assert [d["text"].split(":")[0] for d in fills(figure)] == ["lost", "added"]
    # tints the values show through, each with its own edge style (colour is not the only code), no hatching
    assert [d["line"]["dash"] for d in fills(figure)] == ["dot", "dashdot"]
    assert all(float(d["fillcolor"].split(",")[-1].rstrip(")")) < 0.5 for d in fills(figure))
    assert not any(d.get("fillpattern") for d in figure["data"])
    # both boxes are line traces (drawn under the printed values), not layout shapes (drawn over them)
    assert not figure["layout"].get("shapes")
    (true_box,) = lines_of(figure, TRUE_BOX_COLOUR.hex)
    (quantized,) = lines_of(figure, QUANTIZATION["floor"].colour.hex)
    assert corners(true_box)[:2] == (9.375, 6.5625)
    assert corners(quantized) == (9, 6, 16, 11) and quantized["line"]["dash"] == "dash"


def test_the_map_figure_prints_every_value_above_the_boxes_and_areas():
    from roi_ui.plot.legible import values_on_top

    figure = values_on_top(lesson.on_map(FEATURE_MAP, both()[0], lesson.zoom_window(both()), 1, 340))
    assert figure["data"][-1]["uid"].startswith("values")  # the value labels come last: above every line and tint
    assert "0.8" in figure["data"][-1]["text"]


def test_the_image_figure_is_zoomed_to_the_window_in_pixels(monkeypatch):
    monkeypatch.setattr(lesson, "display_image", lambda image: DisplayImage("/media/scene.jpg", 800, 576))
    figure = lesson.on_image(scene(), both()[1], lesson.zoom_window(both()), 340)  # round
    layout = figure["layout"]
    assert layout["xaxis"]["range"] == [8 * 32, 19 * 32] and layout["yaxis"]["range"] == [14 * 32, 5 * 32]
    assert layout["images"][0]["source"] == "/media/scene.jpg"
    (quantized,) = lines_of(figure, QUANTIZATION["round"].colour.hex)
    assert corners(quantized) == (9 * 32, 7 * 32, 18 * 32, 13 * 32)
    assert {d["text"].split(":")[0] for d in fills(figure)} == {"lost", "added"}


@pytest.mark.parametrize("presenting", [False, True])
def test_a_figure_is_tall_enough_for_its_values_and_fits_a_projector(presenting):
    from roi_ui.plot.kit import with_text_scale
    from roi_ui.plot.legible import fit, values_on_top
    from roi_ui.plot.theme import PRESENTER_SCALE

    window = lesson.zoom_window(both())
    height = lesson.figure_height(window, presenting)
    assert height <= (360 if presenting else 420)
    assert lesson.figure_height(window, presenting, values=False) <= (290 if presenting else 420)
    figure = lesson.on_map(FEATURE_MAP, both()[0], window, 1, height)
    figure = values_on_top(with_text_scale(figure, PRESENTER_SCALE) if presenting else figure)
    assert fit(figure).min_width is not None  # the values are printed (where the chart is wide enough)
    slide = lesson.slide_figure(lesson.slide_case(0), lesson.SLIDE_HEIGHT[presenting])
    slide = values_on_top(with_text_scale(slide, PRESENTER_SCALE) if presenting else slide)
    assert fit(slide).min_width is not None


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
    assert "RoI Pooling lesson" in lesson.table_note() and "Negative shifts" in lesson.table_note()


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
    heatmap, dropped, bins, true_box, quantized = figure["data"]
    assert heatmap["type"] == "heatmap" and heatmap["text"][0][0] == fixed(case.feature_map[0, 0], 2)
    assert dropped["fillcolor"] == lesson.DROPPED_FILL and dropped["line"]["dash"] == "dot"  # a tint, no hatching
    assert not dropped.get("fillpattern")
    assert bins["x"].count(None) == 4  # 2 x 2 bins
    assert figure["layout"]["xaxis"]["range"] == [0, 7]
    assert true_box["line"]["color"] == TRUE_BOX_COLOUR.hex and quantized["line"]["dash"] == "dash"
    assert not figure["layout"].get("shapes")  # nothing drawn over the values
    dropped_cells = dropped["x"].count(None)
    assert dropped_cells == len(case.trace.dropped_cells) == (6 if index == 0 else 0)


def test_the_iou_is_written_with_the_slides_example():
    case = lesson.slide_case(0)
    assert lesson.iou_words(case.trace) == (
        f"IoU of the quantized box with the ground-truth box: **{num(case.trace.quantized.iou)}**"
    )


def test_the_legend_names_the_tints_and_edge_styles():
    legend = lesson.legend()
    assert "vermillion tint, dotted edge: **lost**" in legend
    assert "yellow tint, dash-dot grey edge: **added**" in legend
    assert "Hatched" not in legend


def test_side_by_side_parts_stack_when_narrow():
    """Beside the sidebar at 150 % zoom a part is about 560 px wide: its two columns must stack, as on a phone."""
    for key in lesson.SIDE_BY_SIDE:
        assert f".st-key-{key} {{ container-type: inline-size; }}" in lesson.STACK_CSS
        assert f'.st-key-{key} [data-testid="stHorizontalBlock"] {{ flex-direction: column; }}' in lesson.STACK_CSS
    assert f"@container (max-width: {lesson.STACK_BELOW}px)" in lesson.STACK_CSS


def test_the_map_figure_ticks_every_other_cell():
    figure = lesson.on_map(FEATURE_MAP, both()[0], lesson.zoom_window(both()), 1, 340)
    assert figure["layout"]["xaxis"]["dtick"] == 2  # 11 columns: two-digit labels need the room
