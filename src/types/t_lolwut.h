/* LOLWUT [VERSION v] [args]: computer art and the version line, as Redis 7.0 answers it. */
#ifndef TESSERA_T_LOLWUT_H
#define TESSERA_T_LOLWUT_H

struct cmd_ctx;

void cmd_lolwut(struct cmd_ctx *ctx);

#endif
