"""sample_fraction: the offsets of sampling points in their bin, as the lesson writes them."""

import numpy as np
import pytest

from roi_core.sampling import sample_coordinates, sample_fraction


def test_spaced_thirds_as_the_slides():
    assert [sample_fraction(i, 2, "spaced") for i in range(2)] == [(1, 3), (2, 3)]


def test_centred_quarters_as_torchvision():
    assert [sample_fraction(i, 2, "centered") for i in range(2)] == [(1, 4), (3, 4)]


def test_fractions_are_reduced():
    assert sample_fraction(1, 3, "spaced") == (1, 2)
    assert sample_fraction(1, 3, "centered") == (1, 2)
    assert sample_fraction(0, 1, "centered") == (1, 2)


@pytest.mark.parametrize("layout", ["spaced", "centered"])
@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_matches_sample_coordinates(layout, count):
    start, bin_size = np.array([9.375]), np.array([2.5])
    coords, _ = sample_coordinates(start, bin_size, 1, np.array([count]), layout)
    for index in range(count):
        numerator, denominator = sample_fraction(index, count, layout)
        assert coords[0, 0, index] == pytest.approx(9.375 + 2.5 * numerator / denominator)
