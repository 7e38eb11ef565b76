/* Keyspace operations of one database of one shard: look-ups with lazy expiry, writes that keep
 * the expiry count true, deletion and flushing, and the write hook (ks_changed) that every change
 * to a key passes through. Called only by the thread holding the shard. See docs/execution.md. */
#ifndef TESSERA_KEYSPACE_H
#define TESSERA_KEYSPACE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "shard/entry.h"
#include "shard/shard.h"
#include "tessera/config.h"

#define KS_KEEPTTL (-2) /* ks_set_string: keep the key's current expiry */

/* Milliseconds since the epoch (CLOCK_REALTIME), as Redis's mstime. */
int64_t ks_now_ms(void);

/* A running command's keys expire against one time, as in Redis (an EXEC block's or a script's
 * against one for the whole block): the execution path brackets each command with these (they
 * nest; the outermost counts). The time is the clock at the command's first expiry check, so a
 * key never expires halfway through a command. The calling thread's. */
extern _Thread_local int64_t ks_command_time_ms; /* 0: not read yet in this command */
extern _Thread_local int ks_command_depth;
static inline void ks_command_begin(void)
{
    ks_command_depth++;
}
/* The outermost end forgets the time, so that it is 0 again when the next command begins. */
static inline void ks_command_end(void)
{
    if (--ks_command_depth == 0) ks_command_time_ms = 0;
}
/* The time keys expire against: the running command's, else now. */
int64_t ks_expiry_now_ms(void);

/* Keyspace event classes (Redis's notify-keyspace-events letters). */
enum {
    NOTIFY_KEYSPACE = 1 << 0,  /* K */
    NOTIFY_KEYEVENT = 1 << 1,  /* E */
    NOTIFY_GENERIC = 1 << 2,   /* g */
    NOTIFY_STRING = 1 << 3,    /* $ */
    NOTIFY_LIST = 1 << 4,      /* l */
    NOTIFY_SET = 1 << 5,       /* s */
    NOTIFY_HASH = 1 << 6,      /* h */
    NOTIFY_ZSET = 1 << 7,      /* z */
    NOTIFY_EXPIRED = 1 << 8,   /* x */
    NOTIFY_EVICTED = 1 << 9,   /* e */
    NOTIFY_STREAM = 1 << 10,   /* t */
    NOTIFY_KEY_MISS = 1 << 11, /* m (not part of A) */
    NOTIFY_LOADED = 1 << 12,   /* module key loaded (not part of A) */
    NOTIFY_MODULE = 1 << 13,   /* d */
    NOTIFY_NEW = 1 << 14,      /* n (not part of A) */
    NOTIFY_ALL = NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH |
                 NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE
};

/* Where keyspace events go (pub/sub registers it at start); called on the thread holding the
 * shard, only for classes that notify-keyspace-events enables. */
typedef void (*ks_notify_fn)(struct shard *s, int db, int cls, const char *event, const char *key,
                             size_t klen);
void ks_set_notifier(ks_notify_fn fn);
/* The enabled classes (notify-keyspace-events): one load, so the hook costs next to nothing
 * when none is. */
static inline int ks_notify_flags(void)
{
    return atomic_load_explicit(&g_config.notify_keyspace_events, memory_order_relaxed);
}

/* The write hook: every change to a key, by any command, goes through here once the change is
 * made (Redis's signalModifiedKey plus notifyKeyspaceEvent). It ticks the shard's clock (noted
 * for the key if someone watches it: WATCH below), counts the change, appends it to the shard's
 * change feed and emits the keyspace event `event` of class `cls` (0: none). Lazy and active expiry
 * and flushing call it themselves; a command calls it for each key it changed, with Redis's event
 * name. */
void ks_changed(struct shard *s, int db, const char *key, size_t klen, int cls, const char *event);
/* The same for a change that must not wake the key's blocked clients: a stream changed in place
 * without a new entry (XDEL, XTRIM, XSETID), which Redis does not signal; a reader waiting past
 * tombstones at the top would otherwise be answered no entries. */
void ks_changed_no_wake(struct shard *s, int db, const char *key, size_t klen, int cls,
                        const char *event);
/* Blocked clients: the shards whose written keys have waiters, in the calling thread's list
 * (the write hook adds them). ks_ready_take hands over the next shard with its keys (the caller
 * frees each key and the array) and NULL when none is left. */
extern _Thread_local struct shard *ks_ready_shards;
struct ready_key *ks_ready_take(struct shard **s, uint32_t *n);

/* A keyspace event that changes nothing (the `m` class, key misses). */
void ks_notify_slow(struct shard *s, int db, int cls, const char *event, const char *key,
                    size_t klen);
static inline void ks_notify(struct shard *s, int db, int cls, const char *event, const char *key,
                             size_t klen)
{
    if (ks_notify_flags() & cls) ks_notify_slow(s, db, cls, event, key, klen);
}

/* Client-side caching (cmd/tracking.c registers it at start): called on the thread holding s
 * with each key the write hook sees changed, and with key NULL when s is flushed; only while
 * ks_tracking_clients (the clients tracking, kept by tracking.c) is not 0. */
typedef void (*ks_invalidate_fn)(struct shard *s, const char *key, size_t klen);
void ks_set_invalidator(ks_invalidate_fn fn);
extern _Atomic long ks_tracking_clients;
static inline int ks_tracking(void)
{
    return atomic_load_explicit(&ks_tracking_clients, memory_order_relaxed) != 0;
}

/* Snapshots: called with an entry a snapshot under way has not written yet, just before it is
 * read, changed or deleted (persist registers it at start). */
typedef void (*ks_preserve_fn)(struct shard *s, int db, struct entry *e);
void ks_set_preserver(ks_preserve_fn fn);

/* WATCH: what a key was when it was watched, and whether it changed since. Taking a mark puts
 * the key in the shard's table of watched keys (watch.h), which from then on notes the clock of
 * each write to it; the entries themselves carry no version. EXEC, holding the shard, asks
 * ks_changed_since: written since the mark, present then and not now or the reverse, touched by
 * a SWAPDB, or a mark below the table's floor (the table dropped its key to stay bounded: a
 * conservative yes, never a wrong no). Then it releases the mark; a mark never released (UNWATCH,
 * a client gone, on whatever worker) leaves its key in the table until the floor passes it. */
struct ks_watch_mark {
    uint64_t clock;  /* the shard's clock then: writes since tick it at this value or later */
    uint8_t present; /* the key existed and was not expired */
};
struct ks_watch_mark ks_watch_mark(struct shard *s, int db, const char *key, size_t klen);
int ks_changed_since(struct shard *s, int db, const char *key, size_t klen, struct ks_watch_mark m);
/* The mark is done with: the key leaves the table with its last unreleased mark. Once for each
 * mark taken, after the last ks_changed_since on it. */
void ks_watch_release(struct shard *s, int db, const char *key, size_t klen,
                      struct ks_watch_mark m);

/* The live entry of a key or NULL; an expired key is deleted on the way (lazy expiry).
 * ks_lookup_read also counts keyspace hits and misses, as Redis does for read commands. */
struct entry *ks_lookup(struct shard *s, int db, const char *key, size_t len);
struct entry *ks_lookup_read(struct shard *s, int db, const char *key, size_t len);
/* Like ks_lookup without counting as a use of the key: its access clock stays (OBJECT). */
struct entry *ks_peek(struct shard *s, int db, const char *key, size_t len);
/* Like ks_lookup, but returns the slot holding the entry, for ks_resize_string. */
struct entry **ks_lookup_ref(struct shard *s, int db, const char *key, size_t len);
/* Resizes the string value of the entry at *ref (from ks_lookup_ref) to vlen bytes, keeping key,
 * expiry and the bytes that fit (new bytes are zero); returns the entry, which is now at *ref.
 * For APPEND and SETRANGE; a whole new value goes through ks_set_string. */
struct entry *ks_resize_string(struct shard *s, int db, struct entry **ref, size_t vlen);

/* Writes that add a key the database did not hold (ks_put, ks_set_string) emit the `new` event
 * (class NOTIFY_NEW) on the spot, before the command's own event, as Redis's dbAdd does; a key
 * found expired on the way is deleted first, with its `expired` event.
 * Sets a string value; expire_at is a unix time in ms (one already past is stored, and expires
 * lazily as in Redis), EXPIRE_NONE or KS_KEEPTTL. */
void ks_set_string(struct shard *s, int db, const char *key, size_t klen, const char *val,
                   size_t vlen, int64_t expire_at);
/* Inserts an entry, replacing (and freeing) whatever the key held. */
void ks_put(struct shard *s, int db, struct entry *e);
/* Takes the key's entry out of the keyspace without freeing it (NULL if absent). */
struct entry *ks_take(struct shard *s, int db, const char *key, size_t len);
/* Deletes a live key; returns 1 if it existed. */
int ks_delete(struct shard *s, int db, const char *key, size_t len);
/* Sets or removes (EXPIRE_NONE) the expiry of a live key; an expiry in the past deletes the
 * key. Returns 0 if there is no such key, KS_EXPIRE_DELETED when it deleted it, else 1. */
#define KS_EXPIRE_DELETED 2
int ks_set_expire(struct shard *s, int db, const char *key, size_t len, int64_t expire_at);
/* Empties one database (db >= 0) or all of them (db < 0): a change to every key it held. */
void ks_flush(struct shard *s, int db);
/* SWAPDB on this shard: databases a and b exchange their keys (with expiries and sizes); the
 * clients waiting and the WATCHes stay with the index, so WATCHed keys in either count as
 * touched (ks_changed_since) and waiters whose key exists now are marked ready. */
void ks_swap_db(struct shard *s, int a, int b);
uint64_t ks_size(struct shard *s, int db);
uint64_t ks_expires(struct shard *s, int db);

/* Deletes an entry found expired (lazy or active expiry): the count, the feed and the `expired`
 * event. No write for WATCH: the key's presence tells (ks_changed_since). */
void ks_expired(struct shard *s, int db, struct entry *e);

/* Loading (a snapshot, RESTORE's bulk cousin): adds e without events or a dirty count; 0 (e not
 * taken) when the key is already there. */
int ks_load(struct shard *s, int db, struct entry *e);

/* Active expiry: examines up to `budget` entries of databases with expiring keys, deleting the
 * expired ones; returns how many it deleted. */
uint64_t ks_active_expire(struct shard *s, uint64_t budget);
/* Turns active expiry on or off on every shard (DEBUG SET-ACTIVE-EXPIRE); lazy expiry stays. */
void ks_set_active_expire(int on);

/* A script's rollback (undo.h): the key becomes saved again (NULL: absent), without events; it
 * takes saved. */
void ks_restore_key(struct shard *s, int db, const char *key, size_t klen, struct entry *saved);

#endif
