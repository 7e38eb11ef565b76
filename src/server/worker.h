/* A worker: one thread with its shard, its side of the mailbox mesh, the blocked clients it
 * keeps and its counters. Its network side (io_uring, sockets, connections) is Net's, behind
 * `io` (net/worker.h); nothing here needs it. Everything in a worker is touched only by its own
 * thread, except `sleeping` (atomic) and the shard while a transaction of another worker holds
 * it (shard.h). */
#ifndef TESSERA_WORKER_H
#define TESSERA_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "shard/shard.h"

struct msg;
struct blocked;
struct worker_io;
struct pubsub_local;
struct slowlog;
struct paused_cmd;
struct latency;

/* Per-worker counters of the commands its thread ran and of its connections: INFO sums them
 * through a fan-out. The keyspace's own counters are the shard's. */
struct worker_stats {
    uint64_t connections_received;
    uint64_t rejected_connections;
    uint64_t commands_processed;
    uint64_t net_input_bytes;
    uint64_t net_output_bytes;
    uint64_t evicted_clients; /* closed by maxmemory-clients */
    uint64_t mailbox_sent;    /* messages to other workers (and to itself) */
    uint64_t mailbox_received;
    uint64_t reads_processed;  /* receive completions with data (INFO total_reads_processed) */
    uint64_t writes_processed; /* send completions */
    uint64_t *cmd_calls;       /* indexed by command id */
    uint64_t *cmd_usec;
    uint64_t *cmd_failed;
    uint64_t *cmd_rejected; /* refused before running: arity, NOAUTH, gates */
    uint64_t *error_counts; /* INFO errorstats, indexed by error_code_index() */
};

struct worker {
    int id;
    pthread_t thread;
    int event_fd; /* written to wake the worker while it sleeps */
    _Atomic int sleeping;

    struct shard shard;

    struct msg **overflow_head; /* [to]: messages waiting for room in a full ring */
    struct msg **overflow_tail;
    uint8_t *wake; /* [to]: a message was sent this turn */

    struct blocked *blocked; /* this worker's clients waiting in a blocking command */
    uint64_t nblocked;
    int64_t next_block_deadline; /* the nearest of their timeouts (0: none) */

    int64_t last_cron_ms;
    int64_t last_rules_ms;        /* worker 0: when the save rules were last looked at */
    _Atomic uint64_t changes_pub; /* its shard's changes since the last save, for the rules */
    _Atomic uint64_t keys_pub;    /* its shard's keys, and those with a TTL, for eviction */
    _Atomic uint64_t expires_pub;
    int64_t last_evict_wake_ms; /* when it last woke the others to evict */
    struct worker_stats stats;
    struct pubsub_local *pubsub; /* its clients' channels, patterns and monitors (pubsub.c) */
    struct worker_io *io;        /* Net's part */
    struct slowlog *slowlog;     /* the slow commands its thread ran (slowlog.c), or NULL */
    struct paused_cmd *paused;   /* commands held by CLIENT PAUSE, oldest first (pause.c) */
    struct latency *latency;     /* its latency histograms and events (latency.c), or NULL */
    struct lua_State *lua;       /* its Lua VM (script/vm.h), made on its first script */
    uint64_t lua_gen;            /* the script cache generation it was made for */
    /* [id * LATENCY_FAST_USEC + usec]: its calls faster than LATENCY_FAST_USEC microseconds, not
     * yet folded into the histograms (latency.h) */
    uint64_t *lat_fast;
};

extern struct worker **g_workers;
extern int g_nworkers;

/* worker.c: what a worker holds besides Net's part, made and freed (main thread). */
void worker_core_init(struct worker *w, int id);
void worker_core_free(struct worker *w);

/* Implemented by Net's loop (net/worker.c). */
struct worker *worker_new(int id);
int worker_listen(struct worker *w, char *err, size_t errlen);
void worker_start(struct worker *w);
void worker_join(struct worker *w);
void worker_free(struct worker *w);
/* Picks io_uring or epoll for every worker (main thread, before worker_start); which one. */
void worker_choose_io(void);
const char *worker_io_backend(void);
/* Wakes every worker (shutdown). */
void workers_wake_all(void);
/* The number of clients on every worker; this worker's. */
int worker_connected_clients(void);
uint64_t worker_nclients(const struct worker *w);
/* Rebuilds the TLS context from the configuration in force (CONFIG SET of a tls-* option);
 * connections made before keep theirs. -1 with the reason in err: nothing changed; -2: tls-port
 * is not the port the listeners were opened on. */
int worker_tls_reload(char *err, size_t errlen);
/* The calling thread's worker (NULL on other threads). For assertions. */
struct worker *worker_self(void);

/* Set by the main thread when shutting down; workers leave their loops. */
extern _Atomic int g_shutdown;
/* Asks the main thread to shut down (SHUTDOWN command). */
void server_request_shutdown(void);

#endif
