/* maxmemory on the workers (see evicting.h). The budget is held against the server's used
 * memory, Redis's used_memory (clients' reply buffers included), less the requests being read
 * (evict_used). Each shard keeps to its share:
 * while the server is over, a shard with at least the average number of candidate keys evicts
 * from its own, and one below it wakes the others instead, so the policy's choice is made
 * across the shards evenly and no shard is emptied of its best keys for another's. */
#include <stdatomic.h>

#include "persist/persist.h"
#include "server/evicting.h"
#include "server/worker.h"
#include "shard/evict.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

static void publish(struct worker *w)
{
    uint64_t keys = 0, expires = 0;
    for (int db = 0; db < w->shard.ndb; db++) {
        keys += ks_size(&w->shard, db);
        expires += ks_expires(&w->shard, db);
    }
    atomic_store_explicit(&w->keys_pub, keys, memory_order_relaxed);
    atomic_store_explicit(&w->expires_pub, expires, memory_order_relaxed);
}

static uint64_t candidates_of(struct worker *w, int vol)
{
    return atomic_load_explicit(vol ? &w->expires_pub : &w->keys_pub, memory_order_relaxed);
}

/* Whether some shard has keys the policy in force may take (by the counts last published). */
static int someone_can_evict(void)
{
    int policy = CONFIG_GET(maxmemory_policy);
    if (policy == POLICY_NOEVICTION) return 0;
    int vol = policy <= POLICY_VOLATILE_TTL;
    for (int i = 0; i < g_nworkers; i++)
        if (candidates_of(g_workers[i], vol)) return 1;
    return 0;
}

/* Whether w's shard holds at least its share of the candidates: then it evicts. */
static int my_turn(struct worker *w)
{
    int vol = CONFIG_GET(maxmemory_policy) <= POLICY_VOLATILE_TTL;
    uint64_t total = 0;
    for (int i = 0; i < g_nworkers; i++)
        total += candidates_of(g_workers[i], vol);
    uint64_t mine = candidates_of(w, vol);
    return mine > 0 && mine * (uint64_t)g_nworkers >= total;
}

/* Over the budget with too few keys here: the others evict (they may be asleep). At most once a
 * millisecond per worker. */
static void wake_others(struct worker *w)
{
    int64_t now = ks_now_ms();
    if (now == w->last_evict_wake_ms) return;
    w->last_evict_wake_ms = now;
    workers_wake_all();
}

/* This shard's eviction while the server is over, a few keys at a time so that the shard
 * with the most candidates keeps the turn: 1 when it evicted. */
#define EVICT_BATCH 8
static int evict_mine(struct worker *w)
{
    int did = 0;
    for (int rounds = 0; rounds < 64 && evict_over_limit(); rounds++) {
        publish(w);
        if (!my_turn(w)) {
            wake_others(w);
            break;
        }
        if (!evict_shard(&w->shard, EVICT_BATCH)) break;
        did = 1;
    }
    publish(w);
    return did;
}

/* After a refusal, writes stay refused until used memory is this far under maxmemory: buffers
 * that come and go (a pipeline's arguments on their way to another shard) would otherwise let a
 * write through now and then, which Redis, on one thread, never does. */
static _Atomic int refusing;

static long long slack(long long max)
{
    long long s = max / 32;
    return s > (1 << 20) ? s : (1 << 20);
}

int evicting_turn(struct worker *w)
{
    if (!evict_over_limit()) {
        publish(w);
        return 0;
    }
    return evict_mine(w) && evict_over_limit() && evict_has_candidates(&w->shard);
}

int evicting_refuses(struct worker *w)
{
    long long max = CONFIG_GET(maxmemory);
    int64_t used = evict_used();
    if (used <= max) {
        if (!atomic_load_explicit(&refusing, memory_order_relaxed)) return 0;
        if (used <= max - slack(max)) {
            atomic_store_explicit(&refusing, 0, memory_order_relaxed);
            return 0;
        }
        if (someone_can_evict()) return 0;
        return 1;
    }
    if (!w->shard.holder && !w->shard.deferred_head && !persist_loading()) {
        evict_mine(w);
        if (!evict_over_limit()) return 0;
    } else {
        wake_others(w);
    }
    /* still over: the command may go if some shard can still give up keys */
    if (someone_can_evict()) return 0;
    atomic_store_explicit(&refusing, 1, memory_order_relaxed);
    return 1;
}
