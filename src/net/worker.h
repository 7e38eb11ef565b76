/* Net's side of a worker: its io_uring with the provided-buffer ring, its listeners and the
 * connections it accepted, and the calls the rest of Net makes on it. The worker itself is
 * server/worker.h. Worker thread only, except `client_mem` (atomic). */
#ifndef TESSERA_NET_WORKER_H
#define TESSERA_NET_WORKER_H

#include <liburing.h>
#include <stdatomic.h>
#include <stdint.h>

#include "server/worker.h"

#define WORKER_MAX_LISTENERS 16

struct client;
struct msg;

struct epoll_io;

struct worker_io {
    struct io_uring ring;
    struct epoll_io *ep; /* the epoll fallback in use (then ring is unused), else NULL */
    struct io_uring_buf_ring *buf_ring;
    char *buf_base;
    unsigned buf_provided; /* receive buffers given to the ring so far (worker.c) */
    /* switches between clients among the receives of the completions being taken, and the
     * last client of them: only compared, never followed (worker.c's on_recv) */
    unsigned recv_switches;
    const struct client *recv_last;
    int listen_fds[WORKER_MAX_LISTENERS];
    int nlisten;
    unsigned tls_listen; /* bit i: listen_fds[i] is on tls-port */
    uint64_t event_buf;

    struct client *clients;
    uint64_t nclients;
    struct client *dirty;
    struct client *rearm;     /* clients whose recv must be armed again */
    unsigned accept_resting;  /* bit i: listen_fds[i] waits for descriptors before accepting */
    int64_t accept_retry_ms;  /* when resting listeners accept again (0: none rests) */
    int64_t accept_warned_ms; /* the last "Error accepting" log line, to keep it to one a second */
    _Atomic int64_t client_mem; /* output and query buffers of its clients (maxmemory-clients) */
    int64_t last_reap_ms;       /* the last look for peers gone mid-request (worker.c) */

    /* a busy script's poll (busy_poll.c) */
    int in_busy_poll;
    uint64_t busy_announced;    /* the run (script_runs_started) the other workers were woken for */
    struct msg *postponed_head; /* messages it took off the rings and left for after the run, */
    struct msg *postponed_tail; /* in arrival order */
};

/* Arms multishot recv for a client; submits a send. Worker thread only. */
void worker_arm_recv(struct worker *w, struct client *c);
/* Stops reading from a client (cancels its recv) until worker_resume_recv. */
void worker_pause_recv(struct worker *w, struct client *c);
void worker_resume_recv(struct worker *w, struct client *c);
void worker_send(struct worker *w, struct client *c, const char *data, size_t len);
/* Takes the completions ready now (each consumed before its handler runs); returns how many. */
unsigned worker_take_completions(struct worker *w);
/* Submits what is queued and gathers what is ready, without waiting. */
void worker_get_events(struct worker *w);
/* The end of a loop turn's work: clients' output and armed reads, then messages to others. */
void worker_flush_clients(struct worker *w);
void worker_flush_overflow(struct worker *w);
void worker_wake_targets(struct worker *w);

/* busy_poll.c: script_busy_poll, Net's turn while a script of this thread is busy. */
void worker_busy_poll(struct worker *w);
/* Runs the messages the busy poll set aside (the script is over); returns how many. */
int worker_run_postponed(struct worker *w);

/* client.c's report that a client is freed. */
void worker_client_gone(struct worker *w);

#endif
