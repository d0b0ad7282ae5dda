"""Page latency: server time per rerun (AppTest) and control-change-to-painted-chart (Chromium).

Run by hand:  .venv/bin/python benchmarks/bench_pages.py [--changes 20]

For every page: the median and p95 of (1) the script's run time for a box
change, measured in-process with Streamlit's AppTest, and (2) in Chromium
(Debian's /usr/bin/chromium, headless) against a local server, the time from
pressing Enter in the sidebar's box-x field until the first chart shows its
new content, and until the last chart has finished redrawing (both seen by a
MutationObserver, whose callback runs as the drawing task ends, before paint). Prints a
Markdown table; targets: median <= 150 ms, p95 <= 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.browser.helpers import wait_for_app  # noqa: E402
from tests.browser.server import streamlit_server  # noqa: E402
from tests.browser.test_pages import LESSON_PAGES  # noqa: E402

PAGE_FILES = {path.stem.split("_", 1)[1]: path for path in sorted((ROOT / "pages").glob("*.py"))}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BOX_X = (300, 301)  # one pixel apart: every page redraws something


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def server_times(page_file: Path, changes: int) -> list[float]:
    """Seconds per script run after a box-x change, in-process."""
    app = AppTest.from_file(str(page_file), default_timeout=60)
    app.run()
    times = []
    for index in range(changes):
        app.number_input(key="ctl_x").set_value(BOX_X[index % 2])
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
        assert not app.exception, app.exception
    return times


WATCH_CHARTS = """() => {
    window.__firstChartChange = 0;
    window.__lastChartChange = 0;
    new MutationObserver(records => {
        for (const record of records) {
            const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
            if (node && node.closest('.js-plotly-plot')) {
                const now = performance.now();
                if (window.__firstChartChange < window.__changeStart) window.__firstChartChange = now;
                window.__lastChartChange = now;
                return;
            }
        }
    }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
SETTLED = """(quiet) => {
    const app = document.querySelector("[data-testid='stApp']");
    return app.getAttribute('data-test-script-state') === 'notRunning'
        && window.__lastChartChange > window.__changeStart
        && performance.now() - window.__lastChartChange > quiet;
}"""


def browser_times(page, url: str, changes: int, quiet_ms: int = 250) -> tuple[list[float], list[float]]:
    """Seconds from pressing Enter on a new box x to the first and to the last redraw inside any chart.

    A MutationObserver stamps every change inside a Plotly chart (its callback
    runs as the redrawing task ends, just before the frame is painted); a change
    is over when the script is idle and the charts have been still for ``quiet_ms``.
    """
    page.goto(url)
    wait_for_app(page)
    page.evaluate(WATCH_CHARTS)
    field = page.locator("[data-testid='stSidebar'] input[aria-label='x']")
    first, last = [], []
    for index in range(changes + 1):
        field.fill(str(BOX_X[(index + 1) % 2]))
        start = page.evaluate("window.__changeStart = performance.now()")
        field.press("Enter")
        page.wait_for_function(SETTLED, arg=quiet_ms, timeout=30_000, polling=50)
        if index:  # the first change warms caches up
            stamps = page.evaluate("[window.__firstChartChange, window.__lastChartChange]")
            first.append((stamps[0] - start) / 1000)
            last.append((stamps[1] - start) / 1000)
    return first, last


def row(name: str, server: list[float], first: list[float], last: list[float]) -> str:
    ms = [
        1000 * f(values) for values in (server, first, last) for f in (statistics.median, lambda v: percentile(v, 0.95))
    ]
    verdict = "meets" if ms[4] <= 150 and ms[5] <= 300 else "MISSES"
    return f"| {name} | " + " | ".join(f"{v:.0f}" for v in ms) + f" | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20, help="box changes per page (default 20)")
    args = parser.parse_args()
    print(f"{args.changes} box changes per page; times in ms (median, p95)\n")
    print(
        "| page | script median | script p95 | first chart median | first chart p95 | all charts median "
        "| all charts p95 | target (150 / 300, all charts) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    with streamlit_server(ROOT / "test-artifacts" / "bench-server.log") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        for name in LESSON_PAGES:
            server = server_times(PAGE_FILES[name], args.changes)
            print(row(name, server, *browser_times(page, f"{base}/{name}", args.changes)), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
