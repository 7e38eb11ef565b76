/* MOVE and SWAPDB: keys and whole databases between databases (Redis's db.c). A key's shard is
 * the same in every database, so MOVE stays on one shard; SWAPDB holds every shard. */
#ifndef TESSERA_T_MOVEDB_H
#define TESSERA_T_MOVEDB_H

struct cmd_ctx;

void cmd_move(struct cmd_ctx *ctx);
void cmd_swapdb(struct cmd_ctx *ctx);

#endif
