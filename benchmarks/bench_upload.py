"""An uploaded photo on every page: first view, page switches, box changes and the payload of each rerun.

Run by hand (about 1-2 minutes on 2 cores):

    .venv/bin/python benchmarks/bench_upload.py [--changes 3]

For a 24-megapixel (6000 x 4000) and a 1-megapixel (1200 x 900) photo-like
JPEG (gradients, two shapes, mild noise; quality 90; made in memory), in a
fresh session of the browser tests' Chromium against a local server
(127.0.0.1):
  * page 1 (or ``--upload-page``) opened with ?image=upload and the file handed
    to the sidebar's file input: the time until every chart is drawn (the
    first view);
  * every other page reached through its sidebar link (the upload lives in the
    session): the time until it is fully drawn;
  * on every page, box changes (x + 1 px in the sidebar, Enter): the time until
    every chart is done (median of ``--changes``);
  * for each rerun, its payload: the bytes the server sent over the websocket
    (Playwright's framereceived events) plus the media files (/media/...,
    pictures) the page fetched; and the server's CPU time for the first view.
Times are from the action to the last chart change (common.timed_rerun).
Targets: first view <= 2.5 s on every page; payload <= 300 KB per rerun.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Page, Response

from benchmarks.common import (
    FAILURES,
    App,
    PageFailed,
    Timing,
    failed,
    machine,
    meets,
    next_box_x,
    print_header,
    print_row,
    running_app,
    timed_rerun,
)
from roi_ui.session import registry
from roi_ui.session.registry import LESSONS, LessonPage
from tests.browser.helpers import wait_for_app

SIZES = {"24 MP": (6000, 4000), "1 MP": (1200, 900)}
FILE_NAME = "photo.jpg"
SIDEBAR = "[data-testid='stSidebar']"
FILE_INPUT = "[data-testid='stFileUploader'] input[type='file']"
PAGE_LINK = f"{SIDEBAR} [data-testid='stPageLink-NavLink']"
SHOWING = f"{SIDEBAR} [data-testid='stText']"  # the image the page shows


def photo_jpeg(width: int, height: int) -> bytes:
    """A photo-like JPEG: sky-to-ground gradient, an ellipse and a rectangle, mild noise (quality 90)."""
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    rgb = np.stack(np.broadcast_arrays(120 + 80 * y + 20 * x, 170 - 40 * y, 230 - 150 * y), axis=2)
    rgb += 6 * np.random.default_rng(0).standard_normal((height, width, 1), dtype=np.float32)
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.3, width * 0.45, height * 0.75), fill=(230, 120, 40))
    draw.rectangle((width * 0.55, height * 0.2, width * 0.7, height * 0.85), fill=(40, 70, 140))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


class Received:
    """The bytes a page received from the app since the last ``take``: websocket frames and media files."""

    def __init__(self, page: Page) -> None:
        self.bytes = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._add_frame))
        page.on("response", self._add_media)

    def _add_frame(self, payload: str | bytes) -> None:
        self.bytes += len(payload.encode() if isinstance(payload, str) else payload)

    def _add_media(self, response: Response) -> None:
        if urlparse(response.url).path.startswith("/media/"):  # pictures the app serves (not /static/ fonts)
            self.bytes += int(response.headers.get("content-length", 0))

    def take(self) -> int:
        """The bytes counted so far; the count starts again from zero."""
        taken, self.bytes = self.bytes, 0
        return taken


def with_payload(app: App, page: Page, received: Received, action: Callable[[], object]) -> tuple[Timing, int]:
    """``timed_rerun`` of ``action`` and the bytes the page received for that rerun."""
    received.take()
    run = timed_rerun(app, page, action)
    return run, received.take()


def visit(app: App, page: Page, received: Received, arrive: Callable[[], object], changes: int) -> list[str]:
    """The table cells of one page: ``arrive`` at it (upload or link), check it shows the photo, change the box."""
    view, view_bytes = with_payload(app, page, received, arrive)
    wait_for_app(page)
    if not page.locator(SHOWING, has_text=FILE_NAME).count():
        raise PageFailed("the page does not show the uploaded photo")
    boxes = [with_payload(app, page, received, next_box_x(page)) for _ in range(changes)]
    box_ms = statistics.median(run.last for run, _ in boxes)
    box_bytes = max(size for _, size in boxes)
    return [
        f"{view.last / 1000:.2f}", f"{view.cpu:.0f}", f"{view_bytes / 1024:.0f}", f"{box_ms:.0f}",
        f"{box_bytes / 1024:.0f}", meets(view.last <= 2500), meets(max(view_bytes, box_bytes) <= 300 * 1024),
    ]  # fmt: skip


def one_photo(app: App, label: str, data: bytes, changes: int, first: LessonPage) -> None:
    """Upload ``data`` on page ``first``, then visit every other page through the sidebar; print a row per page."""
    page = app.new_page()
    received = Received(page)
    others = [lesson for lesson in LESSONS if lesson != first]
    page.goto(f"{app.base}/{first.url_path}?image=upload")
    wait_for_app(page)
    upload = {"name": FILE_NAME, "mimeType": "image/jpeg", "buffer": data}
    arrivals = [(first, lambda: page.set_input_files(FILE_INPUT, upload))]
    arrivals += [(lesson, page.locator(PAGE_LINK, has_text=lesson.label).click) for lesson in others]
    for lesson, arrive in arrivals:
        try:
            cells = visit(app, page, received, arrive, changes)
        except FAILURES as error:
            cells = [failed(error), *["–"] * 6]
        print_row(label, lesson.label, *cells)
    page.context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=3, help="box changes per page (at least 1)")
    parser.add_argument("--upload-page", type=int, default=1, help="the page (1 to 7) to upload the photo on")
    args = parser.parse_args()
    first = registry.lesson(args.upload_page)
    began = time.monotonic()
    photos = {f"{label} ({w} x {h})": photo_jpeg(w, h) for label, (w, h) in SIZES.items()}
    print(f"Start: {machine()}. " + "; ".join(f"{k}: {len(v) / 2**20:.1f} MB" for k, v in photos.items()) + ".\n")
    print_header(
        "JPEG", "page", "first view (s)", "first view server CPU (ms)", "first view payload (KB)",
        "box change median (ms)", "box change payload, largest (KB)", "first view <= 2.5 s", "payload <= 300 KB",
    )  # fmt: skip
    with running_app("bench-upload-server.log") as app:
        for label, data in photos.items():
            one_photo(app, label, data, args.changes, first)
    print(f"\nThe first view of {first.label} is the upload; of the other pages, the switch through the sidebar link.")
    print(f"End: {machine()}; ran in {time.monotonic() - began:.0f} s.")


if __name__ == "__main__":
    main()
