"""Latency while the keyspace grows: redis-benchmark inserts N keys (random names over a space
100 times larger, pipelined) while a prober sends one GET every millisecond on its own
connection and records how long each took. Printed per server: the largest latency the prober
saw, its p99.9 and p99, and the keys held at the end. Incremental rehashing should keep the
largest near the others; a table resized in one go shows as a spike. Run by bench/growth.sh."""
import os
import subprocess
import sys
import tempfile
import threading
import time

import resp
from resp import Conn, free_port

N = int(os.environ.get('N', '10000000'))
PEERS = os.environ.get('PEERS', '../shared/peers')


def probe(port, stop, lat):
    c = Conn(port)
    while not stop.is_set():
        t0 = time.perf_counter()
        c.cmd('GET', 'probe')
        lat.append(time.perf_counter() - t0)
        time.sleep(0.001)
    c.close()


def run(name, argv):
    port = free_port()
    d = tempfile.mkdtemp(prefix='growth-bench-')
    p, c = resp.start(argv(port, d), port)
    try:
        stop, lat = threading.Event(), []
        t = threading.Thread(target=probe, args=(port, stop, lat))
        t.start()
        t0 = time.monotonic()
        subprocess.run(['redis-benchmark', '-p', str(port), '-t', 'set', '-n', str(N), '-r',
                        str(N * 100), '-d', '16', '-c', '8', '-P', '32', '-q'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        secs = time.monotonic() - t0
        stop.set()
        t.join()
        keys = int(c.cmd('DBSIZE'))
        lat.sort()
        q = lambda f: lat[min(len(lat) - 1, int(len(lat) * f))] * 1000
        print('%-11s %d keys in %.1f s: largest latency %.2f ms, p99.9 %.2f ms, p99 %.2f ms '
              '(%d probes)' % (name, keys, secs, lat[-1] * 1000, q(0.999), q(0.99), len(lat)),
              flush=True)
    finally:
        resp.stop(p)
        subprocess.call(['rm', '-rf', d])


def main():
    tessera = sys.argv[1]
    only = os.environ.get('ONLY')  # e.g. ONLY=tessera: just the Tessera runs
    if only == 'tessera':
        for t in (1, 2):
            run('tessera-t%d' % t, lambda port, d, t=t: [
                tessera, '--port', str(port), '--bind', '127.0.0.1', '--threads', str(t),
                '--save', '', '--dir', d])
        return
    run('redis', lambda port, d: ['redis-server', '--port', str(port), '--bind', '127.0.0.1',
                                  '--save', '', '--dir', d])
    valkey = os.path.join(PEERS, 'valkey-server')
    if os.access(valkey, os.X_OK):
        run('valkey', lambda port, d: [valkey, '--port', str(port), '--bind', '127.0.0.1',
                                       '--save', '', '--dir', d])
    for t in (1, 2):
        run('tessera-t%d' % t, lambda port, d, t=t: [tessera, '--port', str(port), '--bind',
                                                     '127.0.0.1', '--threads', str(t), '--save',
                                                     '', '--dir', d])


main()
