/* The blocking pops (see t_blocking.c). */
#ifndef TESSERA_T_BLOCKING_H
#define TESSERA_T_BLOCKING_H

#include "cmd/cmd.h"

void cmd_blpop(struct cmd_ctx *ctx);
void cmd_brpop(struct cmd_ctx *ctx);
void cmd_blmove(struct cmd_ctx *ctx);
void cmd_brpoplpush(struct cmd_ctx *ctx);
void cmd_blmpop(struct cmd_ctx *ctx);
void cmd_bzpopmin(struct cmd_ctx *ctx);
void cmd_bzpopmax(struct cmd_ctx *ctx);
void cmd_bzmpop(struct cmd_ctx *ctx);
int blocking_mpop_getkeys(int argc, const struct resp_arg *argv, int *keys, int max);

#endif
