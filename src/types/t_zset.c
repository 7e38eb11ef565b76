/* Sorted-set commands with Redis 7.0's semantics, errors and replies (RESP2 and RESP3): ZADD
 * ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT ZLEXCOUNT, the ZRANGE family and
 * ZRANGESTORE, ZREMRANGEBY*, ZPOPMIN ZPOPMAX ZMPOP, ZRANDMEMBER, ZUNION ZINTER ZDIFF and their
 * STORE forms, ZINTERCARD and ZSCAN. A sorted set never exists empty. Handlers run on the thread
 * holding the shards of all their keys (multi-key forms look each key's shard up). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp/errors.h"
#include "shard/keyspace.h"
#include "shard/setobj.h"
#include "shard/zsetobj.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/mpop_args.h"
#include "types/t_zset.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

/* Reply shapes of the pops beyond the two exported ones (ZPOPMIN and ZPOPMAX). */
#define ZPOP_REPLY_FLAT  2 /* [member, score, ...] */
#define ZPOP_REPLY_PAIRS 3 /* [[member, score], ...]: RESP3 with a count */

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *arg_shard(struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ARG(ctx, i));
}

/* The sorted set at argument i for reading (keyspace hits and misses counted): NULL when absent
 * or, with *failed set, after replying WRONGTYPE. */
static struct zsetobj *zset_read(struct cmd_ctx *ctx, int i, int *failed)
{
    struct entry *e = ks_lookup_read(arg_shard(ctx, i), ctx->db, ARG(ctx, i));
    *failed = 0;
    if (!e) return NULL;
    if (e->type != OBJ_ZSET) {
        reply_err(ctx, ERR_WRONGTYPE);
        *failed = 1;
        return NULL;
    }
    return entry_object(e);
}

/* The same for a command that writes the key (no hit or miss counted, as Redis's
 * lookupKeyWrite). */
static struct zsetobj *zset_write(struct cmd_ctx *ctx, int i, int *failed)
{
    struct entry *e = ks_lookup(arg_shard(ctx, i), ctx->db, ARG(ctx, i));
    *failed = 0;
    if (!e) return NULL;
    if (e->type != OBJ_ZSET) {
        reply_err(ctx, ERR_WRONGTYPE);
        *failed = 1;
        return NULL;
    }
    return entry_object(e);
}

/* The write hook for key argument i, with Redis's event name. */
static void changed(struct cmd_ctx *ctx, int i, int cls, const char *event)
{
    ks_changed(arg_shard(ctx, i), ctx->db, ARG(ctx, i), cls, event);
}

/* Deletes key argument i, with a `del` event when it existed. */
static void delete_key(struct cmd_ctx *ctx, int i)
{
    if (ks_delete(arg_shard(ctx, i), ctx->db, ARG(ctx, i))) changed(ctx, i, NOTIFY_GENERIC, "del");
}

/* After the command's own event: a sorted set emptied goes, with a `del` event. */
static void drop_if_empty(struct cmd_ctx *ctx, int i, const struct zsetobj *z)
{
    if (zsetobj_len(z) == 0) delete_key(ctx, i);
}

/* Stores a result at argument i, replacing whatever the key held (and its expiry), with the
 * command's event, or deletes the key when the result is empty. Takes z. */
static void store_result(struct cmd_ctx *ctx, int i, struct zsetobj *z, const char *event)
{
    if (zsetobj_len(z) == 0) {
        zsetobj_free(z);
        delete_key(ctx, i);
        return;
    }
    ks_put(arg_shard(ctx, i), ctx->db, entry_new_object(ARG(ctx, i), OBJ_ZSET, z, EXPIRE_NONE));
    changed(ctx, i, NOTIFY_ZSET, event);
}

/* ---- argument parsing ---- */

/* Redis's getPositiveLongFromObjectOrReply with its default message. */
static int parse_nonneg(struct cmd_ctx *ctx, int i, long long *out)
{
    if (!str_to_ll(ARG(ctx, i), out) || *out < 0) {
        reply_err(ctx, ERR_NOT_POSITIVE);
        return 0;
    }
    return 1;
}

static int parse_ll(struct cmd_ctx *ctx, int i, long long *out)
{
    if (!str_to_ll(ARG(ctx, i), out)) {
        reply_err(ctx, ERR_NOT_INT);
        return 0;
    }
    return 1;
}

/* A score bound as Redis's zslParseRange reads it: strtod over the C string (so up to a NUL
 * byte), an optional "(" for an exclusive end, NaN refused; overflow gives an infinity. */
static int parse_score_bound(const struct resp_arg *a, double *v, int *ex)
{
    char stack[128];
    size_t len = strnlen(a->ptr, a->len);
    char *buf = len < sizeof stack ? stack : mem_alloc(len + 1);
    memcpy(buf, a->ptr, len);
    buf[len] = '\0';
    const char *p = buf;
    *ex = 0;
    if (p[0] == '(') {
        p++;
        *ex = 1;
    }
    char *end;
    *v = strtod(p, &end);
    int ok = *end == '\0' && !isnan(*v);
    if (buf != stack) mem_free(buf);
    return ok;
}

static int parse_score_range(const struct resp_arg *min, const struct resp_arg *max,
                             struct zscore_range *r)
{
    return parse_score_bound(min, &r->min, &r->minex) && parse_score_bound(max, &r->max, &r->maxex);
}

/* "[x", "(x", "-" or "+", as Redis's zslParseLexRangeItem (which reads "+" and "-" as C
 * strings: anything after a NUL byte is ignored). */
static int parse_lex_bound(const struct resp_arg *a, struct zlex_bound *b)
{
    if (a->len == 0) return 0;
    b->s = a->ptr + 1;
    b->len = a->len - 1;
    switch (a->ptr[0]) {
    case '+':
    case '-':
        if (a->len > 1 && a->ptr[1] != '\0') return 0;
        b->kind = a->ptr[0] == '+' ? ZLEX_MAX : ZLEX_MIN;
        return 1;
    case '(':
        b->kind = ZLEX_EXCL;
        return 1;
    case '[':
        b->kind = ZLEX_INCL;
        return 1;
    default:
        return 0;
    }
}

static int parse_lex_range(const struct resp_arg *min, const struct resp_arg *max,
                           struct zlex_range *r)
{
    return parse_lex_bound(min, &r->min) && parse_lex_bound(max, &r->max);
}

/* ---- replies ---- */

/* The header of `n` members, with their scores when asked: RESP2 flattens the pairs. */
static void reply_members_header(struct cmd_ctx *ctx, uint64_t n, int withscores)
{
    reply_array(ctx->out, (size_t)(withscores && ctx->out->resp < 3 ? 2 * n : n));
}

static void reply_member(struct cmd_ctx *ctx, const char *m, size_t len, double score,
                         int withscores)
{
    if (withscores && ctx->out->resp >= 3) reply_array(ctx->out, 2);
    reply_bulk(ctx->out, m, len);
    if (withscores) reply_double(ctx->out, score);
}

/* Replies `count` members walked from a rank (downwards when reverse). */
static void reply_walk(struct cmd_ctx *ctx, const struct zsetobj *z, uint64_t rank, int reverse,
                       uint64_t count, int withscores)
{
    reply_members_header(ctx, count, withscores);
    struct zset_iter it;
    zsetobj_iter_init(&it, z, rank, reverse);
    const char *m;
    size_t len;
    double score;
    for (uint64_t i = 0; i < count && zsetobj_iter_next(&it, &m, &len, &score); i++)
        reply_member(ctx, m, len, score, withscores);
}

/* ---- ZADD ZINCRBY ---- */

#define ZADD_NX   (1 << 0)
#define ZADD_XX   (1 << 1)
#define ZADD_GT   (1 << 2)
#define ZADD_LT   (1 << 3)
#define ZADD_CH   (1 << 4)
#define ZADD_INCR (1 << 5)

static int zadd_flag(const struct resp_arg *a)
{
    static const struct {
        const char *name;
        int flag;
    } flags[] = {{"nx", ZADD_NX}, {"xx", ZADD_XX}, {"gt", ZADD_GT},
                 {"lt", ZADD_LT}, {"ch", ZADD_CH}, {"incr", ZADD_INCR}};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (arg_is(a->ptr, a->len, flags[i].name)) return flags[i].flag;
    return 0;
}

/* Redis's zaddGenericCommand: options, then every score is parsed before anything changes. */
static void zadd_generic(struct cmd_ctx *ctx, int flags)
{
    int first = 2, f;
    while (first < ctx->argc && (f = zadd_flag(&ctx->argv[first]))) {
        flags |= f;
        first++;
    }
    int nx = flags & ZADD_NX, xx = flags & ZADD_XX, gt = flags & ZADD_GT, lt = flags & ZADD_LT;
    int incr = flags & ZADD_INCR;
    int args = ctx->argc - first;
    if (args == 0 || args % 2) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int pairs = args / 2;
    if (nx && xx) {
        reply_err(ctx, ERR_ZADD_NX_XX);
        return;
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
        reply_err(ctx, ERR_GT_LT_NX);
        return;
    }
    if (incr && pairs > 1) {
        reply_err(ctx, ERR_ZADD_INCR_PAIR);
        return;
    }
    double one, *scores = pairs == 1 ? &one : mem_alloc((size_t)pairs * sizeof *scores);
    for (int j = 0; j < pairs; j++) {
        if (!str_to_d(ARG(ctx, first + 2 * j), &scores[j])) {
            reply_err(ctx, ERR_NOT_FLOAT);
            goto done;
        }
    }
    int failed;
    struct zsetobj *z = zset_write(ctx, 1, &failed);
    if (failed) goto done;
    long long added = 0, updated = 0, processed = 0;
    double score = 0;
    if (!z && !xx) {
        z = zsetobj_new();
        ks_put(arg_shard(ctx, 1), ctx->db, entry_new_object(ARG(ctx, 1), OBJ_ZSET, z, EXPIRE_NONE));
    }
    for (int j = 0; z && j < pairs; j++) {
        const struct resp_arg *m = &ctx->argv[first + 2 * j + 1];
        double cur;
        score = scores[j];
        if (zsetobj_score(z, m->ptr, m->len, &cur)) {
            if (nx) continue;
            if (incr) {
                score += cur;
                if (isnan(score)) {
                    reply_err(ctx, ERR_SCORE_NAN);
                    goto done;
                }
            }
            if ((lt && score >= cur) || (gt && score <= cur)) continue;
            processed++;
            if (score != cur) {
                zsetobj_set(z, m->ptr, m->len, score);
                updated++;
            }
        } else if (!xx) {
            zsetobj_set(z, m->ptr, m->len, score);
            added++;
            processed++;
        }
    }
    if (added || updated) changed(ctx, 1, NOTIFY_ZSET, incr ? "zincr" : "zadd");
    if (incr) {
        if (processed)
            reply_double(ctx->out, score);
        else
            reply_null(ctx->out);
    } else {
        reply_int(ctx->out, (flags & ZADD_CH) ? added + updated : added);
    }
done:
    if (scores != &one) mem_free(scores);
}

void cmd_zadd(struct cmd_ctx *ctx)
{
    zadd_generic(ctx, 0);
}

void cmd_zincrby(struct cmd_ctx *ctx)
{
    zadd_generic(ctx, ZADD_INCR);
}

/* ---- single-key reads and removal ---- */

void cmd_zrem(struct cmd_ctx *ctx)
{
    int failed;
    struct zsetobj *z = zset_write(ctx, 1, &failed);
    if (failed) return;
    long long deleted = 0;
    for (int i = 2; z && i < ctx->argc && zsetobj_len(z) > 0; i++)
        deleted += zsetobj_del(z, ARG(ctx, i));
    if (deleted) {
        changed(ctx, 1, NOTIFY_ZSET, "zrem");
        drop_if_empty(ctx, 1, z);
    }
    reply_int(ctx->out, deleted);
}

void cmd_zcard(struct cmd_ctx *ctx)
{
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    reply_int(ctx->out, z ? (long long)zsetobj_len(z) : 0);
}

void cmd_zscore(struct cmd_ctx *ctx)
{
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    double score;
    if (z && zsetobj_score(z, ARG(ctx, 2), &score))
        reply_double(ctx->out, score);
    else
        reply_null(ctx->out);
}

void cmd_zmscore(struct cmd_ctx *ctx)
{
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    reply_array(ctx->out, (size_t)ctx->argc - 2);
    for (int i = 2; i < ctx->argc; i++) {
        double score;
        if (z && zsetobj_score(z, ARG(ctx, i), &score))
            reply_double(ctx->out, score);
        else
            reply_null(ctx->out);
    }
}

static void zrank_generic(struct cmd_ctx *ctx, int reverse)
{
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    int64_t rank = z ? zsetobj_rank(z, ARG(ctx, 2), reverse) : -1;
    if (rank >= 0)
        reply_int(ctx->out, rank);
    else
        reply_null(ctx->out);
}

void cmd_zrank(struct cmd_ctx *ctx)
{
    zrank_generic(ctx, 0);
}

void cmd_zrevrank(struct cmd_ctx *ctx)
{
    zrank_generic(ctx, 1);
}

void cmd_zcount(struct cmd_ctx *ctx)
{
    struct zscore_range r;
    if (!parse_score_range(&ctx->argv[2], &ctx->argv[3], &r)) {
        reply_err(ctx, ERR_MINMAX_FLOAT);
        return;
    }
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    uint64_t first;
    reply_int(ctx->out, z ? (long long)zsetobj_score_span(z, &r, &first) : 0);
}

void cmd_zlexcount(struct cmd_ctx *ctx)
{
    struct zlex_range r;
    if (!parse_lex_range(&ctx->argv[2], &ctx->argv[3], &r)) {
        reply_err(ctx, ERR_MINMAX_LEX);
        return;
    }
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    uint64_t first;
    reply_int(ctx->out, z ? (long long)zsetobj_lex_span(z, &r, &first) : 0);
}

/* ---- ZRANGE and its family ---- */

enum range_by { BY_AUTO, BY_RANK, BY_SCORE, BY_LEX };
enum range_dir { DIR_AUTO, DIR_FORWARD, DIR_REVERSE };

/* Rank bounds as Redis sanitizes them: negative counts from the end; the result is the first
 * rank and how many, 0 when the range is empty. */
static uint64_t rank_window(long long start, long long end, uint64_t len, uint64_t *first)
{
    long long llen = (long long)len;
    if (start < 0) start += llen;
    if (end < 0) end += llen;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return 0;
    if (end >= llen) end = llen - 1;
    *first = (uint64_t)start;
    return (uint64_t)(end - start + 1);
}

/* How many of the n members in a range LIMIT offset count leaves, as Redis walks them: a
 * negative offset leaves none, a negative count means no limit. */
static uint64_t limit_window(uint64_t n, long long offset, long long limit)
{
    if (offset < 0 || (uint64_t)offset >= n) return 0;
    n -= (uint64_t)offset;
    if (limit >= 0 && (uint64_t)limit < n) n = (uint64_t)limit;
    return n;
}

/* Redis's zrangeGenericCommand. ZRANGESTORE passes store = 1: the source is argument 2 and the
 * destination argument 1. The legacy forms fix `by` and `dir`, so REV, BYSCORE and BYLEX are
 * syntax errors for them. */
static void zrange_generic(struct cmd_ctx *ctx, int store, enum range_by by, enum range_dir dir)
{
    int key = store ? 2 : 1, minidx = key + 1, maxidx = key + 2;
    int withscores = 0;
    long long offset = 0, limit = -1;
    for (int j = key + 3; j < ctx->argc; j++) {
        int left = ctx->argc - j - 1;
        if (!store && CTX_ARG_IS(ctx, j, "withscores")) {
            withscores = 1;
        } else if (CTX_ARG_IS(ctx, j, "limit") && left >= 2) {
            if (!parse_ll(ctx, j + 1, &offset) || !parse_ll(ctx, j + 2, &limit)) return;
            j += 2;
        } else if (dir == DIR_AUTO && CTX_ARG_IS(ctx, j, "rev")) {
            dir = DIR_REVERSE;
        } else if (by == BY_AUTO && CTX_ARG_IS(ctx, j, "bylex")) {
            by = BY_LEX;
        } else if (by == BY_AUTO && CTX_ARG_IS(ctx, j, "byscore")) {
            by = BY_SCORE;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
    }
    if (dir == DIR_AUTO) dir = DIR_FORWARD;
    if (by == BY_AUTO) by = BY_RANK;
    if (limit != -1 && by == BY_RANK) {
        reply_err(ctx, ERR_ZRANGE_LIMIT);
        return;
    }
    if (withscores && by == BY_LEX) {
        reply_err(ctx, ERR_ZRANGE_BYLEX_SCORES);
        return;
    }
    int reverse = dir == DIR_REVERSE;
    if (reverse && by != BY_RANK) {
        /* The range is given as max, min. */
        int t = minidx;
        minidx = maxidx;
        maxidx = t;
    }

    long long start = 0, end = 0;
    struct zscore_range sr;
    struct zlex_range lr;
    if (by == BY_RANK) {
        if (!parse_ll(ctx, minidx, &start) || !parse_ll(ctx, maxidx, &end)) return;
    } else if (by == BY_SCORE) {
        if (!parse_score_range(&ctx->argv[minidx], &ctx->argv[maxidx], &sr)) {
            reply_err(ctx, ERR_MINMAX_FLOAT);
            return;
        }
    } else if (!parse_lex_range(&ctx->argv[minidx], &ctx->argv[maxidx], &lr)) {
        reply_err(ctx, ERR_MINMAX_LEX);
        return;
    }

    int failed;
    struct zsetobj *z = zset_read(ctx, key, &failed);
    if (failed) return;
    uint64_t first = 0, n = 0, walk_from = 0;
    if (z) {
        uint64_t len = zsetobj_len(z);
        if (by == BY_RANK) {
            n = rank_window(start, end, len, &first);
            /* Reverse ranks count from the top. */
            walk_from = reverse ? len - 1 - first : first;
        } else {
            uint64_t in = by == BY_SCORE ? zsetobj_score_span(z, &sr, &first)
                                         : zsetobj_lex_span(z, &lr, &first);
            n = limit_window(in, offset, limit);
            /* The offset counts from the top of the range in a reverse walk. */
            if (n)
                walk_from = reverse ? first + in - 1 - (uint64_t)offset : first + (uint64_t)offset;
        }
    }
    if (!store) {
        if (n == 0)
            reply_array(ctx->out, 0);
        else
            reply_walk(ctx, z, walk_from, reverse, n, withscores);
        return;
    }
    /* As Redis's zsetTypeCreate sized for the result: a listpack only when it will fit. */
    struct zsetobj *dst =
        n > (uint64_t)g_config.zset_max_listpack_entries ? zsetobj_new_skiplist() : zsetobj_new();
    if (n) {
        struct zset_iter it;
        zsetobj_iter_init(&it, z, walk_from, reverse);
        const char *m;
        size_t len;
        double score;
        for (uint64_t i = 0; i < n && zsetobj_iter_next(&it, &m, &len, &score); i++)
            zsetobj_set(dst, m, len, score);
    }
    reply_int(ctx->out, (long long)zsetobj_len(dst));
    store_result(ctx, 1, dst, "zrangestore");
}

void cmd_zrange(struct cmd_ctx *ctx)
{
    zrange_generic(ctx, 0, BY_AUTO, DIR_AUTO);
}

void cmd_zrangestore(struct cmd_ctx *ctx)
{
    zrange_generic(ctx, 1, BY_AUTO, DIR_AUTO);
}

void cmd_zrangebyscore(struct cmd_ctx *ctx)
{
    zrange_generic(ctx, 0, BY_SCORE, DIR_FORWARD);
}

void cmd_zrevrangebyscore(struct cmd_ctx *ctx)
{
    zrange_generic(ctx, 0, BY_SCORE, DIR_REVERSE);
}

void cmd_zrangebylex(struct cmd_ctx *ctx)
{
    zrange_generic(ctx, 0, BY_LEX, DIR_FORWARD);
}

void cmd_zrevrangebylex(struct cmd_ctx *ctx)
{
    zrange_generic(ctx, 0, BY_LEX, DIR_REVERSE);
}

void cmd_zrevrange(struct cmd_ctx *ctx)
{
    zrange_generic(ctx, 0, BY_RANK, DIR_REVERSE);
}

/* ---- ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX ---- */

static void zremrange_generic(struct cmd_ctx *ctx, enum range_by by)
{
    static const char *const events[] = {[BY_RANK] = "zremrangebyrank",
                                         [BY_SCORE] = "zremrangebyscore",
                                         [BY_LEX] = "zremrangebylex"};
    long long start = 0, end = 0;
    struct zscore_range sr;
    struct zlex_range lr;
    if (by == BY_RANK) {
        if (!parse_ll(ctx, 2, &start) || !parse_ll(ctx, 3, &end)) return;
    } else if (by == BY_SCORE) {
        if (!parse_score_range(&ctx->argv[2], &ctx->argv[3], &sr)) {
            reply_err(ctx, ERR_MINMAX_FLOAT);
            return;
        }
    } else if (!parse_lex_range(&ctx->argv[2], &ctx->argv[3], &lr)) {
        reply_err(ctx, ERR_MINMAX_LEX);
        return;
    }
    int failed;
    struct zsetobj *z = zset_write(ctx, 1, &failed);
    if (failed) return;
    if (!z) {
        reply_int(ctx->out, 0);
        return;
    }
    uint64_t first = 0, n;
    if (by == BY_RANK)
        n = rank_window(start, end, zsetobj_len(z), &first);
    else if (by == BY_SCORE)
        n = zsetobj_score_span(z, &sr, &first);
    else
        n = zsetobj_lex_span(z, &lr, &first);
    uint64_t removed = n ? zsetobj_delete_ranks(z, first, n) : 0;
    if (removed) {
        changed(ctx, 1, NOTIFY_ZSET, events[by]);
        drop_if_empty(ctx, 1, z);
    }
    reply_int(ctx->out, (long long)removed);
}

void cmd_zremrangebyrank(struct cmd_ctx *ctx)
{
    zremrange_generic(ctx, BY_RANK);
}

void cmd_zremrangebyscore(struct cmd_ctx *ctx)
{
    zremrange_generic(ctx, BY_SCORE);
}

void cmd_zremrangebylex(struct cmd_ctx *ctx)
{
    zremrange_generic(ctx, BY_LEX);
}

/* ---- pops ---- */

/* Redis's genericZpopCommand: the first key holding a sorted set gives up to `count` members
 * (count 0 replies an empty array). Returns 0 with nothing written when every key is absent. */
static int zpop(struct cmd_ctx *ctx, const int *keys, int n, int which, long count, int shape)
{
    struct zsetobj *z = NULL;
    int key = -1;
    for (int k = 0; k < n && !z; k++) {
        int failed;
        z = zset_write(ctx, keys[k], &failed);
        if (failed) return -1;
        key = keys[k];
    }
    if (!z) return 0;
    if (count == 0) {
        reply_array(ctx->out, 0);
        return 1;
    }
    uint64_t len = zsetobj_len(z);
    uint64_t take = (uint64_t)count < len ? (uint64_t)count : len;
    switch (shape) {
    case ZPOP_REPLY_KEY_MEMBER_SCORE:
        reply_array(ctx->out, (size_t)(2 * take + 1));
        reply_bulk(ctx->out, ARG(ctx, key));
        break;
    case ZPOP_REPLY_MPOP:
        reply_array(ctx->out, 2);
        reply_bulk(ctx->out, ARG(ctx, key));
        reply_array(ctx->out, (size_t)take);
        break;
    case ZPOP_REPLY_PAIRS:
        reply_array(ctx->out, (size_t)take);
        break;
    default:
        reply_array(ctx->out, (size_t)(2 * take));
        break;
    }
    int pairs = shape == ZPOP_REPLY_MPOP || shape == ZPOP_REPLY_PAIRS;
    struct zset_iter it;
    zsetobj_iter_init(&it, z, which == ZPOP_MAX ? len - 1 : 0, which == ZPOP_MAX);
    const char *m;
    size_t mlen;
    double score;
    for (uint64_t i = 0; i < take && zsetobj_iter_next(&it, &m, &mlen, &score); i++) {
        if (pairs) reply_array(ctx->out, 2);
        reply_bulk(ctx->out, m, mlen);
        reply_double(ctx->out, score);
    }
    zsetobj_delete_ranks(z, which == ZPOP_MAX ? len - take : 0, take);
    changed(ctx, key, NOTIFY_ZSET, which == ZPOP_MAX ? "zpopmax" : "zpopmin");
    drop_if_empty(ctx, key, z);
    return 1;
}

int zset_pop_first(struct cmd_ctx *ctx, const int *keys, int n, int which, long count, int shape)
{
    return zpop(ctx, keys, n, which, count, shape);
}

static void zpop_command(struct cmd_ctx *ctx, int which)
{
    if (ctx->argc > 3) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    long long count = -1;
    if (ctx->argc == 3 && !parse_nonneg(ctx, 2, &count)) return;
    /* One pair, or any number in RESP2, is a flat array; RESP3 nests pairs given a count. */
    int shape = ctx->out->resp >= 3 && count != -1 ? ZPOP_REPLY_PAIRS : ZPOP_REPLY_FLAT;
    int key = 1;
    if (zpop(ctx, &key, 1, which, count == -1 ? 1 : (long)count, shape) == 0)
        reply_array(ctx->out, 0);
}

void cmd_zpopmin(struct cmd_ctx *ctx)
{
    zpop_command(ctx, ZPOP_MIN);
}

void cmd_zpopmax(struct cmd_ctx *ctx)
{
    zpop_command(ctx, ZPOP_MAX);
}

int zset_getkeys_numkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    return cmd_numkeys_positions(argc, argv, 1, keys, max);
}

/* The STORE forms: the destination, then the numkeys keys after argv[2]. */
int zset_getkeys_store(int argc, const struct resp_arg *argv, int *keys, int max)
{
    if (max < 1) return 0;
    int n = cmd_numkeys_positions(argc, argv, 2, keys + 1, max - 1);
    if (n < 0) return -1;
    keys[0] = 1;
    return n + 1;
}

/* ZMPOP numkeys key [key ...] MIN|MAX [COUNT count], as Redis's zmpopGenericCommand. */
void cmd_zmpop(struct cmd_ctx *ctx)
{
    struct mpop_args a;
    if (!mpop_parse(ctx, 1, "min", "max", &a)) return;
    int *keys = mem_alloc((size_t)a.numkeys * sizeof *keys);
    for (int i = 0; i < a.numkeys; i++)
        keys[i] = a.first_key + i;
    if (zset_pop_first(ctx, keys, a.numkeys, a.side, a.count, ZPOP_REPLY_MPOP) == 0)
        reply_null_array(ctx->out);
    mem_free(keys);
}

/* ---- ZRANDMEMBER ---- */

struct zitem {
    const char *m;
    size_t len;
    double score;
};

/* Every member in rank order (the strings point into the set). */
static struct zitem *snapshot(const struct zsetobj *z)
{
    uint64_t n = zsetobj_len(z);
    struct zitem *items = mem_alloc((size_t)n * sizeof *items);
    struct zset_iter it;
    zsetobj_iter_init(&it, z, 0, 0);
    for (uint64_t i = 0; i < n; i++)
        zsetobj_iter_next(&it, &items[i].m, &items[i].len, &items[i].score);
    return items;
}

static struct zitem item_at(const struct zsetobj *z, const struct zitem *all, uint64_t rank)
{
    if (all) return all[rank];
    struct zitem item;
    struct zset_iter it;
    zsetobj_iter_init(&it, z, rank, 0);
    zsetobj_iter_next(&it, &item.m, &item.len, &item.score);
    return item;
}

/* Sets smaller than this are copied into an array for sampling; larger ones are read by rank
 * (O(log n) a member in a skiplist). */
#define SAMPLE_COPY_MAX 1024

/* Distinct random ranks below n, few of them (count * 3 <= n): an open-addressing set of
 * rank + 1 tells repeats. */
static void sample_distinct(struct cmd_ctx *ctx, const struct zsetobj *z, const struct zitem *all,
                            uint64_t n, uint64_t count, int withscores)
{
    uint64_t cap = 16;
    while (cap < count * 2)
        cap *= 2;
    uint64_t *seen = mem_calloc((size_t)cap, sizeof *seen);
    for (uint64_t got = 0; got < count;) {
        uint64_t r = util_random() % n, i = (r * UINT64_C(0x9E3779B97F4A7C15)) & (cap - 1);
        while (seen[i] && seen[i] != r + 1)
            i = (i + 1) & (cap - 1);
        if (seen[i]) continue;
        seen[i] = r + 1;
        struct zitem item = item_at(z, all, r);
        reply_member(ctx, item.m, item.len, item.score, withscores);
        got++;
    }
    mem_free(seen);
}

/* Redis's zrandmemberWithCountCommand: a negative count may repeat members, a positive one
 * gives distinct members (all of them when count >= the size). */
static void zrandmember_count(struct cmd_ctx *ctx, long long l, int withscores)
{
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    if (!z || l == 0) {
        reply_array(ctx->out, 0);
        return;
    }
    uint64_t n = zsetobj_len(z), count = l < 0 ? (uint64_t)-l : (uint64_t)l;
    if (l < 0 || count == 1) {
        struct zitem *all = n <= SAMPLE_COPY_MAX ? snapshot(z) : NULL;
        reply_members_header(ctx, count, withscores);
        for (uint64_t i = 0; i < count; i++) {
            struct zitem item = item_at(z, all, util_random() % n);
            reply_member(ctx, item.m, item.len, item.score, withscores);
        }
        mem_free(all);
        return;
    }
    if (count >= n) {
        /* The whole set, from the top down as Redis's iterator walks it. */
        reply_walk(ctx, z, n - 1, 1, n, withscores);
        return;
    }
    reply_members_header(ctx, count, withscores);
    if (count * 3 > n) {
        /* Many of the members: shuffle a copy and take the first ones. */
        struct zitem *all = snapshot(z);
        for (uint64_t i = 0; i < count; i++) {
            uint64_t j = i + util_random() % (n - i);
            struct zitem t = all[i];
            all[i] = all[j];
            all[j] = t;
            reply_member(ctx, all[i].m, all[i].len, all[i].score, withscores);
        }
        mem_free(all);
        return;
    }
    struct zitem *all = n <= SAMPLE_COPY_MAX ? snapshot(z) : NULL;
    sample_distinct(ctx, z, all, n, count, withscores);
    mem_free(all);
}

void cmd_zrandmember(struct cmd_ctx *ctx)
{
    if (ctx->argc >= 3) {
        long long l;
        if (!parse_ll(ctx, 2, &l)) return;
        if (l < -LLONG_MAX) {
            ctx_errorf(ctx, error_text(ERR_RANGE), -LLONG_MAX, LLONG_MAX);
            return;
        }
        int withscores = ctx->argc == 4;
        if (ctx->argc > 4 || (withscores && !CTX_ARG_IS(ctx, 3, "withscores"))) {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
        /* The reply of a count with scores holds twice as many values. */
        if (withscores && (l < -LLONG_MAX / 2 || l > LLONG_MAX / 2)) {
            reply_err(ctx, ERR_VALUE_RANGE);
            return;
        }
        zrandmember_count(ctx, l, withscores);
        return;
    }
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    if (!z) {
        reply_null(ctx->out);
        return;
    }
    struct zitem item = item_at(z, NULL, util_random() % zsetobj_len(z));
    reply_bulk(ctx->out, item.m, item.len);
}

/* ---- ZUNION ZINTER ZDIFF, their STORE forms and ZINTERCARD ---- */

enum setop { OP_UNION, OP_INTER, OP_DIFF };
enum aggregate { AGG_SUM, AGG_MIN, AGG_MAX };

/* An input: a sorted set, a set (every member scoring 1) or an absent key. */
struct zsrc {
    struct zsetobj *z;
    struct setobj *set;
    uint64_t len;
    double weight;
    int index; /* position among the inputs, for a stable sort */
};

static int src_score(const struct zsrc *s, const char *m, size_t len, double *score)
{
    if (s->z) return zsetobj_score(s->z, m, len, score);
    if (s->set && setobj_contains(s->set, m, len)) {
        *score = 1.0;
        return 1;
    }
    return 0;
}

typedef void (*member_fn)(const char *m, size_t len, double score, void *arg);

struct set_visit {
    member_fn fn;
    void *arg;
};

static void visit_set_member(const char *m, size_t len, void *arg)
{
    struct set_visit *v = arg;
    v->fn(m, len, 1.0, v->arg);
}

static void src_foreach(const struct zsrc *s, member_fn fn, void *arg)
{
    if (s->set) {
        struct set_visit v = {fn, arg};
        setobj_foreach(s->set, visit_set_member, &v);
        return;
    }
    if (!s->z) return;
    struct zset_iter it;
    zsetobj_iter_init(&it, s->z, 0, 0);
    const char *m;
    size_t len;
    double score;
    while (zsetobj_iter_next(&it, &m, &len, &score))
        fn(m, len, score, arg);
}

/* Redis's zunionInterAggregate: a sum of +inf and -inf counts as 0. */
static void aggregate(double *target, double v, enum aggregate agg)
{
    if (agg == AGG_SUM) {
        *target += v;
        if (isnan(*target)) *target = 0;
    } else if (agg == AGG_MIN) {
        *target = v < *target ? v : *target;
    } else {
        *target = v > *target ? v : *target;
    }
}

struct setop_state {
    struct zsrc *src;
    int n;
    enum aggregate agg;
    struct zsetobj *result; /* NULL when only counting (ZINTERCARD) */
    uint64_t count, limit;  /* matches so far; limit 0: none */
    const struct zsrc *cur; /* the input being walked (union) */
};

static void union_member(const char *m, size_t len, double score, void *arg)
{
    struct setop_state *st = arg;
    double v = st->cur->weight * score, prev;
    if (isnan(v)) v = 0;
    if (zsetobj_score(st->result, m, len, &prev)) {
        aggregate(&prev, v, st->agg);
        v = prev;
    }
    zsetobj_set(st->result, m, len, v);
}

static int same_input(const struct zsrc *a, const struct zsrc *b)
{
    return a->z == b->z && a->set == b->set;
}

/* A member of the smallest input: kept when every other input has it. */
static void inter_member(const char *m, size_t len, double score, void *arg)
{
    struct setop_state *st = arg;
    if (st->limit && st->count >= st->limit) return;
    double v = st->src[0].weight * score;
    if (isnan(v)) v = 0;
    for (int j = 1; j < st->n; j++) {
        double s = score;
        /* The input being walked is not looked into (a set's look-up may move its buckets). */
        if (!same_input(&st->src[j], &st->src[0]) && !src_score(&st->src[j], m, len, &s)) return;
        aggregate(&v, s * st->src[j].weight, st->agg);
    }
    st->count++;
    if (st->result) zsetobj_set(st->result, m, len, v);
}

static void diff_member(const char *m, size_t len, double score, void *arg)
{
    struct setop_state *st = arg;
    for (int j = 1; j < st->n; j++) {
        double s;
        if (same_input(&st->src[j], &st->src[0]) || src_score(&st->src[j], m, len, &s)) return;
    }
    zsetobj_set(st->result, m, len, score);
}

static int by_cardinality(const void *a, const void *b)
{
    const struct zsrc *x = a, *y = b;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->index - y->index;
}

/* Redis's zunionInterDiffGenericCommand. `store`: the destination is argument 1 and numkeys
 * argument 2; `card_only`: ZINTERCARD. */
static void setop_generic(struct cmd_ctx *ctx, enum setop op, int store, int card_only)
{
    int at = store ? 2 : 1;
    long long setnum;
    if (!parse_ll(ctx, at, &setnum)) return;
    if (setnum < 1) {
        ctx_errorf(ctx, error_text(ERR_INPUT_KEY_NEEDED), ctx->cmd->name);
        return;
    }
    if (setnum > ctx->argc - at - 1) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int n = (int)setnum;
    struct zsrc *src = mem_calloc((size_t)n, sizeof *src);
    int j = at + 1;
    for (int i = 0; i < n; i++, j++) {
        struct entry *e = ks_lookup_read(arg_shard(ctx, j), ctx->db, ARG(ctx, j));
        src[i].weight = 1.0;
        src[i].index = i;
        if (!e) continue;
        if (e->type == OBJ_ZSET) {
            src[i].z = entry_object(e);
            src[i].len = zsetobj_len(src[i].z);
        } else if (e->type == OBJ_SET) {
            src[i].set = entry_object(e);
            src[i].len = setobj_size(src[i].set);
        } else {
            reply_err(ctx, ERR_WRONGTYPE);
            goto done;
        }
    }

    enum aggregate agg = AGG_SUM;
    int withscores = 0;
    long long limit = 0;
    while (j < ctx->argc) {
        int remaining = ctx->argc - j;
        if (op != OP_DIFF && !card_only && remaining >= n + 1 && CTX_ARG_IS(ctx, j, "weights")) {
            j++;
            for (int i = 0; i < n; i++, j++) {
                if (!str_to_d(ARG(ctx, j), &src[i].weight)) {
                    reply_err(ctx, ERR_WEIGHT_FLOAT);
                    goto done;
                }
            }
        } else if (op != OP_DIFF && !card_only && remaining >= 2 &&
                   CTX_ARG_IS(ctx, j, "aggregate")) {
            if (CTX_ARG_IS(ctx, j + 1, "sum")) {
                agg = AGG_SUM;
            } else if (CTX_ARG_IS(ctx, j + 1, "min")) {
                agg = AGG_MIN;
            } else if (CTX_ARG_IS(ctx, j + 1, "max")) {
                agg = AGG_MAX;
            } else {
                reply_err(ctx, ERR_SYNTAX);
                goto done;
            }
            j += 2;
        } else if (!store && !card_only && CTX_ARG_IS(ctx, j, "withscores")) {
            withscores = 1;
            j++;
        } else if (card_only && remaining >= 2 && CTX_ARG_IS(ctx, j, "limit")) {
            if (!str_to_ll(ARG(ctx, j + 1), &limit) || limit < 0) {
                reply_err(ctx, ERR_LIMIT_NEGATIVE);
                goto done;
            }
            j += 2;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            goto done;
        }
    }

    /* Smallest first: fewer look-ups for an intersection, and the order in which Redis adds
     * up a union's scores. */
    if (op != OP_DIFF) qsort(src, (size_t)n, sizeof *src, by_cardinality);
    /* The result is built as a skiplist, as Redis builds it (keeping -0), and made compact when
     * it is stored. */
    struct setop_state st = {.src = src, .n = n, .agg = agg, .limit = (uint64_t)limit};
    if (!card_only) st.result = zsetobj_new_skiplist();
    if (op == OP_UNION) {
        for (int i = 0; i < n; i++) {
            st.cur = &src[i];
            src_foreach(&src[i], union_member, &st);
        }
    } else if (op == OP_INTER) {
        if (src[0].len) src_foreach(&src[0], inter_member, &st);
    } else {
        src_foreach(&src[0], diff_member, &st);
    }

    if (card_only) {
        reply_int(ctx->out, (long long)st.count);
    } else if (store) {
        reply_int(ctx->out, (long long)zsetobj_len(st.result));
        static const char *const events[] = {
            [OP_UNION] = "zunionstore", [OP_INTER] = "zinterstore", [OP_DIFF] = "zdiffstore"};
        zsetobj_compact(st.result);
        store_result(ctx, 1, st.result, events[op]);
    } else {
        reply_walk(ctx, st.result, 0, 0, zsetobj_len(st.result), withscores);
        zsetobj_free(st.result);
    }
done:
    mem_free(src);
}

void cmd_zunion(struct cmd_ctx *ctx)
{
    setop_generic(ctx, OP_UNION, 0, 0);
}

void cmd_zinter(struct cmd_ctx *ctx)
{
    setop_generic(ctx, OP_INTER, 0, 0);
}

void cmd_zdiff(struct cmd_ctx *ctx)
{
    setop_generic(ctx, OP_DIFF, 0, 0);
}

void cmd_zunionstore(struct cmd_ctx *ctx)
{
    setop_generic(ctx, OP_UNION, 1, 0);
}

void cmd_zinterstore(struct cmd_ctx *ctx)
{
    setop_generic(ctx, OP_INTER, 1, 0);
}

void cmd_zdiffstore(struct cmd_ctx *ctx)
{
    setop_generic(ctx, OP_DIFF, 1, 0);
}

void cmd_zintercard(struct cmd_ctx *ctx)
{
    setop_generic(ctx, OP_INTER, 0, 1);
}

/* ---- ZSCAN ---- */

#define ZSCAN_DEFAULT_COUNT 10

/* Redis reads the cursor with strtoul: an optional sign ("-1" wraps around), decimal digits and
 * nothing else; the argument ends at its first NUL, as a C string does. */
static int parse_cursor(const char *p, size_t len, uint64_t *out)
{
    size_t end = strnlen(p, len), i = 0;
    int neg = end > 0 && p[0] == '-';
    uint64_t v = 0;
    if (end > 0 && (p[0] == '+' || p[0] == '-')) i = 1;
    if (end > 0 && i == end) return 0;
    for (; i < end; i++) {
        unsigned d = (unsigned)((unsigned char)p[i] - '0');
        if (d > 9 || v > (UINT64_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = neg ? 0 - v : v;
    return 1;
}

struct scan_batch {
    struct zitem *items;
    size_t n, cap;
};

static void scan_collect(const char *m, size_t len, double score, void *arg)
{
    struct scan_batch *b = arg;
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->items = mem_realloc(b->items, b->cap * sizeof *b->items);
    }
    b->items[b->n++] = (struct zitem){m, len, score};
}

void cmd_zscan(struct cmd_ctx *ctx)
{
    uint64_t cursor;
    if (!parse_cursor(ARG(ctx, 2), &cursor)) {
        reply_err(ctx, ERR_INVALID_CURSOR);
        return;
    }
    int failed;
    struct zsetobj *z = zset_read(ctx, 1, &failed);
    if (failed) return;
    if (!z) {
        reply_array(ctx->out, 2);
        reply_bulk(ctx->out, "0", 1);
        reply_array(ctx->out, 0);
        return;
    }
    long long count = ZSCAN_DEFAULT_COUNT;
    const struct resp_arg *pattern = NULL;
    for (int i = 3; i < ctx->argc; i += 2) {
        if (CTX_ARG_IS(ctx, i, "count") && i + 1 < ctx->argc) {
            if (!parse_ll(ctx, i + 1, &count)) return;
            if (count < 1) {
                reply_err(ctx, ERR_SYNTAX);
                return;
            }
        } else if (CTX_ARG_IS(ctx, i, "match") && i + 1 < ctx->argc) {
            pattern = &ctx->argv[i + 1];
            if (pattern->len == 1 && pattern->ptr[0] == '*') pattern = NULL;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
    }
    struct scan_batch b = {NULL, 0, 0};
    uint64_t next = zsetobj_scan(z, cursor, (uint64_t)count, scan_collect, &b);
    char cbuf[24];
    int clen = snprintf(cbuf, sizeof cbuf, "%llu", (unsigned long long)next);
    reply_array(ctx->out, 2);
    reply_bulk(ctx->out, cbuf, (size_t)clen);
    size_t mark = reply_defer_len(ctx->out), kept = 0;
    for (size_t i = 0; i < b.n; i++) {
        const struct zitem *it = &b.items[i];
        if (pattern && !glob_match(pattern->ptr, pattern->len, it->m, it->len, 0)) continue;
        char buf[64];
        int len = double_to_str(buf, sizeof buf, it->score);
        reply_bulk(ctx->out, it->m, it->len);
        reply_bulk(ctx->out, buf, (size_t)len);
        kept += 2;
    }
    reply_set_deferred_len(ctx->out, mark, '*', kept);
    mem_free(b.items);
}
