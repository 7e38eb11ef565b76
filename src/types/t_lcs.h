/* LCS: the longest common subsequence of two strings (Redis 7.0's lcsCommand). */
#ifndef TESSERA_T_LCS_H
#define TESSERA_T_LCS_H

struct cmd_ctx;

void cmd_lcs(struct cmd_ctx *ctx);

#endif
