/* Set values over the keyspace dict: each member is a value-less entry. Simple and adequate for
 * the server core; the data-types work brings the compact encodings. Called by the thread
 * holding the set's shard. */
#include "shard/entry.h"
#include "shard/setobj.h"
#include "tessera/mem.h"

struct setobj {
    struct dict members;
};

struct setobj *setobj_new(void)
{
    struct setobj *s = mem_alloc(sizeof *s);
    dict_init(&s->members);
    return s;
}

static void free_member(struct entry *e, void *arg)
{
    mem_free(e);
}

void setobj_free(struct setobj *s)
{
    dict_clear(&s->members, free_member, NULL);
    mem_free(s);
}

static void add_member(const char *m, size_t len, void *arg)
{
    setobj_add(arg, m, len);
}

struct setobj *setobj_dup(const struct setobj *s)
{
    struct setobj *n = setobj_new();
    setobj_foreach(s, add_member, n);
    return n;
}

int setobj_add(struct setobj *s, const char *m, size_t len)
{
    if (dict_find(&s->members, m, len)) return 0;
    dict_add(&s->members, entry_new_string(m, len, NULL, 0, EXPIRE_NONE));
    return 1;
}

int setobj_remove(struct setobj *s, const char *m, size_t len)
{
    struct entry *e = dict_unlink(&s->members, m, len);
    if (!e) return 0;
    mem_free(e);
    return 1;
}

int setobj_contains(struct setobj *s, const char *m, size_t len)
{
    return dict_find(&s->members, m, len) != NULL;
}

uint64_t setobj_size(const struct setobj *s)
{
    return dict_size(&s->members);
}

struct foreach_arg {
    void (*fn)(const char *m, size_t len, void *arg);
    void *arg;
    size_t bytes;
};

static void visit_member(struct entry *e, void *arg)
{
    struct foreach_arg *fa = arg;
    if (fa->fn)
        fa->fn(entry_key(e), e->keylen, fa->arg);
    else
        fa->bytes += mem_usable(e);
}

/* dict_scan visits buckets without changing the dict, so a const set is only read. */
void setobj_foreach(const struct setobj *s, void (*fn)(const char *m, size_t len, void *arg),
                    void *arg)
{
    struct foreach_arg fa = {fn, arg, 0};
    struct dict *d = (struct dict *)&s->members;
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(d, cursor, visit_member, &fa);
    } while (cursor);
}

size_t setobj_usage(const struct setobj *s)
{
    struct foreach_arg fa = {NULL, NULL, 0};
    struct dict *d = (struct dict *)&s->members;
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(d, cursor, visit_member, &fa);
    } while (cursor);
    return mem_usable(s) + fa.bytes + (d->size[0] + d->size[1]) * sizeof(struct entry *);
}

const char *setobj_encoding(const struct setobj *o)
{
    return "hashtable";
}
