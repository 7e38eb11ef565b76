#!/usr/bin/env bash
# Runs the Node client suite (tests/node: ioredis and node-redis under `node --test`) against a
# server binary. Installs Debian's nodejs and npm when `node` is missing, and the pinned packages
# (`npm ci`) when tests/node/node_modules is missing or older than the lockfile. Prints
# `PASS node.<file>.<test>`, `FAIL node.<file>.<test>: <reason>` or `SKIP ...: <why>` per test and
# last exactly `N passed, M failed`; the exit status is 0 only when nothing failed.
#
#   tools/node_tests.sh build/tessera-server
#   tools/node_tests.sh /usr/bin/redis-server        (the reference: every test must pass too)
#   tools/node_tests.sh build/tessera-server connect  (only tests/node/connect.test.mjs)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/tests/node"
FILE_TIMEOUT=180   # seconds for one test file (its servers included); each suite has 120 s

log() { printf '%s\n' "$*"; }

finish() {
    log "$1 passed, $2 failed"
    [ "$2" -eq 0 ]
    exit $?
}

if [ $# -lt 1 ]; then
    log "usage: tools/node_tests.sh <server binary> [test file base name ...]"
    finish 0 1
fi
server="$1"
shift
case "$server" in
    /*) ;;
    *) server="$PWD/$server" ;;
esac
if [ ! -x "$server" ]; then
    log "FAIL node: $server is not an executable"
    finish 0 1
fi

# --- node and npm (Debian's packages when node is missing) -------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "installing nodejs and npm"
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            log "FAIL node: node or npm missing and not root; install nodejs and npm with apt-get"
            finish 0 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! { "${sudo[@]}" apt-get update -q && \
           "${sudo[@]}" apt-get install -y -q --no-install-recommends nodejs npm; }; then
        log "FAIL node: apt-get could not install nodejs and npm"
        finish 0 1
    fi
fi

# --- the pinned packages -------------------------------------------------------------------------
# npm ci writes node_modules/.package-lock.json; older than the lockfile means out of date.
if [ ! -f "$NODE_DIR/node_modules/.package-lock.json" ] || \
   [ "$NODE_DIR/package-lock.json" -nt "$NODE_DIR/node_modules/.package-lock.json" ]; then
    log "installing the pinned packages (npm ci in tests/node)"
    if ! (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error); then
        log "FAIL node: npm ci failed in tests/node"
        finish 0 1
    fi
fi

# --- the test files, one node --test each ---------------------------------------------------------
shopt -s nullglob
files=()
if [ $# -gt 0 ]; then
    for b in "$@"; do files+=("$NODE_DIR/$b.test.mjs"); done
else
    files=("$NODE_DIR"/*.test.mjs)
fi
if [ ${#files[@]} -eq 0 ]; then
    log "FAIL node: no test files in tests/node"
    finish 0 1
fi

passed=0
failed=0
for f in "${files[@]}"; do
    base="$(basename "$f" .test.mjs)"
    if [ ! -f "$f" ]; then
        log "FAIL node.$base: no such file $f"
        failed=$((failed + 1))
        continue
    fi
    tap="$(mktemp)"
    (cd "$NODE_DIR" && TESSERA_SERVER="$server" timeout "$FILE_TIMEOUT" \
        node --test --test-reporter=tap "$f" >"$tap" 2>&1)
    rc=$?
    report="$(node "$NODE_DIR/tap_report.mjs" "$base" <"$tap")"
    [ -n "$report" ] && log "$report"
    p=$(grep -c '^PASS ' <<<"$report")
    m=$(grep -c '^FAIL ' <<<"$report")
    passed=$((passed + p))
    failed=$((failed + m))
    if [ "$rc" -ne 0 ] && [ "$m" -eq 0 ]; then
        # a crash, a timeout (124) or output the report could not read: show the tail
        tail -n 30 "$tap" | sed 's/^/    /'
        if [ "$rc" -eq 124 ]; then
            log "FAIL node.$base: timed out after $FILE_TIMEOUT s"
        else
            log "FAIL node.$base: node --test exited with status $rc"
        fi
        failed=$((failed + 1))
    elif [ "$p" -eq 0 ] && [ "$m" -eq 0 ] && ! grep -q '^SKIP ' <<<"$report"; then
        tail -n 30 "$tap" | sed 's/^/    /'
        log "FAIL node.$base: no test results"
        failed=$((failed + 1))
    fi
    rm -f "$tap"
done

finish "$passed" "$failed"
