"""Words and formulas of "Your own image": areas, the quantization worked out, titles.

Every number comes from a ``roi_core.BothMethods`` result and carries its unit
(pixels or cells) and its convention.
"""

from __future__ import annotations

from roi_core import BothMethods, LessonSettings, Rect

from .controls import QUANTIZATION_LABELS
from .text import num


def pixels(area: float) -> str:
    """An area in image pixels, with thousands separators."""
    return f"{area:,.0f} px"


def area_metrics(result: BothMethods) -> list[tuple[str, str, str]]:
    """(label, value, help) of each area and overlap the page shows as a metric."""
    quantized, box = result.quantized, result.settings.box_rect
    convention = quantized.convention
    return [
        ("True box", pixels(box.area), f"{num(box.width)} x {num(box.height)} pixels, never rounded."),
        (f"RoI Pool box ({convention})", pixels(quantized.pixels.area),
         f"{quantized.W} x {quantized.H} whole cells of {result.geometry.stride} x {result.geometry.stride} pixels."),
        ("Lost: object left out", pixels(quantized.lost_area), "Pixels of the true box outside RoI Pool's box."),
        ("Added: background", pixels(quantized.added_area), "Pixels in RoI Pool's box outside the true box."),
        (f"IoU, RoI Pool ({convention})", num(quantized.iou, 3), "Overlap of RoI Pool's box with the true box (1 = same box)."),
        ("IoU, RoI Align", num(result.align_iou, 3),
         "RoI Align never rounds: with aligned=True its box is the true box; without, it sits half a cell off."),
    ]


def quantization_formulas(result: BothMethods) -> list[str]:
    """LaTeX of RoI Pooling's first quantization with this box's numbers: X, W, then Y, H."""
    quantized, box, stride = result.quantized, result.settings.box_rect, result.geometry.stride
    projected = quantized.projected
    last_col, last_row = quantized.last_cell
    rows = (("X", "W", box.x1, box.width, box.x2, projected.x1, projected.width, quantized.X, quantized.W, last_col),
            ("Y", "H", box.y1, box.height, box.y2, projected.y1, projected.height, quantized.Y, quantized.H, last_row))
    lines = []
    for corner, size, start, length, end, start_cells, length_cells, start_q, size_q, last in rows:
        if quantized.convention == "floor":
            lines.append(rf"{corner} = \lfloor {num(start)} / {stride} \rfloor = \lfloor {num(start_cells)} \rfloor"
                         rf" = {start_q}")
            lines.append(rf"{size} = \lfloor {num(length)} / {stride} \rfloor = \lfloor {num(length_cells)} \rfloor"
                         rf" = {size_q}")
        else:
            lines.append(rf"{corner} = \operatorname{{round}}({num(start)} / {stride}) = \operatorname{{round}}"
                         rf"({num(start_cells)}) = {start_q}")
            lines.append(rf"{size} = \operatorname{{round}}({num(end)} / {stride}) - {corner} + 1 = "
                         rf"{last} - {start_q} + 1 = {size_q}")
    return lines


def shift_sentence(result: BothMethods) -> str:
    """How RoI Pooling's box moved and changed size, in cells and pixels."""
    quantized = result.quantized
    (dx, dy), (dxp, dyp) = quantized.origin_shift_cells, quantized.origin_shift_px
    (dw, dh), (dwp, dhp) = quantized.size_change_cells, quantized.size_change_px
    moves = [_moved(cells, px, words) for cells, px, words in ((dx, dxp, ("right", "left")), (dy, dyp, ("down", "up")))
             if cells != 0]
    corner = f"moves the box's corner {' and '.join(moves)}" if moves else "keeps the box's corner in place"
    return (f"RoI Pooling with {QUANTIZATION_LABELS[quantized.convention]} {corner}, and changes its width by "
            f"{num(dw)} cells ({num(dwp, 1)} px) and its height by {num(dh)} cells ({num(dhp, 1)} px). "
            "RoI Align keeps every fraction.")


def _moved(cells: float, px: float, words: tuple[str, str]) -> str:
    return f"{num(abs(cells))} cells ({num(abs(px), 1)} px) {words[0] if cells > 0 else words[1]}"


def photo_caption(result: BothMethods) -> str:
    """Under the photo: its size, the stride and the map they give, and how to set the box."""
    settings, geometry = result.settings, result.geometry
    return (f"Image {settings.image_width} x {settings.image_height} pixels, stride {settings.stride}: a "
            f"{geometry.map_width} x {geometry.map_height}-cell feature map. Drag on the image to draw a new box; "
            "the sidebar's numbers set it exactly.")


def map_caption(result: BothMethods, window: Rect) -> str:
    """Under the feature map: what a cell is, and which part of the map is shown."""
    geometry, stride = result.geometry, result.geometry.stride
    shown = ("The whole map is shown." if window == Rect(0, 0, geometry.map_width, geometry.map_height) else
             f"The map has {geometry.map_width} x {geometry.map_height} cells, too many to send: shown are cells "
             f"{window.x1:.0f}-{window.x2 - 1:.0f} across and {window.y1:.0f}-{window.y2 - 1:.0f} down, around "
             "the box or its top-left part (dashed on the image).")
    return (f"Each cell is the mean colour of its {stride} x {stride} pixels: hover a cell for its red, green, blue "
            f"and luminance (0-1). {shown}")


def pool_title(settings: LessonSettings) -> str:
    """Title of RoI Pooling's output: the method and channel, then its conventions."""
    return f"RoI Pool · luminance<br><sup>{settings.quantization} quantization · max per bin</sup>"


def align_title(settings: LessonSettings) -> str:
    """Title of RoI Align's output: the method and channel, then its conventions, short."""
    grid = "adaptive" if settings.sampling_ratio <= 0 else f"{settings.sampling_ratio} x {settings.sampling_ratio}"
    aligned = "aligned" if settings.aligned else "not aligned"
    return (f"RoI Align · luminance<br><sup>{grid} {settings.sample_layout} samples · {settings.pooling} per bin · "
            f"{aligned}</sup>")


__all__ = ["align_title", "area_metrics", "map_caption", "photo_caption", "pool_title", "quantization_formulas",
           "shift_sentence"]
