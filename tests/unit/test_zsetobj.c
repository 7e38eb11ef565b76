/* Unit tests of sorted-set values: random operations checked against a sorted-array model in
 * both encodings and across the listpack-to-skiplist conversion; ranks, rank walks both ways,
 * score and lex ranges, rank deletions, ties on score ordered by member, scans that see every
 * member while the index resizes, copies and usage. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/zsetobj.h"
#include "tessera/config.h"

/* ---- the model: (score, member) pairs kept sorted ---- */

#define MAXM 4096

struct mel {
    double score;
    char m[32];
    size_t len;
};

struct model {
    struct mel e[MAXM];
    size_t n;
};

static int mel_cmp(const void *a, const void *b)
{
    const struct mel *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? -1 : 1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->m, y->m, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static long model_find(const struct model *md, const char *m, size_t len)
{
    for (size_t i = 0; i < md->n; i++)
        if (md->e[i].len == len && memcmp(md->e[i].m, m, len) == 0) return (long)i;
    return -1;
}

static int model_set(struct model *md, const char *m, size_t len, double score)
{
    long i = model_find(md, m, len);
    int added = i < 0;
    if (added) {
        i = (long)md->n++;
        memcpy(md->e[i].m, m, len);
        md->e[i].len = len;
    }
    md->e[i].score = score;
    qsort(md->e, md->n, sizeof md->e[0], mel_cmp);
    return added;
}

static int model_del(struct model *md, const char *m, size_t len)
{
    long i = model_find(md, m, len);
    if (i < 0) return 0;
    memmove(&md->e[i], &md->e[i + 1], (md->n - (size_t)i - 1) * sizeof md->e[0]);
    md->n--;
    return 1;
}

static void set_thresholds(int entries, int value)
{
    g_config.zset_max_listpack_entries = entries;
    g_config.zset_max_listpack_value = value;
}

/* Member names: a few share a prefix, some are longer than a 16-byte threshold. */
static size_t member_name(char *buf, int i)
{
    if (i % 7 == 0) return (size_t)sprintf(buf, "long-member-%d-xxxxxxx", i);
    return (size_t)sprintf(buf, "m%d", i);
}

/* Scores with many ties, negatives, fractions and the occasional infinity. */
static double random_score(void)
{
    switch (rand() % 8) {
    case 0:
        return (double)(rand() % 5);
    case 1:
        return -(double)(rand() % 1000) / 8;
    case 2:
        return rand() % 50 == 0 ? INFINITY : 1e300;
    case 3:
        return rand() % 50 == 0 ? -INFINITY : -0.0;
    default:
        return (double)(rand() % 100000) / 10;
    }
}

static void check_iter(const struct zsetobj *z, const struct model *md, uint64_t from, int rev)
{
    struct zset_iter it;
    zsetobj_iter_init(&it, z, from, rev);
    const char *m;
    size_t len;
    double score;
    long i = (long)from;
    long steps = 0;
    while (zsetobj_iter_next(&it, &m, &len, &score)) {
        cr_assert(i >= 0 && i < (long)md->n, "walk went past the set (rank %ld)", i);
        cr_assert_eq(len, md->e[i].len, "rank %ld", i);
        cr_assert(memcmp(m, md->e[i].m, len) == 0, "rank %ld", i);
        cr_assert(score == md->e[i].score, "rank %ld", i);
        i += rev ? -1 : 1;
        steps++;
    }
    long want = from >= md->n ? 0 : rev ? (long)from + 1 : (long)(md->n - from);
    cr_assert_eq(steps, want, "walk from %llu rev %d", (unsigned long long)from, rev);
}

static void check_all(const struct zsetobj *z, const struct model *md)
{
    cr_assert_eq(zsetobj_len(z), md->n);
    check_iter(z, md, 0, 0);
    if (md->n) check_iter(z, md, md->n - 1, 1);
    for (size_t i = 0; i < md->n; i++) {
        double s;
        cr_assert(zsetobj_score(z, md->e[i].m, md->e[i].len, &s));
        cr_assert(s == md->e[i].score);
        cr_assert_eq(zsetobj_rank(z, md->e[i].m, md->e[i].len, 0), (int64_t)i);
        cr_assert_eq(zsetobj_rank(z, md->e[i].m, md->e[i].len, 1), (int64_t)(md->n - 1 - i));
    }
}

static void check_score_range(const struct zsetobj *z, const struct model *md)
{
    struct zscore_range r;
    double a = random_score(), b = random_score();
    r.min = a < b ? a : b;
    r.max = a < b ? b : a;
    if (rand() % 5 == 0) r.min = -INFINITY;
    if (rand() % 5 == 0) r.max = INFINITY;
    r.minex = rand() % 2;
    r.maxex = rand() % 2;
    uint64_t want = 0, want_first = 0;
    for (size_t i = 0; i < md->n; i++) {
        double s = md->e[i].score;
        int in = (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
        if (in && want++ == 0) want_first = i;
    }
    uint64_t first = 0;
    cr_assert_eq(zsetobj_score_span(z, &r, &first), want, "[%g %g] ex %d %d", r.min, r.max, r.minex,
                 r.maxex);
    if (want) cr_assert_eq(first, want_first);
}

/* Lex ranges need equal scores: the caller's set has them. */
static void check_lex_range(const struct zsetobj *z, const struct model *md)
{
    char lo[32], hi[32];
    struct zlex_range r;
    r.min.len = member_name(lo, rand() % 300);
    r.max.len = member_name(hi, rand() % 300);
    r.min.s = lo;
    r.max.s = hi;
    r.min.kind = (enum zlex_kind)(rand() % 4);
    r.max.kind = (enum zlex_kind)(rand() % 4);
    uint64_t want = 0, want_first = 0;
    for (size_t i = 0; i < md->n; i++) {
        const struct mel *e = &md->e[i];
        struct mel bmin = {0, {0}, r.min.len}, bmax = {0, {0}, r.max.len};
        memcpy(bmin.m, lo, r.min.len);
        memcpy(bmax.m, hi, r.max.len);
        int cmin = mel_cmp(e, &bmin), cmax = mel_cmp(e, &bmax);
        int gte = r.min.kind == ZLEX_MIN    ? 1
                  : r.min.kind == ZLEX_MAX  ? 0
                  : r.min.kind == ZLEX_INCL ? cmin >= 0
                                            : cmin > 0;
        int lte = r.max.kind == ZLEX_MAX    ? 1
                  : r.max.kind == ZLEX_MIN  ? 0
                  : r.max.kind == ZLEX_INCL ? cmax <= 0
                                            : cmax < 0;
        if (gte && lte && want++ == 0) want_first = i;
    }
    uint64_t first = 0;
    cr_assert_eq(zsetobj_lex_span(z, &r, &first), want);
    if (want) cr_assert_eq(first, want_first);
}

static void random_ops(struct zsetobj *z, struct model *md, int steps, int members, int lex)
{
    char buf[32];
    for (int step = 0; step < steps; step++) {
        int op = rand() % 20;
        size_t len = member_name(buf, rand() % members);
        double score = lex ? 0 : random_score();
        if (op < 10) {
            cr_assert_eq(zsetobj_set(z, buf, len, score), model_set(md, buf, len, score));
        } else if (op < 15) {
            cr_assert_eq(zsetobj_del(z, buf, len), model_del(md, buf, len));
        } else if (op < 17) {
            if (lex)
                check_lex_range(z, md);
            else
                check_score_range(z, md);
        } else if (op == 17 && md->n && rand() % 8 == 0) {
            uint64_t start = (uint64_t)rand() % md->n, count = 1 + (uint64_t)rand() % 5;
            uint64_t want = count < md->n - start ? count : md->n - start;
            cr_assert_eq(zsetobj_delete_ranks(z, start, count), want);
            memmove(&md->e[start], &md->e[start + want], (md->n - start - want) * sizeof md->e[0]);
            md->n -= want;
        } else if (op == 18 && md->n) {
            uint64_t from = (uint64_t)rand() % md->n;
            check_iter(z, md, from, rand() % 2);
        } else {
            double s;
            long i = model_find(md, buf, len);
            cr_assert_eq(zsetobj_score(z, buf, len, &s), i >= 0);
            if (i >= 0) cr_assert(s == md->e[i].score);
            cr_assert_eq(zsetobj_rank(z, buf, len, 0), i < 0 ? -1 : (int64_t)i);
        }
    }
    check_all(z, md);
}

static struct model md;

Test(zsetobj, listpack_random_operations_match_a_model)
{
    set_thresholds(1 << 30, 1 << 30);
    struct zsetobj *z = zsetobj_new();
    memset(&md, 0, sizeof md);
    srand(11);
    random_ops(z, &md, 20000, 120, 0);
    cr_assert_str_eq(zsetobj_encoding(z), "listpack");
    zsetobj_free(z);
}

Test(zsetobj, skiplist_random_operations_match_a_model)
{
    set_thresholds(0, 0);
    struct zsetobj *z = zsetobj_new();
    memset(&md, 0, sizeof md);
    srand(12);
    random_ops(z, &md, 60000, 2000, 0);
    cr_assert_str_eq(zsetobj_encoding(z), "skiplist");
    zsetobj_free(z);
}

Test(zsetobj, conversion_by_count_keeps_every_member)
{
    set_thresholds(64, 1 << 30);
    struct zsetobj *z = zsetobj_new();
    memset(&md, 0, sizeof md);
    srand(13);
    char buf[32];
    for (int i = 0; i < 64; i++) {
        size_t len = member_name(buf, i);
        double s = random_score();
        cr_assert_eq(zsetobj_set(z, buf, len, s), model_set(&md, buf, len, s));
    }
    check_all(z, &md);
    cr_assert_str_eq(zsetobj_encoding(z), "listpack", "64 members fit");
    size_t len = member_name(buf, 1000);
    zsetobj_set(z, buf, len, 1);
    model_set(&md, buf, len, 1);
    cr_assert_str_eq(zsetobj_encoding(z), "skiplist", "the 65th converts");
    check_all(z, &md);
    random_ops(z, &md, 20000, 200, 0);
    cr_assert_str_eq(zsetobj_encoding(z), "skiplist", "conversion is one way");
    zsetobj_free(z);
}

Test(zsetobj, conversion_by_member_length)
{
    set_thresholds(128, 16);
    struct zsetobj *z = zsetobj_new();
    zsetobj_set(z, "short", 5, 1);
    zsetobj_set(z, "0123456789abcdef", 16, 2);
    cr_assert_str_eq(zsetobj_encoding(z), "listpack", "16 bytes fit");
    zsetobj_set(z, "0123456789abcdefg", 17, 3);
    cr_assert_str_eq(zsetobj_encoding(z), "skiplist");
    double s;
    cr_assert(zsetobj_score(z, "short", 5, &s) && s == 1);
    cr_assert(zsetobj_score(z, "0123456789abcdefg", 17, &s) && s == 3);
    cr_assert_eq(zsetobj_rank(z, "0123456789abcdef", 16, 0), 1);
    zsetobj_free(z);
}

Test(zsetobj, lex_ranges_in_both_encodings)
{
    for (int enc = 0; enc < 2; enc++) {
        set_thresholds(enc ? 0 : 1 << 30, 1 << 30);
        struct zsetobj *z = zsetobj_new();
        memset(&md, 0, sizeof md);
        srand(14 + enc);
        random_ops(z, &md, 8000, 300, 1);
        for (int i = 0; i < 500; i++)
            check_lex_range(z, &md);
        zsetobj_free(z);
    }
}

Test(zsetobj, ties_on_score_order_by_member_bytes)
{
    for (int enc = 0; enc < 2; enc++) {
        set_thresholds(enc ? 0 : 128, 64);
        struct zsetobj *z = zsetobj_new();
        const char *names[] = {"b", "a", "ab", "", "\xff", "A", "aa"};
        for (size_t i = 0; i < 7; i++)
            zsetobj_set(z, names[i], strlen(names[i]), 1.0);
        zsetobj_set(z, "z", 1, 0.5);
        zsetobj_set(z, "0", 1, 2);
        const char *want[] = {"z", "", "A", "a", "aa", "ab", "b", "\xff", "0"};
        struct zset_iter it;
        zsetobj_iter_init(&it, z, 0, 0);
        const char *m;
        size_t len;
        double score;
        for (size_t i = 0; i < 9; i++) {
            cr_assert(zsetobj_iter_next(&it, &m, &len, &score));
            cr_assert_eq(len, strlen(want[i]), "enc %d rank %zu", enc, i);
            cr_assert(memcmp(m, want[i], len) == 0, "enc %d rank %zu", enc, i);
        }
        cr_assert_not(zsetobj_iter_next(&it, &m, &len, &score));
        /* Moving a member to the score of others puts it among them by its bytes. */
        zsetobj_set(z, "0", 1, 1.0);
        cr_assert_eq(zsetobj_rank(z, "0", 1, 0), 2, "enc %d", enc);
        cr_assert_eq(zsetobj_rank(z, "\xff", 1, 1), 0, "enc %d", enc);
        zsetobj_free(z);
    }
}

Test(zsetobj, listpack_scores_round_trip)
{
    set_thresholds(1 << 30, 1 << 30);
    struct zsetobj *z = zsetobj_new();
    double values[] = {0,
                       1,
                       -1,
                       127,
                       128,
                       -128,
                       -129,
                       255,
                       256,
                       65535,
                       -65536,
                       1e15,
                       -1e15,
                       9007199254740992.0,
                       -9007199254740992.0,
                       9007199254740994.0,
                       0.1,
                       -2.5,
                       1e300,
                       INFINITY,
                       -INFINITY,
                       4503599627370495.0,
                       1.5e-300};
    size_t n = sizeof values / sizeof values[0];
    char buf[16];
    for (size_t i = 0; i < n; i++) {
        size_t len = (size_t)sprintf(buf, "v%zu", i);
        zsetobj_set(z, buf, len, values[i]);
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = (size_t)sprintf(buf, "v%zu", i);
        double s;
        cr_assert(zsetobj_score(z, buf, len, &s));
        cr_assert(s == values[i], "value %zu: %.17g read back as %.17g", i, values[i], s);
    }
    /* As in Redis's listpack, -0 is stored as the integer 0. */
    zsetobj_set(z, "negzero", 7, -0.0);
    double s;
    cr_assert(zsetobj_score(z, "negzero", 7, &s) && s == 0 && !signbit(s));
    zsetobj_free(z);
    /* The skiplist keeps the sign, as Redis's does. */
    set_thresholds(0, 0);
    z = zsetobj_new();
    zsetobj_set(z, "negzero", 7, -0.0);
    cr_assert(zsetobj_score(z, "negzero", 7, &s) && s == 0 && signbit(s));
    zsetobj_free(z);
}

struct seen {
    unsigned char *hit;
    int n;
};

static void mark_seen(const char *m, size_t len, double score, void *arg)
{
    struct seen *s = arg;
    int i = 0;
    for (size_t k = 1; k < len; k++)
        i = i * 10 + (m[k] - '0');
    cr_assert(i >= 0 && i < s->n);
    cr_assert(score == (double)i);
    s->hit[i] = 1;
}

Test(zsetobj, scan_sees_every_member_while_the_index_resizes)
{
    set_thresholds(0, 0);
    struct zsetobj *z = zsetobj_new();
    enum { N = 3000 };
    char buf[16];
    for (int i = 0; i < N; i++) {
        size_t len = (size_t)sprintf(buf, "m%d", i);
        zsetobj_set(z, buf, len, i);
    }
    static unsigned char hit[2 * N];
    memset(hit, 0, sizeof hit);
    struct seen s = {hit, 2 * N};
    uint64_t cursor = 0;
    int round = 0, next_new = N;
    do {
        cursor = zsetobj_scan(z, cursor, 10, mark_seen, &s);
        /* Grow the set by half during the scan and remove some added members again: the
         * index doubles and then rehashes while the cursor moves. */
        for (int k = 0; k < 3 && next_new < 2 * N; k++, next_new++) {
            size_t len = (size_t)sprintf(buf, "m%d", next_new);
            zsetobj_set(z, buf, len, next_new);
        }
        if (round++ % 3 == 0 && next_new > N) {
            size_t len = (size_t)sprintf(buf, "m%d", next_new - 1);
            zsetobj_del(z, buf, len);
        }
    } while (cursor);
    for (int i = 0; i < N; i++)
        cr_assert(hit[i], "member m%d present all along was not visited", i);
    zsetobj_free(z);
}

Test(zsetobj, shrinking_index_keeps_look_ups_working)
{
    set_thresholds(0, 0);
    struct zsetobj *z = zsetobj_new();
    char buf[16];
    enum { N = 5000 };
    for (int i = 0; i < N; i++) {
        size_t len = (size_t)sprintf(buf, "m%d", i);
        zsetobj_set(z, buf, len, i % 17);
    }
    size_t big = zsetobj_usage(z);
    for (int i = 0; i < N - 10; i++) {
        size_t len = (size_t)sprintf(buf, "m%d", i);
        cr_assert(zsetobj_del(z, buf, len));
        if (i % 97 == 0) {
            for (int j = i + 1; j < N; j += 53) {
                size_t l = (size_t)sprintf(buf, "m%d", j);
                double s;
                cr_assert(zsetobj_score(z, buf, l, &s) && s == j % 17, "m%d", j);
            }
        }
    }
    cr_assert_eq(zsetobj_len(z), 10);
    cr_assert_lt(zsetobj_usage(z), big / 20, "the index shrinks with the set");
    /* Delete most of a big set, then insert fast: the small new table must not fill up while
     * the big old one is still being moved. */
    for (int i = 0; i < 4 * N; i++) {
        size_t len = (size_t)sprintf(buf, "n%d", i);
        zsetobj_set(z, buf, len, i);
    }
    for (int i = 0; i < 4 * N - 3; i++) {
        size_t len = (size_t)sprintf(buf, "n%d", i);
        zsetobj_del(z, buf, len);
    }
    for (int i = 0; i < 4 * N; i++) {
        size_t len = (size_t)sprintf(buf, "p%d", i);
        zsetobj_set(z, buf, len, -1 - i);
    }
    cr_assert_eq(zsetobj_len(z), 10 + 3 + 4 * N);
    for (int i = 0; i < 4 * N; i += 7) {
        size_t len = (size_t)sprintf(buf, "p%d", i);
        double s;
        cr_assert(zsetobj_score(z, buf, len, &s) && s == -1 - i);
        cr_assert_eq(zsetobj_rank(z, buf, len, 1), 13 + i);
    }
    zsetobj_free(z);
}

Test(zsetobj, dup_is_deep_and_usage_grows)
{
    for (int enc = 0; enc < 2; enc++) {
        set_thresholds(enc ? 0 : 128, 64);
        struct zsetobj *z = zsetobj_new();
        size_t empty = zsetobj_usage(z);
        zsetobj_set(z, "a", 1, 1);
        zsetobj_set(z, "b", 1, 2);
        cr_assert_gt(zsetobj_usage(z), empty);
        struct zsetobj *c = zsetobj_dup(z);
        cr_assert_str_eq(zsetobj_encoding(c), zsetobj_encoding(z));
        zsetobj_set(c, "a", 1, 10);
        zsetobj_del(c, "b", 1);
        double s;
        cr_assert(zsetobj_score(z, "a", 1, &s) && s == 1);
        cr_assert(zsetobj_score(z, "b", 1, &s) && s == 2, "the original keeps its members");
        cr_assert_eq(zsetobj_len(c), 1);
        cr_assert(zsetobj_score(c, "a", 1, &s) && s == 10);
        zsetobj_free(c);
        zsetobj_free(z);
    }
}

Test(zsetobj, delete_ranks_clips_and_empties)
{
    for (int enc = 0; enc < 2; enc++) {
        set_thresholds(enc ? 0 : 128, 64);
        struct zsetobj *z = zsetobj_new();
        char buf[16];
        for (int i = 0; i < 50; i++) {
            size_t len = (size_t)sprintf(buf, "m%02d", i);
            zsetobj_set(z, buf, len, i);
        }
        cr_assert_eq(zsetobj_delete_ranks(z, 60, 5), 0);
        cr_assert_eq(zsetobj_delete_ranks(z, 45, 100), 5);
        cr_assert_eq(zsetobj_delete_ranks(z, 0, 10), 10);
        cr_assert_eq(zsetobj_rank(z, "m10", 3, 0), 0);
        cr_assert_eq(zsetobj_rank(z, "m44", 3, 1), 0);
        cr_assert_eq(zsetobj_delete_ranks(z, 0, 1000), 35);
        cr_assert_eq(zsetobj_len(z), 0);
        zsetobj_set(z, "again", 5, 1);
        cr_assert_eq(zsetobj_rank(z, "again", 5, 0), 0);
        zsetobj_free(z);
    }
}

Test(zsetobj, compact_moves_a_small_skiplist_to_a_listpack)
{
    set_thresholds(16, 8);
    struct zsetobj *z = zsetobj_new_skiplist();
    cr_assert_str_eq(zsetobj_encoding(z), "skiplist");
    memset(&md, 0, sizeof md);
    char buf[16];
    for (int i = 0; i < 16; i++) {
        size_t len = (size_t)sprintf(buf, "k%d", i);
        double s = i % 3 ? i * 0.5 : -(double)i;
        zsetobj_set(z, buf, len, s);
        model_set(&md, buf, len, s);
    }
    struct zsetobj *big = zsetobj_dup(z);
    zsetobj_set(big, "one-more", 8, 1);
    zsetobj_compact(big);
    cr_assert_str_eq(zsetobj_encoding(big), "skiplist", "17 members do not fit");
    zsetobj_free(big);
    struct zsetobj *longm = zsetobj_dup(z);
    zsetobj_del(longm, "k1", 2);
    zsetobj_set(longm, "123456789", 9, 1);
    zsetobj_compact(longm);
    cr_assert_str_eq(zsetobj_encoding(longm), "skiplist", "a 9-byte member does not fit");
    zsetobj_free(longm);
    zsetobj_compact(z);
    cr_assert_str_eq(zsetobj_encoding(z), "listpack");
    check_all(z, &md);
    zsetobj_free(z);
}
