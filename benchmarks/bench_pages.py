"""Page latency in Chromium: sidebar changes, each page's client-side slider, and the server's CPU per rerun.

Run by hand (about 2-3 minutes on 2 cores):

    .venv/bin/python benchmarks/bench_pages.py [--changes 8] [--frames 20]

A local server (127.0.0.1) and the browser tests' Chromium; every page of the
registry in a fresh session:
  * sidebar changes, taken in turns: the box's x typed into the sidebar's x
    field and Enter (x + 1 px each time, so no cached trace flatters it), and
    the stride slider moved one step with an arrow key (32 -> 64 -> 32 ...).
    From the key press to the first chart changing and to the last chart
    change (a MutationObserver inside .js-plotly-plot; the change is over when
    the server has answered and the page has been still for 250 ms).
    The first change of each kind warms up and is not counted;
  * the client-side interaction: every chart with a Plotly slider
    (gd.layout.sliders) is moved to its next frame as the slider does it
    (Plotly.animate with the step's own arguments), from the call to the
    frame painted (plotly_animated, then one requestAnimationFrame);
  * the server's CPU time during each of them (see common.server_cpu_ms), less
    what the idle server uses over the same time (measured at the start,
    common.idle_cpu_rate: config-file polling and websocket keep-alives, a few
    ms per second at any load); the gross figure is printed too.
Prints a Markdown table of medians and p95s in ms. Targets: sidebar change
median <= 150, p95 <= 300 (every chart done); slider frame median <= 50;
server CPU median <= 20, p95 <= 40.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Page

from benchmarks.common import (
    FAILURES,
    App,
    Timing,
    failed,
    machine,
    median_p95,
    meets,
    next_box_x,
    print_header,
    print_row,
    running_app,
    server_cpu_ms,
    timed_rerun,
)
from roi_ui.session.registry import LESSONS, LessonPage
from tests.browser.helpers import wait_for_app

STRIDE_THUMB = "[data-testid='stSidebar'] input[type='range'][aria-label^='Stride']"
SLIDER_CHARTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .flatMap((gd, index) => (gd.layout && gd.layout.sliders && gd.layout.sliders.length ? [index] : []))"""
NEXT_FRAME = """async (index) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[index];
    const slider = gd.layout.sliders[0];
    gd.__benchStep = ((gd.__benchStep ?? slider.active ?? 0) + 1) % slider.steps.length;
    const [frames, options] = slider.steps[gd.__benchStep].args;
    const painted = new Promise(done => gd.once('plotly_animated', () => requestAnimationFrame(done)));
    const start = performance.now();
    Plotly.animate(gd, frames, options);
    await painted;
    return performance.now() - start;
}"""
BOX, STRIDE, FRAME = "box x + 1 px (Enter)", "stride one step (arrow key)", "slider: next frame"


def next_stride(page: Page) -> Callable[[], None]:
    """Return the key press that moves the stride slider one step: up, or down from the largest stride."""
    thumb = page.locator(STRIDE_THUMB)
    key = "ArrowLeft" if thumb.input_value() == thumb.get_attribute("max") else "ArrowRight"
    return lambda: thumb.press(key)


def sidebar_changes(app: App, page: Page, changes: int) -> dict[str, list[Timing]]:
    """``changes`` box-x and stride changes, in turns, each after one uncounted warm-up change."""
    runs: dict[str, list[Timing]] = {BOX: [], STRIDE: []}
    for _ in range(changes + 1):
        runs[BOX].append(timed_rerun(app, page, next_box_x(page)))
        runs[STRIDE].append(timed_rerun(app, page, next_stride(page)))
    return {kind: done[1:] for kind, done in runs.items()}


def slider_frames(app: App, page: Page, frames: int) -> list[Timing]:
    """``frames`` next-frame moves of every chart with a Plotly slider (after one warm-up move each)."""
    runs = []
    for index in page.evaluate(SLIDER_CHARTS):
        page.locator(".js-plotly-plot").nth(index).scroll_into_view_if_needed()
        for count in range(frames + 1):
            cpu = server_cpu_ms(app.pid)
            painted = page.evaluate(NEXT_FRAME, index)
            if count:
                cpu = server_cpu_ms(app.pid) - cpu  # a few ms: the server's idle share is nil
                runs.append(Timing(painted, painted, cpu, cpu))
    return runs


def measure(app: App, page: Page, lesson: LessonPage, changes: int, frames: int) -> dict[str, list[Timing]]:
    """Open ``lesson`` in ``page`` and time its sidebar changes and its slider frames."""
    page.goto(f"{app.base}/{lesson.url_path}")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    return {**sidebar_changes(app, page, changes), FRAME: slider_frames(app, page, frames)}


def print_rows(lesson: LessonPage, runs: dict[str, list[Timing]]) -> None:
    """One table row per interaction of ``lesson``: medians and p95s, and whether they meet the targets."""
    for kind, done in runs.items():
        if kind == FRAME and not done:
            print_row(lesson.label, "no client-side interaction", *["–"] * 9)
            continue
        first, last, cpu, gross = (
            median_p95([getattr(run, part) for run in done]) for part in ("first", "last", "cpu", "cpu_gross")
        )
        latency = meets(last[0] <= 50) if kind == FRAME else meets(last[0] <= 150, last[1] <= 300)
        numbers = [f"{v:.1f}" for v in (*first, *last, *cpu, gross[0])]
        if kind == FRAME:  # one chart: its frame painted is the "all charts" time
            numbers[:2] = "–", "–"
        print_row(lesson.label, f"{kind} (n={len(done)})", *numbers, latency, meets(cpu[0] <= 20, cpu[1] <= 40))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=int, action="append", help="only this page number (repeatable)")
    parser.add_argument("--changes", type=int, default=8, help="counted changes per sidebar control and page")
    parser.add_argument("--frames", type=int, default=20, help="counted frames per chart with a slider")
    args = parser.parse_args()
    began = time.monotonic()
    print(f"Start: {machine()}.\n")
    print_header(
        "page", "interaction", "first chart median", "first chart p95", "all charts median", "all charts p95",
        "server CPU median", "server CPU p95", "server CPU median, idle share included", "latency target",
        "CPU target",
    )  # fmt: skip
    with running_app("bench-pages-server.log") as app:
        for lesson in (page for page in LESSONS if not args.page or page.number in args.page):
            page = app.new_page()
            try:
                print_rows(lesson, measure(app, page, lesson, args.changes, args.frames))
            except FAILURES as error:
                print_row(lesson.label, failed(error), *["–"] * 9)
            page.context.close()
    print(
        "\nms. Targets: sidebar change median <= 150 and p95 <= 300 (all charts); slider frame median <= 50; "
        "server CPU median <= 20 and p95 <= 40 (the rerun's own: less the idle server's "
        f"{app.idle_ms_per_s:.1f} ms per second over the same time)."
    )
    print(f"End: {machine()}; ran in {time.monotonic() - began:.0f} s.")


if __name__ == "__main__":
    main()
