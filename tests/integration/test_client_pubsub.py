# Pub/sub and MONITOR through redis-py (Debian's python3-redis 4.3.4, RESP2), as applications use
# them: PubSub.subscribe/psubscribe/unsubscribe with get_message, listen() in a thread, handlers
# with run_in_thread, ping and health checks while subscribed, the pubsub_* introspection
# helpers, keyspace notifications, and Redis.monitor()'s next_command. Run by run.py.

import threading
import time

from harness import eq, ok, run_threads, timeout, wait_until


def pubsub(srv, **kw):
    """A redis-py client and a PubSub of it; both closed after the test."""
    r = srv.client(**kw)
    p = srv.track(r.pubsub())
    return r, p


def message(p, limit=5.0):
    """The next message of PubSub p within limit seconds (None if none came)."""
    deadline = time.monotonic() + limit
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        m = p.get_message(timeout=min(left, 1.0))
        if m is not None:
            return m


def test_subscribe_publish_get_message(srv):
    r, p = pubsub(srv)
    p.subscribe('ch')
    eq(message(p), {'type': 'subscribe', 'pattern': None, 'channel': b'ch', 'data': 1})
    ok(p.subscribed, 'subscribed')
    eq(r.publish('ch', 'hello'), 1)
    eq(message(p), {'type': 'message', 'pattern': None, 'channel': b'ch', 'data': b'hello'})
    eq(p.get_message(timeout=0.2), None, 'nothing more')
    p.subscribe('a', 'b')
    eq([message(p)['data'] for _ in range(2)], [2, 3])
    eq(r.publish('b', b'\x00bin\r\n'), 1)
    eq(message(p), {'type': 'message', 'pattern': None, 'channel': b'b', 'data': b'\x00bin\r\n'})


def test_psubscribe_and_pattern_messages(srv):
    r, p = pubsub(srv)
    p.psubscribe('news.*')
    eq(message(p), {'type': 'psubscribe', 'pattern': None, 'channel': b'news.*', 'data': 1})
    p.subscribe('news.tech')
    eq(message(p), {'type': 'subscribe', 'pattern': None, 'channel': b'news.tech', 'data': 2})
    eq(r.publish('news.tech', 'x'), 2)
    eq(message(p), {'type': 'message', 'pattern': None, 'channel': b'news.tech', 'data': b'x'})
    eq(message(p), {'type': 'pmessage', 'pattern': b'news.*', 'channel': b'news.tech',
                    'data': b'x'})
    eq(r.publish('news.art', 'y'), 1)
    eq(message(p), {'type': 'pmessage', 'pattern': b'news.*', 'channel': b'news.art',
                    'data': b'y'})
    p.punsubscribe('news.*')
    eq(message(p), {'type': 'punsubscribe', 'pattern': None, 'channel': b'news.*', 'data': 1})
    eq(r.publish('news.art', 'z'), 0)


def test_unsubscribe(srv):
    r, p = pubsub(srv)
    p.subscribe('a', 'b')
    eq([message(p)['data'] for _ in range(2)], [1, 2])
    p.unsubscribe('a')
    eq(message(p), {'type': 'unsubscribe', 'pattern': None, 'channel': b'a', 'data': 1})
    eq(r.publish('a', 'x'), 0)
    p.unsubscribe()
    eq(message(p), {'type': 'unsubscribe', 'pattern': None, 'channel': b'b', 'data': 0})
    ok(not p.subscribed, 'no longer subscribed')
    eq(r.publish('b', 'x'), 0)


def test_decoded_responses(srv):
    r, p = pubsub(srv, decode_responses=True)
    p.subscribe('ch')
    eq(message(p), {'type': 'subscribe', 'pattern': None, 'channel': 'ch', 'data': 1})
    r.publish('ch', 'héllo')
    eq(message(p), {'type': 'message', 'pattern': None, 'channel': 'ch', 'data': 'héllo'})


@timeout(60)
def test_listen_in_a_thread(srv):
    r, p = pubsub(srv)
    p.subscribe('stream')
    eq(message(p)['type'], 'subscribe')
    n = 500
    got = []

    def consume():
        for m in p.listen():
            if m['type'] == 'message':
                got.append(m['data'])
                if len(got) == n:
                    return

    t = threading.Thread(target=consume, daemon=True)
    t.start()
    for i in range(n):
        eq(r.publish('stream', 'm%d' % i), 1)
    t.join(30)
    ok(not t.is_alive(), 'the listener finished (got %d of %d)' % (len(got), n))
    eq(got, [b'm%d' % i for i in range(n)])


@timeout(60)
def test_handlers_with_run_in_thread(srv):
    r, p = pubsub(srv)
    got = []
    p.subscribe(**{'ch': lambda m: got.append(('ch', m['data']))})
    p.psubscribe(**{'p*': lambda m: got.append((m['pattern'], m['data']))})
    errors = []

    def failed(e, pubsub, thread):
        errors.append('%s: %s' % (type(e).__name__, e))
        thread.stop()

    worker = p.run_in_thread(sleep_time=0.05, daemon=True, exception_handler=failed)
    try:
        wait_until(lambda: r.pubsub_numsub('ch') == [(b'ch', 1)] and r.pubsub_numpat() == 1,
                   msg='subscriptions in force')
        eq(r.publish('ch', 'one'), 1)
        eq(r.publish('px', 'two'), 1)
        wait_until(lambda: len(got) == 2 or errors, msg='both handlers called')
        eq(errors, [], 'errors in the worker thread')
        eq(got, [('ch', b'one'), (b'p*', b'two')])
    finally:
        worker.stop()
        worker.join(5)
    ok(not worker.is_alive(), 'the worker thread stopped')


def test_ping_and_health_check_while_subscribed(srv):
    r, p = pubsub(srv)
    p.subscribe('ch')
    message(p)
    p.ping()
    eq(message(p), {'type': 'pong', 'pattern': None, 'channel': None, 'data': b''})
    p.ping('hi')
    eq(message(p), {'type': 'pong', 'pattern': None, 'channel': None, 'data': b'hi'})
    # A client with health checks pings ("redis-py-health-check") before reading when idle; it
    # consumes the reply itself.
    r2, p2 = pubsub(srv, health_check_interval=0.1)
    p2.subscribe('hc')
    eq(message(p2)['type'], 'subscribe')
    time.sleep(0.3)
    eq(p2.get_message(timeout=0.3), None)
    time.sleep(0.3)
    eq(r2.publish('hc', 'alive'), 1)
    eq(message(p2), {'type': 'message', 'pattern': None, 'channel': b'hc', 'data': b'alive'})


def test_introspection_helpers(srv):
    r, p = pubsub(srv)
    p.subscribe('c1', 'c2')
    p.psubscribe('x*')
    for _ in range(3):
        message(p)
    eq(sorted(r.pubsub_channels()), [b'c1', b'c2'])
    eq(r.pubsub_channels('c1*'), [b'c1'])
    eq(r.pubsub_numsub('c1', 'none'), [(b'c1', 1), (b'none', 0)])
    eq(r.pubsub_numpat(), 1)
    p.close()
    wait_until(lambda: r.pubsub_numpat() == 0 and r.pubsub_channels() == [],
               msg='closing the PubSub drops its subscriptions')


def test_keyspace_notifications(srv):
    r, p = pubsub(srv)
    eq(r.config_set('notify-keyspace-events', 'KEA'), True)
    try:
        eq(r.config_get('notify-keyspace-events'), {'notify-keyspace-events': 'AKE'})
        p.psubscribe('__keyspace@0__:*')
        eq(message(p)['type'], 'psubscribe')
        r.set('k', 'v')
        r.lpush('l', 'a')
        r.delete('k')
        got = [(m['channel'], m['data']) for m in (message(p) for _ in range(3))]
        eq(got, [(b'__keyspace@0__:k', b'set'), (b'__keyspace@0__:l', b'lpush'),
                 (b'__keyspace@0__:k', b'del')])
    finally:
        r.config_set('notify-keyspace-events', '')


def test_monitor_next_command(srv):
    r = srv.client()
    other = srv.client()
    with r.monitor() as m:
        other.set('k', 'v')
        cmd = m.next_command()
        eq(cmd['command'], 'SET k v')
        eq(cmd['db'], 0)
        eq(cmd['client_type'], 'tcp')
        eq(cmd['client_address'], '127.0.0.1')
        ok(cmd['client_port'].isdigit(), 'a client port: %r' % cmd['client_port'])
        ok(abs(cmd['time'] - time.time()) < 5, 'a current time: %r' % cmd['time'])
        other.get('k')
        eq(m.next_command()['command'], 'GET k')
        other.set('q', 'a "quoted" value')
        eq(m.next_command()['command'], 'SET q a "quoted" value')
        other.execute_command('SELECT', 2)
        other.set('in2', 'x')
        eq(m.next_command()['command'], 'SELECT 2')
        nxt = m.next_command()
        eq((nxt['db'], nxt['command']), (2, 'SET in2 x'))
    other.execute_command('FLUSHDB')


@timeout(60)
def test_monitor_listen_sees_every_client(srv):
    r = srv.client()
    n, nclients = 50, 4

    def work(i):
        c = srv.client()
        for j in range(n):
            c.set('w%d' % i, j)

    with r.monitor() as m:
        eq(run_threads([(work, (i,)) for i in range(nclients)], 30), [], 'client errors')
        seen = {}
        for cmd in m.listen():
            if cmd['command'].startswith('SET w'):
                seen.setdefault(cmd['client_port'], []).append(cmd['command'])
            if sum(len(v) for v in seen.values()) == n * nclients:
                break
    # Each redis-py client used one connection: one port per client, its SETs in order.
    eq(len(seen), nclients, 'one connection per client')
    for cmds in seen.values():
        i = cmds[0].split()[1]
        eq(cmds, ['SET %s %d' % (i, j) for j in range(n)])
