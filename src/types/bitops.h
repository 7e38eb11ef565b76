/* Pure bit functions over byte strings for the bitmap commands (SETBIT GETBIT BITCOUNT BITPOS
 * BITOP BITFIELD): counting and searching bit ranges, bitwise operations, and BITFIELD's integer
 * fields with Redis's overflow rules. Bit 0 is the most significant bit of the first byte, as
 * Redis numbers them. No state: any thread. */
#ifndef TESSERA_BITOPS_H
#define TESSERA_BITOPS_H

#include <stddef.h>
#include <stdint.h>

/* Set bits among bits first..last (inclusive, last < 8 * the string's length). */
uint64_t bits_count(const uint8_t *p, uint64_t first, uint64_t last);
/* The position of the first bit equal to `bit` among bits first..last (inclusive), or -1. */
int64_t bits_find(const uint8_t *p, uint64_t first, uint64_t last, int bit);

enum bits_op { BITS_AND, BITS_OR, BITS_XOR, BITS_NOT };
/* BITOP: dst[0..len) = op over the sources, each read as zero past its own length
 * (NOT takes one source). dst may not overlap a source. */
void bits_op(enum bits_op op, uint8_t *dst, size_t len, const uint8_t *const *src,
             const size_t *lens, size_t nsrc);

/* A BITFIELD integer of `bits` bits (1..64) at bit offset `offset` of p[0..len); bits past the
 * end read as zero. The signed form sign-extends. */
uint64_t bitfield_get_unsigned(const uint8_t *p, size_t len, uint64_t offset, unsigned bits);
int64_t bitfield_get_signed(const uint8_t *p, size_t len, uint64_t offset, unsigned bits);
/* Writes the low `bits` bits of v at bit offset `offset`; the string must reach that far. */
void bitfield_set(uint8_t *p, uint64_t offset, unsigned bits, uint64_t v);

enum bitfield_overflow { BITFIELD_WRAP, BITFIELD_SAT, BITFIELD_FAIL };
/* Whether value + incr fits an unsigned (or signed) field of `bits` bits: 0 when it does, 1 on
 * overflow, -1 on underflow. When it does not, *result is what WRAP or SAT stores (FAIL stores
 * nothing). An unsigned value of SET that arrived negative is a huge value: an overflow. */
int bitfield_check_unsigned(uint64_t value, int64_t incr, unsigned bits, enum bitfield_overflow ow,
                            uint64_t *result);
int bitfield_check_signed(int64_t value, int64_t incr, unsigned bits, enum bitfield_overflow ow,
                          int64_t *result);

#endif
