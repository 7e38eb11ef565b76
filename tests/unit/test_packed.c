/* Unit tests of the readers of Redis's packed blobs (src/persist/packed.c): blobs built here the
 * way Redis encodes them, entry by entry in every encoding, read back exactly; then corrupted
 * headers, counts, prevlens, backlens and terminators rejected, and every truncation and every
 * byte value at every offset walked without reading out of bounds (run it under ASan). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "packed_build.h"
#include "persist/packed.h"

/* ---- expectations ---- */

/* An expected entry: a string (s non-NULL) or an integer. */
struct want {
    const char *s;
    size_t len;
    long long ll;
};

static void expect_entries(int kind, const struct pb_buf *b, const struct want *w, size_t n)
{
    struct packed_iter it;
    struct packed_elem e;
    cr_assert_eq(packed_init(&it, kind, b->b, b->n), 0, "%s header", packed_kind_name(kind));
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(packed_next(&it, &e), 1, "%s entry %zu", packed_kind_name(kind), i);
        if (w[i].s) {
            cr_assert_not_null(e.s, "entry %zu is a string", i);
            cr_assert_eq(e.len, w[i].len, "entry %zu length", i);
            cr_assert(memcmp(e.s, w[i].s, e.len) == 0, "entry %zu bytes", i);
        } else {
            cr_assert_null(e.s, "entry %zu is an integer", i);
            cr_assert_eq(e.ll, w[i].ll, "entry %zu: %lld, not %lld", i, e.ll, w[i].ll);
        }
    }
    cr_assert_eq(packed_next(&it, &e), 0, "%s ends after %zu", packed_kind_name(kind), n);
    cr_assert_eq(packed_next(&it, &e), 0, "and stays ended");
    uint64_t count;
    cr_assert_eq(packed_validate(kind, b->b, b->n, &count), 0);
    cr_assert_eq(count, n);
}

static int validates(int kind, const unsigned char *p, size_t len)
{
    return packed_validate(kind, p, len, NULL) == 0;
}

/* Every truncation and every value of every byte: walked to an end or an error, never out of
 * bounds (each mutant is copied to a buffer of exactly its size, so ASan sees an overrun). */
static void mutate_everywhere(int kind, const struct pb_buf *b)
{
    for (size_t cut = 0; cut < b->n; cut++) {
        unsigned char *c = malloc(cut ? cut : 1);
        memcpy(c, b->b, cut);
        cr_assert_not(validates(kind, c, cut), "%s cut to %zu bytes validated",
                      packed_kind_name(kind), cut);
        free(c);
    }
    unsigned char *c = malloc(b->n);
    size_t step = b->n > 600 ? b->n / 300 : 1;
    for (size_t off = 0; off < b->n; off += step) {
        for (unsigned v = 0; v < 256; v++) {
            memcpy(c, b->b, b->n);
            c[off] = (unsigned char)v;
            (void)validates(kind, c, b->n);
        }
    }
    free(c);
}

/* ---- ziplists ---- */

static char big[70000];

static void fill_big(void)
{
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
}

TestSuite(packed, .init = fill_big);

Test(packed, ziplist_every_encoding)
{
    struct pb_buf b;
    pb_zl_begin(&b);
    static const long long ints[] = {0,
                                     12,
                                     13,
                                     -1,
                                     127,
                                     -128,
                                     128,
                                     32767,
                                     -32768,
                                     32768,
                                     (1 << 23) - 1,
                                     -(1 << 23),
                                     1 << 23,
                                     INT32_MAX,
                                     INT32_MIN,
                                     (long long)INT32_MAX + 1,
                                     INT64_MAX,
                                     INT64_MIN};
    struct want w[64];
    size_t n = 0;
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        pb_zl_int(&b, ints[i]);
        w[n++] = (struct want){NULL, 0, ints[i]};
    }
    static const size_t lens[] = {0, 1, 63, 64, 253, 254, 300, 16383, 16384, 66000};
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        pb_zl_str(&b, big, lens[i]);
        w[n++] = (struct want){big, lens[i], 0};
        pb_zl_int(&b, 5); /* after a long entry: a 5-byte prevlen */
        w[n++] = (struct want){NULL, 0, 5};
    }
    pb_zl_end(&b);
    expect_entries(PACKED_ZIPLIST, &b, w, n);
    free(b.b);
}

Test(packed, ziplist_empty_and_unknown_count)
{
    struct pb_buf b;
    pb_zl_begin(&b);
    pb_zl_end(&b);
    cr_assert_eq(b.n, 11);
    expect_entries(PACKED_ZIPLIST, &b, NULL, 0);
    free(b.b);

    /* a count of 65535 means "walk to know": any number of entries goes */
    pb_zl_begin(&b);
    struct want w[3];
    for (int i = 0; i < 3; i++) {
        pb_zl_str(&b, "ab", 2);
        w[i] = (struct want){"ab", 2, 0};
    }
    pb_zl_end(&b);
    pb_set_le(b.b + 8, 65535, 2);
    expect_entries(PACKED_ZIPLIST, &b, w, 3);
    free(b.b);
}

static void ziplist_sample(struct pb_buf *b)
{
    pb_zl_begin(b);
    pb_zl_str(b, "hello", 5);
    pb_zl_int(b, -70000);
    pb_zl_str(b, big, 300);
    pb_zl_int(b, 7);
    pb_zl_str(b, "", 0);
    pb_zl_end(b);
}

Test(packed, ziplist_rejects_bad_headers_and_entries)
{
    struct pb_buf b;
    ziplist_sample(&b);
    cr_assert(validates(PACKED_ZIPLIST, b.b, b.n));
    unsigned char *c = malloc(b.n);
    size_t tail = b.b[4] | (size_t)b.b[5] << 8;

#define MUTANT(what, stmt)                                                                         \
    do {                                                                                           \
        memcpy(c, b.b, b.n);                                                                       \
        stmt;                                                                                      \
        cr_assert_not(validates(PACKED_ZIPLIST, c, b.n), "accepted: %s", what);                    \
    } while (0)

    MUTANT("zlbytes one more", pb_set_le(c, b.n + 1, 4));
    MUTANT("zlbytes one less", pb_set_le(c, b.n - 1, 4));
    MUTANT("zltail past the end", pb_set_le(c + 4, b.n, 4));
    MUTANT("zltail at the first entry", pb_set_le(c + 4, 10, 4));
    MUTANT("zltail one off", pb_set_le(c + 4, tail - 1, 4));
    MUTANT("count too high", pb_set_le(c + 8, 6, 2));
    MUTANT("count too low", pb_set_le(c + 8, 4, 2));
    MUTANT("first prevlen not 0", c[10] = 1);
    MUTANT("second prevlen wrong", c[17]++);
    MUTANT("no terminator", c[b.n - 1] = 0);
    MUTANT("bad int encoding", c[11] = 0xC1);
    MUTANT("string past the end", c[11] = 0x3F);
    MUTANT("32-bit string past the end", (c[11] = 0x80, c[12] = 0x7F));
#undef MUTANT
    /* a terminator in the middle */
    cr_assert_not(validates(PACKED_ZIPLIST, b.b, 10 + 7 + 1));
    free(c);
    free(b.b);
}

Test(packed, ziplist_mutants_stay_in_bounds)
{
    struct pb_buf b;
    ziplist_sample(&b);
    mutate_everywhere(PACKED_ZIPLIST, &b);
    free(b.b);
}

/* ---- listpacks ---- */

Test(packed, listpack_every_encoding)
{
    struct pb_buf b;
    pb_lp_begin(&b);
    static const long long ints[] = {0,
                                     127,
                                     128,
                                     -1,
                                     4095,
                                     -4096,
                                     4096,
                                     -4097,
                                     32767,
                                     -32768,
                                     32768,
                                     (1 << 23) - 1,
                                     -(1 << 23),
                                     1 << 23,
                                     INT32_MAX,
                                     INT32_MIN,
                                     (long long)INT32_MAX + 1,
                                     INT64_MAX,
                                     INT64_MIN};
    struct want w[64];
    size_t n = 0;
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        pb_lp_int(&b, ints[i]);
        w[n++] = (struct want){NULL, 0, ints[i]};
    }
    /* string lengths across the 6/12/32-bit lengths and the 1..3-byte backlens */
    static const size_t lens[] = {0, 63, 64, 125, 126, 127, 200, 4095, 4096, 16380, 16390, 66000};
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        pb_lp_str(&b, big, lens[i]);
        w[n++] = (struct want){big, lens[i], 0};
    }
    pb_lp_end(&b);
    expect_entries(PACKED_LISTPACK, &b, w, n);
    free(b.b);
}

Test(packed, listpack_empty_and_unknown_count)
{
    struct pb_buf b;
    pb_lp_begin(&b);
    pb_lp_end(&b);
    cr_assert_eq(b.n, 7);
    expect_entries(PACKED_LISTPACK, &b, NULL, 0);
    free(b.b);

    pb_lp_begin(&b);
    pb_lp_str(&b, "x", 1);
    pb_lp_end(&b);
    pb_set_le(b.b + 4, 65535, 2);
    struct want w = {"x", 1, 0};
    expect_entries(PACKED_LISTPACK, &b, &w, 1);
    free(b.b);
}

static void listpack_sample(struct pb_buf *b)
{
    pb_lp_begin(b);
    pb_lp_str(b, "field", 5);
    pb_lp_int(b, -3);
    pb_lp_str(b, big, 200);
    pb_lp_int(b, 100000);
    pb_lp_str(b, "", 0);
    pb_lp_end(b);
}

Test(packed, listpack_rejects_bad_headers_and_entries)
{
    struct pb_buf b;
    listpack_sample(&b);
    cr_assert(validates(PACKED_LISTPACK, b.b, b.n));
    unsigned char *c = malloc(b.n);

#define MUTANT(what, stmt)                                                                         \
    do {                                                                                           \
        memcpy(c, b.b, b.n);                                                                       \
        stmt;                                                                                      \
        cr_assert_not(validates(PACKED_LISTPACK, c, b.n), "accepted: %s", what);                   \
    } while (0)

    MUTANT("total one more", pb_set_le(c, b.n + 1, 4));
    MUTANT("total one less", pb_set_le(c, b.n - 1, 4));
    MUTANT("count too high", pb_set_le(c + 4, 6, 2));
    MUTANT("count too low", pb_set_le(c + 4, 4, 2));
    MUTANT("backlen wrong", c[6 + 6]++);
    MUTANT("string longer", c[6] = 0x86 + 1);
    MUTANT("invalid encoding", c[6] = 0xF5);
    MUTANT("another invalid encoding", c[6] = 0xFE);
    MUTANT("32-bit string past the end", (c[6] = 0xF0, pb_set_le(c + 7, 0x7FFFFFFF, 4)));
    MUTANT("no terminator", c[b.n - 1] = 0);
    /* the 200-byte string's two-byte backlen: its continuation bit dropped */
    MUTANT("backlen continuation", c[6 + 7 + 3 + 2 + 200 + 1] &= 127);
#undef MUTANT
    free(c);
    free(b.b);
}

Test(packed, listpack_mutants_stay_in_bounds)
{
    struct pb_buf b;
    listpack_sample(&b);
    mutate_everywhere(PACKED_LISTPACK, &b);
    free(b.b);
}

/* ---- intsets ---- */

Test(packed, intset_widths)
{
    static const long long v16[] = {-32768, -1, 0, 5, 32767};
    static const long long v32[] = {INT32_MIN, -40000, 1, 40000, INT32_MAX};
    static const long long v64[] = {INT64_MIN, -1, INT64_MAX};
    struct {
        unsigned width;
        const long long *v;
        size_t n;
    } cases[] = {{2, v16, 5}, {4, v32, 5}, {8, v64, 3}, {4, v16, 5}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        struct pb_buf b;
        pb_intset(&b, cases[c].width, cases[c].v, cases[c].n);
        struct want w[8];
        for (size_t i = 0; i < cases[c].n; i++)
            w[i] = (struct want){NULL, 0, cases[c].v[i]};
        expect_entries(PACKED_INTSET, &b, w, cases[c].n);
        free(b.b);
    }
}

Test(packed, intset_rejects)
{
    struct pb_buf b;
    static const long long unsorted[] = {1, 3, 2};
    pb_intset(&b, 2, unsorted, 3);
    cr_assert_not(validates(PACKED_INTSET, b.b, b.n), "unsorted");
    free(b.b);
    static const long long dup[] = {1, 2, 2};
    pb_intset(&b, 4, dup, 3);
    cr_assert_not(validates(PACKED_INTSET, b.b, b.n), "duplicate");
    free(b.b);
    static const long long ok[] = {1, 2, 3};
    pb_intset(&b, 2, ok, 3);
    cr_assert(validates(PACKED_INTSET, b.b, b.n));
    cr_assert_not(validates(PACKED_INTSET, b.b, b.n - 1), "short");
    cr_assert_not(validates(PACKED_INTSET, b.b, 7), "no header");
    b.b[0] = 3;
    cr_assert_not(validates(PACKED_INTSET, b.b, b.n), "width 3");
    b.b[0] = 2;
    b.b[4] = 4;
    cr_assert_not(validates(PACKED_INTSET, b.b, b.n), "count too high");
    pb_set_le(b.b + 4, 0x80000003u, 4);
    cr_assert_not(validates(PACKED_INTSET, b.b, b.n), "count that wraps");
    mutate_everywhere(PACKED_INTSET, &b);
    free(b.b);
}

/* ---- zipmaps ---- */

Test(packed, zipmap_pairs)
{
    struct pb_buf b;
    pb_zm_begin(&b);
    pb_zm_pair(&b, "name", 4, "tessera", 7, 0);
    pb_zm_pair(&b, "", 0, big, 300, 3);
    pb_zm_pair(&b, big, 254, "v", 1, 255);
    pb_zm_end(&b);
    struct want w[] = {{"name", 4, 0}, {"tessera", 7, 0}, {"", 0, 0},
                       {big, 300, 0},  {big, 254, 0},     {"v", 1, 0}};
    expect_entries(PACKED_ZIPMAP, &b, w, 6);
    /* 254: a count the header does not give */
    b.b[0] = 254;
    expect_entries(PACKED_ZIPMAP, &b, w, 6);
    b.b[0] = 2;
    cr_assert_not(validates(PACKED_ZIPMAP, b.b, b.n), "count too low");
    b.b[0] = 3;
    mutate_everywhere(PACKED_ZIPMAP, &b);
    free(b.b);

    pb_zm_begin(&b);
    pb_zm_end(&b);
    expect_entries(PACKED_ZIPMAP, &b, NULL, 0);
    free(b.b);
}

Test(packed, zipmap_rejects)
{
    struct pb_buf b;
    pb_zm_begin(&b);
    pb_zm_pair(&b, "k", 1, "val", 3, 2);
    pb_zm_end(&b);
    cr_assert(validates(PACKED_ZIPMAP, b.b, b.n));
    b.b[3] = 0xFF; /* the value's length is the terminator byte */
    cr_assert_not(validates(PACKED_ZIPMAP, b.b, b.n), "255 as a value length");
    b.b[3] = 3;
    b.b[4] = 3; /* free bytes run into the terminator */
    cr_assert_not(validates(PACKED_ZIPMAP, b.b, b.n), "free past the end");
    b.b[4] = 2;
    cr_assert_not(validates(PACKED_ZIPMAP, b.b, b.n - 1), "no terminator");
    /* a field without its value */
    unsigned char half[] = {1, 1, 'k', 0xFF};
    cr_assert_not(validates(PACKED_ZIPMAP, half, sizeof half));
    free(b.b);
}

Test(packed, elem_bytes)
{
    char buf[PACKED_INT_BUF];
    size_t len;
    struct packed_elem e = {NULL, 0, INT64_MIN};
    const char *s = packed_elem_bytes(&e, buf, &len);
    cr_assert_eq(len, 20);
    cr_assert(memcmp(s, "-9223372036854775808", 20) == 0);
    e = (struct packed_elem){(const unsigned char *)"abc", 3, 0};
    s = packed_elem_bytes(&e, buf, &len);
    cr_assert(len == 3 && s == (const char *)e.s);
}
