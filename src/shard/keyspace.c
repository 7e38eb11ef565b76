/* Keyspace operations on one shard's databases (see keyspace.h): lazy expiry on every look-up,
 * the expiry count kept true on every write, and the write hook, which tells the shard's table of
 * watched keys (watch.h) about writes to them. Called by the thread holding the shard (asserted
 * in debug builds). */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "shard/access.h"
#include "shard/keyspace.h"
#include "shard/undo.h"
#include "tessera/config.h"
#include "tessera/mem.h"

int64_t ks_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

_Thread_local int64_t ks_command_time_ms;
_Thread_local int ks_command_depth;
static ks_notify_fn notifier;
static ks_preserve_fn preserver;
static ks_invalidate_fn invalidator;
_Atomic long ks_tracking_clients;

/* The clock is read once per command, at its first expiry check: most commands never need it. */
int64_t ks_expiry_now_ms(void)
{
    if (!ks_command_depth) return ks_now_ms();
    if (!ks_command_time_ms) ks_command_time_ms = ks_now_ms();
    return ks_command_time_ms;
}

void ks_set_notifier(ks_notify_fn fn)
{
    notifier = fn;
}

void ks_set_invalidator(ks_invalidate_fn fn)
{
    invalidator = fn;
}

void ks_set_preserver(ks_preserve_fn fn)
{
    preserver = fn;
}

/* A snapshot under way keeps the entry as it was when it began: an entry the walk has not
 * reached yet is serialized before anything reads or changes it. */
static inline void preserve(struct shard *s, int db, struct entry *e)
{
    if (__builtin_expect(s->snap != NULL, 0) && (e->flags & ENTRY_SNAP_MARK) != s->snap_mark)
        preserver(s, db, e);
}

/* An entry that joins the keyspace now is not part of a snapshot under way. */
static inline void mark_born(struct shard *s, struct entry *e)
{
    e->flags = (uint8_t)((e->flags & ~ENTRY_SNAP_MARK) | s->snap_mark);
}

void ks_notify_slow(struct shard *s, int db, int cls, const char *event, const char *key,
                    size_t klen)
{
    if (notifier) notifier(s, db, cls, event, key, klen);
}

/* A write to a key takes the next tick of the shard's clock; a watched key remembers it. While
 * nobody watches a key of the shard (the common case) that costs no look-up at all. Expiry is no
 * write: a key expired when watched and deleted for it later is no change (Redis's stale key),
 * and one that expired after the WATCH is caught by its presence. */
static inline uint64_t stamp(struct shard *s, int db, const char *key, size_t klen)
{
    uint64_t v = s->clock++;
    if (__builtin_expect(s->watch.n != 0, 0)) watch_note_write(&s->watch, db, key, klen, v);
    return v;
}

_Thread_local struct shard *ks_ready_shards;

/* A write to a key someone waits on: the execution path serves it once the command is done. */
static void mark_ready(struct shard *s, int db, const char *key, size_t klen)
{
    for (uint32_t i = 0; i < s->nready; i++)
        if (s->ready[i].db == db && s->ready[i].klen == klen &&
            memcmp(s->ready[i].key, key, klen) == 0)
            return;
    if (s->nready == s->ready_cap) {
        s->ready_cap = s->ready_cap ? s->ready_cap * 2 : 4;
        s->ready = mem_realloc(s->ready, s->ready_cap * sizeof s->ready[0]);
    }
    s->ready[s->nready++] = (struct ready_key){db, klen, mem_strndup(key, klen)};
    if (!s->in_ready) {
        s->in_ready = 1;
        s->ready_next = ks_ready_shards;
        ks_ready_shards = s;
    }
}

struct ready_key *ks_ready_take(struct shard **out, uint32_t *n)
{
    struct shard *s = ks_ready_shards;
    if (!s) return NULL;
    ks_ready_shards = s->ready_next;
    s->in_ready = 0;
    s->ready_next = NULL;
    struct ready_key *keys = s->ready;
    *n = s->nready;
    *out = s;
    s->ready = NULL;
    s->nready = s->ready_cap = 0;
    return keys;
}

static void changed(struct shard *s, int db, const char *key, size_t klen, int cls,
                    const char *event, int wake)
{
    SHARD_ASSERT_MINE(s);
    uint64_t v = stamp(s, db, key, klen);
    s->dirty++;
    s->dbs[db].written_at = v + 1;
    /* a waiter is served when the key exists: a look-up only when someone waits on it */
    if (wake && dict_size(&s->dbs[db].waiting) && dict_find(&s->dbs[db].waiting, key, klen) &&
        dict_find(&s->dbs[db].keys, key, klen))
        mark_ready(s, db, key, klen);
    feed_append(&s->feed, db, key, klen, event);
    ks_notify(s, db, cls, event, key, klen);
    if (__builtin_expect(ks_tracking(), 0)) invalidator(s, key, klen);
}

void ks_changed(struct shard *s, int db, const char *key, size_t klen, int cls, const char *event)
{
    changed(s, db, key, klen, cls, event, 1);
}

void ks_changed_no_wake(struct shard *s, int db, const char *key, size_t klen, int cls,
                        const char *event)
{
    changed(s, db, key, klen, cls, event, 0);
}

static inline int has_expire(const struct entry *e)
{
    return (e->flags & ENTRY_HAS_EXPIRE) != 0;
}

/* As Redis's keyIsExpired: a key is gone once the command's time is past its own. */
static inline int is_expired(const struct entry *e)
{
    return has_expire(e) && entry_expire(e) < ks_expiry_now_ms();
}

/* Unlinks the entry at ref and frees it. */
static void delete_at(struct shard *s, int db, struct entry **ref)
{
    struct entry *e = *ref;
    struct db *d = &s->dbs[db];
    if (has_expire(e)) d->expires--;
    struct entry *taken = dict_unlink(&d->keys, entry_key(e), entry_keylen(e));
    entry_free(taken);
}

void ks_expired(struct shard *s, int db, struct entry *e)
{
    preserve(s, db, e);
    struct db *d = &s->dbs[db];
    d->expires--;
    struct entry *taken = dict_unlink(&d->keys, entry_key(e), entry_keylen(e));
    s->expired_keys++;
    feed_append(&s->feed, db, entry_key(taken), entry_keylen(taken), "expired");
    if (ks_notify_flags() & NOTIFY_EXPIRED)
        ks_notify(s, db, NOTIFY_EXPIRED, "expired", entry_key(taken), entry_keylen(taken));
    if (__builtin_expect(ks_tracking(), 0)) invalidator(s, entry_key(taken), entry_keylen(taken));
    entry_free(taken);
}

/* Look-up with lazy expiry and the snapshot's preserve; touch: a use of the key (its access
 * clock moves), not a peek (OBJECT, DEBUG). */
static inline struct entry **lookup_ref(struct shard *s, int db, const char *key, size_t len,
                                        int touch)
{
    SHARD_ASSERT_MINE(s);
    struct dict *d = &s->dbs[db].keys;
    struct entry **ref = dict_find_ref(d, key, len);
    if (__builtin_expect(ks_undo_armed != NULL, 0))
        undo_note(ks_undo_armed, s, db, key, len, ref ? *ref : NULL);
    if (!ref) return NULL;
    if (is_expired(*ref)) {
        ks_expired(s, db, *ref);
        return NULL;
    }
    preserve(s, db, *ref);
    if (touch) access_touch(*ref);
    return ref;
}

struct entry **ks_lookup_ref(struct shard *s, int db, const char *key, size_t len)
{
    return lookup_ref(s, db, key, len, 1);
}

struct entry *ks_peek(struct shard *s, int db, const char *key, size_t len)
{
    struct entry **ref = lookup_ref(s, db, key, len, 0);
    return ref ? *ref : NULL;
}

struct entry *ks_lookup(struct shard *s, int db, const char *key, size_t len)
{
    struct entry **ref = ks_lookup_ref(s, db, key, len);
    return ref ? *ref : NULL;
}

struct entry *ks_lookup_read(struct shard *s, int db, const char *key, size_t len)
{
    struct entry *e = ks_lookup(s, db, key, len);
    if (e) {
        s->keyspace_hits++;
    } else {
        s->keyspace_misses++;
        ks_notify(s, db, NOTIFY_KEY_MISS, "keymiss", key, len);
    }
    return e;
}

struct entry *ks_resize_string(struct shard *s, int db, struct entry **ref, size_t vlen)
{
    *ref = entry_resize_string(*ref, vlen);
    return *ref;
}

/* Puts e where old stood (same key), keeping the expiry count true, and frees old. */
static void replace_at(struct shard *s, int db, struct entry **ref, struct entry *e)
{
    struct entry *old = *ref;
    struct db *d = &s->dbs[db];
    if (has_expire(old)) d->expires--;
    if (has_expire(e)) d->expires++;
    e->next = old->next;
    stamp(s, db, entry_key(e), entry_keylen(e));
    mark_born(s, e);
    *ref = e;
    entry_free(old);
}

/* Adds e under a key the database does not hold: Redis's dbAdd, with its `new` event. */
static void add_new(struct shard *s, int db, struct entry *e)
{
    struct db *d = &s->dbs[db];
    if (has_expire(e)) d->expires++;
    stamp(s, db, entry_key(e), entry_keylen(e));
    mark_born(s, e);
    dict_add(&d->keys, e);
    ks_notify(s, db, NOTIFY_NEW, "new", entry_key(e), entry_keylen(e));
}

/* An expired entry in the way is deleted first (with its `expired` event), as Redis's
 * lookupKeyWrite does before a write: what follows is then a new key. */
void ks_put(struct shard *s, int db, struct entry *e)
{
    struct entry **ref = ks_lookup_ref(s, db, entry_key(e), entry_keylen(e));
    if (ref)
        replace_at(s, db, ref, e);
    else
        add_new(s, db, e);
}

void ks_set_string(struct shard *s, int db, const char *key, size_t klen, const char *val,
                   size_t vlen, int64_t expire_at)
{
    struct entry **ref = ks_lookup_ref(s, db, key, klen);
    if (expire_at == KS_KEEPTTL) expire_at = ref ? entry_expire(*ref) : EXPIRE_NONE;
    /* a cache's common write, a value over one of the same size: no new entry, no free */
    if (ref && entry_overwrite_string(*ref, val, vlen, expire_at)) {
        stamp(s, db, key, klen);
        mark_born(s, *ref);
        return;
    }
    struct entry *e = entry_new_string(key, klen, val, vlen, expire_at);
    if (ref) {
        e->access = access_overwrite((*ref)->access); /* LFU: the key keeps its frequency */
        replace_at(s, db, ref, e);
    } else {
        add_new(s, db, e);
    }
}

struct entry *ks_take(struct shard *s, int db, const char *key, size_t len)
{
    if (!ks_lookup(s, db, key, len)) return NULL;
    struct db *d = &s->dbs[db];
    struct entry *e = dict_unlink(&d->keys, key, len);
    if (has_expire(e)) d->expires--;
    stamp(s, db, key, len);
    return e;
}

int ks_delete(struct shard *s, int db, const char *key, size_t len)
{
    struct entry *e = ks_take(s, db, key, len);
    if (!e) return 0;
    entry_free(e);
    return 1;
}

int ks_set_expire(struct shard *s, int db, const char *key, size_t len, int64_t expire_at)
{
    struct entry **ref = ks_lookup_ref(s, db, key, len);
    if (!ref) return 0;
    if (expire_at != EXPIRE_NONE && expire_at <= ks_now_ms()) {
        delete_at(s, db, ref);
        stamp(s, db, key, len);
        return KS_EXPIRE_DELETED;
    }
    int had = has_expire(*ref);
    struct entry *e = entry_with_expire(*ref, expire_at);
    *ref = e;
    if (had && !has_expire(e)) s->dbs[db].expires--;
    if (!had && has_expire(e)) s->dbs[db].expires++;
    return 1;
}

static void free_entry(struct entry *e, void *arg)
{
    entry_free(e);
}

struct preserve_arg {
    struct shard *s;
    int db;
};

static void preserve_visit(struct entry *e, void *arg)
{
    struct preserve_arg *a = arg;
    preserve(a->s, a->db, e);
}

void ks_flush(struct shard *s, int db)
{
    SHARD_ASSERT_MINE(s);
    int lo = db < 0 ? 0 : db, hi = db < 0 ? s->ndb - 1 : db;
    if (s->snap) /* what a snapshot under way has not reached yet goes into it first */
        for (int i = lo; i <= hi; i++) {
            struct preserve_arg a = {s, i};
            uint64_t cur = 0;
            do
                cur = dict_scan(&s->dbs[i].keys, cur, preserve_visit, &a);
            while (cur);
        }
    for (int i = lo; i <= hi; i++) {
        /* A watched key that existed is gone now, which ks_changed_since sees by its presence;
         * one created since its WATCH had its write noted. */
        s->dirty += dict_size(&s->dbs[i].keys);
        feed_append(&s->feed, i, "", 0, db < 0 ? "flushall" : "flushdb");
        dict_clear(&s->dbs[i].keys, free_entry, NULL);
        s->dbs[i].expires = 0;
        s->dbs[i].expire_cursor = 0;
    }
    if (invalidator) invalidator(s, NULL, 0); /* rare: even with nobody tracking, the table goes */
}

/* Marks ready the keys of database db that clients wait on and that exist now. */
struct ready_scan {
    struct shard *s;
    int db;
};

static void ready_visit(struct entry *w, void *arg)
{
    struct ready_scan *r = arg;
    if (dict_find(&r->s->dbs[r->db].keys, entry_key(w), entry_keylen(w)))
        mark_ready(r->s, r->db, entry_key(w), entry_keylen(w));
}

static void mark_ready_existing(struct shard *s, int db)
{
    struct ready_scan r = {s, db};
    uint64_t cur = 0;
    if (!dict_size(&s->dbs[db].waiting)) return;
    do
        cur = dict_scan(&s->dbs[db].waiting, cur, ready_visit, &r);
    while (cur);
}

static void swap_contents(struct db *x, struct db *y)
{
    struct dict keys = x->keys;
    x->keys = y->keys;
    y->keys = keys;
    uint64_t t = x->expires;
    x->expires = y->expires;
    y->expires = t;
    t = x->expire_cursor;
    x->expire_cursor = y->expire_cursor;
    y->expire_cursor = t;
    t = x->evict_cursor;
    x->evict_cursor = y->evict_cursor;
    y->evict_cursor = t;
}

void ks_swap_db(struct shard *s, int a, int b)
{
    SHARD_ASSERT_MINE(s);
    if (a == b) return;
    if (s->snap) /* entries go into a snapshot under way under the database they were in */
        for (int i = 0; i < 2; i++) {
            struct preserve_arg p = {s, i ? b : a};
            uint64_t cur = 0;
            do
                cur = dict_scan(&s->dbs[p.db].keys, cur, preserve_visit, &p);
            while (cur);
        }
    uint64_t v = s->clock++;
    if (s->id == 0) s->dirty++; /* one change for the whole server, as Redis counts it */
    struct db *x = &s->dbs[a], *y = &s->dbs[b];
    x->written_at_swap = x->written_at;
    y->written_at_swap = y->written_at;
    x->swapped_before = x->swapped_at;
    y->swapped_before = y->swapped_at;
    x->swapped_at = y->swapped_at = v + 1;
    swap_contents(x, y);
    feed_append(&s->feed, a, "", 0, "swapdb");
    /* clients blocked on keys that exist now are served after the command, as after a push */
    mark_ready_existing(s, a);
    mark_ready_existing(s, b);
}

uint64_t ks_size(struct shard *s, int db)
{
    return dict_size(&s->dbs[db].keys);
}

uint64_t ks_expires(struct shard *s, int db)
{
    return s->dbs[db].expires;
}

struct ks_watch_mark ks_watch_mark(struct shard *s, int db, const char *key, size_t klen)
{
    SHARD_ASSERT_MINE(s);
    struct entry *e = dict_find(&s->dbs[db].keys, key, klen);
    /* a full table may have moved its floor past the clock: the clock follows, so that this
     * mark is covered (a tick without a write harms nothing) */
    uint64_t floor = watch_add(&s->watch, db, key, klen, s->clock);
    if (floor > s->clock) s->clock = floor;
    return (struct ks_watch_mark){.clock = s->clock, .present = e && !is_expired(e)};
}

/* Redis's rules: a key written since (even if it expired after), a key that existed and is gone
 * or expired now, a key that did not exist and was created and deleted since. A key already
 * expired when watched that is deleted for it later is no change (it was gone already). */
int ks_changed_since(struct shard *s, int db, const char *key, size_t klen, struct ks_watch_mark m)
{
    SHARD_ASSERT_MINE(s);
    /* a mark below the floor lost its entry (a full table, or 2^23 writes old): it cannot tell,
     * so changed (the client retries, as after any WATCH failure). Above it, the key has been in
     * the table since the mark, with every write to it since. */
    if (m.clock < s->watch.floor) return 1;
    uint64_t written = watch_written(&s->watch, db, key, klen);
    if (written == UINT64_MAX || written >= m.clock) return 1;
    struct entry *e = dict_find(&s->dbs[db].keys, key, klen);
    int live = e && !is_expired(e);
    if (m.present != live) return 1;
    /* SWAPDB since the WATCH touches the key if it was in either database then (Redis's
     * touchAllWatchedKeysInDb): it was here at the WATCH, or is here now (a stale key, expired
     * but not yet deleted, does not count either way, as in Redis). Absent both times, it may
     * still have been created here and swapped out (this database was written since the WATCH),
     * or come and gone with a second swap: counted as touched. */
    const struct db *d = &s->dbs[db];
    if (d->swapped_at > m.clock &&
        (m.present || live || d->written_at_swap > m.clock || d->swapped_before > m.clock))
        return 1;
    return 0;
}

void ks_watch_release(struct shard *s, int db, const char *key, size_t klen, struct ks_watch_mark m)
{
    SHARD_ASSERT_MINE(s);
    watch_release(&s->watch, db, key, klen, m.clock);
}

int ks_load(struct shard *s, int db, struct entry *e)
{
    SHARD_ASSERT_MINE(s);
    struct db *d = &s->dbs[db];
    if (dict_find(&d->keys, entry_key(e), entry_keylen(e))) return 0;
    if (has_expire(e)) d->expires++;
    stamp(s, db, entry_key(e), entry_keylen(e));
    mark_born(s, e);
    dict_add(&d->keys, e);
    return 1;
}

void ks_restore_key(struct shard *s, int db, const char *key, size_t klen, struct entry *saved)
{
    SHARD_ASSERT_MINE(s);
    struct db *d = &s->dbs[db];
    struct entry *cur = dict_unlink(&d->keys, key, klen);
    if (cur) {
        if (has_expire(cur)) d->expires--;
        entry_free(cur);
    }
    stamp(s, db, key, klen); /* a rolled-back key counts as written (conservative) */
    if (saved) ks_load(s, db, saved);
}
