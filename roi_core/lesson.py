"""The lesson's data and presets, as the slides give them (see ``data/README.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .geometry import Rect

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class LessonSettings:
    """Everything that defines one view of the lesson.

    ``box`` is (x, y, w, h) in image pixels; ``quantization`` is RoI Pooling's
    convention (floor: the slides; round: torchvision); ``sampling_ratio``,
    ``sample_layout``, ``pooling`` and ``aligned`` are RoI Align's.
    """

    image_width: int = 800
    image_height: int = 576
    stride: int = 32
    box: tuple[int, int, int, int] = (300, 210, 230, 180)
    output_size: int = 3
    quantization: str = "floor"
    sampling_ratio: int = 2
    sample_layout: str = "spaced"
    pooling: str = "max"
    aligned: bool = True

    @property
    def box_rect(self) -> Rect:
        return Rect.from_xywh(*self.box)

    @property
    def align_options(self) -> dict:
        """RoI Align's conventions as the keyword arguments ``roi_align``, ``trace_roi_align`` and ``shift_sweep``
        take: ``sampling_ratio``, ``aligned``, ``pooling``, ``sample_layout``."""
        return dict(
            sampling_ratio=self.sampling_ratio,
            aligned=self.aligned,
            pooling=self.pooling,
            sample_layout=self.sample_layout,
        )


LESSON_PRESET = LessonSettings()


@dataclass(frozen=True)
class SlideExample:
    """One of the slides' 7 x 7 examples: a 224 x 224 image, stride 32, 2 x 2 output.

    The slides give only the object's size in cells (W, H); ``box`` is a pixel box
    of ours whose floor quantization gives exactly that size.
    """

    name: str
    box: tuple[int, int, int, int]
    cells: tuple[int, int]
    lesson: str
    image_size: int = 224
    stride: int = 32
    output_size: int = 2


SLIDE_EXAMPLES = (
    SlideExample(
        "W=3, H=6",
        box=(72, 20, 100, 200),
        cells=(3, 6),
        lesson="3/2 floors to 1: each bin is 1 cell wide, so one column of the object is dropped (width error).",
    ),
    SlideExample(
        "W=2, H=4",
        box=(80, 40, 72, 136),
        cells=(2, 4),
        lesson="2/2 and 4/2 divide evenly: no bin error, BUT the quantized box is still not the ground-truth box.",
    ),
)


@lru_cache(maxsize=1)
def lesson_feature_map() -> np.ndarray:
    """The slides' 25 x 18 single-channel feature map as a read-only (18, 25) array.

    Row r, column c (0-based) is the cell centred at (c + 0.5, r + 0.5). Three cells
    hidden on the slides (row 5, cols 8-10) are reconstructed; row 10, col 14 holds
    0.8, as on the RoI Align slides (the RoI Pooling slide shows 0.6).
    """
    values = np.loadtxt(DATA / "feature_map_25x18.csv", delimiter=",")
    values.flags.writeable = False
    return values
