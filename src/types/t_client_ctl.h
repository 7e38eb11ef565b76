/* CLIENT subcommands that act on other clients' flow: PAUSE, UNPAUSE, UNBLOCK, and REPLY (this
 * client's replies). CMD_CONN handlers on the client's worker; UNBLOCK and UNPAUSE fan out. */
#ifndef TESSERA_T_CLIENT_CTL_H
#define TESSERA_T_CLIENT_CTL_H

struct cmd_ctx;

void cmd_client_pause(struct cmd_ctx *ctx);
void cmd_client_unpause(struct cmd_ctx *ctx);
void cmd_client_unblock(struct cmd_ctx *ctx);
void cmd_client_reply(struct cmd_ctx *ctx);

#endif
