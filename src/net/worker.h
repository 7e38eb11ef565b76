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

struct epoll_io;

struct worker_io {
    struct io_uring ring;
    struct epoll_io *ep; /* the epoll fallback in use (then ring is unused), else NULL */
    struct io_uring_buf_ring *buf_ring;
    char *buf_base;
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
};

/* Arms multishot recv for a client; submits a send. Worker thread only. */
void worker_arm_recv(struct worker *w, struct client *c);
/* Stops reading from a client (cancels its recv) until worker_resume_recv. */
void worker_pause_recv(struct worker *w, struct client *c);
void worker_resume_recv(struct worker *w, struct client *c);
void worker_send(struct worker *w, struct client *c, const char *data, size_t len);
/* client.c's report that a client is freed. */
void worker_client_gone(struct worker *w);

#endif
