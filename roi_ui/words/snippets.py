"""This view as code: a script per library that recomputes the current view's RoI Pooling and RoI Align.

Pure string building (no Streamlit, nothing computed). ``snippets(settings)`` writes, for torchvision, ONNX Runtime,
TensorFlow, detectron2 and mmcv, a complete Python script: it loads the view's feature map from a CSV file (written
by ``csv_text``), builds the library's inputs (a batch of one image with one channel), calls the library with the
view's box and conventions, and prints the (h, w) outputs. Every script leaves RoI Pooling's output in ``pooled``
(where the library has RoI Pooling) and RoI Align's in ``aligned``, each a NumPy array (h, w). Each ``Snippet`` names
the view's choices its library does not have (in the vocabulary's words) and says whether the script gives the
page's numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from roi_core import LessonSettings

from .conventions import ALIGNED, LAYOUT, POOLING, QUANTIZATION, ROI_ALIGN, ROI_POOLING, SAMPLING, pooling_title

CSV_NAME = "roi_lab_feature_map.csv"
ONNX_OPSET = 16
ONNX_IR_VERSION = 10  # onnx 1.23 writes IR 12 by default; 10 is read by every recent ONNX Runtime


@dataclass(frozen=True)
class Snippet:
    """One library's script for the view.

    ``library`` is its display name and ``code`` a complete, runnable Python script (NumPy and that library).
    ``lacks`` names, in plain words, the view's choices the library does not have (what the script computes
    instead); it is empty when the script reproduces the view exactly. ``reproduces`` says whether running the
    script gives the page's numbers for this view: RoI Pooling's in ``pooled`` and RoI Align's in ``aligned``, for
    each output it computes, to the library's float precision (float64, except TensorFlow's and ONNX's MaxRoiPool's
    float32, and ONNX's RoiAlign at a stride that is not a power of two: its spatial_scale is a float32
    attribute). It follows from the conventions, not the data: with one sample per bin, average and max give the
    same numbers even where it says False.
    """

    library: str
    code: str
    lacks: tuple[str, ...] = ()
    reproduces: bool = True


def csv_text(feature_map) -> str:
    """The 2-D feature map (rows, cols) as the CSV file the snippets load: ``numpy.savetxt``'s format, one row a
    line, comma-separated, every value written with 17 significant digits so that it reads back exactly."""
    values = np.asarray(feature_map, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"feature_map must be a 2-D (rows, cols) array, got shape {values.shape}")
    out = io.StringIO()
    np.savetxt(out, values, fmt="%.17g", delimiter=",")
    return out.getvalue()


def snippets(settings: LessonSettings, csv_name: str = CSV_NAME) -> tuple[Snippet, ...]:
    """The view as code, in this order: torchvision, ONNX Runtime, TensorFlow, detectron2, mmcv.

    Each script reads the feature map from ``csv_name`` (a relative name: in the folder the script runs in)."""
    return tuple(build(settings, csv_name) for build in BUILDERS)


# ----------------------------------------------------------------------------- shared pieces of every script


def _header(settings: LessonSettings, csv_name: str, library: str, imports: str) -> str:
    """The script's opening: what it computes, imports, the map loaded, and the view's box and numbers."""
    x, y, w, h = settings.box
    rows, cols = -(-settings.image_height // settings.stride), -(-settings.image_width // settings.stride)
    ratio = max(settings.sampling_ratio, 0)  # torchvision's -1 (adaptive) is 0 for ONNX, detectron2 and mmcv too
    return (
        f"# {library}: RoI Lab's view as code. Box (x, y, w, h) = ({x}, {y}, {w}, {h}) px, image "
        f"{settings.image_width} x {settings.image_height} px, stride {settings.stride};\n"
        f"# {pooling_title(settings)}; {ROI_ALIGN}, {_align_words(settings)}.\n"
        f"import numpy as np\n{imports}\n\n"
        "np.set_printoptions(precision=4)\n"
        f'feature_map = np.loadtxt({csv_name!r}, delimiter=",", ndmin=2)  # (H, W) = ({rows}, {cols}) cells\n'
        f"box = [{x}, {y}, {x + w}, {y + h}]  # x1, y1, x2, y2: the box's corners in image pixels (x + w, y + h)\n"
        f"spatial_scale = 1 / {settings.stride}  # feature-map cells per image pixel: 1 / stride\n"
        f"output_size = {settings.output_size}  # bins per side: the outputs are (h, w) = "
        f"({settings.output_size}, {settings.output_size})\n"
        f"sampling_ratio = {ratio}  # sampling points per bin along each axis; "
        "0: adaptive, ceil(RoI size / output_size)\n\n"
    )


def _align_words(settings: LessonSettings) -> str:
    """RoI Align's conventions in a few words, as ``conventions.align_short`` writes them, for any sampling ratio."""
    ratio = settings.sampling_ratio
    points = SAMPLING[0].short if ratio <= 0 else f"{ratio} x {ratio}"
    words = (LAYOUT[settings.sample_layout].short, POOLING[settings.pooling].short, ALIGNED[settings.aligned].short)
    return "{} {} · {} · {}".format(points, *words)


def _show(method: str, name: str) -> str:
    return f'print("{method}:", {name}, sep="\\n")\n'


TORCH_INPUTS = (
    "features = torch.from_numpy(feature_map)[None, None]  # (N, C, H, W) = (1, 1, H, W), float64\n"
    "boxes = torch.tensor([[0, *box]], dtype=features.dtype)  # (K, 5) rows [batch index, x1, y1, x2, y2], pixels\n"
)


def _coordinates(settings: LessonSettings) -> str:
    return "aligned=True: minus half a cell" if settings.aligned else "aligned=False: no shift, at least one cell"


def _floor_lack(settings: LessonSettings, call: str) -> list[str]:
    if settings.quantization == "round":
        return []
    return [
        f"{ROI_POOLING}'s {QUANTIZATION[settings.quantization].label} quantization: {call} always rounds "
        f"({QUANTIZATION['round'].detail})"
    ]


def _layout_lack(settings: LessonSettings, call: str) -> list[str]:
    if settings.sample_layout == "centered":
        return []
    return [f"{LAYOUT[settings.sample_layout].label} sampling points: {call} places them {LAYOUT['centered'].detail}"]


def _max_lack(settings: LessonSettings, call: str, takes: str = POOLING["avg"].detail) -> list[str]:
    if settings.pooling == "avg":
        return []
    return [f"{POOLING[settings.pooling].label} pooling of the sampling points: {call} takes {takes}"]


def _torchvision_lacks(settings: LessonSettings, pool: str, align: str) -> tuple[str, ...]:
    return tuple(_floor_lack(settings, pool) + _layout_lack(settings, align) + _max_lack(settings, align))


# ----------------------------------------------------------------------------- one builder per library


def _torchvision(settings: LessonSettings, csv_name: str) -> Snippet:
    """``torchvision.ops.roi_pool`` and ``roi_align`` on float64 tensors, boxes (K, 5) [batch, x1, y1, x2, y2]."""
    code = "".join(
        [
            _header(settings, csv_name, "torchvision", "import torch\nfrom torchvision.ops import roi_align, roi_pool"),
            TORCH_INPUTS,
            "# roi_pool: the corners * spatial_scale rounded half away from zero, end cell included\n"
            "pooled = roi_pool(features, boxes, output_size=output_size, spatial_scale=spatial_scale)[0, 0].numpy()\n"
            f"# roi_align: samples at (i + 0.5) / n of each bin, averaged; {_coordinates(settings)}\n"
            "# (its default is aligned=False)\n"
            "aligned = roi_align(\n"
            "    features, boxes, output_size=output_size, spatial_scale=spatial_scale,\n"
            f"    sampling_ratio=sampling_ratio, aligned={settings.aligned},\n)[0, 0].numpy()\n",
            _show(ROI_POOLING, "pooled"),
            _show(ROI_ALIGN, "aligned"),
        ]
    )
    lacks = _torchvision_lacks(settings, "`roi_pool`", "`roi_align`")
    return Snippet("torchvision", code, lacks, not lacks)


def _onnx(settings: LessonSettings, csv_name: str) -> Snippet:
    """ONNX's ``MaxRoiPool`` (torchvision's ``roi_pool``; float32, all ONNX Runtime's CPU kernel takes) and
    ``RoiAlign`` (opset 16, float64), each a one-node model run by ONNX Runtime's CPU kernels."""
    mode = "half_pixel" if settings.aligned else "output_half_pixel"
    code = "".join(
        [
            _header(settings, csv_name, "ONNX Runtime", "import onnxruntime as ort\nfrom onnx import helper"),
            "ort.set_default_logger_severity(3)  # errors only: RoiAlign's max mode warns on every run\n\n\n"
            "def run(node, **inputs):\n"
            f'    """Y of one ONNX node (opset {ONNX_OPSET}) on NumPy inputs, by ONNX Runtime\'s CPU kernels."""\n\n'
            "    def tensor(name, dtype):\n"
            "        return helper.make_tensor_value_info(name, helper.np_dtype_to_tensor_dtype(dtype), None)\n\n"
            "    inputs_info = [tensor(name, array.dtype) for name, array in inputs.items()]\n"
            '    graph = helper.make_graph([node], node.op_type, inputs_info, [tensor("Y", inputs["X"].dtype)])\n'
            f'    opsets = [helper.make_opsetid("", {ONNX_OPSET})]\n'
            f"    model = helper.make_model(graph, opset_imports=opsets, ir_version={ONNX_IR_VERSION})\n"
            '    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])\n'
            "    return session.run(None, inputs)[0]\n\n\n"
            "# MaxRoiPool is torchvision's roi_pool (corners * spatial_scale rounded, end cell included);\n"
            "# rois (K, 5) rows [batch index, x1, y1, x2, y2] in pixels. ONNX Runtime runs it in float32 only.\n"
            'node = helper.make_node("MaxRoiPool", ["X", "rois"], ["Y"], pooled_shape=[output_size] * 2, '
            "spatial_scale=spatial_scale)\n"
            "X, rois = feature_map[None, None].astype(np.float32), np.array([[0, *box]], dtype=np.float32)  # X: NCHW\n"
            "pooled = run(node, X=X, rois=rois)[0, 0]\n\n"
            "# RoiAlign takes rois (K, 4) [x1, y1, x2, y2] in pixels and their batch_indices (K,) apart. float64.\n"
            "node = helper.make_node(\n"
            '    "RoiAlign", ["X", "rois", "batch_indices"], ["Y"],\n'
            f'    mode="{settings.pooling}",  # avg: mean of the samples; max: largest weighted corner term w * v\n'
            "    output_height=output_size, output_width=output_size,\n"
            "    sampling_ratio=sampling_ratio,  # 0: adaptive (torchvision's -1 is refused)\n"
            "    spatial_scale=spatial_scale,  # stored as a float32 attribute\n"
            f'    coordinate_transformation_mode="{mode}",  # half_pixel: aligned=True; output_half_pixel: False\n'
            ")\n"
            "rois, batch_indices = np.array([box], dtype=np.float64), np.array([0], dtype=np.int64)\n"
            "aligned = run(node, X=feature_map[None, None], rois=rois, batch_indices=batch_indices)[0, 0]\n",
            _show(ROI_POOLING, "pooled"),
            _show(ROI_ALIGN, "aligned"),
        ]
    )
    onnx_max = (
        'the largest of each sample\'s four weighted corner terms w * v (mode="max"), not of the interpolated '
        "samples: the script prints ONNX's max"
    )
    lacks = tuple(
        _floor_lack(settings, "`MaxRoiPool`")
        + _layout_lack(settings, "`RoiAlign`")
        + _max_lack(settings, "`RoiAlign`", onnx_max)
    )
    return Snippet("ONNX Runtime", code, lacks, not lacks)


def _tensorflow(settings: LessonSettings, csv_name: str) -> Snippet:
    """RoI Align from ``tf.image.crop_and_resize`` (NHWC, float32): a zero-size box with a 1 x 1 crop reads one
    bilinear sample, so one box per sampling point reads the view's samples (either layout, torchvision's border
    rules kept by an edge padding); ``tf.reduce_mean`` or ``tf.reduce_max`` over each bin's samples pools them.
    TensorFlow has no RoI Pooling."""
    if settings.aligned:
        start, size = "first * spatial_scale - 0.5", "last * spatial_scale - 0.5 - start"
    else:
        start, size = "first * spatial_scale", "max(last * spatial_scale - start, 1.0)"
    offset = "(i + 0.5) * step / n" if settings.sample_layout == "centered" else "(i + 1) * step / (n + 1)"
    reduce = "reduce_mean" if settings.pooling == "avg" else "reduce_max"
    code = "".join(
        [
            _header(settings, csv_name, "TensorFlow", "import math\n\nimport tensorflow as tf"),
            "\ndef sample_points(first, last, bins):\n"
            '    """RoI Align\'s sampling points along one axis, (bins, n), where cell c\'s centre is at c."""\n'
            f"    start = {start}  # {_coordinates(settings)}\n"
            f"    size = {size}\n"
            "    n = sampling_ratio if sampling_ratio > 0 else math.ceil(size / bins)  # adaptive: ceil(size / bins)\n"
            "    step = size / bins\n"
            f"    return np.array([[start + p * step + {offset} for i in range(n)] for p in range(bins)])  "
            f"# {LAYOUT[settings.sample_layout].short}\n\n\n"
            "height, width = feature_map.shape\n"
            "ys, xs = sample_points(box[1], box[3], output_size), sample_points(box[0], box[2], output_size)\n"
            "# crop_and_resize: image NHWC; boxes [y1, x1, y2, x2] normalised, y = row / (rows - 1); a zero-size\n"
            "# box with crop_size (1, 1) reads one bilinear sample. The map padded with a copy of its edge cells and\n"
            "# extrapolation_value=0 give RoI Align's borders: up to a cell off the map, the edge cell; farther, 0.\n"
            'image = np.pad(feature_map, 1, mode="edge")[None, :, :, None]  # (1, H + 2, W + 2, 1)\n'
            "points = [((y + 1) / (height + 1), (x + 1) / (width + 1)) for y in ys.flat for x in xs.flat]\n"
            "boxes = [[y, x, y, x] for y, x in points]\n"
            "samples = tf.image.crop_and_resize(\n"
            "    image, boxes, box_indices=[0] * len(boxes), crop_size=(1, 1), extrapolation_value=0.0\n"
            ")\n"
            "samples = tf.reshape(samples, (output_size, ys.shape[1], output_size, xs.shape[1]))  # row, i, col, j\n"
            f"aligned = tf.{reduce}(samples, axis=(1, 3)).numpy()  # float32: TensorFlow computes in float32\n",
            _show(ROI_ALIGN, "aligned"),
        ]
    )
    missing = f"{ROI_POOLING} ({QUANTIZATION[settings.quantization].label}): TensorFlow has no RoI Pooling op"
    return Snippet("TensorFlow", code, (missing,), True)


def _detectron2(settings: LessonSettings, csv_name: str) -> Snippet:
    """detectron2's ``ROIAlign`` module (torchvision's ``roi_align`` inside, but ``aligned=True`` by default) and,
    as detectron2's ``ROIPooler`` does, torchvision's ``RoIPool`` (``detectron2.layers`` has no RoI Pooling)."""
    imports = (
        "import torch\nfrom detectron2.layers import ROIAlign\n"
        "from torchvision.ops import RoIPool  # detectron2's ROIPooler takes RoI Pooling from torchvision"
    )
    code = "".join(
        [
            _header(settings, csv_name, "detectron2", imports),
            TORCH_INPUTS,
            "# RoIPool(output_size, spatial_scale): torchvision's roi_pool, the corners rounded\n"
            "pooled = RoIPool((output_size, output_size), spatial_scale)(features, boxes)[0, 0].numpy()\n"
            "# ROIAlign(output_size, spatial_scale, sampling_ratio, aligned): torchvision's roi_align, but its\n"
            f"# default is aligned=True (torchvision's is False); {_coordinates(settings)}\n"
            "roi_align = ROIAlign((output_size, output_size), spatial_scale, sampling_ratio, "
            f"aligned={settings.aligned})\n"
            "aligned = roi_align(features, boxes)[0, 0].numpy()\n",
            _show(ROI_POOLING, "pooled"),
            _show(ROI_ALIGN, "aligned"),
        ]
    )
    lacks = _torchvision_lacks(settings, "`RoIPool` (torchvision's)", "`ROIAlign` (torchvision's roi_align)")
    return Snippet("detectron2", code, lacks, not lacks)


def _mmcv(settings: LessonSettings, csv_name: str) -> Snippet:
    """mmcv's ``RoIAlign`` (``pool_mode`` avg or max, the max of the interpolated samples; ``aligned=True`` by
    default) and its ``RoIPool``, which runs on CUDA only and quantizes its own way (neither floor nor round)."""
    imports = "import torch\nfrom mmcv.ops import RoIAlign, RoIPool  # the full mmcv, with its compiled ops"
    code = "".join(
        [
            _header(settings, csv_name, "mmcv", imports),
            TORCH_INPUTS,
            "# RoIAlign(output_size, spatial_scale, sampling_ratio, pool_mode, aligned): its default is\n"
            f"# aligned=True (torchvision's is False); {_coordinates(settings)}; pool_mode max: the largest sample\n"
            "roi_align = RoIAlign(\n"
            "    output_size, spatial_scale, sampling_ratio,\n"
            f'    pool_mode="{settings.pooling}", aligned={settings.aligned},\n'
            ")\n"
            "aligned = roi_align(features, boxes)[0, 0].numpy()\n",
            _show(ROI_ALIGN, "aligned"),
            "# RoIPool(output_size, spatial_scale) has no CPU kernel. It does not round: bins run from floor to ceil\n"
            "# of the unrounded x1 * spatial_scale and (x2 + 1) * spatial_scale, split evenly.\n"
            "if torch.cuda.is_available():\n"
            "    pooled = RoIPool(output_size, spatial_scale)(features.cuda(), boxes.cuda())[0, 0].cpu().numpy()\n"
            "    " + _show(ROI_POOLING, "pooled"),
        ]
    )
    pool = (
        f"{ROI_POOLING}'s {QUANTIZATION[settings.quantization].label} quantization: mmcv's `RoIPool` does not "
        "round (bins from floor to ceil of x1 * spatial_scale and (x2 + 1) * spatial_scale) and runs on CUDA only"
    )
    lacks = (pool, *_layout_lack(settings, "`RoIAlign`"))
    return Snippet("mmcv", code, lacks, False)


BUILDERS: tuple[Callable[[LessonSettings, str], Snippet], ...] = (_torchvision, _onnx, _tensorflow, _detectron2, _mmcv)
