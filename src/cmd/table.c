/* The one command table: a row for every command of the server (Redis 7.0's arity, flags, key
 * positions and docs), the subcommand tables of the containers, and the name look-up. Built once
 * by cmd_table_init on the main thread before the workers start; read-only afterwards, so every
 * worker reads it without locks. */
#include <stdint.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/command_info.h"
#include "cmd/multi.h"
#include "cmd/pubsub.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "script/eval.h"
#include "script/fcall.h"
#include "types/t_acl.h"
#include "types/t_bitmap.h"
#include "types/t_blocking.h"
#include "types/t_client_ctl.h"
#include "types/t_conn.h"
#include "types/t_debug.h"
#include "types/t_geo.h"
#include "types/t_hash.h"
#include "types/t_hll.h"
#include "types/t_keys.h"
#include "types/t_lcs.h"
#include "types/t_list.h"
#include "types/t_lolwut.h"
#include "types/t_movedb.h"
#include "types/t_object.h"
#include "types/t_persist.h"
#include "types/t_server.h"
#include "types/t_set.h"
#include "types/t_sort.h"
#include "types/t_stream.h"
#include "types/t_string.h"
#include "types/t_tracking.h"
#include "types/t_zset.h"
#include "server/latency.h"
#include "server/memstats.h"
#include "server/slowlog.h"

/* A row: the fields in the order of the table's columns; subcommands are added after it. */
#define CMD(name_, arity_, first_, last_, step_, handler_, flags_, group_, since_, summary_,       \
            complexity_)                                                                           \
    .name = (name_), .arity = (arity_), .flags = (flags_), .first_key = (first_),                  \
    .last_key = (last_), .key_step = (step_), .handler = (handler_), .group = (group_),            \
    .since = (since_), .summary = (summary_), .complexity = (complexity_)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The rows keep one layout (name, arity, keys, handler / flags / group, since / summary /
 * complexity) so the table reads as a table. */
/* clang-format off */

/* Subcommand rows carry their full name ("client|id"), as COMMAND and arity errors print it. */
static struct command client_subcommands[] = {
    {CMD("client|id", 2, 0, 0, 0, cmd_client_id,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "5.0.0",
         "Returns the client ID for the current connection",
         "O(1)")},
    {CMD("client|setname", 3, 0, 0, 0, cmd_client_setname,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "2.6.9",
         "Set the current connection name",
         "O(1)")},
    {CMD("client|getname", 2, 0, 0, 0, cmd_client_getname,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "2.6.9",
         "Get the current connection name",
         "O(1)")},
    {CMD("client|list", -2, 0, 0, 0, cmd_client_list,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION |
         CMD_TIPS(TIPS_NONDET),
         "connection", "2.4.0",
         "Get the list of client connections",
         "O(N) where N is the number of client connections")},
    {CMD("client|info", 2, 0, 0, 0, cmd_client_info,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION |
         CMD_TIPS(TIPS_NONDET),
         "connection", "6.2.0",
         "Returns information about the current client connection.",
         "O(1)")},
    {CMD("client|kill", -3, 0, 0, 0, cmd_client_kill,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "2.4.0",
         "Kill the connection of a client",
         "O(N) where N is the number of client connections")},
    {CMD("client|setinfo", 4, 0, 0, 0, cmd_client_setinfo,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "7.2.0",
         "Sets information specific to the client or connection.",
         "O(1)")},
    {CMD("client|no-evict", 3, 0, 0, 0, cmd_client_no_evict,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "7.0.0",
         "Set client eviction mode for the current connection",
         "O(1)")},
    {CMD("client|pause", -3, 0, 0, 0, cmd_client_pause,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "2.9.50",
         "Stop processing commands from clients for some time",
         "O(1)")},
    {CMD("client|unpause", 2, 0, 0, 0, cmd_client_unpause,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "6.2.0",
         "Resume processing of clients that were paused",
         "O(N) Where N is the number of paused clients")},
    {CMD("client|unblock", -3, 0, 0, 0, cmd_client_unblock,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "5.0.0",
         "Unblock a client blocked in a blocking command from a different connection",
         "O(log N) where N is the number of client connections")},
    {CMD("client|reply", 3, 0, 0, 0, cmd_client_reply,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "3.2.0",
         "Instruct the server whether to reply to commands",
         "O(1)")},
    {CMD("client|help", 2, 0, 0, 0, cmd_client_help,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "5.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {CMD("client|tracking", -3, 0, 0, 0, cmd_client_tracking,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "6.0.0",
         "Enable or disable server assisted client side caching support",
         "O(1). Some options may introduce additional complexity.")},
    {CMD("client|caching", 3, 0, 0, 0, cmd_client_caching,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "6.0.0",
         "Instruct the server about tracking or not keys in the next request",
         "O(1)")},
    {CMD("client|getredir", 2, 0, 0, 0, cmd_client_getredir,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "6.0.0",
         "Get tracking notifications redirection client ID if any",
         "O(1)")},
    {CMD("client|trackinginfo", 2, 0, 0, 0, cmd_client_trackinginfo,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "6.2.0",
         "Return information about server assisted client side caching for the current connection",
         "O(1)")},
    {0},
};

static struct command acl_subcommands[] = {
    {CMD("acl|setuser", -3, 0, 0, 0, cmd_acl_setuser,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Modify or create the rules for a specific ACL user",
         "O(1)")},
    {CMD("acl|getuser", 3, 0, 0, 0, cmd_acl_getuser,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Get the rules for a specific ACL user",
         "O(1)")},
    {CMD("acl|deluser", -3, 0, 0, 0, cmd_acl_deluser,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Remove the specified ACL users and the associated rules",
         "O(1)")},
    {CMD("acl|list", 2, 0, 0, 0, cmd_acl_list,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "List the current ACL rules in ACL config file format",
         "O(1)")},
    {CMD("acl|users", 2, 0, 0, 0, cmd_acl_users,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "List the username of all the configured ACL rules",
         "O(1)")},
    {CMD("acl|whoami", 2, 0, 0, 0, cmd_acl_whoami,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Return the name of the user associated to the current connection",
         "O(1)")},
    {CMD("acl|cat", -2, 0, 0, 0, cmd_acl_cat,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "List the ACL categories or the commands inside a category",
         "O(1)")},
    {CMD("acl|genpass", -2, 0, 0, 0, cmd_acl_genpass,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Generate a pseudorandom secure password to use for ACL users",
         "O(1)")},
    {CMD("acl|log", -2, 0, 0, 0, cmd_acl_log,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "List latest events denied because of ACLs in place",
         "O(1)")},
    {CMD("acl|dryrun", -4, 0, 0, 0, cmd_acl_dryrun,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "7.0.0",
         "Returns whether the user can execute the given command without executing the command.",
         "O(1)")},
    {CMD("acl|load", 2, 0, 0, 0, cmd_acl_load,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Reload the ACLs from the configured ACL file",
         "O(1)")},
    {CMD("acl|save", 2, 0, 0, 0, cmd_acl_save,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Save the current ACL rules in the configured ACL file",
         "O(1)")},
    {CMD("acl|help", 2, 0, 0, 0, cmd_acl_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {0},
};

static struct command script_subcommands[] = {
    {CMD("script|kill", 2, 0, 0, 0, cmd_script_kill,
         CMD_NOSCRIPT | CMD_CONN | CMD_ALLOW_BUSY,
         "scripting", "2.6.0",
         "Kill the script currently in execution.",
         "O(1)")},
    {CMD("script|exists", -3, 0, 0, 0, cmd_script_exists,
         CMD_NOSCRIPT | CMD_CONN,
         "scripting", "2.6.0",
         "Check existence of scripts in the script cache.",
         "O(N) with N being the number of scripts to check (so checking a single script is an "
         "O(1) operation).")},
    {CMD("script|help", 2, 0, 0, 0, cmd_script_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "scripting", "5.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {CMD("script|flush", -2, 0, 0, 0, cmd_script_flush,
         CMD_NOSCRIPT | CMD_CONN,
         "scripting", "2.6.0",
         "Remove all the scripts from the script cache.",
         "O(N) with N being the number of scripts in cache")},
    {CMD("script|load", 3, 0, 0, 0, cmd_script_load,
         CMD_NOSCRIPT | CMD_STALE | CMD_CONN,
         "scripting", "2.6.0",
         "Load the specified Lua script into the script cache.",
         "O(N) with N being the length in bytes of the script body.")},
    {0},
};

static struct command function_subcommands[] = {
    {CMD("function|load", -3, 0, 0, 0, cmd_function_load,
         CMD_WRITE | CMD_DENYOOM | CMD_NOSCRIPT | CMD_CONN,
         "scripting", "7.0.0",
         "Create a function with the given arguments (name, code, description)",
         "O(1) (considering compilation time is redundant)")},
    {CMD("function|delete", 3, 0, 0, 0, cmd_function_delete,
         CMD_WRITE | CMD_NOSCRIPT | CMD_CONN | CMD_TIPS(TIPS_ALL_SHARDS_ALL_SUCCEEDED),
         "scripting", "7.0.0",
         "Delete a function by name",
         "O(1)")},
    {CMD("function|flush", -2, 0, 0, 0, cmd_function_flush,
         CMD_WRITE | CMD_NOSCRIPT | CMD_CONN | CMD_TIPS(TIPS_ALL_SHARDS_ALL_SUCCEEDED),
         "scripting", "7.0.0",
         "Deleting all functions",
         "O(N) where N is the number of functions deleted")},
    {CMD("function|list", -2, 0, 0, 0, cmd_function_list,
         CMD_NOSCRIPT | CMD_CONN | CMD_TIPS(TIPS_NONDET_ORDER),
         "scripting", "7.0.0",
         "List information about all the functions",
         "O(N) where N is the number of functions")},
    {CMD("function|dump", 2, 0, 0, 0, cmd_function_dump,
         CMD_NOSCRIPT | CMD_CONN,
         "scripting", "7.0.0",
         "Dump all functions into a serialized binary payload",
         "O(N) where N is the number of functions")},
    {CMD("function|restore", -3, 0, 0, 0, cmd_function_restore,
         CMD_WRITE | CMD_DENYOOM | CMD_NOSCRIPT | CMD_CONN,
         "scripting", "7.0.0",
         "Restore all the functions on the given payload",
         "O(N) where N is the number of functions on the payload")},
    {CMD("function|stats", 2, 0, 0, 0, cmd_function_stats,
         CMD_NOSCRIPT | CMD_CONN | CMD_ALLOW_BUSY | CMD_TIPS(TIPS_NONDET_ALL_SHARDS_SPECIAL),
         "scripting", "7.0.0",
         "Return information about the function currently running (name, description, duration)",
         "O(1)")},
    {CMD("function|kill", 2, 0, 0, 0, cmd_function_kill,
         CMD_NOSCRIPT | CMD_CONN | CMD_ALLOW_BUSY,
         "scripting", "7.0.0",
         "Kill the function currently in execution.",
         "O(1)")},
    {CMD("function|help", 2, 0, 0, 0, cmd_function_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "scripting", "7.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {0},
};

static struct command config_subcommands[] = {
    {CMD("config|get", -3, 0, 0, 0, cmd_config_get,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "2.0.0",
         "Get the values of configuration parameters",
         "O(N) when N is the number of configuration parameters provided")},
    {CMD("config|set", -4, 0, 0, 0, cmd_config_set,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN |
         CMD_TIPS(TIPS_ALL_NODES_ALL_SUCCEEDED),
         "server", "2.0.0",
         "Set configuration parameters to the given values",
         "O(N) when N is the number of configuration parameters provided")},
    {CMD("config|resetstat", 2, 0, 0, 0, cmd_config_resetstat,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "2.0.0",
         "Reset the stats returned by INFO",
         "O(1)")},
    {CMD("config|rewrite", 2, 0, 0, 0, cmd_config_rewrite,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "2.8.0",
         "Overwrite the configuration file with the in-memory configuration",
         "O(1)")},
    {CMD("config|help", 2, 0, 0, 0, cmd_config_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "5.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {0},
};

static struct command command_subcommands[] = {
    {CMD("command|count", 2, 0, 0, 0, cmd_command_count,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "server", "2.8.13",
         "Get total number of Redis commands",
         "O(1)")},
    {CMD("command|info", -2, 0, 0, 0, cmd_command_info,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION | CMD_TIPS(TIPS_NONDET_ORDER),
         "server", "2.8.13",
         "Get array of specific Redis command details, or all when no argument is given.",
         "O(N) where N is the number of commands to look up")},
    {CMD("command|docs", -2, 0, 0, 0, cmd_command_docs,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION | CMD_TIPS(TIPS_NONDET_ORDER),
         "server", "7.0.0",
         "Get array of specific Redis command documentation",
         "O(N) where N is the number of commands to look up")},
    {CMD("command|list", -2, 0, 0, 0, cmd_command_list,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION | CMD_TIPS(TIPS_NONDET_ORDER),
         "server", "7.0.0",
         "Get an array of Redis command names",
         "O(N) where N is the total number of Redis commands")},
    {CMD("command|getkeys", -4, 0, 0, 0, cmd_command_getkeys,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "server", "2.8.13",
         "Extract keys given a full Redis command",
         "O(N) where N is the number of arguments to the command")},
    {CMD("command|getkeysandflags", -4, 0, 0, 0, cmd_command_getkeysandflags,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "server", "7.0.0",
         "Extract keys and access flags given a full Redis command",
         "O(N) where N is the number of arguments to the command")},
    {CMD("command|help", 2, 0, 0, 0, cmd_command_help,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION,
         "server", "5.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {0},
};

static struct command object_subcommands[] = {
    {CMD("object|encoding", 3, 2, 2, 1, cmd_object_encoding,
         CMD_READONLY | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET),
         "generic", "2.2.3",
         "Inspect the internal encoding of a Redis object",
         "O(1)")},
    {CMD("object|freq", 3, 2, 2, 1, cmd_object_freq,
         CMD_READONLY | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET),
         "generic", "4.0.0",
         "Get the logarithmic access frequency counter of a Redis object",
         "O(1)")},
    {CMD("object|help", 2, 0, 0, 0, cmd_object_help,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_KEYSPACE,
         "generic", "6.2.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {CMD("object|idletime", 3, 2, 2, 1, cmd_object_idletime,
         CMD_READONLY | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET),
         "generic", "2.2.3",
         "Get the time since a Redis object was last accessed",
         "O(1)")},
    {CMD("object|refcount", 3, 2, 2, 1, cmd_object_refcount,
         CMD_READONLY | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET),
         "generic", "2.2.3",
         "Get the number of references to the value of the key",
         "O(1)")},
    {0},
};

/* XINFO GROUPS and CONSUMERS belong to consumer groups, which are not built. */
static struct command xinfo_subcommands[] = {
    {CMD("xinfo|stream", -3, 2, 2, 1, cmd_xinfo_stream,
         CMD_READONLY,
         "stream", "5.0.0",
         "Get information about a stream",
         "O(1)")},
    {CMD("xinfo|help", 2, 0, 0, 0, cmd_xinfo_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "stream", "5.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {0},
};

static struct command memory_subcommands[] = {
    {CMD("memory|usage", -3, 2, 2, 1, cmd_memory_usage,
         CMD_READONLY,
         "server", "4.0.0",
         "Estimate the memory usage of a key",
         "O(N) where N is the number of samples.")},
    {CMD("memory|stats", 2, 0, 0, 0, cmd_memory_stats,
         CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_SHARDS_SPECIAL),
         "server", "4.0.0",
         "Show memory usage details",
         "O(1)")},
    {CMD("memory|doctor", 2, 0, 0, 0, cmd_memory_doctor,
         CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_SHARDS_SPECIAL),
         "server", "4.0.0",
         "Outputs memory problems report",
         "O(1)")},
    {CMD("memory|malloc-stats", 2, 0, 0, 0, cmd_memory_malloc_stats,
         CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_SHARDS_SPECIAL),
         "server", "4.0.0",
         "Show allocator internal stats",
         "Depends on how much memory is allocated, could be slow")},
    {CMD("memory|purge", 2, 0, 0, 0, cmd_memory_purge,
         CMD_CONN | CMD_TIPS(TIPS_ALL_SHARDS_ALL_SUCCEEDED),
         "server", "4.0.0",
         "Ask the allocator to release memory",
         "Depends on how much memory is allocated, could be slow")},
    {CMD("memory|help", 2, 0, 0, 0, cmd_memory_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "4.0.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {0},
};

static struct command slowlog_subcommands[] = {
    {CMD("slowlog|get", -2, 0, 0, 0, cmd_slowlog_get,
         CMD_ADMIN | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_ALL_NODES_NONDET),
         "server", "2.2.12",
         "Get the slow log's entries",
         "O(N) where N is the number of entries returned")},
    {CMD("slowlog|len", 2, 0, 0, 0, cmd_slowlog_len,
         CMD_ADMIN | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_ALL_NODES_AGG_SUM_NONDET),
         "server", "2.2.12",
         "Get the slow log's length",
         "O(1)")},
    {CMD("slowlog|reset", 2, 0, 0, 0, cmd_slowlog_reset,
         CMD_ADMIN | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_ALL_NODES_ALL_SUCCEEDED),
         "server", "2.2.12",
         "Clear all entries from the slow log",
         "O(N) where N is the number of entries in the slowlog")},
    {CMD("slowlog|help", 2, 0, 0, 0, cmd_slowlog_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "6.2.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {0},
};

static struct command latency_subcommands[] = {
    {CMD("latency|doctor", 2, 0, 0, 0, cmd_latency_doctor,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_NODES_SPECIAL),
         "server", "2.8.13",
         "Return a human readable latency analysis report.",
         "O(1)")},
    {CMD("latency|graph", 3, 0, 0, 0, cmd_latency_graph,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_NODES_SPECIAL),
         "server", "2.8.13",
         "Return a latency graph for the event.",
         "O(1)")},
    {CMD("latency|history", 3, 0, 0, 0, cmd_latency_history,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_NODES_SPECIAL),
         "server", "2.8.13",
         "Return timestamp-latency samples for the event.",
         "O(1)")},
    {CMD("latency|latest", 2, 0, 0, 0, cmd_latency_latest,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_NODES_SPECIAL),
         "server", "2.8.13",
         "Return the latest latency samples for all events.",
         "O(1)")},
    {CMD("latency|reset", -2, 0, 0, 0, cmd_latency_reset,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_ALL_NODES_ALL_SUCCEEDED),
         "server", "2.8.13",
         "Reset latency data for one or more events.",
         "O(1)")},
    {CMD("latency|histogram", -2, 0, 0, 0, cmd_latency_histogram,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_TIPS(TIPS_NONDET_ALL_NODES_SPECIAL),
         "server", "7.0.0",
         "Return the cumulative distribution of latencies of a subset of commands or all.",
         "O(N) where N is the number of commands with latency information being retrieved.")},
    {CMD("latency|help", 2, 0, 0, 0, cmd_latency_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "2.8.13",
         "Show helpful text about the different subcommands.",
         "O(1)")},
    {0},
};

static struct command pubsub_subcommands[] = {
    /* in the order Redis 7.0 lists them */
    {CMD("pubsub|numpat", 2, 0, 0, 0, cmd_pubsub_numpat,
         CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_CONN,
         "pubsub", "2.8.0",
         "Get the count of unique patterns pattern subscriptions",
         "O(1)")},
    {CMD("pubsub|help", 2, 0, 0, 0, cmd_pubsub_help,
         CMD_LOADING | CMD_STALE | CMD_CONN,
         "pubsub", "6.2.0",
         "Show helpful text about the different subcommands",
         "O(1)")},
    {CMD("pubsub|channels", -2, 0, 0, 0, cmd_pubsub_channels,
         CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_CONN,
         "pubsub", "2.8.0",
         "List active channels",
         "O(N) where N is the number of active channels, and assuming constant time pattern "
         "matching (relatively short channels and patterns)")},
    {CMD("pubsub|numsub", -2, 0, 0, 0, cmd_pubsub_numsub,
         CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_CONN,
         "pubsub", "2.8.0",
         "Get the count of subscribers for channels",
         "O(N) for the NUMSUB subcommand, where N is the number of requested channels")},
    {CMD("pubsub|shardnumsub", -2, 0, 0, 0, cmd_pubsub_shardnumsub,
         CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_CONN,
         "pubsub", "7.0.0",
         "Get the count of subscribers for shard channels",
         "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard "
         "channels")},
    {CMD("pubsub|shardchannels", -2, 0, 0, 0, cmd_pubsub_shardchannels,
         CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_CONN,
         "pubsub", "7.0.0",
         "List active shard channels",
         "O(N) where N is the number of active shard channels, and assuming constant time "
         "pattern matching (relatively short shard channels).")},
    {0},
};

static struct command commands[] = {
    /* string */
    {CMD("get", 2, 1, 1, 1, cmd_get,
         CMD_READONLY | CMD_FAST,
         "string", "1.0.0",
         "Get the value of a key",
         "O(1)")},
    {CMD("set", -3, 1, 1, 1, cmd_set,
         CMD_WRITE | CMD_DENYOOM,
         "string", "1.0.0",
         "Set the string value of a key",
         "O(1)")},
    {CMD("setnx", 3, 1, 1, 1, cmd_setnx,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "1.0.0",
         "Set the value of a key, only if the key does not exist",
         "O(1)")},
    {CMD("setex", 4, 1, 1, 1, cmd_setex,
         CMD_WRITE | CMD_DENYOOM,
         "string", "2.0.0",
         "Set the value and expiration of a key",
         "O(1)")},
    {CMD("psetex", 4, 1, 1, 1, cmd_psetex,
         CMD_WRITE | CMD_DENYOOM,
         "string", "2.6.0",
         "Set the value and expiration in milliseconds of a key",
         "O(1)")},
    {CMD("getset", 3, 1, 1, 1, cmd_getset,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "1.0.0",
         "Set the string value of a key and return its old value",
         "O(1)")},
    {CMD("getdel", 2, 1, 1, 1, cmd_getdel,
         CMD_WRITE | CMD_FAST,
         "string", "6.2.0",
         "Get the value of a key and delete the key",
         "O(1)")},
    {CMD("getex", -2, 1, 1, 1, cmd_getex,
         CMD_WRITE | CMD_FAST,
         "string", "6.2.0",
         "Get the value of a key and optionally set its expiration",
         "O(1)")},
    {CMD("mget", -2, 1, -1, 1, cmd_mget,
         CMD_READONLY | CMD_FAST | CMD_TIPS(TIPS_MULTI_SHARD),
         "string", "1.0.0",
         "Get the values of all the given keys",
         "O(N) where N is the number of keys to retrieve.")},
    {CMD("mset", -3, 1, -1, 2, cmd_mset,
         CMD_WRITE | CMD_DENYOOM | CMD_TIPS(TIPS_MULTI_SHARD_ALL_SUCCEEDED),
         "string", "1.0.1",
         "Set multiple keys to multiple values",
         "O(N) where N is the number of keys to set.")},
    {CMD("msetnx", -3, 1, -1, 2, cmd_msetnx,
         CMD_WRITE | CMD_DENYOOM | CMD_TIPS(TIPS_MULTI_SHARD_AGG_MIN),
         "string", "1.0.1",
         "Set multiple keys to multiple values, only if none of the keys exist",
         "O(N) where N is the number of keys to set.")},
    {CMD("incr", 2, 1, 1, 1, cmd_incr,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "1.0.0",
         "Increment the integer value of a key by one",
         "O(1)")},
    {CMD("decr", 2, 1, 1, 1, cmd_decr,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "1.0.0",
         "Decrement the integer value of a key by one",
         "O(1)")},
    {CMD("incrby", 3, 1, 1, 1, cmd_incrby,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "1.0.0",
         "Increment the integer value of a key by the given amount",
         "O(1)")},
    {CMD("decrby", 3, 1, 1, 1, cmd_decrby,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "1.0.0",
         "Decrement the integer value of a key by the given number",
         "O(1)")},
    {CMD("incrbyfloat", 3, 1, 1, 1, cmd_incrbyfloat,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "2.6.0",
         "Increment the float value of a key by the given amount",
         "O(1)")},
    {CMD("append", 3, 1, 1, 1, cmd_append,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "string", "2.0.0",
         "Append a value to a key",
         "O(1). The amortized time complexity is O(1) assuming the appended value is small and "
         "the already present value is of any size, since the dynamic string library used by "
         "Redis will double the free space available on every reallocation.")},
    {CMD("strlen", 2, 1, 1, 1, cmd_strlen,
         CMD_READONLY | CMD_FAST,
         "string", "2.2.0",
         "Get the length of the value stored in a key",
         "O(1)")},
    {CMD("substr", 4, 1, 1, 1, cmd_getrange,
         CMD_READONLY,
         "string", "1.0.0",
         "Get a substring of the string stored at a key",
         "O(N) where N is the length of the returned string. The complexity is ultimately "
         "determined by the returned length, but because creating a substring from an existing "
         "string is very cheap, it can be considered O(1) for small strings.")},
    {CMD("lcs", -3, 1, 2, 1, cmd_lcs,
         CMD_READONLY,
         "string", "7.0.0",
         "Find longest common substring",
         "O(N*M) where N and M are the lengths of s1 and s2, respectively")},
    {CMD("getrange", 4, 1, 1, 1, cmd_getrange,
         CMD_READONLY,
         "string", "2.4.0",
         "Get a substring of the string stored at a key",
         "O(N) where N is the length of the returned string. The complexity is ultimately "
         "determined by the returned length, but because creating a substring from an existing "
         "string is very cheap, it can be considered O(1) for small strings.")},
    {CMD("setrange", 4, 1, 1, 1, cmd_setrange,
         CMD_WRITE | CMD_DENYOOM,
         "string", "2.2.0",
         "Overwrite part of a string at key starting at the specified offset",
         "O(1), not counting the time taken to copy the new string in place. Usually, this "
         "string is very small so the amortized complexity is O(1). Otherwise, complexity is "
         "O(M) with M being the length of the value argument.")},
    /* bitmap */
    {CMD("setbit", 4, 1, 1, 1, cmd_setbit,
         CMD_WRITE | CMD_DENYOOM,
         "bitmap", "2.2.0",
         "Sets or clears the bit at offset in the string value stored at key",
         "O(1)")},
    {CMD("getbit", 3, 1, 1, 1, cmd_getbit,
         CMD_READONLY | CMD_FAST,
         "bitmap", "2.2.0",
         "Returns the bit value at offset in the string value stored at key",
         "O(1)")},
    {CMD("bitcount", -2, 1, 1, 1, cmd_bitcount,
         CMD_READONLY,
         "bitmap", "2.6.0",
         "Count set bits in a string",
         "O(N)")},
    {CMD("bitpos", -3, 1, 1, 1, cmd_bitpos,
         CMD_READONLY,
         "bitmap", "2.8.7",
         "Find first bit set or clear in a string",
         "O(N)")},
    {CMD("bitop", -4, 2, -1, 1, cmd_bitop,
         CMD_WRITE | CMD_DENYOOM,
         "bitmap", "2.6.0",
         "Perform bitwise operations between strings",
         "O(N)")},
    {CMD("bitfield", -2, 1, 1, 1, cmd_bitfield,
         CMD_WRITE | CMD_DENYOOM,
         "bitmap", "3.2.0",
         "Perform arbitrary bitfield integer operations on strings",
         "O(1) for each subcommand specified")},
    {CMD("bitfield_ro", -2, 1, 1, 1, cmd_bitfield_ro,
         CMD_READONLY | CMD_FAST,
         "bitmap", "6.0.0",
         "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
         "O(1) for each subcommand specified")},
    /* list */
    {CMD("lpush", -3, 1, 1, 1, cmd_lpush,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "list", "1.0.0",
         "Prepend one or multiple elements to a list",
         "O(1) for each element added, so O(N) to add N elements when the command is called with "
         "multiple arguments.")},
    {CMD("rpush", -3, 1, 1, 1, cmd_rpush,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "list", "1.0.0",
         "Append one or multiple elements to a list",
         "O(1) for each element added, so O(N) to add N elements when the command is called with "
         "multiple arguments.")},
    {CMD("lpushx", -3, 1, 1, 1, cmd_lpushx,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "list", "2.2.0",
         "Prepend an element to a list, only if the list exists",
         "O(1) for each element added, so O(N) to add N elements when the command is called with "
         "multiple arguments.")},
    {CMD("rpushx", -3, 1, 1, 1, cmd_rpushx,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "list", "2.2.0",
         "Append an element to a list, only if the list exists",
         "O(1) for each element added, so O(N) to add N elements when the command is called with "
         "multiple arguments.")},
    {CMD("lpop", -2, 1, 1, 1, cmd_lpop,
         CMD_WRITE | CMD_FAST,
         "list", "1.0.0",
         "Remove and get the first elements in a list",
         "O(N) where N is the number of elements returned")},
    {CMD("rpop", -2, 1, 1, 1, cmd_rpop,
         CMD_WRITE | CMD_FAST,
         "list", "1.0.0",
         "Remove and get the last elements in a list",
         "O(N) where N is the number of elements returned")},
    {CMD("llen", 2, 1, 1, 1, cmd_llen,
         CMD_READONLY | CMD_FAST,
         "list", "1.0.0",
         "Get the length of a list",
         "O(1)")},
    {CMD("lrange", 4, 1, 1, 1, cmd_lrange,
         CMD_READONLY,
         "list", "1.0.0",
         "Get a range of elements from a list",
         "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest "
         "end (HEAD or TAIL) for large lists; and N is the number of elements in the specified "
         "range.")},
    {CMD("lindex", 3, 1, 1, 1, cmd_lindex,
         CMD_READONLY,
         "list", "1.0.0",
         "Get an element from a list by its index",
         "O(N) where N is the number of elements to traverse to get to the element at index. "
         "This makes asking for the first or the last element of the list O(1).")},
    {CMD("lset", 4, 1, 1, 1, cmd_lset,
         CMD_WRITE | CMD_DENYOOM,
         "list", "1.0.0",
         "Set the value of an element in a list by its index",
         "O(N) where N is the length of the list. Setting either the first or the last element "
         "of the list is O(1).")},
    {CMD("linsert", 5, 1, 1, 1, cmd_linsert,
         CMD_WRITE | CMD_DENYOOM,
         "list", "2.2.0",
         "Insert an element before or after another element in a list",
         "O(N) where N is the number of elements to traverse before seeing the value pivot. This "
         "means that inserting somewhere on the left end on the list (head) can be considered "
         "O(1) and inserting somewhere on the right end (tail) is O(N).")},
    {CMD("lrem", 4, 1, 1, 1, cmd_lrem,
         CMD_WRITE,
         "list", "1.0.0",
         "Remove elements from a list",
         "O(N+M) where N is the length of the list and M is the number of elements removed.")},
    {CMD("ltrim", 4, 1, 1, 1, cmd_ltrim,
         CMD_WRITE,
         "list", "1.0.0",
         "Trim a list to the specified range",
         "O(N) where N is the number of elements to be removed by the operation.")},
    {CMD("lpos", -3, 1, 1, 1, cmd_lpos,
         CMD_READONLY,
         "list", "6.0.6",
         "Return the index of matching elements on a list",
         "O(N) where N is the number of elements in the list, for the average case. When "
         "searching for elements near the head or the tail of the list, or when the MAXLEN "
         "option is provided, the command may run in constant time.")},
    {CMD("lmove", 5, 1, 2, 1, cmd_lmove,
         CMD_WRITE | CMD_DENYOOM,
         "list", "6.2.0",
         "Pop an element from a list, push it to another list and return it",
         "O(1)")},
    {CMD("rpoplpush", 3, 1, 2, 1, cmd_rpoplpush,
         CMD_WRITE | CMD_DENYOOM,
         "list", "1.2.0",
         "Remove the last element in a list, prepend it to another list and return it",
         "O(1)")},
    {CMD("lmpop", -4, 0, 0, 0, cmd_lmpop,
         CMD_WRITE,
         "list", "7.0.0",
         "Pop elements from a list",
         "O(N+M) where N is the number of provided keys and M is the number of elements "
         "returned."), .getkeys = lmpop_getkeys},
    {CMD("blpop", -3, 1, -2, 1, cmd_blpop,
         CMD_WRITE | CMD_NOSCRIPT | CMD_BLOCKING,
         "list", "2.0.0",
         "Remove and get the first element in a list, or block until one is available",
         "O(N) where N is the number of provided keys.")},
    {CMD("brpop", -3, 1, -2, 1, cmd_brpop,
         CMD_WRITE | CMD_NOSCRIPT | CMD_BLOCKING,
         "list", "2.0.0",
         "Remove and get the last element in a list, or block until one is available",
         "O(N) where N is the number of provided keys.")},
    {CMD("blmove", 6, 1, 2, 1, cmd_blmove,
         CMD_WRITE | CMD_DENYOOM | CMD_NOSCRIPT | CMD_BLOCKING,
         "list", "6.2.0",
         "Pop an element from a list, push it to another list and return it; or block until one "
         "is available",
         "O(1)")},
    {CMD("brpoplpush", 4, 1, 2, 1, cmd_brpoplpush,
         CMD_WRITE | CMD_DENYOOM | CMD_NOSCRIPT | CMD_BLOCKING,
         "list", "2.2.0",
         "Pop an element from a list, push it to another list and return it; or block until one "
         "is available",
         "O(1)")},
    {CMD("blmpop", -5, 0, 0, 0, cmd_blmpop,
         CMD_WRITE | CMD_BLOCKING,
         "list", "7.0.0",
         "Pop elements from a list, or block until one is available",
         "O(N+M) where N is the number of provided keys and M is the number of elements "
         "returned."), .getkeys = blocking_mpop_getkeys},
    /* hash */
    {CMD("hset", -4, 1, 1, 1, cmd_hset,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "hash", "2.0.0",
         "Set the string value of a hash field",
         "O(1) for each field/value pair added, so O(N) to add N field/value pairs when "
         "the command is called with multiple field/value pairs.")},
    {CMD("hmset", -4, 1, 1, 1, cmd_hmset,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "hash", "2.0.0",
         "Set multiple hash fields to multiple values",
         "O(N) where N is the number of fields being set.")},
    {CMD("hsetnx", 4, 1, 1, 1, cmd_hsetnx,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "hash", "2.0.0",
         "Set the value of a hash field, only if the field does not exist",
         "O(1)")},
    {CMD("hget", 3, 1, 1, 1, cmd_hget,
         CMD_READONLY | CMD_FAST,
         "hash", "2.0.0",
         "Get the value of a hash field",
         "O(1)")},
    {CMD("hmget", -3, 1, 1, 1, cmd_hmget,
         CMD_READONLY | CMD_FAST,
         "hash", "2.0.0",
         "Get the values of all the given hash fields",
         "O(N) where N is the number of fields being requested.")},
    {CMD("hdel", -3, 1, 1, 1, cmd_hdel,
         CMD_WRITE | CMD_FAST,
         "hash", "2.0.0",
         "Delete one or more hash fields",
         "O(N) where N is the number of fields to be removed.")},
    {CMD("hexists", 3, 1, 1, 1, cmd_hexists,
         CMD_READONLY | CMD_FAST,
         "hash", "2.0.0",
         "Determine if a hash field exists",
         "O(1)")},
    {CMD("hlen", 2, 1, 1, 1, cmd_hlen,
         CMD_READONLY | CMD_FAST,
         "hash", "2.0.0",
         "Get the number of fields in a hash",
         "O(1)")},
    {CMD("hstrlen", 3, 1, 1, 1, cmd_hstrlen,
         CMD_READONLY | CMD_FAST,
         "hash", "3.2.0",
         "Get the length of the value of a hash field",
         "O(1)")},
    {CMD("hkeys", 2, 1, 1, 1, cmd_hkeys,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET_ORDER),
         "hash", "2.0.0",
         "Get all the fields in a hash",
         "O(N) where N is the size of the hash.")},
    {CMD("hvals", 2, 1, 1, 1, cmd_hvals,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET_ORDER),
         "hash", "2.0.0",
         "Get all the values in a hash",
         "O(N) where N is the size of the hash.")},
    {CMD("hgetall", 2, 1, 1, 1, cmd_hgetall,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET_ORDER),
         "hash", "2.0.0",
         "Get all the fields and values in a hash",
         "O(N) where N is the size of the hash.")},
    {CMD("hincrby", 4, 1, 1, 1, cmd_hincrby,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "hash", "2.0.0",
         "Increment the integer value of a hash field by the given number",
         "O(1)")},
    {CMD("hincrbyfloat", 4, 1, 1, 1, cmd_hincrbyfloat,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "hash", "2.6.0",
         "Increment the float value of a hash field by the given amount",
         "O(1)")},
    {CMD("hrandfield", -2, 1, 1, 1, cmd_hrandfield,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET),
         "hash", "6.2.0",
         "Get one or multiple random fields from a hash",
         "O(N) where N is the number of fields returned")},
    {CMD("hscan", -3, 1, 1, 1, cmd_hscan,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET),
         "hash", "2.8.0",
         "Incrementally iterate hash fields and associated values",
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection..")},
    /* sorted set */
    {CMD("zadd", -4, 1, 1, 1, cmd_zadd,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "sorted-set", "1.2.0",
         "Add one or more members to a sorted set, or update its score if it already exists",
         "O(log(N)) for each item added, where N is the number of elements in the sorted set.")},
    {CMD("zincrby", 4, 1, 1, 1, cmd_zincrby,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "sorted-set", "1.2.0",
         "Increment the score of a member in a sorted set",
         "O(log(N)) where N is the number of elements in the sorted set.")},
    {CMD("zrem", -3, 1, 1, 1, cmd_zrem,
         CMD_WRITE | CMD_FAST,
         "sorted-set", "1.2.0",
         "Remove one or more members from a sorted set",
         "O(M*log(N)) with N being the number of elements in the sorted set and M the number of "
         "elements to be removed.")},
    {CMD("zcard", 2, 1, 1, 1, cmd_zcard,
         CMD_READONLY | CMD_FAST,
         "sorted-set", "1.2.0",
         "Get the number of members in a sorted set",
         "O(1)")},
    {CMD("zscore", 3, 1, 1, 1, cmd_zscore,
         CMD_READONLY | CMD_FAST,
         "sorted-set", "1.2.0",
         "Get the score associated with the given member in a sorted set",
         "O(1)")},
    {CMD("zmscore", -3, 1, 1, 1, cmd_zmscore,
         CMD_READONLY | CMD_FAST,
         "sorted-set", "6.2.0",
         "Get the score associated with the given members in a sorted set",
         "O(N) where N is the number of members being requested.")},
    {CMD("zrank", 3, 1, 1, 1, cmd_zrank,
         CMD_READONLY | CMD_FAST,
         "sorted-set", "2.0.0",
         "Determine the index of a member in a sorted set",
         "O(log(N))")},
    {CMD("zrevrank", 3, 1, 1, 1, cmd_zrevrank,
         CMD_READONLY | CMD_FAST,
         "sorted-set", "2.0.0",
         "Determine the index of a member in a sorted set, with scores ordered from high to low",
         "O(log(N))")},
    {CMD("zcount", 4, 1, 1, 1, cmd_zcount,
         CMD_READONLY | CMD_FAST,
         "sorted-set", "2.0.0",
         "Count the members in a sorted set with scores within the given values",
         "O(log(N)) with N being the number of elements in the sorted set.")},
    {CMD("zlexcount", 4, 1, 1, 1, cmd_zlexcount,
         CMD_READONLY | CMD_FAST,
         "sorted-set", "2.8.9",
         "Count the number of members in a sorted set between a given lexicographical range",
         "O(log(N)) with N being the number of elements in the sorted set.")},
    {CMD("zrange", -4, 1, 1, 1, cmd_zrange,
         CMD_READONLY,
         "sorted-set", "1.2.0",
         "Return a range of members in a sorted set",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements returned.")},
    {CMD("zrangestore", -5, 1, 2, 1, cmd_zrangestore,
         CMD_WRITE | CMD_DENYOOM,
         "sorted-set", "6.2.0",
         "Store a range of members from sorted set into another key",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements stored into the destination key.")},
    {CMD("zrangebyscore", -4, 1, 1, 1, cmd_zrangebyscore,
         CMD_READONLY,
         "sorted-set", "1.0.5",
         "Return a range of members in a sorted set, by score",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
         "with LIMIT), you can consider it O(log(N)).")},
    {CMD("zrevrangebyscore", -4, 1, 1, 1, cmd_zrevrangebyscore,
         CMD_READONLY,
         "sorted-set", "2.2.0",
         "Return a range of members in a sorted set, by score, with scores ordered from high to "
         "low",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
         "with LIMIT), you can consider it O(log(N)).")},
    {CMD("zrangebylex", -4, 1, 1, 1, cmd_zrangebylex,
         CMD_READONLY,
         "sorted-set", "2.8.9",
         "Return a range of members in a sorted set, by lexicographical range",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
         "with LIMIT), you can consider it O(log(N)).")},
    {CMD("zrevrangebylex", -4, 1, 1, 1, cmd_zrevrangebylex,
         CMD_READONLY,
         "sorted-set", "2.8.9",
         "Return a range of members in a sorted set, by lexicographical range, ordered from "
         "higher to lower strings.",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
         "with LIMIT), you can consider it O(log(N)).")},
    {CMD("zrevrange", -4, 1, 1, 1, cmd_zrevrange,
         CMD_READONLY,
         "sorted-set", "1.2.0",
         "Return a range of members in a sorted set, by index, with scores ordered from high to "
         "low",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements returned.")},
    {CMD("zremrangebyrank", 4, 1, 1, 1, cmd_zremrangebyrank,
         CMD_WRITE,
         "sorted-set", "2.0.0",
         "Remove all members in a sorted set within the given indexes",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements removed by the operation.")},
    {CMD("zremrangebyscore", 4, 1, 1, 1, cmd_zremrangebyscore,
         CMD_WRITE,
         "sorted-set", "1.2.0",
         "Remove all members in a sorted set within the given scores",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements removed by the operation.")},
    {CMD("zremrangebylex", 4, 1, 1, 1, cmd_zremrangebylex,
         CMD_WRITE,
         "sorted-set", "2.8.9",
         "Remove all members in a sorted set between the given lexicographical range",
         "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
         "elements removed by the operation.")},
    {CMD("zpopmin", -2, 1, 1, 1, cmd_zpopmin,
         CMD_WRITE | CMD_FAST,
         "sorted-set", "5.0.0",
         "Remove and return members with the lowest scores in a sorted set",
         "O(log(N)*M) with N being the number of elements in the sorted set, and M being the "
         "number of elements popped.")},
    {CMD("zpopmax", -2, 1, 1, 1, cmd_zpopmax,
         CMD_WRITE | CMD_FAST,
         "sorted-set", "5.0.0",
         "Remove and return members with the highest scores in a sorted set",
         "O(log(N)*M) with N being the number of elements in the sorted set, and M being the "
         "number of elements popped.")},
    {CMD("zmpop", -4, 0, 0, 0, cmd_zmpop,
         CMD_WRITE,
         "sorted-set", "7.0.0",
         "Remove and return members with scores in a sorted set",
         "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of "
         "elements in the sorted set, and M being the number of elements popped."),
     .getkeys = zset_getkeys_numkeys},
    {CMD("zrandmember", -2, 1, 1, 1, cmd_zrandmember,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET),
         "sorted-set", "6.2.0",
         "Get one or multiple random elements from a sorted set",
         "O(N) where N is the number of elements returned")},
    {CMD("zunion", -3, 0, 0, 0, cmd_zunion,
         CMD_READONLY,
         "sorted-set", "6.2.0",
         "Add multiple sorted sets",
         "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M "
         "being the number of elements in the resulting sorted set."),
     .getkeys = zset_getkeys_numkeys},
    {CMD("zinter", -3, 0, 0, 0, cmd_zinter,
         CMD_READONLY,
         "sorted-set", "6.2.0",
         "Intersect multiple sorted sets",
         "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
         "number of input sorted sets and M being the number of elements in the resulting sorted "
         "set."),
     .getkeys = zset_getkeys_numkeys},
    {CMD("zdiff", -3, 0, 0, 0, cmd_zdiff,
         CMD_READONLY,
         "sorted-set", "6.2.0",
         "Subtract multiple sorted sets",
         "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, "
         "N is the size of the first set, and K is the size of the result set."),
     .getkeys = zset_getkeys_numkeys},
    {CMD("zunionstore", -4, 1, 1, 1, cmd_zunionstore,
         CMD_WRITE | CMD_DENYOOM,
         "sorted-set", "2.0.0",
         "Add multiple sorted sets and store the resulting sorted set in a new key",
         "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M "
         "being the number of elements in the resulting sorted set."),
     .getkeys = zset_getkeys_store},
    {CMD("zinterstore", -4, 1, 1, 1, cmd_zinterstore,
         CMD_WRITE | CMD_DENYOOM,
         "sorted-set", "2.0.0",
         "Intersect multiple sorted sets and store the resulting sorted set in a new key",
         "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
         "number of input sorted sets and M being the number of elements in the resulting sorted "
         "set."),
     .getkeys = zset_getkeys_store},
    {CMD("zdiffstore", -4, 1, 1, 1, cmd_zdiffstore,
         CMD_WRITE | CMD_DENYOOM,
         "sorted-set", "6.2.0",
         "Subtract multiple sorted sets and store the resulting sorted set in a new key",
         "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, "
         "N is the size of the first set, and K is the size of the result set."),
     .getkeys = zset_getkeys_store},
    {CMD("zintercard", -3, 0, 0, 0, cmd_zintercard,
         CMD_READONLY,
         "sorted-set", "7.0.0",
         "Intersect multiple sorted sets and return the cardinality of the result",
         "O(N*K) worst case with N being the smallest input sorted set, K being the number of "
         "input sorted sets."),
     .getkeys = zset_getkeys_numkeys},
    {CMD("zscan", -3, 1, 1, 1, cmd_zscan,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET),
         "sorted-set", "2.8.0",
         "Incrementally iterate sorted sets elements and associated scores",
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection..")},
    {CMD("bzpopmin", -3, 1, -2, 1, cmd_bzpopmin,
         CMD_WRITE | CMD_NOSCRIPT | CMD_BLOCKING | CMD_FAST,
         "sorted-set", "5.0.0",
         "Remove and return the member with the lowest score from one or more sorted sets, or "
         "block until one is available",
         "O(log(N)) with N being the number of elements in the sorted set.")},
    {CMD("bzpopmax", -3, 1, -2, 1, cmd_bzpopmax,
         CMD_WRITE | CMD_NOSCRIPT | CMD_BLOCKING | CMD_FAST,
         "sorted-set", "5.0.0",
         "Remove and return the member with the highest score from one or more sorted sets, or "
         "block until one is available",
         "O(log(N)) with N being the number of elements in the sorted set.")},
    {CMD("bzmpop", -5, 0, 0, 0, cmd_bzmpop,
         CMD_WRITE | CMD_BLOCKING,
         "sorted-set", "7.0.0",
         "Remove and return members with scores in a sorted set or block until one is available",
         "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of "
         "elements in the sorted set, and M being the number of elements popped."),
         .getkeys = blocking_mpop_getkeys},
    /* geo */
    {CMD("geoadd", -5, 1, 1, 1, cmd_geoadd,
         CMD_WRITE | CMD_DENYOOM,
         "geo", "3.2.0",
         "Add one or more geospatial items in the geospatial index represented using a sorted set",
         "O(log(N)) for each item added, where N is the number of elements in the sorted set.")},
    {CMD("geodist", -4, 1, 1, 1, cmd_geodist,
         CMD_READONLY,
         "geo", "3.2.0",
         "Returns the distance between two members of a geospatial index",
         "O(log(N))")},
    {CMD("geohash", -2, 1, 1, 1, cmd_geohash,
         CMD_READONLY,
         "geo", "3.2.0",
         "Returns members of a geospatial index as standard geohash strings",
         "O(log(N)) for each member requested, where N is the number of elements in the sorted "
         "set.")},
    {CMD("geopos", -2, 1, 1, 1, cmd_geopos,
         CMD_READONLY,
         "geo", "3.2.0",
         "Returns longitude and latitude of members of a geospatial index",
         "O(N) where N is the number of members requested.")},
    {CMD("georadius", -6, 1, 1, 1, cmd_georadius,
         CMD_WRITE | CMD_DENYOOM,
         "geo", "3.2.0",
         "Query a sorted set representing a geospatial index to fetch members matching a given "
         "maximum distance from a point",
         "O(N+log(M)) where N is the number of elements inside the bounding box of the circular "
         "area delimited by center and radius and M is the number of items inside the index."),
     .getkeys = geo_getkeys_georadius},
    {CMD("georadius_ro", -6, 1, 1, 1, cmd_georadius_ro,
         CMD_READONLY,
         "geo", "3.2.10",
         "A read-only variant for GEORADIUS",
         "O(N+log(M)) where N is the number of elements inside the bounding box of the circular "
         "area delimited by center and radius and M is the number of items inside the index.")},
    {CMD("georadiusbymember", -5, 1, 1, 1, cmd_georadiusbymember,
         CMD_WRITE | CMD_DENYOOM,
         "geo", "3.2.0",
         "Query a sorted set representing a geospatial index to fetch members matching a given "
         "maximum distance from a member",
         "O(N+log(M)) where N is the number of elements inside the bounding box of the circular "
         "area delimited by center and radius and M is the number of items inside the index."),
     .getkeys = geo_getkeys_georadiusbymember},
    {CMD("georadiusbymember_ro", -5, 1, 1, 1, cmd_georadiusbymember_ro,
         CMD_READONLY,
         "geo", "3.2.10",
         "A read-only variant for GEORADIUSBYMEMBER",
         "O(N+log(M)) where N is the number of elements inside the bounding box of the circular "
         "area delimited by center and radius and M is the number of items inside the index.")},
    {CMD("geosearch", -7, 1, 1, 1, cmd_geosearch,
         CMD_READONLY,
         "geo", "6.2.0",
         "Query a sorted set representing a geospatial index to fetch members inside an area of a "
         "box or a circle.",
         "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area "
         "around the shape provided as the filter and M is the number of items inside the "
         "shape")},
    {CMD("geosearchstore", -8, 1, 2, 1, cmd_geosearchstore,
         CMD_WRITE | CMD_DENYOOM,
         "geo", "6.2.0",
         "Query a sorted set representing a geospatial index to fetch members inside an area of a "
         "box or a circle, and store the result in another key.",
         "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area "
         "around the shape provided as the filter and M is the number of items inside the "
         "shape")},
    /* set */
    {CMD("sadd", -3, 1, 1, 1, cmd_sadd,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "set", "1.0.0",
         "Add one or more members to a set",
         "O(1) for each element added, so O(N) to add N elements when the command is called with "
         "multiple arguments.")},
    {CMD("srem", -3, 1, 1, 1, cmd_srem,
         CMD_WRITE | CMD_FAST,
         "set", "1.0.0",
         "Remove one or more members from a set",
         "O(N) where N is the number of members to be removed.")},
    {CMD("smembers", 2, 1, 1, 1, cmd_smembers,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET_ORDER),
         "set", "1.0.0",
         "Get all the members in a set",
         "O(N) where N is the set cardinality.")},
    {CMD("sismember", 3, 1, 1, 1, cmd_sismember,
         CMD_READONLY | CMD_FAST,
         "set", "1.0.0",
         "Determine if a given value is a member of a set",
         "O(1)")},
    {CMD("scard", 2, 1, 1, 1, cmd_scard,
         CMD_READONLY | CMD_FAST,
         "set", "1.0.0",
         "Get the number of members in a set",
         "O(1)")},
    {CMD("smismember", -3, 1, 1, 1, cmd_smismember,
         CMD_READONLY | CMD_FAST,
         "set", "6.2.0",
         "Returns the membership associated with the given elements for a set",
         "O(N) where N is the number of elements being checked for membership")},
    {CMD("spop", -2, 1, 1, 1, cmd_spop,
         CMD_WRITE | CMD_FAST | CMD_TIPS(TIPS_NONDET),
         "set", "1.0.0",
         "Remove and return one or multiple random members from a set",
         "Without the count argument O(1), otherwise O(N) where N is the value of the passed "
         "count.")},
    {CMD("srandmember", -2, 1, 1, 1, cmd_srandmember,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET),
         "set", "1.0.0",
         "Get one or multiple random members from a set",
         "Without the count argument O(1), otherwise O(N) where N is the absolute value of the "
         "passed count.")},
    {CMD("smove", 4, 1, 2, 1, cmd_smove,
         CMD_WRITE | CMD_FAST,
         "set", "1.0.0",
         "Move a member from one set to another",
         "O(1)")},
    {CMD("sinter", -2, 1, -1, 1, cmd_sinter,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET_ORDER),
         "set", "1.0.0",
         "Intersect multiple sets",
         "O(N*M) worst case where N is the cardinality of the smallest set and M is the number "
         "of sets.")},
    {CMD("sinterstore", -3, 1, -1, 1, cmd_sinterstore,
         CMD_WRITE | CMD_DENYOOM,
         "set", "1.0.0",
         "Intersect multiple sets and store the resulting set in a key",
         "O(N*M) worst case where N is the cardinality of the smallest set and M is the number "
         "of sets.")},
    {CMD("sintercard", -3, 0, 0, 0, cmd_sintercard,
         CMD_READONLY,
         "set", "7.0.0",
         "Intersect multiple sets and return the cardinality of the result",
         "O(N*M) worst case where N is the cardinality of the smallest set and M is the number "
         "of sets."), .getkeys = sintercard_getkeys},
    {CMD("sunion", -2, 1, -1, 1, cmd_sunion,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET_ORDER),
         "set", "1.0.0",
         "Add multiple sets",
         "O(N) where N is the total number of elements in all given sets.")},
    {CMD("sunionstore", -3, 1, -1, 1, cmd_sunionstore,
         CMD_WRITE | CMD_DENYOOM,
         "set", "1.0.0",
         "Add multiple sets and store the resulting set in a key",
         "O(N) where N is the total number of elements in all given sets.")},
    {CMD("sdiff", -2, 1, -1, 1, cmd_sdiff,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET_ORDER),
         "set", "1.0.0",
         "Subtract multiple sets",
         "O(N) where N is the total number of elements in all given sets.")},
    {CMD("sdiffstore", -3, 1, -1, 1, cmd_sdiffstore,
         CMD_WRITE | CMD_DENYOOM,
         "set", "1.0.0",
         "Subtract multiple sets and store the resulting set in a key",
         "O(N) where N is the total number of elements in all given sets.")},
    {CMD("sscan", -3, 1, 1, 1, cmd_sscan,
         CMD_READONLY | CMD_TIPS(TIPS_NONDET),
         "set", "2.8.0",
         "Incrementally iterate Set elements",
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection..")},
    /* stream */
    {CMD("xadd", -5, 1, 1, 1, cmd_xadd,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST | CMD_TIPS(TIPS_NONDET),
         "stream", "5.0.0",
         "Appends a new entry to a stream",
         "O(1) when adding a new entry, O(N) when trimming where N being the number of entries "
         "evicted.")},
    {CMD("xlen", 2, 1, 1, 1, cmd_xlen,
         CMD_READONLY | CMD_FAST,
         "stream", "5.0.0",
         "Return the number of entries in a stream",
         "O(1)")},
    {CMD("xrange", -4, 1, 1, 1, cmd_xrange,
         CMD_READONLY,
         "stream", "5.0.0",
         "Return a range of elements in a stream, with IDs matching the specified IDs interval",
         "O(N) with N being the number of elements being returned. If N is constant (e.g. always "
         "asking for the first 10 elements with COUNT), you can consider it O(1).")},
    {CMD("xrevrange", -4, 1, 1, 1, cmd_xrevrange,
         CMD_READONLY,
         "stream", "5.0.0",
         "Return a range of elements in a stream, with IDs matching the specified IDs interval, "
         "in reverse order (from greater to smaller IDs) compared to XRANGE",
         "O(N) with N being the number of elements returned. If N is constant (e.g. always "
         "asking for the first 10 elements with COUNT), you can consider it O(1).")},
    {CMD("xdel", -3, 1, 1, 1, cmd_xdel,
         CMD_WRITE | CMD_FAST,
         "stream", "5.0.0",
         "Removes the specified entries from the stream. Returns the number of items actually "
         "deleted, that may be different from the number of IDs passed in case certain IDs do "
         "not exist.",
         "O(1) for each single item to delete in the stream, regardless of the stream size.")},
    {CMD("xtrim", -4, 1, 1, 1, cmd_xtrim,
         CMD_WRITE | CMD_TIPS(TIPS_NONDET),
         "stream", "5.0.0",
         "Trims the stream to (approximately if '~' is passed) a certain size",
         "O(N), with N being the number of evicted entries. Constant times are very small "
         "however, since entries are organized in macro nodes containing multiple entries that "
         "can be released with a single deallocation.")},
    {CMD("xsetid", -3, 1, 1, 1, cmd_xsetid,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "stream", "5.0.0",
         "An internal command for replicating stream values",
         "O(1)")},
    {CMD("xread", -4, 0, 0, 0, cmd_xread,
         CMD_READONLY | CMD_BLOCKING,
         "stream", "5.0.0",
         "Return never seen elements in multiple streams, with IDs greater than the ones "
         "reported by the caller for each stream. Can block.",
         "For each stream mentioned: O(N) with N being the number of elements being returned, "
         "it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is "
         "used, XADD will pay O(M) time in order to serve the M clients blocked on the stream "
         "getting new data."),
     .getkeys = xread_getkeys, .may_block = xread_may_block},
    {CMD("xinfo", -2, 0, 0, 0, cmd_xinfo,
         CMD_CONN,
         "stream", "5.0.0",
         "A container for stream introspection commands",
         "Depends on subcommand."), .subcommands = xinfo_subcommands},
    /* hyperloglog */
    {CMD("pfadd", -2, 1, 1, 1, cmd_pfadd,
         CMD_WRITE | CMD_DENYOOM | CMD_FAST,
         "hyperloglog", "2.8.9",
         "Adds the specified elements to the specified HyperLogLog.",
         "O(1) to add every element.")},
    {CMD("pfcount", -2, 1, -1, 1, cmd_pfcount,
         CMD_READONLY,
         "hyperloglog", "2.8.9",
         "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
         "O(1) with a very small average constant time when called with a single key. O(N) with "
         "N being the number of keys, and much bigger constant times, when called with multiple "
         "keys."), .xflags = CMDX_MAY_REPLICATE},
    {CMD("pfmerge", -2, 1, -1, 1, cmd_pfmerge,
         CMD_WRITE | CMD_DENYOOM,
         "hyperloglog", "2.8.9",
         "Merge N different HyperLogLogs into a single one.",
         "O(N) to merge N HyperLogLogs, but with high constant times.")},
    {CMD("pfdebug", 3, 2, 2, 1, cmd_pfdebug,
         CMD_WRITE | CMD_DENYOOM | CMD_ADMIN,
         "hyperloglog", "2.8.9",
         "Internal commands for debugging HyperLogLog values",
         "N/A")},
    {CMD("pfselftest", 1, 0, 0, 0, cmd_pfselftest,
         CMD_ADMIN | CMD_CONN,
         "hyperloglog", "2.8.9",
         "An internal command for testing HyperLogLog values",
         "N/A")},
    /* generic (keys) */
    {CMD("del", -2, 1, -1, 1, cmd_del,
         CMD_WRITE | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_MULTI_SHARD_AGG_SUM),
         "generic", "1.0.0",
         "Delete a key",
         "O(N) where N is the number of keys that will be removed. When a key to remove holds a "
         "value other than a string, the individual complexity for this key is O(M) where M is "
         "the number of elements in the list, set, sorted set or hash. Removing a single key "
         "that holds a string value is O(1).")},
    {CMD("unlink", -2, 1, -1, 1, cmd_unlink,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_MULTI_SHARD_AGG_SUM),
         "generic", "4.0.0",
         "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non "
         "blocking.",
         "O(1) for each key removed regardless of its size. Then the command does O(N) work in a "
         "different thread in order to reclaim memory, where N is the number of allocations the "
         "deleted objects where composed of.")},
    {CMD("exists", -2, 1, -1, 1, cmd_exists,
         CMD_READONLY | CMD_FAST | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_MULTI_SHARD_AGG_SUM),
         "generic", "1.0.0",
         "Determine if a key exists",
         "O(N) where N is the number of keys to check.")},
    {CMD("type", 2, 1, 1, 1, cmd_type,
         CMD_READONLY | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "1.0.0",
         "Determine the type stored at key",
         "O(1)")},
    {CMD("object", -2, 0, 0, 0, cmd_object,
         CMD_CONN,
         "generic", "2.2.3",
         "A container for object introspection commands",
         "Depends on subcommand."), .subcommands = object_subcommands},
    {CMD("dump", 2, 1, 1, 1, cmd_dump,
         CMD_READONLY | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET),
         "generic", "2.6.0",
         "Return a serialized version of the value stored at the specified key.",
         "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of "
         "Redis objects composing the value and M their average size. For small string values "
         "the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")},
    {CMD("restore", -4, 1, 1, 1, cmd_restore,
         CMD_WRITE | CMD_DENYOOM | CMD_CAT_KEYSPACE | CMD_CAT_DANGEROUS,
         "generic", "2.6.0",
         "Create a key using the provided serialized value, previously obtained using DUMP.",
         "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, "
         "where N is the number of Redis objects composing the value and M their average size. "
         "For small string values the time complexity is thus O(1)+O(1*M) where M is small, so "
         "simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because "
         "inserting values into sorted sets is O(log(N)).")},
    {CMD("touch", -2, 1, -1, 1, cmd_touch,
         CMD_READONLY | CMD_FAST | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_MULTI_SHARD_AGG_SUM),
         "generic", "3.2.1",
         "Alters the last access time of a key(s). Returns the number of existing keys specified.",
         "O(N) where N is the number of keys that will be touched.")},
    {CMD("rename", 3, 1, 2, 1, cmd_rename,
         CMD_WRITE | CMD_CAT_KEYSPACE,
         "generic", "1.0.0",
         "Rename a key",
         "O(1)")},
    {CMD("renamenx", 3, 1, 2, 1, cmd_renamenx,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "1.0.0",
         "Rename a key, only if the new key does not exist",
         "O(1)")},
    {CMD("keys", 2, 0, 0, 0, cmd_keys,
         CMD_READONLY | CMD_ALL_SHARDS | CMD_CAT_KEYSPACE | CMD_CAT_DANGEROUS |
         CMD_TIPS(TIPS_ALL_SHARDS_NONDET_ORDER),
         "generic", "1.0.0",
         "Find all keys matching the given pattern",
         "O(N) with N being the number of keys in the database, under the assumption that the "
         "key names in the database and the given pattern have limited length.")},
    {CMD("scan", -2, 0, 0, 0, cmd_scan,
         CMD_READONLY | CMD_ALL_SHARDS | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET_SPECIAL),
         "generic", "2.8.0",
         "Incrementally iterate the keys space",
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection.")},
    {CMD("randomkey", 1, 0, 0, 0, cmd_randomkey,
         CMD_READONLY | CMD_ALL_SHARDS | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_ALL_SHARDS_NONDET),
         "generic", "1.0.0",
         "Return a random key from the keyspace",
         "O(1)")},
    {CMD("dbsize", 1, 0, 0, 0, cmd_dbsize,
         CMD_READONLY | CMD_FAST | CMD_ALL_SHARDS | CMD_CAT_KEYSPACE |
         CMD_TIPS(TIPS_ALL_SHARDS_AGG_SUM),
         "server", "1.0.0",
         "Return the number of keys in the selected database",
         "O(1)")},
    {CMD("flushdb", -1, 0, 0, 0, cmd_flushdb,
         CMD_WRITE | CMD_ALL_SHARDS | CMD_CAT_KEYSPACE | CMD_CAT_DANGEROUS |
         CMD_TIPS(TIPS_ALL_SHARDS_ALL_SUCCEEDED),
         "server", "1.0.0",
         "Remove all keys from the current database",
         "O(N) where N is the number of keys in the selected database")},
    {CMD("flushall", -1, 0, 0, 0, cmd_flushall,
         CMD_WRITE | CMD_ALL_SHARDS | CMD_CAT_KEYSPACE | CMD_CAT_DANGEROUS |
         CMD_TIPS(TIPS_ALL_SHARDS_ALL_SUCCEEDED),
         "server", "1.0.0",
         "Remove all keys from all databases",
         "O(N) where N is the total number of keys in all databases")},
    {CMD("move", 3, 1, 1, 1, cmd_move,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "1.0.0",
         "Move a key to another database",
         "O(1)")},
    {CMD("swapdb", 3, 0, 0, 0, cmd_swapdb,
         CMD_WRITE | CMD_FAST | CMD_ALL_SHARDS | CMD_CAT_KEYSPACE | CMD_CAT_DANGEROUS,
         "server", "4.0.0",
         "Swaps two Redis databases",
         "O(N) where N is the count of clients watching or blocking on keys from both "
         "databases.")},
    {CMD("expire", -3, 1, 1, 1, cmd_expire,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "1.0.0",
         "Set a key's time to live in seconds",
         "O(1)")},
    {CMD("pexpire", -3, 1, 1, 1, cmd_pexpire,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "2.6.0",
         "Set a key's time to live in milliseconds",
         "O(1)")},
    {CMD("expireat", -3, 1, 1, 1, cmd_expireat,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "1.2.0",
         "Set the expiration for a key as a UNIX timestamp",
         "O(1)")},
    {CMD("pexpireat", -3, 1, 1, 1, cmd_pexpireat,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "2.6.0",
         "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
         "O(1)")},
    {CMD("ttl", 2, 1, 1, 1, cmd_ttl,
         CMD_READONLY | CMD_FAST | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET),
         "generic", "1.0.0",
         "Get the time to live for a key in seconds",
         "O(1)")},
    {CMD("pttl", 2, 1, 1, 1, cmd_pttl,
         CMD_READONLY | CMD_FAST | CMD_CAT_KEYSPACE | CMD_TIPS(TIPS_NONDET),
         "generic", "2.6.0",
         "Get the time to live for a key in milliseconds",
         "O(1)")},
    {CMD("expiretime", 2, 1, 1, 1, cmd_expiretime,
         CMD_READONLY | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "7.0.0",
         "Get the expiration Unix timestamp for a key",
         "O(1)")},
    {CMD("pexpiretime", 2, 1, 1, 1, cmd_pexpiretime,
         CMD_READONLY | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "7.0.0",
         "Get the expiration Unix timestamp for a key in milliseconds",
         "O(1)")},
    {CMD("persist", 2, 1, 1, 1, cmd_persist,
         CMD_WRITE | CMD_FAST | CMD_CAT_KEYSPACE,
         "generic", "2.2.0",
         "Remove the expiration from a key",
         "O(1)")},
    {CMD("copy", -3, 1, 2, 1, cmd_copy,
         CMD_WRITE | CMD_DENYOOM | CMD_CAT_KEYSPACE,
         "generic", "6.2.0",
         "Copy a key",
         "O(N) worst case for collections, where N is the number of nested items. O(1) for "
         "string values.")},
    {CMD("sort", -2, 1, 1, 1, cmd_sort,
         CMD_WRITE | CMD_DENYOOM | CMD_CAT_SORT | CMD_CAT_DANGEROUS,
         "generic", "1.0.0",
         "Sort the elements in a list, set or sorted set",
         "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
         "number of returned elements. When the elements are not sorted, complexity is O(N)."),
     .getkeys = sort_getkeys, .all_shards = sort_uses_patterns},
    {CMD("sort_ro", -2, 1, 1, 1, cmd_sort_ro,
         CMD_READONLY | CMD_CAT_SORT | CMD_CAT_DANGEROUS,
         "generic", "7.0.0",
         "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
         "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
         "number of returned elements. When the elements are not sorted, complexity is O(N)."),
     .getkeys = sort_ro_getkeys, .all_shards = sort_uses_patterns},
    /* connection */
    {CMD("ping", -1, 0, 0, 0, cmd_ping,
         CMD_FAST | CMD_CONN | CMD_SUB_OK | CMD_CAT_CONNECTION |
         CMD_TIPS(TIPS_ALL_SHARDS_ALL_SUCCEEDED),
         "connection", "1.0.0",
         "Ping the server",
         "O(1)")},
    {CMD("lolwut", -1, 0, 0, 0, cmd_lolwut,
         CMD_READONLY | CMD_FAST | CMD_CONN,
         "server", "5.0.0",
         "Display some computer art and the Redis version",
         NULL)},
    {CMD("echo", 2, 0, 0, 0, cmd_echo,
         CMD_LOADING | CMD_STALE | CMD_FAST | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "1.0.0",
         "Echo the given string",
         "O(1)")},
    {CMD("quit", -1, 0, 0, 0, cmd_quit,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_ALLOW_BUSY |
         CMD_CONN | CMD_SUB_OK | CMD_TXN_CTL | CMD_CAT_CONNECTION,
         "connection", "1.0.0",
         "Close the connection",
         "O(1)")},
    {CMD("reset", 1, 0, 0, 0, cmd_reset,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_ALLOW_BUSY |
         CMD_CONN | CMD_SUB_OK | CMD_TXN_CTL | CMD_CAT_CONNECTION,
         "connection", "6.2.0",
         "Reset the connection",
         "O(1)")},
    {CMD("hello", -1, 0, 0, 0, cmd_hello,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_ALLOW_BUSY |
         CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "6.0.0",
         "Handshake with Redis",
         "O(1)")},
    {CMD("select", 2, 0, 0, 0, cmd_select,
         CMD_LOADING | CMD_STALE | CMD_FAST | CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "1.0.0",
         "Change the selected database for the current connection",
         "O(1)")},
    {CMD("auth", -2, 0, 0, 0, cmd_auth,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_ALLOW_BUSY |
         CMD_CONN | CMD_CAT_CONNECTION,
         "connection", "1.0.0",
         "Authenticate to the server",
         "O(N) where N is the number of passwords defined for the user")},
    {CMD("client", -2, 0, 0, 0, cmd_client,
         CMD_CONN,
         "connection", "2.4.0",
         "A container for client connection commands",
         "Depends on subcommand."), .subcommands = client_subcommands},
    /* server */
    {CMD("info", -1, 0, 0, 0, cmd_info,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_DANGEROUS |
         CMD_TIPS(TIPS_NONDET_ALL_SHARDS_SPECIAL),
         "server", "1.0.0",
         "Get information and statistics about the server",
         "O(1)")},
    {CMD("memory", -2, 0, 0, 0, cmd_memory,
         CMD_CONN,
         "server", "4.0.0",
         "A container for memory diagnostics commands",
         "Depends on subcommand."), .subcommands = memory_subcommands},
    {CMD("acl", -2, 0, 0, 0, cmd_acl,
         CMD_CONN,
         "server", "6.0.0",
         "A container for Access List Control commands",
         "Depends on subcommand."), .subcommands = acl_subcommands},
    {CMD("latency", -2, 0, 0, 0, cmd_latency,
         CMD_CONN,
         "server", "2.8.13",
         "A container for latency diagnostics commands",
         "Depends on subcommand."), .subcommands = latency_subcommands},
    {CMD("slowlog", -2, 0, 0, 0, cmd_slowlog,
         CMD_CONN,
         "server", "2.2.12",
         "A container for slow log commands",
         "Depends on subcommand."), .subcommands = slowlog_subcommands},
    {CMD("eval", -3, 0, 0, 0, cmd_eval,
         CMD_NOSCRIPT | CMD_STALE | CMD_SCRIPT,
         "scripting", "2.6.0",
         "Execute a Lua script server side",
         "Depends on the script that is executed."),
     .getkeys = script_getkeys, .xflags = CMDX_SKIP_MONITOR | CMDX_NO_MANDATORY_KEYS},
    {CMD("evalsha", -3, 0, 0, 0, cmd_evalsha,
         CMD_NOSCRIPT | CMD_STALE | CMD_SCRIPT,
         "scripting", "2.6.0",
         "Execute a Lua script server side",
         "Depends on the script that is executed."),
     .getkeys = script_getkeys, .xflags = CMDX_SKIP_MONITOR | CMDX_NO_MANDATORY_KEYS},
    {CMD("eval_ro", -3, 0, 0, 0, cmd_eval_ro,
         CMD_READONLY | CMD_NOSCRIPT | CMD_STALE | CMD_SCRIPT,
         "scripting", "7.0.0",
         "Execute a read-only Lua script server side",
         "Depends on the script that is executed."),
     .getkeys = script_getkeys, .xflags = CMDX_SKIP_MONITOR | CMDX_NO_MANDATORY_KEYS},
    {CMD("evalsha_ro", -3, 0, 0, 0, cmd_evalsha_ro,
         CMD_READONLY | CMD_NOSCRIPT | CMD_STALE | CMD_SCRIPT,
         "scripting", "7.0.0",
         "Execute a read-only Lua script server side",
         "Depends on the script that is executed."),
     .getkeys = script_getkeys, .xflags = CMDX_SKIP_MONITOR | CMDX_NO_MANDATORY_KEYS},
    {CMD("fcall", -3, 0, 0, 0, cmd_fcall,
         CMD_NOSCRIPT | CMD_STALE | CMD_SCRIPT,
         "scripting", "7.0.0",
         "Invoke a function",
         "Depends on the function that is executed."),
     .getkeys = script_getkeys, .xflags = CMDX_SKIP_MONITOR | CMDX_NO_MANDATORY_KEYS},
    {CMD("fcall_ro", -3, 0, 0, 0, cmd_fcall_ro,
         CMD_READONLY | CMD_NOSCRIPT | CMD_STALE | CMD_SCRIPT,
         "scripting", "7.0.0",
         "Invoke a read-only function",
         "Depends on the function that is executed."),
     .getkeys = script_getkeys, .xflags = CMDX_SKIP_MONITOR | CMDX_NO_MANDATORY_KEYS},
    {CMD("function", -2, 0, 0, 0, cmd_function,
         CMD_CONN,
         "scripting", "7.0.0",
         "A container for function commands",
         "Depends on subcommand."), .subcommands = function_subcommands},
    {CMD("script", -2, 0, 0, 0, cmd_script,
         CMD_CONN,
         "scripting", "2.6.0",
         "A container for Lua scripts management commands",
         "Depends on subcommand."), .subcommands = script_subcommands},
    {CMD("config", -2, 0, 0, 0, cmd_config,
         CMD_CONN,
         "server", "2.0.0",
         "A container for server configuration commands",
         "Depends on subcommand."), .subcommands = config_subcommands},
    {CMD("time", 1, 0, 0, 0, cmd_time,
         CMD_LOADING | CMD_STALE | CMD_FAST | CMD_CONN | CMD_TIPS(TIPS_NONDET),
         "server", "2.6.0",
         "Return the current server time",
         "O(1)")},
    {CMD("save", 1, 0, 0, 0, cmd_save,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_NO_ASYNC_LOADING | CMD_NO_MULTI | CMD_ALL_SHARDS,
         "server", "1.0.0",
         "Synchronously save the dataset to disk",
         "O(N) where N is the total number of keys in all databases")},
    {CMD("bgsave", -1, 0, 0, 0, cmd_bgsave,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_NO_ASYNC_LOADING | CMD_ALL_SHARDS,
         "server", "1.0.0",
         "Asynchronously save the dataset to disk",
         "O(1)")},
    {CMD("lastsave", 1, 0, 0, 0, cmd_lastsave,
         CMD_LOADING | CMD_STALE | CMD_FAST | CMD_CONN | CMD_CAT_ADMIN | CMD_CAT_DANGEROUS |
         CMD_TIPS(TIPS_NONDET),
         "server", "1.0.0",
         "Get the UNIX time stamp of the last successful save to disk",
         "O(1)")},
    {CMD("debug", -2, 0, 0, 0, cmd_debug,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_ALL_SHARDS,
         "server", "1.0.0",
         "A container for debugging commands",
         "Depends on subcommand."), .prepare = debug_prepare, .aux_free = debug_aux_free},
    {CMD("shutdown", -1, 0, 0, 0, cmd_shutdown,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_NO_MULTI | CMD_ALLOW_BUSY |
         CMD_CONN,
         "server", "1.0.0",
         "Synchronously save the dataset to disk and then shut down the server",
         "O(N) when saving, where N is the total number of keys in all databases when saving "
         "data, otherwise O(1)")},
    /* transactions */
    {CMD("multi", 1, 0, 0, 0, cmd_multi,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY | CMD_CONN |
         CMD_TXN_CTL,
         "transactions", "1.2.0",
         "Mark the start of a transaction block",
         "O(1)")},
    {CMD("exec", 1, 0, 0, 0, cmd_exec,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_SKIP_SLOWLOG | CMD_CONN | CMD_TXN_CTL,
         "transactions", "1.2.0",
         "Execute all commands issued after MULTI",
         "Depends on commands in the transaction")},
    {CMD("discard", 1, 0, 0, 0, cmd_discard,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY | CMD_CONN |
         CMD_TXN_CTL,
         "transactions", "2.0.0",
         "Discard all commands issued after MULTI",
         "O(N), when N is the number of queued commands")},
    {CMD("watch", -2, 1, -1, 1, cmd_watch,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY | CMD_TXN_CTL,
         "transactions", "2.2.0",
         "Watch the given keys to determine execution of the MULTI/EXEC block",
         "O(1) for every key."), .prepare = watch_prepare, .aux_free = watch_aux_free},
    {CMD("unwatch", 1, 0, 0, 0, cmd_unwatch,
         CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY | CMD_CONN,
         "transactions", "2.2.0",
         "Forget about all watched keys",
         "O(1)")},
    /* pubsub */
    {CMD("subscribe", -2, 0, 0, 0, cmd_subscribe,
         CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_SUB_OK,
         "pubsub", "2.0.0",
         "Listen for messages published to the given channels",
         "O(N) where N is the number of channels to subscribe to.")},
    {CMD("unsubscribe", -1, 0, 0, 0, cmd_unsubscribe,
         CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_SUB_OK,
         "pubsub", "2.0.0",
         "Stop listening for messages posted to the given channels",
         "O(N) where N is the number of clients already subscribed to a channel.")},
    {CMD("psubscribe", -2, 0, 0, 0, cmd_psubscribe,
         CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_SUB_OK,
         "pubsub", "2.0.0",
         "Listen for messages published to channels matching the given patterns",
         "O(N) where N is the number of patterns the client is already subscribed to.")},
    {CMD("punsubscribe", -1, 0, 0, 0, cmd_punsubscribe,
         CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_SUB_OK,
         "pubsub", "2.0.0",
         "Stop listening for messages posted to channels matching the given patterns",
         "O(N+M) where N is the number of patterns the client is already subscribed and M is "
         "the number of total patterns subscribed in the system (by any client).")},
    {CMD("ssubscribe", -2, 1, -1, 1, cmd_ssubscribe,
         CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_SUB_OK,
         "pubsub", "7.0.0",
         "Listen for messages published to the given shard channels",
         "O(N) where N is the number of shard channels to subscribe to.")},
    {CMD("sunsubscribe", -1, 1, -1, 1, cmd_sunsubscribe,
         CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN | CMD_SUB_OK,
         "pubsub", "7.0.0",
         "Stop listening for messages posted to the given shard channels",
         "O(N) where N is the number of clients already subscribed to a shard channel.")},
    {CMD("publish", 3, 0, 0, 0, cmd_publish,
         CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_CONN,
         "pubsub", "2.0.0",
         "Post a message to a channel",
         "O(N+M) where N is the number of clients subscribed to the receiving channel and M is "
         "the total number of subscribed patterns (by any client)."), .xflags = CMDX_MAY_REPLICATE},
    {CMD("spublish", 3, 1, 1, 1, cmd_spublish,
         CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_CONN,
         "pubsub", "7.0.0",
         "Post a message to a shard channel",
         "O(N) where N is the number of clients subscribed to the receiving shard channel."), .xflags = CMDX_MAY_REPLICATE},
    {CMD("pubsub", -2, 0, 0, 0, cmd_reply_unknown_subcommand,
         CMD_CONN,
         "pubsub", "2.8.0",
         "A container for Pub/Sub commands",
         "Depends on subcommand."), .subcommands = pubsub_subcommands},
    {CMD("monitor", 1, 0, 0, 0, cmd_monitor,
         CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_CONN,
         "server", "1.0.0",
         "Listen for all requests received by the server in real time",
         "")},
    {CMD("command", -1, 0, 0, 0, cmd_command,
         CMD_LOADING | CMD_STALE | CMD_CONN | CMD_CAT_CONNECTION | CMD_TIPS(TIPS_NONDET_ORDER),
         "server", "2.8.13",
         "Get array of Redis command details",
         "O(N) where N is the total number of Redis commands"), .subcommands = command_subcommands},
};

/* clang-format on */

#define NCOMMANDS ARRAY_LEN(commands)
/* Upper bound of top-level and subcommand rows (the terminators counted too). */
#define NROWS                                                                                      \
    (NCOMMANDS + ARRAY_LEN(client_subcommands) + ARRAY_LEN(config_subcommands) +                   \
     ARRAY_LEN(command_subcommands) + ARRAY_LEN(object_subcommands) + ARRAY_LEN(acl_subcommands) + \
     ARRAY_LEN(memory_subcommands) + ARRAY_LEN(pubsub_subcommands) +                               \
     ARRAY_LEN(slowlog_subcommands) + ARRAY_LEN(latency_subcommands) +                             \
     ARRAY_LEN(script_subcommands) + ARRAY_LEN(function_subcommands) +                             \
     ARRAY_LEN(xinfo_subcommands))

/* Name look-up: open addressing, kept at most a quarter full so a miss ends after a probe or
 * two. A slot keeps the lower-cased name's first 8 bytes as one word, and which of them are
 * letters: a name as sent, in any case, is loaded as a word and compared whole, without a loop
 * over its bytes. The hash is of the word with every byte's 0x20 bit set, the same for any case
 * of a name. */
#define LOOKUP_SIZE  2048u
#define NAME_MAX_LEN 32u
#define HEAD_LEN     8u
_Static_assert(NCOMMANDS * 4 <= LOOKUP_SIZE, "grow LOOKUP_SIZE with the command table");

struct lookup_slot {
    const struct command *cmd;
    const char *name; /* the command's own, or the name rename-command gave it */
    uint64_t head;    /* its first HEAD_LEN bytes, little-endian, zero past its end */
    uint64_t letters; /* 0x20 in each byte of head that is a letter */
    uint32_t hash;
    uint32_t len; /* 0: a name rename-command took away (a tombstone) */
};

static struct lookup_slot lookup[LOOKUP_SIZE];
static const struct command *by_id[NROWS];
static int id_count;

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* The first HEAD_LEN bytes of name, lower-cased (as stored in a slot). */
static uint64_t name_head(const char *name, size_t len)
{
    uint64_t head = 0;
    size_t n = len < HEAD_LEN ? len : HEAD_LEN;
    for (size_t i = 0; i < n; i++)
        head |= (uint64_t)(uint8_t)ascii_lower(name[i]) << (8 * i);
    return head;
}

/* The first HEAD_LEN bytes of name as they are (zero past its end), read without a byte past
 * len: one word, two overlapping halves, or three bytes. */
static inline uint64_t name_word(const char *name, size_t len)
{
    uint64_t x;
    if (len >= HEAD_LEN) {
        memcpy(&x, name, 8);
        return x;
    }
    if (len >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, name, 4);
        memcpy(&hi, name + len - 4, 4);
        return (uint64_t)lo | (uint64_t)hi << (8 * (len - 4));
    }
    return (uint64_t)(uint8_t)name[0] | (uint64_t)(uint8_t)name[len / 2] << (8 * (len / 2)) |
           (uint64_t)(uint8_t)name[len - 1] << (8 * (len - 1));
}

/* Of a word, lower-cased or not: a letter's two cases hash alike. */
static uint32_t name_hash(uint64_t word, size_t len)
{
    word |= UINT64_C(0x2020202020202020);
    return (uint32_t)(((word ^ len) * UINT64_C(0x9e3779b97f4a7c15)) >> 32);
}

static uint64_t letters_of(uint64_t head)
{
    uint64_t m = 0;
    for (unsigned i = 0; i < HEAD_LEN; i++) {
        uint8_t b = (uint8_t)(head >> (8 * i));
        if (b >= 'a' && b <= 'z') m |= (uint64_t)0x20 << (8 * i);
    }
    return m;
}

static void lookup_insert_as(const struct command *c, const char *name)
{
    size_t len = strlen(name);
    uint64_t head = name_head(name, len);
    uint32_t h = name_hash(head, len);
    uint32_t i = h & (LOOKUP_SIZE - 1);
    while (lookup[i].cmd)
        i = (i + 1) & (LOOKUP_SIZE - 1);
    lookup[i] = (struct lookup_slot){.cmd = c,
                                     .name = name,
                                     .head = head,
                                     .letters = letters_of(head),
                                     .hash = h,
                                     .len = (uint32_t)len};
}

static void lookup_insert(const struct command *c)
{
    lookup_insert_as(c, c->name);
}

static void assign_id(struct command *c)
{
    c->id = id_count;
    by_id[id_count++] = c;
}

void cmd_table_init(void)
{
    if (id_count) return;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        assign_id(&commands[i]);
        lookup_insert(&commands[i]);
    }
    /* The subcommand arrays are this file's own (non-const) objects. */
    for (size_t i = 0; i < NCOMMANDS; i++) {
        struct command *sub = (struct command *)commands[i].subcommands;
        for (; sub && sub->name; sub++)
            assign_id(sub);
    }
}

int cmd_numkeys_positions(int argc, const struct resp_arg *argv, int idx, int *keys, int max)
{
    long long numkeys;
    if (idx >= argc || !str_to_ll(argv[idx].ptr, argv[idx].len, &numkeys) || numkeys < 1 ||
        numkeys > argc - idx - 1)
        return -1;
    int n = 0;
    for (long long i = 0; i < numkeys && n < max; i++)
        keys[n++] = idx + 1 + (int)i;
    return n;
}

/* The slot whose name is name (any case), or NULL. */
static struct lookup_slot *lookup_slot_of(const char *name, size_t len)
{
    if (len == 0 || len > NAME_MAX_LEN) return NULL;
    uint64_t word = name_word(name, len);
    uint32_t h = name_hash(word, len);
    for (uint32_t i = h & (LOOKUP_SIZE - 1);; i = (i + 1) & (LOOKUP_SIZE - 1)) {
        struct lookup_slot *s = &lookup[i];
        if (!s->cmd) return NULL;
        /* equal but for the 0x20 bit of letters: the same name in another case */
        if (s->hash != h || s->len != len || (word | s->letters) != s->head) continue;
        if (len <= HEAD_LEN) return s;
        size_t j = HEAD_LEN;
        while (j < len && ascii_lower(name[j]) == s->name[j])
            j++;
        if (j == len) return s;
    }
}

const struct command *cmd_lookup(const char *name, size_t len)
{
    const struct lookup_slot *s = lookup_slot_of(name, len);
    return s ? s->cmd : NULL;
}

/* Commands rename-command took away (to ""): COMMAND no longer lists them, as in Redis. */
static unsigned char removed[NROWS];
static size_t nremoved;

const char *cmd_table_rename(const char *from, const char *to)
{
    cmd_table_init();
    char lfrom[NAME_MAX_LEN + 1], lto[NAME_MAX_LEN + 1];
    size_t flen = strlen(from), tlen = strlen(to);
    if (flen == 0 || flen > NAME_MAX_LEN) return "No such command in rename-command";
    if (tlen > NAME_MAX_LEN) return "Target command name is too long";
    for (size_t i = 0; i <= flen; i++)
        lfrom[i] = ascii_lower(from[i]);
    for (size_t i = 0; i <= tlen; i++)
        lto[i] = ascii_lower(to[i]);
    struct lookup_slot *slot = lookup_slot_of(lfrom, flen);
    if (!slot) return "No such command in rename-command";
    if (tlen && lookup_slot_of(lto, tlen)) return "Target command name already exists";
    /* New names live as long as the process, as the table does. */
    static char names[64][NAME_MAX_LEN + 1];
    static int nnames;
    if (tlen && nnames == 64) return "Too many rename-command directives";
    const struct command *c = slot->cmd;
    slot->len = 0; /* a tombstone: probes go on past it, nothing matches it */
    if (tlen) {
        memcpy(names[nnames], lto, tlen + 1);
        lookup_insert_as(c, names[nnames++]);
    } else {
        removed[c->id] = 1;
        nremoved++;
    }
    return NULL;
}

int cmd_removed(const struct command *c)
{
    return c->id >= 0 && c->id < id_count && removed[c->id];
}

const struct command *cmd_lookup_sub(const struct command *c, const char *name, size_t len)
{
    for (const struct command *sub = c->subcommands; sub && sub->name; sub++) {
        const char *bar = strchr(sub->name, '|');
        if (arg_is(name, len, bar ? bar + 1 : sub->name)) return sub;
    }
    return NULL;
}

const struct command *cmd_table(size_t *count)
{
    *count = NCOMMANDS;
    return commands;
}

size_t cmd_table_count(void)
{
    return NCOMMANDS - nremoved;
}

int cmd_id_count(void)
{
    return id_count;
}

const struct command *cmd_by_id(int id)
{
    return id >= 0 && id < id_count ? by_id[id] : NULL;
}
