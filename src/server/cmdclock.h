/* The clock that times each command (cmd_call: INFO commandstats, the slow log, latency
 * tracking): the processor's time-stamp counter when the kernel itself keeps time with it, read
 * in one instruction instead of a clock_gettime call, else CLOCK_MONOTONIC. Read a mark before
 * and after, and convert the difference. Any thread. */
#ifndef TESSERA_SERVER_CMDCLOCK_H
#define TESSERA_SERVER_CMDCLOCK_H

#include <stdint.h>
#include <time.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

/* Microseconds per tick as a 32.32 fixed-point number; 0 when marks are in nanoseconds. */
extern uint64_t cmdclock_us_per_tick;

static inline uint64_t cmdclock_mark(void)
{
#if defined(__x86_64__)
    if (__builtin_expect(cmdclock_us_per_tick != 0, 1)) return __rdtsc();
#endif
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

/* The microseconds from mark a to mark b. */
static inline uint64_t cmdclock_usec(uint64_t a, uint64_t b)
{
    if (__builtin_expect(b < a, 0)) return 0; /* counters of two processors a tick apart */
    if (__builtin_expect(cmdclock_us_per_tick != 0, 1))
        return (uint64_t)(((unsigned __int128)(b - a) * cmdclock_us_per_tick) >> 32);
    return (b - a) / 1000;
}

#endif
