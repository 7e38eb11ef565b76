#!/usr/bin/env bash
# Old against new RESP parser on one RPUSH of N one-byte values in 16 KiB reads (see
# bench/parser_bench.c). Builds the bench with -O2 twice: against src/resp/parser.c as it is in
# the work tree, and as it was at OLD_REV (default: just before the parser became incremental).
# Usage: bench/parser_bench.sh [N...] (default: 1600000 3200000); OLD_REV=<rev> to compare another
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 1600000 3200000
if [ -z "${OLD_REV:-}" ]; then
    first=$(git log --reverse --format=%H -S resp_request_reset -- include/tessera/resp_parser.h | head -1)
    OLD_REV=${first:+$first^}
    OLD_REV=${OLD_REV:-HEAD}
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CC=${CC:-cc}
DEPS="src/server/mem.c src/server/util.c src/resp/splitargs.c"
CFLAGS="-O2 -std=gnu11 -D_GNU_SOURCE -DNDEBUG"

mkdir -p "$TMP/old/include/tessera"
git show "$OLD_REV:include/tessera/resp_parser.h" > "$TMP/old/include/tessera/resp_parser.h"
git show "$OLD_REV:src/resp/parser.c" > "$TMP/old/parser.c"
$CC $CFLAGS -I "$TMP/old/include" -I include -I src -o "$TMP/old/bench" \
    bench/parser_bench.c "$TMP/old/parser.c" $DEPS -lmimalloc -lm
$CC $CFLAGS -I include -I src -o "$TMP/new" \
    bench/parser_bench.c src/resp/parser.c $DEPS -lmimalloc -lm

for n in "$@"; do
    echo "old ($(git rev-parse --short "$OLD_REV")): $("$TMP/old/bench" "$n")"
    echo "new (work tree): $("$TMP/new" "$n")"
done
