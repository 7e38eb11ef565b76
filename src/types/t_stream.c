/* Stream commands with Redis 7.0's semantics, errors and replies: XADD XLEN XRANGE XREVRANGE
 * XDEL XTRIM XSETID (XREAD is t_xread.c, XINFO t_xinfo.c). Consumer groups are not built. A
 * stream may exist empty. Handlers run on the thread holding their key's shard. */
#include <string.h>

#include "resp/errors.h"
#include "shard/keyspace.h"
#include "shard/streamobj.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/stream_args.h"
#include "types/t_stream.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *key_shard(struct cmd_ctx *ctx)
{
    return ctx_shard(ctx, ARG(ctx, 1));
}

struct streamobj *stream_lookup(struct cmd_ctx *ctx, int i, int read, int *failed)
{
    struct shard *s = ctx_shard(ctx, ARG(ctx, i));
    struct entry *e =
        read ? ks_lookup_read(s, ctx->db, ARG(ctx, i)) : ks_lookup(s, ctx->db, ARG(ctx, i));
    *failed = 0;
    if (!e) return NULL;
    if (e->type != OBJ_STREAM) {
        reply_err(ctx, ERR_WRONGTYPE);
        *failed = 1;
        return NULL;
    }
    return entry_object(e);
}

/* The write hook after an XADD: the clients blocked in XREAD on the key may be served. */
static void added(struct cmd_ctx *ctx)
{
    ks_changed(key_shard(ctx), ctx->db, ARG(ctx, 1), NOTIFY_STREAM, "xadd");
}

/* The write hook after a change in place (XDEL, XTRIM, XSETID): as in Redis it wakes nobody. */
static void changed(struct cmd_ctx *ctx, const char *event)
{
    ks_changed_no_wake(key_shard(ctx), ctx->db, ARG(ctx, 1), NOTIFY_STREAM, event);
}

/* ---- XADD ---- */

static void arg_str(const void *arg, size_t i, const char **p, size_t *len)
{
    const struct resp_arg *a = (const struct resp_arg *)arg + i;
    *p = a->ptr;
    *len = a->len;
}

void cmd_xadd(struct cmd_ctx *ctx)
{
    struct stream_add_args a;
    long long max_entries = CONFIG_GET(stream_node_max_entries);
    int idpos = stream_parse_add_trim(ctx, &a, 1, max_entries);
    if (idpos < 0) return;
    int first = idpos + 1, nargs = ctx->argc - first;
    if (nargs < 2 || nargs % 2) {
        ctx_errorf(ctx, error_text(ERR_WRONG_ARGS), "xadd");
        return;
    }
    if (a.id_given && a.seq_given && stream_id_is_zero(&a.id)) {
        reply_err(ctx, ERR_XADD_ID_ZERO);
        return;
    }
    int failed;
    struct streamobj *s = stream_lookup(ctx, 1, 0, &failed);
    if (failed) return;
    if (!s) {
        if (a.no_mkstream) {
            reply_null(ctx->out);
            return;
        }
        s = streamobj_new();
        ks_put(key_shard(ctx), ctx->db, entry_new_object(ARG(ctx, 1), OBJ_STREAM, s, EXPIRE_NONE));
    }
    if (s->last_id.ms == UINT64_MAX && s->last_id.seq == UINT64_MAX) {
        reply_err(ctx, ERR_XADD_EXHAUSTED);
        return;
    }
    struct stream_id id;
    if (streamobj_next_id(s, a.id_given ? &a.id : NULL, a.seq_given, (uint64_t)ks_now_ms(), &id)) {
        reply_err(ctx, ERR_XADD_ID_SMALL);
        return;
    }
    if (streamobj_append(s, &id, (size_t)nargs / 2, arg_str, ctx->argv + first,
                         CONFIG_GET(stream_node_max_bytes), max_entries)) {
        reply_err(ctx, ERR_XADD_TOO_LARGE);
        return;
    }
    stream_reply_id(ctx->out, &id);
    added(ctx);
    if (a.trim.strategy != STREAM_TRIM_NONE && streamobj_trim(s, &a.trim)) changed(ctx, "xtrim");
}

/* ---- XLEN XRANGE XREVRANGE ---- */

void cmd_xlen(struct cmd_ctx *ctx)
{
    int failed;
    struct streamobj *s = stream_lookup(ctx, 1, 1, &failed);
    if (!failed) reply_int(ctx->out, s ? (long long)streamobj_len(s) : 0);
}

/* One end of an interval: "(" makes it exclusive (then "-" and "+" are refused), incomplete IDs
 * take missing_seq. */
static int interval_end(struct cmd_ctx *ctx, int i, uint64_t missing_seq, int start,
                        struct stream_id *id)
{
    const struct resp_arg *a = &ctx->argv[i];
    int exclusive = a->len > 1 && a->ptr[0] == '(';
    if (stream_id_parse(a->ptr + exclusive, a->len - (size_t)exclusive, missing_seq, exclusive,
                        NULL, id)) {
        reply_err(ctx, ERR_STREAM_ID);
        return -1;
    }
    if (exclusive && (start ? stream_id_incr(id) : stream_id_decr(id))) {
        reply_err(ctx, start ? ERR_XRANGE_START : ERR_XRANGE_END);
        return -1;
    }
    return 0;
}

static void xrange_generic(struct cmd_ctx *ctx, int rev)
{
    struct stream_id start, end;
    if (interval_end(ctx, rev ? 3 : 2, 0, 1, &start)) return;
    if (interval_end(ctx, rev ? 2 : 3, UINT64_MAX, 0, &end)) return;
    long long count = -1;
    for (int i = 4; i < ctx->argc; i++) {
        if (CTX_ARG_IS(ctx, i, "count") && i + 1 < ctx->argc) {
            if (!str_to_ll(ARG(ctx, i + 1), &count)) {
                reply_err(ctx, ERR_NOT_INT);
                return;
            }
            if (count < 0) count = 0;
            i++;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
    }
    int failed;
    struct streamobj *s = stream_lookup(ctx, 1, 1, &failed);
    if (failed) return;
    if (!s) {
        reply_array(ctx->out, 0);
        return;
    }
    if (count == 0) {
        reply_null_array(ctx->out);
        return;
    }
    stream_reply_range(ctx->out, s, &start, &end, count < 0 ? 0 : (uint64_t)count, rev, 0);
}

void cmd_xrange(struct cmd_ctx *ctx)
{
    xrange_generic(ctx, 0);
}

void cmd_xrevrange(struct cmd_ctx *ctx)
{
    xrange_generic(ctx, 1);
}

/* ---- XDEL XTRIM ---- */

#define IDS_ON_STACK 8

void cmd_xdel(struct cmd_ctx *ctx)
{
    int failed;
    struct streamobj *s = stream_lookup(ctx, 1, 0, &failed);
    if (failed) return;
    if (!s) {
        reply_int(ctx->out, 0);
        return;
    }
    /* Every ID is checked before any is deleted, so a bad one changes nothing. */
    size_t n = (size_t)ctx->argc - 2;
    struct stream_id stack[IDS_ON_STACK];
    struct stream_id *ids = n <= IDS_ON_STACK ? stack : mem_alloc(n * sizeof *ids);
    long long deleted = 0;
    for (size_t i = 0; i < n; i++)
        if (stream_arg_id(ctx, (int)i + 2, 0, 1, NULL, &ids[i])) goto out;
    for (size_t i = 0; i < n; i++)
        deleted += streamobj_delete(s, &ids[i]);
    if (deleted) changed(ctx, "xdel");
    reply_int(ctx->out, deleted);
out:
    if (ids != stack) mem_free(ids);
}

void cmd_xtrim(struct cmd_ctx *ctx)
{
    struct stream_add_args a;
    if (stream_parse_add_trim(ctx, &a, 0, CONFIG_GET(stream_node_max_entries)) < 0) return;
    int failed;
    struct streamobj *s = stream_lookup(ctx, 1, 0, &failed);
    if (failed) return;
    int64_t deleted = s ? streamobj_trim(s, &a.trim) : 0;
    if (deleted) changed(ctx, "xtrim");
    reply_int(ctx->out, deleted);
}

/* ---- XSETID ---- */

void cmd_xsetid(struct cmd_ctx *ctx)
{
    struct stream_id id, max_deleted = {0, 0};
    long long entries_added = -1;
    if (stream_arg_id(ctx, 2, 0, 1, NULL, &id)) return;
    for (int i = 3; i < ctx->argc; i += 2) {
        int more = ctx->argc - 1 - i;
        if (CTX_ARG_IS(ctx, i, "entriesadded") && more) {
            if (!str_to_ll(ARG(ctx, i + 1), &entries_added)) {
                reply_err(ctx, ERR_NOT_INT);
                return;
            }
            if (entries_added < 0) {
                reply_err(ctx, ERR_XSETID_ENTRIES_ADDED);
                return;
            }
        } else if (CTX_ARG_IS(ctx, i, "maxdeletedid") && more) {
            if (stream_arg_id(ctx, i + 1, 0, 1, NULL, &max_deleted)) return;
            if (stream_id_cmp(&id, &max_deleted) < 0) {
                reply_err(ctx, ERR_XSETID_MAX_DELETED);
                return;
            }
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
    }
    int failed;
    struct streamobj *s = stream_lookup(ctx, 1, 0, &failed);
    if (failed) return;
    if (!s) {
        reply_err(ctx, ERR_NO_KEY);
        return;
    }
    if (streamobj_len(s) > 0) {
        /* IDs only grow: the last one may not go below the top entry */
        struct stream_id top;
        streamobj_last_valid_id(s, &top);
        if (stream_id_cmp(&id, &top) < 0) {
            reply_err(ctx, ERR_XSETID_SMALL);
            return;
        }
        if (entries_added != -1 && streamobj_len(s) > (uint64_t)entries_added) {
            reply_err(ctx, ERR_XSETID_LENGTH);
            return;
        }
    }
    s->last_id = id;
    if (entries_added != -1) s->entries_added = (uint64_t)entries_added;
    if (!stream_id_is_zero(&max_deleted)) s->max_deleted = max_deleted;
    reply_ok(ctx->out);
    changed(ctx, "xsetid");
}
