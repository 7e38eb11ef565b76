/* Accounted allocation over mimalloc (see tessera/mem.h). Each thread adds to its own counter,
 * padded to a cache line; mem_used sums them. Frees on another thread than the allocation count
 * there, so a single counter may go negative while the sum stays right. */
#include <mimalloc.h>
#include <stdatomic.h>
#include <string.h>

#include "tessera/mem.h"

#define MEM_SLOTS 257 /* slot 0: main and other threads; 1..256: workers */

struct mem_counter {
    _Atomic int64_t bytes;
    char pad[64 - sizeof(int64_t)];
};

static struct mem_counter counters[MEM_SLOTS];
static _Thread_local struct mem_counter *my_counter = &counters[0];

void mem_thread_init(int slot)
{
    if (slot < 0 || slot >= MEM_SLOTS) slot = 0;
    my_counter = &counters[slot];
}

static inline void count(int64_t delta)
{
    atomic_store_explicit(&my_counter->bytes,
                          atomic_load_explicit(&my_counter->bytes, memory_order_relaxed) + delta,
                          memory_order_relaxed);
}

void *mem_alloc(size_t size)
{
    void *p = mi_malloc(size);
    if (p) count((int64_t)mi_usable_size(p));
    return p;
}

void *mem_calloc(size_t n, size_t size)
{
    void *p = mi_calloc(n, size);
    if (p) count((int64_t)mi_usable_size(p));
    return p;
}

void *mem_realloc(void *ptr, size_t size)
{
    size_t old = ptr ? mi_usable_size(ptr) : 0;
    void *p = mi_realloc(ptr, size);
    if (p) count((int64_t)mi_usable_size(p) - (int64_t)old);
    return p;
}

void *mem_try_realloc(void *ptr, size_t size)
{
    return mem_realloc(ptr, size);
}

void mem_free(void *ptr)
{
    if (!ptr) return;
    count(-(int64_t)mi_usable_size(ptr));
    mi_free(ptr);
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
    return ptr ? mi_usable_size(ptr) : 0;
}

int64_t mem_used(void)
{
    int64_t sum = 0;
    for (int i = 0; i < MEM_SLOTS; i++)
        sum += atomic_load_explicit(&counters[i].bytes, memory_order_relaxed);
    return sum;
}
