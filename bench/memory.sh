#!/usr/bin/env bash
# Memory per element, side by side: loads one workload with `redis-cli --pipe` into
# tessera-server and redis-server in turn and prints the RSS growth per element (and
# used_memory per element) of each, and the ratio. Workloads:
#   strings     N SETs of 16-byte keys and 32-byte values (elements: keys)
#   ttl         the same, each key with a TTL (SET ... EX 86400)
#   hash        one hash of N fields (14-byte fields, 8-byte values)
#   set         one set of N members (15-byte strings)
#   zset        one sorted set of N members (15-byte strings, integer and fractional scores)
#   list        one list of N 15-byte elements
#   smallhash   N/10 hashes of 10 fields each (the packed encoding; elements: fields)
#   all         every workload above in turn
# Usage: bench/memory.sh [workload] [N] [tessera binary] [threads]
#        (default: strings 1000000 build/tessera-server 2)
set -euo pipefail
cd "$(dirname "$0")/.."
WORKLOAD=${1:-strings}
N=${2:-1000000}
TESSERA=${3:-build/tessera-server}
THREADS=${4:-2}
TMP=$(mktemp -d)
trap 'kill $(cat "$TMP"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$TMP"' EXIT

# Writes the workload's commands as RESP and prints the DBSIZE the load must end with.
generate() { # workload
    /usr/bin/python3 - "$1" "$N" "$TMP/load.resp" <<'PY'
import sys
workload, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
BATCH = 1000


def cmd(*args):
    out = b'*%d\r\n' % len(args)
    for a in args:
        out += b'$%d\r\n%s\r\n' % (len(a), a)
    return out


with open(path, 'wb') as f:
    if workload in ('strings', 'ttl'):
        # ttl: the same keys, each with an expiry a day away
        ex = [b'EX', b'86400'] if workload == 'ttl' else []
        for i in range(n):
            f.write(cmd(b'SET', b'key:%012d' % i, b'v' * 22 + b'%010d' % i, *ex))
        keys = n
    elif workload == 'smallhash':
        for h in range(n // 10):
            args = [b'HSET', b'user:%010d' % h]
            for j in range(10):
                args += [b'field%d' % j, b'value:%05d' % (h % 100000)]
            f.write(cmd(*args))
        keys = n // 10
    else:
        verb = {'hash': b'HSET', 'set': b'SADD', 'zset': b'ZADD', 'list': b'RPUSH'}[workload]
        for base in range(0, n, BATCH):
            args = [verb, b'big']
            for i in range(base, min(n, base + BATCH)):
                if workload == 'hash':
                    args += [b'field:%08d' % i, b'v%07d' % i]
                elif workload == 'zset':
                    args += [b'%d' % i if i % 2 else b'%d.5' % i, b'member:%08d' % i]
                else:
                    args.append(b'member:%08d' % i)
            f.write(cmd(*args))
        keys = 1
print(keys)
PY
}

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

run() { # name expected-keys
    local port; port=$(free_port)
    case "$1" in
    tessera) "$TESSERA" --port "$port" --bind 127.0.0.1 --threads "$THREADS" --save '' --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    redis) redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --loglevel warning >>"$TMP/server.log" 2>&1 & ;;
    esac
    local pid=$!; echo $pid > "$TMP/pid"
    for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
    local before; before=$(rss_kb $pid)
    redis-cli -p "$port" --pipe < "$TMP/load.resp" >/dev/null
    local keys; keys=$(redis-cli -p "$port" dbsize)
    local after; after=$(rss_kb $pid)
    local used; used=$(redis-cli -p "$port" info memory | awk -F: '/^used_memory:/{print $2+0}')
    local encoding; encoding=$(redis-cli -p "$port" randomkey | xargs redis-cli -p "$port" object encoding)
    kill $pid; wait $pid 2>/dev/null || true
    [ "$keys" = "$2" ] || { echo "$1 holds $keys keys, expected $2" >&2; exit 1; }
    awk -v n="$N" -v b="$before" -v a="$after" -v u="$used" -v name="$1" -v enc="$encoding" \
        'BEGIN{printf "%-8s rss/element %6.1f B   used_memory/element %6.1f B   (%s)\n", name, (a-b)*1024/n, u/n, enc}'
}

measure() { # workload
    local expect; expect=$(generate "$1")
    echo "== $1: $N elements"
    local t r
    t=$(run tessera "$expect"); r=$(run redis "$expect")
    echo "$t"; echo "$r"
    awk -v t="$t" -v r="$r" 'BEGIN{split(t,a," "); split(r,b," "); printf "rss ratio tessera/redis %.2f\n", a[3]/b[3]}'
}

if [ "$WORKLOAD" = all ]; then
    for w in strings ttl hash set zset list smallhash; do measure "$w"; done
else
    measure "$WORKLOAD"
fi
