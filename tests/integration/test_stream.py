# Streams over TCP, as Redis 7.0.15 answers them: XADD (IDs explicit, "ms-*" and automatic,
# NOMKSTREAM, MAXLEN/MINID with = and ~ and LIMIT, every error), XLEN, XRANGE / XREVRANGE
# (incomplete and exclusive IDs, COUNT), XDEL, XTRIM (whole nodes with ~, node sizes from
# stream-node-max-*), XSETID, XINFO STREAM [FULL] and HELP, XREAD (COUNT, `$`, several keys on
# several shards, RESP2 and RESP3) and XREAD BLOCK (served by an XADD from another client, every
# waiter of a key, timeouts, clients that vanish while blocked, inside MULTI); keyspace events;
# TYPE, OBJECT ENCODING, SCAN TYPE, COPY, RENAME, MOVE; DUMP/RESTORE between Tessera and Redis
# byte for byte; MEMORY USAGE, DEBUG OBJECT / DIGEST-VALUE against Redis's; snapshots with
# streams saved, checked by redis-check-rdb, merged and loaded by Redis, and Redis's files loaded.
# Every test passes against redis-server 7.0.15 (run.py --reference) unless marked Tessera-only.

import os
import subprocess
import threading
import time

from harness import (RawClient, WRONGTYPE, arity, encode_command, eq, is_error,
                     keys_on_distinct_shards, nshards, ok, own_server, tessera_only, timeout,
                     wait_until)
import persistutil as pu

INVALID_ID = 'ERR Invalid stream ID specified as stream command argument'
ID_SMALL = 'ERR The ID specified in XADD is equal or smaller than the target stream top item'
ID_ZERO = 'ERR The ID specified in XADD must be greater than 0-0'
NOT_INT = 'ERR value is not an integer or out of range'
SYNTAX = 'ERR syntax error'
NO_KEY = 'ERR no such key'


def blocked_clients(r):
    for line in r.cmd('INFO', 'clients').decode().split('\r\n'):
        if line.startswith('blocked_clients:'):
            return int(line.split(':')[1])
    return -1


def block(srv, *args, proto=None):
    """A client that sent a (blocking) command; the caller reads its reply later."""
    c = srv.raw()
    if proto:
        c.cmd('HELLO', proto)
    c.send(encode_command(*args))
    return c


def wait_blocked(r, n):
    wait_until(lambda: blocked_clients(r) == n, msg='%d blocked clients' % n)


def entries(*pairs):
    """[[id, [f, v, ...]], ...] from ('id', ['f', 'v']) pairs, as the replies carry them."""
    return [[i.encode(), [x.encode() for x in fv]] for i, fv in pairs]


def numbered(c, key, n, start=1):
    """Entries start-0 .. start+n-1-0 with field f and value i, sent in a pipeline."""
    c.send(b''.join(encode_command('XADD', key, '%d-0' % i, 'f', str(i))
                    for i in range(start, start + n)))
    for _ in range(n):
        c.read_reply()


def info(c, key):
    flat = c.cmd('XINFO', 'STREAM', key)
    return dict(zip(flat[0::2], flat[1::2]))


# ---------------------------------------------------------------------------------------------
# XADD

def test_xadd_ids(srv):
    c = srv.raw()
    eq(c.cmd('XADD', 's', '1-1', 'a', '1'), b'1-1')
    eq(c.cmd('XADD', 's', '1-1', 'a', '1'), ID_SMALL)
    eq(c.cmd('XADD', 's', '1-0', 'a', '1'), ID_SMALL)
    eq(c.cmd('XADD', 's', '1', 'a', '1'), ID_SMALL, 'an incomplete ID is ms-0')
    eq(c.cmd('XADD', 's', '2', 'a', '1'), b'2-0')
    eq(c.cmd('XADD', 's', '2-*', 'a', '1'), b'2-1')
    eq(c.cmd('XADD', 's', '2-*', 'a', '1'), b'2-2')
    eq(c.cmd('XADD', 's', '5-*', 'a', '1'), b'5-0')
    eq(c.cmd('XADD', 's', '4-*', 'a', '1'), ID_SMALL)
    eq(c.cmd('XADD', 's', '0-0', 'a', '1'), ID_ZERO)
    eq(c.cmd('XADD', 'new', '0-0', 'a', '1'), ID_ZERO)
    eq(c.cmd('EXISTS', 'new'), 0, 'a refused 0-0 creates no key')
    eq(c.cmd('XADD', 'new', '0-*', 'a', '1'), b'0-1')
    for bad in ('abc', '-1', '1-x', '1-2-3', '+', '-', '', '1-**', 'x' * 200):
        eq(c.cmd('XADD', 's', bad, 'a', '1'), INVALID_ID, repr(bad))
    eq(c.cmd('XADD', 's', '18446744073709551615-18446744073709551615', 'a', '1'),
       b'18446744073709551615-18446744073709551615')
    exhausted = 'ERR The stream has exhausted the last possible ID, unable to add more items'
    eq(c.cmd('XADD', 's', '*', 'a', '1'), exhausted)
    eq(c.cmd('XADD', 's', '18446744073709551615-*', 'a', '1'), exhausted)
    eq(c.cmd('XLEN', 's'), 6)


def test_xadd_automatic_ids_grow(srv):
    c = srv.raw()
    ids = []
    for _ in range(200):
        ids.append(c.cmd('XADD', 'auto', '*', 'f', 'v'))
    parsed = [tuple(int(x) for x in i.split(b'-')) for i in ids]
    eq(sorted(set(parsed)), parsed, 'strictly increasing')
    now = int(time.time() * 1000)
    ok(abs(parsed[-1][0] - now) < 60000, 'the milliseconds are the clock\'s: %r' % (ids[-1],))
    # a last ID in the future: the next sequence of that millisecond
    future = now + 10 ** 9
    eq(c.cmd('XSETID', 'auto', '%d-5' % future), 'OK')
    eq(c.cmd('XADD', 'auto', '*', 'f', 'v'), b'%d-6' % future)


def test_xadd_arguments(srv):
    c = srv.raw()
    eq(c.cmd('XADD', 's', '*', 'a'), arity('xadd'))
    eq(c.cmd('XADD', 's', '1-1', 'a', '1', 'b'), arity('xadd'))
    eq(c.cmd('XADD', 's', 'maxlen', '5', '*'), arity('xadd'))
    eq(c.cmd('XADD', 's', 'nomkstream', 'nomkstream', 'a'), INVALID_ID, 'a is taken as the ID')
    eq(c.cmd('XADD', 's', 'nomkstream', 'maxlen', '1', 'a'), INVALID_ID)
    eq(c.cmd('XADD', 's', 'MAXLEN', '-1', '*', 'a', '1'), 'ERR The MAXLEN argument must be >= 0.')
    eq(c.cmd('XADD', 's', 'MAXLEN', '~', 'x', '*', 'a', '1'), NOT_INT)
    eq(c.cmd('XADD', 's', 'LIMIT', '5', '*', 'a', '1'),
       'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy')
    eq(c.cmd('XADD', 's', 'MAXLEN', '5', 'LIMIT', '5', '*', 'a', '1'),
       'ERR syntax error, LIMIT cannot be used without the special ~ option')
    both = 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible'
    eq(c.cmd('XADD', 's', 'MAXLEN', '5', 'MINID', '5', '*', 'a', '1'), both)
    eq(c.cmd('XADD', 's', 'MINID', '5', 'MINID', '5', '*', 'a', '1'), both)
    eq(c.cmd('XADD', 's', 'MAXLEN', '=', '1', 'LIMIT', '-1', '*', 'a', '1'),
       'ERR The LIMIT argument must be >= 0.')
    eq(c.cmd('XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', 'x', '*', 'a', '1'), NOT_INT)
    eq(c.cmd('XADD', 's', 'MINID', '-', '*', 'a', '1'), INVALID_ID)
    eq(c.cmd('XADD', 's', 'foo', 'a', '1'), INVALID_ID)
    eq(c.cmd('EXISTS', 's'), 0)
    eq(c.cmd('XADD', 's', 'NOMKSTREAM', '*', 'a', '1'), None)
    eq(c.cmd('EXISTS', 's'), 0, 'NOMKSTREAM creates nothing')
    eq(c.cmd('XADD', 's', 'nomkstream', 'maxlen', '=', '5', '1-1', 'a', '1'), None)
    eq(c.cmd('XADD', 's', 'maxlen', '=', '5', '1-1', 'a', '1'), b'1-1')
    eq(c.cmd('XADD', 's', 'NOMKSTREAM', '2-1', 'a', '2'), b'2-1')
    eq(c.cmd('SET', 'str', 'x'), 'OK')
    eq(c.cmd('XADD', 'str', '*', 'a', '1'), WRONGTYPE)
    eq(c.cmd('XADD', 'str', 'NOMKSTREAM', '*', 'a', '1'), WRONGTYPE)


def test_xadd_trims(srv):
    c = srv.raw()
    for i in range(1, 11):
        c.cmd('XADD', 's', 'MAXLEN', '3', '%d-0' % i, 'f', str(i))
    eq(c.cmd('XRANGE', 's', '-', '+'), entries(('8-0', ['f', '8']), ('9-0', ['f', '9']),
                                              ('10-0', ['f', '10'])))
    eq(c.cmd('XADD', 's', 'MINID', '=', '10', '11-0', 'f', '11'), b'11-0')
    eq(c.cmd('XLEN', 's'), 2)
    # `~` only drops whole nodes (100 entries here): 250 entries keep 50 over MAXLEN ~ 10
    numbered(c, 'big', 250)
    eq(c.cmd('XADD', 'big', 'MAXLEN', '~', '10', '251-0', 'f', 'x'), b'251-0')
    eq(c.cmd('XLEN', 'big'), 51)
    eq(c.cmd('XRANGE', 'big', '-', '+', 'COUNT', 1)[0][0], b'201-0')


# ---------------------------------------------------------------------------------------------
# XRANGE, XREVRANGE, XLEN, XDEL

def test_xrange_and_xrevrange(srv):
    c = srv.raw()
    c.cmd('XADD', 's', '1-1', 'a', '1')
    c.cmd('XADD', 's', '1-2', 'b', '2', 'c', '3')
    c.cmd('XADD', 's', '2-0', 'a', '4')
    c.cmd('XADD', 's', '3-5', 'n', '-17')
    everything = entries(('1-1', ['a', '1']), ('1-2', ['b', '2', 'c', '3']), ('2-0', ['a', '4']),
                         ('3-5', ['n', '-17']))
    eq(c.cmd('XRANGE', 's', '-', '+'), everything)
    eq(c.cmd('XREVRANGE', 's', '+', '-'), everything[::-1])
    eq(c.cmd('XRANGE', 's', '1', '1'), everything[:2], 'an incomplete end takes the whole ms')
    eq(c.cmd('XRANGE', 's', '1-2', '2'), everything[1:3])
    eq(c.cmd('XRANGE', 's', '(1-1', '(3-5'), everything[1:3])
    eq(c.cmd('XRANGE', 's', '(1', '+'), everything, '(1 is after 1-0')
    eq(c.cmd('XRANGE', 's', '-', '(2'), everything[:3], 'an end (2 is 2-18446744073709551614')
    eq(c.cmd('XREVRANGE', 's', '(3-5', '(1-1'), everything[1:3][::-1])
    eq(c.cmd('XRANGE', 's', '-', '+', 'COUNT', '2'), everything[:2])
    eq(c.cmd('XREVRANGE', 's', '+', '-', 'COUNT', '1'), everything[3:])
    eq(c.cmd('XRANGE', 's', '-', '+', 'count', '2', 'COUNT', '3'), everything[:3])
    eq(c.cmd('XRANGE', 's', '3', '2'), [])
    eq(c.cmd_raw('XRANGE', 's', '-', '+', 'COUNT', '0'), b'*-1\r\n')
    eq(c.cmd_raw('XRANGE', 's', '-', '+', 'COUNT', '-1'), b'*-1\r\n')
    eq(c.cmd_raw('XRANGE', 'nokey', '-', '+', 'COUNT', '0'), b'*0\r\n')
    eq(c.cmd('XRANGE', 's', '-', '+', 'COUNT', 'x'), NOT_INT)
    eq(c.cmd('XRANGE', 's', '-', '+', 'COUNT'), SYNTAX)
    eq(c.cmd('XRANGE', 's', '-', '+', 'foo'), SYNTAX)
    for bad in ('(', '(-', 'x', '1-x'):
        eq(c.cmd('XRANGE', 's', bad, '+'), INVALID_ID, repr(bad))
    eq(c.cmd('XRANGE', 's', '-', '(+'), INVALID_ID)
    eq(c.cmd('XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'),
       'ERR invalid start ID for the interval')
    eq(c.cmd('XRANGE', 's', '-', '(0-0'), 'ERR invalid end ID for the interval')
    eq(c.cmd('XRANGE', 's', '-'), arity('xrange'))
    c.cmd('SET', 'str', 'x')
    eq(c.cmd('XRANGE', 'str', '-', '+'), WRONGTYPE)
    eq(c.cmd('XRANGE', 'str', 'x', '+'), INVALID_ID, 'the IDs are checked first')
    c.cmd('HELLO', '3')
    eq(c.cmd_raw('XRANGE', 's', '2', '2'), b'*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\na\r\n$1\r\n4\r\n')
    eq(c.cmd_raw('XRANGE', 's', '-', '+', 'COUNT', '0'), b'_\r\n')


def test_xlen_and_xdel(srv):
    c = srv.raw()
    numbered(c, 's', 250)
    eq(c.cmd('XLEN', 's'), 250)
    eq(c.cmd('XLEN', 'nokey'), 0)
    eq(c.cmd('XDEL', 's', '5-0', '5-0', '6', '999-0'), 2)
    eq(c.cmd('XLEN', 's'), 248)
    eq(c.cmd('XDEL', 's', '7-0', 'bad'), INVALID_ID)
    eq(c.cmd('XLEN', 's'), 248, 'a bad ID deletes nothing')
    eq(c.cmd('XDEL', 's', '-'), INVALID_ID)
    eq(c.cmd('XDEL', 'nokey', 'bad'), 0, 'a missing key is looked up first')
    eq(c.cmd('XDEL', 's'), arity('xdel'))
    # a whole node emptied goes away; the stream stays while empty
    eq(c.cmd('XDEL', 's', *['%d-0' % i for i in range(101, 201)]), 100)
    eq(info(c, 's')[b'radix-tree-keys'], 2)
    eq(c.cmd('XDEL', 's', *['%d-0' % i for i in range(1, 251)]), 148)
    eq(c.cmd('XLEN', 's'), 0)
    eq(c.cmd('EXISTS', 's'), 1, 'an empty stream is kept')
    eq(c.cmd('XRANGE', 's', '-', '+'), [])
    i = info(c, 's')
    eq((i[b'length'], i[b'last-generated-id'], i[b'max-deleted-entry-id'], i[b'entries-added'],
        i[b'recorded-first-entry-id']), (0, b'250-0', b'250-0', 250, b'0-0'))
    c.cmd('SET', 'str', 'x')
    eq(c.cmd('XLEN', 'str'), WRONGTYPE)
    eq(c.cmd('XDEL', 'str', '1-1'), WRONGTYPE)


# ---------------------------------------------------------------------------------------------
# XTRIM

def test_xtrim(srv):
    c = srv.raw()
    numbered(c, 's', 250)
    eq(c.cmd('XTRIM', 's', 'MAXLEN', '~', '10'), 200, 'whole nodes of 100 only')
    eq(c.cmd('XLEN', 's'), 50)
    eq(c.cmd('XTRIM', 's', 'MAXLEN', '~', '10'), 0)
    eq(c.cmd('XTRIM', 's', 'MAXLEN', '10'), 40)
    eq(c.cmd('XRANGE', 's', '-', '+', 'COUNT', '1'), entries(('241-0', ['f', '241'])))
    eq(c.cmd('XTRIM', 's', 'MAXLEN', '=', '0'), 10)
    eq(c.cmd('EXISTS', 's'), 1)
    numbered(c, 'm', 1000)
    eq(c.cmd('XTRIM', 'm', 'MINID', '~', '450'), 400, 'the nodes whose last ID is below 450')
    eq(c.cmd('XTRIM', 'm', 'MINID', '450'), 49)
    eq(c.cmd('XRANGE', 'm', '-', '+', 'COUNT', '1'), entries(('450-0', ['f', '450'])))
    eq(c.cmd('XTRIM', 'm', 'MAXLEN', '~', '0', 'LIMIT', '250'), 151, 'LIMIT: whole nodes within it')
    eq(c.cmd('XTRIM', 'm', 'MAXLEN', '~', '0', 'LIMIT', '99'), 0)
    eq(c.cmd('XLEN', 'm'), 400)
    eq(c.cmd('XTRIM', 'nokey', 'MAXLEN', '0'), 0)
    eq(c.cmd('XTRIM', 's'), arity('xtrim'))
    eq(c.cmd('XTRIM', 's', 'MAXLEN'), arity('xtrim'))
    eq(c.cmd('XTRIM', 's', 'MAXLEN', '0', 'foo'), SYNTAX)
    eq(c.cmd('XTRIM', 's', 'foo', '1'), SYNTAX)
    eq(c.cmd('XTRIM', 's', 'NOMKSTREAM', 'MAXLEN', '1'), SYNTAX)
    eq(c.cmd('XTRIM', 's', 'LIMIT', '5'),
       'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy')
    eq(c.cmd('XTRIM', 's', 'LIMIT', '0', 'LIMIT', '0'),
       'ERR syntax error, XTRIM must be called with a trimming strategy')
    eq(c.cmd('XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '5'),
       'ERR syntax error, LIMIT cannot be used without the special ~ option')
    eq(c.cmd('XTRIM', 's', 'MINID', '+'), INVALID_ID)
    c.cmd('SET', 'str', 'x')
    eq(c.cmd('XTRIM', 'str', 'MAXLEN', '1'), WRONGTYPE)


def test_node_size_settings(srv):
    c = srv.raw()
    got = c.cmd('CONFIG', 'GET', 'stream-node-max-*')
    eq(dict(zip(got[0::2], got[1::2])),
       {b'stream-node-max-bytes': b'4096', b'stream-node-max-entries': b'100'})
    try:
        eq(c.cmd('CONFIG', 'SET', 'stream-node-max-entries', '10'), 'OK')
        numbered(c, 's', 95)
        eq(info(c, 's')[b'radix-tree-keys'], 10)
        eq(c.cmd('XTRIM', 's', 'MAXLEN', '~', '20'), 70)
        eq(c.cmd('CONFIG', 'SET', 'stream-node-max-entries', '0', 'stream-node-max-bytes', '300'),
           'OK')
        for i in range(1, 41):
            c.cmd('XADD', 'b', '%d-0' % i, 'f', 'v' * 50)
        nodes = info(c, 'b')[b'radix-tree-keys']
        ok(3 <= nodes < 40, 'nodes cut by bytes: %d' % nodes)
        eq(c.cmd('XTRIM', 'b', 'MAXLEN', '~', '0'), 40, 'every node is whole')
    finally:
        c.cmd('CONFIG', 'SET', 'stream-node-max-entries', '100', 'stream-node-max-bytes', '4096')


# ---------------------------------------------------------------------------------------------
# XSETID, XINFO

def test_xsetid(srv):
    c = srv.raw()
    c.cmd('XADD', 's', '1-1', 'a', '1')
    c.cmd('XADD', 's', '2-1', 'a', '2')
    eq(c.cmd('XSETID', 's', '2-0'),
       'ERR The ID specified in XSETID is smaller than the target stream top item')
    eq(c.cmd('XSETID', 's', '5-5', 'ENTRIESADDED', '1'),
       'ERR The entries_added specified in XSETID is smaller than the target stream length')
    eq(c.cmd('XSETID', 's', '5-5', 'ENTRIESADDED', '-1'), 'ERR entries_added must be positive')
    eq(c.cmd('XSETID', 's', '5-5', 'ENTRIESADDED', 'x'), NOT_INT)
    eq(c.cmd('XSETID', 's', '5-5', 'MAXDELETEDID', '6-0'),
       'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id')
    eq(c.cmd('XSETID', 's', '5-5', 'MAXDELETEDID', '+'), INVALID_ID)
    eq(c.cmd('XSETID', 's', '5-5', 'foo'), SYNTAX)
    eq(c.cmd('XSETID', 's', '5-5', 'ENTRIESADDED'), SYNTAX)
    eq(c.cmd('XSETID', 's', '+'), INVALID_ID)
    eq(c.cmd('XSETID', 'nokey', '1-0'), NO_KEY)
    eq(c.cmd('XSETID', 's'), arity('xsetid'))
    eq(c.cmd('XSETID', 's', '5-5', 'MAXDELETEDID', '3-0', 'ENTRIESADDED', '9'), 'OK')
    i = info(c, 's')
    eq((i[b'last-generated-id'], i[b'max-deleted-entry-id'], i[b'entries-added']),
       (b'5-5', b'3-0', 9))
    eq(c.cmd('XADD', 's', '5-*', 'a', '3'), b'5-6')
    eq(c.cmd('XADD', 's', '5-5', 'a', '3'), ID_SMALL)
    # an empty stream takes any last ID, even a smaller one
    c.cmd('XTRIM', 's', 'MAXLEN', '0')
    eq(c.cmd('XSETID', 's', '1-0'), 'OK')
    eq(c.cmd('XADD', 's', '1-1', 'a', '1'), b'1-1')
    c.cmd('SET', 'str', 'x')
    eq(c.cmd('XSETID', 'str', '1-0'), WRONGTYPE)


def test_xinfo_stream(srv):
    c = srv.raw()
    eq(c.cmd('XINFO', 'STREAM', 'nokey'), NO_KEY)
    c.cmd('XADD', 's', '1-1', 'a', '1')
    c.cmd('XADD', 's', '2-1', 'b', '2', 'c', '3')
    c.cmd('XADD', 's', '3-1', 'a', '4')
    c.cmd('XDEL', 's', '3-1')
    eq(c.cmd('XINFO', 'STREAM', 's'),
       [b'length', 2, b'radix-tree-keys', 1, b'radix-tree-nodes', 2,
        b'last-generated-id', b'3-1', b'max-deleted-entry-id', b'3-1', b'entries-added', 3,
        b'recorded-first-entry-id', b'1-1', b'groups', 0,
        b'first-entry', [b'1-1', [b'a', b'1']], b'last-entry', [b'2-1', [b'b', b'2', b'c', b'3']]])
    eq(c.cmd('XINFO', 'STREAM', 's', 'FULL'),
       [b'length', 2, b'radix-tree-keys', 1, b'radix-tree-nodes', 2,
        b'last-generated-id', b'3-1', b'max-deleted-entry-id', b'3-1', b'entries-added', 3,
        b'recorded-first-entry-id', b'1-1',
        b'entries', entries(('1-1', ['a', '1']), ('2-1', ['b', '2', 'c', '3'])), b'groups', []])
    eq(c.cmd('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1')[15], entries(('1-1', ['a', '1'])))
    for bad in (('foo',), ('FULL', 'COUNT'), ('FULL', 'x', '1'), ('FULL', 'COUNT', '1', 'x')):
        eq(c.cmd('XINFO', 'STREAM', 's', *bad),
           "ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.",
           repr(bad))
    eq(c.cmd('XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'), NOT_INT)
    eq(c.cmd('XINFO', 'STREAM', 'nokey', 'foo'), NO_KEY, 'the key is looked up first')
    eq(c.cmd('XINFO', 'foo', 's'), "ERR unknown subcommand 'foo'. Try XINFO HELP.")
    eq(c.cmd('XINFO', 'STREAM'), arity('xinfo|stream'))
    eq(c.cmd('XINFO'), arity('xinfo'))
    # nodes of 100: three keys and the radix tree Redis would build for them
    numbered(c, 'big', 250)
    i = info(c, 'big')
    eq((i[b'radix-tree-keys'], i[b'radix-tree-nodes']), (3, 8))
    c.cmd('SET', 'str', 'x')
    eq(c.cmd('XINFO', 'STREAM', 'str'), WRONGTYPE)
    c.cmd('HELLO', '3')
    c.cmd('XADD', 'one', '7-7', 'f', 'v')
    eq(c.cmd_raw('XINFO', 'STREAM', 'one'),
       b'%10\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n'
       b':2\r\n$17\r\nlast-generated-id\r\n$3\r\n7-7\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0'
       b'\r\n$13\r\nentries-added\r\n:1\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n7-7\r\n$6\r\n'
       b'groups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n7-7\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n'
       b'$10\r\nlast-entry\r\n*2\r\n$3\r\n7-7\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n')
    c.cmd('XDEL', 'one', '7-7')
    eq(c.cmd('XINFO', 'STREAM', 'one')[b'first-entry'], None)


def test_xinfo_help(srv):
    c = srv.raw()
    eq(c.cmd('XINFO', 'HELP'), [
        'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
        'CONSUMERS <key> <groupname>', '    Show consumers of <groupname>.',
        'GROUPS <key>', '    Show the stream consumer groups.',
        'STREAM <key> [FULL [COUNT <count>]', '    Show information about the stream.',
        'HELP', '    Prints this help.'])
    eq(c.cmd('XINFO', 'HELP', 'x'), arity('xinfo|help'))


# ---------------------------------------------------------------------------------------------
# XREAD

def test_xread(srv):
    c = srv.raw()
    c.cmd('XADD', 'a', '1-1', 'f', '1')
    c.cmd('XADD', 'a', '2-1', 'f', '2')
    c.cmd('XADD', 'b', '5-0', 'g', 'x')
    eq(c.cmd('XREAD', 'STREAMS', 'a', 'b', '0', '0'),
       [[b'a', entries(('1-1', ['f', '1']), ('2-1', ['f', '2']))],
        [b'b', entries(('5-0', ['g', 'x']))]])
    eq(c.cmd('XREAD', 'COUNT', '1', 'STREAMS', 'a', 'nokey', 'b', '1-1', '0', '0'),
       [[b'a', entries(('2-1', ['f', '2']))], [b'b', entries(('5-0', ['g', 'x']))]])
    eq(c.cmd('XREAD', 'STREAMS', 'a', 'b', '$', '5'), None, 'nothing after the given IDs')
    eq(c.cmd_raw('XREAD', 'STREAMS', 'nokey', '0'), b'*-1\r\n')
    eq(c.cmd('XREAD', 'COUNT', '-5', 'STREAMS', 'a', '2'), [[b'a', entries(('2-1', ['f', '2']))]])
    eq(c.cmd('XREAD', 'count', '0', 'streams', 'a', '1'), [[b'a', entries(('1-1', ['f', '1']),
                                                                          ('2-1', ['f', '2']))]])
    # served only when an entry is there to give: a tombstone at the top is not one
    c.cmd('XDEL', 'a', '2-1')
    eq(c.cmd('XREAD', 'STREAMS', 'a', '1-1'), None)
    eq(c.cmd('XREAD', 'STREAMS', 'streams', 'a', '0', '0'), [[b'a', entries(('1-1', ['f', '1']))]],
       'STREAMS as a key name')
    eq(c.cmd('XREAD', 'STREAMS', 'a'), arity('xread'))
    eq(c.cmd('XREAD', 'STREAMS', 'a', 'b', '0'),
       "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.")
    eq(c.cmd('XREAD', 'COUNT', '1'), arity('xread'))
    eq(c.cmd('XREAD', 'foo', 'STREAMS', 'a', '0'), SYNTAX)
    eq(c.cmd('XREAD', 'COUNT', '1', 'BLOCK', '1', 'x'), SYNTAX)
    eq(c.cmd('XREAD', 'COUNT', 'x', 'STREAMS', 'a', '0'), NOT_INT)
    eq(c.cmd('XREAD', 'BLOCK', '1.5', 'STREAMS', 'a', '0'),
       'ERR timeout is not an integer or out of range')
    eq(c.cmd('XREAD', 'BLOCK', '-1', 'STREAMS', 'a', '0'), 'ERR timeout is negative')
    for bad in ('+', '-', 'x'):
        eq(c.cmd('XREAD', 'STREAMS', 'a', bad), INVALID_ID, repr(bad))
    eq(c.cmd('XREAD', 'STREAMS', 'a', '>'),
       'ERR The > ID can be specified only when calling XREADGROUP using the GROUP '
       '<group> <consumer> option.')
    eq(c.cmd('XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'),
       'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.')
    eq(c.cmd('XREAD', 'NOACK', 'STREAMS', 'a', '0'),
       'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.')
    c.cmd('SET', 'str', 'x')
    eq(c.cmd('XREAD', 'STREAMS', 'a', 'str', '0', '0'), WRONGTYPE)
    c.cmd('HELLO', '3')
    eq(c.cmd_raw('XREAD', 'STREAMS', 'b', '0'),
       b'%1\r\n$1\r\nb\r\n*1\r\n*2\r\n$3\r\n5-0\r\n*2\r\n$1\r\ng\r\n$1\r\nx\r\n')
    eq(c.cmd_raw('XREAD', 'STREAMS', 'b', '5'), b'_\r\n')


def test_xread_keys_on_several_shards(srv):
    c = srv.raw()
    keys = keys_on_distinct_shards('xs', nshards(srv), 4)
    for i, k in enumerate(keys):
        c.cmd('XADD', k, '%d-1' % (i + 1), 'k', k)
    want = [[k.encode(), entries(('%d-1' % (i + 1), ['k', k]))] for i, k in enumerate(keys)]
    eq(c.cmd('XREAD', 'STREAMS', *keys, *(['0'] * len(keys))), want)
    eq(c.cmd('XREAD', 'STREAMS', *keys, '0', '1', '3-1', '0'), [want[0], want[1], want[3]])


# ---------------------------------------------------------------------------------------------
# XREAD BLOCK

def test_xread_block_served_by_xadd(srv):
    r = srv.raw()
    w = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    wait_blocked(r, 1)
    eq(r.cmd('XADD', 's', '1-1', 'f', 'v'), b'1-1')
    eq(w.read_reply()[0], [[b's', entries(('1-1', ['f', 'v']))]])
    # `$` is the last ID when the client blocks: an entry added since is what it gets
    w.send(encode_command('XREAD', 'BLOCK', '0', 'COUNT', '5', 'STREAMS', 's', '$'))
    wait_blocked(r, 1)
    r.send(encode_command('MULTI') + encode_command('XADD', 's', '2-1', 'f', 'a') +
           encode_command('XADD', 's', '2-2', 'f', 'b') + encode_command('EXEC'))
    for _ in range(4):
        r.read_reply()
    eq(w.read_reply()[0], [[b's', entries(('2-1', ['f', 'a']), ('2-2', ['f', 'b']))]],
       'both entries of the transaction')
    # RESP3: a map of the one key served
    w3 = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 'other', 's', '$', '$', proto='3')
    wait_blocked(r, 1)
    r.cmd('XADD', 's', '3-1', 'f', 'c')
    eq(w3.read_raw(),
       b'%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nf\r\n$1\r\nc\r\n')
    eq(blocked_clients(r), 0)


def test_xread_block_every_waiter_of_a_key(srv):
    r = srv.raw()
    r.cmd('XADD', 's', '10-0', 'f', 'old')
    w1 = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    w2 = block(srv, 'XREAD', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 's', '5')  # served at once
    eq(w2.read_reply()[0], [[b's', entries(('10-0', ['f', 'old']))]])
    w2.send(encode_command('XREAD', 'BLOCK', '0', 'STREAMS', 's', '10'))
    far = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '99-0')  # beyond what is added
    w3 = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '10-0')
    wait_blocked(r, 4)
    eq(r.cmd('XADD', 's', '20-0', 'f', 'new'), b'20-0')
    for w in (w1, w2, w3):
        eq(w.read_reply()[0], [[b's', entries(('20-0', ['f', 'new']))]])
    wait_blocked(r, 1)
    eq(far.pending(), b'')
    r.cmd('XADD', 's', '100-0', 'f', 'far')
    eq(far.read_reply()[0], [[b's', entries(('100-0', ['f', 'far']))]])
    eq(blocked_clients(r), 0)


def test_xread_block_several_shards(srv):
    r = srv.raw()
    keys = keys_on_distinct_shards('bs', nshards(srv), 3)
    waiters = [block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', *keys, '$', '$', '$')
               for _ in range(3)]
    wait_blocked(r, 3)
    eq(r.cmd('XADD', keys[2], '1-0', 'f', 'v'), b'1-0')
    for w in waiters:
        eq(w.read_reply()[0], [[keys[2].encode(), entries(('1-0', ['f', 'v']))]])
    # one blocked on every shard's key, woken by an XADD on each in turn
    waiters = [block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', k, '$') for k in keys]
    wait_blocked(r, 3)
    for k, w in zip(keys, waiters):
        r.cmd('XADD', k, '*', 'f', k)
        got = w.read_reply()[0]
        eq((got[0][0], got[0][1][0][1]), (k.encode(), [b'f', k.encode()]))


def test_xread_block_woken_by_xadd_only(srv):
    """A reader waiting past tombstones at the top of a stream (its ID under the last one) is
    woken by the next XADD, not by XDEL, XTRIM, XSETID or EXPIRE, as in Redis."""
    r = srv.raw()
    r.cmd('XADD', 's', '1-1', 'f', 'a')
    r.cmd('XADD', 's', '2-1', 'f', 'b')
    r.cmd('XDEL', 's', '2-1')
    w = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '1-1')
    d = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    wait_blocked(r, 2)
    r.cmd('XSETID', 's', '5-0')
    r.cmd('XADD', 'other', '1-1', 'f', 'v')
    r.cmd('XTRIM', 's', 'MAXLEN', '5')
    r.cmd('EXPIRE', 's', '1000')
    r.cmd('XDEL', 's', '1-1')
    time.sleep(0.2)
    eq((w.pending(), d.pending()), (b'', b''), 'nothing served yet')
    eq(blocked_clients(r), 2)
    r.cmd('XADD', 's', '6-0', 'f', 'c')
    eq(w.read_reply()[0], [[b's', entries(('6-0', ['f', 'c']))]])
    eq(d.read_reply()[0], [[b's', entries(('6-0', ['f', 'c']))]], '$ was 2-1 when it blocked')


def test_xread_block_timeout(srv):
    r = srv.raw()
    start = time.monotonic()
    eq(r.cmd_raw('XREAD', 'BLOCK', '100', 'STREAMS', 's', '$'), b'*-1\r\n')
    took = time.monotonic() - start
    ok(0.09 <= took < 2.0, 'BLOCK 100 took %.3f s' % took)
    r.cmd('XADD', 's', '1-1', 'f', 'v')
    eq(r.cmd_raw('XREAD', 'BLOCK', '50', 'STREAMS', 's', '1-1'), b'*-1\r\n')
    eq(r.cmd('XREAD', 'BLOCK', '50', 'STREAMS', 's', '0'), [[b's', entries(('1-1', ['f', 'v']))]],
       'served at once')
    r.cmd('HELLO', '3')
    eq(r.cmd_raw('XREAD', 'BLOCK', '10', 'STREAMS', 's', '$'), b'_\r\n')
    eq(blocked_clients(r), 0)
    eq(r.cmd('PING'), 'PONG')


def test_xread_block_client_unblock(srv):
    r = srv.raw()
    for how, reply in ((('TIMEOUT',), b'*-1\r\n'),
                       (('ERROR',), b'-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n')):
        w = srv.raw()
        wid = w.cmd('CLIENT', 'ID')
        w.send(encode_command('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'))
        wait_blocked(r, 1)
        eq(r.cmd('CLIENT', 'UNBLOCK', wid, *how), 1)
        eq(w.read_raw(), reply)
        eq(w.cmd('PING'), 'PONG')
    eq(blocked_clients(r), 0)


def test_xread_block_count_when_woken(srv):
    r = srv.raw()
    r.cmd('XADD', 's', '1-0', 'f', 'v')
    w = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    c2 = block(srv, 'XREAD', 'BLOCK', '0', 'COUNT', '3', 'STREAMS', 's', '$')
    wait_blocked(r, 2)
    # one transaction adds 1500 entries: a waiter without COUNT gets 1000 of them, as in Redis
    r.send(encode_command('MULTI') + b''.join(encode_command('XADD', 's', '%d-0' % (i + 2), 'f',
                                                              'v') for i in range(1500))
           + encode_command('EXEC'))
    for _ in range(1502):
        r.read_reply()
    got = w.read_reply()[0]
    eq(len(got[0][1]), 1000)
    eq(got[0][1][0][0], b'2-0')
    eq([e[0] for e in c2.read_reply()[0][0][1]], [b'2-0', b'3-0', b'4-0'])


def test_xread_block_in_multi_and_wrong_types(srv):
    r = srv.raw()
    eq(r.cmd('MULTI'), 'OK')
    eq(r.cmd('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'), 'QUEUED')
    eq(r.cmd_raw('EXEC'), b'*1\r\n*-1\r\n', 'inside MULTI a blocking read answers at once')
    # a key that becomes another type serves nobody; the waiter's other key still can
    w = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', 'k1', 'k2', '$', '$')
    wait_blocked(r, 1)
    r.cmd('SET', 'k1', 'x')
    r.cmd('LPUSH', 'k2', 'x')
    r.cmd('DEL', 'k2')
    time.sleep(0.1)
    eq(w.pending(), b'')
    r.cmd('XADD', 'k2', '1-1', 'f', 'v')
    eq(w.read_reply()[0], [[b'k2', entries(('1-1', ['f', 'v']))]])
    eq(r.cmd('XREAD', 'BLOCK', '0', 'STREAMS', 'k1', '$'), WRONGTYPE)


def test_xread_block_clients_that_vanish(srv):
    r = srv.raw()
    keys = keys_on_distinct_shards('vb', nshards(srv), 3)
    gone = []
    for i in range(6):
        c = RawClient(srv.port)
        c.send(encode_command('XREAD', 'BLOCK', '0', 'STREAMS', *keys, '$', '$', '$'))
        gone.append(c)
    stay = block(srv, 'XREAD', 'BLOCK', '0', 'STREAMS', keys[0], '$')
    wait_blocked(r, 7)
    for c in gone:
        c.close()
    wait_blocked(r, 1)
    for k in keys:
        r.cmd('XADD', k, '1-1', 'f', 'v')
    eq(stay.read_reply()[0], [[keys[0].encode(), entries(('1-1', ['f', 'v']))]])
    eq(blocked_clients(r), 0)
    eq(r.cmd('PING'), 'PONG')


@timeout(60)
def test_xread_block_producers_and_readers(srv):
    """Readers that follow streams on several shards with XREAD BLOCK see every entry written by
    concurrent producers, in order, exactly once."""
    keys = keys_on_distinct_shards('pr', nshards(srv), 4)
    per_key = 300
    errors = []

    def produce(k):
        c = RawClient(srv.port)
        try:
            for i in range(per_key):
                c.cmd('XADD', k, '*', 'n', str(i))
        finally:
            c.close()

    def read():
        c = RawClient(srv.port, timeout=30)
        last = {k: '0' for k in keys}
        seen = {k: [] for k in keys}
        try:
            while sum(len(v) for v in seen.values()) < per_key * len(keys):
                got = c.cmd('XREAD', 'BLOCK', '5000', 'COUNT', '50', 'STREAMS', *keys,
                            *[last[k] for k in keys])
                if got is None:
                    errors.append('a reader timed out')
                    return
                for key, ents in got:
                    k = key.decode()
                    for i, fv in ents:
                        seen[k].append(int(fv[1]))
                        last[k] = i.decode()
            for k in keys:
                if seen[k] != list(range(per_key)):
                    errors.append('%s: %d entries, out of order or twice' % (k, len(seen[k])))
        finally:
            c.close()

    threads = [threading.Thread(target=read) for _ in range(3)]
    threads += [threading.Thread(target=produce, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join(50)
    eq(errors, [])


# ---------------------------------------------------------------------------------------------
# Keyspace events and the generic commands

def test_keyspace_events(srv):
    c, sub = srv.raw(), srv.raw()
    eq(c.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'KEtg'), 'OK')
    try:
        sub.send(encode_command('PSUBSCRIBE', '__key*@0__:*'))
        sub.read_reply()
        expected = []

        def do(args, *events):
            c.cmd(*args)
            for key, event in events:
                expected.append([b'__keyspace@0__:' + key.encode(), event.encode()])
                expected.append([b'__keyevent@0__:' + event.encode(), key.encode()])
            for _ in range(2 * len(events)):
                v = sub.read_reply()[0]
                got.append([v[2], v[3]])

        got = []
        do(('XADD', 's', '1-1', 'f', 'v'), ('s', 'xadd'))
        do(('XADD', 's', 'MAXLEN', '1', '2-1', 'f', 'v'), ('s', 'xadd'), ('s', 'xtrim'))
        do(('XADD', 's', 'MAXLEN', '5', '3-1', 'f', 'v'), ('s', 'xadd'))  # nothing trimmed
        do(('XDEL', 's', '9-9'))
        do(('XDEL', 's', '2-1'), ('s', 'xdel'))
        do(('XTRIM', 's', 'MAXLEN', '0'), ('s', 'xtrim'))
        do(('XTRIM', 's', 'MAXLEN', '0'))
        do(('XSETID', 's', '10-0'), ('s', 'xsetid'))
        do(('XADD', 's', 'NOMKSTREAM', '11-0', 'f', 'v'), ('s', 'xadd'))
        do(('XADD', 'nokey', 'NOMKSTREAM', '*', 'f', 'v'))
        do(('DEL', 's'), ('s', 'del'))
        eq(got, expected)
    finally:
        c.cmd('CONFIG', 'SET', 'notify-keyspace-events', '')


def test_type_encoding_scan_copy_rename_move(srv):
    c = srv.raw()
    c.cmd('XADD', 's', '1-1', 'f', 'v')
    c.cmd('XADD', 's', '2-1', 'g', 'w')
    c.cmd('XDEL', 's', '2-1')
    c.cmd('SET', 'str', 'x')
    eq(c.cmd('TYPE', 's'), 'stream')
    eq(c.cmd('OBJECT', 'ENCODING', 's'), b'stream')
    eq(c.cmd('SCAN', '0', 'TYPE', 'stream', 'COUNT', '1000'), [b'0', [b's']])
    eq(c.cmd('COPY', 's', 'copy'), 1)
    c.cmd('XADD', 's', '3-1', 'f', 'more')
    eq(c.cmd('XRANGE', 'copy', '-', '+'), entries(('1-1', ['f', 'v'])), 'a deep copy')
    eq(info(c, 'copy')[b'max-deleted-entry-id'], b'2-1')
    eq(c.cmd('RENAME', 'copy', 'renamed'), 'OK')
    eq(c.cmd('XLEN', 'renamed'), 1)
    eq(c.cmd('MOVE', 'renamed', '3'), 1)
    c.cmd('SELECT', '3')
    eq(c.cmd('XRANGE', 'renamed', '-', '+'), entries(('1-1', ['f', 'v'])))
    eq(info(c, 'renamed')[b'entries-added'], 2)
    c.cmd('FLUSHDB')
    c.cmd('SELECT', '0')
    # keys on other shards: RENAME and COPY across
    keys = keys_on_distinct_shards('cr', nshards(srv), 2)
    eq(c.cmd('RENAME', 's', keys[0]), 'OK')
    eq(c.cmd('COPY', keys[0], keys[1]), 1)
    eq(c.cmd('XRANGE', keys[1], '-', '+'), entries(('1-1', ['f', 'v']), ('3-1', ['f', 'more'])))
    eq(c.cmd('SORT', keys[1]), WRONGTYPE)
    eq(c.cmd('EXPIRE', keys[1], '100'), 1)
    ok(0 < c.cmd('TTL', keys[1]) <= 100, 'a stream takes a TTL')


def test_memory_usage(srv):
    c = srv.raw()
    c.cmd('XADD', 's', '1-1', 'f', 'v')
    small = c.cmd('MEMORY', 'USAGE', 's')
    ok(isinstance(small, int) and small > 0, 'MEMORY USAGE %r' % (small,))
    numbered(c, 's', 2000, start=2)
    big = c.cmd('MEMORY', 'USAGE', 's')
    ok(big > small + 2000 * 4, 'MEMORY USAGE grew from %d to %d' % (small, big))


# ---------------------------------------------------------------------------------------------
# DUMP and RESTORE, DEBUG, between Tessera and Redis

def stream_state(c, key):
    """What a stream holds: its entries and what XINFO says of it."""
    i = info(c, key)
    meta = tuple(i[k] for k in (b'length', b'radix-tree-keys', b'radix-tree-nodes',
                                b'last-generated-id', b'max-deleted-entry-id', b'entries-added',
                                b'recorded-first-entry-id'))
    return meta, c.cmd('XRANGE', key, '-', '+')


def build_streams(c):
    """Streams of several nodes with tombstones, odd fields, integers, an empty one, a big one."""
    numbered(c, 'x:nodes', 350)
    c.cmd('XDEL', 'x:nodes', '5-0', '150-0', '350-0')
    c.cmd('XTRIM', 'x:nodes', 'MAXLEN', '300')
    fields = ['name', 'ann', 'age', '42', 'n', '-9223372036854775808', '', 'empty', 'bin', '\x00\xff']
    for i in range(1, 60):
        f = fields if i % 3 else ['other', str(i * 1000003), 'big', 'z' * (i * 40)]
        c.cmd('XADD', 'x:odd', '%d-%d' % (1700000000000 + i * 997, i % 4), *f)
    c.cmd('XADD', 'x:empty', '5-5', 'f', 'v')
    c.cmd('XDEL', 'x:empty', '5-5')
    c.cmd('XSETID', 'x:empty', '9-9', 'ENTRIESADDED', '7', 'MAXDELETEDID', '6-0')
    c.cmd('XADD', 'x:big', '1-1', 'blob', 'B' * 70000)
    return ['x:nodes', 'x:odd', 'x:empty', 'x:big']


def test_dump_restore_with_redis(srv):
    ref = srv.start_reference()
    c, r = srv.raw(), srv.raw(port=ref.port)
    for x in (c, r):
        eq(x.cmd('CONFIG', 'SET', 'rdbcompression', 'no'), 'OK')
    try:
        keys = build_streams(c)
        build_streams(r)
        for k in keys:
            mine, theirs = c.cmd('DUMP', k), r.cmd('DUMP', k)
            eq(mine, theirs, 'DUMP %s byte for byte' % k)
            eq(stream_state(c, k), stream_state(r, k), k)
            # ours into Redis and Redis's into ours
            eq(r.cmd('RESTORE', k + ':back', '0', mine), 'OK')
            eq(c.cmd('RESTORE', k + ':back', '0', theirs), 'OK')
            eq(stream_state(r, k + ':back'), stream_state(c, k), 'ours restored by Redis')
            eq(stream_state(c, k + ':back'), stream_state(c, k), 'Redis\'s restored here')
            eq(c.cmd('RESTORE', k + ':back', '0', theirs), 'BUSYKEY Target key name already exists.')
        # compressed, each side's own LZF: still loaded by the other
        for x in (c, r):
            x.cmd('CONFIG', 'SET', 'rdbcompression', 'yes')
        eq(r.cmd('RESTORE', 'lzf', '0', c.cmd('DUMP', 'x:odd')), 'OK')
        eq(c.cmd('RESTORE', 'lzf', '0', r.cmd('DUMP', 'x:odd')), 'OK')
        eq(stream_state(c, 'lzf'), stream_state(r, 'lzf'))
        # after a restore, writes go on as on the original
        for x in (c, r):
            x.cmd('XADD', 'lzf', 'MAXLEN', '~', '10', '*', 'after', 'restore')
            x.cmd('XDEL', 'lzf', x.cmd('XRANGE', 'lzf', '-', '+', 'COUNT', 1)[0][0])
        eq(stream_state(c, 'lzf')[0][:3], stream_state(r, 'lzf')[0][:3])
        c.cmd('XADD', 'ttl', '1-1', 'f', 'v')
        eq(r.cmd('RESTORE', 'ttl', '100000', c.cmd('DUMP', 'ttl')), 'OK')
        ok(0 < r.cmd('PTTL', 'ttl') <= 100000, 'the TTL of RESTORE')
    finally:
        for x in (c, r):
            x.cmd('CONFIG', 'SET', 'rdbcompression', 'yes')


@tessera_only
def test_restore_of_consumer_groups_is_refused(srv):
    ref = srv.start_reference()
    c, r = srv.raw(), srv.raw(port=ref.port)
    r.cmd('XADD', 's', '1-1', 'f', 'v')
    r.cmd('XGROUP', 'CREATE', 's', 'g', '0')
    eq(c.cmd('RESTORE', 's', '0', r.cmd('DUMP', 's')),
       'ERR Bad data format: Tessera does not hold stream with consumer groups values')
    eq(c.cmd('EXISTS', 's'), 0)
    for cmd in ('XGROUP', 'XREADGROUP', 'XACK', 'XPENDING', 'XCLAIM', 'XAUTOCLAIM'):
        is_error(c.cmd(cmd, 's', 'g', 'c', '0'), prefix="ERR unknown command '%s'" % cmd)
    eq(c.cmd('XINFO', 'GROUPS', 's'), "ERR unknown subcommand 'GROUPS'. Try XINFO HELP.")


@own_server
def test_debug_object_and_digest_like_redis(srv):
    s = pu.start(srv, debug=True)
    ref = pu.start_redis(srv)
    c, r = srv.raw(port=s.port), srv.raw(port=ref.port)
    for x in (c, r):
        eq(x.cmd('CONFIG', 'SET', 'rdbcompression', 'no'), 'OK')
        build_streams(x)
    for k in ('x:nodes', 'x:odd', 'x:empty', 'x:big'):
        eq(c.cmd('DEBUG', 'DIGEST-VALUE', k), r.cmd('DEBUG', 'DIGEST-VALUE', k), k)
        mine, theirs = (dict(f.split(':', 1) for f in x.cmd('DEBUG', 'OBJECT', k).split(' ')
                             if ':' in f) for x in (c, r))
        eq((mine['encoding'], mine['serializedlength']),
           (theirs['encoding'], theirs['serializedlength']), 'DEBUG OBJECT %s' % k)
    eq(c.cmd('DEBUG', 'DIGEST'), r.cmd('DEBUG', 'DIGEST'))
    eq(c.cmd('DEBUG', 'RELOAD'), 'OK')
    eq(c.cmd('DEBUG', 'DIGEST'), r.cmd('DEBUG', 'DIGEST'), 'after DEBUG RELOAD')
    eq(stream_state(c, 'x:empty'), stream_state(r, 'x:empty'))


# ---------------------------------------------------------------------------------------------
# Snapshots

@own_server
@timeout(120)
def test_snapshot_with_streams(srv):
    s = pu.start(srv, threads=4)
    c = srv.raw(port=s.port, timeout=30)
    keys = build_streams(c)
    spread = keys_on_distinct_shards('snap', 4, 4)
    for i, k in enumerate(spread):
        numbered(c, k, 120 + i)
        keys.append(k)
    c.cmd('PEXPIRE', spread[0], '3600000')
    c.cmd('SELECT', '5')
    c.cmd('XADD', 'db5', '1-1', 'f', 'v')
    c.cmd('SELECT', '0')
    before = {k: stream_state(c, k) for k in keys}
    eq(c.cmd('SAVE'), 'OK')
    if srv.tessera:
        for f in pu.read_manifest(s.dir)['files']:
            pu.assert_rdb_ok(f)
    pu.clean_stop(s)
    s2 = pu.restart(srv, s, threads=2)
    c = srv.raw(port=s2.port, timeout=30)
    for k in keys:
        eq(stream_state(c, k), before[k], '%s after the restart' % k)
    ok(0 < c.cmd('PTTL', spread[0]) <= 3600000, 'the TTL kept')
    c.cmd('SELECT', '5')
    eq(c.cmd('XLEN', 'db5'), 1)
    c.cmd('SELECT', '0')
    # the snapshot merged into one file: Redis loads it
    if srv.tessera:
        tool = pu.find_merge_tool(srv)
        c.cmd('SAVE')
        out = os.path.join(srv.track_dir(), 'merged.rdb')
        p = subprocess.run([tool, pu.manifest_path(s2.dir), out], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120)
        eq(p.returncode, 0, p.stdout.decode()[-500:])
        pu.assert_rdb_ok(out)
        r = pu.load_into_redis(srv, out)
        rc = srv.raw(port=r.port, timeout=30)
        for k in keys:
            eq(stream_state(rc, k), before[k], '%s loaded by Redis' % k)


@own_server
@timeout(120)
def test_redis_files_with_streams_load(srv):
    d = srv.track_dir()
    ref = pu.start_redis(srv, dirpath=d)
    r = srv.raw(port=ref.port, timeout=30)
    keys = build_streams(r)
    r.cmd('XADD', 'grouped', '1-1', 'f', 'v')
    r.cmd('XGROUP', 'CREATE', 'grouped', 'g', '0')
    before = {k: stream_state(r, k) for k in keys}
    eq(r.cmd('SAVE'), 'OK')
    pu.clean_stop(ref, 'redis-server')
    s = pu.start(srv, dirpath=d, timeout=30)
    c = srv.raw(port=s.port, timeout=30)
    for k in keys:
        eq(stream_state(c, k), before[k], '%s from Redis\'s dump.rdb' % k)
    if srv.tessera:
        eq(c.cmd('EXISTS', 'grouped'), 0, 'a stream with consumer groups is skipped')
        ok('stream with consumer groups' in s.log_text(), 'the skip is logged')
