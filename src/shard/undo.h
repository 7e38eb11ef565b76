/* The undo log of a script that may have to run again over more shards: while a thread has one
 * armed, the keyspace hands it each key a write command is about to look up, and the log keeps a
 * deep copy of the key's first state (or that it was absent). Rolling back puts every recorded
 * key back as it was, without events; committing drops the copies. See docs/scripting.md.
 * Called by the thread holding the keys' shards. */
#ifndef TESSERA_UNDO_H
#define TESSERA_UNDO_H

#include <stddef.h>
#include <stdint.h>

struct shard;
struct entry;

struct undo_rec {
    struct shard *s;
    int db;
    uint32_t klen;
    char *key;
    struct entry *saved; /* NULL: the key was absent */
};

struct ks_undo {
    struct undo_rec *recs;
    size_t n, cap;
    uint32_t *slots; /* open addressing: record index + 1, 0 empty */
    size_t nslots;
};

/* The log the keyspace records into, NULL when none is armed (the calling thread's). */
extern _Thread_local struct ks_undo *ks_undo_armed;

/* Records the key's current entry (NULL: absent) unless the log has it already. */
void undo_note(struct ks_undo *u, struct shard *s, int db, const char *key, size_t klen,
               const struct entry *cur);
/* Puts every recorded key back as it was and empties the log. */
void undo_rollback(struct ks_undo *u);
/* Forgets the records (the changes stay) and frees the log's memory. */
void undo_discard(struct ks_undo *u);

#endif
