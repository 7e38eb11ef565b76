/* List commands (see t_list.c), and the pops and moves the blocking list commands share. */
#ifndef TESSERA_T_LIST_H
#define TESSERA_T_LIST_H

#include "cmd/cmd.h"

/* List ends (the same values as listobj.h's LISTOBJ_HEAD and LISTOBJ_TAIL). */
#define LIST_HEAD 0
#define LIST_TAIL 1

/* Reply shapes of list_pop_first. */
#define POP_REPLY_KEY_ELEMENT 0 /* BLPOP: [key, element] (one element popped) */
#define POP_REPLY_MPOP        1 /* LMPOP: [key, [elements...]] */
#define POP_REPLY_ELEMENT     2 /* LPOP: the element (one element popped) */
#define POP_REPLY_ELEMENTS    3 /* LPOP with a count: [elements...] */

/* Pops up to count elements (count >= 1) from the first non-empty list among the keys at argv
 * indexes keys[0..n), from `where`, and writes the reply in `shape`. Returns 1 after popping and
 * replying, 0 when every list is absent (nothing written), -1 after replying WRONGTYPE (a key of
 * another type met before any non-empty list, as Redis checks). A list emptied is deleted. */
int list_pop_first(struct cmd_ctx *ctx, const int *keys, int n, int where, long count, int shape);
/* LMOVE's work: pops from argv[src] at `from` and pushes to argv[dst] at `to`, replying the
 * element. Returns 1 after replying, 0 when the source is absent (nothing written), -1 after
 * replying an error (WRONGTYPE of the source, then of the destination, before anything moves). */
int list_move(struct cmd_ctx *ctx, int src, int dst, int from, int to);

void cmd_lpush(struct cmd_ctx *ctx);
void cmd_rpush(struct cmd_ctx *ctx);
void cmd_lpushx(struct cmd_ctx *ctx);
void cmd_rpushx(struct cmd_ctx *ctx);
void cmd_lpop(struct cmd_ctx *ctx);
void cmd_rpop(struct cmd_ctx *ctx);
void cmd_llen(struct cmd_ctx *ctx);
void cmd_lrange(struct cmd_ctx *ctx);
void cmd_lindex(struct cmd_ctx *ctx);
void cmd_lset(struct cmd_ctx *ctx);
void cmd_linsert(struct cmd_ctx *ctx);
void cmd_lrem(struct cmd_ctx *ctx);
void cmd_ltrim(struct cmd_ctx *ctx);
void cmd_lpos(struct cmd_ctx *ctx);
void cmd_lmove(struct cmd_ctx *ctx);
void cmd_rpoplpush(struct cmd_ctx *ctx);
void cmd_lmpop(struct cmd_ctx *ctx);
/* LMPOP's keys: numkeys at argv[1], the keys after it (cmd_getkeys_fn). */
int lmpop_getkeys(int argc, const struct resp_arg *argv, int *keys, int max);

/* LEFT or RIGHT as LIST_HEAD / LIST_TAIL; -1 when it is neither. */
int list_side(const struct resp_arg *a);

#endif
