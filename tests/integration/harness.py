# Shared pieces of the integration suite: starting and stopping a server, a raw RESP client that
# returns both the parsed reply and its exact bytes, redis-py clients, the per-test fixture and the
# markers tests use (tessera_only, timeout). Used by run.py and by every test_*.py file.

import os
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import shutil
import time

import redis

REDIS_SERVER = '/usr/bin/redis-server'


def tessera_args():
    """Arguments every Tessera server of the run gets (run.py --io-backend)."""
    backend = os.environ.get('TESSERA_TEST_IO_BACKEND')
    return ['--io-backend', backend] if backend else []


class TestFailure(AssertionError):
    pass


class Skip(Exception):
    """Raised by a test that cannot run in this mode; reported as SKIP, counted neither way."""


# ---------------------------------------------------------------------------------------------
# Markers

def tessera_only(fn):
    """A test of something Redis 7.0.15 lacks or of a Tessera-specific option: --reference skips it."""
    fn.tessera_only = True
    return fn


def timeout(seconds):
    """Gives a test a time limit other than the runner's default."""
    def mark(fn):
        fn.time_limit = seconds
        return fn
    return mark


def own_server(fn):
    """The test starts its own servers and does not use the shared one of its file."""
    fn.own_server = True
    return fn


# ---------------------------------------------------------------------------------------------
# RESP values as the raw client returns them

class RespError(str):
    """An error reply; the text without '-' and CRLF."""

    def __repr__(self):
        return 'RespError(%s)' % str.__repr__(self)


class SimpleString(str):
    """A +simple string reply (compares equal to the plain str)."""

    def __repr__(self):
        return 'Simple(%s)' % str.__repr__(self)


class RespSet(list):
    """A RESP3 ~set, kept in wire order."""


class Push(list):
    """A RESP3 >push message."""


class Verbatim(bytes):
    """A RESP3 =verbatim string; .fmt holds the 3-letter format."""
    fmt = b''


class ProtocolViolation(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Raw client

def encode_command(*args):
    """The multibulk encoding of a command; arguments may be bytes, str or numbers."""
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        if isinstance(a, bytes):
            b = a
        elif isinstance(a, str):
            b = a.encode()
        else:
            b = str(a).encode()
        out.append(b'$%d\r\n' % len(b))
        out.append(b)
        out.append(b'\r\n')
    return b''.join(out)


class RawClient:
    """A plain socket speaking RESP. read_reply returns (value, raw_bytes) for exactly one reply."""

    def __init__(self, port, host='127.0.0.1', timeout=10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def settimeout(self, t):
        self.sock.settimeout(t)

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        try:
            chunk = self.sock.recv(1 << 16)
        except socket.timeout:
            raise TestFailure('no complete reply within %.0f s (pending bytes: %r)'
                              % (self.sock.gettimeout(), bytes(self.buf[self.pos:self.pos + 80])))
        if not chunk:
            raise EOFError('connection closed by the server')
        self.buf += chunk

    def _line(self):
        while True:
            i = self.buf.find(b'\r\n', self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos:i])
                self.pos = i + 2
                return line
            self._fill()

    def _exact(self, n):
        while len(self.buf) - self.pos < n + 2:
            self._fill()
        data = bytes(self.buf[self.pos:self.pos + n])
        if self.buf[self.pos + n:self.pos + n + 2] != b'\r\n':
            raise ProtocolViolation('bulk not followed by CRLF')
        self.pos += n + 2
        return data

    def _value(self):
        line = self._line()
        if not line:
            raise ProtocolViolation('empty line')
        t, rest = line[:1], line[1:]
        if t == b'+':
            return SimpleString(rest.decode('utf-8', 'replace'))
        if t == b'-':
            return RespError(rest.decode('utf-8', 'replace'))
        if t == b':':
            return int(rest)
        if t == b'(':
            return int(rest)
        if t == b',':
            return float(rest.decode())
        if t == b'#':
            if rest not in (b't', b'f'):
                raise ProtocolViolation('bad boolean %r' % line)
            return rest == b't'
        if t == b'_':
            if rest:
                raise ProtocolViolation('bad null %r' % line)
            return None
        if t in (b'$', b'!', b'='):
            n = int(rest)
            if n == -1 and t == b'$':
                return None
            data = self._exact(n)
            if t == b'!':
                return RespError(data.decode('utf-8', 'replace'))
            if t == b'=':
                v = Verbatim(data[4:])
                v.fmt = data[:3]
                return v
            return data
        if t in (b'*', b'~', b'>'):
            n = int(rest)
            if n == -1 and t == b'*':
                return None
            items = [self._value() for _ in range(n)]
            if t == b'~':
                return RespSet(items)
            if t == b'>':
                return Push(items)
            return items
        if t == b'%':
            n = int(rest)
            d = {}
            for _ in range(n):
                k = self._value()
                d[_hashable(k)] = self._value()
            return d
        if t == b'|':
            n = int(rest)
            for _ in range(2 * n):
                self._value()
            return self._value()
        raise ProtocolViolation('unknown reply type %r' % line[:40])

    def read_reply(self):
        """One reply: (parsed value, the exact bytes it took on the wire)."""
        if self.pos:
            del self.buf[:self.pos]
            self.pos = 0
        start = self.pos
        v = self._value()
        raw = bytes(self.buf[start:self.pos])
        return v, raw

    def read(self):
        return self.read_reply()[0]

    def read_raw(self):
        return self.read_reply()[1]

    def cmd(self, *args):
        """Sends one command and returns its parsed reply."""
        self.send(encode_command(*args))
        return self.read()

    def cmd_raw(self, *args):
        """Sends one command and returns the exact bytes of its reply."""
        self.send(encode_command(*args))
        return self.read_raw()

    def pending(self):
        """Bytes already received but not consumed."""
        return bytes(self.buf[self.pos:])

    def wait_closed(self, limit=5.0):
        """True when the server closes the connection within limit seconds (any unread data is
        discarded); False if it stays open."""
        deadline = time.monotonic() + limit
        old = self.sock.gettimeout()
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.sock.settimeout(left)
                try:
                    chunk = self.sock.recv(1 << 16)
                except socket.timeout:
                    return False
                except (ConnectionResetError, BrokenPipeError):
                    return True
                if not chunk:
                    return True
                self.buf += chunk
        finally:
            try:
                self.sock.settimeout(old)
            except OSError:
                pass


def _hashable(v):
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    return v


# ---------------------------------------------------------------------------------------------
# Servers

def connect(port):
    """A plain TCP socket to the server, Nagle off, for tests that hang up on purpose."""
    s = socket.create_connection(('127.0.0.1', port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def hang_up(sock, rst):
    """Closes sock; with rst, SO_LINGER {on, 0} makes it a reset that drops what was unsent."""
    if rst:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    sock.close()


def free_port():
    """A port that was free a moment ago: bind to port 0 and let the kernel choose."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]
    finally:
        s.close()


class ServerStartError(Exception):
    pass


class Server:
    """One server process on a free port of 127.0.0.1, with its own temporary --dir.

    reference=True runs /usr/bin/redis-server with persistence off instead of the binary under
    test. extra_args are appended to the command line; config_file (a path) goes first, as
    both servers expect it."""

    def __init__(self, binary, reference=False, threads=4, extra_args=(), config_file=None,
                 port=None, dirpath=None, wait=True, preexec_fn=None):
        self.binary = binary
        self.preexec_fn = preexec_fn  # run in the child before exec (limits, another user)
        self.reference = reference
        self.threads = threads
        self.extra_args = list(extra_args)
        self.config_file = config_file
        self.fixed_port = port
        self.port = None
        self.proc = None
        self.own_dir = dirpath is None
        self.dir = dirpath or tempfile.mkdtemp(prefix='tessera-it-')
        self.log_path = os.path.join(self.dir, 'server.log')
        self.exit_status = None
        self.wait = wait
        self._log_checked = 0

    # command line -------------------------------------------------------------------------
    def argv(self, port):
        argv = [REDIS_SERVER if self.reference else self.binary]
        if self.config_file:
            argv.append(self.config_file)
        argv += ['--port', str(port), '--bind', '127.0.0.1']
        # no save rules unless a test sets its own (after these: a later `save` line adds)
        argv += ['--save', '']
        if self.reference:
            argv += ['--appendonly', 'no']
        else:
            argv += ['--threads', str(self.threads)] + tessera_args()
        argv += ['--dir', self.dir]
        argv += self.extra_args
        return argv

    def start(self, timeout=10.0):
        attempts = 1 if self.fixed_port else 3
        last = None
        for _ in range(attempts):
            port = self.fixed_port or free_port()
            try:
                self._start_on(port, timeout)
                return self
            except ServerStartError as e:
                last = e
                if 'in use' not in str(e):
                    break
        raise last

    def _start_on(self, port, timeout):
        self.port = port
        self.exit_status = None
        log = open(self.log_path, 'ab')
        env = dict(os.environ)
        # Undefined behaviour is reported (with a stack) and found in the log by sanitizer_findings.
        env.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1')
        # A huge allocation fails as malloc does (NULL) instead of aborting the sanitized server.
        env.setdefault('ASAN_OPTIONS', 'allocator_may_return_null=1')
        try:
            self.proc = subprocess.Popen(self.argv(port), stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, cwd=self.dir, env=env,
                                         start_new_session=True, preexec_fn=self.preexec_fn)
        except OSError as e:
            raise ServerStartError('cannot run %s: %s' % (self.argv(port)[0], e))
        finally:
            log.close()
        _live_servers.add(self)
        if not self.wait:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                self.exit_status = rc
                _live_servers.discard(self)
                raise ServerStartError('server exited with status %d during start-up: %s'
                                       % (rc, self.log_tail()))
            if self._answers_ping():
                return
            time.sleep(0.02)
        self.stop()
        raise ServerStartError('server did not answer PING within %.0f s: %s'
                               % (timeout, self.log_tail()))

    def _answers_ping(self):
        try:
            c = RawClient(self.port, timeout=1.0)
        except OSError:
            return False
        try:
            v = c.cmd('PING')
            # A password-protected server answers NOAUTH: it is up all the same.
            return v == 'PONG' or (isinstance(v, RespError) and v.startswith('NOAUTH'))
        except (OSError, EOFError, ProtocolViolation, TestFailure):
            return False
        finally:
            c.close()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_exit(self, limit=5.0):
        """Waits for the process to exit by itself; its status, or None if still running."""
        try:
            self.exit_status = self.proc.wait(limit)
        except subprocess.TimeoutExpired:
            return None
        _live_servers.discard(self)
        return self.exit_status

    def stop(self, grace=5.0):
        """SIGTERM, wait up to grace seconds, then SIGKILL. Returns the exit status (negative:
        killed by that signal; the SIGKILL fallback is reported as -9)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.kill()
        self.exit_status = self.proc.returncode
        _live_servers.discard(self)
        return self.exit_status

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
            self.proc.wait()
        _live_servers.discard(self)

    def cleanup(self):
        """Stops the process if it still runs (SIGTERM, then SIGKILL after 5 s) and removes its
        directory. Returns the exit status when this call stopped it, else None."""
        status = None
        if self.alive():
            status = self.stop()
        else:
            self.kill()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        return status

    def log_text(self):
        try:
            with open(self.log_path, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def sanitizer_findings(self):
        """The first sanitizer report line the server wrote since the previous call, or None."""
        try:
            with open(self.log_path, 'rb') as f:
                f.seek(self._log_checked)
                data = f.read()
        except OSError:
            return None
        self._log_checked += len(data)
        for line in data.decode('utf-8', 'replace').splitlines():
            if any(m in line for m in SANITIZER_MARKERS):
                return line.strip()[:300]
        return None

    def log_tail(self, n=1500):
        t = self.log_text().strip()
        if not t:
            return '(no output)'
        return t[-n:].replace('\n', ' | ')

    # clients ------------------------------------------------------------------------------
    def raw(self, timeout=10.0):
        return RawClient(self.port, timeout=timeout)

    def client(self, **kw):
        kw.setdefault('socket_timeout', 10)
        kw.setdefault('socket_connect_timeout', 10)
        return redis.Redis(host='127.0.0.1', port=self.port, **kw)


SANITIZER_MARKERS = ('runtime error:', 'ERROR: AddressSanitizer', 'ERROR: LeakSanitizer',
                     'SUMMARY: AddressSanitizer', 'SUMMARY: UndefinedBehaviorSanitizer')


# Every server still running; the runner kills them on exit and on SIGINT/SIGTERM.
_live_servers = set()


def kill_all_servers():
    """Stops every server still running (SIGTERM, SIGKILL after 5 s): the runner's last resort
    on exit, after a timeout left one behind, or on SIGINT/SIGTERM."""
    for s in list(_live_servers):
        s.stop()
        s.cleanup()


# ---------------------------------------------------------------------------------------------
# The fixture a test receives

class Fixture:
    """What a test function gets: the shared server of its file (port, clients) and the means to
    start servers of its own. Everything it hands out is closed or stopped after the test."""

    def __init__(self, options, server=None):
        self.options = options
        self.reference = options.reference
        self.tessera = not options.reference
        self.server = server
        self._clients = []
        self._servers = []
        self._dirs = []

    @property
    def port(self):
        return self.server.port

    def raw(self, timeout=10.0, port=None):
        c = RawClient(port or self.server.port, timeout=timeout)
        self._clients.append(c)
        return c

    def client(self, **kw):
        c = self.server.client(**kw)
        self._clients.append(c)
        return c

    def start_server(self, extra_args=(), config_file=None, wait=True, port=None, threads=None):
        """Starts a server of the kind under test with extra options (and, for Tessera, another
        --threads if given); stopped after the test."""
        s = Server(self.options.server, reference=self.reference,
                   threads=threads or self.options.threads,
                   extra_args=extra_args, config_file=config_file, wait=wait, port=port)
        self._servers.append(s)
        return s.start()

    def start_reference(self, extra_args=(), config_file=None):
        """Starts Debian's redis-server (persistence off) beside the server under test, for
        side-by-side checks; stopped after the test."""
        s = Server(REDIS_SERVER, reference=True, extra_args=extra_args, config_file=config_file)
        self._servers.append(s)
        return s.start()

    def new_server(self, extra_args=(), config_file=None):
        """A server object not yet started (for tests that check start-up failures)."""
        s = Server(self.options.server, reference=self.reference, threads=self.options.threads,
                   extra_args=extra_args, config_file=config_file)
        self._servers.append(s)
        return s

    def track_dir(self):
        """A temporary directory removed after the test."""
        d = tempfile.mkdtemp(prefix='tessera-it-')
        self._dirs.append(d)
        return d

    def track(self, closable):
        self._clients.append(closable)
        return closable

    def close(self):
        """Closes every client, stops every server the test started; returns a description of
        each server that, stopped here by SIGTERM, did not exit with status 0."""
        for c in self._clients:
            try:
                c.close()
            except Exception:
                pass
        self._clients = []
        bad = []
        for s in self._servers:
            status = s.stop() if s.alive() else None
            if status is not None and status != 0:
                bad.append('server on port %s exited with status %s after SIGTERM: %s'
                           % (s.port, status, s.log_tail(500)))
            found = s.sanitizer_findings()
            if found:
                bad.append('sanitizer report from the server on port %s: %s' % (s.port, found))
            s.cleanup()
        self._servers = []
        for d in self._dirs:
            shutil.rmtree(d, ignore_errors=True)
        self._dirs = []
        return bad


# ---------------------------------------------------------------------------------------------
# Assertions with readable failure messages

WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value'


def arity(cmd):
    """Redis's arity error for a command (subcommands as 'client|id')."""
    return "ERR wrong number of arguments for '%s' command" % cmd


def nshards(srv):
    """The number of shards the shared server runs (its --threads)."""
    return max(srv.options.threads, 1)


def eq(actual, expected, what=''):
    if actual != expected:
        raise TestFailure('%sexpected %r, got %r' % (what + ': ' if what else '', expected, actual))


def ok(cond, msg):
    if not cond:
        raise TestFailure(msg)


def is_error(v, text=None, prefix=None):
    """v must be an error reply (raw client); with text its exact text, with prefix its start."""
    if not isinstance(v, RespError):
        raise TestFailure('expected an error reply%s, got %r'
                          % (' ' + repr(text or prefix) if (text or prefix) else '', v))
    if text is not None and v != text:
        raise TestFailure('expected error %r, got %r' % (text, str(v)))
    if prefix is not None and not v.startswith(prefix):
        raise TestFailure('expected error starting %r, got %r' % (prefix, str(v)))


def raises(exc_type, fn, *args, match=None, **kw):
    """fn(*args) must raise exc_type; with match, str(exception) must equal it."""
    try:
        r = fn(*args, **kw)
    except exc_type as e:
        if match is not None and str(e) != match:
            raise TestFailure('expected %s %r, got %r' % (exc_type.__name__, match, str(e)))
        return e
    raise TestFailure('expected %s, got result %r' % (exc_type.__name__, r))


def run_threads(targets, limit):
    """Starts one thread per (function, args); waits up to limit; returns the errors they hit."""
    errors = []

    def wrap(fn, args):
        try:
            fn(*args)
        except Exception as e:
            errors.append('%s: %s' % (type(e).__name__, e))

    threads = [threading.Thread(target=wrap, args=(fn, args), daemon=True) for fn, args in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(limit)
    ok(all(not t.is_alive() for t in threads), 'client threads still running after %.0f s' % limit)
    return errors


def info_field(c, section, name):
    """The integer value of one INFO field, read with the raw client c."""
    info = c.cmd('INFO', section)
    if isinstance(info, RespError):
        raise TestFailure('INFO %s answered %r' % (section, info))
    for line in bytes(info).decode('utf-8', 'replace').splitlines():
        if line.startswith(name + ':'):
            return int(line.split(':', 1)[1])
    raise TestFailure('no %s in INFO %s' % (name, section))


def config_get(c, *patterns):
    """CONFIG GET as a dict of name -> value (str); a name listed twice fails the test."""
    reply = c.cmd('CONFIG', 'GET', *patterns)
    ok(isinstance(reply, list) and len(reply) % 2 == 0, 'CONFIG GET reply %r' % (reply,))
    d = {}
    for k, v in zip(reply[0::2], reply[1::2]):
        ok(k.decode() not in d, 'CONFIG GET lists %r twice' % k)
        d[k.decode()] = v.decode()
    return d


def config_value(c, name):
    """The value (str) of the one option CONFIG GET name answers."""
    v = c.cmd('CONFIG', 'GET', name)
    ok(isinstance(v, list) and len(v) == 2, 'CONFIG GET %s answered %r' % (name, v))
    eq(v[0], name.encode(), 'CONFIG GET %s: name' % name)
    return v[1].decode()


def resp3(srv):
    """A raw client of the file's server switched to RESP3 with HELLO 3."""
    r = srv.raw()
    ok(isinstance(r.cmd('HELLO', '3'), dict), 'HELLO 3 answers a map')
    return r


def wait_until(cond, limit=5.0, step=0.02, msg='condition not reached'):
    deadline = time.monotonic() + limit
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise TestFailure('%s within %.1f s' % (msg, limit))
        time.sleep(step)


# ---------------------------------------------------------------------------------------------
# Key placement, as the server computes it (Redis Cluster slots), so tests can pick keys that are
# known to sit on different shards or on the same one.

def crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def key_slot(key):
    if isinstance(key, str):
        key = key.encode()
    s = key.find(b'{')
    if s >= 0:
        e = key.find(b'}', s + 1)
        if e > s + 1:
            key = key[s + 1:e]
    return crc16(key) % 16384


def key_shard(key, nshards):
    return key_slot(key) % nshards


def keys_on_distinct_shards(prefix, nshards, count):
    """count keys prefix0, prefix1, ... chosen so that they cover min(count, nshards) shards."""
    chosen, seen = [], set()
    i = 0
    while len(chosen) < count:
        k = '%s%d' % (prefix, i)
        sh = key_shard(k, nshards)
        if sh not in seen or len(seen) >= nshards:
            chosen.append(k)
            seen.add(sh)
        i += 1
    return chosen
