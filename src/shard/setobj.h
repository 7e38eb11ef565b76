/* Set values (the minimum the server core needs: SADD, SREM, SMEMBERS, SISMEMBER, SCARD);
 * members are keys of a dict. The data-types work replaces the encoding with compact ones.
 * Used by the thread holding the set's shard. */
#ifndef TESSERA_SETOBJ_H
#define TESSERA_SETOBJ_H

#include <stddef.h>
#include <stdint.h>

struct setobj;

struct setobj *setobj_new(void);
void setobj_free(struct setobj *s);
struct setobj *setobj_dup(const struct setobj *s);
int setobj_add(struct setobj *s, const char *m, size_t len);    /* 1 if added */
int setobj_remove(struct setobj *s, const char *m, size_t len); /* 1 if removed */
int setobj_contains(struct setobj *s, const char *m, size_t len);
uint64_t setobj_size(const struct setobj *s);
void setobj_foreach(const struct setobj *s, void (*fn)(const char *m, size_t len, void *arg),
                    void *arg);
size_t setobj_usage(const struct setobj *s);

/* OBJECT ENCODING's name for the set's current encoding. */
const char *setobj_encoding(const struct setobj *o);

#endif
