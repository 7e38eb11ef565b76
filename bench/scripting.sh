#!/usr/bin/env bash
# Lua scripting, side by side: EVALSHA of a small script (INCR and EXPIRE of one key, loaded
# first with SCRIPT LOAD) driven by redis-benchmark (CLIENTS connections, random keys of
# KEYSPACE) at pipeline 1 and 16; and BullMQ jobs per second (bench/bullmq_bench.mjs: JOBS jobs
# added with addBulk, then processed by a Worker of concurrency CONCURRENCY; each job is a few
# EVALSHAs of BullMQ's scripts, over keys without hash tags). Servers: redis-server, and
# tessera-server --threads 1 and --threads 2 (valkey-server from ../shared/peers with SERVERS),
# each pinned to CPU 0 with the load (redis-benchmark or node) on CPU 1; fresh server per run,
# rounds in alternating order, medians. A server that answers "unknown command" to EVAL is
# skipped, not failed, with a line saying so (Tessera before issue 13).
#
# Prints per server and test: requests (or jobs) per second, the server's CPU time
# (utime+stime of /proc/PID/stat, all threads) per request (or job), their ratios to
# redis-server's (the server's over Redis's: rate above 1 is faster, CPU above 1 is dearer), and
# how busy the server and the load were. At pipeline 1 and in BullMQ (one node process, each
# job a chain of round trips) neither side is saturated on a small VM: the round trips set the
# pace, srv_us/op is the figure to compare there, and a run is not repeated for being idle
# (RETRIES 0 by default, unlike bench/common.sh's other users).
#
# Usage: bench/scripting.sh [rounds] [tessera binary]     (default: 3 build/tessera-server)
# Environment: CLIENTS (50) REQUESTS (50000 at pipeline 1, 5x that at 16) KEYSPACE (100000)
# JOBS (10000) CONCURRENCY (32) TESTS ("evalsha-p1 evalsha-p16 bullmq"), SERVERS (default
# "redis tessera-t1 tessera-t2"), RETRIES (default 0), T2_CPUS, PEERS, LIMIT as described in
# bench/common.sh. BullMQ comes from tests/node (installed by `npm ci` there when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
TESSERA=${2:-build/tessera-server}
CLIENTS=${CLIENTS:-50}
REQUESTS=${REQUESTS:-50000}
KEYSPACE=${KEYSPACE:-100000}
JOBS=${JOBS:-10000}
CONCURRENCY=${CONCURRENCY:-32}
TESTS=${TESTS:-evalsha-p1 evalsha-p16 bullmq}
SERVERS=${SERVERS:-redis tessera-t1 tessera-t2}
RETRIES=${RETRIES:-0}
PROBE=(EVAL 'return 1' 0)
NEED_LOADGEN=0
# shellcheck source=bench/common.sh
. bench/common.sh

# The script of tests/node/scripts.test.mjs too.
LUA="local v = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return v"

# BullMQ needs node and tests/node's packages; without node its test is left out.
if [[ " $TESTS " == *" bullmq "* ]]; then
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        echo "note: bullmq skipped: no node or npm (tools/node_tests.sh installs Debian's)"
        TESTS=${TESTS/bullmq/}
    elif [ ! -f tests/node/node_modules/.package-lock.json ] ||
         [ tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]; then
        echo "installing the pinned packages (npm ci in tests/node)"
        (cd tests/node && npm ci --no-audit --no-fund --loglevel=error) >&2
    fi
fi

probe_needed() { echo yes; }

# utime+stime (1) or cutime+cstime (2: the children waited for) of /proc/$2/stat, in ticks.
cpu_ticks() { awk -v c="$1" '{print c == 1 ? $14 + $15 : $16 + $17}' "/proc/$2/stat"; }

# run_load TEST PORT (see run_once in bench/common.sh): one redis-benchmark or BullMQ run.
run_load() {
    local test=$1 port=$2 me=$BASHPID pipe n sha t0 t1 g0 g1 rps
    if [ "$test" = bullmq ]; then
        LIMIT_S=$LIMIT exec taskset -c 1 node bench/bullmq_bench.mjs "$port" "$SERVER_PID" "$JOBS" "$CONCURRENCY"
    fi
    pipe=${test#evalsha-p}
    n=$(( pipe == 1 ? REQUESTS : 5 * REQUESTS ))
    sha=$(redis-cli -p "$port" SCRIPT LOAD "$LUA")
    [[ "$sha" =~ ^[0-9a-f]{40}$ ]] || { echo "error: SCRIPT LOAD answered: $sha"; exit 2; }
    # redis-benchmark is a child of this subshell: its CPU time shows in our cutime+cstime
    g0=$(cpu_ticks 2 "$me")
    t0=$(cpu_ticks 1 "$SERVER_PID")
    timeout "$LIMIT" taskset -c 1 redis-benchmark -p "$port" -c "$CLIENTS" -n "$n" -P "$pipe" -r "$KEYSPACE" \
        --csv evalsha "$sha" 1 'key:__rand_int__' 100 >"$TMP/bench.csv" 2>&1 || exit $?
    t1=$(cpu_ticks 1 "$SERVER_PID")
    g1=$(cpu_ticks 2 "$me")
    if grep -q -i 'error' "$TMP/bench.csv"; then echo "error: $(grep -i -m1 error "$TMP/bench.csv")"; exit 2; fi
    rps=$(awk -F, 'NR==2{gsub(/"/,"",$2); print $2}' "$TMP/bench.csv")
    [ -n "$rps" ] || { echo "error: no figures from redis-benchmark: $(head -c 200 "$TMP/bench.csv")"; exit 2; }
    # every call ran the script: random keys hold counts and a time to live
    [ "$(redis-cli -p "$port" DBSIZE)" -gt 0 ] || { echo "error: the script wrote no key"; exit 2; }
    awk -v r="$rps" -v n="$n" -v s=$((t1 - t0)) -v g=$((g1 - g0)) -v hz="$(getconf CLK_TCK)" 'BEGIN{
        wall = n / r
        printf "ops_per_s=%.0f srv_us_per_op=%.3f srv_cpu_pct=%.0f gen_cpu_pct=%.0f\n", r, s * 1e6 / hz / n,
            100 * s / hz / wall, 100 * g / hz / wall }'
}

echo "EVALSHA of INCR+EXPIRE: redis-benchmark, $CLIENTS clients, $REQUESTS requests (x5 at pipeline 16), $KEYSPACE keys;"
echo "BullMQ: $JOBS jobs (addBulk, then a Worker of concurrency $CONCURRENCY); medians of $ROUNDS rounds"
run_rounds

printf '%-11s %-12s %10s %8s %10s %9s %9s %8s\n' server test ops/s ratio srv_us/op cpu_ratio srv_cpu% gen_cpu%
# row SERVER TEST LABEL RATE_KEY CPU_KEY SRV_PCT_KEY GEN_PCT_KEY
row() {
    local s=$1 test=$2 label=$3 r c rr rc pct
    status_row "$s" "$test" "$(printf '%-11s %-12s' "$s" "$label")" || return 0
    r=$(median "$s" "$test" "$4"); c=$(median "$s" "$test" "$5")
    rr=$(median redis "$test" "$4"); rc=$(median redis "$test" "$5")
    if [ "$test" = bullmq ]; then pct=$(median "$s" "$test" "$6") # the client is the limit there
    else busy_pct "$s/$label" "$s" "$test" > "$TMP/busy"; pct=$(cat "$TMP/busy"); fi # IDLE stays ours
    printf '%-11s %-12s %10.0f %8s %10.3f %9s %9s %8s\n' "$s" "$label" "$r" "$(ratio "$r" "$rr")" "$c" \
        "$(ratio "$c" "$rc")" "$pct" "$(median "$s" "$test" "$7")"
}
for test in $TESTS; do
    for s in "${available[@]}"; do
        case "$test" in
        evalsha-p*) row "$s" "$test" "evalsha P${test#evalsha-p}" ops_per_s srv_us_per_op srv_cpu_pct gen_cpu_pct ;;
        bullmq)
            row "$s" bullmq "bullmq add" add_per_s srv_us_per_add add_srv_cpu_pct add_gen_cpu_pct
            [ -e "$TMP/skip.$s.bullmq" ] || [ -e "$TMP/fail.$s.bullmq" ] ||
                row "$s" bullmq "bullmq work" jobs_per_s srv_us_per_job srv_cpu_pct gen_cpu_pct ;;
        esac
    done
done
note_idle
exit "$FAILED"
