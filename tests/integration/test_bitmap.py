# Bitmap commands over TCP: SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, every option
# and error in Redis 7.0's words and order, RESP2/RESP3 shapes, the proto-max-bulk-len bound on
# offsets, keyspace events, BITOP over keys on different shards (and its atomicity under
# concurrent MSETs), a random comparison of BITCOUNT/BITPOS with a model, and redis-py.

import random
import threading

from harness import (eq, ok, is_error, timeout, RawClient, keys_on_distinct_shards, key_shard,
                     run_threads)
from harness import WRONGTYPE, arity, nshards
from harness import resp3
from pubsubutil import frame, nothing_more, read_frames, subscribe

SYNTAX = 'ERR syntax error'
NOT_INT = 'ERR value is not an integer or out of range'
BAD_OFFSET = 'ERR bit offset is not an integer or out of range'
BAD_BIT = 'ERR bit is not an integer or out of range'
BIT_ARG = 'ERR The bit argument must be 1 or 0.'
BAD_TYPE = ('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not '
            'supported but i64 is.')
BAD_OVERFLOW = 'ERR Invalid OVERFLOW type specified'
RO_ONLY_GET = 'ERR BITFIELD_RO only supports the GET subcommand'
NOT_ONE_KEY = 'ERR BITOP NOT must be called with a single source key.'


# ---- SETBIT GETBIT ----

def test_setbit_getbit(srv):
    r = srv.raw()
    eq(r.cmd('SETBIT', 'b', '7', '1'), 0)
    eq(r.cmd('GET', 'b'), b'\x01')
    eq(r.cmd('SETBIT', 'b', '7', '1'), 1, 'the old value')
    eq(r.cmd('SETBIT', 'b', '0', '1'), 0)
    eq(r.cmd('GET', 'b'), b'\x81')
    eq(r.cmd('SETBIT', 'b', '23', '1'), 0, 'grows with zero bytes')
    eq(r.cmd('GET', 'b'), b'\x81\x00\x01')
    eq(r.cmd('SETBIT', 'b', '0', '0'), 1)
    eq(r.cmd('GET', 'b'), b'\x01\x00\x01')
    eq(r.cmd('SETBIT', 'b', '100', '0'), 0, 'clearing a bit past the end still grows')
    eq(r.cmd('STRLEN', 'b'), 13)
    eq([r.cmd('GETBIT', 'b', str(i)) for i in (0, 7, 8, 23, 100, 101, 1000000)],
       [0, 1, 0, 1, 0, 0, 0])
    eq(r.cmd('GETBIT', 'nokey', '5'), 0)
    eq(r.cmd('EXISTS', 'nokey'), 0)
    eq(r.cmd('SET', 's', 'A'), 'OK')              # 0x41 = 0100 0001
    eq([r.cmd('GETBIT', 's', str(i)) for i in range(8)], [0, 1, 0, 0, 0, 0, 0, 1])
    eq(r.cmd('SET', 'n', '12'), 'OK')             # an integer-looking value is its digits
    eq(r.cmd('GETBIT', 'n', '2'), 1)
    eq(r.cmd('SETBIT', 'n', '7', '0'), 1)
    eq(r.cmd('GET', 'n'), b'02')
    eq(r.cmd('SET', 't', 'x', 'EX', '1000'), 'OK')
    eq(r.cmd('SETBIT', 't', '20', '1'), 0)
    ok(r.cmd('TTL', 't') > 900, 'SETBIT keeps the expiry')


def test_setbit_getbit_errors(srv):
    r = srv.raw()
    for off in ('x', '-1', '1.5', '', ' 1', '4294967296', '9223372036854775807',
                '99999999999999999999'):
        eq(r.cmd('SETBIT', 'b', off, '1'), BAD_OFFSET, 'SETBIT offset %r' % off)
        eq(r.cmd('GETBIT', 'b', off), BAD_OFFSET, 'GETBIT offset %r' % off)
    for bit in ('2', '-1', 'x', '', '1.0', '9223372036854775808'):
        eq(r.cmd('SETBIT', 'b', '1', bit), BAD_BIT, 'SETBIT value %r' % bit)
    eq(r.cmd('EXISTS', 'b'), 0, 'nothing created by a refused SETBIT')
    eq(r.cmd('GETBIT', 'b', '4294967295'), 0, 'the last bit of 512 MB is addressable')
    eq(r.cmd('LPUSH', 'l', 'a'), 1)
    eq(r.cmd('SETBIT', 'l', '1', '1'), WRONGTYPE)
    eq(r.cmd('SETBIT', 'l', 'x', '1'), BAD_OFFSET, 'arguments before the type')
    eq(r.cmd('SETBIT', 'l', '1', '5'), BAD_BIT)
    eq(r.cmd('GETBIT', 'l', '1'), WRONGTYPE)
    eq(r.cmd('GETBIT', 'l', 'x'), BAD_OFFSET)
    eq(r.cmd('SETBIT', 'b', '1'), arity('setbit'))
    eq(r.cmd('SETBIT', 'b', '1', '1', '1'), arity('setbit'))
    eq(r.cmd('GETBIT', 'b'), arity('getbit'))
    eq(r.cmd('GETBIT', 'b', '1', '2'), arity('getbit'))


def test_offset_bound_follows_proto_max_bulk_len(srv):
    r = srv.raw()
    eq(r.cmd('CONFIG', 'SET', 'proto-max-bulk-len', '1mb'), 'OK')
    try:
        eq(r.cmd('SETBIT', 'b', str(8 * 1024 * 1024), '1'), BAD_OFFSET)
        eq(r.cmd('GETBIT', 'b', str(8 * 1024 * 1024)), BAD_OFFSET)
        eq(r.cmd('BITFIELD', 'b', 'SET', 'u8', '#1048576', '1'), BAD_OFFSET)
        eq(r.cmd('SETBIT', 'b', str(8 * 1024 * 1024 - 1), '1'), 0)
        eq(r.cmd('STRLEN', 'b'), 1024 * 1024)
        eq(r.cmd('BITCOUNT', 'b'), 1)
        eq(r.cmd('BITPOS', 'b', '1'), 8 * 1024 * 1024 - 1)
        eq(r.cmd('BITFIELD', 'b', 'GET', 'u8', '#1048575'), [1])
    finally:
        eq(r.cmd('CONFIG', 'SET', 'proto-max-bulk-len', '512mb'), 'OK')


# ---- BITCOUNT ----

def test_bitcount(srv):
    r = srv.raw()
    eq(r.cmd('SET', 's', 'foobar'), 'OK')
    eq(r.cmd('BITCOUNT', 's'), 26)
    eq(r.cmd('BITCOUNT', 's', '0', '0'), 4)
    eq(r.cmd('BITCOUNT', 's', '1', '1'), 6)
    eq(r.cmd('BITCOUNT', 's', '1', '1', 'BYTE'), 6)
    eq(r.cmd('BITCOUNT', 's', '5', '30', 'BIT'), 17)
    eq(r.cmd('BITCOUNT', 's', '5', '30', 'bit'), 17)
    eq(r.cmd('BITCOUNT', 's', '-2', '-1'), 7)
    eq(r.cmd('BITCOUNT', 's', '-1', '-2'), 0)
    eq(r.cmd('BITCOUNT', 's', '-1', '-2', 'nonsense'), 0, 'an empty negative range first')
    eq(r.cmd('BITCOUNT', 's', '-100', '100'), 26)
    eq(r.cmd('BITCOUNT', 's', '3', '1'), 0)
    eq(r.cmd('BITCOUNT', 's', '10', '20'), 0)
    eq(r.cmd('BITCOUNT', 's', '0', '-1', 'BIT'), 26)
    eq(r.cmd('BITCOUNT', 's', '-3', '-1', 'BIT'), 1)
    eq(r.cmd('BITCOUNT', 's', '47', '47', 'BIT'), 0)
    eq(r.cmd('BITCOUNT', 's', '46', '46', 'BIT'), 1)
    eq(r.cmd('BITCOUNT', 's', '1', '3', 'BIT'), 2)
    eq(r.cmd('BITCOUNT', 's', '0', '9223372036854775807', 'BIT'), 26)
    eq(r.cmd('BITCOUNT', 's', '-9223372036854775808', '-1', 'BIT'), 26)
    eq(r.cmd('BITCOUNT', 'nokey'), 0)
    eq(r.cmd('BITCOUNT', 'nokey', 'a', 'b', 'c', 'd'), 0, 'a missing key answers 0 at once')
    eq(r.cmd('SET', 'e', ''), 'OK')
    eq(r.cmd('BITCOUNT', 'e'), 0)
    eq(r.cmd('BITCOUNT', 'e', '0', '-1'), 0)
    eq(r.cmd('BITCOUNT', 's', '1'), SYNTAX)
    eq(r.cmd('BITCOUNT', 's', '1', '2', '3', '4'), SYNTAX)
    eq(r.cmd('BITCOUNT', 's', '1', '2', 'bits'), SYNTAX)
    eq(r.cmd('BITCOUNT', 's', 'a', '2'), NOT_INT)
    eq(r.cmd('BITCOUNT', 's', '1', 'b', 'BIT'), NOT_INT)
    eq(r.cmd('BITCOUNT', 's', 'a', '2', 'nonsense'), NOT_INT, 'numbers before the unit')
    eq(r.cmd('SADD', 'set', 'a'), 1)
    eq(r.cmd('BITCOUNT', 'set'), WRONGTYPE)
    eq(r.cmd('BITCOUNT', 'set', 'a', 'b', 'c'), WRONGTYPE, 'the type before the arguments')
    eq(r.cmd('BITCOUNT'), arity('bitcount'))
    big = bytes(random.Random(5).randrange(256) for _ in range(1000))
    eq(r.cmd('SET', 'big', big), 'OK')
    eq(r.cmd('BITCOUNT', 'big'), sum(bin(b).count('1') for b in big))
    eq(r.cmd('BITCOUNT', 'big', '3', '997'), sum(bin(b).count('1') for b in big[3:998]))


# ---- BITPOS ----

def test_bitpos(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', b'\xff\xf0\x00'), 'OK')
    eq(r.cmd('BITPOS', 'k', '0'), 12)
    eq(r.cmd('BITPOS', 'k', '1'), 0)
    eq(r.cmd('BITPOS', 'k', '1', '2'), -1)
    eq(r.cmd('BITPOS', 'k', '0', '2'), 16)
    eq(r.cmd('BITPOS', 'k', '1', '1'), 8)
    eq(r.cmd('BITPOS', 'k', '1', '-2', '-1'), 8)
    eq(r.cmd('BITPOS', 'k', '1', '7', '15', 'BIT'), 7)
    eq(r.cmd('BITPOS', 'k', '0', '7', '15', 'BIT'), 12)
    eq(r.cmd('BITPOS', 'k', '0', '7', '11', 'BIT'), -1, 'an explicit end is not zero-padded')
    eq(r.cmd('BITPOS', 'k', '0', '7', '11', 'byte'), -1, 'bytes 7.. are past the end')
    eq(r.cmd('BITPOS', 'k', '0', '1', '2', 'byte'), 12)
    eq(r.cmd('BITPOS', 'k', '1', '12', '-1', 'BIT'), -1)
    eq(r.cmd('BITPOS', 'k', '1', '3', '1', 'BIT'), -1, 'an empty range')
    eq(r.cmd('SET', 'ones', b'\xff\xff'), 'OK')
    eq(r.cmd('BITPOS', 'ones', '0'), 16, 'no clear bit: the one past the end')
    eq(r.cmd('BITPOS', 'ones', '0', '1'), 16)
    eq(r.cmd('BITPOS', 'ones', '0', '3', '-1', 'BIT'), -1)
    eq(r.cmd('BITPOS', 'ones', '0', '3', 'BIT'), NOT_INT, 'a unit needs an end')
    eq(r.cmd('BITPOS', 'ones', '0', '0', '0'), -1)
    eq(r.cmd('BITPOS', 'ones', '0', '5', '9'), -1)
    eq(r.cmd('SET', 'zeros', b'\x00\x00\x00'), 'OK')
    eq(r.cmd('BITPOS', 'zeros', '1'), -1)
    eq(r.cmd('BITPOS', 'zeros', '0'), 0)
    eq(r.cmd('BITPOS', 'zeros', '0', '10', '20', 'BIT'), 10)
    eq(r.cmd('SET', 'e', ''), 'OK')
    eq(r.cmd('BITPOS', 'e', '0'), -1)
    eq(r.cmd('BITPOS', 'e', '1'), -1)
    eq(r.cmd('BITPOS', 'nokey', '0'), 0)
    eq(r.cmd('BITPOS', 'nokey', '1'), -1)
    eq(r.cmd('BITPOS', 'nokey', '0', 'a', 'b', 'c', 'd'), 0, 'a missing key answers at once')
    eq(r.cmd('BITPOS', 'k', '2'), BIT_ARG)
    eq(r.cmd('BITPOS', 'k', '-1'), BIT_ARG)
    eq(r.cmd('BITPOS', 'k', 'x'), NOT_INT)
    eq(r.cmd('BITPOS', 'nokey', '2'), BIT_ARG, 'the bit before the key')
    eq(r.cmd('BITPOS', 'k', '1', 'a'), NOT_INT)
    eq(r.cmd('BITPOS', 'k', '1', '0', 'b'), NOT_INT)
    eq(r.cmd('BITPOS', 'k', '1', '0', 'b', 'bad'), SYNTAX, 'the unit before the end')
    eq(r.cmd('BITPOS', 'k', '1', '0', '1', 'bad'), SYNTAX)
    eq(r.cmd('BITPOS', 'k', '1', '0', '1', 'BIT', 'x'), SYNTAX)
    eq(r.cmd('HSET', 'h', 'f', 'v'), 1)
    eq(r.cmd('BITPOS', 'h', '1'), WRONGTYPE)
    eq(r.cmd('BITPOS', 'h', '1', 'a'), WRONGTYPE)
    eq(r.cmd('BITPOS', 'h', '3'), BIT_ARG)
    eq(r.cmd('BITPOS', 'k'), arity('bitpos'))
    long = b'\x00' * 100 + b'\x08' + b'\xff' * 50 + b'\xfe'
    eq(r.cmd('SET', 'long', long), 'OK')
    eq(r.cmd('BITPOS', 'long', '1'), 804)
    eq(r.cmd('BITPOS', 'long', '0', '101'), 1215)
    eq(r.cmd('BITPOS', 'long', '1', '805', '-1', 'BIT'), 808)


def _model_range(n, start, end, unit_bits):
    total = n * 8 if unit_bits else n
    if start < 0:
        start += total
    if end < 0:
        end += total
    start, end = max(start, 0), max(end, 0)
    end = min(end, total - 1)
    if start > end:
        return None
    return (start, end) if unit_bits else (start * 8, end * 8 + 7)


def _bit(data, i):
    return (data[i >> 3] >> (7 - (i & 7))) & 1


@timeout(90)
def test_bitcount_bitpos_random_against_model(srv):
    r = srv.raw()
    rnd = random.Random(77)
    for case in range(150):
        n = rnd.randrange(1, 40)
        kind = rnd.randrange(3)
        data = bytes(rnd.choice((0, 255, rnd.randrange(256))) if kind else rnd.randrange(256)
                     for _ in range(n))
        eq(r.cmd('SET', 'm', data), 'OK')
        for _ in range(8):
            unit = rnd.choice((None, 'BYTE', 'BIT'))
            span = n * 8 if unit == 'BIT' else n
            start = rnd.randrange(-span - 3, span + 3)
            end = rnd.randrange(-span - 3, span + 3)
            args = [str(start), str(end)] + ([unit] if unit else [])
            rng = _model_range(n, start, end, unit == 'BIT')
            if start < 0 and end < 0 and start > end:
                want = 0
            else:
                want = 0 if rng is None else sum(_bit(data, i) for i in range(rng[0], rng[1] + 1))
            eq(r.cmd('BITCOUNT', 'm', *args), want, 'BITCOUNT %r %r' % (data, args))
            bit = rnd.randrange(2)
            given_end = rnd.random() < 0.6
            if not given_end:
                args = [str(start)]
                if unit == 'BIT':
                    end = n * 8 - 1
                else:
                    end = n - 1
                rng = _model_range(n, start, end, unit == 'BIT')
            if rng is None:
                want = -1
            else:
                want = next((i for i in range(rng[0], rng[1] + 1) if _bit(data, i) == bit), -1)
                if want == -1 and bit == 0 and not given_end:
                    want = rng[1] + 1
            if not given_end and unit == 'BIT':
                # BITPOS key bit start BIT needs an end to name the unit: use the 6-argument form
                # only with an end; without one the unit is BYTE.
                continue
            eq(r.cmd('BITPOS', 'm', str(bit), *args), want, 'BITPOS %r %d %r' % (data, bit, args))


# ---- BITOP ----

def test_bitop(srv):
    r = srv.raw()
    eq(r.cmd('SET', '{b}a', b'\x0f\xf0\xaa'), 'OK')
    eq(r.cmd('SET', '{b}b', b'\xff\x00'), 'OK')
    eq(r.cmd('BITOP', 'AND', '{b}d', '{b}a', '{b}b'), 3)
    eq(r.cmd('GET', '{b}d'), b'\x0f\x00\x00')
    eq(r.cmd('BITOP', 'or', '{b}d', '{b}a', '{b}b'), 3)
    eq(r.cmd('GET', '{b}d'), b'\xff\xf0\xaa')
    eq(r.cmd('BITOP', 'Xor', '{b}d', '{b}a', '{b}b'), 3)
    eq(r.cmd('GET', '{b}d'), b'\xf0\xf0\xaa')
    eq(r.cmd('BITOP', 'NOT', '{b}d', '{b}a'), 3)
    eq(r.cmd('GET', '{b}d'), b'\xf0\x0f\x55')
    eq(r.cmd('BITOP', 'AND', '{b}d', '{b}a'), 3, 'one source is a copy')
    eq(r.cmd('GET', '{b}d'), b'\x0f\xf0\xaa')
    eq(r.cmd('BITOP', 'AND', '{b}d', '{b}a', '{b}none'), 3, 'a missing source reads as zeros')
    eq(r.cmd('GET', '{b}d'), b'\x00\x00\x00')
    eq(r.cmd('BITOP', 'OR', '{b}d', '{b}none', '{b}b'), 2)
    eq(r.cmd('GET', '{b}d'), b'\xff\x00')
    eq(r.cmd('BITOP', 'XOR', '{b}a', '{b}a', '{b}b'), 3, 'the destination among the sources')
    eq(r.cmd('GET', '{b}a'), b'\xf0\xf0\xaa')
    eq(r.cmd('SET', '{b}d', 'x', 'EX', '100'), 'OK')
    eq(r.cmd('BITOP', 'OR', '{b}d', '{b}b'), 2)
    eq(r.cmd('TTL', '{b}d'), -1, 'the result has no expiry')
    eq(r.cmd('BITOP', 'OR', '{b}d', '{b}none', '{b}none2'), 0)
    eq(r.cmd('EXISTS', '{b}d'), 0, 'an empty result deletes the destination')
    eq(r.cmd('SET', '{b}empty', ''), 'OK')
    eq(r.cmd('SET', '{b}d', 'x'), 'OK')
    eq(r.cmd('BITOP', 'NOT', '{b}d', '{b}empty'), 0)
    eq(r.cmd('EXISTS', '{b}d'), 0)
    eq(r.cmd('RPUSH', '{b}l', 'x'), 1)
    eq(r.cmd('BITOP', 'AND', '{b}l', '{b}a'), 3, 'a destination of another type is replaced')
    eq(r.cmd('TYPE', '{b}l'), 'string')
    eq(r.cmd('RPUSH', '{b}l2', 'x'), 1)
    eq(r.cmd('BITOP', 'AND', '{b}d', '{b}a', '{b}l2'), WRONGTYPE)
    eq(r.cmd('EXISTS', '{b}d'), 0)
    eq(r.cmd('BITOP', 'NOT', '{b}d', '{b}a', '{b}b'), NOT_ONE_KEY)
    eq(r.cmd('BITOP', 'NAND', '{b}d', '{b}a'), SYNTAX)
    eq(r.cmd('BITOP', 'NAND', '{b}d', '{b}a', '{b}b'), SYNTAX, 'the operation before NOT rule')
    eq(r.cmd('BITOP', 'AND', '{b}d'), arity('bitop'))
    eq(r.cmd('BITOP', 'NOT', '{b}d', '{b}l2'), WRONGTYPE)
    long_a = bytes(random.Random(1).randrange(256) for _ in range(777))
    long_b = bytes(random.Random(2).randrange(256) for _ in range(500))
    eq(r.cmd('SET', '{b}la', long_a), 'OK')
    eq(r.cmd('SET', '{b}lb', long_b), 'OK')
    eq(r.cmd('BITOP', 'XOR', '{b}d', '{b}la', '{b}lb'), 777)
    eq(r.cmd('GET', '{b}d'), bytes(x ^ y for x, y in zip(long_a, long_b + b'\x00' * 277)))
    eq(r.cmd('COMMAND', 'GETKEYS', 'BITOP', 'AND', 'd', 'a', 'b'), [b'd', b'a', b'b'])


def test_bitop_across_shards(srv):
    r = srv.raw()
    n = nshards(srv)
    d, a, b, c = keys_on_distinct_shards('bo', n, 4)
    ok(len(set(key_shard(x, n) for x in (d, a, b, c))) == min(4, n), 'keys spread over shards')
    eq(r.cmd('SET', a, b'\x01\x02\x03'), 'OK')
    eq(r.cmd('SET', b, b'\x10\x20'), 'OK')
    eq(r.cmd('SETBIT', c, '0', '1'), 0)
    eq(r.cmd('BITOP', 'OR', d, a, b, c), 3)
    eq(r.cmd('GET', d), b'\x91\x22\x03')
    eq(r.cmd('BITOP', 'AND', d, a, b, c), 3)
    eq(r.cmd('GET', d), b'\x00\x00\x00')
    eq(r.cmd('BITOP', 'XOR', d, a, b), 3)
    eq(r.cmd('GET', d), b'\x11\x22\x03')
    eq(r.cmd('BITOP', 'NOT', d, c), 1)
    eq(r.cmd('GET', d), b'\x7f')
    eq(r.cmd('BITOP', 'NOT', a, a), 3, 'in place on another shard')
    eq(r.cmd('GET', a), b'\xfe\xfd\xfc')
    eq(r.cmd('BITOP', 'AND', d, 'nothing1', 'nothing2'), 0)
    eq(r.cmd('EXISTS', d), 0)
    eq(r.cmd('DEL', c), 1)
    eq(r.cmd('LPUSH', c, 'x'), 1)
    eq(r.cmd('BITOP', 'AND', d, a, c), WRONGTYPE)
    eq(r.cmd('MULTI'), 'OK')
    eq(r.cmd('SETBIT', b, '100', '1'), 'QUEUED')
    eq(r.cmd('BITOP', 'OR', d, a, b), 'QUEUED')
    eq(r.cmd('BITCOUNT', d), 'QUEUED')
    eq(r.cmd('EXEC'), [0, 13, 21])


@timeout(60)
def test_bitop_is_atomic_across_shards(srv):
    """Writers MSET two keys on different shards to complements of each other; BITOP XOR over
    them must always see a matching pair (all ones), AND always all zeros."""
    n = nshards(srv)
    a, b, d, e = keys_on_distinct_shards('at', n, 4)
    setup = srv.raw()
    eq(setup.cmd('MSET', a, b'\x00' * 64, b, b'\xff' * 64), 'OK')
    done = threading.Event()
    bad = []
    checks = [0]

    def writer(seed):
        rnd = random.Random(seed)
        c = RawClient(srv.port, timeout=20)
        try:
            for _ in range(300):
                x = bytes(rnd.randrange(256) for _ in range(64))
                c.cmd('MSET', a, x, b, bytes(255 - v for v in x))
        finally:
            c.close()

    def checker():
        c = RawClient(srv.port, timeout=20)
        try:
            while not done.is_set():
                if c.cmd('BITOP', 'XOR', d, a, b) != 64 or c.cmd('GET', d) != b'\xff' * 64:
                    bad.append('XOR saw half an MSET')
                    return
                if c.cmd('BITOP', 'AND', e, a, b) != 64 or c.cmd('BITCOUNT', e) != 0:
                    bad.append('AND saw half an MSET')
                    return
                checks[0] += 1
        finally:
            c.close()

    t = threading.Thread(target=checker, daemon=True)
    t.start()
    errors = run_threads([(writer, (s,)) for s in range(3)], 50)
    done.set()
    t.join(20)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, bad[:1])
    ok(checks[0] > 0, 'the checker ran')


# ---- BITFIELD BITFIELD_RO ----

def test_bitfield_get_set_incrby(srv):
    r = srv.raw()
    eq(r.cmd('BITFIELD', 'f', 'SET', 'u8', '0', '255', 'GET', 'u8', '0', 'GET', 'i8', '0'),
       [0, 255, -1])
    eq(r.cmd('GET', 'f'), b'\xff')
    eq(r.cmd('BITFIELD', 'f', 'set', 'i4', '#1', '-3', 'get', 'u4', '4', 'GET', 'i4', '4'),
       [-1, 13, -3])
    eq(r.cmd('GET', 'f'), b'\xfd')
    eq(r.cmd('BITFIELD', 'f', 'INCRBY', 'u2', '100', '1', 'INCRBY', 'u2', '100', '1'), [1, 2])
    eq(r.cmd('STRLEN', 'f'), 13, 'grown to the last bit written')
    eq(r.cmd('BITFIELD', 'f', 'GET', 'u2', '100', 'GET', 'u8', '#1000', 'GET', 'i64', '200'),
       [2, 0, 0], 'reads past the end are zeros')
    eq(r.cmd('BITFIELD', 'g', 'SET', 'i64', '0', '-9223372036854775808',
             'GET', 'i64', '0', 'GET', 'u63', '0', 'GET', 'u63', '1'),
       [0, -9223372036854775808, 4611686018427387904, 0])
    eq(r.cmd('BITFIELD', 'g', 'SET', 'u63', '1', '9223372036854775807', 'GET', 'i64', '0'),
       [0, -1])
    eq(r.cmd('BITFIELD', 'h', 'SET', 'u5', '3', '31', 'GET', 'u16', '0'), [0, 7936])
    eq(r.cmd('BITFIELD', 'h', 'INCRBY', 'i1', '0', '1', 'GET', 'i1', '0'), [-1, -1])
    eq(r.cmd('BITFIELD', 'h'), [], 'no subcommands')
    eq(r.cmd('BITFIELD', 'nokey'), [])
    eq(r.cmd('BITFIELD', 'nokey', 'GET', 'u8', '0'), [0])
    eq(r.cmd('EXISTS', 'nokey'), 0, 'GET creates nothing')
    eq(r.cmd('BITFIELD', 'h', 'OVERFLOW', 'FAIL'), [])
    eq(r.cmd('BITFIELD_RO', 'f', 'GET', 'u2', '100', 'get', 'i8', '#0'), [2, -3])
    eq(r.cmd('BITFIELD_RO', 'nokey', 'GET', 'u2', '100'), [0])
    eq(r.cmd('BITFIELD_RO', 'f'), [])
    eq(r.cmd('SET', 't', 'x', 'EX', '1000'), 'OK')
    eq(r.cmd('BITFIELD', 't', 'SET', 'u8', '16', '65'), [0])
    eq(r.cmd('GET', 't'), b'x\x00A')
    ok(r.cmd('TTL', 't') > 900, 'BITFIELD keeps the expiry')


def test_bitfield_overflow(srv):
    r = srv.raw()
    eq(r.cmd('BITFIELD', 'o', 'SET', 'u8', '0', '250', 'INCRBY', 'u8', '0', '10'), [0, 4])
    eq(r.cmd('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '300',
             'INCRBY', 'u8', '0', '-1000', 'OVERFLOW', 'wrap', 'INCRBY', 'u8', '0', '-1'),
       [255, 0, 255])
    eq(r.cmd('BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1', 'GET', 'u8', '0',
             'INCRBY', 'u8', '0', '-255', 'INCRBY', 'u8', '0', '-1'),
       [None, 255, 0, None])
    eq(r.cmd('BITFIELD', 'o', 'SET', 'i8', '0', '127', 'INCRBY', 'i8', '0', '1'), [0, -128])
    eq(r.cmd('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '0', '-1',
             'INCRBY', 'i8', '0', '1000', 'INCRBY', 'i8', '0', '-1000'), [-128, 127, -128])
    eq(r.cmd('BITFIELD', 'p', 'OVERFLOW', 'SAT', 'SET', 'i8', '0', '-1000', 'GET', 'i8', '0',
             'SET', 'i8', '0', '1000', 'GET', 'i8', '0', 'SET', 'u8', '8', '-1', 'GET', 'u8', '8',
             'SET', 'u8', '8', '300', 'GET', 'u8', '8'),
       [0, -128, -128, 127, 0, 255, 255, 255])
    eq(r.cmd('BITFIELD', 'q', 'SET', 'i8', '0', '-1000', 'GET', 'i8', '0',
             'SET', 'u8', '8', '-1', 'GET', 'u8', '8', 'SET', 'u4', '16', '300',
             'GET', 'u4', '16'),
       [0, 24, 0, 255, 0, 12])
    eq(r.cmd('BITFIELD', 's', 'OVERFLOW', 'FAIL', 'SET', 'i8', '0', '128', 'SET', 'i8', '0', '-128',
             'SET', 'u1', '8', '2', 'GET', 'u16', '0'), [None, 0, None, 0x8000])
    eq(r.cmd('BITFIELD', 'w', 'SET', 'i64', '0', '9223372036854775807',
             'INCRBY', 'i64', '0', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1',
             'INCRBY', 'i64', '0', '-9223372036854775808', 'OVERFLOW', 'FAIL',
             'INCRBY', 'i64', '0', '-1', 'INCRBY', 'i64', '0', '9223372036854775807'),
       [0, -9223372036854775808, -9223372036854775808, -9223372036854775808, None, -1])
    eq(r.cmd('BITFIELD', 'w', 'SET', 'u63', '0', '9223372036854775807',
             'INCRBY', 'u63', '0', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u63', '0', '-1',
             'INCRBY', 'u63', '0', '-9223372036854775808'),
       [9223372036854775807, 0, 0, 0])
    eq(r.cmd('BITFIELD', 'x', 'OVERFLOW', 'FAIL', 'SET', 'u8', '#3', '256'), [None])
    eq(r.cmd('GET', 'x'), b'\x00\x00\x00\x00', 'a refused write still makes room')
    r3 = resp3(srv)
    eq(r3.cmd_raw('BITFIELD', 'x', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '5', 'GET', 'u2', '0'),
       b'*2\r\n_\r\n:0\r\n')
    r2 = srv.raw()
    eq(r2.cmd_raw('BITFIELD', 'x', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '5'),
       b'*1\r\n$-1\r\n')


def test_bitfield_errors(srv):
    r = srv.raw()
    for t in ('u64', 'i65', 'u0', 'i0', 'x8', 'I8', 'U8', 'u', 'i', '', 'u-1', 'u8x', '8'):
        eq(r.cmd('BITFIELD', 'f', 'GET', t, '0'), BAD_TYPE, 'type %r' % t)
    for off in ('x', '-1', '#-1', '#x', '##1', '4294967296', '#536870912'):
        eq(r.cmd('BITFIELD', 'f', 'GET', 'u8', off), BAD_OFFSET, 'offset %r' % off)
    eq(r.cmd('BITFIELD', 'f', 'GET', 'u8', '#536870911'), [0])
    eq(r.cmd('BITFIELD', 'f', 'SET', 'u8', '0', 'x'), NOT_INT)
    eq(r.cmd('BITFIELD', 'f', 'INCRBY', 'u8', '0', '1.5'), NOT_INT)
    eq(r.cmd('BITFIELD', 'f', 'OVERFLOW', 'BAD', 'GET', 'u8', '0'), BAD_OVERFLOW)
    eq(r.cmd('BITFIELD', 'f', 'OVERFLOW'), SYNTAX)
    eq(r.cmd('BITFIELD', 'f', 'GET', 'u8'), SYNTAX)
    eq(r.cmd('BITFIELD', 'f', 'SET', 'u8', '0'), SYNTAX)
    eq(r.cmd('BITFIELD', 'f', 'INCRBY', 'u8', '0'), SYNTAX)
    eq(r.cmd('BITFIELD', 'f', 'FOO', 'u8', '0'), SYNTAX)
    eq(r.cmd('BITFIELD', 'f', 'GET', 'u8', '0', 'SET', 'u64', '0', '1'), BAD_TYPE,
       'the whole line is parsed before anything runs')
    eq(r.cmd('EXISTS', 'f'), 0)
    eq(r.cmd('BITFIELD_RO', 'f', 'SET', 'u8', '0', '1'), RO_ONLY_GET)
    eq(r.cmd('BITFIELD_RO', 'f', 'GET', 'u8', '0', 'INCRBY', 'u8', '0', '1'), RO_ONLY_GET)
    eq(r.cmd('BITFIELD_RO', 'f', 'SET', 'u64', '0', '1'), BAD_TYPE, 'parse errors first')
    eq(r.cmd('BITFIELD_RO', 'f', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'), [0])
    eq(r.cmd('EXISTS', 'f'), 0)
    eq(r.cmd('SADD', 'set', 'a'), 1)
    eq(r.cmd('BITFIELD', 'set', 'GET', 'u8', '0'), WRONGTYPE)
    eq(r.cmd('BITFIELD', 'set', 'SET', 'u8', '0', '1'), WRONGTYPE)
    eq(r.cmd('BITFIELD', 'set'), WRONGTYPE)
    eq(r.cmd('BITFIELD_RO', 'set', 'GET', 'u8', '0'), WRONGTYPE)
    eq(r.cmd('BITFIELD_RO', 'set', 'SET', 'u8', '0', '1'), RO_ONLY_GET)
    eq(r.cmd('BITFIELD', 'set', 'GET', 'u8', 'x'), BAD_OFFSET)
    eq(r.cmd('BITFIELD'), arity('bitfield'))
    eq(r.cmd('BITFIELD_RO'), arity('bitfield_ro'))


# ---- events, metadata, RESP3, redis-py ----

def _events(lst, count):
    out = []
    for v in read_frames(lst, count, 5.0):
        ok(isinstance(v, list) and v[0] == b'pmessage', 'a pmessage: %r' % (v,))
        out.append((v[2].decode(), v[3].decode()))
    return out


def test_bitmap_events(srv):
    c = srv.raw()
    eq(c.cmd('SET', '{e}src', 'abc'), 'OK')
    lst = srv.raw()
    eq(subscribe(lst, 'PSUBSCRIBE', '__keyevent@0__:*'), [frame('psubscribe', '__keyevent@0__:*',
                                                              1)])
    eq(c.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'KEA'), 'OK')
    try:
        eq(c.cmd('SETBIT', '{e}b', '3', '1'), 0)
        eq(c.cmd('SETBIT', '{e}b', '3', '1'), 1)        # unchanged: no event
        eq(c.cmd('SETBIT', '{e}b', '3', '0'), 1)
        eq(c.cmd('SETBIT', '{e}b', '2', '0'), 0)        # unchanged: no event
        eq(c.cmd('SETBIT', '{e}b', '30', '0'), 0)       # grows: an event
        eq(c.cmd('GETBIT', '{e}b', '30'), 0)
        eq(c.cmd('BITFIELD', '{e}b', 'GET', 'u8', '0'), [0])   # reads: no event
        eq(c.cmd('BITFIELD', '{e}b', 'SET', 'u8', '0', '1', 'INCRBY', 'u8', '0', '1'), [0, 2])
        eq(c.cmd('BITFIELD', '{e}b', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'), [None])
        eq(c.cmd('BITFIELD', '{e}b', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000',
                 'INCRBY', 'u8', '0', '1'), [None, 3])
        eq(c.cmd('BITOP', 'NOT', '{e}d', '{e}src'), 3)
        eq(c.cmd('BITOP', 'AND', '{e}d', '{e}none'), 0)
        eq(c.cmd('BITOP', 'AND', '{e}d', '{e}none'), 0)    # nothing to delete: no event
    finally:
        c.cmd('CONFIG', 'SET', 'notify-keyspace-events', '')
    want = [('__keyevent@0__:setbit', '{e}b')] * 5 + [('__keyevent@0__:set', '{e}d'),
                                                     ('__keyevent@0__:del', '{e}d')]
    eq(_events(lst, len(want)), want)
    nothing_more(lst, 0.3)


def test_command_metadata(srv):
    r = srv.raw()
    rows = {
        'setbit': [4, [b'write', b'denyoom'], 1, 1, 1],
        'getbit': [3, [b'readonly', b'fast'], 1, 1, 1],
        'bitcount': [-2, [b'readonly'], 1, 1, 1],
        'bitpos': [-3, [b'readonly'], 1, 1, 1],
        'bitop': [-4, [b'write', b'denyoom'], 2, -1, 1],
        'bitfield': [-2, [b'write', b'denyoom'], 1, 1, 1],
        'bitfield_ro': [-2, [b'readonly', b'fast'], 1, 1, 1],
    }
    info = r.cmd('COMMAND', 'INFO', *rows)
    def text(x):
        return x.decode() if isinstance(x, bytes) else str(x)

    for row, (name, want) in zip(info, rows.items()):
        got = [text(row[0]), row[1], [text(f) for f in row[2]]] + row[3:6]
        eq(got, [name, want[0], [text(f) for f in want[1]]] + want[2:], 'COMMAND INFO %s' % name)
        ok('@bitmap' in [text(x) for x in row[6]], '%s is in @bitmap' % name)
    docs = r.cmd('COMMAND', 'DOCS', 'bitpos', 'bitfield_ro')
    d = dict(zip(docs[0::2], docs[1::2]))
    bp = dict(zip(d[b'bitpos'][0::2], d[b'bitpos'][1::2]))
    eq((bp[b'summary'], bp[b'since'], bp[b'group'], bp[b'complexity']),
       (b'Find first bit set or clear in a string', b'2.8.7', b'bitmap', b'O(N)'))
    bro = dict(zip(d[b'bitfield_ro'][0::2], d[b'bitfield_ro'][1::2]))
    eq((bro[b'since'], bro[b'group']), (b'6.0.0', b'bitmap'))


def test_resp3_shapes(srv):
    r = resp3(srv)
    eq(r.cmd_raw('SETBIT', 'b', '1', '1'), b':0\r\n')
    eq(r.cmd_raw('GETBIT', 'b', '1'), b':1\r\n')
    eq(r.cmd_raw('BITCOUNT', 'b'), b':1\r\n')
    eq(r.cmd_raw('BITPOS', 'b', '1'), b':1\r\n')
    eq(r.cmd_raw('BITOP', 'NOT', 'b', 'b'), b':1\r\n')
    eq(r.cmd_raw('BITFIELD', 'b', 'GET', 'i8', '0', 'SET', 'u4', '0', '1'), b'*2\r\n:-65\r\n:11\r\n')
    eq(r.cmd_raw('BITFIELD_RO', 'b', 'GET', 'u8', '0'), b'*1\r\n:31\r\n')


def test_redis_py_client(srv):
    c = srv.client()
    eq(c.setbit('py', 5, 1), 0)
    eq(c.setbit('py', 5, 0), 1)
    eq(c.setbit('py', 9, 1), 0)
    eq(c.getbit('py', 9), 1)
    eq(c.getbit('py', 10), 0)
    eq(c.bitcount('py'), 1)
    eq(c.bitcount('py', 1, 1), 1)
    eq(c.bitpos('py', 1), 9)
    eq(c.bitpos('py', 0, 1), 8)
    eq(c.set('py2', b'\xff\x00'), True)
    eq(c.bitop('AND', 'py3', 'py', 'py2'), 2)
    eq(c.get('py3'), b'\x00\x00')
    eq(c.bitop('OR', 'py3', 'py', 'py2'), 2)
    eq(c.get('py3'), b'\xff\x40')
    eq(c.bitop('NOT', 'py3', 'py2'), 2)
    eq(c.get('py3'), b'\x00\xff')
    bf = c.bitfield('pyf')
    eq(bf.set('u8', 0, 200).incrby('u8', 0, 100).overflow('SAT').incrby('u8', 0, 100)
       .get('i8', 0).execute(), [0, 44, 144, -112])
    bf = c.bitfield('pyf', default_overflow='FAIL')
    eq(bf.incrby('u8', '#0', 200).execute(), [None])
    raised = None
    try:
        c.bitfield('pyf').get('u64', 0).execute()
    except Exception as exc:
        raised = str(exc)
    eq(raised, BAD_TYPE[4:])
