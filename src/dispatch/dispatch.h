/* Work between workers: messages on the mailbox mesh, batches of single-shard commands run by
 * the owner of their shard, multi-shard transactions that hold their shards in ascending order,
 * and fan-out calls that run a function on every worker. The protocol is in
 * docs/transactions.md. Everything here runs on worker threads. */
#ifndef TESSERA_DISPATCH_H
#define TESSERA_DISPATCH_H

#include <stdint.h>

#include "cmd/cmd.h"
#include "tessera/reply.h"
#include "tessera/resp_parser.h"

struct worker;
struct session;
struct pending;
struct pubsub_events;

enum msg_kind {
    MSG_EXEC,      /* batch of commands for the receiver's shard */
    MSG_EXEC_DONE, /* the batch back, replies filled in */
    MSG_HOLD,      /* a transaction asks for the receiver's shard */
    MSG_HELD,      /* the shard is the transaction's */
    MSG_RELEASE,   /* the transaction is done with the receiver's shard */
    MSG_CALL,      /* run a function on the receiver */
    MSG_CALL_DONE,
    MSG_BLOCK_DONE,  /* a blocked client was served: its reply is in the record */
    MSG_BLOCK_RETRY, /* a blocked client must run its command again (blocking.h) */
    MSG_PUBSUB,      /* a message for the receiver's subscribers or monitors (pubsub.h) */
    MSG_TRACKING,    /* invalidations for the receiver's tracking clients (tracking.h) */
};

/* Every message starts with this header; `next` links it in queues (deferred work, overflow). */
struct msg {
    struct msg *next;
    uint8_t kind;
    int16_t from; /* the worker that sent it */
};

/* A command with its arguments (copied out of the query buffer when it must wait). */
struct queued_cmd {
    const struct command *cmd;
    int db;
    int argc;
    struct resp_arg *argv;
    void *aux; /* handed to the handler as ctx->aux (WATCH's marks) */
    /* the client it runs for (NOLOOP) and whether to remember its keys for it (tracking) */
    uint64_t client_id;
    int client_worker;
    int track;
};

/* Consecutive commands of one client for one shard: they travel as one message. */
struct exec_batch {
    struct msg hdr;
    int origin;             /* the client's worker */
    int shard;              /* the shard that runs it */
    struct session *client; /* only the origin worker touches it */
    struct pending *slot;   /* where the replies go, in the client's reply order */
    int ncmds, cap;
    struct queued_cmd *cmds;
    char *arena; /* argument bytes and argv arrays */
    size_t arena_len, arena_cap;
    struct reply out;
    size_t out_limit; /* replies past this put the client over a limit (0: none) */
    int limit_kind;   /* which limit that is (enum session_limit_kind) */
    int overflow;     /* the owner stopped at out_limit (the kind): the client must be closed */
    struct pubsub_events *events; /* keyspace events its commands caused, published at home */
    int script;                   /* one script alone, run on the owner; its client waits */
    uint8_t *reshard; /* the script stopped for shards it did not hold: every shard it needs
                       * (g_nworkers bytes), to run again from home as a transaction; else NULL */
};

struct exec_batch *batch_new(struct worker *w, struct session *c, int shard);
void batch_add(struct exec_batch *b, const struct command *cmd, int db, int argc,
               const struct resp_arg *argv, void *aux);
/* The last command added runs for this client (tracking). */
void batch_set_client(struct exec_batch *b, const struct queued_cmd *from);
void batch_free(struct exec_batch *b);

/* An EXEC block's body: runs on the coordinator (the client's worker) with every shard held,
 * writing the block's whole reply into out. */
typedef void (*txn_run_fn)(struct worker *w, struct session *c, struct reply *out, void *arg);

/* A multi-shard command (or one that needs every shard): holds its shards one by one in
 * ascending order, runs on the coordinator with all of them held, then releases them. */
struct txn {
    struct msg hdr;
    uint64_t id;
    int coord;
    struct session *client;
    struct pending *slot;
    struct queued_cmd qc;
    char *arena;
    int nshards, next; /* shards[0..nshards) ascending; next: the one being asked */
    int *shards;
    struct reply out;
    struct blocked *retry; /* a blocked command run again: its record, else NULL */
    txn_run_fn run;        /* an EXEC block: runs instead of qc, with run_arg */
    int attempts;          /* a script: the runs that needed more shards (txn.c) */
    void *run_arg;
};

/* A function run on every worker (CLIENT LIST, INFO, CLIENT KILL...): each worker's part writes
 * into its own slot of the caller's state; `done` runs on the caller's worker at the end. */
struct fanout;
typedef void (*fanout_part_fn)(struct worker *w, void *state, int idx);
typedef void (*fanout_done_fn)(struct worker *w, void *state, struct reply *out);

/* Routes one parsed command of a client: runs it here, adds it to a batch for another shard, or
 * starts a transaction. argv points into the client's buffers and is copied when it must wait;
 * aux reaches the handler as ctx->aux. */
void route_command(struct worker *w, struct session *c, const struct command *cmd, int argc,
                   const struct resp_arg *argv, void *aux);
/* Holds the shards marked in mask (none: runs at once), then calls run on this worker with all
 * of them held and puts what it wrote in c's next reply place; c waits meanwhile. */
void txn_start_block(struct worker *w, struct session *c, const uint8_t *mask, txn_run_fn run,
                     void *arg);
/* The same for the server's own work (a save rule's BGSAVE): no client, nothing replied; run
 * gets c NULL and its output is dropped. */
void txn_start_internal(struct worker *w, const uint8_t *mask, txn_run_fn run, void *arg);
/* The same for parts that touch no shard (pub/sub): they run even while a shard is held, and
 * the client goes on meanwhile (its later replies queue behind this one's place). */
void fanout_start_unheld(struct worker *w, struct session *c, fanout_part_fn part,
                         fanout_done_fn done, void *state, void (*free_state)(void *state));
/* Posts the client's open batch, if any. */
void route_flush_batch(struct worker *w, struct session *c);
/* Starts a fan-out for a CMD_CONN command of client c; its reply takes c's next place. */
void fanout_start(struct worker *w, struct session *c, fanout_part_fn part, fanout_done_fn done,
                  void *state, void (*free_state)(void *state));

/* The worker loop's side: a message received from another worker. */
void dispatch_on_message(struct worker *w, struct msg *m);
/* Sends a message (queued behind earlier ones when the ring is full). */
void dispatch_send(struct worker *w, int to, struct msg *m);

/* Answers every command of a batch for this worker's shard with the error text (BUSY) instead of
 * running it, and sends it home. */
void dispatch_refuse_batch(struct worker *w, struct exec_batch *b, const char *text);
/* The same for every batch in this shard's deferred queue (holds and calls stay queued). */
void dispatch_refuse_deferred(struct worker *w, const char *text);
/* When the transaction holding this shard is coordinated by a worker inside a busy script,
 * the batches waiting for the shard are answered BUSY rather than left hanging (docs/scripting). */
void dispatch_busy_sweep(struct worker *w);

/* Frees a message that will never be delivered (shutdown). */
void dispatch_free_message(struct msg *m);
extern struct mailbox_mesh *g_mesh;

/* Runs a command here through cmd_call (c: the session of a CMD_CONN command, else NULL; client:
 * the client that sent it, for the slow log; shard: its one shard, or NULL when a transaction
 * holds several). Returns the record of a command that blocked (only a transaction's command
 * can: CMD_BLOCKING), else NULL; retry is the record run again or NULL. */
struct blocked *dispatch_run(struct worker *w, struct session *c, const struct session *client,
                             struct shard *shard, const struct queued_cmd *q, struct reply *out,
                             struct blocked *retry);

#endif
