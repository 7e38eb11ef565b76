/* DEBUG and its subcommands (t_debug.c): RELOAD, DIGEST, DIGEST-VALUE, OBJECT, POPULATE, SLEEP,
 * SET-ACTIVE-EXPIRE, PROTOCOL, HTSTATS, LISTPACK, QUICKLIST, LOG... DEBUG holds every shard;
 * its gate (enable-debug-command) runs on the client's worker before routing. */
#ifndef TESSERA_T_DEBUG_H
#define TESSERA_T_DEBUG_H

struct cmd_ctx;
struct session;
struct resp_arg;

void cmd_debug(struct cmd_ctx *ctx);
/* DEBUG's gate on the client's worker (enable-debug-command, local clients). */
void *debug_prepare(struct session *s, int argc, const struct resp_arg *argv);
void debug_aux_free(void *aux);

#endif
