# Introspection over TCP: SLOWLOG (entries, truncation, redaction, ids across workers), CLIENT
# PAUSE / UNPAUSE / UNBLOCK / REPLY, LATENCY, MEMORY STATS / DOCTOR / MALLOC-STATS / PURGE and the
# error counters of INFO. Every test restores the configuration it changes. Run by run.py.

import socket
import threading
import time

from harness import (eq, ok, is_error, arity, RespError, wait_until, info_field,
                     keys_on_distinct_shards, nshards, timeout)


def slowlog_on(c, threshold=0):
    eq(c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', str(threshold)), 'OK')
    eq(c.cmd('SLOWLOG', 'RESET'), 'OK')


def slowlog_off(c):
    eq(c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', '10000'), 'OK')
    eq(c.cmd('CONFIG', 'SET', 'slowlog-max-len', '128'), 'OK')
    eq(c.cmd('SLOWLOG', 'RESET'), 'OK')


def argvs(entries):
    return [[a.decode() for a in e[3]] for e in entries]


def test_slowlog_config_defaults(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'GET', 'slowlog-log-slower-than'), [b'slowlog-log-slower-than', b'10000'])
    eq(c.cmd('CONFIG', 'GET', 'slowlog-max-len'), [b'slowlog-max-len', b'128'])
    is_error(c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', '-2'),
             "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - "
             "argument must be between -1 and 9223372036854775807 inclusive")
    is_error(c.cmd('CONFIG', 'SET', 'slowlog-max-len', '-1'),
             "ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - "
             "argument must be between 0 and 9223372036854775807 inclusive")
    is_error(c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', '1k'),
             "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - "
             "argument couldn't be parsed into an integer")


def test_slowlog_entries(srv):
    c = srv.raw()
    try:
        slowlog_on(c)
        eq(c.cmd('CLIENT', 'SETNAME', 'slowpoke'), 'OK')
        eq(c.cmd('SET', 'k', 'v'), 'OK')
        entries = c.cmd('SLOWLOG', 'GET')
        # newest first: SET, CLIENT SETNAME (with the name it set), SLOWLOG RESET
        eq(argvs(entries), [['SET', 'k', 'v'], ['CLIENT', 'SETNAME', 'slowpoke'],
                            ['SLOWLOG', 'RESET']])
        e = entries[0]
        eq(len(e), 6, 'entry fields')
        ok(isinstance(e[0], int) and isinstance(e[1], int) and isinstance(e[2], int),
           'id, time, duration are integers: %r' % (e,))
        ok(abs(e[1] - time.time()) < 10, 'unix time %r' % e[1])
        ok(e[0] > entries[1][0] > entries[2][0], 'ids decrease newest first')
        eq(e[5], b'slowpoke')
        eq(entries[2][5], b'')
        port = c.sock.getsockname()[1]
        eq(e[4], ('127.0.0.1:%d' % port).encode())
        eq(c.cmd('SLOWLOG', 'LEN'), 4)  # the SLOWLOG GET too
        eq(len(c.cmd('SLOWLOG', 'GET', '1')), 1)
        eq(len(c.cmd('SLOWLOG', 'GET', '-1')), 6)
        eq(c.cmd('SLOWLOG', 'GET', '0'), [])
        eq(c.cmd('CLIENT', 'SETNAME', ''), 'OK')
    finally:
        slowlog_off(c)


def test_slowlog_errors_and_help(srv):
    c = srv.raw()
    is_error(c.cmd('SLOWLOG', 'GET', '-2'), 'ERR count should be greater than or equal to -1')
    is_error(c.cmd('SLOWLOG', 'GET', 'abc'), 'ERR count should be greater than or equal to -1')
    is_error(c.cmd('SLOWLOG', 'GET', '1', '2'),
             "ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.")
    is_error(c.cmd('SLOWLOG', 'LEN', 'x'), arity('slowlog|len'))
    is_error(c.cmd('SLOWLOG', 'RESET', 'x'), arity('slowlog|reset'))
    is_error(c.cmd('SLOWLOG', 'FOO'), "ERR unknown subcommand 'FOO'. Try SLOWLOG HELP.")
    is_error(c.cmd('SLOWLOG'), arity('slowlog'))
    h = c.cmd('SLOWLOG', 'HELP')
    eq(h[0], 'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:')
    eq(h[1], 'GET [<count>]')
    eq(h[-2], 'HELP')
    eq(len(h), 12)


def test_slowlog_truncation(srv):
    c = srv.raw()
    try:
        slowlog_on(c)
        args = ['RPUSH', 'biglist'] + [str(i) for i in range(40)]
        c.cmd(*args)
        c.cmd('SET', 'bigval', 'x' * 200)
        got = argvs(c.cmd('SLOWLOG', 'GET', '2'))
        eq(got[0], ['SET', 'bigval', 'x' * 128 + '... (72 more bytes)'])
        eq(len(got[1]), 32)
        eq(got[1][:3], ['RPUSH', 'biglist', '0'])
        eq(got[1][30], '28')
        eq(got[1][31], '... (11 more arguments)')
    finally:
        slowlog_off(c)


def test_slowlog_redaction(srv):
    c = srv.raw()
    try:
        slowlog_on(c)
        is_error(c.cmd('AUTH', 'secret'))
        is_error(c.cmd('AUTH', 'someone', 'secret'))
        c.cmd('HELLO', '2', 'AUTH', 'default', 'pw', 'SETNAME', 'n1')
        eq(c.cmd('CONFIG', 'SET', 'requirepass', ''), 'OK')
        got = argvs(c.cmd('SLOWLOG', 'GET', '4'))
        eq(got, [['CONFIG', 'SET', 'requirepass', '(redacted)'],
                 ['HELLO', '2', 'AUTH', '(redacted)', '(redacted)', 'SETNAME', 'n1'],
                 ['AUTH', '(redacted)', '(redacted)'],
                 ['AUTH', '(redacted)']])
        eq(c.cmd('CLIENT', 'SETNAME', ''), 'OK')
    finally:
        slowlog_off(c)


def test_slowlog_max_len_and_off(srv):
    c = srv.raw()
    try:
        slowlog_on(c)
        eq(c.cmd('CONFIG', 'SET', 'slowlog-max-len', '5'), 'OK')
        for i in range(20):
            c.cmd('SET', 'k%d' % i, 'v')
        eq(c.cmd('SLOWLOG', 'LEN'), 5)
        got = argvs(c.cmd('SLOWLOG', 'GET', '-1'))
        eq(len(got), 5)
        eq(got[0], ['SLOWLOG', 'LEN'])
        eq(got[1], ['SET', 'k19', 'v'])
        eq(c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', '-1'), 'OK')
        eq(c.cmd('SLOWLOG', 'RESET'), 'OK')
        c.cmd('SET', 'a', 'b')
        eq(c.cmd('SLOWLOG', 'LEN'), 0)
    finally:
        slowlog_off(c)


def test_slowlog_across_shards_and_exec(srv):
    """Commands that run on every worker land in one log, in the order they ran; EXEC is not
    logged but the commands it ran are."""
    c = srv.raw()
    keys = keys_on_distinct_shards('sl', nshards(srv), 6)
    try:
        slowlog_on(c)
        for k in keys:
            eq(c.cmd('SET', k, 'v'), 'OK')
        eq(c.cmd('MULTI'), 'OK')
        eq(c.cmd('INCR', 'cnt'), 'QUEUED')
        eq(c.cmd('GET', keys[0]), 'QUEUED')
        eq(c.cmd('EXEC'), [1, b'v'])
        got = argvs(c.cmd('SLOWLOG', 'GET', '-1'))
        eq(got, [['GET', keys[0]], ['INCR', 'cnt'], ['MULTI']] +
           [['SET', k, 'v'] for k in reversed(keys)] + [['SLOWLOG', 'RESET']])
        # SLOWLOG commands themselves are seen by another client too
        c2 = srv.raw()
        eq(len(c2.cmd('SLOWLOG', 'GET', '-1')), len(got) + 1)
    finally:
        slowlog_off(c)
