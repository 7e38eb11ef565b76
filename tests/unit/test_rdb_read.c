/* Unit tests of the RDB decoder (src/persist/rdb_*.c): values of every type and encoding built
 * here byte by byte, bad values failing with their offset, opcodes and checksums of whole files,
 * DUMP payloads from redis-server 7.0 and valkey 8.0 and from our encoder, the fixture files made
 * by tests/unit/fixtures/make_fixtures.sh checked value by value, and those files truncated and
 * bit-flipped everywhere without a crash (run it under ASan/UBSan). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packed_build.h"
#include "persist/crc64.h"
#include "persist/lzf.h"
#include "persist/rdb.h"
#include "persist/rdb_read.h"
#include "persist/rdb_write.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/streamobj.h"
#include "shard/zsetobj.h"
#include "tessera/config.h"
#include "tessera/dict.h"

static void defaults(void)
{
    config_defaults(&g_config);
}

TestSuite(rdb_read, .init = defaults);

/* ---- RDB bytes ---- */

/* A length in its smallest encoding, or in `width` bytes of prefix and number (1, 2, 5, 9). */
static void rb_len_w(struct pb_buf *b, uint64_t n, int width)
{
    if (width == 1) {
        pb_byte(b, (unsigned)n);
    } else if (width == 2) {
        pb_byte(b, 0x40 | (unsigned)(n >> 8));
        pb_byte(b, n & 0xFF);
    } else {
        int bytes = width == 5 ? 4 : 8;
        pb_byte(b, width == 5 ? RDB_32BITLEN : RDB_64BITLEN);
        for (int i = bytes - 1; i >= 0; i--)
            pb_byte(b, (unsigned)(n >> (8 * i)) & 0xFF);
    }
}

static void rb_len(struct pb_buf *b, uint64_t n)
{
    rb_len_w(b, n, n < 64 ? 1 : n < 16384 ? 2 : n <= UINT32_MAX ? 5 : 9);
}

static void rb_str(struct pb_buf *b, const void *s, size_t n)
{
    rb_len(b, n);
    pb_put(b, s, n);
}

static void rb_cstr(struct pb_buf *b, const char *s)
{
    rb_str(b, s, strlen(s));
}

/* A string in an integer encoding: RDB_ENC_INT8, 16 or 32. */
static void rb_int(struct pb_buf *b, int enc, long long v)
{
    pb_byte(b, 0xC0 | (unsigned)enc);
    pb_le(b, (uint64_t)v, enc == RDB_ENC_INT8 ? 1 : enc == RDB_ENC_INT16 ? 2 : 4);
}

static void rb_lzf(struct pb_buf *b, const char *s, size_t n)
{
    unsigned char out[4096];
    size_t c = lzf_compress(s, n, out, sizeof out);
    cr_assert(c > 0 && c < n, "compressible");
    pb_byte(b, 0xC0 | RDB_ENC_LZF);
    rb_len(b, c);
    rb_len(b, n);
    pb_put(b, out, c);
}

/* A packed blob as a raw string; frees the blob. */
static void rb_blob(struct pb_buf *b, struct pb_buf *blob)
{
    rb_str(b, blob->b, blob->n);
    free(blob->b);
}

static void rb_double(struct pb_buf *b, double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    pb_le(b, u, 8);
}

/* ---- decoding one value ---- */

struct decoded {
    int r;
    struct entry *e;
    struct rdb_in in;
};

/* Decodes b as a value of type t for key "k"; a success must end exactly at b's end. */
static struct decoded decode(const struct pb_buf *b, int t)
{
    struct decoded d = {.in = {.p = b->b, .len = b->n, .pos = 0, .version = 12}};
    d.r = rdb_read_entry(&d.in, t, "k", 1, EXPIRE_NONE, &d.e);
    if (d.r >= 0)
        cr_assert_eq(d.in.pos, b->n, "type %d: decoded %zu of %zu bytes", t, d.in.pos, b->n);
    return d;
}

static struct entry *decode_ok(struct pb_buf *b, int t)
{
    struct decoded d = decode(b, t);
    cr_assert_eq(d.r, 0, "type %d: %s at %zu", t, d.in.err, d.in.pos);
    free(b->b);
    memset(b, 0, sizeof *b);
    return d.e;
}

/* The value fails with err (a prefix of in->err) and in->pos back at its start. */
static void decode_bad(struct pb_buf *b, int t, const char *err)
{
    struct decoded d = decode(b, t);
    cr_assert_eq(d.r, -1, "type %d decoded (want \"%s\")", t, err);
    cr_assert_eq(d.in.pos, 0, "type %d: error at %zu, not the value's start", t, d.in.pos);
    cr_assert(strncmp(d.in.err, err, strlen(err)) == 0, "type %d: \"%s\", not \"%s\"", t, d.in.err,
              err);
    free(b->b);
    memset(b, 0, sizeof *b);
}

static void decode_skipped(struct pb_buf *b, int t, const char *what)
{
    struct decoded d = decode(b, t);
    cr_assert_eq(d.r, 1, "type %d: r %d (%s), not skipped", t, d.r, d.in.err);
    cr_assert_str_eq(d.in.err, what);
    free(b->b);
    memset(b, 0, sizeof *b);
}

/* ---- checking values ---- */

static void check_string(const struct entry *e, const char *v, size_t len)
{
    cr_assert_eq(e->type, OBJ_STRING);
    cr_assert_eq(entry_vlen(e), len, "string of %llu bytes, not %zu",
                 (unsigned long long)entry_vlen(e), len);
    cr_assert(memcmp(entry_value((struct entry *)e), v, len) == 0, "string bytes");
}

static void check_list(const struct entry *e, const char *const *want, size_t n)
{
    cr_assert_eq(e->type, OBJ_LIST);
    struct listobj *l = entry_object(e);
    cr_assert_eq(listobj_len(l), n, "list of %llu, not %zu", (unsigned long long)listobj_len(l), n);
    cr_assert(listobj_check(l));
    struct listobj_iter it;
    listobj_iter_init(&it, l, 0, LISTOBJ_TAIL);
    for (size_t i = 0; i < n; i++) {
        const char *s;
        size_t len;
        cr_assert(listobj_iter_next(&it, &s, &len));
        cr_assert(len == strlen(want[i]) && memcmp(s, want[i], len) == 0,
                  "element %zu: \"%.*s\", not \"%s\"", i, (int)len, s, want[i]);
    }
}

static void check_set(const struct entry *e, const char *const *want, size_t n)
{
    cr_assert_eq(e->type, OBJ_SET);
    struct setobj *s = entry_object(e);
    cr_assert_eq(setobj_size(s), n);
    for (size_t i = 0; i < n; i++)
        cr_assert(setobj_contains(s, want[i], strlen(want[i])), "member %s", want[i]);
}

static void check_zset(const struct entry *e, const char *const *m, const double *sc, size_t n)
{
    cr_assert_eq(e->type, OBJ_ZSET);
    struct zsetobj *z = entry_object(e);
    cr_assert_eq(zsetobj_len(z), n);
    for (size_t i = 0; i < n; i++) {
        double d;
        cr_assert(zsetobj_score(z, m[i], strlen(m[i]), &d), "member %s", m[i]);
        cr_assert(d == sc[i], "score of %s: %g, not %g", m[i], d, sc[i]);
    }
}

static void check_hash(const struct entry *e, const char *const *fv, size_t pairs)
{
    cr_assert_eq(e->type, OBJ_HASH);
    struct hashobj *h = entry_object(e);
    cr_assert_eq(hashobj_len(h), pairs);
    for (size_t i = 0; i < pairs; i++) {
        const char *v;
        size_t vlen;
        cr_assert(hashobj_get(h, fv[2 * i], strlen(fv[2 * i]), &v, &vlen), "field %s", fv[2 * i]);
        cr_assert(vlen == strlen(fv[2 * i + 1]) && memcmp(v, fv[2 * i + 1], vlen) == 0,
                  "value of %s: \"%.*s\"", fv[2 * i], (int)vlen, v);
    }
}

#define N(a) (sizeof(a) / sizeof *(a))

static char big[70000];

static void fill_big(void)
{
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
}

/* ---- strings ---- */

Test(rdb_read, strings_in_every_encoding, .init = fill_big)
{
    struct pb_buf b = {0};
    struct entry *e;

    rb_cstr(&b, "hello");
    e = decode_ok(&b, RDB_TYPE_STRING);
    check_string(e, "hello", 5);
    cr_assert_eq(entry_keylen(e), 1);
    cr_assert_eq(entry_expire(e), EXPIRE_NONE);
    entry_free(e);

    rb_str(&b, "", 0);
    e = decode_ok(&b, RDB_TYPE_STRING);
    check_string(e, "", 0);
    entry_free(e);

    static const struct {
        int enc;
        long long v;
        const char *text;
    } ints[] = {{RDB_ENC_INT8, -7, "-7"},
                {RDB_ENC_INT8, 127, "127"},
                {RDB_ENC_INT8, -128, "-128"},
                {RDB_ENC_INT16, 12345, "12345"},
                {RDB_ENC_INT16, -32768, "-32768"},
                {RDB_ENC_INT32, 2147483647, "2147483647"},
                {RDB_ENC_INT32, -2147483648LL, "-2147483648"}};
    for (size_t i = 0; i < N(ints); i++) {
        rb_int(&b, ints[i].enc, ints[i].v);
        e = decode_ok(&b, RDB_TYPE_STRING);
        check_string(e, ints[i].text, strlen(ints[i].text));
        entry_free(e);
    }

    rb_lzf(&b, big, 3000);
    e = decode_ok(&b, RDB_TYPE_STRING);
    check_string(e, big, 3000);
    entry_free(e);

    /* lengths in 14, 32 and 64 bits, and small lengths written wide */
    rb_str(&b, big, 1000);
    e = decode_ok(&b, RDB_TYPE_STRING);
    check_string(e, big, 1000);
    entry_free(e);
    rb_str(&b, big, 70000);
    e = decode_ok(&b, RDB_TYPE_STRING);
    check_string(e, big, 70000);
    entry_free(e);
    for (int w = 2; w <= 9; w += w == 2 ? 3 : 4) {
        rb_len_w(&b, 3, w);
        pb_put(&b, "abc", 3);
        e = decode_ok(&b, RDB_TYPE_STRING);
        check_string(e, "abc", 3);
        entry_free(e);
    }
}

Test(rdb_read, key_and_expiry_go_into_the_entry)
{
    struct pb_buf b = {0};
    rb_cstr(&b, "v");
    struct rdb_in in = {.p = b.b, .len = b.n};
    struct entry *e;
    cr_assert_eq(rdb_read_entry(&in, RDB_TYPE_STRING, "my\0key", 6, 1234567, &e), 0);
    cr_assert_eq(entry_keylen(e), 6);
    cr_assert(memcmp(entry_key(e), "my\0key", 6) == 0);
    cr_assert_eq(entry_expire(e), 1234567);
    entry_free(e);
    free(b.b);
}

/* ---- collections of separate strings ---- */

Test(rdb_read, plain_collections, .init = fill_big)
{
    struct pb_buf b = {0};
    struct entry *e;

    rb_len(&b, 4);
    rb_cstr(&b, "a");
    rb_int(&b, RDB_ENC_INT16, -300);
    rb_lzf(&b, big, 100);
    rb_str(&b, "", 0);
    e = decode_ok(&b, RDB_TYPE_LIST);
    char lz[101];
    memcpy(lz, big, 100);
    lz[100] = '\0';
    const char *list[] = {"a", "-300", lz, ""};
    check_list(e, list, 4);
    entry_free(e);

    rb_len(&b, 3);
    rb_cstr(&b, "x");
    rb_int(&b, RDB_ENC_INT8, 5);
    rb_cstr(&b, "y");
    e = decode_ok(&b, RDB_TYPE_SET);
    const char *set[] = {"x", "5", "y"};
    check_set(e, set, 3);
    entry_free(e);

    /* ZSET: scores as text, 253 nan (below), 254 inf, 255 -inf */
    rb_len(&b, 4);
    rb_cstr(&b, "a");
    rb_cstr(&b, "1.5");
    rb_cstr(&b, "b");
    pb_byte(&b, 254);
    rb_cstr(&b, "c");
    pb_byte(&b, 255);
    rb_cstr(&b, "d");
    rb_cstr(&b, "-0.25e2");
    e = decode_ok(&b, RDB_TYPE_ZSET);
    const char *zm[] = {"a", "b", "c", "d"};
    const double zs[] = {1.5, INFINITY, -INFINITY, -25};
    check_zset(e, zm, zs, 4);
    entry_free(e);

    rb_len(&b, 4);
    for (int i = 0; i < 4; i++) {
        rb_cstr(&b, zm[i]);
        rb_double(&b, zs[i]);
    }
    e = decode_ok(&b, RDB_TYPE_ZSET_2);
    check_zset(e, zm, zs, 4);
    entry_free(e);

    rb_len(&b, 2);
    rb_cstr(&b, "f1");
    rb_cstr(&b, "v1");
    rb_int(&b, RDB_ENC_INT32, 100000);
    rb_int(&b, RDB_ENC_INT8, 0);
    e = decode_ok(&b, RDB_TYPE_HASH);
    const char *hash[] = {"f1", "v1", "100000", "0"};
    check_hash(e, hash, 2);
    entry_free(e);
}

Test(rdb_read, large_plain_collections_convert)
{
    /* past every small-encoding threshold, as a Redis hashtable or skiplist is written */
    struct pb_buf l = {0}, s = {0}, z = {0}, h = {0};
    enum { M = 3000 };
    rb_len(&l, M);
    rb_len(&s, M);
    rb_len(&z, M);
    rb_len(&h, M);
    for (int i = 0; i < M; i++) {
        char m[16];
        sprintf(m, "m%d", i);
        rb_cstr(&l, m);
        rb_cstr(&s, m);
        rb_cstr(&z, m);
        rb_double(&z, i / 2.0);
        rb_cstr(&h, m);
        rb_int(&h, RDB_ENC_INT16, i);
    }
    struct entry *e = decode_ok(&l, RDB_TYPE_LIST);
    cr_assert_eq(listobj_len(entry_object(e)), M);
    cr_assert(listobj_node_count(entry_object(e)) > 1);
    entry_free(e);
    e = decode_ok(&s, RDB_TYPE_SET);
    cr_assert_eq(setobj_size(entry_object(e)), M);
    cr_assert_str_eq(entry_encoding_name(e), "hashtable");
    entry_free(e);
    e = decode_ok(&z, RDB_TYPE_ZSET_2);
    cr_assert_eq(zsetobj_len(entry_object(e)), M);
    cr_assert_str_eq(entry_encoding_name(e), "skiplist");
    double d;
    cr_assert(zsetobj_score(entry_object(e), "m2999", 5, &d) && d == 1499.5);
    entry_free(e);
    e = decode_ok(&h, RDB_TYPE_HASH);
    cr_assert_eq(hashobj_len(entry_object(e)), M);
    cr_assert_str_eq(entry_encoding_name(e), "hashtable");
    entry_free(e);
}

/* ---- packed encodings ---- */

Test(rdb_read, zipmap_hash)
{
    struct pb_buf zm, b = {0};
    pb_zm_begin(&zm);
    pb_zm_pair(&zm, "name", 4, "tessera", 7, 2);
    pb_zm_pair(&zm, "n", 1, "42", 2, 0);
    pb_zm_end(&zm);
    rb_blob(&b, &zm);
    struct entry *e = decode_ok(&b, RDB_TYPE_HASH_ZIPMAP);
    const char *fv[] = {"name", "tessera", "n", "42"};
    check_hash(e, fv, 2);
    entry_free(e);
}

Test(rdb_read, ziplist_values)
{
    struct pb_buf zl, b = {0};
    struct entry *e;

    pb_zl_begin(&zl);
    pb_zl_str(&zl, "a", 1);
    pb_zl_int(&zl, 7);
    pb_zl_int(&zl, -70000);
    pb_zl_int(&zl, INT64_MAX);
    pb_zl_end(&zl);
    rb_blob(&b, &zl);
    e = decode_ok(&b, RDB_TYPE_LIST_ZIPLIST);
    const char *list[] = {"a", "7", "-70000", "9223372036854775807"};
    check_list(e, list, 4);
    entry_free(e);

    /* member, score: scores as text or as integers */
    pb_zl_begin(&zl);
    pb_zl_str(&zl, "m1", 2);
    pb_zl_str(&zl, "1.25", 4);
    pb_zl_str(&zl, "m2", 2);
    pb_zl_int(&zl, -3);
    pb_zl_int(&zl, 99);
    pb_zl_str(&zl, "inf", 3);
    pb_zl_end(&zl);
    rb_blob(&b, &zl);
    e = decode_ok(&b, RDB_TYPE_ZSET_ZIPLIST);
    const char *zm[] = {"m1", "m2", "99"};
    const double zs[] = {1.25, -3, INFINITY};
    check_zset(e, zm, zs, 3);
    entry_free(e);

    pb_zl_begin(&zl);
    pb_zl_str(&zl, "f", 1);
    pb_zl_int(&zl, 12);
    pb_zl_int(&zl, 5);
    pb_zl_str(&zl, "five", 4);
    pb_zl_end(&zl);
    rb_blob(&b, &zl);
    e = decode_ok(&b, RDB_TYPE_HASH_ZIPLIST);
    const char *fv[] = {"f", "12", "5", "five"};
    check_hash(e, fv, 2);
    entry_free(e);

    /* LIST_QUICKLIST: ziplist nodes, an empty one passed over, LZF-compressed ones read */
    rb_len(&b, 3);
    pb_zl_begin(&zl);
    pb_zl_str(&zl, "n1a", 3);
    pb_zl_str(&zl, "n1b", 3);
    pb_zl_end(&zl);
    rb_blob(&b, &zl);
    pb_zl_begin(&zl);
    pb_zl_end(&zl);
    rb_blob(&b, &zl);
    pb_zl_begin(&zl);
    for (int i = 0; i < 20; i++)
        pb_zl_str(&zl, "same-element", 12);
    pb_zl_end(&zl);
    rb_lzf(&b, (const char *)zl.b, zl.n);
    free(zl.b);
    e = decode_ok(&b, RDB_TYPE_LIST_QUICKLIST);
    const char *ql[22] = {"n1a", "n1b"};
    for (int i = 2; i < 22; i++)
        ql[i] = "same-element";
    check_list(e, ql, 22);
    entry_free(e);
}

Test(rdb_read, intset_and_listpack_values)
{
    struct pb_buf p, b = {0};
    struct entry *e;

    static const long long iv[] = {-70000, 1, 2, 3, 1LL << 40};
    pb_intset(&p, 8, iv, N(iv));
    rb_blob(&b, &p);
    e = decode_ok(&b, RDB_TYPE_SET_INTSET);
    const char *is[] = {"-70000", "1", "2", "3", "1099511627776"};
    check_set(e, is, N(is));
    cr_assert_str_eq(entry_encoding_name(e), "intset");
    entry_free(e);

    pb_lp_begin(&p);
    pb_lp_str(&p, "x", 1);
    pb_lp_int(&p, -5);
    pb_lp_str(&p, "y", 1);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    e = decode_ok(&b, RDB_TYPE_SET_LISTPACK);
    const char *set[] = {"x", "-5", "y"};
    check_set(e, set, 3);
    entry_free(e);

    pb_lp_begin(&p);
    pb_lp_str(&p, "f1", 2);
    pb_lp_str(&p, "v1", 2);
    pb_lp_str(&p, "f2", 2);
    pb_lp_int(&p, 4000);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    e = decode_ok(&b, RDB_TYPE_HASH_LISTPACK);
    const char *fv[] = {"f1", "v1", "f2", "4000"};
    check_hash(e, fv, 2);
    entry_free(e);

    pb_lp_begin(&p);
    pb_lp_str(&p, "a", 1);
    pb_lp_int(&p, 1);
    pb_lp_str(&p, "b", 1);
    pb_lp_str(&p, "-inf", 4);
    pb_lp_str(&p, "c", 1);
    pb_lp_str(&p, "2.5", 3);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    e = decode_ok(&b, RDB_TYPE_ZSET_LISTPACK);
    const char *zm[] = {"a", "b", "c"};
    const double zs[] = {1, -INFINITY, 2.5};
    check_zset(e, zm, zs, 3);
    entry_free(e);

    /* LIST_QUICKLIST_2: a packed node, a plain one, an empty packed one passed over */
    rb_len(&b, 3);
    rb_len(&b, 2);
    pb_lp_begin(&p);
    pb_lp_str(&p, "a", 1);
    pb_lp_int(&p, 10);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    rb_len(&b, 1);
    rb_cstr(&b, "plain element");
    rb_len(&b, 2);
    pb_lp_begin(&p);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    e = decode_ok(&b, RDB_TYPE_LIST_QUICKLIST_2);
    const char *list[] = {"a", "10", "plain element"};
    check_list(e, list, 3);
    entry_free(e);
}

Test(rdb_read, hashes_with_field_ttls_keep_fields_and_values)
{
    struct pb_buf p, b = {0};
    struct entry *e;
    const char *fv[] = {"f1", "v1", "f2", "v2"};

    for (int t = RDB_TYPE_HASH_METADATA_PRE_GA; t <= RDB_TYPE_HASH_LISTPACK_EX; t++) {
        int lp = t == RDB_TYPE_HASH_LISTPACK_EX_PRE_GA || t == RDB_TYPE_HASH_LISTPACK_EX;
        if (t == RDB_TYPE_HASH_METADATA || t == RDB_TYPE_HASH_LISTPACK_EX)
            pb_le(&b, 1700000000000ULL, 8); /* the hash's smallest TTL */
        if (lp) {
            pb_lp_begin(&p);
            pb_lp_str(&p, "f1", 2);
            pb_lp_str(&p, "v1", 2);
            pb_lp_int(&p, 0); /* no TTL */
            pb_lp_str(&p, "f2", 2);
            pb_lp_str(&p, "v2", 2);
            pb_lp_int(&p, 1700000000500LL);
            pb_lp_end(&p);
            rb_blob(&b, &p);
        } else {
            rb_len(&b, 2);
            rb_len(&b, 0);
            rb_cstr(&b, "f1");
            rb_cstr(&b, "v1");
            rb_len(&b, 501);
            rb_cstr(&b, "f2");
            rb_cstr(&b, "v2");
        }
        e = decode_ok(&b, t);
        check_hash(e, fv, 2);
        entry_free(e);
    }
}

/* ---- values Tessera skips ---- */

static uint64_t module_id(const char *name, unsigned encver)
{
    static const char cset[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint64_t id = 0;
    for (int i = 0; i < 9; i++)
        id = id << 6 | (uint64_t)(strchr(cset, name[i]) - cset);
    return id << 10 | encver;
}

static void module_fields(struct pb_buf *b)
{
    rb_len(b, 1); /* SINT */
    rb_len(b, 5);
    rb_len(b, 2); /* UINT */
    rb_len(b, 1ULL << 40);
    rb_len(b, 3); /* FLOAT */
    pb_le(b, 0, 4);
    rb_len(b, 4); /* DOUBLE */
    rb_double(b, 1.5);
    rb_len(b, 5); /* STRING */
    rb_cstr(b, "module data");
    rb_len(b, 5);
    rb_lzf(b, big, 500);
    rb_len(b, 0); /* EOF */
}

Test(rdb_read, module_values_are_walked_past, .init = fill_big)
{
    struct pb_buf b = {0};
    rb_len(&b, module_id("ReJSON-RL", 3));
    module_fields(&b);
    decode_skipped(&b, RDB_TYPE_MODULE_2, "module ReJSON-RL");

    /* the pre-GA module format has no typed fields to walk */
    rb_len(&b, module_id("graphdata", 1));
    pb_byte(&b, 0);
    decode_bad(&b, RDB_TYPE_MODULE_PRE_GA, "module graphdata value in the pre-GA format");

    rb_len(&b, module_id("ReJSON-RL", 3));
    rb_len(&b, 9);
    decode_bad(&b, RDB_TYPE_MODULE_2, "unknown module opcode 9");
    rb_len(&b, module_id("ReJSON-RL", 3));
    rb_len(&b, 1);
    rb_len(&b, 1);
    decode_bad(&b, RDB_TYPE_MODULE_2, "unexpected end of file");
}

static void stream_id(struct pb_buf *b, uint64_t ms, uint64_t seq)
{
    for (int i = 7; i >= 0; i--)
        pb_byte(b, (unsigned)(ms >> (8 * i)) & 0xFF);
    for (int i = 7; i >= 0; i--)
        pb_byte(b, (unsigned)(seq >> (8 * i)) & 0xFF);
}

/* A stream node in Redis's layout: master ID ms-0 with one master field, n entries ms-0 ..
 * ms-(n-1) that share it, the entry `deleted` (if below n) a tombstone. */
static void stream_node(struct pb_buf *lp, int n, int deleted)
{
    pb_lp_begin(lp);
    pb_lp_int(lp, n - (deleted < n));
    pb_lp_int(lp, deleted < n);
    pb_lp_int(lp, 1);
    pb_lp_str(lp, "field", 5);
    pb_lp_int(lp, 0);
    for (int i = 0; i < n; i++) {
        pb_lp_int(lp, 2 | (i == deleted)); /* SAMEFIELDS, DELETED */
        pb_lp_int(lp, 0);
        pb_lp_int(lp, i);
        pb_lp_str(lp, "stream entry value", 18);
        pb_lp_int(lp, 4);
    }
    pb_lp_end(lp);
}

/* A stream of RDB type t with two listpack nodes of 30 entries (1000-0.., 1001-0..) and, when
 * groups, one group of two consumers. */
static void build_stream_groups(struct pb_buf *b, int t, int groups)
{
    struct pb_buf id = {0}, lp;
    rb_len(b, 2);
    for (int node = 0; node < 2; node++) {
        stream_id(&id, 1000 + node, 0);
        rb_blob(b, &id);
        memset(&id, 0, sizeof id);
        stream_node(&lp, 30, 30);
        if (node)
            rb_lzf(b, (const char *)lp.b, lp.n);
        else
            rb_str(b, lp.b, lp.n);
        free(lp.b);
    }
    rb_len(b, 60);   /* length */
    rb_len(b, 1001); /* last id */
    rb_len(b, 29);
    if (t >= RDB_TYPE_STREAM_LISTPACKS_2) {
        rb_len(b, 1000); /* first id */
        rb_len(b, 0);
        rb_len(b, 0); /* max deleted id */
        rb_len(b, 0);
        rb_len(b, 60); /* entries added */
    }
    rb_len(b, groups ? 1 : 0);
    if (!groups) return;
    rb_cstr(b, "group");
    rb_len(b, 1001);
    rb_len(b, 3);
    if (t >= RDB_TYPE_STREAM_LISTPACKS_2) rb_len(b, 4); /* entries read */
    rb_len(b, 2);                                       /* the group's pending entries */
    for (int i = 0; i < 2; i++) {
        stream_id(b, 1000, (uint64_t)i);
        pb_le(b, 1700000000000ULL, 8);
        rb_len(b, 1);
    }
    rb_len(b, 2);
    const char *names[] = {"alice", "bob"};
    for (int c = 0; c < 2; c++) {
        rb_cstr(b, names[c]);
        pb_le(b, 1700000000000ULL, 8);                                       /* seen */
        if (t >= RDB_TYPE_STREAM_LISTPACKS_3) pb_le(b, 1700000000001ULL, 8); /* active */
        rb_len(b, 1);
        stream_id(b, 1000, (uint64_t)c);
    }
}

static void build_stream(struct pb_buf *b, int t)
{
    build_stream_groups(b, t, 1);
}

Test(rdb_read, streams_with_groups_are_walked_past)
{
    int types[] = {RDB_TYPE_STREAM_LISTPACKS, RDB_TYPE_STREAM_LISTPACKS_2,
                   RDB_TYPE_STREAM_LISTPACKS_3};
    for (size_t i = 0; i < N(types); i++) {
        struct pb_buf b = {0};
        build_stream(&b, types[i]);
        size_t whole = b.n;
        /* every truncation fails; the whole value is skipped exactly */
        for (size_t cut = 0; cut < whole; cut++) {
            struct rdb_in in = {.p = b.b, .len = cut};
            struct entry *e;
            cr_assert_eq(rdb_read_entry(&in, types[i], "k", 1, EXPIRE_NONE, &e), -1,
                         "stream %d cut to %zu", types[i], cut);
            cr_assert_eq(in.pos, 0);
        }
        decode_skipped(&b, types[i], "stream with consumer groups");
    }
}

static void check_stream_entries(const struct streamobj *s, uint64_t n)
{
    struct stream_iter it;
    struct stream_id id;
    int64_t nf;
    stream_iter_init(&it, s, NULL, NULL, 0);
    for (uint64_t i = 0; i < n; i++) {
        cr_assert(stream_iter_next(&it, &id, &nf));
        cr_assert_eq(id.ms, 1000 + i / 30);
        cr_assert_eq(id.seq, i % 30);
        cr_assert_eq(nf, 1);
        const char *f, *v;
        size_t fl, vl;
        stream_iter_field(&it, &f, &fl, &v, &vl);
        cr_assert(fl == 5 && memcmp(f, "field", 5) == 0);
        cr_assert(vl == 18 && memcmp(v, "stream entry value", 18) == 0);
    }
    cr_assert_not(stream_iter_next(&it, &id, &nf));
}

Test(rdb_read, streams_load)
{
    int types[] = {RDB_TYPE_STREAM_LISTPACKS, RDB_TYPE_STREAM_LISTPACKS_2,
                   RDB_TYPE_STREAM_LISTPACKS_3};
    for (size_t i = 0; i < N(types); i++) {
        struct pb_buf b = {0};
        build_stream_groups(&b, types[i], 0);
        struct entry *e = decode_ok(&b, types[i]);
        cr_assert_eq(e->type, OBJ_STREAM);
        const struct streamobj *s = entry_object(e);
        cr_assert_eq(streamobj_len(s), 60);
        cr_assert_eq(streamobj_node_count(s), 2);
        cr_assert(s->last_id.ms == 1001 && s->last_id.seq == 29);
        cr_assert(s->first_id.ms == 1000 && s->first_id.seq == 0);
        cr_assert_eq(s->entries_added, 60);
        check_stream_entries(s, 60);
        entry_free(e);
    }
}

Test(rdb_read, bad_streams_fail)
{
    struct pb_buf b = {0}, id = {0}, lp;
    /* a node key that is not 16 bytes */
    rb_len(&b, 1);
    rb_cstr(&b, "short");
    decode_bad(&b, RDB_TYPE_STREAM_LISTPACKS_2, "stream node key is not a stream ID");
    /* a listpack that is not one */
    rb_len(&b, 1);
    stream_id(&id, 1, 0);
    rb_blob(&b, &id);
    memset(&id, 0, sizeof id);
    rb_cstr(&b, "not a listpack at all");
    decode_bad(&b, RDB_TYPE_STREAM_LISTPACKS_2, "bad stream listpack");
    /* a listpack, but not of stream entries */
    rb_len(&b, 1);
    stream_id(&id, 1, 0);
    rb_blob(&b, &id);
    memset(&id, 0, sizeof id);
    pb_lp_begin(&lp);
    pb_lp_str(&lp, "field", 5);
    pb_lp_end(&lp);
    rb_blob(&b, &lp);
    decode_bad(&b, RDB_TYPE_STREAM_LISTPACKS_2, "bad stream node");
    /* nodes out of order */
    rb_len(&b, 2);
    for (int node = 1; node >= 0; node--) {
        stream_id(&id, 1000 + (uint64_t)node, 0);
        rb_blob(&b, &id);
        memset(&id, 0, sizeof id);
        stream_node(&lp, 3, 3);
        rb_blob(&b, &lp);
    }
    decode_bad(&b, RDB_TYPE_STREAM_LISTPACKS_2, "bad stream node");
    /* a length that is not the nodes' live entries (one is a tombstone) */
    rb_len(&b, 1);
    stream_id(&id, 1000, 0);
    rb_blob(&b, &id);
    memset(&id, 0, sizeof id);
    stream_node(&lp, 3, 1);
    rb_blob(&b, &lp);
    rb_len(&b, 3);
    for (int i = 0; i < 7; i++)
        rb_len(&b, 0);
    rb_len(&b, 0);
    decode_bad(&b, RDB_TYPE_STREAM_LISTPACKS_2, "stream length is not its entries'");
}

/* ---- bad values ---- */

Test(rdb_read, bad_values_fail_at_their_start, .init = fill_big)
{
    struct pb_buf b = {0}, p;

    rb_len(&b, 100);
    pb_put(&b, "short", 5);
    decode_bad(&b, RDB_TYPE_STRING, "unexpected end of file");

    rb_len_w(&b, 1ULL << 62, 9); /* a count the input cannot back: no loop, no allocation */
    rb_cstr(&b, "a");
    decode_bad(&b, RDB_TYPE_LIST, "unexpected end of file");
    rb_len_w(&b, UINT64_MAX, 9);
    decode_bad(&b, RDB_TYPE_HASH, "unexpected end of file");
    rb_len(&b, 2);
    rb_cstr(&b, "a");
    decode_bad(&b, RDB_TYPE_SET, "unexpected end of file");

    /* LZF: an original length no LZF stream of that size can give, and bad data */
    pb_byte(&b, 0xC0 | RDB_ENC_LZF);
    rb_len(&b, 3);
    rb_len_w(&b, 1ULL << 40, 9);
    pb_put(&b, "abc", 3);
    decode_bad(&b, RDB_TYPE_STRING, "bad LZF lengths");
    pb_byte(&b, 0xC0 | RDB_ENC_LZF);
    rb_len(&b, 3);
    rb_len(&b, 10);
    pb_put(&b,
           "\x01"
           "ab",
           3); /* a literal run of 2: 2 bytes, not 10 */
    decode_bad(&b, RDB_TYPE_STRING, "bad LZF data");
    pb_byte(&b, 0xC0 | RDB_ENC_LZF);
    rb_len(&b, 0);
    rb_len(&b, 0);
    decode_bad(&b, RDB_TYPE_STRING, "bad LZF lengths");

    pb_byte(&b, 0xC4);
    decode_bad(&b, RDB_TYPE_STRING, "unknown string encoding 4");
    pb_byte(&b, 0x82);
    decode_bad(&b, RDB_TYPE_STRING, "bad length encoding 0x82");
    rb_int(&b, RDB_ENC_INT8, 3); /* a string's encoding where a count belongs */
    decode_bad(&b, RDB_TYPE_LIST, "string encoding where a length belongs");

    decode_bad(&b, 30, "unknown RDB type 30");
    decode_bad(&b, 8, "unknown RDB type 8");

    /* duplicates */
    rb_len(&b, 2);
    rb_cstr(&b, "m");
    rb_cstr(&b, "m");
    decode_bad(&b, RDB_TYPE_SET, "duplicate set member");
    rb_len(&b, 2);
    rb_cstr(&b, "m");
    rb_double(&b, 1);
    rb_cstr(&b, "m");
    rb_double(&b, 2);
    decode_bad(&b, RDB_TYPE_ZSET_2, "duplicate zset member");
    rb_len(&b, 2);
    rb_cstr(&b, "f");
    rb_cstr(&b, "1");
    rb_cstr(&b, "f");
    rb_cstr(&b, "2");
    decode_bad(&b, RDB_TYPE_HASH, "duplicate hash field");
    pb_lp_begin(&p);
    pb_lp_int(&p, 1);
    pb_lp_str(&p, "1", 1); /* the same member, as an integer and as text */
    pb_lp_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_SET_LISTPACK, "duplicate set member");
    pb_zl_begin(&p);
    pb_zl_str(&p, "f", 1);
    pb_zl_str(&p, "a", 1);
    pb_zl_str(&p, "f", 1);
    pb_zl_str(&p, "b", 1);
    pb_zl_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_HASH_ZIPLIST, "duplicate hash field");
    pb_zm_begin(&p);
    pb_zm_pair(&p, "f", 1, "a", 1, 0);
    pb_zm_pair(&p, "f", 1, "b", 1, 0);
    pb_zm_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_HASH_ZIPMAP, "duplicate hash field");

    /* scores */
    rb_len(&b, 1);
    rb_cstr(&b, "m");
    pb_byte(&b, 253);
    decode_bad(&b, RDB_TYPE_ZSET, "NaN score");
    rb_len(&b, 1);
    rb_cstr(&b, "m");
    rb_double(&b, NAN);
    decode_bad(&b, RDB_TYPE_ZSET_2, "NaN score");
    rb_len(&b, 1);
    rb_cstr(&b, "m");
    rb_cstr(&b, "1.5x");
    decode_bad(&b, RDB_TYPE_ZSET, "bad score");
    pb_lp_begin(&p);
    pb_lp_str(&p, "m", 1);
    pb_lp_str(&p, "abc", 3);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_ZSET_LISTPACK, "bad score");
    pb_lp_begin(&p);
    pb_lp_str(&p, "m", 1);
    pb_lp_str(&p, big, 200);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_ZSET_LISTPACK, "bad score");

    /* blobs: bad ones, and ones that end inside a field/value pair */
    pb_zl_begin(&p);
    pb_zl_str(&p, "a", 1);
    pb_zl_end(&p);
    p.b[8] = 2;
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_LIST_ZIPLIST, "bad ziplist");
    pb_lp_begin(&p);
    pb_lp_str(&p, "f", 1);
    pb_lp_str(&p, "v", 1);
    pb_lp_str(&p, "g", 1);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_HASH_LISTPACK, "bad listpack");
    pb_lp_begin(&p);
    pb_lp_str(&p, "f", 1);
    pb_lp_str(&p, "v", 1);
    pb_lp_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_HASH_LISTPACK_EX_PRE_GA, "bad listpack");
    static const long long unsorted[] = {2, 1};
    pb_intset(&p, 2, unsorted, 2);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_SET_INTSET, "bad intset");
    rb_cstr(&b, "\x05zipmap?");
    decode_bad(&b, RDB_TYPE_HASH_ZIPMAP, "bad zipmap");

    /* quicklists: a bad container, an empty plain node, fewer nodes than counted */
    rb_len(&b, 1);
    rb_len(&b, 3);
    rb_cstr(&b, "x");
    decode_bad(&b, RDB_TYPE_LIST_QUICKLIST_2, "bad quicklist container 3");
    rb_len(&b, 1);
    rb_len(&b, 1);
    rb_str(&b, "", 0);
    decode_bad(&b, RDB_TYPE_LIST_QUICKLIST_2, "empty quicklist node");
    rb_len(&b, 3);
    pb_zl_begin(&p);
    pb_zl_str(&p, "a", 1);
    pb_zl_end(&p);
    rb_blob(&b, &p);
    decode_bad(&b, RDB_TYPE_LIST_QUICKLIST, "unexpected end of file");
    /* a node's string length running past the input, inside a valid count */
    rb_len(&b, 1);
    rb_len(&b, 2);
    rb_len(&b, 5000);
    pb_put(&b, "\xff\xff", 2);
    decode_bad(&b, RDB_TYPE_LIST_QUICKLIST_2, "unexpected end of file");

    /* field TTL hashes: a minimum TTL cut short */
    pb_le(&b, 7, 4);
    decode_bad(&b, RDB_TYPE_HASH_LISTPACK_EX, "unexpected end of file");
}

Test(rdb_read, empty_collections_are_skipped)
{
    struct pb_buf b = {0}, p;
    int plain[] = {RDB_TYPE_LIST,
                   RDB_TYPE_SET,
                   RDB_TYPE_ZSET,
                   RDB_TYPE_ZSET_2,
                   RDB_TYPE_HASH,
                   RDB_TYPE_LIST_QUICKLIST,
                   RDB_TYPE_LIST_QUICKLIST_2};
    for (size_t i = 0; i < N(plain); i++) {
        rb_len(&b, 0);
        decode_skipped(&b, plain[i], "empty key");
    }
    int lp[] = {RDB_TYPE_SET_LISTPACK, RDB_TYPE_HASH_LISTPACK, RDB_TYPE_ZSET_LISTPACK};
    for (size_t i = 0; i < N(lp); i++) {
        pb_lp_begin(&p);
        pb_lp_end(&p);
        rb_blob(&b, &p);
        decode_skipped(&b, lp[i], "empty key");
    }
    int zl[] = {RDB_TYPE_LIST_ZIPLIST, RDB_TYPE_ZSET_ZIPLIST, RDB_TYPE_HASH_ZIPLIST};
    for (size_t i = 0; i < N(zl); i++) {
        pb_zl_begin(&p);
        pb_zl_end(&p);
        rb_blob(&b, &p);
        decode_skipped(&b, zl[i], "empty key");
    }
    pb_intset(&p, 2, NULL, 0);
    rb_blob(&b, &p);
    decode_skipped(&b, RDB_TYPE_SET_INTSET, "empty key");
    pb_zm_begin(&p);
    pb_zm_end(&p);
    rb_blob(&b, &p);
    decode_skipped(&b, RDB_TYPE_HASH_ZIPMAP, "empty key");
    /* a quicklist whose every node is empty */
    rb_len(&b, 2);
    for (int i = 0; i < 2; i++) {
        rb_len(&b, 2);
        pb_lp_begin(&p);
        pb_lp_end(&p);
        rb_blob(&b, &p);
    }
    decode_skipped(&b, RDB_TYPE_LIST_QUICKLIST_2, "empty key");
}

/* ---- whole files ---- */

/* What a parse saw. */
#define MAX_SEEN 64

struct seen {
    struct entry *e[MAX_SEEN];
    int db[MAX_SEEN];
    int n;
    char skips[MAX_SEEN][64];
    int nskips;
    char aux[MAX_SEEN][64];
    int naux;
    int refuse_after; /* on_entry fails once this many were taken (0: never) */
};

static void on_aux(void *arg, const char *k, size_t klen, const char *v, size_t vlen)
{
    struct seen *s = arg;
    if (s->naux < MAX_SEEN)
        snprintf(s->aux[s->naux++], 64, "%.*s=%.*s", (int)klen, k, (int)vlen, v);
}

static int on_entry(void *arg, int db, struct entry *e)
{
    struct seen *s = arg;
    if (s->n >= MAX_SEEN || (s->refuse_after && s->n == s->refuse_after)) {
        entry_free(e);
        return -1;
    }
    s->db[s->n] = db;
    s->e[s->n++] = e;
    return 0;
}

static void on_skip(void *arg, int db, const char *what, const char *key, size_t klen)
{
    struct seen *s = arg;
    if (s->nskips < MAX_SEEN)
        snprintf(s->skips[s->nskips++], 64, "%d:%s:%.*s", db, what, (int)klen, key ? key : "");
}

static const struct rdb_visitor visitor = {on_aux, on_entry, on_skip, NULL};

static void seen_free(struct seen *s)
{
    for (int i = 0; i < s->n; i++)
        entry_free(s->e[i]);
    memset(s, 0, sizeof *s);
}

static struct entry *seen_find(struct seen *s, int db, const char *key)
{
    for (int i = 0; i < s->n; i++)
        if (s->db[i] == db && entry_keylen(s->e[i]) == strlen(key) &&
            memcmp(entry_key(s->e[i]), key, strlen(key)) == 0)
            return s->e[i];
    cr_assert_fail("no key %s in db %d", key, db);
    return NULL;
}

static int parse(const unsigned char *p, size_t len, struct seen *s, int verify, struct rdb_in *in)
{
    memset(in, 0, sizeof *in);
    in->p = p;
    in->len = len;
    return rdb_parse(in, &visitor, s, verify);
}

static void rb_header(struct pb_buf *b, int version)
{
    memset(b, 0, sizeof *b);
    char h[16];
    snprintf(h, sizeof h, "REDIS%04d", version);
    pb_put(b, h, 9);
}

static void rb_end(struct pb_buf *b, int version)
{
    pb_byte(b, RDB_OPCODE_EOF);
    if (version >= 5) pb_le(b, crc64(0, b->b, b->n), 8);
}

Test(rdb_read, file_with_every_opcode, .init = fill_big)
{
    struct pb_buf b;
    rb_header(&b, 12);
    pb_byte(&b, RDB_OPCODE_AUX);
    rb_cstr(&b, "redis-ver");
    rb_cstr(&b, "7.4.0");
    pb_byte(&b, RDB_OPCODE_AUX);
    rb_cstr(&b, "redis-bits");
    rb_int(&b, RDB_ENC_INT8, 64);
    pb_byte(&b, RDB_OPCODE_MODULE_AUX);
    rb_len(&b, module_id("scripting", 1));
    rb_len(&b, 2); /* when: a UINT */
    rb_len(&b, 2);
    module_fields(&b);
    pb_byte(&b, RDB_OPCODE_FUNCTION2);
    rb_cstr(&b, "#!lua name=lib\nredis.register_function('f', function() return 1 end)");
    pb_byte(&b, RDB_OPCODE_SELECTDB);
    rb_len(&b, 3);
    pb_byte(&b, RDB_OPCODE_RESIZEDB);
    rb_len(&b, 4);
    rb_len(&b, 2);
    pb_byte(&b, RDB_OPCODE_SLOT_INFO);
    rb_len(&b, 1234);
    rb_len(&b, 4);
    rb_len(&b, 2);
    pb_byte(&b, RDB_OPCODE_EXPIRETIME_MS);
    pb_le(&b, 4102444800123ULL, 8);
    pb_byte(&b, RDB_OPCODE_FREQ);
    pb_byte(&b, 5);
    pb_byte(&b, RDB_TYPE_STRING);
    rb_cstr(&b, "a");
    rb_cstr(&b, "1");
    pb_byte(&b, RDB_OPCODE_IDLE);
    rb_len(&b, 100);
    pb_byte(&b, RDB_OPCODE_EXPIRETIME);
    pb_le(&b, 2000000000, 4);
    pb_byte(&b, RDB_TYPE_LIST);
    rb_cstr(&b, "b");
    rb_len(&b, 1);
    rb_cstr(&b, "x");
    pb_byte(&b, RDB_TYPE_STREAM_LISTPACKS_3);
    rb_cstr(&b, "s");
    build_stream(&b, RDB_TYPE_STREAM_LISTPACKS_3);
    pb_byte(&b, RDB_TYPE_SET);
    rb_cstr(&b, "empty");
    rb_len(&b, 0);
    pb_byte(&b, RDB_OPCODE_SELECTDB);
    rb_len(&b, 0);
    pb_byte(&b, RDB_TYPE_MODULE_2);
    rb_cstr(&b, "m");
    rb_len(&b, module_id("ReJSON-RL", 3));
    module_fields(&b);
    pb_byte(&b, RDB_TYPE_STRING);
    rb_cstr(&b, "c");
    rb_lzf(&b, big, 1000);
    pb_byte(&b, RDB_OPCODE_EXPIRETIME_MS); /* -1 ms: long past, not "no expiry" */
    pb_le(&b, UINT64_MAX, 8);
    pb_byte(&b, RDB_TYPE_STRING);
    rb_cstr(&b, "old");
    rb_cstr(&b, "v");
    rb_end(&b, 12);

    struct seen s = {0};
    struct rdb_in in;
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), 0, "%s at %zu", in.err, in.pos);
    cr_assert_eq(in.pos, b.n);
    cr_assert_eq(in.version, 12);
    cr_assert_eq(s.naux, 2);
    cr_assert_str_eq(s.aux[0], "redis-ver=7.4.0");
    cr_assert_str_eq(s.aux[1], "redis-bits=64");
    cr_assert_eq(s.nskips, 5);
    cr_assert_str_eq(s.skips[0], "0:module aux scripting:");
    cr_assert_str_eq(s.skips[1], "0:function library:");
    cr_assert_str_eq(s.skips[2], "3:stream with consumer groups:s");
    cr_assert_str_eq(s.skips[3], "3:empty key:empty");
    cr_assert_str_eq(s.skips[4], "0:module ReJSON-RL:m");
    cr_assert_eq(s.n, 4);
    struct entry *a = seen_find(&s, 3, "a"), *l = seen_find(&s, 3, "b"), *c = seen_find(&s, 0, "c");
    cr_assert_eq(entry_expire(seen_find(&s, 0, "old")), 0);
    check_string(a, "1", 1);
    cr_assert_eq(entry_expire(a), 4102444800123LL);
    const char *x[] = {"x"};
    check_list(l, x, 1);
    cr_assert_eq(entry_expire(l), 2000000000000LL);
    check_string(c, big, 1000);
    cr_assert_eq(entry_expire(c), EXPIRE_NONE, "an expiry belongs to one key only");
    seen_free(&s);

    /* the checksum: a changed byte is caught, unless not verified; zero means "not computed" */
    size_t at = 9 + 1 + 1 + 9 + 1; /* the 7 of "7.4.0" */
    cr_assert_eq(b.b[at], '7');
    b.b[at] = '8';
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "checksum mismatch");
    cr_assert_eq(in.pos, b.n - 8);
    seen_free(&s);
    cr_assert_eq(parse(b.b, b.n, &s, 0, &in), 0);
    cr_assert_str_eq(s.aux[0], "redis-ver=8.4.0");
    seen_free(&s);
    memset(b.b + b.n - 8, 0, 8);
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), 0);
    seen_free(&s);
    /* without its checksum the file is cut short */
    cr_assert_eq(parse(b.b, b.n - 1, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "unexpected end of file");
    seen_free(&s);
    free(b.b);
}

Test(rdb_read, file_errors_point_at_the_record)
{
    struct pb_buf b;
    struct seen s = {0};
    struct rdb_in in;

    rb_header(&b, 9);
    size_t rec = b.n;
    pb_byte(&b, RDB_OPCODE_EXPIRETIME_MS); /* the record starts at its expiry */
    pb_le(&b, 1, 8);
    pb_byte(&b, RDB_TYPE_SET);
    rb_cstr(&b, "k");
    rb_len(&b, 2);
    rb_cstr(&b, "dup");
    rb_cstr(&b, "dup");
    rb_end(&b, 9);
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), -1);
    cr_assert_eq(in.pos, rec);
    cr_assert_str_eq(in.err, "duplicate set member");
    free(b.b);

    rb_header(&b, 9);
    pb_byte(&b, RDB_TYPE_STRING);
    rb_cstr(&b, "k");
    rb_cstr(&b, "v");
    rec = b.n;
    pb_byte(&b, 30);
    rb_end(&b, 9);
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), -1);
    cr_assert_eq(in.pos, rec);
    cr_assert_str_eq(in.err, "unknown RDB type 30");
    cr_assert_eq(s.n, 1, "the key before was handed over");
    seen_free(&s);
    free(b.b);

    rb_header(&b, 10);
    rec = b.n;
    pb_byte(&b, RDB_OPCODE_FUNCTION_PRE_GA);
    rb_end(&b, 10);
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), -1);
    cr_assert_eq(in.pos, rec);
    cr_assert(strstr(in.err, "function") != NULL, "%s", in.err);
    free(b.b);

    rb_header(&b, 13);
    rb_end(&b, 13);
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "unsupported RDB version 13");
    cr_assert_eq(in.pos, 0);
    free(b.b);
    cr_assert_eq(parse((const unsigned char *)"REDIS00x9\xff", 10, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "bad RDB version");
    cr_assert_eq(parse((const unsigned char *)"REDIT0009\xff", 10, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "not an RDB file");
    cr_assert_eq(parse((const unsigned char *)"RED", 3, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "not an RDB file");
    cr_assert_eq(parse((const unsigned char *)"REDIS0009", 9, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "unexpected end of file");

    rb_header(&b, 9);
    pb_byte(&b, RDB_OPCODE_SELECTDB);
    rb_len_w(&b, 1ULL << 40, 9);
    rb_end(&b, 9);
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "bad database number");
    free(b.b);

    /* the loader refusing an entry stops the parse there */
    rb_header(&b, 9);
    for (int i = 0; i < 3; i++) {
        pb_byte(&b, RDB_TYPE_STRING);
        rb_cstr(&b, i == 0 ? "k0" : i == 1 ? "k1" : "k2");
        rb_cstr(&b, "v");
    }
    rb_end(&b, 9);
    s.refuse_after = 1;
    cr_assert_eq(parse(b.b, b.n, &s, 1, &in), -1);
    cr_assert_str_eq(in.err, "entry refused by the loader");
    cr_assert_eq(in.pos, 9 + 6);
    cr_assert_eq(s.n, 1);
    seen_free(&s);
    free(b.b);
}

Test(rdb_read, old_versions_without_checksum)
{
    struct pb_buf b;
    for (int v = 1; v <= 4; v++) {
        rb_header(&b, v);
        pb_byte(&b, RDB_OPCODE_SELECTDB);
        rb_len(&b, 2);
        pb_byte(&b, RDB_OPCODE_EXPIRETIME);
        pb_le(&b, 1300000000, 4);
        pb_byte(&b, RDB_TYPE_HASH);
        rb_cstr(&b, "h");
        rb_len(&b, 1);
        rb_cstr(&b, "f");
        rb_cstr(&b, "v");
        rb_end(&b, v);
        struct seen s = {0};
        struct rdb_in in;
        cr_assert_eq(parse(b.b, b.n, &s, 1, &in), 0, "version %d: %s", v, in.err);
        cr_assert_eq(in.pos, b.n);
        cr_assert_eq(in.version, v);
        cr_assert_eq(s.n, 1);
        cr_assert_eq(s.db[0], 2);
        cr_assert_eq(entry_expire(s.e[0]), 1300000000000LL);
        seen_free(&s);
        free(b.b);
    }
}

/* ---- DUMP payloads ---- */

struct payload {
    const char *name;
    const char *p;
    size_t len;
};

#define PAYLOAD(name, lit)                                                                         \
    {                                                                                              \
        name, lit, sizeof(lit) - 1                                                                 \
    }

/* DUMP output of redis-server 7.0.15 and valkey-server 8.0.1 for:
 * HSET h f1 v1 f2 123; RPUSH l a 1 -70000; SADD s x y; SADD i 5 -3; ZADD z 1.5 m -inf n;
 * SET str hello. */
static const struct payload dumps[] = {
    PAYLOAD("redis h",
            "\x10\x15\x15\x00\x00\x00\x04\x00\x82\x66\x31\x03\x82\x76\x31\x03\x82\x66\x32"
            "\x03\x7b\x01\xff\x0a\x00\x4a\xc5\x85\xb6\x9f\x9c\x1e\x83"),
    PAYLOAD("redis l", "\x12\x01\x02\x11\x11\x00\x00\x00\x03\x00\x81\x61\x02\x01\x01\xf2\x90\xee"
                       "\xfe\x04\xff\x0a\x00\x18\x41\x8e\x56\xc0\x40\x59\x84"),
    PAYLOAD("redis s", "\x02\x02\x01\x78\x01\x79\x0a\x00\xac\x3a\x8d\x68\x11\x84\xaa\x31"),
    PAYLOAD("redis i", "\x0b\x0c\x02\x00\x00\x00\x02\x00\x00\x00\xfd\xff\x05\x00\x0a\x00\x40\xe2"
                       "\x06\x2d\xb5\xbe\x70\x39"),
    PAYLOAD("redis z", "\x11\x18\x18\x00\x00\x00\x04\x00\x81\x6e\x02\x84\x2d\x69\x6e\x66\x05\x81"
                       "\x6d\x02\x83\x31\x2e\x35\x04\xff\x0a\x00\xed\xfa\xf8\x3b\x51\x8e\xc6\x2c"),
    PAYLOAD("redis str", "\x00\x05\x68\x65\x6c\x6c\x6f\x0a\x00\x63\x72\xdf\x76\x65\x34\x20\x0a"),
    PAYLOAD("valkey h", "\x10\x15\x15\x00\x00\x00\x04\x00\x82\x66\x31\x03\x82\x76\x31\x03\x82\x66"
                        "\x32\x03\x7b\x01\xff\x0b\x00\x23\x1a\x38\xc5\x62\x03\xf7\x0a"),
    PAYLOAD("valkey l", "\x12\x01\x02\x11\x11\x00\x00\x00\x03\x00\x81\x61\x02\x01\x01\xf2\x90\xee"
                        "\xfe\x04\xff\x0b\x00\x71\x9e\x33\x25\x3d\xdf\xb0\x0d"),
    PAYLOAD("valkey s", "\x14\x0d\x0d\x00\x00\x00\x02\x00\x81\x78\x02\x81\x79\x02\xff\x0b\x00\x1c"
                        "\x90\x5b\x6b\xd7\xf8\x97\x8a"),
    PAYLOAD("valkey i", "\x0b\x0c\x02\x00\x00\x00\x02\x00\x00\x00\xfd\xff\x05\x00\x0b\x00\x29\x3d"
                        "\xbb\x5e\x48\x21\x99\xb0"),
    PAYLOAD("valkey z", "\x11\x18\x18\x00\x00\x00\x04\x00\x81\x6e\x02\x84\x2d\x69\x6e\x66\x05\x81"
                        "\x6d\x02\x83\x31\x2e\x35\x04\xff\x0b\x00\x84\x25\x45\x48\xac\x11\x2f\xa5"),
    PAYLOAD("valkey str", "\x00\x05\x68\x65\x6c\x6c\x6f\x0b\x00\x0a\xad\x62\x05\x98\xab\xc9\x83"),
};

static void check_dump(const char *name, const struct entry *e)
{
    const char *k = strchr(name, ' ') + 1;
    if (!strcmp(k, "h")) {
        const char *fv[] = {"f1", "v1", "f2", "123"};
        check_hash(e, fv, 2);
    } else if (!strcmp(k, "l")) {
        const char *l[] = {"a", "1", "-70000"};
        check_list(e, l, 3);
    } else if (!strcmp(k, "s")) {
        const char *s[] = {"x", "y"};
        check_set(e, s, 2);
    } else if (!strcmp(k, "i")) {
        const char *s[] = {"5", "-3"};
        check_set(e, s, 2);
    } else if (!strcmp(k, "z")) {
        const char *m[] = {"m", "n"};
        const double sc[] = {1.5, -INFINITY};
        check_zset(e, m, sc, 2);
    } else {
        check_string(e, "hello", 5);
    }
}

Test(rdb_read, restore_payloads_of_redis_and_valkey)
{
    char err[128];
    for (size_t i = 0; i < N(dumps); i++) {
        struct entry *e = NULL;
        int r = rdb_restore_payload(dumps[i].p, dumps[i].len, "key", 3, 99, &e, err, sizeof err);
        cr_assert_eq(r, 0, "%s: %s", dumps[i].name, err);
        cr_assert_eq(entry_expire(e), 99);
        check_dump(dumps[i].name, e);
        entry_free(e);
    }
}

/* A payload around a value: type byte, value, version, crc64. */
static void rb_payload(struct pb_buf *out, int type, const struct pb_buf *value, int version)
{
    memset(out, 0, sizeof *out);
    pb_byte(out, (unsigned)type);
    pb_put(out, value->b, value->n);
    pb_le(out, (uint64_t)version, 2);
    pb_le(out, crc64(0, out->b, out->n), 8);
}

static void restore_fails(const struct pb_buf *p, const char *want)
{
    char err[128];
    struct entry *e = NULL;
    cr_assert_eq(
        rdb_restore_payload((const char *)p->b, p->n, "k", 1, EXPIRE_NONE, &e, err, sizeof err), -1,
        "restored (want \"%s\")", want);
    cr_assert_str_eq(err, want);
}

Test(rdb_read, restore_rejects)
{
    static const char wrong[] = "DUMP payload version or checksum are wrong";
    struct pb_buf v = {0}, p;
    rb_cstr(&v, "hello");

    rb_payload(&p, RDB_TYPE_STRING, &v, 12);
    char err[128];
    struct entry *e;
    cr_assert_eq(rdb_restore_payload((char *)p.b, p.n, "k", 1, EXPIRE_NONE, &e, err, sizeof err),
                 0);
    entry_free(e);
    p.b[3] ^= 1;
    restore_fails(&p, wrong);
    free(p.b);
    rb_payload(&p, RDB_TYPE_STRING, &v, 13);
    restore_fails(&p, wrong);
    cr_assert_eq(rdb_restore_payload((char *)p.b, 9, "k", 1, EXPIRE_NONE, &e, err, sizeof err), -1);
    cr_assert_str_eq(err, wrong);
    free(p.b);

    /* footer right, contents not */
    pb_byte(&v, 'x'); /* a byte after the value */
    rb_payload(&p, RDB_TYPE_STRING, &v, 9);
    restore_fails(&p, "Bad data format");
    free(p.b);
    rb_payload(&p, 30, &v, 9);
    restore_fails(&p, "Bad data format");
    free(p.b);
    free(v.b);
    memset(&v, 0, sizeof v);
    rb_payload(&p, RDB_TYPE_STRING, &v, 9); /* no footer-less bytes at all but the type */
    restore_fails(&p, "Bad data format");
    free(p.b);
    p = (struct pb_buf){0};
    pb_le(&p, 9, 2);
    pb_le(&p, crc64(0, p.b, 2), 8); /* not even a type byte */
    restore_fails(&p, "Bad data format");
    free(p.b);
    rb_len(&v, 0);
    rb_payload(&p, RDB_TYPE_SET, &v, 9);
    restore_fails(&p, "Bad data format");
    free(p.b);
    free(v.b);
    memset(&v, 0, sizeof v);
    build_stream(&v, RDB_TYPE_STREAM_LISTPACKS_2);
    rb_payload(&p, RDB_TYPE_STREAM_LISTPACKS_2, &v, 10);
    restore_fails(&p, "Bad data format: Tessera does not hold stream with consumer groups values");
    free(p.b);
    free(v.b);
}

/* ---- round trips through our encoder ---- */

static struct entry *sample_entry(int kind, int size, const char *key)
{
    size_t klen = strlen(key);
    char m[32];
    switch (kind) {
    case 0: {
        struct listobj *l = listobj_new();
        for (int i = 0; i < size; i++)
            listobj_push(l, LISTOBJ_TAIL, m, (size_t)sprintf(m, i % 2 ? "%d" : "el-%d", i));
        return entry_new_object(key, klen, OBJ_LIST, l, EXPIRE_NONE);
    }
    case 1: {
        struct setobj *s = setobj_new();
        for (int i = 0; i < size; i++)
            setobj_add(s, m, (size_t)sprintf(m, "%d", i * 7 - 100));
        return entry_new_object(key, klen, OBJ_SET, s, EXPIRE_NONE);
    }
    case 2: {
        struct setobj *s = setobj_new();
        for (int i = 0; i < size; i++)
            setobj_add(s, m, (size_t)sprintf(m, "m%d", i));
        return entry_new_object(key, klen, OBJ_SET, s, EXPIRE_NONE);
    }
    case 3: {
        struct zsetobj *z = zsetobj_new();
        for (int i = 0; i < size; i++)
            zsetobj_set(z, m, (size_t)sprintf(m, "m%d", i), i % 3 ? i / 3.0 : -INFINITY + i);
        return entry_new_object(key, klen, OBJ_ZSET, z, 1700000000000LL);
    }
    default: {
        struct hashobj *h = hashobj_new();
        for (int i = 0; i < size; i++) {
            char v[32];
            hashobj_set(&h, m, (size_t)sprintf(m, "f%d", i), v, (size_t)sprintf(v, "%d", i * i));
        }
        return entry_new_object(key, klen, OBJ_HASH, h, EXPIRE_NONE);
    }
    }
}

static void same_value(const struct entry *a, const struct entry *b)
{
    cr_assert_eq(a->type, b->type);
    cr_assert_eq(entry_expire(a), entry_expire(b));
    switch (a->type) {
    case OBJ_LIST: {
        struct listobj_iter ia, ib;
        listobj_iter_init(&ia, entry_object(a), 0, LISTOBJ_TAIL);
        listobj_iter_init(&ib, entry_object(b), 0, LISTOBJ_TAIL);
        cr_assert_eq(listobj_len(entry_object(a)), listobj_len(entry_object(b)));
        const char *sa, *sb;
        size_t la, lb;
        while (listobj_iter_next(&ia, &sa, &la)) {
            cr_assert(listobj_iter_next(&ib, &sb, &lb));
            cr_assert(la == lb && memcmp(sa, sb, la) == 0);
        }
        break;
    }
    case OBJ_SET:
        cr_assert_eq(setobj_size(entry_object(a)), setobj_size(entry_object(b)));
        cr_assert_str_eq(setobj_encoding(entry_object(a)), setobj_encoding(entry_object(b)));
        break;
    case OBJ_ZSET: {
        struct zset_iter it;
        const char *m;
        size_t len;
        double sa, sb;
        cr_assert_eq(zsetobj_len(entry_object(a)), zsetobj_len(entry_object(b)));
        zsetobj_iter_init(&it, entry_object(a), 0, 0);
        while (zsetobj_iter_next(&it, &m, &len, &sa)) {
            cr_assert(zsetobj_score(entry_object(b), m, len, &sb));
            cr_assert(sa == sb);
        }
        break;
    }
    case OBJ_HASH:
        cr_assert_eq(hashobj_len(entry_object(a)), hashobj_len(entry_object(b)));
        cr_assert_str_eq(hashobj_encoding(entry_object(a)), hashobj_encoding(entry_object(b)));
        break;
    default:
        cr_assert_eq(entry_vlen(a), entry_vlen(b));
    }
}

Test(rdb_read, round_trip_through_our_encoder)
{
    static const int sizes[] = {1, 5, 200, 3000};
    struct rdb_out o;
    rdb_out_init(&o, 1);
    rdb_write_header(&o, 1700000000, 1 << 20);
    struct entry *orig[5 * N(sizes)];
    int n = 0;
    for (int kind = 0; kind < 5; kind++) {
        for (size_t s = 0; s < N(sizes); s++) {
            char key[16];
            sprintf(key, "k%d-%d", kind, sizes[s]);
            orig[n] = sample_entry(kind, sizes[s], key);
            rdb_write_entry(&o, orig[n]);

            /* and as a DUMP payload */
            struct rdb_out d;
            rdb_out_init(&d, 1);
            rdb_dump_payload(&d, orig[n]);
            struct entry *e;
            char err[128];
            cr_assert_eq(rdb_restore_payload(d.buf, d.len, key, strlen(key), entry_expire(orig[n]),
                                             &e, err, sizeof err),
                         0, "%s: %s", key, err);
            same_value(orig[n], e);
            entry_free(e);
            rdb_out_free(&d);
            n++;
        }
    }
    rdb_write_eof(&o);
    rdb_write_checksum(&o, crc64(0, o.buf, o.len));

    struct seen *s = calloc(1, sizeof *s);
    struct rdb_in in;
    cr_assert_eq(parse((unsigned char *)o.buf, o.len, s, 1, &in), 0, "%s at %zu", in.err, in.pos);
    cr_assert_eq(s->n, n);
    for (int i = 0; i < n; i++) {
        char key[16];
        memcpy(key, entry_key(orig[i]), entry_keylen(orig[i]));
        key[entry_keylen(orig[i])] = '\0';
        same_value(orig[i], seen_find(s, 0, key));
        entry_free(orig[i]);
    }
    seen_free(s);
    free(s);
    rdb_out_free(&o);
}

/* ---- the fixture files ---- */

static unsigned char *read_fixture(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", TESSERA_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    unsigned char *p = malloc(*len);
    cr_assert_eq(fread(p, 1, *len, f), *len);
    fclose(f);
    return p;
}

static void check_fixture(const char *file, int version, const char *server_aux)
{
    size_t len;
    unsigned char *p = read_fixture(file, &len);
    struct seen s = {0};
    struct rdb_in in;
    cr_assert_eq(parse(p, len, &s, 1, &in), 0, "%s: %s at %zu", file, in.err, in.pos);
    cr_assert_eq(in.pos, len);
    cr_assert_eq(in.version, version);
    cr_assert_str_eq(s.aux[0], server_aux);
    cr_assert_eq(s.n, 20, "%s: %d keys", file, s.n);
    cr_assert_eq(s.nskips, 2);
    cr_assert_str_eq(s.skips[0], "0:function library:");
    cr_assert_str_eq(s.skips[1], "0:stream with consumer groups:stream");

    /* strings */
    check_string(seen_find(&s, 0, "str:raw"), "hello world", 11);
    check_string(seen_find(&s, 0, "str:int8"), "-7", 2);
    check_string(seen_find(&s, 0, "str:int16"), "12345", 5);
    check_string(seen_find(&s, 0, "str:int32"), "2147483647", 10);
    check_string(seen_find(&s, 0, "str:big"), "12345678901", 11);
    char abc[301] = "";
    for (int i = 0; i < 100; i++)
        strcat(abc, "abc");
    check_string(seen_find(&s, 0, "str:lzf"), abc, 300);
    check_string(seen_find(&s, 0, "str:bin"), "\x00\xff\r\n", 4);
    check_string(seen_find(&s, 0, "str:empty"), "", 0);
    struct entry *ttl = seen_find(&s, 0, "str:ttl");
    check_string(ttl, "v", 1);
    cr_assert_eq(entry_expire(ttl), 4102444800000LL);
    cr_assert_eq(entry_expire(seen_find(&s, 0, "str:raw")), EXPIRE_NONE);

    /* small encodings (db 0) */
    char x100[101];
    memset(x100, 'x', 100);
    x100[100] = '\0';
    const char *list[] = {"a", "b", "1", "-3", "70000", x100};
    check_list(seen_find(&s, 0, "list:small"), list, N(list));
    const char *ints[] = {"1", "2", "3", "-5", "70000"};
    check_set(seen_find(&s, 0, "set:ints"), ints, N(ints));
    const char *strs[] = {"a", "b", "c"};
    check_set(seen_find(&s, 0, "set:strs"), strs, N(strs));
    const char *zm[] = {"a", "b", "c", "d"};
    const double zs[] = {1, 2.5, -INFINITY, INFINITY};
    check_zset(seen_find(&s, 0, "zset:small"), zm, zs, N(zm));
    const char *hash[] = {"f1", "v1", "f2", "123"};
    struct entry *h = seen_find(&s, 0, "hash:small");
    check_hash(h, hash, 2);
    cr_assert_eq(entry_expire(h), 4102444800123LL);

    /* large encodings (db 1) */
    const char *lbig[] = {"e1", "e2", "e3", "e4", "5"};
    check_list(seen_find(&s, 1, "list:big"), lbig, N(lbig));
    const char *hbig[] = {"f1", "v1", "f2", "v2", "f3", "33"};
    check_hash(seen_find(&s, 1, "hash:big"), hbig, 3);
    check_zset(seen_find(&s, 1, "zset:big"), zm, zs, N(zm));
    const char *sbig[] = {"1", "2", "3"};
    check_set(seen_find(&s, 1, "set:big"), sbig, N(sbig));
    check_string(seen_find(&s, 1, "str:db1"), "one", 3);

    /* a plain quicklist node (db 5) */
    char p40[41];
    memset(p40, 'P', 40);
    p40[40] = '\0';
    const char *plain[] = {"short", p40, "tail"};
    check_list(seen_find(&s, 5, "list:plain"), plain, N(plain));

    seen_free(&s);
    free(p);
}

Test(rdb_read, fixture_redis_7_0)
{
    check_fixture("redis-7.0.rdb", 10, "redis-ver=7.0.15");
}

Test(rdb_read, fixture_valkey_8_0)
{
    check_fixture("valkey-8.0.rdb", 11, "valkey-ver=8.0.1");
}

/* ---- hostile input ---- */

/* Parses p[0..len) copied to a block of exactly len bytes (so ASan sees any overrun); whatever
 * the outcome, every entry handed over is freed. */
static int parse_copy(const unsigned char *p, size_t len, int verify)
{
    unsigned char *c = malloc(len ? len : 1);
    memcpy(c, p, len);
    struct seen *s = calloc(1, sizeof *s);
    struct rdb_in in;
    int r = parse(c, len, s, verify, &in);
    if (r) cr_assert(in.err[0] && in.pos <= len, "an error says what and where");
    seen_free(s);
    free(s);
    free(c);
    return r;
}

static void fuzz_fixture(const char *file)
{
    size_t len;
    unsigned char *p = read_fixture(file, &len);
    for (size_t cut = 0; cut < len; cut++)
        cr_assert_eq(parse_copy(p, cut, 1), -1, "%s cut to %zu parsed", file, cut);
    unsigned char *m = malloc(len);
    for (size_t off = 0; off < len; off++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(m, p, len);
            m[off] ^= (unsigned char)(1 << bit);
            parse_copy(m, len, 0);
            /* past the header (whose digits may turn into a version without a checksum), the
             * checksum catches every flip */
            if (bit == 0 && off >= 9)
                cr_assert_eq(parse_copy(m, len, 1), -1, "%s: flip at %zu", file, off);
        }
    }
    /* a few bytes at a time set to random values */
    srand(42);
    for (int round = 0; round < 3000; round++) {
        memcpy(m, p, len);
        for (int k = 1 + rand() % 4; k > 0; k--)
            m[(size_t)rand() % len] = (unsigned char)rand();
        parse_copy(m, len, 0);
    }
    free(m);
    free(p);
}

Test(rdb_read, fuzz_redis_fixture, .timeout = 600)
{
    fuzz_fixture("redis-7.0.rdb");
}

Test(rdb_read, fuzz_valkey_fixture, .timeout = 600)
{
    fuzz_fixture("valkey-8.0.rdb");
}

Test(rdb_read, fuzz_restore_payloads)
{
    /* every flip of every payload, with the checksum made right again so the value is decoded */
    for (size_t i = 0; i < N(dumps); i++) {
        size_t len = dumps[i].len;
        for (size_t off = 0; off < len - 10; off++) {
            for (int bit = 0; bit < 8; bit++) {
                unsigned char *m = malloc(len);
                memcpy(m, dumps[i].p, len);
                m[off] ^= (unsigned char)(1 << bit);
                pb_set_le(m + len - 8, crc64(0, m, len - 8), 8);
                struct entry *e = NULL;
                char err[128];
                if (rdb_restore_payload((char *)m, len, "k", 1, EXPIRE_NONE, &e, err, sizeof err) ==
                    0)
                    entry_free(e);
                free(m);
            }
        }
    }
}
