"""Take this view home, at the bottom of every lesson page: the worked example as a handout (PDF, PNG), the map and
both outputs as CSV, and the view as runnable code in each library.

The files are built only when their button is clicked (Streamlit runs a download's callable then), so a rerun
pays for none of them. Every number is a trace's (``roi_core``); the words are the vocabulary's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from urllib.parse import urlencode

import streamlit as st

from roi_core import RoIAlignTrace, RoIPoolTrace

from ..images.handout import Grid, Handout, grids_csv
from ..images.handout_document import handout_pdf
from ..images.handout_drawing import handout_png
from ..words.conventions import ALIGNED, LAYOUT, POOLING, QUANTIZATION, SAMPLING, TRUE_BOX_COLOUR, pooling_colour
from ..words.numbers import cells, num
from ..words.snippets import CSV_NAME, csv_text, snippets
from . import state, traces
from .registry import LessonPage
from .view import View

Numbers = tuple[tuple[str, str], ...]  # a handout's (what, value) pairs
FILE_STEM = "roi_lab"
TITLE = "Take this view home: handout, data, code"
CODE_NOTE = (
    f"Each script loads the map from `{CSV_NAME}` (the button above the tabs), runs the library and prints RoI "
    "Pooling's and RoI Align's outputs. Where a library lacks one of this view's choices, it is named under its tab."
)


def take_home(view: View, page: LessonPage, numbers: Callable[[], Numbers] = tuple) -> None:
    """The page's take-home switch: handout, CSV and code downloads, and the code per library. ``numbers()``, called
    only when a handout is built, gives (what, value) pairs it adds (a source's printed numbers beside roi_core's);
    the default adds none."""
    if not st.toggle(TITLE, key="take_home"):  # nothing of it is built or sent until asked for
        return
    pool, align = traces.pool_trace(view), traces.align_trace(view)
    link = view_link(page)

    def build() -> Handout:
        return handout(view, page, pool, align, link, numbers())

    with st.container(border=True):
        pdf, png, data = st.columns(3)
        pdf.download_button("Handout (PDF)", lambda: handout_pdf(build()), f"{FILE_STEM}_handout.pdf",
                            "application/pdf", on_click="ignore", key="take_pdf")  # fmt: skip
        png.download_button("Handout (PNG)", lambda: handout_png(build()), f"{FILE_STEM}_handout.png", "image/png",
                            on_click="ignore", key="take_png")  # fmt: skip
        data.download_button("Map and outputs (CSV)", lambda: grids_csv(build().grids), f"{FILE_STEM}_view.csv",
                             "text/csv", on_click="ignore", key="take_csv")  # fmt: skip
        st.markdown("**This view as code**")
        st.download_button(f"The map for the scripts ({CSV_NAME})", partial(csv_text, view.feature_map), CSV_NAME,
                           "text/csv", on_click="ignore", key="take_map")  # fmt: skip
        st.caption(CODE_NOTE)
        listings = snippets(view.settings)
        for tab, snippet in zip(st.tabs([s.library for s in listings]), listings, strict=True):
            tab.code(snippet.code, language="python")
            if snippet.lacks:
                tab.markdown("**Not this view's numbers:** " + "; ".join(snippet.lacks))


def view_link(page: LessonPage) -> str:
    """The address that reproduces this view: this page's URL with the whole view in its query."""
    base = (st.context.url or "").split("?")[0] or f"/{page.url_path}"
    return f"{base}?{urlencode(state.query())}"


def handout(
    view: View, page: LessonPage, pool: RoIPoolTrace, align: RoIAlignTrace, link: str, numbers: Numbers = ()
) -> Handout:
    """The view's worked example: its settings with their conventions (the feature values' source named), the
    steps' numbers (formulas), the map with the true and quantized boxes, both outputs to 4 decimals, and
    ``numbers`` (what, value) when given."""
    s, g = view.settings, view.geometry
    q, x, y, w, h = pool.quantized, *s.box
    true_box = q.projected
    settings = (
        ("feature values", view.feature_source),
        ("image", f"{g.image_width} x {g.image_height} px"),
        ("box (x, y, w, h)", f"{x}, {y}, {w}, {h} px"),
        ("stride", f"{g.stride} (spatial_scale = 1/{g.stride})"),
        ("output", f"{s.output_size} x {s.output_size} bins"),
        ("RoI Pooling", QUANTIZATION[s.quantization].label),
        ("RoI Align samples", f"{SAMPLING[s.sampling_ratio].label}, {LAYOUT[s.sample_layout].label}"),
        ("RoI Align pooling", POOLING[s.pooling].label),
        ("RoI Align corners", ALIGNED[s.aligned].label),
    )
    bin_h, bin_w = align.bin_size
    formulas = (
        f"box on the map = pixels / {g.stride}: ({num(true_box.x1)}, {num(true_box.y1)}) – "
        f"({num(true_box.x2)}, {num(true_box.y2)}) cells",
        f"RoI Pooling, first quantization: X = {num(q.cells.x1)}, Y = {num(q.cells.y1)}, W = {num(q.cells.width)}, "
        f"H = {num(q.cells.height)} cells",
        f"RoI Pooling, second: bins of {num(pool.bin_size[1])} x {num(pool.bin_size[0])} cells (w x h), max of each",
        f"RoI Align: bins of {cells(bin_w)} x {cells(bin_h)} (never rounded), {align.grid[1]} x {align.grid[0]} "
        "samples a bin, each bilinear from its 4 nearest cell centres",
    )
    grids = (
        Grid("Feature map", view.feature_map, view.decimals,
             (("true box", true_box, TRUE_BOX_COLOUR.hex), ("quantized box", q.cells, pooling_colour(s).hex))),
        Grid("RoI Pooling output", pool.output, 4),
        Grid("RoI Align output", align.output, 4),
    )  # fmt: skip
    subtitle = f"{page.label} · box ({x}, {y}, {w}, {h}) px, stride {g.stride}"
    # The outputs' numbers are their grids' (printed in the picture, a text table in the PDF): no list beside them.
    return Handout("RoI Lab: the worked example", subtitle, settings, formulas, grids, numbers, link)
