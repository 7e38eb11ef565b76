/* The command clock's calibration (see cmdclock.h): before main, when the kernel's clock source
 * is the TSC (so it found the counter invariant and in step across processors), ticks are
 * counted against CLOCK_MONOTONIC over 2 ms to learn their rate. */
#include <stdio.h>
#include <string.h>

#include "server/cmdclock.h"

uint64_t cmdclock_us_per_tick;

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

static int kernel_uses_tsc(void)
{
    FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
    if (!f) return 0;
    char name[32] = {0};
    int ok = fgets(name, sizeof name, f) != NULL && strncmp(name, "tsc\n", 4) == 0;
    fclose(f);
    return ok;
}

__attribute__((constructor)) static void cmdclock_init(void)
{
#if defined(__x86_64__)
    if (!kernel_uses_tsc()) return;
    uint64_t n0 = mono_ns(), t0 = __rdtsc(), n1, t1;
    do {
        n1 = mono_ns();
        t1 = __rdtsc();
    } while (n1 - n0 < 2000000);
    if (t1 <= t0) return;
    /* (n1 - n0) / 1000 microseconds over t1 - t0 ticks, in 32.32 */
    cmdclock_us_per_tick = (uint64_t)((((unsigned __int128)(n1 - n0)) << 32) / 1000 / (t1 - t0));
#endif
}
