"""Pages 3 and 4 move between their precomputed states in the browser: a click on the map's slider shows what
``roi_core`` computes for that state, without a server rerun and without touching the URL."""

from __future__ import annotations

from playwright.sync_api import Page

from roi_core import LESSON_PRESET, Rect, lesson_feature_map, map_geometry, trace_roi_align, trace_roi_pool
from roi_ui.lessons.align_figures import NEIGHBOUR_TRACES, STAR_TRACE
from roi_ui.words.numbers import fixed, num
from tests.browser.helpers import APP_STATE_ATTR, assert_no_exception, collect_errors, save_screenshot, wait_for_app

FEATURE_MAP = lesson_feature_map()
GEOMETRY = map_geometry(800, 576, 32)
BOX = Rect.from_xywh(*LESSON_PRESET.box)
DECIMALS = 1  # the slides' map prints one decimal

WATCH_RERUNS = f"""() => {{
    const app = document.querySelector("[data-testid='stApp']");
    window.__scriptStates = [];
    new MutationObserver(() => window.__scriptStates.push(app.getAttribute('{APP_STATE_ATTR}')))
        .observe(app, {{attributes: true, attributeFilter: ['{APP_STATE_ATTR}']}});
}}"""
HEADLINE = (
    "() => { const a = document.querySelector('.js-plotly-plot').layout.annotations; return a[a.length - 1].text; }"
)
# What the map shows: each trace's points (an empty trace shows nothing, whatever it kept from an earlier frame),
# the visible shapes and annotations, and the annotations' text as drawn.
DRAWN = """() => { const gd = document.querySelector('.js-plotly-plot');
    const points = t => ({x: Array.from(t.x || []), y: Array.from(t.y || []), text: t.text || null,
                          customdata: t.customdata || null});
    return {data: gd.data.map(t => (t.x && t.x.length === 0 ? {x: [], y: []} : points(t))),
            annotations: gd.layout.annotations.filter(a => a.visible !== false)
                .map(a => ({text: a.text, x: a.x, y: a.y, xref: a.xref || 'x'})),
            shapes: (gd.layout.shapes || []).filter(s => s.visible !== false)
                .map(s => [s.x0, s.y0, s.x1, s.y1, (s.line || {}).dash || 'solid']),
            shown: Array.from(gd.querySelectorAll('.annotation-text')).map(a => a.textContent)}; }"""

# The values the map prints: its last trace (plotly.js's decoded copy, as its typed arrays are not decoded in data).
PRINTED = """() => { const data = document.querySelector('.js-plotly-plot')._fullData, t = data[data.length - 1];
    return {x: Array.from(t.x), y: Array.from(t.y), text: Array.from(t.text), family: t.textfont.family}; }"""


def open_page(page: Page, url: str) -> str:
    """Open ``url``, wait for the app and the map, start recording the script's states; return the URL shown."""
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .slider-tick-rect", timeout=30_000)
    page.evaluate(WATCH_RERUNS)
    return page.url


def click_slider_step(page: Page, index: int) -> None:
    """Click the map's slider at its ``index``-th step (0-based), as a learner would."""
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    tick = chart.locator(".slider-tick-rect").nth(index).bounding_box()
    page.mouse.click(tick["x"] + tick["width"] / 2, tick["y"] + tick["height"] / 2)


def assert_no_rerun(page: Page, url: str) -> None:
    """The server did not run the page again and the URL did not change."""
    page.wait_for_timeout(500)  # a rerun would have started by now
    assert page.evaluate("() => window.__scriptStates") == []
    assert page.get_attribute("[data-testid='stApp']", APP_STATE_ATTR) == "notRunning"
    assert page.url == url


def assert_same_as_the_server(page: Page, url: str, drawn: dict) -> None:
    """The page opened at ``url`` (the state in its parameters) draws what the browser showed after the slider."""
    open_page(page, url)
    assert page.evaluate(DRAWN) == drawn


def slide(page: Page, url: str, before: str, step: int, after: str, shot: str) -> tuple[str, dict]:
    """Open ``url`` (its headline starts with ``before``), click the slider's ``step``-th step, wait for the headline
    ``after``; return the page's URL and what the chart then draws."""
    opened = open_page(page, url)
    assert page.evaluate(HEADLINE).startswith(before)
    click_slider_step(page, step)
    page.wait_for_function(f"() => ({HEADLINE})().startsWith('{after}')", timeout=10_000)
    save_screenshot(page, shot)
    return opened, page.evaluate(DRAWN)


def test_pooling_slider_shows_step_4_as_roi_core_computes_it(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    url, drawn = slide(
        page,
        f"{app_url}/RoI_Pooling?step=2&out=4",
        "<b>Step 2 of 5",
        3,
        "<b>Step 4 of 5",
        "pooling_step_4_in_the_browser",
    )

    trace = trace_roi_pool(FEATURE_MAP, BOX, GEOMETRY, 4, "floor")
    winners = [b for b in trace.bins if not b.empty]
    maxima = [  # (bin row, bin col, cell row, cell col): not the cells' click targets (row, col, note, value)
        t
        for t in drawn["data"]
        if isinstance(t.get("customdata"), list)
        and len(t["customdata"][0]) == 4
        and not isinstance(t["customdata"][0][2], str)
    ]
    (hover,) = maxima  # the trace whose hover names each bin's maximum
    assert list(zip(hover["y"], hover["x"])) == [(b.argmax[0] + 0.5, b.argmax[1] + 0.5) for b in winners]
    labels = page.evaluate(PRINTED)  # the map's values, drawn last: over every box edge and mark
    assert labels["family"].startswith("cell-values")
    printed = dict(zip(zip(labels["x"], labels["y"]), labels["text"]))
    assert [printed[point] for point in zip(hover["x"], hover["y"])] == [fixed(b.value, DECIMALS) for b in winners]
    corners = [len([x for x in t["x"] if x is not None]) for t in drawn["data"][1:]]
    assert 5 * len(trace.dropped_cells) in corners  # the hatched cells no bin reads, one closed square each
    assert corners[:3] == [0, 0, 0]  # step 1's corners and step 2's lost and added areas are gone
    cells, projected = trace.quantized.cells, trace.quantized.projected
    assert drawn["shapes"] == []  # box edges are line traces under the values
    edges = [t["x"][:5] for t in drawn["data"]]
    assert [cells.x1, cells.x2, cells.x2, cells.x1, cells.x1] in edges
    assert [projected.x1, projected.x2, projected.x2, projected.x1, projected.x1] in edges
    assert [a["xref"] for a in drawn["annotations"]] == ["paper"]  # the headline only: no corners, no arrow
    assert drawn["shown"] == ["Step 4 of 5 · Maximumyellow, bold outline:each bin's maximum"]
    assert_no_rerun(page, url)
    assert_no_exception(page)
    assert_same_as_the_server(page, f"{app_url}/RoI_Pooling?step=4&out=4", drawn)
    errors.assert_none()


def test_align_slider_shows_s3_as_roi_core_computes_it(page: Page, app_url: str) -> None:
    errors = collect_errors(page)
    url, drawn = slide(
        page,
        f"{app_url}/RoI_Align?align_step=3&bin_row=1&bin_col=2",
        "<b>S2 = ",
        2,
        "<b>S3 = ",
        "align_s3_in_the_browser",
    )

    sample = trace_roi_align(FEATURE_MAP, BOX, GEOMETRY, 3).bin(1, 2).samples[2]
    star, rings = drawn["data"][STAR_TRACE], drawn["data"][NEIGHBOUR_TRACES[-1]]
    assert (star["x"], star["y"]) == ([sample.x], [sample.y])
    assert star["customdata"][0][:3] == [1, 2, 3]
    assert rings["x"] == [cell.centre[0] for cell in sample.neighbours]
    assert rings["y"] == [cell.centre[1] for cell in sample.neighbours]
    assert rings["customdata"] == [[cell.value, cell.weight] for cell in sample.neighbours]
    headline = drawn["annotations"][-1]["text"]
    assert headline.startswith(f"<b>S3 = {num(sample.value, 4)}</b>")
    for cell in sample.neighbours:
        assert f"{num(cell.value, DECIMALS)} × {num(cell.weight, 4)}" in headline
    assert drawn["shown"][-1].startswith(f"S3 = {num(sample.value, 4)} = sum of value × weight")
    assert drawn["data"][-1]["text"][0] == fixed(FEATURE_MAP[5, 8], DECIMALS)  # the values, drawn last: on top
    assert_no_rerun(page, url)
    assert_no_exception(page)
    assert_same_as_the_server(page, f"{app_url}/RoI_Align?align_step=3&bin_row=1&bin_col=2&sample=3", drawn)
    errors.assert_none()
