/* The string commands (Redis's "string" group): GET, SET and its variants, counters, APPEND and
 * byte ranges. Handlers run on the thread holding the shards of their keys. */
#ifndef TESSERA_T_STRING_H
#define TESSERA_T_STRING_H

struct cmd_ctx;

void cmd_get(struct cmd_ctx *ctx);
void cmd_set(struct cmd_ctx *ctx);
void cmd_setnx(struct cmd_ctx *ctx);
void cmd_setex(struct cmd_ctx *ctx);
void cmd_psetex(struct cmd_ctx *ctx);
void cmd_getset(struct cmd_ctx *ctx);
void cmd_getdel(struct cmd_ctx *ctx);
void cmd_getex(struct cmd_ctx *ctx);
void cmd_mget(struct cmd_ctx *ctx);
void cmd_mset(struct cmd_ctx *ctx);
void cmd_msetnx(struct cmd_ctx *ctx);
void cmd_incr(struct cmd_ctx *ctx);
void cmd_decr(struct cmd_ctx *ctx);
void cmd_incrby(struct cmd_ctx *ctx);
void cmd_decrby(struct cmd_ctx *ctx);
void cmd_incrbyfloat(struct cmd_ctx *ctx);
void cmd_append(struct cmd_ctx *ctx);
void cmd_strlen(struct cmd_ctx *ctx);
void cmd_getrange(struct cmd_ctx *ctx);
void cmd_setrange(struct cmd_ctx *ctx);

#endif
