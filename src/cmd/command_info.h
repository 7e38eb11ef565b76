/* COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP), all
 * generated from the command table; and the table metadata only COMMAND shows, carried in the
 * high bits of struct command's flags. Handlers run on the client's worker (CMD_CONN). */
#ifndef TESSERA_COMMAND_INFO_H
#define TESSERA_COMMAND_INFO_H

#include <stdint.h>

struct cmd_ctx;

/* Flags of Redis's that cmd.h does not name (shown by COMMAND, no effect on routing). */
#define CMD_ALLOW_BUSY (1u << 21)
#define CMD_NO_MULTI   (1u << 22)
/* ACL categories that follow neither from the flags (@read, @write, @admin, @fast...) nor from
 * the data-type group (@string, @set...). */
#define CMD_CAT_KEYSPACE   (1u << 23)
#define CMD_CAT_CONNECTION (1u << 24)
#define CMD_CAT_DANGEROUS  (1u << 25)
#define CMD_CAT_ADMIN      (1u << 13) /* @admin without the admin flag (LASTSAVE) */
#define CMD_CAT_SORT       (1u << 14) /* @set @sortedset @list of a generic command (SORT) */
/* Command tips: an index into the list of tip combinations in command_info.c. */
#define CMD_TIPS_SHIFT 26
#define CMD_TIPS(t)    ((uint32_t)(t) << CMD_TIPS_SHIFT)
#define CMD_INFO_MASK  (~0u << 21)

enum cmd_tips {
    TIPS_NONE = 0,
    TIPS_MULTI_SHARD,               /* request_policy:multi_shard */
    TIPS_MULTI_SHARD_ALL_SUCCEEDED, /* ... response_policy:all_succeeded */
    TIPS_MULTI_SHARD_AGG_MIN,       /* ... response_policy:agg_min */
    TIPS_MULTI_SHARD_AGG_SUM,       /* ... response_policy:agg_sum */
    TIPS_NONDET_ORDER,              /* nondeterministic_output_order */
    TIPS_ALL_SHARDS_NONDET_ORDER,   /* request_policy:all_shards, nondeterministic_output_order */
    TIPS_NONDET_SPECIAL,            /* nondeterministic_output, request_policy:special */
    TIPS_ALL_SHARDS_NONDET,         /* request_policy:all_shards, nondeterministic_output */
    TIPS_ALL_SHARDS_AGG_SUM,        /* request_policy:all_shards, response_policy:agg_sum */
    TIPS_ALL_SHARDS_ALL_SUCCEEDED,  /* request_policy:all_shards, response_policy:all_succeeded */
    TIPS_NONDET,                    /* nondeterministic_output */
    TIPS_NONDET_ALL_SHARDS_SPECIAL, /* nondeterministic_output, request_policy:all_shards,
                                       response_policy:special */
    TIPS_ALL_NODES_ALL_SUCCEEDED,   /* request_policy:all_nodes, response_policy:all_succeeded */
    TIPS_ALL_NODES_NONDET,          /* request_policy:all_nodes, nondeterministic_output */
    TIPS_ALL_NODES_AGG_SUM_NONDET,  /* request_policy:all_nodes, response_policy:agg_sum,
                                       nondeterministic_output */
    TIPS_NONDET_ALL_NODES_SPECIAL,  /* nondeterministic_output, request_policy:all_nodes,
                                       response_policy:special */
    TIPS_COUNT
};

struct command;
/* A command's ACL categories (bit i: category i), their number and names (ACL uses them). */
uint32_t cmd_acl_categories(const struct command *c);
int cmd_acl_category_count(void);
const char *cmd_acl_category_name(int i);

void cmd_command(struct cmd_ctx *ctx);
void cmd_command_count(struct cmd_ctx *ctx);
void cmd_command_info(struct cmd_ctx *ctx);
void cmd_command_docs(struct cmd_ctx *ctx);
void cmd_command_list(struct cmd_ctx *ctx);
void cmd_command_getkeys(struct cmd_ctx *ctx);
void cmd_command_getkeysandflags(struct cmd_ctx *ctx);
void cmd_command_help(struct cmd_ctx *ctx);

#endif
