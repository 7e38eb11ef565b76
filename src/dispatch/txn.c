/* Multi-shard transactions: the coordinator (the client's worker) asks each shard in ascending
 * order to hold itself for the transaction; a shard grants when it is free, else queues the
 * request behind earlier work. With every shard held, the coordinator runs the command against
 * all of them directly (their owners touch nothing meanwhile), then releases them. Ascending
 * order rules out deadlock; holding until the end makes the command atomic.
 * Fan-out calls run a function on every worker and join on the caller's.
 * Worker threads only; see docs/transactions.md. */
#include <stdatomic.h>
#include <string.h>

#include "cmd/exec.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "dispatch/blocking.h"
#include "dispatch/txn.h"
#include "server/worker.h"
#include "tessera/mem.h"
#include "tessera/slot.h"

static _Atomic uint64_t next_txn_id = 1;

void txn_free(struct txn *t)
{
    reply_free(&t->out);
    mem_free(t->arena);
    mem_free(t->shards);
    mem_free(t);
}

/* Copies a command's arguments into one block (argv, then the bytes) owned by the caller. */
struct resp_arg *txn_copy_args(int argc, const struct resp_arg *argv, char **arena)
{
    size_t bytes = (size_t)argc * sizeof(struct resp_arg);
    for (int i = 0; i < argc; i++)
        bytes += argv[i].len;
    *arena = mem_alloc(bytes ? bytes : 1);
    struct resp_arg *copy = (struct resp_arg *)*arena;
    char *p = *arena + (size_t)argc * sizeof(struct resp_arg);
    for (int i = 0; i < argc; i++) {
        memcpy(p, argv[i].ptr, argv[i].len);
        copy[i].ptr = p;
        copy[i].len = argv[i].len;
        p += argv[i].len;
    }
    return copy;
}

/* Asks the next shard for its hold: directly when it is ours, by message otherwise. */
static void request_next(struct worker *w, struct txn *t)
{
    int s = t->shards[t->next];
    t->hdr.kind = MSG_HOLD;
    if (s == w->id)
        txn_on_hold(w, t);
    else
        dispatch_send(w, s, &t->hdr);
}

static struct txn *txn_new(struct worker *w, struct session *c, const uint8_t *mask)
{
    struct txn *t = mem_calloc(1, sizeof *t);
    t->id = atomic_fetch_add(&next_txn_id, 1);
    t->coord = w->id;
    t->client = c;
    reply_init(&t->out, c ? c->resp : 2);
    t->shards = mem_alloc((size_t)g_nworkers * sizeof(int));
    for (int i = 0; i < g_nworkers; i++)
        if (mask[i]) t->shards[t->nshards++] = i;
    return t;
}

static struct txn *command_txn(struct worker *w, struct session *c, const struct queued_cmd *q,
                               const uint8_t *mask, struct pending *slot)
{
    struct txn *t = txn_new(w, c, mask);
    t->slot = slot;
    t->qc = *q;
    t->qc.argv = txn_copy_args(q->argc, q->argv, &t->arena);
    c->refs++;
    c->waiting = 1; /* the client's next commands must see this one's effects */
    return t;
}

void txn_start(struct worker *w, struct session *c, const struct queued_cmd *q, const uint8_t *mask)
{
    request_next(w, command_txn(w, c, q, mask, session_reserve(c)));
}

void txn_start_script(struct worker *w, struct session *c, const struct queued_cmd *q,
                      const uint8_t *mask, struct pending *slot)
{
    struct txn *t = command_txn(w, c, q, mask, slot);
    t->attempts = 1;
    request_next(w, t);
}

void txn_start_block(struct worker *w, struct session *c, const uint8_t *mask, txn_run_fn run,
                     void *arg)
{
    struct txn *t = txn_new(w, c, mask);
    t->slot = session_reserve(c);
    t->run = run;
    t->run_arg = arg;
    c->refs++;
    c->waiting = 1;
    if (t->nshards == 0) {
        t->next = -1; /* nothing to hold: txn_on_held runs it at once */
        txn_on_held(w, t);
        return;
    }
    request_next(w, t);
}

void txn_start_internal(struct worker *w, const uint8_t *mask, txn_run_fn run, void *arg)
{
    struct txn *t = txn_new(w, NULL, mask);
    t->run = run;
    t->run_arg = arg;
    if (t->nshards == 0) {
        t->next = -1;
        txn_on_held(w, t);
        return;
    }
    request_next(w, t);
}

void txn_start_retry(struct worker *w, struct session *c, struct blocked *b)
{
    uint8_t mask[256] = {0};
    int keys_buf[16];
    int *keys = b->argc <= 16 ? keys_buf : mem_alloc((size_t)b->argc * sizeof(int));
    int n = cmd_key_positions(b->cmd, b->argc, b->argv, keys, b->argc);
    for (int i = 0; i < n; i++)
        mask[shard_of_slot(slot_of_key(b->argv[keys[i]].ptr, b->argv[keys[i]].len), g_nworkers)] =
            1;
    if (keys != keys_buf) mem_free(keys);
    struct txn *t = txn_new(w, c, mask);
    t->slot = b->slot;
    t->retry = b;
    /* the record keeps the arguments for as long as the transaction runs */
    t->qc = (struct queued_cmd){.cmd = b->cmd, .db = b->db, .argc = b->argc, .argv = b->argv};
    request_next(w, t);
}

void txn_grant(struct worker *w, struct txn *t)
{
    w->shard.holder = t;
    w->shard.holder_coord = t->coord;
    w->shard.toucher = t->coord;
    t->hdr.kind = MSG_HELD;
    if (t->coord == w->id)
        txn_on_held(w, t);
    else
        dispatch_send(w, t->coord, &t->hdr);
}

void txn_on_hold(struct worker *w, struct txn *t)
{
    if (w->shard.holder || w->shard.deferred_head)
        dispatch_defer(w, &t->hdr);
    else
        txn_grant(w, t);
}

static void release_shard(struct worker *w, int s)
{
    if (s == w->id) {
        w->shard.holder = NULL;
        w->shard.toucher = w->id;
        dispatch_drain_deferred(w);
        return;
    }
    struct msg *m = mem_calloc(1, sizeof *m);
    m->kind = MSG_RELEASE;
    dispatch_send(w, s, m);
}

void txn_on_release(struct worker *w, struct msg *m)
{
    mem_free(m);
    w->shard.holder = NULL;
    w->shard.toucher = w->id;
    dispatch_drain_deferred(w);
}

/* The client may go on: its reply is in place and its waiting input runs. */
static void resume_client(struct session *c)
{
    c->waiting = 0;
    session_resume(c);
}

/* The reply goes in its place and the transaction is done. */
static void txn_deliver(struct txn *t)
{
    struct reply tmp = t->slot->r;
    t->slot->r = t->out;
    t->out = tmp;
    t->slot->ready = 1;
    txn_free(t);
}

/* A script (EVAL, FCALL) with every shard of t held. One that reached a key of a shard it does
 * not hold has undone its writes (CMD_RESHARD): the shards go back and the transaction asks
 * again, in ascending order, for those and the new ones; after SCRIPT_ATTEMPTS tries, for all. */
#define SCRIPT_ATTEMPTS 3
static void run_script(struct worker *w, struct txn *t)
{
    struct session *c = t->client;
    int n = g_nworkers;
    uint8_t held[256] = {0}, want[256] = {0};
    for (int i = 0; i < t->nshards; i++)
        held[t->shards[i]] = 1;
    struct cmd_ctx ctx = {.w = w,
                          .client = c,
                          .db = t->qc.db,
                          .argc = t->qc.argc,
                          .argv = t->qc.argv,
                          .out = &t->out,
                          .cmd = t->qc.cmd,
                          .aux = t->qc.aux,
                          .track = t->qc.track != 0,
                          .client_worker = t->qc.client_worker,
                          .client_id = t->qc.client_id,
                          .held = t->nshards == n ? NULL : held,
                          .reshard = want};
    struct pubsub_events **outer = pubsub_sink_swap(&t->slot->events); /* sent with the reply */
    cmd_call(&ctx);
    pubsub_sink_swap(outer);
    for (int i = 0; i < t->nshards; i++)
        release_shard(w, t->shards[i]);
    if (ctx.status == CMD_RESHARD) {
        w->stats.cmd_calls[t->qc.cmd->id]--; /* it runs again: one call */
        if (++t->attempts >= SCRIPT_ATTEMPTS) memset(want, 1, (size_t)n);
        t->nshards = 0;
        for (int i = 0; i < n; i++)
            if (held[i] || want[i]) t->shards[t->nshards++] = i;
        t->next = 0;
        reply_reset(&t->out);
        request_next(w, t);
        return;
    }
    txn_deliver(t);
    resume_client(c);
}

void txn_on_held(struct worker *w, struct txn *t)
{
    if (++t->next < t->nshards) {
        request_next(w, t);
        return;
    }
    struct session *c = t->client;
    if (!c) {
        /* Work of the server's own (txn_start_internal): no reply, no events to carry. */
        t->run(w, NULL, &t->out, t->run_arg);
        for (int i = 0; i < t->nshards; i++)
            release_shard(w, t->shards[i]);
        txn_free(t);
        return;
    }
    if (!t->run && (t->qc.cmd->flags & CMD_SCRIPT)) {
        run_script(w, t); /* it keeps its events with its reply itself */
        return;
    }
    struct pubsub_events **outer = pubsub_sink_swap(&t->slot->events); /* sent with the reply */
    if (t->run) {
        /* An EXEC block: it runs its commands itself, then the shards go back. */
        t->run(w, c, &t->out, t->run_arg);
        pubsub_sink_swap(outer);
        for (int i = 0; i < t->nshards; i++)
            release_shard(w, t->shards[i]);
        txn_deliver(t);
        resume_client(c);
        return;
    }
    /* Every shard is ours: run the command across them (ctx->shard NULL: ctx_shard resolves). */
    struct blocked *b = dispatch_run(w, NULL, t->client, NULL, &t->qc, &t->out, t->retry);
    pubsub_sink_swap(outer);
    for (int i = 0; i < t->nshards; i++)
        release_shard(w, t->shards[i]);
    if (b) {
        /* It waits, still holding its reply place and its reference to the client, unless the
         * client left meanwhile (its close found nothing to cancel yet). */
        if (!t->retry) block_park(w, c, b, t->slot);
        txn_free(t);
        if (c->closing) {
            block_cancel(c);
            session_release(c);
        } else if (c->close_after) {
            session_close(c); /* the peer hung up while it was on its way */
        }
        return;
    }
    if (t->retry) block_finish(w, t->retry);
    txn_deliver(t);
    resume_client(c);
}

/* Fan-out calls. */

struct fanout {
    int coord;
    int remaining;
    struct session *client;
    struct pending *slot;
    fanout_part_fn part;
    fanout_done_fn done;
    void *state;
    void (*free_state)(void *state);
    int unheld; /* pub/sub: the parts need no shard (they run even while one is held), and the
                 * client's next commands need not wait for them */
};

struct fanout_call {
    struct msg hdr;
    struct fanout *f;
    int idx;
};

static void fanout_finish(struct worker *w, struct fanout *f)
{
    struct session *c = f->client;
    reply_init(&f->slot->r, c->resp);
    f->done(w, f->state, &f->slot->r);
    f->slot->ready = 1;
    int waited = !f->unheld;
    if (f->free_state) f->free_state(f->state);
    mem_free(f);
    if (waited) {
        resume_client(c);
    } else {
        c->calls--;
        session_resume(c);
    }
}

static void fanout_begin(struct worker *w, struct session *c, fanout_part_fn part,
                         fanout_done_fn done, void *state, void (*free_state)(void *state),
                         int unheld)
{
    struct fanout *f = mem_calloc(1, sizeof *f);
    f->unheld = unheld;
    f->coord = w->id;
    f->client = c;
    f->slot = session_reserve(c);
    f->part = part;
    f->done = done;
    f->state = state;
    f->free_state = free_state;
    f->remaining = g_nworkers;
    c->refs++;
    if (unheld)
        c->calls++;
    else
        c->waiting = 1;
    for (int i = 0; i < g_nworkers; i++) {
        struct fanout_call *call = mem_calloc(1, sizeof *call);
        call->hdr.kind = MSG_CALL;
        call->f = f;
        call->idx = i;
        if (i == w->id)
            fanout_on_call(w, &call->hdr);
        else
            dispatch_send(w, i, &call->hdr);
    }
}

void fanout_start(struct worker *w, struct session *c, fanout_part_fn part, fanout_done_fn done,
                  void *state, void (*free_state)(void *state))
{
    fanout_begin(w, c, part, done, state, free_state, 0);
}

void fanout_start_unheld(struct worker *w, struct session *c, fanout_part_fn part,
                         fanout_done_fn done, void *state, void (*free_state)(void *state))
{
    fanout_begin(w, c, part, done, state, free_state, 1);
}

void fanout_run_call(struct worker *w, struct msg *m)
{
    struct fanout_call *call = (struct fanout_call *)m;
    call->f->part(w, call->f->state, call->idx);
    m->kind = MSG_CALL_DONE;
    if (call->f->coord == w->id)
        fanout_on_call_done(w, m);
    else
        dispatch_send(w, call->f->coord, m);
}

/* A part reads or resets the worker's shard counters, so it waits while a transaction holds
 * the shard, like any other work for it. */
void fanout_on_call(struct worker *w, struct msg *m)
{
    if (!((struct fanout_call *)m)->f->unheld && (w->shard.holder || w->shard.deferred_head))
        dispatch_defer(w, m);
    else
        fanout_run_call(w, m);
}

void fanout_on_call_done(struct worker *w, struct msg *m)
{
    struct fanout *f = ((struct fanout_call *)m)->f;
    mem_free(m);
    if (--f->remaining == 0) fanout_finish(w, f);
}
