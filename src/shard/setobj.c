/* Set values (see setobj.h): an intset of integer members, or a dict of value-less entries whose
 * keys are the members. Each operation dispatches on the encoding; adding a member that is not a
 * canonical integer, or one past set-max-intset-entries, turns the intset into a dict for good.
 * Called by the thread holding the set's shard. */
#include "shard/entry.h"
#include "shard/intset.h"
#include "shard/setobj.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"

enum set_encoding { ENC_INTSET, ENC_HASHTABLE };

struct setobj {
    enum set_encoding enc;
    union {
        struct intset *is; /* ENC_INTSET */
        struct dict *dict; /* ENC_HASHTABLE */
    };
};

struct setobj *setobj_new(void)
{
    struct setobj *s = mem_alloc(sizeof *s);
    s->enc = ENC_INTSET;
    s->is = intset_new();
    return s;
}

static void free_member(struct entry *e, void *arg)
{
    mem_free(e);
}

static void free_contents(struct setobj *s)
{
    if (s->enc == ENC_INTSET) {
        intset_free(s->is);
    } else {
        dict_clear(s->dict, free_member, NULL);
        mem_free(s->dict);
    }
}

void setobj_free(struct setobj *s)
{
    free_contents(s);
    mem_free(s);
}

static void dict_insert(struct dict *d, const char *m, size_t len)
{
    dict_add(d, entry_new_string(m, len, NULL, 0, EXPIRE_NONE));
}

static void to_hashtable(struct setobj *s)
{
    struct dict *d = mem_alloc(sizeof *d);
    dict_init(d);
    char buf[SETOBJ_INT_BUF];
    for (uint32_t i = 0; i < intset_len(s->is); i++) {
        int n = ll_to_str(buf, sizeof buf, intset_get(s->is, i));
        dict_insert(d, buf, (size_t)n);
    }
    intset_free(s->is);
    s->enc = ENC_HASHTABLE;
    s->dict = d;
}

int setobj_add(struct setobj *s, const char *m, size_t len)
{
    if (s->enc == ENC_INTSET) {
        long long v;
        if (str_to_ll(m, len, &v)) {
            int added;
            s->is = intset_add(s->is, v, &added);
            if (added && (long long)intset_len(s->is) > g_config.set_max_intset_entries)
                to_hashtable(s);
            return added;
        }
        to_hashtable(s);
    }
    if (dict_find(s->dict, m, len)) return 0;
    dict_insert(s->dict, m, len);
    return 1;
}

int setobj_remove(struct setobj *s, const char *m, size_t len)
{
    if (s->enc == ENC_INTSET) {
        long long v;
        int removed = 0;
        if (str_to_ll(m, len, &v)) s->is = intset_remove(s->is, v, &removed);
        return removed;
    }
    struct entry *e = dict_unlink(s->dict, m, len);
    if (!e) return 0;
    mem_free(e);
    return 1;
}

int setobj_contains(struct setobj *s, const char *m, size_t len)
{
    if (s->enc == ENC_INTSET) {
        long long v;
        return str_to_ll(m, len, &v) && intset_find(s->is, v);
    }
    return dict_find(s->dict, m, len) != NULL;
}

uint64_t setobj_size(const struct setobj *s)
{
    return s->enc == ENC_INTSET ? intset_len(s->is) : dict_size(s->dict);
}

struct visit {
    setobj_member_fn fn;
    void *arg;
    long long n; /* members visited */
};

static void visit_entry(struct entry *e, void *arg)
{
    struct visit *v = arg;
    v->fn(entry_key(e), entry_keylen(e), v->arg);
    v->n++;
}

static void visit_intset(const struct intset *is, setobj_member_fn fn, void *arg)
{
    char buf[SETOBJ_INT_BUF];
    for (uint32_t i = 0; i < intset_len(is); i++) {
        int n = ll_to_str(buf, sizeof buf, intset_get(is, i));
        fn(buf, (size_t)n, arg);
    }
}

const struct intset *setobj_intset(const struct setobj *s)
{
    return s->enc == ENC_INTSET ? s->is : NULL;
}

const struct dict *setobj_dict(const struct setobj *s)
{
    return s->enc == ENC_HASHTABLE ? s->dict : NULL;
}

/* dict_scan only reads the dict, so a const set stays unchanged. */
void setobj_foreach(const struct setobj *s, setobj_member_fn fn, void *arg)
{
    if (s->enc == ENC_INTSET) {
        visit_intset(s->is, fn, arg);
        return;
    }
    struct visit v = {fn, arg, 0};
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(s->dict, cursor, visit_entry, &v);
    } while (cursor);
}

static void add_member(const char *m, size_t len, void *arg)
{
    dict_insert(arg, m, len);
}

struct setobj *setobj_dup(const struct setobj *s)
{
    struct setobj *n = mem_alloc(sizeof *n);
    n->enc = s->enc;
    if (s->enc == ENC_INTSET) {
        n->is = intset_dup(s->is);
        return n;
    }
    n->dict = mem_alloc(sizeof *n->dict);
    dict_init(n->dict);
    setobj_foreach(s, add_member, n->dict);
    return n;
}

void setobj_random(struct setobj *s, char buf[SETOBJ_INT_BUF], const char **m, size_t *len)
{
    if (s->enc == ENC_INTSET) {
        uint32_t i = (uint32_t)util_random_below(intset_len(s->is));
        *len = (size_t)ll_to_str(buf, SETOBJ_INT_BUF, intset_get(s->is, i));
        *m = buf;
        return;
    }
    struct entry *e = dict_random_fair(s->dict);
    *m = entry_key(e);
    *len = entry_keylen(e);
}

void setobj_pop(struct setobj *s, setobj_member_fn fn, void *arg)
{
    if (s->enc == ENC_INTSET) {
        int64_t v = intset_get(s->is, (uint32_t)util_random_below(intset_len(s->is)));
        int removed;
        if (fn) {
            char buf[SETOBJ_INT_BUF];
            fn(buf, (size_t)ll_to_str(buf, sizeof buf, v), arg);
        }
        s->is = intset_remove(s->is, v, &removed);
        return;
    }
    struct entry *e = dict_random_fair(s->dict);
    if (fn) fn(entry_key(e), entry_keylen(e), arg);
    /* The key passed to the unlink is the entry's own: it is only freed afterwards. */
    mem_free(dict_unlink(s->dict, entry_key(e), entry_keylen(e)));
}

uint64_t setobj_scan(struct setobj *s, uint64_t cursor, long long count, setobj_member_fn fn,
                     void *arg)
{
    if (s->enc == ENC_INTSET) {
        visit_intset(s->is, fn, arg);
        return 0;
    }
    struct visit v = {fn, arg, 0};
    long long budget = count > INT64_MAX / 10 ? INT64_MAX : count * 10;
    do {
        cursor = dict_scan(s->dict, cursor, visit_entry, &v);
    } while (cursor && budget-- && v.n < count);
    return cursor;
}

void setobj_swap(struct setobj *a, struct setobj *b)
{
    struct setobj t = *a;
    *a = *b;
    *b = t;
}

static void add_entry_usage(struct entry *e, void *arg)
{
    *(size_t *)arg += mem_usable(e);
}

size_t setobj_usage(const struct setobj *s)
{
    size_t bytes = mem_usable(s);
    if (s->enc == ENC_INTSET) return bytes + mem_usable(s->is);
    struct dict *d = s->dict;
    bytes += mem_usable(d) + dict_table_bytes(d);
    uint64_t cursor = 0;
    do {
        cursor = dict_scan(d, cursor, add_entry_usage, &bytes);
    } while (cursor);
    return bytes;
}

const char *setobj_encoding(const struct setobj *s)
{
    return s->enc == ENC_INTSET ? "intset" : "hashtable";
}
