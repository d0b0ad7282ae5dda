#!/usr/bin/env bash
# Build mmcv 2.2.0 with its compiled CPU ops into a torch environment, for the optional parity tests
# (tests/ui/test_snippets_detection_parity.py). Usage: bash scripts/build_mmcv.sh [VENV], default .venv-torch
# (made as docs/testing.md says). mmcv ships no wheel for torch 2.14; its source asks the compiler for C++14/17
# while torch 2.14's headers need C++20, so the build is told C++20; its setup.py imports pkg_resources, which
# setuptools 81 dropped, so it builds with the environment's own setuptools < 81. About 6 minutes on 2 cores; g++.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${1:-.venv-torch}"
"$VENV/bin/python" -c "import torch" || { echo "no torch in $VENV: make it first (docs/testing.md)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$VENV/bin/pip" install "setuptools<81" wheel ninja
"$VENV/bin/pip" download --no-deps --no-build-isolation --no-binary :all: mmcv==2.2.0 -d "$work"
tar -xzf "$work/mmcv-2.2.0.tar.gz" -C "$work"
sed -i 's/c++14/c++20/g; s/c++17/c++20/g' "$work/mmcv-2.2.0/setup.py"
MMCV_WITH_OPS=1 MAX_JOBS="$(nproc)" "$VENV/bin/pip" install --no-build-isolation "$work/mmcv-2.2.0"
"$VENV/bin/python" -c "from mmcv.ops import RoIAlign; print('mmcv.ops.RoIAlign:', RoIAlign)"
