"""Uploads on the "Your image" page: first render of 1, 12 and 24 MP JPEGs, box changes, payload.

Run by hand:  .venv/bin/python benchmarks/bench_upload.py

For each size, a photo-like JPEG (smooth gradients, shapes, a little noise;
quality 90) is generated in memory and
  * uploaded through Streamlit's AppTest: the script run that decodes it and
    draws the page the first time (server side), then 10 box changes (median,
    p95), and the payload of one box-change rerun (the serialized elements);
  * uploaded through the real file input in Chromium against a local server:
    from setting the file to the page showing it (transfer, decode, render).
Targets: first view <= 2.5 s for 24 MP; box change <= 300 ms (p95); payload <= 300 KB.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.bench_pages import CHROMIUM, CHROMIUM_ARGS, percentile  # noqa: E402
from tests.browser.helpers import wait_for_app  # noqa: E402
from tests.browser.server import streamlit_server  # noqa: E402

PAGE = ROOT / "pages" / "7_Your_image.py"
SIZES = {1: (1200, 900), 12: (4000, 3000), 24: (6000, 4000)}
BOXES = ((400, 300, 500, 400), (420, 310, 480, 380))


def photo_jpeg(width: int, height: int) -> bytes:
    """A photo-like JPEG: sky-to-ground gradient, a few shapes, mild noise."""
    y = np.linspace(0, 1, height)[:, None]
    x = np.linspace(0, 1, width)[None, :]
    rgb = np.stack([120 + 80 * y + 20 * x, 170 - 40 * y + 0 * x, 230 - 150 * y + 0 * x], axis=2)
    rgb += np.random.default_rng(0).normal(0, 6, size=(height, width, 1))
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.3, width * 0.45, height * 0.75), fill=(230, 120, 40))
    draw.rectangle((width * 0.55, height * 0.2, width * 0.7, height * 0.85), fill=(40, 70, 140))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def payload_bytes(node) -> int:
    """Serialized size of every element under an AppTest node."""
    proto = getattr(node, "proto", None)
    own = len(proto.SerializeToString()) if proto is not None and not hasattr(node, "children") else 0
    return own + sum(payload_bytes(child) for child in getattr(node, "children", {}).values())


def server_side(data: bytes) -> tuple[float, list[float], int]:
    """First-render seconds, box-change seconds and one rerun's payload in bytes (AppTest)."""
    app = AppTest.from_file(str(PAGE), default_timeout=120)
    app.run()
    app.radio(key="ctl_image").set_value("upload").run()
    app.file_uploader[0].set_value(("photo.jpg", data, "image/jpeg"))
    start = time.perf_counter()
    app.run()
    first = time.perf_counter() - start
    assert not app.exception, app.exception
    changes = []
    for index in range(10):
        for name, value in zip("xywh", BOXES[index % 2]):
            app.number_input(key=f"ctl_{name}").set_value(value)
        start = time.perf_counter()
        app.run()
        changes.append(time.perf_counter() - start)
    return first, changes, payload_bytes(app._tree)


def browser_first_view(page, base: str, data: bytes) -> float:
    """Seconds from handing the file to the real file input until the page shows the photo."""
    page.goto(f"{base}/Your_image?image=upload")
    wait_for_app(page)
    start = time.perf_counter()
    page.set_input_files(
        "[data-testid='stFileUploader'] input[type='file']",
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": data}],
    )
    page.wait_for_selector("[data-testid='stSidebar'] :text('photo.jpg')", timeout=120_000)
    wait_for_app(page, timeout=120_000)
    return time.perf_counter() - start


def main() -> None:
    print(
        "| JPEG | file MB | first view, server (s) | first view, Chromium (s) | box change median (ms) "
        "| box change p95 (ms) | payload per rerun (KB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    with streamlit_server(ROOT / "test-artifacts" / "bench-upload-server.log") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for megapixels, (width, height) in SIZES.items():
            data = photo_jpeg(width, height)
            first, changes, payload = server_side(data)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            in_browser = browser_first_view(page, base, data)
            page.close()
            print(
                f"| {megapixels} MP ({width} x {height}) | {len(data) / 2**20:.1f} | {first:.2f} | {in_browser:.2f} "
                f"| {1000 * statistics.median(changes):.0f} | {1000 * percentile(changes, 0.95):.0f} "
                f"| {payload / 1024:.0f} |",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
