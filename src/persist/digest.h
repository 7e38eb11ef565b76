/* DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's digest of a dataset and of a value (the same
 * bytes Redis gives for the same contents), equal whenever the contents are equal whatever the
 * encodings or the order things were added in. 20 bytes, shown as 40 hex digits; all zeros for
 * an empty dataset. Called by the thread holding the shards. */
#ifndef TESSERA_DIGEST_H
#define TESSERA_DIGEST_H

#include <stdint.h>

struct entry;

#define DIGEST_LEN 20

/* The value's digest (DIGEST-VALUE): its type and contents, and whether it expires. */
void digest_value(const struct entry *e, unsigned char out[DIGEST_LEN]);
/* A dataset's digest: for each database that has keys, in order, digest_begin_db once, then
 * digest_add_key for each of its keys, in any order (they are XORed in). */
void digest_begin_db(unsigned char acc[DIGEST_LEN], int db);
void digest_add_key(unsigned char acc[DIGEST_LEN], const struct entry *e);
/* 40 hex digits and a NUL. */
void digest_hex(const unsigned char d[DIGEST_LEN], char out[2 * DIGEST_LEN + 1]);

#endif
