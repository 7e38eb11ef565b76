/* maxmemory on the workers: each evicts from its own shard between requests while the server is
 * over the budget and says whether it has keys left to evict; a command that may grow memory is
 * refused with -OOM only when no shard can evict. Worker threads. */
#ifndef TESSERA_EVICTING_H
#define TESSERA_EVICTING_H

struct worker;

/* A loop turn's share (maxmemory set, the worker's shard free, not loading); 1 when the server
 * is still over the budget and this shard has keys to give: the loop goes on without sleeping. */
int evicting_turn(struct worker *w);
/* Before a denyoom command of one of w's clients: 1 when it must be refused with -OOM. */
int evicting_refuses(struct worker *w);

#endif
