#!/usr/bin/env bash
# Start the RoI Lab Streamlit app on http://127.0.0.1:${PORT:-8501}
#
#   bash scripts/run_app.sh            (PORT=8600 bash scripts/run_app.sh for another port)
#
# Creates/updates .venv in the repo root from requirements.txt (reinstalls only
# when the requirements change: hash stamp in .venv), then runs Streamlit.
#
# Environment: PORT            port to listen on (default 8501)
#              ROI_LAB_PYTHON  the Python (>= 3.11) used to create .venv (default python3)
set -euo pipefail

TAG=run_app
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
ensure_venv
ensure_requirements requirements.txt
PY="$REPO_ROOT/$VENV/bin/python"

PORT="${PORT:-8501}"
say "Starting RoI Lab: open http://127.0.0.1:${PORT} in your browser (Ctrl+C to stop)"
exec "$PY" -m streamlit run app.py --server.address 127.0.0.1 --server.port "$PORT"
