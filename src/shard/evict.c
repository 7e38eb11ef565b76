/* Eviction (see evict.h), Redis's eight policies. The random ones take a random key (with a TTL,
 * for volatile-random). The others keep Redis's eviction pool of the best candidates seen: each
 * pick adds samples (random keys; for volatile-* those with a TTL, found along a scan cursor when
 * random draws find too few, as there is no index of them) and takes the idlest (LRU), the least
 * used (LFU, both by the access clock, access.h) or the nearest to its expiry (volatile-ttl). An
 * evicted key goes through the write hook with Redis's `evicted` event, as a deletion. */
#include <string.h>
#include <time.h>

#include "shard/access.h"
#include "shard/evict.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define SAMPLE_SCAN_STEPS 64 /* scan steps a volatile sample may take before it gives up */

int64_t evict_used(void)
{
    return mem_used() - mem_uncounted();
}

int evict_over_limit(void)
{
    long long max = CONFIG_GET(maxmemory);
    return max > 0 && evict_used() > max;
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
    return policy <= POLICY_VOLATILE_TTL;
}

/* How much a policy would rather evict e: the idlest, the least used, the nearest expiry. */
static uint64_t badness(const struct entry *e, int policy)
{
    switch (policy) {
    case POLICY_ALLKEYS_LRU:
    case POLICY_VOLATILE_LRU:
        return access_idle_ms(e);
    case POLICY_ALLKEYS_LFU:
    case POLICY_VOLATILE_LFU:
        return 255 - access_lfu_counter(e);
    case POLICY_VOLATILE_TTL:
        return UINT64_MAX - (uint64_t)entry_expire(e);
    default:
        return 0; /* random: the first will do */
    }
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

/* Redis's eviction pool: the best candidates of earlier samples are kept (their keys copied), so
 * each pick chooses among many more keys than one sample holds. Sorted by badness, the best
 * last; a candidate is looked up again when taken (it may be gone or changed by then). */
#define POOL_SIZE 16

struct pool_slot {
    uint64_t badness;
    int db;
    uint32_t klen;
    char *key;
};

struct evict_pool {
    int policy; /* what the badness was measured for */
    int n;
    struct pool_slot slot[POOL_SIZE];
};

static void pool_clear(struct evict_pool *p)
{
    for (int i = 0; i < p->n; i++)
        mem_free(p->slot[i].key);
    p->n = 0;
}

void evict_pool_free(struct shard *s)
{
    if (!s->evict_pool) return;
    pool_clear(s->evict_pool);
    mem_free(s->evict_pool);
    s->evict_pool = NULL;
}

static void pool_offer(struct evict_pool *p, int db, const struct entry *e, uint64_t badness)
{
    size_t klen = entry_keylen(e);
    for (int i = 0; i < p->n; i++)
        if (p->slot[i].db == db && p->slot[i].klen == klen &&
            !memcmp(p->slot[i].key, entry_key(e), klen))
            return;
    if (p->n == POOL_SIZE) {
        if (badness <= p->slot[0].badness) return;
        mem_free(p->slot[0].key); /* the least bad makes room */
        memmove(&p->slot[0], &p->slot[1], (POOL_SIZE - 1) * sizeof p->slot[0]);
        p->n--;
    }
    int at = p->n;
    while (at > 0 && p->slot[at - 1].badness > badness)
        at--;
    memmove(&p->slot[at + 1], &p->slot[at], (size_t)(p->n - at) * sizeof p->slot[0]);
    p->slot[at] = (struct pool_slot){badness, db, (uint32_t)klen, mem_alloc(klen ? klen : 1)};
    memcpy(p->slot[at].key, entry_key(e), klen);
    p->n++;
}

/* The best candidate still there (and still one the policy may take), or NULL. */
static struct entry *pool_take(struct shard *s, struct evict_pool *p, int vol, int *db)
{
    while (p->n > 0) {
        struct pool_slot sl = p->slot[--p->n];
        struct entry *e = dict_find(&s->dbs[sl.db].keys, sl.key, sl.klen);
        mem_free(sl.key);
        if (e && (!vol || (e->flags & ENTRY_HAS_EXPIRE))) {
            *db = sl.db;
            return e;
        }
    }
    return NULL;
}

struct sample {
    struct evict_pool *pool;
    int policy, db;
    int want, n;
};

static void offer(struct sample *sm, struct entry *e)
{
    sm->n++;
    pool_offer(sm->pool, sm->db, e, badness(e, sm->policy));
}

static void sample_visit(struct entry *e, void *arg)
{
    struct sample *sm = arg;
    if ((e->flags & ENTRY_HAS_EXPIRE) && sm->n < sm->want) offer(sm, e);
}

/* Adds samples of database db to the pool: random keys; a volatile policy keeps those with a TTL,
 * and when random draws find too few (keys with a TTL are rare) goes on along a scan cursor,
 * around the whole table if it must. */
static void sample(struct shard *s, struct evict_pool *p, int db, int policy)
{
    struct db *d = &s->dbs[db];
    int vol = volatile_policy(policy);
    if (dict_size(&d->keys) == 0 || (vol && d->expires == 0)) return;
    /* twice maxmemory-samples: a shard's pool sees only its own keys, and with keys spread over
     * the shards that many bring the choice back to what Redis's one pool makes (measured by
     * test_eviction's volatile-ttl check) */
    struct sample sm = {
        .pool = p, .policy = policy, .db = db, .want = CONFIG_GET(maxmemory_samples) * 2};
    for (int tries = 0; sm.n < sm.want && tries < 3 * sm.want; tries++) {
        struct entry *e = dict_random(&d->keys);
        if (!vol || (e->flags & ENTRY_HAS_EXPIRE)) offer(&sm, e);
    }
    if (sm.n >= sm.want || !vol) return;
    uint64_t whole = d->keys.size[0] + d->keys.size[1] + SAMPLE_SCAN_STEPS;
    for (uint64_t i = 0; sm.n < sm.want && (i < SAMPLE_SCAN_STEPS || (!sm.n && i < whole)); i++)
        d->evict_cursor = dict_scan(&d->keys, d->evict_cursor, sample_visit, &sm);
}

/* The random policies: a key of database db, or NULL. */
static struct entry *pick_random(struct shard *s, int db, int policy)
{
    struct db *d = &s->dbs[db];
    if (dict_size(&d->keys) == 0) return NULL;
    if (policy == POLICY_ALLKEYS_RANDOM) return dict_random(&d->keys);
    if (d->expires == 0) return NULL;
    for (int tries = 0; tries < 16; tries++) {
        struct entry *e = dict_random(&d->keys);
        if (e->flags & ENTRY_HAS_EXPIRE) return e;
    }
    struct evict_pool one = {0};
    struct sample sm = {.pool = &one, .policy = policy, .db = db, .want = 1};
    uint64_t whole = d->keys.size[0] + d->keys.size[1] + SAMPLE_SCAN_STEPS;
    for (uint64_t i = 0; !sm.n && i < whole; i++)
        d->evict_cursor = dict_scan(&d->keys, d->evict_cursor, sample_visit, &sm);
    int found_db;
    return pool_take(s, &one, 1, &found_db);
}

/* The next key to evict and its database, or NULL when the shard has none the policy may take. */
static struct entry *pick(struct shard *s, int policy, int *db)
{
    if (policy == POLICY_ALLKEYS_RANDOM || policy == POLICY_VOLATILE_RANDOM) {
        for (int i = 0; i < s->ndb; i++) {
            int d = (s->evict_db + i) % s->ndb;
            struct entry *e = pick_random(s, d, policy);
            if (e) {
                s->evict_db = (d + 1) % s->ndb;
                *db = d;
                return e;
            }
        }
        return NULL;
    }
    if (!s->evict_pool) s->evict_pool = mem_calloc(1, sizeof *s->evict_pool);
    struct evict_pool *p = s->evict_pool;
    if (p->policy != policy) {
        pool_clear(p);
        p->policy = policy;
    }
    for (int d = 0; d < s->ndb; d++)
        sample(s, p, d, policy);
    return pool_take(s, p, volatile_policy(policy), db);
}

static void evict_entry(struct shard *s, int db, struct entry *e)
{
    char stack[128];
    size_t klen = entry_keylen(e);
    char *key = klen <= sizeof stack ? stack : mem_alloc(klen);
    memcpy(key, entry_key(e), klen);
    if (ks_delete(s, db, key, klen)) { /* 0: it had expired meanwhile, and went as expired */
        s->evicted_keys++;
        ks_changed(s, db, key, klen, NOTIFY_EVICTED, "evicted");
    }
    if (key != stack) mem_free(key);
}

uint64_t evict_shard(struct shard *s, uint64_t most)
{
    SHARD_ASSERT_MINE(s);
    int policy = CONFIG_GET(maxmemory_policy);
    if (policy == POLICY_NOEVICTION || !evict_over_limit()) return 0;
    int64_t limit = time_limit_us();
    int64_t deadline = limit == INT64_MAX ? INT64_MAX : mono_us() + limit;
    uint64_t evicted = 0;
    while (evicted < most && evict_over_limit()) {
        int db;
        struct entry *e = pick(s, policy, &db);
        if (!e) break;
        evict_entry(s, db, e);
        evicted++;
        if ((evicted & 15) == 0 && mono_us() > deadline) break;
    }
    return evicted;
}
