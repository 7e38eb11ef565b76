/* The persistence commands (see t_persist.h). SAVE and BGSAVE run with every shard held, so a
 * save begins at one instant for the whole keyspace; SAVE writes the set before it answers, as
 * Redis's blocks, and BGSAVE leaves the writing to the shards' walks and the persistence thread.
 * DEBUG RELOAD and DIGEST are in t_debug.c. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
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
