# The server through redis-py (Debian's python3-redis 4.3.4, RESP2), as applications use it: plain
# commands, scan_iter, expiry, mget/mset, info() parsing, client names, and a small user program run
# as a separate process. Run by run.py.

import os
import subprocess
import time

import redis

from harness import eq, ok, raises

PYTHON = '/usr/bin/python3'

USER_PROGRAM = '''import redis
r = redis.Redis(host='localhost', port=PORT, db=0)
for n in (1, 2, 3, 4, 5): r.sadd('numbers', n)
print(sum(int(x) for x in r.smembers('numbers')))
'''


def test_user_program_prints_15(srv):
    d = srv.track_dir()
    path = os.path.join(d, 'sum.py')
    with open(path, 'w') as f:
        f.write(USER_PROGRAM.replace('PORT', str(srv.port)))
    p = subprocess.run([PYTHON, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30,
                       stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, 'exit status (stderr: %r)' % p.stderr.decode()[-500:])
    eq(p.stdout.decode().strip(), '15')
    # Running it again adds nothing: the set already holds 1..5.
    p = subprocess.run([PYTHON, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30,
                       stdin=subprocess.DEVNULL)
    eq(p.stdout.decode().strip(), '15')


def test_basic_commands(srv):
    r = srv.client()
    eq(r.ping(), True)
    eq(r.set('greeting', 'hello'), True)
    eq(r.get('greeting'), b'hello')
    eq(r.get('missing'), None)
    eq(r.set('greeting', 'again', nx=True), None)
    eq(r.set('greeting', 'bye', xx=True, ex=100), True)
    ok(0 < r.ttl('greeting') <= 100, 'ttl')
    eq(r.incr('counter'), 1)
    eq(r.incrby('counter', 10), 11)
    eq(r.decr('counter'), 10)
    eq(r.incrbyfloat('float', 2.5), 2.5)
    eq(r.append('greeting', '!'), 4)
    eq(r.strlen('greeting'), 4)
    eq(r.getrange('greeting', 0, 1), b'by')
    eq(r.exists('greeting', 'counter', 'missing'), 2)
    eq(r.type('greeting'), b'string')
    eq(r.delete('greeting', 'missing'), 1)
    eq(r.echo('echo me'), b'echo me')


def test_decode_responses(srv):
    r = srv.client(decode_responses=True)
    eq(r.set('k', 'v\u00e9'), True)
    eq(r.get('k'), 'v\u00e9')
    eq(r.mget(['k', 'nokey']), ['v\u00e9', None])


def test_mset_mget(srv):
    r = srv.client()
    mapping = {chr(c): 'value-%s' % chr(c) for c in range(ord('a'), ord('z') + 1)}
    eq(r.mset(mapping), True)
    eq(r.mget(list(mapping)), [v.encode() for v in mapping.values()])
    eq(r.msetnx({'a': 'x', 'new': 'y'}), False)
    eq(r.get('new'), None)


def test_scan_iter(srv):
    r = srv.client()
    with r.pipeline(transaction=False) as p:
        for i in range(1500):
            p.set('scan:%d' % i, i)
        p.set('other', 1)
        p.execute()
    found = set(r.scan_iter(match='scan:*', count=100))
    eq(found, set(b'scan:%d' % i for i in range(1500)))
    eq(set(r.scan_iter(match='other')), {b'other'})
    eq(len(set(r.scan_iter())), 1501)
    eq(sorted(r.keys('scan:1?')), sorted(b'scan:1%d' % i for i in range(10)))


def test_expire(srv):
    r = srv.client()
    r.set('k', 'v')
    eq(r.expire('k', 100), True)
    ok(98 <= r.ttl('k') <= 100, 'ttl %r' % r.ttl('k'))
    eq(r.pexpire('k', 50), True)
    time.sleep(0.15)
    eq(r.get('k'), None)
    eq(r.ttl('k'), -2)
    r.set('p', 'v', px=100000)
    eq(r.persist('p'), True)
    eq(r.ttl('p'), -1)
    eq(r.expire('missing', 10), False)


def test_info_parses(srv):
    r = srv.client()
    r.set('a', 1)
    info = r.info()
    ok(isinstance(info, dict), 'info() is a dict')
    for field in ('redis_version', 'connected_clients', 'used_memory', 'uptime_in_seconds'):
        ok(field in info, 'info() lacks %r' % field)
    ok(isinstance(info['used_memory'], int), 'used_memory parsed as int: %r' % info['used_memory'])
    eq(info.get('db0', {}).get('keys'), 1, 'db0 parsed by redis-py: %r' % info.get('db0'))
    eq(info.get('loading'), 0)
    server = r.info('server')
    eq(server['tcp_port'], srv.port)
    cmdstats = r.info('commandstats')
    ok(any(k.startswith('cmdstat_') for k in cmdstats), 'commandstats keys %r' % list(cmdstats)[:5])
    eq(r.dbsize(), 1)


def test_client_name(srv):
    r = srv.client(single_connection_client=True)
    eq(r.client_setname('py-client'), True)
    eq(r.client_getname(), 'py-client')
    cid = r.client_id()
    ok(isinstance(cid, int) and cid > 0, 'client_id %r' % cid)
    clients = r.client_list()
    mine = [c for c in clients if c.get('id') == str(cid)]
    ok(mine and mine[0]['name'] == 'py-client', 'client_list entry %r' % mine)
    r.close()


def test_errors_raise(srv):
    r = srv.client()
    r.sadd('set', 'm')
    e = raises(redis.ResponseError, r.get, 'set')
    eq(str(e), 'WRONGTYPE Operation against a key holding the wrong kind of value')
    r.set('s', 'abc')
    e = raises(redis.ResponseError, r.incr, 's')
    eq(str(e), 'value is not an integer or out of range')
    e = raises(redis.ResponseError, r.execute_command, 'NOSUCHCOMMAND', 'x')
    eq(str(e), "unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' ")


def test_select_db(srv):
    r1 = srv.client(db=1)
    r0 = srv.client(db=0)
    r1.set('k', 'in-1')
    eq(r0.get('k'), None)
    eq(r1.get('k'), b'in-1')
    eq(r1.dbsize(), 1)
    eq(r0.dbsize(), 0)


def test_connection_pool_threads(srv):
    import threading
    r = srv.client(max_connections=20)
    errors = []

    def work(t):
        try:
            for i in range(100):
                r.set('t%d:%d' % (t, i), i)
                if r.get('t%d:%d' % (t, i)) != str(i).encode():
                    errors.append('mismatch %d %d' % (t, i))
        except Exception as e:
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    ok(not errors, 'errors: %r' % errors[:3])
    eq(r.dbsize(), 1000)
