"""RoI Lab's core: RoI Pooling and RoI Align in pure NumPy, batch and traced.

* ``roi_align`` and ``roi_pool`` follow ``torchvision.ops`` (names, shapes,
  semantics), plus the lesson's options (max pooling, spaced samples, floor
  quantization).
* ``trace_roi_pool`` and ``trace_roi_align`` record every step the lesson shows
  for one box on one 2-D map; their outputs come from the batch functions.
* ``lesson`` holds the slides' feature map and presets.
"""

from .align import roi_align
from .align_trace import RoIAlignTrace, SamplePoint, slides_arithmetic, trace_roi_align
from .image_features import CHANNEL_NAMES, cell_means
from .geometry import MapGeometry, Rect, cells_touched, check_stride, clamp_box, map_geometry, resize_box
from .lesson import LESSON_PRESET, SLIDE_EXAMPLES, LessonSettings, lesson_feature_map
from .pool import roi_pool
from .pool_trace import RoIPoolTrace, trace_roi_pool
from .quantization import QuantizedBox, quantize_box
from .compare import MethodComparison, align_touched_cells, compare_methods
from .sweep import ShiftSweep, distinct_values_per_cell, shift_sweep
from .image_rois import AlignGrid, BothMethods, align_grid, both_methods

__all__ = [
    "CHANNEL_NAMES",
    "LESSON_PRESET",
    "SLIDE_EXAMPLES",
    "LessonSettings",
    "MapGeometry",
    "QuantizedBox",
    "Rect",
    "RoIAlignTrace",
    "RoIPoolTrace",
    "SamplePoint",
    "cell_means",
    "cells_touched",
    "check_stride",
    "clamp_box",
    "lesson_feature_map",
    "map_geometry",
    "quantize_box",
    "resize_box",
    "roi_align",
    "roi_pool",
    "slides_arithmetic",
    "trace_roi_align",
    "trace_roi_pool",
    "MethodComparison",
    "ShiftSweep",
    "align_touched_cells",
    "compare_methods",
    "distinct_values_per_cell",
    "shift_sweep",
    "AlignGrid",
    "BothMethods",
    "align_grid",
    "both_methods",
]
