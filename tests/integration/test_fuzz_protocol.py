# Protocol fuzzer: 16 concurrent connections send random and mutated RESP for a bounded time,
# seeded. Each connection runs short sessions of one of two kinds:
#
# - strict: a pipeline of valid commands from the corpus below (one write, or split at random
#   byte boundaries with small pauses); every command must get exactly one well-formed reply;
# - fuzz: valid pipelines with mutations (bit flips, truncation, huge or negative counts, damaged
#   CRLFs, garbage inserted, spans deleted or duplicated, fake '*' requests inside bulks), and
#   hand-made nasties (inline lines with unbalanced quotes, very long inline lines, binary garbage,
#   '*-5', '*99999999999', '$-2', '$4294967296', ...). Replies are read non-strictly: the server
#   may answer an error and close, which is right for a protocol error.
#
# Sessions end with a normal close (FIN) or an abortive one (RST). A quarter of the connections go
# to a second server with requirepass, mostly unauthenticated. A watchdog checks that both servers
# stay alive and answer PING throughout. At the end both answer PING on a fresh connection,
# INFO clients shows connected_clients back to 1 within a few seconds, and the logs hold no
# AddressSanitizer/UBSan report.
#
#   TESSERA_FUZZ_SECONDS=600 TESSERA_FUZZ_SEED=1234 \
#       /usr/bin/python3 tests/integration/run.py --server build-f/tessera-server -k fuzz_protocol
#
# The seed fixes each connection's byte streams (thread i uses seed + i); thread interleaving is
# up to the scheduler, so a repeat is likely but not certain to take the same path.

import random
import re
import select
import socket
import threading
import time

from harness import (ok, timeout, own_server, encode_command, TestFailure,
                     ProtocolViolation, keys_on_distinct_shards)
import fuzzutil as fu

DEFAULT_SECONDS = 18
THREADS = 16
AUTH_THREADS = 4          # of THREADS, sent to the requirepass server
PASSWORD = 'fuzz-secret'
STRICT_REPLY_LIMIT = 30.0  # seconds a valid command may wait for its reply under load


# ---------------------------------------------------------------------------------------------
# Corpus of valid commands

class Keys:
    def __init__(self, nshards):
        self.str = keys_on_distinct_shards('fz:s', nshards, 6)
        self.list = keys_on_distinct_shards('fz:l', nshards, 5)
        self.set = keys_on_distinct_shards('fz:t', nshards, 4)
        self.hash = keys_on_distinct_shards('fz:h', nshards, 3)
        self.zset = keys_on_distinct_shards('fz:z', nshards, 3)
        self.stream = keys_on_distinct_shards('fz:x', nshards, 3)
        self.all = self.str + self.list + self.set + self.hash + self.zset + self.stream


def _val(r):
    k = r.randrange(8)
    if k == 0:
        return b''
    if k == 1:
        return bytes(r.randrange(256) for _ in range(r.randrange(1, 40)))
    if k == 2:
        return b'x' * r.choice([100, 1000, 5000, 20000])
    if k == 3:
        return b'hello world'
    if k == 4:
        return b'*1\r\n$4\r\nPING\r\n'  # a request inside a value
    return str(r.randrange(-5, 1000)).encode()


def _member(r):
    return r.choice(['a', 'b', 'c', 'd', 'e', '1', '2', '300', 'x' * 70, 'yy'])


def _bt(r):
    return r.choice(['0.01', '0.02', '0.05'])


def _side(r):
    return r.choice(['LEFT', 'RIGHT'])


def _some(r, keys, lo=1, hi=4):
    return r.sample(keys, min(len(keys), r.randrange(lo, hi + 1)))


def corpus_command(r, K):
    """One valid command (a list of arguments). No SHUTDOWN, FLUSH*, CONFIG SET, CLIENT KILL or
    CLIENT PAUSE: the fuzz must not change the server for the checks that follow."""
    c = r.randrange(78)
    s, l, t, h, z = (r.choice(K.str), r.choice(K.list), r.choice(K.set), r.choice(K.hash),
                     r.choice(K.zset))
    if c < 3:
        return ['PING'] if c < 2 else ['PING', _val(r)]
    if c < 5:
        return ['ECHO', _val(r)]
    if c < 8:
        return ['GET', s]
    if c < 11:
        return r.choice([['SET', s, _val(r)], ['SET', s, _val(r), 'EX', '100'],
                         ['SET', s, _val(r), 'GET'], ['SET', s, _val(r), 'NX'],
                         ['SETEX', s, '50', _val(r)], ['GETSET', s, _val(r)]])
    if c < 13:
        a = []
        for k in _some(r, K.str, 1, 6):
            a += [k, _val(r)]
        return [r.choice(['MSET', 'MSET', 'MSETNX'])] + a
    if c < 15:
        return ['MGET'] + _some(r, K.all, 1, 8)
    if c == 15:
        return r.choice([['INCR', s], ['INCRBY', s, '7'], ['DECR', s], ['INCRBYFLOAT', s, '1.5'],
                         ['APPEND', s, 'ab'], ['STRLEN', s], ['GETRANGE', s, '0', '-1'],
                         ['GETDEL', s], ['GETEX', s, 'PERSIST']])
    if c < 18:
        return [r.choice(['DEL', 'EXISTS', 'UNLINK', 'TOUCH'])] + _some(r, K.all, 1, 5)
    if c == 18:
        a, b = r.sample(K.all, 2)
        return r.choice([['RENAME', a, b], ['RENAMENX', a, b], ['COPY', a, b, 'REPLACE']])
    if c == 19:
        k = r.choice(K.all)
        return r.choice([['TYPE', k], ['TTL', k], ['PTTL', k], ['EXPIRE', k, '100'],
                         ['PERSIST', k], ['OBJECT', 'ENCODING', k], ['MEMORY', 'USAGE', k]])
    if c == 20:
        return r.choice([['KEYS', 'fz:*'], ['SCAN', '0', 'MATCH', 'fz:*', 'COUNT', '5'],
                         ['DBSIZE'], ['RANDOMKEY'], ['TIME']])
    if c < 24:
        return [r.choice(['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']), l] + \
            [_member(r) for _ in range(r.randrange(1, 6))]
    if c < 26:
        return ['LTRIM', l, '0', str(r.randrange(0, 40))]
    if c == 26:
        return r.choice([['LPOP', l], ['RPOP', l, '2'], ['LLEN', l], ['LRANGE', l, '0', '10'],
                         ['LINDEX', l, '0'], ['LPOS', l, _member(r)], ['LSET', l, '0', 'q'],
                         ['LREM', l, '1', _member(r)], ['LINSERT', l, 'BEFORE', 'a', 'n']])
    if c < 30:
        a, b = r.choice(K.list), r.choice(K.list)
        return r.choice([['LMOVE', a, b, _side(r), _side(r)], ['RPOPLPUSH', a, b],
                         ['LMPOP', '2', a, b, _side(r), 'COUNT', '2']])
    if c < 33:
        a, b = r.choice(K.list), r.choice(K.list)
        return r.choice([['BLPOP'] + _some(r, K.list, 1, 3) + [_bt(r)],
                         ['BRPOP', a, _bt(r)],
                         ['BLMOVE', a, b, _side(r), _side(r), _bt(r)],
                         ['BRPOPLPUSH', a, b, _bt(r)],
                         ['BLMPOP', _bt(r), '2', a, b, 'LEFT']])
    if c < 36:
        return r.choice([['SADD', t] + [_member(r) for _ in range(r.randrange(1, 5))],
                         ['SREM', t, _member(r)], ['SMEMBERS', t], ['SCARD', t],
                         ['SISMEMBER', t, _member(r)], ['SPOP', t], ['SRANDMEMBER', t, '-3']])
    if c < 39:
        a, b = r.sample(K.set, 2)
        return r.choice([['SMOVE', a, b, _member(r)], ['SINTER', a, b], ['SUNION', a, b],
                         ['SDIFF', a, b], ['SUNIONSTORE', r.choice(K.set), a, b],
                         ['SINTERCARD', '2', a, b]])
    if c < 42:
        return r.choice([['HSET', h, _member(r), _val(r), _member(r), _val(r)],
                         ['HGET', h, _member(r)], ['HGETALL', h], ['HDEL', h, _member(r)],
                         ['HINCRBY', h, 'n', '3'], ['HRANDFIELD', h, '-3', 'WITHVALUES'],
                         ['HLEN', h], ['HMGET', h, 'a', 'b']])
    if c < 45:
        return r.choice([['ZADD', z, str(r.randrange(-50, 50)), _member(r)],
                         ['ZINCRBY', z, '2', _member(r)], ['ZRANGE', z, '0', '-1', 'WITHSCORES'],
                         ['ZPOPMIN', z], ['ZPOPMAX', z, '2'], ['ZCARD', z],
                         ['ZRANGEBYSCORE', z, '-inf', '+inf'], ['ZSCORE', z, 'a'],
                         ['ZREM', z, _member(r)]])
    if c < 47:
        a, b = r.sample(K.zset, 2)
        return r.choice([['ZUNIONSTORE', r.choice(K.zset), '2', a, b],
                         ['BZPOPMIN', a, b, _bt(r)], ['BZPOPMAX', a, _bt(r)],
                         ['ZINTER', '2', a, b, 'WITHSCORES'], ['BZMPOP', _bt(r), '1', a, 'MIN']])
    if c < 50:
        return r.choice([['CLIENT', 'ID'], ['CLIENT', 'GETNAME'],
                         ['CLIENT', 'SETNAME', 'fz%d' % r.randrange(100)],
                         ['CLIENT', 'INFO'], ['CLIENT', 'LIST'], ['CLIENT', 'NO-EVICT', 'on'],
                         ['CLIENT', 'HELP']])
    if c < 52:
        return r.choice([['CONFIG', 'GET', 'maxclients'], ['CONFIG', 'GET', '*'],
                         ['CONFIG', 'GET', 'proto-max-bulk-len'], ['CONFIG', 'GET', '*max*']])
    if c < 54:
        return r.choice([['COMMAND', 'COUNT'], ['COMMAND', 'INFO', 'get', 'mset'],
                         ['COMMAND', 'DOCS', 'get'], ['COMMAND', 'GETKEYS', 'MSET', 'a', 'b'],
                         ['COMMAND'] if r.random() < 0.2 else ['COMMAND', 'COUNT']])
    if c < 56:
        return r.choice([['INFO'], ['INFO', 'clients'], ['INFO', 'server'], ['INFO', 'keyspace']])
    if c == 56:
        return r.choice([['SELECT', str(r.randrange(16))], ['HELLO', '3'], ['HELLO', '2'],
                         ['RESET']])
    if c == 57:
        return r.choice([['NOSUCHCOMMAND', 'x'], ['GET'], ['SET', s], ['CLIENT', 'NOSUCH'],
                         ['CONFIG', 'GET'], ['HELLO', '4'], ['SELECT', '99']])
    if c < 62:
        x = r.choice(K.stream)
        xs = _some(r, K.stream, 1, 3)
        return r.choice([['XADD', x, 'MAXLEN', '~', '50', '*', _member(r), _val(r)],
                         ['XADD', x, '*', 'f', _val(r), 'g', _member(r)],
                         ['XRANGE', x, '-', '+', 'COUNT', '5'],
                         ['XREVRANGE', x, '+', '(0-1', 'COUNT', '3'],
                         ['XREAD', 'COUNT', '3', 'STREAMS'] + xs + ['0'] * len(xs),
                         ['XREAD', 'BLOCK', '10', 'STREAMS'] + xs + ['$'] * len(xs),
                         ['XTRIM', x, 'MAXLEN', str(r.randrange(0, 30))], ['XLEN', x],
                         ['XDEL', x, '0-1', '1-1'], ['XINFO', 'STREAM', x]])
    # the rest: the most common cross-shard writes and reads again
    return r.choice([['SET', s, _val(r)], ['GET', s], ['LPUSH', l, _member(r)],
                     ['SADD', t, _member(r)], ['MGET'] + _some(r, K.str, 2, 5)])


def valid_pipeline(r, K, n):
    return [corpus_command(r, K) for _ in range(n)]


# ---------------------------------------------------------------------------------------------
# Mutations and hand-made nasties

BAD_MULTIBULK = [b'-5', b'-1', b'0', b'99999999999', b'2147483648', b'4294967296', b'-2147483649',
                 b'9223372036854775807', b'9223372036854775808', b'99999999999999999999',
                 b'1048577', b'12', b'', b'x', b' 3', b'3 ', b'+3', b'0x10', b'1e3', b'3\x00']
BAD_BULK = [b'-2', b'-1', b'-100', b'4294967296', b'536870913', b'9223372036854775807',
            b'18446744073709551616', b'99999999999', b'', b'x', b' 4', b'4 ', b'+4', b'1e2',
            b'0', b'1', b'3\x00', b'16385']
INTERESTING = b'\x00\xff\r\n*$:+-" \'\\\x7f'
HEADER = re.compile(rb'(?:^|\r\n|\n)([*$])([^\r\n]*)')


def mutate(r, data):
    data = bytearray(data)
    for _ in range(r.randrange(1, 4)):
        if not data:
            data = bytearray(b'*1\r\n$4\r\nPING\r\n')
        m = r.randrange(11)
        n = len(data)
        if m == 0:  # bit flips
            for _ in range(r.randrange(1, 9)):
                i = r.randrange(n)
                data[i] ^= 1 << r.randrange(8)
        elif m == 1:  # truncation
            del data[r.randrange(n):]
        elif m in (2, 3):  # a bad count in a header
            hs = list(HEADER.finditer(bytes(data)))
            if hs:
                h = r.choice(hs)
                new = r.choice(BAD_MULTIBULK if h.group(1) == b'*' else BAD_BULK)
                data[h.start(2):h.end(2)] = new
        elif m == 4:  # damaged CRLF
            idx = [i for i in range(n - 1) if data[i:i + 2] == b'\r\n']
            if idx:
                i = r.choice(idx)
                data[i:i + 2] = r.choice([b'\n', b'\r', b'', b'\r\r\n', b'\n\r', b'\r\x00'])
        elif m == 5:  # garbage inserted
            i = r.randrange(n + 1)
            data[i:i] = bytes(r.randrange(256) for _ in range(r.randrange(1, 32)))
        elif m == 6:  # a span deleted
            i = r.randrange(n)
            del data[i:i + r.randrange(1, 40)]
        elif m == 7:  # a span duplicated
            i = r.randrange(n)
            data[i:i] = data[i:i + r.randrange(1, 60)]
        elif m == 8:  # interesting bytes
            for _ in range(r.randrange(1, 5)):
                data[r.randrange(n)] = r.choice(INTERESTING)
        elif m == 9:  # a request hidden in a bulk whose length is off by a little
            inner = r.choice([b'*1\r\n$4\r\nPING\r\n', b'*3\r\n$3\r\nSET\r\n', b'*-1\r\n',
                              b'*2\r\n$4\r\nECHO\r\n$999999\r\n'])
            d = r.choice([-3, -1, 0, 1, 5])
            piece = b'*2\r\n$4\r\nECHO\r\n$%d\r\n' % max(0, len(inner) + d) + inner + b'\r\n'
            i = r.randrange(n + 1)
            data[i:i] = piece
        else:  # swap two halves
            i = r.randrange(n)
            data = data[i:] + data[:i]
    return bytes(data)


def nasty(r, K):
    k = r.randrange(20)
    s = r.choice(K.str).encode()
    if k == 0:
        return r.choice([b'SET k "abc\r\n', b"ECHO 'a\r\n", b'ECHO "a\\"\r\n', b'ECHO "a"b\r\n',
                         b'SET "k" "v\\x4\r\n', b'"\r\n', b"'\r\n", b'ECHO "\\\r\n',
                         b'GET "' + s + b"'\r\n", b'SET ' + s + b' "x\\x\r\n'])
    if k == 1:  # a very long inline line, with or without its end
        n = r.choice([1000, 30000, 65535, 65537, 70000, 200000])
        body = b'ECHO ' + b'a' * n if r.random() < 0.5 else b'x' * n
        return body + r.choice([b'\r\n', b'\n', b''])
    if k == 2:  # an inline line of many arguments
        return b'MGET ' + b' '.join([s] * r.randrange(10, 5000)) + b'\r\n'
    if k == 3:
        return bytes(r.randrange(256) for _ in range(r.randrange(1, 8192)))
    if k == 4:
        return b'*' + r.choice(BAD_MULTIBULK) + b'\r\n' + encode_command('PING')
    if k == 5:
        return b'*2\r\n$3\r\nGET\r\n$' + r.choice(BAD_BULK) + b'\r\n' + s + b'\r\n'
    if k == 6:
        return r.choice([b'*-5\r\n', b'*99999999999\r\n', b'*1\r\n$-2\r\n',
                         b'*1\r\n$4294967296\r\n', b'*2\r\n$4\r\nECHO\r\n$4294967296\r\n',
                         b'*1\r\n:5\r\n', b'*1\r\n+PING\r\n', b'*2\r\n*1\r\n$4\r\nPING\r\n',
                         b'$5\r\nhello\r\n', b'%1\r\n+a\r\n+b\r\n', b'~1\r\n+a\r\n',
                         b'*3\r\n$3\r\nSET\r\n$1\r\nk\r\n', b'*1\r\n$4\r\nPINGXX\r\n',
                         b'*1\r\n$4\r\nPI', b'*1\r\n$4\r\nPING\n\n', b'*1\r\n$4\r\nPING\r\r',
                         b'*1\r\n$4\r\nPING'])
    if k == 7:
        return b'*0\r\n' * r.randrange(1, 300) + b'*-1\r\n' * r.randrange(0, 50) + b'PING\r\n'
    if k == 8:
        return b'\r\n' * r.randrange(1, 2000) + b'PING\r\n'
    if k == 9:  # a bulk that looks like requests
        inner = encode_command('SET', s, 'z') * r.randrange(1, 20)
        return encode_command('ECHO', inner)
    if k == 10:  # a multibulk announcing more arguments than are sent
        return b'*%d\r\n' % r.randrange(2, 2000) + encode_command('PING')[4:]
    if k == 11:
        return b'*1\r\n$%d\r\n' % r.randrange(100, 100000) + b'a' * r.randrange(0, 100)
    # mutated pipelines
    return mutate(r, b''.join(encode_command(*a) for a in valid_pipeline(r, K, r.randrange(1, 12))))


# ---------------------------------------------------------------------------------------------
# Sending and reading

def splits(r, data):
    """data in the pieces it is written in: one write, or cut at random byte boundaries."""
    if len(data) < 2 or r.random() < 0.4:
        return [data]
    pieces = []
    i = 0
    while i < len(data):
        step = r.choice([1, 2, 3, 7, 16, 100, 1000, 10000, 1 << 20])
        pieces.append(data[i:i + step])
        i += step
        if len(pieces) > 400:
            pieces.append(data[i:])
            break
    return pieces


def pump(r, sock, pieces, stop, limit=30.0):
    """Writes the pieces (with a small random pause between some), reading whatever arrives
    meanwhile so that neither side blocks on a full buffer. Returns (bytes read, closed), where
    closed means the server closed or reset the connection."""
    got = bytearray()
    sock.setblocking(False)
    deadline = time.monotonic() + limit
    try:
        for p in pieces:
            view = memoryview(p)
            while view:
                if time.monotonic() > deadline or stop.is_set():
                    return got, False
                rd, wr, _ = select.select([sock], [sock], [], 0.5)
                if rd:
                    try:
                        chunk = sock.recv(1 << 16)
                    except (BlockingIOError, InterruptedError):
                        chunk = None
                    except OSError:
                        return got, True
                    if chunk == b'':
                        return got, True
                    if chunk:
                        got += chunk
                if wr:
                    try:
                        n = sock.send(view)
                    except (BlockingIOError, InterruptedError):
                        n = 0
                    except OSError:
                        return got, True
                    view = view[n:]
            if len(pieces) > 1 and r.random() < 0.1:
                time.sleep(r.random() * 0.002)
        return got, False
    finally:
        sock.setblocking(True)


def drain(sock, idle, limit=3.0):
    """Reads until idle seconds pass without data, the server closes, or limit passes. True when
    the server closed the connection."""
    deadline = time.monotonic() + limit
    sock.settimeout(idle)
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(1 << 16)
        except socket.timeout:
            return False
        except OSError:
            return True
        if not chunk:
            return True
    return False


class Fuzzer:
    def __init__(self, seed, stop, K, failures, stats):
        self.seed = seed
        self.stop = stop
        self.K = K
        self.failures = failures
        self.stats = stats

    def fail(self, msg):
        self.failures.append(msg)
        self.stop.set()

    def strict_session(self, r, sock, tid, password):
        n = r.choice([1, 2, 5, 20, 100, 300])
        cmds = valid_pipeline(r, self.K, n)
        if password is not None:
            # RESET would log the client out, and then a long command is a protocol error.
            cmds = [a if a != ['RESET'] else ['PING'] for a in cmds]
            cmds.insert(0, ['AUTH', password])
        data = b''.join(encode_command(*a) for a in cmds)
        got, closed = pump(r, sock, splits(r, data), self.stop)
        if self.stop.is_set():
            return
        c = fu.raw_on(sock)
        c.buf += got
        sock.settimeout(STRICT_REPLY_LIMIT)
        for i, a in enumerate(cmds):
            try:
                v = c.read()
            except TestFailure:
                if self.stop.is_set():
                    return
                self.fail('thread %d: no reply to valid command %d of %d %r within %.0f s'
                          % (tid, i + 1, len(cmds), [bytes(x)[:30] if isinstance(x, bytes) else x
                                                     for x in a][:6], STRICT_REPLY_LIMIT))
                return
            except (EOFError, OSError) as e:
                if self.stop.is_set():
                    return
                self.fail('thread %d: connection closed (%s) before the reply to valid command '
                          '%d of %d %r' % (tid, e, i + 1, len(cmds), a[:4]))
                return
            except (ProtocolViolation, ValueError) as e:
                self.fail('thread %d: malformed reply to valid command %d %r: %s; bytes %r'
                          % (tid, i + 1, a[:4], e, c.pending()[:80]))
                return
            if i == 0 and password is not None and v != 'OK':
                self.fail('thread %d: AUTH with the right password answered %r' % (tid, v))
                return
        if c.pending():
            self.fail('thread %d: bytes after the %d replies of a valid pipeline: %r'
                      % (tid, len(cmds), c.pending()[:80]))
        self.stats['strict'] += 1
        self.stats['commands'] += len(cmds)

    def fuzz_session(self, r, sock, password):
        if password is not None and r.random() < 0.3:
            pre = r.choice([encode_command('AUTH', password), encode_command('AUTH', 'wrong'),
                            encode_command('HELLO', '3', 'AUTH', 'default', password),
                            encode_command('HELLO', '3', 'AUTH', 'default', 'nope'),
                            encode_command('AUTH', 'a', 'b', 'c')])
            pump(r, sock, [pre], self.stop)
        for _ in range(r.randrange(1, 5)):
            if r.random() < 0.5:
                data = nasty(r, self.K)
            else:
                data = mutate(r, b''.join(encode_command(*a)
                                          for a in valid_pipeline(r, self.K, r.randrange(1, 30))))
            got, closed = pump(r, sock, splits(r, data), self.stop, limit=10.0)
            self.stats['fuzz_bytes'] += len(data)
            if closed or self.stop.is_set():
                self.stats['server_closed'] += 1
                return
            if drain(sock, r.choice([0.005, 0.02, 0.1])):
                self.stats['server_closed'] += 1
                return
        if r.random() < 0.3:
            # Maybe the server is waiting for the rest of something; a valid request either gets
            # its reply, adds to what is pending, or is taken as garbage: all acceptable.
            pump(r, sock, [encode_command('ECHO', 'end')], self.stop, limit=5.0)
            drain(sock, 0.2)

    def run(self, tid, port, password):
        r = random.Random(self.seed + tid)
        while not self.stop.is_set():
            try:
                sock = fu.connect(port)
            except OSError as e:
                if self.stop.is_set():
                    return
                self.fail('thread %d: cannot connect: %s' % (tid, e))
                return
            try:
                self.stats['sessions'] += 1
                if r.random() < 0.35:
                    # Valid pipelines on the requirepass server authenticate first: before AUTH
                    # more than 10 arguments or a bulk over 16 KB is a protocol error.
                    self.strict_session(r, sock, tid, password)
                else:
                    self.fuzz_session(r, sock, password)
            except Exception as e:  # noqa: B902 - a fuzzer bug must not pass silently
                self.fail('thread %d: fuzzer exception %s: %s' % (tid, type(e).__name__, e))
            finally:
                fu.close_random(r, sock)


@own_server
@timeout(fu.time_limit(DEFAULT_SECONDS))
def test_fuzz_protocol(srv):
    seed = fu.seed()
    secs = fu.seconds(DEFAULT_SECONDS)
    fu.announce('test_fuzz_protocol', seed, secs)
    main = srv.start_server()
    authed = srv.start_server(['--requirepass', PASSWORD])
    K = Keys(max(srv.options.threads, 1))
    stop = threading.Event()
    failures = []
    stats = {'sessions': 0, 'strict': 0, 'commands': 0, 'fuzz_bytes': 0, 'server_closed': 0}
    fz = Fuzzer(seed, stop, K, failures, stats)
    dog = fu.Watchdog([(main, None), (authed, PASSWORD)], stop, failures).start()
    threads = []
    for tid in range(THREADS):
        if tid < AUTH_THREADS:
            args = (tid, authed.port, PASSWORD)
        else:
            args = (tid, main.port, None)
        threads.append(threading.Thread(target=fz.run, args=args, daemon=True))
    fu.run_for(threads, stop, secs, STRICT_REPLY_LIMIT + 15, dog, seed)
    print('  test_fuzz_protocol: %d sessions (%d strict, %d valid commands), %d fuzz bytes, '
          '%d closed by the server' % (stats['sessions'], stats['strict'], stats['commands'],
                                       stats['fuzz_bytes'], stats['server_closed']), flush=True)
    problems = list(failures)
    problems += fu.health_problems(main)
    problems += fu.health_problems(authed, PASSWORD)
    fu.report('test_fuzz_protocol', seed, problems)
    ok(stats['strict'] >= 10 and stats['sessions'] >= 50,
       'seed %d: too little fuzzing to judge: %r' % (seed, stats))
