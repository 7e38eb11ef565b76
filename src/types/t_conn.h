/* The connection commands (Redis's "connection" group): PING, ECHO, QUIT, RESET, HELLO, SELECT,
 * AUTH and CLIENT with its subcommands. All are CMD_CONN: they run on the client's own worker
 * thread with ctx->session set; CLIENT LIST and CLIENT KILL reach the other workers by fan-out. */
#ifndef TESSERA_T_CONN_H
#define TESSERA_T_CONN_H

struct cmd_ctx;

void cmd_ping(struct cmd_ctx *ctx);
void cmd_echo(struct cmd_ctx *ctx);
void cmd_quit(struct cmd_ctx *ctx);
void cmd_reset(struct cmd_ctx *ctx);
void cmd_hello(struct cmd_ctx *ctx);
void cmd_select(struct cmd_ctx *ctx);
void cmd_auth(struct cmd_ctx *ctx);
void cmd_client(struct cmd_ctx *ctx);
void cmd_client_id(struct cmd_ctx *ctx);
void cmd_client_setname(struct cmd_ctx *ctx);
void cmd_client_getname(struct cmd_ctx *ctx);
void cmd_client_list(struct cmd_ctx *ctx);
void cmd_client_info(struct cmd_ctx *ctx);
void cmd_client_kill(struct cmd_ctx *ctx);
void cmd_client_setinfo(struct cmd_ctx *ctx);
void cmd_client_no_evict(struct cmd_ctx *ctx);
void cmd_client_help(struct cmd_ctx *ctx);

/* For the HELP subcommands of containers (CLIENT, CONFIG): Redis's help reply, a header naming
 * the command, the lines given (NULL-terminated), and the HELP entry, as simple strings. */
void cmd_reply_help(struct cmd_ctx *ctx, const char *const *lines);
/* A container run without a known subcommand: Redis's unknown-subcommand error. */
void cmd_reply_unknown_subcommand(struct cmd_ctx *ctx);

#endif
