#!/usr/bin/env bash
# Refresh the lock files: every package the app (requirements.lock) and the test suite
# (requirements-dev.lock) install, transitive ones included, pinned to one version
# (pip-tools' pip-compile, resolving requirements.txt and requirements-dev.txt).
#
#   bash scripts/lock_requirements.sh            after changing a requirements file
#   bash scripts/lock_requirements.sh --upgrade  move every unpinned dependency to its newest release
#
# run_app.sh and run_tests.sh install with these as constraints (scripts/venv.sh).
set -euo pipefail

TAG=lock
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
ensure_venv
# Only pip-tools itself, at requirements-dev.txt's pin: the other requirements may not match the old locks.
"$VENV/bin/python" -m pip install --disable-pip-version-check -q "$(grep '^pip-tools==' requirements-dev.txt)"
export CUSTOM_COMPILE_COMMAND="bash scripts/lock_requirements.sh"  # what the files' header says to run
for requirements in requirements.txt requirements-dev.txt; do
    say "Locking $requirements -> $(lock_of "$requirements")"
    # No index URLs or local wheel folders in the file: they belong to the machine that ran this.
    "$VENV/bin/pip-compile" --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
        --no-emit-trusted-host --output-file "$(lock_of "$requirements")" "$@" "$requirements"
done
