/* MOVE key db and SWAPDB a b with Redis 7.0's semantics and errors. MOVE runs on the key's
 * shard (the same in every database); SWAPDB is CMD_ALL_SHARDS and swaps the two databases on
 * every shard while all are held, so no client sees one shard swapped and another not. What the
 * swap does to WATCH and to blocked clients is ks_swap_db's (shard/keyspace.c). */
#include <limits.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/util.h"
#include "types/t_movedb.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

/* A database index argument as Redis's getIntFromObjectOrReply reads it: 0 after replying
 * (`msg` for any bad integer when given, else Redis's two errors). */
static int int_arg(struct cmd_ctx *ctx, int i, const char *msg, int *out)
{
    long long v;
    if (!str_to_ll(ARG(ctx, i), &v)) {
        ctx_error_text(ctx, msg ? msg : error_text(ERR_NOT_INT));
        return 0;
    }
    if (v < INT_MIN || v > INT_MAX) {
        if (msg)
            ctx_error_text(ctx, msg);
        else
            ctx_errorf(ctx, error_text(ERR_RANGE), (long long)INT_MIN, (long long)INT_MAX);
        return 0;
    }
    *out = (int)v;
    return 1;
}

static int db_ok(int id)
{
    return id >= 0 && id < g_config.databases;
}

/* The entry goes over whole, with its expiry; a `new` event in the target (ks_put), then
 * move_from and move_to, as Redis emits them. */
void cmd_move(struct cmd_ctx *ctx)
{
    int dst;
    if (!int_arg(ctx, 2, NULL, &dst)) return;
    if (!db_ok(dst)) {
        ctx_error_text(ctx, error_text(ERR_DB_INDEX));
        return;
    }
    if (dst == ctx->db) {
        ctx_error_text(ctx, error_text(ERR_SAME_OBJECT));
        return;
    }
    struct shard *s = ctx_shard(ctx, ARG(ctx, 1));
    if (!ks_lookup(s, ctx->db, ARG(ctx, 1)) || ks_lookup(s, dst, ARG(ctx, 1))) {
        reply_int(ctx->out, 0);
        return;
    }
    struct entry *e = ks_take(s, ctx->db, ARG(ctx, 1));
    ks_put(s, dst, e);
    ks_changed(s, ctx->db, ARG(ctx, 1), NOTIFY_GENERIC, "move_from");
    ks_changed(s, dst, ARG(ctx, 1), NOTIFY_GENERIC, "move_to");
    reply_int(ctx->out, 1);
}

void cmd_swapdb(struct cmd_ctx *ctx)
{
    int a, b;
    if (!int_arg(ctx, 1, "ERR invalid first DB index", &a) ||
        !int_arg(ctx, 2, "ERR invalid second DB index", &b))
        return;
    if (!db_ok(a) || !db_ok(b)) {
        ctx_error_text(ctx, error_text(ERR_DB_INDEX));
        return;
    }
    for (int i = 0; i < ctx_nshards(ctx); i++)
        ks_swap_db(ctx_shard_at(ctx, i), a, b);
    reply_ok(ctx->out);
}
