#!/usr/bin/env bash
# System calls per request, counted by strace: tessera-server --threads 1 and redis-server under
# the same redis-benchmark loads (50 clients, 32-byte values, 100k random keys, SET and GET,
# pipeline 1 and 16). strace slows the server, not what it asks of the kernel: the count per
# request is what to read, not the time.
#
#   bench/syscalls.sh [tessera binary]      (default build/tessera-server)
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA=${1:-build/tessera-server}
REQUESTS=50000
command -v strace >/dev/null || { echo "strace not found (apt-get install strace)" >&2; exit 1; }
TMP=$(mktemp -d)
SERVER=
trap '[ -z "$SERVER" ] || kill -KILL "$SERVER" 2>/dev/null; rm -rf "$TMP"' EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# count name test pipeline: prints syscalls per request and the most frequent calls
count() {
    local port; port=$(free_port)
    case "$1" in
    tessera) "$TESSERA" --port "$port" --bind 127.0.0.1 --threads 1 --save '' --dir "$TMP" \
        --loglevel warning >/dev/null 2>&1 & ;;
    redis) redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" \
        --loglevel warning >/dev/null 2>&1 & ;;
    esac
    SERVER=$!
    for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
    redis-benchmark -p "$port" -t "$2" -n 20000 -P "$3" -r 100000 -d 32 -q >/dev/null 2>&1 # warm
    strace -c -f -q -o "$TMP/strace" -p "$SERVER" &
    local st=$!
    sleep 0.5
    redis-benchmark -p "$port" -t "$2" -n "$REQUESTS" -c 50 -P "$3" -r 100000 -d 32 -q >/dev/null 2>&1
    kill -INT "$st"
    wait "$st" 2>/dev/null || true
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=
    local total top
    total=$(awk '/^100.00/ {print $4}' "$TMP/strace")
    top=$(awk '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" {printf "%s %s, ", $NF, $4}' \
        "$TMP/strace" | cut -d, -f1-3)
    printf '%-8s %-4s P%-3s %6.3f syscalls/request   (%s)\n' "$1" "$2" "$3" \
        "$(awk -v t="$total" -v n="$REQUESTS" 'BEGIN{print t / n}')" "$top"
}

for test in set get; do
    for p in 1 16; do
        count tessera "$test" "$p"
        count redis "$test" "$p"
    done
done
