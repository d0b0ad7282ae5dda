"""The FPN level of a box (torchvision's LevelMapper) and RoI Align over a pyramid (MultiScaleRoIAlign), worked
by hand; the live comparison is test_torchvision_family_parity.py."""

from __future__ import annotations

import numpy as np
import pytest

from roi_core import Rect, roi_align
from roi_core.image_features import cell_means
from roi_core.pyramid import fpn_levels, level_choice, level_scales, multiscale_roi_align, pooled_at_strides


@pytest.mark.parametrize(
    ("side", "level"),
    [(224, 4), (112, 3), (448, 5), (896, 6), (56, 2), (223, 3), (225, 4), (10, 2), (5000, 5)],
)
def test_a_box_goes_to_the_level_of_its_size(side, level):
    """k = floor(4 + log2(side / 224) + 1e-6), clamped to P2-P5: 224 px on P4, half as large on P3."""
    boxes = np.array([[10.0, 20.0, 10.0 + side, 20.0 + side]])
    assert fpn_levels(boxes, 2, 5)[0] == min(max(level, 2), 5) - 2


def test_the_level_depends_on_the_area_not_the_shape():
    """A 448 x 112 box has the area of a 224 x 224 one: level 4."""
    assert fpn_levels(np.array([[0, 0, 448, 112], [0, 0, 112, 448], [0, 0, 224, 224]]), 2, 5).tolist() == [2, 2, 2]


def test_scales_are_inferred_from_the_tallest_image_as_powers_of_two():
    features = [np.zeros((1, 1, 200, 304)), np.zeros((1, 1, 100, 152)), np.zeros((1, 1, 50, 76))]
    assert level_scales(features, [(800, 1216), (600, 1000)]) == [0.25, 0.125, 0.0625]


def test_each_box_is_pooled_at_its_levels_scale():
    rng = np.random.default_rng(5)
    p2, p3 = rng.standard_normal((1, 2, 64, 64)), rng.standard_normal((1, 2, 32, 32))
    small, large = [10.0, 10.0, 60.0, 50.0], [20.0, 30.0, 250.0, 240.0]  # sqrt(area) 45 and 220: P2 and P3
    output = multiscale_roi_align({"p2": p2, "p3": p3}, [np.array([small, large])], [(256, 256)], ["p2", "p3"], 7, 2)
    np.testing.assert_array_equal(output[0], roi_align(p2, np.array([[0, *small]]), 7, 0.25, 2)[0])
    np.testing.assert_array_equal(output[1], roi_align(p3, np.array([[0, *large]]), 7, 0.125, 2)[0])


def test_one_level_is_plain_roi_align():
    features = np.random.default_rng(1).standard_normal((1, 3, 20, 30))
    boxes = [np.array([[3.0, 4.0, 50.0, 60.0]])]
    output = multiscale_roi_align({"p": features}, boxes, [(80, 120)], ["p"], 5, 0)
    np.testing.assert_array_equal(output, roi_align(features, np.array([[0, 3.0, 4.0, 50.0, 60.0]]), 5, 0.25, 0))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (dict(featmap_names=["p9"]), "featmap_names must name levels of features"),
        (dict(image_shapes=[(8, 8), (8, 8)]), "image_shapes must give one"),
    ],
)
def test_bad_arguments_name_themselves(arguments, message):
    call = dict(
        features={"p": np.zeros((1, 1, 4, 4))},
        boxes=[np.array([[0.0, 0.0, 4.0, 4.0]])],
        image_shapes=[(8, 8)],
        featmap_names=["p"],
        output_size=2,
        sampling_ratio=2,
    )
    with pytest.raises(ValueError, match=message):
        multiscale_roi_align(**(call | arguments))
    with pytest.raises(ValueError, match="boxes must have shape"):
        fpn_levels(np.zeros((3, 5)), 2, 5)


def test_level_choice_works_out_what_fpn_levels_picks():
    rng = np.random.default_rng(9)
    for w, h in rng.uniform(1, 1500, (300, 2)):
        choice = level_choice(Rect(5.0, 7.0, 5.0 + w, 7.0 + h))
        batch = fpn_levels(np.array([[5.0, 7.0, 5.0 + w, 7.0 + h]]), 2, 5)[0] + 2
        assert choice.level == batch == min(max(choice.floored, 2), 5) and choice.stride == 2**choice.level
        assert choice.side == pytest.approx(np.sqrt(w * h)) and choice.floored == np.floor(choice.exact + 1e-6)
        assert choice.clamped == (choice.floored != choice.level)


def test_the_slides_box_goes_to_p3():
    """230 x 180 px: sqrt = 203.47, 4 + log2(203.47 / 224) = 3.861, floor 3: P3, stride 8."""
    choice = level_choice(Rect.from_xywh(300, 210, 230, 180))
    assert (round(choice.side, 2), round(choice.exact, 3), choice.level, choice.stride) == (203.47, 3.861, 3, 8)


def test_pooling_at_several_strides_on_a_crop_equals_the_whole_images_maps():
    rgb = np.random.default_rng(2).integers(0, 256, (300, 420, 3), dtype=np.uint8)
    box = Rect(37.5, 81.0, 301.0, 290.0)  # reaching the image's bottom: a partial last cell at strides 8, 16, 32
    pooled = pooled_at_strides(rgb, box, (4, 8, 16, 32), 5)
    assert [stride for stride, _ in pooled] == [4, 8, 16, 32] and not pooled[0][1].flags.writeable
    for stride, values in pooled:
        whole = roi_align(
            cell_means(rgb, stride)[None], np.array([[0, box.x1, box.y1, box.x2, box.y2]]), 5, 1 / stride, 2, True
        )[0]
        np.testing.assert_allclose(values, whole, rtol=0, atol=1e-12)
