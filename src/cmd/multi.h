/* MULTI / EXEC / DISCARD and WATCH / UNWATCH: a session's queued commands, and its watched keys
 * with the mark each had when watched. EXEC runs the queue as one transaction holding every
 * shard its commands and watched keys touch (dispatch.h, txn_start_block). See
 * docs/execution.md. Handlers and calls run on the client's worker unless they say otherwise. */
#ifndef TESSERA_MULTI_H
#define TESSERA_MULTI_H

#include "cmd/cmd.h"

struct session;

/* The gate inside MULTI: queues the command and answers +QUEUED. */
void multi_queue(struct session *s, const struct command *cmd, int argc,
                 const struct resp_arg *argv);
/* A command was refused inside MULTI: EXEC will answer EXECABORT. */
void multi_flag_error(struct session *s);
/* CLIENT LIST's multi=: the commands queued, -1 outside MULTI. */
int multi_queued(const struct session *s);
/* The session ends or resets: drops its queue and its watches. */
void multi_session_end(struct session *s);
/* Whether a queued command has any of the flags (CLIENT PAUSE WRITE holds such an EXEC). */
int multi_queued_flags(const struct session *s, uint32_t flags);

/* WATCH's step on the client's worker, before routing: records the keys and returns the marks'
 * holder the handler fills in on the keys' shards (NULL after answering an error). */
void *watch_prepare(struct session *s, int argc, const struct resp_arg *argv);
/* Drops the marks' holder of a WATCH that will not run. */
void watch_aux_free(void *aux);

void cmd_multi(struct cmd_ctx *ctx);
void cmd_exec(struct cmd_ctx *ctx);
void cmd_discard(struct cmd_ctx *ctx);
void cmd_watch(struct cmd_ctx *ctx); /* runs where the keys' shards are held */
void cmd_unwatch(struct cmd_ctx *ctx);

#endif
