"""The server's CPU per rerun on every page, with no browser on the machine: the cost of one student's change.

Run by hand (about a minute on 2 cores):

    .venv/bin/python benchmarks/bench_server.py [--changes 30] [--repeats 2]

A local server (127.0.0.1) and, per page, one session that speaks Streamlit's
websocket protocol as the browser does (``benchmarks.class_protocol``): it
opens the page and moves the sidebar's box x by one pixel ``--changes`` times
(a box no rerun has drawn yet, so no cached trace flatters it), waiting for
each run to finish. Each change's CPU is the server process's (every thread)
from the change to 50 ms after its run finished, less what the idle server uses
over the same time (``common.idle_cpu_rate``). ``--repeats`` runs the pages
again, each repeat in a fresh server; the table gives each page's median and
p95 over all of them.

Why without a browser: in a classroom the browsers run on the students'
devices. ``bench_pages.py`` measures the same reruns with Chromium drawing them
on the same two cores, where the server's CPU time per rerun comes out 15-25 %
higher (the two compete for the cores' caches and hyper-threads); both are
reported in docs/benchmarks.md. Target: median <= 20 ms and p95 <= 40 ms on
every page, so that one core serves 50 changes per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.class_protocol import StreamlitSession  # noqa: E402
from benchmarks.common import (  # noqa: E402
    idle_cpu_rate,
    machine,
    median_p95,
    meets,
    print_header,
    print_row,
    server_cpu_ms,
)
from roi_ui.session.registry import LESSONS, LessonPage  # noqa: E402
from tests.browser.server import server_pid, streamlit_server  # noqa: E402

WARM_UP = 3  # uncounted changes per page: the page's first runs fill the caches of its code paths
SETTLE_S = 0.05  # after a run's script_finished, the server still sends and cleans up
TIMEOUT_S = 30


def page_changes(base: str, pid: int, idle_ms_per_s: float, lesson: LessonPage, changes: int) -> list[float]:
    """The server's CPU (ms, idle share removed) for each of ``changes`` one-pixel box moves on ``lesson``."""
    session = StreamlitSession(base, lesson, TIMEOUT_S, static=False)
    session.open()
    try:
        for _ in range(WARM_UP):
            session.change_x(1)
        used = []
        for _ in range(changes):
            time.sleep(SETTLE_S)
            cpu, began = server_cpu_ms(pid), time.monotonic()
            session.change_x(1)
            time.sleep(SETTLE_S)
            used.append(server_cpu_ms(pid) - cpu - idle_ms_per_s * (time.monotonic() - began))
        return used
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="counted box changes per page and repeat")
    parser.add_argument("--repeats", type=int, default=2, help="fresh servers to measure every page in")
    args = parser.parse_args()
    os.environ.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")  # no reloads while files change
    began = time.monotonic()
    print(f"Start: {machine()}.\n")
    used: dict[str, list[float]] = {lesson.label: [] for lesson in LESSONS}
    idle = []
    for repeat in range(args.repeats):
        with streamlit_server(ROOT / "test-artifacts" / f"bench-server-{repeat}.log") as base:
            pid = server_pid(base)
            idle.append(idle_cpu_rate(pid))
            for lesson in LESSONS:
                used[lesson.label] += page_changes(base, pid, idle[-1], lesson, args.changes)
    print_header("page", "box x + 1 px", "server CPU median", "server CPU p95", "CPU target")
    for label, values in used.items():
        median, p95 = median_p95(values)
        print_row(label, f"n={len(values)}", f"{median:.1f}", f"{p95:.1f}", meets(median <= 20, p95 <= 40))
    print(
        "\nms of server CPU per rerun, every thread, less the idle server's "
        + " / ".join(f"{rate:.1f}" for rate in idle)
        + " ms per second (per repeat). Target: median <= 20 and p95 <= 40."
    )
    print(f"End: {machine()}; ran in {time.monotonic() - began:.0f} s.")


if __name__ == "__main__":
    main()
