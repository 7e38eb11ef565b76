/* Keyspace operations of one database of one shard: look-ups with lazy expiry, writes that keep
 * the expiry count true, deletion and flushing. Called only by the thread holding the shard. */
#ifndef TESSERA_KEYSPACE_H
#define TESSERA_KEYSPACE_H

#include <stddef.h>
#include <stdint.h>

#include "shard/entry.h"
#include "shard/shard.h"

#define KS_KEEPTTL (-2) /* ks_set_string: keep the key's current expiry */

/* Milliseconds since the epoch (CLOCK_REALTIME), as Redis's mstime. */
int64_t ks_now_ms(void);

/* The live entry of a key or NULL; an expired key is deleted on the way (lazy expiry).
 * ks_lookup_read also counts keyspace hits and misses, as Redis does for read commands. */
struct entry *ks_lookup(struct shard *s, int db, const char *key, size_t len);
struct entry *ks_lookup_read(struct shard *s, int db, const char *key, size_t len);
/* Like ks_lookup, but returns the slot holding the entry, for ks_resize_string. */
struct entry **ks_lookup_ref(struct shard *s, int db, const char *key, size_t len);
/* Resizes the string value of the entry at *ref (from ks_lookup_ref) to vlen bytes, keeping key,
 * expiry and the bytes that fit (new bytes are zero); returns the entry, which is now at *ref.
 * For APPEND and SETRANGE; a whole new value goes through ks_set_string. */
struct entry *ks_resize_string(struct shard *s, int db, struct entry **ref, size_t vlen);

/* Sets a string value; expire_at is a unix time in ms, EXPIRE_NONE or KS_KEEPTTL. */
void ks_set_string(struct shard *s, int db, const char *key, size_t klen, const char *val,
                   size_t vlen, int64_t expire_at);
/* Inserts an entry, replacing (and freeing) whatever the key held. */
void ks_put(struct shard *s, int db, struct entry *e);
/* Takes the key's entry out of the keyspace without freeing it (NULL if absent). */
struct entry *ks_take(struct shard *s, int db, const char *key, size_t len);
/* Deletes a live key; returns 1 if it existed. */
int ks_delete(struct shard *s, int db, const char *key, size_t len);
/* Sets or removes (EXPIRE_NONE) the expiry of a live key; an expiry in the past deletes the
 * key. Returns 0 if there is no such key. */
int ks_set_expire(struct shard *s, int db, const char *key, size_t len, int64_t expire_at);
/* Empties one database (db >= 0) or all of them (db < 0). */
void ks_flush(struct shard *s, int db);
uint64_t ks_size(struct shard *s, int db);
uint64_t ks_expires(struct shard *s, int db);

/* Active expiry: examines up to `budget` entries of databases with expiring keys, deleting the
 * expired ones; returns how many it deleted. */
uint64_t ks_active_expire(struct shard *s, uint64_t budget);

#endif
