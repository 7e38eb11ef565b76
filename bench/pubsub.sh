#!/usr/bin/env bash
# PUBLISH fan-out, side by side: SUBSCRIBERS connections subscribe to one channel, then
# PUBLISHERS connections send MESSAGES PUBLISHes of PAYLOAD bytes in all, pipelined (at most
# WINDOW unanswered each), as fast as the server takes them. The clock runs from the first
# PUBLISH until every subscriber has received every message. Servers: redis-server, valkey-server
# (../shared/peers, when present), tessera-server --threads 1 and --threads 2, each pinned to
# CPU 0 with the load generator (bench/loadgen.c, one thread, epoll) on CPU 1; fresh server per
# run, rounds in alternating order, medians. A server that answers "unknown command" to PUBLISH
# or SUBSCRIBE is skipped, not failed.
#
# Prints per server: messages delivered/s and published/s, the server's CPU time (utime+stime of
# /proc/PID/stat, all threads) per published and per delivered message, the ratios of delivered/s
# and of CPU per message to redis-server's, how busy the server and the generator were
# (srv_cpu% near 100 and gen_cpu% well below it: the server is the bottleneck, as it should be),
# and how many messages a subscriber's read brought on average (the server's batching: fewer
# means more writes for the server and more reads for every subscriber).
#
# Usage: bench/pubsub.sh [rounds] [tessera binary]      (default: 3 build/tessera-server)
# Environment: MESSAGES (100000) SUBSCRIBERS (100) PUBLISHERS (1) PAYLOAD (32) WINDOW (500), and
# SERVERS, T2_CPUS, PEERS, LIMIT as described in bench/common.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
TESSERA=${2:-build/tessera-server}
MESSAGES=${MESSAGES:-100000}
SUBSCRIBERS=${SUBSCRIBERS:-100}
PUBLISHERS=${PUBLISHERS:-1}
PAYLOAD=${PAYLOAD:-32}
WINDOW=${WINDOW:-500}
PROBE=(PUBLISH bench:probe x)
TESTS=fanout
# shellcheck source=bench/common.sh
. bench/common.sh

probe_needed() { echo yes; }
load_args() { echo pubsub -s "$SUBSCRIBERS" -u "$PUBLISHERS" -n "$MESSAGES" -d "$PAYLOAD" -w "$WINDOW"; }

echo "PUBLISH fan-out: $PUBLISHERS publisher(s), $SUBSCRIBERS subscribers, $MESSAGES messages of $PAYLOAD bytes, window $WINDOW; medians of $ROUNDS rounds"
run_rounds

printf '%-11s %12s %10s %8s %11s %13s %11s %9s %8s %8s %9s\n' server deliv/s pub/s wall_s srv_us/pub \
    srv_us/deliv deliv_ratio cpu_ratio srv_cpu% gen_cpu% msgs/read
rd=$(median redis fanout deliv_per_s)
rc=$(median redis fanout srv_us_per_deliv)
for s in "${available[@]}"; do
    status_row "$s" fanout "$(printf %-11s "$s")" || continue
    d=$(median "$s" fanout deliv_per_s)
    c=$(median "$s" fanout srv_us_per_deliv)
    w=$(median "$s" fanout wall_s)
    busy_pct "$s" "$s" fanout > "$TMP/busy"
    printf '%-11s %12.0f %10.0f %8.3f %11.3f %13.4f %11s %9s %8s %8.0f %9.1f\n' "$s" "$d" \
        "$(median "$s" fanout pub_per_s)" "$w" "$(median "$s" fanout srv_us_per_pub)" "$c" \
        "$(ratio "$d" "$rd")" "$(ratio "$c" "$rc")" "$(cat "$TMP/busy")" "$(median "$s" fanout gen_cpu_pct)" \
        "$(median "$s" fanout deliv_per_read)"
done
note_idle
exit "$FAILED"
