/* SORT and SORT_RO with Redis 7.0's semantics (its sort.c): lists, sets and sorted sets sorted
 * numerically or ALPHA, BY and GET patterns, LIMIT, STORE. A command line with a BY or GET
 * pattern holding a `*` is routed over every shard (sort_uses_patterns), since the keys the
 * patterns name are known only while it runs; otherwise it holds its key's shard and STORE's.
 * Handlers run on the thread holding those shards. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/hashobj.h"
#include "shard/keyspace.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/zsetobj.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/t_sort.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

/* One element to sort: its bytes, and what it sorts by (a score, or the BY value for ALPHA). */
struct sort_item {
    char *s;
    size_t len;
    double score;
    char *by; /* ALPHA with BY: the pattern's value, NULL when there is none */
    size_t bylen;
};

struct sort_opts {
    int desc, alpha, dontsort, readonly;
    long long limit_start, limit_count;
    const struct resp_arg *by;    /* NULL: sort by the elements themselves */
    const struct resp_arg *store; /* NULL: reply with the result */
    const struct resp_arg **gets; /* GET patterns in order */
    int ngets;
};

struct sort_vec {
    struct sort_item *items;
    size_t n, cap;
};

static void vec_add(struct sort_vec *v, const char *s, size_t len)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->items = mem_realloc(v->items, v->cap * sizeof *v->items);
    }
    char *copy = mem_alloc(len ? len : 1);
    if (len) memcpy(copy, s, len);
    v->items[v->n++] = (struct sort_item){.s = copy, .len = len};
}

static void vec_free(struct sort_vec *v)
{
    for (size_t i = 0; i < v->n; i++) {
        mem_free(v->items[i].s);
        mem_free(v->items[i].by);
    }
    mem_free(v->items);
}

static void add_member(const char *m, size_t len, void *arg)
{
    vec_add(arg, m, len);
}

/* ---- patterns ---- */

static const char *find_bytes(const char *h, size_t hlen, const char *n, size_t nlen)
{
    for (size_t i = 0; i + nlen <= hlen; i++)
        if (memcmp(h + i, n, nlen) == 0) return h + i;
    return NULL;
}

/* Redis's lookupKeyByPattern: the first `*` of the pattern replaced by the element names a key;
 * "key->field" after the `*` reads a hash field. Returns 1 with the value's bytes (valid until
 * the keyspace changes), 0 when there is no such string (or field), or no `*`. "#" is the element
 * itself. */
static int pattern_value(struct cmd_ctx *ctx, const struct resp_arg *pat, const char *elem,
                         size_t elen, const char **v, size_t *vlen)
{
    if (pat->len == 1 && pat->ptr[0] == '#') {
        *v = elem;
        *vlen = elen;
        return 1;
    }
    const char *p = memchr(pat->ptr, '*', pat->len);
    if (!p) return 0;
    const char *end = pat->ptr + pat->len;
    const char *f = find_bytes(p + 1, (size_t)(end - p - 1), "->", 2);
    if (f && f + 2 == end) f = NULL; /* "->" with no field after it is part of the name */
    size_t prefix = (size_t)(p - pat->ptr);
    size_t postfix = (size_t)((f ? f : end) - (p + 1));
    size_t klen = prefix + elen + postfix;
    char stackbuf[256];
    char *key = klen <= sizeof stackbuf ? stackbuf : mem_alloc(klen);
    memcpy(key, pat->ptr, prefix);
    memcpy(key + prefix, elem, elen);
    memcpy(key + prefix + elen, p + 1, postfix);
    struct entry *e = ks_lookup_read(ctx_shard(ctx, key, klen), ctx->db, key, klen);
    if (key != stackbuf) mem_free(key);
    if (!e) return 0;
    if (f) {
        if (e->type != OBJ_HASH) return 0;
        return hashobj_get(entry_object(e), f + 2, (size_t)(end - f - 2), v, vlen);
    }
    if (e->type != OBJ_STRING) return 0;
    *v = entry_value(e);
    *vlen = entry_vlen(e);
    return 1;
}

/* ---- options ---- */

/* Parses SORT's options as Redis's sortCommandGeneric does; replies and returns 0 on error. */
static int parse_opts(struct cmd_ctx *ctx, struct sort_opts *o)
{
    o->limit_count = -1;
    o->gets = mem_alloc((size_t)ctx->argc * sizeof *o->gets);
    for (int j = 2; j < ctx->argc; j++) {
        int left = ctx->argc - j - 1;
        if (CTX_ARG_IS(ctx, j, "asc")) {
            o->desc = 0;
        } else if (CTX_ARG_IS(ctx, j, "desc")) {
            o->desc = 1;
        } else if (CTX_ARG_IS(ctx, j, "alpha")) {
            o->alpha = 1;
        } else if (CTX_ARG_IS(ctx, j, "limit") && left >= 2) {
            if (!str_to_ll(ARG(ctx, j + 1), &o->limit_start) ||
                !str_to_ll(ARG(ctx, j + 2), &o->limit_count)) {
                ctx_error_text(ctx, error_text(ERR_NOT_INT));
                return 0;
            }
            j += 2;
        } else if (!o->readonly && CTX_ARG_IS(ctx, j, "store") && left >= 1) {
            o->store = &ctx->argv[++j];
        } else if (CTX_ARG_IS(ctx, j, "by") && left >= 1) {
            o->by = &ctx->argv[++j];
            /* a pattern without `*` names no key: nothing to sort by (BY nosort) */
            if (!memchr(o->by->ptr, '*', o->by->len)) o->dontsort = 1;
        } else if (CTX_ARG_IS(ctx, j, "get") && left >= 1) {
            o->gets[o->ngets++] = &ctx->argv[++j];
        } else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return 0;
        }
    }
    return 1;
}

/* ---- loading ---- */

/* Loads the elements to sort. Lists and sorted sets left unsorted load only the LIMIT range, in
 * their own order (reversed for DESC); *start and *end are then relative to what was loaded. */
static void load(struct entry *e, const struct sort_opts *o, long long *start, long long *end,
                 struct sort_vec *v)
{
    if (!e) return;
    if (e->type == OBJ_SET) {
        setobj_foreach(entry_object(e), add_member, v);
        return;
    }
    const char *s;
    size_t len;
    if (e->type == OBJ_LIST) {
        struct listobj *l = entry_object(e);
        long long n = (long long)listobj_len(l);
        if (!o->dontsort) {
            struct listobj_iter it;
            listobj_iter_init(&it, l, 0, LISTOBJ_TAIL);
            while (listobj_iter_next(&it, &s, &len))
                vec_add(v, s, len);
            return;
        }
        if (*end >= *start) {
            struct listobj_iter it;
            listobj_iter_init(&it, l, o->desc ? (long)(n - *start - 1) : (long)*start,
                              o->desc ? LISTOBJ_HEAD : LISTOBJ_TAIL);
            for (long long k = *start; k <= *end && listobj_iter_next(&it, &s, &len); k++)
                vec_add(v, s, len);
            *end -= *start;
            *start = 0;
        }
        return;
    }
    struct zsetobj *z = entry_object(e);
    double score;
    struct zset_iter it;
    if (!o->dontsort) {
        zsetobj_iter_init(&it, z, 0, 0);
        while (zsetobj_iter_next(&it, &s, &len, &score))
            vec_add(v, s, len);
        return;
    }
    if (*end >= *start) {
        uint64_t n = zsetobj_len(z); /* ranks count from the lowest score, DESC walks down */
        zsetobj_iter_init(&it, z, o->desc ? n - 1 - (uint64_t)*start : (uint64_t)*start, o->desc);
        for (long long k = *start; k <= *end && zsetobj_iter_next(&it, &s, &len, &score); k++)
            vec_add(v, s, len);
        *end -= *start;
        *start = 0;
    }
}

/* ---- comparing ---- */

struct sort_cmp {
    int desc, alpha, bypattern, store;
};

/* strcoll in the C locale, as Redis compares outside STORE: the bytes up to the first NUL. */
static int cmp_cstr(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) return (unsigned char)a[i] - (unsigned char)b[i];
        if (a[i] == '\0') return 0;
    }
    unsigned char ca = alen > n ? (unsigned char)a[n] : 0;
    unsigned char cb = blen > n ? (unsigned char)b[n] : 0;
    return ca - cb;
}

/* Redis's compareStringObjects: memcmp, then the shorter first. */
static int cmp_bin(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

/* Redis's sortCompare. */
static int item_cmp(const struct sort_item *x, const struct sort_item *y, const struct sort_cmp *c)
{
    int r;
    if (!c->alpha) {
        if (x->score > y->score)
            r = 1;
        else if (x->score < y->score)
            r = -1;
        else
            r = cmp_bin(x->s, x->len, y->s, y->len); /* equal scores: by the elements */
    } else if (c->bypattern) {
        if (!x->by || !y->by)
            r = x->by == y->by ? 0 : (x->by ? 1 : -1); /* a missing value sorts first */
        else
            r = c->store ? cmp_bin(x->by, x->bylen, y->by, y->bylen)
                         : cmp_cstr(x->by, x->bylen, y->by, y->bylen);
    } else {
        r = c->store ? cmp_bin(x->s, x->len, y->s, y->len) : cmp_cstr(x->s, x->len, y->s, y->len);
    }
    return c->desc ? -r : r;
}

/* A stable merge sort: elements that compare equal keep the order they were loaded in, as
 * glibc's qsort (a merge sort) keeps them under Redis. */
static void merge_sort(struct sort_item *a, struct sort_item *tmp, size_t n,
                       const struct sort_cmp *c)
{
    if (n < 2) return;
    size_t h = n / 2;
    merge_sort(a, tmp, h, c);
    merge_sort(a + h, tmp, n - h, c);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = item_cmp(&a[j], &a[i], c) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

/* The scores (or ALPHA's BY values) of every element; 0 when one does not convert to a double. */
static int load_weights(struct cmd_ctx *ctx, const struct sort_opts *o, struct sort_vec *v)
{
    int ok = 1;
    char stackbuf[128];
    for (size_t j = 0; j < v->n; j++) {
        struct sort_item *it = &v->items[j];
        const char *val = it->s;
        size_t vlen = it->len;
        if (o->by && !pattern_value(ctx, o->by, it->s, it->len, &val, &vlen)) continue;
        if (o->alpha) {
            if (o->by) {
                it->by = mem_alloc(vlen ? vlen : 1);
                if (vlen) memcpy(it->by, val, vlen);
                it->bylen = vlen;
            }
            continue;
        }
        /* strtod over the bytes up to a NUL, as Redis reads an sds */
        char *buf = vlen < sizeof stackbuf ? stackbuf : mem_alloc(vlen + 1);
        memcpy(buf, val, vlen);
        buf[vlen] = '\0';
        char *eptr;
        errno = 0;
        it->score = strtod(buf, &eptr);
        if (eptr[0] != '\0' || errno == ERANGE || isnan(it->score)) ok = 0;
        if (buf != stackbuf) mem_free(buf);
    }
    return ok;
}

/* ---- output ---- */

static void reply_result(struct cmd_ctx *ctx, const struct sort_opts *o, struct sort_vec *v,
                         long long start, long long end, long long outlen)
{
    reply_array(ctx->out, (size_t)outlen);
    for (long long j = start; j <= end; j++) {
        struct sort_item *it = &v->items[j];
        if (!o->ngets) reply_bulk(ctx->out, it->s, it->len);
        for (int g = 0; g < o->ngets; g++) {
            const char *val;
            size_t vlen;
            if (pattern_value(ctx, o->gets[g], it->s, it->len, &val, &vlen))
                reply_bulk(ctx->out, val, vlen);
            else
                reply_null(ctx->out);
        }
    }
}

/* The result goes to a list at the STORE key, replacing what was there (no expiry); an empty
 * result deletes the key. */
static void store_result(struct cmd_ctx *ctx, const struct sort_opts *o, struct sort_vec *v,
                         long long start, long long end, long long outlen)
{
    const struct resp_arg *dst = o->store;
    struct shard *ds = ctx_shard(ctx, dst->ptr, dst->len);
    if (outlen <= 0) {
        if (ks_delete(ds, ctx->db, dst->ptr, dst->len))
            ks_changed(ds, ctx->db, dst->ptr, dst->len, NOTIFY_GENERIC, "del");
        reply_int(ctx->out, 0);
        return;
    }
    struct listobj *l = listobj_new();
    for (long long j = start; j <= end; j++) {
        struct sort_item *it = &v->items[j];
        if (!o->ngets) listobj_push(l, LISTOBJ_TAIL, it->s, it->len);
        for (int g = 0; g < o->ngets; g++) {
            const char *val = "";
            size_t vlen = 0;
            if (!pattern_value(ctx, o->gets[g], it->s, it->len, &val, &vlen)) {
                val = "";
                vlen = 0;
            }
            listobj_push(l, LISTOBJ_TAIL, val, vlen);
        }
    }
    ks_put(ds, ctx->db, entry_new_object(dst->ptr, dst->len, OBJ_LIST, l, EXPIRE_NONE));
    ks_changed(ds, ctx->db, dst->ptr, dst->len, NOTIFY_LIST, "sortstore");
    reply_int(ctx->out, outlen);
}

static void sort_generic(struct cmd_ctx *ctx, int readonly)
{
    struct sort_opts o = {.readonly = readonly};
    struct sort_vec v = {0};
    if (!parse_opts(ctx, &o)) goto done;
    struct entry *e = ks_lookup_read(ctx_shard(ctx, ARG(ctx, 1)), ctx->db, ARG(ctx, 1));
    if (e && e->type != OBJ_SET && e->type != OBJ_LIST && e->type != OBJ_ZSET) {
        ctx_error_text(ctx, error_text(ERR_WRONGTYPE));
        goto done;
    }
    /* A set has no order of its own: stored, it is sorted (ALPHA) so the list does not depend
     * on the set's encoding. */
    if (o.dontsort && e && e->type == OBJ_SET && o.store) {
        o.dontsort = 0;
        o.alpha = 1;
        o.by = NULL;
    }
    long long len = 0;
    if (e)
        len = e->type == OBJ_LIST  ? (long long)listobj_len(entry_object(e))
              : e->type == OBJ_SET ? (long long)setobj_size(entry_object(e))
                                   : (long long)zsetobj_len(entry_object(e));
    /* LIMIT, clamped to the length as Redis does */
    long long start = o.limit_start < 0 ? 0 : o.limit_start;
    if (start > len) start = len;
    long long count = o.limit_count < -1 ? -1 : o.limit_count;
    if (count > len) count = len;
    long long end = count < 0 ? len - 1 : start + count - 1;
    if (start >= len) {
        start = len - 1;
        end = len - 2;
    }
    if (end >= len) end = len - 1;

    load(e, &o, &start, &end, &v);
    if (!o.dontsort) {
        if (!load_weights(ctx, &o, &v)) {
            ctx_error_text(ctx, "ERR One or more scores can't be converted into double");
            goto done;
        }
        struct sort_cmp c = {o.desc, o.alpha, o.by != NULL, o.store != NULL};
        struct sort_item *tmp = mem_alloc((v.n ? v.n : 1) * sizeof *tmp);
        merge_sort(v.items, tmp, v.n, &c);
        mem_free(tmp);
    }
    long long outlen = (end - start + 1) * (o.ngets ? o.ngets : 1);
    if (o.store)
        store_result(ctx, &o, &v, start, end, outlen);
    else
        reply_result(ctx, &o, &v, start, end, outlen);
done:
    vec_free(&v);
    mem_free(o.gets);
}

void cmd_sort(struct cmd_ctx *ctx)
{
    sort_generic(ctx, 0);
}

void cmd_sort_ro(struct cmd_ctx *ctx)
{
    sort_generic(ctx, 1);
}

/* Redis's sortGetKeys: the sorted key, and the last STORE's destination. Options are skipped by
 * the number of arguments they take, as Redis does (a STORE's key is looked at as an option). */
int sort_getkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    if (max < 1) return 0;
    int n = 1, store = 0;
    keys[0] = 1;
    for (int i = 2; i < argc; i++) {
        if (arg_is(argv[i].ptr, argv[i].len, "limit")) {
            i += 2;
        } else if (arg_is(argv[i].ptr, argv[i].len, "get") ||
                   arg_is(argv[i].ptr, argv[i].len, "by")) {
            i += 1;
        } else if (arg_is(argv[i].ptr, argv[i].len, "store") && i + 1 < argc) {
            store = i + 1;
        }
    }
    if (store && max > 1) keys[n++] = store;
    return n;
}

/* SORT_RO has no STORE: only the sorted key, though (as Redis marks it) its BY/GET patterns
 * make its keys movable. */
int sort_ro_getkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    (void)argc;
    (void)argv;
    if (max < 1) return 0;
    keys[0] = 1;
    return 1;
}

int sort_uses_patterns(int argc, const struct resp_arg *argv)
{
    for (int j = 2; j < argc; j++) {
        int left = argc - j - 1;
        const struct resp_arg *a = &argv[j];
        if (arg_is(a->ptr, a->len, "limit") && left >= 2) {
            j += 2;
        } else if (arg_is(a->ptr, a->len, "store") && left >= 1) {
            j++;
        } else if ((arg_is(a->ptr, a->len, "by") || arg_is(a->ptr, a->len, "get")) && left >= 1) {
            j++;
            if (memchr(argv[j].ptr, '*', argv[j].len)) return 1;
        } else if (!arg_is(a->ptr, a->len, "asc") && !arg_is(a->ptr, a->len, "desc") &&
                   !arg_is(a->ptr, a->len, "alpha")) {
            return 0; /* a syntax error: nothing is looked up */
        }
    }
    return 0;
}
