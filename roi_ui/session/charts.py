"""Drawing a figure spec on the page: one way, for every chart.

``st.plotly_chart`` turns a dict into a ``plotly.graph_objects.Figure``, which
validates every property of every trace on every rerun (milliseconds per
chart). The plot kit's specs are valid by construction (``tests/app`` checks
each page's charts against Plotly's schema), so ``chart`` hands Streamlit a
figure whose ``to_dict`` is the spec itself, its NumPy arrays packed as
Plotly's base64 typed arrays as ``Figure.to_dict`` packs them: Streamlit then
serialises it directly (with ``orjson`` when installed).
"""

from __future__ import annotations

from typing import Any

from _plotly_utils.utils import convert_to_base64
from plotly.basedatatypes import BaseFigure

from ..plot.kit import CHART_CONFIG


class _SpecFigure(BaseFigure):
    """A Plotly figure that is only its spec: ``to_dict`` returns it as built (no validation), unset properties
    left out and NumPy arrays packed as typed arrays."""

    def __init__(self, spec: dict) -> None:  # BaseFigure.__init__ (validation) deliberately not called
        self._spec = spec

    def to_dict(self) -> dict:
        spec = _without_unset(self._spec)
        convert_to_base64(spec)  # in place, on the copy
        return spec


def _without_unset(node: Any) -> Any:
    """A copy of a spec without its ``None`` properties (Plotly's validation drops them too); ``None`` inside a
    coordinate list stays (a gap)."""
    if isinstance(node, dict):
        return {key: _without_unset(value) for key, value in node.items() if value is not None}
    if isinstance(node, list | tuple) and node and isinstance(node[0], dict | list | tuple):
        return [_without_unset(item) for item in node]
    return node


def chart(where: Any, spec: dict, *, key: str, config: dict = CHART_CONFIG, **kwargs: Any) -> Any:
    """Draw ``spec`` in ``where`` (``st``, a column, a container) as a Plotly chart keyed ``key``."""
    return where.plotly_chart(_SpecFigure(spec), key=key, config=config, **kwargs)
