/* The persistence thread: receives each shard's serialized chunks of a background save through
 * one single-producer ring per shard, writes them to the set's files and commits the set when
 * every shard has finished. Workers hand chunks over; the thread owns the files. */
#ifndef TESSERA_SAVER_H
#define TESSERA_SAVER_H

#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "persist/snapfiles.h"

/* One background save of every shard. Made by BGSAVE with the shards held; the saver thread
 * owns and frees it once every shard's last chunk is in. */
struct save_job {
    uint64_t gen;
    int nshards;
    int checksum;
    int64_t start_ms;
    char dir[PATH_MAX];
    char base[NAME_MAX + 1];
    /* the saver thread's */
    _Atomic int cancelled; /* saver_cancel: dropped without an error */
    int lasts;             /* shards whose last chunk arrived */
    int failed;            /* a write failed: the rest is dropped */
    struct snapfile files[];
};

/* Bytes of one shard's file, in order. Handing one to saver_send hands over buf and the chunk. */
struct save_chunk {
    struct save_job *job;
    int shard;
    int last; /* the file's last bytes: the shard's walk is over */
    size_t len;
    char *buf;
};

/* Main thread: the thread and its rings (nshards producers), and their end: after the workers
 * stopped, a save under way is dropped and its temporary files removed. */
void saver_start(int nshards);
void saver_stop(void);
/* Before any chunk of it is sent: j is the save under way (one at a time). */
void saver_begin(struct save_job *j);
/* Drops the save under way, if any, without counting it as failed (FLUSHALL's save replaces
 * it, as Redis kills its child). Any thread. */
void saver_cancel(void);
/* The owner of shard `shard`: false when its ring is full (keep the chunk and retry later). */
int saver_send(int shard, struct save_chunk *c);

#endif
