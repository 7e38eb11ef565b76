# Keyspace notifications: CONFIG SET/GET notify-keyspace-events (the canonical flag string, bad
# class characters), which classes (K E g $ l s h z x e t m d n A) report what, and the exact
# ordered (channel, message) pairs Redis 7.0 publishes for the commands of each type, key
# expiry, key creation (n), key misses (m), FLUSHALL, other databases, binary key names, and keys
# on every shard delivered to a subscriber on another connection. Each test sets the flags it needs
# and restores "" after. Redis 7.0.15 is the reference. Run by run.py against the shared server.

import contextlib

from harness import RespError, eq, is_error, keys_on_distinct_shards, nshards, ok
from harness import Push, TestFailure, encode_command, run_threads, timeout
from pubsubutil import frame, nothing_more, read_frames, require_command, subscribe

ALL_KEYS = '__key*@*__:*'
CONFIG_ERROR = ("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - "
                "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")


@contextlib.contextmanager
def notify(c, flags):
    """notify-keyspace-events set to flags for the block, "" after."""
    eq(c.cmd('CONFIG', 'SET', 'notify-keyspace-events', flags), 'OK')
    try:
        yield
    finally:
        c.cmd('CONFIG', 'SET', 'notify-keyspace-events', '')


def listener(srv, pattern=ALL_KEYS):
    """A raw client subscribed to pattern (by default every keyspace and keyevent channel)."""
    c = srv.raw()
    eq(subscribe(c, 'PSUBSCRIBE', pattern), [frame('psubscribe', pattern, 1)])
    return c


def ev(event, *keys, db=0):
    """The pairs one event on each key makes with K and E both on: the keyspace message first."""
    out = []
    for k in keys:
        out.append(('__keyspace@%d__:%s' % (db, k), event))
        out.append(('__keyevent@%d__:%s' % (db, event), k))
    return out


def seq(*groups):
    return [pair for g in groups for pair in g]


def run(c, *commands):
    """Runs each command on c, failing on an error reply."""
    for cmd in commands:
        v = c.cmd(*cmd)
        if isinstance(v, RespError):
            raise AssertionError('%r answered %r' % (cmd, v))


def expect(lst, want, what='', quiet=0.2):
    """lst receives exactly the (channel, message) pairs want, in order, then nothing."""
    prefix = what + ': ' if what else ''
    got = []
    while len(got) < len(want):
        try:
            v = read_frames(lst, 1, 5.0)[0]
        except TestFailure:
            raise TestFailure('%sonly %d of %d events arrived within 5 s; the next expected: %r; '
                              'the last received: %r' % (prefix, len(got), len(want),
                                                         want[len(got)], got[-3:]))
        ok(isinstance(v, list) and len(v) == 4 and v[0] == b'pmessage',
           '%sa pmessage frame: %r' % (prefix, v))
        got.append((v[2].decode('utf-8', 'surrogateescape'),
                    v[3].decode('utf-8', 'surrogateescape')))
    if got != want:
        i = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), len(want))
        raise TestFailure('%sevent %d of %d differs: expected %r, got %r; got from there: %r'
                          % (prefix, i, len(want),
                             want[i] if i < len(want) else None,
                             got[i] if i < len(got) else None, got[i:i + 6]))
    nothing_more(lst, quiet, what)


def events_of(srv, flags, *commands, setup=()):
    """Runs setup with notifications off, then commands with flags (restored to "" after);
    returns the client that ran them and a listener subscribed before they ran."""
    c = srv.raw()
    run(c, *setup)
    lst = listener(srv)
    with notify(c, flags):
        run(c, *commands)
    return c, lst


# ---------------------------------------------------------------------------------------------
# Configuration

def test_config_flags_read_back_canonical(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'GET', 'notify-keyspace-events'), [b'notify-keyspace-events', b''])
    cases = [('KEA', 'AKE'), ('AKE', 'AKE'), ('EKA', 'AKE'), ('K', 'K'), ('E', 'E'),
             ('A', 'A'), ('g', 'g'), ('Kg', 'gK'), ('KA', 'AK'), ('Ex', 'xE'),
             ('KEg$lshzxetd', 'AKE'), ('KEAm', 'AKEm'), ('KEm', 'KEm'), ('KEnd', 'dnKE'),
             ('Kx$lshzxetmdn', '$lshzxetdnKm'), ('KEt', 'tKE'), ('KEgz', 'gzKE'),
             ('$$KK', '$K'), ('', '')]
    try:
        for flags, canonical in cases:
            eq(c.cmd('CONFIG', 'SET', 'notify-keyspace-events', flags), 'OK', 'set %r' % flags)
            eq(c.cmd('CONFIG', 'GET', 'notify-keyspace-events'),
               [b'notify-keyspace-events', canonical.encode()], 'read back of %r' % flags)
        eq(c.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'KEA'), 'OK')
        for bad in ('Kb', 'kea', 'K E', 'KE!'):
            is_error(c.cmd('CONFIG', 'SET', 'notify-keyspace-events', bad), CONFIG_ERROR)
            eq(c.cmd('CONFIG', 'GET', 'notify-keyspace-events')[1], b'AKE',
               'unchanged after %r' % bad)
    finally:
        c.cmd('CONFIG', 'SET', 'notify-keyspace-events', '')
    eq(c.cmd('CONFIG', 'GET', 'notify-keyspace-events')[1], b'')


def test_off_by_default(srv):
    lst = listener(srv)
    c = srv.raw()
    run(c, ('SET', 'k', 'v'), ('DEL', 'k'), ('LPUSH', 'l', 'a'))
    nothing_more(lst, 0.3)


def test_classes_without_K_or_E_report_nothing(srv):
    for flags in ('A', 'g$lshzxetmdn'):
        c, lst = events_of(srv, flags, ('SET', 'k', 'v'), ('DEL', 'k'), ('GET', 'k'))
        nothing_more(lst, 0.2, flags)
        lst.close()


def test_keyspace_and_keyevent_frames(srv):
    c = srv.raw()
    lst = listener(srv)
    with notify(c, 'K$'):
        run(c, ('SET', 'k', 'v'))
    eq(lst.read_raw(), b'*4\r\n$8\r\npmessage\r\n$12\r\n__key*@*__:*\r\n'
                       b'$16\r\n__keyspace@0__:k\r\n$3\r\nset\r\n')
    nothing_more(lst)
    with notify(c, 'E$'):
        run(c, ('SET', 'k', 'v'))
    eq(lst.read_raw(), b'*4\r\n$8\r\npmessage\r\n$12\r\n__key*@*__:*\r\n'
                       b'$18\r\n__keyevent@0__:set\r\n$1\r\nk\r\n')
    nothing_more(lst)
    # Plain SUBSCRIBE to one event channel gets a message frame.
    one = srv.raw()
    subscribe(one, 'SUBSCRIBE', '__keyevent@0__:del')
    with notify(c, 'Eg'):
        run(c, ('SET', 'd', 'v'), ('DEL', 'd'))
    eq(one.read_raw(), frame('message', '__keyevent@0__:del', 'd'))
    expect(lst, [('__keyevent@0__:del', 'd')])
    nothing_more(one)


MIXED = [('SET', 'k', 'v'), ('LPUSH', 'l', 'a'), ('SADD', 's', 'a'), ('HSET', 'h', 'f', 'v'),
         ('ZADD', 'z', '1', 'a'), ('DEL', 'k'), ('EXPIRE', 'l', '100'), ('GET', 'nokey')]


def test_each_class_reports_only_its_events(srv):
    cases = {
        'g': seq(ev('del', 'k'), ev('expire', 'l')),
        '$': ev('set', 'k'),
        'l': ev('lpush', 'l'),
        's': ev('sadd', 's'),
        'h': ev('hset', 'h'),
        'z': ev('zadd', 'z'),
        'x': [],
        'e': [],
        't': [],
        'm': ev('keymiss', 'nokey'),
        'd': [],
        'n': seq(ev('new', 'k'), ev('new', 'l'), ev('new', 's'), ev('new', 'h'), ev('new', 'z')),
        'A': seq(ev('set', 'k'), ev('lpush', 'l'), ev('sadd', 's'), ev('hset', 'h'),
                 ev('zadd', 'z'), ev('del', 'k'), ev('expire', 'l')),
    }
    c = srv.raw()
    lst = listener(srv)
    for cls, want in cases.items():
        run(c, ('FLUSHALL',))
        with notify(c, 'KE' + cls):
            run(c, *MIXED)
        expect(lst, want, 'class %s' % cls)
    # K alone and E alone halve the pairs.
    run(c, ('FLUSHALL',))
    with notify(c, 'Kg$'):
        run(c, *MIXED)
    expect(lst, [('__keyspace@0__:k', 'set'), ('__keyspace@0__:k', 'del'),
                 ('__keyspace@0__:l', 'expire')], 'K only')
    run(c, ('FLUSHALL',))
    with notify(c, 'El'):
        run(c, *MIXED)
    expect(lst, [('__keyevent@0__:lpush', 'l')], 'E only')


# ---------------------------------------------------------------------------------------------
# Events per command

def test_string_events(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('SET', 'k', 'v'), ('SET', 'k', 'w'),
        ('SET', 'e', 'v', 'EX', '100'),           # set, expire
        ('SETEX', 'se', '100', 'v'),              # set, expire
        ('PSETEX', 'pe', '100000', 'v'),          # set, expire
        ('SETNX', 'nx', 'v'), ('SETNX', 'nx', 'v'),     # set once
        ('SET', 'nx', 'v', 'NX'),                 # nothing
        ('SET', 'missing', 'v', 'XX'),            # nothing
        ('MSET', 'a', '1', 'b', '2'),
        ('MSETNX', 'm1', 'x', 'm2', 'y'),
        ('GETSET', 'a', 'x'),
        ('GETDEL', 'a'),
        ('GETEX', 'b', 'EX', '100'), ('GETEX', 'b', 'PERSIST'), ('GETEX', 'b'),
        ('SET', 'b', '1', 'KEEPTTL'),
        ('APPEND', 's', 'ab'), ('APPEND', 'empty', ''),
        ('INCR', 'i'), ('INCRBY', 'i', '5'), ('DECR', 'i'), ('DECRBY', 'i', '2'),
        ('INCRBYFLOAT', 'f', '1.5'),
        ('SETRANGE', 's', '1', 'zz'), ('SETRANGE', 'nothing', '0', ''),
    )
    expect(lst, seq(
        ev('set', 'k'), ev('set', 'k'),
        ev('set', 'e'), ev('expire', 'e'),
        ev('set', 'se'), ev('expire', 'se'),
        ev('set', 'pe'), ev('expire', 'pe'),
        ev('set', 'nx'),
        ev('set', 'a'), ev('set', 'b'),
        ev('set', 'm1'), ev('set', 'm2'),
        ev('set', 'a'),
        ev('del', 'a'),
        ev('expire', 'b'), ev('persist', 'b'),
        ev('set', 'b'),
        ev('append', 's'), ev('append', 'empty'),
        ev('incrby', 'i'), ev('incrby', 'i'), ev('incrby', 'i'), ev('incrby', 'i'),
        ev('incrbyfloat', 'f'),
        ev('setrange', 's'),
    ))


def test_generic_events(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('DEL', 'a', 'nokey', 'b'), ('DEL', 'nokey'),
        ('UNLINK', 'c'),
        ('EXPIRE', 'd', '100'), ('PEXPIRE', 'd', '100000'), ('EXPIREAT', 'd', '9999999999'),
        ('PEXPIREAT', 'd', '9999999999000'),
        ('EXPIRE', 'nokey', '100'),
        ('PERSIST', 'd'), ('PERSIST', 'd'),
        ('EXPIRE', 'e', '0'),                     # a time in the past deletes: del
        ('PEXPIREAT', 'f', '1'),
        ('RENAME', 'g', 'g2'),
        ('RENAME', 'g2', 'g2'),                   # same key: nothing
        ('RENAMENX', 'g2', 'h'),
        ('RENAMENX', 'h', 'i'),                   # i exists: nothing
        ('COPY', 'i', 'j'), ('COPY', 'i', 'j'), ('COPY', 'i', 'j', 'REPLACE'),
        setup=[('MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5', 'f', '6', 'g', '7',
                'i', '8')],
    )
    expect(lst, seq(
        ev('del', 'a'), ev('del', 'b'),
        ev('del', 'c'),
        ev('expire', 'd'), ev('expire', 'd'), ev('expire', 'd'), ev('expire', 'd'),
        ev('persist', 'd'),
        ev('del', 'e'),
        ev('del', 'f'),
        ev('rename_from', 'g'), ev('rename_to', 'g2'),
        ev('rename_from', 'g2'), ev('rename_to', 'h'),
        ev('copy_to', 'j'), ev('copy_to', 'j'),
    ))


def test_list_events(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('LPUSH', 'l', 'a', 'b'), ('RPUSH', 'l', 'c'),
        ('LPUSHX', 'nol', 'x'), ('RPUSHX', 'l', 'd'),
        ('LPOP', 'l'), ('RPOP', 'l'),
        ('LINSERT', 'l', 'BEFORE', 'a', 'z'), ('LINSERT', 'l', 'BEFORE', 'nope', 'z'),
        ('LSET', 'l', '0', 'y'),
        ('LREM', 'l', '0', 'y'), ('LREM', 'l', '0', 'nope'),
        ('LTRIM', 'l', '0', '0'),
        ('LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'),    # empties l
        ('RPUSH', 'l3', '1', '2', '3'),
        ('LMOVE', 'l3', 'l3', 'LEFT', 'RIGHT'),
        ('RPOPLPUSH', 'l3', 'l4'),
        ('LPOP', 'l3', '5'),                      # pops the rest: one lpop, then del
        ('LMPOP', '1', 'l4', 'RIGHT'),
        ('RPUSH', 'q', 'a', 'b', 'c'), ('RPOP', 'q', '2'),
        ('LTRIM', 'q', '5', '10'),                # empties q
        ('BLPOP', 'l2', '1'),
        ('RPUSH', 'b1', 'x'), ('BLMOVE', 'b1', 'b2', 'LEFT', 'LEFT', '1'),
    )
    expect(lst, seq(
        ev('lpush', 'l'), ev('rpush', 'l'),
        ev('rpush', 'l'),
        ev('lpop', 'l'), ev('rpop', 'l'),
        ev('linsert', 'l'),
        ev('lset', 'l'),
        ev('lrem', 'l'),
        ev('ltrim', 'l'),
        ev('rpush', 'l2'), ev('lpop', 'l'), ev('del', 'l'),
        ev('rpush', 'l3'),
        ev('rpush', 'l3'), ev('lpop', 'l3'),
        ev('lpush', 'l4'), ev('rpop', 'l3'),
        ev('lpop', 'l3'), ev('del', 'l3'),
        ev('rpop', 'l4'), ev('del', 'l4'),
        ev('rpush', 'q'), ev('rpop', 'q'),
        ev('ltrim', 'q'), ev('del', 'q'),
        ev('lpop', 'l2'), ev('del', 'l2'),
        ev('rpush', 'b1'), ev('lpush', 'b2'), ev('lpop', 'b1'), ev('del', 'b1'),
    ))


def test_set_events(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('SADD', 's', 'a', 'b', 'c', 'd'), ('SADD', 's', 'a'),
        ('SREM', 's', 'a'), ('SREM', 's', 'zz'),
        ('SPOP', 's'),
        ('SPOP', 's', '1'),
        ('SMOVE', 's', 't', 'nope'),               # not a member: nothing
        ('SMOVE', 't', 't', 'm'),                  # same set: nothing
        ('SADD', 'u', '1', '2'), ('SADD', 'v', '2', '3'),
        ('SINTERSTORE', 'w', 'u', 'v'),
        ('SINTERSTORE', 'w', 'u', 'nokey'),        # empty result over w: del
        ('SINTERSTORE', 'w2', 'u', 'nokey'),       # empty result, no w2: nothing
        ('SUNIONSTORE', 'x', 'u', 'v'),
        ('SDIFFSTORE', 'y', 'u', 'v'),
        ('SPOP', 'u', '5'),                        # pops all: spop, del
        setup=[('SADD', 't', 'm')],
    )
    expect(lst, seq(
        ev('sadd', 's'),
        ev('srem', 's'),
        ev('spop', 's'),
        ev('spop', 's'),
        ev('sadd', 'u'), ev('sadd', 'v'),
        ev('sinterstore', 'w'),
        ev('del', 'w'),
        ev('sunionstore', 'x'),
        ev('sdiffstore', 'y'),
        ev('spop', 'u'), ev('del', 'u'),
    ))
    c.cmd('DEL', 's')
    run(c, ('SADD', 's', 'a', 'b'))
    with notify(c, 'KEA'):
        run(c, ('SMOVE', 's', 't', 'a'), ('SMOVE', 's', 't', 'b'))
    expect(lst, seq(ev('srem', 's'), ev('sadd', 't'),
                    ev('srem', 's'), ev('del', 's'), ev('sadd', 't')))


def test_hash_events(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('HSET', 'h', 'a', '1', 'b', '2'), ('HSET', 'h', 'a', '3'),
        ('HMSET', 'h', 'x', '1'),
        ('HSETNX', 'h', 'a', '9'), ('HSETNX', 'h', 'c', '9'),
        ('HDEL', 'h', 'a', 'zz'), ('HDEL', 'h', 'zz'),
        ('HINCRBY', 'h', 'n', '2'),
        ('HINCRBYFLOAT', 'h', 'f', '1.5'),
        ('HDEL', 'h', 'b', 'c', 'n', 'f', 'x'),    # removes the last fields: hdel, del
    )
    expect(lst, seq(
        ev('hset', 'h'), ev('hset', 'h'),
        ev('hset', 'h'),
        ev('hset', 'h'),
        ev('hdel', 'h'),
        ev('hincrby', 'h'),
        ev('hincrbyfloat', 'h'),
        ev('hdel', 'h'), ev('del', 'h'),
    ))


def test_zset_events(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('ZADD', 'z', '1', 'a', '2', 'b'),
        ('ZADD', 'z', '1', 'a'),                    # no change: nothing
        ('ZADD', 'z', '5', 'a'),                    # score updated: zadd
        ('ZADD', 'z', 'NX', '1', 'a'),              # nothing
        ('ZADD', 'z', 'INCR', '1', 'a'),            # zincr
        ('ZINCRBY', 'z', '2', 'b'),
        ('ZREM', 'z', 'a', 'q'), ('ZREM', 'z', 'q'),
        ('ZADD', 'z', '3', 'c', '4', 'd'),
        ('ZREMRANGEBYSCORE', 'z', '3', '3'), ('ZREMRANGEBYSCORE', 'z', '100', '200'),
        ('ZADD', 'y', '1', 'x'),
        ('ZUNIONSTORE', 'u', '2', 'z', 'y'),
        ('ZINTERSTORE', 'i', '2', 'z', 'y'),        # empty, no i: nothing
        ('ZINTERSTORE', 'u', '2', 'z', 'y'),        # empty over u: del
        ('ZDIFFSTORE', 'df', '2', 'z', 'y'),
        ('ZRANGESTORE', 'rs', 'z', '0', '0'),
        ('ZPOPMIN', 'z'),
        ('ZADD', 'p', '1', 'a', '2', 'b'), ('ZPOPMAX', 'p'), ('ZPOPMIN', 'p'),
        ('ZADD', 'r', '1', 'a', '2', 'b'),
        ('ZREMRANGEBYRANK', 'r', '0', '0'), ('ZREMRANGEBYLEX', 'r', '-', '+'),
    )
    expect(lst, seq(
        ev('zadd', 'z'),
        ev('zadd', 'z'),
        ev('zincr', 'z'),
        ev('zincr', 'z'),
        ev('zrem', 'z'),
        ev('zadd', 'z'),
        ev('zremrangebyscore', 'z'),
        ev('zadd', 'y'),
        ev('zunionstore', 'u'),
        ev('del', 'u'),
        ev('zdiffstore', 'df'),
        ev('zrangestore', 'rs'),
        ev('zpopmin', 'z'),
        ev('zadd', 'p'), ev('zpopmax', 'p'), ev('zpopmin', 'p'), ev('del', 'p'),
        ev('zadd', 'r'),
        ev('zremrangebyrank', 'r'), ev('zremrangebylex', 'r'), ev('del', 'r'),
    ))


def test_stream_events(srv):
    c = srv.raw()
    lst = listener(srv)
    with notify(c, 'KEt'):
        eq(require_command(c, 'XADD', 'st', '1-1', 'f', 'v'), b'1-1')
        eq(c.cmd('XDEL', 'st', '1-1'), 1)
    expect(lst, seq(ev('xadd', 'st'), ev('xdel', 'st')))


# ---------------------------------------------------------------------------------------------
# Expiry, creation, misses

@timeout(30)
def test_expired_event(srv):
    c = srv.raw()
    lst = listener(srv)
    with notify(c, 'KEx'):
        # The expire itself is class g: not reported.
        run(c, ('SET', 'k', 'v'), ('PEXPIRE', 'k', '50'))
        expect(lst, ev('expired', 'k'), 'the expiry of k', quiet=0.1)
    eq(c.cmd('EXISTS', 'k'), 0)
    with notify(c, 'KEA'):
        run(c, ('SET', 'k2', 'v', 'PX', '50'))
        expect(lst, seq(ev('set', 'k2'), ev('expire', 'k2'), ev('expired', 'k2')),
               'set, expire then expired', quiet=0.1)
    # Several keys of every shard expiring: one expired event each.
    keys = keys_on_distinct_shards('ex', nshards(srv), 8)
    with notify(c, 'Ex'):
        for k in keys:
            run(c, ('SET', k, 'v', 'PX', '60'))
        got = read_frames(lst, len(keys))
    eq(sorted((v[2], v[3]) for v in got),
       sorted((b'__keyevent@0__:expired', k.encode()) for k in keys))
    nothing_more(lst)


def test_new_key_events(srv):
    c, lst = events_of(
        srv, 'KEn',
        ('SET', 'k', 'v'), ('SET', 'k', 'w'),                 # new once
        ('LPUSH', 'l', 'a'), ('LPUSH', 'l', 'b'),
        ('SADD', 's', 'a'), ('HSET', 'h', 'f', 'v'), ('ZADD', 'z', '1', 'a'),
        ('APPEND', 'ap', 'x'), ('INCR', 'i'), ('INCRBYFLOAT', 'f', '1'),
        ('HINCRBY', 'h2', 'f', '1'),
        ('SETRANGE', 'sr', '0', 'x'),
        ('SINTERSTORE', 'w', 's', 's'),
        ('COPY', 'k', 'k9'),
        ('RENAME', 'k9', 'k10'),
        ('RPUSH', 'src', 'a'), ('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'),
        ('SMOVE', 's', 't', 'a'),
        ('DEL', 'k'), ('SET', 'k', 'again'),
    )
    expect(lst, seq(
        ev('new', 'k'), ev('new', 'l'), ev('new', 's'), ev('new', 'h'), ev('new', 'z'),
        ev('new', 'ap'), ev('new', 'i'), ev('new', 'f'), ev('new', 'h2'), ev('new', 'sr'),
        ev('new', 'w'), ev('new', 'k9'), ev('new', 'k10'),
        ev('new', 'src'), ev('new', 'dst'), ev('new', 't'),
        ev('new', 'k'),
    ))


def test_new_comes_before_the_command_event(srv):
    c, lst = events_of(
        srv, 'KEAn',
        ('SET', 'k', 'v'),
        ('RENAME', 'k', 'k2'),
        ('RPUSH', 'src', 'a'), ('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'),
    )
    expect(lst, seq(
        ev('new', 'k'), ev('set', 'k'),
        # RENAME creates k2 before it reports the rename.
        ev('new', 'k2'), ev('rename_from', 'k'), ev('rename_to', 'k2'),
        ev('new', 'src'), ev('rpush', 'src'),
        ev('new', 'dst'), ev('rpush', 'dst'), ev('lpop', 'src'), ev('del', 'src'),
    ))


def test_keymiss_events(srv):
    c, lst = events_of(
        srv, 'KEm',
        ('GET', 'nokey'), ('HGET', 'nohash', 'f'), ('GET', 'k'),
        ('MGET', 'a', 'k'), ('LRANGE', 'nolist', '0', '1'), ('SET', 'x', '1'),
        setup=[('SET', 'k', 'v')],
    )
    expect(lst, seq(ev('keymiss', 'nokey'), ev('keymiss', 'nohash'), ev('keymiss', 'a'),
                    ev('keymiss', 'nolist')))


def test_flushall_and_flushdb_report_no_key_events(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('FLUSHALL',), ('SET', 'k', 'v'), ('FLUSHDB',),
        setup=[('SET', 'a', '1'), ('LPUSH', 'l', 'x'), ('SADD', 's', 'm')],
    )
    expect(lst, ev('set', 'k'))


# ---------------------------------------------------------------------------------------------
# Where events come from

def test_other_database_in_the_channel(srv):
    c, lst = events_of(
        srv, 'KEA',
        ('SELECT', '3'), ('SET', 'k', 'v'), ('DEL', 'k'), ('SELECT', '0'), ('SET', 'k', 'v'),
    )
    try:
        expect(lst, seq(ev('set', 'k', db=3), ev('del', 'k', db=3), ev('set', 'k')))
    finally:
        c.cmd('SELECT', '3')
        c.cmd('FLUSHDB')


def test_binary_key_names(srv):
    key = b'bin\r\n\x00\xff"k'
    c = srv.raw()
    lst = listener(srv)
    with notify(c, 'KE$'):
        eq(c.cmd('SET', key, 'v'), 'OK')
    eq(read_frames(lst, 2), [[b'pmessage', ALL_KEYS.encode(), b'__keyspace@0__:' + key, b'set'],
                             [b'pmessage', ALL_KEYS.encode(), b'__keyevent@0__:set', key]])
    nothing_more(lst)


def test_keys_on_every_shard_reach_a_subscriber_elsewhere(srv):
    keys = keys_on_distinct_shards('nk', nshards(srv), 8)
    c = srv.raw()
    lst = listener(srv)
    with notify(c, 'KEA'):
        for k in keys:
            eq(c.cmd('SET', k, 'v'), 'OK')
        for k in keys:
            eq(c.cmd('DEL', k), 1)
    # Each command waited for its reply before the next: events in command order.
    expect(lst, seq(*[ev('set', k) for k in keys], *[ev('del', k) for k in keys]))


def test_multi_key_commands_across_shards(srv):
    a, b, d = keys_on_distinct_shards('xs', nshards(srv), 3)
    c, lst = events_of(
        srv, 'KEA',
        ('RENAME', a, b),
        ('COPY', b, a),
        ('DEL', b, a),
        ('RPUSH', a, 'x'), ('LMOVE', a, b, 'LEFT', 'RIGHT'),     # empties a
        ('SADD', a, 'm'), ('SMOVE', a, d, 'm'),                  # empties a
        ('SADD', a, 'm'), ('SINTERSTORE', b, a, d),              # overwrites the list b
        ('DEL', a), ('ZADD', a, '1', 'm'), ('ZUNIONSTORE', d, '1', a),   # overwrites the set d
        setup=[('SET', a, 'v')],
    )
    expect(lst, seq(
        ev('rename_from', a), ev('rename_to', b),
        ev('copy_to', a),
        ev('del', b), ev('del', a),
        ev('rpush', a), ev('rpush', b), ev('lpop', a), ev('del', a),
        ev('sadd', a), ev('srem', a), ev('del', a), ev('sadd', d),
        ev('sadd', a), ev('sinterstore', b),
        ev('del', a), ev('zadd', a), ev('zunionstore', d),
    ))


@timeout(60)
def test_writers_on_several_connections(srv):
    c = srv.raw()
    lst = listener(srv, '__keyspace@0__:*')
    nwriters, n = 4, 100

    def write(w):
        cl = srv.raw()
        for i in range(n):
            v = cl.cmd('SET', 'w%d:%03d' % (w, i), 'v')
            if v != 'OK':
                raise AssertionError('SET answered %r' % v)
        cl.close()

    with notify(c, 'K$'):
        errors = run_threads([(write, (w,)) for w in range(nwriters)], 30)
        eq(errors, [], 'writer errors')
        got = read_frames(lst, nwriters * n)
    channels = [v[2].decode() for v in got]
    ok(all(v[3] == b'set' for v in got), 'every event is set')
    for w in range(nwriters):
        mine = [ch for ch in channels if ch.startswith('__keyspace@0__:w%d:' % w)]
        eq(mine, ['__keyspace@0__:w%d:%03d' % (w, i) for i in range(n)],
           'writer %d events in its order' % w)
    nothing_more(lst)


def test_resp3_subscriber_gets_pushes(srv):
    c = srv.raw()
    lst = srv.raw()
    lst.cmd('HELLO', '3')
    subscribe(lst, 'PSUBSCRIBE', ALL_KEYS)
    with notify(c, 'KE$'):
        run(c, ('SET', 'k', 'v'))
    eq(lst.read_raw(), frame('pmessage', ALL_KEYS, '__keyspace@0__:k', 'set', resp3=True))
    eq(lst.read(), Push([b'pmessage', ALL_KEYS.encode(), b'__keyevent@0__:set', b'k']))
    nothing_more(lst)


def test_subscriber_not_in_notify_flags_sees_nothing_after_restore(srv):
    c = srv.raw()
    lst = listener(srv)
    with notify(c, 'KEA'):
        run(c, ('SET', 'k', 'v'))
    expect(lst, ev('set', 'k'))
    run(c, ('SET', 'k', 'w'), ('DEL', 'k'))
    nothing_more(lst)


@timeout(60)
def test_pipelined_writer_events_in_command_order(srv):
    # One connection pipelines SETs over keys on every shard: its events reach a subscriber in
    # the order of its commands, whichever shards ran them and in whatever order they finished.
    c = srv.raw()
    lst = listener(srv, '__keyspace@0__:*')
    w = srv.raw()
    n = 2000
    keys = ['pw:%04d' % i for i in range(n)]
    with notify(c, 'K$'):
        for start in range(0, n, 500):
            w.send(b''.join(encode_command('SET', k, 'v') for k in keys[start:start + 500]))
            for _ in range(500):
                eq(w.read_reply()[0], 'OK')
        got = read_frames(lst, n)
    eq([v[2].decode() for v in got], ['__keyspace@0__:' + k for k in keys],
       'events in the order of the commands')
    nothing_more(lst)
