/* Server life cycle (see server.h): every signal is blocked in every thread and taken by the main
 * thread with sigwait, so workers never run a signal handler. Main thread, except
 * server_request_shutdown which any thread may call. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "net/worker.h"
#include "server/log.h"
#include "server/server.h"
#include "tessera/config.h"
#include "tessera/mailbox.h"
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

/* Descriptors kept for everything but clients: Redis's 32, and per worker its io_uring, its
 * eventfd and a listener per address. */
#define RESERVED_FDS_BASE       32
#define RESERVED_FDS_PER_WORKER 4

/* Redis's adjustOpenFilesLimit: raise RLIMIT_NOFILE to what maxclients needs, as far as the
 * system allows, and lower maxclients to what the limit leaves, so that running out of
 * descriptors shows as "max number of clients reached", never as a failing accept. Returns -1
 * when too few are left to start. */
static int adjust_open_files_limit(int nworkers)
{
    rlim_t reserved = RESERVED_FDS_BASE + (rlim_t)RESERVED_FDS_PER_WORKER * (rlim_t)nworkers;
    rlim_t want = (rlim_t)g_config.maxclients + reserved;
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == -1) {
        log_msg(LOG_WARNING,
                "Unable to obtain the current NOFILE limit (%s), assuming 1024 and setting the max "
                "clients configuration accordingly.",
                strerror(errno));
        limit.rlim_cur = 1024;
    } else if (limit.rlim_cur < want) {
        rlim_t old = limit.rlim_cur, best = want;
        int setrlimit_error = 0;
        /* Try the wanted limit, then less and less, down to what is already in force. */
        while (best > old) {
            struct rlimit try = {.rlim_cur = best, .rlim_max = best};
            if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max > best)
                try.rlim_max = limit.rlim_max;
            if (setrlimit(RLIMIT_NOFILE, &try) == 0) break;
            setrlimit_error = errno;
            best = best > 16 ? best - 16 : 0;
        }
        if (best < old) best = old;
        limit.rlim_cur = best;
        if (best < want) {
            if (best <= reserved) {
                log_msg(LOG_WARNING,
                        "Your current 'ulimit -n' of %llu is not enough for the server to start. "
                        "Please increase your open file limit to at least %llu. Exiting.",
                        (unsigned long long)old, (unsigned long long)want);
                return -1;
            }
            int old_maxclients = g_config.maxclients;
            atomic_store_explicit(&g_config.maxclients, (int)(best - reserved),
                                  memory_order_relaxed);
            log_msg(LOG_WARNING,
                    "You requested maxclients of %d requiring at least %llu max file descriptors.",
                    old_maxclients, (unsigned long long)want);
            log_msg(LOG_WARNING,
                    "Server can't set maximum open files to %llu because of OS error: %s.",
                    (unsigned long long)want, strerror(setrlimit_error));
            log_msg(LOG_WARNING,
                    "Current maximum open files is %llu. maxclients has been reduced to %d to "
                    "compensate for low ulimit. If you need higher maxclients increase 'ulimit "
                    "-n'.",
                    (unsigned long long)best, g_config.maxclients);
        } else {
            log_msg(LOG_NOTICE,
                    "Increased maximum number of open files to %llu (it was originally "
                    "set to %llu).",
                    (unsigned long long)want, (unsigned long long)old);
        }
    }
    return 0;
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
    if (adjust_open_files_limit(n) < 0) return 1;
    cmd_table_init();
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
    write_pidfile();
    config_quiescent_init(n); /* strings CONFIG SET replaces now wait for every worker */
    for (int i = 0; i < n; i++)
        worker_start(g_workers[i]);
    log_msg(LOG_NOTICE, "Tessera %s started with %d worker threads, port %d", TESSERA_VERSION, n,
            g_config.port);
    log_msg(LOG_NOTICE, "Ready to accept connections tcp");

    int sig = 0;
    sigwait(&set, &sig);
    log_msg(LOG_WARNING, "Received %s scheduling shutdown...",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    atomic_store(&g_shutdown, 1);
    workers_wake_all();
    for (int i = 0; i < n; i++)
        worker_join(g_workers[i]);
    drain_mesh();
    for (int i = 0; i < n; i++)
        worker_free(g_workers[i]);
    mem_free(g_workers);
    mailbox_mesh_free(g_mesh);
    if (g_config.pidfile && g_config.pidfile[0]) unlink(g_config.pidfile);
    log_msg(LOG_WARNING, "Tessera is now ready to exit, bye bye...");
    return 0;
}
