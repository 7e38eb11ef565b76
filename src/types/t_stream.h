/* Stream commands (t_stream.c: XADD XLEN XRANGE XREVRANGE XDEL XTRIM XSETID; t_xread.c: XREAD;
 * t_xinfo.c: XINFO STREAM and HELP) and the key finders their table rows use. */
#ifndef TESSERA_T_STREAM_H
#define TESSERA_T_STREAM_H

#include "cmd/cmd.h"

struct streamobj;

void cmd_xadd(struct cmd_ctx *ctx);
void cmd_xlen(struct cmd_ctx *ctx);
void cmd_xrange(struct cmd_ctx *ctx);
void cmd_xrevrange(struct cmd_ctx *ctx);
void cmd_xdel(struct cmd_ctx *ctx);
void cmd_xtrim(struct cmd_ctx *ctx);
void cmd_xsetid(struct cmd_ctx *ctx);
void cmd_xread(struct cmd_ctx *ctx);
void cmd_xinfo(struct cmd_ctx *ctx);
void cmd_xinfo_stream(struct cmd_ctx *ctx);
void cmd_xinfo_help(struct cmd_ctx *ctx);

/* XREAD's keys (the first half of what follows STREAMS), and whether a line has BLOCK. */
int xread_getkeys(int argc, const struct resp_arg *argv, int *keys, int max);
int xread_may_block(int argc, const struct resp_arg *argv);

/* The stream at argument i: NULL when absent or, with *failed set, after replying WRONGTYPE.
 * read counts a keyspace hit or miss (Redis's lookupKeyRead). */
struct streamobj *stream_lookup(struct cmd_ctx *ctx, int i, int read, int *failed);

#endif
