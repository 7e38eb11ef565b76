/* Intsets: a sorted array of distinct integers packed in one allocation, every element of the
 * width (16, 32 or 64 bits) the widest of them needs, as Redis's intset. The small encoding of
 * sets whose members are all integers. Functions that change an intset may move it and return
 * its new address. Used by the thread holding the set's shard. */
#ifndef TESSERA_INTSET_H
#define TESSERA_INTSET_H

#include <stddef.h>
#include <stdint.h>

struct intset;

struct intset *intset_new(void);
void intset_free(struct intset *is);
struct intset *intset_dup(const struct intset *is);

/* Inserts v in order; *added is 1 when v was not there yet. Widens every element first when v
 * does not fit the current width (never narrows again). */
struct intset *intset_add(struct intset *is, int64_t v, int *added);
/* Deletes v; *removed is 1 when it was there. */
struct intset *intset_remove(struct intset *is, int64_t v, int *removed);
int intset_find(const struct intset *is, int64_t v);

uint32_t intset_len(const struct intset *is);
/* The element at position pos (< intset_len), the smallest at 0. */
int64_t intset_get(const struct intset *is, uint32_t pos);
/* Bytes of one element: 2, 4 or 8. */
unsigned intset_width(const struct intset *is);
/* Bytes the packed form takes (header and elements). */
size_t intset_bytes(const struct intset *is);

#endif
