/* Set values in Redis 7.0's two encodings: an intset while every member is a canonical integer
 * and there are at most set-max-intset-entries of them, else a hashtable (a dict whose entries'
 * keys are the members). A set turns into a hashtable once and never back.
 * Used by the thread holding the set's shard. */
#ifndef TESSERA_SETOBJ_H
#define TESSERA_SETOBJ_H

#include <stddef.h>
#include <stdint.h>

/* Room for a member rendered from an intset's integer (-9223372036854775808 and a NUL). */
#define SETOBJ_INT_BUF 24

struct setobj;
struct intset;

/* Receives a member; the bytes are valid only during the call. */
typedef void (*setobj_member_fn)(const char *m, size_t len, void *arg);

/* A new empty set (an intset). */
struct setobj *setobj_new(void);
void setobj_free(struct setobj *s);
struct setobj *setobj_dup(const struct setobj *s);
int setobj_add(struct setobj *s, const char *m, size_t len);    /* 1 if added */
int setobj_remove(struct setobj *s, const char *m, size_t len); /* 1 if removed */
int setobj_contains(struct setobj *s, const char *m, size_t len);
uint64_t setobj_size(const struct setobj *s);
/* Calls fn for every member (an intset's in ascending order); fn must not change the set. */
void setobj_foreach(const struct setobj *s, setobj_member_fn fn, void *arg);
/* A random member of a non-empty set: *m points into the set, or into buf for an intset's
 * integer, and stays valid until the set changes. */
void setobj_random(struct setobj *s, char buf[SETOBJ_INT_BUF], const char **m, size_t *len);
/* Takes a random member out of a non-empty set, handing it to fn (when not NULL) first. */
void setobj_pop(struct setobj *s, setobj_member_fn fn, void *arg);
/* One step of SSCAN from cursor: calls fn for the members visited and returns the next cursor
 * (0 at the end). An intset is visited whole in one call, as Redis does for small encodings; a
 * hashtable walks buckets until about count members or count * 10 buckets, as Redis's SSCAN. */
uint64_t setobj_scan(struct setobj *s, uint64_t cursor, long long count, setobj_member_fn fn,
                     void *arg);
/* Exchanges the contents of two sets (SPOP's keep-the-rest strategy). */
void setobj_swap(struct setobj *a, struct setobj *b);
/* Bytes held: the usable size of every allocation. */
size_t setobj_usage(const struct setobj *s);

/* The set's intset while it is in that encoding, else NULL: for the RDB writer, which stores
 * an intset's elements as they are (RDB_TYPE_SET_INTSET). Valid until the set changes. */
const struct intset *setobj_intset(const struct setobj *s);
/* The set's table while it is one (DEBUG HTSTATS-KEY), else NULL. */
const struct dict *setobj_dict(const struct setobj *s);

/* OBJECT ENCODING's name for the set's current encoding: "intset" or "hashtable". */
const char *setobj_encoding(const struct setobj *s);

#endif
