/* Pub/sub, keyspace notifications and MONITOR (see pubsub.h and docs/pubsub.md).
 * Each worker keeps a registry of its own clients' channels, patterns and monitors; a session
 * keeps the names it subscribed to. A message crosses the mesh as one envelope per worker around
 * one shared, reference-counted payload. Worker threads only: a registry is touched by its own
 * worker, the counts other workers read before sending are atomic. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "cmd/exec.h"
#include "cmd/gates.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "dispatch/dispatch.h"
#include "resp/errors.h"
#include "server/worker.h"
#include "shard/entry.h"
#include "shard/keyspace.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"

_Atomic int g_monitors;

/* The clients of one channel on one worker, in subscription order. */
struct sub_list {
    struct session **v;
    uint32_t n, cap;
};

struct pattern_sub {
    char *pat;
    size_t len;
    struct session *s;
};

struct pubsub_local {
    struct dict channels;       /* channel -> struct sub_list */
    struct dict shard_channels; /* shard channel -> struct sub_list */
    struct pattern_sub *pats;
    size_t npats, pcap;
    struct session **monitors;
    size_t nmon, mcap;
    _Atomic long subs;     /* subscriptions of every kind here: others skip a worker without */
    _Atomic int nmonitors; /* monitors here */
};

/* A session's side: the names, so that replies count and unsubscribe-all knows them. */
struct subscriptions {
    struct dict channels; /* set: entries without a value */
    struct dict shard_channels;
    char **pats;
    size_t *plens;
    size_t npats, pcap;
};

enum payload_kind { PS_MESSAGE, PS_SMESSAGE, PS_MONITOR };

/* A message on its way to the workers: shared by their envelopes. */
struct payload {
    _Atomic int refs;
    int kind;
    size_t clen, plen;
    char *chan; /* in data */
    char *body;
    char data[];
};

struct envelope {
    struct msg hdr;
    struct payload *p;
};

static struct pubsub_local *local(struct worker *w)
{
    return w->pubsub;
}

void pubsub_worker_init(struct worker *w)
{
    struct pubsub_local *l = mem_calloc(1, sizeof *l);
    dict_init(&l->channels);
    dict_init(&l->shard_channels);
    w->pubsub = l;
}

static void free_list_entry(struct entry *e, void *arg)
{
    struct sub_list *sl = entry_object(e);
    mem_free(sl->v);
    mem_free(sl);
    mem_free(e);
}

void pubsub_worker_free(struct worker *w)
{
    struct pubsub_local *l = w->pubsub;
    if (!l) return;
    dict_clear(&l->channels, free_list_entry, NULL);
    dict_clear(&l->shard_channels, free_list_entry, NULL);
    for (size_t i = 0; i < l->npats; i++)
        mem_free(l->pats[i].pat);
    mem_free(l->pats);
    mem_free(l->monitors);
    mem_free(l);
    w->pubsub = NULL;
}

/* ---- the registry ---- */

static void registry_add(struct worker *w, struct dict *d, const char *ch, size_t len,
                         struct session *s)
{
    struct entry *e = dict_find(d, ch, len);
    if (!e) {
        e = entry_new_object(ch, len, OBJ_INTERNAL, mem_calloc(1, sizeof(struct sub_list)),
                             EXPIRE_NONE);
        dict_add(d, e);
    }
    struct sub_list *sl = entry_object(e);
    if (sl->n == sl->cap) {
        sl->cap = sl->cap ? sl->cap * 2 : 4;
        sl->v = mem_realloc(sl->v, sl->cap * sizeof sl->v[0]);
    }
    sl->v[sl->n++] = s;
    atomic_fetch_add(&local(w)->subs, 1);
}

static void registry_remove(struct worker *w, struct dict *d, const char *ch, size_t len,
                            struct session *s)
{
    struct entry *e = dict_find(d, ch, len);
    if (!e) return;
    struct sub_list *sl = entry_object(e);
    for (uint32_t i = 0; i < sl->n; i++) {
        if (sl->v[i] != s) continue;
        memmove(&sl->v[i], &sl->v[i + 1], (sl->n - i - 1) * sizeof sl->v[0]);
        sl->n--;
        atomic_fetch_sub(&local(w)->subs, 1);
        break;
    }
    if (sl->n == 0) free_list_entry(dict_unlink(d, ch, len), NULL);
}

static void pattern_add(struct worker *w, const char *pat, size_t len, struct session *s)
{
    struct pubsub_local *l = local(w);
    if (l->npats == l->pcap) {
        l->pcap = l->pcap ? l->pcap * 2 : 8;
        l->pats = mem_realloc(l->pats, l->pcap * sizeof l->pats[0]);
    }
    l->pats[l->npats++] = (struct pattern_sub){mem_strndup(pat, len), len, s};
    atomic_fetch_add(&l->subs, 1);
}

static void pattern_remove(struct worker *w, const char *pat, size_t len, struct session *s)
{
    struct pubsub_local *l = local(w);
    for (size_t i = 0; i < l->npats; i++) {
        struct pattern_sub *p = &l->pats[i];
        if (p->s != s || p->len != len || memcmp(p->pat, pat, len) != 0) continue;
        mem_free(p->pat);
        memmove(p, p + 1, (l->npats - i - 1) * sizeof *p);
        l->npats--;
        atomic_fetch_sub(&l->subs, 1);
        return;
    }
}

/* ---- delivery ---- */

static void push_message(struct session *s, const char *kind, const char *pat, size_t patlen,
                         const struct payload *p)
{
    struct reply *r = session_reply_target(s);
    reply_push(r, pat ? 4 : 3);
    reply_bulk_cstr(r, kind);
    if (pat) reply_bulk(r, pat, patlen);
    reply_bulk(r, p->chan, p->clen);
    reply_bulk(r, p->body, p->plen);
    session_mark_dirty(s);
}

/* Delivers to this worker's clients; returns how many received it. */
static long deliver_local(struct worker *w, const struct payload *p)
{
    struct pubsub_local *l = local(w);
    long n = 0;
    if (p->kind == PS_MONITOR) {
        for (size_t i = 0; i < l->nmon; i++) {
            struct reply *r = session_reply_target(l->monitors[i]);
            reply_raw(r, p->body, p->plen);
            session_mark_dirty(l->monitors[i]);
        }
        return (long)l->nmon;
    }
    if (atomic_load_explicit(&l->subs, memory_order_relaxed) == 0) return 0;
    struct dict *d = p->kind == PS_SMESSAGE ? &l->shard_channels : &l->channels;
    struct entry *e = dict_find(d, p->chan, p->clen);
    if (e) {
        struct sub_list *sl = entry_object(e);
        for (uint32_t i = 0; i < sl->n; i++)
            push_message(sl->v[i], p->kind == PS_SMESSAGE ? "smessage" : "message", NULL, 0, p);
        n += sl->n;
    }
    if (p->kind == PS_MESSAGE)
        for (size_t i = 0; i < l->npats; i++)
            if (glob_match(l->pats[i].pat, l->pats[i].len, p->chan, p->clen, 0)) {
                push_message(l->pats[i].s, "pmessage", l->pats[i].pat, l->pats[i].len, p);
                n++;
            }
    return n;
}

static struct payload *payload_new(int kind, const char *chan, size_t clen, const char *body,
                                   size_t blen)
{
    struct payload *p = mem_alloc(sizeof *p + clen + blen + 1);
    atomic_init(&p->refs, 1);
    p->kind = kind;
    p->clen = clen;
    p->plen = blen;
    p->chan = p->data;
    p->body = p->data + clen;
    if (clen) memcpy(p->chan, chan, clen);
    if (blen) memcpy(p->body, body, blen);
    return p;
}

static void payload_unref(struct payload *p)
{
    if (atomic_fetch_sub(&p->refs, 1) == 1) mem_free(p);
}

static int worker_wants(int i, int kind)
{
    struct pubsub_local *l = g_workers[i]->pubsub;
    if (kind == PS_MONITOR) return atomic_load(&l->nmonitors) > 0;
    return atomic_load(&l->subs) > 0;
}

/* Sends p to every other worker that has someone for it, delivers it here, and returns the
 * receivers here. The caller's reference to p is consumed. */
static long publish_async(struct worker *w, struct payload *p)
{
    for (int i = 0; i < g_nworkers; i++) {
        if (i == w->id || !worker_wants(i, p->kind)) continue;
        struct envelope *env = mem_calloc(1, sizeof *env);
        env->hdr.kind = MSG_PUBSUB;
        env->p = p;
        atomic_fetch_add(&p->refs, 1);
        dispatch_send(w, i, &env->hdr);
    }
    long n = deliver_local(w, p);
    payload_unref(p);
    return n;
}

void pubsub_on_message(struct worker *w, struct msg *m)
{
    struct envelope *env = (struct envelope *)m;
    deliver_local(w, env->p);
    payload_unref(env->p);
    mem_free(env);
}

void pubsub_free_message(struct msg *m)
{
    struct envelope *env = (struct envelope *)m;
    payload_unref(env->p);
    mem_free(env);
}

/* ---- keyspace notifications ---- */

struct pubsub_events {
    struct payload **v;
    size_t n, cap;
};

static _Thread_local struct pubsub_events **event_sink;

struct pubsub_events **pubsub_sink_swap(struct pubsub_events **sink)
{
    struct pubsub_events **old = event_sink;
    event_sink = sink;
    return old;
}

static void events_push(struct pubsub_events **dst, struct payload *p)
{
    struct pubsub_events *ev = *dst;
    if (!ev) ev = *dst = mem_calloc(1, sizeof *ev);
    if (ev->n == ev->cap) {
        ev->cap = ev->cap ? ev->cap * 2 : 8;
        ev->v = mem_realloc(ev->v, ev->cap * sizeof ev->v[0]);
    }
    ev->v[ev->n++] = p;
}

void pubsub_events_append(struct pubsub_events **dst, struct pubsub_events *src)
{
    if (!src) return;
    if (!*dst) {
        *dst = src;
        return;
    }
    for (size_t i = 0; i < src->n; i++)
        events_push(dst, src->v[i]);
    mem_free(src->v);
    mem_free(src);
}

void pubsub_sink_publish(struct worker *w, struct pubsub_events *ev)
{
    if (!ev) return;
    for (size_t i = 0; i < ev->n; i++)
        publish_async(w, ev->v[i]);
    mem_free(ev->v);
    mem_free(ev);
}

void pubsub_sink_free(struct pubsub_events *ev)
{
    if (!ev) return;
    for (size_t i = 0; i < ev->n; i++)
        payload_unref(ev->v[i]);
    mem_free(ev->v);
    mem_free(ev);
}

/* Publishes an event now, or keeps it in the thread's sink (a client's reply place). */
static void publish_event(struct worker *w, struct payload *p)
{
    if (event_sink)
        events_push(event_sink, p);
    else
        publish_async(w, p);
}

static void notify_keyspace(struct shard *s, int db, int cls, const char *event, const char *key,
                            size_t klen)
{
    struct worker *w = worker_self();
    int flags = ks_notify_flags();
    size_t elen = strlen(event);
    char head[64];
    if (flags & NOTIFY_KEYSPACE) {
        int h = snprintf(head, sizeof head, "__keyspace@%d__:", db);
        char *chan = mem_alloc((size_t)h + klen);
        memcpy(chan, head, (size_t)h);
        memcpy(chan + h, key, klen);
        publish_event(w, payload_new(PS_MESSAGE, chan, (size_t)h + klen, event, elen));
        mem_free(chan);
    }
    if (flags & NOTIFY_KEYEVENT) {
        int h = snprintf(head, sizeof head, "__keyevent@%d__:", db);
        char *chan = mem_alloc((size_t)h + elen);
        memcpy(chan, head, (size_t)h);
        memcpy(chan + h, event, elen);
        publish_event(w, payload_new(PS_MESSAGE, chan, (size_t)h + elen, key, klen));
        mem_free(chan);
    }
}

void pubsub_init(void)
{
    ks_set_notifier(notify_keyspace);
}

/* ---- sessions ---- */

static struct subscriptions *subs_of(struct session *s)
{
    if (!s->subs) {
        s->subs = mem_calloc(1, sizeof *s->subs);
        dict_init(&s->subs->channels);
        dict_init(&s->subs->shard_channels);
    }
    return s->subs;
}

/* SUBSCRIBE's count: channels and patterns; SSUBSCRIBE's: shard channels. */
static long plain_count(const struct session *s)
{
    return s->subs ? (long)(dict_size(&s->subs->channels) + s->subs->npats) : 0;
}

static long shard_count(const struct session *s)
{
    return s->subs ? (long)dict_size(&s->subs->shard_channels) : 0;
}

void pubsub_counts(const struct session *s, long *sub, long *psub, long *ssub)
{
    *sub = s->subs ? (long)dict_size(&s->subs->channels) : 0;
    *psub = s->subs ? (long)s->subs->npats : 0;
    *ssub = shard_count(s);
}

int pubsub_count(const struct session *s)
{
    return (int)(plain_count(s) + shard_count(s));
}

static void reply_sub(struct reply *r, const char *kind, const char *ch, size_t len, long count)
{
    reply_push(r, 3);
    reply_bulk_cstr(r, kind);
    if (ch)
        reply_bulk(r, ch, len);
    else
        reply_null(r);
    reply_int(r, count);
}

static int subscribe_one(struct session *s, int shard, const char *ch, size_t len)
{
    struct subscriptions *sub = subs_of(s);
    struct dict *mine = shard ? &sub->shard_channels : &sub->channels;
    if (dict_find(mine, ch, len)) return 0;
    dict_add(mine, entry_new_object(ch, len, OBJ_INTERNAL, NULL, EXPIRE_NONE));
    struct pubsub_local *l = local(s->w);
    registry_add(s->w, shard ? &l->shard_channels : &l->channels, ch, len, s);
    return 1;
}

static int unsubscribe_one(struct session *s, int shard, const char *ch, size_t len)
{
    if (!s->subs) return 0;
    struct dict *mine = shard ? &s->subs->shard_channels : &s->subs->channels;
    struct entry *e = dict_unlink(mine, ch, len);
    if (!e) return 0;
    mem_free(e);
    struct pubsub_local *l = local(s->w);
    registry_remove(s->w, shard ? &l->shard_channels : &l->channels, ch, len, s);
    return 1;
}

static int psubscribe_one(struct session *s, const char *pat, size_t len)
{
    struct subscriptions *sub = subs_of(s);
    for (size_t i = 0; i < sub->npats; i++)
        if (sub->plens[i] == len && memcmp(sub->pats[i], pat, len) == 0) return 0;
    if (sub->npats == sub->pcap) {
        sub->pcap = sub->pcap ? sub->pcap * 2 : 4;
        sub->pats = mem_realloc(sub->pats, sub->pcap * sizeof sub->pats[0]);
        sub->plens = mem_realloc(sub->plens, sub->pcap * sizeof sub->plens[0]);
    }
    sub->pats[sub->npats] = mem_strndup(pat, len);
    sub->plens[sub->npats++] = len;
    pattern_add(s->w, pat, len, s);
    return 1;
}

static int punsubscribe_one(struct session *s, const char *pat, size_t len)
{
    struct subscriptions *sub = s->subs;
    if (!sub) return 0;
    for (size_t i = 0; i < sub->npats; i++) {
        if (sub->plens[i] != len || memcmp(sub->pats[i], pat, len) != 0) continue;
        mem_free(sub->pats[i]);
        memmove(&sub->pats[i], &sub->pats[i + 1], (sub->npats - i - 1) * sizeof sub->pats[0]);
        memmove(&sub->plens[i], &sub->plens[i + 1], (sub->npats - i - 1) * sizeof sub->plens[0]);
        sub->npats--;
        pattern_remove(s->w, pat, len, s);
        return 1;
    }
    return 0;
}

/* The names of a session's channels (to unsubscribe from all): copies, since leaving one
 * changes the set. */
struct names {
    struct resp_arg *v;
    size_t n, cap;
};

static void collect_name(struct entry *e, void *arg)
{
    struct names *nm = arg;
    if (nm->n == nm->cap) {
        nm->cap = nm->cap ? nm->cap * 2 : 8;
        nm->v = mem_realloc(nm->v, nm->cap * sizeof nm->v[0]);
    }
    nm->v[nm->n++] = (struct resp_arg){mem_strndup(entry_key(e), entry_keylen(e)), entry_keylen(e)};
}

struct any_walk {
    int (*fn)(void *arg, const char *name, size_t len, int pattern);
    void *arg;
    int found;
};

static void any_entry(struct entry *e, void *arg)
{
    struct any_walk *aw = arg;
    if (!aw->found) aw->found = aw->fn(aw->arg, entry_key(e), entry_keylen(e), 0);
}

int pubsub_any(const struct session *s,
               int (*fn)(void *arg, const char *name, size_t len, int pattern), void *arg)
{
    struct subscriptions *sub = s->subs;
    if (!sub) return 0;
    struct any_walk aw = {fn, arg, 0};
    struct dict *dicts[2] = {&sub->channels, &sub->shard_channels};
    for (int i = 0; i < 2 && !aw.found; i++) {
        uint64_t cursor = 0;
        do {
            cursor = dict_scan(dicts[i], cursor, any_entry, &aw);
        } while (cursor != 0 && !aw.found);
    }
    for (size_t i = 0; i < sub->npats && !aw.found; i++)
        aw.found = fn(arg, sub->pats[i], sub->plens[i], 1);
    return aw.found;
}

static void collect_all(struct dict *d, struct names *nm)
{
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(d, cursor, collect_name, nm);
    } while (cursor != 0);
}

static void names_free(struct names *nm)
{
    for (size_t i = 0; i < nm->n; i++)
        mem_free((char *)nm->v[i].ptr);
    mem_free(nm->v);
}

/* Leaves every channel of one kind, answering each (reply may be NULL: the session ends). */
static void unsubscribe_all(struct session *s, int shard, struct reply *r)
{
    const char *kind = shard ? "sunsubscribe" : "unsubscribe";
    struct names nm = {0};
    if (s->subs) collect_all(shard ? &s->subs->shard_channels : &s->subs->channels, &nm);
    for (size_t i = 0; i < nm.n; i++) {
        unsubscribe_one(s, shard, nm.v[i].ptr, nm.v[i].len);
        if (r)
            reply_sub(r, kind, nm.v[i].ptr, nm.v[i].len, shard ? shard_count(s) : plain_count(s));
    }
    if (r && nm.n == 0) reply_sub(r, kind, NULL, 0, shard ? shard_count(s) : plain_count(s));
    names_free(&nm);
}

static void punsubscribe_all(struct session *s, struct reply *r)
{
    size_t n = s->subs ? s->subs->npats : 0;
    while (s->subs && s->subs->npats) {
        size_t len = s->subs->plens[0];
        char *pat = mem_strndup(s->subs->pats[0], len);
        punsubscribe_one(s, pat, len);
        if (r) reply_sub(r, "punsubscribe", pat, len, plain_count(s));
        mem_free(pat);
    }
    if (r && n == 0) reply_sub(r, "punsubscribe", NULL, 0, plain_count(s));
}

static void monitor_remove(struct session *s)
{
    if (!s->monitor) return;
    struct pubsub_local *l = local(s->w);
    for (size_t i = 0; i < l->nmon; i++)
        if (l->monitors[i] == s) {
            memmove(&l->monitors[i], &l->monitors[i + 1], (l->nmon - i - 1) * sizeof s);
            l->nmon--;
            break;
        }
    s->monitor = 0;
    atomic_fetch_sub(&l->nmonitors, 1);
    atomic_fetch_sub(&g_monitors, 1);
    gates_refresh();
}

void pubsub_session_end(struct session *s)
{
    monitor_remove(s);
    if (!s->subs) return;
    unsubscribe_all(s, 0, NULL);
    unsubscribe_all(s, 1, NULL);
    punsubscribe_all(s, NULL);
    dict_clear(&s->subs->channels, NULL, NULL);
    dict_clear(&s->subs->shard_channels, NULL, NULL);
    mem_free(s->subs->pats);
    mem_free(s->subs->plens);
    mem_free(s->subs);
    s->subs = NULL;
}

/* ---- commands ---- */

void cmd_subscribe(struct cmd_ctx *ctx)
{
    for (int i = 1; i < ctx->argc; i++) {
        subscribe_one(ctx->session, 0, ctx->argv[i].ptr, ctx->argv[i].len);
        reply_sub(ctx->out, "subscribe", ctx->argv[i].ptr, ctx->argv[i].len,
                  plain_count(ctx->session));
    }
}

void cmd_ssubscribe(struct cmd_ctx *ctx)
{
    for (int i = 1; i < ctx->argc; i++) {
        subscribe_one(ctx->session, 1, ctx->argv[i].ptr, ctx->argv[i].len);
        reply_sub(ctx->out, "ssubscribe", ctx->argv[i].ptr, ctx->argv[i].len,
                  shard_count(ctx->session));
    }
}

void cmd_psubscribe(struct cmd_ctx *ctx)
{
    for (int i = 1; i < ctx->argc; i++) {
        psubscribe_one(ctx->session, ctx->argv[i].ptr, ctx->argv[i].len);
        reply_sub(ctx->out, "psubscribe", ctx->argv[i].ptr, ctx->argv[i].len,
                  plain_count(ctx->session));
    }
}

static void unsubscribe_generic(struct cmd_ctx *ctx, int shard)
{
    if (ctx->argc == 1) {
        unsubscribe_all(ctx->session, shard, ctx->out);
        return;
    }
    for (int i = 1; i < ctx->argc; i++) {
        unsubscribe_one(ctx->session, shard, ctx->argv[i].ptr, ctx->argv[i].len);
        reply_sub(ctx->out, shard ? "sunsubscribe" : "unsubscribe", ctx->argv[i].ptr,
                  ctx->argv[i].len, shard ? shard_count(ctx->session) : plain_count(ctx->session));
    }
}

void cmd_unsubscribe(struct cmd_ctx *ctx)
{
    unsubscribe_generic(ctx, 0);
}

void cmd_sunsubscribe(struct cmd_ctx *ctx)
{
    unsubscribe_generic(ctx, 1);
}

void cmd_punsubscribe(struct cmd_ctx *ctx)
{
    if (ctx->argc == 1) {
        punsubscribe_all(ctx->session, ctx->out);
        return;
    }
    for (int i = 1; i < ctx->argc; i++) {
        punsubscribe_one(ctx->session, ctx->argv[i].ptr, ctx->argv[i].len);
        reply_sub(ctx->out, "punsubscribe", ctx->argv[i].ptr, ctx->argv[i].len,
                  plain_count(ctx->session));
    }
}

/* PUBLISH across workers: each worker's part delivers to its clients and counts them. */
struct publish_state {
    struct payload *p;
    long counts[];
};

static void publish_part(struct worker *w, void *state, int idx)
{
    struct publish_state *st = state;
    st->counts[idx] = deliver_local(w, st->p);
}

static void publish_done(struct worker *w, void *state, struct reply *out)
{
    struct publish_state *st = state;
    long n = 0;
    for (int i = 0; i < g_nworkers; i++)
        n += st->counts[i];
    reply_int(out, n);
}

static void publish_free(void *state)
{
    struct publish_state *st = state;
    payload_unref(st->p);
    mem_free(st);
}

static void publish_generic(struct cmd_ctx *ctx, int kind)
{
    struct worker *w = ctx->w;
    struct payload *p =
        payload_new(kind, ctx->argv[1].ptr, ctx->argv[1].len, ctx->argv[2].ptr, ctx->argv[2].len);
    int remote = 0;
    for (int i = 0; i < g_nworkers; i++)
        if (i != w->id && worker_wants(i, kind)) remote = 1;
    if (!remote || !ctx->session) {
        /* From a script (no session to wait with): the receivers of other workers get it as
         * well but are not counted. */
        reply_int(ctx->out, publish_async(w, p));
        return;
    }
    struct publish_state *st =
        mem_calloc(1, sizeof *st + (size_t)g_nworkers * sizeof st->counts[0]);
    st->p = p;
    fanout_start_unheld(w, ctx->session, publish_part, publish_done, st, publish_free);
}

void cmd_publish(struct cmd_ctx *ctx)
{
    publish_generic(ctx, PS_MESSAGE);
}

void cmd_spublish(struct cmd_ctx *ctx)
{
    publish_generic(ctx, PS_SMESSAGE);
}

/* ---- PUBSUB introspection: a fan-out gathers every worker's registry ---- */

enum pubsub_query { Q_CHANNELS, Q_SHARDCHANNELS, Q_NUMSUB, Q_SHARDNUMSUB, Q_NUMPAT };

struct query_state {
    enum pubsub_query q;
    int argc;
    struct resp_arg *argv; /* copies */
    struct names *found;   /* [worker]: channel or pattern names */
    long *counts;          /* [worker * (argc - 2)]: NUMSUB counts */
};

struct chan_scan {
    struct names *nm;
    const struct resp_arg *pat; /* NULL: every channel */
};

static void collect_matching(struct entry *e, void *arg)
{
    struct chan_scan *cs = arg;
    if (cs->pat && !glob_match(cs->pat->ptr, cs->pat->len, entry_key(e), entry_keylen(e), 0))
        return;
    collect_name(e, cs->nm);
}

static void query_part(struct worker *w, void *state, int idx)
{
    struct query_state *st = state;
    struct pubsub_local *l = local(w);
    switch (st->q) {
    case Q_CHANNELS:
    case Q_SHARDCHANNELS: {
        struct chan_scan cs = {&st->found[idx], st->argc > 2 ? &st->argv[2] : NULL};
        struct dict *d = st->q == Q_CHANNELS ? &l->channels : &l->shard_channels;
        uint64_t cursor = 0;
        do {
            cursor = dict_scan(d, cursor, collect_matching, &cs);
        } while (cursor != 0);
        break;
    }
    case Q_NUMSUB:
    case Q_SHARDNUMSUB: {
        struct dict *d = st->q == Q_NUMSUB ? &l->channels : &l->shard_channels;
        for (int i = 2; i < st->argc; i++) {
            struct entry *e = dict_find(d, st->argv[i].ptr, st->argv[i].len);
            st->counts[idx * (st->argc - 2) + (i - 2)] =
                e ? ((struct sub_list *)entry_object(e))->n : 0;
        }
        break;
    }
    case Q_NUMPAT:
        for (size_t i = 0; i < l->npats; i++) {
            struct names *nm = &st->found[idx];
            if (nm->n == nm->cap) {
                nm->cap = nm->cap ? nm->cap * 2 : 8;
                nm->v = mem_realloc(nm->v, nm->cap * sizeof nm->v[0]);
            }
            nm->v[nm->n++] =
                (struct resp_arg){mem_strndup(l->pats[i].pat, l->pats[i].len), l->pats[i].len};
        }
        break;
    }
}

/* The distinct names every worker found (a worker lists a channel once, several may list it). */
static void distinct_names(struct query_state *st, struct dict *seen)
{
    dict_init(seen);
    for (int w = 0; w < g_nworkers; w++)
        for (size_t i = 0; i < st->found[w].n; i++) {
            const struct resp_arg *a = &st->found[w].v[i];
            if (!dict_find(seen, a->ptr, a->len))
                dict_add(seen, entry_new_object(a->ptr, a->len, OBJ_INTERNAL, NULL, EXPIRE_NONE));
        }
}

/* ---- INFO's counts: every worker's names, made distinct ---- */

struct pubsub_snapshot {
    struct names chans, pats, shard;
};

void *pubsub_stats_part(struct worker *w)
{
    struct pubsub_local *l = local(w);
    struct pubsub_snapshot *sn = mem_calloc(1, sizeof *sn);
    collect_all(&l->channels, &sn->chans);
    collect_all(&l->shard_channels, &sn->shard);
    for (size_t i = 0; i < l->npats; i++) {
        struct names *nm = &sn->pats;
        if (nm->n == nm->cap) {
            nm->cap = nm->cap ? nm->cap * 2 : 8;
            nm->v = mem_realloc(nm->v, nm->cap * sizeof nm->v[0]);
        }
        nm->v[nm->n++] =
            (struct resp_arg){mem_strndup(l->pats[i].pat, l->pats[i].len), l->pats[i].len};
    }
    return sn;
}

static void free_set_entry(struct entry *e, void *arg);

static uint64_t distinct_count(void **parts, int n, size_t which)
{
    struct dict seen;
    dict_init(&seen);
    for (int w = 0; w < n; w++) {
        struct names *nm = (struct names *)((char *)parts[w] + which);
        for (size_t i = 0; i < nm->n; i++)
            if (!dict_find(&seen, nm->v[i].ptr, nm->v[i].len))
                dict_add(&seen, entry_new_object(nm->v[i].ptr, nm->v[i].len, OBJ_INTERNAL, NULL,
                                                 EXPIRE_NONE));
    }
    uint64_t count = dict_size(&seen);
    dict_clear(&seen, free_set_entry, NULL);
    return count;
}

void pubsub_stats_done(void **parts, int n, uint64_t *channels, uint64_t *patterns,
                       uint64_t *shard_channels)
{
    *channels = distinct_count(parts, n, offsetof(struct pubsub_snapshot, chans));
    *patterns = distinct_count(parts, n, offsetof(struct pubsub_snapshot, pats));
    *shard_channels = distinct_count(parts, n, offsetof(struct pubsub_snapshot, shard));
}

void pubsub_stats_free(void *part)
{
    struct pubsub_snapshot *sn = part;
    if (!sn) return;
    names_free(&sn->chans);
    names_free(&sn->pats);
    names_free(&sn->shard);
    mem_free(sn);
}

static void reply_name(struct entry *e, void *arg)
{
    reply_bulk(arg, entry_key(e), entry_keylen(e));
}

static void free_set_entry(struct entry *e, void *arg)
{
    mem_free(e);
}

static void query_done(struct worker *w, void *state, struct reply *out)
{
    struct query_state *st = state;
    if (st->q == Q_NUMSUB || st->q == Q_SHARDNUMSUB) {
        int n = st->argc - 2;
        reply_array(out, (size_t)n * 2); /* a flat array in RESP3 too, as Redis 7.0 answers */
        for (int i = 0; i < n; i++) {
            long sum = 0;
            for (int k = 0; k < g_nworkers; k++)
                sum += st->counts[k * n + i];
            reply_bulk(out, st->argv[i + 2].ptr, st->argv[i + 2].len);
            reply_int(out, sum);
        }
        return;
    }
    struct dict seen;
    distinct_names(st, &seen);
    if (st->q == Q_NUMPAT) {
        reply_int(out, (long long)dict_size(&seen));
    } else {
        reply_array(out, dict_size(&seen));
        uint64_t cursor = 0;
        do {
            cursor = dict_scan(&seen, cursor, reply_name, out);
        } while (cursor != 0);
    }
    dict_clear(&seen, free_set_entry, NULL);
}

static void query_free(void *state)
{
    struct query_state *st = state;
    for (int w = 0; w < g_nworkers; w++)
        names_free(&st->found[w]);
    mem_free(st->found);
    mem_free(st->counts);
    for (int i = 0; i < st->argc; i++)
        mem_free((char *)st->argv[i].ptr);
    mem_free(st->argv);
    mem_free(st);
}

static void query_start(struct cmd_ctx *ctx, enum pubsub_query q)
{
    struct query_state *st = mem_calloc(1, sizeof *st);
    st->q = q;
    st->argc = ctx->argc;
    st->argv = mem_calloc((size_t)ctx->argc, sizeof *st->argv);
    for (int i = 0; i < ctx->argc; i++)
        st->argv[i] =
            (struct resp_arg){mem_strndup(ctx->argv[i].ptr, ctx->argv[i].len), ctx->argv[i].len};
    st->found = mem_calloc((size_t)g_nworkers, sizeof *st->found);
    int n = ctx->argc > 2 ? ctx->argc - 2 : 1;
    st->counts = mem_calloc((size_t)g_nworkers * (size_t)n, sizeof *st->counts);
    fanout_start_unheld(ctx->w, ctx->session, query_part, query_done, st, query_free);
}

/* Redis's text for a subcommand with too many arguments: the name as the client typed it. */
static int too_many_args(struct cmd_ctx *ctx)
{
    if (ctx->argc <= 3) return 0;
    ctx_errorf(ctx,
               "ERR unknown subcommand or wrong number of arguments for '%.*s'. Try PUBSUB HELP.",
               (int)(ctx->argv[1].len > 128 ? 128 : ctx->argv[1].len), ctx->argv[1].ptr);
    return 1;
}

void cmd_pubsub_channels(struct cmd_ctx *ctx)
{
    if (!too_many_args(ctx)) query_start(ctx, Q_CHANNELS);
}

void cmd_pubsub_shardchannels(struct cmd_ctx *ctx)
{
    if (!too_many_args(ctx)) query_start(ctx, Q_SHARDCHANNELS);
}

void cmd_pubsub_numsub(struct cmd_ctx *ctx)
{
    query_start(ctx, Q_NUMSUB);
}

void cmd_pubsub_shardnumsub(struct cmd_ctx *ctx)
{
    query_start(ctx, Q_SHARDNUMSUB);
}

void cmd_pubsub_numpat(struct cmd_ctx *ctx)
{
    query_start(ctx, Q_NUMPAT);
}

static const char *const pubsub_help[] = {
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
    NULL,
};

void cmd_pubsub_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, pubsub_help);
}

/* ---- MONITOR ---- */

void cmd_monitor(struct cmd_ctx *ctx)
{
    struct session *s = ctx->session;
    if (s->monitor) {
        reply_ok(ctx->out);
        return;
    }
    struct pubsub_local *l = local(ctx->w);
    if (l->nmon == l->mcap) {
        l->mcap = l->mcap ? l->mcap * 2 : 4;
        l->monitors = mem_realloc(l->monitors, l->mcap * sizeof l->monitors[0]);
    }
    l->monitors[l->nmon++] = s;
    s->monitor = 1;
    atomic_fetch_add(&l->nmonitors, 1);
    atomic_fetch_add(&g_monitors, 1);
    gates_refresh();
    reply_ok(ctx->out);
}

/* Redis's sdscatrepr: the argument quoted, with escapes for what is not printable. */
static void append_repr(struct reply *r, const char *p, size_t len)
{
    reply_raw(r, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)p[i];
        char buf[8];
        switch (ch) {
        case '\\':
            reply_raw(r, "\\\\", 2);
            break;
        case '"':
            reply_raw(r, "\\\"", 2);
            break;
        case '\n':
            reply_raw(r, "\\n", 2);
            break;
        case '\r':
            reply_raw(r, "\\r", 2);
            break;
        case '\t':
            reply_raw(r, "\\t", 2);
            break;
        case '\a':
            reply_raw(r, "\\a", 2);
            break;
        case '\b':
            reply_raw(r, "\\b", 2);
            break;
        default:
            if (ch >= 32 && ch < 127) {
                reply_raw(r, &p[i], 1);
            } else {
                snprintf(buf, sizeof buf, "\\x%02x", ch);
                reply_raw(r, buf, 4);
            }
        }
    }
    reply_raw(r, "\"", 1);
}

/* Which arguments MONITOR must not show, as Redis redacts them: every argument of AUTH, and the
 * user name and password after HELLO's AUTH. */
static int redacted(const struct command *cmd, int argc, const struct resp_arg *argv, int i)
{
    if (strcmp(cmd->name, "auth") == 0) return i >= 1;
    if (strcmp(cmd->name, "hello") == 0)
        for (int k = 2; k + 2 < argc && k < i; k++)
            if (arg_is(argv[k].ptr, argv[k].len, "auth") && (i == k + 1 || i == k + 2)) return 1;
    return 0;
}

/* One MONITOR line for a command of `who` (an address, or "lua"); kept with the thread's events
 * (a script's, published when it commits) or sent at once. */
static void feed_monitors(struct worker *w, const char *who, const struct command *cmd, int db,
                          int argc, const struct resp_arg *argv, int keep)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct reply r;
    reply_init(&r, 2);
    char head[160];
    int n = snprintf(head, sizeof head, "+%ld.%06ld [%d %s]", (long)tv.tv_sec, (long)tv.tv_usec, db,
                     who);
    reply_raw(&r, head, (size_t)n);
    for (int i = 0; i < argc; i++) {
        reply_raw(&r, " ", 1);
        if (redacted(cmd, argc, argv, i))
            reply_raw(&r, "\"(redacted)\"", 12);
        else
            append_repr(&r, argv[i].ptr, argv[i].len);
    }
    reply_raw(&r, "\r\n", 2);
    struct payload *p = payload_new(PS_MONITOR, NULL, 0, r.data, r.len);
    if (keep)
        publish_event(w, p);
    else
        publish_async(w, p);
    reply_free(&r);
}

void pubsub_feed_monitors(struct session *s, const struct command *cmd, int db, int argc,
                          const struct resp_arg *argv)
{
    if (cmd->flags & CMD_ADMIN) return; /* as Redis: admin commands are not shown */
    feed_monitors(s->w, s->addr, cmd, db, argc, argv, 0);
}

void pubsub_feed_monitors_script(struct worker *w, const struct command *cmd, int db, int argc,
                                 const struct resp_arg *argv)
{
    if (cmd->flags & CMD_ADMIN) return;
    feed_monitors(w, "lua", cmd, db, argc, argv, 1);
}
