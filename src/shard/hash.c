/* The keyspace hash function: MurmurHash64A, 8 bytes a step, good spread for short keys.
 * Pure, any thread. */
#include <string.h>

#include "tessera/dict.h"

uint64_t dict_hash(const char *key, size_t len)
{
    const uint64_t m = 0xc6a4a7935bd1e995ULL;
    const int r = 47;
    uint64_t h = 0x5bd1e9955bd1e995ULL ^ (len * m);
    const unsigned char *p = (const unsigned char *)key;
    const unsigned char *end = p + (len & ~(size_t)7);

    while (p != end) {
        uint64_t k;
        memcpy(&k, p, 8);
        p += 8;
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
    }
    switch (len & 7) {
    case 7:
        h ^= (uint64_t)p[6] << 48; /* fall through */
    case 6:
        h ^= (uint64_t)p[5] << 40; /* fall through */
    case 5:
        h ^= (uint64_t)p[4] << 32; /* fall through */
    case 4:
        h ^= (uint64_t)p[3] << 24; /* fall through */
    case 3:
        h ^= (uint64_t)p[2] << 16; /* fall through */
    case 2:
        h ^= (uint64_t)p[1] << 8; /* fall through */
    case 1:
        h ^= (uint64_t)p[0];
        h *= m;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}
