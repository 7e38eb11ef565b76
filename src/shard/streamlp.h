/* Redis 7.0's listpack byte layout (not src/shard/listpack.c's), for the nodes of streams: a
 * stream node is kept exactly as Redis keeps it, so RDB and DUMP write it as it is and load it
 * back after a check. Header: total bytes (u32 LE) and element count (u16 LE, 65535 when
 * unknown); then elements [encoding][data][backlen]; then 0xFF. Strings that are canonical
 * 64-bit integers take an integer encoding, as Redis's lpEncodeGetType decides.
 * A listpack belongs to one stream, used by the thread holding that stream's shard. */
#ifndef TESSERA_STREAMLP_H
#define TESSERA_STREAMLP_H

#include <stddef.h>
#include <stdint.h>

/* Positions are byte offsets of elements from the start of the listpack; SLP_NONE (0, the
 * header) is "no element". A position stays valid while the bytes before it do not change. */
#define SLP_NONE   ((size_t)0)
#define SLP_HEADER 6
/* Room for an integer element rendered in decimal. */
#define SLP_INTBUF 24

/* An empty listpack with room for about `room` bytes before it must grow. */
unsigned char *slp_new(size_t room);
void slp_free(unsigned char *lp);
unsigned char *slp_dup(const unsigned char *lp);
/* The encoded size (the header's total). */
size_t slp_bytes(const unsigned char *lp);
/* The element count of the header (65535: unknown, count by walking). */
uint32_t slp_header_count(const unsigned char *lp);
/* Gives back the room an appending listpack kept for growth. */
unsigned char *slp_shrink(unsigned char *lp);

/* Changes may move the listpack: they return it and the caller keeps the returned pointer. */
unsigned char *slp_append_int(unsigned char *lp, int64_t v);
unsigned char *slp_append_str(unsigned char *lp, const char *s, size_t len);
/* Replaces the element at pos with the integer v; the element keeps its position. */
unsigned char *slp_replace_int(unsigned char *lp, size_t pos, int64_t v);

size_t slp_first(const unsigned char *lp);
size_t slp_last(const unsigned char *lp);
size_t slp_next(const unsigned char *lp, size_t pos);
size_t slp_prev(const unsigned char *lp, size_t pos);

/* The element at pos: a pointer to its bytes (into lp, or into buf for an integer, rendered in
 * decimal) and their length. */
const char *slp_get(const unsigned char *lp, size_t pos, char buf[SLP_INTBUF], size_t *len);
/* The element at pos as an integer: 1 with *v, 0 when it is not one (a string that does not
 * parse as a canonical integer). */
int slp_get_int(const unsigned char *lp, size_t pos, int64_t *v);
/* The integer at pos of a listpack the stream wrote itself (0 when it is not one). */
int64_t slp_int(const unsigned char *lp, size_t pos);

#endif
