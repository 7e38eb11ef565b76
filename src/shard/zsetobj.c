/* Sorted-set values (see zsetobj.h). The listpack holds member, score, member, score... in
 * order; a score entry is the 8 bytes of the double or, for an integer of magnitude up to 2^53,
 * its value in 0..7 little-endian two's-complement bytes (so -0 reads back as 0, as it does from
 * Redis's listpack, which stores "-0" as the integer 0).
 * The skiplist is Redis's (spans, p = 1/4, 32 levels) without backward pointers: walks
 * downwards go by rank. A node holds its member inline; the member index is an open-addressing
 * table of node pointers. Used by the thread holding the value's shard. */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "shard/listpack.h"
#include "shard/varint.h"
#include "shard/zsetobj.h"
#include "tessera/config.h"
#include "tessera/dict.h"
#include "tessera/mem.h"
#include "tessera/util.h"

struct znode;

/* ---- common ordering ---- */

static int member_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0;
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

/* Whether (s1, m1) comes before (s2, m2). */
static int pair_before(double s1, const char *m1, size_t l1, double s2, const char *m2, size_t l2)
{
    if (s1 != s2) return s1 < s2;
    return member_cmp(m1, l1, m2, l2) < 0;
}

static int score_below_min(double s, const struct zscore_range *r)
{
    return r->minex ? s <= r->min : s < r->min;
}

static int score_upto_max(double s, const struct zscore_range *r)
{
    return r->maxex ? s < r->max : s <= r->max;
}

static int lex_below_min(const char *m, size_t len, const struct zlex_bound *b)
{
    switch (b->kind) {
    case ZLEX_MIN:
        return 0;
    case ZLEX_MAX:
        return 1;
    case ZLEX_INCL:
        return member_cmp(m, len, b->s, b->len) < 0;
    default:
        return member_cmp(m, len, b->s, b->len) <= 0;
    }
}

static int lex_upto_max(const char *m, size_t len, const struct zlex_bound *b)
{
    switch (b->kind) {
    case ZLEX_MIN:
        return 0;
    case ZLEX_MAX:
        return 1;
    case ZLEX_INCL:
        return member_cmp(m, len, b->s, b->len) <= 0;
    default:
        return member_cmp(m, len, b->s, b->len) < 0;
    }
}

/* A range as two predicates that hold for a prefix of the set: members before the range, and
 * members not after it. The range covers the ranks between the two prefix lengths. */
struct prefix_test {
    const struct zscore_range *score; /* NULL: a lex range */
    const struct zlex_range *lex;
    int upto_max; /* 0: "before min", 1: "not after max" */
};

static int prefix_holds(const struct prefix_test *t, double s, const char *m, size_t len)
{
    if (t->score) return t->upto_max ? score_upto_max(s, t->score) : score_below_min(s, t->score);
    return t->upto_max ? lex_upto_max(m, len, &t->lex->max) : lex_below_min(m, len, &t->lex->min);
}

/* ---- listpack scores ---- */

#define EXACT_INT_LIMIT 9007199254740992.0 /* 2^53 */

/* Writes the score entry into buf[8]; returns its length. */
static size_t score_encode(double d, unsigned char *buf)
{
    if (d >= -EXACT_INT_LIMIT && d <= EXACT_INT_LIMIT && d == (double)(int64_t)d) {
        int64_t v = (int64_t)d;
        size_t n = 0;
        /* The fewest bytes whose sign extension gives v back: at most 7 for |v| <= 2^53. */
        if (v != 0)
            for (n = 1; v < -(INT64_C(1) << (8 * n - 1)) || v >= INT64_C(1) << (8 * n - 1); n++)
                ;
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)((uint64_t)v >> (8 * i));
        return n;
    }
    memcpy(buf, &d, 8);
    return 8;
}

static double score_decode(const char *p, size_t len)
{
    if (len == 8) {
        double d;
        memcpy(&d, p, 8);
        return d;
    }
    if (len == 0) return 0;
    uint64_t u = 0;
    for (size_t i = 0; i < len; i++)
        u |= (uint64_t)(unsigned char)p[i] << (8 * i);
    if (len < 8 && (u >> (8 * len - 1)) & 1) u |= ~UINT64_C(0) << (8 * len);
    return (double)(int64_t)u;
}

/* A member/score pair of a listpack, read at the member's position. */
struct lp_pair {
    const char *m;
    size_t mlen;
    double score;
};

static void lp_pair_read(const struct listpack *lp, size_t pos, struct lp_pair *p)
{
    p->m = lp_get(lp, pos, &p->mlen);
    size_t slen;
    const char *s = lp_get(lp, lp_next(lp, pos), &slen);
    p->score = score_decode(s, slen);
}

static size_t lp_pair_next(const struct listpack *lp, size_t pos)
{
    return lp_next(lp, lp_next(lp, pos));
}

static size_t lp_pair_prev(const struct listpack *lp, size_t pos)
{
    size_t s = lp_prev(lp, pos);
    return s == LP_NONE ? LP_NONE : lp_prev(lp, s);
}

static size_t lp_member_pos(const struct listpack *lp, const char *m, size_t len)
{
    return lp_find(lp, lp_first(lp), m, len, 1);
}

static struct listpack *lp_insert_sorted(struct listpack *lp, const char *m, size_t len,
                                         double score)
{
    size_t pos = lp_first(lp);
    struct lp_pair p;
    for (; pos != LP_NONE; pos = lp_pair_next(lp, pos)) {
        lp_pair_read(lp, pos, &p);
        if (pair_before(score, m, len, p.score, p.m, p.mlen)) break;
    }
    unsigned char sbuf[8];
    size_t slen = score_encode(score, sbuf);
    size_t mpos;
    lp = lp_insert(lp, pos, m, len, &mpos);
    return lp_insert(lp, lp_next(lp, mpos), (const char *)sbuf, slen, NULL);
}

/* ---- skiplist nodes ---- */

#define ZSL_MAXLEVEL 32

/* A node is one allocation, addressed at its score:
 *   forward[L-1] .. forward[0] | score | level (1 byte) | span[1..L-1] (u32) | member length
 *   (varint) | member bytes
 * so the forward pointers stay aligned and the rest is read with memcpy. span[i] is the number
 * of ranks forward[i] moves over, kept (as Redis keeps it) past the last node too. span[0] is
 * not stored: it is 1 when forward[0] is a node and 0 at the end, which is what Redis's holds.
 * A level-1 node with a member of up to 14 bytes takes 32 bytes. */
#define NODE_SPANS 9 /* offset of span[1] from the score */

static inline struct znode **node_fwd_ref(const struct znode *n, int i)
{
    return (struct znode **)n - 1 - i;
}

static inline struct znode *node_fwd(const struct znode *n, int i)
{
    return *node_fwd_ref(n, i);
}

static inline double node_score(const struct znode *n)
{
    double d;
    memcpy(&d, n, 8);
    return d;
}

static inline void node_set_score(struct znode *n, double d)
{
    memcpy(n, &d, 8);
}

static inline int node_level(const struct znode *n)
{
    return ((const unsigned char *)n)[8];
}

static inline uint32_t node_span(const struct znode *n, int i)
{
    if (i == 0) return node_fwd(n, 0) != NULL;
    uint32_t s;
    memcpy(&s, (const char *)n + NODE_SPANS + 4 * (i - 1), 4);
    return s;
}

/* Level 0 follows from the forward pointer; callers set it there. */
static inline void node_set_span(struct znode *n, int i, uint32_t s)
{
    if (i > 0) memcpy((char *)n + NODE_SPANS + 4 * (i - 1), &s, 4);
}

static const char *node_member(const struct znode *n, size_t *len)
{
    const unsigned char *p = (const unsigned char *)n + NODE_SPANS + 4 * (node_level(n) - 1);
    p += varint_read(p, len);
    return (const char *)p;
}

static void *node_base(const struct znode *n)
{
    return (char *)n - 8 * node_level(n);
}

static struct znode *node_new(int level, double score, const char *m, size_t len)
{
    size_t size = 12 * (size_t)level - 4 + NODE_SPANS + varint_size(len) + len;
    char *base = mem_alloc(size);
    struct znode *n = (struct znode *)(base + 8 * level);
    node_set_score(n, score);
    unsigned char *p = (unsigned char *)n;
    p[8] = (unsigned char)level;
    p += NODE_SPANS + 4 * (level - 1);
    p += varint_write(p, len);
    if (len) memcpy(p, m, len);
    return n;
}

static int node_before(const struct znode *n, double score, const char *m, size_t len)
{
    size_t nl;
    const char *nm = node_member(n, &nl);
    return pair_before(node_score(n), nm, nl, score, m, len);
}

/* ---- member index: open addressing over node pointers ---- */

/* A slot is empty (0), a tombstone (1) or a node pointer with the top 16 bits of the member's
 * hash in its unused high bits, so most probes are settled without touching the node. */
#define ZI_EMPTY    UINT64_C(0)
#define ZI_TOMB     UINT64_C(1)
#define ZI_PTR_MASK ((UINT64_C(1) << 48) - 1)
#define ZI_MIN_SIZE 8
#define ZI_STEP     32 /* slots moved per change while resizing */

struct zitable {
    uint64_t *slot;
    uint64_t size;   /* a power of two, 0 when absent */
    uint64_t used;   /* live slots */
    uint64_t filled; /* live and tombstone slots */
};

/* While t[1] exists the index is moving from t[0] to it, `rehash` slots at a time: moved slots
 * of t[0] become tombstones, so look-ups of members not yet moved still find them. */
struct zindex {
    struct zitable t[2];
    uint64_t rehash;
};

static inline const struct znode *slot_node(uint64_t v)
{
    return (const struct znode *)(uintptr_t)(v & ZI_PTR_MASK);
}

static uint64_t node_hash(const struct znode *n)
{
    size_t len;
    const char *m = node_member(n, &len);
    return dict_hash(m, len);
}

static void zit_alloc(struct zitable *t, uint64_t size)
{
    t->slot = mem_calloc(size, sizeof *t->slot);
    t->size = size;
    t->used = t->filled = 0;
}

/* The slot holding the member, or -1. */
static int64_t zit_find(const struct zitable *t, const char *m, size_t len, uint64_t h)
{
    if (!t->size) return -1;
    uint64_t mask = t->size - 1, tag = h & ~ZI_PTR_MASK;
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
        uint64_t v = t->slot[i];
        if (v == ZI_EMPTY) return -1;
        if (v == ZI_TOMB || (v & ~ZI_PTR_MASK) != tag) continue;
        size_t nl;
        const char *nm = node_member(slot_node(v), &nl);
        if (nl == len && memcmp(nm, m, len) == 0) return (int64_t)i;
    }
}

/* Adds a node known to be absent. */
static void zit_insert(struct zitable *t, const struct znode *n, uint64_t h)
{
    uint64_t mask = t->size - 1, i = h & mask;
    while (t->slot[i] > ZI_TOMB)
        i = (i + 1) & mask;
    if (t->slot[i] == ZI_EMPTY) t->filled++;
    assert(((uintptr_t)n & ~ZI_PTR_MASK) == 0);
    t->slot[i] = (uint64_t)(uintptr_t)n | (h & ~ZI_PTR_MASK);
    t->used++;
}

static void zit_clear_slot(struct zitable *t, uint64_t i)
{
    uint64_t mask = t->size - 1;
    t->used--;
    if (t->slot[(i + 1) & mask] != ZI_EMPTY) {
        t->slot[i] = ZI_TOMB;
        return;
    }
    /* A probe that reaches a slot before an empty one stops there anyway, so that slot and the
     * tombstones just before it can all be empty. */
    do {
        t->slot[i] = ZI_EMPTY;
        t->filled--;
        i = (i - 1) & mask;
    } while (t->slot[i] == ZI_TOMB);
}

static void zi_init(struct zindex *zi, uint64_t expected)
{
    memset(zi, 0, sizeof *zi);
    uint64_t size = ZI_MIN_SIZE;
    while (size < expected * 2)
        size *= 2;
    zit_alloc(&zi->t[0], size);
}

static void zi_free(struct zindex *zi)
{
    mem_free(zi->t[0].slot);
    mem_free(zi->t[1].slot);
}

static size_t zi_usage(const struct zindex *zi)
{
    return (zi->t[0].slot ? mem_usable(zi->t[0].slot) : 0) +
           (zi->t[1].slot ? mem_usable(zi->t[1].slot) : 0);
}

static void zi_finish_if_done(struct zindex *zi)
{
    if (zi->rehash < zi->t[0].size) return;
    mem_free(zi->t[0].slot);
    zi->t[0] = zi->t[1];
    memset(&zi->t[1], 0, sizeof zi->t[1]);
}

static void zi_rehash_step(struct zindex *zi, uint64_t n)
{
    struct zitable *from = &zi->t[0], *to = &zi->t[1];
    for (; n && zi->rehash < from->size; n--, zi->rehash++) {
        uint64_t v = from->slot[zi->rehash];
        if (v <= ZI_TOMB) continue;
        zit_insert(to, slot_node(v), node_hash(slot_node(v)));
        from->slot[zi->rehash] = ZI_TOMB;
        from->used--;
    }
    zi_finish_if_done(zi);
}

/* Keeps the load (tombstones counted) at most 3/4, and after removals at least 1/8: past either
 * bound the index starts moving to a table sized for twice the live members. */
static void zi_maintain(struct zindex *zi, int removed)
{
    if (zi->t[1].slot) {
        zi_rehash_step(zi, ZI_STEP);
        if (!zi->t[1].slot || (zi->t[1].filled + zi->t[0].used) * 4 <= zi->t[1].size * 3) return;
        /* With what is still to move, the new table would pass 3/4 (inserts outran the
         * moves): finish now, then size again below. */
        zi_rehash_step(zi, zi->t[0].size);
    }
    struct zitable *t = &zi->t[0];
    int grow = t->filled * 4 > t->size * 3;
    int shrink = removed && t->size > ZI_MIN_SIZE && t->used * 8 < t->size;
    if (!grow && !shrink) return;
    uint64_t size = ZI_MIN_SIZE;
    while (size < (t->used + 1) * 2)
        size *= 2;
    zit_alloc(&zi->t[1], size);
    zi->rehash = 0;
    zi_rehash_step(zi, ZI_STEP);
}

static struct znode *zi_find(const struct zindex *zi, const char *m, size_t len, uint64_t h)
{
    for (int k = 0; k < 2; k++) {
        int64_t i = zit_find(&zi->t[k], m, len, h);
        if (i >= 0) return (struct znode *)slot_node(zi->t[k].slot[i]);
    }
    return NULL;
}

static void zi_add(struct zindex *zi, const struct znode *n, uint64_t h)
{
    zit_insert(zi->t[1].slot ? &zi->t[1] : &zi->t[0], n, h);
    zi_maintain(zi, 0);
}

static void zi_remove(struct zindex *zi, const char *m, size_t len, uint64_t h)
{
    for (int k = 0; k < 2; k++) {
        int64_t i = zit_find(&zi->t[k], m, len, h);
        if (i < 0) continue;
        zit_clear_slot(&zi->t[k], (uint64_t)i);
        zi_maintain(zi, 1);
        return;
    }
}

/* Calls fn for the live members of table t whose home slot is b: they sit in the run of
 * non-empty slots that starts at b. */
static void zit_visit_home(const struct zitable *t, uint64_t b,
                           void (*fn)(const char *, size_t, double, void *), void *arg,
                           uint64_t *visited)
{
    uint64_t mask = t->size - 1;
    for (uint64_t i = b; t->slot[i] != ZI_EMPTY; i = (i + 1) & mask) {
        uint64_t v = t->slot[i];
        if (v == ZI_TOMB) continue;
        const struct znode *n = slot_node(v);
        if ((node_hash(n) & mask) != b) continue;
        size_t len;
        const char *m = node_member(n, &len);
        fn(m, len, node_score(n), arg);
        (*visited)++;
    }
}

static uint64_t rev64(uint64_t v)
{
    v = ((v >> 1) & UINT64_C(0x5555555555555555)) | ((v & UINT64_C(0x5555555555555555)) << 1);
    v = ((v >> 2) & UINT64_C(0x3333333333333333)) | ((v & UINT64_C(0x3333333333333333)) << 2);
    v = ((v >> 4) & UINT64_C(0x0F0F0F0F0F0F0F0F)) | ((v & UINT64_C(0x0F0F0F0F0F0F0F0F)) << 4);
    return __builtin_bswap64(v);
}

/* Redis's dictScan over home slots: the buckets of a chained table are the home slots here. */
static uint64_t zi_scan_step(const struct zindex *zi, uint64_t v,
                             void (*fn)(const char *, size_t, double, void *), void *arg,
                             uint64_t *visited)
{
    const struct zitable *small = &zi->t[0], *big = &zi->t[1];
    if (!big->slot) {
        uint64_t m0 = small->size - 1;
        zit_visit_home(small, v & m0, fn, arg, visited);
        v |= ~m0;
        return rev64(rev64(v) + 1);
    }
    if (small->size > big->size) {
        const struct zitable *t = small;
        small = big;
        big = t;
    }
    uint64_t m0 = small->size - 1, m1 = big->size - 1;
    zit_visit_home(small, v & m0, fn, arg, visited);
    do {
        zit_visit_home(big, v & m1, fn, arg, visited);
        v |= ~m1;
        v = rev64(rev64(v) + 1);
    } while (v & (m0 ^ m1));
    return v;
}

/* ---- skiplist ---- */

struct zskiplist {
    struct znode *head;
    struct znode *tail;
    uint64_t length;
    int level;
    size_t node_bytes; /* usable bytes of the member nodes */
    struct zindex index;
};

static int zsl_random_level(void)
{
    uint64_t r = util_random();
    int level = 1;
    while ((r & 3) == 0 && level < ZSL_MAXLEVEL) {
        level++;
        r >>= 2;
    }
    return level;
}

static struct zskiplist *zsl_new(uint64_t expected)
{
    struct zskiplist *sl = mem_alloc(sizeof *sl);
    sl->head = node_new(ZSL_MAXLEVEL, 0, NULL, 0);
    for (int i = 0; i < ZSL_MAXLEVEL; i++) {
        *node_fwd_ref(sl->head, i) = NULL;
        node_set_span(sl->head, i, 0);
    }
    sl->tail = NULL;
    sl->length = 0;
    sl->level = 1;
    sl->node_bytes = 0;
    zi_init(&sl->index, expected);
    return sl;
}

static void zsl_free(struct zskiplist *sl)
{
    struct znode *n = node_fwd(sl->head, 0);
    while (n) {
        struct znode *next = node_fwd(n, 0);
        mem_free(node_base(n));
        n = next;
    }
    mem_free(node_base(sl->head));
    zi_free(&sl->index);
    mem_free(sl);
}

/* Links node x at its place (Redis's zslInsert, for a node already made). */
static void zsl_link(struct zskiplist *sl, struct znode *x)
{
    struct znode *update[ZSL_MAXLEVEL], *p = sl->head;
    uint64_t rank[ZSL_MAXLEVEL];
    size_t len;
    const char *m = node_member(x, &len);
    double score = node_score(x);
    for (int i = sl->level - 1; i >= 0; i--) {
        rank[i] = i == sl->level - 1 ? 0 : rank[i + 1];
        struct znode *f;
        while ((f = node_fwd(p, i)) && node_before(f, score, m, len)) {
            rank[i] += node_span(p, i);
            p = f;
        }
        update[i] = p;
    }
    int level = node_level(x);
    if (level > sl->level) {
        for (int i = sl->level; i < level; i++) {
            rank[i] = 0;
            update[i] = sl->head;
            node_set_span(sl->head, i, (uint32_t)sl->length);
        }
        sl->level = level;
    }
    for (int i = 0; i < level; i++) {
        uint32_t before = (uint32_t)(rank[0] - rank[i]), span = node_span(update[i], i);
        *node_fwd_ref(x, i) = node_fwd(update[i], i);
        *node_fwd_ref(update[i], i) = x;
        node_set_span(x, i, span - before);
        node_set_span(update[i], i, before + 1);
    }
    for (int i = level; i < sl->level; i++)
        node_set_span(update[i], i, node_span(update[i], i) + 1);
    if (!node_fwd(x, 0)) sl->tail = x;
    sl->length++;
}

/* Unlinks x, whose predecessors at each level are update[] (Redis's zslDeleteNode). */
static void zsl_unlink(struct zskiplist *sl, struct znode *x, struct znode **update)
{
    for (int i = 0; i < sl->level; i++) {
        if (node_fwd(update[i], i) == x) {
            uint32_t span = node_span(update[i], i) + node_span(x, i) - 1;
            *node_fwd_ref(update[i], i) = node_fwd(x, i);
            node_set_span(update[i], i, span);
        } else {
            node_set_span(update[i], i, node_span(update[i], i) - 1);
        }
    }
    if (sl->tail == x) sl->tail = update[0] == sl->head ? NULL : update[0];
    while (sl->level > 1 && !node_fwd(sl->head, sl->level - 1))
        sl->level--;
    sl->length--;
}

/* The predecessors of node x at every level. */
static void zsl_path(const struct zskiplist *sl, const struct znode *x, struct znode **update)
{
    size_t len;
    const char *m = node_member(x, &len);
    double score = node_score(x);
    struct znode *p = sl->head;
    for (int i = sl->level - 1; i >= 0; i--) {
        struct znode *f;
        while ((f = node_fwd(p, i)) && f != x && node_before(f, score, m, len))
            p = f;
        update[i] = p;
    }
}

static struct znode *zsl_insert(struct zskiplist *sl, double score, const char *m, size_t len,
                                uint64_t h)
{
    struct znode *x = node_new(zsl_random_level(), score, m, len);
    sl->node_bytes += mem_usable(node_base(x));
    zsl_link(sl, x);
    zi_add(&sl->index, x, h);
    return x;
}

static void zsl_free_node(struct zskiplist *sl, struct znode *x)
{
    size_t len;
    const char *m = node_member(x, &len);
    zi_remove(&sl->index, m, len, dict_hash(m, len));
    sl->node_bytes -= mem_usable(node_base(x));
    mem_free(node_base(x));
}

/* Moves node x to a new score, in place when its neighbours allow (Redis's zslUpdateScore). */
static void zsl_update_score(struct zskiplist *sl, struct znode *x, double score)
{
    struct znode *update[ZSL_MAXLEVEL];
    zsl_path(sl, x, update);
    size_t len;
    const char *m = node_member(x, &len);
    struct znode *next = node_fwd(x, 0);
    if ((update[0] == sl->head || node_before(update[0], score, m, len)) &&
        (!next || !node_before(next, score, m, len))) {
        node_set_score(x, score);
        return;
    }
    zsl_unlink(sl, x, update);
    node_set_score(x, score);
    zsl_link(sl, x);
}

/* 1-based rank of node x. */
static uint64_t zsl_rank(const struct zskiplist *sl, const struct znode *x)
{
    size_t len;
    const char *m = node_member(x, &len);
    double score = node_score(x);
    const struct znode *p = sl->head;
    uint64_t rank = 0;
    for (int i = sl->level - 1; i >= 0; i--) {
        struct znode *f;
        while ((f = node_fwd(p, i)) && (f == x || node_before(f, score, m, len))) {
            rank += node_span(p, i);
            p = f;
        }
        if (p == x) return rank;
    }
    return 0;
}

/* The node at a 1-based rank, or NULL. */
static struct znode *zsl_at_rank(const struct zskiplist *sl, uint64_t rank)
{
    struct znode *p = sl->head;
    uint64_t traversed = 0;
    for (int i = sl->level - 1; i >= 0; i--) {
        struct znode *f;
        while ((f = node_fwd(p, i)) && traversed + node_span(p, i) <= rank) {
            traversed += node_span(p, i);
            p = f;
        }
        if (traversed == rank) return p == sl->head ? NULL : p;
    }
    return NULL;
}

/* How many leading members satisfy a prefix predicate. */
static uint64_t zsl_prefix(const struct zskiplist *sl, const struct prefix_test *t)
{
    const struct znode *p = sl->head;
    uint64_t rank = 0;
    for (int i = sl->level - 1; i >= 0; i--) {
        struct znode *f;
        while ((f = node_fwd(p, i))) {
            size_t len;
            const char *m = node_member(f, &len);
            if (!prefix_holds(t, node_score(f), m, len)) break;
            rank += node_span(p, i);
            p = f;
        }
    }
    return rank;
}

static uint64_t zsl_delete_ranks(struct zskiplist *sl, uint64_t start, uint64_t count)
{
    struct znode *update[ZSL_MAXLEVEL], *p = sl->head;
    uint64_t traversed = 0;
    for (int i = sl->level - 1; i >= 0; i--) {
        struct znode *f;
        while ((f = node_fwd(p, i)) && traversed + node_span(p, i) <= start) {
            traversed += node_span(p, i);
            p = f;
        }
        update[i] = p;
    }
    uint64_t removed = 0;
    struct znode *x = node_fwd(p, 0);
    while (x && removed < count) {
        struct znode *next = node_fwd(x, 0);
        zsl_unlink(sl, x, update);
        zsl_free_node(sl, x);
        removed++;
        x = next;
    }
    return removed;
}

/* ---- the value ---- */

/* Exactly one encoding is present. */
struct zsetobj {
    struct listpack *lp;
    struct zskiplist *sl;
};

/* Redis's lpSafeToAdd: a listpack stays under 1 GiB. */
#define LP_SAFE_BYTES (UINT64_C(1) << 30)

struct zsetobj *zsetobj_new(void)
{
    struct zsetobj *z = mem_alloc(sizeof *z);
    z->lp = lp_new();
    z->sl = NULL;
    return z;
}

struct zsetobj *zsetobj_new_skiplist(void)
{
    struct zsetobj *z = mem_alloc(sizeof *z);
    z->lp = NULL;
    z->sl = zsl_new(0);
    return z;
}

void zsetobj_free(struct zsetobj *z)
{
    if (z->lp) lp_free(z->lp);
    if (z->sl) zsl_free(z->sl);
    mem_free(z);
}

uint64_t zsetobj_len(const struct zsetobj *z)
{
    return z->lp ? lp_count(z->lp) / 2 : z->sl->length;
}

const char *zsetobj_encoding(const struct zsetobj *z)
{
    return z->lp ? "listpack" : "skiplist";
}

size_t zsetobj_usage(const struct zsetobj *z)
{
    size_t n = mem_usable(z);
    if (z->lp) return n + lp_usage(z->lp);
    const struct zskiplist *sl = z->sl;
    return n + mem_usable(sl) + mem_usable(node_base(sl->head)) + sl->node_bytes +
           zi_usage(&sl->index);
}

static void convert_to_skiplist(struct zsetobj *z)
{
    struct listpack *lp = z->lp;
    struct zskiplist *sl = zsl_new(lp_count(lp) / 2 + 1);
    struct lp_pair p;
    for (size_t pos = lp_first(lp); pos != LP_NONE; pos = lp_pair_next(lp, pos)) {
        lp_pair_read(lp, pos, &p);
        zsl_insert(sl, p.score, p.m, p.mlen, dict_hash(p.m, p.mlen));
    }
    lp_free(lp);
    z->lp = NULL;
    z->sl = sl;
}

void zsetobj_compact(struct zsetobj *z)
{
    if (!z->sl || z->sl->length > (uint64_t)g_config.zset_max_listpack_entries) return;
    uint64_t bytes = 0;
    for (const struct znode *x = node_fwd(z->sl->head, 0); x; x = node_fwd(x, 0)) {
        size_t len;
        node_member(x, &len);
        if (len > (size_t)g_config.zset_max_listpack_value) return;
        bytes += lp_entry_size(len) + lp_entry_size(8);
    }
    if (bytes > LP_SAFE_BYTES) return;
    struct listpack *lp = lp_new();
    for (const struct znode *x = node_fwd(z->sl->head, 0); x; x = node_fwd(x, 0)) {
        size_t len;
        const char *m = node_member(x, &len);
        unsigned char sbuf[8];
        size_t slen = score_encode(node_score(x), sbuf);
        lp = lp_append(lp, m, len);
        lp = lp_append(lp, (const char *)sbuf, slen);
    }
    zsl_free(z->sl);
    z->sl = NULL;
    z->lp = lp;
}

struct zsetobj *zsetobj_dup(const struct zsetobj *z)
{
    struct zsetobj *n = mem_alloc(sizeof *n);
    n->lp = NULL;
    n->sl = NULL;
    if (z->lp) {
        n->lp = lp_dup(z->lp);
        return n;
    }
    n->sl = zsl_new(z->sl->length);
    for (const struct znode *x = node_fwd(z->sl->head, 0); x; x = node_fwd(x, 0)) {
        size_t len;
        const char *m = node_member(x, &len);
        zsl_insert(n->sl, node_score(x), m, len, dict_hash(m, len));
    }
    return n;
}

int zsetobj_score(const struct zsetobj *z, const char *m, size_t len, double *score)
{
    if (z->lp) {
        size_t pos = lp_member_pos(z->lp, m, len);
        if (pos == LP_NONE) return 0;
        struct lp_pair p;
        lp_pair_read(z->lp, pos, &p);
        *score = p.score;
        return 1;
    }
    const struct znode *x = zi_find(&z->sl->index, m, len, dict_hash(m, len));
    if (!x) return 0;
    *score = node_score(x);
    return 1;
}

int zsetobj_set(struct zsetobj *z, const char *m, size_t len, double score)
{
    if (z->lp) {
        size_t pos = lp_member_pos(z->lp, m, len);
        if (pos != LP_NONE) {
            z->lp = lp_delete(z->lp, pos, 2);
            z->lp = lp_insert_sorted(z->lp, m, len, score);
            return 0;
        }
        uint64_t count = lp_count(z->lp) / 2;
        if (count + 1 <= (uint64_t)g_config.zset_max_listpack_entries &&
            len <= (size_t)g_config.zset_max_listpack_value &&
            lp_bytes(z->lp) + lp_entry_size(len) + lp_entry_size(8) <= LP_SAFE_BYTES) {
            z->lp = lp_insert_sorted(z->lp, m, len, score);
            return 1;
        }
        convert_to_skiplist(z);
    }
    uint64_t h = dict_hash(m, len);
    struct znode *x = zi_find(&z->sl->index, m, len, h);
    if (x) {
        zsl_update_score(z->sl, x, score);
        return 0;
    }
    zsl_insert(z->sl, score, m, len, h);
    return 1;
}

int zsetobj_del(struct zsetobj *z, const char *m, size_t len)
{
    if (z->lp) {
        size_t pos = lp_member_pos(z->lp, m, len);
        if (pos == LP_NONE) return 0;
        z->lp = lp_delete(z->lp, pos, 2);
        return 1;
    }
    struct znode *x = zi_find(&z->sl->index, m, len, dict_hash(m, len));
    if (!x) return 0;
    struct znode *update[ZSL_MAXLEVEL];
    zsl_path(z->sl, x, update);
    zsl_unlink(z->sl, x, update);
    zsl_free_node(z->sl, x);
    return 1;
}

int64_t zsetobj_rank(const struct zsetobj *z, const char *m, size_t len, int reverse)
{
    uint64_t n = zsetobj_len(z), rank = 0;
    if (z->lp) {
        size_t pos = lp_first(z->lp);
        for (; pos != LP_NONE; pos = lp_pair_next(z->lp, pos), rank++) {
            size_t elen;
            const char *e = lp_get(z->lp, pos, &elen);
            if (elen == len && memcmp(e, m, len) == 0) break;
        }
        if (pos == LP_NONE) return -1;
    } else {
        const struct znode *x = zi_find(&z->sl->index, m, len, dict_hash(m, len));
        if (!x) return -1;
        rank = zsl_rank(z->sl, x) - 1;
    }
    return (int64_t)(reverse ? n - 1 - rank : rank);
}

static uint64_t prefix_len(const struct zsetobj *z, const struct prefix_test *t)
{
    if (z->sl) return zsl_prefix(z->sl, t);
    uint64_t n = 0;
    struct lp_pair p;
    for (size_t pos = lp_first(z->lp); pos != LP_NONE; pos = lp_pair_next(z->lp, pos), n++) {
        lp_pair_read(z->lp, pos, &p);
        if (!prefix_holds(t, p.score, p.m, p.mlen)) break;
    }
    return n;
}

static uint64_t span_of(const struct zsetobj *z, struct prefix_test *t, uint64_t *first)
{
    t->upto_max = 0;
    uint64_t below = prefix_len(z, t);
    t->upto_max = 1;
    uint64_t upto = prefix_len(z, t);
    if (upto <= below) return 0;
    *first = below;
    return upto - below;
}

uint64_t zsetobj_score_span(const struct zsetobj *z, const struct zscore_range *r, uint64_t *first)
{
    struct prefix_test t = {r, NULL, 0};
    return span_of(z, &t, first);
}

uint64_t zsetobj_lex_span(const struct zsetobj *z, const struct zlex_range *r, uint64_t *first)
{
    struct prefix_test t = {NULL, r, 0};
    return span_of(z, &t, first);
}

uint64_t zsetobj_delete_ranks(struct zsetobj *z, uint64_t start, uint64_t count)
{
    uint64_t n = zsetobj_len(z);
    if (start >= n || count == 0) return 0;
    if (count > n - start) count = n - start;
    if (z->sl) return zsl_delete_ranks(z->sl, start, count);
    size_t pos = lp_seek(z->lp, (long)(2 * start));
    z->lp = lp_delete(z->lp, pos, (uint32_t)(2 * count));
    return count;
}

/* ---- iteration ---- */

void zsetobj_iter_init(struct zset_iter *it, const struct zsetobj *z, uint64_t rank, int reverse)
{
    uint64_t n = zsetobj_len(z);
    it->z = z;
    it->reverse = reverse;
    it->rank = rank;
    it->pos = LP_NONE;
    it->node = NULL;
    it->nbatch = 0;
    if (rank >= n) {
        it->rank = n; /* nothing left either way */
        it->reverse = 0;
        return;
    }
    if (z->lp)
        it->pos = lp_seek(z->lp, (long)(2 * rank));
    else if (!reverse)
        it->node = zsl_at_rank(z->sl, rank + 1);
}

/* Reverse skiplist walks fill a batch: the run of nodes ending at it->rank, found from its
 * first rank and walked forwards. */
static void iter_fill_batch(struct zset_iter *it)
{
    uint64_t lo = it->rank + 1 >= ZSET_ITER_BATCH ? it->rank + 1 - ZSET_ITER_BATCH : 0;
    const struct znode *x = zsl_at_rank(it->z->sl, lo + 1);
    it->nbatch = 0;
    for (uint64_t r = lo; r <= it->rank; r++, x = node_fwd(x, 0))
        it->batch[it->nbatch++] = x;
}

int zsetobj_iter_next(struct zset_iter *it, const char **m, size_t *len, double *score)
{
    const struct zsetobj *z = it->z;
    if (!it->reverse && it->rank >= zsetobj_len(z)) return 0;
    if (it->reverse && it->rank == UINT64_MAX) return 0;
    if (z->lp) {
        struct lp_pair p;
        lp_pair_read(z->lp, it->pos, &p);
        *m = p.m;
        *len = p.mlen;
        *score = p.score;
        it->pos = it->reverse ? lp_pair_prev(z->lp, it->pos) : lp_pair_next(z->lp, it->pos);
    } else {
        const struct znode *x;
        if (it->reverse) {
            if (it->nbatch == 0) iter_fill_batch(it);
            x = it->batch[--it->nbatch];
        } else {
            x = it->node;
            it->node = node_fwd(x, 0);
        }
        *m = node_member(x, len);
        *score = node_score(x);
    }
    if (it->reverse)
        it->rank--; /* wraps to UINT64_MAX past rank 0: the end */
    else
        it->rank++;
    return 1;
}

/* ---- scan ---- */

uint64_t zsetobj_scan(const struct zsetobj *z, uint64_t cursor, uint64_t count,
                      void (*fn)(const char *m, size_t len, double score, void *arg), void *arg)
{
    if (z->lp) {
        struct lp_pair p;
        for (size_t pos = lp_first(z->lp); pos != LP_NONE; pos = lp_pair_next(z->lp, pos)) {
            lp_pair_read(z->lp, pos, &p);
            fn(p.m, p.mlen, p.score, arg);
        }
        return 0;
    }
    uint64_t visited = 0, steps = count > UINT64_MAX / 10 ? UINT64_MAX : count * 10;
    do {
        cursor = zi_scan_step(&z->sl->index, cursor, fn, arg, &visited);
    } while (cursor && steps-- && visited < count);
    return cursor;
}
