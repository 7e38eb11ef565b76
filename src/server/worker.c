/* The parts of a worker that are not Net's: its shard, its side of the mailbox mesh, its counters
 * and its pub/sub registry, made and freed here for Net's worker_new/worker_free (and for the
 * unit tests' fake workers). Main thread, before the workers start and after they stop. */
#include "cmd/cmd.h"
#include "cmd/pubsub.h"
#include "dispatch/blocking.h"
#include "dispatch/dispatch.h"
#include "resp/errors.h"
#include "server/latency.h"
#include "server/slowlog.h"
#include "script/vm.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mem.h"

void worker_core_init(struct worker *w, int id)
{
    w->id = id;
    shard_init(&w->shard, id, g_config.databases);
    int n = g_nworkers;
    w->overflow_head = mem_calloc((size_t)n, sizeof *w->overflow_head);
    w->overflow_tail = mem_calloc((size_t)n, sizeof *w->overflow_tail);
    w->wake = mem_calloc((size_t)n, 1);
    int ids = cmd_id_count();
    w->stats.cmd_calls = mem_calloc((size_t)ids, sizeof(uint64_t));
    w->stats.cmd_usec = mem_calloc((size_t)ids, sizeof(uint64_t));
    w->stats.cmd_failed = mem_calloc((size_t)ids, sizeof(uint64_t));
    w->stats.cmd_rejected = mem_calloc((size_t)ids, sizeof(uint64_t));
    w->stats.error_counts = mem_calloc(ERROR_CODE_COUNT, sizeof(uint64_t));
    w->lat_fast = mem_calloc((size_t)ids * LATENCY_FAST_USEC, sizeof(uint64_t));
    pubsub_worker_init(w);
}

void worker_core_free(struct worker *w)
{
    w->shard.toucher = shard_thread_id; /* the workers have stopped: this thread tears down */
    block_queues_free(&w->shard);
    shard_destroy(&w->shard);
    for (int t = 0; t < g_nworkers; t++) {
        while (w->overflow_head[t]) {
            struct msg *m = w->overflow_head[t];
            w->overflow_head[t] = m->next;
            dispatch_free_message(m);
        }
    }
    script_vm_free(w);
    slowlog_free(w->slowlog);
    latency_free(w->latency);
    mem_free(w->overflow_head);
    mem_free(w->overflow_tail);
    mem_free(w->wake);
    mem_free(w->stats.cmd_calls);
    mem_free(w->stats.cmd_usec);
    mem_free(w->stats.cmd_failed);
    mem_free(w->stats.cmd_rejected);
    mem_free(w->stats.error_counts);
    mem_free(w->lat_fast);
    pubsub_worker_free(w);
}
