# Blocking pops over TCP (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP): served
# at once when a key has data, woken by a push from another connection on any shard, FIFO among
# the clients blocked on a key, timeouts (fractional, RESP2 and RESP3 null arrays), disconnects
# while blocked, cross-shard BLMOVE, and many producers and consumers handing over every element
# exactly once. Run by run.py against the shared server (4 shards).

import threading
import time

from harness import encode_command, eq, keys_on_distinct_shards, ok, timeout, wait_until
from harness import WRONGTYPE


def blocked_clients(r):
    for line in r.cmd('INFO', 'clients').decode().split('\r\n'):
        if line.startswith('blocked_clients:'):
            return int(line.split(':')[1])
    return -1


def block(srv, *args):
    """A client that sent a blocking command; the caller reads its reply later."""
    c = srv.raw()
    c.send(encode_command(*args))
    return c


def wait_blocked(r, n):
    wait_until(lambda: blocked_clients(r) == n, msg='%d blocked clients' % n)


def test_served_at_once_when_there_is_data(srv):
    r = srv.raw()
    r.cmd('RPUSH', 'l', 'a', 'b', 'c')
    eq(r.cmd('BLPOP', 'nokey', 'l', '0'), [b'l', b'a'])
    eq(r.cmd('BRPOP', 'l', '0'), [b'l', b'c'])
    r.cmd('RPUSH', 'src', '1', '2')
    eq(r.cmd('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0'), b'1')
    eq(r.cmd('BRPOPLPUSH', 'src', 'dst', '0'), b'2')
    eq(r.cmd('LRANGE', 'dst', '0', '-1'), [b'2', b'1'])
    eq(r.cmd('EXISTS', 'src'), 0, 'the emptied list is gone')
    r.cmd('RPUSH', 'm', 'x', 'y', 'z')
    eq(r.cmd('BLMPOP', '0', '2', 'nokey', 'm', 'RIGHT', 'COUNT', '2'), [b'm', [b'z', b'y']])
    r.cmd('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')
    eq(r.cmd('BZPOPMIN', 'z', '0'), [b'z', b'a', b'1'])
    eq(r.cmd('BZPOPMAX', 'nokey', 'z', '0'), [b'z', b'c', b'3'])
    eq(r.cmd('BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '5'), [b'z', [[b'b', b'2']]])
    r.cmd('HELLO', '3')
    r.cmd('ZADD', 'z3', '1.5', 'm')
    eq(r.cmd_raw('BZPOPMIN', 'z3', '0'), b'*3\r\n$2\r\nz3\r\n$1\r\nm\r\n,1.5\r\n')


def test_timeouts(srv):
    r = srv.raw()
    for args, raw in ((('BLPOP', 'e1', 'e2', '0.1'), b'*-1\r\n'),
                      (('BRPOP', 'e1', '0.05'), b'*-1\r\n'),
                      (('BLMOVE', 'e1', 'e2', 'LEFT', 'LEFT', '0.1'), b'*-1\r\n'),
                      (('BRPOPLPUSH', 'e1', 'e2', '0.1'), b'*-1\r\n'),
                      (('BLMPOP', '0.1', '1', 'e1', 'LEFT'), b'*-1\r\n'),
                      (('BZPOPMIN', 'e1', '0.1'), b'*-1\r\n'),
                      (('BZMPOP', '0.1', '2', 'e1', 'e2', 'MAX'), b'*-1\r\n')):
        start = time.monotonic()
        eq(r.cmd_raw(*args), raw, args[0])
        took = time.monotonic() - start
        ok(0.04 <= took < 2.0, '%s took %.3f s' % (args[0], took))
    r.cmd('HELLO', '3')
    eq(r.cmd_raw('BLPOP', 'e1', '0.01'), b'_\r\n')
    eq(r.cmd_raw('BLMOVE', 'e1', 'e2', 'LEFT', 'LEFT', '0.01'), b'_\r\n')
    eq(blocked_clients(r), 0)
    eq(r.cmd('PING'), 'PONG', 'the connection carries on')


# Every form of a timeout argument and what Redis 7.0.15 makes of it (checked against
# redis-server 7.0.15 byte for byte): seconds as a long double, times 1000, rounded up to whole
# milliseconds; 0 waits forever; a product past the 64-bit range reads as negative.
TIMEOUTS_OF_ONE_MS_OR_SO = ('0.0001', '+0.0001', '1e-320', '1e-400', '.5e-3', '0.0005', '0.001',
                            '0.0015', '0x0.01p0', '0X0.01P0', '0x1p-30')
TIMEOUTS_FOREVER = ('0', '0.0', '-0', '-0.0', '+0', '-0.0001', '-1e-320', '0x0',
                    '9223372036854775', '9223372036854775.807')
TIMEOUTS_NEGATIVE = ('-1', '-0.5', '-1.5', 'inf', '+inf', '-inf', 'infinity', 'INF', '1e300',
                     '9223372036854775807', '9223372036854775808', '18446744073709551615')
TIMEOUTS_NOT_A_FLOAT = ('nan', '-nan', 'NaN', '1e5000', '-1e5000', '', ' ', ' 1', '1 ', '0.5 ',
                        'abc', '1e', '1e-320x', '1_0', '0x', '1,5')


def blocking_forms(t):
    """Every blocking command with timeout t, on keys that stay empty."""
    return (('BLPOP', 'te1', 'te2', t), ('BRPOP', 'te1', t), ('BZPOPMIN', 'te1', t),
            ('BZPOPMAX', 'te2', 'te1', t), ('BLMOVE', 'te1', 'te2', 'LEFT', 'RIGHT', t),
            ('BRPOPLPUSH', 'te1', 'te2', t), ('BLMPOP', t, '1', 'te1', 'LEFT'),
            ('BZMPOP', t, '2', 'te1', 'te2', 'MIN'))


def test_timeout_forms_as_redis_reads_them(srv):
    r = srv.raw()
    for t in TIMEOUTS_OF_ONE_MS_OR_SO:
        forms = blocking_forms(t) if t in ('0.0001', '1e-320') else blocking_forms(t)[:1]
        for args in forms:
            start = time.monotonic()
            eq(r.cmd_raw(*args), b'*-1\r\n', '%s with timeout %r' % (args[0], t))
            took = time.monotonic() - start
            ok(took < 1.5, '%s with timeout %r took %.3f s: under 1 ms is 1 ms, not forever'
               % (args[0], t, took))
    for t in TIMEOUTS_NEGATIVE:
        for args in blocking_forms(t):
            eq(r.cmd_raw(*args), b'-ERR timeout is negative\r\n', '%s %r' % (args[0], t))
    for t in TIMEOUTS_NOT_A_FLOAT:
        for args in blocking_forms(t):
            eq(r.cmd_raw(*args), b'-ERR timeout is not a float or out of range\r\n',
               '%s %r' % (args[0], t))

    # Forever: still blocked a while later, then served by a push.
    waiters = []
    for i, t in enumerate(TIMEOUTS_FOREVER):
        key = 'tf%d' % i
        cmd = ('BLPOP', key, t) if i % 2 == 0 else ('BZPOPMAX', key, t)
        waiters.append((key, cmd, block(srv, *cmd)))
    wait_blocked(r, len(waiters))
    time.sleep(0.5)
    eq(blocked_clients(r), len(waiters), 'a zero or rounded-to-zero timeout waits forever')
    for key, cmd, w in waiters:
        eq(w.pending(), b'', '%s %r answered early' % cmd[::2])
        if cmd[0] == 'BLPOP':
            r.cmd('RPUSH', key, 'v')
            eq(w.read_raw(), b'*2\r\n$%d\r\n%s\r\n$1\r\nv\r\n' % (len(key), key.encode()))
        else:
            r.cmd('ZADD', key, '1', 'm')
            eq(w.read_raw(), b'*3\r\n$%d\r\n%s\r\n$1\r\nm\r\n$1\r\n1\r\n'
               % (len(key), key.encode()))
    eq(blocked_clients(r), 0)
    eq(r.cmd('PING'), 'PONG')


def test_wake_from_another_connection_on_any_shard(srv):
    keys = keys_on_distinct_shards('wk', 4, 4)
    r = srv.raw()
    waiter = block(srv, 'BLPOP', *keys, '0')
    wait_blocked(r, 1)
    eq(r.cmd('RPUSH', keys[3], 'hello'), 1)
    eq(waiter.read(), [keys[3].encode(), b'hello'])
    eq(r.cmd('EXISTS', keys[3]), 0, 'the element went to the waiter')
    waiter = block(srv, 'BZPOPMAX', keys[1], keys[2], '5')
    wait_blocked(r, 1)
    r.cmd('ZADD', keys[2], '7', 'seven', '3', 'three')
    eq(waiter.read(), [keys[2].encode(), b'seven', b'7'])
    eq(r.cmd('ZCARD', keys[2]), 1)
    waiter = block(srv, 'BLMPOP', '0', '2', keys[0], keys[1], 'LEFT', 'COUNT', '10')
    wait_blocked(r, 1)
    r.cmd('RPUSH', keys[1], 'a', 'b')
    eq(waiter.read(), [keys[1].encode(), [b'a', b'b']])
    eq(blocked_clients(r), 0)


def test_fifo_among_blocked_clients(srv):
    r = srv.raw()
    waiters = []
    for i in range(3):
        waiters.append(block(srv, 'BLPOP', 'q', '0'))
        wait_blocked(r, i + 1)
    r.cmd('RPUSH', 'q', 'first')
    eq(waiters[0].read(), [b'q', b'first'], 'the longest waiting is served first')
    r.cmd('RPUSH', 'q', 'second', 'third')
    eq(waiters[1].read(), [b'q', b'second'])
    eq(waiters[2].read(), [b'q', b'third'])
    eq(r.cmd('EXISTS', 'q'), 0)


def test_disconnect_while_blocked(srv):
    r = srv.raw()
    gone = block(srv, 'BLPOP', 'dq', '0')
    wait_blocked(r, 1)
    gone.close()
    wait_blocked(r, 0)
    stays = block(srv, 'BRPOP', 'dq', '0')
    wait_blocked(r, 1)
    r.cmd('RPUSH', 'dq', 'x')
    eq(stays.read(), [b'dq', b'x'], 'the element goes to the client still there')
    gone = block(srv, 'BLPOP', 'dq2', '0')
    wait_blocked(r, 1)
    gone.close()
    wait_blocked(r, 0)
    r.cmd('RPUSH', 'dq2', 'kept')
    eq(r.cmd('LRANGE', 'dq2', '0', '-1'), [b'kept'], 'nothing is lost to a closed client')


def test_blmove_across_shards(srv):
    src, dst = keys_on_distinct_shards('mv', 4, 2)
    r = srv.raw()
    waiter = block(srv, 'BLMOVE', src, dst, 'RIGHT', 'LEFT', '0')
    wait_blocked(r, 1)
    r.cmd('RPUSH', src, 'a', 'b')
    eq(waiter.read(), b'b')
    eq(r.cmd('LRANGE', src, '0', '-1'), [b'a'])
    eq(r.cmd('LRANGE', dst, '0', '-1'), [b'b'])
    waiter = block(srv, 'BRPOPLPUSH', 'nothing' + src, dst, '0')
    wait_blocked(r, 1)
    r.cmd('LPUSH', 'nothing' + src, 'c')
    eq(waiter.read(), b'c')
    eq(r.cmd('LRANGE', dst, '0', '-1'), [b'c', b'b'])


def test_a_served_move_wakes_the_destination_waiters(srv):
    a, b = keys_on_distinct_shards('ch', 4, 2)
    r = srv.raw()
    end = block(srv, 'BLPOP', b, '0')
    wait_blocked(r, 1)
    mover = block(srv, 'BLMOVE', a, b, 'LEFT', 'RIGHT', '0')
    wait_blocked(r, 2)
    r.cmd('RPUSH', a, 'token')
    eq(mover.read(), b'token')
    eq(end.read(), [b.encode(), b'token'], 'the moved element reached the next waiter')
    eq(r.cmd('EXISTS', a, b), 0)


def test_a_blocked_client_holds_up_nobody(srv):
    r = srv.raw()
    waiters = [block(srv, 'BLPOP', 'idle%d' % i, '0') for i in range(8)]
    wait_blocked(r, 8)
    for i in range(50):
        eq(r.cmd('SET', 'k%d' % i, 'v'), 'OK')
    eq(r.cmd('DBSIZE'), 50)
    for w in waiters:
        w.close()
    wait_blocked(r, 0)


def test_a_key_of_another_type_does_not_serve(srv):
    r = srv.raw()
    waiter = block(srv, 'BLPOP', 'tk', '0')
    wait_blocked(r, 1)
    r.cmd('SET', 'tk', 'string')
    r.cmd('DEL', 'tk')
    r.cmd('ZADD', 'tk', '1', 'm')
    eq(blocked_clients(r), 1, 'still waiting for a list')
    r.cmd('DEL', 'tk')
    r.cmd('RPUSH', 'tk', 'at last')
    eq(waiter.read(), [b'tk', b'at last'])


def test_errors(srv):
    r = srv.raw()
    for t in ('x', 'nan', '1e', ''):
        eq(r.cmd('BLPOP', 'l', t), 'ERR timeout is not a float or out of range')
    eq(r.cmd('BLPOP', 'l', '-1'), 'ERR timeout is negative')
    eq(r.cmd('BLPOP', 'l', 'inf'), 'ERR timeout is negative', 'Redis 7.0 says so')
    eq(r.cmd('BLPOP', 'l', '1e300'), 'ERR timeout is negative')
    eq(r.cmd('BLPOP', 'l', '-inf'), 'ERR timeout is negative')
    eq(r.cmd('BZPOPMIN', 'l', '-0.5'), 'ERR timeout is negative')
    eq(r.cmd('BLMOVE', 'a', 'b', 'UP', 'LEFT', '0'), 'ERR syntax error')
    eq(r.cmd('BLMOVE', 'a', 'b', 'LEFT', 'LEFT', 'x'),
       'ERR timeout is not a float or out of range')
    eq(r.cmd('BLMPOP', '0', '0', 'l', 'LEFT'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('BLMPOP', '0', 'x', 'l', 'LEFT'), 'ERR numkeys should be greater than 0')
    eq(r.cmd('BLMPOP', '0', '3', 'l', 'LEFT'), 'ERR syntax error')
    eq(r.cmd('BLMPOP', '0', '1', 'l', 'UP'), 'ERR syntax error')
    eq(r.cmd('BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '0'), 'ERR count should be greater than 0')
    eq(r.cmd('BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '1', 'COUNT', '2'), 'ERR syntax error')
    eq(r.cmd('BLMPOP', 'x', '1', 'l', 'LEFT'), 'ERR timeout is not a float or out of range')
    eq(r.cmd('BZMPOP', '0', '1', 'z', 'LEFT'), 'ERR syntax error')
    eq(r.cmd('BLPOP', 'l'), "ERR wrong number of arguments for 'blpop' command")
    eq(r.cmd('BLMPOP', '0', '1', 'l'), "ERR wrong number of arguments for 'blmpop' command")
    r.cmd('SET', 's', 'x')
    eq(r.cmd('BLPOP', 'nokey', 's', '0'), WRONGTYPE)
    eq(r.cmd('BZPOPMIN', 's', '0'), WRONGTYPE)
    eq(r.cmd('BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0'), WRONGTYPE)
    eq(r.cmd('BLMPOP', '0', '1', 's', 'LEFT'), WRONGTYPE)
    r.cmd('RPUSH', 'l', 'v')
    eq(r.cmd('BLMOVE', 'l', 's', 'LEFT', 'LEFT', '0'), WRONGTYPE)
    eq(r.cmd('LLEN', 'l'), 1, 'nothing moved')
    eq(r.cmd('PING'), 'PONG')


@timeout(120)
def test_producers_and_consumers_hand_over_each_element_once(srv):
    queues = keys_on_distinct_shards('pc', 4, 3)
    per_producer, producers, consumers = 300, 3, 4
    got, errors = [], []
    lock = threading.Lock()
    stop = threading.Event()

    def consume():
        c = srv.raw(timeout=30)
        try:
            while not stop.is_set():
                v = c.cmd('BLPOP', *queues, '0.2')
                if v is not None:
                    with lock:
                        got.append(v[1])
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    def produce(p):
        c = srv.raw(timeout=30)
        try:
            for i in range(per_producer):
                c.cmd('RPUSH', queues[i % len(queues)], 'p%d-%d' % (p, i))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    cs = [threading.Thread(target=consume) for _ in range(consumers)]
    ps = [threading.Thread(target=produce, args=(p,)) for p in range(producers)]
    for t in cs + ps:
        t.start()
    for t in ps:
        t.join(60)
    r = srv.raw()
    wait_until(lambda: len(got) == producers * per_producer, limit=60,
               msg='every element consumed')
    stop.set()
    for t in cs:
        t.join(10)
    eq(errors, [], 'client errors')
    eq(len(got), len(set(got)), 'no element twice')
    eq(sorted(got), sorted(('p%d-%d' % (p, i)).encode()
                           for p in range(producers) for i in range(per_producer)))
    eq(r.cmd('EXISTS', *queues), 0, 'nothing left behind')


def test_client_list_flags_a_blocked_client(srv):
    r = srv.raw()
    r.cmd('CLIENT', 'SETNAME', 'watcher')
    waiter = block(srv, 'BLPOP', 'fq', '0')
    wait_blocked(r, 1)
    lines = r.cmd('CLIENT', 'LIST').decode().splitlines()
    flags = sorted(field.split('=')[1] for line in lines for field in line.split()
                   if field.startswith('flags='))
    eq(flags, ['N', 'b'], 'the blocked client shows flag b')
    r.cmd('RPUSH', 'fq', 'x')
    eq(waiter.read(), [b'fq', b'x'])
