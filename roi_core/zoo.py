"""The method zoo: one box on one map through every RoI operator of the family, each by its batch function, with
where each one reads (for drawing) in the lesson's map frame (cell c spans [c, c + 1)).

``method_zoo`` returns one ``ZooEntry`` per method: its output (h, w), what it reads (points sampled, or areas
integrated or max-pooled), the library whose numbers it equals, and its difference from RoI Align (torchvision's,
aligned), the reference row. Position-sensitive pooling needs h x w score maps, one per bin: the zoo gives it the
view's map as every one of them (R-FCN learns h x w different ones), so what it shows is which map each bin reads
(``ZooEntry.score_maps``) and, with equal maps, how it compares with RoI Align and RoI Pooling. The FPN levels have
their own page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .align import roi_align
from .align_rotated import roi_align_rotated, rotated_sample_points
from .arrays import frozen, roi_rows
from .crop_resize import crop_and_resize, sample_positions
from .geometry import MapGeometry, Rect
from .onnx_align import onnx_roi_align
from .pool import roi_pool
from .pool_trace import trace_roi_pool
from .position_sensitive import channel_index, ps_roi_align, ps_roi_pool, rounded_bins
from .prroi import prroi_pool
from .roi_warp import roi_warp
from .rounding import round_half_away
from .sampling import CENTRE_OFFSET, grid_sizes, roi_start_and_size, sample_coordinates

ONNX_MODES, ONNX_COORDINATES = ("avg", "max"), ("half_pixel", "output_half_pixel")


@dataclass(frozen=True)
class ZooOptions:
    """The zoo's switches: ONNX RoiAlign's mode and coordinate mode, the rotated box's angle (degrees), and the
    sampling ratio every sampling method uses (-1 or 0: adaptive)."""

    onnx_mode: str = "avg"
    onnx_coordinates: str = "half_pixel"
    angle: float = 0.0
    sampling_ratio: int = 2


@dataclass(frozen=True)
class ZooEntry:
    """One method on the box: ``output`` (h, w); ``points`` (n, 2) it samples and ``areas`` it integrates or
    pools, in the map frame; ``source`` the library it equals; ``difference`` max |output - RoI Align's|;
    ``score_maps`` (position-sensitive methods) each bin's extent and the index of the score map it reads."""

    key: str
    output: np.ndarray
    points: np.ndarray
    areas: tuple[Rect, ...]
    source: str
    difference: float
    score_maps: tuple[tuple[Rect, int], ...] = ()


def method_zoo(
    feature_map: np.ndarray, box: Rect, geometry: MapGeometry, output_size: int, options: ZooOptions = ZooOptions()
) -> tuple[ZooEntry, ...]:
    """Every method of the zoo on ``box`` (image pixels) over ``feature_map`` (rows, cols), at the geometry's
    stride, to ``output_size`` x ``output_size``: RoI Pooling, RoI Align, ONNX RoiAlign, crop_and_resize, PrRoI
    Pooling, RoI Warp, rotated RoI Align (``options.angle``), PS RoI Align and PS RoI Pooling (the map as every
    score map); RoI Align's row first."""
    features = np.asarray(feature_map, dtype=np.float64)[None, None]
    scale, ratio = geometry.spatial_scale, options.sampling_ratio
    row = np.array([[0.0, box.x1, box.y1, box.x2, box.y2]])
    align = roi_align(features, row, output_size, scale, ratio, aligned=True)[0, 0]
    points = _align_points(row, scale, output_size, ratio, True)
    reads = [
        _Read("roi_align", align, points, (), "torchvision"),
        _pool(features, row, feature_map, box, geometry, output_size),
        _onnx(features, row, scale, output_size, options),
        _crop(features, box, geometry, output_size),
        _prroi(features, row, box, scale, output_size),
        _warp(features, row, box, scale, output_size),
        _rotated(features, box, scale, output_size, options),
        *_position_sensitive(features, row, scale, output_size, ratio, points),
    ]
    return tuple(
        ZooEntry(
            read.key, frozen(read.output), frozen(read.points.reshape(-1, 2)), read.areas, read.source,
            _gap(read.output, align), read.score_maps,
        )
        for read in reads
    )  # fmt: skip


class _Read(NamedTuple):
    """What one method gives the zoo before its difference from RoI Align is taken (see ``ZooEntry``)."""

    key: str
    output: np.ndarray
    points: np.ndarray
    areas: tuple[Rect, ...]
    source: str
    score_maps: tuple[tuple[Rect, int], ...] = ()


def one_bin_max(feature_map: np.ndarray, box: Rect, geometry: MapGeometry, sampling_ratio: int) -> tuple[float, float]:
    """The whole box (image pixels) pooled to one bin by max, ``sampling_ratio`` x ``sampling_ratio`` centred
    samples, aligned (half-pixel): (ONNX Runtime's RoiAlign with ``mode="max"``, ``onnx_roi_align``; the max of
    the bilinearly interpolated samples, ``roi_align(pooling="max")``)."""
    features, row, scale = feature_map[None, None], roi_rows([box]), geometry.spatial_scale
    samples = roi_align(features, row, 1, scale, sampling_ratio, aligned=True, pooling="max")
    onnx = onnx_roi_align(features, row[:, 1:], np.array([0]), mode="max", sampling_ratio=sampling_ratio,
                          spatial_scale=scale)  # fmt: skip
    return float(onnx[0, 0, 0, 0]), float(samples[0, 0, 0, 0])


def _gap(output: np.ndarray, reference: np.ndarray) -> float:
    """max |output - reference|, NaN-safe."""
    return float(np.nanmax(np.abs(output - reference)))


def _align_points(row: np.ndarray, scale: float, output_size: int, ratio: int, aligned: bool) -> np.ndarray:
    """Every sampling point of RoI Align (torchvision's centred layout) of one box row, (n, 2) in the map frame."""
    start_x, start_y, width, height = roi_start_and_size(row[:, 1:], scale, aligned)
    xs, x_mask = sample_coordinates(start_x, width / output_size, output_size, grid_sizes(width, output_size, ratio),
                                    "centered")  # fmt: skip
    ys, y_mask = sample_coordinates(start_y, height / output_size, output_size,
                                    grid_sizes(height, output_size, ratio), "centered")  # fmt: skip
    x, y = np.meshgrid(xs[0][x_mask[0]], ys[0][y_mask[0]])
    return np.stack([x.ravel(), y.ravel()], axis=-1) + CENTRE_OFFSET


def _pool(features, row, feature_map, box, geometry, output_size):
    """RoI Pooling (torchvision's round convention): the cells each bin max-pools."""
    output = roi_pool(features, row, output_size, geometry.spatial_scale)[0, 0]
    trace = trace_roi_pool(feature_map, box, geometry, output_size, "round")
    return _Read("roi_pool", output, np.zeros((0, 2)), tuple(b.rect for b in trace.bins if b.cells), "torchvision")


def _onnx(features, row, scale: float, output_size, options: ZooOptions):
    """ONNX RoiAlign as ONNX Runtime computes it; its points are RoI Align's, aligned for half_pixel."""
    ratio = max(options.sampling_ratio, 0)
    output = onnx_roi_align(
        features,
        row[:, 1:],
        np.array([0]),
        mode=options.onnx_mode,
        output_height=output_size,
        output_width=output_size,
        sampling_ratio=ratio,
        spatial_scale=scale,
        coordinate_transformation_mode=options.onnx_coordinates,
    )[0, 0]
    aligned = options.onnx_coordinates == "half_pixel"
    points = _align_points(row, scale, output_size, ratio or -1, aligned)
    return _Read("onnx_roi_align", output, points, (), "ONNX Runtime")


def _crop(features, box: Rect, geometry: MapGeometry, output_size):
    """TensorFlow's crop_and_resize of the map with the box normalised by the image's size (as TensorFlow's
    detection models pass it): one corner-aligned sample per output cell."""
    height, width = features.shape[2:]
    normalised = np.array([[box.y1 / geometry.image_height, box.x1 / geometry.image_width,
                            box.y2 / geometry.image_height, box.x2 / geometry.image_width]])  # fmt: skip
    image = features[0].transpose(1, 2, 0)[None]
    output = crop_and_resize(image, normalised, np.array([0]), (output_size, output_size))[0, :, :, 0]
    ys = sample_positions(normalised[:, 0], normalised[:, 2], height, output_size)[0].astype(np.float64)
    xs = sample_positions(normalised[:, 1], normalised[:, 3], width, output_size)[0].astype(np.float64)
    points = np.stack(np.meshgrid(xs, ys), axis=-1) + CENTRE_OFFSET
    return _Read("crop_and_resize", output.astype(np.float64), points, (), "TensorFlow")


def _prroi(features, row, box: Rect, scale: float, output_size):
    """Precise RoI Pooling: each bin's exact integral (its area, unrounded, no half-cell offset)."""
    output = prroi_pool(features, row, output_size, scale)[0, 0]
    bins = _bins(box.scaled(scale), output_size, CENTRE_OFFSET)
    return _Read("prroi_pool", output, np.zeros((0, 2)), bins, "PrRoIPool")


def _warp(features, row, box: Rect, scale: float, output_size):
    """MNC's RoI Warp: corners rounded, one sample at each bin's top-left corner."""
    x1, y1, x2, y2 = round_half_away(np.array([box.x1, box.y1, box.x2, box.y2]) * scale)
    xs = x1 + np.arange(output_size) * max(x2 - x1, 0) / output_size
    ys = y1 + np.arange(output_size) * max(y2 - y1, 0) / output_size
    points = np.stack(np.meshgrid(xs, ys), axis=-1) + CENTRE_OFFSET
    return _Read("roi_warp", roi_warp(features, row, output_size, scale)[0, 0], points, (), "MNC")


def _rotated(features, box: Rect, scale: float, output_size, options: ZooOptions):
    """detectron2's rotated RoI Align of the box turned by ``options.angle`` about its centre."""
    cx, cy = (box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2
    roi = (cx, cy, box.width, box.height, options.angle)
    output = roi_align_rotated(features, np.array([[0.0, *roi]]), output_size, scale, options.sampling_ratio)[0, 0]
    points = rotated_sample_points(roi, output_size, scale, options.sampling_ratio)
    return _Read("roi_align_rotated", output, points, (), "detectron2")


def _position_sensitive(features, row, scale: float, output_size, ratio, points) -> tuple[_Read, _Read]:
    """torchvision's PS RoI Align and PS RoI Pooling with the map as each of the h x w score maps: bin (i, j)
    reads map i * w + j (drawn), its samples (``points``: RoI Align's, aligned) or its rounded cells (averaged)."""
    stack = np.repeat(features, output_size * output_size, axis=1)
    maps = channel_index(1, output_size, output_size).ravel().tolist()
    aligned_bins = _bins(Rect(*(row[0, 1:] * scale)), output_size, 0.0)
    align = ps_roi_align(stack, row, output_size, scale, ratio)[0, 0]
    height, width = features.shape[2:]
    rows = np.stack(rounded_bins(row[:, 2], row[:, 4], scale, output_size, height))[:, 0]
    cols = np.stack(rounded_bins(row[:, 1], row[:, 3], scale, output_size, width))[:, 0]
    blocks = tuple(Rect(c0, r0, c1, r1) for r0, r1 in rows.T for c0, c1 in cols.T)
    pool = ps_roi_pool(stack, row, output_size, scale)[0, 0]
    return (
        _Read("ps_roi_align", align, points, (), "torchvision", tuple(zip(aligned_bins, maps))),
        _Read("ps_roi_pool", pool, np.zeros((0, 2)), tuple(b for b in blocks if b.area > 0), "torchvision",
              tuple(zip(blocks, maps))),
    )  # fmt: skip


def _bins(rect: Rect, output_size: int, offset: float) -> tuple[Rect, ...]:
    """A box cut into output_size x output_size equal bins, moved by ``offset`` cells (into the map frame)."""
    xs = np.linspace(rect.x1, rect.x2, output_size + 1) + offset
    ys = np.linspace(rect.y1, rect.y2, output_size + 1) + offset
    return tuple(Rect(xs[j], ys[i], xs[j + 1], ys[i + 1]) for i in range(output_size) for j in range(output_size))
