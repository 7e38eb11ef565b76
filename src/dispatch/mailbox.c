/* The mailbox mesh (see tessera/mailbox.h): N x N single-producer single-consumer rings. Each
 * mailbox is padded on both sides so that no two rings share a cache line. Release builds use
 * ck_ring; TSan builds (TESSERA_C11_RING, set by meson.build) use a C11-atomics ring with the same
 * semantics, because ThreadSanitizer cannot see the ordering in ck's inline assembly and would
 * report every message handed over as a race. */
#include <stdatomic.h>
#include <string.h>

#include "tessera/mailbox.h"
#include "tessera/mem.h"

#ifdef TESSERA_C11_RING

/* Free-running indices, masked on use: the producer owns tail, the consumer owns head. A release
 * store of its own index publishes the slot it wrote (producer) or freed (consumer); the other
 * side's acquire load of that index makes the slot safe to read or to overwrite. Like ck_ring,
 * it holds at most size - 1 messages. */
struct spsc_ring {
    _Atomic unsigned head; /* next slot to read; written by the consumer */
    char pad_head[64 - sizeof(unsigned)];
    _Atomic unsigned tail; /* next slot to write; written by the producer */
    char pad_tail[64 - sizeof(unsigned)];
    unsigned mask;
    void **slots;
};

static void ring_init(struct spsc_ring *r, unsigned size)
{
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    r->mask = size - 1;
    r->slots = mem_calloc(size, sizeof(void *));
}

static void ring_destroy(struct spsc_ring *r)
{
    mem_free(r->slots);
}

static bool ring_push(struct spsc_ring *r, void *msg)
{
    unsigned tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    unsigned head = atomic_load_explicit(&r->head, memory_order_acquire);
    if (tail - head >= r->mask) return false;
    r->slots[tail & r->mask] = msg;
    atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
    return true;
}

static void *ring_pop(struct spsc_ring *r)
{
    unsigned head = atomic_load_explicit(&r->head, memory_order_relaxed);
    unsigned tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head == tail) return NULL;
    void *msg = r->slots[head & r->mask];
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    return msg;
}

static unsigned ring_size(struct spsc_ring *r)
{
    unsigned head = atomic_load_explicit(&r->head, memory_order_acquire);
    unsigned tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    return (tail - head) & r->mask;
}

#else

#include <ck_ring.h>

struct spsc_ring {
    ck_ring_t ring;
    ck_ring_buffer_t *buf;
};

static void ring_init(struct spsc_ring *r, unsigned size)
{
    r->buf = mem_calloc(size, sizeof(ck_ring_buffer_t));
    ck_ring_init(&r->ring, size);
}

static void ring_destroy(struct spsc_ring *r)
{
    mem_free(r->buf);
}

static bool ring_push(struct spsc_ring *r, void *msg)
{
    return ck_ring_enqueue_spsc(&r->ring, r->buf, msg);
}

static void *ring_pop(struct spsc_ring *r)
{
    void *msg;
    return ck_ring_dequeue_spsc(&r->ring, r->buf, &msg) ? msg : NULL;
}

static unsigned ring_size(struct spsc_ring *r)
{
    return ck_ring_size(&r->ring);
}

#endif

struct mailbox {
    char pad_head[64];
    struct spsc_ring ring;
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
        ring_init(&b->ring, size);
        m->boxes[i] = b;
    }
    return m;
}

void mailbox_mesh_free(struct mailbox_mesh *m)
{
    if (!m) return;
    for (int i = 0; i < m->n * m->n; i++) {
        ring_destroy(&m->boxes[i]->ring);
        mem_free(m->boxes[i]);
    }
    mem_free(m);
}

/* Sending hands msg's ownership to worker `to`; on false the sender still owns it. */
bool mailbox_send(struct mailbox_mesh *m, int from, int to, void *msg)
{
    return ring_push(&m->boxes[from * m->n + to]->ring, msg);
}

void *mailbox_recv(struct mailbox_mesh *m, int from, int to)
{
    return ring_pop(&m->boxes[from * m->n + to]->ring);
}

unsigned mailbox_pending(struct mailbox_mesh *m, int from, int to)
{
    return ring_size(&m->boxes[from * m->n + to]->ring);
}
