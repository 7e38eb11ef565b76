/* Client connections (see client.h): input parsing into commands, replies kept in request order,
 * and a life cycle that waits for every in-flight operation before freeing. Worker thread only. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd/acl.h"
#include "cmd/exec.h"
#include "cmd/multi.h"
#include "cmd/pubsub.h"
#include "cmd/tracking.h"
#include "dispatch/blocking.h"
#include "dispatch/dispatch.h"
#include "net/client.h"
#include "net/client_limits.h"
#include "net/tls.h"
#include "net/worker.h"
#include "resp/errors.h"
#include "server/log.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "tessera/dict.h"
#include "tessera/slot.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"

static _Atomic uint64_t next_client_id = 1;

/* Back-pressure for deep pipelines: a client stops parsing while this many batches of its are
 * out on other shards, and stops reading while this much unparsed input waits. */
#define CLIENT_MAX_INFLIGHT 16
/* ... or while this many bytes of arguments are out: 16 batches of big arguments would be
 * 1 MiB copied and in flight, resident past the load's end, for no more speed than a few. */
#define CLIENT_MAX_INFLIGHT_BYTES (128 * 1024)
/* PUBLISHes counting their receivers on other workers are light (a shared payload): a publisher
 * may have more of them out, so that a pipeline of PUBLISHes reaches the workers in big runs. */
#define CLIENT_MAX_CALLS 512
#define QBUF_PAUSE       (128 * 1024)
#define QBUF_RESUME      (32 * 1024)

static void format_addr(const struct sockaddr_storage *ss, char *out, size_t cap)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
        port = ntohs(a->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
        port = ntohs(a->sin6_port);
        snprintf(out, cap, "[%s]:%d", ip, port); /* Redis's form for IPv6 peers */
        return;
    }
    snprintf(out, cap, "%s:%d", ip, port);
}

struct client *client_new(struct worker *w, int fd)
{
    struct client *c = mem_calloc(1, sizeof *c);
    c->s.w = w;
    c->fd = fd;
    c->s.id = atomic_fetch_add(&next_client_id, 1);
    c->s.resp = 2;
    c->s.user = acl_default_slot();
    c->s.authenticated = acl_default_nopass();
    c->ctime_ms = c->last_interaction_ms = ks_now_ms();
    c->s.last_cmd = "NULL";
    resp_request_init(&c->req);
    reply_init(&c->wbuf, 2);
    reply_init(&c->sbuf, 2);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
        format_addr(&ss, c->s.addr, sizeof c->s.addr);
    len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
        format_addr(&ss, c->s.laddr, sizeof c->s.laddr);
    c->next = w->io->clients;
    if (w->io->clients) w->io->clients->prev = c;
    w->io->clients = c;
    w->io->nclients++;
    return c;
}

static void client_free(struct client *c)
{
    struct worker *w = c->s.w;
    client_limits_forget(c);
    if (c->tls) tls_detach(c);
    close(c->fd);
    while (c->s.phead) {
        struct pending *p = c->s.phead;
        c->s.phead = p->next;
        pubsub_sink_publish(w, p->events); /* its commands ran: their events still go out */
        reply_free(&p->r);
        mem_free(p);
    }
    reply_free(&c->wbuf);
    reply_free(&c->sbuf);
    resp_request_free(&c->req);
    mem_uncounted_add(-(int64_t)c->qcap);
    mem_free(c->qbuf);
    mem_free(c->held_in);
    mem_free(c->held_tls);
    mem_free(c->s.name);
    mem_free(c->s.lib_name);
    mem_free(c->s.lib_ver);
    mem_free(c);
    worker_client_gone(w);
}

void client_release(struct client *c)
{
    if (c->s.closing && !c->recv_armed && !c->send_inflight && !c->in_dirty && c->s.refs == 0)
        client_free(c);
}

void client_close(struct client *c)
{
    if (c->s.closing) return;
    struct worker *w = c->s.w;
    c->s.closing = 1;
    atomic_store_explicit(&c->s.gone, 1, memory_order_relaxed);
    if (c->prev)
        c->prev->next = c->next;
    else
        w->io->clients = c->next;
    if (c->next) c->next->prev = c->prev;
    c->next = c->prev = NULL;
    w->io->nclients--;
    if (c->s.batch) route_flush_batch(w, &c->s);
    if (c->s.blocked) block_cancel(&c->s);
    multi_session_end(&c->s);
    pubsub_session_end(&c->s);
    tracking_session_end(&c->s);
    if (c->tls) tls_close(c);
    /* Ends the multishot recv: the kernel completes it with EOF. */
    if (c->recv_armed && !c->fd_shut) {
        shutdown(c->fd, SHUT_RDWR);
        c->fd_shut = 1;
    }
    client_release(c);
}

void client_close_after_reply(struct client *c)
{
    c->s.close_after = 1;
    client_mark_dirty(c);
}

void client_mark_dirty(struct client *c)
{
    if (c->in_dirty) return;
    c->in_dirty = 1;
    c->dirty_next = c->s.w->io->dirty;
    c->s.w->io->dirty = c;
}

struct reply *client_reply_target(struct client *c)
{
    if (!c->s.phead) {
        c->wbuf.resp = (uint8_t)c->s.resp;
        return &c->wbuf;
    }
    if (c->s.ptail->ready && c->s.ptail->r.resp == c->s.resp) return &c->s.ptail->r;
    struct pending *p = client_reserve(c);
    p->ready = 1;
    return &p->r;
}

struct pending *client_reserve(struct client *c)
{
    struct pending *p = mem_calloc(1, sizeof *p);
    reply_init(&p->r, c->s.resp);
    if (c->s.ptail)
        c->s.ptail->next = p;
    else
        c->s.phead = p;
    c->s.ptail = p;
    return p;
}

/* Plain TCP sends sbuf's bytes; TLS encrypts them first. */
static inline void client_send(struct client *c, const char *data, size_t len)
{
    if (c->tls)
        tls_send(c, data, len);
    else
        worker_send(c->s.w, c, data, len);
}

void client_flush(struct client *c)
{
    while (c->s.phead && c->s.phead->ready) {
        struct pending *p = c->s.phead;
        if (p->events) { /* its commands' keyspace events, in the client's order */
            pubsub_sink_publish(c->s.w, p->events);
            p->events = NULL;
        }
        if (__builtin_expect(p->drop, 0)) c->s.reply_dropping = p->drop == PENDING_DROP_BEGIN;
        if (__builtin_expect(c->s.reply_dropping, 0)) {
            /* CLIENT REPLY OFF or SKIP: not sent */
        } else if (c->wbuf.len == 0) {
            struct reply tmp = c->wbuf;
            c->wbuf = p->r;
            p->r = tmp;
        } else {
            reply_raw(&c->wbuf, p->r.data, p->r.len);
        }
        c->s.phead = p->next;
        if (!c->s.phead) c->s.ptail = NULL;
        reply_free(&p->r);
        mem_free(p);
    }
    if (client_check_limits(c)) return; /* closed: c may be gone */
    if (c->send_inflight) return;
    if (c->wbuf.len > 0) {
        struct reply tmp = c->sbuf;
        c->sbuf = c->wbuf;
        c->wbuf = tmp;
        reply_reset(&c->wbuf);
        c->sent = 0;
        c->s.w->stats.net_output_bytes += c->sbuf.len;
        client_send(c, c->sbuf.data, c->sbuf.len);
        return;
    }
    if (c->s.close_after && !c->s.phead) client_close(c);
}

void client_on_sent(struct client *c, int res)
{
    if (c->tls)
        tls_on_sent(c, res);
    else
        client_on_sent_plain(c, res);
}

void client_on_sent_plain(struct client *c, int res)
{
    c->send_inflight = 0;
    if (res <= 0 || c->s.closing) {
        /* client_close releases the client itself, so c may be gone after either call. */
        if (c->s.closing)
            client_release(c);
        else
            client_close(c);
        return;
    }
    c->sent += (size_t)res;
    if (c->sent < c->sbuf.len) {
        client_send(c, c->sbuf.data + c->sent, c->sbuf.len - c->sent);
        return;
    }
    reply_reset(&c->sbuf);
    c->sent = 0;
    /* A large reply leaves a large buffer: give it back rather than keep it per client. */
    if (c->sbuf.cap > 64 * 1024) reply_free(&c->sbuf);
    client_flush(c);
}

/* The parser's limits; process_buffer sets `unauthenticated` per request, since AUTH in a
 * pipeline lifts those limits from the request after it on, as in Redis. */
static void set_limits(struct resp_limits *lim)
{
    lim->max_bulk_len =
        (uint64_t)atomic_load_explicit(&g_config.proto_max_bulk_len, memory_order_relaxed);
    lim->max_multibulk = INT32_MAX; /* Redis 7.0's limit; the parser never reserves on trust */
    lim->max_inline = 64 * 1024;
}

/* Too much of the client's work is out on other workers: its parsing waits for some back.
 * Batches are counted by themselves, not as refs less calls: refs also holds the references
 * that keep the client alive through a receive or its own processing, which made a client
 * look blocked to its parser while qbuf_append saw it free, so input piled up unpaused. */
static inline int client_over_inflight(const struct client *c)
{
    return c->s.batches >= CLIENT_MAX_INFLIGHT || c->s.batch_bytes >= CLIENT_MAX_INFLIGHT_BYTES ||
           c->s.calls >= CLIENT_MAX_CALLS;
}

/* Pipelines: before a run of requests executes, the first keys of the next PREFETCH_MAX whole
 * requests that live on this worker's shard have their buckets and then their chains' first
 * entries fetched, so that the look-ups' cache misses overlap instead of coming one after the
 * other (a GET of a random key takes two: the bucket, then the entry). Not while another
 * thread holds the shard. A buffer under PREFETCH_MIN_BYTES (pipeline 1) or a database under
 * PREFETCH_MIN_KEYS is left alone.
 * Returns the bytes of the requests looked at. */
#define PREFETCH_MAX       16
#define PREFETCH_MIN_BYTES 128
#define PREFETCH_MIN_KEYS  16384 /* fewer keys stay in the caches: nothing to win */
static size_t prefetch_pipeline(struct client *c, const char *buf, size_t len)
{
    struct worker *w = c->s.w;
    if (len < PREFETCH_MIN_BYTES || w->shard.holder || c->s.db >= w->shard.ndb) return 0;
    const struct dict *d = &w->shard.dbs[c->s.db].keys;
    if (dict_size(d) < PREFETCH_MIN_KEYS) return 0;
    uint64_t hashes[PREFETCH_MAX];
    int n = 0, requests = 0;
    size_t off = 0;
    while (requests < PREFETCH_MAX && off < len) {
        struct resp_arg key;
        size_t used = resp_peek_arg1(buf + off, len - off, &key);
        if (!used) break;
        off += used;
        requests++;
        if (key.len == 0 || key.len > UINT32_MAX) continue;
        if (g_nworkers > 1 && shard_of_slot(slot_of_key(key.ptr, key.len), g_nworkers) != w->id)
            continue;
        hashes[n++] = dict_hash(key.ptr, key.len);
    }
    if (n < 2) return off;
    for (int i = 0; i < n; i++)
        dict_prefetch_bucket(d, hashes[i]);
    for (int i = 0; i < n; i++)
        dict_prefetch_entry(d, hashes[i]);
    return off;
}

/* Parses and runs requests from buf; returns the bytes used. Stops at an incomplete request,
 * when the client must wait for a multi-shard command, or when it is closing. */
static size_t process_buffer(struct client *c, const char *buf, size_t len)
{
    size_t off = 0, fetched = 0;
    struct resp_limits lim;
    set_limits(&lim);
    c->in_process = 1;
    while (off < len && !c->s.waiting && !c->s.closing && !c->s.close_after &&
           !client_over_inflight(c)) {
        if (off >= fetched) fetched = off + prefetch_pipeline(c, buf + off, len - off);
        size_t used = 0;
        const char *err = NULL;
        lim.unauthenticated = !c->s.authenticated;
        enum resp_status st = resp_parse(&c->req, &lim, buf + off, len - off, &used, &err);
        if (st == RESP_INCOMPLETE) {
            c->qneed = used;
            break;
        }
        if (st == RESP_ERROR) {
            route_flush_batch(c->s.w, &c->s);
            reply_errorf(client_reply_target(c), "ERR %s", err);
            log_msg(LOG_VERBOSE, "Protocol error (%s) from client id=%llu addr=%s", err,
                    (unsigned long long)c->s.id, c->s.addr);
            client_close_after_reply(c);
            c->in_process = 0;
            return len;
        }
        off += used;
        c->qneed = 0;
        if (c->req.argc == 0) continue;
        c->s.w->stats.commands_processed++;
        cmd_execute(&c->s, (int)c->req.argc, c->req.argv);
        if (client_check_limits(c)) break; /* closed; the caller holds a reference */
    }
    route_flush_batch(c->s.w, &c->s);
    c->in_process = 0;
    return off;
}

/* Parsing is held up by something other than missing bytes. */
static int client_blocked(const struct client *c)
{
    return c->s.waiting || client_over_inflight(c);
}

/* Closes a client whose input could not be kept; it is the one connection dropped, as Redis
 * drops one over its query buffer limit, rather than the server. */
static int drop_input(struct client *c, const char *why)
{
    log_msg(LOG_WARNING, "Closing client that %s: id=%llu addr=%s", why,
            (unsigned long long)c->s.id, c->s.addr);
    client_close(c);
    return -1;
}

static void take_held_input(struct client *c);
static void hold(char **buf, size_t *len, const char *data, size_t n);

static int qbuf_append(struct client *c, const char *data, size_t len)
{
    /* Arguments of the request under way that are already complete do not count: Redis moves
     * big arguments out of its query buffer as they arrive, so only the rest is limited. */
    size_t unparsed = c->qlen + len - c->req.parsed_bytes;
    if (unparsed >
        (size_t)atomic_load_explicit(&g_config.client_query_buffer_limit, memory_order_relaxed))
        return drop_input(c, "reached max query buffer length");
    if (c->qoff + c->qlen + len > c->qcap && c->qoff) {
        /* What was parsed goes only now, when room is needed: dropping it after each turn
         * moved the whole backlog each time a batch came back (GBs per pipelined load). */
        memmove(c->qbuf, c->qbuf + c->qoff, c->qlen);
        c->qoff = 0;
    }
    if (c->qlen + len > c->qcap) {
        size_t cap = c->qcap ? c->qcap : 1024;
        while (cap < c->qlen + len)
            cap *= 2;
        if (c->qneed > cap) cap = c->qneed; /* a big bulk: room for all of it at once */
        char *q = mem_try_realloc(c->qbuf, cap);
        if (!q) return drop_input(c, "could not get memory for its query buffer");
        c->qbuf = q;
        size_t old = c->qcap;
        c->qcap = mem_usable(c->qbuf);
        mem_uncounted_add((int64_t)c->qcap - (int64_t)old);
    }
    memcpy(c->qbuf + c->qoff + c->qlen, data, len);
    c->qlen += len;
    if (c->qlen > QBUF_PAUSE && client_blocked(c)) worker_pause_recv(c->s.w, c);
    return 0;
}

/* The bytes held aside while the client's processing was further up the stack join qbuf, behind
 * what that processing left, and run. */
static void take_held_input(struct client *c)
{
    char *held = c->held_in;
    size_t n = c->held_len;
    c->held_in = NULL;
    c->held_len = 0;
    int ok = qbuf_append(c, held, n) == 0;
    mem_free(held);
    if (ok) client_process_input(c);
}

void client_process_input(struct client *c)
{
    if (c->s.closing || c->in_process) return;
    c->s.refs++; /* a command may close c; it is freed, if so, on the way out */
    if (c->qlen && !c->s.waiting && !(c->qneed && c->qlen < c->qneed)) {
        size_t used = process_buffer(c, c->qbuf + c->qoff, c->qlen);
        if (c->s.closing) goto out;
        c->qlen -= used;
        c->qoff = c->qlen ? c->qoff + used : 0;
        client_mark_dirty(c);
    }
    /* Reading resumes once the backlog is small, or when parsing waits for more bytes. */
    if (c->recv_paused && (c->qlen < QBUF_RESUME || !client_blocked(c)))
        worker_resume_recv(c->s.w, c);
    if (c->qlen == 0 && c->qcap > 64 * 1024) {
        mem_uncounted_add(-(int64_t)c->qcap);
        mem_free(c->qbuf);
        c->qbuf = NULL;
        c->qcap = 0;
    }
    if (c->held_in) take_held_input(c);
out:
    c->s.refs--;
    client_release(c);
}

static void hold(char **buf, size_t *len, const char *data, size_t n)
{
    *buf = mem_realloc(*buf, *len + n);
    memcpy(*buf + *len, data, n);
    *len += n;
}

void client_on_data(struct client *c, const char *data, size_t len)
{
    if (!c->tls) {
        client_on_plain(c, data, len);
        return;
    }
    if (c->in_process) { /* nested in its own processing (see client_on_plain): not re-entered */
        hold(&c->held_tls, &c->held_tls_len, data, len);
        return;
    }
    tls_on_data(c, data, len);
    while (c->held_tls && !c->s.closing) {
        char *held = c->held_tls;
        size_t n = c->held_tls_len;
        c->held_tls = NULL;
        c->held_tls_len = 0;
        tls_on_data(c, held, n);
        mem_free(held);
    }
}

void client_on_plain(struct client *c, const char *data, size_t len)
{
    c->s.w->stats.net_input_bytes += len;
    c->last_interaction_ms = ks_now_ms();
    if (c->s.closing || c->s.close_after) return;
    if (c->in_process) {
        /* A busy script's poll, nested in this client's own processing: that frame still reads
         * qbuf (or a receive buffer), so these bytes wait aside and go behind what it leaves. */
        hold(&c->held_in, &c->held_len, data, len);
        return;
    }
    if (c->qlen == 0 && !c->s.waiting) {
        size_t used = process_buffer(c, data, len);
        if (!c->s.closing && used < len) qbuf_append(c, data + used, len - used);
    } else {
        if (qbuf_append(c, data, len) < 0) return;
        client_process_input(c);
    }
    if (!c->s.closing && c->held_in) take_held_input(c);
    if (!c->s.closing) client_mark_dirty(c);
}

void client_describe(struct client *c, struct reply *r)
{
    int64_t now = ks_now_ms();
    /* Redis's "events": r while a read is armed (or about to be), w while a send is under way. */
    char events[3], *e = events;
    if (c->recv_armed || c->in_rearm) *e++ = 'r';
    if (c->send_inflight) *e++ = 'w';
    *e = '\0';
    /* Redis's flags: x inside MULTI, P subscribed, O monitor, b blocked, N none. */
    char flags[12], *f = flags;
    long sub, psub, ssub;
    pubsub_counts(&c->s, &sub, &psub, &ssub);
    int queued = multi_queued(&c->s);
    if (c->s.monitor) *f++ = 'O';
    if (c->s.blocked) *f++ = 'b';
    if (sub + psub + ssub > 0) *f++ = 'P';
    if (queued >= 0) *f++ = 'x';
    long long redir = -1;
    if (c->s.tracking && (c->s.tracking->flags & TRACK_ON)) {
        redir = (long long)c->s.tracking->redir;
        *f++ = 't';
        if (c->s.tracking->flags & TRACK_BROKEN) *f++ = 'R';
        if (c->s.tracking->flags & TRACK_BCAST) *f++ = 'B';
    }
    if (f == flags) *f++ = 'N';
    *f = '\0';
    for (int pass = 0; pass < 2; pass++) {
        /* First pass measures, second writes: names have no length limit. */
        size_t room = pass ? r->cap - r->len : 0;
        int n = snprintf(pass ? r->data + r->len : NULL, room,
                         "id=%llu addr=%s laddr=%s fd=%d name=%s age=%lld idle=%lld flags=%s db=%d "
                         "sub=%ld psub=%ld ssub=%ld multi=%d qbuf=%zu qbuf-free=%zu argv-mem=0 "
                         "multi-mem=0 rbs=%zu rbp=%zu obl=0 oll=0 omem=%zu tot-mem=%zu events=%s "
                         "cmd=%s user=%s redir=%lld resp=%d lib-name=%s lib-ver=%s\n",
                         (unsigned long long)c->s.id, c->s.addr, c->s.laddr, c->fd,
                         c->s.name ? c->s.name : "", (long long)((now - c->ctime_ms) / 1000),
                         (long long)((now - c->last_interaction_ms) / 1000), flags, c->s.db, sub,
                         psub, ssub, queued, c->qlen, c->qcap - c->qoff - c->qlen, c->qcap, c->qlen,
                         client_output_bytes(c), sizeof *c + c->qcap + c->wbuf.cap + c->sbuf.cap,
                         events, c->s.last_cmd, acl_user_of(c->s.user)->name, redir, c->s.resp,
                         c->s.lib_name ? c->s.lib_name : "", c->s.lib_ver ? c->s.lib_ver : "");
        if (n < 0) return;
        if (pass)
            r->len += (size_t)n;
        else
            reply_reserve(r, (size_t)n + 1);
    }
}

/* ---- the session interface (cmd/session.h) ---- */

struct reply *session_reply_target(struct session *s)
{
    return client_reply_target(client_of(s));
}

struct pending *session_reserve(struct session *s)
{
    return client_reserve(client_of(s));
}

void session_mark_dirty(struct session *s)
{
    client_mark_dirty(client_of(s));
}

void session_process_input(struct session *s)
{
    client_process_input(client_of(s));
}

void session_release(struct session *s)
{
    client_release(client_of(s));
}

void session_close(struct session *s)
{
    client_close(client_of(s));
}

void session_close_after_reply(struct session *s)
{
    client_close_after_reply(client_of(s));
}

void session_describe(struct session *s, struct reply *r)
{
    client_describe(client_of(s), r);
}

void session_each(struct worker *w, void (*fn)(struct session *s, void *arg), void *arg)
{
    for (struct client *c = w->io->clients, *next; c; c = next) {
        next = c->next;
        fn(&c->s, arg);
    }
}

size_t session_output_budget(const struct session *s, enum session_limit_kind *kind)
{
    return client_output_budget((const struct client *)s, kind);
}

void session_close_over_limit(struct session *s, enum session_limit_kind kind)
{
    client_close_over_limit(client_of(s), kind);
}
