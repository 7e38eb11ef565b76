/* Stream argument parsing and the entry-range reply shared by the stream commands (see
 * stream_args.h), in the order and with the errors of Redis 7.0's t_stream.c. Runs inside the
 * handlers, on the thread holding their keys' shards. */
#include <limits.h>
#include <string.h>

#include "resp/errors.h"
#include "tessera/util.h"
#include "types/stream_args.h"

/* 100 nodes' worth of entries at most for `~` without LIMIT, within these bounds. */
#define TRIM_LIMIT_DEFAULT 10000
#define TRIM_LIMIT_MAX     1000000

int stream_arg_id(struct cmd_ctx *ctx, int i, uint64_t missing_seq, int strict, int *seq_given,
                  struct stream_id *id)
{
    if (stream_id_parse(ctx->argv[i].ptr, ctx->argv[i].len, missing_seq, strict, seq_given, id) ==
        0)
        return 0;
    ctx_error_text(ctx, error_text(ERR_STREAM_ID));
    return -1;
}

static int is_word(const struct resp_arg *a, char c)
{
    return a->len == 1 && a->ptr[0] == c;
}

/* MAXLEN / MINID [=|~] threshold at argument i; returns the threshold's index or -1. */
static int parse_strategy(struct cmd_ctx *ctx, struct stream_add_args *a, int i, int more)
{
    if (a->trim.strategy != STREAM_TRIM_NONE) {
        ctx_error_text(ctx, error_text(ERR_XTRIM_BOTH));
        return -1;
    }
    int maxlen = CTX_ARG_IS(ctx, i, "maxlen");
    a->trim.approx = 0;
    if (more >= 2 && is_word(&ctx->argv[i + 1], '~')) {
        a->trim.approx = 1;
        i++;
    } else if (more >= 2 && is_word(&ctx->argv[i + 1], '=')) {
        i++;
    }
    i++;
    if (maxlen) {
        long long v;
        if (!str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, &v)) {
            ctx_error_text(ctx, error_text(ERR_NOT_INT));
            return -1;
        }
        if (v < 0) {
            ctx_error_text(ctx, error_text(ERR_XTRIM_MAXLEN_NEG));
            return -1;
        }
        a->trim.maxlen = v;
        a->trim.strategy = STREAM_TRIM_MAXLEN;
    } else {
        if (stream_arg_id(ctx, i, 0, 1, NULL, &a->trim.minid)) return -1;
        a->trim.strategy = STREAM_TRIM_MINID;
    }
    return i;
}

int stream_parse_add_trim(struct cmd_ctx *ctx, struct stream_add_args *a, int xadd,
                          long long node_max_entries)
{
    memset(a, 0, sizeof *a);
    int i = 2, limit_given = 0;
    for (; i < ctx->argc; i++) {
        int more = ctx->argc - 1 - i;
        if (xadd && is_word(&ctx->argv[i], '*')) break;
        if ((CTX_ARG_IS(ctx, i, "maxlen") || CTX_ARG_IS(ctx, i, "minid")) && more) {
            if ((i = parse_strategy(ctx, a, i, more)) < 0) return -1;
        } else if (CTX_ARG_IS(ctx, i, "limit") && more) {
            long long v;
            if (!str_to_ll(ctx->argv[i + 1].ptr, ctx->argv[i + 1].len, &v)) {
                ctx_error_text(ctx, error_text(ERR_NOT_INT));
                return -1;
            }
            if (v < 0) {
                ctx_error_text(ctx, error_text(ERR_XTRIM_LIMIT_NEG));
                return -1;
            }
            a->trim.limit = v;
            limit_given = 1;
            i++;
        } else if (xadd && CTX_ARG_IS(ctx, i, "nomkstream")) {
            a->no_mkstream = 1;
        } else if (xadd) {
            /* not an option: the ID, or a bad one */
            if (stream_arg_id(ctx, i, 0, 1, &a->seq_given, &a->id)) return -1;
            a->id_given = 1;
            break;
        } else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return -1;
        }
    }
    if (a->trim.limit && a->trim.strategy == STREAM_TRIM_NONE) {
        ctx_error_text(ctx, error_text(ERR_XTRIM_LIMIT_NO_STRATEGY));
        return -1;
    }
    if (!xadd && a->trim.strategy == STREAM_TRIM_NONE) {
        ctx_error_text(ctx, error_text(ERR_XTRIM_NO_STRATEGY));
        return -1;
    }
    if (limit_given && !a->trim.approx) {
        ctx_error_text(ctx, error_text(ERR_XTRIM_LIMIT_NO_APPROX));
        return -1;
    }
    if (!limit_given) {
        /* `~` does at most about 100 nodes of work, so a trim cannot stall the server */
        if (a->trim.approx) {
            long long limit = node_max_entries <= LLONG_MAX / 100 ? 100 * node_max_entries : 0;
            if (limit <= 0) limit = TRIM_LIMIT_DEFAULT;
            if (limit > TRIM_LIMIT_MAX) limit = TRIM_LIMIT_MAX;
            a->trim.limit = limit;
        } else {
            a->trim.limit = 0;
        }
    }
    return i;
}

void stream_reply_id(struct reply *r, const struct stream_id *id)
{
    char buf[STREAM_ID_STR];
    int n = stream_id_format(buf, id);
    reply_bulk(r, buf, (size_t)n);
}

size_t stream_reply_range(struct reply *r, const struct streamobj *s, const struct stream_id *start,
                          const struct stream_id *end, uint64_t count, int rev, int raw)
{
    size_t mark = raw ? 0 : reply_defer_len(r);
    struct stream_iter it;
    struct stream_id id;
    int64_t nfields;
    size_t n = 0;
    stream_iter_init(&it, s, start, end, rev);
    while (stream_iter_next(&it, &id, &nfields)) {
        reply_array(r, 2);
        stream_reply_id(r, &id);
        reply_array(r, (size_t)nfields * 2);
        for (int64_t k = 0; k < nfields; k++) {
            const char *f, *v;
            size_t flen, vlen;
            stream_iter_field(&it, &f, &flen, &v, &vlen);
            reply_bulk(r, f, flen);
            reply_bulk(r, v, vlen);
        }
        if (++n == count) break;
    }
    if (!raw) reply_set_deferred_len(r, mark, '*', n);
    return n;
}
