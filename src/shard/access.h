/* The access clock of keys, for the LRU and LFU eviction policies, kept in each entry's 24-bit
 * `access` field as Redis keeps it in an object's lru field: under an LRU policy (and the
 * others) the clock of the last access, in ticks of ACCESS_TICK_MS, ten times finer than Redis's
 * second; under an LFU policy the minute of the last decrement (16 bits) and Redis's
 * logarithmic access counter (8 bits). Switching policies at run time reinterprets the field, as
 * in Redis: the data adjusts as keys are used. Called by the thread holding the entry's shard. */
#ifndef TESSERA_ACCESS_H
#define TESSERA_ACCESS_H

#include <stdint.h>

#include "tessera/config.h"
#include "tessera/dict.h"

#define ACCESS_TICK_MS   100
#define ACCESS_CLOCK_MAX ((UINT32_C(1) << ENTRY_ACCESS_BITS) - 1)
#define LFU_INIT_VAL     5

/* The calling thread's clocks, advanced by access_tick (each worker's loop turn). */
extern _Thread_local uint32_t access_lru_now; /* ticks, ACCESS_CLOCK_MAX wraps */
extern _Thread_local uint32_t access_minutes; /* minutes, 16 bits */
void access_tick(int64_t now_ms);

static inline int access_lfu_policy(int policy)
{
    return policy == POLICY_ALLKEYS_LFU || policy == POLICY_VOLATILE_LFU;
}

/* LFU: the counter after decay (Redis's LFUDecrAndReturn), and after one access. */
unsigned access_lfu_counter(const struct entry *e);
void access_lfu_hit(struct entry *e);

/* What a new entry starts with. */
static inline uint32_t access_init(void)
{
    if (access_lfu_policy(CONFIG_GET(maxmemory_policy))) return access_minutes << 8 | LFU_INIT_VAL;
    return access_lru_now;
}

/* A string written over a key's string (SET, Redis's dbOverwrite): under an LFU policy the key
 * keeps its frequency, else the new value starts as a new entry does. */
static inline uint32_t access_overwrite(uint32_t old)
{
    if (access_lfu_policy(CONFIG_GET(maxmemory_policy))) return old;
    return access_lru_now;
}

/* A read or write of the key. */
static inline void access_touch(struct entry *e)
{
    if (__builtin_expect(access_lfu_policy(CONFIG_GET(maxmemory_policy)), 0))
        access_lfu_hit(e);
    else
        e->access = access_lru_now;
}

/* RESTORE's IDLETIME (seconds) and FREQ, each -1 when not given, for the policy in force:
 * an LFU policy takes FREQ, the others IDLETIME (Redis's objectSetLRUOrLFU). */
void access_set(struct entry *e, long long idle_s, int freq);

/* LRU: milliseconds since the last access (Redis's estimateObjectIdleTime, finer). */
static inline uint64_t access_idle_ms(const struct entry *e)
{
    uint32_t now = access_lru_now, then = e->access;
    uint64_t ticks = now >= then ? now - then : (uint64_t)ACCESS_CLOCK_MAX - then + now;
    return ticks * ACCESS_TICK_MS;
}

#endif
