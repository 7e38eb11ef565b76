"""Snapshot cost, side by side: Tessera (no fork: each shard writes itself between requests)
against Redis (fork + copy-on-write), and Valkey when ../shared/peers has it.

For each server: fill DATASET_MB of 1000-byte incompressible values, then BGSAVE while a steady
write load overwrites random keys, sampling the memory of the server (and of Redis's child) every
50 ms. Reported per server: the dataset (used_memory), the file(s) written, save time and MB/s,
peak memory growth during the save (sum of PSS of every process of the server, so copy-on-write
pages count once each) in MB and as % of the dataset, the writes done during the save and their
p99 latency, then load time and MB/s at a restart. Run by bench/persist.sh."""
import glob
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

import resp
from resp import Conn, free_port

DATASET_MB = int(os.environ.get('DATASET_MB', '2048'))
VALUE = 1000
PEERS = os.environ.get('PEERS', '../shared/peers')


def info(c, section):
    text = c.cmd('INFO', section)
    return dict(l.split(':', 1) for l in text.decode().split('\r\n') if ':' in l)


def pss_kb(pid):
    try:
        with open('/proc/%d/smaps_rollup' % pid) as f:
            for l in f:
                if l.startswith('Pss:'):
                    return int(l.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    try:
        with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def fill(port, nkeys, pool):
    """Sets k:0..k:nkeys-1 over 4 connections, pipelined."""
    def part(lo, hi):
        c = Conn(port)
        batch = 500
        for i in range(lo, hi, batch):
            n = min(batch, hi - i)
            cmds = []
            for j in range(i, i + n):
                off = (j * 7919) % (len(pool) - VALUE)
                cmds.append(('SET', 'k:%d' % j, pool[off:off + VALUE]))
            c.send(cmds)
            for _ in range(n):
                c.reply()
        c.close()
    step = (nkeys + 3) // 4
    ts = [threading.Thread(target=part, args=(k * step, min(nkeys, (k + 1) * step)))
          for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def write_load(port, nkeys, pool, stop_evt, lat):
    """One client overwriting random keys, one SET at a time: latency per request."""
    c = Conn(port)
    rnd = random.Random(7)
    while not stop_evt.is_set():
        k = rnd.randrange(nkeys)
        off = rnd.randrange(len(pool) - VALUE)
        t0 = time.perf_counter()
        c.cmd('SET', 'k:%d' % k, pool[off:off + VALUE])
        lat.append(time.perf_counter() - t0)
    c.close()


def files_bytes(d):
    return sum(os.path.getsize(f) for f in glob.glob(os.path.join(d, '*.rdb')))


def measure(name, argv_of, nkeys, pool):
    d = tempfile.mkdtemp(prefix='persist-bench-')
    port = free_port()
    argv = argv_of(port, d)
    p, c = resp.start(argv, port)
    try:
        fill(port, nkeys, pool)
        used = int(info(c, 'memory')['used_memory'])
        base = pss_kb(p.pid)
        stop_evt, lat = threading.Event(), []
        wl = threading.Thread(target=write_load, args=(port, nkeys, pool, stop_evt, lat))
        wl.start()
        time.sleep(1.0)
        lat.clear()
        peak = base
        t0 = time.monotonic()
        r = c.cmd('BGSAVE')
        if isinstance(r, Exception):
            raise r
        while True:
            pids = [p.pid] + children(p.pid)
            peak = max(peak, sum(pss_kb(x) for x in pids))
            if info(c, 'persistence').get('rdb_bgsave_in_progress') == '0':
                break
            time.sleep(0.05)
        save_s = time.monotonic() - t0
        stop_evt.set()
        wl.join()
        ok = info(c, 'persistence').get('rdb_last_bgsave_status')
        lat.sort()
        p99 = lat[int(len(lat) * 0.99)] * 1000 if lat else float('nan')
        fbytes = files_bytes(d)
        resp.stop(p)
        t1 = time.monotonic()
        p, c = resp.start(argv, port)  # answers PING only once loaded
        while info(c, 'persistence').get('loading') == '1':
            time.sleep(0.01)
        load_s = time.monotonic() - t1
        keys = int(c.cmd('DBSIZE'))
        return dict(name=name, used=used, fbytes=fbytes, save_s=save_s, load_s=load_s,
                    growth=(peak - base) * 1024, writes=len(lat), p99=p99, status=ok, keys=keys)
    finally:
        resp.stop(p)
        subprocess.call(['rm', '-rf', d])


def main():
    tessera = sys.argv[1]
    nkeys = DATASET_MB * (1 << 20) // (VALUE + 60)
    pool = os.urandom(4 << 20)
    servers = [('redis', lambda port, d: ['redis-server', '--port', str(port), '--bind',
                                          '127.0.0.1', '--save', '', '--dir', d]),
               ('tessera-t2', lambda port, d: [tessera, '--port', str(port), '--bind',
                                               '127.0.0.1', '--threads', '2', '--save', '',
                                               '--dir', d])]
    valkey = os.path.join(PEERS, 'valkey-server')
    if os.access(valkey, os.X_OK):
        servers.insert(1, ('valkey', lambda port, d: [valkey, '--port', str(port), '--bind',
                                                       '127.0.0.1', '--save', '', '--dir', d]))
    else:
        print('note: valkey skipped: no %s' % valkey)
    print('dataset: %d keys of %d bytes (DATASET_MB=%d), BGSAVE under one client overwriting '
          'random keys' % (nkeys, VALUE, DATASET_MB))
    rows = []
    for name, argv_of in servers:
        r = measure(name, argv_of, nkeys, pool)
        rows.append(r)
        print('%-11s dataset %7.0f MB  file %7.0f MB  save %6.1f s %6.0f MB/s  load %6.1f s '
              '%6.0f MB/s  peak growth %7.0f MB (%5.1f%%)  writes during save %7d  p99 %6.2f ms'
              '  [%s, %d keys]' % (
                  name, r['used'] / 1e6, r['fbytes'] / 1e6, r['save_s'],
                  r['fbytes'] / 1e6 / r['save_s'], r['load_s'], r['fbytes'] / 1e6 / r['load_s'],
                  r['growth'] / 1e6, 100.0 * r['growth'] / r['used'], r['writes'], r['p99'],
                  r['status'], r['keys']), flush=True)
    red = rows[0]
    for r in rows[1:]:
        print('%s / redis: save MB/s %.2f  load MB/s %.2f  peak growth %.2f  p99 %.2f' % (
            r['name'], (r['fbytes'] / r['save_s']) / (red['fbytes'] / red['save_s']),
            (r['fbytes'] / r['load_s']) / (red['fbytes'] / red['load_s']),
            r['growth'] / red['growth'] if red['growth'] else float('nan'),
            r['p99'] / red['p99'] if red['p99'] else float('nan')))


main()
