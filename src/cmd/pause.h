/* CLIENT PAUSE (Redis 7.0's pauseClients): while a pause lasts, the commands it covers (every
 * command, or with WRITE the writes, PUBLISH, SPUBLISH and an EXEC of writes) wait before the
 * MULTI gate, in arrival order per worker, and run when it ends; expiry and eviction wait too.
 * The pause is global (atomics any worker reads); the clients held are their workers'. */
#ifndef TESSERA_PAUSE_H
#define TESSERA_PAUSE_H

#include <stdatomic.h>
#include <stdint.h>

#include "cmd/cmd.h"

struct session;
struct worker;

enum pause_type { PAUSE_NONE = 0, PAUSE_WRITE = 1, PAUSE_ALL = 2 };

/* The pause in force, one word so that it changes at once: its end (unix ms) << 2 | its type
 * (enum pause_type); 0 when there is none. */
extern _Atomic uint64_t g_pause_state;

/* Starts or lengthens a pause: the stricter type and the later end win, as in Redis. */
void pause_start(enum pause_type type, int64_t end_ms);
/* Ends the pause now (CLIENT UNPAUSE); the workers release their clients on their next turn. */
void pause_stop(void);
/* Whether writes (and so expiry and eviction) are paused now. */
int pause_writes_paused(void);

/* The execution path, with a pause in force (g_pause_state set): 1 when the command waits (it is
 * copied; the client waits), 0 when it goes on. */
int pause_hold(struct session *s, const struct command *cmd, int argc, const struct resp_arg *argv);
/* A worker's turn while it holds clients (w->paused): runs their commands once the pause is
 * over, and returns the milliseconds until it ends otherwise (-1: nothing held). */
int64_t pause_turn(struct worker *w, int64_t now_ms);

#endif
