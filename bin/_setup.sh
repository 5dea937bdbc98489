# shellcheck shell=bash
# Shared install steps for bin/start and bin/test. Source it; don't run it.
#
# After `portal_setup_python [requirements file]`, $VENV_PYTHON is the project's virtualenv
# Python with that file installed (default requirements.txt; bin/test uses requirements-dev.txt).
# Re-running is cheap: pip runs again only when the requirements (or the interpreter) changed
# since the last successful install.

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="${VENV_DIR:-$PORTAL_ROOT/.venv}"
VENV_PYTHON="$VENV_DIR/bin/python"

portal_log() {
    printf '[%s] %s\n' "${PORTAL_LOG_TAG:-setup}" "$*"
}

portal_die() {
    printf '[%s] ERROR: %s\n' "${PORTAL_LOG_TAG:-setup}" "$*" >&2
    exit 1
}

portal_is_root() {
    [ "$(id -u)" -eq 0 ]
}

portal_can_apt() {
    portal_is_root && command -v apt-get >/dev/null 2>&1
}

# Install Debian packages that are not installed yet (root with apt only).
# Returns 1 when some are missing and cannot be installed here.
portal_apt_install() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! portal_can_apt; then
        portal_log "missing Debian packages: ${missing[*]} (run as root with apt-get to install them)"
        return 1
    fi
    portal_log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine has empty package lists: update once per run, then install.
    if [ -z "${PORTAL_APT_UPDATED:-}" ]; then
        apt-get update -qq </dev/null
        PORTAL_APT_UPDATED=1
    fi
    apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" </dev/null >/dev/null
}

portal_find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3 python; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

portal_create_venv() {
    local python
    python="$(portal_find_python)" || portal_die "Python >= 3.10 not found (Django 5.2 needs it); set PYTHON=/path/to/python3.11"
    portal_log "creating $VENV_DIR with $("$python" --version 2>&1)"
    if ! "$python" -m venv "$VENV_DIR" 2>/dev/null; then
        rm -rf "$VENV_DIR"
        # Debian's own python3 ships venv/ensurepip separately.
        if portal_can_apt; then
            local minor
            minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            portal_apt_install "python$minor-venv" || portal_apt_install python3-venv
            "$python" -m venv "$VENV_DIR" || portal_die "could not create $VENV_DIR"
        else
            portal_die "'$python -m venv' failed; install python3-venv (Debian) and run again"
        fi
    fi
}

portal_setup_python() {
    local requirements="${1:-requirements.txt}"
    cd "$PORTAL_ROOT" || return 1
    if [ ! -x "$VENV_PYTHON" ] || ! "$VENV_PYTHON" -c 'import sys' >/dev/null 2>&1; then
        rm -rf "$VENV_DIR"
        portal_create_venv
    fi
    local stamp="$VENV_DIR/.${requirements%.txt}.sha256" want
    want="$( (cat requirements*.txt; "$VENV_PYTHON" --version) | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        portal_log "$requirements already installed in $VENV_DIR"
        return 0
    fi
    portal_log "pip install -r $requirements into $VENV_DIR"
    "$VENV_PYTHON" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
    echo "$want" >"$stamp"
}

# One line saying which database and broker Django will use, without passwords.
portal_describe_backends() {
    DJANGO_SETTINGS_MODULE=craftsman_portal.settings "$VENV_PYTHON" - <<'PY'
import django
from django.conf import settings

django.setup()
from django.db import connection

db = connection.settings_dict
where = db["NAME"] if connection.vendor == "sqlite" else f'{db["NAME"]} on {db["HOST"] or "localhost"}:{db["PORT"] or "default port"}'
broker = "Redis (cache and Celery broker)" if settings.REDIS_URL else "none (Celery tasks run eagerly, local-memory cache)"
print(f"database vendor: {connection.vendor} ({where}); Redis: {broker}")
PY
}
