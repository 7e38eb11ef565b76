/* A client connection: its socket, query buffer, protocol state and the queue that keeps replies
 * in request order while some are still being computed on other shards. Lives on the worker that
 * accepted it; only that worker's thread touches it. */
#ifndef TESSERA_CLIENT_H
#define TESSERA_CLIENT_H

#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cmd/session.h"
#include "tessera/reply.h"
#include "tessera/resp_parser.h"

struct worker;
struct tls_conn;

/* A connection: its session (what the layers below Net see) and its socket's state. */
struct client {
    struct session s;           /* first: client_of() converts back */
    struct client *next, *prev; /* the worker's list of clients */
    struct client *dirty_next;  /* the worker's list of clients with output to flush */
    struct client *rearm_next;  /* the worker's list of clients whose recv is armed again */
    int fd;
    struct tls_conn *tls; /* NULL: plain TCP (net/tls.h) */
    int64_t ctime_ms;
    int64_t last_interaction_ms;

    /* input */
    char *qbuf;
    size_t qoff, qlen, qcap; /* the unparsed bytes are qbuf[qoff, qoff + qlen) */
    size_t qneed;            /* bytes the next request needs before it is worth parsing again */
    struct resp_request req;
    /* bytes that arrived while the client's input was being processed further up the stack (a
     * busy script's poll, net/busy_poll.c): they join qbuf once that processing is over */
    char *held_in;
    size_t held_len;
    char *held_tls; /* the same before decryption, for a TLS client */
    size_t held_tls_len;

    /* output: wbuf collects bytes, sbuf is being sent */
    struct reply wbuf;
    struct reply sbuf;
    size_t sent;

    /* life cycle */
    unsigned recv_armed : 1;
    unsigned send_inflight : 1;
    unsigned in_dirty : 1;
    unsigned in_rearm : 1;
    unsigned fd_shut : 1;
    unsigned in_process : 1;  /* process_buffer is on the stack: resume without re-entering */
    unsigned recv_paused : 1; /* input waits in qbuf faster than it runs: recv is cancelled */
    int64_t obuf_soft_since;  /* when the output passed the soft limit (0: below it) */
    size_t mem_counted;       /* what this client adds to its worker's client memory */
};

static inline struct client *client_of(struct session *s)
{
    return (struct client *)s;
}

struct client *client_new(struct worker *w, int fd);
/* The reply buffer where the next locally executed command writes, behind every earlier one. */
struct reply *client_reply_target(struct client *c);
/* Reserves a place for a reply that another shard will fill. */
struct pending *client_reserve(struct client *c);
/* Marks the client as having output to flush at the end of the loop turn. */
void client_mark_dirty(struct client *c);
/* Moves ready replies into wbuf and starts a send if none is under way. */
void client_flush(struct client *c);
/* Handles bytes received; parses and runs every complete request. */
void client_on_data(struct client *c, const char *data, size_t len);
/* The same for plaintext (what TLS decrypted, or the socket's bytes when there is no TLS). */
void client_on_plain(struct client *c, const char *data, size_t len);
/* Runs what is in the query buffer (after a multi-shard command let the client go on, or a
 * batch came back to a client that had too many out). */
void client_process_input(struct client *c);
void client_on_sent(struct client *c, int res);
/* res bytes of sbuf went out (TLS: their records did), or the send failed (res <= 0). */
void client_on_sent_plain(struct client *c, int res);
/* Starts closing: stops input, closes once in-flight work has come back. */
void client_close(struct client *c);
/* Closes after the replies so far are sent (QUIT, protocol errors, CLIENT KILL). */
void client_close_after_reply(struct client *c);
/* Frees the client when nothing refers to it any more. */
void client_release(struct client *c);
/* Redis's CLIENT LIST / CLIENT INFO line for this client (appends to r as raw text). */
void client_describe(struct client *c, struct reply *r);

#endif
