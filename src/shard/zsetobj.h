/* Sorted-set values in Redis 7.0's two encodings: a listpack of member/score pairs kept in
 * (score, member) order while the set is small, and past the zset-max-listpack-* thresholds
 * (one way, as Redis) a skiplist with spans, for ranks in O(log n), plus a member index for
 * O(1) scores. Used by the thread holding the value's shard.
 *
 * Members are ordered by score, then by their bytes (memcmp, the shorter first on a tie).
 * Ranks count from 0 at the lowest score. A sorted set holds at most 2^32 - 1 members. */
#ifndef TESSERA_ZSETOBJ_H
#define TESSERA_ZSETOBJ_H

#include <stddef.h>
#include <stdint.h>

struct zsetobj;

/* A score interval; minex/maxex make an end exclusive ("(1.5"). */
struct zscore_range {
    double min, max;
    int minex, maxex;
};

/* One end of a lexicographic interval: "[x" (inclusive), "(x" (exclusive), "-" or "+". */
enum zlex_kind { ZLEX_INCL, ZLEX_EXCL, ZLEX_MIN, ZLEX_MAX };

struct zlex_bound {
    const char *s;
    size_t len;
    enum zlex_kind kind;
};

struct zlex_range {
    struct zlex_bound min, max;
};

/* An empty set, in the listpack encoding. */
struct zsetobj *zsetobj_new(void);
/* An empty set in the skiplist encoding from the start, for results that Redis builds as
 * skiplists (its scores keep their sign: -0 stays -0). */
struct zsetobj *zsetobj_new_skiplist(void);
/* Moves a skiplist to the listpack encoding when it fits the thresholds, as Redis's
 * zsetConvertToListpackIfNeeded does for stored results. */
void zsetobj_compact(struct zsetobj *z);
void zsetobj_free(struct zsetobj *z);
struct zsetobj *zsetobj_dup(const struct zsetobj *z);
/* Bytes held by every allocation of the value (MEMORY USAGE). */
size_t zsetobj_usage(const struct zsetobj *z);
/* OBJECT ENCODING's name: "listpack" or "skiplist". */
const char *zsetobj_encoding(const struct zsetobj *z);
uint64_t zsetobj_len(const struct zsetobj *z);

/* The score of a member: 1 with *score set, 0 if absent. */
int zsetobj_score(const struct zsetobj *z, const char *m, size_t len, double *score);
/* Adds a member or moves an existing one to a new score (score is not NaN); returns 1 when the
 * member is new. May convert the encoding. */
int zsetobj_set(struct zsetobj *z, const char *m, size_t len, double score);
/* Removes a member; returns 1 when it was there. */
int zsetobj_del(struct zsetobj *z, const char *m, size_t len);
/* The member's rank, counted from the highest score when reverse; -1 if absent. */
int64_t zsetobj_rank(const struct zsetobj *z, const char *m, size_t len, int reverse);

/* The members inside a range occupy consecutive ranks: these return how many, and the first
 * rank in *first when there is at least one. */
uint64_t zsetobj_score_span(const struct zsetobj *z, const struct zscore_range *r, uint64_t *first);
uint64_t zsetobj_lex_span(const struct zsetobj *z, const struct zlex_range *r, uint64_t *first);

/* Removes the members at ranks [start, start + count) (clipped to the set); returns how many. */
uint64_t zsetobj_delete_ranks(struct zsetobj *z, uint64_t start, uint64_t count);

/* Walks members from a rank, upwards or (reverse) downwards. The strings it hands out stay
 * valid until the set changes; the set must not change during the walk. */
#define ZSET_ITER_BATCH 32
struct zset_iter {
    const struct zsetobj *z;
    int reverse;
    uint64_t rank; /* rank of the next member */
    size_t pos;    /* listpack: position of the next member */
    const void *node;
    const void *batch[ZSET_ITER_BATCH]; /* skiplist, reverse: nodes of a run, ascending */
    unsigned nbatch;
};

void zsetobj_iter_init(struct zset_iter *it, const struct zsetobj *z, uint64_t rank, int reverse);
/* The next member: 1 with *m, *len and *score set, 0 past the end. */
int zsetobj_iter_next(struct zset_iter *it, const char **m, size_t *len, double *score);

/* One step of a SCAN over the members, Redis's reverse-binary cursor: calls fn for the members
 * of a few buckets of the member index (every member at once for a listpack) until about
 * `count` were visited, and returns the next cursor (0 when done). Members present for the whole
 * scan are visited at least once, even while the index resizes. */
uint64_t zsetobj_scan(const struct zsetobj *z, uint64_t cursor, uint64_t count,
                      void (*fn)(const char *m, size_t len, double score, void *arg), void *arg);

#endif
