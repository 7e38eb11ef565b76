# Shared pieces of the persistence tests (test_persist_*.py): servers of a test's own on a directory
# it chooses (so it can stop one and start another on the same files), Debian's redis-server and a
# Valkey beside the server under test for cross-checks, a crash that kills the whole process group,
# a mixed dataset of every type and encoding with a reader that returns everything a server holds
# and a comparator, large incompressible fills, redis-check-rdb, Redis's CRC64 (for hand-made DUMP
# payloads), and Tessera's snapshot layout (<base>.<gen>.<shard>.rdb files named by
# <base>.manifest).

import os
import random
import re
import shutil
import signal
import subprocess
import time

import harness
from harness import eq, ok, RawClient, RespError, Skip, TestFailure, encode_command

REDIS_CHECK_RDB = '/usr/bin/redis-check-rdb'
VALKEY_SERVER = '/work/shared/peers/valkey-server'
LOADING = 'LOADING Redis is loading the dataset in memory'
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Redis's default save rules (CONFIG GET save on a server started without --save).
DEFAULT_SAVE = '3600 1 300 100 60 10000'


# ---------------------------------------------------------------------------------------------
# Servers on a directory of the test's choosing

class OwnServer(harness.Server):
    """A server whose command line the test controls completely: kind 'tessera' (the binary under
    test, with --threads) or 'redis' / 'valkey' (a Redis-compatible binary). Nothing is added
    but --port, --bind, --dir (and --threads for Tessera, --appendonly no for the others)."""

    def __init__(self, binary, kind, dirpath, threads, args, wait=True, config_file=None):
        super().__init__(binary, reference=False, threads=threads, extra_args=args,
                         dirpath=dirpath, wait=wait, config_file=config_file)
        self.kind = kind

    def argv(self, port):
        argv = [self.binary] + ([self.config_file] if self.config_file else [])
        argv += ['--port', str(port), '--bind', '127.0.0.1']
        if self.kind == 'tessera':
            argv += ['--threads', str(self.threads)] + harness.tessera_args()
        else:
            argv += ['--appendonly', 'no']
        argv += ['--dir', self.dir]
        return argv + self.extra_args


def _args(args, save, debug, protected):
    out = []
    if save is not None:
        out += ['--save', save]
    if debug:
        out += ['--enable-debug-command', 'yes']
    if protected:
        out += ['--enable-protected-configs', 'yes']
    return out + list(args)


def _launch(srv, server, timeout):
    srv._servers.append(server)  # stopped and checked by the fixture after the test
    server.start(timeout=timeout)
    return server


def start(srv, args=(), dirpath=None, threads=None, save='', debug=False, protected=False,
          wait=True, timeout=10.0, config_file=None):
    """Starts a server of the kind under test on dirpath (a new scratch directory if None).
    save: the --save value ('' turns the rules off, None leaves the server's default); debug adds
    --enable-debug-command yes, protected --enable-protected-configs yes; config_file goes first.
    With wait=False it returns
    at once (the caller polls); otherwise when the server answers PING (after loading)."""
    if dirpath is None:
        dirpath = srv.track_dir()
    argv = _args(args, save, debug, protected)
    if srv.tessera:
        s = OwnServer(srv.options.server, 'tessera', dirpath, threads or srv.options.threads,
                      argv, wait=wait, config_file=config_file)
    else:
        s = OwnServer(harness.REDIS_SERVER, 'redis', dirpath, 1, argv, wait=wait,
                      config_file=config_file)
    return _launch(srv, s, timeout)


def restart(srv, old, threads=None, args=None, wait=True, timeout=30.0):
    """A new server of the same kind on old's directory, with old's arguments unless args is
    given (and, for Tessera, another --threads if given); old must have stopped."""
    ok(not old.alive(), 'restart: the old server still runs')
    s = OwnServer(old.binary, old.kind, old.dir, threads or old.threads,
                  old.extra_args if args is None else list(args), wait=wait,
                  config_file=old.config_file)
    return _launch(srv, s, timeout)


def start_redis(srv, dirpath=None, args=(), save='', debug=True, timeout=30.0):
    """Debian's redis-server 7.0 beside the server under test, whatever the mode."""
    if dirpath is None:
        dirpath = srv.track_dir()
    s = OwnServer(harness.REDIS_SERVER, 'redis', dirpath, 1, _args(args, save, debug, False))
    return _launch(srv, s, timeout)


def start_valkey(srv, dirpath=None, args=(), save='', debug=True, timeout=30.0):
    """The Valkey of /work/shared/peers beside the server under test; Skip when it is absent."""
    if not os.access(VALKEY_SERVER, os.X_OK):
        raise Skip('no %s' % VALKEY_SERVER)
    if dirpath is None:
        dirpath = srv.track_dir()
    s = OwnServer(VALKEY_SERVER, 'valkey', dirpath, 1, _args(args, save, debug, False))
    return _launch(srv, s, timeout)


def crash(server):
    """kill -9 of the server's whole process group (a forked Redis child dies with it, as on a
    power cut), and waits for it."""
    if server.proc is not None and server.proc.poll() is None:
        try:
            os.killpg(server.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    server.kill()


def clean_stop(server, what='server'):
    """SIGTERM and an exit status of 0."""
    status = server.stop(grace=60.0)
    eq(status, 0, '%s exit status after SIGTERM (log: %s)' % (what, server.log_tail(800)))


def shutdown(c, server, *args):
    """SHUTDOWN [args] on raw client c: no reply, the connection closes, the process exits 0."""
    c.send(encode_command('SHUTDOWN', *args))
    ok(c.wait_closed(60.0), 'SHUTDOWN %s closes the connection' % ' '.join(args))
    eq(c.pending(), b'', 'SHUTDOWN %s sends no reply when it succeeds' % ' '.join(args))
    status = server.wait_exit(30.0)
    eq(status, 0, 'exit status after SHUTDOWN %s (log: %s)'
       % (' '.join(args), server.log_tail(800)))


def log_size(server):
    try:
        return os.path.getsize(server.log_path)
    except OSError:
        return 0


def log_from(server, offset):
    """What the server wrote to its log from byte offset on (the log of a directory is shared by
    every server started on it)."""
    try:
        with open(server.log_path, 'rb') as f:
            f.seek(offset)
            return f.read().decode('utf-8', 'replace')
    except OSError:
        return ''


def expect_start_failure(server, limit=30.0):
    """The server, started with wait=False, must not come up serving data: either it exits with a
    non-zero status, or for `limit` seconds it never answers a plain GET with anything but LOADING
    or a refused connection (then it is killed). Returns how it failed: 'exit' or 'never served'."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        rc = server.proc.poll()
        if rc is not None:
            server.exit_status = rc
            server.kill()
            ok(rc != 0, 'the server exited with status 0 instead of refusing to start')
            return 'exit'
        try:
            c = RawClient(server.port, timeout=2.0)
        except OSError:
            time.sleep(0.05)
            continue
        try:
            v = c.cmd('GET', 'no-such-key-at-start')
        except (OSError, EOFError, harness.ProtocolViolation, TestFailure):
            v = RespError(LOADING)
        finally:
            c.close()
        if not (isinstance(v, RespError) and v.startswith('LOADING')):
            crash(server)
            raise TestFailure('the server serves (GET answered %r) after a bad file' % (v,))
        time.sleep(0.05)
    crash(server)
    return 'never served'


# ---------------------------------------------------------------------------------------------
# Raw-client helpers

def info(c, section='persistence'):
    """INFO <section> as {field: value string}."""
    text = c.cmd('INFO', section)
    ok(isinstance(text, bytes), 'INFO %s answered %r' % (section, text))
    out = {}
    for line in text.decode('utf-8', 'replace').split('\r\n'):
        if line and not line.startswith('#') and ':' in line:
            k, v = line.split(':', 1)
            out[k] = v
    return out


def pinfo(c, field):
    """One INFO persistence field, as an int when it is one."""
    v = info(c)[field]
    try:
        return int(v)
    except ValueError:
        return v


def wait_bgsave_done(c, limit=60.0):
    """Waits until no BGSAVE is in progress; checks it ended with status ok."""
    wait_until(lambda: pinfo(c, 'rdb_bgsave_in_progress') == 0, limit,
               msg='BGSAVE still in progress')
    eq(pinfo(c, 'rdb_last_bgsave_status'), 'ok', 'rdb_last_bgsave_status after the BGSAVE')


def wait_until(cond, limit=5.0, step=0.02, msg='condition not reached'):
    return harness.wait_until(cond, limit, step, msg)


def pipeline(c, commands, batch=200):
    """Sends commands (tuples) in batches on raw client c; every reply must not be an error.
    Returns the replies."""
    out = []
    for i in range(0, len(commands), batch):
        chunk = commands[i:i + batch]
        c.send(b''.join(encode_command(*cmd) for cmd in chunk))
        for cmd in chunk:
            v = c.read()
            if isinstance(v, RespError):
                raise TestFailure('%r answered %r' % (cmd[:3], v))
            out.append(v)
    return out


# ---------------------------------------------------------------------------------------------
# The mixed dataset

DATASET_DBS = (0, 1, 2, 9)


def dataset_commands(db, seed=1, big=True):
    """The commands that build db's part of the mixed dataset: strings (integers, binary, empty,
    long compressible, random), lists small and 10,000 long, sets of integers (intset and hash
    table) and of strings, hashes small (listpack) and large (hash table, by count and by value
    length), zsets with inf/-inf/fractional/tied scores small and large, streams (tombstones,
    several nodes, an empty one), keys with TTLs, binary and hash-tagged key names. big=False
    leaves the large collections out."""
    rnd = random.Random(seed * 1000 + db)
    p = 'd%d:' % db
    cmds = []
    add = cmds.append
    # strings
    add(('SET', p + 'str:int', '12345'))
    add(('SET', p + 'str:zero', '0'))
    add(('SET', p + 'str:min', '-9223372036854775808'))
    add(('SET', p + 'str:max', '9223372036854775807'))
    add(('SET', p + 'str:over', '9223372036854775808'))
    add(('SET', p + 'str:lead0', '0123'))
    add(('SET', p + 'str:float', '3.14159'))
    add(('SET', p + 'str:empty', ''))
    add(('SET', p + 'str:small', 'hello world'))
    add(('SET', p + 'str:bin', bytes(range(256)) * 3))
    add(('SET', p + 'str:utf8', 'h\u00e9llo w\u00f6rld \u2713'.encode()))
    add(('SET', p + 'str:long', b'abcdefgh' * 4000))  # compresses well (LZF)
    add(('SET', p + 'str:rand', bytes(rnd.getrandbits(8) for _ in range(5000))))
    add(('SET', p + 'str:44', 'x' * 44))  # embstr's limit
    add(('SET', p + 'str:45', 'y' * 45))
    add(('SET', b'\x00bin\xffkey\r\n' + p.encode(), b'value\x00'))
    add(('SET', p + '{tag}:a', 'same slot 1'))
    add(('SET', p + '{tag}:b', 'same slot 2'))
    add(('INCRBY', p + 'str:counter', 41))
    for i in range(100):
        add(('SET', '%sstr:n:%d' % (p, i), str(i * 7919) if i % 2 else 'v%d' % i))
    # lists
    add(('RPUSH', p + 'list:small', 'a', '1', '-2', '', b'\xff\x00', 'x' * 100))
    add(('RPUSH', p + 'list:ints', *[str(i * i - 50) for i in range(100)]))
    add(('LPUSH', p + 'list:one', 'only'))
    if big:
        items = []
        for i in range(10000):
            k = i % 5
            items.append(str(i) if k == 0 else str(-i * 100003) if k == 1 else
                         'item-%d' % i if k == 2 else 'z' * (i % 70) if k == 3 else
                         str(rnd.getrandbits(63)))
        for i in range(0, len(items), 1000):
            add(('RPUSH', p + 'list:big', *items[i:i + 1000]))
        add(('RPUSH', p + 'list:bigvals', *[('%d' % i).encode() + b'-' * 9000 for i in range(20)]))
    # sets
    add(('SADD', p + 'set:ints', *[str(i * 3) for i in range(100)]))
    add(('SADD', p + 'set:wide', '-9223372036854775808', '9223372036854775807', '0', '-1', '70000',
         '-2147483649'))
    add(('SADD', p + 'set:strs', *['member-%d' % i for i in range(50)] + ['', b'\x00\xff']))
    if big:
        add(('SADD', p + 'set:bigints', *[str(i * 11 - 3000) for i in range(1000)]))
        add(('SADD', p + 'set:bigstrs', *['s%d-%s' % (i, 'q' * (i % 30)) for i in range(2000)]))
    # hashes
    add(('HSET', p + 'hash:small', *sum((['f%d' % i, 'v%d' % i] for i in range(10)), [])))
    add(('HSET', p + 'hash:ints', 'a', '1', 'b', '-5', 'c', '9223372036854775807', '7', '8'))
    add(('HSET', p + 'hash:longval', 'short', 'v', 'long', 'L' * 100))
    add(('HSET', p + 'hash:bin', b'\x00f', b'\xffv', '', 'empty field'))
    if big:
        add(('HSET', p + 'hash:big', *sum((['field:%d' % i, str(i * 31) if i % 3 else 'val-%d' % i]
                                          for i in range(1000)), [])))
    # zsets
    add(('ZADD', p + 'zset:small', 'inf', 'top', '-inf', 'bottom', '0.1', 'tenth', '-2.5', 'neg',
         '1e300', 'huge', '3', 'three', '0', 'zero', '1.7976931348623157e308', 'max'))
    add(('ZADD', p + 'zset:ties', *sum((['5', 'm%02d' % i] for i in range(20)), [])))
    add(('ZADD', p + 'zset:longmember', '1', 'M' * 100, '2', 'short'))
    if big:
        add(('ZADD', p + 'zset:big', *sum(([repr(rnd.uniform(-1e6, 1e6)), 'member:%d' % i]
                                           for i in range(1000)), [])))
        add(('ZADD', p + 'zset:bigints', *sum(([str(i), 'n%d' % i] for i in range(300)), [])))
    # streams: tombstones, several nodes trimmed at the head, an empty one (its IDs kept)
    add(('XADD', p + 'stream:small', '1-1', 'name', 'ann', 'age', '42'))
    add(('XADD', p + 'stream:small', '1-2', 'name', 'bob', 'age', '-7'))
    add(('XADD', p + 'stream:small', '5-0', 'other', b'\x00\xff', '', 'x' * 100))
    add(('XDEL', p + 'stream:small', '1-2'))
    add(('XADD', p + 'stream:empty', '7-7', 'f', 'v'))
    add(('XTRIM', p + 'stream:empty', 'MAXLEN', '0'))
    if big:
        for i in range(1, 1001):
            add(('XADD', p + 'stream:big', '%d-%d' % (1700000000000 + i * 37, i % 3), 'n', str(i),
                 'payload', 'p' * (i % 50)))
        add(('XTRIM', p + 'stream:big', 'MAXLEN', '~', '700'))
        add(('XDEL', p + 'stream:big', '%d-1' % (1700000000000 + 301 * 37),
             '%d-2' % (1700000000000 + 500 * 37)))
    # keys with a time to live
    add(('SET', p + 'ttl:str', 'expires', 'EX', '3600'))
    add(('RPUSH', p + 'ttl:list', 'a', 'b'))
    add(('PEXPIRE', p + 'ttl:list', '7200000'))
    add(('SADD', p + 'ttl:set', '1', '2', '3'))
    add(('EXPIRE', p + 'ttl:set', '86400'))
    add(('HSET', p + 'ttl:hash', 'f', 'v'))
    add(('EXPIREAT', p + 'ttl:hash', str(int(time.time()) + 100000)))
    add(('XADD', p + 'ttl:stream', '1-1', 'f', 'v'))
    add(('PEXPIRE', p + 'ttl:stream', '9000000'))
    add(('ZADD', p + 'ttl:zset', '1', 'a'))
    add(('PEXPIREAT', p + 'ttl:zset', str(int(time.time() * 1000) + 5000000)))
    add(('SET', p + 'ttl:far', 'v', 'EXAT', str(int(time.time()) + 10 * 365 * 86400)))
    return cmds


def write_dataset(c, dbs=DATASET_DBS, seed=1, big=True):
    """Writes the mixed dataset into each of dbs (db 0 in full, the others without the large
    collections unless big applies to all) with raw client c; leaves c on db 0."""
    for db in dbs:
        eq(c.cmd('SELECT', db), 'OK', 'SELECT %d' % db)
        pipeline(c, dataset_commands(db, seed, big=big and db == dbs[0]))
    eq(c.cmd('SELECT', 0), 'OK')


def read_value(c, key, kind):
    if kind == 'string':
        return c.cmd('GET', key)
    if kind == 'list':
        return tuple(c.cmd('LRANGE', key, 0, -1))
    if kind == 'set':
        return tuple(sorted(c.cmd('SMEMBERS', key)))
    if kind == 'hash':
        flat = c.cmd('HGETALL', key)
        return tuple(sorted(zip(flat[0::2], flat[1::2])))
    if kind == 'zset':
        flat = c.cmd('ZRANGE', key, 0, -1, 'WITHSCORES')
        # scores as numbers: servers print the same double differently (Valkey 8: shortest form)
        return tuple(zip(flat[0::2], (float(x) for x in flat[1::2])))
    if kind == 'stream':
        flat = c.cmd('XINFO', 'STREAM', key)
        meta = dict(zip(flat[0::2], flat[1::2]))
        ids = tuple(meta[k] for k in (b'length', b'last-generated-id', b'max-deleted-entry-id',
                                      b'entries-added', b'recorded-first-entry-id'))
        return ids, tuple((i, tuple(fv)) for i, fv in c.cmd('XRANGE', key, '-', '+'))
    raise TestFailure('key %r of unexpected type %r' % (key, kind))


def read_all(c, dbs=range(16)):
    """Everything the server holds in dbs: {(db, key): (type, value, pttl)} read with raw client
    c (lists in order, sets and hashes sorted, zsets as (member, score) in rank order, streams as
    their IDs and entries);
    leaves c on db 0."""
    out = {}
    for db in dbs:
        eq(c.cmd('SELECT', db), 'OK', 'SELECT %d' % db)
        keys = c.cmd('KEYS', '*')
        ok(isinstance(keys, list), 'KEYS answered %r' % (keys,))
        for key in keys:
            kind = c.cmd('TYPE', key)
            kind = str(kind)
            value = read_value(c, key, kind)
            pttl = c.cmd('PTTL', key)
            out[(db, key)] = (kind, value, pttl)
    eq(c.cmd('SELECT', 0), 'OK')
    return out


def _short(v, n=120):
    r = repr(v)
    return r if len(r) <= n else r[:n] + '...'


def compare(expected, actual, ttl_slack_ms=None, what='dataset'):
    """actual (read_all) must equal expected: the same keys, types and values; a TTL must stay a
    TTL (with ttl_slack_ms, the remaining time may have fallen by up to that much, and not risen
    by more than 1 s), no TTL must stay none."""
    missing = [k for k in expected if k not in actual]
    extra = [k for k in actual if k not in expected]
    ok(not missing and not extra,
       '%s: %d keys missing (e.g. %s), %d unexpected (e.g. %s)'
       % (what, len(missing), _short(missing[:5]), len(extra), _short(extra[:5])))
    for k, (kind, value, pttl) in expected.items():
        akind, avalue, apttl = actual[k]
        eq(akind, kind, '%s: type of %r' % (what, k))
        if avalue != value:
            raise TestFailure('%s: value of %r differs: expected %s, got %s'
                              % (what, k, _short(value), _short(avalue)))
        if pttl < 0 or apttl < 0:
            eq(apttl, pttl, '%s: PTTL of %r' % (what, k))
        elif ttl_slack_ms is not None:
            ok(pttl - ttl_slack_ms <= apttl <= pttl + 1000,
               '%s: PTTL of %r is %d, was %d (slack %d ms)' % (what, k, apttl, pttl, ttl_slack_ms))


class Snapshot:
    """read_all at a moment, with the time it was taken, for comparing after a restart."""

    def __init__(self, c, dbs=range(16)):
        self.at = time.monotonic()
        self.data = read_all(c, dbs)

    def check(self, c, what='after the restart', dbs=range(16)):
        actual = read_all(c, dbs)
        slack = int((time.monotonic() - self.at) * 1000) + 1500
        compare(self.data, actual, slack, what)
        return actual


def fill(c, nbytes, value_size=65536, prefix='big:', seed=7):
    """About nbytes of incompressible values in keys prefix0, prefix1, ... (pipelined); returns
    the number of keys."""
    rnd = random.Random(seed)
    block = rnd.randbytes(value_size * 2)
    n = max(1, nbytes // value_size)
    batch = 16
    for i in range(0, n, batch):
        cmds = []
        for j in range(i, min(n, i + batch)):
            off = (j * 4099) % value_size
            cmds.append(encode_command('SET', '%s%d' % (prefix, j),
                                       b'%08d' % j + block[off:off + value_size - 8]))
        c.send(b''.join(cmds))
        for _ in cmds:
            v = c.read()
            if v != 'OK':
                raise TestFailure('SET during the fill answered %r' % (v,))
    return n


def set_encodings(c, small):
    """CONFIG SET of the encoding thresholds on a Redis (or any server that has them): small=True
    makes every collection take its large encoding (hashtable, skiplist, one-element quicklist
    nodes), small=False lets collections of 1,000 stay listpacks/intsets."""
    if small:
        pairs = [('hash-max-listpack-entries', '1'), ('zset-max-listpack-entries', '1'),
                 ('set-max-intset-entries', '1'), ('list-max-listpack-size', '1'),
                 ('list-compress-depth', '0')]
    else:
        pairs = [('hash-max-listpack-entries', '4096'), ('hash-max-listpack-value', '1024'),
                 ('zset-max-listpack-entries', '4096'), ('zset-max-listpack-value', '1024'),
                 ('set-max-intset-entries', '4096'), ('list-max-listpack-size', '-5'),
                 ('list-compress-depth', '1')]
    for k, v in pairs:
        eq(c.cmd('CONFIG', 'SET', k, v), 'OK', 'CONFIG SET %s %s' % (k, v))


def restore_default_encodings(c):
    for k, v in [('hash-max-listpack-entries', '512'), ('hash-max-listpack-value', '64'),
                 ('zset-max-listpack-entries', '128'), ('zset-max-listpack-value', '64'),
                 ('set-max-intset-entries', '512'), ('list-max-listpack-size', '-2'),
                 ('list-compress-depth', '0')]:
        eq(c.cmd('CONFIG', 'SET', k, v), 'OK', 'CONFIG SET %s %s' % (k, v))


def write_encoding_variety(c, dbs=(0, 3, 15)):
    """On a Redis (c), the mixed dataset three times over in each of dbs: under the default
    thresholds, under tiny ones (every collection in its large encoding) and under huge ones (big
    collections as listpacks, compressed quicklist nodes); checks that each encoding Redis 7.0
    writes really appears. Leaves the defaults in place."""
    for db in dbs:
        eq(c.cmd('SELECT', db), 'OK')
        pipeline(c, dataset_commands(db, seed=11))
        set_encodings(c, small=True)
        pipeline(c, [tuple([cmd[0], _rename(cmd[1], 'tiny:')] + list(cmd[2:]))
                     for cmd in dataset_commands(db, seed=12, big=db == dbs[0])])
        set_encodings(c, small=False)
        pipeline(c, [tuple([cmd[0], _rename(cmd[1], 'huge:')] + list(cmd[2:]))
                     for cmd in dataset_commands(db, seed=13, big=db == dbs[0])])
        restore_default_encodings(c)
    eq(c.cmd('SELECT', 0), 'OK')
    seen = set()
    for db in dbs:
        eq(c.cmd('SELECT', db), 'OK')
        for key in c.cmd('KEYS', '*'):
            seen.add((str(c.cmd('TYPE', key)), str(c.cmd('OBJECT', 'ENCODING', key), 'ascii')))
    eq(c.cmd('SELECT', 0), 'OK')
    for want in [('string', 'int'), ('string', 'embstr'), ('string', 'raw'), ('list', 'quicklist'),
                 ('set', 'intset'), ('set', 'hashtable'), ('hash', 'listpack'),
                 ('hash', 'hashtable'), ('zset', 'listpack'), ('zset', 'skiplist')]:
        ok(want in seen, 'the Redis-written dataset has no %s of encoding %s (has %r)'
           % (want[0], want[1], sorted(seen)))


def _rename(key, tag):
    if isinstance(key, str):
        return tag + key
    return tag.encode() + key


# ---------------------------------------------------------------------------------------------
# RDB files

def check_rdb(path):
    """redis-check-rdb on path: (exit status, its output)."""
    p = subprocess.run([REDIS_CHECK_RDB, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=120)
    return p.returncode, p.stdout.decode('utf-8', 'replace')


def assert_rdb_ok(path):
    """redis-check-rdb accepts path; returns its [info] counts {'keys read': n, ...}."""
    rc, out = check_rdb(path)
    ok(rc == 0 and 'RDB looks OK' in out,
       'redis-check-rdb refuses %s (status %d): %s' % (path, rc, out[-1500:].replace('\n', ' | ')))
    counts = {}
    for m in re.finditer(r'\[info\] (\d+) ([a-z ]+)', out):
        counts[m.group(2).strip()] = int(m.group(1))
    return counts


def rdb_version(path):
    """The version in an RDB file's header (REDIS0009 -> 9)."""
    with open(path, 'rb') as f:
        head = f.read(9)
    ok(head[:5] == b'REDIS' and head[5:].isdigit(), '%s does not start as an RDB file: %r'
       % (path, head))
    return int(head[5:])


def load_into_redis(srv, path, timeout=60.0):
    """A fresh redis-server 7.0 that loaded path (copied as dump.rdb into a new directory)."""
    d = srv.track_dir()
    shutil.copyfile(path, os.path.join(d, 'dump.rdb'))
    s = start_redis(srv, dirpath=d, debug=False, timeout=timeout)
    log = s.log_text()
    ok('DB loaded from disk' in log, 'redis-server did not load %s: %s' % (path, s.log_tail(800)))
    return s


def flip_byte(path, offset):
    with open(path, 'r+b') as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x5a]))


def truncate(path, size):
    with open(path, 'r+b') as f:
        f.truncate(size)


# Redis's CRC64 (Jones polynomial, reflected, as src/crc64.c), for hand-made DUMP payloads.
_CRC64_TABLE = []


def _crc64_table():
    poly = 0x95ac9329ac4bc9b5  # 0xad93d23594c935a9 reflected
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        _CRC64_TABLE.append(crc)


def crc64(data, crc=0):
    if not _CRC64_TABLE:
        _crc64_table()
    for b in data:
        crc = _CRC64_TABLE[(crc ^ b) & 0xff] ^ (crc >> 8)
    return crc


def dump_payload(body, version=9):
    """A DUMP payload: body (RDB type byte and object), 2-byte version, CRC64 of both."""
    data = body + bytes([version & 0xff, version >> 8])
    return data + crc64(data).to_bytes(8, 'little')


# ---------------------------------------------------------------------------------------------
# Tessera's snapshot layout: with dir D and dbfilename F, base = F without a trailing ".rdb"; a save
# writes D/<base>.<gen>.<shard>.rdb for every shard, then D/<base>.manifest:
#   tessera-snapshot 1 / generation <gen> / created <unix s> / shards <N> / one file name a line

def base_name(dbfilename='dump.rdb'):
    return dbfilename[:-4] if dbfilename.endswith('.rdb') else dbfilename


def manifest_path(d, dbfilename='dump.rdb'):
    return os.path.join(d, base_name(dbfilename) + '.manifest')


def read_manifest(d, dbfilename='dump.rdb'):
    """Parses and checks D/<base>.manifest; returns {'generation', 'created', 'shards', 'files'}
    (files: full paths, shard order)."""
    path = manifest_path(d, dbfilename)
    ok(os.path.exists(path), 'no manifest %s (directory holds %r)' % (path, sorted(os.listdir(d))))
    with open(path, 'rb') as f:
        text = f.read().decode('ascii')
    lines = text.split('\n')
    while lines and lines[-1] == '':
        lines.pop()
    ok(len(lines) >= 5, 'manifest too short: %r' % text)
    eq(lines[0], 'tessera-snapshot 1', 'manifest line 1')
    m = [re.fullmatch(r'(generation|created|shards) (\d+)', line) for line in lines[1:4]]
    ok(all(m), 'manifest lines 2-4 must be generation/created/shards <n>: %r' % lines[1:4])
    eq([x.group(1) for x in m], ['generation', 'created', 'shards'], 'manifest fields')
    gen, created, shards = (int(x.group(2)) for x in m)
    base = base_name(dbfilename)
    eq(lines[4:], ['%s.%d.%d.rdb' % (base, gen, i) for i in range(shards)], 'manifest file list')
    return {'generation': gen, 'created': created, 'shards': shards,
            'files': [os.path.join(d, name) for name in lines[4:]]}


def dir_files(d):
    """Every file of d but the server's log: after a save, exactly the snapshot's files."""
    return sorted(f for f in os.listdir(d) if f != 'server.log')


def set_names(m, dbfilename='dump.rdb'):
    """The file names a parsed manifest stands for: its shard files and itself."""
    return sorted([os.path.basename(f) for f in m['files']] + [base_name(dbfilename) + '.manifest'])


def find_in_file(path, needle):
    """The offset of needle in the file (which must hold it)."""
    with open(path, 'rb') as f:
        data = f.read()
    i = data.find(needle)
    ok(i >= 0, '%s does not hold the bytes looked for' % path)
    return i


def find_merge_tool(srv):
    """tessera-rdb-merge beside the server binary, or tools/rdb-merge; Skip when neither exists."""
    for path in (os.path.join(os.path.dirname(srv.options.server), 'tessera-rdb-merge'),
                 os.path.join(REPO, 'tools', 'rdb-merge')):
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise Skip('no tessera-rdb-merge beside the server and no tools/rdb-merge yet')
