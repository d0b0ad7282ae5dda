"""What the browser benchmarks share: the app and its Chromium, timing one rerun, statistics, the table.

The server is ``tests.browser.server.streamlit_server`` (127.0.0.1 only) and the
browser is the one the browser tests launch (``chromium_launch_options``).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import EXCEPTION, chromium_launch_options
from tests.browser.server import server_pid, streamlit_server

ROOT = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1600, "height": 1000}
QUIET_MS = 250  # charts still for this long: the rerun is over
RERUN_TIMEOUT_MS = 60_000
X_FIELD = "[data-testid='stSidebar'] input[aria-label='x']"
IDLE_SECONDS = 4  # how long the server's idle CPU use is measured at the start
CPUCLOCK_SCHED = 2  # Linux: the CPU clock of process pid is ((~pid) << 3) | CPUCLOCK_SCHED (clock_getcpuclockid)

# Installed before the app's own scripts in every document: stamps (performance.now())
# of the first and the last change inside any Plotly chart after
# ``window.__bench.start`` (a MutationObserver's callback runs as the drawing
# task ends, just before paint), of the last change anywhere in the page and of
# the last websocket message from the server.
WATCH = """(() => {
    const bench = window.__bench = {start: Infinity, first: 0, last: 0, mutation: 0, message: 0};
    const Socket = window.WebSocket;
    window.WebSocket = class extends Socket {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => { bench.message = performance.now(); });
        }
    };
    const inChart = record => {
        const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
        return Boolean(node && node.closest('.js-plotly-plot'));
    };
    new MutationObserver(records => {
        const now = bench.mutation = performance.now();
        if (!records.some(inChart)) return;
        if (bench.first < bench.start) bench.first = now;
        bench.last = now;
    }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})()"""
START = "() => (window.__bench.start = performance.now())"
# Over: the server answered, the app is idle, nothing moved for ``quiet`` ms, and
# the charts changed (or the page shows an exception instead).
SETTLED = """([quiet, exception]) => {
    const b = window.__bench, app = document.querySelector("[data-testid='stApp']");
    const still = b.message > b.start && performance.now() - Math.max(b.message, b.mutation) > quiet;
    return Boolean(still && app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector("[data-testid='stSkeleton']")
        && (b.last > b.start || document.querySelector(exception)));
}"""
STAMPS = "() => [window.__bench.start, window.__bench.first, window.__bench.last]"


class PageFailed(RuntimeError):
    """The page showed an exception instead of its charts."""


FAILURES = (PageFailed, PlaywrightError)  # a page that failed: its row says so and the run goes on


def failed(error: Exception) -> str:
    """A table cell for a page that failed: the first line of the error."""
    return f"FAILED: {str(error).splitlines()[0]}"


@dataclass(frozen=True)
class App:
    """A running app: its base URL, its server's process id, a Chromium to open pages in, and the server's idle
    CPU use in ms per second (``idle_cpu_rate``)."""

    base: str
    pid: int
    browser: Browser
    idle_ms_per_s: float

    def new_page(self) -> Page:
        """A fresh page (its own browser context, so its own Streamlit session) watching its charts."""
        page = self.browser.new_context(viewport=VIEWPORT).new_page()
        page.add_init_script(WATCH)
        return page


@contextmanager
def running_app(log_name: str) -> Iterator[App]:
    """Start the Streamlit server (log in ``test-artifacts/<log_name>``) and Chromium; stop both on exit.

    The server's file watcher is off (unless STREAMLIT_SERVER_FILE_WATCHER_TYPE
    says otherwise): while files in the tree change, it would spend the
    server's CPU on reloads that are no part of a rerun.
    """
    os.environ.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    with streamlit_server(ROOT / "test-artifacts" / log_name) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_options())
        try:
            pid = server_pid(base)
            yield App(base, pid, browser, idle_cpu_rate(pid))
        finally:
            browser.close()


def server_cpu_ms(pid: int) -> float:
    """CPU time (user + system, every thread, ms) process ``pid`` has used so far, from its Linux CPU clock:
    the total of /proc/<pid>/stat's utime + stime, in nanoseconds instead of 10 ms ticks."""
    return time.clock_gettime(((~pid) << 3) | CPUCLOCK_SCHED) * 1000


def idle_cpu_rate(pid: int, seconds: float = IDLE_SECONDS) -> float:
    """The CPU time (ms per second of wall time) server ``pid`` uses while nobody does anything: Streamlit polls
    its config files every 200 ms and keeps its websockets alive, at any load and whatever the page."""
    time.sleep(1)  # the start-up's own work done
    cpu, began = server_cpu_ms(pid), time.monotonic()
    time.sleep(seconds)
    return (server_cpu_ms(pid) - cpu) / (time.monotonic() - began)


@dataclass(frozen=True)
class Timing:
    """One timed action, in ms from it: the first chart changed, the last chart was done; the server's CPU time
    for it (``cpu``: what it used in that time less its idle use over the same time, ``cpu_gross``: all)."""

    first: float
    last: float
    cpu: float
    cpu_gross: float


def timed_rerun(app: App, page: Page, action: Callable[[], object]) -> Timing:
    """Run ``action`` (a key press, a click, a file) and wait until the app reran and its charts are still.

    Raises ``PageFailed`` when the page shows an exception instead.
    """
    cpu, began = server_cpu_ms(app.pid), time.monotonic()
    page.evaluate(START)
    action()
    page.wait_for_function(SETTLED, arg=[QUIET_MS, EXCEPTION], timeout=RERUN_TIMEOUT_MS, polling=50)
    cpu, seconds = server_cpu_ms(app.pid) - cpu, time.monotonic() - began
    if page.locator(EXCEPTION).count():
        raise PageFailed("the page shows an exception (see the server's log in test-artifacts/)")
    start, first, last = page.evaluate(STAMPS)
    return Timing(first - start, last - start, cpu - app.idle_ms_per_s * seconds, cpu)


def next_box_x(page: Page) -> Callable[[], None]:
    """Type x + 1 px into the sidebar's x field (a box no rerun has drawn yet); return the Enter that commits it."""
    field = page.locator(X_FIELD)
    field.fill(str(int(field.input_value()) + 1))
    return lambda: field.press("Enter")


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def median_p95(values: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of ``values``."""
    return statistics.median(values), percentile(values, 0.95)


def meets(*within: bool) -> str:
    """The verdict: "meets" when every target is met, else "MISSES"."""
    return "meets" if all(within) else "MISSES"


def machine() -> str:
    """The CPU count and the 1, 5 and 15-minute load averages, now."""
    return f"{os.cpu_count()} CPUs, load average " + " / ".join(f"{load:.2f}" for load in os.getloadavg())


def print_row(*cells: object) -> None:
    """One Markdown table row, printed at once (a long run shows its progress)."""
    print("| " + " | ".join(str(cell) for cell in cells) + " |", flush=True)


def print_header(*titles: str) -> None:
    """A Markdown table's header: left-aligned first column, right-aligned numbers."""
    print_row(*titles)
    print("|---|" + "---:|" * (len(titles) - 1), flush=True)
