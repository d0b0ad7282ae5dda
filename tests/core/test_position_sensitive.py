"""Position-sensitive RoI Align and RoI Pooling (R-FCN), without torchvision: each output bin reads its own
channel, the rest is roi_align(aligned=True) or an average of rounded cells, with torchvision's two quirks (0 / 0
for a box with no sample, the CPU kernel's map edge). The live comparison is test_torchvision_family_parity.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core import roi_align
from roi_core.position_sensitive import ps_roi_align, ps_roi_pool


def constant_channels(channels: int, height: int = 8, width: int = 10) -> np.ndarray:
    """One image whose channel c holds the constant c everywhere."""
    return np.broadcast_to(np.arange(channels, dtype=np.float64)[None, :, None, None], (1, channels, height, width))


@pytest.mark.parametrize("function", [ps_roi_align, ps_roi_pool])
def test_each_bin_reads_its_own_channel(function):
    """Output channel c, bin (i, j) of a 2 x 3 output reads input channel (c * 2 + i) * 3 + j."""
    features = constant_channels(2 * 2 * 3)
    output = function(features, np.array([[0, 1.0, 1.0, 7.0, 6.0]]), (2, 3))
    expected = np.arange(12, dtype=np.float64).reshape(1, 2, 2, 3)
    np.testing.assert_allclose(output, expected, rtol=0, atol=1e-12)


def test_ps_roi_align_is_roi_align_aligned_in_each_bins_channel():
    rng = np.random.default_rng(3)
    features = rng.standard_normal((2, 2 * 9, 9, 11))
    boxes = np.array([[0, 1.3, 0.4, 8.8, 7.1], [1, -2.0, 3.5, 6.0, 12.0], [1, 4.0, 4.0, 5.0, 4.5]])
    every = roi_align(features, boxes, 3, 1.0, 2, aligned=True)
    output = ps_roi_align(features, boxes, 3, 1.0, 2)
    for c in range(2):
        for i in range(3):
            for j in range(3):
                np.testing.assert_array_equal(output[:, c, i, j], every[:, (c * 3 + i) * 3 + j, i, j])


def test_ps_roi_align_gives_nan_where_torchvision_divides_zero_by_zero():
    """Adaptive sampling of a box of zero height: ceil(0 / 2) = 0 samples, torchvision's sum 0 over count 0."""
    output = ps_roi_align(constant_channels(4), np.array([[0, 1.0, 3.0, 6.0, 3.0]]), 2, 1.0, -1)
    assert np.isnan(output).all()
    assert np.isfinite(ps_roi_align(constant_channels(4), np.array([[0, 1.0, 3.0, 6.0, 3.0]]), 2, 1.0, 2)).all()


def test_ps_roi_pool_averages_rounded_cells_and_never_reads_the_last_row_and_column():
    """A 1 x 1 output over the whole 4 x 5 map: corners (0, 0) and (5, 4) rounded, the bin [0, 4) x [0, 5) clipped
    to [0, 3) x [0, 4) by torchvision's CPU kernel: the mean of the first 3 rows and 4 columns."""
    features = np.arange(20, dtype=np.float64).reshape(1, 1, 4, 5)
    output = ps_roi_pool(features, np.array([[0, 0.0, 0.0, 5.0, 4.0]]), 1)
    assert output[0, 0, 0, 0] == features[0, 0, :3, :4].mean()
    corner = ps_roi_pool(features, np.array([[0, 3.6, 2.6, 5.0, 4.0]]), 1)  # rounds to the last row and column only
    assert corner[0, 0, 0, 0] == 0.0  # an empty bin


@pytest.mark.parametrize("function", [ps_roi_align, ps_roi_pool])
def test_channels_must_be_a_multiple_of_the_bins(function):
    with pytest.raises(ValueError, match="input: its 10 channels must be a multiple of output_size's 3 x 3"):
        function(np.zeros((1, 10, 5, 5)), np.array([[0, 0, 0, 4, 4]]), 3)


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(-5, 5, allow_nan=False),
    corner=st.tuples(st.floats(0, 4), st.floats(0, 3)),
    size=st.tuples(st.floats(1, 5), st.floats(1, 4)),
    pooled=st.integers(1, 3),
)
def test_a_constant_map_gives_that_constant_inside_the_map(value, corner, size, pooled):
    features = np.full((1, 2 * pooled * pooled, 9, 11), value)
    box = np.array([[0, corner[0], corner[1], corner[0] + size[0], corner[1] + size[1]]])
    np.testing.assert_allclose(ps_roi_align(features, box, pooled, 1.0, 2), value, rtol=0, atol=1e-12)
    pooled_values = ps_roi_pool(features, box, pooled)
    assert np.all((np.abs(pooled_values - value) < 1e-12) | (pooled_values == 0))  # 0: a bin past the edge
