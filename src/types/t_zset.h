/* Sorted-set commands (see t_zset.c), the key finders of their numkeys forms, and the pop that
 * the blocking forms (BZPOPMIN, BZPOPMAX, BZMPOP) share with ZMPOP. */
#ifndef TESSERA_T_ZSET_H
#define TESSERA_T_ZSET_H

#include "cmd/cmd.h"

void cmd_zadd(struct cmd_ctx *ctx);
void cmd_zincrby(struct cmd_ctx *ctx);
void cmd_zrem(struct cmd_ctx *ctx);
void cmd_zcard(struct cmd_ctx *ctx);
void cmd_zscore(struct cmd_ctx *ctx);
void cmd_zmscore(struct cmd_ctx *ctx);
void cmd_zrank(struct cmd_ctx *ctx);
void cmd_zrevrank(struct cmd_ctx *ctx);
void cmd_zcount(struct cmd_ctx *ctx);
void cmd_zlexcount(struct cmd_ctx *ctx);
void cmd_zrange(struct cmd_ctx *ctx);
void cmd_zrangestore(struct cmd_ctx *ctx);
void cmd_zrangebyscore(struct cmd_ctx *ctx);
void cmd_zrevrangebyscore(struct cmd_ctx *ctx);
void cmd_zrangebylex(struct cmd_ctx *ctx);
void cmd_zrevrangebylex(struct cmd_ctx *ctx);
void cmd_zrevrange(struct cmd_ctx *ctx);
void cmd_zremrangebyrank(struct cmd_ctx *ctx);
void cmd_zremrangebyscore(struct cmd_ctx *ctx);
void cmd_zremrangebylex(struct cmd_ctx *ctx);
void cmd_zpopmin(struct cmd_ctx *ctx);
void cmd_zpopmax(struct cmd_ctx *ctx);
void cmd_zmpop(struct cmd_ctx *ctx);
void cmd_zrandmember(struct cmd_ctx *ctx);
void cmd_zunion(struct cmd_ctx *ctx);
void cmd_zinter(struct cmd_ctx *ctx);
void cmd_zdiff(struct cmd_ctx *ctx);
void cmd_zunionstore(struct cmd_ctx *ctx);
void cmd_zinterstore(struct cmd_ctx *ctx);
void cmd_zdiffstore(struct cmd_ctx *ctx);
void cmd_zintercard(struct cmd_ctx *ctx);
void cmd_zscan(struct cmd_ctx *ctx);

/* Key finders (cmd_getkeys_fn): "numkeys key..." from argument 1 (ZUNION ZINTER ZDIFF
 * ZINTERCARD ZMPOP), and "destination numkeys key..." (the STORE forms). */
int zset_getkeys_numkeys(int argc, const struct resp_arg *argv, int *keys, int max);
int zset_getkeys_store(int argc, const struct resp_arg *argv, int *keys, int max);

#define ZPOP_MIN 0
#define ZPOP_MAX 1

#define ZPOP_REPLY_KEY_MEMBER_SCORE 0 /* BZPOPMIN shape: [key, member, score] */
#define ZPOP_REPLY_MPOP             1 /* ZMPOP shape: [key, [[member, score], ...]] */

/* Pops up to count members (count >= 1) from the first non-empty sorted set among the keys at
 * argv indexes keys[0..n), the lowest or highest scores, and writes the reply in `shape`.
 * Returns 1 after popping and replying, 0 when every key is absent (nothing written), -1 after
 * replying WRONGTYPE. */
int zset_pop_first(struct cmd_ctx *ctx, const int *keys, int n, int which, long count, int shape);

#endif
