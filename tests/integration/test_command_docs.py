# COMMAND DOCS, COMMAND INFO's key specs and tips, and COMMAND GETKEYS[ANDFLAGS], compared with a
# redis-server 7.0.15 started beside the server under test, byte for byte in RESP2 and RESP3; and
# what redis-cli makes of them: the hint it shows as SET is typed (under tmux) and `help SET`.

import os
import shutil
import subprocess
import time

from harness import Skip, eq, ok

REDIS_CLI = '/usr/bin/redis-cli'


def pair(srv, proto):
    """A client of the server under test and one of a reference Redis, both speaking proto."""
    ref = srv.start_reference()
    t, r = srv.raw(), srv.raw(port=ref.port)
    for c in (t, r):
        c.cmd('HELLO', proto)
    return t, r, ref


def pairs(reply):
    """A RESP2 map (a flat list) as (key, value) pairs."""
    return [(reply[i], reply[i + 1]) for i in range(0, len(reply), 2)]


def without_subcommands(docs):
    if isinstance(docs, dict):
        return {k: v for k, v in docs.items() if k != b'subcommands'}
    return [kv for kv in pairs(docs) if kv[0] != b'subcommands']


def compare_command(t, r, name):
    """COMMAND DOCS and COMMAND INFO of one command, as Redis answers them. A container's own
    fields and each of its subcommands (by full name) are compared; the set of subcommands may
    differ (Redis has more) and so may their order (Redis's follows its hash table)."""
    mine, theirs = t.cmd('COMMAND', 'INFO', name)[0], r.cmd('COMMAND', 'INFO', name)[0]
    if theirs is None:
        return False
    if not theirs[9] and not mine[9]:
        eq(t.cmd_raw('COMMAND', 'INFO', name), r.cmd_raw('COMMAND', 'INFO', name),
           'COMMAND INFO %s' % name.decode())
        eq(t.cmd_raw('COMMAND', 'DOCS', name), r.cmd_raw('COMMAND', 'DOCS', name),
           'COMMAND DOCS %s' % name.decode())
        return True
    eq(mine[:9], theirs[:9], 'COMMAND INFO %s without its subcommands' % name.decode())
    d1, d2 = t.cmd('COMMAND', 'DOCS', name), r.cmd('COMMAND', 'DOCS', name)
    if isinstance(d1, dict):  # RESP3
        d1, d2 = [name, d1[name]], [name, d2[name]]
    eq(without_subcommands(d1[1]), without_subcommands(d2[1]),
       'COMMAND DOCS %s without its subcommands' % name.decode())
    for sub in mine[9]:
        compare_command(t, r, sub[0])
    return True


def check_all_commands(srv, proto):
    t, r, _ = pair(srv, proto)
    compared = 0
    for name in t.cmd('COMMAND', 'LIST'):
        if b'|' in name:
            continue  # compared with their container
        compared += compare_command(t, r, name)
    ok(compared > 150, 'compared %d commands' % compared)


def test_command_docs_and_info_resp2(srv):
    check_all_commands(srv, '2')


def test_command_docs_and_info_resp3(srv):
    check_all_commands(srv, '3')


def test_command_docs_every_command(srv):
    """COMMAND DOCS without names documents every command of COMMAND LIST, as Redis does."""
    t, r, _ = pair(srv, '2')
    mine = dict(pairs(t.cmd('COMMAND', 'DOCS')))
    theirs = dict(pairs(r.cmd('COMMAND', 'DOCS')))
    top = [n for n in t.cmd('COMMAND', 'LIST') if b'|' not in n]
    eq(sorted(mine), sorted(top), 'COMMAND DOCS names')
    for name, docs in mine.items():
        if name in theirs:
            eq(without_subcommands(docs), without_subcommands(theirs[name]), name.decode())


def test_command_docs_shapes(srv):
    t, r, _ = pair(srv, '3')
    for c in (t, r):
        eq(c.cmd_raw('COMMAND', 'DOCS', 'nosuchcommand'), b'%0\r\n')
        docs = c.cmd('COMMAND', 'DOCS', 'get', 'nosuchcommand', 'config|get')
        eq(sorted(docs), [b'config|get', b'get'])
        args = docs[b'get'][b'arguments']
        eq(args, [{b'name': b'key', b'type': b'key', b'key_spec_index': 0}])
    eq(t.cmd_raw('COMMAND', 'DOCS', 'set', 'GET'), r.cmd_raw('COMMAND', 'DOCS', 'set', 'GET'))
    eq(t.cmd_raw('COMMAND', 'INFO', 'set', 'nosuch', 'zunionstore'),
       r.cmd_raw('COMMAND', 'INFO', 'set', 'nosuch', 'zunionstore'))


GETKEYS_CASES = [
    ['SET', 'k', 'v'], ['SET', 'k', 'v', 'GET'], ['SET', 'k', 'v', 'get', 'EX', '1'],
    ['GET', 'a', 'b'], ['GET'], ['PING'],
    ['MSET', 'a', '1', 'b', '2'], ['MSET', 'a', '1', 'b'], ['DEL', 'a', 'b', 'c'],
    ['RENAME', 'a', 'b'], ['COPY', 'a', 'b'], ['SMOVE', 'a', 'b', 'm'],
    ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'], ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'],
    ['GETEX', 'k'], ['GETDEL', 'k'], ['OBJECT', 'ENCODING', 'k'], ['MEMORY', 'USAGE', 'k'],
    ['ZUNIONSTORE', 'd', '2', 'a', 'b'], ['ZUNIONSTORE', 'd', '0', 'a'],
    ['ZUNIONSTORE', 'd', '3', 'a', 'b'], ['ZINTERSTORE', 'd', '1', 'a', 'WEIGHTS', '1'],
    ['ZUNION', '0', 'a'], ['ZDIFF', '1', 'a'], ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
    ['ZRANGESTORE', 'd', 's', '0', '1'], ['ZADD', 'k', '1'],
    ['LMPOP', '2', 'a', 'b', 'LEFT'], ['LMPOP', '3', 'a', 'b', 'LEFT'], ['LMPOP', '0', 'a', 'LEFT'],
    ['LMPOP', 'x', 'a', 'LEFT'], ['LMPOP', '-1', 'a', 'LEFT'], ['LMPOP', '1', 'a'],
    ['BLMPOP', '0', '2', 'a', 'b', 'LEFT'], ['BZMPOP', '0', '1', 'a', 'MIN'],
    ['BLPOP', 'a', 'b', '0'], ['BLPOP', 'a'], ['SINTERCARD', '2', 'a', 'b'],
    ['SINTERSTORE', 'd', 'a', 'b'], ['SDIFFSTORE', 'd', 'a'],
    ['PUBLISH', 'c', 'm'], ['SPUBLISH', 'c', 'm'], ['SSUBSCRIBE', 'a', 'b'], ['SUBSCRIBE', 'a'],
    ['nosuchcommand', 'a'], ['CLIENT', 'ID', 'x'], ['CONFIG', 'GET', 'x'],
    ['WATCH', 'a', 'b'], ['EXISTS', 'a', 'a'], ['TOUCH', 'a'], ['HSET', 'h', 'f', 'v'],
    ['RESTORE', 'k', '0', 'x', 'REPLACE'],
    # commands other branches add: compared when the server under test has them
    ['BITFIELD', 'k', 'GET', 'u8', '0'], ['BITFIELD', 'k', 'SET', 'u8', '0', '1'],
    ['BITFIELD', 'k'], ['BITFIELD_RO', 'k', 'GET', 'u8', '0'], ['BITOP', 'AND', 'd', 'a', 'b'],
    ['SORT', 'k'], ['SORT', 'k', 'STORE', 'd'], ['SORT', 'k', 'BY', 'x', 'GET', 'y', 'STORE', 'd'],
    ['SORT_RO', 'k'], ['PFCOUNT', 'a', 'b'], ['PFMERGE', 'd', 'a', 'b'],
    ['GEORADIUS', 'k', '1', '2', '3', 'm', 'STORE', 'd'],
    ['GEORADIUS', 'k', '1', '2', '3', 'm', 'STOREDIST', 'd'],
    ['GEORADIUS', 'k', '1', '2', '3', 'm'],
    ['GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'm'],
    ['MIGRATE', 'h', '1', 'k', '0', '10'], ['MIGRATE', 'h', '1', '', '0', '10', 'KEYS', 'a', 'b'],
    ['LCS', 'a', 'b'], ['OBJECT', 'REFCOUNT', 'k'],
]


def test_command_getkeysandflags(srv):
    """Every case answers as Redis: keys, their access flags, and the errors."""
    t, r, ref = pair(srv, '3')
    t2, r2 = srv.raw(), srv.raw(port=ref.port)
    checked = 0
    for case in GETKEYS_CASES:
        info = t.cmd('COMMAND', 'INFO', case[0])[0]
        known = info is not None and (
            not info[9] or t.cmd('COMMAND', 'INFO', '%s|%s' % (case[0], case[1]))[0] is not None)
        if not known and case[0] != 'nosuchcommand':
            continue
        for sub in ('GETKEYSANDFLAGS', 'GETKEYS'):
            eq(t.cmd_raw('COMMAND', sub, *case), r.cmd_raw('COMMAND', sub, *case),
               'COMMAND %s %s' % (sub, ' '.join(case)))
            eq(t2.cmd_raw('COMMAND', sub, *case), r2.cmd_raw('COMMAND', sub, *case),
               'RESP2 COMMAND %s %s' % (sub, ' '.join(case)))
        checked += 1
    ok(checked > 40, 'checked %d cases' % checked)
    eq(t.cmd('COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v', 'GET'),
       [[b'k', ['RW', 'access', 'update']]])
    eq(t.cmd('COMMAND', 'GETKEYSANDFLAGS', 'LMOVE', 'a', 'b', 'LEFT', 'RIGHT'),
       [[b'a', ['RW', 'access', 'delete']], [b'b', ['RW', 'insert']]])


_tmux_runs = [0]


def tmux_hint(port, typed):
    """What redis-cli shows on its prompt line after typed, run in a detached tmux session of a
    tmux server of its own (a shared one may be exiting as the last session ends)."""
    _tmux_runs[0] += 1
    tmux = ['tmux', '-L', 'tessera-hint-%d-%d-%d' % (os.getpid(), port, _tmux_runs[0])]

    def screen():
        return subprocess.run(tmux + ['capture-pane', '-t', 'hint', '-p'],
                              capture_output=True, text=True).stdout

    started = None
    for _ in range(5):
        started = subprocess.run(tmux + ['new-session', '-d', '-s', 'hint', '-x', '250', '-y', '10',
                                         '%s -p %d' % (REDIS_CLI, port)],
                                 capture_output=True, text=True)
        if started.returncode == 0:
            break
        time.sleep(0.2)
    ok(started.returncode == 0, 'tmux new-session: %r' % started.stderr)
    try:
        prompt = '127.0.0.1:%d>' % port  # capture-pane drops the space after it
        text = ''
        deadline = time.time() + 10
        while prompt not in text and time.time() < deadline:
            time.sleep(0.1)
            text = screen()
        ok(prompt in text, 'redis-cli prompt: %r' % text)
        subprocess.run(tmux + ['send-keys', '-t', 'hint', '-l', typed], check=True)
        line = ''
        deadline = time.time() + 10
        while time.time() < deadline:
            time.sleep(0.2)
            lines = [l for l in screen().splitlines() if l.startswith(prompt)]
            line = lines[-1][len(prompt) + 1:].rstrip() if lines else ''
            if len(line) > len(typed.rstrip()):
                break
        return line
    finally:
        subprocess.run(tmux + ['kill-server'], capture_output=True)


def test_redis_cli_hint(srv):
    if not shutil.which('tmux') or not os.path.exists(REDIS_CLI):
        raise Skip('needs tmux and redis-cli')
    ref = srv.start_reference()
    mine, theirs = tmux_hint(srv.port, 'SET '), tmux_hint(ref.port, 'SET ')
    eq(mine, theirs, 'the hint against Redis')
    eq(mine, 'SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|'
       'PXAT unix-time-milliseconds|KEEPTTL]')
    eq(tmux_hint(srv.port, 'ZADD k '), tmux_hint(ref.port, 'ZADD k '), 'ZADD after one argument')


def test_redis_cli_help(srv):
    if not os.path.exists(REDIS_CLI):
        raise Skip('needs redis-cli')
    ref = srv.start_reference()
    for cmd in ('SET', 'ZADD', 'CLIENT KILL', 'GETEX', 'BLMPOP'):
        mine = subprocess.run([REDIS_CLI, '-p', str(srv.port), 'help'] + cmd.split(),
                              capture_output=True).stdout
        theirs = subprocess.run([REDIS_CLI, '-p', str(ref.port), 'help'] + cmd.split(),
                                capture_output=True).stdout
        eq(mine, theirs, 'redis-cli help %s' % cmd)
        ok(b'summary:' in mine, 'help %s has a summary: %r' % (cmd, mine))
