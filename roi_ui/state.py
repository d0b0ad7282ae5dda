"""The session's view state, kept in step with widgets and the URL.

One dict of parameter values (``roi_ui.params``) lives in the session. It is read
from the URL on a session's first run, shown by widgets keyed ``ctl_<name>`` and
written back to the URL on every run, so a copied link reproduces the view.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from .params import PARAMS, defaults, parse_query, to_query

VALUES = "roi_values"
URL_NOTICES = "roi_url_notices"


def widget_key(name: str) -> str:
    """The session-state key of the widget that shows parameter ``name``."""
    return f"ctl_{name}"


def values() -> dict[str, Any]:
    """The current parameter values, read from the URL on the session's first run."""
    if VALUES not in st.session_state:
        parsed, notices = parse_query(st.query_params.to_dict())
        st.session_state[VALUES] = parsed
        st.session_state[URL_NOTICES] = notices
    return st.session_state[VALUES]


def url_notices() -> list[str]:
    """Lines describing URL parameters that were rejected on the first run."""
    values()
    return st.session_state[URL_NOTICES]


def set_value(name: str, value: Any) -> None:
    """Change one parameter (and the URL); the learner has moved on, so URL notices are dropped."""
    st.session_state[URL_NOTICES] = []
    values()[name] = value
    st.query_params.from_dict(to_query(values()))


def commit_widget(name: str) -> None:
    """on_change callback: copy widget ``name``'s new value into the state."""
    set_value(name, st.session_state[widget_key(name)])


def prepare_widget(name: str) -> str:
    """Load parameter ``name`` into its widget's state before the widget is drawn; return the key."""
    st.session_state[widget_key(name)] = values()[name]
    return widget_key(name)


def reset_to_preset(keep: tuple[str, ...] = ("image",)) -> None:
    """Restore the lesson preset, keeping the parameters named in ``keep``."""
    current = values()
    st.session_state[URL_NOTICES] = []
    current.update({name: value for name, value in defaults().items() if name not in keep})
    st.query_params.from_dict(to_query(current))


def sync_url() -> None:
    """Write the whole state into the URL's query parameters."""
    st.query_params.from_dict(to_query(values()))


__all__ = ["PARAMS", "commit_widget", "prepare_widget", "reset_to_preset", "set_value", "sync_url", "url_notices",
           "values", "widget_key"]
