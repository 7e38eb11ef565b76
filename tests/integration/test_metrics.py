"""The Prometheus endpoint (metrics-port): GET /metrics parsed by a real Prometheus text-format
parser (python3-prometheus-client) with redis_exporter's names and values that agree with INFO,
the per-shard tessera_* series, GET /healthz, the other paths and methods, a password-protected
server, and HTTP clients that stall or send junk while others are served."""
import http.client
import socket
import time

from prometheus_client.parser import text_string_to_metric_families

from harness import (RawClient, eq, free_port, keys_on_distinct_shards, ok, own_server,
                     tessera_only, timeout)


def start(srv, extra=()):
    mport = free_port()
    s = srv.start_server(['--metrics-port', str(mport)] + list(extra))
    return s, mport


def http_get(port, path, method='GET'):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        return r.status, r.getheader('Content-Type'), r.read().decode()
    finally:
        conn.close()


def scrape(port):
    status, ctype, body = http_get(port, '/metrics')
    eq(status, 200, 'GET /metrics')
    ok(ctype.startswith('text/plain; version=0.0.4'), 'content type %r' % ctype)
    samples = {}
    types = {}
    for fam in text_string_to_metric_families(body):
        types[fam.name] = fam.type
        for s in fam.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


@own_server
@tessera_only
def test_metrics_names_and_values(srv):
    s, mport = start(srv)
    c = srv.raw(port=s.port)
    keys = keys_on_distinct_shards('m', srv.options.threads, 4)
    for k in keys:
        eq(c.cmd('SET', k, 'v'), 'OK')
    eq(c.cmd('EXPIRE', keys[0], '1000'), 1)
    eq(c.cmd('GET', keys[1]), b'v')
    eq(c.cmd('GET', 'missing'), None)
    ok(str(c.cmd('LPUSH', keys[1], 'x')).startswith('WRONGTYPE'), 'a WRONGTYPE error')
    samples, types = scrape(mport)
    eq(value(samples, 'redis_up'), 1.0)
    eq(types.get('redis_commands'), 'counter', 'redis_commands_total is a counter')
    eq(value(samples, 'redis_commands_total', cmd='set'), 4.0)
    ok(value(samples, 'redis_commands_duration_seconds_total', cmd='set') > 0, 'set duration')
    eq(value(samples, 'redis_commands_failed_calls_total', cmd='lpush'), 1.0)
    eq(value(samples, 'redis_errors_total', err='WRONGTYPE'), 1.0)
    eq(value(samples, 'redis_db_keys', db='db0'), 4.0)
    eq(value(samples, 'redis_db_keys_expiring', db='db0'), 1.0)
    eq(value(samples, 'redis_keyspace_hits_total'), 1.0)
    eq(value(samples, 'redis_keyspace_misses_total'), 1.0)
    ok(value(samples, 'redis_connected_clients') >= 1, 'connected clients')
    ok(value(samples, 'redis_memory_used_bytes') > 0, 'used memory')
    eq(value(samples, 'redis_memory_max_bytes'), 0.0)
    eq(value(samples, 'redis_evicted_keys_total'), 0.0)
    eq(value(samples, 'redis_rdb_last_bgsave_status'), 1.0)
    info = [v for (n, lab), v in samples.items() if n == 'redis_instance_info']
    eq(info, [1.0], 'one redis_instance_info series')
    labels = dict(next(lab for (n, lab) in samples if n == 'redis_instance_info'))
    eq(labels['redis_version'], '7.0.15')
    eq(labels['role'], 'master')
    eq(labels['tcp_port'], str(s.port))
    shard_keys = [v for (n, lab), v in samples.items() if n == 'tessera_shard_keys']
    eq(len(shard_keys), srv.options.threads, 'a series per shard')
    eq(sum(shard_keys), 4.0, 'the shards hold every key')
    eq(len([v for v in shard_keys if v]), min(4, srv.options.threads),
       'the keys sit on as many shards as they were chosen to')
    sent = sum(v for (n, lab), v in samples.items()
               if n == 'tessera_shard_mailbox_messages_total' and ('direction', 'sent') in lab)
    ok(sent > 0, 'mailbox traffic counted')


@own_server
@tessera_only
def test_healthz_paths_and_methods(srv):
    s, mport = start(srv)
    eq(http_get(mport, '/healthz')[::2], (200, 'ok\n'))
    eq(http_get(mport, '/nope')[0], 404)
    eq(http_get(mport, '/metrics', 'POST')[0], 405)
    status, _, body = http_get(mport, '/metrics', 'HEAD')
    eq((status, body), (200, ''), 'HEAD: headers only')
    eq(http_get(mport, '/metrics?name[]=redis_up')[0], 200, 'a query string is ignored')


@own_server
@tessera_only
def test_metrics_with_a_password(srv):
    s, mport = start(srv, ['--requirepass', 's3cret'])
    samples, _ = scrape(mport)
    eq(value(samples, 'redis_up'), 1.0, 'the endpoint authenticates itself')
    eq(http_get(mport, '/healthz')[0], 200)
    c = RawClient(s.port)
    try:
        eq(c.cmd('GET', 'k'), 'NOAUTH Authentication required.', 'the server still wants it')
    finally:
        c.close()


@own_server
@tessera_only
@timeout(60)
def test_stalled_and_junk_http_clients(srv):
    s, mport = start(srv)
    stalled = socket.create_connection(('127.0.0.1', mport))
    junk = socket.create_connection(('127.0.0.1', mport))
    junk.sendall(b'\x00\xff' * 5000 + b'\r\n\r\n')
    t0 = time.monotonic()
    eq(http_get(mport, '/healthz')[0], 200, 'served after a stalled and a junk client')
    ok(time.monotonic() - t0 < 8, 'a stalled client holds the endpoint for its 2 s at most')
    stalled.close()
    junk.close()
    huge = socket.create_connection(('127.0.0.1', mport))
    huge.sendall(b'GET /' + b'a' * 100000 + b' HTTP/1.1\r\n\r\n')
    huge.close()
    eq(http_get(mport, '/healthz')[0], 200)
    c = srv.raw(port=s.port)
    eq(c.cmd('PING'), 'PONG', 'the server itself is untouched')


@own_server
@tessera_only
def test_metrics_port_in_use_stops_startup(srv):
    busy = socket.socket()
    busy.bind(('127.0.0.1', 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    try:
        s = srv.new_server(['--metrics-port', str(port), '--bind', '127.0.0.1'])
        try:
            s.start()
            ok(False, 'the server started with its metrics port taken')
        except Exception as e:
            ok('Metrics endpoint' in str(e) or 'Metrics endpoint' in s.log_text(),
               'start-up names the metrics endpoint: %s' % e)
    finally:
        busy.close()
