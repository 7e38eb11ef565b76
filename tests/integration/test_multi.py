# Transactions over TCP: MULTI/EXEC/DISCARD (+QUEUED, the EXEC array, the exact errors, EXECABORT
# after a queueing error, run-time errors reported in place), blocks over keys of every shard and
# all-shard commands (DBSIZE KEYS SCAN FLUSHDB), blocking commands run as their non-blocking form,
# SELECT inside a block, WATCH/UNWATCH (changed from other connections, deleted, expired, flushed,
# stale keys, what does not touch a key, what clears the watches), RESP3 shapes, QUIT/RESET/
# SUBSCRIBE inside MULTI, CLIENT LIST flags, and concurrent cross-shard transfers and WATCH-retry
# loops that must lose nothing. Run by run.py against the shared server (4 shards); every check
# is Redis 7.0.15's observed behaviour.

import random
import select
import time

from harness import (eq, ok, is_error, timeout, own_server, encode_command, keys_on_distinct_shards,
                     key_shard, nshards, run_threads, wait_until, RawClient, Skip)
from harness import arity, WRONGTYPE

QUEUED = b'+QUEUED\r\n'
ABORTED = b'*-1\r\n'            # EXEC of a transaction whose watched key was touched (RESP2)
PONG_ONLY = b'*1\r\n+PONG\r\n'  # EXEC of MULTI PING
NOT_INT = 'ERR value is not an integer or out of range'
EXECABORT = 'EXECABORT Transaction discarded because of previous errors.'
EXEC_WITHOUT = 'ERR EXEC without MULTI'
DISCARD_WITHOUT = 'ERR DISCARD without MULTI'
NESTED = 'ERR MULTI calls can not be nested'
WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed'
DURATION = 3.0


def alive(c, what=''):
    """The connection answers and is not inside a MULTI block any more."""
    eq(c.cmd_raw('PING'), b'+PONG\r\n', 'PING after ' + what if what else 'PING')


def txn(c, *cmds):
    """MULTI, each command (which must answer +QUEUED), EXEC; the parsed EXEC reply."""
    eq(c.cmd_raw('MULTI'), b'+OK\r\n', 'MULTI')
    for cmd in cmds:
        eq(c.cmd_raw(*cmd), QUEUED, 'queueing %r' % (cmd,))
    return c.cmd('EXEC')


def txn_raw(c, *cmds):
    """As txn, but the exact bytes of the EXEC reply."""
    eq(c.cmd_raw('MULTI'), b'+OK\r\n', 'MULTI')
    for cmd in cmds:
        eq(c.cmd_raw(*cmd), QUEUED, 'queueing %r' % (cmd,))
    return c.cmd_raw('EXEC')


def ping_block(c):
    """MULTI PING EXEC: b'*1\\r\\n+PONG\\r\\n' when it ran, b'*-1\\r\\n' when a watch aborted it."""
    return txn_raw(c, ('PING',))


def conns(srv, n=8):
    """n connections of their own (on a threaded server they land on different workers)."""
    return [srv.raw() for _ in range(n)]


def pairs(cs):
    """(watcher, modifier) pairs over the connections, each connection in both roles."""
    n = len(cs)
    return [(cs[i], cs[(i + 1 + i // 2) % n]) for i in range(n)]


# ---------------------------------------------------------------------------------------------
# MULTI / EXEC / DISCARD basics

def test_multi_exec_basic(srv):
    c = srv.raw()
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('SET', 'k', 'v'), QUEUED)
    eq(c.cmd_raw('GET', 'k'), QUEUED)
    eq(c.cmd_raw('INCR', 'n'), QUEUED)
    eq(c.cmd_raw('INCR', 'n'), QUEUED)
    eq(c.cmd_raw('RPUSH', 'l', 'a', 'b'), QUEUED)
    eq(c.cmd_raw('LRANGE', 'l', '0', '-1'), QUEUED)
    eq(c.cmd_raw('GET', 'nokey'), QUEUED)
    eq(c.cmd_raw('PING'), QUEUED)
    eq(c.cmd_raw('EXEC'), b'*8\r\n+OK\r\n$1\r\nv\r\n:1\r\n:2\r\n:2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n'
                          b'$-1\r\n+PONG\r\n')
    alive(c, 'EXEC')
    eq(c.cmd('MGET', 'k', 'n'), [b'v', b'2'], 'the effects stay after EXEC')
    # A command of the block sees the writes queued before it.
    eq(txn(c, ('SET', 'seen', '1'), ('GET', 'seen')), ['OK', b'1'])
    # Nothing runs before EXEC: another connection sees no queued write.
    other = srv.raw()
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('SET', 'later', '1'), QUEUED)
    eq(other.cmd('EXISTS', 'later'), 0, 'a queued SET is not applied before EXEC')
    eq(c.cmd('EXEC'), ['OK'])
    eq(other.cmd('GET', 'later'), b'1')


def test_empty_multi_exec(srv):
    c = srv.raw()
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('EXEC'), b'*0\r\n')
    alive(c, 'an empty EXEC')


def test_discard(srv):
    c = srv.raw()
    eq(c.cmd('RPUSH', 'l', 'a', 'b', 'c'), 3)
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('DEL', 'l'), QUEUED)
    eq(c.cmd_raw('SET', 'x', '1'), QUEUED)
    eq(c.cmd_raw('DISCARD'), b'+OK\r\n')
    eq(c.cmd('LRANGE', 'l', '0', '-1'), [b'a', b'b', b'c'], 'a discarded DEL did not run')
    eq(c.cmd('EXISTS', 'x'), 0, 'a discarded SET did not run')
    is_error(c.cmd('EXEC'), EXEC_WITHOUT)
    alive(c, 'DISCARD')
    # A new block after DISCARD starts from an empty queue.
    eq(txn(c, ('SET', 'x', '2')), ['OK'])
    eq(c.cmd('GET', 'x'), b'2')


def test_exec_discard_without_multi(srv):
    c = srv.raw()
    eq(c.cmd_raw('EXEC'), b'-ERR EXEC without MULTI\r\n')
    alive(c, 'EXEC without MULTI')
    eq(c.cmd_raw('DISCARD'), b'-ERR DISCARD without MULTI\r\n')
    alive(c, 'DISCARD without MULTI')
    eq(txn(c), [])
    is_error(c.cmd('EXEC'), EXEC_WITHOUT)
    is_error(c.cmd('DISCARD'), DISCARD_WITHOUT)
    alive(c)


def test_nested_multi_and_watch_inside_multi(srv):
    # Both are refused at once, and neither spoils the block: EXEC still runs what was queued.
    c = srv.raw()
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('SET', 'a', '1'), QUEUED)
    eq(c.cmd_raw('MULTI'), b'-ERR MULTI calls can not be nested\r\n')
    eq(c.cmd_raw('WATCH', 'a'), b'-ERR WATCH inside MULTI is not allowed\r\n')
    eq(c.cmd_raw('INCR', 'b'), QUEUED)
    eq(c.cmd('EXEC'), ['OK', 1])
    alive(c, 'nested MULTI')
    eq(c.cmd('MGET', 'a', 'b'), [b'1', b'1'])
    # The same after DISCARD.
    eq(c.cmd('MULTI'), 'OK')
    is_error(c.cmd('MULTI'), NESTED)
    is_error(c.cmd('WATCH', 'x', 'y'), WATCH_IN_MULTI)
    eq(c.cmd('DISCARD'), 'OK')
    alive(c, 'DISCARD')


def test_transaction_command_arity_errors(srv):
    c = srv.raw()
    is_error(c.cmd('MULTI', 'x'), arity('multi'))
    alive(c, 'MULTI with an argument')            # not in a block
    is_error(c.cmd('WATCH'), arity('watch'))
    is_error(c.cmd('UNWATCH', 'x'), arity('unwatch'))
    alive(c)
    # Inside a block an arity error of MULTI / DISCARD / WATCH dooms the transaction ...
    for bad in (('MULTI', 'x'), ('DISCARD', 'x'), ('WATCH',)):
        eq(c.cmd('MULTI'), 'OK')
        eq(c.cmd_raw('SET', 'doomed', '1'), QUEUED)
        is_error(c.cmd(*bad), arity(bad[0].lower()))
        is_error(c.cmd('EXEC'), EXECABORT)
        eq(c.cmd('EXISTS', 'doomed'), 0, 'nothing of the block after %r ran' % (bad,))
        alive(c, '%r inside MULTI' % (bad,))
    # ... and EXEC with an argument aborts it on the spot, with its own text.
    eq(c.cmd('MULTI'), 'OK')
    eq(c.cmd_raw('SET', 'doomed', '1'), QUEUED)
    eq(c.cmd_raw('EXEC', 'x'), b"-EXECABORT Transaction discarded because of: wrong number of "
                               b"arguments for 'exec' command\r\n")
    is_error(c.cmd('EXEC'), EXEC_WITHOUT)
    eq(c.cmd('EXISTS', 'doomed'), 0)
    alive(c)


# ---------------------------------------------------------------------------------------------
# Errors while queueing (EXECABORT) and at run time (in place)

def test_execabort_unknown_command(srv):
    keys = keys_on_distinct_shards('ab', nshards(srv), 4)
    c = srv.raw()
    eq(c.cmd('SET', keys[3], 'before'), 'OK')
    eq(c.cmd('MULTI'), 'OK')
    eq(c.cmd_raw('SET', keys[0], '1'), QUEUED)
    eq(c.cmd_raw('NOSUCHCMD', 'x'),
       b"-ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \r\n")
    eq(c.cmd_raw('SET', keys[1], '2'), QUEUED)
    eq(c.cmd_raw('DEL', keys[3]), QUEUED)
    eq(c.cmd_raw('EXEC'), b'-EXECABORT Transaction discarded because of previous errors.\r\n')
    eq(c.cmd('EXISTS', keys[0], keys[1]), 0, 'no queued write was applied')
    eq(c.cmd('GET', keys[3]), b'before', 'the queued DEL was not applied')
    is_error(c.cmd('EXEC'), EXEC_WITHOUT)
    alive(c, 'EXECABORT')


def test_execabort_wrong_arity(srv):
    keys = keys_on_distinct_shards('ar', nshards(srv), 4)
    c = srv.raw()
    for bad, name in ((('GET',), 'get'), (('SET', keys[2]), 'set'),
                      (('INCR', keys[2], keys[3]), 'incr'), (('MGET',), 'mget')):
        eq(c.cmd('MULTI'), 'OK')
        eq(c.cmd_raw('SET', keys[0], '1'), QUEUED)
        is_error(c.cmd(*bad), arity(name))
        eq(c.cmd_raw('INCR', keys[1]), QUEUED, 'commands after the error are still queued')
        is_error(c.cmd('EXEC'), EXECABORT)
        eq(c.cmd('EXISTS', *keys), 0, 'nothing applied after %r' % (bad,))
        alive(c, 'EXECABORT of %r' % (bad,))


def test_execabort_on_an_empty_queue_and_after_discard(srv):
    c = srv.raw()
    # The error alone (nothing good queued) is enough.
    eq(c.cmd('MULTI'), 'OK')
    is_error(c.cmd('NOSUCHCMD'), "ERR unknown command 'NOSUCHCMD', with args beginning with: ")
    is_error(c.cmd('EXEC'), EXECABORT)
    alive(c)
    # DISCARD after a queueing error answers OK and clears the error for the next block.
    eq(c.cmd('MULTI'), 'OK')
    is_error(c.cmd('GET'), arity('get'))
    eq(c.cmd('DISCARD'), 'OK')
    eq(txn(c, ('SET', 'k', 'v')), ['OK'])
    eq(c.cmd('GET', 'k'), b'v')


def test_runtime_errors_reported_in_place(srv):
    s, n, l, t = keys_on_distinct_shards('rt', nshards(srv), 4)
    c = srv.raw()
    eq(c.cmd('SET', s, 'abc'), 'OK')
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    for cmd in (('INCR', s), ('SET', n, '5'), ('LPUSH', s, 'x'), ('INCR', n), ('RPUSH', l, 'a'),
                ('HSET', l, 'f', 'v'), ('APPEND', t, 'z'), ('SELECT', 'x')):
        eq(c.cmd_raw(*cmd), QUEUED, 'a command that will fail at run time is queued')
    eq(c.cmd_raw('EXEC'),
       b'*8\r\n-ERR value is not an integer or out of range\r\n+OK\r\n'
       b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n:6\r\n:1\r\n'
       b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n:1\r\n'
       b'-ERR value is not an integer or out of range\r\n')
    eq(c.cmd('MGET', s, n, t), [b'abc', b'6', b'z'], 'the other commands ran')
    eq(c.cmd('LRANGE', l, '0', '-1'), [b'a'])
    alive(c, 'an EXEC with errors')
    # Parsed: the errors are error values inside the array.
    r = txn(c, ('INCR', s), ('GET', s))
    is_error(r[0], NOT_INT)
    eq(r[1], b'abc')


# ---------------------------------------------------------------------------------------------
# Keys on every shard, all-shard commands

def test_multi_keys_across_shards(srv):
    keys = keys_on_distinct_shards('xs', nshards(srv), 8)
    shards = set(key_shard(k, nshards(srv)) for k in keys)
    eq(len(shards), min(8, nshards(srv)), 'the keys cover the shards')
    c = srv.raw()
    mset = []
    for k in keys:
        mset += [k, 'v-' + k]
    cmds = [('SET', keys[0], 'first'), ('GET', keys[0]), ('MSET',) + tuple(mset),
            ('MGET',) + tuple(keys) + ('nokey',), ('RENAME', keys[1], keys[2]),
            ('EXISTS',) + tuple(keys), ('GET', keys[2]), ('INCR', keys[1]),
            ('DEL', keys[3], keys[4]), ('MGET', keys[1], keys[2], keys[3])]
    r = txn(c, *cmds)
    eq(r, ['OK', b'first', 'OK',
           [b'v-' + k.encode() for k in keys] + [None], 'OK', 7, b'v-' + keys[1].encode(), 1, 2,
           [b'1', b'v-' + keys[1].encode(), None]])
    eq(c.cmd('DBSIZE'), 6)
    other = srv.raw()
    eq(other.cmd('MGET', *keys),
       [b'v-' + keys[0].encode(), b'1', b'v-' + keys[1].encode(), None, None] +
       [b'v-' + k.encode() for k in keys[5:]], 'another connection sees every effect')


def test_all_shard_commands_inside_multi(srv):
    keys = keys_on_distinct_shards('as', nshards(srv), 8)
    c = srv.raw()
    args = []
    for k in keys:
        args += [k, 'x']
    eq(c.cmd('MSET', *args), 'OK')
    r = txn(c, ('DBSIZE',), ('KEYS', '*'), ('SCAN', '0', 'COUNT', '1000'), ('SET', 'extra', '1'),
            ('DBSIZE',), ('KEYS', 'extr*'), ('FLUSHDB',), ('DBSIZE',), ('KEYS', '*'),
            ('GET', keys[0]), ('SCAN', '0'), ('SET', 'after-flush', '1'), ('DBSIZE',))
    eq(len(r), 13)
    eq(r[0], 8)
    eq(sorted(r[1]), sorted(k.encode() for k in keys), 'KEYS * in the block')
    # SCAN inside the block: one page; the rest of the walk (outside) must not find more than
    # what was there, and the whole walk found every key.
    cursor, found = r[2]
    ok(set(found) <= set(k.encode() for k in keys), 'SCAN page %r' % (found,))
    eq(r[3], 'OK')
    eq(r[4], 9, 'DBSIZE counts the key set earlier in the block')
    eq(r[5], [b'extra'])
    eq(r[6], 'OK')
    eq(r[7], 0, 'DBSIZE after FLUSHDB in the block')
    eq(r[8], [], 'KEYS * after FLUSHDB in the block')
    eq(r[9], None, 'GET after FLUSHDB in the block')
    eq(r[10], [b'0', []], 'SCAN 0 of an empty db')
    eq(r[11], 'OK')
    eq(r[12], 1)
    eq(c.cmd('KEYS', '*'), [b'after-flush'])
    # A SCAN page inside a block, continued outside, covers every key.
    eq(c.cmd('MSET', *args), 'OK')
    (cursor, found), = txn(c, ('SCAN', '0', 'COUNT', '2'))
    found = set(found)
    while cursor != b'0':
        cursor, batch = c.cmd('SCAN', cursor, 'COUNT', '2')
        found.update(batch)
    eq(found, set(k.encode() for k in keys) | {b'after-flush'}, 'SCAN walk begun in a block')


def test_flushall_inside_multi(srv):
    c = srv.raw()
    eq(c.cmd('SELECT', '2'), 'OK')
    eq(c.cmd('SET', 'in2', '1'), 'OK')
    eq(c.cmd('SELECT', '0'), 'OK')
    eq(txn(c, ('SET', 'x', '1'), ('FLUSHALL',), ('GET', 'x'), ('SET', 'y', '2'), ('DBSIZE',)),
       ['OK', 'OK', None, 'OK', 1])
    eq(c.cmd('SELECT', '2'), 'OK')
    eq(c.cmd('DBSIZE'), 0, 'FLUSHALL in a block emptied the other databases too')


def test_large_block_over_every_shard(srv):
    keys = keys_on_distinct_shards('big', nshards(srv), 8)
    c = srv.raw()
    n = 1000
    batch = [encode_command('MULTI')]
    for i in range(n):
        batch.append(encode_command('INCR', keys[i % len(keys)]))
    batch.append(encode_command('EXEC'))
    c.send(b''.join(batch))
    eq(c.read_raw(), b'+OK\r\n')
    for i in range(n):
        eq(c.read_raw(), QUEUED, 'reply %d' % i)
    r = c.read()
    eq(len(r), n)
    eq(r[:len(keys)], [1] * len(keys))
    eq(r[-1], n // len(keys))
    eq(c.cmd('MGET', *keys), [b'%d' % (n // len(keys))] * len(keys))


def test_pipelined_transactions(srv):
    # Whole blocks sent in one write, back to back, with plain commands between them.
    a, b = keys_on_distinct_shards('pl', nshards(srv), 2)
    c = srv.raw()
    c.send(b''.join([encode_command(*x) for x in (
        ('MULTI',), ('SET', a, '1'), ('SET', b, '2'), ('MGET', a, b), ('EXEC',),
        ('PING',),
        ('MULTI',), ('INCR', a), ('NOSUCHCMD',), ('INCR', b), ('EXEC',),
        ('MGET', a, b),
        ('MULTI',), ('INCR', a), ('DISCARD',),
        ('MULTI',), ('INCR', b), ('EXEC',), ('GET', a))]))
    expected = [b'+OK\r\n', QUEUED, QUEUED, QUEUED,
                b'*3\r\n+OK\r\n+OK\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n', b'+PONG\r\n',
                b'+OK\r\n', QUEUED,
                b"-ERR unknown command 'NOSUCHCMD', with args beginning with: \r\n", QUEUED,
                b'-EXECABORT Transaction discarded because of previous errors.\r\n',
                b'*2\r\n$1\r\n1\r\n$1\r\n2\r\n',
                b'+OK\r\n', QUEUED, b'+OK\r\n',
                b'+OK\r\n', QUEUED, b'*1\r\n:3\r\n', b'$1\r\n1\r\n']
    for i, want in enumerate(expected):
        eq(c.read_raw(), want, 'pipelined reply %d' % i)


# ---------------------------------------------------------------------------------------------
# Blocking commands, SELECT, special commands inside MULTI

def test_blocking_commands_inside_multi(srv):
    c = srv.raw()
    t0 = time.monotonic()
    eq(txn_raw(c, ('BLPOP', 'empty', '0')), b'*1\r\n*-1\r\n')
    r = txn(c, ('BLPOP', 'empty', '0'), ('RPUSH', 'l', 'a', 'b', 'c'), ('BLPOP', 'l', '0'),
            ('BRPOP', 'empty', 'l', '0'), ('BLMOVE', 'nol', 'dst', 'LEFT', 'RIGHT', '0'),
            ('BLMOVE', 'l', 'dst', 'LEFT', 'RIGHT', '0'), ('BRPOPLPUSH', 'nol', 'dst', '0'),
            ('BZPOPMIN', 'noz', '0'), ('ZADD', 'z', '1', 'm'), ('BZPOPMAX', 'z', '0'),
            ('BLMPOP', '0', '1', 'nol', 'LEFT'), ('BZMPOP', '0', '1', 'noz', 'MIN'),
            ('BLPOP', 'empty', '5'))
    ok(time.monotonic() - t0 < 3.0, 'blocking commands inside MULTI did not wait')
    eq(r, [None, 3, [b'l', b'a'], [b'l', b'c'], None, b'b', None, None, 1, [b'z', b'm', b'1'],
           None, None, None])
    eq(c.cmd('LRANGE', 'dst', '0', '-1'), [b'b'])
    eq(c.cmd('EXISTS', 'l', 'z'), 0)
    alive(c)


def test_blocked_client_served_after_exec(srv):
    # A client blocked on a list is served after the whole transaction: an element pushed and
    # popped again inside the block never reaches it.
    c = srv.raw()
    waiter = srv.raw()
    waiter.send(encode_command('BLPOP', 'bl', '10'))
    wait_until(lambda: blocked(c) == 1, msg='the BLPOP client blocked')
    eq(txn(c, ('RPUSH', 'bl', 'a'), ('LPOP', 'bl')), [1, b'a'])
    r, _, _ = select.select([waiter.sock], [], [], 0.3)
    eq(r, [], 'the blocked client got nothing from a push popped in the same block')
    eq(blocked(c), 1)
    eq(txn(c, ('RPUSH', 'bl', 'b', 'c'), ('LPOP', 'bl')), [2, b'b'])
    eq(waiter.read(), [b'bl', b'c'])
    eq(c.cmd('EXISTS', 'bl'), 0)


def blocked(c):
    for line in c.cmd('INFO', 'clients').decode().split('\r\n'):
        if line.startswith('blocked_clients:'):
            return int(line.split(':')[1])
    return -1


def test_select_inside_multi(srv):
    c = srv.raw()
    eq(txn_raw(c, ('SET', 'k', 'db0'), ('SELECT', '3'), ('SET', 'k', 'db3'), ('GET', 'k'),
               ('SELECT', '0'), ('GET', 'k'), ('SELECT', '5'), ('SET', 'k', 'db5')),
       b'*8\r\n+OK\r\n+OK\r\n+OK\r\n$3\r\ndb3\r\n+OK\r\n$3\r\ndb0\r\n+OK\r\n+OK\r\n')
    eq(c.cmd('GET', 'k'), b'db5', 'the connection stays in the db last selected in the block')
    eq(c.cmd('SELECT', '3'), 'OK')
    eq(c.cmd('GET', 'k'), b'db3')
    other = srv.raw()
    eq(other.cmd('GET', 'k'), b'db0')
    # An out-of-range SELECT fails in place and leaves the db as it was.
    eq(c.cmd('SELECT', '0'), 'OK')
    r = txn(c, ('SELECT', '99'), ('GET', 'k'))
    is_error(r[0], 'ERR DB index is out of range')
    eq(r[1], b'db0')


def test_quit_inside_multi(srv):
    c = srv.raw()
    eq(c.cmd('MULTI'), 'OK')
    eq(c.cmd_raw('SET', 'quit-key', '1'), QUEUED)
    c.send(encode_command('QUIT'))
    eq(c.read_raw(), b'+OK\r\n')
    ok(c.wait_closed(5.0), 'QUIT inside MULTI closes the connection')
    other = srv.raw()
    eq(other.cmd('EXISTS', 'quit-key'), 0, 'the queued SET never ran')
    alive(other)


def test_reset_inside_multi(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'w', '1'), 'OK')
    eq(c.cmd('WATCH', 'w'), 'OK')
    eq(c.cmd('MULTI'), 'OK')
    eq(c.cmd_raw('SET', 'reset-key', '1'), QUEUED)
    eq(c.cmd_raw('RESET'), b'+RESET\r\n')
    eq(c.cmd('EXISTS', 'reset-key'), 0, 'RESET dropped the queue')
    is_error(c.cmd('EXEC'), EXEC_WITHOUT)
    # ... and the watches.
    eq(srv.raw().cmd('SET', 'w', '2'), 'OK')
    eq(ping_block(c), PONG_ONLY)


def test_disconnect_inside_multi(srv):
    keys = keys_on_distinct_shards('dc', nshards(srv), 4)
    for _ in range(3):
        c = RawClient(srv.port)
        try:
            eq(c.cmd('WATCH', keys[0]), 'OK')
            eq(c.cmd('MULTI'), 'OK')
            for k in keys:
                eq(c.cmd_raw('SET', k, '1'), QUEUED)
        finally:
            c.close()
    other = srv.raw()
    eq(other.cmd('EXISTS', *keys), 0, 'a block whose client left never runs')
    eq(other.cmd('SET', keys[0], 'x'), 'OK')
    alive(other)


def test_subscribe_inside_multi(srv):
    c = srv.raw()
    info = c.cmd('COMMAND', 'INFO', 'SUBSCRIBE')
    if not isinstance(info, list) or info == [None]:
        raise Skip('no SUBSCRIBE in this server')
    # Redis queues SUBSCRIBE like any command; EXEC runs it and leaves the connection subscribed.
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('SUBSCRIBE', 'ch'), QUEUED)
    eq(c.cmd_raw('EXEC'), b'*1\r\n*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n')
    eq(c.cmd_raw('PING'), b'*2\r\n$4\r\npong\r\n$0\r\n\r\n', 'PING of a subscribed connection')
    eq(c.cmd_raw('MULTI'), b"-ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE "
                           b"/ PING / QUIT / RESET are allowed in this context\r\n")
    eq(c.cmd_raw('RESET'), b'+RESET\r\n')
    alive(c, 'RESET')


def test_client_list_shows_the_transaction(srv):
    c = srv.raw()
    my_id = c.cmd('CLIENT', 'ID')
    other = srv.raw()

    def mine():
        for line in other.cmd('CLIENT', 'LIST').decode().split('\n'):
            d = dict(p.split('=', 1) for p in line.split(' ') if '=' in p)
            if d.get('id') == str(my_id):
                return d
        raise AssertionError('client %d not in CLIENT LIST' % my_id)

    eq((mine()['flags'], mine()['multi']), ('N', '-1'), 'outside MULTI')
    eq(c.cmd('MULTI'), 'OK')
    eq((mine()['flags'], mine()['multi']), ('x', '0'), 'in MULTI, nothing queued')
    eq(c.cmd_raw('SET', 'q', '1'), QUEUED)
    eq(c.cmd_raw('GET', 'q'), QUEUED)
    eq((mine()['flags'], mine()['multi']), ('x', '2'), 'in MULTI, two commands queued')
    eq(c.cmd('EXEC'), ['OK', b'1'])
    eq((mine()['flags'], mine()['multi']), ('N', '-1'), 'after EXEC')
    # Redis shows 'd' as soon as a watched key is touched; Tessera learns it at EXEC, when it
    # holds the key's shard (docs/execution.md), so only what both show is checked here.
    eq(c.cmd('WATCH', 'q'), 'OK')
    eq(mine()['flags'], 'N', 'watching an untouched key')
    eq(other.cmd('SET', 'q', '2'), 'OK')
    ok(mine()['flags'] in ('d', 'N'), 'watching a touched key: %r' % mine()['flags'])
    eq(c.cmd('MULTI'), 'OK')
    ok('x' in mine()['flags'], 'in MULTI')
    eq(c.cmd_raw('EXEC'), ABORTED)
    eq(mine()['flags'], 'N', 'after the aborted EXEC')


# ---------------------------------------------------------------------------------------------
# WATCH

def test_watch_untouched_key_succeeds(srv):
    keys = keys_on_distinct_shards('wu', nshards(srv), 4)
    cs = conns(srv)
    eq(cs[0].cmd('SET', keys[0], '10'), 'OK')
    for w, m in pairs(cs):
        eq(w.cmd('WATCH', *keys), 'OK')
        # Reads and writes of other keys from other connections do not touch the watched ones.
        eq(m.cmd('GET', keys[0]), b'10')
        eq(m.cmd('EXISTS', *keys), 1)
        eq(m.cmd('TTL', keys[0]), -1)
        eq(m.cmd('TYPE', keys[0]), 'string')
        eq(m.cmd('MGET', *keys)[0], b'10')
        eq(m.cmd('SET', 'unrelated', 'x'), 'OK')
        eq(txn(w, ('INCR', keys[0]), ('GET', keys[1])), [11, None])
        eq(m.cmd('SET', keys[0], '10'), 'OK')


def test_watch_modified_by_other_connections(srv):
    cs = conns(srv)
    for i, (w, m) in enumerate(pairs(cs)):
        k = 'wm%d' % i
        eq(w.cmd('SET', k, '30'), 'OK')
        eq(w.cmd_raw('WATCH', k), b'+OK\r\n')
        eq(m.cmd('SET', k, '40'), 'OK')
        eq(w.cmd('MULTI'), 'OK')
        eq(w.cmd_raw('SET', k, 'mine'), QUEUED)
        eq(w.cmd_raw('EXEC'), ABORTED, 'EXEC after another connection changed the key')
        eq(m.cmd('GET', k), b'40', 'the aborted block did not run')
        alive(w, 'an aborted EXEC')
        # The failed EXEC dropped the watch: a further change does not abort the next block.
        eq(m.cmd('SET', k, '50'), 'OK')
        eq(ping_block(w), PONG_ONLY, 'the key is no longer watched after a failed EXEC')


def test_watch_any_of_several_keys_on_different_shards(srv):
    keys = keys_on_distinct_shards('ws', nshards(srv), 8)
    cs = conns(srv)
    for i, (w, m) in enumerate(pairs(cs)):
        eq(w.cmd('WATCH', *keys[:4]), 'OK')
        eq(w.cmd('WATCH', *keys[4:]), 'OK')     # watches add up
        eq(m.cmd('INCR', keys[i % len(keys)]), i // len(keys) + 1)
        eq(w.cmd('MULTI'), 'OK')
        eq(w.cmd_raw('SET', 'never', '1'), QUEUED)
        eq(w.cmd_raw('EXEC'), ABORTED, 'change of %s (watched by the %s WATCH)'
           % (keys[i % len(keys)], 'first' if i % len(keys) < 4 else 'second'))
    eq(cs[0].cmd('EXISTS', 'never'), 0)
    # Watching the same key several times, or in one WATCH twice, is fine.
    c = cs[0]
    eq(c.cmd('WATCH', keys[0], keys[0], keys[1]), 'OK')
    eq(c.cmd('WATCH', keys[0]), 'OK')
    eq(ping_block(c), PONG_ONLY)
    eq(c.cmd('WATCH', keys[0], keys[0]), 'OK')
    eq(cs[5].cmd('DEL', keys[0]), 1)
    eq(ping_block(c), ABORTED)


def test_watch_deleted_key(srv):
    cs = conns(srv)
    removals = [(('DEL',), 1), (('UNLINK',), 1), (('GETDEL',), b'a'), (('LPOP',), b'a')]
    for i, (w, m) in enumerate(pairs(cs)):
        k = 'wd%d' % i
        (cmd,), want = removals[i % len(removals)]
        if cmd == 'LPOP':
            eq(w.cmd('RPUSH', k, 'a'), 1)     # popping the last element removes the list
        else:
            eq(w.cmd('SET', k, 'a'), 'OK')
        eq(w.cmd('WATCH', k), 'OK')
        eq(m.cmd(cmd, k), want, '%s of the watched key' % cmd)
        eq(w.cmd('EXISTS', k), 0)
        eq(ping_block(w), ABORTED, 'EXEC after the watched key was deleted (%d)' % i)


def test_watch_missing_key_then_created(srv):
    cs = conns(srv)
    for i, (w, m) in enumerate(pairs(cs)):
        k = 'wc%d' % i
        eq(w.cmd('WATCH', k), 'OK')
        if i % 2:
            eq(m.cmd('SET', k, '1'), 'OK')
        else:
            eq(m.cmd('SADD', k, 'm'), 1)
        eq(ping_block(w), ABORTED, 'EXEC after a watched missing key was created')
    # Deleting a key that does not exist changes nothing.
    w, m = cs[0], cs[5]
    eq(w.cmd('WATCH', 'wc-missing'), 'OK')
    eq(m.cmd('DEL', 'wc-missing'), 0)
    eq(ping_block(w), PONG_ONLY)


def test_watch_what_changes_the_key(srv):
    # Every write that changes the key (even to the same value) touches it.
    w, m = srv.raw(), srv.raw()
    changes = [('SET', 'k', 'same'), ('SET', 'k', 'same', 'XX'), ('SET', 'k', 'same', 'KEEPTTL'),
               ('SET', 'k', 'other', 'GET'), ('APPEND', 'k', 'x'), ('SETRANGE', 'k', '0', 's'),
               ('EXPIRE', 'k', '100'), ('PEXPIREAT', 'k', str(int(time.time() * 1000) + 10**6)),
               ('RENAME', 'src', 'k'), ('COPY', 'src', 'k', 'REPLACE'), ('GETEX', 'k', 'EX', '100'),
               ('MSET', 'other', '1', 'k', 'same'), ('FLUSHDB',), ('FLUSHALL',)]
    for ch in changes:
        eq(m.cmd('MSET', 'k', 'same', 'src', 'payload'), 'OK')
        eq(w.cmd('WATCH', 'k'), 'OK')
        r = m.cmd(*ch)
        ok(not isinstance(r, str) or r in ('OK', 'same'), '%r answered %r' % (ch, r))
        eq(ping_block(w), ABORTED, 'EXEC after %r' % (ch,))
    # The watched key renamed away from, or used as a RENAME source, is touched too.
    eq(m.cmd('SET', 'k', 'v'), 'OK')
    eq(w.cmd('WATCH', 'k'), 'OK')
    eq(m.cmd('RENAME', 'k', 'moved'), 'OK')
    eq(ping_block(w), ABORTED, 'EXEC after RENAME of the watched key')


def test_watch_writes_that_change_nothing_do_not_abort(srv):
    # Failed writes, and writes that leave the key as it was, do not touch it.
    w, m = srv.raw(), srv.raw()
    eq(m.cmd('SET', 'k', 'abc'), 'OK')
    for ch, want in ((('LPUSH', 'k', 'x'), WRONGTYPE), (('INCR', 'k'), NOT_INT),
                     (('HSET', 'k', 'f', 'v'), WRONGTYPE), (('SET', 'k', '1', 'NX'), None),
                     (('SETNX', 'k', '2'), 0), (('EXPIRE', 'k', '10', 'XX'), 0),
                     (('PERSIST', 'k'), 0), (('GETEX', 'k'), b'abc'), (('DEL', 'nokey'), 0),
                     (('RENAME', 'nokey', 'k'), 'ERR no such key'),
                     (('COPY', 'k', 'k2'), 1)):
        eq(w.cmd('WATCH', 'k'), 'OK')
        eq(m.cmd(*ch), want, '%r' % (ch,))
        eq(ping_block(w), PONG_ONLY, 'EXEC after %r, which did not change the key' % (ch,))
        eq(m.cmd('GET', 'k'), b'abc')


def test_watch_expired_key_aborts(srv):
    cs = conns(srv, 4)
    # The key was alive at WATCH and expired before EXEC: EXEC fails.
    for i, (w, m) in enumerate(pairs(cs)):
        k = 'we%d' % i
        eq(m.cmd('SET', k, 'v', 'PX', '100'), 'OK')
        eq(w.cmd('WATCH', k), 'OK')
        eq(w.cmd('MULTI'), 'OK')
        eq(w.cmd_raw('PING'), QUEUED)
        time.sleep(0.25)
        eq(w.cmd_raw('EXEC'), ABORTED, 'EXEC after the watched key expired')
    # A TTL set by another connection touches the key at once, and its expiry as well.
    w, m = cs[0], cs[3]
    eq(m.cmd('SET', 'we', 'v'), 'OK')
    eq(w.cmd('WATCH', 'we'), 'OK')
    eq(m.cmd('PEXPIRE', 'we', '50'), 1)
    time.sleep(0.15)
    eq(m.cmd('EXISTS', 'we'), 0)
    eq(ping_block(w), ABORTED)


def test_watch_stale_keys_do_not_fail_exec(srv):
    # A key already expired (but maybe not yet removed) when WATCHed is a missing key: its removal
    # is no change. (Redis test "WATCH stale keys should not fail EXEC" and its siblings.)
    w, m = srv.raw(), srv.raw()
    for how in ('nothing', 'EXISTS', 'GET', 'FLUSHDB', 'FLUSHALL', 'recreated'):
        eq(m.cmd('SET', 'stale', 'foo', 'PX', '1'), 'OK')
        time.sleep(0.02)
        eq(w.cmd('WATCH', 'stale'), 'OK')
        if how == 'EXISTS':
            eq(w.cmd('EXISTS', 'stale'), 0)
        elif how == 'GET':
            eq(m.cmd('GET', 'stale'), None)
        elif how in ('FLUSHDB', 'FLUSHALL'):
            eq(m.cmd(how), 'OK')
        elif how == 'recreated':
            eq(m.cmd('SET', 'stale', 'new'), 'OK')
        want = ABORTED if how == 'recreated' else PONG_ONLY
        eq(ping_block(w), want, 'WATCH of a stale key, then %s' % how)


def test_watch_flushed_key(srv):
    cs = conns(srv)
    for i, (w, m) in enumerate(pairs(cs)):
        flush = (('FLUSHALL',), ('FLUSHDB',), ('FLUSHDB', 'ASYNC'), ('FLUSHALL', 'SYNC'))[i % 4]
        eq(w.cmd('SET', 'wf', '1'), 'OK')
        eq(w.cmd('WATCH', 'wf'), 'OK')
        eq(m.cmd(*flush), 'OK')
        eq(ping_block(w), ABORTED, 'EXEC after %r of a watched key' % (flush,))
    # A flush touches only the watched keys that existed.
    for i, (w, m) in enumerate(pairs(cs)):
        flush = (('FLUSHALL',), ('FLUSHDB',))[i % 2]
        eq(m.cmd('SET', 'present', '1'), 'OK')
        eq(w.cmd('WATCH', 'wf-missing'), 'OK')
        eq(m.cmd(*flush), 'OK')
        eq(ping_block(w), PONG_ONLY, 'EXEC after %r, the watched key did not exist' % (flush,))


def test_watch_flush_of_another_db(srv):
    cs = conns(srv)
    for i, (w, m) in enumerate(pairs(cs)):
        eq(w.cmd('SET', 'fk', 'db0'), 'OK')
        eq(w.cmd('WATCH', 'fk'), 'OK')
        eq(m.cmd('SELECT', '4'), 'OK')
        eq(m.cmd('SET', 'fk', 'db4'), 'OK')      # same name, other db: no change
        eq(m.cmd('FLUSHDB'), 'OK')
        eq(m.cmd('SELECT', '0'), 'OK')
        eq(ping_block(w), PONG_ONLY, 'EXEC after FLUSHDB of another db')
    # FLUSHALL reaches a watched key in any db.
    w, m = cs[1], cs[6]
    eq(w.cmd('SELECT', '7'), 'OK')
    eq(w.cmd('SET', 'fk', 'db7'), 'OK')
    eq(w.cmd('WATCH', 'fk'), 'OK')
    eq(m.cmd('FLUSHALL'), 'OK')
    eq(ping_block(w), ABORTED, 'EXEC after FLUSHALL of a key watched in db 7')


def test_watch_remembers_the_db(srv):
    w, m = srv.raw(), srv.raw()
    # WATCH x in db 5, then x of db 1 changes: not the watched key.
    eq(w.cmd('SELECT', '5'), 'OK')
    eq(w.cmd('SET', 'x', '30'), 'OK')
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(w.cmd('SELECT', '1'), 'OK')
    eq(w.cmd('SET', 'x', '10'), 'OK')
    eq(m.cmd('SET', 'x', '0'), 'OK')         # db 0
    eq(w.cmd('SELECT', '5'), 'OK')
    eq(ping_block(w), PONG_ONLY)
    # The watch still refers to db 5 after SELECT elsewhere, for EXEC run from another db.
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(w.cmd('SELECT', '2'), 'OK')
    eq(m.cmd('SELECT', '5'), 'OK')
    eq(m.cmd('SET', 'x', '31'), 'OK')
    eq(ping_block(w), ABORTED, 'a change of x in db 5 while the watcher is in db 2')


def test_watch_own_changes(srv):
    w = srv.raw()
    # A change by the watching connection itself before MULTI aborts too.
    eq(w.cmd('SET', 'own', '1'), 'OK')
    eq(w.cmd('WATCH', 'own'), 'OK')
    eq(w.cmd('SET', 'own', '2'), 'OK')
    eq(ping_block(w), ABORTED)
    # A change inside its own block does not.
    eq(w.cmd('WATCH', 'own'), 'OK')
    eq(txn(w, ('SET', 'own', '3'), ('INCR', 'own'), ('GET', 'own')), ['OK', 4, b'4'])
    eq(w.cmd('GET', 'own'), b'4')


def test_exec_discard_unwatch_clear_the_watches(srv):
    w, m = srv.raw(), srv.raw()
    eq(w.cmd('SET', 'x', '30'), 'OK')
    # After a successful EXEC.
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(ping_block(w), PONG_ONLY)
    eq(m.cmd('SET', 'x', '40'), 'OK')
    eq(ping_block(w), PONG_ONLY, 'the key is no longer watched after a successful EXEC')
    # After an aborted EXEC (tested in test_watch_modified_by_other_connections) and EXECABORT.
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(w.cmd('MULTI'), 'OK')
    is_error(w.cmd('NOSUCHCMD'), prefix="ERR unknown command 'NOSUCHCMD'")
    is_error(w.cmd('EXEC'), EXECABORT)
    eq(m.cmd('SET', 'x', '41'), 'OK')
    eq(ping_block(w), PONG_ONLY, 'the key is no longer watched after EXECABORT')
    # DISCARD clears the watches and the dirty state.
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(m.cmd('SET', 'x', '10'), 'OK')
    eq(w.cmd('MULTI'), 'OK')
    eq(w.cmd('DISCARD'), 'OK')
    eq(txn(w, ('INCR', 'x')), [11], 'after DISCARD the old watch is gone')
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(w.cmd('MULTI'), 'OK')
    eq(w.cmd('DISCARD'), 'OK')
    eq(m.cmd('SET', 'x', '10'), 'OK')
    eq(txn(w, ('INCR', 'x')), [11], 'DISCARD unwatched the key')
    # UNWATCH.
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(m.cmd('SET', 'x', '40'), 'OK')
    eq(w.cmd_raw('UNWATCH'), b'+OK\r\n')
    eq(ping_block(w), PONG_ONLY, 'after UNWATCH (key changed before it)')
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(w.cmd('UNWATCH'), 'OK')
    eq(m.cmd('SET', 'x', '41'), 'OK')
    eq(ping_block(w), PONG_ONLY, 'after UNWATCH (key changed after it)')
    eq(w.cmd_raw('UNWATCH'), b'+OK\r\n', 'UNWATCH with nothing watched')


def test_unwatch_inside_multi_is_queued(srv):
    # UNWATCH inside a block is queued: it does not save a transaction already doomed.
    w, m = srv.raw(), srv.raw()
    eq(txn_raw(w, ('UNWATCH',), ('PING',)), b'*2\r\n+OK\r\n+PONG\r\n')
    eq(w.cmd('SET', 'x', '1'), 'OK')
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(w.cmd('MULTI'), 'OK')
    eq(w.cmd_raw('UNWATCH'), QUEUED)
    eq(m.cmd('SET', 'x', '2'), 'OK')
    eq(w.cmd_raw('EXEC'), ABORTED)


def test_watch_dirty_but_queue_error(srv):
    # A queueing error wins over a touched watched key: EXECABORT, not a null array.
    w, m = srv.raw(), srv.raw()
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(m.cmd('SET', 'x', '1'), 'OK')
    eq(w.cmd('MULTI'), 'OK')
    is_error(w.cmd('GET'), arity('get'))
    is_error(w.cmd('EXEC'), EXECABORT)
    # An empty block with a touched key is still aborted.
    eq(w.cmd('WATCH', 'x'), 'OK')
    eq(m.cmd('SET', 'x', '2'), 'OK')
    eq(w.cmd('MULTI'), 'OK')
    eq(w.cmd_raw('EXEC'), ABORTED)
    alive(w)


# ---------------------------------------------------------------------------------------------
# RESP3

def test_exec_in_resp3(srv):
    c, m = srv.raw(), srv.raw()
    hello = c.cmd('HELLO', '3')
    ok(isinstance(hello, dict) and hello.get(b'proto') == 3, 'HELLO 3 answered %r' % (hello,))
    eq(txn_raw(c, ('SET', 'r', '1'), ('GET', 'r'), ('GET', 'nokey'), ('BLPOP', 'empty', '0'),
               ('HSET', 'h', 'f', 'v'), ('HGETALL', 'h'), ('SMEMBERS', 'nokey'), ('INCR', 'h')),
       b'*8\r\n+OK\r\n$1\r\n1\r\n_\r\n_\r\n:1\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n~0\r\n'
       b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n')
    eq(txn_raw(c), b'*0\r\n')
    # An aborted EXEC is a RESP3 null.
    eq(c.cmd('WATCH', 'r'), 'OK')
    eq(m.cmd('SET', 'r', '2'), 'OK')
    eq(ping_block(c), b'_\r\n')
    # EXECABORT and the other errors are the same as in RESP2.
    eq(c.cmd('MULTI'), 'OK')
    is_error(c.cmd('NOSUCHCMD'), "ERR unknown command 'NOSUCHCMD', with args beginning with: ")
    eq(c.cmd_raw('EXEC'), b'-EXECABORT Transaction discarded because of previous errors.\r\n')
    is_error(c.cmd('EXEC'), EXEC_WITHOUT)
    is_error(c.cmd('DISCARD'), DISCARD_WITHOUT)
    alive(c)


# ---------------------------------------------------------------------------------------------
# Concurrency

def send_block(c, cmds, pipelined):
    """The replies to cmds, sent in one write or one round trip each (the block then stays open
    while other clients' commands run)."""
    if pipelined:
        c.send(b''.join(encode_command(*cmd) for cmd in cmds))
        return [c.read() for _ in cmds]
    return [c.cmd(*cmd) for cmd in cmds]


@timeout(60)
def test_concurrent_transfers_keep_the_sum(srv):
    a, b = keys_on_distinct_shards('tr', nshards(srv), 2)
    total = 200000
    c0 = srv.raw()
    eq(c0.cmd('MSET', a, str(total // 2), b, str(total // 2)), 'OK')
    stop = time.monotonic() + DURATION
    bad = []
    counts = {'transfers': 0, 'mget': 0, 'multi': 0}

    def writer(wid):
        c = RawClient(srv.port, timeout=20)
        rnd = random.Random(wid)
        try:
            while time.monotonic() < stop and not bad:
                n = rnd.randint(1, 20)
                src, dst = (a, b) if rnd.random() < 0.5 else (b, a)
                first = ('DECRBY', src, n) if wid % 2 else ('INCRBY', dst, n)
                second = ('INCRBY', dst, n) if wid % 2 else ('DECRBY', src, n)
                block = [('MULTI',), first, second, ('EXEC',)]
                replies = send_block(c, block, pipelined=rnd.random() < 0.5)
                if replies[:3] != ['OK', 'QUEUED', 'QUEUED'] or not (
                        isinstance(replies[3], list) and len(replies[3]) == 2 and
                        all(isinstance(x, int) for x in replies[3])):
                    bad.append('transfer answered %r' % (replies,))
                    return
                counts['transfers'] += 1
        finally:
            c.close()

    def mget_reader():
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop and not bad:
                va, vb = c.cmd('MGET', a, b)
                counts['mget'] += 1
                if int(va) + int(vb) != total:
                    bad.append('MGET saw %s + %s' % (va, vb))
                    return
        finally:
            c.close()

    def multi_reader():
        c = RawClient(srv.port, timeout=20)
        try:
            n = 0
            while time.monotonic() < stop and not bad:
                replies = send_block(c, [('MULTI',), ('GET', a), ('GET', b), ('EXEC',)],
                                     pipelined=n % 2 == 0)
                n += 1
                counts['multi'] += 1
                if replies[:3] != ['OK', 'QUEUED', 'QUEUED'] or not isinstance(replies[3], list):
                    bad.append('MULTI GET GET answered %r' % (replies,))
                    return
                va, vb = replies[3]
                if int(va) + int(vb) != total:
                    bad.append('MULTI GET GET saw %s + %s' % (va, vb))
                    return
        finally:
            c.close()

    errors = run_threads([(writer, (i,)) for i in range(4)] +
                         [(mget_reader, ()), (multi_reader, ()), (multi_reader, ())],
                         DURATION + 30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, 'a transfer was seen half done: %s' % bad[:1])
    ok(counts['transfers'] > 50 and counts['mget'] > 50 and counts['multi'] > 50,
       'too little work to judge: %r' % counts)
    va, vb = c0.cmd('MGET', a, b)
    eq(int(va) + int(vb), total, 'the final sum')


@timeout(60)
def test_watch_retry_increments_lose_nothing(srv):
    # Optimistic locking over two keys on different shards: every increment lands exactly once.
    a, b = keys_on_distinct_shards('wr', nshards(srv), 2)
    threads, per_thread = 6, 40
    c0 = srv.raw()
    eq(c0.cmd('MSET', a, '0', b, '0'), 'OK')
    deadline = time.monotonic() + 40
    aborts = [0]

    def incrementer(tid):
        c = RawClient(srv.port, timeout=20)
        try:
            done = 0
            while done < per_thread:
                if time.monotonic() > deadline:
                    raise AssertionError('thread %d: only %d increments in 40 s' % (tid, done))
                if c.cmd('WATCH', a, b) != 'OK':
                    raise AssertionError('WATCH failed')
                va, vb = c.cmd('MGET', a, b)
                replies = send_block(c, [('MULTI',), ('SET', a, int(va) + 1),
                                         ('SET', b, int(vb) + 1), ('EXEC',)],
                                     pipelined=(done + tid) % 2 == 0)
                if replies[:3] != ['OK', 'QUEUED', 'QUEUED']:
                    raise AssertionError('MULTI SET SET answered %r' % (replies,))
                if replies[3] is None:
                    aborts[0] += 1
                    continue
                if replies[3] != ['OK', 'OK']:
                    raise AssertionError('EXEC answered %r' % (replies[3],))
                done += 1
        finally:
            c.close()

    errors = run_threads([(incrementer, (t,)) for t in range(threads)], 50)
    ok(not errors, 'client errors: %r' % errors[:3])
    want = b'%d' % (threads * per_thread)
    eq(c0.cmd('MGET', a, b), [want, want], 'final counters (%d EXECs aborted)' % aborts[0])


@timeout(60)
def test_watch_sees_concurrent_plain_writes(srv):
    # Plain INCRs from other connections interleave with WATCH/GET/MULTI/SET v+1/EXEC loops: a
    # SET based on a stale read must be aborted, or an INCR would be lost.
    k = 'plain'
    c0 = srv.raw()
    eq(c0.cmd('SET', k, '0'), 'OK')
    stop = time.monotonic() + DURATION
    plain = [0] * 2
    cas = [0] * 3

    def plain_writer(i):
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                c.cmd('INCR', k)
                plain[i] += 1
                time.sleep(0.0005)   # leave the CAS loops a chance to win sometimes
        finally:
            c.close()

    def cas_writer(i):
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                eq(c.cmd('WATCH', k), 'OK')
                v = int(c.cmd('GET', k))
                c.send(encode_command('MULTI') + encode_command('SET', k, v + 1) +
                       encode_command('EXEC'))
                replies = [c.read() for _ in range(3)]
                if replies[2] == ['OK']:
                    cas[i] += 1
                elif replies[2] is not None:
                    raise AssertionError('EXEC answered %r' % (replies[2],))
        finally:
            c.close()

    errors = run_threads([(plain_writer, (i,)) for i in range(2)] +
                         [(cas_writer, (i,)) for i in range(3)], DURATION + 30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(sum(cas) > 10 and sum(plain) > 50,
       'too little work: %d CAS, %d INCR' % (sum(cas), sum(plain)))
    eq(int(c0.cmd('GET', k)), sum(plain) + sum(cas), 'INCRs + successful CAS blocks')


def test_fan_out_commands_inside_multi(srv):
    # INFO, CLIENT LIST, PUBSUB NUMSUB and a PUBLISH counted on other workers need every worker:
    # their answers still take their places in the EXEC array.
    subs = [srv.raw() for _ in range(4)]  # spread over the workers
    for s in subs:
        s.send(encode_command('SUBSCRIBE', 'fan'))
        s.read_reply()
    c = srv.raw()
    eq(c.cmd('MULTI'), 'OK')
    for cmd in (('SET', 'fk', 'v'), ('INFO', 'server'), ('CLIENT', 'LIST'),
                ('PUBSUB', 'NUMSUB', 'fan'), ('PUBLISH', 'fan', 'm'), ('GET', 'fk')):
        eq(c.cmd(*cmd), 'QUEUED')
    got = c.cmd('EXEC')
    eq(len(got), 6)
    eq(got[0], 'OK')
    ok(b'redis_version' in bytes(got[1]), 'INFO in place: %r' % (got[1][:40],))
    ok(b'cmd=' in bytes(got[2]), 'CLIENT LIST in place')
    eq(got[3], [b'fan', 4])
    eq(got[4], 4)
    eq(got[5], b'v')
    eq(c.cmd('PING'), 'PONG')
    for s in subs:
        eq(s.read_reply()[0], [b'message', b'fan', b'm'])


WATCH_TABLE_MAX = 1 << 16  # src/shard/watch.h: the keys one shard's table of watched keys holds


@timeout(60)
def test_watch_more_keys_than_a_shard_tracks(srv):
    # Each shard keeps the keys someone WATCHes in a bounded table: past WATCH_TABLE_MAX keys the
    # older half by mark goes, and the WATCHes it held count as changed. A hash tag puts every key
    # on one shard; each client watches 1024 of them (Redis's WATCH is quadratic in one client's
    # keys). Of the older watchers, the one whose key was written aborts; the newer ones, as many
    # keys, untouched, still run, as in Redis; the older ones whose keys the table dropped abort
    # where Redis's would run (conservative, never a wrong success: checked on Tessera only).
    per, groups = 1024, WATCH_TABLE_MAX // 2048 + 1
    older, newer = [], []
    for g in range(groups):
        cl = srv.raw()
        eq(cl.cmd('WATCH', *['{wt}a:%d:%d' % (g, i) for i in range(per)]), 'OK')
        older.append(cl)
    eq(srv.raw().cmd('SET', '{wt}a:0:17', 'x'), 'OK')  # older[0]'s; the shard's clock moves on
    for g in range(groups):
        cl = srv.raw()
        eq(cl.cmd('WATCH', *['{wt}c:%d:%d' % (g, i) for i in range(per)]), 'OK')
        newer.append(cl)
    for cl in older + newer:
        eq(cl.cmd('MULTI'), 'OK')
        eq(cl.cmd('PING'), 'QUEUED')
    eq(older[0].cmd_raw('EXEC'), ABORTED, 'a watched key was written')
    for cl in newer:
        eq(cl.cmd_raw('EXEC'), PONG_ONLY, 'the newer watches are exact')
    for cl in older[1:]:
        eq(cl.cmd_raw('EXEC'), ABORTED if srv.tessera else PONG_ONLY,
           'dropped from the table: counted as changed')


def test_watch_sees_move_restore_and_reload(srv):
    # Writes that reach a watched key without an ordinary write command: MOVE into or out of its
    # database, RESTORE over it, a key created and deleted again while it was absent.
    w, m = srv.raw(), srv.raw()
    eq(w.cmd('WATCH', 'mv'), 'OK')
    eq(m.cmd('SELECT', '1'), 'OK')
    eq(m.cmd('SET', 'mv', '1'), 'OK')
    eq(m.cmd('MOVE', 'mv', '0'), 1)
    eq(ping_block(w), ABORTED, 'moved into the watched database')
    eq(w.cmd('WATCH', 'mv'), 'OK')
    eq(m.cmd('SELECT', '0'), 'OK')
    eq(m.cmd('MOVE', 'mv', '1'), 1)
    eq(ping_block(w), ABORTED, 'moved out of it')
    eq(m.cmd('SET', 'rs', 'v'), 'OK')
    payload = m.cmd('DUMP', 'rs')
    eq(w.cmd('WATCH', 'rs'), 'OK')
    eq(m.cmd('RESTORE', 'rs', '0', payload, 'REPLACE'), 'OK')
    eq(ping_block(w), ABORTED, 'restored over')
    eq(w.cmd('WATCH', 'cd'), 'OK')
    eq(m.cmd('SET', 'cd', '1'), 'OK')
    eq(m.cmd('DEL', 'cd'), 1)
    eq(ping_block(w), ABORTED, 'created and deleted again')


@own_server
def test_watch_across_debug_reload(srv):
    # DEBUG RELOAD flushes and loads: a watched key that existed is touched, as by Redis's flush
    # before the load; one absent before and after is not.
    s = srv.start_server(['--enable-debug-command', 'yes'])
    w, m = srv.raw(port=s.port), srv.raw(port=s.port)
    eq(m.cmd('SET', 'rs', 'v'), 'OK')
    eq(w.cmd('WATCH', 'rs', 'never'), 'OK')
    eq(m.cmd('DEBUG', 'RELOAD'), 'OK')
    eq(ping_block(w), ABORTED, 'reloaded while it existed')
    eq(w.cmd('WATCH', 'never'), 'OK')
    eq(m.cmd('DEBUG', 'RELOAD'), 'OK')
    eq(ping_block(w), PONG_ONLY, 'absent before and after the reload')
