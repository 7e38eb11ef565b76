/* Unit tests of LZF: round trips of random, compressible and repetitive data, the bounds of
 * both sides (too small an output never gets written past), decoding liblzf's output as Redis
 * writes it, and hostile input (truncated, bit-flipped, random) that must fail cleanly. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "persist/lzf.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void fill_random(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)next_rand();
}

/* Text-like data: words from a small vocabulary, so matches are frequent and of all lengths. */
static void fill_text(unsigned char *p, size_t n)
{
    static const char *words[] = {"alpha ", "beta ",     "gamma ", "delta ",      "tessera ",
                                  "cache ", "snapshot ", "x",      "0123456789 ", "\n"};
    size_t i = 0;
    while (i < n) {
        const char *w = words[next_rand() % 10];
        for (size_t k = 0; w[k] && i < n; k++)
            p[i++] = (unsigned char)w[k];
    }
}

/* Compresses and decompresses into buffers of exactly the size needed, so that ASan sees any
 * access past them; returns the compressed length. */
static size_t round_trip(const unsigned char *in, size_t n)
{
    size_t cap = n + n / 16 + 64;
    unsigned char *c = malloc(cap);
    size_t clen = lzf_compress(in, n, c, cap);
    cr_assert(clen > 0, "length %zu compresses into %zu bytes of room", n, cap);
    unsigned char *exact = malloc(clen);
    memcpy(exact, c, clen);
    unsigned char *d = malloc(n);
    cr_assert_eq(lzf_decompress(exact, clen, d, n), n, "length %zu", n);
    cr_assert(memcmp(d, in, n) == 0, "length %zu", n);
    free(c);
    free(exact);
    free(d);
    return clen;
}

Test(lzf, empty_input)
{
    unsigned char out[8];
    cr_assert_eq(lzf_compress("", 0, out, sizeof out), 0);
    cr_assert_eq(lzf_decompress("", 0, out, sizeof out), 0);
}

Test(lzf, round_trips_every_small_length)
{
    unsigned char buf[300];
    for (size_t n = 1; n <= sizeof buf; n++) {
        fill_random(buf, n);
        round_trip(buf, n);
        fill_text(buf, n);
        round_trip(buf, n);
        memset(buf, 'a', n);
        round_trip(buf, n);
    }
}

Test(lzf, round_trips_large_inputs)
{
    size_t n = 3 << 20;
    unsigned char *buf = malloc(n);
    fill_text(buf, n);
    size_t clen = round_trip(buf, n);
    cr_assert(clen < n / 2, "text compresses (%zu of %zu)", clen, n);
    memset(buf, 0, n);
    clen = round_trip(buf, n);
    /* A reference of 3 bytes covers at most 264. */
    cr_assert(clen < n / 80, "zeros compress (%zu of %zu)", clen, n);
    fill_random(buf, n);
    clen = round_trip(buf, n);
    cr_assert(clen > n, "random data grows by the run headers (%zu of %zu)", clen, n);
    /* Repeats at distances around the 8 KiB reach of a reference. */
    for (size_t period = 8190; period <= 8194; period++) {
        fill_random(buf, period);
        for (size_t i = period; i < 200000; i++)
            buf[i] = buf[i - period];
        round_trip(buf, 200000);
    }
    free(buf);
}

Test(lzf, respects_output_capacity)
{
    unsigned char in[4000];
    fill_text(in, sizeof in);
    unsigned char full[5000];
    size_t need = lzf_compress(in, sizeof in, full, sizeof full);
    cr_assert(need > 0);
    for (size_t cap = 0; cap <= need; cap++) {
        unsigned char *out = malloc(cap ? cap : 1);
        size_t got = lzf_compress(in, sizeof in, out, cap);
        if (cap < need) {
            cr_assert_eq(got, 0, "capacity %zu of %zu", cap, need);
        } else {
            cr_assert_eq(got, need);
            cr_assert(memcmp(out, full, need) == 0);
        }
        free(out);
    }
    /* Incompressible input does not fit in less room than it takes itself. */
    fill_random(in, sizeof in);
    cr_assert_eq(lzf_compress(in, sizeof in, full, sizeof in - 1), 0);
}

Test(lzf, decompress_output_too_small)
{
    unsigned char in[1000], c[1200];
    fill_text(in, sizeof in);
    size_t clen = lzf_compress(in, sizeof in, c, sizeof c);
    for (size_t outlen = 0; outlen < sizeof in; outlen += 7) {
        unsigned char *out = malloc(outlen ? outlen : 1);
        cr_assert_eq(lzf_decompress(c, clen, out, outlen), 0, "room %zu", outlen);
        free(out);
    }
}

/* Bytes of DUMP payloads from redis-server 7.0.15 (liblzf's compressor): the LZF part alone. */
Test(lzf, decodes_liblzf_output)
{
    static const unsigned char a100[] = {0x01, 0x61, 0x61, 0xe0, 0x57, 0x00, 0x01, 0x61, 0x61};
    unsigned char out[100];
    cr_assert_eq(lzf_decompress(a100, sizeof a100, out, sizeof out), 100);
    for (int i = 0; i < 100; i++)
        cr_assert_eq(out[i], 'a');
    /* A reference that would reach before the start of the output. */
    static const unsigned char bad[] = {0x00, 0x61, 0xe0, 0x57, 0x01};
    cr_assert_eq(lzf_decompress(bad, sizeof bad, out, sizeof out), 0);
    /* A literal run longer than the input left. */
    static const unsigned char short_run[] = {0x05, 0x61, 0x61};
    cr_assert_eq(lzf_decompress(short_run, sizeof short_run, out, sizeof out), 0);
    /* A reference cut after its control byte. */
    static const unsigned char cut[] = {0x01, 0x61, 0x61, 0xe0};
    cr_assert_eq(lzf_decompress(cut, sizeof cut, out, sizeof out), 0);
}

/* Decodes into a buffer of exactly outlen bytes (ASan catches a byte past it). */
static void decode_hostile(const unsigned char *c, size_t clen, size_t outlen)
{
    unsigned char *in = malloc(clen ? clen : 1);
    memcpy(in, c, clen);
    unsigned char *out = malloc(outlen ? outlen : 1);
    size_t got = lzf_decompress(in, clen, out, outlen);
    cr_assert(got <= outlen);
    free(in);
    free(out);
}

Test(lzf, hostile_input_fails_cleanly)
{
    enum { N = 2000 };
    unsigned char in[N], c[N * 2], mut[N * 2];
    fill_text(in, N);
    size_t clen = lzf_compress(in, N, c, sizeof c);
    cr_assert(clen > 0);

    for (size_t n = 0; n < clen; n++) {
        decode_hostile(c, n, N);
        unsigned char out[N];
        size_t got = lzf_decompress(c, n, out, N);
        /* A cut at a run boundary decodes to a prefix; anywhere else it is an error. */
        if (got) cr_assert(memcmp(out, in, got) == 0);
    }
    for (int round = 0; round < 20000; round++) {
        memcpy(mut, c, clen);
        int flips = 1 + (int)(next_rand() % 4);
        for (int f = 0; f < flips; f++)
            mut[next_rand() % clen] ^= (unsigned char)(1u << (next_rand() % 8));
        decode_hostile(mut, clen, N);
        decode_hostile(mut, clen, next_rand() % (N + 100));
    }
    for (int round = 0; round < 5000; round++) {
        size_t n = next_rand() % 512;
        fill_random(mut, n);
        decode_hostile(mut, n, next_rand() % 4096);
    }
}
