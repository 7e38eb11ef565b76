/* Unit tests of listpacks: walking both ways, seeking, finding with a stride, and random
 * inserts, replaces and deletes checked against a simple array model, across entry sizes whose
 * length and backlen varints take one, two and three bytes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/listpack.h"

#define MODEL_MAX 400

struct model {
    int n;
    size_t len[MODEL_MAX];
    char *s[MODEL_MAX];
};

static size_t random_len(void)
{
    switch (rand() % 4) {
    case 0:
        return 0;
    case 1:
        return (size_t)(rand() % 120);
    case 2:
        return 120 + (size_t)(rand() % 300);
    default:
        return 16000 + (size_t)(rand() % 2000);
    }
}

static void fill(char *s, size_t len, int seed)
{
    for (size_t i = 0; i < len; i++)
        s[i] = (char)('a' + (seed + (int)i) % 26);
}

static void check(const struct listpack *lp, const struct model *m)
{
    cr_assert_eq(lp_count(lp), (uint32_t)m->n);
    size_t pos = lp_first(lp);
    for (int i = 0; i < m->n; i++) {
        cr_assert_neq(pos, LP_NONE);
        size_t len;
        const char *s = lp_get(lp, pos, &len);
        cr_assert_eq(len, m->len[i]);
        cr_assert(len == 0 || memcmp(s, m->s[i], len) == 0);
        pos = lp_next(lp, pos);
    }
    cr_assert_eq(pos, LP_NONE);
    pos = lp_last(lp);
    for (int i = m->n - 1; i >= 0; i--) {
        size_t len;
        lp_get(lp, pos, &len);
        cr_assert_eq(len, m->len[i]);
        cr_assert_eq(pos, lp_seek(lp, i));
        cr_assert_eq(pos, lp_seek(lp, i - m->n));
        pos = lp_prev(lp, pos);
    }
    cr_assert_eq(pos, LP_NONE);
}

Test(listpack, random_operations_match_a_model)
{
    static struct model m;
    memset(&m, 0, sizeof m);
    struct listpack *lp = lp_new();
    srand(11);
    for (int step = 0; step < 3000; step++) {
        int op = rand() % 4;
        size_t len = random_len();
        char *s = malloc(len + 1);
        fill(s, len, step);
        if ((op <= 1 && m.n < MODEL_MAX) || m.n == 0) {
            int at = rand() % (m.n + 1);
            lp = lp_insert(lp, at == m.n ? LP_NONE : lp_seek(lp, at), s, len, NULL);
            memmove(&m.s[at + 1], &m.s[at], (size_t)(m.n - at) * sizeof m.s[0]);
            memmove(&m.len[at + 1], &m.len[at], (size_t)(m.n - at) * sizeof m.len[0]);
            m.s[at] = s;
            m.len[at] = len;
            m.n++;
        } else if (op == 2) {
            int at = rand() % m.n;
            lp = lp_replace(lp, lp_seek(lp, at), s, len);
            free(m.s[at]);
            m.s[at] = s;
            m.len[at] = len;
        } else {
            int at = rand() % m.n, k = 1 + rand() % 3;
            if (k > m.n - at) k = m.n - at;
            lp = lp_delete(lp, lp_seek(lp, at), (uint32_t)k);
            for (int i = 0; i < k; i++)
                free(m.s[at + i]);
            memmove(&m.s[at], &m.s[at + k], (size_t)(m.n - at - k) * sizeof m.s[0]);
            memmove(&m.len[at], &m.len[at + k], (size_t)(m.n - at - k) * sizeof m.len[0]);
            m.n -= k;
            free(s);
        }
        if (step % 50 == 0) check(lp, &m);
    }
    check(lp, &m);
    struct listpack *copy = lp_dup(lp);
    check(copy, &m);
    cr_assert_eq(lp_bytes(copy), lp_bytes(lp));
    cr_assert_geq(lp_usage(lp), lp_bytes(lp));
    lp_free(copy);
    lp_free(lp);
    for (int i = 0; i < m.n; i++)
        free(m.s[i]);
}

Test(listpack, find_with_stride_only_compares_fields)
{
    struct listpack *lp = lp_new();
    const char *pairs[] = {"a", "b", "b", "c", "c", "a"};
    for (int i = 0; i < 6; i++)
        lp = lp_append(lp, pairs[i], 1);
    size_t pos = lp_find(lp, lp_first(lp), "b", 1, 1);
    cr_assert_eq(pos, lp_seek(lp, 2));
    pos = lp_find(lp, lp_first(lp), "a", 1, 1);
    cr_assert_eq(pos, lp_seek(lp, 0));
    cr_assert_eq(lp_find(lp, lp_first(lp), "d", 1, 1), LP_NONE);
    cr_assert_eq(lp_find(lp, lp_first(lp), "a", 1, 0), lp_seek(lp, 0));
    cr_assert_eq(lp_find(lp, lp_next(lp, lp_first(lp)), "a", 1, 0), lp_seek(lp, 5));
    lp_free(lp);
}

Test(listpack, prepend_append_and_empty)
{
    struct listpack *lp = lp_new();
    cr_assert_eq(lp_first(lp), LP_NONE);
    cr_assert_eq(lp_last(lp), LP_NONE);
    cr_assert_eq(lp_seek(lp, 0), LP_NONE);
    lp = lp_append(lp, "2", 1);
    lp = lp_prepend(lp, "1", 1);
    lp = lp_append(lp, "3", 1);
    size_t len;
    cr_assert_eq(*lp_get(lp, lp_seek(lp, 0), &len), '1');
    cr_assert_eq(*lp_get(lp, lp_seek(lp, -1), &len), '3');
    cr_assert_eq(lp_seek(lp, 3), LP_NONE);
    cr_assert_eq(lp_seek(lp, -4), LP_NONE);
    lp = lp_delete(lp, lp_first(lp), 10);
    cr_assert_eq(lp_count(lp), 0);
    cr_assert_eq(lp_bytes(lp), 8);
    lp_free(lp);
}
