/* Hash values: fields and their values, packed in a listpack while small and in a dict past
 * the hash-max-listpack-* thresholds. Used by the thread holding the hash's shard. */
#ifndef TESSERA_HASHOBJ_H
#define TESSERA_HASHOBJ_H

#include <stddef.h>
#include <stdint.h>

struct hashobj;

struct hashobj *hashobj_new(void);
void hashobj_free(struct hashobj *h);
struct hashobj *hashobj_dup(const struct hashobj *h);
size_t hashobj_usage(const struct hashobj *h);
uint64_t hashobj_len(const struct hashobj *h);
/* The value of a field: 1 with *v and *vlen set (valid until the next change), 0 if absent. */
int hashobj_get(struct hashobj *h, const char *f, size_t flen, const char **v, size_t *vlen);
/* Sets a field; returns 1 when the field is new. The hash may move: *hp is updated, and the
 * caller stores it back where it keeps the hash (entry_set_object). */
int hashobj_set(struct hashobj **hp, const char *f, size_t flen, const char *v, size_t vlen);
/* Deletes a field; returns 1 when it existed. *hp as for hashobj_set. */
int hashobj_del(struct hashobj **hp, const char *f, size_t flen);
typedef void (*hashobj_visit_fn)(const char *f, size_t flen, const char *v, size_t vlen, void *arg);
void hashobj_foreach(const struct hashobj *h, hashobj_visit_fn fn, void *arg);
/* HSCAN's step: visits some fields from the cursor and returns the next one (0 when done); a
 * listpack hash is visited whole in one step, as Redis does. */
uint64_t hashobj_scan(const struct hashobj *h, uint64_t cursor, hashobj_visit_fn fn, void *arg);
/* A random field and its value (valid until the next change); 0 when the hash is empty. */
int hashobj_random(const struct hashobj *h, const char **f, size_t *flen, const char **v,
                   size_t *vlen);

/* OBJECT ENCODING's name for the hash's current encoding. */
const char *hashobj_encoding(const struct hashobj *o);
/* The hash's table while it is one (DEBUG HTSTATS-KEY), else NULL. */
const struct dict *hashobj_dict(const struct hashobj *h);

#endif
