/* Allocation through mimalloc (libc malloc in sanitized builds) with accounting: used_memory in
 * INFO is the sum of what every thread holds (the usable size of each block). Callable from any
 * thread; each thread counts in its own slot, so accounting never contends. */
#ifndef TESSERA_MEM_H
#define TESSERA_MEM_H

#include <stddef.h>
#include <stdint.h>

/* These abort with a message when the memory cannot be had, as Redis's zmalloc does. */
void *mem_alloc(size_t size);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *ptr, size_t size);
/* As mem_realloc, but NULL when the memory cannot be had (ptr is then left as it was): for the
 * places that drop one client instead (its query buffer, the parser's arrays). */
void *mem_try_realloc(void *ptr, size_t size);
void mem_free(void *ptr);
/* Zeroed memory for big tables (a dict's buckets): from at least 1 MiB it is mapped straight from
 * the kernel, whose pages come zeroed as they are first touched, so taking 128 MB costs no pass
 * over it (a spike a client would see while the keyspace grows). Freed with its size. */
void *mem_calloc_table(size_t bytes);
void mem_free_table(void *p, size_t bytes);
char *mem_strndup(const char *s, size_t n);
size_t mem_usable(const void *ptr);
/* The size a request of n bytes really gets (the allocator's size class). */
size_t mem_good_size(size_t n);

/* Bytes held now by everything allocated through this module. */
int64_t mem_used(void);
/* Slots of the threads that are not workers (0 is the main thread's; 1..256 the workers'):
 * each allocating thread has its own, as the counters are not shared. */
#define MEM_SLOT_SAVER   257
#define MEM_SLOT_LOADER  258 /* the first loader thread's; MEM_LOADER_SLOTS of them */
#define MEM_LOADER_SLOTS 16
/* Bytes that count in mem_used but not against maxmemory: requests being read (clients' query
 * buffers), which a pipeline piles up here while Redis, reading 16 KB at a time, never holds
 * them. Any thread; an atomic add. */
void mem_uncounted_add(int64_t delta);
int64_t mem_uncounted(void);
/* Each thread that allocates registers once (the main thread and workers). */
void mem_thread_init(int slot);
/* What the blocks come from, for INFO's mem_allocator: "mimalloc-X.Y.Z" or "libc". */
void mem_allocator_name(char *buf, size_t size);
/* What the allocator has taken from the system, and the resident size it sees (0: unknown). */
void mem_allocator_sizes(size_t *active, size_t *resident);
/* The allocator's statistics as text through out; 0 when it has none (libc). */
int mem_allocator_report(void (*out)(const char *text, void *arg), void *arg);
/* Returns the calling thread's free pages to the system (mi_collect, malloc_trim). */
void mem_purge_thread(void);

#endif
