/* The persistence commands: SAVE, BGSAVE and LASTSAVE (src/persist/ does the work), DUMP and
 * RESTORE (Redis's serialized-value format), and DEBUG's RELOAD, DIGEST and DIGEST-VALUE. SAVE
 * and BGSAVE hold every shard; DUMP and RESTORE run on their key's shard. */
#ifndef TESSERA_T_PERSIST_H
#define TESSERA_T_PERSIST_H

struct cmd_ctx;
struct session;
struct resp_arg;

void cmd_save(struct cmd_ctx *ctx);
void cmd_bgsave(struct cmd_ctx *ctx);
void cmd_lastsave(struct cmd_ctx *ctx);
void cmd_dump(struct cmd_ctx *ctx);
void cmd_restore(struct cmd_ctx *ctx);
void cmd_debug(struct cmd_ctx *ctx);
/* DEBUG's gate on the client's worker (enable-debug-command, local clients). */
void *debug_prepare(struct session *s, int argc, const struct resp_arg *argv);
void debug_aux_free(void *aux);

#endif
