/* Server life cycle (see server.h): every signal is blocked in every thread and taken by the main
 * thread with sigwait, so workers never run a signal handler. Main thread, except
 * server_request_shutdown which any thread may call. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/acl.h"
#include "cmd/cmd.h"
#include "cmd/gates.h"
#include "cmd/pubsub.h"
#include "cmd/tracking.h"
#include "dispatch/dispatch.h"
#include "server/container.h"
#include "server/fdlimit.h"
#include "server/log.h"
#include "server/server.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mailbox.h"
#include "persist/persist.h"
#include "persist/snapshot.h"
#include "tessera/mem.h"

#define MAILBOX_SIZE 4096

struct worker **g_workers;
int g_nworkers;
struct mailbox_mesh *g_mesh;

void server_request_shutdown(void)
{
    kill(getpid(), SIGTERM);
}

static void write_pidfile(void)
{
    if (!g_config.pidfile || !g_config.pidfile[0]) return;
    FILE *f = fopen(g_config.pidfile, "w");
    if (!f) {
        log_msg(LOG_WARNING, "Failed to write PID file: %s", strerror(errno));
        return;
    }
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
}

/* Messages still in the rings when every worker has stopped. */
static void drain_mesh(void)
{
    for (int from = 0; from < g_nworkers; from++)
        for (int to = 0; to < g_nworkers; to++) {
            struct msg *m;
            while ((m = mailbox_recv(g_mesh, from, to)))
                dispatch_free_message(m);
        }
}

int server_run(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    int n = g_config.threads > 0 ? g_config.threads : config_default_threads();
    if (n > 256) n = 256;
    g_nworkers = n;
    container_apply_memory_limit();
    atomic_store_explicit(&g_config.threads_in_use, n, memory_order_relaxed);
    int fit = fdlimit_fit(g_config.maxclients, n);
    if (fit == 0) return 1;
    atomic_store_explicit(&g_config.maxclients, fit, memory_order_relaxed);
    cmd_table_init();
    config_acl_user_lines = acl_user_lines;
    char aclerr[1024];
    if (acl_init(aclerr, sizeof aclerr) < 0) {
        log_msg(LOG_WARNING, "%s", aclerr);
        fprintf(stderr, "%s\n", aclerr);
        return 1;
    }
    pubsub_init();
    tracking_init();
    g_mesh = mailbox_mesh_new(n, MAILBOX_SIZE);
    g_workers = mem_calloc((size_t)n, sizeof *g_workers);
    for (int i = 0; i < n; i++) {
        g_workers[i] = worker_new(i);
        char err[256] = "";
        if (worker_listen(g_workers[i], err, sizeof err) < 0) {
            log_msg(LOG_WARNING, "%s", err);
            fprintf(stderr, "%s\n", err);
            return 1;
        }
    }
    worker_choose_io();
    write_pidfile();
    persist_init(n);
    config_quiescent_init(n); /* strings CONFIG SET replaces now wait for every worker */
    gates_refresh();          /* what the execution path checks, from the states set up above */
    for (int i = 0; i < n; i++)
        worker_start(g_workers[i]);
    log_msg(LOG_NOTICE, "Tessera %s started with %d worker threads, port %d", TESSERA_VERSION, n,
            g_config.port);
    log_msg(LOG_NOTICE, "Ready to accept connections tcp");

    struct shard *shards[256];
    for (int i = 0; i < n; i++)
        shards[i] = &g_workers[i]->shard;
    int rc = 0, sig = 0;
    if (persist_load(shards, n) < 0) {
        rc = 1; /* a bad file stops start-up: nothing is half-loaded */
    } else {
        sigwait(&set, &sig);
        log_msg(LOG_WARNING, "Received %s scheduling shutdown...",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
    atomic_store(&g_shutdown, 1);
    workers_wake_all();
    for (int i = 0; i < n; i++)
        worker_join(g_workers[i]);
    drain_mesh();
    persist_shutdown(); /* a background save under way is dropped */
    for (int i = 0; i < n; i++)
        snapshot_abandon(shards[i]);
    if (rc == 0 && persist_shutdown_saves()) {
        char err[512];
        log_msg(LOG_NOTICE, "Saving the final RDB snapshot before exiting.");
        if (persist_save_now(shards, n, 0, err, sizeof err) < 0) {
            log_msg(LOG_WARNING, "Error trying to save the DB: %s", err);
            rc = 1;
        }
    }
    for (int i = 0; i < n; i++)
        worker_free(g_workers[i]);
    tracking_free();
    mem_free(g_workers);
    mailbox_mesh_free(g_mesh);
    if (g_config.pidfile && g_config.pidfile[0]) unlink(g_config.pidfile);
    log_msg(LOG_WARNING, "Tessera is now ready to exit, bye bye...");
    return rc;
}
