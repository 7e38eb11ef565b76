/* Limits on what a client holds (see client_limits.h), as Redis's checkClientOutputBufferLimits
 * and evictClients apply them. A client over its output limit is closed at once, without the
 * replies it has not read; maxmemory-clients closes the largest clients first. Worker thread. */
#include <stdatomic.h>

#include "cmd/pubsub.h"
#include "net/client.h"
#include "net/client_limits.h"
#include "net/worker.h"
#include "server/log.h"
#include "shard/keyspace.h"
#include "tessera/config.h"

size_t client_output_bytes(const struct client *c)
{
    size_t n = c->wbuf.len + (c->sbuf.len - c->sent);
    for (const struct pending *p = c->s.phead; p; p = p->next)
        n += p->r.len;
    return n;
}

/* Everything the client's buffers hold, as maxmemory-clients counts it. */
static size_t client_memory(const struct client *c)
{
    size_t n = sizeof *c + c->qcap + c->wbuf.cap + c->sbuf.cap;
    for (const struct pending *p = c->s.phead; p; p = p->next)
        n += sizeof *p + p->r.cap;
    return n;
}

/* Redis's client classes: a client subscribed to anything is a pubsub client. */
static int client_class(const struct client *c)
{
    return c->s.subs && pubsub_count(&c->s) > 0 ? CLIENT_CLASS_PUBSUB : CLIENT_CLASS_NORMAL;
}

static int over_output_limit(struct client *c)
{
    const struct obuf_limit *lim = &g_config.obuf_limits[client_class(c)];
    long long hard = atomic_load_explicit(&lim->hard, memory_order_relaxed);
    long long soft = atomic_load_explicit(&lim->soft, memory_order_relaxed);
    if (hard == 0 && soft == 0) return 0;
    size_t used = client_output_bytes(c);
    if (hard && used >= (size_t)hard) return 1;
    if (!soft || used < (size_t)soft) {
        c->obuf_soft_since = 0;
        return 0;
    }
    int64_t now = ks_now_ms();
    if (!c->obuf_soft_since) {
        c->obuf_soft_since = now;
        return 0;
    }
    long long secs = atomic_load_explicit(&lim->soft_seconds, memory_order_relaxed);
    return now - c->obuf_soft_since > secs * 1000;
}

size_t client_output_budget(const struct client *c, enum session_limit_kind *kind)
{
    long long hard =
        atomic_load_explicit(&g_config.obuf_limits[client_class(c)].hard, memory_order_relaxed);
    long long mmc = config_maxmemory_clients();
    size_t limit = 0;
    if (hard > 0) {
        size_t used = client_output_bytes(c);
        limit = (size_t)hard > used ? (size_t)hard - used : 1;
        *kind = LIMIT_OUTPUT;
    }
    if (mmc > 0 && (!limit || (size_t)mmc < limit)) {
        limit = (size_t)mmc;
        *kind = LIMIT_CLIENTS_MEMORY;
    }
    return limit;
}

static void log_over_output_limit(const struct client *c)
{
    log_msg(LOG_WARNING,
            "Client id=%llu addr=%s scheduled to be closed ASAP for overcoming of output buffer "
            "limits.",
            (unsigned long long)c->s.id, c->s.addr);
}

static void log_evicted(const struct client *c)
{
    log_msg(LOG_VERBOSE, "Evicting client: id=%llu addr=%s", (unsigned long long)c->s.id,
            c->s.addr);
}

void client_close_over_limit(struct client *c, enum session_limit_kind kind)
{
    if (kind == LIMIT_CLIENTS_MEMORY) {
        log_evicted(c);
        c->s.w->stats.evicted_clients++;
    } else {
        log_over_output_limit(c);
    }
    client_limits_forget(c);
    client_close(c);
}

static int64_t all_clients_memory(void)
{
    int64_t sum = 0;
    for (int i = 0; i < g_nworkers; i++)
        sum += atomic_load_explicit(&g_workers[i]->io->client_mem, memory_order_relaxed);
    return sum;
}

static void recount(struct client *c)
{
    size_t now = client_memory(c);
    atomic_fetch_add_explicit(&c->s.w->io->client_mem, (int64_t)now - (int64_t)c->mem_counted,
                              memory_order_relaxed);
    c->mem_counted = now;
}

void client_limits_forget(struct client *c)
{
    atomic_fetch_sub_explicit(&c->s.w->io->client_mem, (int64_t)c->mem_counted,
                              memory_order_relaxed);
    c->mem_counted = 0;
}

/* Over maxmemory-clients: this worker closes its largest clients (CLIENT NO-EVICT ones
 * excepted) while the sum is over the limit and its own clients hold more than their share of
 * it, so that small clients here do not pay for a big one on another worker (which that worker
 * closes when it checks). Returns 1 if c itself was closed. */
static int evict_clients(struct worker *w, struct client *c, long long limit)
{
    int closed_c = 0;
    int64_t share = limit / g_nworkers;
    while (all_clients_memory() > limit &&
           atomic_load_explicit(&w->io->client_mem, memory_order_relaxed) > share) {
        struct client *big = NULL;
        for (struct client *o = w->io->clients; o; o = o->next)
            if (!o->s.no_evict && o->mem_counted && (!big || o->mem_counted > big->mem_counted))
                big = o;
        if (!big) break;
        if (big == c) closed_c = 1;
        client_close_over_limit(big, LIMIT_CLIENTS_MEMORY);
    }
    return closed_c;
}

int client_check_limits_slow(struct client *c)
{
    if (c->s.closing) return 1;
    if (over_output_limit(c)) {
        client_close_over_limit(c, LIMIT_OUTPUT);
        return 1;
    }
    long long limit = config_maxmemory_clients();
    if (limit <= 0) return 0; /* nothing to count for: no walk, no shared write per command */
    recount(c);
    if (all_clients_memory() > limit) return evict_clients(c->s.w, c, limit);
    return 0;
}
