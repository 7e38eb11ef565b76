/* A client's session: everything the execution path, Dispatch and the handlers know of a
 * connection (its database, protocol, authentication, the order of its replies, its
 * transaction, watches, subscriptions, MONITOR). Net owns the socket and embeds a session in its
 * client; the few things only Net can do are the session_* calls below, which net/client.c
 * implements. That is the whole interface between Net and the layers under it.
 * Only the client's own worker thread touches a session, except `out_remote` (atomic). */
#ifndef TESSERA_SESSION_H
#define TESSERA_SESSION_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/reply.h"
#include "tessera/resp_parser.h"

struct worker;
struct exec_batch;
struct blocked;
struct multi_state;
struct watch_set;
struct subscriptions;
struct tracking_state;
struct pubsub_events;
struct acl_slot;

/* A place in the reply order: a reply that is ready, or one that another shard is filling; with
 * the keyspace events its commands caused, published when it is sent (pubsub.h). */
struct pending {
    struct pending *next;
    int ready;
    /* CLIENT REPLY OFF/SKIP: the replies from a DROP_BEGIN place up to the next DROP_END place
     * (not its own) are not sent. */
    int drop;
    struct reply r;
    struct pubsub_events *events;
};

struct session {
    struct worker *w;
    uint64_t id;
    int db;
    int resp;
    int authenticated;
    struct acl_slot *user; /* its ACL user (cmd/acl.h), the default user until AUTH */
    int no_evict;
    int monitor; /* MONITOR: receives the command feed (pubsub.c) */
    /* NULL when unset. Other workers read it for the slow log (session_name), so a replaced
     * name is retired (config_retire), not freed, and the pointer is atomic. */
    char *_Atomic name;
    char *lib_name; /* CLIENT SETINFO */
    char *lib_ver;
    char addr[64];  /* ip:port of the peer */
    char laddr[64]; /* ip:port of our end */
    const char *last_cmd;

    /* replies in request order: ready ones, and places other shards fill */
    struct pending *phead, *ptail;

    /* a batch of consecutive commands for one other shard, not yet posted */
    struct exec_batch *batch;
    int batch_shard;

    struct multi_state *multi;  /* inside MULTI: the queued commands (multi.c), else NULL */
    struct watch_set *watches;  /* WATCHed keys (multi.c), else NULL */
    struct subscriptions *subs; /* channels and patterns (pubsub.c), else NULL */
    /* CLIENT TRACKING, or a redirect target (tracking.c), else NULL */
    struct tracking_state *tracking;

    unsigned closing : 1;     /* no more input is processed */
    unsigned close_after : 1; /* close once the replies so far are sent (QUIT, errors) */
    unsigned waiting : 1;     /* a multi-shard command or fan-out is under way: input waits */
    int refs;                 /* batches, transactions and calls in flight for this session */
    int calls;                /* of which pub/sub fan-out calls (refs counts them too) */
    int batches;              /* of which batches of commands (refs counts them too) */
    size_t batch_bytes;       /* the argument bytes of its batches posted and not back */
    /* Reply bytes its batches have produced on other shards and not yet brought home: the one
     * field other workers touch, so that their batches together keep to the output limit. */
    _Atomic size_t out_remote;
    /* Set with closing, for other workers to read: a batch of a client that is gone drops the
     * replies its commands make (route.c). */
    _Atomic int gone;
    struct blocked *blocked; /* the record of the blocking command it waits in, or NULL */

    /* CLIENT REPLY: cmd_execute marks what is not sent; Net's flush skips it */
    unsigned reply_off : 1;       /* OFF */
    unsigned reply_skip_next : 1; /* SKIP: the next command's reply is dropped */
    unsigned reply_dropping : 1;  /* Net's flush is between DROP_BEGIN and DROP_END */
    unsigned reply_quiet_now : 1; /* the command under way is OFF's or SKIP's (pause.c) */
};

/* The client's name or "" (any worker, for the slow log; valid until its next quiescent
 * point); session_set_name replaces it on the client's own worker (session.c). */
const char *session_name(const struct session *s);
void session_set_name(struct session *s, const char *p, size_t len);

enum pending_drop { PENDING_DROP_BEGIN = 1, PENDING_DROP_END = 2 };

/* Implemented by Net (net/client.c), except session_resume (session.c). */

/* Redis's islocalClient for TCP: the peer is 127.0.0.1 or ::1, nothing else of the loopback. */
int session_is_local(const struct session *s);

/* The reply buffer where the next locally executed command writes, behind every earlier one. */
struct reply *session_reply_target(struct session *s);
/* Reserves a place for a reply that another shard will fill. */
struct pending *session_reserve(struct session *s);
/* The session has output to flush at the end of the loop turn. */
void session_mark_dirty(struct session *s);
/* Runs what waits in the client's query buffer (after a wait ended). */
void session_process_input(struct session *s);
/* Frees the client once it is closing and nothing refers to it any more. */
void session_release(struct session *s);
/* Drops a reference held across a wait; the client goes on with its input, or is freed when it
 * closed meanwhile (session.c, on top of the calls above). */
void session_resume(struct session *s);
void session_close(struct session *s);
/* Closes after the replies so far are sent (QUIT, protocol errors, CLIENT KILL). */
void session_close_after_reply(struct session *s);
/* Redis's CLIENT LIST / CLIENT INFO line for this client (appends to r as raw text). */
void session_describe(struct session *s, struct reply *r);
/* Calls fn for each session of worker w (fn may close the one it is given). */
void session_each(struct worker *w, void (*fn)(struct session *s, void *arg), void *arg);

/* Why a client is closed for what it holds. */
enum session_limit_kind { LIMIT_OUTPUT = 1, LIMIT_CLIENTS_MEMORY = 2 };
/* How many bytes of replies its batches on other shards may produce before the client is over
 * its hard output limit or, alone, over maxmemory-clients (0: no limit applies); *kind says
 * which limit that is. */
size_t session_output_budget(const struct session *s, enum session_limit_kind *kind);
/* Closes a client that went over a limit while its commands ran on another shard. */
void session_close_over_limit(struct session *s, enum session_limit_kind kind);

#endif
