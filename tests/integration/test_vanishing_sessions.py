# Clients that vanish at the worst moment of the session features: in the middle of a MULTI block
# or right after EXEC over several shards, after WATCH before it reached its shard, while
# subscribed with messages on their way, while monitoring, and right after a PUBLISH that
# counts on other workers. Half hang up with FIN, half with RST. Afterwards the server must
# answer, count one client, have no subscription or monitor left, and keep every transfer whole.

import random
import socket
import threading
import time

from harness import (eq, ok, timeout, wait_until, encode_command, info_field,
                     keys_on_distinct_shards, nshards, connect, hang_up)

ROUNDS = 300


def send(sock, *commands):
    sock.sendall(b''.join(encode_command(*c) for c in commands))


def back_to_one_client(c, limit=15.0):
    wait_until(lambda: info_field(c, 'clients', 'connected_clients') == 1, limit,
               msg='connected_clients back to 1')
    eq(c.cmd('PING'), 'PONG')


@timeout(120)
def test_vanish_around_exec_keeps_transfers_whole(srv):
    a, b = keys_on_distinct_shards('vx', nshards(srv), 2)
    c = srv.raw()
    eq(c.cmd('MSET', a, 1000, b, 1000), 'OK')
    rng = random.Random(7)
    for i in range(ROUNDS):
        s = connect(srv.port)
        n = rng.randrange(1, 10)
        block = [('MULTI',), ('DECRBY', a, n), ('INCRBY', b, n)]
        where = i % 4
        if where == 0:
            send(s, *block)  # inside MULTI, no EXEC: nothing may apply
        elif where == 1:
            send(s, *block, ('EXEC',))  # EXEC sent, the reply never read
        elif where == 2:
            send(s, ('WATCH', a, b), *block, ('EXEC',))  # WATCH on its way to both shards
        else:
            send(s, ('WATCH', a), ('GET', a))  # watching, gone before MULTI
        hang_up(s, rst=i % 2 == 0)
    back_to_one_client(c)
    total = sum(int(v) for v in c.cmd('MGET', a, b))
    eq(total, 2000, 'every transfer whole or not at all')


@timeout(120)
def test_vanish_while_subscribed_and_monitoring(srv):
    chans = ['vch:%d' % i for i in range(8)]
    pub = srv.raw()
    stop = time.monotonic() + 4.0
    published = [0]

    def publisher():
        p = socket.create_connection(('127.0.0.1', srv.port), timeout=10)
        try:
            f = p.makefile('rb')
            i = 0
            while time.monotonic() < stop:
                p.sendall(b''.join(encode_command('PUBLISH', chans[(i + k) % 8], 'x' * 200)
                                   for k in range(16)))
                for _ in range(16):
                    f.readline()
                i += 16
                published[0] += 16
        finally:
            p.close()

    t = threading.Thread(target=publisher)
    t.start()
    rng = random.Random(11)
    i = 0
    try:
        while time.monotonic() < stop:
            s = connect(srv.port)
            kind = i % 4
            if kind == 0:
                send(s, ('SUBSCRIBE', *rng.sample(chans, 3)))
            elif kind == 1:
                send(s, ('PSUBSCRIBE', 'vch:*'), ('SSUBSCRIBE', 'vsh'))
            elif kind == 2:
                send(s, ('MONITOR',))
            else:
                send(s, ('HELLO', '3'), ('SUBSCRIBE', chans[0]), ('PUBLISH', chans[1], 'p'))
            time.sleep(rng.random() * 0.02)  # messages on their way to it
            hang_up(s, rst=i % 2 == 0)
            i += 1
    finally:
        t.join()
    ok(published[0] > 0, 'the publisher published')
    back_to_one_client(pub)
    eq(pub.cmd('PUBSUB', 'NUMPAT'), 0)
    eq(pub.cmd('PUBSUB', 'CHANNELS'), [])
    eq(pub.cmd('PUBSUB', 'SHARDCHANNELS'), [])
    eq(pub.cmd('PUBLISH', chans[0], 'nobody'), 0)
    # a monitor that comes now sees commands, so the gone ones were dropped cleanly
    m = srv.raw()
    eq(m.cmd('MONITOR'), 'OK')
    eq(pub.cmd('SET', 'after', '1'), 'OK')
    line = m.read()
    ok('"SET" "after" "1"' in line, 'monitor line: %r' % (line,))


MOVE_SCRIPT = ("local n = tonumber(ARGV[1]) "
               "redis.call('decrby', KEYS[1], n) "
               "redis.call('incrby', ARGV[2], n) "  # undeclared: the script runs again
               "return n")


@timeout(120)
def test_vanish_while_a_script_runs_again_keeps_transfers_whole(srv):
    """A script moving a count to a key it did not declare (on another shard, so it is undone
    and runs again holding both): its client vanishes right after sending it, or after a
    second command behind it. Every move applies once or not at all."""
    a, b = keys_on_distinct_shards('vs', nshards(srv), 2)
    c = srv.raw()
    eq(c.cmd('MSET', a, 1000, b, 1000), 'OK')
    sha = c.cmd('SCRIPT', 'LOAD', MOVE_SCRIPT).decode()
    rng = random.Random(11)
    for i in range(ROUNDS):
        s = connect(srv.port)
        n = rng.randrange(1, 10)
        if i % 3 == 0:
            send(s, ('EVAL', MOVE_SCRIPT, 1, a, n, b))
        elif i % 3 == 1:
            send(s, ('EVALSHA', sha, 1, a, n, b), ('GET', a))
        else:
            send(s, ('EVALSHA', sha, 1, b, n, a), ('EVAL', MOVE_SCRIPT, 1, a, n, b))
        hang_up(s, rst=(i % 2 == 0))
    back_to_one_client(c)
    eq(int(c.cmd('GET', a)) + int(c.cmd('GET', b)), 2000, 'the sum after vanished scripts')
