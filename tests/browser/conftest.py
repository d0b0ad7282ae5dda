"""Fixtures for the real-browser tests: a Streamlit server and Chromium.

* ``app_url`` (session): starts ``python -m streamlit run app.py`` on a free
  port of 127.0.0.1 from the repo root, waits for ``/_stcore/health`` to say
  ``ok`` and yields the base URL; the server's process group is killed at the
  end.  Its output goes to ``test-artifacts/streamlit-server.log``.
* ``browser_type_launch_args`` (session): overrides pytest-playwright's so it
  launches Debian's ``/usr/bin/chromium`` (or the path in ``ROI_LAB_CHROMIUM``;
  ``ROI_LAB_CHROMIUM=""`` means Playwright's own browser, the fallback of
  ``scripts/run_tests.sh`` when Debian's chromium cannot be installed).
* ``page_errors`` (function): console and page errors of the ``page`` fixture,
  collected from before the first navigation.

Every test under tests/browser is marked ``browser``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.helpers import PageErrors, collect_errors

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SERVER_LOG = ARTIFACTS / "streamlit-server.log"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
HEALTH_TIMEOUT_S = 60.0

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

_THIS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _THIS_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(lines: int = 60) -> str:
    try:
        text = SERVER_LOG.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


def _health_ok(url: str) -> bool:
    # No proxies: the server is on the loopback address.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL (no trailing slash) of a Streamlit server running app.py."""
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(SERVER_LOG, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # own process group, killed as a whole
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _health_ok(f"{base}/_stcore/health"):
            if proc.poll() is not None:
                pytest.fail(
                    f"Streamlit exited with code {proc.returncode} before becoming healthy.\n"
                    f"Server log ({SERVER_LOG}):\n{_log_tail()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Streamlit not healthy at {base} after {HEALTH_TIMEOUT_S:.0f} s.\n"
                    f"Server log ({SERVER_LOG}):\n{_log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield base
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch args plus Debian's chromium and safe flags."""
    args = {**browser_type_launch_args}
    wanted = os.environ.get("ROI_LAB_CHROMIUM")
    if wanted is None:  # not set: Debian's chromium when installed
        wanted = DEBIAN_CHROMIUM if os.path.exists(DEBIAN_CHROMIUM) else ""
    if wanted:  # "" means Playwright's own browser (`playwright install chromium`)
        args["executable_path"] = wanted
    args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
    return args


@pytest.fixture
def page_errors(page) -> PageErrors:
    """Console/page errors of ``page``; listeners attached before any navigation."""
    return collect_errors(page)
