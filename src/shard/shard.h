/* A shard: the part of the keyspace one worker owns (every database's keys whose slot maps to
 * it), with its statistics. Only the owning worker touches a shard, except while a multi-shard
 * transaction holds it (see docs/transactions.md), when the holding thread does. */
#ifndef TESSERA_SHARD_H
#define TESSERA_SHARD_H

#include <stdint.h>

#include "tessera/dict.h"

struct db {
    struct dict keys;
    uint64_t expires;       /* entries that carry an expiry */
    uint64_t expire_cursor; /* where the active expiry cycle goes on */
    struct dict waiting;    /* keys with blocked clients: key -> their queue (blocking.c) */
};

struct shard {
    int id;
    int ndb;
    struct db *dbs;
    uint64_t expired_keys;
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

#endif
