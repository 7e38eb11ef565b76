#!/usr/bin/env bash
# Checks the layering of src/ (docs/execution.md): which folders may include which. Prints each
# include that breaks a rule and exits non-zero if there is one; the test suite runs it.
#
#   tools/check_layers.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

# folder: what it must not include (a folder under src/, or a header of include/tessera/ that
# belongs to that folder: the reply writer and the parser are resp's)
RULES=(
    "shard:net/ resp/ tessera/reply.h tessera/resp_parser.h"
    "types:net/"
    "resp:types/ shard/"
    "dispatch:net/"
    "cmd:net/"
    "script:net/"
)

bad=0
for rule in "${RULES[@]}"; do
    dir=${rule%%:*}
    for banned in ${rule#*:}; do
        while IFS= read -r hit; do
            echo "layering: src/$dir must not include $banned: $hit"
            bad=1
        done < <(grep -rnF "#include \"$banned" "src/$dir" --include='*.c' --include='*.h' || true)
    done
done
if [ "$bad" -eq 0 ]; then
    echo "layering: ok"
fi
exit "$bad"
