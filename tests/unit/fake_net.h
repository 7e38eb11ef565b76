/* A fake Net for unit tests of the engine (dispatch, the execution path): workers without
 * io_uring or threads, sessions whose replies land in a buffer the test reads, and a mailbox mesh
 * of one FIFO per ordered pair of workers that the test pumps by hand, in whatever order it likes
 * (only FIFO per pair holds, as with the real rings). Everything runs on the test's one thread;
 * fake_on() says which worker it is playing at each moment. */
#ifndef TESSERA_FAKE_NET_H
#define TESSERA_FAKE_NET_H

#include <stddef.h>

#include "cmd/session.h"
#include "dispatch/dispatch.h"
#include "server/worker.h"

#define FAKE_MAX_WORKERS 4
#define FAKE_LOG_MAX     4096

/* A connection's stand-in: the session, the replies flushed so far, and input not yet run. */
struct fake_session {
    struct session s;  /* first: the session_* calls convert back */
    struct reply wbuf; /* where replies go when nothing waits ahead of them */
    struct reply sent; /* what a real client would have been sent, in order */
    char **lines;      /* requests not yet run (inline form, split like redis-cli's) */
    int nlines, cap, next;
    int in_process;
    int dirty;
    int freed; /* session_release found it closing with nothing in flight */
    struct fake_session *link;
};

/* One message as dispatch_send saw it. */
struct fake_sent {
    int from, to, kind;
};

/* Sets up n workers (shards, overflow and stats arrays, pub/sub registries), the command table
 * and the default configuration; fake_teardown frees them and every fake session. */
void fake_setup(int n);
void fake_teardown(void);

/* The worker the test plays from now on (shard_thread_id and worker_self follow it). */
void fake_on(int id);

struct fake_session *fake_session_new(int worker);
/* Appends requests to the session's input and runs what it can, as Net does on a read (on the
 * session's worker). A NULL ends the list. */
void fake_send(struct fake_session *fs, ...) __attribute__((sentinel));
/* Every reply that is ready, in order and not behind a place still being filled, since the
 * last call: a NUL-terminated string owned by the session until the next call. */
const char *fake_take(struct fake_session *fs);

/* Messages waiting from one worker to another. */
int fake_pending(int from, int to);
/* The first of them, without delivering it (NULL when none). */
struct msg *fake_peek(int from, int to);
/* Delivers the oldest message from `from` to `to` on the receiver; 0 when there was none. */
int fake_deliver(int from, int to);
/* Delivers until every queue is empty, oldest pair first; returns how many were delivered. */
int fake_pump(void);
/* Delivers until every queue is empty, choosing the pair at random each time (seeded). */
int fake_pump_random(unsigned *seed);

/* Every message sent since setup or the last fake_log_clear, in order. */
extern struct fake_sent g_fake_log[FAKE_LOG_MAX];
extern int g_fake_nlog;
void fake_log_clear(void);
/* How many messages of a kind were sent from one worker to another (-1: any kind / any worker). */
int fake_log_count(int from, int to, int kind);

#endif
