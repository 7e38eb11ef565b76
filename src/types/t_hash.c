/* Hash commands with Redis 7.0's semantics and replies: HSET HMSET HSETNX HGET HMGET HDEL
 * HEXISTS HLEN HSTRLEN HKEYS HVALS HGETALL HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN. A hash never
 * exists empty. Handlers run on the thread holding the shard of their key. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "resp/errors.h"
#include "shard/hashobj.h"
#include "shard/keyspace.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/scan_args.h"
#include "types/t_hash.h"

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *key_shard(struct cmd_ctx *ctx)
{
    return ctx_shard(ctx, ctx->argv[1].ptr, ctx->argv[1].len);
}

/* The write hook for the hash's key, with Redis's event name. */
static void changed(struct cmd_ctx *ctx, int cls, const char *event)
{
    ks_changed(key_shard(ctx), ctx->db, ctx->argv[1].ptr, ctx->argv[1].len, cls, event);
}

/* The key's hash for reading: NULL when absent or after replying WRONGTYPE (*failed). */
static struct hashobj *lookup_read(struct cmd_ctx *ctx, int *failed)
{
    struct entry *e = ks_lookup_read(key_shard(ctx), ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    *failed = 0;
    if (!e) return NULL;
    if (e->type != OBJ_HASH) {
        reply_err(ctx, ERR_WRONGTYPE);
        *failed = 1;
        return NULL;
    }
    return entry_object(e);
}

/* The entry of the key's hash for writing, created when absent; NULL after replying WRONGTYPE. */
static struct entry *lookup_write(struct cmd_ctx *ctx)
{
    struct shard *s = key_shard(ctx);
    struct entry *e = ks_lookup(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    if (e && e->type != OBJ_HASH) {
        reply_err(ctx, ERR_WRONGTYPE);
        return NULL;
    }
    if (e) return e;
    e = entry_new_object(ctx->argv[1].ptr, ctx->argv[1].len, OBJ_HASH, hashobj_new(), EXPIRE_NONE);
    ks_put(s, ctx->db, e);
    return e;
}

/* Sets a field of the hash in e, which keeps pointing at the hash wherever the change moves it;
 * returns 1 when the field is new. */
static int field_set(struct entry *e, const struct resp_arg *f, const char *v, size_t vlen)
{
    struct hashobj *h = entry_object(e);
    int added = hashobj_set(&h, f->ptr, f->len, v, vlen);
    entry_set_object(e, h);
    return added;
}

/* HSET and HMSET: field/value pairs; returns the new fields, or -1 after replying. */
static long long set_pairs(struct cmd_ctx *ctx)
{
    if (ctx->argc % 2 == 1) {
        ctx_errorf(ctx, error_text(ERR_WRONG_ARGS), ctx->cmd->name);
        return -1;
    }
    struct entry *e = lookup_write(ctx);
    if (!e) return -1;
    long long added = 0;
    for (int i = 2; i < ctx->argc; i += 2)
        added += field_set(e, &ctx->argv[i], ctx->argv[i + 1].ptr, ctx->argv[i + 1].len);
    changed(ctx, NOTIFY_HASH, "hset");
    return added;
}

void cmd_hset(struct cmd_ctx *ctx)
{
    long long added = set_pairs(ctx);
    if (added >= 0) reply_int(ctx->out, added);
}

void cmd_hmset(struct cmd_ctx *ctx)
{
    if (set_pairs(ctx) >= 0) reply_ok(ctx->out);
}

void cmd_hsetnx(struct cmd_ctx *ctx)
{
    struct entry *e = lookup_write(ctx);
    if (!e) return;
    const char *v;
    size_t vlen;
    if (hashobj_get(entry_object(e), ctx->argv[2].ptr, ctx->argv[2].len, &v, &vlen)) {
        reply_int(ctx->out, 0);
        return;
    }
    field_set(e, &ctx->argv[2], ctx->argv[3].ptr, ctx->argv[3].len);
    changed(ctx, NOTIFY_HASH, "hset");
    reply_int(ctx->out, 1);
}

void cmd_hget(struct cmd_ctx *ctx)
{
    int failed;
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    const char *v;
    size_t vlen;
    if (h && hashobj_get(h, ctx->argv[2].ptr, ctx->argv[2].len, &v, &vlen))
        reply_bulk(ctx->out, v, vlen);
    else
        reply_null(ctx->out);
}

void cmd_hmget(struct cmd_ctx *ctx)
{
    int failed;
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    reply_array(ctx->out, (size_t)ctx->argc - 2);
    for (int i = 2; i < ctx->argc; i++) {
        const char *v;
        size_t vlen;
        if (h && hashobj_get(h, ctx->argv[i].ptr, ctx->argv[i].len, &v, &vlen))
            reply_bulk(ctx->out, v, vlen);
        else
            reply_null(ctx->out);
    }
}

void cmd_hdel(struct cmd_ctx *ctx)
{
    struct entry *e = ks_lookup(key_shard(ctx), ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    if (e && e->type != OBJ_HASH) {
        reply_err(ctx, ERR_WRONGTYPE);
        return;
    }
    long long deleted = 0;
    int emptied = 0;
    for (int i = 2; e && i < ctx->argc && !emptied; i++) {
        struct hashobj *h = entry_object(e);
        deleted += hashobj_del(&h, ctx->argv[i].ptr, ctx->argv[i].len);
        entry_set_object(e, h);
        emptied = hashobj_len(h) == 0;
    }
    if (deleted) changed(ctx, NOTIFY_HASH, "hdel");
    if (emptied) {
        ks_delete(key_shard(ctx), ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
        changed(ctx, NOTIFY_GENERIC, "del");
    }
    reply_int(ctx->out, deleted);
}

void cmd_hexists(struct cmd_ctx *ctx)
{
    int failed;
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    const char *v;
    size_t vlen;
    reply_int(ctx->out, h && hashobj_get(h, ctx->argv[2].ptr, ctx->argv[2].len, &v, &vlen));
}

void cmd_hlen(struct cmd_ctx *ctx)
{
    int failed;
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    reply_int(ctx->out, h ? (long long)hashobj_len(h) : 0);
}

void cmd_hstrlen(struct cmd_ctx *ctx)
{
    int failed;
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    const char *v;
    size_t vlen;
    if (!h || !hashobj_get(h, ctx->argv[2].ptr, ctx->argv[2].len, &v, &vlen)) vlen = 0;
    reply_int(ctx->out, (long long)vlen);
}

enum { WANT_FIELDS = 1, WANT_VALUES = 2 };

struct walk {
    struct reply *out;
    int want;
};

static void reply_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    struct walk *w = arg;
    if (w->want & WANT_FIELDS) reply_bulk(w->out, f, flen);
    if (w->want & WANT_VALUES) reply_bulk(w->out, v, vlen);
}

/* HKEYS, HVALS (arrays) and HGETALL (a map in RESP3), as Redis's genericHgetallCommand. */
static void getall(struct cmd_ctx *ctx, int want)
{
    int failed;
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    size_t n = h ? (size_t)hashobj_len(h) : 0;
    if (want == (WANT_FIELDS | WANT_VALUES))
        reply_map(ctx->out, n);
    else
        reply_array(ctx->out, n);
    struct walk w = {ctx->out, want};
    if (h) hashobj_foreach(h, reply_field, &w);
}

void cmd_hkeys(struct cmd_ctx *ctx)
{
    getall(ctx, WANT_FIELDS);
}

void cmd_hvals(struct cmd_ctx *ctx)
{
    getall(ctx, WANT_VALUES);
}

void cmd_hgetall(struct cmd_ctx *ctx)
{
    getall(ctx, WANT_FIELDS | WANT_VALUES);
}

void cmd_hincrby(struct cmd_ctx *ctx)
{
    long long incr, value = 0;
    if (!str_to_ll(ctx->argv[3].ptr, ctx->argv[3].len, &incr)) {
        reply_err(ctx, ERR_NOT_INT);
        return;
    }
    struct entry *e = lookup_write(ctx);
    if (!e) return;
    const char *v;
    size_t vlen;
    if (hashobj_get(entry_object(e), ctx->argv[2].ptr, ctx->argv[2].len, &v, &vlen) &&
        !str_to_ll(v, vlen, &value)) {
        reply_err(ctx, ERR_HASH_NOT_INT);
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
    field_set(e, &ctx->argv[2], buf, (size_t)n);
    changed(ctx, NOTIFY_HASH, "hincrby");
    reply_int(ctx->out, value);
}

void cmd_hincrbyfloat(struct cmd_ctx *ctx)
{
    long double incr, value = 0;
    if (!str_to_ld(ctx->argv[3].ptr, ctx->argv[3].len, &incr)) {
        reply_err(ctx, ERR_NOT_FLOAT);
        return;
    }
    if (isnan(incr) || isinf(incr)) {
        reply_err(ctx, ERR_VALUE_NAN_INF);
        return;
    }
    struct entry *e = lookup_write(ctx);
    if (!e) return;
    const char *v;
    size_t vlen;
    if (hashobj_get(entry_object(e), ctx->argv[2].ptr, ctx->argv[2].len, &v, &vlen) &&
        !str_to_ld(v, vlen, &value)) {
        reply_err(ctx, ERR_HASH_NOT_FLOAT);
        return;
    }
    value += incr;
    if (isnan(value) || isinf(value)) {
        reply_err(ctx, ERR_NAN_INF);
        return;
    }
    char buf[5200];
    int n = long_double_to_str(buf, sizeof buf, value);
    field_set(e, &ctx->argv[2], buf, (size_t)n);
    changed(ctx, NOTIFY_HASH, "hincrbyfloat");
    reply_bulk(ctx->out, buf, (size_t)n);
}

/* ---- HRANDFIELD ---- */

struct field_ref {
    const char *f, *v;
    size_t flen, vlen;
};

static void reply_pair(struct cmd_ctx *ctx, const struct field_ref *r, int withvalues)
{
    if (withvalues && ctx->out->resp == 3) reply_array(ctx->out, 2);
    reply_bulk(ctx->out, r->f, r->flen);
    if (withvalues) reply_bulk(ctx->out, r->v, r->vlen);
}

static void collect_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    struct field_ref **next = arg;
    *(*next)++ = (struct field_ref){f, v, flen, vlen};
}

/* Distinct fields: the whole hash when count covers it; a partial shuffle of every field when
 * count is a good part of it; else random picks, a set of the chosen field pointers (stable in
 * the dict encoding, the only one that gets here) keeping them distinct. */
static void reply_distinct(struct cmd_ctx *ctx, const struct hashobj *h, uint64_t count,
                           int withvalues)
{
    uint64_t size = hashobj_len(h);
    size_t per = withvalues && ctx->out->resp == 2 ? 2 : 1;
    if (count >= size || count * 3 > size || strcmp(hashobj_encoding(h), "listpack") == 0) {
        struct field_ref *all = mem_alloc(size * sizeof *all), *next = all;
        hashobj_foreach(h, collect_field, &next);
        if (count > size) count = size;
        for (uint64_t i = 0; i < count && count < size; i++) {
            uint64_t j = i + util_random() % (size - i);
            struct field_ref t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        reply_array(ctx->out, count * per);
        for (uint64_t i = 0; i < count; i++)
            reply_pair(ctx, &all[i], withvalues);
        mem_free(all);
        return;
    }
    uint64_t cap = 16;
    while (cap < count * 2)
        cap *= 2;
    const char **seen = mem_calloc(cap, sizeof *seen);
    reply_array(ctx->out, count * per);
    for (uint64_t got = 0; got < count;) {
        struct field_ref r;
        hashobj_random(h, &r.f, &r.flen, &r.v, &r.vlen);
        uint64_t i = ((uintptr_t)r.f >> 4) & (cap - 1);
        while (seen[i] && seen[i] != r.f)
            i = (i + 1) & (cap - 1);
        if (seen[i]) continue;
        seen[i] = r.f;
        reply_pair(ctx, &r, withvalues);
        got++;
    }
    mem_free(seen);
}

/* HRANDFIELD key [count [WITHVALUES]], as Redis 7.0's hrandfieldCommand: a negative count may
 * repeat fields, a positive one never does. */
void cmd_hrandfield(struct cmd_ctx *ctx)
{
    int failed;
    if (ctx->argc == 2) {
        struct hashobj *h = lookup_read(ctx, &failed);
        if (failed) return;
        struct field_ref r;
        if (h && hashobj_random(h, &r.f, &r.flen, &r.v, &r.vlen))
            reply_bulk(ctx->out, r.f, r.flen);
        else
            reply_null(ctx->out);
        return;
    }
    long long count;
    if (!str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &count)) {
        reply_err(ctx, ERR_NOT_INT);
        return;
    }
    if (count < -LLONG_MAX) {
        ctx_errorf(ctx, error_text(ERR_RANGE), -LLONG_MAX, LLONG_MAX);
        return;
    }
    int withvalues = ctx->argc == 4 && CTX_ARG_IS(ctx, 3, "withvalues");
    if (ctx->argc > 4 || (ctx->argc == 4 && !withvalues)) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    if (withvalues && count < -LLONG_MAX / 2) {
        reply_err(ctx, ERR_VALUE_RANGE);
        return;
    }
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    if (!h || count == 0) {
        reply_array(ctx->out, 0);
        return;
    }
    if (count > 0) {
        reply_distinct(ctx, h, (uint64_t)count, withvalues);
        return;
    }
    uint64_t n = (uint64_t)-count;
    reply_array(ctx->out, n * (withvalues && ctx->out->resp == 2 ? 2 : 1));
    for (uint64_t i = 0; i < n; i++) {
        struct field_ref r;
        hashobj_random(h, &r.f, &r.flen, &r.v, &r.vlen);
        reply_pair(ctx, &r, withvalues);
    }
}

/* ---- HSCAN ---- */

struct scan_fields {
    struct field_ref *items;
    size_t n, cap;
    const struct resp_arg *pattern;
};

static void scan_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    struct scan_fields *s = arg;
    if (s->pattern && !glob_match(s->pattern->ptr, s->pattern->len, f, flen, 0)) return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->items = mem_realloc(s->items, s->cap * sizeof *s->items);
    }
    s->items[s->n++] = (struct field_ref){f, v, flen, vlen};
}

/* HSCAN key cursor [MATCH p] [COUNT n]: a listpack hash comes whole with cursor 0; a dict is
 * walked for about COUNT fields or COUNT*10 buckets, as Redis's scanGenericCommand. */
void cmd_hscan(struct cmd_ctx *ctx)
{
    uint64_t cursor;
    if (!scan_parse_cursor(ctx->argv[2].ptr, ctx->argv[2].len, &cursor)) {
        reply_err(ctx, ERR_INVALID_CURSOR);
        return;
    }
    int failed;
    struct hashobj *h = lookup_read(ctx, &failed);
    if (failed) return;
    struct scan_opts o = {NULL, NULL, SCAN_DEFAULT_COUNT};
    if (!h) {
        reply_array(ctx->out, 2);
        reply_bulk(ctx->out, "0", 1);
        reply_array(ctx->out, 0);
        return;
    }
    if (!scan_parse_options(ctx, 3, 0, &o)) return;
    struct scan_fields s = {NULL, 0, 0, o.pattern};
    long long budget = o.count * 10;
    do {
        cursor = hashobj_scan(h, cursor, scan_field, &s);
    } while (cursor && budget-- && s.n < (size_t)o.count);
    reply_array(ctx->out, 2);
    reply_bulk_ll(ctx->out, (long long)cursor);
    reply_array(ctx->out, s.n * 2);
    for (size_t i = 0; i < s.n; i++) {
        reply_bulk(ctx->out, s.items[i].f, s.items[i].flen);
        reply_bulk(ctx->out, s.items[i].v, s.items[i].vlen);
    }
    mem_free(s.items);
}
