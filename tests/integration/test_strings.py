# String commands over TCP: GET/SET and every option of SET, the SETNX/SETEX/GETEX family, MGET/MSET,
# counters and INCRBYFLOAT formatting, APPEND/STRLEN/GETRANGE/SETRANGE, with Redis's exact error texts.
# Run by run.py against the shared server of this file.

import time

from harness import eq, ok, own_server, timeout
from harness import WRONGTYPE, arity

NOT_INT = 'ERR value is not an integer or out of range'
SYNTAX = 'ERR syntax error'


def invalid_expire(cmd):
    return "ERR invalid expire time in '%s' command" % cmd


def test_get_set_exact_bytes(srv):
    r = srv.raw()
    eq(r.cmd_raw('SET', 'foo', 'bar'), b'+OK\r\n')
    eq(r.cmd_raw('GET', 'foo'), b'$3\r\nbar\r\n')
    eq(r.cmd_raw('GET', 'missing'), b'$-1\r\n')
    eq(r.cmd_raw('SET', 'empty', ''), b'+OK\r\n')
    eq(r.cmd_raw('GET', 'empty'), b'$0\r\n\r\n')
    binary = bytes(range(256)) + b'\r\n\x00end'
    eq(r.cmd('SET', b'bin\x00key', binary), 'OK')
    eq(r.cmd('GET', b'bin\x00key'), binary)
    eq(r.cmd('GET', b'bin'), None)
    big = b'x' * (1 << 20)
    eq(r.cmd('SET', 'big', big), 'OK')
    eq(r.cmd('GET', 'big'), big)
    eq(r.cmd('SET', 'foo', 'other'), 'OK', 'SET overwrites')
    eq(r.cmd('GET', 'foo'), b'other')


def test_set_command_name_case_insensitive(srv):
    r = srv.raw()
    eq(r.cmd('sEt', 'k', 'v'), 'OK')
    eq(r.cmd('get', 'k'), b'v')
    eq(r.cmd('GET', 'K'), None, 'keys are case-sensitive')


def test_set_nx_xx(srv):
    r = srv.raw()
    eq(r.cmd_raw('SET', 'k', 'a', 'NX'), b'+OK\r\n')
    eq(r.cmd_raw('SET', 'k', 'b', 'NX'), b'$-1\r\n')
    eq(r.cmd('GET', 'k'), b'a')
    eq(r.cmd_raw('SET', 'k', 'c', 'XX'), b'+OK\r\n')
    eq(r.cmd('GET', 'k'), b'c')
    eq(r.cmd_raw('SET', 'nokey', 'c', 'XX'), b'$-1\r\n')
    eq(r.cmd('EXISTS', 'nokey'), 0)
    eq(r.cmd('SET', 'k', 'v', 'nx', 'xx'), SYNTAX)
    eq(r.cmd('SET', 'k', 'v', 'xx', 'nx'), SYNTAX)


def test_set_ex_px_exat_pxat(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v', 'EX', '100'), 'OK')
    ttl = r.cmd('TTL', 'k')
    ok(98 <= ttl <= 100, 'TTL after EX 100 is %r' % ttl)
    eq(r.cmd('SET', 'k', 'v', 'PX', '100000'), 'OK')
    pttl = r.cmd('PTTL', 'k')
    ok(98000 <= pttl <= 100000, 'PTTL after PX 100000 is %r' % pttl)
    at = int(time.time()) + 200
    eq(r.cmd('SET', 'k', 'v', 'EXAT', at), 'OK')
    eq(r.cmd('EXPIRETIME', 'k'), at)
    pat = int(time.time() * 1000) + 300000
    eq(r.cmd('SET', 'k', 'v', 'PXAT', pat), 'OK')
    eq(r.cmd('PEXPIRETIME', 'k'), pat)
    eq(r.cmd('SET', 'k', 'v'), 'OK')
    eq(r.cmd('TTL', 'k'), -1, 'plain SET clears the TTL')
    # An absolute time in the past: the key is stored already expired, gone at its next look-up.
    eq(r.cmd('SET', 'k', 'v', 'PXAT', '1'), 'OK')
    eq(r.cmd('EXISTS', 'k'), 0)


def test_set_expire_errors(srv):
    r = srv.raw()
    for opt in ('EX', 'PX', 'EXAT', 'PXAT'):
        eq(r.cmd('SET', 'k', 'v', opt, '0'), invalid_expire('set'), 'SET %s 0' % opt)
        eq(r.cmd('SET', 'k', 'v', opt, '-1'), invalid_expire('set'), 'SET %s -1' % opt)
        eq(r.cmd('SET', 'k', 'v', opt, 'abc'), NOT_INT, 'SET %s abc' % opt)
        eq(r.cmd('SET', 'k', 'v', opt), SYNTAX, 'SET %s without a value' % opt)
    eq(r.cmd('SET', 'k', 'v', 'EX', '9999999999999999'), invalid_expire('set'))
    eq(r.cmd('SET', 'k', 'v', 'PX', '9223372036854775807'), invalid_expire('set'))
    eq(r.cmd('SET', 'k', 'v', 'EX', '10', 'PX', '10'), SYNTAX)
    eq(r.cmd('SET', 'k', 'v', 'KEEPTTL', 'EX', '10'), SYNTAX)
    eq(r.cmd('SET', 'k', 'v', 'PXAT', '10', 'KEEPTTL'), SYNTAX)
    eq(r.cmd('SET', 'k', 'v', 'foo'), SYNTAX)
    eq(r.cmd('EXISTS', 'k'), 0, 'failed SETs store nothing')
    # The same option twice is accepted and the last one wins, as in Redis.
    eq(r.cmd('SET', 'k', 'v', 'EX', '10', 'EX', '500'), 'OK')
    ok(r.cmd('TTL', 'k') > 400, 'the second EX wins')


def test_set_keepttl(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v1', 'EX', '100'), 'OK')
    eq(r.cmd('SET', 'k', 'v2', 'KEEPTTL'), 'OK')
    eq(r.cmd('GET', 'k'), b'v2')
    ttl = r.cmd('TTL', 'k')
    ok(98 <= ttl <= 100, 'KEEPTTL kept the TTL, got %r' % ttl)
    eq(r.cmd('SET', 'n', 'v', 'KEEPTTL'), 'OK')
    eq(r.cmd('TTL', 'n'), -1)


def test_set_get_option(srv):
    r = srv.raw()
    eq(r.cmd_raw('SET', 'k', 'v1', 'GET'), b'$-1\r\n')
    eq(r.cmd_raw('SET', 'k', 'v2', 'GET'), b'$2\r\nv1\r\n')
    eq(r.cmd('GET', 'k'), b'v2')
    # NX with GET: the old value comes back and nothing is written.
    eq(r.cmd('SET', 'k', 'v3', 'NX', 'GET'), b'v2')
    eq(r.cmd('GET', 'k'), b'v2')
    eq(r.cmd('SET', 'k', 'v4', 'XX', 'GET', 'EX', '50'), b'v2')
    eq(r.cmd('GET', 'k'), b'v4')
    ok(r.cmd('TTL', 'k') > 0, 'GET with EX sets the TTL')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('SET', 's', 'v', 'GET'), WRONGTYPE)
    eq(r.cmd('TYPE', 's'), 'set', 'a failed SET GET leaves the set')
    eq(r.cmd('SET', 's', 'v'), 'OK', 'plain SET replaces a key of any type')
    eq(r.cmd('GET', 's'), b'v')


def test_get_wrong_type_and_arity(srv):
    r = srv.raw()
    eq(r.cmd('SADD', 's', 'a'), 1)
    eq(r.cmd_raw('GET', 's'),
       b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n')
    eq(r.cmd_raw('GET'), b"-ERR wrong number of arguments for 'get' command\r\n")
    eq(r.cmd('GET', 'a', 'b'), arity('get'))
    eq(r.cmd('SET', 'a'), arity('set'))
    eq(r.cmd('SET'), arity('set'))
    eq(r.cmd('GETDEL'), arity('getdel'))
    eq(r.cmd('STRLEN', 'a', 'b'), arity('strlen'))
    eq(r.cmd('INCR'), arity('incr'))
    eq(r.cmd('INCRBY', 'a'), arity('incrby'))
    eq(r.cmd('APPEND', 'a'), arity('append'))
    eq(r.cmd('SETEX', 'a', '10'), arity('setex'))
    eq(r.cmd('GETRANGE', 'a', '0'), arity('getrange'))
    eq(r.cmd('MGET'), arity('mget'))


def test_setnx(srv):
    r = srv.raw()
    eq(r.cmd_raw('SETNX', 'k', 'a'), b':1\r\n')
    eq(r.cmd_raw('SETNX', 'k', 'b'), b':0\r\n')
    eq(r.cmd('GET', 'k'), b'a')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('SETNX', 's', 'x'), 0, 'SETNX on a key of another type')


def test_setex_psetex(srv):
    r = srv.raw()
    eq(r.cmd_raw('SETEX', 'k', '100', 'v'), b'+OK\r\n')
    eq(r.cmd('GET', 'k'), b'v')
    ttl = r.cmd('TTL', 'k')
    ok(98 <= ttl <= 100, 'SETEX TTL %r' % ttl)
    eq(r.cmd_raw('PSETEX', 'p', '100000', 'v'), b'+OK\r\n')
    pttl = r.cmd('PTTL', 'p')
    ok(98000 <= pttl <= 100000, 'PSETEX PTTL %r' % pttl)
    eq(r.cmd('SETEX', 'k', '0', 'v'), invalid_expire('setex'))
    eq(r.cmd('SETEX', 'k', '-5', 'v'), invalid_expire('setex'))
    eq(r.cmd('SETEX', 'k', 'abc', 'v'), NOT_INT)
    eq(r.cmd('PSETEX', 'k', '0', 'v'), invalid_expire('psetex'))
    eq(r.cmd('PSETEX', 'k', '1.5', 'v'), NOT_INT)


def test_getset(srv):
    r = srv.raw()
    eq(r.cmd_raw('GETSET', 'k', 'a'), b'$-1\r\n')
    eq(r.cmd_raw('GETSET', 'k', 'b'), b'$1\r\na\r\n')
    eq(r.cmd('GET', 'k'), b'b')
    eq(r.cmd('EXPIRE', 'k', '100'), 1)
    eq(r.cmd('GETSET', 'k', 'c'), b'b')
    eq(r.cmd('TTL', 'k'), -1, 'GETSET clears the TTL')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('GETSET', 's', 'x'), WRONGTYPE)


def test_getdel(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v'), 'OK')
    eq(r.cmd_raw('GETDEL', 'k'), b'$1\r\nv\r\n')
    eq(r.cmd('EXISTS', 'k'), 0)
    eq(r.cmd_raw('GETDEL', 'k'), b'$-1\r\n')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('GETDEL', 's'), WRONGTYPE)
    eq(r.cmd('EXISTS', 's'), 1)


def test_getex(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'hello'), 'OK')
    eq(r.cmd_raw('GETEX', 'k'), b'$5\r\nhello\r\n')
    eq(r.cmd('TTL', 'k'), -1)
    eq(r.cmd('GETEX', 'k', 'EX', '100'), b'hello')
    ok(98 <= r.cmd('TTL', 'k') <= 100, 'GETEX EX')
    eq(r.cmd('GETEX', 'k', 'PX', '200000'), b'hello')
    ok(198000 <= r.cmd('PTTL', 'k') <= 200000, 'GETEX PX')
    at = int(time.time()) + 300
    eq(r.cmd('GETEX', 'k', 'EXAT', at), b'hello')
    eq(r.cmd('EXPIRETIME', 'k'), at)
    pat = int(time.time() * 1000) + 400000
    eq(r.cmd('GETEX', 'k', 'PXAT', pat), b'hello')
    eq(r.cmd('PEXPIRETIME', 'k'), pat)
    eq(r.cmd('GETEX', 'k', 'PERSIST'), b'hello')
    eq(r.cmd('TTL', 'k'), -1)
    eq(r.cmd_raw('GETEX', 'nokey', 'EX', '10'), b'$-1\r\n')
    eq(r.cmd('EXISTS', 'nokey'), 0)
    for opt in ('EX', 'PX', 'EXAT', 'PXAT'):
        eq(r.cmd('GETEX', 'k', opt, '0'), invalid_expire('getex'), 'GETEX %s 0' % opt)
        eq(r.cmd('GETEX', 'k', opt, 'x'), NOT_INT, 'GETEX %s x' % opt)
    eq(r.cmd('GETEX', 'k', 'EX', '10', 'PX', '10'), SYNTAX)
    eq(r.cmd('GETEX', 'k', 'PERSIST', 'EX', '10'), SYNTAX)
    eq(r.cmd('GETEX', 'k', 'foo'), SYNTAX)
    eq(r.cmd('TTL', 'k'), -1, 'failed GETEX changed nothing')
    # An absolute time in the past deletes the key and still returns the value.
    eq(r.cmd('GETEX', 'k', 'PXAT', '1'), b'hello')
    eq(r.cmd('EXISTS', 'k'), 0)
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('GETEX', 's'), WRONGTYPE)


def test_mset_mget(srv):
    r = srv.raw()
    keys = [chr(c) for c in range(ord('a'), ord('z') + 1)]
    args = []
    for k in keys:
        args += [k, 'val-' + k]
    eq(r.cmd_raw('MSET', *args), b'+OK\r\n')
    got = r.cmd('MGET', *keys)
    eq(got, [('val-' + k).encode() for k in keys])
    eq(r.cmd_raw('MGET', 'a', 'missing', 'b'),
       b'*3\r\n$5\r\nval-a\r\n$-1\r\n$5\r\nval-b\r\n')
    eq(r.cmd('SADD', 'set', 'm'), 1)
    eq(r.cmd('MGET', 'a', 'set', 'c'), [b'val-a', None, b'val-c'],
       'MGET answers nil for keys of another type')
    eq(r.cmd('MSET', 'a', '1', 'a', '2'), 'OK')
    eq(r.cmd('GET', 'a'), b'2', 'the last of duplicate MSET keys wins')
    eq(r.cmd('MSET', 'x'), arity('mset'))
    eq(r.cmd('MSET', 'x', '1', 'y'), arity('mset'))
    eq(r.cmd('MSET'), arity('mset'))
    eq(r.cmd('MSET', 'set', 'now-a-string'), 'OK')
    eq(r.cmd('TYPE', 'set'), 'string')
    tagged = r.cmd('MSET', '{t}1', 'x', '{t}2', 'y')
    eq(tagged, 'OK')
    eq(r.cmd('MGET', '{t}1', '{t}2'), [b'x', b'y'])


def test_mset_clears_ttl(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'a', 'v', 'EX', '100'), 'OK')
    eq(r.cmd('MSET', 'a', 'w', 'b', 'x'), 'OK')
    eq(r.cmd('TTL', 'a'), -1)


def test_msetnx(srv):
    r = srv.raw()
    eq(r.cmd_raw('MSETNX', 'a', '1', 'b', '2', 'c', '3'), b':1\r\n')
    eq(r.cmd('MGET', 'a', 'b', 'c'), [b'1', b'2', b'3'])
    eq(r.cmd_raw('MSETNX', 'd', '4', 'b', 'x'), b':0\r\n')
    eq(r.cmd('EXISTS', 'd'), 0, 'MSETNX is all or nothing')
    eq(r.cmd('GET', 'b'), b'2')
    eq(r.cmd('MSETNX', 'a'), arity('msetnx'))
    eq(r.cmd('MSETNX', 'a', '1', 'b'), arity('msetnx'))


def test_incr_decr(srv):
    r = srv.raw()
    eq(r.cmd_raw('INCR', 'n'), b':1\r\n')
    eq(r.cmd_raw('INCR', 'n'), b':2\r\n')
    eq(r.cmd_raw('DECR', 'n'), b':1\r\n')
    eq(r.cmd_raw('INCRBY', 'n', '10'), b':11\r\n')
    eq(r.cmd_raw('DECRBY', 'n', '20'), b':-9\r\n')
    eq(r.cmd('GET', 'n'), b'-9')
    eq(r.cmd('DECR', 'fresh'), -1)
    eq(r.cmd('INCRBY', 'n', '-1'), -10)
    eq(r.cmd('SET', 'n', ' 1'), 'OK')
    eq(r.cmd('INCR', 'n'), NOT_INT, 'leading space is not an integer')
    eq(r.cmd('SET', 'n', '01'), 'OK')
    eq(r.cmd('INCR', 'n'), NOT_INT, 'leading zero is not an integer')
    eq(r.cmd('SET', 'n', 'abc'), 'OK')
    eq(r.cmd('INCR', 'n'), NOT_INT)
    eq(r.cmd('SET', 'n', '1.5'), 'OK')
    eq(r.cmd('INCR', 'n'), NOT_INT)
    eq(r.cmd('INCRBY', 'm', '1.5'), NOT_INT)
    eq(r.cmd('INCRBY', 'm', 'x'), NOT_INT)
    eq(r.cmd('EXISTS', 'm'), 0)
    eq(r.cmd('SET', 'e', 'v', 'EX', '100'), 'OK')
    eq(r.cmd('SET', 'e', '5', 'KEEPTTL'), 'OK')
    eq(r.cmd('INCR', 'e'), 6)
    ok(r.cmd('TTL', 'e') > 0, 'INCR keeps the TTL')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('INCR', 's'), WRONGTYPE)
    eq(r.cmd('DECRBY', 's', '1'), WRONGTYPE)


def test_incr_overflow(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'n', '9223372036854775807'), 'OK')
    eq(r.cmd_raw('INCR', 'n'), b'-ERR increment or decrement would overflow\r\n')
    eq(r.cmd('INCRBY', 'n', '1'), 'ERR increment or decrement would overflow')
    eq(r.cmd('DECRBY', 'n', '-1'), 'ERR increment or decrement would overflow')
    eq(r.cmd('GET', 'n'), b'9223372036854775807')
    eq(r.cmd('SET', 'n', '-9223372036854775808'), 'OK')
    eq(r.cmd('DECR', 'n'), 'ERR increment or decrement would overflow')
    eq(r.cmd('INCRBY', 'm', '-9223372036854775808'), -9223372036854775808)
    eq(r.cmd('DECRBY', 'x', '-9223372036854775808'), 'ERR decrement would overflow')
    eq(r.cmd('SET', 'n', '9223372036854775808'), 'OK')
    eq(r.cmd('INCR', 'n'), NOT_INT, 'a value past int64 is not an integer')


def test_incrbyfloat_formatting(srv):
    r = srv.raw()
    eq(r.cmd_raw('INCRBYFLOAT', 'f', '10.5'), b'$4\r\n10.5\r\n')
    eq(r.cmd_raw('INCRBYFLOAT', 'f', '0.1'), b'$4\r\n10.6\r\n')
    eq(r.cmd('GET', 'f'), b'10.6')
    eq(r.cmd('INCRBYFLOAT', 'f', '-5'), b'5.6')
    eq(r.cmd('SET', 'g', '5.0e3'), 'OK')
    eq(r.cmd('INCRBYFLOAT', 'g', '0'), b'5000')
    eq(r.cmd('INCRBYFLOAT', 'g', '5.0e3'), b'10000')
    eq(r.cmd('INCRBYFLOAT', 'h', '1.5'), b'1.5')
    eq(r.cmd('SET', 'i', '3'), 'OK')
    eq(r.cmd('INCRBYFLOAT', 'i', '1.5e-5'), b'3.000015')
    eq(r.cmd('INCRBYFLOAT', 'i', '-3'), b'0.000015')
    eq(r.cmd('INCRBYFLOAT', 'j', '-0.5'), b'-0.5')
    eq(r.cmd('INCRBYFLOAT', 'j', '0.5'), b'0')
    eq(r.cmd('SET', 'k', '7'), 'OK')
    eq(r.cmd('INCRBYFLOAT', 'k', '3'), b'10', 'integers print without a point')
    eq(r.cmd('INCRBYFLOAT', 'k', '.25'), b'10.25')


def test_incrbyfloat_errors(srv):
    r = srv.raw()
    eq(r.cmd('INCRBYFLOAT', 'f', 'abc'), 'ERR value is not a valid float')
    eq(r.cmd('INCRBYFLOAT', 'f', '1.5x'), 'ERR value is not a valid float')
    eq(r.cmd('INCRBYFLOAT', 'f', ''), 'ERR value is not a valid float')
    eq(r.cmd('SET', 'g', 'abc'), 'OK')
    eq(r.cmd('INCRBYFLOAT', 'g', '1'), 'ERR value is not a valid float')
    eq(r.cmd('INCRBYFLOAT', 'f', 'inf'), 'ERR increment would produce NaN or Infinity')
    eq(r.cmd('INCRBYFLOAT', 'f', '-inf'), 'ERR increment would produce NaN or Infinity')
    eq(r.cmd('INCRBYFLOAT', 'f', 'nan'), 'ERR value is not a valid float')
    eq(r.cmd('EXISTS', 'f'), 0, 'failed INCRBYFLOAT stores nothing')
    eq(r.cmd('SET', 'i', 'inf'), 'OK')
    eq(r.cmd('INCRBYFLOAT', 'i', '1'), 'ERR increment would produce NaN or Infinity')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('INCRBYFLOAT', 's', '1'), WRONGTYPE)
    eq(r.cmd('INCRBYFLOAT', 'f'), arity('incrbyfloat'))


def test_append_strlen(srv):
    r = srv.raw()
    eq(r.cmd_raw('APPEND', 'k', 'hello'), b':5\r\n')
    eq(r.cmd_raw('APPEND', 'k', ' world'), b':11\r\n')
    eq(r.cmd('GET', 'k'), b'hello world')
    eq(r.cmd_raw('STRLEN', 'k'), b':11\r\n')
    eq(r.cmd_raw('STRLEN', 'nokey'), b':0\r\n')
    eq(r.cmd('APPEND', 'k', ''), 11)
    eq(r.cmd('SET', 'n', '10'), 'OK')
    eq(r.cmd('APPEND', 'n', '5'), 3)
    eq(r.cmd('INCR', 'n'), 106, 'APPEND onto a number keeps it a number')
    eq(r.cmd('STRLEN', 'n'), 3)
    eq(r.cmd('SET', 'e', 'v', 'EX', '100'), 'OK')
    eq(r.cmd('APPEND', 'e', 'w'), 2)
    ok(r.cmd('TTL', 'e') > 0, 'APPEND keeps the TTL')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('APPEND', 's', 'x'), WRONGTYPE)
    eq(r.cmd('STRLEN', 's'), WRONGTYPE)


def test_getrange(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'This is a string'), 'OK')
    eq(r.cmd_raw('GETRANGE', 'k', '0', '3'), b'$4\r\nThis\r\n')
    eq(r.cmd('GETRANGE', 'k', '-3', '-1'), b'ing')
    eq(r.cmd('GETRANGE', 'k', '0', '-1'), b'This is a string')
    eq(r.cmd('GETRANGE', 'k', '10', '100'), b'string')
    eq(r.cmd('GETRANGE', 'k', '-100', '3'), b'This')
    eq(r.cmd_raw('GETRANGE', 'k', '5', '3'), b'$0\r\n\r\n')
    eq(r.cmd_raw('GETRANGE', 'k', '100', '200'), b'$0\r\n\r\n')
    eq(r.cmd_raw('GETRANGE', 'nokey', '0', '-1'), b'$0\r\n\r\n')
    eq(r.cmd('GETRANGE', 'k', '0', 'abc'), NOT_INT)
    eq(r.cmd('SET', 'n', '12345'), 'OK')
    eq(r.cmd('GETRANGE', 'n', '1', '2'), b'23')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('GETRANGE', 's', '0', '1'), WRONGTYPE)


def test_setrange(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'Hello World'), 'OK')
    eq(r.cmd_raw('SETRANGE', 'k', '6', 'Redis'), b':11\r\n')
    eq(r.cmd('GET', 'k'), b'Hello Redis')
    eq(r.cmd('SETRANGE', 'k', '11', '!'), 12)
    eq(r.cmd('GET', 'k'), b'Hello Redis!')
    eq(r.cmd_raw('SETRANGE', 'pad', '5', 'hello'), b':10\r\n')
    eq(r.cmd_raw('GET', 'pad'), b'$10\r\n\x00\x00\x00\x00\x00hello\r\n')
    eq(r.cmd('SETRANGE', 'k', '-1', 'x'), 'ERR offset is out of range')
    eq(r.cmd('SETRANGE', 'k', 'x', 'x'), NOT_INT)
    # An empty value changes nothing and creates no key.
    eq(r.cmd('SETRANGE', 'k', '0', ''), 12)
    eq(r.cmd('SETRANGE', 'none', '5', ''), 0)
    eq(r.cmd('EXISTS', 'none'), 0)
    eq(r.cmd('SETRANGE', 'k', '536870911', ''), 12, 'empty value: size not checked')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('SETRANGE', 's', '0', 'x'), WRONGTYPE)


def test_setrange_max_size(srv):
    r = srv.raw()
    eq(r.cmd_raw('SETRANGE', 'k', '536870912', 'x'),
       b'-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n')
    eq(r.cmd('SETRANGE', 'k', '536870900', 'x' * 20),
       'ERR string exceeds maximum allowed size (proto-max-bulk-len)')
    eq(r.cmd('EXISTS', 'k'), 0)
    eq(r.cmd('SET', 'a', 'abc'), 'OK')
    eq(r.cmd('APPEND', 'a', 'd'), 4)


@timeout(120)
def test_setrange_largest_value(srv):
    # The largest allowed value, 512 MB, is accepted (and freed straight away).
    r = srv.raw(timeout=60)
    eq(r.cmd('SETRANGE', 'big', '536870911', 'x'), 536870912)
    eq(r.cmd('STRLEN', 'big'), 536870912)
    eq(r.cmd('GETRANGE', 'big', '-2', '-1'), b'\x00x')
    eq(r.cmd('DEL', 'big'), 1)


@own_server
@timeout(300)
def test_strings_of_4_gib_and_more_keep_their_length(srv):
    # A length past 32 bits was once cut to its low 32 bits (SETRANGE answered 1). This makes a
    # 4 GiB string on the server under test (and on redis-server with --reference).
    s = srv.start_server(extra_args=['--proto-max-bulk-len', '8gb'])
    r = srv.raw(port=s.port, timeout=240)
    big = 4294967295  # 2^32 - 1
    eq(r.cmd('SETRANGE', 'k', str(big), 'ab'), big + 2)
    eq(r.cmd('STRLEN', 'k'), big + 2)
    eq(r.cmd('GETRANGE', 'k', str(big), str(big + 1)), b'ab')
    eq(r.cmd('GETRANGE', 'k', '-3', '-1'), b'\0ab')
    eq(r.cmd('GETRANGE', 'k', '0', '3'), b'\0\0\0\0')
    eq(r.cmd('APPEND', 'k', 'cd'), big + 4)
    eq(r.cmd('SETRANGE', 'k', str(big + 4), 'e'), big + 5)
    eq(r.cmd('GETRANGE', 'k', '-6', '-1'), b'\0abcde')
    eq(r.cmd('SETRANGE', 'k', '1', 'x'), big + 5, 'a write inside keeps the length')
    eq(r.cmd('STRLEN', 'k'), big + 5)
    eq(r.cmd('INCR', 'k'), NOT_INT)
    eq(r.cmd('SETRANGE', 'k2', str(8 * 1024 ** 3 - 1), 'ab'),
       'ERR string exceeds maximum allowed size (proto-max-bulk-len)')
    eq(r.cmd('APPEND', 'k', 'x' * 1024), big + 5 + 1024)
    eq(r.cmd('DEL', 'k'), 1)


@own_server
@timeout(120)
def test_long_keys_and_values_past_16_mib(srv):
    # Keys of 256 bytes and more and values of 16 MiB and more take the entry's wide form
    # (include/tessera/dict.h); a string turns wide as APPEND or SETRANGE grows it. Every form,
    # with and without a TTL, survives a rename, a copy and a save and load.
    s = srv.start_server(['--enable-debug-command', 'yes'])
    r = srv.raw(port=s.port, timeout=60)
    long_key = b'k' * 299 + b'!'
    eq(r.cmd('SET', long_key, 'v1'), 'OK')
    eq(r.cmd('GET', long_key), b'v1')
    eq(r.cmd('EXPIRE', long_key, '1000'), 1)
    ok(990 <= r.cmd('TTL', long_key) <= 1000, 'TTL of the long key')
    eq(r.cmd('GET', long_key), b'v1')
    eq(r.cmd('APPEND', long_key, 'x' * 300), 302)
    eq(r.cmd('RENAME', long_key, 'short'), 'OK')
    ok(990 <= r.cmd('TTL', 'short') <= 1000, 'the TTL moves with the rename')
    eq(r.cmd('RENAME', 'short', long_key + b'2'), 'OK')
    eq(r.cmd('GET', long_key + b'2'), b'v1' + b'x' * 300)
    eq(r.cmd('PERSIST', long_key + b'2'), 1)
    eq(r.cmd('TTL', long_key + b'2'), -1)
    eq(r.cmd('HSET', 'h', long_key, 'fv'), 1)
    eq(r.cmd('HGET', 'h', long_key), b'fv')
    eq(r.cmd('SADD', 's', long_key), 1)
    eq(r.cmd('SISMEMBER', 's', long_key), 1)
    eq(r.cmd('KEYS', 'k*!2'), [long_key + b'2'])
    # Values crossing 2^24 bytes by APPEND (inline and external) and by SETRANGE.
    limit = 1 << 24
    eq(r.cmd('SET', 'app', 'ab', 'EX', '1000'), 'OK')
    chunk = b'c' * (1 << 20)
    n = 2
    while n <= limit:
        n = r.cmd('APPEND', 'app', chunk)
    eq(n, 2 + 16 * (1 << 20))
    ok(990 <= r.cmd('TTL', 'app') <= 1000, 'the TTL stays as the string turns wide')
    eq(r.cmd('GETRANGE', 'app', '0', '3'), b'abcc')
    eq(r.cmd('SET', 'ext', 'e' * 1010), 'OK')  # 1029 bytes: past the 1024 class, a block of its own
    eq(r.cmd('SETRANGE', 'ext', str(limit + 5), 'end'), limit + 8)
    eq(r.cmd('GETRANGE', 'ext', '1008', '1011'), b'ee\0\0')
    eq(r.cmd('GETRANGE', 'ext', '-4', '-1'), b'\0end')
    eq(r.cmd('SETRANGE', long_key, str(limit), 'z'), limit + 1)
    eq(r.cmd('EXPIRE', long_key, '2000'), 1)
    eq(r.cmd('COPY', long_key, 'copied'), 1)
    eq(r.cmd('STRLEN', 'copied'), limit + 1)
    ok(1990 <= r.cmd('TTL', 'copied') <= 2000, 'the copy keeps the TTL')
    eq(r.cmd('DEBUG', 'RELOAD'), 'OK')
    eq(r.cmd('GET', long_key + b'2'), b'v1' + b'x' * 300)
    eq(r.cmd('HGET', 'h', long_key), b'fv')
    eq(r.cmd('SISMEMBER', 's', long_key), 1)
    eq(r.cmd('STRLEN', 'app'), 2 + 16 * (1 << 20))
    eq(r.cmd('GETRANGE', 'app', '0', '3'), b'abcc')
    ok(990 <= r.cmd('TTL', 'app') <= 1000, 'TTL after the reload')
    eq(r.cmd('GETRANGE', 'ext', '-4', '-1'), b'\0end')
    eq(r.cmd('STRLEN', long_key), limit + 1)
    eq(r.cmd('GETRANGE', long_key, '-1', '-1'), b'z')
    ok(1990 <= r.cmd('TTL', long_key) <= 2000, 'TTL of the long key after the reload')
    ok(r.cmd('MEMORY', 'USAGE', 'ext') > limit, 'MEMORY USAGE counts the block')
    eq(r.cmd('DEL', 'app', 'ext', long_key, 'copied'), 4)
