/* The set commands the server core needs (SADD, SREM, SMEMBERS, SISMEMBER, SCARD) over setobj.
 * Handlers run on the thread holding the shard of their key. */
#ifndef TESSERA_T_SET_H
#define TESSERA_T_SET_H

struct cmd_ctx;

void cmd_sadd(struct cmd_ctx *ctx);
void cmd_srem(struct cmd_ctx *ctx);
void cmd_smembers(struct cmd_ctx *ctx);
void cmd_sismember(struct cmd_ctx *ctx);
void cmd_scard(struct cmd_ctx *ctx);

#endif
