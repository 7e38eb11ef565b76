#!/usr/bin/env bash
# Hit rate of a Zipf read-through load under the same maxmemory (bench/cache.py), allkeys-lru and
# allkeys-lfu, Tessera (--threads 1 and 2) beside Redis, and Valkey from ../shared/peers.
#
#   bench/cache.sh          (KEYS, VALUE, BUDGET_MB, REQUESTS, WARMUP, ZIPF_S to change the load)
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA=${TESSERA:-build/tessera-server}
[ -x "$TESSERA" ] || { echo "no $TESSERA: run tools/run.sh or meson setup build first" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
exec /usr/bin/python3 bench/cache.py "$TESSERA"
