/* List values as quicklists (see listobj.h): nodes linked both ways, each holding a listpack.
 * A node takes elements while it stays within the list's bound (a lone element of any size
 * gets a node of its own); a full node is split where an element goes into its middle, and a
 * node thinned out by deletions in the middle is joined with a neighbour when both fit in one.
 * No node is ever empty. Used by the thread holding the list's shard. */
#include <string.h>

#include "shard/listobj.h"
#include "shard/listpack.h"
#include "tessera/config.h"
#include "tessera/mem.h"

struct ql_node {
    struct ql_node *prev, *next;
    struct listpack *lp;
};

struct listobj {
    struct ql_node *head, *tail;
    uint64_t count;
    uint64_t nodes;
    int fill;
};

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
    return lp_count(n->lp);
}

static int can_take(const struct listobj *l, const struct ql_node *n, size_t len)
{
    return n && fits(l, node_count(n) + 1, lp_bytes(n->lp) + lp_entry_size(len));
}

/* Counts the header of both listpacks, so a little on the safe side. */
static int can_merge(const struct listobj *l, const struct ql_node *a, const struct ql_node *b)
{
    return a && b && fits(l, node_count(a) + node_count(b), lp_bytes(a->lp) + lp_bytes(b->lp));
}

static struct ql_node *node_new(struct listpack *lp)
{
    struct ql_node *n = mem_alloc(sizeof *n);
    n->prev = n->next = NULL;
    n->lp = lp ? lp : lp_new();
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
    lp_free(n->lp);
    mem_free(n);
}

/* Moves b's entries to the end of a (b follows a) and drops b. */
static void merge_into(struct listobj *l, struct ql_node *a, struct ql_node *b)
{
    for (size_t pos = lp_first(b->lp); pos != LP_NONE; pos = lp_next(b->lp, pos)) {
        size_t len;
        const char *s = lp_get(b->lp, pos, &len);
        a->lp = lp_append(a->lp, s, len);
    }
    node_drop(l, b);
}

/* Moves the entries from idx on (0 < idx < count) to a new node after n. */
static void split(struct listobj *l, struct ql_node *n, uint32_t idx)
{
    struct ql_node *m = node_new(NULL);
    size_t start = lp_seek(n->lp, idx);
    for (size_t pos = start; pos != LP_NONE; pos = lp_next(n->lp, pos)) {
        size_t len;
        const char *s = lp_get(n->lp, pos, &len);
        m->lp = lp_append(m->lp, s, len);
    }
    n->lp = lp_delete(n->lp, start, node_count(n) - idx);
    link_after(l, n, m);
}

struct listobj *listobj_new_fill(int fill)
{
    struct listobj *l = mem_alloc(sizeof *l);
    l->head = l->tail = NULL;
    l->count = 0;
    l->nodes = 0;
    l->fill = clamp_fill(fill);
    return l;
}

struct listobj *listobj_new(void)
{
    return listobj_new_fill(g_config.list_max_listpack_size);
}

void listobj_free(struct listobj *l)
{
    while (l->head)
        node_drop(l, l->head);
    mem_free(l);
}

struct listobj *listobj_dup(const struct listobj *l)
{
    struct listobj *d = listobj_new_fill(l->fill);
    for (const struct ql_node *n = l->head; n; n = n->next)
        link_after(d, d->tail, node_new(lp_dup(n->lp)));
    d->count = l->count;
    return d;
}

size_t listobj_usage(const struct listobj *l)
{
    size_t bytes = mem_usable(l);
    for (const struct ql_node *n = l->head; n; n = n->next)
        bytes += mem_usable(n) + lp_usage(n->lp);
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

void listobj_push(struct listobj *l, int where, const char *s, size_t len)
{
    int head = where == LISTOBJ_HEAD;
    struct ql_node *n = head ? l->head : l->tail;
    if (!can_take(l, n, len)) {
        n = node_new(NULL);
        link_after(l, head ? NULL : l->tail, n);
    }
    n->lp = head ? lp_prepend(n->lp, s, len) : lp_append(n->lp, s, len);
    l->count++;
}

int listobj_peek(const struct listobj *l, int where, const char **s, size_t *len)
{
    const struct ql_node *n = where == LISTOBJ_HEAD ? l->head : l->tail;
    if (!n) return 0;
    *s = lp_get(n->lp, where == LISTOBJ_HEAD ? lp_first(n->lp) : lp_last(n->lp), len);
    return 1;
}

int listobj_pop(struct listobj *l, int where)
{
    struct ql_node *n = where == LISTOBJ_HEAD ? l->head : l->tail;
    if (!n) return 0;
    n->lp = lp_delete(n->lp, where == LISTOBJ_HEAD ? lp_first(n->lp) : lp_last(n->lp), 1);
    l->count--;
    if (node_count(n) == 0) node_drop(l, n);
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
    const struct ql_node *n = locate(l, i, &off);
    *s = lp_get(n->lp, lp_seek(n->lp, off), len);
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
        n->lp = lp_insert(n->lp, idx == count ? LP_NONE : lp_seek(n->lp, idx), s, len, NULL);
    } else if (idx == count && can_take(l, n->next, len)) {
        n->next->lp = lp_prepend(n->next->lp, s, len);
    } else if (idx == 0 && can_take(l, n->prev, len)) {
        n->prev->lp = lp_append(n->prev->lp, s, len);
    } else {
        struct ql_node *m = node_new(NULL);
        m->lp = lp_append(m->lp, s, len);
        link_after(l, idx == count ? n : n->prev, m);
    }
    l->count++;
}

int listobj_set(struct listobj *l, long index, const char *s, size_t len)
{
    uint64_t i;
    uint32_t off;
    if (!normalize(l, index, &i)) return 0;
    struct ql_node *n = locate(l, i, &off);
    size_t pos = lp_seek(n->lp, off), old;
    lp_get(n->lp, pos, &old);
    uint32_t count = node_count(n);
    if (count == 1 || fits(l, count, lp_bytes(n->lp) - lp_entry_size(old) + lp_entry_size(len))) {
        n->lp = lp_replace(n->lp, pos, s, len);
        return 1;
    }
    /* The new value does not fit beside the others: take the old one out and insert. */
    n->lp = lp_delete(n->lp, pos, 1);
    l->count--;
    insert_at(l, n, off, s, len);
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
        for (size_t pos = lp_first(n->lp); pos != LP_NONE; pos = lp_next(n->lp, pos), idx++) {
            if (!entry_equals(n->lp, pos, pivot, plen)) continue;
            insert_at(l, n, idx + (after ? 1 : 0), s, len);
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
        size_t pos = lp_first(n->lp);
        while (pos != LP_NONE && removed < want) {
            if (entry_equals(n->lp, pos, s, len)) {
                n->lp = lp_delete(n->lp, pos, 1);
                removed++;
                if (pos >= lp_bytes(n->lp)) pos = LP_NONE; /* else the next entry moved here */
            } else {
                pos = lp_next(n->lp, pos);
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
        size_t pos = lp_last(n->lp);
        while (pos != LP_NONE && removed < want) {
            size_t p = lp_prev(n->lp, pos); /* entries before pos do not move */
            if (entry_equals(n->lp, pos, s, len)) {
                n->lp = lp_delete(n->lp, pos, 1);
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
        if (take == count)
            node_drop(l, node);
        else
            node->lp = lp_delete(node->lp, lp_seek(node->lp, off), take);
        n -= take;
        node = next;
        off = 0;
    }
    struct ql_node *right = left ? left->next : l->head;
    if (can_merge(l, left, right)) merge_into(l, left, right);
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
    it->pos = lp_seek(n->lp, off);
}

int listobj_iter_next(struct listobj_iter *it, const char **s, size_t *len)
{
    const struct ql_node *n = it->node;
    if (!n) return 0;
    *s = lp_get(n->lp, it->pos, len);
    if (it->dir == LISTOBJ_TAIL) {
        it->pos = lp_next(n->lp, it->pos);
        if (it->pos == LP_NONE) {
            n = n->next;
            it->pos = n ? lp_first(n->lp) : LP_NONE;
        }
    } else {
        it->pos = lp_prev(n->lp, it->pos);
        if (it->pos == LP_NONE) {
            n = n->prev;
            it->pos = n ? lp_last(n->lp) : LP_NONE;
        }
    }
    it->node = n;
    return 1;
}

int listobj_check(const struct listobj *l)
{
    uint64_t count = 0, nodes = 0;
    const struct ql_node *prev = NULL;
    for (const struct ql_node *n = l->head; n; prev = n, n = n->next) {
        uint32_t c = node_count(n);
        if (n->prev != prev || c == 0) return 0;
        if (c > 1 && !fits(l, c, lp_bytes(n->lp))) return 0;
        count += c;
        nodes++;
    }
    return prev == l->tail && count == l->count && nodes == l->nodes;
}

const char *listobj_encoding(const struct listobj *l)
{
    return "quicklist";
}
