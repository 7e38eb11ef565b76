/* COMMAND and its subcommands, generated from the command table in Redis 7.0's reply shapes
 * (RESP2 and RESP3). Nothing here is written per command: flags, ACL categories, tips and key
 * specs all derive from the table's rows. Runs on the client's worker (CMD_CONN); the table is
 * read-only once built. */
#include <stdint.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/command_docs.h"
#include "cmd/command_info.h"
#include "resp/errors.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"

_Static_assert(((CMD_WRITE | CMD_READONLY | CMD_DENYOOM | CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING |
                 CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_SKIP_SLOWLOG | CMD_CONN |
                 CMD_ALL_SHARDS) &
                CMD_INFO_MASK) == 0,
               "COMMAND metadata bits overlap cmd.h's flags");
_Static_assert(TIPS_COUNT <= (1u << (32 - CMD_TIPS_SHIFT)), "too many tip combinations");

struct flag_name {
    uint32_t flag;
    int xflag;
    const char *name;
};

/* In the order Redis prints them; xflag: the bit is one of struct command's xflags. */
static const struct flag_name flag_names[] = {
    {CMD_WRITE, 0, "write"},
    {CMD_READONLY, 0, "readonly"},
    {CMD_DENYOOM, 0, "denyoom"},
    {CMD_ADMIN, 0, "admin"},
    {CMD_PUBSUB, 0, "pubsub"},
    {CMD_NOSCRIPT, 0, "noscript"},
    {CMD_BLOCKING, 0, "blocking"},
    {CMD_LOADING, 0, "loading"},
    {CMD_STALE, 0, "stale"},
    {CMDX_SKIP_MONITOR, 1, "skip_monitor"},
    {CMD_SKIP_SLOWLOG, 0, "skip_slowlog"},
    {CMD_FAST, 0, "fast"},
    {CMD_NO_AUTH, 0, "no_auth"},
    {CMDX_NO_MANDATORY_KEYS, 1, "no_mandatory_keys"},
    {CMD_NO_ASYNC_LOADING, 0, "no_async_loading"},
    {CMD_NO_MULTI, 0, "no_multi"},
    {CMD_ALLOW_BUSY, 0, "allow_busy"},
};

/* Redis's ACL categories, in the order it prints them. */
enum acl_cat {
    CAT_KEYSPACE,
    CAT_READ,
    CAT_WRITE,
    CAT_SET,
    CAT_SORTEDSET,
    CAT_LIST,
    CAT_HASH,
    CAT_STRING,
    CAT_BITMAP,
    CAT_HYPERLOGLOG,
    CAT_GEO,
    CAT_STREAM,
    CAT_PUBSUB,
    CAT_ADMIN,
    CAT_FAST,
    CAT_SLOW,
    CAT_BLOCKING,
    CAT_DANGEROUS,
    CAT_CONNECTION,
    CAT_TRANSACTION,
    CAT_SCRIPTING,
    CAT_COUNT
};

static const char *const cat_names[CAT_COUNT] = {
    "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
    "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting",
};

/* The data-type groups whose commands all belong to the category of the same name. */
static const struct {
    const char *group;
    enum acl_cat cat;
} group_cats[] = {
    {"string", CAT_STRING},
    {"list", CAT_LIST},
    {"set", CAT_SET},
    {"sorted-set", CAT_SORTEDSET},
    {"hash", CAT_HASH},
    {"bitmap", CAT_BITMAP},
    {"hyperloglog", CAT_HYPERLOGLOG},
    {"geo", CAT_GEO},
    {"stream", CAT_STREAM},
    {"transactions", CAT_TRANSACTION},
    {"scripting", CAT_SCRIPTING},
};

static const char *const tip_lists[TIPS_COUNT][4] = {
    [TIPS_NONE] = {NULL},
    [TIPS_MULTI_SHARD] = {"request_policy:multi_shard"},
    [TIPS_MULTI_SHARD_ALL_SUCCEEDED] = {"request_policy:multi_shard",
                                        "response_policy:all_succeeded"},
    [TIPS_MULTI_SHARD_AGG_MIN] = {"request_policy:multi_shard", "response_policy:agg_min"},
    [TIPS_MULTI_SHARD_AGG_SUM] = {"request_policy:multi_shard", "response_policy:agg_sum"},
    [TIPS_NONDET_ORDER] = {"nondeterministic_output_order"},
    [TIPS_ALL_SHARDS_NONDET_ORDER] = {"request_policy:all_shards", "nondeterministic_output_order"},
    [TIPS_NONDET_SPECIAL] = {"nondeterministic_output", "request_policy:special"},
    [TIPS_ALL_SHARDS_NONDET] = {"request_policy:all_shards", "nondeterministic_output"},
    [TIPS_ALL_SHARDS_AGG_SUM] = {"request_policy:all_shards", "response_policy:agg_sum"},
    [TIPS_ALL_SHARDS_ALL_SUCCEEDED] = {"request_policy:all_shards",
                                       "response_policy:all_succeeded"},
    [TIPS_NONDET] = {"nondeterministic_output"},
    [TIPS_NONDET_ALL_SHARDS_SPECIAL] = {"nondeterministic_output", "request_policy:all_shards",
                                        "response_policy:special"},
    [TIPS_ALL_NODES_ALL_SUCCEEDED] = {"request_policy:all_nodes", "response_policy:all_succeeded"},
    [TIPS_ALL_NODES_NONDET] = {"request_policy:all_nodes", "nondeterministic_output"},
    [TIPS_ALL_NODES_AGG_SUM_NONDET] = {"request_policy:all_nodes", "response_policy:agg_sum",
                                       "nondeterministic_output"},
    [TIPS_NONDET_ALL_NODES_SPECIAL] = {"nondeterministic_output", "request_policy:all_nodes",
                                       "response_policy:special"},
};

static const char *const help_lines[] = {
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static size_t subcommand_count(const struct command *c)
{
    size_t n = 0;
    for (const struct command *sub = c->subcommands; sub && sub->name; sub++)
        n++;
    return n;
}

/* The command's ACL categories as a bit set of enum acl_cat, as Redis's
 * setImplicitACLCategories adds them to the declared ones. */
uint32_t cmd_acl_categories(const struct command *c)
{
    uint32_t cats = 0;
    if (c->flags & CMD_CAT_KEYSPACE) cats |= 1u << CAT_KEYSPACE;
    if (c->flags & CMD_WRITE) cats |= 1u << CAT_WRITE;
    /* Redis leaves scripting commands (EVAL_RO...) out of @read */
    if ((c->flags & CMD_READONLY) && !(c->group && strcmp(c->group, "scripting") == 0))
        cats |= 1u << CAT_READ;
    if (c->flags & CMD_ADMIN) cats |= 1u << CAT_ADMIN | 1u << CAT_DANGEROUS;
    cats |= 1u << ((c->flags & CMD_FAST) ? CAT_FAST : CAT_SLOW);
    if (c->flags & CMD_CAT_CONNECTION) cats |= 1u << CAT_CONNECTION;
    if (c->flags & CMD_CAT_DANGEROUS) cats |= 1u << CAT_DANGEROUS;
    if (c->flags & CMD_CAT_ADMIN) cats |= 1u << CAT_ADMIN;
    if (c->flags & CMD_CAT_SORT) cats |= 1u << CAT_SET | 1u << CAT_SORTEDSET | 1u << CAT_LIST;
    if (c->flags & CMD_BLOCKING) cats |= 1u << CAT_BLOCKING;
    if (c->flags & CMD_PUBSUB) cats |= 1u << CAT_PUBSUB;
    /* A container declares no category of its group: its subcommands do. */
    if (!c->subcommands && c->group) {
        for (size_t i = 0; i < ARRAY_LEN(group_cats); i++)
            if (strcmp(c->group, group_cats[i].group) == 0) cats |= 1u << group_cats[i].cat;
    }
    return cats;
}

int cmd_acl_category_count(void)
{
    return CAT_COUNT;
}

const char *cmd_acl_category_name(int i)
{
    return cat_names[i];
}

static int has_flag(const struct command *c, const struct flag_name *f)
{
    return f->xflag ? (c->xflags & f->flag) != 0 : (c->flags & f->flag) != 0;
}

/* Redis adds "movablekeys" after the declared flags when key positions need the arguments. */
static void reply_flags(struct reply *r, const struct command *c)
{
    size_t n = c->getkeys != NULL;
    for (size_t i = 0; i < ARRAY_LEN(flag_names); i++)
        n += has_flag(c, &flag_names[i]);
    reply_set(r, n);
    for (size_t i = 0; i < ARRAY_LEN(flag_names); i++)
        if (has_flag(c, &flag_names[i])) reply_simple(r, flag_names[i].name);
    if (c->getkeys) reply_simple(r, "movablekeys");
}

static void reply_categories(struct reply *r, const struct command *c)
{
    uint32_t cats = cmd_acl_categories(c);
    reply_set(r, (size_t)__builtin_popcount(cats));
    char buf[32];
    for (int i = 0; i < CAT_COUNT; i++) {
        if (!(cats & (1u << i))) continue;
        buf[0] = '@';
        strcpy(buf + 1, cat_names[i]);
        reply_simple(r, buf);
    }
}

static void reply_tips(struct reply *r, const struct command *c)
{
    uint32_t t = c->flags >> CMD_TIPS_SHIFT;
    const char *const *tips = tip_lists[t < TIPS_COUNT ? t : TIPS_NONE];
    size_t n = 0;
    while (n < 4 && tips[n])
        n++;
    reply_set(r, n);
    for (size_t i = 0; i < n; i++)
        reply_bulk_cstr(r, tips[i]);
}

/* The access flags of a key: the table knows only whether the command writes; a pub/sub
 * command's "key" is a shard channel, which Redis flags not_key. */
static void reply_key_flags(struct reply *r, const struct command *c)
{
    reply_set(r, 1);
    if (c->flags & CMD_PUBSUB)
        reply_simple(r, "not_key");
    else
        reply_simple(r, (c->flags & CMD_WRITE) ? "RW" : "RO");
}

/* One key spec built from first/last/step, as Redis describes a legacy key range: an index
 * begin_search and a range find_keys whose lastkey counts from the first key (or from the end
 * when negative). */
static void reply_key_specs(struct reply *r, const struct command *c)
{
    if (c->first_key <= 0) {
        reply_set(r, 0);
        return;
    }
    reply_set(r, 1);
    reply_map(r, 3);
    reply_bulk_cstr(r, "flags");
    reply_key_flags(r, c);
    reply_bulk_cstr(r, "begin_search");
    reply_map(r, 2);
    reply_bulk_cstr(r, "type");
    reply_bulk_cstr(r, "index");
    reply_bulk_cstr(r, "spec");
    reply_map(r, 1);
    reply_bulk_cstr(r, "index");
    reply_int(r, c->first_key);
    reply_bulk_cstr(r, "find_keys");
    reply_map(r, 2);
    reply_bulk_cstr(r, "type");
    reply_bulk_cstr(r, "range");
    reply_bulk_cstr(r, "spec");
    reply_map(r, 3);
    reply_bulk_cstr(r, "lastkey");
    reply_int(r, c->last_key < 0 ? c->last_key : c->last_key - c->first_key);
    reply_bulk_cstr(r, "keystep");
    reply_int(r, c->key_step);
    reply_bulk_cstr(r, "limit");
    reply_int(r, 0);
}

/* Redis's addReplyCommandInfo: ten fields, subcommands nested the same way. */
static void reply_command_info(struct reply *r, const struct command *c)
{
    if (!c) {
        reply_null(r);
        return;
    }
    reply_array(r, 10);
    reply_bulk_cstr(r, c->name);
    reply_int(r, c->arity);
    reply_flags(r, c);
    reply_int(r, c->first_key);
    reply_int(r, c->last_key);
    reply_int(r, c->key_step);
    reply_categories(r, c);
    const struct cmd_doc *d = cmd_doc_find(c->name);
    if (d) {
        cmd_doc_reply_tips(r, d);
        cmd_doc_reply_key_specs(r, d);
    } else {
        reply_tips(r, c);
        reply_key_specs(r, c);
    }
    if (!c->subcommands) {
        reply_set(r, 0);
        return;
    }
    reply_array(r, subcommand_count(c));
    for (const struct command *sub = c->subcommands; sub->name; sub++)
        reply_command_info(r, sub);
}

/* Redis's addReplyCommandDocs: the generated documentation when Redis has the command, the
 * table's columns otherwise; the subcommands are the table's. */
static void reply_command_docs(struct reply *r, const struct command *c)
{
    const struct cmd_doc *d = cmd_doc_find(c->name);
    size_t n = d ? cmd_doc_field_count(d)
                 : 1 + (size_t)(c->summary != NULL) + (size_t)(c->since != NULL) +
                       (size_t)(c->complexity != NULL);
    reply_map(r, n + (c->subcommands != NULL));
    if (d) {
        cmd_doc_reply_fields(r, d);
    } else {
        if (c->summary) {
            reply_bulk_cstr(r, "summary");
            reply_bulk_cstr(r, c->summary);
        }
        if (c->since) {
            reply_bulk_cstr(r, "since");
            reply_bulk_cstr(r, c->since);
        }
        reply_bulk_cstr(r, "group");
        reply_bulk_cstr(r, c->group ? c->group : "");
        if (c->complexity) {
            reply_bulk_cstr(r, "complexity");
            reply_bulk_cstr(r, c->complexity);
        }
    }
    if (c->subcommands) {
        reply_bulk_cstr(r, "subcommands");
        reply_map(r, subcommand_count(c));
        for (const struct command *sub = c->subcommands; sub->name; sub++) {
            reply_bulk_cstr(r, sub->name);
            reply_command_docs(r, sub);
        }
    }
}

/* A command by the name COMMAND INFO/DOCS take: "get" or "config|get" (Redis's
 * lookupCommandBySds). */
static const struct command *lookup_full_name(const char *name, size_t len)
{
    const char *bar = memchr(name, '|', len);
    if (!bar) return cmd_lookup(name, len);
    const struct command *base = cmd_lookup(name, (size_t)(bar - name));
    const char *sub = bar + 1;
    size_t sublen = len - (size_t)(sub - name);
    if (!base || !base->subcommands || memchr(sub, '|', sublen)) return NULL;
    return cmd_lookup_sub(base, sub, sublen);
}

static void reply_all_info(struct reply *r)
{
    size_t n;
    const struct command *table = cmd_table(&n);
    reply_array(r, cmd_table_count());
    for (size_t i = 0; i < n; i++)
        if (!cmd_removed(&table[i])) reply_command_info(r, &table[i]);
}

void cmd_command(struct cmd_ctx *ctx)
{
    reply_all_info(ctx->out);
}

void cmd_command_count(struct cmd_ctx *ctx)
{
    reply_int(ctx->out, (long long)cmd_table_count());
}

void cmd_command_info(struct cmd_ctx *ctx)
{
    if (ctx->argc == 2) {
        reply_all_info(ctx->out);
        return;
    }
    reply_array(ctx->out, (size_t)(ctx->argc - 2));
    for (int i = 2; i < ctx->argc; i++)
        reply_command_info(ctx->out, lookup_full_name(ctx->argv[i].ptr, ctx->argv[i].len));
}

void cmd_command_docs(struct cmd_ctx *ctx)
{
    struct reply *r = ctx->out;
    if (ctx->argc == 2) {
        size_t n;
        const struct command *table = cmd_table(&n);
        reply_map(r, cmd_table_count());
        for (size_t i = 0; i < n; i++) {
            if (cmd_removed(&table[i])) continue;
            reply_bulk_cstr(r, table[i].name);
            reply_command_docs(r, &table[i]);
        }
        return;
    }
    /* Unknown names are left out, so the length is known only at the end. */
    size_t mark = reply_defer_len(r);
    size_t found = 0;
    for (int i = 2; i < ctx->argc; i++) {
        const struct command *c = lookup_full_name(ctx->argv[i].ptr, ctx->argv[i].len);
        if (!c) continue;
        reply_bulk_cstr(r, c->name);
        reply_command_docs(r, c);
        found++;
    }
    if (r->resp >= 3)
        reply_set_deferred_len(r, mark, '%', found);
    else
        reply_set_deferred_len(r, mark, '*', 2 * found);
}

enum list_filter { FILTER_NONE, FILTER_MODULE, FILTER_ACLCAT, FILTER_PATTERN };

struct list_query {
    enum list_filter type;
    const char *arg;
    size_t arglen;
    int cat; /* FILTER_ACLCAT: the category, -1 when there is no such category */
};

static int list_match(const struct list_query *q, const struct command *c)
{
    switch (q->type) {
    case FILTER_NONE:
        return 1;
    case FILTER_MODULE:
        return 0; /* no modules here */
    case FILTER_ACLCAT:
        return q->cat >= 0 && (cmd_acl_categories(c) & (1u << q->cat));
    case FILTER_PATTERN:
        return glob_match(q->arg, q->arglen, c->name, strlen(c->name), 1);
    }
    return 0;
}

void cmd_command_list(struct cmd_ctx *ctx)
{
    struct list_query q = {.type = FILTER_NONE, .cat = -1};
    for (int i = 2; i < ctx->argc; i++) {
        if (!CTX_ARG_IS(ctx, i, "filterby") || ctx->argc - 1 - i != 2) {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return;
        }
        if (CTX_ARG_IS(ctx, i + 1, "module"))
            q.type = FILTER_MODULE;
        else if (CTX_ARG_IS(ctx, i + 1, "aclcat"))
            q.type = FILTER_ACLCAT;
        else if (CTX_ARG_IS(ctx, i + 1, "pattern"))
            q.type = FILTER_PATTERN;
        else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return;
        }
        q.arg = ctx->argv[i + 2].ptr;
        q.arglen = ctx->argv[i + 2].len;
        i += 2;
    }
    if (q.type == FILTER_ACLCAT) {
        for (int c = 0; c < CAT_COUNT; c++)
            if (arg_is(q.arg, q.arglen, cat_names[c])) q.cat = c;
    }

    size_t n, found = 0;
    const struct command *table = cmd_table(&n);
    size_t mark = reply_defer_len(ctx->out);
    for (size_t i = 0; i < n; i++) {
        if (cmd_removed(&table[i])) continue;
        if (list_match(&q, &table[i])) {
            reply_bulk_cstr(ctx->out, table[i].name);
            found++;
        }
        for (const struct command *sub = table[i].subcommands; sub && sub->name; sub++) {
            if (!list_match(&q, sub)) continue;
            reply_bulk_cstr(ctx->out, sub->name);
            found++;
        }
    }
    reply_set_deferred_len(ctx->out, mark, '*', found);
}

/* BITFIELD reads only when every operation is a GET (Redis's bitfieldGetKeys). */
static int bitfield_readonly(int argc, const struct resp_arg *argv)
{
    for (int i = 2; i < argc; i++) {
        int more = argc - i - 1;
        if (arg_is(argv[i].ptr, argv[i].len, "get") && more >= 2)
            i += 2;
        else if (arg_is(argv[i].ptr, argv[i].len, "overflow") && more >= 1)
            i += 1;
        else
            return 0; /* SET, INCRBY or a syntax error: not read-only */
    }
    return 1;
}

/* Redis's getkeys procedures, for commands whose key specs cannot say it all (an unknown or
 * incomplete spec, flags that depend on the arguments): the table's key positions, flagged as
 * Redis's procedures flag them. */
static int native_keys(const struct command *c, const struct cmd_doc *d, int argc,
                       const struct resp_arg *argv, struct doc_key *keys, int max)
{
    int *pos = mem_alloc((size_t)max * sizeof(int));
    int n = cmd_key_positions(c, argc, argv, pos, max);
    unsigned mask = ~(KS_INCOMPLETE | KS_VARIABLE_FLAGS);
    for (int k = 0; k < n; k++) {
        const struct doc_key_spec *ks = &d->key_specs[k == 0 ? 0 : d->nkey_specs - 1];
        unsigned flags = ks->flags & mask;
        if (strcmp(c->name, "set") == 0) {
            flags = KS_OW | KS_UPDATE;
            for (int i = 3; i < argc; i++)
                if (arg_is(argv[i].ptr, argv[i].len, "get")) flags = KS_RW | KS_ACCESS | KS_UPDATE;
        } else if (strcmp(c->name, "bitfield") == 0) {
            flags =
                bitfield_readonly(argc, argv) ? KS_RO | KS_ACCESS : KS_RW | KS_ACCESS | KS_UPDATE;
        }
        keys[k] = (struct doc_key){.pos = pos[k], .flags = flags};
    }
    mem_free(pos);
    return n;
}

/* COMMAND GETKEYS[ANDFLAGS] <command> <args...>: the keys of a full command line by the
 * command's key specs, as Redis's getKeysSubcommandImpl finds them; a command Redis does not
 * document falls back to the table's key positions. */
static void getkeys(struct cmd_ctx *ctx, int with_flags)
{
    const struct resp_arg *argv = ctx->argv + 2;
    int argc = ctx->argc - 2;
    const struct command *c = cmd_lookup(argv[0].ptr, argv[0].len);
    if (c && c->subcommands && argc >= 2) c = cmd_lookup_sub(c, argv[1].ptr, argv[1].len);

    if (!c) {
        ctx_error_text(ctx, error_text(ERR_CMD_INVALID));
        return;
    }
    const struct cmd_doc *d = cmd_doc_find(c->name);
    int has_keys =
        d ? (cmd_doc_all_key_flags(d, 1) & KS_NOT_KEY) != 0 : c->first_key > 0 || c->getkeys;
    if (!has_keys) {
        ctx_error_text(ctx, error_text(ERR_CMD_NO_KEYS));
        return;
    }
    if (!cmd_arity_ok(c, argc)) {
        ctx_error_text(ctx, error_text(ERR_CMD_ARGC));
        return;
    }
    int max = argc * (d ? d->nkey_specs + 1 : 1);
    struct doc_key *keys = mem_alloc((size_t)max * sizeof *keys);
    int nkeys = -1;
    if (d) {
        if (!(cmd_doc_all_key_flags(d, 0) & (KS_VARIABLE_FLAGS | KS_INCOMPLETE)))
            nkeys = cmd_doc_keys(d, argc, argv, keys, max);
        if (nkeys < 0) nkeys = native_keys(c, d, argc, argv, keys, max);
    } else {
        int *pos = mem_alloc((size_t)max * sizeof(int));
        nkeys = cmd_key_positions(c, argc, argv, pos, max);
        for (int k = 0; k < nkeys; k++)
            keys[k] = (struct doc_key){pos[k], (c->flags & CMD_WRITE) ? KS_RW : KS_RO};
        mem_free(pos);
    }
    if (nkeys <= 0) {
        ctx_error_text(ctx, error_text(ERR_CMD_BAD_ARGS));
        mem_free(keys);
        return;
    }
    reply_array(ctx->out, (size_t)nkeys);
    for (int k = 0; k < nkeys; k++) {
        if (with_flags) reply_array(ctx->out, 2);
        reply_bulk(ctx->out, argv[keys[k].pos].ptr, argv[keys[k].pos].len);
        if (with_flags) cmd_doc_reply_key_flags(ctx->out, keys[k].flags);
    }
    mem_free(keys);
}

void cmd_command_getkeys(struct cmd_ctx *ctx)
{
    getkeys(ctx, 0);
}

void cmd_command_getkeysandflags(struct cmd_ctx *ctx)
{
    getkeys(ctx, 1);
}

void cmd_command_help(struct cmd_ctx *ctx)
{
    reply_array(ctx->out, ARRAY_LEN(help_lines));
    for (size_t i = 0; i < ARRAY_LEN(help_lines); i++)
        reply_simple(ctx->out, help_lines[i]);
}
