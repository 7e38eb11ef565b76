# HyperLogLog commands over TCP: PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST. An HLL is a plain
# string in Redis's own representation, so most tests run the same commands on the server under
# test and on a live redis-server 7.0 beside it and compare the bytes GET returns: sparse HLLs,
# the promotion to dense (past hll-sparse-max-bytes, or a register above 32), dense ones, merges
# of sparse and dense sources on different shards, the cached cardinality PFCOUNT writes back.
# Also: HLLs made by Redis (GET/SET, DUMP/RESTORE), corrupted HLLs, PFDEBUG, keyspace events,
# WATCH, the config directive, RESP3 shapes and redis-py.

import hashlib

from harness import (eq, ok, timeout, own_server, encode_command, keys_on_distinct_shards,
                     nshards, key_shard)
from harness import WRONGTYPE, arity

NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.'
INVALID = 'INVALIDOBJ Corrupted HLL object detected'


def elements(prefix, n, start=0):
    return ['%s%d' % (prefix, i) for i in range(start, start + n)]


def pipeline(r, commands):
    """Sends every command at once and reads the replies in order."""
    r.send(b''.join(encode_command(*c) for c in commands))
    return [r.read_reply()[0] for _ in commands]


def both(srv, r, ref, *args):
    """Runs a command on the server under test and on the reference; returns both replies."""
    return r.cmd(*args), ref.cmd(*args)


def same(srv, r, ref, *args):
    a, b = both(srv, r, ref, *args)
    eq(a, b, ' '.join(str(x) for x in args))
    return a


def same_bytes(r, ref, key, what=''):
    a, b = r.cmd('GET', key), ref.cmd('GET', key)
    ok(a == b, '%s: GET %s differs from Redis (%s vs %s bytes, first difference at %s)'
       % (what, key, len(a or b''), len(b or b''), first_diff(a, b)))
    return a


def first_diff(a, b):
    if a is None or b is None:
        return 'a null'
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def reference(srv):
    """A redis-server 7.0 of the test's own and a client to it (FLUSHALLed)."""
    ref = srv.start_reference()
    c = srv.raw(port=ref.port)
    return c


def add_many(r, key, elems, chunk=500):
    out = []
    for i in range(0, len(elems), chunk):
        out.append(r.cmd('PFADD', key, *elems[i:i + chunk]))
    return out


# ---- basics ----

def test_pfadd_pfcount_basics(srv):
    r = srv.raw()
    eq(r.cmd('PFADD', 'h', 'a', 'b', 'c'), 1)
    eq(r.cmd('PFADD', 'h', 'a', 'b'), 0, 'nothing new changes nothing')
    eq(r.cmd('PFCOUNT', 'h'), 3)
    eq(r.cmd('PFCOUNT', 'nokey'), 0)
    eq(r.cmd('PFADD', 'empty'), 1, 'PFADD without elements creates the key')
    eq(r.cmd('PFADD', 'empty'), 0)
    eq(r.cmd('PFCOUNT', 'empty'), 0)
    eq(r.cmd('TYPE', 'h'), 'string')
    eq(r.cmd('PFADD', 'h2', 'x', 'y'), 1)
    eq(r.cmd('PFCOUNT', 'h', 'h2', 'nokey'), 5)
    eq(r.cmd('PFADD', 'bin', bytes(range(256)), b'', b'a\x00b'), 1)
    eq(r.cmd('PFCOUNT', 'bin'), 3)
    eq(r.cmd('PFADD'), arity('pfadd'))
    eq(r.cmd('PFCOUNT'), arity('pfcount'))
    eq(r.cmd('PFMERGE'), arity('pfmerge'))
    eq(r.cmd('PFDEBUG', 'encoding'), arity('pfdebug'))
    eq(r.cmd('PFDEBUG', 'encoding', 'h', 'x'), arity('pfdebug'))
    eq(r.cmd('PFSELFTEST', 'x'), arity('pfselftest'))


def test_wrong_types(srv):
    r = srv.raw()
    r.cmd('LPUSH', 'l', 'a')
    r.cmd('SET', 's', 'hello')
    r.cmd('SET', 'n', '12345678901234567890')
    for key in ('l',):
        eq(r.cmd('PFADD', key, 'a'), WRONGTYPE)
        eq(r.cmd('PFCOUNT', key), WRONGTYPE)
        eq(r.cmd('PFCOUNT', key, 'other'), WRONGTYPE)
        eq(r.cmd('PFMERGE', 'd', key), WRONGTYPE)
        eq(r.cmd('PFDEBUG', 'getreg', key), WRONGTYPE)
    for key in ('s', 'n'):
        eq(r.cmd('PFADD', key, 'a'), NOT_HLL)
        eq(r.cmd('PFCOUNT', key), NOT_HLL)
        eq(r.cmd('PFCOUNT', 'nokey', key), NOT_HLL)
        eq(r.cmd('PFMERGE', key, 'nokey'), NOT_HLL, 'the destination is a source too')
        eq(r.cmd('PFMERGE', 'd', key), NOT_HLL)
        eq(r.cmd('PFDEBUG', 'encoding', key), NOT_HLL)
    eq(r.cmd('EXISTS', 'd'), 0, 'a failed PFMERGE creates nothing')
    eq(r.cmd('GET', 's'), b'hello')


# ---- byte for byte with Redis ----

@timeout(120)
def test_sparse_bytes_equal_redis(srv):
    r, ref = srv.raw(), reference(srv)
    same(srv, r, ref, 'PFADD', 'e')
    same_bytes(r, ref, 'e', 'empty HLL')
    same(srv, r, ref, 'PFCOUNT', 'e')
    same_bytes(r, ref, 'e', 'empty HLL, cache written')
    for n in (1, 2, 3, 10, 50, 100, 300):
        key = 'h%d' % n
        same(srv, r, ref, 'PFADD', key, *elements('e', n))
        same_bytes(r, ref, key, '%d elements' % n)
        eq(r.cmd('PFDEBUG', 'ENCODING', key), 'sparse')
        same(srv, r, ref, 'PFDEBUG', 'DECODE', key)
        same(srv, r, ref, 'PFCOUNT', key)
        same_bytes(r, ref, key, '%d elements, cached count' % n)
    # one element at a time: every in-place split and merge of opcodes
    for i, e in enumerate(elements('one', 400)):
        a, b = both(srv, r, ref, 'PFADD', 'step', e)
        eq(a, b, 'PFADD step %s' % e)
        if i % 40 == 0:
            same_bytes(r, ref, 'step', 'after %d single adds' % (i + 1))
            same(srv, r, ref, 'PFCOUNT', 'step')
    same_bytes(r, ref, 'step', 'after 400 single adds')


@timeout(180)
def test_promotion_and_dense_bytes_equal_redis(srv):
    r, ref = srv.raw(), reference(srv)
    # grows past hll-sparse-max-bytes (3000) in steps; the bytes match at each
    elems = elements('p', 20000)
    promoted = None
    for i in range(0, len(elems), 250):
        same(srv, r, ref, 'PFADD', 'grow', *elems[i:i + 250])
        enc = r.cmd('PFDEBUG', 'ENCODING', 'grow')
        eq(enc, ref.cmd('PFDEBUG', 'ENCODING', 'grow'), 'encoding after %d' % (i + 250))
        if enc == 'dense' and promoted is None:
            promoted = i + 250
        if promoted is None or i % 2500 == 0 or promoted == i + 250:
            same_bytes(r, ref, 'grow', 'after %d elements' % (i + 250))
            same(srv, r, ref, 'PFCOUNT', 'grow')
    ok(promoted is not None and promoted < 5000, 'promoted to dense near 2000-3000 elements')
    same_bytes(r, ref, 'grow', 'dense')
    eq(len(r.cmd('GET', 'grow')), 16 + 12288)
    c = same(srv, r, ref, 'PFCOUNT', 'grow')
    ok(abs(c - 20000) < 20000 * 0.0081 * 4, 'count %d near 20000' % c)
    same_bytes(r, ref, 'grow', 'dense with cached count')


def test_register_above_32_promotes(srv):
    """A sparse VAL holds at most 32: an element whose run is longer makes the HLL dense."""
    r, ref = srv.raw(), reference(srv)
    # an element with a run above 32 is rare, so SET a sparse HLL whose register 0 is 32 and
    # merge into it a dense one whose register 0 is 33
    sparse = b'HYLL\x01\x00\x00\x00' + b'\x00' * 7 + b'\x80' + bytes([0x80 | (31 << 2), 0x7f, 0xfe])
    dense = bytearray(b'HYLL\x00\x00\x00\x00' + b'\x00' * 7 + b'\x80' + b'\x00' * 12288)
    dense[16] = 33  # register 0
    for c in (r, ref):
        eq(c.cmd('SET', 'sp', sparse), 'OK')
        eq(c.cmd('SET', 'de', bytes(dense)), 'OK')
    same(srv, r, ref, 'PFCOUNT', 'sp')
    same(srv, r, ref, 'PFDEBUG', 'DECODE', 'sp')
    same(srv, r, ref, 'PFMERGE', 'sp2', 'sp')
    same_bytes(r, ref, 'sp2', 'merge of a hand-made sparse HLL')
    same(srv, r, ref, 'PFMERGE', 'sp', 'de')
    same_bytes(r, ref, 'sp', 'sparse merged with a register of 33')
    eq(r.cmd('PFDEBUG', 'ENCODING', 'sp'), 'dense')


def test_sparse_max_bytes_config(srv):
    r, ref = srv.raw(), reference(srv)
    eq(r.cmd('CONFIG', 'GET', 'hll-sparse-max-bytes'), [b'hll-sparse-max-bytes', b'3000'])
    try:
        for c in (r, ref):
            eq(c.cmd('CONFIG', 'SET', 'hll-sparse-max-bytes', '100'), 'OK')
        eq(r.cmd('CONFIG', 'GET', 'hll-sparse-max-bytes'), [b'hll-sparse-max-bytes', b'100'])
        for i in range(0, 200, 10):
            same(srv, r, ref, 'PFADD', 'small', *elements('s', 10, i))
            same_bytes(r, ref, 'small', 'hll-sparse-max-bytes 100, %d elements' % (i + 10))
        eq(r.cmd('PFDEBUG', 'ENCODING', 'small'), 'dense')
        eq(r.cmd('CONFIG', 'SET', 'hll-sparse-max-bytes', '1kb'), 'OK')
        eq(r.cmd('CONFIG', 'GET', 'hll-sparse-max-bytes'), [b'hll-sparse-max-bytes', b'1024'])
        same(srv, r, ref, 'CONFIG', 'SET', 'hll-sparse-max-bytes', '-1')
    finally:
        for c in (r, ref):
            c.cmd('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000')


# ---- HLLs made by Redis ----

@timeout(120)
def test_redis_made_hll_counts_the_same(srv):
    r, ref = srv.raw(), reference(srv)
    for n in (5, 1000, 50000):
        key = 'made%d' % n
        add_many(ref, key, elements('m', n), 1000)
        for cached in (False, True):
            raw = ref.cmd('GET', key)
            eq(r.cmd('SET', key, raw), 'OK')
            eq(r.cmd('PFCOUNT', key), ref.cmd('PFCOUNT', key), '%d elements, cached %s'
               % (n, cached))
            same_bytes(r, ref, key, 'after PFCOUNT of a Redis-made HLL')
        # DUMP/RESTORE carries the same bytes
        payload = ref.cmd('DUMP', key)
        eq(r.cmd('RESTORE', key + 'r', 0, payload), 'OK')
        eq(r.cmd('PFCOUNT', key + 'r'), ref.cmd('PFCOUNT', key))
        # and adding to it gives the same bytes as adding in Redis
        same(srv, r, ref, 'PFADD', key, *elements('more', 100))
        same_bytes(r, ref, key, 'PFADD to a Redis-made HLL')
        same(srv, r, ref, 'PFCOUNT', key)


@timeout(120)
def test_counts_equal_redis(srv):
    r, ref = srv.raw(), reference(srv)
    total = 0
    for step in (10, 90, 900, 9000, 40000):
        elems = elements('c', step, total)
        total += step
        add_many(r, 'cnt', elems, 1000)
        add_many(ref, 'cnt', elems, 1000)
        same(srv, r, ref, 'PFCOUNT', 'cnt')
    c = r.cmd('PFCOUNT', 'cnt')
    ok(abs(c - total) <= total * 0.0081 * 4, 'count %d of %d within 4 standard errors' % (c, total))


# ---- PFMERGE and multi-key PFCOUNT across shards ----

@timeout(120)
def test_pfmerge_across_shards(srv):
    r, ref = srv.raw(), reference(srv)
    k = keys_on_distinct_shards('hm', nshards(srv), 6)
    dest, s1, s2, s3, s4, d2 = k
    ok(len({key_shard(x, nshards(srv)) for x in k[:4]}) == min(4, nshards(srv)),
       'keys on distinct shards')
    for c in (r, ref):
        c.cmd('PFADD', s1, *elements('a', 20))
        c.cmd('PFADD', s2, *elements('b', 300))
        add_many(c, s3, elements('c', 5000), 1000)
    eq(r.cmd('PFDEBUG', 'ENCODING', s3), 'dense')
    # sparse sources only: the destination stays sparse
    same(srv, r, ref, 'PFMERGE', dest, s1, s2, s4)
    same_bytes(r, ref, dest, 'merge of two sparse sources')
    eq(r.cmd('PFDEBUG', 'ENCODING', dest), 'sparse')
    same(srv, r, ref, 'PFCOUNT', dest)
    same(srv, r, ref, 'PFCOUNT', s1, s2, s3, s4)
    same(srv, r, ref, 'PFCOUNT', s4, s1)
    # a dense source makes the destination dense; the destination is a source as well
    same(srv, r, ref, 'PFMERGE', dest, s3)
    same_bytes(r, ref, dest, 'sparse destination merged with a dense source')
    same(srv, r, ref, 'PFMERGE', d2, s3, s1, s2)
    same_bytes(r, ref, d2, 'new destination from dense and sparse sources')
    same(srv, r, ref, 'PFCOUNT', d2)
    same_bytes(r, ref, d2, 'merged HLL with its count cached')
    # the multi-key count leaves the cache alone
    same(srv, r, ref, 'PFADD', s1, 'new')
    before = r.cmd('GET', s1)
    same(srv, r, ref, 'PFCOUNT', s1, s2)
    eq(r.cmd('GET', s1), before, 'a multi-key PFCOUNT writes no cache')
    # a destination alone
    same(srv, r, ref, 'PFMERGE', 'lonely')
    same_bytes(r, ref, 'lonely', 'PFMERGE of no source')
    same(srv, r, ref, 'PFMERGE', s1)
    same_bytes(r, ref, s1, 'PFMERGE onto itself')
    # a merge big enough to promote a sparse destination through the sparse limit
    for c in (r, ref):
        add_many(c, s4, elements('d', 2500), 500)
    same(srv, r, ref, 'PFMERGE', 'big', s4, s2)
    same_bytes(r, ref, 'big', 'sparse sources past hll-sparse-max-bytes')


def test_pfcount_multi_key_same_as_merge(srv):
    r = srv.raw()
    k = keys_on_distinct_shards('u', nshards(srv), 3)
    r.cmd('PFADD', k[0], *elements('x', 100))
    r.cmd('PFADD', k[1], *elements('x', 100, 50))
    r.cmd('PFADD', k[2], *elements('y', 10))
    eq(r.cmd('PFMERGE', 'm', *k), 'OK')
    eq(r.cmd('PFCOUNT', *k), r.cmd('PFCOUNT', 'm'))


# ---- corrupted HLLs ----

def hll(encoding, body, card=b'\x00' * 7 + b'\x80', magic=b'HYLL'):
    return magic + bytes([encoding]) + b'\x00\x00\x00' + card + body


def test_corrupted_hlls(srv):
    r, ref = srv.raw(), reference(srv)
    bad = {
        'magic': hll(1, b'\x7f\xff', magic=b'HYLX'),
        'encoding': hll(2, b'\x7f\xff'),
        'short': b'HYLL\x01\x00\x00\x00',
        'dense_len': hll(0, b'\x00' * 100),
        'sparse_short': hll(1, b'\x7f\xfe'),           # 16383 registers
        'sparse_long': hll(1, b'\x7f\xff\x00'),        # 16385 registers
        'sparse_val_over': hll(1, b'\x7f\xfe\x8f'),    # VAL run of 4 past the end
        'sparse_empty': hll(1, b''),
        'sparse_huge': hll(1, b'\x7f\xff' * 140000),  # 2.3 billion registers
    }
    for name, value in bad.items():
        for c in (r, ref):
            eq(c.cmd('SET', name, value), 'OK')
    for name in bad:
        for args in (('PFCOUNT', name), ('PFCOUNT', name, 'nokey'), ('PFADD', name, 'a', 'b'),
                     ('PFMERGE', 'dst', name), ('PFDEBUG', 'GETREG', name),
                     ('PFDEBUG', 'TODENSE', name), ('PFDEBUG', 'DECODE', name),
                     ('PFADD', name)):
            a, b = both(srv, r, ref, *args)
            eq(a, b, '%s on %s' % (' '.join(args), name))
        same_bytes(r, ref, name, 'after the commands on ' + name)
    eq(r.cmd('PFCOUNT', 'sparse_short'), INVALID)
    eq(r.cmd('PFCOUNT', 'magic'), NOT_HLL)
    # an XZERO cut short by the end reads its missing byte as zero, as Redis reads the string's
    # terminator (after an in-place split Redis reads a leftover byte there instead: not modeled)
    cut = hll(1, b'\x7f')
    for c in (r, ref):
        c.cmd('SET', 'cut', cut)
    same(srv, r, ref, 'PFDEBUG', 'DECODE', 'cut')
    same(srv, r, ref, 'PFCOUNT', 'cut', 'nokey')
    same(srv, r, ref, 'PFCOUNT', 'cut')


# ---- PFDEBUG and PFSELFTEST ----

def test_pfdebug(srv):
    r, ref = srv.raw(), reference(srv)
    same(srv, r, ref, 'PFADD', 'd', 'a', 'b', 'c', 'd')
    eq(r.cmd('PFDEBUG', 'ENCODING', 'd'), 'sparse')
    dec = same(srv, r, ref, 'PFDEBUG', 'decode', 'd')
    ok(dec.startswith(b'Z:') or dec.startswith(b'z:') or dec.startswith(b'v:'), dec)
    regs = same(srv, r, ref, 'PFDEBUG', 'GETREG', 'd')
    eq(len(regs), 16384)
    eq(sum(1 for x in regs if x), 4)
    eq(r.cmd('PFDEBUG', 'ENCODING', 'd'), 'dense', 'GETREG makes a sparse HLL dense')
    same_bytes(r, ref, 'd', 'after GETREG')
    same(srv, r, ref, 'PFDEBUG', 'DECODE', 'd')
    same(srv, r, ref, 'PFADD', 'd2', 'x')
    same(srv, r, ref, 'PFDEBUG', 'TODENSE', 'd2')
    same(srv, r, ref, 'PFDEBUG', 'todense', 'd2')
    same_bytes(r, ref, 'd2', 'after TODENSE')
    same(srv, r, ref, 'PFDEBUG', 'nosuch', 'd2')
    same(srv, r, ref, 'PFDEBUG', 'nosuch', 'nokey')
    same(srv, r, ref, 'PFDEBUG', 'getreg', 'nokey')
    eq(r.cmd('PFDEBUG', 'getreg', 'nokey'), 'ERR The specified key does not exist')
    eq(r.cmd('PFDEBUG', 'Bogus', 'd2'), "ERR Unknown PFDEBUG subcommand 'Bogus'")


@timeout(300)
def test_pfselftest(srv):
    eq(srv.raw(timeout=280).cmd('PFSELFTEST'), 'OK')


# ---- RESP3, expiry, events, WATCH ----

def test_resp3_shapes(srv):
    r, ref = srv.raw(), reference(srv)
    for c in (r, ref):
        c.cmd('HELLO', '3')
        c.cmd('PFADD', 'h', 'a', 'b')
    for args in (('PFADD', 'h', 'c'), ('PFCOUNT', 'h'), ('PFCOUNT', 'h', 'x'), ('PFMERGE', 'm', 'h'),
                 ('PFDEBUG', 'ENCODING', 'h'), ('PFDEBUG', 'DECODE', 'h'), ('PFDEBUG', 'TODENSE', 'h'),
                 ('PFDEBUG', 'ENCODING', 'h'), ('PFDEBUG', 'DECODE', 'h'), ('PFADD', 'nokey2'),
                 ('PFDEBUG', 'GETREG', 'nokey')):
        eq(r.cmd_raw(*args), ref.cmd_raw(*args), ' '.join(args))
    a = r.cmd_raw('PFDEBUG', 'GETREG', 'h')
    eq(a, ref.cmd_raw('PFDEBUG', 'GETREG', 'h'), 'GETREG in RESP3')


def test_ttl_kept(srv):
    r = srv.raw()
    r.cmd('PFADD', 'h', 'a')
    r.cmd('EXPIRE', 'h', 1000)
    r.cmd('PFADD', 'h', *elements('t', 3000))
    eq(r.cmd('PFDEBUG', 'ENCODING', 'h'), 'dense')
    ok(r.cmd('TTL', 'h') > 900, 'PFADD and the promotion keep the TTL')
    r.cmd('PFCOUNT', 'h')
    ok(r.cmd('TTL', 'h') > 900, 'PFCOUNT keeps the TTL')
    r.cmd('PFMERGE', 'h', 'h')
    ok(r.cmd('TTL', 'h') > 900, 'PFMERGE keeps the TTL')


def read_events(sub, n):
    out = []
    for _ in range(n):
        v = sub.read_reply()[0]
        out.append((v[2].decode(), v[3].decode()))
    return out


def test_keyspace_events(srv):
    r, sub = srv.raw(), srv.raw()
    k = keys_on_distinct_shards('ev', nshards(srv), 2)
    eq(r.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'KEA'), 'OK')
    try:
        sub.send(encode_command('PSUBSCRIBE', '__key*@*__:*'))
        sub.read_reply()
        eq(r.cmd('PFADD', k[0], 'a'), 1)
        eq(read_events(sub, 2), [('__keyspace@0__:' + k[0], 'pfadd'),
                                 ('__keyevent@0__:pfadd', k[0])])
        eq(r.cmd('PFADD', k[0], 'a'), 0)  # no change: no event
        eq(r.cmd('PFCOUNT', k[0]), 1)     # no event for the cache
        eq(r.cmd('PFDEBUG', 'TODENSE', k[0]), 1)
        eq(r.cmd('PFMERGE', k[1], k[0]), 'OK')
        eq(read_events(sub, 2), [('__keyspace@0__:' + k[1], 'pfadd'),
                                 ('__keyevent@0__:pfadd', k[1])],
           'PFMERGE publishes pfadd, as Redis 7.0 does')
        eq(r.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'E$n'), 'OK')
        eq(r.cmd('PFADD', 'fresh', 'x'), 1)
        eq(read_events(sub, 2), [('__keyevent@0__:new', 'fresh'),
                                 ('__keyevent@0__:pfadd', 'fresh')])
        eq(r.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'Eg'), 'OK')
        eq(r.cmd('PFADD', 'other', 'x'), 1)
        eq(r.cmd('DEL', 'other'), 1)
        eq(read_events(sub, 1), [('__keyevent@0__:del', 'other')], 'pfadd is a string event')
    finally:
        r.cmd('CONFIG', 'SET', 'notify-keyspace-events', '')


def test_watch_sees_pfcount_cache_write(srv):
    r, other = srv.raw(), srv.raw()
    r.cmd('PFADD', 'w', 'a', 'b')
    eq(r.cmd('WATCH', 'w'), 'OK')
    eq(other.cmd('PFCOUNT', 'w'), 2, 'recomputes and writes the cache')
    r.cmd('MULTI')
    r.cmd('PING')
    eq(r.cmd('EXEC'), None, 'the cache write is a change of the key')
    eq(r.cmd('WATCH', 'w'), 'OK')
    eq(other.cmd('PFCOUNT', 'w'), 2, 'the cache is valid: nothing written')
    r.cmd('MULTI')
    r.cmd('PING')
    eq(r.cmd('EXEC'), ['PONG'])


def test_multi_exec(srv):
    r = srv.raw()
    k = keys_on_distinct_shards('mx', nshards(srv), 3)
    r.cmd('MULTI')
    r.cmd('PFADD', k[0], 'a', 'b')
    r.cmd('PFADD', k[1], 'c')
    r.cmd('PFMERGE', k[2], k[0], k[1])
    r.cmd('PFCOUNT', k[2])
    r.cmd('PFCOUNT', k[0], k[1])
    eq(r.cmd('EXEC'), [1, 1, 'OK', 3, 3])


# ---- redis-py ----

def test_redis_py(srv):
    c = srv.client()
    k = keys_on_distinct_shards('py', nshards(srv), 3)
    eq(c.pfadd(k[0], 'a', 'b', 'c'), 1)
    eq(c.pfadd(k[0], 'a'), 0)
    eq(c.pfadd(k[1], 'c', 'd'), 1)
    eq(c.pfcount(k[0]), 3)
    eq(c.pfcount(k[0], k[1]), 4)
    ok(c.pfmerge(k[2], k[0], k[1]), 'pfmerge')
    eq(c.pfcount(k[2]), 4)
    raw = c.get(k[2])
    ok(raw.startswith(b'HYLL\x01'), 'a sparse HLL string')
    eq(hashlib.sha1(raw).hexdigest(), hashlib.sha1(c.get(k[2])).hexdigest())


# ---- randomized, side by side ----

@timeout(240)
def test_random_operations_equal_redis(srv):
    """Random PFADD / PFMERGE / PFCOUNT / TODENSE over keys on every shard, with the sparse limit
    moving, compared with Redis reply by reply and byte by byte."""
    import random
    rnd = random.Random(20240501)
    r, ref = srv.raw(), reference(srv)
    keys = keys_on_distinct_shards('rk', nshards(srv), 6)
    pool = [rnd.randbytes(rnd.choice((1, 3, 8, 9, 17, 40))) for _ in range(20000)]
    try:
        for step in range(400):
            op = rnd.random()
            if op < 0.55:
                k = rnd.choice(keys)
                n = rnd.choice((0, 1, 1, 2, 5, 30, 200))
                args = ('PFADD', k) + tuple(rnd.choice(pool) for _ in range(n))
            elif op < 0.7:
                args = ('PFMERGE',) + tuple(rnd.sample(keys, rnd.randint(1, 4)))
            elif op < 0.85:
                args = ('PFCOUNT',) + tuple(rnd.sample(keys, rnd.randint(1, 3)))
            elif op < 0.9:
                args = ('PFDEBUG', 'TODENSE', rnd.choice(keys))
            elif op < 0.95:
                args = ('CONFIG', 'SET', 'hll-sparse-max-bytes',
                        str(rnd.choice((0, 30, 200, 1000, 3000, 9000))))
            else:
                args = ('DEL', rnd.choice(keys))
            a, b = r.cmd(*args), ref.cmd(*args)
            eq(a, b, 'step %d: %s %s' % (step, args[0], args[1] if len(args) > 1 else ''))
            if step % 10 == 0:
                for k in keys:
                    same_bytes(r, ref, k, 'step %d' % step)
        for k in keys:
            same_bytes(r, ref, k, 'at the end')
    finally:
        for c in (r, ref):
            c.cmd('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000')


def test_command_info_and_docs(srv):
    r, ref = srv.raw(), reference(srv)
    for name in ('pfadd', 'pfcount', 'pfmerge', 'pfdebug', 'pfselftest'):
        mine, theirs = r.cmd('COMMAND', 'INFO', name)[0], ref.cmd('COMMAND', 'INFO', name)[0]
        eq(mine[:6], theirs[:6], name)
        eq(sorted(mine[2]), sorted(theirs[2]), name + ' flags')
        eq(sorted(mine[6]), sorted(theirs[6]), name + ' categories')
        d1 = r.cmd('COMMAND', 'DOCS', name)
        d2 = ref.cmd('COMMAND', 'DOCS', name)
        m1 = dict(zip(d1[1][::2], d1[1][1::2]))
        m2 = dict(zip(d2[1][::2], d2[1][1::2]))
        for field in (b'summary', b'since', b'group', b'complexity'):
            eq(m1[field], m2[field], '%s %s' % (name, field.decode()))
    eq(r.cmd('COMMAND', 'GETKEYS', 'PFMERGE', 'd', 's1', 's2'), [b'd', b's1', b's2'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'PFDEBUG', 'GETREG', 'k'), [b'k'])


def test_errorstats(srv):
    r, ref = srv.raw(), reference(srv)
    for c in (r, ref):
        c.cmd('CONFIG', 'RESETSTAT')
        c.cmd('SET', 'bad', hll(1, b'\x7f\xfe'))
        c.cmd('SET', 'str', 'hello')
        c.cmd('PFCOUNT', 'bad')
        c.cmd('PFCOUNT', 'str')
    for code in ('INVALIDOBJ', 'WRONGTYPE'):
        line = 'errorstat_%s:count=1' % code
        ok(line.encode() in r.cmd('INFO', 'errorstats'), line)
        ok(line.encode() in ref.cmd('INFO', 'errorstats'), line + ' (Redis)')


@own_server
def test_sparse_max_bytes_directive(srv):
    s = srv.start_server(['--hll-sparse-max-bytes', '200'])
    r = srv.raw(port=s.port)
    eq(r.cmd('CONFIG', 'GET', 'hll-sparse-max-bytes'), [b'hll-sparse-max-bytes', b'200'])
    r.cmd('PFADD', 'h', *elements('d', 200))
    eq(r.cmd('PFDEBUG', 'ENCODING', 'h'), 'dense', 'the directive bounds the sparse form')


@own_server
def test_snapshot_round_trip(srv):
    s = srv.start_server(['--enable-debug-command', 'yes'])
    r = srv.raw(port=s.port)
    k = keys_on_distinct_shards('snap', nshards(srv), 2)
    r.cmd('PFADD', k[0], *elements('a', 50))
    add_many(r, k[1], elements('b', 5000), 1000)
    before = [r.cmd('GET', x) for x in k]
    eq(r.cmd('DEBUG', 'RELOAD'), 'OK')
    eq([r.cmd('GET', x) for x in k], before, 'the bytes survive a save and a load')
    eq(r.cmd('PFDEBUG', 'ENCODING', k[0]), 'sparse')
    eq(r.cmd('PFDEBUG', 'ENCODING', k[1]), 'dense')
    eq(r.cmd('PFCOUNT', k[0]), 50)
