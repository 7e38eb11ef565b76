# Shared pieces of the two fuzz tests (test_fuzz_protocol.py, test_fuzz_disconnect.py): the seed
# and duration (TESSERA_FUZZ_SEED, TESSERA_FUZZ_SECONDS), closing a socket with FIN or RST, a
# watchdog that notices a dead or unresponsive server while the fuzzers run, the sanitizer report
# of a server's log, and the end-of-run health checks (PING, connected_clients back to 1).
#
# Not a test file (run.py only collects test_*.py).

import os
import random
import re
import socket
import struct
import threading
import time

from harness import RawClient, SANITIZER_MARKERS, TestFailure, info_field

# Only 127.0.0.1, only the port of a server the test itself started.
HOST = '127.0.0.1'


def seconds(default):
    """How long a fuzzer runs: TESSERA_FUZZ_SECONDS if set, else default."""
    v = os.environ.get('TESSERA_FUZZ_SECONDS')
    if v:
        return max(1.0, float(v))
    return float(default)


def time_limit(default_seconds, overhead=90):
    """The per-test limit for a fuzzer that runs seconds(default_seconds)."""
    return seconds(default_seconds) + overhead


def seed():
    """TESSERA_FUZZ_SEED if set, else a fresh random one; printed by the test so a failure can
    be repeated."""
    v = os.environ.get('TESSERA_FUZZ_SEED')
    if v:
        return int(v, 0)
    return random.SystemRandom().randrange(1, 2 ** 32)


def announce(name, s, secs):
    print('  %s: seed=%d seconds=%g (repeat: TESSERA_FUZZ_SEED=%d TESSERA_FUZZ_SECONDS=%g)'
          % (name, s, secs, s, secs), flush=True)


def connect(port, timeout=10.0):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def close_fin(sock):
    try:
        sock.close()
    except OSError:
        pass


def close_rst(sock):
    """An abortive close: SO_LINGER {1, 0} makes close() send RST and drop unsent data."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    except OSError:
        pass
    close_fin(sock)


def close_random(rng, sock):
    if rng.random() < 0.5:
        close_fin(sock)
    else:
        close_rst(sock)


def raw_on(sock):
    """A harness RawClient reading from an already connected socket."""
    c = RawClient.__new__(RawClient)
    c.sock = sock
    c.buf = bytearray()
    c.pos = 0
    return c


# ---------------------------------------------------------------------------------------------
# Sanitizer reports and server death

_FRAME = re.compile(r'^\s*#(\d+) 0x[0-9a-f]+ (?:in )?(.*)$')


def sanitizer_report(server, most=3):
    """The sanitizer reports in the server's log (up to `most` distinct ones), each condensed to
    its headline and its top stack frames; None when there is none."""
    lines = server.log_text().splitlines()
    reports = []
    i = 0
    while i < len(lines) and len(reports) < most:
        line = lines[i]
        i += 1
        if not any(m in line for m in SANITIZER_MARKERS) or line.lstrip().startswith('SUMMARY'):
            continue
        out = [line.strip()[:300]]
        frames = 0
        for nxt in lines[i:i + 60]:
            m = _FRAME.match(nxt)
            if m:
                out.append('#%s %s' % (m.group(1), m.group(2).strip()[:160]))
                frames += 1
                if frames >= 6:
                    break
            elif frames:
                break  # the first stack ends (the next is "freed by" / "allocated by")
        text = ' | '.join(out)
        if text not in reports:
            reports.append(text)
    if not reports:
        return None
    return ' || '.join(reports)


def death_report(server):
    status = server.proc.poll() if server.proc is not None else None
    rep = sanitizer_report(server)
    return 'server on port %s died (exit status %s): %s' % (
        server.port, status, rep or server.log_tail(800))


class Watchdog:
    """Polls the servers while the fuzzers run: a server that exits, or that does not answer PING
    on a fresh connection within ping_limit seconds, is recorded as a failure and sets stop."""

    def __init__(self, servers, stop, failures, password=None, ping_limit=20.0, period=1.0):
        self.servers = servers  # list of (server, password or None)
        self.stop = stop
        self.failures = failures
        self.ping_limit = ping_limit
        self.period = period
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.done = threading.Event()

    def start(self):
        self.thread.start()
        return self

    def finish(self):
        self.done.set()
        self.thread.join(self.ping_limit + 5)

    def _run(self):
        n = 0
        while not self.done.is_set():
            for server, password in self.servers:
                if not server.alive():
                    self.failures.append(death_report(server))
                    self.stop.set()
                    return
                if n % 3 == 0:
                    err = ping_fresh(server.port, password, self.ping_limit)
                    if err and server.alive():
                        self.failures.append('server on port %s unresponsive during fuzzing: %s'
                                             % (server.port, err))
                        self.stop.set()
                        return
            n += 1
            self.done.wait(self.period)


def ping_fresh(port, password=None, limit=10.0):
    """None when a new connection gets PONG within limit seconds, else what went wrong."""
    try:
        c = RawClient(port, timeout=limit)
    except OSError as e:
        return 'connect: %s' % e
    try:
        if password is not None:
            v = c.cmd('AUTH', password)
            if v != 'OK':
                return 'AUTH answered %r' % (v,)
        v = c.cmd('PING')
        if v != 'PONG':
            return 'PING answered %r' % (v,)
        return None
    except (OSError, EOFError, TestFailure, Exception) as e:
        return '%s: %s' % (type(e).__name__, e)
    finally:
        c.close()


def run_for(threads, stop, secs, join_limit, dog, seed):
    """Runs the fuzz threads for secs, then stops them, the watchdog after them, and fails if
    any thread is still running join_limit seconds after the stop."""
    for t in threads:
        t.start()
    stop.wait(secs)
    stop.set()
    for t in threads:
        t.join(join_limit)
    dog.finish()
    if any(t.is_alive() for t in threads):
        raise TestFailure('seed %d: fuzz threads still running' % seed)


def connected_clients(c):
    return info_field(c, 'clients', 'connected_clients')


def health_problems(server, password=None, settle=5.0):
    """After the fuzzers closed every connection: the server is alive, answers PING on a fresh
    connection, connected_clients falls back to 1 (the checking client) within settle seconds,
    and its log holds no sanitizer report. Returns a list of problems (empty: healthy)."""
    problems = []
    rep = sanitizer_report(server)
    if not server.alive():
        return [death_report(server)]
    err = ping_fresh(server.port, password, 20.0)
    if err:
        problems.append('server on port %s does not answer PING after fuzzing: %s'
                        % (server.port, err))
        return problems
    c = RawClient(server.port, timeout=20)
    try:
        if password is not None:
            c.cmd('AUTH', password)
        deadline = time.monotonic() + settle
        n = connected_clients(c)
        while n != 1 and time.monotonic() < deadline:
            time.sleep(0.1)
            n = connected_clients(c)
        if n != 1:
            listing = c.cmd('CLIENT', 'LIST')
            text = bytes(listing).decode('utf-8', 'replace') if isinstance(listing, bytes) \
                else repr(listing)
            problems.append('server on port %s: connected_clients is %d, not 1, %.0f s after '
                            'every fuzz client closed; CLIENT LIST: %s'
                            % (server.port, n, settle, text[:700].replace('\n', ' | ')))
    except (OSError, EOFError, TestFailure) as e:
        problems.append('server on port %s: checking client failed: %s: %s'
                        % (server.port, type(e).__name__, e))
    finally:
        c.close()
    rep = rep or sanitizer_report(server)
    if rep:
        problems.append('sanitizer report from the server on port %s: %s' % (server.port, rep))
    return problems


def report(name, seed, problems):
    """Fails the test with every problem found: each printed in full first (the runner shortens
    its failure line), server deaths and sanitizer reports leading."""
    if not problems:
        return
    key = lambda p: 0 if ('died' in p or 'sanitizer' in p) else 1  # noqa: E731
    problems = sorted(problems, key=key)
    for p in problems:
        print('  %s: seed=%d: %s' % (name, seed, p), flush=True)
    raise TestFailure('seed %d: %s' % (seed, ' ;; '.join(problems)))
