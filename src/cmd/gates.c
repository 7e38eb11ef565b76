/* The execution path's one word of rare states (gates.h). Each state keeps its own variables;
 * this file only summarizes them, under a lock so that of two threads refreshing at once the later
 * one, which reads every change made before it, is the one whose summary stays. A change that
 * happens without a refresh would leave the word stale: every writer of a summarized state calls
 * gates_refresh. Any thread. */
#include <pthread.h>

#include "cmd/acl.h"
#include "cmd/gates.h"
#include "cmd/pause.h"
#include "cmd/pubsub.h"
#include "persist/persist.h"
#include "script/run.h"
#include "server/latency.h"
#include "tessera/config.h"

_Atomic uint32_t g_gates = GATE_UNSET;
_Atomic uint64_t g_gates_account_below;

static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t gates_compute(void)
{
    uint32_t g = 0;
    if (acl_restricted()) g |= GATE_ACL;
    if (atomic_load(&g_persist.loading)) g |= GATE_LOADING;
    if (atomic_load(&g_persist.last_bgsave_failed)) g |= GATE_MISCONF;
    if (atomic_load(&g_config.maxmemory) > 0) g |= GATE_MAXMEMORY;
    if (atomic_load(&g_pause_state)) g |= GATE_PAUSE;
    if (atomic_load(&g_monitors) > 0) g |= GATE_MONITOR;
    const struct obuf_limit *n = &g_config.obuf_limits[CLIENT_CLASS_NORMAL];
    if (atomic_load(&n->hard) | atomic_load(&n->soft) | atomic_load(&g_config.maxmemory_clients))
        g |= GATE_CLIENT_LIMITS;
    if (script_busy_kind()) g |= GATE_SCRIPT_BUSY;
    return g;
}

/* Below every threshold cmd_account tests, and inside latency.h's per-microsecond buckets. */
static uint64_t account_below(void)
{
    if (!atomic_load(&g_config.latency_tracking)) return 0;
    uint64_t below = LATENCY_FAST_USEC;
    long long slow = atomic_load(&g_config.slowlog_log_slower_than);
    if (slow >= 0 && (uint64_t)slow < below) below = (uint64_t)slow;
    long long ms = atomic_load(&g_config.latency_monitor_threshold);
    if (ms > 0 && (uint64_t)ms < below / 1000 + 1 && (uint64_t)ms * 1000 < below)
        below = (uint64_t)ms * 1000;
    return below;
}

void gates_refresh(void)
{
    pthread_mutex_lock(&refresh_lock);
    atomic_store(&g_gates_account_below, account_below());
    atomic_store(&g_gates, gates_compute());
    pthread_mutex_unlock(&refresh_lock);
}
