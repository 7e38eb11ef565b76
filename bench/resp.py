"""A small RESP client for the Python benchmarks (bench/persist.py, bench/cache.py): pipelined
commands over one socket, replies parsed as they come; and a free port for a server."""
import socket


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
