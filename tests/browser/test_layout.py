"""Every page and step as a projector (presenter mode at 1280 x 720), a browser at 150 % zoom and a phone
(390 x 844) show it: chart texts never overlap and are large enough, nothing scrolls sideways, paragraphs are
large enough in presenter mode, and axe-core finds nothing critical or serious. Screenshots of each go to
``test-artifacts/screenshots/layout-*.png``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from roi_ui.session.params import POOL_STEPS
from roi_ui.session.registry import PAGES
from tests.browser.helpers import assert_no_exception, save_screenshot, wait_for_app
from tests.browser.layout import (
    PROJECTOR,
    VIEWINGS,
    Viewing,
    accessibility_problems,
    body_text_below,
    overflow,
    text_problems,
)

STEPPED = {"RoI_Pooling": ("step", POOL_STEPS), "RoI_Align": ("align_step", 5)}
# Views a page's default leaves out: the zoo's other step-by-step methods (section 4 in presenter mode).
MORE = {"Method_zoo": (("zoo_step=crop_and_resize", 4), ("zoo_step=roi_align_rotated&angle=30", 4))}


def shown_parts(viewing: Viewing) -> list[tuple[str, str]]:
    """(page path, query) of every page and step a viewing looks at: each step of pages 3 and 4, in presenter
    mode each section of the other pages, and the views in ``MORE``."""
    parts = []
    for page in PAGES:
        path = page.url_path
        if path in STEPPED:
            param, steps = STEPPED[path]
            parts += [(path, f"{param}={number}") for number in range(1, steps + 1)]
        elif viewing.present and page.sections:
            parts += [(path, f"slide={number}") for number in range(1, len(page.sections) + 1)]
        else:
            parts.append((path, ""))
        for query, section in MORE.get(path, ()):
            parts.append((path, f"{query}&slide={section}" if viewing.present else query))
    return parts


CASES = [
    pytest.param(viewing, path, query, id=f"{viewing.name}-{path or 'home'}-{query or 'page'}")
    for viewing in VIEWINGS
    for path, query in shown_parts(viewing)
]


@pytest.fixture(scope="module")
def pages_by_viewing(browser: Browser) -> Iterator[dict[str, Page]]:
    """One browser page per viewing, reused across this module's tests (a context per viewing)."""
    contexts = {viewing.name: browser.new_context(**viewing.context) for viewing in VIEWINGS}
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize(("viewing", "path", "query"), CASES)
def test_layout(pages_by_viewing: dict[str, Page], app_url: str, viewing: Viewing, path: str, query: str) -> None:
    page = pages_by_viewing[viewing.name]
    params = "&".join(part for part in (query, "present=1" if viewing.present else "") if part)
    page.goto(f"{app_url}/{path}" + (f"?{params}" if params else ""))
    wait_for_app(page)
    page.wait_for_timeout(500)  # the charts' last redraw after their container settled
    wait_for_app(page)  # and any rerun a chart's first selection event started
    assert_no_exception(page)
    problems = text_problems(page, viewing.chart_text) + overflow(page)
    if viewing is PROJECTOR:
        problems += body_text_below(page, viewing.body_text)
    problems += accessibility_problems(page)
    if viewing.name in (PROJECTOR.name, "phone"):
        save_screenshot(page, f"layout-{viewing.name}-{path or 'home'}-{query.replace('=', '') or 'page'}")
    assert not problems, "\n".join(problems)
