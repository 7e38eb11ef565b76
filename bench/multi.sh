#!/usr/bin/env bash
# MULTI/EXEC blocks, side by side: CLIENTS connections each send blocks back to back, a block
# being MULTI, SETS SETs and EXEC in one write, and read the block's replies (+OK, SETS +QUEUED,
# the EXEC array) before sending the next; BLOCKS blocks in all. The i-th SET of a block takes a
# random key (of KEYSPACE, VALUE-byte values) whose Redis Cluster slot mod 2 is i mod 2, so every
# block touches both shards of tessera-server --threads 2 (shard = CRC16 slot mod threads).
# The same blocks without MULTI and EXEC (test "plain") are measured too: the difference is what
# the transaction costs. Servers: redis-server, valkey-server (../shared/peers, when present),
# tessera-server --threads 1 and --threads 2, each pinned to CPU 0 with the load generator
# (bench/loadgen.c, one thread, epoll) on CPU 1; fresh server per run, rounds in alternating
# order, medians. A server that answers "unknown command" to MULTI is skipped, not failed.
#
# Prints per server and test: blocks/s, the server's CPU time (utime+stime of /proc/PID/stat,
# all threads) per block, their ratios to redis-server's, and how busy the server and the
# generator were (srv_cpu% near 100 and gen_cpu% well below it: the server is the bottleneck).
#
# Usage: bench/multi.sh [rounds] [tessera binary]       (default: 3 build/tessera-server)
# Environment: CLIENTS (50) BLOCKS (100000) SETS (10) KEYSPACE (100000) VALUE (32)
# DEPTH (1: blocks in flight per client) TESTS ("multi plain"), and SERVERS, T2_CPUS, PEERS,
# LIMIT as described in bench/common.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
TESSERA=${2:-build/tessera-server}
CLIENTS=${CLIENTS:-50}
BLOCKS=${BLOCKS:-100000}
SETS=${SETS:-10}
KEYSPACE=${KEYSPACE:-100000}
VALUE=${VALUE:-32}
DEPTH=${DEPTH:-1}
TESTS=${TESTS:-multi plain}
PROBE=(MULTI)
# shellcheck source=bench/common.sh
. bench/common.sh

probe_needed() { [ "$1" = multi ] && echo yes || echo no; }
load_args() { echo "$1" -c "$CLIENTS" -n "$BLOCKS" -b "$SETS" -k 2 -r "$KEYSPACE" -d "$VALUE" -w "$DEPTH"; }

echo "blocks of $SETS SETs (multi: inside MULTI/EXEC; plain: alone), $CLIENTS clients, $BLOCKS blocks, depth $DEPTH, $KEYSPACE keys, $VALUE-byte values; medians of $ROUNDS rounds"
run_rounds

printf '%-11s %-6s %10s %8s %13s %9s %9s %8s\n' server test blocks/s ratio srv_us/block \
    cpu_ratio srv_cpu% gen_cpu%
for test in $TESTS; do
    rb=$(median redis "$test" blocks_per_s)
    rc=$(median redis "$test" srv_us_per_block)
    for s in "${available[@]}"; do
        status_row "$s" "$test" "$(printf '%-11s %-6s' "$s" "$test")" || continue
        b=$(median "$s" "$test" blocks_per_s)
        c=$(median "$s" "$test" srv_us_per_block)
        busy_pct "$s/$test" "$s" "$test" > "$TMP/busy"
        printf '%-11s %-6s %10.0f %8s %13.3f %9s %9s %8.0f\n' "$s" "$test" "$b" "$(ratio "$b" "$rb")" \
            "$c" "$(ratio "$c" "$rc")" "$(cat "$TMP/busy")" "$(median "$s" "$test" gen_cpu_pct)"
    done
done
note_idle
exit "$FAILED"
