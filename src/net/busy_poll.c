/* Net's turn while a script of this worker's thread is past busy-reply-threshold (the VM's hook
 * calls script_busy_poll, see script/run.h): the thread cannot leave the script, so it takes its
 * completions here. Its clients' commands meet the BUSY gate of the execution path (only SCRIPT
 * KILL, SHUTDOWN NOSAVE and Redis's other allow-busy commands that need no shard run); batches
 * other workers send for this shard, or that wait in its deferred queue, are answered BUSY; every
 * other message is set aside, untouched, for after the run. Worker thread only. */
#include <stdatomic.h>

#include "dispatch/dispatch.h"
#include "net/worker.h"
#include "script/run.h"
#include "server/worker.h"
#include "tessera/mailbox.h"

static void postpone(struct worker *w, struct msg *m)
{
    m->next = NULL;
    if (w->io->postponed_tail)
        w->io->postponed_tail->next = m;
    else
        w->io->postponed_head = m;
    w->io->postponed_tail = m;
}

/* Every message in the rings: a batch for the shard is answered, the rest waits in order. */
static void take_messages(struct worker *w, const char *busy)
{
    for (int i = 0; i < g_nworkers; i++) {
        struct msg *m;
        while ((m = mailbox_recv(g_mesh, i, w->id))) {
            w->stats.mailbox_received++;
            if (m->kind == MSG_EXEC)
                dispatch_refuse_batch(w, (struct exec_batch *)m, busy);
            else
                postpone(w, m);
        }
    }
}

int worker_run_postponed(struct worker *w)
{
    int n = 0;
    while (w->io->postponed_head && !script_running) {
        struct msg *m = w->io->postponed_head;
        w->io->postponed_head = m->next;
        if (!m->next) w->io->postponed_tail = NULL;
        dispatch_on_message(w, m); /* may run a script that sets more aside: they go after */
        n++;
    }
    return n;
}

static void flush(struct worker *w)
{
    worker_flush_clients(w);
    worker_flush_overflow(w);
    worker_wake_targets(w);
}

void worker_busy_poll(struct worker *w)
{
    int kind = script_busy_now;
    if (w->io->in_busy_poll || !kind) return;
    w->io->in_busy_poll = 1;
    if (atomic_load(&g_shutdown)) script_stop_here(w); /* SHUTDOWN NOSAVE, SIGTERM */
    if (w->io->busy_announced != script_runs_started) {
        /* The other workers look at once whether work waits for a shard this run holds. */
        w->io->busy_announced = script_runs_started;
        workers_wake_all();
    }
    const char *busy = script_busy_text(kind);
    take_messages(w, busy);
    if (w->shard.deferred_head) dispatch_refuse_deferred(w, busy);
    flush(w);
    worker_get_events(w);
    worker_take_completions(w);
    flush(w);
    w->io->in_busy_poll = 0;
}
