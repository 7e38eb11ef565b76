/* The set commands with Redis 7.0's semantics and replies: SADD SREM SMEMBERS SISMEMBER
 * SMISMEMBER SCARD SPOP SRANDMEMBER SMOVE SINTER SINTERSTORE SINTERCARD SUNION SUNIONSTORE SDIFF
 * SDIFFSTORE SSCAN. A set never exists empty. The op_* functions compute over setobjs; the
 * cmd_* handlers parse, look keys up and reply. Handlers run on the thread holding the shards of
 * all their keys, so a command over sets on several shards sees and leaves them consistent. */
#include <limits.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "shard/setobj.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/scan_args.h"
#include "types/t_set.h"

/* SPOP keeps the rest in a new set when fewer than count / SPOP_MOVE_STRATEGY_MUL members
 * remain; SRANDMEMBER copies the set and drops members when it wants more than a
 * 1 / SRANDMEMBER_SUB_STRATEGY_MUL share of it (Redis's thresholds). */
#define SPOP_MOVE_STRATEGY_MUL       5
#define SRANDMEMBER_SUB_STRATEGY_MUL 3

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *arg_shard(const struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ARG(ctx, i));
}

/* The set at key argument i, NULL when the key is absent or (*wrongtype) holds another type. */
static struct setobj *find_set(struct cmd_ctx *ctx, int i, int read, int *wrongtype)
{
    struct shard *s = arg_shard(ctx, i);
    struct entry *e =
        read ? ks_lookup_read(s, ctx->db, ARG(ctx, i)) : ks_lookup(s, ctx->db, ARG(ctx, i));
    *wrongtype = e && e->type != OBJ_SET;
    return e && !*wrongtype ? entry_object(e) : NULL;
}

/* As find_set, replying WRONGTYPE (and setting *failed) for a key of another type. */
static struct setobj *lookup_set(struct cmd_ctx *ctx, int i, int read, int *failed)
{
    struct setobj *set = find_set(ctx, i, read, failed);
    if (*failed) reply_err(ctx, ERR_WRONGTYPE);
    return set;
}

/* An empty set stored at key argument i (absent before), to be filled at once. */
static struct setobj *create_set(struct cmd_ctx *ctx, int i)
{
    struct setobj *set = setobj_new();
    ks_put(arg_shard(ctx, i), ctx->db, entry_new_object(ARG(ctx, i), OBJ_SET, set, EXPIRE_NONE));
    return set;
}

/* The write hook for key argument i, with Redis's event name. */
static void changed(struct cmd_ctx *ctx, int i, int cls, const char *event)
{
    ks_changed(arg_shard(ctx, i), ctx->db, ARG(ctx, i), cls, event);
}

/* Deletes key argument i, with a `del` event when it existed. */
static void delete_key(struct cmd_ctx *ctx, int i)
{
    if (ks_delete(arg_shard(ctx, i), ctx->db, ARG(ctx, i))) changed(ctx, i, NOTIFY_GENERIC, "del");
}

/* After the command's own event: a set emptied goes, with a `del` event. */
static void delete_if_empty(struct cmd_ctx *ctx, int i, struct setobj *set)
{
    if (setobj_size(set) == 0) delete_key(ctx, i);
}

static void reply_member(const char *m, size_t len, void *arg)
{
    reply_bulk(arg, m, len);
}

static void add_to_set(const char *m, size_t len, void *arg)
{
    setobj_add(arg, m, len);
}

/* ---- SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD ---- */

void cmd_sadd(struct cmd_ctx *ctx)
{
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 0, &failed);
    if (failed) return;
    if (!set) set = create_set(ctx, 1);
    long long added = 0;
    for (int i = 2; i < ctx->argc; i++)
        added += setobj_add(set, ARG(ctx, i));
    if (added) changed(ctx, 1, NOTIFY_SET, "sadd");
    reply_int(ctx->out, added);
}

void cmd_srem(struct cmd_ctx *ctx)
{
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 0, &failed);
    if (failed) return;
    long long removed = 0;
    for (int i = 2; set && i < ctx->argc && setobj_size(set) > 0; i++)
        removed += setobj_remove(set, ARG(ctx, i));
    if (removed) {
        changed(ctx, 1, NOTIFY_SET, "srem");
        delete_if_empty(ctx, 1, set);
    }
    reply_int(ctx->out, removed);
}

void cmd_smembers(struct cmd_ctx *ctx)
{
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 1, &failed);
    if (failed) return;
    reply_set(ctx->out, set ? setobj_size(set) : 0);
    if (set) setobj_foreach(set, reply_member, ctx->out);
}

void cmd_sismember(struct cmd_ctx *ctx)
{
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 1, &failed);
    if (failed) return;
    reply_int(ctx->out, set && setobj_contains(set, ARG(ctx, 2)));
}

/* A missing key is an empty set: one 0 per member. */
void cmd_smismember(struct cmd_ctx *ctx)
{
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 1, &failed);
    if (failed) return;
    reply_array(ctx->out, (size_t)ctx->argc - 2);
    for (int i = 2; i < ctx->argc; i++)
        reply_int(ctx->out, set && setobj_contains(set, ARG(ctx, i)));
}

void cmd_scard(struct cmd_ctx *ctx)
{
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 1, &failed);
    if (failed) return;
    reply_int(ctx->out, set ? (long long)setobj_size(set) : 0);
}

/* ---- SPOP SRANDMEMBER ---- */

/* SPOP key count: pops min(count, size) distinct members into a set reply. */
static void op_pop_count(struct setobj *set, unsigned long long count, struct reply *out)
{
    unsigned long long remaining = setobj_size(set) - count;
    reply_set(out, count);
    if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
        while (count--)
            setobj_pop(set, reply_member, out);
        return;
    }
    /* Most members go: move the few that stay into a new set and hand out the old one. */
    struct setobj *keep = setobj_new();
    while (remaining--)
        setobj_pop(set, add_to_set, keep);
    setobj_foreach(set, reply_member, out);
    setobj_swap(set, keep);
    setobj_free(keep);
}

static void spop_with_count(struct cmd_ctx *ctx)
{
    long long count;
    if (!str_to_ll(ARG(ctx, 2), &count) || count < 0) {
        reply_err(ctx, ERR_NOT_POSITIVE);
        return;
    }
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 0, &failed);
    if (failed) return;
    if (!set || count == 0) {
        reply_set(ctx->out, 0);
        return;
    }
    changed(ctx, 1, NOTIFY_SET, "spop");
    if ((unsigned long long)count >= setobj_size(set)) {
        reply_set(ctx->out, setobj_size(set));
        setobj_foreach(set, reply_member, ctx->out);
        delete_key(ctx, 1);
        return;
    }
    op_pop_count(set, (unsigned long long)count, ctx->out);
}

void cmd_spop(struct cmd_ctx *ctx)
{
    if (ctx->argc == 3) {
        spop_with_count(ctx);
        return;
    }
    if (ctx->argc > 3) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 0, &failed);
    if (failed) return;
    if (!set) {
        reply_null(ctx->out);
        return;
    }
    setobj_pop(set, reply_member, ctx->out);
    changed(ctx, 1, NOTIFY_SET, "spop");
    delete_if_empty(ctx, 1, set);
}

/* SRANDMEMBER key count, count > 1 and below the set's size: count distinct members, as a new
 * set the caller replies and frees. */
static struct setobj *op_random_distinct(struct setobj *set, unsigned long long count)
{
    uint64_t size = setobj_size(set);
    if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
        struct setobj *pick = setobj_dup(set);
        while (size-- > count)
            setobj_pop(pick, NULL, NULL);
        return pick;
    }
    struct setobj *pick = setobj_new();
    char buf[SETOBJ_INT_BUF];
    while (setobj_size(pick) < count) {
        const char *m;
        size_t len;
        setobj_random(set, buf, &m, &len);
        setobj_add(pick, m, len);
    }
    return pick;
}

static void srandmember_with_count(struct cmd_ctx *ctx)
{
    long long l;
    if (!str_to_ll(ARG(ctx, 2), &l)) {
        reply_err(ctx, ERR_NOT_INT);
        return;
    }
    if (l == LLONG_MIN) {
        ctx_errorf(ctx, error_text(ERR_RANGE), -LLONG_MAX, LLONG_MAX);
        return;
    }
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 1, &failed);
    if (failed) return;
    /* A negative count may repeat members; a positive one asks for distinct ones. */
    int distinct = l >= 0;
    unsigned long long count = (unsigned long long)(l >= 0 ? l : -l);
    if (!set || count == 0) {
        reply_array(ctx->out, 0);
        return;
    }
    if (!distinct || count == 1) {
        char buf[SETOBJ_INT_BUF];
        reply_array(ctx->out, count);
        while (count--) {
            const char *m;
            size_t len;
            setobj_random(set, buf, &m, &len);
            reply_bulk(ctx->out, m, len);
        }
        return;
    }
    if (count >= setobj_size(set)) {
        reply_array(ctx->out, setobj_size(set));
        setobj_foreach(set, reply_member, ctx->out);
        return;
    }
    struct setobj *pick = op_random_distinct(set, count);
    reply_array(ctx->out, count);
    setobj_foreach(pick, reply_member, ctx->out);
    setobj_free(pick);
}

void cmd_srandmember(struct cmd_ctx *ctx)
{
    if (ctx->argc == 3) {
        srandmember_with_count(ctx);
        return;
    }
    if (ctx->argc > 3) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 1, &failed);
    if (failed) return;
    if (!set) {
        reply_null(ctx->out);
        return;
    }
    char buf[SETOBJ_INT_BUF];
    const char *m;
    size_t len;
    setobj_random(set, buf, &m, &len);
    reply_bulk(ctx->out, m, len);
}

/* ---- SMOVE ---- */

/* Redis's order: a missing source answers 0 before any type check; then either key holding
 * another type is an error; moving within one set only tells whether the member is there (and
 * changes nothing). The events: srem (and del) on the source, then new and sadd on the
 * destination when the member was not there yet. */
void cmd_smove(struct cmd_ctx *ctx)
{
    int src_wrong, dst_wrong;
    struct setobj *src = find_set(ctx, 1, 0, &src_wrong);
    struct setobj *dst = find_set(ctx, 2, 0, &dst_wrong);
    if (!src && !src_wrong) {
        reply_int(ctx->out, 0);
        return;
    }
    if (src_wrong || dst_wrong) {
        reply_err(ctx, ERR_WRONGTYPE);
        return;
    }
    if (src == dst) {
        reply_int(ctx->out, setobj_contains(src, ARG(ctx, 3)));
        return;
    }
    if (!setobj_remove(src, ARG(ctx, 3))) {
        reply_int(ctx->out, 0);
        return;
    }
    changed(ctx, 1, NOTIFY_SET, "srem");
    delete_if_empty(ctx, 1, src);
    if (!dst) dst = create_set(ctx, 2);
    if (setobj_add(dst, ARG(ctx, 3))) changed(ctx, 2, NOTIFY_SET, "sadd");
    reply_int(ctx->out, 1);
}

/* ---- SINTER SINTERSTORE SINTERCARD SUNION SUNIONSTORE SDIFF SDIFFSTORE ---- */

/* Looks up the n sets named from argument `first` on into sets[] (NULL for a missing key).
 * Returns 0 after replying WRONGTYPE when any key holds another type, as Redis 7.0 checks every
 * key even past a missing one. */
static int lookup_sets(struct cmd_ctx *ctx, int first, int n, struct setobj **sets)
{
    for (int j = 0; j < n; j++) {
        int failed;
        sets[j] = lookup_set(ctx, first + j, 1, &failed);
        if (failed) return 0;
    }
    return 1;
}

/* Stores result at the key of argument dst (an empty result deletes the key); replies its size.
 * `event` is the command's: sinterstore, sunionstore or sdiffstore. */
static void store_result(struct cmd_ctx *ctx, int dst, struct setobj *result, const char *event)
{
    long long n = (long long)setobj_size(result);
    if (n > 0) {
        ks_put(arg_shard(ctx, dst), ctx->db,
               entry_new_object(ARG(ctx, dst), OBJ_SET, result, EXPIRE_NONE));
        changed(ctx, dst, NOTIFY_SET, event);
    } else {
        setobj_free(result);
        delete_key(ctx, dst);
    }
    reply_int(ctx->out, n);
}

static int by_size(const void *a, const void *b)
{
    uint64_t x = setobj_size(*(struct setobj *const *)a);
    uint64_t y = setobj_size(*(struct setobj *const *)b);
    return (x > y) - (x < y);
}

/* Largest first, missing sets (NULL) last. */
static int by_size_desc(const void *a, const void *b)
{
    struct setobj *const *x = a, *const *y = b;
    uint64_t sx = *x ? setobj_size(*x) : 0, sy = *y ? setobj_size(*y) : 0;
    return (sx < sy) - (sx > sy);
}

struct inter_walk {
    struct setobj **sets;
    int n;
    unsigned long long found, limit; /* limit 0: no limit */
    setobj_member_fn emit;           /* NULL: only count */
    void *arg;
};

static void inter_visit(const char *m, size_t len, void *arg)
{
    struct inter_walk *w = arg;
    if (w->limit && w->found >= w->limit) return;
    for (int j = 1; j < w->n; j++)
        if (w->sets[j] != w->sets[0] && !setobj_contains(w->sets[j], m, len)) return;
    w->found++;
    if (w->emit) w->emit(m, len, w->arg);
}

/* Hands every member of the intersection of n existing sets to emit (or just counts them, up
 * to limit when limit > 0) and returns how many there were. Walks the smallest set, asking the
 * others about each of its members. */
static unsigned long long op_inter(struct setobj **sets, int n, unsigned long long limit,
                                   setobj_member_fn emit, void *arg)
{
    qsort(sets, (size_t)n, sizeof *sets, by_size);
    struct inter_walk w = {sets, n, 0, limit, emit, arg};
    setobj_foreach(sets[0], inter_visit, &w);
    return w.found;
}

static int any_missing(struct setobj **sets, int n)
{
    for (int j = 0; j < n; j++)
        if (!sets[j]) return 1;
    return 0;
}

/* SINTER and SINTERSTORE: the sets start at argument `first`; dst is the destination's argument
 * (0: reply the members instead). */
static void sinter_generic(struct cmd_ctx *ctx, int first, int dst)
{
    int n = ctx->argc - first;
    struct setobj **sets = mem_alloc((size_t)n * sizeof *sets);
    if (!lookup_sets(ctx, first, n, sets)) goto out;
    if (any_missing(sets, n)) {
        if (dst) {
            delete_key(ctx, dst);
            reply_int(ctx->out, 0);
        } else {
            reply_set(ctx->out, 0);
        }
        goto out;
    }
    if (dst) {
        struct setobj *result = setobj_new();
        op_inter(sets, n, 0, add_to_set, result);
        store_result(ctx, dst, result, "sinterstore");
        goto out;
    }
    size_t mark = reply_defer_len(ctx->out);
    unsigned long long found = op_inter(sets, n, 0, reply_member, ctx->out);
    reply_set_deferred_len(ctx->out, mark, ctx->out->resp == 3 ? '~' : '*', found);
out:
    mem_free(sets);
}

void cmd_sinter(struct cmd_ctx *ctx)
{
    sinter_generic(ctx, 1, 0);
}

void cmd_sinterstore(struct cmd_ctx *ctx)
{
    sinter_generic(ctx, 2, 1);
}

/* SINTERCARD numkeys key [key ...] [LIMIT limit]: the keys for routing, -1 when numkeys is not
 * a count the arguments can hold (the handler answers the error). */
int sintercard_getkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    return cmd_numkeys_positions(argc, argv, 1, keys, max);
}

void cmd_sintercard(struct cmd_ctx *ctx)
{
    long long numkeys, limit = 0;
    if (!str_to_ll(ARG(ctx, 1), &numkeys) || numkeys < 1) {
        reply_err(ctx, ERR_NUMKEYS_POSITIVE);
        return;
    }
    if (numkeys > ctx->argc - 2) {
        reply_err(ctx, ERR_NUMKEYS_ARGS);
        return;
    }
    for (int i = 2 + (int)numkeys; i < ctx->argc; i++) {
        if (!CTX_ARG_IS(ctx, i, "limit") || i + 1 >= ctx->argc) {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
        i++;
        if (!str_to_ll(ARG(ctx, i), &limit) || limit < 0) {
            reply_err(ctx, ERR_LIMIT_NEGATIVE);
            return;
        }
    }
    int n = (int)numkeys;
    struct setobj **sets = mem_alloc((size_t)n * sizeof *sets);
    if (lookup_sets(ctx, 2, n, sets)) {
        unsigned long long found = 0;
        if (!any_missing(sets, n)) found = op_inter(sets, n, (unsigned long long)limit, NULL, NULL);
        reply_int(ctx->out, (long long)found);
    }
    mem_free(sets);
}

enum set_op { SET_UNION, SET_DIFF };

struct diff_walk {
    struct setobj **sets;
    int n;
    struct setobj *result;
};

static void diff_visit(const char *m, size_t len, void *arg)
{
    struct diff_walk *w = arg;
    for (int j = 1; j < w->n; j++)
        if (w->sets[j] && setobj_contains(w->sets[j], m, len)) return;
    setobj_add(w->result, m, len);
}

static void remove_from_set(const char *m, size_t len, void *arg)
{
    setobj_remove(arg, m, len);
}

/* The difference sets[0] - sets[1] - ... as Redis computes it: either ask the others about each
 * member of the first (about size(first) * n / 2 work), or copy the first and delete every
 * member of the others (about the sum of their sizes), whichever costs less. */
static void op_diff(struct setobj **sets, int n, struct setobj *result)
{
    unsigned long long ask = 0, remove = 0;
    for (int j = 0; j < n; j++) {
        if (!sets[j]) continue;
        if (j > 0 && sets[j] == sets[0]) return; /* X - X - ... is empty */
        ask += setobj_size(sets[0]);
        remove += setobj_size(sets[j]);
    }
    if (ask / 2 <= remove) {
        /* Ask the biggest sets first: they are the likeliest to hold a member. */
        qsort(sets + 1, (size_t)n - 1, sizeof *sets, by_size_desc);
        struct diff_walk w = {sets, n, result};
        setobj_foreach(sets[0], diff_visit, &w);
        return;
    }
    setobj_foreach(sets[0], add_to_set, result);
    for (int j = 1; j < n && setobj_size(result) > 0; j++)
        if (sets[j]) setobj_foreach(sets[j], remove_from_set, result);
}

/* The union or difference of n sets (NULL: missing, an empty set) as a new set. */
static struct setobj *op_union_diff(struct setobj **sets, int n, enum set_op op)
{
    struct setobj *result = setobj_new();
    if (op == SET_UNION) {
        for (int j = 0; j < n; j++)
            if (sets[j]) setobj_foreach(sets[j], add_to_set, result);
    } else if (sets[0]) {
        op_diff(sets, n, result);
    }
    return result;
}

/* SUNION, SDIFF and their STORE forms: the sets start at argument `first`; dst is the
 * destination's argument (0: reply the members instead). */
static void sunion_diff_generic(struct cmd_ctx *ctx, int first, int dst, enum set_op op)
{
    int n = ctx->argc - first;
    struct setobj **sets = mem_alloc((size_t)n * sizeof *sets);
    if (lookup_sets(ctx, first, n, sets)) {
        struct setobj *result = op_union_diff(sets, n, op);
        if (dst) {
            store_result(ctx, dst, result, op == SET_UNION ? "sunionstore" : "sdiffstore");
        } else {
            reply_set(ctx->out, setobj_size(result));
            setobj_foreach(result, reply_member, ctx->out);
            setobj_free(result);
        }
    }
    mem_free(sets);
}

void cmd_sunion(struct cmd_ctx *ctx)
{
    sunion_diff_generic(ctx, 1, 0, SET_UNION);
}

void cmd_sunionstore(struct cmd_ctx *ctx)
{
    sunion_diff_generic(ctx, 2, 1, SET_UNION);
}

void cmd_sdiff(struct cmd_ctx *ctx)
{
    sunion_diff_generic(ctx, 1, 0, SET_DIFF);
}

void cmd_sdiffstore(struct cmd_ctx *ctx)
{
    sunion_diff_generic(ctx, 2, 1, SET_DIFF);
}

/* ---- SSCAN ---- */

struct sscan_walk {
    const struct resp_arg *pattern; /* NULL: every member */
    struct reply *members;
    size_t kept;
};

static void sscan_visit(const char *m, size_t len, void *arg)
{
    struct sscan_walk *w = arg;
    if (w->pattern && !glob_match(w->pattern->ptr, w->pattern->len, m, len, 0)) return;
    reply_bulk(w->members, m, len);
    w->kept++;
}

/* SSCAN key cursor [MATCH pattern] [COUNT count]: Redis checks the cursor first, answers a
 * missing key with an empty page before reading the options, and rejects TYPE. */
void cmd_sscan(struct cmd_ctx *ctx)
{
    uint64_t cursor;
    if (!scan_parse_cursor(ARG(ctx, 2), &cursor)) {
        reply_err(ctx, ERR_INVALID_CURSOR);
        return;
    }
    int failed;
    struct setobj *set = lookup_set(ctx, 1, 1, &failed);
    if (failed) return;
    if (!set) {
        reply_array(ctx->out, 2);
        reply_bulk_ll(ctx->out, 0);
        reply_array(ctx->out, 0);
        return;
    }
    struct scan_opts o = {NULL, NULL, SCAN_DEFAULT_COUNT};
    if (!scan_parse_options(ctx, 3, 0, &o)) return;
    /* The page's members are written aside: the next cursor goes before them. */
    struct reply members;
    reply_init(&members, ctx->out->resp);
    struct sscan_walk w = {o.pattern, &members, 0};
    uint64_t next = setobj_scan(set, cursor, o.count, sscan_visit, &w);
    reply_array(ctx->out, 2);
    reply_bulk_ll(ctx->out, (long long)next);
    reply_array(ctx->out, w.kept);
    reply_raw(ctx->out, members.data, members.len);
    reply_free(&members);
}
