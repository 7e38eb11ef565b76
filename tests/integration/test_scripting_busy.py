# Long scripts (issue 13): busy-reply-threshold (alias lua-time-limit), the BUSY error other clients
# get while a script runs past it, SCRIPT KILL and FUNCTION KILL (each refusing the other's kind of
# script), the killed script's error, UNKILLABLE once a script has written (then SHUTDOWN NOSAVE
# ends the server, or the script runs to its end), FUNCTION STATS while a function runs, and a
# script shorter than the threshold delaying nobody with an error. Every loop stops by itself after
# a time given in ARGV (it reads TIME between rounds of a pure Lua loop), so no test can hang a
# server. Each busy test runs a server of its own. Every expectation is Redis 7.0.15's observed
# answer; tests skip while the server has no EVAL. Helpers: scriptutil.py.

import time

from harness import eq, ok, own_server, timeout, encode_command, config_get
import scriptutil as su
from scriptutil import wire

BUSY_EVAL = ('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN '
             'NOSAVE.')
BUSY_FUNCTION = ('BUSY Redis is busy running a script. You can only call FUNCTION KILL or '
                 'SHUTDOWN NOSAVE.')
UNKILLABLE = ('UNKILLABLE Sorry the script already executed write commands against the dataset. '
              'You can either wait the script termination or kill the server in a hard way using '
              'the SHUTDOWN NOSAVE command.')
KILLED = 'ERR Script killed by user with SCRIPT KILL...'

# Spins for ARGV[1] milliseconds, mostly in a plain Lua loop; one line, so that wherever it is
# stopped the error names line 1.
SPIN = ("local function now() local t = redis.call('time') return t[1] * 1000000 + t[2] end "
        "local stop = now() + tonumber(ARGV[1]) * 1000 "
        "while now() < stop do for i = 1, 20000 do end end return 'done'")
WRITE_SPIN = "redis.call('set', KEYS[1], 'written') " + SPIN

# The same as functions, each on line 2 of its library (its own line 1 is the header).
SPIN_LIB = ("#!lua name=busy\n"
            "redis.register_function('spin', function(KEYS, ARGV) %s end)\n"
            "redis.register_function('wspin', function(KEYS, ARGV) %s end)\n"
            "redis.register_function{function_name='rospin', "
            "callback=function(KEYS, ARGV) %s end, flags={'no-writes'}}" % (SPIN, WRITE_SPIN, SPIN))


def busy_server(srv, threshold=100):
    """A server of the test's own with busy-reply-threshold set; (server, raw client). One
    worker: there, as in Redis, every client waits behind the busy script (with several, clients
    of other workers whose keys are elsewhere keep being served: test_script_busy.py)."""
    s = srv.start_server(threads=1)
    c = su.require_eval(srv.raw(port=s.port, timeout=30))
    eq(c.cmd('CONFIG', 'SET', 'busy-reply-threshold', str(threshold)), 'OK')
    return s, c


def wait_busy(c, text, limit=10.0):
    """PING on c until it answers the BUSY error text (PONG before the script got going)."""
    deadline = time.monotonic() + limit
    while True:
        v = c.cmd('PING')
        if v == text:
            return
        ok(v == 'PONG', 'PING while a script starts answered %r' % (v,))
        ok(time.monotonic() < deadline, 'no %r within %.0f s' % (text, limit))
        time.sleep(0.01)


def test_busy_reply_threshold_config(srv):
    c = srv.raw()
    eq(config_get(c, 'busy-reply-threshold'), {'busy-reply-threshold': '5000'})
    eq(config_get(c, 'lua-time-limit'), {'lua-time-limit': '5000'})
    try:
        eq(c.cmd('CONFIG', 'SET', 'busy-reply-threshold', '100'), 'OK')
        eq(config_get(c, 'busy-reply-threshold'), {'busy-reply-threshold': '100'})
        eq(config_get(c, 'lua-time-limit'), {'lua-time-limit': '100'})
        eq(c.cmd('CONFIG', 'SET', 'lua-time-limit', '250'), 'OK')
        eq(config_get(c, 'busy-reply-threshold'), {'busy-reply-threshold': '250'})
    finally:
        eq(c.cmd('CONFIG', 'SET', 'busy-reply-threshold', '5000'), 'OK')


@timeout(60)
def test_script_below_threshold_delays_without_error(srv):
    a = su.raw(srv, timeout=30)
    b = srv.raw(timeout=30)
    start = time.monotonic()
    a.send(encode_command('EVAL', SPIN, 0, 300))
    eq(b.cmd_raw('PING'), b'+PONG\r\n')
    eq(b.cmd('SET', 'k', 'v'), 'OK')
    eq(a.read_raw(), b'$4\r\ndone\r\n')
    ok(time.monotonic() - start >= 0.29, 'the script ran its 300 ms')
    eq(b.cmd('GET', 'k'), b'v')


@own_server
@timeout(60)
def test_busy_then_script_kill(srv):
    s, b = busy_server(srv)
    a = srv.raw(port=s.port, timeout=30)
    start = time.monotonic()
    a.send(encode_command('EVAL', SPIN, 0, 20000))
    wait_busy(b, BUSY_EVAL)
    for cmd in (('GET', 'k'), ('SET', 'k', 'v'), ('EVAL', 'return 1', 0), ('SCRIPT', 'EXISTS', 'x'),
                ('INFO', 'server')):
        eq(b.cmd_raw(*cmd), wire(BUSY_EVAL), '%r while the script runs' % (cmd,))
    # another new connection gets the same
    c = srv.raw(port=s.port, timeout=30)
    eq(c.cmd_raw('PING'), wire(BUSY_EVAL))
    # FUNCTION KILL does not kill an EVAL script
    eq(b.cmd_raw('FUNCTION', 'KILL'), wire(BUSY_EVAL))
    eq(b.cmd_raw('SCRIPT', 'KILL'), b'+OK\r\n')
    eq(a.read_raw(), wire(su.script_error(KILLED, SPIN)))
    ok(time.monotonic() - start < 15, 'the script was stopped before its end')
    eq(b.cmd_raw('PING'), b'+PONG\r\n')
    eq(a.cmd_raw('PING'), b'+PONG\r\n')
    eq(c.cmd_raw('SCRIPT', 'KILL'), wire(su.NOTBUSY))
    # the connection and the script cache are fine afterwards
    eq(a.cmd_raw('EVALSHA', su.sha1(SPIN), 0, 10), b'$4\r\ndone\r\n')
    eq(b.cmd('GET', 'k'), None)


@own_server
@timeout(60)
def test_busy_eval_ro_then_script_kill(srv):
    s, b = busy_server(srv)
    a = srv.raw(port=s.port, timeout=30)
    a.send(encode_command('EVAL_RO', SPIN, 0, 20000))
    wait_busy(b, BUSY_EVAL)
    eq(b.cmd_raw('SCRIPT', 'KILL'), b'+OK\r\n')
    eq(a.read_raw(), wire(su.script_error(KILLED, SPIN)))
    eq(b.cmd_raw('PING'), b'+PONG\r\n')


@own_server
@timeout(60)
def test_busy_function_then_function_kill(srv):
    s, b = busy_server(srv)
    su.require_functions(b)
    eq(b.cmd('FUNCTION', 'LOAD', SPIN_LIB), b'busy')
    a = srv.raw(port=s.port, timeout=30)
    start = time.monotonic()
    a.send(encode_command('FCALL', 'spin', 0, 20000))
    wait_busy(b, BUSY_FUNCTION)
    eq(b.cmd_raw('GET', 'k'), wire(BUSY_FUNCTION))
    eq(b.cmd_raw('FCALL', 'spin', 0, 1), wire(BUSY_FUNCTION))
    # FUNCTION STATS tells what runs
    stats = b.cmd('FUNCTION', 'STATS')
    ok(isinstance(stats, list) and len(stats) == 4, 'FUNCTION STATS answered %r' % (stats,))
    eq(stats[0], b'running_script')
    running = dict(zip(stats[1][0::2], stats[1][1::2]))
    eq(sorted(running), [b'command', b'duration_ms', b'name'])
    eq(running[b'name'], b'spin')
    eq(running[b'command'], [b'FCALL', b'spin', b'0', b'20000'])
    ok(isinstance(running[b'duration_ms'], int) and 0 <= running[b'duration_ms'] < 20000,
       'duration_ms %r' % (running[b'duration_ms'],))
    eq(stats[2:], [b'engines', [b'LUA', [b'libraries_count', 1, b'functions_count', 3]]])
    # SCRIPT KILL does not kill a function
    eq(b.cmd_raw('SCRIPT', 'KILL'), wire(BUSY_FUNCTION))
    eq(b.cmd_raw('FUNCTION', 'KILL'), b'+OK\r\n')
    eq(a.read_raw(), wire(su.function_error(KILLED, 'spin', 2)))
    ok(time.monotonic() - start < 15, 'the function was stopped before its end')
    eq(b.cmd_raw('PING'), b'+PONG\r\n')
    eq(b.cmd_raw('FUNCTION', 'KILL'), wire(su.NOTBUSY))
    # FCALL_RO of a no-writes function is stopped the same way
    a.send(encode_command('FCALL_RO', 'rospin', 0, 20000))
    wait_busy(b, BUSY_FUNCTION)
    eq(b.cmd_raw('FUNCTION', 'KILL'), b'+OK\r\n')
    eq(a.read_raw(), wire(su.function_error(KILLED, 'rospin', 4)))
    eq(a.cmd_raw('FCALL', 'spin', 0, 10), b'$4\r\ndone\r\n')


@own_server
@timeout(60)
def test_unkillable_function_runs_to_its_end(srv):
    s, b = busy_server(srv)
    su.require_functions(b)
    eq(b.cmd('FUNCTION', 'LOAD', SPIN_LIB), b'busy')
    a = srv.raw(port=s.port, timeout=30)
    start = time.monotonic()
    a.send(encode_command('FCALL', 'wspin', 1, 'w', 1500))
    wait_busy(b, BUSY_FUNCTION)
    eq(b.cmd_raw('FUNCTION', 'KILL'), wire(UNKILLABLE))
    eq(b.cmd_raw('SCRIPT', 'KILL'), wire(UNKILLABLE))
    eq(a.read_raw(), b'$4\r\ndone\r\n')
    ok(time.monotonic() - start >= 1.4, 'the function ran its 1500 ms')
    eq(b.cmd_raw('PING'), b'+PONG\r\n')
    eq(b.cmd('GET', 'w'), b'written')


@own_server
@timeout(60)
def test_unkillable_script_then_shutdown_nosave(srv):
    s, b = busy_server(srv)
    a = srv.raw(port=s.port, timeout=30)
    start = time.monotonic()
    a.send(encode_command('EVAL', WRITE_SPIN, 1, 'w', 20000))
    wait_busy(b, BUSY_EVAL)
    eq(b.cmd_raw('SCRIPT', 'KILL'), wire(UNKILLABLE))
    eq(b.cmd_raw('FUNCTION', 'KILL'), wire(UNKILLABLE))
    # only SHUTDOWN NOSAVE is served
    eq(b.cmd_raw('SHUTDOWN'), wire(BUSY_EVAL))
    eq(b.cmd_raw('SHUTDOWN', 'SAVE'), wire(BUSY_EVAL))
    eq(b.cmd_raw('PING'), wire(BUSY_EVAL))
    b.send(encode_command('SHUTDOWN', 'NOSAVE'))
    ok(b.wait_closed(10.0), 'SHUTDOWN NOSAVE closes its connection')
    eq(b.pending(), b'', 'SHUTDOWN NOSAVE sends no reply')
    ok(a.wait_closed(10.0), "the script's connection is closed")
    eq(a.pending(), b'', 'the script gets no reply')
    eq(s.wait_exit(10.0), 0, 'exit status after SHUTDOWN NOSAVE (log: %s)' % s.log_tail(800))
    ok(time.monotonic() - start < 15, 'the server ended before the script would have')


@own_server
@timeout(60)
def test_script_ends_by_itself_past_the_threshold(srv):
    s, b = busy_server(srv)
    a = srv.raw(port=s.port, timeout=30)
    a.send(encode_command('EVAL', SPIN, 0, 1000))
    wait_busy(b, BUSY_EVAL)
    eq(a.read_raw(), b'$4\r\ndone\r\n')
    eq(b.cmd_raw('PING'), b'+PONG\r\n')
    eq(b.cmd_raw('SCRIPT', 'KILL'), wire(su.NOTBUSY))
