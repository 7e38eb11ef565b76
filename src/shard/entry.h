/* Entries: construction, value access and freeing of the keyspace's one-allocation records.
 * Called by whichever thread holds the entry's shard. */
#ifndef TESSERA_ENTRY_H
#define TESSERA_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "tessera/dict.h"

#define EXPIRE_NONE (-1)

struct entry *entry_new_string(const char *key, size_t klen, const char *val, size_t vlen,
                               int64_t expire_at);
struct entry *entry_new_object(const char *key, size_t klen, int type, void *obj,
                               int64_t expire_at);
/* SET over an existing string: writes the value (and expiry) into e itself when e holds a
 * string inline with the same expiry-or-none and the new value takes the same size class a new
 * entry would; returns 1 then, else 0 and e is unchanged (the caller builds a new entry). The
 * key's write hook and snapshot mark remain the caller's. */
int entry_overwrite_string(struct entry *e, const char *val, size_t vlen, int64_t expire_at);
/* A string entry resized to vlen bytes in place or moved (realloc: the header, next pointer
 * included, moves with it); contents kept up to the shorter length, the rest zeroed. Growth
 * leaves room for more, so repeated appends are amortized. */
struct entry *entry_resize_string(struct entry *e, size_t vlen);
/* The same entry with another expiry (EXPIRE_NONE removes it); may move, in which case the old
 * entry is freed and the new one's next pointer is the old one's. */
struct entry *entry_with_expire(struct entry *e, int64_t expire_at);
/* The same value and expiry under another key (RENAME): consumes e, copies no value. */
struct entry *entry_rekey(struct entry *e, const char *key, size_t klen);
/* A deep copy under another key (COPY, RENAME across shards). */
struct entry *entry_copy(const struct entry *e, const char *key, size_t klen);

int64_t entry_expire(const struct entry *e);
void *entry_object(const struct entry *e);
/* Points the entry at its value's new place (a value that moved while it changed). */
void entry_set_object(struct entry *e, void *obj);
void entry_free(struct entry *e);
/* Bytes this entry and its value hold (MEMORY USAGE). */
size_t entry_usage(const struct entry *e);
const char *entry_type_name(const struct entry *e);
/* OBJECT ENCODING's answer: the name Redis 7.0 gives the encoding of the same contents. */
const char *entry_encoding_name(const struct entry *e);

#endif
