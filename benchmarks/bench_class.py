"""A class at once: N Streamlit sessions over the websocket protocol, run by Locust (headless), and the servers' load.

Run by hand (each scenario up to --run-time seconds, plus the server's start):

    .venv/bin/python benchmarks/bench_class.py --users 10 --users 40 --join-storm 40
    .venv/bin/python benchmarks/bench_class.py --replicas 2 --users 10 --users 40 --users 100 --join-storm 40
    .venv/bin/python benchmarks/bench_class.py --replicas 2 --users 40 --kill-replica-after 20
    .venv/bin/python benchmarks/bench_class.py --url http://127.0.0.1:8501 --pid 1234 --users 40

Targets (``class_servers``): by default one ``streamlit run app.py`` started here
(127.0.0.1, a free port); ``--replicas N`` runs ``scripts/serve_class.sh``
(HOST=127.0.0.1, a free PORT, REPLICAS=N: nginx in front of N processes);
``--url`` a server that is already running (its processes sampled only when given
with ``--pid``). Every target must be on 127.0.0.1: anything else is refused.

Each simulated student (a Locust user, ``class_user.StudentUser``, speaking
Streamlit's protocol through ``class_protocol.StreamlitSession``) does what a
browser does: it loads its lesson page (pages 1-7 in turns, the lesson preset's
URL) over HTTP and a websocket, runs it (``rerun_script``) until
``script_finished``, then every ``--interval`` s (± ``--jitter``) on a fixed
timeline moves the box one pixel: a ``rerun_script`` with the sidebar's number
inputs as widget states, x set to x ± 1. A session that loses its socket
reconnects at once (a new socket and a run of its page with its
URL and widget states).

Measured per rerun (Locust's request events, so Locust's statistics agree): the
round trip to ``script_finished``, the bytes received; errors: an exception
element sent by the app, a compile error, a disconnect, a timeout, a change the
app did not apply (the x input drawn with another value; the first change after
a reconnect counted apart). Also: how far behind its timeline a student fell,
the changes per second done against those asked, and each server process's CPU
time and RSS (psutil, sampled each second).

``--join-storm N``: N sessions open their pages within 2 s; the time from the
HTML request to the first page's ``script_finished``.

``--kill-replica-after S`` (with ``--replicas`` >= 2 and one ``--users``): S s
into the change scenario, the replica serving the most sessions is killed
(SIGKILL to its process group); ``class_kill`` reports its sessions and the
others' apart, telling them by nginx's access log.

``--max-load L``: before each scenario, wait until the 1-minute load average is
below L (at most ``--max-load-wait`` seconds over the whole invocation).

Prints the CPU count and load average at start and end, Locust's own percentile
table, and Markdown tables (medians, p95, p99 in ms) for docs/benchmarks.md
(``class_report``).
"""

from __future__ import annotations

import locust  # noqa: F401  # isort: skip  (first: it patches the standard library for gevent)

import argparse
import itertools
import logging
import os
import sys
import time
from contextlib import suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gevent
import psutil
from locust.env import Environment
from locust.stats import print_error_report, print_percentile_stats

from benchmarks.class_kill import analyse, kill_after
from benchmarks.class_protocol import RerunFailed, StreamlitSession, loopback_only
from benchmarks.class_report import Outcome, print_details, print_kills, print_pages, print_summary
from benchmarks.class_servers import Sampler, Target, cpu_seconds, given_url, one_process, serve_class
from benchmarks.class_user import Plan, StudentUser, Tally
from benchmarks.common import machine
from roi_ui.session.registry import LESSONS, LessonPage

MAX_USERS, MAX_RUN_TIME_S, MAX_TIMEOUT_S = 500, 600, 120  # bounds: in count and in time
MAX_LOAD_WAIT_S = 600  # --max-load-wait at most
STORM_WINDOW_S = 2.0  # a join storm opens its sessions within this


# --- scenarios -----------------------------------------------------------------------------------------


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


def run_locust(plan: Plan, tally: Tally, users: int, spawn_rate: float, seconds: float) -> None:
    """Run ``users`` StudentUsers for ``seconds`` (headless, in this process), counting into ``tally``."""
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


def scenario(target: Target, plan: Plan, name: str, users: int, spawn_rate: float, seconds: float, kill=0.0) -> Outcome:
    """One scenario with the servers sampled; the load average before and after. ``kill`` > 0: a replica is
    killed that many seconds in, and the sessions are reported by the replica that served them."""
    print(f"\n## {name}: {users} sessions ({machine()})", flush=True)
    before = machine()
    sampler = Sampler(target.processes)
    client = cpu_seconds(psutil.Process())
    tally = Tally()
    killing = kill_after(target, kill, tally.sessions) if kill else None
    began = time.monotonic()
    run_locust(plan, tally, users, spawn_rate, seconds)
    elapsed = time.monotonic() - began
    client = cpu_seconds(psutil.Process()) - client
    servers = sampler.stop()
    killed = analyse(killing.get(), tally.sessions, target.access_log) if killing is not None else None
    return Outcome(
        name, users, elapsed, tally, servers, (before, machine()), plan.storm, plan.interval, client, killed, kill
    )


class QuietWait:
    """Before each scenario: wait for the 1-minute load average to fall below ``max_load``, within a budget of
    seconds shared by the whole invocation (then go on, and say so)."""

    def __init__(self, max_load: float | None, budget_s: float) -> None:
        self.max_load, self.budget_s = max_load, budget_s

    def __call__(self) -> None:
        if self.max_load is None:
            return
        began = time.monotonic()
        while os.getloadavg()[0] >= self.max_load and time.monotonic() - began < self.budget_s:
            time.sleep(min(5.0, self.budget_s - (time.monotonic() - began)))
        waited = time.monotonic() - began
        self.budget_s -= waited
        quiet = os.getloadavg()[0] < self.max_load
        verdict = "below" if quiet else "NOT below (wait budget used up)"
        print(f"Waited {waited:.0f} s: 1-minute load average {verdict} {self.max_load} ({machine()}).", flush=True)


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
    parser.add_argument("--kill-replica-after", type=float, help="with --replicas >= 2: SIGKILL a replica S s in")
    parser.add_argument("--max-load", type=float, help="wait for the 1-minute load average below this first")
    parser.add_argument("--max-load-wait", type=float, default=300.0, help="seconds of such waiting in all")
    args = parser.parse_args()
    if not args.users and not args.join_storm:
        args.users = [10]
    counts = [*args.users, *args.join_storm, args.replicas or 1]
    if min(counts) < 1 or max(counts) > MAX_USERS:
        parser.error(f"users, join storms and replicas must be within 1..{MAX_USERS}")
    if not 1 <= args.run_time <= MAX_RUN_TIME_S or not 1 <= args.timeout <= MAX_TIMEOUT_S:
        parser.error(f"--run-time within 1..{MAX_RUN_TIME_S} s and --timeout within 1..{MAX_TIMEOUT_S} s")
    if not 0 <= args.max_load_wait <= MAX_LOAD_WAIT_S:
        parser.error(f"--max-load-wait within 0..{MAX_LOAD_WAIT_S} s")
    if args.kill_replica_after is not None:
        if (args.replicas or 0) < 2 or len(args.users) != 1 or args.join_storm:
            parser.error("--kill-replica-after needs --replicas >= 2, one --users and no --join-storm")
        if not 0 < args.kill_replica_after < args.run_time:
            parser.error("--kill-replica-after must fall within --run-time")
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
    quiet = QuietWait(args.max_load, args.max_load_wait)
    kill = args.kill_replica_after or 0.0
    outcomes = []
    with context as target:
        loopback_only(target.base)
        print(f"Target: {target_name} at {target.base}; sampled: {', '.join(target.processes) or 'nothing'}.")
        if not args.no_warm_up:
            warm_up(target, pages, args.timeout)
        plan = Plan(target.base, pages, args.interval, args.jitter, args.timeout, args.static)
        for users in args.users:
            name = f"{users} sessions" + (f", a replica killed at {kill:.0f} s" if kill else "")
            quiet()
            outcomes.append(scenario(target, plan, name, users, args.spawn_rate, args.run_time, kill))
        storm = Plan(target.base, pages, args.interval, args.jitter, args.timeout, args.static, storm=True)
        for users in args.join_storm:
            name, rate, limit = f"join storm of {users}", users / STORM_WINDOW_S, STORM_WINDOW_S + args.timeout
            quiet()
            outcomes.append(scenario(target, storm, name, users, rate, limit))
    print_summary(target_name, outcomes)
    print_pages(outcomes)
    print_details(outcomes)
    print_kills(outcomes)
    print(
        "\nms from the rerun request to `script_finished` (a join storm: from the page's HTML request); "
        "errors: exceptions, disconnects, timeouts, changes not applied. Targets: 40 sessions p95 <= 500 ms, "
        "100 sessions p95 <= 1000 ms, 0 errors; join storm of 40: every first page <= 3000 ms; a killed replica: "
        "0 errors on the others, its sessions back within 5 s."
    )
    print(f"End: {machine()}; ran in {time.monotonic() - began:.0f} s.")


if __name__ == "__main__":
    main()
