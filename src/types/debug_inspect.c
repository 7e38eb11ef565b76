/* DEBUG's views of a value and of the keyspace's tables: OBJECT, LISTPACK, QUICKLIST (the value
 * as Redis 7.0 would hold it, rebuilt by debug_listpack.c), HTSTATS and HTSTATS-KEY. Run by
 * cmd_debug with every shard held (docs/debug.md). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "persist/rdb_write.h"
#include "resp/errors.h"
#include "shard/access.h"
#include "shard/hashobj.h"
#include "shard/keyspace.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/shard.h"
#include "shard/streamobj.h"
#include "shard/zsetobj.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/debug_inspect.h"
#include "types/debug_listpack.h"

/* ---- OBJECT, LISTPACK, QUICKLIST ---- */

/* The key at argv[2] without touching its access clock; answers "no such key" when absent. */
static struct entry *debug_key(struct cmd_ctx *ctx)
{
    const struct resp_arg *k = &ctx->argv[2];
    struct entry *e = ks_peek(ctx_shard(ctx, k->ptr, k->len), ctx->db, k->ptr, k->len);
    if (!e) ctx_error_text(ctx, error_text(ERR_NO_KEY));
    return e;
}

/* The elements of a collection (members, fields, list entries). */
static uint64_t object_len(const struct entry *e)
{
    switch (e->type) {
    case OBJ_LIST:
        return listobj_len(entry_object(e));
    case OBJ_SET:
        return setobj_size(entry_object(e));
    case OBJ_ZSET:
        return zsetobj_len(entry_object(e));
    case OBJ_HASH:
        return hashobj_len(entry_object(e));
    case OBJ_STREAM:
        return streamobj_len(entry_object(e));
    default:
        return 1;
    }
}

static void add_field_value(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    rlp_append(arg, f, flen);
    rlp_append(arg, v, vlen);
}

/* The value's listpacks as Redis 7.0 would hold them: one per quicklist node of a list, one
 * for a listpack-encoded hash or sorted set. Returns how many (0: no listpack), in *out
 * (mem_alloc'd; free each with rlp_free, then the array). */
static size_t redis_listpacks(const struct entry *e, struct rlp **out)
{
    int packed = strcmp(entry_encoding_name(e), "listpack") == 0;
    if (e->type == OBJ_LIST) {
        const struct listobj *l = entry_object(e);
        size_t n = listobj_node_count(l);
        struct rlp *lps = mem_alloc((n ? n : 1) * sizeof *lps);
        struct listobj_iter it;
        listobj_iter_init(&it, l, 0, LISTOBJ_TAIL);
        for (size_t i = 0; i < n; i++) {
            rlp_init(&lps[i]);
            const char *v;
            size_t vlen;
            for (uint32_t k = listobj_node_len(l, i); k > 0; k--)
                if (listobj_iter_next(&it, &v, &vlen)) rlp_append(&lps[i], v, vlen);
            rlp_finish(&lps[i]);
        }
        *out = lps;
        return n;
    }
    if (!packed || (e->type != OBJ_HASH && e->type != OBJ_ZSET)) return 0;
    struct rlp *lp = mem_alloc(sizeof *lp);
    rlp_init(lp);
    if (e->type == OBJ_HASH) {
        hashobj_foreach(entry_object(e), add_field_value, lp);
    } else {
        struct zset_iter it;
        const char *m;
        size_t mlen;
        double score;
        zsetobj_iter_init(&it, entry_object(e), 0, 0);
        while (zsetobj_iter_next(&it, &m, &mlen, &score)) {
            char buf[64];
            int n = double_to_str(buf, sizeof buf, score);
            rlp_append(lp, m, mlen);
            rlp_append(lp, buf, (size_t)n);
        }
    }
    rlp_finish(lp);
    *out = lp;
    return 1;
}

static void free_listpacks(struct rlp *lps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rlp_free(&lps[i]);
    mem_free(lps);
}

static void add_int_member(const char *m, size_t len, void *arg)
{
    struct rlp *vals = arg; /* a growing array of long long in buf */
    long long v = 0;
    str_to_ll(m, len, &v);
    if ((vals->count + 1) * sizeof v > vals->cap) {
        vals->cap = vals->cap * 2 + 16 * sizeof v;
        vals->buf = mem_realloc(vals->buf, vals->cap);
    }
    memcpy(vals->buf + vals->count++ * sizeof v, &v, sizeof v);
}

/* Redis's rdbSavedObjectLen: the value's RDB encoding, without DUMP's type byte, version and
 * checksum, for the encoding Redis would hold it in (listpacks, quicklist nodes, intsets). */
static size_t serialized_length(const struct entry *e)
{
    int compress = CONFIG_GET(rdbcompression);
    struct rlp *lps;
    size_t n = redis_listpacks(e, &lps);
    if (n || e->type == OBJ_LIST) {
        size_t total = e->type == OBJ_LIST ? rlp_rdb_len_size(n) : 0;
        for (size_t i = 0; i < n; i++)
            total += (e->type == OBJ_LIST) + rlp_rdb_string_len(lps[i].buf, lps[i].len, compress);
        free_listpacks(lps, e->type == OBJ_LIST ? n : 1);
        return total;
    }
    if (e->type == OBJ_SET && setobj_intset(entry_object(e))) {
        struct rlp vals = {NULL, 0, 0, 0}, set;
        setobj_foreach(entry_object(e), add_int_member, &vals);
        rlp_intset(&set, (long long *)(void *)vals.buf, vals.count);
        size_t total = rlp_rdb_string_len(set.buf, set.len, compress);
        mem_free(vals.buf);
        rlp_free(&set);
        return total;
    }
    struct rdb_out o;
    rdb_out_init(&o, compress);
    rdb_dump_payload(&o, e);
    size_t len = o.len > 11 ? o.len - 11 : 0;
    rdb_out_free(&o);
    return len;
}

/* Value at:<address> refcount:1 encoding:<ours> serializedlength:N lru:L lru_seconds_idle:S,
 * and the quicklist's figures for a list, as Redis's line. lru is Redis's LRU clock (seconds,
 * 24 bits) of the last access. */
void debug_object(struct cmd_ctx *ctx)
{
    struct entry *e = debug_key(ctx);
    if (!e) return;
    uint64_t idle_ms = access_lfu_policy(CONFIG_GET(maxmemory_policy)) ? 0 : access_idle_ms(e);
    long long lru = ((ks_now_ms() - (int64_t)idle_ms) / 1000) & ((1 << 24) - 1);
    char extra[256] = "";
    if (e->type == OBJ_LIST) {
        const struct listobj *l = entry_object(e);
        struct rlp *lps;
        size_t nodes = redis_listpacks(e, &lps), bytes = 0;
        for (size_t i = 0; i < nodes; i++)
            bytes += lps[i].len;
        free_listpacks(lps, nodes);
        snprintf(extra, sizeof extra,
                 " ql_nodes:%zu ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d "
                 "ql_uncompressed_size:%zu",
                 nodes, nodes ? (double)listobj_len(l) / (double)nodes : 0.0, listobj_fill(l),
                 listobj_depth(l) != 0, bytes);
    }
    char line[512];
    snprintf(line, sizeof line,
             "Value at:%p refcount:1 encoding:%s serializedlength:%zu lru:%lld "
             "lru_seconds_idle:%llu%s",
             (void *)e, entry_encoding_name(e), serialized_length(e), lru,
             (unsigned long long)(idle_ms / 1000), extra);
    reply_simple(ctx->out, line);
}

/* LISTPACK and QUICKLIST print Redis's lpRepr / quicklistRepr of the value as Redis would hold
 * it on standard output, as Redis does (the log's default place too). */
void debug_listpack(struct cmd_ctx *ctx)
{
    struct entry *e = debug_key(ctx);
    if (!e) return;
    struct rlp *lp;
    if (e->type == OBJ_LIST || !redis_listpacks(e, &lp)) {
        ctx_error_text(ctx, error_text(ERR_DEBUG_NOT_LISTPACK));
        return;
    }
    rlp_print(stdout, lp);
    fflush(stdout);
    free_listpacks(lp, 1);
    reply_simple(ctx->out, "Listpack structure printed on stdout");
}

void debug_quicklist(struct cmd_ctx *ctx)
{
    struct entry *e = debug_key(ctx);
    if (!e) return;
    if (e->type != OBJ_LIST) {
        ctx_error_text(ctx, error_text(ERR_DEBUG_NOT_QUICKLIST));
        return;
    }
    int full = 0;
    if (ctx->argc == 4) {
        long long v;
        full = str_to_ll(ctx->argv[3].ptr, ctx->argv[3].len, &v) && v != 0;
    }
    const struct listobj *l = entry_object(e);
    struct rlp *lps;
    size_t n = redis_listpacks(e, &lps);
    printf("{count : %llu}\n{len : %zu}\n{fill : %d}\n{compress : 0}\n{bookmark_count : 0}\n",
           (unsigned long long)listobj_len(l), n, listobj_fill(l));
    for (size_t i = 0; i < n; i++) {
        printf("{quicklist node(%zu)\n", i);
        printf("{container : PACKED, encoding: RAW, size: %zu, count: %lu, recompress: 0, "
               "attempted_compress: 0}\n",
               lps[i].len, lps[i].count);
        if (full) {
            printf("{ listpack:\n");
            rlp_print(stdout, &lps[i]);
            printf("}\n}\n");
        }
    }
    fflush(stdout);
    free_listpacks(lps, n);
    reply_simple(ctx->out, "Quicklist structure printed on stdout");
}

/* ---- HTSTATS, HTSTATS-KEY ---- */

#define STATS_VECTLEN 50

struct ht_stats {
    uint64_t size, used, slots, maxchain, chains[STATS_VECTLEN];
};

static void stats_add_table(struct ht_stats *st, struct entry *const *table, uint64_t size,
                            uint64_t used)
{
    st->size += size;
    st->used += used;
    for (uint64_t i = 0; i < size; i++) {
        uint64_t len = 0;
        for (const struct entry *e = table[i]; e; e = e->next)
            len++;
        st->chains[len < STATS_VECTLEN ? len : STATS_VECTLEN - 1]++;
        if (len) st->slots++;
        if (len > st->maxchain) st->maxchain = len;
    }
}

/* A dict's tables: the main one, and the rehashing target while a rehash is under way. */
static void stats_add_dict(struct ht_stats *main, struct ht_stats *target, const struct dict *d)
{
    stats_add_table(main, d->table[0], d->size[0], d->used[0]);
    if (d->rehash_idx >= 0) stats_add_table(target, d->table[1], d->size[1], d->used[1]);
}

struct text {
    char *buf;
    size_t len, cap;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(struct text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap * 2 + (size_t)(n > 0 ? n : 64);
        t->buf = mem_realloc(t->buf, t->cap);
    }
}

/* Redis's dictGetStatsMsg for one table. */
static void stats_text(struct text *t, const struct ht_stats *st, int id, const char *label)
{
    text_add(t, "Hash table %d stats (%s):\n", id, label);
    if (st->used == 0) {
        text_add(t, "No stats available for empty dictionaries\n");
        return;
    }
    double avg = st->slots ? (double)st->used / (double)st->slots : 0;
    text_add(t,
             " table size: %llu\n number of elements: %llu\n different slots: %llu\n"
             " max chain length: %llu\n avg chain length (counted): %.02f\n"
             " avg chain length (computed): %.02f\n Chain length distribution:\n",
             (unsigned long long)st->size, (unsigned long long)st->used,
             (unsigned long long)st->slots, (unsigned long long)st->maxchain, avg, avg);
    for (int i = 0; i < STATS_VECTLEN; i++) {
        if (!st->chains[i]) continue;
        text_add(t, "   %d: %llu (%.02f%%)\n", i, (unsigned long long)st->chains[i],
                 ((double)st->chains[i] / (double)st->size) * 100);
    }
}

/* HTSTATS dbid: the keyspace of every shard as one table (and the rehashing targets as a
 * second); the expiry index is a count on the entries here, so its "table" is that count. */
void debug_htstats(struct cmd_ctx *ctx)
{
    long long db;
    if (!str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &db)) {
        ctx_error_text(ctx, error_text(ERR_NOT_INT));
        return;
    }
    int n = ctx_nshards(ctx);
    if (db < 0 || db >= ctx_shard_at(ctx, 0)->ndb) {
        ctx_error_text(ctx, error_text(ERR_DEBUG_DB_RANGE));
        return;
    }
    struct ht_stats main = {0}, target = {0};
    uint64_t expires = 0;
    for (int i = 0; i < n; i++) {
        struct db *d = &ctx_shard_at(ctx, i)->dbs[db];
        stats_add_dict(&main, &target, &d->keys);
        expires += d->expires;
    }
    struct text t = {mem_alloc(1024), 0, 1024};
    text_add(&t, "[Dictionary HT]\n");
    stats_text(&t, &main, 0, "main hash table");
    if (target.size) stats_text(&t, &target, 1, "rehashing target");
    text_add(&t, "[Expires HT]\n");
    struct ht_stats ex = {.used = expires};
    if (expires) {
        for (ex.size = 4; ex.size < expires; ex.size *= 2)
            ;
        ex.slots = expires;
        ex.maxchain = 1;
        ex.chains[0] = ex.size - expires;
        ex.chains[1] = expires;
    }
    stats_text(&t, &ex, 0, "main hash table");
    reply_verbatim(ctx->out, t.buf, t.len);
    mem_free(t.buf);
}

/* HTSTATS-KEY key: a hash or set kept as a hash table, from its own table; a sorted set's
 * member index is the skiplist's own, so its figures are its size and member count. */
void debug_htstats_key(struct cmd_ctx *ctx)
{
    struct entry *e = debug_key(ctx);
    if (!e) return;
    const char *enc = entry_encoding_name(e);
    if (strcmp(enc, "hashtable") != 0 && strcmp(enc, "skiplist") != 0) {
        ctx_error_text(ctx, error_text(ERR_DEBUG_NOT_HT));
        return;
    }
    struct ht_stats st = {0}, target = {0};
    const struct dict *d = e->type == OBJ_HASH  ? hashobj_dict(entry_object(e))
                           : e->type == OBJ_SET ? setobj_dict(entry_object(e))
                                                : NULL;
    if (d) {
        stats_add_dict(&st, &target, d);
    } else {
        st.used = object_len(e);
        for (st.size = 4; st.size < st.used; st.size *= 2)
            ;
        st.slots = st.used;
        st.maxchain = 1;
        st.chains[0] = st.size - st.used;
        st.chains[1] = st.used;
    }
    struct text t = {mem_alloc(512), 0, 512};
    stats_text(&t, &st, 0, "main hash table");
    if (target.size) stats_text(&t, &target, 1, "rehashing target");
    reply_verbatim(ctx->out, t.buf, t.len);
    mem_free(t.buf);
}
