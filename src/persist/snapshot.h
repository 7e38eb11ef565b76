/* A shard's side of a background save: the walk over its databases in slices between requests,
 * and the entries a write is about to change, serialized before the walk reaches them, so the
 * shard's file holds every key as it was when the save began. Called by the thread holding the
 * shard. The mechanism is in docs/persistence.md. */
#ifndef TESSERA_SNAPSHOT_H
#define TESSERA_SNAPSHOT_H

#include <stdint.h>

#include "shard/shard.h"

struct save_job;
struct entry;

/* The shard (held by the caller) begins its part of job as shard number idx, now. */
void snapshot_begin(struct shard *s, struct save_job *job, int idx);
/* The next slice of the walk (the shard's owner, with the shard free); busy: the owner has
 * requests to serve. Returns in how many microseconds it wants the next one (0: at once), or -1
 * when the walk is over. */
int64_t snapshot_step(struct shard *s, int busy);
/* The write hook's side (ks_set_preserver): e is about to be read or changed. */
void snapshot_preserve(struct shard *s, int db, struct entry *e);
/* Shutdown: forgets a snapshot under way (the saver drops its files). */
void snapshot_abandon(struct shard *s);

#endif
