/* Bit counting, searching, bitwise operations and BITFIELD integers (see bitops.h). Whole
 * 64-bit words where the range allows, masked bytes at its edges. Any thread; no state. */
#include <string.h>

#include "types/bitops.h"

/* The bits of a byte from bit `from` (0: the most significant) to bit `to`, inclusive. */
static uint8_t byte_mask(unsigned from, unsigned to)
{
    return (uint8_t)((0xffu >> from) & (0xffu << (7 - to)));
}

static uint64_t load64(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

uint64_t bits_count(const uint8_t *p, uint64_t first, uint64_t last)
{
    uint64_t b0 = first >> 3, b1 = last >> 3;
    if (b0 == b1) return (uint64_t)__builtin_popcount(p[b0] & byte_mask(first & 7, last & 7));
    uint64_t n = (uint64_t)__builtin_popcount(p[b0] & byte_mask(first & 7, 7));
    n += (uint64_t)__builtin_popcount(p[b1] & byte_mask(0, last & 7));
    uint64_t i = b0 + 1;
    for (; i + 8 <= b1; i += 8)
        n += (uint64_t)__builtin_popcountll(load64(p + i));
    for (; i < b1; i++)
        n += (uint64_t)__builtin_popcount(p[i]);
    return n;
}

/* The first bit equal to `bit` in byte v among the bits of mask, as 0..7, or -1. */
static int find_in_byte(uint8_t v, uint8_t mask, int bit)
{
    unsigned hits = (bit ? v : (uint8_t)~v) & mask;
    return hits ? __builtin_clz(hits) - 24 : -1;
}

int64_t bits_find(const uint8_t *p, uint64_t first, uint64_t last, int bit)
{
    uint64_t b0 = first >> 3, b1 = last >> 3;
    unsigned from = first & 7;
    for (uint64_t i = b0; i <= b1; i++) {
        /* Whole words that hold no candidate are skipped at once. */
        if (i > b0 && i + 8 <= b1) {
            uint64_t w = load64(p + i);
            if (w == (bit ? 0 : UINT64_MAX)) {
                i += 7;
                continue;
            }
        }
        uint8_t mask = byte_mask(i == b0 ? from : 0, i == b1 ? last & 7 : 7);
        int at = find_in_byte(p[i], mask, bit);
        if (at >= 0) return (int64_t)(i * 8 + (uint64_t)at);
    }
    return -1;
}

void bits_op(enum bits_op op, uint8_t *dst, size_t len, const uint8_t *const *src,
             const size_t *lens, size_t nsrc)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t v = i < lens[0] ? src[0][i] : 0;
        if (op == BITS_NOT) {
            dst[i] = (uint8_t)~v;
            continue;
        }
        for (size_t j = 1; j < nsrc; j++) {
            uint8_t x = i < lens[j] ? src[j][i] : 0;
            if (op == BITS_AND)
                v &= x;
            else if (op == BITS_OR)
                v |= x;
            else
                v ^= x;
        }
        dst[i] = v;
    }
}

uint64_t bitfield_get_unsigned(const uint8_t *p, size_t len, uint64_t offset, unsigned bits)
{
    uint64_t v = 0;
    for (unsigned j = 0; j < bits; j++, offset++) {
        uint64_t byte = offset >> 3;
        unsigned b = byte < len ? (p[byte] >> (7 - (offset & 7))) & 1u : 0;
        v = v << 1 | b;
    }
    return v;
}

int64_t bitfield_get_signed(const uint8_t *p, size_t len, uint64_t offset, unsigned bits)
{
    uint64_t v = bitfield_get_unsigned(p, len, offset, bits);
    if (bits < 64 && (v >> (bits - 1)) & 1) v |= UINT64_MAX << bits;
    return (int64_t)v;
}

void bitfield_set(uint8_t *p, uint64_t offset, unsigned bits, uint64_t v)
{
    for (unsigned j = 0; j < bits; j++, offset++) {
        unsigned b = (v >> (bits - 1 - j)) & 1u;
        uint8_t m = (uint8_t)(1u << (7 - (offset & 7)));
        if (b)
            p[offset >> 3] |= m;
        else
            p[offset >> 3] &= (uint8_t)~m;
    }
}

int bitfield_check_unsigned(uint64_t value, int64_t incr, unsigned bits, enum bitfield_overflow ow,
                            uint64_t *result)
{
    uint64_t max = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    __int128 sum = (__int128)value + incr;
    int r = sum > (__int128)max ? 1 : sum < 0 ? -1 : 0;
    if (r == 0) return 0;
    if (ow == BITFIELD_WRAP)
        *result = (value + (uint64_t)incr) & max;
    else if (ow == BITFIELD_SAT)
        *result = r > 0 ? max : 0;
    return r;
}

int bitfield_check_signed(int64_t value, int64_t incr, unsigned bits, enum bitfield_overflow ow,
                          int64_t *result)
{
    int64_t max = bits == 64 ? INT64_MAX : (int64_t)((UINT64_C(1) << (bits - 1)) - 1);
    int64_t min = -max - 1;
    __int128 sum = (__int128)value + incr;
    int r = sum > max ? 1 : sum < min ? -1 : 0;
    if (r == 0) return 0;
    if (ow == BITFIELD_WRAP) {
        uint64_t c = (uint64_t)value + (uint64_t)incr;
        if (bits < 64) {
            uint64_t high = UINT64_MAX << bits;
            c = (c >> (bits - 1)) & 1 ? c | high : c & ~high;
        }
        *result = (int64_t)c;
    } else if (ow == BITFIELD_SAT) {
        *result = r > 0 ? max : min;
    }
    return r;
}
