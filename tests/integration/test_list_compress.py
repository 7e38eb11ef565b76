# list-compress-depth: CONFIG GET/SET and its bounds, and lists whose inner quicklist nodes are
# LZF-compressed: LRANGE, LINDEX, LINSERT, LSET, LREM, LTRIM, LPOS, LPOP and RPOP through
# compressed nodes give what they give uncompressed (and what Redis 7.0 gives: a random run is
# replayed side by side on a Redis), MEMORY USAGE shrinks, a list made under one depth keeps it
# after CONFIG SET, and a compressed list survives DEBUG RELOAD.

import random

from harness import eq, ok, own_server, timeout

RANGE_ERR = ("ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - "
             "argument must be between 0 and 2147483647 inclusive")
PARSE_ERR = ("ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - "
             "argument couldn't be parsed into an integer")


class depth:
    """list-compress-depth (and optionally list-max-listpack-size) set for a block."""

    def __init__(self, r, d, fill=None):
        self.r, self.d, self.fill = r, d, fill

    def __enter__(self):
        eq(self.r.cmd('CONFIG', 'SET', 'list-compress-depth', str(self.d)), 'OK')
        if self.fill is not None:
            eq(self.r.cmd('CONFIG', 'SET', 'list-max-listpack-size', str(self.fill)), 'OK')

    def __exit__(self, *exc):
        self.r.cmd('CONFIG', 'SET', 'list-compress-depth', '0')
        self.r.cmd('CONFIG', 'SET', 'list-max-listpack-size', '-2')


def test_config(srv):
    r = srv.raw()
    eq(r.cmd('CONFIG', 'GET', 'list-compress-depth'), [b'list-compress-depth', b'0'])
    eq(r.cmd('CONFIG', 'SET', 'list-compress-depth', '-1'), RANGE_ERR)
    eq(r.cmd('CONFIG', 'SET', 'list-compress-depth', '2147483648'), RANGE_ERR)
    eq(r.cmd('CONFIG', 'SET', 'list-compress-depth', 'x'), PARSE_ERR)
    eq(r.cmd('CONFIG', 'SET', 'list-compress-depth', '3'), 'OK')
    eq(r.cmd('CONFIG', 'GET', 'list-compress-depth'), [b'list-compress-depth', b'3'])
    eq(r.cmd('CONFIG', 'SET', 'list-compress-depth', '0'), 'OK')


def check(r, key, model, what):
    eq(r.cmd('LLEN', key), len(model), what + ': length')
    eq(r.cmd('LRANGE', key, '0', '-1'), model, what + ': contents')


def long_list(srv, d, fill):
    r = srv.raw()
    with depth(r, d, fill):
        model = [b'item:%05d:%s' % (i, b'x' * (i % 40)) for i in range(10000)]
        for i in range(0, 10000, 1000):
            eq(r.cmd('RPUSH', 'big', *model[i:i + 1000]), i + 1000)
        eq(r.cmd('OBJECT', 'ENCODING', 'big'), b'quicklist')
        check(r, 'big', model, 'after pushes')
        eq(r.cmd('LRANGE', 'big', '4990', '5009'), model[4990:5010])
        eq(r.cmd('LRANGE', 'big', '-5010', '-4991'), model[-5010:-4990])
        for i in (0, 1, 2500, 4999, 5000, 7777, 9998, 9999):
            eq(r.cmd('LINDEX', 'big', str(i)), model[i], 'LINDEX %d' % i)
            eq(r.cmd('LINDEX', 'big', str(i - 10000)), model[i], 'LINDEX %d' % (i - 10000))
        eq(r.cmd('LINSERT', 'big', 'BEFORE', model[5000], 'mid-before'), 10001)
        model.insert(5000, b'mid-before')
        eq(r.cmd('LINSERT', 'big', 'AFTER', model[5001], 'mid-after'), 10002)
        model.insert(5002, b'mid-after')
        for i in range(100):
            eq(r.cmd('LINSERT', 'big', 'AFTER', model[3000], 'ins%d' % i), len(model) + 1)
            model.insert(3001, b'ins%d' % i)
        eq(r.cmd('LINSERT', 'big', 'AFTER', 'absent', 'x'), -1)
        eq(r.cmd('LSET', 'big', '6000', 'set-in-the-middle'), 'OK')
        model[6000] = b'set-in-the-middle'
        eq(r.cmd('LSET', 'big', '6001', 'y' * 9000), 'OK')
        model[6001] = b'y' * 9000
        eq(r.cmd('LPOS', 'big', model[7000]), 7000)
        eq(r.cmd('LPOS', 'big', 'ins50', 'RANK', '-1'), model.index(b'ins50'))
        check(r, 'big', model, 'after inserts')
        for i in range(4000, 4400, 2):
            v = b'item:%05d:%s' % (i, b'x' * (i % 40))
            eq(r.cmd('LREM', 'big', '1', v), 1)
            model.remove(v)
        for i in range(100):
            eq(r.cmd('LREM', 'big', '0', 'ins%d' % i), 1)
            model.remove(b'ins%d' % i)
        check(r, 'big', model, 'after removals')
        eq(r.cmd('LTRIM', 'big', '1000', '-1000'), 'OK')
        model = model[1000:len(model) - 999]
        check(r, 'big', model, 'after LTRIM')
        for _ in range(300):
            eq(r.cmd('LPOP', 'big'), model.pop(0))
            eq(r.cmd('RPOP', 'big'), model.pop())
        eq(r.cmd('LPOP', 'big', '1500'), model[:1500])
        eq(r.cmd('RPOP', 'big', '1500'), model[::-1][:1500])
        model = model[1500:len(model) - 1500]
        check(r, 'big', model, 'after pops')
        eq(r.cmd('LPUSH', 'big', 'head'), len(model) + 1)
        eq(r.cmd('RPUSH', 'big', 'tail'), len(model) + 2)
        check(r, 'big', [b'head'] + model + [b'tail'], 'after pushes at both ends')
        eq(r.cmd('DEL', 'big'), 1)


@timeout(120)
def test_long_list_depth_1(srv):
    long_list(srv, 1, -2)


@timeout(120)
def test_long_list_depth_2_small_nodes(srv):
    long_list(srv, 2, 16)


@timeout(120)
def test_long_list_depth_5_one_kb_nodes(srv):
    long_list(srv, 5, 8)


def test_memory_usage_shrinks_and_depth_sticks_to_the_list(srv):
    r = srv.raw()
    values = [b'compressible-value-%06d-%s' % (i, b'z' * 30) for i in range(20000)]
    for i in range(0, 20000, 2000):
        r.cmd('RPUSH', 'plain', *values[i:i + 2000])
    with depth(r, 1):
        for i in range(0, 20000, 2000):
            r.cmd('RPUSH', 'packed', *values[i:i + 2000])
    plain = r.cmd('MEMORY', 'USAGE', 'plain')
    packed = r.cmd('MEMORY', 'USAGE', 'packed')
    ok(packed * 2 < plain, 'compressed %d bytes, plain %d' % (packed, plain))
    # The depth was taken when the list was made: pushes now (depth 0 again) keep it.
    for i in range(0, 20000, 2000):
        r.cmd('LPUSH', 'packed', *values[i:i + 2000])
    ok(r.cmd('MEMORY', 'USAGE', 'packed') < plain, 'still compressed after CONFIG SET back')
    eq(r.cmd('LRANGE', 'packed', '19990', '20009'), values[:10][::-1] + values[:10])
    eq(r.cmd('LINDEX', 'packed', '-12345'), values[20000 - 12345])


@timeout(120)
def test_random_operations_side_by_side_with_redis(srv):
    """The same random list commands on this server (depth 2, small nodes) and on a Redis 7.0
    with the same settings: every reply is the same."""
    r = srv.raw()
    ref = srv.start_reference()
    q = ref.raw()
    rnd = random.Random(2024)
    for c in (r, q):
        eq(c.cmd('CONFIG', 'SET', 'list-compress-depth', '2'), 'OK')
        eq(c.cmd('CONFIG', 'SET', 'list-max-listpack-size', '32'), 'OK')
    try:
        def word():
            return ('w%d' % rnd.randrange(50)) + '-' * rnd.choice((0, 10, 60, 200))

        pushes = [word() for _ in range(3000)]
        eq(r.cmd('RPUSH', 'l', *pushes), q.cmd('RPUSH', 'l', *pushes))
        for step in range(3000):
            op = rnd.randrange(12)
            if op == 0:
                cmd = ('LPUSH', 'l', word(), word())
            elif op == 1:
                cmd = ('RPUSH', 'l', word())
            elif op == 2:
                cmd = (rnd.choice(('LPOP', 'RPOP')), 'l') + \
                    ((str(rnd.randrange(1, 4)),) if rnd.random() < 0.3 else ())
            elif op == 3:
                cmd = ('LINSERT', 'l', rnd.choice(('BEFORE', 'AFTER')), word(), word())
            elif op == 4:
                cmd = ('LSET', 'l', str(rnd.randrange(-3000, 3000)), word())
            elif op == 5:
                cmd = ('LREM', 'l', str(rnd.randrange(-2, 3)), word())
            elif op == 6:
                cmd = ('LINDEX', 'l', str(rnd.randrange(-3000, 3000)))
            elif op == 7:
                a = rnd.randrange(-3000, 3000)
                cmd = ('LRANGE', 'l', str(a), str(a + rnd.randrange(50)))
            elif op == 8:
                cmd = ('LPOS', 'l', word(), 'COUNT', '3', 'RANK', rnd.choice(('1', '-1', '2')))
            elif op == 9:
                cmd = ('LTRIM', 'l', str(rnd.randrange(0, 3)), str(-rnd.randrange(1, 4)))
            elif op == 10:
                a, b = rnd.sample(['l', 'l2'], 2)
                cmd = ('LMOVE', a, b, rnd.choice(('LEFT', 'RIGHT')), rnd.choice(('LEFT', 'RIGHT')))
            else:
                cmd = ('LMPOP', '2', 'l2', 'l', rnd.choice(('LEFT', 'RIGHT')), 'COUNT', '2')
            eq(r.cmd(*cmd), q.cmd(*cmd), 'step %d: %r' % (step, cmd))
            if step % 500 == 0:
                eq(r.cmd('LRANGE', 'l', '0', '-1'), q.cmd('LRANGE', 'l', '0', '-1'),
                   'contents at step %d' % step)
        eq(r.cmd('LRANGE', 'l', '0', '-1'), q.cmd('LRANGE', 'l', '0', '-1'), 'contents at the end')
        eq(r.cmd('LRANGE', 'l2', '0', '-1'), q.cmd('LRANGE', 'l2', '0', '-1'), 'the other list')
    finally:
        r.cmd('CONFIG', 'SET', 'list-compress-depth', '0')
        r.cmd('CONFIG', 'SET', 'list-max-listpack-size', '-2')


@own_server
@timeout(120)
def test_compressed_list_survives_reload(srv):
    s = srv.start_server(['--list-compress-depth', '1', '--enable-debug-command', 'yes',
                          '--save', ''])
    r = s.raw()
    eq(r.cmd('CONFIG', 'GET', 'list-compress-depth'), [b'list-compress-depth', b'1'])
    model = [b'reload-%06d-%s' % (i, b'q' * (i % 50)) for i in range(20000)]
    for i in range(0, 20000, 2000):
        r.cmd('RPUSH', 'big', *model[i:i + 2000])
    before = r.cmd('MEMORY', 'USAGE', 'big')
    digest = r.cmd('DEBUG', 'DIGEST-VALUE', 'big')
    eq(r.cmd('DEBUG', 'RELOAD'), 'OK')
    eq(r.cmd('LRANGE', 'big', '0', '-1'), model)
    eq(r.cmd('DEBUG', 'DIGEST-VALUE', 'big'), digest)
    ok(r.cmd('MEMORY', 'USAGE', 'big') < before * 2, 'still compressed after loading')
    eq(r.cmd('LINDEX', 'big', '10000'), model[10000])
