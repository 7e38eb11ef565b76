/* Unit tests of list values (quicklists): random pushes, pops, inserts, sets, removals and trims
 * against an array model, with small node bounds so lists span many nodes; iteration both ways
 * from any index, deep copies, usage and the node bounds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/listobj.h"
#include "tessera/mem.h"

struct item {
    char *p;
    size_t len;
};

/* The model: a plain array of byte strings. */
struct model {
    struct item *v;
    size_t n, cap;
};

static void model_insert(struct model *m, size_t at, const char *s, size_t len)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->v = realloc(m->v, m->cap * sizeof *m->v);
    }
    memmove(m->v + at + 1, m->v + at, (m->n - at) * sizeof *m->v);
    m->v[at].p = malloc(len + 1);
    memcpy(m->v[at].p, s, len);
    m->v[at].len = len;
    m->n++;
}

static void model_delete(struct model *m, size_t at, size_t k)
{
    for (size_t i = at; i < at + k; i++)
        free(m->v[i].p);
    memmove(m->v + at, m->v + at + k, (m->n - at - k) * sizeof *m->v);
    m->n -= k;
}

static void model_free(struct model *m)
{
    model_delete(m, 0, m->n);
    free(m->v);
}

static int item_is(const struct item *it, const char *s, size_t len)
{
    return it->len == len && memcmp(it->p, s, len) == 0;
}

/* A value: one of a few short ones (so removals and pivots find duplicates), now and then a
 * long one that fills a node by itself. */
static size_t random_value(char *buf, int allow_long)
{
    if (allow_long && rand() % 20 == 0) {
        size_t len = 500 + (size_t)(rand() % 5000);
        memset(buf, 'a' + rand() % 3, len);
        return len;
    }
    return (size_t)sprintf(buf, "v%d", rand() % 12);
}

static void assert_same(const struct listobj *l, const struct model *m)
{
    cr_assert(listobj_check(l), "structure");
    cr_assert_eq(listobj_len(l), m->n);
    struct listobj_iter it;
    const char *s;
    size_t len;
    listobj_iter_init(&it, l, 0, LISTOBJ_TAIL);
    for (size_t i = 0; i < m->n; i++) {
        cr_assert(listobj_iter_next(&it, &s, &len), "forward element %zu", i);
        cr_assert(item_is(&m->v[i], s, len), "forward element %zu", i);
    }
    cr_assert_not(listobj_iter_next(&it, &s, &len));
    listobj_iter_init(&it, l, -1, LISTOBJ_HEAD);
    for (size_t i = m->n; i-- > 0;) {
        cr_assert(listobj_iter_next(&it, &s, &len), "backward element %zu", i);
        cr_assert(item_is(&m->v[i], s, len), "backward element %zu", i);
    }
    cr_assert_not(listobj_iter_next(&it, &s, &len));
}

/* `size` elements are pushed first, and pushes are favoured while the list is shorter, so it
 * stays long enough for byte-bounded nodes of short values to fill up. */
static void run_random_depth(int fill, int depth, int allow_long, size_t size, int steps,
                             unsigned seed)
{
    static char buf[8192], pivot[8192];
    struct listobj *l = listobj_new_opts(fill, depth);
    struct model m = {0};
    size_t max_nodes = 0;
    srand(seed);
    for (size_t i = 0; i < size; i++) {
        size_t len = random_value(buf, allow_long);
        listobj_push(l, LISTOBJ_TAIL, buf, len);
        model_insert(&m, m.n, buf, len);
    }
    assert_same(l, &m);
    for (int step = 0; step < steps; step++) {
        int op = m.n < size && rand() % 2 == 0 ? 0 : rand() % 100;
        size_t len = random_value(buf, allow_long);
        const char *s;
        size_t slen;
        if (op < 30) { /* push, heavier than pops so the list grows */
            int where = rand() % 2 ? LISTOBJ_HEAD : LISTOBJ_TAIL;
            listobj_push(l, where, buf, len);
            model_insert(&m, where == LISTOBJ_HEAD ? 0 : m.n, buf, len);
        } else if (op < 45) { /* pop */
            int where = rand() % 2 ? LISTOBJ_HEAD : LISTOBJ_TAIL;
            int had = m.n > 0;
            cr_assert_eq(listobj_peek(l, where, &s, &slen), had);
            if (had) {
                size_t at = where == LISTOBJ_HEAD ? 0 : m.n - 1;
                cr_assert(item_is(&m.v[at], s, slen));
                model_delete(&m, at, 1);
            }
            cr_assert_eq(listobj_pop(l, where), had);
        } else if (op < 62) { /* insert around a pivot, present or not */
            int after = rand() % 2;
            size_t plen;
            if (m.n && rand() % 4) {
                const struct item *p = &m.v[(size_t)rand() % m.n];
                memcpy(pivot, p->p, p->len);
                plen = p->len;
            } else {
                plen = (size_t)sprintf(pivot, "absent");
            }
            size_t at = m.n;
            for (size_t i = 0; i < m.n; i++)
                if (item_is(&m.v[i], pivot, plen)) {
                    at = i;
                    break;
                }
            cr_assert_eq(listobj_insert(l, after, pivot, plen, buf, len), at < m.n);
            if (at < m.n) model_insert(&m, at + (after ? 1 : 0), buf, len);
        } else if (op < 75) { /* set, negative and out-of-range indexes included */
            long idx = (long)(rand() % (2 * (int)m.n + 3)) - (long)m.n - 1;
            int in = idx < 0 ? (size_t)-idx <= m.n : (size_t)idx < m.n;
            cr_assert_eq(listobj_set(l, idx, buf, len), in);
            if (in) {
                size_t at = idx < 0 ? m.n - (size_t)-idx : (size_t)idx;
                model_delete(&m, at, 1);
                model_insert(&m, at, buf, len);
            }
        } else if (op < 82) { /* LREM with a count */
            long count = rand() % 7 - 3;
            size_t want = count == 0 ? (size_t)-1 : (size_t)labs(count), removed = 0;
            if (count >= 0) {
                for (size_t i = 0; i < m.n && removed < want;)
                    if (item_is(&m.v[i], buf, len)) {
                        model_delete(&m, i, 1);
                        removed++;
                    } else {
                        i++;
                    }
            } else {
                for (size_t i = m.n; i-- > 0 && removed < want;)
                    if (item_is(&m.v[i], buf, len)) {
                        model_delete(&m, i, 1);
                        removed++;
                    }
            }
            cr_assert_eq(listobj_rem(l, count, buf, len), removed);
        } else if (op < 85 && m.n) { /* trim a little off both ends, as LTRIM does */
            size_t left = (size_t)rand() % (m.n / 50 + 2);
            size_t right = (size_t)rand() % (m.n / 50 + 2);
            if (left + right > m.n) right = m.n - left;
            listobj_del_range(l, 0, left);
            listobj_del_range(l, -(long)right, right);
            model_delete(&m, 0, left);
            model_delete(&m, m.n - right, right);
        } else if (op < 88 && m.n) { /* delete a range in the middle */
            size_t at = (size_t)rand() % m.n, k = (size_t)rand() % 12;
            listobj_del_range(l, (long)at, k);
            model_delete(&m, at, k < m.n - at ? k : m.n - at);
        } else if (m.n) { /* read by index from either end */
            size_t at = (size_t)rand() % m.n;
            long idx = rand() % 2 ? (long)at : (long)at - (long)m.n;
            cr_assert(listobj_index(l, idx, &s, &slen));
            cr_assert(item_is(&m.v[at], s, slen), "index %ld", idx);
            cr_assert_not(listobj_index(l, (long)m.n, &s, &slen));
            cr_assert_not(listobj_index(l, -(long)m.n - 1, &s, &slen));
        }
        cr_assert(listobj_check(l), "structure after step %d (op %d)", step, op);
        cr_assert_eq(listobj_len(l), m.n, "length after step %d", step);
        if (listobj_node_count(l) > max_nodes) max_nodes = listobj_node_count(l);
        if (step % 500 == 0) assert_same(l, &m);
    }
    assert_same(l, &m);
    cr_assert_gt(max_nodes, 10, "the bound made many nodes");
    if (depth > 0 && listobj_node_count(l) > (uint64_t)(2 * depth + 2))
        cr_assert_gt(listobj_compressed_nodes(l), 0, "inner nodes are compressed");

    /* Iteration from every index, both ways. */
    for (size_t i = 0; i < m.n; i += 1 + m.n / 50) {
        struct listobj_iter it;
        const char *s;
        size_t slen;
        listobj_iter_init(&it, l, (long)i, LISTOBJ_TAIL);
        for (size_t j = i; j < m.n; j++) {
            cr_assert(listobj_iter_next(&it, &s, &slen));
            cr_assert(item_is(&m.v[j], s, slen));
        }
        cr_assert_not(listobj_iter_next(&it, &s, &slen));
        listobj_iter_init(&it, l, (long)i - (long)m.n, LISTOBJ_HEAD);
        for (size_t j = i + 1; j-- > 0;) {
            cr_assert(listobj_iter_next(&it, &s, &slen));
            cr_assert(item_is(&m.v[j], s, slen));
        }
        cr_assert_not(listobj_iter_next(&it, &s, &slen));
    }

    struct listobj *d = listobj_dup(l);
    assert_same(d, &m);
    listobj_push(d, LISTOBJ_TAIL, "extra", 5);
    assert_same(l, &m);
    listobj_free(d);
    listobj_free(l);
    model_free(&m);
}

static void run_random(int fill, int allow_long, size_t size, int steps, unsigned seed)
{
    run_random_depth(fill, 0, allow_long, size, steps, seed);
}

Test(listobj, random_operations_with_a_few_entries_a_node)
{
    run_random(3, 0, 300, 20000, 1);
}

Test(listobj, random_operations_with_one_entry_a_node)
{
    run_random(1, 0, 100, 5000, 2);
}

Test(listobj, random_operations_with_byte_bounded_nodes_and_long_values)
{
    run_random(-1, 1, 3000, 20000, 3);
}

Test(listobj, random_operations_with_the_default_bound)
{
    run_random(-2, 1, 5000, 20000, 4);
}

Test(listobj, random_operations_with_count_bound_and_long_values)
{
    run_random(16, 1, 1000, 20000, 5);
}

Test(listobj, nodes_keep_to_the_bound)
{
    struct listobj *l = listobj_new_fill(4);
    char v[16];
    for (int i = 0; i < 100; i++) {
        int n = sprintf(v, "%d", i);
        listobj_push(l, LISTOBJ_TAIL, v, (size_t)n);
    }
    cr_assert_eq(listobj_node_count(l), 25);
    /* Inserting into the middle of a full node splits it instead of growing it. */
    cr_assert(listobj_insert(l, 0, "50", 2, "x", 1));
    cr_assert(listobj_check(l));
    const char *s;
    size_t len;
    cr_assert(listobj_index(l, 50, &s, &len));
    cr_assert(len == 1 && s[0] == 'x');
    cr_assert(listobj_index(l, 51, &s, &len));
    cr_assert(len == 2 && memcmp(s, "50", 2) == 0);
    /* Removing most elements joins the thinned-out nodes again. */
    uint64_t before = listobj_node_count(l);
    for (int i = 0; i < 100; i++) {
        if (i % 4 == 0) continue;
        int n = sprintf(v, "%d", i);
        cr_assert_eq(listobj_rem(l, 0, v, (size_t)n), 1);
    }
    cr_assert(listobj_check(l));
    cr_assert_eq(listobj_len(l), 26);
    cr_assert_lt(listobj_node_count(l), before / 2);
    listobj_free(l);
}

Test(listobj, a_big_element_gets_a_node_of_its_own)
{
    struct listobj *l = listobj_new_fill(-1); /* 4 KiB a node */
    static char big[10000];
    memset(big, 'b', sizeof big);
    listobj_push(l, LISTOBJ_TAIL, "a", 1);
    listobj_push(l, LISTOBJ_TAIL, big, sizeof big);
    listobj_push(l, LISTOBJ_TAIL, "c", 1);
    cr_assert_eq(listobj_node_count(l), 3);
    cr_assert(listobj_check(l));
    /* Growing an element past the bound moves it out of its node. */
    struct listobj *m = listobj_new_fill(-1);
    for (int i = 0; i < 10; i++)
        listobj_push(m, LISTOBJ_TAIL, "small", 5);
    cr_assert_eq(listobj_node_count(m), 1);
    cr_assert(listobj_set(m, 5, big, sizeof big));
    cr_assert(listobj_check(m));
    cr_assert_eq(listobj_len(m), 10);
    const char *s;
    size_t len;
    cr_assert(listobj_index(m, 5, &s, &len));
    cr_assert_eq(len, sizeof big);
    cr_assert(listobj_index(m, 6, &s, &len));
    cr_assert_eq(len, 5);
    listobj_free(m);
    listobj_free(l);
}

Test(listobj, empty_values_and_empty_list)
{
    struct listobj *l = listobj_new_fill(-2);
    const char *s;
    size_t len;
    cr_assert_not(listobj_peek(l, LISTOBJ_HEAD, &s, &len));
    cr_assert_not(listobj_pop(l, LISTOBJ_TAIL));
    cr_assert_not(listobj_index(l, 0, &s, &len));
    cr_assert_not(listobj_set(l, -1, "x", 1));
    cr_assert_not(listobj_insert(l, 1, "p", 1, "x", 1));
    cr_assert_eq(listobj_rem(l, 0, "x", 1), 0);
    listobj_del_range(l, 0, 10);
    struct listobj_iter it;
    listobj_iter_init(&it, l, 0, LISTOBJ_TAIL);
    cr_assert_not(listobj_iter_next(&it, &s, &len));
    listobj_push(l, LISTOBJ_HEAD, "", 0);
    cr_assert(listobj_index(l, 0, &s, &len));
    cr_assert_eq(len, 0);
    cr_assert_eq(listobj_rem(l, -1, "", 0), 1);
    cr_assert_eq(listobj_len(l), 0);
    cr_assert_eq(listobj_node_count(l), 0);
    cr_assert(listobj_check(l));
    cr_assert_not(listobj_index(l, -9223372036854775807L - 1, &s, &len));
    listobj_free(l);
}

Test(listobj, usage_grows_with_the_contents)
{
    struct listobj *l = listobj_new_fill(-2);
    size_t empty = listobj_usage(l);
    for (int i = 0; i < 10000; i++)
        listobj_push(l, LISTOBJ_TAIL, "0123456789", 10);
    size_t full = listobj_usage(l);
    cr_assert_gt(full, empty + 10000 * 10);
    cr_assert_lt(full, empty + 10000 * 20, "packed: about 12 bytes an element");
    cr_assert_str_eq(listobj_encoding(l), "quicklist");
    listobj_free(l);
}

/* Compression: the same random operations with list-compress-depth 1, 2 and 3 (listobj_check
 * verifies the window and every compressed node after each step). */
Test(listobj, random_operations_compressed_depth_1)
{
    run_random_depth(-2, 1, 1, 3000, 20000, 11);
}

Test(listobj, random_operations_compressed_depth_2_count_bound)
{
    run_random_depth(16, 2, 1, 1000, 20000, 12);
}

Test(listobj, random_operations_compressed_depth_3_small_nodes)
{
    run_random_depth(-1, 3, 1, 3000, 20000, 13);
}

Test(listobj, random_operations_compressed_one_entry_a_node)
{
    run_random_depth(1, 2, 1, 200, 5000, 14);
}

/* Compressible values in 8 KiB nodes: with depth 0 nothing is compressed, with depth N all but
 * N nodes at each end are, the list takes less memory and reads the same; tiny or
 * incompressible nodes stay plain. */
Test(listobj, compression_on_and_off)
{
    struct listobj *plain = listobj_new_opts(-2, 0), *z = listobj_new_opts(-2, 2);
    char v[64];
    for (int i = 0; i < 20000; i++) {
        int n = sprintf(v, "element-%08d-padding-padding", i);
        listobj_push(plain, LISTOBJ_TAIL, v, (size_t)n);
        listobj_push(z, LISTOBJ_TAIL, v, (size_t)n);
    }
    uint64_t nodes = listobj_node_count(z);
    cr_assert_gt(nodes, 10);
    cr_assert_eq(listobj_compressed_nodes(plain), 0);
    cr_assert_eq(listobj_compressed_nodes(z), nodes - 4);
    cr_assert(listobj_check(z));
    cr_assert_lt(listobj_usage(z), listobj_usage(plain) / 2, "compressed nodes take less room");
    const char *a, *b;
    size_t alen, blen;
    for (long i = -20000; i < 20000; i += 37) {
        cr_assert(listobj_index(plain, i, &a, &alen));
        char copy[64];
        memcpy(copy, a, alen);
        cr_assert(listobj_index(z, i, &b, &blen));
        cr_assert(alen == blen && memcmp(copy, b, blen) == 0, "index %ld", i);
    }
    /* A pointer into one compressed node stays valid while the same node is read again. */
    cr_assert(listobj_index(z, 10000, &a, &alen));
    cr_assert(listobj_index(z, 10001, &b, &blen));
    cr_assert(alen == 32 && memcmp(a, "element-00010000", 16) == 0);
    struct listobj *d = listobj_dup(z);
    cr_assert(listobj_check(d));
    cr_assert_eq(listobj_compressed_nodes(d), nodes - 4);
    for (int i = 0; i < 19990; i++)
        cr_assert(listobj_pop(d, i % 2 ? LISTOBJ_HEAD : LISTOBJ_TAIL));
    cr_assert(listobj_check(d));
    cr_assert_eq(listobj_compressed_nodes(d), 0, "a short list is all window");
    listobj_free(d);

    /* Random bytes do not compress: those nodes stay plain (and the check accepts that). */
    struct listobj *r = listobj_new_opts(-1, 1);
    srand(9);
    for (int i = 0; i < 2000; i++) {
        for (int j = 0; j < 40; j++)
            v[j] = (char)rand();
        listobj_push(r, i % 2 ? LISTOBJ_HEAD : LISTOBJ_TAIL, v, 40);
    }
    cr_assert(listobj_check(r));
    cr_assert_eq(listobj_compressed_nodes(r), 0);
    listobj_free(r);
    listobj_free(plain);
    listobj_free(z);
}
