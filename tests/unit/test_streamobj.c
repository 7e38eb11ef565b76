/* Unit tests of stream values: the ID rules (parsing as Redis parses, the next ID of XADD,
 * wrapping), appends checked against an array model through walks both ways and ranges, node
 * splitting by entries and bytes, deletes (tombstones, emptied nodes, first and max deleted
 * IDs), trims by MAXLEN and MINID exact, approximate and limited, the radix-tree node count,
 * copies, and the checks a loaded node must pass. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/streamlp.h"
#include "shard/streamobj.h"

#define N(a)          (sizeof(a) / sizeof((a)[0]))
#define NODE_BYTES    4096
#define NODE_ENTRIES  100
#define MAX_FIELDS    4
#define MODEL_ENTRIES 4000

/* ---- building entries ---- */

struct strs {
    const char *s[2 * MAX_FIELDS];
};

static void strs_get(const void *arg, size_t i, const char **p, size_t *len)
{
    const struct strs *a = arg;
    *p = a->s[i];
    *len = strlen(a->s[i]);
}

static struct stream_id sid(uint64_t ms, uint64_t seq)
{
    return (struct stream_id){ms, seq};
}

static void add(struct streamobj *s, uint64_t ms, uint64_t seq, const struct strs *fv, size_t nf)
{
    struct stream_id id = sid(ms, seq);
    cr_assert_eq(streamobj_append(s, &id, nf, strs_get, fv, NODE_BYTES, NODE_ENTRIES), 0);
}

/* ---- the model ---- */

struct ment {
    struct stream_id id;
    size_t nf;
    char f[MAX_FIELDS][12], v[MAX_FIELDS][24];
};

struct model {
    struct ment e[MODEL_ENTRIES];
    size_t n;
};

static void model_check_range(const struct streamobj *s, const struct model *m,
                              const struct stream_id *start, const struct stream_id *end, int rev,
                              uint64_t count)
{
    struct stream_iter it;
    struct stream_id id;
    int64_t nf;
    stream_iter_init(&it, s, start, end, rev);
    uint64_t got = 0;
    for (size_t k = 0; k < m->n; k++) {
        const struct ment *e = &m->e[rev ? m->n - 1 - k : k];
        if ((start && stream_id_cmp(&e->id, start) < 0) || (end && stream_id_cmp(&e->id, end) > 0))
            continue;
        if (count && got == count) break;
        cr_assert(stream_iter_next(&it, &id, &nf), "entry %zu missing", k);
        cr_assert_eq(stream_id_cmp(&id, &e->id), 0, "%llu-%llu != %llu-%llu",
                     (unsigned long long)id.ms, (unsigned long long)id.seq,
                     (unsigned long long)e->id.ms, (unsigned long long)e->id.seq);
        cr_assert_eq((size_t)nf, e->nf);
        /* every other entry is left unread: the walk must still find the next */
        if ((got & 1) == 0) {
            for (size_t j = 0; j < e->nf; j++) {
                const char *f, *v;
                size_t fl, vl;
                stream_iter_field(&it, &f, &fl, &v, &vl);
                cr_assert_eq(fl, strlen(e->f[j]));
                cr_assert_eq(memcmp(f, e->f[j], fl), 0);
                cr_assert_eq(vl, strlen(e->v[j]));
                cr_assert_eq(memcmp(v, e->v[j], vl), 0);
            }
        }
        got++;
    }
    if (!count || got < count) cr_assert_not(stream_iter_next(&it, &id, &nf), "extra entry");
}

static void model_check(const struct streamobj *s, const struct model *m)
{
    cr_assert_eq(streamobj_len(s), m->n);
    model_check_range(s, m, NULL, NULL, 0, 0);
    model_check_range(s, m, NULL, NULL, 1, 0);
    if (m->n) {
        cr_assert_eq(stream_id_cmp(&s->first_id, &m->e[0].id), 0);
        struct stream_id last;
        cr_assert(streamobj_last_valid_id(s, &last));
        cr_assert_eq(stream_id_cmp(&last, &m->e[m->n - 1].id), 0);
    } else {
        cr_assert(stream_id_is_zero(&s->first_id));
    }
}

static void model_add(struct streamobj *s, struct model *m, uint64_t ms, uint64_t seq,
                      unsigned seed)
{
    static const char *const fields[] = {"name", "age", "city", "7", "-12", "z"};
    struct ment *e = &m->e[m->n++];
    struct strs fv;
    e->id = sid(ms, seq);
    e->nf = 1 + seed % MAX_FIELDS;
    for (size_t j = 0; j < e->nf; j++) {
        /* mostly the same fields in the same order, so SAMEFIELDS entries are common */
        snprintf(e->f[j], sizeof e->f[j], "%s", fields[(seed / 7) % 5 ? j : (j + seed) % 6]);
        if (seed % 3 == 0)
            snprintf(e->v[j], sizeof e->v[j], "%d", (int)(seed * 7919u) - 100000);
        else
            snprintf(e->v[j], sizeof e->v[j], "v%u-%u", seed % 100000u, (unsigned)j);
        fv.s[2 * j] = e->f[j];
        fv.s[2 * j + 1] = e->v[j];
    }
    add(s, ms, seq, &fv, e->nf);
}

static void model_del(struct model *m, size_t i)
{
    memmove(&m->e[i], &m->e[i + 1], (m->n - i - 1) * sizeof m->e[0]);
    m->n--;
}

/* ---- IDs ---- */

static int parse(const char *s, int strict, int *seq_given, struct stream_id *id)
{
    return stream_id_parse(s, strlen(s), 7, strict, seq_given, id);
}

Test(streamobj, ids_parse_as_redis_does)
{
    struct stream_id id;
    int sg;
    cr_assert_eq(parse("5-3", 1, NULL, &id), 0);
    cr_assert(id.ms == 5 && id.seq == 3);
    cr_assert_eq(parse("5", 1, NULL, &id), 0);
    cr_assert(id.ms == 5 && id.seq == 7); /* the missing sequence */
    cr_assert_eq(parse("-", 0, NULL, &id), 0);
    cr_assert(id.ms == 0 && id.seq == 0);
    cr_assert_eq(parse("+", 0, NULL, &id), 0);
    cr_assert(id.ms == UINT64_MAX && id.seq == UINT64_MAX);
    cr_assert_eq(parse("-", 1, NULL, &id), -1);
    cr_assert_eq(parse("+", 1, NULL, &id), -1);
    cr_assert_eq(parse("5-*", 1, &sg, &id), 0);
    cr_assert(sg == 0 && id.ms == 5 && id.seq == 0);
    cr_assert_eq(parse("5-3", 1, &sg, &id), 0);
    cr_assert_eq(sg, 1);
    cr_assert_eq(parse("5-*", 1, NULL, &id), -1); /* only XADD takes ms-* */
    cr_assert_eq(parse("18446744073709551615-18446744073709551615", 1, NULL, &id), 0);
    cr_assert(id.ms == UINT64_MAX && id.seq == UINT64_MAX);
    cr_assert_eq(parse("18446744073709551616", 1, NULL, &id), -1);
    /* Redis's string2ull falls back on strtoull: blanks, a sign, leading zeros pass */
    cr_assert_eq(parse("007- 3", 1, NULL, &id), 0);
    cr_assert(id.ms == 7 && id.seq == 3);
    cr_assert_eq(parse("+4", 1, NULL, &id), 0);
    cr_assert_eq(id.ms, 4);
    cr_assert_eq(parse("1--01", 1, NULL, &id), 0);
    cr_assert_eq(id.seq, UINT64_MAX);
    const char *bad[] = {"", "abc", "1-", "-1", "1-x", "1-2-3", "1.5", "5-**", "0x10"};
    for (size_t i = 0; i < N(bad); i++)
        cr_assert_eq(parse(bad[i], 0, NULL, &id), -1, "%s", bad[i]);
    char long_id[200];
    memset(long_id, '0', sizeof long_id);
    long_id[199] = '\0';
    cr_assert_eq(parse(long_id, 0, NULL, &id), -1); /* past Redis's 128-byte buffer */
    /* read as a C string: what follows a NUL is not seen */
    cr_assert_eq(stream_id_parse("12\0zz", 5, 0, 1, NULL, &id), 0);
    cr_assert_eq(id.ms, 12);
}

Test(streamobj, ids_format_compare_and_wrap)
{
    char buf[STREAM_ID_STR];
    struct stream_id a = sid(UINT64_MAX, UINT64_MAX), b = sid(0, 0);
    cr_assert_eq(stream_id_format(buf, &a), 41);
    cr_assert_str_eq(buf, "18446744073709551615-18446744073709551615");
    stream_id_format(buf, &b);
    cr_assert_str_eq(buf, "0-0");
    cr_assert_eq(stream_id_cmp(&a, &b), 1);
    cr_assert_eq(stream_id_cmp(&b, &a), -1);
    struct stream_id c = sid(1, UINT64_MAX);
    cr_assert_eq(stream_id_incr(&c), 0);
    cr_assert(c.ms == 2 && c.seq == 0);
    cr_assert_eq(stream_id_decr(&c), 0);
    cr_assert(c.ms == 1 && c.seq == UINT64_MAX);
    cr_assert_eq(stream_id_incr(&a), -1);
    cr_assert(stream_id_is_zero(&a));
    cr_assert_eq(stream_id_decr(&b), -1);
    cr_assert(b.ms == UINT64_MAX && b.seq == UINT64_MAX);
}

Test(streamobj, next_id_rules)
{
    struct streamobj *s = streamobj_new();
    struct stream_id out, given = sid(5, 0);
    cr_assert_eq(streamobj_next_id(s, NULL, 1, 1000, &out), 0);
    cr_assert(out.ms == 1000 && out.seq == 0);
    s->last_id = sid(2000, 4);
    /* the clock behind the last ID: the next sequence of the last millisecond */
    cr_assert_eq(streamobj_next_id(s, NULL, 1, 1000, &out), 0);
    cr_assert(out.ms == 2000 && out.seq == 5);
    cr_assert_eq(streamobj_next_id(s, NULL, 1, 3000, &out), 0);
    cr_assert(out.ms == 3000 && out.seq == 0);
    /* ms-*: that millisecond's next sequence, or 0 in a later one; an earlier one fails */
    given = sid(2000, 0);
    cr_assert_eq(streamobj_next_id(s, &given, 0, 0, &out), 0);
    cr_assert(out.ms == 2000 && out.seq == 5);
    given = sid(2500, 0);
    cr_assert_eq(streamobj_next_id(s, &given, 0, 0, &out), 0);
    cr_assert(out.ms == 2500 && out.seq == 0);
    given = sid(1999, 0);
    cr_assert_eq(streamobj_next_id(s, &given, 0, 0, &out), -1);
    /* explicit: above the last one only */
    given = sid(2000, 4);
    cr_assert_eq(streamobj_next_id(s, &given, 1, 0, &out), -1);
    given = sid(2000, 5);
    cr_assert_eq(streamobj_next_id(s, &given, 1, 0, &out), 0);
    /* a millisecond whose sequences are used up */
    s->last_id = sid(7, UINT64_MAX);
    given = sid(7, 0);
    cr_assert_eq(streamobj_next_id(s, &given, 0, 0, &out), -1);
    cr_assert_eq(streamobj_next_id(s, NULL, 1, 5, &out), 0);
    cr_assert(out.ms == 8 && out.seq == 0);
    streamobj_free(s);

    /* a last ID set below the tail node's tombstones: IDs up to its master are refused */
    s = streamobj_new();
    struct strs fv = {{"f", "v"}};
    add(s, 50, 0, &fv, 1);
    add(s, 60, 0, &fv, 1);
    struct stream_id id = sid(50, 0);
    cr_assert_eq(streamobj_delete(s, &id), 1);
    id = sid(60, 0);
    cr_assert_eq(streamobj_delete(s, &id), 1);
    cr_assert_eq(streamobj_node_count(s), 0);
    s->last_id = sid(10, 0); /* an empty stream: XSETID takes any ID */
    given = sid(20, 0);
    cr_assert_eq(streamobj_next_id(s, &given, 1, 0, &out), 0);
    streamobj_free(s);
    s = streamobj_new();
    for (uint64_t i = 1; i <= 102; i++)
        add(s, 100 + i, 0, &fv, 1);
    /* the tail node [201, 202]: 202 deleted, then 201 trimmed by MINID: the node stays, empty */
    id = sid(202, 0);
    cr_assert_eq(streamobj_delete(s, &id), 1);
    struct stream_trim t = {STREAM_TRIM_MINID, 0, 0, 0, sid(202, 0)};
    cr_assert_eq(streamobj_trim(s, &t), 101);
    cr_assert_eq(streamobj_node_count(s), 1);
    s->last_id = sid(150, 0);
    given = sid(180, 0);
    cr_assert_eq(streamobj_next_id(s, &given, 1, 0, &out), -1, "under the tail's master");
    given = sid(202, 0);
    cr_assert_eq(streamobj_next_id(s, &given, 1, 0, &out), 0);
    streamobj_free(s);
}

/* ---- appends and walks ---- */

Test(streamobj, appends_walk_both_ways_and_ranges)
{
    struct streamobj *s = streamobj_new();
    struct model *m = calloc(1, sizeof *m);
    srand(7);
    uint64_t ms = 1700000000000ULL, seq = 0;
    for (unsigned i = 0; i < 1000; i++) {
        if (rand() % 3) {
            ms += (uint64_t)(rand() % 5000);
            seq = 0;
        } else {
            seq += 1 + (uint64_t)(rand() % 3);
        }
        model_add(s, m, ms, seq, (unsigned)rand());
    }
    model_check(s, m);
    cr_assert_eq(s->entries_added, 1000);
    cr_assert_eq(stream_id_cmp(&s->last_id, &m->e[999].id), 0);
    cr_assert_geq(streamobj_node_count(s), 10); /* 100 entries a node at most */
    for (int r = 0; r < 300; r++) {
        struct stream_id a = m->e[rand() % 1000].id, b = m->e[rand() % 1000].id;
        if (rand() % 4 == 0) a.seq++;
        if (rand() % 4 == 0) b.ms += 3;
        uint64_t count = rand() % 2 ? (uint64_t)(rand() % 30) : 0;
        model_check_range(s, m, &a, &b, rand() % 2, count);
    }
    struct stream_id before = sid(1, 0), after = sid(UINT64_MAX, 0);
    model_check_range(s, m, &after, NULL, 0, 0);
    model_check_range(s, m, NULL, &before, 1, 0);
    free(m);
    streamobj_free(s);
}

Test(streamobj, nodes_split_by_entries_and_bytes)
{
    struct streamobj *s = streamobj_new();
    struct strs small = {{"f", "v"}};
    for (uint64_t i = 1; i <= 250; i++)
        add(s, i, 0, &small, 1);
    cr_assert_eq(streamobj_node_count(s), 3);
    cr_assert_eq(streamobj_node(s, 1)->master.ms, 101);
    cr_assert_eq(streamobj_node(s, 2)->master.ms, 201);
    streamobj_free(s);

    s = streamobj_new();
    char big[1001];
    memset(big, 'b', 1000);
    big[1000] = '\0';
    struct strs large = {{"f", big}};
    for (uint64_t i = 1; i <= 10; i++)
        add(s, i, 0, &large, 1);
    /* a node takes an entry while its bytes and the entry's strings stay under 4096: 4, 4, 2 */
    cr_assert_eq(streamobj_node_count(s), 3);
    cr_assert_eq(streamobj_node(s, 1)->master.ms, 5);
    for (size_t i = 0; i < streamobj_node_count(s); i++)
        cr_assert_lt(slp_bytes(streamobj_node(s, i)->lp), 4096 + 1100);
    streamobj_free(s);
}

Test(streamobj, same_fields_are_stored_once)
{
    struct streamobj *s = streamobj_new();
    struct strs a = {{"name", "ann", "age", "31"}}, b = {{"age", "31", "name", "bob"}};
    add(s, 1, 0, &a, 2);
    size_t one = slp_bytes(streamobj_node(s, 0)->lp);
    add(s, 2, 0, &a, 2);
    size_t same = slp_bytes(streamobj_node(s, 0)->lp) - one;
    add(s, 3, 0, &b, 2);
    size_t other = slp_bytes(streamobj_node(s, 0)->lp) - one - same;
    cr_assert_lt(same, other); /* other fields (or order) are stored with the values */
    struct stream_iter it;
    struct stream_id id;
    int64_t nf;
    const char *f, *v;
    size_t fl, vl;
    stream_iter_init(&it, s, NULL, NULL, 1);
    cr_assert(stream_iter_next(&it, &id, &nf));
    cr_assert_eq(id.ms, 3);
    stream_iter_field(&it, &f, &fl, &v, &vl);
    cr_assert(fl == 3 && memcmp(f, "age", 3) == 0 && vl == 2 && memcmp(v, "31", 2) == 0);
    streamobj_free(s);
}

/* ---- deletes ---- */

Test(streamobj, deletes_leave_tombstones_and_empty_nodes_go)
{
    struct streamobj *s = streamobj_new();
    struct model *m = calloc(1, sizeof *m);
    for (uint64_t i = 1; i <= 300; i++)
        model_add(s, m, 10 * i, 0, (unsigned)i);
    struct stream_id id = sid(20, 0);
    cr_assert_eq(streamobj_delete(s, &id), 1);
    cr_assert_eq(streamobj_delete(s, &id), 0); /* already gone */
    model_del(m, 1);
    struct stream_id missing = sid(25, 0);
    cr_assert_eq(streamobj_delete(s, &missing), 0);
    cr_assert_eq(stream_id_cmp(&s->max_deleted, &id), 0);
    /* deleting the first entry moves first_id */
    id = sid(10, 0);
    cr_assert_eq(streamobj_delete(s, &id), 1);
    model_del(m, 0);
    cr_assert_eq(s->first_id.ms, 30);
    cr_assert_eq(s->max_deleted.ms, 20); /* the greatest deleted, not the last */
    model_check(s, m);
    /* empty the second node (IDs 1010..2000): it goes away */
    for (uint64_t i = 101; i <= 200; i++) {
        id = sid(10 * i, 0);
        cr_assert_eq(streamobj_delete(s, &id), 1);
    }
    for (size_t i = 0; i < m->n;)
        if (m->e[i].id.ms >= 1010 && m->e[i].id.ms <= 2000)
            model_del(m, i);
        else
            i++;
    cr_assert_eq(streamobj_node_count(s), 2);
    model_check(s, m);
    cr_assert_eq(s->max_deleted.ms, 2000);
    /* every entry: the stream stays, empty, with its last ID */
    for (uint64_t i = 1; i <= 300; i++) {
        id = sid(10 * i, 0);
        streamobj_delete(s, &id);
    }
    cr_assert_eq(streamobj_len(s), 0);
    cr_assert_eq(streamobj_node_count(s), 0);
    cr_assert(stream_id_is_zero(&s->first_id));
    cr_assert_eq(s->last_id.ms, 3000);
    cr_assert_eq(streamobj_rax_nodes(s), 1);
    free(m);
    streamobj_free(s);
}

/* ---- trims ---- */

static struct streamobj *numbered(uint64_t n)
{
    struct streamobj *s = streamobj_new();
    struct strs fv = {{"f", "v"}};
    for (uint64_t i = 1; i <= n; i++)
        add(s, i, 0, &fv, 1);
    return s;
}

static int64_t trim(struct streamobj *s, enum stream_trim_strategy st, int approx, long long limit,
                    long long maxlen, uint64_t minid)
{
    struct stream_trim t = {st, approx, limit, maxlen, sid(minid, 0)};
    return streamobj_trim(s, &t);
}

Test(streamobj, trims_by_maxlen)
{
    struct streamobj *s = numbered(250);
    /* `~` removes whole nodes only: the third node (50 entries) cannot go */
    cr_assert_eq(trim(s, STREAM_TRIM_MAXLEN, 1, 10000, 10, 0), 200);
    cr_assert_eq(streamobj_len(s), 50);
    cr_assert_eq(s->first_id.ms, 201);
    cr_assert_eq(trim(s, STREAM_TRIM_MAXLEN, 1, 10000, 10, 0), 0);
    /* exact: the rest are marked deleted inside the node */
    cr_assert_eq(trim(s, STREAM_TRIM_MAXLEN, 0, 0, 10, 0), 40);
    cr_assert_eq(streamobj_len(s), 10);
    cr_assert_eq(streamobj_node_count(s), 1);
    cr_assert_eq(s->first_id.ms, 241);
    cr_assert_eq(trim(s, STREAM_TRIM_MAXLEN, 0, 0, 0, 0), 10);
    cr_assert_eq(streamobj_len(s), 0);
    cr_assert(stream_id_is_zero(&s->first_id));
    streamobj_free(s);

    /* LIMIT: no more whole nodes than it allows */
    s = numbered(1000);
    cr_assert_eq(trim(s, STREAM_TRIM_MAXLEN, 1, 250, 0, 0), 200);
    cr_assert_eq(trim(s, STREAM_TRIM_MAXLEN, 1, 99, 0, 0), 0);
    cr_assert_eq(streamobj_len(s), 800);
    streamobj_free(s);
}

Test(streamobj, trims_by_minid)
{
    struct streamobj *s = numbered(250);
    cr_assert_eq(trim(s, STREAM_TRIM_MINID, 1, 10000, 0, 150), 100);
    cr_assert_eq(s->first_id.ms, 101);
    cr_assert_eq(trim(s, STREAM_TRIM_MINID, 0, 0, 0, 150), 49);
    cr_assert_eq(s->first_id.ms, 150);
    cr_assert_eq(streamobj_len(s), 101);
    cr_assert_eq(trim(s, STREAM_TRIM_MINID, 0, 0, 0, 1), 0);
    /* a node whose last entry is a tombstone at or above MINID stays, emptied */
    struct stream_id id = sid(250, 0);
    cr_assert_eq(streamobj_delete(s, &id), 1);
    cr_assert_eq(trim(s, STREAM_TRIM_MINID, 0, 0, 0, 250), 100);
    cr_assert_eq(streamobj_len(s), 0);
    cr_assert_eq(streamobj_node_count(s), 1);
    struct stream_iter it;
    int64_t nf;
    stream_iter_init(&it, s, NULL, NULL, 0);
    cr_assert_not(stream_iter_next(&it, &id, &nf));
    streamobj_edge_id(s, 0, 0, &id); /* tombstones included */
    cr_assert_eq(id.ms, 250);
    streamobj_free(s);
}

/* ---- the radix tree Redis would hold ---- */

Test(streamobj, rax_nodes)
{
    struct streamobj *s = streamobj_new();
    cr_assert_eq(streamobj_rax_nodes(s), 1); /* the empty root */
    struct strs fv = {{"f", "v"}};
    add(s, 1, 0, &fv, 1);
    cr_assert_eq(streamobj_rax_nodes(s), 2); /* a compressed root and its leaf */
    streamobj_free(s);
    /* two keys apart in byte 7: root chain, a branch, two chains with their leaves */
    s = numbered(101);
    cr_assert_eq(streamobj_node_count(s), 2);
    cr_assert_eq(streamobj_rax_nodes(s), 6);
    streamobj_free(s);
    /* keys apart in their last byte: the branch's children are leaves at once */
    s = streamobj_new();
    for (uint64_t i = 0; i < 300; i++)
        add(s, 5, i, &fv, 1);
    cr_assert_eq(streamobj_node_count(s), 3);
    cr_assert_eq(streamobj_rax_nodes(s), 5);
    streamobj_free(s);
}

/* ---- copies ---- */

Test(streamobj, dup_is_deep_and_usage_counts_nodes)
{
    struct streamobj *s = numbered(300);
    struct stream_id id = sid(5, 0);
    streamobj_delete(s, &id);
    struct streamobj *d = streamobj_dup(s);
    cr_assert_eq(streamobj_len(d), 299);
    cr_assert_eq(d->entries_added, 300);
    cr_assert_eq(stream_id_cmp(&d->max_deleted, &id), 0);
    cr_assert_eq(streamobj_node_count(d), 3);
    for (size_t i = 0; i < 3; i++) {
        const unsigned char *a = streamobj_node(s, i)->lp, *b = streamobj_node(d, i)->lp;
        cr_assert_neq(a, b);
        cr_assert_eq(slp_bytes(a), slp_bytes(b));
        cr_assert_eq(memcmp(a, b, slp_bytes(a)), 0);
    }
    cr_assert_eq(trim(s, STREAM_TRIM_MAXLEN, 0, 0, 0, 0), 299);
    cr_assert_eq(streamobj_len(d), 299);
    cr_assert_gt(streamobj_usage(d), 3 * 1000);
    streamobj_free(s);
    streamobj_free(d);
}

/* ---- loading ---- */

Test(streamobj, loaded_nodes_are_checked)
{
    struct streamobj *s = numbered(250);
    struct stream_id id = sid(3, 0);
    streamobj_delete(s, &id);
    struct streamobj *l = streamobj_new();
    for (size_t i = 0; i < streamobj_node_count(s); i++) {
        const struct stream_node *nd = streamobj_node(s, i);
        cr_assert_eq(streamobj_load_node(l, &nd->master, slp_dup(nd->lp)), 0);
    }
    cr_assert_eq(streamobj_load_check(l, 249), 0);
    cr_assert_eq(streamobj_load_check(l, 250), -1);
    /* a master ID not above the last node's */
    const struct stream_node *first = streamobj_node(s, 0);
    unsigned char *dup = slp_dup(first->lp);
    cr_assert_eq(streamobj_load_node(l, &first->master, dup), -1);
    slp_free(dup);
    streamobj_free(l);

    /* counts that do not match the flags, a wrong lp-count, an element too many */
    const unsigned char *lp = first->lp;
    struct stream_id master = first->master;
    unsigned char *bad = slp_dup(lp);
    bad = slp_replace_int(bad, slp_first(bad), 100); /* live: 100 (99 and a tombstone) */
    l = streamobj_new();
    cr_assert_eq(streamobj_load_node(l, &master, bad), -1);
    slp_free(bad);
    bad = slp_dup(lp);
    bad = slp_replace_int(bad, slp_last(bad), 9);
    cr_assert_eq(streamobj_load_node(l, &master, bad), -1);
    slp_free(bad);
    bad = slp_dup(lp);
    bad = slp_append_int(bad, 0);
    cr_assert_eq(streamobj_load_node(l, &master, bad), -1);
    slp_free(bad);
    bad = slp_dup(lp);
    bad = slp_append_str(bad, "x", 1);
    cr_assert_eq(streamobj_load_node(l, &master, bad), -1);
    slp_free(bad);
    /* a string where the master count should be */
    bad = slp_new(64);
    bad = slp_append_str(bad, "one", 3);
    cr_assert_eq(streamobj_load_node(l, &master, bad), -1);
    slp_free(bad);
    bad = slp_new(64);
    cr_assert_eq(streamobj_load_node(l, &master, bad), -1); /* empty */
    slp_free(bad);
    streamobj_free(l);
    streamobj_free(s);
}
