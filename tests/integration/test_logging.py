"""The log: every line in Redis's shape (pid, role letter, timestamp with milliseconds, level
mark), and syslog-enabled: the lines also go to syslog(3) with syslog-ident and syslog-facility,
as Redis sends them. The syslog test binds /dev/log itself (a datagram socket, as syslog daemons
do) when the machine has none, reads what the server sends, and removes it; it is skipped where a
real syslog daemon owns /dev/log."""
import os
import re
import socket
import time

from harness import Skip, eq, ok, own_server, tessera_only

DEV_LOG = '/dev/log'
# pid:role dd Mon yyyy hh:mm:ss.mmm mark message (Redis's serverLogRaw), or Redis's line from its
# signal handler (serverLogFromHandler): pid:signal-handler (unix time) message
LINE = re.compile(r'^\d+:([MCSX] \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}\.\d{3} [.\-*#] \S|'
                  r'signal-handler \(\d+\) \S)')


@own_server
def test_log_lines_have_redis_shape(srv):
    s = srv.start_server(['--loglevel', 'verbose'])
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd('CONFIG', 'SET', 'loglevel', 'notice'), 'OK')
    c.close()
    s.stop()
    lines = [l for l in s.log_text().splitlines() if l.strip()]
    ok(lines, 'the server logged something')
    bad = [l for l in lines if not LINE.match(l)]
    eq(bad[:3], [], 'lines not in Redis\'s shape (of %d)' % len(lines))
    ok(any(' * ' in l for l in lines), 'notice lines carry the * mark')
LOCAL3, NOTICE, WARNING = 19, 5, 4


@own_server
@tessera_only
def test_syslog_gets_the_log(srv):
    if os.path.exists(DEV_LOG):
        raise Skip('%s belongs to a syslog daemon here' % DEV_LOG)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        sock.bind(DEV_LOG)
    except OSError as e:
        raise Skip('cannot bind %s: %s' % (DEV_LOG, e))
    try:
        sock.settimeout(0.2)
        s = srv.start_server(['--syslog-enabled', 'yes', '--syslog-ident', 'tessera-test',
                              '--syslog-facility', 'local3'])
        c = srv.raw(port=s.port)
        eq(c.cmd('CONFIG', 'GET', 'syslog-*'),
           [b'syslog-enabled', b'yes', b'syslog-ident', b'tessera-test', b'syslog-facility',
            b'local3'])
        eq(c.cmd('CONFIG', 'SET', 'syslog-ident', 'x'),
           "ERR CONFIG SET failed (possibly related to argument 'syslog-ident') - "
           "can't set immutable config")
        messages = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any('Ready to accept' in m for m in messages):
            try:
                messages.append(sock.recv(65536).decode(errors='replace'))
            except socket.timeout:
                pass
        ready = [m for m in messages if 'Ready to accept connections' in m]
        ok(ready, 'the start-up lines reach syslog: %r' % messages[:5])
        m = re.match(r'<(\d+)>.*tessera-test\[(\d+)\]: (.*)$', ready[0])
        ok(m, 'RFC 3164 shape with ident and pid: %r' % ready[0])
        eq(int(m.group(1)), LOCAL3 * 8 + NOTICE, 'facility local3, level notice')
        eq(int(m.group(2)), s.proc.pid, 'the pid is the server\'s')
        eq(m.group(3), 'Ready to accept connections tcp', 'the message alone, unstamped')
        ok(any('Ready to accept connections tcp' in line for line in s.log_text().splitlines()),
           'the log file still gets every line')
    finally:
        sock.close()
        os.unlink(DEV_LOG)


@own_server
@tessera_only
def test_syslog_off_by_default(srv):
    s = srv.start_server()
    c = srv.raw(port=s.port)
    eq(c.cmd('CONFIG', 'GET', 'syslog-enabled'), [b'syslog-enabled', b'no'])
    eq(c.cmd('CONFIG', 'GET', 'syslog-facility'), [b'syslog-facility', b'local0'])
