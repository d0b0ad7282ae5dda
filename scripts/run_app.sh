#!/usr/bin/env bash
# Start the RoI Lab Streamlit app on http://127.0.0.1:${PORT:-8501}
#
#   bash scripts/run_app.sh            (PORT=8600 bash scripts/run_app.sh for another port)
#   HOST=0.0.0.0 bash scripts/run_app.sh   serve the room: prints the address students type
#
# Creates/updates .venv in the repo root from requirements.txt (reinstalls only
# when the requirements change: hash stamp in .venv), then runs Streamlit.
# One process serves about a dozen students; for a whole class use
# scripts/serve_class.sh (several processes behind nginx, docs/classroom.md).
#
# Environment: PORT            port to listen on (default 8501)
#              HOST            address to listen on (default 127.0.0.1: this computer only;
#                              0.0.0.0: every network interface, for students on the same network)
#              ROI_LAB_PYTHON  the Python (>= 3.11) used to create .venv (default python3)
set -euo pipefail

TAG=run_app
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
ensure_venv
ensure_requirements requirements.txt
PY="$REPO_ROOT/$VENV/bin/python"

PORT="${PORT:-8501}"
# Loopback by default: opening the app to the network is the teacher's explicit choice.
HOST="${HOST:-127.0.0.1}"
ARGS=(--server.address "$HOST" --server.port "$PORT")
case "$HOST" in
    # On every interface Streamlit would also look up this network's public address
    # (a request to a web service) and print it as an "External URL" students cannot
    # use: the line below is the address to give them.
    0.0.0.0 | ::) ARGS+=(--logger.hideWelcomeMessage true) ;;
esac
# The home page shows this address, and its QR code, in presenter mode.
ROI_LAB_ADDRESS="$(class_address "$HOST" "$PORT")"
export ROI_LAB_ADDRESS
say "Starting RoI Lab on ${HOST}:${PORT} (Ctrl+C to stop)"
announce_urls "$HOST" "$PORT"
exec "$PY" -m streamlit run app.py "${ARGS[@]}"
