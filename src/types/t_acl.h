/* The ACL command and its subcommands (Redis 7.0's). Handlers run on the client's worker
 * (CMD_CONN); users and the log live in cmd/acl.c. */
#ifndef TESSERA_T_ACL_H
#define TESSERA_T_ACL_H

struct cmd_ctx;

void cmd_acl(struct cmd_ctx *ctx);
void cmd_acl_setuser(struct cmd_ctx *ctx);
void cmd_acl_getuser(struct cmd_ctx *ctx);
void cmd_acl_deluser(struct cmd_ctx *ctx);
void cmd_acl_list(struct cmd_ctx *ctx);
void cmd_acl_users(struct cmd_ctx *ctx);
void cmd_acl_whoami(struct cmd_ctx *ctx);
void cmd_acl_cat(struct cmd_ctx *ctx);
void cmd_acl_genpass(struct cmd_ctx *ctx);
void cmd_acl_log(struct cmd_ctx *ctx);
void cmd_acl_dryrun(struct cmd_ctx *ctx);
void cmd_acl_load(struct cmd_ctx *ctx);
void cmd_acl_save(struct cmd_ctx *ctx);
void cmd_acl_help(struct cmd_ctx *ctx);

#endif
