/* Unit tests of the keyspace dict: growth, deletion, incremental rehash and scan guarantees,
 * checked against a simple model (an array of flags). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/entry.h"
#include "tessera/mem.h"
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
        cr_assert_eq(dict_find(&d, entry_key(e), entry_keylen(e)), e);
    }
    dict_clear(&d, free_entry, &(int){0});
}

/* Draws `draws` entries of a dict of keys key:0 .. key:n-1 and counts how often each came. */
static void count_draws(struct dict *d, int n, int draws, int fair, int *hits)
{
    memset(hits, 0, sizeof(int) * (size_t)n);
    for (int i = 0; i < draws; i++) {
        struct entry *e = fair ? dict_random_fair(d) : dict_random(d);
        int k;
        cr_assert_eq(sscanf(entry_key(e), "key:%d", &k), 1);
        cr_assert(k >= 0 && k < n);
        hits[k]++;
    }
}

Test(dict, random_fair_draws_every_entry_about_equally)
{
    enum { KEYS = 200, DRAWS = 40000 };
    struct dict d;
    dict_init(&d);
    cr_assert_null(dict_random_fair(&d));
    char k[32];
    for (int i = 0; i < KEYS; i++) {
        int n = keyname(k, i);
        dict_add(&d, entry_new_string(k, (size_t)n, "v", 1, EXPIRE_NONE));
    }
    int hits[KEYS];
    /* 200 expected each (a standard deviation of 14): 100 and 320 are far outside chance. */
    count_draws(&d, KEYS, DRAWS, 1, hits);
    for (int i = 0; i < KEYS; i++)
        cr_assert(hits[i] > 100 && hits[i] < 320, "key:%d drawn %d times of %d", i, hits[i], DRAWS);
    /* The cheap pick still reaches every entry (an entry is never shadowed by its chain). */
    count_draws(&d, KEYS, DRAWS, 0, hits);
    for (int i = 0; i < KEYS; i++)
        cr_assert(hits[i] > 0, "key:%d never drawn", i);
    dict_clear(&d, free_entry, &(int){0});
}

Test(dict, random_fair_draws_from_both_tables_while_resizing)
{
    enum { KEYS = 2000 };
    struct dict d;
    dict_init(&d);
    char k[32];
    for (int i = 0; i < KEYS; i++) {
        int n = keyname(k, i);
        dict_add(&d, entry_new_string(k, (size_t)n, "v", 1, EXPIRE_NONE));
    }
    /* Past 2048 the table doubles: the next keys land while the rehash is under way. */
    while (dict_size(&d) <= 2048 || d.rehash_idx < 0) {
        int n = keyname(k, (int)dict_size(&d));
        dict_add(&d, entry_new_string(k, (size_t)n, "v", 1, EXPIRE_NONE));
    }
    int keys = (int)dict_size(&d);
    int *hits = calloc((size_t)keys, sizeof *hits);
    count_draws(&d, keys, 100 * keys, 1, hits);
    for (int i = 0; i < keys; i++)
        cr_assert(hits[i] > 40 && hits[i] < 180, "key:%d drawn %d times", i, hits[i]);
    free(hits);
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
    cr_assert_eq(sizeof(struct entry), 16, "the header is 16 bytes");
    char key[300];
    memset(key, 'k', sizeof key);
    struct entry *e = entry_new_string(key, sizeof key, "v", 1, EXPIRE_NONE);
    cr_assert(e->flags & ENTRY_WIDE, "a 300-byte key takes the wide form");
    const uint64_t lens[] = {0,
                             1,
                             ENTRY_VLEN_COMPACT_MAX + 1,
                             UINT32_MAX,
                             (uint64_t)UINT32_MAX + 1,
                             (uint64_t)UINT32_MAX + 2,
                             UINT64_C(0x123456789a),
                             ENTRY_VLEN_MAX};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        entry_set_vlen(e, lens[i]);
        cr_assert_eq(entry_vlen(e), lens[i], "length %llu", (unsigned long long)lens[i]);
        cr_assert_eq(e->type, OBJ_STRING, "the neighbouring fields are untouched");
        cr_assert_eq(entry_keylen(e), sizeof key);
        cr_assert(!memcmp(entry_key(e), key, sizeof key));
    }
    entry_set_vlen(e, 1);
    entry_free(e);
}

Test(entry, compact_lengths_keep_the_key_length_apart)
{
    char key[255];
    memset(key, 'k', sizeof key);
    struct entry *e = entry_new_string(key, sizeof key, "v", 1, 777);
    cr_assert_not(e->flags & ENTRY_WIDE, "255-byte keys are compact");
    const uint64_t lens[] = {0, 1, 255, 256, 65536, ENTRY_VLEN_COMPACT_MAX};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        entry_set_vlen(e, lens[i]);
        cr_assert_eq(entry_vlen(e), lens[i], "length %llu", (unsigned long long)lens[i]);
        cr_assert_eq(entry_keylen(e), sizeof key);
        cr_assert_eq(entry_expire(e), 777);
    }
    entry_set_vlen(e, 1);
    entry_free(e);
}

/* The benchmark's key (16 bytes, 32-byte value): header, key and value and nothing else, 64 bytes
 * once the header is 16. */
Test(entry, a_small_key_is_one_block_of_header_key_and_value)
{
    struct entry *e = entry_new_string("key:000000000001", 16, "vvvvvvvvvvvvvvvvvvvvvv0000000001",
                                       32, EXPIRE_NONE);
    cr_assert_not(e->flags & (ENTRY_WIDE | ENTRY_EXTERNAL));
    cr_assert_eq(entry_slot(e) + 32 - (char *)e, ENTRY_HEADER + 48);
    entry_free(e);
}

/* Keys of 256 bytes and more take the wide form: with and without expiry, renamed to a short
 * key (compact again) and back, copied, found in a dict. */
Test(entry, long_keys_take_the_wide_form)
{
    char key[300];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (char)('a' + i % 26);
    struct entry *e = entry_new_string(key, sizeof key, "hello", 5, EXPIRE_NONE);
    cr_assert(e->flags & ENTRY_WIDE);
    cr_assert_eq(entry_keylen(e), 300);
    cr_assert_eq(entry_vlen(e), 5);
    cr_assert_eq(entry_expire(e), EXPIRE_NONE);
    cr_assert(!memcmp(entry_key(e), key, sizeof key));
    cr_assert(!memcmp(entry_value(e), "hello", 5));
    e = entry_with_expire(e, 987654321);
    cr_assert_eq(entry_expire(e), 987654321);
    cr_assert(!memcmp(entry_key(e), key, sizeof key));
    cr_assert(!memcmp(entry_value(e), "hello", 5));
    e = entry_with_expire(e, 42); /* in place */
    cr_assert_eq(entry_expire(e), 42);
    cr_assert_eq(entry_keylen(e), 300);
    e = entry_resize_string(e, 2000);
    cr_assert_eq(entry_expire(e), 42);
    cr_assert(!memcmp(entry_key(e), key, sizeof key));
    cr_assert(!memcmp(entry_value(e), "hello\0", 6));
    struct entry *c = entry_copy(e, key, 256);
    cr_assert(c->flags & ENTRY_WIDE);
    cr_assert_eq(entry_keylen(c), 256);
    cr_assert_eq(entry_vlen(c), 2000);
    cr_assert_eq(entry_expire(c), 42);
    entry_free(c);
    e = entry_rekey(e, "short", 5);
    cr_assert_not(e->flags & ENTRY_WIDE, "a short key is compact again");
    cr_assert_eq(entry_expire(e), 42);
    cr_assert_eq(entry_vlen(e), 2000);
    cr_assert(!memcmp(entry_value(e), "hello\0", 6));
    e = entry_rekey(e, key, sizeof key);
    cr_assert(e->flags & ENTRY_WIDE);
    e = entry_with_expire(e, EXPIRE_NONE);
    cr_assert_eq(entry_expire(e), EXPIRE_NONE);
    cr_assert(!memcmp(entry_key(e), key, sizeof key));
    struct dict d;
    dict_init(&d);
    dict_add(&d, e);
    cr_assert_eq(dict_find(&d, key, sizeof key), e);
    cr_assert_null(dict_find(&d, key, 299));
    struct entry *o = entry_new_object(key, 299, OBJ_HASH, NULL, 5);
    cr_assert(o->flags & ENTRY_WIDE);
    cr_assert_null(entry_object(o));
    cr_assert_eq(entry_expire(o), 5);
    cr_assert_eq(entry_vlen(o), 0);
    mem_free(o);
    dict_clear(&d, free_entry, &(int){0});
}

/* A compact string that grows past 16 MiB (APPEND, SETRANGE) turns wide and keeps its key,
 * expiry and bytes; shrinking keeps it wide. Inline and external values alike. */
static void grows_past_compact(size_t start, int64_t expire_at, int external)
{
    char *v = mem_alloc(start);
    for (size_t i = 0; i < start; i++)
        v[i] = (char)('0' + i % 10);
    struct entry *e = entry_new_string("grow", 4, v, start, expire_at);
    cr_assert_not(e->flags & ENTRY_WIDE);
    cr_assert_eq((e->flags & ENTRY_EXTERNAL) != 0, external);
    const size_t big = ENTRY_VLEN_COMPACT_MAX + 10;
    e = entry_resize_string(e, ENTRY_VLEN_COMPACT_MAX);
    cr_assert_not(e->flags & ENTRY_WIDE, "16 MiB - 1 still fits");
    e = entry_resize_string(e, big);
    cr_assert(e->flags & ENTRY_WIDE);
    cr_assert_eq((e->flags & ENTRY_EXTERNAL) != 0, external, "the value stays where it was");
    cr_assert_eq(entry_vlen(e), big);
    cr_assert_eq(entry_keylen(e), 4);
    cr_assert(!memcmp(entry_key(e), "grow", 4));
    cr_assert_eq(entry_expire(e), expire_at);
    char *got = entry_value(e);
    cr_assert(!memcmp(got, v, start));
    cr_assert(got[start] == 0 && got[big - 1] == 0);
    got[big - 1] = 'z';
    e = entry_resize_string(e, big + 1000);
    cr_assert_eq(entry_value(e)[big - 1], 'z');
    cr_assert(!memcmp(entry_value(e), v, start));
    e = entry_resize_string(e, start);
    cr_assert_eq(entry_vlen(e), start);
    cr_assert(!memcmp(entry_value(e), v, start));
    cr_assert_eq(entry_expire(e), expire_at);
    struct entry *c = entry_copy(e, "copy", 4);
    cr_assert_not(c->flags & ENTRY_WIDE, "a copy takes the form its lengths need");
    cr_assert_eq(entry_vlen(c), start);
    cr_assert(!memcmp(entry_value(c), v, start));
    cr_assert_eq(entry_expire(c), expire_at);
    entry_free(c);
    e = entry_with_expire(e, expire_at == EXPIRE_NONE ? 31 : EXPIRE_NONE);
    cr_assert_eq(entry_expire(e), expire_at == EXPIRE_NONE ? 31 : EXPIRE_NONE);
    cr_assert(!memcmp(entry_value(e), v, start));
    cr_assert(!memcmp(entry_key(e), "grow", 4));
    entry_free(e);
    mem_free(v);
}

Test(entry, an_inline_string_turns_wide_as_it_grows)
{
    grows_past_compact(5, EXPIRE_NONE, 0);
    grows_past_compact(5, 1234567, 0);
}

Test(entry, an_external_string_turns_wide_as_it_grows)
{
    grows_past_compact(1010, EXPIRE_NONE, 1);
    grows_past_compact(1010, 1234567, 1);
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

/* A string past a size class's boundary lives in a block of its own (an entry of 1031 bytes
 * would take 1280; 1021 fits 1024 and stays inline); its value reads, grows, moves with a new
 * expiry or key, copies and frees like an inline one. */
Test(entry, external_values_behave_like_inline_ones)
{
    char big[1010], key[] = "key:1";
    memset(big, 'x', sizeof big);
    struct entry *e = entry_new_string(key, 5, big, sizeof big, EXPIRE_NONE);
    cr_assert(e->flags & ENTRY_EXTERNAL, "1031 bytes in one block would take 1280");
    cr_assert_eq(entry_vlen(e), sizeof big);
    struct entry *fits = entry_new_string(key, 5, big, 1000, EXPIRE_NONE);
    cr_assert_not(fits->flags & ENTRY_EXTERNAL, "1021 bytes fit the 1024-byte class");
    entry_free(fits);
    cr_assert(!memcmp(entry_value(e), big, sizeof big));
    struct entry *small = entry_new_string(key, 5, "v", 1, EXPIRE_NONE);
    cr_assert_not(small->flags & ENTRY_EXTERNAL, "short strings stay inline");
    entry_free(small);
    size_t usage = entry_usage(e);
    cr_assert_geq(usage, sizeof big + sizeof(struct entry));
    e = entry_with_expire(e, 12345);
    cr_assert_eq(entry_expire(e), 12345);
    cr_assert(!memcmp(entry_value(e), big, sizeof big), "the value moved with the expiry");
    e = entry_resize_string(e, 3000);
    cr_assert(!memcmp(entry_value(e), big, sizeof big));
    for (size_t i = sizeof big; i < 3000; i++)
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

Test(entry, a_string_is_overwritten_in_place_only_within_its_size_class)
{
    char v32[32], v40[40], big[2000];
    memset(v32, 'a', sizeof v32);
    memset(v40, 'b', sizeof v40);
    memset(big, 'c', sizeof big);
    struct entry *e = entry_new_string("key:0000000001", 14, v32, 32, EXPIRE_NONE);
    size_t usable = mem_usable(e);
    /* the same length: in place, value and length new, key kept */
    v32[0] = 'z';
    cr_assert_eq(entry_overwrite_string(e, v32, 32, EXPIRE_NONE), 1);
    cr_assert_eq(entry_vlen(e), 32);
    cr_assert(memcmp(entry_value(e), v32, 32) == 0);
    cr_assert(memcmp(entry_key(e), "key:0000000001", 14) == 0);
    cr_assert_eq(mem_usable(e), usable);
    /* a length whose new entry would take another size class: refused, e unchanged */
    cr_assert_eq(entry_overwrite_string(e, big, sizeof big, EXPIRE_NONE), 0);
    cr_assert_eq(entry_vlen(e), 32);
    cr_assert(memcmp(entry_value(e), v32, 32) == 0);
    /* an expiry where there was none (another layout): refused */
    cr_assert_eq(entry_overwrite_string(e, v32, 32, 99), 0);
    cr_assert_eq(entry_expire(e), EXPIRE_NONE);
    /* with an expiry both times: in place, the new expiry kept */
    e = entry_with_expire(e, 1000);
    cr_assert_eq(entry_overwrite_string(e, v32, 32, 2000), 1);
    cr_assert_eq(entry_expire(e), 2000);
    cr_assert(memcmp(entry_key(e), "key:0000000001", 14) == 0);
    /* shorter within the class (or refused when the class differs); the bytes always right */
    if (entry_overwrite_string(e, v40, 30, 2000)) {
        cr_assert_eq(entry_vlen(e), 30);
        cr_assert(memcmp(entry_value(e), v40, 30) == 0);
        cr_assert_eq(entry_expire(e), 2000);
    }
    entry_free(e);
    /* objects and external strings are never overwritten as strings */
    struct entry *x = entry_new_string("k", 1, big, sizeof big, EXPIRE_NONE);
    if (x->flags & ENTRY_EXTERNAL)
        cr_assert_eq(entry_overwrite_string(x, big, sizeof big, EXPIRE_NONE), 0);
    entry_free(x);
}
