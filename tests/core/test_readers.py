"""Which output bins read each map cell (``RoIPoolTrace.readers``, ``RoIAlignTrace.readers``): the linked views'
data, checked against the bins' own ranges and sampling points, on floor and round boxes whose bins overlap."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import Rect, lesson_feature_map, map_geometry, trace_roi_align, trace_roi_pool

GEOMETRY = map_geometry(800, 576, 32)
BOXES = [Rect.from_xywh(300, 210, 230, 180), Rect.from_xywh(37, 21, 301, 222), Rect.from_xywh(700, 500, 90, 70)]


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize("quantization", ["floor", "round"])
def test_pool_readers_are_the_bins_covering_each_cell(box, quantization):
    trace = trace_roi_pool(lesson_feature_map(), box, GEOMETRY, 3, quantization)
    readers = trace.readers()
    assert set(readers) == set(trace.read_cells)
    for cell, bins in readers.items():
        expected = [
            (b.row, b.col) for b in trace.bins if b.rows[0] <= cell[0] < b.rows[1] and b.cols[0] <= cell[1] < b.cols[1]
        ]
        assert list(bins) == expected


def test_round_bins_can_share_a_cell_and_floor_bins_never_do():
    box = Rect.from_xywh(37, 21, 301, 222)
    shared = {
        q: max(map(len, trace_roi_pool(lesson_feature_map(), box, GEOMETRY, 3, q).readers().values()))
        for q in ("floor", "round")
    }
    assert shared["floor"] == 1 and shared["round"] == 4  # a corner cell of four round bins


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize("layout", ["spaced", "centered"])
def test_align_readers_are_the_points_mixing_each_cell(box, layout):
    trace = trace_roi_align(lesson_feature_map(), box, GEOMETRY, 3, sample_layout=layout)
    readers = trace.readers()
    weights = np.zeros(GEOMETRY.map_height * GEOMETRY.map_width).reshape(GEOMETRY.map_height, GEOMETRY.map_width)
    for bin_ in trace.bins:
        for sample in bin_.samples:
            for n in sample.neighbours:
                weights[n.row, n.col] += n.weight
    assert set(readers) == {tuple(cell) for cell in np.argwhere(weights > 0).tolist()}
    for points in readers.values():
        assert list(points) == sorted(points, key=lambda p: (p[0], p[1], int(p[2][1:])))
        assert len(set(points)) == len(points)


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize("quantization", ["floor", "round"])
def test_a_pool_bins_cells_are_those_whose_readers_name_it(box, quantization):
    trace = trace_roi_pool(lesson_feature_map(), box, GEOMETRY, 3, quantization)
    readers = trace.readers()
    for row in range(3):
        for col in range(3):
            bin_ = trace.bin(row, col)
            assert (bin_.row, bin_.col) == (row, col)
            assert set(bin_.cells) == {cell for cell, bins in readers.items() if (row, col) in bins}
            if not bin_.empty:
                assert bin_.argmax in bin_.cells


@pytest.mark.parametrize("box", BOXES)
def test_an_align_bins_cells_are_those_its_samples_mix(box):
    trace = trace_roi_align(lesson_feature_map(), box, GEOMETRY, 3, sampling_ratio=-1)
    readers = trace.readers()
    for bin_ in trace.bins:
        named = {cell for cell, points in readers.items() if any(p[:2] == (bin_.row, bin_.col) for p in points)}
        assert set(bin_.cells) == named and len(set(bin_.cells)) == len(bin_.cells)
        for sample in bin_.samples:
            assert set(sample.cells) <= set(bin_.cells)
