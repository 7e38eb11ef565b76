/* The keyspace table (see tessera/dict.h): chained buckets in a power-of-two array, and a second
 * array while resizing, into which each operation moves a bucket or two. Used by the thread that
 * holds the dict's shard. */
#include <stdlib.h>
#include <string.h>

#include "tessera/dict.h"
#include "tessera/mem.h"
#include "tessera/util.h"

#define DICT_MIN_SIZE     4
#define DICT_EMPTY_VISITS 10 /* empty buckets a rehash step may pass over */
/* dict_random_fair's places per bucket: a chain up to this long has each entry drawn with the
 * same chance; at load factors up to 1 about 2% of the entries sit deeper in longer chains. */
#define DICT_FAIR_PLACES 4

void dict_init(struct dict *d)
{
    memset(d, 0, sizeof *d);
    d->rehash_idx = -1;
}

uint64_t dict_size(const struct dict *d)
{
    return d->used[0] + d->used[1];
}

static inline int rehashing(const struct dict *d)
{
    return d->rehash_idx >= 0;
}

/* Keys of 8 to 16 bytes, the common size, are compared as two overlapping words rather than
 * through a call to memcmp. */
static inline int key_equals(const struct entry *e, const char *key, size_t len)
{
    if (entry_keylen(e) != len) return 0;
    const char *k = entry_key(e);
    if (len >= 8 && len <= 16) {
        uint64_t a0, a1, b0, b1;
        memcpy(&a0, k, 8);
        memcpy(&b0, key, 8);
        memcpy(&a1, k + len - 8, 8);
        memcpy(&b1, key + len - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    return memcmp(k, key, len) == 0;
}

/* Moves up to n buckets of table 0 into table 1; when table 0 is empty, table 1 takes its place. */
int dict_rehash_step(struct dict *d, int n)
{
    if (!rehashing(d)) return 0;
    int empty = n * DICT_EMPTY_VISITS;
    while (n-- && d->used[0]) {
        while (d->table[0][d->rehash_idx] == NULL) {
            d->rehash_idx++;
            if (--empty == 0) return 1;
        }
        struct entry *e = d->table[0][d->rehash_idx];
        while (e) {
            struct entry *next = e->next;
            uint64_t i = dict_hash(entry_key(e), entry_keylen(e)) & (d->size[1] - 1);
            e->next = d->table[1][i];
            d->table[1][i] = e;
            d->used[0]--;
            d->used[1]++;
            e = next;
        }
        d->table[0][d->rehash_idx++] = NULL;
    }
    if (d->used[0] == 0) {
        mem_free_table(d->table[0], d->size[0] * sizeof(struct entry *));
        d->table[0] = d->table[1];
        d->size[0] = d->size[1];
        d->used[0] = d->used[1];
        d->table[1] = NULL;
        d->size[1] = d->used[1] = 0;
        d->rehash_idx = -1;
        return 0;
    }
    return 1;
}

size_t dict_table_bytes(const struct dict *d)
{
    return (size_t)(d->size[0] + d->size[1]) * sizeof(struct entry *);
}

static void dict_resize_to(struct dict *d, uint64_t size)
{
    if (size < DICT_MIN_SIZE) size = DICT_MIN_SIZE;
    uint64_t real = DICT_MIN_SIZE;
    while (real < size)
        real <<= 1;
    if (d->table[0] == NULL) {
        d->table[0] = mem_calloc_table(real * sizeof(struct entry *));
        d->size[0] = real;
        return;
    }
    if (real == d->size[0]) return;
    d->table[1] = mem_calloc_table(real * sizeof(struct entry *));
    d->size[1] = real;
    d->used[1] = 0;
    d->rehash_idx = 0;
}

/* Grows at load factor 1 (Redis's policy), shrinks under 1/8 full. */
static void dict_check_size(struct dict *d)
{
    if (rehashing(d)) return;
    if (d->table[0] == NULL) {
        dict_resize_to(d, DICT_MIN_SIZE);
    } else if (d->used[0] >= d->size[0]) {
        dict_resize_to(d, d->used[0] * 2);
    } else if (d->size[0] > DICT_MIN_SIZE && d->used[0] * 8 < d->size[0]) {
        dict_resize_to(d, d->used[0] * 2);
    }
}

/* The slot holding the key's entry and, in *table, which table it is in. */
static struct entry **find_slot(struct dict *d, const char *key, size_t len, int *table)
{
    if (dict_size(d) == 0) return NULL;
    if (rehashing(d)) dict_rehash_step(d, 1);
    uint64_t h = dict_hash(key, len);
    for (int t = 0; t <= 1; t++) {
        if (d->table[t] == NULL) break;
        struct entry **ref = &d->table[t][h & (d->size[t] - 1)];
        while (*ref) {
            if (key_equals(*ref, key, len)) {
                *table = t;
                return ref;
            }
            ref = &(*ref)->next;
        }
        if (!rehashing(d)) break;
    }
    return NULL;
}

/* Table 0 only: while resizing, a key whose bucket has moved misses its prefetch, no more. */
void dict_prefetch_bucket(const struct dict *d, uint64_t h)
{
    if (d->table[0]) __builtin_prefetch(&d->table[0][h & (d->size[0] - 1)]);
}

void dict_prefetch_entry(const struct dict *d, uint64_t h)
{
    if (!d->table[0]) return;
    const struct entry *e = d->table[0][h & (d->size[0] - 1)];
    if (e) __builtin_prefetch(e);
}

struct entry **dict_find_ref(struct dict *d, const char *key, size_t len)
{
    int t;
    return find_slot(d, key, len, &t);
}

struct entry *dict_find(struct dict *d, const char *key, size_t len)
{
    struct entry **ref = dict_find_ref(d, key, len);
    return ref ? *ref : NULL;
}

void dict_add(struct dict *d, struct entry *e)
{
    if (rehashing(d)) dict_rehash_step(d, 1);
    dict_check_size(d);
    int t = rehashing(d) ? 1 : 0;
    uint64_t i = dict_hash(entry_key(e), entry_keylen(e)) & (d->size[t] - 1);
    e->next = d->table[t][i];
    d->table[t][i] = e;
    d->used[t]++;
}

struct entry *dict_unlink(struct dict *d, const char *key, size_t len)
{
    int t;
    struct entry **ref = find_slot(d, key, len, &t);
    if (!ref) return NULL;
    struct entry *e = *ref;
    *ref = e->next;
    e->next = NULL;
    d->used[t]--;
    if (dict_size(d) == 0)
        dict_clear(d, NULL, NULL); /* an empty dict holds no table */
    else
        dict_check_size(d);
    return e;
}

void dict_clear(struct dict *d, void (*free_entry)(struct entry *e, void *arg), void *arg)
{
    for (int t = 0; t <= 1; t++) {
        for (uint64_t i = 0; i < d->size[t]; i++) {
            struct entry *e = d->table[t][i];
            while (e) {
                struct entry *next = e->next;
                if (free_entry) free_entry(e, arg);
                e = next;
            }
        }
        mem_free_table(d->table[t], d->size[t] * sizeof(struct entry *));
    }
    dict_init(d);
}

static uint64_t rev(uint64_t v)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) {
        r = (r << 1) | (v & 1);
        v >>= 1;
    }
    return r;
}

static void visit_bucket(struct entry *e, void (*fn)(struct entry *e, void *arg), void *arg)
{
    while (e) {
        struct entry *next = e->next;
        fn(e, arg);
        e = next;
    }
}

/* Redis's dictScan: the cursor counts with its bits reversed, so buckets split or merged by a
 * resize are neither skipped nor (mostly) seen twice. */
uint64_t dict_scan(struct dict *d, uint64_t v, void (*fn)(struct entry *e, void *arg), void *arg)
{
    if (dict_size(d) == 0) return 0;
    if (!rehashing(d)) {
        uint64_t m0 = d->size[0] - 1;
        visit_bucket(d->table[0][v & m0], fn, arg);
        v |= ~m0;
        v = rev(v);
        v++;
        return rev(v);
    }
    int small = d->size[0] <= d->size[1] ? 0 : 1;
    int large = 1 - small;
    uint64_t m0 = d->size[small] - 1, m1 = d->size[large] - 1;
    visit_bucket(d->table[small][v & m0], fn, arg);
    do {
        visit_bucket(d->table[large][v & m1], fn, arg);
        v |= ~m1;
        v = rev(v);
        v++;
        v = rev(v);
    } while (v & (m0 ^ m1));
    return v;
}

/* A random non-empty bucket's chain; while resizing, from either table (the buckets of table 0
 * below rehash_idx are empty). */
static struct entry *random_chain(struct dict *d)
{
    struct entry *head = NULL;
    if (rehashing(d)) {
        uint64_t lo = (uint64_t)d->rehash_idx, span = d->size[0] + d->size[1] - lo;
        while (!head) {
            uint64_t i = lo + util_random_below(span);
            head = i >= d->size[0] ? d->table[1][i - d->size[0]] : d->table[0][i];
        }
    } else {
        uint64_t m = d->size[0] - 1;
        while (!head)
            head = d->table[0][util_random() & m];
    }
    return head;
}

static uint64_t chain_length(const struct entry *e)
{
    uint64_t n = 0;
    for (; e; e = e->next)
        n++;
    return n;
}

static struct entry *chain_at(struct entry *e, uint64_t k)
{
    while (k--)
        e = e->next;
    return e;
}

struct entry *dict_random(struct dict *d)
{
    if (dict_size(d) == 0) return NULL;
    if (rehashing(d)) dict_rehash_step(d, 1);
    struct entry *head = random_chain(d);
    return chain_at(head, util_random_below(chain_length(head)));
}

struct entry *dict_random_fair(struct dict *d)
{
    if (dict_size(d) == 0) return NULL;
    if (rehashing(d)) dict_rehash_step(d, 1);
    for (;;) {
        struct entry *head = random_chain(d);
        uint64_t n = chain_length(head);
        uint64_t k = util_random_below(n > DICT_FAIR_PLACES ? n : DICT_FAIR_PLACES);
        if (k < n) return chain_at(head, k);
    }
}
