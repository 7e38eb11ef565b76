/* What the process's control group (a container's limits) allows it: the memory limit from
 * cgroup v2's memory.max or v1's memory.limit_in_bytes, the tightest over the group and its
 * ancestors. Read once at start. */
#ifndef TESSERA_CONTAINER_H
#define TESSERA_CONTAINER_H

#include <stdint.h>

/* The memory limit in bytes, 0 when there is none (or no cgroup file can be read). */
uint64_t container_memory_limit(void);

/* The limit a memory.max or memory.limit_in_bytes text gives: 0 for "max" and for v1's
 * "unlimited" (2^62 and above, how v1 prints no limit), and for text that does not parse. */
uint64_t container_parse_memory(const char *text);

/* At start, with maxmemory 0 inside a memory-limited container: logs a warning naming the limit
 * and sets maxmemory to 80% of it (the rest is for buffers, fragmentation and the kernel). */
void container_apply_memory_limit(void);

#endif
