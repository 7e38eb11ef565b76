/* How io_uring user_data is packed: a kind in the low 3 bits and a pointer (8-byte aligned) or
 * a file descriptor above them. The one place that knows the layout. */
#ifndef TESSERA_UDATA_H
#define TESSERA_UDATA_H

#include <stdint.h>

enum udata_kind {
    UD_ACCEPT = 1, /* payload: listening fd */
    UD_RECV = 2,   /* payload: struct client * */
    UD_SEND = 3,   /* payload: struct client * */
    UD_EVENT = 4,  /* payload: none (the worker's eventfd) */
    UD_IGNORE = 5, /* completions nobody waits for */
};

static inline uint64_t udata_ptr(enum udata_kind k, const void *p)
{
    return (uint64_t)(uintptr_t)p | (uint64_t)k;
}

static inline uint64_t udata_fd(enum udata_kind k, int fd)
{
    return ((uint64_t)(uint32_t)fd << 3) | (uint64_t)k;
}

static inline enum udata_kind udata_kind(uint64_t u)
{
    return (enum udata_kind)(u & 7);
}

static inline void *udata_to_ptr(uint64_t u)
{
    return (void *)(uintptr_t)(u & ~(uint64_t)7);
}

static inline int udata_to_fd(uint64_t u)
{
    return (int)(uint32_t)(u >> 3);
}

#endif
