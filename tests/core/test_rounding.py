"""C's round: halves away from zero, exact just below one half, in the values' own dtype."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from roi_core.rounding import round_half_away


def test_halves_go_away_from_zero():
    assert round_half_away([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]).tolist() == [-3, -2, -1, 1, 2, 3]


def test_just_below_one_half_rounds_down_in_both_precisions():
    below64 = np.nextafter(0.5, 0)
    below32 = np.nextafter(np.float32(0.5), np.float32(0))
    assert round_half_away([below64, -below64]).tolist() == [0, 0]
    rounded = round_half_away(np.array([below32, 1e30], dtype=np.float32))
    assert rounded.dtype == np.float32 and rounded.tolist() == [0, np.float32(1e30)]


@given(st.floats(-1e12, 1e12, allow_nan=False))
def test_the_nearest_whole_number(value):
    rounded = float(round_half_away(value))
    assert rounded == int(rounded) and abs(rounded - value) <= 0.5
    if abs(rounded - value) == 0.5:
        assert abs(rounded) > abs(value)
