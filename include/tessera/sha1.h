/* SHA-1 (FIPS 180-4), for what Redis defines through it: DEBUG DIGEST's mixing, and later
 * script SHAs. Not for security. Pure, any thread. */
#ifndef TESSERA_SHA1_H
#define TESSERA_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN 20

struct sha1 {
    uint32_t h[5];
    uint64_t bytes;
    unsigned char buf[64];
};

void sha1_init(struct sha1 *c);
void sha1_update(struct sha1 *c, const void *p, size_t n);
void sha1_final(struct sha1 *c, unsigned char out[SHA1_LEN]);

#endif
