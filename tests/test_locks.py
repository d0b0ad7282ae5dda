"""The lock files pin every requirement the README's commands install, at the requirements files' own versions,
and hold nothing of the machine that made them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    """Package name (normalised) -> pinned version, from a requirements or lock file."""
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(path.read_text())}


@pytest.mark.parametrize("requirements", ["requirements.txt", "requirements-dev.txt"])
def test_each_lock_pins_its_requirements_at_their_versions(requirements):
    lock = ROOT / requirements.replace(".txt", ".lock")
    wanted, locked = pins(ROOT / requirements), pins(lock)
    if requirements == "requirements-dev.txt":
        wanted |= pins(ROOT / "requirements.txt")  # it includes the app's
    assert {name: locked.get(name) for name in wanted} == wanted
    assert len(locked) > len(wanted)  # the transitive ones too
    text = lock.read_text()
    # Nothing of the machine that made it: no index or wheel-folder options, no file URL, no absolute path.
    assert not re.search(r"--(extra-)?index-url|--find-links|--trusted-host|file://|(^|\s)/\w", text, re.MULTILINE)


def test_the_app_lock_agrees_with_the_dev_lock():
    app, dev = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {name: dev.get(name) for name in app} == app
