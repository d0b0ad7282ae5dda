"""The class benchmark's report: one ``Outcome`` per scenario, printed as Markdown tables for docs/benchmarks.md.

The summary (round trips' median, p95 and p99 in ms, errors, changes per second
done against those asked, how far students fell behind, bytes per rerun, the
servers' CPU and RSS, the 1-minute load average at start and end), the round
trips per lesson page, and per scenario the errors by text and each process's
share; a killed-replica scenario adds its own table (``class_kill.print_kill``).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.class_kill import KillResult, print_kill
from benchmarks.class_user import CHANGE, OPEN, Tally
from benchmarks.common import median_p95, percentile, print_header, print_row
from roi_ui.session.registry import LESSONS


@dataclass
class Outcome:
    """One scenario's results."""

    name: str
    users: int
    seconds: float
    tally: Tally
    servers: dict[str, tuple[float, float]]
    load: tuple[str, str]
    storm: bool
    interval: float
    client_cpu: float  # this process (Locust and the protocol users), seconds

    kill: KillResult | None = None  # a killed-replica scenario: its report
    kill_after: float = 0.0  # seconds into the scenario


def _ms(values: list[float]) -> list[str]:
    """Median, p95 and p99 (nearest rank) of ``values``, in ms; dashes when there are none."""
    if not values:
        return ["–"] * 3
    median, p95 = median_p95(values)
    return [f"{median:.0f}", f"{p95:.0f}", f"{percentile(values, 0.99):.0f}"]


def _load(text: str) -> str:
    """The 1-minute load average from ``machine()``'s text."""
    return text.split("load average ")[1].split(" / ")[0]


def print_summary(target_name: str, outcomes: list[Outcome]) -> None:
    """The scenario table: round trips, errors, pace, bytes and the servers' CPU and memory."""
    print(f"\nTarget: {target_name}.\n")
    print_header(
        "scenario", "sessions", "reruns", "median ms", "p95 ms", "p99 ms", "errors", "changes/s done / asked",
        "max behind (s)", "KB per rerun (median)", "server CPU (cores)", "server CPU ms per rerun", "RSS peak (MB)",
        "load avg (1 min) start → end",
    )  # fmt: skip
    for out in outcomes:
        print_row(*_summary_cells(out))


def _summary_cells(out: Outcome) -> list[object]:
    """One scenario's row of the summary table."""
    kind = OPEN if out.storm else CHANGE
    times, sizes = out.tally.times[kind], out.tally.sizes[kind]
    errors = sum(out.tally.errors.values())
    reruns = sum(len(out.tally.times[key]) for key in (OPEN, CHANGE)) + errors
    asked = "–" if out.storm else f"{len(times) / out.seconds:.1f} / {out.users / out.interval:.1f}"
    behind = f"{max(out.tally.late):.1f}" if out.tally.late else "–"
    kb = f"{median_p95(sizes)[0] / 1024:.1f}" if sizes else "–"
    cpu, rss = out.servers["total"]
    servers = ["–"] * 3
    if len(out.servers) > 1:  # something was sampled
        servers = [f"{cpu / out.seconds:.2f}", f"{cpu * 1000 / max(reruns, 1):.0f}", f"{rss:.0f}"]
    load = f"{_load(out.load[0])} → {_load(out.load[1])}"
    return [out.name, out.users, len(times), *_ms(times), errors, asked, behind, kb, *servers, load]


def print_pages(outcomes: list[Outcome]) -> None:
    """Per page: the change's (or the first page's) median and p95, for each scenario."""
    print()
    print_header("scenario", *[f"page {page.number} median / p95" for page in LESSONS])
    for out in outcomes:
        kind = OPEN if out.storm else CHANGE
        cells = []
        for page in LESSONS:
            values = out.tally.times.get(f"{kind} · page {page.number}", [])
            cells.append(" / ".join(_ms(values)[:2]) if values else "–")
        print_row(out.name, *cells)


def print_details(outcomes: list[Outcome]) -> None:
    """The errors by kind and each server process's CPU and RSS peak."""
    for out in outcomes:
        servers = ", ".join(
            f"{label} {cpu / out.seconds:.2f} cores {rss:.0f} MB" for label, (cpu, rss) in out.servers.items()
        )
        errors = "; ".join(f"{count} × {text}" for text, count in out.tally.errors.items()) or "none"
        client = f"{out.client_cpu / out.seconds:.2f} cores"
        print(f"- {out.name}: {out.seconds:.0f} s; servers: {servers}; load generator {client}; errors: {errors}.")


def print_kills(outcomes: list[Outcome]) -> None:
    """The killed-replica scenarios' own tables."""
    for out in outcomes:
        if out.kill is not None:
            print_kill(out.name, out.kill, out.kill_after)
