# The configuration surface of Redis 7.0: every directive CONFIG GET * lists (those Tessera
# accepts without effect validated as Redis validates them, configcases.py), Debian's stock
# redis.conf, protected mode, CONFIG REWRITE compared with Redis's own rewrite of the same file,
# and CONFIG GET/SET/HELP forms. Run by run.py; several tests start servers of their own.

import os
import re
import shutil
import socket
import time

from configcases import (HIDDEN_DEFAULTS, INERT_DEFAULTS, REASONS, REDIS_NAMES, SET_CASES)
from harness import (eq, is_error, ok, own_server, tessera_only, timeout, wait_until)
from harness import config_get

# Tessera's own: its worker threads, its event loop, its metrics endpoint.
TESSERA_EXTRA = {'threads', 'io-backend', 'metrics-port'}


def failed(arg, reason):
    return "ERR CONFIG SET failed (possibly related to argument '%s') - %s" % (arg, reason)


# ---- names and defaults ----------------------------------------------------------------------

def test_config_get_every_redis_name(srv):
    c = srv.raw()
    names = set(config_get(c, '*'))
    missing = set(REDIS_NAMES) - names
    eq(sorted(missing), [], 'every name Redis lists is known')
    extra = names - set(REDIS_NAMES)
    ok(extra <= (TESSERA_EXTRA if srv.tessera else set()),
       'CONFIG GET * lists names Redis has not: %s' % sorted(extra))
    eq(len(names), len(REDIS_NAMES) - len(missing) + len(extra))


def test_config_inert_defaults(srv):
    c = srv.raw()
    got = config_get(c, *INERT_DEFAULTS)
    eq(got, INERT_DEFAULTS)


def test_config_hidden_names(srv):
    c = srv.raw()
    everything = config_get(c, '*')
    for name, value in HIDDEN_DEFAULTS.items():
        ok(name not in everything, 'the hidden %r answers CONFIG GET *' % name)
        eq(config_get(c, name), {name: value})


@tessera_only
def test_config_threads_in_use(srv):
    c = srv.raw()
    eq(config_get(c, 'threads'), {'threads': str(srv.options.threads)})


@own_server
@tessera_only
def test_config_threads_default_shows_count(srv):
    # --threads 0 is the default: CPUs available; CONFIG GET says what that came to
    s = srv.start_server(extra_args=['--threads', '0'])
    c = srv.raw(port=s.port)
    n = int(config_get(c, 'threads')['threads'])
    ok(n >= 1, 'threads %d' % n)
    eq(c.cmd('INFO', 'server').decode().count('\r\nthreads:%d\r\n' % n) +
       c.cmd('INFO', 'clients').decode().count('\r\nthreads:%d\r\n' % n) +
       c.cmd('INFO', 'everything').decode().count('threads:%d\r\n' % n) > 0, True)


# ---- CONFIG SET validation of the directives without effect ----------------------------------

def test_config_set_like_redis(srv):
    c = srv.raw()
    for name, cases in sorted(SET_CASES.items()):
        before = config_get(c, name)[name]
        try:
            for case in cases:
                value = case[0]
                r = c.cmd('CONFIG', 'SET', name, value)
                if case[1] is None:
                    eq(r, failed(name, REASONS[case[2]]), 'CONFIG SET %s %r' % (name, value))
                else:
                    eq(r, 'OK', 'CONFIG SET %s %r' % (name, value))
                    eq(config_get(c, name), {name: case[1]}, 'after CONFIG SET %s %r' % (name, value))
                eq(config_get(c, name)[name], case[1] if case[1] is not None else before,
                   'after CONFIG SET %s %r' % (name, value))
                c.cmd('CONFIG', 'SET', name, before)
        finally:
            c.cmd('CONFIG', 'SET', name, before)


def test_config_set_aliases(srv):
    c = srv.raw()
    try:
        eq(c.cmd('CONFIG', 'SET', 'slave-read-only', 'no'), 'OK')
        eq(config_get(c, 'replica-read-only', 'slave-read-only'),
           {'replica-read-only': 'no', 'slave-read-only': 'no'})
        eq(c.cmd('CONFIG', 'SET', 'lua-time-limit', '6000'), 'OK')
        eq(config_get(c, 'busy-reply-threshold'), {'busy-reply-threshold': '6000'})
        eq(c.cmd('CONFIG', 'SET', 'slaveof', 'localhost 1'), failed('slaveof',
                                                                     "can't set immutable config"))
        eq(c.cmd('CONFIG', 'SET', 'ZSET-max-ziplist-value', 'foo'),
           failed('zset-max-ziplist-value', 'argument must be a memory value'),
           'a bad value names the alias as Redis spells it')
        eq(c.cmd('CONFIG', 'SET', 'Slave-priority', '1', 'Replica-priority', 'x'),
           failed('replica-priority', "argument couldn't be parsed into an integer"))
        eq(config_get(c, 'replica-priority'), {'replica-priority': '100'})
    finally:
        c.cmd('CONFIG', 'SET', 'replica-read-only', 'yes', 'busy-reply-threshold', '5000')


def test_config_set_flags_and_words(srv):
    c = srv.raw()
    try:
        eq(c.cmd('CONFIG', 'SET', 'shutdown-on-sigterm', 'NOW force'), 'OK')
        eq(config_get(c, 'shutdown-on-sigterm'), {'shutdown-on-sigterm': 'now force'})
        eq(c.cmd('CONFIG', 'SET', 'shutdown-on-sigterm', 'default save'), 'OK')
        eq(config_get(c, 'shutdown-on-sigterm'), {'shutdown-on-sigterm': 'save'})
        eq(c.cmd('CONFIG', 'SET', 'shutdown-on-sigterm', 'now  force'),
           failed('shutdown-on-sigterm', 'argument(s) must be one of the following: default, '
                  'save, nosave, now, force'), 'an empty word between two spaces')
        eq(c.cmd('CONFIG', 'SET', 'oom-score-adj-values', '10 20 30'), 'OK')
        eq(config_get(c, 'oom-score-adj-values'), {'oom-score-adj-values': '10 20 30'})
        eq(c.cmd('CONFIG', 'SET', 'oom-score-adj', 'relative'), 'OK')
        eq(config_get(c, 'oom-score-adj'), {'oom-score-adj': 'yes'}, "Redis's first name")
    finally:
        c.cmd('CONFIG', 'SET', 'shutdown-on-sigterm', 'default', 'oom-score-adj-values',
              '0 200 800', 'oom-score-adj', 'no')


def test_config_maxmemory_clients_percent(srv):
    c = srv.raw()
    try:
        for value, reply, shown in [
                ('10%', 'OK', '10%'), ('1k', 'OK', '1000'), ('0%', 'OK', '0'),
                ('100%', 'OK', '100%'),
                ('101%', failed('maxmemory-clients',
                                'percentage argument must be less or equal to 100'), '100%'),
                ('-1', failed('maxmemory-clients', 'argument must be a memory or percent value'),
                 '100%'),
                ('%', failed('maxmemory-clients', 'argument must be a memory or percent value'),
                 '100%')]:
            eq(c.cmd('CONFIG', 'SET', 'maxmemory-clients', value), reply, value)
            eq(config_get(c, 'maxmemory-clients'), {'maxmemory-clients': shown}, value)
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory-clients', '0')


def test_config_packed_encoding_sizes(srv):
    c = srv.raw()
    try:
        eq(c.cmd('CONFIG', 'SET', 'hash-max-listpack-value', '1k', 'zset-max-ziplist-value', '2kb'),
           'OK')
        eq(config_get(c, 'hash-max-listpack-value', 'zset-max-listpack-value'),
           {'hash-max-listpack-value': '1000', 'zset-max-listpack-value': '2048'})
        eq(c.cmd('CONFIG', 'SET', 'hash-max-listpack-entries', '-1'),
           failed('hash-max-listpack-entries',
                  'argument must be between 0 and 9223372036854775807 inclusive'))
        eq(c.cmd('CONFIG', 'SET', 'set-max-intset-entries', '1k'),
           failed('set-max-intset-entries', "argument couldn't be parsed into an integer"))
        eq(c.cmd('CONFIG', 'SET', 'hash-max-listpack-value', '99999999999999999999'),
           failed('hash-max-listpack-value',
                  'argument must be between 0 and 9223372036854775807 inclusive'))
    finally:
        c.cmd('CONFIG', 'SET', 'hash-max-listpack-value', '64', 'zset-max-listpack-value', '64')


# ---- CONFIG GET / SET / HELP forms -----------------------------------------------------------

def test_config_get_several_patterns(srv):
    c = srv.raw()
    reply = c.cmd('CONFIG', 'GET', 'maxmemory', 'maxmemory-policy', 'maxmemory*', 'MAXMEMORY')
    names = [k.decode() for k in reply[0::2]]
    eq(sorted(names), ['maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity',
                       'maxmemory-policy', 'maxmemory-samples'], 'each once')
    eq(config_get(c, 'appendfsync', 'no-such', 'tls-p*'),
       {'appendfsync': 'everysec', 'tls-port': '0', 'tls-protocols': '',
        'tls-prefer-server-ciphers': 'no'})


def test_config_set_several_atomic(srv):
    c = srv.raw()
    try:
        eq(c.cmd('CONFIG', 'SET', 'maxmemory-samples', '7', 'appendfsync', 'always',
                 'activerehashing', 'no'), 'OK')
        eq(config_get(c, 'maxmemory-samples', 'appendfsync', 'activerehashing'),
           {'maxmemory-samples': '7', 'appendfsync': 'always', 'activerehashing': 'no'})
        # a bad value: nothing changes, not even the ones before it
        eq(c.cmd('CONFIG', 'SET', 'maxmemory-samples', '9', 'appendfsync', 'bogus'),
           failed('appendfsync', 'argument(s) must be one of the following: everysec, always, '
                  'no'))
        eq(config_get(c, 'maxmemory-samples', 'appendfsync'),
           {'maxmemory-samples': '7', 'appendfsync': 'always'})
        eq(c.cmd('CONFIG', 'SET', 'maxmemory-samples', '9', 'nosuch', '1', 'io-threads', '2'),
           "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'")
        eq(c.cmd('CONFIG', 'SET', 'maxmemory-samples', '9', 'io-threads', '2', 'nosuch', '1'),
           failed('io-threads', "can't set immutable config"), 'the first problem answers')
        eq(c.cmd('CONFIG', 'SET', 'maxmemory-samples', '9', 'io-threads', '2'),
           failed('io-threads', "can't set immutable config"))
        eq(c.cmd('CONFIG', 'SET', 'replica-priority', '9', 'replica-priority', '8'),
           failed('replica-priority', 'duplicate parameter'))
        eq(config_get(c, 'maxmemory-samples', 'replica-priority'),
           {'maxmemory-samples': '7', 'replica-priority': '100'})
        # an alias is another name to Redis: both go, in order
        eq(c.cmd('CONFIG', 'SET', 'slave-priority', '9', 'replica-priority', '8'), 'OK')
        eq(config_get(c, 'replica-priority'), {'replica-priority': '8'})
        eq(c.cmd('CONFIG', 'SET', 'maxmemory-samples', '9', 'appendfsync'), 'ERR syntax error')
        is_error(c.cmd('CONFIG', 'SET', 'maxmemory-samples'),
                 "ERR wrong number of arguments for 'config|set' command")
    finally:
        c.cmd('CONFIG', 'SET', 'maxmemory-samples', '5', 'appendfsync', 'everysec',
              'activerehashing', 'yes', 'replica-priority', '100')


def test_config_help(srv):
    c = srv.raw()
    eq([bytes(l, 'ascii') if isinstance(l, str) else l for l in c.cmd('CONFIG', 'HELP')], [
        b'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
        b'GET <pattern>',
        b'    Return parameters matching the glob-like <pattern> and their values.',
        b'SET <directive> <value>',
        b'    Set the configuration <directive> to <value>.',
        b'RESETSTAT',
        b'    Reset statistics reported by the INFO command.',
        b'REWRITE',
        b'    Rewrite the configuration file.',
        b'HELP',
        b'    Prints this help.'])


def test_config_resetstat_and_rewrite_without_file(srv):
    c = srv.raw()
    eq(c.cmd_raw('CONFIG', 'RESETSTAT'), b'+OK\r\n')
    eq(c.cmd('CONFIG', 'REWRITE'), 'ERR The server is running without a config file')
    is_error(c.cmd('CONFIG', 'REWRITE', 'x'),
             "ERR wrong number of arguments for 'config|rewrite' command")


# ---- config files ----------------------------------------------------------------------------

def debian_conf(srv, d):
    """Debian's /etc/redis/redis.conf copied, unchanged, into d."""
    with open('/etc/redis/redis.conf') as f:
        lines = f.read().split('\n')
    path = os.path.join(d, 'redis.conf')
    with open(path, 'w') as f:
        f.write('\n'.join(lines))
    return path, lines


@own_server
def test_config_debian_redis_conf(srv):
    d = srv.track_dir()
    path, lines = debian_conf(srv, d)
    ok('daemonize yes' in lines, "Debian's file daemonizes (the command line says no)")
    # what the file names outside a test's reach: the command line overrides it, as Redis allows
    s = srv.start_server(config_file=path, extra_args=[
        '--daemonize', 'no', '--pidfile', os.path.join(d, 'redis.pid'), '--logfile', ''])
    c = srv.raw(port=s.port)
    eq(c.cmd('PING'), 'PONG')
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd('GET', 'k'), b'v')
    got = config_get(c, 'appendfilename', 'auto-aof-rewrite-min-size', 'oom-score-adj-values',
                     'proc-title-template', 'protected-mode', 'daemonize', 'pidfile',
                     'client-output-buffer-limit', 'jemalloc-bg-thread')
    eq(got, {'appendfilename': 'appendonly.aof', 'auto-aof-rewrite-min-size': '67108864',
             'oom-score-adj-values': '0 200 800',
             'proc-title-template': '{title} {listen-addr} {server-mode}',
             'protected-mode': 'yes', 'daemonize': 'no', 'pidfile': os.path.join(d, 'redis.pid'),
             'client-output-buffer-limit':
                 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
             'jemalloc-bg-thread': 'yes'})
    ok(os.path.exists(os.path.join(d, 'redis.pid')), 'no pid file')
    if srv.tessera:
        log = s.log_text()
        m = re.search(r'have no effect in Tessera: (.*)', log)
        ok(m, 'start-up did not name the directives without effect: %r' % log[-800:])
        named = m.group(1).split(', ')
        for name in ('lazyfree-lazy-eviction', 'appendfsync', 'oom-score-adj', 'jemalloc-bg-thread',
                     'replica-serve-stale-data'):
            ok(name in named, '%s not named in %r' % (name, m.group(1)))
        ok('port' not in named and 'maxmemory-policy' not in named, 'names an option in use')
        eq(log.count('have no effect in Tessera'), 1, 'said once')


@own_server
def test_config_file_directives_redis_takes(srv):
    d = srv.track_dir()
    inc = os.path.join(d, 'extra.conf')
    with open(inc, 'w') as f:
        f.write('maxmemory-samples 7\nappendfsync always\n')
    path = os.path.join(d, 'main.conf')
    with open(path, 'w') as f:
        f.write('include %s\n'
                'include %s/none-*.conf\n'
                'rename-command FLUSHALL ""\n'
                'rename-command DBSIZE KEYCOUNT\n'
                'list-max-ziplist-entries 512\n'
                'slave-serve-stale-data no\n'
                'user default on nopass ~* &* +@all\n'
                'shutdown-on-sigint save now\n'
                'oom-score-adj-values 1 2 3\n' % (inc, d))
    s = srv.start_server(config_file=path)
    c = srv.raw(port=s.port)
    eq(config_get(c, 'maxmemory-samples', 'appendfsync', 'replica-serve-stale-data',
                  'shutdown-on-sigint', 'oom-score-adj-values'),
       {'maxmemory-samples': '7', 'appendfsync': 'always', 'replica-serve-stale-data': 'no',
        'shutdown-on-sigint': 'save now', 'oom-score-adj-values': '1 2 3'})
    is_error(c.cmd('FLUSHALL'), prefix="ERR unknown command 'FLUSHALL'")
    is_error(c.cmd('DBSIZE'), prefix="ERR unknown command 'DBSIZE'")
    eq(c.cmd('SET', 'a', '1'), 'OK')
    eq(c.cmd('KEYCOUNT'), 1)
    # COMMAND knows the renamed one by its own name and no longer the removed one
    listed = c.cmd('COMMAND', 'LIST')
    ok(b'dbsize' in listed and b'flushall' not in listed and b'keycount' not in listed, listed)
    eq(c.cmd('COMMAND', 'COUNT'), len([n for n in listed if b'|' not in n]))
    eq(c.cmd('COMMAND', 'INFO', 'keycount')[0][0], b'dbsize')
    eq(c.cmd('COMMAND', 'INFO', 'dbsize', 'flushall'), [None, None])


def start_failure(srv, text):
    d = srv.track_dir()
    path = os.path.join(d, 'bad.conf')
    with open(path, 'w') as f:
        f.write('# comment\n' + text + '\n')
    s = srv.new_server(config_file=path)
    s.wait = False
    s.start()
    status = s.wait_exit(10.0)
    ok(status is not None and status != 0, 'a server started with %r' % text)
    return s.log_text()


@own_server
def test_config_file_refusals_as_redis(srv):
    for line, reason in [
            ('rename-command NOSUCHCMD foo', 'No such command in rename-command'),
            ('rename-command GET SET', 'Target command name already exists'),
            ('sentinel monitor x 127.0.0.1 1 1', 'sentinel directive while not in sentinel mode'),
            ('activedefrag yes', 'Active defragmentation cannot be enabled'),
            ('io-threads 200', 'argument must be between 1 and 128 inclusive'),
            ('appendfsync sometimes', 'argument(s) must be one of the following: everysec, '
                                      'always, no'),
            ('oom-score-adj-values 1 2', 'wrong number of arguments'),
            ('replicaof localhost', 'wrong number of arguments'),
            ('appendfilename "a/b"', "appendfilename can't be a path, just a filename")]:
        out = start_failure(srv, line)
        ok(reason in out and 'line 2' in out, '%r: %r' % (line, out[-400:]))


# ---- protected mode --------------------------------------------------------------------------

DENIED = (b"-DENIED Redis is running in protected mode because protected mode is enabled and no "
          b"password is set for the default user. In this mode connections are only accepted "
          b"from the loopback interface. If you want to connect from external computers to Redis "
          b"you may adopt one of the following solutions: 1) Just disable protected mode sending "
          b"the command 'CONFIG SET protected-mode no' from the loopback interface by connecting "
          b"to Redis from the same host the server is running, however MAKE SURE Redis is not "
          b"publicly accessible from internet if you do so. Use CONFIG REWRITE to make this "
          b"change permanent. 2) Alternatively you can just disable the protected mode by "
          b"editing the Redis configuration file, and setting the protected mode option to "
          b"'no', and then restarting the server. 3) If you started the server manually just "
          b"for testing, restart it with the '--protected-mode no' option. 4) Setup a an "
          b"authentication password for the default user. NOTE: You only need to do one of the "
          b"above things in order for the server to start accepting connections from the "
          b"outside.\r\n")


def from_127_0_0_2(port):
    """What the server sends a client at 127.0.0.2 that says PING, until it closes (or 1 s)."""
    s = socket.socket()
    try:
        s.bind(('127.0.0.2', 0))
        s.connect(('127.0.0.1', port))
        data = b''
        # Redis says it as it accepts: read first, then ask
        for ask in (False, True):
            if ask:
                s.sendall(b'PING\r\n')
            s.settimeout(0.5)
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        return data, True
                    data += chunk
            except socket.timeout:
                pass
        return data, False
    finally:
        s.close()


@own_server
def test_config_protected_mode(srv):
    s = srv.start_server()
    c = srv.raw(port=s.port)
    eq(config_get(c, 'protected-mode'), {'protected-mode': 'yes'})
    data, closed = from_127_0_0_2(s.port)
    eq(data, DENIED)
    ok(closed, 'the connection stays open')
    eq(c.cmd('PING'), 'PONG', 'loopback clients are served')
    eq(c.cmd('CONFIG', 'SET', 'protected-mode', 'no'), 'OK')
    eq(from_127_0_0_2(s.port), (b'+PONG\r\n', False))
    eq(c.cmd('CONFIG', 'SET', 'protected-mode', 'yes', 'requirepass', 'secret'), 'OK')
    eq(from_127_0_0_2(s.port), (b"-NOAUTH Authentication required.\r\n", False),
       'with a password anyone may try it')
    eq(c.cmd('PING'), 'PONG')


# ---- CONFIG REWRITE --------------------------------------------------------------------------

REWRITE_INPUT = '''# A configuration for CONFIG REWRITE

# network
port 1
timeout 0
tcp-keepalive 300

save 900 1
save 300 10
hash-max-ziplist-entries 100
slave-read-only no
lua-time-limit 6000
maxmemory 1gb
logfile ""
notify-keyspace-events ""
client-output-buffer-limit pubsub 32mb 8mb 60
appendfsync everysec
# lazyfree-lazy-expire no
lazyfree-lazy-eviction yes
oom-score-adj-values 0 200 800
rename-command KEYS ""
   # an indented comment
tls-port 0



maxmemory-samples 5
'''


def rewrite(srv, s, d, sets):
    c = srv.raw(port=s.port)
    for args in sets:
        eq(c.cmd('CONFIG', 'SET', *args), 'OK', 'CONFIG SET %r' % (args,))
    eq(c.cmd('CONFIG', 'REWRITE'), 'OK')
    with open(os.path.join(d, 'r.conf')) as f:
        text = f.read()
    # what differs by the server only: its port and directory, Tessera's threads and the event
    # loop run.py may ask for (--io-backend)
    text = re.sub(r'^port \d+$', 'port N', text, flags=re.M)
    text = re.sub(r'^dir ".*"$', 'dir D', text, flags=re.M)
    text = '\n'.join(l for l in text.split('\n')
                     if not l.startswith('threads ') and not l.startswith('io-backend '))
    head, sep, tail = text.partition('# Generated by CONFIG REWRITE\n')
    # Redis appends in its dictionary's (random) order
    return head, sep, sorted(l for l in tail.split('\n') if l)


@own_server
def test_config_rewrite_like_redis(srv):
    sets = [('maxmemory-policy', 'allkeys-lru', 'appendfsync', 'always', 'hz', '20'),
            ('timeout', '5', 'lazyfree-lazy-eviction', 'no', 'lazyfree-lazy-expire', 'yes'),
            ('client-output-buffer-limit', 'normal 1mb 0 0'),
            ('save', '60 5'), ('notify-keyspace-events', 'KEA'),
            ('oom-score-adj-values', '1 2 3'), ('maxmemory', '0'),
            ('hash-max-listpack-entries', '512'), ('proc-title-template', '{title}x')]
    results = []
    servers = []
    for start in (srv.start_server, srv.start_reference):
        d = srv.track_dir()
        path = os.path.join(d, 'r.conf')
        with open(path, 'w') as f:
            f.write(REWRITE_INPUT)
        s = start(config_file=path)
        servers.append(s)
        results.append(rewrite(srv, s, d, sets))
        # a second rewrite of the rewritten file
        results.append(rewrite(srv, s, d, [('timeout', '0')]))
    ours, ours2, redis, redis2 = results
    eq(ours[0], redis[0], 'the rewritten lines')
    eq(ours[1:], redis[1:], 'the appended lines')
    eq(ours2, redis2, 'the second rewrite')
    ok('lazyfree-lazy-eviction no' in ours[0] and 'hash-max-listpack-entries 512' in ours[0],
       'lines at a default stay when the file had them: %r' % ours[0])


@own_server
def test_config_rewrite_appends_and_removes(srv):
    d = srv.track_dir()
    path = os.path.join(d, 'r.conf')
    with open(path, 'w') as f:
        f.write('# top\nmaxmemory-samples 5\nmaxmemory-samples 6\nbind 127.0.0.1\n')
    s = srv.start_server(config_file=path)
    c = srv.raw(port=s.port)
    eq(c.cmd('CONFIG', 'SET', 'maxmemory-samples', '9', 'activerehashing', 'no'), 'OK')
    eq(c.cmd('CONFIG', 'REWRITE'), 'OK')
    with open(path) as f:
        lines = f.read().split('\n')
    eq(lines[:4], ['# top', 'maxmemory-samples 9', '', 'bind 127.0.0.1'],
       'the first line of an option takes its value, the others go')
    ok('# Generated by CONFIG REWRITE' in lines, lines)
    after = lines[lines.index('# Generated by CONFIG REWRITE') + 1:]
    ok('activerehashing no' in after, after)
    ok('save ""' in after and 'user default on nopass ~* &* +@all' in after,
       after)
    eq(oct(os.stat(path).st_mode & 0o777), oct(0o644 & ~current_umask()))


def current_umask():
    m = os.umask(0)
    os.umask(m)
    return m
