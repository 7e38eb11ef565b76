/* Listpacks: a sequence of byte strings packed in one allocation, as Redis's listpack, for the
 * small encodings of hashes, sorted sets and the nodes of lists. Each entry is a varint length,
 * the bytes and a reversed varint of the entry's size, so it can be walked both ways.
 * A listpack belongs to one value and is used by the thread holding that value's shard. */
#ifndef TESSERA_LISTPACK_H
#define TESSERA_LISTPACK_H

#include <stddef.h>
#include <stdint.h>

struct listpack;

/* Positions are byte offsets of entries; LP_NONE is "no entry" (past either end).
 * A position stays valid until the listpack is changed. */
#define LP_NONE ((size_t)0)

struct listpack *lp_new(void);
void lp_free(struct listpack *lp);
struct listpack *lp_dup(const struct listpack *lp);
uint32_t lp_count(const struct listpack *lp);
/* Bytes the encoded listpack occupies (header included). */
size_t lp_bytes(const struct listpack *lp);
/* Bytes the allocation holds (MEMORY USAGE). */
size_t lp_usage(const struct listpack *lp);

size_t lp_first(const struct listpack *lp);
size_t lp_last(const struct listpack *lp);
size_t lp_next(const struct listpack *lp, size_t pos);
size_t lp_prev(const struct listpack *lp, size_t pos);
/* The entry at index i (negative counts from the end), or LP_NONE when out of range. */
size_t lp_seek(const struct listpack *lp, long i);
/* The bytes of the entry at pos (valid until the listpack changes). */
const char *lp_get(const struct listpack *lp, size_t pos, size_t *len);

/* The first entry equal to s at or after pos, comparing one entry and then skipping `skip`
 * entries (skip 1 finds hash fields among field/value pairs); LP_NONE if none. */
size_t lp_find(const struct listpack *lp, size_t pos, const char *s, size_t len, unsigned skip);

/* Changes may move the listpack: they return it, and the caller keeps the returned pointer.
 * lp_insert puts s before the entry at pos (LP_NONE appends); *newpos, when not NULL, gets the
 * position of the inserted entry. */
struct listpack *lp_insert(struct listpack *lp, size_t pos, const char *s, size_t len,
                           size_t *newpos);
struct listpack *lp_append(struct listpack *lp, const char *s, size_t len);
struct listpack *lp_prepend(struct listpack *lp, const char *s, size_t len);
struct listpack *lp_replace(struct listpack *lp, size_t pos, const char *s, size_t len);
/* Deletes n entries from pos (fewer when the end comes first). */
struct listpack *lp_delete(struct listpack *lp, size_t pos, uint32_t n);

/* Entry bytes needed for a string of len bytes (for callers bounding node sizes). */
size_t lp_entry_size(size_t len);

#endif
