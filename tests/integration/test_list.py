# List commands over TCP: pushes and pops (with counts), LLEN LRANGE LINDEX LSET LINSERT LREM LTRIM
# LPOS, LMOVE RPOPLPUSH LMPOP within one shard and across shards, their errors and RESP3 shapes,
# long lists spanning many quicklist nodes, binary-safe values, and concurrent LMOVEs between
# shards that must neither lose nor duplicate an element. Run by run.py against the shared server.

import random
import threading

from harness import eq, ok, RawClient, keys_on_distinct_shards, key_shard
from harness import WRONGTYPE, arity, nshards
from harness import resp3

NOT_INT = 'ERR value is not an integer or out of range'
NOT_POSITIVE = 'ERR value is out of range, must be positive'
SYNTAX = 'ERR syntax error'


def test_push_and_pop(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'l', 'a', 'b'), 2)
    eq(r.cmd('LPUSH', 'l', 'x', 'y'), 4, 'LPUSH puts each element at the head in turn')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'y', b'x', b'a', b'b'])
    eq(r.cmd('TYPE', 'l'), 'list')
    eq(r.cmd('LPUSHX', 'nokey', 'a'), 0)
    eq(r.cmd('RPUSHX', 'nokey', 'a', 'b'), 0)
    eq(r.cmd('EXISTS', 'nokey'), 0, 'PUSHX creates no list')
    eq(r.cmd('LPUSHX', 'l', 'h1', 'h2'), 6)
    eq(r.cmd('RPUSHX', 'l', 't1'), 7)
    eq(r.cmd_raw('LPOP', 'l'), b'$2\r\nh2\r\n')
    eq(r.cmd_raw('RPOP', 'l'), b'$2\r\nt1\r\n')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'h1', b'y', b'x', b'a', b'b'])
    for want in (b'h1', b'y', b'x', b'a'):
        eq(r.cmd('LPOP', 'l'), want)
    eq(r.cmd('RPOP', 'l'), b'b')
    eq(r.cmd('EXISTS', 'l'), 0, 'a list never exists empty')
    eq(r.cmd_raw('LPOP', 'l'), b'$-1\r\n')
    eq(r.cmd_raw('RPOP', 'l'), b'$-1\r\n')
    eq(r.cmd('LPUSH', 'l'), arity('lpush'))
    eq(r.cmd('RPUSHX', 'l'), arity('rpushx'))
    eq(r.cmd('LPOP'), arity('lpop'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('LPOP', 'nokey'), b'_\r\n')
    eq(r3.cmd_raw('RPUSH', 'l3', 'v'), b':1\r\n')
    eq(r3.cmd_raw('RPOP', 'l3'), b'$1\r\nv\r\n')


def test_pop_with_count(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'), 5)
    eq(r.cmd_raw('LPOP', 'l', '2'), b'*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    eq(r.cmd_raw('RPOP', 'l', '2'), b'*2\r\n$1\r\ne\r\n$1\r\nd\r\n', 'from the tail inwards')
    eq(r.cmd_raw('LPOP', 'l', '0'), b'*0\r\n')
    eq(r.cmd_raw('RPOP', 'l', '1'), b'*1\r\n$1\r\nc\r\n')
    eq(r.cmd('EXISTS', 'l'), 0)
    eq(r.cmd_raw('LPOP', 'l', '3'), b'*-1\r\n', 'a missing key with a count is a null array')
    eq(r.cmd_raw('RPOP', 'l', '0'), b'*-1\r\n')
    eq(r.cmd('RPUSH', 'l', 'a', 'b'), 2)
    eq(r.cmd('LPOP', 'l', '10'), [b'a', b'b'], 'a count past the length takes everything')
    eq(r.cmd('EXISTS', 'l'), 0)
    eq(r.cmd('LPOP', 'l', '-1'), NOT_POSITIVE)
    eq(r.cmd('RPOP', 'l', 'x'), NOT_POSITIVE)
    eq(r.cmd('LPOP', 'l', '1', '2'), arity('lpop'))
    eq(r.cmd('RPOP', 'l', '1', '2'), arity('rpop'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('LPOP', 'nokey', '2'), b'_\r\n')
    eq(r3.cmd_raw('LPOP', 'nokey', '0'), b'_\r\n')
    eq(r3.cmd('RPUSH', 'l', 'a'), 1)
    eq(r3.cmd_raw('RPOP', 'l', '0'), b'*0\r\n')
    eq(r3.cmd_raw('RPOP', 'l', '5'), b'*1\r\n$1\r\na\r\n')


def test_llen_and_lrange(srv):
    r = srv.raw()
    items = [b'e%d' % i for i in range(10)]
    eq(r.cmd('RPUSH', 'l', *items), 10)
    eq(r.cmd('LLEN', 'l'), 10)
    eq(r.cmd('LLEN', 'nokey'), 0)
    for start, end in ((0, -1), (0, 0), (2, 5), (-3, -1), (-100, 2), (5, 100), (7, 3), (10, 20),
                       (-1, -1), (0, -11), (-11, -10), (9, 9), (3, -4)):
        py_end = end if end >= 0 else len(items) + end
        py_start = max(start if start >= 0 else len(items) + start, 0)
        eq(r.cmd('LRANGE', 'l', str(start), str(end)), items[py_start:py_end + 1],
           'LRANGE %d %d' % (start, end))
    eq(r.cmd_raw('LRANGE', 'nokey', '0', '-1'), b'*0\r\n')
    eq(r.cmd_raw('LRANGE', 'l', '5', '1'), b'*0\r\n')
    eq(r.cmd('LRANGE', 'l', 'a', '1'), NOT_INT)
    eq(r.cmd('LRANGE', 'nokey', '0', 'b'), NOT_INT, 'numbers are parsed before the key is read')
    eq(r.cmd('LRANGE', 'l', '0'), arity('lrange'))
    eq(r.cmd('LLEN', 'l', 'x'), arity('llen'))


def test_lindex_and_lset(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'l', 'a', 'b', 'c'), 3)
    eq(r.cmd('LINDEX', 'l', '0'), b'a')
    eq(r.cmd('LINDEX', 'l', '-1'), b'c')
    eq(r.cmd('LINDEX', 'l', '-3'), b'a')
    eq(r.cmd_raw('LINDEX', 'l', '3'), b'$-1\r\n')
    eq(r.cmd_raw('LINDEX', 'l', '-4'), b'$-1\r\n')
    eq(r.cmd_raw('LINDEX', 'nokey', '0'), b'$-1\r\n')
    eq(r.cmd('LINDEX', 'l', 'x'), NOT_INT)
    eq(r.cmd_raw('LINDEX', 'nokey', 'x'), b'$-1\r\n', 'a missing key answers before the index')
    eq(r.cmd('LSET', 'l', '1', 'B'), 'OK')
    eq(r.cmd('LSET', 'l', '-1', 'C'), 'OK')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'a', b'B', b'C'])
    eq(r.cmd('LSET', 'l', '3', 'x'), 'ERR index out of range')
    eq(r.cmd('LSET', 'l', '-4', 'x'), 'ERR index out of range')
    eq(r.cmd('LSET', 'nokey', '0', 'x'), 'ERR no such key')
    eq(r.cmd('LSET', 'nokey', 'x', 'x'), 'ERR no such key')
    eq(r.cmd('LSET', 'l', 'x', 'x'), NOT_INT)
    eq(r.cmd('LSET', 'l', '0', 'x' * 20000), 'OK', 'a value bigger than a node')
    eq(r.cmd('LINDEX', 'l', '0'), b'x' * 20000)
    eq(r.cmd('LRANGE', 'l', '1', '-1'), [b'B', b'C'])
    r3 = resp3(srv)
    eq(r3.cmd_raw('LINDEX', 'l', '10'), b'_\r\n')
    eq(r3.cmd_raw('LINDEX', 'l', '1'), b'$1\r\nB\r\n')


def test_linsert(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'l', 'a', 'b', 'c', 'b'), 4)
    eq(r.cmd('LINSERT', 'l', 'BEFORE', 'b', 'x'), 5)
    eq(r.cmd('LINSERT', 'l', 'after', 'b', 'y'), 6, 'the first pivot from the head')
    eq(r.cmd('LINSERT', 'l', 'AFTER', 'b', 'z'), 7)
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'a', b'x', b'b', b'z', b'y', b'c', b'b'])
    eq(r.cmd('LINSERT', 'l', 'before', 'a', 'head'), 8)
    eq(r.cmd('LINSERT', 'l', 'after', 'c', 'mid'), 9)
    eq(r.cmd('LINDEX', 'l', '0'), b'head')
    eq(r.cmd('LINSERT', 'l', 'before', 'nope', 'v'), -1)
    eq(r.cmd('LINSERT', 'nokey', 'before', 'a', 'v'), 0)
    eq(r.cmd('EXISTS', 'nokey'), 0)
    eq(r.cmd('LINSERT', 'l', 'middle', 'a', 'v'), SYNTAX)
    eq(r.cmd('LINSERT', 'nokey', 'middle', 'a', 'v'), SYNTAX, 'the direction is checked first')
    eq(r.cmd('LINSERT', 'l', 'before', 'a'), arity('linsert'))
    eq(r.cmd('LLEN', 'l'), 9)


def test_lrem(srv):
    r = srv.raw()
    items = ['a', 'b', 'a', 'c', 'a', 'b', 'a']
    eq(r.cmd('RPUSH', 'l', *items), 7)
    eq(r.cmd('LREM', 'l', '2', 'a'), 2, 'from the head')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'b', b'c', b'a', b'b', b'a'])
    eq(r.cmd('LREM', 'l', '-1', 'b'), 1, 'from the tail')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'b', b'c', b'a', b'a'])
    eq(r.cmd('LREM', 'l', '0', 'a'), 2, 'all of them')
    eq(r.cmd('LREM', 'l', '0', 'zz'), 0)
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'b', b'c'])
    eq(r.cmd('LREM', 'l', '-10', 'b'), 1)
    eq(r.cmd('LREM', 'l', '1', 'c'), 1)
    eq(r.cmd('EXISTS', 'l'), 0, 'removing the last element deletes the key')
    eq(r.cmd('LREM', 'nokey', '0', 'a'), 0)
    eq(r.cmd('LREM', 'nokey', 'x', 'a'), NOT_INT)
    eq(r.cmd('LREM', 'l', '0'), arity('lrem'))


def test_ltrim(srv):
    r = srv.raw()
    items = [b'%d' % i for i in range(10)]
    for start, end in ((0, -1), (2, 5), (-3, -1), (-100, 2), (5, 100), (7, 3), (10, 20), (0, 0),
                       (-1, -1), (3, -4), (0, -11)):
        r.cmd('DEL', 'l')
        eq(r.cmd('RPUSH', 'l', *items), 10)
        eq(r.cmd('LTRIM', 'l', str(start), str(end)), 'OK')
        py_end = end if end >= 0 else len(items) + end
        py_start = max(start if start >= 0 else len(items) + start, 0)
        want = items[py_start:py_end + 1]
        eq(r.cmd('LRANGE', 'l', '0', '-1'), want, 'LTRIM %d %d' % (start, end))
        eq(r.cmd('EXISTS', 'l'), 1 if want else 0, 'an emptied list is deleted')
    eq(r.cmd('LTRIM', 'nokey', '0', '1'), 'OK')
    eq(r.cmd('EXISTS', 'nokey'), 0)
    eq(r.cmd('LTRIM', 'nokey', 'x', '1'), NOT_INT)
    eq(r.cmd('LTRIM', 'l', '0'), arity('ltrim'))


def test_lpos(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'l', 'a', 'b', 'c', '1', '2', '3', 'c', 'c'), 8)
    eq(r.cmd('LPOS', 'l', 'c'), 2)
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', '2'), 6)
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', '-1'), 7)
    eq(r.cmd('LPOS', 'l', 'c', 'rank', '-3'), 2)
    eq(r.cmd_raw('LPOS', 'l', 'c', 'RANK', '4'), b'$-1\r\n')
    eq(r.cmd('LPOS', 'l', 'c', 'COUNT', '2'), [2, 6])
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', '-1', 'COUNT', '2'), [7, 6])
    eq(r.cmd('LPOS', 'l', 'c', 'COUNT', '0'), [2, 6, 7], 'COUNT 0: every match')
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', '2', 'COUNT', '0'), [6, 7])
    eq(r.cmd('LPOS', 'l', 'c', 'COUNT', '0', 'MAXLEN', '7'), [2, 6])
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', '-1', 'COUNT', '0', 'MAXLEN', '2'), [7, 6])
    eq(r.cmd_raw('LPOS', 'l', 'c', 'MAXLEN', '2'), b'$-1\r\n')
    eq(r.cmd('LPOS', 'l', 'a', 'MAXLEN', '0'), 0, 'MAXLEN 0: no limit')
    eq(r.cmd_raw('LPOS', 'l', 'zz', 'COUNT', '3'), b'*0\r\n')
    eq(r.cmd_raw('LPOS', 'l', 'zz'), b'$-1\r\n')
    eq(r.cmd_raw('LPOS', 'nokey', 'a'), b'$-1\r\n')
    eq(r.cmd_raw('LPOS', 'nokey', 'a', 'COUNT', '1'), b'*0\r\n')
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', '0'),
       "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
       "or use negative to start from the end of the list")
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', 'x'), NOT_INT)
    eq(r.cmd('LPOS', 'l', 'c', 'COUNT', '-1'), "ERR COUNT can't be negative")
    eq(r.cmd('LPOS', 'l', 'c', 'COUNT', 'x'), "ERR COUNT can't be negative")
    eq(r.cmd('LPOS', 'l', 'c', 'MAXLEN', '-1'), "ERR MAXLEN can't be negative")
    eq(r.cmd('LPOS', 'l', 'c', 'RANK'), SYNTAX)
    eq(r.cmd('LPOS', 'l', 'c', 'FOO', '1'), SYNTAX)
    eq(r.cmd('LPOS', 'nokey', 'c', 'RANK', '0')[:25], "ERR RANK can't be zero: u",
       'options are checked before the key')
    eq(r.cmd('LPOS', 'l', 'c', 'RANK', '-9223372036854775808'), 7)
    eq(r.cmd('LPOS', 'l'), arity('lpos'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('LPOS', 'l', 'zz'), b'_\r\n')
    eq(r3.cmd_raw('LPOS', 'l', 'c', 'COUNT', '2'), b'*2\r\n:2\r\n:6\r\n')


def test_lmove_and_rpoplpush(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'src', 'a', 'b', 'c'), 3)
    eq(r.cmd('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'), b'a')
    eq(r.cmd('LMOVE', 'src', 'dst', 'right', 'left'), b'c')
    eq(r.cmd('LRANGE', 'dst', '0', '-1'), [b'c', b'a'])
    eq(r.cmd('RPOPLPUSH', 'src', 'dst'), b'b')
    eq(r.cmd('EXISTS', 'src'), 0, 'the emptied source is deleted')
    eq(r.cmd('LRANGE', 'dst', '0', '-1'), [b'b', b'c', b'a'])
    eq(r.cmd_raw('LMOVE', 'src', 'dst', 'LEFT', 'LEFT'), b'$-1\r\n')
    eq(r.cmd_raw('RPOPLPUSH', 'src', 'dst'), b'$-1\r\n')
    eq(r.cmd('LMOVE', 'dst', 'x', 'UP', 'LEFT'), SYNTAX)
    eq(r.cmd('LMOVE', 'dst', 'x', 'LEFT', 'DOWN'), SYNTAX)
    eq(r.cmd('EXISTS', 'x'), 0)
    eq(r.cmd('LMOVE', 'dst', 'x', 'LEFT'), arity('lmove'))
    eq(r.cmd('RPOPLPUSH', 'dst'), arity('rpoplpush'))
    r3 = resp3(srv)
    eq(r3.cmd_raw('LMOVE', 'nokey', 'dst', 'LEFT', 'LEFT'), b'_\r\n')
    eq(r3.cmd_raw('RPOPLPUSH', 'nokey', 'dst'), b'_\r\n')


def test_lmove_rotates_one_list(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'l', '1', '2', '3'), 3)
    eq(r.cmd('LMOVE', 'l', 'l', 'LEFT', 'RIGHT'), b'1')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'2', b'3', b'1'])
    eq(r.cmd('LMOVE', 'l', 'l', 'RIGHT', 'LEFT'), b'1')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'1', b'2', b'3'])
    eq(r.cmd('LMOVE', 'l', 'l', 'LEFT', 'LEFT'), b'1')
    eq(r.cmd('LMOVE', 'l', 'l', 'RIGHT', 'RIGHT'), b'3')
    eq(r.cmd('RPOPLPUSH', 'l', 'l'), b'3')
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'3', b'1', b'2'])
    eq(r.cmd('RPUSH', 'one', 'x' * 1000), 1)
    eq(r.cmd('RPOPLPUSH', 'one', 'one'), b'x' * 1000, 'a one-element list survives rotating')
    eq(r.cmd('LMOVE', 'one', 'one', 'LEFT', 'RIGHT'), b'x' * 1000)
    eq(r.cmd('LRANGE', 'one', '0', '-1'), [b'x' * 1000])


def test_lmove_wrong_type_moves_nothing(srv):
    r = srv.raw()
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('RPUSH', 'l', 'a'), 1)
    eq(r.cmd('LMOVE', 'l', 's', 'LEFT', 'LEFT'), WRONGTYPE)
    eq(r.cmd('RPOPLPUSH', 'l', 's'), WRONGTYPE)
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'a'], 'the destination is checked before popping')
    eq(r.cmd('LMOVE', 's', 'l', 'LEFT', 'LEFT'), WRONGTYPE)
    eq(r.cmd_raw('LMOVE', 'nokey', 's', 'LEFT', 'LEFT'), b'$-1\r\n',
       'a missing source answers before the destination is looked at')
    eq(r.cmd('GET', 's'), b'v')


def test_lmpop(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'b', '1', '2', '3', '4'), 4)
    eq(r.cmd_raw('LMPOP', '2', 'a', 'b', 'LEFT'), b'*2\r\n$1\r\nb\r\n*1\r\n$1\r\n1\r\n')
    eq(r.cmd('LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '2'), [b'b', [b'4', b'3']])
    eq(r.cmd('RPUSH', 'a', 'x'), 1)
    eq(r.cmd('LMPOP', '2', 'a', 'b', 'left', 'count', '5'), [b'a', [b'x']],
       'the first non-empty list, however many are asked for')
    eq(r.cmd('EXISTS', 'a'), 0)
    eq(r.cmd('LMPOP', '3', 'a', 'nokey', 'b', 'RIGHT', 'COUNT', '9'), [b'b', [b'2']])
    eq(r.cmd('EXISTS', 'b'), 0)
    eq(r.cmd_raw('LMPOP', '2', 'a', 'b', 'LEFT'), b'*-1\r\n')
    eq(r.cmd('LMPOP', '0', 'a', 'LEFT'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('LMPOP', '-1', 'a', 'LEFT'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('LMPOP', 'x', 'a', 'LEFT'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('LMPOP', '3', 'a', 'LEFT'), SYNTAX, 'numkeys beyond the arguments')
    eq(r.cmd('LMPOP', '2', 'a', 'LEFT'), SYNTAX, 'no room for the direction')
    eq(r.cmd('LMPOP', '1', 'a', 'MIDDLE'), SYNTAX)
    eq(r.cmd('LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'), 'ERR count should be greater than 0')
    eq(r.cmd('LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x'), 'ERR count should be greater than 0')
    eq(r.cmd('LMPOP', '1', 'a', 'LEFT', 'COUNT'), SYNTAX)
    eq(r.cmd('LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'), SYNTAX)
    eq(r.cmd('LMPOP', '1', 'a', 'LEFT', 'FOO'), SYNTAX)
    eq(r.cmd('LMPOP', '1', 'a'), arity('lmpop'))
    eq(r.cmd('COMMAND', 'GETKEYS', 'LMPOP', '2', 'k1', 'k2', 'LEFT'), [b'k1', b'k2'])
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('RPUSH', 'l', 'v'), 1)
    eq(r.cmd('LMPOP', '2', 's', 'l', 'LEFT'), WRONGTYPE)
    eq(r.cmd('LMPOP', '2', 'nokey', 's', 'LEFT'), WRONGTYPE)
    eq(r.cmd('LMPOP', '2', 'l', 's', 'LEFT'), [b'l', [b'v']],
       'a key of another type after the first non-empty list is not looked at')
    r3 = resp3(srv)
    eq(r3.cmd_raw('LMPOP', '1', 'nokey', 'LEFT'), b'_\r\n')
    eq(r3.cmd('RPUSH', 'l', 'p', 'q'), 2)
    eq(r3.cmd_raw('LMPOP', '1', 'l', 'RIGHT', 'COUNT', '2'),
       b'*2\r\n$1\r\nl\r\n*2\r\n$1\r\nq\r\n$1\r\np\r\n')


def test_cross_shard_moves_and_pops(srv):
    r = srv.raw()
    k = keys_on_distinct_shards('xs', nshards(srv), 4)
    ok(len(set(key_shard(x, nshards(srv)) for x in k)) == min(4, nshards(srv)), 'distinct shards')
    eq(r.cmd('RPUSH', k[0], 'a', 'b', 'c', 'd'), 4)
    eq(r.cmd('LMOVE', k[0], k[1], 'LEFT', 'RIGHT'), b'a')
    eq(r.cmd('LMOVE', k[0], k[1], 'RIGHT', 'LEFT'), b'd')
    eq(r.cmd('RPOPLPUSH', k[0], k[2]), b'c')
    eq(r.cmd('LRANGE', k[0], '0', '-1'), [b'b'])
    eq(r.cmd('LRANGE', k[1], '0', '-1'), [b'd', b'a'])
    eq(r.cmd('LRANGE', k[2], '0', '-1'), [b'c'])
    eq(r.cmd('RPOPLPUSH', k[0], k[1]), b'b')
    eq(r.cmd('EXISTS', k[0]), 0, 'the source on its own shard is deleted when emptied')
    eq(r.cmd('LMPOP', '4', k[0], k[3], k[2], k[1], 'LEFT', 'COUNT', '5'),
       [k[2].encode(), [b'c']])
    eq(r.cmd('LMPOP', '3', k[3], k[0], k[1], 'RIGHT', 'COUNT', '2'), [k[1].encode(), [b'a', b'd']])
    eq(r.cmd('LMPOP', '2', k[1], k[0], 'RIGHT', 'COUNT', '2'), [k[1].encode(), [b'b']])
    eq(r.cmd_raw('LMPOP', '4', *k, 'LEFT'), b'*-1\r\n')
    eq(r.cmd('DBSIZE'), 0)
    eq(r.cmd('SET', k[3], 'str'), 'OK')
    eq(r.cmd('RPUSH', k[0], 'x'), 1)
    eq(r.cmd('LMOVE', k[0], k[3], 'LEFT', 'LEFT'), WRONGTYPE)
    eq(r.cmd('LMPOP', '2', k[3], k[0], 'LEFT'), WRONGTYPE)
    eq(r.cmd('LRANGE', k[0], '0', '-1'), [b'x'])


def check_against(r, key, model, what):
    eq(r.cmd('LLEN', key), len(model), what + ': length')
    eq(r.cmd('LRANGE', key, '0', '-1'), model, what + ': contents')


def long_list(srv, fill):
    r = srv.raw()
    old = r.cmd('CONFIG', 'GET', 'list-max-listpack-size')[1]
    eq(r.cmd('CONFIG', 'SET', 'list-max-listpack-size', fill), 'OK')
    try:
        model = [b'item:%05d' % i for i in range(10000)]
        for i in range(0, 10000, 1000):
            eq(r.cmd('RPUSH', 'big', *model[i:i + 1000]), i + 1000)
        check_against(r, 'big', model, 'after pushes')
        eq(r.cmd('LRANGE', 'big', '4990', '5009'), model[4990:5010])
        eq(r.cmd('LRANGE', 'big', '-5010', '-4991'), model[-5010:-4990])
        for i in (0, 1, 2500, 4999, 5000, 7777, 9998, 9999):
            eq(r.cmd('LINDEX', 'big', str(i)), model[i], 'LINDEX %d' % i)
            eq(r.cmd('LINDEX', 'big', str(i - 10000)), model[i], 'LINDEX %d' % (i - 10000))
        eq(r.cmd('LINSERT', 'big', 'BEFORE', 'item:05000', 'mid-before'), 10001)
        model.insert(5000, b'mid-before')
        eq(r.cmd('LINSERT', 'big', 'AFTER', 'item:05000', 'mid-after'), 10002)
        model.insert(5002, b'mid-after')
        for i in range(100):  # many inserts into the same spot split nodes over and over
            eq(r.cmd('LINSERT', 'big', 'AFTER', 'item:03000', 'ins%d' % i), len(model) + 1)
            model.insert(3001, b'ins%d' % i)
        eq(r.cmd('LSET', 'big', '6000', 'set-in-the-middle'), 'OK')
        model[6000] = b'set-in-the-middle'
        eq(r.cmd('LSET', 'big', '6001', 'y' * 9000), 'OK')
        model[6001] = b'y' * 9000
        eq(r.cmd('LPOS', 'big', 'item:07000'), model.index(b'item:07000'))
        eq(r.cmd('LPOS', 'big', 'ins50', 'RANK', '-1'), model.index(b'ins50'))
        check_against(r, 'big', model, 'after inserts')
        # Remove every other element in a middle stretch, then a run, then from the tail.
        for i in range(4000, 4400, 2):
            eq(r.cmd('LREM', 'big', '1', 'item:%05d' % i), 1)
            model.remove(b'item:%05d' % i)
        for i in range(100):
            eq(r.cmd('LREM', 'big', '0', 'ins%d' % i), 1)
            model.remove(b'ins%d' % i)
        eq(r.cmd('LREM', 'big', '-1', 'item:09999'), 1)
        model.remove(b'item:09999')
        check_against(r, 'big', model, 'after removals')
        eq(r.cmd('LTRIM', 'big', '1000', '-1000'), 'OK')
        model = model[1000:len(model) - 999]
        check_against(r, 'big', model, 'after LTRIM')
        eq(r.cmd('LPOP', 'big', '1500'), model[:1500])
        eq(r.cmd('RPOP', 'big', '1500'), model[::-1][:1500])
        model = model[1500:len(model) - 1500]
        check_against(r, 'big', model, 'after pops')
        eq(r.cmd('DEL', 'big'), 1)
    finally:
        r.cmd('CONFIG', 'SET', 'list-max-listpack-size', old)


def test_long_list_default_nodes(srv):
    long_list(srv, '-2')


def test_long_list_small_nodes(srv):
    long_list(srv, '4')


def test_long_list_random_against_a_model(srv):
    r = srv.raw()
    old = r.cmd('CONFIG', 'GET', 'list-max-listpack-size')[1]
    eq(r.cmd('CONFIG', 'SET', 'list-max-listpack-size', '3'), 'OK')
    try:
        rnd = random.Random(11)
        model = []
        for step in range(3000):
            op = rnd.randrange(8)
            v = b'v%d' % rnd.randrange(30)
            if op <= 2 or not model:
                if rnd.randrange(2):
                    eq(r.cmd('LPUSH', 'l', v), len(model) + 1)
                    model.insert(0, v)
                else:
                    eq(r.cmd('RPUSH', 'l', v), len(model) + 1)
                    model.append(v)
            elif op == 3:
                pivot = rnd.choice(model)
                after = rnd.randrange(2)
                eq(r.cmd('LINSERT', 'l', 'AFTER' if after else 'BEFORE', pivot, v), len(model) + 1)
                model.insert(model.index(pivot) + after, v)
            elif op == 4:
                i = rnd.randrange(-len(model), len(model))
                eq(r.cmd('LSET', 'l', str(i), v), 'OK')
                model[i] = v
            elif op == 5:
                count = rnd.randrange(-2, 3)
                want = [i for i, x in enumerate(model) if x == v]
                if count > 0:
                    want = want[:count]
                elif count < 0:
                    want = want[count:]
                eq(r.cmd('LREM', 'l', str(count), v), len(want))
                for i in reversed(want):
                    del model[i]
            elif op == 6:
                if rnd.randrange(2):
                    eq(r.cmd('LPOP', 'l'), model.pop(0))
                else:
                    eq(r.cmd('RPOP', 'l'), model.pop())
            else:
                i = rnd.randrange(len(model))
                eq(r.cmd('LINDEX', 'l', str(i)), model[i])
            if step % 100 == 0:
                check_against(r, 'l', model, 'step %d' % step)
        check_against(r, 'l', model, 'at the end')
    finally:
        r.cmd('CONFIG', 'SET', 'list-max-listpack-size', old)


def test_binary_safe_values(srv):
    r = srv.raw()
    values = [bytes(range(256)), b'', b'\r\n', b'\x00\x00', b'*1\r\n$1\r\na\r\n', b'x' * 100000]
    eq(r.cmd('RPUSH', 'l', *values), len(values))
    eq(r.cmd('LRANGE', 'l', '0', '-1'), values)
    eq(r.cmd('LINDEX', 'l', '1'), b'')
    eq(r.cmd('LPOS', 'l', b'\x00\x00'), 3)
    eq(r.cmd('LPOS', 'l', b''), 1)
    eq(r.cmd('LINSERT', 'l', 'AFTER', b'\r\n', b'\x00mid\x00'), len(values) + 1)
    eq(r.cmd('LINDEX', 'l', '3'), b'\x00mid\x00')
    eq(r.cmd('LREM', 'l', '0', b''), 1)
    eq(r.cmd('LREM', 'l', '0', b'\x00'), 0, 'a prefix is not a match')
    eq(r.cmd('LSET', 'l', '0', b'\xff\xfe'), 'OK')
    eq(r.cmd('LMOVE', 'l', 'm', 'LEFT', 'LEFT'), b'\xff\xfe')
    eq(r.cmd('RPOP', 'l'), b'x' * 100000)
    eq(r.cmd('LRANGE', 'l', '0', '-1'), [b'\r\n', b'\x00mid\x00', b'\x00\x00', b'*1\r\n$1\r\na\r\n'])
    eq(r.cmd('RPUSH', bytes(range(1, 40)), 'v'), 1)
    eq(r.cmd('LMPOP', '1', bytes(range(1, 40)), 'LEFT'), [bytes(range(1, 40)), [b'v']])


def test_wrong_type(srv):
    r = srv.raw()
    eq(r.cmd('SET', 's', 'v'), 'OK')
    for args in (('LPUSH', 's', 'a'), ('RPUSH', 's', 'a'), ('LPUSHX', 's', 'a'),
                 ('RPUSHX', 's', 'a'), ('LPOP', 's'), ('RPOP', 's', '2'), ('LPOP', 's', '0'),
                 ('LLEN', 's'), ('LRANGE', 's', '0', '-1'), ('LINDEX', 's', '0'),
                 ('LINDEX', 's', 'x'), ('LSET', 's', '0', 'a'), ('LSET', 's', 'x', 'a'),
                 ('LINSERT', 's', 'BEFORE', 'a', 'b'), ('LREM', 's', '0', 'a'),
                 ('LTRIM', 's', '0', '1'), ('LPOS', 's', 'a'), ('LPOS', 's', 'a', 'COUNT', '0'),
                 ('LMOVE', 's', 'd', 'LEFT', 'LEFT'), ('RPOPLPUSH', 's', 'd'),
                 ('LMPOP', '1', 's', 'LEFT')):
        eq(r.cmd(*args), WRONGTYPE, ' '.join(args))
    eq(r.cmd('GET', 's'), b'v')
    eq(r.cmd('EXISTS', 'd'), 0)
    eq(r.cmd('RPUSH', 'l', 'a'), 1)
    eq(r.cmd('GET', 'l'), WRONGTYPE)
    eq(r.cmd('HSET', 'l', 'f', 'v'), WRONGTYPE)
    eq(r.cmd('SADD', 'l', 'm'), WRONGTYPE)


def test_list_keys_copy_and_rename(srv):
    r = srv.raw()
    items = [b'%d' % i for i in range(300)]
    eq(r.cmd('RPUSH', 'src', *items), 300)
    for i in range(10):  # untagged names land on every shard
        eq(r.cmd('COPY', 'src', 'copy%d' % i), 1)
        eq(r.cmd('LRANGE', 'copy%d' % i, '0', '-1'), items)
    eq(r.cmd('RPUSH', 'copy0', 'more'), 301)
    eq(r.cmd('LLEN', 'src'), 300, 'a copy is deep')
    eq(r.cmd('RENAME', 'src', 'moved'), 'OK')
    eq(r.cmd('LINDEX', 'moved', '-1'), b'299')
    eq(r.cmd('EXISTS', 'src'), 0)


def test_object_encoding_is_quicklist(srv):
    r = srv.raw()
    eq(r.cmd('RPUSH', 'l', 'a'), 1)
    eq(r.cmd('OBJECT', 'ENCODING', 'l'), b'quicklist')
    eq(r.cmd('RPUSH', 'l', *['x' * 100] * 1000), 1001)
    eq(r.cmd('OBJECT', 'ENCODING', 'l'), b'quicklist')


def test_concurrent_lmove_between_shards(srv):
    setup = srv.raw()
    keys = keys_on_distinct_shards('cl', nshards(srv), 4)
    per_list = 50
    elements = set()
    for n, k in enumerate(keys):
        vals = [b'%s:%d' % (k.encode(), i) for i in range(per_list)]
        elements.update(vals)
        eq(setup.cmd('RPUSH', k, *vals), per_list)
    total = per_list * len(keys)
    nthreads, ops = 5, 400  # 2000 moves in all
    errors = []

    def mover(seed):
        rnd = random.Random(seed)
        c = RawClient(srv.port, timeout=20)
        try:
            for _ in range(ops):
                src, dst = rnd.choice(keys), rnd.choice(keys)
                if rnd.randrange(4) == 0:
                    v = c.cmd('RPOPLPUSH', src, dst)
                else:
                    v = c.cmd('LMOVE', src, dst, rnd.choice(('LEFT', 'RIGHT')),
                              rnd.choice(('LEFT', 'RIGHT')))
                if not (v is None or (isinstance(v, bytes) and v in elements)):
                    errors.append('unexpected reply %r' % (v,))
                    return
        except Exception as e:  # reported below
            errors.append('%s: %s' % (type(e).__name__, e))
        finally:
            c.close()

    threads = [threading.Thread(target=mover, args=(s,), daemon=True) for s in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ok(all(not t.is_alive() for t in threads), 'movers finished')
    eq(errors, [], 'mover errors')
    eq(sum(setup.cmd('LLEN', k) for k in keys), total, 'no element lost or doubled')
    seen = []
    for k in keys:
        seen += setup.cmd('LRANGE', k, '0', '-1')
    eq(len(seen), total)
    eq(set(seen), elements, 'every element exactly once')
