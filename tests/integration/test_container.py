"""Container limits: in a memory-limited control group with maxmemory 0, the server sets
maxmemory to 80% of the limit and logs a warning naming the limit; a maxmemory given by the user
is left alone. The tests make a real cgroup (v1's memory controller or v2 with memory enabled)
and start the server inside it; they need root and a writable cgroup tree, and are skipped
otherwise."""
import os

from harness import RawClient, Skip, eq, ok, own_server, tessera_only

LIMIT = 512 * 1024 * 1024


def make_group(limit):
    """A new memory cgroup with `limit` bytes: (its folder, the file to write a pid into)."""
    name = 'tessera-it-%d-%d' % (os.getpid(), len(os.listdir('/tmp')) % 100000)
    candidates = []
    if os.path.isdir('/sys/fs/cgroup/memory'):
        candidates.append(('/sys/fs/cgroup/memory', 'memory.limit_in_bytes'))
    try:
        with open('/sys/fs/cgroup/cgroup.subtree_control') as f:
            if 'memory' in f.read().split():
                candidates.append(('/sys/fs/cgroup', 'memory.max'))
    except OSError:
        pass
    for root, limit_file in candidates:
        path = os.path.join(root, name)
        try:
            os.mkdir(path)
        except OSError:
            continue
        try:
            with open(os.path.join(path, limit_file), 'w') as f:
                f.write(str(limit))
            return path
        except OSError:
            os.rmdir(path)
    raise Skip('no writable memory cgroup here (needs root and a cgroup tree to write)')


def start_in_group(srv, extra_args=()):
    group = make_group(LIMIT)

    def enter():
        with open(os.path.join(group, 'cgroup.procs'), 'w') as f:
            f.write(str(os.getpid()))

    s = srv.new_server(extra_args=extra_args)
    s.preexec_fn = enter
    try:
        s.start()
    except BaseException:
        os.rmdir(group)
        raise
    return s, group


def stop_and_remove(s, group):
    s.stop()
    os.rmdir(group)


@own_server
@tessera_only
def test_maxmemory_follows_the_memory_limit(srv):
    s, group = start_in_group(srv)
    try:
        c = RawClient(s.port)
        try:
            eq(c.cmd('CONFIG', 'GET', 'maxmemory'), [b'maxmemory', b'%d' % (LIMIT // 10 * 8)],
               'maxmemory at 80% of the limit')
            info = c.cmd('INFO', 'memory').decode()
            ok('maxmemory:%d' % (LIMIT // 10 * 8) in info, 'INFO memory shows it')
        finally:
            c.close()
        log = s.log_text()
        ok('memory limit is %d bytes' % LIMIT in log, 'the warning names the limit: %s'
           % s.log_tail())
    finally:
        stop_and_remove(s, group)


@own_server
@tessera_only
def test_maxmemory_given_is_kept(srv):
    s, group = start_in_group(srv, ['--maxmemory', '100mb'])
    try:
        c = RawClient(s.port)
        try:
            eq(c.cmd('CONFIG', 'GET', 'maxmemory'), [b'maxmemory', b'104857600'],
               'maxmemory as given')
        finally:
            c.close()
        ok('memory limit' not in s.log_text(), 'no warning when maxmemory is set')
    finally:
        stop_and_remove(s, group)
