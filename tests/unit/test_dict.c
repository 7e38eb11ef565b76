/* Unit tests of the keyspace dict: growth, deletion, incremental rehash and scan guarantees,
 * checked against a simple model (an array of flags). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "shard/entry.h"
#include "tessera/dict.h"

#define N 20000

static int keyname(char *buf, int i)
{
    return sprintf(buf, "key:%d", i);
}

static void free_entry(struct entry *e, void *arg)
{
    (*(int *)arg)++;
    entry_free(e);
}

Test(dict, grows_and_finds_every_key)
{
    struct dict d;
    dict_init(&d);
    char k[32];
    for (int i = 0; i < N; i++) {
        int n = keyname(k, i);
        cr_assert_null(dict_find(&d, k, (size_t)n));
        dict_add(&d, entry_new_string(k, (size_t)n, k, (size_t)n, EXPIRE_NONE));
        cr_assert_eq(dict_size(&d), (uint64_t)i + 1);
    }
    for (int i = 0; i < N; i++) {
        int n = keyname(k, i);
        struct entry *e = dict_find(&d, k, (size_t)n);
        cr_assert_not_null(e);
        cr_assert_eq(entry_vlen(e), (uint64_t)n);
        cr_assert(memcmp(entry_value(e), k, (size_t)n) == 0);
    }
    int freed = 0;
    dict_clear(&d, free_entry, &freed);
    cr_assert_eq(freed, N);
    cr_assert_eq(dict_size(&d), 0);
}

Test(dict, deletes_while_rehashing_and_shrinks)
{
    struct dict d;
    dict_init(&d);
    char k[32];
    static char present[N];
    memset(present, 0, sizeof present);
    for (int i = 0; i < N; i++) {
        int n = keyname(k, i);
        dict_add(&d, entry_new_string(k, (size_t)n, "v", 1, EXPIRE_NONE));
        present[i] = 1;
        if (i % 3 == 0) {
            int j = i / 2;
            n = keyname(k, j);
            struct entry *e = dict_unlink(&d, k, (size_t)n);
            cr_assert_eq(e != NULL, present[j] == 1);
            if (e) entry_free(e);
            present[j] = 0;
        }
    }
    uint64_t count = 0;
    for (int i = 0; i < N; i++) {
        int n = keyname(k, i);
        cr_assert_eq(dict_find(&d, k, (size_t)n) != NULL, present[i] == 1, "key %d", i);
        count += present[i];
    }
    cr_assert_eq(dict_size(&d), count);
    for (int i = 0; i < N; i++) {
        int n = keyname(k, i);
        struct entry *e = dict_unlink(&d, k, (size_t)n);
        if (e) entry_free(e);
    }
    cr_assert_eq(dict_size(&d), 0);
    cr_assert_leq(d.size[0] + d.size[1], 64, "the table shrinks as it empties");
    dict_clear(&d, NULL, NULL);
}

static void count_visit(struct entry *e, void *arg)
{
    int i = atoi(entry_key(e) + 4); /* "key:<i>" followed by the value bytes: atoi stops at 'v' */
    ((int *)arg)[i]++;
}

Test(dict, scan_visits_every_key_across_resizes)
{
    struct dict d;
    dict_init(&d);
    char k[32];
    static int seen[N];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < N / 2; i++) {
        int n = keyname(k, i);
        dict_add(&d, entry_new_string(k, (size_t)n, "v", 1, EXPIRE_NONE));
    }
    uint64_t cursor = 0;
    int added = N / 2, steps = 0;
    do {
        cursor = dict_scan(&d, cursor, count_visit, seen);
        /* Grow the table while the scan is under way. */
        for (int j = 0; j < 5 && added < N; j++, added++) {
            int n = keyname(k, added);
            dict_add(&d, entry_new_string(k, (size_t)n, "v", 1, EXPIRE_NONE));
        }
        steps++;
    } while (cursor != 0 && steps < 10 * N);
    for (int i = 0; i < N / 2; i++)
        cr_assert_geq(seen[i], 1, "key %d present throughout not seen", i);
    dict_clear(&d, free_entry, &(int){0});
}

Test(dict, random_returns_members)
{
    struct dict d;
    dict_init(&d);
    cr_assert_null(dict_random(&d));
    char k[32];
    for (int i = 0; i < 1000; i++) {
        int n = keyname(k, i);
        dict_add(&d, entry_new_string(k, (size_t)n, "v", 1, EXPIRE_NONE));
    }
    for (int i = 0; i < 1000; i++) {
        struct entry *e = dict_random(&d);
        cr_assert_not_null(e);
        cr_assert_eq(dict_find(&d, entry_key(e), e->keylen), e);
    }
    dict_clear(&d, free_entry, &(int){0});
}

Test(entry, expiry_and_resize_keep_key_and_value)
{
    struct entry *e = entry_new_string("k", 1, "hello", 5, EXPIRE_NONE);
    cr_assert_eq(entry_expire(e), EXPIRE_NONE);
    e = entry_with_expire(e, 123456);
    cr_assert_eq(entry_expire(e), 123456);
    cr_assert(memcmp(entry_key(e), "k", 1) == 0);
    cr_assert(memcmp(entry_value(e), "hello", 5) == 0);
    e = entry_resize_string(e, 8);
    cr_assert_eq(entry_vlen(e), 8);
    cr_assert(memcmp(entry_value(e), "hello\0\0\0", 8) == 0);
    e = entry_with_expire(e, EXPIRE_NONE);
    cr_assert_eq(entry_expire(e), EXPIRE_NONE);
    cr_assert(memcmp(entry_value(e), "hello\0\0\0", 8) == 0);
    struct entry *c = entry_copy(e, "other", 5);
    cr_assert(memcmp(entry_key(c), "other", 5) == 0);
    cr_assert_eq(entry_vlen(c), 8);
    entry_free(c);
    entry_free(e);
}

Test(entry, value_lengths_past_32_bits_are_kept_whole)
{
    cr_assert_eq(sizeof(struct entry), 24, "the header stays 24 bytes");
    struct entry *e = entry_new_string("k", 1, "v", 1, EXPIRE_NONE);
    const uint64_t lens[] = {0,
                             1,
                             UINT32_MAX,
                             (uint64_t)UINT32_MAX + 1,
                             (uint64_t)UINT32_MAX + 2,
                             UINT64_C(0x123456789a),
                             ENTRY_VLEN_MAX};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        entry_set_vlen(e, lens[i]);
        cr_assert_eq(entry_vlen(e), lens[i], "length %llu", (unsigned long long)lens[i]);
        cr_assert_eq(e->type, OBJ_STRING, "the neighbouring fields are untouched");
        cr_assert_eq(e->keylen, 1);
    }
    entry_set_vlen(e, 1);
    entry_free(e);
}

/* 4 GiB + 1 byte: past the 32-bit length that once cut such values. */
Test(entry, a_string_grows_past_4_gib)
{
    const size_t len = (size_t)UINT32_MAX + 2;
    struct entry *e = entry_new_string("k", 1, "ab", 2, EXPIRE_NONE);
    e = entry_resize_string(e, len);
    cr_assert_eq(entry_vlen(e), len);
    char *v = entry_value(e);
    cr_assert(v[0] == 'a' && v[1] == 'b' && v[2] == 0 && v[len - 1] == 0);
    entry_free(e);
}

/* A string past a size class's boundary lives in a block of its own (an entry of 1034 bytes
 * would take 1280); its value reads, grows, moves with a new expiry or key, copies and frees like
 * an inline one. */
Test(entry, external_values_behave_like_inline_ones)
{
    char big[1000], key[] = "key:1";
    memset(big, 'x', sizeof big);
    struct entry *e = entry_new_string(key, 5, big, sizeof big, EXPIRE_NONE);
    cr_assert(e->flags & ENTRY_EXTERNAL, "1034 bytes in one block would take 1280");
    cr_assert_eq(entry_vlen(e), 1000);
    cr_assert(!memcmp(entry_value(e), big, sizeof big));
    struct entry *small = entry_new_string(key, 5, "v", 1, EXPIRE_NONE);
    cr_assert_not(small->flags & ENTRY_EXTERNAL, "short strings stay inline");
    entry_free(small);
    size_t usage = entry_usage(e);
    cr_assert_geq(usage, 1000 + sizeof(struct entry));
    e = entry_with_expire(e, 12345);
    cr_assert_eq(entry_expire(e), 12345);
    cr_assert(!memcmp(entry_value(e), big, sizeof big), "the value moved with the expiry");
    e = entry_resize_string(e, 3000);
    cr_assert(!memcmp(entry_value(e), big, sizeof big));
    for (int i = 1000; i < 3000; i++)
        cr_assert_eq(entry_value(e)[i], 0, "grown bytes are zero");
    struct entry *c = entry_copy(e, "other", 5);
    cr_assert_eq(entry_vlen(c), 3000);
    cr_assert(!memcmp(entry_value(c), big, sizeof big));
    cr_assert_neq(entry_value(c), entry_value(e), "a copy has its own bytes");
    entry_free(c);
    e = entry_rekey(e, "renamed", 7);
    cr_assert(!memcmp(entry_key(e), "renamed", 7));
    cr_assert(!memcmp(entry_value(e), big, sizeof big));
    entry_free(e);
}
