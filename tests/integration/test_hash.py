# Hash commands over TCP: HSET/HMSET/HSETNX, reads (HGET HMGET HEXISTS HLEN HSTRLEN HKEYS HVALS
# HGETALL in RESP2 and RESP3), HDEL removing the key with its last field, HINCRBY/HINCRBYFLOAT
# and their errors, WRONGTYPE and arity errors. Run by run.py against the shared server.

from harness import eq, ok
from harness import WRONGTYPE, arity


def test_hset_hget_hmget(srv):
    r = srv.raw()
    eq(r.cmd('HSET', 'h', 'f1', 'v1', 'f2', 'v2'), 2)
    eq(r.cmd('HSET', 'h', 'f1', 'x', 'f3', 'v3'), 1, 'counts only new fields')
    eq(r.cmd_raw('HGET', 'h', 'f1'), b'$1\r\nx\r\n')
    eq(r.cmd_raw('HGET', 'h', 'nope'), b'$-1\r\n')
    eq(r.cmd_raw('HGET', 'nokey', 'f'), b'$-1\r\n')
    eq(r.cmd('HMGET', 'h', 'f1', 'nope', 'f3'), [b'x', None, b'v3'])
    eq(r.cmd('HMGET', 'nokey', 'a', 'b'), [None, None])
    eq(r.cmd('HSET', 'h', 'odd'), arity('hset'))
    eq(r.cmd('HSET', 'h', 'a', '1', 'b'), arity('hset'))
    eq(r.cmd('HGET', 'h'), arity('hget'))
    eq(r.cmd('HMSET', 'h', 'a', '1', 'b', '2'), 'OK')
    eq(r.cmd('HMSET', 'h', 'a'), arity('hmset'))
    eq(r.cmd('HLEN', 'h'), 5)
    eq(r.cmd('HLEN', 'nokey'), 0)
    binary = bytes(range(256))
    eq(r.cmd('HSET', 'bin', binary, binary), 1)
    eq(r.cmd('HGET', 'bin', binary), binary)


def test_hsetnx_hexists_hstrlen(srv):
    r = srv.raw()
    eq(r.cmd('HSETNX', 'h', 'a', '1'), 1)
    eq(r.cmd('HSETNX', 'h', 'a', '2'), 0)
    eq(r.cmd('HGET', 'h', 'a'), b'1')
    eq(r.cmd('HEXISTS', 'h', 'a'), 1)
    eq(r.cmd('HEXISTS', 'h', 'b'), 0)
    eq(r.cmd('HEXISTS', 'nokey', 'a'), 0)
    eq(r.cmd('HSET', 'h', 'long', 'x' * 300), 1)
    eq(r.cmd('HSTRLEN', 'h', 'long'), 300)
    eq(r.cmd('HSTRLEN', 'h', 'nope'), 0)
    eq(r.cmd('HSTRLEN', 'nokey', 'a'), 0)


def test_hkeys_hvals_hgetall(srv):
    r = srv.raw()
    fields = {b'f%d' % i: b'v%d' % i for i in range(200)}
    args = []
    for f, v in fields.items():
        args += [f, v]
    eq(r.cmd('HSET', 'big', *args), 200)
    eq(sorted(r.cmd('HKEYS', 'big')), sorted(fields))
    eq(sorted(r.cmd('HVALS', 'big')), sorted(fields.values()))
    flat = r.cmd('HGETALL', 'big')
    eq(len(flat), 400)
    eq(dict(zip(flat[0::2], flat[1::2])), fields)
    eq(r.cmd_raw('HGETALL', 'nokey'), b'*0\r\n')
    eq(r.cmd_raw('HKEYS', 'nokey'), b'*0\r\n')
    # RESP3: HGETALL is a map, HKEYS and HVALS stay arrays.
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd('HSET', 'small', 'a', '1'), 1)
    eq(r3.cmd_raw('HGETALL', 'small'), b'%1\r\n$1\r\na\r\n$1\r\n1\r\n')
    eq(r3.cmd_raw('HKEYS', 'small'), b'*1\r\n$1\r\na\r\n')
    eq(r3.cmd_raw('HGETALL', 'nokey'), b'%0\r\n')
    eq(r3.cmd_raw('HGET', 'small', 'nope'), b'_\r\n')
    eq(r3.cmd('HGETALL', 'big'), fields)


def test_hdel_removes_the_key_with_its_last_field(srv):
    r = srv.raw()
    eq(r.cmd('HSET', 'h', 'a', '1', 'b', '2', 'c', '3'), 3)
    eq(r.cmd('HDEL', 'h', 'a', 'nope', 'a'), 1)
    eq(r.cmd('HDEL', 'nokey', 'a'), 0)
    eq(r.cmd('HDEL', 'h', 'b', 'c'), 2)
    eq(r.cmd('EXISTS', 'h'), 0, 'a hash never exists empty')
    eq(r.cmd('TYPE', 'h'), 'none')
    eq(r.cmd('HSET', 'h2', 'x', '1'), 1)
    eq(r.cmd('TYPE', 'h2'), 'hash')


def test_hincrby(srv):
    r = srv.raw()
    eq(r.cmd('HINCRBY', 'h', 'n', '5'), 5, 'a missing field counts from 0')
    eq(r.cmd('HINCRBY', 'h', 'n', '-7'), -2)
    eq(r.cmd('HGET', 'h', 'n'), b'-2')
    eq(r.cmd('HINCRBY', 'h', 'n', 'x'), 'ERR value is not an integer or out of range')
    eq(r.cmd('HSET', 'h', 's', 'abc'), 1)
    eq(r.cmd('HINCRBY', 'h', 's', '1'), 'ERR hash value is not an integer')
    eq(r.cmd('HSET', 'h', 'big', '9223372036854775807'), 1)
    eq(r.cmd('HINCRBY', 'h', 'big', '1'), 'ERR increment or decrement would overflow')
    eq(r.cmd('HGET', 'h', 'big'), b'9223372036854775807', 'unchanged after the error')


def test_hincrbyfloat(srv):
    r = srv.raw()
    eq(r.cmd('HINCRBYFLOAT', 'h', 'f', '10.5'), b'10.5')
    eq(r.cmd('HINCRBYFLOAT', 'h', 'f', '0.1'), b'10.6')
    eq(r.cmd('HINCRBYFLOAT', 'h', 'g', '5.0e3'), b'5000')
    eq(r.cmd('HINCRBYFLOAT', 'h', 'f', 'abc'), 'ERR value is not a valid float')
    eq(r.cmd('HINCRBYFLOAT', 'h', 'f', 'inf'), 'ERR value is NaN or Infinity')
    eq(r.cmd('HSET', 'h', 's', 'abc'), 1)
    eq(r.cmd('HINCRBYFLOAT', 'h', 's', '1'), 'ERR hash value is not a float')
    eq(r.cmd('HGET', 'h', 'f'), b'10.6')


def test_wrong_type(srv):
    r = srv.raw()
    eq(r.cmd('SET', 's', 'v'), 'OK')
    for args in (('HSET', 's', 'a', 'b'), ('HGET', 's', 'a'), ('HMGET', 's', 'a'),
                 ('HGETALL', 's'), ('HDEL', 's', 'a'), ('HLEN', 's'), ('HINCRBY', 's', 'a', '1'),
                 ('HSETNX', 's', 'a', 'b'), ('HEXISTS', 's', 'a'), ('HSTRLEN', 's', 'a')):
        eq(r.cmd(*args), WRONGTYPE, ' '.join(args))
    eq(r.cmd('HSET', 'h', 'a', 'b'), 1)
    eq(r.cmd('GET', 'h'), WRONGTYPE)
    eq(r.cmd('SADD', 'h', 'a'), WRONGTYPE)


def test_hash_keys_copy_and_rename_across_shards(srv):
    r = srv.raw()
    eq(r.cmd('HSET', 'src', 'a', '1', 'b', '2'), 2)
    for i in range(20):  # untagged names land on every shard
        eq(r.cmd('COPY', 'src', 'copy%d' % i), 1)
        eq(r.cmd('HGETALL', 'copy%d' % i) and sorted(r.cmd('HKEYS', 'copy%d' % i)), [b'a', b'b'])
    eq(r.cmd('HSET', 'copy0', 'c', '3'), 1)
    eq(r.cmd('HLEN', 'src'), 2, 'a copy is deep')
    eq(r.cmd('RENAME', 'src', 'moved'), 'OK')
    eq(r.cmd('HGET', 'moved', 'b'), b'2')
    ok(r.cmd('EXISTS', 'src') == 0, 'the source is gone')


def test_hrandfield(srv):
    r = srv.raw()
    eq(r.cmd_raw('HRANDFIELD', 'nokey'), b'$-1\r\n')
    eq(r.cmd('HRANDFIELD', 'nokey', '5'), [])
    eq(r.cmd('HRANDFIELD', 'nokey', '5', 'WITHVALUES'), [])
    fields = {('f%d' % i).encode(): ('v%d' % i).encode() for i in range(20)}
    for f, v in fields.items():
        r.cmd('HSET', 'h', f, v)
    ok(r.cmd('HRANDFIELD', 'h') in fields, 'a random field')
    eq(r.cmd('HRANDFIELD', 'h', '0'), [])
    for count in ('5', '15', '20', '100'):
        got = r.cmd('HRANDFIELD', 'h', count)
        eq(len(got), min(int(count), 20), 'count %s' % count)
        eq(len(set(got)), len(got), 'distinct fields for a positive count')
        ok(set(got) <= set(fields), 'fields of the hash')
    got = r.cmd('HRANDFIELD', 'h', '-50')
    eq(len(got), 50, 'a negative count may repeat')
    ok(set(got) <= set(fields), 'fields of the hash')
    flat = r.cmd('HRANDFIELD', 'h', '-7', 'WITHVALUES')
    eq(len(flat), 14, 'field, value pairs flat in RESP2')
    for f, v in zip(flat[0::2], flat[1::2]):
        eq(fields[f], v, 'each value is its field\'s')
    flat = r.cmd('HRANDFIELD', 'h', '3', 'WITHVALUES')
    eq(len(flat), 6)
    eq(r.cmd('HRANDFIELD', 'h', '3', 'WITHSCORES'), 'ERR syntax error')
    eq(r.cmd('HRANDFIELD', 'h', '3', 'WITHVALUES', 'x'), 'ERR syntax error')
    eq(r.cmd('HRANDFIELD', 'h', 'x'), 'ERR value is not an integer or out of range')
    eq(r.cmd('HRANDFIELD', 'h', '-9223372036854775808'),
       'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807')
    eq(r.cmd('HRANDFIELD', 'h', '-9223372036854775807', 'WITHVALUES'), 'ERR value is out of range')
    r.cmd('SET', 's', 'x')
    eq(r.cmd('HRANDFIELD', 's'), WRONGTYPE)
    eq(r.cmd('HRANDFIELD', 's', '2'), WRONGTYPE)
    r.cmd('HELLO', '3')
    pairs = r.cmd('HRANDFIELD', 'h', '-4', 'WITHVALUES')
    eq(len(pairs), 4, 'RESP3 answers [field, value] pairs')
    for f, v in pairs:
        eq(fields[f], v)
    eq(len(r.cmd('HRANDFIELD', 'h', '4', 'WITHVALUES')), 4)
    eq(r.cmd_raw('HRANDFIELD', 'nokey'), b'_\r\n')


def test_hrandfield_on_a_big_hash(srv):
    r = srv.raw()
    for base in range(0, 1000, 100):
        args = []
        for i in range(base, base + 100):
            args += ['f%d' % i, str(i)]
        r.cmd('HSET', 'big', *args)
    for count in ('10', '400', '999', '1000'):
        got = r.cmd('HRANDFIELD', 'big', count, 'WITHVALUES')
        eq(len(got), 2 * int(count))
        names = got[0::2]
        eq(len(set(names)), int(count), 'distinct fields')
        for f, v in zip(names, got[1::2]):
            eq(f, b'f' + v)


def hscan_all(r, key, *opts):
    cursor, seen, calls = b'0', {}, 0
    while True:
        cursor, items = r.cmd('HSCAN', key, cursor, *opts)
        calls += 1
        for f, v in zip(items[0::2], items[1::2]):
            seen[f] = v
        if cursor == b'0':
            return seen, calls


def test_hscan(srv):
    r = srv.raw()
    eq(r.cmd('HSCAN', 'nokey', '0'), [b'0', []])
    r.cmd('HSET', 'small', 'a', '1', 'b', '2', 'c', '3')
    cursor, items = r.cmd('HSCAN', 'small', '0')
    eq(cursor, b'0', 'a small hash comes whole')
    eq(dict(zip(items[0::2], items[1::2])), {b'a': b'1', b'b': b'2', b'c': b'3'})
    eq(r.cmd('HSCAN', 'small', '0', 'MATCH', 'b*'), [b'0', [b'b', b'2']])
    for base in range(0, 1000, 100):
        args = []
        for i in range(base, base + 100):
            args += ['f%d' % i, str(i)]
        r.cmd('HSET', 'big', *args)
    seen, calls = hscan_all(r, 'big')
    eq(len(seen), 1000, 'every field once or more')
    ok(calls > 1, 'a big hash takes several calls')
    eq(seen[b'f567'], b'567')
    seen, _ = hscan_all(r, 'big', 'MATCH', 'f99*', 'COUNT', '50')
    eq(sorted(seen), sorted(('f99%s' % s).encode() for s in [''] + [str(i) for i in range(10)]))
    eq(r.cmd('HSCAN', 'big', 'x'), 'ERR invalid cursor')
    eq(r.cmd('HSCAN', 'big', '0', 'COUNT', '0'), 'ERR syntax error')
    eq(r.cmd('HSCAN', 'big', '0', 'COUNT', 'x'), 'ERR value is not an integer or out of range')
    eq(r.cmd('HSCAN', 'big', '0', 'TYPE', 'hash'), 'ERR syntax error')
    eq(r.cmd('HSCAN', 'big', '0', 'MATCH'), 'ERR syntax error')
    eq(r.cmd('HSCAN', 'nokey', '0', 'BOGUS'), [b'0', []])
    r.cmd('SET', 's', 'x')
    eq(r.cmd('HSCAN', 's', '0'), WRONGTYPE)
