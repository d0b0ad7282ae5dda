"""Lesson 8, the feature pyramid: which level (P2 to P5) Mask R-CNN's FPN pools a box from, the levels' strides
over the image, and one box pooled at every level.

The rule and every number come from ``roi_core.pyramid`` (``level_choice``, as torchvision's ``LevelMapper``;
``pooled_at_strides``, RoI Align on the image's own cell means at each stride); figures are plot-kit specs.
"""

from __future__ import annotations

from roi_core import LevelChoice, Rect, clamp_box, level_choice
from roi_core.pyramid import CANONICAL_LEVEL, CANONICAL_SCALE

from ..images.store import DisplayImage, LoadedImage
from ..plot import kit, theme
from ..plot.theme import TYPE
from ..words.conventions import ROI_ALIGN
from ..words.numbers import num, pair
from ..words.palette import BLUISH_GREEN, ORANGE, REDDISH_PURPLE, VERMILLION

LEVELS = (2, 3, 4, 5)  # P2 to P5, torchvision's Mask R-CNN pyramid
LEVEL_COLOURS = {2: ORANGE, 3: BLUISH_GREEN, 4: REDDISH_PURPLE, 5: VERMILLION}
EXAMPLES = ((48, 40), (150, 120), (300, 260), (520, 480))  # w x h px: boxes that land on P2, P3, P4 and P5
PHOTO_WIDTH = 470  # px the image figure is made for (its height follows the image's aspect)
PHOTO_HEIGHTS = (520, 440)  # px at most: normal mode, presenter mode
OUTPUT_SIZE = 7  # FPN's box head pools 7 x 7 (torchvision's Mask R-CNN): the pictures use it
PANEL_WIDTH, PANEL_HEIGHT = 260, 200  # px per level's close-up
PICTURE_SIZE = 150  # px per pooled picture
TICK_STANDOFF = 8  # px between the image's axes and their tick labels
LEGEND_ROOM = 80  # px under the image for the levels' legend (two lines on a phone)
CLOSE_UP_MARGIN = 0.35  # of the box's size, shown around it in the levels' close-ups
SAMPLING_RATIO = 2  # the pooled pictures: 2 x 2 samples a bin, Mask R-CNN's default
YOUR_BOX = "your box"
YOUR_BOX_WORDS = "x, y, w, h in the settings, or drag on the image"
STRIDES = tuple(2**level for level in LEVELS)
PHOTO_ALT = "The image with boxes outlined in their pyramid level's colour"
CLOSE_UPS_CAPTION = (
    "Each close-up is the image around your box with one level's grid of cells; the level FPN picks is framed "
    "in its colour. On the finest level the box spans many cells, on the coarsest a few."
)


def intro() -> str:
    """What the page teaches."""
    return (
        "A detector with a **feature pyramid** (FPN, used by Mask R-CNN in torchvision and detectron2) has several "
        "feature maps: P2 to P5, of strides 4, 8, 16 and 32 pixels. RoI Align pools each box from **one** of "
        "them, chosen by the box's size: small boxes from the fine maps, large ones from the coarse maps."
    )


def level_choices(image: LoadedImage, box: Rect) -> list[LevelChoice]:
    """The learner's box and the example boxes, each with the level FPN picks (P2 to P5)."""
    return [level_choice(b, min(LEVELS), max(LEVELS)) for b in (box, *example_boxes(image))]


def in_cells(box: Rect, stride: int) -> str:
    """ "28.8 x 22.5": a box's width x height in cells of ``stride`` pixels."""
    return f"{num(box.width / stride, 1)} x {num(box.height / stride, 1)}"


def level_name(level: int) -> str:
    """ "P3": a pyramid level's name (its map has stride 2^level)."""
    return f"P{level}"


def example_boxes(image: LoadedImage) -> list[Rect]:
    """The example boxes (``EXAMPLES``, one per level) placed in the image's corners and centre, fitted to it."""
    places = ((0.04, 0.05), (0.96, 0.05), (0.04, 0.95), (0.5, 0.5))
    boxes = []
    for (w, h), (fx, fy) in zip(EXAMPLES, places, strict=True):
        x, y = fx * image.width - fx * w, fy * image.height - fy * h
        boxes.append(Rect.from_xywh(*clamp_box((round(x), round(y), w, h), image.width, image.height)[0]))
    return boxes


def boxes_figure(image: LoadedImage, shown: DisplayImage, choices: list[LevelChoice], most_height: int) -> dict:
    """The image with each box outlined in its level's colour and labelled with the level; the first choice is
    the learner's box (thicker, named). A drag draws a new box (``kit.DRAW_BOX``). As high as the image's aspect
    needs at ``PHOTO_WIDTH`` (up to ``most_height``), the legend under it."""
    fig_height = min(most_height, round(PHOTO_WIDTH * image.height / image.width) + LEGEND_ROOM)
    layout = kit.image_layout(shown.url, image.width, image.height, fig_height, **kit.DRAW_BOX)
    layout["margin"] = dict(l=kit.TICK_LABELS_WIDTH, r=10, t=kit.TICK_LABELS_HEIGHT, b=LEGEND_ROOM - 20)
    for axis in ("xaxis", "yaxis"):
        layout[axis] |= dict(ticklabelstandoff=TICK_STANDOFF)  # the x and y labels "0" apart at the corner
    layout["showlegend"] = True
    layout["legend"] = dict(orientation="h", yanchor="top", y=-0.02, x=0, font=dict(size=TYPE.body))
    shapes = []
    for index, choice in enumerate(choices):
        label = f"{level_name(choice.level)}" + (f" · {YOUR_BOX}" if index == 0 else "")
        shapes.append(kit.outline(choice.box, LEVEL_COLOURS[choice.level], 5 if index == 0 else 3, label=label))
    layout["shapes"] = shapes
    legend = [kit.legend_entry(f"{level_name(k)}: stride {2**k}", LEVEL_COLOURS[k]) for k in LEVELS]
    return kit.figure(legend, layout)


def level_latex(choice: LevelChoice) -> str:
    """The rule worked out for one box, one step a line: k = ⌊k0 + log2(√(wh) / 224)⌋, clamped to 2..5."""
    w, h = choice.box.width, choice.box.height
    k0, s0 = choice.canonical_level, choice.canonical_scale
    clamped = rf" \to {choice.level}\ \text{{(clamped)}}" if choice.clamped else ""
    return (
        r"\begin{aligned} k &= \left\lfloor "
        rf"{k0} + \log_2 \frac{{\sqrt{{{num(w, 1)} \cdot {num(h, 1)}}}}}{{{s0}}} \right\rfloor \\"
        rf" &= \left\lfloor {k0} + \log_2 \frac{{{num(choice.side, 2)}}}{{{s0}}} \right\rfloor"
        rf" = \lfloor {num(choice.exact, 3)} \rfloor = {choice.floored}{clamped} \end{{aligned}}"
    )


def level_words(choice: LevelChoice) -> str:
    """What the rule gives for the learner's box, and why it exists."""
    return (
        f"Your box goes to **{level_name(choice.level)}**, the map of stride **{choice.stride}**: there it spans "
        f"{pair(choice.box.width / choice.stride, choice.box.height / choice.stride, 1)} cells (w, h). A box of "
        f"{CANONICAL_SCALE} x {CANONICAL_SCALE} px (an ImageNet picture) goes to P{CANONICAL_LEVEL}; half as large "
        "(in √(w h)), one level finer; twice as large, one coarser. So every box is pooled from a map on which it "
        "spans a similar number of cells."
    )


def boxes_rows(choices: list[LevelChoice]) -> list[dict[str, str]]:
    """The boxes as table rows: size, √(wh), the exact level, the level, its stride, the box in its cells."""
    return [
        {
            "box": YOUR_BOX if index == 0 else f"example {index}",
            "w x h (px)": f"{num(c.box.width, 0)} x {num(c.box.height, 0)}",
            "√(w h)": num(c.side, 1),
            f"{CANONICAL_LEVEL} + log2(√(w h) / {CANONICAL_SCALE})": num(c.exact, 3),
            "level": level_name(c.level) + (" (clamped)" if c.clamped else ""),
            "stride": str(c.stride),
            "cells (w x h)": in_cells(c.box, c.stride),
        }
        for index, c in enumerate(choices)
    ]


def close_up(image: LoadedImage, shown: DisplayImage, box: Rect, level: int, chosen: bool) -> dict:
    """The box and the image around it with one level's cell grid (stride 2^level); the level FPN picks is framed
    in its colour (``close_up_heading`` names the level above it)."""
    stride = 2**level
    margin_x, margin_y = CLOSE_UP_MARGIN * box.width, CLOSE_UP_MARGIN * box.height
    view = Rect(
        max(box.x1 - margin_x, 0),
        max(box.y1 - margin_y, 0),
        min(box.x2 + margin_x, image.width),
        min(box.y2 + margin_y, image.height),
    )
    layout = kit.image_layout(shown.url, image.width, image.height, PANEL_HEIGHT, view=view)
    layout["margin"] = dict(l=10, r=10, t=10, b=10)
    layout["xaxis"] |= dict(visible=False)
    layout["yaxis"] |= dict(visible=False)
    colour = LEVEL_COLOURS[level]
    layout["shapes"] = [kit.outline(box, colour, 4)] + ([kit.outline(view, colour, 8)] if chosen else [])
    grid = kit.grid_path(view.x2, view.y2, stride) if (view.width / stride) <= 120 else ([], [])
    return kit.figure([kit.lines(grid, theme.GRID_LINE, 1)], layout)


def close_up_heading(box: Rect, level: int, chosen: bool) -> str:
    """Above a level's close-up: the level, its stride, whether FPN picks it, the box's size in its cells."""
    stride = 2**level
    pick = " · **FPN's pick**" if chosen else ""
    return f"**{level_name(level)}** · stride {stride}{pick}  \nthe box: {in_cells(box, stride)} cells"


def close_up_alt(box: Rect, level: int) -> str:
    """The close-up's text alternative (what a screen reader announces)."""
    stride = 2**level
    return (
        f"The image around your box with {level_name(level)}'s grid of {stride}-pixel cells: the box spans "
        f"{in_cells(box, stride)} cells"
    )


def pooled_caption(choice: LevelChoice, stride: int, output_size: int) -> str:
    """Under one level's pooled picture: the level, how many cells a bin covers there and how many samples read
    it (2 x 2 a bin)."""
    level = stride.bit_length() - 1
    bin_w, bin_h = choice.box.width / stride / output_size, choice.box.height / stride / output_size
    pick = " (FPN's pick)" if level == choice.level else ""
    return f"{level_name(level)}{pick}: a bin covers {num(bin_w, 2)} x {num(bin_h, 2)} cells"


def pooled_alt(stride: int, output_size: int) -> str:
    """A pooled picture's text alternative."""
    return f"Your box pooled to {output_size} x {output_size} on {level_name(stride.bit_length() - 1)}, as colours"


def pooled_words(output_size: int) -> str:
    """What the pooled pictures show."""
    return (
        f"The same box, pooled by {ROI_ALIGN} (torchvision's: average of {SAMPLING_RATIO} x {SAMPLING_RATIO} "
        f"samples a bin, aligned=True) to {output_size} x {output_size} on each level's map (here the image's own "
        "colours averaged over each cell, as on page 7). On a level much finer than FPN's pick, a bin covers many "
        f"cells but reads only {SAMPLING_RATIO * SAMPLING_RATIO} points of them: the picture is noisy, whole cells "
        "are skipped. On a much coarser level, a bin is a fraction of a cell: neighbouring bins repeat the same few "
        "cells, a blur. FPN's rule keeps a bin near one cell, whatever the box's size."
    )
