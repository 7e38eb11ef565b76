#!/usr/bin/env bash
# Side-by-side throughput and CPU cost: tessera-server --threads 1 against redis-server, and
# valkey-server and pogocache (--threads 1) from $PEERS (default ../shared/peers) when present,
# each pinned to CPU 0 with redis-benchmark on CPU 1, several rounds in alternating order.
# Prints per test the requests/s ratio (tessera/redis), each server's CPU time per request
# (utime+stime from /proc/PID/stat over the run, divided by the requests), and Tessera's CPU per
# request over the cheapest other server's. A peer that answers "unknown command" to a test's
# command (pogocache has no lists, sets, hashes, sorted sets or MSET) shows "-" for it. The last
# column says whether the row meets issue 10's bar: CPU per request at least 1.3x cheaper than
# Redis's at pipeline 1 (cpu_ratio <= 0.769) and 1.15x cheaper than the cheapest server's at
# pipeline 16 (vs_cheapest <= 0.870).
# Usage: bench/compare.sh [rounds] [tessera binary] [baseline tessera binary]
#        (default: 3 rounds, build/tessera-server; with a baseline binary, that older build takes
#        redis-server's place, so a change's cost per request is measured the same way)
# Environment: TESTS="set get ..." (or comma-separated) picks redis-benchmark's tests among
#        set get incr lpush lpop sadd hset zadd mset (default: all nine; mset is 10 keys);
#        PIPES="1 16" the pipeline depths; N1=200000 and N16=2000000 the requests of a run at
#        pipeline 1 and deeper. bench/memtier.sh is the memtier_benchmark part.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
TESSERA=${2:-build/tessera-server}
BASELINE=${3:-}
REDIS=$(command -v redis-server)
OTHER=redis
[ -n "$BASELINE" ] && OTHER=base
PEERS=${PEERS:-../shared/peers}
TESTS=${TESTS:-set get incr lpush lpop sadd hset zadd mset}
TESTS=${TESTS//,/ }
PIPES=${PIPES:-1 16}
N1=${N1:-200000}
N16=${N16:-2000000}
for test in $TESTS; do
    case "$test" in set | get | incr | lpush | lpop | sadd | hset | zadd | mset) ;;
    *) echo "unknown test $test (set get incr lpush lpop sadd hset zadd mset)" >&2; exit 1 ;;
    esac
done
EXTRA=() # the peers beside Redis (not when comparing against a baseline build)
if [ -z "$BASELINE" ]; then
    for peer in valkey-server pogocache; do
        if [ -x "$PEERS/$peer" ]; then EXTRA+=("${peer%-server}")
        else echo "note: ${peer%-server} skipped: no $PEERS/$peer"; fi
    done
fi
[ -x "$TESSERA" ] || { echo "build first: tools/run.sh builds build/tessera-server" >&2; exit 1; }
CLK_TCK=$(getconf CLK_TCK)
TMP=$(mktemp -d)
trap 'kill $(cat "$TMP"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$TMP"' EXIT

source bench/pinned.sh # free_port, start_server, cpu_ticks

# A command of each test, to ask a server whether it has it.
probe_cmd() {
    case "$1" in
    set) echo set probe:k v ;; get) echo get probe:k ;; incr) echo incr probe:n ;;
    lpush) echo lpush probe:l v ;; lpop) echo lpop probe:l ;; sadd) echo sadd probe:s m ;;
    hset) echo hset probe:h f v ;; zadd) echo zadd probe:z 1 m ;; mset) echo mset probe:k v ;;
    esac
}

# One measurement: prints "rps cpu_us_per_request", or "- -" when the server has no such command.
measure() { # server test pipeline requests
    local port; port=$(free_port)
    start_server "$1" "$port"
    local pid; pid=$(cat "$TMP/pid")
    # no save rule may start a BGSAVE mid-run (an older baseline build without `save` says no)
    redis-cli -p "$port" config set save "" >/dev/null 2>&1 || true
    local probe reply
    read -ra probe <<<"$(probe_cmd "$2")"
    reply=$(redis-cli -p "$port" "${probe[@]}" 2>&1 || true)
    if [[ "$reply" == *"unknown command"* ]]; then
        kill "$pid"; wait "$pid" 2>/dev/null || true
        echo "- -"; return 0
    fi
    # Fill the keyspace first so GET finds values, and the list so every LPOP pops one.
    case "$2" in
    get) taskset -c 1 redis-benchmark -p "$port" -t set -n 100000 -r 100000 -d 32 -c 50 -P 16 -q >/dev/null 2>&1 ;;
    lpop) taskset -c 1 redis-benchmark -p "$port" -t lpush -n $(($4 + 100000)) -d 32 -c 50 -P 16 -q >/dev/null 2>&1 ;;
    esac
    local t0; t0=$(cpu_ticks "$pid")
    local out; out=$(taskset -c 1 redis-benchmark -p "$port" -t "$2" -n "$4" -r 100000 -d 32 -c 50 -P "$3" --csv 2>/dev/null)
    local t1; t1=$(cpu_ticks "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    local rps; rps=$(echo "$out" | awk -F, 'NR==2{gsub(/"/,"",$2); print $2}')
    awk -v r="$rps" -v t=$((t1 - t0)) -v n="$4" -v hz="$CLK_TCK" 'BEGIN{printf "%s %.3f\n", r, t * 1e6 / hz / n}'
}

# Median of the numbers on stdin; "-" when there are none (a skipped peer).
median() { { grep -v '^-$' || true; } | sort -n | awk '{a[NR]=$1}END{print NR ? a[int((NR+1)/2)] : "-"}'; }

printf "%-8s %-3s %12s %12s %8s %14s %14s %8s" test P tessera_rps "${OTHER}_rps" ratio tessera_us/req "${OTHER}_us/req" cpu_ratio
for x in "${EXTRA[@]}"; do printf " %14s" "${x}_us/req"; done
[ ${#EXTRA[@]} -gt 0 ] && printf " %12s" vs_cheapest
[ -z "$BASELINE" ] && printf " %5s" bar
printf "\n"
for test in $TESTS; do
    for pipe in $PIPES; do
        n=$(( pipe == 1 ? N1 : N16 ))
        ts=(); rs=()
        for round in $(seq "$ROUNDS"); do
            if (( round % 2 )); then
                t=$(measure tessera $test $pipe $n); r=$(measure $OTHER $test $pipe $n)
            else
                r=$(measure $OTHER $test $pipe $n); t=$(measure tessera $test $pipe $n)
            fi
            ts+=("$t"); rs+=("$r")
        done
        # Medians over the rounds.
        trps=$(printf '%s\n' "${ts[@]}" | awk '{print $1}' | sort -n | awk '{a[NR]=$1}END{print a[int((NR+1)/2)]}')
        rrps=$(printf '%s\n' "${rs[@]}" | awk '{print $1}' | sort -n | awk '{a[NR]=$1}END{print a[int((NR+1)/2)]}')
        tcpu=$(printf '%s\n' "${ts[@]}" | awk '{print $2}' | sort -n | awk '{a[NR]=$1}END{print a[int((NR+1)/2)]}')
        rcpu=$(printf '%s\n' "${rs[@]}" | awk '{print $2}' | sort -n | awk '{a[NR]=$1}END{print a[int((NR+1)/2)]}')
        awk -v t="$test" -v p="$pipe" -v a="$trps" -v b="$rrps" -v c="$tcpu" -v d="$rcpu" \
            'BEGIN{printf "%-8s %-3s %12.0f %12.0f %8.2f %14.3f %14.3f %8.2f", t, p, a, b, a/b, c, d, (d>0? c/d : 0)}'
        cheapest=$rcpu
        for x in "${EXTRA[@]}"; do
            xs=()
            for round in $(seq "$ROUNDS"); do
                xs+=("$(measure "$x" $test $pipe $n)")
                [ "${xs[-1]}" = "- -" ] && break # the peer has no such command
            done
            xcpu=$(printf '%s\n' "${xs[@]}" | awk '{print $2}' | median)
            if [ "$xcpu" = - ]; then printf " %14s" -; continue; fi
            printf " %14.3f" "$xcpu"
            cheapest=$(awk -v a="$cheapest" -v b="$xcpu" 'BEGIN{print (b > 0 && b < a) ? b : a}')
        done
        [ ${#EXTRA[@]} -gt 0 ] && awk -v c="$tcpu" -v m="$cheapest" 'BEGIN{printf " %12.2f", c / m}'
        # Issue 10's bar: P1 against Redis, P16 against the cheapest of all.
        [ -z "$BASELINE" ] && awk -v p="$pipe" -v c="$tcpu" -v r="$rcpu" -v m="$cheapest" \
            'BEGIN{ok = (p == 1) ? c * 1.3 <= r : c * 1.15 <= m; printf " %5s", ok ? "ok" : "MISS"}'
        printf "\n"
    done
done
