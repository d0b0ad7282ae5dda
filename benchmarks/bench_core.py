"""roi_core's batch functions on a detection-sized workload, against torchvision when present.

Run by hand (one thread each; torchvision rows appear when it is importable):

    .venv/bin/python benchmarks/bench_core.py
    .venv-torch/bin/python benchmarks/bench_core.py   # the venv of docs/testing.md, with torch + torchvision

Workload (float32): a 1 x 256 x 50 x 68 feature map (standard normal, seed 0),
the map of a 2176 x 1600 image (68 * 32 x 50 * 32) at stride 32; 512 boxes in
image pixels (seed 1) with centres uniform in the image and widths and heights
uniform in [32, 800] px; 7 x 7 output, sampling_ratio 2, spatial_scale 1/32,
aligned False.

Each call is timed with time.perf_counter, best of 7 after one warm-up call;
the CPU time of the same runs (time.process_time, best of 7) is shown too,
as it is less disturbed by other processes on a busy machine (the 1-minute
load average is printed). Ratios use the wall-clock times.
Peak memory is tracemalloc's peak over one call of each NumPy function, in a
separate run (NumPy reports its array buffers to tracemalloc). Prints a
Markdown table; targets: roi_align avg <= 1.0 x torchvision's roi_align,
roi_align max <= 2.0 x it, roi_pool (round) <= 1.5 x torchvision's roi_pool,
peak memory <= 1 GB.
"""

from __future__ import annotations

import os

# One thread for every library, set before NumPy (and torch) load their thread pools.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import platform
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from roi_core import roi_align, roi_pool

try:
    import torch
    import torchvision.ops

    torch.set_num_threads(1)
except ImportError:  # the project's own venv has no torch: roi_core rows only
    torch = None

MAP_SHAPE = (1, 256, 50, 68)
STRIDE = 32
BOXES = 512
OUTPUT_SIZE = 7
SAMPLING_RATIO = 2
SPATIAL_SCALE = 1 / STRIDE
ALIGNED = False
REPEATS = 7
TARGETS = {"align_avg": 1.0, "align_max": 2.0, "pool": 1.5}
MEMORY_TARGET = 1 << 30


def workload():
    """The feature map (float32) and (K, 5) boxes (float32, batch index 0) in image pixels."""
    features = np.random.default_rng(0).standard_normal(MAP_SHAPE, dtype=np.float32)
    image_w, image_h = MAP_SHAPE[3] * STRIDE, MAP_SHAPE[2] * STRIDE  # 2176 x 1600
    rng = np.random.default_rng(1)
    centres = rng.uniform((0, 0), (image_w, image_h), (BOXES, 2))
    sizes = rng.uniform(32, 800, (BOXES, 2))
    corners = np.column_stack([centres - sizes / 2, centres + sizes / 2])
    boxes = np.column_stack([np.zeros(BOXES), corners]).astype(np.float32)
    return features, boxes


def best_time(function) -> tuple[float, float]:
    """Best of REPEATS runs after one warm-up run: (wall-clock ms, CPU ms)."""
    function()
    wall, cpu = [], []
    for _ in range(REPEATS):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall) * 1000, min(cpu) * 1000


def peak_bytes(function) -> int:
    """tracemalloc's peak (bytes) over one call, counted from the start of the call."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        base = tracemalloc.get_traced_memory()[0]
        function()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def main() -> None:
    features, boxes = workload()
    ours = {
        "align_avg": lambda: roi_align(features, boxes, OUTPUT_SIZE, SPATIAL_SCALE, SAMPLING_RATIO, ALIGNED),
        "align_max": lambda: roi_align(
            features, boxes, OUTPUT_SIZE, SPATIAL_SCALE, SAMPLING_RATIO, ALIGNED, pooling="max"
        ),
        "pool": lambda: roi_pool(features, boxes, OUTPUT_SIZE, SPATIAL_SCALE),
    }
    ms = {name: best_time(call) for name, call in ours.items()}
    peaks = {name: peak_bytes(call) for name, call in ours.items()}

    reference, checks = {}, []
    if torch is not None:
        t_features, t_boxes = torch.from_numpy(features), torch.from_numpy(boxes)
        with torch.inference_mode():
            tv_calls = {
                "roi_align": lambda: torchvision.ops.roi_align(
                    t_features, t_boxes, OUTPUT_SIZE, SPATIAL_SCALE, SAMPLING_RATIO, ALIGNED
                ),
                "roi_pool": lambda: torchvision.ops.roi_pool(t_features, t_boxes, OUTPUT_SIZE, SPATIAL_SCALE),
            }
            reference = {name: best_time(call) for name, call in tv_calls.items()}
            align_diff = np.max(np.abs(ours["align_avg"]() - tv_calls["roi_align"]().numpy()))
            pool_equal = np.array_equal(ours["pool"](), tv_calls["roi_pool"]().numpy())
        checks = [
            f"max |roi_align avg - torchvision| = {align_diff:.2g}",
            f"roi_pool equal to torchvision: {pool_equal}",
        ]

    against = {"align_avg": "roi_align", "align_max": "roi_align", "pool": "roi_pool"}
    labels = {
        "align_avg": "roi_core.roi_align (avg)",
        "align_max": "roi_core.roi_align (max)",
        "pool": "roi_core.roi_pool (round)",
    }
    print(
        f"Workload: {MAP_SHAPE} float32 map, {BOXES} boxes (32-800 px in a "
        f"{MAP_SHAPE[3] * STRIDE}x{MAP_SHAPE[2] * STRIDE} image), {OUTPUT_SIZE}x{OUTPUT_SIZE} output, "
        f"sampling_ratio {SAMPLING_RATIO}, spatial_scale 1/{STRIDE}, aligned {ALIGNED}; one thread; "
        f"best of {REPEATS} after a warm-up."
    )
    versions = f"Python {platform.python_version()}, NumPy {np.__version__}"
    if torch is not None:
        versions += f", torch {torch.__version__}, torchvision {torchvision.__version__}"
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(versions + f", {platform.machine()}, {os.cpu_count()} CPUs{load}.\n")
    print("| call | ms (CPU ms) | torchvision ms (CPU ms) | ratio (CPU ratio) | target | peak memory (tracemalloc) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, label in labels.items():
        wall, cpu = ms[name]
        tv = reference.get(against[name])
        if tv is None:
            tv_text, ratio_text = "n/a", "n/a"
        else:
            ratio = wall / tv[0]
            verdict = "ok" if ratio <= TARGETS[name] else "MISSED"
            tv_text = f"{tv[0]:.1f} ({tv[1]:.1f}) {against[name]}"
            ratio_text = f"{ratio:.2f} ({cpu / tv[1]:.2f}) {verdict}"
        memory = f"{peaks[name] / 2**20:.1f} MiB ({'ok' if peaks[name] <= MEMORY_TARGET else 'MISSED'})"
        print(f"| {label} | {wall:.1f} ({cpu:.1f}) | {tv_text} | {ratio_text} | <= {TARGETS[name]:.1f} | {memory} |")
    print(f"\nMemory target: <= 1 GB peak per call. {'; '.join(checks)}".rstrip("; "))


if __name__ == "__main__":
    main()
