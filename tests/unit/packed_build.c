/* Builders of Redis's packed blobs for the unit tests (see packed_build.h). */
#include <stdlib.h>
#include <string.h>

#include "packed_build.h"

void pb_put(struct pb_buf *b, const void *p, size_t n)
{
    if (!n) return;
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->b = realloc(b->b, b->cap);
    }
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

void pb_byte(struct pb_buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    pb_put(b, &c, 1);
}

void pb_le(struct pb_buf *b, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        pb_byte(b, (unsigned)(v >> (8 * i)) & 0xFF);
}

void pb_set_le(unsigned char *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* ---- ziplists, encoded as Redis's ziplist.c does ---- */

void pb_zl_begin(struct pb_buf *b)
{
    memset(b, 0, sizeof *b);
    unsigned char hdr[10] = {0};
    pb_put(b, hdr, 10);
}

static void pb_zl_prevlen(struct pb_buf *b, size_t start)
{
    size_t prev = b->count ? start - b->last : 0;
    if (prev < 254) {
        pb_byte(b, (unsigned)prev);
    } else {
        pb_byte(b, 0xFE);
        pb_le(b, prev, 4);
    }
    b->last = start;
    b->count++;
}

void pb_zl_str(struct pb_buf *b, const char *s, size_t len)
{
    pb_zl_prevlen(b, b->n);
    if (len < 64) {
        pb_byte(b, (unsigned)len);
    } else if (len < 16384) {
        pb_byte(b, 0x40 | (unsigned)(len >> 8));
        pb_byte(b, len & 0xFF);
    } else {
        pb_byte(b, 0x80);
        for (int i = 3; i >= 0; i--)
            pb_byte(b, (unsigned)(len >> (8 * i)) & 0xFF);
    }
    pb_put(b, s, len);
}

void pb_zl_int(struct pb_buf *b, long long v)
{
    pb_zl_prevlen(b, b->n);
    if (v >= 0 && v <= 12) {
        pb_byte(b, 0xF1 + (unsigned)v);
    } else if (v >= INT8_MIN && v <= INT8_MAX) {
        pb_byte(b, 0xFE);
        pb_le(b, (uint64_t)v, 1);
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        pb_byte(b, 0xC0);
        pb_le(b, (uint64_t)v, 2);
    } else if (v >= -(1 << 23) && v < (1 << 23)) {
        pb_byte(b, 0xF0);
        pb_le(b, (uint64_t)v, 3);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        pb_byte(b, 0xD0);
        pb_le(b, (uint64_t)v, 4);
    } else {
        pb_byte(b, 0xE0);
        pb_le(b, (uint64_t)v, 8);
    }
}

void pb_zl_end(struct pb_buf *b)
{
    pb_byte(b, 0xFF);
    pb_set_le(b->b, b->n, 4);
    pb_set_le(b->b + 4, b->count ? b->last : 10, 4);
    pb_set_le(b->b + 8, b->count < 65535 ? b->count : 65535, 2);
}

/* ---- listpacks, encoded as Redis's listpack.c does ---- */

void pb_lp_begin(struct pb_buf *b)
{
    memset(b, 0, sizeof *b);
    unsigned char hdr[6] = {0};
    pb_put(b, hdr, 6);
}

static void pb_lp_backlen(struct pb_buf *b, size_t l)
{
    if (l <= 127) {
        pb_byte(b, (unsigned)l);
    } else if (l < 16383) {
        pb_byte(b, (unsigned)(l >> 7));
        pb_byte(b, (l & 127) | 128);
    } else if (l < 2097151) {
        pb_byte(b, (unsigned)(l >> 14));
        pb_byte(b, ((l >> 7) & 127) | 128);
        pb_byte(b, (l & 127) | 128);
    } else {
        pb_byte(b, (unsigned)(l >> 21));
        pb_byte(b, ((l >> 14) & 127) | 128);
        pb_byte(b, ((l >> 7) & 127) | 128);
        pb_byte(b, (l & 127) | 128);
    }
    b->count++;
}

void pb_lp_str(struct pb_buf *b, const char *s, size_t len)
{
    size_t start = b->n;
    if (len < 64) {
        pb_byte(b, 0x80 | (unsigned)len);
    } else if (len < 4096) {
        pb_byte(b, 0xE0 | (unsigned)(len >> 8));
        pb_byte(b, len & 0xFF);
    } else {
        pb_byte(b, 0xF0);
        pb_le(b, len, 4);
    }
    pb_put(b, s, len);
    pb_lp_backlen(b, b->n - start);
}

void pb_lp_int(struct pb_buf *b, long long v)
{
    size_t start = b->n;
    if (v >= 0 && v <= 127) {
        pb_byte(b, (unsigned)v);
    } else if (v >= -4096 && v <= 4095) {
        unsigned u = v < 0 ? (unsigned)(v + 8192) : (unsigned)v;
        pb_byte(b, 0xC0 | (u >> 8));
        pb_byte(b, u & 0xFF);
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        pb_byte(b, 0xF1);
        pb_le(b, (uint64_t)v, 2);
    } else if (v >= -(1 << 23) && v < (1 << 23)) {
        pb_byte(b, 0xF2);
        pb_le(b, (uint64_t)v, 3);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        pb_byte(b, 0xF3);
        pb_le(b, (uint64_t)v, 4);
    } else {
        pb_byte(b, 0xF4);
        pb_le(b, (uint64_t)v, 8);
    }
    pb_lp_backlen(b, b->n - start);
}

void pb_lp_end(struct pb_buf *b)
{
    pb_byte(b, 0xFF);
    pb_set_le(b->b, b->n, 4);
    pb_set_le(b->b + 4, b->count < 65535 ? b->count : 65535, 2);
}

/* ---- intsets and zipmaps ---- */

void pb_intset(struct pb_buf *b, unsigned width, const long long *v, size_t n)
{
    memset(b, 0, sizeof *b);
    pb_le(b, width, 4);
    pb_le(b, n, 4);
    for (size_t i = 0; i < n; i++)
        pb_le(b, (uint64_t)v[i], width);
}

static void pb_zm_len(struct pb_buf *b, size_t len)
{
    if (len < 254) {
        pb_byte(b, (unsigned)len);
    } else {
        pb_byte(b, 0xFE);
        pb_le(b, len, 4);
    }
}

void pb_zm_begin(struct pb_buf *b)
{
    memset(b, 0, sizeof *b);
    pb_byte(b, 0);
}

void pb_zm_pair(struct pb_buf *b, const char *f, size_t flen, const char *v, size_t vlen,
                unsigned free)
{
    pb_zm_len(b, flen);
    pb_put(b, f, flen);
    pb_zm_len(b, vlen);
    pb_byte(b, free);
    pb_put(b, v, vlen);
    for (unsigned i = 0; i < free; i++)
        pb_byte(b, 'x');
    b->count++;
}

void pb_zm_end(struct pb_buf *b)
{
    pb_byte(b, 0xFF);
    b->b[0] = (unsigned char)(b->count < 254 ? b->count : 254);
}
