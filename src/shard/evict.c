/* Eviction (see evict.h), Redis's policies that need no access clock: allkeys-random takes a
 * random key; volatile-random and volatile-ttl sample keys with a TTL along a scan cursor
 * (maxmemory-samples of them) and take the first, or the one nearest to its expiry. An evicted
 * key goes through the write hook with Redis's `evicted` event, as a deletion. */
#include <string.h>
#include <time.h>

#include "shard/evict.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define SAMPLE_SCAN_STEPS 64 /* scan steps a volatile sample may take before it gives up */

int evict_over_limit(void)
{
    long long max = CONFIG_GET(maxmemory);
    return max > 0 && mem_used() > max;
}

/* Redis's evictionTimeLimitUs: 50 us per tenacity step up to 10, then 15% more per step; 100
 * is no limit. */
static int64_t time_limit_us(void)
{
    int t = CONFIG_GET(maxmemory_eviction_tenacity);
    if (t >= 100) return INT64_MAX;
    if (t <= 10) return 50 * (int64_t)t;
    double us = 500;
    for (int i = 10; i < t; i++)
        us *= 1.15;
    return (int64_t)us;
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int volatile_policy(int policy)
{
    return policy == POLICY_VOLATILE_RANDOM || policy == POLICY_VOLATILE_TTL;
}

int evict_has_candidates(struct shard *s)
{
    int policy = CONFIG_GET(maxmemory_policy);
    if (policy == POLICY_NOEVICTION) return 0;
    for (int db = 0; db < s->ndb; db++)
        if (volatile_policy(policy) ? s->dbs[db].expires > 0 : dict_size(&s->dbs[db].keys) > 0)
            return 1;
    return 0;
}

struct sample {
    int ttl; /* keep the nearest expiry, else the first found */
    int want, n;
    struct entry *best;
};

static void sample_visit(struct entry *e, void *arg)
{
    struct sample *sm = arg;
    if (!(e->flags & ENTRY_HAS_EXPIRE) || sm->n >= sm->want) return;
    sm->n++;
    if (!sm->best || (sm->ttl && entry_expire(e) < entry_expire(sm->best))) sm->best = e;
}

/* The key of database db to evict next, or NULL when it has none the policy may take. */
static struct entry *pick(struct shard *s, int db, int policy)
{
    struct db *d = &s->dbs[db];
    if (!volatile_policy(policy)) return dict_random(&d->keys);
    if (d->expires == 0) return NULL;
    struct sample sm = {.ttl = policy == POLICY_VOLATILE_TTL,
                        .want = policy == POLICY_VOLATILE_TTL ? CONFIG_GET(maxmemory_samples) : 1};
    /* a few steps for the sample; when they found nothing, on around the whole table (keys
     * with a TTL are then rare: there is no index of them, only their count) */
    uint64_t whole = d->keys.size[0] + d->keys.size[1] + SAMPLE_SCAN_STEPS;
    for (uint64_t i = 0; sm.n < sm.want && (i < SAMPLE_SCAN_STEPS || (!sm.n && i < whole)); i++)
        d->evict_cursor = dict_scan(&d->keys, d->evict_cursor, sample_visit, &sm);
    return sm.best;
}

static void evict_entry(struct shard *s, int db, struct entry *e)
{
    char stack[128];
    size_t klen = e->keylen;
    char *key = klen <= sizeof stack ? stack : mem_alloc(klen);
    memcpy(key, entry_key(e), klen);
    if (ks_delete(s, db, key, klen)) { /* 0: it had expired meanwhile, and went as expired */
        s->evicted_keys++;
        ks_changed(s, db, key, klen, NOTIFY_EVICTED, "evicted");
    }
    if (key != stack) mem_free(key);
}

uint64_t evict_shard(struct shard *s)
{
    SHARD_ASSERT_MINE(s);
    int policy = CONFIG_GET(maxmemory_policy);
    if (policy == POLICY_NOEVICTION || !evict_over_limit()) return 0;
    int64_t limit = time_limit_us();
    int64_t deadline = limit == INT64_MAX ? INT64_MAX : mono_us() + limit;
    uint64_t evicted = 0;
    while (evict_over_limit()) {
        int found = 0;
        /* one key from each database that has one, taking turns */
        for (int i = 0; i < s->ndb; i++) {
            int db = (s->evict_db + i) % s->ndb;
            struct entry *e = pick(s, db, policy);
            if (!e) continue;
            evict_entry(s, db, e);
            evicted++;
            found = 1;
            s->evict_db = (db + 1) % s->ndb;
            break;
        }
        if (!found) break;
        if ((evicted & 15) == 0 && mono_us() > deadline) break;
    }
    return evicted;
}
