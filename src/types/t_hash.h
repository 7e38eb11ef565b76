/* Hash commands (see t_hash.c). */
#ifndef TESSERA_T_HASH_H
#define TESSERA_T_HASH_H

#include "cmd/cmd.h"

void cmd_hset(struct cmd_ctx *ctx);
void cmd_hmset(struct cmd_ctx *ctx);
void cmd_hsetnx(struct cmd_ctx *ctx);
void cmd_hget(struct cmd_ctx *ctx);
void cmd_hmget(struct cmd_ctx *ctx);
void cmd_hdel(struct cmd_ctx *ctx);
void cmd_hexists(struct cmd_ctx *ctx);
void cmd_hlen(struct cmd_ctx *ctx);
void cmd_hstrlen(struct cmd_ctx *ctx);
void cmd_hkeys(struct cmd_ctx *ctx);
void cmd_hvals(struct cmd_ctx *ctx);
void cmd_hgetall(struct cmd_ctx *ctx);
void cmd_hincrby(struct cmd_ctx *ctx);
void cmd_hincrbyfloat(struct cmd_ctx *ctx);
void cmd_hrandfield(struct cmd_ctx *ctx);
void cmd_hscan(struct cmd_ctx *ctx);

#endif
