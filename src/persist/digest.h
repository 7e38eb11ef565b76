/* DEBUG DIGEST and DEBUG DIGEST-VALUE: an order-independent digest of a dataset and of a value,
 * equal whenever the contents are equal, whatever the encodings or the order things were added
 * in (sets and hashes are mixed without order, as Redis's xorDigest does). 20 bytes, shown as
 * 40 hex digits; all zeros for an empty dataset. Called by the thread holding the shards. */
#ifndef TESSERA_DIGEST_H
#define TESSERA_DIGEST_H

#include <stdint.h>

struct entry;

#define DIGEST_LEN 20

/* The value's digest (DIGEST-VALUE): key and expiry left out. */
void digest_value(const struct entry *e, unsigned char out[DIGEST_LEN]);
/* Adds a key of database db (name, expiry and value) into a dataset's digest (XOR, so order does
 * not count; the database does, as in Redis). */
void digest_add_key(unsigned char acc[DIGEST_LEN], int db, const struct entry *e);
/* 40 hex digits and a NUL. */
void digest_hex(const unsigned char d[DIGEST_LEN], char out[2 * DIGEST_LEN + 1]);

#endif
