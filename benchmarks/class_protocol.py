"""One student's browser tab, spoken in Streamlit's websocket protocol (no browser): the class benchmark's client.

``StreamlitSession`` does what the browser does: GET the page's HTML,
/_stcore/health and /_stcore/host-config with one cookie jar (Streamlit's
``_streamlit_xsrf``, nginx's sticky cookie), open ``/_stcore/stream`` with the
subprotocols ``streamlit, <xsrf cookie>`` and the same cookies, send
``BackMsg.rerun_script`` messages (the page's script hash, the URL's query
string, the sidebar's number inputs as widget states, the message hashes it has
cached) and read ForwardMsgs until ``script_finished``, keeping the browser's
message cache (``ref_hash``). Between reruns it listens on its socket as an open
tab does, so that a socket the server closed is noticed at once; it then
reconnects as the browser does (no new HTML: a new socket and a run with the
widget states it holds).

Its errors (``RerunFailed`` and subclasses) carry short messages: Locust groups
failures by their text. Imported after ``locust`` (which patches the standard
library for gevent), its sockets cooperate with the other simulated students.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from contextlib import suppress
from dataclasses import dataclass, field, replace

import requests
import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput

from roi_ui.session.params import defaults, to_query
from roi_ui.session.registry import LessonPage

LOOPBACK = "127.0.0.1"
XSRF_COOKIE = "_streamlit_xsrf"
STICKY_COOKIE = "roi_lab_session"  # nginx's affinity cookie (scripts/nginx/roi_lab.conf.template)
X_LABEL = "x"  # the sidebar's number input moved by one pixel
SIDEBAR = 1  # delta_path[0] of the sidebar's elements (RootContainer.SIDEBAR)
FINISHED = ForwardMsg.ScriptFinishedStatus
RUN_OVER = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
PRESET_QUERY = urllib.parse.urlencode(to_query(defaults()))


# --- the errors a rerun can end with (their text is what Locust groups by) ---------------------------


class RerunFailed(Exception):
    """A rerun that did not end as a browser would want: the message says why, briefly."""


class Disconnected(RerunFailed):
    """The websocket closed, or could not be opened: the session must reconnect."""


class TimedOut(Disconnected):
    """No ``script_finished`` in time: the session is given up and reconnects."""


class NotApplied(RerunFailed):
    """The run finished, but the app drew x with another value than the one sent: the change was lost."""


def loopback_only(url: str) -> str:
    """``url`` without a trailing slash, if its host is 127.0.0.1; anything else raises SystemExit."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname != LOOPBACK:
        raise SystemExit(f"refused: {url!r} is not an http://{LOOPBACK}[:port] address (traffic stays on loopback)")
    return url.rstrip("/")


# --- one browser session, spoken in Streamlit's protocol ---------------------------------------------


@dataclass
class Widget:
    """A widget as the browser holds it: its id, kind, label, value and bounds (number inputs)."""

    id: str
    kind: str
    label: str
    value: object
    low: float | None = None
    high: float | None = None
    integer: bool = False
    sidebar: bool = False


@dataclass
class Run:
    """What one rerun brought: bytes, the widgets drawn, and the app's exceptions."""

    started: float
    received: int = 0
    widgets: dict[str, Widget] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)


def widget_of(kind: str, proto, sidebar: bool, known: Widget | None) -> Widget | None:
    """The browser's view of a widget element: a value the server set, else the one shown, else the default."""
    if kind == "number_input":
        shown = proto.value if proto.set_value else (known.value if known else proto.default)
        integer = proto.data_type == NumberInput.INT
        low = proto.min if proto.has_min else None
        high = proto.max if proto.has_max else None
        return Widget(proto.id, kind, proto.label, int(shown) if integer else shown, low, high, integer, sidebar)
    if kind == "checkbox":
        shown = proto.value if proto.set_value else (known.value if known else proto.default)
        return Widget(proto.id, kind, proto.label, bool(shown), sidebar=sidebar)
    return None


class StreamlitSession:
    """One student's browser tab: HTTP requests and a websocket to ``/_stcore/stream`` with one cookie jar."""

    def __init__(self, base: str, page: LessonPage, timeout: float, static: bool) -> None:
        self.base, self.page, self.timeout, self.static = base, page, timeout, static
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only: no proxy
        self.ws: websocket.WebSocket | None = None
        self.query = PRESET_QUERY
        self.page_hash = ""
        self.session_id = ""
        self.widgets: dict[str, Widget] = {}
        self.cache: dict[str, list] = {}  # hash -> [ForwardMsg, run last seen]: the browser's message cache
        self.max_age = 2
        self.runs = 0

    # HTTP, then the socket -------------------------------------------------------------------------

    def _get(self, path: str) -> requests.Response:
        response = self.http.get(f"{self.base}/{path}", timeout=self.timeout)
        if response.status_code != 200:
            raise Disconnected(f"HTTP {response.status_code} for /{path.split('?')[0]}")
        return response

    def _load_html(self) -> None:
        """What the browser fetches before it opens the socket: the page, its entry scripts (``static``), the
        health check (which sets the xsrf cookie) and the host config."""
        html = self._get(f"{self.page.url_path}?{self.query}").text
        if self.static:
            for asset in re.findall(r'(?:src|href)="\./(static/[^"]+)"', html):
                self._get(asset)
        self._get("_stcore/health")
        self._get("_stcore/host-config")

    def _connect(self) -> None:
        """Open the websocket as the browser does: subprotocols ``streamlit, <xsrf>[, <last session id>]``."""
        protocols = ["streamlit", self.http.cookies.get(XSRF_COOKIE) or "PLACEHOLDER_AUTH_TOKEN"]
        if self.session_id:
            protocols.append(self.session_id)
        cookies = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        url = "ws" + self.base.removeprefix("http") + "/_stcore/stream"
        try:
            self.ws = websocket.create_connection(
                url, subprotocols=protocols, cookie=cookies, origin=self.base, timeout=self.timeout
            )
        except (OSError, websocket.WebSocketException) as error:
            raise Disconnected(f"websocket refused: {type(error).__name__}") from error

    def open(self) -> Run:
        """Load the page and run it: the first ``rerun_script`` names the page and carries the URL's query."""
        started = time.perf_counter()
        self.close()
        try:
            self._load_html()
        except requests.RequestException as error:
            raise Disconnected(f"HTTP failed: {type(error).__name__}") from error
        self._connect()
        self.page_hash, self.widgets, self.cache = "", {}, {}
        return self._rerun(started, page_name=self.page.url_path, states=())

    def reconnect(self) -> Run:
        """Reconnect after losing the socket: check the server (health and host-config, as the browser's ping
        does), open a socket offering the last session id, and request a run of the same page with the URL's
        query and every widget state it holds. No new HTML, and the message cache is kept. (Chromium, watched
        through a server restart, sends nothing after reconnecting until the student's next change, which then
        reaches a session that never drew its widgets: ``tests/serving`` covers that path in a real browser.)"""
        started = time.perf_counter()
        self.close()
        try:
            self._get("_stcore/health")
            self._get("_stcore/host-config")
        except requests.RequestException as error:
            raise Disconnected(f"HTTP failed: {type(error).__name__}") from error
        self._connect()
        return self._rerun(started, states=self._states({}))

    @property
    def sticky_key(self) -> str:
        """nginx's affinity cookie (empty without nginx): the key its access log names this session by."""
        return self.http.cookies.get(STICKY_COOKIE) or ""

    def idle_until(self, moment: float) -> None:
        """Wait until ``moment`` (``time.monotonic()``) as an open tab does: listening on the socket, so that a
        socket closed by the server raises ``Disconnected`` at once (the browser then reconnects). A message
        between runs (none is expected) is applied to the session."""
        while (remaining := moment - time.monotonic()) > 0:
            self.ws.settimeout(remaining)
            try:
                data = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                return
            except (OSError, websocket.WebSocketException) as error:
                raise Disconnected(f"websocket closed while idle: {type(error).__name__}") from error
            if not data:
                raise Disconnected("websocket closed by the server while idle")
            msg = ForwardMsg()
            msg.ParseFromString(data if isinstance(data, bytes) else data.encode())
            self._handle(msg, Run(time.perf_counter()))

    def close(self) -> None:
        """Close the socket (the server ends the session)."""
        if self.ws is not None:
            with suppress(OSError, websocket.WebSocketException):
                self.ws.close()
            self.ws = None

    # reruns ----------------------------------------------------------------------------------------

    def box_x(self) -> Widget:
        """The sidebar's x input as last drawn."""
        for widget in self.widgets.values():
            if widget.kind == "number_input" and widget.label == X_LABEL and widget.sidebar:
                return widget
        raise RerunFailed("no sidebar x input on the page")

    def change_x(self, step: int) -> tuple[Run, int]:
        """Set x to x + ``step`` (reversed at the input's bounds) as the browser does; return the run and the step.

        The input then holds the new value, as the browser's does. Raises ``NotApplied`` when the app did not
        apply the change: the URL (which the app rewrites on every change) does not say the new x, or the app
        drew x with another value.
        """
        x = self.box_x()
        if (x.high is not None and x.value + step > x.high) or (x.low is not None and x.value + step < x.low):
            step = -step
        wanted = x.value + step
        self.widgets[x.id] = replace(x, value=wanted)
        run = self._rerun(time.perf_counter(), states=self._states({}))
        in_url = urllib.parse.parse_qs(self.query).get(X_LABEL, [str(defaults()[X_LABEL])])
        if in_url != [str(wanted)] or self.box_x().value != wanted:
            raise NotApplied("change not applied (the URL or the x input says another value)")
        return run, step

    def _states(self, changed: dict[str, object]) -> list:
        """The widget states the browser sends: every number input and toggle on the page, ``changed`` applied.

        The server updates only the widgets it is given (``SessionState.set_widgets_from_proto``): the other
        widgets (radios, sliders, buttons) keep their values, as they do when the browser sends them unchanged.
        """
        states = []
        for widget in self.widgets.values():
            value = changed.get(widget.id, widget.value)
            if widget.kind == "checkbox":
                states.append((widget.id, "bool_value", bool(value)))
            else:
                states.append((widget.id, "int_value" if widget.integer else "double_value", value))
        return states

    def _rerun(self, started: float, page_name: str = "", states=()) -> Run:
        """Send one ``rerun_script`` and read ForwardMsgs until the run is over."""
        msg = BackMsg()
        script = msg.rerun_script
        script.query_string = self.query
        script.page_script_hash = self.page_hash
        script.page_name = page_name
        script.cached_message_hashes.extend(self.cache)
        for widget_id, kind, value in states:
            state = script.widget_states.widgets.add()
            state.id = widget_id
            setattr(state, kind, value)
        context = script.context_info
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
        context.url, context.color_scheme = f"{self.base}/{self.page.url_path}?{self.query}", "light"
        try:
            self.ws.send_binary(msg.SerializeToString())
        except (OSError, websocket.WebSocketException) as error:
            raise Disconnected(f"websocket closed: {type(error).__name__}") from error
        return self._read_run(Run(started))

    def _receive(self, deadline: float) -> bytes:
        """The next ForwardMsg's bytes, or ``TimedOut`` / ``Disconnected``."""
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimedOut(f"no script_finished within {self.timeout:.0f} s")
        self.ws.settimeout(remaining)
        try:
            data = self.ws.recv()
        except websocket.WebSocketTimeoutException as error:
            raise TimedOut(f"no script_finished within {self.timeout:.0f} s") from error
        except (OSError, websocket.WebSocketException) as error:
            raise Disconnected(f"websocket closed: {type(error).__name__}") from error
        if not data:
            raise Disconnected("websocket closed by the server")
        return data if isinstance(data, bytes) else data.encode()

    def _read_run(self, run: Run) -> Run:
        """Read until ``script_finished`` (a run cut short for the next rerun is read past)."""
        deadline = run.started + self.timeout
        while True:
            data = self._receive(deadline)
            run.received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if self._handle(msg, run):
                break
        self.widgets = run.widgets
        if run.exceptions:
            raise RerunFailed(f"exception shown by the app: {run.exceptions[0]}")
        return run

    def _handle(self, msg: ForwardMsg, run: Run) -> bool:
        """Apply one ForwardMsg to the session; True when it ends the run."""
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            msg = self._cached(msg)
            kind = "delta"
        elif msg.metadata.cacheable:
            self.cache[msg.hash] = [msg, self.runs]
        if kind == "delta":
            self._element(msg, run)
        elif kind == "new_session":
            self.max_age = msg.new_session.config.max_cached_message_age or self.max_age
            self.session_id = msg.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            run.exceptions.append("compile error")
        elif kind == "script_finished":
            return self._finished(msg.script_finished)
        return False

    def _cached(self, ref: ForwardMsg) -> ForwardMsg:
        """The cached message a ``ref_hash`` points to, with the reference's metadata (as the browser does)."""
        entry = self.cache.get(ref.ref_hash)
        if entry is None:
            raise Disconnected("message cache miss (protocol error)")
        entry[1] = self.runs
        msg = ForwardMsg()
        msg.CopyFrom(entry[0])
        msg.metadata.CopyFrom(ref.metadata)
        return msg

    def _finished(self, status: int) -> bool:
        """End of a run: age the message cache as the browser does; a compile error raises."""
        if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
            raise RerunFailed("script compile error")
        if status not in RUN_OVER:  # FINISHED_EARLY_FOR_RERUN: the next run follows
            return False
        self.runs += 1
        self.cache = {key: entry for key, entry in self.cache.items() if self.runs - entry[1] <= self.max_age}
        return True

    def _element(self, msg: ForwardMsg, run: Run) -> None:
        """Record a new element: a widget (its browser-side value), or an exception."""
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(element.exception.type or "exception")
            return
        proto = getattr(element, kind) if kind else None
        widget_id = getattr(proto, "id", "")
        if not widget_id:
            return
        sidebar = bool(msg.metadata.delta_path) and msg.metadata.delta_path[0] == SIDEBAR
        widget = widget_of(kind, proto, sidebar, self.widgets.get(widget_id))
        if widget is not None:
            run.widgets[widget_id] = widget
