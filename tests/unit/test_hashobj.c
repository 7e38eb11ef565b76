/* Unit tests of hash values: set/get/delete against a simple model under random operations in
 * both encodings and across the conversion, the thresholds that convert, random fields, deep
 * copies, and usage that grows with the contents. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/hashobj.h"
#include "tessera/config.h"

#define FIELDS 1500

static void count_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    (*(int *)arg)++;
}

static void defaults(void)
{
    config_defaults(&g_config);
}

TestSuite(hashobj, .init = defaults);

/* Random sets and deletes over `fields` distinct fields, checked against a model; returns the
 * hash for the caller to inspect and free. */
static struct hashobj *random_operations(int fields)
{
    struct hashobj *h = hashobj_new();
    static int model[FIELDS]; /* 0: absent, else the value */
    memset(model, 0, sizeof model);
    srand(7);
    for (int step = 0; step < 20000; step++) {
        int i = rand() % fields;
        char f[24], v[16];
        int flen = sprintf(f, "field:%d", i);
        if (rand() % 3) {
            int val = 1 + rand() % 1000;
            int vlen = sprintf(v, "%d", val);
            cr_assert_eq(hashobj_set(&h, f, (size_t)flen, v, (size_t)vlen), model[i] == 0);
            model[i] = val;
        } else {
            cr_assert_eq(hashobj_del(&h, f, (size_t)flen), model[i] != 0);
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
    return h;
}

Test(hashobj, random_operations_match_a_model_in_the_dict)
{
    struct hashobj *h = random_operations(FIELDS);
    cr_assert_str_eq(hashobj_encoding(h), "hashtable");
    hashobj_free(h);
}

Test(hashobj, random_operations_match_a_model_in_the_listpack)
{
    struct hashobj *h = random_operations(100);
    cr_assert_str_eq(hashobj_encoding(h), "listpack");
    hashobj_free(h);
}

Test(hashobj, converts_past_either_threshold_and_keeps_the_fields)
{
    g_config.hash_max_listpack_entries = 128;
    struct hashobj *h = hashobj_new();
    char f[16];
    for (int i = 0; i < 128; i++)
        hashobj_set(&h, f, (size_t)sprintf(f, "f%d", i), "v", 1);
    cr_assert_str_eq(hashobj_encoding(h), "listpack");
    hashobj_set(&h, "f0", 2, "w", 1);
    cr_assert_str_eq(hashobj_encoding(h), "listpack", "replacing a field adds none");
    hashobj_set(&h, "f128", 4, "v", 1);
    cr_assert_str_eq(hashobj_encoding(h), "hashtable");
    cr_assert_eq(hashobj_len(h), 129);
    const char *v;
    size_t vlen;
    cr_assert(hashobj_get(h, "f0", 2, &v, &vlen) && vlen == 1 && v[0] == 'w');
    hashobj_free(h);

    h = hashobj_new();
    char big[65];
    memset(big, 'x', sizeof big);
    hashobj_set(&h, "a", 1, big, 64);
    cr_assert_str_eq(hashobj_encoding(h), "listpack");
    hashobj_set(&h, "b", 1, big, 65);
    cr_assert_str_eq(hashobj_encoding(h), "hashtable");
    cr_assert(hashobj_get(h, "a", 1, &v, &vlen) && vlen == 64);
    hashobj_free(h);
}

Test(hashobj, random_field_is_a_member)
{
    for (int fields = 3; fields <= 300; fields += 297) {
        struct hashobj *h = hashobj_new();
        const char *f, *v;
        size_t flen, vlen;
        cr_assert_not(hashobj_random(h, &f, &flen, &v, &vlen));
        char name[16];
        for (int i = 0; i < fields; i++) {
            int n = sprintf(name, "%d", i);
            hashobj_set(&h, name, (size_t)n, name, (size_t)n);
        }
        for (int i = 0; i < 50; i++) {
            cr_assert(hashobj_random(h, &f, &flen, &v, &vlen));
            cr_assert(flen == vlen && memcmp(f, v, flen) == 0);
            cr_assert(hashobj_get(h, f, flen, &v, &vlen));
        }
        hashobj_free(h);
    }
}

static void dup_is_deep_and_usage_grows(void)
{
    struct hashobj *h = hashobj_new();
    size_t empty = hashobj_usage(h);
    hashobj_set(&h, "a", 1, "1", 1);
    hashobj_set(&h, "b", 1, "2", 1);
    cr_assert_gt(hashobj_usage(h), empty);
    struct hashobj *c = hashobj_dup(h);
    hashobj_set(&c, "a", 1, "changed", 7);
    hashobj_del(&c, "b", 1);
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

Test(hashobj, dup_is_deep_and_usage_grows)
{
    dup_is_deep_and_usage_grows();
    g_config.hash_max_listpack_entries = 1; /* the dict encoding */
    dup_is_deep_and_usage_grows();
}
