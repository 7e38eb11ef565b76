# Persistence as an application sees it through redis-py (python3-redis 4.3.4): a small app writes
# profiles, a leaderboard, activity lists, tags, counters and sessions with TTLs, the server
# restarts, and the app reads everything back; DUMP/RESTORE moving values of every type from a real
# redis-server 7.0 to the server under test and back; SAVE/BGSAVE/LASTSAVE/INFO/CONFIG through
# redis-py's parsers. Also passes against redis-server 7.0.15 (--reference). Helpers:
# persistutil.py.

import datetime
import time

from harness import eq, ok, own_server, timeout
import persistutil as pu


class App:
    """A small application on top of redis-py: user profiles, a leaderboard, activity feeds, tags,
    page counters and login sessions."""

    USERS = ['alice', 'bob', 'carol', 'dave', 'eve', 'mallory', 'trent', 'victor']

    def __init__(self, r):
        self.r = r

    def populate(self):
        r = self.r
        for i, u in enumerate(self.USERS):
            bio = 'likes %s' % ('caching ' * i).strip()
            r.hset('user:%s' % u, mapping={'name': u.title(), 'age': 20 + i,
                                           'email': '%s@example.org' % u, 'bio': bio})
            r.zadd('leaderboard', {u: 100.5 * i - 250.25})
            r.rpush('feed:%s' % u, *['post %d by %s' % (j, u) for j in range(i * 3)] or ['hello'])
            r.sadd('tags:%s' % u, *['t%d' % (j * i % 7) for j in range(5)])
            r.setex('session:%s' % u, 600 + i * 60, 'token-%d' % i)
        r.zadd('leaderboard', {'ghost': float('inf'), 'pit': float('-inf')})
        # A big leaderboard and a big profile (beyond the small encodings).
        r.zadd('scores', {'player%d' % i: i / 3 for i in range(500)})
        r.hset('settings', mapping={'opt%d' % i: 'value %d' % i for i in range(700)})
        r.rpush('log', *['event %d' % i for i in range(5000)])
        for _ in range(7):
            r.incr('hits:home')
        r.incrbyfloat('balance', 10.25)
        r.set('binary', bytes(range(256)))

    def read(self):
        r = self.r
        out = {}
        for u in self.USERS:
            out['user:' + u] = r.hgetall('user:%s' % u)
            out['feed:' + u] = r.lrange('feed:%s' % u, 0, -1)
            out['tags:' + u] = r.smembers('tags:%s' % u)
            out['session:' + u] = r.get('session:%s' % u)
        out['leaderboard'] = r.zrange('leaderboard', 0, -1, withscores=True)
        out['top3'] = r.zrevrange('leaderboard', 0, 2, withscores=True)
        out['scores'] = r.zrangebyscore('scores', 10, 20, withscores=True)
        out['settings'] = r.hgetall('settings')
        out['log'] = r.lrange('log', 0, -1)
        out['hits'] = r.get('hits:home')
        out['balance'] = r.get('balance')
        out['binary'] = r.get('binary')
        return out

    def ttls(self):
        return {u: self.r.ttl('session:%s' % u) for u in self.USERS}


def track(srv, client):
    return srv.track(client)


@own_server
@timeout(90)
def test_app_data_survives_restart(srv):
    s = pu.start(srv)
    app = App(track(srv, s.client()))
    app.populate()
    before = app.read()
    ttls = app.ttls()
    eq(before['leaderboard'][0], (b'pit', float('-inf')))
    eq(before['leaderboard'][-1], (b'ghost', float('inf')))
    ok(app.r.save(), 'SAVE through redis-py')
    pu.clean_stop(s)
    s2 = pu.restart(srv, s)
    app2 = App(track(srv, s2.client()))
    after = app2.read()
    for k in before:
        eq(after[k], before[k], 'the app read back %s' % k)
    eq(app2.r.hgetall('user:carol'), {b'name': b'Carol', b'age': b'22',
                                      b'email': b'carol@example.org',
                                      b'bio': b'likes caching caching'})
    eq(app2.r.zscore('leaderboard', 'bob'), -149.75)
    eq(app2.r.zrank('leaderboard', 'alice'), 1)
    for u, ttl in app2.ttls().items():
        ok(0 < ttl <= ttls[u], 'TTL of session:%s after the restart: %d (was %d)'
           % (u, ttl, ttls[u]))
    eq(app2.r.incr('hits:home'), 8, 'the counter goes on')
    eq(app2.r.dbsize(), len(App.USERS) * 4 + 7, 'keys after the restart')


def fill_every_type(r):
    """One key of each type in small and large form, written through redis-py; returns the keys."""
    r.set('s:int', 42)
    r.set('s:text', 'hello')
    r.set('s:big', 'x' * 10000)
    r.set('s:bin', bytes(range(256)))
    r.rpush('l:small', 'a', 'b', 1, 2)
    r.rpush('l:big', *range(3000))
    r.sadd('set:ints', *range(20))
    r.sadd('set:bigints', *range(1000))
    r.sadd('set:strs', *['m%d' % i for i in range(30)])
    r.hset('h:small', mapping={'a': 1, 'b': 'two'})
    r.hset('h:big', mapping={'f%d' % i: i for i in range(600)})
    r.hset('h:longval', mapping={'f': 'v' * 200})
    r.zadd('z:small', {'a': 1.5, 'b': float('inf'), 'c': -3})
    r.zadd('z:big', {'m%d' % i: i * 0.25 for i in range(300)})
    r.set('ttl:key', 'v', ex=1000)
    return ['s:int', 's:text', 's:big', 's:bin', 'l:small', 'l:big', 'set:ints', 'set:bigints',
            'set:strs', 'h:small', 'h:big', 'h:longval', 'z:small', 'z:big', 'ttl:key']


def value(r, key):
    t = r.type(key)
    if t == b'string':
        return t, r.get(key)
    if t == b'list':
        return t, r.lrange(key, 0, -1)
    if t == b'set':
        return t, r.smembers(key)
    if t == b'hash':
        return t, r.hgetall(key)
    if t == b'zset':
        return t, r.zrange(key, 0, -1, withscores=True)
    return t, None


@timeout(90)
def test_dump_restore_between_redis_and_the_server(srv):
    ref = pu.start_redis(srv, debug=False)
    redis_r = track(srv, ref.client())
    ours = srv.client()
    keys = fill_every_type(redis_r)
    # Redis -> server under test.
    for k in keys:
        payload = redis_r.dump(k)
        ok(payload, 'DUMP %s on redis-server' % k)
        pttl = redis_r.pttl(k)
        ok(ours.restore(k, max(pttl, 0), payload), 'RESTORE %s from Redis' % k)
        eq(value(ours, k), value(redis_r, k), 'value of %s moved from Redis' % k)
    ok(0 < ours.ttl('ttl:key') <= 1000, 'TTL carried by RESTORE')
    # And back: the server's DUMP restores into Redis, over the original with REPLACE.
    for k in keys:
        payload = ours.dump(k)
        ok(payload, 'DUMP %s on the server under test' % k)
        ok(redis_r.restore('back:' + k, 0, payload), 'RESTORE %s into Redis' % k)
        eq(value(redis_r, 'back:' + k), value(ours, k), 'value of %s moved back to Redis' % k)
        ok(redis_r.restore(k, 0, payload, replace=True), 'RESTORE REPLACE %s into Redis' % k)
    ok(redis_r.restore('abs', int(time.time() * 1000) + 50000, ours.dump('s:text'), absttl=True),
       'RESTORE ABSTTL through redis-py')
    ok(40 < redis_r.ttl('abs') <= 50, 'TTL after ABSTTL')


@own_server
def test_persistence_commands_through_redis_py(srv):
    s = pu.start(srv)  # no save rules: no automatic BGSAVE in the way
    r = track(srv, s.client())
    r.set('k', 'v')
    eq(r.save(), True)
    last = r.lastsave()
    ok(isinstance(last, datetime.datetime), 'lastsave() %r' % (last,))
    ok(abs(last.timestamp() - time.time()) < 5, 'lastsave() %s' % last)
    eq(r.bgsave(), True)
    pu.wait_until(lambda: r.info('persistence')['rdb_bgsave_in_progress'] == 0, 30.0,
                  msg='BGSAVE still running')
    p = r.info('persistence')
    eq(p['loading'], 0)
    eq(p['rdb_last_bgsave_status'], 'ok')
    eq(p['rdb_changes_since_last_save'], 0)
    ok(isinstance(p['rdb_last_save_time'], int), 'rdb_last_save_time %r' % p['rdb_last_save_time'])
    ok('save' in r.config_get('save'), 'config_get save')
    eq(r.config_get('appendonly'), {'appendonly': 'no'})
    eq(r.dump('nosuchkey'), None)
