/* OBJECT ENCODING, FREQ, IDLETIME, REFCOUNT and MEMORY USAGE: the encoding Redis 7.0 would name for
 * a value's contents, its access clock (shard/access.h), and the bytes the key holds, from the same
 * accounting as INFO's used_memory. Handlers run on the
 * thread holding the key's shard; the HELP forms on the client's worker. */
#include <limits.h>
#include <string.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/access.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/util.h"
#include "types/t_conn.h"
#include "types/t_object.h"

void cmd_object(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

void cmd_memory(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

/* The key at argv[2], looked up without counting a keyspace hit or miss, as Redis's
 * objectCommandLookup; NULL when absent. */
static struct entry *lookup(struct cmd_ctx *ctx)
{
    const struct resp_arg *k = &ctx->argv[2];
    return ks_peek(ctx_shard(ctx, k->ptr, k->len), ctx->db, k->ptr, k->len);
}

void cmd_object_encoding(struct cmd_ctx *ctx)
{
    struct entry *e = lookup(ctx);
    if (e)
        reply_bulk_cstr(ctx->out, entry_encoding_name(e));
    else
        reply_null(ctx->out);
}

/* Under an LFU policy the clock holds a counter, under the others a time: each answers only the
 * question its policy keeps the data for, with Redis's errors. */
void cmd_object_freq(struct cmd_ctx *ctx)
{
    struct entry *e = lookup(ctx);
    if (!e) {
        reply_null(ctx->out);
    } else if (!access_lfu_policy(CONFIG_GET(maxmemory_policy))) {
        ctx_error_text(ctx, error_text(ERR_OBJECT_NO_LFU));
    } else {
        reply_int(ctx->out, (long long)access_lfu_counter(e));
    }
}

void cmd_object_idletime(struct cmd_ctx *ctx)
{
    struct entry *e = lookup(ctx);
    if (!e) {
        reply_null(ctx->out);
    } else if (access_lfu_policy(CONFIG_GET(maxmemory_policy))) {
        ctx_error_text(ctx, error_text(ERR_OBJECT_LFU));
    } else {
        reply_int(ctx->out, (long long)(access_idle_ms(e) / 1000));
    }
}

/* Redis shares the integers 0..9999 between all the strings that hold them (a reference count
 * of INT_MAX), unless maxmemory is set with an LRU or LFU policy, which needs an access clock per
 * value; every other value has one reference. Tessera keeps no shared objects: it answers what
 * Redis would for the same contents. */
static int shared_integer(struct entry *e)
{
    long long v;
    if (e->type != OBJ_STRING || strcmp(entry_encoding_name(e), "int") != 0) return 0;
    if (!str_to_ll(entry_value(e), entry_vlen(e), &v) || v < 0 || v >= 10000) return 0;
    int policy = CONFIG_GET(maxmemory_policy);
    int clocked = policy == POLICY_VOLATILE_LRU || policy == POLICY_VOLATILE_LFU ||
                  policy == POLICY_ALLKEYS_LRU || policy == POLICY_ALLKEYS_LFU;
    return !(CONFIG_GET(maxmemory) != 0 && clocked);
}

void cmd_object_refcount(struct cmd_ctx *ctx)
{
    struct entry *e = lookup(ctx);
    if (e)
        reply_int(ctx->out, shared_integer(e) ? INT_MAX : 1);
    else
        reply_null(ctx->out);
}

/* MEMORY USAGE key [SAMPLES n]: Redis samples big collections; the accounting here is exact,
 * so SAMPLES is checked as Redis checks it and then has nothing to change. */
void cmd_memory_usage(struct cmd_ctx *ctx)
{
    for (int i = 3; i < ctx->argc; i++) {
        long long samples;
        if (!CTX_ARG_IS(ctx, i, "samples") || i + 1 >= ctx->argc) {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return;
        }
        i++;
        if (!str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, &samples)) {
            ctx_error_text(ctx, error_text(ERR_NOT_INT));
            return;
        }
        if (samples < 0) {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return;
        }
    }
    struct entry *e = lookup(ctx);
    if (e)
        reply_int(ctx->out, (long long)entry_usage(e));
    else
        reply_null(ctx->out);
}

static const char *const object_help[] = {
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    NULL,
};

void cmd_object_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, object_help);
}

static const char *const memory_help[] = {
    "DOCTOR",
    "    Return memory problems reports.",
    "MALLOC-STATS",
    "    Return internal statistics report from the memory allocator.",
    "PURGE",
    "    Attempt to purge dirty pages for reclamation by the allocator.",
    "STATS",
    "    Return information about the memory usage of the server.",
    "USAGE <key> [SAMPLES <count>]",
    "    Return memory in bytes used by <key> and its value. Nested values are",
    "    sampled up to <count> times (default: 5, 0 means sample all).",
    NULL,
};

void cmd_memory_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, memory_help);
}
