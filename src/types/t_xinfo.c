/* XINFO STREAM key [FULL [COUNT n]] and XINFO HELP, in Redis 7.0's reply shapes. A stream has
 * no consumer groups here, so "groups" is always 0 (or empty with FULL). Handlers run on the
 * thread holding the key's shard. */
#include "resp/errors.h"
#include "shard/streamobj.h"
#include "tessera/util.h"
#include "types/stream_args.h"
#include "types/t_conn.h"
#include "types/t_stream.h"

/* FULL shows this many entries unless COUNT says otherwise (0: all). */
#define XINFO_FULL_COUNT 10

static const char *const xinfo_help[] = {
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
    NULL,
};

void cmd_xinfo(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

void cmd_xinfo_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, xinfo_help);
}

static void syntax_error(struct cmd_ctx *ctx)
{
    size_t len = ctx->argv[1].len < 128 ? ctx->argv[1].len : 128;
    ctx_errorf(ctx, error_text(ERR_SUBCMD_SYNTAX), (int)len, ctx->argv[1].ptr, "XINFO");
}

static void reply_field_id(struct reply *r, const char *name, const struct stream_id *id)
{
    reply_bulk_cstr(r, name);
    stream_reply_id(r, id);
}

/* The first or last entry as [id, [field, value, ...]], or a null. */
static void reply_edge_entry(struct reply *r, const struct streamobj *s, int last)
{
    if (!stream_reply_range(r, s, NULL, NULL, 1, last, 1)) reply_null(r);
}

void cmd_xinfo_stream(struct cmd_ctx *ctx)
{
    int failed;
    const struct streamobj *s = stream_lookup(ctx, 2, 1, &failed);
    if (failed) return;
    if (!s) {
        ctx_error_text(ctx, error_text(ERR_NO_KEY));
        return;
    }
    int full = ctx->argc > 3;
    long long count = XINFO_FULL_COUNT;
    if (full) {
        int optc = ctx->argc - 3;
        if ((optc != 1 && optc != 3) || !CTX_ARG_IS(ctx, 3, "full") ||
            (optc == 3 && !CTX_ARG_IS(ctx, 4, "count"))) {
            syntax_error(ctx);
            return;
        }
        if (optc == 3) {
            if (!str_to_ll(ctx->argv[5].ptr, ctx->argv[5].len, &count)) {
                ctx_error_text(ctx, error_text(ERR_NOT_INT));
                return;
            }
            if (count < 0) count = XINFO_FULL_COUNT;
        }
    }
    struct reply *r = ctx->out;
    reply_map(r, full ? 9 : 10);
    reply_bulk_cstr(r, "length");
    reply_int(r, (long long)streamobj_len(s));
    reply_bulk_cstr(r, "radix-tree-keys");
    reply_int(r, (long long)streamobj_node_count(s));
    reply_bulk_cstr(r, "radix-tree-nodes");
    reply_int(r, (long long)streamobj_rax_nodes(s));
    reply_field_id(r, "last-generated-id", &s->last_id);
    reply_field_id(r, "max-deleted-entry-id", &s->max_deleted);
    reply_bulk_cstr(r, "entries-added");
    reply_int(r, (long long)s->entries_added);
    reply_field_id(r, "recorded-first-entry-id", &s->first_id);
    if (!full) {
        reply_bulk_cstr(r, "groups");
        reply_int(r, 0);
        reply_bulk_cstr(r, "first-entry");
        reply_edge_entry(r, s, 0);
        reply_bulk_cstr(r, "last-entry");
        reply_edge_entry(r, s, 1);
        return;
    }
    reply_bulk_cstr(r, "entries");
    stream_reply_range(r, s, NULL, NULL, (uint64_t)count, 0, 0);
    reply_bulk_cstr(r, "groups");
    reply_array(r, 0);
}
