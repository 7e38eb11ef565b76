/* The keyspace hash function: a keyed 64-bit hash in the style of wyhash/rapidhash (a 64x64->128
 * multiply folds two words at a time), with a random seed drawn once per process so that keys
 * chosen to collide in one server do not collide in another (hash flooding). A 16-byte key costs
 * two loads, two multiplies and a few XORs. Pure after start-up, any thread. */
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "tessera/dict.h"

/* Odd constants with about half their bits set (wyhash's). */
#define P0 0xa0761d6478bd642fULL
#define P1 0xe7037ed1a0b428dbULL

static uint64_t seed = P0; /* replaced at start-up */

static inline uint64_t fold(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t r8(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t r4(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Before main: every dict, the loader's included, hashes with the same seed. */
__attribute__((constructor)) static void seed_init(void)
{
    uint64_t s;
    if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)getpid();
    }
    seed = fold(s ^ P0, P1);
}

uint64_t dict_hash(const char *key, size_t len)
{
    const unsigned char *p = (const unsigned char *)key;
    uint64_t s = seed;
    uint64_t a, b;
    if (__builtin_expect(len <= 16, 1)) {
        if (len >= 4) {
            /* two overlapping 4-byte reads from each end cover 4..16 bytes */
            size_t off = (len >> 3) << 2;
            a = (r4(p) << 32) | r4(p + off);
            b = (r4(p + len - 4) << 32) | r4(p + len - 4 - off);
        } else if (len > 0) {
            a = ((uint64_t)p[0] << 16) | ((uint64_t)p[len >> 1] << 8) | p[len - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        size_t i = len;
        while (i > 16) {
            s = fold(r8(p) ^ P1, r8(p + 8) ^ s);
            p += 16;
            i -= 16;
        }
        /* the last 16 bytes, overlapping what came before */
        a = r8(p + i - 16);
        b = r8(p + i - 8);
    }
    __uint128_t r = (__uint128_t)(a ^ P1) * (b ^ s);
    return fold((uint64_t)r ^ P0 ^ len, (uint64_t)(r >> 64) ^ P1);
}
