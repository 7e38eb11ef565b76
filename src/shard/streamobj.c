/* Stream values (see streamobj.h): the node array, appends, deletion marks, trimming and the
 * entry walk, each following Redis 7.0's t_stream.c so that nodes come out byte for byte as
 * Redis's. Node layout (listpack elements):
 *
 *   master entry: count deleted num-fields field_1 .. field_N 0
 *   each entry:   flags ms-diff seq-diff [num-fields field_1] value_1 .. [field_N] value_N lp-count
 *
 * where fields are left out when the entry has the master's (STREAM_ITEM_SAMEFIELDS) and
 * lp-count is the number of elements before it in the entry, so a walk can go backwards.
 * Called by the thread holding the value's shard. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shard/streamobj.h"
#include "tessera/mem.h"
#include "tessera/util.h"

#define STREAM_ID_ARG_MAX 127 /* Redis parses IDs in a 128-byte buffer */
#define KEY_BYTES         16  /* a node key: the master ID as two big-endian 64-bit numbers */

/* ---- IDs ---- */

int stream_id_cmp(const struct stream_id *a, const struct stream_id *b)
{
    if (a->ms != b->ms) return a->ms > b->ms ? 1 : -1;
    if (a->seq != b->seq) return a->seq > b->seq ? 1 : -1;
    return 0;
}

int stream_id_incr(struct stream_id *id)
{
    if (id->seq != UINT64_MAX) {
        id->seq++;
        return 0;
    }
    if (id->ms != UINT64_MAX) {
        id->ms++;
        id->seq = 0;
        return 0;
    }
    id->ms = id->seq = 0;
    return -1;
}

int stream_id_decr(struct stream_id *id)
{
    if (id->seq != 0) {
        id->seq--;
        return 0;
    }
    if (id->ms != 0) {
        id->ms--;
        id->seq = UINT64_MAX;
        return 0;
    }
    id->ms = id->seq = UINT64_MAX;
    return -1;
}

/* Redis's string2ull over a C string: a canonical non-negative integer, else what strtoull
 * takes whole (leading blanks, a sign, leading zeros). */
static int parse_ull(const char *s, uint64_t *out)
{
    long long ll;
    if (str_to_ll(s, strlen(s), &ll)) {
        if (ll < 0) return 0;
        *out = (uint64_t)ll;
        return 1;
    }
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == EINVAL || errno == ERANGE || !(*s != '\0' && *end == '\0')) return 0;
    *out = v;
    return 1;
}

int stream_id_parse(const char *s, size_t len, uint64_t missing_seq, int strict, int *seq_given,
                    struct stream_id *out)
{
    char buf[STREAM_ID_ARG_MAX + 1];
    if (len > STREAM_ID_ARG_MAX) return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    int special = (buf[0] == '-' || buf[0] == '+') && buf[1] == '\0';
    if (strict && special) return -1;
    if (seq_given) *seq_given = 1;
    if (special) {
        out->ms = out->seq = buf[0] == '-' ? 0 : UINT64_MAX;
        return 0;
    }
    char *dash = strchr(buf, '-');
    if (dash) *dash = '\0';
    uint64_t ms, seq = missing_seq;
    if (!parse_ull(buf, &ms)) return -1;
    if (dash) {
        if (seq_given && dash[1] == '*' && dash[2] == '\0') {
            seq = 0;
            *seq_given = 0;
        } else if (!parse_ull(dash + 1, &seq)) {
            return -1;
        }
    }
    out->ms = ms;
    out->seq = seq;
    return 0;
}

int stream_id_format(char *buf, const struct stream_id *id)
{
    char *p = buf;
    for (int part = 0; part < 2; part++) {
        uint64_t v = part ? id->seq : id->ms;
        char tmp[24];
        int n = 0;
        do {
            tmp[n++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (n)
            *p++ = tmp[--n];
        if (!part) *p++ = '-';
    }
    *p = '\0';
    return (int)(p - buf);
}

/* ---- the node array ---- */

struct streamobj *streamobj_new(void)
{
    return mem_calloc(1, sizeof(struct streamobj));
}

void streamobj_free(struct streamobj *s)
{
    for (size_t i = 0; i < s->n; i++)
        slp_free(s->nodes[s->head + i].lp);
    mem_free(s->nodes);
    mem_free(s);
}

struct streamobj *streamobj_dup(const struct streamobj *s)
{
    struct streamobj *d = mem_alloc(sizeof *d);
    *d = *s;
    d->head = 0;
    d->cap = s->n;
    d->nodes = s->n ? mem_alloc(s->n * sizeof *d->nodes) : NULL;
    for (size_t i = 0; i < s->n; i++) {
        d->nodes[i].master = s->nodes[s->head + i].master;
        d->nodes[i].lp = slp_dup(s->nodes[s->head + i].lp);
    }
    return d;
}

size_t streamobj_usage(const struct streamobj *s)
{
    size_t n = mem_usable(s) + (s->nodes ? mem_usable(s->nodes) : 0);
    for (size_t i = 0; i < s->n; i++)
        n += mem_usable(s->nodes[s->head + i].lp);
    return n;
}

static struct stream_node *node_at(const struct streamobj *s, size_t i)
{
    return &s->nodes[s->head + i];
}

/* Appends a node at the tail: the gap at the head is reused before the array grows, so a
 * stream trimmed at the head and appended at the tail stays in one block. */
static struct stream_node *push_node(struct streamobj *s, const struct stream_id *master,
                                     unsigned char *lp)
{
    if (s->head + s->n == s->cap) {
        if (s->head > 0 && s->head >= s->n) {
            memmove(s->nodes, s->nodes + s->head, s->n * sizeof *s->nodes);
            s->head = 0;
        } else {
            s->cap = s->cap ? s->cap * 2 : 4;
            s->nodes = mem_realloc(s->nodes, s->cap * sizeof *s->nodes);
        }
    }
    struct stream_node *nd = node_at(s, s->n++);
    nd->master = *master;
    nd->lp = lp;
    return nd;
}

/* Drops node i (its listpack already freed). */
static void remove_node(struct streamobj *s, size_t i)
{
    if (i == 0) {
        s->head++;
    } else {
        struct stream_node *nd = node_at(s, i);
        memmove(nd, nd + 1, (s->n - i - 1) * sizeof *nd);
    }
    if (--s->n == 0) s->head = 0;
}

/* The last node whose master ID is at most id; -1 when every node's is above it. */
static long find_node(const struct streamobj *s, const struct stream_id *id)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (stream_id_cmp(&node_at(s, mid)->master, id) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

/* ---- appending ---- */

int streamobj_next_id(const struct streamobj *s, const struct stream_id *given, int seq_given,
                      uint64_t now_ms, struct stream_id *out)
{
    struct stream_id id;
    if (given && seq_given) {
        id = *given;
    } else if (given) {
        /* "ms-*": the next sequence of that millisecond, or 0 in a new one */
        if (s->last_id.ms == given->ms) {
            if (s->last_id.seq == UINT64_MAX) return -1;
            id = s->last_id;
            id.seq++;
        } else {
            id = *given;
        }
    } else if (now_ms > s->last_id.ms) {
        id.ms = now_ms;
        id.seq = 0;
    } else {
        id = s->last_id;
        stream_id_incr(&id);
    }
    if (stream_id_cmp(&id, &s->last_id) <= 0) return -1;
    /* XSETID may have set the last ID below tombstones of the tail node; Redis would then put
     * entries out of order (or a node under an existing key): refused here, so node keys stay
     * strictly ascending. */
    if (s->n && stream_id_cmp(&id, &node_at(s, s->n - 1)->master) <= 0) return -1;
    *out = id;
    return 0;
}

/* Whether the tail node takes another entry whose strings take `bytes` (Redis's checks). */
static int tail_has_room(const unsigned char *lp, size_t bytes, long long max_bytes,
                         long long max_entries)
{
    size_t limit = max_bytes <= 0 || (unsigned long long)max_bytes > STREAM_LISTPACK_MAX_SIZE
                       ? STREAM_LISTPACK_MAX_SIZE
                       : (size_t)max_bytes;
    if (slp_bytes(lp) + bytes >= limit) return 0;
    if (max_entries) {
        size_t p = slp_first(lp);
        int64_t count = slp_int(lp, p) + slp_int(lp, slp_next(lp, p));
        if (count >= max_entries) return 0;
    }
    return 1;
}

/* A new node for an entry with these fields: its master entry counts the entry already. */
static unsigned char *new_node(size_t nfields, stream_str_fn str, const void *arg,
                               long long max_bytes)
{
    size_t room = STREAM_NODE_PREALLOC;
    if (max_bytes > 0 && (unsigned long long)max_bytes < room) room = (size_t)max_bytes;
    unsigned char *lp = slp_new(room);
    lp = slp_append_int(lp, 1);
    lp = slp_append_int(lp, 0);
    lp = slp_append_int(lp, (int64_t)nfields);
    for (size_t i = 0; i < nfields; i++) {
        const char *f;
        size_t flen;
        str(arg, 2 * i, &f, &flen);
        lp = slp_append_str(lp, f, flen);
    }
    return slp_append_int(lp, 0);
}

/* Counts the entry in the tail node's master entry; returns whether its fields are the
 * master's, in order. */
static int count_in_tail(struct stream_node *nd, size_t nfields, stream_str_fn str, const void *arg)
{
    size_t p = slp_first(nd->lp);
    nd->lp = slp_replace_int(nd->lp, p, slp_int(nd->lp, p) + 1);
    p = slp_next(nd->lp, slp_next(nd->lp, p));
    int64_t master_fields = slp_int(nd->lp, p);
    if ((int64_t)nfields != master_fields) return 0;
    for (size_t i = 0; i < nfields; i++) {
        p = slp_next(nd->lp, p);
        const char *f, *m;
        size_t flen, mlen;
        char buf[SLP_INTBUF];
        str(arg, 2 * i, &f, &flen);
        m = slp_get(nd->lp, p, buf, &mlen);
        if (flen != mlen || memcmp(f, m, flen) != 0) return 0;
    }
    return 1;
}

int streamobj_append(struct streamobj *s, const struct stream_id *id, size_t nfields,
                     stream_str_fn str, const void *arg, long long node_max_bytes,
                     long long node_max_entries)
{
    size_t bytes = 0;
    for (size_t i = 0; i < 2 * nfields; i++) {
        const char *p;
        size_t len;
        str(arg, i, &p, &len);
        bytes += len;
        if (bytes > STREAM_LISTPACK_MAX_SIZE) return -1;
    }
    struct stream_node *nd = s->n ? node_at(s, s->n - 1) : NULL;
    if (nd && !tail_has_room(nd->lp, bytes, node_max_bytes, node_max_entries)) {
        nd->lp = slp_shrink(nd->lp); /* full: give back the room kept for appends */
        nd = NULL;
    }
    int flags = 0;
    if (!nd) {
        nd = push_node(s, id, new_node(nfields, str, arg, node_max_bytes));
        flags = STREAM_ITEM_SAMEFIELDS;
    } else if (count_in_tail(nd, nfields, str, arg)) {
        flags = STREAM_ITEM_SAMEFIELDS;
    }
    unsigned char *lp = nd->lp;
    lp = slp_append_int(lp, flags);
    lp = slp_append_int(lp, (int64_t)(id->ms - nd->master.ms));
    lp = slp_append_int(lp, (int64_t)(id->seq - nd->master.seq));
    if (!(flags & STREAM_ITEM_SAMEFIELDS)) lp = slp_append_int(lp, (int64_t)nfields);
    for (size_t i = 0; i < nfields; i++) {
        const char *p;
        size_t len;
        if (!(flags & STREAM_ITEM_SAMEFIELDS)) {
            str(arg, 2 * i, &p, &len);
            lp = slp_append_str(lp, p, len);
        }
        str(arg, 2 * i + 1, &p, &len);
        lp = slp_append_str(lp, p, len);
    }
    int64_t lp_count = (int64_t)nfields + 3;
    if (!(flags & STREAM_ITEM_SAMEFIELDS)) lp_count += (int64_t)nfields + 1;
    nd->lp = slp_append_int(lp, lp_count);
    s->length++;
    s->entries_added++;
    s->last_id = *id;
    if (s->length == 1) s->first_id = *id;
    return 0;
}

/* ---- walking entries ---- */

void stream_iter_init(struct stream_iter *it, const struct streamobj *s,
                      const struct stream_id *start, const struct stream_id *end, int rev)
{
    memset(it, 0, sizeof *it);
    it->s = s;
    it->rev = rev;
    it->skip_tombstones = 1;
    it->start = start ? *start : (struct stream_id){0, 0};
    it->end = end ? *end : (struct stream_id){UINT64_MAX, UINT64_MAX};
    /* The node that may hold the first ID of the walk: the last one starting at or before it. */
    if (!rev) {
        long i = start && !stream_id_is_zero(start) ? find_node(s, start) : 0;
        it->next_node = i < 0 ? 0 : (size_t)i;
    } else {
        long i = end && !stream_id_is_zero(end) ? find_node(s, end) : (long)s->n - 1;
        it->next_node = (size_t)(i + 1); /* 0: none */
    }
}

/* Enters the next node of the walk; 0 when there is none. The cursor ends on the master
 * entry's last field (forward) or on the node's last element (backward). */
static int enter_node(struct stream_iter *it)
{
    const struct streamobj *s = it->s;
    size_t i;
    if (!it->rev) {
        if (it->next_node >= s->n) return 0;
        i = it->next_node++;
    } else {
        if (it->next_node == 0) return 0;
        i = --it->next_node;
    }
    const struct stream_node *nd = node_at(s, i);
    it->cur_node = i;
    it->lp = nd->lp;
    it->master = nd->master;
    size_t p = slp_next(it->lp, slp_next(it->lp, slp_first(it->lp)));
    it->master_fields = slp_int(it->lp, p);
    p = slp_next(it->lp, p);
    it->master_fields_start = p;
    if (!it->rev) {
        for (int64_t k = 0; k < it->master_fields; k++)
            p = slp_next(it->lp, p);
        it->pos = p; /* the master entry's terminator */
    } else {
        it->pos = slp_last(it->lp);
    }
    return 1;
}

static size_t step_back(const unsigned char *lp, size_t p, int64_t times)
{
    while (times-- > 0)
        p = slp_prev(lp, p);
    return p;
}

/* Moves past the fields of the entry handed out last that were not read, so the cursor is on
 * its lp-count. */
static void skip_unread(struct stream_iter *it)
{
    int64_t n = it->fields_left * ((it->entry_flags & STREAM_ITEM_SAMEFIELDS) ? 1 : 2);
    for (; n > 0; n--)
        it->pos = slp_next(it->lp, it->pos);
    it->fields_left = 0;
}

int stream_iter_next(struct stream_iter *it, struct stream_id *id, int64_t *nfields)
{
    if (it->done) return 0;
    for (;;) {
        if (it->lp == NULL || it->pos == SLP_NONE) {
            if (!enter_node(it)) {
                it->done = 1;
                return 0;
            }
        } else if (it->rev) {
            /* from the lp-count of the entry handed out to the one before it */
            skip_unread(it);
            it->pos = step_back(it->lp, it->pos, slp_int(it->lp, it->pos));
            it->pos = slp_prev(it->lp, it->pos);
        } else {
            skip_unread(it);
        }
        for (;;) {
            const unsigned char *lp = it->lp;
            if (!it->rev) {
                it->pos = slp_next(lp, it->pos); /* past an lp-count or the terminator */
                if (it->pos == SLP_NONE) break;
            } else {
                int64_t lp_count = slp_int(lp, it->pos);
                if (lp_count == 0) { /* the master entry: this node is done */
                    it->lp = NULL;
                    break;
                }
                it->pos = step_back(lp, it->pos, lp_count);
            }
            size_t flags_pos = it->pos;
            int64_t flags = slp_int(lp, it->pos);
            it->pos = slp_next(lp, it->pos);
            *id = it->master;
            id->ms += (uint64_t)slp_int(lp, it->pos);
            it->pos = slp_next(lp, it->pos);
            id->seq += (uint64_t)slp_int(lp, it->pos);
            it->pos = slp_next(lp, it->pos);
            if (flags & STREAM_ITEM_SAMEFIELDS) {
                *nfields = it->master_fields;
            } else {
                *nfields = slp_int(lp, it->pos);
                it->pos = slp_next(lp, it->pos);
            }
            int live = !it->skip_tombstones || !(flags & STREAM_ITEM_DELETED);
            if (!it->rev && live && stream_id_cmp(id, &it->start) >= 0) {
                if (stream_id_cmp(id, &it->end) > 0) {
                    it->done = 1;
                    return 0;
                }
            } else if (it->rev && live && stream_id_cmp(id, &it->end) <= 0) {
                if (stream_id_cmp(id, &it->start) < 0) {
                    it->done = 1;
                    return 0;
                }
            } else {
                /* not handed out: on to the next entry, or back to the one before */
                if (!it->rev) {
                    int64_t n = (flags & STREAM_ITEM_SAMEFIELDS) ? *nfields : *nfields * 2;
                    for (int64_t k = 0; k < n; k++)
                        it->pos = slp_next(lp, it->pos);
                } else {
                    it->pos = step_back(lp, it->pos, (flags & STREAM_ITEM_SAMEFIELDS) ? 4 : 5);
                }
                continue;
            }
            it->flags_pos = flags_pos;
            it->entry_flags = flags;
            it->fields_left = *nfields;
            it->master_fields_ptr = it->master_fields_start;
            return 1;
        }
    }
}

void stream_iter_field(struct stream_iter *it, const char **f, size_t *flen, const char **v,
                       size_t *vlen)
{
    if (it->entry_flags & STREAM_ITEM_SAMEFIELDS) {
        *f = slp_get(it->lp, it->master_fields_ptr, it->fbuf, flen);
        it->master_fields_ptr = slp_next(it->lp, it->master_fields_ptr);
    } else {
        *f = slp_get(it->lp, it->pos, it->fbuf, flen);
        it->pos = slp_next(it->lp, it->pos);
    }
    *v = slp_get(it->lp, it->pos, it->vbuf, vlen);
    it->pos = slp_next(it->lp, it->pos);
    it->fields_left--;
}

void streamobj_edge_id(const struct streamobj *s, int first, int skip_tombstones,
                       struct stream_id *id)
{
    struct stream_iter it;
    int64_t nfields;
    stream_iter_init(&it, s, NULL, NULL, !first);
    it.skip_tombstones = skip_tombstones;
    if (!stream_iter_next(&it, id, &nfields)) {
        id->ms = id->seq = first ? UINT64_MAX : 0;
    }
}

int streamobj_last_valid_id(const struct streamobj *s, struct stream_id *id)
{
    struct stream_iter it;
    int64_t nfields;
    stream_iter_init(&it, s, NULL, NULL, 1);
    return stream_iter_next(&it, id, &nfields);
}

/* ---- deleting ---- */

/* Marks the entry at flags_pos of node i deleted and counts it so; a node left without live
 * entries goes (Redis's streamIteratorRemoveEntry). */
static void mark_deleted(struct streamobj *s, size_t i, size_t flags_pos)
{
    struct stream_node *nd = node_at(s, i);
    unsigned char *lp = nd->lp;
    lp = slp_replace_int(lp, flags_pos, slp_int(lp, flags_pos) | STREAM_ITEM_DELETED);
    size_t p = slp_first(lp);
    int64_t live = slp_int(lp, p);
    if (live == 1) {
        slp_free(lp);
        remove_node(s, i);
    } else {
        lp = slp_replace_int(lp, p, live - 1);
        p = slp_next(lp, p);
        lp = slp_replace_int(lp, p, slp_int(lp, p) + 1);
        nd->lp = lp;
    }
    s->length--;
}

int streamobj_delete(struct streamobj *s, const struct stream_id *id)
{
    struct stream_iter it;
    struct stream_id found;
    int64_t nfields;
    stream_iter_init(&it, s, id, id, 0);
    if (!stream_iter_next(&it, &found, &nfields)) return 0;
    mark_deleted(s, it.cur_node, it.flags_pos);
    if (stream_id_cmp(id, &s->max_deleted) > 0) s->max_deleted = *id;
    if (s->length == 0)
        s->first_id = (struct stream_id){0, 0};
    else if (stream_id_cmp(id, &s->first_id) == 0)
        streamobj_edge_id(s, 1, 1, &s->first_id);
    return 1;
}

/* ---- trimming ---- */

/* The ID of a node's last entry, tombstones included (lpGetEdgeStreamID); 0 when it has no
 * entry. */
static int node_last_id(const struct stream_node *nd, struct stream_id *id)
{
    const unsigned char *lp = nd->lp;
    size_t p = slp_last(lp);
    int64_t lp_count = slp_int(lp, p);
    if (lp_count == 0) return 0;
    p = slp_next(lp, step_back(lp, p, lp_count));
    *id = nd->master;
    id->ms += (uint64_t)slp_int(lp, p);
    id->seq += (uint64_t)slp_int(lp, slp_next(lp, p));
    return 1;
}

/* Marks entries of the head node deleted from its first one until the trim stops; returns how
 * many it marked. */
static int64_t trim_inside(struct streamobj *s, const struct stream_trim *t)
{
    struct stream_node *nd = node_at(s, 0);
    unsigned char *lp = nd->lp;
    uint64_t maxlen = (uint64_t)t->maxlen;
    size_t p = slp_next(lp, slp_next(lp, slp_first(lp)));
    int64_t master_fields = slp_int(lp, p), marked = 0;
    for (int64_t j = 0; j <= master_fields; j++)
        p = slp_next(lp, p);
    p = slp_next(lp, p); /* past the terminator: the first entry's flags */
    while (p != SLP_NONE) {
        size_t flags_pos = p;
        int64_t flags = slp_int(lp, p);
        p = slp_next(lp, p);
        struct stream_id cur = nd->master;
        cur.ms += (uint64_t)slp_int(lp, p);
        p = slp_next(lp, p);
        cur.seq += (uint64_t)slp_int(lp, p);
        p = slp_next(lp, p);
        int stop = t->strategy == STREAM_TRIM_MAXLEN ? s->length <= maxlen
                                                     : stream_id_cmp(&cur, &t->minid) >= 0;
        if (stop) break;
        int64_t skip = master_fields;
        if (!(flags & STREAM_ITEM_SAMEFIELDS)) {
            skip = slp_int(lp, p) * 2;
            p = slp_next(lp, p);
        }
        while (skip-- > 0)
            p = slp_next(lp, p);
        p = slp_next(lp, p); /* past the lp-count */
        if (!(flags & STREAM_ITEM_DELETED)) {
            size_t before = slp_bytes(lp);
            lp = slp_replace_int(lp, flags_pos, flags | STREAM_ITEM_DELETED);
            if (p != SLP_NONE) p = p + slp_bytes(lp) - before;
            marked++;
            s->length--;
        }
    }
    p = slp_first(lp);
    lp = slp_replace_int(lp, p, slp_int(lp, p) - marked);
    p = slp_next(lp, p);
    lp = slp_replace_int(lp, p, slp_int(lp, p) + marked);
    nd->lp = lp;
    return marked;
}

int64_t streamobj_trim(struct streamobj *s, const struct stream_trim *t)
{
    if (t->strategy == STREAM_TRIM_NONE) return 0;
    uint64_t maxlen = (uint64_t)t->maxlen;
    int64_t deleted = 0;
    while (s->n) {
        if (t->strategy == STREAM_TRIM_MAXLEN && s->length <= maxlen) break;
        struct stream_node *nd = node_at(s, 0);
        int64_t entries = slp_int(nd->lp, slp_first(nd->lp));
        if (t->limit && deleted + entries > t->limit) break;
        int whole;
        if (t->strategy == STREAM_TRIM_MAXLEN) {
            whole = s->length - (uint64_t)entries >= maxlen;
        } else {
            struct stream_id last = {0, 0};
            node_last_id(nd, &last);
            whole = stream_id_cmp(&last, &t->minid) < 0;
        }
        if (whole) {
            slp_free(nd->lp);
            remove_node(s, 0);
            s->length -= (uint64_t)entries;
            deleted += entries;
            continue;
        }
        if (!t->approx) deleted += trim_inside(s, t);
        break;
    }
    if (s->length == 0)
        s->first_id = (struct stream_id){0, 0};
    else if (deleted)
        streamobj_edge_id(s, 1, 1, &s->first_id);
    return deleted;
}

/* ---- the radix tree Redis would hold ---- */

static unsigned key_byte(const struct stream_id *id, int d)
{
    uint64_t v = d < 8 ? id->ms : id->seq;
    return (unsigned)(v >> (8 * (7 - d % 8))) & 0xff;
}

static int common_prefix(const struct stream_id *a, const struct stream_id *b)
{
    int d = 0;
    while (d < KEY_BYTES && key_byte(a, d) == key_byte(b, d))
        d++;
    return d;
}

/* Rax nodes for the keys of nodes [lo, hi), which share their first d bytes, under a node that
 * starts at depth d: a chain of single children is one compressed node, a branching point one
 * node whose children each start a node, and a key's end one (empty) node. */
static uint64_t rax_count(const struct streamobj *s, size_t lo, size_t hi, int d)
{
    if (d >= KEY_BYTES) return 1;
    if (hi - lo == 1) return 2;
    int branch = common_prefix(&node_at(s, lo)->master, &node_at(s, hi - 1)->master);
    uint64_t n = (branch > d) + 1;
    for (size_t i = lo; i < hi;) {
        size_t j = i + 1;
        unsigned b = key_byte(&node_at(s, i)->master, branch);
        while (j < hi && key_byte(&node_at(s, j)->master, branch) == b)
            j++;
        n += rax_count(s, i, j, branch + 1);
        i = j;
    }
    return n;
}

uint64_t streamobj_rax_nodes(const struct streamobj *s)
{
    return s->n ? rax_count(s, 0, s->n, 0) : 1;
}

/* ---- loading ---- */

static int take_int(const unsigned char *lp, size_t *p, int64_t *v)
{
    if (*p == SLP_NONE || !slp_get_int(lp, *p, v)) return -1;
    *p = slp_next(lp, *p);
    return 0;
}

static int take_any(const unsigned char *lp, size_t *p, int64_t n)
{
    for (; n > 0; n--) {
        if (*p == SLP_NONE) return -1;
        *p = slp_next(lp, *p);
    }
    return 0;
}

/* Redis's streamValidateListpackIntegrity (deep), and the node's counts agreeing with its
 * entries' flags, which trimming relies on. */
static int check_node(const unsigned char *lp)
{
    int64_t live, dead, master_fields, zero, bound = (int64_t)slp_bytes(lp);
    size_t p = slp_first(lp);
    if (take_int(lp, &p, &live) || take_int(lp, &p, &dead) || take_int(lp, &p, &master_fields))
        return -1;
    if (live < 0 || dead < 0 || master_fields < 0 || live > bound || dead > bound) return -1;
    if (take_any(lp, &p, master_fields) || take_int(lp, &p, &zero) || zero != 0) return -1;
    int64_t seen_live = 0, seen_dead = 0;
    for (int64_t e = 0; e < live + dead; e++) {
        int64_t flags, delta, fields = master_fields, extra = 3, lp_count;
        if (take_int(lp, &p, &flags) || take_int(lp, &p, &delta) || take_int(lp, &p, &delta))
            return -1;
        if (!(flags & STREAM_ITEM_SAMEFIELDS)) {
            if (take_int(lp, &p, &fields) || fields < 0 || fields > bound) return -1;
            if (take_any(lp, &p, fields)) return -1;
            extra += fields + 1;
        }
        if (take_any(lp, &p, fields) || take_int(lp, &p, &lp_count)) return -1;
        if (lp_count != fields + extra) return -1;
        if (flags & STREAM_ITEM_DELETED)
            seen_dead++;
        else
            seen_live++;
    }
    if (p != SLP_NONE || seen_live != live || seen_dead != dead) return -1;
    return 0;
}

int streamobj_load_node(struct streamobj *s, const struct stream_id *master, unsigned char *lp)
{
    if (slp_first(lp) == SLP_NONE || check_node(lp)) return -1;
    if (s->n && stream_id_cmp(master, &node_at(s, s->n - 1)->master) <= 0) return -1;
    push_node(s, master, lp);
    return 0;
}

int streamobj_load_check(const struct streamobj *s, uint64_t length)
{
    uint64_t live = 0;
    for (size_t i = 0; i < s->n; i++)
        live += (uint64_t)slp_int(node_at(s, i)->lp, slp_first(node_at(s, i)->lp));
    return live == length ? 0 : -1;
}
