/* Blocked clients (see blocking.h and docs/blocking.md). The key queues live in the shard that
 * owns the key and are touched only by the thread holding that shard; a record is shared by the
 * queues of its keys and the client's worker, so its state and reference count are atomic.
 * Worker threads only. */
#include <string.h>
#include <time.h>

#include "cmd/exec.h"
#include "cmd/session.h"
#include "dispatch/blocking.h"
#include "dispatch/txn.h"
#include "resp/errors.h"
#include "server/worker.h"
#include "shard/keyspace.h"
#include "tessera/mem.h"

_Atomic long g_blocked_records;

/* A key's waiters in blocking order; each knows which argument of its command the key is. */
struct waiter {
    struct blocked *b;
    int keyarg;
};

struct waitq {
    struct waiter *items;
    uint32_t n, cap;
};

static void block_unref(struct blocked *b)
{
    if (atomic_fetch_sub(&b->refs, 1) != 1) return;
    reply_free(&b->out);
    mem_free(b->arena);
    mem_free(b);
    atomic_fetch_sub(&g_blocked_records, 1);
}

static struct waitq *queue_of(struct shard *s, int db, const char *key, size_t len)
{
    struct entry *e = dict_find(&s->dbs[db].waiting, key, len);
    return e ? entry_object(e) : NULL;
}

static void queue_free(struct waitq *q)
{
    for (uint32_t i = 0; i < q->n; i++)
        block_unref(q->items[i].b);
    mem_free(q->items);
    mem_free(q);
}

static void drop_queue(struct shard *s, int db, const char *key, size_t len)
{
    struct entry *e = dict_unlink(&s->dbs[db].waiting, key, len);
    if (!e) return;
    queue_free(entry_object(e));
    mem_free(e);
}

static void queue_remove(struct waitq *q, uint32_t i)
{
    block_unref(q->items[i].b);
    memmove(&q->items[i], &q->items[i + 1], (q->n - i - 1) * sizeof q->items[0]);
    q->n--;
}

/* Waiters that were served elsewhere, timed out or left are dropped when their queue is met. */
static int finished(const struct blocked *b)
{
    int st = atomic_load(&b->state);
    return st == BLOCK_DONE || st == BLOCK_CANCELLED;
}

static void queue_prune(struct waitq *q)
{
    for (uint32_t i = 0; i < q->n;)
        if (finished(q->items[i].b))
            queue_remove(q, i);
        else
            i++;
}

static void enqueue(struct shard *s, int db, const char *key, size_t len, struct blocked *b,
                    int keyarg)
{
    struct waitq *q = queue_of(s, db, key, len);
    if (!q) {
        q = mem_calloc(1, sizeof *q);
        dict_add(&s->dbs[db].waiting, entry_new_object(key, len, OBJ_INTERNAL, q, EXPIRE_NONE));
    }
    queue_prune(q);
    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 4;
        q->items = mem_realloc(q->items, q->cap * sizeof q->items[0]);
    }
    q->items[q->n++] = (struct waiter){b, keyarg};
    atomic_fetch_add(&b->refs, 1);
}

static struct blocked *record_new(struct cmd_ctx *ctx)
{
    struct blocked *b = mem_calloc(1, sizeof *b);
    size_t bytes = (size_t)ctx->argc * sizeof(struct resp_arg);
    for (int i = 0; i < ctx->argc; i++)
        bytes += ctx->argv[i].len;
    b->arena = mem_alloc(bytes);
    b->argv = (struct resp_arg *)b->arena;
    char *p = b->arena + (size_t)ctx->argc * sizeof(struct resp_arg);
    for (int i = 0; i < ctx->argc; i++) {
        memcpy(p, ctx->argv[i].ptr, ctx->argv[i].len);
        b->argv[i] = (struct resp_arg){.ptr = p, .len = ctx->argv[i].len};
        p += ctx->argv[i].len;
    }
    b->argc = ctx->argc;
    b->db = ctx->db;
    b->cmd = ctx->cmd;
    b->worker = ctx->w->id;
    reply_init(&b->out, ctx->out->resp);
    atomic_store(&b->refs, 1); /* the client's side */
    atomic_fetch_add(&g_blocked_records, 1);
    return b;
}

void block_client(struct cmd_ctx *ctx, const int *keys, int nkeys, int64_t deadline_ms,
                  const struct block_spec *spec)
{
    if (ctx->no_block) {
        /* Inside EXEC nothing waits: the answer of a timeout, as Redis gives it there. */
        if (spec->dst_arg)
            reply_null(ctx->out);
        else
            reply_null_array(ctx->out);
        return;
    }
    if (ctx->retry) {
        /* Still nothing: wait again, in the same place of every queue. */
        atomic_store(&ctx->retry->state, BLOCK_WAITING);
        ctx->blocked = ctx->retry;
        return;
    }
    struct blocked *b = record_new(ctx);
    b->spec = spec;
    b->deadline_ms = deadline_ms;
    atomic_store(&b->state, BLOCK_WAITING);
    for (int i = 0; i < nkeys; i++) {
        const struct resp_arg *k = &b->argv[keys[i]];
        enqueue(ctx_shard(ctx, k->ptr, k->len), b->db, k->ptr, k->len, b, keys[i]);
    }
    ctx->blocked = b;
}

static void notify(struct worker *w, struct blocked *b, int kind)
{
    b->hdr.kind = (uint8_t)kind;
    dispatch_send(w, b->worker, &b->hdr);
}

/* Serves the waiters of one key, oldest first, while the key holds something for them. A
 * serve's own writes (the pop, a BLMOVE's push on this shard) go through the write hook, which
 * marks their keys ready again: block_serve_ready comes back to them, so nothing recurses into
 * a queue being walked. */
static uint64_t usec_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void serve_queue(struct worker *w, struct shard *s, int db, struct waitq *q, const char *key,
                        size_t len)
{
    for (uint32_t i = 0; i < q->n;) {
        struct blocked *b = q->items[i].b;
        if (finished(b)) {
            queue_remove(q, i);
            continue;
        }
        struct entry *e = ks_lookup(s, db, key, len);
        if (!e) return;
        int expected = BLOCK_WAITING;
        if (e->type != b->spec->key_type ||
            !atomic_compare_exchange_strong(&b->state, &expected, BLOCK_CLAIMED)) {
            i++; /* being retried, or it wants another type: the next one may take it */
            continue;
        }
        struct cmd_ctx served = {
            .w = w, .db = b->db, .argc = b->argc, .argv = b->argv, .out = &b->out, .cmd = b->cmd};
        uint64_t start = usec_now();
        int r = b->spec->serve(&served, q->items[i].keyarg);
        b->usec += usec_now() - start;
        if (r == BLOCK_EMPTY) {
            atomic_store(&b->state, BLOCK_WAITING);
            if (!b->spec->shared) return;
            i++;
            continue;
        }
        if (r == BLOCK_RETRY) {
            /* Its retry pops as a write of its own, which serves the next waiters then. */
            notify(w, b, MSG_BLOCK_RETRY);
            return;
        }
        atomic_store(&b->state, BLOCK_DONE);
        notify(w, b, MSG_BLOCK_DONE);
        queue_remove(q, i);
    }
}

void block_serve_ready(struct worker *w)
{
    struct shard *s;
    uint32_t n;
    struct ready_key *keys;
    while ((keys = ks_ready_take(&s, &n))) {
        for (uint32_t i = 0; i < n; i++) {
            struct waitq *q = queue_of(s, keys[i].db, keys[i].key, keys[i].klen);
            if (q) {
                serve_queue(w, s, keys[i].db, q, keys[i].key, keys[i].klen);
                if (q->n == 0) drop_queue(s, keys[i].db, keys[i].key, keys[i].klen);
            }
            mem_free(keys[i].key);
        }
        mem_free(keys);
    }
}

/* ---- the client's worker ---- */

static void unlink_parked(struct worker *w, struct blocked *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        w->blocked = b->next;
    if (b->next) b->next->prev = b->prev;
    b->next = b->prev = NULL;
    w->nblocked--;
}

void block_park(struct worker *w, struct session *c, struct blocked *b, struct pending *slot)
{
    b->client = c;
    b->slot = slot;
    b->prev = NULL;
    b->next = w->blocked;
    if (w->blocked) w->blocked->prev = b;
    w->blocked = b;
    w->nblocked++;
    c->blocked = b;
    if (b->deadline_ms && (!w->next_block_deadline || b->deadline_ms < w->next_block_deadline))
        w->next_block_deadline = b->deadline_ms;
}

/* The client stops waiting and drops the reference the blocking transaction left it. */
static struct session *unpark(struct worker *w, struct blocked *b)
{
    struct session *c = b->client;
    unlink_parked(w, b);
    c->blocked = NULL;
    c->waiting = 0;
    c->refs--;
    block_unref(b);
    return c;
}

/* The client goes on with its reply in place. */
static void release_client(struct worker *w, struct blocked *b)
{
    struct session *c = unpark(w, b);
    if (c->closing) {
        session_release(c);
        return;
    }
    session_mark_dirty(c);
    session_process_input(c);
}

void block_on_done(struct worker *w, struct blocked *b)
{
    struct cmd_ctx ctx = {
        .w = w, .client = b->client, .db = b->db, .argc = b->argc, .argv = b->argv, .cmd = b->cmd};
    cmd_account(&ctx, b->usec); /* the slow log and latency, now that it was served */
    struct pending *slot = b->slot;
    struct reply tmp = slot->r;
    slot->r = b->out;
    b->out = tmp;
    slot->ready = 1;
    release_client(w, b);
}

void block_finish(struct worker *w, struct blocked *b)
{
    atomic_store(&b->state, BLOCK_DONE);
    struct session *c = b->client;
    unlink_parked(w, b);
    c->blocked = NULL;
    block_unref(b);
}

void block_on_retry(struct worker *w, struct blocked *b)
{
    struct session *c = b->client;
    if (c->closing) {
        atomic_store(&b->state, BLOCK_CANCELLED);
        release_client(w, b);
        return;
    }
    txn_start_retry(w, c, b);
}

/* The clients whose wait ended during a walk of the worker's list go on after it: what they run
 * next may close other blocked clients, whose records must not vanish under the walk. */
struct resumed {
    struct session **c;
    size_t n, cap;
};

static void resume_later(struct resumed *r, struct session *c)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->c = mem_realloc(r->c, r->cap * sizeof r->c[0]);
    }
    c->refs++; /* alive until resumed */
    r->c[r->n++] = c;
}

int64_t block_expire(struct worker *w, int64_t now_ms)
{
    int64_t next = 0;
    struct resumed later = {NULL, 0, 0};
    w->next_block_deadline = 0; /* clients blocking while this runs set it again */
    for (struct blocked *b = w->blocked, *n; b; b = n) {
        n = b->next;
        if (b->unblocked) { /* CLIENT UNBLOCK cancelled it and wrote its reply */
            b->slot->ready = 1;
            resume_later(&later, unpark(w, b));
            continue;
        }
        if (!b->deadline_ms) continue;
        int expected = BLOCK_WAITING;
        if (b->deadline_ms <= now_ms &&
            atomic_compare_exchange_strong(&b->state, &expected, BLOCK_CANCELLED)) {
            reply_null_array(&b->slot->r); /* every kind, BLMOVE's too, as Redis 7.0 */
            b->slot->ready = 1;
            resume_later(&later, unpark(w, b));
            continue;
        }
        /* Not due, or being served or retried: looked at again later. */
        int64_t due = b->deadline_ms > now_ms ? b->deadline_ms : now_ms + 1;
        if (!next || due < next) next = due;
    }
    if (next && (!w->next_block_deadline || next < w->next_block_deadline))
        w->next_block_deadline = next;
    for (size_t i = 0; i < later.n; i++)
        session_resume(later.c[i]);
    mem_free(later.c);
    return w->next_block_deadline;
}

int block_unblock(struct worker *w, uint64_t id, int with_error)
{
    for (struct blocked *b = w->blocked; b; b = b->next) {
        if (b->client->id != id) continue;
        int expected = BLOCK_WAITING;
        if (!atomic_compare_exchange_strong(&b->state, &expected, BLOCK_CANCELLED)) return 0;
        if (with_error) {
            const char *msg = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
            reply_error(&b->slot->r, msg);
            w->stats.error_counts[error_code_of(msg)]++;
            w->stats.cmd_failed[b->cmd->id]++;
        } else {
            reply_null_array(&b->slot->r);
        }
        /* Released by block_expire on the loop's next turn: this may run inside a handler. */
        b->unblocked = 1;
        w->next_block_deadline = 1;
        return 1;
    }
    return 0;
}

void block_cancel(struct session *c)
{
    struct blocked *b = c->blocked;
    int expected = BLOCK_WAITING;
    if (!b || !atomic_compare_exchange_strong(&b->state, &expected, BLOCK_CANCELLED)) return;
    unpark(c->w, b); /* client_close releases the client */
}

void block_drop(struct blocked *b)
{
    block_unref(b);
}

void block_queues_free(struct shard *s)
{
    for (int db = 0; db < s->ndb; db++) {
        struct dict *d = &s->dbs[db].waiting;
        while (dict_size(d)) {
            struct entry *e = dict_random(d);
            drop_queue(s, db, entry_key(e), entry_keylen(e));
        }
    }
}
