/* Unit tests of crc64: Redis's check value, agreement of the sliced tables with the bitwise
 * definition at every length and alignment, chaining, and first use from several threads. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "persist/crc64.h"

/* The definition, one bit at a time (reflected Jones polynomial, as redis/src/crc64.c). */
static uint64_t crc64_bitwise(uint64_t crc, const unsigned char *p, size_t n)
{
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc & 1) ? (crc >> 1) ^ 0x95ac9329ac4bc9b5ULL : crc >> 1;
    }
    return crc;
}

Test(crc64, redis_check_value)
{
    cr_assert_eq(crc64(0, "123456789", 9), 0xe9c6d914c4b8d9caULL);
}

Test(crc64, empty_input_keeps_crc)
{
    cr_assert_eq(crc64(0, "", 0), 0);
    cr_assert_eq(crc64(0x1234, NULL, 0), 0x1234);
}

Test(crc64, matches_bitwise_at_every_length_and_alignment)
{
    unsigned char buf[600];
    srand(7);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)rand();
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n + off <= sizeof buf; n += (n < 80 ? 1 : 37))
            cr_assert_eq(crc64(0, buf + off, n), crc64_bitwise(0, buf + off, n),
                         "offset %zu length %zu", off, n);
}

Test(crc64, chains_like_one_pass)
{
    static unsigned char buf[1 << 16];
    srand(11);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)rand();
    uint64_t whole = crc64(0, buf, sizeof buf);
    for (size_t cut = 0; cut < sizeof buf; cut += 4099) {
        uint64_t c = crc64(0, buf, cut);
        cr_assert_eq(crc64(c, buf + cut, sizeof buf - cut), whole, "cut at %zu", cut);
    }
}

/* A DUMP payload from redis-server 7.0.15 ends in the crc64 of the bytes before it, LE. */
Test(crc64, redis_dump_trailer)
{
    static const unsigned char dump[] = {0x00, 0xc3, 0x09, 0x40, 0x64, 0x01, 0x61, 0x61,
                                         0xe0, 0x57, 0x00, 0x01, 0x61, 0x61, 0x0a, 0x00};
    static const unsigned char trailer[8] = {0xe8, 0xa3, 0xb5, 0x07, 0xb0, 0x6d, 0xf2, 0x71};
    uint64_t want = 0;
    for (int i = 7; i >= 0; i--)
        want = want << 8 | trailer[i];
    cr_assert_eq(crc64(0, dump, sizeof dump), want);
}

static void *crc_thread(void *arg)
{
    *(uint64_t *)arg = crc64(0, "123456789", 9);
    return NULL;
}

Test(crc64, concurrent_first_use)
{
    pthread_t t[8];
    uint64_t out[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, crc_thread, &out[i]);
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(out[i], 0xe9c6d914c4b8d9caULL);
    }
}
