"""The event loop: io_uring by default, epoll when `io-backend epoll` asks for it or when
io_uring cannot be set up. The fallback test starts the server under a seccomp filter that
refuses io_uring_setup with EPERM, as Docker's and containerd's default profiles do.
(`run.py --io-backend epoll` runs the whole suite over epoll.)"""
import ctypes
import os
import struct

from harness import RawClient, Skip, eq, ok, own_server, tessera_only

# Classic BPF for a seccomp filter: refuse one system call with an errno, allow the rest.
BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_RET_K = 0x06
SECCOMP_RET_ALLOW = 0x7fff0000
SECCOMP_RET_ERRNO = 0x00050000
AUDIT_ARCH_X86_64 = 0xc000003e
NR_IO_URING_SETUP = 425  # x86-64 and every architecture with the unified numbers
EPERM = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


def refuse_io_uring():
    """preexec_fn: from here on io_uring_setup fails with EPERM in this process."""
    insns = [
        (BPF_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        (BPF_JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        (BPF_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
        (BPF_JEQ_K, 0, 1, NR_IO_URING_SETUP),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    code = b''.join(struct.pack('HBBI', *i) for i in insns)
    buf = ctypes.create_string_buffer(code)
    prog = struct.pack('HxxxxxxQ', len(insns), ctypes.addressof(buf))
    pbuf = ctypes.create_string_buffer(prog)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(pbuf), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), 'seccomp filter not installed')


def info_field(c, field):
    for line in c.cmd('INFO', 'server').decode().splitlines():
        if line.startswith(field + ':'):
            return line.split(':', 1)[1]
    return None


def exercise(c):
    """A little of everything the loop carries: pipelines, a big value, a blocking pop."""
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd('GET', 'k'), b'v')
    big = os.urandom(300000)
    eq(c.cmd('SET', 'big', big), 'OK')
    eq(c.cmd('GET', 'big'), big, 'a value larger than a receive buffer, both ways')
    c.send(b''.join(b'*3\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$%d\r\n%d\r\n' % (len(str(i)), i)
                    for i in range(1000)))
    for i in range(1000):
        eq(c.read_reply()[0], i + 1)
    eq(c.cmd('BLPOP', 'l', '1'), [b'l', b'0'])


@own_server
@tessera_only
def test_epoll_when_asked(srv):
    s = srv.start_server(['--io-backend', 'epoll'])
    c = srv.raw(port=s.port)
    eq(info_field(c, 'io_backend'), 'epoll')
    eq(info_field(c, 'multiplexing_api'), 'epoll')
    eq(c.cmd('CONFIG', 'GET', 'io-backend'), [b'io-backend', b'epoll'])
    eq(c.cmd('CONFIG', 'SET', 'io-backend', 'io_uring'),
       "ERR CONFIG SET failed (possibly related to argument 'io-backend') - "
       "can't set immutable config")
    exercise(c)
    ok('Using the epoll event loop' in s.log_text(), 'the log says which loop runs')


@own_server
@tessera_only
def test_io_uring_by_default(srv):
    if os.environ.get('TESSERA_TEST_IO_BACKEND') == 'epoll':
        raise Skip('the suite runs with --io-backend epoll')
    s = srv.start_server()
    c = srv.raw(port=s.port)
    eq(info_field(c, 'io_backend'), 'io_uring')
    ok('Using the io_uring event loop' in s.log_text(), 'the log says which loop runs')


@own_server
@tessera_only
def test_falls_back_to_epoll_when_io_uring_is_refused(srv):
    if os.environ.get('TESSERA_TEST_IO_BACKEND') == 'epoll':
        raise Skip('the suite runs with --io-backend epoll: no fallback to see')
    s = srv.new_server()
    s.preexec_fn = refuse_io_uring
    s.start()
    c = RawClient(s.port)
    try:
        eq(info_field(c, 'io_backend'), 'epoll', 'io_uring refused by seccomp: epoll')
        exercise(c)
    finally:
        c.close()
    ok('io_uring is not available' in s.log_text(), 'the log says why: %s' % s.log_tail())
    eq(s.stop(), 0, 'exit status after SIGTERM')
