/* Hash values over the keyspace dict (see hashobj.h): a field is an entry whose key is the
 * field and whose inline string is the value, so a field costs one allocation. Used by the
 * thread holding the hash's shard. */
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "tessera/mem.h"

struct hashobj {
    struct dict fields;
};

struct hashobj *hashobj_new(void)
{
    struct hashobj *h = mem_alloc(sizeof *h);
    dict_init(&h->fields);
    return h;
}

static void free_field(struct entry *e, void *arg)
{
    mem_free(e);
}

void hashobj_free(struct hashobj *h)
{
    dict_clear(&h->fields, free_field, NULL);
    mem_free(h);
}

uint64_t hashobj_len(const struct hashobj *h)
{
    return dict_size(&h->fields);
}

int hashobj_get(struct hashobj *h, const char *f, size_t flen, const char **v, size_t *vlen)
{
    struct entry *e = dict_find(&h->fields, f, flen);
    if (!e) return 0;
    *v = entry_value(e);
    *vlen = e->vlen;
    return 1;
}

int hashobj_set(struct hashobj *h, const char *f, size_t flen, const char *v, size_t vlen)
{
    struct entry *n = entry_new_string(f, flen, v, vlen, EXPIRE_NONE);
    struct entry **ref = dict_find_ref(&h->fields, f, flen);
    if (ref) {
        n->next = (*ref)->next;
        mem_free(*ref);
        *ref = n;
        return 0;
    }
    dict_add(&h->fields, n);
    return 1;
}

int hashobj_del(struct hashobj *h, const char *f, size_t flen)
{
    struct entry *e = dict_unlink(&h->fields, f, flen);
    if (!e) return 0;
    mem_free(e);
    return 1;
}

struct visit {
    void (*fn)(const char *f, size_t flen, const char *v, size_t vlen, void *arg);
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

/* dict_scan only reads the dict, so a const hash stays unchanged. */
static void walk(const struct hashobj *h, struct visit *vi)
{
    struct dict *d = (struct dict *)&h->fields;
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(d, cursor, visit_field, vi);
    } while (cursor);
}

void hashobj_foreach(const struct hashobj *h,
                     void (*fn)(const char *f, size_t flen, const char *v, size_t vlen, void *arg),
                     void *arg)
{
    struct visit vi = {fn, arg, 0};
    walk(h, &vi);
}

static void copy_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    hashobj_set(arg, f, flen, v, vlen);
}

struct hashobj *hashobj_dup(const struct hashobj *h)
{
    struct hashobj *n = hashobj_new();
    hashobj_foreach(h, copy_field, n);
    return n;
}

size_t hashobj_usage(const struct hashobj *h)
{
    struct visit vi = {NULL, NULL, 0};
    walk(h, &vi);
    return mem_usable(h) + vi.bytes + (h->fields.size[0] + h->fields.size[1]) * sizeof(void *);
}

const char *hashobj_encoding(const struct hashobj *o)
{
    return "hashtable";
}
