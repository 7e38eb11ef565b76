/* Active expiry: each worker's timer walks its shard's databases a slice at a time and deletes
 * keys past their time, so memory comes back even for keys nobody reads again. Lazy expiry on
 * access lives in keyspace.c. Called by the shard's owner thread between requests. */
#include <stdatomic.h>

#include "shard/keyspace.h"

/* DEBUG SET-ACTIVE-EXPIRE: one switch for every shard's cycle. */
static atomic_int active_expire_enabled = 1;

void ks_set_active_expire(int on)
{
    atomic_store_explicit(&active_expire_enabled, on, memory_order_relaxed);
}

#define EXPIRE_BATCH 64

struct expire_scan {
    int64_t now;
    int n;
    uint64_t visited;
    struct entry *expired[EXPIRE_BATCH * 4];
};

static void check_entry(struct entry *e, void *arg)
{
    struct expire_scan *sc = arg;
    sc->visited++;
    if ((e->flags & ENTRY_HAS_EXPIRE) && entry_expire(e) < sc->now &&
        sc->n < (int)(sizeof sc->expired / sizeof sc->expired[0]))
        sc->expired[sc->n++] = e;
}

uint64_t ks_active_expire(struct shard *s, uint64_t budget)
{
    uint64_t deleted = 0;
    SHARD_ASSERT_MINE(s);
    if (!atomic_load_explicit(&active_expire_enabled, memory_order_relaxed)) return 0;
    int64_t now = ks_now_ms();
    for (int i = 0; i < s->ndb && budget > 0; i++) {
        struct db *d = &s->dbs[i];
        if (d->expires == 0) continue;
        uint64_t start = d->expire_cursor;
        do {
            struct expire_scan sc = {.now = now, .n = 0, .visited = 0};
            /* Collect first, delete after: deleting moves buckets under the scan. */
            while (sc.n < EXPIRE_BATCH && sc.visited < budget) {
                d->expire_cursor = dict_scan(&d->keys, d->expire_cursor, check_entry, &sc);
                if (d->expire_cursor == 0) break;
            }
            for (int k = 0; k < sc.n; k++)
                ks_expired(s, i, sc.expired[k]);
            deleted += (uint64_t)sc.n;
            budget = sc.visited >= budget ? 0 : budget - sc.visited;
            dict_rehash_step(&d->keys, 1);
        } while (budget > 0 && d->expire_cursor != 0 && d->expire_cursor != start &&
                 d->expires > 0);
    }
    return deleted;
}
