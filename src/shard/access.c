/* The access clock (see access.h): the per-thread clocks and Redis's LFU counter, which grows
 * logarithmically (lfu-log-factor) and loses one per lfu-decay-time minutes without access. */
#include <stdatomic.h>

#include "shard/access.h"

_Thread_local uint32_t access_lru_now;
_Thread_local uint32_t access_minutes;
static _Thread_local uint64_t rng = 0x2545f4914f6cdd1dULL;

void access_tick(int64_t now_ms)
{
    access_lru_now = (uint32_t)((uint64_t)now_ms / ACCESS_TICK_MS) & ACCESS_CLOCK_MAX;
    access_minutes = (uint32_t)((uint64_t)now_ms / 60000) & 0xffff;
}

static double random01(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / (double)(UINT64_C(1) << 53);
}

/* Minutes since ldt, with the 16-bit wrap Redis allows for. */
static uint32_t minutes_since(uint32_t ldt)
{
    uint32_t now = access_minutes;
    return now >= ldt ? now - ldt : 65535 - ldt + now;
}

unsigned access_lfu_counter(const struct entry *e)
{
    uint32_t ldt = e->access >> 8, counter = e->access & 255;
    int decay = CONFIG_GET(lfu_decay_time);
    uint32_t periods = decay > 0 ? minutes_since(ldt) / (uint32_t)decay : 0;
    return periods > counter ? 0 : counter - periods;
}

void access_lfu_hit(struct entry *e)
{
    unsigned counter = access_lfu_counter(e);
    if (counter < 255) {
        double base = counter > LFU_INIT_VAL ? (double)(counter - LFU_INIT_VAL) : 0;
        double p = 1.0 / (base * CONFIG_GET(lfu_log_factor) + 1);
        if (random01() < p) counter++;
    }
    e->access = access_minutes << 8 | counter;
}

void access_set(struct entry *e, long long idle_s, int freq)
{
    if (access_lfu_policy(CONFIG_GET(maxmemory_policy))) {
        if (freq >= 0) e->access = access_minutes << 8 | (uint32_t)freq;
    } else if (idle_s >= 0) {
        uint64_t ticks = (uint64_t)idle_s * 1000 / ACCESS_TICK_MS;
        if (ticks > ACCESS_CLOCK_MAX) ticks = ACCESS_CLOCK_MAX;
        e->access = (uint32_t)((access_lru_now - ticks) & ACCESS_CLOCK_MAX);
    }
}
