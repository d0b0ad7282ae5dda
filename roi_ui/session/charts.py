"""Drawing a figure spec on the page: one way, for every chart.

``st.plotly_chart`` turns a dict into a ``plotly.graph_objects.Figure``, which
validates every property of every trace on every rerun (milliseconds per
chart). The plot kit's specs are valid by construction (``tests/app`` checks
each page's charts against Plotly's schema), so ``chart`` hands Streamlit a
figure whose ``to_dict`` is the spec itself, its NumPy arrays packed as
Plotly's base64 typed arrays as ``Figure.to_dict`` packs them (only NumPy
arrays: a plain list is sent as a list): Streamlit then serialises it directly
(with ``orjson`` when installed).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from _plotly_utils.utils import to_typed_array_spec
from plotly.basedatatypes import BaseFigure

from ..plot.kit import CHART_CONFIG


class _SpecFigure(BaseFigure):
    """A Plotly figure that is only its spec: ``to_dict`` returns it as built (no validation), unset properties
    left out and NumPy arrays packed as typed arrays."""

    def __init__(self, spec: dict) -> None:  # BaseFigure.__init__ (validation) deliberately not called
        self._spec = spec

    def to_dict(self) -> dict:
        return _packed(self._spec)


def _packed(node: Any) -> Any:
    """A copy of a spec as Plotly's ``Figure.to_dict`` would give it: ``None`` properties left out (``None`` inside
    a coordinate list stays: a gap), numeric NumPy arrays as base64 typed arrays."""
    if isinstance(node, dict):
        return {key: _packed(value) for key, value in node.items() if value is not None}
    if isinstance(node, np.ndarray):
        return to_typed_array_spec(node) if node.dtype.kind in "biuf" else node.tolist()
    if isinstance(node, list | tuple) and node and isinstance(node[0], dict | list | tuple | np.ndarray):
        return [_packed(item) for item in node]
    return node


def chart(where: Any, spec: dict, *, key: str, config: dict = CHART_CONFIG, **kwargs: Any) -> Any:
    """Draw ``spec`` in ``where`` (``st``, a column, a container) as a Plotly chart keyed ``key``."""
    return where.plotly_chart(_SpecFigure(spec), key=key, config=config, **kwargs)
