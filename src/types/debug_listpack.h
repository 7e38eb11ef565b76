/* Redis 7.0's byte layouts of small collections, rebuilt for DEBUG: a value's listpacks (hash,
 * sorted set, each quicklist node) and intset as Redis would hold them, so DEBUG OBJECT gives
 * Redis's serializedlength and quicklist sizes and DEBUG LISTPACK / QUICKLIST print Redis's
 * structure. Pure functions over caller-owned buffers; any thread. */
#ifndef TESSERA_DEBUG_LISTPACK_H
#define TESSERA_DEBUG_LISTPACK_H

#include <stddef.h>
#include <stdio.h>

/* A listpack (or intset) under construction; buf is mem_alloc'd, free it with rlp_free. */
struct rlp {
    unsigned char *buf;
    size_t len, cap;
    unsigned long count;
};

void rlp_init(struct rlp *lp);
/* Appends an element: an integer encoding when s is a canonical 64-bit integer, as Redis's
 * lpEncodeGetType decides, else a string. */
void rlp_append(struct rlp *lp, const char *s, size_t len);
/* Writes the header and the end byte; the bytes are then buf[0..len). */
void rlp_finish(struct rlp *lp);
void rlp_free(struct rlp *lp);

/* An intset of the given integers (sorted here), Redis's layout. */
void rlp_intset(struct rlp *out, long long *values, size_t n);

/* What rdbSaveRawString writes for these bytes: a length and the bytes, or LZF when compress is
 * on, the bytes are more than 20 and compression saves room. */
size_t rlp_rdb_string_len(const unsigned char *p, size_t len, int compress);
/* rdbSaveLen's size for a length. */
size_t rlp_rdb_len_size(unsigned long long len);

/* Redis's lpRepr of a finished listpack. */
void rlp_print(FILE *f, const struct rlp *lp);

#endif
