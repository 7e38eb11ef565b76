/* Client-side caching (CLIENT TRACKING): each shard remembers which clients read which of its
 * keys; the write hook turns a change into invalidation records that travel to the reading
 * client's worker through the mailboxes, batched per loop turn, and leave as RESP3 pushes or
 * as messages on __redis__:invalidate for a redirect. BCAST clients register prefixes on their
 * own worker; every write is offered to the workers that have some. See docs/tracking.md.
 * Worker threads only (tracking_init/tracking_free: the main thread). */
#ifndef TESSERA_TRACKING_H
#define TESSERA_TRACKING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct session;
struct worker;
struct msg;
struct command;
struct cmd_ctx;

/* A session's tracking flags (Redis's CLIENT_TRACKING_*). */
enum {
    TRACK_ON = 1 << 0,
    TRACK_BCAST = 1 << 1,
    TRACK_OPTIN = 1 << 2,
    TRACK_OPTOUT = 1 << 3,
    TRACK_CACHING = 1 << 4, /* CLIENT CACHING given for the next command (or EXEC block) */
    TRACK_NOLOOP = 1 << 5,
    TRACK_BROKEN = 1 << 6, /* its redirect client went away */
};

/* What a session holds about tracking; NULL until it tracks or is a redirect target. */
struct tracking_state {
    int flags;
    uint64_t redir; /* 0: none */
    int redir_worker;
    int registered;  /* in its worker's registry (tracking clients and redirect targets) */
    char **prefixes; /* BCAST prefixes, sorted */
    size_t *plens;
    size_t nprefixes;
};

/* Clients tracking now, over every worker: ks_tracking_clients (shard/keyspace.h), which
 * keeps the write hook to one test while it is 0. */
/* INFO: tracking_total_keys, tracking_total_items, tracking_total_prefixes. */
extern _Atomic long g_tracking_keys, g_tracking_items, g_tracking_prefixes;

void tracking_init(void);
void tracking_free(void);

/* The execution path: whether the command's keys are to be remembered for session s (a
 * READONLY command of a client tracking without BCAST, within OPTIN/OPTOUT's rule); clears a
 * CLIENT CACHING that the command used up. */
int tracking_route(struct session *s, const struct command *cmd);
/* The same without using up CLIENT CACHING (an EXEC block's commands), and the end of the
 * block, which uses it up. */
int tracking_wants(struct session *s, const struct command *cmd);
void tracking_block_done(struct session *s);
/* After a command ran with ctx->track set: remembers its keys in their shards. */
void tracking_remember(struct cmd_ctx *ctx);
/* The client on whose behalf the calling thread runs a command (NOLOOP), 0: none. */
extern _Thread_local uint64_t tracking_writer;

/* Enables tracking for s (options checked by the caller); redir_worker: where redir lives. */
void tracking_enable(struct session *s, int flags, uint64_t redir, int redir_worker,
                     char **prefixes, size_t *plens, size_t n);
void tracking_disable(struct session *s);
/* Registers s on its worker as a client that others may redirect to. */
void tracking_register(struct session *s);
/* The session ends: leaves the registries. */
void tracking_session_end(struct session *s);

/* The worker loop, once a turn: sends the invalidations this thread produced and keeps the
 * tracking table within tracking-table-max-keys; pending: some wait to be sent. */
void tracking_turn(struct worker *w);
extern _Thread_local int tracking_pending_here;
static inline int tracking_pending(void)
{
    return tracking_pending_here;
}

/* Dispatch hands over a MSG_TRACKING message, or frees one that is never delivered. */
void tracking_on_message(struct worker *w, struct msg *m);
void tracking_free_message(struct msg *m);

#endif
