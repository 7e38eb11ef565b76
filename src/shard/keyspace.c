/* Keyspace operations on one shard's databases (see keyspace.h): lazy expiry on every look-up,
 * and the expiry count kept true on every write. Called by the thread holding the shard. */
#include <time.h>

#include "shard/keyspace.h"

int64_t ks_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline int has_expire(const struct entry *e)
{
    return (e->flags & ENTRY_HAS_EXPIRE) != 0;
}

/* As Redis's keyIsExpired: a key is gone once now is past its time. */
static inline int is_expired(const struct entry *e, int64_t now)
{
    return has_expire(e) && entry_expire(e) < now;
}

/* Unlinks the entry at ref and frees it. */
static void delete_at(struct shard *s, int db, struct entry **ref)
{
    struct entry *e = *ref;
    struct db *d = &s->dbs[db];
    if (has_expire(e)) d->expires--;
    struct entry *taken = dict_unlink(&d->keys, entry_key(e), e->keylen);
    entry_free(taken);
}

struct entry **ks_lookup_ref(struct shard *s, int db, const char *key, size_t len)
{
    struct dict *d = &s->dbs[db].keys;
    struct entry **ref = dict_find_ref(d, key, len);
    if (!ref) return NULL;
    if (is_expired(*ref, ks_now_ms())) {
        delete_at(s, db, ref);
        s->expired_keys++;
        return NULL;
    }
    return ref;
}

struct entry *ks_lookup(struct shard *s, int db, const char *key, size_t len)
{
    struct entry **ref = ks_lookup_ref(s, db, key, len);
    return ref ? *ref : NULL;
}

struct entry *ks_lookup_read(struct shard *s, int db, const char *key, size_t len)
{
    struct entry *e = ks_lookup(s, db, key, len);
    if (e)
        s->keyspace_hits++;
    else
        s->keyspace_misses++;
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
    e->version = old->version;
    *ref = e;
    entry_free(old);
}

void ks_put(struct shard *s, int db, struct entry *e)
{
    struct db *d = &s->dbs[db];
    struct entry **ref = dict_find_ref(&d->keys, entry_key(e), e->keylen);
    if (ref) {
        replace_at(s, db, ref, e);
        return;
    }
    if (has_expire(e)) d->expires++;
    dict_add(&d->keys, e);
}

void ks_set_string(struct shard *s, int db, const char *key, size_t klen, const char *val,
                   size_t vlen, int64_t expire_at)
{
    struct db *d = &s->dbs[db];
    struct entry **ref = dict_find_ref(&d->keys, key, klen);
    if (expire_at == KS_KEEPTTL) {
        expire_at = EXPIRE_NONE;
        if (ref && !is_expired(*ref, ks_now_ms())) expire_at = entry_expire(*ref);
    }
    struct entry *e = entry_new_string(key, klen, val, vlen, expire_at);
    if (ref) {
        replace_at(s, db, ref, e);
        return;
    }
    if (has_expire(e)) d->expires++;
    dict_add(&d->keys, e);
}

struct entry *ks_take(struct shard *s, int db, const char *key, size_t len)
{
    if (!ks_lookup(s, db, key, len)) return NULL;
    struct db *d = &s->dbs[db];
    struct entry *e = dict_unlink(&d->keys, key, len);
    if (has_expire(e)) d->expires--;
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
        return 1;
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

void ks_flush(struct shard *s, int db)
{
    int lo = db < 0 ? 0 : db, hi = db < 0 ? s->ndb - 1 : db;
    for (int i = lo; i <= hi; i++) {
        dict_clear(&s->dbs[i].keys, free_entry, NULL);
        s->dbs[i].expires = 0;
        s->dbs[i].expire_cursor = 0;
    }
}

uint64_t ks_size(struct shard *s, int db)
{
    return dict_size(&s->dbs[db].keys);
}

uint64_t ks_expires(struct shard *s, int db)
{
    return s->dbs[db].expires;
}
