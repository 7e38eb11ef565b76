/* SORT and SORT_RO (Redis's sort.c). A SORT with BY or GET patterns holds every shard: its
 * pattern keys are known only while it runs (docs/execution.md). */
#ifndef TESSERA_T_SORT_H
#define TESSERA_T_SORT_H

#include "tessera/resp_parser.h"

struct cmd_ctx;

void cmd_sort(struct cmd_ctx *ctx);
void cmd_sort_ro(struct cmd_ctx *ctx);
/* The sorted key and the last STORE's destination (Redis's sortGetKeys). */
int sort_getkeys(int argc, const struct resp_arg *argv, int *keys, int max);
/* SORT_RO: the sorted key only. */
int sort_ro_getkeys(int argc, const struct resp_arg *argv, int *keys, int max);
/* Routing: whether a BY or GET pattern names keys (has a `*`), so every shard must be held. */
int sort_uses_patterns(int argc, const struct resp_arg *argv);

#endif
