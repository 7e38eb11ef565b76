/* The generic key commands (Redis 7.0's db.c and expire.c): existence, deletion, renaming,
 * copying, iteration and expiry of keys of any type. Handlers run on the thread holding their
 * keys' shards; KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB and FLUSHALL hold every shard. */
#include <limits.h>
#include <string.h>

#include "cmd/cmd.h"
#include "persist/persist.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/scan_args.h"
#include "types/t_keys.h"

/* A SCAN cursor is (dict cursor << SCAN_SHARD_BITS) | shard index: the iteration walks the
 * shards in order, so it supports at most 1 << SCAN_SHARD_BITS shards. */
#define SCAN_SHARD_BITS 8
#define SCAN_SHARD_MASK ((1u << SCAN_SHARD_BITS) - 1)

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *arg_shard(const struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ARG(ctx, i));
}

static int args_equal(const struct resp_arg *a, const struct resp_arg *b)
{
    return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
}

/* The same test as the keyspace's lazy expiry, for entries met while walking a table. */
static int entry_expired(const struct entry *e, int64_t now)
{
    int64_t when = entry_expire(e);
    return when != EXPIRE_NONE && when <= now;
}

/* Deletes an expired entry met while walking (never while a dict_scan is under way). The key is
 * copied first because the look-up frees the entry that holds it. */
static void expire_entry(struct shard *s, int db, const struct entry *e)
{
    size_t len = entry_keylen(e);
    char *key = mem_strndup(entry_key(e), len);
    ks_lookup(s, db, key, len);
    mem_free(key);
}

static struct dict *db_dict(struct shard *s, int db)
{
    return &s->dbs[db].keys;
}

/* ---- DEL UNLINK EXISTS TOUCH TYPE ---- */

static void delete_keys(struct cmd_ctx *ctx)
{
    long long n = 0;
    for (int i = 1; i < ctx->argc; i++) {
        struct shard *s = arg_shard(ctx, i);
        if (!ks_delete(s, ctx->db, ARG(ctx, i))) continue;
        ks_changed(s, ctx->db, ARG(ctx, i), NOTIFY_GENERIC, "del");
        n++;
    }
    reply_int(ctx->out, n);
}

/* EXISTS counts a key named twice twice; TOUCH does too (it has no LRU clock to update). */
static void count_live_keys(struct cmd_ctx *ctx)
{
    long long n = 0;
    for (int i = 1; i < ctx->argc; i++)
        n += ks_lookup_read(arg_shard(ctx, i), ctx->db, ARG(ctx, i)) != NULL;
    reply_int(ctx->out, n);
}

void cmd_del(struct cmd_ctx *ctx)
{
    delete_keys(ctx);
}

/* Values are freed on the spot: the reply, not the freeing thread, is what clients see. */
void cmd_unlink(struct cmd_ctx *ctx)
{
    delete_keys(ctx);
}

void cmd_exists(struct cmd_ctx *ctx)
{
    count_live_keys(ctx);
}

void cmd_touch(struct cmd_ctx *ctx)
{
    count_live_keys(ctx);
}

void cmd_type(struct cmd_ctx *ctx)
{
    struct entry *e = ks_lookup_read(arg_shard(ctx, 1), ctx->db, ARG(ctx, 1));
    reply_simple(ctx->out, e ? entry_type_name(e) : "none");
}

/* ---- RENAME RENAMENX COPY ---- */

enum move_status { MOVE_DONE, MOVE_NO_SOURCE, MOVE_SAME_KEY, MOVE_DEST_EXISTS };

/* Redis's renameGenericCommand. Source and destination may sit on different shards: the entry
 * is taken out of one and put, under its new name and with its value untouched, into the other.
 * A destination that existed is deleted first, so the key is new (Redis's dbDelete then dbAdd:
 * a `new` event, no `del`), then come rename_from and rename_to. */
static enum move_status op_rename(struct cmd_ctx *ctx, int nx)
{
    const struct resp_arg *src = &ctx->argv[1], *dst = &ctx->argv[2];
    struct shard *ss = arg_shard(ctx, 1), *ds = arg_shard(ctx, 2);
    if (!ks_lookup(ss, ctx->db, src->ptr, src->len)) return MOVE_NO_SOURCE;
    if (args_equal(src, dst)) return MOVE_SAME_KEY;
    if (nx && ks_lookup(ds, ctx->db, dst->ptr, dst->len)) return MOVE_DEST_EXISTS;
    struct entry *e = ks_take(ss, ctx->db, src->ptr, src->len);
    if (!e) return MOVE_NO_SOURCE; /* expired between the two look-ups */
    ks_delete(ds, ctx->db, dst->ptr, dst->len);
    ks_put(ds, ctx->db, entry_rekey(e, dst->ptr, dst->len));
    ks_changed(ss, ctx->db, src->ptr, src->len, NOTIFY_GENERIC, "rename_from");
    ks_changed(ds, ctx->db, dst->ptr, dst->len, NOTIFY_GENERIC, "rename_to");
    return MOVE_DONE;
}

static void rename_generic(struct cmd_ctx *ctx, int nx)
{
    switch (op_rename(ctx, nx)) {
    case MOVE_NO_SOURCE:
        reply_err(ctx, ERR_NO_KEY);
        break;
    case MOVE_SAME_KEY:
        nx ? reply_int(ctx->out, 0) : reply_ok(ctx->out);
        break;
    case MOVE_DEST_EXISTS:
        reply_int(ctx->out, 0);
        break;
    case MOVE_DONE:
        nx ? reply_int(ctx->out, 1) : reply_ok(ctx->out);
        break;
    }
}

void cmd_rename(struct cmd_ctx *ctx)
{
    rename_generic(ctx, 0);
}

void cmd_renamenx(struct cmd_ctx *ctx)
{
    rename_generic(ctx, 1);
}

/* COPY's options: [DB n] [REPLACE], in any order. Replies and returns 0 on error. */
static int parse_copy_options(struct cmd_ctx *ctx, int *dstdb, int *replace)
{
    for (int j = 3; j < ctx->argc; j++) {
        long long id;
        if (CTX_ARG_IS(ctx, j, "replace")) {
            *replace = 1;
        } else if (CTX_ARG_IS(ctx, j, "db") && j + 1 < ctx->argc) {
            j++;
            if (!str_to_ll(ARG(ctx, j), &id)) {
                reply_err(ctx, ERR_NOT_INT);
                return 0;
            }
            if (id < INT_MIN || id > INT_MAX) {
                ctx_errorf(ctx, error_text(ERR_RANGE), (long long)INT_MIN, (long long)INT_MAX);
                return 0;
            }
            if (id < 0 || id >= g_config.databases) {
                reply_err(ctx, ERR_DB_INDEX);
                return 0;
            }
            *dstdb = (int)id;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return 0;
        }
    }
    return 1;
}

/* Redis's copyCommand: the copy keeps the source's expiry. A destination replaced is deleted
 * first, so the copy is a new key (a `new` event, no `del`), then comes copy_to. */
static enum move_status op_copy(struct cmd_ctx *ctx, int dstdb, int replace)
{
    const struct resp_arg *src = &ctx->argv[1], *dst = &ctx->argv[2];
    struct shard *ds = arg_shard(ctx, 2);
    if (dstdb == ctx->db && args_equal(src, dst)) return MOVE_SAME_KEY;
    struct entry *e = ks_lookup_read(arg_shard(ctx, 1), ctx->db, src->ptr, src->len);
    if (!e) return MOVE_NO_SOURCE;
    /* The look-up below cannot free e: it names another key or another database. */
    if (ks_lookup(ds, dstdb, dst->ptr, dst->len)) {
        if (!replace) return MOVE_DEST_EXISTS;
        ks_delete(ds, dstdb, dst->ptr, dst->len);
    }
    ks_put(ds, dstdb, entry_copy(e, dst->ptr, dst->len));
    ks_changed(ds, dstdb, dst->ptr, dst->len, NOTIFY_GENERIC, "copy_to");
    return MOVE_DONE;
}

void cmd_copy(struct cmd_ctx *ctx)
{
    int dstdb = ctx->db, replace = 0;
    if (!parse_copy_options(ctx, &dstdb, &replace)) return;
    switch (op_copy(ctx, dstdb, replace)) {
    case MOVE_SAME_KEY:
        reply_err(ctx, ERR_SAME_OBJECT);
        break;
    case MOVE_NO_SOURCE:
    case MOVE_DEST_EXISTS:
        reply_int(ctx->out, 0);
        break;
    case MOVE_DONE:
        reply_int(ctx->out, 1);
        break;
    }
}

/* ---- KEYS ---- */

struct keys_walk {
    struct reply *out;
    const struct resp_arg *pattern;
    int all;
    int64_t now;
    size_t n;
};

/* Expired keys are skipped, not deleted: deleting would move buckets under the scan. */
static void keys_visit(struct entry *e, void *arg)
{
    struct keys_walk *w = arg;
    if (entry_expired(e, w->now)) return;
    if (!w->all && !glob_match(w->pattern->ptr, w->pattern->len, entry_key(e), entry_keylen(e), 0))
        return;
    reply_bulk(w->out, entry_key(e), entry_keylen(e));
    w->n++;
}

void cmd_keys(struct cmd_ctx *ctx)
{
    const struct resp_arg *p = &ctx->argv[1];
    struct keys_walk w = {ctx->out, p, p->len == 1 && p->ptr[0] == '*', ks_now_ms(), 0};
    size_t mark = reply_defer_len(ctx->out);
    for (int i = 0; i < ctx_nshards(ctx); i++) {
        struct dict *d = db_dict(ctx_shard_at(ctx, i), ctx->db);
        uint64_t cursor = 0;
        do {
            cursor = dict_scan(d, cursor, keys_visit, &w);
        } while (cursor != 0);
    }
    reply_set_deferred_len(ctx->out, mark, '*', w.n);
}

/* ---- SCAN ---- */

struct scan_item {
    struct shard *shard;
    struct entry *e;
};

struct scan_batch {
    struct shard *shard; /* the shard dict_scan is walking */
    struct scan_item *items;
    size_t n, cap;
};

static void scan_collect(struct entry *e, void *arg)
{
    struct scan_batch *b = arg;
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->items = mem_realloc(b->items, b->cap * sizeof *b->items);
    }
    b->items[b->n++] = (struct scan_item){b->shard, e};
}

/* Walks from the cursor until about `count` keys are gathered or count*10 buckets were visited,
 * as Redis does, moving on to the next shard when one is done. Returns the next cursor. */
static uint64_t scan_walk(struct cmd_ctx *ctx, uint64_t cursor, long long count,
                          struct scan_batch *b)
{
    int idx = (int)(cursor & SCAN_SHARD_MASK), n = ctx_nshards(ctx);
    uint64_t dc = cursor >> SCAN_SHARD_BITS;
    long long budget = count > LLONG_MAX / 10 ? LLONG_MAX : count * 10;
    while (idx < n) {
        b->shard = ctx_shard_at(ctx, idx);
        struct dict *d = db_dict(b->shard, ctx->db);
        if (dict_size(d) == 0) { /* costs no budget: 256 empty shards are one call */
            idx++;
            dc = 0;
            continue;
        }
        dc = dict_scan(d, dc, scan_collect, b);
        if (dc == 0) idx++;
        if (--budget <= 0 || (long long)b->n >= count) break;
    }
    return idx >= n ? 0 : (dc << SCAN_SHARD_BITS) | (uint64_t)idx;
}

/* Filters as Redis does, after the walk: pattern, then type, then expiry (deleting the key). */
static int scan_keep(struct cmd_ctx *ctx, const struct scan_opts *o, struct scan_item *it,
                     int64_t now)
{
    struct entry *e = it->e;
    if (o->pattern &&
        !glob_match(o->pattern->ptr, o->pattern->len, entry_key(e), entry_keylen(e), 0))
        return 0;
    if (o->type && !arg_is(o->type->ptr, o->type->len, entry_type_name(e))) return 0;
    if (entry_expired(e, now)) {
        expire_entry(it->shard, ctx->db, e);
        return 0;
    }
    return 1;
}

static void scan_reply(struct cmd_ctx *ctx, const struct scan_opts *o, struct scan_batch *b,
                       uint64_t next)
{
    int64_t now = ks_now_ms();
    size_t kept = 0;
    reply_array(ctx->out, 2);
    reply_bulk_ll(ctx->out, (long long)next);
    size_t mark = reply_defer_len(ctx->out);
    /* Deleting an expired item frees only that entry; the others stay valid. */
    for (size_t i = 0; i < b->n; i++) {
        if (!scan_keep(ctx, o, &b->items[i], now)) continue;
        reply_bulk(ctx->out, entry_key(b->items[i].e), entry_keylen(b->items[i].e));
        kept++;
    }
    reply_set_deferred_len(ctx->out, mark, '*', kept);
}

void cmd_scan(struct cmd_ctx *ctx)
{
    uint64_t cursor;
    struct scan_opts o = {NULL, NULL, SCAN_DEFAULT_COUNT};
    if (!scan_parse_cursor(ARG(ctx, 1), &cursor)) {
        reply_err(ctx, ERR_INVALID_CURSOR);
        return;
    }
    if (!scan_parse_options(ctx, 2, 1, &o)) return;
    struct scan_batch b = {NULL, NULL, 0, 0};
    uint64_t next = scan_walk(ctx, cursor, o.count, &b);
    scan_reply(ctx, &o, &b, next);
    mem_free(b.items);
}

/* ---- RANDOMKEY DBSIZE FLUSHDB FLUSHALL ---- */

static uint64_t db_total(struct cmd_ctx *ctx)
{
    uint64_t total = 0;
    for (int i = 0; i < ctx_nshards(ctx); i++)
        total += ks_size(ctx_shard_at(ctx, i), ctx->db);
    return total;
}

/* A shard chosen with probability proportional to its size, so every key is equally likely;
 * NULL when the database is empty. */
static struct shard *random_shard(struct cmd_ctx *ctx)
{
    uint64_t total = db_total(ctx);
    if (total == 0) return NULL;
    uint64_t r = util_random() % total;
    for (int i = 0;; i++) {
        struct shard *s = ctx_shard_at(ctx, i);
        uint64_t size = ks_size(s, ctx->db);
        if (r < size) return s;
        r -= size;
    }
}

/* Redis's dbRandomKey: an expired pick is deleted and another drawn, so the loop ends when a
 * live key turns up or the database runs empty. */
void cmd_randomkey(struct cmd_ctx *ctx)
{
    for (;;) {
        struct shard *s = random_shard(ctx);
        if (!s) {
            reply_null(ctx->out);
            return;
        }
        struct entry *e = dict_random_fair(db_dict(s, ctx->db));
        if (!entry_expired(e, ks_now_ms())) {
            reply_bulk(ctx->out, entry_key(e), entry_keylen(e));
            return;
        }
        expire_entry(s, ctx->db, e);
    }
}

void cmd_dbsize(struct cmd_ctx *ctx)
{
    reply_int(ctx->out, (long long)db_total(ctx));
}

/* FLUSHDB and FLUSHALL take an optional ASYNC or SYNC; both free at once here. */
static int parse_flush_mode(struct cmd_ctx *ctx)
{
    if (ctx->argc == 1) return 1;
    if (ctx->argc == 2 && (CTX_ARG_IS(ctx, 1, "sync") || CTX_ARG_IS(ctx, 1, "async"))) return 1;
    reply_err(ctx, ERR_SYNTAX);
    return 0;
}

static void flush_shards(struct cmd_ctx *ctx, int db)
{
    if (!parse_flush_mode(ctx)) return;
    int n = ctx_nshards(ctx);
    struct shard *shards[256];
    for (int i = 0; i < n; i++) {
        shards[i] = ctx_shard_at(ctx, i);
        ks_flush(shards[i], db);
    }
    if (db < 0) persist_after_flushall(shards, n); /* with save rules, the empty set is saved */
    reply_ok(ctx->out);
}

void cmd_flushdb(struct cmd_ctx *ctx)
{
    flush_shards(ctx, ctx->db);
}

void cmd_flushall(struct cmd_ctx *ctx)
{
    flush_shards(ctx, -1);
}

/* ---- EXPIRE PEXPIRE EXPIREAT PEXPIREAT PERSIST ---- */

enum { EXPIRE_NX = 1, EXPIRE_XX = 2, EXPIRE_GT = 4, EXPIRE_LT = 8 };

/* Redis's parseExtendedExpireArgumentsOrReply: NX | XX | GT | LT after the time. */
static int parse_expire_flags(struct cmd_ctx *ctx, int *flags)
{
    static const char *const names[] = {"nx", "xx", "gt", "lt"};
    for (int j = 3; j < ctx->argc; j++) {
        int k = 0;
        while (k < 4 && !CTX_ARG_IS(ctx, j, names[k]))
            k++;
        if (k == 4) {
            char *opt = mem_strndup(ARG(ctx, j));
            ctx_errorf(ctx, error_text(ERR_UNSUPPORTED_OPTION), opt);
            mem_free(opt);
            return 0;
        }
        *flags |= 1 << k;
    }
    if ((*flags & EXPIRE_NX) && (*flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT))) {
        reply_err(ctx, ERR_NX_XX_GT_LT);
        return 0;
    }
    if ((*flags & EXPIRE_GT) && (*flags & EXPIRE_LT)) {
        reply_err(ctx, ERR_GT_LT);
        return 0;
    }
    return 1;
}

/* The absolute expiry in ms that argv[2] names, relative to base (0 for the *AT forms);
 * replies and returns 0 on a bad number or an overflow. */
static int parse_expire_time(struct cmd_ctx *ctx, int64_t base, int seconds, long long *when)
{
    if (!str_to_ll(ARG(ctx, 2), when)) {
        reply_err(ctx, ERR_NOT_INT);
        return 0;
    }
    int overflow = seconds && (*when > LLONG_MAX / 1000 || *when < LLONG_MIN / 1000);
    if (!overflow && seconds) *when *= 1000;
    if (overflow || *when > LLONG_MAX - base) {
        ctx_errorf(ctx, error_text(ERR_INVALID_EXPIRE), ctx->cmd->name);
        return 0;
    }
    *when += base;
    return 1;
}

/* A key without expiry counts as an infinite TTL for GT and LT. */
static int expire_allowed(int flags, int64_t current, long long when)
{
    int none = current == EXPIRE_NONE;
    if ((flags & EXPIRE_NX) && !none) return 0;
    if ((flags & EXPIRE_XX) && none) return 0;
    if ((flags & EXPIRE_GT) && (none || when <= current)) return 0;
    if ((flags & EXPIRE_LT) && !none && when >= current) return 0;
    return 1;
}

/* Sets the expiry of argv[1]; a time already past deletes the key (a `del` event, not
 * `expire`). Returns 1 if applied. */
static int op_expire(struct cmd_ctx *ctx, int flags, long long when)
{
    struct shard *s = arg_shard(ctx, 1);
    struct entry *e = ks_lookup(s, ctx->db, ARG(ctx, 1));
    if (!e || !expire_allowed(flags, entry_expire(e), when)) return 0;
    /* A time of -1 is past, not EXPIRE_NONE: it goes through ks_delete. */
    int deleted = when <= ks_now_ms()
                      ? ks_delete(s, ctx->db, ARG(ctx, 1))
                      : ks_set_expire(s, ctx->db, ARG(ctx, 1), when) == KS_EXPIRE_DELETED;
    ks_changed(s, ctx->db, ARG(ctx, 1), NOTIFY_GENERIC, deleted ? "del" : "expire");
    return 1;
}

/* Redis's expireGenericCommand: options are checked before the time, as Redis does. */
static void expire_generic(struct cmd_ctx *ctx, int64_t base, int seconds)
{
    int flags = 0;
    long long when;
    if (!parse_expire_flags(ctx, &flags)) return;
    if (!parse_expire_time(ctx, base, seconds, &when)) return;
    reply_int(ctx->out, op_expire(ctx, flags, when));
}

void cmd_expire(struct cmd_ctx *ctx)
{
    expire_generic(ctx, ks_now_ms(), 1);
}

void cmd_pexpire(struct cmd_ctx *ctx)
{
    expire_generic(ctx, ks_now_ms(), 0);
}

void cmd_expireat(struct cmd_ctx *ctx)
{
    expire_generic(ctx, 0, 1);
}

void cmd_pexpireat(struct cmd_ctx *ctx)
{
    expire_generic(ctx, 0, 0);
}

void cmd_persist(struct cmd_ctx *ctx)
{
    struct shard *s = arg_shard(ctx, 1);
    struct entry *e = ks_lookup(s, ctx->db, ARG(ctx, 1));
    if (!e || entry_expire(e) == EXPIRE_NONE) {
        reply_int(ctx->out, 0);
        return;
    }
    ks_set_expire(s, ctx->db, ARG(ctx, 1), EXPIRE_NONE);
    ks_changed(s, ctx->db, ARG(ctx, 1), NOTIFY_GENERIC, "persist");
    reply_int(ctx->out, 1);
}

/* ---- TTL PTTL EXPIRETIME PEXPIRETIME ---- */

/* Redis's ttlGenericCommand: -2 without the key, -1 without an expiry, else the remaining
 * (or absolute) time, seconds rounded to nearest. */
static void ttl_generic(struct cmd_ctx *ctx, int ms, int absolute)
{
    struct entry *e = ks_lookup_read(arg_shard(ctx, 1), ctx->db, ARG(ctx, 1));
    if (!e) {
        reply_int(ctx->out, -2);
        return;
    }
    int64_t when = entry_expire(e);
    if (when == EXPIRE_NONE) {
        reply_int(ctx->out, -1);
        return;
    }
    long long t = absolute ? when : when - ks_now_ms();
    if (t < 0) t = 0;
    /* Unsigned, so an expiry near LLONG_MAX rounds as Redis prints it instead of overflowing. */
    reply_int(ctx->out, ms ? t : (long long)(((unsigned long long)t + 500) / 1000));
}

void cmd_ttl(struct cmd_ctx *ctx)
{
    ttl_generic(ctx, 0, 0);
}

void cmd_pttl(struct cmd_ctx *ctx)
{
    ttl_generic(ctx, 1, 0);
}

void cmd_expiretime(struct cmd_ctx *ctx)
{
    ttl_generic(ctx, 0, 1);
}

void cmd_pexpiretime(struct cmd_ctx *ctx)
{
    ttl_generic(ctx, 1, 1);
}
