/* Unit tests of the RDB encoder: lengths, integer and plain strings and the header byte for byte
 * as redis-server 7.0.15 writes them (its DUMP and SAVE output, with the version digits ours),
 * LZF strings, and every value type read back by a small reader here. The full proof, loading
 * files into redis-server itself, is tests/persist/check_rdb_redis.py. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "persist/crc64.h"
#include "persist/lzf.h"
#include "persist/rdb.h"
#include "persist/rdb_write.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/intset.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/zsetobj.h"
#include "tessera/config.h"
#include "tessera/mem.h"

static void defaults(void)
{
    config_defaults(&g_config);
}

TestSuite(rdb_write, .init = defaults);

/* Hex of the bytes in o (a static buffer: one result at a time). */
static const char *hex_of(const void *p, size_t n)
{
    static char buf[1 << 16];
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n && 2 * i + 2 < sizeof buf; i++)
        snprintf(buf + 2 * i, 3, "%02x", b[i]);
    buf[2 * i] = 0;
    return buf;
}

static void assert_bytes(const struct rdb_out *o, const char *want_hex, const char *what)
{
    cr_assert_str_eq(hex_of(o->buf, o->len), want_hex, "%s", what);
}

static void assert_len_bytes(uint64_t len, const char *want_hex)
{
    struct rdb_out o;
    rdb_out_init(&o, 0);
    rdb_write_len(&o, len);
    assert_bytes(&o, want_hex, "length");
    rdb_out_free(&o);
}

Test(rdb_write, lengths)
{
    assert_len_bytes(0, "00");
    assert_len_bytes(1, "01");
    assert_len_bytes(63, "3f");
    assert_len_bytes(64, "4040");
    assert_len_bytes(300, "412c");
    assert_len_bytes(16383, "7fff");
    assert_len_bytes(16384, "8000004000");
    assert_len_bytes(UINT32_MAX, "80ffffffff");
    assert_len_bytes((uint64_t)UINT32_MAX + 1, "810000000100000000");
    assert_len_bytes(UINT64_MAX, "81ffffffffffffffff");
}

/* String values and the bytes redis-server 7.0.15's DUMP gave for them (type byte 00 first,
 * the version and checksum left off), rdbcompression off. */
static const struct {
    const char *s;
    size_t len;
    const char *dump;
} redis_strings[] = {
    {"", 0, "0000"},
    {"a", 1, "000161"},
    {"0", 1, "00c000"},
    {"-1", 2, "00c0ff"},
    {"127", 3, "00c07f"},
    {"128", 3, "00c18000"},
    {"-128", 4, "00c080"},
    {"-129", 4, "00c17fff"},
    {"32767", 5, "00c1ff7f"},
    {"32768", 5, "00c200800000"},
    {"-32768", 6, "00c10080"},
    {"-32769", 6, "00c2ff7fffff"},
    {"2147483647", 10, "00c2ffffff7f"},
    {"2147483648", 10, "000a32313437343833363438"},
    {"-2147483648", 11, "00c200000080"},
    {"-2147483649", 11, "000b2d32313437343833363439"},
    {"007", 3, "0003303037"},
    {"+1", 2, "00022b31"},
    {"1 ", 2, "00023120"},
    {"-0", 2, "00022d30"},
    {"12345678901", 11, "000b3132333435363738393031"},
    {"1234567890", 10, "00c2d2029649"},
    {"hello\0world", 11, "000b68656c6c6f00776f726c64"},
};

static struct entry *string_entry(const char *key, const char *s, size_t len, int64_t expire)
{
    return entry_new_string(key, strlen(key), s, len, expire);
}

Test(rdb_write, strings_match_redis)
{
    for (size_t i = 0; i < sizeof redis_strings / sizeof redis_strings[0]; i++) {
        struct rdb_out o;
        rdb_out_init(&o, 1); /* too short for LZF either way */
        struct entry *e = string_entry("k", redis_strings[i].s, redis_strings[i].len, EXPIRE_NONE);
        rdb_write_value(&o, e);
        assert_bytes(&o, redis_strings[i].dump, redis_strings[i].s);
        entry_free(e);
        rdb_out_free(&o);
    }
}

Test(rdb_write, long_string_lengths_match_redis)
{
    /* redis-server's DUMP of "x" * n with rdbcompression off: its first bytes, and its length
     * less the version and checksum. */
    static const struct {
        size_t n;
        const char *head;
        size_t total;
    } cases[] = {{63, "003f78", 65},
                 {64, "00404078", 67},
                 {16383, "007fff78", 16386},
                 {16384, "008000004000", 16390}};
    char *s = malloc(16384);
    memset(s, 'x', 16384);
    for (size_t i = 0; i < 4; i++) {
        struct rdb_out o;
        rdb_out_init(&o, 0);
        struct entry *e = string_entry("k", s, cases[i].n, EXPIRE_NONE);
        rdb_write_value(&o, e);
        cr_assert_eq(o.len, cases[i].total, "length %zu", cases[i].n);
        cr_assert_str_eq(hex_of(o.buf, strlen(cases[i].head) / 2), cases[i].head, "length %zu",
                         cases[i].n);
        entry_free(e);
        rdb_out_free(&o);
    }
    free(s);
}

/* Reads an LZF string at p (just past its C3 byte); returns its bytes (malloc'd). */
static uint64_t read_len(const unsigned char **p);

static char *read_lzf(const unsigned char **p, size_t *len)
{
    size_t clen = read_len(p);
    *len = read_len(p);
    char *s = malloc(*len ? *len : 1);
    cr_assert_eq(lzf_decompress(*p, clen, s, *len), *len, "LZF data decompresses");
    *p += clen;
    return s;
}

Test(rdb_write, lzf_strings)
{
    struct rdb_out o;
    rdb_out_init(&o, 1);
    char x[1000];
    memset(x, 'x', sizeof x);

    /* 20 bytes: not tried (redis-server gave 0014 and the bytes). */
    rdb_write_string(&o, x, 20);
    cr_assert_eq(o.len, 21);
    cr_assert_eq((unsigned char)o.buf[0], 0x14);
    rdb_out_clear(&o);

    /* Incompressible: plain, as redis-server wrote bytes 0..29. */
    char r[30];
    for (int i = 0; i < 30; i++)
        r[i] = (char)i;
    rdb_write_string(&o, r, 30);
    cr_assert_eq(o.len, 31);
    cr_assert_eq((unsigned char)o.buf[0], 0x1e);
    rdb_out_clear(&o);

    size_t lens[] = {21, 100, 1000};
    for (size_t i = 0; i < 3; i++) {
        rdb_write_string(&o, x, lens[i]);
        const unsigned char *p = (const unsigned char *)o.buf;
        cr_assert_eq(*p++, 0xc3, "length %zu is compressed", lens[i]);
        size_t n;
        char *s = read_lzf(&p, &n);
        cr_assert_eq(n, lens[i]);
        cr_assert(memcmp(s, x, n) == 0);
        cr_assert_eq((const char *)p, o.buf + o.len);
        free(s);
        rdb_out_clear(&o);
    }

    /* Compression off: plain whatever the contents. */
    o.compress = 0;
    rdb_write_string(&o, x, 1000);
    cr_assert_eq(o.len, 2 + 1000);
    rdb_out_free(&o);
}

/* redis-server 7.0.15's SAVE of an empty database began with these bytes (its version digits
 * 0010 here replaced by ours, 0009), for ctime 0x6b11332f and used-mem 0x109690. */
Test(rdb_write, header_matches_redis)
{
    struct rdb_out o;
    rdb_out_init(&o, 1);
    rdb_write_header(&o, 0x6b11332f, 0x109690);
    assert_bytes(&o,
                 "5245444953303030"
                 "39fa0972656469732d76657206372e302e3135fa0a72656469732d62697473c040fa0563"
                 "74696d65c22f33116bfa08757365642d6d656dc290961000fa08616f662d62617365c000",
                 "header");
    rdb_out_free(&o);

    /* used-mem past 32 bits is a decimal string, as Redis writes it. */
    rdb_out_init(&o, 1);
    rdb_write_header(&o, 0, 3000000000ULL);
    cr_assert(memmem(o.buf, o.len,
                     "\x08used-mem\x0a"
                     "3000000000",
                     20) != NULL);
    rdb_out_free(&o);
}

Test(rdb_write, structure_opcodes)
{
    struct rdb_out o;
    rdb_out_init(&o, 1);
    rdb_write_select_db(&o, 0);
    rdb_write_select_db(&o, 15);
    rdb_write_select_db(&o, 1000);
    rdb_write_resize_db(&o, 3, 1);
    rdb_write_eof(&o);
    rdb_write_checksum(&o, 0x0102030405060708ULL);
    assert_bytes(&o, "fe00fe0ffe43e8fb0301ff0807060504030201", "opcodes");
    size_t len;
    char *b = rdb_out_take(&o, &len);
    cr_assert_eq(len, 19);
    cr_assert_null(o.buf);
    cr_assert_eq(o.len, 0);
    mem_free(b);
    rdb_write_eof(&o); /* reusable after take */
    assert_bytes(&o, "ff", "after take");
    rdb_out_free(&o);
}

Test(rdb_write, entry_with_expiry)
{
    struct rdb_out o;
    rdb_out_init(&o, 1);
    struct entry *e = string_entry("key", "v", 1, 1700000000123LL);
    rdb_write_entry(&o, e);
    /* FC, ms LE, type 0, key "key", value "v" */
    assert_bytes(&o,
                 "fc7b68e5cf8b010000"
                 "00036b6579"
                 "0176",
                 "entry with TTL");
    rdb_out_clear(&o);
    entry_free(e);
    e = string_entry("123", "hello", 5, EXPIRE_NONE);
    rdb_write_entry(&o, e);
    assert_bytes(&o, "00c07b0568656c6c6f", "integer key");
    entry_free(e);
    rdb_out_free(&o);
}

/* A DUMP payload: redis-server's bytes for "hello world" with its version 10 made our 9, and
 * the checksum over them. */
Test(rdb_write, dump_payload)
{
    struct rdb_out o;
    rdb_out_init(&o, 1);
    rdb_write_eof(&o); /* something before the payload, outside its checksum */
    struct entry *e = string_entry("k", "hello world", 11, EXPIRE_NONE);
    rdb_dump_payload(&o, e);
    const unsigned char *p = (const unsigned char *)o.buf + 1;
    size_t n = o.len - 1;
    cr_assert_eq(n, 1 + 12 + RDB_DUMP_FOOTER);
    cr_assert_str_eq(hex_of(p, n - 8), "000b68656c6c6f20776f726c640900");
    cr_assert_eq(rdb_load_le(p + n - 8, 8), crc64(0, p, n - 8));
    entry_free(e);
    rdb_out_free(&o);
}

/* --- a small reader for the value types ------------------------------------------------------ */

static uint64_t read_len(const unsigned char **p)
{
    const unsigned char *b = *p;
    int kind = b[0] >> 6;
    if (kind == RDB_6BITLEN) {
        *p += 1;
        return b[0] & 0x3f;
    }
    if (kind == RDB_14BITLEN) {
        *p += 2;
        return (uint64_t)(b[0] & 0x3f) << 8 | b[1];
    }
    cr_assert(b[0] == RDB_32BITLEN || b[0] == RDB_64BITLEN, "a length");
    int bytes = b[0] == RDB_32BITLEN ? 4 : 8;
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v = v << 8 | b[1 + i];
    *p += 1 + bytes;
    return v;
}

/* A string, whatever its encoding, as malloc'd bytes (NUL-terminated for convenience). */
static char *read_string(const unsigned char **p, size_t *len)
{
    const unsigned char *b = *p;
    if (b[0] >> 6 == RDB_ENCVAL) {
        int enc = b[0] & 0x3f;
        *p += 1;
        if (enc == RDB_ENC_LZF) return read_lzf(p, len);
        int bytes = enc == RDB_ENC_INT8 ? 1 : enc == RDB_ENC_INT16 ? 2 : 4;
        uint64_t u = rdb_load_le(*p, bytes);
        long long v = bytes == 1 ? (int8_t)u : bytes == 2 ? (int16_t)u : (int32_t)u;
        *p += bytes;
        char *s = malloc(24);
        *len = (size_t)snprintf(s, 24, "%lld", v);
        return s;
    }
    *len = read_len(p);
    char *s = malloc(*len + 1);
    memcpy(s, *p, *len);
    s[*len] = 0;
    *p += *len;
    return s;
}

static void list_push(struct listobj *l, const char *s)
{
    listobj_push(l, LISTOBJ_TAIL, s, strlen(s));
}

Test(rdb_write, list_values)
{
    for (int compress = 0; compress <= 1; compress++) {
        struct listobj *l = listobj_new_fill(8);
        char buf[64];
        for (int i = 0; i < 1000; i++) {
            snprintf(buf, sizeof buf, i % 3 ? "%d" : "element number %d of a list", i - 500);
            list_push(l, buf);
        }
        struct entry *e = entry_new_object("l", 1, OBJ_LIST, l, EXPIRE_NONE);
        struct rdb_out o;
        rdb_out_init(&o, compress);
        rdb_write_value(&o, e);
        const unsigned char *p = (const unsigned char *)o.buf;
        cr_assert_eq(*p++, RDB_TYPE_LIST);
        cr_assert_eq(read_len(&p), 1000);
        for (int i = 0; i < 1000; i++) {
            size_t len;
            char *s = read_string(&p, &len);
            snprintf(buf, sizeof buf, i % 3 ? "%d" : "element number %d of a list", i - 500);
            cr_assert_str_eq(s, buf, "element %d", i);
            free(s);
        }
        cr_assert_eq((const char *)p, o.buf + o.len);
        entry_free(e);
        rdb_out_free(&o);
    }
}

Test(rdb_write, intset_values_in_redis_layout)
{
    /* Widths 2, 4 and 8, and their members in ascending order, LE. */
    static const struct {
        const char *members[4];
        const char *blob;
    } cases[] = {
        {{"5", "-3", "1000", NULL}, "0200000003000000fdff0500e803"},
        {{"70000", "-1", NULL}, "0400000002000000ffffffff70110100"},
        {{"-5000000000", "7", NULL}, "0800000002000000000efad5feffffff0700000000000000"},
    };
    for (size_t i = 0; i < 3; i++) {
        struct setobj *s = setobj_new();
        for (int k = 0; cases[i].members[k]; k++)
            setobj_add(s, cases[i].members[k], strlen(cases[i].members[k]));
        cr_assert_not_null(setobj_intset(s));
        struct entry *e = entry_new_object("s", 1, OBJ_SET, s, EXPIRE_NONE);
        struct rdb_out o;
        rdb_out_init(&o, 0);
        rdb_write_value(&o, e);
        const unsigned char *p = (const unsigned char *)o.buf;
        cr_assert_eq(*p++, RDB_TYPE_SET_INTSET);
        size_t len;
        char *blob = read_string(&p, &len);
        cr_assert_str_eq(hex_of(blob, len), cases[i].blob, "case %zu", i);
        cr_assert_eq((const char *)p, o.buf + o.len);
        free(blob);
        entry_free(e);
        rdb_out_free(&o);
    }

    /* A large intset is one long string, LZF-compressed when that helps. */
    struct setobj *s = setobj_new();
    char buf[24];
    for (int i = 0; i < 500; i++) {
        int n = snprintf(buf, sizeof buf, "%d", i * 2);
        setobj_add(s, buf, (size_t)n);
    }
    struct entry *e = entry_new_object("s", 1, OBJ_SET, s, EXPIRE_NONE);
    struct rdb_out o;
    rdb_out_init(&o, 1);
    rdb_write_value(&o, e);
    const unsigned char *p = (const unsigned char *)o.buf;
    cr_assert_eq(*p++, RDB_TYPE_SET_INTSET);
    size_t len;
    char *blob = read_string(&p, &len);
    cr_assert_eq(len, 8 + 500 * 2);
    for (int i = 0; i < 500; i++)
        cr_assert_eq((int16_t)rdb_load_le((unsigned char *)blob + 8 + 2 * i, 2), i * 2);
    free(blob);
    entry_free(e);
    rdb_out_free(&o);
}

Test(rdb_write, hashtable_set_values)
{
    struct setobj *s = setobj_new();
    char buf[32];
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(buf, sizeof buf, "member:%d", i);
        setobj_add(s, buf, (size_t)n);
    }
    cr_assert_null(setobj_intset(s));
    struct entry *e = entry_new_object("s", 1, OBJ_SET, s, EXPIRE_NONE);
    struct rdb_out o;
    rdb_out_init(&o, 1);
    rdb_write_value(&o, e);
    const unsigned char *p = (const unsigned char *)o.buf;
    cr_assert_eq(*p++, RDB_TYPE_SET);
    cr_assert_eq(read_len(&p), 2000);
    char *seen = calloc(2000, 1);
    for (int i = 0; i < 2000; i++) {
        size_t len;
        char *m = read_string(&p, &len);
        int k;
        cr_assert_eq(sscanf(m, "member:%d", &k), 1);
        cr_assert(k >= 0 && k < 2000 && !seen[k], "member %s once", m);
        seen[k] = 1;
        free(m);
    }
    cr_assert_eq((const char *)p, o.buf + o.len);
    free(seen);
    entry_free(e);
    rdb_out_free(&o);
}

static void check_zset(int big)
{
    struct zsetobj *z = big ? zsetobj_new_skiplist() : zsetobj_new();
    const double special[] = {INFINITY, -INFINITY, 0.5, -0.25, 1e300, 3.0};
    char buf[32];
    int n = big ? 1000 : 6;
    for (int i = 0; i < n; i++) {
        int len = snprintf(buf, sizeof buf, "m%d", i);
        zsetobj_set(z, buf, (size_t)len, i < 6 ? special[i] : i * 1.5);
    }
    struct entry *e = entry_new_object("z", 1, OBJ_ZSET, z, EXPIRE_NONE);
    struct rdb_out o;
    rdb_out_init(&o, 1);
    rdb_write_value(&o, e);
    const unsigned char *p = (const unsigned char *)o.buf;
    cr_assert_eq(*p++, RDB_TYPE_ZSET_2);
    cr_assert_eq(read_len(&p), (uint64_t)n);
    double prev = INFINITY;
    for (int i = 0; i < n; i++) {
        size_t len;
        char *m = read_string(&p, &len);
        double score = rdb_bits_double(rdb_load_le(p, 8));
        p += 8;
        double want;
        cr_assert(zsetobj_score(z, m, len, &want), "member %s", m);
        cr_assert_eq(rdb_double_bits(score), rdb_double_bits(want), "score of %s", m);
        cr_assert(score <= prev, "highest score first");
        prev = score;
        free(m);
    }
    cr_assert_eq((const char *)p, o.buf + o.len);
    entry_free(e);
    rdb_out_free(&o);
}

Test(rdb_write, zset_values)
{
    check_zset(0);
    check_zset(1);
}

Test(rdb_write, hash_values)
{
    for (int n = 3; n <= 3000; n += 2997) {
        struct hashobj *h = hashobj_new();
        char f[32], v[64];
        for (int i = 0; i < n; i++) {
            int fl = snprintf(f, sizeof f, "field%d", i);
            int vl = snprintf(v, sizeof v, i % 2 ? "%d" : "value %d, repeated value value", i);
            hashobj_set(&h, f, (size_t)fl, v, (size_t)vl);
        }
        struct entry *e = entry_new_object("h", 1, OBJ_HASH, h, EXPIRE_NONE);
        struct rdb_out o;
        rdb_out_init(&o, 1);
        rdb_write_value(&o, e);
        const unsigned char *p = (const unsigned char *)o.buf;
        cr_assert_eq(*p++, RDB_TYPE_HASH);
        cr_assert_eq(read_len(&p), (uint64_t)n);
        for (int i = 0; i < n; i++) {
            size_t fl, vl;
            char *fs = read_string(&p, &fl);
            char *vs = read_string(&p, &vl);
            const char *want;
            size_t wl;
            cr_assert(hashobj_get(h, fs, fl, &want, &wl), "field %s", fs);
            cr_assert(wl == vl && memcmp(want, vs, vl) == 0, "value of %s", fs);
            free(fs);
            free(vs);
        }
        cr_assert_eq((const char *)p, o.buf + o.len);
        entry_free(e);
        rdb_out_free(&o);
    }
}
