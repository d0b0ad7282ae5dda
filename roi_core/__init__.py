"""RoI Lab's core: RoI Pooling and RoI Align in pure NumPy, batch and traced.

* ``roi_align`` and ``roi_pool`` follow ``torchvision.ops`` (names, shapes,
  semantics), plus the lesson's options (max pooling, spaced samples, floor
  quantization).
* ``trace_roi_pool`` and ``trace_roi_align`` record every step the lesson shows
  for one box on one 2-D map; their outputs come from the batch functions.
* ``lesson`` holds the slides' feature map and presets.
* The family around them, each equal to its reference: ``ps_roi_align`` and ``ps_roi_pool`` (R-FCN, as
  torchvision), ``fpn_levels`` and ``multiscale_roi_align`` (FPN, as torchvision's ``MultiScaleRoIAlign``),
  ``onnx_roi_align`` (ONNX's RoiAlign, as ONNX Runtime), ``crop_and_resize`` (TensorFlow's), ``prroi_pool``
  (Precise RoI Pooling, as its authors' kernel), ``roi_warp`` (MNC's RoI Warp), ``roi_align_rotated``
  (detectron2's); traces of the steps that differ from RoI Align's (``trace_prroi_pool``,
  ``trace_crop_and_resize``, ``trace_roi_align_rotated``).
* Backward passes (the gradient with respect to the map, as torch autograd through torchvision's operators):
  ``roi_align_backward``, ``roi_pool_backward``, ``prroi_pool_backward`` (also with respect to the box), and
  ``gradient_maps``, one box's gradients for the lesson.
"""

from .align import roi_align
from .align_rotated import roi_align_rotated, rotated_sample_points
from .align_trace import AlignBin, Neighbour, RoIAlignTrace, SamplePoint, slides_arithmetic, trace_roi_align
from .arrays import roi_rows
from .backward import roi_align_backward, roi_pool_backward
from .both_methods import AlignGrid, BothMethods, align_grid, both_methods
from .compare import MethodComparison, align_touched_cells, compare_methods
from .crop_resize import crop_and_resize
from .geometry import MapGeometry, Rect, cells_touched, check_stride, clamp_box, map_geometry, resize_box
from .gradients import GradientMaps, gradient_maps
from .image_features import CHANNEL_NAMES, cell_means
from .lesson import LESSON_PRESET, SLIDE_EXAMPLES, LessonSettings, lesson_feature_map
from .onnx_align import onnx_roi_align
from .pool import FloorGuard, floor_guard, roi_pool
from .pool_trace import PoolBin, RoIPoolTrace, trace_roi_pool
from .position_sensitive import ps_roi_align, ps_roi_pool
from .prroi import prroi_pool
from .prroi_backward import prroi_pool_backward
from .pyramid import LevelChoice, fpn_levels, level_choice, level_scales, multiscale_roi_align, pooled_at_strides
from .quantization import QuantizedBox, quantize_box
from .roi_warp import roi_warp
from .sampling import CENTRE_OFFSET, sample_fraction
from .sweep import ShiftSweep, distinct_values_per_cell, shift_sweep
from .zoo import ZooEntry, ZooOptions, method_zoo, one_bin_max
from .zoo_traces import (
    CropGridTrace,
    CropSample,
    PrRoIBin,
    PrRoIPiece,
    PrRoITrace,
    RotatedBin,
    RotatedTrace,
    trace_crop_and_resize,
    trace_prroi_pool,
    trace_roi_align_rotated,
)

__all__ = [
    "CENTRE_OFFSET",
    "CHANNEL_NAMES",
    "LESSON_PRESET",
    "SLIDE_EXAMPLES",
    "AlignBin",
    "AlignGrid",
    "BothMethods",
    "CropGridTrace",
    "CropSample",
    "FloorGuard",
    "GradientMaps",
    "LessonSettings",
    "LevelChoice",
    "MapGeometry",
    "MethodComparison",
    "Neighbour",
    "PoolBin",
    "PrRoIBin",
    "PrRoIPiece",
    "PrRoITrace",
    "QuantizedBox",
    "Rect",
    "RoIAlignTrace",
    "RoIPoolTrace",
    "RotatedBin",
    "RotatedTrace",
    "SamplePoint",
    "ShiftSweep",
    "ZooEntry",
    "ZooOptions",
    "align_grid",
    "align_touched_cells",
    "both_methods",
    "cell_means",
    "cells_touched",
    "check_stride",
    "clamp_box",
    "compare_methods",
    "crop_and_resize",
    "distinct_values_per_cell",
    "floor_guard",
    "fpn_levels",
    "gradient_maps",
    "lesson_feature_map",
    "level_choice",
    "level_scales",
    "map_geometry",
    "method_zoo",
    "multiscale_roi_align",
    "one_bin_max",
    "onnx_roi_align",
    "pooled_at_strides",
    "prroi_pool",
    "prroi_pool_backward",
    "ps_roi_align",
    "ps_roi_pool",
    "quantize_box",
    "resize_box",
    "roi_align",
    "roi_align_backward",
    "roi_align_rotated",
    "roi_pool",
    "roi_pool_backward",
    "roi_rows",
    "roi_warp",
    "rotated_sample_points",
    "sample_fraction",
    "shift_sweep",
    "slides_arithmetic",
    "trace_crop_and_resize",
    "trace_prroi_pool",
    "trace_roi_align",
    "trace_roi_align_rotated",
    "trace_roi_pool",
]
