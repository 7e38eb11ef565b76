/* Commands: the context a handler runs in and the one declarative table that describes every
 * command (name, arity, flags, key positions, handler, docs). COMMAND, routing and arity checks
 * are all derived from the table; handlers never check arity themselves.
 * Handlers run on the thread that holds the shards of their keys (see docs/transactions.md). */
#ifndef TESSERA_CMD_H
#define TESSERA_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "tessera/reply.h"
#include "tessera/resp_parser.h"

struct session;
struct worker;
struct shard;
struct blocked;
struct session;

/* Flags shown by COMMAND (Redis's names) ... */
#define CMD_WRITE            (1u << 0)
#define CMD_READONLY         (1u << 1)
#define CMD_DENYOOM          (1u << 2)
#define CMD_ADMIN            (1u << 3)
#define CMD_NOSCRIPT         (1u << 4)
#define CMD_LOADING          (1u << 5)
#define CMD_STALE            (1u << 6)
#define CMD_FAST             (1u << 7)
#define CMD_NO_AUTH          (1u << 8)
#define CMD_SKIP_SLOWLOG     (1u << 9)
#define CMD_BLOCKING         (1u << 10) /* may wait for a key: always routed as a transaction */
#define CMD_PUBSUB           (1u << 11)
#define CMD_NO_ASYNC_LOADING (1u << 12)
/* ... and how a command is routed (not shown). */
#define CMD_CONN       (1u << 16) /* no keyspace: runs on the client's worker with ctx->session */
#define CMD_ALL_SHARDS (1u << 17) /* needs every shard held (KEYS, DBSIZE, FLUSHALL, SCAN...) */
#define CMD_SUB_OK     (1u << 19) /* allowed in RESP2 subscribed mode */
#define CMD_TXN_CTL    (1u << 20) /* runs at once inside MULTI (EXEC, DISCARD, MULTI, WATCH...) */
/* runs a script (EVAL, FCALL): always a transaction, which may hold more shards and run it again
 * (docs/scripting.md); inside MULTI it holds every shard */
#define CMD_SCRIPT (1u << 18)
/* Flags only COMMAND shows (struct command's xflags). */
#define CMDX_SKIP_MONITOR      (1u << 0)
#define CMDX_MAY_REPLICATE     (1u << 1) /* not shown by 7.0.15: read-only scripts refuse it */
#define CMDX_NO_MANDATORY_KEYS (1u << 2)

/* What a command did: the execution path counts and reports it from this, never from the reply. */
enum cmd_status {
    CMD_OK = 0,
    CMD_ERR = 1,
    CMD_BLOCKED = 2,
    CMD_RESHARD = 3, /* a script must run again holding ctx->reshard's shards too (nothing done) */
};

struct cmd_ctx {
    struct worker *w;        /* the thread running the handler */
    struct session *session; /* CMD_CONN commands only, else NULL */
    struct shard *shard;     /* the owning shard when every key is on one shard */
    int db;                  /* the client's selected database */
    int argc;
    const struct resp_arg *argv;
    struct reply *out;
    const struct command *cmd;
    struct blocked *retry;   /* a blocked command run again (BLMOVE across shards) */
    struct blocked *blocked; /* set by a handler that found nothing and waits (blocking.h) */
    void *aux;               /* per-command data the execution path hands a handler (WATCH) */
    unsigned no_block : 1;   /* inside EXEC: a blocking command answers as if it timed out */
    unsigned track : 1;      /* remember its keys for client_id (CLIENT TRACKING) */
    unsigned in_script : 1;  /* called by a script: no slow log or latency of its own */
    const uint8_t *held;     /* a script's transaction: the shards it holds (NULL: all) */
    uint8_t *reshard;        /* CMD_RESHARD: the shards to hold besides (g_nworkers bytes) */
    int client_worker;       /* the worker of the client it runs for (tracking) */
    uint64_t client_id;      /* the client it runs for, 0: none known (NOLOOP, tracking) */
    enum cmd_status status;  /* set by ctx_error* and block_client; CMD_OK otherwise */
    const char *error;       /* the error written, for INFO errorstats */

    /* The client whose command this is, wherever it runs (NULL: the server's own work). Only
     * its immutable address and its name (session_name) may be read off its worker. */
    const struct session *client;
};

typedef void (*cmd_handler)(struct cmd_ctx *ctx);

/* For commands whose keys are not at fixed positions (numkeys forms such as ZUNIONSTORE, LMPOP):
 * writes the argument indexes of the keys into keys[0..max) and returns how many, or -1 when
 * the arguments do not parse (the handler then answers the error, touching no key). */
typedef int (*cmd_getkeys_fn)(int argc, const struct resp_arg *argv, int *keys, int max);

struct command {
    const char *name; /* lower case, as COMMAND prints it */
    int arity;        /* Redis convention: -N means at least N */
    uint32_t flags;
    int first_key, last_key, key_step; /* last_key -1: the last argument */
    cmd_handler handler;
    const char *group; /* COMMAND DOCS group: string, generic, connection, server, set */
    const char *since;
    const char *summary;
    const char *complexity;
    const struct command *subcommands; /* container commands (CLIENT, CONFIG...), NULL-terminated */
    cmd_getkeys_fn getkeys;            /* NULL: first_key, last_key, key_step say it all */
    /* Runs on the client's worker before routing (WATCH): returns what reaches the handler as
     * ctx->aux, or NULL after answering an error itself; aux_free drops an aux whose command
     * will not run after all (its client went over a limit, its key was refused). */
    void *(*prepare)(struct session *s, int argc, const struct resp_arg *argv);
    void (*aux_free)(void *aux);
    /* Routing: a command line that must hold every shard although the command is not
     * CMD_ALL_SHARDS, because the keys it will touch are known only while it runs (SORT with
     * BY/GET patterns). NULL: the flags and key positions say it all. */
    int (*all_shards)(int argc, const struct resp_arg *argv);
    /* Routing of a CMD_BLOCKING command: whether this line may wait (XREAD with BLOCK); one
     * that cannot is routed like any other command. NULL: every line may. */
    int (*may_block)(int argc, const struct resp_arg *argv);
    uint8_t xflags; /* CMDX_*: shown by COMMAND only */
    int id;         /* index for per-command statistics, set at start-up */
};

/* The shard that owns a key. In a single-shard command it is ctx->shard; in a multi-shard one it
 * is one of the shards the transaction holds. */
struct shard *ctx_shard(const struct cmd_ctx *ctx, const char *key, size_t len);
/* CMD_ALL_SHARDS commands: the number of shards and shard i (all held by the caller). */
int ctx_nshards(const struct cmd_ctx *ctx);
struct shard *ctx_shard_at(const struct cmd_ctx *ctx, int i);

/* The argument indexes of a command line's keys (at most max); -1 when they do not parse.
 * Inline: routing asks it for every request. */
static inline int cmd_key_positions(const struct command *c, int argc, const struct resp_arg *argv,
                                    int *keys, int max)
{
    if (c->getkeys) return c->getkeys(argc, argv, keys, max);
    if (c->first_key <= 0) return 0;
    int last = c->last_key < 0 ? argc + c->last_key : c->last_key;
    int step = c->key_step > 0 ? c->key_step : 1;
    int n = 0;
    for (int i = c->first_key; i <= last && i < argc && n < max; i += step)
        keys[n++] = i;
    return n;
}

/* The getkeys of numkeys forms: numkeys at argv[idx], the keys right after it; -1 when
 * numkeys is not a positive integer or the keys would run past the arguments. */
int cmd_numkeys_positions(int argc, const struct resp_arg *argv, int idx, int *keys, int max);

/* Whether this command line holds every shard: CMD_ALL_SHARDS, or its all_shards hook says so. */
static inline int cmd_needs_all_shards(const struct command *c, int argc,
                                       const struct resp_arg *argv)
{
    return (c->flags & CMD_ALL_SHARDS) || (c->all_shards && c->all_shards(argc, argv));
}

/* Whether this command line may wait for a key, and so must run as a transaction. */
static inline int cmd_may_block(const struct command *c, int argc, const struct resp_arg *argv)
{
    return (c->flags & CMD_BLOCKING) && (!c->may_block || c->may_block(argc, argv));
}

/* Command table look-up (case-insensitive); NULL when unknown. */
const struct command *cmd_lookup(const char *name, size_t len);
/* For container commands: the subcommand named by argv[1], or NULL. */
const struct command *cmd_lookup_sub(const struct command *c, const char *name, size_t len);
/* Every top-level command, in table order, and their number. */
const struct command *cmd_table(size_t *count);
/* Number of command ids (top-level commands and subcommands), for statistics arrays. */
int cmd_id_count(void);
const struct command *cmd_by_id(int id);
void cmd_table_init(void);
/* Redis's rename-command (config files only, before the workers start): the command called from
 * answers to to from now on, or to nothing when to is "". NULL, or Redis's reason it cannot. */
const char *cmd_table_rename(const char *from, const char *to);
/* Whether rename-command took c away (renamed to ""): COMMAND leaves it out. */
int cmd_removed(const struct command *c);
/* The top-level commands COMMAND COUNT counts: the table's, less those taken away. */
size_t cmd_table_count(void);

/* Whether argc fits the arity. */
static inline int cmd_arity_ok(const struct command *c, int argc)
{
    return c->arity >= 0 ? argc == c->arity : argc >= -c->arity;
}

#define CTX_ARG_IS(ctx, i, word) arg_is((ctx)->argv[i].ptr, (ctx)->argv[i].len, (word))

/* The only way a handler answers an error (cmd/exec.c): writes it and marks the command failed.
 * text starts with its code (ERR, WRONGTYPE...), as the catalogue's do. */
void ctx_error_text(struct cmd_ctx *ctx, const char *text);
void ctx_errorf(struct cmd_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
