# Scripts over keys of several shards (issue 13): a script is atomic whatever keys it touches.
# Declared keys chosen (by their Redis Cluster slot, no hash tags) on every shard of a --threads 4
# server; keys a script did NOT declare, built at run time from ARGV as BullMQ builds them, while
# other clients read them with MGET, MULTI blocks and read-only scripts and must never see an
# intermediate state (a counter moved between keys keeps the sum; keys written to one value are all
# old or all new); a script that writes and then touches an undeclared key has its writes done
# exactly once; scripts and functions inside MULTI/EXEC and under WATCH. Each test runs a server of
# its own with 4 shards (Redis ignores that). Every expectation is Redis 7.0.15's observed answer;
# tests skip while the server has no EVAL. Helpers: scriptutil.py.

import random
import threading
import time

from harness import (eq, ok, own_server, timeout, RawClient, RespError, encode_command,
                     keys_on_distinct_shards, key_shard, run_threads)
import scriptutil as su

SHARDS = 4
DURATION = 3.0

# Moves ARGV[4] units from key ARGV[1]..ARGV[2] to key ARGV[1]..ARGV[3]; no key declared.
MOVE = ("local src = ARGV[1] .. ARGV[2] local dst = ARGV[1] .. ARGV[3] "
        "local amount = tonumber(ARGV[4]) "
        "redis.call('decrby', src, amount) redis.call('incrby', dst, amount) return amount")
# Sums the keys ARGV[1]..i for i = 1..ARGV[2].
SUM = ("local total = 0 for i = 1, tonumber(ARGV[2]) do "
       "total = total + tonumber(redis.call('get', ARGV[1] .. i) or '0') end return total")
# Writes ARGV[2] to the keys ARGV[1]..i for i = 1..ARGV[3].
WRITE_ALL = ("for i = 1, tonumber(ARGV[3]) do redis.call('set', ARGV[1] .. i, ARGV[2]) end "
             "return 1")
# Reads the keys ARGV[1]..i for i = 1..ARGV[2]; returns how many distinct values it saw.
DISTINCT = ("local seen, n = {}, 0 for i = 1, tonumber(ARGV[2]) do "
            "local v = redis.call('get', ARGV[1] .. i) or 'nil' "
            "if not seen[v] then seen[v] = true n = n + 1 end end return n")


def four_shards(srv):
    """A server of the test's own with 4 shards; (server, raw client)."""
    s = srv.start_server(threads=SHARDS)
    return s, su.require_eval(srv.raw(port=s.port, timeout=30))


def numbered(prefix, n):
    """The keys prefix1 .. prefixN that scripts build at run time, checked to cover every shard."""
    keys = ['%s%d' % (prefix, i) for i in range(1, n + 1)]
    eq(len(set(key_shard(k, SHARDS) for k in keys)), SHARDS, 'the keys %s.. cover the shards'
       % prefix)
    return keys


@own_server
def test_keys_cover_the_shards(srv):
    numbered('acct:', 8)
    numbered('item:', 12)
    numbered('u:', 16)
    keys = keys_on_distinct_shards('dk', SHARDS, 16)
    eq(len(set(key_shard(k, SHARDS) for k in keys)), SHARDS)


# ---------------------------------------------------------------------------------------------
# Declared and undeclared keys on every shard

@own_server
def test_declared_keys_on_every_shard(srv):
    s, c = four_shards(srv)
    keys = keys_on_distinct_shards('dk', SHARDS, 16)
    eq(c.cmd('EVAL', "for i, k in ipairs(KEYS) do redis.call('set', k, ARGV[1] .. i) end "
                     "local out = {} for i, k in ipairs(KEYS) do out[i] = redis.call('get', k) end "
                     "return out", len(keys), *keys, 'v'),
       [b'v%d' % i for i in range(1, 17)])
    eq(c.cmd('MGET', *keys), [b'v%d' % i for i in range(1, 17)])
    # values of every type, one per shard, read back in one script
    a, b, d, e = keys_on_distinct_shards('ty', SHARDS, 4)
    eq(c.cmd_raw('EVAL', "redis.call('rpush', KEYS[1], 'x', 'y') "
                         "redis.call('sadd', KEYS[2], 'm') redis.call('hset', KEYS[3], 'f', 'v') "
                         "redis.call('zadd', KEYS[4], 2, 'z') "
                         "return {redis.call('lrange', KEYS[1], 0, -1), redis.call('smembers', "
                         "KEYS[2]), redis.call('hget', KEYS[3], 'f'), redis.call('zscore', "
                         "KEYS[4], 'z'), redis.call('exists', KEYS[1], KEYS[2], KEYS[3], KEYS[4])}",
                 4, a, b, d, e),
       b'*5\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n*1\r\n$1\r\nm\r\n$1\r\nv\r\n$1\r\n2\r\n:4\r\n')
    eq(c.cmd('EVAL', "return redis.call('del', unpack(KEYS))", len(keys), *keys), 16)
    eq(c.cmd('EXISTS', *keys), 0)
    # a script can move a value between shards
    eq(c.cmd('SET', keys[0], 'moving'), 'OK')
    eq(c.cmd('EVAL', "local v = redis.call('get', KEYS[1]) redis.call('del', KEYS[1]) "
                     "redis.call('set', KEYS[2], v) return v", 2, keys[0], keys[1]), b'moving')
    eq(c.cmd('MGET', keys[0], keys[1]), [None, b'moving'])


@own_server
def test_undeclared_keys_built_at_run_time(srv):
    s, c = four_shards(srv)
    keys = numbered('item:', 12)
    eq(c.cmd('EVAL', WRITE_ALL, 0, 'item:', 'w', 12), 1)
    eq(c.cmd('MGET', *keys), [b'w'] * 12)
    eq(c.cmd('EVAL', DISTINCT, 0, 'item:', 12), 1)
    # a declared key and undeclared ones in one script
    eq(c.cmd('EVAL', "redis.call('set', KEYS[1], 'declared') "
                     "for i = 1, 12 do redis.call('append', ARGV[1] .. i, '+') end "
                     "return redis.call('get', KEYS[1])", 1, 'decl', 'item:'), b'declared')
    eq(c.cmd('MGET', *keys), [b'w+'] * 12)
    # reading undeclared keys only
    eq(c.cmd('EVAL_RO', "local out = {} for i = 1, 12 do out[i] = redis.call('strlen', "
                        "ARGV[1] .. i) end return out", 0, 'item:'), [2] * 12)
    # all-shard commands inside a script
    eq(c.cmd('EVAL', "return redis.call('dbsize')", 0), 13)
    eq(sorted(c.cmd('EVAL', "return redis.call('keys', 'item:*')", 0)),
       sorted(k.encode() for k in keys))
    eq(c.cmd('EVAL', "redis.call('flushdb') return redis.call('dbsize')", 0), 0)


# ---------------------------------------------------------------------------------------------
# Concurrent readers never see a script half done

def _movers_and_readers(port, move, total, n):
    """Runs movers (move(client, rng)) against readers of the n counters acct:1..n (MGET, pipelined
    MGETs, MULTI blocks of GETs, a read-only script) for DURATION; the sum must stay total.
    Returns (moves, reads)."""
    keys = ['acct:%d' % i for i in range(1, n + 1)]
    stop = time.monotonic() + DURATION
    moves, reads = [0], [0]
    bad = []

    def mover(seed):
        c = RawClient(port, timeout=30)
        rng = random.Random(seed)
        try:
            while time.monotonic() < stop and not bad:
                r = move(c, rng)
                if isinstance(r, RespError):
                    bad.append('a move answered %r' % r)
                    return
                moves[0] += 1
        finally:
            c.close()

    def reader(kind):
        c = RawClient(port, timeout=30)
        try:
            while time.monotonic() < stop and not bad:
                if kind == 'mget':
                    got = sum(int(v) for v in c.cmd('MGET', *keys))
                elif kind == 'pipeline':
                    # several MGETs in one write: each one on its own must add up
                    c.send(encode_command('MGET', *keys) * 5)
                    sums = set(sum(int(v) for v in c.read()) for _ in range(5))
                    got = sums.pop() if len(sums) == 1 else sums
                elif kind == 'multi':
                    eq(c.cmd('MULTI'), 'OK')
                    for k in keys:
                        eq(c.cmd_raw('GET', k), b'+QUEUED\r\n')
                    got = sum(int(v) for v in c.cmd('EXEC'))
                else:
                    got = c.cmd('EVAL_RO', SUM, 0, 'acct:', n)
                reads[0] += 1
                if got != total:
                    bad.append('%s read a sum of %r instead of %d' % (kind, got, total))
                    return
        finally:
            c.close()

    errors = run_threads([(mover, (i,)) for i in range(3)] +
                         [(reader, (kind,)) for kind in ('mget', 'pipeline', 'multi', 'script')],
                         DURATION + 40)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, bad[:1])
    return moves[0], reads[0]


@own_server
@timeout(90)
def test_undeclared_counter_moves_keep_the_sum(srv):
    s, c = four_shards(srv)
    n, total = 8, 8000
    numbered('acct:', n)
    eq(c.cmd('MSET', *[x for i in range(1, n + 1) for x in ('acct:%d' % i, total // n)]), 'OK')

    def move(client, rng):
        src, dst = rng.sample(range(1, n + 1), 2)
        return client.cmd('EVAL', MOVE, 0, 'acct:', src, dst, rng.randint(1, 50))

    moves, reads = _movers_and_readers(s.port, move, total, n)
    ok(moves > 50 and reads > 50, 'too little work to judge: %d moves, %d reads' % (moves, reads))
    eq(c.cmd('EVAL', SUM, 0, 'acct:', n), total)


@own_server
@timeout(90)
def test_declared_counter_moves_keep_the_sum(srv):
    s, c = four_shards(srv)
    n, total = 8, 8000
    keys = numbered('acct:', n)
    eq(c.cmd('MSET', *[x for k in keys for x in (k, total // n)]), 'OK')
    body = ("redis.call('decrby', KEYS[1], ARGV[1]) redis.call('incrby', KEYS[2], ARGV[1]) "
            "return 1")
    sha = c.cmd('SCRIPT', 'LOAD', body).decode()

    def move(client, rng):
        src, dst = rng.sample(keys, 2)
        return client.cmd('EVALSHA', sha, 2, src, dst, rng.randint(1, 50))

    moves, reads = _movers_and_readers(s.port, move, total, n)
    ok(moves > 50 and reads > 50, 'too little work to judge: %d moves, %d reads' % (moves, reads))


@own_server
@timeout(90)
def test_function_counter_moves_keep_the_sum(srv):
    s, c = four_shards(srv)
    su.require_functions(c)
    n, total = 8, 8000
    numbered('acct:', n)
    eq(c.cmd('MSET', *[x for i in range(1, n + 1) for x in ('acct:%d' % i, total // n)]), 'OK')
    eq(c.cmd('FUNCTION', 'LOAD', "#!lua name=bank\n"
                                 "redis.register_function('move', function(KEYS, ARGV) %s end)\n"
                                 "redis.register_function{function_name='sum', "
                                 "callback=function(KEYS, ARGV) %s end, flags={'no-writes'}}"
                                 % (MOVE, SUM)), b'bank')

    def move(client, rng):
        src, dst = rng.sample(range(1, n + 1), 2)
        return client.cmd('FCALL', 'move', 0, 'acct:', src, dst, rng.randint(1, 50))

    moves, reads = _movers_and_readers(s.port, move, total, n)
    ok(moves > 50 and reads > 50, 'too little work to judge: %d moves, %d reads' % (moves, reads))
    eq(c.cmd('FCALL_RO', 'sum', 0, 'acct:', n), total)


@own_server
@timeout(90)
def test_undeclared_writes_all_old_or_all_new(srv):
    s, c = four_shards(srv)
    n = 12
    keys = numbered('item:', n)
    eq(c.cmd('EVAL', WRITE_ALL, 0, 'item:', 'start', n), 1)
    stop = time.monotonic() + DURATION
    writes, reads = [0], [0]
    bad = []

    def writer(wid):
        w = RawClient(s.port, timeout=30)
        try:
            i = 0
            while time.monotonic() < stop and not bad:
                eq(w.cmd('EVAL', WRITE_ALL, 0, 'item:', 'w%d-%d' % (wid, i), n), 1)
                i += 1
                writes[0] += 1
        finally:
            w.close()

    def reader(kind):
        r = RawClient(s.port, timeout=30)
        try:
            while time.monotonic() < stop and not bad:
                if kind == 'mget':
                    distinct = len(set(r.cmd('MGET', *keys)))
                elif kind == 'multi':
                    eq(r.cmd('MULTI'), 'OK')
                    for k in keys:
                        eq(r.cmd_raw('GET', k), b'+QUEUED\r\n')
                    distinct = len(set(r.cmd('EXEC')))
                else:
                    distinct = r.cmd('EVAL_RO', DISTINCT, 0, 'item:', n)
                reads[0] += 1
                if distinct != 1:
                    bad.append('%s saw %r values at once' % (kind, distinct))
                    return
        finally:
            r.close()

    errors = run_threads([(writer, (i,)) for i in range(3)] +
                         [(reader, (k,)) for k in ('mget', 'mget', 'multi', 'script')],
                         DURATION + 40)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, bad[:1])
    ok(writes[0] > 50 and reads[0] > 50, 'too little work to judge: %d writes, %d reads'
       % (writes[0], reads[0]))


@own_server
@timeout(90)
def test_script_reads_never_see_half_an_mset(srv):
    s, c = four_shards(srv)
    keys = keys_on_distinct_shards('ms', SHARDS, 8)
    eq(c.cmd('MSET', *[x for k in keys for x in (k, 'init')]), 'OK')
    stop = time.monotonic() + DURATION
    bad = []
    reads = [0]
    body = ("local first = redis.call('get', KEYS[1]) for i = 2, #KEYS do "
            "if redis.call('get', KEYS[i]) ~= first then return 0 end end return 1")

    def writer(wid):
        w = RawClient(s.port, timeout=30)
        try:
            i = 0
            while time.monotonic() < stop and not bad:
                eq(w.cmd('MSET', *[x for k in keys for x in (k, 'w%d-%d' % (wid, i))]), 'OK')
                i += 1
        finally:
            w.close()

    def reader():
        r = RawClient(s.port, timeout=30)
        try:
            while time.monotonic() < stop and not bad:
                if r.cmd('EVAL_RO', body, len(keys), *keys) != 1:
                    bad.append('a script saw half an MSET')
                reads[0] += 1
        finally:
            r.close()

    errors = run_threads([(writer, (i,)) for i in range(2)] + [(reader, ()) for _ in range(3)],
                         DURATION + 40)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, bad[:1])
    ok(reads[0] > 50, 'too few reads: %d' % reads[0])


# ---------------------------------------------------------------------------------------------
# Writes done exactly once

# INCR KEYS[1], RPUSH ARGV[1] onto KEYS[2], then touch the undeclared key ARGV[2] (GET, then INCR).
WRITE_THEN_UNDECLARED = ("local n = redis.call('incr', KEYS[1]) "
                         "redis.call('rpush', KEYS[2], ARGV[1]) "
                         "redis.call('get', ARGV[2]) redis.call('incr', ARGV[2]) "
                         "redis.call('sadd', KEYS[3], ARGV[1]) return n")


@own_server
@timeout(90)
def test_writes_before_an_undeclared_key_happen_once(srv):
    s, c = four_shards(srv)
    counter, log, members = keys_on_distinct_shards('once', SHARDS, 3)
    others = numbered('other:', 16)
    calls = 0
    # one at a time, the undeclared key on each shard in turn
    for i, k in enumerate(others):
        eq(c.cmd('EVAL', WRITE_THEN_UNDECLARED, 3, counter, log, members, 'seq%d' % i, k), i + 1)
        calls += 1
    eq(c.cmd('GET', counter), b'%d' % calls)
    eq(c.cmd('LLEN', log), calls)
    eq(c.cmd('MGET', *others), [b'1'] * len(others))
    # then from several clients at once
    per_client, nclients = 60, 4
    replies = []
    lock = threading.Lock()

    def client(cid):
        r = RawClient(s.port, timeout=30)
        rng = random.Random(cid)
        try:
            for j in range(per_client):
                v = r.cmd('EVAL', WRITE_THEN_UNDECLARED, 3, counter, log, members,
                          'c%d-%d' % (cid, j), rng.choice(others))
                with lock:
                    replies.append(v)
        finally:
            r.close()

    errors = run_threads([(client, (i,)) for i in range(nclients)], 60)
    ok(not errors, 'client errors: %r' % errors[:3])
    total = calls + per_client * nclients
    eq(sorted(replies), list(range(calls + 1, total + 1)), 'each script got its own INCR')
    eq(c.cmd('GET', counter), b'%d' % total)
    items = c.cmd('LRANGE', log, 0, -1)
    eq(len(items), total, 'RPUSH done once per script')
    eq(len(set(items)), total, 'no element pushed twice')
    eq(c.cmd('SCARD', members), total)
    eq(sum(int(v) for v in c.cmd('MGET', *others)), total, 'the undeclared INCRs')


# Writes its declared key and the undeclared ARGV[2], then reads both back.
SET_BOTH = ("redis.call('set', KEYS[1], ARGV[1]) redis.call('set', ARGV[2], ARGV[1]) "
            "return {redis.call('get', KEYS[1]), redis.call('get', ARGV[2])}")
GET_ONE = "return redis.call('get', KEYS[1])"


def eval_calls(c):
    """cmdstat_eval's calls in INFO commandstats (0 before the first EVAL)."""
    for line in c.cmd('INFO', 'commandstats').decode().splitlines():
        if line.startswith('cmdstat_eval:'):
            return int(line.split('calls=')[1].split(',')[0])
    return 0


@own_server
def test_pipelined_one_key_scripts_keep_their_order(srv):
    """A script whose one declared key lives on another worker's shard runs on that worker; one
    that then reaches an undeclared key on a third shard runs again from its client's worker.
    Either way the commands pipelined behind it see its writes, and it counts as one call."""
    s, c = four_shards(srv)
    declared = keys_on_distinct_shards('pd', SHARDS, SHARDS)
    undeclared = keys_on_distinct_shards('pu', SHARDS, SHARDS)
    before = eval_calls(c)
    scripts = 0
    for rnd in range(3):
        for d in declared:
            for u in undeclared:
                v = b'%d:%s:%s' % (rnd, d.encode(), u.encode())
                c.send(encode_command('EVAL', SET_BOTH, 1, d, v, u) + encode_command('GET', u) +
                       encode_command('EVAL', GET_ONE, 1, u) + encode_command('GET', d) +
                       encode_command('INCR', 'pipelined'))
                scripts += 2
                eq(c.read(), [v, v], 'the script over %s and %s' % (d, u))
                eq(c.read(), v, 'GET of the undeclared key right behind the script')
                eq(c.read(), v, 'a script declaring it right behind')
                eq(c.read(), v, 'GET of the declared key')
                eq(c.read(), scripts // 2)
    eq(eval_calls(c), before + scripts, 'a script run again counts as one call')


@own_server
def test_scripts_of_an_acl_limited_user_on_every_shard(srv):
    """A user with key patterns: its scripts' refusals carry Redis's text and reach the ACL log
    whichever shard the declared key is on."""
    s, c = four_shards(srv)
    declared = keys_on_distinct_shards('ak', SHARDS, SHARDS)
    eq(c.cmd('ACL', 'SETUSER', 'scripter', 'on', '>pw', '~ak*', '+@all'), 'OK')
    u = srv.raw(port=s.port, timeout=30)
    eq(u.cmd('AUTH', 'scripter', 'pw'), 'OK')
    body = "redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', ARGV[2])"
    denied = ('ERR The user executing the script can\'t access at least one of the keys '
              'mentioned in the command arguments')
    for i, d in enumerate(declared):
        eq(u.cmd_raw('EVAL', body, 1, d, 'v%d' % i, 'forbidden'),
           su.wire(su.script_error(denied, body)), 'a key outside ~ak* from %s' % d)
        eq(u.cmd('GET', d), b'v%d' % i, 'the write before the refusal stays')
        eq(u.cmd('EVAL', body, 1, d, 'w%d' % i, d), b'w%d' % i, 'its own keys are served')
    log = c.cmd('ACL', 'LOG')
    ok(len(log) >= 1, 'the refusals are logged')
    entry = dict(zip(log[0][::2], log[0][1::2]))
    eq(entry[b'context'], b'lua')
    eq(entry[b'object'], b'forbidden')
    eq(entry[b'username'], b'scripter')
    eq(entry[b'count'], len(declared), 'one entry, counted once per refusal')
    ok(b'user=scripter' in entry[b'client-info'], 'the client described: %r'
       % entry[b'client-info'][:80])


@own_server
def test_failing_script_keeps_its_earlier_writes_once(srv):
    s, c = four_shards(srv)
    counter, log = keys_on_distinct_shards('fail', SHARDS, 2)
    others = numbered('bad:', 8)
    for k in others:
        eq(c.cmd('SET', k, 'not a number'), 'OK')
    body = ("redis.call('incr', KEYS[1]) redis.call('rpush', KEYS[2], ARGV[1]) "
            "return redis.call('incr', ARGV[2])")
    for i, k in enumerate(others):
        eq(c.cmd_raw('EVAL', body, 2, counter, log, 'x%d' % i, k),
           su.wire(su.script_error(su.NOT_INT, body)))
    eq(c.cmd('GET', counter), b'%d' % len(others))
    eq(c.cmd('LRANGE', log, 0, -1), [b'x%d' % i for i in range(len(others))])
    eq(c.cmd('MGET', *others), [b'not a number'] * len(others))


# ---------------------------------------------------------------------------------------------
# MULTI/EXEC and WATCH

@own_server
def test_scripts_inside_multi(srv):
    s, c = four_shards(srv)
    a, b, d = keys_on_distinct_shards('mx', SHARDS, 3)
    eq(c.cmd('SET', 's', 'x'), 'OK')
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    for cmd in (('SET', a, '1'),
                ('EVAL', "redis.call('incr', KEYS[1]) redis.call('set', KEYS[2], 'from script') "
                         "return redis.call('get', KEYS[1])", 2, a, b),
                ('EVAL', "return redis.call('incr', KEYS[1])", 1, 's'),
                ('EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', 0),
                ('EVAL', 'return 1', 2, 'x'),
                ('EVAL', 'return 1', 'x'),
                ('EVAL_RO', "return redis.call('set', 'q', 1)", 0),
                ('EVAL', "return redis.call('set', ARGV[1], 'undeclared')", 0, d),
                ('MGET', a, b, d)):
        eq(c.cmd_raw(*cmd), b'+QUEUED\r\n', 'queueing %r' % (cmd,))
    eq(c.cmd_raw('EXEC'),
       b'*9\r\n+OK\r\n$1\r\n2\r\n' +
       su.wire(su.script_error(su.NOT_INT, "return redis.call('incr', KEYS[1])")) +
       su.wire(su.NOSCRIPT) + su.wire(su.KEYS_TOO_MANY) + su.wire(su.NOT_INT) +
       su.wire(su.script_error(su.RO_WRITE, "return redis.call('set', 'q', 1)")) +
       b'+OK\r\n*3\r\n$1\r\n2\r\n$11\r\nfrom script\r\n$10\r\nundeclared\r\n')
    # an arity error while queueing aborts the block
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('EVAL', 'return 1'), su.wire("ERR wrong number of arguments for 'eval' command"))
    eq(c.cmd_raw('EXEC'), b'-EXECABORT Transaction discarded because of previous errors.\r\n')
    # scripts cached inside the block are there for EVALSHA after it
    body = "return 'cached in multi'"
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('EVAL', body, 0), b'+QUEUED\r\n')
    eq(c.cmd_raw('SCRIPT', 'LOAD', 'return 3'), b'+QUEUED\r\n')
    eq(c.cmd_raw('EXEC'), b'*2\r\n$15\r\ncached in multi\r\n$40\r\n%s\r\n'
       % su.sha1('return 3').encode())
    eq(c.cmd('EVALSHA', su.sha1(body), 0), b'cached in multi')
    eq(c.cmd('EVALSHA', su.sha1('return 3'), 0), 3)


@own_server
def test_watch_sees_script_writes(srv):
    s, c = four_shards(srv)
    other = srv.raw(port=s.port)
    keys = numbered('wk:', 8)
    for k in keys:
        # a declared key
        eq(c.cmd('WATCH', k), 'OK')
        eq(other.cmd('EVAL', "return redis.call('incr', KEYS[1])", 1, k), 1)
        eq(c.cmd('MULTI'), 'OK')
        eq(c.cmd_raw('PING'), b'+QUEUED\r\n')
        eq(c.cmd_raw('EXEC'), b'*-1\r\n', 'EXEC after a script changed %s' % k)
        # a key the script builds at run time
        eq(c.cmd('WATCH', k), 'OK')
        eq(other.cmd('EVAL', "return redis.call('incr', ARGV[1] .. ARGV[2])", 0, 'wk:',
                     k.split(':')[1]), 2)
        eq(c.cmd('MULTI'), 'OK')
        eq(c.cmd_raw('PING'), b'+QUEUED\r\n')
        eq(c.cmd_raw('EXEC'), b'*-1\r\n', 'EXEC after a script changed %s undeclared' % k)
        # a script that only reads it leaves the watch alone
        eq(c.cmd('WATCH', k), 'OK')
        eq(other.cmd('EVAL_RO', "return redis.call('get', ARGV[1])", 0, k), b'2')
        eq(c.cmd('MULTI'), 'OK')
        eq(c.cmd_raw('PING'), b'+QUEUED\r\n')
        eq(c.cmd_raw('EXEC'), b'*1\r\n+PONG\r\n')
