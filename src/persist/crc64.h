/* CRC-64 as Redis computes it for RDB checksums and DUMP payloads: the Jones polynomial,
 * reflected, no initial or final xor, so crc64(crc64(0, a), b) == crc64(0, a b). Any thread. */
#ifndef TESSERA_PERSIST_CRC64_H
#define TESSERA_PERSIST_CRC64_H

#include <stddef.h>
#include <stdint.h>

/* Extends crc (0 to start) over n bytes at p. */
uint64_t crc64(uint64_t crc, const void *p, size_t n);

#endif
