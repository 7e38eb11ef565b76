"""Graceful shutdown under load: SIGTERM while eight clients pipeline writes. The server exits
0; every reply a client got is whole (a connection ends between replies, never inside one); and
every write that was acknowledged is in the final snapshot, read back by a new server on the
same directory. Passes against Redis too."""
import os
import signal
import socket
import threading
import time

import persistutil as pu
from harness import encode_command, eq, ok, own_server, timeout

CLIENTS = 8
BATCH = 64
OK_REPLY = b'+OK\r\n'


class Writer(threading.Thread):
    """Pipelines SET w:<id>:<n> <n> in batches until the server closes the connection; counts
    the +OK replies (in order, so the first `acked` writes were done) and keeps any bytes left
    after the last whole reply."""

    def __init__(self, port, ident):
        super().__init__(daemon=True)
        self.port, self.num = port, ident
        self.acked = 0
        self.leftover = b''
        self.unexpected = None

    def run(self):
        s = socket.create_connection(('127.0.0.1', self.port), timeout=30)
        buf = b''
        sent = 0
        try:
            while True:
                req = b''.join(encode_command('SET', 'w:%d:%d' % (self.num, n), str(n))
                               for n in range(sent, sent + BATCH))
                try:
                    s.sendall(req)
                except OSError:
                    break
                sent += BATCH
                while self.acked < sent:
                    try:
                        chunk = s.recv(65536)
                    except OSError:
                        chunk = b''
                    if not chunk:
                        self.leftover = buf
                        return
                    buf += chunk
                    while buf.startswith(OK_REPLY):
                        buf = buf[len(OK_REPLY):]
                        self.acked += 1
                    if buf and not OK_REPLY.startswith(buf[:len(OK_REPLY)]):
                        self.unexpected = buf[:200]
                        return
        finally:
            s.close()


@own_server
@timeout(120)
def test_sigterm_under_write_load(srv):
    s = pu.start(srv, save='3600 1')
    writers = [Writer(s.port, i) for i in range(CLIENTS)]
    for w in writers:
        w.start()
    deadline = time.monotonic() + 10
    while min(w.acked for w in writers) < 2 * BATCH and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(s.proc.pid, signal.SIGTERM)
    for w in writers:
        w.join(60)
        ok(not w.is_alive(), 'writer %d still running after the server stopped' % w.num)
    status = s.wait_exit(60.0)
    eq(status, 0, 'exit status after SIGTERM under load (log: %s)' % s.log_tail(800))
    for w in writers:
        eq(w.unexpected, None, 'writer %d got something other than +OK' % w.num)
        eq(w.leftover, b'', 'writer %d: a reply cut in the middle' % w.num)
        ok(w.acked >= 2 * BATCH, 'writer %d had writes acknowledged' % w.num)

    s2 = pu.restart(srv, s)
    c = srv.raw(port=s2.port)
    for w in writers:
        for start in range(0, w.acked, 500):
            n = range(start, min(start + 500, w.acked))
            got = c.cmd('MGET', *['w:%d:%d' % (w.num, i) for i in n])
            missing = [i for i, v in zip(n, got) if v != str(i).encode()]
            eq(missing[:5], [], 'writer %d: acknowledged writes lost in the final snapshot '
               '(%d acknowledged)' % (w.num, w.acked))
