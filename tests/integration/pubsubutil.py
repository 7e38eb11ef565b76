# Helpers shared by the pub/sub, keyspace-notification and MONITOR tests: the exact bytes of a
# pub/sub frame, subscribing a raw client and reading its confirmations, reading with a time limit,
# checking that nothing more arrives, and skipping what the server under test lacks. Used by
# test_pubsub.py, test_notify.py, test_monitor.py and test_client_pubsub.py.

import select
import socket
import time

from harness import encode_command, RespError, Skip, TestFailure


def frame(*items, resp3=False):
    """The exact bytes of a pub/sub frame: a RESP2 array, or with resp3 a push ('>'). Items are
    bulk strings (str or bytes), integers, or None (a null: '$-1' in RESP2, '_' in RESP3)."""
    out = [b'%s%d\r\n' % (b'>' if resp3 else b'*', len(items))]
    for x in items:
        if x is None:
            out.append(b'_\r\n' if resp3 else b'$-1\r\n')
        elif isinstance(x, int):
            out.append(b':%d\r\n' % x)
        else:
            b = x.encode() if isinstance(x, str) else x
            out.append(b'$%d\r\n%s\r\n' % (len(b), b))
    return b''.join(out)


def subscribe(c, kind, *names):
    """Sends kind (SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE) with names on raw client c and reads one
    confirmation per name; returns their exact bytes."""
    c.send(encode_command(kind, *names))
    out = []
    for _ in names:
        raw = c.read_raw()
        if raw.startswith(b'-'):
            raise TestFailure('%s answered %r' % (kind, raw))
        out.append(raw)
    return out


def client_list(c):
    """CLIENT LIST through raw client c: {addr: {field: value}}."""
    rows = {}
    for row in c.cmd('CLIENT', 'LIST').decode('utf-8', 'replace').splitlines():
        fields = dict(f.split('=', 1) for f in row.split(' ') if '=' in f)
        rows[fields.get('addr')] = fields
    return rows


def addr(c):
    """The address a server shows for raw client c (its local ip:port)."""
    host, port = c.sock.getsockname()[:2]
    return '%s:%d' % (host, port)


def read_frames(c, n, limit=10.0):
    """n replies or pushes from raw client c, parsed, each within limit seconds."""
    old = c.sock.gettimeout()
    c.settimeout(limit)
    try:
        return [c.read() for _ in range(n)]
    finally:
        c.settimeout(old)


def nothing_more(c, wait=0.3, what=''):
    """Nothing more arrives on raw client c within wait seconds (and nothing is left unread)."""
    prefix = what + ': ' if what else ''
    if c.pending():
        raise TestFailure('%sunexpected data already received: %r' % (prefix, c.pending()[:200]))
    r, _, _ = select.select([c.sock], [], [], wait)
    if r:
        try:
            data = c.sock.recv(1 << 16)
        except OSError as e:
            raise TestFailure('%sconnection failed while expecting silence: %s' % (prefix, e))
        if not data:
            raise TestFailure('%sconnection closed by the server while expecting silence' % prefix)
        raise TestFailure('%sunexpected data: %r' % (prefix, data[:200]))


def require_command(c, *args):
    """Runs args on raw client c; raises Skip if the server does not know the command (Tessera
    lacks some commands a test needs, e.g. MULTI). Returns the reply otherwise."""
    v = c.cmd(*args)
    if isinstance(v, RespError) and v.startswith('ERR unknown command'):
        raise Skip('the server has no %s command' % str(args[0]).upper())
    return v


def closed_by_server(sock, limit=15.0):
    """Reads (and discards) from a plain socket until EOF or reset; True if the server closed the
    connection within limit seconds."""
    sock.settimeout(1.0)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if not sock.recv(1 << 20):
                return True
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False
