#!/usr/bin/env bash
# Builds Tessera with AddressSanitizer and UBSan (build-test/) and runs every test: each criterion
# unit-test executable; the integration suite against the built server, over io_uring and again
# over the epoll fallback; the hostile-client tests and fuzzers against a release build
# (build-test-release/); the offline checks of deploy/ (tools/deploy_check.sh); the Node clients
# (tools/node_tests.sh: ioredis and node-redis on the release build); the layering check
# (tools/check_layers.sh); tools/tsan.sh (ThreadSanitizer, build-tsan/). Installs the Debian
# packages it needs first, only when some are missing. The last line is `N passed, M failed`, the
# sum of all; the exit status is non-zero when anything failed.
#
#   tools/test.sh            (from anywhere; works as a normal user once the packages are there)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

PACKAGES=(build-essential meson ninja-build pkg-config cmake liburing-dev libmimalloc-dev libck-dev libssl-dev
          liblua5.1-0-dev lua-cjson-dev lua-bitop-dev
          libcriterion-dev python3 python3-redis python3-prometheus-client redis-server redis-tools)
BUILD=build-test
RELEASE_BUILD=build-test-release
UNIT_TIMEOUT=900          # seconds for one unit-test executable
INTEGRATION_TIMEOUT=2400  # seconds for the whole integration suite

log() { printf '%s\n' "$*"; }

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            log "error: packages missing (${missing[*]}) and not root; install them with apt-get"
            return 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q || return 1
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
    # Installing redis-server starts its service; the tests start their own servers and want
    # port 6379 free, so stop it (whichever init system there is, ignoring errors).
    local p_installed
    for p_installed in "${missing[@]}"; do
        if [ "$p_installed" = redis-server ]; then
            "${sudo[@]}" systemctl stop redis-server >/dev/null 2>&1 || true
            "${sudo[@]}" service redis-server stop >/dev/null 2>&1 || true
            if [ -r /run/redis/redis-server.pid ]; then
                "${sudo[@]}" kill "$(cat /run/redis/redis-server.pid)" >/dev/null 2>&1 || true
            fi
        fi
    done
    return 0
}

finish() {
    # $1 passed, $2 failed: the one summary line, always last.
    log "$1 passed, $2 failed"
    [ "$2" -eq 0 ]
    exit $?
}

if ! install_packages; then
    log "package installation failed"
    finish 0 1
fi

# --- build ----------------------------------------------------------------------------------
setup_args=(-Db_sanitize=address,undefined -Dbuildtype=debug)
release_setup=("$RELEASE_BUILD" -Dbuildtype=release -Db_lto=true -Dtests=false)
[ -f "$RELEASE_BUILD/build.ninja" ] && release_setup=(--reconfigure "${release_setup[@]}")
if [ -d "$BUILD" ] && [ -f "$BUILD/build.ninja" ]; then
    meson setup --reconfigure "$BUILD" "${setup_args[@]}"
else
    rm -rf "$BUILD"
    meson setup "$BUILD" "${setup_args[@]}"
fi
if [ $? -ne 0 ]; then
    log "meson setup failed"
    finish 0 1
fi
if ! meson compile -C "$BUILD"; then
    log "build failed"
    finish 0 1
fi

passed=0
failed=0

# Unit tests: undefined behaviour stops the test that hit it, so criterion counts it as failing.
# (The integration runner finds UBSan reports in the server's log instead.)
UNIT_UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# --- unit tests (criterion) -------------------------------------------------------------------
shopt -s nullglob
unit_exes=()
for f in "$BUILD"/tests/test_*; do
    [ -f "$f" ] && [ -x "$f" ] && unit_exes+=("$f")
done
if [ ${#unit_exes[@]} -eq 0 ]; then
    log "FAIL unit: no unit-test executables in $BUILD/tests"
    failed=$((failed + 1))
fi
for exe in "${unit_exes[@]}"; do
    name="$(basename "$exe")"
    out="$(mktemp)"
    UBSAN_OPTIONS="$UNIT_UBSAN_OPTIONS" timeout "$UNIT_TIMEOUT" "$exe" --jobs 1 --ascii >"$out" 2>&1
    rc=$?
    # [====] Synthesis: Tested: X | Passing: Y | Failing: Z | Crashing: W  (Failing counts crashes)
    line="$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -a 'Synthesis: Tested:' | tail -n 1)"
    if [ -z "$line" ]; then
        cat "$out"
        log "FAIL unit $name: no criterion summary (exit status $rc)"
        failed=$((failed + 1))
    else
        t_pass="$(sed -n 's/.*Passing: *\([0-9]*\).*/\1/p' <<<"$line")"
        t_fail="$(sed -n 's/.*Failing: *\([0-9]*\).*/\1/p' <<<"$line")"
        t_crash="$(sed -n 's/.*Crashing: *\([0-9]*\).*/\1/p' <<<"$line")"
        t_pass=${t_pass:-0}; t_fail=${t_fail:-0}; t_crash=${t_crash:-0}
        [ "$t_crash" -gt "$t_fail" ] && t_fail=$t_crash
        if [ "$t_fail" -gt 0 ] || [ "$rc" -ne 0 ]; then
            cat "$out"
        fi
        log "unit $name: Passing: $t_pass | Failing: $t_fail (exit status $rc)"
        passed=$((passed + t_pass))
        failed=$((failed + t_fail))
        if [ "$rc" -ne 0 ] && [ "$t_fail" -eq 0 ]; then
            # e.g. a leak reported when the runner exits, or a timeout
            log "FAIL unit $name: exit status $rc with no failing test"
            failed=$((failed + 1))
        fi
    fi
    rm -f "$out"
done

# --- integration tests --------------------------------------------------------------------------
# run_integration LABEL SERVER [run.py options]: adds the runner's `N passed, M failed` to the sums.
run_integration() {
    local label="$1" server="$2"
    shift 2
    if [ ! -x "$server" ]; then
        log "FAIL $label: $server was not built"
        failed=$((failed + 1))
        return
    fi
    local out rc last
    out="$(mktemp)"
    timeout "$INTEGRATION_TIMEOUT" /usr/bin/python3 tests/integration/run.py \
        --server "$server" "$@" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    last="$(tail -n 1 "$out")"
    if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
        if [ "$rc" -ne 0 ] && [ "${BASH_REMATCH[2]}" -eq 0 ]; then
            log "FAIL $label: runner exit status $rc"
            failed=$((failed + 1))
        fi
    else
        log "FAIL $label: the runner ended without its summary line (exit status $rc)"
        failed=$((failed + 1))
    fi
    rm -f "$out"
}

run_integration integration "$BUILD/tessera-server"
# The whole suite again over the epoll event loop (the fallback where seccomp refuses io_uring).
log "the integration suite again over epoll (--io-backend epoll)"
run_integration integration-epoll "$BUILD/tessera-server" --io-backend epoll

# --- the hostile-client tests and fuzzers again, on the release build --------------------------
# mimalloc and ck as users run them: heap misuse that the sanitized build reports shows here as
# a crash or a hang, and timing differs enough to take other paths.
log "building the release server ($RELEASE_BUILD) for the hostile-client tests"
if meson setup "${release_setup[@]}" >/dev/null && meson compile -C "$RELEASE_BUILD" >/dev/null; then
    run_integration release "$RELEASE_BUILD/tessera-server" -k test_hostile -k test_fuzz
else
    log "FAIL release: the release build failed"
    failed=$((failed + 1))
fi

# --- deploy/ offline (tools/deploy_check.sh): the chart, the manifests, the Dockerfile, the image --
if [ -x "$RELEASE_BUILD/tessera-server" ]; then
    out="$(mktemp)"
    bash tools/deploy_check.sh "$RELEASE_BUILD" 2>&1 | tee "$out" | grep -E '^(PASS|FAIL|SKIP)'
    summary="$(tail -1 "$out")"
    if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
    else
        log "FAIL deploy: tools/deploy_check.sh ended without its summary line"
        failed=$((failed + 1))
    fi
    rm -f "$out"
fi

# --- the Node clients (tools/node_tests.sh): ioredis and node-redis against the release build ----
if [ -x "$RELEASE_BUILD/tessera-server" ]; then
    out="$(mktemp)"
    bash tools/node_tests.sh "$RELEASE_BUILD/tessera-server" 2>&1 | tee "$out" | grep -E '^(PASS|FAIL|SKIP)'
    summary="$(tail -1 "$out")"
    if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
    else
        log "FAIL node: tools/node_tests.sh ended without its summary line"
        failed=$((failed + 1))
    fi
    rm -f "$out"
fi

# --- the layering of src/ (tools/check_layers.sh): one check ---------------------------------------
if bash tools/check_layers.sh; then
    log "PASS layering: no folder includes what it must not"
    passed=$((passed + 1))
else
    log "FAIL layering: tools/check_layers.sh found includes across the layers"
    failed=$((failed + 1))
fi

# --- ThreadSanitizer over a mixed cross-shard load (tools/tsan.sh): one check, no report allowed --
if bash tools/tsan.sh; then
    log "PASS tsan: no ThreadSanitizer report"
    passed=$((passed + 1))
else
    log "FAIL tsan: tools/tsan.sh reported races or its load failed"
    failed=$((failed + 1))
fi

finish "$passed" "$failed"
