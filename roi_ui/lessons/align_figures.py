"""Lesson 4's figures (plot-kit specs): the map of steps 1 to 3 (bins, sampling points, one point worked out), the
output of step 4, what ``aligned`` moves (step 5).

Every figure draws a ``RoIAlignTrace`` as it is, in the map frame (cell c spans
[c, c + 1), its centre at c + 0.5). The sampling points carry
``customdata = (bin row, bin col, sample number, value)``, so a click on one
chooses it (``roi_ui.session.selection.point_click``).

Nothing is drawn over the printed values: the box, the bins, the chosen bin's
tint, the four neighbours and the sampling points are traces drawn before the
value labels (``roi_ui.plot.legible`` puts them last, with a halo), the
sampling points and the star are small, and every label is in the margins (the
headline above the map, the legend under the sketch).
"""

from __future__ import annotations

import numpy as np

from roi_core import CENTRE_OFFSET, AlignBin, Rect, RoIAlignTrace, SamplePoint

from ..plot import kit, marks
from ..plot.theme import TYPE
from ..plot.window import CellWindow
from ..session.params import MAX_SAMPLES
from ..words import palette, readers
from ..words.conventions import ALIGN_COLOUR
from ..words.numbers import fixed
from .align import (
    ALIGNED_STYLE,
    EXACT,
    NEIGHBOURS_COLOUR,
    STEP_BINS,
    STEP_POOL,
    STEP_SAMPLES,
    STEP_WORKED,
    Pick,
    aligned_legend,
    bins_headline,
    is_clamped,
    sample_mix,
    sample_place,
)

CHOSEN_BIN_FILL = ALIGN_COLOUR.rgba(0.22)
SAMPLE_SIZE = 8  # px: small, so a point near a cell centre leaves its value readable (the value is drawn above)
STAR_SIZE = 15
CLOSE_UP_MARGIN = 1  # cells shown around the box in the close-up (and around the aligned sketch)
MAX_TEXT_SPAN = 30  # cells across beyond which values are not printed (too small to read)
CLOSE_UP_WIDTH, WHOLE_MAP_WIDTH = (
    440,
    640,
)  # nominal pixels across the map (its height follows; a phone, narrower, leaves a band)
PRESENTER_PLOT = 380  # px: the map's plot area in presenter mode (the step fits one 1280 x 720 screen) ...
SLIDER_ROOM = 90  # px ... less at step 3, whose slider takes about this much under the map
BOTTOM_MARGIN = 20  # px: room for half of the last row's tick label
OUTPUT_DECIMALS = 3
SAMPLE_PLAY_MS = 1200  # how long the play button shows each sampling point
SAMPLE_BUTTONS_SHARE = 0.3  # of the map's width, left of the slider: the play and pause buttons
OUTPUT_WIDTH = 330  # px: the output figure beside the map at step 4 (normal mode)
OUTPUT_HEIGHT, MAX_OUTPUT_HEIGHT = 300, 640  # px: the output figure's least and largest height
OUTPUT_ROW = 56  # px per output row: "0.488" (OUTPUT_DECIMALS) fits at presenter mode's 18 px
SMALL_OUTPUT = 4  # bins per side up to which the output's values are printed large
MAX_FRAMES = 9  # a chosen bin with more sampling points than this gets no frames
# The map's traces at step 3: the cells, the chosen bin's tint, the bins' edges, the box, the four neighbours
# (outlines, lines to their centres, hover targets on the centres), every sampling point, the star. A frame moves
# the neighbours and the star.
NEIGHBOUR_TRACES, STAR_TRACE = (4, 5, 6), 8
LEGEND_HEIGHT = 100  # px under the sketch for its legend, one entry a line
SKETCH_LEGEND = dict(orientation="v", x=0, xanchor="left", y=0, yanchor="top", font=dict(size=TYPE.body))
HEADLINE_LINES = 3  # above the map at every step, e.g. the chosen sample's value; its neighbours' values, weights
NEAREST_CENTRE_HOVER = "centre (%{x}, %{y}): value %{customdata[0]:.4f}<br>weight %{customdata[1]:.4f}<extra></extra>"
SAMPLE_HOVER = "%{text}<br>x, y = %{x:.4f}, %{y:.4f} cells<extra></extra>"
SHOWN_WHEN_SELECTED = dict(selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)))


def map_width(close_up: bool) -> int:
    """The map figure's width (px) in normal mode, for which its height is made: the close-up or the whole map."""
    return CLOSE_UP_WIDTH if close_up else WHOLE_MAP_WIDTH


def map_figure(
    feature_map: np.ndarray,
    trace: RoIAlignTrace,
    chosen: Pick,
    decimals: int,
    step: int,
    close_up: bool = True,
    presenting: bool = False,
) -> dict:
    """The map at ``step`` (1 to 4): the box and its bins; from step 2 the chosen bin tinted, every sampling point
    and the chosen sample as a star; at step 3 the chosen sample's four neighbours too; at step 4 (pooling) what
    the chosen output bin read instead of the star (``marks.align_bin_reads``: its points and the cells they mix).

    Sampling points are small circles, filled when their value reaches the
    output (the bin's max, or every sample when averaging); the neighbour cells
    are outlined in orange, dotted lines joining the sample to their centres.
    All of it is drawn under the printed values. ``close_up`` shows the box and
    one cell around it (the margin stops at the map's edge), else the whole map;
    ``presenting`` gives it a height that fits a 1280 x 720 screen and a
    close-up without the margin (larger cells). Above the
    map a headline: the bins' size (step 1), where the chosen sample lies (step
    2), its value and how it mixes its neighbours (step 3, ``sample_mix``), what the chosen bin read (step 4). A
    step draws only its own traces: a new spec is a new chart in the browser
    anyway (Streamlit's chart id hashes the spec).
    """
    rows, cols = feature_map.shape
    margin = 0 if presenting else CLOSE_UP_MARGIN  # larger cells on a projector
    window = CellWindow.around([trace.roi], margin, cols, rows) if close_up else CellWindow.whole(cols, rows)
    chosen_bin = trace.bin(chosen.row, chosen.col)
    sample = chosen_bin.samples[chosen.sample - 1]
    data = [
        kit.value_grid(
            feature_map,
            decimals,
            window,
            show_text=window.span <= MAX_TEXT_SPAN,
            notes=readers.align_readers(trace),
        ),
        *([_chosen_tint(chosen_bin)] if step >= STEP_SAMPLES else []),
        marks.align_bin_edges(trace.x_edges, trace.y_edges, ALIGN_COLOUR, dash="dot"),
        kit.lines(kit.rect_path([trace.roi]), ALIGN_COLOUR, 4),
        *_step_traces(trace, chosen_bin, chosen.sample, step),
    ]
    plot = _height(window, map_width(close_up))
    if presenting:
        plot = PRESENTER_PLOT - (SLIDER_ROOM if step == STEP_WORKED else 0)
    height = plot + kit.headline_margin(HEADLINE_LINES) + BOTTOM_MARGIN
    layout = kit.map_layout(window, height)
    layout["margin"] |= dict(t=kit.headline_margin(HEADLINE_LINES), b=BOTTOM_MARGIN)
    if step == STEP_WORKED:
        layout["annotations"] = _sample_annotations(sample, decimals)
    elif step == STEP_POOL:
        layout["annotations"] = [
            kit.headline(readers.align_bin_read(chosen_bin, trace.pooling, OUTPUT_DECIMALS, "<br>"))
        ]
    else:
        headline = bins_headline(trace) if step == STEP_BINS else sample_place(trace, sample, chosen)
        layout["annotations"] = [kit.headline(headline)]
    return kit.figure(data, layout)


def step_map(
    feature_map: np.ndarray,
    trace: RoIAlignTrace,
    chosen: Pick,
    decimals: int,
    step: int,
    close_up: bool = True,
    presenting: bool = False,
) -> dict:
    """``map_figure`` at ``step``; at step 3 with one frame per sampling point of the chosen bin (S1, S2, ...; none
    when the bin has more than ``MAX_FRAMES``) and a slider starting at the chosen sample: the browser moves the
    star, the neighbours and the headline from sample to sample without asking the server, and its play button
    walks through them."""
    spec = map_figure(feature_map, trace, chosen, decimals, step, close_up, presenting)
    chosen_bin = trace.bin(chosen.row, chosen.col)
    if step != STEP_WORKED or len(chosen_bin.samples) > MAX_FRAMES:
        return spec
    frames = [sample_frame(chosen_bin, number, decimals) for number in range(1, len(chosen_bin.samples) + 1)]
    return kit.with_frames(
        spec,
        frames,
        prefix="Sampling point ",
        active=chosen.sample - 1,
        play=True,
        frame_ms=SAMPLE_PLAY_MS,
        buttons_share=SAMPLE_BUTTONS_SHARE,
        show_value=False,  # the headline names the sampling point: no label to collide with the buttons
        play_labels=kit.SYMBOL_PLAY_LABELS,
    )


def sample_frame(align_bin: AlignBin, number: int, decimals: int) -> dict:
    """The frame of sample ``number`` (1-based) of the bin, named by its label: the star on it, its four
    neighbours, the headline with its value (and the clamp arrow when it reads elsewhere)."""
    sample = align_bin.samples[number - 1]
    annotations = _sample_annotations(sample, decimals)
    return kit.frame(sample.label, _sample_traces(align_bin, number), dict(annotations=annotations))


def _step_traces(trace: RoIAlignTrace, chosen_bin: AlignBin, number: int, step: int) -> list[dict]:
    """What the map draws over its cells, bins and box at ``step``: nothing at step 1; at step 4 what the chosen bin
    read and every sampling point; at steps 2 and 3 every sampling point and the star, at step 3 after the chosen
    sample's four neighbours (traces ``NEIGHBOUR_TRACES``; the star is then ``STAR_TRACE``: what the frames
    move)."""
    if step == STEP_BINS:
        return []
    if step == STEP_POOL:
        return [*marks.align_bin_reads(chosen_bin), _sample_markers(trace)]
    neighbours = _neighbours(chosen_bin.samples[number - 1]) if step == STEP_WORKED else []
    return [*neighbours, _sample_markers(trace), _chosen_marker(chosen_bin, number)]


def _sample_traces(align_bin: AlignBin, number: int) -> dict[int, dict]:
    """What marks sample ``number`` on the map, by trace index: its neighbours' three traces and the star."""
    neighbours = _neighbours(align_bin.samples[number - 1])
    return dict(zip((*NEIGHBOUR_TRACES, STAR_TRACE), (*neighbours, _chosen_marker(align_bin, number))))


def _sample_annotations(sample: SamplePoint, decimals: int) -> list[dict]:
    """The map's annotations for a chosen sample: the clamp arrow (hidden unless it reads elsewhere), the headline."""
    return [*kit.shown_if(is_clamped(sample), [_clamp_arrow(sample)]), kit.headline(sample_mix(sample, decimals))]


def output_figure(trace: RoIAlignTrace, chosen: Pick) -> dict:
    """The pooled output as a value grid, rows and columns numbered, the chosen bin outlined in black (lines under
    the printed values), a click on a bin choosing it (``kit.clickable``); tall enough for its values to print at
    18 px (``OUTPUT_ROW``), up to ``MAX_OUTPUT_HEIGHT`` (past it a value shows on hover)."""
    rows, cols = trace.output_size
    height = min(max(OUTPUT_HEIGHT, rows * OUTPUT_ROW + 40), MAX_OUTPUT_HEIGHT)
    window = CellWindow.whole(cols, rows)
    large = max(rows, cols) <= SMALL_OUTPUT
    grid = kit.value_grid(
        trace.output, OUTPUT_DECIMALS, kind="output bin", text_size=TYPE.large_cell if large else None
    )
    grid, *targets = kit.clickable(grid)
    outlines = [kit.lines(kit.rect_path([window.rect]), ALIGN_COLOUR, 4), kit.chosen_cell(chosen.row, chosen.col)]
    return kit.figure([grid, *outlines, *targets], kit.map_layout(window, height, numbered=True) | kit.CLICK_CELLS)


def aligned_sketch(current: RoIAlignTrace, other: RoIAlignTrace, height: int = 360) -> dict:
    """The box's top-left corner and the first bin's samples with aligned=True and aligned=False, over the cells
    around them: cell edges as the grid, cell centres (c + 0.5) as dots; colours and dashes ``ALIGNED_STYLE``.

    Nothing is written on the cells: a legend under the plot names each line and
    dot (``aligned_legend``), and the ticks start one cell in, so the first x and
    y tick labels do not meet in the corner.
    """
    variants = (current, other) if current.aligned else (other, current)
    geometry = current.geometry
    window = CellWindow.around(
        [_first_bin_reach(variant) for variant in variants], CLOSE_UP_MARGIN, geometry.map_width, geometry.map_height
    )
    layout = kit.map_layout(window, height + LEGEND_HEIGHT, grid_colour=palette.GREY.hex)
    for name, start, stop in (("xaxis", window.col0, window.col1), ("yaxis", window.row0, window.row1)):
        layout[name] |= dict(tickmode="array", tickvals=list(range(start + 1, stop + 1)))
    layout["margin"]["b"] = LEGEND_HEIGHT
    layout |= dict(showlegend=True, legend=SKETCH_LEGEND)
    centres, (on, off) = aligned_legend(current, other)
    data = [_cell_centres(window, centres)]
    for variant, name in zip(variants, (on, off), strict=True):
        colour, dash = ALIGNED_STYLE[variant.aligned]
        data.append(kit.lines(kit.rect_path([variant.roi]), colour, 4, dash, name=name))
        data.append(_first_bin_samples(variant))
    return kit.figure(data, layout)


def _height(window: CellWindow, width: int) -> int:
    """Square cells without blank bands: the height follows the window's aspect at about ``width`` pixels."""
    aspect = (window.row1 - window.row0) / (window.col1 - window.col0)
    return int(min(max(width * aspect, 300), 640)) + 40


def _bin_rect(align_bin: AlignBin) -> Rect:
    """A bin's area in the map frame."""
    return Rect(align_bin.x_edges[0], align_bin.y_edges[0], align_bin.x_edges[1], align_bin.y_edges[1])


def _chosen_tint(align_bin: AlignBin) -> dict:
    """The chosen bin as a light tint under the printed values (no hatching: the values stay readable)."""
    return kit.lines(kit.rect_path([_bin_rect(align_bin)]), ALIGN_COLOUR, 1, fill=CHOSEN_BIN_FILL)


def _sample_markers(trace: RoIAlignTrace) -> dict:
    """Every sampling point as one clickable trace; filled when its value reaches the output.

    A point numbered past ``MAX_SAMPLES`` (a link cannot name it) carries no customdata, so a click ignores it.
    """
    points = [(align_bin, index, sample) for align_bin in trace.bins for index, sample in enumerate(align_bin.samples)]
    return dict(
        type="scatter",
        x=[sample.x for _, _, sample in points],
        y=[sample.y for _, _, sample in points],
        mode="markers",
        customdata=[_sample_data(b, i + 1, s) if i < MAX_SAMPLES else None for b, i, s in points],
        text=[
            f"bin (row {b.row}, col {b.col}), {s.label}<br>value {fixed(s.value, EXACT)}<br><i>click to work it out</i>"
            for b, _, s in points
        ],
        marker=dict(
            size=SAMPLE_SIZE,
            color=ALIGN_COLOUR.hex,
            symbol=["circle" if trace.pooling != "max" or i == b.winner else "circle-open" for b, i, _ in points],
            line=dict(width=1.5, color=ALIGN_COLOUR.hex),
        ),
        hovertemplate=SAMPLE_HOVER,
        **SHOWN_WHEN_SELECTED,
    )


def _sample_data(align_bin: AlignBin, number: int, sample: SamplePoint) -> tuple[int, int, int, float]:
    """A sampling point's customdata: bin row, bin column, sample number (1-based), value."""
    return align_bin.row, align_bin.col, number, sample.value


def _neighbours(sample: SamplePoint) -> list[dict]:
    """The four cells the sample mixes: orange outlines, dotted lines from where it reads to their centres, and an
    invisible hover target on each centre (its value and weight); all under the printed values."""
    cells = sample.neighbours
    to_centres = (((sample.read_x, cell.centre[0]), (sample.read_y, cell.centre[1])) for cell in cells)
    return [
        kit.lines(kit.rect_path(kit.cell_rects((cell.row, cell.col) for cell in cells)), NEIGHBOURS_COLOUR, 4),
        kit.lines(kit.segments_path(to_centres), NEIGHBOURS_COLOUR, 2, "dot"),
        dict(
            type="scatter",
            x=[cell.centre[0] for cell in cells],
            y=[cell.centre[1] for cell in cells],
            mode="markers",
            marker=dict(size=30, symbol="square", color=NEIGHBOURS_COLOUR.hex, opacity=0),
            customdata=[(cell.value, cell.weight) for cell in cells],
            hovertemplate=NEAREST_CENTRE_HOVER,
        ),
    ]


def _clamp_arrow(sample: SamplePoint) -> dict:
    """An arrow from where a clamped sample lies to where it reads."""
    return kit.arrow((sample.x, sample.y), (sample.read_x, sample.read_y), palette.BLACK)


def _chosen_marker(align_bin: AlignBin, number: int) -> dict:
    """The chosen sample: a small yellow star outlined in black, under the printed values."""
    sample = align_bin.samples[number - 1]
    return dict(
        type="scatter",
        x=[sample.x],
        y=[sample.y],
        mode="markers",
        customdata=[_sample_data(align_bin, number, sample)],
        text=[f"{sample.label}<br>value {fixed(sample.value, EXACT)}"],
        marker=dict(size=STAR_SIZE, symbol="star", color=palette.YELLOW.hex, line=dict(width=1.5, color="black")),
        hovertemplate=SAMPLE_HOVER,
        **SHOWN_WHEN_SELECTED,
    )


def _first_bin_reach(trace: RoIAlignTrace) -> Rect:
    """From the box's top-left corner to the first bin's farthest sampling point (what the sketch must show)."""
    samples = trace.bins[0].samples
    return Rect(trace.roi.x1, trace.roi.y1, max(s.x for s in samples), max(s.y for s in samples))


def _cell_centres(window: CellWindow, name: str) -> dict:
    """A dot on the centre (c + 0.5) of every cell of the window, named ``name`` in the legend."""
    xs, ys = np.meshgrid(
        np.arange(window.col0, window.col1) + CENTRE_OFFSET, np.arange(window.row0, window.row1) + CENTRE_OFFSET
    )
    return dict(
        type="scatter",
        x=xs.ravel().tolist(),
        y=ys.ravel().tolist(),
        mode="markers",
        name=name,
        marker=dict(size=7, color=palette.BLACK.hex),
        hovertemplate="cell centre (x, y) = (%{x}, %{y})<extra></extra>",
    )


def _first_bin_samples(trace: RoIAlignTrace) -> dict:
    """The first bin's sampling points in the trace's ``aligned`` style (filled for True, open for False)."""
    colour, _ = ALIGNED_STYLE[trace.aligned]
    samples = trace.bins[0].samples
    return dict(
        type="scatter",
        x=[s.x for s in samples],
        y=[s.y for s in samples],
        mode="markers",
        marker=dict(
            size=SAMPLE_SIZE + 3,
            color=colour.hex,
            symbol="circle" if trace.aligned else "circle-open",
            line=dict(width=2, color=colour.hex),
        ),
        showlegend=False,
        hovertemplate="sampling point (x, y) = (%{x:.4f}, %{y:.4f}) cells<extra></extra>",
    )
