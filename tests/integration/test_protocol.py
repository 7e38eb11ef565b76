# The wire protocol over TCP: inline commands, deep pipelines, requests split anywhere, malformed
# requests (error text, then the connection closes, others unaffected), size limits, 1,000 clients,
# clients vanishing mid-request, and RESP3 (HELLO, its map, nulls, sets, maps). Run by run.py.

import socket
import struct
import threading
import time

from harness import eq, ok, timeout, own_server, encode_command, RawClient, Verbatim, TestFailure


def expect_protocol_error(srv, data, text):
    """Sends data on a fresh connection: exactly one error reply `text`, then the server closes;
    a second client keeps working throughout."""
    other = srv.raw()
    eq(other.cmd('SET', 'bystander', 'ok'), 'OK')
    c = srv.raw()
    c.send(data)
    v, raw = c.read_reply()
    eq(raw, b'-' + text.encode() + b'\r\n', 'reply to %r' % data[:40])
    ok(c.wait_closed(5.0), 'connection stays open after %r' % text)
    eq(c.pending(), b'', 'bytes after the protocol error')
    eq(other.cmd('GET', 'bystander'), b'ok', 'other client after a protocol error')
    eq(srv.raw().cmd('PING'), 'PONG', 'a new client after a protocol error')


# ---------------------------------------------------------------------------------------------
# Inline commands

def test_inline_commands(srv):
    c = srv.raw()
    c.send(b'PING\r\n')
    eq(c.read_raw(), b'+PONG\r\n')
    c.send(b'SET k "hello world"\r\n')
    eq(c.read_raw(), b'+OK\r\n')
    c.send(b'GET k\r\n')
    eq(c.read_raw(), b'$11\r\nhello world\r\n')
    c.send(b'ping\n')
    eq(c.read_raw(), b'+PONG\r\n', 'LF alone ends an inline command')
    c.send(b'  ping   \r\n')
    eq(c.read_raw(), b'+PONG\r\n', 'surrounding spaces')
    c.send(b'\r\n\r\nECHO   a\r\n')
    eq(c.read_raw(), b'$1\r\na\r\n', 'empty lines are skipped')
    c.send(b'echo ""\r\n')
    eq(c.read_raw(), b'$0\r\n\r\n')
    c.send(b"echo 'a\\'b'\r\n")
    eq(c.read_raw(), b"$3\r\na'b\r\n", 'single quotes with an escaped quote')
    c.send(b'SET e "a\\x41\\n\\t\\"q"\r\nGET e\r\n')
    eq(c.read_raw(), b'+OK\r\n')
    eq(c.read_raw(), b'$6\r\naA\n\t"q\r\n', 'escapes inside double quotes')
    c.send(b'*0\r\n*-1\r\nPING\r\n')
    eq(c.read_raw(), b'+PONG\r\n', 'empty multibulk requests are skipped')
    c.send(b'PING\r\n*1\r\n$4\r\nPING\r\nPING\r\n')
    eq([c.read_raw() for _ in range(3)], [b'+PONG\r\n'] * 3, 'inline and multibulk mixed')
    c.send(b'NOSUCHCMD x\r\n')
    eq(c.read_raw(), b"-ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \r\n")


def test_inline_unbalanced_quotes(srv):
    expect_protocol_error(srv, b'SET k "abc\r\n', 'ERR Protocol error: unbalanced quotes in request')
    expect_protocol_error(srv, b"SET k 'abc\r\n", 'ERR Protocol error: unbalanced quotes in request')
    expect_protocol_error(srv, b'SET k "a"b\r\n', 'ERR Protocol error: unbalanced quotes in request')


def test_inline_too_big(srv):
    expect_protocol_error(srv, b'a' * 70000, 'ERR Protocol error: too big inline request')


# ---------------------------------------------------------------------------------------------
# Pipelines and fragmentation

@timeout(120)
def test_deep_pipeline_across_shards_is_complete_and_ordered(srv):
    # 100,000 SETs and GETs over keys of every shard in one stream: the server holds back input
    # while too much is out on other shards, and must still answer everything, in order.
    c = srv.raw()
    # sendall's timeout covers the whole write, and a sanitizer build takes its time.
    c.sock.settimeout(110)
    n = 50000
    parts = []
    for i in range(n):
        parts.append(encode_command('SET', 'deep:%d' % i, 'v%d' % i))
        parts.append(encode_command('GET', 'deep:%d' % i))
    data = b''.join(parts)
    err = []

    def writer():
        try:
            c.sock.sendall(data)
        except OSError as e:
            err.append(e)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    for i in range(n):
        eq(c.read_raw(), b'+OK\r\n', 'SET %d' % i)
        v = b'v%d' % i
        eq(c.read_raw(), b'$%d\r\n%s\r\n' % (len(v), v), 'GET %d' % i)
    t.join(30)
    ok(not err, 'sending the pipeline failed: %r' % err)
    eq(c.cmd('DBSIZE'), n)


@timeout(60)
def test_pipeline_10000_in_one_write(srv):
    c = srv.raw(timeout=30)
    n = 10000
    parts = []
    expected = []
    for i in range(n):
        k = 'p%d' % ((i // 4) % 97)
        m = i % 4
        if m == 0:
            parts.append(encode_command('SET', k, 'v%d' % i))
            expected.append(b'+OK\r\n')
        elif m == 1:
            parts.append(encode_command('GET', k))
            v = b'v%d' % (i - 1)
            expected.append(b'$%d\r\n%s\r\n' % (len(v), v))
        elif m == 2:
            parts.append(encode_command('INCR', 'counter'))
            expected.append(b':%d\r\n' % (i // 4 + 1))
        else:
            parts.append(encode_command('ECHO', 'e%d' % i))
            e = b'e%d' % i
            expected.append(b'$%d\r\n%s\r\n' % (len(e), e))
    data = b''.join(parts)
    err = []

    def writer():
        try:
            c.sock.sendall(data)   # one write of the whole pipeline
        except OSError as e:
            err.append(e)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    for i in range(n):
        raw = c.read_raw()
        if raw != expected[i]:
            raise TestFailure('reply %d of %d: expected %r, got %r' % (i, n, expected[i], raw))
    t.join(10)
    ok(not err, 'sending the pipeline failed: %r' % err)
    eq(c.cmd('GET', 'counter'), b'2500')


def test_request_byte_by_byte(srv):
    c = srv.raw()
    data = encode_command('SET', 'slow', 'value-sent-slowly') + encode_command('GET', 'slow') + \
        b'ECHO inline\r\n'
    deadline = time.monotonic() + 10
    for i in range(len(data)):
        c.send(data[i:i + 1])
        time.sleep(0.002)
        ok(time.monotonic() < deadline, 'feeding bytes took too long')
    eq(c.read_raw(), b'+OK\r\n')
    eq(c.read_raw(), b'$17\r\nvalue-sent-slowly\r\n')
    eq(c.read_raw(), b'$6\r\ninline\r\n')


def test_no_reply_before_request_complete(srv):
    c = srv.raw()
    data = encode_command('SET', 'k', 'v')
    c.send(data[:-1])
    c.settimeout(0.3)
    try:
        got = c.sock.recv(100)
        raise TestFailure('server answered an incomplete request with %r' % got)
    except socket.timeout:
        pass
    c.settimeout(10)
    c.send(data[-1:])
    eq(c.read_raw(), b'+OK\r\n')


def test_request_split_at_every_byte(srv):
    c = srv.raw()
    data = encode_command('SET', 'split', 'abc\r\ndef') + encode_command('GET', 'split') + \
        b'PING\r\n' + encode_command('MGET', 'split', 'nokey')
    expected = [b'+OK\r\n', b'$8\r\nabc\r\ndef\r\n', b'+PONG\r\n',
                b'*2\r\n$8\r\nabc\r\ndef\r\n$-1\r\n']
    for i in range(1, len(data)):
        c.send(data[:i])
        time.sleep(0.003)
        c.send(data[i:])
        for j, e in enumerate(expected):
            raw = c.read_raw()
            if raw != e:
                raise TestFailure('split at byte %d, reply %d: expected %r, got %r' % (i, j, e, raw))


def test_large_value_in_pieces(srv):
    c = srv.raw()
    value = bytes(i % 251 for i in range(3 * 1024 * 1024 + 17))
    data = encode_command('SET', 'big', value)
    for i in range(0, len(data), 65521):
        c.send(data[i:i + 65521])
    eq(c.read_raw(), b'+OK\r\n')
    eq(c.cmd('GET', 'big'), value)
    eq(c.cmd('STRLEN', 'big'), len(value))


# ---------------------------------------------------------------------------------------------
# Malformed requests

def test_malformed_multibulk_length(srv):
    expect_protocol_error(srv, b'*abc\r\n', 'ERR Protocol error: invalid multibulk length')
    expect_protocol_error(srv, b'*' + b'9' * 30 + b'\r\n',
                          'ERR Protocol error: invalid multibulk length')


def test_malformed_bulk_length(srv):
    expect_protocol_error(srv, b'*1\r\n$-3\r\n', 'ERR Protocol error: invalid bulk length')
    expect_protocol_error(srv, b'*1\r\n$abc\r\n', 'ERR Protocol error: invalid bulk length')
    expect_protocol_error(srv, b'*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$-1\r\n',
                          'ERR Protocol error: invalid bulk length')


def test_malformed_expected_dollar(srv):
    expect_protocol_error(srv, b'*1\r\n+foo\r\n', "ERR Protocol error: expected '$', got '+'")
    expect_protocol_error(srv, b'*2\r\n$4\r\nECHO\r\n:5\r\n',
                          "ERR Protocol error: expected '$', got ':'")


def test_malformed_after_good_commands(srv):
    # Replies to the commands before the bad one still arrive, in order.
    c = srv.raw()
    c.send(b'PING\r\n' + encode_command('SET', 'k', 'v') + b'*1\r\n+foo\r\n' +
           encode_command('SET', 'never', 'v'))
    eq(c.read_raw(), b'+PONG\r\n')
    eq(c.read_raw(), b'+OK\r\n')
    eq(c.read_raw(), b"-ERR Protocol error: expected '$', got '+'\r\n")
    ok(c.wait_closed(5.0), 'connection closed after the protocol error')
    d = srv.raw()
    eq(d.cmd('GET', 'k'), b'v')
    eq(d.cmd('EXISTS', 'never'), 0, 'nothing after the bad request ran')


def test_too_big_count_strings(srv):
    expect_protocol_error(srv, b'*' + b'1' * 70000, 'ERR Protocol error: too big mbulk count string')
    expect_protocol_error(srv, b'*1\r\n$' + b'1' * 70000,
                          'ERR Protocol error: too big bulk count string')


def test_bulk_over_proto_max_bulk_len(srv):
    expect_protocol_error(srv, b'*2\r\n$4\r\nECHO\r\n$536870913\r\n',
                          'ERR Protocol error: invalid bulk length')


@own_server
def test_proto_max_bulk_len_option(srv):
    s = srv.start_server(['--proto-max-bulk-len', '1048576'])
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', b'x' * 1048576), 'OK', 'a bulk of exactly proto-max-bulk-len')
    eq(c.cmd('STRLEN', 'k'), 1048576)
    c.send(b'*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n')
    eq(c.read_raw(), b'-ERR Protocol error: invalid bulk length\r\n')
    ok(c.wait_closed(5.0), 'connection closed')
    eq(srv.raw(port=s.port).cmd('STRLEN', 'k'), 1048576)


@timeout(90)
def test_huge_multibulk_count(srv):
    # *1048577 is not an error in itself: the server waits for (and runs) all the arguments.
    c = srv.raw(timeout=60)
    eq(c.cmd('SET', 'x', '1'), 'OK')
    n = 1048577
    head = b'*%d\r\n$6\r\nEXISTS\r\n' % n
    c.send(head)
    c.settimeout(0.3)
    try:
        got = c.sock.recv(100)
        raise TestFailure('server answered the bare multibulk header with %r' % got)
    except socket.timeout:
        pass
    c.settimeout(60)
    other = srv.raw()
    eq(other.cmd('PING'), 'PONG', 'other clients are served meanwhile')
    body = b'$1\r\nx\r\n' * (n - 1)
    err = []

    def writer():
        try:
            c.sock.sendall(body)
        except OSError as e:
            err.append(e)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    eq(c.read_raw(), b':%d\r\n' % (n - 1))
    t.join(30)
    ok(not err, 'sending failed: %r' % err)
    eq(c.cmd('PING'), 'PONG')


# ---------------------------------------------------------------------------------------------
# Many clients, vanishing clients

@timeout(120)
def test_1000_concurrent_connections(srv):
    nthreads, per = 10, 100
    errors = []

    def worker(t):
        conns = []
        try:
            for i in range(per):
                conns.append(RawClient(srv.port, timeout=30))
            for i, c in enumerate(conns):
                c.send(encode_command('SET', 'conn:%d:%d' % (t, i), 'value-%d-%d' % (t, i)))
            for c in conns:
                v = c.read()
                if v != 'OK':
                    errors.append('SET answered %r' % v)
                    return
            for i, c in enumerate(conns):
                c.send(encode_command('GET', 'conn:%d:%d' % (t, i)))
            for i, c in enumerate(conns):
                v = c.read()
                if v != b'value-%d-%d' % (t, i):
                    errors.append('GET conn:%d:%d answered %r' % (t, i, v))
                    return
        except Exception as e:
            errors.append('%s: %s' % (type(e).__name__, e))
        finally:
            for c in conns:
                c.close()

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(nthreads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(90)
    ok(all(not th.is_alive() for th in threads), 'clients still running after 90 s')
    ok(not errors, '%d errors, first: %s' % (len(errors), errors[:3]))
    eq(srv.raw().cmd('DBSIZE'), nthreads * per)
    ok(time.monotonic() - start < 90, '1000 clients took too long')


def test_1000_connections_open_at_once(srv):
    conns = []
    try:
        for i in range(1000):
            conns.append(RawClient(srv.port, timeout=30))
        for c in conns:
            c.send(b'PING\r\n')
        for c in conns:
            eq(c.read_raw(), b'+PONG\r\n')
        info = srv.raw().cmd('INFO', 'clients').decode()
        line = [l for l in info.split('\r\n') if l.startswith('connected_clients:')]
        ok(line and int(line[0].split(':')[1]) >= 1001, 'connected_clients %r' % line)
    finally:
        for c in conns:
            c.close()


def test_client_disconnects_mid_request(srv):
    full = encode_command('SET', 'half', 'x' * 100)
    cuts = [1, 4, 10, 15, len(full) - 60, len(full) - 3, len(full) - 1]
    for cut in cuts:
        c = RawClient(srv.port)
        c.send(full[:cut])
        c.close()
    for cut in cuts:
        # The abrupt kind: RST instead of FIN.
        c = RawClient(srv.port)
        c.send(full[:cut])
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        c.close()
    c = RawClient(srv.port)
    c.send(full[:30])
    c.sock.shutdown(socket.SHUT_WR)
    c.close()
    time.sleep(0.1)
    r = srv.raw()
    eq(r.cmd('PING'), 'PONG')
    eq(r.cmd('EXISTS', 'half'), 0, 'a half-sent SET ran')
    eq(r.cmd('SET', 'k', 'v'), 'OK')
    eq(r.cmd('GET', 'k'), b'v')


def test_client_disconnects_with_unread_replies(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'big', b'y' * 100000), 'OK')
    for _ in range(5):
        c = RawClient(srv.port)
        c.send(encode_command('GET', 'big') * 300)
        time.sleep(0.02)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        c.close()
    time.sleep(0.2)
    eq(r.cmd('STRLEN', 'big'), 100000)
    eq(srv.raw().cmd('PING'), 'PONG')


def test_half_closed_client_still_gets_replies(srv):
    # A client that shuts down its sending side still receives the replies it asked for.
    c = srv.raw()
    c.send(encode_command('SET', 'hc', 'v') + encode_command('GET', 'hc'))
    c.sock.shutdown(socket.SHUT_WR)
    eq(c.read_raw(), b'+OK\r\n')
    eq(c.read_raw(), b'$1\r\nv\r\n')


def test_empty_bulk_arguments(srv):
    c = srv.raw()
    c.send(b'*2\r\n$4\r\nECHO\r\n$0\r\n\r\n')
    eq(c.read_raw(), b'$0\r\n\r\n')
    eq(c.cmd_raw('SET', '', 'empty-key'), b'+OK\r\n')
    eq(c.cmd('GET', ''), b'empty-key')


# ---------------------------------------------------------------------------------------------
# RESP3

HELLO_KEYS = [b'server', b'version', b'proto', b'id', b'mode', b'role', b'modules']


def check_hello_map(c, reply, raw, proto):
    if proto == 3:
        ok(raw.startswith(b'%7\r\n'), 'HELLO 3 must answer a map of 7: %r' % raw[:80])
        ok(isinstance(reply, dict), 'HELLO 3 reply %r' % (reply,))
        eq(list(reply.keys()), HELLO_KEYS, 'HELLO map keys in order')
        m = reply
    else:
        ok(raw.startswith(b'*14\r\n'), 'HELLO 2 must answer an array of 14: %r' % raw[:80])
        eq(reply[0::2], HELLO_KEYS, 'HELLO array keys in order')
        m = dict(zip(reply[0::2], reply[1::2]))
    ok(isinstance(m[b'server'], bytes) and m[b'server'], 'server %r' % m[b'server'])
    ok(isinstance(m[b'version'], bytes) and m[b'version'].count(b'.') == 2,
       'version %r' % m[b'version'])
    eq(m[b'proto'], proto, 'proto')
    ok(isinstance(m[b'id'], int), 'id %r' % m[b'id'])
    eq(m[b'mode'], b'standalone')
    eq(m[b'role'], b'master')
    eq(m[b'modules'], [])
    return m


def test_hello3_map(srv):
    c = srv.raw()
    my_id = c.cmd('CLIENT', 'ID')
    c.send(encode_command('HELLO', '3'))
    reply, raw = c.read_reply()
    m = check_hello_map(c, reply, raw, 3)
    eq(m[b'id'], my_id, 'HELLO id is CLIENT ID')
    # HELLO with no version answers in the current protocol.
    c.send(encode_command('HELLO'))
    reply, raw = c.read_reply()
    check_hello_map(c, reply, raw, 3)
    c.send(encode_command('HELLO', '2'))
    reply, raw = c.read_reply()
    check_hello_map(c, reply, raw, 2)
    d = srv.raw()
    d.send(encode_command('HELLO'))
    reply, raw = d.read_reply()
    check_hello_map(d, reply, raw, 2)


def test_resp3_null_and_types(srv):
    c = srv.raw()
    c.cmd('HELLO', '3')
    eq(c.cmd_raw('GET', 'missing'), b'_\r\n')
    eq(c.cmd_raw('SET', 'k', 'v'), b'+OK\r\n')
    eq(c.cmd_raw('GET', 'k'), b'$1\r\nv\r\n')
    eq(c.cmd_raw('RANDOMKEY'), b'$1\r\nk\r\n', 'the only key')
    eq(c.cmd_raw('MGET', 'k', 'missing'), b'*2\r\n$1\r\nv\r\n_\r\n')
    eq(c.cmd_raw('SET', 'k', 'w', 'NX'), b'_\r\n')
    eq(c.cmd_raw('SET', 'n', 'w', 'GET'), b'_\r\n')
    eq(c.cmd_raw('GETDEL', 'missing'), b'_\r\n')
    eq(c.cmd_raw('INCR', 'counter'), b':1\r\n')
    eq(c.cmd_raw('INCRBYFLOAT', 'f', '1.5'), b'$3\r\n1.5\r\n', 'INCRBYFLOAT is a bulk in RESP3')
    eq(c.cmd_raw('SMEMBERS', 'missing'), b'~0\r\n')
    eq(c.cmd_raw('SADD', 's', 'a'), b':1\r\n')
    eq(c.cmd_raw('SMEMBERS', 's'), b'~1\r\n$1\r\na\r\n')
    eq(c.cmd_raw('GET', 's'),
       b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n')
    eq(c.cmd_raw('PING'), b'+PONG\r\n')
    c.cmd('HELLO', '2')
    eq(c.cmd_raw('GET', 'missing'), b'$-1\r\n', 'back to RESP2 nulls')
    eq(c.cmd_raw('MGET', 'missing'), b'*1\r\n$-1\r\n')


def test_resp3_config_get_map(srv):
    c = srv.raw()
    c.cmd('HELLO', '3')
    raw = c.cmd_raw('CONFIG', 'GET', 'port')
    port = str(srv.port).encode()
    eq(raw, b'%1\r\n$4\r\nport\r\n$' + str(len(port)).encode() + b'\r\n' + port + b'\r\n')
    c.cmd('HELLO', '2')
    eq(c.cmd_raw('CONFIG', 'GET', 'port'),
       b'*2\r\n$4\r\nport\r\n$' + str(len(port)).encode() + b'\r\n' + port + b'\r\n')


def test_resp3_verbatim_info_and_client_info(srv):
    c = srv.raw()
    c.cmd('HELLO', '3')
    info = c.cmd('INFO', 'keyspace')
    ok(isinstance(info, Verbatim), 'INFO in RESP3 is a verbatim string: %r' % (info,))
    eq(info.fmt, b'txt')
    eq(bytes(info), b'# Keyspace\r\n')
    line = c.cmd('CLIENT', 'INFO')
    ok(isinstance(line, Verbatim) and line.fmt == b'txt', 'CLIENT INFO in RESP3: %r' % (line,))
    ok(b' resp=3' in line, 'resp=3 in %r' % line)


def test_hello_errors(srv):
    c = srv.raw()
    eq(c.cmd_raw('HELLO', '4'), b'-NOPROTO unsupported protocol version\r\n')
    eq(c.cmd_raw('HELLO', '1'), b'-NOPROTO unsupported protocol version\r\n')
    eq(c.cmd('HELLO', 'abc'), 'ERR Protocol version is not an integer or out of range')
    eq(c.cmd_raw('GET', 'missing'), b'$-1\r\n', 'a failed HELLO keeps RESP2')
    eq(c.cmd('HELLO', '3', 'SETNAME', 'a b'),
       'ERR Client names cannot contain spaces, newlines or special characters.')
    eq(c.cmd('HELLO', '3', 'FOO'), 'ERR Syntax error in HELLO option \'FOO\'')
    eq(c.cmd_raw('GET', 'missing'), b'$-1\r\n', 'a failed HELLO keeps RESP2')


def test_hello_setname_and_auth_without_password(srv):
    c = srv.raw()
    reply = c.cmd('HELLO', '3', 'SETNAME', 'resp3client')
    ok(isinstance(reply, dict), 'HELLO 3 SETNAME reply %r' % (reply,))
    eq(c.cmd('CLIENT', 'GETNAME'), b'resp3client')
    # Without requirepass the default user takes any password.
    reply = c.cmd('HELLO', '3', 'AUTH', 'default', 'whatever')
    ok(isinstance(reply, dict), 'HELLO 3 AUTH reply %r' % (reply,))
    eq(c.cmd('HELLO', '3', 'AUTH', 'nobody', 'x'),
       'WRONGPASS invalid username-password pair or user is disabled.')


@own_server
def test_hello_auth_with_requirepass(srv):
    s = srv.start_server(['--requirepass', 's3cret'])
    c = srv.raw(port=s.port)
    eq(c.cmd_raw('GET', 'k'), b'-NOAUTH Authentication required.\r\n')
    eq(c.cmd('HELLO', '3'),
       'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO '
       'AUTH <user> <pass> option can be used to authenticate the client and select the RESP '
       'protocol version at the same time')
    eq(c.cmd('HELLO', '3', 'AUTH', 'default', 'wrong'),
       'WRONGPASS invalid username-password pair or user is disabled.')
    eq(c.cmd_raw('GET', 'k'), b'-NOAUTH Authentication required.\r\n')
    c.send(encode_command('HELLO', '3', 'AUTH', 'default', 's3cret', 'SETNAME', 'authed'))
    reply, raw = c.read_reply()
    check_hello_map(c, reply, raw, 3)
    eq(c.cmd('CLIENT', 'GETNAME'), b'authed')
    eq(c.cmd_raw('GET', 'k'), b'_\r\n')


@own_server
def test_unauthenticated_request_limits(srv):
    # Before AUTH a client may not send more than 10 arguments or bulks over 16 KB.
    s = srv.start_server(['--requirepass', 'pw'])
    c = srv.raw(port=s.port)
    c.send(b'*11\r\n')
    eq(c.read_raw(), b'-ERR Protocol error: unauthenticated multibulk length\r\n')
    ok(c.wait_closed(5.0), 'connection closed after an unauthenticated multibulk length')
    c = srv.raw(port=s.port)
    c.send(b'*2\r\n$4\r\nECHO\r\n$16385\r\n')
    eq(c.read_raw(), b'-ERR Protocol error: unauthenticated bulk length\r\n')
    ok(c.wait_closed(5.0), 'connection closed after an unauthenticated bulk length')
    c = srv.raw(port=s.port)
    eq(c.cmd('ECHO', 'x' * 16384), 'NOAUTH Authentication required.', 'a 16 KB bulk is allowed')
    eq(c.cmd('DEL', *['k%d' % i for i in range(9)]), 'NOAUTH Authentication required.',
       'ten arguments are allowed')
    eq(c.cmd('AUTH', 'pw'), 'OK')
    eq(c.cmd('DEL', *['k%d' % i for i in range(20)]), 0, 'no limit once authenticated')
    eq(c.cmd('ECHO', 'x' * 20000), b'x' * 20000)
