/* The epoll fallback (see epoll_io.h). Each fd has a slot saying what waits on it (an accept, a
 * read, a recv, a send) and which events are registered; ready fds turn into completions in a
 * queue that the worker drains as it drains io_uring's completion ring. A send is tried at once
 * and waits for EPOLLOUT only when the socket is full. */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/epoll_io.h"
#include "tessera/mem.h"

#define MAX_EVENTS   256
#define ACCEPT_BATCH 32 /* connections taken per readiness of a listener */
#define RECV_BATCH   4  /* buffers filled per readiness of a connection */

enum { SLOT_ACCEPT = 1u, SLOT_READ = 2u, SLOT_RECV = 4u, SLOT_SEND = 8u };

struct slot {
    unsigned wait;       /* SLOT_* bits: what waits on this fd */
    uint32_t registered; /* epoll events registered now (0: not in the epoll set) */
    uint64_t ud_in;      /* user_data of the accept, read or recv */
    uint64_t ud_send;
    void *rbuf; /* the read's target */
    size_t rlen;
    const char *sdata; /* the send waiting for room */
    size_t slen;
};

struct epoll_io {
    int epfd;
    struct slot *slots; /* indexed by fd */
    int nslots;
    struct epoll_cqe *cq;
    unsigned cq_len, cq_cap;
    char *bufs;
    size_t bufsize;
    uint16_t *free_bids;
    unsigned nfree;
};

struct epoll_io *epoll_io_new(char *bufs, unsigned nbufs, size_t bufsize)
{
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) return NULL;
    struct epoll_io *e = mem_calloc(1, sizeof *e);
    e->epfd = epfd;
    e->bufs = bufs;
    e->bufsize = bufsize;
    e->free_bids = mem_alloc(nbufs * sizeof *e->free_bids);
    for (unsigned i = 0; i < nbufs; i++)
        e->free_bids[e->nfree++] = (uint16_t)(nbufs - 1 - i);
    return e;
}

void epoll_io_free(struct epoll_io *e)
{
    if (!e) return;
    close(e->epfd);
    mem_free(e->slots);
    mem_free(e->cq);
    mem_free(e->free_bids);
    mem_free(e);
}

static struct slot *slot_of(struct epoll_io *e, int fd)
{
    if (fd >= e->nslots) {
        int n = e->nslots ? e->nslots : 256;
        while (n <= fd)
            n *= 2;
        e->slots = mem_realloc(e->slots, (size_t)n * sizeof *e->slots);
        memset(e->slots + e->nslots, 0, (size_t)(n - e->nslots) * sizeof *e->slots);
        e->nslots = n;
    }
    return &e->slots[fd];
}

/* Registers exactly the events something waits for; an fd nothing waits on leaves the set, so
 * a hung-up socket nobody reads cannot make epoll_wait spin. */
static void update(struct epoll_io *e, int fd)
{
    struct slot *s = &e->slots[fd];
    uint32_t want = 0;
    if (s->wait & (SLOT_ACCEPT | SLOT_READ | SLOT_RECV)) want |= EPOLLIN;
    if (s->wait & SLOT_SEND) want |= EPOLLOUT;
    if (want == s->registered) return;
    struct epoll_event ev = {.events = want, .data.fd = fd};
    int op = !want ? EPOLL_CTL_DEL : s->registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(e->epfd, op, fd, &ev) == 0 || op == EPOLL_CTL_DEL) s->registered = want;
}

static void push(struct epoll_io *e, uint64_t user_data, int32_t res, uint32_t flags)
{
    if (e->cq_len == e->cq_cap) {
        e->cq_cap = e->cq_cap ? e->cq_cap * 2 : 256;
        e->cq = mem_realloc(e->cq, e->cq_cap * sizeof *e->cq);
    }
    e->cq[e->cq_len++] = (struct epoll_cqe){user_data, res, flags};
}

void epoll_io_arm_accept(struct epoll_io *e, int lfd, uint64_t user_data)
{
    int fl = fcntl(lfd, F_GETFL);
    if (fl >= 0 && !(fl & O_NONBLOCK)) fcntl(lfd, F_SETFL, fl | O_NONBLOCK);
    struct slot *s = slot_of(e, lfd);
    s->wait |= SLOT_ACCEPT;
    s->ud_in = user_data;
    update(e, lfd);
}

void epoll_io_forget(struct epoll_io *e, int fd)
{
    struct slot *s = slot_of(e, fd);
    s->wait = 0;
    update(e, fd);
}

void epoll_io_arm_read(struct epoll_io *e, int fd, void *buf, size_t len, uint64_t user_data)
{
    struct slot *s = slot_of(e, fd);
    s->wait |= SLOT_READ;
    s->ud_in = user_data;
    s->rbuf = buf;
    s->rlen = len;
    update(e, fd);
}

void epoll_io_arm_recv(struct epoll_io *e, int fd, uint64_t user_data)
{
    struct slot *s = slot_of(e, fd);
    s->wait |= SLOT_RECV;
    s->ud_in = user_data;
    update(e, fd);
}

void epoll_io_cancel_recv(struct epoll_io *e, int fd)
{
    struct slot *s = slot_of(e, fd);
    if (!(s->wait & SLOT_RECV)) return;
    s->wait &= ~SLOT_RECV;
    update(e, fd);
    push(e, s->ud_in, -ECANCELED, 0);
}

void epoll_io_send(struct epoll_io *e, int fd, const char *data, size_t len, uint64_t user_data)
{
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        push(e, user_data, n >= 0 ? (int32_t)n : -errno, 0);
        return;
    }
    struct slot *s = slot_of(e, fd);
    s->wait |= SLOT_SEND;
    s->ud_send = user_data;
    s->sdata = data;
    s->slen = len;
    update(e, fd);
}

void epoll_io_return_buffer(struct epoll_io *e, unsigned bid)
{
    e->free_bids[e->nfree++] = (uint16_t)bid;
}

static void do_accept(struct epoll_io *e, int lfd, struct slot *s)
{
    for (int i = 0; i < ACCEPT_BATCH; i++) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
            push(e, s->ud_in, fd, IORING_CQE_F_MORE);
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        if (errno == EINTR || errno == ECONNABORTED) continue;
        /* As a multishot accept ends: the worker arms it again, or rests it. */
        s->wait &= ~SLOT_ACCEPT;
        push(e, s->ud_in, -errno, 0);
        return;
    }
}

static void do_read(struct epoll_io *e, int fd, struct slot *s)
{
    ssize_t n = read(fd, s->rbuf, s->rlen);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    s->wait &= ~SLOT_READ;
    push(e, s->ud_in, n >= 0 ? (int32_t)n : -errno, 0);
}

static void do_recv(struct epoll_io *e, int fd, struct slot *s)
{
    for (int i = 0; i < RECV_BATCH; i++) {
        if (!e->nfree) {
            s->wait &= ~SLOT_RECV;
            push(e, s->ud_in, -ENOBUFS, 0);
            return;
        }
        unsigned bid = e->free_bids[--e->nfree];
        ssize_t n = recv(fd, e->bufs + (size_t)bid * e->bufsize, e->bufsize, 0);
        if (n > 0) {
            push(e, s->ud_in, (int32_t)n, IORING_CQE_F_MORE | (bid << IORING_CQE_BUFFER_SHIFT));
            if ((size_t)n < e->bufsize) return; /* drained for now */
            continue;
        }
        e->free_bids[e->nfree++] = (uint16_t)bid;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        s->wait &= ~SLOT_RECV;
        push(e, s->ud_in, n == 0 ? 0 : -errno, 0);
        return;
    }
}

static void do_send(struct epoll_io *e, int fd, struct slot *s)
{
    ssize_t n = send(fd, s->sdata, s->slen, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    s->wait &= ~SLOT_SEND;
    push(e, s->ud_send, n >= 0 ? (int32_t)n : -errno, 0);
}

void epoll_io_wait(struct epoll_io *e, long long timeout_ns)
{
    struct epoll_event evs[MAX_EVENTS];
    int ms = 0;
    if (!e->cq_len && timeout_ns > 0) {
        long long m = (timeout_ns + 999999) / 1000000;
        ms = m > 1000000 ? 1000000 : (int)m;
    }
    int n = epoll_wait(e->epfd, evs, MAX_EVENTS, ms);
    for (int i = 0; i < n; i++) {
        int fd = evs[i].data.fd;
        uint32_t ev = evs[i].events;
        struct slot *s = slot_of(e, fd);
        if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
            if (s->wait & SLOT_ACCEPT)
                do_accept(e, fd, s);
            else if (s->wait & SLOT_READ)
                do_read(e, fd, s);
            else if (s->wait & SLOT_RECV)
                do_recv(e, fd, s);
        }
        if ((ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && (s->wait & SLOT_SEND)) do_send(e, fd, s);
        update(e, fd);
    }
}

unsigned epoll_io_ready(const struct epoll_io *e)
{
    return e->cq_len;
}

struct epoll_cqe epoll_io_cqe(const struct epoll_io *e, unsigned i)
{
    return e->cq[i];
}

void epoll_io_consumed(struct epoll_io *e, unsigned n)
{
    if (n >= e->cq_len) {
        e->cq_len = 0;
        return;
    }
    memmove(e->cq, e->cq + n, (e->cq_len - n) * sizeof *e->cq);
    e->cq_len -= n;
}
