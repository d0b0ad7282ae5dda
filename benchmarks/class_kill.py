"""A replica killed during a change scenario (``--kill-replica-after S``): the sessions it served, the kill, the
recovery of its sessions and what the others saw.

Which replica served which session comes from nginx's access log (serve_class.sh
keeps it in its run directory): one line per request, written when the request
ends, with the session's sticky key (``session=``: the ``roi_lab_session``
cookie that each simulated student keeps in its cookie jar, as a browser does)
and the replica that answered (``upstream=``, the last address when nginx
retried). A session's page requests (HTML, health, host-config) end at once, so
at the kill the log already names the replica of every session that has opened
its page; nginx hashes the same key to the same replica while that replica is up,
so the session's websocket is there too. Two checks after the run: the websockets
that closed on the killed replica after the kill (``/_stcore/stream``, status 101,
logged when they close) should be the sessions attributed to it, and their
requests after the kill should be answered by another replica.

Reported separately for the sessions on the killed replica (how many
disconnected; from the kill to their first successful rerun on another replica,
the rerun its reconnect requests, and to their first applied change; a first change after the
reconnect that the app did not apply) and for those on the surviving replicas
(every error counts).
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import gevent

from benchmarks.class_servers import Target, kill_replica
from benchmarks.class_user import DISCONNECT, DROPPED, SessionLog
from benchmarks.common import percentile, print_header, print_row

RECONNECT_TARGET_S = 5.0  # the target: the killed replica's sessions back within 5 s
LINE = re.compile(
    r'"\S+ (?P<path>\S+)[^"]*" (?P<status>\d{3}) .*? session=(?P<key>\S+) upstream=(?P<upstream>.*?) upstream_status='
)


@dataclass(frozen=True)
class LogLine:
    """One request in nginx's access log: its path, status, sticky key, and the port of the replica that answered."""

    path: str
    status: int
    key: str
    port: int | None


def read_access_log(path: Path, offset: int = 0) -> tuple[list[LogLine], int]:
    """The access log's requests from byte ``offset`` on, and the offset of its end."""
    with open(path, "rb") as log:
        log.seek(offset)
        data = log.read()
    lines = []
    for match in LINE.finditer(data.decode(errors="replace")):
        last = match["upstream"].split(",")[-1].strip()  # nginx retried: the last address answered
        port = int(last.rsplit(":", 1)[1]) if ":" in last else None
        lines.append(LogLine(match["path"], int(match["status"]), match["key"], port))
    return lines, offset + len(data)


@dataclass
class Kill:
    """The kill: the replica (port, pid), when (``time.monotonic()``), each session key's replica up to then, and
    where the access log ended then."""

    port: int
    pid: int
    at: float
    replica_of: dict[str, int]
    offset: int


def kill_after(target: Target, seconds: float, sessions: dict[int, SessionLog]) -> gevent.Greenlet:
    """A greenlet that, ``seconds`` into the scenario, reads who is where and SIGKILLs the replica that serves
    the most sessions (its process group); its value is the ``Kill``."""

    def kill() -> Kill:
        gevent.sleep(seconds)
        lines, offset = read_access_log(target.access_log)
        replica_of = {line.key: line.port for line in lines if line.port in target.replicas}  # the last one wins
        counts = Counter(replica_of.get(log.key) for log in sessions.values())
        port = max(target.replicas, key=lambda port: counts[port])
        kill_replica(target.replicas[port])
        print(f"\nKilled replica :{port} (pid {target.replicas[port]}) serving {counts[port]} sessions.", flush=True)
        return Kill(port, target.replicas[port], time.monotonic(), replica_of, offset)

    return gevent.spawn(kill)


@dataclass
class Group:
    """One group of sessions after the kill: who, and what they saw from the kill on."""

    name: str
    sessions: list[SessionLog]
    disconnected: int = 0
    back_s: list[float] = field(default_factory=list)  # kill -> first successful rerun (its reconnect)
    changed_s: list[float] = field(default_factory=list)  # kill -> first applied change after the reconnect
    dropped: int = 0  # sessions whose first change after the reconnect was not applied
    errors: Counter = field(default_factory=Counter)  # every error of the group over the whole run, by kind
    changes_after_ms: list[float] = field(default_factory=list)  # round trips of the changes made after the kill


@dataclass
class KillResult:
    """The killed-replica report: the kill, the two groups, the sessions not attributed, the log's checks."""

    kill: Kill
    killed: Group
    survivors: Group
    unattributed: int
    closed_on_killed: int  # sessions whose websocket on the killed replica closed after the kill
    moved: int  # killed-replica sessions answered by another replica after the kill


def _group(name: str, sessions: list[SessionLog], kill: Kill, reconnected: bool) -> Group:
    """What the sessions of one group saw from the kill on (``reconnected``: they should have reconnected)."""
    group = Group(name, sessions)
    for log in sessions:
        group.errors.update(kind for _, kind in log.errors)
        group.disconnected += any(kind == DISCONNECT and when >= kill.at for when, kind in log.errors)
        group.dropped += any(kind == DROPPED and when >= kill.at for when, kind in log.errors)
        group.changes_after_ms += [ms for when, ms in log.changed if when >= kill.at]
        if reconnected:
            back = [when - kill.at for when in log.opened if when >= kill.at]
            changed = [when - kill.at for when, _ in log.changed if when >= kill.at]
            group.back_s += back[:1]
            group.changed_s += changed[:1]
    return group


def analyse(kill: Kill, sessions: dict[int, SessionLog], access_log: Path) -> KillResult:
    """Split the sessions by the replica that served them at the kill and check the split with the access log
    written since."""
    on_killed = [log for log in sessions.values() if kill.replica_of.get(log.key) == kill.port]
    elsewhere = [log for log in sessions.values() if kill.replica_of.get(log.key) not in (None, kill.port)]
    killed_keys = {log.key for log in on_killed}
    after, _ = read_access_log(access_log, kill.offset)
    closed = {
        line.key for line in after if line.path == "/_stcore/stream" and line.status == 101 and line.port == kill.port
    }
    moved = {line.key for line in after if line.key in killed_keys and line.port not in (None, kill.port)}
    return KillResult(
        kill,
        _group(f"on the killed replica :{kill.port}", on_killed, kill, reconnected=True),
        _group("on the surviving replica(s)", elsewhere, kill, reconnected=False),
        len(sessions) - len(on_killed) - len(elsewhere),
        len(closed),
        len(moved),
    )


def _seconds(values: list[float]) -> str:
    """Min / median / p95 / max of ``values`` in seconds; a dash when there are none."""
    if not values:
        return "–"
    spread = (min(values), statistics.median(values), percentile(values, 0.95), max(values))
    return " / ".join(f"{value:.2f}" for value in spread)


def print_kill(name: str, result: KillResult, seconds_in: float) -> None:
    """The killed-replica table: one row per group, then the access log's checks."""
    print(f"\n{name}: replica :{result.kill.port} (pid {result.kill.pid}) killed {seconds_in:.0f} s in (SIGKILL).\n")
    print_header(
        "sessions", "count", "disconnected", "first successful rerun after the kill (s: min / median / p95 / max)",
        f"back within {RECONNECT_TARGET_S:.0f} s", "first applied change after the kill (s: min / median / p95 / max)",
        "first change after reconnecting dropped", "other errors", "changes after the kill", "their p95 ms",
    )  # fmt: skip
    for group, reconnected in ((result.killed, True), (result.survivors, False)):
        others = sum(group.errors.values()) - group.errors[DROPPED] - (group.errors[DISCONNECT] if reconnected else 0)
        after = group.changes_after_ms
        recovery = ["–"] * 3
        if reconnected:
            within = sum(value <= RECONNECT_TARGET_S for value in group.back_s)
            recovery = [_seconds(group.back_s), f"{within} of {len(group.sessions)}", _seconds(group.changed_s)]
        p95 = f"{percentile(after, 0.95):.0f}" if after else "–"
        counts = [len(group.sessions), group.disconnected]
        print_row(group.name, *counts, *recovery, group.dropped, others, len(after), p95)
    errors = "; ".join(f"{count} × {kind}" for kind, count in result.survivors.errors.items()) or "none"
    print(
        f"\nNot attributed (no page opened before the kill): {result.unattributed}. Surviving replicas' sessions' "
        f"errors over the whole run: {errors}. Access log after the kill: {result.closed_on_killed} websockets closed "
        f"on :{result.kill.port} (attributed to it: {len(result.killed.sessions)}); {result.moved} of its sessions "
        "answered by another replica."
    )
