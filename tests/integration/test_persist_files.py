# Snapshot files: Tessera's layout (with dir D and dbfilename F, base = F without ".rdb": one RDB
# file per shard D/<base>.<gen>.<shard>.rdb, then the manifest D/<base>.manifest naming the set;
# older generations removed), every shard file accepted by redis-check-rdb and loaded by
# redis-server, a set loading under any --threads, dump.rdb files written by Redis 7.0 (every
# encoding, several databases, TTLs) and Valkey loading into Tessera, kill -9 after a save and in
# the middle of a BGSAVE, truncated / bit-flipped / missing files refused at start with the file and
# offset named, BGSAVE as one point in time under a writer, the LOADING state, tools/rdb-merge, and
# appendonly. The layout tests are Tessera-only; the others also pass against redis-server 7.0.15
# (--reference), where the "set" is Redis's single dump.rdb. Run with --threads 4 (the default).
# Helpers: persistutil.py.

import math
import os
import re
import shutil
import subprocess
import threading
import time

from harness import (eq, ok, own_server, tessera_only, timeout, key_shard, RawClient, RespError,
                     Skip, TestFailure)
import persistutil as pu

BG_STARTED = b'+Background saving started\r\n'
LOADING_FIELDS = ('loading_start_time', 'loading_total_bytes', 'loading_rdb_used_mem',
                  'loading_loaded_bytes', 'loading_loaded_perc', 'loading_eta_seconds')


def rand_value(db=0):
    """The 5,000 random bytes of d<db>:str:rand in the mixed dataset (to find them in a file)."""
    key = 'd%d:str:rand' % db
    return [cmd for cmd in pu.dataset_commands(db) if cmd[1] == key][0][2]


def saved_set(srv, s):
    """The files of the last save on server s's directory: Tessera's shard files (in shard order)
    from its manifest, or Redis's dump.rdb."""
    if srv.tessera:
        return pu.read_manifest(s.dir)['files']
    return [os.path.join(s.dir, 'dump.rdb')]


# ---------------------------------------------------------------------------------------------
# Layout

@tessera_only
@own_server
@timeout(120)
def test_save_writes_one_file_per_shard_and_a_manifest(srv):
    s = pu.start(srv)
    n = s.threads
    c = srv.raw(port=s.port, timeout=30)
    eq(pu.dir_files(s.dir), [], 'files before any save')
    pu.write_dataset(c, dbs=(0, 1))
    eq(c.cmd('SAVE'), 'OK')
    m = pu.read_manifest(s.dir)
    eq(m['shards'], n, 'shards in the manifest of a server with --threads %d' % n)
    ok(abs(m['created'] - c.cmd('LASTSAVE')) <= 1, 'manifest created %d, LASTSAVE %d'
       % (m['created'], c.cmd('LASTSAVE')))
    eq(pu.dir_files(s.dir), pu.set_names(m), 'the directory after SAVE: the set and its manifest')
    total = 0
    for f in m['files']:
        counts = pu.assert_rdb_ok(f)
        eq(pu.rdb_version(f), 9, 'RDB version of %s' % os.path.basename(f))
        total += counts.get('keys read', 0)
    dbsize = 0
    for db in (0, 1):
        eq(c.cmd('SELECT', db), 'OK')
        dbsize += c.cmd('DBSIZE')
    eq(c.cmd('SELECT', 0), 'OK')
    eq(total, dbsize, 'keys read by redis-check-rdb over the set, against DBSIZE of db 0 and 1')

    # Each save is a new generation; the older one's files go once the new manifest is in place.
    eq(c.cmd('SET', 'more', 'x'), 'OK')
    eq(c.cmd_raw('BGSAVE'), BG_STARTED)
    pu.wait_bgsave_done(c)
    m2 = pu.read_manifest(s.dir)
    ok(m2['generation'] > m['generation'], 'generation after BGSAVE %d, before %d'
       % (m2['generation'], m['generation']))
    eq(pu.dir_files(s.dir), pu.set_names(m2), 'the directory after BGSAVE: only the new set')
    eq(c.cmd('SAVE'), 'OK')
    m3 = pu.read_manifest(s.dir)
    ok(m3['generation'] > m2['generation'], 'generation after a second SAVE')
    eq(pu.dir_files(s.dir), pu.set_names(m3), 'the directory after a second SAVE')
    for f in m3['files']:
        pu.assert_rdb_ok(f)


@tessera_only
@own_server
def test_dbfilename_sets_the_base_name(srv):
    for dbfilename, base in (('cache.rdb', 'cache'), ('snapshot', 'snapshot')):
        s = pu.start(srv, ['--dbfilename', dbfilename])
        c = srv.raw(port=s.port)
        eq(c.cmd('SET', 'k', dbfilename), 'OK')
        eq(c.cmd('SAVE'), 'OK')
        m = pu.read_manifest(s.dir, dbfilename)
        eq([os.path.basename(f) for f in m['files']],
           ['%s.%d.%d.rdb' % (base, m['generation'], i) for i in range(s.threads)])
        eq(pu.dir_files(s.dir), pu.set_names(m, dbfilename), 'files for dbfilename %s' % dbfilename)
        pu.clean_stop(s)
        s2 = pu.restart(srv, s)
        eq(srv.raw(port=s2.port).cmd('GET', 'k'), dbfilename.encode(),
           'restart with dbfilename %s' % dbfilename)


@tessera_only
@own_server
@timeout(180)
def test_shard_files_load_into_redis(srv):
    s = pu.start(srv)
    n = s.threads
    c = srv.raw(port=s.port, timeout=30)
    pu.write_dataset(c)
    expected = pu.Snapshot(c)
    eq(c.cmd('SAVE'), 'OK')
    m = pu.read_manifest(s.dir)
    union = {}
    for i, f in enumerate(m['files']):
        counts = pu.assert_rdb_ok(f)
        r = pu.load_into_redis(srv, f)
        got = pu.read_all(srv.raw(port=r.port, timeout=30))
        eq(counts.get('keys read'), len(got), 'keys redis-check-rdb read in %s' % f)
        for (db, key) in got:
            eq(key_shard(key, n), i, 'shard of key %r found in %s' % (key, os.path.basename(f)))
            ok((db, key) not in union, 'key %r of db %d in two shard files' % (key, db))
        union.update(got)
        pu.clean_stop(r, 'redis-server that loaded %s' % os.path.basename(f))
    slack = int((time.monotonic() - expected.at) * 1000) + 1500
    pu.compare(expected.data, union, slack, 'the shard files loaded one by one into redis-server')


@tessera_only
@own_server
@timeout(180)
def test_set_loads_under_other_thread_counts(srv):
    s = pu.start(srv, threads=4)
    c = srv.raw(port=s.port, timeout=30)
    pu.write_dataset(c)
    snap = pu.Snapshot(c)
    eq(c.cmd('SAVE'), 'OK')
    eq(pu.read_manifest(s.dir)['shards'], 4)
    pu.clean_stop(s)
    last = s
    for threads in (2, 1, 3, 8):
        s2 = pu.restart(srv, last, threads=threads)
        snap.check(srv.raw(port=s2.port, timeout=30),
                   'a set of 4 shards loaded with --threads %d' % threads)
        pu.clean_stop(s2)
        last = s2
    # A set saved with 3 threads loads with 4.
    s3 = pu.restart(srv, last, threads=3)
    c3 = srv.raw(port=s3.port, timeout=30)
    eq(c3.cmd('SAVE'), 'OK')
    m = pu.read_manifest(s3.dir)
    eq(m['shards'], 3)
    eq(pu.dir_files(s3.dir), pu.set_names(m), 'the set of 4 replaced by the set of 3')
    pu.clean_stop(s3)
    s4 = pu.restart(srv, s3, threads=4)
    snap.check(srv.raw(port=s4.port, timeout=30), 'a set of 3 shards loaded with --threads 4')


@tessera_only
@own_server
def test_expired_keys_are_not_written(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port)
    pu.pipeline(c, [('SET', 'gone%d' % i, 'v', 'PX', '1') for i in range(200)])
    pu.pipeline(c, [('SET', 'live%d' % i, 'v', 'EX', '1000') for i in range(10)])
    time.sleep(0.05)
    eq(c.cmd('SAVE'), 'OK')
    totals = {}
    for f in pu.read_manifest(s.dir)['files']:
        for k, v in pu.assert_rdb_ok(f).items():
            totals[k] = totals.get(k, 0) + v
    eq(totals.get('keys read'), 10, 'keys in the set (200 expired before the save)')
    eq(totals.get('already expired', 0), 0, 'expired keys written')
    eq(totals.get('expires'), 10, 'keys with a TTL written')


@tessera_only
@own_server
def test_appendonly_yes_is_refused(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port)
    v = c.cmd('CONFIG', 'SET', 'appendonly', 'yes')
    ok(isinstance(v, RespError) and re.search(r'append[- ]?only', v, re.I),
       'CONFIG SET appendonly yes answered %r (an error about append-only expected)' % (v,))
    eq(c.cmd('CONFIG', 'GET', 'appendonly'), [b'appendonly', b'no'])
    eq(c.cmd('CONFIG', 'SET', 'appendonly', 'no'), 'OK', 'appendonly no stays accepted')


# ---------------------------------------------------------------------------------------------
# Files written by Redis and Valkey

def migrate(srv, writer_dir):
    """Copies the dump.rdb of writer_dir into a new directory and starts the server under test
    on it."""
    d = srv.track_dir()
    shutil.copyfile(os.path.join(writer_dir, 'dump.rdb'), os.path.join(d, 'dump.rdb'))
    return pu.start(srv, dirpath=d, timeout=60)


@own_server
@timeout(180)
def test_redis_dump_loads(srv):
    r = pu.start_redis(srv)
    cr = srv.raw(port=r.port, timeout=30)
    pu.write_encoding_variety(cr)
    expected = pu.Snapshot(cr)
    eq(cr.cmd('SAVE'), 'OK')
    eq(pu.rdb_version(os.path.join(r.dir, 'dump.rdb')), 10, 'Redis 7.0 writes RDB 10')
    pu.clean_stop(r, 'redis-server')
    s = migrate(srv, r.dir)
    c = srv.raw(port=s.port, timeout=30)
    expected.check(c, 'a dump.rdb of Redis 7.0 loaded')
    if srv.tessera:
        # The migration completes with a save of its own, which loads back the same.
        eq(c.cmd('SAVE'), 'OK')
        pu.read_manifest(s.dir)
        pu.clean_stop(s)
        s2 = pu.restart(srv, s)
        expected.check(srv.raw(port=s2.port, timeout=30), 'the set saved after the migration')


@own_server
@timeout(120)
def test_redis_dump_without_compression_or_checksum_loads(srv):
    r = pu.start_redis(srv, args=['--rdbcompression', 'no', '--rdbchecksum', 'no'])
    cr = srv.raw(port=r.port, timeout=30)
    pu.write_dataset(cr, dbs=(0, 4))
    expected = pu.Snapshot(cr)
    eq(cr.cmd('SAVE'), 'OK')
    with open(os.path.join(r.dir, 'dump.rdb'), 'rb') as f:
        eq(f.read()[-8:], b'\x00' * 8, 'the checksum of a file written with rdbchecksum no')
    pu.clean_stop(r, 'redis-server')
    s = migrate(srv, r.dir)
    expected.check(srv.raw(port=s.port, timeout=30), 'a dump.rdb without LZF and CRC loaded')


@tessera_only
@own_server
@timeout(180)
def test_valkey_dump_loads(srv):
    v = pu.start_valkey(srv)
    cv = srv.raw(port=v.port, timeout=30)
    pu.write_encoding_variety(cv)
    expected = pu.Snapshot(cv)
    eq(cv.cmd('SAVE'), 'OK')
    pu.clean_stop(v, 'valkey-server')
    s = migrate(srv, v.dir)
    expected.check(srv.raw(port=s.port, timeout=30), 'a dump.rdb of Valkey loaded')


@tessera_only
@own_server
def test_manifest_wins_over_dump_rdb(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'from', 'tessera'), 'OK')
    eq(c.cmd('SAVE'), 'OK')
    pu.clean_stop(s)
    r = pu.start_redis(srv)
    cr = srv.raw(port=r.port)
    eq(cr.cmd('SET', 'from', 'redis'), 'OK')
    eq(cr.cmd('SET', 'only', 'in redis'), 'OK')
    eq(cr.cmd('SAVE'), 'OK')
    pu.clean_stop(r, 'redis-server')
    shutil.copyfile(os.path.join(r.dir, 'dump.rdb'), os.path.join(s.dir, 'dump.rdb'))
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port)
    eq(c2.cmd('GET', 'from'), b'tessera', 'with a manifest and a dump.rdb, the manifest wins')
    eq(c2.cmd('EXISTS', 'only'), 0)


# ---------------------------------------------------------------------------------------------
# Crashes

@own_server
@timeout(180)
def test_kill9_after_save(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port, timeout=30)
    pu.write_dataset(c)
    snap = pu.Snapshot(c)
    eq(c.cmd('SAVE'), 'OK')
    pu.crash(s)
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port, timeout=30)
    snap.check(c2, 'after SAVE and kill -9')
    # And right after a BGSAVE completes.
    eq(c2.cmd('DEL', 'd0:list:big'), 1)
    eq(c2.cmd('HSET', 'd1:hash:small', 'new', 'field'), 1)
    snap2 = pu.Snapshot(c2)
    eq(c2.cmd_raw('BGSAVE'), BG_STARTED)
    pu.wait_bgsave_done(c2)
    pu.crash(s2)
    s3 = pu.restart(srv, s2)
    snap2.check(srv.raw(port=s3.port, timeout=30), 'after BGSAVE and kill -9')


@own_server
@timeout(300)
def test_kill9_during_bgsave_keeps_the_previous_set(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port, timeout=60)
    pu.write_dataset(c, dbs=(0, 1), big=False)
    old = pu.Snapshot(c)
    eq(c.cmd('SAVE'), 'OK')
    before = pu.read_manifest(s.dir) if srv.tessera else None
    pu.fill(c, 300 << 20)
    eq(c.cmd('SET', 'd0:str:small', 'changed'), 'OK')
    eq(c.cmd('DEL', 'd0:str:int'), 1)
    eq(c.cmd_raw('BGSAVE'), BG_STARTED)
    time.sleep(0.1)
    if pu.pinfo(c, 'rdb_bgsave_in_progress') != 1:
        raise Skip('the BGSAVE of 300 MB was over within 0.1 s: nothing to interrupt')
    pu.crash(s)
    if srv.tessera:
        after = pu.read_manifest(s.dir)
        eq(after, before, 'the manifest after kill -9 in the middle of a BGSAVE')
        for f in after['files']:
            pu.assert_rdb_ok(f)
    s2 = pu.restart(srv, s, timeout=120)
    old.check(srv.raw(port=s2.port, timeout=30), 'after kill -9 during a BGSAVE')


# ---------------------------------------------------------------------------------------------
# Bad files

def refused(srv, s, path, what):
    """Starts a server on s's directory (s stopped) and checks it refuses to come up, naming the
    file (its name at least) and an offset in its log."""
    offset = pu.log_size(s)
    s2 = pu.restart(srv, s, wait=False)
    how = pu.expect_start_failure(s2, limit=20.0)
    log = pu.log_from(s2, offset)
    name = os.path.basename(path)
    ok(name in log, '%s: the log (%s) does not name %s: %s'
       % (what, how, name, log[-1500:].replace('\n', ' | ')))
    ok('offset' in log.lower(), '%s: the log (%s) gives no offset: %s'
       % (what, how, log[-1500:].replace('\n', ' | ')))
    return s2


def saved_with_rand(srv):
    """A stopped server whose last save holds the mixed dataset; the file that holds
    d0:str:rand and the offset of its middle in that file."""
    s = pu.start(srv)
    c = srv.raw(port=s.port, timeout=30)
    pu.write_dataset(c, dbs=(0, 1))
    eq(c.cmd('SAVE'), 'OK')
    pu.clean_stop(s)
    files = saved_set(srv, s)
    path = files[key_shard('d0:str:rand', len(files))] if srv.tessera else files[0]
    value = rand_value(0)
    return s, path, pu.find_in_file(path, value[2000:2064]) + 32


@tessera_only
@own_server
@timeout(120)
def test_truncated_shard_file_is_refused(srv):
    s, path, middle = saved_with_rand(srv)
    pu.truncate(path, middle)
    refused(srv, s, path, 'a shard file cut in the middle of a value')
    pu.truncate(path, 20)
    refused(srv, s, path, 'a shard file cut after its header')


@tessera_only
@own_server
@timeout(120)
def test_bit_flipped_shard_file_is_refused(srv):
    s, path, middle = saved_with_rand(srv)
    good = os.path.join(srv.track_dir(), 'good.rdb')
    shutil.copyfile(path, good)
    pu.flip_byte(path, middle)
    refused(srv, s, path, 'a shard file with a byte changed inside a value')
    shutil.copyfile(good, path)
    pu.flip_byte(path, os.path.getsize(path) - 1)
    refused(srv, s, path, 'a shard file with a byte of its CRC changed')
    shutil.copyfile(good, path)
    s2 = pu.restart(srv, s)
    eq(srv.raw(port=s2.port).cmd('EXISTS', 'd0:str:rand'), 1, 'the repaired set loads')


@tessera_only
@own_server
@timeout(60)
def test_missing_shard_file_is_refused(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port)
    pu.write_dataset(c, dbs=(0,), big=False)
    eq(c.cmd('SAVE'), 'OK')
    pu.clean_stop(s)
    path = pu.read_manifest(s.dir)['files'][1]
    os.unlink(path)
    offset = pu.log_size(s)
    s2 = pu.restart(srv, s, wait=False)
    how = pu.expect_start_failure(s2, limit=20.0)
    log = pu.log_from(s2, offset)
    ok(os.path.basename(path) in log, 'a set missing a shard file: the log (%s) does not name '
       'it: %s' % (how, log[-1500:].replace('\n', ' | ')))


@own_server
@timeout(120)
def test_corrupt_dump_rdb_is_refused(srv):
    r = pu.start_redis(srv)
    cr = srv.raw(port=r.port, timeout=30)
    pu.write_dataset(cr, dbs=(0, 1))
    eq(cr.cmd('SAVE'), 'OK')
    pu.clean_stop(r, 'redis-server')
    src = os.path.join(r.dir, 'dump.rdb')
    middle = pu.find_in_file(src, rand_value(0)[2000:2064]) + 32
    for what, damage in (('a dump.rdb cut in the middle of a value',
                          lambda p: pu.truncate(p, middle)),
                         ('a dump.rdb with a byte changed inside a value',
                          lambda p: pu.flip_byte(p, middle))):
        d = srv.track_dir()
        path = os.path.join(d, 'dump.rdb')
        shutil.copyfile(src, path)
        damage(path)
        s = pu.start(srv, dirpath=d, wait=False)
        how = pu.expect_start_failure(s, limit=20.0)
        log = s.log_text()
        ok('dump.rdb' in log, '%s: the log (%s) does not name dump.rdb: %s'
           % (what, how, log[-1500:].replace('\n', ' | ')))
        ok('offset' in log.lower(), '%s: the log (%s) gives no offset: %s'
           % (what, how, log[-1500:].replace('\n', ' | ')))


# ---------------------------------------------------------------------------------------------
# Point in time

def round_robin_keys(prefix, nshards, count):
    """count keys whose shards go 0, 1, ..., n-1, 0, 1, ... in list order."""
    per = math.ceil(count / nshards)
    buckets = [[] for _ in range(nshards)]
    i = 0
    while any(len(b) < per for b in buckets):
        k = '%s%d' % (prefix, i)
        b = buckets[key_shard(k, nshards)]
        if len(b) < per:
            b.append(k)
        i += 1
    return [buckets[j % nshards][j // nshards] for j in range(count)]


@own_server
@timeout(300)
def test_bgsave_is_one_point_in_time(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port, timeout=60)
    nkeys = 40
    keys = round_robin_keys('pit:', s.threads if srv.tessera else 4, nkeys)
    nfill = pu.fill(c, 128 << 20)  # a save long enough for many increments to happen during it
    pu.pipeline(c, [('SET', k, '0') for k in keys])
    eq(c.cmd('SAVE'), 'OK')
    state = {'done': 0, 'stop': False, 'error': None}

    def writer():
        # One increment at a time, each waiting for its reply: the keys' values always form
        # one prefix at c+1 and the rest at c.
        w = RawClient(s.port, timeout=30)
        try:
            i = 0
            while not state['stop']:
                v = w.cmd('INCR', keys[i % nkeys])
                if not isinstance(v, int):
                    raise TestFailure('INCR answered %r' % (v,))
                i += 1
                state['done'] = i
        except Exception as e:  # noqa: B902 - reported by the test
            state['error'] = '%s: %s' % (type(e).__name__, e)
        finally:
            w.close()

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        pu.wait_until(lambda: state['done'] >= 500 or state['error'], 20.0,
                      msg='the writer did not get going')
        n0 = state['done']
        eq(c.cmd_raw('BGSAVE'), BG_STARTED)
        pu.wait_until(lambda: pu.pinfo(c, 'rdb_bgsave_in_progress') == 0, 120.0,
                      msg='BGSAVE still running')
        n1 = state['done']
    finally:
        state['stop'] = True
        t.join(30)
    ok(state['error'] is None, 'writer: %s' % state['error'])
    eq(pu.pinfo(c, 'rdb_last_bgsave_status'), 'ok')
    ok(n1 - n0 >= 20, 'only %d increments while the BGSAVE ran: the test proves little' % (n1 - n0))
    pu.crash(s)
    s2 = pu.restart(srv, s, timeout=120)
    c2 = srv.raw(port=s2.port, timeout=30)
    values = c2.cmd('MGET', *keys)
    ok(all(v is not None for v in values), 'counters missing from the set: %r' % values)
    values = [int(v) for v in values]
    total = sum(values)
    base = values[-1]
    i = sum(1 for v in values if v == base + 1)
    ok(values == [base + 1] * i + [base] * (nkeys - i),
       'the counters are no instant of the increment sequence: %r' % values)
    ok(n0 <= total <= n1 + 1, 'the set holds %d increments; %d were done when BGSAVE was sent and '
       '%d when it had finished' % (total, n0, n1))
    eq(c2.cmd('DBSIZE'), nfill + nkeys, 'keys in the set')


# ---------------------------------------------------------------------------------------------
# Loading

@own_server
@timeout(400)
def test_loading_state(srv):
    nkeys = 3000000
    r = pu.start_redis(srv)
    cr = srv.raw(port=r.port, timeout=120)
    eq(cr.cmd('DEBUG', 'POPULATE', nkeys, 'key', 100), 'OK')
    eq(cr.cmd('SAVE'), 'OK')
    pu.clean_stop(r, 'redis-server')
    d = srv.track_dir()
    os.rename(os.path.join(r.dir, 'dump.rdb'), os.path.join(d, 'dump.rdb'))
    s = pu.start(srv, dirpath=d, timeout=240)
    c = srv.raw(port=s.port, timeout=120)
    eq(c.cmd('DBSIZE'), nkeys)
    eq(c.cmd('SAVE'), 'OK')  # Tessera's own set from here on
    pu.clean_stop(s)

    s2 = pu.restart(srv, s, wait=False)
    deadline = time.monotonic() + 240
    seen = None
    while time.monotonic() < deadline and seen is None:
        ok(s2.alive(), 'the server exited while loading: %s' % s2.log_tail())
        try:
            cl = RawClient(s2.port, timeout=60)
        except OSError:
            time.sleep(0.005)
            continue
        try:
            p = pu.info(cl)
            if p.get('loading') != '1':
                seen = 'done'
                break
            for field in LOADING_FIELDS:
                ok(field in p, 'INFO persistence while loading lacks %r (has %r)'
                   % (field, sorted(p)))
            v = cl.cmd('GET', 'key:1')
            if isinstance(v, RespError):
                eq(v, pu.LOADING, 'GET while loading')
                seen = 'loading'
            else:
                seen = 'done'
        finally:
            cl.close()
    if seen != 'loading':
        raise Skip('loading of %d keys ended before it could be observed' % nkeys)
    c2 = srv.raw(port=s2.port, timeout=60)

    def loaded():
        v = c2.cmd('GET', 'key:1')
        return isinstance(v, bytes) and v

    v = pu.wait_until(loaded, 240.0, 0.1, 'still loading')
    ok(v.startswith(b'value:1'), 'GET key:1 after loading: %r' % v[:20])
    eq(pu.pinfo(c2, 'loading'), 0)
    eq(c2.cmd('DBSIZE'), nkeys)
    # stopped here, with time to free 3M keys (a sanitized build on a loaded machine needs more
    # than the teardown's 5 s)
    pu.clean_stop(s2)


# ---------------------------------------------------------------------------------------------
# tools/rdb-merge

@tessera_only
@own_server
@timeout(180)
def test_rdb_merge_output_loads_into_redis(srv):
    tool = pu.find_merge_tool(srv)
    s = pu.start(srv)
    c = srv.raw(port=s.port, timeout=30)
    pu.write_dataset(c)
    expected = pu.Snapshot(c)
    eq(c.cmd('SAVE'), 'OK')
    out = os.path.join(srv.track_dir(), 'merged.rdb')
    p = subprocess.run([tool, pu.manifest_path(s.dir), out], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120)
    eq(p.returncode, 0, '%s exit status (output: %s)' % (tool, p.stdout.decode()[-800:]))
    counts = pu.assert_rdb_ok(out)
    ok(pu.rdb_version(out) <= 10, 'merged file of RDB version %d (Redis 7.0 loads up to 10)'
       % pu.rdb_version(out))
    eq(counts.get('keys read'), len(expected.data), 'keys in the merged file')
    r = pu.load_into_redis(srv, out)
    expected.check(srv.raw(port=r.port, timeout=30), 'the merged file loaded into redis-server')
