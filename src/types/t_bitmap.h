/* The bitmap commands (Redis's "bitmap" group): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD
 * BITFIELD_RO. Bitmaps are strings. Handlers run on the thread holding the shards of their keys. */
#ifndef TESSERA_T_BITMAP_H
#define TESSERA_T_BITMAP_H

struct cmd_ctx;

void cmd_setbit(struct cmd_ctx *ctx);
void cmd_getbit(struct cmd_ctx *ctx);
void cmd_bitcount(struct cmd_ctx *ctx);
void cmd_bitpos(struct cmd_ctx *ctx);
void cmd_bitop(struct cmd_ctx *ctx);
void cmd_bitfield(struct cmd_ctx *ctx);
void cmd_bitfield_ro(struct cmd_ctx *ctx);

#endif
