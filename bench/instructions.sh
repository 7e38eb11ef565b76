#!/usr/bin/env bash
# Instructions per request, counted by callgrind: deterministic where timings on a shared machine
# are not, so a change's cost shows even under load. Runs each binary with --threads 1 under
# callgrind, zeroes the counters once it answers, runs redis-benchmark (50 clients, 50k
# requests, 32-byte values, 100k random keys) and divides the instructions by the requests.
# Usage: bench/instructions.sh [binary] [baseline binary]
#        (default build/tessera-server; with a baseline, both are measured and compared; either
#        may be /usr/bin/redis-server or a valkey-server, for the same count of a peer)
# Environment: TESTS="set get" (or comma-separated) redis-benchmark's tests among set get incr
#        lpush lpop sadd hset zadd mset; PIPES="1 16"; TOP=n also prints on stderr, per test,
#        the n functions with the most instructions per request (self cost, without callees),
#        and KEEP=dir keeps those callgrind dumps there for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera-server}
BASE=${2:-}
REQUESTS=50000
TESTS=${TESTS:-set get}
TESTS=${TESTS//,/ }
PIPES=${PIPES:-1 16}
TOP=${TOP:-0}
TMP=$(mktemp -d)
trap 'kill $(cat "$TMP"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$TMP"' EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Prints the instructions per request of one load: binary test pipeline
count() {
    local port; port=$(free_port)
    local own=(--threads 1) # redis-server (or valkey-server) has no --threads
    case "$(basename "$1")" in redis-server | valkey-server) own=(--save '' --appendonly no) ;; esac
    valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.%p" "$1" --port "$port" \
        --bind 127.0.0.1 "${own[@]}" --dir "$TMP" --loglevel warning >"$TMP/vg.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$TMP/pid"
    for _ in $(seq 300); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    # no save rule may start a BGSAVE mid-run (an older baseline build without `save` says no)
    redis-cli -p "$port" config set save "" >/dev/null 2>&1 || true
    redis-benchmark -p "$port" -t "$2" -n 20000 -P "$3" -r 100000 -d 32 -q >/dev/null 2>&1 # warm
    # GET finds values, every LPOP an element
    case "$2" in
    get) redis-benchmark -p "$port" -t set -n 100000 -P 16 -r 100000 -d 32 -q >/dev/null 2>&1 ;;
    lpop) redis-benchmark -p "$port" -t lpush -n $((REQUESTS + 10000)) -P 16 -d 32 -q >/dev/null 2>&1 ;;
    esac
    callgrind_control -z "$pid" >/dev/null
    redis-benchmark -p "$port" -t "$2" -n "$REQUESTS" -c 50 -P "$3" -r 100000 -d 32 -q \
        >/dev/null 2>&1
    callgrind_control -d "$pid" >/dev/null
    kill -KILL "$pid" # the dump holds the counts; a shutdown under valgrind is slow
    wait "$pid" 2>/dev/null || true
    local total
    total=$(grep -h '^summary:' "$TMP"/cg.*.1 | awk '{print $2}' | sort -n | tail -1)
    if [ "$TOP" -gt 0 ]; then
        local dump; dump=$(grep -l '^summary:' "$TMP"/cg.*.1 | head -1)
        [ -z "${KEEP:-}" ] || cp "$dump" "$KEEP/callgrind.$2.P$3.$(basename "$1")"
        echo "  $2 P$3, instructions per request by function:" >&2
        # The frames open when the counters were zeroed (clone, start_thread, the worker's loop)
        # come out with the whole run as their own cost: left out.
        callgrind_annotate --threshold=100 "$dump" 2>/dev/null |
            awk -v n="$REQUESTS" -v top="$TOP" '/^ *[0-9,]+ +\( *[0-9.]+%\)/ {
                x = $1; gsub(/,/, "", x); x += 0; sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, "")
                if (/PROGRAM TOTALS/) { total = x; next }
                if (x >= 0.98 * total) next
                printf "    %8.1f  %s\n", x / n, $0; if (++k == top) exit }' >&2
    fi
    rm -f "$TMP"/cg.*
    echo $((total / REQUESTS))
}

printf '%-5s %-3s %10s %10s %8s\n' test P this base change
for t in $TESTS; do
    for p in $PIPES; do
        this=$(count "$BIN" "$t" "$p")
        if [ -n "$BASE" ]; then
            base=$(count "$BASE" "$t" "$p")
            change=$(awk -v a="$this" -v b="$base" 'BEGIN{printf "%+.1f%%", (a-b)*100/b}')
        else
            base=-
            change=-
        fi
        printf '%-5s %-3s %10s %10s %8s\n' "$t" "$p" "$this" "$base" "$change"
    done
done
