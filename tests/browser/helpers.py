"""Helpers for the real-browser tests (Playwright sync API).

Import them as ``from tests.browser.helpers import wait_for_app, ...``
(pytest.ini puts the repo root on ``sys.path``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Error, Page, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"

APP_CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
APP_STATE_ATTR = "data-test-script-state"
SKELETON = "[data-testid='stSkeleton']"
EXCEPTION = "[data-testid='stException']"

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

# Default time to wait for the app, in ms: cold imports on a slow 2-core CI
# machine can take a while on the first page load.
DEFAULT_TIMEOUT_MS = 60_000


def chromium_launch_options() -> dict:
    """Playwright's launch options for the browser tests and the benchmarks: which Chromium, and safe flags.

    The Chromium is the path in ``ROI_LAB_CHROMIUM`` when set (``""`` means
    Playwright's own browser, the fallback of ``scripts/run_tests.sh``), else
    Debian's ``/usr/bin/chromium`` when installed, else Playwright's own
    (``python -m playwright install chromium``). Returns ``{"args": [...]}`` plus
    ``"executable_path"`` unless Playwright's own browser is meant.
    """
    wanted = os.environ.get("ROI_LAB_CHROMIUM")
    if wanted is None:
        wanted = DEBIAN_CHROMIUM if os.path.exists(DEBIAN_CHROMIUM) else ""
    options: dict = {"args": list(CHROMIUM_ARGS)}
    if wanted:
        options["executable_path"] = wanted
    return options


def wait_for_app(page: Page, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Wait until the Streamlit app is connected, idle and fully rendered.

    1. ``stApp`` has ``data-test-connection-state='CONNECTED'``;
    2. then its ``data-test-script-state`` is ``notRunning`` (the state is
       ``initial`` before the first run, ``running`` during a run);
    3. no ``stSkeleton`` placeholder is left.

    Call it after ``page.goto(...)`` and after every interaction that triggers
    a rerun.  Fails fast with a clear message if the script does not compile.
    """
    page.wait_for_selector(APP_CONNECTED, timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector("[data-testid='stApp']");
            const s = app && app.getAttribute('data-test-script-state');
            return s === 'notRunning' || s === 'compilationError';
        }""",
        timeout=timeout,
    )
    state = page.get_attribute("[data-testid='stApp']", APP_STATE_ATTR)
    if state == "compilationError":
        raise AssertionError("The Streamlit script failed to compile (see the server log)")
    expect(page.locator(SKELETON)).to_have_count(0, timeout=timeout)


# A deep link to a page (/RoI_Pooling) makes Streamlit's frontend first probe
# /RoI_Pooling/_stcore/health and /host-config, which 404, before the real ones
# (streamlit/streamlit#7074, open). Only these exact 404s are tolerated.
DEEP_LINK_PROBES = (r"status of 404 \(Not Found\) \(http://[^/]+/\w+/_stcore/(health|host-config)",)


@dataclass
class PageErrors:
    """Console errors and uncaught page errors collected from one page."""

    console: list[str] = field(default_factory=list)
    page: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[str]:
        return [f"console: {m}" for m in self.console] + [f"pageerror: {m}" for m in self.page]

    def assert_none(self, ignore: tuple[str, ...] = ()) -> None:
        """Fail if any error was collected (except Streamlit's known probes and ``ignore`` regexes)."""
        patterns = (*DEEP_LINK_PROBES, *ignore)
        left = [m for m in self.all if not any(re.search(p, m) for p in patterns)]
        assert not left, "Browser errors on the page:\n" + "\n".join(left)


def collect_errors(page: Page) -> PageErrors:
    """Start collecting console errors and page errors of ``page``.

    Call it BEFORE ``page.goto(...)`` so errors during loading are caught.
    The returned object fills up as the page runs.
    """
    errors = PageErrors()

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc.get("url") else ""
            errors.console.append(f"{msg.text}{where}")

    def on_page_error(exc: Error) -> None:
        errors.page.append(f"{exc.name}: {exc.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


def assert_no_exception(page: Page) -> None:
    """Fail if Streamlit shows an exception box (``stException``) on the page."""
    boxes = page.locator(EXCEPTION)
    count = boxes.count()
    if count:
        texts = [t.strip()[:500] for t in boxes.all_inner_texts()]
        raise AssertionError(f"{count} Streamlit exception element(s) on the page:\n" + "\n---\n".join(texts))


def save_screenshot(page: Page, name: str, max_height: int = 6000) -> Path:
    """Save a screenshot of the whole app to ``test-artifacts/screenshots/<name>.png``.

    Streamlit scrolls inside its main container, so the viewport is stretched to
    the content's height (at most ``max_height``) for the shot and then restored.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    stem = name[:-4] if name.endswith(".png") else name
    path = SCREENSHOT_DIR / f"{stem}.png"
    viewport = page.viewport_size or {"width": 1280, "height": 720}
    content = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain], section'))"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(content, viewport["height"]), max_height)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    return path


def drag_across(page, area, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag the mouse across the element ``area`` (a chart's plot area, ``.nsewdrag``), from ``start`` to ``end``
    given as fractions of its width and height, in a few steps as a hand does."""
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    assert box, "the drag area is not on the page"
    x0, y0 = box["x"] + start[0] * box["width"], box["y"] + start[1] * box["height"]
    x1, y1 = box["x"] + end[0] * box["width"], box["y"] + end[1] * box["height"]
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()
