/* The execution path (see exec.c and docs/execution.md): cmd_execute takes a client's command
 * on its worker through the checks and gates to its shards; cmd_call runs a handler where its
 * shards are held and does the bookkeeping. Worker threads only. */
#ifndef TESSERA_EXEC_H
#define TESSERA_EXEC_H

#include <stdint.h>

#include "cmd/cmd.h"

struct session;

/* A parsed request of a client: look-up, arity, authentication, the gates (MULTI queues,
 * RESP2 subscribed mode refuses), the MONITOR feed, then routing (dispatch.h). */
void cmd_execute(struct session *s, int argc, const struct resp_arg *argv);
/* The command a request names (the subcommand of a container); NULL when unknown. For a
 * container whose subcommand is unknown: the container, with *unknown_sub set. */
const struct command *cmd_resolve(int argc, const struct resp_arg *argv, int *unknown_sub);
/* Runs ctx->cmd's handler with ctx filled in (w, session or shard, db, argv, out, cmd); counts
 * its statistics and errors; serves clients blocked on the keys a write touched. */
enum cmd_status cmd_call(struct cmd_ctx *ctx);
/* The slow log, latency tracking and the latency monitor for a command that ran for usec
 * (cmd_call; block_on_done for a blocked command when it is served). */
void cmd_account(struct cmd_ctx *ctx, uint64_t usec);

#endif
