# Server commands over TCP: INFO and its sections, CONFIG GET/SET/RESETSTAT, COMMAND (COUNT, INFO,
# DOCS, LIST, GETKEYS), TIME, SHUTDOWN, SIGTERM, and start-up from a config file (including a bad
# directive). Run by run.py; the shutdown and config-file tests start servers of their own.

import os
import re
import signal
import socket
import time

from harness import (eq, ok, own_server, tessera_only, timeout, encode_command, RawClient,
                     wait_until)
from harness import arity

from harness import config_get

def parse_info(text):
    """INFO text -> {section name (lower case): {field: value}}, checking the layout."""
    if isinstance(text, bytes):
        text = text.decode()
    ok(text.endswith('\r\n'), 'INFO ends with CRLF: %r' % text[-20:])
    sections = {}
    current = None
    for line in text.split('\r\n'):
        if not line:
            continue
        if line.startswith('# '):
            current = line[2:].lower()
            ok(current not in sections, 'section %r twice' % current)
            sections[current] = {}
            continue
        ok(current is not None, 'INFO field before any section: %r' % line)
        ok(':' in line, 'INFO line without ":": %r' % line)
        k, v = line.split(':', 1)
        sections[current][k] = v
    return sections


def info(c, *sections):
    text = c.cmd('INFO', *sections)
    ok(isinstance(text, bytes), 'INFO reply %r' % (text,))
    return parse_info(text)


DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'cpu', 'keyspace']


def test_info_default_sections(srv):
    c = srv.raw()
    for form in ((), ('default',), ('DEFAULT',)):
        got = info(c, *form)
        for s in DEFAULT_SECTIONS:
            ok(s in got, 'INFO %s lacks section %r (has %r)' % (' '.join(form), s, list(got)))
        ok('commandstats' not in got, 'INFO %s must not include commandstats' % ' '.join(form))


def test_info_all(srv):
    c = srv.raw()
    eq(c.cmd('GET', 'x'), None)
    for form in ('all', 'everything'):
        got = info(c, form)
        for s in DEFAULT_SECTIONS + ['commandstats']:
            ok(s in got, 'INFO %s lacks section %r (has %r)' % (form, s, list(got)))


def test_info_several_sections(srv):
    c = srv.raw()
    got = info(c, 'server', 'clients')
    eq(sorted(got), ['clients', 'server'])
    got = info(c, 'SERVER')
    eq(list(got), ['server'], 'section names are case-insensitive')
    eq(c.cmd_raw('INFO', 'nosuchsection'), b'$0\r\n\r\n')


def test_info_server(srv):
    c = srv.raw()
    s = info(c, 'server')['server']
    for field in ('redis_version', 'redis_mode', 'os', 'arch_bits', 'process_id', 'run_id',
                  'tcp_port', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'executable',
                  'config_file'):
        ok(field in s, 'INFO server lacks %r' % field)
    ok(re.fullmatch(r'\d+\.\d+\.\d+', s['redis_version']), 'redis_version %r' % s['redis_version'])
    eq(s['redis_mode'], 'standalone')
    eq(s['tcp_port'], str(srv.port))
    eq(s['process_id'], str(srv.server.proc.pid))
    eq(s['arch_bits'], '64')
    ok(re.fullmatch(r'[0-9a-f]{40}', s['run_id']), 'run_id %r' % s['run_id'])
    ok(s['uptime_in_seconds'].isdigit(), 'uptime_in_seconds %r' % s['uptime_in_seconds'])


def test_info_clients(srv):
    c = srv.raw()

    def connected():
        return int(info(c, 'clients')['clients']['connected_clients'])

    # The runner's FLUSHALL connection, closed just before the test, may not be gone yet.
    wait_until(lambda: connected() == 1, msg='clients of earlier tests still connected')
    base = 1
    extra = [srv.raw() for _ in range(5)]
    for e in extra:
        eq(e.cmd('PING'), 'PONG')
    cl = info(c, 'clients')['clients']
    eq(int(cl['connected_clients']), base + 5)
    for field in ('blocked_clients', 'maxclients'):
        ok(field in cl, 'INFO clients lacks %r' % field)
    eq(cl['maxclients'], '10000')
    for e in extra:
        e.close()
    wait_until(lambda: int(info(c, 'clients')['clients']['connected_clients']) == base,
               msg='connected_clients back to %d after closing' % base)


def test_info_memory(srv):
    c = srv.raw()
    m = info(c, 'memory')['memory']
    for field in ('used_memory', 'used_memory_human', 'used_memory_rss', 'used_memory_peak',
                  'maxmemory', 'maxmemory_policy'):
        ok(field in m, 'INFO memory lacks %r' % field)
    before = int(m['used_memory'])
    ok(before > 0, 'used_memory %r' % before)
    eq(m['maxmemory'], '0')
    eq(m['maxmemory_policy'], 'noeviction')
    value = b'v' * 1000
    for i in range(0, 10000, 500):
        args = []
        for j in range(i, i + 500):
            args += ['mem:%d' % j, value]
        eq(c.cmd('MSET', *args), 'OK')
    after = int(info(c, 'memory')['memory']['used_memory'])
    ok(after - before > 10000 * 1000, 'used_memory grew by %d for 10 MB of values' % (after - before))
    eq(c.cmd('FLUSHALL', 'SYNC'), 'OK')
    freed = int(info(c, 'memory')['memory']['used_memory'])
    ok(freed < after - 5000 * 1000, 'used_memory after FLUSHALL %d (was %d)' % (freed, after))


def test_info_persistence(srv):
    c = srv.raw()
    p = info(c, 'persistence')['persistence']
    eq(p.get('loading'), '0')
    for field in ('rdb_changes_since_last_save', 'rdb_bgsave_in_progress', 'rdb_last_save_time',
                  'aof_enabled'):
        ok(field in p, 'INFO persistence lacks %r' % field)
    eq(p['aof_enabled'], '0')


def test_info_stats(srv):
    c = srv.raw()
    st = info(c, 'stats')['stats']
    for field in ('total_connections_received', 'total_commands_processed',
                  'instantaneous_ops_per_sec', 'rejected_connections', 'expired_keys',
                  'evicted_keys', 'keyspace_hits', 'keyspace_misses'):
        ok(field in st, 'INFO stats lacks %r' % field)
    eq(c.cmd('SET', 'hit', 'v'), 'OK')
    eq(c.cmd('SET', 'exp', 'v', 'PX', '20'), 'OK')
    time.sleep(0.1)
    for _ in range(3):
        eq(c.cmd('GET', 'hit'), b'v')
    for _ in range(4):
        eq(c.cmd('GET', 'miss'), None)
    eq(c.cmd('GET', 'exp'), None)
    srv.raw().cmd('PING')
    st2 = info(c, 'stats')['stats']
    eq(int(st2['keyspace_hits']) - int(st['keyspace_hits']), 3, 'keyspace_hits')
    eq(int(st2['keyspace_misses']) - int(st['keyspace_misses']), 5, 'keyspace_misses')
    ok(int(st2['expired_keys']) - int(st['expired_keys']) >= 1, 'expired_keys')
    eq(int(st2['total_connections_received']) - int(st['total_connections_received']), 1,
       'total_connections_received')
    ok(int(st2['total_commands_processed']) - int(st['total_commands_processed']) >= 12,
       'total_commands_processed')


def test_info_cpu(srv):
    cpu = info(srv.raw(), 'cpu')['cpu']
    for field in ('used_cpu_sys', 'used_cpu_user'):
        ok(field in cpu, 'INFO cpu lacks %r' % field)
        ok(re.fullmatch(r'\d+\.\d+', cpu[field]), '%s %r' % (field, cpu[field]))


def test_info_keyspace(srv):
    c = srv.raw()
    eq(c.cmd('MSET', 'a', '1', 'b', '2', 'c', '3'), 'OK')
    eq(c.cmd('EXPIRE', 'a', '100'), 1)
    ks = info(c, 'keyspace')['keyspace']
    eq(list(ks), ['db0'])
    ok(re.fullmatch(r'keys=3,expires=1,avg_ttl=\d+', ks['db0']), 'db0 %r' % ks['db0'])


def test_info_commandstats(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'RESETSTAT'), 'OK')
    for _ in range(3):
        c.cmd('GET', 'x')
    c.cmd('SET', 'x', 'y')
    c.cmd('CLIENT', 'ID')
    cs = info(c, 'commandstats')['commandstats']
    pattern = r'calls=%d,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0'
    ok('cmdstat_get' in cs, 'cmdstat_get missing: %r' % list(cs)[:10])
    ok(re.fullmatch(pattern % 3, cs['cmdstat_get']), 'cmdstat_get %r' % cs['cmdstat_get'])
    ok(re.fullmatch(pattern % 1, cs.get('cmdstat_set', '')), 'cmdstat_set %r' % cs.get('cmdstat_set'))
    ok(re.fullmatch(pattern % 1, cs.get('cmdstat_client|id', '')),
       'cmdstat_client|id %r' % cs.get('cmdstat_client|id'))
    ok('cmdstat_del' not in cs, 'commands never called are not listed')
    c.cmd('GET')
    c.cmd('INCR', 'x')
    cs = info(c, 'commandstats')['commandstats']
    ok(re.fullmatch(r'calls=3,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0',
                    cs['cmdstat_get']), 'rejected call counted: %r' % cs['cmdstat_get'])
    ok(re.fullmatch(r'calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=1',
                    cs.get('cmdstat_incr', '')), 'failed call counted: %r' % cs.get('cmdstat_incr'))


def test_config_resetstat(srv):
    c = srv.raw()
    for _ in range(20):
        c.cmd('PING')
    eq(c.cmd_raw('CONFIG', 'RESETSTAT'), b'+OK\r\n')
    st = info(c, 'stats')['stats']
    ok(int(st['total_commands_processed']) <= 2, 'total_commands_processed after RESETSTAT: %s'
       % st['total_commands_processed'])
    eq(st['keyspace_hits'], '0')
    eq(st['keyspace_misses'], '0')
    cs = info(c, 'commandstats')['commandstats']
    ok('cmdstat_ping' not in cs, 'cmdstat_ping after RESETSTAT: %r' % cs.get('cmdstat_ping'))


def glob_match(pattern, name):
    import fnmatch
    return fnmatch.fnmatchcase(name, pattern)


def test_config_get(srv):
    c = srv.raw()
    port = str(srv.port).encode()
    eq(c.cmd_raw('CONFIG', 'GET', 'port'),
       b'*2\r\n$4\r\nport\r\n$%d\r\n%s\r\n' % (len(port), port))
    eq(config_get(c, 'bind'), {'bind': '127.0.0.1'})
    eq(config_get(c, 'maxclients'), {'maxclients': '10000'})
    eq(config_get(c, 'databases'), {'databases': '16'})
    eq(config_get(c, 'proto-max-bulk-len'), {'proto-max-bulk-len': '536870912'})
    eq(config_get(c, 'timeout'), {'timeout': '0'})
    eq(config_get(c, 'requirepass'), {'requirepass': ''})
    eq(config_get(c, 'dir'), {'dir': os.path.realpath(srv.server.dir)})
    eq(config_get(c, 'PORT'), {'PORT': port.decode()},
       'names are case-insensitive (and echoed as asked, as Redis 7.0 does)')
    eq(c.cmd_raw('CONFIG', 'GET', 'no-such-option'), b'*0\r\n')
    eq(config_get(c, 'port', 'maxclients'), {'port': port.decode(), 'maxclients': '10000'})
    eq(c.cmd('CONFIG', 'GET'), arity('config|get'))


def test_config_get_glob(srv):
    c = srv.raw()
    got = config_get(c, '*max-*')
    ok('proto-max-bulk-len' in got, 'CONFIG GET *max-* lacks proto-max-bulk-len: %r' % list(got))
    for name in got:
        ok(glob_match('*max-*', name), '%r does not match *max-*' % name)
    everything = config_get(c, '*')
    for name in ('port', 'bind', 'maxclients', 'databases', 'dir', 'dbfilename', 'timeout', 'hz',
                 'proto-max-bulk-len', 'requirepass', 'loglevel', 'logfile'):
        ok(name in everything, 'CONFIG GET * lacks %r' % name)
    eq({k: v for k, v in everything.items() if glob_match('*max-*', k)}, got,
       'CONFIG GET *max-* is the matching part of CONFIG GET *')
    eq(config_get(c, 'p?rt'), {'port': str(srv.port)})
    eq(config_get(c, 'max[c]lients'), {'maxclients': '10000'})


def test_config_set(srv):
    c = srv.raw()
    saved = config_get(c, 'maxclients', 'timeout', 'hz')
    try:
        eq(c.cmd_raw('CONFIG', 'SET', 'maxclients', '5000'), b'+OK\r\n')
        eq(config_get(c, 'maxclients'), {'maxclients': '5000'})
        eq(info(c, 'clients')['clients']['maxclients'], '5000')
        eq(c.cmd('CONFIG', 'SET', 'timeout', '300', 'hz', '20'), 'OK', 'several at once')
        eq(config_get(c, 'timeout', 'hz'), {'timeout': '300', 'hz': '20'})
        eq(c.cmd('CONFIG', 'SET', 'foo', 'bar'),
           "ERR Unknown option or number of arguments for CONFIG SET - 'foo'")
        eq(c.cmd('CONFIG', 'SET', 'maxclients', 'abc'),
           "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument "
           "couldn't be parsed into an integer")
        eq(c.cmd('CONFIG', 'SET', 'proto-max-bulk-len', '100'),
           "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument "
           "must be between 1048576 and 9223372036854775807 inclusive")
        eq(config_get(c, 'maxclients'), {'maxclients': '5000'}, 'a failed CONFIG SET changed it')
        eq(c.cmd('CONFIG', 'SET', 'hz'), arity('config|set'))
    finally:
        for name, value in saved.items():
            c.cmd('CONFIG', 'SET', name, value)


def config_failed(arg, reason):
    return "ERR CONFIG SET failed (possibly related to argument '%s') - %s" % (arg, reason)


def test_config_set_protected(srv):
    c = srv.raw()
    before = config_get(c, 'dir', 'dbfilename', 'hz')
    eq(config_get(c, 'enable-protected-configs'), {'enable-protected-configs': 'no'})
    eq(c.cmd_raw('CONFIG', 'SET', 'dir', '/'),
       b"-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected "
       b"config\r\n")
    eq(c.cmd('CONFIG', 'SET', 'dir', '/etc'), config_failed('dir', "can't set protected config"))
    eq(c.cmd('CONFIG', 'SET', 'Dir', '/etc'), config_failed('Dir', "can't set protected config"),
       'the name as written')
    eq(c.cmd('CONFIG', 'SET', 'dbfilename', 'x.rdb'),
       config_failed('dbfilename', "can't set protected config"))
    eq(c.cmd('CONFIG', 'SET', 'dbfilename', 'a/b'),
       config_failed('dbfilename', "can't set protected config"), 'refused before the value')
    eq(c.cmd('CONFIG', 'SET', 'enable-protected-configs', 'yes'),
       config_failed('enable-protected-configs', "can't set immutable config"))
    # Names are checked in order; the first problem is the answer.
    eq(c.cmd('CONFIG', 'SET', 'hz', '5', 'dir', '/'),
       config_failed('dir', "can't set protected config"))
    eq(c.cmd('CONFIG', 'SET', 'hz', 'x', 'dir', '/'),
       config_failed('dir', "can't set protected config"))
    eq(c.cmd('CONFIG', 'SET', 'dir', '/', 'nosuch', '2'),
       config_failed('dir', "can't set protected config"))
    eq(c.cmd('CONFIG', 'SET', 'nosuch', '2', 'dir', '/'),
       "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'")
    eq(c.cmd('CONFIG', 'SET', 'databases', '1', 'nosuch', '2'),
       config_failed('databases', "can't set immutable config"))
    eq(c.cmd('CONFIG', 'SET', 'hz', '1', 'hz', '2', 'nosuch', '3'),
       config_failed('hz', 'duplicate parameter'))
    eq(c.cmd('CONFIG', 'SET', 'hz', '1', 'Hz', '2'), config_failed('Hz', 'duplicate parameter'))
    eq(config_get(c, 'dir', 'dbfilename', 'hz'), before, 'a refused CONFIG SET changes nothing')


def connect_from(port, source):
    """A client whose connection comes from the loopback address source (127.0.0.2: local to
    the machine, but not what Redis calls a local client)."""
    c = RawClient(port)
    c.sock.close()
    c.sock = socket.create_connection(('127.0.0.1', port), timeout=10,
                                      source_address=(source, 0))
    return c


@own_server
def test_enable_protected_configs(srv):
    d = srv.track_dir()
    # protected-mode would turn a client from 127.0.0.2 away altogether
    open_mode = ['--protected-mode', 'no']
    s = srv.start_server(extra_args=open_mode + ['--enable-protected-configs', 'yes'])
    c = srv.raw(port=s.port)
    eq(config_get(c, 'enable-protected-configs'), {'enable-protected-configs': 'yes'})
    eq(c.cmd('CONFIG', 'SET', 'dir', d, 'dbfilename', 'x.rdb'), 'OK')
    eq(config_get(c, 'dir', 'dbfilename'), {'dir': os.path.realpath(d), 'dbfilename': 'x.rdb'})
    other = srv.track(connect_from(s.port, '127.0.0.2'))
    eq(other.cmd('CONFIG', 'SET', 'dbfilename', 'y.rdb'), 'OK', 'yes: any client')

    s = srv.start_server(extra_args=open_mode + ['--enable-protected-configs', 'local'])
    c = srv.raw(port=s.port)
    eq(config_get(c, 'enable-protected-configs'), {'enable-protected-configs': 'local'})
    eq(c.cmd('CONFIG', 'SET', 'dbfilename', 'x.rdb'), 'OK', 'local: a client on 127.0.0.1')
    other = srv.track(connect_from(s.port, '127.0.0.2'))
    eq(other.cmd('CONFIG', 'SET', 'dbfilename', 'y.rdb'),
       config_failed('dbfilename', "can't set protected config"),
       'local: only 127.0.0.1 and ::1, as Redis')
    eq(other.cmd('CONFIG', 'SET', 'dir', d), config_failed('dir', "can't set protected config"))
    eq(config_get(c, 'dbfilename'), {'dbfilename': 'x.rdb'})

    bad = srv.new_server(extra_args=['--enable-protected-configs', 'maybe'])
    bad.wait = False
    bad.start()
    ok(bad.wait_exit(10.0) not in (None, 0), 'a bad enable-protected-configs stops the start')
    ok('argument(s) must be one of the following: no, yes, local' in bad.log_text(),
       'start-up message: %r' % bad.log_text()[-500:])


@own_server
@tessera_only
@timeout(120)
def test_config_set_frees_replaced_strings(srv):
    # Redis frees at once; Tessera once every worker has passed a quiescent point.
    s = srv.start_server(extra_args=['--enable-protected-configs', 'yes'])
    c = srv.raw(port=s.port)

    def used():
        return int(info(c, 'memory')['memory']['used_memory'])

    big = 1 << 20
    eq(c.cmd('CONFIG', 'SET', 'dbfilename', 'a' * big), 'OK')
    base = used()
    for i in range(100):
        eq(c.cmd('CONFIG', 'SET', 'dbfilename', chr(ord('a') + i % 26) * big + str(i)), 'OK')
    wait_until(lambda: used() - base < 16 * big, limit=10.0,
               msg='100 CONFIG SET of 1 MB strings still hold %d bytes' % (used() - base))


def test_config_unknown_subcommand(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'FOO'), "ERR unknown subcommand 'FOO'. Try CONFIG HELP.")
    eq(c.cmd('CONFIG'), arity('config'))


def test_time(srv):
    c = srv.raw()
    reply = c.cmd('TIME')
    ok(isinstance(reply, list) and len(reply) == 2, 'TIME reply %r' % (reply,))
    ok(all(isinstance(x, bytes) and x.isdigit() for x in reply), 'TIME fields are bulk digits')
    secs, usecs = int(reply[0]), int(reply[1])
    ok(0 <= usecs < 1000000, 'microseconds %d' % usecs)
    ok(abs(secs + usecs / 1e6 - time.time()) < 2, 'TIME is far from the clock')
    eq(c.cmd('TIME', 'x'), arity('time'))


def test_command_count_and_list(srv):
    c = srv.raw()
    count = c.cmd('COMMAND', 'COUNT')
    ok(isinstance(count, int) and count > 0, 'COMMAND COUNT %r' % count)
    names = [x.decode() for x in c.cmd('COMMAND', 'LIST')]
    top = [n for n in names if '|' not in n]
    eq(len(top), count, 'COMMAND COUNT vs top-level names in COMMAND LIST')
    eq(len(set(names)), len(names), 'COMMAND LIST has duplicates')
    for n in ('get', 'set', 'mset', 'mget', 'del', 'exists', 'expire', 'ttl', 'scan', 'keys',
              'ping', 'echo', 'hello', 'client', 'config', 'info', 'command', 'sadd', 'smembers',
              'client|id', 'client|list', 'config|get', 'command|info'):
        ok(n in names, 'COMMAND LIST lacks %r' % n)
    allinfo = c.cmd('COMMAND')
    eq(len(allinfo), count, 'COMMAND returns one entry per command')
    eq(sorted(e[0].decode() for e in allinfo), sorted(top))
    filtered = [x.decode() for x in c.cmd('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'ge*')]
    ok('get' in filtered and 'getex' in filtered and 'set' not in filtered,
       'COMMAND LIST FILTERBY PATTERN ge*: %r' % filtered)
    eq(c.cmd('COMMAND', 'COUNT', 'x'), arity('command|count'))


def test_command_info_get(srv):
    c = srv.raw()
    reply = c.cmd('COMMAND', 'INFO', 'get')
    eq(len(reply), 1)
    e = reply[0]
    eq(len(e), 10, 'COMMAND INFO entry fields')
    eq(e[0], b'get')
    eq(e[1], 2, 'arity of get')
    eq(list(e[2]), ['readonly', 'fast'], 'flags')
    eq(e[3:6], [1, 1, 1], 'first, last, step')
    eq(list(e[6]), ['@read', '@string', '@fast'], 'ACL categories')
    eq(list(e[7]), [], 'tips')
    ok(isinstance(e[8], list) and len(e[8]) == 1, 'one key spec: %r' % (e[8],))
    eq(list(e[9]), [], 'subcommands')
    e = c.cmd('COMMAND', 'INFO', 'GET')[0]
    eq(e[0], b'get', 'lookup is case-insensitive, the name is lower case')


@tessera_only
def test_command_info_matches_redis(srv):
    """Every command Tessera lists has Redis 7.0's arity, flags, key positions and categories
    (and so do its subcommands), checked against a real redis-server started beside it."""
    ref = srv.start_reference()
    t, r = srv.raw(), srv.raw(port=ref.port)

    def shape(row):
        return [row[0], row[1], sorted(row[2]), row[3], row[4], row[5], sorted(row[6])]

    newer = {b'client|setinfo'}  # Redis 7.2's, asked for by clients that send it on connect
    names = t.cmd('COMMAND', 'LIST')
    ok(len(names) > 150, 'the whole table is listed')
    for name in names:
        if name in newer:
            continue
        mine, theirs = t.cmd('COMMAND', 'INFO', name)[0], r.cmd('COMMAND', 'INFO', name)[0]
        ok(theirs is not None, '%r is a Redis 7.0 command' % name)
        eq(shape(mine), shape(theirs), name.decode())
        for sub in mine[9]:
            if sub[0] in newer:
                continue
            match = [x for x in theirs[9] if x[0] == sub[0]]
            ok(match, '%r is a Redis 7.0 subcommand' % sub[0])
            eq(shape(sub), shape(match[0]), sub[0].decode())


def test_command_info_shapes(srv):
    c = srv.raw()
    s, m, cl, none = c.cmd('COMMAND', 'INFO', 'set', 'mset', 'client', 'nosuchcommand')
    eq(s[:6], [b'set', -3, ['write', 'denyoom'], 1, 1, 1])
    eq(m[:6], [b'mset', -3, ['write', 'denyoom'], 1, -1, 2])
    eq(cl[0], b'client')
    eq(cl[1], -2)
    subs = sorted(x[0].decode() for x in cl[9])
    for n in ('client|id', 'client|setname', 'client|getname', 'client|list', 'client|kill',
              'client|info'):
        ok(n in subs, 'COMMAND INFO client lacks subcommand %r' % n)
    eq(none, None)
    eq(c.cmd_raw('COMMAND', 'INFO', 'nosuchcommand'), b'*1\r\n$-1\r\n')
    ping = c.cmd('COMMAND', 'INFO', 'ping')[0]
    eq(ping[1], -1)
    eq(ping[3:6], [0, 0, 0], 'no keys')


def test_command_docs_get(srv):
    c = srv.raw()
    reply = c.cmd('COMMAND', 'DOCS', 'get')
    ok(isinstance(reply, list) and len(reply) == 2, 'COMMAND DOCS get reply %r' % (reply,))
    eq(reply[0], b'get')
    doc = dict(zip([k.decode() for k in reply[1][0::2]], reply[1][1::2]))
    eq(doc.get('summary'), b'Get the value of a key')
    eq(doc.get('since'), b'1.0.0')
    eq(doc.get('group'), b'string')
    eq(doc.get('complexity'), b'O(1)')
    eq(c.cmd('COMMAND', 'DOCS', 'nosuchcommand'), [])


def test_command_getkeys(srv):
    c = srv.raw()
    eq(c.cmd('COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'), [b'a', b'b'])
    eq(c.cmd('COMMAND', 'GETKEYS', 'GET', 'k'), [b'k'])
    eq(c.cmd('COMMAND', 'GETKEYS', 'SET', 'k', 'v', 'EX', '10'), [b'k'])
    eq(c.cmd('COMMAND', 'GETKEYS', 'foo', 'a'), 'ERR Invalid command specified')
    eq(c.cmd('COMMAND', 'GETKEYS', 'GET'), arity('command|getkeys'))


def test_command_unknown_subcommand(srv):
    c = srv.raw()
    eq(c.cmd('COMMAND', 'FOO'), "ERR unknown subcommand 'FOO'. Try COMMAND HELP.")
    eq(c.cmd('PING'), 'PONG')


# ---------------------------------------------------------------------------------------------
# Stopping the server

@own_server
def test_shutdown_nosave(srv):
    s = srv.start_server()
    c = srv.raw(port=s.port)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    c.send(encode_command('SHUTDOWN', 'NOSAVE'))
    ok(c.wait_closed(10.0), 'SHUTDOWN NOSAVE closes the connection')
    eq(c.pending(), b'', 'SHUTDOWN sends no reply when it succeeds')
    status = s.wait_exit(10.0)
    eq(status, 0, 'exit status after SHUTDOWN NOSAVE (log: %s)' % s.log_tail())

    def refused():
        try:
            RawClient(s.port, timeout=1).close()
            return False
        except OSError:
            return True

    # The kernel may tear an exited process's io_uring (and its listening socket) down a moment
    # later; the port must be free soon, not necessarily at the instant of exit.
    wait_until(refused, limit=2.0, step=0.05, msg='the port still accepts connections after SHUTDOWN')


@own_server
def test_shutdown_errors(srv):
    s = srv.start_server()
    c = srv.raw(port=s.port)
    eq(c.cmd('SHUTDOWN', 'FOO'), 'ERR syntax error')
    eq(c.cmd('SHUTDOWN', 'SAVE', 'NOSAVE'), 'ERR syntax error')
    eq(c.cmd('PING'), 'PONG', 'a refused SHUTDOWN leaves the server running')
    ok(s.alive(), 'server still running')


@own_server
@timeout(60)
def test_sigterm_closes_every_connection(srv):
    s = srv.start_server()
    conns = [srv.raw(port=s.port) for _ in range(20)]
    for i, c in enumerate(conns):
        eq(c.cmd('SET', 'k%d' % i, 'v'), 'OK')
    # One connection in the middle of a request.
    conns[0].send(b'*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$10\r\nabc')
    s.proc.send_signal(signal.SIGTERM)
    for i, c in enumerate(conns):
        ok(c.wait_closed(10.0), 'connection %d not closed after SIGTERM' % i)
    status = s.wait_exit(10.0)
    eq(status, 0, 'exit status after SIGTERM (log: %s)' % s.log_tail())


# ---------------------------------------------------------------------------------------------
# Config files

@own_server
def test_config_file(srv):
    d = srv.track_dir()
    path = os.path.join(d, 'test.conf')
    with open(path, 'w') as f:
        f.write('# Tessera test configuration\n'
                '\n'
                'port 1\n'
                '   # an indented comment\n'
                'bind "127.0.0.1"\n'
                'maxclients "1234"\n'
                "dbfilename 'my dump.rdb'\n"
                'timeout 0   \n'
                'databases 16\n')
    s = srv.start_server(config_file=path)
    c = srv.raw(port=s.port)
    eq(c.cmd('PING'), 'PONG')
    eq(config_get(c, 'port'), {'port': str(s.port)}, '--port overrides the file')
    eq(config_get(c, 'maxclients'), {'maxclients': '1234'})
    eq(config_get(c, 'dbfilename'), {'dbfilename': 'my dump.rdb'})
    eq(config_get(c, 'bind'), {'bind': '127.0.0.1'})
    eq(info(c, 'server')['server'].get('config_file'), os.path.realpath(path))


@own_server
def test_config_file_unknown_directive(srv):
    d = srv.track_dir()
    path = os.path.join(d, 'bad.conf')
    with open(path, 'w') as f:
        f.write('# comment\nport 1\n\nfoo-bar-directive baz\n')
    s = srv.new_server(config_file=path)
    s.wait = False
    s.start()
    status = s.wait_exit(10.0)
    ok(status is not None, 'a server with an unknown directive did not stop')
    ok(status != 0, 'exit status %r after an unknown directive' % status)
    out = s.log_text()
    ok('foo-bar-directive' in out, 'start-up message does not name the directive: %r' % out[-500:])
    ok(re.search(r'line 4\b', out), 'start-up message does not name line 4: %r' % out[-500:])
