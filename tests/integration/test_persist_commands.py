# Persistence commands over TCP, as Redis 7.0.15 answers them: SAVE, BGSAVE (a second one while one
# runs, SCHEDULE, inside MULTI), LASTSAVE, INFO persistence and rdb_changes_since_last_save, save
# rules (defaults, CONFIG GET/SET save and its errors, rules in a config file, an automatic save),
# dir / dbfilename (protected configs), rdbcompression / rdbchecksum / stop-writes-on-bgsave-error
# and MISCONF after a failed BGSAVE, appendonly; a dataset of every type surviving a restart;
# SHUTDOWN SAVE|NOSAVE, SIGTERM with and without rules, FLUSHALL's save; DUMP/RESTORE (every type,
# REPLACE, BUSYKEY, TTL, ABSTTL, IDLETIME, FREQ, bad payloads); DEBUG DIGEST / DIGEST-VALUE /
# RELOAD.
# Every test passes against redis-server 7.0.15 (run.py --reference). Helpers: persistutil.py.

import os
import time

from harness import eq, ok, is_error, own_server, timeout, encode_command, RespError, Skip
from harness import arity
from harness import config_value as config_get
import persistutil as pu

BG_STARTED = b'+Background saving started\r\n'
BG_SCHEDULED = b'+Background saving scheduled\r\n'
BG_RUNNING = 'ERR Background save already in progress'
SYNTAX = 'ERR syntax error'
NOT_INT = 'ERR value is not an integer or out of range'
BUSYKEY = 'BUSYKEY Target key name already exists.'
BAD_PAYLOAD = 'ERR DUMP payload version or checksum are wrong'
BAD_FORMAT = 'ERR Bad data format'
BAD_FREQ = 'ERR Invalid FREQ value, must be >= 0 and <= 255'
BAD_SAVE = "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"
PROTECTED = "ERR CONFIG SET failed (possibly related to argument '%s') - can't set protected config"
NOT_BOOL = ("ERR CONFIG SET failed (possibly related to argument '%s') - argument must be 'yes' "
            "or 'no'")
MISCONF = ("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
           "persist to disk. Commands that may modify the data set are disabled, because this "
           "instance is configured to report errors during writes if RDB snapshotting fails "
           "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about "
           "the RDB error.")
DEBUG_REFUSED = ('ERR DEBUG command not allowed. If the enable-debug-command option is set to '
                 '"local", you can run it from a local connection, otherwise you need to set this '
                 'option in the configuration file, and then restart the server.')
ZERO_DIGEST = '0' * 40


# ---------------------------------------------------------------------------------------------
# SAVE, BGSAVE, LASTSAVE

@own_server
def test_save_replies_ok(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd_raw('SAVE'), b'+OK\r\n')
    eq(c.cmd('SAVE', 'x'), arity('save'))
    eq(c.cmd('LASTSAVE', 'x'), arity('lastsave'))
    eq(c.cmd('GET', 'k'), b'v', 'the data after SAVE')


@own_server
def test_bgsave_replies_started(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd_raw('BGSAVE'), BG_STARTED)
    pu.wait_bgsave_done(c)
    eq(c.cmd('BGSAVE', 'foo'), SYNTAX)
    eq(c.cmd('BGSAVE', 'SCHEDULE', 'x'), SYNTAX)
    eq(c.cmd('GET', 'k'), b'v')


@own_server
def test_bgsave_schedule_when_idle_starts_at_once(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd_raw('BGSAVE', 'SCHEDULE'), BG_STARTED, 'BGSAVE SCHEDULE with nothing running')
    pu.wait_bgsave_done(c)
    eq(c.cmd_raw('BGSAVE', 'schedule'), BG_STARTED, 'lower-case schedule')
    pu.wait_bgsave_done(c)


@own_server
def test_bgsave_inside_multi_is_scheduled(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    saves = pu.pinfo(c, 'rdb_saves')
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('BGSAVE'), b'+QUEUED\r\n')
    # Redis does not save from inside EXEC: it schedules the save for right after.
    eq(c.cmd_raw('EXEC'), b'*1\r\n' + BG_SCHEDULED)
    pu.wait_until(lambda: pu.pinfo(c, 'rdb_saves') > saves, 10.0,
                  msg='the scheduled BGSAVE did not run')
    pu.wait_bgsave_done(c)


@own_server
@timeout(120)
def test_bgsave_while_one_runs(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port, timeout=60)
    pu.fill(c, 64 << 20)  # long enough a save that the commands below find it running
    eq(c.cmd('SAVE'), 'OK')
    saves = pu.pinfo(c, 'rdb_saves')
    c.send(encode_command('BGSAVE') + encode_command('BGSAVE')
           + encode_command('BGSAVE', 'SCHEDULE') + encode_command('SAVE')
           + encode_command('INFO', 'persistence'))
    eq(c.read_raw(), BG_STARTED, 'the first BGSAVE')
    is_error(c.read(), BG_RUNNING)
    is_error(c.read(), BG_RUNNING)  # SCHEDULE does not queue behind a running BGSAVE
    is_error(c.read(), BG_RUNNING)  # nor does SAVE wait for it
    text = c.read().decode()
    ok('rdb_bgsave_in_progress:1\r\n' in text, 'INFO during the BGSAVE: %r' % text)
    current = [line for line in text.split('\r\n')
               if line.startswith('rdb_current_bgsave_time_sec:')]
    ok(current and int(current[0].split(':')[1]) >= 0,
       'rdb_current_bgsave_time_sec during the BGSAVE: %r' % current)
    eq(c.cmd('SET', 'during', 'the save'), 'OK', 'writes go on during a BGSAVE')
    pu.wait_bgsave_done(c, 60.0)
    eq(pu.pinfo(c, 'rdb_current_bgsave_time_sec'), -1, 'rdb_current_bgsave_time_sec after it')
    ok(pu.pinfo(c, 'rdb_last_bgsave_time_sec') >= 0, 'rdb_last_bgsave_time_sec after it')
    eq(pu.pinfo(c, 'rdb_saves'), saves + 1, 'rdb_saves after one BGSAVE')
    eq(c.cmd('GET', 'during'), b'the save')


@own_server
def test_lastsave_moves_forward(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port)
    t0 = c.cmd('LASTSAVE')
    ok(isinstance(t0, int) and t0 <= time.time() + 2, 'LASTSAVE %r' % (t0,))
    eq(c.cmd('SAVE'), 'OK')
    t1 = c.cmd('LASTSAVE')
    ok(isinstance(t1, int) and abs(t1 - time.time()) <= 2, 'LASTSAVE after SAVE %r, now %d'
       % (t1, time.time()))
    eq(pu.pinfo(c, 'rdb_last_save_time'), t1, 'rdb_last_save_time is LASTSAVE')
    time.sleep(1.1)
    eq(c.cmd_raw('BGSAVE'), BG_STARTED)
    pu.wait_bgsave_done(c)
    t2 = c.cmd('LASTSAVE')
    ok(t2 > t1, 'LASTSAVE after a BGSAVE a second later: %d, before %d' % (t2, t1))
    time.sleep(1.1)
    eq(c.cmd('SAVE'), 'OK')
    t3 = c.cmd('LASTSAVE')
    ok(t3 > t2, 'LASTSAVE after a SAVE a second later: %d, before %d' % (t3, t2))
    eq(pu.pinfo(c, 'rdb_last_save_time'), t3)


# ---------------------------------------------------------------------------------------------
# INFO persistence

PERSISTENCE_FIELDS = ('loading', 'async_loading', 'rdb_changes_since_last_save',
                      'rdb_bgsave_in_progress', 'rdb_last_save_time', 'rdb_last_bgsave_status',
                      'rdb_last_bgsave_time_sec', 'rdb_current_bgsave_time_sec', 'rdb_saves',
                      'rdb_last_cow_size', 'rdb_last_load_keys_expired',
                      'rdb_last_load_keys_loaded', 'aof_enabled')


@own_server
def test_info_persistence_fields(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port)
    p = pu.info(c)
    for field in PERSISTENCE_FIELDS:
        ok(field in p, 'INFO persistence lacks %r (has %r)' % (field, sorted(p)))
    eq(p['loading'], '0')
    eq(p['async_loading'], '0')
    eq(p['rdb_bgsave_in_progress'], '0')
    eq(p['rdb_current_bgsave_time_sec'], '-1')
    eq(p['rdb_last_bgsave_status'], 'ok')
    eq(p['aof_enabled'], '0')
    for field in ('rdb_changes_since_last_save', 'rdb_saves', 'rdb_last_cow_size',
                  'rdb_last_load_keys_expired', 'rdb_last_load_keys_loaded'):
        ok(p[field].isdigit(), '%s is %r' % (field, p[field]))
    ok(int(p['rdb_last_bgsave_time_sec']) >= -1, 'rdb_last_bgsave_time_sec %r'
       % p['rdb_last_bgsave_time_sec'])
    ok(abs(int(p['rdb_last_save_time']) - c.cmd('LASTSAVE')) == 0, 'rdb_last_save_time is LASTSAVE')


@own_server
def test_info_before_any_bgsave(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port)
    p = pu.info(c)
    eq(p['rdb_last_bgsave_time_sec'], '-1', 'no BGSAVE yet')
    eq(p['rdb_current_bgsave_time_sec'], '-1')
    eq(p['rdb_saves'], '0')
    eq(p['rdb_changes_since_last_save'], '0')
    eq(p['rdb_last_bgsave_status'], 'ok')
    eq(c.cmd('SAVE'), 'OK')
    eq(pu.pinfo(c, 'rdb_saves'), 1, 'rdb_saves counts SAVE')
    eq(pu.pinfo(c, 'rdb_last_bgsave_time_sec'), -1, 'a SAVE is no BGSAVE')
    eq(c.cmd_raw('BGSAVE'), BG_STARTED)
    pu.wait_bgsave_done(c)
    eq(pu.pinfo(c, 'rdb_saves'), 2, 'rdb_saves counts BGSAVE')
    ok(pu.pinfo(c, 'rdb_last_bgsave_time_sec') >= 0, 'rdb_last_bgsave_time_sec after a BGSAVE')


@own_server
def test_changes_since_last_save(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    c = srv.raw(port=s.port)
    eq(c.cmd('SAVE'), 'OK')
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 0, 'right after SAVE')
    for k in ('a', 'b', 'c'):
        eq(c.cmd('SET', k, 'v'), 'OK')
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 3, 'after three SETs')
    eq(c.cmd('GET', 'a'), b'v')
    eq(c.cmd('DEL', 'nosuchkey'), 0)
    eq(c.cmd('EXISTS', 'a'), 1)
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 3, 'reads and a DEL of nothing change nothing')
    eq(c.cmd('RPUSH', 'l', '1', '2', '3'), 3)
    eq(c.cmd('INCR', 'n'), 1)
    ok(pu.pinfo(c, 'rdb_changes_since_last_save') >= 5, 'more writes count')
    eq(c.cmd('SAVE'), 'OK')
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 0, 'back to 0 after SAVE')
    eq(c.cmd('SET', 'd', 'v'), 'OK')
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 1)
    eq(c.cmd_raw('BGSAVE'), BG_STARTED)
    pu.wait_bgsave_done(c)
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 0, 'back to 0 after BGSAVE')


# ---------------------------------------------------------------------------------------------
# Save rules and the other persistence options

@own_server
def test_config_save_default(srv):
    s = pu.start(srv, save=None)
    c = srv.raw(port=s.port)
    eq(config_get(c, 'save'), pu.DEFAULT_SAVE, "save rules without --save")
    s2 = pu.start(srv, save='')
    eq(config_get(srv.raw(port=s2.port), 'save'), '', "after --save ''")
    s3 = pu.start(srv, save='100 5 200 7')
    eq(config_get(srv.raw(port=s3.port), 'save'), '100 5 200 7')


@own_server
def test_config_save_lines_in_a_file_add_up(srv):
    d = srv.track_dir()
    path = os.path.join(d, 'redis.conf')
    with open(path, 'w') as f:
        f.write('save 900 1\nsave 300 10\nsave 60 10000\n')
    s = pu.start(srv, save=None, config_file=path)
    eq(config_get(srv.raw(port=s.port), 'save'), '900 1 300 10 60 10000',
       'three save lines in a config file')


def test_config_set_save(srv):
    c = srv.raw()
    orig = config_get(c, 'save')
    try:
        eq(c.cmd('CONFIG', 'SET', 'save', '100 5 200 7'), 'OK')
        eq(config_get(c, 'save'), '100 5 200 7')
        eq(c.cmd('CONFIG', 'SET', 'save', ''), 'OK')
        eq(config_get(c, 'save'), '', 'save ""')
        eq(c.cmd('CONFIG', 'SET', 'save', '1 0'), 'OK', 'a rule of 0 changes is allowed')
        eq(config_get(c, 'save'), '1 0')
        eq(c.cmd('CONFIG', 'SET', 'save', '3600 1 300 100 60 10000'), 'OK')
        for bad in ('100', 'a b', '100 5 200', '0 0', '-1 1', '1 -1', '10 x', '10 5x',
                    ' 100 5', '100  5'):
            eq(c.cmd('CONFIG', 'SET', 'save', bad), BAD_SAVE, 'CONFIG SET save %r' % bad)
        eq(config_get(c, 'save'), '3600 1 300 100 60 10000', 'a refused value changes nothing')
    finally:
        c.cmd('CONFIG', 'SET', 'save', orig)


@own_server
def test_config_dir_and_dbfilename(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port)
    eq(config_get(c, 'dir'), os.path.realpath(s.dir))
    eq(config_get(c, 'dbfilename'), 'dump.rdb')
    # Redis 7.0 protects both unless enable-protected-configs allows it.
    eq(c.cmd('CONFIG', 'SET', 'dir', '/nonexistent'), PROTECTED % 'dir')
    eq(c.cmd('CONFIG', 'SET', 'dbfilename', 'x.rdb'), PROTECTED % 'dbfilename')

    s2 = pu.start(srv, protected=True)
    c2 = srv.raw(port=s2.port)
    eq(c2.cmd('CONFIG', 'SET', 'dir', '/nonexistent/dir'),
       "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory")
    eq(config_get(c2, 'dir'), os.path.realpath(s2.dir), 'a refused dir changes nothing')
    for bad in ('a/b', '../x.rdb', '/tmp/x.rdb'):
        eq(c2.cmd('CONFIG', 'SET', 'dbfilename', bad),
           "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - "
           "dbfilename can't be a path, just a filename", 'dbfilename %r' % bad)
    sub = os.path.join(srv.track_dir(), 'elsewhere')
    os.mkdir(sub)
    eq(c2.cmd('CONFIG', 'SET', 'dir', sub), 'OK')
    eq(config_get(c2, 'dir'), os.path.realpath(sub))
    eq(c2.cmd('CONFIG', 'SET', 'dbfilename', 'other.rdb'), 'OK')
    eq(config_get(c2, 'dbfilename'), 'other.rdb')
    eq(c2.cmd('SET', 'k', 'v'), 'OK')
    eq(c2.cmd('SAVE'), 'OK')
    written = [f for f in os.listdir(sub) if f.startswith('other')]
    ok(written, 'SAVE wrote nothing named other* into the new dir (it holds %r)' % os.listdir(sub))


def test_config_rdb_flags(srv):
    c = srv.raw()
    for name in ('rdbcompression', 'stop-writes-on-bgsave-error'):
        eq(config_get(c, name), 'yes', '%s by default' % name)
        try:
            eq(c.cmd('CONFIG', 'SET', name, 'no'), 'OK')
            eq(config_get(c, name), 'no')
            eq(c.cmd('CONFIG', 'SET', name, 'maybe'), NOT_BOOL % name)
            eq(config_get(c, name), 'no', 'a refused value changes nothing')
        finally:
            eq(c.cmd('CONFIG', 'SET', name, 'yes'), 'OK')
    # Redis 7.0 takes rdbchecksum at start only.
    eq(config_get(c, 'rdbchecksum'), 'yes')
    eq(c.cmd('CONFIG', 'SET', 'rdbchecksum', 'no'),
       "ERR CONFIG SET failed (possibly related to argument 'rdbchecksum') - can't set immutable "
       "config")
    eq(config_get(c, 'appendonly'), 'no')


@own_server
@timeout(90)
def test_uncompressed_unchecksummed_save_loads(srv):
    s = pu.start(srv, ['--rdbcompression', 'no', '--rdbchecksum', 'no'])
    c = srv.raw(port=s.port)
    pu.write_dataset(c, dbs=(0, 5))
    snap = pu.Snapshot(c)
    eq(c.cmd('SAVE'), 'OK')
    pu.clean_stop(s)
    s2 = pu.restart(srv, s)
    snap.check(srv.raw(port=s2.port), 'after a restart from a save without LZF and CRC')


@own_server
@timeout(60)
def test_save_rules_trigger_a_background_save(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port)
    eq(c.cmd('CONFIG', 'SET', 'save', '1 5'), 'OK')
    for i in range(3):
        eq(c.cmd('SET', 'k%d' % i, 'v'), 'OK')
    time.sleep(2.5)
    eq(pu.pinfo(c, 'rdb_saves'), 0, 'three changes do not meet the rule "1 5"')
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 3)
    for i in range(3, 5):
        eq(c.cmd('SET', 'k%d' % i, 'v'), 'OK')
    pu.wait_until(lambda: pu.pinfo(c, 'rdb_saves') >= 1, 10.0,
                  msg='no automatic save after five changes with the rule "1 5"')
    pu.wait_bgsave_done(c)
    ok(pu.pinfo(c, 'rdb_last_bgsave_time_sec') >= 0, 'the automatic save is a BGSAVE')
    eq(pu.pinfo(c, 'rdb_changes_since_last_save'), 0)
    eq(c.cmd('CONFIG', 'SET', 'save', ''), 'OK')
    pu.crash(s)
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port)
    eq(c2.cmd('MGET', *['k%d' % i for i in range(5)]), [b'v'] * 5, 'what the rule saved')


@own_server
@timeout(60)
def test_misconf_after_a_failed_bgsave(srv):
    s = pu.start(srv, save='3600 1', protected=True)
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    gone = os.path.join(s.dir, 'gone')
    os.mkdir(gone)
    eq(c.cmd('CONFIG', 'SET', 'dir', gone), 'OK')
    os.rmdir(gone)
    try:
        eq(c.cmd_raw('BGSAVE'), BG_STARTED, 'BGSAVE into a directory that has gone')
        pu.wait_until(lambda: pu.pinfo(c, 'rdb_bgsave_in_progress') == 0, 30.0,
                      msg='BGSAVE still running')
        eq(pu.pinfo(c, 'rdb_last_bgsave_status'), 'err', 'rdb_last_bgsave_status after it failed')
        eq(c.cmd('SET', 'k', 'w'), MISCONF, 'a write after the failed BGSAVE')
        eq(c.cmd('GET', 'k'), b'v', 'reads still work')
        eq(c.cmd('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no'), 'OK')
        eq(c.cmd('SET', 'k', 'w'), 'OK', 'writes with stop-writes-on-bgsave-error no')
        eq(c.cmd('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes'), 'OK')
        eq(c.cmd('SET', 'k', 'x'), MISCONF, 'MISCONF again with stop-writes-on-bgsave-error yes')
        is_error(c.cmd('SAVE'), prefix='ERR')
    finally:
        eq(c.cmd('CONFIG', 'SET', 'dir', s.dir), 'OK')
    eq(c.cmd_raw('BGSAVE'), BG_STARTED)
    pu.wait_bgsave_done(c)
    eq(c.cmd('SET', 'k', 'y'), 'OK', 'writes again after a BGSAVE that worked')


# ---------------------------------------------------------------------------------------------
# Restarts and stopping

@own_server
@timeout(120)
def test_restart_keeps_every_type(srv):
    s = pu.start(srv)
    c = srv.raw(port=s.port, timeout=30)
    pu.write_dataset(c)
    snap = pu.Snapshot(c)
    ok(len(snap.data) > 400, 'dataset of %d keys' % len(snap.data))
    eq(c.cmd('SAVE'), 'OK')
    pu.clean_stop(s)
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port, timeout=30)
    snap.check(c2)
    eq(c2.cmd('DBSIZE'), sum(1 for (db, _) in snap.data if db == 0))
    eq(c2.cmd('RPUSH', 'd0:list:big', 'more'), 10001, 'the loaded list takes writes')
    eq(c2.cmd('ZSCORE', 'd0:zset:small', 'top'), b'inf')
    eq(c2.cmd('ZSCORE', 'd0:zset:small', 'bottom'), b'-inf')
    eq(c2.cmd('INCR', 'd0:str:counter'), 42)


@own_server
def test_shutdown_save_writes_without_rules(srv):
    s = pu.start(srv, save='')
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd('RPUSH', 'l', 'a', 'b'), 2)
    pu.shutdown(c, s, 'SAVE')
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port)
    eq(c2.cmd('GET', 'k'), b'v', 'SHUTDOWN SAVE saved with save ""')
    eq(c2.cmd('LRANGE', 'l', 0, -1), [b'a', b'b'])


@own_server
def test_shutdown_nosave_does_not_save(srv):
    s = pu.start(srv, save='3600 1')
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'old', '1'), 'OK')
    eq(c.cmd('SAVE'), 'OK')
    eq(c.cmd('SET', 'new', '2'), 'OK')
    pu.shutdown(c, s, 'NOSAVE')
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port)
    eq(c2.cmd('GET', 'old'), b'1', 'what the SAVE wrote')
    eq(c2.cmd('GET', 'new'), None, 'SHUTDOWN NOSAVE saved despite the rules')


@own_server
def test_shutdown_saves_when_rules_are_set(srv):
    s = pu.start(srv, save='3600 1')
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    pu.shutdown(c, s)
    s2 = pu.restart(srv, s)
    eq(srv.raw(port=s2.port).cmd('GET', 'k'), b'v', 'plain SHUTDOWN with save rules saves')


@own_server
def test_sigterm_saves_when_rules_are_set(srv):
    s = pu.start(srv, save='3600 1')
    c = srv.raw(port=s.port)
    eq(c.cmd('HSET', 'h', 'f', 'v'), 1)
    pu.clean_stop(s, 'server with save rules')
    s2 = pu.restart(srv, s)
    eq(srv.raw(port=s2.port).cmd('HGET', 'h', 'f'), b'v', 'SIGTERM with save rules saves')


@own_server
def test_sigterm_without_rules_does_not_save(srv):
    s = pu.start(srv, save='')
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'old', '1'), 'OK')
    eq(c.cmd('SAVE'), 'OK')
    eq(c.cmd('SET', 'new', '2'), 'OK')
    pu.clean_stop(s, 'server without save rules')
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port)
    eq(c2.cmd('GET', 'old'), b'1')
    eq(c2.cmd('GET', 'new'), None, 'SIGTERM without save rules saved')


@own_server
def test_flushall_saves_when_rules_are_set(srv):
    # Redis writes an empty snapshot on FLUSHALL when save rules are set, so a crash right after
    # it does not bring the flushed keys back; without rules it writes nothing.
    s = pu.start(srv, save='3600 1')
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd('SAVE'), 'OK')
    eq(c.cmd('FLUSHALL'), 'OK')
    pu.crash(s)
    s2 = pu.restart(srv, s)
    eq(srv.raw(port=s2.port).cmd('DBSIZE'), 0, 'keys back after FLUSHALL (save rules) and a crash')

    s3 = pu.start(srv, save='')
    c3 = srv.raw(port=s3.port)
    eq(c3.cmd('SET', 'k', 'v'), 'OK')
    eq(c3.cmd('SAVE'), 'OK')
    eq(c3.cmd('FLUSHALL'), 'OK')
    pu.crash(s3)
    s4 = pu.restart(srv, s3)
    eq(srv.raw(port=s4.port).cmd('GET', 'k'), b'v', 'FLUSHALL without save rules saved')


# ---------------------------------------------------------------------------------------------
# DUMP and RESTORE

def test_dump_missing_key_is_nil(srv):
    c = srv.raw()
    eq(c.cmd_raw('DUMP', 'nosuchkey'), b'$-1\r\n')
    eq(c.cmd('DUMP'), arity('dump'))
    eq(c.cmd('DUMP', 'a', 'b'), arity('dump'))
    eq(c.cmd('RESTORE', 'k'), arity('restore'))
    eq(c.cmd('RESTORE', 'k', '0'), arity('restore'))


@timeout(90)
def test_dump_restore_every_type(srv):
    c = srv.raw(timeout=30)
    pu.write_dataset(c, dbs=(0,))
    before = pu.Snapshot(c, dbs=(0,))
    payloads = {}
    for (db, key), (kind, value, pttl) in before.data.items():
        p = c.cmd('DUMP', key)
        ok(isinstance(p, bytes) and len(p) > 10, 'DUMP %r answered %r' % (key, p))
        version = int.from_bytes(p[-10:-8], 'little')
        ok(9 <= version <= 10, 'DUMP %r: RDB version %d (Redis 7.0 restores up to 10)'
           % (key, version))
        eq(pu.crc64(p[:-8]), int.from_bytes(p[-8:], 'little'), 'CRC64 footer of DUMP %r' % key)
        payloads[key] = (p, pttl)
    eq(c.cmd('FLUSHALL'), 'OK')
    for key, (p, pttl) in payloads.items():
        eq(c.cmd('RESTORE', key, max(pttl, 0), p), 'OK', 'RESTORE %r' % key)
    before.check(c, 'after DUMP, FLUSHALL, RESTORE', dbs=(0,))
    # The same payloads into another database.
    eq(c.cmd('SELECT', 3), 'OK')
    for key, (p, pttl) in payloads.items():
        eq(c.cmd('RESTORE', key, 0, p), 'OK')
    eq(c.cmd('LRANGE', 'd0:list:small', 0, -1), [b'a', b'1', b'-2', b'', b'\xff\x00', b'x' * 100])
    eq(c.cmd('PTTL', 'd0:ttl:str'), -1, 'RESTORE with ttl 0 sets no TTL')
    eq(c.cmd('SELECT', 0), 'OK')


def test_restore_replace_and_busykey(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    p = c.cmd('DUMP', 'k')
    eq(c.cmd('RESTORE', 'k', 0, p), BUSYKEY)
    eq(c.cmd('RESTORE', 'k', 0, b'garbage'), BUSYKEY, 'the key is checked before the payload')
    eq(c.cmd('RESTORE', 'k', -5, p), BUSYKEY, 'the key is checked before the TTL')
    eq(c.cmd('RPUSH', 'l', 'x'), 1)
    eq(c.cmd('PEXPIRE', 'l', 100000), 1)
    eq(c.cmd('RESTORE', 'l', 0, p, 'REPLACE'), 'OK')
    eq(c.cmd('TYPE', 'l'), 'string', 'REPLACE over a list')
    eq(c.cmd('GET', 'l'), b'v')
    eq(c.cmd('PTTL', 'l'), -1, 'REPLACE with ttl 0 leaves no TTL')
    eq(c.cmd('RESTORE', 'k', 0, p, 'REPLACE', 'REPLACE'), 'OK', 'REPLACE twice')
    eq(c.cmd('RESTORE', 'k', 0, p, 'replace'), 'OK', 'options are case-insensitive')


def test_restore_ttl_and_absttl(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'src', 'v'), 'OK')
    p = c.cmd('DUMP', 'src')
    eq(c.cmd('RESTORE', 'a', 5000, p), 'OK')
    pttl = c.cmd('PTTL', 'a')
    ok(4000 < pttl <= 5000, 'PTTL after RESTORE a 5000: %r' % pttl)
    at = int(time.time() * 1000) + 100000
    eq(c.cmd('RESTORE', 'b', at, p, 'ABSTTL'), 'OK')
    pttl = c.cmd('PTTL', 'b')
    ok(98000 < pttl <= 100000, 'PTTL after RESTORE ABSTTL now+100 s: %r' % pttl)
    eq(c.cmd('RESTORE', 'c', 0, p, 'ABSTTL'), 'OK')
    eq(c.cmd('PTTL', 'c'), -1, 'ABSTTL 0 is no TTL')
    eq(c.cmd('RESTORE', 'd', 1, p, 'ABSTTL'), 'OK', 'a time in the past')
    eq(c.cmd('EXISTS', 'd'), 0, 'a key restored already expired does not exist')
    eq(c.cmd('SET', 'e', 'old'), 'OK')
    eq(c.cmd('RESTORE', 'e', 1, p, 'REPLACE', 'ABSTTL'), 'OK')
    eq(c.cmd('EXISTS', 'e'), 0, 'REPLACE with an expired ABSTTL deletes the old key')
    eq(c.cmd('RESTORE', 'f', -1, p), 'ERR Invalid TTL value, must be >= 0')
    eq(c.cmd('RESTORE', 'f', 'x', p), NOT_INT)
    eq(c.cmd('RESTORE', 'f', '1.5', p), NOT_INT)
    eq(c.cmd('EXISTS', 'f'), 0)


def test_restore_option_errors(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'src', 'v'), 'OK')
    p = c.cmd('DUMP', 'src')
    eq(c.cmd('RESTORE', 'k', 0, p, 'BOGUS'), SYNTAX)
    eq(c.cmd('RESTORE', 'k', 0, p, 'IDLETIME'), SYNTAX, 'IDLETIME without a value')
    eq(c.cmd('RESTORE', 'k', 0, p, 'FREQ'), SYNTAX, 'FREQ without a value')
    eq(c.cmd('RESTORE', 'k', 0, p, 'IDLETIME', '-1'), 'ERR Invalid IDLETIME value, must be >= 0')
    eq(c.cmd('RESTORE', 'k', 0, p, 'IDLETIME', 'x'), NOT_INT)
    eq(c.cmd('RESTORE', 'k', 0, p, 'FREQ', '256'), BAD_FREQ)
    eq(c.cmd('RESTORE', 'k', 0, p, 'FREQ', '-1'), BAD_FREQ)
    eq(c.cmd('RESTORE', 'k', 0, p, 'FREQ', 'x'), NOT_INT)
    eq(c.cmd('RESTORE', 'k', 0, p, 'FREQ', '10', 'IDLETIME', '10'), SYNTAX, 'FREQ and IDLETIME')
    eq(c.cmd('RESTORE', 'k', 0, p, 'IDLETIME', '10', 'FREQ', '10'), SYNTAX, 'IDLETIME and FREQ')
    eq(c.cmd('RESTORE', 'k', 0, p, 'BOGUS', 'REPLACE'), SYNTAX)
    eq(c.cmd('EXISTS', 'k'), 0, 'nothing restored by a refused RESTORE')
    # Accepted whatever the eviction policy.
    eq(c.cmd('RESTORE', 'k1', 0, p, 'IDLETIME', '1000'), 'OK')
    eq(c.cmd('RESTORE', 'k2', 0, p, 'FREQ', '100'), 'OK')
    eq(c.cmd('RESTORE', 'k3', 0, p, 'IDLETIME', '1', 'IDLETIME', '2'), 'OK', 'IDLETIME twice')
    eq(c.cmd('RESTORE', 'k4', 0, p, 'FREQ', '0', 'REPLACE', 'ABSTTL'), 'OK')
    eq(c.cmd('MGET', 'k1', 'k2', 'k3', 'k4'), [b'v'] * 4)


def test_restore_idletime_and_freq_are_kept(srv):
    c = srv.raw()
    v = c.cmd('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru')
    if isinstance(v, RespError):
        raise Skip('no maxmemory-policy: %s' % v)
    try:
        eq(c.cmd('SET', 'src', 'v'), 'OK')
        p = c.cmd('DUMP', 'src')
        eq(c.cmd('RESTORE', 'idle', 0, p, 'IDLETIME', '1000'), 'OK')
        idle = c.cmd('OBJECT', 'IDLETIME', 'idle')
        if isinstance(idle, RespError) and 'unknown' in idle.lower():
            raise Skip('no OBJECT IDLETIME: %s' % idle)
        ok(isinstance(idle, int) and 1000 <= idle < 1060, 'OBJECT IDLETIME after IDLETIME 1000: %r'
           % (idle,))
        eq(c.cmd('OBJECT', 'FREQ', 'idle'),
           'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please '
           'note that when switching between policies at runtime LRU and LFU data will take some '
           'time to adjust.')
        eq(c.cmd('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'), 'OK')
        eq(c.cmd('RESTORE', 'freq', 0, p, 'FREQ', '100'), 'OK')
        eq(c.cmd('OBJECT', 'FREQ', 'freq'), 100, 'OBJECT FREQ after FREQ 100')
        eq(c.cmd('OBJECT', 'IDLETIME', 'freq'),
           'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that '
           'when switching between policies at runtime LRU and LFU data will take some time to '
           'adjust.')
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')


def test_restore_bad_payloads(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'src', 'v'), 'OK')
    p = c.cmd('DUMP', 'src')
    eq(c.cmd('RESTORE', 'k', 0, p[:-1]), BAD_PAYLOAD, 'a payload one byte short')
    eq(c.cmd('RESTORE', 'k', 0, p[:-1] + bytes([p[-1] ^ 1])), BAD_PAYLOAD, 'a wrong CRC')
    eq(c.cmd('RESTORE', 'k', 0, p[:1] + bytes([p[1] ^ 0x20]) + p[2:]), BAD_PAYLOAD,
       'a changed byte under the CRC')
    eq(c.cmd('RESTORE', 'k', 0, p[:-8] + b'\x00' * 8), BAD_PAYLOAD, 'a zero CRC is no way out')
    eq(c.cmd('RESTORE', 'k', 0, b''), BAD_PAYLOAD, 'an empty payload')
    eq(c.cmd('RESTORE', 'k', 0, b'garbage'), BAD_PAYLOAD)
    # Redis 7.0 knows RDB versions up to 10; Tessera reads up to 12 (Redis 7.4, Valkey 8), so
    # values DUMPed by newer servers move in.
    v11 = pu.dump_payload(b'\x00\x03abc', 11)
    if srv.reference:
        eq(c.cmd('RESTORE', 'k', 0, v11), BAD_PAYLOAD, 'RDB version 11 (newer than Redis 7.0)')
    else:
        eq(c.cmd('RESTORE', 'k', 0, v11), 'OK', 'RDB version 11 (Redis 7.2, Valkey 8)')
        eq(c.cmd('GET', 'k'), b'abc')
        eq(c.cmd('DEL', 'k'), 1)
    eq(c.cmd('RESTORE', 'k', 0, pu.dump_payload(b'\x00\x03abc', 13)), BAD_PAYLOAD,
       'RDB version 13 (newer than anyone writes)')
    eq(c.cmd('RESTORE', 'k', 0, pu.dump_payload(b'\x00\x03abc', 0x7f7f)), BAD_PAYLOAD,
       'RDB version 32639')
    # Right version and CRC around a body that is no value.
    eq(c.cmd('RESTORE', 'k', 0, pu.dump_payload(b'\x00\x40\x64abc', 9)), BAD_FORMAT,
       'a string shorter than its length')
    eq(c.cmd('RESTORE', 'k', 0, pu.dump_payload(b'\xee\x03abc', 9)), BAD_FORMAT, 'type 238')
    eq(c.cmd('RESTORE', 'k', 0, pu.dump_payload(b'\x00\xc5', 9)), BAD_FORMAT,
       'string encoding 5')
    eq(c.cmd('EXISTS', 'k'), 0)
    # Hand-made good payloads of the versions Redis 7.0 restores.
    for version in (6, 9, 10):
        eq(c.cmd('RESTORE', 'v%d' % version, 0, pu.dump_payload(b'\x00\x03abc', version)), 'OK',
           'a hand-made payload of version %d' % version)
        eq(c.cmd('GET', 'v%d' % version), b'abc')


# ---------------------------------------------------------------------------------------------
# DEBUG DIGEST, DIGEST-VALUE, RELOAD

def test_debug_refused_by_default(srv):
    c = srv.raw()
    eq(c.cmd('DEBUG', 'DIGEST'), DEBUG_REFUSED, 'DEBUG without enable-debug-command')
    eq(c.cmd('DEBUG', 'RELOAD'), DEBUG_REFUSED)


def digest_dataset(c, reverse, change=None):
    """The same contents written in two insertion orders (reverse=False/True); change alters one
    thing ('member', 'ttl', 'db', 'score', 'list order')."""
    cmds = [
        ('SET', 's', 'string value'),
        ('SET', 'n', '12345'),
        ('HSET', 'h', *sum((['f%d' % i, 'v%d' % i] for i in range(30)), [])),
        ('HSET', 'hbig', *sum((['f%d' % i, 'v%d' % i] for i in range(600)), [])),
        ('SADD', 'set', *[str(i) for i in range(40)]),
        ('SADD', 'sstr', *['m%d' % i for i in range(40)]),
        ('ZADD', 'z', *sum(([str(i / 4), 'z%d' % i] for i in range(50)), [])),
        ('ZADD', 'zbig', *sum(([str(i), 'z%d' % i] for i in range(300)), [])),
        ('SET', 'ttl', 'v', 'EX', '1000'),
    ]
    if reverse:
        out = []
        for cmd in reversed(cmds):
            args = list(cmd[2:])
            if cmd[0] in ('HSET', 'ZADD'):
                pairs = [args[i:i + 2] for i in range(0, len(args), 2)]
                args = sum(reversed(pairs), [])
            elif cmd[0] == 'SADD':
                args = list(reversed(args))
            out.append((cmd[0], cmd[1], *args))
        cmds = out
    if change == 'member':
        cmds.append(('SADD', 'sstr', 'one more'))
    elif change == 'ttl':
        cmds.append(('EXPIRE', 's', '1000'))
    elif change == 'score':
        cmds.append(('ZADD', 'z', '0.3', 'z0'))
    pu.pipeline(c, cmds)
    # The list is built left to right both ways, so it has one order.
    items = ['e%d' % i for i in range(100)]
    if change == 'list order':
        items[3], items[4] = items[4], items[3]
    if reverse:
        pu.pipeline(c, [('LPUSH', 'l', i) for i in reversed(items)])
    else:
        pu.pipeline(c, [('RPUSH', 'l', i) for i in items])
    if change == 'db':
        eq(c.cmd('DEL', 'n'), 1)
        eq(c.cmd('SELECT', 1), 'OK')
        eq(c.cmd('SET', 'n', '12345'), 'OK')
        eq(c.cmd('SELECT', 0), 'OK')


def digest(c):
    v = c.cmd_raw('DEBUG', 'DIGEST')
    ok(v.startswith(b'+') and len(v) == 43, 'DEBUG DIGEST answered %r' % v)
    return v[1:41].decode()


@own_server
def test_debug_digest(srv):
    s = pu.start(srv, debug=True)
    c = srv.raw(port=s.port)
    eq(c.cmd_raw('DEBUG', 'DIGEST'), b'+' + ZERO_DIGEST.encode() + b'\r\n', 'digest of nothing')
    digest_dataset(c, reverse=False)
    d1 = digest(c)
    ok(d1 != ZERO_DIGEST, 'digest of a dataset')
    eq(digest(c), d1, 'digest is stable')
    eq(c.cmd('FLUSHALL'), 'OK')
    digest_dataset(c, reverse=True)
    eq(digest(c), d1, 'the same contents written in another order')
    seen = {d1}
    for change in ('member', 'ttl', 'db', 'score', 'list order'):
        eq(c.cmd('FLUSHALL'), 'OK')
        digest_dataset(c, reverse=False, change=change)
        d = digest(c)
        ok(d not in seen, 'DEBUG DIGEST did not change with a different %s' % change)
        seen.add(d)
    eq(c.cmd('FLUSHALL'), 'OK')
    eq(digest(c), ZERO_DIGEST, 'digest after FLUSHALL')
    eq(c.cmd('DEBUG', 'DIGEST', 'x'),
       "ERR unknown subcommand or wrong number of arguments for 'DIGEST'. Try DEBUG HELP.")


@own_server
def test_debug_digest_value(srv):
    s = pu.start(srv, debug=True)
    c = srv.raw(port=s.port)
    eq(c.cmd_raw('DEBUG', 'DIGEST-VALUE'), b'*0\r\n')
    eq(c.cmd_raw('DEBUG', 'DIGEST-VALUE', 'nosuchkey'), b'*1\r\n+' + ZERO_DIGEST.encode() + b'\r\n')
    eq(c.cmd('SADD', 's1', '1', '2', '3'), 3)
    eq(c.cmd('SADD', 's2', '3', '2', '1'), 3)
    eq(c.cmd('SADD', 's3', '1', '2', '3', 'x'), 4)
    eq(c.cmd('SREM', 's3', 'x'), 1)  # the same members, in another encoding on Redis
    eq(c.cmd('SADD', 's4', '1', '2', '4'), 3)
    eq(c.cmd('HSET', 'h1', 'a', '1', 'b', '2'), 2)
    eq(c.cmd('HSET', 'h2', 'b', '2', 'a', '1'), 2)
    eq(c.cmd('HSET', 'h3', 'a', '2', 'b', '1'), 2)
    eq(c.cmd('SET', 'str', 'v'), 'OK')
    eq(c.cmd('SET', 'str2', 'v', 'EX', '100'), 'OK')
    v = c.cmd('DEBUG', 'DIGEST-VALUE', 's1', 's2', 's3', 's4', 'h1', 'h2', 'h3', 'str', 'str2',
              'nosuchkey')
    ok(isinstance(v, list) and len(v) == 10, 'DEBUG DIGEST-VALUE of 10 keys: %r' % (v,))
    ok(all(isinstance(x, str) and len(x) == 40 for x in v), 'digests: %r' % (v,))
    s1, s2, s3, s4, h1, h2, h3, st, st2, missing = v
    eq(s2, s1, 'sets with the same members')
    eq(s3, s1, 'the same members after a conversion')
    ok(s4 != s1, 'different sets, same digest')
    eq(h2, h1, 'hashes with the same fields')
    ok(h3 != h1, 'different hashes, same digest')
    ok(st != ZERO_DIGEST and st2 != st, 'a TTL is part of the value digest')
    eq(missing, ZERO_DIGEST)


@own_server
@timeout(120)
def test_debug_reload_keeps_the_data(srv):
    s = pu.start(srv, debug=True)
    c = srv.raw(port=s.port, timeout=60)
    pu.write_dataset(c)
    snap = pu.Snapshot(c)
    d = digest(c)
    eq(c.cmd_raw('DEBUG', 'RELOAD'), b'+OK\r\n')
    snap.check(c, 'after DEBUG RELOAD')
    eq(digest(c), d, 'DEBUG DIGEST after DEBUG RELOAD')
    eq(c.cmd('DEBUG', 'RELOAD', 'BOGUS'),
       'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.')
    eq(c.cmd('SET', 'after', 'reload'), 'OK')
    eq(c.cmd('GET', 'after'), b'reload')


@own_server
@timeout(120)
def test_digest_matches_redis(srv):
    # The digest of the same contents is Redis's: a migration can be checked by comparing them.
    s = pu.start(srv, debug=True)
    r = pu.start_redis(srv)
    c, cr = srv.raw(port=s.port, timeout=30), srv.raw(port=r.port, timeout=30)
    for conn in (c, cr):
        pu.write_dataset(conn, dbs=(0, 1))
    eq(digest(c), digest(cr), 'DEBUG DIGEST of the same dataset, server under test and Redis')
    keys = sorted(cr.cmd('KEYS', '*'))
    eq(c.cmd('DEBUG', 'DIGEST-VALUE', *keys), cr.cmd('DEBUG', 'DIGEST-VALUE', *keys),
       'DEBUG DIGEST-VALUE of every key of db 0')
