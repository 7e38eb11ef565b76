/* Stream values as Redis 7.0 keeps them: entries (an ID and field/value pairs) in ID order,
 * packed into nodes of Redis's listpack layout (streamlp.h), each node keyed by its master ID
 * (the ID of the first entry put in it, its fields the node's master fields). Redis keeps the
 * nodes in a radix tree; here they sit in an array ordered by master ID with a gap at its head:
 * appends and trims at the head are amortized O(1), finding an ID's node is a binary search.
 * Entry layout, node splitting, deletion marks and trimming follow Redis's t_stream.c, so a
 * stream's nodes are byte for byte Redis's and RDB writes them as they are (docs/streams.md).
 * Used by the thread holding the value's shard. */
#ifndef TESSERA_STREAMOBJ_H
#define TESSERA_STREAMOBJ_H

#include <stddef.h>
#include <stdint.h>

#include "shard/streamlp.h"

struct stream_id {
    uint64_t ms, seq;
};

/* Entry flags inside a node. */
#define STREAM_ITEM_DELETED    1 /* a tombstone, skipped by reads */
#define STREAM_ITEM_SAMEFIELDS 2 /* the node's master fields: only the values are stored */

/* The most a single entry's strings may take together, and the most a node may grow to. */
#define STREAM_LISTPACK_MAX_SIZE (1u << 30)
/* Room a new node starts with (Redis's STREAM_LISTPACK_MAX_PRE_ALLOCATE). */
#define STREAM_NODE_PREALLOC 4096

struct stream_node {
    struct stream_id master;
    unsigned char *lp;
};

struct streamobj {
    uint64_t length;              /* live entries */
    uint64_t entries_added;       /* every entry ever added (XINFO entries-added) */
    struct stream_id last_id;     /* the greatest ID ever added or set (XSETID) */
    struct stream_id first_id;    /* the first live entry's, 0-0 when empty */
    struct stream_id max_deleted; /* the greatest ID deleted by XDEL (or XSETID) */
    /* nodes[head .. head + n), ascending master IDs */
    struct stream_node *nodes;
    size_t head, n, cap;
};

/* ---- IDs ---- */

int stream_id_cmp(const struct stream_id *a, const struct stream_id *b);
/* The next / previous ID; -1 (and the ID wrapped to 0-0 / max) when there is none. */
int stream_id_incr(struct stream_id *id);
int stream_id_decr(struct stream_id *id);
static inline int stream_id_is_zero(const struct stream_id *id)
{
    return id->ms == 0 && id->seq == 0;
}
/* Redis's streamGenericParseIDOrReply: "ms-seq", "ms" (seq = missing_seq), "-" and "+" unless
 * strict, and "ms-*" when seq_given is not NULL (*seq_given 0 then). The argument is read as
 * Redis reads it, as a C string of at most 127 bytes, numbers by its string2ull. 0 or -1. */
int stream_id_parse(const char *s, size_t len, uint64_t missing_seq, int strict, int *seq_given,
                    struct stream_id *out);
/* "ms-seq" into buf (at least STREAM_ID_STR bytes); returns its length. */
#define STREAM_ID_STR 44
int stream_id_format(char *buf, const struct stream_id *id);

/* ---- the value ---- */

struct streamobj *streamobj_new(void);
void streamobj_free(struct streamobj *s);
struct streamobj *streamobj_dup(const struct streamobj *s);
/* Bytes held by every allocation of the value (MEMORY USAGE). */
size_t streamobj_usage(const struct streamobj *s);
static inline uint64_t streamobj_len(const struct streamobj *s)
{
    return s->length;
}

/* The ID an XADD adds: given (NULL: from now_ms, or after the last ID when the clock is behind
 * it), seq_given 0 for "ms-*". 0 with *out; -1 when that ID is not above the last one, or the
 * sequence of that millisecond is exhausted (Redis's EDOM), or (after an XSETID below the tail
 * node's tombstones) it is not above the tail node's master ID. */
int streamobj_next_id(const struct streamobj *s, const struct stream_id *given, int seq_given,
                      uint64_t now_ms, struct stream_id *out);

/* The strings of the entry being appended: field 2k and its value 2k + 1. */
typedef void (*stream_str_fn)(const void *arg, size_t i, const char **p, size_t *len);

/* Appends an entry of nfields pairs with id (above last_id: see streamobj_next_id). A node takes
 * new entries while it is under node_max_bytes (0: no limit but 1 GiB) and node_max_entries
 * (live and deleted; 0: no limit). Returns 0, or -1 when the strings are too large together
 * (STREAM_LISTPACK_MAX_SIZE; nothing added). */
int streamobj_append(struct streamobj *s, const struct stream_id *id, size_t nfields,
                     stream_str_fn str, const void *arg, long long node_max_bytes,
                     long long node_max_entries);

/* Deletes the live entry id (XDEL): 1 when it was there, 0 otherwise. Keeps first_id and
 * max_deleted as Redis's XDEL does. */
int streamobj_delete(struct streamobj *s, const struct stream_id *id);

enum stream_trim_strategy { STREAM_TRIM_NONE, STREAM_TRIM_MAXLEN, STREAM_TRIM_MINID };

struct stream_trim {
    enum stream_trim_strategy strategy;
    int approx;      /* `~`: whole nodes only */
    long long limit; /* most entries to remove, 0: no limit */
    long long maxlen;
    struct stream_id minid;
};

/* Redis's streamTrim: removes entries from the head; returns how many. */
int64_t streamobj_trim(struct streamobj *s, const struct stream_trim *t);

/* The last live ID (Redis's streamLastValidID); 0 when the stream has none. */
int streamobj_last_valid_id(const struct streamobj *s, struct stream_id *id);
/* The first or last ID, tombstones included unless skip_tombstones (streamGetEdgeID); when
 * there is none: max for first, 0-0 for last. */
void streamobj_edge_id(const struct streamobj *s, int first, int skip_tombstones,
                       struct stream_id *id);

/* The nodes of the radix tree Redis would hold for these node keys (XINFO radix-tree-nodes). */
uint64_t streamobj_rax_nodes(const struct streamobj *s);

/* ---- reading entries ---- */

/* Walks the entries with IDs in [start, end] (NULL: unbounded), ascending or (rev) descending,
 * skipping tombstones. The strings it hands out stay valid until the next call; the stream must
 * not change during the walk. */
struct stream_iter {
    const struct streamobj *s;
    struct stream_id start, end;
    int rev, done, skip_tombstones; /* skip_tombstones: 1 unless set after init */
    size_t next_node;        /* index (from head) of the node to enter next (rev: plus one) */
    size_t cur_node;         /* the node of the entry handed out last */
    const unsigned char *lp; /* the node being walked, NULL between nodes */
    size_t pos;              /* the cursor in it */
    struct stream_id master;
    int64_t master_fields;
    size_t master_fields_start, master_fields_ptr;
    size_t flags_pos; /* where the entry handed out last starts */
    int64_t entry_flags;
    int64_t fields_left; /* of the entry handed out last */
    char fbuf[SLP_INTBUF], vbuf[SLP_INTBUF];
};

void stream_iter_init(struct stream_iter *it, const struct streamobj *s,
                      const struct stream_id *start, const struct stream_id *end, int rev);
/* The next entry: 1 with *id and *nfields set, 0 at the end. */
int stream_iter_next(struct stream_iter *it, struct stream_id *id, int64_t *nfields);
/* The next field and value of the entry stream_iter_next handed out (nfields calls). */
void stream_iter_field(struct stream_iter *it, const char **f, size_t *flen, const char **v,
                       size_t *vlen);

/* ---- nodes, for RDB ---- */

static inline size_t streamobj_node_count(const struct streamobj *s)
{
    return s->n;
}
static inline const struct stream_node *streamobj_node(const struct streamobj *s, size_t i)
{
    return &s->nodes[s->head + i];
}
/* Loading: appends a node read from outside whose listpack passed the byte-level check. Checks
 * that it holds stream entries as Redis writes them (counts, flags, field counts, lp-counts)
 * and that its master ID is above the previous node's; takes lp on success. 0 or -1. */
int streamobj_load_node(struct streamobj *s, const struct stream_id *master, unsigned char *lp);
/* Loading, after the nodes: 0 when length is the nodes' live entries, else -1. */
int streamobj_load_check(const struct streamobj *s, uint64_t length);

#endif
