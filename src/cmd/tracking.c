/* Client-side caching (see tracking.h and docs/tracking.md): the per-shard tables of who read
 * what, the write hook's invalidation records, their trip to the readers' workers (one message
 * per target worker per loop turn) and their delivery as pushes or redirected messages.
 * A shard's table is touched by the thread holding the shard; a worker's registry, prefixes and
 * outboxes by that worker's thread only; the counters other threads read are atomic. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/multi.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "cmd/tracking.h"
#include "dispatch/dispatch.h"
#include "server/worker.h"
#include "shard/entry.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

_Atomic long g_tracking_keys, g_tracking_items, g_tracking_prefixes;
_Thread_local uint64_t tracking_writer;
_Thread_local int tracking_pending_here;

/* The clients that read a key on one shard (Redis keeps ids only; the worker saves a lookup). */
struct reader {
    uint64_t id;
    int worker;
};

struct readers {
    struct reader *v;
    uint32_t n, cap;
};

/* Invalidation records, packed one after another in an outbox. */
enum rec_type {
    R_KEY,    /* a: the reader; b: the writer; the key */
    R_BCAST,  /* b: the writer; the key, for the receiver's BCAST prefixes */
    R_FLUSH,  /* every tracking client of the receiver gets a null */
    R_REDIR,  /* a: the redirect target; b: the tracking client, src its worker; the value */
    R_BROKEN, /* a: a tracking client whose redirect target is gone */
};

struct rec {
    uint8_t type;
    int32_t src;
    uint64_t a, b;
    uint32_t len;
};

struct outbox {
    char *buf;
    size_t len, cap;
};

struct bcast_sub {
    char *prefix;
    size_t len;
    struct session *s;
};

struct tracking_local {
    struct dict table;    /* this worker's shard: key -> struct readers */
    struct dict registry; /* session id -> session (tracking clients, redirect targets) */
    struct bcast_sub *bsubs;
    size_t nbsubs, bcap;
    _Atomic long nbcast;   /* prefixes registered here: writers offer keys to this worker */
    _Atomic long nclients; /* tracking clients here: a flush reaches this worker */
    struct outbox *out;    /* [worker] */
    int pending;
};

struct track_msg {
    struct msg hdr;
    char *buf;
    size_t len;
};

static struct tracking_local **locals;
static int nlocals;
static _Atomic long bcast_total;

static void on_change(struct shard *s, const char *key, size_t klen);

void tracking_init(void)
{
    nlocals = g_nworkers;
    locals = mem_calloc((size_t)nlocals, sizeof *locals);
    for (int i = 0; i < nlocals; i++) {
        struct tracking_local *l = mem_calloc(1, sizeof *l);
        dict_init(&l->table);
        dict_init(&l->registry);
        l->out = mem_calloc((size_t)nlocals, sizeof *l->out);
        locals[i] = l;
    }
    ks_set_invalidator(on_change);
}

static void free_readers(struct entry *e, void *arg)
{
    struct readers *r = entry_object(e);
    if (arg) {
        atomic_fetch_sub(&g_tracking_items, (long)r->n);
        atomic_fetch_sub(&g_tracking_keys, 1);
    }
    mem_free(r->v);
    mem_free(r);
    mem_free(e);
}

static void free_plain(struct entry *e, void *arg)
{
    mem_free(e);
}

void tracking_free(void)
{
    for (int i = 0; i < nlocals; i++) {
        struct tracking_local *l = locals[i];
        dict_clear(&l->table, free_readers, NULL);
        dict_clear(&l->registry, free_plain, NULL);
        for (size_t k = 0; k < l->nbsubs; k++)
            mem_free(l->bsubs[k].prefix);
        mem_free(l->bsubs);
        for (int k = 0; k < nlocals; k++)
            mem_free(l->out[k].buf);
        mem_free(l->out);
        mem_free(l);
    }
    mem_free(locals);
    locals = NULL;
    nlocals = 0;
}

/* ---- outboxes ---- */

static void out_add(int to, uint8_t type, uint64_t a, uint64_t b, int src, const char *p,
                    size_t len)
{
    struct worker *self = worker_self();
    if (!self || !locals) return; /* the main thread at shutdown: nobody to tell */
    struct tracking_local *l = locals[self->id];
    struct outbox *o = &l->out[to];
    struct rec r = {.type = type, .src = src, .a = a, .b = b, .len = (uint32_t)len};
    size_t need = o->len + sizeof r + len;
    if (need > o->cap) {
        size_t c = o->cap ? o->cap : 256;
        while (c < need)
            c *= 2;
        o->buf = mem_realloc(o->buf, c);
        o->cap = c;
    }
    memcpy(o->buf + o->len, &r, sizeof r);
    if (len) memcpy(o->buf + o->len + sizeof r, p, len);
    o->len = need;
    l->pending = 1;
    tracking_pending_here = 1;
}

/* ---- the tables: which clients read which key of a shard ---- */

static void table_add(struct tracking_local *l, const char *key, size_t klen, uint64_t id,
                      int worker)
{
    struct entry *e = dict_find(&l->table, key, klen);
    if (!e) {
        e = entry_new_object(key, klen, OBJ_INTERNAL, mem_calloc(1, sizeof(struct readers)),
                             EXPIRE_NONE);
        dict_add(&l->table, e);
        atomic_fetch_add(&g_tracking_keys, 1);
    }
    struct readers *r = entry_object(e);
    for (uint32_t i = 0; i < r->n; i++)
        if (r->v[i].id == id) return;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 2;
        r->v = mem_realloc(r->v, r->cap * sizeof r->v[0]);
    }
    r->v[r->n++] = (struct reader){id, worker};
    atomic_fetch_add(&g_tracking_items, 1);
}

/* The key leaves the table; each reader is told on its worker (writer: for NOLOOP). */
static void table_invalidate(struct tracking_local *l, const char *key, size_t klen,
                             uint64_t writer)
{
    struct entry *e = dict_unlink(&l->table, key, klen);
    if (!e) return;
    struct readers *r = entry_object(e);
    for (uint32_t i = 0; i < r->n; i++)
        out_add(r->v[i].worker, R_KEY, r->v[i].id, writer, 0, key, klen);
    free_readers(e, l);
}

/* The write hook (keyspace.h), on the thread holding s: key NULL is a flush of s. */
static void on_change(struct shard *s, const char *key, size_t klen)
{
    if (!locals) return;
    struct tracking_local *l = locals[s->id];
    if (!key) {
        dict_clear(&l->table, free_readers, l);
        if (s->id != 0) return; /* a flush covers every shard: shard 0 speaks for them */
        for (int i = 0; i < nlocals; i++)
            if (atomic_load_explicit(&locals[i]->nclients, memory_order_relaxed) > 0)
                out_add(i, R_FLUSH, 0, tracking_writer, 0, NULL, 0);
        return;
    }
    if (atomic_load_explicit(&bcast_total, memory_order_relaxed) > 0)
        for (int i = 0; i < nlocals; i++)
            if (atomic_load_explicit(&locals[i]->nbcast, memory_order_relaxed) > 0)
                out_add(i, R_BCAST, 0, tracking_writer, 0, key, klen);
    if (dict_size(&l->table)) table_invalidate(l, key, klen, tracking_writer);
}

static int wants(const struct tracking_state *t, const struct command *cmd)
{
    if (!(t->flags & TRACK_ON) || (t->flags & TRACK_BCAST) || !(cmd->flags & CMD_READONLY))
        return 0;
    int optin = t->flags & TRACK_OPTIN, optout = t->flags & TRACK_OPTOUT;
    int caching = t->flags & TRACK_CACHING;
    return !((optin && !caching) || (optout && caching));
}

int tracking_wants(struct session *s, const struct command *cmd)
{
    return s->tracking && wants(s->tracking, cmd);
}

int tracking_route(struct session *s, const struct command *cmd)
{
    struct tracking_state *t = s->tracking;
    int want = wants(t, cmd);
    /* CLIENT CACHING counts for the next command, or the whole MULTI ... EXEC (exec_run
     * clears it then), as Redis's resetClient keeps it across CLIENT commands and MULTI. */
    if ((t->flags & TRACK_CACHING) && !s->multi && cmd->handler != cmd_multi &&
        cmd->handler != cmd_exec && strncmp(cmd->name, "client|", 7) != 0)
        t->flags &= ~TRACK_CACHING;
    return want;
}

void tracking_block_done(struct session *s)
{
    if (s->tracking) s->tracking->flags &= ~TRACK_CACHING;
}

void tracking_remember(struct cmd_ctx *ctx)
{
    int keys_buf[64];
    int *keys = ctx->argc <= 64 ? keys_buf : mem_alloc((size_t)ctx->argc * sizeof(int));
    int n = cmd_key_positions(ctx->cmd, ctx->argc, ctx->argv, keys, ctx->argc);
    for (int k = 0; k < n; k++) {
        const struct resp_arg *a = &ctx->argv[keys[k]];
        struct shard *s = ctx_shard(ctx, a->ptr, a->len);
        table_add(locals[s->id], a->ptr, a->len, ctx->client_id, ctx->client_worker);
    }
    if (keys != keys_buf) mem_free(keys);
}

/* tracking-table-max-keys: over it, this shard forgets random keys of its own (telling their
 * readers), with more effort each turn the table stays over, as Redis's
 * trackingLimitUsedSlots. */
static void limit_keys(struct worker *w, struct tracking_local *l)
{
    static _Thread_local int timeouts;
    long max = CONFIG_GET(tracking_table_max_keys);
    if (max <= 0 || atomic_load_explicit(&g_tracking_keys, memory_order_relaxed) <= max) {
        timeouts = 0;
        return;
    }
    int effort = 100 * (timeouts + 1);
    while (effort-- > 0 && dict_size(&l->table)) {
        struct entry *e = dict_random(&l->table);
        if (!e) break;
        char *key = mem_strndup(entry_key(e), entry_keylen(e));
        size_t klen = entry_keylen(e);
        table_invalidate(l, key, klen, 0);
        mem_free(key);
        if (atomic_load_explicit(&g_tracking_keys, memory_order_relaxed) <= max) {
            timeouts = 0;
            return;
        }
    }
    timeouts++;
}

/* ---- sessions ---- */

static struct tracking_state *state_of(struct session *s)
{
    if (!s->tracking) s->tracking = mem_calloc(1, sizeof *s->tracking);
    return s->tracking;
}

void tracking_register(struct session *s)
{
    struct tracking_state *t = state_of(s);
    if (t->registered) return;
    uint64_t id = s->id;
    dict_add(&locals[s->w->id]->registry,
             entry_new_object((const char *)&id, sizeof id, OBJ_INTERNAL, s, EXPIRE_NONE));
    t->registered = 1;
}

static struct session *reg_find(struct tracking_local *l, uint64_t id)
{
    struct entry *e = dict_find(&l->registry, (const char *)&id, sizeof id);
    return e ? entry_object(e) : NULL;
}

static void add_prefix(struct session *s, const char *p, size_t len)
{
    struct tracking_state *t = s->tracking;
    size_t at = 0;
    for (; at < t->nprefixes; at++) {
        size_t m = t->plens[at] < len ? t->plens[at] : len;
        int c = memcmp(t->prefixes[at], p, m);
        if (c == 0 && t->plens[at] == len) return; /* already there */
        if (c > 0 || (c == 0 && t->plens[at] > len)) break;
    }
    t->prefixes = mem_realloc(t->prefixes, (t->nprefixes + 1) * sizeof t->prefixes[0]);
    t->plens = mem_realloc(t->plens, (t->nprefixes + 1) * sizeof t->plens[0]);
    memmove(&t->prefixes[at + 1], &t->prefixes[at], (t->nprefixes - at) * sizeof t->prefixes[0]);
    memmove(&t->plens[at + 1], &t->plens[at], (t->nprefixes - at) * sizeof t->plens[0]);
    t->prefixes[at] = mem_strndup(p, len);
    t->plens[at] = len;
    t->nprefixes++;
    struct tracking_local *l = locals[s->w->id];
    if (l->nbsubs == l->bcap) {
        l->bcap = l->bcap ? l->bcap * 2 : 4;
        l->bsubs = mem_realloc(l->bsubs, l->bcap * sizeof l->bsubs[0]);
    }
    l->bsubs[l->nbsubs++] = (struct bcast_sub){mem_strndup(p, len), len, s};
    atomic_fetch_add(&l->nbcast, 1);
    atomic_fetch_add(&bcast_total, 1);
    atomic_fetch_add(&g_tracking_prefixes, 1);
}

void tracking_enable(struct session *s, int flags, uint64_t redir, int redir_worker,
                     char **prefixes, size_t *plens, size_t n)
{
    struct tracking_state *t = state_of(s);
    tracking_register(s);
    if (!(t->flags & TRACK_ON)) {
        atomic_fetch_add(&ks_tracking_clients, 1);
        atomic_fetch_add(&locals[s->w->id]->nclients, 1);
    }
    /* as Redis's enableTracking: a CLIENT CACHING given before stays */
    t->flags = TRACK_ON | (t->flags & TRACK_CACHING) |
               (flags & (TRACK_BCAST | TRACK_OPTIN | TRACK_OPTOUT | TRACK_NOLOOP));
    t->redir = redir;
    t->redir_worker = redir_worker;
    if (flags & TRACK_BCAST) {
        if (n == 0) add_prefix(s, "", 0);
        for (size_t i = 0; i < n; i++)
            add_prefix(s, prefixes[i], plens[i]);
    }
}

void tracking_disable(struct session *s)
{
    struct tracking_state *t = s->tracking;
    if (!t) return;
    if (t->nprefixes) {
        struct tracking_local *l = locals[s->w->id];
        size_t k = 0;
        for (size_t i = 0; i < l->nbsubs; i++) {
            if (l->bsubs[i].s == s) {
                mem_free(l->bsubs[i].prefix);
                atomic_fetch_sub(&l->nbcast, 1);
                atomic_fetch_sub(&bcast_total, 1);
                atomic_fetch_sub(&g_tracking_prefixes, 1);
                continue;
            }
            l->bsubs[k++] = l->bsubs[i];
        }
        l->nbsubs = k;
        for (size_t i = 0; i < t->nprefixes; i++)
            mem_free(t->prefixes[i]);
        mem_free(t->prefixes);
        mem_free(t->plens);
        t->prefixes = NULL;
        t->plens = NULL;
        t->nprefixes = 0;
    }
    if (t->flags & TRACK_ON) {
        atomic_fetch_sub(&ks_tracking_clients, 1);
        atomic_fetch_sub(&locals[s->w->id]->nclients, 1);
    }
    t->flags = 0;
}

void tracking_session_end(struct session *s)
{
    struct tracking_state *t = s->tracking;
    if (!t) return;
    tracking_disable(s);
    if (t->registered) {
        uint64_t id = s->id;
        struct entry *e = dict_unlink(&locals[s->w->id]->registry, (const char *)&id, sizeof id);
        if (e) mem_free(e);
    }
    mem_free(t);
    s->tracking = NULL;
}

/* ---- delivery ---- */

/* An invalidation as Redis's sendTrackingMessage writes it: a RESP3 push, or for a redirect
 * target in RESP2 subscribed mode a message on __redis__:invalidate; val is the value part. */
static void emit(struct session *r, const char *val, size_t vlen, int redirected)
{
    struct reply *out;
    if (r->resp >= 3) {
        out = session_reply_target(r);
        reply_push(out, 2);
        reply_bulk(out, "invalidate", 10);
    } else if (redirected && pubsub_count(r) > 0) {
        out = session_reply_target(r);
        reply_push(out, 3);
        reply_bulk(out, "message", 7);
        reply_bulk(out, "__redis__:invalidate", 20);
    } else {
        return; /* RESP2 without a redirect has nowhere to put it */
    }
    reply_raw(out, val, vlen);
    session_mark_dirty(r);
}

static void broken(struct session *s)
{
    struct tracking_state *t = s->tracking;
    t->flags |= TRACK_BROKEN;
    if (s->resp < 3) return;
    struct reply *out = session_reply_target(s);
    reply_push(out, 2);
    reply_bulk(out, "tracking-redir-broken", 21);
    reply_int(out, (long long)t->redir);
    session_mark_dirty(s);
}

/* Sends an invalidation for tracking client s (on this worker) where it goes. */
static void send_inval(struct worker *w, struct session *s, const char *val, size_t vlen)
{
    struct tracking_state *t = s->tracking;
    if (!t->redir) {
        emit(s, val, vlen, 0);
        return;
    }
    if (t->redir_worker != w->id) {
        out_add(t->redir_worker, R_REDIR, t->redir, s->id, w->id, val, vlen);
        return;
    }
    struct session *r = reg_find(locals[w->id], t->redir);
    if (r)
        emit(r, val, vlen, 1);
    else
        broken(s);
}

static void value_keys(struct reply *v, const struct resp_arg *keys, size_t n)
{
    reply_reset(v);
    reply_array(v, n);
    for (size_t i = 0; i < n; i++)
        reply_bulk(v, keys[i].ptr, keys[i].len);
}

/* FLUSHALL/FLUSHDB: a null in the tracking client's own protocol, as Redis sends it. */
static void flush_one(struct entry *e, void *arg)
{
    struct worker *w = arg;
    struct session *s = entry_object(e);
    if (!s->tracking || !(s->tracking->flags & TRACK_ON)) return;
    if (s->resp >= 3)
        send_inval(w, s, "_\r\n", 3);
    else
        send_inval(w, s, "$-1\r\n", 5);
}

struct key_list {
    struct resp_arg *v;
    size_t n, cap;
};

static int arg_cmp(const void *x, const void *y)
{
    const struct resp_arg *a = x, *b = y;
    size_t m = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->ptr, b->ptr, m);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

static void process(struct worker *w, const char *buf, size_t len)
{
    struct tracking_local *l = locals[w->id];
    struct key_list *bkeys = NULL; /* [bsub]: keys for each BCAST prefix of this worker */
    struct reply v;
    reply_init(&v, 2);
    for (size_t off = 0; off < len;) {
        struct rec r;
        memcpy(&r, buf + off, sizeof r);
        const char *p = buf + off + sizeof r;
        off += sizeof r + r.len;
        switch (r.type) {
        case R_KEY: {
            struct session *s = reg_find(l, r.a);
            if (!s || !s->tracking) break;
            int f = s->tracking->flags;
            /* a client that switched to BCAST since gets no pending per-key news */
            if (!(f & TRACK_ON) || (f & TRACK_BCAST) || ((f & TRACK_NOLOOP) && r.b == r.a)) break;
            struct resp_arg k = {p, r.len};
            value_keys(&v, &k, 1);
            send_inval(w, s, v.data, v.len);
            break;
        }
        case R_FLUSH: {
            uint64_t cursor = 0;
            do
                cursor = dict_scan(&l->registry, cursor, flush_one, w);
            while (cursor);
            break;
        }
        case R_BCAST:
            for (size_t i = 0; i < l->nbsubs; i++) {
                struct bcast_sub *b = &l->bsubs[i];
                if (b->len > r.len || memcmp(b->prefix, p, b->len) != 0) continue;
                if ((b->s->tracking->flags & TRACK_NOLOOP) && r.b == b->s->id) continue;
                if (!bkeys) bkeys = mem_calloc(l->nbsubs, sizeof *bkeys);
                struct key_list *kl = &bkeys[i];
                if (kl->n == kl->cap) {
                    kl->cap = kl->cap ? kl->cap * 2 : 4;
                    kl->v = mem_realloc(kl->v, kl->cap * sizeof kl->v[0]);
                }
                kl->v[kl->n++] = (struct resp_arg){p, r.len};
            }
            break;
        case R_REDIR: {
            struct session *t = reg_find(l, r.a);
            if (t)
                emit(t, p, r.len, 1);
            else
                out_add(r.src, R_BROKEN, r.b, 0, 0, NULL, 0);
            break;
        }
        case R_BROKEN: {
            struct session *s = reg_find(l, r.a);
            if (s && s->tracking && (s->tracking->flags & TRACK_ON) && s->tracking->redir)
                broken(s);
            break;
        }
        }
    }
    if (bkeys) {
        /* one message per prefix, its keys sorted and once each, as Redis's per-prefix rax */
        for (size_t i = 0; i < l->nbsubs; i++) {
            struct key_list *kl = &bkeys[i];
            if (!kl->n) continue;
            qsort(kl->v, kl->n, sizeof kl->v[0], arg_cmp);
            size_t k = 1;
            for (size_t j = 1; j < kl->n; j++)
                if (arg_cmp(&kl->v[j], &kl->v[k - 1]) != 0) kl->v[k++] = kl->v[j];
            value_keys(&v, kl->v, k);
            send_inval(w, l->bsubs[i].s, v.data, v.len);
            mem_free(kl->v);
        }
        mem_free(bkeys);
    }
    reply_free(&v);
}

void tracking_turn(struct worker *w)
{
    if (!locals) return;
    struct tracking_local *l = locals[w->id];
    /* the table is the holder's while a transaction holds the shard: not even its size */
    if (!w->shard.holder && !w->shard.deferred_head && dict_size(&l->table)) limit_keys(w, l);
    if (!l->pending) return;
    l->pending = 0;
    tracking_pending_here = 0;
    for (int i = 0; i < nlocals; i++) {
        struct outbox *o = &l->out[i];
        if (!o->len) continue;
        char *buf = o->buf;
        size_t len = o->len;
        o->buf = NULL;
        o->len = o->cap = 0;
        if (i == w->id) {
            process(w, buf, len);
            mem_free(buf);
            continue;
        }
        /* the buffer's ownership goes with the message */
        struct track_msg *m = mem_calloc(1, sizeof *m);
        m->hdr.kind = MSG_TRACKING;
        m->buf = buf;
        m->len = len;
        dispatch_send(w, i, &m->hdr);
    }
}

void tracking_on_message(struct worker *w, struct msg *m)
{
    struct track_msg *tm = (struct track_msg *)m;
    process(w, tm->buf, tm->len);
    tracking_free_message(m);
}

void tracking_free_message(struct msg *m)
{
    struct track_msg *tm = (struct track_msg *)m;
    mem_free(tm->buf);
    mem_free(tm);
}
