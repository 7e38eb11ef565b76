"""A small RESP client for the Python benchmarks (bench/persist.py, cache.py, growth.py):
pipelined commands over one socket, replies parsed as they come; a free port; starting a server
and waiting for its PONG (not LOADING), and stopping it."""
import signal
import socket
import subprocess
import time


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


def encode(args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(('127.0.0.1', port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile('rb')

    def send(self, cmds):
        """Sends several commands (each a tuple of arguments) in one write."""
        self.s.sendall(b''.join(encode(c) for c in cmds))

    def reply(self):
        """The next reply: bytes, None for a null, a RuntimeError for an error reply."""
        line = self.f.readline()
        if not line:
            raise EOFError
        if line[:1] == b'$':
            n = int(line[1:])
            if n < 0:
                return None
            return self.f.read(n + 2)[:-2]
        if line[:1] == b'-':
            return RuntimeError(line[1:].decode().strip())
        return line[1:].strip()

    def cmd(self, *args):
        self.send([args])
        return self.reply()

    def close(self):
        self.f.close()
        self.s.close()


def start(argv, port):
    """Starts argv (which listens on port) and returns (process, a connection) once it answers
    PING with PONG."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(6000):
        try:
            c = Conn(port)
            if c.cmd('PING') == b'PONG':
                return p, c
            c.close()
        except (OSError, EOFError):
            pass
        if p.poll() is not None:
            raise RuntimeError('%s exited with %s' % (argv[0], p.returncode))
        time.sleep(0.01)
    raise RuntimeError('%s never answered' % argv[0])


def stop(p):
    """SIGTERM, then SIGKILL after a minute."""
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
