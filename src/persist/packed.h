/* Validating readers of the compact blobs Redis writes inside RDB files and DUMP payloads:
 * ziplists (Redis <= 6.2), listpacks (7.0 on; Redis's byte layout, not src/shard/listpack.c's),
 * intsets and zipmaps (2.x hashes). Pure functions over caller-owned bytes, any thread. */
#ifndef TESSERA_PACKED_H
#define TESSERA_PACKED_H

#include <stddef.h>
#include <stdint.h>

enum packed_kind { PACKED_ZIPLIST, PACKED_LISTPACK, PACKED_INTSET, PACKED_ZIPMAP };

/* Room for an integer entry rendered in decimal, its NUL included. */
#define PACKED_INT_BUF 24

/* One entry: a byte string (s, len), or an integer (s NULL, ll). A zipmap yields its field and
 * value as two entries, always strings; an intset yields integers only. */
struct packed_elem {
    const unsigned char *s;
    size_t len;
    long long ll;
};

/* The header count when it does not give one (ziplist and listpack count 65535, zipmap 254). */
#define PACKED_COUNT_UNKNOWN UINT64_MAX

/* A walk over one blob. Every step checks the bytes it reads against the blob's end, so no
 * input makes it read out of bounds; the end checks the terminator and the header's count. */
struct packed_iter {
    const unsigned char *p;
    size_t len;
    size_t pos;        /* where the next entry starts */
    size_t prev_pos;   /* ziplist: start of the entry before pos, for the prevlen and tail checks */
    uint64_t declared; /* entries the header declares, or PACKED_COUNT_UNKNOWN */
    uint64_t seen;
    long long last; /* intset: the previous element, for the ascending check */
    unsigned width; /* intset: bytes per element */
    int kind;
    int state; /* 0 walking, 1 ended cleanly, -1 found bad */
};

/* Checks the header against len: 0 when the walk may start, -1 for a bad blob. */
int packed_init(struct packed_iter *it, int kind, const void *p, size_t len);
/* The next entry: 1 with *e set (pointing into the blob), 0 at a correct end, -1 for a bad blob
 * (also every call after one). */
int packed_next(struct packed_iter *it, struct packed_elem *e);
/* Walks a whole blob: 0 with *count entries (a zipmap's count is of fields and values), -1 for a
 * bad blob. */
int packed_validate(int kind, const void *p, size_t len, uint64_t *count);

/* The bytes of an entry: a string's own, or an integer written in decimal into buf. */
const char *packed_elem_bytes(const struct packed_elem *e, char buf[PACKED_INT_BUF], size_t *len);
/* "ziplist", "listpack", "intset" or "zipmap". */
const char *packed_kind_name(int kind);

#endif
