/* INFO: the report of the server's state and statistics in Redis's sections and field names, the
 * start-up facts it reports (run id, executable, start time), the per-worker rate samples behind
 * instantaneous_ops_per_sec, and CONFIG RESETSTAT. info_init runs on the main thread before the
 * workers start; everything else runs on worker threads. */
#ifndef TESSERA_INFO_H
#define TESSERA_INFO_H

#include <stdint.h>

/* The Redis version we report in INFO and HELLO: the one whose behaviour we follow. Clients gate
 * features on it (RESP3, command variants), so it names Redis's version, not ours, which INFO
 * gives as tessera_version. */
#define TESSERA_REDIS_VERSION "7.0.15"

struct cmd_ctx;
struct worker;

/* Records the start time, a random run id, and the absolute paths of the executable and of the
 * config file (NULL when there is none). Main thread, once, before the workers start. */
void info_init(const char *executable, const char *config_file);

/* Each worker calls this from its timer (every cron tick): it samples the worker's counters for
 * the instantaneous_* rates and keeps used_memory_peak current. Worker thread only, own worker. */
void info_cron(struct worker *w, int64_t now_ms);

/* INFO [section ...]: replies at once, or starts the fan-out that collects every worker's
 * counters and replies when they are in. Handler context of a CMD_CONN command. */
void info_command(struct cmd_ctx *ctx);

/* CONFIG RESETSTAT: zeroes every worker's counters (by fan-out), then +OK. */
void info_reset_stats(struct cmd_ctx *ctx);

/* The 40 hex characters of this run's id. */
const char *info_run_id(void);
/* used_memory now (raising the peak), used_memory_peak, what was used at start-up, and the
 * process's RSS (MEMORY STATS, MEMORY DOCTOR). Worker threads. */
void info_memory(int64_t *used, int64_t *peak, int64_t *startup, uint64_t *rss);

#endif
