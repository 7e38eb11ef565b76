# Disconnect fuzzer: clients vanish at the worst moment while others move data between shards,
# for a bounded time, seeded. Vanishing clients close with FIN or RST (SO_LINGER {1, 0}):
#
# - mid-request: half of a (often multi-shard) command written, then gone;
# - replies pending: a pipeline of GETs of a 1 MB value, then gone without reading (or after a
#   few bytes);
# - blocked: BLPOP / BLMOVE / BZPOPMIN / BRPOPLPUSH / XREAD BLOCK with timeout 0, gone after a
#   random delay
#   while pushers wake blocked clients at random moments;
# - mid cross-shard write: MSET / RENAME / SMOVE / LMOVE / BLMOVE over keys on different shards,
#   sent and closed at once.
#
# Meanwhile, and checked at the end (after connected_clients is back to 1):
# - conservation: lists and sets on different shards start with known elements; movers (staying
#   and vanishing ones) shuffle them with LMOVE / BLMOVE / RPOPLPUSH / BRPOPLPUSH / SMOVE. The
#   union of the lists holds each original element exactly once, and likewise the sets. A BLMOVE
#   whose client vanished either never popped or moved its element: never lost.
# - MSET of one value over keys on different shards (writers that stay and writers that vanish):
#   a concurrent MGET never sees two values mixed, nor does the final state.
# - RENAME back and forth between two keys on different shards: EXISTS a b is always 1.
# - 1 MB SET/GET of whole values by a client that stays: every request gets its reply.
# Then the server answers PING, and its log holds no AddressSanitizer/UBSan report.
#
#   TESSERA_FUZZ_SECONDS=600 TESSERA_FUZZ_SEED=1234 \
#       /usr/bin/python3 tests/integration/run.py --server build-f/tessera-server -k fuzz_disconnect
#
# TESSERA_FUZZ_VANISH=1,3 keeps only those kinds of vanishing client (0 mid-request, 1 replies
# pending, 2 blocked, 3 blocked in a conserved BLMOVE, 4 cross-shard writes, 5 leaves after part
# of its replies; default: all), to narrow a finding down.

import os
import random
import threading
import time

from harness import (ok, timeout, own_server, encode_command, RawClient, RespError, TestFailure,
                     keys_on_distinct_shards)
import fuzzutil as fu

DEFAULT_SECONDS = 18
REPLY_LIMIT = 30.0   # seconds a client that stays may wait for a reply under load
BIG = 1 << 20        # the large value
NLISTS = 8
NWAIT = 4            # lists that start empty: blocked BLMOVE clients wait on them
NSETS = 8
ELEMS = 200
MEMBERS = 200
VANISH_KINDS = [int(x) for x in os.environ.get('TESSERA_FUZZ_VANISH', '0,1,2,3,4,5').split(',')
                if x.strip()]


class World:
    def __init__(self, nshards):
        self.lists = keys_on_distinct_shards('cl', nshards, NLISTS)
        self.waits = keys_on_distinct_shards('cw', nshards, NWAIT)
        self.all_lists = self.lists + self.waits
        self.sets = keys_on_distinct_shards('cs', nshards, NSETS)
        self.mset = keys_on_distinct_shards('ms', nshards, 6)
        self.ren = keys_on_distinct_shards('rn', nshards, 2)
        self.blk = keys_on_distinct_shards('bk', nshards, 4)    # BLPOP fodder, not conserved
        self.zblk = keys_on_distinct_shards('bz', nshards, 2)
        self.xblk = keys_on_distinct_shards('bx', nshards, 2)   # XREAD BLOCK fodder
        self.big = 'big'
        self.scratch = keys_on_distinct_shards('sc', nshards, 6)
        self.elems = ['e%03d' % i for i in range(ELEMS)]
        self.members = ['m%03d' % i for i in range(MEMBERS)]


def _side(r):
    return r.choice(['LEFT', 'RIGHT'])


def list_move(r, W, block_forever=False):
    src = r.choice(W.all_lists)
    # Often into a waiting list, so blocked clients get woken at random moments.
    dst = r.choice(W.waits) if r.random() < 0.25 else r.choice(W.all_lists)
    bt = '0' if block_forever else r.choice(['0.01', '0.05'])
    return r.choice([['LMOVE', src, dst, _side(r), _side(r)], ['RPOPLPUSH', src, dst],
                     ['BLMOVE', src, dst, _side(r), _side(r), bt], ['BRPOPLPUSH', src, dst, bt]])


def set_move(r, W):
    a, b = r.sample(W.sets, 2)
    return ['SMOVE', a, b, r.choice(W.members)]


def mset_cmd(r, W, tag):
    # Always all the keys (in a random order): MGET of all of them must see one value.
    keys = r.sample(W.mset, len(W.mset))
    a = []
    for k in keys:
        a += [k, tag]
    return ['MSET'] + a


def rename_cmd(r, W):
    a, b = W.ren if r.random() < 0.5 else W.ren[::-1]
    return ['RENAME', a, b]


class Run:
    def __init__(self, seed, port, W, stop):
        self.seed = seed
        self.port = port
        self.W = W
        self.stop = stop
        self.failures = []
        self.stats = {}

    def count(self, what, n=1):
        self.stats[what] = self.stats.get(what, 0) + n

    def fail(self, msg):
        self.failures.append(msg)
        self.stop.set()

    def staying(self):
        return RawClient(self.port, timeout=REPLY_LIMIT)

    def expect(self, c, what):
        """One reply on a client that stays; a missing reply or a dropped connection fails."""
        try:
            return c.read()
        except TestFailure as e:
            if not self.stop.is_set():
                self.fail('no reply to %s within %.0f s: %s' % (what, REPLY_LIMIT, e))
        except (EOFError, OSError) as e:
            if not self.stop.is_set():
                self.fail('connection dropped waiting for the reply to %s: %s' % (what, e))
        raise _Stop()

    # --- clients that stay -----------------------------------------------------------------

    def mover(self, tid):
        r = random.Random(self.seed * 7 + tid)
        c = self.staying()
        try:
            while not self.stop.is_set():
                cmds = [list_move(r, self.W) if r.random() < 0.6 else set_move(r, self.W)
                        for _ in range(r.choice([1, 1, 3, 10]))]
                c.send(b''.join(encode_command(*a) for a in cmds))
                for a in cmds:
                    v = self.expect(c, a[0])
                    if isinstance(v, RespError):
                        self.fail('%r answered %r' % (a, v))
                        return
                self.count('moves', len(cmds))
        finally:
            c.close()

    def mset_writer(self, tid):
        r = random.Random(self.seed * 11 + tid)
        c = self.staying()
        n = 0
        try:
            while not self.stop.is_set():
                n += 1
                v = self.expect_cmd(c, mset_cmd(r, self.W, 'w%d-%d' % (tid, n)))
                if v != 'OK':
                    self.fail('MSET answered %r' % (v,))
                    return
                self.count('msets')
        finally:
            c.close()

    def expect_cmd(self, c, args):
        c.send(encode_command(*args))
        return self.expect(c, args[0])

    def mget_reader(self, tid):
        c = self.staying()
        try:
            while not self.stop.is_set():
                vals = self.expect_cmd(c, ['MGET'] + self.W.mset)
                if len(set(vals)) != 1:
                    self.fail('MGET over keys on different shards saw a torn MSET: %r' % (vals,))
                    return
                n = self.expect_cmd(c, ['EXISTS'] + self.W.ren)
                if n != 1:
                    self.fail('EXISTS %s %s answered %r during RENAMEs (expected 1)'
                              % (self.W.ren[0], self.W.ren[1], n))
                    return
                self.count('mgets')
        finally:
            c.close()

    def renamer(self, tid):
        r = random.Random(self.seed * 13 + tid)
        c = self.staying()
        try:
            while not self.stop.is_set():
                v = self.expect_cmd(c, rename_cmd(r, self.W))
                if v != 'OK' and not (isinstance(v, RespError) and 'no such key' in v):
                    self.fail('RENAME answered %r' % (v,))
                    return
                self.count('renames')
        finally:
            c.close()

    def big_client(self, tid):
        # Whole 1 MB values, written and read by a client that stays while others vanish.
        r = random.Random(self.seed * 17 + tid)
        c = self.staying()
        try:
            while not self.stop.is_set():
                if r.random() < 0.5:
                    v = self.expect_cmd(c, ['SET', self.W.big, bytes([97 + r.randrange(26)]) * BIG])
                    if v != 'OK':
                        self.fail('SET of 1 MB answered %r' % (v,))
                        return
                else:
                    v = self.expect_cmd(c, ['GET', self.W.big])
                    if not isinstance(v, bytes) or len(v) != BIG or v.count(v[:1]) != BIG:
                        self.fail('GET of the 1 MB value answered %r...' % (bytes(v or b'')[:40],))
                        return
                self.count('big')
        finally:
            c.close()

    def pusher(self, tid):
        # Wakes clients blocked on the BLPOP / BZPOPMIN / XREAD keys (not conserved).
        r = random.Random(self.seed * 19 + tid)
        c = self.staying()
        try:
            while not self.stop.is_set():
                x = r.random()
                if x < 0.6:
                    a = ['LPUSH', r.choice(self.W.blk), 'p']
                elif x < 0.85:
                    a = ['ZADD', r.choice(self.W.zblk), str(r.randrange(100)),
                         'z%d' % r.randrange(9)]
                else:
                    a = ['XADD', r.choice(self.W.xblk), 'MAXLEN', '100', '*', 'p', '1']
                self.expect_cmd(c, a)
                time.sleep(r.random() * 0.005)
        finally:
            c.close()

    # --- clients that vanish ----------------------------------------------------------------

    def vanisher(self, tid):
        r = random.Random(self.seed * 23 + tid)
        W = self.W
        while not self.stop.is_set():
            try:
                sock = fu.connect(self.port, timeout=5)
            except OSError as e:
                if not self.stop.is_set():
                    self.fail('cannot connect: %s' % e)
                return
            kind = r.choice(VANISH_KINDS)
            try:
                if kind == 0:  # mid-request
                    a = r.choice([mset_cmd(r, W, 'half'), rename_cmd(r, W), set_move(r, W),
                                  list_move(r, W), ['SET', W.big, b'h' * BIG],
                                  ['SUNIONSTORE', W.scratch[0]] + W.sets[:3],
                                  ['DEL'] + W.scratch])
                    data = encode_command(*a)
                    # Any strict prefix: the request is never complete, so it must never run.
                    sock.sendall(data[:r.randrange(1, len(data))])
                    self.count('v_mid')
                elif kind == 1:  # replies pending
                    sock.sendall(encode_command('GET', W.big) * r.randrange(2, 24))
                    if r.random() < 0.5:
                        time.sleep(r.random() * 0.02)
                    if r.random() < 0.3:
                        sock.settimeout(1)
                        sock.recv(r.choice([10, 1000, 65536]))
                    self.count('v_pending')
                elif kind == 2:  # blocked, not conserved
                    k = r.choice(W.blk)
                    a = r.choice([['BLPOP', k, '0'], ['BRPOP', k, r.choice(W.blk), '0'],
                                  ['BLMOVE', k, r.choice(W.blk), 'LEFT', 'RIGHT', '0'],
                                  ['BZPOPMIN', r.choice(W.zblk), '0'],
                                  ['BZPOPMAX'] + W.zblk + ['0'],
                                  ['BLMPOP', '0', '2', k, r.choice(W.blk), 'LEFT'],
                                  ['XREAD', 'BLOCK', '0', 'STREAMS'] + W.xblk + ['$', '$'],
                                  ['XREAD', 'BLOCK', '0', 'COUNT', '2', 'STREAMS',
                                   r.choice(W.xblk), '$']])
                    sock.sendall(encode_command(*a))
                    time.sleep(r.random() * 0.05)
                    self.count('v_blocked')
                elif kind == 3:  # blocked in a conserved BLMOVE, woken or not
                    src = r.choice(W.waits)
                    dst = r.choice(W.all_lists)
                    a = r.choice([['BLMOVE', src, dst, _side(r), _side(r), '0'],
                                  ['BRPOPLPUSH', src, dst, '0']])
                    sock.sendall(encode_command(*a))
                    time.sleep(r.random() * 0.05)
                    self.count('v_blmove')
                elif kind == 4:  # cross-shard writes sent, then gone at once
                    cmds = []
                    for _ in range(r.choice([1, 1, 2, 5, 20])):
                        x = r.randrange(4)
                        if x == 0:
                            cmds.append(mset_cmd(r, W, 'v%d-%d' % (tid, r.randrange(1 << 30))))
                        elif x == 1:
                            cmds.append(rename_cmd(r, W))
                        elif x == 2:
                            cmds.append(set_move(r, W))
                        else:
                            cmds.append(list_move(r, W, block_forever=r.random() < 0.3))
                    sock.sendall(b''.join(encode_command(*a) for a in cmds))
                    self.count('v_xshard')
                else:  # a staying-looking client that leaves after a random part of its replies
                    cmds = [list_move(r, W) for _ in range(r.randrange(1, 10))] + \
                        [['GET', W.big]] * r.randrange(0, 3)
                    sock.sendall(b''.join(encode_command(*a) for a in cmds))
                    time.sleep(r.random() * 0.01)
                    self.count('v_partial')
            except OSError:
                pass  # the server may already have closed or reset us; we are leaving anyway
            finally:
                fu.close_random(r, sock)
            time.sleep(r.random() * 0.003)


class _Stop(Exception):
    pass


def _guard(run, fn):
    def body(tid):
        try:
            fn(tid)
        except _Stop:
            pass
        except Exception as e:  # noqa: B902 - a fuzzer bug or a dropped connection
            if not run.stop.is_set():
                run.fail('%s: %s: %s' % (fn.__name__, type(e).__name__, e))
    return body


def setup_world(c, W):
    per = ELEMS // NLISTS
    for i, k in enumerate(W.lists):
        c.cmd('RPUSH', k, *W.elems[i * per:(i + 1) * per])
    per = MEMBERS // NSETS
    for i, k in enumerate(W.sets):
        c.cmd('SADD', k, *W.members[i * per:(i + 1) * per])
    a = []
    for k in W.mset:
        a += [k, 'init']
    c.cmd('MSET', *a)
    c.cmd('SET', W.ren[0], 'token')
    c.cmd('SET', W.big, b'a' * BIG)


def check_world(c, W):
    problems = []
    got = []
    for k in W.all_lists:
        v = c.cmd('LRANGE', k, '0', '-1')
        if isinstance(v, RespError):
            problems.append('LRANGE %s answered %r' % (k, v))
            continue
        got += [x.decode() for x in v]
    if sorted(got) != sorted(W.elems):
        lost = sorted(set(W.elems) - set(got))
        dup = sorted(set(x for x in got if got.count(x) > 1))
        extra = sorted(set(got) - set(W.elems))
        problems.append('list elements not conserved: %d now, %d at the start; lost %r, '
                        'duplicated %r, unknown %r' % (len(got), len(W.elems), lost[:10],
                                                        dup[:10], extra[:10]))
    got = []
    for k in W.sets:
        v = c.cmd('SMEMBERS', k)
        if isinstance(v, RespError):
            problems.append('SMEMBERS %s answered %r' % (k, v))
            continue
        got += [x.decode() for x in v]
    if sorted(got) != sorted(W.members):
        lost = sorted(set(W.members) - set(got))
        dup = sorted(set(x for x in got if got.count(x) > 1))
        problems.append('set members not conserved: %d now, %d at the start; lost %r, in two '
                        'sets %r' % (len(got), len(W.members), lost[:10], dup[:10]))
    vals = c.cmd('MGET', *W.mset)
    if len(set(vals)) != 1:
        problems.append('keys written only by MSET over different shards hold a mix: %r' % (vals,))
    vals = c.cmd('MGET', *W.ren)
    if sorted(vals, key=lambda x: x or b'') != [None, b'token']:
        problems.append('RENAME back and forth left %r (expected one key holding token)' % (vals,))
    n = c.cmd('STRLEN', W.big)
    if n != BIG:
        problems.append('STRLEN of the 1 MB value is %r' % (n,))
    return problems


@own_server
@timeout(fu.time_limit(DEFAULT_SECONDS))
def test_fuzz_disconnect(srv):
    seed = fu.seed()
    secs = fu.seconds(DEFAULT_SECONDS)
    fu.announce('test_fuzz_disconnect', seed, secs)
    server = srv.start_server()
    W = World(max(srv.options.threads, 1))
    setup = RawClient(server.port, timeout=REPLY_LIMIT)
    setup_world(setup, W)
    setup.close()
    stop = threading.Event()
    run = Run(seed, server.port, W, stop)
    dog = fu.Watchdog([(server, None)], stop, run.failures).start()
    targets = ([(run.mover, i) for i in range(4)] + [(run.mset_writer, i) for i in range(2)] +
               [(run.mget_reader, 0), (run.renamer, 0), (run.big_client, 0), (run.pusher, 0)] +
               [(run.vanisher, i) for i in range(6)])
    threads = [threading.Thread(target=_guard(run, fn), args=(i,), daemon=True)
               for fn, i in targets]
    fu.run_for(threads, stop, secs, REPLY_LIMIT + 15, dog, seed)
    print('  test_fuzz_disconnect: %s'
          % ', '.join('%s %d' % kv for kv in sorted(run.stats.items())), flush=True)
    problems = list(run.failures)
    problems += fu.health_problems(server)
    if server.alive():
        try:
            c = RawClient(server.port, timeout=REPLY_LIMIT)
            problems += check_world(c, W)
            c.close()
        except (OSError, EOFError, TestFailure) as e:
            problems.append('final checks failed: %s: %s' % (type(e).__name__, e))
    fu.report('test_fuzz_disconnect', seed, problems)
    ok(run.stats.get('moves', 0) > 50 and sum(v for k, v in run.stats.items()
                                               if k.startswith('v_')) > 20,
       'seed %d: too little fuzzing to judge: %r' % (seed, run.stats))
