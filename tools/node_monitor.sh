#!/usr/bin/env bash
# Which commands does a client library send? Runs Node test files (tests/node/<name>.test.mjs)
# against redis-server with a MONITOR client on every server they start (redis-cli monitor,
# bounded by a timeout), then prints the distinct command names the server saw, from clients and
# from Lua scripts apart (Redis 7.0's MONITOR shows a script's commands with the source "lua"),
# with counts, the subcommands of container commands (CLIENT, SCRIPT, CONFIG, ...) and the
# argument forms of the stream commands (XADD ... MAXLEN ~ N * field value ...). The tests' own
# clients (their probes and checks) show among the client commands too.
#
#   tools/node_monitor.sh bullmq                 (the BullMQ tests; the log stays in MONITOR_LOG)
#   MONITOR_LOG=/tmp/m.txt tools/node_monitor.sh scripts bullmq
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REDIS=$(command -v redis-server) || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
command -v redis-cli >/dev/null || { echo "redis-cli not found (apt-get install redis-tools)" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: tools/node_monitor.sh <test file base name> ..." >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
LOG=${MONITOR_LOG:-$TMP/monitor.txt}
: >"$LOG"

# A redis-server (the name must start so: server.mjs then treats it as Redis) that attaches a
# MONITOR client once it answers; the MONITOR ends with the server, or after 200 s.
cat >"$TMP/redis-server-monitored" <<EOF
#!/usr/bin/env bash
port=; prev=
for a in "\$@"; do [ "\$prev" = --port ] && port=\$a; prev=\$a; done
(
    for _ in \$(seq 500); do redis-cli -p "\$port" ping >/dev/null 2>&1 && break; sleep 0.01; done
    exec timeout 200 redis-cli -p "\$port" monitor >>"$LOG"
) &
exec "$REDIS" "\$@"
EOF
chmod +x "$TMP/redis-server-monitored"

bash "$ROOT/tools/node_tests.sh" "$TMP/redis-server-monitored" "$@" || echo "note: some tests failed; the list below is what was sent anyway"

/usr/bin/python3 - "$LOG" <<'EOF'
import collections, re, sys

LINE = re.compile(r'^[\d.]+ \[\d+ (\S+)\] (.*)$')
ARG = re.compile(r'"((?:[^"\\]|\\.)*)"')
CONTAINERS = {'CLIENT', 'CONFIG', 'SCRIPT', 'FUNCTION', 'OBJECT', 'XINFO', 'XGROUP', 'MEMORY', 'COMMAND', 'ACL'}
WORDS = {'MAXLEN', 'MINID', 'LIMIT', 'BLOCK', 'COUNT', 'STREAMS', 'NOMKSTREAM', '~', '=', '*', '$', '+', '-',
         '>', 'JUSTID', 'FORCE', 'IDLE', 'TIME', 'RETRYCOUNT', 'GROUP', 'MKSTREAM', 'ENTRIESREAD', 'NOACK'}

def shape(args):
    """The argument form of a stream command: option words kept, numbers N, IDs ID, the rest s."""
    out = []
    for a in args:
        if a.upper() in WORDS:
            out.append(a.upper())
        elif re.fullmatch(r'\d+', a):
            out.append('N')
        elif re.fullmatch(r'\d+-\d+', a):
            out.append('ID')
        else:
            out.append('s')
    return ' '.join(out)

names = {'client': collections.Counter(), 'lua': collections.Counter()}
subs = collections.Counter()
forms = collections.Counter()
for line in open(sys.argv[1], errors='replace'):
    m = LINE.match(line.strip())
    if not m:
        continue
    args = ARG.findall(m.group(2))
    if not args:
        continue
    src = 'lua' if m.group(1) == 'lua' else 'client'
    name = args[0].upper()
    names[src][name] += 1
    if name in CONTAINERS and len(args) > 1:
        subs[(src, f'{name} {args[1].upper()}')] += 1
    if name in ('XREAD', 'XREADGROUP'):
        forms[(src, f'{name} {shape(args[1:])}')] += 1
    elif name.startswith('X'):
        form = f'{name} key {shape(args[2:])}'
        if name == 'XADD':  # the field-value pairs after the ID
            form = re.sub(r'((?:\*|ID) )(s|N|ID)( (s|N|ID))*$', r'\1field value ...', form)
        forms[(src, form)] += 1

for src in ('client', 'lua'):
    print(f'{src}: {len(names[src])} commands')
    print('  ' + ' '.join(f'{k}({v})' for k, v in sorted(names[src].items())))
if subs:
    print('subcommands:')
    for (src, s), n in sorted(subs.items()):
        print(f'  {src:6} {s} ({n})')
if forms:
    print('stream command forms (s: a string, N: a number, ID: an entry ID):')
    for (src, s), n in sorted(forms.items()):
        print(f'  {src:6} {s} ({n})')
EOF
