/* MEMORY STATS, DOCTOR, MALLOC-STATS and PURGE (MEMORY USAGE is t_object.c's): Redis 7.0's
 * field names and reports over Tessera's accounting (tessera/mem.h). CMD_CONN handlers;
 * STATS and DOCTOR gather every shard's tables, PURGE every worker's heap, by fan-out. */
#ifndef TESSERA_MEMSTATS_H
#define TESSERA_MEMSTATS_H

struct cmd_ctx;

void cmd_memory_stats(struct cmd_ctx *ctx);
void cmd_memory_doctor(struct cmd_ctx *ctx);
void cmd_memory_malloc_stats(struct cmd_ctx *ctx);
void cmd_memory_purge(struct cmd_ctx *ctx);

#endif
