/* Keys to slots: CRC16 of the key's hash tag, mod 16384, as Redis Cluster computes it.
 * Pure functions, callable from any thread. */
#ifndef TESSERA_SLOT_H
#define TESSERA_SLOT_H

#include <stddef.h>
#include <stdint.h>

#define SLOT_COUNT 16384

uint16_t slot_crc16(const char *buf, size_t len);
/* The slot of a key: hashes only the part between the first '{' and the next '}' when that
 * part is non-empty, like Redis's keyHashSlot. */
unsigned slot_of_key(const char *key, size_t len);

#endif
