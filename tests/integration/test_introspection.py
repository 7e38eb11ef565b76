# Introspection over TCP: SLOWLOG (entries, truncation, redaction, ids across workers), CLIENT
# PAUSE / UNPAUSE / UNBLOCK / REPLY, LATENCY, MEMORY STATS / DOCTOR / MALLOC-STATS / PURGE and the
# error counters of INFO. Every test restores the configuration it changes. Run by run.py.

import re
import socket
import threading
import time

from harness import (eq, ok, is_error, arity, RespError, wait_until, info_field,
                     keys_on_distinct_shards, nshards, timeout, encode_command)


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


def test_slowlog_blocking(srv):
    """A blocked command is logged once it is served, after what served it; one that timed out
    is not logged (Redis 7.0)."""
    c, other = srv.raw(), srv.raw()
    try:
        slowlog_on(c)
        eq(c.cmd('BLPOP', 'nolist', '0.05'), None)
        c.send(b'*3\r\n$5\r\nBRPOP\r\n$2\r\nbq\r\n$1\r\n0\r\n')
        wait_until(lambda: info_field(other, 'clients', 'blocked_clients') == 1, 5)
        eq(other.cmd('LPUSH', 'bq', 'x'), 1)
        eq(c.read_reply()[0], [b'bq', b'x'])
        got = [a for a in argvs(c.cmd('SLOWLOG', 'GET', '-1')) if a[0] != 'INFO']
        eq(got, [['BRPOP', 'bq', '0'], ['LPUSH', 'bq', 'x'], ['SLOWLOG', 'RESET']])
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


# ---- CLIENT PAUSE / UNPAUSE / UNBLOCK / REPLY ----

def nothing_for(c, seconds):
    """No reply arrives on the raw client c within seconds."""
    c.sock.settimeout(seconds)
    try:
        data = c.sock.recv(1)
    except socket.timeout:
        return True
    finally:
        c.sock.settimeout(10)
    raise AssertionError('unexpected reply bytes %r' % data)


def test_client_pause_errors(srv):
    c = srv.raw()
    is_error(c.cmd('CLIENT', 'PAUSE', 'abc'), 'ERR timeout is not an integer or out of range')
    is_error(c.cmd('CLIENT', 'PAUSE', '-1'), 'ERR timeout is negative')
    is_error(c.cmd('CLIENT', 'PAUSE', '10', 'foo'), 'ERR CLIENT PAUSE mode must be WRITE or ALL')
    is_error(c.cmd('CLIENT', 'PAUSE', '10', 'write', 'x'),
             "ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.")
    is_error(c.cmd('CLIENT', 'PAUSE'), arity('client|pause'))
    is_error(c.cmd('CLIENT', 'UNPAUSE', 'x'), arity('client|unpause'))
    eq(c.cmd('CLIENT', 'UNPAUSE'), 'OK')


@timeout(30)
def test_client_pause_write(srv):
    c, other = srv.raw(), srv.raw()
    keys = keys_on_distinct_shards('pw', nshards(srv), 4)
    eq(other.cmd('SET', keys[0], 'old'), 'OK')
    eq(c.cmd('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK')
    try:
        # reads go on, on every shard
        eq(other.cmd('GET', keys[0]), b'old')
        for k in keys[1:]:
            eq(other.cmd('GET', k), None)
        eq(other.cmd('PING'), 'PONG')
        # a write waits, and so does what the client sends after it
        other.send(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$3\r\nnew\r\n' % (len(keys[0]), keys[0].encode()))
        other.send(b'*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n' % (len(keys[0]), keys[0].encode()))
        nothing_for(other, 0.3)
        eq(c.cmd('GET', keys[0]), b'old')
        # PUBLISH waits too
        pub = srv.raw()
        pub.send(b'*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$1\r\nm\r\n')
        nothing_for(pub, 0.2)
        # syntax errors answer at once
        is_error(c.cmd('SET', 'x'), arity('set'))
        eq(c.cmd('CLIENT', 'UNPAUSE'), 'OK')
        eq(other.read_reply()[0], 'OK')
        eq(other.read_reply()[0], b'new')
        eq(pub.read_reply()[0], 0)
    finally:
        c.cmd('CLIENT', 'UNPAUSE')


@timeout(30)
def test_client_pause_multi(srv):
    c, other = srv.raw(), srv.raw()
    eq(other.cmd('MULTI'), 'OK')
    eq(c.cmd('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK')
    try:
        eq(other.cmd('GET', 'a'), 'QUEUED')  # a read is queued at once
        other.send(b'*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n')
        nothing_for(other, 0.3)  # a write waits even to be queued, as in Redis
        eq(c.cmd('CLIENT', 'UNPAUSE'), 'OK')
        eq(other.read_reply()[0], 'QUEUED')
        eq(c.cmd('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK')
        other.send(b'*1\r\n$4\r\nEXEC\r\n')  # an EXEC of writes waits
        nothing_for(other, 0.3)
        eq(c.cmd('CLIENT', 'UNPAUSE'), 'OK')
        eq(other.read_reply()[0], [None, 'OK'])
    finally:
        c.cmd('CLIENT', 'UNPAUSE')


@timeout(30)
def test_client_pause_all_and_timeout(srv):
    c, other = srv.raw(), srv.raw()
    t0 = time.monotonic()
    eq(c.cmd('CLIENT', 'PAUSE', '600'), 'OK')
    try:
        other.send(b'*1\r\n$4\r\nPING\r\n')
        nothing_for(other, 0.2)
        eq(other.read_reply()[0], 'PONG')
        waited = time.monotonic() - t0
        ok(0.5 <= waited < 3, 'PING waited for the pause to end: %.3f s' % waited)
        # the pause that ends later and the stricter type win; in ALL mode even CLIENT UNPAUSE
        # waits, as in Redis
        t0 = time.monotonic()
        eq(c.cmd('CLIENT', 'PAUSE', '800', 'WRITE'), 'OK')
        eq(c.cmd('CLIENT', 'PAUSE', '10', 'ALL'), 'OK')
        other.send(b'*2\r\n$3\r\nGET\r\n$1\r\nx\r\n')
        nothing_for(other, 0.3)
        eq(c.cmd('CLIENT', 'UNPAUSE'), 'OK')
        eq(other.read_reply()[0], None)
        waited = time.monotonic() - t0
        ok(0.7 <= waited < 3, 'GET waited for the longer pause: %.3f s' % waited)
    finally:
        c.cmd('CLIENT', 'UNPAUSE')


@timeout(30)
def test_client_pause_holds_expiry(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'ttlkey', 'v', 'PX', '50'), 'OK')
    eq(c.cmd('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK')
    try:
        time.sleep(0.6)
        # active expiry waits: the key is still counted
        eq(c.cmd('DBSIZE'), 1)
    finally:
        eq(c.cmd('CLIENT', 'UNPAUSE'), 'OK')
    # polled slowly: DBSIZE holds every shard, and a shard held at its timer turn skips expiry
    wait_until(lambda: c.cmd('DBSIZE') == 0, 5, step=0.3, msg='key expired after the pause')


@timeout(30)
def test_client_unblock(srv):
    c, blocked = srv.raw(), srv.raw()
    is_error(c.cmd('CLIENT', 'UNBLOCK', 'abc'), 'ERR value is not an integer or out of range')
    is_error(c.cmd('CLIENT', 'UNBLOCK', '1', 'foo'),
             'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR')
    is_error(c.cmd('CLIENT', 'UNBLOCK'), arity('client|unblock'))
    eq(c.cmd('CLIENT', 'UNBLOCK', '999999'), 0)
    bid = blocked.cmd('CLIENT', 'ID')
    eq(c.cmd('CLIENT', 'UNBLOCK', str(bid)), 0)  # not blocked
    blocked.send(b'*3\r\n$5\r\nBLPOP\r\n$2\r\nq1\r\n$1\r\n0\r\n')
    wait_until(lambda: info_field(c, 'clients', 'blocked_clients') == 1, 5)
    eq(c.cmd('CLIENT', 'UNBLOCK', str(bid)), 1)
    eq(blocked.read_reply()[0], None)
    eq(blocked.cmd('PING'), 'PONG')
    eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
    blocked.send(b'*3\r\n$5\r\nBRPOP\r\n$2\r\nq2\r\n$1\r\n0\r\n')
    wait_until(lambda: info_field(c, 'clients', 'blocked_clients') == 1, 5)
    eq(c.cmd('CLIENT', 'UNBLOCK', str(bid), 'ERROR'), 1)
    is_error(blocked.read_reply()[0], 'UNBLOCKED client unblocked via CLIENT UNBLOCK')
    eq(c.cmd('CLIENT', 'UNBLOCK', str(bid), 'ERROR'), 0)
    text = c.cmd('INFO', 'errorstats').decode()
    ok('errorstat_UNBLOCKED:count=1' in text, 'errorstats: %r' % text)
    eq(blocked.cmd('LPUSH', 'q2', 'x'), 1)


def test_client_reply(srv):
    c = srv.raw()
    is_error(c.cmd('CLIENT', 'REPLY', 'foo'), 'ERR syntax error')
    is_error(c.cmd('CLIENT', 'REPLY'), arity('client|reply'))
    keys = keys_on_distinct_shards('cr', nshards(srv), 4)
    c.send(b'*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n')
    for k in keys:
        c.send(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n' % (len(k), k.encode()))
    c.send(b'*1\r\n$3\r\nFOO\r\n')  # errors are not sent either
    c.send(b'*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n')  # ignored while OFF
    c.send(b'*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n')
    eq(c.read_reply()[0], 'OK')
    eq(c.cmd('MGET', *keys), [b'v'] * len(keys))
    c.send(b'*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n')
    c.send(b'*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n' % (len(keys[1]), keys[1].encode()))
    eq(c.cmd('INCR', 'n'), 1)
    eq(c.cmd('PING'), 'PONG')


# ---- LATENCY and INFO latencystats ----

def test_latency_config(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'GET', 'latency-monitor-threshold'), [b'latency-monitor-threshold', b'0'])
    eq(c.cmd('CONFIG', 'GET', 'latency-tracking'), [b'latency-tracking', b'yes'])
    eq(c.cmd('CONFIG', 'GET', 'latency-tracking-info-percentiles'),
       [b'latency-tracking-info-percentiles', b'50 99 99.9'])
    is_error(c.cmd('CONFIG', 'SET', 'latency-monitor-threshold', '-1'),
             "ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - "
             "argument must be between 0 and 9223372036854775807 inclusive")
    is_error(c.cmd('CONFIG', 'SET', 'latency-tracking', 'maybe'),
             "ERR CONFIG SET failed (possibly related to argument 'latency-tracking') - "
             "argument must be 'yes' or 'no'")
    for bad, why in (('101', 'latency-tracking-info-percentiles parameters should sit between '
                              '[0.0,100.0]'),
                     ('abc', 'Invalid latency-tracking-info-percentiles parameters'),
                     ('50  99', 'Invalid latency-tracking-info-percentiles parameters')):
        is_error(c.cmd('CONFIG', 'SET', 'latency-tracking-info-percentiles', bad),
                 "ERR CONFIG SET failed (possibly related to argument "
                 "'latency-tracking-info-percentiles') - " + why)


def test_latency_errors_and_help(srv):
    c = srv.raw()
    is_error(c.cmd('LATENCY', 'FOO'), "ERR unknown subcommand 'FOO'. Try LATENCY HELP.")
    is_error(c.cmd('LATENCY', 'HISTORY'), arity('latency|history'))
    is_error(c.cmd('LATENCY', 'HISTORY', 'a', 'b'), arity('latency|history'))
    is_error(c.cmd('LATENCY', 'LATEST', 'x'), arity('latency|latest'))
    is_error(c.cmd('LATENCY', 'GRAPH'), arity('latency|graph'))
    is_error(c.cmd('LATENCY', 'GRAPH', 'command'), "ERR No samples available for event 'command'")
    is_error(c.cmd('LATENCY', 'DOCTOR', 'x'), arity('latency|doctor'))
    h = c.cmd('LATENCY', 'HELP')
    eq(h[0], 'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:')
    eq(h[1:5], ['DOCTOR', '    Return a human readable latency analysis report.', 'GRAPH <event>',
                '    Return an ASCII latency graph for the <event> class.'])
    eq(h[-2], 'HELP')
    eq(len(h), 17)
    eq(c.cmd('LATENCY', 'HISTORY', 'nosuch'), [])
    eq(c.cmd('LATENCY', 'RESET', 'nosuch'), 0)
    eq(c.cmd('LATENCY', 'HISTOGRAM', 'nosuch'), [])  # an empty map in RESP2
    eq(c.cmd('LATENCY', 'RESET'), 0)
    eq(c.cmd('LATENCY', 'LATEST'), [])
    doc = c.cmd('LATENCY', 'DOCTOR').decode()
    ok(doc.startswith("I'm sorry, Dave, I can't do that. Latency monitoring is disabled"), doc)


def check_cdf(cdf, calls):
    eq(cdf[b'calls'], calls, 'calls')
    h = cdf[b'histogram_usec']
    keys = list(h)
    ok(all(isinstance(k, int) for k in keys), 'bucket keys are integers: %r' % keys)
    eq(keys, sorted(keys), 'buckets ascending')
    counts = [h[k] for k in keys]
    eq(counts, sorted(counts), 'cumulative counts')
    eq(counts[-1], calls, 'the last bucket counts every call')


def test_latency_histogram(srv):
    c = srv.raw()
    eq(c.cmd('HELLO', '3')[b'proto'], 3)
    try:
        eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
        keys = keys_on_distinct_shards('lh', nshards(srv), 8)
        for k in keys:
            eq(c.cmd('SET', k, 'v'), 'OK')
        for k in keys[:3]:
            eq(c.cmd('GET', k), b'v')
        c.cmd('CONFIG', 'GET', 'port')
        got = c.cmd('LATENCY', 'HISTOGRAM', 'set', 'GET', 'nosuch', 'config')
        # a container names its subcommands that ran (CONFIG RESETSTAT counts after its reset)
        eq(list(got)[:2], [b'set', b'get'])  # in the order asked; subcommands in any order
        eq(sorted(list(got)[2:]), [b'config|get', b'config|resetstat'])
        check_cdf(got[b'set'], 8)
        check_cdf(got[b'get'], 3)
        check_cdf(got[b'config|get'], 1)
        one = c.cmd('LATENCY', 'HISTOGRAM', 'config|get')
        eq(list(one), [b'config|get'])
        everything = c.cmd('LATENCY', 'HISTOGRAM')
        ok(b'set' in everything and b'latency|histogram' in everything and
           b'del' not in everything, 'all histograms: %r' % list(everything))
    finally:
        c.cmd('HELLO', '2')


def test_latency_histogram_counts_every_call(srv):
    # Every call of every connection on every shard is in its command's histogram (Tessera counts
    # fast calls in buckets that readers fold in), also while the slow log and the latency monitor
    # are armed, and CONFIG RESETSTAT forgets them all.
    conns = [srv.raw() for _ in range(4)]
    c = conns[0]
    keys = keys_on_distinct_shards('lc', nshards(srv), 16)

    def burst(n):
        for conn in conns:
            conn.send(b''.join(encode_command('SET', keys[i % len(keys)], 'v') +
                               encode_command('GET', keys[i % len(keys)]) for i in range(n)))
        for conn in conns:
            for _ in range(2 * n):
                conn.read_reply()

    def calls(name):  # RESP2: the map is [name, [b'calls', n, b'histogram_usec', ...]]
        got = c.cmd('LATENCY', 'HISTOGRAM', name)
        return got[1][got[1].index(b'calls') + 1] if got else 0

    def cmdstat(name):
        line = [l for l in c.cmd('INFO', 'commandstats').decode().split('\r\n')
                if l.startswith('cmdstat_%s:' % name)]
        return int(re.search(r'calls=(\d+)', line[0]).group(1)) if line else 0

    try:
        eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
        burst(300)
        eq(c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', '0'), 'OK')
        eq(c.cmd('CONFIG', 'SET', 'latency-monitor-threshold', '1000'), 'OK')
        burst(50)
        eq(c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', '10000'), 'OK')
        eq(c.cmd('CONFIG', 'SET', 'latency-monitor-threshold', '0'), 'OK')
        burst(50)
        for name in ('set', 'get'):
            eq(calls(name), 4 * 400, name + ' calls in the histogram')
            eq(cmdstat(name), 4 * 400, name + ' calls in commandstats')
        eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
        eq(calls('set'), 0, 'after CONFIG RESETSTAT')
        burst(5)
        eq(calls('set'), 4 * 5, 'after CONFIG RESETSTAT and 5 more')
    finally:
        c.cmd('CONFIG', 'SET', 'slowlog-log-slower-than', '10000')
        c.cmd('CONFIG', 'SET', 'latency-monitor-threshold', '0')
        c.cmd('SLOWLOG', 'RESET')


def latencystats(c):
    text = c.cmd('INFO', 'latencystats').decode()
    ok(text.startswith('# Latencystats\r\n'), text)
    out = {}
    for line in text.split('\r\n')[1:]:
        if line:
            k, v = line.split(':', 1)
            out[k] = v
    return out


def test_info_latencystats(srv):
    c = srv.raw()
    try:
        eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
        for i in range(5):
            c.cmd('SET', 'k%d' % i, 'v')
        stats = latencystats(c)
        line = stats['latency_percentiles_usec_set']
        parts = line.split(',')
        eq([p.split('=')[0] for p in parts], ['p50', 'p99', 'p99.9'])
        for p in parts:
            v = p.split('=')[1]
            ok(len(v.split('.')[1]) == 3 and float(v) > 0, 'value %r' % v)
        ok('latency_percentiles_usec_config|resetstat' in stats, 'subcommands: %r' % stats)
        eq(c.cmd('CONFIG', 'SET', 'latency-tracking-info-percentiles', '0 12.5 100.0'), 'OK')
        line = latencystats(c)['latency_percentiles_usec_set']
        eq([p.split('=')[0] for p in line.split(',')], ['p0', 'p12.5', 'p100'])
        # default INFO has no latencystats; "all" has
        ok(b'# Latencystats' not in c.cmd('INFO'), 'default INFO')
        ok(b'# Latencystats' in c.cmd('INFO', 'all'), 'INFO all')
        eq(c.cmd('CONFIG', 'SET', 'latency-tracking', 'no'), 'OK')
        eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
        c.cmd('SET', 'x', 'y')
        eq(latencystats(c), {})
    finally:
        c.cmd('CONFIG', 'SET', 'latency-tracking', 'yes')
        c.cmd('CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9')


@timeout(60)
def test_latency_monitor(srv):
    c = srv.raw()
    big = 'biglatency'
    for i in range(20):
        c.cmd('RPUSH', big, *[str(j) for j in range(5000)])
    try:
        eq(c.cmd('CONFIG', 'SET', 'latency-monitor-threshold', '1'), 'OK')
        eq(c.cmd('LATENCY', 'RESET'), 0)
        doc = c.cmd('LATENCY', 'DOCTOR').decode()
        ok(doc.startswith('Dave, no latency spike was observed'), doc)
        for _ in range(3):
            c.cmd('LRANGE', big, '0', '-1')
        latest = c.cmd('LATENCY', 'LATEST')
        byname = {e[0]: e for e in latest}
        ok(b'command' in byname, 'LATEST: %r' % latest)
        e = byname[b'command']
        eq(len(e), 4)
        ok(abs(e[1] - time.time()) < 10 and e[2] >= 1 and e[3] >= e[2], 'sample %r' % e)
        hist = c.cmd('LATENCY', 'HISTORY', 'command')
        ok(1 <= len(hist) <= 3, 'history %r' % hist)
        ok(all(len(s) == 2 and s[1] >= 1 for s in hist), 'history %r' % hist)
        eq([s[0] for s in hist], sorted(s[0] for s in hist), 'oldest first')
        doc = c.cmd('LATENCY', 'DOCTOR').decode()
        ok(doc.startswith('Dave, I have observed latency spikes in this Redis instance.'), doc)
        ok('1. command: ' in doc or '2. command: ' in doc, doc)
        graph = c.cmd('LATENCY', 'GRAPH', 'command').decode().split('\n')
        ok(re.match(r'^command - high \d+ ms, low \d+ ms \(all time high \d+ ms\)$', graph[0]),
           graph)
        eq(graph[1], '-' * 80)
        width = len(hist)
        ok(all(len(line) == width for line in graph[2:-1]) and graph[-1] == '', graph)
        eq(graph[6], ' ' * width, 'a blank line above the labels')
        ok(graph[7].strip() and all(ch == 's' for ch in graph[-2]), 'labels "Ns": %r' % graph)
        is_error(c.cmd('LATENCY', 'GRAPH', 'nosuch'), "ERR No samples available for event 'nosuch'")
        eq(c.cmd('LATENCY', 'RESET', 'command', 'nosuch'), 1)
        eq(c.cmd('LATENCY', 'HISTORY', 'command'), [])
    finally:
        c.cmd('CONFIG', 'SET', 'latency-monitor-threshold', '0')
        c.cmd('LATENCY', 'RESET')


# ---- MEMORY STATS / DOCTOR / MALLOC-STATS / PURGE ----

STATS_FIELDS = ['peak.allocated', 'total.allocated', 'startup.allocated', 'replication.backlog',
                'clients.slaves', 'clients.normal', 'cluster.links', 'aof.buffer', 'lua.caches',
                'functions.caches', 'overhead.total', 'keys.count', 'keys.bytes-per-key',
                'dataset.bytes', 'dataset.percentage', 'peak.percentage', 'allocator.allocated',
                'allocator.active', 'allocator.resident', 'allocator-fragmentation.ratio',
                'allocator-fragmentation.bytes', 'allocator-rss.ratio', 'allocator-rss.bytes',
                'rss-overhead.ratio', 'rss-overhead.bytes', 'fragmentation',
                'fragmentation.bytes']


def test_memory_stats(srv):
    c = srv.raw()
    keys = keys_on_distinct_shards('ms', nshards(srv), 8)
    for k in keys:
        eq(c.cmd('SET', k, 'v'), 'OK')
    eq(c.cmd('SELECT', '3'), 'OK')
    eq(c.cmd('SET', 'other', 'v'), 'OK')
    eq(c.cmd('SELECT', '0'), 'OK')
    flat = c.cmd('MEMORY', 'STATS')
    names = [flat[i].decode() for i in range(0, len(flat), 2)]
    stats = dict(zip(names, flat[1::2]))
    eq([n for n in names if not n.startswith('db.')], STATS_FIELDS)
    eq([n for n in names if n.startswith('db.')], ['db.0', 'db.3'])
    eq(names.index('db.0'), 10, 'the databases come after functions.caches')
    db0 = stats['db.0']
    eq([db0[i] for i in range(0, len(db0), 2)],
       [b'overhead.hashtable.main', b'overhead.hashtable.expires',
        b'overhead.hashtable.slot-to-keys'])
    eq(stats['keys.count'], len(keys) + 1)
    ok(stats['total.allocated'] > 0 and stats['peak.allocated'] >= stats['total.allocated'],
       'allocated %r' % stats)
    ok(isinstance(stats['dataset.percentage'], bytes) and float(stats['dataset.percentage']) >= 0,
       'a double (bulk in RESP2): %r' % stats['dataset.percentage'])
    eq(c.cmd('HELLO', '3')[b'proto'], 3)
    m = c.cmd('MEMORY', 'STATS')
    ok(isinstance(m, dict) and isinstance(m[b'fragmentation'], float), 'RESP3 %r' % m)
    c.cmd('HELLO', '2')
    is_error(c.cmd('MEMORY', 'STATS', 'x'), arity('memory|stats'))


def test_memory_doctor_purge_malloc_stats(srv):
    c = srv.raw()
    doc = c.cmd('MEMORY', 'DOCTOR').decode()
    ok(doc.startswith('Hi Sam, ') or doc.startswith('Sam, I detected'), doc)
    eq(c.cmd('MEMORY', 'PURGE'), 'OK')
    text = c.cmd('MEMORY', 'MALLOC-STATS')
    ok(isinstance(text, bytes) and len(text) > 0, 'MALLOC-STATS %r' % text[:80])
    is_error(c.cmd('MEMORY', 'DOCTOR', 'x'), arity('memory|doctor'))
    is_error(c.cmd('MEMORY', 'PURGE', 'x'), arity('memory|purge'))
    h = c.cmd('MEMORY', 'HELP')
    eq(h[1:9], ['DOCTOR', '    Return memory problems reports.', 'MALLOC-STATS',
                '    Return internal statistics report from the memory allocator.', 'PURGE',
                '    Attempt to purge dirty pages for reclamation by the allocator.', 'STATS',
                '    Return information about the memory usage of the server.'])


# ---- INFO errorstats, total_error_replies, rejected_calls / failed_calls ----

def stat_lines(c):
    text = c.cmd('INFO', 'all').decode()
    out = {}
    for line in text.split('\r\n'):
        if line.startswith(('errorstat_', 'total_error_replies', 'cmdstat_')):
            k, v = line.split(':', 1)
            if k.startswith('cmdstat_'):
                d = dict(kv.split('=') for kv in v.split(','))
                v = (int(d['rejected_calls']), int(d['failed_calls']))
            out[k] = v
    return out


def test_error_counters(srv):
    c = srv.raw()
    keys = keys_on_distinct_shards('ec', nshards(srv), 4)
    eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
    is_error(c.cmd('NOSUCH'), prefix='ERR unknown command')
    is_error(c.cmd('GET'), arity('get'))
    for k in keys:
        eq(c.cmd('LPUSH', k, 'a'), 1)
        is_error(c.cmd('GET', k), prefix='WRONGTYPE')
    is_error(c.cmd('SET', 'k', 'v', 'BADOPT'), 'ERR syntax error')
    is_error(c.cmd('CONFIG', 'FOO'), prefix="ERR unknown subcommand 'FOO'")
    eq(c.cmd('MULTI'), 'OK')
    is_error(c.cmd('GET'), arity('get'))
    is_error(c.cmd('WATCH', 'x'), 'ERR WATCH inside MULTI is not allowed')
    is_error(c.cmd('EXEC'), prefix='EXECABORT')
    eq(c.cmd('MULTI'), 'OK')
    eq(c.cmd('INCR', keys[1]), 'QUEUED')
    eq(c.cmd('SET', 'a', 'b'), 'QUEUED')
    got = c.cmd('EXEC')
    is_error(got[0], prefix='WRONGTYPE')
    is_error(c.cmd('CLIENT', 'KILL', '1.2.3.4:5'), 'ERR No such client')
    st = stat_lines(c)
    eq(st.get('errorstat_ERR'), 'count=7')
    eq(st.get('errorstat_WRONGTYPE'), 'count=%d' % (len(keys) + 1))
    eq(st.get('errorstat_EXECABORT'), 'count=1')
    eq(st.get('total_error_replies'), str(7 + len(keys) + 1 + 1))
    eq(st.get('cmdstat_get'), (2, len(keys)))
    eq(st.get('cmdstat_set'), (0, 1))
    eq(st.get('cmdstat_incr'), (0, 1))
    eq(st.get('cmdstat_watch'), (0, 1))
    eq(st.get('cmdstat_client|kill'), (0, 1))
    eq(st.get('cmdstat_exec'), (0, 1))  # EXECABORT: EXEC ran and failed
    ok('cmdstat_config' not in st and 'cmdstat_nosuch' not in st, 'rejected before look-up: %r'
       % st)


@timeout(30)
def test_client_reply_while_paused(srv):
    c, other = srv.raw(), srv.raw()
    eq(c.cmd('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK')
    try:
        other.send(b'*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n')
        other.send(b'*3\r\n$3\r\nSET\r\n$2\r\nk1\r\n$1\r\nv\r\n')  # held, then not answered
        other.send(b'*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n')
        other.send(b'*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$1\r\nv\r\n')
        other.send(b'*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n')
        nothing_for(other, 0.3)
        eq(c.cmd('CLIENT', 'UNPAUSE'), 'OK')
        eq(other.read_reply()[0], 'OK')  # CLIENT REPLY ON's, nothing before it
        eq(other.cmd('MGET', 'k1', 'k2'), [b'v', b'v'])
    finally:
        c.cmd('CLIENT', 'UNPAUSE')
