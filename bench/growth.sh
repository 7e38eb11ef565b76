#!/usr/bin/env bash
# Largest latency a client sees while the keyspace grows to N keys (bench/growth.py): Redis,
# Valkey (from ../shared/peers) and Tessera --threads 1 and 2, one after the other.
#
#   bench/growth.sh          (N=10000000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA=${TESSERA:-build/tessera-server}
[ -x "$TESSERA" ] || { echo "no $TESSERA: run tools/run.sh or meson setup build first" >&2; exit 1; }
exec /usr/bin/python3 bench/growth.py "$TESSERA"
