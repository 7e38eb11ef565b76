/* Listening sockets: one set per worker, all bound to the same addresses with SO_REUSEPORT so
 * the kernel spreads connections over workers. Called by main before workers start. */
#ifndef TESSERA_LISTENER_H
#define TESSERA_LISTENER_H

#include <stddef.h>

/* Opens a listening socket for every address of g_config.bind on g_config.port. Returns how
 * many (0 with err set when none could be opened or a mandatory one failed). */
int listener_open_all(int *fds, int max, char *err, size_t errlen);
/* The same on another port (the metrics endpoint's). */
int listener_open_port(int *fds, int max, int port, char *err, size_t errlen);

#endif
