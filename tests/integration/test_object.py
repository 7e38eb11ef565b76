# OBJECT ENCODING and MEMORY USAGE over TCP: the encoding names Redis 7.0 gives the same
# contents (and the conversions past the *-max-* thresholds), their CONFIG SET, MEMORY USAGE
# growing with a value, and the errors of both containers.

from harness import eq, ok


def test_string_encodings(srv):
    r = srv.raw()
    r.cmd('SET', 'int', '12345')
    r.cmd('SET', 'neg', '-9223372036854775808')
    r.cmd('SET', 'lead0', '0123')
    r.cmd('SET', 'short', 'hello')
    r.cmd('SET', 'long', 'x' * 45)
    eq(r.cmd('OBJECT', 'ENCODING', 'int'), b'int')
    eq(r.cmd('OBJECT', 'ENCODING', 'neg'), b'int')
    eq(r.cmd('OBJECT', 'ENCODING', 'lead0'), b'embstr', 'not canonical, so not an int')
    eq(r.cmd('OBJECT', 'ENCODING', 'short'), b'embstr')
    eq(r.cmd('OBJECT', 'ENCODING', 'long'), b'raw')
    eq(r.cmd_raw('OBJECT', 'ENCODING', 'nokey'), b'$-1\r\n')


def test_hash_encoding_converts_past_the_thresholds(srv):
    r = srv.raw()
    eq(r.cmd('CONFIG', 'GET', 'hash-max-listpack-entries'), [b'hash-max-listpack-entries', b'512'])
    args = []
    for i in range(512):
        args += ['f%d' % i, 'v']
    r.cmd('HSET', 'h', *args)
    eq(r.cmd('OBJECT', 'ENCODING', 'h'), b'listpack')
    r.cmd('HSET', 'h', 'f512', 'v')
    eq(r.cmd('OBJECT', 'ENCODING', 'h'), b'hashtable')
    eq(r.cmd('HLEN', 'h'), 513)
    r.cmd('HSET', 'v', 'f', 'x' * 64)
    eq(r.cmd('OBJECT', 'ENCODING', 'v'), b'listpack')
    r.cmd('HSET', 'v', 'g', 'x' * 65)
    eq(r.cmd('OBJECT', 'ENCODING', 'v'), b'hashtable')
    eq(r.cmd('HGET', 'v', 'f'), b'x' * 64)
    eq(r.cmd('CONFIG', 'SET', 'hash-max-listpack-entries', '2'), 'OK')
    try:
        r.cmd('HSET', 'small', 'a', '1', 'b', '2')
        eq(r.cmd('OBJECT', 'ENCODING', 'small'), b'listpack')
        r.cmd('HSET', 'small', 'c', '3')
        eq(r.cmd('OBJECT', 'ENCODING', 'small'), b'hashtable')
    finally:
        r.cmd('CONFIG', 'SET', 'hash-max-listpack-entries', '512')


def test_memory_usage(srv):
    r = srv.raw()
    eq(r.cmd_raw('MEMORY', 'USAGE', 'nokey'), b'$-1\r\n')
    r.cmd('SET', 's', 'x')
    small = r.cmd('MEMORY', 'USAGE', 's')
    r.cmd('SET', 's', 'x' * 10000)
    big = r.cmd('MEMORY', 'USAGE', 's')
    # The value grew by 9999 bytes; an allocator's size classes may add more, but libc malloc
    # under ASan reports exactly what was asked for.
    ok(small > 0 and big >= small + 9999, 'usage %r then %r' % (small, big))
    for i in range(1000):
        r.cmd('HSET', 'h', 'field:%d' % i, 'value:%d' % i)
    ok(r.cmd('MEMORY', 'USAGE', 'h') > 1000 * 20, 'a hash counts its fields')
    eq(r.cmd('MEMORY', 'USAGE', 'h', 'SAMPLES', '0'), r.cmd('MEMORY', 'USAGE', 'h'))
    eq(r.cmd('MEMORY', 'USAGE', 'h', 'SAMPLES', '-1'), 'ERR syntax error')
    eq(r.cmd('MEMORY', 'USAGE', 'h', 'SAMPLES'), 'ERR syntax error')
    eq(r.cmd('MEMORY', 'USAGE', 'h', 'SAMPLES', 'x'), 'ERR value is not an integer or out of range')
    eq(r.cmd('MEMORY', 'USAGE', 'h', 'BOGUS', '1'), 'ERR syntax error')


def test_errors_and_help(srv):
    r = srv.raw()
    eq(r.cmd('OBJECT', 'BOGUS'), "ERR unknown subcommand 'BOGUS'. Try OBJECT HELP.")
    eq(r.cmd('MEMORY', 'BOGUS'), "ERR unknown subcommand 'BOGUS'. Try MEMORY HELP.")
    eq(r.cmd('OBJECT', 'ENCODING'),
       "ERR wrong number of arguments for 'object|encoding' command")
    eq(r.cmd('MEMORY', 'USAGE'), "ERR wrong number of arguments for 'memory|usage' command")
    help = r.cmd('OBJECT', 'HELP')
    ok(help[0].startswith('OBJECT <subcommand>') and 'ENCODING <key>' in help, repr(help))
    help = r.cmd('MEMORY', 'HELP')
    ok(help[0].startswith('MEMORY <subcommand>') and 'USAGE <key> [SAMPLES <count>]' in help,
       repr(help))
    eq(r.cmd('PING'), 'PONG', 'the connection carries on')


def test_ziplist_era_names_are_aliases(srv):
    r = srv.raw()
    try:
        eq(r.cmd('CONFIG', 'SET', 'hash-max-ziplist-entries', '100'), 'OK')
        eq(r.cmd('CONFIG', 'GET', 'hash-max-listpack-entries'),
           [b'hash-max-listpack-entries', b'100'])
        got = r.cmd('CONFIG', 'GET', 'hash-max-*-entries')
        eq(dict(zip(got[0::2], got[1::2])),
           {b'hash-max-listpack-entries': b'100', b'hash-max-ziplist-entries': b'100'})
        eq(r.cmd('CONFIG', 'GET', 'list-max-ziplist-size'), [b'list-max-ziplist-size', b'-2'])
    finally:
        r.cmd('CONFIG', 'SET', 'hash-max-listpack-entries', '512')


def test_set_encoding_converts_past_the_thresholds(srv):
    r = srv.raw()
    r.cmd('SADD', 'ints', *[str(i) for i in range(512)])
    eq(r.cmd('OBJECT', 'ENCODING', 'ints'), b'intset')
    r.cmd('SADD', 'ints', '512')
    eq(r.cmd('OBJECT', 'ENCODING', 'ints'), b'hashtable', 'past set-max-intset-entries')
    r.cmd('SADD', 'mixed', '1', '2')
    eq(r.cmd('OBJECT', 'ENCODING', 'mixed'), b'intset')
    r.cmd('SADD', 'mixed', 'x')
    eq(r.cmd('OBJECT', 'ENCODING', 'mixed'), b'hashtable', 'a member that is not an integer')
    r.cmd('SREM', 'mixed', 'x')
    eq(r.cmd('OBJECT', 'ENCODING', 'mixed'), b'hashtable', 'never back')
    r.cmd('SADD', 'big', '-9223372036854775808', '9223372036854775807')
    eq(r.cmd('OBJECT', 'ENCODING', 'big'), b'intset')
