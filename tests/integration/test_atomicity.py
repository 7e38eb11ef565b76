# Multi-shard atomicity under concurrent load: nobody may see half of an MSET, a RENAME that left a
# key in two places or none, or a torn MGET. Keys are chosen (by their Redis Cluster slot) to sit on
# different shards of a --threads 4 server. Run by run.py with several client threads.

import threading
import time

from harness import (eq, ok, timeout, own_server, tessera_only, RawClient, encode_command,
                     keys_on_distinct_shards, key_shard, run_threads)
from harness import nshards

DURATION = 3.0


def test_keys_really_spread(srv):
    keys = keys_on_distinct_shards('mk', nshards(srv), 8)
    shards = set(key_shard(k, nshards(srv)) for k in keys)
    eq(len(shards), min(8, nshards(srv)), 'the test keys cover the shards')


@timeout(60)
def test_mset_mget_no_torn_reads(srv):
    keys = keys_on_distinct_shards('mk', nshards(srv), 8)
    setup = srv.raw()
    args = []
    for k in keys:
        args += [k, 'init']
    eq(setup.cmd('MSET', *args), 'OK')
    stop = time.monotonic() + DURATION
    reads = [0]
    writes = [0]
    torn = []

    def writer(wid):
        c = RawClient(srv.port, timeout=20)
        try:
            n = 0
            while time.monotonic() < stop:
                v = 'w%d-%d' % (wid, n)
                a = []
                for k in keys:
                    a += [k, v]
                r = c.cmd('MSET', *a)
                if r != 'OK':
                    raise AssertionError('MSET answered %r' % (r,))
                n += 1
                writes[0] += 1
        finally:
            c.close()

    def reader(rid):
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                vals = c.cmd('MGET', *keys)
                reads[0] += 1
                if len(set(vals)) != 1:
                    torn.append(vals)
                    return
        finally:
            c.close()

    errors = run_threads([(writer, (i,)) for i in range(4)] + [(reader, (i,)) for i in range(4)],
                         DURATION + 30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not torn, 'MGET saw a torn MSET: %r' % (torn[:1],))
    ok(writes[0] > 50 and reads[0] > 50,
       'too little work to judge: %d MSETs, %d MGETs' % (writes[0], reads[0]))


@timeout(60)
def test_mset_vs_del_all_or_nothing(srv):
    keys = keys_on_distinct_shards('dk', nshards(srv), 6)
    stop = time.monotonic() + DURATION
    bad = []
    reads = [0]

    def flipper():
        c = RawClient(srv.port, timeout=20)
        try:
            n = 0
            while time.monotonic() < stop:
                a = []
                for k in keys:
                    a += [k, str(n)]
                eq(c.cmd('MSET', *a), 'OK')
                eq(c.cmd('DEL', *keys), len(keys))
                n += 1
        finally:
            c.close()

    def checker():
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                cnt = c.cmd('EXISTS', *keys)
                vals = c.cmd('MGET', *keys)
                reads[0] += 1
                if cnt not in (0, len(keys)):
                    bad.append('EXISTS counted %r of %d' % (cnt, len(keys)))
                    return
                if len(set(vals)) != 1:
                    bad.append('MGET %r' % (vals,))
                    return
        finally:
            c.close()

    errors = run_threads([(flipper, ())] + [(checker, ()) for _ in range(3)], DURATION + 30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, 'half-applied MSET/DEL seen: %s' % bad[:1])
    ok(reads[0] > 50, 'too few checks: %d' % reads[0])


@timeout(60)
def test_rename_across_shards_under_load(srv):
    a, b = keys_on_distinct_shards('rn', nshards(srv), 2)
    c0 = srv.raw()
    eq(c0.cmd('SET', a, 'payload'), 'OK')
    stop = time.monotonic() + DURATION
    bad = []
    renames = [0]
    checks = [0]

    def renamer():
        c = RawClient(srv.port, timeout=20)
        try:
            src, dst = a, b
            while time.monotonic() < stop:
                r = c.cmd('RENAME', src, dst)
                if r != 'OK':
                    bad.append('RENAME %s %s answered %r' % (src, dst, r))
                    return
                renames[0] += 1
                src, dst = dst, src
        finally:
            c.close()

    def checker():
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                n = c.cmd('EXISTS', a, b)
                vals = c.cmd('MGET', a, b)
                checks[0] += 1
                if n != 1:
                    bad.append('EXISTS %s %s = %r' % (a, b, n))
                    return
                if sorted(vals, key=lambda v: v is None) != [b'payload', None]:
                    bad.append('MGET %s %s = %r' % (a, b, vals))
                    return
        finally:
            c.close()

    errors = run_threads([(renamer, ())] + [(checker, ()) for _ in range(3)], DURATION + 30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, 'RENAME seen half-done: %s' % bad[:1])
    ok(renames[0] > 50 and checks[0] > 50, 'too little work: %d renames, %d checks'
       % (renames[0], checks[0]))
    eq(c0.cmd('EXISTS', a, b), 1)


@timeout(60)
def test_copy_across_shards_under_load(srv):
    src, dst = keys_on_distinct_shards('cp', nshards(srv), 2)
    c0 = srv.raw()
    eq(c0.cmd('SET', src, '0'), 'OK')
    eq(c0.cmd('SET', dst, '0'), 'OK')
    stop = time.monotonic() + DURATION
    bad = []
    copies = [0]

    def incrementer():
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                c.cmd('INCR', src)
        finally:
            c.close()

    def copier():
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                r = c.cmd('COPY', src, dst, 'REPLACE')
                if r != 1:
                    bad.append('COPY answered %r' % (r,))
                    return
                copies[0] += 1
        finally:
            c.close()

    def checker():
        # dst is always a copy of an earlier src, and src only grows: dst <= src in one snapshot.
        c = RawClient(srv.port, timeout=20)
        try:
            while time.monotonic() < stop:
                s, d = c.cmd('MGET', src, dst)
                if s is None or d is None or int(d) > int(s):
                    bad.append('MGET src dst = %r %r' % (s, d))
                    return
        finally:
            c.close()

    errors = run_threads([(incrementer, ()), (copier, ()), (checker, ()), (checker, ())],
                         DURATION + 30)
    ok(not errors, 'client errors: %r' % errors[:3])
    ok(not bad, 'COPY/MGET inconsistency: %s' % bad[:1])
    ok(copies[0] > 50, 'too few copies: %d' % copies[0])


@timeout(60)
def test_concurrent_incr_exact(srv):
    keys = keys_on_distinct_shards('ctr', nshards(srv), 4)
    per_thread = 500

    def incr(tid):
        c = RawClient(srv.port, timeout=20)
        try:
            batch = b''.join(encode_command('INCR', k) for k in keys) * per_thread
            c.send(batch)
            for _ in range(per_thread * len(keys)):
                v = c.read()
                if not isinstance(v, int):
                    raise AssertionError('INCR answered %r' % (v,))
        finally:
            c.close()

    errors = run_threads([(incr, (t,)) for t in range(8)], 45)
    ok(not errors, 'client errors: %r' % errors[:3])
    c = srv.raw()
    eq(c.cmd('MGET', *keys), [b'%d' % (8 * per_thread)] * len(keys))


@timeout(60)
def test_msetnx_exactly_one_winner(srv):
    keys = keys_on_distinct_shards('nx', nshards(srv), 4)
    c0 = srv.raw()
    for rnd in range(100):
        ok(isinstance(c0.cmd('DEL', *keys), int), 'DEL before round %d' % rnd)
        results = {}
        barrier = threading.Barrier(4)

        def contender(i):
            c = RawClient(srv.port, timeout=20)
            try:
                a = []
                for k in keys:
                    a += [k, 'c%d' % i]
                barrier.wait(10)
                results[i] = c.cmd('MSETNX', *a)
            finally:
                c.close()

        errors = run_threads([(contender, (i,)) for i in range(4)], 30)
        ok(not errors, 'client errors: %r' % errors[:3])
        winners = [i for i, r in results.items() if r == 1]
        eq(len(winners), 1, 'round %d: MSETNX winners %r (results %r)' % (rnd, winners, results))
        eq(c0.cmd('MGET', *keys), [b'c%d' % winners[0]] * len(keys), 'round %d values' % rnd)


@tessera_only
@own_server
@timeout(90)
def test_other_thread_counts(srv):
    # The same multi-key guarantees with 1, 3 and 8 workers (keys map to shards differently).
    for threads in (1, 3, 8):
        s = srv.start_server(threads=threads)
        c = srv.raw(port=s.port)
        keys = keys_on_distinct_shards('t%d-' % threads, threads, 8)
        args = []
        for k in keys:
            args += [k, 'v-' + k]
        eq(c.cmd('MSET', *args), 'OK', '--threads %d MSET' % threads)
        eq(c.cmd('MGET', *keys), [b'v-' + k.encode() for k in keys], '--threads %d MGET' % threads)
        eq(c.cmd('EXISTS', *keys), 8)
        eq(c.cmd('RENAME', keys[0], keys[1]), 'OK')
        eq(c.cmd('GET', keys[1]), b'v-' + keys[0].encode())
        eq(c.cmd('DBSIZE'), 7)
        eq(sorted(c.cmd('KEYS', '*')), sorted(k.encode() for k in keys[1:]))
        cursor, found = b'0', set()
        while True:
            cursor, batch = c.cmd('SCAN', cursor)
            found.update(batch)
            if cursor == b'0':
                break
        eq(found, set(k.encode() for k in keys[1:]), '--threads %d SCAN' % threads)
        eq(c.cmd('DEL', *keys), 7)
        eq(s.stop(), 0, '--threads %d exit status after SIGTERM' % threads)
