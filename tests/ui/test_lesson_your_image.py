"""Lesson 7's pure functions: the map window, the photo and map figures, the areas, formulas and notices."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import LESSON_PRESET, LessonSettings, both_methods, cell_means
from roi_ui.images.pictures import box_picture, output_picture, to_uint8
from roi_ui.images.store import DisplayImage, loaded, scene
from roi_ui.lessons import your_image as lesson


def settings_for(image, box=LESSON_PRESET.box, stride: int = 32, **changes) -> LessonSettings:
    """The preset's conventions on ``image`` with ``box`` and ``stride`` (and any other ``changes``)."""
    fields = dict(
        image_width=image.width,
        image_height=image.height,
        stride=stride,
        box=box,
        output_size=3,
        quantization="floor",
        sampling_ratio=2,
        sample_layout="spaced",
        pooling="max",
        aligned=True,
    )
    return LessonSettings(**(fields | changes))


def shown(image, width: int) -> DisplayImage:
    """Where the browser fetches ``image`` scaled to ``width`` pixels wide, as the store serves it."""
    return DisplayImage("/media/photo.jpg", width, round(image.height * width / image.width))


def result_for(image, **changes):
    settings = settings_for(image, **changes)
    return both_methods(cell_means(image.rgb, settings.stride), settings)


@pytest.fixture(scope="module")
def preset():
    return result_for(scene())


@pytest.fixture(scope="module")
def big():
    """A 6000 x 4000 image (188 x 125 cells at stride 32): too many cells to send whole."""
    image = loaded("big", np.zeros((4000, 6000, 3), np.uint8))
    return image, result_for(image, box=(2100, 1900, 1500, 1200))


def test_a_small_map_is_shown_whole(preset):
    assert lesson.map_window(preset).is_whole_map


def test_a_big_map_is_shown_as_a_window_around_the_box(big):
    _, result = big
    window = lesson.map_window(result)
    assert not window.is_whole_map
    width, height = window.col1 - window.col0, window.row1 - window.row0
    assert width * height <= lesson.MAP_WINDOW_CELLS
    assert 0 <= window.col0 <= result.quantized.X and 0 <= window.row0 <= result.quantized.Y  # its top-left part
    assert window.col1 <= 188 and window.row1 <= 125
    assert "188 x 125 cells, too many to send" in lesson.map_caption(result, window)


def test_a_small_box_on_a_big_map_is_centred_in_the_minimum_window(big):
    image, _ = big
    result = result_for(image, box=(3000, 2000, 64, 64))  # cells 93.75-95.75 x 62.5-64.5
    window = lesson.map_window(result)
    assert (window.col1 - window.col0, window.row1 - window.row0) == lesson.MIN_WINDOW
    assert window.col0 < 93 and window.col1 > 96 and window.row0 < 62 and window.row1 > 65


def test_photo_figure_is_the_jpeg_as_a_selectable_image_trace(preset):
    image = scene()
    figure = lesson.photo_figure(image, shown(image, 720), preset, lesson.map_window(preset))
    (photo,) = figure["layout"]["images"]  # a layout image: Plotly's image traces take only data URIs
    assert photo["source"] == "/media/photo.jpg" and photo["sizing"] == "stretch"
    assert (photo["sizex"], photo["sizey"]) == (800, 576)  # the 720 px wide JPEG, drawn over 800 image pixels
    assert figure["layout"]["dragmode"] == "select"
    hovers = [trace.get("text") for trace in figure["data"] if trace.get("hoveron") == "fills"]
    assert hovers == [
        "lost: part of the object left out (11,296 px²)",
        "added: part of the neighbour brought in (5,736 px²)",
    ]
    shapes = figure["layout"]["shapes"]
    assert (shapes[-1]["x0"], shapes[-1]["y0"], shapes[-1]["x1"]) == (300, 210, 530)  # the true box, on top
    assert shapes[-2]["line"]["dash"] == "dash" and (shapes[-2]["x0"], shapes[-2]["x1"]) == (288, 512)
    legend = [trace["name"] for trace in figure["data"] if trace.get("showlegend", True) and trace.get("name")]
    assert legend[:3] == ["the true box (no rounding)", "RoI Pooling box (floor)", "RoI Align bins"]
    assert "lost: object left out" in legend and "map window (below)" not in legend


def test_padding_is_outlined_and_labelled():
    rgb = np.zeros((576, 800, 3), np.uint8)
    image = loaded("padded", rgb, picture=(16, 0, 768, 576))
    result = result_for(image)
    figure = lesson.photo_figure(image, shown(image, 400), result, lesson.map_window(result))
    labels = [shape["label"]["text"] for shape in figure["layout"]["shapes"] if shape.get("label")]
    assert labels == ["padding", "padding"]


def test_map_figure_sends_only_the_window(big):
    image, result = big
    window = lesson.map_window(result)
    maps = cell_means(image.rgb, 32)
    figure = lesson.map_figure(maps, result, window)
    picture = figure["data"][0]
    assert picture["type"] == "image"
    assert picture["z"].shape == (window.row1 - window.row0, window.col1 - window.col0, 3)
    assert (picture["x0"], picture["y0"]) == (window.col0 + 0.5, window.row0 + 0.5)
    assert picture["customdata"][0, 0, 4:].tolist() == [window.row0, window.col0]
    assert figure["layout"]["xaxis"]["range"] == [window.col0, window.col1]


def test_output_figure_prints_three_decimals_under_its_title(preset):
    figure = lesson.outputs_figure(preset)
    align = figure["data"][3]  # RoI Align's output, on the second subplot (x2/y2), after RoI Pooling's three traces
    assert align["type"] == "heatmap"
    assert all(len(text.split(".")[1]) == 3 for row in align["text"] for text in row)
    assert figure["layout"]["annotations"][1]["text"] == "<b>RoI Align</b>"  # short: the titles never meet
    assert "2 x 2 spaced samples · max per bin · aligned=True" in lesson.align_title(preset.settings)
    assert "floor quantization (the slides)" in lesson.pool_title(preset.settings)
    words = lesson.outputs_words(preset.settings)
    assert (
        f"Left, {lesson.pool_title(preset.settings)}" in words
        and f"Right, {lesson.align_title(preset.settings)}" in words
    )


def test_area_metrics_are_in_square_pixels(preset):
    metrics = {label: (value, help_text) for label, value, help_text in lesson.area_metrics(preset)}
    assert metrics["True box"][0] == "41,400 px²"
    assert metrics["RoI Pooling box (floor)"][0] == "35,840 px²"
    assert metrics["Lost: object left out"][0] == "11,296 px²"  # 41,400 - 212 x 142
    assert metrics["Added: background"][0] == "5,736 px²"  # 35,840 - 212 x 142
    assert metrics["IoU, RoI Align"][0] == "1"
    assert "aligned=True" in metrics["IoU, RoI Align"][1] and "aligned=False" in metrics["IoU, RoI Align"][1]


def test_iou_of_align_drops_without_aligned():
    result = result_for(scene(), aligned=False)
    metrics = {label: value for label, value, _ in lesson.area_metrics(result)}
    assert float(metrics["IoU, RoI Align"]) < 1


def test_formulas_for_floor_round_and_a_raised_size(preset):
    floor = lesson.quantization_formulas(preset)
    assert floor[0] == r"X = \lfloor 300 / 32 \rfloor = \lfloor 9.375 \rfloor = 9"
    assert floor[1] == r"W = \lfloor 230 / 32 \rfloor = \lfloor 7.188 \rfloor = 7"
    assert floor[3] == r"H = \lfloor 180 / 32 \rfloor = \lfloor 5.625 \rfloor = 5"
    rounded = lesson.quantization_formulas(result_for(scene(), quantization="round"))
    assert rounded[0] == r"X = \operatorname{round}(300 / 32) = \operatorname{round}(9.375) = 9"
    assert rounded[1] == r"W = \operatorname{round}(530 / 32) - X + 1 = 17 - 9 + 1 = 9"
    thin = lesson.quantization_formulas(result_for(scene(), box=(300, 210, 20, 180)))
    assert thin[1] == r"W = \max(1, \lfloor 20 / 32 \rfloor) = \max(1, \lfloor 0.625 \rfloor) = \max(1, 0) = 1"


def test_shift_sentence_names_the_moves_in_cells_and_pixels(preset):
    sentence = lesson.shift_sentence(preset)
    assert sentence.startswith("RoI Pooling with floor (the slides) moves the box's corner 0.375 cells (12 px) left")
    assert "0.563 cells (18 px) up" in sentence
    assert "changes its width by -0.188 cells (-6 px)" in sentence


def test_drag_notice_only_for_a_fitted_drag():
    image = scene()
    assert lesson.drag_notice(None, (300, 210, 230, 180), image) is None
    assert lesson.drag_notice((100, 50, 400, 350), (100, 50, 400, 350), image) is None  # fitted nothing
    notice = lesson.drag_notice((700, 100, 250, 2), (700, 100, 100, 4), image)
    assert notice and "fitted to the image" in notice and "w=100, h=4" in notice
    assert lesson.drag_notice((700, 100, 250, 2), (120, 100, 100, 4), image) is None  # typed numbers since


def test_what_each_method_sees_is_a_square_picture(preset):
    assert output_picture(preset.pool_output, lesson.SEEN_SIZE).shape == (lesson.SEEN_SIZE, lesson.SEEN_SIZE, 3)
    assert box_picture(scene().rgb, preset.settings.box_rect, 50).shape == (50, 50, 3)
    assert to_uint8(np.array([-0.2, 0.5, 1.4])).tolist() == [0, 128, 255]
    pool_caption, align_caption = lesson.seen_captions(preset.settings)
    assert pool_caption == "What RoI Pooling sees (floor, max)" and align_caption == "What RoI Align sees (max)"


def test_both_outputs_are_one_figure_of_two_subplots_on_one_colour_range(preset):
    figure = lesson.outputs_figure(preset, chosen=(1, 2))
    pool, pool_chosen, pool_targets, align, align_chosen, align_targets = figure["data"]
    assert (pool.get("xaxis"), align["xaxis"], align["yaxis"]) == ("x", "x2", "y2")
    assert [t["xaxis"] for t in (pool_chosen, pool_targets, align_chosen, align_targets)] == ["x", "x", "x2", "x2"]
    assert min(x for x in align_chosen["x"] if x is not None) == 2.04  # the chosen bin, (row 1, col 2), on both
    assert align_targets["customdata"][5][:2] == [1, 2]  # a click on a bin chooses it
    np.testing.assert_array_equal(pool["z"], preset.pool_output[lesson.LUMINANCE])
    np.testing.assert_array_equal(align["z"], preset.align_output[lesson.LUMINANCE])
    assert (pool["zmin"], pool["zmax"]) == (align["zmin"], align["zmax"])  # a colour is one value in both
    layout = figure["layout"]
    assert layout["xaxis"]["range"] == layout["xaxis2"]["range"] == [0, 3]
    assert layout["yaxis2"]["scaleanchor"] == "x2"  # square bins
    titles = [title["text"] for title in layout["annotations"]]
    assert titles == ["<b>RoI Pooling</b>", "<b>RoI Align</b>"]


def test_the_photo_and_the_maps_tick_labels_stand_apart_at_the_corner(preset):
    window = lesson.map_window(preset)
    layout = lesson.map_figure(cell_means(scene().rgb, 32), preset, window)["layout"]
    assert layout["xaxis"]["ticklabelstandoff"] == layout["yaxis"]["ticklabelstandoff"] == lesson.TICK_STANDOFF
    assert layout["margin"]["l"] >= 45 + lesson.TICK_STANDOFF
