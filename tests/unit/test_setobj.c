/* Unit tests of set values in both encodings: random operations against a model, the intset to
 * hashtable conversion (a non-integer member, a non-canonical integer, the entry threshold, and
 * never back), random members and pops, SSCAN steps, copies, swaps and usage. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/setobj.h"
#include "tessera/config.h"
#include "tessera/util.h"

static void set_threshold(int n)
{
    g_config.set_max_intset_entries = n;
}

static void defaults(void)
{
    set_threshold(512);
}

TestSuite(setobj, .init = defaults);

static int add(struct setobj *s, const char *m)
{
    return setobj_add(s, m, strlen(m));
}

static int del(struct setobj *s, const char *m)
{
    return setobj_remove(s, m, strlen(m));
}

static int has(struct setobj *s, const char *m)
{
    return setobj_contains(s, m, strlen(m));
}

static int is_intset(const struct setobj *s)
{
    return strcmp(setobj_encoding(s), "intset") == 0;
}

/* The model: a universe of members and whether each is in the set. */
#define UNIVERSE 400

struct model {
    char names[UNIVERSE][32];
    int in[UNIVERSE];
    int n; /* members in the set */
};

static int model_index(const struct model *md, const char *m, size_t len)
{
    for (int i = 0; i < UNIVERSE; i++)
        if (strlen(md->names[i]) == len && memcmp(md->names[i], m, len) == 0) return i;
    return -1;
}

struct check {
    const struct model *md;
    int seen[UNIVERSE];
    int visits;
};

static void check_member(const char *m, size_t len, void *arg)
{
    struct check *c = arg;
    int i = model_index(c->md, m, len);
    cr_assert(i >= 0 && c->md->in[i], "visited %.*s, not a member", (int)len, m);
    c->seen[i]++;
    c->visits++;
}

/* Every member once, nothing else. */
static void assert_matches(struct setobj *s, const struct model *md)
{
    static struct check c;
    memset(&c, 0, sizeof c);
    c.md = md;
    cr_assert_eq(setobj_size(s), (uint64_t)md->n);
    setobj_foreach(s, check_member, &c);
    cr_assert_eq(c.visits, md->n);
    for (int i = 0; i < UNIVERSE; i++) {
        cr_assert_eq(c.seen[i], md->in[i], "%s seen %d times", md->names[i], c.seen[i]);
        cr_assert_eq(has(s, md->names[i]), md->in[i], "contains %s", md->names[i]);
    }
}

static void random_ops(struct setobj *s, struct model *md, int steps)
{
    char buf[SETOBJ_INT_BUF];
    for (int step = 0; step < steps; step++) {
        int i = rand() % UNIVERSE;
        int r = rand() % 12;
        if (r < 6) {
            cr_assert_eq(add(s, md->names[i]), !md->in[i], "add %s", md->names[i]);
            md->n += !md->in[i];
            md->in[i] = 1;
        } else if (r < 9) {
            cr_assert_eq(del(s, md->names[i]), md->in[i], "remove %s", md->names[i]);
            md->n -= md->in[i];
            md->in[i] = 0;
        } else if (r < 10) {
            cr_assert_eq(has(s, md->names[i]), md->in[i], "contains %s", md->names[i]);
        } else if (r < 11 && md->n > 0) {
            const char *m;
            size_t len;
            setobj_random(s, buf, &m, &len);
            int k = model_index(md, m, len);
            cr_assert(k >= 0 && md->in[k], "random member %.*s", (int)len, m);
        } else if (md->n > 0) {
            static struct check c;
            memset(&c, 0, sizeof c);
            c.md = md;
            setobj_pop(s, check_member, &c);
            cr_assert_eq(c.visits, 1);
            for (int k = 0; k < UNIVERSE; k++)
                if (c.seen[k]) md->in[k] = 0;
            md->n--;
        }
        cr_assert_eq(setobj_size(s), (uint64_t)md->n);
    }
}

Test(setobj, intset_random_operations_match_a_model)
{
    static struct model md;
    memset(&md, 0, sizeof md);
    static const long long scale[] = {1, 100000, 10000000000LL}; /* 16, 32 and 64 bits */
    for (int i = 0; i < UNIVERSE; i++)
        snprintf(md.names[i], sizeof md.names[i], "%lld", (i - UNIVERSE / 2) * scale[i % 3]);
    set_threshold(UNIVERSE);
    srand(3);
    struct setobj *s = setobj_new();
    random_ops(s, &md, 20000);
    cr_assert(is_intset(s), "integers within the threshold stay an intset");
    assert_matches(s, &md);
    setobj_free(s);
}

Test(setobj, hashtable_random_operations_match_a_model)
{
    static struct model md;
    memset(&md, 0, sizeof md);
    for (int i = 0; i < UNIVERSE; i++)
        if (i % 2)
            snprintf(md.names[i], sizeof md.names[i], "%d", i);
        else
            snprintf(md.names[i], sizeof md.names[i], "member:%d", i);
    srand(5);
    struct setobj *s = setobj_new();
    random_ops(s, &md, 20000);
    cr_assert_str_eq(setobj_encoding(s), "hashtable");
    assert_matches(s, &md);
    /* Emptied by pops, it still works (and stays a hashtable). */
    for (int i = 0; i < UNIVERSE; i++)
        md.in[i] = 0;
    while (setobj_size(s) > 0)
        setobj_pop(s, NULL, NULL);
    md.n = 0;
    assert_matches(s, &md);
    cr_assert_eq(add(s, "7"), 1);
    cr_assert_str_eq(setobj_encoding(s), "hashtable");
    setobj_free(s);
}

Test(setobj, converts_past_the_threshold_and_never_back)
{
    set_threshold(16);
    struct setobj *s = setobj_new();
    char m[16];
    for (int i = 0; i < 16; i++) {
        snprintf(m, sizeof m, "%d", i * 7);
        cr_assert_eq(add(s, m), 1);
    }
    cr_assert(is_intset(s), "16 entries at a threshold of 16");
    cr_assert_eq(add(s, "0"), 0, "a duplicate adds nothing");
    cr_assert(is_intset(s));
    cr_assert_eq(add(s, "-1"), 1);
    cr_assert_str_eq(setobj_encoding(s), "hashtable", "the 17th entry converts");
    cr_assert_eq(setobj_size(s), 17);
    for (int i = 0; i < 16; i++) {
        snprintf(m, sizeof m, "%d", i * 7);
        cr_assert(has(s, m), "%s survives the conversion", m);
    }
    for (int i = 0; i < 14; i++) {
        snprintf(m, sizeof m, "%d", i * 7);
        cr_assert_eq(del(s, m), 1);
    }
    cr_assert_eq(setobj_size(s), 3);
    cr_assert_str_eq(setobj_encoding(s), "hashtable", "never converted back");
    setobj_free(s);
}

Test(setobj, threshold_zero_converts_at_once)
{
    set_threshold(0);
    struct setobj *s = setobj_new();
    cr_assert(is_intset(s));
    cr_assert_eq(add(s, "1"), 1);
    cr_assert_str_eq(setobj_encoding(s), "hashtable");
    cr_assert(has(s, "1"));
    setobj_free(s);
}

Test(setobj, only_canonical_integers_stay_in_the_intset)
{
    const char *keep[] = {"0", "-1", "9223372036854775807", "-9223372036854775808", "12345"};
    const char *convert[] = {"007", "-0",  "+1",  " 1", "1 ", "1.0", "9223372036854775808",
                             "",    "abc", "0x10"};
    struct setobj *s = setobj_new();
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        cr_assert_eq(add(s, keep[i]), 1);
    cr_assert(is_intset(s));
    cr_assert_not(has(s, "00"), "\"00\" is not the member 0");
    cr_assert_not(has(s, "-0"));
    cr_assert_eq(del(s, "+1"), 0);
    cr_assert(is_intset(s), "look-ups and removals of non-integers do not convert");
    for (size_t i = 0; i < sizeof convert / sizeof convert[0]; i++) {
        struct setobj *c = setobj_dup(s);
        cr_assert_eq(add(c, convert[i]), 1, "add \"%s\"", convert[i]);
        cr_assert_str_eq(setobj_encoding(c), "hashtable", "\"%s\" converts", convert[i]);
        cr_assert(has(c, convert[i]));
        cr_assert_eq(setobj_size(c), 6);
        for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
            cr_assert(has(c, keep[k]));
        setobj_free(c);
    }
    setobj_free(s);
}

static void collect(const char *m, size_t len, void *arg)
{
    char *out = arg;
    strncat(out, m, len);
    strcat(out, ",");
}

Test(setobj, intset_visits_in_ascending_order)
{
    struct setobj *s = setobj_new();
    const char *in[] = {"5", "-70000", "3", "4000000000", "0"};
    for (size_t i = 0; i < 5; i++)
        add(s, in[i]);
    char out[128] = "";
    setobj_foreach(s, collect, out);
    cr_assert_str_eq(out, "-70000,0,3,5,4000000000,");
    out[0] = 0;
    cr_assert_eq(setobj_scan(s, 0, 1, collect, out), 0, "an intset is one page");
    cr_assert_str_eq(out, "-70000,0,3,5,4000000000,");
    out[0] = 0;
    cr_assert_eq(setobj_scan(s, 12345, 1, collect, out), 0, "whatever the cursor");
    cr_assert_str_eq(out, "-70000,0,3,5,4000000000,");
    setobj_free(s);
}

struct counter {
    int seen[2000];
    int pages;
};

/* The number after `skip` characters of a member; members are not NUL-terminated. */
static long long member_number(const char *m, size_t len, size_t skip)
{
    long long v = -1;
    cr_assert(len > skip && str_to_ll(m + skip, len - skip, &v), "member %.*s", (int)len, m);
    return v;
}

static void count_scanned(const char *m, size_t len, void *arg)
{
    struct counter *c = arg;
    long long i = member_number(m, len, 2);
    cr_assert(i >= 0 && i < 2000);
    c->seen[i]++;
}

Test(setobj, hashtable_scan_covers_every_member)
{
    struct setobj *s = setobj_new();
    char m[16];
    for (int i = 0; i < 2000; i++) {
        snprintf(m, sizeof m, "m:%d", i);
        add(s, m);
    }
    static struct counter c;
    memset(&c, 0, sizeof c);
    uint64_t cursor = 0;
    do {
        cursor = setobj_scan(s, cursor, 10, count_scanned, &c);
        c.pages++;
    } while (cursor);
    for (int i = 0; i < 2000; i++)
        cr_assert_eq(c.seen[i], 1, "m:%d seen %d times", i, c.seen[i]);
    cr_assert(c.pages > 20, "COUNT 10 takes many pages (%d)", c.pages);
    setobj_free(s);
}

Test(setobj, pops_take_every_member_once)
{
    for (int enc = 0; enc < 2; enc++) {
        struct setobj *s = setobj_new();
        static struct model md;
        memset(&md, 0, sizeof md);
        for (int i = 0; i < 300; i++) {
            snprintf(md.names[i], sizeof md.names[i], enc ? "x%d" : "%d", i);
            add(s, md.names[i]);
            md.in[i] = 1;
        }
        md.n = 300;
        static struct check c;
        memset(&c, 0, sizeof c);
        c.md = &md;
        while (setobj_size(s) > 0)
            setobj_pop(s, check_member, &c);
        cr_assert_eq(c.visits, 300);
        for (int i = 0; i < 300; i++)
            cr_assert_eq(c.seen[i], 1);
        setobj_free(s);
    }
}

Test(setobj, random_reaches_every_member)
{
    for (int enc = 0; enc < 2; enc++) {
        struct setobj *s = setobj_new();
        char m[16], buf[SETOBJ_INT_BUF];
        for (int i = 0; i < 20; i++) {
            snprintf(m, sizeof m, enc ? "x%d" : "%d", i);
            add(s, m);
        }
        int seen[20] = {0};
        for (int k = 0; k < 2000; k++) {
            const char *r;
            size_t len;
            setobj_random(s, buf, &r, &len);
            long long i = member_number(r, len, (size_t)enc);
            cr_assert(i >= 0 && i < 20);
            seen[i] = 1;
        }
        for (int i = 0; i < 20; i++)
            cr_assert(seen[i], "member %d never drawn (%s)", i, setobj_encoding(s));
        setobj_free(s);
    }
}

Test(setobj, dup_is_deep_in_both_encodings)
{
    for (int enc = 0; enc < 2; enc++) {
        struct setobj *s = setobj_new();
        char m[16];
        for (int i = 0; i < 50; i++) {
            snprintf(m, sizeof m, enc ? "x%d" : "%d", i);
            add(s, m);
        }
        struct setobj *c = setobj_dup(s);
        cr_assert_str_eq(setobj_encoding(c), setobj_encoding(s));
        cr_assert_eq(setobj_size(c), 50);
        cr_assert_eq(del(s, enc ? "x3" : "3"), 1);
        cr_assert(has(c, enc ? "x3" : "3"), "the copy keeps what the original lost");
        cr_assert_eq(add(c, "new"), 1);
        cr_assert_not(has(s, "new"));
        cr_assert_eq(setobj_usage(c) > 0, 1);
        setobj_free(c);
        setobj_free(s);
    }
}

Test(setobj, swap_exchanges_contents)
{
    struct setobj *a = setobj_new(), *b = setobj_new();
    add(a, "1");
    add(a, "2");
    add(b, "text");
    setobj_swap(a, b);
    cr_assert_eq(setobj_size(a), 1);
    cr_assert(has(a, "text"));
    cr_assert_str_eq(setobj_encoding(a), "hashtable");
    cr_assert_eq(setobj_size(b), 2);
    cr_assert(is_intset(b));
    setobj_free(a);
    setobj_free(b);
}

Test(setobj, usage_follows_the_contents)
{
    struct setobj *s = setobj_new();
    size_t empty = setobj_usage(s);
    char m[32];
    for (int i = 0; i < 100; i++) {
        snprintf(m, sizeof m, "%d", i);
        add(s, m);
    }
    size_t ints = setobj_usage(s);
    cr_assert(ints >= empty + 100 * 2, "100 16-bit members take at least 200 bytes");
    cr_assert(ints < empty + 100 * 2 + 128, "and not much more in an intset (%zu)", ints);
    add(s, "text");
    size_t table = setobj_usage(s);
    cr_assert(table > ints + 101 * 24, "a hashtable costs an entry a member (%zu)", table);
    for (int i = 0; i < 100; i++) {
        snprintf(m, sizeof m, "%d", i);
        del(s, m);
    }
    cr_assert(setobj_usage(s) < table, "removals give memory back");
    setobj_free(s);
}
