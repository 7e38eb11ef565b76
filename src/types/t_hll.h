/* The HyperLogLog commands (Redis 7.0's hyperloglog group) over shard/hll. Handlers run on the
 * thread holding the shards of all their keys; PFSELFTEST touches none. */
#ifndef TESSERA_T_HLL_H
#define TESSERA_T_HLL_H

struct cmd_ctx;

void cmd_pfadd(struct cmd_ctx *ctx);
void cmd_pfcount(struct cmd_ctx *ctx);
void cmd_pfmerge(struct cmd_ctx *ctx);
void cmd_pfdebug(struct cmd_ctx *ctx);
void cmd_pfselftest(struct cmd_ctx *ctx);

#endif
