/* Server life cycle: starts the workers and the mailbox mesh, waits for SIGTERM/SIGINT (or a
 * SHUTDOWN command), then stops every worker in order. Main thread. */
#ifndef TESSERA_SERVER_H
#define TESSERA_SERVER_H

/* Runs the server until shutdown; returns the process exit code. */
int server_run(void);

#endif
