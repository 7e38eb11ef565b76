/* List values as quicklists (see listobj.h): nodes linked both ways, each holding a listpack.
 * A node takes elements while it stays within the list's bound (a lone element of any size
 * gets a node of its own); a full node is split where an element goes into its middle, and a
 * node thinned out by deletions in the middle is joined with a neighbour when both fit in one.
 * No node is ever empty.
 *
 * With a compress depth N (list-compress-depth), the nodes beyond the first and last N keep
 * their listpack LZF-compressed, as Redis's quicklist does: reads decompress such a node into a
 * per-thread scratch copy (keyed by a stamp no other compressed form ever shares), writes
 * decompress it in place, and settle() at the end of every change puts the ends back in shape.
 * A node under 48 bytes, or that LZF does not shrink by more than 8 bytes, stays plain (and is
 * not tried again until it changes). Used by the thread holding the list's shard. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "persist/lzf.h"
#include "shard/listobj.h"
#include "shard/listpack.h"
#include "tessera/config.h"
#include "tessera/mem.h"

/* Redis's MIN_COMPRESS_BYTES and MIN_COMPRESS_IMPROVE, and its cap on the depth. */
#define MIN_COMPRESS_BYTES   48
#define MIN_COMPRESS_IMPROVE 8
#define DEPTH_MAX            65535

/* A node's listpack in LZF form. */
struct ql_lzf {
    uint64_t stamp; /* unique to this compressed form: what the read scratch is keyed by */
    size_t raw;     /* the listpack's bytes */
    uint32_t count; /* its entries */
    uint32_t clen;
    char data[];
};

struct ql_node {
    struct ql_node *prev, *next;
    /* The node's listpack; or, with NODE_LZF set, its compressed form (struct ql_lzf). NODE_TRIED
     * marks a plain node LZF was not worth it for. Both live in the pointer's low bits (every
     * allocation is 8-aligned), so nodes are no bigger than before compression; a change stores
     * a fresh pointer (node_set), which clears them. */
    uintptr_t p;
};

#define NODE_LZF   ((uintptr_t)1)
#define NODE_TRIED ((uintptr_t)2)
#define NODE_TAGS  (NODE_LZF | NODE_TRIED)

/* The listpack of a plain node, NULL for a compressed one. */
static struct listpack *plain_of(const struct ql_node *n)
{
    return n->p & NODE_LZF ? NULL : (struct listpack *)(n->p & ~NODE_TAGS);
}

/* The compressed form of a node, NULL for a plain one. */
static struct ql_lzf *lzf_of(const struct ql_node *n)
{
    return n->p & NODE_LZF ? (struct ql_lzf *)(n->p & ~NODE_TAGS) : NULL;
}

static void node_set(struct ql_node *n, struct listpack *lp)
{
    n->p = (uintptr_t)lp;
}

struct listobj {
    struct ql_node *head, *tail;
    uint64_t count;
    uint64_t nodes;
    int fill;
    int depth; /* 0: no compression */
};

/* The nodes the change under way touched, which settle() looks at once it is through (more
 * are settled early). A change runs start to end on one thread, touching one list. */
#define TOUCHED_MAX 4
static _Thread_local struct {
    struct ql_node *n[TOUCHED_MAX];
    int count;
} touched;

static atomic_uint_fast64_t next_stamp = 1;

/* The read scratch: one decompressed node per thread, freed when the thread ends. */
struct scratch {
    uint64_t stamp;
    struct listpack *lp;
};
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p)
{
    struct scratch *sc = p;
    mem_free(sc->lp);
    mem_free(sc);
}

static void scratch_init(void)
{
    pthread_key_create(&scratch_key, scratch_free);
}

static size_t node_bytes(const struct ql_node *n)
{
    return plain_of(n) ? lp_bytes(plain_of(n)) : lzf_of(n)->raw;
}

static struct listpack *decompress(const struct ql_lzf *z)
{
    struct listpack *lp = mem_alloc(z->raw);
    size_t got = lzf_decompress(z->data, z->clen, lp, z->raw);
    (void)got;
    return lp;
}

/* The node's listpack for reading: its own, or the thread's scratch copy of a compressed one
 * (valid until this thread reads another compressed node). */
static const struct listpack *node_view(const struct ql_node *n)
{
    if (plain_of(n)) return plain_of(n);
    const struct ql_lzf *z = lzf_of(n);
    pthread_once(&scratch_once, scratch_init);
    struct scratch *sc = pthread_getspecific(scratch_key);
    if (!sc) {
        sc = mem_calloc(1, sizeof *sc);
        pthread_setspecific(scratch_key, sc);
    }
    if (sc->stamp != z->stamp) {
        mem_free(sc->lp);
        sc->lp = decompress(z);
        sc->stamp = z->stamp;
    }
    return sc->lp;
}

/* Makes a compressed node plain (in the list's window, or about to change). */
static void node_plain(struct ql_node *n)
{
    struct ql_lzf *z = lzf_of(n);
    if (!z) return;
    node_set(n, decompress(z));
    mem_free(z);
}

/* Compresses a plain node when that is worth it. */
static void node_compress(struct ql_node *n)
{
    struct listpack *lp = plain_of(n);
    if (!lp || (n->p & NODE_TRIED)) return;
    size_t raw = lp_bytes(lp);
    n->p |= NODE_TRIED;
    if (raw < MIN_COMPRESS_BYTES) return;
    struct ql_lzf *z = mem_alloc(sizeof *z + raw);
    size_t clen = lzf_compress(lp, raw, z->data, raw - MIN_COMPRESS_IMPROVE - 1);
    if (clen == 0) {
        mem_free(z);
        return;
    }
    z = mem_realloc(z, sizeof *z + clen);
    z->stamp = atomic_fetch_add(&next_stamp, 1);
    z->raw = raw;
    z->count = lp_count(lp);
    z->clen = (uint32_t)clen;
    lp_free(lp);
    n->p = (uintptr_t)z | NODE_LZF;
}

/* Whether n is among the first or last `depth` nodes. */
static int in_window(const struct listobj *l, const struct ql_node *n)
{
    const struct ql_node *a = n, *b = n;
    for (int d = 0; d < l->depth; d++) {
        if (!a->prev || !b->next) return 1;
        a = a->prev;
        b = b->next;
    }
    return 0;
}

static void untouch(const struct ql_node *n)
{
    for (int i = 0; i < touched.count; i++) {
        if (touched.n[i] != n) continue;
        touched.n[i] = touched.n[--touched.count];
        return;
    }
}

/* n is about to change: plain, and remembered for settle(). */
static struct listpack *node_touch(struct listobj *l, struct ql_node *n)
{
    node_plain(n);
    n->p &= ~NODE_TRIED;
    if (l->depth == 0) return plain_of(n);
    for (int i = 0; i < touched.count; i++)
        if (touched.n[i] == n) return plain_of(n);
    if (touched.count == TOUCHED_MAX) {
        /* A change over many nodes (LREM): the oldest is done with by now. */
        struct ql_node *old = touched.n[0];
        memmove(touched.n, touched.n + 1, (TOUCHED_MAX - 1) * sizeof touched.n[0]);
        touched.count--;
        if (!in_window(l, old)) node_compress(old);
    }
    touched.n[touched.count++] = n;
    return plain_of(n);
}

/* After a change: the window at each end plain, the nodes the change touched and the ones it
 * pushed out of the window (two at most at each end) compressed. */
static void settle(struct listobj *l)
{
    if (l->depth == 0) return;
    struct ql_node *f = l->head, *r = l->tail;
    for (int d = 0; f && d < l->depth; d++) {
        node_plain(f);
        node_plain(r);
        if (f == r || f->next == r) {
            f = r = NULL; /* every node is in the window */
            break;
        }
        f = f->next;
        r = r->prev;
    }
    for (int i = 0; i < touched.count; i++)
        if (!in_window(l, touched.n[i])) node_compress(touched.n[i]);
    touched.count = 0;
    if (!f) return;
    node_compress(f);
    node_compress(r);
    if (f != r) {
        node_compress(f->next);
        node_compress(r->prev);
    }
}

/* Redis's bounds: fill -1..-5 caps a node's bytes; a positive fill caps its entries, and the
 * bytes too (Redis's SIZE_SAFETY_LIMIT), so a node of N big elements stays small. */
static const size_t size_limits[5] = {4096, 8192, 16384, 32768, 65536};
#define SIZE_SAFETY_LIMIT 8192
#define FILL_MAX          32767

static int clamp_fill(int fill)
{
    if (fill < -5) return -5;
    if (fill == 0) return 1; /* Redis then keeps one element a node */
    return fill > FILL_MAX ? FILL_MAX : fill;
}

/* Whether a node of `count` entries in `bytes` bytes is within the list's bound. */
static int fits(const struct listobj *l, size_t count, size_t bytes)
{
    if (l->fill < 0) return bytes <= size_limits[-l->fill - 1];
    return bytes <= SIZE_SAFETY_LIMIT && count <= (size_t)l->fill;
}

static uint32_t node_count(const struct ql_node *n)
{
    return plain_of(n) ? lp_count(plain_of(n)) : lzf_of(n)->count;
}

static int can_take(const struct listobj *l, const struct ql_node *n, size_t len)
{
    return n && fits(l, node_count(n) + 1, node_bytes(n) + lp_entry_size(len));
}

/* Counts the header of both listpacks, so a little on the safe side. */
static int can_merge(const struct listobj *l, const struct ql_node *a, const struct ql_node *b)
{
    return a && b && fits(l, node_count(a) + node_count(b), node_bytes(a) + node_bytes(b));
}

static struct ql_node *node_new(struct listpack *lp)
{
    struct ql_node *n = mem_alloc(sizeof *n);
    n->prev = n->next = NULL;
    node_set(n, lp ? lp : lp_new());
    return n;
}

/* Links n after `at`; at NULL makes n the head. */
static void link_after(struct listobj *l, struct ql_node *at, struct ql_node *n)
{
    n->prev = at;
    n->next = at ? at->next : l->head;
    if (n->next)
        n->next->prev = n;
    else
        l->tail = n;
    if (at)
        at->next = n;
    else
        l->head = n;
    l->nodes++;
}

/* Unlinks and frees a node (its elements are no longer counted by the caller). */
static void node_drop(struct listobj *l, struct ql_node *n)
{
    if (n->prev)
        n->prev->next = n->next;
    else
        l->head = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        l->tail = n->prev;
    l->nodes--;
    untouch(n);
    if (plain_of(n)) lp_free(plain_of(n));
    mem_free(lzf_of(n));
    mem_free(n);
}

/* Moves b's entries to the end of a (b follows a) and drops b. */
static void merge_into(struct listobj *l, struct ql_node *a, struct ql_node *b)
{
    node_touch(l, a);
    node_plain(b);
    for (size_t pos = lp_first(plain_of(b)); pos != LP_NONE; pos = lp_next(plain_of(b), pos)) {
        size_t len;
        const char *s = lp_get(plain_of(b), pos, &len);
        node_set(a, lp_append(plain_of(a), s, len));
    }
    node_drop(l, b);
}

/* Moves the entries from idx on (0 < idx < count) to a new node after n. */
static void split(struct listobj *l, struct ql_node *n, uint32_t idx)
{
    struct ql_node *m = node_new(NULL);
    node_touch(l, n);
    node_touch(l, m);
    size_t start = lp_seek(plain_of(n), idx);
    for (size_t pos = start; pos != LP_NONE; pos = lp_next(plain_of(n), pos)) {
        size_t len;
        const char *s = lp_get(plain_of(n), pos, &len);
        node_set(m, lp_append(plain_of(m), s, len));
    }
    node_set(n, lp_delete(plain_of(n), start, node_count(n) - idx));
    link_after(l, n, m);
}

struct listobj *listobj_new_opts(int fill, int depth)
{
    struct listobj *l = mem_alloc(sizeof *l);
    l->head = l->tail = NULL;
    l->count = 0;
    l->nodes = 0;
    l->fill = clamp_fill(fill);
    l->depth = depth < 0 ? 0 : depth > DEPTH_MAX ? DEPTH_MAX : depth;
    touched.count = 0;
    return l;
}

struct listobj *listobj_new_fill(int fill)
{
    return listobj_new_opts(fill, 0);
}

struct listobj *listobj_new(void)
{
    return listobj_new_opts(CONFIG_GET(list_max_listpack_size), CONFIG_GET(list_compress_depth));
}

void listobj_free(struct listobj *l)
{
    while (l->head)
        node_drop(l, l->head);
    mem_free(l);
}

struct listobj *listobj_dup(const struct listobj *l)
{
    struct listobj *d = listobj_new_opts(l->fill, l->depth);
    for (const struct ql_node *n = l->head; n; n = n->next) {
        struct ql_node *m = node_new(plain_of(n) ? lp_dup(plain_of(n)) : NULL);
        const struct ql_lzf *z = lzf_of(n);
        if (z) {
            size_t zsize = sizeof *z + z->clen;
            lp_free(plain_of(m));
            struct ql_lzf *copy = mem_alloc(zsize);
            memcpy(copy, z, zsize); /* the same bytes may share the stamp */
            m->p = (uintptr_t)copy;
        }
        m->p |= n->p & NODE_TAGS;
        link_after(d, d->tail, m);
    }
    d->count = l->count;
    return d;
}

size_t listobj_usage(const struct listobj *l)
{
    size_t bytes = mem_usable(l);
    for (const struct ql_node *n = l->head; n; n = n->next)
        bytes += mem_usable(n) + (plain_of(n) ? lp_usage(plain_of(n)) : mem_usable(lzf_of(n)));
    return bytes;
}

uint64_t listobj_len(const struct listobj *l)
{
    return l->count;
}

uint64_t listobj_node_count(const struct listobj *l)
{
    return l->nodes;
}

uint32_t listobj_node_len(const struct listobj *l, uint64_t i)
{
    const struct ql_node *n = l->head;
    while (n && i--)
        n = n->next;
    return n ? node_count(n) : 0;
}

int listobj_fill(const struct listobj *l)
{
    return l->fill;
}

int listobj_depth(const struct listobj *l)
{
    return l->depth;
}

void listobj_push(struct listobj *l, int where, const char *s, size_t len)
{
    int head = where == LISTOBJ_HEAD;
    struct ql_node *n = head ? l->head : l->tail;
    if (!can_take(l, n, len)) {
        n = node_new(NULL);
        link_after(l, head ? NULL : l->tail, n);
    }
    node_touch(l, n);
    node_set(n, head ? lp_prepend(plain_of(n), s, len) : lp_append(plain_of(n), s, len));
    l->count++;
    settle(l);
}

int listobj_peek(const struct listobj *l, int where, const char **s, size_t *len)
{
    const struct ql_node *n = where == LISTOBJ_HEAD ? l->head : l->tail;
    if (!n) return 0;
    const struct listpack *lp = node_view(n);
    *s = lp_get(lp, where == LISTOBJ_HEAD ? lp_first(lp) : lp_last(lp), len);
    return 1;
}

int listobj_pop(struct listobj *l, int where)
{
    struct ql_node *n = where == LISTOBJ_HEAD ? l->head : l->tail;
    if (!n) return 0;
    node_touch(l, n);
    node_set(n, lp_delete(plain_of(n),
                          where == LISTOBJ_HEAD ? lp_first(plain_of(n)) : lp_last(plain_of(n)), 1));
    l->count--;
    if (node_count(n) == 0) node_drop(l, n);
    settle(l);
    return 1;
}

/* The position from the head of index (negative: from the tail); 0 when out of range. */
static int normalize(const struct listobj *l, long index, uint64_t *i)
{
    if (index < 0) {
        uint64_t back = (uint64_t)(-(index + 1)); /* no overflow at LONG_MIN */
        if (back >= l->count) return 0;
        *i = l->count - 1 - back;
        return 1;
    }
    if ((uint64_t)index >= l->count) return 0;
    *i = (uint64_t)index;
    return 1;
}

/* The node holding position i (i < count), walking from the nearer end; *off gets i's place in
 * the node. */
static struct ql_node *locate(const struct listobj *l, uint64_t i, uint32_t *off)
{
    struct ql_node *n;
    if (i < l->count / 2) {
        for (n = l->head; i >= node_count(n); n = n->next)
            i -= node_count(n);
        *off = (uint32_t)i;
    } else {
        uint64_t back = l->count - 1 - i;
        for (n = l->tail; back >= node_count(n); n = n->prev)
            back -= node_count(n);
        *off = node_count(n) - 1 - (uint32_t)back;
    }
    return n;
}

int listobj_index(const struct listobj *l, long index, const char **s, size_t *len)
{
    uint64_t i;
    uint32_t off;
    if (!normalize(l, index, &i)) return 0;
    const struct listpack *lp = node_view(locate(l, i, &off));
    *s = lp_get(lp, lp_seek(lp, off), len);
    return 1;
}

/* Inserts s so that it becomes entry idx (0..count) of node n: into n when it has room, else
 * into the neighbour at that end, else into a new node; a full node is split at idx first. */
static void insert_at(struct listobj *l, struct ql_node *n, uint32_t idx, const char *s, size_t len)
{
    uint32_t count = node_count(n);
    if (!can_take(l, n, len) && idx > 0 && idx < count) {
        split(l, n, idx);
        count = idx;
    }
    if (can_take(l, n, len)) {
        node_touch(l, n);
        node_set(n, lp_insert(plain_of(n), idx == count ? LP_NONE : lp_seek(plain_of(n), idx), s,
                              len, NULL));
    } else if (idx == count && can_take(l, n->next, len)) {
        node_touch(l, n->next);
        node_set(n->next, lp_prepend(plain_of(n->next), s, len));
    } else if (idx == 0 && can_take(l, n->prev, len)) {
        node_touch(l, n->prev);
        node_set(n->prev, lp_append(plain_of(n->prev), s, len));
    } else {
        struct ql_node *m = node_new(NULL);
        node_set(m, lp_append(plain_of(m), s, len));
        link_after(l, idx == count ? n : n->prev, m);
        node_touch(l, m);
    }
    l->count++;
}

int listobj_set(struct listobj *l, long index, const char *s, size_t len)
{
    uint64_t i;
    uint32_t off;
    if (!normalize(l, index, &i)) return 0;
    struct ql_node *n = locate(l, i, &off);
    node_touch(l, n);
    size_t pos = lp_seek(plain_of(n), off), old;
    lp_get(plain_of(n), pos, &old);
    uint32_t count = node_count(n);
    if (count == 1 ||
        fits(l, count, lp_bytes(plain_of(n)) - lp_entry_size(old) + lp_entry_size(len))) {
        node_set(n, lp_replace(plain_of(n), pos, s, len));
        settle(l);
        return 1;
    }
    /* The new value does not fit beside the others: take the old one out and insert. */
    node_set(n, lp_delete(plain_of(n), pos, 1));
    l->count--;
    insert_at(l, n, off, s, len);
    settle(l);
    return 1;
}

static int entry_equals(const struct listpack *lp, size_t pos, const char *s, size_t len)
{
    size_t elen;
    const char *e = lp_get(lp, pos, &elen);
    return elen == len && (len == 0 || memcmp(e, s, len) == 0);
}

int listobj_insert(struct listobj *l, int after, const char *pivot, size_t plen, const char *s,
                   size_t len)
{
    for (struct ql_node *n = l->head; n; n = n->next) {
        uint32_t idx = 0;
        const struct listpack *lp = node_view(n);
        for (size_t pos = lp_first(lp); pos != LP_NONE; pos = lp_next(lp, pos), idx++) {
            if (!entry_equals(lp, pos, pivot, plen)) continue;
            insert_at(l, n, idx + (after ? 1 : 0), s, len);
            settle(l);
            return 1;
        }
    }
    return 0;
}

/* LREM from the head: each node thinned out may join the (already visited) one before it. */
static uint64_t rem_forward(struct listobj *l, uint64_t want, const char *s, size_t len)
{
    uint64_t removed = 0;
    struct ql_node *n = l->head;
    while (n && removed < want) {
        struct ql_node *next = n->next;
        uint32_t before = node_count(n);
        const struct listpack *view = node_view(n);
        if (lp_find(view, lp_first(view), s, len, 0) == LP_NONE) {
            n = next;
            continue;
        }
        node_touch(l, n);
        size_t pos = lp_first(plain_of(n));
        while (pos != LP_NONE && removed < want) {
            if (entry_equals(plain_of(n), pos, s, len)) {
                node_set(n, lp_delete(plain_of(n), pos, 1));
                removed++;
                if (pos >= lp_bytes(plain_of(n)))
                    pos = LP_NONE; /* else the next entry moved here */
            } else {
                pos = lp_next(plain_of(n), pos);
            }
        }
        if (node_count(n) == 0)
            node_drop(l, n);
        else if (node_count(n) < before && can_merge(l, n->prev, n))
            merge_into(l, n->prev, n);
        n = next;
    }
    return removed;
}

/* LREM from the tail, the mirror image. */
static uint64_t rem_backward(struct listobj *l, uint64_t want, const char *s, size_t len)
{
    uint64_t removed = 0;
    struct ql_node *n = l->tail;
    while (n && removed < want) {
        struct ql_node *prev = n->prev;
        uint32_t before = node_count(n);
        const struct listpack *view = node_view(n);
        if (lp_find(view, lp_first(view), s, len, 0) == LP_NONE) {
            n = prev;
            continue;
        }
        node_touch(l, n);
        size_t pos = lp_last(plain_of(n));
        while (pos != LP_NONE && removed < want) {
            size_t p = lp_prev(plain_of(n), pos); /* entries before pos do not move */
            if (entry_equals(plain_of(n), pos, s, len)) {
                node_set(n, lp_delete(plain_of(n), pos, 1));
                removed++;
            }
            pos = p;
        }
        if (node_count(n) == 0)
            node_drop(l, n);
        else if (node_count(n) < before && can_merge(l, n, n->next))
            merge_into(l, n, n->next);
        n = prev;
    }
    return removed;
}

uint64_t listobj_rem(struct listobj *l, long count, const char *s, size_t len)
{
    uint64_t removed;
    if (count >= 0)
        removed = rem_forward(l, count == 0 ? UINT64_MAX : (uint64_t)count, s, len);
    else
        removed = rem_backward(l, (uint64_t)0 - (uint64_t)count, s, len);
    l->count -= removed;
    settle(l);
    return removed;
}

void listobj_del_range(struct listobj *l, long start, uint64_t n)
{
    uint64_t i;
    uint32_t off;
    if (n == 0 || !normalize(l, start, &i)) return;
    if (n > l->count - i) n = l->count - i;
    struct ql_node *node = locate(l, i, &off);
    /* The node kept just before the gap, to join with the one after it if both fit. */
    struct ql_node *left = off > 0 ? node : node->prev;
    l->count -= n;
    while (n) {
        struct ql_node *next = node->next;
        uint32_t count = node_count(node);
        uint32_t take = n < (uint64_t)(count - off) ? (uint32_t)n : count - off;
        if (take == count) {
            node_drop(l, node);
        } else {
            node_touch(l, node);
            node_set(node, lp_delete(plain_of(node), lp_seek(plain_of(node), off), take));
        }
        n -= take;
        node = next;
        off = 0;
    }
    struct ql_node *right = left ? left->next : l->head;
    if (can_merge(l, left, right)) merge_into(l, left, right);
    settle(l);
}

void listobj_iter_init(struct listobj_iter *it, const struct listobj *l, long index, int dir)
{
    uint64_t i;
    uint32_t off;
    it->l = l;
    it->dir = dir;
    it->node = NULL;
    it->pos = LP_NONE;
    if (!normalize(l, index, &i)) return;
    const struct ql_node *n = locate(l, i, &off);
    it->node = n;
    it->pos = lp_seek(node_view(n), off);
}

int listobj_iter_next(struct listobj_iter *it, const char **s, size_t *len)
{
    const struct ql_node *n = it->node;
    if (!n) return 0;
    const struct listpack *lp = node_view(n);
    /* LP_NONE: a node just entered. Its first position is found only now, so that reading
     * the previous element never needed this node decompressed (and *s stays valid). */
    if (it->pos == LP_NONE) it->pos = it->dir == LISTOBJ_TAIL ? lp_first(lp) : lp_last(lp);
    *s = lp_get(lp, it->pos, len);
    if (it->dir == LISTOBJ_TAIL) {
        it->pos = lp_next(lp, it->pos);
        if (it->pos == LP_NONE) {
            n = n->next;
            it->pos = LP_NONE;
        }
    } else {
        it->pos = lp_prev(lp, it->pos);
        if (it->pos == LP_NONE) {
            n = n->prev;
            it->pos = LP_NONE;
        }
    }
    it->node = n;
    return 1;
}

int listobj_check(const struct listobj *l)
{
    uint64_t count = 0, nodes = 0;
    const struct ql_node *prev = NULL;
    if (touched.count != 0) return 0;
    for (const struct ql_node *n = l->head; n; prev = n, n = n->next) {
        uint32_t c = node_count(n);
        if (n->prev != prev || c == 0) return 0;
        if (c > 1 && !fits(l, c, node_bytes(n))) return 0;
        const struct ql_lzf *z = lzf_of(n);
        /* Compressed only outside the window, and only when it saved enough; plain outside
         * it only when LZF was tried on the node as it is. */
        if (z && (l->depth == 0 || in_window(l, n) || z->raw < MIN_COMPRESS_BYTES ||
                  z->clen + MIN_COMPRESS_IMPROVE >= z->raw || (n->p & NODE_TRIED)))
            return 0;
        if (!z && l->depth > 0 && !in_window(l, n) && !(n->p & NODE_TRIED)) return 0;
        count += c;
        nodes++;
    }
    return prev == l->tail && count == l->count && nodes == l->nodes;
}

uint64_t listobj_compressed_nodes(const struct listobj *l)
{
    uint64_t n = 0;
    for (const struct ql_node *x = l->head; x; x = x->next)
        n += lzf_of(x) != NULL;
    return n;
}

const char *listobj_encoding(const struct listobj *l)
{
    return "quicklist";
}
