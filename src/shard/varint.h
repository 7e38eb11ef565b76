/* Varints (LEB128: 7 bits a byte, low bits first, the top bit saying "more follows") for the
 * lengths inside packed encodings: listpack entries and sorted-set skiplist nodes. Pure
 * functions, any thread. */
#ifndef TESSERA_VARINT_H
#define TESSERA_VARINT_H

#include <stddef.h>

static inline size_t varint_size(size_t v)
{
    size_t n = 1;
    while (v >= 128) {
        v >>= 7;
        n++;
    }
    return n;
}

/* Writes v at p; returns the bytes written. */
static inline size_t varint_write(unsigned char *p, size_t v)
{
    size_t n = 0;
    while (v >= 128) {
        p[n++] = (unsigned char)(v | 128);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

/* Reads the varint at p into *v; returns the bytes read. */
static inline size_t varint_read(const unsigned char *p, size_t *v)
{
    size_t r = 0, n = 0;
    unsigned shift = 0;
    do {
        r |= (size_t)(p[n] & 127) << shift;
        shift += 7;
    } while (p[n++] & 128);
    *v = r;
    return n;
}

#endif
