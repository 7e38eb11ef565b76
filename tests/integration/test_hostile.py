# Clients an attacker or bad luck sends: hang-ups with replies pending, many large writes at
# once, descriptors running out, huge announced bulks, clients that never read their replies
# (client-output-buffer-limit, maxmemory-clients) and requests bigger than the query buffer
# limit. Each test ends with the server answering and its client count back where it was. Run
# by run.py.

import os
import resource
import select
import socket
import threading
import time

from harness import eq, ok, is_error, tessera_only, own_server, timeout, wait_until
from harness import encode_command, info_field, RawClient, connect, hang_up

MB = 1024 * 1024


def connected_clients(c):
    return info_field(c, 'clients', 'connected_clients')


def clients_back_to_one(c, limit=10.0):
    """Waits until c is the only client left, then checks that it is served."""
    wait_until(lambda: connected_clients(c) == 1, limit, msg='connected_clients back to 1')
    eq(c.cmd('PING'), 'PONG')


@timeout(120)
def test_hangup_with_big_replies_pending(srv):
    # The GETs read before each hang-up still run, and those run on the client's own worker
    # build their 4 MB: on a sanitized build, where every such buffer is fresh memory, the 400
    # of them take several seconds on a VM with dear page faults. The bound is for liveness.
    c = srv.raw(timeout=30)
    eq(c.cmd('SET', 'bigv', b'v' * MB), 'OK')
    request = encode_command('GET', 'bigv') * 4
    for i in range(400):
        s = connect(srv.port)
        s.sendall(request)
        hang_up(s, rst=(i % 2 == 1))
    clients_back_to_one(c, limit=30.0)
    eq(len(c.cmd('GET', 'bigv')), MB)


@own_server
@timeout(120)
def test_unauthenticated_pings_then_hangup(srv):
    s = srv.start_server(['--requirepass', 'secret'])
    burst = b'PING\r\n' * 50000
    for i in range(12):
        sock = connect(s.port)
        try:
            sock.sendall(burst)
        except OSError:
            pass  # the server may already have closed it
        hang_up(sock, rst=(i % 2 == 1))
    c = srv.raw(port=s.port)
    is_error(c.cmd('PING'), 'NOAUTH Authentication required.')
    eq(c.cmd('AUTH', 'secret'), 'OK')
    wait_until(lambda: connected_clients(c) == 1, 10, msg='connected_clients back to 1')


@timeout(120)
def test_concurrent_big_sets_all_answered(srv):
    n = 200
    value = b'x' * MB
    socks = [connect(srv.port) for _ in range(n)]
    requests = [encode_command('SET', 'big:%d' % i, value) for i in range(n)]
    start = threading.Barrier(n)
    answers = [None] * n

    def one(i):
        s = socks[i]
        start.wait()
        s.sendall(requests[i])
        buf = b''
        while not buf.endswith(b'\r\n'):
            chunk = s.recv(64)
            if not chunk:
                break
            buf += chunk
        answers[i] = buf

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    eq(sum(1 for a in answers if a == b'+OK\r\n'), n, 'clients answered +OK')
    for s in socks:
        s.close()
    c = srv.raw()
    clients_back_to_one(c)
    eq(c.cmd('STRLEN', 'big:%d' % (n - 1)), MB)


def _limited_nobody():
    # 256 descriptors; as nobody, the server cannot raise its hard limit as root could.
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    os.setgid(65534)
    os.setuid(65534)


@own_server
@tessera_only
@timeout(60)
def test_descriptor_limit_lowers_maxclients(srv):
    from harness import Server
    server = Server(srv.options.server, threads=2, preexec_fn=_limited_nobody)
    os.chmod(server.dir, 0o777)
    srv._servers.append(server)
    env_limit = 256
    server.start()
    c = RawClient(server.port)
    srv.track(c)
    maxclients = int(c.cmd('CONFIG', 'GET', 'maxclients')[1])
    ok(0 < maxclients < env_limit, 'maxclients lowered to fit 256 descriptors: %d' % maxclients)
    ok('maxclients has been reduced' in server.log_text(), 'the reduction is logged')
    # Asking for more than the limit allows is refused, as Redis refuses it.
    is_error(c.cmd('CONFIG', 'SET', 'maxclients', '1000'),
             "ERR CONFIG SET failed (possibly related to argument 'maxclients') - The operating "
             "system is not able to handle the specified number of clients, try with %d"
             % maxclients)
    eq(int(c.cmd('CONFIG', 'GET', 'maxclients')[1]), maxclients, 'maxclients unchanged')
    socks, refused = [], 0
    for _ in range(300):
        s = connect(server.port)
        socks.append(s)
    # Workers accept in their own order: any 300 - (maxclients - 1) of them are the refused.
    deadline = time.monotonic() + 10
    pending = list(socks)
    while pending and refused < 300 - (maxclients - 1) and time.monotonic() < deadline:
        readable, _, _ = select.select(pending, [], [], 0.5)
        for s in readable:
            pending.remove(s)
            if s.recv(100).startswith(b'-ERR max number of clients reached'):
                refused += 1
    eq(refused, 300 - (maxclients - 1), 'connections past maxclients refused with the error')
    # The server is not spinning while it refuses: a second of CPU time is mostly idle.
    with open('/proc/%d/stat' % server.proc.pid) as f:
        before = sum(int(x) for x in f.read().split()[13:15])
    time.sleep(1.0)
    with open('/proc/%d/stat' % server.proc.pid) as f:
        after = sum(int(x) for x in f.read().split()[13:15])
    ok(after - before < os.sysconf('SC_CLK_TCK') // 2,
       'server idle while full (%d ticks in 1 s)' % (after - before))
    for s in socks:
        s.close()
    wait_until(lambda: connected_clients(c) == 1, 10, msg='connected_clients back to 1')
    c2 = RawClient(server.port)
    srv.track(c2)
    eq(c2.cmd('PING'), 'PONG')


@tessera_only
def test_huge_announced_bulk_does_not_allocate(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'SET', 'proto-max-bulk-len', str(2 ** 62)), 'OK')
    eq(c.cmd('CONFIG', 'SET', 'client-query-buffer-limit', str(2 ** 62)), 'OK')
    try:
        s = connect(srv.port)
        s.sendall(b'*2\r\n$3\r\nGET\r\n$%d\r\nabc' % (2 ** 61))
        s2 = connect(srv.port)
        s2.sendall(b'*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000000000\r\n' + b'z' * 70000)
        time.sleep(0.3)
        eq(c.cmd('PING'), 'PONG')
        eq(c.cmd('SET', 'k2', 'v'), 'OK')
        s.close()
        s2.close()
        clients_back_to_one(c)
    finally:
        c.cmd('CONFIG', 'SET', 'proto-max-bulk-len', '512mb')
        c.cmd('CONFIG', 'SET', 'client-query-buffer-limit', '1gb')


def _flood_without_reading(port, count):
    s = connect(port)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    s.settimeout(0.5)
    req = encode_command('GET', 'bigv') * 100
    sent = 0
    try:
        while sent < count:
            s.sendall(req)
            sent += 100
    except (OSError, socket.timeout):
        pass
    return s


def _closed_by_server(s, limit=15.0):
    """Reads (and discards) until EOF or reset; True if the server closed the connection."""
    s.settimeout(1.0)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if not s.recv(1 << 20):
                return True
        except socket.timeout:
            continue
        except ConnectionResetError:
            return True
    return False


def used_memory(c):
    return info_field(c, 'memory', 'used_memory')


@timeout(120)
def test_output_buffer_hard_limit_drops_non_reader(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'bigv', b'v' * MB), 'OK')
    eq(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 64mb 32mb 10'), 'OK')
    try:
        eq(c.cmd('CONFIG', 'GET', 'client-output-buffer-limit'),
           [b'client-output-buffer-limit',
            b'normal 67108864 33554432 10 slave 268435456 67108864 60 '
            b'pubsub 33554432 8388608 60'])
        s = _flood_without_reading(srv.port, 3000)
        ok(_closed_by_server(s), 'the client that never reads is closed')
        # the replies its batches built on other shards are freed when those come home, a
        # moment after the close (CI once read 296 MB at the close itself, on epoll)
        wait_until(lambda: used_memory(c) < 200 * MB, 10.0,
                   msg='memory back under 200 MB after the close: %d' % used_memory(c))
        s.close()
        clients_back_to_one(c)
    finally:
        c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0')


def test_output_buffer_limit_config_errors(srv):
    c = srv.raw()
    base = "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - "
    is_error(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2'),
             base + 'Wrong number of arguments in buffer limit configuration.')
    is_error(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'bogus 1 2 3'),
             base + 'Invalid client class specified in buffer limit configuration.')
    is_error(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'normal x 2 3'),
             base + 'Error in hard, soft or soft_seconds setting in buffer limit configuration.')
    is_error(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2 -3'),
             base + 'Error in hard, soft or soft_seconds setting in buffer limit configuration.')
    eq(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0 replica 2mb 1mb 5'),
       'OK')
    eq(c.cmd('CONFIG', 'GET', 'client-output-buffer-limit')[1],
       b'normal 0 0 0 slave 2097152 1048576 5 pubsub 1048576 0 0')
    eq(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit',
             'normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60'), 'OK')


@timeout(120)
def test_maxmemory_clients_evicts_non_reader(srv):
    c = srv.raw()
    eq(c.cmd('SET', 'bigv', b'v' * MB), 'OK')
    eq(c.cmd('CLIENT', 'NO-EVICT', 'on'), 'OK')
    eq(c.cmd('CONFIG', 'SET', 'maxmemory-clients', '64mb'), 'OK')
    try:
        small = [srv.raw() for _ in range(10)]
        for o in small:
            eq(o.cmd('PING'), 'PONG')
        s = _flood_without_reading(srv.port, 3000)
        ok(_closed_by_server(s), 'the client that never reads is evicted')
        s.close()
        eq(c.cmd('PING'), 'PONG', 'the no-evict client stays')
        for o in small:
            eq(o.cmd('PING'), 'PONG', 'small clients are not evicted for a big one')
            o.close()
        clients_back_to_one(c)
        n = info_field(c, 'stats', 'evicted_clients')
        ok(n >= 1, 'evicted_clients counts it: %d' % n)
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory-clients', '0')


@timeout(120)
def test_request_bigger_than_query_buffer_limit(srv):
    # Every argument fits the limit, the whole request does not: Redis serves it.
    c = srv.raw()
    eq(c.cmd('CONFIG', 'SET', 'client-query-buffer-limit', '1mb'), 'OK')
    try:
        arg = b'a' * (700 * 1024)
        eq(c.cmd('EXISTS', arg, arg + b'b', arg + b'c'), 0)
        eq(c.cmd('PING'), 'PONG')
        # One argument past the limit closes the connection, as in Redis.
        s = connect(srv.port)
        s.sendall(b'*2\r\n$3\r\nGET\r\n$%d\r\n' % (3 * MB) + b'z' * (2 * MB))
        ok(_closed_by_server(s), 'a client whose unparsed input passes the limit is closed')
        s.close()
    finally:
        c.cmd('CONFIG', 'SET', 'client-query-buffer-limit', '1gb')
    clients_back_to_one(c)


@timeout(120)
def test_request_of_a_million_arguments(srv):
    # Parsing resumes where the last read stopped: a request this size is linear work.
    n = 1000000
    c = srv.raw(timeout=60)
    other = srv.raw()
    body = b'*%d\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n' % (n + 2) + b'$1\r\nx\r\n' * n
    step = 1 << 20
    for off in range(0, len(body), step):
        c.send(body[off:off + step])
        if off % (8 * step) == 0:
            eq(other.cmd('PING'), 'PONG', 'another client is served meanwhile')
    eq(c.read(), n)
    eq(other.cmd('LLEN', 'list'), n)


@own_server
def test_auth_in_a_pipeline_lifts_the_limits_at_once(srv):
    # Redis checks the unauthenticated limits per request: the one after AUTH has none.
    s = srv.start_server(['--requirepass', 'pw'])
    c = srv.raw(port=s.port)
    keys = ['k%d' % i for i in range(12)]
    c.send(encode_command('AUTH', 'pw') + encode_command('MGET', *keys) +
           encode_command('ECHO', b'e' * 20000))
    eq(c.read(), 'OK')
    eq(c.read(), [None] * 12)
    eq(c.read(), b'e' * 20000)
