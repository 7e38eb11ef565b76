# MOVE and SWAPDB over TCP: a key keeps its value and TTL when it moves to another database
# (keys on every shard: a key's shard is the same in every database), Redis 7.0's errors,
# SWAPDB exchanging whole databases on every shard at once, WATCHed keys touched as Redis touches
# them, and clients blocked in the swapped databases served when their key now has elements.
# Run by run.py (4 shards by default).

from harness import encode_command, eq, keys_on_distinct_shards, nshards, ok, wait_until
from harness import arity

SAME = 'ERR source and destination objects are the same'
DB_RANGE = 'ERR DB index is out of range'
NOT_INT = 'ERR value is not an integer or out of range'
INT_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647'


def blocked_clients(r):
    for line in r.cmd('INFO', 'clients').decode().split('\r\n'):
        if line.startswith('blocked_clients:'):
            return int(line.split(':')[1])
    return -1


def test_move(srv):
    r = srv.raw()
    keys = keys_on_distinct_shards('mv', nshards(srv), 8)
    for k in keys:
        r.cmd('SET', k, 'v' + k, 'EX', '1000')
    r.cmd('RPUSH', 'list', 'a', 'b')
    for k in keys:
        eq(r.cmd_raw('MOVE', k, '3'), b':1\r\n')
    eq(r.cmd('MOVE', 'list', '3'), 1)
    eq(r.cmd('DBSIZE'), 0)
    eq(r.cmd('SELECT', '3'), 'OK')
    eq(r.cmd('DBSIZE'), len(keys) + 1)
    for k in keys:
        eq(r.cmd('GET', k), ('v' + k).encode())
        ttl = r.cmd('TTL', k)
        ok(990 <= ttl <= 1000, 'TTL kept: %r' % ttl)
    eq(r.cmd('LRANGE', 'list', '0', '-1'), [b'a', b'b'])
    eq(r.cmd('MOVE', 'nokey', '0'), 0)
    eq(r.cmd('MOVE', keys[0], '3'), SAME)
    eq(r.cmd('SET', 'both', '3'), 'OK')
    eq(r.cmd('SELECT', '0'), 'OK')
    eq(r.cmd('SET', 'both', '0'), 'OK')
    eq(r.cmd('MOVE', 'both', '3'), 0, 'the key exists in the target database')
    eq(r.cmd('GET', 'both'), b'0')
    eq(r.cmd('MOVE', 'both', 'x'), NOT_INT)
    eq(r.cmd('MOVE', 'both', '16'), DB_RANGE)
    eq(r.cmd('MOVE', 'both', '-1'), DB_RANGE)
    eq(r.cmd('MOVE', 'both', '99999999999'), INT_RANGE)
    eq(r.cmd('MOVE', 'nokey', '0'), SAME, 'the same database is refused before the look-up')
    eq(r.cmd('MOVE', 'both'), arity('move'))
    r.cmd('SET', 'noexp', 'x')
    eq(r.cmd('MOVE', 'noexp', '1'), 1)
    eq(r.cmd('SELECT', '1'), 'OK')
    eq(r.cmd('TTL', 'noexp'), -1)
    r.cmd('SELECT', '3')
    r.cmd('FLUSHALL')


def test_move_wakes_blocked_client(srv):
    r = srv.raw()
    c = srv.raw()
    c.cmd('SELECT', '1')
    c.send(encode_command('BLPOP', 'q', '5'))
    wait_until(lambda: blocked_clients(r) == 1)
    r.cmd('RPUSH', 'q', 'x', 'y')
    eq(r.cmd('MOVE', 'q', '1'), 1)
    eq(c.read(), [b'q', b'x'])
    r.cmd('SELECT', '1')
    eq(r.cmd('LRANGE', 'q', '0', '-1'), [b'y'])


def test_move_events(srv):
    r = srv.raw()
    old = r.cmd('CONFIG', 'GET', 'notify-keyspace-events')[1]
    r.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'Eg')
    try:
        sub = srv.raw()
        sub.cmd('PSUBSCRIBE', '__keyevent@*__:*')
        r.cmd('SET', 'k', 'v')
        eq(r.cmd('MOVE', 'k', '2'), 1)
        eq([m[2:] for m in (sub.read(), sub.read())],
           [[b'__keyevent@0__:move_from', b'k'], [b'__keyevent@2__:move_to', b'k']])
    finally:
        r.cmd('CONFIG', 'SET', 'notify-keyspace-events', old)


def test_swapdb(srv):
    r = srv.raw()
    keys = keys_on_distinct_shards('sw', nshards(srv), 12)
    for k in keys:
        r.cmd('SET', k, 'db0-' + k)
    r.cmd('EXPIRE', keys[0], '1000')
    r.cmd('SELECT', '1')
    for k in keys[:3]:
        r.cmd('SET', k, 'db1-' + k)
    r.cmd('SADD', 'set1', 'm')
    r.cmd('SELECT', '0')
    eq(r.cmd_raw('SWAPDB', '0', '1'), b'+OK\r\n')
    eq(r.cmd('DBSIZE'), 4)
    eq(r.cmd('GET', keys[0]), ('db1-' + keys[0]).encode())
    eq(r.cmd('TTL', keys[0]), -1)
    eq(r.cmd('SMEMBERS', 'set1'), [b'm'])
    eq(r.cmd('EXISTS', *keys[3:]), 0)
    r.cmd('SELECT', '1')
    eq(r.cmd('DBSIZE'), len(keys))
    for k in keys:
        eq(r.cmd('GET', k), ('db0-' + k).encode())
    ttl = r.cmd('TTL', keys[0])
    ok(990 <= ttl <= 1000, 'the TTL went with its key: %r' % ttl)
    eq(r.cmd('SWAPDB', '1', '0'), 'OK')
    eq(r.cmd('DBSIZE'), 4)
    eq(r.cmd('SWAPDB', '0', '0'), 'OK')
    eq(r.cmd('SWAPDB', '0', '16'), DB_RANGE)
    eq(r.cmd('SWAPDB', '-1', '0'), DB_RANGE)
    eq(r.cmd('SWAPDB', 'x', '1'), 'ERR invalid first DB index')
    eq(r.cmd('SWAPDB', '0', 'x'), 'ERR invalid second DB index')
    eq(r.cmd('SWAPDB', '99999999999', '1'), 'ERR invalid first DB index')
    eq(r.cmd('SWAPDB', '0'), arity('swapdb'))
    r.cmd('FLUSHALL')


def test_swapdb_in_multi(srv):
    r = srv.raw()
    r.cmd('SET', 'a', '0')
    eq(r.cmd('MULTI'), 'OK')
    eq(r.cmd('SWAPDB', '0', '5'), 'QUEUED')
    eq(r.cmd('SET', 'a', '5'), 'QUEUED')
    eq(r.cmd('SWAPDB', '0', '5'), 'QUEUED')
    eq(r.cmd('EXEC'), ['OK', 'OK', 'OK'])
    eq(r.cmd('GET', 'a'), b'0')
    r.cmd('SELECT', '5')
    eq(r.cmd('GET', 'a'), b'5')
    r.cmd('FLUSHALL')


def watch_then(srv, setup, watch_db, key, swap):
    """Runs setup, WATCHes key in watch_db from a client, SWAPDBs from another; returns the
    EXEC reply (None when aborted)."""
    r = srv.raw()
    r.cmd('FLUSHALL')
    for db, k, v in setup:
        r.cmd('SELECT', str(db))
        r.cmd('SET', k, v)
    w = srv.raw()
    w.cmd('SELECT', str(watch_db))
    eq(w.cmd('WATCH', key), 'OK')
    eq(r.cmd('SWAPDB', *swap), 'OK')
    w.cmd('MULTI')
    w.cmd('PING')
    return w.cmd('EXEC')


def test_swapdb_touches_watched_keys(srv):
    eq(watch_then(srv, [(0, 'x', '30')], 0, 'x', ('0', '1')), None, 'a watched key that exists')
    eq(watch_then(srv, [(1, 'x', '30')], 0, 'x', ('0', '1')), None,
       'a watched key the swap brings')
    eq(watch_then(srv, [(0, 'x', '1'), (1, 'x', '1')], 0, 'x', ('1', '0')), None,
       'the same value in both databases')
    eq(watch_then(srv, [(0, 'y', '1'), (1, 'z', '1')], 0, 'x', ('0', '1')), ['PONG'],
       'a watched key in neither database')
    eq(watch_then(srv, [(0, 'x', '1'), (2, 'x', '2')], 0, 'x', ('1', '2')), ['PONG'],
       'a swap of other databases')
    eq(watch_then(srv, [(3, 'x', '1')], 1, 'x', ('2', '3')), ['PONG'],
       'a swap of other databases that hold the key')
    # keys on every shard, each watched from its own client
    keys = keys_on_distinct_shards('wk', nshards(srv), 8)
    r = srv.raw()
    r.cmd('FLUSHALL')
    r.cmd('SELECT', '1')
    for k in keys:
        r.cmd('SET', k, '1')
    w = srv.raw()
    eq(w.cmd('WATCH', *keys), 'OK')
    eq(r.cmd('SWAPDB', '0', '1'), 'OK')
    w.cmd('MULTI')
    w.cmd('PING')
    eq(w.cmd('EXEC'), None)
    r.cmd('FLUSHALL')


def test_swapdb_serves_blocked_clients(srv):
    r = srv.raw()
    keys = keys_on_distinct_shards('bq', nshards(srv), 4)
    clients = []
    for k in keys:
        c = srv.raw()
        c.cmd('SELECT', '1')
        c.send(encode_command('BLPOP', k, '10'))
        clients.append(c)
    other = srv.raw()
    other.cmd('SELECT', '1')
    other.send(encode_command('BLPOP', 'never', '10'))
    wait_until(lambda: blocked_clients(r) == len(keys) + 1)
    for k in keys:
        r.cmd('RPUSH', k, 'from-db0-' + k, 'second')
    r.cmd('SET', 'never', 'string')
    eq(r.cmd('SWAPDB', '0', '1'), 'OK')
    for k, c in zip(keys, clients):
        eq(c.read(), [k.encode(), ('from-db0-' + k).encode()])
    eq(blocked_clients(r), 1, 'a key of another type does not serve')
    r.cmd('SELECT', '1')
    for k in keys:
        eq(r.cmd('LRANGE', k, '0', '-1'), [b'second'])
    # a client blocked in db 0 is served when the swap brings its key back
    c = srv.raw()
    c.send(encode_command('BLPOP', keys[0], '10'))
    wait_until(lambda: blocked_clients(r) == 2)
    eq(r.cmd('SWAPDB', '1', '0'), 'OK')
    eq(c.read(), [keys[0].encode(), b'second'])
    r.cmd('SELECT', '0')
    r.cmd('FLUSHALL')
    other.close()
