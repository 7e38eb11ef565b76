/* Shard set-up and tear-down: a shard's databases. Called by main before workers start and
 * after they stop. */
#include "shard/evict.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "tessera/mem.h"

void shard_init(struct shard *s, int id, int ndb)
{
    s->id = id;
    s->ndb = ndb;
    s->dbs = mem_calloc((size_t)ndb, sizeof *s->dbs);
    for (int i = 0; i < ndb; i++) {
        dict_init(&s->dbs[i].keys);
        dict_init(&s->dbs[i].waiting);
    }
    s->expired_keys = s->keyspace_hits = s->keyspace_misses = s->dirty = 0;
    s->toucher = id;
    s->clock = 1; /* above 0, which a watched key's last write is when it had none */
    s->watch = (struct watch_table){0};
}

_Thread_local int shard_thread_id = -1;

void shard_destroy(struct shard *s)
{
    ks_flush(s, -1);
    evict_pool_free(s);
    for (int i = 0; i < s->ndb; i++)
        dict_clear(&s->dbs[i].waiting, NULL, NULL); /* emptied by block_queues_free */
    mem_free(s->dbs);
    s->dbs = NULL;
    feed_close(&s->feed);
    watch_free(&s->watch);
    for (uint32_t i = 0; i < s->nready; i++)
        mem_free(s->ready[i].key);
    mem_free(s->ready);
}
