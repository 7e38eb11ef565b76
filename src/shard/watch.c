/* The table of watched keys of one shard (see watch.h): a chained hash table of small records,
 * grown by doubling, bounded by the floor. */
#include <string.h>

#include "shard/watch.h"
#include "tessera/dict.h"
#include "tessera/mem.h"

struct watch_rec {
    struct watch_rec *next;
    uint64_t hash;
    uint64_t marked;  /* the clock of its latest mark */
    uint64_t written; /* the clock of its last write since it entered, 0: none */
    uint32_t refs;    /* marks not yet released */
    int db;
    uint32_t klen;
    char key[];
};

#define WATCH_BUCKETS_MIN 16u

static uint64_t hash_of(int db, const char *key, size_t klen)
{
    return dict_hash(key, klen) ^ ((uint64_t)db * UINT64_C(0x9e3779b97f4a7c15));
}

static struct watch_rec **find_ref(const struct watch_table *t, uint64_t h, int db, const char *key,
                                   size_t klen)
{
    if (!t->nbuckets) return NULL;
    struct watch_rec **ref = &t->buckets[h & (t->nbuckets - 1)];
    for (; *ref; ref = &(*ref)->next) {
        const struct watch_rec *r = *ref;
        if (r->hash == h && r->db == db && r->klen == klen && memcmp(r->key, key, klen) == 0)
            return ref;
    }
    return NULL;
}

static void grow(struct watch_table *t)
{
    uint32_t nb = t->nbuckets ? t->nbuckets * 2 : WATCH_BUCKETS_MIN;
    struct watch_rec **b = mem_calloc(nb, sizeof *b);
    for (uint32_t i = 0; i < t->nbuckets; i++)
        for (struct watch_rec *r = t->buckets[i], *next; r; r = next) {
            next = r->next;
            r->next = b[r->hash & (nb - 1)];
            b[r->hash & (nb - 1)] = r;
        }
    mem_free(t->buckets);
    t->buckets = b;
    t->nbuckets = nb;
}

/* An empty table gives its buckets back unless they are few. */
static void shrink_if_empty(struct watch_table *t)
{
    if (t->n || t->nbuckets <= WATCH_BUCKETS_MIN) return;
    mem_free(t->buckets);
    t->buckets = NULL;
    t->nbuckets = 0;
}

static void swap(uint64_t *a, uint64_t *b)
{
    uint64_t x = *a;
    *a = *b;
    *b = x;
}

/* The k-th smallest of v[0..n) (quickselect; v is reordered). */
static uint64_t select_kth(uint64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        swap(&v[(lo + hi) / 2], &v[hi]);
        uint64_t pivot = v[hi];
        size_t store = lo;
        for (size_t i = lo; i < hi; i++)
            if (v[i] < pivot) swap(&v[i], &v[store++]);
        swap(&v[store], &v[hi]);
        if (k == store) return v[k];
        if (k < store)
            hi = store - 1;
        else
            lo = store + 1;
    }
    return v[k];
}

/* A full table: the marks below the median go, at most half; when none is (the lowest marks
 * are half or more of them) the median's too, and when those are all of them, all. */
static void drop_older_half(struct watch_table *t)
{
    uint64_t *marks = mem_alloc((size_t)t->n * sizeof *marks);
    size_t n = 0;
    for (uint32_t i = 0; i < t->nbuckets; i++)
        for (const struct watch_rec *r = t->buckets[i]; r; r = r->next)
            marks[n++] = r->marked;
    uint64_t median = select_kth(marks, n, n / 2);
    uint64_t lowest = select_kth(marks, n, 0);
    mem_free(marks);
    watch_drop_below(t, median > lowest ? median : median + 1);
}

uint64_t watch_add(struct watch_table *t, int db, const char *key, size_t klen, uint64_t clock)
{
    uint64_t h = hash_of(db, key, klen);
    struct watch_rec **ref = find_ref(t, h, db, key, klen);
    if (ref) {
        (*ref)->marked = clock > t->floor ? clock : t->floor;
        (*ref)->refs++;
        return t->floor;
    }
    if (t->n >= WATCH_TABLE_MAX) drop_older_half(t);
    if (clock < t->floor) clock = t->floor;
    if (t->n >= t->nbuckets) grow(t);
    struct watch_rec *r = mem_alloc(sizeof *r + klen);
    r->hash = h;
    r->marked = clock;
    r->written = 0;
    r->refs = 1;
    r->db = db;
    r->klen = (uint32_t)klen;
    memcpy(r->key, key, klen);
    struct watch_rec **b = &t->buckets[h & (t->nbuckets - 1)];
    r->next = *b;
    *b = r;
    if (!t->n++) t->oldest = clock;
    return t->floor;
}

uint64_t watch_written(const struct watch_table *t, int db, const char *key, size_t klen)
{
    struct watch_rec **ref = find_ref(t, hash_of(db, key, klen), db, key, klen);
    return ref ? (*ref)->written : UINT64_MAX;
}

void watch_note_write(struct watch_table *t, int db, const char *key, size_t klen, uint64_t v)
{
    struct watch_rec **ref = find_ref(t, hash_of(db, key, klen), db, key, klen);
    if (ref) (*ref)->written = v;
    watch_age(t, v);
}

void watch_release(struct watch_table *t, int db, const char *key, size_t klen, uint64_t clock)
{
    if (clock < t->floor) return;
    struct watch_rec **ref = find_ref(t, hash_of(db, key, klen), db, key, klen);
    if (!ref || --(*ref)->refs) return;
    struct watch_rec *r = *ref;
    *ref = r->next;
    mem_free(r);
    t->n--;
    shrink_if_empty(t);
}

void watch_drop_below(struct watch_table *t, uint64_t floor)
{
    if (floor > t->floor) t->floor = floor;
    uint64_t oldest = UINT64_MAX;
    for (uint32_t i = 0; i < t->nbuckets; i++)
        for (struct watch_rec **ref = &t->buckets[i]; *ref;) {
            struct watch_rec *r = *ref;
            if (r->marked < t->floor) {
                *ref = r->next;
                mem_free(r);
                t->n--;
            } else {
                if (r->marked < oldest) oldest = r->marked;
                ref = &r->next;
            }
        }
    t->oldest = oldest;
    shrink_if_empty(t);
}

void watch_free(struct watch_table *t)
{
    watch_drop_below(t, UINT64_MAX);
    mem_free(t->buckets);
    t->buckets = NULL;
    t->nbuckets = 0;
}
