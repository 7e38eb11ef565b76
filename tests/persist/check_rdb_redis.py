#!/usr/bin/python3
# Checks RDB files and DUMP payloads written by Tessera's encoder against redis-server 7.0 (run by
# test_rdb_redis.c, which writes them): redis-check-rdb must pass each file, redis-server must load
# it with every key, value and expiry of expected.jsonl, and RESTORE must accept each dump_*.bin.
#
#   check_rdb_redis.py --dir DIR FILE.rdb...     (FILEs and dump_*.bin inside DIR)

import argparse
import glob
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time

import redis

REDIS_SERVER = '/usr/bin/redis-server'
REDIS_CHECK_RDB = '/usr/bin/redis-check-rdb'


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_redis(directory, dbfilename):
    port = free_port()
    log = open(os.path.join(directory, dbfilename + '.log'), 'w')
    proc = subprocess.Popen([REDIS_SERVER, '--port', str(port), '--bind', '127.0.0.1',
                             '--dir', directory, '--dbfilename', dbfilename, '--save', '',
                             '--appendonly', 'no', '--daemonize', 'no', '--databases', '16'],
                            stdout=log, stderr=subprocess.STDOUT)
    r = redis.Redis(port=port)
    deadline = time.time() + 60
    while True:
        if proc.poll() is not None:
            raise Failure('redis-server exited with %d loading %s (see %s.log)'
                          % (proc.returncode, dbfilename, dbfilename))
        try:
            if r.info('persistence')['loading'] == 0:
                break
        except (redis.ConnectionError, redis.BusyLoadingError):
            pass
        if time.time() > deadline:
            stop_redis(proc)
            raise Failure('redis-server did not finish loading %s' % dbfilename)
        time.sleep(0.05)
    return proc, port


def stop_redis(proc):
    proc.terminate()  # this one PID: the server we started
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def load_expected(directory):
    recs = []
    with open(os.path.join(directory, 'expected.jsonl')) as f:
        for line in f:
            recs.append(json.loads(line))
    return recs


def unhex(h):
    return bytes.fromhex(h)


def compare_value(r, key, rec):
    """The value at key (on client r) must be rec's; returns nothing, raises Failure."""
    t = r.type(key).decode()
    name = '%r in db %d' % (unhex(rec['key']), rec['db'])
    check(t == rec['type'], '%s: type %s, expected %s' % (name, t, rec['type']))
    v = rec['value']
    if t == 'string':
        got = r.get(key)
        check(got == unhex(v), '%s: value differs (%d bytes, expected %d)'
              % (name, len(got or b''), len(v) // 2))
    elif t == 'list':
        got = r.lrange(key, 0, -1)
        want = [unhex(x) for x in v]
        check(len(got) == len(want), '%s: %d elements, expected %d' % (name, len(got), len(want)))
        for i, (a, b) in enumerate(zip(got, want)):
            check(a == b, '%s: element %d is %r, expected %r' % (name, i, a, b))
    elif t == 'set':
        got = r.smembers(key)
        want = set(unhex(x) for x in v)
        check(len(want) == len(v), '%s: expected.jsonl repeats a member' % name)
        check(got == want, '%s: members differ (%d vs %d; missing %r, extra %r)'
              % (name, len(got), len(want), list(want - got)[:3], list(got - want)[:3]))
    elif t == 'zset':
        got = r.zrange(key, 0, -1, withscores=True)
        want = [(unhex(m), struct.unpack('<d', unhex(s))[0]) for m, s in v]
        want.sort(key=lambda p: (p[1], p[0]))
        check(len(got) == len(want), '%s: %d members, expected %d' % (name, len(got), len(want)))
        for (gm, gs), (wm, ws) in zip(got, want):
            check(gm == wm, '%s: member %r where %r was expected' % (name, gm, wm))
            # Exact bits, but for -0, which Redis itself turns into 0 when the set it loads is
            # small enough for a listpack (its d2string of -0 says "0").
            check(struct.pack('<d', gs) == struct.pack('<d', ws) or gs == ws == 0,
                  '%s: score of %r is %r, expected %r' % (name, gm, gs, ws))
    elif t == 'hash':
        got = r.hgetall(key)
        want = {unhex(f): unhex(x) for f, x in v}
        check(len(want) == len(v), '%s: expected.jsonl repeats a field' % name)
        check(got == want, '%s: fields differ (%d vs %d)' % (name, len(got), len(want)))
    else:
        raise Failure('%s: unexpected type %s' % (name, t))


def check_rdb_file(directory, fname, recs):
    path = os.path.join(directory, fname)
    out = subprocess.run([REDIS_CHECK_RDB, path], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    check(out.returncode == 0 and 'RDB looks OK' in out.stdout,
          'redis-check-rdb %s: exit %d\n%s' % (fname, out.returncode, out.stdout[-2000:]))
    m = re.search(r'(\d+) keys read', out.stdout)
    check(m and int(m.group(1)) == len(recs), 'redis-check-rdb %s read %s keys, expected %d'
          % (fname, m.group(1) if m else '?', len(recs)))
    m = re.search(r'(\d+) expires', out.stdout)
    expires = sum(1 for rec in recs if rec['expire'] != -1)
    check(m and int(m.group(1)) == expires, 'redis-check-rdb %s read %s expires, expected %d'
          % (fname, m.group(1) if m else '?', expires))

    proc, port = start_redis(directory, fname)
    try:
        by_db = {}
        for rec in recs:
            by_db.setdefault(rec['db'], []).append(rec)
        for db in range(16):
            r = redis.Redis(port=port, db=db)
            want = by_db.get(db, [])
            check(r.dbsize() == len(want), '%s: db %d has %d keys, expected %d'
                  % (fname, db, r.dbsize(), len(want)))
            for rec in want:
                key = unhex(rec['key'])
                compare_value(r, key, rec)
                got = r.execute_command('PEXPIRETIME', key)
                check(got == rec['expire'], '%s: %r in db %d expires at %s, expected %s'
                      % (fname, key, db, got, rec['expire']))
        restore_dumps(directory, port, by_db)
    finally:
        stop_redis(proc)
    check(proc.returncode == 0, 'redis-server exited with %d' % proc.returncode)


def restore_dumps(directory, port, by_db):
    r = redis.Redis(port=port, db=9)
    files = sorted(glob.glob(os.path.join(directory, 'dump_*.bin')))
    check(files, 'no dump_*.bin files')
    for path in files:
        db, i = map(int, re.match(r'dump_(\d+)_(\d+)\.bin', os.path.basename(path)).groups())
        rec = by_db[db][i]
        with open(path, 'rb') as f:
            payload = f.read()
        key = b'restored:' + os.path.basename(path).encode()
        try:
            r.restore(key, 0, payload, replace=True)
        except redis.ResponseError as e:
            raise Failure('RESTORE %s: %s' % (os.path.basename(path), e))
        compare_value(r, key, rec)
        check(r.ttl(key) == -1, 'RESTORE with ttl 0 gave a TTL')
    return len(files)


def main():
    p = argparse.ArgumentParser(description='RDB files and DUMP payloads against redis-server')
    p.add_argument('--dir', required=True)
    p.add_argument('files', nargs='+')
    opts = p.parse_args()
    recs = load_expected(opts.dir)
    passed = failed = 0
    for fname in opts.files:
        try:
            check_rdb_file(opts.dir, fname, recs)
            print('PASS %s: redis-check-rdb, a load of %d keys, RESTORE of every dump_*.bin'
                  % (fname, len(recs)))
            passed += 1
        except Failure as e:
            print('FAIL %s: %s' % (fname, e))
            failed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
