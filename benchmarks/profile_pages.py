"""Where a rerun's server time goes: pyinstrument over box changes on every page (in-process, AppTest).

Run by hand:  .venv/bin/python benchmarks/profile_pages.py [--changes 20] [--page RoI_Align]

For each page: the rerun's CPU time (median), then the share of the profiled
time spent in each group of code: ours (roi_core, roi_ui, pages), Plotly's
serialisation (plotly, orjson), Streamlit's own work (element protos, widgets,
caching), NumPy, and the rest (the standard library: in AppTest that includes
compiling the page on every run, which the server does once). AppTest runs
the script as the server does, without the websocket.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pyinstrument import Profiler  # noqa: E402
from pyinstrument.session import Session  # noqa: E402
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner  # noqa: E402

from roi_ui.session.registry import LESSONS  # noqa: E402
from tests.app.helpers import page_app  # noqa: E402

GROUPS = (
    ("roi_core", "roi_core"),
    ("roi_ui", "roi_ui"),
    ("plotly / orjson", "plotly"),
    ("plotly / orjson", "_plotly_utils"),
    ("plotly / orjson", "orjson"),
    ("streamlit", "streamlit"),
    ("numpy", "numpy"),
    ("pages", "pages"),
)


def group(file_path: str) -> str:
    """Which group a frame's file belongs to."""
    for name, marker in GROUPS:
        if f"/{marker}/" in file_path or file_path.startswith(marker):
            return name
    return "other"


def self_times(frame, totals: Counter, parent_path: str = "") -> None:
    """Add each frame's own time (not its children's) to its group; pyinstrument's synthetic "[self]" and
    built-in frames count for the function that called them."""
    path = frame.file_path if frame.file_path and not frame.file_path.startswith("<") else parent_path
    totals[group(path)] += frame.total_self_time
    for child in frame.children:
        self_times(child, totals, path)


SESSIONS: list[Session] = []
_run_script = ScriptRunner._run_script


def _profiled_run_script(self, rerun_data) -> None:
    """ScriptRunner._run_script under pyinstrument, in the script's own thread (AppTest runs it in another)."""
    profiler = Profiler(interval=0.0005)
    profiler.start()
    try:
        _run_script(self, rerun_data)
    finally:
        profiler.stop()
        SESSIONS.append(profiler.last_session)


def profile(page_file: str, changes: int) -> tuple[float, Counter]:
    """Median CPU ms per rerun after a box change, and seconds per group over all the reruns."""
    app = page_app(page_file, timeout=60).run()
    times = []
    SESSIONS.clear()
    ScriptRunner._run_script = _profiled_run_script
    try:
        for index in range(changes):
            app.number_input(key="ctl_x").set_value(300 + index % 2)
            start = time.process_time()
            app.run()
            times.append(time.process_time() - start)
    finally:
        ScriptRunner._run_script = _run_script
    totals = Counter()
    for session in SESSIONS:
        self_times(session.root_frame(), totals)
    return 1000 * statistics.median(times), totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--page", help="one page's URL name (default: every page)")
    args = parser.parse_args()
    names = sorted({name for name, _ in GROUPS} | {"other"})
    print("| page | CPU ms per rerun (median) | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for lesson in LESSONS:
        if args.page and lesson.url_path != args.page:
            continue
        median, totals = profile(Path(lesson.file).name, args.changes)
        whole = sum(totals.values()) or 1
        shares = " | ".join(f"{100 * totals[name] / whole:.0f} %" for name in names)
        print(f"| {lesson.url_path} | {median:.1f} | {shares} |", flush=True)


if __name__ == "__main__":
    main()
