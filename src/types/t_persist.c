/* SAVE, BGSAVE, LASTSAVE (see t_persist.h). SAVE and BGSAVE run with every shard held, so a save
 * begins at one instant for the whole keyspace; SAVE writes the set before it answers, as Redis's
 * blocks, and BGSAVE leaves the writing to the shards' walks and the persistence thread. */
#include <stdatomic.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "persist/persist.h"
#include "resp/errors.h"
#include "shard/shard.h"
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
    if (persist_save_now(shards, n, err, sizeof err) < 0) {
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
