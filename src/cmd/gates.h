/* The execution path's summary of what is rare (gates.c): one word that says whether anything a
 * request must be checked against is on (a pause, a monitor, a user without every permission,
 * loading, MISCONF, maxmemory, client limits, a busy script), so that the common request tests one
 * word instead of each feature's own state, and the duration below which cmd_account only counts a
 * call. Read by every worker; gates_refresh runs on whichever thread changed a state it summarizes.
 */
#ifndef TESSERA_GATES_H
#define TESSERA_GATES_H

#include <stdatomic.h>
#include <stdint.h>

/* Bits of g_gates. A bit may stay set after its state is off (the slow path checks the state
 * itself); it is never clear while its state is on once gates_refresh has returned. */
#define GATE_UNSET         (1u << 0) /* before the first gates_refresh: everything is checked */
#define GATE_ACL           (1u << 1) /* a user lacks a permission, or was deleted (acl.h) */
#define GATE_LOADING       (1u << 2) /* commands answer LOADING (persist.h) */
#define GATE_MISCONF       (1u << 3) /* the last background save failed (persist.h) */
#define GATE_MAXMEMORY     (1u << 4) /* maxmemory is set: the OOM gate */
#define GATE_PAUSE         (1u << 5) /* a CLIENT PAUSE may be in force (pause.h) */
#define GATE_MONITOR       (1u << 6) /* someone runs MONITOR (pubsub.h) */
#define GATE_CLIENT_LIMITS (1u << 7) /* output buffer limits or maxmemory-clients are set */
#define GATE_SCRIPT_BUSY   (1u << 8) /* a script runs past busy-reply-threshold (script/run.h) */

extern _Atomic uint32_t g_gates;
/* cmd_account: a call that ran for fewer microseconds than this only counts in its command's
 * latency buckets (latency.h); the slow log, the latency monitor and latency-tracking off make
 * it smaller (0: every call takes the full path). */
extern _Atomic uint64_t g_gates_account_below;

/* acquire: once a worker reads LOADING clear, what the loader put in the shards is seen whole */
static inline uint32_t gates_now(void)
{
    return atomic_load_explicit(&g_gates, memory_order_acquire);
}

/* Recomputes g_gates and g_gates_account_below from the states they summarize. Whoever changes
 * one of those states calls it afterwards (before it answers its client); any thread. */
void gates_refresh(void);

#endif
