/* The HyperLogLog commands (Redis's "hyperloglog" group) over shard/hll: an HLL is a plain string
 * key holding Redis's bytes. Handlers run on the thread holding the shards of all their keys
 * (PFCOUNT and PFMERGE over several shards run as one transaction). */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/hll.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/t_hll.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static struct shard *arg_shard(const struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ctx->argv[i].ptr, ctx->argv[i].len);
}

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static size_t sparse_max(void)
{
    long long v = CONFIG_GET(hll_sparse_max_bytes);
    return v < 0 ? 0 : (size_t)v;
}

static const uint8_t *value_of(struct entry *e)
{
    return (const uint8_t *)entry_value(e);
}

/* Redis's isHLLObjectOrReply: 1 when e holds an HLL, else the error is answered. */
static int is_hll_or_reply(struct cmd_ctx *ctx, struct entry *e)
{
    if (e->type != OBJ_STRING) {
        reply_err(ctx, ERR_WRONGTYPE);
        return 0;
    }
    if (!hll_is_valid(value_of(e), entry_vlen(e))) {
        reply_err(ctx, ERR_NOT_HLL);
        return 0;
    }
    return 1;
}

/* Writes h over the existing value of key i (its expiry and the rest of the entry stay). */
static void store_existing(struct cmd_ctx *ctx, int i, const struct hll *h)
{
    struct shard *s = arg_shard(ctx, i);
    struct entry **ref = ks_lookup_ref(s, ctx->db, ARG(ctx, i));
    if (!ref) { /* not reached: the command found the key at its start */
        ks_set_string(s, ctx->db, ARG(ctx, i), (const char *)h->p, h->len, EXPIRE_NONE);
        return;
    }
    struct entry *e = *ref;
    if (entry_vlen(e) != h->len) e = ks_resize_string(s, ctx->db, ref, h->len);
    memcpy(entry_value(e), h->p, h->len);
}

/* ---- PFADD ---- */

void cmd_pfadd(struct cmd_ctx *ctx)
{
    struct shard *s = arg_shard(ctx, 1);
    struct entry *e = ks_lookup(s, ctx->db, ARG(ctx, 1));
    int updated = 0;
    if (e && !is_hll_or_reply(ctx, e)) return;

    if (e && hll_encoding_of(value_of(e)) == HLL_DENSE) {
        /* a dense HLL never changes size: its registers change in place */
        uint8_t *v = (uint8_t *)entry_value(e);
        for (int j = 2; j < ctx->argc; j++)
            updated += hll_dense_add(v + HLL_HDR_SIZE, ARG(ctx, j));
        if (updated) hll_cache_invalidate(v);
    } else {
        struct hll h;
        if (e) {
            hll_init_copy(&h, value_of(e), entry_vlen(e));
        } else {
            hll_init(&h);
            updated = 1;
        }
        size_t max = sparse_max();
        for (int j = 2; j < ctx->argc; j++) {
            int r = hll_add(&h, ARG(ctx, j), max);
            if (r < 0) {
                /* Redis changed its value in place up to the corrupt opcode: so do we */
                if (updated) {
                    store_existing(ctx, 1, &h);
                    ks_changed(s, ctx->db, ARG(ctx, 1), 0, "pfadd");
                }
                hll_release(&h);
                reply_err(ctx, ERR_INVALID_HLL);
                return;
            }
            updated += r;
        }
        if (updated) {
            hll_cache_invalidate(h.p);
            if (e)
                store_existing(ctx, 1, &h);
            else
                ks_set_string(s, ctx->db, ARG(ctx, 1), (const char *)h.p, h.len, EXPIRE_NONE);
        }
        hll_release(&h);
    }
    if (updated) ks_changed(s, ctx->db, ARG(ctx, 1), NOTIFY_STRING, "pfadd");
    reply_int(ctx->out, updated ? 1 : 0);
}

/* ---- PFCOUNT ---- */

/* The union of several HLLs, as Redis counts it: no cache is read or written. */
static void pfcount_union(struct cmd_ctx *ctx)
{
    uint8_t *max = mem_calloc(1, HLL_REGISTERS);
    for (int j = 1; j < ctx->argc; j++) {
        struct entry *e = ks_lookup_read(arg_shard(ctx, j), ctx->db, ARG(ctx, j));
        if (!e) continue;
        if (!is_hll_or_reply(ctx, e)) goto out;
        if (hll_merge(max, value_of(e), entry_vlen(e)) < 0) {
            reply_err(ctx, ERR_INVALID_HLL);
            goto out;
        }
    }
    reply_int(ctx->out, (long long)hll_count_raw(max));
out:
    mem_free(max);
}

void cmd_pfcount(struct cmd_ctx *ctx)
{
    if (ctx->argc > 2) {
        pfcount_union(ctx);
        return;
    }
    struct shard *s = arg_shard(ctx, 1);
    struct entry *e = ks_lookup_read(s, ctx->db, ARG(ctx, 1));
    if (!e) {
        reply_int(ctx->out, 0);
        return;
    }
    if (!is_hll_or_reply(ctx, e)) return;
    uint8_t *v = (uint8_t *)entry_value(e);
    uint64_t card;
    if (!hll_cache_get(v, &card)) {
        int invalid = 0;
        card = hll_count(v, entry_vlen(e), &invalid);
        if (invalid) {
            reply_err(ctx, ERR_INVALID_HLL);
            return;
        }
        /* the cache is part of the string: a change of the key (WATCH, the change feed), with
         * no keyspace event, as in Redis */
        hll_cache_set(v, card);
        ks_changed(s, ctx->db, ARG(ctx, 1), 0, "pfcount");
    }
    reply_int(ctx->out, (long long)card);
}

/* ---- PFMERGE ---- */

void cmd_pfmerge(struct cmd_ctx *ctx)
{
    uint8_t *max = mem_calloc(1, HLL_REGISTERS);
    int use_dense = 0;
    /* the destination is a source as well */
    for (int j = 1; j < ctx->argc; j++) {
        struct entry *e = ks_lookup_read(arg_shard(ctx, j), ctx->db, ARG(ctx, j));
        if (!e) continue;
        if (!is_hll_or_reply(ctx, e)) goto out;
        if (hll_encoding_of(value_of(e)) == HLL_DENSE) use_dense = 1;
        if (hll_merge(max, value_of(e), entry_vlen(e)) < 0) {
            reply_err(ctx, ERR_INVALID_HLL);
            goto out;
        }
    }

    struct shard *s = arg_shard(ctx, 1);
    struct entry *dest = ks_lookup(s, ctx->db, ARG(ctx, 1));
    struct hll h;
    if (dest)
        hll_init_copy(&h, value_of(dest), entry_vlen(dest));
    else
        hll_init(&h);
    /* the destination passed as a source, so it converts */
    if (use_dense) hll_to_dense(&h);
    size_t limit = sparse_max();
    for (long j = 0; j < HLL_REGISTERS; j++)
        if (max[j]) hll_set(&h, j, max[j], limit);
    hll_cache_invalidate(h.p);
    if (dest)
        store_existing(ctx, 1, &h);
    else
        ks_set_string(s, ctx->db, ARG(ctx, 1), (const char *)h.p, h.len, EXPIRE_NONE);
    hll_release(&h);
    /* Redis publishes pfadd for a merge: in effect, a mass add */
    ks_changed(s, ctx->db, ARG(ctx, 1), NOTIFY_STRING, "pfadd");
    reply_ok(ctx->out);
out:
    mem_free(max);
}

/* ---- PFDEBUG and PFSELFTEST ---- */

/* Makes a sparse HLL dense in the keyspace: 1 when it converted, 0 when it was dense, -1 (and
 * the error answered) when its body is corrupt. */
static int to_dense_in_place(struct cmd_ctx *ctx, struct shard *s, struct entry *e)
{
    if (hll_encoding_of(value_of(e)) == HLL_DENSE) return 0;
    struct hll h;
    hll_init_copy(&h, value_of(e), entry_vlen(e));
    if (hll_to_dense(&h) < 0) {
        hll_release(&h);
        reply_err(ctx, ERR_INVALID_HLL);
        return -1;
    }
    store_existing(ctx, 2, &h);
    hll_release(&h);
    /* the bytes change, the value does not: no event */
    ks_changed(s, ctx->db, ARG(ctx, 2), 0, "pfdebug");
    return 1;
}

void cmd_pfdebug(struct cmd_ctx *ctx)
{
    struct shard *s = arg_shard(ctx, 2);
    struct entry *e = ks_lookup(s, ctx->db, ARG(ctx, 2));
    if (!e) {
        ctx_error_text(ctx, "ERR The specified key does not exist");
        return;
    }
    if (!is_hll_or_reply(ctx, e)) return;

    if (CTX_ARG_IS(ctx, 1, "getreg")) {
        if (to_dense_in_place(ctx, s, e) < 0) return;
        e = ks_lookup(s, ctx->db, ARG(ctx, 2));
        const uint8_t *regs = value_of(e) + HLL_HDR_SIZE;
        reply_array(ctx->out, HLL_REGISTERS);
        for (long j = 0; j < HLL_REGISTERS; j++)
            reply_int(ctx->out, hll_dense_get(regs, j));
    } else if (CTX_ARG_IS(ctx, 1, "decode")) {
        if (hll_encoding_of(value_of(e)) != HLL_SPARSE) {
            ctx_error_text(ctx, "ERR HLL encoding is not sparse");
            return;
        }
        size_t n;
        char *text = hll_decode(value_of(e), entry_vlen(e), &n);
        reply_bulk(ctx->out, text, n);
        mem_free(text);
    } else if (CTX_ARG_IS(ctx, 1, "encoding")) {
        reply_simple(ctx->out, hll_encoding_of(value_of(e)) == HLL_DENSE ? "dense" : "sparse");
    } else if (CTX_ARG_IS(ctx, 1, "todense")) {
        int r = to_dense_in_place(ctx, s, e);
        if (r >= 0) reply_int(ctx->out, r);
    } else {
        ctx_errorf(ctx, "ERR Unknown PFDEBUG subcommand '%.*s'", (int)ctx->argv[1].len,
                   ctx->argv[1].ptr);
    }
}

void cmd_pfselftest(struct cmd_ctx *ctx)
{
    char err[128];
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t seed = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 32;
    if (hll_selftest(err, sizeof err, sparse_max(), seed))
        ctx_error_text(ctx, err);
    else
        reply_ok(ctx->out);
}
