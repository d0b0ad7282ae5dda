"""The session's parameter values: read while drawing, written only by widget callbacks (or, in a new session
that missed one, by ``adopt`` on the callback's behalf).

Until the learner changes something, the values are the URL's (parsed anew on
every run, nothing stored). The first change stores them in the session: a
callback (``on_change``, ``on_click``, ``on_select``) updates the values, the
widgets that show them and the URL together, so a copied link reproduces the
view. Links between pages carry the URL along (``query``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from .params import PARAMS, defaults, parse_query, to_query

VALUES = "roi_values"


def widget_key(name: str) -> str:
    """The session-state key of the widget that shows parameter ``name``."""
    return f"ctl_{name}"


def values() -> Mapping[str, Any]:
    """The current parameter values (the URL's until the first change)."""
    stored = st.session_state.get(VALUES)
    return stored if stored is not None else parse_query(st.query_params.to_dict())[0]


def url_notices() -> tuple[str, ...]:
    """Lines describing the URL parameters that were rejected; none once the learner has changed something."""
    if VALUES in st.session_state:
        return ()
    return tuple(parse_query(st.query_params.to_dict())[1])


def query() -> dict[str, str]:
    """The URL query of the current values (what links to other pages carry), the presenter's section back at the
    first (each page starts at its beginning)."""
    return to_query(dict(values()) | {"slide": PARAMS["slide"].default})


def set_values(**changes: Any) -> None:
    """Callback use only: change parameters, the widgets showing them and the URL (a widget that already shows
    its new value is left alone: ``adopt`` commits a change its widget drew)."""
    for name, value in changes.items():
        key = widget_key(name)
        if st.session_state.get(key) != value:
            st.session_state[key] = value
    current = dict(values()) | changes
    st.session_state[VALUES] = current
    st.query_params.from_dict(to_query(current))


def callbacks_missed() -> bool:
    """Whether no callback has stored values in this session yet, though the browser may send a changed widget.

    That is a browser that lost its server process (a replica restarted, or was
    taken out and nginx sent the browser to another) and sends its next change
    to a brand-new session: Streamlit calls a widget's callback only if an
    earlier run of the same session drew the widget, so that first change
    arrives with no callback. ``adopt`` commits it instead.
    """
    return VALUES not in st.session_state


def adopt(changed: bool, callback: Callable[..., None], **kwargs: Any) -> None:
    """The callback Streamlit could not call: if a widget just drawn ``changed`` (shows a value the view does
    not have, or was clicked) while ``callbacks_missed``, run its ``callback`` with ``kwargs`` now, then the page
    again from the values it stored."""
    if changed and callbacks_missed():
        callback(**kwargs)
        st.rerun()


def commit_widget(name: str) -> None:
    """``on_change`` callback: copy widget ``name``'s new value into the values."""
    set_values(**{name: st.session_state[widget_key(name)]})


def bound(name: str) -> dict[str, Any]:
    """Keyword arguments binding a widget to parameter ``name``: its key and its ``on_change``."""
    return dict(key=widget_key(name), on_change=commit_widget, args=(name,))


def reset_to_preset(keep: tuple[str, ...] = ()) -> None:
    """``on_click`` callback: restore the lesson preset (the built-in scene and the slides' table included), keeping
    the parameters named in ``keep``. An uploaded photo stays in the session, one click away."""
    current = values()
    set_values(**{name: value for name, value in defaults().items() if name not in keep and current[name] != value})


def bound_picker(name: str, in_range: bool, options: int) -> dict[str, Any]:
    """Keyword arguments binding a picker of ``options`` choices to parameter ``name``, whose value a page may move
    into range while drawing (derived, never written back).

    In range: ``bound(name)``. Moved: a widget keyed by its number of options (its choice then is always the moved
    value, so no stale choice is ever shown), committing to ``name`` when changed.
    """
    if in_range:
        return bound(name)
    key = f"{widget_key(name)}_of_{options}"
    return dict(key=key, on_change=_commit_from, args=(name, key))


def _commit_from(name: str, key: str) -> None:
    """``on_change`` callback: copy the widget keyed ``key``'s new value into parameter ``name``."""
    set_values(**{name: st.session_state[key]})
