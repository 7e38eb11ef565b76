/* Unit tests of the bit functions behind the bitmap commands: counting and searching bit ranges
 * against a bit-by-bit model (edges inside bytes, whole words), BITOP over sources of different
 * lengths, and BITFIELD fields of every width with WRAP, SAT and FAIL at both limits. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "types/bitops.h"

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int bit_at(const uint8_t *p, uint64_t i)
{
    return (p[i >> 3] >> (7 - (i & 7))) & 1;
}

Test(bitops, count_and_find_match_a_model)
{
    uint8_t buf[64];
    for (int round = 0; round < 400; round++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            uint64_t r = next_rand();
            /* Runs of 0x00 and 0xff so whole words get skipped. */
            buf[i] = round % 3 == 0 ? (uint8_t)r : r % 3 == 0 ? 0 : r % 3 == 1 ? 0xff : (uint8_t)r;
        }
        uint64_t a = next_rand() % 512, b = next_rand() % 512;
        uint64_t first = a < b ? a : b, last = a < b ? b : a;
        uint64_t want = 0;
        int64_t want1 = -1, want0 = -1;
        for (uint64_t i = first; i <= last; i++) {
            int v = bit_at(buf, i);
            want += (uint64_t)v;
            if (v && want1 < 0) want1 = (int64_t)i;
            if (!v && want0 < 0) want0 = (int64_t)i;
        }
        cr_assert_eq(bits_count(buf, first, last), want, "count %lu..%lu", first, last);
        cr_assert_eq(bits_find(buf, first, last, 1), want1, "find 1 in %lu..%lu", first, last);
        cr_assert_eq(bits_find(buf, first, last, 0), want0, "find 0 in %lu..%lu", first, last);
    }
}

Test(bitops, single_bits_and_bytes)
{
    const uint8_t p[] = {0x80, 0x01, 0x00, 0xff};
    cr_assert_eq(bits_count(p, 0, 0), 1);
    cr_assert_eq(bits_count(p, 1, 14), 0);
    cr_assert_eq(bits_count(p, 15, 15), 1);
    cr_assert_eq(bits_count(p, 0, 31), 10);
    cr_assert_eq(bits_find(p, 1, 23, 1), 15);
    cr_assert_eq(bits_find(p, 16, 23, 1), -1);
    cr_assert_eq(bits_find(p, 24, 31, 0), -1);
    cr_assert_eq(bits_find(p, 0, 31, 0), 1);
}

Test(bitops, op_pads_short_sources_with_zeros)
{
    const uint8_t a[] = {0x0f, 0xf0, 0xaa}, b[] = {0xff, 0x00};
    const uint8_t *src[] = {a, b};
    const size_t lens[] = {3, 2};
    uint8_t out[3];
    bits_op(BITS_AND, out, 3, src, lens, 2);
    cr_assert_arr_eq(out, ((uint8_t[]){0x0f, 0x00, 0x00}), 3);
    bits_op(BITS_OR, out, 3, src, lens, 2);
    cr_assert_arr_eq(out, ((uint8_t[]){0xff, 0xf0, 0xaa}), 3);
    bits_op(BITS_XOR, out, 3, src, lens, 2);
    cr_assert_arr_eq(out, ((uint8_t[]){0xf0, 0xf0, 0xaa}), 3);
    bits_op(BITS_NOT, out, 3, src, lens, 1);
    cr_assert_arr_eq(out, ((uint8_t[]){0xf0, 0x0f, 0x55}), 3);
    const uint8_t *missing[] = {NULL, b};
    const size_t mlens[] = {0, 2};
    bits_op(BITS_OR, out, 2, missing, mlens, 2);
    cr_assert_arr_eq(out, ((uint8_t[]){0xff, 0x00}), 2);
}

Test(bitops, fields_round_trip_at_every_width_and_offset)
{
    uint8_t buf[24];
    for (unsigned bits = 1; bits <= 64; bits++) {
        for (uint64_t off = 0; off < 40; off += 3) {
            memset(buf, 0xa5, sizeof buf);
            uint64_t v = next_rand();
            uint64_t low = bits == 64 ? v : v & ((UINT64_C(1) << bits) - 1);
            bitfield_set(buf, off, bits, v);
            cr_assert_eq(bitfield_get_unsigned(buf, sizeof buf, off, bits), low);
            int64_t s = bitfield_get_signed(buf, sizeof buf, off, bits);
            int neg = (low >> (bits - 1)) & 1;
            cr_assert_eq(s < 0, neg, "sign of i%u", bits);
            cr_assert_eq((uint64_t)s & (bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1), low);
            /* The bits around the field are untouched. */
            for (uint64_t i = 0; i < sizeof buf * 8; i++)
                if (i < off || i >= off + bits)
                    cr_assert_eq(bit_at(buf, i), bit_at((uint8_t[]){0xa5}, i & 7));
        }
    }
    const uint8_t shorty[] = {0xff};
    cr_assert_eq(bitfield_get_unsigned(shorty, 1, 4, 8), 0xf0, "past the end reads zeros");
    cr_assert_eq(bitfield_get_signed(shorty, 1, 0, 16), (int64_t)(int16_t)0xff00);
    cr_assert_eq(bitfield_get_unsigned(NULL, 0, 100, 63), 0);
}

Test(bitops, unsigned_overflow)
{
    uint64_t r = 0;
    cr_assert_eq(bitfield_check_unsigned(250, 5, 8, BITFIELD_WRAP, &r), 0);
    cr_assert_eq(bitfield_check_unsigned(250, 10, 8, BITFIELD_WRAP, &r), 1);
    cr_assert_eq(r, 4);
    cr_assert_eq(bitfield_check_unsigned(250, 10, 8, BITFIELD_SAT, &r), 1);
    cr_assert_eq(r, 255);
    cr_assert_eq(bitfield_check_unsigned(3, -4, 8, BITFIELD_WRAP, &r), -1);
    cr_assert_eq(r, 255);
    cr_assert_eq(bitfield_check_unsigned(3, -4, 8, BITFIELD_SAT, &r), -1);
    cr_assert_eq(r, 0);
    cr_assert_eq(bitfield_check_unsigned(3, -4, 8, BITFIELD_FAIL, &r), -1);
    /* SET u8 with -1: a huge value, so an overflow, wrapped to 255. */
    cr_assert_eq(bitfield_check_unsigned(UINT64_MAX, 0, 8, BITFIELD_WRAP, &r), 1);
    cr_assert_eq(r, 255);
    uint64_t max63 = (UINT64_C(1) << 63) - 1;
    cr_assert_eq(bitfield_check_unsigned(max63, 1, 63, BITFIELD_WRAP, &r), 1);
    cr_assert_eq(r, 0);
    cr_assert_eq(bitfield_check_unsigned(0, INT64_MIN, 63, BITFIELD_SAT, &r), -1);
    cr_assert_eq(r, 0);
    cr_assert_eq(bitfield_check_unsigned(max63, INT64_MIN, 63, BITFIELD_SAT, &r), -1);
}

Test(bitops, signed_overflow)
{
    int64_t r = 0;
    cr_assert_eq(bitfield_check_signed(127, 0, 8, BITFIELD_WRAP, &r), 0);
    cr_assert_eq(bitfield_check_signed(127, 1, 8, BITFIELD_WRAP, &r), 1);
    cr_assert_eq(r, -128);
    cr_assert_eq(bitfield_check_signed(127, 1, 8, BITFIELD_SAT, &r), 1);
    cr_assert_eq(r, 127);
    cr_assert_eq(bitfield_check_signed(-128, -1, 8, BITFIELD_WRAP, &r), -1);
    cr_assert_eq(r, 127);
    cr_assert_eq(bitfield_check_signed(-128, -1, 8, BITFIELD_SAT, &r), -1);
    cr_assert_eq(r, -128);
    cr_assert_eq(bitfield_check_signed(-1000, 0, 8, BITFIELD_WRAP, &r), -1);
    cr_assert_eq(r, 24);
    cr_assert_eq(bitfield_check_signed(0, 1, 1, BITFIELD_WRAP, &r), 1);
    cr_assert_eq(r, -1);
    cr_assert_eq(bitfield_check_signed(INT64_MAX, 1, 64, BITFIELD_WRAP, &r), 1);
    cr_assert_eq(r, INT64_MIN);
    cr_assert_eq(bitfield_check_signed(INT64_MIN, -1, 64, BITFIELD_SAT, &r), -1);
    cr_assert_eq(r, INT64_MIN);
    cr_assert_eq(bitfield_check_signed(INT64_MIN, INT64_MAX, 64, BITFIELD_FAIL, &r), 0);
    cr_assert_eq(bitfield_check_signed(INT64_MAX, INT64_MAX, 64, BITFIELD_SAT, &r), 1);
    cr_assert_eq(r, INT64_MAX);
}
