# Sorted-set commands over TCP: ZADD and its flags, ZINCRBY, ZREM, the reads, the ZRANGE family
# and ZRANGESTORE, ZREMRANGEBY*, pops (ZPOPMIN ZPOPMAX ZMPOP), ZRANDMEMBER, ZUNION ZINTER ZDIFF and
# their STORE forms, ZINTERCARD and ZSCAN: every command's errors, RESP2 and RESP3 reply bytes,
# score formatting (%.17g), sets past the listpack threshold (1000 members) checked against a
# model, and the multi-key commands with keys on different shards. Run by run.py.

import math
import random

from harness import eq, ok, keys_on_distinct_shards
from harness import WRONGTYPE, arity

SYNTAX = 'ERR syntax error'
NOT_INT = 'ERR value is not an integer or out of range'
NOT_FLOAT = 'ERR value is not a valid float'
MINMAX_FLOAT = 'ERR min or max is not a float'
MINMAX_LEX = 'ERR min or max not valid string range item'
NOT_POSITIVE = 'ERR value is out of range, must be positive'


def fmt(score):
    """A score as Redis 7.0 prints it (%.17g, inf, -inf), as bytes."""
    if math.isinf(score):
        return b'inf' if score > 0 else b'-inf'
    return (b'%.17g' % score)


def zadd_pairs(r, key, pairs, batch=200):
    """pairs: [(score, member)]; adds them in batches and returns how many were new."""
    added = 0
    for i in range(0, len(pairs), batch):
        args = []
        for s, m in pairs[i:i + batch]:
            args += [s if isinstance(s, str) else repr(float(s)), m]
        added += r.cmd('ZADD', key, *args)
    return added


def flat(pairs):
    out = []
    for m, s in pairs:
        out += [m, fmt(s)]
    return out


class Model:
    """A sorted set: {member: score}, ordered by (score, member bytes)."""

    def __init__(self):
        self.d = {}

    def items(self):
        return sorted(self.d.items(), key=lambda kv: (kv[1], kv[0]))

    def members(self):
        return [m for m, _ in self.items()]


def big_set(r, key, n=1000, seed=3, ties=True):
    """n members with many equal scores, added in shuffled order; returns the model."""
    rnd = random.Random(seed)
    md = Model()
    pairs = []
    for i in range(n):
        m = b'm%04d' % i
        s = float(rnd.randint(0, 60)) if ties and i % 3 else rnd.uniform(-1000, 1000)
        md.d[m] = s
        pairs.append((s, m))
    rnd.shuffle(pairs)
    eq(zadd_pairs(r, key, pairs), n)
    return md


def object_encoding(r, key):
    return r.cmd('OBJECT', 'ENCODING', key)


# ---------------------------------------------------------------------------------------------
# ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE

def test_zadd_zscore_zcard(srv):
    r = srv.raw()
    eq(r.cmd_raw('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'), b':3\r\n')
    eq(r.cmd('ZADD', 'z', '10', 'a', '4', 'd'), 1, 'counts only new members')
    eq(r.cmd('ZADD', 'z', '5', 'x', '6', 'x'), 1, 'the last score of a repeated member wins')
    eq(r.cmd('ZSCORE', 'z', 'x'), b'6')
    eq(r.cmd_raw('ZSCORE', 'z', 'a'), b'$2\r\n10\r\n')
    eq(r.cmd_raw('ZSCORE', 'z', 'nope'), b'$-1\r\n')
    eq(r.cmd_raw('ZSCORE', 'nokey', 'a'), b'$-1\r\n')
    eq(r.cmd('ZCARD', 'z'), 5)
    eq(r.cmd('ZCARD', 'nokey'), 0)
    eq(r.cmd('ZRANGE', 'z', '0', '-1'), [b'b', b'c', b'd', b'x', b'a'])
    eq(r.cmd('TYPE', 'z'), 'zset')
    binary = bytes(range(256))
    eq(r.cmd('ZADD', 'bin', '1', binary, '2', b''), 2)
    eq(r.cmd('ZSCORE', 'bin', binary), b'1')
    eq(r.cmd('ZSCORE', 'bin', b''), b'2')
    eq(r.cmd('ZRANGE', 'bin', '0', '-1'), [binary, b''])


def test_zadd_flags(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', 'XX', '1', 'a'), 0, 'XX on a missing key creates nothing')
    eq(r.cmd('EXISTS', 'z'), 0)
    eq(r.cmd('ZADD', 'z', 'NX', '1', 'a', '2', 'b'), 2)
    eq(r.cmd('ZADD', 'z', 'NX', '5', 'a', '3', 'c'), 1, 'NX never updates')
    eq(r.cmd('ZSCORE', 'z', 'a'), b'1')
    eq(r.cmd('ZADD', 'z', 'XX', '5', 'a', '9', 'new'), 0, 'XX never adds')
    eq(r.cmd('ZSCORE', 'z', 'a'), b'5')
    eq(r.cmd('ZSCORE', 'z', 'new'), None)
    eq(r.cmd('ZADD', 'z', 'CH', '5', 'a', '7', 'b', '8', 'd'), 2, 'CH counts changed and added')
    eq(r.cmd('ZADD', 'z', 'GT', 'CH', '4', 'a', '9', 'b', '1', 'e'), 2)
    eq(r.cmd('ZRANGE', 'z', '0', '-1', 'WITHSCORES'),
       [b'e', b'1', b'c', b'3', b'a', b'5', b'd', b'8', b'b', b'9'])
    eq(r.cmd('ZADD', 'z', 'lt', 'ch', '6', 'a', '2', 'b', '0', 'f'), 2)
    eq(r.cmd('ZSCORE', 'z', 'a'), b'5')
    eq(r.cmd('ZSCORE', 'z', 'b'), b'2')
    eq(r.cmd('ZADD', 'z', 'XX', 'GT', 'CH', '100', 'a', '1', 'zz'), 1)
    eq(r.cmd('ZADD', 'z', 'nx', 'NX', '200', 'q'), 1, 'a flag may repeat')
    eq(r.cmd('ZADD', 'z', 'CH', '100', 'a'), 0, 'the same score changes nothing')


def test_zadd_incr(srv):
    r = srv.raw()
    eq(r.cmd_raw('ZADD', 'z', 'INCR', '1.5', 'a'), b'$3\r\n1.5\r\n')
    eq(r.cmd('ZADD', 'z', 'INCR', '2', 'a'), b'3.5')
    eq(r.cmd_raw('ZADD', 'z', 'NX', 'INCR', '1', 'a'), b'$-1\r\n', 'NX with an existing member')
    eq(r.cmd_raw('ZADD', 'z', 'XX', 'INCR', '1', 'nope'), b'$-1\r\n', 'XX with a missing member')
    eq(r.cmd_raw('ZADD', 'nokey', 'XX', 'INCR', '1', 'a'), b'$-1\r\n')
    eq(r.cmd('EXISTS', 'nokey'), 0)
    eq(r.cmd('ZADD', 'z', 'GT', 'INCR', '-1', 'a'), None, 'GT refuses a lower result')
    eq(r.cmd('ZADD', 'z', 'LT', 'INCR', '-1', 'a'), b'2.5')
    eq(r.cmd('ZADD', 'z', 'INCR', '0', 'a'), b'2.5', 'an increment of 0 still replies')
    eq(r.cmd('ZADD', 'z', 'INCR', 'INCR', '1', 'a'), b'3.5')
    eq(r.cmd('ZADD', 'z', 'INCR', '1', 'a', '2', 'b'),
       'ERR INCR option supports a single increment-element pair')
    eq(r.cmd('ZADD', 'z', 'INCR', 'inf', 'a'), b'inf')
    eq(r.cmd('ZADD', 'z', 'INCR', '-inf', 'a'), 'ERR resulting score is not a number (NaN)')
    eq(r.cmd('ZSCORE', 'z', 'a'), b'inf', 'the failed increment changed nothing')
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZADD', 'z', 'INCR', '0.5', 'b'), b',0.5\r\n')
    eq(r3.cmd_raw('ZADD', 'z', 'NX', 'INCR', '0.5', 'b'), b'_\r\n')


def test_zadd_errors(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z'), arity('zadd'))
    eq(r.cmd('ZADD', 'z', '1'), arity('zadd'))
    eq(r.cmd('ZADD', 'z', '1', 'a', '2'), SYNTAX)
    eq(r.cmd('ZADD', 'z', 'NX', 'XX', '1', 'a'),
       'ERR XX and NX options at the same time are not compatible')
    eq(r.cmd('ZADD', 'z', 'GT', 'LT', '1', 'a'),
       'ERR GT, LT, and/or NX options at the same time are not compatible')
    eq(r.cmd('ZADD', 'z', 'GT', 'NX', '1', 'a'),
       'ERR GT, LT, and/or NX options at the same time are not compatible')
    eq(r.cmd('ZADD', 'z', 'LT', 'NX', '1', 'a'),
       'ERR GT, LT, and/or NX options at the same time are not compatible')
    eq(r.cmd('ZADD', 'z', 'NX'), arity('zadd'))
    eq(r.cmd('ZADD', 'z', 'NX', 'CH'), SYNTAX, 'flags but no pairs')
    eq(r.cmd('ZADD', 'z', '1', 'a', 'CH', '2', 'b'), SYNTAX, 'flags come first')
    for bad in ['abc', 'nan', '1 ', ' 1', '', '1e400', '0x', '1.5.5']:
        eq(r.cmd('ZADD', 'z', bad, 'a'), NOT_FLOAT, repr(bad))
    eq(r.cmd('ZADD', 'z', '1', 'a', 'x', 'b'), NOT_FLOAT)
    eq(r.cmd('EXISTS', 'z'), 0, 'nothing is added when a score is bad')
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZADD', 's', '1', 'a'), WRONGTYPE)
    eq(r.cmd('ZADD', 's', 'x', 'a'), NOT_FLOAT, 'scores are checked before the key')
    eq(r.cmd('ZINCRBY', 's', '1', 'a'), WRONGTYPE)
    eq(r.cmd('ZREM', 's', 'a'), WRONGTYPE)
    eq(r.cmd('ZSCORE', 's', 'a'), WRONGTYPE)
    eq(r.cmd('ZMSCORE', 's', 'a'), WRONGTYPE)
    eq(r.cmd('ZCARD', 's'), WRONGTYPE)
    eq(r.cmd('ZRANK', 's', 'a'), WRONGTYPE)
    eq(r.cmd('ZREVRANK', 's', 'a'), WRONGTYPE)
    eq(r.cmd('HSET', 'h', 'f', 'v'), 1)
    eq(r.cmd('ZADD', 'h', '1', 'a'), WRONGTYPE)


def test_zincrby(srv):
    r = srv.raw()
    eq(r.cmd_raw('ZINCRBY', 'z', '1', 'a'), b'$1\r\n1\r\n')
    eq(r.cmd('ZINCRBY', 'z', '0.1', 'a'), b'1.1000000000000001')
    eq(r.cmd('ZINCRBY', 'z', '-2.1', 'a'), b'-1')
    eq(r.cmd('ZINCRBY', 'z', '5', 'b'), b'5')
    eq(r.cmd('ZRANGE', 'z', '0', '-1'), [b'a', b'b'])
    eq(r.cmd('ZINCRBY', 'z', '10', 'a'), b'9')
    eq(r.cmd('ZRANGE', 'z', '0', '-1'), [b'b', b'a'], 'an increment moves the member')
    eq(r.cmd('ZINCRBY', 'z', 'x', 'a'), NOT_FLOAT)
    eq(r.cmd('ZINCRBY', 'z', 'nan', 'a'), NOT_FLOAT)
    eq(r.cmd('ZINCRBY', 'z', '+inf', 'a'), b'inf')
    eq(r.cmd('ZINCRBY', 'z', '-inf', 'a'), 'ERR resulting score is not a number (NaN)')
    eq(r.cmd('ZINCRBY', 'z', 'nx', 'a'), SYNTAX, 'an option word leaves an odd count')
    eq(r.cmd('ZINCRBY', 'z', '1'), arity('zincrby'))
    eq(r.cmd('ZINCRBY', 'z', '1', 'a', 'b'), arity('zincrby'))
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZINCRBY', 'z', '1', 'b'), b',6\r\n')


def test_zrem_removes_the_key_with_its_last_member(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'), 3)
    eq(r.cmd('ZREM', 'z', 'a', 'nope', 'a'), 1)
    eq(r.cmd('ZREM', 'nokey', 'a'), 0)
    eq(r.cmd('ZREM', 'z', 'b', 'c', 'd'), 2)
    eq(r.cmd('EXISTS', 'z'), 0, 'a sorted set never exists empty')
    eq(r.cmd('ZREM', 'z'), arity('zrem'))
    md = big_set(r, 'big', 300)
    gone = list(md.d)[:299]
    eq(r.cmd('ZREM', 'big', *gone), 299)
    eq(r.cmd('ZCARD', 'big'), 1)
    eq(r.cmd('ZREM', 'big', *list(md.d)), 1)
    eq(r.cmd('EXISTS', 'big'), 0)


def test_zmscore_zrank_zrevrank(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '2', 'c', '3', 'd'), 4)
    eq(r.cmd_raw('ZMSCORE', 'z', 'a', 'nope', 'd'),
       b'*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n3\r\n')
    eq(r.cmd_raw('ZMSCORE', 'nokey', 'a', 'b'), b'*2\r\n$-1\r\n$-1\r\n')
    eq(r.cmd('ZMSCORE', 'z'), arity('zmscore'))
    eq(r.cmd('ZRANK', 'z', 'a'), 0)
    eq(r.cmd('ZRANK', 'z', 'c'), 2)
    eq(r.cmd('ZREVRANK', 'z', 'c'), 1)
    eq(r.cmd('ZREVRANK', 'z', 'd'), 0)
    eq(r.cmd_raw('ZRANK', 'z', 'nope'), b'$-1\r\n')
    eq(r.cmd_raw('ZREVRANK', 'nokey', 'a'), b'$-1\r\n')
    eq(r.cmd('ZRANK', 'z', 'a', 'WITHSCORE'), arity('zrank'))
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZMSCORE', 'z', 'b', 'nope'), b'*2\r\n,2\r\n_\r\n')
    eq(r3.cmd_raw('ZSCORE', 'z', 'nope'), b'_\r\n')
    eq(r3.cmd_raw('ZRANK', 'z', 'nope'), b'_\r\n')
    eq(r3.cmd_raw('ZRANK', 'z', 'b'), b':1\r\n')


def test_score_formatting(srv):
    r = srv.raw()
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    cases = [('1.5', b'1.5'), ('0.1', b'0.10000000000000001'), ('1e300', b'1.0000000000000001e+300'),
             ('inf', b'inf'), ('-inf', b'-inf'), ('+inf', b'inf'), ('17', b'17'),
             ('-3', b'-3'), ('1e17', b'1e+17'), ('123456789012345678', b'1.2345678901234568e+17'),
             ('4503599627370496', b'4503599627370496'), ('3.0', b'3'), ('-0.25', b'-0.25'),
             ('1e-5', b'1.0000000000000001e-05'), ('2.5e-300', b'2.5e-300'), ('1e23', b'9.9999999999999992e+22'),
             ('0', b'0'), ('-0', b'0')]
    for i, (arg, want) in enumerate(cases):
        m = 'm%d' % i
        eq(r.cmd('ZADD', 'z', arg, m), 1)
        eq(r.cmd_raw('ZSCORE', 'z', m), b'$%d\r\n%s\r\n' % (len(want), want), arg)
        eq(r3.cmd_raw('ZSCORE', 'z', m), b',%s\r\n' % want, arg + ' (RESP3)')
    eq(r.cmd_raw('ZRANGE', 'z', '0', '0', 'WITHSCORES'), b'*2\r\n$2\r\nm4\r\n$4\r\n-inf\r\n')
    eq(r3.cmd_raw('ZRANGE', 'z', '-1', '-1', 'WITHSCORES'), b'*1\r\n*2\r\n$2\r\nm5\r\n,inf\r\n')
    # A listpack keeps -0 as the integer 0 (as Redis's does); the skiplist keeps the sign.
    big_set(r, 'big', 200)
    eq(r.cmd('ZADD', 'big', '-0', 'negzero', '0.1', 'tenth'), 2)
    eq(r.cmd('ZSCORE', 'big', 'negzero'), b'-0')
    eq(r.cmd('ZSCORE', 'big', 'tenth'), b'0.10000000000000001')
    eq(r.cmd('ZINCRBY', 'big', '-0', 'newzero'), b'-0')
    eq(r.cmd('ZADD', 'small', 'INCR', '-0', 'a'), b'-0', 'the reply is the computed score')
    eq(r.cmd('ZSCORE', 'small', 'a'), b'0')


# ---------------------------------------------------------------------------------------------
# ZCOUNT ZLEXCOUNT and the ZRANGE family

def test_zcount_and_score_bounds(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '-inf', 'n', '1', 'a', '2', 'b', '3', 'c', '3', 'cc', 'inf', 'p'), 6)
    eq(r.cmd('ZCOUNT', 'z', '-inf', '+inf'), 6)
    eq(r.cmd('ZCOUNT', 'z', '(-inf', '(inf'), 4)
    eq(r.cmd('ZCOUNT', 'z', '1', '3'), 4)
    eq(r.cmd('ZCOUNT', 'z', '(1', '3'), 3)
    eq(r.cmd('ZCOUNT', 'z', '(1', '(3'), 1)
    eq(r.cmd('ZCOUNT', 'z', '3', '1'), 0)
    eq(r.cmd('ZCOUNT', 'z', '(2', '(2'), 0)
    eq(r.cmd('ZCOUNT', 'z', '2', '2'), 1)
    eq(r.cmd('ZCOUNT', 'z', ' 1', '2.5'), 2, 'strtod skips leading spaces in a bound')
    eq(r.cmd('ZCOUNT', 'z', '(', '1'), 1, 'an empty exclusive bound reads as 0')
    eq(r.cmd('ZCOUNT', 'z', '0x1', '0x2'), 2, 'strtod reads hex')
    eq(r.cmd('ZCOUNT', 'z', '1e400', 'inf'), 1, 'an overflowing bound is infinite')
    eq(r.cmd('ZCOUNT', 'nokey', '0', '1'), 0)
    for bad in [('x', '1'), ('1', 'x'), ('1 ', '2'), ('nan', '1'), ('((1', '2'), ('[1', '2')]:
        eq(r.cmd('ZCOUNT', 'z', *bad), MINMAX_FLOAT, repr(bad))
    eq(r.cmd('ZCOUNT', 'z', '1'), arity('zcount'))
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZCOUNT', 's', '0', '1'), WRONGTYPE)
    eq(r.cmd('ZCOUNT', 's', '0', 'x'), MINMAX_FLOAT, 'the range is parsed before the key')


def test_zlexcount_and_lex_bounds(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '0', 'a', '0', 'b', '0', 'bb', '0', 'c', '0', 'd'), 5)
    eq(r.cmd('ZLEXCOUNT', 'z', '-', '+'), 5)
    eq(r.cmd('ZLEXCOUNT', 'z', '[b', '[c'), 3)
    eq(r.cmd('ZLEXCOUNT', 'z', '(b', '[c'), 2)
    eq(r.cmd('ZLEXCOUNT', 'z', '(b', '(c'), 1)
    eq(r.cmd('ZLEXCOUNT', 'z', '[c', '[b'), 0)
    eq(r.cmd('ZLEXCOUNT', 'z', '+', '-'), 0)
    eq(r.cmd('ZLEXCOUNT', 'z', '[', '(b'), 1, 'an empty string bound')
    eq(r.cmd('ZLEXCOUNT', 'z', '-', '(a'), 0)
    eq(r.cmd('ZLEXCOUNT', 'nokey', '-', '+'), 0)
    for bad in [('a', '+'), ('-', 'c'), ('+inf', '-'), ('--', '+'), ('', '+'), ('[a', '++')]:
        eq(r.cmd('ZLEXCOUNT', 'z', *bad), MINMAX_LEX, repr(bad))
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZLEXCOUNT', 's', '-', '+'), WRONGTYPE)


def test_zrange_by_rank(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'), 4)
    eq(r.cmd_raw('ZRANGE', 'z', '0', '1'), b'*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    eq(r.cmd_raw('ZRANGE', 'z', '0', '0', 'WITHSCORES'), b'*2\r\n$1\r\na\r\n$1\r\n1\r\n')
    eq(r.cmd('ZRANGE', 'z', '-2', '-1'), [b'c', b'd'])
    eq(r.cmd('ZRANGE', 'z', '-100', '1'), [b'a', b'b'])
    eq(r.cmd('ZRANGE', 'z', '2', '100'), [b'c', b'd'])
    eq(r.cmd_raw('ZRANGE', 'z', '3', '1'), b'*0\r\n')
    eq(r.cmd('ZRANGE', 'z', '4', '10'), [])
    eq(r.cmd('ZRANGE', 'z', '0', '-5'), [])
    eq(r.cmd('ZRANGE', 'z', '0', '1', 'REV'), [b'd', b'c'])
    eq(r.cmd('ZRANGE', 'z', '-1', '-1', 'rev', 'withscores'), [b'a', b'1'])
    eq(r.cmd('ZREVRANGE', 'z', '0', '-1', 'WITHSCORES'),
       [b'd', b'4', b'c', b'3', b'b', b'2', b'a', b'1'])
    eq(r.cmd('ZREVRANGE', 'z', '1', '2'), [b'c', b'b'])
    eq(r.cmd_raw('ZRANGE', 'nokey', '0', '-1'), b'*0\r\n')
    eq(r.cmd('ZRANGE', 'z', 'x', '1'), NOT_INT)
    eq(r.cmd('ZRANGE', 'z', '0', '1.5'), NOT_INT)
    eq(r.cmd('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'),
       'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX')
    eq(r.cmd('ZRANGE', 'z', '0', '1', 'LIMIT', '5', '-1'), [b'a', b'b'],
       'LIMIT with a count of -1 is no limit, even for ranks')
    eq(r.cmd('ZREVRANGE', 'z', '0', '1', 'LIMIT', '0', '1'),
       'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX')
    eq(r.cmd('ZRANGE', 'z', '0', '1', 'foo'), SYNTAX)
    eq(r.cmd('ZRANGE', 'z', '0', '1', 'REV', 'REV'), SYNTAX)
    eq(r.cmd('ZREVRANGE', 'z', '0', '1', 'REV'), SYNTAX)
    eq(r.cmd('ZRANGE', 'z', '0'), arity('zrange'))
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZRANGE', 'z', '0', '1', 'WITHSCORES'),
       b'*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n')
    eq(r3.cmd_raw('ZRANGE', 'z', '0', '1'), b'*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    eq(r3.cmd_raw('ZREVRANGE', 'z', '0', '0', 'WITHSCORES'), b'*1\r\n*2\r\n$1\r\nd\r\n,4\r\n')
    eq(r3.cmd_raw('ZRANGE', 'nokey', '0', '1', 'WITHSCORES'), b'*0\r\n')


def test_zrange_byscore_bylex(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '2', 'bb', '3', 'c', '5', 'e'), 5)
    eq(r.cmd('ZRANGE', 'z', '2', '3', 'BYSCORE'), [b'b', b'bb', b'c'])
    eq(r.cmd('ZRANGE', 'z', '(2', '+inf', 'BYSCORE', 'WITHSCORES'), [b'c', b'3', b'e', b'5'])
    eq(r.cmd('ZRANGE', 'z', '+inf', '(2', 'BYSCORE', 'REV'), [b'e', b'c'])
    eq(r.cmd('ZRANGE', 'z', '(2', '+inf', 'BYSCORE', 'REV'), [], 'REV takes max first')
    eq(r.cmd('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2'), [b'b', b'bb'])
    eq(r.cmd('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2', 'WITHSCORES'),
       [b'c', b'3', b'bb', b'2'])
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'LIMIT', '1', '-1'), [b'b', b'bb', b'c', b'e'])
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'LIMIT', '-1', '2'), [],
       'a negative offset gives nothing')
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'LIMIT', '0', '0'), [])
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'LIMIT', '5', '1'), [])
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'LIMIT', '4', '10'), [b'e'])
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'LIMIT', '0'), SYNTAX)
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'LIMIT', 'x', '1'), NOT_INT)
    eq(r.cmd('ZRANGE', 'z', '0', '10', 'BYSCORE', 'BYLEX'), SYNTAX)
    eq(r.cmd('ZRANGE', 'z', 'x', '10', 'BYSCORE'), MINMAX_FLOAT)
    eq(r.cmd('ZRANGE', 'nokey', '0', '10', 'BYSCORE'), [])
    eq(r.cmd('ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e'), 5)
    eq(r.cmd('ZRANGE', 'l', '[b', '(d', 'BYLEX'), [b'b', b'c'])
    eq(r.cmd('ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '1', '3'), [b'b', b'c', b'd'])
    eq(r.cmd('ZRANGE', 'l', '+', '-', 'BYLEX', 'REV', 'LIMIT', '1', '3'), [b'd', b'c', b'b'])
    eq(r.cmd('ZRANGE', 'l', '(d', '[b', 'BYLEX', 'REV'), [b'c', b'b'])
    eq(r.cmd('ZRANGE', 'l', 'b', 'd', 'BYLEX'), MINMAX_LEX)
    eq(r.cmd('ZRANGE', 'l', '[b', '[d', 'BYLEX', 'WITHSCORES'),
       'ERR syntax error, WITHSCORES not supported in combination with BYLEX')
    eq(r.cmd('ZRANGE', 'l', 'b', 'd', 'BYLEX', 'WITHSCORES'),
       'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
       'option conflicts are reported before the range is parsed')
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZRANGE', 'z', '5', '3', 'BYSCORE', 'REV', 'WITHSCORES'),
       b'*2\r\n*2\r\n$1\r\ne\r\n,5\r\n*2\r\n$1\r\nc\r\n,3\r\n')


def test_legacy_range_commands(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'), 4)
    eq(r.cmd('ZRANGEBYSCORE', 'z', '2', '3'), [b'b', b'c'])
    eq(r.cmd('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '1', '2'),
       [b'b', b'2', b'c', b'3'])
    eq(r.cmd('ZRANGEBYSCORE', 'z', '0', '10', 'WITHSCORES', 'LIMIT', '0', '1', 'WITHSCORES'),
       [b'a', b'1'])
    eq(r.cmd('ZREVRANGEBYSCORE', 'z', '+inf', '(1', 'LIMIT', '0', '2'), [b'd', b'c'])
    eq(r.cmd('ZREVRANGEBYSCORE', 'z', '3', '2', 'WITHSCORES'), [b'c', b'3', b'b', b'2'])
    eq(r.cmd('ZRANGEBYSCORE', 'z', '0', '10', 'REV'), SYNTAX)
    eq(r.cmd('ZRANGEBYSCORE', 'z', '0', '10', 'BYLEX'), SYNTAX)
    eq(r.cmd('ZRANGEBYSCORE', 'z', '0', '10', 'BYSCORE'), SYNTAX)
    eq(r.cmd('ZRANGEBYSCORE', 'z', '0', 'x'), MINMAX_FLOAT)
    eq(r.cmd('ZADD', 'l', '0', 'alpha', '0', 'beta', '0', 'gamma', '0', 'delta'), 4)
    eq(r.cmd('ZRANGEBYLEX', 'l', '-', '+'), [b'alpha', b'beta', b'delta', b'gamma'])
    eq(r.cmd('ZRANGEBYLEX', 'l', '[b', '(g', 'LIMIT', '1', '5'), [b'delta'])
    eq(r.cmd('ZREVRANGEBYLEX', 'l', '+', '-', 'LIMIT', '0', '2'), [b'gamma', b'delta'])
    eq(r.cmd('ZREVRANGEBYLEX', 'l', '(gamma', '[beta'), [b'delta', b'beta'])
    eq(r.cmd('ZRANGEBYLEX', 'l', '-', '+', 'WITHSCORES'),
       'ERR syntax error, WITHSCORES not supported in combination with BYLEX')
    eq(r.cmd('ZRANGEBYLEX', 'l', 'a', '+'), MINMAX_LEX)
    eq(r.cmd('ZREVRANGEBYLEX', 'l', '-', '+'), [])
    eq(r.cmd('ZRANGEBYLEX', 'nokey', '-', '+'), [])
    eq(r.cmd('SET', 's', 'v'), 'OK')
    for cmd in [('ZRANGE', 's', '0', '1'), ('ZREVRANGE', 's', '0', '1'),
                ('ZRANGEBYSCORE', 's', '0', '1'), ('ZREVRANGEBYSCORE', 's', '1', '0'),
                ('ZRANGEBYLEX', 's', '-', '+'), ('ZREVRANGEBYLEX', 's', '+', '-')]:
        eq(r.cmd(*cmd), WRONGTYPE, cmd[0])
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZRANGEBYSCORE', 'z', '1', '1', 'WITHSCORES'), b'*1\r\n*2\r\n$1\r\na\r\n,1\r\n')
    eq(r3.cmd_raw('ZREVRANGEBYSCORE', 'z', '4', '4', 'WITHSCORES'),
       b'*1\r\n*2\r\n$1\r\nd\r\n,4\r\n')


def test_zrangestore(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'src', '1', 'a', '2', 'b', '3', 'c', '4', 'd'), 4)
    eq(r.cmd_raw('ZRANGESTORE', 'dst', 'src', '1', '2'), b':2\r\n')
    eq(r.cmd('ZRANGE', 'dst', '0', '-1', 'WITHSCORES'), [b'b', b'2', b'c', b'3'])
    eq(r.cmd('ZRANGESTORE', 'dst', 'src', '(1', '+inf', 'BYSCORE', 'REV'), 0,
       'REV takes max first')
    eq(r.cmd('EXISTS', 'dst'), 0, 'an empty result deletes the destination')
    eq(r.cmd('ZRANGESTORE', 'dst', 'src', '+inf', '(1', 'BYSCORE', 'REV', 'LIMIT', '0', '2'), 2)
    eq(r.cmd('ZRANGE', 'dst', '0', '-1'), [b'c', b'd'])
    eq(r.cmd('ZRANGESTORE', 'dst', 'src', '[a', '[b', 'BYLEX'), 2)
    eq(r.cmd('ZRANGE', 'dst', '0', '-1'), [b'a', b'b'])
    eq(r.cmd('ZRANGESTORE', 'dst', 'nokey', '0', '-1'), 0)
    eq(r.cmd('EXISTS', 'dst'), 0)
    eq(r.cmd('SET', 'str', 'v'), 'OK')
    eq(r.cmd('EXPIRE', 'str', '100'), 1)
    eq(r.cmd('ZRANGESTORE', 'str', 'src', '0', '0'), 1, 'the destination may hold any type')
    eq(r.cmd('TYPE', 'str'), 'zset')
    eq(r.cmd('TTL', 'str'), -1, 'and loses its expiry')
    eq(r.cmd('ZRANGESTORE', 'src', 'src', '1', '2'), 2, 'the source may be the destination')
    eq(r.cmd('ZRANGE', 'src', '0', '-1'), [b'b', b'c'])
    eq(r.cmd('ZRANGESTORE', 'dst', 'src', '0', '-1', 'WITHSCORES'), SYNTAX)
    eq(r.cmd('ZRANGESTORE', 'dst', 'src', '0', '-1', 'LIMIT', '0', '1'),
       'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX')
    eq(r.cmd('ZRANGESTORE', 'dst', 'src', '0'), arity('zrangestore'))
    eq(r.cmd('SET', 'str', 'v'), 'OK')
    eq(r.cmd('ZRANGESTORE', 'dst', 'str', '0', '-1'), WRONGTYPE)


def test_zremrange(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'), 5)
    eq(r.cmd('ZREMRANGEBYRANK', 'z', '0', '0'), 1)
    eq(r.cmd('ZREMRANGEBYRANK', 'z', '-1', '-1'), 1)
    eq(r.cmd('ZREMRANGEBYRANK', 'z', '5', '10'), 0)
    eq(r.cmd('ZREMRANGEBYRANK', 'z', '2', '1'), 0)
    eq(r.cmd('ZRANGE', 'z', '0', '-1'), [b'b', b'c', b'd'])
    eq(r.cmd('ZREMRANGEBYSCORE', 'z', '(2', '3'), 1)
    eq(r.cmd('ZREMRANGEBYSCORE', 'z', '10', '20'), 0)
    eq(r.cmd('ZREMRANGEBYSCORE', 'z', '-inf', '+inf'), 2)
    eq(r.cmd('EXISTS', 'z'), 0)
    eq(r.cmd('ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd'), 4)
    eq(r.cmd('ZREMRANGEBYLEX', 'l', '(a', '[c'), 2)
    eq(r.cmd('ZRANGE', 'l', '0', '-1'), [b'a', b'd'])
    eq(r.cmd('ZREMRANGEBYLEX', 'l', '-', '+'), 2)
    eq(r.cmd('EXISTS', 'l'), 0)
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b'), 2)
    eq(r.cmd('ZREMRANGEBYRANK', 'z', '0', '-1'), 2)
    eq(r.cmd('EXISTS', 'z'), 0)
    for cmd in ['ZREMRANGEBYRANK', 'ZREMRANGEBYSCORE', 'ZREMRANGEBYLEX']:
        eq(r.cmd(cmd, 'nokey', '-', '+') if cmd == 'ZREMRANGEBYLEX' else
           r.cmd(cmd, 'nokey', '0', '1'), 0)
        eq(r.cmd(cmd, 'z', '0'), arity(cmd.lower()))
    eq(r.cmd('ZREMRANGEBYRANK', 'z', 'a', '1'), NOT_INT)
    eq(r.cmd('ZREMRANGEBYSCORE', 'z', 'a', '1'), MINMAX_FLOAT)
    eq(r.cmd('ZREMRANGEBYLEX', 'z', 'a', '+'), MINMAX_LEX)
    eq(r.cmd('ZREMRANGEBYRANK', 'nokey', 'a', '1'), NOT_INT, 'parsed before the key')
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZREMRANGEBYRANK', 's', '0', '1'), WRONGTYPE)
    eq(r.cmd('ZREMRANGEBYSCORE', 's', '0', '1'), WRONGTYPE)
    eq(r.cmd('ZREMRANGEBYLEX', 's', '-', '+'), WRONGTYPE)


# ---------------------------------------------------------------------------------------------
# Pops and random members

def test_zpopmin_zpopmax(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'), 5)
    eq(r.cmd_raw('ZPOPMIN', 'z'), b'*2\r\n$1\r\na\r\n$1\r\n1\r\n')
    eq(r.cmd_raw('ZPOPMAX', 'z'), b'*2\r\n$1\r\ne\r\n$1\r\n5\r\n')
    eq(r.cmd('ZPOPMIN', 'z', '2'), [b'b', b'2', b'c', b'3'])
    eq(r.cmd_raw('ZPOPMIN', 'z', '0'), b'*0\r\n')
    eq(r.cmd('ZPOPMAX', 'z', '10'), [b'd', b'4'])
    eq(r.cmd('EXISTS', 'z'), 0, 'the last pop deletes the key')
    eq(r.cmd_raw('ZPOPMIN', 'z'), b'*0\r\n')
    eq(r.cmd_raw('ZPOPMAX', 'z', '3'), b'*0\r\n')
    eq(r.cmd('ZPOPMIN', 'z', '-1'), NOT_POSITIVE)
    eq(r.cmd('ZPOPMIN', 'z', 'x'), NOT_POSITIVE)
    eq(r.cmd('ZPOPMIN', 'z', '1', '2'), SYNTAX)
    eq(r.cmd('ZPOPMIN'), arity('zpopmin'))
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZPOPMIN', 's'), WRONGTYPE)
    eq(r.cmd('ZPOPMAX', 's', '0'), WRONGTYPE)
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd('ZADD', 'z', '1', 'a', '2.5', 'b', '3', 'c'), 3)
    eq(r3.cmd_raw('ZPOPMIN', 'z'), b'*2\r\n$1\r\na\r\n,1\r\n', 'no count: one flat pair')
    eq(r3.cmd_raw('ZPOPMIN', 'z', '1'), b'*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n', 'a count nests pairs')
    eq(r3.cmd_raw('ZPOPMAX', 'z', '5'), b'*1\r\n*2\r\n$1\r\nc\r\n,3\r\n')
    eq(r3.cmd_raw('ZPOPMAX', 'z'), b'*0\r\n')


def test_zmpop(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z2', '1', 'a', '2', 'b', '3', 'c'), 3)
    eq(r.cmd_raw('ZMPOP', '2', 'z1', 'z2', 'MIN'),
       b'*2\r\n$2\r\nz2\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n')
    eq(r.cmd('ZMPOP', '1', 'z2', 'max', 'COUNT', '5'), [b'z2', [[b'c', b'3'], [b'b', b'2']]])
    eq(r.cmd('EXISTS', 'z2'), 0)
    eq(r.cmd_raw('ZMPOP', '2', 'z1', 'z2', 'MIN'), b'*-1\r\n')
    eq(r.cmd('ZMPOP', '0', 'z', 'MIN'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('ZMPOP', 'x', 'z', 'MIN'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('ZMPOP', '2', 'z', 'MIN'), SYNTAX)
    eq(r.cmd('ZMPOP', '99999999999', 'z', 'MIN'), SYNTAX)
    eq(r.cmd('ZMPOP', '1', 'z', 'FOO'), SYNTAX)
    eq(r.cmd('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'), 'ERR count should be greater than 0')
    eq(r.cmd('ZMPOP', '1', 'z', 'MIN', 'COUNT', 'x'), 'ERR count should be greater than 0')
    eq(r.cmd('ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1'), SYNTAX)
    eq(r.cmd('ZMPOP', '1', 'z', 'MIN', 'COUNT'), SYNTAX)
    eq(r.cmd('ZMPOP', '1', 'z', 'MIN', 'foo'), SYNTAX)
    eq(r.cmd('ZMPOP', '1', 'z'), arity('zmpop'))
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZADD', 'z', '1', 'a'), 1)
    eq(r.cmd('ZMPOP', '2', 'nokey', 's', 'MIN'), WRONGTYPE)
    eq(r.cmd('ZMPOP', '2', 'z', 's', 'MIN'), [b'z', [[b'a', b'1']]],
       'keys after the first non-empty one are not looked at')
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd('ZADD', 'z', '1.5', 'a', '2', 'b'), 2)
    eq(r3.cmd_raw('ZMPOP', '1', 'z', 'MAX', 'COUNT', '2'),
       b'*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1.5\r\n')
    eq(r3.cmd_raw('ZMPOP', '1', 'z', 'MAX'), b'_\r\n')


def test_zrandmember(srv):
    r = srv.raw()
    eq(r.cmd_raw('ZRANDMEMBER', 'nokey'), b'$-1\r\n')
    eq(r.cmd_raw('ZRANDMEMBER', 'nokey', '5'), b'*0\r\n')
    eq(r.cmd_raw('ZRANDMEMBER', 'nokey', '-5', 'WITHSCORES'), b'*0\r\n')
    scores = {b'a': b'1', b'b': b'2', b'c': b'3', b'd': b'0.5'}
    eq(r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '0.5', 'd'), 4)
    for _ in range(20):
        ok(r.cmd('ZRANDMEMBER', 'z') in scores, 'a member')
    eq(r.cmd_raw('ZRANDMEMBER', 'z', '0'), b'*0\r\n')
    got = r.cmd('ZRANDMEMBER', 'z', '3')
    eq(len(got), 3)
    eq(len(set(got)), 3, 'a positive count gives distinct members')
    eq(sorted(r.cmd('ZRANDMEMBER', 'z', '10')), sorted(scores), 'all of them past the size')
    got = r.cmd('ZRANDMEMBER', 'z', '-20')
    eq(len(got), 20, 'a negative count may repeat')
    ok(set(got) <= set(scores), 'members only')
    got = r.cmd('ZRANDMEMBER', 'z', '-7', 'WITHSCORES')
    eq(len(got), 14)
    for m, s in zip(got[0::2], got[1::2]):
        eq(s, scores[m], 'score of %r' % m)
    got = r.cmd('ZRANDMEMBER', 'z', '9', 'withscores')
    eq(dict(zip(got[0::2], got[1::2])), scores)
    eq(r.cmd('ZRANDMEMBER', 'z', 'x'), NOT_INT)
    eq(r.cmd('ZRANDMEMBER', 'z', '1', 'foo'), SYNTAX)
    eq(r.cmd('ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'), SYNTAX)
    eq(r.cmd('ZRANDMEMBER', 'z', '-9223372036854775808'),
       'ERR value is out of range, value must between -9223372036854775807 and '
       '9223372036854775807')
    eq(r.cmd('ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'),
       'ERR value is out of range')
    eq(r.cmd('ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'),
       'ERR value is out of range')
    eq(len(r.cmd('ZRANDMEMBER', 'z', '9223372036854775807')), 4)
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZRANDMEMBER', 's'), WRONGTYPE)
    eq(r.cmd('ZRANDMEMBER', 's', '1'), WRONGTYPE)
    eq(r.cmd('ZRANDMEMBER', 's', '1', 'foo'), SYNTAX, 'arguments are parsed before the key')
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd('ZADD', 'one', '2.5', 'x'), 1)
    eq(r3.cmd_raw('ZRANDMEMBER', 'one', '1', 'WITHSCORES'), b'*1\r\n*2\r\n$1\r\nx\r\n,2.5\r\n')
    eq(r3.cmd_raw('ZRANDMEMBER', 'one', '-2', 'WITHSCORES'),
       b'*2\r\n*2\r\n$1\r\nx\r\n,2.5\r\n*2\r\n$1\r\nx\r\n,2.5\r\n')
    eq(r3.cmd_raw('ZRANDMEMBER', 'one', '3', 'WITHSCORES'), b'*1\r\n*2\r\n$1\r\nx\r\n,2.5\r\n')
    eq(r3.cmd_raw('ZRANDMEMBER', 'one', '-2'), b'*2\r\n$1\r\nx\r\n$1\r\nx\r\n')
    eq(r3.cmd_raw('ZRANDMEMBER', 'nokey'), b'_\r\n')


def test_zrandmember_large(srv):
    r = srv.raw()
    md = big_set(r, 'big', 1000)
    for count in [1, 10, 300, 400, 999, 1000]:
        got = r.cmd('ZRANDMEMBER', 'big', str(count), 'WITHSCORES')
        members = got[0::2]
        eq(len(members), count)
        eq(len(set(members)), count, 'distinct members for count %d' % count)
        for m, s in zip(members, got[1::2]):
            eq(s, fmt(md.d[m]), 'score of %r' % m)
    got = r.cmd('ZRANDMEMBER', 'big', '-2000')
    eq(len(got), 2000)
    ok(set(got) <= set(md.d), 'members only')
    ok(len(set(got)) > 500, 'a negative count samples the whole set')


# ---------------------------------------------------------------------------------------------
# ZUNION ZINTER ZDIFF, the STORE forms, ZINTERCARD

def test_zunion_zinter_zdiff(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'), 3)
    eq(r.cmd('ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'), 3)
    eq(r.cmd('ZUNION', '2', 'a', 'b'), [b'x', b'y', b'z', b'w'])
    eq(r.cmd('ZUNION', '2', 'a', 'b', 'WITHSCORES'),
       [b'x', b'1', b'y', b'12', b'z', b'23', b'w', b'30'])
    eq(r.cmd('ZUNION', '2', 'a', 'b', 'WEIGHTS', '2', '0.5', 'WITHSCORES'),
       [b'x', b'2', b'y', b'9', b'w', b'15', b'z', b'16'])
    eq(r.cmd('ZUNION', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'),
       [b'x', b'1', b'y', b'2', b'z', b'3', b'w', b'30'])
    eq(r.cmd('ZUNION', '2', 'a', 'b', 'aggregate', 'max', 'withscores'),
       [b'x', b'1', b'y', b'10', b'z', b'20', b'w', b'30'])
    eq(r.cmd('ZINTER', '2', 'a', 'b', 'WITHSCORES'), [b'y', b'12', b'z', b'23'])
    eq(r.cmd('ZINTER', '2', 'a', 'b', 'WEIGHTS', '1', '-1', 'AGGREGATE', 'SUM', 'WITHSCORES'),
       [b'z', b'-17', b'y', b'-8'])
    eq(r.cmd('ZINTER', '3', 'a', 'b', 'nokey'), [])
    eq(r.cmd('ZDIFF', '2', 'a', 'b', 'WITHSCORES'), [b'x', b'1'])
    eq(r.cmd('ZDIFF', '2', 'b', 'a'), [b'w'])
    eq(r.cmd('ZDIFF', '1', 'a'), [b'x', b'y', b'z'])
    eq(r.cmd('ZDIFF', '2', 'nokey', 'a'), [])
    eq(r.cmd('ZUNION', '2', 'nokey', 'nokey2'), [])
    eq(r.cmd('ZUNION', '2', 'a', 'a', 'WITHSCORES'), [b'x', b'2', b'y', b'4', b'z', b'6'])
    # Sets take part with a score of 1.
    eq(r.cmd('SADD', 'set', 'x', 'q', 'w'), 3)
    eq(r.cmd('ZUNION', '2', 'a', 'set', 'WITHSCORES'),
       [b'q', b'1', b'w', b'1', b'x', b'2', b'y', b'2', b'z', b'3'])
    eq(r.cmd('ZINTER', '2', 'set', 'b', 'WEIGHTS', '5', '1', 'WITHSCORES'), [b'w', b'35'])
    eq(r.cmd('ZDIFF', '2', 'set', 'a', 'WITHSCORES'), [b'q', b'1', b'w', b'1'])
    # inf * 0 and inf - inf count as 0.
    eq(r.cmd('ZADD', 'i', 'inf', 'p', '-inf', 'n'), 2)
    eq(r.cmd('ZUNION', '1', 'i', 'WEIGHTS', '0', 'WITHSCORES'), [b'n', b'0', b'p', b'0'])
    eq(r.cmd('ZADD', 'j', '-inf', 'p', 'inf', 'n'), 2)
    eq(r.cmd('ZUNION', '2', 'i', 'j', 'WITHSCORES'), [b'n', b'0', b'p', b'0'])
    eq(r.cmd('ZINTER', '2', 'i', 'j', 'AGGREGATE', 'MAX', 'WITHSCORES'),
       [b'n', b'inf', b'p', b'inf'])
    # Scores add up from the smallest input to the largest, as Redis sorts them.
    eq(r.cmd('ZADD', 'big3', '1e16', 'm', '1', 'x', '2', 'y'), 3)
    eq(r.cmd('ZADD', 'mid2', '1', 'm', '5', 'q'), 2)
    eq(r.cmd('ZADD', 'one1', '1', 'm'), 1)
    for order in [('big3', 'mid2', 'one1'), ('one1', 'mid2', 'big3')]:
        eq(r.cmd('ZSCORE', 'big3', 'm'), b'10000000000000000')
        got = r.cmd('ZUNION', '3', *order, 'WITHSCORES')
        eq(got[-2:], [b'm', b'10000000000000002'], 'sum order for %r' % (order,))
        eq(r.cmd('ZINTER', '3', *order, 'WITHSCORES'), [b'm', b'10000000000000002'])
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZUNION', '1', 'a', 'WITHSCORES'),
       b'*3\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,2\r\n*2\r\n$1\r\nz\r\n,3\r\n')
    eq(r3.cmd_raw('ZDIFF', '2', 'a', 'b'), b'*1\r\n$1\r\nx\r\n')


def test_setops_keep_the_sign_of_zero(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'small', '0', 'a', '1', 'b'), 2)
    # Results are built as skiplists, which keep -0; a stored small result is a listpack.
    eq(r.cmd('ZUNION', '1', 'small', 'WEIGHTS', '-1', 'WITHSCORES'), [b'b', b'-1', b'a', b'-0'])
    eq(r.cmd('ZINTER', '2', 'small', 'small', 'WEIGHTS', '-1', '1', 'WITHSCORES'),
       [b'a', b'0', b'b', b'0'])
    eq(r.cmd('ZINTER', '2', 'small', 'small', 'WEIGHTS', '-1', '-1', 'WITHSCORES'),
       [b'b', b'-2', b'a', b'-0'])
    eq(r.cmd('ZUNIONSTORE', 'd', '1', 'small', 'WEIGHTS', '-1'), 2)
    eq(r.cmd('ZSCORE', 'd', 'a'), b'0')
    big_set(r, 'big', 200)
    eq(r.cmd('ZADD', 'big', '-0', 'negzero'), 1)
    eq(r.cmd('ZUNIONSTORE', 'd', '1', 'big'), 201)
    eq(r.cmd('ZSCORE', 'd', 'negzero'), b'-0')
    eq(r.cmd('ZRANGESTORE', 'd', 'big', '0', '-1'), 201)
    eq(r.cmd('ZSCORE', 'd', 'negzero'), b'-0')
    zeros = r.cmd('ZCOUNT', 'big', '0', '0')
    eq(r.cmd('ZRANGESTORE', 'd', 'big', '0', '0', 'BYSCORE'), zeros)
    eq(r.cmd('ZSCORE', 'd', 'negzero'), b'0', 'a small stored range is a listpack')
    eq(r.cmd('ZDIFF', '2', 'big', 'small', 'WITHSCORES').count(b'-0'), 1)


def test_setops_over_the_same_input_twice(srv):
    r = srv.raw()
    # Sets and sorted sets of growing sizes, so some are resizing when they are walked.
    for i in range(40):
        eq(r.cmd('SADD', 's', 'm%d' % i), 1)
        eq(r.cmd('ZADD', 'z', str(i), 'm%d' % i), 1)
        eq(r.cmd('ZINTERCARD', '2', 's', 's'), i + 1)
        eq(len(r.cmd('ZINTER', '3', 's', 's', 'z')), i + 1)
        eq(r.cmd('ZDIFF', '2', 's', 's'), [])
        eq(r.cmd('ZDIFF', '2', 'z', 'z'), [])
        eq(r.cmd('ZINTER', '2', 'z', 'z', 'WITHSCORES')[-2:], [b'm%d' % i, b'%d' % (2 * i)])


def test_setop_errors(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'a', '1', 'x'), 1)
    for cmd, pre in [('ZUNION', []), ('ZINTER', []), ('ZDIFF', []), ('ZINTERCARD', []),
                     ('ZUNIONSTORE', ['d']), ('ZINTERSTORE', ['d']), ('ZDIFFSTORE', ['d'])]:
        name = cmd.lower()
        eq(r.cmd(cmd, *pre, '0', 'a'), "ERR at least 1 input key is needed for '%s' command" % name)
        eq(r.cmd(cmd, *pre, '-1', 'a'), "ERR at least 1 input key is needed for '%s' command" % name)
        eq(r.cmd(cmd, *pre, 'x', 'a'), NOT_INT, cmd)
        eq(r.cmd(cmd, *pre, '2', 'a'), SYNTAX, cmd)
        eq(r.cmd(cmd, *pre, '2147483648', 'a'), SYNTAX, cmd)
        eq(r.cmd(cmd, *pre, '1', 'a', 'foo'), SYNTAX, cmd)
    eq(r.cmd('ZUNION', '1', 'a', 'WEIGHTS', '1', '2'), SYNTAX)
    eq(r.cmd('ZUNION', '2', 'a', 'a', 'WEIGHTS', '1'), SYNTAX)
    eq(r.cmd('ZUNION', '1', 'a', 'WEIGHTS', 'x'), 'ERR weight value is not a float')
    eq(r.cmd('ZINTER', '1', 'a', 'AGGREGATE', 'avg'), SYNTAX)
    eq(r.cmd('ZINTER', '1', 'a', 'AGGREGATE'), SYNTAX)
    eq(r.cmd('ZDIFF', '1', 'a', 'WEIGHTS', '1'), SYNTAX)
    eq(r.cmd('ZDIFF', '1', 'a', 'AGGREGATE', 'SUM'), SYNTAX)
    eq(r.cmd('ZUNIONSTORE', 'd', '1', 'a', 'WITHSCORES'), SYNTAX)
    eq(r.cmd('ZINTERCARD', '1', 'a', 'WITHSCORES'), SYNTAX)
    eq(r.cmd('ZINTERCARD', '1', 'a', 'WEIGHTS', '1'), SYNTAX)
    eq(r.cmd('ZUNION', '1'), arity('zunion'))
    eq(r.cmd('ZUNIONSTORE', 'd', '1'), arity('zunionstore'))
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZUNION', '2', 'a', 's'), WRONGTYPE)
    eq(r.cmd('ZUNIONSTORE', 'd', '2', 's', 'a', 'foo'), WRONGTYPE, 'keys are checked first')
    eq(r.cmd('ZINTER', '2', 'nokey', 's'), WRONGTYPE)
    eq(r.cmd('ZINTERCARD', '2', 'a', 's', 'LIMIT', 'x'), WRONGTYPE)
    eq(r.cmd('ZDIFFSTORE', 'd', '2', 'a', 's'), WRONGTYPE)
    eq(r.cmd('EXISTS', 'd'), 0)


def test_store_forms(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'), 3)
    eq(r.cmd('ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'), 3)
    eq(r.cmd_raw('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'), b':4\r\n')
    eq(r.cmd('ZRANGE', 'd', '0', '-1', 'WITHSCORES'),
       [b'x', b'1', b'y', b'22', b'z', b'43', b'w', b'60'])
    eq(r.cmd('ZINTERSTORE', 'd', '2', 'a', 'b', 'AGGREGATE', 'MAX'), 2)
    eq(r.cmd('ZRANGE', 'd', '0', '-1', 'WITHSCORES'), [b'y', b'10', b'z', b'20'])
    eq(r.cmd('ZDIFFSTORE', 'd', '2', 'a', 'b'), 1)
    eq(r.cmd('ZRANGE', 'd', '0', '-1', 'WITHSCORES'), [b'x', b'1'])
    eq(r.cmd('ZINTERSTORE', 'd', '2', 'a', 'nokey'), 0)
    eq(r.cmd('EXISTS', 'd'), 0, 'an empty result deletes the destination')
    eq(r.cmd('SET', 'd', 'v'), 'OK')
    eq(r.cmd('EXPIRE', 'd', '100'), 1)
    eq(r.cmd('ZUNIONSTORE', 'd', '1', 'a'), 3)
    eq(r.cmd('TYPE', 'd'), 'zset')
    eq(r.cmd('TTL', 'd'), -1)
    eq(r.cmd('ZUNIONSTORE', 'a', '2', 'a', 'b'), 4, 'a source may be the destination')
    eq(r.cmd('ZRANGE', 'a', '0', '-1'), [b'x', b'y', b'z', b'w'])
    eq(r.cmd('ZDIFFSTORE', 'a', '2', 'a', 'a'), 0)
    eq(r.cmd('EXISTS', 'a'), 0)
    eq(r.cmd('SADD', 'set', 'p', 'q'), 2)
    eq(r.cmd('ZUNIONSTORE', 'fromset', '1', 'set', 'WEIGHTS', '3'), 2)
    eq(r.cmd('ZRANGE', 'fromset', '0', '-1', 'WITHSCORES'), [b'p', b'3', b'q', b'3'])


def test_zintercard(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z', '4', 'v'), 4)
    eq(r.cmd('ZADD', 'b', '1', 'y', '2', 'z', '3', 'v', '4', 'w'), 4)
    eq(r.cmd('SADD', 's', 'z', 'v', 'q'), 3)
    eq(r.cmd_raw('ZINTERCARD', '2', 'a', 'b'), b':3\r\n')
    eq(r.cmd('ZINTERCARD', '3', 'a', 'b', 's'), 2)
    eq(r.cmd('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '2'), 2)
    eq(r.cmd('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'), 3, 'LIMIT 0 is no limit')
    eq(r.cmd('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1', 'LIMIT', '5'), 3, 'the last LIMIT wins')
    eq(r.cmd('ZINTERCARD', '2', 'a', 'nokey'), 0)
    eq(r.cmd('ZINTERCARD', '1', 'a', 'LIMIT', '-1'), "ERR LIMIT can't be negative")
    eq(r.cmd('ZINTERCARD', '1', 'a', 'LIMIT', 'x'), "ERR LIMIT can't be negative")
    eq(r.cmd('ZINTERCARD', '1', 'a', 'LIMIT'), SYNTAX)


def test_command_getkeys_of_numkeys_forms(srv):
    r = srv.raw()
    eq(r.cmd('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'),
       [b'd', b'a', b'b'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'ZINTER', '2', 'a', 'b'), [b'a', b'b'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'ZINTERCARD', '1', 'a', 'LIMIT', '1'), [b'a'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'ZDIFFSTORE', 'd', '1', 'a'), [b'd', b'a'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'ZMPOP', '2', 'a', 'b', 'MIN'), [b'a', b'b'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'ZRANGESTORE', 'd', 's', '0', '1'), [b'd', b's'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'ZUNION', '5', 'a', 'b'),
       'ERR Invalid arguments specified for command')


# ---------------------------------------------------------------------------------------------
# ZSCAN

def zscan_all(r, key, *extra):
    cursor = b'0'
    found = []
    calls = 0
    while True:
        reply = r.cmd('ZSCAN', key, cursor, *extra)
        ok(isinstance(reply, list) and len(reply) == 2, 'ZSCAN reply shape: %r' % (reply,))
        cursor, batch = reply
        ok(isinstance(cursor, bytes) and cursor.isdigit(), 'cursor %r' % (cursor,))
        ok(len(batch) % 2 == 0, 'member/score pairs')
        found += list(zip(batch[0::2], batch[1::2]))
        calls += 1
        ok(calls < 100000, 'ZSCAN did not finish')
        if cursor == b'0':
            return found, calls


def test_zscan(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'z', '1', 'a', '0.1', 'b', 'inf', 'c'), 3)
    reply = r.cmd('ZSCAN', 'z', '0')
    eq(reply[0], b'0', 'a small set comes back in one call')
    eq(dict(zip(reply[1][0::2], reply[1][1::2])),
       {b'a': b'1', b'b': b'0.10000000000000001', b'c': b'inf'})
    eq(r.cmd('ZSCAN', 'z', '0', 'MATCH', 'a*'), [b'0', [b'a', b'1']])
    eq(r.cmd_raw('ZSCAN', 'nokey', '0'), b'*2\r\n$1\r\n0\r\n*0\r\n')
    eq(r.cmd('ZSCAN', 'nokey', '0', 'foo'), [b'0', []], 'a missing key replies before options')
    eq(r.cmd('ZSCAN', 'z', 'x'), 'ERR invalid cursor')
    eq(r.cmd('ZSCAN', 'z', '18446744073709551616'), 'ERR invalid cursor')
    eq(r.cmd('ZSCAN', 'z', '0', 'COUNT', '0'), SYNTAX)
    eq(r.cmd('ZSCAN', 'z', '0', 'COUNT', 'x'), NOT_INT)
    eq(r.cmd('ZSCAN', 'z', '0', 'TYPE', 'zset'), SYNTAX)
    eq(r.cmd('ZSCAN', 'z', '0', 'MATCH'), SYNTAX)
    eq(r.cmd('ZSCAN', 'z'), arity('zscan'))
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('ZSCAN', 's', '0'), WRONGTYPE)
    eq(r.cmd('ZSCAN', 's', 'x'), 'ERR invalid cursor', 'the cursor is parsed first')
    r3 = srv.raw()
    r3.cmd('HELLO', '3')
    eq(r3.cmd_raw('ZSCAN', 'z', '0', 'MATCH', 'b'),
       b'*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$19\r\n0.10000000000000001\r\n')


def test_zscan_large(srv):
    r = srv.raw()
    md = big_set(r, 'big', 1000)
    found, calls = zscan_all(r, 'big')
    ok(calls > 1, 'a large set takes several calls with the default COUNT')
    got = dict(found)
    eq(len(got), 1000)
    for m, s in md.d.items():
        eq(got[m], fmt(s), 'score of %r' % m)
    found, _ = zscan_all(r, 'big', 'MATCH', 'm00*', 'COUNT', '100')
    eq(set(m for m, _ in found), set(m for m in md.d if m.startswith(b'm00')))
    # Members present for the whole scan are seen even while the set grows and shrinks.
    cursor = b'0'
    seen = set()
    extra = 0
    while True:
        cursor, batch = r.cmd('ZSCAN', 'big', cursor, 'COUNT', '20')
        seen |= set(batch[0::2])
        for _ in range(3):
            r.cmd('ZADD', 'big', '1', 'extra%d' % extra)
            extra += 1
        if extra % 9 == 0:
            r.cmd('ZREM', 'big', 'extra%d' % (extra - 5))
        if cursor == b'0':
            break
    ok(set(md.d) <= seen, 'every original member was returned')


# ---------------------------------------------------------------------------------------------
# Large sets (skiplist encoding) against a model

def test_large_zset_ranks_and_ranges(srv):
    r = srv.raw()
    md = big_set(r, 'big', 1000)
    items = md.items()
    members = [m for m, _ in items]
    eq(r.cmd('ZCARD', 'big'), 1000)
    eq(r.cmd('ZRANGE', 'big', '0', '-1', 'WITHSCORES'), flat(items))
    eq(r.cmd('ZREVRANGE', 'big', '0', '-1'), members[::-1])
    rnd = random.Random(9)
    for _ in range(60):
        m = rnd.choice(members)
        eq(r.cmd('ZRANK', 'big', m), members.index(m), 'ZRANK %r' % m)
        eq(r.cmd('ZREVRANK', 'big', m), 999 - members.index(m), 'ZREVRANK %r' % m)
        a, b = sorted(rnd.randint(-1100, 1100) for _ in range(2))
        eq(r.cmd('ZRANGE', 'big', str(a), str(b)),
           members[max(a + 1000 if a < 0 else a, 0):(b + 1000 if b < 0 else b) + 1]
           if (b + 1000 if b < 0 else b) >= max(a + 1000 if a < 0 else a, 0) else [],
           'ZRANGE %d %d' % (a, b))
        lo, hi = sorted(rnd.uniform(-1100, 1100) for _ in range(2))
        lo_ex, hi_ex = rnd.random() < 0.5, rnd.random() < 0.5
        inside = [(mm, s) for mm, s in items
                  if (s > lo if lo_ex else s >= lo) and (s < hi if hi_ex else s <= hi)]
        lo_arg = ('(' if lo_ex else '') + repr(lo)
        hi_arg = ('(' if hi_ex else '') + repr(hi)
        eq(r.cmd('ZCOUNT', 'big', lo_arg, hi_arg), len(inside))
        off, cnt = rnd.randint(0, 50), rnd.randint(-1, 40)
        want = inside[off:] if cnt < 0 else inside[off:off + cnt]
        eq(r.cmd('ZRANGEBYSCORE', 'big', lo_arg, hi_arg, 'WITHSCORES', 'LIMIT', str(off),
                 str(cnt)), flat(want), 'ZRANGEBYSCORE %s %s LIMIT %d %d' % (lo_arg, hi_arg, off, cnt))
        rev = inside[::-1]
        want = rev[off:] if cnt < 0 else rev[off:off + cnt]
        eq(r.cmd('ZREVRANGEBYSCORE', 'big', hi_arg, lo_arg, 'LIMIT', str(off), str(cnt)),
           [mm for mm, _ in want])
    # Ties on a score are ordered by member bytes.
    tied = [m for m, s in items if s == 7.0]
    eq(r.cmd('ZRANGEBYSCORE', 'big', '7', '7'), sorted(tied))


def test_large_zset_changes(srv):
    r = srv.raw()
    md = big_set(r, 'big', 1000)
    rnd = random.Random(4)
    for step in range(300):
        m = b'm%04d' % rnd.randint(0, 1199)
        op = rnd.random()
        if op < 0.4:
            s = float(rnd.randint(-50, 50))
            eq(r.cmd('ZADD', 'big', repr(s), m), 0 if m in md.d else 1)
            md.d[m] = s
        elif op < 0.6:
            inc = float(rnd.randint(-5, 5))
            md.d[m] = md.d.get(m, 0.0) + inc
            eq(r.cmd('ZINCRBY', 'big', repr(inc), m), fmt(md.d[m]))
        elif op < 0.8:
            eq(r.cmd('ZREM', 'big', m), 1 if md.d.pop(m, None) is not None else 0)
        else:
            got = r.cmd('ZRANK', 'big', m)
            eq(got, md.members().index(m) if m in md.d else None)
    eq(r.cmd('ZRANGE', 'big', '0', '-1', 'WITHSCORES'), flat(md.items()))
    items = md.items()
    eq(r.cmd('ZREMRANGEBYRANK', 'big', '10', '19'), 10)
    items = items[:10] + items[20:]
    eq(r.cmd('ZREMRANGEBYSCORE', 'big', '(0', '10'), len([1 for _, s in items if 0 < s <= 10]))
    items = [(m, s) for m, s in items if not 0 < s <= 10]
    eq(r.cmd('ZPOPMIN', 'big', '5'), flat(items[:5]))
    eq(r.cmd('ZPOPMAX', 'big', '5'), flat(items[::-1][:5]))
    items = items[5:-5]
    eq(r.cmd('ZRANGE', 'big', '0', '-1', 'WITHSCORES'), flat(items))
    eq(r.cmd('ZRANGESTORE', 'copy', 'big', '0', '-1'), len(items))
    eq(r.cmd('ZRANGE', 'copy', '0', '-1', 'WITHSCORES'), flat(items))
    eq(r.cmd('ZREMRANGEBYRANK', 'big', '0', '-1'), len(items))
    eq(r.cmd('EXISTS', 'big'), 0)


def test_large_lex_ranges(srv):
    r = srv.raw()
    names = sorted(b'k%03d' % i for i in range(600))
    eq(zadd_pairs(r, 'lex', [(0, m) for m in reversed(names)]), 600)
    eq(r.cmd('ZRANGEBYLEX', 'lex', '[k100', '(k150'), names[100:150])
    eq(r.cmd('ZREVRANGEBYLEX', 'lex', '(k150', '[k100', 'LIMIT', '5', '10'), names[100:150][::-1][5:15])
    eq(r.cmd('ZLEXCOUNT', 'lex', '(k1', '[k2'), len([n for n in names if b'k1' < n <= b'k2']))
    eq(r.cmd('ZREMRANGEBYLEX', 'lex', '[k500', '+'), 100)
    eq(r.cmd('ZRANGE', 'lex', '+', '[k490', 'BYLEX', 'REV'), names[490:500][::-1])
    eq(r.cmd('ZRANK', 'lex', 'k250'), 250)


def test_encodings(srv):
    r = srv.raw()
    eq(r.cmd('ZADD', 'small', '1', 'a'), 1)
    eq(object_encoding(r, 'small'), b'listpack')
    eq(zadd_pairs(r, 'edge', [(i, b'm%d' % i) for i in range(128)]), 128)
    eq(object_encoding(r, 'edge'), b'listpack', '128 members fit')
    eq(r.cmd('ZADD', 'edge', '1', 'one-more'), 1)
    eq(object_encoding(r, 'edge'), b'skiplist')
    eq(r.cmd('ZREMRANGEBYRANK', 'edge', '0', '100'), 101)
    eq(object_encoding(r, 'edge'), b'skiplist', 'no conversion back')
    eq(r.cmd('ZUNIONSTORE', 'copy', '1', 'edge'), 28)
    eq(object_encoding(r, 'copy'), b'listpack', 'a stored result is built compact')
    eq(r.cmd('ZADD', 'long', '1', 'x' * 64), 1)
    eq(object_encoding(r, 'long'), b'listpack')
    eq(r.cmd('ZADD', 'long', '1', 'y' * 65), 1)
    eq(object_encoding(r, 'long'), b'skiplist')


# ---------------------------------------------------------------------------------------------
# Keys on different shards

def test_cross_shard_store_and_cards(srv):
    r = srv.raw()
    a, b, c, d = keys_on_distinct_shards('zx', 4, 4)
    eq(r.cmd('ZADD', a, '1', 'p', '2', 'q', '3', 'r'), 3)
    eq(r.cmd('ZADD', b, '10', 'q', '20', 'r', '30', 's'), 3)
    eq(r.cmd('SADD', c, 'r', 's', 't'), 3)
    eq(r.cmd('ZUNIONSTORE', d, '3', a, b, c), 5)
    eq(r.cmd('ZRANGE', d, '0', '-1', 'WITHSCORES'),
       [b'p', b'1', b't', b'1', b'q', b'12', b'r', b'24', b's', b'31'])
    eq(r.cmd('ZINTERSTORE', d, '3', a, b, c, 'WEIGHTS', '1', '1', '100'), 1)
    eq(r.cmd('ZRANGE', d, '0', '-1', 'WITHSCORES'), [b'r', b'123'])
    eq(r.cmd('ZDIFFSTORE', d, '2', a, b), 1)
    eq(r.cmd('ZRANGE', d, '0', '-1', 'WITHSCORES'), [b'p', b'1'])
    eq(r.cmd('ZINTERCARD', '2', a, b), 2)
    eq(r.cmd('ZINTERCARD', '3', a, b, c, 'LIMIT', '5'), 1)
    eq(r.cmd('ZUNION', '2', a, b, 'AGGREGATE', 'MAX'), [b'p', b'q', b'r', b's'])
    eq(r.cmd('ZRANGESTORE', d, b, '15', '+inf', 'BYSCORE'), 2)
    eq(r.cmd('ZRANGE', d, '0', '-1'), [b'r', b's'])
    eq(r.cmd('ZRANGESTORE', c, a, '0', '0'), 1, 'the destination on another shard is replaced')
    eq(r.cmd('TYPE', c), 'zset')
    eq(r.cmd('ZINTERSTORE', d, '2', a, 'nokey'), 0)
    eq(r.cmd('EXISTS', d), 0)


def test_cross_shard_zmpop(srv):
    r = srv.raw()
    keys = keys_on_distinct_shards('zmp', 4, 4)
    eq(r.cmd('ZADD', keys[2], '1', 'a', '2', 'b'), 2)
    eq(r.cmd('ZADD', keys[3], '5', 'z'), 1)
    eq(r.cmd('ZMPOP', '4', *keys, 'MAX', 'COUNT', '1'), [keys[2].encode(), [[b'b', b'2']]])
    eq(r.cmd('ZMPOP', '4', *keys, 'MIN', 'COUNT', '5'), [keys[2].encode(), [[b'a', b'1']]])
    eq(r.cmd('EXISTS', keys[2]), 0)
    eq(r.cmd('ZMPOP', '4', *keys, 'MIN'), [keys[3].encode(), [[b'z', b'5']]])
    eq(r.cmd_raw('ZMPOP', '4', *keys, 'MIN'), b'*-1\r\n')
    eq(r.cmd('SET', keys[1], 'v'), 'OK')
    eq(r.cmd('ZADD', keys[3], '5', 'z'), 1)
    eq(r.cmd('ZMPOP', '4', *keys, 'MIN'), WRONGTYPE)
    eq(r.cmd('ZCARD', keys[3]), 1, 'nothing popped after the error')


def test_cross_shard_large(srv):
    r = srv.raw()
    a, b, d = keys_on_distinct_shards('zl', 4, 3)
    ma = big_set(r, a, 1000, seed=1)
    mb = big_set(r, b, 1000, seed=2)
    eq(r.cmd('ZADD', b, '5', 'only-b'), 1)
    mb.d[b'only-b'] = 5.0
    eq(r.cmd('ZINTERSTORE', d, '2', a, b, 'AGGREGATE', 'MIN'), 1000)
    want = Model()
    want.d = {m: min(ma.d[m], mb.d[m]) for m in ma.d}
    eq(r.cmd('ZRANGE', d, '0', '-1', 'WITHSCORES'), flat(want.items()))
    eq(r.cmd('ZUNIONSTORE', d, '2', a, b), 1001)
    eq(r.cmd('ZDIFF', '2', b, a, 'WITHSCORES'), [b'only-b', b'5'])
    eq(r.cmd('ZINTERCARD', '2', a, b, 'LIMIT', '10'), 10)
