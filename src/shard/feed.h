/* A shard's change feed: every change to a key, in order, as (database, key, event) records in
 * a bounded ring that consumers read with cursors of their own. Replication and the append-only
 * file will read it; a consumer that falls more than the ring's capacity behind learns that it
 * lost records (and must resynchronize). Only the thread holding the shard touches it. */
#ifndef TESSERA_FEED_H
#define TESSERA_FEED_H

#include <stddef.h>
#include <stdint.h>

struct feed_record {
    uint64_t seq; /* 1, 2, 3... in the order of the changes */
    int db;
    const char *event; /* the keyspace event name: "set", "del", "expired"... (static) */
    size_t klen;
    char *key;
};

struct change_feed {
    struct feed_record *ring; /* NULL until a consumer opens the feed: nothing is kept before */
    size_t cap;               /* a power of two */
    uint64_t next_seq;        /* the seq the next record gets */
};

/* Starts keeping records (cap rounded up to a power of two); returns the cursor of a consumer
 * that reads from the next record on. */
uint64_t feed_open(struct change_feed *f, size_t cap);
/* Appends a record when the feed is open (the key is copied). */
void feed_append(struct change_feed *f, int db, const char *key, size_t klen, const char *event);
/* The record at *cursor, advancing it: 1 when there was one, 0 when the consumer is up to date,
 * -1 when it fell behind and records were lost (*cursor moves to the oldest one kept). */
int feed_read(const struct change_feed *f, uint64_t *cursor, const struct feed_record **out);
void feed_close(struct change_feed *f);

#endif
