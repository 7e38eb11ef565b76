# Expiry over TCP: keys past their time are gone when read (lazy) and are reclaimed when nobody reads
# them (active cycle), and INFO keyspace counts keys and expires per database. Run by run.py.

import re
import time

from harness import eq, ok, wait_until, timeout


def keyspace(r):
    """INFO keyspace as {db index: (keys, expires, avg_ttl)}."""
    text = r.cmd('INFO', 'keyspace')
    ok(isinstance(text, bytes), 'INFO keyspace reply %r' % (text,))
    out = {}
    lines = text.decode().split('\r\n')
    eq(lines[0], '# Keyspace', 'first line of INFO keyspace')
    for line in lines[1:]:
        if not line:
            continue
        m = re.fullmatch(r'db(\d+):keys=(\d+),expires=(\d+),avg_ttl=(\d+)', line)
        ok(m is not None, 'INFO keyspace line %r' % line)
        out[int(m.group(1))] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return out


def test_lazy_expiry(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v', 'PX', '50'), 'OK')
    eq(r.cmd('GET', 'k'), b'v')
    time.sleep(0.15)
    eq(r.cmd_raw('GET', 'k'), b'$-1\r\n')
    eq(r.cmd('EXISTS', 'k'), 0)
    eq(r.cmd('TTL', 'k'), -2)


def test_lazy_expiry_every_command(srv):
    # Every kind of access treats an expired key as missing.
    r = srv.raw()
    for k in ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'):
        eq(r.cmd('SET', k, '5', 'PX', '50'), 'OK')
    eq(r.cmd('SADD', 's', 'm'), 1)
    eq(r.cmd('PEXPIRE', 's', '50'), 1)
    time.sleep(0.15)
    eq(r.cmd('INCR', 'a'), 1, 'INCR on an expired key starts from 0')
    eq(r.cmd('TTL', 'a'), -1, 'the new key has no TTL')
    eq(r.cmd('APPEND', 'b', 'x'), 1)
    eq(r.cmd('SETNX', 'c', 'x'), 1)
    eq(r.cmd('MGET', 'd', 'e'), [None, None])
    eq(r.cmd('TYPE', 'f'), 'none')
    eq(r.cmd('RENAME', 'g', 'g2'), 'ERR no such key')
    eq(r.cmd('STRLEN', 'h'), 0)
    eq(r.cmd('SCARD', 's'), 0)
    eq(r.cmd('SADD', 's', 'n'), 1)
    eq(r.cmd('SMEMBERS', 's'), [b'n'])
    names = sorted(x.decode() for x in r.cmd('KEYS', '*'))
    eq(names, ['a', 'b', 'c', 's'])


def test_expire_then_persist_survives(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v', 'PX', '100'), 'OK')
    eq(r.cmd('PERSIST', 'k'), 1)
    time.sleep(0.2)
    eq(r.cmd('GET', 'k'), b'v')


def test_overwrite_clears_expiry(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v', 'PX', '100'), 'OK')
    eq(r.cmd('SET', 'k', 'w'), 'OK')
    time.sleep(0.2)
    eq(r.cmd('GET', 'k'), b'w')


@timeout(30)
def test_active_expiry(srv):
    # 2,000 keys that are never read again must still go away.
    r = srv.raw()
    keep = srv.raw()
    eq(keep.cmd('SET', 'persistent', 'x'), 'OK')
    batch = []
    for i in range(2000):
        batch.append(b'*5\r\n$3\r\nSET\r\n$%d\r\nvol:%d\r\n$1\r\nv\r\n$2\r\nPX\r\n$3\r\n100\r\n'
                     % (len('vol:%d' % i), i))
    r.send(b''.join(batch))
    for i in range(2000):
        eq(r.read(), 'OK')
    before = keyspace(r)
    ok(0 in before, 'db0 listed in INFO keyspace: %r' % before)

    def drained():
        ks = keyspace(r)
        return ks.get(0, (0, 0, 0))[0] == 1 and r.cmd('DBSIZE') == 1

    wait_until(drained, limit=5.0, step=0.1,
               msg='volatile keys not reclaimed without access (INFO keyspace %r)' % keyspace(r))
    eq(keyspace(r).get(0), (1, 0, 0))
    eq(r.cmd('GET', 'persistent'), b'x')


def test_info_keyspace_counts(srv):
    r = srv.raw()
    eq(r.cmd_raw('INFO', 'keyspace'), b'$12\r\n# Keyspace\r\n\r\n')
    args = []
    for i in range(10):
        args += ['k%d' % i, 'v']
    eq(r.cmd('MSET', *args), 'OK')
    for i in range(4):
        eq(r.cmd('EXPIRE', 'k%d' % i, '1000'), 1)
    eq(r.cmd('SADD', 'set', 'm'), 1)
    eq(r.cmd('SELECT', '5'), 'OK')
    eq(r.cmd('SET', 'other', 'v', 'EX', '500'), 'OK')
    ks = keyspace(r)
    eq(sorted(ks), [0, 5], 'databases listed')
    eq(ks[0][:2], (11, 4), 'db0 keys, expires')
    eq(ks[5][:2], (1, 1), 'db5 keys, expires')
    ok(ks[5][2] <= 500000, 'avg_ttl is in milliseconds and at most the TTL: %r' % (ks[5],))
    text = r.cmd('INFO', 'keyspace').decode()
    ok(text.index('db0:') < text.index('db5:'), 'databases in order')
    eq(r.cmd('FLUSHDB'), 'OK')
    eq(sorted(keyspace(r)), [0], 'an empty database is not listed')
