/* The slow log (SLOWLOG, Redis's slowlog.c): the commands that ran for at least
 * slowlog-log-slower-than microseconds. Each worker keeps the ones its own thread ran; ids come
 * from one counter, so SLOWLOG GET merges every worker's newest first. Worker threads only. */
#ifndef TESSERA_SLOWLOG_H
#define TESSERA_SLOWLOG_H

#include <stdint.h>

struct cmd_ctx;
struct worker;
struct slowlog;

/* Records the command ctx ran (its argv and client), which took usec; on ctx->w's thread. */
void slowlog_push(struct cmd_ctx *ctx, uint64_t usec);
/* Frees a worker's log (its thread has stopped). */
void slowlog_free(struct slowlog *log);

void cmd_slowlog(struct cmd_ctx *ctx);
void cmd_slowlog_get(struct cmd_ctx *ctx);
void cmd_slowlog_len(struct cmd_ctx *ctx);
void cmd_slowlog_reset(struct cmd_ctx *ctx);
void cmd_slowlog_help(struct cmd_ctx *ctx);

#endif
