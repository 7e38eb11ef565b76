# Set commands over TCP: SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SMOVE
# SINTER SINTERSTORE SINTERCARD SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN, their errors and
# RESP2/RESP3 shapes, sets large enough to leave the intset encoding, multi-key forms over keys
# on different shards, and SMOVE/STORE atomicity under concurrent clients.

import random
import threading
import time

from harness import (eq, ok, is_error, timeout, RawClient, keys_on_distinct_shards, key_shard,
                     run_threads)
from harness import WRONGTYPE, arity, nshards
from harness import resp3

SYNTAX = 'ERR syntax error'
NOT_INT = 'ERR value is not an integer or out of range'
NOT_POSITIVE = 'ERR value is out of range, must be positive'


def members(*xs):
    return sorted(x if isinstance(x, bytes) else str(x).encode() for x in xs)


def smembers(r, key):
    return sorted(r.cmd('SMEMBERS', key))


# ---- SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS ----

def test_sadd_srem_scard(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 's', 'a', 'b', 'c'), 3)
    eq(r.cmd('SADD', 's', 'a', 'd', 'd'), 1, 'counts only new members, once each')
    eq(r.cmd('SCARD', 's'), 4)
    eq(r.cmd('SCARD', 'nokey'), 0)
    eq(r.cmd('SREM', 's', 'a', 'zz', 'a'), 1)
    eq(r.cmd('SREM', 'nokey', 'a'), 0)
    eq(smembers(r, 's'), members('b', 'c', 'd'))
    eq(r.cmd('SREM', 's', 'b', 'c', 'd', 'e'), 3, 'removing the last member')
    eq(r.cmd('EXISTS', 's'), 0, 'an emptied set is deleted')
    eq(r.cmd('SADD', 's'), arity('sadd'))
    eq(r.cmd('SREM', 's'), arity('srem'))
    eq(r.cmd('SCARD'), arity('scard'))
    eq(r.cmd('SCARD', 'a', 'b'), arity('scard'))
    binary = bytes(range(256))
    eq(r.cmd('SADD', 'bin', binary, b'', b'a\x00b'), 3)
    eq(r.cmd('SISMEMBER', 'bin', binary), 1)
    eq(r.cmd('SISMEMBER', 'bin', b''), 1)
    eq(r.cmd('SISMEMBER', 'bin', b'a\x00b'), 1)
    eq(r.cmd('SISMEMBER', 'bin', b'a'), 0)


def test_integer_members_are_strings(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'n', '1', '01', '-0', '0', '+1', ' 1'), 6, 'only canonical integers match')
    eq(r.cmd('SISMEMBER', 'n', '01'), 1)
    eq(r.cmd('SISMEMBER', 'n', '1'), 1)
    eq(r.cmd('SISMEMBER', 'n', '1.0'), 0)
    eq(smembers(r, 'n'), members(' 1', '+1', '-0', '0', '01', '1'))
    eq(r.cmd('SADD', 'i', '9223372036854775807', '-9223372036854775808', '9223372036854775808'), 3)
    eq(r.cmd('SISMEMBER', 'i', '9223372036854775807'), 1)
    eq(r.cmd('SISMEMBER', 'i', '9223372036854775808'), 1)
    eq(r.cmd('SISMEMBER', 'i', '-9223372036854775809'), 0)
    eq(r.cmd('SREM', 'i', '-9223372036854775808'), 1)
    eq(smembers(r, 'i'), members('9223372036854775807', '9223372036854775808'))
    # Integers of every width in one set, in ascending order while they form an intset.
    vals = [5, -3, 70000, -70000, 5000000000, -5000000000, 0]
    eq(r.cmd('SADD', 'w', *vals), 7)
    eq(r.cmd_raw('SMEMBERS', 'w'),
       b'*7\r\n' + b''.join(b'$%d\r\n%d\r\n' % (len(str(v)), v) for v in sorted(vals)))


def test_sismember_smismember(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 's', 'a', '1'), 2)
    eq(r.cmd('SISMEMBER', 's', 'a'), 1)
    eq(r.cmd('SISMEMBER', 's', '1'), 1)
    eq(r.cmd('SISMEMBER', 's', 'b'), 0)
    eq(r.cmd('SISMEMBER', 'nokey', 'a'), 0)
    eq(r.cmd_raw('SMISMEMBER', 's', 'a', 'b', '1'), b'*3\r\n:1\r\n:0\r\n:1\r\n')
    eq(r.cmd_raw('SMISMEMBER', 'nokey', 'a', 'b'), b'*2\r\n:0\r\n:0\r\n')
    eq(r.cmd('SMISMEMBER', 's'), arity('smismember'))
    eq(r.cmd('SISMEMBER', 's'), arity('sismember'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('SMISMEMBER', 's', 'a', 'zz'), b'*2\r\n:1\r\n:0\r\n')


def test_smembers_shapes(srv):
    r = srv.raw()
    eq(r.cmd_raw('SMEMBERS', 'nokey'), b'*0\r\n')
    eq(r.cmd('SADD', 'i', '3', '1', '2'), 3)
    eq(r.cmd_raw('SMEMBERS', 'i'), b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n')
    eq(r.cmd('SADD', 'one', 'x'), 1)
    eq(r.cmd_raw('SMEMBERS', 'one'), b'*1\r\n$1\r\nx\r\n')
    r3 = resp3(srv)
    eq(r3.cmd_raw('SMEMBERS', 'nokey'), b'~0\r\n')
    eq(r3.cmd_raw('SMEMBERS', 'i'), b'~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n')
    eq(r3.cmd_raw('SMEMBERS', 'one'), b'~1\r\n$1\r\nx\r\n')


def test_wrongtype(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'str', 'x'), 'OK')
    eq(r.cmd('SADD', 'set', 'a'), 1)
    for args in [('SADD', 'str', 'a'), ('SREM', 'str', 'a'), ('SMEMBERS', 'str'),
                 ('SISMEMBER', 'str', 'a'), ('SMISMEMBER', 'str', 'a'), ('SCARD', 'str'),
                 ('SPOP', 'str'), ('SPOP', 'str', '2'), ('SRANDMEMBER', 'str'),
                 ('SRANDMEMBER', 'str', '2'), ('SMOVE', 'str', 'set', 'a'),
                 ('SMOVE', 'set', 'str', 'a'), ('SMOVE', 'str', 'str', 'a'),
                 ('SINTER', 'set', 'str'), ('SINTER', 'nokey', 'str'), ('SINTER', 'str', 'nokey'),
                 ('SINTERSTORE', 'd', 'nokey', 'str'), ('SINTERCARD', '2', 'nokey', 'str'),
                 ('SUNION', 'set', 'str'), ('SUNIONSTORE', 'd', 'str'),
                 ('SDIFF', 'nokey', 'str'), ('SDIFF', 'str', 'nokey'),
                 ('SDIFFSTORE', 'd', 'set', 'str'), ('SSCAN', 'str', '0')]:
        eq(r.cmd(*args), WRONGTYPE, ' '.join(args))
    eq(r.cmd('EXISTS', 'd'), 0, 'a failed STORE writes nothing')
    eq(r.cmd('GET', 'str'), b'x')
    eq(smembers(r, 'set'), members('a'))
    eq(r.cmd('HSET', 'h', 'f', 'v'), 1)
    eq(r.cmd('SADD', 'h', 'a'), WRONGTYPE)


# ---- SPOP SRANDMEMBER ----

def test_spop(srv):
    r = srv.raw()
    eq(r.cmd_raw('SPOP', 'nokey'), b'$-1\r\n')
    eq(r.cmd_raw('SPOP', 'nokey', '3'), b'*0\r\n')
    eq(r.cmd('SPOP', 'nokey', '-1'), NOT_POSITIVE)
    eq(r.cmd('SPOP', 'nokey', 'abc'), NOT_POSITIVE)
    eq(r.cmd('SPOP', 's', '1', '2'), SYNTAX)
    eq(r.cmd('SPOP'), arity('spop'))
    eq(r.cmd('SADD', 's', 'a', 'b', 'c', '1'), 4)
    eq(r.cmd('SPOP', 's', '-1'), NOT_POSITIVE, 'the count is checked first')
    eq(r.cmd_raw('SPOP', 's', '0'), b'*0\r\n')
    got = r.cmd('SPOP', 's')
    ok(got in members('a', 'b', 'c', '1'), 'SPOP gave %r' % got)
    rest = smembers(r, 's')
    eq(sorted(rest + [got]), members('a', 'b', 'c', '1'))
    two = r.cmd('SPOP', 's', '2')
    eq(len(two), 2)
    eq(len(set(two)), 2, 'SPOP count gives distinct members')
    eq(r.cmd('SCARD', 's'), 1)
    last = r.cmd('SPOP', 's', '10')
    eq(sorted(two + last), sorted(rest))
    eq(r.cmd('EXISTS', 's'), 0, 'popping everything deletes the key')
    eq(r.cmd('SADD', 'one', 'x'), 1)
    eq(r.cmd_raw('SPOP', 'one'), b'$1\r\nx\r\n')
    eq(r.cmd('EXISTS', 'one'), 0)


def spop_check(r, key, universe, count):
    popped = r.cmd('SPOP', key, str(count))
    eq(len(popped), min(count, len(universe)))
    eq(len(set(popped)), len(popped), 'distinct members popped')
    rest = r.cmd('SMEMBERS', key)
    eq(sorted(popped + rest), sorted(universe), 'popped and kept make the original set')


def test_spop_count_strategies(srv):
    r = srv.raw()
    for kind in ('int', 'str'):
        universe = [(b'%d' % i) if kind == 'int' else (b'm%d' % i) for i in range(300)]
        for count in (1, 10, 49, 50, 51, 200, 249, 250, 251, 299, 300, 301):
            r.cmd('DEL', 'k')
            eq(r.cmd('SADD', 'k', *universe), 300)
            spop_check(r, 'k', universe, count)


def test_spop_keeps_ttl(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 's', *range(100)), 100)
    eq(r.cmd('EXPIRE', 's', '1000'), 1)
    eq(len(r.cmd('SPOP', 's', '90')), 90)
    ok(r.cmd('TTL', 's') > 0, 'the remaining set keeps its expiry')
    eq(r.cmd('SCARD', 's'), 10)


def test_srandmember(srv):
    r = srv.raw()
    eq(r.cmd_raw('SRANDMEMBER', 'nokey'), b'$-1\r\n')
    eq(r.cmd_raw('SRANDMEMBER', 'nokey', '3'), b'*0\r\n')
    eq(r.cmd_raw('SRANDMEMBER', 'nokey', '-3'), b'*0\r\n')
    eq(r.cmd_raw('SRANDMEMBER', 'nokey', '0'), b'*0\r\n')
    eq(r.cmd('SRANDMEMBER', 'nokey', 'abc'), NOT_INT)
    eq(r.cmd('SRANDMEMBER', 'nokey', '-9223372036854775808'),
       'ERR value is out of range, value must between -9223372036854775807 and '
       '9223372036854775807')
    eq(r.cmd('SRANDMEMBER', 's', '1', '2'), SYNTAX)
    eq(r.cmd('SRANDMEMBER'), arity('srandmember'))
    eq(r.cmd('SADD', 's', '1', '2', '3'), 3)
    eq(r.cmd_raw('SRANDMEMBER', 's', '0'), b'*0\r\n')
    ok(r.cmd('SRANDMEMBER', 's') in members(1, 2, 3), 'a member')
    eq(len(r.cmd('SRANDMEMBER', 's', '1')), 1)
    eq(r.cmd_raw('SRANDMEMBER', 's', '3'), b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n',
       'count >= size gives the whole set')
    eq(sorted(r.cmd('SRANDMEMBER', 's', '10')), members(1, 2, 3))
    rep = r.cmd('SRANDMEMBER', 's', '-20')
    eq(len(rep), 20, 'a negative count repeats members')
    ok(set(rep) <= set(members(1, 2, 3)), 'only members: %r' % rep)
    eq(r.cmd('SCARD', 's'), 3, 'SRANDMEMBER changes nothing')


def test_srandmember_distinct_strategies(srv):
    r = srv.raw()
    for kind in ('int', 'str'):
        universe = set((b'%d' % i) if kind == 'int' else (b'm%d' % i) for i in range(200))
        eq(r.cmd('SADD', kind, *universe), 200)
        for count in (2, 5, 60, 66, 67, 68, 150, 199, 200, 250):
            got = r.cmd('SRANDMEMBER', kind, str(count))
            eq(len(got), min(count, 200), 'SRANDMEMBER %s %d' % (kind, count))
            eq(len(set(got)), len(got), 'distinct for a positive count')
            ok(set(got) <= universe, 'only members')
        seen = set()
        for _ in range(50):
            seen.update(r.cmd('SRANDMEMBER', kind, '-20'))
        ok(len(seen) > 185, 'random draws reach nearly every member (%d of 200)' % len(seen))
        eq(r.cmd('SCARD', kind), 200)


def test_spop_srandmember_resp3(srv):
    r3 = resp3(srv)
    eq(r3.cmd_raw('SPOP', 'nokey'), b'_\r\n')
    eq(r3.cmd_raw('SPOP', 'nokey', '3'), b'~0\r\n')
    eq(r3.cmd_raw('SPOP', 'nokey', '0'), b'~0\r\n')
    eq(r3.cmd_raw('SRANDMEMBER', 'nokey'), b'_\r\n')
    eq(r3.cmd_raw('SRANDMEMBER', 'nokey', '3'), b'*0\r\n')
    eq(r3.cmd_raw('SRANDMEMBER', 'nokey', '-3'), b'*0\r\n')
    eq(r3.cmd('SADD', 's', 'a'), 1)
    eq(r3.cmd_raw('SRANDMEMBER', 's'), b'$1\r\na\r\n')
    eq(r3.cmd_raw('SRANDMEMBER', 's', '2'), b'*1\r\n$1\r\na\r\n')
    eq(r3.cmd_raw('SRANDMEMBER', 's', '-2'), b'*2\r\n$1\r\na\r\n$1\r\na\r\n')
    eq(r3.cmd_raw('SPOP', 's', '0'), b'~0\r\n')
    eq(r3.cmd_raw('SPOP', 's', '5'), b'~1\r\n$1\r\na\r\n')
    eq(r3.cmd('SADD', 's', 'a', 'b', 'c', 'd', 'e', 'f'), 6)
    eq(r3.cmd_raw('SPOP', 's', '1')[:4], b'~1\r\n')
    eq(r3.cmd_raw('SPOP', 's', '4')[:4], b'~4\r\n')
    eq(r3.cmd_raw('SPOP', 's')[:1], b'$')


# ---- SMOVE ----

def test_smove(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'a', '1', '2', '3'), 3)
    eq(r.cmd('SADD', 'b', '3', 'x'), 2)
    eq(r.cmd('SMOVE', 'a', 'b', '1'), 1)
    eq(smembers(r, 'a'), members(2, 3))
    eq(smembers(r, 'b'), members(1, 3, 'x'))
    eq(r.cmd('SMOVE', 'a', 'b', '3'), 1, 'the destination already holds it')
    eq(smembers(r, 'a'), members(2))
    eq(smembers(r, 'b'), members(1, 3, 'x'))
    eq(r.cmd('SMOVE', 'a', 'b', 'nope'), 0)
    eq(r.cmd('SMOVE', 'nokey', 'b', '1'), 0)
    eq(r.cmd('SMOVE', 'a', 'c', '2'), 1, 'creates the destination')
    eq(r.cmd('EXISTS', 'a'), 0, 'the emptied source is deleted')
    eq(smembers(r, 'c'), members(2))
    eq(r.cmd('SMOVE', 'b', 'b', 'x'), 1, 'within one set: is it a member')
    eq(r.cmd('SMOVE', 'b', 'b', 'nope'), 0)
    eq(smembers(r, 'b'), members(1, 3, 'x'))
    eq(r.cmd('SET', 'str', 'v'), 'OK')
    eq(r.cmd('SMOVE', 'nokey', 'str', '1'), 0, 'a missing source answers before type checks')
    eq(r.cmd('SMOVE', 'b', 'str', 'nope'), WRONGTYPE, 'the destination type is checked first')
    eq(r.cmd('SMOVE', 'b', 'str', 'x'), WRONGTYPE)
    eq(r.cmd('SMOVE', 'str', 'b', 'x'), WRONGTYPE)
    eq(smembers(r, 'b'), members(1, 3, 'x'), 'a failed SMOVE changes nothing')
    eq(r.cmd('SMOVE', 'b', 'c'), arity('smove'))


def test_smove_between_encodings(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'ints', *range(10)), 10)
    eq(r.cmd('SADD', 'strs', 'a', 'b'), 2)
    eq(r.cmd('SMOVE', 'strs', 'ints', 'a'), 1)
    eq(r.cmd('SMOVE', 'ints', 'strs', '5'), 1)
    eq(smembers(r, 'ints'), members('a', *[i for i in range(10) if i != 5]))
    eq(smembers(r, 'strs'), members('b', 5))
    eq(r.cmd('SMOVE', 'ints', 'fresh', '7'), 1)
    eq(r.cmd('SMOVE', 'ints', 'fresh', 'a'), 1)
    eq(smembers(r, 'fresh'), members(7, 'a'))


# ---- SINTER SINTERSTORE SINTERCARD ----

def test_sinter(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'a', '1', '2', '3', 'x'), 4)
    eq(r.cmd('SADD', 'b', '2', '3', '4', 'x'), 4)
    eq(r.cmd('SADD', 'c', '3', 'x', 'y'), 3)
    eq(sorted(r.cmd('SINTER', 'a', 'b')), members(2, 3, 'x'))
    eq(sorted(r.cmd('SINTER', 'a', 'b', 'c')), members(3, 'x'))
    eq(sorted(r.cmd('SINTER', 'a')), members(1, 2, 3, 'x'))
    eq(sorted(r.cmd('SINTER', 'a', 'a', 'b')), members(2, 3, 'x'))
    eq(r.cmd_raw('SINTER', 'a', 'nokey'), b'*0\r\n')
    eq(r.cmd_raw('SINTER', 'nokey'), b'*0\r\n')
    eq(r.cmd('SADD', 'i1', '1', '2', '3', '4'), 4)
    eq(r.cmd('SADD', 'i2', '4', '3', '9'), 3)
    eq(r.cmd_raw('SINTER', 'i1', 'i2'), b'*2\r\n$1\r\n3\r\n$1\r\n4\r\n')
    eq(r.cmd('SINTER'), arity('sinter'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('SINTER', 'i1', 'i2'), b'~2\r\n$1\r\n3\r\n$1\r\n4\r\n')
    eq(r3.cmd_raw('SINTER', 'i1', 'nokey'), b'~0\r\n')
    eq(r3.cmd_raw('SINTER', 'a', 'i2'), b'~1\r\n$1\r\n3\r\n')


def test_sinterstore(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'a', '1', '2', '3', 'x'), 4)
    eq(r.cmd('SADD', 'b', '2', '3', 'x', 'y'), 4)
    eq(r.cmd('SINTERSTORE', 'd', 'a', 'b'), 3)
    eq(smembers(r, 'd'), members(2, 3, 'x'))
    eq(r.cmd('SET', 'str', 'v'), 'OK')
    eq(r.cmd('EXPIRE', 'str', '1000'), 1)
    eq(r.cmd('SINTERSTORE', 'str', 'a', 'b'), 3, 'a destination of another type is replaced')
    eq(r.cmd('TYPE', 'str'), 'set')
    eq(r.cmd('TTL', 'str'), -1, 'the stored set has no expiry')
    eq(r.cmd('SINTERSTORE', 'd', 'a', 'nokey'), 0)
    eq(r.cmd('EXISTS', 'd'), 0, 'an empty result deletes the destination')
    eq(r.cmd('SADD', 'z', 'q'), 1)
    eq(r.cmd('SADD', 'd', 'old'), 1)
    eq(r.cmd('SINTERSTORE', 'd', 'a', 'z'), 0)
    eq(r.cmd('EXISTS', 'd'), 0)
    eq(r.cmd('SINTERSTORE', 'a', 'a', 'b'), 3, 'the destination may be a source')
    eq(smembers(r, 'a'), members(2, 3, 'x'))
    eq(r.cmd('SINTERSTORE', 'd'), arity('sinterstore'))


def test_sintercard(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'a', '1', '2', '3', 'x'), 4)
    eq(r.cmd('SADD', 'b', '2', '3', 'x', 'y'), 4)
    eq(r.cmd('SINTERCARD', '2', 'a', 'b'), 3)
    eq(r.cmd('SINTERCARD', '1', 'a'), 4)
    eq(r.cmd('SINTERCARD', '1', 'a', 'LIMIT', '2'), 2)
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'limit', '1'), 1)
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'LIMIT', '0'), 3, 'LIMIT 0: no limit')
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'LIMIT', '100'), 3)
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'LIMIT', '5', 'LIMIT', '1'), 1, 'the last LIMIT wins')
    eq(r.cmd('SINTERCARD', '2', 'a', 'nokey'), 0)
    eq(r.cmd('SINTERCARD', '1', 'nokey'), 0)
    eq(r.cmd('SINTERCARD', '0', 'a'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('SINTERCARD', '-1', 'a'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('SINTERCARD', 'abc', 'a'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('SINTERCARD', '9223372036854775808', 'a'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('SINTERCARD', '3', 'a', 'b'),
       "ERR Number of keys can't be greater than number of args")
    eq(r.cmd('SINTERCARD', '2', 'a'), "ERR Number of keys can't be greater than number of args")
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'LIMIT', '-1'), "ERR LIMIT can't be negative")
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'LIMIT', 'x'), "ERR LIMIT can't be negative")
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'LIMIT'), SYNTAX)
    eq(r.cmd('SINTERCARD', '2', 'a', 'b', 'FOO', '1'), SYNTAX)
    eq(r.cmd('SINTERCARD', '1'), arity('sintercard'))
    eq(r.cmd('COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'), [b'a', b'b'])
    is_error(r.cmd('COMMAND', 'GETKEYS', 'SINTERCARD', '3', 'a', 'b'),
             'ERR Invalid arguments specified for command')
    is_error(r.cmd('COMMAND', 'GETKEYS', 'SINTERCARD', 'x', 'a'),
             'ERR Invalid arguments specified for command')


# ---- SUNION SUNIONSTORE SDIFF SDIFFSTORE ----

def test_sunion_sunionstore(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'a', '1', '2', 'x'), 3)
    eq(r.cmd('SADD', 'b', '2', '3', 'y'), 3)
    eq(sorted(r.cmd('SUNION', 'a', 'b')), members(1, 2, 3, 'x', 'y'))
    eq(sorted(r.cmd('SUNION', 'a', 'nokey')), members(1, 2, 'x'))
    eq(r.cmd_raw('SUNION', 'nokey', 'nokey2'), b'*0\r\n')
    eq(r.cmd('SADD', 'i', '5', '1'), 2)
    eq(r.cmd('SADD', 'j', '3', '1'), 2)
    eq(r.cmd_raw('SUNION', 'i', 'j'), b'*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n')
    eq(r.cmd('SUNIONSTORE', 'd', 'a', 'b'), 5)
    eq(smembers(r, 'd'), members(1, 2, 3, 'x', 'y'))
    eq(r.cmd('SUNIONSTORE', 'd', 'nokey'), 0)
    eq(r.cmd('EXISTS', 'd'), 0)
    eq(r.cmd('SUNIONSTORE', 'a', 'a', 'b'), 5, 'the destination may be a source')
    eq(smembers(r, 'a'), members(1, 2, 3, 'x', 'y'))
    eq(r.cmd('SET', 'str', 'v'), 'OK')
    eq(r.cmd('SUNIONSTORE', 'str', 'i'), 2)
    eq(r.cmd('TYPE', 'str'), 'set')
    eq(r.cmd('SUNION'), arity('sunion'))
    eq(r.cmd('SUNIONSTORE', 'd'), arity('sunionstore'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('SUNION', 'i', 'j'), b'~3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n')
    eq(r3.cmd_raw('SUNION', 'nokey'), b'~0\r\n')


def test_sdiff_sdiffstore(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 'a', '1', '2', '3', 'x', 'y'), 5)
    eq(r.cmd('SADD', 'b', '2', 'x'), 2)
    eq(r.cmd('SADD', 'c', '3', 'q'), 2)
    eq(sorted(r.cmd('SDIFF', 'a', 'b')), members(1, 3, 'y'))
    eq(sorted(r.cmd('SDIFF', 'a', 'b', 'c')), members(1, 'y'))
    eq(sorted(r.cmd('SDIFF', 'a', 'nokey')), members(1, 2, 3, 'x', 'y'))
    eq(sorted(r.cmd('SDIFF', 'a')), members(1, 2, 3, 'x', 'y'))
    eq(r.cmd_raw('SDIFF', 'nokey', 'a'), b'*0\r\n')
    eq(r.cmd_raw('SDIFF', 'a', 'b', 'a'), b'*0\r\n', 'the first set again empties it')
    eq(r.cmd('SADD', 'i', '4', '1', '2'), 3)
    eq(r.cmd_raw('SDIFF', 'i', 'b'), b'*2\r\n$1\r\n1\r\n$1\r\n4\r\n')
    eq(r.cmd('SDIFFSTORE', 'd', 'a', 'b', 'c'), 2)
    eq(smembers(r, 'd'), members(1, 'y'))
    eq(r.cmd('SDIFFSTORE', 'd', 'a', 'a'), 0)
    eq(r.cmd('EXISTS', 'd'), 0)
    eq(r.cmd('SDIFFSTORE', 'a', 'a', 'b'), 3, 'the destination may be a source')
    eq(smembers(r, 'a'), members(1, 3, 'y'))
    eq(r.cmd('SDIFF'), arity('sdiff'))
    eq(r.cmd('SDIFFSTORE', 'd'), arity('sdiffstore'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('SDIFF', 'i', 'b'), b'~2\r\n$1\r\n1\r\n$1\r\n4\r\n')
    eq(r3.cmd_raw('SDIFF', 'nokey'), b'~0\r\n')


def test_sdiff_both_algorithms(srv):
    """A big first set against small others, and a small first set against big others."""
    r = srv.raw()
    big = ['m%d' % i for i in range(1000)]
    eq(r.cmd('SADD', 'big', *big), 1000)
    eq(r.cmd('SADD', 'small1', 'm1', 'm2', 'zz'), 3)
    eq(r.cmd('SADD', 'small2', 'm3', 'm999'), 2)
    want = sorted(set(big) - {'m1', 'm2', 'm3', 'm999'})
    eq(sorted(r.cmd('SDIFF', 'big', 'small1', 'small2', 'nokey')), members(*want))
    eq(sorted(r.cmd('SDIFF', 'small1', 'big', 'small2')), members('zz'))
    eq(r.cmd('SADD', 'few', 'm5', 'm6'), 2)
    eq(r.cmd_raw('SDIFF', 'few', 'big'), b'*0\r\n')
    eq(r.cmd('SDIFFSTORE', 'd', 'big', 'big', 'small1'), 0)


# ---- larger sets and the intset threshold ----

def test_large_sets_and_conversion(srv):
    r = srv.raw()
    old = r.cmd('CONFIG', 'GET', 'set-max-intset-entries')[1]
    try:
        eq(r.cmd('CONFIG', 'SET', 'set-max-intset-entries', '8'), 'OK')
        eq(r.cmd('SADD', 's', *range(8)), 8)
        eq(r.cmd_raw('SMEMBERS', 's'), b'*8\r\n' + b''.join(b'$1\r\n%d\r\n' % i for i in range(8)))
        eq(r.cmd('SADD', 's', '8'), 1, 'the ninth integer')
        eq(smembers(r, 's'), members(*range(9)))
        eq(r.cmd('SREM', 's', *range(2, 9)), 7)
        eq(smembers(r, 's'), members(0, 1))
        eq(r.cmd('SISMEMBER', 's', '1'), 1)
        eq(r.cmd('SADD', 't', '1', 'a'), 2)
        eq(smembers(r, 't'), members(1, 'a'))
    finally:
        eq(r.cmd('CONFIG', 'SET', 'set-max-intset-entries', old), 'OK')
    # Sets beyond the default threshold (512), intset and hashtable on both sides.
    eq(r.cmd('SADD', 'n1', *range(0, 2000, 2)), 1000)
    eq(r.cmd('SADD', 'n2', *range(0, 2000, 3)), 667)
    eq(r.cmd('SADD', 'n3', *range(100)), 100)
    evens, threes = set(range(0, 2000, 2)), set(range(0, 2000, 3))
    eq(sorted(r.cmd('SINTER', 'n1', 'n2')), members(*(evens & threes)))
    eq(r.cmd('SINTERCARD', '3', 'n1', 'n2', 'n3'), len(evens & threes & set(range(100))))
    eq(r.cmd('SUNIONSTORE', 'u', 'n1', 'n2'), len(evens | threes))
    eq(r.cmd('SDIFFSTORE', 'df', 'n1', 'n2'), len(evens - threes))
    eq(smembers(r, 'df'), members(*(evens - threes)))
    eq(r.cmd('SCARD', 'n1'), 1000)
    eq(r.cmd('SADD', 'n1', 'text'), 1)
    eq(r.cmd('SISMEMBER', 'n1', '1998'), 1)
    eq(r.cmd('SISMEMBER', 'n1', '1999'), 0)


def sscan_all(r, key, *opts):
    cursor, seen, calls = b'0', [], 0
    while True:
        reply = r.cmd('SSCAN', key, cursor, *opts)
        eq(len(reply), 2, 'SSCAN reply shape')
        cursor, page = reply
        seen += page
        calls += 1
        if cursor == b'0':
            return seen, calls
        ok(calls < 10000, 'SSCAN does not end')


def test_sscan(srv):
    r = srv.raw()
    eq(r.cmd_raw('SSCAN', 'nokey', '0'), b'*2\r\n$1\r\n0\r\n*0\r\n')
    eq(r.cmd_raw('SSCAN', 'nokey', '0', 'BAD'), b'*2\r\n$1\r\n0\r\n*0\r\n',
       'a missing key answers before the options are read')
    eq(r.cmd('SSCAN', 'nokey', 'abc'), 'ERR invalid cursor')
    eq(r.cmd('SADD', 'i', '3', '1', '2'), 3)
    eq(r.cmd_raw('SSCAN', 'i', '0'), b'*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n')
    eq(r.cmd_raw('SSCAN', 'i', '12345', 'COUNT', '1'),
       b'*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n',
       'a small encoding is one page whatever the cursor')
    eq(r.cmd('SSCAN', 'i', '0', 'MATCH', '[12]'), [b'0', [b'1', b'2']])
    eq(r.cmd('SSCAN', 'i', '-1'), [b'0', [b'1', b'2', b'3']])
    eq(r.cmd('SSCAN', 'i', '18446744073709551616'), 'ERR invalid cursor')
    eq(r.cmd('SSCAN', 'i', '0', 'COUNT', '0'), SYNTAX)
    eq(r.cmd('SSCAN', 'i', '0', 'COUNT', 'x'), NOT_INT)
    eq(r.cmd('SSCAN', 'i', '0', 'MATCH'), SYNTAX)
    eq(r.cmd('SSCAN', 'i', '0', 'TYPE', 'set'), SYNTAX, 'TYPE belongs to SCAN alone')
    eq(r.cmd('SSCAN', 'i'), arity('sscan'))
    names = ['member:%d' % i for i in range(1000)]
    eq(r.cmd('SADD', 'h', *names), 1000)
    seen, calls = sscan_all(r, 'h')
    eq(sorted(set(seen)), members(*names), 'a full SSCAN sees every member')
    ok(calls > 10, 'the default COUNT pages a 1000-member set (%d calls)' % calls)
    seen, calls = sscan_all(r, 'h', 'COUNT', '100')
    eq(sorted(set(seen)), members(*names))
    seen, _ = sscan_all(r, 'h', 'MATCH', 'member:1*', 'COUNT', '50')
    eq(sorted(set(seen)), members(*[n for n in names if n.startswith('member:1')]))
    r3 = resp3(srv)
    eq(r3.cmd_raw('SSCAN', 'i', '0'), b'*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n')


# ---- keys on different shards ----

def test_cross_shard_algebra(srv):
    r = srv.raw()
    k = keys_on_distinct_shards('xs', nshards(srv), 6)
    ok(len(set(key_shard(x, nshards(srv)) for x in k)) == min(6, nshards(srv)),
       'keys spread over the shards')
    a, b, c, d, e, f = k
    eq(r.cmd('SADD', a, '1', '2', '3', 'x'), 4)
    eq(r.cmd('SADD', b, '2', '3', 'y'), 3)
    eq(r.cmd('SADD', c, '3', 'x', 'z'), 3)
    eq(sorted(r.cmd('SINTER', a, b, c)), members(3))
    eq(sorted(r.cmd('SUNION', a, b, c)), members(1, 2, 3, 'x', 'y', 'z'))
    eq(sorted(r.cmd('SDIFF', a, b, c)), members(1))
    eq(r.cmd('SINTERCARD', '3', a, b, c), 1)
    eq(r.cmd('SINTERCARD', '2', a, b, 'LIMIT', '1'), 1)
    eq(r.cmd('SINTERCARD', '2', a, d), 0)
    eq(r.cmd('SINTERSTORE', d, a, b), 2)
    eq(smembers(r, d), members(2, 3))
    eq(r.cmd('SUNIONSTORE', e, a, b, c), 6)
    eq(smembers(r, e), members(1, 2, 3, 'x', 'y', 'z'))
    eq(r.cmd('SDIFFSTORE', f, a, b), 2)
    eq(smembers(r, f), members(1, 'x'))
    eq(r.cmd('SDIFFSTORE', f, a, a), 0)
    eq(r.cmd('EXISTS', f), 0, 'an empty result deletes a destination on another shard')
    eq(r.cmd('SINTERSTORE', d, a, f), 0)
    eq(r.cmd('EXISTS', d), 0)
    eq(r.cmd('SET', f, 'str'), 'OK')
    eq(r.cmd('SUNION', a, f), WRONGTYPE)
    eq(r.cmd('SINTERCARD', '2', d, f), WRONGTYPE)
    eq(r.cmd('SUNIONSTORE', f, a), 4, 'a string destination on another shard is replaced')
    eq(smembers(r, f), members(1, 2, 3, 'x'))


def test_cross_shard_smove(srv):
    r = srv.raw()
    a, b, c = keys_on_distinct_shards('mv', nshards(srv), 3)
    eq(r.cmd('SADD', a, '1', 'x'), 2)
    eq(r.cmd('SADD', b, '2'), 1)
    eq(r.cmd('SMOVE', a, b, 'x'), 1)
    eq(smembers(r, a), members(1))
    eq(smembers(r, b), members(2, 'x'))
    eq(r.cmd('SMOVE', a, c, '1'), 1)
    eq(r.cmd('EXISTS', a), 0)
    eq(smembers(r, c), members(1))
    eq(r.cmd('SMOVE', a, c, '1'), 0)
    eq(r.cmd('SET', a, 'str'), 'OK')
    eq(r.cmd('SMOVE', b, a, 'x'), WRONGTYPE)
    eq(r.cmd('SMOVE', a, b, 'x'), WRONGTYPE)
    eq(smembers(r, b), members(2, 'x'))


@timeout(90)
def test_concurrent_smove_keeps_every_member_once(srv):
    n = nshards(srv)
    keys = keys_on_distinct_shards('cm', n, 4)
    dst = keys_on_distinct_shards('cmdst', n, 2)
    universe = ['m%d' % i for i in range(60)] + [str(i) for i in range(60)]
    setup = srv.raw()
    for i, k in enumerate(keys):
        eq(setup.cmd('SADD', k, *universe[i::len(keys)]), len(universe[i::len(keys)]))
    writers, ops_each = 4, 500
    done = threading.Event()
    bad = []
    moved = [0]
    reads = [0]

    def mover(seed):
        rnd = random.Random(seed)
        c = RawClient(srv.port, timeout=20)
        try:
            for _ in range(ops_each):
                src, to = rnd.sample(keys, 2)
                got = c.cmd('SMOVE', src, to, rnd.choice(universe))
                if got not in (0, 1):
                    raise AssertionError('SMOVE answered %r' % (got,))
                moved[0] += got
        finally:
            c.close()

    def checker():
        c = RawClient(srv.port, timeout=20)
        try:
            while not done.is_set():
                u = c.cmd('SUNION', *keys)
                if len(u) != len(universe):
                    bad.append('SUNION saw %d members' % len(u))
                    return
                pair = c.cmd('SINTERCARD', '2', keys[0], keys[1])
                if pair != 0:
                    bad.append('a member in two sets at once (%r)' % pair)
                    return
                got = c.cmd('SUNIONSTORE', dst[0], *keys)
                if got != len(universe):
                    bad.append('SUNIONSTORE stored %r members' % got)
                    return
                got = c.cmd('SINTERSTORE', dst[1], keys[0], keys[2])
                if got != 0:
                    bad.append('SINTERSTORE stored %r members' % got)
                    return
                reads[0] += 1
        finally:
            c.close()

    check = threading.Thread(target=checker, daemon=True)
    check.start()
    errors = run_threads([(mover, (s,)) for s in range(writers)], 60)
    done.set()
    check.join(30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, 'non-atomic view: %r' % bad[:1])
    ok(moved[0] > 100, 'too few moves to judge: %d' % moved[0])
    ok(reads[0] > 0, 'the checker ran')
    cards = [setup.cmd('SCARD', k) for k in keys]
    eq(sum(cards), len(universe), 'SCARDs add up to the members (%r)' % cards)
    everything = []
    for k in keys:
        everything += setup.cmd('SMEMBERS', k)
    eq(sorted(everything), members(*universe), 'every member once, in exactly one set')


@timeout(60)
def test_sdiffstore_under_load(srv):
    """SDIFFSTORE across shards while members hop between its sources: the stored difference
    is always taken from one consistent state (a moved member is in exactly one source)."""
    n = nshards(srv)
    a, b, d = keys_on_distinct_shards('dl', n, 3)
    universe = [str(i) for i in range(50)] + ['s%d' % i for i in range(50)]
    setup = srv.raw()
    eq(setup.cmd('SADD', a, *universe), 100)
    eq(setup.cmd('SADD', b, 'anchor'), 1)
    stop = time.monotonic() + 2.0
    bad = []

    def mover(seed):
        rnd = random.Random(seed)
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                m = rnd.choice(universe)
                if rnd.random() < 0.5:
                    c.cmd('SMOVE', a, b, m)
                else:
                    c.cmd('SMOVE', b, a, m)
        finally:
            c.close()

    def checker():
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                in_a = c.cmd('SDIFFSTORE', d, a, b)
                in_b = c.cmd('SDIFFSTORE', d, b, a)
                both = c.cmd('SUNIONSTORE', d, a, b)
                if both != 101:
                    bad.append('SUNIONSTORE stored %r' % both)
                    return
                if not (0 <= in_a <= 100 and 1 <= in_b <= 101):
                    bad.append('SDIFFSTORE stored %r and %r' % (in_a, in_b))
                    return
        finally:
            c.close()

    errors = run_threads([(mover, (1,)), (mover, (2,)), (checker, ())], 30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, 'non-atomic view: %r' % bad[:1])
    eq(setup.cmd('SCARD', a) + setup.cmd('SCARD', b), 101)
