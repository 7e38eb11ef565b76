/* FCALL, FCALL_RO and FUNCTION LOAD / DELETE / FLUSH / LIST / DUMP / RESTORE / STATS / KILL /
 * HELP: Redis 7.0's functions over the shared registry (function.h). FCALL runs as a transaction
 * over its keys' shards (CMD_SCRIPT, like EVAL); FUNCTION on the client's worker. */
#ifndef TESSERA_SCRIPT_FCALL_H
#define TESSERA_SCRIPT_FCALL_H

struct cmd_ctx;

void cmd_fcall(struct cmd_ctx *ctx);
void cmd_fcall_ro(struct cmd_ctx *ctx);
void cmd_function(struct cmd_ctx *ctx);
void cmd_function_load(struct cmd_ctx *ctx);
void cmd_function_delete(struct cmd_ctx *ctx);
void cmd_function_flush(struct cmd_ctx *ctx);
void cmd_function_list(struct cmd_ctx *ctx);
void cmd_function_dump(struct cmd_ctx *ctx);
void cmd_function_restore(struct cmd_ctx *ctx);
void cmd_function_stats(struct cmd_ctx *ctx);
void cmd_function_kill(struct cmd_ctx *ctx);
void cmd_function_help(struct cmd_ctx *ctx);

#endif
