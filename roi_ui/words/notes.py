"""The sentences for what a convention had to guard against (``roi_core``'s flags, written out)."""

from __future__ import annotations

import math

from roi_core import FloorGuard, QuantizedBox, RoIPoolTrace

from .numbers import count, num

AXES = ("height", "width")  # the order of roi_core's guards: (height, width), as output_size


def quantization_notes(quantized: QuantizedBox) -> list[str]:
    """What the first quantization had to do: a side floored to 0 cells, a box off or past the map."""
    notes = [
        f"{axis}: the box spans {num(guard.extent)} cells, which floors to {math.floor(guard.extent)}; "
        "it is given 1 cell"
        for axis, guard in zip(AXES, quantized.size_guards or ())
        if guard.size_raised
    ]
    if quantized.outside_map:
        notes.append("the quantized box lies outside the feature map: pooling reads nothing")
    elif quantized.cut_by_map:
        notes.append("the quantized box reaches past the feature map; only the part on the map is read")
    return notes


def bin_notes(trace: RoIPoolTrace) -> list[str]:
    """What the second quantization had to do: a bin size floored to 0, raised to 1 cell."""
    return [
        f"{axis}: {count(guard.size, 'cell')} / {guard.bins} bins floors to 0; each bin is given 1 cell, "
        "so the bins reach past the quantized box"
        for axis, guard in zip(AXES, trace.bin_guards or ())
        if guard.bin_raised
    ]


def pooling_notes(trace: RoIPoolTrace) -> list[str]:
    """Every guard RoI Pooling needed for this box, first quantization then bins."""
    return quantization_notes(trace.quantized) + bin_notes(trace)


def guarded(guards: tuple[FloorGuard, FloorGuard] | None) -> bool:
    """Whether any floor guard applied (the formulas then write max(1, ⌊…⌋))."""
    return any(guard.applied for guard in guards or ())
