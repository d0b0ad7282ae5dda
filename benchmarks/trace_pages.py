"""Where the browser's time goes after a box change: Plotly per chart, other scripting, layout, paint.

Run by hand:  .venv/bin/python benchmarks/trace_pages.py [--changes 5]

For every page of the registry, in headless Chromium against a local server:
``Plotly.react`` / ``Plotly.newPlot`` are wrapped to time each chart's redraw
(named by its Streamlit key), and a Chromium performance trace of the same
changes sums the renderer's main-thread work by kind: scripting (Plotly's
share shown apart), style and layout, paint and compositing. Medians per box
change, in ms.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine, next_box_x, print_header, print_row, running_app, timed_rerun  # noqa: E402
from roi_ui.session.registry import LESSONS  # noqa: E402
from tests.browser.helpers import wait_for_app  # noqa: E402

TIME_PLOTLY = """() => {
    window.__plotlyMs = [];
    for (const name of ['react', 'newPlot']) {
        const original = Plotly[name];
        Plotly[name] = function (gd, ...rest) {
            const start = performance.now();
            const key = ((gd.closest("[class*='st-key-']") || {}).className || '').match(/st-key-(\\S+)/);
            const done = () => window.__plotlyMs.push([key ? key[1] : '?', performance.now() - start]);
            const result = original.call(this, gd, ...rest);
            Promise.resolve(result).then(done);
            return result;
        };
    }
}"""
KINDS = {
    "scripting": ("FunctionCall", "EvaluateScript", "v8.compile", "TimerFire", "EventDispatch", "RunMicrotasks"),
    "style and layout": ("UpdateLayoutTree", "Layout", "RecalculateStyles", "InvalidateLayout"),
    "paint and composite": ("Paint", "PaintImage", "CompositeLayers", "UpdateLayer", "Layerize", "PrePaint"),
}


def main_thread_ms(trace: bytes) -> dict[str, float]:
    """Total duration (ms) of the renderer main thread's top-level events of each kind in a Chromium trace."""
    events = json.loads(trace)["traceEvents"]
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    totals = defaultdict(float)
    for event in events:
        if event.get("ph") != "X" or (event.get("pid"), event.get("tid")) not in main:
            continue
        for kind, names in KINDS.items():
            if event["name"] in names:
                totals[kind] += event.get("dur", 0) / 1000
    return totals


def trace_page(app, url_path: str, changes: int) -> tuple[dict[str, float], dict[str, float]]:
    """Per box change: main-thread ms by kind, and Plotly ms per chart key (means over ``changes``)."""
    page = app.new_page()
    page.goto(f"{app.base}/{url_path}")
    wait_for_app(page)
    timed_rerun(app, page, next_box_x(page))  # warm-up
    page.evaluate(TIME_PLOTLY)
    app.browser.start_tracing(page=page, categories=["devtools.timeline"])
    for _ in range(changes):
        timed_rerun(app, page, next_box_x(page))
    kinds = {kind: ms / changes for kind, ms in main_thread_ms(app.browser.stop_tracing()).items()}
    per_chart = defaultdict(list)
    for key, ms in page.evaluate("window.__plotlyMs"):
        per_chart[key].append(ms)
    page.context.close()
    return kinds, {key: sum(values) / changes for key, values in per_chart.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=int, action="append", help="only this page number (repeatable)")
    parser.add_argument("--changes", type=int, default=5, help="traced box changes per page")
    args = parser.parse_args()
    print(f"Start: {machine()}.\n")
    print_header("page", *KINDS, "of which Plotly", "Plotly per chart (ms)")
    with running_app("trace-pages-server.log") as app:
        for lesson in (page for page in LESSONS if not args.page or page.number in args.page):
            kinds, charts = trace_page(app, lesson.url_path, args.changes)
            listing = ", ".join(f"{key} {ms:.0f}" for key, ms in sorted(charts.items(), key=lambda kv: -kv[1]))
            print_row(
                lesson.label, *(f"{kinds.get(kind, 0):.0f}" for kind in KINDS), f"{sum(charts.values()):.0f}", listing
            )
    print(f"\nms per box change (means over {args.changes} changes). End: {machine()}.")


if __name__ == "__main__":
    main()
