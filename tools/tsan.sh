#!/usr/bin/env bash
# Builds Tessera with ThreadSanitizer (build-tsan/: b_sanitize=thread, which also selects libc
# malloc and the C11 mailbox ring), runs `tessera-server --threads 4` under a mixed cross-shard
# load (redis-benchmark, plus python3 clients doing multi-key moves, blocking moves, streams
# with blocked readers, INFO, CONFIG SET, client tracking, SLOWLOG/LATENCY/CLIENT PAUSE and
# metrics scrapes while the load runs), stops it with SIGTERM and reports what TSan found. The exit
# status is non-zero when TSan reported anything (or the run itself failed).
#
#   tools/tsan.sh            (TSAN_SECONDS=20 by default; TSAN_KEEP=1 keeps the temp dir)
#
# io_uring's kernel-side work is invisible to TSan: a buffer the kernel fills is never a race.
# A known race being fixed elsewhere may be suppressed in tools/tsan.supp (empty today).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

BUILD=build-tsan
SECONDS_LOAD="${TSAN_SECONDS:-20}"
THREADS=4

log() { printf '%s\n' "$*"; }
die() {
    log "tsan.sh: $*"
    exit 2
}

for tool in meson redis-benchmark redis-cli /usr/bin/python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (tools/test.sh installs it)"
done

# The server saves by a rule and at SIGTERM too, so the persistence thread and the final save
# run under TSan as well.

# --- build ----------------------------------------------------------------------------------
setup_args=(-Db_sanitize=thread -Dbuildtype=debug -Dtests=false)
if [ -f "$BUILD/build.ninja" ]; then
    meson setup --reconfigure "$BUILD" "${setup_args[@]}" >/dev/null || die "meson setup failed"
else
    rm -rf "$BUILD"
    meson setup "$BUILD" "${setup_args[@]}" >/dev/null || die "meson setup failed"
fi
meson compile -C "$BUILD" -j 2 >/dev/null || die "build failed (run: meson compile -C $BUILD)"
SERVER="$BUILD/tessera-server"

TMP="$(mktemp -d /tmp/tessera-tsan.XXXXXX)"
server_pid=""
load_pids=()
cleanup() {
    local p
    for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null; done
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null
    fi
    [ "${TSAN_KEEP:-0}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT

export TSAN_OPTIONS="log_path=$TMP/tsan halt_on_error=0 print_suppressions=1 second_deadlock_stack=1 history_size=4 suppressions=$ROOT/tools/tsan.supp ${TSAN_OPTIONS:-}"

# TSan's shadow layout breaks on kernels with high mmap randomisation ("unexpected memory
# mapping"); running without address randomisation is the usual way round it.
run=()
if ! "$SERVER" --version >/dev/null 2>"$TMP/probe.err"; then
    if grep -q 'unexpected memory mapping\|FATAL: ThreadSanitizer' "$TMP/probe.err" "$TMP"/tsan.* 2>/dev/null; then
        run=(setarch "$(uname -m)" -R)
        "${run[@]}" "$SERVER" --version >/dev/null || die "TSan cannot map its memory here"
        log "TSan needed setarch -R (no ASLR) on this kernel"
    else
        cat "$TMP/probe.err"
        die "$SERVER --version failed"
    fi
fi
rm -f "$TMP"/tsan.*

PORT="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
METRICS_PORT="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# --- server -----------------------------------------------------------------------------------
"${run[@]}" "$SERVER" --port "$PORT" --threads "$THREADS" --bind 127.0.0.1 --dir "$TMP" \
    --save "2 100" --enable-debug-command yes --metrics-port "$METRICS_PORT" \
    --slowlog-log-slower-than 0 >"$TMP/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
    cat "$TMP/server.log"
    die "the server did not start"
fi
log "tessera-server (TSan) pid $server_pid on port $PORT with $THREADS threads; load for ${SECONDS_LOAD}s"

# --- load -------------------------------------------------------------------------------------
# Stopping redis-benchmark by timeout resets its connections with replies in flight, which
# exercises the close paths too.
timeout "$SECONDS_LOAD" redis-benchmark -p "$PORT" -c 16 -P 4 -r 10000 -l -q \
    -t set,get,mset,lpush,lpop,sadd,spop >"$TMP/benchmark.log" 2>&1 &
load_pids+=($!)

cat >"$TMP/load.py" <<'EOF'
# Cross-shard multi-key commands, blocking moves, MULTI/EXEC with WATCH, pub/sub with keyspace
# events, MONITOR, SCAN, INFO and CONFIG SET, each from its own client, for the given number of
# seconds. Keys are random, so most pairs live on different shards.
# Error replies are counted; any other failure (a lost connection) fails the run.
import random, sys, threading, time
import redis

port, seconds, metrics_port = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
deadline = time.monotonic() + seconds
counts, errors, failures = {}, {}, []
lock = threading.Lock()

def key(prefix):
    return "ts:%s:%d" % (prefix, random.randrange(64))

def worker(name, step):
    r = redis.Redis(port=port, socket_timeout=30)
    n = 0
    while time.monotonic() < deadline:
        try:
            step(r)
            n += 1
        except redis.ResponseError as e:  # e.g. RENAME of a key another client just moved
            with lock:
                errors[str(e)] = errors.get(str(e), 0) + 1
        except Exception as e:
            with lock:
                failures.append("%s: %r" % (name, e))
            break
    with lock:
        counts[name] = n

def strings(r):
    kv = {key("s"): random.randrange(1000) for _ in range(4)}
    r.mset(kv)
    r.mget(list(kv) + [key("s")])
    src, dst = key("s"), key("s")
    r.set(src, "v")
    r.rename(src, dst)
    r.delete(key("s"), key("s"))

def sets(r):
    r.sadd(key("set"), *[random.randrange(100) for _ in range(3)])
    r.smove(key("set"), key("set"), random.randrange(100))
    r.sunionstore(key("set"), key("set"), key("set"))

def lists(r):
    r.rpush(key("l"), *range(3))
    r.lmove(key("l"), key("l"), "LEFT", "RIGHT")
    r.blmove(key("l"), key("l"), 0.05, "RIGHT", "LEFT")

def hashes(r):
    h = key("h")
    r.hset(h, mapping={"f%d" % random.randrange(2000): "v" for _ in range(8)})
    r.hgetall(h)
    if random.random() < 0.05:
        r.delete(h)

def keyspace(r):
    r.scan(0, match="ts:*", count=50)
    r.exists(key("s"), key("set"), key("l"))
    r.randomkey()
    r.dbsize()
    time.sleep(0.005)

def info(r):
    r.info("all")
    r.config_get("*")
    r.dbsize()
    time.sleep(0.01)

def transactions(r):
    a, b = key("s"), key("s")
    with r.pipeline() as p:
        try:
            p.watch(a)
            p.get(a)
            p.multi()
            p.incr(a)
            p.incr(b)
            p.execute()
        except redis.WatchError:
            pass

def subscriber(r):
    p = r.pubsub()
    p.psubscribe("__keyspace@0__:ts:s:*")
    p.subscribe("ts:ch:%d" % random.randrange(4))
    end = time.monotonic() + 0.2
    while time.monotonic() < end:
        p.get_message(timeout=0.02)
    p.close()

def publisher(r):
    r.publish("ts:ch:%d" % random.randrange(4), "m")
    r.pubsub_numsub("ts:ch:0", "ts:ch:1")
    if random.random() < 0.05:
        r.config_set("notify-keyspace-events", random.choice(["", "KA", "EA", "K$g"]))

def monitor(r):
    m = redis.Redis(port=port, socket_timeout=2).monitor()
    try:
        with m:
            for _ in range(20):
                m.next_command()
    except redis.TimeoutError:
        if time.monotonic() < deadline:  # the others stop at the deadline: then it is quiet
            raise

INT_OPTIONS = [
    ("hz", lambda: random.randint(1, 500)),
    ("timeout", lambda: random.randint(300, 3600)),
    ("maxclients", lambda: random.randint(5000, 20000)),
    ("proto-max-bulk-len", lambda: random.randint(1 << 20, 1 << 30)),
    ("hash-max-listpack-entries", lambda: random.randint(1, 1024)),
    ("set-max-intset-entries", lambda: random.randint(1, 1024)),
    ("zset-max-listpack-entries", lambda: random.randint(1, 256)),
    ("list-max-listpack-size", lambda: random.choice([-2, -1, 4, 128])),
]

def persistence(r):
    # background saves walking the shards while the others write, the save rule's own ones,
    # DUMP/RESTORE across shards, and now and then a DEBUG RELOAD (its loader threads)
    try:
        r.bgsave()
    except redis.ResponseError:
        pass  # one is under way
    d = r.dump(key("s"))
    if d:
        r.restore(key("s"), 0, d, replace=True)
    r.lastsave()
    if random.random() < 0.02:
        r.execute_command("DEBUG", "RELOAD")
    time.sleep(0.02)

POLICIES = ["noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru",
            "volatile-lfu", "volatile-random", "volatile-ttl"]

def eviction(r):
    # a budget just above what is used, a flood of 4 KB values, every shard evicting (or OOM)
    used = int(r.info("memory")["used_memory"])
    r.config_set("maxmemory-policy", random.choice(POLICIES))
    r.config_set("maxmemory", used + (2 << 20))
    p = r.pipeline(transaction=False)
    for i in range(200):
        p.set("ts:ev:%d" % random.randrange(5000), "x" * 4000, ex=random.choice([None, 600]))
    p.execute(raise_on_error=False)
    try:
        r.object("freq", "ts:ev:1")
    except redis.ResponseError:
        pass
    r.config_set("maxmemory", 0)
    time.sleep(0.05)

def tracking(r):
    # A tracking client redirected to a pub/sub connection, reading keys other clients change.
    p = r.pubsub()
    p.subscribe("__redis__:invalidate")
    p.get_message(timeout=1)
    c = redis.Redis(port=port, socket_timeout=30)
    ids = [cl["id"] for cl in r.client_list() if cl.get("cmd") == "subscribe"]
    if ids:
        c.execute_command("CLIENT", "TRACKING", "ON", "REDIRECT", ids[-1],
                          *(("BCAST", "PREFIX", "ts:s:") if random.random() < 0.3 else ()))
    end = time.monotonic() + 0.2
    while time.monotonic() < end:
        c.mget([key("s") for _ in range(4)])
        p.get_message(timeout=0.01)
    c.close()
    p.close()

def introspection(r):
    r.execute_command("SLOWLOG", "GET", "5")
    r.execute_command("LATENCY", "HISTOGRAM", "set", "get")
    r.info("latencystats")
    if random.random() < 0.1:
        r.execute_command("CLIENT", "PAUSE", "20", random.choice(["WRITE", "ALL"]))
    if random.random() < 0.05:
        r.execute_command("SLOWLOG", "RESET")
    time.sleep(0.01)

def metrics(r):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", metrics_port, timeout=10)
    conn.request("GET", random.choice(["/metrics", "/healthz"]))
    body = conn.getresponse().read()
    conn.close()
    if b"redis_up" not in body and b"ok" not in body and b"loading" not in body:
        raise RuntimeError("metrics: %r" % body[:200])
    time.sleep(0.05)

SCRIPT = ("local n = 0 "
          "for i = 1, tonumber(ARGV[1]) do "
          "  n = n + redis.call('incr', 'tsan:script:' .. math.random(1, 64)) "  # undeclared keys
          "end "
          "redis.call('set', KEYS[1], n) return n")

LIBRARY = ("#!lua name=tsan\n"
           "redis.register_function('tsan_inc', function(keys, args) "
           "return redis.call('incr', keys[1]) end)")

def scripts(r):
    # Scripts on every worker's VM, undone and run again over more shards, SCRIPT FLUSH now and
    # then (each VM starts over), functions, and SCRIPT KILL looking at the busy records.
    r.eval(SCRIPT, 1, key("s"), random.randint(1, 8))
    if random.random() < 0.05:
        r.execute_command("FUNCTION", "LOAD", "REPLACE", LIBRARY)
    if random.random() < 0.3:
        r.execute_command("FCALL", "tsan_inc", 1, key("f"))
    if random.random() < 0.02:
        r.execute_command("SCRIPT", "FLUSH")
    if random.random() < 0.05:
        try:
            r.execute_command("SCRIPT", "KILL")
        except redis.ResponseError:
            pass

def streams(r):
    # XADD trimmed as BullMQ does, readers blocked on two streams (mostly on two shards) woken
    # by the writers, and the in-place changes and copies that go through the write hook.
    a, b = key("x"), key("x")
    r.xadd(a, {"f": random.randrange(1000)}, maxlen=200, approximate=True)
    r.xread({a: "$", b: "$"}, count=10, block=20)
    r.xrange(a, count=5)
    if random.random() < 0.2:
        r.xtrim(b, maxlen=random.randrange(50))
        r.xdel(a, "0-1")
    if random.random() < 0.05:
        d = r.dump(a)
        if d:
            r.restore(b, 0, d, replace=True)

def config(r):
    name, value = random.choice(INT_OPTIONS)
    r.config_set(name, value())
    time.sleep(0.005)

steps = {"strings": strings, "sets": sets, "lists": lists, "hashes": hashes,
         "keyspace": keyspace, "info": info, "config": config, "transactions": transactions,
         "subscriber": subscriber, "publisher": publisher, "monitor": monitor,
         "persistence": persistence, "eviction": eviction, "tracking": tracking,
         "introspection": introspection, "metrics": metrics, "scripts": scripts,
         "streams": streams, "stream_writer": lambda r: r.xadd(key("x"), {"w": 1}, maxlen=200)}
threads = [threading.Thread(target=worker, args=(n, s)) for n, s in steps.items()]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("python load: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))
for text, n in sorted(errors.items()):
    print("  error reply x%d: %s" % (n, text))
for text in failures:
    print("  FAILED %s" % text)
sys.exit(1 if failures else 0)
EOF
/usr/bin/python3 "$TMP/load.py" "$PORT" "$SECONDS_LOAD" "$METRICS_PORT" >"$TMP/python.log" 2>&1 &
python_pid=$!
load_pids+=("$python_pid")

wait "$python_pid"
python_rc=$?
wait "${load_pids[0]}" 2>/dev/null
load_pids=()
cat "$TMP/python.log"
log "redis-benchmark: $(tr '\r' '\n' <"$TMP/benchmark.log" | grep -c 'requests per second') results"

# --- stop the server and collect the reports ----------------------------------------------------
server_rc=0
if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 600); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
        log "the server did not exit within 60 s of SIGTERM; killing it"
        kill -KILL "$server_pid"
        server_rc=1
    fi
    wait "$server_pid"
    rc=$?
    # 66 is TSan's exit code when it reported something; that is counted below.
    [ "$rc" -ne 0 ] && [ "$rc" -ne 66 ] && server_rc=$rc
else
    log "the server died during the load:"
    tail -n 20 "$TMP/server.log"
    server_rc=1
fi
server_pid=""

shopt -s nullglob
reports=("$TMP"/tsan.*)
nwarn=0
if [ ${#reports[@]} -gt 0 ]; then
    cat "${reports[@]}" >"$TMP/tsan-all.log"
    nwarn=$(grep -c '^WARNING: ThreadSanitizer' "$TMP/tsan-all.log")
fi
if [ "$nwarn" -gt 0 ]; then
    log ""
    log "== TSan reports, one per distinct summary (count, then the first report in full) =="
    grep '^SUMMARY: ThreadSanitizer' "$TMP/tsan-all.log" | sort | uniq -c | sort -rn
    # The first full report for each distinct SUMMARY line.
    awk '
        /^==================$/ { if (buf != "") flush(); buf = $0 "\n"; next }
        { buf = buf $0 "\n"; if ($0 ~ /^SUMMARY: ThreadSanitizer/) sum = $0 }
        function flush() { if (sum != "" && !(sum in seen)) { seen[sum] = 1; printf "%s", buf }
                           buf = ""; sum = "" }
        END { flush() }
    ' "$TMP/tsan-all.log"
fi

nsupp=0
if [ -f "$TMP/tsan-all.log" ]; then
    # "ThreadSanitizer: Matched N suppressions (pid=P):" then "  N race_top:...", at exit.
    nsupp=$(awk '/^ThreadSanitizer: Matched [0-9]+ suppressions/ { n += $3 } END { print n + 0 }' \
        "$TMP/tsan-all.log")
    if [ "$nsupp" -gt 0 ]; then
        log ""
        log "== suppressed by tools/tsan.supp (known, being fixed elsewhere) =="
        grep -A 20 '^ThreadSanitizer: Matched' "$TMP/tsan-all.log" | grep '^ *[0-9]'
    fi
fi

log ""
[ "${TSAN_KEEP:-0}" = 1 ] && log "logs kept in $TMP"
log "TSan warnings: $nwarn (suppressed: $nsupp)"
[ "$python_rc" -ne 0 ] && log "the python load failed (exit status $python_rc)"
[ "$server_rc" -ne 0 ] && log "the server exited with status $server_rc"
if [ "$nwarn" -gt 0 ] || [ "$python_rc" -ne 0 ] || [ "$server_rc" -ne 0 ]; then
    exit 1
fi
exit 0
