"""Drawing a figure spec on the page: one way, for every chart.

``st.plotly_chart`` turns a dict into a ``plotly.graph_objects.Figure``, which
validates every property of every trace on every rerun (milliseconds per
chart). The plot kit's specs are valid by construction (``tests/app`` checks
each page's charts against Plotly's schema), so ``chart`` hands Streamlit a
figure whose ``to_dict`` is the spec itself, its NumPy arrays packed as
Plotly's base64 typed arrays as ``Figure.to_dict`` packs them (only large NumPy
arrays: a plain list is sent as a list, a small array as numbers): Streamlit then
serialises it directly (with ``orjson`` when installed).

On the way every figure's printed cell values go on top of its lines with a halo and show only while they fit
(``roi_ui.plot.legible``), and in presenter mode all its text is enlarged (``PRESENTER_SCALE``). Streamlit's
Plotly theme is left out: the kit sets every colour itself, its tick labels included (Streamlit's grey ticks fail
WCAG AA contrast).
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import streamlit as st
from plotly.basedatatypes import BaseFigure

from ..plot import legible
from ..plot.kit import CHART_CONFIG, with_text_scale
from ..plot.theme import PRESENTER_SCALE
from . import state


class _SpecFigure(BaseFigure):
    """A Plotly figure that is only its spec: ``to_dict`` returns it as built (no validation), unset properties
    left out and NumPy arrays packed as typed arrays."""

    def __init__(self, spec: dict) -> None:  # BaseFigure.__init__ (validation) deliberately not called
        self._spec = spec

    def to_dict(self) -> dict:
        return _packed(self._spec)


# From this many numbers an array is sent as a base64 typed array (compact for a large grid, as plotly.py sends
# it); a smaller one is handed to the JSON writer as it is (orjson writes it at C speed): page 5's 405 small
# arrays (129 frames of 3 x 3 grids) took 4.2 ms to pack and write, 2.1 ms so, for the same payload.
TYPED_FROM = 1024


def _packed(node: Any) -> Any:
    """A copy of a spec as Plotly's ``Figure.to_dict`` would give it: ``None`` properties left out (``None`` inside
    a coordinate list stays: a gap), numeric NumPy arrays of ``TYPED_FROM`` numbers or more as base64 typed
    arrays, smaller ones as contiguous arrays for the JSON writer. (Exact type checks: a spec is plain dicts,
    lists, tuples and arrays, and they are the cheapest test on a figure of thousands of nodes.)"""
    kind = type(node)
    if kind is dict:
        return {key: _packed(value) for key, value in node.items() if value is not None}
    if kind is list or kind is tuple:
        return node if _plain(node) else [_packed(item) for item in node]
    if kind is np.ndarray:
        if node.dtype.kind not in "biuf" or not node.size:
            return node.tolist()
        return _typed_array(node) if node.size >= TYPED_FROM else np.ascontiguousarray(node)
    return node


def _plain(node: list | tuple) -> bool:
    """Whether a (nested) list holds plain values only, judged by its first leaf: nothing in it to pack."""
    while (type(node) is list or type(node) is tuple) and node:
        node = node[0]
    return not (type(node) is dict or type(node) is np.ndarray)


def chart(
    where: Any, spec: dict, *, key: str, config: dict = CHART_CONFIG, alt: str | None = None, **kwargs: Any
) -> Any:
    """Draw ``spec`` in ``where`` (``st``, a column, a container, a placeholder) as a Plotly chart keyed ``key``,
    its values legible (``roi_ui.plot.legible``), its text enlarged in presenter mode, with ``alt`` (by default
    the figure's own words, ``legible.describe``) as its text alternative."""
    if state.values()["present"]:
        spec = with_text_scale(spec, PRESENTER_SCALE)
    spec = legible.values_on_top(spec)
    rules = legible.hide_rules(legible.fit(spec), key)
    if rules:
        st.html(f"<style>{rules}</style>")
    alt = alt or legible.describe(spec)
    return where.plotly_chart(_SpecFigure(spec), key=key, config=config, theme=None, alt=alt, **kwargs)


PLOTLY_DTYPES = {  # keyed by NumPy dtype: looking one up is cheap, writing a dtype's name is not
    np.dtype(name): code
    for name, code in (
        ("int8", "i1"),
        ("uint8", "u1"),
        ("int16", "i2"),
        ("uint16", "u2"),
        ("int32", "i4"),
        ("uint32", "u4"),
        ("float32", "f4"),
        ("float64", "f8"),
    )
}


def _typed_array(array: np.ndarray) -> dict:
    """A numeric array in Plotly.js's typed-array form ``{dtype, bdata, shape}``, as plotly.py writes it (64-bit
    and boolean integers narrowed to 32 bits, which plotly.js reads)."""
    if (array.dtype.kind in "biu" and array.dtype.itemsize == 8) or array.dtype.kind == "b":
        array = array.astype(np.int32)
    array = np.ascontiguousarray(array)
    spec = {"dtype": PLOTLY_DTYPES[array.dtype], "bdata": base64.b64encode(array.data).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = ",".join(map(str, array.shape))
    return spec
