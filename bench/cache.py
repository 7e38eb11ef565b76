"""Hit rate of a cache tier, side by side: a read-through load (GET; on a miss, SET) with keys
drawn from a Zipf-like distribution, against the same memory budget, for allkeys-lru and
allkeys-lfu, on Redis and Tessera (and Valkey when ../shared/peers has it). Run by
bench/cache.sh. The figure is the hit rate after a warm-up; the policies' quality is what it
compares, so every server gets the same key sequence (one seed)."""
import bisect
import os
import random
import subprocess
import sys
import tempfile

import resp
from resp import free_port

KEYS = int(os.environ.get('KEYS', '200000'))
VALUE = int(os.environ.get('VALUE', '1000'))
BUDGET_MB = int(os.environ.get('BUDGET_MB', '40'))  # above the server's empty used_memory
REQUESTS = int(os.environ.get('REQUESTS', '400000'))
WARMUP = int(os.environ.get('WARMUP', '200000'))
ZIPF_S = float(os.environ.get('ZIPF_S', '0.99'))
PEERS = os.environ.get('PEERS', '../shared/peers')
BATCH = 100


def info_field(c, section, name):
    for l in c.cmd('INFO', section).decode().split('\r\n'):
        if l.startswith(name + ':'):
            return l.split(':', 1)[1]
    return None


def zipf_sequence(n, count, seed):
    weights = [1.0 / (i + 1) ** ZIPF_S for i in range(n)]
    cdf, total = [], 0.0
    for w in weights:
        total += w
        cdf.append(total)
    rnd = random.Random(seed)
    perm = list(range(n))
    rnd.shuffle(perm)  # the hot keys are spread over the keyspace (and the shards)
    return [perm[min(bisect.bisect_left(cdf, rnd.random() * total), n - 1)] for _ in range(count)]


def run(argv, port, policy, seq, value):
    d = tempfile.mkdtemp(prefix='cache-bench-')
    p, c = resp.start(argv(port, d), port)
    try:
        base = int(info_field(c, 'memory', 'used_memory'))
        c.cmd('CONFIG', 'SET', 'maxmemory-policy', policy)
        c.cmd('CONFIG', 'SET', 'maxmemory', base + BUDGET_MB * (1 << 20))
        hits = misses = 0
        for start in range(0, len(seq), BATCH):
            keys = seq[start:start + BATCH]
            c.send([('GET', 'key:%d' % k) for k in keys])
            got = [c.reply() for _ in keys]
            missed = [k for k, v in zip(keys, got) if v is None]
            if start >= WARMUP:
                hits += len(keys) - len(missed)
                misses += len(missed)
            if missed:
                c.send([('SET', 'key:%d' % k, value) for k in missed])
                for _ in missed:
                    c.reply()
        used = int(info_field(c, 'memory', 'used_memory'))
        evicted = int(info_field(c, 'stats', 'evicted_keys'))
        keys_held = int(c.cmd('DBSIZE'))
        return hits / float(hits + misses), used - base, evicted, keys_held
    finally:
        resp.stop(p)
        subprocess.call(['rm', '-rf', d])


def main():
    tessera = sys.argv[1]
    servers = [('redis', lambda port, d: ['redis-server', '--port', str(port), '--bind',
                                          '127.0.0.1', '--save', '', '--dir', d])]
    valkey = os.path.join(PEERS, 'valkey-server')
    if os.access(valkey, os.X_OK):
        servers.append(('valkey', lambda port, d: [valkey, '--port', str(port), '--bind',
                                                   '127.0.0.1', '--save', '', '--dir', d]))
    else:
        print('note: valkey skipped: no %s' % valkey)
    for t in (1, 2):
        servers.append(('tessera-t%d' % t, lambda port, d, t=t: [
            tessera, '--port', str(port), '--bind', '127.0.0.1', '--threads', str(t),
            '--save', '', '--dir', d]))
    seq = zipf_sequence(KEYS, WARMUP + REQUESTS, 42)
    value = os.urandom(VALUE)
    print('read-through: %d keys of %d bytes, Zipf s=%.2f, budget %d MB (about %d%% of the '
          'keyspace), %d requests after %d of warm-up'
          % (KEYS, VALUE, ZIPF_S, BUDGET_MB,
             100 * BUDGET_MB * (1 << 20) // (KEYS * (VALUE + 80)), REQUESTS, WARMUP))
    for policy in ('allkeys-lru', 'allkeys-lfu'):
        rates = {}
        for name, argv in servers:
            rate, grown, evicted, held = run(argv, free_port(), policy, seq, value)
            rates[name] = rate
            print('%-12s %-12s hit rate %.4f  keys held %7d  evicted %7d  used over base %5.1f MB'
                  % (policy, name, rate, held, evicted, grown / 1e6), flush=True)
        for name in rates:
            if name != 'redis':
                print('%-12s %s / redis hit rate: %.3f' % (policy, name,
                                                           rates[name] / rates['redis']))


main()
