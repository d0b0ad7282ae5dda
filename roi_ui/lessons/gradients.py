"""Lesson 10, gradients: where one output bin's gradient goes on the feature map, for RoI Pooling, RoI Align and
PrRoI Pooling side by side, PrRoI's pull on the box's edges, and what that means for training.

Every number is ``roi_core.gradient_maps``' (the batch backward functions, equal to torch autograd through
torchvision's operators); figures are plot-kit specs in the map frame (cell c spans [c, c + 1)).
"""

from __future__ import annotations

import numpy as np

from roi_core import GradientMaps, Rect

from ..images.store import DisplayImage
from ..plot import kit
from ..plot.window import CellWindow
from ..session.page import Panel
from ..session.view import View
from ..words.conventions import POOLING, QUANTIZATION, TRUE_BOX_COLOUR
from ..words.numbers import count, num, signed
from ..words.palette import BLACK, VERMILLION

METHODS = {  # GradientMaps field: name, where its gradient goes
    "pool": "RoI Pooling",
    "align": "RoI Align",
    "prroi": "PrRoI Pooling",
}
BIN_CHOICES = {"one": "the chosen bin", "all": "every bin"}
CHOOSE_BIN = "Click (or tap) a bin of the output to choose it."
OUTPUT_ALT = "RoI Align's output (the view's conventions); a click on a bin chooses the bin whose gradient is shown"
OUTPUT_WIDTH, OUTPUT_HEIGHT = 360, 240
GRADIENT_SCALE = [[0.0, "#f2f2f2"], [1.0, VERMILLION.hex]]  # light grey: no gradient; the cells stay visible
GRADIENT_DECIMALS = 2
IMAGE_TINT = 0.75  # the opacity of the largest gradient's tint over the image
PANEL_WIDTH = 380
PANEL_HEIGHTS = (380, 400)  # px: normal mode, presenter mode (cells large enough for 18 px values)
ARROW_CELLS = 1.5  # the largest edge arrow's length, in cells
CORNERS = ("x1", "y1", "x2", "y2")


def intro() -> str:
    """What the page shows."""
    return (
        "A detector learns through the **backward pass**: the loss's gradient with respect to each output bin "
        "goes back to the feature-map cells that bin read, and from there into the CNN. The three methods send "
        "it to very different places. Click a bin of the output (or take all bins) and compare."
    )


def chosen_words(chosen: tuple[int, int] | None) -> str:
    """Which gradient the maps show."""
    if chosen is None:
        return "The gradient of **every output bin** (grad_output = 1 everywhere), summed on the map."
    return f"The gradient of **output bin {chosen}** (grad_output = 1 there, 0 elsewhere): d bin / d cell."


def map_figure(view: View, grads: GradientMaps, method: str, window: CellWindow) -> dict:
    """``method``'s gradient on the map in ``window`` (``receiving_window``, the same for every figure):
    light grey (none) to vermillion (the most), each receiving cell's gradient printed; PrRoI's box-edge gradients
    as arrows."""
    grad = getattr(grads, method)
    box = view.settings.box_rect.scaled(view.geometry.spatial_scale)
    peak = max(float(np.abs(grad).max()), 1e-12)
    grid = kit.value_grid(grad, GRADIENT_DECIMALS, window, kind="cell", colorscale=GRADIENT_SCALE, zrange=(0, peak),
                          printed=grad != 0)  # fmt: skip  # the cells that receive nothing stay blank
    layout = kit.map_layout(window, PANEL_HEIGHTS[view.presenting])
    if method == "prroi":
        layout["annotations"] = edge_arrows(box, grads.prroi_box, window.rect)
    return kit.figure([grid, kit.lines(kit.rect_path([box]), TRUE_BOX_COLOUR, 3)], layout)


def receiving_window(view: View, grads: GradientMaps) -> CellWindow:
    """The cells that receive a gradient from any of the three methods, and one more around (the box when none
    does): one window for every figure, so they compare."""
    rows, cols = view.feature_map.shape
    receiving = [Rect(c, r, c + 1, r + 1) for m in METHODS for r, c, _ in grads.receiving(m)]
    box = view.settings.box_rect.scaled(view.geometry.spatial_scale)
    return CellWindow.around(receiving or [box], 1, cols, rows)


def image_figure(view: View, shown: DisplayImage, grads: GradientMaps, method: str, window: CellWindow) -> dict:
    """``method``'s gradient over the image (pixels) in the same window: each receiving cell's 32 x 32 px (the
    stride's) patch tinted vermillion, as opaque as its share of the largest gradient."""
    grad, stride = getattr(grads, method), view.geometry.stride
    rows, cols = np.arange(grad.shape[0])[window.rows], np.arange(grad.shape[1])[window.cols]
    peak = max(float(np.abs(grad).max()), 1e-12)
    tint = dict(
        type="heatmap",
        x=(cols + 0.5) * stride,
        y=(rows + 0.5) * stride,
        z=grad[window.rows, window.cols],
        zmin=0,
        zmax=peak,
        colorscale=[[0.0, VERMILLION.rgba(0.0)], [1.0, VERMILLION.rgba(IMAGE_TINT)]],
        showscale=False,
        hovertemplate="patch centred at (%{x}, %{y}) px<br>gradient %{z:.4f}<extra></extra>",
    )
    box = view.settings.box_rect
    image, height = view.image, PANEL_HEIGHTS[view.presenting]
    layout = kit.image_layout(shown.url, image.width, image.height, height, view=window.rect.scaled(stride))
    return kit.figure([tint, kit.lines(kit.rect_path([box]), TRUE_BOX_COLOUR, 3)], layout)


def map_panels(view: View, grads: GradientMaps, shown: DisplayImage | None = None) -> list[Panel]:
    """One panel a method: its heading over its gradient map, and over the image when ``shown``."""
    panels, window = [], receiving_window(view, grads)  # one window for every figure
    for m in METHODS:
        charts = [(map_figure(view, grads, m, window), f"grad_{m}", map_alt(grads, m))]
        if shown is not None:
            alt = f"{map_alt(grads, m)}, on the image"
            charts.append((image_figure(view, shown, grads, m, window), f"grad_image_{m}", alt))
        panels.append(Panel(panel_heading(view, grads, m), tuple(charts)))
    return panels


def edge_arrows(box: Rect, gradient: tuple[float, float, float, float], shown: Rect) -> list[dict]:
    """An arrow on the middle of each box edge's ``shown`` part, pointing the way that edge would move to raise the
    output (the gradient's sign), its length the gradient's size (the largest ``ARROW_CELLS`` cells)."""
    largest = max(max(abs(g) for g in gradient), 1e-12)
    middle_x = (max(box.x1, shown.x1) + min(box.x2, shown.x2)) / 2
    middle_y = (max(box.y1, shown.y1) + min(box.y2, shown.y2)) / 2
    starts = ((box.x1, middle_y), (middle_x, box.y1), (box.x2, middle_y), (middle_x, box.y2))
    arrows = []
    for index, ((x, y), g) in enumerate(zip(starts, gradient, strict=True)):
        length = ARROW_CELLS * g / largest
        end = (x + length, y) if index % 2 == 0 else (x, y + length)
        inside = shown.x1 <= x <= shown.x2 and shown.y1 <= y <= shown.y2  # the edge is in the figure
        if inside and abs(length) > 1e-3:
            arrows.append(kit.arrow((x, y), end, BLACK, 3, 2))
    return arrows


def panel_heading(view: View, grads: GradientMaps, method: str) -> str:
    """Above a method's map: its name, its convention and how many cells receive its gradient."""
    cells = len(grads.receiving(method))
    convention = {
        "pool": QUANTIZATION[view.settings.quantization].short,
        "align": f"{POOLING[view.settings.pooling].short} of the samples",
        "prroi": "the exact integral",
    }[method]
    verb = "receives" if cells == 1 else "receive"
    return f"**{METHODS[method]}** · {convention}  \n{count(cells, 'cell')} {verb} a gradient"


def map_alt(grads: GradientMaps, method: str) -> str:
    """A gradient map's text alternative: the receiving cells, largest first (at most five)."""
    cells = grads.receiving(method)
    named = ", ".join(f"({r}, {c}) {num(v, GRADIENT_DECIMALS)}" for r, c, v in cells[:5])
    return f"{METHODS[method]}'s gradient on the map, by cell (row, col): {named or 'none'}"


def box_words(grads: GradientMaps) -> str:
    """PrRoI Pooling's gradient with respect to the box corners, and why RoI Align has none."""
    parts = ", ".join(f"d/d{name} = {signed(g, 4)}" for name, g in zip(CORNERS, grads.prroi_box, strict=True))
    return (
        f"**PrRoI Pooling moves the box**: {parts} per pixel (the arrows on its map: the way each edge would move "
        "to raise the output). Its output is a continuous function of the corners (an integral whose limits they "
        "are), so it has a gradient there; IoU-Net uses it to refine boxes. **RoI Pooling** rounds the corners: "
        "its output is piecewise constant in them (gradient 0 almost everywhere). **RoI Align** is continuous in "
        "the corners too, but torchvision's backward returns no gradient for the boxes: detectors treat proposals "
        "as constants (Faster/Mask R-CNN detach them)."
    )


NOTES = (
    "**Where the gradient goes.** RoI Pooling sends each bin's gradient whole to **one cell**, the bin's maximum "
    "(ties: the first in row-major order): the other cells of the bin learn nothing from it. RoI Align sends it to "
    "the **four cells around each sampling point** with the bilinear weights, divided by the number of samples "
    "(average pooling; with max pooling, around the largest sample only). PrRoI Pooling spreads it over **every "
    "cell the bin's integral touches**, weighted by how much of the bin each cell's patch covers.",
    "**Determinism.** Several bins (and several boxes) add into the same cell. On a GPU the backward kernels do "
    "that with atomic adds, whose order varies from run to run: floating-point sums then differ in the last bits, "
    "so two runs of training are not bit-identical. With `torch.use_deterministic_algorithms(True)` torchvision "
    "runs RoI Align on a GPU through a slower pure-PyTorch path. The CPU kernels (and this page, in NumPy) add in "
    "a fixed order.",
)
