#!/usr/bin/env bash
# memtier_benchmark's mixed load, 1:10 SET:GET, against tessera-server --threads 1, redis-server,
# and valkey-server and pogocache (--threads 1) from $PEERS (default ../shared/peers) when
# present: each server pinned to CPU 0, memtier_benchmark (from $PEERS, or on PATH) on CPU 1,
# several rounds in alternating order, a fresh server per run with its 100k keys written first
# (so every GET finds its value). Prints per pipeline depth and server the medians of ops/s, p99
# latency and CPU time per request (utime+stime from /proc/PID/stat over the run, divided by the
# requests), their ratios to Redis's, and whether Tessera meets issue 10's bar: at pipeline 1
# ops/s no lower and p99 no higher than Redis's, at pipeline 16 CPU per request at least 1.15x
# cheaper than the cheapest other server's.
# Usage: bench/memtier.sh [rounds] [tessera binary]   (default: 3 rounds, build/tessera-server)
# Environment: PIPES="1 16" pipeline depths; THREADS=1 CLIENTS=50 memtier's connections (per
#        thread); REQUESTS=n requests per connection at pipeline 1 (default 4000; 10x that at
#        deeper pipelines).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
TESSERA=${2:-build/tessera-server}
PEERS=${PEERS:-../shared/peers}
PIPES=${PIPES:-1 16}
THREADS=${THREADS:-1}
CLIENTS=${CLIENTS:-50}
REQUESTS=${REQUESTS:-4000}
REDIS=$(command -v redis-server)
MEMTIER=$PEERS/memtier_benchmark
[ -x "$MEMTIER" ] || MEMTIER=$(command -v memtier_benchmark) ||
    { echo "memtier_benchmark not found (in $PEERS or on PATH)" >&2; exit 1; }
"$MEMTIER" --version >/dev/null 2>&1 ||
    { echo "$MEMTIER does not run (needs libevent-2.1-7 libevent-openssl-2.1-7)" >&2; exit 1; }
[ -x "$TESSERA" ] || { echo "build first: tools/run.sh builds build/tessera-server" >&2; exit 1; }
SERVERS=(tessera redis)
for peer in valkey-server pogocache; do
    if [ -x "$PEERS/$peer" ]; then SERVERS+=("${peer%-server}")
    else echo "note: ${peer%-server} skipped: no $PEERS/$peer"; fi
done
CLK_TCK=$(getconf CLK_TCK)
TMP=$(mktemp -d)
trap 'kill $(cat "$TMP"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$TMP"' EXIT

source bench/pinned.sh # free_port, start_server, cpu_ticks

# One measurement: prints "ops_per_s p99_ms cpu_us_per_request".
measure() { # server pipeline
    local port; port=$(free_port)
    start_server "$1" "$port"
    local pid; pid=$(cat "$TMP/pid")
    local common=(-s 127.0.0.1 -p "$port" --protocol=redis -d 32 --key-maximum=100000 --hide-histogram)
    # Every key once, so the GETs hit.
    taskset -c 1 "$MEMTIER" "${common[@]}" -t 1 -c 4 --ratio=1:0 --key-pattern=P:P \
        --requests=allkeys --pipeline=64 >/dev/null 2>&1
    local n=$((REQUESTS * ($2 == 1 ? 1 : 10)))
    local t0; t0=$(cpu_ticks "$pid")
    taskset -c 1 "$MEMTIER" "${common[@]}" -t "$THREADS" -c "$CLIENTS" --ratio=1:10 \
        --key-pattern=R:R --pipeline="$2" -n "$n" --json-out-file="$TMP/out.json" >/dev/null 2>&1
    local t1; t1=$(cpu_ticks "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    /usr/bin/python3 - "$TMP/out.json" $((t1 - t0)) "$CLK_TCK" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))["ALL STATS"]
t, ms = a["Totals"], a["Runtime"]["Total duration"]  # the run's requests over its whole time
ticks, hz = int(sys.argv[2]), int(sys.argv[3])
print("%.0f %.3f %.3f" % (t["Count"] * 1e3 / ms, t["Percentile Latencies"]["p99.00"], ticks * 1e6 / hz / t["Count"]))
EOF
}

median() { sort -n | awk '{a[NR]=$1}END{print a[int((NR+1)/2)]}'; }

echo "memtier_benchmark 1:10 SET:GET, $THREADS thread(s) x $CLIENTS connections, 32-byte values, 100k keys; medians of $ROUNDS rounds"
printf "%-3s %-10s %10s %9s %9s %9s %9s %9s\n" P server ops/s p99_ms us/req ops/redis p99/redis cpu/redis
for pipe in $PIPES; do
    declare -A res=()
    for round in $(seq "$ROUNDS"); do
        order=("${SERVERS[@]}")
        (( round % 2 )) || mapfile -t order < <(printf "%s\n" "${SERVERS[@]}" | tac) # alternate the order
        for s in "${order[@]}"; do res[$s]+="$(measure "$s" "$pipe")"$'\n'; done
    done
    declare -A ops=() p99=() cpu=()
    for s in "${SERVERS[@]}"; do
        ops[$s]=$(printf '%s' "${res[$s]}" | awk '{print $1}' | median)
        p99[$s]=$(printf '%s' "${res[$s]}" | awk '{print $2}' | median)
        cpu[$s]=$(printf '%s' "${res[$s]}" | awk '{print $3}' | median)
    done
    for s in "${SERVERS[@]}"; do
        awk -v p="$pipe" -v s="$s" -v o="${ops[$s]}" -v l="${p99[$s]}" -v c="${cpu[$s]}" \
            -v ro="${ops[redis]}" -v rl="${p99[redis]}" -v rc="${cpu[redis]}" \
            'BEGIN{printf "%-3s %-10s %10.0f %9.3f %9.3f %9.2f %9.2f %9.2f\n", p, s, o, l, c, o/ro, l/rl, c/rc}'
    done
    cheapest=$(for s in "${SERVERS[@]}"; do [ "$s" = tessera ] || echo "${cpu[$s]}"; done | sort -n | head -1)
    awk -v p="$pipe" -v o="${ops[tessera]}" -v l="${p99[tessera]}" -v c="${cpu[tessera]}" \
        -v ro="${ops[redis]}" -v rl="${p99[redis]}" -v m="$cheapest" 'BEGIN{
        ok = (p == 1) ? (o >= ro && l <= rl) : c * 1.15 <= m
        printf "%-3s tessera cpu/cheapest %.2f; bar (%s): %s\n", p, c / m,
            (p == 1) ? "ops/s >= redis, p99 <= redis" : "cpu <= cheapest/1.15", ok ? "ok" : "MISS"}'
    unset res ops p99 cpu
done
