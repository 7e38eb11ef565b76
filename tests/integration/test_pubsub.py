# Pub/sub over TCP: (P|S)SUBSCRIBE and (P|S)UNSUBSCRIBE confirmations byte for byte in RESP2 and
# as RESP3 pushes, the commands a RESP2 subscriber may still run, PUBLISH and SPUBLISH receiver
# counts and message frames, glob patterns, PUBSUB introspection, binary-safe names and payloads,
# many subscribers and publishers on different connections (workers), message order, cleanup on
# disconnect, CLIENT LIST and INFO fields, and a subscriber that stops reading dropped by
# `client-output-buffer-limit pubsub`.
# Redis 7.0.15 is the reference. Run by run.py against the shared server (4 shards).

import socket
import time

from harness import arity, encode_command, eq, info_field, is_error, ok, run_threads, timeout
from harness import wait_until, Push, SimpleString
from pubsubutil import addr, client_list, closed_by_server, frame, nothing_more, read_frames
from pubsubutil import require_command, subscribe

NOT_ALLOWED = ("ERR Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
               "RESET are allowed in this context")


def not_allowed(name):
    return NOT_ALLOWED % name


# ---------------------------------------------------------------------------------------------
# Confirmations, RESP2

def test_subscribe_confirmations_byte_for_byte(srv):
    c = srv.raw()
    c.send(encode_command('SUBSCRIBE', 'a', 'bb', 'a'))
    eq(c.read_raw(), b'*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n')
    eq(c.read_raw(), b'*3\r\n$9\r\nsubscribe\r\n$2\r\nbb\r\n:2\r\n')
    # Subscribing again to a channel confirms it with the count unchanged.
    eq(c.read_raw(), b'*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n')
    eq(c.cmd_raw('SUBSCRIBE', 'c'), b'*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:3\r\n')
    nothing_more(c)


def test_unsubscribe_named_channels(srv):
    c = srv.raw()
    subscribe(c, 'SUBSCRIBE', 'a', 'b')
    # One reply per named channel, subscribed or not, with the count left.
    c.send(encode_command('UNSUBSCRIBE', 'a', 'never', 'b'))
    eq(c.read_raw(), frame('unsubscribe', 'a', 1))
    eq(c.read_raw(), frame('unsubscribe', 'never', 1))
    eq(c.read_raw(), frame('unsubscribe', 'b', 0))
    nothing_more(c)
    # At 0 subscriptions the connection left subscribed mode.
    eq(c.cmd('GET', 'k'), None)


def test_unsubscribe_all(srv):
    c = srv.raw()
    subscribe(c, 'SUBSCRIBE', 'a', 'b', 'c')
    c.send(encode_command('UNSUBSCRIBE'))
    replies = [c.read() for _ in range(3)]
    # One reply per channel (in no fixed order), the count going down to 0.
    eq([r[0] for r in replies], [b'unsubscribe'] * 3)
    eq(sorted(r[1] for r in replies), [b'a', b'b', b'c'])
    eq([r[2] for r in replies], [2, 1, 0])
    nothing_more(c)
    # Unsubscribing from everything when subscribed to nothing: one reply, a nil channel.
    eq(c.cmd_raw('UNSUBSCRIBE'), b'*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n')
    nothing_more(c)
    eq(c.cmd('GET', 'k'), None)


def test_unsubscribe_when_never_subscribed(srv):
    c = srv.raw()
    eq(c.cmd_raw('UNSUBSCRIBE'), b'*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n')
    eq(c.cmd_raw('PUNSUBSCRIBE'), b'*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n')
    eq(c.cmd_raw('SUNSUBSCRIBE'), b'*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n')
    eq(c.cmd_raw('UNSUBSCRIBE', 'x'), frame('unsubscribe', 'x', 0))
    eq(c.cmd_raw('PUNSUBSCRIBE', 'x*'), frame('punsubscribe', 'x*', 0))
    eq(c.cmd_raw('SUNSUBSCRIBE', 'x'), frame('sunsubscribe', 'x', 0))
    nothing_more(c)
    # None of these puts the connection in subscribed mode.
    eq(c.cmd('SET', 'k', 'v'), 'OK')


def test_psubscribe_punsubscribe_confirmations(srv):
    c = srv.raw()
    c.send(encode_command('PSUBSCRIBE', 'a*', 'b?', 'a*'))
    eq(c.read_raw(), b'*3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:1\r\n')
    eq(c.read_raw(), b'*3\r\n$10\r\npsubscribe\r\n$2\r\nb?\r\n:2\r\n')
    eq(c.read_raw(), b'*3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:2\r\n')
    c.send(encode_command('PUNSUBSCRIBE', 'a*', 'zz'))
    eq(c.read_raw(), b'*3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:1\r\n')
    eq(c.read_raw(), b'*3\r\n$12\r\npunsubscribe\r\n$2\r\nzz\r\n:1\r\n')
    subscribe(c, 'PSUBSCRIBE', 'c[xy]')
    c.send(encode_command('PUNSUBSCRIBE'))
    replies = [c.read() for _ in range(2)]
    eq(sorted(r[1] for r in replies), [b'b?', b'c[xy]'])
    eq([(r[0], r[2]) for r in replies], [(b'punsubscribe', 1), (b'punsubscribe', 0)])
    eq(c.cmd_raw('PUNSUBSCRIBE'), b'*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n')
    nothing_more(c)
    eq(c.cmd('GET', 'k'), None)


def test_counts_cover_channels_and_patterns_not_shard_channels(srv):
    c = srv.raw()
    eq(subscribe(c, 'SUBSCRIBE', 'x'), [frame('subscribe', 'x', 1)])
    eq(subscribe(c, 'PSUBSCRIBE', 'y*'), [frame('psubscribe', 'y*', 2)])
    # Shard channels have a count of their own.
    eq(subscribe(c, 'SSUBSCRIBE', 's1', 's2'),
       [frame('ssubscribe', 's1', 1), frame('ssubscribe', 's2', 2)])
    eq(c.cmd_raw('UNSUBSCRIBE', 'x'), frame('unsubscribe', 'x', 1))
    eq(c.cmd_raw('PUNSUBSCRIBE'), frame('punsubscribe', 'y*', 0))
    # Still subscribed to shard channels: still in subscribed mode.
    is_error(c.cmd('GET', 'k'), not_allowed('get'))
    c.send(encode_command('SUNSUBSCRIBE'))
    replies = [c.read() for _ in range(2)]
    eq(sorted(r[1] for r in replies), [b's1', b's2'])
    eq([(r[0], r[2]) for r in replies], [(b'sunsubscribe', 1), (b'sunsubscribe', 0)])
    eq(c.cmd('GET', 'k'), None, 'out of subscribed mode once every count is 0')


def test_only_a_pattern_left_keeps_subscribed_mode(srv):
    c = srv.raw()
    subscribe(c, 'SUBSCRIBE', 'x')
    subscribe(c, 'PSUBSCRIBE', 'p*')
    eq(c.cmd_raw('UNSUBSCRIBE'), frame('unsubscribe', 'x', 1))
    is_error(c.cmd('GET', 'k'), not_allowed('get'))
    eq(c.cmd_raw('PUNSUBSCRIBE', 'p*'), frame('punsubscribe', 'p*', 0))
    eq(c.cmd('GET', 'k'), None)


# ---------------------------------------------------------------------------------------------
# RESP2 subscribed mode

def test_resp2_subscribed_mode_refuses_other_commands(srv):
    c = srv.raw()
    subscribe(c, 'SUBSCRIBE', 'ch')
    eq(c.cmd_raw('GET', 'k'),
       b"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
       b"are allowed in this context\r\n")
    is_error(c.cmd('set', 'k', 'v'), not_allowed('set'))
    is_error(c.cmd('SELECT', '1'), not_allowed('select'))
    is_error(c.cmd('PUBLISH', 'ch', 'm'), not_allowed('publish'))
    is_error(c.cmd('HELLO', '3'), not_allowed('hello'))
    # Subcommands are named container|sub.
    is_error(c.cmd('CLIENT', 'ID'), not_allowed('client|id'))
    is_error(c.cmd('PUBSUB', 'NUMSUB', 'ch'), not_allowed('pubsub|numsub'))
    # Unknown commands and arity errors come first.
    is_error(c.cmd('NOSUCH'), prefix="ERR unknown command 'NOSUCH'")
    is_error(c.cmd('PING', 'a', 'b'), arity('ping'))
    is_error(c.cmd('SUBSCRIBE'), arity('subscribe'))
    # The refused SET did nothing.
    other = srv.raw()
    eq(other.cmd('EXISTS', 'k'), 0)
    # The subscription still works.
    eq(other.cmd('PUBLISH', 'ch', 'still'), 1)
    eq(c.read_raw(), frame('message', 'ch', 'still'))


def test_resp2_ping_while_subscribed(srv):
    c = srv.raw()
    subscribe(c, 'SUBSCRIBE', 'ch')
    eq(c.cmd_raw('PING'), b'*2\r\n$4\r\npong\r\n$0\r\n\r\n')
    eq(c.cmd_raw('PING', 'hello'), b'*2\r\n$4\r\npong\r\n$5\r\nhello\r\n')
    eq(c.cmd_raw('ping', b'a\r\nb'), frame('pong', b'a\r\nb'))
    # Out of subscribed mode PING is +PONG again.
    eq(c.cmd_raw('UNSUBSCRIBE'), frame('unsubscribe', 'ch', 0))
    eq(c.cmd_raw('PING'), b'+PONG\r\n')
    eq(c.cmd_raw('PING', 'x'), b'$1\r\nx\r\n')


def test_resp2_patterns_and_shard_channels_also_enter_subscribed_mode(srv):
    for kind, name in (('PSUBSCRIBE', 'p*'), ('SSUBSCRIBE', 'sh')):
        c = srv.raw()
        subscribe(c, kind, name)
        is_error(c.cmd('GET', 'k'), not_allowed('get'))
        eq(c.cmd_raw('PING'), frame('pong', ''))
        c.close()


def test_quit_while_subscribed(srv):
    c = srv.raw()
    subscribe(c, 'SUBSCRIBE', 'ch')
    eq(c.cmd_raw('QUIT'), b'+OK\r\n')
    ok(c.wait_closed(), 'QUIT closes the subscribed connection')
    p = srv.raw()
    wait_until(lambda: p.cmd('PUBLISH', 'ch', 'x') == 0,
               msg='the subscription of the closed client is gone')


def test_reset_leaves_subscribed_mode(srv):
    c = srv.raw()
    subscribe(c, 'SUBSCRIBE', 'a', 'b')
    subscribe(c, 'PSUBSCRIBE', 'p*')
    subscribe(c, 'SSUBSCRIBE', 's')
    eq(c.cmd_raw('RESET'), b'+RESET\r\n')
    eq(c.cmd('GET', 'k'), None)
    p = srv.raw()
    eq(p.cmd('PUBLISH', 'a', 'x'), 0)
    eq(p.cmd('PUBLISH', 'pq', 'x'), 0)
    eq(p.cmd('SPUBLISH', 's', 'x'), 0)
    eq(p.cmd('PUBSUB', 'NUMPAT'), 0)
    nothing_more(c)


# ---------------------------------------------------------------------------------------------
# PUBLISH and messages

def test_publish_counts_receivers_and_message_frames(srv):
    p = srv.raw()
    eq(p.cmd_raw('PUBLISH', 'news', 'nobody'), b':0\r\n')
    s1 = srv.raw()
    subscribe(s1, 'SUBSCRIBE', 'news')
    s2 = srv.raw()
    subscribe(s2, 'PSUBSCRIBE', 'n*')
    eq(p.cmd_raw('PUBLISH', 'news', 'hello'), b':2\r\n')
    eq(s1.read_raw(), b'*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n')
    eq(s2.read_raw(), b'*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n')
    # A pattern that does not match, a channel nobody listens to.
    eq(p.cmd('PUBLISH', 'other', 'x'), 0)
    eq(p.cmd('PUBLISH', 'new', 'x'), 1)
    eq(s2.read_raw(), frame('pmessage', 'n*', 'new', 'x'))
    nothing_more(s1)
    nothing_more(s2)


def test_channel_and_matching_pattern_count_twice(srv):
    p = srv.raw()
    s = srv.raw()
    subscribe(s, 'SUBSCRIBE', 'news')
    subscribe(s, 'PSUBSCRIBE', 'ne*')
    eq(p.cmd('PUBLISH', 'news', 'm1'), 2)
    eq(s.read_raw(), frame('message', 'news', 'm1'))
    eq(s.read_raw(), frame('pmessage', 'ne*', 'news', 'm1'))
    # A third matching pattern: three frames, the channel's first; patterns in any order.
    subscribe(s, 'PSUBSCRIBE', 'n?ws')
    eq(p.cmd('PUBLISH', 'news', 'm2'), 3)
    eq(s.read_raw(), frame('message', 'news', 'm2'))
    eq(sorted([s.read_raw(), s.read_raw()]),
       sorted([frame('pmessage', 'ne*', 'news', 'm2'), frame('pmessage', 'n?ws', 'news', 'm2')]))
    nothing_more(s)


def test_unsubscribed_channel_gets_nothing(srv):
    p = srv.raw()
    s = srv.raw()
    subscribe(s, 'SUBSCRIBE', 'a', 'b')
    eq(s.cmd_raw('UNSUBSCRIBE', 'a'), frame('unsubscribe', 'a', 1))
    eq(p.cmd('PUBLISH', 'a', 'x'), 0)
    eq(p.cmd('PUBLISH', 'b', 'y'), 1)
    eq(s.read_raw(), frame('message', 'b', 'y'))
    nothing_more(s)


def test_pattern_globs(srv):
    p = srv.raw()
    cases = [
        ('h?llo', [('hello', 1), ('hallo', 1), ('hllo', 0), ('heello', 0)]),
        ('h*llo', [('hllo', 1), ('heeeello', 1), ('hellox', 0)]),
        ('h[ae]llo', [('hello', 1), ('hallo', 1), ('hillo', 0)]),
        ('h[^e]llo', [('hallo', 1), ('hello', 0)]),
        ('h[a-c]llo', [('hbllo', 1), ('hdllo', 0)]),
        ('x\\*', [('x*', 1), ('xy', 0)]),
        ('a*b*c', [('abc', 1), ('axxbyyc', 1), ('acb', 0)]),
        ('*', [('anything', 1)]),
    ]
    for pattern, channels in cases:
        s = srv.raw()
        subscribe(s, 'PSUBSCRIBE', pattern)
        for ch, n in channels:
            eq(p.cmd('PUBLISH', ch, 'm'), n, 'PUBLISH %s with a subscriber to %s' % (ch, pattern))
            if n:
                eq(s.read_raw(), frame('pmessage', pattern, ch, 'm'))
        nothing_more(s, 0.1)
        s.close()
        wait_until(lambda: p.cmd('PUBSUB', 'NUMPAT') == 0, msg='pattern gone after close')


def test_publish_inside_multi(srv):
    p = srv.raw()
    s = srv.raw()
    subscribe(s, 'SUBSCRIBE', 'ch')
    eq(require_command(p, 'MULTI'), 'OK')
    eq(p.cmd('PUBLISH', 'ch', 'in-multi'), 'QUEUED')
    eq(p.cmd('EXEC'), [1])
    eq(s.read_raw(), frame('message', 'ch', 'in-multi'))


# ---------------------------------------------------------------------------------------------
# RESP3

def test_resp3_confirmations_and_messages_are_pushes(srv):
    c = srv.raw()
    eq(c.cmd('HELLO', '3')[b'proto'], 3)
    c.send(encode_command('SUBSCRIBE', 'r1', 'r2'))
    eq(c.read_raw(), b'>3\r\n$9\r\nsubscribe\r\n$2\r\nr1\r\n:1\r\n')
    eq(c.read_raw(), b'>3\r\n$9\r\nsubscribe\r\n$2\r\nr2\r\n:2\r\n')
    eq(c.cmd_raw('PSUBSCRIBE', 'r*'), b'>3\r\n$10\r\npsubscribe\r\n$2\r\nr*\r\n:3\r\n')
    eq(c.cmd_raw('SSUBSCRIBE', 'sh'), b'>3\r\n$10\r\nssubscribe\r\n$2\r\nsh\r\n:1\r\n')
    p = srv.raw()
    eq(p.cmd('PUBLISH', 'r1', 'hi'), 2)
    eq(c.read_raw(), b'>3\r\n$7\r\nmessage\r\n$2\r\nr1\r\n$2\r\nhi\r\n')
    eq(c.read_raw(), b'>4\r\n$8\r\npmessage\r\n$2\r\nr*\r\n$2\r\nr1\r\n$2\r\nhi\r\n')
    eq(p.cmd('SPUBLISH', 'sh', 'sm'), 1)
    eq(c.read_raw(), b'>3\r\n$8\r\nsmessage\r\n$2\r\nsh\r\n$2\r\nsm\r\n')
    eq(c.cmd_raw('UNSUBSCRIBE', 'r1'), frame('unsubscribe', 'r1', 2, resp3=True))
    eq(c.cmd_raw('PUNSUBSCRIBE'), frame('punsubscribe', 'r*', 1, resp3=True))
    eq(c.cmd_raw('SUNSUBSCRIBE'), frame('sunsubscribe', 'sh', 0, resp3=True))
    eq(c.cmd_raw('UNSUBSCRIBE'), frame('unsubscribe', 'r2', 0, resp3=True))
    # Nothing left: a null channel, RESP3's null.
    eq(c.cmd_raw('UNSUBSCRIBE'), b'>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n')
    nothing_more(c)


def test_resp3_commands_work_while_subscribed(srv):
    c = srv.raw()
    c.cmd('HELLO', '3')
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    subscribe(c, 'SUBSCRIBE', 'ch')
    eq(c.cmd_raw('GET', 'k'), b'$1\r\nv\r\n')
    eq(c.cmd_raw('GET', 'missing'), b'_\r\n')
    eq(c.cmd_raw('PING'), b'+PONG\r\n')
    eq(c.cmd_raw('PING', 'x'), b'$1\r\nx\r\n')
    eq(c.cmd('SELECT', '1'), 'OK')
    eq(c.cmd('SELECT', '0'), 'OK')
    # Messages interleave with replies; each arrives whole.
    p = srv.raw()
    eq(p.cmd('PUBLISH', 'ch', 'm1'), 1)
    eq(c.read(), Push([b'message', b'ch', b'm1']))
    eq(c.cmd('GET', 'k'), b'v')
    eq(p.cmd('PUBLISH', 'ch', 'm2'), 1)
    c.send(encode_command('GET', 'k'))
    got = read_frames(c, 2)
    eq(sorted(got, key=lambda v: isinstance(v, Push)), [b'v', Push([b'message', b'ch', b'm2'])])
    nothing_more(c)


def test_resp3_publish_to_own_channel_push_before_reply(srv):
    # Redis adds the message to the publisher's own output before PUBLISH's reply.
    c = srv.raw()
    c.cmd('HELLO', '3')
    subscribe(c, 'SUBSCRIBE', 'self')
    subscribe(c, 'PSUBSCRIBE', 'se*')
    c.send(encode_command('PUBLISH', 'self', 'echo'))
    eq(c.read_raw(), frame('message', 'self', 'echo', resp3=True))
    eq(c.read_raw(), frame('pmessage', 'se*', 'self', 'echo', resp3=True))
    eq(c.read_raw(), b':2\r\n')
    nothing_more(c)


def test_resp3_publisher_sees_its_own_count(srv):
    c = srv.raw()
    c.cmd('HELLO', '3')
    subscribe(c, 'SUBSCRIBE', 'self')
    c.send(encode_command('PUBLISH', 'self', 'x'))
    got = read_frames(c, 2)
    ok(Push([b'message', b'self', b'x']) in got and 1 in got,
       'the push and the count both arrive: %r' % got)


# ---------------------------------------------------------------------------------------------
# Many connections

@timeout(120)
def test_hundred_subscribers_on_one_channel(srv):
    subs = [srv.raw() for _ in range(100)]
    for s in subs:
        s.send(encode_command('SUBSCRIBE', 'fan'))
    for s in subs:
        eq(s.read_raw(), frame('subscribe', 'fan', 1))
    p = srv.raw()
    eq(p.cmd('PUBSUB', 'NUMSUB', 'fan'), [b'fan', 100])
    # Every confirmation was read: every subscription is in force.
    eq(p.cmd('PUBLISH', 'fan', 'to-all'), 100)
    for i, s in enumerate(subs):
        eq(s.read_raw(), frame('message', 'fan', 'to-all'), 'subscriber %d' % i)
    for s in subs[:50]:
        s.close()
    wait_until(lambda: p.cmd('PUBLISH', 'fan', 'half') == 50, 10,
               msg='closed subscribers removed')
    eq(p.cmd('PUBSUB', 'NUMSUB', 'fan'), [b'fan', 50])


@timeout(120)
def test_thousand_messages_arrive_in_order_at_every_subscriber(srv):
    subs = [srv.raw() for _ in range(100)]
    for s in subs:
        s.send(encode_command('SUBSCRIBE', 'seq'))
    for s in subs:
        s.read()
    p = srv.raw()
    n = 1000
    p.send(b''.join(encode_command('PUBLISH', 'seq', 'm%04d' % i) for i in range(n)))
    counts = [p.read() for _ in range(n)]
    eq(counts, [100] * n, 'every PUBLISH reached the 100 subscribers')
    want = [[b'message', b'seq', b'm%04d' % i] for i in range(n)]
    for i, s in enumerate(subs):
        got = read_frames(s, n)
        eq(got, want, 'messages of subscriber %d' % i)
        nothing_more(s, 0.01)


@timeout(120)
def test_concurrent_publishers_keep_each_ones_order(srv):
    subs = [srv.raw() for _ in range(20)]
    for s in subs:
        s.send(encode_command('SUBSCRIBE', 'mix'))
    for s in subs:
        s.read()
    npub, n = 4, 250

    def publish(k):
        p = srv.raw()
        p.send(b''.join(encode_command('PUBLISH', 'mix', 'p%d-%04d' % (k, i)) for i in range(n)))
        counts = [p.read() for _ in range(n)]
        if counts != [20] * n:
            raise AssertionError('publisher %d counts: %r' % (k, sorted(set(counts))))

    errors = run_threads([(publish, (k,)) for k in range(npub)], 60)
    eq(errors, [], 'publisher errors')
    for si, s in enumerate(subs):
        got = read_frames(s, npub * n)
        payloads = [v[2] for v in got]
        for k in range(npub):
            mine = [m for m in payloads if m.startswith(b'p%d-' % k)]
            eq(mine, [b'p%d-%04d' % (k, i) for i in range(n)],
               'subscriber %d, publisher %d order' % (si, k))
        nothing_more(s, 0.01)


def test_subscribers_on_many_channels_and_connections(srv):
    # Each connection subscribes to its own channel and to a shared one.
    subs = []
    for i in range(32):
        s = srv.raw()
        subscribe(s, 'SUBSCRIBE', 'own%d' % i, 'shared')
        subs.append(s)
    p = srv.raw()
    for i, s in enumerate(subs):
        eq(p.cmd('PUBLISH', 'own%d' % i, 'just-you'), 1)
    eq(p.cmd('PUBLISH', 'shared', 'all'), 32)
    for i, s in enumerate(subs):
        eq(read_frames(s, 2), [[b'message', b'own%d' % i, b'just-you'],
                                [b'message', b'shared', b'all']])
        nothing_more(s, 0.01)


def test_disconnected_subscriber_is_removed(srv):
    p = srv.raw()
    s = srv.raw()
    subscribe(s, 'SUBSCRIBE', 'gone')
    subscribe(s, 'PSUBSCRIBE', 'go*')
    subscribe(s, 'SSUBSCRIBE', 'sgone')
    eq(p.cmd('PUBSUB', 'NUMSUB', 'gone'), [b'gone', 1])
    eq(p.cmd('PUBSUB', 'NUMPAT'), 1)
    s.close()
    wait_until(lambda: p.cmd('PUBSUB', 'NUMSUB', 'gone') == [b'gone', 0], msg='NUMSUB back to 0')
    eq(p.cmd('PUBSUB', 'NUMPAT'), 0)
    eq(p.cmd('PUBSUB', 'SHARDNUMSUB', 'sgone'), [b'sgone', 0])
    eq(p.cmd('PUBLISH', 'gone', 'x'), 0)
    eq(p.cmd('SPUBLISH', 'sgone', 'x'), 0)
    eq(p.cmd('PUBSUB', 'CHANNELS'), [])


# ---------------------------------------------------------------------------------------------
# PUBSUB introspection

def test_pubsub_channels_numsub_numpat(srv):
    p = srv.raw()
    eq(p.cmd_raw('PUBSUB', 'CHANNELS'), b'*0\r\n')
    eq(p.cmd_raw('PUBSUB', 'NUMSUB'), b'*0\r\n')
    eq(p.cmd_raw('PUBSUB', 'NUMPAT'), b':0\r\n')
    a, b = srv.raw(), srv.raw()
    subscribe(a, 'SUBSCRIBE', 'news.tech', 'news.art', 'sport')
    subscribe(b, 'SUBSCRIBE', 'news.tech')
    subscribe(a, 'PSUBSCRIBE', 'news.*', 'x*')
    subscribe(b, 'PSUBSCRIBE', 'news.*')
    eq(sorted(p.cmd('PUBSUB', 'CHANNELS')), [b'news.art', b'news.tech', b'sport'])
    eq(sorted(p.cmd('PUBSUB', 'CHANNELS', '*')), [b'news.art', b'news.tech', b'sport'])
    eq(sorted(p.cmd('PUBSUB', 'CHANNELS', 'news.*')), [b'news.art', b'news.tech'])
    eq(p.cmd('PUBSUB', 'CHANNELS', 'nothing*'), [])
    # Patterns are not channels.
    eq(p.cmd('PUBSUB', 'CHANNELS', 'x*'), [])
    eq(p.cmd_raw('PUBSUB', 'NUMSUB', 'news.tech', 'sport', 'none', 'news.*'),
       b'*8\r\n$9\r\nnews.tech\r\n:2\r\n$5\r\nsport\r\n:1\r\n$4\r\nnone\r\n:0\r\n'
       b'$6\r\nnews.*\r\n:0\r\n')
    # NUMPAT counts distinct patterns, not subscriptions.
    eq(p.cmd('PUBSUB', 'NUMPAT'), 2)
    eq(a.cmd_raw('UNSUBSCRIBE', 'sport'), frame('unsubscribe', 'sport', 4))
    eq(sorted(p.cmd('PUBSUB', 'CHANNELS')), [b'news.art', b'news.tech'])
    eq(a.cmd_raw('PUNSUBSCRIBE', 'x*'), frame('punsubscribe', 'x*', 3))
    eq(p.cmd('PUBSUB', 'NUMPAT'), 1)
    # Shard channels are not listed among channels.
    s = srv.raw()
    subscribe(s, 'SSUBSCRIBE', 'shardch')
    eq(sorted(p.cmd('PUBSUB', 'CHANNELS')), [b'news.art', b'news.tech'])
    eq(p.cmd('PUBSUB', 'NUMSUB', 'shardch'), [b'shardch', 0])


def test_pubsub_shardchannels_shardnumsub(srv):
    p = srv.raw()
    eq(p.cmd_raw('PUBSUB', 'SHARDCHANNELS'), b'*0\r\n')
    eq(p.cmd_raw('PUBSUB', 'SHARDNUMSUB'), b'*0\r\n')
    a, b = srv.raw(), srv.raw()
    subscribe(a, 'SSUBSCRIBE', 's1', 's2', 't1')
    subscribe(b, 'SSUBSCRIBE', 's1')
    subscribe(b, 'SUBSCRIBE', 'plain')
    eq(sorted(p.cmd('PUBSUB', 'SHARDCHANNELS')), [b's1', b's2', b't1'])
    eq(sorted(p.cmd('PUBSUB', 'SHARDCHANNELS', 's*')), [b's1', b's2'])
    eq(p.cmd('PUBSUB', 'SHARDCHANNELS', 'plain'), [])
    eq(p.cmd_raw('PUBSUB', 'SHARDNUMSUB', 's1', 't1', 'zz', 'plain'),
       b'*8\r\n$2\r\ns1\r\n:2\r\n$2\r\nt1\r\n:1\r\n$2\r\nzz\r\n:0\r\n$5\r\nplain\r\n:0\r\n')


def test_pubsub_help_and_errors(srv):
    p = srv.raw()
    h = p.cmd('PUBSUB', 'HELP')
    ok(isinstance(h, list) and all(isinstance(x, SimpleString) for x in h),
       'PUBSUB HELP is an array of simple strings: %r' % (h,))
    eq(h[:3], ['PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
               'CHANNELS [<pattern>]',
               "    Return the currently active channels matching a <pattern> (default: '*')."])
    for line in ('NUMPAT', 'NUMSUB [<channel> ...]', 'SHARDCHANNELS [<pattern>]',
                 'SHARDNUMSUB [<shardchannel> ...]', 'HELP'):
        ok(line in h, 'PUBSUB HELP has a line %r' % line)
    eq(h[-2:], ['HELP', '    Prints this help.'])
    is_error(p.cmd('PUBSUB'), arity('pubsub'))
    is_error(p.cmd('PUBSUB', 'bogus'), "ERR unknown subcommand 'bogus'. Try PUBSUB HELP.")
    is_error(p.cmd('PUBSUB', 'NUMPAT', 'x'), arity('pubsub|numpat'))
    is_error(p.cmd('PUBSUB', 'HELP', 'x'), arity('pubsub|help'))
    is_error(p.cmd('PUBSUB', 'CHANNELS', 'a', 'b'),
             "ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. "
             "Try PUBSUB HELP.")
    is_error(p.cmd('PUBSUB', 'SHARDCHANNELS', 'a', 'b'),
             "ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. "
             "Try PUBSUB HELP.")


def test_client_list_and_info_show_subscriptions(srv):
    p = srv.raw()
    a = srv.raw()
    subscribe(a, 'SUBSCRIBE', 'x', 'y')
    subscribe(a, 'PSUBSCRIBE', 'p*')
    subscribe(a, 'SSUBSCRIBE', 's')
    b = srv.raw()
    eq(b.cmd('HELLO', '3')[b'proto'], 3)
    subscribe(b, 'PSUBSCRIBE', 'p*')
    rows = client_list(p)
    ra, rb, rp = rows[addr(a)], rows[addr(b)], rows[addr(p)]
    eq((ra['flags'], ra['sub'], ra['psub'], ra['ssub'], ra['cmd']),
       ('P', '2', '1', '1', 'ssubscribe'))
    eq((rb['flags'], rb['sub'], rb['psub'], rb['ssub'], rb['resp']), ('P', '0', '1', '0', '3'))
    eq((rp['flags'], rp['sub'], rp['psub'], rp['ssub']), ('N', '0', '0', '0'))
    # INFO counts channels and distinct patterns server-wide.
    eq(info_field(p, 'stats', 'pubsub_channels'), 2)
    eq(info_field(p, 'stats', 'pubsub_patterns'), 1)
    eq(info_field(p, 'stats', 'pubsubshard_channels'), 1)
    eq(a.cmd_raw('UNSUBSCRIBE', 'x'), frame('unsubscribe', 'x', 2))
    eq(client_list(p)[addr(a)]['sub'], '1')
    eq(info_field(p, 'stats', 'pubsub_channels'), 1)


# ---------------------------------------------------------------------------------------------
# Shard channels

def test_ssubscribe_spublish_smessage(srv):
    s = srv.raw()
    s.send(encode_command('SSUBSCRIBE', 's1', 's2', 's1'))
    eq(s.read_raw(), b'*3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n')
    eq(s.read_raw(), b'*3\r\n$10\r\nssubscribe\r\n$2\r\ns2\r\n:2\r\n')
    eq(s.read_raw(), b'*3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:2\r\n')
    p = srv.raw()
    other = srv.raw()
    subscribe(other, 'SSUBSCRIBE', 's1')
    eq(p.cmd_raw('SPUBLISH', 's1', 'hello'), b':2\r\n')
    eq(s.read_raw(), b'*3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$5\r\nhello\r\n')
    eq(other.read_raw(), frame('smessage', 's1', 'hello'))
    eq(p.cmd('SPUBLISH', 's2', 'x'), 1)
    eq(s.read_raw(), frame('smessage', 's2', 'x'))
    eq(p.cmd('SPUBLISH', 'nobody', 'x'), 0)
    # Shard channels and channels are separate name spaces.
    eq(p.cmd('PUBLISH', 's1', 'plain'), 0)
    plain = srv.raw()
    subscribe(plain, 'SUBSCRIBE', 's1')
    eq(p.cmd('SPUBLISH', 's1', 'y'), 2)
    eq(s.read_raw(), frame('smessage', 's1', 'y'))
    eq(other.read_raw(), frame('smessage', 's1', 'y'))
    nothing_more(plain)
    eq(s.cmd_raw('SUNSUBSCRIBE', 's1'), b'*3\r\n$12\r\nsunsubscribe\r\n$2\r\ns1\r\n:1\r\n')
    eq(p.cmd('SPUBLISH', 's1', 'z'), 1)
    eq(other.read_raw(), frame('smessage', 's1', 'z'))
    nothing_more(s)


def test_patterns_do_not_match_shard_channels(srv):
    pat = srv.raw()
    subscribe(pat, 'PSUBSCRIBE', '*')
    p = srv.raw()
    eq(p.cmd('SPUBLISH', 'sh', 'x'), 0)
    nothing_more(pat)


# ---------------------------------------------------------------------------------------------
# Binary safety

def test_binary_channel_names_and_payloads(srv):
    channel = b'ch\r\n\x00\xff bin"*'
    payload = b'\x00\r\n*3\r\n$1\r\n' + bytes(range(256))
    s = srv.raw()
    eq(subscribe(s, 'SUBSCRIBE', channel), [frame('subscribe', channel, 1)])
    ps = srv.raw()
    pattern = b'ch\r\n\x00*'
    eq(subscribe(ps, 'PSUBSCRIBE', pattern), [frame('psubscribe', pattern, 1)])
    ss = srv.raw()
    eq(subscribe(ss, 'SSUBSCRIBE', channel), [frame('ssubscribe', channel, 1)])
    p = srv.raw()
    eq(p.cmd('PUBLISH', channel, payload), 2)
    eq(s.read_raw(), frame('message', channel, payload))
    eq(ps.read_raw(), frame('pmessage', pattern, channel, payload))
    eq(p.cmd('SPUBLISH', channel, payload), 1)
    eq(ss.read_raw(), frame('smessage', channel, payload))
    eq(p.cmd('PUBSUB', 'CHANNELS'), [channel])
    eq(p.cmd('PUBSUB', 'NUMSUB', channel), [channel, 1])
    eq(p.cmd('PUBSUB', 'SHARDCHANNELS'), [channel])
    # Empty payload, and a payload of a megabyte.
    eq(p.cmd('PUBLISH', channel, b''), 2)
    eq(s.read_raw(), frame('message', channel, b''))
    eq(ps.read_raw(), frame('pmessage', pattern, channel, b''))
    big = bytes(range(256)) * 4096
    eq(p.cmd('PUBLISH', channel, big), 2)
    eq(s.read(), [b'message', channel, big])
    eq(ps.read(), [b'pmessage', pattern, channel, big])
    eq(s.cmd_raw('UNSUBSCRIBE', channel), frame('unsubscribe', channel, 0))


# ---------------------------------------------------------------------------------------------
# A subscriber that does not read

def _slow_subscriber(port, channel):
    """A plain socket with a small receive buffer that subscribes to channel, reads the
    confirmation and then never reads again."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    s.settimeout(10)
    s.connect(('127.0.0.1', port))
    s.sendall(encode_command('SUBSCRIBE', channel))
    want = frame('subscribe', channel, 1)
    got = b''
    while len(got) < len(want):
        chunk = s.recv(len(want) - len(got))
        if not chunk:
            break
        got += chunk
    eq(got, want, 'the slow subscriber confirmation')
    return s


@timeout(60)
def test_pubsub_output_limit_drops_a_subscriber_that_does_not_read(srv):
    c = srv.raw()
    eq(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 256kb 1'), 'OK')
    slow = None
    try:
        eq(c.cmd('CONFIG', 'GET', 'client-output-buffer-limit'),
           [b'client-output-buffer-limit',
            b'normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 262144 1'])
        slow = _slow_subscriber(srv.port, 'flood')
        srv.track(slow)
        healthy = srv.raw()
        subscribe(healthy, 'SUBSCRIBE', 'calm')
        p = srv.raw()
        payload = b'x' * (64 * 1024)
        deadline = time.monotonic() + 30
        counts = []
        # At most 64 MB: the subscriber is dropped long before (1 MB of output, plus what the
        # kernel buffers hold).
        for i in range(1000):
            n = p.cmd('PUBLISH', 'flood', payload)
            counts.append(n)
            if n == 0 or time.monotonic() > deadline:
                break
        eq(counts[0], 1, 'the first PUBLISH reached the slow subscriber')
        eq(counts[-1], 0, 'PUBLISH count dropped to 0 after %d messages' % len(counts))
        ok(set(counts) == {0, 1}, 'counts were 1 then 0: %r' % sorted(set(counts)))
        ok(closed_by_server(slow), 'the server closed the slow subscriber')
        eq(c.cmd('PING'), 'PONG', 'the server keeps answering')
        eq(p.cmd('PUBSUB', 'NUMSUB', 'flood'), [b'flood', 0])
        # Others are not affected.
        eq(p.cmd('PUBLISH', 'calm', 'ok'), 1)
        eq(healthy.read_raw(), frame('message', 'calm', 'ok'))
    finally:
        if slow is not None:
            slow.close()
        eq(c.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60'), 'OK')
    eq(c.cmd('CONFIG', 'GET', 'client-output-buffer-limit')[1],
       b'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60')


# ---------------------------------------------------------------------------------------------
# Bad input

def test_arity_errors(srv):
    c = srv.raw()
    eq(c.cmd_raw('SUBSCRIBE'), b"-ERR wrong number of arguments for 'subscribe' command\r\n")
    is_error(c.cmd('PSUBSCRIBE'), arity('psubscribe'))
    is_error(c.cmd('SSUBSCRIBE'), arity('ssubscribe'))
    is_error(c.cmd('PUBLISH'), arity('publish'))
    is_error(c.cmd('PUBLISH', 'ch'), arity('publish'))
    is_error(c.cmd('PUBLISH', 'ch', 'a', 'b'), arity('publish'))
    is_error(c.cmd('SPUBLISH', 'ch'), arity('spublish'))
    is_error(c.cmd('SPUBLISH', 'ch', 'a', 'b'), arity('spublish'))
    # A failed SUBSCRIBE leaves the connection as it was.
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    nothing_more(c)
