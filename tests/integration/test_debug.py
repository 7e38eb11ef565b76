# DEBUG's subcommands against a Redis 7.0.15 started beside the server under test: PROTOCOL, HELP
# and the errors byte for byte in RESP2 and RESP3; OBJECT, HTSTATS and the structure printers by
# shape (addresses and sizes are the implementation's); SLEEP, SET-ACTIVE-EXPIRE, POPULATE and
# LOG by what they do. Each test runs servers of its own with enable-debug-command yes.

import re
import threading
import time

from harness import REDIS_SERVER, Server, eq, ok, own_server, wait_until

DEBUG_ON = ['--enable-debug-command', 'yes']


def reference_debug(srv):
    """A reference Redis with DEBUG on; stopped after the test."""
    s = Server(REDIS_SERVER, reference=True, extra_args=DEBUG_ON)
    srv._servers.append(s)
    return s.start()


def pair(srv, proto='2'):
    s = srv.start_server(DEBUG_ON)
    ref = reference_debug(srv)
    t, r = srv.raw(port=s.port), srv.raw(port=ref.port)
    for c in (t, r):
        c.cmd('HELLO', proto)
    return s, t, ref, r


PROTOCOL_TYPES = ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map',
                  'attrib', 'push', 'verbatim', 'true', 'false', 'nope']


@own_server
def test_debug_protocol(srv):
    for proto in ('2', '3'):
        _, t, _, r = pair(srv, proto)
        for typ in PROTOCOL_TYPES:
            mine, theirs = t.cmd_raw('DEBUG', 'PROTOCOL', typ), r.cmd_raw('DEBUG', 'PROTOCOL', typ)
            if typ == 'push' and proto == '3':  # the push, then a real reply
                mine, theirs = mine + t.read_raw(), theirs + r.read_raw()
            eq(mine, theirs, 'RESP%s DEBUG PROTOCOL %s' % (proto, typ))
        eq(t.cmd('PING'), 'PONG')


ERROR_CASES = [
    ['HELP'], ['nosuch'], ['OBJECT'], ['OBJECT', 'nokey'], ['OBJECT', 'a', 'b'],
    ['LISTPACK', 'nokey'], ['LISTPACK', 's'], ['LISTPACK', 'l'], ['QUICKLIST', 'nokey'],
    ['QUICKLIST', 's'], ['QUICKLIST', 'h'], ['HTSTATS'], ['HTSTATS', 'x'], ['HTSTATS', '99'],
    ['HTSTATS', '-1'], ['HTSTATS', '5'], ['HTSTATS-KEY', 'nokey'], ['HTSTATS-KEY', 's'],
    ['HTSTATS-KEY', 'h'], ['POPULATE'], ['POPULATE', '-1'], ['POPULATE', 'x'],
    ['POPULATE', '1', 'p', 'x'], ['POPULATE', '1', 'p', '-2'], ['POPULATE', '1', 'a', 'b', 'c'],
    ['SLEEP'], ['SLEEP', '0'], ['SLEEP', 'x'], ['SET-ACTIVE-EXPIRE'],
    ['SET-ACTIVE-EXPIRE', '1'], ['LOG'], ['LOG', 'a', 'b'], ['STRINGMATCH-TEST'],
    ['stringmatch-len'], ['QUICKLIST-PACKED-THRESHOLD'], ['QUICKLIST-PACKED-THRESHOLD', 'x'],
    ['QUICKLIST-PACKED-THRESHOLD', '-1'], ['QUICKLIST-PACKED-THRESHOLD', '5gb'],
    ['QUICKLIST-PACKED-THRESHOLD', '4gb'], ['QUICKLIST-PACKED-THRESHOLD', '100'],
    ['QUICKLIST-PACKED-THRESHOLD', '1kb'], ['QUICKLIST-PACKED-THRESHOLD', '0'],
    ['DIGEST', 'x'], ['RELOAD', 'bad'],
]


def fill(c):
    c.cmd('SET', 's', 'hello')
    c.cmd('RPUSH', 'l', 'a', 'b', 'c')
    c.cmd('HSET', 'h', 'f', 'v')
    c.cmd('SADD', 'st', '1', '2')
    c.cmd('ZADD', 'z', '1', 'a')


@own_server
def test_debug_replies_and_errors(srv):
    """HELP, the status replies and every error text as Redis's."""
    for proto in ('2', '3'):
        _, t, _, r = pair(srv, proto)
        for c in (t, r):
            fill(c)
        for case in ERROR_CASES:
            eq(t.cmd_raw('DEBUG', *case), r.cmd_raw('DEBUG', *case),
               'RESP%s DEBUG %s' % (proto, ' '.join(case)))


OBJECT_LINE = re.compile(r'^Value at:0x[0-9a-f]+ refcount:\d+ encoding:(\S+) serializedlength:\d+ '
                         r'lru:\d+ lru_seconds_idle:\d+(.*)$')
QUICKLIST_TAIL = re.compile(r'^ ql_nodes:\d+ ql_avg_node:\d+\.\d\d ql_listpack_max:-?\d+ '
                            r'ql_compressed:\d ql_uncompressed_size:\d+$')


@own_server
def test_debug_object(srv):
    _, t, _, r = pair(srv)
    for c in (t, r):
        fill(c)
        c.cmd('SET', 'n', '12345')
        c.cmd('SET', 'big', 'x' * 100)
        for key in ('s', 'n', 'big', 'l', 'h', 'st', 'z'):
            line = c.cmd('DEBUG', 'OBJECT', key)
            m = OBJECT_LINE.match(line)
            ok(m, 'DEBUG OBJECT %s: %r' % (key, line))
            eq(m.group(1), c.cmd('OBJECT', 'ENCODING', key).decode(), 'encoding of %s' % key)
            if key == 'l':
                ok(QUICKLIST_TAIL.match(m.group(2)), 'quicklist fields: %r' % m.group(2))
                ok('ql_nodes:1 ql_avg_node:3.00 ql_listpack_max:-2' in line, line)
            else:
                eq(m.group(2), '', 'nothing after lru_seconds_idle for %s' % key)
        ok(re.search(r'serializedlength:6 ', c.cmd('DEBUG', 'OBJECT', 's')), 'hello is 6 bytes')
    eq(t.cmd('DEBUG', 'OBJECT', 'nokey'), 'ERR no such key')


@own_server
def test_debug_sleep(srv):
    """The worker sleeps with the keyspace held: the client waits, and so does a command of
    another client on a key."""
    s = srv.start_server(DEBUG_ON)
    c, other = srv.raw(port=s.port), srv.raw(port=s.port)
    c.cmd('SET', 'k', 'v')
    start = time.time()
    eq(c.cmd('DEBUG', 'SLEEP', '0.5'), 'OK')
    ok(time.time() - start >= 0.45, 'DEBUG SLEEP 0.5 answered after %.3f s' % (time.time() - start))

    done = {}

    def sleeper():
        done['reply'] = c.cmd('DEBUG', 'SLEEP', '0.6')

    th = threading.Thread(target=sleeper)
    th.start()
    time.sleep(0.15)
    start = time.time()
    eq(other.cmd('GET', 'k'), b'v')
    waited = time.time() - start
    th.join()
    eq(done['reply'], 'OK')
    ok(waited >= 0.2, 'GET during DEBUG SLEEP waited %.3f s' % waited)
    eq(c.cmd('DEBUG', 'SLEEP', '0'), 'OK')


@own_server
def test_debug_set_active_expire(srv):
    s = srv.start_server(DEBUG_ON + ['--hz', '100'])
    c = srv.raw(port=s.port)
    eq(c.cmd('DEBUG', 'SET-ACTIVE-EXPIRE', '0'), 'OK')
    for i in range(20):
        c.cmd('SET', 'k%d' % i, 'v', 'PX', '50')
    time.sleep(0.6)
    eq(c.cmd('DBSIZE'), 20, 'no key expired in the background')
    eq(c.cmd('EXISTS', 'k0'), 0, 'lazy expiry still works')
    eq(c.cmd('DEBUG', 'SET-ACTIVE-EXPIRE', '1'), 'OK')
    wait_until(lambda: c.cmd('DBSIZE') == 0, 5)


@own_server
def test_debug_populate(srv):
    _, t, _, r = pair(srv)
    for c in (t, r):
        c.cmd('SET', 'key:5', 'mine')
        eq(c.cmd('DEBUG', 'POPULATE', '100'), 'OK')
        eq(c.cmd('DBSIZE'), 100)
        eq(c.cmd('GET', 'key:5'), b'mine', 'an existing key is kept')
        eq(c.cmd('GET', 'key:99'), b'value:99')
        eq(c.cmd('MGET', 'key:0', 'key:1', 'key:100'), [b'value:0', b'value:1', None])
        eq(c.cmd('DEBUG', 'POPULATE', '10', 'p'), 'OK')
        eq(c.cmd('GET', 'p:9'), b'value:9')
        eq(c.cmd('DEBUG', 'POPULATE', '3', 'sz', '12'), 'OK')
        eq(c.cmd('GET', 'sz:2'), b'value:2' + b'\0' * 5, 'padded with zeros')
        eq(c.cmd('DEBUG', 'POPULATE', '3', 'cut', '4'), 'OK')
        eq(c.cmd('GET', 'cut:1'), b'valu', 'cut to the size')
        eq(c.cmd('DEBUG', 'POPULATE', '0'), 'OK')
        eq(c.cmd('DBSIZE'), 116)
        eq(c.cmd('TYPE', 'key:7'), 'string')
    # the keys sit on the shards that own them: a key routed by its slot finds its value
    keys = ['key:%d' % i for i in range(100) if i != 5]
    eq(t.cmd('MGET', *keys), [('value:%s' % k[4:]).encode() for k in keys])
    eq(t.cmd('DEBUG', 'DIGEST'), r.cmd('DEBUG', 'DIGEST'), 'the same dataset as Redis')


HTSTATS_BLOCK = (
    r'Hash table (\d) stats \((?:main hash table|rehashing target)\):\n table size: (\d+)\n'
    r' number of elements: (\d+)\n different slots: \d+\n max chain length: \d+\n'
    r' avg chain length \(counted\): \d+\.\d\d\n avg chain length \(computed\): \d+\.\d\d\n'
    r' Chain length distribution:\n(?:   \d+: \d+ \(\d+\.\d\d%\)\n)+')


def table_stats(text):
    """A dict's stats text (its main table, and a rehashing target if one is under way), in
    Redis's shape: the number of elements of its tables together."""
    if isinstance(text, bytes):
        text = text.decode()
    ok(re.fullmatch('(?:%s)+' % HTSTATS_BLOCK, text), 'hash table stats: %r' % text)
    blocks = re.findall(HTSTATS_BLOCK, text)
    eq([b[0] for b in blocks], ['0', '1'][:len(blocks)], 'tables 0 then 1')
    return sum(int(b[2]) for b in blocks)


@own_server
def test_debug_htstats(srv):
    for proto in ('2', '3'):
        _, t, _, r = pair(srv, proto)
        for c in (t, r):
            eq(c.cmd('DEBUG', 'POPULATE', '50'), 'OK')
            c.cmd('EXPIRE', 'key:1', '100')
            text = c.cmd('DEBUG', 'HTSTATS', '0').decode()
            ok(text.startswith('[Dictionary HT]\n'), text)
            main, expires = text[len('[Dictionary HT]\n'):].split('[Expires HT]\n')
            eq(table_stats(main), 50)
            eq(table_stats(expires), 1)
            c.cmd('HSET', 'big', *[str(i) for i in range(1200)])
            eq(table_stats(c.cmd('DEBUG', 'HTSTATS-KEY', 'big')), 600)
            c.cmd('SADD', 'bigset', 'a', *[str(i) for i in range(600)])
            eq(table_stats(c.cmd('DEBUG', 'HTSTATS-KEY', 'bigset')), 601)
        eq(t.cmd_raw('DEBUG', 'HTSTATS', '3'), r.cmd_raw('DEBUG', 'HTSTATS', '3'), 'an empty db')
        eq(t.cmd_raw('DEBUG', 'HTSTATS-KEY', 'key:1'), r.cmd_raw('DEBUG', 'HTSTATS-KEY', 'key:1'))


def printed(server):
    """What a server printed on standard output after its first structure (log lines and
    addresses left out)."""
    lines = [re.sub(r'addr: 0x[0-9a-f]+', 'addr', l) for l in server.log_text().splitlines()
             if not re.match(r'^\d+:[A-Z] ', l)]
    start = [i for i, l in enumerate(lines) if l.startswith(('{total bytes', '{count :'))]
    return lines[start[0]:] if start else []


def fill_packed(c):
    c.cmd('RPUSH', 'l', 'a', 'b', 'c', '12', '-5000', '100000', 'x' * 70, '-1', '4294967296',
          '-9223372036854775808', '0', '007', 'y' * 5000)
    c.cmd('HSET', 'h', 'f', 'v', 'num', '123', 'long', 'y' * 30)
    c.cmd('ZADD', 'z', '1', 'a', '2.5', 'b', '-3', 'c', '1e20', 'd')
    c.cmd('SADD', 'st', '1', '2', '70000')
    c.cmd('SADD', 'st2', '1', '-2')
    c.cmd('RPUSH', 'big', *[('e%d' % i) * 3 for i in range(3000)])


@own_server
def test_debug_layout_as_redis(srv):
    """DEBUG OBJECT's sizes and the LISTPACK / QUICKLIST printouts describe the value as Redis
    holds it: the same listpacks, quicklist nodes and intsets, byte for byte."""
    s, t, ref, r = pair(srv)
    for c in (t, r):
        fill_packed(c)
    # Addresses and clocks differ between the two: Redis's idle time comes from a clock that
    # ticks once a second, so it reads 1 as often as 0 for a key written a moment ago.
    strip = lambda line: re.sub(r'at:0x[0-9a-f]+ |lru:\d+ |lru_seconds_idle:\d+ ', '', line)
    for key in ('l', 'h', 'z', 'st', 'st2', 'big'):
        line, theirs = strip(t.cmd('DEBUG', 'OBJECT', key)), strip(r.cmd('DEBUG', 'OBJECT', key))
        if key == 'big':  # its nodes are LZF-compressed: the compressor's output is ours
            line = re.sub(r'serializedlength:\d+', '', line)
            theirs = re.sub(r'serializedlength:\d+', '', theirs)
        eq(line, theirs, 'DEBUG OBJECT %s' % key)
    for c in (t, r):
        eq(c.cmd('DEBUG', 'LISTPACK', 'h'), 'Listpack structure printed on stdout')
        eq(c.cmd('DEBUG', 'LISTPACK', 'z'), 'Listpack structure printed on stdout')
        eq(c.cmd('DEBUG', 'QUICKLIST', 'l', '1'), 'Quicklist structure printed on stdout')
        eq(c.cmd('DEBUG', 'LOG', 'flush'), 'OK')  # a log line flushes Redis's stdout
    wait_until(lambda: len(printed(s)) > 100 and len(printed(s)) == len(printed(ref)), 5)
    mine, theirs = printed(s), printed(ref)
    for i, (a, b) in enumerate(zip(mine, theirs)):
        eq(a, b, 'printed line %d (%r)' % (i, mine[max(0, i - 12):i + 2]))
    eq(len(mine), len(theirs), 'printed lines')


@own_server
def test_debug_listpack_quicklist_log(srv):
    s, t, ref, r = pair(srv)
    for c in (t, r):
        fill(c)
        eq(c.cmd('DEBUG', 'LISTPACK', 'h'), 'Listpack structure printed on stdout')
        eq(c.cmd('DEBUG', 'LISTPACK', 'z'), 'Listpack structure printed on stdout')
        eq(c.cmd('DEBUG', 'QUICKLIST', 'l'), 'Quicklist structure printed on stdout')
        eq(c.cmd('DEBUG', 'QUICKLIST', 'l', '1'), 'Quicklist structure printed on stdout')
        eq(c.cmd('DEBUG', 'LOG', 'tessera-debug-log-check'), 'OK')
    for server in (s, ref):
        wait_until(lambda: 'DEBUG LOG: tessera-debug-log-check' in server.log_text(), 5)


@own_server
def test_debug_gate(srv):
    """Off by default; `local` lets a loopback client in."""
    s = srv.start_server([])
    c = srv.raw(port=s.port)
    reply = c.cmd('DEBUG', 'PROTOCOL', 'string')
    ok(reply.startswith('ERR DEBUG command not allowed.'), reply)
    eq(c.cmd('CONFIG', 'GET', 'enable-debug-command'), [b'enable-debug-command', b'no'])
    s = srv.start_server(['--enable-debug-command', 'local'])
    c = srv.raw(port=s.port)
    eq(c.cmd('DEBUG', 'PROTOCOL', 'string'), b'Hello World')
    eq(c.cmd('DEBUG', 'SET-ACTIVE-EXPIRE', '1'), 'OK')
