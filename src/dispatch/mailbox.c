/* The mailbox mesh (see tessera/mailbox.h): N x N ck_rings. Each mailbox is padded on both
 * sides so that no two rings share a cache line. */
#include <ck_ring.h>
#include <string.h>

#include "tessera/mailbox.h"
#include "tessera/mem.h"

struct mailbox {
    char pad_head[64];
    ck_ring_t ring;
    ck_ring_buffer_t *buf;
    char pad_tail[64];
};

struct mailbox_mesh {
    int n;
    struct mailbox *boxes[]; /* [from * n + to] */
};

struct mailbox_mesh *mailbox_mesh_new(int n, unsigned size)
{
    struct mailbox_mesh *m = mem_calloc(1, sizeof *m + (size_t)n * n * sizeof(struct mailbox *));
    m->n = n;
    for (int i = 0; i < n * n; i++) {
        struct mailbox *b = mem_calloc(1, sizeof *b);
        b->buf = mem_calloc(size, sizeof(ck_ring_buffer_t));
        ck_ring_init(&b->ring, size);
        m->boxes[i] = b;
    }
    return m;
}

void mailbox_mesh_free(struct mailbox_mesh *m)
{
    if (!m) return;
    for (int i = 0; i < m->n * m->n; i++) {
        mem_free(m->boxes[i]->buf);
        mem_free(m->boxes[i]);
    }
    mem_free(m);
}

bool mailbox_send(struct mailbox_mesh *m, int from, int to, void *msg)
{
    struct mailbox *b = m->boxes[from * m->n + to];
    return ck_ring_enqueue_spsc(&b->ring, b->buf, msg);
}

void *mailbox_recv(struct mailbox_mesh *m, int from, int to)
{
    struct mailbox *b = m->boxes[from * m->n + to];
    void *msg;
    return ck_ring_dequeue_spsc(&b->ring, b->buf, &msg) ? msg : NULL;
}

unsigned mailbox_pending(struct mailbox_mesh *m, int from, int to)
{
    return ck_ring_size(&m->boxes[from * m->n + to]->ring);
}
