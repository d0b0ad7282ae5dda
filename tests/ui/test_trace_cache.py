"""The traces ``roi_ui.session.traces`` caches with ``st.cache_resource`` are handed out without a copy, so every
cached value must be immutable all the way down (frozen dataclasses, tuples, read-only arrays); and every cache is
scoped to its session (``tests/app/test_state_flow.py``), so nothing made from one user's upload reaches another."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy as np
import pytest

from roi_core import LESSON_PRESET, Rect, ZooOptions, cell_means
from roi_ui.images.store import scene
from roi_ui.session import traces
from roi_ui.session.params import ZOO_STEPS, defaults
from roi_ui.session.view import build_view


def mutable_parts(value, path: str = "value") -> list[str]:
    """Where ``value`` can be changed in place: a writeable array, a list, dict, set or other writable mapping, a
    dataclass not frozen or with a ``cached_property`` (set on the shared object when first read)."""
    if isinstance(value, np.ndarray):
        return [path] if value.flags.writeable else []
    if isinstance(value, list | dict | set):
        return [path]
    if isinstance(value, Mapping) and not isinstance(value, MappingProxyType):
        return [path]
    if isinstance(value, MappingProxyType):
        return [part for key, item in value.items() for part in mutable_parts(item, f"{path}[{key!r}]")]
    if dataclasses.is_dataclass(value):
        lazy = [name for name, attr in vars(type(value)).items() if isinstance(attr, functools.cached_property)]
        own = [] if type(value).__dataclass_params__.frozen and not lazy else [path]  # lazy: set after caching
        return own + [
            part
            for f in dataclasses.fields(value)
            for part in mutable_parts(getattr(value, f.name), f"{path}.{f.name}")
        ]
    if isinstance(value, tuple):
        return [part for index, item in enumerate(value) for part in mutable_parts(item, f"{path}[{index}]")]
    return []


def test_the_check_finds_what_can_change():
    @dataclasses.dataclass
    class Loose:
        values: list

    @dataclasses.dataclass(frozen=True)
    class Lazy:
        values: tuple

        @functools.cached_property
        def total(self) -> int:
            return sum(self.values)

    assert mutable_parts((np.zeros(2),)) == ["value[0]"]
    assert mutable_parts(Loose([1])) == ["value", "value.values"]
    assert mutable_parts(Lazy((1, 2))) == ["value"]
    assert mutable_parts(MappingProxyType({"a": [1]})) == ["value['a']"]


VIEW = build_view(defaults(), scene(), lambda stride: cell_means(scene().rgb, stride))
MAPS = cell_means(scene().rgb, LESSON_PRESET.stride)
S = VIEW.settings
CACHED: dict[str, Callable[[], object]] = {
    "one bin maxima": lambda: traces._one_bin_maxima.__wrapped__(VIEW.key, 2, VIEW.feature_map, VIEW.geometry),
    "pool": lambda: traces._pool.__wrapped__(VIEW.key, S.box_rect, "round", VIEW.feature_map, VIEW.geometry),
    "align": lambda: traces._align.__wrapped__(
        VIEW.key,
        Rect.from_xywh(10, 5, 300, 200),
        tuple(sorted(S.align_options.items())),
        VIEW.feature_map,
        VIEW.geometry,
    ),
    "sweep": lambda: traces._sweep.__wrapped__(VIEW.key, (-1, 0, 1), VIEW.feature_map, VIEW.geometry),
    "both": lambda: traces._both.__wrapped__(VIEW.key, None, MAPS),
    "channel pools": lambda: traces._channel_pools.__wrapped__(VIEW.key, 3, MAPS[:3], VIEW.geometry),
    "zoo": lambda: traces._zoo.__wrapped__(VIEW.key, ZooOptions(angle=30.0), VIEW.feature_map, VIEW.geometry),
    "at strides": lambda: traces._at_strides.__wrapped__(VIEW.key, (4, 32), 7, 2, scene().rgb),
    "gradients": lambda: traces._gradients.__wrapped__(VIEW.key, (1, 2), VIEW.feature_map, VIEW.geometry),
    **{
        f"zoo step {method}": functools.partial(
            traces._zoo_step.__wrapped__, VIEW.key, method, ZooOptions(angle=30.0), VIEW.feature_map, VIEW.geometry
        )
        for method in ZOO_STEPS
    },
}


@pytest.mark.parametrize("name", CACHED)
def test_every_cached_trace_is_immutable_all_the_way_down(name):
    assert mutable_parts(CACHED[name]()) == []


def test_every_cache_of_the_traces_is_checked():
    from streamlit.runtime.caching.cache_utils import CachedFunc

    cached = {
        name
        for name, value in vars(traces).items()
        if isinstance(value, CachedFunc) and value.__module__ == traces.__name__
    }
    assert cached == {
        "_pool",
        "_align",
        "_sweep",
        "_both",
        "_channel_pools",
        "_at_strides",
        "_zoo",
        "_zoo_step",
        "_gradients",
        "_one_bin_maxima",
    }
    assert len(cached) + len(ZOO_STEPS) - 1 == len(CACHED)
