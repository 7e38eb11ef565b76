/* The string commands (Redis's "string" group), with Redis 7.0's replies and error order: option
 * parsing first, then the key's type, then the values. Handlers run on the thread holding the
 * shards of their keys (one shard, or all those of an MSET/MGET/MSETNX transaction). */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/t_string.h"

/* Room for INCRBYFLOAT's value: Redis's MAX_LONG_DOUBLE_CHARS. */
#define LONG_DOUBLE_CHARS (5 * 1024)

/* SET and GETEX options (Redis's OBJ_SET_* / OBJ_* flags). */
#define OPT_NX      (1u << 0)
#define OPT_XX      (1u << 1)
#define OPT_GET     (1u << 2)
#define OPT_KEEPTTL (1u << 3)
#define OPT_PERSIST (1u << 4)
#define OPT_EX      (1u << 5)
#define OPT_PX      (1u << 6)
#define OPT_EXAT    (1u << 7)
#define OPT_PXAT    (1u << 8)
#define OPT_EXPIRE  (OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT)

enum opt_syntax { SYNTAX_SET, SYNTAX_GETEX };

static struct shard *key_shard(struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ctx->argv[i].ptr, ctx->argv[i].len);
}

static int arg_word(const struct cmd_ctx *ctx, int i, const char *word)
{
    return arg_is(ctx->argv[i].ptr, ctx->argv[i].len, word);
}

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

/* Redis's getLongLongFromObjectOrReply. */
static int arg_ll_or_reply(struct cmd_ctx *ctx, int i, long long *v)
{
    if (str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, v)) return 1;
    reply_err(ctx, ERR_NOT_INT);
    return 0;
}

static void reply_value(struct cmd_ctx *ctx, struct entry *e)
{
    reply_bulk(ctx->out, entry_value(e), entry_vlen(e));
}

/* Parses the options after the key (GETEX) or the value (SET) as Redis's
 * parseExtendedStringArgumentsOrReply does: an option that conflicts with one already seen, or
 * an expire option with nothing after it, is a syntax error. *expire_arg is the index of the
 * expire time, or 0. */
static int parse_options(struct cmd_ctx *ctx, enum opt_syntax syntax, unsigned *opts,
                         int *expire_arg)
{
    const unsigned no_expire = OPT_KEEPTTL | OPT_PERSIST;
    int set = syntax == SYNTAX_SET;
    *opts = 0;
    *expire_arg = 0;
    for (int j = set ? 3 : 2; j < ctx->argc; j++) {
        unsigned f = *opts;
        int has_next = j < ctx->argc - 1;
        unsigned add;
        if (set && arg_word(ctx, j, "nx") && !(f & OPT_XX))
            add = OPT_NX;
        else if (set && arg_word(ctx, j, "xx") && !(f & OPT_NX))
            add = OPT_XX;
        else if (set && arg_word(ctx, j, "get"))
            add = OPT_GET;
        else if (set && arg_word(ctx, j, "keepttl") && !(f & (OPT_PERSIST | OPT_EXPIRE)))
            add = OPT_KEEPTTL;
        else if (!set && arg_word(ctx, j, "persist") && !(f & (OPT_KEEPTTL | OPT_EXPIRE)))
            add = OPT_PERSIST;
        else if (arg_word(ctx, j, "ex") && has_next && !(f & (no_expire | (OPT_EXPIRE & ~OPT_EX))))
            add = OPT_EX;
        else if (arg_word(ctx, j, "px") && has_next && !(f & (no_expire | (OPT_EXPIRE & ~OPT_PX))))
            add = OPT_PX;
        else if (arg_word(ctx, j, "exat") && has_next &&
                 !(f & (no_expire | (OPT_EXPIRE & ~OPT_EXAT))))
            add = OPT_EXAT;
        else if (arg_word(ctx, j, "pxat") && has_next &&
                 !(f & (no_expire | (OPT_EXPIRE & ~OPT_PXAT))))
            add = OPT_PXAT;
        else {
            reply_err(ctx, ERR_SYNTAX);
            return 0;
        }
        *opts |= add;
        if (add & OPT_EXPIRE) *expire_arg = ++j;
    }
    return 1;
}

/* Redis's getExpireMillisecondsOrReply: the absolute expiry in ms of an EX/PX/EXAT/PXAT value.
 * Zero, negative and overflowing times are "invalid expire time" errors. */
static int expire_at_or_reply(struct cmd_ctx *ctx, int i, unsigned opts, int64_t *at)
{
    long long v;
    if (!arg_ll_or_reply(ctx, i, &v)) return 0;
    int seconds = (opts & (OPT_EX | OPT_EXAT)) != 0;
    int relative = (opts & (OPT_EX | OPT_PX)) != 0;
    if (v <= 0 || (seconds && v > LLONG_MAX / 1000)) goto invalid;
    if (seconds) v *= 1000;
    if (relative) {
        int64_t now = ks_now_ms();
        if (v > INT64_MAX - now) goto invalid;
        v += now;
    }
    *at = v;
    return 1;
invalid:
    ctx_errorf(ctx, error_text(ERR_INVALID_EXPIRE), ctx->cmd->name);
    return 0;
}

/* SET ... GET and GETSET: replies the old value (or a null) and returns 1, or replies
 * WRONGTYPE and returns 0. *old is the entry, NULL when the key is missing. */
static int reply_old_value(struct cmd_ctx *ctx, struct shard *s, struct entry **old)
{
    struct entry *e = ks_lookup_read(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    *old = e;
    if (e && e->type != OBJ_STRING) {
        reply_err(ctx, ERR_WRONGTYPE);
        return 0;
    }
    if (e)
        reply_value(ctx, e);
    else
        reply_null(ctx->out);
    return 1;
}

/* The common part of SET, SETNX, SETEX and PSETEX (Redis's setGenericCommand). SETNX answers
 * :1 or :0 (int_reply) where SET answers +OK or a null. */
static void set_generic(struct cmd_ctx *ctx, unsigned opts, int expire_arg, int value_arg,
                        int int_reply)
{
    struct shard *s = key_shard(ctx, 1);
    const char *key = ctx->argv[1].ptr;
    size_t klen = ctx->argv[1].len;
    int64_t at = EXPIRE_NONE;

    if (expire_arg && !expire_at_or_reply(ctx, expire_arg, opts, &at)) return;

    /* Only GET, NX and XX look first: ks_set_string's own look-up does the rest (a key that
     * expired goes with its event, then a new one is added), as Redis's setKey after its
     * lookupKeyWrite. */
    struct entry *e = NULL;
    if (opts & OPT_GET) {
        if (!reply_old_value(ctx, s, &e)) return;
    } else if (opts & (OPT_NX | OPT_XX)) {
        e = ks_lookup(s, ctx->db, key, klen);
    }

    if (((opts & OPT_NX) && e) || ((opts & OPT_XX) && !e)) {
        if (!(opts & OPT_GET)) {
            if (int_reply)
                reply_int(ctx->out, 0);
            else
                reply_null(ctx->out);
        }
        return;
    }

    /* An absolute time already past is stored as it is: the key expires on its next look-up
     * (or active expiry), with its `expired` event, as in Redis. */
    ks_set_string(s, ctx->db, key, klen, ctx->argv[value_arg].ptr, ctx->argv[value_arg].len,
                  expire_arg             ? at
                  : (opts & OPT_KEEPTTL) ? KS_KEEPTTL
                                         : EXPIRE_NONE);
    ks_changed(s, ctx->db, key, klen, NOTIFY_STRING, "set");
    if (expire_arg) ks_changed(s, ctx->db, key, klen, NOTIFY_GENERIC, "expire");

    if (!(opts & OPT_GET)) {
        if (int_reply)
            reply_int(ctx->out, 1);
        else
            reply_ok(ctx->out);
    }
}

/* GET's look-up: NULL when a reply (null or WRONGTYPE) was sent. */
static struct entry *lookup_string_or_reply(struct cmd_ctx *ctx, struct shard *s)
{
    struct entry *e = ks_lookup_read(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    if (!e) {
        reply_null(ctx->out);
        return NULL;
    }
    if (e->type != OBJ_STRING) {
        reply_err(ctx, ERR_WRONGTYPE);
        return NULL;
    }
    return e;
}

void cmd_get(struct cmd_ctx *ctx)
{
    struct entry *e = lookup_string_or_reply(ctx, key_shard(ctx, 1));
    if (e) reply_value(ctx, e);
}

void cmd_set(struct cmd_ctx *ctx)
{
    unsigned opts;
    int expire_arg;
    if (!parse_options(ctx, SYNTAX_SET, &opts, &expire_arg)) return;
    set_generic(ctx, opts, expire_arg, 2, 0);
}

void cmd_setnx(struct cmd_ctx *ctx)
{
    set_generic(ctx, OPT_NX, 0, 2, 1);
}

void cmd_setex(struct cmd_ctx *ctx)
{
    set_generic(ctx, OPT_EX, 2, 3, 0);
}

void cmd_psetex(struct cmd_ctx *ctx)
{
    set_generic(ctx, OPT_PX, 2, 3, 0);
}

void cmd_getset(struct cmd_ctx *ctx)
{
    struct shard *s = key_shard(ctx, 1);
    struct entry *e;
    if (!reply_old_value(ctx, s, &e)) return;
    ks_set_string(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, ctx->argv[2].ptr,
                  ctx->argv[2].len, EXPIRE_NONE);
    ks_changed(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, NOTIFY_STRING, "set");
}

void cmd_getdel(struct cmd_ctx *ctx)
{
    struct shard *s = key_shard(ctx, 1);
    struct entry *e = lookup_string_or_reply(ctx, s);
    if (!e) return;
    reply_value(ctx, e);
    ks_delete(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    ks_changed(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, NOTIFY_GENERIC, "del");
}

void cmd_getex(struct cmd_ctx *ctx)
{
    unsigned opts;
    int expire_arg;
    if (!parse_options(ctx, SYNTAX_GETEX, &opts, &expire_arg)) return;

    struct shard *s = key_shard(ctx, 1);
    struct entry *e = lookup_string_or_reply(ctx, s);
    if (!e) return;

    int64_t at = EXPIRE_NONE;
    if (expire_arg && !expire_at_or_reply(ctx, expire_arg, opts, &at)) return;

    reply_value(ctx, e);
    const char *key = ctx->argv[1].ptr;
    size_t klen = ctx->argv[1].len;
    /* ks_set_expire deletes the key when an EXAT/PXAT time is already past. Without options,
     * or PERSIST of a key without expiry, nothing changes. */
    if (expire_arg) {
        int r = ks_set_expire(s, ctx->db, key, klen, at);
        ks_changed(s, ctx->db, key, klen, NOTIFY_GENERIC,
                   r == KS_EXPIRE_DELETED ? "del" : "expire");
    } else if ((opts & OPT_PERSIST) && entry_expire(e) != EXPIRE_NONE) {
        ks_set_expire(s, ctx->db, key, klen, EXPIRE_NONE);
        ks_changed(s, ctx->db, key, klen, NOTIFY_GENERIC, "persist");
    }
}

void cmd_mget(struct cmd_ctx *ctx)
{
    reply_array(ctx->out, (size_t)(ctx->argc - 1));
    for (int i = 1; i < ctx->argc; i++) {
        struct entry *e =
            ks_lookup_read(key_shard(ctx, i), ctx->db, ctx->argv[i].ptr, ctx->argv[i].len);
        if (e && e->type == OBJ_STRING)
            reply_value(ctx, e);
        else
            reply_null(ctx->out);
    }
}

/* MSET and MSETNX: the arity allows an even argc, which Redis reports as an arity error. */
static int mset_args_ok(struct cmd_ctx *ctx)
{
    if (ctx->argc % 2 == 1) return 1;
    ctx_errorf(ctx, error_text(ERR_WRONG_ARGS), ctx->cmd->name);
    return 0;
}

static void mset_all(struct cmd_ctx *ctx)
{
    for (int i = 1; i < ctx->argc; i += 2) {
        struct shard *s = key_shard(ctx, i);
        ks_set_string(s, ctx->db, ctx->argv[i].ptr, ctx->argv[i].len, ctx->argv[i + 1].ptr,
                      ctx->argv[i + 1].len, EXPIRE_NONE);
        ks_changed(s, ctx->db, ctx->argv[i].ptr, ctx->argv[i].len, NOTIFY_STRING, "set");
    }
}

void cmd_mset(struct cmd_ctx *ctx)
{
    if (!mset_args_ok(ctx)) return;
    mset_all(ctx);
    reply_ok(ctx->out);
}

void cmd_msetnx(struct cmd_ctx *ctx)
{
    if (!mset_args_ok(ctx)) return;
    for (int i = 1; i < ctx->argc; i += 2) {
        if (ks_lookup(key_shard(ctx, i), ctx->db, ctx->argv[i].ptr, ctx->argv[i].len)) {
            reply_int(ctx->out, 0);
            return;
        }
    }
    mset_all(ctx);
    reply_int(ctx->out, 1);
}

/* Looks the key up for a read-modify-write: NULL with *ref NULL when absent; a reply is sent
 * and 0 returned when it holds another type. */
static int lookup_string_ref(struct cmd_ctx *ctx, struct shard *s, struct entry ***ref)
{
    *ref = ks_lookup_ref(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    if (*ref && (**ref)->type != OBJ_STRING) {
        reply_err(ctx, ERR_WRONGTYPE);
        return 0;
    }
    return 1;
}

/* Redis's incrDecrCommand: the value keeps its expiry. */
static void incr_by(struct cmd_ctx *ctx, long long incr)
{
    struct shard *s = key_shard(ctx, 1);
    struct entry **ref;
    if (!lookup_string_ref(ctx, s, &ref)) return;

    long long value = 0;
    if (ref && !str_to_ll(entry_value(*ref), entry_vlen(*ref), &value)) {
        reply_err(ctx, ERR_NOT_INT);
        return;
    }
    if ((incr < 0 && value < 0 && incr < LLONG_MIN - value) ||
        (incr > 0 && value > 0 && incr > LLONG_MAX - value)) {
        reply_err(ctx, ERR_OVERFLOW);
        return;
    }
    value += incr;

    char buf[24];
    int n = ll_to_str(buf, sizeof buf, value);
    ks_set_string(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, buf, (size_t)n, KS_KEEPTTL);
    ks_changed(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, NOTIFY_STRING, "incrby");
    reply_int(ctx->out, value);
}

void cmd_incr(struct cmd_ctx *ctx)
{
    incr_by(ctx, 1);
}

void cmd_decr(struct cmd_ctx *ctx)
{
    incr_by(ctx, -1);
}

void cmd_incrby(struct cmd_ctx *ctx)
{
    long long incr;
    if (!arg_ll_or_reply(ctx, 2, &incr)) return;
    incr_by(ctx, incr);
}

void cmd_decrby(struct cmd_ctx *ctx)
{
    long long decr;
    if (!arg_ll_or_reply(ctx, 2, &decr)) return;
    /* -LLONG_MIN does not exist; Redis has its own error for it. */
    if (decr == LLONG_MIN) {
        reply_err(ctx, ERR_DECR_OVERFLOW);
        return;
    }
    incr_by(ctx, -decr);
}

void cmd_incrbyfloat(struct cmd_ctx *ctx)
{
    struct shard *s = key_shard(ctx, 1);
    struct entry **ref;
    if (!lookup_string_ref(ctx, s, &ref)) return;

    long double value = 0, incr;
    if ((ref && !str_to_ld(entry_value(*ref), entry_vlen(*ref), &value)) ||
        !str_to_ld(ctx->argv[2].ptr, ctx->argv[2].len, &incr)) {
        reply_err(ctx, ERR_NOT_FLOAT);
        return;
    }
    value += incr;
    if (isnan(value) || isinf(value)) {
        reply_err(ctx, ERR_NAN_INF);
        return;
    }

    char buf[LONG_DOUBLE_CHARS];
    int n = long_double_to_str(buf, sizeof buf, value);
    ks_set_string(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, buf, (size_t)n, KS_KEEPTTL);
    ks_changed(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, NOTIFY_STRING, "incrbyfloat");
    reply_bulk(ctx->out, buf, (size_t)n);
}

/* Redis's checkStringLength: size + append must fit proto-max-bulk-len (and not overflow). */
static int length_ok_or_reply(struct cmd_ctx *ctx, uint64_t size, uint64_t append)
{
    uint64_t total = size + append;
    if (total < size || total > (uint64_t)g_config.proto_max_bulk_len) {
        reply_err(ctx, ERR_STRING_TOO_LONG);
        return 0;
    }
    return 1;
}

void cmd_append(struct cmd_ctx *ctx)
{
    struct shard *s = key_shard(ctx, 1);
    const struct resp_arg *add = &ctx->argv[2];
    struct entry **ref;
    if (!lookup_string_ref(ctx, s, &ref)) return;

    if (!ref) {
        /* As in Redis, a new key takes the argument as it is: the request parser already
         * bounded it by proto-max-bulk-len. */
        ks_set_string(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, add->ptr, add->len,
                      EXPIRE_NONE);
        ks_changed(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, NOTIFY_STRING, "append");
        reply_int(ctx->out, (long long)add->len);
        return;
    }
    size_t old = entry_vlen(*ref);
    if (!length_ok_or_reply(ctx, old, add->len)) return;
    if (add->len) {
        struct entry *e = ks_resize_string(s, ctx->db, ref, old + add->len);
        memcpy(entry_value(e) + old, add->ptr, add->len);
    }
    /* Appending nothing is an append all the same, for Redis. */
    ks_changed(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, NOTIFY_STRING, "append");
    reply_int(ctx->out, (long long)(old + add->len));
}

void cmd_strlen(struct cmd_ctx *ctx)
{
    struct entry *e =
        ks_lookup_read(key_shard(ctx, 1), ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    if (!e) {
        reply_int(ctx->out, 0);
        return;
    }
    if (e->type != OBJ_STRING) {
        reply_err(ctx, ERR_WRONGTYPE);
        return;
    }
    reply_int(ctx->out, (long long)entry_vlen(e));
}

void cmd_getrange(struct cmd_ctx *ctx)
{
    long long start, end;
    if (!arg_ll_or_reply(ctx, 2, &start) || !arg_ll_or_reply(ctx, 3, &end)) return;

    struct entry *e =
        ks_lookup_read(key_shard(ctx, 1), ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    if (!e) {
        reply_bulk(ctx->out, "", 0);
        return;
    }
    if (e->type != OBJ_STRING) {
        reply_err(ctx, ERR_WRONGTYPE);
        return;
    }

    long long len = (long long)entry_vlen(e);
    if (start < 0 && end < 0 && start > end) {
        reply_bulk(ctx->out, "", 0);
        return;
    }
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= len) end = len - 1;
    if (start > end || len == 0)
        reply_bulk(ctx->out, "", 0);
    else
        reply_bulk(ctx->out, entry_value(e) + start, (size_t)(end - start + 1));
}

void cmd_setrange(struct cmd_ctx *ctx)
{
    struct shard *s = key_shard(ctx, 1);
    const struct resp_arg *val = &ctx->argv[3];
    long long offset;
    if (!arg_ll_or_reply(ctx, 2, &offset)) return;
    if (offset < 0) {
        reply_err(ctx, ERR_OFFSET_RANGE);
        return;
    }

    struct entry **ref;
    if (!lookup_string_ref(ctx, s, &ref)) return;
    size_t old = ref ? entry_vlen(*ref) : 0;
    if (val->len == 0) {
        /* Nothing to write: nothing is created either. */
        reply_int(ctx->out, (long long)old);
        return;
    }
    if (!length_ok_or_reply(ctx, (uint64_t)offset, val->len)) return;

    if (!ref) {
        ks_set_string(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, "", 0, EXPIRE_NONE);
        ref = ks_lookup_ref(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    }
    size_t end = (size_t)offset + val->len;
    struct entry *e = ks_resize_string(s, ctx->db, ref, end > old ? end : old);
    memcpy(entry_value(e) + offset, val->ptr, val->len);
    ks_changed(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, NOTIFY_STRING, "setrange");
    reply_int(ctx->out, (long long)entry_vlen(e));
}
