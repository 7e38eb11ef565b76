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
#include "tessera/util.h"

/* The pointer a key's entry holds is the listpack itself, tagged in its low bit, while the hash
 * is small, and a dict once it is not: small hashes are where their number multiplies every byte,
 * so they carry no header of their own. Changes that move the listpack hand back the new pointer
 * (hashobj_set and hashobj_del take its address). */
#define PACKED ((uintptr_t)1)

static int is_packed(const struct hashobj *h)
{
    return ((uintptr_t)h & PACKED) != 0;
}

static struct listpack *lp_of(const struct hashobj *h)
{
    return (struct listpack *)((uintptr_t)h & ~PACKED);
}

static struct hashobj *of_lp(struct listpack *lp)
{
    return (struct hashobj *)((uintptr_t)lp | PACKED);
}

static struct dict *dict_of(const struct hashobj *h)
{
    return (struct dict *)h;
}

struct hashobj *hashobj_new(void)
{
    return of_lp(lp_new());
}

static void free_field(struct entry *e, void *arg)
{
    entry_free(e);
}

void hashobj_free(struct hashobj *h)
{
    if (is_packed(h)) {
        lp_free(lp_of(h));
        return;
    }
    dict_clear(dict_of(h), free_field, NULL);
    mem_free(dict_of(h));
}

uint64_t hashobj_len(const struct hashobj *h)
{
    return is_packed(h) ? lp_count(lp_of(h)) / 2 : dict_size(dict_of(h));
}

const char *hashobj_encoding(const struct hashobj *h)
{
    return is_packed(h) ? "listpack" : "hashtable";
}

const struct dict *hashobj_dict(const struct hashobj *h)
{
    return is_packed(h) ? NULL : dict_of(h);
}

/* The position of a field in the listpack, or LP_NONE. */
static size_t lp_field(const struct listpack *lp, const char *f, size_t flen)
{
    return lp_find(lp, lp_first(lp), f, flen, 1);
}

int hashobj_get(struct hashobj *h, const char *f, size_t flen, const char **v, size_t *vlen)
{
    if (is_packed(h)) {
        struct listpack *lp = lp_of(h);
        size_t pos = lp_field(lp, f, flen);
        if (pos == LP_NONE) return 0;
        *v = lp_get(lp, lp_next(lp, pos), vlen);
        return 1;
    }
    struct entry *e = dict_find(dict_of(h), f, flen);
    if (!e) return 0;
    *v = entry_value(e);
    *vlen = entry_vlen(e);
    return 1;
}

static int dict_set(struct dict *d, const char *f, size_t flen, const char *v, size_t vlen)
{
    struct entry *n = entry_new_string(f, flen, v, vlen, EXPIRE_NONE);
    struct entry **ref = dict_find_ref(d, f, flen);
    if (ref) {
        n->next = (*ref)->next;
        entry_free(*ref);
        *ref = n;
        return 0;
    }
    dict_add(d, n);
    return 1;
}

static void lp_walk(const struct listpack *lp, hashobj_visit_fn fn, void *arg);

static void copy_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    dict_set(arg, f, flen, v, vlen);
}

static struct dict *convert_to_dict(struct listpack *lp)
{
    struct dict *d = mem_alloc(sizeof *d);
    dict_init(d);
    lp_walk(lp, copy_field, d);
    lp_free(lp);
    return d;
}

int hashobj_set(struct hashobj **hp, const char *f, size_t flen, const char *v, size_t vlen)
{
    if (!is_packed(*hp)) return dict_set(dict_of(*hp), f, flen, v, vlen);
    struct listpack *lp = lp_of(*hp);
    size_t max_value = (size_t)g_config.hash_max_listpack_value;
    if (flen > max_value || vlen > max_value) {
        struct dict *d = convert_to_dict(lp);
        *hp = (struct hashobj *)d;
        return dict_set(d, f, flen, v, vlen);
    }
    int added = 0;
    size_t pos = lp_field(lp, f, flen);
    if (pos != LP_NONE) {
        lp = lp_replace(lp, lp_next(lp, pos), v, vlen);
    } else {
        lp = lp_append(lp, f, flen);
        lp = lp_append(lp, v, vlen);
        added = 1;
    }
    if (lp_count(lp) / 2 > (uint32_t)g_config.hash_max_listpack_entries)
        *hp = (struct hashobj *)convert_to_dict(lp);
    else
        *hp = of_lp(lp);
    return added;
}

int hashobj_del(struct hashobj **hp, const char *f, size_t flen)
{
    if (is_packed(*hp)) {
        struct listpack *lp = lp_of(*hp);
        size_t pos = lp_field(lp, f, flen);
        if (pos == LP_NONE) return 0;
        *hp = of_lp(lp_delete(lp, pos, 2));
        return 1;
    }
    struct entry *e = dict_unlink(dict_of(*hp), f, flen);
    if (!e) return 0;
    entry_free(e);
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
        vi->fn(entry_key(e), entry_keylen(e), entry_value(e), entry_vlen(e), vi->arg);
    else
        vi->bytes += entry_usage(e);
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
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(dict_of(h), cursor, visit_field, vi);
    } while (cursor);
}

void hashobj_foreach(const struct hashobj *h, hashobj_visit_fn fn, void *arg)
{
    if (is_packed(h)) {
        lp_walk(lp_of(h), fn, arg);
        return;
    }
    struct visit vi = {fn, arg, 0};
    dict_walk(h, &vi);
}

uint64_t hashobj_scan(const struct hashobj *h, uint64_t cursor, hashobj_visit_fn fn, void *arg)
{
    if (is_packed(h)) {
        lp_walk(lp_of(h), fn, arg);
        return 0;
    }
    struct visit vi = {fn, arg, 0};
    return dict_scan(dict_of(h), cursor, visit_field, &vi);
}

int hashobj_random(const struct hashobj *h, const char **f, size_t *flen, const char **v,
                   size_t *vlen)
{
    uint64_t n = hashobj_len(h);
    if (n == 0) return 0;
    if (is_packed(h)) {
        const struct listpack *lp = lp_of(h);
        size_t pos = lp_seek(lp, (long)(2 * util_random_below(n)));
        *f = lp_get(lp, pos, flen);
        *v = lp_get(lp, lp_next(lp, pos), vlen);
        return 1;
    }
    struct entry *e = dict_random_fair(dict_of(h));
    *f = entry_key(e);
    *flen = entry_keylen(e);
    *v = entry_value(e);
    *vlen = entry_vlen(e);
    return 1;
}

struct hashobj *hashobj_dup(const struct hashobj *h)
{
    if (is_packed(h)) return of_lp(lp_dup(lp_of(h)));
    struct dict *d = mem_alloc(sizeof *d);
    dict_init(d);
    hashobj_foreach(h, copy_field, d);
    return (struct hashobj *)d;
}

size_t hashobj_usage(const struct hashobj *h)
{
    if (is_packed(h)) return lp_usage(lp_of(h));
    struct visit vi = {NULL, NULL, 0};
    dict_walk(h, &vi);
    const struct dict *d = dict_of(h);
    return mem_usable(d) + vi.bytes + dict_table_bytes(d);
}
