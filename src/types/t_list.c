/* List commands with Redis 7.0's semantics and replies: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN
 * LRANGE LINDEX LSET LINSERT LREM LTRIM LPOS LMOVE RPOPLPUSH LMPOP, and the pop and move the
 * blocking commands share (list_pop_first, list_move). A list never exists empty. Handlers run
 * on the thread holding the shards of all their keys, so a move between shards is atomic. */
#include <limits.h>
#include <string.h>

#include "resp/errors.h"
#include "shard/keyspace.h"
#include "shard/listobj.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/mpop_args.h"
#include "types/t_list.h"

_Static_assert(LIST_HEAD == LISTOBJ_HEAD && LIST_TAIL == LISTOBJ_TAIL, "list ends differ");

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *arg_shard(struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ctx->argv[i].ptr, ctx->argv[i].len);
}

/* The list named by argv[i]: NULL when absent or after replying WRONGTYPE (*failed). Reads count
 * keyspace hits and misses, as Redis's lookupKeyRead does. */
static struct listobj *lookup(struct cmd_ctx *ctx, int i, int for_write, int *failed)
{
    const struct resp_arg *k = &ctx->argv[i];
    struct shard *s = arg_shard(ctx, i);
    struct entry *e = for_write ? ks_lookup(s, ctx->db, k->ptr, k->len)
                                : ks_lookup_read(s, ctx->db, k->ptr, k->len);
    *failed = 0;
    if (!e) return NULL;
    if (e->type != OBJ_LIST) {
        reply_err(ctx, ERR_WRONGTYPE);
        *failed = 1;
        return NULL;
    }
    return entry_object(e);
}

/* A new empty list under argv[i] (absent); the caller fills it before replying. */
static struct listobj *create(struct cmd_ctx *ctx, int i)
{
    struct listobj *l = listobj_new();
    ks_put(arg_shard(ctx, i), ctx->db,
           entry_new_object(ctx->argv[i].ptr, ctx->argv[i].len, OBJ_LIST, l, EXPIRE_NONE));
    return l;
}

/* The write hook for the list at argv[i], with Redis's event name. */
static void changed(struct cmd_ctx *ctx, int i, int cls, const char *event)
{
    ks_changed(arg_shard(ctx, i), ctx->db, ctx->argv[i].ptr, ctx->argv[i].len, cls, event);
}

static const char *push_event(int where)
{
    return where == LIST_HEAD ? "lpush" : "rpush";
}

static const char *pop_event(int where)
{
    return where == LIST_HEAD ? "lpop" : "rpop";
}

/* After the command's own event: a list emptied goes, with a `del` event. */
static void delete_if_empty(struct cmd_ctx *ctx, int i, struct listobj *l)
{
    if (listobj_len(l) > 0) return;
    ks_delete(arg_shard(ctx, i), ctx->db, ctx->argv[i].ptr, ctx->argv[i].len);
    changed(ctx, i, NOTIFY_GENERIC, "del");
}

static int parse_long(struct cmd_ctx *ctx, int i, long *v)
{
    long long ll;
    if (!str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, &ll)) {
        reply_err(ctx, ERR_NOT_INT);
        return 0;
    }
    *v = (long)ll;
    return 1;
}

/* Redis's getRangeLongFromObjectOrReply with a message: one error for "not a number" and
 * "out of range" alike. */
static int parse_range(struct cmd_ctx *ctx, int i, long min, enum error_id err, long *v)
{
    long long ll;
    if (!str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, &ll) || ll < min) {
        reply_err(ctx, err);
        return 0;
    }
    *v = (long)ll;
    return 1;
}

int list_side(const struct resp_arg *a)
{
    if (arg_is(a->ptr, a->len, "left")) return LIST_HEAD;
    if (arg_is(a->ptr, a->len, "right")) return LIST_TAIL;
    return -1;
}

/* LEFT or RIGHT; else replies a syntax error. */
static int parse_end(struct cmd_ctx *ctx, int i, int *where)
{
    *where = list_side(&ctx->argv[i]);
    if (*where < 0) reply_err(ctx, ERR_SYNTAX);
    return *where >= 0;
}

/* ---- the pops and moves shared with the blocking commands ---- */

/* Pops from the list at argv[key] (not empty) and replies in `shape`. */
static void pop_reply(struct cmd_ctx *ctx, int key, struct listobj *l, int where, long count,
                      int shape)
{
    uint64_t len = listobj_len(l);
    uint64_t take = (uint64_t)count < len ? (uint64_t)count : len;
    const struct resp_arg *k = &ctx->argv[key];
    switch (shape) {
    case POP_REPLY_KEY_ELEMENT:
        reply_array(ctx->out, 2);
        reply_bulk(ctx->out, k->ptr, k->len);
        take = 1;
        break;
    case POP_REPLY_MPOP:
        reply_array(ctx->out, 2);
        reply_bulk(ctx->out, k->ptr, k->len);
        reply_array(ctx->out, take);
        break;
    case POP_REPLY_ELEMENTS:
        reply_array(ctx->out, take);
        break;
    default: /* POP_REPLY_ELEMENT */
        take = 1;
        break;
    }
    while (take--) {
        const char *s;
        size_t slen;
        listobj_peek(l, where, &s, &slen);
        reply_bulk(ctx->out, s, slen);
        listobj_pop(l, where);
    }
    changed(ctx, key, NOTIFY_LIST, pop_event(where));
    delete_if_empty(ctx, key, l);
}

int list_pop_first(struct cmd_ctx *ctx, const int *keys, int n, int where, long count, int shape)
{
    for (int k = 0; k < n; k++) {
        int failed;
        struct listobj *l = lookup(ctx, keys[k], 1, &failed);
        if (failed) return -1;
        if (!l || listobj_len(l) == 0) continue;
        pop_reply(ctx, keys[k], l, where, count, shape);
        return 1;
    }
    return 0;
}

/* As Redis's lmoveGenericCommand, the push's events (`new` included) come before the pop's. */
int list_move(struct cmd_ctx *ctx, int src, int dst, int from, int to)
{
    int failed;
    struct listobj *sl = lookup(ctx, src, 1, &failed);
    if (failed) return -1;
    if (!sl) return 0;
    struct listobj *dl = lookup(ctx, dst, 1, &failed);
    if (failed) return -1;
    const char *s;
    size_t len;
    listobj_peek(sl, from, &s, &len);
    if (dl == sl) {
        /* A rotation: the element moves within one list, so it is copied out first. */
        char small[128];
        char *copy = len <= sizeof small ? small : mem_alloc(len);
        memcpy(copy, s, len);
        listobj_pop(sl, from);
        listobj_push(sl, to, copy, len);
        reply_bulk(ctx->out, copy, len);
        if (copy != small) mem_free(copy);
        changed(ctx, dst, NOTIFY_LIST, push_event(to));
        changed(ctx, src, NOTIFY_LIST, pop_event(from));
        return 1;
    }
    if (!dl) dl = create(ctx, dst);
    listobj_push(dl, to, s, len); /* s lives in the source list, which this does not touch */
    changed(ctx, dst, NOTIFY_LIST, push_event(to));
    reply_bulk(ctx->out, s, len);
    listobj_pop(sl, from);
    changed(ctx, src, NOTIFY_LIST, pop_event(from));
    delete_if_empty(ctx, src, sl);
    return 1;
}

/* ---- pushes ---- */

static void push(struct cmd_ctx *ctx, int where, int only_existing)
{
    int failed;
    struct listobj *l = lookup(ctx, 1, 1, &failed);
    if (failed) return;
    if (!l) {
        if (only_existing) {
            reply_int(ctx->out, 0);
            return;
        }
        l = create(ctx, 1);
    }
    for (int i = 2; i < ctx->argc; i++)
        listobj_push(l, where, ctx->argv[i].ptr, ctx->argv[i].len);
    changed(ctx, 1, NOTIFY_LIST, push_event(where));
    reply_int(ctx->out, (long long)listobj_len(l));
}

void cmd_lpush(struct cmd_ctx *ctx)
{
    push(ctx, LIST_HEAD, 0);
}

void cmd_rpush(struct cmd_ctx *ctx)
{
    push(ctx, LIST_TAIL, 0);
}

void cmd_lpushx(struct cmd_ctx *ctx)
{
    push(ctx, LIST_HEAD, 1);
}

void cmd_rpushx(struct cmd_ctx *ctx)
{
    push(ctx, LIST_TAIL, 1);
}

/* ---- pops ---- */

/* LPOP/RPOP key [count]: a bulk without a count, an array with one (a null array when the key
 * is absent, an empty one for count 0), as Redis 7.0's popGenericCommand. */
static void pop(struct cmd_ctx *ctx, int where)
{
    long count = 1;
    int has_count = ctx->argc == 3;
    if (ctx->argc > 3) {
        ctx_errorf(ctx, error_text(ERR_WRONG_ARGS), ctx->cmd->name);
        return;
    }
    if (has_count && !parse_range(ctx, 2, 0, ERR_NOT_POSITIVE, &count)) return;
    if (has_count && count == 0) {
        int failed;
        struct listobj *l = lookup(ctx, 1, 1, &failed);
        if (failed) return;
        if (l)
            reply_array(ctx->out, 0);
        else
            reply_null_array(ctx->out);
        return;
    }
    int key = 1;
    int r = list_pop_first(ctx, &key, 1, where, count,
                           has_count ? POP_REPLY_ELEMENTS : POP_REPLY_ELEMENT);
    if (r != 0) return;
    if (has_count)
        reply_null_array(ctx->out);
    else
        reply_null(ctx->out);
}

void cmd_lpop(struct cmd_ctx *ctx)
{
    pop(ctx, LIST_HEAD);
}

void cmd_rpop(struct cmd_ctx *ctx)
{
    pop(ctx, LIST_TAIL);
}

/* ---- reads ---- */

void cmd_llen(struct cmd_ctx *ctx)
{
    int failed;
    struct listobj *l = lookup(ctx, 1, 0, &failed);
    if (failed) return;
    reply_int(ctx->out, l ? (long long)listobj_len(l) : 0);
}

void cmd_lrange(struct cmd_ctx *ctx)
{
    long start, end;
    if (!parse_long(ctx, 2, &start) || !parse_long(ctx, 3, &end)) return;
    int failed;
    struct listobj *l = lookup(ctx, 1, 0, &failed);
    if (failed) return;
    long len = l ? (long)listobj_len(l) : 0;
    if (start < 0) start = len + start;
    if (end < 0) end = len + end;
    if (start < 0) start = 0;
    if (start > end || start >= len) {
        reply_array(ctx->out, 0);
        return;
    }
    if (end >= len) end = len - 1;
    long n = end - start + 1;
    reply_array(ctx->out, (size_t)n);
    struct listobj_iter it;
    listobj_iter_init(&it, l, start, LISTOBJ_TAIL);
    const char *s;
    size_t slen;
    while (n-- && listobj_iter_next(&it, &s, &slen))
        reply_bulk(ctx->out, s, slen);
}

void cmd_lindex(struct cmd_ctx *ctx)
{
    int failed;
    struct listobj *l = lookup(ctx, 1, 0, &failed);
    if (failed) return;
    if (!l) {
        reply_null(ctx->out);
        return;
    }
    long index;
    if (!parse_long(ctx, 2, &index)) return;
    const char *s;
    size_t len;
    if (listobj_index(l, index, &s, &len))
        reply_bulk(ctx->out, s, len);
    else
        reply_null(ctx->out);
}

/* LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len], as Redis 7.0's lposCommand. */
void cmd_lpos(struct cmd_ctx *ctx)
{
    long rank = 1, count = -1, maxlen = 0; /* count -1: no COUNT option */
    for (int j = 3; j < ctx->argc; j++) {
        int more = j + 1 < ctx->argc;
        if (CTX_ARG_IS(ctx, j, "rank") && more) {
            if (!parse_long(ctx, ++j, &rank)) return;
            if (rank == 0) {
                reply_err(ctx, ERR_LPOS_RANK);
                return;
            }
        } else if (CTX_ARG_IS(ctx, j, "count") && more) {
            if (!parse_range(ctx, ++j, 0, ERR_LPOS_COUNT, &count)) return;
        } else if (CTX_ARG_IS(ctx, j, "maxlen") && more) {
            if (!parse_range(ctx, ++j, 0, ERR_LPOS_MAXLEN, &maxlen)) return;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
    }
    int dir = LISTOBJ_TAIL;
    /* Redis negates the rank; LONG_MIN stays negative there, so every match from the tail is
     * wanted and a COUNT never ends the scan. */
    int unbounded = rank == LONG_MIN;
    if (rank < 0) {
        rank = unbounded ? 1 : -rank;
        dir = LISTOBJ_HEAD;
    }

    int failed;
    struct listobj *l = lookup(ctx, 1, 0, &failed);
    if (failed) return;
    if (!l) {
        if (count != -1)
            reply_array(ctx->out, 0);
        else
            reply_null(ctx->out);
        return;
    }

    const char *elem = ctx->argv[2].ptr;
    size_t elen = ctx->argv[2].len;
    long len = (long)listobj_len(l);
    long index = 0, matches = 0, found = -1, listed = 0;
    size_t mark = count != -1 ? reply_defer_len(ctx->out) : 0;
    struct listobj_iter it;
    listobj_iter_init(&it, l, dir == LISTOBJ_HEAD ? -1 : 0, dir);
    const char *s;
    size_t slen;
    while ((maxlen == 0 || index < maxlen) && listobj_iter_next(&it, &s, &slen)) {
        if (slen == elen && (elen == 0 || memcmp(s, elem, elen) == 0)) {
            matches++;
            long at = dir == LISTOBJ_TAIL ? index : len - index - 1;
            if (matches >= rank) {
                if (count == -1) {
                    found = at;
                    break;
                }
                reply_int(ctx->out, at);
                listed++;
                if (count && !unbounded && matches - rank + 1 >= count) break;
            }
        }
        index++;
    }
    if (count != -1)
        reply_set_deferred_len(ctx->out, mark, '*', (size_t)listed);
    else if (found >= 0)
        reply_int(ctx->out, found);
    else
        reply_null(ctx->out);
}

/* ---- changes in place ---- */

void cmd_lset(struct cmd_ctx *ctx)
{
    int failed;
    struct listobj *l = lookup(ctx, 1, 1, &failed);
    if (failed) return;
    if (!l) {
        reply_err(ctx, ERR_NO_KEY);
        return;
    }
    long index;
    if (!parse_long(ctx, 2, &index)) return;
    if (!listobj_set(l, index, ctx->argv[3].ptr, ctx->argv[3].len)) {
        reply_err(ctx, ERR_INDEX_RANGE);
        return;
    }
    changed(ctx, 1, NOTIFY_LIST, "lset");
    reply_ok(ctx->out);
}

void cmd_linsert(struct cmd_ctx *ctx)
{
    int after;
    if (CTX_ARG_IS(ctx, 2, "after"))
        after = 1;
    else if (CTX_ARG_IS(ctx, 2, "before"))
        after = 0;
    else {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int failed;
    struct listobj *l = lookup(ctx, 1, 1, &failed);
    if (failed) return;
    if (!l) {
        reply_int(ctx->out, 0);
        return;
    }
    if (!listobj_insert(l, after, ctx->argv[3].ptr, ctx->argv[3].len, ctx->argv[4].ptr,
                        ctx->argv[4].len)) {
        reply_int(ctx->out, -1);
        return;
    }
    changed(ctx, 1, NOTIFY_LIST, "linsert");
    reply_int(ctx->out, (long long)listobj_len(l));
}

void cmd_lrem(struct cmd_ctx *ctx)
{
    long count;
    if (!parse_long(ctx, 2, &count)) return;
    int failed;
    struct listobj *l = lookup(ctx, 1, 1, &failed);
    if (failed) return;
    if (!l) {
        reply_int(ctx->out, 0);
        return;
    }
    uint64_t removed = listobj_rem(l, count, ctx->argv[3].ptr, ctx->argv[3].len);
    if (removed) {
        changed(ctx, 1, NOTIFY_LIST, "lrem");
        delete_if_empty(ctx, 1, l);
    }
    reply_int(ctx->out, (long long)removed);
}

void cmd_ltrim(struct cmd_ctx *ctx)
{
    long start, end;
    if (!parse_long(ctx, 2, &start) || !parse_long(ctx, 3, &end)) return;
    int failed;
    struct listobj *l = lookup(ctx, 1, 1, &failed);
    if (failed) return;
    if (!l) {
        reply_ok(ctx->out);
        return;
    }
    long len = (long)listobj_len(l), ltrim, rtrim;
    if (start < 0) start = len + start;
    if (end < 0) end = len + end;
    if (start < 0) start = 0;
    if (start > end || start >= len) {
        ltrim = len; /* an empty range empties the list */
        rtrim = 0;
    } else {
        if (end >= len) end = len - 1;
        ltrim = start;
        rtrim = len - end - 1;
    }
    listobj_del_range(l, 0, (uint64_t)ltrim);
    listobj_del_range(l, -rtrim, (uint64_t)rtrim);
    /* Even a trim that kept everything is an ltrim, for Redis. */
    changed(ctx, 1, NOTIFY_LIST, "ltrim");
    delete_if_empty(ctx, 1, l);
    reply_ok(ctx->out);
}

/* ---- moves and multi-key pops ---- */

void cmd_lmove(struct cmd_ctx *ctx)
{
    int from, to;
    if (!parse_end(ctx, 3, &from) || !parse_end(ctx, 4, &to)) return;
    if (list_move(ctx, 1, 2, from, to) == 0) reply_null(ctx->out);
}

void cmd_rpoplpush(struct cmd_ctx *ctx)
{
    if (list_move(ctx, 1, 2, LIST_TAIL, LIST_HEAD) == 0) reply_null(ctx->out);
}

int lmpop_getkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    return cmd_numkeys_positions(argc, argv, 1, keys, max);
}

/* LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count], as Redis 7.0's lmpopGenericCommand. */
void cmd_lmpop(struct cmd_ctx *ctx)
{
    struct mpop_args a;
    if (!mpop_parse(ctx, 1, "left", "right", &a)) return;
    int small[16];
    int *keys = a.numkeys <= 16 ? small : mem_alloc((size_t)a.numkeys * sizeof(int));
    for (int k = 0; k < a.numkeys; k++)
        keys[k] = a.first_key + k;
    if (list_pop_first(ctx, keys, a.numkeys, a.side, a.count, POP_REPLY_MPOP) == 0)
        reply_null_array(ctx->out);
    if (keys != small) mem_free(keys);
}
