/* The save rules (see saving.h). A rule's BGSAVE is the server's own work: it holds every shard
 * through a transaction without a client (txn_start_internal), so it begins at one instant like
 * a client's BGSAVE. Worker threads. */
#include <stdatomic.h>
#include <string.h>

#include "dispatch/dispatch.h"
#include "persist/persist.h"
#include "server/saving.h"
#include "server/worker.h"

static void rule_bgsave(struct worker *w, struct session *c, struct reply *out, void *arg)
{
    (void)w, (void)c, (void)out, (void)arg;
    struct shard *shards[256];
    for (int i = 0; i < g_nworkers; i++)
        shards[i] = &g_workers[i]->shard;
    char err[256];
    persist_bgsave(shards, g_nworkers, err, sizeof err); /* one under way already: fine */
}

void saving_cron(struct worker *w, int64_t now_ms)
{
    atomic_store_explicit(&w->changes_pub, persist_changes(&w->shard), memory_order_relaxed);
    if (w->id != 0 || now_ms - w->last_rules_ms < 1000 || persist_loading()) return;
    w->last_rules_ms = now_ms;
    uint64_t changes = 0;
    for (int i = 0; i < g_nworkers; i++)
        changes += atomic_load_explicit(&g_workers[i]->changes_pub, memory_order_relaxed);
    if (!persist_take_scheduled() && !persist_rules_due(changes, now_ms / 1000)) return;
    uint8_t mask[256];
    memset(mask, 1, (size_t)g_nworkers);
    txn_start_internal(w, mask, rule_bgsave, NULL);
}
