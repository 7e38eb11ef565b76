/* The container's limits (see container.h): /proc/self/cgroup names the process's group in each
 * hierarchy; a limit is the smallest one set on the path from that group up to the hierarchy's
 * root: memory.max or cpu.max (v2, "0::path"), memory.limit_in_bytes or cpu.cfs_quota_us over
 * cpu.cfs_period_us (v1, the "memory" and "cpu" controllers). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/container.h"
#include "server/log.h"
#include "tessera/config.h"

#define V1_UNLIMITED (1ULL << 62)

uint64_t container_parse_memory(const char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    if (!isdigit((unsigned char)*text)) return 0; /* "max", "-1", empty */
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || (*end && !isspace((unsigned char)*end))) return 0;
    return v >= V1_UNLIMITED ? 0 : (uint64_t)v;
}

/* Up to len - 1 bytes of a small file; -1 when it cannot be read. */
static int read_small(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, len - 1, f);
    fclose(f);
    buf[n] = '\0';
    return 0;
}

int container_parse_cpu_max(const char *cpu_max)
{
    while (isspace((unsigned char)*cpu_max))
        cpu_max++;
    errno = 0;
    char *end;
    long long quota = strtoll(cpu_max, &end, 10);
    if (end == cpu_max || errno || quota <= 0) return 0;
    const char *p = end;
    long long period = strtoll(p, &end, 10);
    if (end == p || errno || period <= 0) return 0;
    long long n = (quota + period - 1) / period;
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* A limit read from one group's folder; 0 when that group sets none. */
typedef uint64_t (*limit_reader)(const char *dir);

static uint64_t memory_v2(const char *dir)
{
    char path[PATH_MAX + 32], text[64];
    snprintf(path, sizeof path, "%s/memory.max", dir);
    return read_small(path, text, sizeof text) == 0 ? container_parse_memory(text) : 0;
}

static uint64_t memory_v1(const char *dir)
{
    char path[PATH_MAX + 32], text[64];
    snprintf(path, sizeof path, "%s/memory.limit_in_bytes", dir);
    return read_small(path, text, sizeof text) == 0 ? container_parse_memory(text) : 0;
}

static uint64_t cpu_v2(const char *dir)
{
    char path[PATH_MAX + 32], text[128];
    snprintf(path, sizeof path, "%s/cpu.max", dir);
    return read_small(path, text, sizeof text) == 0 ? (uint64_t)container_parse_cpu_max(text) : 0;
}

static uint64_t cpu_v1(const char *dir)
{
    char path[PATH_MAX + 32], text[128], period[64];
    snprintf(path, sizeof path, "%s/cpu.cfs_quota_us", dir);
    if (read_small(path, text, 64) != 0) return 0;
    snprintf(path, sizeof path, "%s/cpu.cfs_period_us", dir);
    if (read_small(path, period, sizeof period) != 0) return 0;
    text[strcspn(text, "\n")] = ' ';
    strncat(text, period, sizeof text - strlen(text) - 1);
    return (uint64_t)container_parse_cpu_max(text);
}

/* The smallest limit read on the way from root/rel up to root. */
static uint64_t tightest(const char *root, const char *rel, limit_reader read)
{
    char dir[PATH_MAX];
    uint64_t cap = 0;
    size_t rootlen = strlen(root);
    snprintf(dir, sizeof dir, "%s%s", root, strcmp(rel, "/") ? rel : "");
    for (;;) {
        uint64_t v = read(dir);
        if (v && (!cap || v < cap)) cap = v;
        char *slash = strrchr(dir, '/');
        if (strlen(dir) <= rootlen || !slash || slash < dir + rootlen) break;
        *slash = '\0';
    }
    return cap;
}

/* The tightest limit over the process's groups: the v2 group ("0::path") read by v2, and the
 * v1 hierarchy of `controller` (mounted at v1_root) read by v1. 0 when none. */
static uint64_t process_limit(limit_reader v2, const char *controller, const char *v1_root,
                              limit_reader v1)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f) return 0;
    char line[PATH_MAX + 64], want[64];
    snprintf(want, sizeof want, ",%s,", controller);
    uint64_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        /* "hierarchy-id:controllers:path"; v2 is "0::path". */
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2) continue;
        *c2 = '\0';
        const char *controllers = c1 + 1, *rel = c2 + 1;
        uint64_t v = 0;
        if (!strcmp(line, "0") && !controllers[0]) {
            v = tightest("/sys/fs/cgroup", rel, v2);
        } else {
            char list[256];
            snprintf(list, sizeof list, ",%s,", controllers);
            if (strstr(list, want)) v = tightest(v1_root, rel, v1);
        }
        if (v && (!cap || v < cap)) cap = v;
    }
    fclose(f);
    return cap;
}

uint64_t container_memory_limit(void)
{
    return process_limit(memory_v2, "memory", "/sys/fs/cgroup/memory", memory_v1);
}

int container_cpu_limit(void)
{
    uint64_t n = process_limit(cpu_v2, "cpu", "/sys/fs/cgroup/cpu", cpu_v1);
    return n > INT_MAX ? INT_MAX : (int)n;
}

void container_apply_memory_limit(void)
{
    if (atomic_load(&g_config.maxmemory) != 0) return;
    uint64_t limit = container_memory_limit();
    if (!limit) return;
    long long mm = (long long)(limit / 10 * 8);
    atomic_store(&g_config.maxmemory, mm);
    log_msg(LOG_WARNING,
            "WARNING: maxmemory is not set and the container's memory limit is %llu bytes "
            "(%.2f MiB): maxmemory set to 80%% of it, %lld bytes. Set maxmemory to choose.",
            (unsigned long long)limit, (double)limit / (1024.0 * 1024.0), mm);
}
