#!/usr/bin/env bash
# Memory per key, side by side: loads N SETs of 16-byte keys and 32-byte values with
# `redis-cli --pipe` into tessera-server and redis-server in turn and prints the RSS growth per
# key (and used_memory per key) of each, and the ratio.
# Usage: bench/memory.sh [keys] [tessera binary] [threads]   (default 1000000 build/tessera-server 2)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
TESSERA=${2:-build/tessera-server}
THREADS=${3:-2}
TMP=$(mktemp -d)
trap 'kill $(cat "$TMP"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$TMP"' EXIT

/usr/bin/python3 - "$N" > "$TMP/load.resp" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
for i in range(n):
    k = b"key:%012d" % i            # 16 bytes
    v = b"v" * 22 + b"%010d" % i     # 32 bytes
    out.write(b"*3\r\n$3\r\nSET\r\n$16\r\n" + k + b"\r\n$32\r\n" + v + b"\r\n")
PY

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

run() { # name
    local port; port=$(free_port)
    case "$1" in
    tessera) "$TESSERA" --port "$port" --bind 127.0.0.1 --threads "$THREADS" --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    redis) redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    esac
    local pid=$!; echo $pid > "$TMP/pid"
    for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
    local before; before=$(rss_kb $pid)
    redis-cli -p "$port" --pipe < "$TMP/load.resp" >/dev/null
    local keys; keys=$(redis-cli -p "$port" dbsize)
    local after; after=$(rss_kb $pid)
    local used; used=$(redis-cli -p "$port" info memory | awk -F: '/^used_memory:/{print $2+0}')
    kill $pid; wait $pid 2>/dev/null || true
    [ "$keys" = "$N" ] || { echo "$1 holds $keys keys, expected $N" >&2; exit 1; }
    awk -v n="$N" -v b="$before" -v a="$after" -v u="$used" -v name="$1" \
        'BEGIN{printf "%-8s rss/key %6.1f B   used_memory/key %6.1f B\n", name, (a-b)*1024/n, u/n}'
}

t=$(run tessera); r=$(run redis)
echo "$t"; echo "$r"
awk -v t="$t" -v r="$r" 'BEGIN{split(t,a," "); split(r,b," "); printf "rss ratio tessera/redis %.2f\n", a[3]/b[3]}'
