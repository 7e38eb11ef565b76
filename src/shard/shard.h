/* A shard: the part of the keyspace one worker owns (every database's keys whose slot maps to
 * it), with everything that belongs to it: the transaction holding it and the work deferred
 * behind that hold, its write clock, watched keys and change feed (keyspace.h), its statistics.
 * Only the owning worker touches a shard, except while a multi-shard transaction holds it, when the
 * transaction's coordinator does (see docs/transactions.md); debug builds assert it. */
#ifndef TESSERA_SHARD_H
#define TESSERA_SHARD_H

#include <assert.h>
#include <stdint.h>

#include "shard/feed.h"
#include "shard/watch.h"
#include "tessera/dict.h"

struct msg;
struct txn;
struct snapshot;
struct evict_pool;

struct db {
    struct dict keys;
    uint64_t expires;       /* entries that carry an expiry */
    uint64_t expire_cursor; /* where the active expiry cycle goes on */
    uint64_t evict_cursor;  /* where eviction's samples of keys with a TTL go on */
    struct dict waiting;    /* keys with blocked clients: key -> their queue (blocking.c) */
    /* SWAPDB and WATCH (keyspace.c): one past the clock of this database's last write, of its
     * last two swaps, and of its last write before the latest swap (0: none); they stay with the
     * index, as the waiting queues and the WATCHes of its clients do. */
    uint64_t written_at;
    uint64_t swapped_at, swapped_before, written_at_swap;
};

struct ready_key {
    int db;
    size_t klen;
    char *key;
};

struct shard {
    int id;
    int ndb;
    struct db *dbs;

    /* who may touch it: its owner, or the coordinator of the transaction that holds it */
    struct txn *holder;        /* the transaction holding this shard, or NULL */
    int toucher;               /* the worker id allowed to touch it now */
    int holder_coord;          /* the holder's coordinator, set by the owner when it granted
                                * (the owner may not read *holder: it is freed on release) */
    struct msg *deferred_head; /* work waiting for the shard, in arrival order */
    struct msg *deferred_tail;

    uint64_t clock;           /* ticks once per write: what the next write's tick is */
    struct watch_table watch; /* the keys someone WATCHes, with their last write's tick */
    struct change_feed feed;

    /* keys with blocked clients that a write made worth a look (the write hook fills it, the
     * execution path serves it after the command: dispatch/blocking.c) */
    struct ready_key *ready;
    uint32_t nready, ready_cap;
    struct shard *ready_next; /* in the calling thread's list of shards with ready keys */
    unsigned in_ready : 1;

    /* a snapshot under way (src/persist/snapshot.c), or NULL; entries whose ENTRY_SNAP_MARK
     * bit equals snap_mark are already in it, or were born after it began */
    struct snapshot *snap;
    uint8_t snap_mark;      /* 0 or ENTRY_SNAP_MARK: flips at each snapshot's start */
    uint64_t snap_gen;      /* the generation of the last snapshot begun, until its outcome */
    uint64_t dirty_at_snap; /* dirty when it began */

    uint64_t dirty;       /* changes made: rdb_changes_since_last_save is dirty - dirty_saved */
    uint64_t dirty_saved; /* dirty when the last successful save began */
    uint64_t expired_keys;
    uint64_t evicted_keys;
    int evict_db;                  /* the database random eviction takes its next key from */
    struct evict_pool *evict_pool; /* the best candidates seen so far (evict.c) */
    uint64_t keyspace_hits;
    uint64_t keyspace_misses;
};

void shard_init(struct shard *s, int id, int ndb);
void shard_destroy(struct shard *s);

/* The shard a slot maps to when there are n shards. */
static inline int shard_of_slot(unsigned slot, int n)
{
    return (int)(slot % (unsigned)n);
}

/* The calling thread's worker id (-1 on threads that are not workers): set once by each worker
 * at start, and by tests that play a worker. */
extern _Thread_local int shard_thread_id;

/* Debug builds: only the thread allowed to touch the shard does. */
#ifdef NDEBUG
#define SHARD_ASSERT_MINE(s) ((void)(s))
#else
#define SHARD_ASSERT_MINE(s) assert((s)->toucher == shard_thread_id)
#endif

#endif
