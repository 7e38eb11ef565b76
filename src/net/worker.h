/* A worker: one thread, one io_uring, one shard, the connections it accepted, and its side of the
 * mailbox mesh. Everything in it is touched only by its own thread, except `sleeping` (atomic)
 * and the shard while a transaction of another worker holds it. */
#ifndef TESSERA_WORKER_H
#define TESSERA_WORKER_H

#include <liburing.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "dispatch/dispatch.h"
#include "shard/shard.h"

#define WORKER_MAX_LISTENERS 16

/* Per-worker counters: INFO sums them through a fan-out. */
struct worker_stats {
    uint64_t connections_received;
    uint64_t rejected_connections;
    uint64_t commands_processed;
    uint64_t net_input_bytes;
    uint64_t net_output_bytes;
    uint64_t dirty;           /* write commands that succeeded: rdb_changes_since_last_save */
    uint64_t evicted_clients; /* closed by maxmemory-clients */
    uint64_t *cmd_calls;      /* indexed by command id */
    uint64_t *cmd_usec;
    uint64_t *cmd_failed;
    uint64_t *cmd_rejected; /* refused before running: arity, NOAUTH */
};

struct worker {
    int id;
    pthread_t thread;
    struct io_uring ring;
    struct io_uring_buf_ring *buf_ring;
    char *buf_base;
    int listen_fds[WORKER_MAX_LISTENERS];
    int nlisten;
    int event_fd;
    uint64_t event_buf;
    _Atomic int sleeping;

    struct shard shard;
    struct txn *holder;        /* the transaction holding this shard, or NULL */
    struct msg *deferred_head; /* work waiting for the shard, in arrival order */
    struct msg *deferred_tail;

    struct msg **overflow_head; /* [to]: messages waiting for room in a full ring */
    struct msg **overflow_tail;
    uint8_t *wake; /* [to]: a message was sent this turn */

    struct client *clients;
    uint64_t nclients;
    struct client *dirty;
    struct client *rearm;     /* clients whose recv must be armed again */
    unsigned accept_resting;  /* bit i: listen_fds[i] waits for descriptors before accepting */
    int64_t accept_retry_ms;  /* when resting listeners accept again (0: none rests) */
    int64_t accept_warned_ms; /* the last "Error accepting" log line, to keep it to one a second */
    _Atomic int64_t client_mem; /* output and query buffers of its clients (maxmemory-clients) */

    struct blocked *blocked; /* this worker's clients waiting in a blocking command */
    uint64_t nblocked;
    int64_t next_block_deadline; /* the nearest of their timeouts (0: none) */

    int64_t last_cron_ms;
    struct worker_stats stats;
};

extern struct worker **g_workers;
extern int g_nworkers;

struct worker *worker_new(int id);
int worker_listen(struct worker *w, char *err, size_t errlen);
void worker_start(struct worker *w);
void worker_join(struct worker *w);
void worker_free(struct worker *w);
/* Wakes every worker (shutdown). */
void workers_wake_all(void);

/* Arms multishot recv for a client; submits a send. Worker thread only. */
void worker_arm_recv(struct worker *w, struct client *c);
/* Stops reading from a client (cancels its recv) until worker_resume_recv. */
void worker_pause_recv(struct worker *w, struct client *c);
void worker_resume_recv(struct worker *w, struct client *c);
void worker_send(struct worker *w, struct client *c, const char *data, size_t len);
/* client.c's report that a client is freed; the number of clients on every worker. */
void worker_client_gone(struct worker *w);
int worker_connected_clients(void);
/* Is this the calling thread's worker? For assertions. */
struct worker *worker_self(void);

/* Set by the main thread when shutting down; workers leave their loops. */
extern _Atomic int g_shutdown;
/* Asks the main thread to shut down (SHUTDOWN command). */
void server_request_shutdown(void);

#endif
