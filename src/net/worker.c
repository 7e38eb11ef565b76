/* The worker loop: one thread, one io_uring (multishot accept and recv into a provided-buffer
 * ring, one send per connection per turn), its shard's messages from other workers, and a timer
 * for active expiry. Where io_uring cannot be set up, or `io-backend epoll` asks, the same loop
 * runs over epoll (net/epoll_io.c), which gives the same completions. Each function here runs on
 * the worker's own thread unless it says so. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cmd/pause.h"
#include "cmd/tracking.h"
#include "dispatch/blocking.h"
#include "net/client.h"
#include "net/epoll_io.h"
#include "net/listener.h"
#include "net/tls.h"
#include "net/udata.h"
#include "net/worker.h"
#include "resp/errors.h"
#include "script/run.h"
#include "persist/persist.h"
#include "server/evicting.h"
#include "server/info.h"
#include "server/log.h"
#include "server/saving.h"
#include "shard/access.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "tessera/config.h"
#include "tessera/mailbox.h"
#include "tessera/mem.h"

#define RING_ENTRIES   2048
#define BUF_COUNT      128 /* receive buffers a worker may have */
#define BUF_FIRST      8   /* buffers provided at start; ENOBUFS provides BUF_FIRST more */
#define BUF_SIZE       (16 * 1024)
#define BUF_GROUP      0
#define EXPIRE_BUDGET  20000 /* entries the active expiry cycle looks at per tick */
#define ACCEPT_REST_MS 100   /* how long a listener rests after running out of descriptors */

static _Thread_local struct worker *self;
_Atomic int g_shutdown;
static int use_epoll; /* chosen once by worker_choose_io, before the workers start */

struct worker *worker_self(void)
{
    return self;
}

/* A submission entry, submitting what is queued when the ring is full rather than failing. */
static struct io_uring_sqe *get_sqe(struct worker *w)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&w->io->ring);
    while (!sqe) {
        io_uring_submit(&w->io->ring);
        sqe = io_uring_get_sqe(&w->io->ring);
    }
    return sqe;
}

struct worker *worker_new(int id)
{
    struct worker *w = mem_calloc(1, sizeof *w);
    w->io = mem_calloc(1, sizeof *w->io);
    w->event_fd = eventfd(0, EFD_CLOEXEC);
    worker_core_init(w, id);
    return w;
}

int worker_listen(struct worker *w, char *err, size_t errlen)
{
    struct worker_io *io = w->io;
    /* port 0 with a tls-port: TLS only, as in Redis */
    if (CONFIG_GET(port) || !CONFIG_GET(inert.tls_port)) {
        io->nlisten = listener_open_all(io->listen_fds, WORKER_MAX_LISTENERS, err, errlen);
        if (io->nlisten == 0) return -1;
    }
    if (CONFIG_GET(inert.tls_port)) {
        int n = listener_open_port(io->listen_fds + io->nlisten, WORKER_MAX_LISTENERS - io->nlisten,
                                   (int)CONFIG_GET(inert.tls_port), err, errlen);
        if (n == 0) return -1;
        for (int i = io->nlisten; i < io->nlisten + n; i++)
            io->tls_listen |= 1u << i;
        io->nlisten += n;
    }
    return io->nlisten > 0 ? 0 : -1;
}

static int is_tls_listener(const struct worker *w, int lfd)
{
    for (int i = 0; i < w->io->nlisten; i++)
        if (w->io->listen_fds[i] == lfd) return (w->io->tls_listen >> i) & 1;
    return 0;
}

static void arm_accept(struct worker *w, int fd)
{
    if (w->io->ep) {
        epoll_io_arm_accept(w->io->ep, fd, udata_fd(UD_ACCEPT, fd));
        return;
    }
    struct io_uring_sqe *sqe = get_sqe(w);
    io_uring_prep_multishot_accept(sqe, fd, NULL, NULL, SOCK_CLOEXEC);
    io_uring_sqe_set_data64(sqe, udata_fd(UD_ACCEPT, fd));
}

static void arm_event(struct worker *w)
{
    if (w->io->ep) {
        epoll_io_arm_read(w->io->ep, w->event_fd, &w->io->event_buf, sizeof w->io->event_buf,
                          udata_fd(UD_EVENT, 0));
        return;
    }
    struct io_uring_sqe *sqe = get_sqe(w);
    io_uring_prep_read(sqe, w->event_fd, &w->io->event_buf, sizeof w->io->event_buf, 0);
    io_uring_sqe_set_data64(sqe, udata_fd(UD_EVENT, 0));
}

void worker_arm_recv(struct worker *w, struct client *c)
{
    c->recv_armed = 1;
    if (w->io->ep) {
        epoll_io_arm_recv(w->io->ep, c->fd, udata_ptr(UD_RECV, c));
        return;
    }
    struct io_uring_sqe *sqe = get_sqe(w);
    io_uring_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = BUF_GROUP;
    io_uring_sqe_set_data64(sqe, udata_ptr(UD_RECV, c));
}

void worker_pause_recv(struct worker *w, struct client *c)
{
    if (c->recv_paused) return;
    c->recv_paused = 1;
    if (!c->recv_armed) return;
    if (w->io->ep) {
        epoll_io_cancel_recv(w->io->ep, c->fd);
        return;
    }
    struct io_uring_sqe *sqe = get_sqe(w);
    io_uring_prep_cancel64(sqe, udata_ptr(UD_RECV, c), 0);
    io_uring_sqe_set_data64(sqe, udata_fd(UD_IGNORE, 0));
}

/* Its own link: a client can be on the dirty list and this one at once. */
static void queue_rearm(struct worker *w, struct client *c)
{
    if (c->in_rearm) return;
    c->in_rearm = 1;
    c->rearm_next = w->io->rearm;
    w->io->rearm = c;
    c->s.refs++;
}

void worker_resume_recv(struct worker *w, struct client *c)
{
    if (!c->recv_paused) return;
    c->recv_paused = 0;
    if (!c->recv_armed && !c->s.closing) queue_rearm(w, c);
}

void worker_send(struct worker *w, struct client *c, const char *data, size_t len)
{
    c->send_inflight = 1;
    if (w->io->ep) {
        epoll_io_send(w->io->ep, c->fd, data, len, udata_ptr(UD_SEND, c));
        return;
    }
    struct io_uring_sqe *sqe = get_sqe(w);
    io_uring_prep_send(sqe, c->fd, data, len, MSG_NOSIGNAL);
    io_uring_sqe_set_data64(sqe, udata_ptr(UD_SEND, c));
}

static int setup_epoll(struct worker *w)
{
    w->io->buf_base = mem_alloc((size_t)BUF_COUNT * BUF_SIZE);
    w->io->ep = epoll_io_new(w->io->buf_base, BUF_COUNT, BUF_SIZE);
    if (!w->io->ep) {
        log_msg(LOG_WARNING, "epoll_create1 failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Gives the kernel BUF_FIRST more receive buffers, until all BUF_COUNT are its. A buffer is back
 * in the ring as soon as its bytes are copied, so a few carry the usual load, and the ring goes
 * round only the buffers provided: an idle or lightly loaded worker keeps the rest of the area
 * untouched (not resident) rather than 2 MiB. Running out (ENOBUFS) provides more. */
static void provide_buffers(struct worker *w)
{
    unsigned from = w->io->buf_provided, to = from + BUF_FIRST;
    if (to > BUF_COUNT) to = BUF_COUNT;
    int mask = io_uring_buf_ring_mask(BUF_COUNT);
    for (unsigned i = from; i < to; i++)
        io_uring_buf_ring_add(w->io->buf_ring, w->io->buf_base + (size_t)i * BUF_SIZE, BUF_SIZE,
                              (unsigned short)i, mask, (int)(i - from));
    io_uring_buf_ring_advance(w->io->buf_ring, (int)(to - from));
    w->io->buf_provided = to;
}

static int setup_ring(struct worker *w)
{
    if (use_epoll) return setup_epoll(w);
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
    p.cq_entries = RING_ENTRIES * 4;
    int rc = io_uring_queue_init_params(RING_ENTRIES, &w->io->ring, &p);
    if (rc < 0) {
        /* Older kernels: no DEFER_TASKRUN. */
        memset(&p, 0, sizeof p);
        p.flags = IORING_SETUP_CQSIZE;
        p.cq_entries = RING_ENTRIES * 4;
        rc = io_uring_queue_init_params(RING_ENTRIES, &w->io->ring, &p);
    }
    if (rc < 0) {
        log_msg(LOG_WARNING, "io_uring_queue_init failed: %s", strerror(-rc));
        return -1;
    }
    /* Spares the kernel a file-table look-up on every io_uring_enter. */
    io_uring_register_ring_fd(&w->io->ring);
    size_t ring_bytes = BUF_COUNT * sizeof(struct io_uring_buf);
    w->io->buf_ring =
        mmap(NULL, ring_bytes, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    w->io->buf_base = mem_alloc((size_t)BUF_COUNT * BUF_SIZE);
    io_uring_buf_ring_init(w->io->buf_ring);
    struct io_uring_buf_reg reg = {.ring_addr = (uint64_t)(uintptr_t)w->io->buf_ring,
                                   .ring_entries = BUF_COUNT,
                                   .bgid = BUF_GROUP};
    rc = io_uring_register_buf_ring(&w->io->ring, &reg, 0);
    if (rc < 0) {
        log_msg(LOG_WARNING, "io_uring_register_buf_ring failed: %s", strerror(-rc));
        return -1;
    }
    provide_buffers(w);
    return 0;
}

static void return_buffer(struct worker *w, unsigned bid)
{
    if (w->io->ep) {
        epoll_io_return_buffer(w->io->ep, bid);
        return;
    }
    io_uring_buf_ring_add(w->io->buf_ring, w->io->buf_base + (size_t)bid * BUF_SIZE, BUF_SIZE,
                          (unsigned short)bid, io_uring_buf_ring_mask(BUF_COUNT), 0);
    io_uring_buf_ring_advance(w->io->buf_ring, 1);
}

static _Atomic int connected_clients;

/* Out of descriptors (or kernel memory) to accept with: the connection stays in the backlog, and
 * accepting again at once would only fail again, so the listener rests for a moment. */
static int accept_must_rest(int res)
{
    return res == -EMFILE || res == -ENFILE || res == -ENOBUFS || res == -ENOMEM;
}

static void rest_accept(struct worker *w, int lfd, int res)
{
    int64_t now = ks_now_ms();
    for (int i = 0; i < w->io->nlisten; i++)
        if (w->io->listen_fds[i] == lfd) w->io->accept_resting |= 1u << i;
    if (!w->io->accept_retry_ms) w->io->accept_retry_ms = now + ACCEPT_REST_MS;
    if (now - w->io->accept_warned_ms >= 1000) {
        w->io->accept_warned_ms = now;
        log_msg(LOG_WARNING, "Error accepting a client connection: %s", strerror(-res));
    }
}

static void resume_accept(struct worker *w)
{
    for (int i = 0; i < w->io->nlisten; i++)
        if (w->io->accept_resting & (1u << i)) arm_accept(w, w->io->listen_fds[i]);
    w->io->accept_resting = 0;
    w->io->accept_retry_ms = 0;
}

/* Redis's protected mode: with no password, only 127.0.0.1 and ::1 (and unix sockets) may
 * connect; Redis compares the peer's address text, so 127.0.0.2 is refused too. */
static int protected_mode_denies(int fd)
{
    if (!CONFIG_GET(protected_mode)) return 0;
    const char *pass = CONFIG_GET_STR(requirepass);
    if (pass && pass[0]) return 0;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0) return 0;
    char ip[INET6_ADDRSTRLEN] = "";
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof ip);
    else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof ip);
    else
        return 0;
    return strcmp(ip, "127.0.0.1") != 0 && strcmp(ip, "::1") != 0;
}

static void on_accept(struct worker *w, uint64_t user_data, int res, unsigned flags)
{
    int lfd = udata_to_fd(user_data);
    if (!(flags & IORING_CQE_F_MORE) && !atomic_load(&g_shutdown)) {
        if (accept_must_rest(res))
            rest_accept(w, lfd, res);
        else
            arm_accept(w, lfd);
    }
    if (res < 0) {
        if (res != -ECANCELED && res != -EBADF) log_msg(LOG_VERBOSE, "accept: %s", strerror(-res));
        return;
    }
    int fd = res;
    if (atomic_load(&g_shutdown)) {
        close(fd);
        return;
    }
    w->stats.connections_received++;
    if (atomic_fetch_add(&connected_clients, 1) >= g_config.maxclients) {
        atomic_fetch_sub(&connected_clients, 1);
        w->stats.rejected_connections++;
        char msg[64];
        int n = snprintf(msg, sizeof msg, "-%s\r\n", error_text(ERR_MAXCLIENTS));
        ssize_t ignored = write(fd, msg, (size_t)n);
        (void)ignored;
        close(fd);
        return;
    }
    if (protected_mode_denies(fd)) {
        atomic_fetch_sub(&connected_clients, 1);
        w->stats.rejected_connections++;
        const char *text = error_text(ERR_PROTECTED_MODE);
        size_t n = strlen(text);
        char *msg = mem_alloc(n + 4);
        msg[0] = '-';
        memcpy(msg + 1, text, n);
        memcpy(msg + 1 + n, "\r\n", 2);
        ssize_t ignored = write(fd, msg, n + 3);
        (void)ignored;
        mem_free(msg);
        close(fd);
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (g_config.tcp_keepalive > 0) {
        int idle = g_config.tcp_keepalive;
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    }
    struct client *c = client_new(w, fd);
    if (w->io->tls_listen && is_tls_listener(w, lfd) && tls_attach(c) < 0) {
        client_close(c);
        return;
    }
    worker_arm_recv(w, c);
}

/* Called by client.c when a client is gone for good. */
void worker_client_gone(struct worker *w)
{
    atomic_fetch_sub(&connected_clients, 1);
}

int worker_connected_clients(void)
{
    return atomic_load(&connected_clients);
}

uint64_t worker_nclients(const struct worker *w)
{
    return w->io->nclients;
}

static void on_recv(struct worker *w, uint64_t user_data, int res, unsigned flags)
{
    struct client *c = udata_to_ptr(user_data);
    int more = (flags & IORING_CQE_F_MORE) != 0;
    if (!more) c->recv_armed = 0;
    c->s.refs++; /* keeps c alive through the handlers below */
    if (res > 0) {
        w->stats.reads_processed++;
        if (c != w->io->recv_last) {
            w->io->recv_last = c;
            w->io->recv_switches++;
        }
        unsigned bid = flags >> IORING_CQE_BUFFER_SHIFT;
        client_on_data(c, w->io->buf_base + (size_t)bid * BUF_SIZE, (size_t)res);
        return_buffer(w, bid);
        if (!more && !c->s.closing && !c->recv_paused) queue_rearm(w, c);
    } else if (res == -ENOBUFS) {
        /* More buffers only when several clients shared the ones the ring had: one client
         * with a deep pipeline fills any number of them per turn, and more would only move its
         * backlog from the socket into its query buffer and leave up to 2 MiB resident. */
        if (!w->io->ep && w->io->buf_provided < BUF_COUNT && w->io->recv_switches > 1)
            provide_buffers(w);
        if (!more && !c->s.closing && !c->recv_paused) queue_rearm(w, c);
    } else if (res == -ECANCELED) {
        /* worker_pause_recv's doing; if the client resumed meanwhile, read again */
        if (!more && !c->s.closing && !c->recv_paused) queue_rearm(w, c);
    } else if (res == 0) {
        /* The peer is done sending: answer what it asked, then close; but a blocked client
         * would hold an element for nobody, so it goes now, as Redis drops it. */
        if (c->s.blocked)
            client_close(c);
        else
            client_close_after_reply(c);
    } else {
        client_close(c);
    }
    c->s.refs--;
    client_release(c);
}

/* One completion, io_uring's or epoll_io's: the same user_data, res and flags. */
static void on_cqe(struct worker *w, uint64_t user_data, int res, unsigned flags)
{
    switch (udata_kind(user_data)) {
    case UD_ACCEPT:
        on_accept(w, user_data, res, flags);
        break;
    case UD_RECV:
        on_recv(w, user_data, res, flags);
        break;
    case UD_SEND:
        w->stats.writes_processed++;
        client_on_sent(udata_to_ptr(user_data), res);
        break;
    case UD_EVENT:
        if (!atomic_load(&g_shutdown)) arm_event(w);
        break;
    default:
        break;
    }
}

unsigned worker_take_completions(struct worker *w)
{
    /* Each completion is consumed before its handler runs: a handler may run a script that
     * turns busy, and the busy poll takes the completions after it (busy_poll.c). What the
     * handlers queue meanwhile (epoll's sends that completed at once) waits for the next turn. */
    unsigned count = 0;
    if (w->io->ep) {
        unsigned limit = epoll_io_ready(w->io->ep);
        while (count < limit && epoll_io_ready(w->io->ep)) {
            struct epoll_cqe c = epoll_io_cqe(w->io->ep, 0);
            epoll_io_consumed(w->io->ep, 1);
            on_cqe(w, c.user_data, c.res, c.flags);
            count++;
        }
        return count;
    }
    unsigned limit = io_uring_cq_ready(&w->io->ring);
    w->io->recv_switches = 0;
    w->io->recv_last = NULL;
    while (count < limit) {
        struct io_uring_cqe *cqe = NULL;
        unsigned head;
        io_uring_for_each_cqe(&w->io->ring, head, cqe) break;
        if (!cqe) break;
        uint64_t user_data = cqe->user_data;
        int res = cqe->res;
        unsigned flags = cqe->flags;
        io_uring_cq_advance(&w->io->ring, 1);
        on_cqe(w, user_data, res, flags);
        count++;
    }
    return count;
}

void worker_get_events(struct worker *w)
{
    if (w->io->ep)
        epoll_io_wait(w->io->ep, 0);
    else
        io_uring_submit_and_get_events(&w->io->ring);
}

extern struct mailbox_mesh *g_mesh;

static int inbound_pending(struct worker *w)
{
    if (w->io->postponed_head) return 1;
    for (int i = 0; i < g_nworkers; i++)
        if (mailbox_pending(g_mesh, i, w->id)) return 1;
    return 0;
}

/* Returns how many messages it handled. */
static int drain_mailboxes(struct worker *w)
{
    /* The ring from a worker to itself carries what must not run nested in the code that
     * produced it (a blocked client of this worker served by one of its own commands). */
    int handled = 0;
    for (int i = 0; i < g_nworkers; i++) {
        struct msg *m;
        int budget = 1024; /* a fair share per source per turn */
        /* what a busy script's poll set aside goes first: it came before what is in the rings */
        while (budget--) {
            handled += worker_run_postponed(w);
            if (!(m = mailbox_recv(g_mesh, i, w->id))) break;
            dispatch_on_message(w, m);
            handled++;
        }
    }
    handled += worker_run_postponed(w);
    w->stats.mailbox_received += (uint64_t)handled;
    return handled;
}

void worker_flush_overflow(struct worker *w)
{
    for (int t = 0; t < g_nworkers; t++) {
        while (w->overflow_head[t]) {
            struct msg *m = w->overflow_head[t];
            if (!mailbox_send(g_mesh, w->id, t, m)) break;
            w->overflow_head[t] = m->next;
            if (!m->next) w->overflow_tail[t] = NULL;
            w->wake[t] = 1;
        }
    }
}

void dispatch_send(struct worker *w, int to, struct msg *m)
{
    w->stats.mailbox_sent++;
    m->from = (int16_t)w->id;
    m->next = NULL;
    if (!w->overflow_head[to] && mailbox_send(g_mesh, w->id, to, m)) {
        w->wake[to] = 1;
        return;
    }
    if (w->overflow_tail[to])
        w->overflow_tail[to]->next = m;
    else
        w->overflow_head[to] = m;
    w->overflow_tail[to] = m;
}

static void wake_worker(struct worker *t)
{
    if (atomic_exchange(&t->sleeping, 0)) {
        uint64_t one = 1;
        ssize_t ignored = write(t->event_fd, &one, sizeof one);
        (void)ignored;
    }
}

void worker_wake_targets(struct worker *w)
{
    atomic_thread_fence(memory_order_seq_cst);
    for (int t = 0; t < g_nworkers; t++) {
        if (!w->wake[t]) continue;
        w->wake[t] = 0;
        wake_worker(g_workers[t]);
    }
}

void workers_wake_all(void)
{
    for (int i = 0; i < g_nworkers; i++) {
        uint64_t one = 1;
        ssize_t ignored = write(g_workers[i]->event_fd, &one, sizeof one);
        (void)ignored;
    }
}

void worker_flush_clients(struct worker *w)
{
    while (w->io->rearm) {
        struct client *c = w->io->rearm;
        w->io->rearm = c->rearm_next;
        c->in_rearm = 0;
        c->s.refs--;
        if (!c->s.closing && !c->recv_armed && !c->recv_paused) worker_arm_recv(w, c);
        client_release(c);
    }
    while (w->io->dirty) {
        struct client *c = w->io->dirty;
        w->io->dirty = c->dirty_next;
        c->in_dirty = 0;
        if (c->s.closing)
            client_release(c);
        else
            client_flush(c);
    }
}

/* A safety net for a peer gone while its request was half sent: in long disconnect fuzzing a few
 * such clients (reset by the peer, ~1 MB of a big SET received) kept their multishot recv
 * armed without its completion ever arriving. Once a second, a client that has waited a
 * second on a partial request is asked for its TCP state (no side effect), and closed when the
 * peer is gone. */
static void reap_vanished(struct worker *w, int64_t now)
{
    for (struct client *c = w->io->clients, *next; c; c = next) {
        next = c->next;
        if ((!c->qlen && !(c->tls && tls_mid_input(c))) || !c->recv_armed ||
            now - c->last_interaction_ms < 1000)
            continue;
        struct tcp_info ti;
        socklen_t len = sizeof ti;
        if (getsockopt(c->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0) continue;
        if (ti.tcpi_state != TCP_CLOSE && ti.tcpi_state != TCP_CLOSE_WAIT) continue;
        log_msg(LOG_VERBOSE, "Closing client whose peer left mid-request: id=%llu addr=%s",
                (unsigned long long)c->s.id, c->s.addr);
        client_close(c);
    }
}

static void cron(struct worker *w, int64_t now)
{
    w->last_cron_ms = now;
    info_cron(w, now);
    if (now - w->io->last_reap_ms >= 1000) {
        w->io->last_reap_ms = now;
        reap_vanished(w, now);
    }
    if (w->shard.holder || w->shard.deferred_head)
        return;                    /* the shard is someone else's right now */
    if (persist_loading()) return; /* the loader fills the shard */
    saving_cron(w, now);
    if (!pause_writes_paused()) ks_active_expire(&w->shard, EXPIRE_BUDGET); /* CLIENT PAUSE */
    for (int i = 0; i < w->shard.ndb; i++)
        if (w->shard.dbs[i].keys.rehash_idx >= 0) dict_rehash_step(&w->shard.dbs[i].keys, 100);
    int timeout = g_config.timeout;
    if (timeout > 0) {
        for (struct client *c = w->io->clients, *next; c; c = next) {
            next = c->next;
            if (!c->s.waiting && now - c->last_interaction_ms > (int64_t)timeout * 1000)
                client_close(c);
        }
    }
}

static void close_all(struct worker *w)
{
    /* The armed accept holds its own reference to the socket: shutdown ends it now. */
    for (int i = 0; i < w->io->nlisten; i++) {
        if (w->io->ep) epoll_io_forget(w->io->ep, w->io->listen_fds[i]);
        shutdown(w->io->listen_fds[i], SHUT_RDWR);
        close(w->io->listen_fds[i]);
    }
    w->io->nlisten = 0;
    while (w->io->clients)
        client_close(w->io->clients);
}

/* No worker serves a client before every worker has set up its loop (and allocated its
 * receive buffers): the first reply then comes from a server whose memory no longer jumps, so
 * INFO's used_memory read by a client that just connected is the idle server's. */
static _Atomic int workers_set_up;

static void wait_for_every_worker(void)
{
    atomic_fetch_add(&workers_set_up, 1);
    while (atomic_load(&workers_set_up) < g_nworkers) {
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 100000};
        nanosleep(&ts, NULL);
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    self = w;
    shard_thread_id = w->id;
    mem_thread_init(w->id + 1);
    int set_up = setup_ring(w);
    wait_for_every_worker();
    if (set_up < 0) {
        server_request_shutdown();
        return NULL;
    }
    for (int i = 0; i < w->io->nlisten; i++)
        arm_accept(w, w->io->listen_fds[i]);
    arm_event(w);
    int closing = 0;
    int active = 0; /* the last turn had requests or messages: a save's walk then yields more */
    while (1) {
        config_quiescent(w->id); /* nothing from an older configuration is held past here */
        int64_t now = ks_now_ms();
        access_tick(now); /* the keys' LRU/LFU clock */
        int period = 1000 / (g_config.hz > 0 ? g_config.hz : 10);
        if (now - w->last_cron_ms >= period) cron(w, now);
        if (w->next_block_deadline && now >= w->next_block_deadline) block_expire(w, now);
        int64_t pause_ms = __builtin_expect(w->paused != NULL, 0) ? pause_turn(w, now) : -1;
        if (w->io->accept_retry_ms && now >= w->io->accept_retry_ms && !atomic_load(&g_shutdown))
            resume_accept(w);
        if (atomic_load(&g_shutdown) && !closing) {
            closing = 1;
            close_all(w);
        }
        /* work for a shard a busy script holds is answered BUSY (route.c) */
        if (__builtin_expect(w->shard.holder != NULL, 0)) dispatch_busy_sweep(w);
        /* this turn's invalidations, behind the replies that caused them */
        if (__builtin_expect(ks_tracking() || tracking_pending(), 0)) tracking_turn(w);
        worker_flush_clients(w);
        worker_flush_overflow(w);
        worker_wake_targets(w);
        if (closing && atomic_load(&connected_clients) == 0) break;

        /* maxmemory: this shard's share of evictions, between requests */
        int evicting = 0;
        if (__builtin_expect(CONFIG_GET(maxmemory) > 0, 0) && !w->shard.holder &&
            !w->shard.deferred_head && !persist_loading() && !pause_writes_paused())
            evicting = evicting_turn(w);
        /* a background save's next slice, between requests; walk_us: when it wants the next */
        int64_t walk_us = -1;
        if (!w->shard.holder && !w->shard.deferred_head && /* first: the shard is ours then */
            __builtin_expect(w->shard.snap || w->shard.snap_gen, 0))
            walk_us = persist_worker_turn(&w->shard, active);

        int busy = 0;
        atomic_store(&w->sleeping, 1);
        atomic_thread_fence(memory_order_seq_cst);
        if (inbound_pending(w) || w->io->dirty || w->io->rearm || walk_us == 0 || evicting ||
            (w->io->ep && epoll_io_ready(w->io->ep)) || tracking_pending())
            busy = 1;
        if (busy) {
            atomic_store(&w->sleeping, 0);
            if (w->io->ep)
                epoll_io_wait(w->io->ep, 0);
            else
                io_uring_submit_and_get_events(&w->io->ring);
        } else {
            int64_t wait_ms = period;
            if (w->next_block_deadline && w->next_block_deadline - now < wait_ms)
                wait_ms = w->next_block_deadline > now ? w->next_block_deadline - now : 0;
            if (pause_ms >= 0 && pause_ms < wait_ms) wait_ms = pause_ms;
            if (w->io->accept_retry_ms && w->io->accept_retry_ms - now < wait_ms)
                wait_ms = w->io->accept_retry_ms > now ? w->io->accept_retry_ms - now : 0;
            long long wait_ns = (long long)wait_ms * 1000000;
            if (walk_us > 0 && walk_us * 1000 < wait_ns) wait_ns = walk_us * 1000;
            if (w->io->ep) {
                epoll_io_wait(w->io->ep, wait_ns);
            } else {
                struct __kernel_timespec ts = {.tv_sec = wait_ns / 1000000000,
                                               .tv_nsec = wait_ns % 1000000000};
                struct io_uring_cqe *cqe;
                io_uring_submit_and_wait_timeout(&w->io->ring, &cqe, 1, &ts, NULL);
            }
            atomic_store(&w->sleeping, 0);
        }
        unsigned count = worker_take_completions(w);
        active = count + (unsigned)drain_mailboxes(w) > 0;
    }
    return NULL;
}

/* io_uring when it can be set up with what the loop needs (a provided-buffer ring), else
 * epoll; `io-backend epoll` asks for epoll outright. Main thread, before any worker starts. */
void worker_choose_io(void)
{
    script_busy_poll = worker_busy_poll;
    use_epoll = CONFIG_GET(io_backend) == IO_BACKEND_EPOLL;
    if (use_epoll) {
        log_msg(LOG_NOTICE, "Using the epoll event loop (io-backend epoll)");
        return;
    }
    struct io_uring ring;
    int rc = io_uring_queue_init(8, &ring, 0);
    if (rc == 0) {
        size_t bytes = 8 * sizeof(struct io_uring_buf);
        void *br = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
        struct io_uring_buf_reg reg = {
            .ring_addr = (uint64_t)(uintptr_t)br, .ring_entries = 8, .bgid = 0};
        rc = br == MAP_FAILED ? -ENOMEM : io_uring_register_buf_ring(&ring, &reg, 0);
        if (br != MAP_FAILED) munmap(br, bytes);
        io_uring_queue_exit(&ring);
    }
    if (rc < 0) {
        use_epoll = 1;
        log_msg(LOG_WARNING,
                "io_uring is not available (%s: a seccomp profile or an old kernel?): using the "
                "epoll event loop",
                strerror(-rc));
    } else {
        log_msg(LOG_NOTICE, "Using the io_uring event loop");
    }
}

const char *worker_io_backend(void)
{
    return use_epoll ? "epoll" : "io_uring";
}

void worker_start(struct worker *w)
{
    pthread_create(&w->thread, NULL, worker_main, w);
    char name[16];
    snprintf(name, sizeof name, "tessera-w%d", w->id);
    pthread_setname_np(w->thread, name);
}

void worker_join(struct worker *w)
{
    pthread_join(w->thread, NULL);
}

void worker_free(struct worker *w)
{
    if (w->io->ep)
        epoll_io_free(w->io->ep);
    else if (w->io->ring.ring_fd > 0)
        io_uring_queue_exit(&w->io->ring);
    if (w->io->buf_ring) munmap(w->io->buf_ring, BUF_COUNT * sizeof(struct io_uring_buf));
    mem_free(w->io->buf_base);
    while (w->io->postponed_head) {
        struct msg *m = w->io->postponed_head;
        w->io->postponed_head = m->next;
        dispatch_free_message(m);
    }
    close(w->event_fd);
    worker_core_free(w);
    mem_free(w->io);
    mem_free(w);
}
