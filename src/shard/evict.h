/* Eviction (maxmemory): a shard gives up keys by the configured policy while the server's used
 * memory is over maxmemory. Every shard evicts from its own keys, on its owner's thread between
 * requests and before a command that may grow memory, so together they bring the total under
 * the budget. Called by the thread holding the shard. */
#ifndef TESSERA_EVICT_H
#define TESSERA_EVICT_H

#include <stdint.h>

#include "shard/shard.h"

/* The memory maxmemory is held against: used memory but the requests being read (mem.h). */
int64_t evict_used(void);
/* Whether that is over maxmemory now (0 when there is no maxmemory). */
int evict_over_limit(void);
/* Evicts keys of s while the server is over maxmemory, at most `most` of them and for at most
 * the time maxmemory-eviction-tenacity allows. Returns how many keys went. */
uint64_t evict_shard(struct shard *s, uint64_t most);
/* Frees the shard's pool of candidates (shard_destroy). */
void evict_pool_free(struct shard *s);
/* Whether s holds keys its policy may evict (all keys, or those with a TTL). */
int evict_has_candidates(struct shard *s);

#endif
