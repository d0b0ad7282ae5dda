"""``scripts/serve_class.sh`` end to end: two replicas behind nginx on loopback, two browsers, one replica killed.

A browser session must stay on one replica (websocket, upload and media), a
second browser works at the same time, a killed replica leaves the other's
session untouched while its own browser reconnects to the survivor with its view
from the URL, and stopping the script leaves no nginx or Streamlit process.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from roi_ui.session.registry import LESSONS
from tests.browser.helpers import assert_no_exception, wait_for_app
from tests.browser.test_pages import chart_signature, set_box_x, wait_for_chart_change
from tests.browser.test_upload import upload_photo

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG = REPO_ROOT / "test-artifacts" / "serve-class.log"
START_TIMEOUT_S = 90  # two cold Streamlit imports on a busy 2-core machine
STOP_TIMEOUT_S = 20
COOKIE = "roi_lab_session"  # nginx's affinity cookie (scripts/nginx/roi_lab.conf.template)
PAGES = {page.url_path: page for page in LESSONS}
SIDEBAR = "[data-testid='stSidebar']"

pytestmark = pytest.mark.skipif(
    (shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx")) or shutil.which("envsubst") is None,
    reason="nginx or envsubst is not installed (scripts/run_tests.sh installs Debian's packages when it can)",
)


# Records every change of the app's connection state in window.roiStates (a reconnection can be quicker than a poll).
WATCH_CONNECTION = """() => {
    window.roiStates = [];
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver(() => window.roiStates.push(app.getAttribute('data-test-connection-state')))
        .observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
}"""


@dataclass
class Served:
    """A running ``serve_class.sh``: its process, nginx's URL, pids and run directory (parsed from its output)."""

    process: subprocess.Popen
    base: str
    replicas: dict[str, int]  # "127.0.0.1:port" -> pid (a process-group leader)
    nginx_pid: int
    run_dir: Path

    def upstream_of(self, context: BrowserContext) -> str:
        """The replica ("127.0.0.1:port") nginx last sent ``context``'s requests to (its access log)."""
        session = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
        deadline = time.monotonic() + 5  # nginx logs a request just after answering it
        while not (lines := [line for line in self.access_log() if f"session={session} " in line]):
            assert time.monotonic() < deadline, f"no request of session {session} in nginx's access log"
            time.sleep(0.05)
        # "upstream=A, B" when nginx tried A then B: B answered.
        return re.search(r"upstream=(\S+(?:, \S+)*) upstream_status", lines[-1]).group(1).split(", ")[-1]

    def access_log(self) -> list[str]:
        return (self.run_dir / "access.log").read_text().splitlines()

    def output(self) -> str:
        return LOG.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    """Running and not a zombie (Linux /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _processes_mentioning(*words: str) -> list[str]:
    """Command lines of running processes that contain any of ``words``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or not _alive(int(entry.name)):
            continue
        with suppress(OSError):
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if any(word in cmd for word in words):
                found.append(f"{entry.name}: {cmd}")
    return found


def _wait_for_start(process: subprocess.Popen) -> Served:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        text = LOG.read_text(errors="replace")
        if "behind nginx (Ctrl+C to stop)" in text:
            break
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"serve_class.sh did not start (exit {process.poll()}):\n{text[-4000:]}", pytrace=False)
        time.sleep(0.3)
    replicas = {addr: int(pid) for addr, pid in re.findall(r"Started replica \d+: http://(\S+) \(pid (\d+)", text)}
    nginx = re.search(r"Started nginx on (\S+) \(pid (\d+), logs in (\S+)\)", text)
    return Served(process, f"http://{nginx.group(1)}", replicas, int(nginx.group(2)), Path(nginx.group(3)))


@pytest.fixture
def served() -> Iterator[Served]:
    """``REPLICAS=2 HOST=127.0.0.1 PORT=<free> bash scripts/serve_class.sh``, output in test-artifacts."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "REPLICAS": "2", "HOST": "127.0.0.1", "PORT": str(_free_port())}
    with open(LOG, "wb") as log:
        process = subprocess.Popen(
            ["bash", "scripts/serve_class.sh"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: the safety net below can kill it as a whole
        )
    try:
        yield _wait_for_start(process)
    finally:
        if process.poll() is None:  # the test failed before stopping it: stop it the way a teacher would
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _context_on(browser: Browser, served: Served, replica: str | None, avoid: str | None = None) -> BrowserContext:
    """A new browser context whose nginx cookie sends it to ``replica`` (any when None), or away from ``avoid``.

    nginx draws a random cookie for a browser without one; a context that lands
    on the wrong replica drops its cookie and asks again (each try is a coin toss
    between two replicas).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    for _ in range(40):
        context.request.get(f"{served.base}/_stcore/health")
        upstream = served.upstream_of(context)
        if (replica is None or upstream == replica) and upstream != avoid:
            return context
        context.clear_cookies()
    raise AssertionError("nginx never sent a new browser to the other replica")


def _change_x(page: Page, value: int) -> None:
    """Set the box's x in the sidebar and wait for the URL and the charts to follow."""
    before = chart_signature(page)
    set_box_x(page, value)
    page.wait_for_url(f"**x={value}**", timeout=30_000)
    wait_for_chart_change(page, before)


def _media_loaded(page: Page) -> int:
    """How many ``st.image`` pictures (served from /media/) the browser has decoded; fails on a broken one."""
    images = page.locator("[data-testid='stImage'] img")
    expect(images.first).to_be_visible(timeout=30_000)
    # A rerun replaces the pictures: wait until the browser has finished with each (loaded or failed).
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll(\"[data-testid='stImage'] img\")).every(i => i.complete)",
        timeout=30_000,
    )
    sources = images.evaluate_all("imgs => imgs.map(i => [i.getAttribute('src'), i.naturalWidth])")
    assert all("/media/" in src and width for src, width in sources), f"broken media: {sources}"
    return len(sources)


def test_two_replicas_sticky_sessions_survive_a_killed_replica(browser: Browser, served: Served) -> None:
    assert len(served.replicas) == 2, served.output()

    # --- browser A: upload on one page, see the photo on another (websocket, upload, media: one replica)
    context_a = _context_on(browser, served, None)
    replica_a = served.upstream_of(context_a)
    page_a = context_a.new_page()
    upload_photo(page_a, f"{served.base}/{PAGES['Image_to_feature_map'].url_path}")
    # --- browser B, at the same time, on the other replica
    context_b = _context_on(browser, served, None, avoid=replica_a)
    replica_b = served.upstream_of(context_b)
    page_b = context_b.new_page()
    page_b.goto(f"{served.base}/{PAGES['RoI_Pooling'].url_path}")
    wait_for_app(page_b)
    _change_x(page_b, 150)

    page_a.locator(SIDEBAR).get_by_role("link", name=PAGES["Your_image"].label).click()
    page_a.wait_for_url("**/Your_image?**image=upload**", timeout=30_000)
    wait_for_app(page_a)
    expect(page_a.locator(f"{SIDEBAR} [data-testid='stText']", has_text="my photo.png")).to_be_visible()
    assert _media_loaded(page_a) >= 1
    log = served.access_log()
    for session, replica in ((context_a, replica_a), (context_b, replica_b)):
        value = next(c["value"] for c in session.cookies() if c["name"] == COOKIE)
        mine = [line for line in log if f"session={value} " in line]
        assert all(f"upstream={replica} " in line for line in mine), "\n".join(mine)
    assert any("/_stcore/upload_file" in line for line in log) and any("/media/" in line for line in log)

    page_b.evaluate(WATCH_CONNECTION)
    # --- B's replica dies (SIGKILL, like a crash): A carries on, B reconnects to A's replica
    os.killpg(served.replicas[replica_b], signal.SIGKILL)
    _change_x(page_a, 120)
    expect(page_a.locator(f"{SIDEBAR} [data-testid='stText']", has_text="my photo.png")).to_be_visible()
    assert _media_loaded(page_a) >= 1

    # B lost its server, then connected again (to A's replica, through the same nginx address)
    page_b.wait_for_function(
        "() => window.roiStates.some(s => s !== 'CONNECTED') && window.roiStates.at(-1) === 'CONNECTED'",
        timeout=30_000,
    )
    wait_for_app(page_b)
    x_field_b = page_b.locator(f"{SIDEBAR} input[aria-label='x']")
    assert x_field_b.input_value() == "150" and "x=150" in page_b.url
    # The reconnected browser talks to a brand-new session on A's replica, which has never drawn its widgets:
    # the student's first change there counts all the same (state.adopt), and so does the next.
    _change_x(page_b, 170)
    _change_x(page_b, 171)
    assert served.upstream_of(context_b) == replica_a
    assert "its students reconnect" in served.output()
    for page in (page_a, page_b):
        assert_no_exception(page)

    # --- Ctrl+C / SIGTERM: nginx and every replica stop, nothing is left
    context_a.close()
    context_b.close()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=STOP_TIMEOUT_S) == 143
    started = [*served.replicas.values(), served.nginx_pid]
    assert not [pid for pid in started if _alive(pid)]
    assert not _processes_mentioning(str(served.run_dir), *served.replicas), "left behind"
    assert not served.run_dir.exists()
