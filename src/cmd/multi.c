/* MULTI / EXEC / DISCARD, WATCH / UNWATCH (see multi.h and docs/execution.md). The queue and the
 * watch list belong to the session, on the client's worker. A WATCH mark is taken on the key's
 * shard by the WATCH handler, which writes it into a record the session shares with it until
 * then (a reference each); EXEC reads the marks only once it holds the keys' shards, which comes
 * after the WATCH ran there (each shard serves its work in order). */
#include <stdatomic.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/exec.h"
#include "cmd/multi.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "cmd/tracking.h"
#include "dispatch/blocking.h"
#include "dispatch/dispatch.h"
#include "dispatch/txn.h"
#include "resp/errors.h"
#include "server/worker.h"
#include "shard/keyspace.h"
#include "tessera/mem.h"
#include "tessera/slot.h"

struct multi_state {
    int n, cap;
    struct queued_cmd *cmds;
    char **arenas; /* each command's copied arguments */
    int error;     /* a command was refused: EXEC answers EXECABORT */
};

/* One watched key: the session's reference and, until it has run, the WATCH handler's. */
struct watched_key {
    struct watched_key *next;
    _Atomic int refs;
    _Atomic int marked; /* the handler has written mark */
    struct ks_watch_mark mark;
    int db;
    int shard;
    size_t klen;
    char key[];
};

struct watch_set {
    struct watched_key *head;
};

/* What WATCH's handler fills in: the records of its keys, in argument order. */
struct watch_marks {
    int n;
    struct watched_key *keys[];
};

static void watched_unref(struct watched_key *k)
{
    if (atomic_fetch_sub(&k->refs, 1) == 1) mem_free(k);
}

static void watch_clear(struct session *s)
{
    if (!s->watches) return;
    for (struct watched_key *k = s->watches->head, *n; k; k = n) {
        n = k->next;
        watched_unref(k);
    }
    mem_free(s->watches);
    s->watches = NULL;
}

static void multi_free(struct multi_state *m)
{
    if (!m) return;
    for (int i = 0; i < m->n; i++)
        mem_free(m->arenas[i]);
    mem_free(m->cmds);
    mem_free(m->arenas);
    mem_free(m);
}

void multi_session_end(struct session *s)
{
    multi_free(s->multi);
    s->multi = NULL;
    watch_clear(s);
}

int multi_queued(const struct session *s)
{
    return s->multi ? s->multi->n : -1;
}

void multi_flag_error(struct session *s)
{
    s->multi->error = 1;
}

void multi_queue(struct session *s, const struct command *cmd, int argc,
                 const struct resp_arg *argv)
{
    struct multi_state *m = s->multi;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 8;
        m->cmds = mem_realloc(m->cmds, (size_t)m->cap * sizeof *m->cmds);
        m->arenas = mem_realloc(m->arenas, (size_t)m->cap * sizeof *m->arenas);
    }
    struct queued_cmd *q = &m->cmds[m->n];
    q->cmd = cmd;
    q->db = s->db;
    q->argc = argc;
    q->aux = NULL;
    q->argv = txn_copy_args(argc, argv, &m->arenas[m->n]);
    m->n++;
    reply_simple(session_reply_target(s), "QUEUED");
}

int multi_queued_flags(const struct session *s, uint32_t flags)
{
    const struct multi_state *m = s->multi;
    for (int i = 0; m && i < m->n; i++)
        if (m->cmds[i].cmd->flags & flags) return 1;
    return 0;
}

void cmd_multi(struct cmd_ctx *ctx)
{
    if (ctx->session->multi) {
        ctx_error_text(ctx, "ERR MULTI calls can not be nested");
        return;
    }
    ctx->session->multi = mem_calloc(1, sizeof(struct multi_state));
    reply_ok(ctx->out);
}

void cmd_discard(struct cmd_ctx *ctx)
{
    if (!ctx->session->multi) {
        ctx_error_text(ctx, "ERR DISCARD without MULTI");
        return;
    }
    multi_session_end(ctx->session);
    reply_ok(ctx->out);
}

void cmd_unwatch(struct cmd_ctx *ctx)
{
    watch_clear(ctx->session);
    reply_ok(ctx->out);
}

static int key_shard(const struct resp_arg *k)
{
    return shard_of_slot(slot_of_key(k->ptr, k->len), g_nworkers);
}

void *watch_prepare(struct session *s, int argc, const struct resp_arg *argv)
{
    if (s->multi) {
        reply_error(session_reply_target(s), "ERR WATCH inside MULTI is not allowed");
        return NULL;
    }
    if (!s->watches) s->watches = mem_calloc(1, sizeof *s->watches);
    struct watch_marks *wm = mem_alloc(sizeof *wm + (size_t)(argc - 1) * sizeof wm->keys[0]);
    wm->n = argc - 1;
    for (int i = 1; i < argc; i++) {
        struct watched_key *k = mem_calloc(1, sizeof *k + argv[i].len);
        atomic_init(&k->refs, 2);
        k->db = s->db;
        k->shard = key_shard(&argv[i]);
        k->klen = argv[i].len;
        memcpy(k->key, argv[i].ptr, argv[i].len);
        k->next = s->watches->head;
        s->watches->head = k;
        wm->keys[i - 1] = k;
    }
    return wm;
}

void watch_aux_free(void *aux)
{
    struct watch_marks *wm = aux;
    for (int i = 0; i < wm->n; i++)
        watched_unref(wm->keys[i]); /* left unmarked: an EXEC watching it aborts */
    mem_free(wm);
}

void cmd_watch(struct cmd_ctx *ctx)
{
    struct watch_marks *wm = ctx->aux;
    for (int i = 0; wm && i < wm->n; i++) {
        struct watched_key *k = wm->keys[i];
        k->mark = ks_watch_mark(ctx_shard(ctx, k->key, k->klen), k->db, k->key, k->klen);
        atomic_store_explicit(&k->marked, 1, memory_order_release);
        watched_unref(k);
    }
    mem_free(wm);
    reply_ok(ctx->out);
}

/* With the watched keys' shards held: did any of them change since its WATCH? Each mark is
 * released on the way, so that its shard's table of watched keys empties again. */
static int watched_changed(struct session *s)
{
    if (!s->watches) return 0;
    int changed = 0;
    for (struct watched_key *k = s->watches->head; k; k = k->next) {
        if (!atomic_load_explicit(&k->marked, memory_order_acquire)) {
            changed = 1;
            continue;
        }
        struct shard *sh = &g_workers[k->shard]->shard;
        if (!changed && ks_changed_since(sh, k->db, k->key, k->klen, k->mark)) changed = 1;
        ks_watch_release(sh, k->db, k->key, k->klen, k->mark);
        atomic_store_explicit(&k->marked, 0, memory_order_relaxed); /* released once */
    }
    return changed;
}

/* The shards a queued command touches, marked in mask. */
static void mark_shards(const struct queued_cmd *q, uint8_t *mask, int self)
{
    if (q->cmd->flags & CMD_CONN) return;
    /* a script in a block holds every shard: it cannot run again over more of them */
    if ((q->cmd->flags & CMD_SCRIPT) || cmd_needs_all_shards(q->cmd, q->argc, q->argv)) {
        memset(mask, 1, (size_t)g_nworkers);
        return;
    }
    int keys_buf[16];
    int *keys = q->argc <= 16 ? keys_buf : mem_alloc((size_t)q->argc * sizeof(int));
    int n = cmd_key_positions(q->cmd, q->argc, q->argv, keys, q->argc);
    for (int i = 0; i < n; i++)
        mask[key_shard(&q->argv[keys[i]])] = 1;
    if (n <= 0) mask[self] = 1; /* keyless, or keys that do not parse: runs on our shard */
    if (keys != keys_buf) mem_free(keys);
}

/* Whether every key of the command sits on one shard (ctx->shard can then be that shard). */
static struct shard *single_shard(const struct queued_cmd *q, struct worker *w)
{
    if ((q->cmd->flags & (CMD_CONN | CMD_SCRIPT)) || cmd_needs_all_shards(q->cmd, q->argc, q->argv))
        return NULL;
    int keys_buf[16];
    int *keys = q->argc <= 16 ? keys_buf : mem_alloc((size_t)q->argc * sizeof(int));
    int n = cmd_key_positions(q->cmd, q->argc, q->argv, keys, q->argc);
    int s = n <= 0 ? w->id : key_shard(&q->argv[keys[0]]);
    for (int i = 1; i < n; i++)
        if (key_shard(&q->argv[keys[i]]) != s) s = -1;
    if (keys != keys_buf) mem_free(keys);
    return s < 0 ? NULL : &g_workers[s]->shard;
}

static void feed_exec(struct session *s)
{
    static const struct resp_arg exec_arg = {"EXEC", 4};
    if (pubsub_monitoring()) pubsub_feed_monitors(s, cmd_lookup("exec", 4), s->db, 1, &exec_arg);
}

/* The block, with every shard it needs held: the watch check, then each command in order, its
 * reply (or error) in place in one array. */
static void exec_run(struct worker *w, struct session *s, struct reply *out, void *arg)
{
    struct multi_state *m = arg;
    if (s->closing) {
        /* The client left while the block waited for its shards: nothing of it runs (its
         * connection commands would register a session that is going away). */
        multi_free(m);
        return;
    }
    if (watched_changed(s)) {
        reply_null_array(out);
    } else {
        reply_array(out, (size_t)m->n);
        ks_command_begin(); /* the block's keys expire against its start */
        struct pending *rest = NULL;
        for (int i = 0; i < m->n; i++) {
            struct pending *tail = s->ptail;
            struct queued_cmd *q = &m->cmds[i];
            if (pubsub_monitoring()) pubsub_feed_monitors(s, q->cmd, s->db, q->argc, q->argv);
            q->db = s->db; /* a SELECT earlier in the block counts */
            struct cmd_ctx ctx = {.w = w,
                                  .session = (q->cmd->flags & CMD_CONN) ? s : NULL,
                                  .client = s,
                                  .shard = single_shard(q, w),
                                  .db = q->db,
                                  .argc = q->argc,
                                  .argv = q->argv,
                                  .out = out,
                                  .cmd = q->cmd,
                                  .no_block = 1,
                                  .track = s->tracking && tracking_wants(s, q->cmd),
                                  .client_worker = w->id,
                                  .client_id = ks_tracking() ? s->id : 0};
            char denied[320];
            if (__builtin_expect(!(acl_user_of(s->user)->flags & ACL_ALLPERM), 0) &&
                acl_exec_refuse(s, q->cmd, q->argc, q->argv, denied, sizeof denied))
                reply_error(out, denied);
            else
                cmd_call(&ctx);
            if (s->ptail != tail) {
                /* It took a reply place of its own (a PUBLISH counting on other workers): the
                 * rest of the array goes in a place after it. */
                if (rest) rest->ready = 1;
                rest = session_reserve(s);
                out = &rest->r;
            }
        }
        if (rest) rest->ready = 1;
        tracking_block_done(s);
        ks_command_end();
        /* Clients blocked on keys the block wrote are served after it, as Redis does. */
        if (ks_ready_shards) block_serve_ready(w);
    }
    feed_exec(s);
    watch_clear(s);
    multi_free(m);
}

void cmd_exec(struct cmd_ctx *ctx)
{
    struct session *s = ctx->session;
    struct multi_state *m = s->multi;
    if (!m) {
        feed_exec(s);
        ctx_error_text(ctx, "ERR EXEC without MULTI");
        return;
    }
    s->multi = NULL;
    if (m->error) {
        feed_exec(s);
        multi_free(m);
        watch_clear(s);
        ctx_error_text(ctx, "EXECABORT Transaction discarded because of previous errors.");
        return;
    }
    uint8_t mask[256] = {0};
    for (int i = 0; i < m->n; i++)
        mark_shards(&m->cmds[i], mask, ctx->w->id);
    if (s->watches)
        for (struct watched_key *k = s->watches->head; k; k = k->next)
            mask[k->shard] = 1;
    route_flush_batch(ctx->w, s); /* the commands before EXEC go first */
    txn_start_block(ctx->w, s, mask, exec_run, m);
}
