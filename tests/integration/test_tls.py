"""TLS on tls-port: redis-cli and redis-py over TLS, client certificates (tls-auth-clients yes, no,
optional), plain and TLS ports at once, TLS only (port 0), deep pipelines and big values,
tls-protocols, close_notify, CONFIG GET of the tls-* options, start-up refusing a bad key, and
clients that vanish mid-handshake, mid-record and with replies pending. The certificates (a CA, a
server and a client certificate) are made here with the `openssl` command. Tests that exercise
the connection life cycle run over io_uring and epoll (Tessera) in the same test."""
import atexit
import contextlib
import os
import random
import shutil
import socket
import ssl
import subprocess
import tempfile
import time

import redis

from harness import (RawClient, ServerStartError, TestFailure, eq, free_port, hang_up, info_field,
                     is_error, ok, own_server, tessera_only, timeout, wait_until)

_certs = {}


def certs():
    """Paths of ca.crt, server.crt/key, client.crt/key, other-ca.crt (made once per run)."""
    if _certs:
        return _certs
    d = tempfile.mkdtemp(prefix='tessera-tls-')
    atexit.register(shutil.rmtree, d, True)

    def run(*args):
        subprocess.run(['openssl'] + list(args), cwd=d, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def ca(name):
        run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', name + '.key', '-out',
            name + '.crt', '-days', '2', '-subj', '/CN=Tessera test ' + name)

    def leaf(name, cn, ca_name, ext):
        run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', name + '.key', '-out',
            name + '.csr', '-subj', '/CN=' + cn)
        with open(os.path.join(d, name + '.ext'), 'w') as f:
            f.write(ext)
        run('x509', '-req', '-in', name + '.csr', '-CA', ca_name + '.crt', '-CAkey',
            ca_name + '.key', '-CAcreateserial', '-days', '2', '-sha256', '-extfile',
            name + '.ext', '-out', name + '.crt')

    ca('ca')
    ca('otherca')
    leaf('server', 'localhost', 'ca',
         'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
    leaf('client', 'client', 'ca', 'extendedKeyUsage=clientAuth\n')
    leaf('stranger', 'stranger', 'otherca', 'extendedKeyUsage=clientAuth\n')
    leaf('server2', 'localhost', 'otherca',
         'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
    # A key protected by a password (tls-key-file-pass).
    run('rsa', '-in', 'server.key', '-aes256', '-passout', 'pass:s3cret', '-out', 'server-enc.key')
    with open(os.path.join(d, 'garbage.key'), 'w') as f:
        f.write('-----BEGIN PRIVATE KEY-----\nnot a key at all\n-----END PRIVATE KEY-----\n')
    for n in ('ca', 'otherca', 'server', 'client', 'stranger', 'server2'):
        _certs[n + '.crt'] = os.path.join(d, n + '.crt')
        _certs[n + '.key'] = os.path.join(d, n + '.key')
    _certs['server-enc.key'] = os.path.join(d, 'server-enc.key')
    _certs['garbage.key'] = os.path.join(d, 'garbage.key')
    _certs['dir'] = d
    return _certs


def tls_args(port, auth='no', extra=()):
    c = certs()
    return ['--tls-port', str(port), '--tls-cert-file', c['server.crt'], '--tls-key-file',
            c['server.key'], '--tls-ca-cert-file', c['ca.crt'], '--tls-auth-clients',
            auth] + list(extra)


def backends(srv):
    """The event loops to try: both for Tessera, the one there is for Redis."""
    return [['--io-backend', 'io_uring'], ['--io-backend', 'epoll']] if srv.tessera else [[]]


def start_tls(srv, auth='no', extra=(), backend=()):
    port = free_port()
    s = srv.start_server(list(backend) + tls_args(port, auth, extra))
    s.tls_port = port
    return s


def context(cert=True, minimum=None, maximum=None):
    c = certs()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(c['ca.crt'])
    if cert:
        ctx.load_cert_chain(c['client.crt'], c['client.key'])
    if minimum:
        ctx.minimum_version = minimum
    if maximum:
        ctx.maximum_version = maximum
    return ctx


def tls_raw(srv, port, ctx=None):
    """The harness's raw RESP client over TLS."""
    c = srv.track(RawClient(port))
    c.sock = (ctx or context()).wrap_socket(c.sock, server_hostname='localhost')
    return c


def tls_client(srv, port, cert=True, **kw):
    c = certs()
    args = dict(host='127.0.0.1', port=port, ssl=True, ssl_ca_certs=c['ca.crt'],
                ssl_cert_reqs='required', socket_timeout=30)
    if cert:
        args.update(ssl_certfile=c['client.crt'], ssl_keyfile=c['client.key'])
    args.update(kw)
    return srv.track(redis.Redis(**args))


def cli(port, *args, cert=False):
    c = certs()
    argv = ['redis-cli', '--tls', '--cacert', c['ca.crt'], '-p', str(port)]
    if cert:
        argv += ['--cert', c['client.crt'], '--key', c['client.key']]
    p = subprocess.run(argv + list(args), capture_output=True, timeout=30)
    return p.stdout.decode().strip(), p.stderr.decode().strip()


@contextlib.contextmanager
def must_raise(exc_type):
    try:
        yield
    except exc_type:
        return
    raise TestFailure('expected %s' % exc_type.__name__)


def plain(s):
    return RawClient(s.port)


# ---------------------------------------------------------------------------------------------

@own_server
def test_tls_redis_cli_ping_set_get(srv):
    s = start_tls(srv)
    eq(cli(s.tls_port, 'PING')[0], 'PONG')
    eq(cli(s.tls_port, 'SET', 'greeting', 'hello over tls')[0], 'OK')
    eq(cli(s.tls_port, 'GET', 'greeting')[0], 'hello over tls')
    # redis-cli without --tls gets no answer from the TLS port
    p = subprocess.run(['redis-cli', '-p', str(s.tls_port), 'PING'], capture_output=True,
                       timeout=30)
    ok(b'PONG' not in p.stdout, 'a plaintext PING on the TLS port is not answered')


@own_server
def test_tls_client_certificates_required(srv):
    s = start_tls(srv, auth='yes')
    r = tls_client(srv, s.tls_port)
    eq(r.ping(), True)
    eq(r.set('k', 'v'), True)
    eq(r.get('k'), b'v')
    # Without a client certificate the handshake is refused.
    with must_raise(redis.exceptions.ConnectionError):
        tls_client(srv, s.tls_port, cert=False).ping()
    # A certificate from a CA the server does not trust is refused too.
    c = certs()
    with must_raise(redis.exceptions.ConnectionError):
        tls_client(srv, s.tls_port, ssl_certfile=c['stranger.crt'],
                   ssl_keyfile=c['stranger.key']).ping()
    eq(cli(s.tls_port, 'GET', 'k', cert=True)[0], 'v')
    out, err = cli(s.tls_port, 'PING')
    ok(out != 'PONG', 'redis-cli without a certificate is refused: %r %r' % (out, err))
    eq(r.ping(), True)


@own_server
def test_tls_auth_clients_no_and_optional(srv):
    s = start_tls(srv, auth='no')
    eq(tls_client(srv, s.tls_port, cert=False).ping(), True)
    eq(tls_client(srv, s.tls_port, cert=True).ping(), True)
    s2 = start_tls(srv, auth='optional')
    eq(tls_client(srv, s2.tls_port, cert=False).ping(), True)
    eq(tls_client(srv, s2.tls_port, cert=True).ping(), True)
    c = certs()
    # optional: a certificate that is sent is still verified
    with must_raise(redis.exceptions.ConnectionError):
        tls_client(srv, s2.tls_port, ssl_certfile=c['stranger.crt'],
                   ssl_keyfile=c['stranger.key']).ping()
    # tls-auth-clients changes at run time, for the connections that come after
    p = plain(s2)
    srv.track(p)
    eq(p.cmd('CONFIG', 'SET', 'tls-auth-clients', 'yes'), 'OK')
    eq(p.cmd('CONFIG', 'GET', 'tls-auth-clients'), [b'tls-auth-clients', b'yes'])
    with must_raise(redis.exceptions.ConnectionError):
        tls_client(srv, s2.tls_port, cert=False).ping()
    eq(tls_client(srv, s2.tls_port, cert=True).ping(), True)
    is_error(p.cmd('CONFIG', 'SET', 'tls-auth-clients', 'maybe'),
             "ERR CONFIG SET failed (possibly related to argument 'tls-auth-clients') - "
             "argument(s) must be one of the following: no, yes, optional")


@own_server
def test_tls_plain_and_tls_ports_at_once(srv):
    s = start_tls(srv)
    p = plain(s)
    srv.track(p)
    t = tls_raw(srv, s.tls_port, context(cert=False))
    eq(p.cmd('SET', 'shared', 'from-plain'), 'OK')
    eq(t.cmd('GET', 'shared'), b'from-plain')
    eq(t.cmd('SET', 'shared', 'from-tls'), 'OK')
    eq(p.cmd('GET', 'shared'), b'from-tls')
    eq(p.cmd('PING'), 'PONG')
    # CLIENT LIST: the TLS client shows with its laddr on tls-port and the same fields as a
    # plain client, as Redis shows it.
    t.cmd('CLIENT', 'SETNAME', 'tlsclient')
    lines = bytes(p.cmd('CLIENT', 'LIST')).decode().strip().split('\n')
    mine = [ln for ln in lines if 'name=tlsclient' in ln]
    eq(len(mine), 1, 'one TLS client listed')
    fields = dict(kv.split('=', 1) for kv in mine[0].split(' '))
    ok(fields['laddr'].endswith(':%d' % s.tls_port), 'laddr on tls-port: %r' % fields['laddr'])
    others = [ln for ln in lines if 'name=tlsclient' not in ln]
    eq([kv.split('=')[0] for kv in mine[0].split(' ')],
       [kv.split('=')[0] for kv in others[0].split(' ')], 'the same fields as a plain client')
    info = bytes(t.cmd('CLIENT', 'INFO')).decode()
    ok('name=tlsclient' in info and ':%d ' % s.tls_port in info, 'CLIENT INFO: %r' % info)
    wait_until(lambda: info_field(p, 'clients', 'connected_clients') == 2, 5)


@own_server
def test_tls_only_with_port_zero(srv):
    tport = free_port()
    s = srv.start_server(tls_args(tport) + ['--port', '0'], wait=False)
    t = wait_until(lambda: _try_tls(srv, tport), 15, msg='TLS port answering')
    eq(t.cmd('PING'), 'PONG')
    ok(s.alive(), 'server running')
    with must_raise(OSError):
        socket.create_connection(('127.0.0.1', s.port), timeout=2).close()


def _try_tls(srv, port):
    try:
        return tls_raw(srv, port, context(cert=False))
    except OSError:
        return None


@own_server
@timeout(240)
def test_tls_pipeline_and_big_value(srv):
    for backend in backends(srv):
        s = start_tls(srv, backend=backend)
        t = tls_raw(srv, s.tls_port, context(cert=False))
        n = 10000
        t.send(b''.join(b'*3\r\n$3\r\nSET\r\n$%d\r\nkey:%d\r\n$%d\r\nval:%d\r\n'
                        % (len(b'key:%d' % i), i, len(b'val:%d' % i), i) for i in range(n)))
        for i in range(n):
            eq(t.read_reply()[0], 'OK', 'pipelined SET %d' % i)
        t.send(b''.join(b'*2\r\n$3\r\nGET\r\n$%d\r\nkey:%d\r\n' % (len(b'key:%d' % i), i)
                        for i in range(n)))
        for i in range(n):
            eq(t.read_reply()[0], b'val:%d' % i, 'pipelined GET %d' % i)
        big = os.urandom(5 * 1024 * 1024)
        eq(t.cmd('SET', 'big', big), 'OK')
        eq(t.cmd('GET', 'big'), big, '5 MB value back over TLS')
        eq(t.cmd('STRLEN', 'big'), len(big))
        r = tls_client(srv, s.tls_port, cert=False)
        pipe = r.pipeline(transaction=False)
        for i in range(n):
            pipe.incr('counter')
        eq(pipe.execute()[-1], n, 'redis-py pipeline of %d over TLS' % n)
        eq(r.get('big'), big)
        s.stop()


@own_server
def test_tls_protocols_tlsv13_only(srv):
    s = start_tls(srv, extra=['--tls-protocols', 'TLSv1.3'])
    t = tls_raw(srv, s.tls_port, context(cert=False))
    eq(t.cmd('PING'), 'PONG')
    eq(t.sock.version(), 'TLSv1.3')
    with must_raise(OSError):  # ssl.SSLError: the server has no protocol in common
        tls_raw(srv, s.tls_port, context(cert=False, maximum=ssl.TLSVersion.TLSv1_2))
    s2 = start_tls(srv, extra=['--tls-protocols', 'TLSv1.2'])
    t2 = tls_raw(srv, s2.tls_port, context(cert=False))
    eq(t2.sock.version(), 'TLSv1.2')
    eq(t2.cmd('PING'), 'PONG')


@own_server
def test_tls_ciphers_and_key_password(srv):
    c = certs()
    port = free_port()
    s = srv.start_server(['--tls-port', str(port), '--tls-cert-file', c['server.crt'],
                          '--tls-key-file', c['server-enc.key'], '--tls-key-file-pass', 's3cret',
                          '--tls-ca-cert-dir', c['dir'], '--tls-auth-clients', 'no',
                          '--tls-protocols', 'TLSv1.2', '--tls-ciphers',
                          'ECDHE-RSA-AES128-GCM-SHA256', '--tls-prefer-server-ciphers', 'yes',
                          '--tls-session-cache-size', '100', '--tls-session-cache-timeout', '60'])
    t = tls_raw(srv, port, context(cert=False))
    eq(t.cmd('PING'), 'PONG')
    eq(t.sock.cipher()[0], 'ECDHE-RSA-AES128-GCM-SHA256')
    p = plain(s)
    srv.track(p)
    got = p.cmd('CONFIG', 'GET', 'tls-session-cache-*')
    eq(dict(zip(got[::2], got[1::2])), {b'tls-session-cache-size': b'100',
                                         b'tls-session-cache-timeout': b'60'})
    s2 = start_tls(srv, extra=['--tls-ciphersuites', 'TLS_CHACHA20_POLY1305_SHA256'])
    t2 = tls_raw(srv, s2.tls_port, context(cert=False))
    eq(t2.sock.cipher()[0], 'TLS_CHACHA20_POLY1305_SHA256')


@own_server
def test_tls_session_resumption(srv):
    s = start_tls(srv, extra=['--tls-protocols', 'TLSv1.2'])
    ctx = context(cert=False)
    t = tls_raw(srv, s.tls_port, ctx)
    eq(t.cmd('PING'), 'PONG')
    session = t.sock.session
    sock = socket.create_connection(('127.0.0.1', s.tls_port), timeout=10)
    t2 = srv.track(ctx.wrap_socket(sock, server_hostname='localhost', session=session))
    ok(t2.session_reused, 'the session cache resumed the session')


def test_tls_config_defaults(srv):
    c = srv.raw()
    got = c.cmd('CONFIG', 'GET', 'tls-*')
    got = dict(zip(got[::2], got[1::2]))
    want = {b'tls-port': b'0', b'tls-cert-file': b'', b'tls-key-file': b'',
            b'tls-key-file-pass': b'', b'tls-ca-cert-file': b'', b'tls-ca-cert-dir': b'',
            b'tls-auth-clients': b'yes', b'tls-protocols': b'', b'tls-ciphers': b'',
            b'tls-ciphersuites': b'', b'tls-prefer-server-ciphers': b'no',
            b'tls-session-caching': b'yes', b'tls-session-cache-size': b'20480',
            b'tls-session-cache-timeout': b'300'}
    for k, v in want.items():
        eq(got.get(k), v, k.decode())


@own_server
def test_tls_config_set_reloads_certificate(srv):
    c = certs()
    s = start_tls(srv)
    p = plain(s)
    srv.track(p)
    old = tls_raw(srv, s.tls_port, context(cert=False))
    eq(p.cmd('CONFIG', 'SET', 'tls-cert-file', c['server2.crt'], 'tls-key-file',
             c['server2.key']), 'OK')
    # New connections get the new certificate (from another CA); old ones go on.
    with must_raise(ssl.SSLError):
        tls_raw(srv, s.tls_port, context(cert=False))
    other = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    other.load_verify_locations(c['otherca.crt'])
    eq(tls_raw(srv, s.tls_port, other).cmd('PING'), 'PONG')
    eq(old.cmd('PING'), 'PONG')
    # A key that cannot load, or that does not match: refused, and nothing changed.
    v = p.cmd('CONFIG', 'SET', 'tls-key-file', c['garbage.key'])
    is_error(v, "ERR CONFIG SET failed (possibly related to argument 'tls-key-file') - Unable "
                "to update TLS configuration. Check server logs.")
    v = p.cmd('CONFIG', 'SET', 'tls-cert-file', c['server.crt'])
    is_error(v, "ERR CONFIG SET failed (possibly related to argument 'tls-cert-file') - Unable "
                "to update TLS configuration. Check server logs.")
    eq(p.cmd('CONFIG', 'GET', 'tls-key-file'), [b'tls-key-file', c['server2.key'].encode()])
    eq(p.cmd('CONFIG', 'GET', 'tls-cert-file'), [b'tls-cert-file', c['server2.crt'].encode()])
    eq(tls_raw(srv, s.tls_port, other).cmd('PING'), 'PONG')
    # tls-protocols at run time
    eq(p.cmd('CONFIG', 'SET', 'tls-protocols', 'TLSv1.3'), 'OK')
    ctx12 = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx12.load_verify_locations(c['otherca.crt'])
    ctx12.maximum_version = ssl.TLSVersion.TLSv1_2
    with must_raise(ssl.SSLError):
        tls_raw(srv, s.tls_port, ctx12)
    v = p.cmd('CONFIG', 'SET', 'tls-protocols', 'SSLv2')
    ok(isinstance(v, str) and v.startswith('ERR CONFIG SET failed'), repr(v))
    eq(p.cmd('CONFIG', 'GET', 'tls-protocols'), [b'tls-protocols', b'TLSv1.3'])
    # tls-port stays as started on Tessera; Redis moves it (not tested here)


@own_server
def test_tls_bad_key_stops_startup(srv):
    c = certs()
    for key, why in ((c['garbage.key'], 'private key'), (c['client.key'], 'private key'),
                     ('/nonexistent/server.key', 'private key')):
        s = srv.new_server(['--tls-port', str(free_port()), '--tls-cert-file', c['server.crt'],
                            '--tls-key-file', key, '--tls-auth-clients', 'no'])
        with must_raise(ServerStartError):
            s.start()
        log = s.log_text()
        ok('Failed to configure TLS' in log, 'the reason in the log: %r' % log[-500:])
        ok(why in log.lower(), 'names the key: %r' % log[-500:])
    # A wrong password, and no certificate at all
    s = srv.new_server(['--tls-port', str(free_port()), '--tls-cert-file', c['server.crt'],
                        '--tls-key-file', c['server-enc.key'], '--tls-key-file-pass', 'wrong',
                        '--tls-auth-clients', 'no'])
    with must_raise(ServerStartError):
        s.start()
    s = srv.new_server(['--tls-port', str(free_port()), '--tls-auth-clients', 'no'])
    with must_raise(ServerStartError):
        s.start()
    ok('Failed to configure TLS' in s.log_text(), s.log_text()[-300:])


@own_server
def test_tls_quit_sends_close_notify(srv):
    s = start_tls(srv)
    ctx = context(cert=False)
    sock = socket.create_connection(('127.0.0.1', s.tls_port), timeout=10)
    t = srv.track(ctx.wrap_socket(sock, server_hostname='localhost', suppress_ragged_eofs=False))
    t.sendall(b'*1\r\n$4\r\nQUIT\r\n')
    got = b''
    while True:
        chunk = t.recv(100)  # a close without close_notify raises SSLEOFError here
        if not chunk:
            break
        got += chunk
    eq(got, b'+OK\r\n')


# ---- clients that vanish at the worst moment ------------------------------------------------

def _connect_raw(port):
    s = socket.create_connection(('127.0.0.1', port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def _client_hello(ctx):
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out, server_hostname='localhost')
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return out.read()


class MemTLS:
    """A TLS client driven by hand over a real socket: the test decides which bytes go out."""

    def __init__(self, port, ctx):
        self.sock = _connect_raw(port)
        self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.inc, self.out, server_hostname='localhost')
        while True:
            try:
                self.obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.sock.sendall(self.out.read())
                data = self.sock.recv(65536)
                if not data:
                    raise OSError('closed during the handshake')
                self.inc.write(data)
        self.sock.sendall(self.out.read())

    def records(self, data):
        """The encrypted records of data, not sent."""
        self.obj.write(data)
        return self.out.read()


def _vanish_round(srv, port, rng, i, big_key):
    ctx = context(cert=False)
    kind = i % 6
    rst = rng.random() < 0.5
    if kind == 0:  # mid-handshake: part of the ClientHello
        s = _connect_raw(port)
        hello = _client_hello(ctx)
        s.sendall(hello[:rng.randrange(1, len(hello))])
        hang_up(s, rst)
        return
    if kind == 1:  # the whole ClientHello, gone before the server's answer is read
        s = _connect_raw(port)
        s.sendall(_client_hello(ctx))
        hang_up(s, rst)
        return
    try:
        m = MemTLS(port, ctx)
    except OSError:
        return
    if kind == 2:  # mid-record: part of an encrypted request
        rec = m.records(b'*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n')
        m.sock.sendall(rec[:rng.randrange(1, len(rec))])
    elif kind == 3:  # replies pending: a 5 MB GET, unread
        m.sock.sendall(m.records(b'*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n' % (len(big_key), big_key)))
        time.sleep(rng.random() * 0.02)
    elif kind == 4:  # a deep pipeline, replies pending
        m.sock.sendall(m.records(b'*1\r\n$4\r\nPING\r\n' * 5000))
    else:  # mid-request: a bulk announced, half sent, as several records
        head = b'*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$100000\r\n'
        m.sock.sendall(m.records(head + b'a' * 50000))
    hang_up(m.sock, rst)


@own_server
@timeout(300)
def test_tls_vanishing_clients(srv):
    rng = random.Random(11)
    for backend in backends(srv):
        s = start_tls(srv, backend=backend)
        p = plain(s)
        srv.track(p)
        big_key = b'bigvalue'
        eq(p.cmd('SET', big_key, os.urandom(5 * 1024 * 1024)), 'OK')
        for i in range(240):
            _vanish_round(srv, s.tls_port, rng, i, big_key)
        wait_until(lambda: info_field(p, 'clients', 'connected_clients') == 1, 30,
                   msg='connected_clients back to 1')
        t = tls_raw(srv, s.tls_port, context(cert=False))
        eq(t.cmd('PING'), 'PONG')
        eq(t.cmd('STRLEN', big_key), 5 * 1024 * 1024)
        t.close()
        eq(s.stop(), 0, 'clean exit after the vanished clients')
        ok(s.sanitizer_findings() is None, 'no sanitizer report')


@own_server
@timeout(120)
def test_tls_pubsub_and_blocking(srv):
    for backend in backends(srv):
        s = start_tls(srv, backend=backend)
        sub = tls_raw(srv, s.tls_port, context(cert=False))
        eq(sub.cmd('SUBSCRIBE', 'news'), [b'subscribe', b'news', 1])
        waiter = tls_raw(srv, s.tls_port, context(cert=False))
        waiter.send(b'*3\r\n$5\r\nBLPOP\r\n$5\r\nqueue\r\n$1\r\n0\r\n')
        p = plain(s)
        srv.track(p)
        wait_until(lambda: info_field(p, 'clients', 'blocked_clients') == 1, 10,
                   msg='the TLS client blocked')
        eq(p.cmd('PUBLISH', 'news', 'x' * 100000), 1)
        eq(sub.read_reply()[0], [b'message', b'news', b'x' * 100000],
           'a push to an idle TLS client')
        eq(p.cmd('RPUSH', 'queue', 'job'), 1)
        eq(waiter.read_reply()[0], [b'queue', b'job'], 'a blocked TLS client woken')
        s.stop()


@own_server
@timeout(120)
def test_tls_shutdown_with_clients_in_every_state(srv):
    for backend in backends(srv):
        s = start_tls(srv, backend=backend)
        p = plain(s)
        srv.track(p)
        eq(p.cmd('SET', 'big', os.urandom(5 * 1024 * 1024)), 'OK')
        ctx = context(cert=False)
        kept = []
        half = _connect_raw(s.tls_port)  # half a ClientHello
        hello = _client_hello(ctx)
        half.sendall(hello[:len(hello) // 2])
        kept.append(half)
        idle = tls_raw(srv, s.tls_port, ctx)  # handshaken, idle
        eq(idle.cmd('PING'), 'PONG')
        m = MemTLS(s.tls_port, ctx)  # a 5 MB reply it does not read
        m.sock.sendall(m.records(b'*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n'))
        kept.append(m.sock)
        m2 = MemTLS(s.tls_port, ctx)  # half a record
        rec = m2.records(b'*1\r\n$4\r\nPING\r\n')
        m2.sock.sendall(rec[:len(rec) // 2])
        kept.append(m2.sock)
        time.sleep(0.3)
        eq(s.stop(), 0, 'SIGTERM with TLS clients in every state: clean exit')
        ok(s.sanitizer_findings() is None, 'no sanitizer report')
        for k in kept:
            k.close()


@own_server
@tessera_only
def test_tls_port_cannot_move_at_run_time(srv):
    s = start_tls(srv)
    p = plain(s)
    srv.track(p)
    is_error(p.cmd('CONFIG', 'SET', 'tls-port', str(free_port())),
             "ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to listen "
             "on this port. Check server logs.")
    eq(p.cmd('CONFIG', 'GET', 'tls-port'), [b'tls-port', str(s.tls_port).encode()])
    eq(p.cmd('CONFIG', 'SET', 'tls-port', str(s.tls_port)), 'OK')
    eq(tls_raw(srv, s.tls_port, context(cert=False)).cmd('PING'), 'PONG')


@own_server
@timeout(240)
def test_tls_vanishing_clients_beside_a_busy_one(srv):
    """Vanishing TLS clients on two threads while a TLS client and a plain one pipeline
    checked work: nobody's replies may be lost, mixed up or cut."""
    import threading
    for backend in backends(srv):
        s = start_tls(srv, backend=backend)
        p = plain(s)
        srv.track(p)
        eq(p.cmd('SET', b'bigvalue', os.urandom(1024 * 1024)), 'OK')
        stop = threading.Event()
        errors = []

        def vanish(seed):
            rng = random.Random(seed)
            i = 0
            try:
                while not stop.is_set():
                    _vanish_round(srv, s.tls_port, rng, i, b'bigvalue')
                    i += 1
            except Exception as e:  # noqa: BLE001 - reported by the main thread
                errors.append('vanisher: %r' % e)

        def busy(client, tag):
            try:
                n = 0
                while not stop.is_set():
                    batch = [b'%s:%d:%d' % (tag, n, j) for j in range(200)]
                    client.send(b''.join(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n'
                                         % (len(k), k, len(k), k) for k in batch))
                    for k in batch:
                        eq(client.read_reply()[0], 'OK')
                    client.send(b''.join(b'*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n' % (len(k), k)
                                         for k in batch))
                    for k in batch:
                        eq(client.read_reply()[0], k, 'GET back')
                    n += 1
            except Exception as e:  # noqa: BLE001
                errors.append('%s: %r' % (tag.decode(), e))

        busy_tls = tls_raw(srv, s.tls_port, context(cert=False))
        busy_plain = RawClient(s.port)
        srv.track(busy_plain)
        threads = [threading.Thread(target=vanish, args=(k,), daemon=True) for k in (1, 2)]
        threads += [threading.Thread(target=busy, args=(busy_tls, b'tls'), daemon=True),
                    threading.Thread(target=busy, args=(busy_plain, b'plain'), daemon=True)]
        for t in threads:
            t.start()
        time.sleep(8)
        stop.set()
        for t in threads:
            t.join(60)
        eq(errors, [], 'errors')
        wait_until(lambda: info_field(p, 'clients', 'connected_clients') == 3, 30,
                   msg='connected_clients back to 3')
        eq(s.stop(), 0, 'clean exit')
        ok(s.sanitizer_findings() is None, 'no sanitizer report')
