"""A Streamlit server for browser tests and benchmarks: started, health-checked, stopped."""

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
from contextlib import contextmanager, suppress
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
HEALTH_TIMEOUT_S = 60.0
_PIDS: dict[str, int] = {}  # base URL -> process id of each running server


class ServerFailed(RuntimeError):
    """The server exited or never became healthy; the message holds its log's tail."""


def server_pid(base: str) -> int:
    """The process id of the server ``streamlit_server`` yielded ``base`` for (while it runs)."""
    return _PIDS[base]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(log_path: Path, lines: int = 60) -> str:
    try:
        text = log_path.read_text(errors="replace")
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
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextmanager
def streamlit_server(log_path: Path) -> Iterator[str]:
    """Run ``streamlit run app.py`` on a free port of 127.0.0.1; yield its base URL (no trailing slash).

    The server's output goes to ``log_path``; its process group is killed on exit.
    Raises ``ServerFailed`` (with the log's tail) if it does not become healthy.
    """
    port = _free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(log_path, "wb") as log:
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
                raise ServerFailed(
                    f"Streamlit exited with code {proc.returncode} before becoming healthy.\n"
                    f"Server log ({log_path}):\n{_log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise ServerFailed(
                    f"Streamlit not healthy at {base} after {HEALTH_TIMEOUT_S:.0f} s.\n"
                    f"Server log ({log_path}):\n{_log_tail(log_path)}"
                )
            time.sleep(0.25)
        _PIDS[base] = proc.pid
        yield base
    finally:
        _PIDS.pop(base, None)
        _stop(proc)
