/* The fake Net of the engine's unit tests (see fake_net.h): what net/worker.c and net/client.c
 * define for the layers below them, on one thread and without sockets. Sessions keep their
 * replies in order as net/client.c does (client_reply_target, client_reserve, client_flush);
 * dispatch_send appends to a FIFO per ordered pair of workers that the test delivers from. */
#include <assert.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/exec.h"
#include "cmd/multi.h"
#include "cmd/pubsub.h"
#include "dispatch/blocking.h"
#include "fake_net.h"
#include "resp/errors.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/splitargs.h"

/* As net/client.c: a session stops running input while this many batches of its are out. */
#define FAKE_MAX_INFLIGHT 16
/* A schedule that has not drained by then is going round in circles. */
#define FAKE_MAX_DELIVERIES 1000000

_Atomic int g_shutdown;
struct fake_sent g_fake_log[FAKE_LOG_MAX];
int g_fake_nlog;

static struct worker *playing;
static struct msg *fifo_head[FAKE_MAX_WORKERS][FAKE_MAX_WORKERS];
static struct msg *fifo_tail[FAKE_MAX_WORKERS][FAKE_MAX_WORKERS];
static int fifo_len[FAKE_MAX_WORKERS][FAKE_MAX_WORKERS];
static struct fake_session *sessions;
static _Atomic uint64_t next_session_id = 1;

static struct fake_session *fake_of(struct session *s)
{
    return (struct fake_session *)s;
}

void fake_on(int id)
{
    playing = id >= 0 ? g_workers[id] : NULL;
    shard_thread_id = id;
}

/* ---- workers (server/worker.h) ---- */

int worker_tls_reload(char *err, size_t errlen)
{
    return 0; /* no TLS without sockets */
}

struct worker *worker_self(void)
{
    return playing;
}

/* net/worker.c's worker_new without the io_uring and the eventfd. */
struct worker *worker_new(int id)
{
    struct worker *w = mem_calloc(1, sizeof *w);
    w->event_fd = -1;
    worker_core_init(w, id);
    return w;
}

int worker_listen(struct worker *w, char *err, size_t errlen)
{
    return 0;
}

void worker_start(struct worker *w) {}

void worker_join(struct worker *w) {}

void worker_free(struct worker *w)
{
    worker_core_free(w);
    mem_free(w);
}

void workers_wake_all(void) {}

void worker_choose_io(void) {}

const char *worker_io_backend(void)
{
    return "fake";
}

uint64_t worker_nclients(const struct worker *w)
{
    uint64_t n = 0;
    for (struct fake_session *fs = sessions; fs; fs = fs->link)
        if (fs->s.w == w && !fs->s.closing) n++;
    return n;
}

int worker_connected_clients(void)
{
    int n = 0;
    for (int i = 0; i < g_nworkers; i++)
        n += (int)worker_nclients(g_workers[i]);
    return n;
}

/* ---- the mesh ---- */

void dispatch_send(struct worker *w, int to, struct msg *m)
{
    assert(w == playing && to >= 0 && to < g_nworkers);
    m->from = (int16_t)w->id;
    m->next = NULL;
    if (fifo_tail[w->id][to])
        fifo_tail[w->id][to]->next = m;
    else
        fifo_head[w->id][to] = m;
    fifo_tail[w->id][to] = m;
    fifo_len[w->id][to]++;
    if (g_fake_nlog < FAKE_LOG_MAX)
        g_fake_log[g_fake_nlog++] = (struct fake_sent){w->id, to, m->kind};
}

int fake_pending(int from, int to)
{
    return fifo_len[from][to];
}

struct msg *fake_peek(int from, int to)
{
    return fifo_head[from][to];
}

int fake_deliver(int from, int to)
{
    struct msg *m = fifo_head[from][to];
    if (!m) return 0;
    fifo_head[from][to] = m->next;
    if (!m->next) fifo_tail[from][to] = NULL;
    fifo_len[from][to]--;
    m->next = NULL;
    struct worker *was = playing;
    fake_on(to);
    dispatch_on_message(g_workers[to], m);
    fake_on(was ? was->id : -1);
    return 1;
}

int fake_pump(void)
{
    int total = 0, moved;
    do {
        moved = 0;
        for (int from = 0; from < g_nworkers; from++)
            for (int to = 0; to < g_nworkers; to++)
                moved += fake_deliver(from, to);
        total += moved;
        assert(total < FAKE_MAX_DELIVERIES);
    } while (moved);
    return total;
}

int fake_pump_random(unsigned *seed)
{
    int total = 0;
    for (;;) {
        int pairs[FAKE_MAX_WORKERS * FAKE_MAX_WORKERS], n = 0;
        for (int from = 0; from < g_nworkers; from++)
            for (int to = 0; to < g_nworkers; to++)
                if (fifo_len[from][to]) pairs[n++] = from * FAKE_MAX_WORKERS + to;
        if (n == 0) return total;
        int p = pairs[rand_r(seed) % n];
        fake_deliver(p / FAKE_MAX_WORKERS, p % FAKE_MAX_WORKERS);
        total++;
        assert(total < FAKE_MAX_DELIVERIES);
    }
}

void fake_log_clear(void)
{
    g_fake_nlog = 0;
}

int fake_log_count(int from, int to, int kind)
{
    int n = 0;
    for (int i = 0; i < g_fake_nlog; i++) {
        const struct fake_sent *e = &g_fake_log[i];
        if ((from < 0 || e->from == from) && (to < 0 || e->to == to) &&
            (kind < 0 || e->kind == kind))
            n++;
    }
    return n;
}

/* ---- sessions (cmd/session.h) ---- */

struct fake_session *fake_session_new(int worker)
{
    struct fake_session *fs = mem_calloc(1, sizeof *fs);
    fs->s.w = g_workers[worker];
    fs->s.id = atomic_fetch_add(&next_session_id, 1);
    fs->s.resp = 2;
    fs->s.authenticated = 1;
    fs->s.user = acl_default_slot();
    fs->s.last_cmd = "NULL";
    snprintf(fs->s.addr, sizeof fs->s.addr, "127.0.0.1:%llu",
             (unsigned long long)(40000 + fs->s.id));
    snprintf(fs->s.laddr, sizeof fs->s.laddr, "127.0.0.1:6379");
    reply_init(&fs->wbuf, 2);
    reply_init(&fs->sent, 2);
    fs->link = sessions;
    sessions = fs;
    return fs;
}

struct reply *session_reply_target(struct session *s)
{
    struct fake_session *fs = fake_of(s);
    if (!s->phead) {
        fs->wbuf.resp = (uint8_t)s->resp;
        return &fs->wbuf;
    }
    if (s->ptail->ready && s->ptail->r.resp == s->resp) return &s->ptail->r;
    struct pending *p = session_reserve(s);
    p->ready = 1;
    return &p->r;
}

struct pending *session_reserve(struct session *s)
{
    struct pending *p = mem_calloc(1, sizeof *p);
    reply_init(&p->r, s->resp);
    if (s->ptail)
        s->ptail->next = p;
    else
        s->phead = p;
    s->ptail = p;
    return p;
}

void session_mark_dirty(struct session *s)
{
    fake_of(s)->dirty = 1;
}

/* A request's arguments as splitargs emits them (into the caller's buffer). */
struct fake_args {
    int argc;
    struct resp_arg argv[64];
};

static int fake_arg(const char *arg, size_t len, void *ctx)
{
    struct fake_args *a = ctx;
    if (a->argc == 64) return 0;
    a->argv[a->argc++] = (struct resp_arg){.ptr = arg, .len = len};
    return 1;
}

/* net/client.c's process_buffer over the queued lines, wrapped as client_process_input. */
void session_process_input(struct session *s)
{
    struct fake_session *fs = fake_of(s);
    if (s->closing || fs->in_process) return;
    s->refs++;
    fs->in_process = 1;
    while (fs->next < fs->nlines && !s->waiting && !s->closing && !s->close_after &&
           s->refs < FAKE_MAX_INFLIGHT) {
        const char *line = fs->lines[fs->next++];
        size_t len = strlen(line);
        char *buf = mem_alloc(len + 1);
        struct fake_args args = {.argc = 0};
        int ok = splitargs(line, len, buf, fake_arg, &args);
        assert(ok == 1);
        (void)ok;
        if (args.argc) {
            s->w->stats.commands_processed++;
            cmd_execute(s, args.argc, args.argv);
        }
        mem_free(buf);
    }
    route_flush_batch(s->w, s);
    fs->in_process = 0;
    s->refs--;
    session_release(s);
}

void session_release(struct session *s)
{
    if (s->closing && s->refs == 0) fake_of(s)->freed = 1;
}

void session_close(struct session *s)
{
    if (s->closing) return;
    s->closing = 1;
    if (s->batch) route_flush_batch(s->w, s);
    if (s->blocked) block_cancel(s);
    multi_session_end(s);
    pubsub_session_end(s);
    session_release(s);
}

void session_close_after_reply(struct session *s)
{
    s->close_after = 1;
    session_mark_dirty(s);
}

void session_describe(struct session *s, struct reply *r)
{
    char line[256];
    int n = snprintf(line, sizeof line, "id=%llu addr=%s laddr=%s name=%s db=%d resp=%d\n",
                     (unsigned long long)s->id, s->addr, s->laddr, s->name ? s->name : "", s->db,
                     s->resp);
    reply_raw(r, line, (size_t)n);
}

void session_each(struct worker *w, void (*fn)(struct session *s, void *arg), void *arg)
{
    for (struct fake_session *fs = sessions, *next; fs; fs = next) {
        next = fs->link;
        if (fs->s.w == w && !fs->s.closing) fn(&fs->s, arg);
    }
}

size_t session_output_budget(const struct session *s, enum session_limit_kind *kind)
{
    return 0; /* no output limit applies */
}

void session_close_over_limit(struct session *s, enum session_limit_kind kind)
{
    session_close(s);
}

/* ---- the test's side ---- */

void fake_send(struct fake_session *fs, ...)
{
    va_list ap;
    va_start(ap, fs);
    for (const char *line; (line = va_arg(ap, const char *));) {
        if (fs->nlines == fs->cap) {
            fs->cap = fs->cap ? fs->cap * 2 : 8;
            fs->lines = mem_realloc(fs->lines, (size_t)fs->cap * sizeof *fs->lines);
        }
        fs->lines[fs->nlines++] = mem_strndup(line, strlen(line));
    }
    va_end(ap);
    struct worker *was = playing;
    fake_on(fs->s.w->id);
    session_process_input(&fs->s);
    fake_on(was ? was->id : -1);
}

/* client_flush without the socket: ready places join the buffer in order, which is "sent". */
const char *fake_take(struct fake_session *fs)
{
    struct session *s = &fs->s;
    reply_reset(&fs->sent);
    while (s->phead && s->phead->ready) {
        struct pending *p = s->phead;
        if (p->r.len) reply_raw(&fs->wbuf, p->r.data, p->r.len);
        s->phead = p->next;
        if (!s->phead) s->ptail = NULL;
        reply_free(&p->r);
        mem_free(p);
    }
    if (fs->wbuf.len) reply_raw(&fs->sent, fs->wbuf.data, fs->wbuf.len);
    reply_reset(&fs->wbuf);
    fs->dirty = 0;
    reply_reserve(&fs->sent, 1);
    fs->sent.data[fs->sent.len] = '\0';
    return fs->sent.data;
}

/* ---- set-up ---- */

void fake_setup(int n)
{
    assert(n > 0 && n <= FAKE_MAX_WORKERS);
    config_defaults(&g_config);
    cmd_table_init();
    char aclerr[256];
    acl_init(aclerr, sizeof aclerr);
    pubsub_init();
    g_nworkers = n;
    g_workers = mem_calloc((size_t)n, sizeof *g_workers);
    for (int i = 0; i < n; i++)
        g_workers[i] = worker_new(i);
    memset(fifo_head, 0, sizeof fifo_head);
    memset(fifo_tail, 0, sizeof fifo_tail);
    memset(fifo_len, 0, sizeof fifo_len);
    sessions = NULL;
    fake_log_clear();
    fake_on(-1);
}

static void drop_queued(void)
{
    for (int from = 0; from < g_nworkers; from++)
        for (int to = 0; to < g_nworkers; to++)
            while (fifo_head[from][to]) {
                struct msg *m = fifo_head[from][to];
                fifo_head[from][to] = m->next;
                dispatch_free_message(m);
            }
    memset(fifo_tail, 0, sizeof fifo_tail);
    memset(fifo_len, 0, sizeof fifo_len);
}

void fake_teardown(void)
{
    /* What is in flight ends as it would, then every session closes (as at shutdown). */
    fake_pump();
    for (struct fake_session *fs = sessions; fs; fs = fs->link) {
        fake_on(fs->s.w->id);
        session_close(&fs->s);
    }
    fake_on(-1);
    fake_pump();
    drop_queued();
    while (sessions) {
        struct fake_session *fs = sessions;
        sessions = fs->link;
        while (fs->s.phead) {
            struct pending *p = fs->s.phead;
            fs->s.phead = p->next;
            reply_free(&p->r);
            mem_free(p);
        }
        for (int i = 0; i < fs->nlines; i++)
            mem_free(fs->lines[i]);
        mem_free(fs->lines);
        reply_free(&fs->wbuf);
        reply_free(&fs->sent);
        mem_free(fs->s.name);
        mem_free(fs->s.lib_name);
        mem_free(fs->s.lib_ver);
        mem_free(fs);
    }
    for (int i = 0; i < g_nworkers; i++)
        worker_free(g_workers[i]);
    mem_free(g_workers);
    g_workers = NULL;
    g_nworkers = 0;
    config_free(&g_config);
}
