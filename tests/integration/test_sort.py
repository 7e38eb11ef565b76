# SORT and SORT_RO over TCP: numeric and ALPHA order of lists, sets and sorted sets, ASC/DESC,
# LIMIT, BY patterns (`*`, `->field`, nosort), GET patterns (`#`, `->field`, several), STORE
# (a list on any shard; an empty result deletes), Redis 7.0's errors and its ordering rules for
# BY nosort. Pattern keys are spread over the shards (4 by default) to check that a SORT with
# patterns sees every shard. Run by run.py.

from harness import eq, is_error, key_shard, nshards, ok
from harness import arity, WRONGTYPE

SYNTAX = 'ERR syntax error'
NOT_INT = 'ERR value is not an integer or out of range'
NOT_DOUBLE = "ERR One or more scores can't be converted into double"


def test_sort_numeric_and_alpha(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5')
    eq(r.cmd('SORT', 'l'), [b'-5', b'1', b'2', b'2.5', b'3', b'10'])
    eq(r.cmd('SORT', 'l', 'DESC'), [b'10', b'3', b'2.5', b'2', b'1', b'-5'])
    eq(r.cmd('SORT', 'l', 'ALPHA'), [b'-5', b'1', b'10', b'2', b'2.5', b'3'])
    eq(r.cmd('SORT', 'l', 'alpha', 'desc'), [b'3', b'2.5', b'2', b'10', b'1', b'-5'])
    eq(r.cmd('SORT', 'l', 'ASC', 'DESC', 'ASC'), [b'-5', b'1', b'2', b'2.5', b'3', b'10'])
    eq(r.cmd_raw('SORT', 'nokey'), b'*0\r\n')
    # strtod's forms: leading spaces, hex, an empty string is 0; equal scores by their bytes
    r.cmd('RPUSH', 'odd', ' 5', '0x10', '', '1.0', '1', '01')
    eq(r.cmd('SORT', 'odd'), [b'', b'01', b'1', b'1.0', b' 5', b'0x10'])
    r.cmd('RPUSH', 'bad', '1', 'x')
    eq(r.cmd('SORT', 'bad'), NOT_DOUBLE)
    r.cmd('RPUSH', 'big', '1e400')
    eq(r.cmd('SORT', 'big'), NOT_DOUBLE)
    r.cmd('RPUSH', 'nan', 'nan')
    eq(r.cmd('SORT', 'nan'), NOT_DOUBLE)
    eq(r.cmd('SORT', 'bad', 'ALPHA'), [b'1', b'x'])


def test_sort_sets_and_sorted_sets(srv):
    r = srv.raw()
    r.cmd('SADD', 'is', '5', '-1', '100', '7')
    eq(r.cmd('SORT', 'is'), [b'-1', b'5', b'7', b'100'])
    r.cmd('SADD', 'hs', 'banana', 'apple', 'cherry')
    eq(r.cmd('SORT', 'hs', 'ALPHA'), [b'apple', b'banana', b'cherry'])
    eq(r.cmd('SORT', 'hs'), NOT_DOUBLE)
    r.cmd('ZADD', 'z', '1', 'c', '2', 'a', '3', 'b')
    eq(r.cmd('SORT', 'z', 'ALPHA'), [b'a', b'b', b'c'])
    eq(r.cmd('SORT', 'z', 'ALPHA', 'DESC', 'LIMIT', '0', '2'), [b'c', b'b'])
    r.cmd('ZADD', 'zn', '1', '30', '2', '10', '3', '20')
    eq(r.cmd('SORT', 'zn'), [b'10', b'20', b'30'])


def test_sort_limit(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'l', *[str(i) for i in range(10, 0, -1)])
    eq(r.cmd('SORT', 'l', 'LIMIT', '0', '3'), [b'1', b'2', b'3'])
    eq(r.cmd('SORT', 'l', 'LIMIT', '8', '5'), [b'9', b'10'])
    eq(r.cmd('SORT', 'l', 'LIMIT', '-5', '2'), [b'1', b'2'])
    eq(r.cmd('SORT', 'l', 'LIMIT', '2', '-1'), [b'3', b'4', b'5', b'6', b'7', b'8', b'9', b'10'])
    eq(r.cmd_raw('SORT', 'l', 'LIMIT', '10', '1'), b'*0\r\n')
    eq(r.cmd_raw('SORT', 'l', 'LIMIT', '0', '0'), b'*0\r\n')
    eq(r.cmd('SORT', 'l', 'DESC', 'LIMIT', '1', '2'), [b'9', b'8'])
    eq(r.cmd('SORT', 'l', 'LIMIT', '1'), SYNTAX)
    eq(r.cmd('SORT', 'l', 'LIMIT', 'a', '1'), NOT_INT)
    eq(r.cmd('SORT', 'l', 'LIMIT', '0', '1.5'), NOT_INT)
    eq(r.cmd_raw('SORT', 'nokey', 'LIMIT', '0', '5'), b'*0\r\n')


def test_sort_errors(srv):
    r = srv.raw()
    r.cmd('SET', 's', 'v')
    r.cmd('HSET', 'h', 'f', 'v')
    eq(r.cmd('SORT', 's'), WRONGTYPE)
    eq(r.cmd('SORT', 'h'), WRONGTYPE)
    eq(r.cmd('SORT_RO', 's'), WRONGTYPE)
    eq(r.cmd('SORT', 's', 'foo'), SYNTAX, 'a syntax error comes before the type check')
    eq(r.cmd('SORT', 's', 'LIMIT', 'x', 'y'), NOT_INT)
    r.cmd('RPUSH', 'l', '1')
    eq(r.cmd('SORT', 'l', 'STORE'), SYNTAX)
    eq(r.cmd('SORT', 'l', 'BY'), SYNTAX)
    eq(r.cmd('SORT', 'l', 'GET'), SYNTAX)
    eq(r.cmd('SORT_RO', 'l', 'STORE', 'dst'), SYNTAX)
    eq(r.cmd('EXISTS', 'dst'), 0)
    eq(r.cmd('SORT'), arity('sort'))
    eq(r.cmd('SORT_RO'), arity('sort_ro'))


def weights(r, prefix, pairs):
    for name, w in pairs:
        r.cmd('SET', prefix + name, str(w))


def test_sort_by_pattern_across_shards(srv):
    r = srv.raw()
    items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
    r.cmd('RPUSH', 'l', *items)
    ws = [('a', 5), ('b', 3), ('c', 8), ('d', 1), ('e', 7), ('f', 2), ('g', 6), ('h', 4)]
    weights(r, 'w_', ws)
    n = nshards(srv)
    if n > 1:
        ok(len({key_shard('w_' + x, n) for x in items}) > 1, 'weights sit on several shards')
        ok(any(key_shard('w_' + x, n) != key_shard('l', n) for x in items),
           'weights sit on other shards than the list')
    by_w = [x.encode() for x, _ in sorted(ws, key=lambda p: p[1])]
    eq(r.cmd('SORT', 'l', 'BY', 'w_*'), by_w)
    eq(r.cmd('SORT', 'l', 'BY', 'w_*', 'DESC'), by_w[::-1])
    eq(r.cmd('SORT_RO', 'l', 'BY', 'w_*', 'LIMIT', '2', '3'), by_w[2:5])
    # missing weights count as 0, ties by the element's bytes
    r.cmd('RPUSH', 'l2', 'x', 'c', 'y', 'd')
    eq(r.cmd('SORT', 'l2', 'BY', 'w_*'), [b'x', b'y', b'd', b'c'])
    # ALPHA by pattern: a missing value sorts first
    for x, v in (('a', 'pear'), ('b', 'apple'), ('c', 'fig')):
        r.cmd('SET', 'n_' + x, v)
    r.cmd('RPUSH', 'l3', 'a', 'b', 'c', 'd')
    eq(r.cmd('SORT', 'l3', 'BY', 'n_*', 'ALPHA'), [b'd', b'b', b'c', b'a'])
    eq(r.cmd('SORT', 'l3', 'BY', 'n_*'), NOT_DOUBLE)
    # a weight of another type is as good as missing
    r.cmd('DEL', 'w_a')
    r.cmd('SADD', 'w_a', 'x')
    eq(r.cmd('SORT', 'l', 'BY', 'w_*')[0], b'a')
    # the pattern's `*` is replaced once, in its first place
    r.cmd('SET', 'k_a_*', '1')
    r.cmd('RPUSH', 'one', 'a')
    eq(r.cmd('SORT', 'one', 'BY', 'k_*_*'), [b'a'])


def test_sort_by_hash_field(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'users', '1', '2', '3', '4')
    r.cmd('HSET', 'user:1', 'age', '40', 'name', 'ann')
    r.cmd('HSET', 'user:2', 'age', '25', 'name', 'bob')
    r.cmd('HSET', 'user:3', 'age', '31', 'name', 'cid')
    r.cmd('SET', 'user:4', '10')  # not a hash: no field, so 0
    eq(r.cmd('SORT', 'users', 'BY', 'user:*->age'), [b'4', b'2', b'3', b'1'])
    eq(r.cmd('SORT', 'users', 'BY', 'user:*->name', 'ALPHA', 'DESC'), [b'3', b'2', b'1', b'4'])
    eq(r.cmd('SORT', 'users', 'BY', 'user:*->nofield'), [b'1', b'2', b'3', b'4'])
    # "->" with nothing after it is part of the key name
    r.cmd('SET', '5->', '1')
    r.cmd('SET', '6->', '0')
    r.cmd('RPUSH', 'arrows', '5', '6')
    eq(r.cmd('SORT', 'arrows', 'BY', '*->'), [b'6', b'5'])


def test_sort_get_patterns(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'l', '2', '1', '3')
    for i in ('1', '2', '3'):
        r.cmd('SET', 'obj_' + i, 'o' + i)
        r.cmd('HSET', 'h_' + i, 'f', 'hf' + i)
    r.cmd('DEL', 'obj_2')
    eq(r.cmd('SORT', 'l', 'GET', 'obj_*'), [b'o1', None, b'o3'])
    eq(r.cmd('SORT', 'l', 'GET', '#', 'GET', 'obj_*', 'GET', 'h_*->f'),
       [b'1', b'o1', b'hf1', b'2', None, b'hf2', b'3', b'o3', b'hf3'])
    eq(r.cmd('SORT', 'l', 'GET', 'nostar'), [None, None, None])
    eq(r.cmd('SORT', 'l', 'GET', 'h_*'), [None, None, None], 'a hash is not a string')
    eq(r.cmd('SORT', 'l', 'GET', 'obj_*->f'), [None, None, None], 'a string is not a hash')
    eq(r.cmd('SORT', 'l', 'DESC', 'LIMIT', '0', '1', 'GET', '#', 'GET', 'obj_*'), [b'3', b'o3'])
    eq(r.cmd_raw('SORT', 'l', 'GET', 'obj_*', 'LIMIT', '1', '1'), b'*1\r\n$-1\r\n')
    eq(r.cmd('SORT_RO', 'l', 'BY', 'nosort', 'GET', 'h_*->f'), [b'hf2', b'hf1', b'hf3'])
    h3 = srv.raw()
    h3.cmd('HELLO', '3')
    eq(h3.cmd_raw('SORT', 'l', 'GET', 'obj_*', 'LIMIT', '1', '1'), b'*1\r\n_\r\n')


def test_sort_nosort_order(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'l', 'c', 'a', 'b', 'd')
    eq(r.cmd('SORT', 'l', 'BY', 'nosort'), [b'c', b'a', b'b', b'd'])
    eq(r.cmd('SORT', 'l', 'BY', 'nosort', 'DESC'), [b'd', b'b', b'a', b'c'])
    eq(r.cmd('SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '2'), [b'a', b'b'])
    eq(r.cmd('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'), [b'b', b'a'])
    eq(r.cmd('SORT', 'l', 'BY', 'nosort', 'ALPHA'), [b'c', b'a', b'b', b'd'])
    # a sorted set keeps its order, LIMIT and DESC included
    r.cmd('ZADD', 'z', '3', 'x', '1', 'z', '2', 'y', '4', 'w')
    eq(r.cmd('SORT', 'z', 'BY', 'nosort'), [b'z', b'y', b'x', b'w'])
    eq(r.cmd('SORT', 'z', 'BY', 'nosort', 'DESC'), [b'w', b'x', b'y', b'z'])
    eq(r.cmd('SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '2'), [b'y', b'x'])
    eq(r.cmd('SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'), [b'x', b'y'])
    eq(r.cmd('SORT', 'z', 'BY', 'nosort', 'LIMIT', '3', '10'), [b'w'])
    eq(r.cmd('SORT', 'z', 'BY', 'nosort', 'STORE', 'zs'), 4)
    eq(r.cmd('LRANGE', 'zs', '0', '-1'), [b'z', b'y', b'x', b'w'])
    # an intset comes in ascending order; DESC does not reverse a set not sorted
    r.cmd('SADD', 'is', '3', '1', '2')
    eq(r.cmd('SORT', 'is', 'BY', 'nosort'), [b'1', b'2', b'3'])
    eq(r.cmd('SORT', 'is', 'BY', 'nosort', 'DESC'), [b'1', b'2', b'3'])
    # with STORE a set is sorted (ALPHA) so the stored list does not depend on the encoding
    r.cmd('SADD', 'hs', 'b', 'c', 'a', '10', '9')
    eq(r.cmd('SORT', 'hs', 'BY', 'nosort', 'STORE', 'dst'), 5)
    eq(r.cmd('LRANGE', 'dst', '0', '-1'), [b'10', b'9', b'a', b'b', b'c'])
    eq(r.cmd('SORT', 'hs', 'BY', 'nosort', 'DESC', 'STORE', 'dst'), 5)
    eq(r.cmd('LRANGE', 'dst', '0', '-1'), [b'c', b'b', b'a', b'9', b'10'])
    # a constant BY pattern is nosort whatever its name; a later BY does not undo it
    eq(r.cmd('SORT', 'l', 'BY', 'anything'), [b'c', b'a', b'b', b'd'])
    eq(r.cmd('SORT', 'l', 'BY', 'nosort', 'BY', 'w_*'), [b'c', b'a', b'b', b'd'])


def test_sort_store(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'src', '3', '1', '2')
    n = nshards(srv)
    dst = next('dst%d' % i for i in range(100) if key_shard('dst%d' % i, n) != key_shard('src', n)
               or n == 1)
    r.cmd('SET', dst, 'old')
    r.cmd('EXPIRE', dst, '100')
    eq(r.cmd_raw('SORT', 'src', 'STORE', dst), b':3\r\n')
    eq(r.cmd('TYPE', dst), 'list')
    eq(r.cmd('TTL', dst), -1, 'the stored list has no expiry')
    eq(r.cmd('LRANGE', dst, '0', '-1'), [b'1', b'2', b'3'])
    eq(r.cmd('SORT', 'src', 'DESC', 'LIMIT', '0', '2', 'STORE', dst), 2)
    eq(r.cmd('LRANGE', dst, '0', '-1'), [b'3', b'2'])
    # GET: one element per pattern, missing values stored as empty strings
    r.cmd('SET', 'v_1', 'one')
    eq(r.cmd('SORT', 'src', 'GET', '#', 'GET', 'v_*', 'STORE', dst), 6)
    eq(r.cmd('LRANGE', dst, '0', '-1'), [b'1', b'one', b'2', b'', b'3', b''])
    # the last STORE wins; the source may be the destination
    eq(r.cmd('SORT', 'src', 'STORE', 'x1', 'STORE', 'src'), 3)
    eq(r.cmd('EXISTS', 'x1'), 0)
    eq(r.cmd('LRANGE', 'src', '0', '-1'), [b'1', b'2', b'3'])
    # an empty result deletes the destination
    eq(r.cmd('SORT', 'nokey', 'STORE', dst), 0)
    eq(r.cmd('EXISTS', dst), 0)
    r.cmd('SET', dst, 'x')
    eq(r.cmd('SORT', 'src', 'LIMIT', '5', '5', 'STORE', dst), 0)
    eq(r.cmd('EXISTS', dst), 0)
    eq(r.cmd('SORT', 'nokey', 'STORE', dst), 0)
    # an error stores nothing
    r.cmd('RPUSH', 'bad', 'x')
    r.cmd('SET', dst, 'keep')
    eq(r.cmd('SORT', 'bad', 'STORE', dst), NOT_DOUBLE)
    eq(r.cmd('GET', dst), b'keep')
    eq(r.cmd('COMMAND', 'GETKEYS', 'SORT', 'src', 'STORE', 'a', 'BY', 'w', 'STORE', 'b'),
       [b'src', b'b'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'SORT_RO', 'src', 'BY', 'w_*'), [b'src'])


def test_sort_store_wakes_blocked_client(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'src', '2', '1')
    c = srv.raw()
    from harness import encode_command, wait_until
    c.send(encode_command('BLPOP', 'q', '5'))
    wait_until(lambda: b'blocked_clients:1' in r.cmd('INFO', 'clients'))
    eq(r.cmd('SORT', 'src', 'STORE', 'q'), 2)
    eq(c.read(), [b'q', b'1'])
    eq(r.cmd('LRANGE', 'q', '0', '-1'), [b'2'])


def test_sort_store_event(srv):
    r = srv.raw()
    old = r.cmd('CONFIG', 'GET', 'notify-keyspace-events')[1]
    r.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    try:
        sub = srv.raw()
        sub.cmd('PSUBSCRIBE', '__key*__:*')
        r.cmd('RPUSH', 'src', 'b', 'a')
        eq(r.cmd('SORT', 'src', 'ALPHA', 'STORE', 'dst'), 2)
        eq(r.cmd('SORT', 'nokey', 'STORE', 'dst'), 0)
        events = [tuple(sub.read()[2:]) for _ in range(6)]
        eq(events, [(b'__keyspace@0__:src', b'rpush'), (b'__keyevent@0__:rpush', b'src'),
                    (b'__keyspace@0__:dst', b'sortstore'), (b'__keyevent@0__:sortstore', b'dst'),
                    (b'__keyspace@0__:dst', b'del'), (b'__keyevent@0__:del', b'dst')])
    finally:
        r.cmd('CONFIG', 'SET', 'notify-keyspace-events', old)


def test_sort_in_multi_with_patterns(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'l', 'a', 'b', 'c')
    weights(r, 'w_', [('a', 3), ('b', 1), ('c', 2)])
    eq(r.cmd('MULTI'), 'OK')
    eq(r.cmd('SET', 'w_a', '0'), 'QUEUED')
    eq(r.cmd('SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*'), 'QUEUED')
    eq(r.cmd('EXEC'), ['OK', [b'a', b'0', b'b', b'1', b'c', b'2']])


def test_sort_patterns_atomic(srv):
    """Concurrent MSETs of every weight: a SORT by them sees all of one MSET or none."""
    import threading
    r = srv.raw()
    items = [str(i) for i in range(12)]
    r.cmd('RPUSH', 'l', *items)
    r.cmd('MSET', *sum([['w_' + x, '0'] for x in items], []))
    stop = threading.Event()

    def writer():
        w = srv.raw()
        gen = 0
        while not stop.is_set():
            gen += 1
            w.cmd('MSET', *sum([['w_' + x, str(gen)] for x in items], []))

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        for _ in range(200):
            got = r.cmd('SORT', 'l', 'BY', 'nosort', 'GET', 'w_*')
            ok(len(set(got)) == 1, 'SORT saw half an MSET: %r' % got)
    finally:
        stop.set()
        t.join(5)


def test_sort_command_info(srv):
    r = srv.raw()
    for name, rw in (('sort', 'write'), ('sort_ro', 'read')):
        info = r.cmd('COMMAND', 'INFO', name)[0]
        eq(info[1:6], [-2, ['write', 'denyoom', 'movablekeys'] if rw == 'write'
                       else ['readonly', 'movablekeys'], 1, 1, 1], name)
        eq([str(c) for c in info[6]],
           ['@' + rw, '@set', '@sortedset', '@list', '@slow', '@dangerous'], name)
