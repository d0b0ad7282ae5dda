"""Fixtures for the serving tests: ``scripts/serve_class.sh`` driven by real browsers.

The Chromium is the one of the browser tests: ``browser_type_launch_args`` is
re-exported from ``tests/browser/conftest.py`` (so pytest-playwright's
``browser`` fixture launches it with the same flags).

Every test here is marked ``serving`` (deselect with ``-m "not serving"``) and
``browser`` (it needs Chromium, like the tests under tests/browser).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import browser_type_launch_args  # noqa: F401  (a fixture, re-exported)

_THIS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _THIS_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.serving)
            item.add_marker(pytest.mark.browser)
