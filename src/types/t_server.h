/* The server commands (Redis's "server" group) other than COMMAND: INFO, CONFIG with its
 * subcommands, TIME and SHUTDOWN. All are CMD_CONN: they run on the client's own worker thread;
 * INFO and CONFIG RESETSTAT reach the other workers by fan-out (src/server/info.c). */
#ifndef TESSERA_T_SERVER_H
#define TESSERA_T_SERVER_H

struct cmd_ctx;

void cmd_info(struct cmd_ctx *ctx);
void cmd_config(struct cmd_ctx *ctx);
void cmd_config_get(struct cmd_ctx *ctx);
void cmd_config_set(struct cmd_ctx *ctx);
void cmd_config_resetstat(struct cmd_ctx *ctx);
void cmd_config_rewrite(struct cmd_ctx *ctx);
void cmd_config_help(struct cmd_ctx *ctx);
void cmd_time(struct cmd_ctx *ctx);
void cmd_shutdown(struct cmd_ctx *ctx);

#endif
