#!/usr/bin/env bash
# Run the whole RoI Lab test suite (unit, property and real-browser tests).
#
#   bash scripts/run_tests.sh [extra pytest args...]
#
# 1. creates/updates .venv in the repo root from requirements-dev.txt
#    (reinstalls only when the requirements files change: hash stamp in .venv);
# 2. makes sure Debian's chromium is installed (apt-get as root or with
#    passwordless sudo); without either, falls back to downloading
#    Playwright's own Chromium and tells the tests to use it;
#    likewise Debian's nginx (and envsubst) for tests/serving, skipped without them;
# 3. lints and checks the formatting with ruff (settings in pyproject.toml);
# 4. runs `python -m pytest "$@"`; exits with pytest's code, and treats
#    "no tests collected" (pytest exit 5) as a failure.
#
# Environment: ROI_LAB_PYTHON  the Python (>= 3.11) used to create .venv (default python3)
set -euo pipefail

TAG=run_tests
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
ensure_venv
ensure_requirements requirements-dev.txt
PY="$REPO_ROOT/$VENV/bin/python"

# --- Chromium for the browser tests ---------------------------------------
DEBIAN_CHROMIUM=/usr/bin/chromium
if [ ! -x "$DEBIAN_CHROMIUM" ] && [ -n "$(priv)" ]; then
    say "Debian's chromium is missing: installing it with apt-get ($(priv))"
    apt_install chromium || say "apt-get install chromium failed."
fi
if [ -x "$DEBIAN_CHROMIUM" ]; then
    export ROI_LAB_CHROMIUM="$DEBIAN_CHROMIUM"
else
    say "WARNING: no $DEBIAN_CHROMIUM and no root/passwordless sudo to install it."
    say "WARNING: falling back to 'python -m playwright install chromium', which DOWNLOADS a browser"
    say "WARNING: (it may also need system libraries: ask an admin for 'apt-get install chromium')."
    "$PY" -m playwright install chromium || die "Could not get a Chromium for the browser tests."
    export ROI_LAB_CHROMIUM=""  # tests/browser/conftest.py: use Playwright's own browser
fi

# --- nginx for tests/serving (scripts/serve_class.sh), installed like chromium ---
if ! { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 || ! command -v envsubst >/dev/null 2>&1; then
    if [ -n "$(priv)" ]; then
        say "nginx or envsubst is missing: installing nginx and gettext-base with apt-get ($(priv))"
        apt_install nginx gettext-base || say "WARNING: apt-get install nginx gettext-base failed: tests/serving will be skipped."
    else
        say "WARNING: no nginx and no root/passwordless sudo to install it: tests/serving will be skipped."
    fi
fi

# --- lint and format (pyproject.toml) --------------------------------------
say "Running: ruff check . && ruff format --check ."
"$PY" -m ruff check . || die "ruff check found problems (fix them, or run: .venv/bin/ruff check --fix .)"
"$PY" -m ruff format --check . || die "ruff format would change files (run: .venv/bin/ruff format .)"

# --- the tests -------------------------------------------------------------
mkdir -p test-artifacts/screenshots
say "Running: python -m pytest $*"
set +e
"$PY" -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    say "ERROR: pytest collected no tests (exit 5): treating this as a failure."
    exit 1
fi
exit "$rc"
