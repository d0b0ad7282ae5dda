"""Fixtures for the real-browser tests: a Streamlit server and Chromium.

* ``app_url`` (session): starts ``python -m streamlit run app.py`` on a free
  port of 127.0.0.1 from the repo root, waits for ``/_stcore/health`` to say
  ``ok`` and yields the base URL; the server's process group is killed at the
  end.  Its output goes to ``test-artifacts/streamlit-server.log``.
* ``browser_type_launch_args`` (session): overrides pytest-playwright's so it
  launches the Chromium of ``helpers.chromium_launch_options`` (the path in
  ``ROI_LAB_CHROMIUM``, else Debian's ``/usr/bin/chromium``, else Playwright's
  own browser) with its flags; the benchmarks launch the same one.
* ``page_errors`` (function): console and page errors of the ``page`` fixture,
  collected from before the first navigation.

Every test under tests/browser is marked ``browser``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.helpers import PageErrors, chromium_launch_options, collect_errors
from tests.browser.server import ServerFailed, streamlit_server

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SERVER_LOG = ARTIFACTS / "streamlit-server.log"

_THIS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _THIS_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL (no trailing slash) of a Streamlit server running app.py."""
    try:
        with streamlit_server(SERVER_LOG) as base:
            yield base
    except ServerFailed as failure:
        pytest.fail(str(failure), pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch args plus the Chromium and flags of ``chromium_launch_options``."""
    options = chromium_launch_options()
    return {
        **browser_type_launch_args,
        **options,
        "args": [*browser_type_launch_args.get("args", []), *options["args"]],
    }


@pytest.fixture
def page_errors(page) -> PageErrors:
    """Console/page errors of ``page``; listeners attached before any navigation."""
    return collect_errors(page)
