"""Textbook and blog examples, with their own numbers, reproduced by roi_core (``roi_core.textbooks``).

Each source's printed numbers are written out here again, as the source prints them, and compared with what
roi_core computes; the only printed numbers allowed to differ are those an entry documents in ``differences``.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from roi_core import SLIDE_EXAMPLES, Rect, map_geometry, roi_align, roi_pool, roi_rows, trace_roi_pool
from roi_core.textbooks import (
    D2L,
    DEEPSENSE,
    ERDEM,
    SLIDES_224,
    TEXTBOOK_EXAMPLES,
    TORCHVISION_ALIGN,
    TextbookExample,
    agrees,
    mismatches,
    reproduce,
    textbook_example,
    values_at,
)


def within(value, printed, decimals: int) -> bool:
    """Printed to ``decimals`` places, ``value`` reads as ``printed`` (half a unit of the last place)."""
    return abs(value - printed) <= 0.5 * 10**-decimals + 1e-12


# --- every entry ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", TEXTBOOK_EXAMPLES, ids=lambda e: e.key)
def test_every_printed_number_is_reproduced_but_the_documented_differences(example: TextbookExample):
    """Every source of TEXTBOOK_EXAMPLES (Dive into Deep Learning §14.8, Kemal Erdem's RoI posts, deepsense.ai's RoI
    pooling post, the lecture slides' 7 x 7 examples): each printed number equals ``reproduce`` exactly, or at its
    printed precision; exactly the items listed in ``differences`` do not, and each of those is a real mismatch."""
    found = mismatches(example)
    assert set(found) == set(example.differences), {k: v for k, v in found.items() if k not in example.differences}


@pytest.mark.parametrize("example", TEXTBOOK_EXAMPLES, ids=lambda e: e.key)
def test_entries_are_well_formed(example: TextbookExample):
    """Every source: a read-only 2-D map of the image's feature-map size, one expected item per box, precisions and
    differences that name printed items, and conventions roi_core accepts."""
    geometry = map_geometry(*example.image_size, example.stride)
    assert example.feature_map.ndim == 2 and not example.feature_map.flags.writeable
    assert example.feature_map.shape == (geometry.map_height, geometry.map_width)
    row0, col0, row1, col1 = example.printed_cells
    assert 0 <= row0 <= row1 <= geometry.map_height and 0 <= col0 <= col1 <= geometry.map_width
    assert example.spatial_scale == 1.0 / example.stride
    assert example.methods and example.expected
    for name, printed in example.expected.items():
        assert isinstance(printed, tuple) and len(printed) == len(example.boxes), name
    assert set(example.decimals) <= set(example.expected)
    for path in example.differences:
        assert re.fullmatch(r"[a-z_]+(\[\d+\])+", path) and path.split("[")[0] in example.expected, path
    with pytest.raises(ValueError):
        example.feature_map[0, 0] = 1.0
    with pytest.raises(TypeError):
        example.expected["new"] = ()


@pytest.mark.parametrize("example", TEXTBOOK_EXAMPLES, ids=lambda e: e.key)
def test_cells_the_source_leaves_blank_are_never_read(example: TextbookExample):
    """Every source: the map cells a source does not print hold 0 here; filling them with anything changes none of
    the reproduced numbers the source prints."""
    blank = np.ones(example.feature_map.shape, dtype=bool)
    row0, col0, row1, col1 = example.printed_cells
    blank[row0:row1, col0:col1] = False
    if not blank.any():
        pytest.skip("the source prints every cell of its map")
    values = np.array(example.feature_map)
    values[blank] = np.random.default_rng(7).uniform(5.0, 9.0, size=int(blank.sum()))  # larger than any printed
    values.flags.writeable = False
    filled = dataclasses.replace(example, feature_map=values)
    before, after = reproduce(example), reproduce(filled)
    for name in example.expected:
        assert after[name] == before[name], name


def test_the_keys_are_unique_and_looked_up():
    """TEXTBOOK_EXAMPLES: one entry per source key; an unknown key names the ones there are."""
    keys = [e.key for e in TEXTBOOK_EXAMPLES]
    assert keys == ["d2l-rcnn", "erdem-roi", "deepsense-roi-pooling", "slides-224"]
    assert textbook_example("erdem-roi") is ERDEM
    with pytest.raises(KeyError, match="d2l-rcnn"):
        textbook_example("nope")


# --- the comparison itself can fail --------------------------------------------------------------------------------


@pytest.mark.parametrize("example", TEXTBOOK_EXAMPLES, ids=lambda e: e.key)
def test_each_box_as_a_lesson_view_computes_the_examples_numbers(example: TextbookExample):
    """``box_settings`` gives each box as one view: the same box, scale and conventions, so the view's RoI Pooling
    (and, where the source shows it, RoI Align) is the example's own output for that box."""
    computed = reproduce(example)
    for index, rect in enumerate(example.rects):
        settings = example.box_settings(index)
        assert Rect.from_xywh(*settings.box) == rect
        assert (settings.image_width, settings.image_height, settings.stride) == (*example.image_size, example.stride)
        assert (settings.output_size,) * 2 == example.output_size
        view_map = example.feature_map[None, None]
        pooled = roi_pool(view_map, roi_rows([settings.box_rect]), settings.output_size, 1 / settings.stride,
                          quantization=settings.quantization)[0, 0]  # fmt: skip
        np.testing.assert_array_equal(pooled, computed["pool_output"][index])
        align = example.align_options or TORCHVISION_ALIGN
        assert {name: getattr(settings, name) for name in align} == dict(align)
        if example.align_options is not None:
            aligned = roi_align(view_map, roi_rows([settings.box_rect]), settings.output_size, 1 / settings.stride,
                                **settings.align_options)[0, 0]  # fmt: skip
            np.testing.assert_array_equal(aligned, computed["align_output"][index])


def test_d2l_boxes_as_views_give_the_books_printed_outputs():
    for index, printed in enumerate(D2L.expected["pool_output"]):
        settings = D2L.box_settings(index)
        assert settings.quantization == "round" and settings.sampling_ratio == 0 and not settings.aligned
        pooled = roi_pool(D2L.feature_map[None, None], roi_rows([settings.box_rect]), 2, 0.1, quantization="round")
        np.testing.assert_array_equal(pooled[0, 0], printed)


def test_a_box_off_whole_pixels_is_no_view():
    halves = dataclasses.replace(D2L, boxes=((0.5, 0.0, 20.0, 20.0),))
    with pytest.raises(ValueError, match="does not fit a lesson view"):
        halves.box_settings(0)
    with pytest.raises(ValueError, match="does not fit a lesson view"):
        dataclasses.replace(D2L, output_size=(2, 3)).box_settings(0)


def test_agreement_is_half_a_unit_of_the_printed_place():
    """The printed-precision rule used for every source: 0.495014 prints as 0.50, 0.1470 does not print as 0.14."""
    assert agrees(0.495014, 0.50, 2) and agrees(0.504999, 0.50, 2)
    assert not agrees(0.1470, 0.14, 2) and not agrees(0.5131, 0.52, 2)
    assert agrees(5.0, 5.0, None) and not agrees(5.0000001, 5.0, None)


def test_a_wrong_printed_number_is_reported():
    """Dive into Deep Learning §14.8: changing one printed output value (10 → 11) makes it a mismatch; so does a
    name roi_core does not compute."""
    wrong = dict(D2L.expected)
    wrong["pool_output"] = (((5.0, 6.0), (9.0, 11.0)), ((9.0, 11.0), (13.0, 15.0)))
    wrong["no_such_number"] = ((1,), (2,))
    found = mismatches(dataclasses.replace(D2L, expected=wrong))
    assert found == {"pool_output[0][1][1]": (11.0, 10.0), "no_such_number": (((1,), (2,)), None)}


def test_values_at_is_roi_align_at_a_map_frame_point():
    """Kemal Erdem's RoI Align post, first point: at a cell centre roi_align's interpolation is the cell's value;
    halfway between two centres it is their mean; at the post's rounded (9.94, 6.50) it is 0.56 * 0.1 + 0.44 * 0.2."""
    values = values_at(ERDEM.feature_map, ERDEM.stride, [(9.5, 6.5), (10.0, 6.5), (9.94, 6.50)])
    assert values[0] == pytest.approx(0.1, abs=1e-12)
    assert values[1] == pytest.approx(0.15, abs=1e-12)
    assert values[2] == pytest.approx(0.144, abs=1e-9)


# --- 1. Dive into Deep Learning ------------------------------------------------------------------------------------


def test_d2l_roi_pool_example():
    """Dive into Deep Learning, §14.8 Region-based CNNs (R-CNNs), PyTorch tab: X = arange(16).reshape(1, 1, 4, 4),
    rois [[0, 0, 0, 20, 20], [0, 0, 10, 30, 30]], roi_pool(X, rois, output_size=(2, 2), spatial_scale=0.1) prints
    tensor([[[[5., 6.], [9., 10.]]], [[[9., 11.], [13., 15.]]]]); roi_core's round quantization gives it exactly."""
    X = np.arange(16.0).reshape(1, 1, 4, 4)
    rois = np.array([[0, 0, 0, 20, 20], [0, 0, 10, 30, 30]], dtype=np.float64)
    printed = np.array([[[[5.0, 6.0], [9.0, 10.0]]], [[[9.0, 11.0], [13.0, 15.0]]]])
    np.testing.assert_array_equal(
        roi_pool(X, rois, output_size=(2, 2), spatial_scale=0.1, quantization="round"), printed
    )
    # the entry holds the book's inputs, and reproduce runs them
    np.testing.assert_array_equal(D2L.feature_map, X[0, 0])
    np.testing.assert_array_equal(D2L.rois, rois)
    assert D2L.spatial_scale == 0.1 and D2L.image_size == (40, 40) and D2L.output_size == (2, 2)
    assert D2L.pool_options["quantization"] == "round"
    np.testing.assert_array_equal(np.array(reproduce(D2L)["pool_output"])[:, None], printed)


def test_d2l_regions_are_the_slices_the_book_names():
    """Dive into Deep Learning §14.8: 'the two regions of interest are marked on X as X[:, :, 0:3, 0:3] and
    X[:, :, 1:4, 0:4]'."""
    assert reproduce(D2L)["quantized_region"] == ((0, 3, 0, 3), (1, 4, 0, 4))


def test_d2l_figure_subwindows_differ_from_torchvision_bins_but_not_their_maxima():
    """Dive into Deep Learning §14.8, the 3 x 3 RoI figure: its subwindows {0, 1, 4, 5}, {2, 6}, {8, 9}, {10} give
    5, 6, 9, 10; torchvision's (overlapping) bins read other cells and give the same maxima."""
    trace = trace_roi_pool(D2L.feature_map, D2L.rects[0], D2L.geometry, (2, 2), "round")
    read = [sorted(int(D2L.feature_map[r, c]) for r, c in b.cells) for b in trace.bins]
    assert read == [[0, 1, 4, 5], [1, 2, 5, 6], [4, 5, 8, 9], [5, 6, 9, 10]]
    figure = [[0, 1, 4, 5], [2, 6], [8, 9], [10]]
    assert [max(s) for s in figure] == [b.value for b in trace.bins] == [5, 6, 9, 10]


# --- 2. Kemal Erdem's posts ----------------------------------------------------------------------------------------


def test_erdem_box_and_roi_pooling():
    """Kemal Erdem, Understanding Region of Interest (RoI Pooling): a 145 x 200 RoI at (192 x 296) on a 512 x 512
    image, 16 x 16 map (stride 32): 200/32 = 6.25, 145/32 = ~4.53, 296/32 = 9.25, 192/32 = 6; quantized 9, 6 and a
    4 x 6 RoI; 3 x 3 pooling with 1 x 2 bins (4/3 = 1 x 6/3 = 2), the bottom row lost; the figure's output."""
    out = reproduce(ERDEM)
    ((x, y, w, h),) = out["projected_box"]
    assert (x, y, w) == (9.25, 6.0, 6.25) and h == 145 / 32 and within(h, 4.53, 2)
    assert out["quantized_box"] == ((9, 6, 6, 4),)
    assert out["pool_bin_size"] == ((1, 2),)
    assert out["pool_dropped_rows"] == ((9,),) and out["pool_dropped_columns"] == ((),)
    assert out["pool_output"] == (((0.2, 0.4, 0.6), (1.0, 0.6, 0.9), (0.9, 0.7, 0.5)),)
    assert ERDEM.boxes == ((296.0, 192.0, 496.0, 337.0),) and ERDEM.stride == 32 and ERDEM.image_size == (512, 512)


def test_erdem_roi_align_first_bin():
    """Kemal Erdem, Understanding Region of Interest - Part 2 (RoI Align): bins 1.51 x 2.08; first bin's points
    (9.94, 6.50), (10.64, 6.50), (9.94, 7.01), (10.64, 7.01); first point read from (9.50, 6.50), (10.50, 6.50),
    (9.50, 7.50), (10.50, 7.50) as 0.14; MAX(0.14, 0.21, 0.51, 0.43) = 0.51."""
    out = reproduce(ERDEM)
    ((bin_h, bin_w),) = out["align_bin_size"]
    assert within(bin_h, 1.51, 2) and within(bin_w, 2.08, 2)
    printed_points = [(9.94, 6.50), (10.64, 6.50), (9.94, 7.01), (10.64, 7.01)]
    for (x, y), (px, py) in zip(out["align_first_bin_points"][0], printed_points, strict=True):
        assert within(x, px, 2) and within(y, py, 2)
    assert out["align_first_bin_neighbours"][0][0] == ((9.5, 6.5), (10.5, 6.5), (9.5, 7.5), (10.5, 7.5))
    # at the post's rounded points roi_align gives the post's four values; at the exact points the first two differ
    at_printed = out["align_first_bin_values_at_printed_points"][0]
    assert [within(v, p, 2) for v, p in zip(at_printed, (0.14, 0.21, 0.51, 0.43))] == [True] * 4
    exact = out["align_first_bin_values"][0]
    assert [within(v, p, 2) for v, p in zip(exact, (0.14, 0.21, 0.51, 0.43))] == [False, False, True, True]
    assert exact[0] == pytest.approx(0.1470, abs=5e-5) and exact[1] == pytest.approx(0.2153, abs=5e-5)
    assert within(out["align_first_bin_max"][0], 0.51, 2)


def test_erdem_roi_align_output_and_its_three_slips():
    """Kemal Erdem, RoI Align post, the 3 x 3 RoIAlign output 0.51 0.46 0.71 / 0.86 0.50 0.52 / 0.56 0.83 0.30:
    six bins agree at 2 decimals; 0.71, 0.52 and 0.30 are the post's arithmetic (exactly 0.7048, 0.5131, 0.3432)."""
    printed = np.array([[0.51, 0.46, 0.71], [0.86, 0.50, 0.52], [0.56, 0.83, 0.30]])
    out = np.array(reproduce(ERDEM)["align_output"][0])
    agree = np.abs(out - printed) <= 0.005 + 1e-12
    np.testing.assert_array_equal(agree, [[True, True, False], [True, True, False], [True, True, False]])
    np.testing.assert_allclose(out[:, 2], [0.7048, 0.5131, 0.3432], atol=5e-5)
    # the same numbers straight from roi_align with the entry's conventions
    direct = roi_align(
        ERDEM.feature_map[None, None], ERDEM.rois, 3, 1 / 32, 2, True, pooling="max", sample_layout="spaced"
    )[0, 0]
    np.testing.assert_array_equal(direct, out)


def test_erdem_conventions_are_the_ones_that_reproduce_the_post():
    """Kemal Erdem, RoI Align post: its first bin (0.51) needs aligned=True and the spaced 1/3, 2/3 layout;
    torchvision's aligned=False (0.72) or centred samples do not give it."""
    features, rois = ERDEM.feature_map[None, None], ERDEM.rois

    def first_bin(aligned, layout):
        return roi_align(features, rois, 3, 1 / 32, 2, aligned, pooling="max", sample_layout=layout)[0, 0, 0, 0]

    assert within(first_bin(True, "spaced"), 0.51, 2)
    assert within(first_bin(False, "spaced"), 0.72, 2)
    assert not within(first_bin(True, "centered"), 0.51, 2)
    assert ERDEM.align_options == {"sampling_ratio": 2, "aligned": True, "pooling": "max", "sample_layout": "spaced"}


def test_erdem_cells_without_points():
    """Kemal Erdem, RoI Align post: 'cells 11x6, 11x7, 11x8, 11x9, 11x10, 13x6, ..., 15x10 will never have any
    points in it'; the second point, in cell 10x6, 'still uses cells 11x6 and 11x7'."""
    out = reproduce(ERDEM)
    assert out["align_cells_without_points"][0] == tuple((c, r) for c in (11, 13, 15) for r in (6, 7, 8, 9, 10))
    assert out["align_top_right_point_cell"] == ((10, 6),)
    assert out["align_top_right_point_reads_pointless"] == (((11, 6), (11, 7)),)


def test_erdem_point_values_at_rounded_points():
    """Kemal Erdem, RoI Align post, the animation's 36 point values: 26 agree with roi_align at the points rounded to
    2 decimals, as the post works them out; the other 10 are slips of its arithmetic, each documented."""
    printed = np.array(ERDEM.expected["align_sample_values_at_rounded_points"][0])
    values = np.array(reproduce(ERDEM)["align_sample_values_at_rounded_points"][0])
    assert printed.shape == values.shape == (3, 3, 4)
    bad = {tuple(int(i) for i in index) for index in np.argwhere(np.abs(values - printed) > 0.005 + 1e-12)}
    assert len(bad) == 10
    assert bad == {
        tuple(int(i) for i in re.findall(r"\d+", path)[1:])
        for path in ERDEM.differences
        if path.startswith("align_sample_values_at_rounded_points")
    }


# --- 3. deepsense.ai -----------------------------------------------------------------------------------------------


def test_deepsense_sections_and_output():
    """deepsense.ai, Region of interest pooling explained: an 8 x 8 map, the region (0, 3)-(7, 8), sections split at
    int((7 + 0)/2) = 3 and int((3 + 8)/2) = 5, output 0.85, 0.84 / 0.97, 0.96."""
    out = reproduce(DEEPSENSE)
    assert out["region_corners"] == (((0, 3), (7, 8)),)
    assert out["section_output"] == (((0.85, 0.84), (0.97, 0.96)),)
    bins = [Rect(*b) for b in DEEPSENSE.source_bins]
    assert {b.x1 for b in bins} | {b.x2 for b in bins} == {0, 3, 7} and {b.y1 for b in bins} | {b.y2 for b in bins} == {
        3,
        5,
        8,
    }
    assert sum(b.area for b in bins) == Rect(*DEEPSENSE.boxes[0]).area == 35
    assert DEEPSENSE.feature_map[3, 0] == 0.85 and DEEPSENSE.feature_map[7, 2] == 0.97


def test_deepsense_output_is_not_one_roi_pool_call():
    """deepsense.ai's RoI pooling post: neither torchvision's convention (its own kernel's) nor the lesson's floor
    gives the animation's 0.85, 0.84 / 0.97, 0.96 in one call; the documented outputs are what they give."""
    features = DEEPSENSE.feature_map[None, None]
    inclusive = np.array([[0, 0, 3, 6, 7]], dtype=np.float64)  # torchvision counts the end cell
    rounded = roi_pool(features, inclusive, 2, 1.0, quantization="round")[0, 0]
    np.testing.assert_array_equal(rounded, [[0.85, 0.96], [0.97, 0.96]])
    floored = roi_pool(features, DEEPSENSE.rois, 2, 1.0, quantization="floor")[0, 0]
    np.testing.assert_array_equal(floored, [[0.85, 0.84], [0.69, 0.88]])
    assert reproduce(DEEPSENSE)["pool_output"] == (((0.85, 0.84), (0.69, 0.88)),)


# --- 4. the slides' 7 x 7 examples ---------------------------------------------------------------------------------


def test_slides_224_by_reference():
    """The lecture slides' 224 x 224 / 7 x 7 examples (lesson.SLIDE_EXAMPLES): W=3, H=6 (3/2 floors to 1, one column
    dropped) and W=2, H=4 (2/2 and 4/2 divide evenly, nothing dropped), with the lesson's boxes."""
    assert SLIDES_224.boxes == tuple(
        (float(x), float(y), float(x + w), float(y + h)) for x, y, w, h in (e.box for e in SLIDE_EXAMPLES)
    )
    out = reproduce(SLIDES_224)
    assert out["cells"] == ((3, 6), (2, 4)) == tuple(e.cells for e in SLIDE_EXAMPLES)
    assert out["pool_bin_width"] == (1, 1)
    assert out["pool_dropped_column_count"] == (1, 0)
    assert SLIDES_224.printed_cells == (0, 0, 0, 0) and not SLIDES_224.feature_map.any()
