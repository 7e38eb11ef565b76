# Hash commands over TCP: HSET/HMSET/HSETNX, reads (HGET HMGET HEXISTS HLEN HSTRLEN HKEYS HVALS
# HGETALL in RESP2 and RESP3), HDEL removing the key with its last field, HINCRBY/HINCRBYFLOAT
# and their errors, WRONGTYPE and arity errors. Run by run.py against the shared server.

from harness import eq, ok

WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value'


def arity(cmd):
    return "ERR wrong number of arguments for '%s' command" % cmd


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
