# Sourced by bench/compare.sh and bench/memtier.sh: starts one server pinned to CPU 0 (the load
# generator runs on CPU 1), and reads a process's CPU time. The caller sets TMP, TESSERA, REDIS,
# PEERS and, for `base`, BASELINE (an older tessera-server build).
# shellcheck shell=bash

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts server `name` (tessera, base, redis, valkey, pogocache) on port; its pid in $TMP/pid.
start_server() { # name port
    case "$1" in
    tessera) taskset -c 0 "$TESSERA" --port "$2" --bind 127.0.0.1 --threads 1 --save '' --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    base) taskset -c 0 "$BASELINE" --port "$2" --bind 127.0.0.1 --threads 1 --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    redis) taskset -c 0 "$REDIS" --port "$2" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    valkey) taskset -c 0 "$PEERS/valkey-server" --port "$2" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    pogocache) taskset -c 0 "$PEERS/pogocache" -h 127.0.0.1 -p "$2" --threads 1 >>"$TMP/server.log" 2>&1 & ;;
    esac
    echo $! > "$TMP/pid"
    for _ in $(seq 100); do redis-cli -p "$2" ping >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "server $1 did not start" >&2; exit 1
}

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
