/* The blocking pops with Redis 7.0's semantics, replies and errors: BLPOP BRPOP BLMOVE
 * BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP. Each tries its keys at once and, finding every one
 * empty, waits (src/dispatch/blocking.c); the same serve function answers both the first try
 * and a wake-up. Handlers run as transactions holding every key's shard (CMD_BLOCKING). */
#include <limits.h>
#include <math.h>

#include "dispatch/blocking.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/mpop_args.h"
#include "types/t_blocking.h"
#include "types/t_list.h"
#include "types/t_zset.h"

#define MAX_KEYS_ON_STACK 16

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

/* Redis 7.0.15's getTimeoutFromObjectOrReply in seconds: a float times 1000, rounded up to whole
 * milliseconds, so any positive wait under 1 ms is 1 ms (truncating made it 0, which is
 * forever), while a negative one over -1 ms rounds up to 0 and waits forever as there. A product
 * out of the 64-bit range comes out as the most negative integer there (x86's conversion),
 * hence "negative" for inf and 1e300. Returns 1 with *deadline_ms absolute (0: forever), or 0
 * after replying the error. */
static int parse_timeout(struct cmd_ctx *ctx, int arg, int64_t *deadline_ms)
{
    long double secs;
    if (!str_to_ld(ctx->argv[arg].ptr, ctx->argv[arg].len, &secs)) {
        reply_err(ctx, ERR_TIMEOUT_NOT_FLOAT);
        return 0;
    }
    long double ms = ceill(secs * 1000.0L);
    long long t =
        ms < 9223372036854775808.0L && ms > -9223372036854775808.0L ? (long long)ms : LLONG_MIN;
    if (t < 0) {
        reply_err(ctx, ERR_TIMEOUT_NEGATIVE);
        return 0;
    }
    int64_t now = ks_now_ms();
    *deadline_ms = t > 0 && t <= LLONG_MAX - now ? now + t : 0;
    return 1;
}

static int served(int r)
{
    return r == 0 ? BLOCK_EMPTY : BLOCK_SERVED; /* an error reply serves the client too */
}

/* ---- BLPOP BRPOP BZPOPMIN BZPOPMAX: keys, then the timeout ---- */

static int serve_blpop(struct cmd_ctx *ctx, int keyarg)
{
    return served(list_pop_first(ctx, &keyarg, 1, LIST_HEAD, 1, POP_REPLY_KEY_ELEMENT));
}

static int serve_brpop(struct cmd_ctx *ctx, int keyarg)
{
    return served(list_pop_first(ctx, &keyarg, 1, LIST_TAIL, 1, POP_REPLY_KEY_ELEMENT));
}

static int serve_bzpopmin(struct cmd_ctx *ctx, int keyarg)
{
    return served(zset_pop_first(ctx, &keyarg, 1, ZPOP_MIN, 1, ZPOP_REPLY_KEY_MEMBER_SCORE));
}

static int serve_bzpopmax(struct cmd_ctx *ctx, int keyarg)
{
    return served(zset_pop_first(ctx, &keyarg, 1, ZPOP_MAX, 1, ZPOP_REPLY_KEY_MEMBER_SCORE));
}

static const struct block_spec blpop_spec = {OBJ_LIST, serve_blpop, 0, 0};
static const struct block_spec brpop_spec = {OBJ_LIST, serve_brpop, 0, 0};
static const struct block_spec bzpopmin_spec = {OBJ_ZSET, serve_bzpopmin, 0, 0};
static const struct block_spec bzpopmax_spec = {OBJ_ZSET, serve_bzpopmax, 0, 0};

static void keys_then_timeout(struct cmd_ctx *ctx, const struct block_spec *spec, int type,
                              int which)
{
    int64_t deadline;
    if (!parse_timeout(ctx, ctx->argc - 1, &deadline)) return;
    int n = ctx->argc - 2, stack[MAX_KEYS_ON_STACK];
    int *keys = n <= MAX_KEYS_ON_STACK ? stack : mem_alloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++)
        keys[i] = i + 1;
    int r = type == OBJ_LIST ? list_pop_first(ctx, keys, n, which, 1, POP_REPLY_KEY_ELEMENT)
                             : zset_pop_first(ctx, keys, n, which, 1, ZPOP_REPLY_KEY_MEMBER_SCORE);
    if (r == 0) block_client(ctx, keys, n, deadline, spec); /* every key was empty */
    if (keys != stack) mem_free(keys);
}

void cmd_blpop(struct cmd_ctx *ctx)
{
    keys_then_timeout(ctx, &blpop_spec, OBJ_LIST, LIST_HEAD);
}

void cmd_brpop(struct cmd_ctx *ctx)
{
    keys_then_timeout(ctx, &brpop_spec, OBJ_LIST, LIST_TAIL);
}

void cmd_bzpopmin(struct cmd_ctx *ctx)
{
    keys_then_timeout(ctx, &bzpopmin_spec, OBJ_ZSET, ZPOP_MIN);
}

void cmd_bzpopmax(struct cmd_ctx *ctx)
{
    keys_then_timeout(ctx, &bzpopmax_spec, OBJ_ZSET, ZPOP_MAX);
}

/* ---- BLMOVE BRPOPLPUSH ---- */

/* BLMOVE src dst from to timeout; BRPOPLPUSH src dst timeout is RIGHT LEFT. */
static void move_sides(const struct cmd_ctx *ctx, int *from, int *to)
{
    if (ctx->argc == 6) {
        *from = list_side(&ctx->argv[3]);
        *to = list_side(&ctx->argv[4]);
    } else {
        *from = LIST_TAIL;
        *to = LIST_HEAD;
    }
}

/* A wake-up holds the source's shard only: a destination elsewhere needs a transaction. */
static int serve_blmove(struct cmd_ctx *ctx, int keyarg)
{
    if (ctx_shard(ctx, ctx->argv[1].ptr, ctx->argv[1].len) !=
        ctx_shard(ctx, ctx->argv[2].ptr, ctx->argv[2].len))
        return BLOCK_RETRY;
    int from, to;
    move_sides(ctx, &from, &to);
    return served(list_move(ctx, 1, 2, from, to));
}

static const struct block_spec blmove_spec = {OBJ_LIST, serve_blmove, 2, 0};

static void move_or_block(struct cmd_ctx *ctx)
{
    int from, to;
    move_sides(ctx, &from, &to);
    if (from < 0 || to < 0) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int64_t deadline;
    if (!parse_timeout(ctx, ctx->argc - 1, &deadline)) return;
    static const int src[1] = {1};
    if (list_move(ctx, 1, 2, from, to) == 0) block_client(ctx, src, 1, deadline, &blmove_spec);
}

void cmd_blmove(struct cmd_ctx *ctx)
{
    move_or_block(ctx);
}

void cmd_brpoplpush(struct cmd_ctx *ctx)
{
    move_or_block(ctx);
}

/* ---- BLMPOP BZMPOP: timeout numkeys key... LEFT|RIGHT / MIN|MAX [COUNT n] ---- */

/* The side words of each type's mpop: LIST_HEAD / ZPOP_MIN is side 0. */
static int parse_mpop(struct cmd_ctx *ctx, int type, struct mpop_args *a)
{
    return type == OBJ_LIST ? mpop_parse(ctx, 2, "left", "right", a)
                            : mpop_parse(ctx, 2, "min", "max", a);
}

static int serve_mpop(struct cmd_ctx *ctx, int keyarg, int type)
{
    struct mpop_args a;
    parse_mpop(ctx, type, &a); /* it parsed when the command blocked */
    if (type == OBJ_LIST)
        return served(list_pop_first(ctx, &keyarg, 1, a.side, a.count, POP_REPLY_MPOP));
    return served(zset_pop_first(ctx, &keyarg, 1, a.side, a.count, ZPOP_REPLY_MPOP));
}

static int serve_blmpop(struct cmd_ctx *ctx, int keyarg)
{
    return serve_mpop(ctx, keyarg, OBJ_LIST);
}

static int serve_bzmpop(struct cmd_ctx *ctx, int keyarg)
{
    return serve_mpop(ctx, keyarg, OBJ_ZSET);
}

static const struct block_spec blmpop_spec = {OBJ_LIST, serve_blmpop, 0, 0};
static const struct block_spec bzmpop_spec = {OBJ_ZSET, serve_bzmpop, 0, 0};

static void mpop_or_block(struct cmd_ctx *ctx, int type, const struct block_spec *spec)
{
    struct mpop_args a;
    if (!parse_mpop(ctx, type, &a)) return;
    int64_t deadline;
    if (!parse_timeout(ctx, 1, &deadline)) return;
    int n = a.numkeys, stack[MAX_KEYS_ON_STACK];
    int *keys = n <= MAX_KEYS_ON_STACK ? stack : mem_alloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++)
        keys[i] = a.first_key + i;
    int r = type == OBJ_LIST ? list_pop_first(ctx, keys, n, a.side, a.count, POP_REPLY_MPOP)
                             : zset_pop_first(ctx, keys, n, a.side, a.count, ZPOP_REPLY_MPOP);
    if (r == 0) block_client(ctx, keys, n, deadline, spec); /* every key was empty */
    if (keys != stack) mem_free(keys);
}

void cmd_blmpop(struct cmd_ctx *ctx)
{
    mpop_or_block(ctx, OBJ_LIST, &blmpop_spec);
}

void cmd_bzmpop(struct cmd_ctx *ctx)
{
    mpop_or_block(ctx, OBJ_ZSET, &bzmpop_spec);
}

/* BLMPOP and BZMPOP's keys: numkeys at argv[2], the keys after it. */
int blocking_mpop_getkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    return cmd_numkeys_positions(argc, argv, 2, keys, max);
}
