/* rdb_read_entry: one RDB value, in any type and encoding Redis 2.x..7.4 and Valkey 8 write,
 * turned into a Tessera entry through the objects' own add functions (so each object picks its
 * encoding as if the commands had built it); streams keep Redis's nodes (rdb_stream.c). Called
 * on the thread doing the decoding. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "persist/packed.h"
#include "persist/rdb.h"
#include "persist/rdb_in.h"
#include "persist/rdb_skip.h"
#include "persist/rdb_stream.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/zsetobj.h"
#include "tessera/dict.h"

/* A LIST_QUICKLIST_2 node's container: one element as is, or a listpack of them. */
#define QUICKLIST_NODE_PLAIN  1
#define QUICKLIST_NODE_PACKED 2

/* Longest score text taken from a ziplist or listpack (Redis writes at most 17 digits). */
#define SCORE_TEXT_MAX 127

/* The object under construction. */
struct value {
    int type; /* OBJ_*, or -1 before there is one */
    void *obj;
};

static void value_free(struct value *v)
{
    switch (v->type) {
    case OBJ_LIST:
        listobj_free(v->obj);
        break;
    case OBJ_SET:
        setobj_free(v->obj);
        break;
    case OBJ_ZSET:
        zsetobj_free(v->obj);
        break;
    case OBJ_HASH:
        hashobj_free(v->obj);
        break;
    }
    v->type = -1;
    v->obj = NULL;
}

static uint64_t value_len(const struct value *v)
{
    switch (v->type) {
    case OBJ_LIST:
        return listobj_len(v->obj);
    case OBJ_SET:
        return setobj_size(v->obj);
    case OBJ_ZSET:
        return zsetobj_len(v->obj);
    default:
        return hashobj_len(v->obj);
    }
}

static void value_start(struct value *v, int type)
{
    v->type = type;
    switch (type) {
    case OBJ_LIST:
        v->obj = listobj_new();
        break;
    case OBJ_SET:
        v->obj = setobj_new();
        break;
    case OBJ_ZSET:
        v->obj = zsetobj_new();
        break;
    default:
        v->obj = hashobj_new();
    }
}

/* Adds one member, field or element; -1 with in->err on a duplicate or a NaN score. */
static int value_add(struct rdb_in *in, struct value *v, const char *a, size_t alen, const char *b,
                     size_t blen, double score)
{
    switch (v->type) {
    case OBJ_LIST:
        listobj_push(v->obj, LISTOBJ_TAIL, a, alen);
        return 0;
    case OBJ_SET:
        if (!setobj_add(v->obj, a, alen)) return rdb_in_fail(in, "duplicate set member");
        return 0;
    case OBJ_ZSET:
        if (isnan(score)) return rdb_in_fail(in, "NaN score");
        if (!zsetobj_set(v->obj, a, alen, score)) return rdb_in_fail(in, "duplicate zset member");
        return 0;
    default: {
        struct hashobj *h = v->obj;
        int added = hashobj_set(&h, a, alen, b, blen);
        v->obj = h;
        if (!added) return rdb_in_fail(in, "duplicate hash field");
        return 0;
    }
    }
}

/* ---- values of separately encoded strings ---- */

/* LIST, SET, ZSET, ZSET_2, HASH and the HASH_METADATA kinds: a count, then per element its
 * strings (and a score, or a field TTL before the field). */
static int read_plain(struct rdb_in *in, int rdbtype, struct value *v)
{
    int zset = rdbtype == RDB_TYPE_ZSET || rdbtype == RDB_TYPE_ZSET_2;
    int meta = rdbtype == RDB_TYPE_HASH_METADATA || rdbtype == RDB_TYPE_HASH_METADATA_PRE_GA;
    int pair = rdbtype == RDB_TYPE_HASH || meta;
    uint64_t n, ttl;
    if (rdbtype == RDB_TYPE_HASH_METADATA && rdb_in_le(in, 8, &ttl)) return -1; /* min TTL */
    size_t each = 1 + (pair || zset) + (meta ? 1 : 0) + (rdbtype == RDB_TYPE_ZSET_2 ? 7 : 0);
    if (rdb_in_count(in, each, &n)) return -1;
    while (n--) {
        struct rdb_str a, b = {0};
        double score = 0;
        if (meta && rdb_in_len(in, &ttl)) return -1;
        if (rdb_in_string(in, &a)) return -1;
        int r = 0;
        if (pair)
            r = rdb_in_string(in, &b);
        else if (rdbtype == RDB_TYPE_ZSET)
            r = rdb_in_double_str(in, &score);
        else if (rdbtype == RDB_TYPE_ZSET_2)
            r = rdb_in_double_bin(in, &score);
        if (!r) r = value_add(in, v, a.p, a.len, b.p, b.len, score);
        rdb_str_free(&a);
        rdb_str_free(&b);
        if (r) return -1;
    }
    return 0;
}

/* ---- values in packed blobs ---- */

static int bad_blob(struct rdb_in *in, int kind)
{
    return rdb_in_fail(in, "bad %s", packed_kind_name(kind));
}

/* A score stored in a ziplist or listpack: an integer, or its text. */
static int elem_score(struct rdb_in *in, const struct packed_elem *e, double *d)
{
    if (!e->s) {
        *d = (double)e->ll;
        return 0;
    }
    char buf[SCORE_TEXT_MAX + 1], *end;
    if (e->len == 0 || e->len > SCORE_TEXT_MAX) return rdb_in_fail(in, "bad score");
    memcpy(buf, e->s, e->len);
    buf[e->len] = '\0';
    *d = strtod(buf, &end);
    if (end != buf + e->len) return rdb_in_fail(in, "bad score");
    return 0;
}

/* Reads a string holding a blob of `kind` and adds its entries to v in groups of `width`: an
 * element (list, set), a member and its score (zset), a field and its value (hash), or a field,
 * its value and its TTL (the TTL dropped). */
static int read_blob(struct rdb_in *in, int kind, int width, struct value *v)
{
    struct rdb_str s;
    struct packed_iter it;
    struct packed_elem e[3];
    char num[2][PACKED_INT_BUF];
    if (rdb_in_string(in, &s)) return -1;
    int r = packed_init(&it, kind, s.p, s.len) ? bad_blob(in, kind) : 0;
    while (!r) {
        int got = packed_next(&it, &e[0]);
        if (got == 0) break;
        for (int i = 1; i < width && got == 1; i++)
            got = packed_next(&it, &e[i]);
        if (got != 1) { /* a bad entry, or the blob ends inside a group */
            r = bad_blob(in, kind);
            break;
        }
        size_t alen, blen = 0;
        const char *a = packed_elem_bytes(&e[0], num[0], &alen), *b = NULL;
        double score = 0;
        if (v->type == OBJ_ZSET)
            r = elem_score(in, &e[1], &score);
        else if (width > 1)
            b = packed_elem_bytes(&e[1], num[1], &blen);
        if (!r) r = value_add(in, v, a, alen, b, blen, score);
    }
    rdb_str_free(&s);
    return r;
}

/* LIST_QUICKLIST (ziplist nodes) and LIST_QUICKLIST_2 (plain or listpack nodes). Empty nodes are
 * passed over, as Redis does. */
static int read_quicklist(struct rdb_in *in, int rdbtype, struct value *v)
{
    int v2 = rdbtype == RDB_TYPE_LIST_QUICKLIST_2;
    uint64_t nodes, container = QUICKLIST_NODE_PACKED;
    if (rdb_in_count(in, v2 ? 2 : 1, &nodes)) return -1;
    while (nodes--) {
        if (v2 && rdb_in_len(in, &container)) return -1;
        if (container == QUICKLIST_NODE_PLAIN) {
            struct rdb_str s;
            if (rdb_in_string(in, &s)) return -1;
            if (!s.len) return rdb_in_fail(in, "empty quicklist node");
            listobj_push(v->obj, LISTOBJ_TAIL, s.p, s.len);
            rdb_str_free(&s);
        } else if (container == QUICKLIST_NODE_PACKED) {
            if (read_blob(in, v2 ? PACKED_LISTPACK : PACKED_ZIPLIST, 1, v)) return -1;
        } else {
            return rdb_in_fail(in, "bad quicklist container %llu", (unsigned long long)container);
        }
    }
    return 0;
}

/* ---- values Tessera does not hold ---- */

static int skipped(struct rdb_in *in, const char *what)
{
    snprintf(in->err, sizeof in->err, "%s", what);
    return 1;
}

static int read_module(struct rdb_in *in, int rdbtype)
{
    uint64_t id;
    char name[RDB_MODULE_NAME_BUF], what[32];
    if (rdb_in_len(in, &id)) return -1;
    rdb_module_name(id, name);
    if (rdbtype == RDB_TYPE_MODULE_PRE_GA)
        return rdb_in_fail(in, "module %s value in the pre-GA format cannot be skipped", name);
    if (rdb_skip_module_fields(in)) return -1;
    snprintf(what, sizeof what, "module %s", name);
    return skipped(in, what);
}

/* ---- one value ---- */

/* Reads a value of a collection type into v: 0, -1 bad, 1 skipped (v left empty). */
static int read_value(struct rdb_in *in, int rdbtype, struct value *v)
{
    switch (rdbtype) {
    case RDB_TYPE_LIST:
        value_start(v, OBJ_LIST);
        return read_plain(in, rdbtype, v);
    case RDB_TYPE_SET:
        value_start(v, OBJ_SET);
        return read_plain(in, rdbtype, v);
    case RDB_TYPE_ZSET:
    case RDB_TYPE_ZSET_2:
        value_start(v, OBJ_ZSET);
        return read_plain(in, rdbtype, v);
    case RDB_TYPE_HASH:
    case RDB_TYPE_HASH_METADATA_PRE_GA:
    case RDB_TYPE_HASH_METADATA:
        value_start(v, OBJ_HASH);
        return read_plain(in, rdbtype, v);
    case RDB_TYPE_HASH_ZIPMAP:
        value_start(v, OBJ_HASH);
        return read_blob(in, PACKED_ZIPMAP, 2, v);
    case RDB_TYPE_LIST_ZIPLIST:
        value_start(v, OBJ_LIST);
        return read_blob(in, PACKED_ZIPLIST, 1, v);
    case RDB_TYPE_SET_INTSET:
        value_start(v, OBJ_SET);
        return read_blob(in, PACKED_INTSET, 1, v);
    case RDB_TYPE_SET_LISTPACK:
        value_start(v, OBJ_SET);
        return read_blob(in, PACKED_LISTPACK, 1, v);
    case RDB_TYPE_ZSET_ZIPLIST:
        value_start(v, OBJ_ZSET);
        return read_blob(in, PACKED_ZIPLIST, 2, v);
    case RDB_TYPE_ZSET_LISTPACK:
        value_start(v, OBJ_ZSET);
        return read_blob(in, PACKED_LISTPACK, 2, v);
    case RDB_TYPE_HASH_ZIPLIST:
        value_start(v, OBJ_HASH);
        return read_blob(in, PACKED_ZIPLIST, 2, v);
    case RDB_TYPE_HASH_LISTPACK:
        value_start(v, OBJ_HASH);
        return read_blob(in, PACKED_LISTPACK, 2, v);
    case RDB_TYPE_HASH_LISTPACK_EX:
    case RDB_TYPE_HASH_LISTPACK_EX_PRE_GA: {
        uint64_t min_ttl;
        if (rdbtype == RDB_TYPE_HASH_LISTPACK_EX && rdb_in_le(in, 8, &min_ttl)) return -1;
        value_start(v, OBJ_HASH);
        return read_blob(in, PACKED_LISTPACK, 3, v);
    }
    case RDB_TYPE_LIST_QUICKLIST:
    case RDB_TYPE_LIST_QUICKLIST_2:
        value_start(v, OBJ_LIST);
        return read_quicklist(in, rdbtype, v);
    case RDB_TYPE_MODULE_PRE_GA:
    case RDB_TYPE_MODULE_2:
        return read_module(in, rdbtype);
    default:
        return rdb_in_fail(in, "unknown RDB type %d", rdbtype);
    }
}

int rdb_read_entry(struct rdb_in *in, int rdbtype, const char *key, size_t klen, int64_t expire_at,
                   struct entry **out)
{
    size_t start = in->pos;
    in->err[0] = '\0';
    if (klen > UINT32_MAX) {
        rdb_in_fail(in, "key too long");
        return -1;
    }
    if (rdbtype == RDB_TYPE_STRING) {
        struct rdb_str s;
        if (rdb_in_string(in, &s)) {
            in->pos = start;
            return -1;
        }
        *out = entry_new_string(key, klen, s.p, s.len, expire_at);
        rdb_str_free(&s);
        return 0;
    }
    if (rdbtype == RDB_TYPE_STREAM_LISTPACKS || rdbtype == RDB_TYPE_STREAM_LISTPACKS_2 ||
        rdbtype == RDB_TYPE_STREAM_LISTPACKS_3) {
        /* a stream may be empty: no "empty key" skip for it */
        struct streamobj *st;
        int r = rdb_read_stream(in, rdbtype, &st);
        if (r < 0) in->pos = start;
        if (r == 0) *out = entry_new_object(key, klen, OBJ_STREAM, st, expire_at);
        return r;
    }
    struct value v = {-1, NULL};
    int r = read_value(in, rdbtype, &v);
    if (r == 0 && value_len(&v) == 0) r = skipped(in, "empty key");
    if (r) {
        value_free(&v);
        if (r < 0) in->pos = start;
        return r;
    }
    *out = entry_new_object(key, klen, v.type, v.obj, expire_at);
    return 0;
}
