/* Persistence as the rest of the server sees it: snapshots (SAVE, BGSAVE, save rules, the final
 * save at shutdown), loading at start, and the state INFO persistence and LASTSAVE report. The
 * mechanism is in docs/persistence.md: every shard serializes itself at one point in time
 * between requests, without fork, and the persistence thread writes the files. */
#ifndef TESSERA_PERSIST_H
#define TESSERA_PERSIST_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "shard/shard.h"

/* What INFO persistence, LASTSAVE and the save rules read; written by whoever saves or loads. */
struct persist_status {
    _Atomic int64_t last_save_unix;   /* rdb_last_save_time, LASTSAVE */
    _Atomic int last_bgsave_failed;   /* rdb_last_bgsave_status:err */
    _Atomic int64_t last_bgsave_secs; /* rdb_last_bgsave_time_sec, -1: none yet */
    _Atomic int64_t last_try_unix;    /* the last background save begun (retries after errors) */
    _Atomic int64_t bgsave_start_ms;  /* of the one under way */
    _Atomic int bgsave_in_progress;
    _Atomic int bgsave_scheduled;    /* BGSAVE inside EXEC: worker 0's timer starts it */
    _Atomic uint64_t saves;          /* rdb_saves */
    _Atomic uint64_t ok_gen;         /* the newest generation saved whole */
    _Atomic uint64_t done_gen;       /* the newest generation finished, saved or not */
    _Atomic uint64_t keys_processed; /* current_save_keys_processed */
    _Atomic uint64_t keys_total;     /* current_save_keys_total */
    /* loading */
    _Atomic int loading;
    _Atomic int64_t loading_start_unix;
    _Atomic uint64_t loading_total_bytes;
    _Atomic uint64_t loading_loaded_bytes;
    _Atomic uint64_t loading_keys;
    _Atomic uint64_t load_keys_loaded;  /* rdb_last_load_keys_loaded */
    _Atomic uint64_t load_keys_expired; /* rdb_last_load_keys_expired */
    _Atomic int shutdown_mode;          /* enum persist_shutdown_mode */
};

/* What the final save at shutdown does: what the save rules say (SIGTERM, a bare SHUTDOWN), or
 * what SHUTDOWN SAVE / NOSAVE asked. */
enum persist_shutdown_mode { SHUTDOWN_BY_RULES = 0, SHUTDOWN_SAVE = 1, SHUTDOWN_NOSAVE = 2 };
extern struct persist_status g_persist;

/* Whether commands must wait for loading to end (one relaxed load). */
static inline int persist_loading(void)
{
    /* acquire: once it reads 0, what the loader put in the shards is seen whole */
    return atomic_load_explicit(&g_persist.loading, memory_order_acquire);
}

/* Main thread: before the workers start (nshards of them) and after they stop. persist_init
 * also says whether there is something to load (commands answer LOADING from the start). */
void persist_init(int nshards);
void persist_shutdown(void);

/* Loads the newest complete set from dir (or a single dbfilename written by Redis) into the
 * shards while the workers answer LOADING; main thread, workers running. 0, or -1 after logging
 * which file is bad and where. */
int persist_load(struct shard **shards, int nshards);

/* DEBUG RELOAD: loads the set the manifest names into the held shards (merge: a loaded key
 * replaces one already there, else it is an error). 0, or -1 with the reason in err. */
int persist_reload(struct shard **shards, int nshards, int merge, char *err, size_t errlen);

/* BGSAVE: every shard held by the caller (all of them) begins a snapshot at this instant; the
 * owners then walk their shards between requests. 0, or -1 with Redis's error text in err. */
int persist_bgsave(struct shard **shards, int nshards, char *err, size_t errlen);
/* SAVE (shards held) and the final save at shutdown (workers stopped): writes a whole set now
 * on the calling thread. 0, or -1 with the reason in err (also logged). A background save under
 * way makes it fail, unless `over` says to drop that one (FLUSHALL, as Redis kills its child). */
int persist_save_now(struct shard **shards, int nshards, int over, char *err, size_t errlen);
/* FLUSHALL with save rules set: an empty set replaces the saved one at once, as in Redis. */
void persist_after_flushall(struct shard **shards, int nshards);

/* A worker's turn with its own shard free: the snapshot walk's next slice and what a finished
 * save means for the shard; busy: the worker has requests to serve. Returns in how many
 * microseconds the walk wants its next turn (0: at once), -1 when it wants none. */
int64_t persist_worker_turn(struct shard *s, int busy);
/* Whether the final save should run (workers stopped). */
int persist_shutdown_saves(void);
/* The save rules (`save <seconds> <changes>`): whether one says to save now, given the changes
 * since the last save. Worker 0's timer asks once a second. */
int persist_rules_due(uint64_t changes, int64_t now_unix);
/* Whether a scheduled BGSAVE should start now (and it is no longer scheduled). */
int persist_take_scheduled(void);
/* Whether writes are refused: the last background save failed, stop-writes-on-bgsave-error is
 * on and save rules are set (Redis's MISCONF). One load when the last save went well. */
int persist_writes_refused_slow(void);
static inline int persist_writes_refused(void)
{
    return atomic_load_explicit(&g_persist.last_bgsave_failed, memory_order_relaxed) &&
           persist_writes_refused_slow();
}
/* The changes since the last successful save on shard s (its owner). */
static inline uint64_t persist_changes(const struct shard *s)
{
    return s->dirty - s->dirty_saved;
}

#endif
