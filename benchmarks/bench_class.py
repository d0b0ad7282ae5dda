"""A class at once: N Streamlit sessions over the websocket protocol, run by Locust (headless), and the servers' load.

Run by hand (each scenario up to --run-time seconds, plus the server's start):

    .venv/bin/python benchmarks/bench_class.py --users 10 --users 40 --join-storm 40
    .venv/bin/python benchmarks/bench_class.py --replicas 2 --users 10 --users 40 --users 100 --join-storm 40
    .venv/bin/python benchmarks/bench_class.py --url http://127.0.0.1:8501 --pid 1234 --users 40

Targets: by default one ``streamlit run app.py`` started here (127.0.0.1, a free
port); ``--replicas N`` runs ``scripts/serve_class.sh`` (HOST=127.0.0.1, a free
PORT, REPLICAS=N: nginx in front of N processes); ``--url`` a server that is
already running (its processes sampled only when given with ``--pid``). Every
target must be on 127.0.0.1: anything else is refused.

Each simulated student (a Locust user, ``StudentUser``) does what a browser does:
GET the page's HTML, /_stcore/health and /_stcore/host-config with one cookie jar
(Streamlit's ``_streamlit_xsrf``, nginx's sticky cookie), opens
``/_stcore/stream`` with the subprotocols ``streamlit, <xsrf cookie>`` and the
same cookies, and sends ``BackMsg.rerun_script`` for its lesson page (pages 1-7
in turns, the lesson preset's URL) until ``script_finished``. Then, every
``--interval`` s (± ``--jitter``) on a fixed timeline, it moves the box one pixel:
a ``rerun_script`` with the page's script hash, the URL's query string and the
sidebar's number inputs as widget states, x set to x ± 1 (the message cache the
browser keeps is emulated too: ``cached_message_hashes`` and ``ref_hash``).

Measured per rerun (Locust's request events, so Locust's statistics agree): the
round trip to ``script_finished``, the bytes received; errors: an exception
element sent by the app, a compile error, a disconnect, a timeout, a change the
app did not apply (the x input drawn with another value). A session that lost its
socket reconnects as the browser does (its page and URL again). Also: how far
behind its timeline a student fell, the changes per second done against those
asked, and each server process's CPU time and RSS (psutil, sampled each second).

``--join-storm N``: N sessions open their pages within 2 s; the time from the
HTML request to the first page's ``script_finished``.

Prints the CPU count and load average at start and end, Locust's own percentile
table, and Markdown tables (medians, p95, p99 in ms) for docs/benchmarks.md.
"""

from __future__ import annotations

import locust  # isort: skip  (first: it patches the standard library for gevent)

import argparse
import itertools
import logging
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gevent
import psutil
import requests
import websocket
from locust.env import Environment
from locust.stats import print_error_report, print_percentile_stats
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput

from benchmarks.common import machine, median_p95, percentile, print_header, print_row
from roi_ui.session.params import defaults, to_query
from roi_ui.session.registry import LESSONS, LessonPage
from tests.browser.server import server_pid, streamlit_server

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = "127.0.0.1"
MAX_USERS, MAX_RUN_TIME_S, MAX_TIMEOUT_S = 500, 600, 120  # bounds: in count and in time
STORM_WINDOW_S = 2.0  # a join storm opens its sessions within this
XSRF_COOKIE = "_streamlit_xsrf"
X_LABEL = "x"  # the sidebar's number input moved by one pixel
SIDEBAR = 1  # delta_path[0] of the sidebar's elements (RootContainer.SIDEBAR)
FINISHED = ForwardMsg.ScriptFinishedStatus
RUN_OVER = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
OPEN, CHANGE = "open page", "box x ± 1"
CLASS_START_TIMEOUT_S = 180  # serve_class.sh: replicas' cold imports, then nginx
PRESET_QUERY = urllib.parse.urlencode(to_query(defaults()))


# --- the errors a rerun can end with (their text is what Locust groups by) ---------------------------


class RerunFailed(Exception):
    """A rerun that did not end as a browser would want: the message says why, briefly."""


class Disconnected(RerunFailed):
    """The websocket closed, or could not be opened: the session must reconnect."""


class TimedOut(Disconnected):
    """No ``script_finished`` in time: the session is given up and reconnects."""


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

        Raises ``RerunFailed`` when the app drew x with another value (the change was not applied).
        """
        x = self.box_x()
        if (x.high is not None and x.value + step > x.high) or (x.low is not None and x.value + step < x.low):
            step = -step
        wanted = x.value + step
        run = self._rerun(time.perf_counter(), states=self._states({x.id: wanted}))
        drawn = self.box_x().value
        if drawn != wanted:
            raise RerunFailed("change not applied (x drawn with another value)")
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


# --- the Locust user ---------------------------------------------------------------------------------


@dataclass
class Plan:
    """What every user of one scenario does: the target, pages, pacing, timeout and mode."""

    base: str
    pages: tuple[LessonPage, ...]
    interval: float = 2.0
    jitter: float = 0.5
    timeout: float = 30.0
    static: bool = False
    storm: bool = False


@dataclass
class Tally:
    """What Locust's statistics do not keep: every sample, bytes per rerun, lateness, per page."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    sizes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    late: list[float] = field(default_factory=list)
    opened: int = 0
    failed_opens: int = 0


class StudentUser(locust.User):
    """A student in one Streamlit session: opens a lesson page, then moves the box one pixel every 2 s ± jitter."""

    plan: Plan
    tally: Tally
    numbers = itertools.count()

    wait_time = locust.constant(0)  # the task waits for its change's time itself (see ``move_box``)

    def on_start(self) -> None:
        """Pick a page (pages in turns over the users) and open it."""
        number = next(self.numbers)
        self.page = self.plan.pages[number % len(self.plan.pages)]
        self.session = StreamlitSession(self.plan.base, self.page, self.plan.timeout, self.plan.static)
        self.step = random.choice((-1, 1))
        self.opened = False
        self.open()

    def on_stop(self) -> None:
        """Close the socket."""
        self.session.close()

    def open(self) -> None:
        """Open (or reopen) the page; its time goes to Locust as an "open page" request."""
        started = time.perf_counter()
        try:
            run = self.session.open()
        except RerunFailed as error:
            self.report(OPEN, started, 0, error)
            self.tally.failed_opens += not self.opened
            self.due = time.monotonic() + self.plan.interval  # retry at the next change's time
            return
        self.report(OPEN, started, run.received, None)
        self.tally.opened += not self.opened
        self.opened = True
        self.start = self.due = time.monotonic() + self.next_gap()

    def next_gap(self) -> float:
        """The time to the next change: the interval ± jitter."""
        return self.plan.interval + random.uniform(-self.plan.jitter, self.plan.jitter)

    @locust.task
    def move_box(self) -> None:
        """At its time on the student's timeline (at once when late), one change: x ± 1; a session without a
        socket reopens first. Locust stops a user at once (no ``stop_timeout``): a rerun in flight is not counted."""
        gevent.sleep(max(0.0, self.due - time.monotonic()) if not self.plan.storm else 3600.0)
        if self.plan.storm:
            return
        if self.session.ws is None:
            self.open()
            return
        self.tally.late.append(max(0.0, time.monotonic() - self.due))
        self.due += self.next_gap()
        started = time.perf_counter()
        try:
            run, self.step = self.session.change_x(self.step)
        except RerunFailed as error:
            self.report(CHANGE, started, 0, error)
            if isinstance(error, Disconnected):
                self.session.close()
            return
        self.report(CHANGE, started, run.received, None)

    def report(self, name: str, started: float, size: int, error: Exception | None) -> None:
        """One request for Locust's statistics (and the tally, per page)."""
        elapsed = (time.perf_counter() - started) * 1000
        self.environment.events.request.fire(
            request_type="WS", name=name, response_time=elapsed, response_length=size, exception=error, context={}
        )
        if error is not None:
            self.tally.errors[f"{name}: {error}"] += 1
            return
        for key in (name, f"{name} · page {self.page.number}"):
            self.tally.times[key].append(elapsed)
            self.tally.sizes[key].append(size)


# --- the servers: started here, and sampled ------------------------------------------------------------


@dataclass
class Target:
    """Where the sessions go, and the processes to sample (label -> pid)."""

    base: str
    processes: dict[str, int]
    replica_bases: tuple[str, ...] = ()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@contextmanager
def one_process() -> Iterator[Target]:
    """One ``streamlit run app.py`` on 127.0.0.1 (the browser tests' server, file watcher off)."""
    os.environ.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    with streamlit_server(ARTIFACTS / "bench-class-server.log") as base:
        yield Target(base, {"streamlit": server_pid(base)}, (base,))


def _healthy(base: str) -> bool:
    with suppress(requests.RequestException):
        response = requests.get(f"{base}/_stcore/health", timeout=2, proxies={"http": ""})
        return response.status_code == 200 and response.text.strip() == "ok"
    return False


def _class_processes(script: psutil.Process) -> tuple[dict[str, int], tuple[str, ...]]:
    """serve_class.sh's Streamlit replicas and nginx processes (label -> pid), and the replicas' base URLs."""
    processes, bases = {}, []
    for child in script.children(recursive=True):
        with suppress(psutil.Error):
            command = child.cmdline()
            if "streamlit" in command and "--server.port" in command:
                port = command[command.index("--server.port") + 1]
                processes[f"replica :{port}"] = child.pid
                bases.append(f"http://{LOOPBACK}:{port}")
            elif command and "nginx" in Path(command[0]).name + child.name():
                processes[f"nginx {child.pid}"] = child.pid
    return processes, tuple(sorted(bases))


@contextmanager
def serve_class(replicas: int) -> Iterator[Target]:
    """``scripts/serve_class.sh`` with HOST=127.0.0.1, a free PORT and REPLICAS; stopped with SIGTERM on exit."""
    script = ROOT / "scripts" / "serve_class.sh"
    if not script.exists():
        raise SystemExit(f"{script.relative_to(ROOT)} does not exist (yet): run without --replicas")
    port = _free_port()
    env = {**os.environ, "HOST": LOOPBACK, "PORT": str(port), "REPLICAS": str(replicas)}
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "bench-class-serve.log", "wb") as log:
        proc = subprocess.Popen(["bash", str(script)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base, processes = f"http://{LOOPBACK}:{port}", {}
    try:
        deadline = time.monotonic() + CLASS_START_TIMEOUT_S
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve_class.sh did not serve {base}: see test-artifacts/bench-class-serve.log")
            time.sleep(0.5)
        processes, bases = _class_processes(psutil.Process(proc.pid))
        yield Target(base, processes, bases)
    finally:
        _stop_class(proc, processes)


def _stop_class(proc: subprocess.Popen, processes: dict[str, int]) -> None:
    """SIGTERM to serve_class.sh (it stops nginx and its replicas); what is left after 20 s is killed by pid."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)
    for pid in processes.values():
        with suppress(psutil.Error):
            psutil.Process(pid).kill()


@contextmanager
def given_url(url: str, pids: list[int]) -> Iterator[Target]:
    """A server already running at ``url``; the processes ``pids`` are sampled."""
    if not _healthy(url):
        raise SystemExit(f"{url}/_stcore/health does not answer ok")
    yield Target(url, {f"pid {pid}": pid for pid in pids}, (url,))


class Sampler:
    """Each process's CPU time and RSS, sampled every second in a greenlet while a scenario runs."""

    def __init__(self, processes: dict[str, int]) -> None:
        self.procs = {label: psutil.Process(pid) for label, pid in processes.items()}
        self.cpu0 = {label: self._cpu(proc) for label, proc in self.procs.items()}
        self.began = time.monotonic()
        self.peak_total = 0
        self.peak = dict.fromkeys(self.procs, 0)
        self.greenlet = gevent.spawn(self._loop)

    @staticmethod
    def _cpu(proc: psutil.Process) -> float:
        with suppress(psutil.Error):
            times = proc.cpu_times()
            return times.user + times.system
        return 0.0

    def _sample(self) -> None:
        total = 0
        for label, proc in self.procs.items():
            with suppress(psutil.Error):
                rss = proc.memory_info().rss
                self.peak[label] = max(self.peak[label], rss)
                total += rss
        self.peak_total = max(self.peak_total, total)

    def _loop(self) -> None:
        while True:
            self._sample()
            gevent.sleep(1.0)

    def stop(self) -> dict[str, tuple[float, float]]:
        """Stop sampling; per process: the CPU used (seconds) and the RSS peak (MB); the whole under "total"."""
        self._sample()
        self.greenlet.kill()
        used = {
            label: (self._cpu(proc) - self.cpu0[label], self.peak[label] / 2**20) for label, proc in self.procs.items()
        }
        used["total"] = (sum(cpu for cpu, _ in used.values()), self.peak_total / 2**20)
        return used


# --- scenarios -----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One scenario's results."""

    name: str
    users: int
    seconds: float
    tally: Tally
    servers: dict[str, tuple[float, float]]
    load: tuple[str, str]
    storm: bool
    interval: float
    client_cpu: float  # this process (Locust and the protocol users), seconds


def warm_up(target: Target, pages: tuple[LessonPage, ...], timeout: float) -> None:
    """Open every page once on every replica (its first run imports and builds what later runs reuse)."""
    for base in target.replica_bases or (target.base,):
        for page in pages:
            session = StreamlitSession(base, page, timeout, static=False)
            with suppress(RerunFailed):
                session.open()
            session.close()


def show_locust_tables() -> None:
    """Locust prints its statistics through a logger: send that one to stdout."""
    logger = logging.getLogger("locust.stats_logger")
    if not logger.handlers:
        logger.addHandler(logging.StreamHandler(sys.stdout))
        logger.setLevel(logging.INFO)
        logger.propagate = False


def run_locust(plan: Plan, users: int, spawn_rate: float, seconds: float) -> Tally:
    """Run ``users`` StudentUsers for ``seconds`` (headless, in this process) and return their tally."""
    tally = Tally()
    user_class = type("StudentUser", (StudentUser,), {"plan": plan, "tally": tally, "numbers": itertools.count()})
    env = Environment(user_classes=[user_class], host=plan.base)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=spawn_rate)
    if plan.storm:
        deadline = time.monotonic() + seconds
        while tally.opened + tally.failed_opens < users and time.monotonic() < deadline:
            gevent.sleep(0.1)
    else:
        gevent.sleep(seconds)
    runner.quit()
    runner.greenlet.join()
    show_locust_tables()
    print_percentile_stats(env.stats)
    print_error_report(env.stats)
    return tally


def scenario(target: Target, plan: Plan, name: str, users: int, spawn_rate: float, seconds: float) -> Outcome:
    """One scenario with the servers sampled; the load average before and after."""
    print(f"\n## {name}: {users} sessions ({machine()})", flush=True)
    before = machine()
    sampler = Sampler(target.processes)
    client = Sampler._cpu(psutil.Process())
    began = time.monotonic()
    tally = run_locust(plan, users, spawn_rate, seconds)
    elapsed = time.monotonic() - began
    client = Sampler._cpu(psutil.Process()) - client
    return Outcome(name, users, elapsed, tally, sampler.stop(), (before, machine()), plan.storm, plan.interval, client)


# --- the tables ----------------------------------------------------------------------------------------


def _ms(values: list[float]) -> list[str]:
    """Median, p95 and p99 (nearest rank) of ``values``, in ms; dashes when there are none."""
    if not values:
        return ["–"] * 3
    median, p95 = median_p95(values)
    return [f"{median:.0f}", f"{p95:.0f}", f"{percentile(values, 0.99):.0f}"]


def _load(text: str) -> str:
    """The 1-minute load average from ``machine()``'s text."""
    return text.split("load average ")[1].split(" / ")[0]


def print_summary(target_name: str, outcomes: list[Outcome]) -> None:
    """The scenario table: round trips, errors, pace, bytes and the servers' CPU and memory."""
    print(f"\nTarget: {target_name}.\n")
    print_header(
        "scenario", "sessions", "reruns", "median ms", "p95 ms", "p99 ms", "errors", "changes/s done / asked",
        "max behind (s)", "KB per rerun (median)", "server CPU (cores)", "server CPU ms per rerun", "RSS peak (MB)",
        "load avg (1 min) start → end",
    )  # fmt: skip
    for out in outcomes:
        print_row(*_summary_cells(out))


def _summary_cells(out: Outcome) -> list[object]:
    """One scenario's row of the summary table."""
    kind = OPEN if out.storm else CHANGE
    times, sizes = out.tally.times[kind], out.tally.sizes[kind]
    errors = sum(out.tally.errors.values())
    reruns = sum(len(out.tally.times[key]) for key in (OPEN, CHANGE)) + errors
    asked = "–" if out.storm else f"{len(times) / out.seconds:.1f} / {out.users / out.interval:.1f}"
    behind = f"{max(out.tally.late):.1f}" if out.tally.late else "–"
    kb = f"{median_p95(sizes)[0] / 1024:.1f}" if sizes else "–"
    cpu, rss = out.servers["total"]
    servers = ["–"] * 3
    if len(out.servers) > 1:  # something was sampled
        servers = [f"{cpu / out.seconds:.2f}", f"{cpu * 1000 / max(reruns, 1):.0f}", f"{rss:.0f}"]
    load = f"{_load(out.load[0])} → {_load(out.load[1])}"
    return [out.name, out.users, len(times), *_ms(times), errors, asked, behind, kb, *servers, load]


def print_pages(outcomes: list[Outcome]) -> None:
    """Per page: the change's (or the first page's) median and p95, for each scenario."""
    print()
    print_header("scenario", *[f"page {page.number} median / p95" for page in LESSONS])
    for out in outcomes:
        kind = OPEN if out.storm else CHANGE
        cells = []
        for page in LESSONS:
            values = out.tally.times.get(f"{kind} · page {page.number}", [])
            cells.append(" / ".join(_ms(values)[:2]) if values else "–")
        print_row(out.name, *cells)


def print_details(outcomes: list[Outcome]) -> None:
    """The errors by kind and each server process's CPU and RSS peak."""
    for out in outcomes:
        servers = ", ".join(
            f"{label} {cpu / out.seconds:.2f} cores {rss:.0f} MB" for label, (cpu, rss) in out.servers.items()
        )
        errors = "; ".join(f"{count} × {text}" for text, count in out.tally.errors.items()) or "none"
        client = f"{out.client_cpu / out.seconds:.2f} cores"
        print(f"- {out.name}: {out.seconds:.0f} s; servers: {servers}; load generator {client}; errors: {errors}.")


# --- main ----------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    """The command line (bounded: at most 500 users, 600 s per scenario)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--url", help="a running server on http://127.0.0.1:PORT (default: start one process)")
    where.add_argument("--replicas", type=int, help="run scripts/serve_class.sh with this many replicas")
    parser.add_argument("--pid", type=int, action="append", default=[], help="with --url: a process to sample")
    parser.add_argument("--users", type=int, action="append", default=[], help="sessions of a change scenario")
    parser.add_argument("--join-storm", type=int, action="append", default=[], help="sessions joining within 2 s")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second (change runs)")
    parser.add_argument("--run-time", type=float, default=60.0, help="seconds per change scenario")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between a student's changes")
    parser.add_argument("--jitter", type=float, default=0.5, help="± seconds on each interval")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for one rerun, then an error")
    parser.add_argument("--page", type=int, action="append", help="only this lesson page (repeatable; default 1-7)")
    parser.add_argument("--static", action="store_true", help="also GET the page's entry scripts and CSS on open")
    parser.add_argument("--no-warm-up", action="store_true", help="skip opening every page once before measuring")
    args = parser.parse_args()
    if not args.users and not args.join_storm:
        args.users = [10]
    counts = [*args.users, *args.join_storm, args.replicas or 1]
    if min(counts) < 1 or max(counts) > MAX_USERS:
        parser.error(f"users, join storms and replicas must be within 1..{MAX_USERS}")
    if not 1 <= args.run_time <= MAX_RUN_TIME_S or not 1 <= args.timeout <= MAX_TIMEOUT_S:
        parser.error(f"--run-time within 1..{MAX_RUN_TIME_S} s and --timeout within 1..{MAX_TIMEOUT_S} s")
    if args.url:
        args.url = loopback_only(args.url)
    return args


def target_of(args: argparse.Namespace):
    """The context manager that provides the target, and its name for the tables."""
    if args.url:
        return given_url(args.url, args.pid), f"{args.url} (given)"
    if args.replicas:
        return serve_class(args.replicas), f"scripts/serve_class.sh, REPLICAS={args.replicas} (nginx)"
    return one_process(), "one `streamlit run` process"


def main() -> None:
    args = parse_args()
    pages = tuple(page for page in LESSONS if not args.page or page.number in args.page)
    began = time.monotonic()
    print(f"Start: {machine()}.")
    context, target_name = target_of(args)
    outcomes = []
    with context as target:
        loopback_only(target.base)
        print(f"Target: {target_name} at {target.base}; sampled: {', '.join(target.processes) or 'nothing'}.")
        if not args.no_warm_up:
            warm_up(target, pages, args.timeout)
        plan = Plan(target.base, pages, args.interval, args.jitter, args.timeout, args.static)
        for users in args.users:
            outcomes.append(scenario(target, plan, f"{users} sessions", users, args.spawn_rate, args.run_time))
        storm = Plan(target.base, pages, args.interval, args.jitter, args.timeout, args.static, storm=True)
        for users in args.join_storm:
            name, rate, limit = f"join storm of {users}", users / STORM_WINDOW_S, STORM_WINDOW_S + args.timeout
            outcomes.append(scenario(target, storm, name, users, rate, limit))
    print_summary(target_name, outcomes)
    print_pages(outcomes)
    print_details(outcomes)
    print(
        "\nms from the rerun request to `script_finished` (a join storm: from the page's HTML request); "
        "errors: exceptions, disconnects, timeouts, changes not applied. Targets: 40 sessions p95 <= 500 ms, "
        "100 sessions p95 <= 1000 ms, 0 errors; join storm of 40: every first page <= 3000 ms."
    )
    print(f"End: {machine()}; ran in {time.monotonic() - began:.0f} s.")


if __name__ == "__main__":
    main()
