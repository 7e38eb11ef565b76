# Clients that vanish at the worst moment of persistence: right after SAVE, BGSAVE, DEBUG RELOAD
# or a DUMP of a large value was sent (the reply is still being made, or is on its way), half
# with FIN and half with RST, while other clients move units between keys on different shards.
# Afterwards the server answers, counts one client, every transfer is whole in memory, and the
# set on disk, loaded again, holds whole transfers too.

import random
import threading

from harness import (eq, ok, own_server, tessera_only, timeout, wait_until, encode_command,
                     info_field, keys_on_distinct_shards, connect, hang_up)

ROUNDS = 60
TOTAL = 100000


def mover(port, a, b, stop, errors):
    """Moves units from a to b and back in MULTI blocks until stop is set."""
    from harness import RawClient
    c = RawClient(port)
    rng = random.Random(3)
    try:
        while not stop.is_set():
            n = rng.randrange(1, 10)
            src, dst = (a, b) if rng.random() < 0.5 else (b, a)
            eq(c.cmd('MULTI'), 'OK')
            c.cmd('DECRBY', src, n)
            c.cmd('INCRBY', dst, n)
            c.cmd('EXEC')
    except Exception as e:  # noqa: BLE001 - reported by the test
        errors.append(repr(e))
    finally:
        c.close()


@tessera_only
@own_server
@timeout(180)
def test_vanish_around_saves_and_dumps(srv):
    s = srv.start_server(extra_args=['--enable-debug-command', 'yes'])
    c = srv.raw(port=s.port)
    a, b = keys_on_distinct_shards('pv', 4, 2)
    eq(c.cmd('MSET', a, TOTAL, b, 0), 'OK')
    big = 'big'
    c.cmd('RPUSH', big, *[('x' * 100 + str(i)) for i in range(20000)])
    stop, errors = threading.Event(), []
    t = threading.Thread(target=mover, args=(s.port, a, b, stop, errors))
    t.start()
    rng = random.Random(11)
    try:
        for i in range(ROUNDS):
            sock = connect(s.port)
            kind = i % 4
            if kind == 0:
                cmd = ('SAVE',)
            elif kind == 1:
                cmd = ('BGSAVE',)
            elif kind == 2:
                cmd = ('DEBUG', 'RELOAD') if i % 8 == 2 else ('DUMP', big)
            else:
                cmd = ('DUMP', big)
            sock.sendall(encode_command(*cmd) + encode_command('GET', a))
            hang_up(sock, rst=rng.random() < 0.5)
    finally:
        stop.set()
        t.join()
    ok(not errors, 'the mover failed: %s' % errors)
    wait_until(lambda: info_field(c, 'persistence', 'rdb_bgsave_in_progress') == 0, 60,
               msg='the last BGSAVE ends')
    wait_until(lambda: info_field(c, 'clients', 'connected_clients') == 1, 15,
               msg='connected_clients back to 1')
    eq(int(c.cmd('GET', a)) + int(c.cmd('GET', b)), TOTAL, 'every transfer whole in memory')
    eq(c.cmd('SAVE'), 'OK')
    eq(c.cmd('DEBUG', 'RELOAD', 'NOSAVE'), 'OK')
    eq(int(c.cmd('GET', a)) + int(c.cmd('GET', b)), TOTAL, 'every transfer whole on disk')
    eq(c.cmd('LLEN', big), 20000)
