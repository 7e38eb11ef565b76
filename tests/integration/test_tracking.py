# Client-side caching: CLIENT TRACKING (default, BCAST with prefixes, OPTIN/OPTOUT, NOLOOP,
# REDIRECT), CLIENT CACHING, GETREDIR, TRACKINGINFO, and the invalidations a reader gets when a
# key it read changes: by another client on another worker, in MULTI/EXEC, by expiry, by
# FLUSHALL (a null), by the tracking table's limit. Also clients that vanish while invalidations
# for them or their redirect target are in flight, and redis-py's tracking calls.

import random
import time

from harness import (eq, ok, timeout, own_server, wait_until, encode_command, info_field,
                     keys_on_distinct_shards, nshards, connect, hang_up)
from pubsubutil import nothing_more, subscribe


def inval(*keys, resp3=True):
    """The exact bytes of an invalidation of keys (None: the null a flush sends): a RESP3 push,
    or the RESP2 message on __redis__:invalidate a redirect target gets."""
    if resp3:
        head = b'>2\r\n$10\r\ninvalidate\r\n'
    else:
        head = b'*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n'
    if keys == (None,):
        return head + (b'_\r\n' if resp3 else b'$-1\r\n')
    body = b'*%d\r\n' % len(keys)
    for k in keys:
        k = k.encode() if isinstance(k, str) else k
        body += b'$%d\r\n%s\r\n' % (len(k), k)
    return head + body


def resp3_client(srv):
    c = srv.raw()
    ok(isinstance(c.cmd('HELLO', '3'), dict), 'HELLO 3')
    return c


def tracking_on(c, *opts):
    eq(c.cmd('CLIENT', 'TRACKING', 'on', *opts), 'OK', 'CLIENT TRACKING on %s' % (opts,))


def read_raw_within(c, limit=5.0):
    old = c.sock.gettimeout()
    c.settimeout(limit)
    try:
        return c.read_raw()
    finally:
        c.settimeout(old)


def redirect_target(srv):
    """A RESP2 client subscribed to __redis__:invalidate, and its id."""
    rd = srv.raw()
    rid = rd.cmd('CLIENT', 'ID')
    subscribe(rd, 'SUBSCRIBE', '__redis__:invalidate')
    return rd, rid


# ---- the reply shapes and errors ----

def test_tracking_errors_byte_for_byte(srv):
    c = srv.raw()
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'prefix', 'x'),
       b'-ERR PREFIX option requires BCAST mode to be enabled\r\n')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'optin', 'optout'),
       b"-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n")
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'bcast', 'optin'),
       b'-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'redirect', '987654321'),
       b'-ERR The client ID you want redirect to does not exist\r\n')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'redirect', 'abc'),
       b'-ERR value is not an integer or out of range\r\n')
    me = c.cmd('CLIENT', 'ID')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'redirect', me, 'redirect', me),
       b'-ERR A client can only redirect to a single other client\r\n')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'maybe'), b'-ERR syntax error\r\n')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'foo'), b'-ERR syntax error\r\n')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'ab', 'prefix', 'a'),
       b"-ERR Prefix 'ab' overlaps with another provided prefix 'a'. "
       b"Prefixes for a single client must not overlap.\r\n")
    eq(c.cmd_raw('CLIENT', 'CACHING', 'yes'),
       b'-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN '
       b'or OPTOUT mode enabled\r\n')
    eq(c.cmd_raw('CLIENT', 'CACHING', 'yes', 'x'),
       b"-ERR wrong number of arguments for 'client|caching' command\r\n")
    tracking_on(c)
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'bcast'),
       b"-ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
       b"and then re-enabling it with a different mode.\r\n")
    eq(c.cmd_raw('CLIENT', 'CACHING', 'yes'),
       b'-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n')
    eq(c.cmd_raw('CLIENT', 'CACHING', 'no'),
       b'-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n')
    tracking_on(c, 'optin')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'optout'),
       b"-ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
       b"and then re-enabling it with a different mode.\r\n")
    eq(c.cmd_raw('CLIENT', 'CACHING', 'maybe'), b'-ERR syntax error\r\n')
    eq(c.cmd('CLIENT', 'TRACKING', 'off'), 'OK')
    tracking_on(c, 'bcast', 'prefix', 'a', 'prefix', 'b')
    eq(c.cmd_raw('CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'ab'),
       b"-ERR Prefix 'ab' overlaps with an existing prefix 'a'. "
       b"Prefixes for a single client must not overlap.\r\n")


def test_trackinginfo_and_getredir_shapes(srv):
    c = srv.raw()
    eq(c.cmd_raw('CLIENT', 'TRACKINGINFO'),
       b'*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n'
       b'$8\r\nprefixes\r\n*0\r\n')
    eq(c.cmd('CLIENT', 'GETREDIR'), -1)
    tracking_on(c)
    eq(c.cmd_raw('CLIENT', 'TRACKINGINFO'),
       b'*6\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$8\r\nredirect\r\n:0\r\n'
       b'$8\r\nprefixes\r\n*0\r\n')
    eq(c.cmd('CLIENT', 'GETREDIR'), 0)
    eq(c.cmd('CLIENT', 'TRACKING', 'off'), 'OK')
    tracking_on(c, 'bcast', 'prefix', 'b', 'prefix', 'a', 'noloop')
    eq(c.cmd_raw('CLIENT', 'TRACKINGINFO'),
       b'*6\r\n$5\r\nflags\r\n*3\r\n$2\r\non\r\n$5\r\nbcast\r\n$6\r\nnoloop\r\n'
       b'$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    eq(c.cmd('CLIENT', 'TRACKING', 'off'), 'OK')
    d = resp3_client(srv)
    tracking_on(d, 'optin')
    eq(d.cmd('CLIENT', 'CACHING', 'yes'), 'OK')
    eq(d.cmd_raw('CLIENT', 'TRACKINGINFO'),
       b'%3\r\n$5\r\nflags\r\n~3\r\n$2\r\non\r\n$5\r\noptin\r\n$11\r\ncaching-yes\r\n'
       b'$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n')
    eq(d.cmd('GET', 'x'), None)  # uses up CLIENT CACHING
    eq(d.cmd_raw('CLIENT', 'TRACKINGINFO'),
       b'%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\noptin\r\n'
       b'$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n')
    flags = [l for l in bytes(d.cmd('CLIENT', 'INFO')).decode().split() if l.startswith('flags=')]
    eq(flags, ['flags=t'], 'CLIENT INFO shows tracking')


# ---- invalidations ----

@timeout(60)
def test_resp3_reader_on_every_shard_changed_from_other_workers(srv):
    n = nshards(srv)
    keys = keys_on_distinct_shards('trk:', n, 2 * n)
    r = resp3_client(srv)
    tracking_on(r)
    # several writers: with SO_REUSEPORT spreading connections, most sit on other workers
    writers = [srv.raw() for _ in range(2 * n)]
    for round_ in range(2):
        for k in keys:
            r.cmd('GET', k)  # remembered on k's shard
        for i, k in enumerate(keys):
            w = writers[(i + round_) % len(writers)]
            eq(w.cmd('SET', k, 'v%d' % round_), 'OK')
            eq(read_raw_within(r), inval(k), 'invalidation of %s' % k)
    # written again without a read since: nothing more
    for k in keys:
        writers[0].cmd('SET', k, 'again')
    nothing_more(r, 0.3, 'keys not read again')
    eq(r.cmd('PING'), 'PONG')


def test_mget_over_shards_and_del_invalidate_each_key(srv):
    keys = keys_on_distinct_shards('tm:', nshards(srv), 3)
    r = resp3_client(srv)
    tracking_on(r)
    w = srv.raw()
    w.cmd('MSET', *[x for k in keys for x in (k, 1)])
    r.cmd('MGET', *keys)
    eq(w.cmd('DEL', *keys), 3)
    got = sorted(read_raw_within(r) for _ in keys)
    eq(got, sorted(inval(k) for k in keys))
    nothing_more(r, 0.2)


def test_own_write_invalidates_after_its_reply(srv):
    r = resp3_client(srv)
    tracking_on(r)
    r.cmd('SET', 'own', '1')
    r.cmd('GET', 'own')
    r.send(encode_command('SET', 'own', '2'))
    eq(read_raw_within(r), b'+OK\r\n')
    eq(read_raw_within(r), inval('own'))
    nothing_more(r, 0.2)


def test_resp2_redirect_to_subscriber(srv):
    rd, rid = redirect_target(srv)
    c = srv.raw()
    tracking_on(c, 'redirect', rid)
    eq(c.cmd('CLIENT', 'GETREDIR'), rid)
    eq(c.cmd_raw('CLIENT', 'TRACKINGINFO'),
       b'*6\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$8\r\nredirect\r\n:%d\r\n'
       b'$8\r\nprefixes\r\n*0\r\n' % rid)
    keys = keys_on_distinct_shards('tr:', nshards(srv), 4)
    for k in keys:
        eq(c.cmd('GET', k), None)
    w = srv.raw()
    for k in keys:
        eq(w.cmd('SET', k, 'x'), 'OK')
        eq(read_raw_within(rd), inval(k, resp3=False))
    nothing_more(c, 0.2, 'the tracking client itself gets nothing in RESP2')
    eq(w.cmd('FLUSHALL'), 'OK')
    eq(read_raw_within(rd), inval(None, resp3=False))


def test_resp3_redirect_target_gets_pushes(srv):
    rd = resp3_client(srv)
    rid = rd.cmd('CLIENT', 'ID')
    c = srv.raw()
    tracking_on(c, 'redirect', rid)
    c.cmd('GET', 'r3')
    srv.raw().cmd('SET', 'r3', 1)
    eq(read_raw_within(rd), inval('r3'))


def test_flushall_and_flushdb_send_a_null(srv):
    r = resp3_client(srv)
    tracking_on(r)
    b = resp3_client(srv)
    tracking_on(b, 'bcast')
    w = srv.raw()
    eq(w.cmd('FLUSHALL'), 'OK')
    eq(read_raw_within(r), inval(None))
    eq(read_raw_within(b), inval(None))
    eq(w.cmd('FLUSHDB'), 'OK')
    eq(read_raw_within(r), inval(None))
    eq(read_raw_within(b), inval(None))
    r.send(encode_command('FLUSHALL'))
    eq(read_raw_within(r), b'+OK\r\n')
    eq(read_raw_within(r), inval(None))
    eq(read_raw_within(b), inval(None))


@timeout(30)
def test_expiry_invalidates(srv):
    r = resp3_client(srv)
    tracking_on(r)
    keys = keys_on_distinct_shards('te:', nshards(srv), 4)
    w = srv.raw()
    for k in keys:
        eq(w.cmd('SET', k, 'v', 'PX', '100'), 'OK')
        eq(r.cmd('GET', k), b'v')
    got = sorted(read_raw_within(r, 10.0) for _ in keys)  # the active cycle finds them
    eq(got, sorted(inval(k) for k in keys))
    # a lazy expiry, found by another client's read
    eq(w.cmd('SET', 'lazy', 'v', 'PX', '50'), 'OK')
    eq(r.cmd('GET', 'lazy'), b'v')
    time.sleep(0.1)
    w.cmd('GET', 'lazy')
    eq(read_raw_within(r, 10.0), inval('lazy'))


def test_multi_exec_invalidates(srv):
    r = resp3_client(srv)
    tracking_on(r)
    keys = keys_on_distinct_shards('tx:', nshards(srv), 3)
    for k in keys:
        r.cmd('GET', k)
    w = srv.raw()
    eq(w.cmd('MULTI'), 'OK')
    for k in keys:
        eq(w.cmd('SET', k, 1), 'QUEUED')
    eq(w.cmd('EXEC'), ['OK'] * len(keys))
    got = sorted(read_raw_within(r) for _ in keys)
    eq(got, sorted(inval(k) for k in keys))
    # the client's own block: the EXEC reply first, then the push
    eq(r.cmd('MULTI'), 'OK')
    eq(r.cmd('GET', 'ty'), 'QUEUED')
    eq(r.cmd('SET', 'ty', 1), 'QUEUED')
    eq(r.cmd('GET', 'ty'), 'QUEUED')
    r.send(encode_command('EXEC'))
    eq(read_raw_within(r), b'*3\r\n_\r\n+OK\r\n$1\r\n1\r\n')
    eq(read_raw_within(r), inval('ty'))


def test_noloop(srv):
    r = resp3_client(srv)
    tracking_on(r, 'noloop')
    r.cmd('GET', 'nl')
    eq(r.cmd('SET', 'nl', 1), 'OK')
    nothing_more(r, 0.2, 'own write under NOLOOP')
    # the key was forgotten by the own write: read it again, then another client writes
    r.cmd('GET', 'nl')
    eq(srv.raw().cmd('SET', 'nl', 2), 'OK')
    eq(read_raw_within(r), inval('nl'))


def test_optin_and_optout(srv):
    r = resp3_client(srv)
    tracking_on(r, 'optin')
    r.cmd('GET', 'oi1')
    eq(r.cmd('CLIENT', 'CACHING', 'yes'), 'OK')
    r.cmd('GET', 'oi2')
    r.cmd('GET', 'oi3')  # CACHING counted for one command only
    w = srv.raw()
    for k in ('oi1', 'oi2', 'oi3'):
        w.cmd('SET', k, 1)
    eq(read_raw_within(r), inval('oi2'))
    nothing_more(r, 0.2)
    # CLIENT CACHING covers a whole MULTI ... EXEC
    eq(r.cmd('CLIENT', 'CACHING', 'yes'), 'OK')
    eq(r.cmd('MULTI'), 'OK')
    r.cmd('GET', 'oi4')
    r.cmd('GET', 'oi5')
    eq(r.cmd('EXEC'), [None, None])
    w.cmd('SET', 'oi4', 1)
    w.cmd('SET', 'oi5', 1)
    eq(read_raw_within(r), inval('oi4'))
    eq(read_raw_within(r), inval('oi5'))
    eq(r.cmd('CLIENT', 'TRACKING', 'off'), 'OK')

    tracking_on(r, 'optout')
    eq(r.cmd('CLIENT', 'CACHING', 'no'), 'OK')
    r.cmd('GET', 'oo1')
    r.cmd('GET', 'oo2')
    w.cmd('SET', 'oo1', 1)
    w.cmd('SET', 'oo2', 1)
    eq(read_raw_within(r), inval('oo2'))
    nothing_more(r, 0.2)


def test_bcast_prefixes(srv):
    r = resp3_client(srv)
    tracking_on(r, 'bcast', 'prefix', 'a:', 'prefix', 'b:')
    w = srv.raw()
    eq(w.cmd('SET', 'a:1', 1), 'OK')
    eq(read_raw_within(r), inval('a:1'))
    eq(w.cmd('SET', 'c:1', 1), 'OK')
    eq(w.cmd('SET', 'b:1', 1), 'OK')
    eq(read_raw_within(r), inval('b:1'))
    nothing_more(r, 0.2, 'c:1 matches no prefix')
    # one command over several shards: one message per prefix
    keys = keys_on_distinct_shards('a:m', nshards(srv), 3)
    eq(w.cmd('MSET', *[x for k in keys for x in (k, 1)], 'b:2', 1, 'zz', 1), 'OK')
    got = [read_raw_within(r), read_raw_within(r)]
    eq(sorted(got), sorted([inval(*sorted(keys)), inval('b:2')]))
    nothing_more(r, 0.2)
    # NOLOOP leaves out the client's own writes
    eq(r.cmd('CLIENT', 'TRACKING', 'off'), 'OK')
    tracking_on(r, 'bcast', 'noloop')
    eq(r.cmd('SET', 'mine', 1), 'OK')
    nothing_more(r, 0.2, 'own write under BCAST NOLOOP')
    eq(w.cmd('SET', 'theirs', 1), 'OK')
    eq(read_raw_within(r), inval('theirs'))


def test_info_fields(srv):
    c = srv.raw()
    wait_until(lambda: info_field(c, 'clients', 'tracking_clients') == 0, 5.0,
               msg='tracking clients of earlier tests gone')
    r = resp3_client(srv)
    tracking_on(r)
    r2 = resp3_client(srv)
    tracking_on(r2)
    b = resp3_client(srv)
    tracking_on(b, 'bcast', 'prefix', 'p1', 'prefix', 'p2')
    r.cmd('MGET', 'i1', 'i2', 'i3')
    r2.cmd('GET', 'i1')
    eq(info_field(c, 'clients', 'tracking_clients'), 3)
    eq(info_field(c, 'stats', 'tracking_total_keys'), 3)
    eq(info_field(c, 'stats', 'tracking_total_items'), 4)
    eq(info_field(c, 'stats', 'tracking_total_prefixes'), 2)
    c.cmd('SET', 'i1', 1)
    eq(info_field(c, 'stats', 'tracking_total_keys'), 2)
    eq(info_field(c, 'stats', 'tracking_total_items'), 2)
    eq(b.cmd('CLIENT', 'TRACKING', 'off'), 'OK')
    eq(info_field(c, 'stats', 'tracking_total_prefixes'), 0)
    eq(info_field(c, 'clients', 'tracking_clients'), 2)
    c.cmd('FLUSHALL')
    eq(info_field(c, 'stats', 'tracking_total_keys'), 0)
    eq(info_field(c, 'stats', 'tracking_total_items'), 0)


@timeout(30)
def test_table_max_keys_invalidates_random_keys(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'GET', 'tracking-table-max-keys'), [b'tracking-table-max-keys', b'1000000'])
    r = resp3_client(srv)
    tracking_on(r)
    keys = keys_on_distinct_shards('tk:', nshards(srv), 3)
    c.cmd('MSET', *[x for k in keys for x in (k, 1)])
    r.cmd('MGET', *keys)
    try:
        eq(c.cmd('CONFIG', 'SET', 'tracking-table-max-keys', '1'), 'OK')
        c.cmd('PING')
        seen = set()
        r.send(encode_command('PING'))
        deadline = time.monotonic() + 10
        while len(seen) < 2 and time.monotonic() < deadline:
            v = read_raw_within(r)
            if v == b'+PONG\r\n':
                continue
            ok(v in [inval(k) for k in keys], 'an invalidation of a tracked key: %r' % v)
            seen.add(v)
        eq(len(seen), 2, 'two of the three keys forgotten')
        wait_until(lambda: info_field(c, 'stats', 'tracking_total_keys') <= 1, 5.0)
    finally:
        c.cmd('CONFIG', 'SET', 'tracking-table-max-keys', '1000000')


def test_reset_and_tracking_off_stop_invalidations(srv):
    r = resp3_client(srv)
    tracking_on(r)
    r.cmd('GET', 'ro')
    eq(r.cmd('CLIENT', 'TRACKING', 'off'), 'OK')
    srv.raw().cmd('SET', 'ro', 1)
    nothing_more(r, 0.2)
    tracking_on(r)
    r.cmd('GET', 'ro2')
    eq(r.cmd('RESET'), 'RESET')
    eq(r.cmd('CLIENT', 'GETREDIR'), -1)
    srv.raw().cmd('SET', 'ro2', 1)
    nothing_more(r, 0.2)


def test_redirect_broken_when_target_leaves(srv):
    rd, rid = redirect_target(srv)
    c = resp3_client(srv)
    tracking_on(c, 'redirect', rid)
    c.cmd('GET', 'rb')
    rd.close()
    w = srv.raw()
    wait_until(lambda: b'id=%d ' % rid not in bytes(w.cmd('CLIENT', 'LIST')), 5.0)
    w.cmd('SET', 'rb', 1)
    eq(read_raw_within(c), b'>2\r\n$21\r\ntracking-redir-broken\r\n:%d\r\n' % rid)
    info = c.cmd('CLIENT', 'TRACKINGINFO')
    eq(list(info[b'flags']), [b'on', b'broken_redirect'])
    eq(info[b'redirect'], rid)


def test_many_trackers_redirect_to_one_target_across_workers(srv):
    # four tracking clients, most of them on other workers than their target
    rd, rid = redirect_target(srv)
    trackers = []
    for i in range(4):
        t = resp3_client(srv)
        tracking_on(t, 'redirect', rid)
        t.cmd('GET', 'mr:%d' % i)
        trackers.append(t)
    w = srv.raw()
    for i in range(4):
        w.cmd('SET', 'mr:%d' % i, 1)
    got = sorted(read_raw_within(rd) for _ in range(4))
    eq(got, sorted(inval('mr:%d' % i, resp3=False) for i in range(4)))
    # the target leaves: each tracker hears of it at its next invalidation
    rd.close()
    wait_until(lambda: b'id=%d ' % rid not in bytes(w.cmd('CLIENT', 'LIST')), 5.0)
    for i, t in enumerate(trackers):
        t.cmd('GET', 'mr:%d' % i)
    for i in range(4):
        w.cmd('SET', 'mr:%d' % i, 2)
    for t in trackers:
        eq(read_raw_within(t), b'>2\r\n$21\r\ntracking-redir-broken\r\n:%d\r\n' % rid)
        eq(t.cmd('CLIENT', 'GETREDIR'), rid)


# ---- clients that vanish ----

def back_to_one_client(c, limit=15.0):
    wait_until(lambda: info_field(c, 'clients', 'connected_clients') == 1, limit,
               msg='connected_clients back to 1')
    eq(c.cmd('PING'), 'PONG')
    wait_until(lambda: info_field(c, 'clients', 'tracking_clients') == 0, limit,
               msg='tracking_clients back to 0')


@timeout(120)
def test_vanish_tracking_clients_and_redirect_targets_mid_invalidation(srv):
    n = nshards(srv)
    keys = keys_on_distinct_shards('tv:', n, 4 * n)
    rng = random.Random(5)
    c = srv.raw()
    writer = connect(srv.port)
    wf = writer.makefile('rb')
    for i in range(120):
        kind = i % 4
        socks = []
        if kind in (0, 1):
            # a RESP3 tracking client that read every key, gone while they change
            s = connect(srv.port)
            s.sendall(encode_command('HELLO', '3') + encode_command('CLIENT', 'TRACKING', 'on')
                      + b''.join(encode_command('GET', k) for k in keys))
            socks.append(s)
        else:
            # a RESP2 client redirecting to a subscriber; one of them leaves
            t = srv.raw()
            rid = t.cmd('CLIENT', 'ID')
            subscribe(t, 'SUBSCRIBE', '__redis__:invalidate')
            s = connect(srv.port)
            s.sendall(encode_command('CLIENT', 'TRACKING', 'on', 'redirect', rid)
                      + b''.join(encode_command('GET', k) for k in keys))
            if kind == 2:
                socks.append(t.sock)   # the redirect target vanishes
                time.sleep(0.002)
                socks.append(s)
            else:
                socks.append(s)        # the tracking client vanishes, its target stays
                t.close()
        time.sleep(rng.random() * 0.003)
        writer.sendall(b''.join(encode_command('SET', k, i) for k in keys))
        for s in socks:
            hang_up(s, rst=rng.random() < 0.5)
        for _ in keys:
            wf.readline()
    wf.close()
    writer.close()
    back_to_one_client(c)
    # the server still tracks for a new client
    r = resp3_client(srv)
    tracking_on(r)
    r.cmd('GET', keys[0])
    c.cmd('SET', keys[0], 'z')
    eq(read_raw_within(r), inval(keys[0]))


@timeout(60)
def test_vanish_bcast_clients_under_writes(srv):
    c = srv.raw()
    writer = connect(srv.port)
    wf = writer.makefile('rb')
    rng = random.Random(9)
    for i in range(100):
        s = connect(srv.port)
        s.sendall(encode_command('HELLO', '3') +
                  encode_command('CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'bv'))
        writer.sendall(b''.join(encode_command('SET', 'bv%d' % k, i) for k in range(20)))
        time.sleep(rng.random() * 0.002)
        hang_up(s, rst=i % 2 == 0)
        for _ in range(20):
            wf.readline()
    wf.close()
    writer.close()
    back_to_one_client(c)
    eq(info_field(c, 'stats', 'tracking_total_prefixes'), 0)


# ---- redis-py ----

def test_redis_py_tracking_with_pubsub_redirect(srv):
    r = srv.client()
    p = r.pubsub()
    p.subscribe('__redis__:invalidate')
    msg = p.get_message(timeout=5)
    eq(msg['type'], 'subscribe')
    subs = [x for x in r.client_list() if x['cmd'] == 'subscribe']
    eq(len(subs), 1, 'one subscriber')
    rid = int(subs[0]['id'])
    t = srv.client()
    ok(t.client_tracking_on(clientid=rid), 'client_tracking_on')
    eq(t.client_getredir(), rid)
    eq(t.client_trackinginfo(), ['flags', [b'on'], 'redirect', rid, 'prefixes', []])
    t.set('py:k', 'v')
    eq(t.get('py:k'), b'v')
    r.set('py:k', 'w')
    msg = p.get_message(timeout=5)
    eq(msg['type'], 'message')
    eq(msg['channel'], b'__redis__:invalidate')
    eq(msg['data'], [b'py:k'])
    ok(t.client_tracking_off(), 'client_tracking_off')
    eq(t.client_getredir(), -1)
    ok(t.client_tracking_on(clientid=rid, bcast=True, prefix=['py:']), 'bcast on')
    eq(t.client_trackinginfo(),
       ['flags', [b'on', b'bcast'], 'redirect', rid, 'prefixes', [b'py:']])
    r.set('py:other', 1)
    msg = p.get_message(timeout=5)
    eq(msg['data'], [b'py:other'])
    p.close()


@own_server
@timeout(90)
def test_eviction_invalidates(srv):
    s = srv.start_server(['--maxmemory-policy', 'allkeys-random'])
    w = srv.raw(port=s.port)
    tracked = ['ev:%d' % i for i in range(200)]
    w.cmd('MSET', *[x for k in tracked for x in (k, 'v')])
    r = srv.raw(port=s.port)
    ok(isinstance(r.cmd('HELLO', '3'), dict), 'HELLO 3')
    tracking_on(r)
    for k in tracked:
        r.cmd('GET', k)
    # a budget 2 MB over what is used now, then three times that written: random eviction
    # takes some of the tracked keys
    limit = info_field(w, 'memory', 'used_memory') + 2 * 1024 * 1024
    eq(w.cmd('CONFIG', 'SET', 'maxmemory', str(limit)), 'OK')
    value = 'x' * 1000
    for i in range(0, 6000, 100):
        w.send(b''.join(encode_command('SET', 'fill:%d' % j, value) for j in range(i, i + 100)))
        for _ in range(100):
            w.read()
    time.sleep(0.2)
    eq(w.cmd('CONFIG', 'SET', 'maxmemory', '0'), 'OK')
    ok(info_field(w, 'stats', 'evicted_keys') > 0, 'keys were evicted')
    gone = [k for k, v in zip(tracked, w.cmd('MGET', *tracked)) if v is None]
    ok(gone, 'some tracked keys were evicted')
    got = set()
    want = set(inval(k) for k in gone)
    deadline = time.monotonic() + 10
    while not want <= got and time.monotonic() < deadline:
        got.add(read_raw_within(r))
    ok(want <= got, 'an invalidation for each evicted tracked key (%d of %d)'
       % (len(want & got), len(want)))
