/* Builders of the packed blobs Redis writes (ziplists, listpacks, intsets, zipmaps), encoded
 * entry by entry the way Redis's own encoders choose, for the unit tests of the decoders. */
#ifndef TESSERA_TEST_PACKED_BUILD_H
#define TESSERA_TEST_PACKED_BUILD_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer (malloc'd: free b when done). */
struct pb_buf {
    unsigned char *b;
    size_t n, cap;
    size_t last;  /* ziplist: start of the last entry */
    size_t count; /* entries added */
};

void pb_put(struct pb_buf *b, const void *p, size_t n);
void pb_byte(struct pb_buf *b, unsigned v);
void pb_le(struct pb_buf *b, uint64_t v, unsigned n);
void pb_set_le(unsigned char *p, uint64_t v, unsigned n);

/* Ziplists: begin, add entries (integers take the smallest encoding), end writes the header. */
void pb_zl_begin(struct pb_buf *b);
void pb_zl_str(struct pb_buf *b, const char *s, size_t len);
void pb_zl_int(struct pb_buf *b, long long v);
void pb_zl_end(struct pb_buf *b);

/* Listpacks, the same way. */
void pb_lp_begin(struct pb_buf *b);
void pb_lp_str(struct pb_buf *b, const char *s, size_t len);
void pb_lp_int(struct pb_buf *b, long long v);
void pb_lp_end(struct pb_buf *b);

/* An intset of n values (sorted by the caller, or not, to test) at width bytes each. */
void pb_intset(struct pb_buf *b, unsigned width, const long long *v, size_t n);

/* Zipmaps: pairs with `free` unused bytes after the value. */
void pb_zm_begin(struct pb_buf *b);
void pb_zm_pair(struct pb_buf *b, const char *f, size_t flen, const char *v, size_t vlen,
                unsigned free);
void pb_zm_end(struct pb_buf *b);

#endif
