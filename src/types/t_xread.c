/* XREAD [COUNT n] [BLOCK ms] STREAMS key ... id ... with Redis 7.0's semantics: entries after
 * each ID, `$` for "after the last one now"; with BLOCK and nothing to read it waits
 * (src/dispatch/blocking.c) until an XADD to one of its keys, and is served from that key
 * alone. Reading takes nothing away, so every waiter of a key is served by the same XADD.
 * Handlers run holding every key's shard (a blocking form routes as a transaction). */
#include <string.h>

#include "dispatch/blocking.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/stream_args.h"
#include "types/t_stream.h"

/* A blocked XREAD without COUNT is served at most this many entries (Redis's
 * XREAD_BLOCKED_DEFAULT_COUNT), in case its ID was far behind. */
#define XREAD_BLOCKED_DEFAULT_COUNT 1000
#define IDS_ON_STACK                8

struct xread_args {
    long long timeout_ms; /* -1: no BLOCK */
    long long count;      /* 0: no limit */
    int streams_arg;      /* index of the first key */
    int nstreams;
};

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static int parse_args(struct cmd_ctx *ctx, struct xread_args *a)
{
    memset(a, 0, sizeof *a);
    a->timeout_ms = -1;
    for (int i = 1; i < ctx->argc; i++) {
        int more = ctx->argc - i - 1;
        if (CTX_ARG_IS(ctx, i, "block") && more) {
            i++;
            if (!str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, &a->timeout_ms)) {
                reply_err(ctx, ERR_TIMEOUT_NOT_INT);
                return -1;
            }
            if (a->timeout_ms < 0) {
                reply_err(ctx, ERR_TIMEOUT_NEGATIVE);
                return -1;
            }
        } else if (CTX_ARG_IS(ctx, i, "count") && more) {
            i++;
            if (!str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, &a->count)) {
                reply_err(ctx, ERR_NOT_INT);
                return -1;
            }
            if (a->count < 0) a->count = 0;
        } else if (CTX_ARG_IS(ctx, i, "streams") && more) {
            a->streams_arg = i + 1;
            if ((ctx->argc - a->streams_arg) % 2) {
                reply_err(ctx, ERR_XREAD_UNBALANCED);
                return -1;
            }
            a->nstreams = (ctx->argc - a->streams_arg) / 2;
            return 0;
        } else if (CTX_ARG_IS(ctx, i, "group") && more >= 2) {
            reply_err(ctx, ERR_XREAD_GROUP);
            return -1;
        } else if (CTX_ARG_IS(ctx, i, "noack")) {
            reply_err(ctx, ERR_XREAD_NOACK);
            return -1;
        } else {
            break;
        }
    }
    reply_err(ctx, ERR_SYNTAX);
    return -1;
}

static int is_dollar(const struct resp_arg *a)
{
    return a->len == 1 && a->ptr[0] == '$';
}

/* One stream's part of the reply: [key, entries] (RESP3: key => entries in the map around). */
static void reply_stream(struct cmd_ctx *ctx, int keyarg, const struct streamobj *s,
                         const struct stream_id *after, uint64_t count)
{
    struct stream_id start = *after;
    stream_id_incr(&start);
    if (ctx->out->resp < 3) reply_array(ctx->out, 2);
    reply_bulk(ctx->out, ctx->argv[keyarg].ptr, ctx->argv[keyarg].len);
    stream_reply_range(ctx->out, s, &start, NULL, count, 0, 0);
}

/* ---- served after a wait ---- */

static int serve_xread(struct cmd_ctx *ctx, int keyarg)
{
    struct xread_args a;
    parse_args(ctx, &a); /* it parsed when the client blocked */
    const struct resp_arg *key = &ctx->argv[keyarg], *id = &ctx->argv[keyarg + a.nstreams];
    struct stream_id after;
    stream_id_parse(id->ptr, id->len, 0, 1, NULL, &after); /* `$` became an ID then */
    struct entry *e = ks_lookup(ctx_shard(ctx, key->ptr, key->len), ctx->db, key->ptr, key->len);
    if (!e || e->type != OBJ_STREAM) return BLOCK_EMPTY;
    const struct streamobj *s = entry_object(e);
    /* Redis serves once its last ID is past the waiter's, at the next XADD; here any write may
     * wake the waiter (EXPIRE...), so it is served only when a live entry is past its ID. */
    struct stream_id top;
    if (!streamobj_last_valid_id(s, &top) || stream_id_cmp(&top, &after) <= 0) return BLOCK_EMPTY;
    if (ctx->out->resp < 3)
        reply_array(ctx->out, 1);
    else
        reply_map(ctx->out, 1);
    reply_stream(ctx, keyarg, s, &after, a.count ? (uint64_t)a.count : XREAD_BLOCKED_DEFAULT_COUNT);
    return BLOCK_SERVED;
}

/* Every waiter of a key gets the new entries: one with nothing to read does not stop the rest. */
static const struct block_spec xread_spec = {OBJ_STREAM, serve_xread, 0, 1};

/* Waits with each `$` turned into the ID it stood for now, so a wake-up reads what came after
 * it rather than waiting for the next entry again. */
static void wait_for_entries(struct cmd_ctx *ctx, const struct xread_args *a,
                             const struct stream_id *ids)
{
    int n = a->nstreams;
    struct resp_arg *argv = mem_alloc((size_t)ctx->argc * sizeof *argv);
    char *idbuf = mem_alloc((size_t)n * STREAM_ID_STR);
    int *keys = mem_alloc((size_t)n * sizeof *keys);
    memcpy(argv, ctx->argv, (size_t)ctx->argc * sizeof *argv);
    for (int k = 0; k < n; k++) {
        keys[k] = a->streams_arg + k;
        struct resp_arg *arg = &argv[a->streams_arg + n + k];
        if (!is_dollar(arg)) continue;
        char *buf = idbuf + (size_t)k * STREAM_ID_STR;
        *arg = (struct resp_arg){buf, (size_t)stream_id_format(buf, &ids[k])};
    }
    int64_t now = ks_now_ms();
    int64_t deadline =
        a->timeout_ms > 0 && a->timeout_ms <= INT64_MAX - now ? now + a->timeout_ms : 0;
    const struct resp_arg *given = ctx->argv;
    ctx->argv = argv; /* the record copies the arguments */
    block_client(ctx, keys, n, deadline, &xread_spec);
    ctx->argv = given;
    mem_free(keys);
    mem_free(idbuf);
    mem_free(argv);
}

void cmd_xread(struct cmd_ctx *ctx)
{
    struct xread_args a;
    if (parse_args(ctx, &a)) return;
    int n = a.nstreams, failed;
    struct stream_id stack[IDS_ON_STACK];
    struct stream_id *ids = n <= IDS_ON_STACK ? stack : mem_alloc((size_t)n * sizeof *ids);
    for (int k = 0; k < n; k++) {
        int idarg = a.streams_arg + n + k;
        struct streamobj *s = stream_lookup(ctx, a.streams_arg + k, 1, &failed);
        if (failed) goto out;
        if (is_dollar(&ctx->argv[idarg])) {
            ids[k] = s ? s->last_id : (struct stream_id){0, 0};
        } else if (ctx->argv[idarg].len == 1 && ctx->argv[idarg].ptr[0] == '>') {
            reply_err(ctx, ERR_XREAD_GT);
            goto out;
        } else if (stream_arg_id(ctx, idarg, 0, 1, NULL, &ids[k])) {
            goto out;
        }
    }
    size_t mark = 0, served = 0;
    for (int k = 0; k < n; k++) {
        struct streamobj *s = stream_lookup(ctx, a.streams_arg + k, 1, &failed);
        struct stream_id top;
        /* served now only when there is an entry to give */
        if (!s || !streamobj_last_valid_id(s, &top) || stream_id_cmp(&top, &ids[k]) <= 0) continue;
        if (served++ == 0) mark = reply_defer_len(ctx->out);
        reply_stream(ctx, a.streams_arg + k, s, &ids[k], (uint64_t)a.count);
    }
    if (served)
        reply_set_deferred_len(ctx->out, mark, ctx->out->resp >= 3 ? '%' : '*', served);
    else if (a.timeout_ms != -1)
        wait_for_entries(ctx, &a, ids);
    else
        reply_null_array(ctx->out);
out:
    if (ids != stack) mem_free(ids);
}

/* Redis's xreadGetKeys: the keys are the first half of what follows STREAMS. */
int xread_getkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    int streams = -1;
    for (int i = 1; i < argc; i++) {
        const struct resp_arg *a = &argv[i];
        if (arg_is(a->ptr, a->len, "block") || arg_is(a->ptr, a->len, "count")) {
            i++;
        } else if (arg_is(a->ptr, a->len, "group")) {
            i += 2;
        } else if (arg_is(a->ptr, a->len, "noack")) {
            continue;
        } else if (arg_is(a->ptr, a->len, "streams")) {
            streams = i;
            break;
        } else {
            break;
        }
    }
    int rest = argc - streams - 1;
    if (streams < 0 || rest == 0 || rest % 2) return -1;
    int n = rest / 2;
    for (int k = 0; k < n && k < max; k++)
        keys[k] = streams + 1 + k;
    return n < max ? n : max;
}

/* Only XREAD with BLOCK may wait: without it, it is routed like any read. */
int xread_may_block(int argc, const struct resp_arg *argv)
{
    for (int i = 1; i < argc - 1; i++) {
        const struct resp_arg *a = &argv[i];
        if (arg_is(a->ptr, a->len, "streams")) return 0;
        if (arg_is(a->ptr, a->len, "block")) return 1;
        if (arg_is(a->ptr, a->len, "count")) i++;
    }
    return 0;
}
