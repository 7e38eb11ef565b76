# Memory limit and eviction over TCP, as Redis 7.0.15 answers them: maxmemory (bytes and k/kb/m/mb/
# g/gb units, CONFIG GET in bytes, bad values), maxmemory-policy (every name, case, the error for an
# unknown one), maxmemory-samples (its range), the same options on the command line, INFO memory
# maxmemory / maxmemory_human / maxmemory_policy and INFO stats evicted_keys; noeviction's OOM for
# denyoom commands while reads, DEL and FLUSHALL go on; allkeys-random under a write flood of twice
# the budget; volatile-random (only keys with a TTL go, OOM when there are none); volatile-ttl (the
# nearest expiry first, statistically); CONFIG SET maxmemory lower at run time; the `evicted`
# keyspace event. Tessera-only: the LRU / LFU policies are either refused as not supported yet or
# evict like allkeys-random.
#
# Budgets are set relative to the used_memory a server reports before the test writes (its own
# baseline), a few MB to 20 MB above it, with 4,000-byte values written pipelined. The flood tests
# start servers of their own (with Tessera, --threads as the runner says: 4 by default, so several
# shards evict); the configuration tests use the shared server and restore it.
# Every test not marked tessera_only passes against redis-server 7.0.15 (run.py --reference).
# TESSERA_EVICT_VERBOSE=1 prints each flood's figures (used memory against maxmemory, keys evicted).

import os
import re
import sys
import threading
import time

from harness import (eq, ok, is_error, own_server, tessera_only, timeout, wait_until, info_field,
                     encode_command, RespError, TestFailure)
from harness import config_value as config_get

MB = 1 << 20
VALUE_SIZE = 4000
FILL = os.urandom(VALUE_SIZE)  # incompressible: the budget holds what it says

OOM = "OOM command not allowed when used memory > 'maxmemory'."
BAD_POLICY = ("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - "
              "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
              "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction")
BAD_MEMORY = ("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - "
              "argument must be a memory value")
BAD_SAMPLES_RANGE = ("ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - "
                     "argument must be between 1 and 2147483647 inclusive")
BAD_SAMPLES_INT = ("ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - "
                   "argument couldn't be parsed into an integer")
POLICIES = ('volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru',
            'allkeys-lfu', 'allkeys-random', 'noeviction')


# ---------------------------------------------------------------------------------------------
# Helpers

def report(text):
    """With TESSERA_EVICT_VERBOSE=1, prints the figures of a flood (how close to maxmemory, how
    many keys went) to stderr, to compare servers."""
    if os.environ.get('TESSERA_EVICT_VERBOSE'):
        sys.stderr.write('  %s\n' % text)


def config_set(c, name, value):
    eq(c.cmd('CONFIG', 'SET', name, value), 'OK', 'CONFIG SET %s %s' % (name, value))


def info(c, section):
    text = c.cmd('INFO', section)
    ok(not isinstance(text, RespError), 'INFO %s answered %r' % (section, text))
    out = {}
    for line in bytes(text).decode('utf-8', 'replace').splitlines():
        if ':' in line and not line.startswith('#'):
            k, v = line.split(':', 1)
            out[k] = v
    return out


def used_memory(c):
    return info_field(c, 'memory', 'used_memory')


def evicted_keys(c):
    return info_field(c, 'stats', 'evicted_keys')


def value_of(name):
    head = name.encode() + b':'
    return head + FILL[:VALUE_SIZE - len(head)]


def write_keys(c, names, ttl=None, batch=100):
    """SETs every name (a 4,000-byte value, EX ttl if given, ttl may be a function of the index),
    pipelined batch at a time; the replies, in order."""
    replies = []
    for i in range(0, len(names), batch):
        cmds = []
        for j in range(i, min(i + batch, len(names))):
            t = ttl(j) if callable(ttl) else ttl
            if t is None:
                cmds.append(encode_command('SET', names[j], value_of(names[j])))
            else:
                cmds.append(encode_command('SET', names[j], value_of(names[j]), 'EX', t))
        c.send(b''.join(cmds))
        replies += [c.read() for _ in cmds]
    return replies


def present(c, names, batch=500):
    """The subset of names that exist, as a set (EXISTS one by one, pipelined)."""
    out = set()
    for i in range(0, len(names), batch):
        part = names[i:i + batch]
        c.send(b''.join(encode_command('EXISTS', n) for n in part))
        for n in part:
            r = c.read()
            ok(r in (0, 1), 'EXISTS %s answered %r' % (n, r))
            if r:
                out.add(n)
    return out


def delete_keys(c, names, batch=500):
    for i in range(0, len(names), batch):
        part = names[i:i + batch]
        c.send(b''.join(encode_command('DEL', n) for n in part))
        for n in part:
            r = c.read()
            ok(r in (0, 1), 'DEL %s answered %r' % (n, r))


def check_oom_or_ok(replies, what):
    """Every reply is OK or exactly the OOM error; the number of OOM errors."""
    ooms = 0
    for i, r in enumerate(replies):
        if isinstance(r, RespError):
            eq(str(r), OOM, '%s: reply %d' % (what, i))
            ooms += 1
        else:
            eq(r, 'OK', '%s: reply %d' % (what, i))
    return ooms


def within_budget(used, limit):
    """The bound used memory must keep to once a flood has ended: maxmemory plus 10% and 1 MB
    for what the baseline and the allocator add."""
    return used <= limit * 1.10 + MB


def settle(c, limit):
    """Waits (3 s at most) for used_memory to be within the budget, then lifts the limit
    (maxmemory 0) so that the checks that follow, whose replies take memory too, evict nothing
    more and see one state. Returns the used_memory seen within the budget."""
    used = wait_until(lambda: (lambda u: u if within_budget(u, limit) else 0)(used_memory(c)),
                      3.0, msg='used_memory back within %d (maxmemory) + 10%% + 1 MB' % limit)
    config_set(c, 'maxmemory', '0')
    return used


class Pinger:
    """A second connection that PINGs every few ms while the test writes, and reads used_memory
    after each: the answers, the slowest one, the answers within [t0, t1], the peak."""

    def __init__(self, srv, port):
        self.c = srv.raw(port=port, timeout=5)
        self.stop_flag = threading.Event()
        self.times = []     # when each PONG came
        self.worst = 0.0
        self.errors = []
        self.peak = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop_flag.is_set():
            try:
                t0 = time.monotonic()
                r = self.c.cmd('PING')
                t1 = time.monotonic()
                if r != 'PONG':
                    self.errors.append('PING answered %r' % (r,))
                    return
                self.times.append(t1)
                self.worst = max(self.worst, t1 - t0)
                self.peak = max(self.peak, used_memory(self.c))
            except Exception as e:  # noqa: B902 - reported by the test
                self.errors.append('%s: %s' % (type(e).__name__, e))
                return
            time.sleep(0.005)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join(10)
        return False

    def answers_between(self, t0, t1):
        return sum(1 for t in self.times if t0 <= t <= t1)


def flood_and_check(srv, c, limit, room, port, prefix='k:', ttl=None):
    """Writes about twice room in 4,000-byte values while a Pinger runs; checks that every write
    was accepted, the server answered throughout, used memory is back within the budget, keys were
    evicted and at least half the room still holds data. Leaves maxmemory at 0 (see settle).
    Returns (names written, the set still present, keys evicted, used_memory after, the peak
    used_memory seen during the flood)."""
    n = 2 * room // VALUE_SIZE
    names = ['%s%d' % (prefix, i) for i in range(n)]
    evicted0 = evicted_keys(c)
    with Pinger(srv, port) as p:
        t0 = time.monotonic()
        replies = write_keys(c, names, ttl=ttl)
        t1 = time.monotonic()
        time.sleep(0.05)
    ok(not p.errors, 'PING during the flood: %s' % p.errors[:3])
    ok(p.answers_between(t0, t1) > 0, 'no PING answered during the %.2f s flood' % (t1 - t0))
    ok(p.worst < 2.0, 'slowest PING during the flood: %.2f s' % p.worst)
    eq(check_oom_or_ok(replies, 'writes of the flood'), 0, 'OOM errors during the flood')
    eq(c.cmd('PING'), 'PONG', 'PING after the flood')
    used = settle(c, limit)
    evicted = evicted_keys(c) - evicted0
    ok(evicted > 0, 'evicted_keys after writing %d keys of %d bytes over a room of %d: %d'
       % (n, VALUE_SIZE, room, evicted))
    kept = present(c, names)
    ok(len(kept) < 0.75 * n, '%d of the %d keys written are still there' % (len(kept), n))
    ok(len(kept) * VALUE_SIZE >= room // 2,
       'only %d keys of %d bytes kept in a room of %d: evicted far more than needed'
       % (len(kept), VALUE_SIZE, room))
    report('flood of %d keys: maxmemory %d, used after %d (%.4f), peak seen %d (%.4f), '
           'evicted %d, kept %d, %.2f s, %d PINGs answered during it, slowest %.1f ms'
           % (n, limit, used, used / limit, p.peak, p.peak / limit, evicted, len(kept), t1 - t0,
              p.answers_between(t0, t1), p.worst * 1000))
    return names, kept, evicted, used, p.peak


# ---------------------------------------------------------------------------------------------
# Configuration

def test_maxmemory_config(srv):
    c = srv.raw()
    eq(config_get(c, 'maxmemory'), '0', 'default maxmemory')
    try:
        for given, stored in (('1073741824', 1 << 30), ('100mb', 100 * MB), ('100MB', 100 * MB),
                              ('2gb', 2 << 30), ('1GB', 1 << 30), ('3g', 3000000000),
                              ('500m', 500000000), ('4000000kb', 4096000000),
                              ('4000000k', 4000000000), ('4000000KB', 4096000000),
                              ('2000000000b', 2000000000)):
            eq(c.cmd_raw('CONFIG', 'SET', 'maxmemory', given), b'+OK\r\n',
               'CONFIG SET maxmemory %s' % given)
            eq(config_get(c, 'maxmemory'), str(stored), 'CONFIG GET maxmemory after %s' % given)
        config_set(c, 'maxmemory', '100mb')
        for bad in ('-1', 'abc', '1.5mb', '10tb', '12x', '1 mb'):
            is_error(c.cmd('CONFIG', 'SET', 'maxmemory', bad), BAD_MEMORY)
        eq(config_get(c, 'maxmemory'), str(100 * MB), 'maxmemory after refused values')
        config_set(c, 'maxmemory', '0')
        eq(config_get(c, 'maxmemory'), '0')
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory', '0')


def test_maxmemory_policy_config(srv):
    c = srv.raw()
    eq(config_get(c, 'maxmemory-policy'), 'noeviction', 'default maxmemory-policy')
    try:
        for p in ('volatile-random', 'volatile-ttl', 'allkeys-random', 'noeviction'):
            eq(c.cmd_raw('CONFIG', 'SET', 'maxmemory-policy', p), b'+OK\r\n',
               'CONFIG SET maxmemory-policy %s' % p)
            eq(config_get(c, 'maxmemory-policy'), p)
        config_set(c, 'maxmemory-policy', 'ALLKEYS-Random')
        eq(config_get(c, 'maxmemory-policy'), 'allkeys-random', 'a policy in capitals')
        for bad in ('foo', '', 'allkeys', 'lru', 'volatile_ttl', 'allkeys-random '):
            is_error(c.cmd('CONFIG', 'SET', 'maxmemory-policy', bad), BAD_POLICY)
        eq(config_get(c, 'maxmemory-policy'), 'allkeys-random', 'the policy after refused names')
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')
    eq(config_get(c, 'maxmemory-policy'), 'noeviction')


def test_maxmemory_samples_config(srv):
    c = srv.raw()
    eq(config_get(c, 'maxmemory-samples'), '5', 'default maxmemory-samples')
    try:
        for v in ('1', '10', '64', '2147483647'):
            eq(c.cmd_raw('CONFIG', 'SET', 'maxmemory-samples', v), b'+OK\r\n',
               'CONFIG SET maxmemory-samples %s' % v)
            eq(config_get(c, 'maxmemory-samples'), v)
        for bad in ('0', '-1', '2147483648'):
            is_error(c.cmd('CONFIG', 'SET', 'maxmemory-samples', bad), BAD_SAMPLES_RANGE)
        for bad in ('abc', '1.5', ''):
            is_error(c.cmd('CONFIG', 'SET', 'maxmemory-samples', bad), BAD_SAMPLES_INT)
        eq(config_get(c, 'maxmemory-samples'), '2147483647', 'samples after refused values')
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory-samples', '5')
    eq(config_get(c, 'maxmemory-samples'), '5')


@own_server
def test_eviction_options_on_the_command_line(srv):
    s = srv.start_server(['--maxmemory', '1gb', '--maxmemory-policy', 'volatile-ttl',
                          '--maxmemory-samples', '7'])
    c = srv.raw(port=s.port)
    eq(config_get(c, 'maxmemory'), str(1 << 30))
    eq(config_get(c, 'maxmemory-policy'), 'volatile-ttl')
    eq(config_get(c, 'maxmemory-samples'), '7')
    m = info(c, 'memory')
    eq(m.get('maxmemory'), str(1 << 30), 'INFO maxmemory')
    eq(m.get('maxmemory_human'), '1.00G', 'INFO maxmemory_human')
    eq(m.get('maxmemory_policy'), 'volatile-ttl', 'INFO maxmemory_policy')
    eq(c.cmd('SET', 'k', 'v'), 'OK', 'a write far under the limit')


def test_info_memory_and_stats_fields(srv):
    c = srv.raw()
    m = info(c, 'memory')
    eq(m.get('maxmemory'), '0', 'INFO maxmemory by default')
    eq(m.get('maxmemory_human'), '0B', 'INFO maxmemory_human by default')
    eq(m.get('maxmemory_policy'), 'noeviction', 'INFO maxmemory_policy by default')
    st = info(c, 'stats')
    ok(st.get('evicted_keys', '').isdigit(), 'INFO stats evicted_keys: %r' % st.get('evicted_keys'))
    try:
        for given, value, human in (('100mb', 104857600, '100.00M'), ('1gb', 1 << 30, '1.00G'),
                                    ('3000000000', 3000000000, '2.79G'),
                                    ('1500mb', 1500 * MB, '1.46G')):
            config_set(c, 'maxmemory', given)
            m = info(c, 'memory')
            eq(m.get('maxmemory'), str(value), 'INFO maxmemory after %s' % given)
            eq(m.get('maxmemory_human'), human, 'INFO maxmemory_human after %s' % given)
        for p in ('allkeys-random', 'volatile-ttl', 'noeviction'):
            config_set(c, 'maxmemory-policy', p)
            eq(info(c, 'memory').get('maxmemory_policy'), p, 'INFO maxmemory_policy')
        everything = info(c, 'everything')
        eq(everything.get('maxmemory'), str(1500 * MB), 'maxmemory in INFO everything')
        ok('evicted_keys' in everything, 'evicted_keys in INFO everything')
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory', '0')
        c.cmd('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')


# ---------------------------------------------------------------------------------------------
# noeviction

def fill_until_oom(c, prefix, room):
    """Writes three times room in 4,000-byte keys; every reply is OK or OOM, the first ones OK and
    the last third all OOM (with several shards, each fills its own share, so the first OOM errors
    and the last OKs may mix). Returns the names written OK."""
    n = 3 * room // VALUE_SIZE
    names = ['%s%d' % (prefix, i) for i in range(n)]
    before = c.cmd('DBSIZE')
    replies = write_keys(c, names)
    ooms = check_oom_or_ok(replies, 'writes past maxmemory')
    ok(ooms > 0, 'no OOM error after writing %d keys of %d bytes into a room of %d'
       % (n, VALUE_SIZE, room))
    stored = [nm for nm, r in zip(names, replies) if r == 'OK']
    ok(len(stored) * VALUE_SIZE >= room // 2,
       'only %d keys of %d bytes written before OOM in a room of %d'
       % (len(stored), VALUE_SIZE, room))
    ok(all(isinstance(r, RespError) for r in replies[2 * n // 3:]),
       'writes still accepted in the last third: %d of %d keys OK'
       % (sum(1 for r in replies[2 * n // 3:] if r == 'OK'), n - 2 * n // 3))
    eq(c.cmd('DBSIZE'), before + len(stored), 'DBSIZE: the keys written OK')
    eq(present(c, names), set(stored), 'the keys that exist are those written OK')
    return stored


def check_denyoom_refused(c, existing, tag):
    """Every denyoom write answers exactly OOM and changes nothing."""
    for args in (('SET', 'new:' + tag, 'v'), ('SET', existing, 'v'), ('SETNX', 'new:' + tag, 'v'),
                 ('SET', 'new:' + tag, 'v', 'EX', '100'), ('APPEND', 'new:' + tag, 'v'),
                 ('INCR', 'ctr:' + tag), ('LPUSH', 'list:' + tag, 'a'),
                 ('RPUSH', 'list:' + tag, 'a'), ('SADD', 'set:' + tag, 'a'),
                 ('HSET', 'hash:' + tag, 'f', 'v'), ('ZADD', 'zset:' + tag, '1', 'a'),
                 ('MSET', 'new:' + tag, 'v')):
        r = c.cmd(*args)
        ok(isinstance(r, RespError) and str(r) == OOM, '%s over maxmemory answered %r, not %r'
           % (' '.join(args), r, OOM))
    eq(c.cmd('EXISTS', 'new:' + tag, 'ctr:' + tag, 'list:' + tag, 'set:' + tag, 'hash:' + tag,
             'zset:' + tag), 0, 'keys created by refused writes')
    eq(c.cmd('GET', existing), value_of(existing), 'a key a refused SET targeted')


@own_server
def test_noeviction_refuses_denyoom_writes(srv):
    s = srv.start_server()
    c = srv.raw(port=s.port, timeout=20)
    eq(config_get(c, 'maxmemory-policy'), 'noeviction')
    room = 2 * MB
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    stored = fill_until_oom(c, 'k:', room)
    check_denyoom_refused(c, stored[0], 'a')
    eq(evicted_keys(c), 0, 'evicted_keys under noeviction')
    # Reads and commands that are not denyoom go on.
    eq(c.cmd('GET', stored[0]), value_of(stored[0]), 'GET over maxmemory')
    eq(c.cmd('GET', stored[-1]), value_of(stored[-1]), 'GET over maxmemory')
    eq(c.cmd('GET', 'no-such-key'), None)
    eq(c.cmd('STRLEN', stored[1]), VALUE_SIZE, 'STRLEN over maxmemory')
    eq(c.cmd('EXISTS', *stored[:10]), 10, 'EXISTS over maxmemory')
    eq(c.cmd('MGET', stored[2], 'no-such-key'), [value_of(stored[2]), None])
    eq(c.cmd('DBSIZE'), len(stored))
    eq(c.cmd('PING'), 'PONG')
    eq(c.cmd('DEL', stored[0]), 1, 'DEL over maxmemory')
    # DEL makes room: once enough is deleted, writes work again.
    delete_keys(c, stored[1:])
    eq(c.cmd('DBSIZE'), 0)
    wait_until(lambda: c.cmd('SET', 'after-del', 'v') == 'OK', 3.0,
               msg='SET working again after DEL of every key')
    eq(check_oom_or_ok(write_keys(c, ['again:%d' % i for i in range(100)]), 'writes after DEL'), 0,
       'OOM errors after DEL made room')
    eq(c.cmd('LPUSH', 'list', 'a'), 1)
    eq(c.cmd('SADD', 'set', 'a'), 1)
    eq(c.cmd('GET', 'after-del'), b'v')


@own_server
def test_noeviction_flushall_makes_room(srv):
    s = srv.start_server()
    c = srv.raw(port=s.port, timeout=20)
    room = 2 * MB
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    stored = fill_until_oom(c, 'k:', room)
    check_denyoom_refused(c, stored[-1], 'b')
    eq(c.cmd('FLUSHALL'), 'OK', 'FLUSHALL over maxmemory')
    eq(c.cmd('DBSIZE'), 0)
    wait_until(lambda: c.cmd('SET', 'after-flush', 'v') == 'OK', 3.0,
               msg='SET working again after FLUSHALL')
    eq(c.cmd('SADD', 'set', 'a'), 1)
    # Fill again: the limit still holds after FLUSHALL.
    fill_until_oom(c, 'k2:', room)
    eq(evicted_keys(c), 0, 'evicted_keys under noeviction')


# ---------------------------------------------------------------------------------------------
# allkeys-random

@own_server
@timeout(60)
def test_allkeys_random_keeps_to_the_budget_under_a_flood(srv):
    room = 20 * MB
    s = srv.start_server(['--maxmemory-policy', 'allkeys-random'])
    c = srv.raw(port=s.port, timeout=20)
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    names, kept, evicted, used, peak = flood_and_check(srv, c, limit, room, s.port)
    eq(len(kept) + evicted, len(names), 'keys kept + evicted_keys = keys written')
    eq(c.cmd('DBSIZE'), len(kept), 'DBSIZE after the flood')
    ok(peak <= limit * 1.5 + 4 * MB, 'used_memory seen during the flood: %d, maxmemory %d'
       % (peak, limit))
    for n in list(kept)[:20]:
        eq(c.cmd('GET', n), value_of(n), 'a key that survived the flood')
    config_set(c, 'maxmemory', str(limit))
    # A second flood over the same keys and new ones: still within the budget.
    flood_and_check(srv, c, limit, room, s.port, prefix='k2:')
    eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
    eq(evicted_keys(c), 0, 'evicted_keys after CONFIG RESETSTAT')


@own_server
@timeout(60)
def test_config_set_maxmemory_lower_evicts_down_to_it(srv):
    s = srv.start_server(['--maxmemory-policy', 'allkeys-random'])
    c = srv.raw(port=s.port, timeout=20)
    base = used_memory(c)
    names = ['k:%d' % i for i in range(30 * MB // VALUE_SIZE)]
    eq(check_oom_or_ok(write_keys(c, names), 'writes without a limit'), 0)
    before = used_memory(c)
    ok(before >= base + 25 * MB, 'used_memory %d after writing 30 MB over a baseline of %d'
       % (before, base))
    eq(evicted_keys(c), 0, 'evicted_keys without a limit')
    room = 10 * MB
    limit = base + room
    t0 = time.monotonic()
    config_set(c, 'maxmemory', str(limit))
    first = used_memory(c)
    used = wait_until(lambda: (lambda u: u if within_budget(u, limit) else 0)(used_memory(c)),
                      5.0, msg='used_memory down to %d (maxmemory) + 10%% + 1 MB' % limit)
    report('CONFIG SET maxmemory %d with %d used: %d at the first INFO, %d after %.3f s'
           % (limit, before, first, used, time.monotonic() - t0))
    eq(c.cmd('SET', 'after', 'v'), 'OK', 'a write after the eviction')
    settle(c, limit)  # maxmemory 0 again: nothing more goes
    evicted = evicted_keys(c)
    kept = present(c, names)
    # its shard may still have been over its share when it was written: allkeys-random may
    # have taken it too
    after = c.cmd('GET', 'after')
    ok(after in (b'v', None), 'GET after: %r' % (after,))
    eq(len(kept) + (after is not None) + evicted, len(names) + 1,
       'keys kept + evicted_keys = keys written')
    ok(len(kept) * VALUE_SIZE >= room // 2, 'only %d keys of %d bytes kept in a room of %d'
       % (len(kept), VALUE_SIZE, room))
    eq(check_oom_or_ok(write_keys(c, ['more:%d' % i for i in range(1000)]), 'writes, no limit'), 0)
    eq(evicted_keys(c), evicted, 'evicted_keys once maxmemory is 0 again')


# ---------------------------------------------------------------------------------------------
# volatile-random

@own_server
@timeout(60)
def test_volatile_random_evicts_only_keys_with_a_ttl(srv):
    s = srv.start_server(['--maxmemory-policy', 'volatile-random'])
    c = srv.raw(port=s.port, timeout=20)
    persistent = ['p:%d' % i for i in range(500)]
    eq(check_oom_or_ok(write_keys(c, persistent), 'keys without a TTL'), 0)
    room = 10 * MB
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    names, kept, evicted, used, peak = flood_and_check(srv, c, limit, room, s.port, prefix='t:',
                                                       ttl=3600)
    eq(len(present(c, persistent)), len(persistent), 'keys without a TTL after the flood')
    eq(c.cmd('DBSIZE'), len(persistent) + len(kept))
    eq(len(kept) + evicted, len(names), 'keys with a TTL kept + evicted_keys = written')
    eq(c.cmd('GET', persistent[0]), value_of(persistent[0]))
    ttl = c.cmd('TTL', next(iter(kept)))
    ok(isinstance(ttl, int) and 3500 < ttl <= 3600, 'TTL of a key that survived: %r' % (ttl,))


@own_server
def test_volatile_random_without_ttl_keys_answers_oom(srv):
    s = srv.start_server(['--maxmemory-policy', 'volatile-random'])
    c = srv.raw(port=s.port, timeout=20)
    room = 2 * MB
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    stored = fill_until_oom(c, 'k:', room)
    check_denyoom_refused(c, stored[0], 'v')
    eq(evicted_keys(c), 0, 'evicted_keys with no key to evict')
    eq(c.cmd('DBSIZE'), len(stored), 'no key without a TTL evicted')
    eq(c.cmd('GET', stored[0]), value_of(stored[0]))


# ---------------------------------------------------------------------------------------------
# volatile-ttl

@own_server
@timeout(60)
def test_volatile_ttl_evicts_the_nearest_expiry_first(srv):
    s = srv.start_server(['--maxmemory-policy', 'volatile-ttl'])
    c = srv.raw(port=s.port, timeout=20)
    config_set(c, 'maxmemory-samples', '10')
    persistent = ['p:%d' % i for i in range(100)]
    eq(check_oom_or_ok(write_keys(c, persistent), 'keys without a TTL'), 0)
    room = 20 * MB
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    # 2,000 keys expiring in 1,000 s, 1,001 s, ... 2,999 s: about 8 MB of the 20.
    near = ['n:%d' % i for i in range(2000)]
    eq(check_oom_or_ok(write_keys(c, near, ttl=lambda i: 1000 + i), 'near keys'), 0)
    eq(evicted_keys(c), 0, 'evicted_keys before the budget is full')
    # Then 16 MB of keys expiring in a day: about a fifth of everything must go.
    far = ['f:%d' % i for i in range(16 * MB // VALUE_SIZE)]
    eq(check_oom_or_ok(write_keys(c, far, ttl=86400), 'far keys'), 0)
    settle(c, limit)
    evicted = evicted_keys(c)
    near_kept = present(c, near)
    far_kept = present(c, far)
    eq(len(present(c, persistent)), len(persistent), 'keys without a TTL')
    near_gone = [i for i, n in enumerate(near) if n not in near_kept]
    far_gone = len(far) - len(far_kept)
    eq(len(near_gone) + far_gone, evicted, 'keys gone = evicted_keys')
    ok(evicted >= 300, 'only %d keys evicted' % evicted)
    quarter = len(near) // 4
    first = sum(1 for i in near_gone if i < quarter)
    last = sum(1 for i in near_gone if i >= len(near) - quarter)
    stats = ('%d evicted: %d near (%d of the nearest quarter, %d of the farthest), %d far; '
             'mean index of the near ones %.0f'
             % (evicted, len(near_gone), first, last, far_gone,
                sum(near_gone) / max(len(near_gone), 1)))
    report('volatile-ttl: ' + stats)
    # The ideal is the `evicted` nearest keys, none far: a mean index of (evicted - 1) / 2;
    # evicting at random among the near keys gives (len(near) - 1) / 2. Sampling 10 keys at a
    # time picks far keys rarely and the farther near keys less often than the nearer ones:
    # Redis 7.0 evicts 88-90% of the nearest quarter, 5-9% of the farthest, no far key, with a
    # mean index 15% above the ideal.
    ideal = (min(evicted, len(near)) - 1) / 2
    at_random = (len(near) - 1) / 2
    ok(far_gone <= 0.1 * evicted, 'far keys evicted: ' + stats)
    ok(first >= 0.75 * min(quarter, evicted), 'too few of the nearest quarter evicted: ' + stats)
    ok(last <= 0.2 * min(quarter, evicted), 'too many of the farthest quarter evicted: ' + stats)
    ok(sum(near_gone) / len(near_gone) <= ideal + 0.5 * (at_random - ideal),
       'evicted near keys not the nearest (ideal mean index %.0f, at random %.0f): %s'
       % (ideal, at_random, stats))


# ---------------------------------------------------------------------------------------------
# The `evicted` keyspace event

def read_evicted(sub, channel, want, limit=5.0):
    """Messages on channel until want of them came (or limit seconds of silence): the keys."""
    got = []
    sub.settimeout(limit)
    while len(got) < want:
        try:
            v = sub.read()
        except TestFailure:
            break
        ok(isinstance(v, list) and len(v) in (3, 4), 'not a pub/sub message: %r' % (v,))
        if v[0] == b'pmessage':
            eq(v[2], channel.encode() if isinstance(channel, str) else channel, 'channel')
            got.append(v)
        else:
            eq(v[:2], [b'message', channel.encode()], 'message frame')
            got.append(v)
    return got


@own_server
@timeout(60)
def test_evicted_keyspace_event(srv):
    s = srv.start_server(['--maxmemory-policy', 'allkeys-random',
                          '--notify-keyspace-events', 'Ee'])
    c = srv.raw(port=s.port, timeout=20)
    sub = srv.raw(port=s.port)
    sub.send(encode_command('SUBSCRIBE', '__keyevent@0__:evicted'))
    eq(sub.read(), [b'subscribe', b'__keyevent@0__:evicted', 1], 'SUBSCRIBE')
    room = 5 * MB
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    names = ['e:%d' % i for i in range(2 * room // VALUE_SIZE)]
    eq(check_oom_or_ok(write_keys(c, names), 'writes'), 0)
    settle(c, limit)
    evicted = evicted_keys(c)
    ok(evicted > 0, 'no key evicted')
    msgs = read_evicted(sub, '__keyevent@0__:evicted', evicted)
    keys = [m[2].decode() for m in msgs]
    eq(len(keys), evicted, 'evicted messages received (evicted_keys %d)' % evicted)
    eq(len(set(keys)), len(keys), 'a key announced as evicted twice')
    gone = set(names) - present(c, names)
    eq(set(keys), gone, 'keys announced evicted = keys gone')
    sub.settimeout(0.3)
    try:
        extra = sub.read()
    except TestFailure:
        extra = None
    eq(extra, None, 'a message after the last eviction')

    # KEA: the keyspace channel of each evicted key says `evicted` too, with no `del`.
    config_set(c, 'notify-keyspace-events', 'KEA')
    eq(c.cmd('FLUSHALL'), 'OK')
    psub = srv.raw(port=s.port)
    psub.send(encode_command('PSUBSCRIBE', '__keyspace@0__:x:*', '__keyevent@0__:del'))
    eq(psub.read(), [b'psubscribe', b'__keyspace@0__:x:*', 1])
    eq(psub.read(), [b'psubscribe', b'__keyevent@0__:del', 2])
    names = ['x:%d' % i for i in range(2 * room // VALUE_SIZE)]
    limit = used_memory(c) + room
    eq(check_oom_or_ok(write_keys(c, names[:len(names) // 2]), 'writes under the limit'), 0)
    # Skip the `set` events of the writes so far.
    psub.settimeout(5)
    for n in names[:len(names) // 2]:
        eq(psub.read(), [b'pmessage', b'__keyspace@0__:x:*',
                         b'__keyspace@0__:' + n.encode(), b'set'], 'set event of %s' % n)
    evicted0 = evicted_keys(c)
    config_set(c, 'maxmemory', str(limit))
    eq(check_oom_or_ok(write_keys(c, names[len(names) // 2:]), 'writes'), 0)
    settle(c, limit)
    evicted = evicted_keys(c) - evicted0
    ok(evicted > 0, 'no key evicted')
    ev_keys = []
    sets = 0
    psub.settimeout(5)
    while len(ev_keys) < evicted or sets < len(names) - len(names) // 2:
        v = psub.read()
        ok(isinstance(v, list) and len(v) == 4 and v[0] == b'pmessage', 'message %r' % (v,))
        ok(v[1] != b'__keyevent@0__:del', 'a del event for an eviction: %r' % (v,))
        if v[3] == b'evicted':
            ev_keys.append(v[2][len(b'__keyspace@0__:'):].decode())
        else:
            eq(v[3], b'set', 'event of %r' % v[2])
            sets += 1
    gone = set(names) - present(c, names)
    eq(set(ev_keys), gone, 'keys announced evicted on their keyspace channel = keys gone')
    eq(c.cmd('CONFIG', 'SET', 'notify-keyspace-events', ''), 'OK')
    eq(sub.pending(), b'', 'the subscriber of the other channel')


# ---------------------------------------------------------------------------------------------
# LRU and LFU policies (Tessera-only: Redis has them all; Tessera may refuse them for now)

NOT_SUPPORTED = re.compile(r'not (yet )?supported|unsupported', re.I)


def lru_lfu_policy(srv, policy):
    room = 10 * MB
    s = srv.start_server()
    c = srv.raw(port=s.port, timeout=20)
    r = c.cmd('CONFIG', 'SET', 'maxmemory-policy', policy)
    if isinstance(r, RespError):
        ok(NOT_SUPPORTED.search(r) is not None,
           'CONFIG SET maxmemory-policy %s refused with %r, which does not say it is not '
           'supported' % (policy, str(r)))
        eq(config_get(c, 'maxmemory-policy'), 'noeviction', 'the policy after the refusal')
        return
    eq(r, 'OK', 'CONFIG SET maxmemory-policy %s' % policy)
    eq(config_get(c, 'maxmemory-policy'), policy)
    eq(info(c, 'memory').get('maxmemory_policy'), policy)
    persistent = []
    ttl = None
    if policy.startswith('volatile'):
        persistent = ['p:%d' % i for i in range(250)]
        eq(check_oom_or_ok(write_keys(c, persistent), 'keys without a TTL'), 0)
        ttl = 3600
    limit = used_memory(c) + room
    config_set(c, 'maxmemory', str(limit))
    names, kept, evicted, used, peak = flood_and_check(srv, c, limit, room, s.port, ttl=ttl)
    eq(len(kept) + evicted, len(names), 'keys kept + evicted_keys = keys written')
    eq(len(present(c, persistent)), len(persistent), 'keys without a TTL')


@tessera_only
@own_server
@timeout(60)
def test_allkeys_lru_evicts_or_is_refused(srv):
    lru_lfu_policy(srv, 'allkeys-lru')


@tessera_only
@own_server
@timeout(60)
def test_allkeys_lfu_evicts_or_is_refused(srv):
    lru_lfu_policy(srv, 'allkeys-lfu')


@tessera_only
@own_server
@timeout(60)
def test_volatile_lru_evicts_or_is_refused(srv):
    lru_lfu_policy(srv, 'volatile-lru')


@tessera_only
@own_server
@timeout(60)
def test_volatile_lfu_evicts_or_is_refused(srv):
    lru_lfu_policy(srv, 'volatile-lfu')


# ---- what LRU and LFU keep ----

def read_many(c, names, times):
    for _ in range(times):
        for i in range(0, len(names), 100):
            c.cmd('MGET', *names[i:i + 100])


@own_server
@timeout(60)
def test_allkeys_lfu_keeps_a_frequently_read_key_over_recently_written_ones(srv):
    s = srv.start_server(['--maxmemory-policy', 'allkeys-lfu'])
    c = srv.raw(port=s.port)
    room = 8 << 20
    limit = used_memory(c) + room
    hot = ['hot:%d' % i for i in range(20)]
    write_keys(c, hot)
    read_many(c, hot, 100)  # a log counter well above a new key's 5
    config_set(c, 'maxmemory', limit)
    names = ['new:%d' % i for i in range(3 * room // VALUE_SIZE)]
    eq(check_oom_or_ok(write_keys(c, names), 'the flood'), 0, 'OOM errors during the flood')
    ok(evicted_keys(c) > 0, 'nothing evicted')
    kept = present(c, hot)
    ok(len(kept) >= 18, 'the frequently read keys were evicted: %d of 20 kept' % len(kept))
    config_set(c, 'maxmemory', 0)


@own_server
def test_lfu_frequency_survives_a_set_over_the_key(srv):
    """Under an LFU policy a SET over an existing key keeps its access counter (Redis's
    dbOverwrite), whether the new value is the old one's size or not; a new key starts at 5.
    lfu-log-factor 0 makes every access count one."""
    s = srv.start_server(['--maxmemory-policy', 'allkeys-lfu', '--lfu-log-factor', '0'])
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'f', 'x' * 32), 'OK')
    eq(c.cmd('OBJECT', 'FREQ', 'f'), 5)
    for _ in range(10):
        c.cmd('GET', 'f')
    eq(c.cmd('OBJECT', 'FREQ', 'f'), 15)
    eq(c.cmd('SET', 'f', 'y' * 32), 'OK')     # the same size: written in place
    eq(c.cmd('OBJECT', 'FREQ', 'f'), 16)      # the SET's own access, and the count kept
    eq(c.cmd('SET', 'f', 'z' * 3000), 'OK')   # another size: a new entry
    eq(c.cmd('OBJECT', 'FREQ', 'f'), 17)
    eq(c.cmd('GET', 'f'), b'z' * 3000)
    eq(c.cmd('SET', 'g', 'v'), 'OK')
    eq(c.cmd('OBJECT', 'FREQ', 'g'), 5)


# Tessera-only: Redis 7.0 fails it (about 26 of the 50 kept), its LRU clock ticking once a second,
# so keys read and keys written within the same second look alike; Tessera's clock ticks every
# 100 ms (shard/access.h).
@tessera_only
@own_server
@timeout(60)
def test_allkeys_lru_keeps_the_keys_read_recently(srv):
    s = srv.start_server(['--maxmemory-policy', 'allkeys-lru', '--maxmemory-samples', '10'])
    c = srv.raw(port=s.port)
    room = 8 << 20
    limit = used_memory(c) + room
    hot = ['hot:%d' % i for i in range(50)]
    cold = ['cold:%d' % i for i in range(room // VALUE_SIZE // 2)]
    write_keys(c, hot + cold)
    config_set(c, 'maxmemory', limit)
    time.sleep(1.1)  # Redis's LRU clock ticks once a second
    names = ['new:%d' % i for i in range(2 * room // VALUE_SIZE)]
    for i in range(0, len(names), 100):
        read_many(c, hot, 1)  # the hot keys are used all along
        # A tick of the access clock (100 ms) between the reads and the writes: on a fast run the
        # whole flood fitted in a few ticks and the hot keys looked no newer than the keys
        # written before them (CI saw 23 of 50 kept once).
        time.sleep(0.11)
        eq(check_oom_or_ok(write_keys(c, names[i:i + 100]), 'the flood'), 0, 'OOM errors')
    ok(evicted_keys(c) > 0, 'nothing evicted')
    kept_hot, kept_cold = present(c, hot), present(c, cold)
    report('allkeys-lru: %d of 50 recently read keys kept, %d of %d idle ones'
           % (len(kept_hot), len(kept_cold), len(cold)))
    ok(len(kept_hot) >= 45, 'recently read keys were evicted: %d of 50 kept' % len(kept_hot))
    ok(len(kept_cold) < len(cold) // 2, 'the idle keys stayed: %d of %d' % (len(kept_cold),
                                                                          len(cold)))
    config_set(c, 'maxmemory', 0)
