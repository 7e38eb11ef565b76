/* DEBUG OBJECT, LISTPACK, QUICKLIST, HTSTATS and HTSTATS-KEY (debug_inspect.c): handlers that
 * cmd_debug calls once the argument count is checked, with every shard held. */
#ifndef TESSERA_DEBUG_INSPECT_H
#define TESSERA_DEBUG_INSPECT_H

struct cmd_ctx;

void debug_object(struct cmd_ctx *ctx);
void debug_listpack(struct cmd_ctx *ctx);
void debug_quicklist(struct cmd_ctx *ctx);
void debug_htstats(struct cmd_ctx *ctx);
void debug_htstats_key(struct cmd_ctx *ctx);

#endif
