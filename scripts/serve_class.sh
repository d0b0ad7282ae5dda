#!/usr/bin/env bash
# Serve RoI Lab to a whole class: nginx on PORT in front of REPLICAS Streamlit processes.
#
#   bash scripts/serve_class.sh                 students open the printed address
#   REPLICAS=4 PORT=8600 bash scripts/serve_class.sh
#
# One Streamlit process runs every session's script under one GIL (about one
# core), so a class needs several processes ("replicas") on local ports behind a
# proxy. nginx (Debian's package, installed with apt-get when missing and we are
# root or have passwordless sudo) gives each browser a cookie and sends all its
# requests to the same replica (a session lives in that process's memory),
# compresses the static files, and routes around a replica that dies: its
# students' browsers reconnect to another one and their view comes back from the
# URL (an uploaded photo is lost). The configuration comes from
# scripts/nginx/roi_lab.conf.template; docs/classroom.md explains it.
#
# No root needed to run: nginx runs as the invoking user with its config, temp
# files and logs in a temporary directory (printed; removed on a clean stop, kept
# when starting failed). Ctrl+C or SIGTERM stops nginx and every replica.
#
# Environment: PORT            port students connect to (default 8501)
#              HOST            address nginx listens on (default 0.0.0.0: every interface)
#              REPLICAS        Streamlit processes (default: the number of cores, nproc)
#              ROI_LAB_PYTHON  the Python (>= 3.11) used to create .venv (default python3)
set -euo pipefail

TAG=serve_class
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"

PORT="${PORT:-8501}"
HOST="${HOST:-0.0.0.0}"
REPLICAS="${REPLICAS:-$(nproc)}"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "PORT must be a number, not '$PORT'."
[[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || die "REPLICAS must be a positive number, not '$REPLICAS'."
HEALTH_TIMEOUT_S=120  # cold imports of several replicas on a slow 2-core laptop
STOP_TIMEOUT_S=10     # then SIGKILL

ensure_venv
ensure_requirements requirements.txt
PY="$REPO_ROOT/$VENV/bin/python"
NETINFO="$REPO_ROOT/scripts/netinfo.py"
TEMPLATE="$REPO_ROOT/scripts/nginx/roi_lab.conf.template"

# --- nginx and envsubst (Debian packages) ----------------------------------
# /usr/sbin is not on an ordinary user's PATH, but nginx runs fine from there.
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }
NGINX="$(find_nginx)"
if [ -z "$NGINX" ] && [ -n "$(priv)" ]; then
    say "nginx is missing: installing Debian's package with apt-get ($(priv))"
    apt_install nginx || die "apt-get install nginx failed."
    NGINX="$(find_nginx)"
fi
[ -n "$NGINX" ] || die "nginx is not installed and we are neither root nor have passwordless sudo.
  Ask an administrator to run:  apt-get install nginx"
if ! command -v envsubst >/dev/null 2>&1; then  # fills the template; in gettext-base
    [ -n "$(priv)" ] && { say "envsubst is missing: installing gettext-base"; apt_install gettext-base || true; }
    command -v envsubst >/dev/null 2>&1 || die "envsubst is missing: ask an administrator for 'apt-get install gettext-base'."
fi

# --- everything we start, and how it is stopped ----------------------------
RUN_DIR="$(mktemp -d -t roi-lab-class.XXXXXX)"  # in $TMPDIR, else the system's temporary folder
mkdir -p "$RUN_DIR/temp"
LEADERS=()  # process-group leaders: each replica and nginx run in their own group (setsid)

# Alive and not a zombie: a child that exited stays in /proc until `wait` reaps it.
alive() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [ "${stat%% *}" != Z ]
}

cleanup() {
    local status=$? pid waited=0
    trap - EXIT INT TERM
    if [ "${#LEADERS[@]}" -gt 0 ]; then
        say "Stopping nginx and the replicas"
        # Whole process groups: nginx's workers and anything a replica started go too.
        for pid in "${LEADERS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
        while [ "$waited" -lt $((STOP_TIMEOUT_S * 5)) ]; do
            local any=false
            for pid in "${LEADERS[@]}"; do
                if alive "$pid"; then any=true; fi
            done
            "$any" || break
            sleep 0.2
            waited=$((waited + 1))
        done
        for pid in "${LEADERS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
        wait 2>/dev/null || true  # reap them: no zombie, no orphan
    fi
    case "$status" in
        0 | 130 | 143) rm -rf "$RUN_DIR" ;;  # stopped on purpose
        *) say "Logs kept in $RUN_DIR" ;;      # something failed: keep the evidence
    esac
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT   # Ctrl+C: the EXIT trap stops everything
trap 'exit 143' TERM

# --- the replicas ------------------------------------------------------------
# Each replica's home page shows the address students type (nginx's), and its QR code, in presenter mode.
ROI_LAB_ADDRESS="$(class_address "$HOST" "$PORT")"
export ROI_LAB_ADDRESS
mapfile -t PORTS < <("$PY" "$NETINFO" free-ports "$REPLICAS")
declare -A REPLICA_OF=()  # pid -> "replica i (port)"
for i in "${!PORTS[@]}"; do
    port="${PORTS[$i]}"
    # setsid: its own process group (killed as a whole), and Ctrl+C in the
    # terminal reaches only this script, which stops everything in order.
    # No file watcher: nobody edits the app during a lesson, and it saves CPU.
    setsid "$PY" -m streamlit run app.py \
        --server.address 127.0.0.1 --server.port "$port" --server.headless true \
        --server.fileWatcherType none \
        </dev/null >"$RUN_DIR/replica-$((i + 1)).log" 2>&1 &
    LEADERS+=("$!")
    REPLICA_OF[$!]="replica $((i + 1)) (127.0.0.1:$port)"
    say "Started replica $((i + 1)): http://127.0.0.1:$port (pid $!, log $RUN_DIR/replica-$((i + 1)).log)"
done

# nginx only once every replica answers: a replica still importing would count
# as failed (max_fails) and its share of students would be sent elsewhere.
urls=()
for port in "${PORTS[@]}"; do urls+=("http://127.0.0.1:$port"); done
say "Waiting for the $REPLICAS replica(s) to answer /_stcore/health"
deadline=$((SECONDS + HEALTH_TIMEOUT_S))
until "$PY" "$NETINFO" healthy "${urls[@]}"; do
    for pid in "${LEADERS[@]}"; do
        alive "$pid" || die "${REPLICA_OF[$pid]} exited while starting: see its log in $RUN_DIR"
    done
    [ "$SECONDS" -lt "$deadline" ] || die "replicas not healthy after ${HEALTH_TIMEOUT_S} s: see the logs in $RUN_DIR"
    sleep 0.5
done

# --- nginx -------------------------------------------------------------------
# The template's placeholders, and nothing else (nginx's own $variables stay).
export RUN_DIR
if [ "$(id -u)" -eq 0 ]; then
    # As root nginx would switch its workers to "nobody", who cannot write RUN_DIR.
    export USER_DIRECTIVE="user $(id -un) $(id -gn);  # the invoking user"
else
    export USER_DIRECTIVE="# not root: nginx runs as $(id -un)"
fi
case "$HOST" in
    *:*) export LISTEN="[$HOST]:$PORT" ;;  # an IPv6 address
    *) export LISTEN="$HOST:$PORT" ;;
esac
UPSTREAM_SERVERS=""
for port in "${PORTS[@]}"; do
    UPSTREAM_SERVERS+="        server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
done
export UPSTREAM_SERVERS
# shellcheck disable=SC2016  # the single quotes keep the names for envsubst
envsubst '${RUN_DIR} ${USER_DIRECTIVE} ${LISTEN} ${UPSTREAM_SERVERS}' <"$TEMPLATE" >"$RUN_DIR/nginx.conf"

# -e: nginx's own startup messages also go to RUN_DIR (not /var/log/nginx).
NGINX_ARGS=(-p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/error.log")
"$NGINX" -t -q "${NGINX_ARGS[@]}" || die "nginx rejected $RUN_DIR/nginx.conf (see $RUN_DIR/error.log)"
setsid "$NGINX" "${NGINX_ARGS[@]}" </dev/null &
NGINX_PID=$!
LEADERS+=("$NGINX_PID")
say "Started nginx on $LISTEN (pid $NGINX_PID, logs in $RUN_DIR)"

case "$HOST" in  # where this machine itself reaches nginx
    0.0.0.0 | "") probe="http://127.0.0.1:$PORT" ;;
    ::) probe="http://[::1]:$PORT" ;;
    *:*) probe="http://[$HOST]:$PORT" ;;
    *) probe="http://$HOST:$PORT" ;;
esac
deadline=$((SECONDS + 20))
until "$PY" "$NETINFO" healthy "$probe"; do
    alive "$NGINX_PID" || die "nginx exited: see $RUN_DIR/error.log"
    [ "$SECONDS" -lt "$deadline" ] || die "nginx does not answer on $probe: see $RUN_DIR/error.log"
    sleep 0.3
done
say "RoI Lab is served by $REPLICAS replica(s) behind nginx (Ctrl+C to stop)"
announce_urls "$HOST" "$PORT"

# --- supervise -----------------------------------------------------------------
# A replica that dies is only reported: nginx already sends its students elsewhere.
# nginx dying ends the class (and stops the replicas).
# A signal interrupts `wait` at once and runs the traps above.
running=("${LEADERS[@]}")
while true; do
    ended=""
    wait -n -p ended "${running[@]}" || true
    [ -n "$ended" ] || continue
    [ "$ended" != "$NGINX_PID" ] || die "nginx stopped unexpectedly: see $RUN_DIR/error.log"
    for i in "${!running[@]}"; do  # reaped: never wait for it again
        [ "${running[$i]}" != "$ended" ] || unset 'running[i]'
    done
    left=$((${#running[@]} - 1))  # minus nginx
    [ "$left" -gt 0 ] || die "every replica has stopped: see the logs in $RUN_DIR"
    say "WARNING: ${REPLICA_OF[$ended]} stopped; its students reconnect to the other $left (an uploaded photo must be uploaded again)"
done
