"""The class benchmark's Locust user: a student who opens a lesson page, then moves the box one pixel every 2 s.

``StudentUser`` drives one ``StreamlitSession`` on a fixed timeline (one change
every ``interval`` s ± ``jitter``; at once when late). It reports each open and
each change to Locust (so Locust's statistics agree) and keeps, in a ``Tally``,
what Locust does not: every sample per page, bytes per rerun, lateness, the
errors by text, and each session's timeline (``SessionLog``) for the
killed-replica report.

A session whose socket closes (noticed at once: it listens between changes, as a
tab does) reconnects at once (see class_protocol.StreamlitSession.reconnect); a failed reconnect is retried
after ``RETRY_S``. The first change after such a reconnect is marked:
when the app does not apply it, that is an error of its own kind.
"""

from __future__ import annotations

import locust  # isort: skip  (first: it patches the standard library for gevent)

import itertools
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

import gevent

from benchmarks.class_protocol import Disconnected, NotApplied, RerunFailed, StreamlitSession
from roi_ui.session.registry import LessonPage

OPEN, RECONNECT, CHANGE, IDLE = "open page", "reconnect", "box x ± 1", "idle socket"
RETRY_S = 0.5  # a failed reconnect is retried after this (the browser retries its health check from 0.5 s on)
DISCONNECT, DROPPED, NOT_APPLIED, APP_ERROR = "disconnect", "dropped after reconnect", "not applied", "app error"


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
class SessionLog:
    """One session's timeline (``time.monotonic()``): its opens, its applied changes and its errors."""

    page: int
    key: str = ""  # nginx's sticky cookie: the access log names the session by it
    opened: list[float] = field(default_factory=list)  # the first open and every reconnect
    changed: list[tuple[float, float]] = field(default_factory=list)  # (when, round trip ms) of each applied change
    errors: list[tuple[float, str]] = field(default_factory=list)  # (when, kind: DISCONNECT, DROPPED, ...)


@dataclass
class Tally:
    """What Locust's statistics do not keep: every sample, bytes per rerun, lateness, per page and per session."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    sizes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    late: list[float] = field(default_factory=list)
    sessions: dict[int, SessionLog] = field(default_factory=dict)
    opened: int = 0
    failed_opens: int = 0


def error_kind(error: Exception, after_reconnect: bool) -> str:
    """An error's kind: a disconnect (or timeout), a change dropped after a reconnect, another change not
    applied, or an error the app showed."""
    if isinstance(error, Disconnected):
        return DISCONNECT
    if isinstance(error, NotApplied):
        return DROPPED if after_reconnect else NOT_APPLIED
    return APP_ERROR


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
        self.log = self.tally.sessions[number] = SessionLog(self.page.number)
        self.step = random.choice((-1, 1))
        self.opened = False
        self.reconnected = False  # reconnected after losing its socket, no change made since
        self.retry_at = 0.0  # when to (re)connect, without a socket
        self.open()

    def on_stop(self) -> None:
        """Close the socket."""
        self.session.close()

    def open(self) -> None:
        """Open the page (an "open page" request for Locust) or, once it was open and lost its socket, reconnect
        as the browser does (a "reconnect" request)."""
        name = RECONNECT if self.opened else OPEN
        started = time.perf_counter()
        try:
            run = self.session.reconnect() if self.opened else self.session.open()
        except RerunFailed as error:
            self.report(name, started, 0, error)
            self.tally.failed_opens += not self.opened
            self.retry_at = time.monotonic() + (RETRY_S if self.opened else self.plan.interval)
            return
        self.report(name, started, run.received, None)
        self.log.key = self.session.sticky_key
        self.log.opened.append(time.monotonic())
        self.reconnected = self.opened
        if not self.opened:  # the student's timeline starts; a reconnect keeps it (a change overdue goes at once)
            self.due = time.monotonic() + self.next_gap()
        self.tally.opened += not self.opened
        self.opened = True

    def next_gap(self) -> float:
        """The time to the next change: the interval ± jitter."""
        return self.plan.interval + random.uniform(-self.plan.jitter, self.plan.jitter)

    @locust.task
    def move_box(self) -> None:
        """At its time on the student's timeline (at once when late), one change: x ± 1. Until then it listens on
        its socket; a session without one (re)connects first. Locust stops a user at once (no ``stop_timeout``): a
        rerun in flight is not counted."""
        if self.plan.storm:
            gevent.sleep(3600.0)
            return
        if self.session.ws is None:
            gevent.sleep(max(0.0, self.retry_at - time.monotonic()))
            self.open()
            return
        try:
            self.session.idle_until(self.due)
        except Disconnected as error:
            self.lost(IDLE, time.perf_counter(), error)
            return
        self.tally.late.append(max(0.0, time.monotonic() - self.due))
        self.due += self.next_gap()
        after_reconnect, self.reconnected = self.reconnected, False
        started = time.perf_counter()
        try:
            run, self.step = self.session.change_x(self.step)
        except Disconnected as error:
            self.lost(CHANGE, started, error)
            return
        except RerunFailed as error:
            self.report(CHANGE, started, 0, error, after_reconnect)
            return
        self.report(CHANGE, started, run.received, None)

    def lost(self, name: str, started: float, error: Disconnected) -> None:
        """The socket closed (or a rerun timed out): count it, and reconnect at once, as the browser does."""
        self.report(name, started, 0, error)
        self.session.close()
        self.retry_at = time.monotonic()

    def report(self, name: str, started: float, size: int, error: Exception | None, after_reconnect=False) -> None:
        """One request for Locust's statistics, the tally (per page) and the session's log."""
        elapsed = (time.perf_counter() - started) * 1000
        self.environment.events.request.fire(
            request_type="WS", name=name, response_time=elapsed, response_length=size, exception=error, context={}
        )
        if error is not None:
            kind = error_kind(error, after_reconnect)
            text = f"{name}: change not applied, the first after a reconnect" if kind == DROPPED else f"{name}: {error}"
            self.tally.errors[text] += 1
            self.log.errors.append((time.monotonic(), kind))
            return
        for key in (name, f"{name} · page {self.page.number}"):
            self.tally.times[key].append(elapsed)
            self.tally.sizes[key].append(size)
        if name == CHANGE:
            self.log.changed.append((time.monotonic(), elapsed))
