"""Geometry helpers of the 'Image to feature map' and 'Quantization error' lessons.

Expected values are written out by hand from the slides' numbers.
"""

from __future__ import annotations

import pytest

from roi_core import LESSON_PRESET, Rect, cells_touched, map_geometry, quantize_box, resize_box


def test_exact_size_before_rounding_up():
    assert map_geometry(800, 576, 32).exact_size == (25.0, 18.0)
    assert map_geometry(800, 576, 64).exact_size == (12.5, 9.0)


def test_cell_spans_full_cells_and_partial_last_column():
    cols, rows = map_geometry(800, 576, 64).cell_spans()
    assert len(cols) == 13 and len(rows) == 9
    assert cols[0] == (0, 64) and cols[11] == (704, 768)
    assert cols[-1] == (768, 800)  # 32 px: half a patch
    assert rows[-1] == (512, 576)


def test_cell_spans_of_the_lesson_map():
    cols, rows = map_geometry(800, 576, 32).cell_spans()
    assert cols[9] == (288, 320) and rows[6] == (192, 224)
    assert all(stop - start == 32 for start, stop in cols + rows)


def test_cells_touched_columns_and_rows():
    touched = cells_touched(LESSON_PRESET.box_rect, map_geometry(800, 576, 32))
    assert (touched.n_cols, touched.n_rows, touched.count) == (8, 7, 56)


def test_cells_touched_outside_the_map_is_empty():
    touched = cells_touched(Rect(900, 10, 950, 20), map_geometry(800, 576, 32))
    assert (touched.n_cols, touched.n_rows, touched.count) == (0, 1, 0)


def test_resize_box_to_the_slides_224_image():
    resized = resize_box(LESSON_PRESET.box_rect, (800, 576), (224, 224))
    assert resized.x1 == pytest.approx(84.0)
    assert resized.y1 == pytest.approx(210 * 224 / 576)
    assert resized.width == pytest.approx(64.4)
    assert resized.height == pytest.approx(70.0)


def test_resize_box_identity():
    box = Rect(3, 4, 10, 20)
    assert resize_box(box, (50, 60), (50, 60)) == box


def test_last_cell_floor_and_round():
    geometry = map_geometry(800, 576, 32)
    assert quantize_box(LESSON_PRESET.box_rect, geometry, "floor").last_cell == (15, 10)
    assert quantize_box(LESSON_PRESET.box_rect, geometry, "round").last_cell == (
        17,
        12,
    )  # round(16.5625), round(12.1875)
