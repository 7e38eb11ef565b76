/* The persistence commands (see t_persist.h). SAVE and BGSAVE run with every shard held, so a
 * save begins at one instant for the whole keyspace; SAVE writes the set before it answers, as
 * Redis's blocks, and BGSAVE leaves the writing to the shards' walks and the persistence thread.
 * DEBUG holds every shard too (RELOAD saves, empties and loads them all). */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/session.h"
#include "persist/digest.h"
#include "persist/persist.h"
#include "persist/rdb_read.h"
#include "persist/rdb_write.h"
#include "resp/errors.h"
#include "shard/access.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"
#include "types/t_persist.h"

#define MAX_SHARDS 256

static int held_shards(struct cmd_ctx *ctx, struct shard **out)
{
    int n = ctx_nshards(ctx);
    for (int i = 0; i < n; i++)
        out[i] = ctx_shard_at(ctx, i);
    return n;
}

void cmd_save(struct cmd_ctx *ctx)
{
    struct shard *shards[MAX_SHARDS];
    int n = held_shards(ctx, shards);
    char err[512];
    if (persist_save_now(shards, n, 0, err, sizeof err) < 0) {
        /* Redis answers a bare ERR when the save itself failed; the log says why */
        ctx_error_text(ctx, err[0] == 'E' && err[1] == 'R' && err[2] == 'R' ? err : "ERR");
        return;
    }
    reply_ok(ctx->out);
}

void cmd_bgsave(struct cmd_ctx *ctx)
{
    if (ctx->argc > 2 || (ctx->argc == 2 && !CTX_ARG_IS(ctx, 1, "schedule"))) {
        ctx_error_text(ctx, error_text(ERR_SYNTAX));
        return;
    }
    if (atomic_load(&g_persist.bgsave_in_progress)) {
        ctx_error_text(ctx, error_text(ERR_BGSAVE_IN_PROGRESS));
        return;
    }
    if (ctx->no_block) { /* inside EXEC: Redis defers it to its timer */
        atomic_store(&g_persist.bgsave_scheduled, 1);
        reply_simple(ctx->out, "Background saving scheduled");
        return;
    }
    struct shard *shards[MAX_SHARDS];
    int n = held_shards(ctx, shards);
    char err[256];
    if (persist_bgsave(shards, n, err, sizeof err) < 0) {
        ctx_error_text(ctx, err);
        return;
    }
    reply_simple(ctx->out, "Background saving started");
}

void cmd_lastsave(struct cmd_ctx *ctx)
{
    reply_int(ctx->out, (long long)atomic_load(&g_persist.last_save_unix));
}

/* ---- DUMP RESTORE ---- */

void cmd_dump(struct cmd_ctx *ctx)
{
    struct entry *e = ks_lookup_read(ctx->shard, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    if (!e) {
        reply_null(ctx->out);
        return;
    }
    struct rdb_out o;
    rdb_out_init(&o, CONFIG_GET(rdbcompression));
    rdb_dump_payload(&o, e);
    reply_bulk(ctx->out, o.buf, o.len);
    rdb_out_free(&o);
}

static int arg_ll(struct cmd_ctx *ctx, int i, long long *v)
{
    if (str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, v)) return 1;
    ctx_error_text(ctx, error_text(ERR_NOT_INT));
    return 0;
}

/* RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME s] [FREQ f], checked in Redis's order;
 * IDLETIME or FREQ set the key's access clock, for the policy in force. */
void cmd_restore(struct cmd_ctx *ctx)
{
    int replace = 0, absttl = 0;
    long long v, idle = -1, freq = -1;
    for (int j = 4; j < ctx->argc; j++) {
        int more = ctx->argc - j - 1;
        if (CTX_ARG_IS(ctx, j, "replace")) {
            replace = 1;
        } else if (CTX_ARG_IS(ctx, j, "absttl")) {
            absttl = 1;
        } else if (CTX_ARG_IS(ctx, j, "idletime") && more >= 1 && freq < 0) {
            if (!arg_ll(ctx, ++j, &v)) return;
            if (v < 0) {
                ctx_error_text(ctx, error_text(ERR_RESTORE_IDLETIME));
                return;
            }
            idle = v;
        } else if (CTX_ARG_IS(ctx, j, "freq") && more >= 1 && idle < 0) {
            if (!arg_ll(ctx, ++j, &v)) return;
            if (v < 0 || v > 255) {
                ctx_error_text(ctx, error_text(ERR_RESTORE_FREQ));
                return;
            }
            freq = v;
        } else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return;
        }
    }
    const char *key = ctx->argv[1].ptr;
    size_t klen = ctx->argv[1].len;
    struct shard *s = ctx->shard;
    if (!replace && ks_lookup(s, ctx->db, key, klen)) {
        ctx_error_text(ctx, error_text(ERR_BUSYKEY));
        return;
    }
    long long ttl;
    if (!arg_ll(ctx, 2, &ttl)) return;
    if (ttl < 0) {
        ctx_error_text(ctx, error_text(ERR_RESTORE_TTL));
        return;
    }
    int64_t expire_at = EXPIRE_NONE;
    if (ttl) expire_at = absttl ? ttl : ks_expiry_now_ms() + ttl;
    struct entry *e;
    char err[160];
    if (rdb_restore_payload(ctx->argv[3].ptr, ctx->argv[3].len, key, klen, expire_at, &e, err,
                            sizeof err) < 0) {
        ctx_errorf(ctx, "ERR %s", err);
        return;
    }
    if (expire_at != EXPIRE_NONE && expire_at <= ks_expiry_now_ms()) {
        /* already gone: only what it replaced goes */
        entry_free(e);
        if (replace && ks_delete(s, ctx->db, key, klen))
            ks_changed(s, ctx->db, key, klen, NOTIFY_GENERIC, "del");
        reply_ok(ctx->out);
        return;
    }
    ks_put(s, ctx->db, e);
    access_set(e, idle, (int)freq);
    ks_changed(s, ctx->db, key, klen, NOTIFY_GENERIC, "restore");
    reply_ok(ctx->out);
}

/* ---- DEBUG ---- */

static int debug_allowed(const struct session *s)
{
    int allow = CONFIG_GET(enable_debug_command);
    return allow == PROTECTED_YES || (allow == PROTECTED_LOCAL && session_is_local(s));
}

static char debug_pass; /* the aux of an allowed DEBUG: nothing to carry */

void *debug_prepare(struct session *s, int argc, const struct resp_arg *argv)
{
    (void)argc, (void)argv;
    if (debug_allowed(s)) return &debug_pass;
    reply_error(session_reply_target(s), error_text(ERR_DEBUG_DISABLED));
    return NULL;
}

void debug_aux_free(void *aux)
{
    (void)aux;
}

static const char *const debug_help[] = {
    "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "DIGEST",
    "    Output a hex signature representing the current DB content.",
    "DIGEST-VALUE <key> [<key> ...]",
    "    Output a hex signature of the values of all the specified keys.",
    "RELOAD [option ...]",
    "    Save the RDB on disk and reload it back to memory. Available <option> values:",
    "    * MERGE: Merge the content of the RDB with the current dataset.",
    "    * NOFLUSH: Do not empty the dataset before loading the RDB.",
    "    * NOSAVE: the database will be loaded from an existing RDB file.",
    "    Examples:",
    "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
    "      the database.",
    "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
    "      existing RDB file.",
    "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
    "      file to the database.",
    NULL,
};

struct digest_walk {
    unsigned char acc[DIGEST_LEN];
    int db;
};

static void digest_visit(struct entry *e, void *arg)
{
    struct digest_walk *w = arg;
    if (e->type != OBJ_INTERNAL) digest_add_key(w->acc, e);
}

/* Redis's computeDatasetDigest: each database with keys mixes in its number, then its keys;
 * expired keys not yet deleted count, as there. */
static void debug_digest(struct cmd_ctx *ctx)
{
    struct digest_walk w = {{0}, 0};
    int n = ctx_nshards(ctx), ndb = ctx_shard_at(ctx, 0)->ndb;
    for (w.db = 0; w.db < ndb; w.db++) {
        uint64_t keys = 0;
        for (int i = 0; i < n; i++)
            keys += dict_size(&ctx_shard_at(ctx, i)->dbs[w.db].keys);
        if (!keys) continue;
        digest_begin_db(w.acc, w.db);
        for (int i = 0; i < n; i++) {
            uint64_t cur = 0;
            do
                cur = dict_scan(&ctx_shard_at(ctx, i)->dbs[w.db].keys, cur, digest_visit, &w);
            while (cur);
        }
    }
    char hex[2 * DIGEST_LEN + 1];
    digest_hex(w.acc, hex);
    reply_simple(ctx->out, hex);
}

static void debug_digest_value(struct cmd_ctx *ctx)
{
    reply_array(ctx->out, ctx->argc - 2);
    for (int i = 2; i < ctx->argc; i++) {
        const char *key = ctx->argv[i].ptr;
        size_t klen = ctx->argv[i].len;
        /* as Redis: a key past its expiry but not deleted yet still counts */
        struct entry *e = dict_find(&ctx_shard(ctx, key, klen)->dbs[ctx->db].keys, key, klen);
        unsigned char d[DIGEST_LEN] = {0};
        if (e) digest_value(e, d);
        char hex[2 * DIGEST_LEN + 1];
        digest_hex(d, hex);
        reply_simple(ctx->out, hex);
    }
}

/* DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty, load the set back; every shard held. */
static void debug_reload(struct cmd_ctx *ctx)
{
    int merge = 0, noflush = 0, nosave = 0;
    for (int i = 2; i < ctx->argc; i++) {
        if (CTX_ARG_IS(ctx, i, "merge"))
            merge = 1;
        else if (CTX_ARG_IS(ctx, i, "noflush"))
            noflush = 1;
        else if (CTX_ARG_IS(ctx, i, "nosave"))
            nosave = 1;
        else {
            ctx_error_text(ctx, error_text(ERR_RELOAD_OPTION));
            return;
        }
    }
    int n = ctx_nshards(ctx);
    struct shard *shards[MAX_SHARDS];
    held_shards(ctx, shards);
    char err[1024];
    /* a background save under way is dropped: the dataset it began from is being replaced */
    if (!nosave && persist_save_now(shards, n, 1, err, sizeof err) < 0) {
        ctx_error_text(ctx, error_text(ERR_RELOAD_SAVE));
        return;
    }
    if (!noflush)
        for (int i = 0; i < n; i++)
            ks_flush(shards[i], -1);
    if (persist_reload(shards, n, merge, err, sizeof err) < 0) {
        ctx_errorf(ctx, error_text(ERR_RELOAD_LOAD), err);
        return;
    }
    reply_ok(ctx->out);
}

static const char *sub_as_typed(const struct cmd_ctx *ctx)
{
    static _Thread_local char sub[129];
    size_t n = ctx->argv[1].len < sizeof sub - 1 ? ctx->argv[1].len : sizeof sub - 1;
    memcpy(sub, ctx->argv[1].ptr, n);
    sub[n] = '\0';
    return sub;
}

void cmd_debug(struct cmd_ctx *ctx)
{
    if (!ctx->aux && !debug_allowed(NULL)) { /* inside EXEC: no prepare ran */
        ctx_error_text(ctx, error_text(ERR_DEBUG_DISABLED));
        return;
    }
    if (CTX_ARG_IS(ctx, 1, "help"))
        cmd_reply_help(ctx, debug_help);
    else if (CTX_ARG_IS(ctx, 1, "digest") && ctx->argc == 2)
        debug_digest(ctx);
    else if (CTX_ARG_IS(ctx, 1, "digest-value"))
        debug_digest_value(ctx);
    else if (CTX_ARG_IS(ctx, 1, "reload"))
        debug_reload(ctx);
    else /* Redis's addReplySubcommandSyntaxError, the subcommand as typed */
        ctx_errorf(ctx, error_text(ERR_DEBUG_SUBCOMMAND), sub_as_typed(ctx));
}
