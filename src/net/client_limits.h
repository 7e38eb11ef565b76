/* What one client may hold: client-output-buffer-limit (hard and soft limits per class),
 * client-query-buffer-limit on unparsed input, and maxmemory-clients over every worker's clients.
 * Worker thread only, each on its own clients. */
#ifndef TESSERA_CLIENT_LIMITS_H
#define TESSERA_CLIENT_LIMITS_H

#include <stdatomic.h>
#include <stddef.h>

#include "cmd/gates.h"
#include "cmd/session.h"
#include "net/client.h"
#include "tessera/config.h"

struct client;

/* Bytes of replies the client has not been sent yet. */
size_t client_output_bytes(const struct client *c);
/* Checks the output buffer limits and maxmemory-clients after the client's output or input
 * grew; closes it (and returns 1) when it is over. */
int client_check_limits_slow(struct client *c);

/* Whether a normal client's limit or maxmemory-clients may be configured: one bit of the gates
 * word (gates.h), so the common case costs next to nothing. */
static inline int client_limits_on(void)
{
    return (gates_now() & (GATE_CLIENT_LIMITS | GATE_UNSET)) != 0;
}

/* Subscribers always check: their class (pubsub) is limited by default, as in Redis. */
static inline int client_check_limits(struct client *c)
{
    return (client_limits_on() || c->s.subs) && client_check_limits_slow(c);
}
/* Why a client is closed for what it holds. */
/* (enum session_limit_kind, cmd/session.h, says why.) */

/* How many bytes of replies its batches on other shards may produce before the client is over
 * its hard output limit or, alone, over maxmemory-clients (0: no limit applies); *kind says
 * which limit that is. */
size_t client_output_budget(const struct client *c, enum session_limit_kind *kind);
/* Closes a client that went over a limit while its commands ran on another shard. */
void client_close_over_limit(struct client *c, enum session_limit_kind kind);
/* Takes the client's memory out of its worker's count (the client is being freed). */
void client_limits_forget(struct client *c);

#endif
