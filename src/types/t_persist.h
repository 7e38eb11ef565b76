/* The persistence commands: SAVE, BGSAVE and LASTSAVE (src/persist/ does the work), DUMP and
 * RESTORE (Redis's serialized-value format); DEBUG RELOAD is in t_debug.h. SAVE and BGSAVE hold
 * every shard; DUMP and RESTORE run on their key's shard. */
#ifndef TESSERA_T_PERSIST_H
#define TESSERA_T_PERSIST_H

struct cmd_ctx;

void cmd_save(struct cmd_ctx *ctx);
void cmd_bgsave(struct cmd_ctx *ctx);
void cmd_lastsave(struct cmd_ctx *ctx);
void cmd_dump(struct cmd_ctx *ctx);
void cmd_restore(struct cmd_ctx *ctx);

#endif
