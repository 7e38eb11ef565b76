/* The RDB decoder's primitives over struct rdb_in: bytes, lengths, strings in their raw,
 * integer and LZF encodings, and scores. Each checks what it reads against the input's end and
 * fails with in->err set ("unexpected end of file", ...). Used by rdb_value.c, rdb_skip.c and
 * rdb_read.c on the thread doing the decoding. */
#ifndef TESSERA_RDB_IN_H
#define TESSERA_RDB_IN_H

#include <stddef.h>
#include <stdint.h>

#include "persist/rdb_read.h"

/* A string read from the input: p points into the input (raw), into num (integer encodings,
 * rendered in decimal) or into owned (LZF, decompressed). Not to be copied while in use. */
struct rdb_str {
    const char *p;
    size_t len;
    char *owned;
    char num[24];
};

/* Sets in->err (printf-style) unless an earlier, more precise failure already did; returns -1. */
int rdb_in_fail(struct rdb_in *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes left after in->pos. */
size_t rdb_in_left(const struct rdb_in *in);

/* n raw bytes: *p points at them and in->pos moves past them. */
int rdb_in_bytes(struct rdb_in *in, size_t n, const unsigned char **p);
int rdb_in_byte(struct rdb_in *in, unsigned *b);
/* n bytes (at most 8) of a little-endian unsigned number. */
int rdb_in_le(struct rdb_in *in, unsigned n, uint64_t *v);
/* A length; a string's special encoding in its place is an error. */
int rdb_in_len(struct rdb_in *in, uint64_t *len);
/* A count of things that each take at least `each` bytes: fails when the rest of the input
 * cannot hold them, so no loop or allocation follows a count the input does not back. */
int rdb_in_count(struct rdb_in *in, size_t each, uint64_t *n);

/* A string in any encoding; rdb_str_free releases it. */
int rdb_in_string(struct rdb_in *in, struct rdb_str *s);
void rdb_str_free(struct rdb_str *s);
/* Steps over a string without decoding it (LZF data is not decompressed). */
int rdb_in_skip_string(struct rdb_in *in);
/* A ZSET score written as a string: a length byte (253 nan, 254 inf, 255 -inf) and digits. */
int rdb_in_double_str(struct rdb_in *in, double *d);
/* A ZSET_2 score or a module double: 8 bytes, an IEEE double in little-endian order. */
int rdb_in_double_bin(struct rdb_in *in, double *d);

#endif
