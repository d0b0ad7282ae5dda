"""C's ``round`` (and ``roundf``): the nearest whole number, halves away from zero, as the reference kernels round
box corners (torchvision's roi_pool and ps_roi_pool, MNC's RoI Warp, TensorFlow's nearest crop_and_resize).

NumPy's ``np.round`` sends halves to the even neighbour (2.5 -> 2), and ``floor(x + 0.5)`` is wrong just below one
half (0.49999999999999994 + 0.5 rounds up to 1.0 in floating point): both differ from C.
"""

from __future__ import annotations

import numpy as np


def round_half_away(values) -> np.ndarray:
    """The nearest whole numbers to ``values``, halves away from zero, in their own floating dtype (exact for every
    float: the fraction ``values - trunc(values)`` is computed without rounding)."""
    values = np.asarray(values)
    whole = np.trunc(values)
    return whole + np.where(np.abs(values - whole) >= 0.5, np.sign(values), 0).astype(whole.dtype)
