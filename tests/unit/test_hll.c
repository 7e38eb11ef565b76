/* Unit tests of the HyperLogLog module: the element hash against registers Redis reported, the
 * header and the empty sparse HLL, sparse splits and merges of opcodes (Redis's own example),
 * sparse to dense, both promotions, corrupt bodies, merges, and counts against Redis's numbers
 * and within the standard error on 1M elements. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/hll.h"
#include "tessera/mem.h"

#define SPARSE_MAX 3000

static void add_range(struct hll *h, const char *prefix, long from, long to)
{
    char buf[32];
    for (long i = from; i < to; i++) {
        int n = snprintf(buf, sizeof buf, "%s%ld", prefix, i);
        cr_assert_geq(hll_add(h, buf, (size_t)n, SPARSE_MAX), 0);
    }
}

static void assert_decode(const struct hll *h, const char *want)
{
    size_t n;
    char *text = hll_decode(h->p, h->len, &n);
    cr_assert_str_eq(text, want);
    cr_assert_eq(n, strlen(want));
    mem_free(text);
}

Test(hll, pattern_matches_redis)
{
    /* PFADD then PFDEBUG DECODE on Redis 7.0: "a" -> Z:12711 v:2,1, "hello" -> Z:9216 v:1,1 */
    long index;
    cr_assert_eq(hll_pattern("a", 1, &index), 2);
    cr_assert_eq(index, 12711);
    cr_assert_eq(hll_pattern("hello", 5, &index), 1);
    cr_assert_eq(index, 9216);
}

Test(hll, empty_is_one_xzero)
{
    struct hll h;
    hll_init(&h);
    const uint8_t want[] = {'H', 'Y', 'L', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xff};
    cr_assert_eq(h.len, sizeof want);
    cr_assert_eq(memcmp(h.p, want, sizeof want), 0);
    cr_assert(hll_is_valid(h.p, h.len));
    assert_decode(&h, "Z:16384");
    uint64_t card;
    cr_assert(hll_cache_get(h.p, &card));
    cr_assert_eq(card, 0);
    int invalid = 0;
    cr_assert_eq(hll_count(h.p, h.len, &invalid), 0);
    cr_assert_eq(invalid, 0);
    hll_release(&h);
}

Test(hll, cache)
{
    struct hll h;
    hll_init(&h);
    hll_cache_set(h.p, 0x0102030405060708ULL);
    uint64_t card;
    cr_assert(hll_cache_get(h.p, &card));
    cr_assert_eq(card, 0x0102030405060708ULL);
    cr_assert_eq(h.p[8], 0x08);
    hll_cache_invalidate(h.p);
    cr_assert_not(hll_cache_get(h.p, &card));
    cr_assert_eq(h.p[15], 0x81);
    hll_release(&h);
}

Test(hll, sparse_split_and_merge)
{
    /* the example of Redis's hyperloglog.c: registers 1000, 1020 and 1021 set to 2, 3, 3 */
    struct hll h;
    hll_init(&h);
    cr_assert_eq(hll_set(&h, 1000, 2, SPARSE_MAX), 1);
    assert_decode(&h, "Z:1000 v:2,1 Z:15383");
    cr_assert_eq(hll_set(&h, 1020, 3, SPARSE_MAX), 1);
    cr_assert_eq(hll_set(&h, 1021, 3, SPARSE_MAX), 1);
    assert_decode(&h, "Z:1000 v:2,1 z:19 v:3,2 Z:15362");
    cr_assert_eq(hll_set(&h, 1021, 2, SPARSE_MAX), 0, "a lower value changes nothing");
    cr_assert_eq(hll_set(&h, 1001, 2, SPARSE_MAX), 1);
    assert_decode(&h, "Z:1000 v:2,2 z:18 v:3,2 Z:15362");
    /* raising the middle of a VAL run splits it in three */
    cr_assert_eq(hll_set(&h, 1002, 2, SPARSE_MAX), 1);
    cr_assert_eq(hll_set(&h, 1003, 2, SPARSE_MAX), 1);
    assert_decode(&h, "Z:1000 v:2,4 z:16 v:3,2 Z:15362");
    cr_assert_eq(hll_set(&h, 1001, 5, SPARSE_MAX), 1);
    assert_decode(&h, "Z:1000 v:2,1 v:5,1 v:2,2 z:16 v:3,2 Z:15362");
    /* the first and the last register */
    cr_assert_eq(hll_set(&h, 0, 1, SPARSE_MAX), 1);
    cr_assert_eq(hll_set(&h, 16383, 1, SPARSE_MAX), 1);
    assert_decode(&h, "v:1,1 Z:999 v:2,1 v:5,1 v:2,2 z:16 v:3,2 Z:15361 v:1,1");
    hll_release(&h);
}

Test(hll, sparse_to_dense_keeps_registers)
{
    struct hll h;
    hll_init(&h);
    add_range(&h, "e", 0, 100);
    cr_assert_eq(hll_encoding_of(h.p), HLL_SPARSE);
    uint8_t *before = calloc(1, HLL_REGISTERS);
    cr_assert_eq(hll_merge(before, h.p, h.len), 0);
    uint64_t sparse_count = hll_count(h.p, h.len, NULL);
    cr_assert_eq(sparse_count, 100, "Redis counts 100 for e0..e99");
    cr_assert_eq(hll_to_dense(&h), 0);
    cr_assert_eq(hll_encoding_of(h.p), HLL_DENSE);
    cr_assert_eq(h.len, HLL_DENSE_SIZE);
    cr_assert(hll_is_valid(h.p, h.len));
    for (long r = 0; r < HLL_REGISTERS; r++)
        cr_assert_eq(hll_dense_get(h.p + HLL_HDR_SIZE, r), before[r], "register %ld", r);
    cr_assert_eq(hll_count(h.p, h.len, NULL), sparse_count);
    cr_assert_eq(hll_to_dense(&h), 0, "already dense");
    free(before);
    hll_release(&h);
}

Test(hll, promotion_past_sparse_max)
{
    struct hll h;
    hll_init(&h);
    char buf[32];
    long i = 0;
    while (hll_encoding_of(h.p) == HLL_SPARSE) {
        cr_assert_leq(h.len, SPARSE_MAX);
        int n = snprintf(buf, sizeof buf, "p%ld", i++);
        hll_add(&h, buf, (size_t)n, SPARSE_MAX);
    }
    cr_assert(i > 1000 && i < 5000, "promoted after %ld elements", i);
    cr_assert_eq(h.len, HLL_DENSE_SIZE);
    hll_release(&h);
}

Test(hll, promotion_above_32)
{
    struct hll h;
    hll_init(&h);
    cr_assert_eq(hll_set(&h, 7, 32, SPARSE_MAX), 1);
    cr_assert_eq(hll_encoding_of(h.p), HLL_SPARSE);
    cr_assert_eq(hll_set(&h, 9, 33, SPARSE_MAX), 1);
    cr_assert_eq(hll_encoding_of(h.p), HLL_DENSE);
    cr_assert_eq(hll_dense_get(h.p + HLL_HDR_SIZE, 7), 32);
    cr_assert_eq(hll_dense_get(h.p + HLL_HDR_SIZE, 9), 33);
    cr_assert_eq(hll_dense_get(h.p + HLL_HDR_SIZE, 8), 0);
    hll_release(&h);
}

Test(hll, dense_registers_do_not_touch_neighbours)
{
    uint8_t *regs = calloc(1, HLL_DENSE_SIZE);
    uint8_t *model = calloc(1, HLL_REGISTERS);
    srand(7);
    for (int round = 0; round < 20; round++) {
        for (long r = 0; r < HLL_REGISTERS; r++)
            model[r] = (uint8_t)(rand() & 63);
        /* set through a dense HLL: start from zero so every set raises */
        memset(regs, 0, HLL_DENSE_SIZE);
        memcpy(regs, "HYLL", 4);
        struct hll h;
        hll_init_copy(&h, regs, HLL_DENSE_SIZE);
        for (long r = 0; r < HLL_REGISTERS; r++)
            if (model[r]) cr_assert_eq(hll_set(&h, r, model[r], SPARSE_MAX), 1);
        for (long r = 0; r < HLL_REGISTERS; r++)
            cr_assert_eq(hll_dense_get(h.p + HLL_HDR_SIZE, r), model[r], "register %ld", r);
        hll_release(&h);
    }
    free(model);
    free(regs);
}

static void set_body(struct hll *h, const uint8_t *body, size_t n)
{
    hll_init(h);
    h->p[4] = HLL_SPARSE;
    memcpy(h->p + HLL_HDR_SIZE, body, n);
    h->len = HLL_HDR_SIZE + n;
    h->p[h->len] = 0;
}

Test(hll, corrupt_sparse_bodies)
{
    const uint8_t short_body[] = {0x7f, 0xfe};      /* 16383 registers */
    const uint8_t long_body[] = {0x7f, 0xff, 0x00}; /* 16385 */
    const uint8_t val_over[] = {0x7f, 0xfe, 0x8f};  /* a VAL run past the end */
    const uint8_t *bodies[] = {short_body, long_body, val_over};
    size_t lens[] = {2, 3, 3};
    for (int i = 0; i < 3; i++) {
        struct hll h;
        set_body(&h, bodies[i], lens[i]);
        int invalid = 0;
        hll_count(h.p, h.len, &invalid);
        cr_assert_eq(invalid, 1, "body %d", i);
        uint8_t *max = calloc(1, HLL_REGISTERS);
        cr_assert_eq(hll_merge(max, h.p, h.len), -1, "body %d", i);
        free(max);
        cr_assert_eq(hll_to_dense(&h), -1, "body %d", i);
        cr_assert_eq(hll_encoding_of(h.p), HLL_SPARSE, "unchanged after a failed conversion");
        hll_release(&h);
    }
    struct hll h;
    set_body(&h, short_body, 2);
    cr_assert_eq(hll_set(&h, 16383, 1, SPARSE_MAX), -1, "no opcode covers the register");
    hll_release(&h);
}

Test(hll, validity)
{
    uint8_t v[HLL_DENSE_SIZE] = {'H', 'Y', 'L', 'L', HLL_DENSE};
    cr_assert(hll_is_valid(v, HLL_DENSE_SIZE));
    cr_assert_not(hll_is_valid(v, HLL_DENSE_SIZE - 1));
    cr_assert_not(hll_is_valid(v, 15));
    v[4] = 2;
    cr_assert_not(hll_is_valid(v, HLL_DENSE_SIZE));
    v[4] = HLL_SPARSE;
    cr_assert(hll_is_valid(v, 16), "a sparse body is checked when it is read");
    v[0] = 'h';
    cr_assert_not(hll_is_valid(v, 18));
}

Test(hll, merge_sparse_and_dense)
{
    struct hll a, b, both;
    hll_init(&a);
    hll_init(&b);
    hll_init(&both);
    add_range(&a, "x", 0, 500);
    add_range(&b, "x", 250, 10000);
    add_range(&both, "x", 0, 10000);
    cr_assert_eq(hll_encoding_of(a.p), HLL_SPARSE);
    cr_assert_eq(hll_encoding_of(b.p), HLL_DENSE);
    uint8_t *max = calloc(1, HLL_REGISTERS);
    cr_assert_eq(hll_merge(max, a.p, a.len), 0);
    cr_assert_eq(hll_merge(max, b.p, b.len), 0);
    cr_assert_eq(hll_count_raw(max), hll_count(both.p, both.len, NULL));
    for (long r = 0; r < HLL_REGISTERS; r++)
        cr_assert_eq(max[r], hll_dense_get(both.p + HLL_HDR_SIZE, r), "register %ld", r);
    free(max);
    hll_release(&a);
    hll_release(&b);
    hll_release(&both);
}

Test(hll, million_elements_within_standard_error)
{
    struct hll h;
    hll_init(&h);
    add_range(&h, "e", 0, 1000000);
    uint64_t c = hll_count(h.p, h.len, NULL);
    cr_assert_eq(c, 991657, "Redis 7.0 counts 991657 for e0..e999999");
    double err = fabs((double)c - 1e6) / 1e6;
    cr_assert_lt(err, 3 * 1.04 / sqrt(HLL_REGISTERS), "relative error %f", err);
    hll_release(&h);

    /* random 64-bit keys, in several runs: each within three standard errors */
    uint64_t seed = 12345;
    for (int run = 0; run < 3; run++) {
        hll_init(&h);
        for (long i = 0; i < 1000000; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            hll_add(&h, &seed, sizeof seed, SPARSE_MAX);
        }
        c = hll_count(h.p, h.len, NULL);
        err = fabs((double)c - 1e6) / 1e6;
        cr_assert_lt(err, 3 * 1.04 / sqrt(HLL_REGISTERS), "run %d: relative error %f", run, err);
        hll_release(&h);
    }
}

Test(hll, selftest)
{
    char err[128];
    const char *r = hll_selftest(err, sizeof err, SPARSE_MAX, 42);
    cr_assert_null(r, "%s", r ? r : "");
}
