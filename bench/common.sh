# Sourced by bench/pubsub.sh, bench/multi.sh and bench/scripting.sh: builds the load generator
# (bench/loadgen.c; not when the caller sets NEED_LOADGEN=0), starts and stops the servers, runs
# the rounds and prints the medians. Each server is pinned to CPU 0 and the generator to CPU 1,
# as in bench/compare.sh; a fresh server per measurement, rounds in alternating order. Servers:
# redis-server (the reference of every ratio), valkey-server from ../shared/peers when present,
# tessera-server --threads 1 (t1) and --threads 2 (t2).
#
# The caller sets TESSERA, ROUNDS, PROBE (a command whose "unknown command" answer means the
# feature is missing) and calls run_rounds with its measurements. Environment:
#   PEERS=dir        where valkey-server is looked for (default ../shared/peers)
#   SERVERS="..."    which of redis valkey tessera-t1 tessera-t2 to run (default: all)
#   T2_CPUS=list     taskset CPUs of tessera --threads 2 (default 0: the same single CPU as the
#                    others, so the figure is the cost of two shards, not a speed-up)
#   LIMIT=seconds    longest one measurement may take before it counts as failed (default 300)
#   RETRIES=n        times a run is repeated when the server was busy under 90% of it and the
#                    generator was not the cause, i.e. other load interfered (default 2)
#   VERBOSE=1        print every run's figures on stderr as it ends
# shellcheck shell=bash

PEERS=${PEERS:-../shared/peers}
SERVERS=${SERVERS:-redis valkey tessera-t1 tessera-t2}
T2_CPUS=${T2_CPUS:-0}
LIMIT=${LIMIT:-300}
RETRIES=${RETRIES:-2}
REDIS=$(command -v redis-server) || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
command -v redis-cli >/dev/null || { echo "redis-cli not found (apt-get install redis-tools)" >&2; exit 1; }
TMP=$(mktemp -d)
SERVER_PID=
OUT=
FAILED=0

# Stops the running server by its PID: SIGTERM, then SIGKILL after 5 s.
stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}
LOAD_PID=
trap '[ -z "$LOAD_PID" ] || kill "$LOAD_PID" 2>/dev/null; stop_server; rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "${NEED_LOADGEN:-1}" = 0 ] || ${CC:-cc} -O2 -std=gnu11 -Wall -o "$TMP/loadgen" bench/loadgen.c

# Keep only the servers that can run here; say why the others are left out.
available=()
for s in $SERVERS; do
    case "$s" in
    redis) available+=("$s") ;;
    valkey)
        if [ -x "$PEERS/valkey-server" ]; then available+=("$s")
        else echo "note: valkey skipped: no $PEERS/valkey-server"; fi ;;
    tessera-t1 | tessera-t2)
        if [ -x "$TESSERA" ]; then available+=("$s")
        else echo "note: $s skipped: no $TESSERA (tools/run.sh builds build/tessera-server)"; fi ;;
    *) echo "unknown server $s (redis valkey tessera-t1 tessera-t2)" >&2; exit 1 ;;
    esac
done

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts server $1 on port $2 in this shell (not a subshell: SERVER_PID must stay ours to stop).
start_server() {
    case "$1" in
    redis) taskset -c 0 "$REDIS" --port "$2" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    valkey) taskset -c 0 "$PEERS/valkey-server" --port "$2" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    tessera-t1) taskset -c 0 "$TESSERA" --port "$2" --bind 127.0.0.1 --threads 1 --save '' --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    tessera-t2) taskset -c "$T2_CPUS" "$TESSERA" --port "$2" --bind 127.0.0.1 --threads 2 --save '' --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    esac
    SERVER_PID=$!
    for _ in $(seq 100); do redis-cli -p "$2" ping >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "server $1 did not start; its log:" >&2; tail -5 "$TMP/server.log" >&2; exit 1
}

# One run of server $1 with test $2: starts the server, checks PROBE, runs the generator as
# `loadgen <its arguments>` (the caller's load_args prints them for test $2), or the caller's
# run_load function when it has one (`run_load TEST PORT`, in the background with SERVER_PID set;
# it prints loadgen's kind of key=value line and exits as loadgen does), stops the server.
# Leaves the generator's key=value line in OUT; returns 1 when there is none, having recorded
# why in $TMP/skip.$1.$2 (feature missing) or $TMP/fail.$1.$2 (anything else).
run_once() {
    local server=$1 test=$2 port rc answer
    port=$(free_port)
    start_server "$server" "$port"
    if [ "$(probe_needed "$test")" = yes ]; then
        # shellcheck disable=SC2153 # PROBE is the caller's
        answer=$(redis-cli -p "$port" "${PROBE[@]}" 2>&1 || true)
        if grep -qi 'unknown command' <<<"$answer"; then
            echo "$answer" > "$TMP/skip.$server.$test"
            stop_server; return 1
        fi
    fi
    # In the background so a SIGTERM to this script is handled at once, not after the run.
    if declare -F run_load >/dev/null; then
        run_load "$test" "$port" >"$TMP/out" &
    else
        # shellcheck disable=SC2046 # load_args prints words on purpose
        timeout "$LIMIT" taskset -c 1 "$TMP/loadgen" $(load_args "$test") -p "$port" -i "$SERVER_PID" >"$TMP/out" &
    fi
    LOAD_PID=$!
    if wait "$LOAD_PID"; then rc=0; else rc=$?; fi
    LOAD_PID=
    stop_server
    OUT=$(cat "$TMP/out")
    case "$rc" in
    0) return 0 ;;
    3) echo "${OUT#unsupported: }" > "$TMP/skip.$server.$test" ;;
    124) echo "took over $LIMIT s" > "$TMP/fail.$server.$test" ;;
    *) echo "${OUT:-load generator exit status $rc}" > "$TMP/fail.$server.$test" ;;
    esac
    return 1
}

field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; } # key line

# One measurement of server $1 with test $2, appended to $TMP/res.$1.$2. A run in which the
# server was busy under 90% of the time while the generator was too is taken to have been
# disturbed by other load on the machine and is run again, up to RETRIES times; the busiest run
# counts.
measure() {
    local server=$1 test=$2 attempt best='' best_pct=-1 pct gen
    [ -e "$TMP/skip.$server.$test" ] || [ -e "$TMP/fail.$server.$test" ] && return 0
    for attempt in $(seq 0 "$RETRIES"); do
        run_once "$server" "$test" || return 0
        [ -z "${VERBOSE:-}" ] || echo "$server $test: $OUT" >&2
        pct=$(field srv_cpu_pct "$OUT"); gen=$(field gen_cpu_pct "$OUT")
        (( pct > best_pct )) && { best=$OUT; best_pct=$pct; }
        (( pct >= 90 || gen >= 90 )) && break
        (( attempt < RETRIES )) && echo "note: $server $test: the server was busy $pct% of the run (other load?); running it again" >&2
    done
    echo "$best" >> "$TMP/res.$server.$test"
}

# Every test of $TESTS on every available server, ROUNDS times, odd rounds in the listed order
# and even rounds reversed.
run_rounds() {
    local round i test order
    for round in $(seq "$ROUNDS"); do
        order=("${available[@]}")
        if (( round % 2 == 0 )); then
            order=()
            for (( i = ${#available[@]} - 1; i >= 0; i-- )); do order+=("${available[$i]}"); done
        fi
        for test in $TESTS; do
            for s in "${order[@]}"; do measure "$s" "$test"; done
        done
    done
}

# Median over the rounds of field $3 (a key of the generator's output) for server $1, test $2.
median() {
    [ -s "$TMP/res.$1.$2" ] || { echo NA; return; }
    tr ' ' '\n' < "$TMP/res.$1.$2" | awk -F= -v k="$3" '$1==k{print $2}' | sort -g |
        awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}

# shellcheck disable=SC2034 # FAILED is the callers' exit status
# Prints the row's status after its label instead of figures when it has none; returns 1 then.
status_row() { # server test label
    if [ -e "$TMP/skip.$1.$2" ]; then
        printf '%s skipped, feature missing: %s\n' "$3" "$(head -c 100 "$TMP/skip.$1.$2" | head -1 | sed 's/[[:space:]]*$//')"
        return 1
    fi
    if [ -e "$TMP/fail.$1.$2" ]; then
        printf '%s FAILED: %s\n' "$3" "$(head -c 160 "$TMP/fail.$1.$2" | head -1)"
        FAILED=1
        return 1
    fi
    return 0
}

# Median of the server's CPU time as a percentage of the wall time; under 90 (with the server on one CPU)
# something held it back, and the row is listed by note_idle.
IDLE=()
busy_pct() { # label server test
    local pct; pct=$(median "$2" "$3" srv_cpu_pct)
    (( pct < 90 )) && IDLE+=("$1")
    echo "$pct"
}
note_idle() {
    [ ${#IDLE[@]} -eq 0 ] && return 0
    echo "note: srv_cpu% under 90 (${IDLE[*]}): the server was not saturated; with gen_cpu%"
    echo "      near 100 the generator held it back, otherwise other load did: rerun when quiet"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b }'; }
