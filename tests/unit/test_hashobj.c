/* Unit tests of hash values: set/get/delete against a simple model under random operations,
 * deep copies, and usage that grows with the contents. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/hashobj.h"

#define FIELDS 500

static void count_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    (*(int *)arg)++;
}

Test(hashobj, random_operations_match_a_model)
{
    struct hashobj *h = hashobj_new();
    static int model[FIELDS]; /* 0: absent, else the value */
    memset(model, 0, sizeof model);
    srand(7);
    for (int step = 0; step < 20000; step++) {
        int i = rand() % FIELDS;
        char f[16], v[16];
        int flen = sprintf(f, "field:%d", i);
        if (rand() % 3) {
            int val = 1 + rand() % 1000;
            int vlen = sprintf(v, "%d", val);
            cr_assert_eq(hashobj_set(h, f, (size_t)flen, v, (size_t)vlen), model[i] == 0);
            model[i] = val;
        } else {
            cr_assert_eq(hashobj_del(h, f, (size_t)flen), model[i] != 0);
            model[i] = 0;
        }
    }
    uint64_t n = 0;
    for (int i = 0; i < FIELDS; i++) {
        char f[16], want[16];
        int flen = sprintf(f, "field:%d", i);
        const char *v;
        size_t vlen;
        int found = hashobj_get(h, f, (size_t)flen, &v, &vlen);
        cr_assert_eq(found, model[i] != 0, "field %d", i);
        if (found) {
            int wlen = sprintf(want, "%d", model[i]);
            cr_assert_eq(vlen, (size_t)wlen);
            cr_assert(memcmp(v, want, vlen) == 0);
            n++;
        }
    }
    cr_assert_eq(hashobj_len(h), n);
    int visited = 0;
    hashobj_foreach(h, count_field, &visited);
    cr_assert_eq((uint64_t)visited, n);
    hashobj_free(h);
}

Test(hashobj, dup_is_deep_and_usage_grows)
{
    struct hashobj *h = hashobj_new();
    size_t empty = hashobj_usage(h);
    hashobj_set(h, "a", 1, "1", 1);
    hashobj_set(h, "b", 1, "2", 1);
    cr_assert_gt(hashobj_usage(h), empty);
    struct hashobj *c = hashobj_dup(h);
    hashobj_set(c, "a", 1, "changed", 7);
    hashobj_del(c, "b", 1);
    const char *v;
    size_t vlen;
    cr_assert(hashobj_get(h, "a", 1, &v, &vlen));
    cr_assert_eq(vlen, 1);
    cr_assert_eq(v[0], '1');
    cr_assert(hashobj_get(h, "b", 1, &v, &vlen), "the original keeps its fields");
    cr_assert_eq(hashobj_len(c), 1);
    hashobj_free(c);
    hashobj_free(h);
}
