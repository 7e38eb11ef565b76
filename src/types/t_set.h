/* The set commands (Redis 7.0's set group) over setobj. Handlers run on the thread holding the
 * shards of all their keys. */
#ifndef TESSERA_T_SET_H
#define TESSERA_T_SET_H

struct cmd_ctx;
struct resp_arg;

void cmd_sadd(struct cmd_ctx *ctx);
void cmd_srem(struct cmd_ctx *ctx);
void cmd_smembers(struct cmd_ctx *ctx);
void cmd_sismember(struct cmd_ctx *ctx);
void cmd_smismember(struct cmd_ctx *ctx);
void cmd_scard(struct cmd_ctx *ctx);
void cmd_spop(struct cmd_ctx *ctx);
void cmd_srandmember(struct cmd_ctx *ctx);
void cmd_smove(struct cmd_ctx *ctx);
void cmd_sinter(struct cmd_ctx *ctx);
void cmd_sinterstore(struct cmd_ctx *ctx);
void cmd_sintercard(struct cmd_ctx *ctx);
void cmd_sunion(struct cmd_ctx *ctx);
void cmd_sunionstore(struct cmd_ctx *ctx);
void cmd_sdiff(struct cmd_ctx *ctx);
void cmd_sdiffstore(struct cmd_ctx *ctx);
void cmd_sscan(struct cmd_ctx *ctx);

/* SINTERCARD's keys (a cmd_getkeys_fn): numkeys of them after numkeys. */
int sintercard_getkeys(int argc, const struct resp_arg *argv, int *keys, int max);

#endif
