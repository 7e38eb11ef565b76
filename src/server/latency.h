/* Latency: per-command latency histograms (latency-tracking; INFO latencystats and LATENCY
 * HISTOGRAM) and the latency monitor's events (latency-monitor-threshold; LATENCY LATEST,
 * HISTORY, RESET, DOCTOR, GRAPH). Each worker records what its own thread ran; readers fan out and
 * merge copies. Worker threads only. */
#ifndef TESSERA_LATENCY_H
#define TESSERA_LATENCY_H

#include <stdint.h>

struct cmd_ctx;
struct reply;
struct worker;
struct latency;
struct latency_copy;

/* Calls faster than LATENCY_FAST_USEC microseconds are only counted, per command and microsecond,
 * in their worker's lat_fast (worker.h): one increment where a histogram's index costs a dozen
 * instructions. Readers of the histograms fold the counts in first, on the worker's thread, so
 * every call is in them exactly as latency_track would have put it. */
#define LATENCY_FAST_USEC 16

/* cmd_account: a command of id ran for usec < LATENCY_FAST_USEC (latency-tracking on). */
static inline void latency_count(uint64_t *lat_fast, int id, uint64_t usec)
{
    lat_fast[(size_t)id * LATENCY_FAST_USEC + usec]++;
}
/* cmd_account: a command of id ran for usec (latency-tracking on). */
void latency_track(struct worker *w, int id, uint64_t usec);
/* cmd_call: a command took ms, at or past latency-monitor-threshold. fast: a CMD_FAST one. */
void latency_add_sample(struct worker *w, int fast, uint64_t ms);
/* CONFIG RESETSTAT: forgets the worker's histograms. */
void latency_reset_histograms(struct worker *w);
void latency_free(struct latency *lat);

/* INFO latencystats: a worker's histograms copied on its thread, and the merged lines. */
struct latency_copy *latency_copy_take(struct worker *w);
void latency_copy_free(struct latency_copy *c);
void latency_info(struct reply *text, struct latency_copy *const *copies, int n);

void cmd_latency(struct cmd_ctx *ctx);
void cmd_latency_latest(struct cmd_ctx *ctx);
void cmd_latency_history(struct cmd_ctx *ctx);
void cmd_latency_reset(struct cmd_ctx *ctx);
void cmd_latency_histogram(struct cmd_ctx *ctx);
void cmd_latency_doctor(struct cmd_ctx *ctx);
void cmd_latency_graph(struct cmd_ctx *ctx);
void cmd_latency_help(struct cmd_ctx *ctx);

#endif
