/* Accounted allocation (see tessera/mem.h) over mimalloc, or over libc malloc in sanitized builds
 * (TESSERA_SYSTEM_MALLOC, set by meson.build) so that ASan and TSan track every block. Each
 * thread adds to its own counter, padded to a cache line; mem_used sums them. Frees on another
 * thread than the allocation count there, so a single counter may go negative while the sum
 * stays right. Callable from any thread. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifdef TESSERA_SYSTEM_MALLOC
#include <malloc.h>
#define SYS_MALLOC(size)       malloc(size)
#define SYS_CALLOC(n, size)    calloc(n, size)
#define SYS_REALLOC(ptr, size) realloc(ptr, size)
#define SYS_FREE(ptr)          free(ptr)
/* malloc_usable_size takes a non-const pointer; it only reads the block's header. */
#define SYS_USABLE(ptr) malloc_usable_size((void *)(ptr))
#else
#include <mimalloc.h>
#define SYS_MALLOC(size)       mi_malloc(size)
#define SYS_CALLOC(n, size)    mi_calloc(n, size)
#define SYS_REALLOC(ptr, size) mi_realloc(ptr, size)
#define SYS_FREE(ptr)          mi_free(ptr)
#define SYS_USABLE(ptr)        mi_usable_size(ptr)
#endif

#include "tessera/mem.h"

#define MEM_SLOTS (MEM_SLOT_LOADER + MEM_LOADER_SLOTS) /* 0: main and others; 1..256: workers */

struct mem_counter {
    _Atomic int64_t bytes;
    char pad[64 - sizeof(int64_t)];
};

static struct mem_counter counters[MEM_SLOTS];
static _Thread_local struct mem_counter *my_counter = &counters[0];
/* the slots some thread has used (slot 0 always): mem_used reads only those, a handful of cache
 * lines, since eviction asks on the request path */
#define MEM_SLOT_WORDS ((MEM_SLOTS + 63) / 64)
static _Atomic uint64_t used_slots[MEM_SLOT_WORDS] = {1};

void mem_thread_init(int slot)
{
    if (slot < 0 || slot >= MEM_SLOTS) slot = 0;
    my_counter = &counters[slot];
    atomic_fetch_or(&used_slots[slot / 64], UINT64_C(1) << (slot % 64));
}

static inline void count(int64_t delta)
{
    atomic_store_explicit(&my_counter->bytes,
                          atomic_load_explicit(&my_counter->bytes, memory_order_relaxed) + delta,
                          memory_order_relaxed);
}

/* Redis's zmalloc_default_oom: say what could not be had, then abort. A server that went on
 * after a failed allocation would only fail later by a stray write through NULL. */
static void oom(size_t size)
{
    fprintf(stderr, "mem: Out of memory trying to allocate %zu bytes\n", size);
    fflush(stderr);
    abort();
}

void *mem_alloc(size_t size)
{
    void *p = SYS_MALLOC(size);
    if (!p && size) oom(size);
    if (p) count((int64_t)SYS_USABLE(p));
    return p;
}

void *mem_calloc(size_t n, size_t size)
{
    void *p = SYS_CALLOC(n, size);
    if (!p && n && size) oom(n * size);
    if (p) count((int64_t)SYS_USABLE(p));
    return p;
}

void *mem_try_realloc(void *ptr, size_t size)
{
    size_t old = ptr ? SYS_USABLE(ptr) : 0;
    void *p = SYS_REALLOC(ptr, size);
    if (p) count((int64_t)SYS_USABLE(p) - (int64_t)old);
    return p;
}

void *mem_realloc(void *ptr, size_t size)
{
    void *p = mem_try_realloc(ptr, size);
    if (!p && size) oom(size);
    return p;
}

void mem_free(void *ptr)
{
    if (!ptr) return;
    count(-(int64_t)SYS_USABLE(ptr));
    SYS_FREE(ptr);
}

char *mem_strndup(const char *s, size_t n)
{
    char *p = mem_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t mem_usable(const void *ptr)
{
    return ptr ? SYS_USABLE(ptr) : 0;
}

size_t mem_good_size(size_t n)
{
#ifdef TESSERA_SYSTEM_MALLOC
    /* mimalloc's classes (four a power of two past 128 bytes), so that sanitized builds, over
     * libc, make the same choices as release ones (entry.c's external values) */
    if (n <= 128) return (n + 15) & ~(size_t)15;
    size_t p = 128;
    while (p * 2 < n)
        p *= 2;
    size_t step = p / 4;
    return (n + step - 1) / step * step;
#else
    return mi_good_size(n);
#endif
}

int64_t mem_used(void)
{
    int64_t sum = 0;
    for (int w = 0; w < MEM_SLOT_WORDS; w++)
        for (uint64_t bits = atomic_load_explicit(&used_slots[w], memory_order_relaxed); bits;
             bits &= bits - 1)
            sum += atomic_load_explicit(&counters[w * 64 + __builtin_ctzll(bits)].bytes,
                                        memory_order_relaxed);
    return sum;
}

void mem_allocator_name(char *buf, size_t size)
{
#ifdef TESSERA_SYSTEM_MALLOC
    snprintf(buf, size, "libc");
#else
    int v = mi_version();
    snprintf(buf, size, "mimalloc-%d.%d.%d", v / 100, v % 100 / 10, v % 10);
#endif
}

/* MEMORY STATS: what the allocator has committed from the system (its "active" pages) and
 * the process's resident size; 0 when the allocator cannot say. */
void mem_allocator_sizes(size_t *active, size_t *resident)
{
#ifdef TESSERA_SYSTEM_MALLOC
    struct mallinfo2 mi = mallinfo2();
    *active = mi.arena + mi.hblkhd;
    *resident = 0;
#else
    size_t elapsed, user, sys, rss, peak_rss, commit, peak_commit, faults;
    mi_process_info(&elapsed, &user, &sys, &rss, &peak_rss, &commit, &peak_commit, &faults);
    *active = commit;
    *resident = rss;
#endif
}

int mem_allocator_report(void (*out)(const char *text, void *arg), void *arg)
{
#ifdef TESSERA_SYSTEM_MALLOC
    (void)out, (void)arg;
    return 0;
#else
    mi_stats_print_out(out, arg);
    return 1;
#endif
}

void mem_purge_thread(void)
{
#ifdef TESSERA_SYSTEM_MALLOC
    malloc_trim(0);
#else
    mi_collect(true);
#endif
}

static _Atomic int64_t uncounted;

void mem_uncounted_add(int64_t delta)
{
    atomic_fetch_add_explicit(&uncounted, delta, memory_order_relaxed);
}

int64_t mem_uncounted(void)
{
    return atomic_load_explicit(&uncounted, memory_order_relaxed);
}

#define TABLE_MMAP_MIN (1u << 20)

void *mem_calloc_table(size_t bytes)
{
    if (bytes < TABLE_MMAP_MIN) return mem_calloc(1, bytes);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) oom(bytes);
    count((int64_t)bytes);
    return p;
}

void mem_free_table(void *p, size_t bytes)
{
    if (!p) return;
    if (bytes < TABLE_MMAP_MIN) {
        mem_free(p);
        return;
    }
    munmap(p, bytes);
    count(-(int64_t)bytes);
}
