/* Multi-shard transactions and fan-out calls: the internals route.c hands messages to.
 * Worker threads only; the protocol is in docs/transactions.md. */
#ifndef TESSERA_TXN_H
#define TESSERA_TXN_H

#include <stdint.h>

#include "dispatch/dispatch.h"

/* Starts a transaction for the command over the shards marked in mask (ascending order); the
 * arguments are copied. */
void txn_start(struct worker *w, struct session *c, const struct queued_cmd *q,
               const uint8_t *mask);
/* A script that stopped on its shard's owner for shards it did not hold (route.c) runs again
 * as a transaction over mask, into its reply place `slot`; that first run counts as an attempt.
 * The client is still waiting. */
void txn_start_script(struct worker *w, struct session *c, const struct queued_cmd *q,
                      const uint8_t *mask, struct pending *slot);
/* Copies arguments into one allocation (*arena, freed by the caller); returns the new argv. */
struct resp_arg *txn_copy_args(int argc, const struct resp_arg *argv, char **arena);
/* Runs a blocked command again (MSG_BLOCK_RETRY) over its keys' shards, into its reserved
 * reply place; the client is still waiting and keeps the reference it blocked with. */
void txn_start_retry(struct worker *w, struct session *c, struct blocked *b);
/* A shard's owner receives a hold request: grant it now or queue it behind earlier work. */
void txn_on_hold(struct worker *w, struct txn *t);
/* Grants the shard to t (it is free) and tells the coordinator. */
void txn_grant(struct worker *w, struct txn *t);
/* The coordinator learns that one more shard is held. */
void txn_on_held(struct worker *w, struct txn *t);
/* A shard's owner gets its shard back. */
void txn_on_release(struct worker *w, struct msg *m);
void txn_free(struct txn *t);

void fanout_on_call(struct worker *w, struct msg *m);
/* Runs a call's part now (the shard is free): for the deferred queue. */
void fanout_run_call(struct worker *w, struct msg *m);
void fanout_on_call_done(struct worker *w, struct msg *m);

/* route.c: queue work behind the shard's holder; run what waited once it is free. */
void dispatch_defer(struct worker *w, struct msg *m);
void dispatch_drain_deferred(struct worker *w);

#endif
