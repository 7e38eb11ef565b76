/* LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN], with Redis 7.0's replies: the common
 * subsequence, its length, or the matched ranges found walking the table back from the ends.
 * The two keys may sit on different shards; the handler runs where both are held. */
#include <stdint.h>
#include <string.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/t_lcs.h"

struct lcs_opts {
    int getlen, getidx, withmatchlen;
    long long minmatchlen;
};

/* The string at key argument i (an absent key is the empty string); 0 when it holds another
 * type. */
static int string_arg(struct cmd_ctx *ctx, int i, const char **s, size_t *len)
{
    const struct resp_arg *k = &ctx->argv[i];
    struct entry *e = ks_lookup_read(ctx_shard(ctx, k->ptr, k->len), ctx->db, k->ptr, k->len);
    *s = "";
    *len = 0;
    if (!e) return 1;
    if (e->type != OBJ_STRING) return 0;
    *s = entry_value(e);
    *len = entry_vlen(e);
    return 1;
}

static int parse_opts(struct cmd_ctx *ctx, struct lcs_opts *o)
{
    for (int j = 3; j < ctx->argc; j++) {
        if (CTX_ARG_IS(ctx, j, "idx")) {
            o->getidx = 1;
        } else if (CTX_ARG_IS(ctx, j, "len")) {
            o->getlen = 1;
        } else if (CTX_ARG_IS(ctx, j, "withmatchlen")) {
            o->withmatchlen = 1;
        } else if (CTX_ARG_IS(ctx, j, "minmatchlen") && j + 1 < ctx->argc) {
            j++;
            if (!str_to_ll(ctx->argv[j].ptr, ctx->argv[j].len, &o->minmatchlen)) {
                ctx_error_text(ctx, error_text(ERR_NOT_INT));
                return 0;
            }
            if (o->minmatchlen < 0) o->minmatchlen = 0;
        } else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return 0;
        }
    }
    if (o->getidx && o->getlen) {
        ctx_error_text(ctx, "ERR If you want both the length and indexes, please just use IDX.");
        return 0;
    }
    return 1;
}

static void reply_range(struct reply *out, uint32_t as, uint32_t ae, uint32_t bs, uint32_t be,
                        int withlen)
{
    reply_array(out, 2 + (size_t)withlen);
    reply_array(out, 2);
    reply_int(out, as);
    reply_int(out, ae);
    reply_array(out, 2);
    reply_int(out, bs);
    reply_int(out, be);
    if (withlen) reply_int(out, (long long)ae - as + 1);
}

void cmd_lcs(struct cmd_ctx *ctx)
{
    const char *a, *b;
    size_t alen, blen;
    if (!string_arg(ctx, 1, &a, &alen) || !string_arg(ctx, 2, &b, &blen)) {
        ctx_error_text(ctx, "ERR The specified keys must contain string values");
        return;
    }
    struct lcs_opts o = {0};
    if (!parse_opts(ctx, &o)) return;
    if (alen >= UINT32_MAX - 1 || blen >= UINT32_MAX - 1) {
        ctx_error_text(ctx, "ERR String too long for LCS");
        return;
    }
    /* The table of LCS lengths of every pair of prefixes, (alen+1) x (blen+1). */
    size_t w = blen + 1;
    unsigned long long cells = (unsigned long long)(alen + 1) * w;
    if (cells * sizeof(uint32_t) > (unsigned long long)CONFIG_GET(proto_max_bulk_len)) {
        ctx_error_text(ctx, "ERR Insufficient memory, transient memory for LCS exceeds "
                            "proto-max-bulk-len");
        return;
    }
    uint32_t *t = mem_alloc((size_t)cells * sizeof *t);
#define LCS(i, j) t[(size_t)(i)*w + (j)]
    for (size_t i = 0; i <= alen; i++)
        for (size_t j = 0; j <= blen; j++) {
            if (i == 0 || j == 0)
                LCS(i, j) = 0;
            else if (a[i - 1] == b[j - 1])
                LCS(i, j) = LCS(i - 1, j - 1) + 1;
            else
                LCS(i, j) = LCS(i - 1, j) > LCS(i, j - 1) ? LCS(i - 1, j) : LCS(i, j - 1);
        }
    uint32_t total = LCS(alen, blen), idx = total;
    int compute = o.getidx || !o.getlen;
    char *result = compute ? mem_alloc(total ? total : 1) : NULL;
    size_t mark = 0, nranges = 0;
    if (o.getidx) {
        reply_map(ctx->out, 2);
        reply_bulk_cstr(ctx->out, "matches");
        mark = reply_defer_len(ctx->out);
    }
    /* Walk back from the ends; a run of matches on the diagonal is one range, emitted when the
     * walk leaves it (or reaches the start of either string). */
    uint32_t i = (uint32_t)alen, j = (uint32_t)blen;
    uint32_t as = (uint32_t)alen, ae = 0, bs = 0, be = 0; /* as == alen: no range open */
    while (compute && i > 0 && j > 0) {
        int emit = 0;
        if (a[i - 1] == b[j - 1]) {
            result[idx - 1] = a[i - 1];
            if (as == alen) {
                as = ae = i - 1;
                bs = be = j - 1;
            } else if (as == i && bs == j) {
                as--;
                bs--;
            } else {
                emit = 1;
            }
            if (as == 0 || bs == 0) emit = 1;
            idx--;
            i--;
            j--;
        } else {
            if (LCS(i - 1, j) > LCS(i, j - 1))
                i--;
            else
                j--;
            if (as != alen) emit = 1;
        }
        if (emit) {
            uint32_t matchlen = ae - as + 1;
            if (o.getidx && (o.minmatchlen == 0 || matchlen >= o.minmatchlen)) {
                reply_range(ctx->out, as, ae, bs, be, o.withmatchlen);
                nranges++;
            }
            as = (uint32_t)alen;
        }
    }
#undef LCS
    if (o.getidx) {
        reply_bulk_cstr(ctx->out, "len");
        reply_int(ctx->out, total);
        reply_set_deferred_len(ctx->out, mark, '*', nranges);
    } else if (o.getlen) {
        reply_int(ctx->out, total);
    } else {
        reply_bulk(ctx->out, result, total);
    }
    mem_free(result);
    mem_free(t);
}
