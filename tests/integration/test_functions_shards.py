# Functions on a server with several workers: FCALL over keys of every shard (one atomic
# transaction that may run again over more shards), each worker's VM compiling a library on its
# first call and again after FUNCTION LOAD REPLACE, and a Redis-made RDB file with a library
# loading at start. The same expectations hold on Redis 7.0.15.

import os
import shutil

from harness import eq, own_server
import persistutil as pu
import scriptutil as su

LIB = ("#!lua name=shards\n"
       "redis.register_function('setall', function(keys, args)\n"
       "  for i, k in ipairs(keys) do redis.call('set', k, args[1]) end\n"
       "  return #keys\n"
       "end)\n"
       "redis.register_function{function_name='getall', callback=function(keys)\n"
       "  local out = {}\n"
       "  for i, k in ipairs(keys) do out[i] = redis.call('get', k) end\n"
       "  return out\n"
       "end, flags={'no-writes'}}\n"
       "redis.register_function('touch_undeclared', function(keys, args)\n"
       "  for i = 1, 20 do redis.call('incr', 'u' .. i) end\n"
       "  return redis.call('get', 'u20')\n"
       "end)")


@own_server
def test_fcall_across_shards(srv):
    s = srv.start_server(threads=4)
    c = su.require_functions(srv.raw(port=s.port))
    eq(c.cmd('FUNCTION', 'LOAD', LIB), b'shards')
    keys = ['key:%d' % i for i in range(40)]
    eq(c.cmd('FCALL', 'setall', len(keys), *keys, 'v1'), 40)
    eq(c.cmd('MGET', *keys), [b'v1'] * 40)
    # other connections land on other workers: each compiles the library itself
    others = [srv.raw(port=s.port) for _ in range(6)]
    for d in others:
        eq(d.cmd('FCALL_RO', 'getall', 3, keys[0], keys[17], keys[39]), [b'v1'] * 3)
    # keys not declared, on every shard: the run goes again over more shards, once in effect
    eq(c.cmd('FCALL', 'touch_undeclared', 0), b'1')
    eq(c.cmd('GET', 'u1'), b'1')
    # a new version reaches every worker's VM
    eq(c.cmd('FUNCTION', 'LOAD', 'REPLACE', LIB.replace("return #keys", "return -#keys")),
       b'shards')
    for d in others:
        eq(d.cmd('FCALL', 'setall', 2, keys[1], keys[30], 'v2'), -2)
    eq(c.cmd('MGET', keys[1], keys[30]), [b'v2', b'v2'])
    eq(c.cmd('FUNCTION', 'DELETE', 'shards'), 'OK')
    for d in others:
        eq(d.cmd_raw('FCALL', 'getall', 0), b'-ERR Function not found\r\n')


@own_server
def test_redis_made_rdb_with_functions(srv):
    """A dump.rdb that Redis 7.0.15 wrote with a library in it loads here with the library, and
    a snapshot taken here keeps it (on 4 workers)."""
    r = pu.start_redis(srv)
    cr = srv.raw(port=r.port)
    eq(cr.cmd('FUNCTION', 'LOAD', LIB), b'shards')
    eq(cr.cmd('SET', 'plain', 'x'), 'OK')
    eq(cr.cmd('SAVE'), 'OK')
    pu.clean_stop(r, 'redis-server')
    d = srv.track_dir()
    shutil.copyfile(os.path.join(r.dir, 'dump.rdb'), os.path.join(d, 'dump.rdb'))
    s = pu.start(srv, dirpath=d, threads=4, timeout=60)
    c = su.require_functions(srv.raw(port=s.port))
    eq(c.cmd('GET', 'plain'), b'x')
    eq(c.cmd('FCALL', 'setall', 1, 'k', 'y'), 1)
    eq(c.cmd('FCALL_RO', 'getall', 1, 'k'), [b'y'])
    eq(c.cmd('SAVE'), 'OK')
    pu.clean_stop(s)
    s2 = pu.restart(srv, s)
    c2 = srv.raw(port=s2.port)
    eq(c2.cmd('FCALL_RO', 'getall', 1, 'k'), [b'y'])
    eq(len(c2.cmd('FUNCTION', 'LIST')), 1)
