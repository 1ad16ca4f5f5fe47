#!/usr/bin/env bash
# Sets up and drives the real PC/SC stack the devices tests run against:
# Debian's pcscd, the vsmartcard-vpcd virtual reader and the vicc virtual card.
#
#   scripts/pcsc-test-env.sh install      install what is missing (apt-get update once, then install)
#   scripts/pcsc-test-env.sh start        install if needed, start pcscd if it is not running
#   scripts/pcsc-test-env.sh stop         stop pcscd (SIGTERM, waits for it to exit)
#   scripts/pcsc-test-env.sh kill         kill pcscd with SIGKILL (a crash, for the restart test)
#   scripts/pcsc-test-env.sh status       is pcscd running, which readers does it list
#   scripts/pcsc-test-env.sh vicc [ARGS]  exec the virtual card (default: 127.0.0.1, port 35963 = "Virtual PCD 00 00")
#
# Or source it and call the functions of the same names (pcsc_install, pcsc_start, ...).
#
# Two Debian bookworm packaging problems are worked around for vicc, without touching
# system files (everything lives in $PCSC_TEST_DIR):
# - python3-virtualsmartcard installs into /usr/lib/python3/site-packages/virtualsmartcard,
#   which Debian's python does not search: it is put on PYTHONPATH.
# - vicc imports PyCrypto as "Crypto"; Debian ships pycryptodome only as "Cryptodome":
#   a two-line alias package "Crypto" is put on PYTHONPATH.
# And one vicc 0.8 bug: a CLA 0xFF command (PC/SC pseudo-APDUs such as GET DATA
# FF CA 00 00 00) is treated as proprietary secure messaging, and the error it raises
# escapes its own error path and kills vicc. The wrapper makes that error an ordinary
# status word (the card then answers 69 85, as a contact card refusing GET DATA would).
set -euo pipefail

PCSC_TEST_DIR=${PCSC_TEST_DIR:-/var/tmp/carddesk-pcsc-test}
PCSCD_PIDFILE=/run/pcscd/pcscd.pid
VSC_PY=/usr/lib/python3/site-packages/virtualsmartcard

pcsc_need() { # prints the packages that are missing
    local p missing=()
    for p in pcscd vsmartcard-vpcd vsmartcard-vpicc python3-pycryptodome; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    echo "${missing[@]:-}"
}

pcsc_install() {
    local missing
    missing=$(pcsc_need)
    [ -z "$missing" ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing: $missing" >&2
    $sudo apt-get update -q >&2
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing >&2
}

pcscd_pid() { # prints the pid of the running pcscd, if any
    local pid
    [ -r "$PCSCD_PIDFILE" ] || return 1
    pid=$(tr -dc 0-9 < "$PCSCD_PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = pcscd ] || return 1
    echo "$pid"
}

pcsc_start() {
    pcsc_install
    pcscd_pid >/dev/null && return 0
    # No --auto-exit: the tests expect pcscd to stay until they stop it.
    pcscd
    local i
    for i in $(seq 50); do
        [ -S /run/pcscd/pcscd.comm ] && pcscd_pid >/dev/null && return 0
        sleep 0.1
    done
    echo "pcscd did not come up (see syslog or run: pcscd --foreground --debug)" >&2
    return 1
}

pcsc_stop_with() {
    local sig=$1 pid i
    pid=$(pcscd_pid) || return 0
    kill "-$sig" "$pid"
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "pcscd (pid $pid) did not exit" >&2
    return 1
}
pcsc_stop() { pcsc_stop_with TERM; }
pcsc_kill() { pcsc_stop_with KILL; }

pcsc_status() {
    if pid=$(pcscd_pid); then echo "pcscd running (pid $pid)"; else echo "pcscd not running"; fi
    command -v pcsc_scan >/dev/null && timeout 2 pcsc_scan -r 2>/dev/null || true
}

pcsc_vicc_prepare() {
    mkdir -p "$PCSC_TEST_DIR/py/Crypto"
    cat > "$PCSC_TEST_DIR/py/Crypto/__init__.py" <<'PY'
# Debian ships pycryptodome as "Cryptodome"; vicc imports PyCrypto's name "Crypto".
import sys
import Cryptodome
sys.modules[__name__] = Cryptodome
PY
    cat > "$PCSC_TEST_DIR/py/vicc_fixed.py" <<'PY'
# Runs /usr/bin/vicc with one fix: an SwError raised while formatting an error answer
# (CLA 0xFF taken as secure messaging) becomes that status word instead of a crash.
import runpy, sys
from virtualsmartcard.SWutils import SwError
from virtualsmartcard.VirtualSmartcard import Iso7816OS

_orig = Iso7816OS.formatResult

def _format_result(self, seekable, le, data, sw, sm):
    try:
        return _orig(self, seekable, le, data, sw, sm)
    except SwError as e:
        return _orig(self, False, 0, b"", e.sw, False)

Iso7816OS.formatResult = _format_result
sys.argv[0] = "/usr/bin/vicc"
runpy.run_path("/usr/bin/vicc", run_name="__main__")
PY
}

pcsc_vicc() {
    pcsc_install
    pcsc_vicc_prepare
    export PYTHONPATH="$VSC_PY:$PCSC_TEST_DIR/py${PYTHONPATH:+:$PYTHONPATH}"
    if [ $# -eq 0 ]; then set -- --hostname 127.0.0.1 --port 35963; fi
    # exec: the caller's child pid is vicc itself, so killing it removes the card.
    exec /usr/bin/python3 "$PCSC_TEST_DIR/py/vicc_fixed.py" "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    cmd=${1:-status}
    shift || true
    case "$cmd" in
        install) pcsc_install ;;
        start) pcsc_start ;;
        stop) pcsc_stop ;;
        kill) pcsc_kill ;;
        status) pcsc_status ;;
        vicc) pcsc_vicc "$@" ;;
        *) echo "usage: $0 install|start|stop|kill|status|vicc [ARGS]" >&2; exit 2 ;;
    esac
fi
