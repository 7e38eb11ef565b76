# MONITOR: +OK, then one `+<seconds>.<micros> [<db> <ip:port>] "arg" ...` line per command other
# connections run, with arguments quoted as Redis's sdscatrepr quotes them, the command name as
# sent, the db after SELECT, AUTH and HELLO credentials redacted, rejected and admin commands left
# out, MULTI/EXEC in the order Redis shows it, several monitors at once, commands of many
# connections each in its order, and RESET ending it. Redis 7.0.15 is the reference. Run by
# run.py against the shared server.

import re
import time

from harness import eq, ok, own_server, run_threads, timeout, wait_until
from pubsubutil import addr, client_list, nothing_more, require_command, subscribe

LINE = re.compile(rb'\+(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)\r\n', re.S)


def monitor(srv, port=None):
    m = srv.raw(port=port)
    eq(m.cmd_raw('MONITOR'), b'+OK\r\n')
    return m


def line(m):
    """The next MONITOR line of m as (time, db, address, arguments as shown)."""
    raw = m.read_raw()
    found = LINE.fullmatch(raw)
    ok(found, 'a MONITOR line: %r' % raw)
    t = int(found.group(1)) + int(found.group(2)) / 1e6
    return t, int(found.group(3)), found.group(4).decode(), found.group(5)


def expect(m, *want):
    """The next lines of m are want: (client, db, arguments as shown, bytes or str)."""
    for c, db, shown in want:
        _, got_db, got_addr, got_args = line(m)
        if isinstance(shown, str):
            shown = shown.encode()
        eq((got_db, got_addr, got_args), (db, addr(c), shown))


# ---------------------------------------------------------------------------------------------

def test_monitor_answers_ok_then_streams_commands(srv):
    m = monitor(srv)
    c = srv.raw()
    before = time.time()
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    raw = m.read_raw()
    found = LINE.fullmatch(raw)
    ok(found, 'a MONITOR line: %r' % raw)
    eq(found.group(3, 4, 5), (b'0', addr(c).encode(), b'"SET" "k" "v"'))
    t = int(found.group(1)) + int(found.group(2)) / 1e6
    ok(before - 2 <= t <= time.time() + 2, 'the time is the wall clock: %r vs %r' % (t, before))
    eq(c.cmd('GET', 'k'), b'v')
    expect(m, (c, 0, '"GET" "k"'))
    nothing_more(m)


def test_timestamps_do_not_go_back(srv):
    m = monitor(srv)
    c = srv.raw()
    for i in range(50):
        c.cmd('INCR', 'n')
    times = [line(m)[0] for _ in range(50)]
    eq(times, sorted(times), 'timestamps in order')


def test_arguments_quoted_like_sdscatrepr(srv):
    m = monitor(srv)
    c = srv.raw()
    c.cmd('SET', b'bin\x00\r\n"q\\\x7f\xff\t\x07\x08 ', b'x y')
    c.cmd('SET', b'', 'caf\xe9'.encode('utf-8'))
    c.cmd('ECHO', bytes(range(0x20)))
    c.cmd('ECHO', b"'single' ~!@#$%^&*()_+{}|:<>?`-=[];,./")
    expect(m,
           (c, 0, rb'"SET" "bin\x00\r\n\"q\\\x7f\xff\t\a\b " "x y"'),
           (c, 0, rb'"SET" "" "caf\xc3\xa9"'),
           (c, 0, rb'"ECHO" "\x00\x01\x02\x03\x04\x05\x06\a\b\t\n\x0b\x0c\r\x0e\x0f'
                  rb'\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"'),
           (c, 0, b'"ECHO" "\'single\' ~!@#$%^&*()_+{}|:<>?`-=[];,./"'))


def test_command_name_shown_as_sent(srv):
    m = monitor(srv)
    c = srv.raw()
    c.cmd('Get', 'k')
    c.cmd('set', 'k', 'v')
    c.cmd('dEl', 'k')
    expect(m, (c, 0, '"Get" "k"'), (c, 0, '"set" "k" "v"'), (c, 0, '"dEl" "k"'))


def test_db_after_select(srv):
    m = monitor(srv)
    c = srv.raw()
    try:
        c.cmd('SELECT', '3')
        c.cmd('SET', 'k', 'v')
        c.cmd('SELECT', '0')
        c.cmd('GET', 'k')
        # SELECT is shown with the db it selected.
        expect(m, (c, 3, '"SELECT" "3"'), (c, 3, '"SET" "k" "v"'), (c, 0, '"SELECT" "0"'),
               (c, 0, '"GET" "k"'))
    finally:
        c.cmd('SELECT', '3')
        c.cmd('FLUSHDB')


def test_auth_and_hello_credentials_redacted(srv):
    m = monitor(srv)
    c = srv.raw()
    c.cmd('AUTH', 'secret')                       # fails (no password set): still shown
    c.cmd('AUTH', 'someone', 'secret')
    c.cmd('HELLO', '2', 'AUTH', 'someone', 'secret')
    c.cmd('hello', '2', 'auth', 'someone', 'secret', 'SETNAME', 'nm')
    c.cmd('HELLO', '3')
    c.cmd('HELLO', '2', 'SETNAME', 'visible')
    expect(m,
           (c, 0, '"AUTH" "(redacted)"'),
           (c, 0, '"AUTH" "(redacted)" "(redacted)"'),
           (c, 0, '"HELLO" "2" "AUTH" "(redacted)" "(redacted)"'),
           (c, 0, '"hello" "2" "auth" "(redacted)" "(redacted)" "SETNAME" "nm"'),
           (c, 0, '"HELLO" "3"'),
           (c, 0, '"HELLO" "2" "SETNAME" "visible"'))
    nothing_more(m)


@own_server
def test_with_requirepass(srv):
    s = srv.start_server(['--requirepass', 'pw'])
    m = srv.raw(port=s.port)
    eq(m.cmd('MONITOR'), 'NOAUTH Authentication required.')
    eq(m.cmd('AUTH', 'pw'), 'OK')
    eq(m.cmd_raw('MONITOR'), b'+OK\r\n')
    c = srv.raw(port=s.port)
    eq(c.cmd('GET', 'k'), 'NOAUTH Authentication required.')      # refused: not shown
    c.cmd('AUTH', 'wrong')
    eq(c.cmd('AUTH', 'pw'), 'OK')
    eq(c.cmd('GET', 'k'), None)
    expect(m, (c, 0, '"AUTH" "(redacted)"'), (c, 0, '"AUTH" "(redacted)"'), (c, 0, '"GET" "k"'))
    nothing_more(m)


def test_rejected_and_admin_commands_not_shown(srv):
    m = monitor(srv)
    c = srv.raw()
    c.cmd('NOSUCHCOMMAND', 'x')                   # unknown
    c.cmd('GET', 'a', 'b')                        # wrong arity
    c.cmd('CONFIG', 'GET', 'maxclients')          # admin
    c.cmd('CONFIG', 'SET', 'maxclients', '10000')
    other = srv.raw()
    eq(other.cmd_raw('MONITOR'), b'+OK\r\n')      # admin
    s = srv.raw()
    subscribe(s, 'SUBSCRIBE', 'ch')
    # lines of clients on different workers may reach the monitor in either order: the
    # SUBSCRIBE line first, then the marker after the refused GET
    expect(m, (s, 0, '"SUBSCRIBE" "ch"'))
    s.cmd('GET', 'k')                             # refused in subscribed mode
    c.cmd('SET', 'marker', '1')
    expect(m, (c, 0, '"SET" "marker" "1"'))
    nothing_more(m)


def test_commands_that_fail_are_shown(srv):
    m = monitor(srv)
    c = srv.raw()
    c.cmd('SET', 's', 'v')
    c.cmd('LPUSH', 's', 'x')                      # WRONGTYPE: it ran
    c.cmd('INCR', 's')                            # not an integer: it ran
    expect(m, (c, 0, '"SET" "s" "v"'), (c, 0, '"LPUSH" "s" "x"'), (c, 0, '"INCR" "s"'))


def test_pubsub_commands_shown(srv):
    m = monitor(srv)
    s = srv.raw()
    subscribe(s, 'SUBSCRIBE', 'ch')
    eq(s.cmd('PING', 'p'), [b'pong', b'p'])
    eq(s.cmd('UNSUBSCRIBE'), [b'unsubscribe', b'ch', 0])
    # lines of clients on different workers may reach the monitor in either order: read s's
    # lines before p sends its command
    expect(m, (s, 0, '"SUBSCRIBE" "ch"'), (s, 0, '"PING" "p"'), (s, 0, '"UNSUBSCRIBE"'))
    p = srv.raw()
    eq(p.cmd('PUBLISH', 'ch', 'm'), 0)
    expect(m, (p, 0, '"PUBLISH" "ch" "m"'))


def test_quit_shown(srv):
    m = monitor(srv)
    c = srv.raw()
    where = addr(c)
    eq(c.cmd('QUIT'), 'OK')
    _, db, a, args = line(m)
    eq((db, a, args), (0, where, b'"QUIT"'))


def test_multi_exec_shown_at_exec(srv):
    m = monitor(srv)
    c = srv.raw()
    other = srv.raw()
    eq(require_command(c, 'MULTI'), 'OK')
    eq(c.cmd('SET', 'a', '1'), 'QUEUED')
    eq(c.cmd('INCR', 'a'), 'QUEUED')
    # lines of clients on different workers may reach the monitor in either order: read c's
    # MULTI line before the other client sends its command
    expect(m, (c, 0, '"MULTI"'))
    eq(other.cmd('SET', 'b', '2'), 'OK')
    expect(m, (other, 0, '"SET" "b" "2"'))
    eq(c.cmd('EXEC'), ['OK', 2])
    # Queued commands are shown when EXEC runs them, before the EXEC itself.
    expect(m, (c, 0, '"SET" "a" "1"'), (c, 0, '"INCR" "a"'), (c, 0, '"EXEC"'))
    eq(c.cmd('MULTI'), 'OK')
    eq(c.cmd('SET', 'a', '1'), 'QUEUED')
    eq(c.cmd('DISCARD'), 'OK')
    expect(m, (c, 0, '"MULTI"'), (c, 0, '"DISCARD"'))
    nothing_more(m)


def test_several_monitors_see_the_same_lines(srv):
    ms = [monitor(srv) for _ in range(3)]
    c = srv.raw()
    for i in range(20):
        c.cmd('SET', 'k%d' % i, i)
    first = [ms[0].read_raw() for _ in range(20)]
    for i, raw in enumerate(first):
        found = LINE.fullmatch(raw)
        ok(found, 'a MONITOR line: %r' % raw)
        eq(found.group(5), b'"SET" "k%d" "%d"' % (i, i))
    for m in ms[1:]:
        eq([m.read_raw() for _ in range(20)], first, 'every monitor gets the same bytes')
    # One monitor leaving does not disturb the others.
    ms[0].close()
    c.cmd('GET', 'k0')
    for m in ms[1:]:
        expect(m, (c, 0, '"GET" "k0"'))


@timeout(60)
def test_commands_of_many_connections_each_in_order(srv):
    m = monitor(srv)
    nclients, n = 8, 100
    clients = [srv.raw() for _ in range(nclients)]

    def work(i):
        c = clients[i]
        for j in range(n):
            v = c.cmd('SET', 'c%d' % i, j)
            if v != 'OK':
                raise AssertionError('SET answered %r' % v)

    eq(run_threads([(work, (i,)) for i in range(nclients)], 30), [], 'client errors')
    seen = {}
    for _ in range(nclients * n):
        _, db, a, args = line(m)
        seen.setdefault(a, []).append(args)
    for i, c in enumerate(clients):
        eq(seen.get(addr(c)), [b'"SET" "c%d" "%d"' % (i, j) for j in range(n)],
           'client %d lines in order' % i)
    nothing_more(m)


def test_reset_ends_monitor(srv):
    m = monitor(srv)
    c = srv.raw()
    c.cmd('SET', 'k', 'v')
    expect(m, (c, 0, '"SET" "k" "v"'))
    eq(m.cmd_raw('RESET'), b'+RESET\r\n')
    c.cmd('SET', 'k', 'w')
    eq(m.cmd('GET', 'k'), b'w')
    nothing_more(m)


def test_client_list_flags_a_monitor(srv):
    m = monitor(srv)
    c = srv.raw()
    row = client_list(c)[addr(m)]
    eq((row['flags'], row['cmd']), ('O', 'monitor'))
    eq(client_list(c)[addr(c)]['flags'], 'N')


def test_resp3_monitor_lines_are_simple_strings(srv):
    m = srv.raw()
    eq(m.cmd('HELLO', '3')[b'proto'], 3)
    eq(m.cmd_raw('MONITOR'), b'+OK\r\n')
    c = srv.raw()
    c.cmd('SET', 'k', 'v')
    expect(m, (c, 0, '"SET" "k" "v"'))


def test_closed_monitor_is_dropped(srv):
    m = monitor(srv)
    m.close()
    c = srv.raw()
    for i in range(200):
        eq(c.cmd('SET', 'k', i), 'OK')

    def clients():
        for row in c.cmd('INFO', 'clients').decode().split('\r\n'):
            if row.startswith('connected_clients:'):
                return int(row.split(':')[1])
    wait_until(lambda: clients() == 1, 10, msg='the monitor connection gone')
    eq(c.cmd('PING'), 'PONG')


def test_script_commands_shown_as_lua(srv):
    """EVAL and FCALL show as their client's commands, then each command the script runs as
    `[<db> lua]`, once, even when the script had to run again over more shards (a key it did
    not declare)."""
    c = srv.raw()
    eq(c.cmd('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=mon\n"
             "redis.register_function('inc', function(k, a) return redis.call('incr', k[1]) end)"),
       b'mon')
    m = monitor(srv)
    body = "redis.call('set', KEYS[1], '1') return redis.call('get', ARGV[1])"
    eq(c.cmd('EVAL', body, 1, 'mon:a', 'mon:undeclared'), None)
    eq(c.cmd('FCALL', 'inc', 1, 'mon:cnt'), 1)
    expect(m, (c, 0, b'"EVAL" "' + body.encode() + b'" "1" "mon:a" "mon:undeclared"'))
    for shown in (b'"set" "mon:a" "1"', b'"get" "mon:undeclared"'):
        _, db, who, args = line(m)
        eq((db, who, args), (0, 'lua', shown))
    expect(m, (c, 0, '"FCALL" "inc" "1" "mon:cnt"'))
    _, db, who, args = line(m)
    eq((db, who, args), (0, 'lua', b'"incr" "mon:cnt"'))
    nothing_more(m)
    c.cmd('FUNCTION', 'DELETE', 'mon')
