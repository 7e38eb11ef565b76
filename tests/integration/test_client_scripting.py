# Lua scripting through redis-py (Debian's python3-redis 4.3.4, RESP2), as applications use it:
# register_script (EVALSHA, then SCRIPT LOAD and EVALSHA again after NOSCRIPT, e.g. after SCRIPT
# FLUSH) alone, in pipelines and in transactions; eval / evalsha / eval_ro / script_* and the
# function_* / fcall helpers; the exception classes script errors become; and redis.lock.Lock
# (whose release, extend and reacquire are registered scripts): acquire, extend, reacquire,
# release, not-owned errors, blocking acquire with a timeout, the context manager, and threads
# incrementing a counter under the lock (the total must be exact). Tests skip while the server has
# no EVAL. Helpers: scriptutil.py.

import threading
import time

import redis
from redis.exceptions import LockError, LockNotOwnedError, NoScriptError, ResponseError

from harness import eq, ok, raises, run_threads, timeout
import scriptutil as su

COUNTER = "local n = redis.call('incrby', KEYS[1], ARGV[1]) return {KEYS[1], ARGV[1], n}"


def client(srv, **kw):
    """A redis-py client of the shared server, the test skipped while it has no EVAL."""
    su.require_eval(srv.raw())
    return srv.client(**kw)


def calls(r, name):
    """The calls INFO commandstats counts for a command ('evalsha', 'script|load')."""
    return r.info('commandstats').get('cmdstat_' + name, {}).get('calls', 0)


# ---------------------------------------------------------------------------------------------
# Scripts

def test_register_script_falls_back_after_noscript(srv):
    r = client(srv)
    eq(r.script_flush(), True)
    eq(r.config_resetstat(), True)
    s = r.register_script(COUNTER)
    eq(s.sha, su.sha1(COUNTER))
    # first call: EVALSHA answers NOSCRIPT, redis-py loads the script and calls again
    eq(s(keys=['n'], args=[5]), [b'n', b'5', 5])
    eq(calls(r, 'evalsha'), 2)
    eq(calls(r, 'script|load'), 1)
    eq(r.script_exists(s.sha), [True])
    # next calls: EVALSHA alone
    eq(s(keys=['n'], args=[1]), [b'n', b'1', 6])
    eq(s(['n'], [1]), [b'n', b'1', 7])
    eq(calls(r, 'evalsha'), 4)
    eq(calls(r, 'script|load'), 1)
    # after SCRIPT FLUSH the same object loads it again
    eq(r.script_flush(), True)
    eq(r.script_exists(s.sha), [False])
    eq(s(keys=['n'], args=[10]), [b'n', b'10', 17])
    eq(calls(r, 'script|load'), 2)
    eq(r.script_exists(s.sha), [True])
    eq(r.get('n'), b'17')
    # another client object runs the same script object
    other = srv.client(decode_responses=True)
    eq(s(keys=['n'], args=[3], client=other), ['n', '3', 20])


def test_register_script_in_pipelines(srv):
    r = client(srv)
    s = r.register_script(COUNTER)
    for transaction in (False, True):
        eq(r.script_flush(), True)
        r.delete('p')
        with r.pipeline(transaction=transaction) as p:
            s(keys=['p'], args=[1], client=p)
            p.get('p')
            s(keys=['p'], args=[2], client=p)
            eq(p.execute(), [[b'p', b'1', 1], b'1', [b'p', b'2', 3]],
               'pipeline transaction=%s' % transaction)
        eq(r.script_exists(s.sha), [True])
        # cached now: the pipeline only checks
        with r.pipeline(transaction=transaction) as p:
            s(keys=['p'], args=[10], client=p)
            eq(p.execute(), [[b'p', b'10', 13]])
    # an error inside a pipeline comes back in place when asked so
    eq(r.set('str', 'x'), True)
    with r.pipeline(transaction=False) as p:
        s(keys=['str'], args=[1], client=p)
        s(keys=['p'], args=[1], client=p)
        res = p.execute(raise_on_error=False)
    ok(isinstance(res[0], ResponseError), 'the failing script gives a ResponseError: %r' % res)
    eq(str(res[0]), 'value is not an integer or out of range script: %s, on @user_script:1.'
       % su.sha1(COUNTER))
    eq(res[1], [b'p', b'1', 14])


def test_eval_helpers(srv):
    r = client(srv)
    eq(r.eval("return {1, 'two', {3}, redis.call('set', KEYS[1], ARGV[1])}", 1, 'k', 'v'),
       [1, b'two', [3], b'OK'])
    eq(r.eval_ro("return redis.call('get', KEYS[1])", 1, 'k'), b'v')
    sha = r.script_load("return ARGV[1] .. '!'")
    eq(sha, su.sha1("return ARGV[1] .. '!'"))
    eq(r.evalsha(sha, 0, 'hi'), b'hi!')
    eq(r.evalsha_ro(sha, 0, 'ro'), b'ro!')
    eq(r.script_exists(sha, 'ffffffffffffffffffffffffffffffffffffffff'), [True, False])
    d = srv.client(decode_responses=True)
    eq(d.eval("return {'caf\u00e9', 2}", 0), ['caf\u00e9', 2])
    eq(d.eval('return {ok = "fine"}', 0), 'fine')
    eq(d.eval('return 3.7', 0), 3)
    eq(d.eval('return false', 0), None)
    eq(r.script_flush('ASYNC'), True)
    eq(r.script_flush('SYNC'), True)
    eq(r.script_exists(sha), [False])


def test_error_classes(srv):
    r = client(srv)
    eq(r.set('str', 'x'), True)
    body = "return redis.call('incr', KEYS[1])"
    e = raises(ResponseError, r.eval, body, 1, 'str')
    eq(str(e), 'value is not an integer or out of range script: %s, on @user_script:1.'
       % su.sha1(body))
    e = raises(NoScriptError, r.evalsha, 'ffffffffffffffffffffffffffffffffffffffff', 0)
    eq(str(e), 'No matching script. Please use EVAL.')
    e = raises(ResponseError, r.eval, "return redis.error_reply('MYCODE my text')", 0)
    eq(str(e), 'MYCODE my text')
    e = raises(ResponseError, r.eval_ro, "return redis.call('set', 'k', 'v')", 0)
    eq(str(e), 'Write commands are not allowed from read-only scripts. script: %s, on '
       '@user_script:1.' % su.sha1("return redis.call('set', 'k', 'v')"))
    e = raises(ResponseError, r.eval, 'return 1', 2, 'only-one')
    eq(str(e), "Number of keys can't be greater than number of args")
    e = raises(ResponseError, r.script_kill)
    eq(str(e), 'NOTBUSY No scripts in execution right now.')
    # a failed call leaves the connection usable
    eq(r.ping(), True)


def test_function_helpers(srv):
    r = client(srv)
    su.require_functions(srv.raw())
    eq(r.function_flush(), True)
    code = ("#!lua name=pylib\n"
            "redis.register_function('py_set', function(keys, args) "
            "return redis.call('set', keys[1], args[1]) end)\n"
            "redis.register_function{function_name='py_get', callback=function(keys) "
            "return redis.call('get', keys[1]) end, flags={'no-writes'}, description='reads'}")
    eq(r.function_load(code), b'pylib')
    raises(ResponseError, r.function_load, code)
    eq(r.function_load(code, replace=True), b'pylib')
    eq(r.fcall('py_set', 1, 'fk', 'fv'), b'OK')
    eq(r.fcall_ro('py_get', 1, 'fk'), b'fv')
    e = raises(ResponseError, r.fcall_ro, 'py_set', 1, 'fk', 'x')
    eq(str(e), 'Can not execute a script with write flag using *_ro command.')
    libs = r.function_list()
    eq(len(libs), 1)
    lib = dict(zip(libs[0][0::2], libs[0][1::2]))
    eq(lib[b'library_name'], b'pylib')
    eq(lib[b'engine'], b'LUA')
    funcs = sorted(dict(zip(f[0::2], f[1::2]))[b'name'] for f in lib[b'functions'])
    eq(funcs, [b'py_get', b'py_set'])
    withcode = r.function_list(library='py*', withcode=True)
    eq(dict(zip(withcode[0][0::2], withcode[0][1::2]))[b'library_code'], code.encode())
    eq(r.function_list(library='nomatch*'), [])
    payload = r.function_dump()
    ok(isinstance(payload, bytes) and len(payload) > 10, 'function_dump gave %r' % (payload,))
    eq(r.function_delete('pylib'), True)
    raises(ResponseError, r.fcall, 'py_get', 1, 'fk')
    eq(r.function_restore(payload), True)
    eq(r.function_restore(payload, 'REPLACE'), True)
    eq(r.function_restore(payload, 'FLUSH'), True)
    eq(r.fcall('py_get', 1, 'fk'), b'fv')
    stats = r.function_stats()
    eq(stats[0:2], [b'running_script', None])
    eq(r.function_flush('ASYNC'), True)
    eq(r.function_list(), [])


# ---------------------------------------------------------------------------------------------
# redis.lock.Lock

def test_lock_acquire_release(srv):
    r = client(srv)
    lock = r.lock('resource', timeout=10)
    eq(lock.locked(), False)
    eq(lock.acquire(blocking=False), True)
    eq(lock.locked(), True)
    eq(lock.owned(), True)
    token = r.get('resource')
    ok(token is not None and len(token) == 32, 'the lock key holds a token: %r' % (token,))
    ttl = r.pttl('resource')
    ok(9000 < ttl <= 10000, 'PTTL of the lock %r' % ttl)
    # another Lock object on the same name neither gets it nor owns it
    other = r.lock('resource', timeout=10)
    eq(other.acquire(blocking=False), False)
    eq(other.owned(), False)
    lock.release()
    eq(lock.locked(), False)
    eq(r.exists('resource'), 0)
    raises(LockError, lock.release)
    # a lock without a timeout has no TTL
    forever = r.lock('resource')
    eq(forever.acquire(), True)
    eq(r.pttl('resource'), -1)
    raises(LockError, forever.extend, 1)
    forever.release()
    eq(lock.acquire(token='my-token'), True)
    eq(r.get('resource'), b'my-token')
    lock.release()


def test_lock_extend_and_reacquire(srv):
    r = client(srv)
    lock = r.lock('ext', timeout=2)
    eq(lock.acquire(), True)
    eq(lock.extend(3), True)
    ttl = r.pttl('ext')
    ok(4000 < ttl <= 5000, 'PTTL after extend(3) %r' % ttl)
    eq(lock.extend(1, replace_ttl=True), True)
    ttl = r.pttl('ext')
    ok(0 < ttl <= 1000, 'PTTL after extend(1, replace_ttl=True) %r' % ttl)
    eq(r.pexpire('ext', 100), True)
    eq(lock.reacquire(), True)
    ttl = r.pttl('ext')
    ok(1500 < ttl <= 2000, 'PTTL after reacquire %r' % ttl)
    lock.release()
    raises(LockError, lock.extend, 1)
    raises(LockError, lock.reacquire)


def test_lock_not_owned_after_expiry(srv):
    r = client(srv)
    first = r.lock('exp', timeout=0.2)
    eq(first.acquire(), True)
    time.sleep(0.4)
    eq(first.locked(), False)
    second = r.lock('exp', timeout=10)
    eq(second.acquire(blocking=False), True)
    raises(LockNotOwnedError, first.extend, 1)
    raises(LockNotOwnedError, first.reacquire)
    raises(LockNotOwnedError, first.release)
    # the second holder is untouched
    eq(second.owned(), True)
    ok(r.pttl('exp') > 9000, 'the second lock keeps its TTL')
    second.release()
    eq(r.exists('exp'), 0)


def test_lock_blocking_acquire_with_timeout(srv):
    r = client(srv)
    # thread_local=False: a timer thread releases it below
    holder = r.lock('blk', timeout=10, thread_local=False)
    eq(holder.acquire(), True)
    waiter = r.lock('blk', timeout=10, sleep=0.05)
    start = time.monotonic()
    eq(waiter.acquire(blocking_timeout=0.4), False)
    waited = time.monotonic() - start
    ok(0.3 <= waited < 3, 'acquire gave up after %.2f s' % waited)
    eq(waiter.acquire(blocking=False), False)
    # released by another thread while the waiter waits
    timer = threading.Timer(0.3, holder.release)
    start = time.monotonic()
    timer.start()
    try:
        eq(waiter.acquire(blocking_timeout=10), True)
    finally:
        timer.join(10)
    waited = time.monotonic() - start
    ok(0.25 <= waited < 5, 'acquired %.2f s after the release was scheduled' % waited)
    eq(waiter.owned(), True)
    waiter.release()


def test_lock_context_manager(srv):
    r = client(srv)
    with r.lock('ctx', timeout=5) as lock:
        eq(lock.locked(), True)
        eq(lock.owned(), True)
        # a second holder cannot enter
        raises(LockError, r.lock('ctx', blocking_timeout=0.1).__enter__,
               match='Unable to acquire lock within the time specified')
    eq(r.exists('ctx'), 0)


@timeout(90)
def test_lock_contention_between_threads(srv):
    r = client(srv)
    nthreads, per_thread = 6, 25
    inside = [0]
    overlap = []
    guard = threading.Lock()

    def worker(tid):
        c = redis.Redis(host='127.0.0.1', port=srv.port, socket_timeout=20)
        try:
            for _ in range(per_thread):
                lock = c.lock('ctr-lock', timeout=10, sleep=0.005, blocking_timeout=30)
                ok(lock.acquire(), 'thread %d got the lock within 30 s' % tid)
                with guard:
                    inside[0] += 1
                    if inside[0] != 1:
                        overlap.append(inside[0])
                # read, pause, write: without the lock increments would be lost
                v = int(c.get('ctr') or 0)
                time.sleep(0.001)
                c.set('ctr', v + 1)
                with guard:
                    inside[0] -= 1
                lock.release()
        finally:
            c.close()

    errors = run_threads([(worker, (i,)) for i in range(nthreads)], 80)
    ok(not errors, 'thread errors: %r' % errors[:3])
    ok(not overlap, 'two holders at once: %r' % overlap[:3])
    eq(r.get('ctr'), b'%d' % (nthreads * per_thread))
    eq(r.exists('ctr-lock'), 0)


def test_lock_survives_script_flush(srv):
    r = client(srv)
    lock = r.lock('fl', timeout=5)
    eq(lock.acquire(), True)
    eq(r.script_flush(), True)
    eq(lock.extend(5), True)
    eq(r.script_flush(), True)
    eq(lock.reacquire(), True)
    eq(r.script_flush(), True)
    lock.release()
    eq(r.exists('fl'), 0)
