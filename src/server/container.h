/* What the process's control group (a container's limits) allows it: CPUs from cgroup v2's
 * cpu.max or v1's cfs quota, memory from v2's memory.max or v1's memory.limit_in_bytes, the
 * tightest over the group and its ancestors. Read at start. */
#ifndef TESSERA_CONTAINER_H
#define TESSERA_CONTAINER_H

#include <stdint.h>

/* The memory limit in bytes, 0 when there is none (or no cgroup file can be read). */
uint64_t container_memory_limit(void);
/* The CPU limit in whole CPUs (a part CPU counts as one), 0 when there is none. */
int container_cpu_limit(void);
/* The CPUs a cpu.max text allows ("150000 100000" -> 2, rounded up); 0 for "max" or text that
 * is not a quota (v1's "-1 100000" too). */
int container_parse_cpu_max(const char *cpu_max);

/* The limit a memory.max or memory.limit_in_bytes text gives: 0 for "max" and for v1's
 * "unlimited" (2^62 and above, how v1 prints no limit), and for text that does not parse. */
uint64_t container_parse_memory(const char *text);

/* At start, with maxmemory 0 inside a memory-limited container: logs a warning naming the limit
 * and sets maxmemory to 80% of it (the rest is for buffers, fragmentation and the kernel). */
void container_apply_memory_limit(void);

#endif
