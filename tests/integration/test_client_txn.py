# Transactions through redis-py (Debian's python3-redis 4.3.4, RESP2), as applications use them:
# pipeline() (MULTI/EXEC by default) over keys of every shard, the exceptions it raises for run-time
# and queueing errors, pipeline.watch()/multi() raising WatchError, and the transaction() helper
# retrying while other connections change the watched keys. Run by run.py.

import threading
import time

import redis

from harness import eq, ok, raises, timeout, keys_on_distinct_shards, nshards, run_threads


def test_pipeline_transaction_across_shards(srv):
    keys = keys_on_distinct_shards('pp', nshards(srv), 8)
    r = srv.client()
    with r.pipeline() as p:
        p.set(keys[0], 'a').incr(keys[1]).incrby(keys[1], 10).rpush(keys[2], 'x', 'y')
        p.sadd(keys[3], 'm').mset({keys[4]: '4', keys[5]: '5'}).mget(keys)
        p.rename(keys[4], keys[6]).exists(*keys).get(keys[6]).dbsize()
        res = p.execute()
    eq(res, [True, 1, 11, 2, 1, True,
             [b'a', b'11', None, None, b'4', b'5', None, None],
             True, 6, b'4', 6])
    eq(r.mget(keys[0], keys[1], keys[6]), [b'a', b'11', b'4'])
    # An empty pipeline sends nothing and returns an empty list.
    with r.pipeline() as p:
        eq(p.execute(), [])
    # transaction=False is a plain pipeline: the same results.
    with r.pipeline(transaction=False) as p:
        eq(p.get(keys[0]).llen(keys[2]).execute(), [b'a', 2])


def test_pipeline_runtime_error(srv):
    s, x, y = keys_on_distinct_shards('pe', nshards(srv), 3)
    r = srv.client()
    r.set(s, 'abc')
    with r.pipeline() as p:
        p.set(x, 1).incr(s).lpush(s, 'z').set(y, 2)
        e = raises(redis.ResponseError, p.execute)
    # redis-py raises the first error, with its position and command; the rest ran.
    eq(str(e), 'Command # 2 (INCRBY %s 1) of pipeline caused error: '
               'value is not an integer or out of range' % s)
    eq(r.mget(x, y, s), [b'1', b'2', b'abc'])
    # raise_on_error=False hands the errors back in place.
    with r.pipeline() as p:
        res = p.incr(x).incr(s).lpush(s, 'z').incr(y).execute(raise_on_error=False)
    eq(len(res), 4)
    eq((res[0], res[3]), (2, 3))
    ok(isinstance(res[1], redis.ResponseError) and
       str(res[1]) == 'value is not an integer or out of range', 'INCR result %r' % (res[1],))
    ok(isinstance(res[2], redis.ResponseError) and str(res[2]).startswith('WRONGTYPE'),
       'LPUSH result %r' % (res[2],))
    eq(r.ping(), True)


def test_pipeline_queueing_error_discards_everything(srv):
    a, b = keys_on_distinct_shards('pq', nshards(srv), 2)
    r = srv.client()
    with r.pipeline() as p:
        p.set(a, 1).execute_command('NOSUCHCMD', 'x').set(b, 2)
        e = raises(redis.ResponseError, p.execute)
    eq(str(e), "Command # 2 (NOSUCHCMD x) of pipeline caused error: "
               "unknown command 'NOSUCHCMD', with args beginning with: 'x' ")
    eq(r.exists(a, b), 0, 'EXECABORT: nothing of the transaction ran')
    with r.pipeline() as p:
        p.set(a, 1).execute_command('GET').set(b, 2)
        e = raises(redis.ResponseError, p.execute)
    eq(str(e), "Command # 2 (GET) of pipeline caused error: "
               "wrong number of arguments for 'get' command")
    eq(r.exists(a, b), 0)
    eq(r.ping(), True)
    with r.pipeline() as p:
        eq(p.set(a, 1).set(b, 2).execute(), [True, True], 'the next transaction runs')


def test_pipeline_watch_error(srv):
    k, other_key = keys_on_distinct_shards('pw', nshards(srv), 2)
    r = srv.client()
    disturber = srv.client()
    r.set(k, 1)
    with r.pipeline() as p:
        p.watch(k, other_key)
        eq(p.get(k), b'1', 'a watching pipeline runs commands at once')
        disturber.set(k, 5)
        p.multi()
        p.set(k, 2).set(other_key, 'x')
        e = raises(redis.WatchError, p.execute)
        eq(str(e), 'Watched variable changed.')
    eq(r.mget(k, other_key), [b'5', None], 'the aborted transaction did not run')
    # The same pipeline object, reset, succeeds when nobody interferes.
    with r.pipeline() as p:
        p.watch(k)
        v = int(p.get(k))
        p.multi()
        p.set(k, v + 1)
        eq(p.execute(), [True])
    eq(r.get(k), b'6')
    # A change of the other watched key (another shard) aborts as well.
    with r.pipeline() as p:
        p.watch(k, other_key)
        disturber.set(other_key, 'y')
        p.multi()
        p.incr(k)
        raises(redis.WatchError, p.execute)
    eq(r.get(k), b'6')


def test_transaction_helper_retries(srv):
    a, b = keys_on_distinct_shards('th', nshards(srv), 2)
    r = srv.client()
    r.mset({a: 0, b: 0})
    calls = [0]
    disturb_times = 3

    def disturb():
        # Another thread, on its own connection, changes a watched key.
        c = srv.client()
        c.incr(b, 100)
        c.close()

    def move(pipe):
        calls[0] += 1
        va, vb = int(pipe.get(a)), int(pipe.get(b))
        if calls[0] <= disturb_times:
            t = threading.Thread(target=disturb)
            t.start()
            t.join(10)
            ok(not t.is_alive(), 'the disturbing thread finished')
        pipe.multi()
        pipe.set(a, va + 1)
        pipe.set(b, vb + 1)

    res = r.transaction(move, a, b)
    eq(res, [True, True])
    eq(calls[0], disturb_times + 1, 'calls of the transaction function')
    eq(r.mget(a, b), [b'1', b'%d' % (100 * disturb_times + 1)])
    # value_from_callable returns what the function returned.
    eq(r.transaction(lambda pipe: int(pipe.get(a)), a, value_from_callable=True), 1)


@timeout(60)
def test_transaction_helper_from_many_threads(srv):
    keys = keys_on_distinct_shards('tm', nshards(srv), 2)
    r = srv.client()
    r.mset({k: 0 for k in keys})
    threads, per_thread = 6, 30
    deadline = time.monotonic() + 40
    attempts = [0]

    def bump(pipe):
        attempts[0] += 1
        if time.monotonic() > deadline:
            raise AssertionError('still retrying after 40 s')
        vals = [int(v) for v in pipe.mget(keys)]
        pipe.multi()
        for k, v in zip(keys, vals):
            pipe.set(k, v + 1)

    def worker():
        c = srv.client()
        try:
            for _ in range(per_thread):
                eq(c.transaction(bump, *keys), [True] * len(keys))
        finally:
            c.close()

    errors = run_threads([(worker, ()) for _ in range(threads)], 50)
    ok(not errors, 'client errors: %r' % errors[:3])
    want = b'%d' % (threads * per_thread)
    eq(r.mget(keys), [want] * len(keys), 'after %d attempts' % attempts[0])
