/* Unit tests of intsets: order and membership against a model under random operations, the
 * 16/32/64-bit widening (in both directions of sign), removal, copies and the packed size. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "shard/intset.h"

static void assert_sorted_unique(const struct intset *is)
{
    for (uint32_t i = 1; i < intset_len(is); i++)
        cr_assert(intset_get(is, i - 1) < intset_get(is, i), "order at %u", i);
}

Test(intset, empty)
{
    struct intset *is = intset_new();
    cr_assert_eq(intset_len(is), 0);
    cr_assert_eq(intset_width(is), 2);
    cr_assert_not(intset_find(is, 0));
    int removed;
    is = intset_remove(is, 5, &removed);
    cr_assert_eq(removed, 0);
    intset_free(is);
}

Test(intset, add_keeps_order_and_rejects_duplicates)
{
    struct intset *is = intset_new();
    int64_t vals[] = {5, -3, 100, 0, 7, -32768, 32767, 6};
    int added;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        is = intset_add(is, vals[i], &added);
        cr_assert_eq(added, 1);
    }
    is = intset_add(is, 7, &added);
    cr_assert_eq(added, 0);
    cr_assert_eq(intset_len(is), 8);
    cr_assert_eq(intset_width(is), 2, "every value fits 16 bits");
    assert_sorted_unique(is);
    cr_assert_eq(intset_get(is, 0), -32768);
    cr_assert_eq(intset_get(is, 7), 32767);
    cr_assert_eq(intset_bytes(is), 8 + 8 * 2);
    intset_free(is);
}

Test(intset, widens_to_32_and_64_bits)
{
    struct intset *is = intset_new();
    int added;
    for (int64_t v = -5; v <= 5; v++)
        is = intset_add(is, v, &added);
    is = intset_add(is, 32768, &added); /* above every element: appended */
    cr_assert_eq(intset_width(is), 4);
    cr_assert_eq(intset_get(is, intset_len(is) - 1), 32768);
    is = intset_add(is, -2147483649LL, &added); /* below every element: prepended */
    cr_assert_eq(intset_width(is), 8);
    cr_assert_eq(intset_get(is, 0), -2147483649LL);
    is = intset_add(is, INT64_MAX, &added);
    is = intset_add(is, INT64_MIN, &added);
    cr_assert_eq(intset_len(is), 15);
    assert_sorted_unique(is);
    for (int64_t v = -5; v <= 5; v++)
        cr_assert(intset_find(is, v), "%lld survives widening", (long long)v);
    cr_assert(intset_find(is, INT64_MIN));
    cr_assert(intset_find(is, INT64_MAX));
    cr_assert_eq(intset_bytes(is), 8 + 15 * 8);
    /* Removing the wide values does not narrow the elements again. */
    int removed;
    is = intset_remove(is, INT64_MAX, &removed);
    is = intset_remove(is, INT64_MIN, &removed);
    is = intset_remove(is, -2147483649LL, &removed);
    cr_assert_eq(intset_width(is), 8);
    cr_assert_eq(intset_len(is), 12);
    intset_free(is);
}

Test(intset, wide_value_is_absent_from_narrow_set)
{
    struct intset *is = intset_new();
    int added, removed;
    is = intset_add(is, 1, &added);
    cr_assert_not(intset_find(is, 1LL << 40));
    is = intset_remove(is, 1LL << 40, &removed);
    cr_assert_eq(removed, 0);
    cr_assert_eq(intset_width(is), 2);
    intset_free(is);
}

Test(intset, remove_shifts_and_shrinks)
{
    struct intset *is = intset_new();
    int added, removed;
    for (int64_t v = 0; v < 100; v++)
        is = intset_add(is, v * 3, &added);
    for (int64_t v = 0; v < 100; v += 2) {
        is = intset_remove(is, v * 3, &removed);
        cr_assert_eq(removed, 1);
    }
    cr_assert_eq(intset_len(is), 50);
    cr_assert_eq(intset_bytes(is), 8 + 50 * 2);
    for (uint32_t i = 0; i < 50; i++)
        cr_assert_eq(intset_get(is, i), (int64_t)(2 * i + 1) * 3);
    is = intset_remove(is, 4, &removed);
    cr_assert_eq(removed, 0);
    intset_free(is);
}

Test(intset, dup_is_independent)
{
    struct intset *is = intset_new();
    int added;
    for (int64_t v = 0; v < 20; v++)
        is = intset_add(is, v << 20, &added);
    struct intset *c = intset_dup(is);
    cr_assert_eq(intset_bytes(c), intset_bytes(is));
    is = intset_add(is, -1, &added);
    cr_assert_eq(intset_len(c), 20);
    cr_assert_not(intset_find(c, -1));
    for (uint32_t i = 0; i < 20; i++)
        cr_assert_eq(intset_get(c, i), (int64_t)i << 20);
    intset_free(c);
    intset_free(is);
}

/* A model: a sorted array of distinct values drawn from ranges of every width. */
#define MODEL_MAX 3000

static int64_t random_value(void)
{
    int64_t small = rand() % 200 - 100;
    switch (rand() % 4) {
    case 0:
        return small;
    case 1:
        return small * 1000;
    case 2:
        return small * 100000000LL;
    default:
        return small * 90000000000000000LL;
    }
}

static int model_find(const int64_t *m, int n, int64_t v)
{
    for (int i = 0; i < n; i++)
        if (m[i] == v) return i;
    return -1;
}

Test(intset, random_operations_match_a_model)
{
    static int64_t model[MODEL_MAX];
    int n = 0;
    struct intset *is = intset_new();
    srand(11);
    for (int step = 0; step < 30000; step++) {
        int64_t v = random_value();
        int at = model_find(model, n, v);
        int r = rand() % 10;
        if (r < 6 && n < MODEL_MAX) {
            int added;
            is = intset_add(is, v, &added);
            cr_assert_eq(added, at < 0, "add %lld", (long long)v);
            if (at < 0) model[n++] = v;
        } else if (r < 9) {
            int removed;
            is = intset_remove(is, v, &removed);
            cr_assert_eq(removed, at >= 0, "remove %lld", (long long)v);
            if (at >= 0) model[at] = model[--n];
        } else {
            cr_assert_eq(intset_find(is, v), at >= 0, "find %lld", (long long)v);
        }
    }
    cr_assert_eq(intset_len(is), (uint32_t)n);
    assert_sorted_unique(is);
    for (int i = 0; i < n; i++)
        cr_assert(intset_find(is, model[i]));
    intset_free(is);
}
