# Shared by run_app.sh, serve_class.sh and run_tests.sh (sourced, not run): the
# repo's .venv, created with a Python >= 3.11 and kept in step with a requirements
# file; root/sudo helpers for apt-get; the address students type.
# The caller sets TAG (the log prefix) before sourcing.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

VENV=".venv"
say() { printf '[%s] %s\n' "$TAG" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$TAG" "$*" >&2; exit 1; }

# --- privileges: "root", "sudo" (passwordless) or "" ----------------------
priv() {
    if [ "$(id -u)" -eq 0 ]; then echo root
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then echo sudo
    else echo ""
    fi
}
as_root() {
    case "$(priv)" in
        root) "$@" ;;
        sudo) sudo -n "$@" ;;
        *) return 1 ;;
    esac
}
apt_install() {  # apt_install PKG...
    as_root apt-get update &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

# --- Python >= 3.11 and .venv --------------------------------------------
py_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; }

ensure_venv() {
    if [ -x "$VENV/bin/python" ] && py_ok "$VENV/bin/python" && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
        return 0
    fi
    local py="${ROI_LAB_PYTHON:-python3}"
    command -v "$py" >/dev/null 2>&1 || die "'$py' not found: install Python 3.11 or newer (Debian: apt-get install python3)."
    py_ok "$py" || die "Python 3.11 or newer is needed; '$py' is $("$py" -c 'import sys; print(sys.version.split()[0])' 2>&1)."
    [ -e "$VENV" ] && { say "Removing broken or outdated $VENV"; rm -rf "$VENV"; }
    say "Creating $VENV with $py ($("$py" -c 'import sys; print(sys.version.split()[0])'))"
    local out ver
    if ! out="$("$py" -m venv "$VENV" 2>&1)"; then
        rm -rf "$VENV"
        ver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        if [ -z "$(priv)" ]; then
            printf '%s\n' "$out" >&2
            die "'$py -m venv' failed and we are neither root nor have passwordless sudo.
  Ask an administrator to run:  apt-get install python3-venv python$ver-venv
  (or set ROI_LAB_PYTHON to a Python >= 3.11 that has the venv module)."
        fi
        say "'$py -m venv' failed (Debian ships venv separately): installing python3-venv"
        apt_install python3-venv || apt_install "python$ver-venv" ||
            die "Could not install python3-venv with apt-get."
        if ! "$py" -m venv "$VENV"; then
            rm -rf "$VENV"
            die "'$py -m venv $VENV' still fails after installing python3-venv."
        fi
    fi
}

lock_of() {  # the lock file of a requirements file: requirements.txt -> requirements.lock
    echo "${1%.txt}.lock"
}

req_hash() {  # hash of requirements.txt, the given file (which includes it) and their lock files
    cat requirements.txt "$1" "$(lock_of requirements.txt)" "$(lock_of "$1")" | sha256sum | cut -d' ' -f1
}

# Installs the requirements file's own pins, every other package pinned by its lock file (made by
# scripts/lock_requirements.sh with pip-tools): the same versions on every machine.
ensure_requirements() {
    local stamp="$VENV/.roi-lab-$1.sha256" want
    want="$(req_hash "$1")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    say "Installing $1 (versions from $(lock_of "$1")) into $VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$1" -c "$(lock_of "$1")"
    echo "$want" >"$stamp"
    # requirements-dev.txt includes requirements.txt: that one is current too.
    [ "$1" = requirements.txt ] || req_hash requirements.txt >"$VENV/.roi-lab-requirements.txt.sha256"
}


# --- the address students type (scripts/netinfo.py is the one place that decides)
class_address() {  # class_address HOST PORT: the URL students type, or nothing when only this computer is served
    case "$1" in
        127.* | ::1 | localhost) return 0 ;;
    esac
    local urls
    mapfile -t urls < <("$REPO_ROOT/$VENV/bin/python" "$REPO_ROOT/scripts/netinfo.py" url "$1" "$2")
    case "${urls[0]:-}" in
        http://127.* | "") ;;  # offline: no address anybody else could type
        *) echo "${urls[0]}" ;;
    esac
}

announce_urls() {  # announce_urls HOST PORT
    local urls
    mapfile -t urls < <("$REPO_ROOT/$VENV/bin/python" "$REPO_ROOT/scripts/netinfo.py" url "$1" "$2")
    case "$1" in
        0.0.0.0 | :: | "")
            if [ "${#urls[@]}" -gt 1 ]; then
                say "Students open: ${urls[0]}   (on this computer: ${urls[1]})"
            else  # offline, or only a loopback interface: nobody else can reach us
                say "No network address found: only this computer can open ${urls[0]}"
            fi
            ;;
        127.* | ::1 | localhost) say "Open ${urls[0]} on this computer only (HOST=0.0.0.0 serves the room)" ;;
        *) say "Students open: ${urls[0]}" ;;
    esac
}
