/* The bitmap commands over string values, with Redis 7.0's replies, errors and their order
 * (arguments that do not need the key first; BITCOUNT and BITPOS look the key up before their
 * ranges, as Redis does). The bit arithmetic is in bitops.c; these parse, look up, grow strings
 * through the keyspace (ks_resize_string, as SETRANGE) and reply. Handlers run on the thread
 * holding the shards of their keys: BITOP's destination and sources may sit on any shards. */
#include <stdint.h>
#include <string.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/bitops.h"
#include "types/t_bitmap.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *arg_shard(const struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ARG(ctx, i));
}

static int arg_ll(const struct cmd_ctx *ctx, int i, long long *v)
{
    return str_to_ll(ARG(ctx, i), v);
}

/* Redis's getBitOffsetFromArgument: a bit offset within proto-max-bulk-len bytes. With `bits`
 * (BITFIELD), "#N" means the N-th field of that width. */
static int bit_offset_or_reply(struct cmd_ctx *ctx, int i, unsigned bits, uint64_t *offset)
{
    const char *p = ctx->argv[i].ptr;
    size_t len = ctx->argv[i].len;
    int hash = bits > 0 && len > 0 && p[0] == '#';
    long long v;
    if (!str_to_ll(p + hash, len - (size_t)hash, &v) ||
        (hash && __builtin_mul_overflow(v, (long long)bits, &v)) || v < 0 ||
        (v >> 3) >= CONFIG_GET(proto_max_bulk_len)) {
        reply_err(ctx, ERR_BIT_OFFSET);
        return 0;
    }
    *offset = (uint64_t)v;
    return 1;
}

/* The string value at key argument 1 for reading: NULL when absent or (after replying
 * WRONGTYPE, *failed set) of another type. */
static struct entry *read_string(struct cmd_ctx *ctx, int *failed)
{
    struct entry *e = ks_lookup_read(arg_shard(ctx, 1), ctx->db, ARG(ctx, 1));
    *failed = e && e->type != OBJ_STRING;
    if (*failed) reply_err(ctx, ERR_WRONGTYPE);
    return *failed ? NULL : e;
}

/* Redis's lookupStringForBitCommand: the string at key argument 1, created or zero-padded so
 * that bit maxbit exists; NULL after replying WRONGTYPE. *grew: created or lengthened. */
static struct entry *string_for_bits(struct cmd_ctx *ctx, uint64_t maxbit, int *grew)
{
    struct shard *s = arg_shard(ctx, 1);
    struct entry **ref = ks_lookup_ref(s, ctx->db, ARG(ctx, 1));
    if (ref && (*ref)->type != OBJ_STRING) {
        reply_err(ctx, ERR_WRONGTYPE);
        return NULL;
    }
    *grew = 0;
    if (!ref) {
        ks_set_string(s, ctx->db, ARG(ctx, 1), "", 0, EXPIRE_NONE);
        ref = ks_lookup_ref(s, ctx->db, ARG(ctx, 1));
        *grew = 1;
    }
    size_t need = (size_t)(maxbit >> 3) + 1;
    if (entry_vlen(*ref) < need) {
        ks_resize_string(s, ctx->db, ref, need);
        *grew = 1;
    }
    return *ref;
}

void cmd_setbit(struct cmd_ctx *ctx)
{
    uint64_t offset;
    long long on;
    if (!bit_offset_or_reply(ctx, 2, 0, &offset)) return;
    if (!arg_ll(ctx, 3, &on) || (on & ~1LL)) {
        reply_err(ctx, ERR_BIT_VALUE);
        return;
    }
    int grew;
    struct entry *e = string_for_bits(ctx, offset, &grew);
    if (!e) return;
    uint8_t *byte = (uint8_t *)entry_value(e) + (offset >> 3);
    uint8_t mask = (uint8_t)(1u << (7 - (offset & 7)));
    int old = (*byte & mask) != 0;
    /* As Redis: no write (and no event) when the bit already had that value. */
    if (grew || old != on) {
        *byte = on ? (uint8_t)(*byte | mask) : (uint8_t)(*byte & ~mask);
        ks_changed(arg_shard(ctx, 1), ctx->db, ARG(ctx, 1), NOTIFY_STRING, "setbit");
    }
    reply_int(ctx->out, old);
}

void cmd_getbit(struct cmd_ctx *ctx)
{
    uint64_t offset;
    int failed;
    if (!bit_offset_or_reply(ctx, 2, 0, &offset)) return;
    struct entry *e = read_string(ctx, &failed);
    if (failed) return;
    int bit = 0;
    if (e && (offset >> 3) < entry_vlen(e))
        bit = (((const uint8_t *)entry_value(e))[offset >> 3] >> (7 - (offset & 7))) & 1;
    reply_int(ctx->out, bit);
}

/* BYTE or BIT at argument i: 1 for BIT; -1 after a syntax error. */
static int unit_or_reply(struct cmd_ctx *ctx, int i)
{
    if (CTX_ARG_IS(ctx, i, "bit")) return 1;
    if (CTX_ARG_IS(ctx, i, "byte")) return 0;
    reply_err(ctx, ERR_SYNTAX);
    return -1;
}

/* Redis's range rules over `total` units: negative indexes count from the end, both are then
 * clamped to the string; 0 when the range is empty. */
static int clamp_range(long long *start, long long *end, long long total)
{
    if (*start < 0) *start += total;
    if (*end < 0) *end += total;
    if (*start < 0) *start = 0;
    if (*end < 0) *end = 0;
    if (*end >= total) *end = total - 1;
    return *start <= *end;
}

void cmd_bitcount(struct cmd_ctx *ctx)
{
    int failed;
    struct entry *e = read_string(ctx, &failed);
    if (failed) return;
    if (!e) {
        reply_int(ctx->out, 0);
        return;
    }
    long long len = (long long)entry_vlen(e), start = 0, end = len - 1;
    int isbit = 0;
    if (ctx->argc == 4 || ctx->argc == 5) {
        if (!arg_ll(ctx, 2, &start) || !arg_ll(ctx, 3, &end)) {
            reply_err(ctx, ERR_NOT_INT);
            return;
        }
        if (start < 0 && end < 0 && start > end) {
            reply_int(ctx->out, 0);
            return;
        }
        if (ctx->argc == 5 && (isbit = unit_or_reply(ctx, 4)) < 0) return;
    } else if (ctx->argc != 2) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    if (!clamp_range(&start, &end, isbit ? len * 8 : len)) {
        reply_int(ctx->out, 0);
        return;
    }
    uint64_t first = isbit ? (uint64_t)start : (uint64_t)start * 8;
    uint64_t last = isbit ? (uint64_t)end : (uint64_t)end * 8 + 7;
    reply_int(ctx->out, (long long)bits_count((const uint8_t *)entry_value(e), first, last));
}

void cmd_bitpos(struct cmd_ctx *ctx)
{
    long long bit;
    if (!arg_ll(ctx, 2, &bit)) {
        reply_err(ctx, ERR_NOT_INT);
        return;
    }
    if (bit != 0 && bit != 1) {
        reply_err(ctx, ERR_BIT_ARG);
        return;
    }
    int failed;
    struct entry *e = read_string(ctx, &failed);
    if (failed) return;
    /* A missing key is an endless run of zeros. */
    if (!e) {
        reply_int(ctx->out, bit ? -1 : 0);
        return;
    }
    long long len = (long long)entry_vlen(e), start = 0, end = len - 1;
    int isbit = 0, end_given = 0;
    if (ctx->argc >= 4 && ctx->argc <= 6) {
        if (!arg_ll(ctx, 3, &start)) {
            reply_err(ctx, ERR_NOT_INT);
            return;
        }
        if (ctx->argc == 6 && (isbit = unit_or_reply(ctx, 5)) < 0) return;
        if (ctx->argc >= 5) {
            if (!arg_ll(ctx, 4, &end)) {
                reply_err(ctx, ERR_NOT_INT);
                return;
            }
            end_given = 1;
        } else {
            end = isbit ? len * 8 - 1 : len - 1;
        }
    } else if (ctx->argc != 3) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    if (!clamp_range(&start, &end, isbit ? len * 8 : len)) {
        reply_int(ctx->out, -1);
        return;
    }
    uint64_t first = isbit ? (uint64_t)start : (uint64_t)start * 8;
    uint64_t last = isbit ? (uint64_t)end : (uint64_t)end * 8 + 7;
    int64_t pos = bits_find((const uint8_t *)entry_value(e), first, last, (int)bit);
    /* No clear bit in the string: past its end the string reads as zeros, unless the caller
     * bounded the range. */
    if (pos < 0 && bit == 0 && !end_given) pos = (int64_t)last + 1;
    reply_int(ctx->out, pos);
}

void cmd_bitop(struct cmd_ctx *ctx)
{
    static const char *const names[] = {"and", "or", "xor", "not"};
    int op = -1;
    for (int i = 0; i < 4 && op < 0; i++)
        if (CTX_ARG_IS(ctx, 1, names[i])) op = i;
    if (op < 0) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    if (op == BITS_NOT && ctx->argc != 4) {
        reply_err(ctx, ERR_BITOP_NOT);
        return;
    }
    size_t nsrc = (size_t)ctx->argc - 3, maxlen = 0;
    const uint8_t **src = mem_alloc(nsrc * sizeof *src);
    size_t *lens = mem_alloc(nsrc * sizeof *lens);
    for (size_t j = 0; j < nsrc; j++) {
        int i = (int)j + 3;
        struct entry *e = ks_lookup_read(arg_shard(ctx, i), ctx->db, ARG(ctx, i));
        if (e && e->type != OBJ_STRING) {
            reply_err(ctx, ERR_WRONGTYPE);
            goto out;
        }
        src[j] = e ? (const uint8_t *)entry_value(e) : NULL;
        lens[j] = e ? entry_vlen(e) : 0;
        if (lens[j] > maxlen) maxlen = lens[j];
    }
    struct shard *ds = arg_shard(ctx, 2);
    if (maxlen) {
        /* Computed aside: the destination may be one of the sources. */
        uint8_t *res = mem_alloc(maxlen);
        bits_op((enum bits_op)op, res, maxlen, src, lens, nsrc);
        ks_set_string(ds, ctx->db, ARG(ctx, 2), (const char *)res, maxlen, EXPIRE_NONE);
        mem_free(res);
        ks_changed(ds, ctx->db, ARG(ctx, 2), NOTIFY_STRING, "set");
    } else if (ks_delete(ds, ctx->db, ARG(ctx, 2))) {
        ks_changed(ds, ctx->db, ARG(ctx, 2), NOTIFY_GENERIC, "del");
    }
    reply_int(ctx->out, (long long)maxlen);
out:
    mem_free(src);
    mem_free(lens);
}

enum { BF_GET, BF_SET, BF_INCRBY };

struct bf_op {
    uint64_t offset;
    int64_t value; /* SET's value, INCRBY's increment */
    uint8_t code, overflow, bits, sign;
};

/* A field type: i1..i64 or u1..u63 (case matters, as in Redis). */
static int bf_type_or_reply(struct cmd_ctx *ctx, int i, struct bf_op *op)
{
    const char *p = ctx->argv[i].ptr;
    size_t len = ctx->argv[i].len;
    long long bits;
    if (len < 2 || (p[0] != 'i' && p[0] != 'u') || !str_to_ll(p + 1, len - 1, &bits) || bits < 1 ||
        bits > (p[0] == 'i' ? 64 : 63)) {
        reply_err(ctx, ERR_BITFIELD_TYPE);
        return 0;
    }
    op->sign = p[0] == 'i';
    op->bits = (uint8_t)bits;
    return 1;
}

/* Parses the subcommands into ops (room for argc / 2); returns how many, or -1 after an error.
 * *maxbit: the last bit a SET or INCRBY writes; *writes whether there is one. */
static int bf_parse(struct cmd_ctx *ctx, struct bf_op *ops, uint64_t *maxbit, int *writes)
{
    int n = 0, overflow = BITFIELD_WRAP;
    *maxbit = 0;
    *writes = 0;
    for (int j = 2; j < ctx->argc; j++) {
        int rest = ctx->argc - j - 1;
        struct bf_op *op = &ops[n];
        if (CTX_ARG_IS(ctx, j, "get") && rest >= 2) {
            op->code = BF_GET;
        } else if (CTX_ARG_IS(ctx, j, "set") && rest >= 3) {
            op->code = BF_SET;
        } else if (CTX_ARG_IS(ctx, j, "incrby") && rest >= 3) {
            op->code = BF_INCRBY;
        } else if (CTX_ARG_IS(ctx, j, "overflow") && rest >= 1) {
            j++;
            if (CTX_ARG_IS(ctx, j, "wrap")) {
                overflow = BITFIELD_WRAP;
            } else if (CTX_ARG_IS(ctx, j, "sat")) {
                overflow = BITFIELD_SAT;
            } else if (CTX_ARG_IS(ctx, j, "fail")) {
                overflow = BITFIELD_FAIL;
            } else {
                reply_err(ctx, ERR_BITFIELD_OVERFLOW);
                return -1;
            }
            continue;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return -1;
        }
        if (!bf_type_or_reply(ctx, j + 1, op) ||
            !bit_offset_or_reply(ctx, j + 2, op->bits, &op->offset))
            return -1;
        op->overflow = (uint8_t)overflow;
        op->value = 0;
        if (op->code != BF_GET) {
            long long v;
            if (!arg_ll(ctx, j + 3, &v)) {
                reply_err(ctx, ERR_NOT_INT);
                return -1;
            }
            op->value = v;
            *writes = 1;
            if (op->offset + op->bits - 1 > *maxbit) *maxbit = op->offset + op->bits - 1;
        }
        n++;
        j += op->code == BF_GET ? 2 : 3;
    }
    return n;
}

/* Runs a SET or INCRBY on the string p: replies the old value (SET) or the new one (INCRBY),
 * or a null when OVERFLOW FAIL refuses the write; returns whether it wrote. */
static int bf_write(struct cmd_ctx *ctx, uint8_t *p, size_t len, const struct bf_op *op)
{
    int incr = op->code == BF_INCRBY, over;
    enum bitfield_overflow ow = op->overflow;
    uint64_t v;
    long long answer;
    if (op->sign) {
        int64_t old = bitfield_get_signed(p, len, op->offset, op->bits), limit;
        over = bitfield_check_signed(incr ? old : op->value, incr ? op->value : 0, op->bits, ow,
                                     &limit);
        v = over   ? (uint64_t)limit
            : incr ? (uint64_t)old + (uint64_t)op->value
                   : (uint64_t)op->value;
        answer = incr ? (long long)(int64_t)v : old;
    } else {
        uint64_t old = bitfield_get_unsigned(p, len, op->offset, op->bits), limit;
        over = bitfield_check_unsigned(incr ? old : (uint64_t)op->value, incr ? op->value : 0,
                                       op->bits, ow, &limit);
        v = over ? limit : incr ? old + (uint64_t)op->value : (uint64_t)op->value;
        answer = (long long)(incr ? v : old);
    }
    if (over && ow == BITFIELD_FAIL) {
        reply_null(ctx->out);
        return 0;
    }
    bitfield_set(p, op->offset, op->bits, v);
    reply_int(ctx->out, answer);
    return 1;
}

static void bitfield_generic(struct cmd_ctx *ctx, int readonly_cmd)
{
    struct bf_op *ops = mem_alloc((size_t)(ctx->argc / 2 + 1) * sizeof *ops);
    uint64_t maxbit;
    int writes, failed;
    int n = bf_parse(ctx, ops, &maxbit, &writes);
    if (n < 0) goto out;

    struct entry *e;
    if (!writes) {
        e = read_string(ctx, &failed);
        if (failed) goto out;
    } else {
        if (readonly_cmd) {
            reply_err(ctx, ERR_BITFIELD_RO);
            goto out;
        }
        int grew;
        if (!(e = string_for_bits(ctx, maxbit, &grew))) goto out;
    }

    int changes = 0;
    reply_array(ctx->out, (size_t)n);
    for (int i = 0; i < n; i++) {
        const struct bf_op *op = &ops[i];
        const uint8_t *p = e ? (const uint8_t *)entry_value(e) : NULL;
        size_t len = e ? entry_vlen(e) : 0;
        if (op->code != BF_GET)
            changes += bf_write(ctx, (uint8_t *)entry_value(e), len, op);
        else if (op->sign)
            reply_int(ctx->out, bitfield_get_signed(p, len, op->offset, op->bits));
        else
            reply_int(ctx->out, (long long)bitfield_get_unsigned(p, len, op->offset, op->bits));
    }
    /* One event for the command; none when OVERFLOW FAIL refused every write (the key made
     * for them stays, as in Redis). */
    if (changes) ks_changed(arg_shard(ctx, 1), ctx->db, ARG(ctx, 1), NOTIFY_STRING, "setbit");
out:
    mem_free(ops);
}

void cmd_bitfield(struct cmd_ctx *ctx)
{
    bitfield_generic(ctx, 0);
}

void cmd_bitfield_ro(struct cmd_ctx *ctx)
{
    bitfield_generic(ctx, 1);
}
