/* The change feed's ring (see feed.h). Only the thread holding the shard calls these. */
#include <string.h>

#include "shard/feed.h"
#include "tessera/mem.h"

uint64_t feed_open(struct change_feed *f, size_t cap)
{
    if (!f->ring) {
        size_t c = 16;
        while (c < cap)
            c *= 2;
        f->ring = mem_calloc(c, sizeof *f->ring);
        f->cap = c;
        if (!f->next_seq) f->next_seq = 1;
    }
    return f->next_seq;
}

void feed_append(struct change_feed *f, int db, const char *key, size_t klen, const char *event)
{
    if (!f->ring) return;
    struct feed_record *r = &f->ring[f->next_seq & (f->cap - 1)];
    mem_free(r->key);
    r->seq = f->next_seq++;
    r->db = db;
    r->event = event;
    r->klen = klen;
    r->key = mem_alloc(klen ? klen : 1);
    memcpy(r->key, key, klen);
}

int feed_read(const struct change_feed *f, uint64_t *cursor, const struct feed_record **out)
{
    if (!f->ring || *cursor >= f->next_seq) return 0;
    uint64_t oldest = f->next_seq > f->cap ? f->next_seq - f->cap : 1;
    if (*cursor < oldest) {
        *cursor = oldest;
        return -1;
    }
    *out = &f->ring[*cursor & (f->cap - 1)];
    (*cursor)++;
    return 1;
}

void feed_close(struct change_feed *f)
{
    if (!f->ring) return;
    for (size_t i = 0; i < f->cap; i++)
        mem_free(f->ring[i].key);
    mem_free(f->ring);
    f->ring = NULL;
    f->cap = 0;
}
