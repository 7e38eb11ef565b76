/* The undo log of a script that may run again over more shards (see undo.h): the first state
 * of each key a write command of the script looked up, restored without events on rollback. */
#include <string.h>

#include "shard/entry.h"
#include "shard/keyspace.h"
#include "shard/undo.h"
#include "tessera/dict.h"
#include "tessera/mem.h"

_Thread_local struct ks_undo *ks_undo_armed;

static uint64_t rec_hash(const struct shard *s, int db, const char *key, size_t klen)
{
    uint64_t h = 1469598103934665603ull ^ (uintptr_t)s ^ ((uint64_t)db << 48);
    for (size_t i = 0; i < klen; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ull;
    return h;
}

static int rec_is(const struct undo_rec *r, const struct shard *s, int db, const char *key,
                  size_t klen)
{
    return r->s == s && r->db == db && r->klen == klen && memcmp(r->key, key, klen) == 0;
}

static void slots_grow(struct ks_undo *u)
{
    size_t n = u->nslots ? u->nslots * 2 : 64;
    mem_free(u->slots);
    u->slots = mem_calloc(n, sizeof *u->slots);
    u->nslots = n;
    for (size_t i = 0; i < u->n; i++) {
        struct undo_rec *r = &u->recs[i];
        size_t j = rec_hash(r->s, r->db, r->key, r->klen) & (n - 1);
        while (u->slots[j])
            j = (j + 1) & (n - 1);
        u->slots[j] = (uint32_t)i + 1;
    }
}

void undo_note(struct ks_undo *u, struct shard *s, int db, const char *key, size_t klen,
               const struct entry *cur)
{
    if ((u->n + 1) * 2 > u->nslots) slots_grow(u);
    size_t mask = u->nslots - 1;
    size_t j = rec_hash(s, db, key, klen) & mask;
    for (; u->slots[j]; j = (j + 1) & mask)
        if (rec_is(&u->recs[u->slots[j] - 1], s, db, key, klen)) return;
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 16;
        u->recs = mem_realloc(u->recs, u->cap * sizeof *u->recs);
    }
    struct undo_rec *r = &u->recs[u->n];
    r->s = s;
    r->db = db;
    r->klen = (uint32_t)klen;
    r->key = mem_alloc(klen ? klen : 1);
    memcpy(r->key, key, klen);
    r->saved = cur ? entry_copy(cur, key, klen) : NULL;
    u->slots[j] = (uint32_t)++u->n;
}

static void clear(struct ks_undo *u, int restore)
{
    struct ks_undo *armed = ks_undo_armed;
    ks_undo_armed = NULL; /* restoring is not a change to record */
    for (size_t i = u->n; i-- > 0;) {
        struct undo_rec *r = &u->recs[i];
        if (restore)
            ks_restore_key(r->s, r->db, r->key, r->klen, r->saved);
        else if (r->saved)
            entry_free(r->saved);
        mem_free(r->key);
    }
    ks_undo_armed = armed;
    u->n = 0;
    if (u->slots) memset(u->slots, 0, u->nslots * sizeof *u->slots);
}

void undo_rollback(struct ks_undo *u)
{
    clear(u, 1);
}

void undo_discard(struct ks_undo *u)
{
    clear(u, 0);
    mem_free(u->recs);
    mem_free(u->slots);
    memset(u, 0, sizeof *u);
}
