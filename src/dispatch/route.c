/* Routing of a client's commands to the shards that own their keys: run here when every key is
 * on this worker's shard and the shard is free; else batch consecutive commands for one shard
 * into one message; else start a multi-shard transaction (txn.c). Also the receiving side of
 * batches and the shard's queue of work deferred while a transaction holds it.
 * Worker threads only; see docs/transactions.md. */
#include <stdatomic.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/exec.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "cmd/tracking.h"
#include "dispatch/blocking.h"
#include "dispatch/dispatch.h"
#include "dispatch/txn.h"
#include "resp/errors.h"
#include "script/run.h"
#include "server/worker.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "tessera/dict.h"
#include "tessera/mem.h"
#include "tessera/slot.h"

#define BATCH_MAX_CMDS  256
#define BATCH_MAX_BYTES (64u << 10) /* argument bytes: big commands travel a few at a time */

/* Runs one command where its shards are held (cmd_call); returns the record of a command that
 * blocked (only a transaction's command can: CMD_BLOCKING), else NULL. */
struct blocked *dispatch_run(struct worker *w, struct session *c, const struct session *client,
                             struct shard *shard, const struct queued_cmd *q, struct reply *out,
                             struct blocked *retry)
{
    struct cmd_ctx ctx = {.w = w,
                          .session = c,
                          .client = client,
                          .shard = shard,
                          .db = q->db,
                          .argc = q->argc,
                          .argv = q->argv,
                          .out = out,
                          .cmd = q->cmd,
                          .retry = retry,
                          .aux = q->aux,
                          .track = q->track != 0,
                          .client_worker = q->client_worker,
                          .client_id = q->client_id};
    cmd_call(&ctx);
    return ctx.blocked;
}

/* A batch's script on its shard's owner, holding that shard only. One that reached a key of
 * another shard has undone its writes (CMD_RESHARD): the batch goes home with the shards it
 * needs, an empty reply and no events, and runs again there as a transaction. */
static void batch_run_script(struct worker *w, struct exec_batch *b, const struct queued_cmd *q)
{
    uint8_t held[256] = {0}, want[256] = {0};
    held[w->id] = 1;
    struct cmd_ctx ctx = {.w = w,
                          .client = b->client,
                          .db = q->db,
                          .argc = q->argc,
                          .argv = q->argv,
                          .out = &b->out,
                          .cmd = q->cmd,
                          .aux = q->aux,
                          .track = q->track != 0,
                          .client_worker = q->client_worker,
                          .client_id = q->client_id,
                          .held = held,
                          .reshard = want};
    cmd_call(&ctx);
    if (ctx.status != CMD_RESHARD) return;
    w->stats.cmd_calls[q->cmd->id]--; /* it runs again: one call */
    reply_reset(&b->out);
    b->reshard = mem_alloc((size_t)g_nworkers);
    for (int i = 0; i < g_nworkers; i++)
        b->reshard[i] = held[i] | want[i];
}

struct shard *ctx_shard(const struct cmd_ctx *ctx, const char *key, size_t len)
{
    if (ctx->shard) return ctx->shard;
    return &g_workers[shard_of_slot(slot_of_key(key, len), g_nworkers)]->shard;
}

int ctx_nshards(const struct cmd_ctx *ctx)
{
    return g_nworkers;
}

struct shard *ctx_shard_at(const struct cmd_ctx *ctx, int i)
{
    return &g_workers[i]->shard;
}

/* Copies n bytes into the arena and returns their offset (the arena may move while it grows). */
static size_t arena_put(char **arena, size_t *len, size_t *cap, const void *p, size_t n)
{
    if (*len + n > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < *len + n)
            c *= 2;
        *arena = mem_realloc(*arena, c);
        *cap = c;
    }
    size_t off = *len;
    if (n) memcpy(*arena + off, p, n);
    *len += n;
    return off;
}

struct exec_batch *batch_new(struct worker *w, struct session *c, int shard)
{
    struct exec_batch *b = mem_calloc(1, sizeof *b);
    b->hdr.kind = MSG_EXEC;
    b->origin = w->id;
    b->shard = shard;
    b->client = c;
    reply_init(&b->out, c->resp);
    return b;
}

/* Arguments are stored as offsets while the batch grows and become pointers when it is posted. */
void batch_add(struct exec_batch *b, const struct command *cmd, int db, int argc,
               const struct resp_arg *argv, void *aux)
{
    if (b->ncmds == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->cmds = mem_realloc(b->cmds, (size_t)b->cap * sizeof *b->cmds);
    }
    struct queued_cmd *q = &b->cmds[b->ncmds++];
    q->cmd = cmd;
    q->db = db;
    q->argc = argc;
    q->aux = aux;
    /* argv arrays start 8-byte aligned */
    size_t pad = (8 - (b->arena_len & 7)) & 7;
    char zeros[8] = {0};
    arena_put(&b->arena, &b->arena_len, &b->arena_cap, zeros, pad);
    size_t voff = b->arena_len;
    /* reserve the argv array, then the bytes */
    struct resp_arg tmp[1] = {{0}};
    for (int i = 0; i < argc; i++)
        arena_put(&b->arena, &b->arena_len, &b->arena_cap, tmp, sizeof tmp[0]);
    for (int i = 0; i < argc; i++) {
        size_t off = arena_put(&b->arena, &b->arena_len, &b->arena_cap, argv[i].ptr, argv[i].len);
        struct resp_arg a = {.ptr = (const char *)(uintptr_t)off, .len = argv[i].len};
        memcpy(b->arena + voff + (size_t)i * sizeof a, &a, sizeof a);
    }
    q->argv = (struct resp_arg *)(uintptr_t)voff;
}

void batch_set_client(struct exec_batch *b, const struct queued_cmd *from)
{
    struct queued_cmd *q = &b->cmds[b->ncmds - 1];
    q->client_id = from->client_id;
    q->client_worker = from->client_worker;
    q->track = from->track;
}

static void batch_seal(struct exec_batch *b)
{
    for (int k = 0; k < b->ncmds; k++) {
        struct queued_cmd *q = &b->cmds[k];
        q->argv = (struct resp_arg *)(b->arena + (uintptr_t)q->argv);
        for (int i = 0; i < q->argc; i++)
            q->argv[i].ptr = b->arena + (uintptr_t)q->argv[i].ptr;
    }
}

void batch_free(struct exec_batch *b)
{
    pubsub_sink_free(b->events);
    reply_free(&b->out);
    mem_free(b->cmds);
    mem_free(b->arena);
    mem_free(b->reshard);
    mem_free(b);
}

static inline int shard_busy(struct worker *w)
{
    return w->shard.holder != NULL || w->shard.deferred_head != NULL;
}

void dispatch_defer(struct worker *w, struct msg *m)
{
    m->next = NULL;
    if (w->shard.deferred_tail)
        w->shard.deferred_tail->next = m;
    else
        w->shard.deferred_head = m;
    w->shard.deferred_tail = m;
}

/* On the origin worker: the batch's replies take their place in the client's order. */
static void batch_complete(struct worker *w, struct exec_batch *b)
{
    struct session *c = b->client;
    struct pending *slot = b->slot;
    if (b->out_limit) atomic_fetch_sub_explicit(&c->out_remote, b->out.len, memory_order_relaxed);
    if (b->reshard) {
        /* Its script needs more shards: it runs again from here, into the same place. */
        txn_start_script(w, c, &b->cmds[0], b->reshard, slot);
    } else {
        pubsub_events_append(&slot->events, b->events); /* sent with the reply, in order */
        b->events = NULL;
        struct reply tmp = slot->r;
        slot->r = b->out;
        b->out = tmp;
        slot->ready = 1;
        if (b->script) c->waiting = 0;
    }
    int overflow = b->overflow;
    c->batch_bytes -= b->arena_cap;
    batch_free(b);
    c->refs--;
    c->batches--;
    if (c->closing) {
        session_release(c);
        return;
    }
    if (overflow) {
        session_close_over_limit(c, (enum session_limit_kind)overflow); /* the rest did not run */
        return;
    }
    session_mark_dirty(c);
    session_process_input(c); /* it may have stopped at its limit of batches out */
}

/* The first keys of a batch's next BATCH_PREFETCH commands: their buckets, then their chains'
 * first entries, so that the look-ups' cache misses overlap (as the client's own worker does for
 * a pipeline, net/client.c). The shard is ours while a batch runs. */
#define BATCH_PREFETCH          16
#define BATCH_PREFETCH_MIN_KEYS 16384 /* fewer keys stay in the caches: nothing to win */
static void prefetch_batch(struct worker *w, const struct exec_batch *b, int from)
{
    const struct dict *dicts[BATCH_PREFETCH];
    uint64_t hashes[BATCH_PREFETCH];
    int n = 0;
    for (int k = from; k < b->ncmds && k < from + BATCH_PREFETCH; k++) {
        const struct queued_cmd *q = &b->cmds[k];
        int pos = q->cmd->first_key;
        if (pos <= 0 || pos >= q->argc || q->db >= w->shard.ndb) continue;
        dicts[n] = &w->shard.dbs[q->db].keys;
        if (dict_size(dicts[n]) < BATCH_PREFETCH_MIN_KEYS) continue;
        hashes[n++] = dict_hash(q->argv[pos].ptr, q->argv[pos].len);
    }
    if (n < 2) return;
    for (int i = 0; i < n; i++)
        dict_prefetch_bucket(dicts[i], hashes[i]);
    for (int i = 0; i < n; i++)
        dict_prefetch_entry(dicts[i], hashes[i]);
}

/* On the shard's owner: runs every command of the batch, then sends it home. */
static void batch_run(struct worker *w, struct exec_batch *b)
{
    struct pubsub_events **outer = pubsub_sink_swap(&b->events);
    for (int k = 0; k < b->ncmds; k++) {
        struct queued_cmd *q = &b->cmds[k];
        if (k % BATCH_PREFETCH == 0 && b->ncmds - k > 1) prefetch_batch(w, b, k);
        size_t before = b->out.len;
        if (b->script)
            batch_run_script(w, b, q);
        else
            dispatch_run(w, NULL, b->client, &w->shard, q, &b->out, NULL);
        if (atomic_load_explicit(&b->client->gone, memory_order_relaxed)) {
            /* Its client hung up: the command ran for its effects, its reply goes nowhere (a
             * vanished pipeline of big GETs would otherwise build all of them). */
            b->out.len = before;
            continue;
        }
        if (!b->out_limit) continue;
        /* A client that does not read must not make the shards build gigabytes for it: its
         * batches add up what they produce, and the one that passes the limit stops. */
        size_t grew = b->out.len - before;
        size_t remote =
            atomic_fetch_add_explicit(&b->client->out_remote, grew, memory_order_relaxed) + grew;
        if (remote >= b->out_limit && k + 1 < b->ncmds) {
            b->overflow = b->limit_kind;
            for (int rest = k + 1; rest < b->ncmds; rest++)
                if (b->cmds[rest].aux) b->cmds[rest].cmd->aux_free(b->cmds[rest].aux);
            break;
        }
    }
    pubsub_sink_swap(outer);
    if (b->origin == w->id) {
        batch_complete(w, b);
        return;
    }
    b->hdr.kind = MSG_EXEC_DONE;
    dispatch_send(w, b->origin, &b->hdr);
}

void dispatch_refuse_batch(struct worker *w, struct exec_batch *b, const char *text)
{
    for (int k = 0; k < b->ncmds; k++) {
        struct queued_cmd *q = &b->cmds[k];
        reply_error(&b->out, text);
        w->stats.cmd_rejected[q->cmd->id]++;
        if (q->aux) q->cmd->aux_free(q->aux);
    }
    if (b->out_limit)
        atomic_fetch_add_explicit(&b->client->out_remote, b->out.len,
                                  memory_order_relaxed); /* batch_complete's due */
    if (b->origin == w->id) {
        batch_complete(w, b);
        return;
    }
    b->hdr.kind = MSG_EXEC_DONE;
    dispatch_send(w, b->origin, &b->hdr);
}

void dispatch_refuse_deferred(struct worker *w, const char *text)
{
    struct msg *keep = NULL, *keep_tail = NULL, *refused = NULL, *refused_tail = NULL;
    for (struct msg *m = w->shard.deferred_head, *next; m; m = next) {
        next = m->next;
        m->next = NULL;
        struct msg **head = m->kind == MSG_EXEC ? &refused : &keep;
        struct msg **tail = m->kind == MSG_EXEC ? &refused_tail : &keep_tail;
        if (*tail)
            (*tail)->next = m;
        else
            *head = m;
        *tail = m;
    }
    w->shard.deferred_head = keep;
    w->shard.deferred_tail = keep_tail;
    /* the queue is whole again before any client's input runs (batch_complete) */
    for (struct msg *m = refused, *next; m; m = next) {
        next = m->next;
        dispatch_refuse_batch(w, (struct exec_batch *)m, text);
    }
}

void dispatch_busy_sweep(struct worker *w)
{
    if (!w->shard.holder || !w->shard.deferred_head) return;
    /* the holder's coordinator as granted (toucher is the holder's to change) */
    int kind = script_worker_busy(w->shard.holder_coord);
    if (kind) dispatch_refuse_deferred(w, script_busy_text(kind));
}

void dispatch_drain_deferred(struct worker *w)
{
    while (!w->shard.holder && w->shard.deferred_head) {
        struct msg *m = w->shard.deferred_head;
        w->shard.deferred_head = m->next;
        if (!w->shard.deferred_head) w->shard.deferred_tail = NULL;
        if (m->kind == MSG_EXEC)
            batch_run(w, (struct exec_batch *)m);
        else if (m->kind == MSG_CALL)
            fanout_run_call(w, m);
        else
            txn_grant(w, (struct txn *)m);
    }
}

void route_flush_batch(struct worker *w, struct session *c)
{
    struct exec_batch *b = c->batch;
    if (!b) return;
    c->batch = NULL;
    c->batch_bytes += b->arena_cap;
    batch_seal(b);
    enum session_limit_kind kind = LIMIT_OUTPUT;
    b->out_limit = session_output_budget(c, &kind);
    b->limit_kind = (int)kind;
    if (b->shard != w->id) {
        dispatch_send(w, b->shard, &b->hdr);
    } else if (shard_busy(w)) {
        dispatch_defer(w, &b->hdr);
    } else {
        batch_run(w, b);
    }
}

/* What a command takes in a batch's arena, near enough (its argv array and bytes, unaligned):
 * a batch is posted before a command would take it past BATCH_MAX_BYTES, not after, so that
 * its arena, doubling as it grows, stays within BATCH_MAX_BYTES. */
static size_t batch_bytes_of(const struct queued_cmd *q)
{
    size_t n = (size_t)q->argc * sizeof(struct resp_arg);
    for (int i = 0; i < q->argc; i++)
        n += q->argv[i].len;
    return n;
}

static void add_to_batch(struct worker *w, struct session *c, int shard, const struct queued_cmd *q)
{
    /* A batch grows only while its replies are the last ones reserved: a reply placed after
     * it (a command run here meanwhile) must not be overtaken. */
    if (c->batch &&
        (c->batch_shard != shard || c->batch->ncmds >= BATCH_MAX_CMDS ||
         c->batch->arena_len + batch_bytes_of(q) > BATCH_MAX_BYTES || c->ptail != c->batch->slot))
        route_flush_batch(w, c);
    if (!c->batch) {
        c->batch = batch_new(w, c, shard);
        c->batch_shard = shard;
        c->batch->slot = session_reserve(c);
        c->refs++;
        c->batches++;
    }
    batch_add(c->batch, q->cmd, c->db, q->argc, q->argv, q->aux);
    batch_set_client(c->batch, q);
}

/* A script whose declared keys are all on another worker's shard travels there alone in a batch
 * and runs on that worker holding that shard: two messages instead of a transaction's three, and
 * the shard is never held away from its owner. Its client waits until it is back, since a
 * script may reach keys it did not declare, which the client's next commands must not overtake;
 * one that does runs again from home as a transaction (batch_complete). A user with ACL limits
 * has its scripts run at home, where a refusal can describe its client in the ACL log. */
static int route_script_batch(struct worker *w, struct session *c, int shard,
                              const struct queued_cmd *q)
{
    if (shard == w->id || !(acl_user_of(c->user)->flags & ACL_ALLPERM)) return 0;
    route_flush_batch(w, c);
    add_to_batch(w, c, shard, q);
    c->batch->script = 1;
    route_flush_batch(w, c);
    c->waiting = 1;
    return 1;
}

/* The shards of the command's keys: returns how many distinct shards (0 when it names none, or
 * when its key arguments do not parse: the handler answers that here), or -1 when a key is longer
 * than an entry can hold; *first is the first key's shard. Only when there are two or more does
 * it mark them in `mask` (the common single-shard command writes nothing there). With one shard
 * no key is hashed: it owns them all, as a Redis without cluster mode hashes none. */
static int key_shards(const struct command *cmd, int argc, const struct resp_arg *argv,
                      uint8_t *mask, int *first)
{
    /* One key at a fixed place (GET, SET, INCR, LPUSH...): what the loop below finds, without
     * the positions array. */
    if (!cmd->getkeys && cmd->first_key > 0 && cmd->last_key == cmd->first_key) {
        *first = -1;
        if (cmd->first_key >= argc) return 0;
        const struct resp_arg *key = &argv[cmd->first_key];
        if (key->len > UINT32_MAX) return -1;
        *first = g_nworkers == 1 ? 0 : shard_of_slot(slot_of_key(key->ptr, key->len), g_nworkers);
        return 1;
    }
    int keys_buf[64];
    int *keys = argc <= 64 ? keys_buf : mem_alloc((size_t)argc * sizeof(int));
    int nkeys = cmd_key_positions(cmd, argc, argv, keys, argc);
    int nshards = g_nworkers;
    int n = 0;
    *first = -1;
    for (int k = 0; k < nkeys; k++) {
        const struct resp_arg *key = &argv[keys[k]];
        if (key->len > UINT32_MAX) {
            n = -1;
            break;
        }
        int s = nshards == 1 ? 0 : shard_of_slot(slot_of_key(key->ptr, key->len), nshards);
        if (n == 0) {
            *first = s;
            n = 1;
        } else if (n == 1 ? s != *first : !mask[s]) {
            if (n == 1) {
                memset(mask, 0, (size_t)nshards);
                mask[*first] = 1;
            }
            mask[s] = 1;
            n++;
        }
    }
    if (keys != keys_buf) mem_free(keys);
    return n;
}

/* Runs a command of client c on this thread now. Its keyspace events wait with its reply when
 * earlier replies of c are still out (pubsub.h), else they go at once. */
static void run_here(struct worker *w, struct session *c, struct session *conn, struct shard *shard,
                     const struct queued_cmd *q)
{
    struct reply *out = session_reply_target(c);
    if (!c->phead) {
        dispatch_run(w, conn, c, shard, q, out, NULL);
        return;
    }
    struct pubsub_events **outer = pubsub_sink_swap(&c->ptail->events);
    dispatch_run(w, conn, c, shard, q, out, NULL);
    pubsub_sink_swap(outer);
}

void route_command(struct worker *w, struct session *c, const struct command *cmd, int argc,
                   const struct resp_arg *argv, void *aux)
{
    struct queued_cmd q = {
        .cmd = cmd, .db = c->db, .argc = argc, .argv = (struct resp_arg *)argv, .aux = aux};
    if (__builtin_expect(ks_tracking(), 0)) { /* someone tracks: NOLOOP needs the writer */
        q.client_id = c->id;
        q.client_worker = w->id;
        if (c->tracking) q.track = tracking_route(c, cmd);
    }
    if (cmd->flags & CMD_CONN) {
        run_here(w, c, c, NULL, &q);
        return;
    }
    int n = g_nworkers;
    uint8_t mask[256];
    int target, count;
    if (cmd_needs_all_shards(cmd, argc, argv)) {
        memset(mask, 1, (size_t)n);
        count = n;
        target = 0;
    } else {
        count = key_shards(cmd, argc, argv, mask, &target);
        if (count < 0) {
            route_flush_batch(w, c);
            reply_error(session_reply_target(c), error_text(ERR_KEY_TOO_LONG));
            if (aux) cmd->aux_free(aux);
            return;
        }
        if (count == 0) target = w->id;
    }
    /* A blocking command may have to wait, which only a transaction's client can. */
    if (count <= 1 && !(cmd->flags & CMD_SCRIPT) &&
        !(count == 1 && cmd_may_block(cmd, argc, argv))) {
        if (target == w->id && !shard_busy(w) && !(c->batch && c->batch_shard == w->id)) {
            run_here(w, c, NULL, &w->shard, &q);
            return;
        }
        add_to_batch(w, c, target, &q);
        return;
    }
    if (count == 1 && (cmd->flags & CMD_SCRIPT) && route_script_batch(w, c, target, &q)) return;
    /* key_shards left the mask alone: a blocking command on one shard, or a script without keys,
     * which starts on this worker's shard (its target) */
    if (count <= 1) {
        memset(mask, 0, (size_t)n);
        mask[target] = 1;
    }
    route_flush_batch(w, c);
    txn_start(w, c, &q, mask);
}

void dispatch_on_message(struct worker *w, struct msg *m)
{
    switch (m->kind) {
    case MSG_EXEC:
        if (shard_busy(w)) {
            dispatch_defer(w, m);
            dispatch_busy_sweep(w); /* its holder may be a busy script: BUSY, not a wait */
        } else
            batch_run(w, (struct exec_batch *)m);
        break;
    case MSG_EXEC_DONE:
        batch_complete(w, (struct exec_batch *)m);
        break;
    case MSG_HOLD:
        txn_on_hold(w, (struct txn *)m);
        break;
    case MSG_HELD:
        txn_on_held(w, (struct txn *)m);
        break;
    case MSG_RELEASE:
        txn_on_release(w, m);
        break;
    case MSG_CALL:
        fanout_on_call(w, m);
        break;
    case MSG_CALL_DONE:
        fanout_on_call_done(w, m);
        break;
    case MSG_BLOCK_DONE:
        block_on_done(w, (struct blocked *)m);
        break;
    case MSG_BLOCK_RETRY:
        block_on_retry(w, (struct blocked *)m);
        break;
    case MSG_PUBSUB:
        pubsub_on_message(w, m);
        break;
    case MSG_TRACKING:
        tracking_on_message(w, m);
        break;
    }
}

void dispatch_free_message(struct msg *m)
{
    switch (m->kind) {
    case MSG_EXEC:
    case MSG_EXEC_DONE:
        batch_free((struct exec_batch *)m);
        break;
    case MSG_HOLD:
    case MSG_HELD:
        txn_free((struct txn *)m);
        break;
    case MSG_BLOCK_DONE:
    case MSG_BLOCK_RETRY:
        block_drop((struct blocked *)m);
        break;
    case MSG_PUBSUB:
        pubsub_free_message(m);
        break;
    case MSG_TRACKING:
        tracking_free_message(m);
        break;
    default:
        mem_free(m);
        break;
    }
}
