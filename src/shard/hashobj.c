/* Hash values (see hashobj.h) in Redis 7.0's two encodings: a listpack of field, value pairs
 * while the hash is small (hash-max-listpack-entries fields, none longer than
 * hash-max-listpack-value bytes), then a dict whose entries hold the field as key and the value
 * inline, so a field costs one allocation. Conversion is one-way, as in Redis. Used by the thread
 * holding the hash's shard. */
#include <stdlib.h>

#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/listpack.h"
#include "tessera/config.h"
#include "tessera/mem.h"

/* 16 bytes while small: the dict is allocated only when the hash outgrows the listpack, since
 * small hashes are where their number multiplies every byte. */
struct hashobj {
    struct listpack *lp; /* the small encoding, or NULL once converted to the dict */
    struct dict *fields; /* the big one, or NULL while small */
};

struct hashobj *hashobj_new(void)
{
    struct hashobj *h = mem_alloc(sizeof *h);
    h->lp = lp_new();
    h->fields = NULL;
    return h;
}

static void free_field(struct entry *e, void *arg)
{
    mem_free(e);
}

void hashobj_free(struct hashobj *h)
{
    if (h->lp) lp_free(h->lp);
    if (h->fields) {
        dict_clear(h->fields, free_field, NULL);
        mem_free(h->fields);
    }
    mem_free(h);
}

uint64_t hashobj_len(const struct hashobj *h)
{
    return h->lp ? lp_count(h->lp) / 2 : dict_size(h->fields);
}

const char *hashobj_encoding(const struct hashobj *h)
{
    return h->lp ? "listpack" : "hashtable";
}

/* The position of a field in the listpack, or LP_NONE. */
static size_t lp_field(const struct hashobj *h, const char *f, size_t flen)
{
    return lp_find(h->lp, lp_first(h->lp), f, flen, 1);
}

int hashobj_get(struct hashobj *h, const char *f, size_t flen, const char **v, size_t *vlen)
{
    if (h->lp) {
        size_t pos = lp_field(h, f, flen);
        if (pos == LP_NONE) return 0;
        *v = lp_get(h->lp, lp_next(h->lp, pos), vlen);
        return 1;
    }
    struct entry *e = dict_find(h->fields, f, flen);
    if (!e) return 0;
    *v = entry_value(e);
    *vlen = e->vlen;
    return 1;
}

static int dict_set(struct hashobj *h, const char *f, size_t flen, const char *v, size_t vlen)
{
    struct entry *n = entry_new_string(f, flen, v, vlen, EXPIRE_NONE);
    struct entry **ref = dict_find_ref(h->fields, f, flen);
    if (ref) {
        n->next = (*ref)->next;
        mem_free(*ref);
        *ref = n;
        return 0;
    }
    dict_add(h->fields, n);
    return 1;
}

static void convert_to_dict(struct hashobj *h)
{
    struct listpack *lp = h->lp;
    h->lp = NULL;
    h->fields = mem_alloc(sizeof *h->fields);
    dict_init(h->fields);
    for (size_t pos = lp_first(lp); pos != LP_NONE;) {
        size_t flen, vlen;
        const char *f = lp_get(lp, pos, &flen);
        pos = lp_next(lp, pos);
        const char *v = lp_get(lp, pos, &vlen);
        pos = lp_next(lp, pos);
        dict_set(h, f, flen, v, vlen);
    }
    lp_free(lp);
}

int hashobj_set(struct hashobj *h, const char *f, size_t flen, const char *v, size_t vlen)
{
    size_t max_value = (size_t)g_config.hash_max_listpack_value;
    if (h->lp && (flen > max_value || vlen > max_value)) convert_to_dict(h);
    if (!h->lp) return dict_set(h, f, flen, v, vlen);
    size_t pos = lp_field(h, f, flen);
    if (pos != LP_NONE) {
        h->lp = lp_replace(h->lp, lp_next(h->lp, pos), v, vlen);
        return 0;
    }
    h->lp = lp_append(h->lp, f, flen);
    h->lp = lp_append(h->lp, v, vlen);
    if (hashobj_len(h) > (uint64_t)g_config.hash_max_listpack_entries) convert_to_dict(h);
    return 1;
}

int hashobj_del(struct hashobj *h, const char *f, size_t flen)
{
    if (h->lp) {
        size_t pos = lp_field(h, f, flen);
        if (pos == LP_NONE) return 0;
        h->lp = lp_delete(h->lp, pos, 2);
        return 1;
    }
    struct entry *e = dict_unlink(h->fields, f, flen);
    if (!e) return 0;
    mem_free(e);
    return 1;
}

struct visit {
    hashobj_visit_fn fn;
    void *arg;
    size_t bytes;
};

static void visit_field(struct entry *e, void *arg)
{
    struct visit *vi = arg;
    if (vi->fn)
        vi->fn(entry_key(e), e->keylen, entry_value(e), e->vlen, vi->arg);
    else
        vi->bytes += mem_usable(e);
}

static void lp_walk(const struct listpack *lp, hashobj_visit_fn fn, void *arg)
{
    for (size_t pos = lp_first(lp); pos != LP_NONE;) {
        size_t flen, vlen;
        const char *f = lp_get(lp, pos, &flen);
        pos = lp_next(lp, pos);
        const char *v = lp_get(lp, pos, &vlen);
        pos = lp_next(lp, pos);
        fn(f, flen, v, vlen, arg);
    }
}

/* dict_scan only reads the dict, so a const hash stays unchanged. */
static void dict_walk(const struct hashobj *h, struct visit *vi)
{
    struct dict *d = h->fields;
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(d, cursor, visit_field, vi);
    } while (cursor);
}

void hashobj_foreach(const struct hashobj *h, hashobj_visit_fn fn, void *arg)
{
    if (h->lp) {
        lp_walk(h->lp, fn, arg);
        return;
    }
    struct visit vi = {fn, arg, 0};
    dict_walk(h, &vi);
}

uint64_t hashobj_scan(const struct hashobj *h, uint64_t cursor, hashobj_visit_fn fn, void *arg)
{
    if (h->lp) {
        lp_walk(h->lp, fn, arg);
        return 0;
    }
    struct visit vi = {fn, arg, 0};
    return dict_scan(h->fields, cursor, visit_field, &vi);
}

int hashobj_random(const struct hashobj *h, const char **f, size_t *flen, const char **v,
                   size_t *vlen)
{
    uint64_t n = hashobj_len(h);
    if (n == 0) return 0;
    if (h->lp) {
        size_t pos = lp_seek(h->lp, (long)(2 * ((uint64_t)random() % n)));
        *f = lp_get(h->lp, pos, flen);
        *v = lp_get(h->lp, lp_next(h->lp, pos), vlen);
        return 1;
    }
    struct entry *e = dict_random(h->fields);
    *f = entry_key(e);
    *flen = e->keylen;
    *v = entry_value(e);
    *vlen = e->vlen;
    return 1;
}

static void copy_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    dict_set(arg, f, flen, v, vlen);
}

struct hashobj *hashobj_dup(const struct hashobj *h)
{
    struct hashobj *n = mem_alloc(sizeof *n);
    n->lp = h->lp ? lp_dup(h->lp) : NULL;
    n->fields = NULL;
    if (!h->lp) {
        n->fields = mem_alloc(sizeof *n->fields);
        dict_init(n->fields);
        hashobj_foreach(h, copy_field, n);
    }
    return n;
}

size_t hashobj_usage(const struct hashobj *h)
{
    if (h->lp) return mem_usable(h) + lp_usage(h->lp);
    struct visit vi = {NULL, NULL, 0};
    dict_walk(h, &vi);
    return mem_usable(h) + mem_usable(h->fields) + vi.bytes +
           (h->fields->size[0] + h->fields->size[1]) * sizeof(void *);
}
