"""Layout checks in a real browser: what a projector, a zoomed browser and a phone show.

``text_problems`` reads every visible text of every Plotly chart: two text boxes that overlap, text smaller
than a size, or text whose colour has less than WCAG AA's 4.5:1 contrast on white. ``overflow`` says whether
the page scrolls sideways. ``body_text_below`` lists paragraph text smaller than a size.
``accessibility_problems`` runs axe-core (``axe-playwright-python``) and keeps critical and serious
violations. Each returns plain descriptions, empty when all is well.
"""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


@dataclass(frozen=True)
class Viewing:
    """One way of looking at the app: a browser context's options, presenter mode or not, the least text size."""

    name: str
    context: dict
    present: bool
    chart_text: float  # px: the smallest text a chart may draw
    body_text: float  # px: the smallest paragraph text


PROJECTOR = Viewing("presenter", dict(viewport={"width": 1280, "height": 720}), True, 18, 20)
ZOOMED = Viewing(
    "zoom150", dict(viewport={"width": 853, "height": 480}, device_scale_factor=1.5), False, 14, 14
)  # 1280 x 720 at 150 % browser zoom: 853 x 480 CSS px
PHONE = Viewing(
    "phone",
    dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True),
    False,
    14,
    14,
)
VIEWINGS = (PROJECTOR, ZOOMED, PHONE)

_CHART_TEXTS = """(minSize) => {
    const seen = [];
    for (const [chartIndex, chart] of Array.from(document.querySelectorAll('.js-plotly-plot')).entries()) {
        const key = (chart.closest('[class*="st-key-"]')?.className.match(/st-key-(\\S+)/) || [])[1] || chartIndex;
        for (const text of chart.querySelectorAll('text')) {
            if (text.closest('.hoverlayer')) continue;
            const content = (text.textContent || '').trim();
            if (!content) continue;
            const style = getComputedStyle(text);
            if (style.display === 'none' || style.visibility === 'hidden' || parseFloat(style.opacity) === 0) continue;
            if (text.closest('[style*="display: none"], [visibility="hidden"], [opacity="0"]')) continue;
            const box = text.getBoundingClientRect();
            if (box.width < 1 || box.height < 1) continue;
            seen.push({chart: String(key), text: content.slice(0, 40), size: parseFloat(style.fontSize),
                       fill: style.fill, x1: box.left, y1: box.top, x2: box.right, y2: box.bottom});
        }
    }
    return seen;
}"""

OVERLAP_TOLERANCE = 2.0  # px two glyph boxes may share (font boxes include some leading)


def text_problems(page: Page, min_size: float) -> list[str]:
    """Chart texts that overlap another text of the same chart, or are smaller than ``min_size`` px."""
    texts = page.evaluate(_CHART_TEXTS, min_size)
    problems = [
        f"{t['chart']}: {t['text']!r} is {t['size']:.1f} px (< {min_size})" for t in texts if t["size"] < min_size - 0.1
    ]
    problems += [
        f"{t['chart']}: {t['text']!r} is {t['fill']}, {contrast_with_white(t['fill']):.1f}:1 on white (< 4.5)"
        for t in texts
        if 1.3 < contrast_with_white(t["fill"]) < 4.5  # near-white text is drawn on a dark fill on purpose
    ]
    for index, first in enumerate(texts):
        for second in texts[index + 1 :]:
            if first["chart"] != second["chart"]:
                continue
            width = min(first["x2"], second["x2"]) - max(first["x1"], second["x1"])
            height = min(first["y2"], second["y2"]) - max(first["y1"], second["y1"])
            if width > OVERLAP_TOLERANCE and height > OVERLAP_TOLERANCE * 2:
                problems.append(f"{first['chart']}: {first['text']!r} overlaps {second['text']!r}")
    return problems


def contrast_with_white(css_colour: str) -> float:
    """WCAG's contrast ratio of a CSS ``rgb(...)``/``rgba(...)`` colour with white (21 for black, 1 for white)."""
    channels = [float(part) for part in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def overflow(page: Page) -> list[str]:
    """Whether the page or its main block scrolls sideways, and what sticks out."""
    return page.evaluate(
        """() => {
        const main = document.querySelector('[data-testid=stMain]');
        const width = document.documentElement.clientWidth;
        const problems = [];
        if (document.documentElement.scrollWidth > width + 1) problems.push('the page scrolls sideways');
        if (main && main.scrollWidth > main.clientWidth + 1) problems.push('the main block scrolls sideways');
        for (const element of document.querySelectorAll('[data-testid=stMain] [data-testid=stElementContainer]')) {
            const box = element.getBoundingClientRect();
            if (box.width > 0 && box.right > width + 1)
                problems.push(`${element.className.match(/st-key-\\S+|stElementContainer/)} ends at ${box.right} px`);
        }
        return problems.slice(0, 10);
    }"""
    )


def body_text_below(page: Page, min_size: float) -> list[str]:
    """Paragraphs, list items and table cells of the main block smaller than ``min_size`` px."""
    return page.evaluate(
        """(minSize) => Array.from(document.querySelectorAll(
            '[data-testid=stMain] p, [data-testid=stMain] li, [data-testid=stMain] td, [data-testid=stMain] th'))
        .filter(e => e.offsetParent && (e.textContent || '').trim())
        .filter(e => parseFloat(getComputedStyle(e).fontSize) < minSize - 0.1)
        .map(e => `${(e.textContent || '').trim().slice(0, 40)!r} is ${getComputedStyle(e).fontSize}`)
        .slice(0, 10)""".replace("!r", ""),
        min_size,
    )


SERIOUS = ("critical", "serious")
_AXE = Axe()


def accessibility_problems(page: Page) -> list[str]:
    """axe-core's critical and serious violations on the page, one line each with an example element."""
    report = _AXE.run(page).response
    return [
        f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}x): "
        f"{violation['nodes'][0]['target']} {violation['nodes'][0].get('failureSummary', '')[:300]}"
        for violation in report["violations"]
        if violation["impact"] in SERIOUS
    ]
