/* Blocked clients (BLPOP, BLMOVE, BZPOPMIN...): a client whose keys are all empty waits in a
 * FIFO per key, kept by the shard that owns the key, until a write to one of them lets the
 * oldest waiter be served on the spot, its time runs out, or it disconnects. The protocol and
 * its races are in docs/blocking.md. Worker threads only. */
#ifndef TESSERA_BLOCKING_H
#define TESSERA_BLOCKING_H

#include <stdatomic.h>
#include <stdint.h>

#include "cmd/cmd.h"
#include "dispatch/dispatch.h"

struct shard;

/* Serves the blocked command from the key at argv[keyarg] (its shard is held): returns
 * BLOCK_SERVED after writing the reply, BLOCK_EMPTY when there is nothing for it (nothing
 * written), BLOCK_RETRY when it needs shards the server does not hold (BLMOVE across shards):
 * the client's worker then runs the command again as a transaction. */
enum { BLOCK_EMPTY = 0, BLOCK_SERVED = 1, BLOCK_RETRY = 2 };
typedef int (*block_serve_fn)(struct cmd_ctx *ctx, int keyarg);

/* What a blocking command waits for and how it is served (one static spec per command). */
struct block_spec {
    int key_type; /* OBJ_LIST, OBJ_ZSET or OBJ_STREAM: what a key must hold to serve it */
    block_serve_fn serve;
    int dst_arg; /* BLMOVE, BRPOPLPUSH: the destination's argument index, else 0 */
    /* Serving takes nothing from the key (XREAD): a waiter it cannot serve does not mean the
     * next one gets nothing, so every waiter is tried. */
    int shared;
};

/* WAITING -> CLAIMED by a server (or by a retry), then DONE; WAITING -> CANCELLED by the
 * client's worker (timeout, disconnect). Whoever wins the compare-and-swap owns the outcome. */
enum block_state { BLOCK_WAITING, BLOCK_CLAIMED, BLOCK_DONE, BLOCK_CANCELLED };

struct blocked {
    struct msg hdr; /* MSG_BLOCK_DONE or MSG_BLOCK_RETRY to the client's worker */
    _Atomic int state;
    _Atomic int refs; /* the client's side and each key queue it sits in */
    int worker;       /* the client's worker */
    int db;
    int argc;
    struct resp_arg *argv; /* a copy, in `arena` */
    char *arena;
    const struct command *cmd;
    const struct block_spec *spec;
    int64_t deadline_ms; /* 0: no timeout */
    int unblocked;       /* CLIENT UNBLOCK cancelled it: block_expire lets the client go */
    uint64_t usec;       /* its first run and its serve: what the slow log shows when served */
    struct reply out;    /* the reply, written by whoever serves it */
    /* the client's worker only */
    struct session *client;
    struct pending *slot;
    struct blocked *next, *prev;
};

/* Handlers: the command found every key empty; it waits on keys (argv indexes) until
 * deadline_ms (0: forever). On a retry the same record waits again, in the same places. */
void block_client(struct cmd_ctx *ctx, const int *keys, int nkeys, int64_t deadline_ms,
                  const struct block_spec *spec);

/* The execution path, after a command (an EXEC block, after the block): serves the clients
 * blocked on the keys the write hook marked ready (ks_ready_take), on the shards the calling
 * thread holds. */
extern _Atomic long g_blocked_records;
void block_serve_ready(struct worker *w);

/* The client's worker: the transaction that blocked hands the client over (it stays waiting,
 * its reply place reserved); a served or retried record comes back; time runs out. */
void block_park(struct worker *w, struct session *c, struct blocked *b, struct pending *slot);
void block_on_done(struct worker *w, struct blocked *b);
void block_on_retry(struct worker *w, struct blocked *b);
/* A retry transaction served the client: the record is finished. */
void block_finish(struct worker *w, struct blocked *b);
/* Times out the worker's blocked clients whose deadline has passed; returns the nearest
 * deadline left (0: none). */
int64_t block_expire(struct worker *w, int64_t now_ms);
/* CLIENT UNBLOCK: ends the wait of this worker's client `id`, as if it timed out or with
 * -UNBLOCKED; 1 when it was waiting. */
int block_unblock(struct worker *w, uint64_t id, int with_error);
/* The client is closing: stop waiting (a record being served comes back later). */
void block_cancel(struct session *c);
/* A record's message that will never be delivered (shutdown). */
void block_drop(struct blocked *b);
/* shard_destroy: drops every key queue. */
void block_queues_free(struct shard *s);

#endif
