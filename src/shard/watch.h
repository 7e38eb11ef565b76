/* The keys of one shard that someone WATCHes: db+key -> the clock of the key's last write seen
 * since it entered the table. ks_watch_mark fills it, the write hook updates it (one look-up,
 * and none at all while it is empty), ks_changed_since reads it. Watchers are sessions on any
 * worker and never unregister across threads, so the table bounds itself with a floor: entries
 * whose latest mark is below it are dropped, and a WATCH whose mark is below it counts as
 * changed. See docs/execution.md. Used only by the thread holding the shard (keyspace.c). */
#ifndef TESSERA_WATCH_H
#define TESSERA_WATCH_H

#include <stddef.h>
#include <stdint.h>

/* The most keys a shard's table holds: past it the older half (by mark) is dropped. */
#define WATCH_TABLE_MAX (1u << 16)
/* Entries whose latest mark is this many writes of the shard behind its clock are dropped. */
#define WATCH_AGE_MAX (UINT64_C(1) << 23)

struct watch_rec;

struct watch_table {
    struct watch_rec **buckets;
    uint32_t nbuckets; /* a power of two, 0 when none is allocated */
    uint32_t n;        /* keys in the table */
    uint64_t floor;    /* marks below it are no longer covered: they count as changed */
    uint64_t oldest;   /* at most the lowest mark in the table (the age sweep's trigger) */
};

/* Adds the key (or finds it) as watched at clock, one more mark to release; may first drop the
 * older half of a full table. Returns the floor, which may now be above clock: the caller moves
 * its clock up to it, so that the mark it takes is covered. */
uint64_t watch_add(struct watch_table *t, int db, const char *key, size_t klen, uint64_t clock);
/* The clock of the key's last write since it entered the table, 0 if none; -1 (all bits) when
 * it is not there. */
uint64_t watch_written(const struct watch_table *t, int db, const char *key, size_t klen);
/* A write at clock v to a key: recorded when the table has it. The caller checks t->n first. */
void watch_note_write(struct watch_table *t, int db, const char *key, size_t klen, uint64_t v);
/* A mark taken at clock is done with (EXEC looked at it): the key leaves the table with its last
 * mark. Nothing for a mark below the floor (its entry is gone already). */
void watch_release(struct watch_table *t, int db, const char *key, size_t klen, uint64_t clock);
/* Drops the entries whose latest mark is below floor and raises the floor to it. */
void watch_drop_below(struct watch_table *t, uint64_t floor);
void watch_free(struct watch_table *t);

/* The write hook's check: entries older than WATCH_AGE_MAX writes go (clock: the shard's). */
static inline void watch_age(struct watch_table *t, uint64_t clock)
{
    if (__builtin_expect(clock - t->oldest > WATCH_AGE_MAX, 0))
        watch_drop_below(t, clock - WATCH_AGE_MAX);
}

#endif
