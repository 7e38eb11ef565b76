/* SHA-256 (FIPS 180-4), for what Redis hashes with it: ACL passwords, stored and compared only
 * as digests. Pure, any thread. */
#ifndef TESSERA_SHA256_H
#define TESSERA_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN]);
/* One call: the digest of p[0..n). */
void sha256(const void *p, size_t n, unsigned char out[SHA256_LEN]);

#endif
