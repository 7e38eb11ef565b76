/* maxmemory on the workers (see evicting.h). The budget is the server's used memory, Redis's
 * used_memory (clients' buffers included), against maxmemory; every shard evicts from its own
 * keys while it is over, so the shards share the work about as they share the keys. */
#include <stdatomic.h>

#include "persist/persist.h"
#include "server/evicting.h"
#include "server/worker.h"
#include "shard/evict.h"

static void publish(struct worker *w)
{
    atomic_store_explicit(&w->evictable, evict_has_candidates(&w->shard), memory_order_relaxed);
}

int evicting_turn(struct worker *w)
{
    if (evict_over_limit()) evict_shard(&w->shard);
    publish(w);
    return evict_over_limit() && atomic_load_explicit(&w->evictable, memory_order_relaxed);
}

int evicting_refuses(struct worker *w)
{
    if (!evict_over_limit()) return 0;
    if (!w->shard.holder && !w->shard.deferred_head && !persist_loading()) {
        evict_shard(&w->shard);
        publish(w);
        if (!evict_over_limit()) return 0;
    }
    /* still over: the command may go if some shard can still give up keys */
    for (int i = 0; i < g_nworkers; i++)
        if (atomic_load_explicit(&g_workers[i]->evictable, memory_order_relaxed)) return 0;
    return 1;
}
