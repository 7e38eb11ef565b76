# A script past busy-reply-threshold on Tessera's workers (issue 13): the clients of the script's
# worker and the work for the shards it holds are answered BUSY, the other shards keep serving,
# SCRIPT KILL from any client stops a read-only script (UNKILLABLE once it wrote), SHUTDOWN NOSAVE
# ends the server, and clients that vanish or pipeline meanwhile are served in order. Tessera-only:
# which worker a connection lands on is Tessera's notion.

import socket
import threading
import time

from harness import (RawClient, eq, ok, is_error, tessera_only, timeout, own_server, connect,
                     hang_up, encode_command, key_shard, nshards, wait_until)

BUSY = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'
UNKILLABLE = 'UNKILLABLE Sorry the script already executed write commands against the dataset.'
LOOP = 'local i = 0 while true do i = i + 1 end'


def key_on(shard, n, prefix='bk'):
    i = 0
    while key_shard('%s%d' % (prefix, i), n) != shard:
        i += 1
    return '%s%d' % (prefix, i)


def setup(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'SET', 'busy-reply-threshold', '100'), 'OK')
    return c


def restore(c):
    c.cmd('CONFIG', 'SET', 'busy-reply-threshold', '5000')


def run_busy(runner, *args):
    """Sends EVAL args from runner on a thread of its own; returns (thread, result), where
    result['r'] gets the reply once the script ends."""
    result = {}
    t = threading.Thread(target=lambda: result.setdefault('r', runner.cmd('EVAL', *args)),
                         daemon=True)
    t.start()
    return t, result


def split_clients(clients):
    """(clients of the busy worker, the others): only the busy worker's answer PING with BUSY."""
    answers = [k.cmd('PING') for k in clients]
    for a in answers:
        ok(a == 'PONG' or a == BUSY, 'PING answered %r' % (a,))
    return ([k for k, a in zip(clients, answers) if a != 'PONG'],
            [k for k, a in zip(clients, answers) if a == 'PONG'])


@tessera_only
@timeout(60)
def test_busy_worker_and_held_shard_get_busy_other_shards_serve(srv):
    c = setup(srv)
    n = nshards(srv)
    keys = [key_on(s, n) for s in range(n)]
    for k in keys:
        eq(c.cmd('SET', k, 'v'), 'OK')
    clients = [srv.raw() for _ in range(32)]
    runner = srv.raw(timeout=30)
    t, result = run_busy(runner, LOOP, 0)
    # a script without keys holds its own worker's shard: exactly that shard answers BUSY
    on_busy, others = split_when_busy(clients)
    ok(on_busy and others, 'clients on the busy worker and on others (%d, %d)'
       % (len(on_busy), len(others)))
    answers = [others[0].cmd('GET', k) for k in keys]
    eq(sum(1 for a in answers if a == BUSY), 1, 'one shard (the script\'s) is busy: %r' % answers)
    eq(sum(1 for a in answers if a == b'v'), n - 1, 'the other shards serve')
    held = answers.index(BUSY)
    # a pipeline from a client of another worker: answers in order, BUSY only for the held shard
    free = keys[(held + 1) % n]
    o = others[-1]
    o.send(b''.join(encode_command(*a) for a in
                    [('SET', free, 'w'), ('GET', keys[held]), ('GET', free), ('PING',),
                     ('MGET', free, free)]))
    eq([o.read_reply()[0] for _ in range(5)], ['OK', BUSY, b'w', 'PONG', [b'w', b'w']])
    # a pipeline from a client of the busy worker: every command BUSY, in order, SCRIPT KILL runs
    b = on_busy[0]
    b.send(b''.join(encode_command(*a) for a in
                    [('GET', free), ('SET', 'x', 1), ('PING',), ('MULTI',), ('GET', free),
                     ('EXEC',)]))
    got = [b.read_reply()[0] for _ in range(6)]
    eq(got[:3], [BUSY] * 3)
    eq(got[3], 'OK')
    eq(got[4], BUSY)
    ok(got[5].startswith('EXECABORT'), 'EXEC after a refused command aborts: %r' % (got[5],))
    # a partial command sent now is completed after the script
    b.send(b'*2\r\n$3\r\nGET\r\n$' + str(len(free)).encode() + b'\r\n' + free[:2].encode())
    # SCRIPT KILL from a third client (another worker's)
    eq(others[1].cmd('SCRIPT', 'KILL'), 'OK')
    t.join(10)
    ok(not t.is_alive(), 'the script ended')
    ok(str(result['r']).startswith('ERR Script killed by user with SCRIPT KILL... script: '),
       'the script\'s client is told: %r' % (result.get('r'),))
    b.send(free[2:].encode() + b'\r\n')
    eq(b.read_reply()[0], b'w')
    eq(c.cmd('SCRIPT', 'KILL'), 'NOTBUSY No scripts in execution right now.')
    for k in clients:
        eq(k.cmd('PING'), 'PONG')
    restore(c)


def split_when_busy(clients, limit=5.0):
    """split_clients once the script is busy: a client of its worker answered BUSY (before, the
    worker answered PONG until the script started, then nothing until it turned busy)."""
    deadline = time.time() + limit
    while not split_clients(clients)[0]:
        ok(time.time() < deadline, 'the script turned busy')
        time.sleep(0.05)
    return split_clients(clients)


def find_worker_client(srv, clients, runner):
    """Runs a key-less busy script from runner, returns the shard of runner's worker (the one
    whose key answers BUSY), then kills it."""
    n = nshards(srv)
    keys = [key_on(s, n, 'fw') for s in range(n)]
    t, result = run_busy(runner, LOOP, 0)
    on_busy, others = split_when_busy(clients)
    ok(others, 'a client on another worker')
    answers = [others[0].cmd('GET', k) for k in keys]
    eq(answers.count(BUSY), 1, 'one busy shard: %r' % answers)
    eq(others[0].cmd('SCRIPT', 'KILL'), 'OK')
    t.join(10)
    return answers.index(BUSY), others


@tessera_only
@timeout(60)
def test_script_holding_another_workers_shard_answers_its_waiting_work_busy(srv):
    c = setup(srv)
    n = nshards(srv)
    clients = [srv.raw() for _ in range(24)]
    runner = srv.raw(timeout=30)
    home, others = find_worker_client(srv, clients, runner)
    held = (home + 1) % n
    hk = key_on(held, n, 'hk')
    mine = key_on(home, n, 'mk')
    free = [key_on(s, n, 'fk') for s in range(n) if s not in (home, held)]
    eq(c.cmd('SET', hk, 'old'), 'OK')
    # a script on runner's worker holding another worker's shard, read-only: killable (it
    # declares a key of its own worker's shard too, so it runs there as a transaction)
    body = "redis.call('GET', KEYS[1]) local i = 0 while true do i = i + 1 end"
    t, result = run_busy(runner, body, 2, hk, mine)
    wait_until(lambda: others[0].cmd('GET', hk) == BUSY, 5, msg='the held shard answers BUSY')
    # work queued for the held shard before and after it turned busy gets BUSY, not a hang
    o = others[-1]
    o.send(b''.join(encode_command(*a) for a in
                    [('GET', hk), ('SET', free[0], 1), ('INCR', hk), ('GET', free[0])]))
    eq([o.read_reply()[0] for _ in range(4)], [BUSY, 'OK', BUSY, b'1'])
    eq(others[1].cmd('SCRIPT', 'KILL'), 'OK')
    t.join(10)
    ok(str(result['r']).startswith('ERR Script killed by user'), repr(result.get('r')))
    eq(c.cmd('GET', hk), b'old')
    restore(c)


@tessera_only
@timeout(60)
def test_one_key_script_runs_busy_on_its_keys_worker(srv):
    """A script whose one declared key is on another worker's shard runs on that worker: while
    it is busy, that worker's clients get BUSY; the runner's worker and the rest serve."""
    c = setup(srv)
    n = nshards(srv)
    clients = [srv.raw() for _ in range(24)]
    runner = srv.raw(timeout=30)
    home, others = find_worker_client(srv, clients, runner)
    away = (home + 1) % n
    ak, mine = key_on(away, n, 'ak'), key_on(home, n, 'mk')
    eq(c.cmd('MSET', ak, 'old', mine, 'mine'), 'OK')
    body = "redis.call('GET', KEYS[1]) local i = 0 while true do i = i + 1 end"
    t, result = run_busy(runner, body, 1, ak)
    wait_until(lambda: others[0].cmd('GET', ak) == BUSY, 5, msg='the key\'s shard answers BUSY')
    on_busy, serving = split_clients(clients)
    ok(on_busy, 'clients of the worker running the script get BUSY')
    ok(serving, 'clients of the other workers are served')
    for k in serving:
        eq(k.cmd('GET', mine), b'mine', 'the runner\'s own worker serves its shard')
    eq(serving[0].cmd('SCRIPT', 'KILL'), 'OK')
    t.join(10)
    ok(str(result['r']).startswith('ERR Script killed by user'), repr(result.get('r')))
    eq(on_busy[0].cmd('GET', ak), b'old')
    restore(c)


@tessera_only
@own_server
@timeout(60)
def test_script_that_wrote_is_unkillable_vanishing_clients_shutdown_nosave(srv):
    server = srv.start_server(['--busy-reply-threshold', '100'], threads=4)
    c = srv.raw(port=server.port)
    runner = srv.raw(port=server.port, timeout=30)
    result = {}
    body = "redis.call('SET', KEYS[1], 'x') local i = 0 while true do i = i + 1 end"

    def run():
        try:
            result['r'] = runner.cmd('EVAL', body, 1, 'uk')
        except Exception as e:  # the server ends under it: the connection closes
            result['r'] = e
    t = threading.Thread(target=run, daemon=True)
    t.start()
    wait_until(lambda: c.cmd('SCRIPT', 'KILL').startswith('UNKILLABLE'), 5,
               msg='SCRIPT KILL answers UNKILLABLE')
    ok(c.cmd('SCRIPT', 'KILL').startswith(UNKILLABLE), 'UNKILLABLE text')
    # clients connect, send halves and pipelines, and vanish (FIN and RST) while it is busy
    for i in range(40):
        s = connect(server.port)
        s.sendall(encode_command('SET', 'uk', 'y') * 3 + b'*2\r\n$3\r\nGET\r\n$2\r\nu')
        if i % 3 == 0:
            time.sleep(0.01)
        hang_up(s, rst=i % 2 == 0)
    # SHUTDOWN without NOSAVE is refused BUSY (from whichever worker); with NOSAVE it ends all
    s = connect(server.port)
    s.settimeout(5)
    s.sendall(encode_command('SHUTDOWN'))
    data = b''
    while not data.endswith(b'\r\n'):
        data += s.recv(1000)
    eq(data.decode().strip(), '-' + BUSY, 'SHUTDOWN without NOSAVE refused')
    s.sendall(encode_command('SHUTDOWN', 'NOSAVE'))
    t.join(10)
    ok(not t.is_alive(), 'the script ended with the server')
    ok(server.wait_exit(10) is not None, 'the server exited')
    eq(server.sanitizer_findings(), None, 'sanitizer findings')
