/* Eviction (src/shard/evict.c): each policy takes the keys it should (allkeys-random any,
 * volatile-random only keys with a TTL, volatile-ttl the nearest expiry first among its samples,
 * noeviction none), it stops once used memory is under maxmemory, and every evicted key goes
 * through the write hook with the `evicted` event. maxmemory is set against the test process's
 * own used memory, which the shard's keys make up most of. */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "shard/evict.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define NKEYS 2000
#define VALUE 1000

static struct shard sh;
static int events;

static void count_event(struct shard *s, int db, int cls, const char *event, const char *key,
                        size_t klen)
{
    (void)s, (void)db, (void)key, (void)klen;
    if (cls == NOTIFY_EVICTED && !strcmp(event, "evicted")) events++;
}

static void setup(void)
{
    config_defaults(&g_config);
    shard_thread_id = 0;
    shard_init(&sh, 0, 2);
    events = 0;
    ks_set_notifier(count_event);
    atomic_store(&g_config.notify_keyspace_events, NOTIFY_EVICTED | NOTIFY_KEYEVENT);
}

static void teardown(void)
{
    ks_set_notifier(NULL);
    shard_destroy(&sh);
    config_free(&g_config);
}

TestSuite(evict, .init = setup, .fini = teardown);

/* NKEYS keys of VALUE bytes; key i gets a TTL of (i + 1) hours when ttl(i). */
static void fill(int (*ttl)(int))
{
    static char value[VALUE];
    memset(value, 'v', sizeof value);
    int64_t now = ks_now_ms();
    for (int i = 0; i < NKEYS; i++) {
        char k[32];
        snprintf(k, sizeof k, "key:%d", i);
        int64_t at = ttl && ttl(i) ? now + (int64_t)(i + 1) * 3600 * 1000 : EXPIRE_NONE;
        ks_set_string(&sh, i % 2, k, strlen(k), value, sizeof value, at);
    }
}

static uint64_t keys(void)
{
    return ks_size(&sh, 0) + ks_size(&sh, 1);
}

/* maxmemory so that about `drop` keys must go. */
static void budget_for(int drop)
{
    atomic_store(&g_config.maxmemory, mem_used() - (long long)drop * (VALUE + 64));
    atomic_store(&g_config.maxmemory_eviction_tenacity, 100);
}

static int every_other(int i)
{
    return i % 4 < 2;
}

static int all(int i)
{
    (void)i;
    return 1;
}

Test(evict, noeviction_takes_nothing)
{
    fill(NULL);
    budget_for(500);
    cr_assert(evict_over_limit());
    cr_assert_eq(evict_shard(&sh, UINT64_MAX), 0);
    cr_assert_eq(keys(), NKEYS);
    cr_assert_not(evict_has_candidates(&sh));
}

Test(evict, allkeys_random_evicts_until_under_the_budget)
{
    fill(NULL);
    atomic_store(&g_config.maxmemory_policy, POLICY_ALLKEYS_RANDOM);
    budget_for(500);
    uint64_t n = evict_shard(&sh, UINT64_MAX);
    cr_assert_not(evict_over_limit(), "under the budget after");
    cr_assert(n >= 400 && n <= 700, "about the keys needed went: %llu", (unsigned long long)n);
    cr_assert_eq(keys(), NKEYS - n);
    cr_assert_eq(sh.evicted_keys, n);
    cr_assert_eq(events, (int)n, "one `evicted` event a key");
    cr_assert_gt(ks_size(&sh, 0), 0);
    cr_assert_lt(ks_size(&sh, 0), NKEYS / 2, "both databases gave keys");
    cr_assert_lt(ks_size(&sh, 1), NKEYS / 2);
}

Test(evict, volatile_random_takes_only_keys_with_a_ttl)
{
    fill(every_other);
    atomic_store(&g_config.maxmemory_policy, POLICY_VOLATILE_RANDOM);
    budget_for(300);
    uint64_t n = evict_shard(&sh, UINT64_MAX);
    cr_assert_gt(n, 0);
    for (int i = 0; i < NKEYS; i++) {
        char k[32];
        snprintf(k, sizeof k, "key:%d", i);
        if (!every_other(i)) cr_assert(ks_lookup(&sh, i % 2, k, strlen(k)), "%s had no TTL", k);
    }
    /* with every key with a TTL gone, nothing more can go */
    atomic_store(&g_config.maxmemory, 1);
    evict_shard(&sh, UINT64_MAX);
    cr_assert_eq(ks_expires(&sh, 0) + ks_expires(&sh, 1), 0);
    cr_assert_eq(keys(), NKEYS / 2);
    cr_assert_not(evict_has_candidates(&sh));
}

Test(evict, volatile_ttl_takes_the_nearest_expiry_first)
{
    fill(all);
    atomic_store(&g_config.maxmemory_policy, POLICY_VOLATILE_TTL);
    atomic_store(&g_config.maxmemory_samples, 10);
    budget_for(400);
    uint64_t n = evict_shard(&sh, UINT64_MAX);
    cr_assert_gt(n, 300);
    /* sampling keeps the nearest of each 10: the first quarter of the TTLs goes far more than the
     * last quarter */
    int early = 0, late = 0;
    for (int i = 0; i < NKEYS; i++) {
        char k[32];
        snprintf(k, sizeof k, "key:%d", i);
        int gone = !ks_lookup(&sh, i % 2, k, strlen(k));
        if (i < NKEYS / 4) early += gone;
        if (i >= 3 * NKEYS / 4) late += gone;
    }
    cr_assert_gt(early, 4 * late, "nearest first: %d of the first quarter, %d of the last", early,
                 late);
}
