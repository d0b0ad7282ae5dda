"""Network facts for the serving scripts: the address students type, free local ports, health checks.

Used by ``scripts/run_app.sh`` and ``scripts/serve_class.sh`` (the one place that
decides which address to print). Standard library only, so it runs with any
Python >= 3.11, inside or outside the project's .venv.

    python scripts/netinfo.py url HOST PORT    the URL(s) to open, one per line
    python scripts/netinfo.py free-ports N     N free TCP ports of 127.0.0.1, one per line
    python scripts/netinfo.py healthy URL...   exit 0 when every Streamlit URL answers /_stcore/health
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
import urllib.error
import urllib.request
from contextlib import suppress

# Any address outside this machine: connecting a UDP socket to it sends nothing,
# but makes the kernel choose the outgoing interface (the one of the default
# route), whose address is the one the classroom's network sees.
# 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never a real host.
_PROBE = ("192.0.2.1", 9)

WILDCARDS = {"0.0.0.0", "::", ""}


def lan_address() -> str | None:
    """This machine's IPv4 address on its network (the default route's interface), or None.

    First the UDP-socket trick (no packet is sent, no extra package needed); then
    the addresses the host name resolves to; loopback and link-local addresses
    are never returned (students could not reach them).
    """
    candidates: list[str] = []
    # OSError: no route at all (an offline laptop), or a host name that does not resolve.
    with suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(_PROBE)
        candidates.append(probe.getsockname()[0])
    with suppress(OSError):
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    for candidate in candidates:
        address = ipaddress.ip_address(candidate)
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            return candidate
    return None


def urls(host: str, port: int) -> list[str]:
    """The URLs to print for a server bound to ``host``:``port``, the one students type first.

    A wildcard host (0.0.0.0, ::) listens on every interface: students type the
    LAN address, the teacher's own browser can also use 127.0.0.1. A specific
    host is the only address that works.
    """
    if host not in WILDCARDS:
        shown = f"[{host}]" if ":" in host else host
        return [f"http://{shown}:{port}"]
    lan = lan_address()
    return ([f"http://{lan}:{port}"] if lan else []) + [f"http://127.0.0.1:{port}"]


def free_ports(count: int) -> list[int]:
    """``count`` distinct TCP ports of 127.0.0.1 that are free right now (the kernel's choice).

    All sockets stay open until every port is chosen, so the ports differ; a
    port can still be taken by someone else before the caller binds it (rare).
    """
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def healthy(base: str, timeout: float = 2.0) -> bool:
    """True when the Streamlit server (or the proxy) at ``base`` answers ``/_stcore/health`` with ``ok``."""
    # No proxy from the environment: the servers are on this machine.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{base.rstrip('/')}/_stcore/health", timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def main(argv: list[str] | None = None) -> None:
    """Command line: ``url HOST PORT`` or ``free-ports N`` (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    url = commands.add_parser("url", help="the URL(s) to open for a server on HOST:PORT, students' first")
    url.add_argument("host")
    url.add_argument("port", type=int)
    ports = commands.add_parser("free-ports", help="N free TCP ports of 127.0.0.1")
    ports.add_argument("count", type=int)
    health = commands.add_parser("healthy", help="exit 0 when every URL answers /_stcore/health with ok")
    health.add_argument("base", nargs="+", help="base URL, e.g. http://127.0.0.1:8501")
    args = parser.parse_args(argv)
    if args.command == "healthy":
        sys.exit(0 if all(healthy(base) for base in args.base) else 1)
    lines = urls(args.host, args.port) if args.command == "url" else free_ports(args.count)
    print("\n".join(map(str, lines)))


if __name__ == "__main__":
    main()
