/* The container's memory limit (see container.h): /proc/self/cgroup names the process's group in
 * each hierarchy; the limit is the smallest memory.max (v2, "0::path") or memory.limit_in_bytes
 * (v1, the "memory" controller) on the path from that group up to the hierarchy's root. */
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

static uint64_t read_limit(const char *path)
{
    char text[64];
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return container_parse_memory(text);
}

/* The tightest limit in `file` on the way from root/rel up to root. */
static uint64_t tightest(const char *root, const char *rel, const char *file)
{
    char dir[PATH_MAX], path[PATH_MAX + 64];
    uint64_t cap = 0;
    size_t rootlen = strlen(root);
    snprintf(dir, sizeof dir, "%s%s", root, strcmp(rel, "/") ? rel : "");
    for (;;) {
        snprintf(path, sizeof path, "%s/%s", dir, file);
        uint64_t v = read_limit(path);
        if (v && (!cap || v < cap)) cap = v;
        char *slash = strrchr(dir, '/');
        if (strlen(dir) <= rootlen || !slash || slash < dir + rootlen) break;
        *slash = '\0';
    }
    return cap;
}

uint64_t container_memory_limit(void)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f) return 0;
    char line[PATH_MAX + 64];
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
            v = tightest("/sys/fs/cgroup", rel, "memory.max");
        } else {
            char list[256];
            snprintf(list, sizeof list, ",%s,", controllers);
            if (strstr(list, ",memory,"))
                v = tightest("/sys/fs/cgroup/memory", rel, "memory.limit_in_bytes");
        }
        if (v && (!cap || v < cap)) cap = v;
    }
    fclose(f);
    return cap;
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
