"""The class benchmark's servers: started here (one process, or ``scripts/serve_class.sh``) or given, and sampled.

A ``Target`` names where the sessions go (always 127.0.0.1), the processes to
sample (``Sampler``: CPU time and RSS each second, psutil), and with
``serve_class.sh`` its replicas (port -> pid, each the leader of its own process
group) and nginx's access log, which names the replica (``upstream=``) that served
each request of each sticky session (``session=``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import gevent
import psutil
import requests

from benchmarks.class_protocol import LOOPBACK
from tests.browser.server import server_pid, streamlit_server

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CLASS_START_TIMEOUT_S = 180  # serve_class.sh: replicas' cold imports, then nginx


@dataclass
class Target:
    """Where the sessions go, the processes to sample (label -> pid) and, behind nginx, the replicas."""

    base: str
    processes: dict[str, int]
    replica_bases: tuple[str, ...] = ()
    replicas: dict[int, int] = field(default_factory=dict)  # serve_class.sh: port -> pid (a process group leader)
    access_log: Path | None = None  # serve_class.sh: nginx's access log (in its run directory)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@contextmanager
def one_process() -> Iterator[Target]:
    """One ``streamlit run app.py`` on 127.0.0.1 (the browser tests' server, file watcher off)."""
    os.environ.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    with streamlit_server(ARTIFACTS / "bench-class-server.log") as base:
        yield Target(base, {"streamlit": server_pid(base)}, (base,))


def _healthy(base: str) -> bool:
    with suppress(requests.RequestException):
        response = requests.get(f"{base}/_stcore/health", timeout=2, proxies={"http": ""})
        return response.status_code == 200 and response.text.strip() == "ok"
    return False


def _class_processes(script: psutil.Process) -> Target:
    """serve_class.sh's Streamlit replicas and nginx processes, found among the script's children: a replica by
    its ``--server.port``, nginx's master by its ``-p <run directory>`` (where its access log is)."""
    processes, replicas, access_log = {}, {}, None
    for child in script.children(recursive=True):
        with suppress(psutil.Error):
            command = child.cmdline()
            if "streamlit" in command and "--server.port" in command:
                port = int(command[command.index("--server.port") + 1])
                processes[f"replica :{port}"] = replicas[port] = child.pid
            elif command and "nginx" in Path(command[0]).name + child.name():
                processes[f"nginx {child.pid}"] = child.pid
                if "-p" in command:
                    access_log = Path(command[command.index("-p") + 1]) / "access.log"
    bases = tuple(f"http://{LOOPBACK}:{port}" for port in sorted(replicas))
    return Target("", processes, bases, dict(sorted(replicas.items())), access_log)


def kill_replica(pid: int) -> None:
    """SIGKILL a replica's whole process group (serve_class.sh starts each with setsid: group id = its pid)."""
    if os.getpgid(pid) == pid:
        os.killpg(pid, signal.SIGKILL)
    else:  # not a group leader: never kill a group we did not start
        os.kill(pid, signal.SIGKILL)


@contextmanager
def serve_class(replicas: int) -> Iterator[Target]:
    """``scripts/serve_class.sh`` with HOST=127.0.0.1, a free PORT and REPLICAS; stopped with SIGTERM on exit."""
    script = ROOT / "scripts" / "serve_class.sh"
    if not script.exists():
        raise SystemExit(f"{script.relative_to(ROOT)} does not exist (yet): run without --replicas")
    port = _free_port()
    env = {**os.environ, "HOST": LOOPBACK, "PORT": str(port), "REPLICAS": str(replicas)}
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "bench-class-serve.log", "wb") as log:
        proc = subprocess.Popen(["bash", str(script)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base, processes = f"http://{LOOPBACK}:{port}", {}
    try:
        deadline = time.monotonic() + CLASS_START_TIMEOUT_S
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve_class.sh did not serve {base}: see test-artifacts/bench-class-serve.log")
            time.sleep(0.5)
        target = _class_processes(psutil.Process(proc.pid))
        target.base, processes = base, target.processes
        yield target
    finally:
        _stop_class(proc, processes)


def _stop_class(proc: subprocess.Popen, processes: dict[str, int]) -> None:
    """SIGTERM to serve_class.sh (it stops nginx and its replicas); what is left after 20 s is killed by pid."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)
    for pid in processes.values():
        with suppress(psutil.Error):
            psutil.Process(pid).kill()


@contextmanager
def given_url(url: str, pids: list[int]) -> Iterator[Target]:
    """A server already running at ``url``; the processes ``pids`` are sampled."""
    if not _healthy(url):
        raise SystemExit(f"{url}/_stcore/health does not answer ok")
    yield Target(url, {f"pid {pid}": pid for pid in pids}, (url,))


def cpu_seconds(proc: psutil.Process) -> float:
    """The user and system CPU time a process has used (0 when it is gone)."""
    with suppress(psutil.Error):
        times = proc.cpu_times()
        return times.user + times.system
    return 0.0


class Sampler:
    """Each process's CPU time and RSS, sampled every second in a greenlet while a scenario runs."""

    def __init__(self, processes: dict[str, int]) -> None:
        self.procs = {label: psutil.Process(pid) for label, pid in processes.items()}
        self.cpu0 = {label: cpu_seconds(proc) for label, proc in self.procs.items()}
        self.cpu = dict(self.cpu0)  # the last reading: a process killed meanwhile keeps its last one
        self.began = time.monotonic()
        self.peak_total = 0
        self.peak = dict.fromkeys(self.procs, 0)
        self.greenlet = gevent.spawn(self._loop)

    def _sample(self) -> None:
        total = 0
        for label, proc in self.procs.items():
            with suppress(psutil.Error):
                rss = proc.memory_info().rss
                self.cpu[label] = cpu_seconds(proc) or self.cpu[label]
                self.peak[label] = max(self.peak[label], rss)
                total += rss
        self.peak_total = max(self.peak_total, total)

    def _loop(self) -> None:
        while True:
            self._sample()
            gevent.sleep(1.0)

    def stop(self) -> dict[str, tuple[float, float]]:
        """Stop sampling; per process: the CPU used (seconds) and the RSS peak (MB); the whole under "total"."""
        self._sample()
        self.greenlet.kill()
        used = {label: (self.cpu[label] - self.cpu0[label], self.peak[label] / 2**20) for label in self.procs}
        used["total"] = (sum(cpu for cpu, _ in used.values()), self.peak_total / 2**20)
        return used
