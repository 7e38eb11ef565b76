#!/usr/bin/env bash
# Snapshot cost side by side (bench/persist.py): Tessera --threads 2 against Redis (and Valkey
# from ../shared/peers when present): peak memory growth during a BGSAVE under a write load, the
# p99 of that load, save and load MB/s. Uses build/tessera-server (tools/run.sh builds it).
#
#   bench/persist.sh                 (DATASET_MB=2048 by default; DATASET_MB=256 for a quick look)
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA=${TESSERA:-build/tessera-server}
[ -x "$TESSERA" ] || { echo "no $TESSERA: run tools/run.sh or meson setup build first" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
exec /usr/bin/python3 bench/persist.py "$TESSERA"
