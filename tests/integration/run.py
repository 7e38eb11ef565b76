#!/usr/bin/python3
# Integration test runner: finds test_*.py beside this file, runs every `def test_xxx(srv)` against
# a real server binary over TCP (one shared server per file, FLUSHALL between tests), one line per
# test and a final `N passed, M failed`. --reference runs the same suite against redis-server 7.0.
#
#   run.py --server build/tessera-server [-k substring] [--threads N]
#   run.py --server /usr/bin/redis-server --reference

import argparse
import atexit
import importlib
import os
import resource
import signal
import sys
import threading
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep the source tree clean

import harness  # noqa: E402

DEFAULT_TIME_LIMIT = 60.0


def parse_args(argv):
    p = argparse.ArgumentParser(description='Tessera integration tests')
    p.add_argument('--server', required=True, help='server binary under test')
    p.add_argument('--reference', action='store_true',
                   help='run against /usr/bin/redis-server 7.0 and skip Tessera-only tests')
    p.add_argument('-k', dest='keyword', default=None, action='append',
                   help='only tests whose name (file.function) contains this substring (repeatable: any of them)')
    p.add_argument('--threads', type=int, default=4,
                   help='worker threads given to the server under test (default 4; '
                        'not passed with --reference)')
    p.add_argument('--time-limit', type=float, default=DEFAULT_TIME_LIMIT,
                   help='default per-test time limit in seconds')
    p.add_argument('--io-backend', choices=('io_uring', 'epoll'), default=None,
                   help="passed to every Tessera server the tests start (default: the server's)")
    opts = p.parse_args(argv)
    # Servers run with their temporary directory as working directory.
    opts.server = os.path.abspath(opts.server)
    if not opts.reference and not os.access(opts.server, os.X_OK):
        p.error('server binary %s is not executable' % opts.server)
    return opts


def raise_fd_limit():
    # 1,000-connection tests need more descriptors than the usual soft limit of 1024.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        except (ValueError, OSError):
            pass


def discover():
    files = sorted(f for f in os.listdir(HERE) if f.startswith('test_') and f.endswith('.py'))
    modules = []
    for f in files:
        name = f[:-3]
        mod = importlib.import_module(name)
        tests = [(k, v) for k, v in vars(mod).items()
                 if k.startswith('test_') and callable(v) and getattr(v, '__module__', '') == name]
        modules.append((name, tests))
    return modules


def describe_exception(exc, tb):
    """One line: the failure text plus where in a test file it happened."""
    where = ''
    for frame in reversed(traceback.extract_tb(tb)):
        if os.path.basename(frame.filename).startswith('test_'):
            where = ' [%s:%d]' % (os.path.basename(frame.filename), frame.lineno)
            break
    if isinstance(exc, harness.TestFailure):
        text = str(exc)
    else:
        text = '%s: %s' % (type(exc).__name__, exc)
    text = text.replace('\r', '\\r').replace('\n', '\\n')
    if len(text) > 600:
        text = text[:600] + '...'
    return text + where


class SharedServer:
    """The server a test file shares between its tests; started on first use, restarted after a
    crash or a timeout, and stopped (SIGTERM) at the end of the file."""

    def __init__(self, opts):
        self.opts = opts
        self.server = None
        self.start_error = None
        self.bad_exits = []

    def get(self):
        if self.start_error:
            raise harness.ServerStartError(self.start_error)
        if self.server is None:
            s = harness.Server(self.opts.server, reference=self.opts.reference,
                               threads=self.opts.threads)
            try:
                s.start()
            except harness.ServerStartError as e:
                s.cleanup()
                self.start_error = 'shared server failed to start: %s' % e
                raise harness.ServerStartError(self.start_error)
            self.server = s
        return self.server

    def flush(self):
        c = harness.RawClient(self.server.port, timeout=10)
        try:
            v = c.cmd('FLUSHALL')
            if v != 'OK':
                raise harness.TestFailure('FLUSHALL before the test answered %r' % v)
        finally:
            c.close()

    def discard(self, why):
        """Drops a server that died or hung; the next test gets a fresh one."""
        if self.server is not None:
            status = self.server.stop()
            self.server.cleanup()
            self.server = None
            return status
        return None

    def finish(self):
        """SIGTERM at the end of the file; the exit status (None if no server ran)."""
        if self.server is None:
            return None
        status = self.server.stop()
        found = self.server.sanitizer_findings()
        tail = self.server.log_tail()
        if found:
            tail = 'sanitizer report: %s; log: %s' % (found, tail)
        self.server.cleanup()
        self.server = None
        return status, tail


def run_one(fn, fixture, limit):
    """Runs fn(fixture) in a thread with a time limit. Returns None or a failure string, or
    raises harness.Skip."""
    result = {}

    def body():
        try:
            fn(fixture)
        except harness.Skip as e:
            result['skip'] = str(e) or 'skipped'
        except BaseException as e:  # noqa: B902 - every failure becomes a report line
            result['error'] = describe_exception(e, e.__traceback__)

    t = threading.Thread(target=body, daemon=True)
    t.start()
    t.join(limit)
    if t.is_alive():
        return 'timed out after %.0f s' % limit, True
    if 'skip' in result:
        raise harness.Skip(result['skip'])
    return result.get('error'), False


def main(argv):
    opts = parse_args(argv)
    if opts.io_backend:
        os.environ['TESSERA_TEST_IO_BACKEND'] = opts.io_backend  # read by harness.tessera_args
    raise_fd_limit()
    atexit.register(harness.kill_all_servers)

    def on_signal(signum, frame):
        harness.kill_all_servers()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    passed = failed = skipped = 0

    def report(name, error):
        nonlocal passed, failed
        if error is None:
            passed += 1
            print('PASS %s' % name, flush=True)
        else:
            failed += 1
            print('FAIL %s: %s' % (name, error), flush=True)

    for modname, tests in discover():
        selected = [(n, f) for n, f in tests
                    if opts.keyword is None
                    or any(k in '%s.%s' % (modname, n) for k in opts.keyword)]
        if not selected:
            continue
        shared = SharedServer(opts)
        for tname, fn in selected:
            name = '%s.%s' % (modname, tname)
            if opts.reference and getattr(fn, 'tessera_only', False):
                skipped += 1
                print('SKIP %s: Tessera-only' % name, flush=True)
                continue
            uses_shared = not getattr(fn, 'own_server', False)
            fixture = harness.Fixture(opts)
            error = None
            timed_out = False
            try:
                if uses_shared:
                    fixture.server = shared.get()
                    shared.flush()
                error, timed_out = run_one(fn, fixture, getattr(fn, 'time_limit', opts.time_limit))
            except harness.Skip as e:
                skipped += 1
                print('SKIP %s: %s' % (name, e), flush=True)
                fixture.close()
                continue
            except Exception as e:  # the shared server would not start or flush
                error = describe_exception(e, e.__traceback__)
            for bad in fixture.close():
                error = (error + '; ' if error else '') + bad
            if uses_shared and shared.server is not None:
                found = shared.server.sanitizer_findings()
                if found:
                    error = (error + '; ' if error else '') + 'sanitizer report: ' + found
                if not shared.server.alive():
                    status = shared.server.proc.returncode
                    tail = shared.server.log_tail()
                    shared.discard('died')
                    error = (error + '; ' if error else '') + \
                        'server died during the test (exit status %s): %s' % (status, tail)
                elif timed_out:
                    shared.discard('timed out')
            report(name, error)
        end = shared.finish()
        if end is not None:
            status, tail = end
            if status != 0:
                report('%s.shared_server_exit_status' % modname,
                       'server exited with status %s after SIGTERM (expected 0): %s'
                       % (status, tail))
            elif tail.startswith('sanitizer report'):
                report('%s.shared_server_exit_status' % modname, tail)
            else:
                report('%s.shared_server_exit_status' % modname, None)

    harness.kill_all_servers()
    print('%d passed, %d failed' % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
