/* The mailbox mesh: one single-producer single-consumer ring (ck_ring) for every ordered pair of
 * workers, so no two threads ever contend on a ring. A message is a pointer; sending it hands
 * the pointed-to object over to the receiving thread. Thread-safe by construction: only worker
 * `from` sends on (from, to), only worker `to` receives on it. */
#ifndef TESSERA_MAILBOX_H
#define TESSERA_MAILBOX_H

#include <stdbool.h>
#include <stddef.h>

struct mailbox_mesh;

/* n workers, each ring holding up to size-1 messages (size a power of two). */
struct mailbox_mesh *mailbox_mesh_new(int n, unsigned size);
void mailbox_mesh_free(struct mailbox_mesh *m);
/* False when the ring is full: the sender keeps the message and retries (back-pressure). */
bool mailbox_send(struct mailbox_mesh *m, int from, int to, void *msg);
/* The next message from `from` to `to`, or NULL. */
void *mailbox_recv(struct mailbox_mesh *m, int from, int to);
/* Messages waiting on (from, to); exact for the consumer, a lower bound for others. */
unsigned mailbox_pending(struct mailbox_mesh *m, int from, int to);

#endif
