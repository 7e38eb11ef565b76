# Generic keyspace commands over TCP: DEL/UNLINK/EXISTS/TYPE/TOUCH, RENAME/RENAMENX/COPY, KEYS and SCAN,
# RANDOMKEY/DBSIZE/FLUSHDB/FLUSHALL, the EXPIRE family with NX/XX/GT/LT, TTL/PTTL/EXPIRETIME, SELECT.
# Untagged keys a..z land on different shards; {tag} keys share one. Run by run.py.

import time

from harness import eq, ok
from harness import arity

NOT_INT = 'ERR value is not an integer or out of range'
SYNTAX = 'ERR syntax error'
LETTERS = [chr(c) for c in range(ord('a'), ord('z') + 1)]


def fill(r, keys, prefix='v'):
    args = []
    for k in keys:
        args += [k, prefix + k]
    eq(r.cmd('MSET', *args), 'OK')


def test_del_unlink_counts(srv):
    r = srv.raw()
    fill(r, LETTERS)
    eq(r.cmd_raw('DEL', 'a', 'b', 'nokey'), b':2\r\n')
    eq(r.cmd('DEL', 'a'), 0)
    eq(r.cmd('DEL', 'c', 'c', 'c'), 1, 'a key named twice is deleted once')
    eq(r.cmd_raw('UNLINK', 'd', 'e', 'f', 'nokey'), b':3\r\n')
    eq(r.cmd('DEL', *LETTERS), 20, 'DEL over keys of every shard')
    eq(r.cmd('DBSIZE'), 0)
    eq(r.cmd('SADD', 's', 'x'), 1)
    eq(r.cmd('DEL', 's'), 1, 'DEL removes keys of any type')
    eq(r.cmd('DEL'), arity('del'))
    eq(r.cmd('UNLINK'), arity('unlink'))


def test_exists_counts_duplicates(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'a', '1'), 'OK')
    eq(r.cmd('SET', 'b', '1'), 'OK')
    eq(r.cmd_raw('EXISTS', 'a'), b':1\r\n')
    eq(r.cmd_raw('EXISTS', 'nokey'), b':0\r\n')
    eq(r.cmd('EXISTS', 'a', 'a', 'b', 'a', 'nokey'), 4)
    fill(r, LETTERS)
    eq(r.cmd('EXISTS', *(LETTERS + LETTERS)), 52)
    eq(r.cmd('EXISTS'), arity('exists'))


def test_type(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'str', 'v'), 'OK')
    eq(r.cmd('SADD', 'set', 'm'), 1)
    eq(r.cmd_raw('TYPE', 'str'), b'+string\r\n')
    eq(r.cmd_raw('TYPE', 'set'), b'+set\r\n')
    eq(r.cmd_raw('TYPE', 'nokey'), b'+none\r\n')
    eq(r.cmd('SET', 'n', '123'), 'OK')
    eq(r.cmd('TYPE', 'n'), 'string')


def test_touch(srv):
    r = srv.raw()
    fill(r, ['a', 'b', 'q'])
    eq(r.cmd_raw('TOUCH', 'a', 'b', 'nokey', 'q'), b':3\r\n')
    eq(r.cmd('TOUCH', 'nokey'), 0)
    eq(r.cmd('TOUCH'), arity('touch'))


def test_rename_same_shard(srv):
    r = srv.raw()
    eq(r.cmd('SET', '{t}a', 'v'), 'OK')
    eq(r.cmd('EXPIRE', '{t}a', '100'), 1)
    eq(r.cmd_raw('RENAME', '{t}a', '{t}b'), b'+OK\r\n')
    eq(r.cmd('EXISTS', '{t}a'), 0)
    eq(r.cmd('GET', '{t}b'), b'v')
    ok(98 <= r.cmd('TTL', '{t}b') <= 100, 'RENAME carries the TTL')
    eq(r.cmd('SET', '{t}c', 'old'), 'OK')
    eq(r.cmd('RENAME', '{t}b', '{t}c'), 'OK')
    eq(r.cmd('GET', '{t}c'), b'v', 'RENAME overwrites the destination')
    eq(r.cmd('RENAME', '{t}c', '{t}c'), 'OK', 'RENAME onto itself')
    eq(r.cmd('GET', '{t}c'), b'v')


def test_rename_across_shards(srv):
    r = srv.raw()
    for i, k in enumerate(LETTERS[:-1]):
        dst = LETTERS[i + 1]
        eq(r.cmd('SET', k, 'v' + k, 'EX', '1000'), 'OK')
        eq(r.cmd('RENAME', k, dst), 'OK', 'RENAME %s %s' % (k, dst))
        eq(r.cmd('EXISTS', k), 0)
        eq(r.cmd('GET', dst), ('v' + k).encode())
        ok(r.cmd('TTL', dst) > 990, 'TTL moved with %s' % k)
    eq(r.cmd('SADD', 'set1', 'x', 'y'), 2)
    eq(r.cmd('RENAME', 'set1', 'other'), 'OK')
    eq(r.cmd('TYPE', 'other'), 'set')
    eq(r.cmd('SCARD', 'other'), 2)


def test_rename_errors(srv):
    r = srv.raw()
    eq(r.cmd_raw('RENAME', 'nokey', 'b'), b'-ERR no such key\r\n')
    eq(r.cmd_raw('RENAMENX', 'nokey', 'b'), b'-ERR no such key\r\n')
    eq(r.cmd('RENAME', 'a'), arity('rename'))
    eq(r.cmd('RENAMENX', 'a', 'b', 'c'), arity('renamenx'))


def test_renamenx(srv):
    r = srv.raw()
    fill(r, ['a', 'b'])
    eq(r.cmd_raw('RENAMENX', 'a', 'b'), b':0\r\n')
    eq(r.cmd('GET', 'a'), b'va')
    eq(r.cmd('GET', 'b'), b'vb')
    eq(r.cmd_raw('RENAMENX', 'a', 'c'), b':1\r\n')
    eq(r.cmd('EXISTS', 'a'), 0)
    eq(r.cmd('GET', 'c'), b'va')
    eq(r.cmd('RENAMENX', 'c', 'c'), 0, 'RENAMENX onto itself')


def test_keys_glob(srv):
    r = srv.raw()
    names = ['hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'h[llo', 'h\\llo', 'other', 'HELLO']
    for n in names:
        eq(r.cmd('SET', n, '1'), 'OK')

    def keys(pattern):
        return sorted(x.decode() for x in r.cmd('KEYS', pattern))

    eq(keys('*'), sorted(names))
    eq(keys('h?llo'), sorted(['hello', 'hallo', 'hxllo', 'h[llo', 'h\\llo']))
    eq(keys('h*llo'), sorted(['hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'h[llo', 'h\\llo']))
    eq(keys('h[ae]llo'), ['hallo', 'hello'])
    eq(keys('h[^e]llo'), sorted(['hallo', 'hxllo', 'h[llo', 'h\\llo']))
    eq(keys('h[a-b]llo'), ['hallo'])
    eq(keys('h\\[llo'), ['h[llo'])
    eq(keys('h\\\\llo'), ['h\\llo'])
    eq(keys('hello'), ['hello'])
    eq(keys('nomatch*'), [])
    eq(r.cmd_raw('KEYS', 'nomatch*'), b'*0\r\n')
    eq(r.cmd('KEYS'), arity('keys'))


def test_keys_spread_over_shards(srv):
    r = srv.raw()
    keys = ['key:%d' % i for i in range(1000)]
    for i in range(0, 1000, 100):
        fill(r, keys[i:i + 100])
    got = r.cmd('KEYS', 'key:*')
    eq(len(got), 1000)
    eq(sorted(x.decode() for x in got), sorted(keys))
    eq(len(r.cmd('KEYS', 'key:1??')), 100)


def scan_all(r, *extra):
    """Runs a whole SCAN iteration; returns the list of keys (with repeats) and the calls made."""
    cursor = b'0'
    found = []
    calls = 0
    while True:
        reply = r.cmd('SCAN', cursor, *extra)
        ok(isinstance(reply, list) and len(reply) == 2, 'SCAN reply shape: %r' % (reply,))
        cursor, batch = reply
        ok(isinstance(cursor, bytes) and cursor.isdigit(), 'cursor %r' % (cursor,))
        found += batch
        calls += 1
        ok(calls < 100000, 'SCAN did not finish')
        if cursor == b'0':
            return found, calls


def test_scan_finds_every_key(srv):
    r = srv.raw()
    keys = ['k%d' % i for i in range(3000)]
    for i in range(0, len(keys), 500):
        fill(r, keys[i:i + 500])
    found, calls = scan_all(r)
    eq(set(x.decode() for x in found), set(keys), 'SCAN found set')
    ok(calls > 1, 'SCAN with the default COUNT should take several calls for 3000 keys')
    found, calls = scan_all(r, 'COUNT', '1000')
    eq(set(x.decode() for x in found), set(keys), 'SCAN COUNT 1000 found set')


def test_scan_match_type_count(srv):
    r = srv.raw()
    fill(r, ['user:%d' % i for i in range(200)])
    fill(r, ['item:%d' % i for i in range(200)])
    for i in range(50):
        eq(r.cmd('SADD', 'set:%d' % i, 'm'), 1)
    found, _ = scan_all(r, 'MATCH', 'user:*', 'COUNT', '50')
    eq(set(x.decode() for x in found), set('user:%d' % i for i in range(200)))
    found, _ = scan_all(r, 'TYPE', 'set')
    eq(set(x.decode() for x in found), set('set:%d' % i for i in range(50)))
    found, _ = scan_all(r, 'MATCH', 'set:1*', 'TYPE', 'set', 'COUNT', '20')
    eq(set(x.decode() for x in found), set('set:%d' % i for i in range(50) if str(i).startswith('1')))
    found, _ = scan_all(r, 'TYPE', 'string', 'MATCH', 'set:*')
    eq(found, [])


def test_scan_empty_and_errors(srv):
    r = srv.raw()
    eq(r.cmd_raw('SCAN', '0'), b'*2\r\n$1\r\n0\r\n*0\r\n')
    eq(r.cmd('SCAN', 'abc'), 'ERR invalid cursor')
    eq(r.cmd('SCAN', '0', 'COUNT', '0'), SYNTAX)
    eq(r.cmd('SCAN', '0', 'COUNT', 'x'), NOT_INT)
    eq(r.cmd('SCAN', '0', 'FOO'), SYNTAX)
    eq(r.cmd('SCAN', '0', 'MATCH'), SYNTAX)
    eq(r.cmd('SCAN'), arity('scan'))


def test_scan_concurrent_deletes(srv):
    # Keys that exist for the whole iteration are returned even while others are deleted.
    r = srv.raw()
    w = srv.raw()
    stable = ['stable:%d' % i for i in range(500)]
    churn = ['churn:%d' % i for i in range(500)]
    fill(r, stable)
    fill(r, churn)
    cursor = b'0'
    found = set()
    deleted = 0
    while True:
        cursor, batch = r.cmd('SCAN', cursor, 'COUNT', '25')
        found.update(x.decode() for x in batch)
        if deleted < len(churn):
            eq(w.cmd('DEL', *churn[deleted:deleted + 20]), len(churn[deleted:deleted + 20]))
            deleted += 20
        if cursor == b'0':
            break
    missing = set(stable) - found
    ok(not missing, 'SCAN missed %d stable keys, e.g. %r' % (len(missing), sorted(missing)[:5]))


def test_randomkey(srv):
    r = srv.raw()
    eq(r.cmd_raw('RANDOMKEY'), b'$-1\r\n')
    fill(r, LETTERS)
    seen = set()
    for _ in range(200):
        k = r.cmd('RANDOMKEY')
        ok(k.decode() in LETTERS, 'RANDOMKEY returned %r' % k)
        seen.add(k)
    ok(len(seen) > 3, 'RANDOMKEY returned only %r' % seen)
    eq(r.cmd('FLUSHDB'), 'OK')
    eq(r.cmd('SET', 'only', '1'), 'OK')
    eq(r.cmd('RANDOMKEY'), b'only')


def test_dbsize(srv):
    r = srv.raw()
    eq(r.cmd_raw('DBSIZE'), b':0\r\n')
    fill(r, LETTERS)
    eq(r.cmd('DBSIZE'), 26)
    eq(r.cmd('SELECT', '1'), 'OK')
    eq(r.cmd('DBSIZE'), 0, 'DBSIZE counts the selected database only')
    eq(r.cmd('SET', 'x', '1'), 'OK')
    eq(r.cmd('DBSIZE'), 1)
    eq(r.cmd('SELECT', '0'), 'OK')
    eq(r.cmd('DEL', 'a', 'b'), 2)
    eq(r.cmd('DBSIZE'), 24)
    eq(r.cmd('DBSIZE', 'x'), arity('dbsize'))


def test_flushdb_flushall(srv):
    r = srv.raw()
    fill(r, LETTERS)
    eq(r.cmd('SELECT', '2'), 'OK')
    fill(r, LETTERS)
    eq(r.cmd_raw('FLUSHDB'), b'+OK\r\n')
    eq(r.cmd('DBSIZE'), 0)
    eq(r.cmd('SELECT', '0'), 'OK')
    eq(r.cmd('DBSIZE'), 26, 'FLUSHDB leaves other databases')
    eq(r.cmd('FLUSHDB', 'ASYNC'), 'OK')
    eq(r.cmd('DBSIZE'), 0)
    fill(r, LETTERS)
    eq(r.cmd('FLUSHDB', 'SYNC'), 'OK')
    eq(r.cmd('DBSIZE'), 0)
    fill(r, LETTERS)
    eq(r.cmd('SELECT', '3'), 'OK')
    fill(r, LETTERS)
    eq(r.cmd_raw('FLUSHALL'), b'+OK\r\n')
    eq(r.cmd('DBSIZE'), 0)
    eq(r.cmd('SELECT', '0'), 'OK')
    eq(r.cmd('DBSIZE'), 0, 'FLUSHALL empties every database')
    fill(r, LETTERS)
    eq(r.cmd('FLUSHALL', 'ASYNC'), 'OK')
    eq(r.cmd('DBSIZE'), 0)
    fill(r, LETTERS)
    eq(r.cmd('FLUSHALL', 'SYNC'), 'OK')
    eq(r.cmd('DBSIZE'), 0)
    eq(r.cmd('FLUSHDB', 'foo'), SYNTAX)
    eq(r.cmd('FLUSHALL', 'foo'), SYNTAX)
    eq(r.cmd('FLUSHALL', 'SYNC', 'ASYNC'), SYNTAX)


def test_expire_and_ttl(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v'), 'OK')
    eq(r.cmd_raw('TTL', 'k'), b':-1\r\n')
    eq(r.cmd_raw('PTTL', 'k'), b':-1\r\n')
    eq(r.cmd_raw('TTL', 'nokey'), b':-2\r\n')
    eq(r.cmd_raw('PTTL', 'nokey'), b':-2\r\n')
    eq(r.cmd_raw('EXPIRE', 'k', '100'), b':1\r\n')
    ok(99 <= r.cmd('TTL', 'k') <= 100, 'TTL after EXPIRE 100')
    eq(r.cmd('PEXPIRE', 'k', '50000'), 1)
    ok(49000 <= r.cmd('PTTL', 'k') <= 50000, 'PTTL after PEXPIRE 50000')
    at = int(time.time()) + 500
    eq(r.cmd('EXPIREAT', 'k', at), 1)
    eq(r.cmd('EXPIRETIME', 'k'), at)
    eq(r.cmd('PEXPIRETIME', 'k'), at * 1000)
    pat = int(time.time() * 1000) + 600000
    eq(r.cmd('PEXPIREAT', 'k', pat), 1)
    eq(r.cmd('PEXPIRETIME', 'k'), pat)
    eq(r.cmd('EXPIRETIME', 'k'), (pat + 500) // 1000)
    eq(r.cmd_raw('EXPIRE', 'nokey', '10'), b':0\r\n')
    eq(r.cmd('PEXPIRE', 'nokey', '10'), 0)
    eq(r.cmd('EXPIREAT', 'nokey', '10'), 0)
    eq(r.cmd('PEXPIREAT', 'nokey', '10'), 0)
    eq(r.cmd('SET', 'p', 'v'), 'OK')
    eq(r.cmd_raw('EXPIRETIME', 'p'), b':-1\r\n')
    eq(r.cmd_raw('PEXPIRETIME', 'p'), b':-1\r\n')
    eq(r.cmd_raw('EXPIRETIME', 'nokey'), b':-2\r\n')
    eq(r.cmd_raw('PEXPIRETIME', 'nokey'), b':-2\r\n')


def test_expire_in_the_past_deletes(srv):
    r = srv.raw()
    fill(r, ['a', 'b', 'c', 'd'])
    eq(r.cmd('EXPIRE', 'a', '-1'), 1)
    eq(r.cmd('EXISTS', 'a'), 0)
    eq(r.cmd('PEXPIRE', 'b', '0'), 1)
    eq(r.cmd('EXISTS', 'b'), 0)
    eq(r.cmd('EXPIREAT', 'c', '1'), 1)
    eq(r.cmd('EXISTS', 'c'), 0)
    eq(r.cmd('PEXPIREAT', 'd', '1'), 1)
    eq(r.cmd('EXISTS', 'd'), 0)


def test_expire_errors(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v'), 'OK')
    eq(r.cmd('EXPIRE', 'k', 'abc'), NOT_INT)
    eq(r.cmd('PEXPIRE', 'k', '1.5'), NOT_INT)
    eq(r.cmd('EXPIRE', 'k', '9223372036854775807'),
       "ERR invalid expire time in 'expire' command")
    eq(r.cmd('PEXPIRE', 'k', '9223372036854775807'),
       "ERR invalid expire time in 'pexpire' command")
    eq(r.cmd('EXPIREAT', 'k', '9223372036854775807'),
       "ERR invalid expire time in 'expireat' command")
    eq(r.cmd('EXPIRE', 'k', '10', 'foo'), 'ERR Unsupported option foo')
    eq(r.cmd('EXPIRE', 'k'), arity('expire'))
    eq(r.cmd('TTL'), arity('ttl'))
    eq(r.cmd('TTL', 'k'), -1, 'failed EXPIREs changed nothing')


def test_expire_nx_xx_gt_lt(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v'), 'OK')
    eq(r.cmd('EXPIRE', 'k', '100', 'XX'), 0, 'XX without a TTL')
    eq(r.cmd('EXPIRE', 'k', '100', 'GT'), 0, 'GT without a TTL (no TTL is infinite)')
    eq(r.cmd('EXPIRE', 'k', '100', 'NX'), 1)
    eq(r.cmd('EXPIRE', 'k', '200', 'NX'), 0)
    eq(r.cmd('EXPIRE', 'k', '50', 'GT'), 0)
    eq(r.cmd('EXPIRE', 'k', '200', 'GT'), 1)
    ok(r.cmd('TTL', 'k') > 190, 'GT raised the TTL')
    eq(r.cmd('EXPIRE', 'k', '300', 'LT'), 0)
    eq(r.cmd('EXPIRE', 'k', '50', 'LT'), 1)
    ok(r.cmd('TTL', 'k') <= 50, 'LT lowered the TTL')
    eq(r.cmd('EXPIRE', 'k', '70', 'XX'), 1)
    eq(r.cmd('EXPIRE', 'k', '60', 'XX', 'LT'), 1)
    eq(r.cmd('EXPIRE', 'k', '80', 'XX', 'LT'), 0)
    eq(r.cmd('SET', 'n', 'v'), 'OK')
    eq(r.cmd('EXPIRE', 'n', '100', 'LT'), 1, 'LT without a TTL (no TTL is infinite)')
    eq(r.cmd('PEXPIRE', 'n', '500000', 'GT'), 1)
    eq(r.cmd('PEXPIREAT', 'n', '1', 'NX'), 0)
    eq(r.cmd('EXPIREAT', 'n', int(time.time()) + 1000, 'LT'), 0)
    eq(r.cmd('EXPIRE', 'k', '10', 'NX', 'XX'),
       'ERR NX and XX, GT or LT options at the same time are not compatible')
    eq(r.cmd('EXPIRE', 'k', '10', 'NX', 'GT'),
       'ERR NX and XX, GT or LT options at the same time are not compatible')
    eq(r.cmd('EXPIRE', 'k', '10', 'GT', 'LT'),
       'ERR GT and LT options at the same time are not compatible')


def test_persist(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v', 'EX', '100'), 'OK')
    eq(r.cmd_raw('PERSIST', 'k'), b':1\r\n')
    eq(r.cmd('TTL', 'k'), -1)
    eq(r.cmd_raw('PERSIST', 'k'), b':0\r\n')
    eq(r.cmd_raw('PERSIST', 'nokey'), b':0\r\n')


def test_copy(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'src', 'hello', 'EX', '1000'), 'OK')
    eq(r.cmd_raw('COPY', 'src', 'dst'), b':1\r\n')
    eq(r.cmd('GET', 'dst'), b'hello')
    ok(r.cmd('TTL', 'dst') > 990, 'COPY carries the TTL')
    eq(r.cmd('GET', 'src'), b'hello')
    eq(r.cmd_raw('COPY', 'src', 'dst'), b':0\r\n')
    eq(r.cmd('SET', 'src', 'new'), 'OK')
    eq(r.cmd('COPY', 'src', 'dst', 'REPLACE'), 1)
    eq(r.cmd('GET', 'dst'), b'new')
    eq(r.cmd('TTL', 'dst'), -1, 'REPLACE copies the source TTL (none)')
    eq(r.cmd('COPY', 'nokey', 'dst'), 0)
    eq(r.cmd('COPY', 'src', 'src'), 'ERR source and destination objects are the same')
    eq(r.cmd('SADD', 'set', 'a', 'b', 'c'), 3)
    eq(r.cmd('COPY', 'set', 'set2'), 1)
    eq(r.cmd('SADD', 'set2', 'd'), 1)
    eq(r.cmd('SCARD', 'set'), 3, 'the copy of a set is independent')
    eq(r.cmd('SCARD', 'set2'), 4)
    eq(r.cmd('COPY', 'src', 'x', 'foo'), SYNTAX)
    eq(r.cmd('COPY', 'src'), arity('copy'))


def test_copy_db(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'v0'), 'OK')
    eq(r.cmd('COPY', 'k', 'k', 'DB', '1'), 1, 'same name into another database')
    eq(r.cmd('COPY', 'k', 'k2', 'DB', '1'), 1)
    eq(r.cmd('COPY', 'k', 'k', 'DB', '1'), 0)
    eq(r.cmd('EXISTS', 'k2'), 0)
    eq(r.cmd('SET', 'k', 'v1'), 'OK')
    eq(r.cmd('COPY', 'k', 'k', 'DB', '1', 'REPLACE'), 1)
    eq(r.cmd('SELECT', '1'), 'OK')
    eq(r.cmd('GET', 'k'), b'v1')
    eq(r.cmd('GET', 'k2'), b'v0')
    eq(r.cmd('SELECT', '0'), 'OK')
    eq(r.cmd('COPY', 'k', 'x', 'DB', '16'), 'ERR DB index is out of range')
    eq(r.cmd('COPY', 'k', 'x', 'DB', 'abc'), NOT_INT)


def test_copy_across_shards(srv):
    r = srv.raw()
    for i, k in enumerate(LETTERS[:-1]):
        dst = LETTERS[i + 1] * 2
        eq(r.cmd('SET', k, 'v' + k), 'OK')
        eq(r.cmd('COPY', k, dst), 1, 'COPY %s %s' % (k, dst))
        eq(r.cmd('GET', dst), ('v' + k).encode())
        eq(r.cmd('GET', k), ('v' + k).encode())


def test_select(srv):
    r = srv.raw()
    eq(r.cmd('SET', 'k', 'db0'), 'OK')
    for db in range(16):
        eq(r.cmd_raw('SELECT', str(db)), b'+OK\r\n')
        if db:
            eq(r.cmd('GET', 'k'), None, 'databases are separate (db %d)' % db)
            eq(r.cmd('SET', 'k', 'db%d' % db), 'OK')
    for db in range(16):
        eq(r.cmd('SELECT', str(db)), 'OK')
        eq(r.cmd('GET', 'k'), ('db%d' % db).encode())
    eq(r.cmd_raw('SELECT', '16'), b'-ERR DB index is out of range\r\n')
    eq(r.cmd('SELECT', '-1'), 'ERR DB index is out of range')
    eq(r.cmd('SELECT', 'abc'), NOT_INT)
    eq(r.cmd('SELECT'), arity('select'))
    eq(r.cmd('GET', 'k'), b'db15', 'a failed SELECT keeps the database')
    other = srv.raw()
    eq(other.cmd('GET', 'k'), b'db0', 'SELECT is per connection')


def test_multi_key_commands_with_tags(srv):
    r = srv.raw()
    keys = ['{user1}:%s' % c for c in LETTERS]
    fill(r, keys)
    eq(r.cmd('EXISTS', *keys), 26)
    eq(r.cmd('MGET', *keys[:3]), [b'v' + k.encode() for k in keys[:3]])
    eq(r.cmd('DEL', *keys), 26)
    eq(r.cmd('DBSIZE'), 0)
