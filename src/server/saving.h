/* Saves on the workers' timers: each worker publishes its shard's changes since the last save,
 * and worker 0 starts a BGSAVE when a `save <seconds> <changes>` rule says so. */
#ifndef TESSERA_SAVING_H
#define TESSERA_SAVING_H

#include <stdint.h>

struct worker;

void saving_cron(struct worker *w, int64_t now_ms);

#endif
